// editing.mjs: internal audit corrects and settles the register in a real
// browser: it changes a recommendation's recorded fields (the owner chosen from
// the names the register knows, the rating from the scales), is refused an
// empty recommendation with the GOV.UK error summary and what it typed kept,
// and reads each change in the history with its old and new value; it accepts
// several updates from the review queue in one go, and accepts one and closes
// its recommendation in one step, refused until the evidence seen is stated; and
// it changes the policy on the settings page, a wrong value refused. Each new
// page is checked at 1280 and 375 px: axe-core, no word split across lines in a
// table cell, no page wider than the window; screenshots in build/screenshots/.
//
// Not for: who may reach each route (test/e2e/web_matrix.sh) or what is
// journalled, exactly (test/e2e/web_edit.sh).
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/editing.mjs

import {
  at, step, check, mustContain, banner, newPage, signIn, run, bothWidths,
} from './lib.mjs';

const PW = 'staple-battery-horse-9\n';
const TEXT = 'Reconcile the payroll to the general ledger every month';

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['audit', 'add', '--title', 'Payroll', '--date', '2024-01-15', '--directorate', 'Resources']);
  at(['audit', 'add', '--title', 'Fleet', '--date', '2024-02-01', '--directorate', 'Places']);
  at(['rec', 'add', '--audit', '1', '--ref', '1', '--target', '2024-06-30', '--text', TEXT,
      '--title', 'Payroll reconciliation', '--owner', 'Payroll manager', '--risk', 'M']);
  at(['rec', 'add', '--audit', '2', '--ref', '2', '--target', '2024-09-30', '--text',
      'Service the vans on schedule', '--owner', 'Fleet manager', '--theme', 'Vehicles',
      '--exec-member', 'Councillor Ahmed']);
  at(['rec', 'add', '--audit', '1', '--ref', '3', '--target', '2024-09-30', '--text',
      'Sign the reconciliations', '--owner', 'Payroll manager']);
  at(['rec', 'add', '--audit', '1', '--ref', '4', '--target', '2024-10-31', '--text',
      'Keep the signed reconciliations', '--owner', 'Payroll manager']);
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW);
  at(['user', 'add', 'owner', '--role', 'owner', '--name', 'Olive Owner', '--owner-as',
      'Payroll manager'], PW);
}

// axe, the layout checks and a screenshot at 1280 and 375 px.
async function editStory(base) {
  const aud = await newPage(base);
  const owner = await newPage(base);
  await step('auditor signs in', () => signIn(aud, 'auditor', 'Ann Auditor', '/my'));
  await step('owner signs in', () => signIn(owner, 'owner', 'Olive Owner', '/my'));
  await step('only internal audit is offered the change', async () => {
    await owner.goto('/recs/1');
    check(await owner.locator('a[href="/recs/1/edit"]').count() === 0,
          'the owner is offered the change link');
    const res = await owner.goto('/recs/1/edit');
    check(res.status() === 403, `the owner's GET /recs/1/edit gave ${res.status()}`);
    await aud.goto('/recs/1');
    await Promise.all([aud.waitForURL('**/recs/1/edit'),
                       aud.getByRole('link', { name: /Change the recommendation/ }).click()]);
    await mustContain(aud, ['Change the recommendation', 'Save changes'], 'the form');
  }, ['auditor signs in', 'owner signs in']);
  await step('the form shows what is recorded and suggests the names the register knows',
    async () => {
      check(await aud.getByLabel('Owner (optional)').inputValue() === 'Payroll manager',
            'the owner field does not show the recorded owner');
      check(await aud.getByLabel('Directorate (optional)').inputValue() === 'Resources',
            'the directorate field does not show the audit\'s directorate');
      const people = await aud.locator('datalist#people option').evaluateAll(
        (os) => os.map((o) => o.value));
      check(JSON.stringify(people) === JSON.stringify(
        ['Councillor Ahmed', 'Fleet manager', 'Payroll manager']),
      `the people suggested are ${people.join(', ')}`);
      const list = await aud.getByLabel('Owner (optional)').getAttribute('list');
      check(list === 'people', `the owner field suggests from "${list}"`);
      const risk = await aud.getByLabel('Risk rating').inputValue();
      check(risk === 'M', `the rating shown is "${risk}"`);
    }, ['only internal audit is offered the change']);
  await bothWidths(aud, 'change a recommendation', 'editing');
  await step('an empty recommendation is refused, what was typed kept', async () => {
    await aud.getByLabel('Owner (optional)').fill('Fleet manager');
    await aud.getByLabel('Recommendation', { exact: true }).fill('');
    const [res] = await Promise.all([
      aud.waitForResponse((r) => r.url().endsWith('/recs/1/edit') && r.request().method() === 'POST'),
      aud.getByRole('button', { name: 'Save changes' }).click()]);
    check(res.status() === 422, `POST /recs/1/edit gave ${res.status()}, not 422`);
    await aud.waitForLoadState();
    const sum = aud.locator('.govuk-error-summary');
    await sum.waitFor();
    const s = await sum.innerText();
    check(s.includes('There is a problem') && s.includes('text cannot be empty'),
          `error summary: ${s}`);
    check(await sum.locator('a[href="#body"]').count() === 1, 'the summary does not link to #body');
    check(await aud.locator('#body-error').count() === 1, 'no error message by the field');
    check(await aud.getByLabel('Owner (optional)').inputValue() === 'Fleet manager',
          'the owner typed was not kept');
  }, ['the form shows what is recorded and suggests the names the register knows']);
  await bothWidths(aud, 'change a recommendation refused', 'editing');
  await step('the change is saved and the history tells the old and new value', async () => {
    await aud.getByLabel('Recommendation', { exact: true }).fill(TEXT);
    await aud.getByLabel('Theme (optional)').fill('Payroll controls');
    await aud.getByLabel('Risk rating').selectOption('E');
    await Promise.all([aud.waitForURL('**/recs/1'),
                       aud.getByRole('button', { name: 'Save changes' }).click()]);
    await banner(aud, 'Recommendation changed: Owner, Theme, Risk rating');
    const main = await aud.locator('main').innerText();
    const hist = main.slice(main.indexOf('\nHistory\n'));
    for (const t of ['Owner changed', 'Payroll manager', 'Fleet manager', 'Theme recorded',
                     'Payroll controls', 'Risk rating changed to Essential (E)', 'Medium (M)']) {
      check(hist.includes(t), `the history lacks "${t}": ${hist.slice(0, 600)}`);
    }
    check(!/[{}]/.test(hist.split('Journal')[0]), 'the history in words shows JSON');
  }, ['an empty recommendation is refused, what was typed kept']);
  await bothWidths(aud, 'recommendation after a change', 'editing');
}

async function reviewStory(base) {
  const aud = await newPage(base);
  const owner = await newPage(base);
  await step('review: the owner sends three updates', async () => {
    await signIn(owner, 'owner', 'Olive Owner', '/my');
    for (const [id, text] of [[3, 'July reconciled'], [3, 'August reconciled'],
      [4, 'September reconciled and signed']]) {
      await owner.goto(`/recs/${id}`);
      await owner.getByLabel('What has been done').fill(text);
      await Promise.all([owner.waitForURL(`**/recs/${id}`),
                         owner.getByRole('button', { name: 'Send the update' }).click()]);
      await banner(owner, 'Update sent');
    }
  });
  await step('review: internal audit accepts two updates in one go', async () => {
    await signIn(aud, 'auditor', 'Ann Auditor', '/my');
    await aud.goto('/review');
    const cards = aud.locator('.govuk-summary-card');
    check(await cards.count() === 3, `${await cards.count()} cards, not 3`);
    for (const t of ['July reconciled', 'August reconciled']) {
      await aud.locator('.govuk-summary-card', { hasText: t })
        .getByLabel('Choose this update to accept with others').check();
    }
    await Promise.all([aud.waitForURL('**/review'),
                       aud.getByRole('button', { name: 'Accept the chosen updates' }).click()]);
    await banner(aud, '2 updates accepted');
    check(await cards.count() === 1, `${await cards.count()} cards left, not 1`);
  }, ['review: the owner sends three updates']);
  await bothWidths(aud, 'review queue', 'editing');
  await step('review: accepting and closing needs the evidence seen', async () => {
    const card = aud.locator('.govuk-summary-card', { hasText: 'September reconciled' });
    await card.getByText('Accept and record an opinion, or close').click();
    await card.getByLabel('Comment').fill('Signed by the finance manager');
    const [res] = await Promise.all([
      aud.waitForResponse((r) => r.url().endsWith('/accept-and')),
      card.getByRole('button', { name: 'Accept and close as implemented' }).click()]);
    check(res.status() === 422, `closing with nothing stated gave ${res.status()}`);
    await aud.waitForLoadState();
    const sum = aud.locator('.govuk-error-summary');
    await sum.waitFor();
    check(await sum.locator('a[href="#evidence_seen"]').count() === 1,
          'the error summary does not link to the evidence seen');
    check(await aud.locator('#opinion_text').inputValue() === 'Signed by the finance manager',
          'the comment typed was not kept');
  }, ['review: internal audit accepts two updates in one go']);
  await bothWidths(aud, 'review queue refused', 'editing');
  await step('review: accepted and closed in one step', async () => {
    await aud.locator('#evidence_seen').fill('Signed reconciliation for September seen');
    await Promise.all([aud.waitForURL('**/review'),
                       aud.getByRole('button', { name: 'Accept and close as implemented' }).click()]);
    await banner(aud, 'Update accepted and recommendation closed as implemented');
    await aud.goto('/recs/4');
    const st = await aud.locator('#rec-state').innerText();
    check(st.includes('Closed'), `recommendation 4 is "${st}"`);
  }, ['review: accepting and closing needs the evidence seen']);
}

async function settingsStory(base) {
  const aud = await newPage(base);
  await step('settings: internal audit opens the policy from the navigation', async () => {
    await signIn(aud, 'auditor', 'Ann Auditor', '/my');
    await Promise.all([aud.waitForURL('**/admin/policy'),
                       aud.locator('nav').getByRole('link', { name: 'Settings' }).click()]);
    await mustContain(aud, ['The policy', 'Overdue bands', 'Escalation ladder',
                            'Red after this many months overdue'], 'the policy page');
    const n = await aud.locator('form.at-setting').count();
    check(n === at(['policy', 'show']).split('\n').filter((l) => /^[a-z-]+ = /.test(l)).length,
          `${n} settings on the page, not one per policy key`);
  });
  await bothWidths(aud, 'policy settings', 'editing');
  await step('settings: a wrong value is refused, what was typed kept', async () => {
    const red = aud.getByLabel('Red after this many months overdue');
    await red.fill('nine');
    const form = aud.locator('form.at-setting', { has: red });
    const [res] = await Promise.all([
      aud.waitForResponse((r) => r.url().endsWith('/admin/policy') && r.request().method() === 'POST'),
      form.getByRole('button', { name: /^Save/ }).click()]);
    check(res.status() === 422, `POST /admin/policy gave ${res.status()}`);
    await aud.waitForLoadState();
    const sum = aud.locator('.govuk-error-summary');
    await sum.waitFor();
    check((await sum.innerText()).includes('must be a whole number'), 'no reason in the summary');
    await sum.locator('a[href="#value"]').click();
    check(await aud.evaluate(() => document.activeElement.value) === 'nine',
          'the summary link does not lead to the field with what was typed');
  }, ['settings: internal audit opens the policy from the navigation']);
  await bothWidths(aud, 'policy settings refused', 'editing');
  await step('settings: the change is saved', async () => {
    await aud.locator('#value').fill('9');
    await Promise.all([aud.waitForURL('**/admin/policy'),
                       aud.locator('form.at-setting', { has: aud.locator('#value') })
                         .getByRole('button', { name: /^Save/ }).click()]);
    await banner(aud, 'Red after this many months overdue: now 9');
    check(at(['policy', 'show', 'rag-red-months']).trim() === '9', 'the policy was not changed');
  }, ['settings: a wrong value is refused, what was typed kept']);
  await step('settings: a setting of a few words is chosen, not typed', async () => {
    const group = aud.getByRole('group', { name: 'What overdue is measured from' });
    check(await group.getByRole('radio', { name: 'original' }).isChecked(),
          'the current value is not the one chosen');
    await group.getByRole('radio', { name: 'current' }).check();
    await Promise.all([aud.waitForURL('**/admin/policy'),
                       aud.locator('form.at-setting', { has: group })
                         .getByRole('button', { name: /^Save/ }).click()]);
    await banner(aud, 'What overdue is measured from: now current');
    check(at(['policy', 'show', 'basis']).trim() === 'current', 'the basis was not changed');
    check(await aud.getByRole('group', { name: 'What overdue is measured from' })
      .getByRole('radio', { name: 'current' }).isChecked(), 'the page does not show the new value');
    at(['policy', 'set', 'basis', 'original']);
  }, ['settings: the change is saved']);
  await step('settings: a cut-off for the follow-up population leaves the older audit out', async () => {
    // Audit 1 (recommendations 1, 3 and 4) is dated 15 January 2024, audit 2
    // (recommendation 2) 1 February 2024: from 1 February only recommendation 2 is followed up.
    const from = aud.getByLabel('Follow up recommendations made from');
    check(await from.inputValue() === 'none', `the cut-off reads "${await from.inputValue()}"`);
    await from.fill('1 February 2024');
    await Promise.all([aud.waitForURL('**/admin/policy'),
                       aud.locator('form.at-setting', { has: from })
                         .getByRole('button', { name: /^Save/ }).click()]);
    await banner(aud, 'Follow up recommendations made from: now 2024-02-01');
    check(at(['policy', 'show', 'population-from']).trim() === '2024-02-01', 'the cut-off was not set');
    await aud.goto('/recs?status=all&sort=id');
    const ids = await aud.locator('tbody tr td:first-child').allInnerTexts();
    check(JSON.stringify(ids.map((t) => t.trim())) === '["2"]', `the list shows ${ids.join(', ')}`);
    await aud.goto('/recs/1');
    const st = await aud.locator('#rec-state').innerText();
    check(st.includes('Not followed up') && st.includes('made on 15 January 2024, before the follow-up population starts on 1 February 2024'),
          `recommendation 1 says "${st}"`);
    await mustContain(aud, ['Outside the follow-up population'], 'the page of one left out');
  }, ['settings: the change is saved']);
  await bothWidths(aud, 'outside the follow-up population', 'editing');
  await step('settings: the cut-off set back to none', async () => {
    at(['policy', 'set', 'population-from', 'none']);
    await aud.goto('/recs/1');
    check(!(await aud.locator('#rec-state').innerText()).includes('Not followed up'),
          'recommendation 1 is still left out');
    await aud.goto('/admin/policy');
  }, ['settings: a cut-off for the follow-up population leaves the older audit out']);
  await step('settings: the risk scales, and one added', async () => {
    // The policy's own words link to the scales, as the settings' links do.
    await aud.getByRole('link', { name: 'risk scales' }).first().click();
    await mustContain(aud, ['Risk scales', 'Essential', 'Add a risk scale'], 'the scales page');
    await aud.getByLabel('Name', { exact: true }).fill('Provider');
    await aud.getByLabel('Ratings, most severe first').fill(
      'P1: Priority 1: Fundamental weakness\nP2: Priority 2: Significant weakness');
    await Promise.all([aud.waitForURL('**/admin/scales'),
                       aud.getByRole('button', { name: 'Add the scale' }).click()]);
    await banner(aud, 'Risk scale Provider added with 2 ratings');
    await mustContain(aud, ['Fundamental weakness'], 'the scales page after adding');
  }, ['settings: internal audit opens the policy from the navigation']);
  await bothWidths(aud, 'risk scales', 'editing');
}

async function listStory(base) {
  const aud = await newPage(base);
  await step('list: worst overdue first, a heading sorts, the filters stay', async () => {
    await signIn(aud, 'auditor', 'Ann Auditor', '/my');
    await aud.goto('/recs?status=all');
    const th = aud.locator('th[aria-sort]');
    check(await th.count() === 1 && (await th.getAttribute('aria-sort')) === 'descending',
          'the list is not marked as sorted by months overdue, worst first');
    check((await th.innerText()).includes('Months overdue'), `sorted by ${await th.innerText()}`);
    await Promise.all([aud.waitForURL(/sort=owner/),
                       aud.locator('thead').getByRole('link', { name: /^Owner/ }).click()]);
    check(new URL(aud.url()).searchParams.get('status') === 'all', 'the filter was lost');
    const owners = await aud.locator('tbody tr td:nth-child(5)').allInnerTexts();
    const sorted = [...owners].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    check(JSON.stringify(owners) === JSON.stringify(sorted), `owners in order ${owners.join(', ')}`);
    check(await aud.getByLabel('Sort by').inputValue() === 'owner', 'the form forgot the sort');
  });
  await bothWidths(aud, 'list sorted by owner', 'editing');
  await step('list: on a phone each card names its columns without the sort words', async () => {
    await aud.setViewportSize({ width: 375, height: 800 });
    const label = await aud.locator('tbody tr').first().locator('td').nth(4)
      .getAttribute('data-label');
    check(label === 'Owner', `the owner's cell is labelled "${label}"`);
    await aud.setViewportSize({ width: 1280, height: 800 });
  }, ['list: worst overdue first, a heading sorts, the filters stay']);
}

run(setUp, async (base) => {
  await listStory(base);
  await editStory(base);
  await reviewStory(base);
  await settingsStory(base);
});
