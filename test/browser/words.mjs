// words.mjs: the head of audit's words for a reporting cycle in a real browser:
// internal audit opens a cycle's Words page from the cycles page, previews words
// with a heading, bold, a list, a link, a placeholder and hostile text (rendered, the
// hostile text shown as typed, nothing stored), is refused an unknown placeholder with
// the GOV.UK error summary naming the line and column and its words kept, saves the
// commentary on an audit, and the committee reads it without a form (nor a Remove
// button); internal audit removes it: the words shown and asked first, then removed. Each page is
// checked at 1280 and 375 px: axe-core, no word split across lines in a table, no page
// wider than the window, the Save button within the first screen of the form;
// screenshots in build/screenshots/.
//
// Not for: who may reach the routes (test/e2e/web_matrix.sh) or the words in packs
// (test/e2e/narrative.sh).
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/words.mjs

import path from 'node:path';

import {
  ROOT, at, step, check, mustContain, newPage, signIn, run, bothWidths,
} from './lib.mjs';

const PW = 'staple-battery-horse-9\n';
const FEB = 'Audit Committee 15 February 2022';

function setUp() {
  at(['init', '--org', 'Manchester City Council']);
  at(['import', '--quiet', '--map', path.join(ROOT, 'examples', 'manchester.map'),
      path.join(ROOT, 'examples', 'seed-trackers', '004.csv')]);
  at(['cycle', 'add', 'Audit Committee 15 November 2021', '--as-at', '2021-11-15']);
  at(['cycle', 'add', FEB, '--as-at', '2022-02-15']);
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW);
  at(['user', 'add', 'committee', '--role', 'committee', '--name', 'Cara Committee'], PW);
}

run(setUp, async (base) => {
  const aud = await newPage(base);
  const com = await newPage(base);
  await step('auditor signs in', () => signIn(aud, 'auditor', 'Ann Auditor', '/my'));
  await step('committee signs in', () => signIn(com, 'committee', 'Cara Committee', '/dashboard'));
  await step('the cycles page links each cycle to its words', async () => {
    await aud.goto('/cycles');
    await Promise.all([aud.waitForURL('**/cycles/words?cycle=*'),
                       aud.getByRole('link', { name: `Words for ${FEB}` }).click()]);
    await mustContain(aud, ["The head of audit's words", FEB, 'No words are stored for this cycle.',
                            'Write or replace words'], 'the words page');
  }, ['auditor signs in']);
  await bothWidths(aud, 'words page', 'words');
  await step('a preview renders the words and stores nothing', async () => {
    await aud.getByLabel('Part', { exact: true }).fill('introduction');
    await aud.getByLabel('Words', { exact: true }).fill(
      '# Our view\n**{open}** open <script>alert(1)</script>\n\n- [the plan](https://example.org/p)');
    await aud.getByRole('button', { name: 'Preview' }).click();
    await aud.locator('.at-words h3').first().waitFor();
    check(await aud.locator('.at-words h3').first().innerText() === 'Our view', 'no heading');
    check(await aud.locator('.at-words strong').first().innerText() === '{open}', 'no bold');
    const p = await aud.locator('.at-words p').first().innerText();
    check(p.includes('<script>alert(1)</script>'), `the hostile text reads "${p}"`);
    check(await aud.locator('.at-words a[href="https://example.org/p"]').innerText() === 'the plan',
          'no link');
    check(await aud.getByLabel('Words', { exact: true }).inputValue() !== '', 'the words were lost');
    check(at(['cycle', 'text-show', FEB]) === '', 'a preview stored the words');
  }, ['the cycles page links each cycle to its words']);
  await bothWidths(aud, 'words preview', 'words');
  await step('an unknown placeholder is refused, the words kept', async () => {
    await aud.getByLabel('Words', { exact: true }).fill('see {opne}');
    await aud.getByRole('button', { name: 'Preview' }).click();
    await aud.locator('.govuk-error-summary').waitFor();
    await mustContain(aud, ['line 1, column 5: unknown placeholder {opne}'], 'the error');
    check(await aud.getByLabel('Words', { exact: true }).inputValue() === 'see {opne}',
          'the words were not kept');
  }, ['a preview renders the words and stores nothing']);
  await bothWidths(aud, 'words refused', 'words');
  await step('the commentary on an audit is saved and shown', async () => {
    await aud.getByLabel('Part', { exact: true }).fill('commentary');
    await aud.getByLabel('Audit (for commentary on one audit)').selectOption({ label: 'Section 106' });
    await aud.getByLabel('Words', { exact: true }).fill('The database is **in place**.');
    const save = aud.getByRole('button', { name: 'Save the words' });
    const box = await save.boundingBox();
    check(box && box.y < 2000, 'the Save button is far down the page');
    await Promise.all([aud.waitForURL('**/cycles/words?cycle=*'), save.click()]);
    await mustContain(aud, ['Words saved', 'commentary: Section 106', 'The database is in place.'],
                      'the saved words');
    check(await aud.getByRole('button', { name: 'Remove the commentary on Section 106' })
      .count() === 1, 'no Remove button under the saved words');
  }, ['an unknown placeholder is refused, the words kept']);
  await bothWidths(aud, 'words saved', 'words');
  await step('the committee reads the words, with no form', async () => {
    await com.goto(`/cycles/words?cycle=${encodeURIComponent(FEB)}`);
    await mustContain(com, ['commentary: Section 106', 'The database is in place.'], 'the words');
    check(await com.locator('form[action="/cycles/words"]').count() === 0, 'a form for the committee');
  }, ['committee signs in', 'the commentary on an audit is saved and shown']);
  await bothWidths(com, 'words read by the committee', 'words');
  await step('the committee has no Remove button', async () => {
    check(await com.locator('form[action="/cycles/words/remove"]').count() === 0,
          'a Remove button for the committee');
  }, ['the committee reads the words, with no form']);
  await step('Remove shows the words and asks first', async () => {
    await aud.setViewportSize({ width: 1280, height: 800 });
    const remove = aud.getByRole('button', { name: 'Remove the commentary on Section 106' });
    await remove.click();
    await aud.getByRole('heading', { name: 'Remove the commentary on Section 106?' }).waitFor();
    await mustContain(aud, [FEB, 'The database is in place.', 'No, keep them'], 'the question');
    const yes = aud.getByRole('button', { name: 'Yes, remove them' });
    const box = await yes.boundingBox();
    check(box && box.y + box.height <= 800, `"Yes, remove them" below the first screen (${box && box.y})`);
    check(at(['cycle', 'text-show', FEB]).includes('The database is **in place**.'),
          'the words went before the answer');
  }, ['the commentary on an audit is saved and shown']);
  await bothWidths(aud, 'remove words asked', 'words');
  await step('"Yes, remove them" removes them', async () => {
    await Promise.all([aud.waitForURL('**/cycles/words?cycle=*'),
                       aud.getByRole('button', { name: 'Yes, remove them' }).click()]);
    await mustContain(aud, ['Words removed', 'No words are stored for this cycle.'], 'the words page');
    check(at(['cycle', 'text-show', FEB]) === '', 'the words are still stored');
    check(at(['log']).includes('cycle.text-remove'), 'the removal is not journalled');
  }, ['Remove shows the words and asks first']);
  await bothWidths(aud, 'words removed', 'words');
});
