// returned.mjs: a tracker returned by the services, read into the review queue from the
// browser. The register holds five recommendations as at 30/09/2024; the services send
// back the tracker (with auditrack's id column) as at 31/12/2024 with a new update on
// recommendation 1, a later target for 2 (31/03/2025 for 31/12/2024), an earlier one for
// 3 (31/07/2024 for 31/08/2024) and "Implemented" on 4. The check page starts with what the
// tracker brings (5 rows, all matched; 1 update, 2 target dates, 1 later, 1 closure) and the
// choice with Import now, on the first screen at 375 px, the rows after. It offers "Send the
// services' updates to the review queue" and says 1 update and 1 date request would wait
// and 2 changes (3's date, 4's opinion) are left for internal audit; chosen, Import now
// leads to the review queue, where the update's card says which tracker and row it came
// from, and recommendation 4 is still open. Each page at 1280 and 375 px: axe-core, no
// word split across lines, no page wider than the window; screenshots in build/screenshots/.
//
// Not for: the import's rules (test/e2e/import_review.sh).
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/returned.mjs

import fs from 'node:fs';
import path from 'node:path';

import {
  DIR, at, step, check, mustContain, newPage, signIn, run, bothWidths, noSidewaysScroll,
  onFirstScreen,
} from './lib.mjs';

const PW = 'staple-battery-horse-9\n';
const HEAD = 'as_at_date,audit_title,audit_date,rec_ref,recommendation,risk_label,'
  + 'original_due_date,current_target_date,latest_update,ia_opinion';
const RECS = [
  ['Payroll,2024-03-01,1,Reconcile payroll to the ledger monthly,H,2024-06-30', '2024-06-30',
   'Started', 'Not implemented'],
  ['Payroll,2024-03-01,2,Remove leavers from the payroll promptly,M,2024-12-31', '2024-12-31',
   'Planned', 'Not implemented'],
  ['Payroll,2024-03-01,3,Approve overtime before payment,M,2024-08-31', '2024-08-31', '',
   'Partially implemented'],
  ['Procurement,2024-04-15,1,Keep a register of contracts,H,2024-07-31', '2024-07-31',
   'Drafting', 'Not implemented'],
  ['Procurement,2024-04-15,2,Check bank details before changing them,M,2025-03-31',
   '2025-03-31', '', 'Not implemented'],
];
const RETURNED = {
  1: { update: 'Reconciliations done every month since October' },
  2: { target: '2025-03-31' },
  3: { target: '2024-07-31' },
  4: { opinion: 'Implemented' },
};

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW);
  const q1 = RECS.map(([fixed, target, update, opinion]) =>
    `2024-09-30,${fixed},${target},${update},${opinion}`);
  fs.writeFileSync(path.join(DIR, 'q1.csv'), [HEAD, ...q1, ''].join('\n'));
  at(['import', path.join(DIR, 'q1.csv')]);
  const back = RECS.map(([fixed, target, update, opinion], i) => {
    const c = RETURNED[i + 1] ?? {};
    return `2024-12-31,${fixed},${c.target ?? target},${c.update ?? update},`
      + `${c.opinion ?? opinion},${i + 1}`;
  });
  fs.writeFileSync(path.join(DIR, 'back.csv'), [`${HEAD},auditrack_id`, ...back, ''].join('\n'));
}

run(setUp, async (base) => {
  const aud = await newPage(base);
  await step('auditor signs in', () => signIn(aud, 'auditor', 'Ann Auditor', '/my'));
  await step('the returned tracker is checked, with the review queue offered', async () => {
    await aud.goto('/import');
    await aud.setInputFiles('#tracker', path.join(DIR, 'back.csv'));
    await aud.getByRole('button', { name: 'Check the tracker' }).click();
    await aud.locator('h1').waitFor();
    check(await aud.locator('h1').innerText() === 'Check the import', 'not the check');
    await mustContain(aud, ['Matches to the register',
                            'left for internal audit: opinion: Implemented (closes it)',
                            'left for internal audit: target 31/07/2024'], 'the check');
    check(await aud.locator('[data-count="queued"]').innerText() === '1', 'not 1 update');
    check(await aud.locator('[data-count="date-requests"]').innerText() === '1',
          'not 1 date request');
    check(await aud.locator('[data-count="left"]').innerText() === '2', 'not 2 left');
    check(await aud.locator('#review-left li').count() === 2, 'not 2 listed as left');
    check(!(await aud.getByLabel("Send the services' updates to the review queue").isChecked()),
          'the review queue is chosen already');
    check(await aud.getByLabel('Record the changes in the register now').isChecked(),
          'recording now, what Import now does unless told, is not shown chosen');
    // What it brings, counted by hand from RETURNED: 5 rows, each by its auditrack_id; 1
    // update (1), 2 target dates (2 later, 3 earlier) and 1 closure (4, Implemented).
    const n = async (k) => aud.locator(`#returned-summary [data-count="${k}"]`).innerText();
    const got = [];
    for (const k of ['rows', 'matched', 'updates', 'dates', 'later', 'closures']) got.push(await n(k));
    check(got.join(' ') === '5 5 1 2 1 1', `rows, matched, updates, dates, later, closures: ${got}`);
    check(await aud.locator('#returned-summary [data-count="new"]').count() === 0, 'new rows said');
    // The decision before the rows; a second Import now after them submits the same form.
    const order = await aud.evaluate(() => ['#returned-summary', '#review', '#import-now button',
                                            '#matches', '#review-left']
      .map((q) => Math.round(document.querySelector(q).getBoundingClientRect().top)));
    check(order.every((y, i) => !i || order[i - 1] < y), `summary, choice, button, rows, left at ${order}`);
    check(await aud.locator('button[form="import-now"]').count() === 1, 'no Import now after the rows');
  }, ['auditor signs in']);
  await step('at 375 px the choice and its button are on the first screen', async () => {
    const box = await onFirstScreen(aud, aud.locator('#import-now button[type="submit"]'),
                                    'import-returned-check-375-first-screen');
    const r = await aud.getByLabel("Send the services' updates to the review queue").boundingBox();
    check(r && r.y < box.y, 'the review queue choice is not above its button');
    await noSidewaysScroll(aud);
    await aud.setViewportSize({ width: 1280, height: 800 });
  }, ['the returned tracker is checked, with the review queue offered']);
  await bothWidths(aud, 'returned check', 'import');
  await step('sent to the review queue', async () => {
    await aud.getByLabel("Send the services' updates to the review queue").check();
    await Promise.all([aud.waitForURL('**/review'),
                       aud.getByRole('button', { name: 'Import now' }).first().click()]);
    await mustContain(aud, ['1 update and 1 date request from back.csv wait for review; '
                            + '2 changes left for internal audit',
                            'From the returned tracker back.csv, row 1',
                            'Reconciliations done every month since October',
                            'From the returned tracker back.csv, row 2'], 'the queue');
    const show4 = at(['rec', 'show', '4', '--as-at', '2025-01-31']);
    check(show4.includes('  open; current target 31/07/2024'), 'recommendation 4 was closed');
    check(at(['rec', 'show', '2']).includes('0 revisions'), 'the date was revised');
  }, ['the returned tracker is checked, with the review queue offered']);
  await bothWidths(aud, 'returned review queue', 'import');
});
