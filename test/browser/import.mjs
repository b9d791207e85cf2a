// import.mjs: importing a tracker of another layout in a real browser: internal
// audit uploads a tracker headed Audit, No., Finding, Due by, Responsible officer,
// RAG and Comments; the page lists its columns with a sample of each and asks which
// holds each field (nothing guessed: none is a seed heading); leaving the audit's
// title out is refused with the GOV.UK error summary naming it; the status words
// page lists Green, Amber, Complete, Red and Will Not Implement with their meaning,
// refuses to go on while Red has none, and then checks the tracker; Import now keeps
// the map (it and what the tracker adds come before the details, on the first
// screen at 375 px), and next quarter's tracker with the same headings is checked at once
// with it, its five rows proposed as matches to the register; a seed tracker's
// "Fleet Review - Core Processes" beside "Fleet Review: Core Processes" is merged. Each page at 1280 and 375 px: axe-core, no word split across lines in a
// table, no page wider than the window; screenshots in build/screenshots/.
//
// Not for: who may reach the routes (test/e2e/web_matrix.sh, web_import_map.sh) or
// the map's text (test/e2e/web_import_map.sh).
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/import.mjs

import fs from 'node:fs';
import path from 'node:path';

import {
  DIR, at, step, check, mustContain, newPage, signIn, run, bothWidths, onFirstScreen,
} from './lib.mjs';

const PW = 'staple-battery-horse-9\n';
const HEAD = 'Audit,No.,Finding,Due by,Responsible officer,RAG,Comments';
const ROWS = [
  'Placement Finding - Review of Core Processes,1,Reconcile placement payments monthly,31/03/2024,Head of Placements,Green,Reconciliations now monthly',
  'Placement Finding - Review of Core Processes,2,Review contracts annually,30/06/2024,Head of Placements,Amber,Half reviewed',
  'Payroll,3,Remove leavers promptly,31/01/2024,Payroll manager,Complete,Done in January',
  'Payroll,4,Check overtime claims,30/09/2024,Payroll manager,Red,Not started',
  'Payroll,5,Publish the pay policy,31/12/2024,HR director,Will Not Implement,Policy replaced',
];

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW);
  fs.writeFileSync(path.join(DIR, 'rag.csv'), [HEAD, ...ROWS, ''].join('\n'));
  fs.writeFileSync(path.join(DIR, 'alike.csv'), [
    'audit_title,recommendation,original_due_date,as_at_date',
    'Fleet Review - Core Processes,Service vehicles,2024-03-31,2024-12-31',
    'Fleet Review: Core Processes,Log fuel,2024-06-30,2024-12-31',
    'Staff Travel,Approve claims,2024-01-31,2024-12-31', ''].join('\n'));
  fs.writeFileSync(path.join(DIR, 'fleet-q2.csv'), [
    'audit_title,recommendation,original_due_date,as_at_date',
    'FLEET REVIEW - CORE PROCESSES,Review tyres,2024-09-30,2025-03-31', ''].join('\n'));
  fs.writeFileSync(path.join(DIR, 'q2.csv'), [HEAD, ...ROWS.map((r) =>
    r.replace(',Amber,Half reviewed', ',Green,All reviewed')), ''].join('\n'));
}

async function upload(page, file, asAt) {
  await page.goto('/import');
  await page.setInputFiles('#tracker', path.join(DIR, file));
  await page.getByLabel("The tracker's date (optional)").fill(asAt);
  await page.getByRole('button', { name: 'Check the tracker' }).click();
  await page.locator('h1').waitFor();
}

/* Choose the spelling labelled label and Merge: the check again, with no titles
** that look alike left. Returns its count of audits. */
async function mergeInto(page, label) {
  await page.getByLabel(label).check();
  await page.getByRole('button', { name: 'Merge' }).click();
  await page.locator('[data-count="Audits"]').waitFor();
  check(await page.locator('#titles').count() === 0, 'the alike titles are still listed');
  return page.locator('[data-count="Audits"]').innerText();
}

run(setUp, async (base) => {
  const aud = await newPage(base);
  await step('auditor signs in', () => signIn(aud, 'auditor', 'Ann Auditor', '/my'));
  await step('a tracker of its own layout shows its columns', async () => {
    await upload(aud, 'rag.csv', '31/12/2024');
    check(await aud.locator('h1').innerText() === 'Check the columns', 'not the columns page');
    await mustContain(aud, ["The tracker's columns", 'Reconcile placement payments monthly',
                            'Which column holds each field'], 'the columns page');
    check(await aud.locator('select[id^="col_"]').count() === 35, 'not one select per field');
    // Guessed from headings other trackers use: each field's column is chosen already.
    const guessed = [['Audit title', '1'], ['Ref (optional)', '2'], ['Recommendation', '3'],
                     ['Original target date (optional)', '4'], ['Owner (optional)', '5'],
                     ["Status (internal audit's opinion) (optional)", '6'],
                     ['Latest update (optional)', '7']];
    for (const [label, value] of guessed) {
      check(await aud.getByLabel(label, { exact: true }).inputValue() === value,
            `${label} not guessed as column ${value}`);
    }
    await mustContain(aud, ['guesses from the headings, so check each one'], 'the guess said');
  }, ['auditor signs in']);
  await bothWidths(aud, 'import columns', 'import');
  await step('the audit title left out is named', async () => {
    await aud.getByLabel('Audit title', { exact: true }).selectOption('0');
    await aud.getByRole('button', { name: 'Use these columns' }).click();
    await aud.locator('.govuk-error-summary').waitFor();
    await mustContain(aud, ['Audit title: choose the column that holds it'], 'the error');
    check(await aud.getByLabel('Recommendation', { exact: true }).inputValue() === '3',
          'the choice was not kept');
  }, ['a tracker of its own layout shows its columns']);
  await bothWidths(aud, 'import columns refused', 'import');
  await step('the columns chosen lead to the status words', async () => {
    await aud.getByLabel('Audit title', { exact: true }).selectOption({ label: '1: Audit' });
    await aud.getByRole('button', { name: 'Use these columns' }).click();
    await aud.locator('h1').waitFor();
    check(await aud.locator('h1').innerText() === 'What the status words mean', 'not the words page');
    await mustContain(aud, ['3 words have no meaning yet', 'Not adopted (built-in word)',
                            'Implemented (built-in word)'], 'the words page');
    check(await aud.locator('tr[data-status-word]').count() === 5, 'not five words');
  }, ['the audit title left out is named']);
  await bothWidths(aud, 'import status words', 'import');
  await step('a word without a meaning is refused, then the check', async () => {
    await aud.getByLabel('What \u2018Green\u2019 means').selectOption('implemented');
    await aud.getByLabel('What \u2018Amber\u2019 means').selectOption('in_progress');
    await aud.getByRole('button', { name: 'Use these meanings' }).click();
    await aud.locator('.govuk-error-summary').waitFor();
    await mustContain(aud, ['Choose what \u2018Red\u2019 means'], 'the error');
    await aud.getByLabel('What \u2018Green\u2019 means').selectOption('implemented');
    await aud.getByLabel('What \u2018Amber\u2019 means').selectOption('in_progress');
    await aud.getByLabel('What \u2018Red\u2019 means').selectOption('not_started');
    await aud.getByRole('button', { name: 'Use these meanings' }).click();
    await aud.locator('h1').waitFor();
    check(await aud.locator('h1').innerText() === 'Check the import', 'not the check');
    await mustContain(aud, ['rag.csv has no problems',
                            'The columns are read with the columns and status words chosen'],
                      'the check');
    check(await aud.locator('[data-count="Recommendations"]').innerText() === '5', 'not 5');
    check(await aud.getByLabel(/Remember these columns/).isChecked(), 'save not offered ticked');
  }, ['the columns chosen lead to the status words']);
  await step('what it adds and Import now come first, on the first screen at 375 px', async () => {
    const order = await aud.evaluate(() => ['#import-summary', '#import-now button',
                                            '[data-count="Recommendations"]', '[data-status-word]',
                                            'button[form="import-now"]']
      .map((q) => Math.round(document.querySelector(q).getBoundingClientRect().top)));
    check(order.every((y, i) => !i || order[i - 1] < y),
          `summary, Import now, counts, words, second Import now at ${order}`);
    check((await aud.locator('#import-summary').innerText()).startsWith(
      'Importing it adds 5 recommendations in 2 audits'), 'the summary');
    await onFirstScreen(aud, aud.locator('#import-now button[type="submit"]'),
                        'import-check-375-first-screen');
    await aud.setViewportSize({ width: 1280, height: 800 });
  }, ['the columns chosen lead to the status words']);
  await bothWidths(aud, 'import check with map', 'import');
  await step('Import now keeps the map; next quarter is read with it', async () => {
    await Promise.all([aud.waitForURL('**/audits'),
                       aud.getByRole('button', { name: 'Import now' }).first().click()]);
    await mustContain(aud, ['Imported 5 recommendations in 2 audits; its column map is saved'],
                      'the notice');
    check(at(['log']).includes('import.map'), 'the kept map is not journalled');
    await upload(aud, 'q2.csv', '31/03/2025');
    check(await aud.locator('h1').innerText() === 'Check the import', 'not the check at once');
    await mustContain(aud, ['q2.csv has no problems',
                            'The columns are read with the column map saved for trackers with '
                            + 'these headings.', 'Matches to the register',
                            "by reference '2' in audit 'Placement Finding - Review of Core "
                            + "Processes'"], 'the next quarter');
    check(await aud.locator('tr[data-match]').count() === 5, 'not five proposed matches');
  }, ['a word without a meaning is refused, then the check']);
  await bothWidths(aud, 'import next quarter', 'import');
  await step('audit titles that look alike are merged', async () => {
    await upload(aud, 'alike.csv', '');
    await mustContain(aud, ['Audit titles that look alike',
                            '1 audit title differs from another in this tracker or in the register only in capitals'], 'the check');
    check(await aud.locator('[data-count="Audits"]').innerText() === '3', 'not 3 audits before');
  }, ['auditor signs in']);
  await bothWidths(aud, 'import alike titles', 'import');
  await step('Merge makes them one audit', async () => {
    check(await mergeInto(aud, 'Fleet Review: Core Processes (1 row)') === '2',
          'not 2 audits after');
    await aud.getByRole('button', { name: 'Import now' }).first().click();
    await aud.locator('.govuk-notification-banner').waitFor();
  }, ['audit titles that look alike are merged']);
  await step("next quarter's spelling is offered the register's", async () => {
    await upload(aud, 'fleet-q2.csv', '');
    await mustContain(aud, ['Audit titles that look alike',
                            'Fleet Review: Core Processes (in the register)',
                            'FLEET REVIEW - CORE PROCESSES (1 row)'], 'the check');
    const radio = aud.getByLabel('Fleet Review: Core Processes (in the register)');
    const box = await radio.boundingBox();
    check(box && box.width > 0, "the register's spelling is not shown");
  }, ['Merge makes them one audit']);
  await bothWidths(aud, 'import register spelling', 'import');
  await step("merged under the register's spelling, one audit", async () => {
    check(await mergeInto(aud, 'Fleet Review: Core Processes (in the register)') === '1',
          'not 1 audit');
  }, ["next quarter's spelling is offered the register's"]);
});
