// story.mjs: the web application's main story in a real browser (Debian's
// Chromium driven by playwright-core): an owner posts an update with evidence
// and asks for a new date, internal audit reviews both and closes the
// recommendation; internal audit rejects another update, which My actions then
// leads with (at 1280 and 375 px) and the owner's next e-mail tells (taken by an
// SMTP server on loopback), and closing that one with no evidence seen is
// refused; the audit committee reads the implemented report with a
// confidential recommendation withheld, and a bad date on the dashboard, the list
// or the reports gives the form again. Every page visited is checked with
// axe-core (WCAG 2.2 AA rules; serious or critical findings fail), the login
// page with the keyboard, and full-page screenshots are kept in
// build/screenshots/ (and copied to docs/screenshots/ when UPDATE_SCREENSHOTS=1).
//
// Not for: building anything (give it a binary in AUDITRACK), nor checking
// figures in depth (test/e2e/*.sh do that with curl); this checks that the
// pages work as pages: labels, buttons, uploads, banners, error summaries.
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/story.mjs
// Prints "ok NAME" or "FAIL NAME: reason" per case, then
// "browser: N passed, N failed"; exits 1 when any case failed. The harness
// (server, browser, cases, axe, layout checks) is lib.mjs.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, SHOTS, DOC_SHOTS, PW, DIR, DB, broken, shots, at, step, check, bodyText, mustContain,
  banner, axeCheck, axeSerious, noSidewaysScroll, shot, newPage, signIn, setCurrent,
  layoutProblems, bothWidths, run,
} from './lib.mjs';

// ---- the register the story runs on ----


const PDF = path.join(DIR, 'reconciliation.pdf');
const REC_TITLE = 'Monthly reconciliation';
const REC_TEXT = 'Reconcile the payroll to the general ledger every month';
const SECRET = 'Review the payroll supervisor access ZQX-7731';
const EVIDENCE = 'three signed reconciliations';
const NARRATIVE = 'July and August reconciliations signed by the payroll manager';
const DATE_REASON = 'The new payroll system goes live in the autumn';
const THEME_WAS = 'Financial control';
const THEME_NOW = 'Payroll control';
const REC3_TITLE = 'Leavers access';
const REC3_UPDATE = 'Leavers now removed within a week';
const REJECT_NOTE = 'No evidence yet: attach the leavers report for June';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const pad = (n) => String(n).padStart(2, '0');
const dayUK = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
const dayLong = (d) => `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`; // web_day(), html_appendf's %D
const TODAY = new Date();
const NEW_TARGET = new Date(TODAY.getFullYear(), TODAY.getMonth(), TODAY.getDate() + 120);
const MONTH_AGO = new Date(TODAY.getFullYear(), TODAY.getMonth() - 1, TODAY.getDate());

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['user', 'add', 'owner', '--role', 'owner', '--name', 'Olive Owner',
      '--owner-as', 'Payroll manager'], PW + '\n');
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW + '\n');
  at(['user', 'add', 'committee', '--role', 'committee', '--name', 'Colin Committee'], PW + '\n');
  at(['user', 'add', 'director', '--role', 'director', '--name', 'Dora Director',
      '--directorate', 'Resources'], PW + '\n');
  at(['user', 'add', 'admin', '--role', 'admin', '--name', 'Adam Admin'], PW + '\n');
  at(['audit', 'add', '--title', 'Payroll', '--directorate', 'Resources', '--date', '2024-01-15',
      '--assurance', 'limited']);
  at(['rec', 'add', '--audit', '1', '--ref', '1', '--title', REC_TITLE,
      '--text', REC_TEXT, '--target', '2024-06-30', '--owner', 'Payroll manager',
      '--directorate', 'Resources', '--risk', 'H', '--evidence', EVIDENCE]);
  at(['rec', 'add', '--audit', '1', '--ref', '2', '--text', SECRET, '--target', '2024-06-30',
      '--owner', 'Payroll manager', '--directorate', 'Resources', '--risk', 'H', '--confidential']);
  // A field edited twice: the history says what it was and what it became.
  at(['rec', 'set', '1', 'theme', THEME_WAS]);
  at(['rec', 'set', '1', 'theme', THEME_NOW]);
  // No evidence named: closing it still needs the evidence seen.
  at(['rec', 'add', '--audit', '1', '--ref', '3', '--title', REC3_TITLE,
      '--text', 'Remove leavers\' access within a week', '--target', '2030-06-30',
      '--owner', 'Payroll manager', '--directorate', 'Resources', '--risk', 'M']);
  // Implemented today too, so the implemented report has a line to withhold.
  at(['rec', 'close', '2', '--text', 'Supervisor access ZQX-7731 removed',
      '--evidence', 'access list ZQX-7731 reviewed', '--by', 'Ann Auditor']);
  fs.writeFileSync(PDF, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
}

const LONG_AUDIT = 'Client Financial Services (Appointeeships) and Safeguarding Arrangements';
const LONG_TITLE = 'The Director of Adult Services should ensure that a formal process is agreed '
  + 'and established for Mental Health Casework Compliance across the directorate';
const LONG_OWNER = 'Bernadette Enright, Executive Director of Adult Social Services';


/* Where the owner's update form starts, in CSS px from the top of the page. */
async function updateFormTop(page) {
  const f = page.locator('form[action$="/update"]');
  check(await f.count() === 1, `${await f.count()} update forms on the page`);
  return f.evaluate((e) => Math.round(e.getBoundingClientRect().top + window.scrollY));
}

/* The owner's update form starts on the first screen at 1280x800 and at 375x812 (a
** phone), as issue 13's acceptance asks; leaves the window at 1280x800. */
async function updateFormEarly(page, url) {
  const got = [];
  for (const [w, h, most] of [[1280, 800, 800], [375, 812, 812]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(url);
    const top = await updateFormTop(page);
    got.push(`${top} px at ${w}x${h}`);
    check(top < most, `the update form starts ${top} px down at ${w}x${h}, not above ${most} px`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  return got.join(', ');
}

/* Nothing on the page reads as raw journal JSON, in its text or its markup. */
async function noJson(page, who) {
  const t = await bodyText(page);
  check(!t.includes('{"'), `${who} sees JSON: …${t.slice(Math.max(0, t.indexOf('{"') - 60), t.indexOf('{"') + 60)}…`);
  const html = await page.content();
  check(!html.includes('{&quot;') && !html.includes('{"'), `${who}'s page holds JSON in its markup`);
  check(await page.locator('#journal').count() === 0, `${who} is shown the journal`);
}

async function story(base) {
  const errorTitles = []; // titles of pages re-shown with a form's errors
  let reportText = '';
  const newDate = dayLong(NEW_TARGET);

  // 1. The owner.
  const owner = await newPage(base);
  await step('login page', async () => {
    const res = await owner.goto('/login');
    check(res.status() === 200, `GET /login gave ${res.status()}`);
    check(await owner.locator('h1').count() === 1, 'not exactly one h1');
    await shot(owner, 'login');
  });
  await axeCheck(owner, 'login', ['login page']);
  await step('privacy notice: linked from the sign-in page, read at 1280 and 375 px', async () => {
    await owner.getByRole('link', { name: 'Privacy', exact: true }).click();
    await owner.waitForURL((u) => u.pathname === '/privacy');
    check(await owner.locator('h1').innerText() === 'Privacy notice', 'no "Privacy notice" heading');
    const h2 = await owner.locator('h2').allInnerTexts();
    check(h2.join('|') === 'What is held|Why|Who sees it|How long|Your rights',
          `sections: ${h2.join(', ')}`);
    await noSidewaysScroll(owner);
    await owner.setViewportSize({ width: 375, height: 700 });
    await noSidewaysScroll(owner);
    const first = await owner.locator('main p').first().boundingBox();
    check(first && first.y + first.height < 700, 'the first paragraph is not on the first screen at 375 px');
    await shot(owner, 'privacy-375');
    await owner.setViewportSize({ width: 1280, height: 800 });
    await shot(owner, 'privacy');
  }, ['login page']);
  await axeCheck(owner, 'privacy notice', ['privacy notice: linked from the sign-in page, read at 1280 and 375 px']);
  await step('owner signs in', () => signIn(owner, 'owner', 'Olive Owner', '/my'), ['login page']);
  await step('owner: my actions lists the recommendation', async () => {
    await mustContain(owner, ['My actions', `1 ref 1: ${REC_TITLE}`], '/my');
    await shot(owner, 'my-actions');
  }, ['owner signs in']);
  await axeCheck(owner, 'my actions', ['owner: my actions lists the recommendation']);
  await step('owner opens the recommendation', async () => {
    if (broken.has('owner: my actions lists the recommendation')) await owner.goto('/recs/1');
    else await Promise.all([owner.waitForURL('**/recs/1'), owner.locator('a[href="/recs/1"]').first().click()]);
    check(await owner.locator('h1').innerText() === 'Recommendation 1: Monthly reconciliation',
          `h1 is "${await owner.locator('h1').innerText()}"`);
    await mustContain(owner, [REC_TEXT, EVIDENCE, 'Post an update', 'Ask for a new target date'],
                      '/recs/1');
    // What it is, then its state in one line.
    const cap = await owner.locator('#rec-audit').innerText();
    check(cap === 'Audit: Payroll (15 January 2024)', `caption is "${cap}"`);
    const st = (await owner.locator('#rec-state').innerText()).replace(/\s+/g, ' ');
    check(/^Overdue by \d+ months: due 30 June 2024$/.test(st), `state line is "${st}"`);
  }, ['owner signs in']);
  await step('owner: the audit is named, not linked (its page is internal audit\'s)', async () => {
    check(await owner.locator('a[href^="/audits/"]').count() === 0, 'a link to an audit page');
    const res = await owner.request.get('/audits/1');
    check(res.status() === 403, `GET /audits/1 gave ${res.status()} to the owner`);
  }, ['owner opens the recommendation']);
  await step('owner: no "Show as at" form, no journal', async () => {
    check(await owner.locator('input[name="as_at"]').count() === 0, 'the owner has the as-at form');
    await noJson(owner, 'the owner');
  }, ['owner opens the recommendation']);
  await step('owner: the update form is on the first screen', async () => {
    console.log(`# update form top, no history yet: ${await updateFormEarly(owner, '/recs/1')}`);
    // Open, not behind a summary to click; before the details and the history.
    check(await owner.locator('details:has(form[action$="/update"])').count() === 0,
          'the update form is folded in a <details>');
    const order = await owner.evaluate(() => ['#rec-state', '#update-form', '#history']
      .map((q) => Math.round(document.querySelector(q).getBoundingClientRect().top)));
    check(order[0] < order[1] && order[1] < order[2], `state, form, history at ${order.join(', ')} px`);
  }, ['owner opens the recommendation']);
  await step('owner: an edited field shows its old and new value in the history', async () => {
    const entry = owner.locator('.at-timeline__entry', { hasText: 'Theme changed' });
    check(await entry.count() === 1, `${await entry.count()} "Theme changed" entries`);
    const t = (await entry.innerText()).replace(/\s+/g, ' ');
    check(t.includes(`Was: ${THEME_WAS}`) && t.includes(`Now: ${THEME_NOW}`), `entry reads "${t}"`);
    const rec = owner.locator('.at-timeline__entry', { hasText: 'Theme recorded' });
    check(await rec.count() === 1, 'the first setting of the theme is not in the history');
  }, ['owner opens the recommendation']);
  await step('owner: a file chosen before an error is named, to choose again', async () => {
    await owner.goto('/recs/1');
    await owner.getByLabel('Evidence file (optional)', { exact: true }).setInputFiles(PDF);
    const [res] = await Promise.all([
      owner.waitForResponse((r) => r.url().endsWith('/recs/1/update')),
      owner.getByRole('button', { name: 'Send the update' }).click()]);
    check(res.status() === 422, `POST /recs/1/update without text gave ${res.status()}`);
    await owner.waitForLoadState();
    await owner.locator('.govuk-error-summary').waitFor();
    const w = owner.locator('#evidence-not-kept');
    check(await w.count() === 1, 'nothing says the file was not kept');
    const t = (await w.innerText()).replace(/\s+/g, ' ');
    check(t.includes('Choose the file again: reconciliation.pdf was not kept because the form had an error'),
          `the warning reads "${t}"`);
    // Beside the file fields: just above the first.
    const gap = await owner.evaluate(() => document.querySelector('#evidence').getBoundingClientRect().top
      - document.querySelector('#evidence-not-kept').getBoundingClientRect().bottom);
    check(gap >= 0 && gap < 120, `the warning is ${Math.round(gap)} px above the file field`);
    check(await owner.getByLabel('Evidence file (optional)', { exact: true }).evaluate((e) => e.files.length) === 0,
          'the file field claims to hold a file');
  }, ['owner opens the recommendation']);
  errorTitles.push(await owner.title());
  await axeCheck(owner, 'recommendation, file not kept (owner)',
                 ['owner: a file chosen before an error is named, to choose again']);
  await step('owner posts an update', async () => {
    await owner.getByText('Post an update', { exact: true }).click();
    await owner.getByLabel('What has been done').fill(NARRATIVE);
    await owner.getByLabel('Status you report').selectOption('in_progress');
    await owner.getByLabel('Percent complete (optional)').fill('60');
    await owner.getByLabel('Evidence file (optional)', { exact: true }).setInputFiles(PDF);
    await Promise.all([owner.waitForURL('**/recs/1'),
                       owner.getByRole('button', { name: 'Send the update' }).click()]);
    await banner(owner, 'Update sent: internal audit will review it');
    const entry = owner.locator('.at-timeline__entry', { hasText: 'Update from the service' });
    check(await entry.count() === 1, `${await entry.count()} update entries in the history`);
    const t = await entry.innerText();
    for (const s of [NARRATIVE, 'Claimed status: In progress', 'Complete: 60%',
                     "Waiting for internal audit's review", 'Olive Owner']) {
      check(t.includes(s), `history entry lacks "${s}": ${t.replace(/\s+/g, ' ')}`);
    }
  }, ['owner opens the recommendation']);
  await step('owner: the PDF is kept with the update and downloads back', async () => {
    const entry = owner.locator('.at-timeline__entry', { hasText: 'Update from the service' });
    const link = entry.getByRole('link', { name: 'Download reconciliation.pdf' });
    check(await link.count() === 1, 'no "Download reconciliation.pdf" link in the update\'s history '
          + `entry (the form's enctype is "${await owner.locator('form[action="/recs/1/update"]')
            .evaluate((f) => f.enctype)}")`);
    const evidenceHref = await link.getAttribute('href');
    const res = await owner.request.get(evidenceHref);
    check(res.status() === 200, `GET ${evidenceHref} gave ${res.status()}`);
    const body = await res.body();
    check(body.equals(fs.readFileSync(PDF)), `downloaded file differs: ${body.slice(0, 40)}`);
  }, ['owner posts an update']);
  await step('owner asks for a new target date', async () => {
    await owner.getByText('Ask for a new target date', { exact: true }).click();
    await owner.getByLabel('New target date').fill(dayUK(NEW_TARGET));
    await owner.getByLabel('Why a new date is needed').fill(DATE_REASON);
    await Promise.all([owner.waitForURL('**/recs/1'),
                       owner.getByRole('button', { name: 'Ask for the date' }).click()]);
    await banner(owner, 'Date request sent: internal audit will decide');
    const entry = owner.locator('.at-timeline__entry',
                                { hasText: `New target date asked for: ${newDate}` });
    check(await entry.count() === 1, `no history entry "New target date asked for: ${newDate}"`);
    const t = await entry.innerText();
    check(t.includes(DATE_REASON) && t.includes("Waiting for internal audit's review"),
          `date request entry: ${t.replace(/\s+/g, ' ')}`);
    check((await owner.locator('#current-target').innerText()).includes('30 June 2024'),
          'current target changed before internal audit approved it');
    await shot(owner, 'recommendation');
  }, ['owner opens the recommendation']);
  await step('owner: the history is in words, newest first, each action once', async () => {
    const heads = await owner.locator('.at-timeline__entry h3').allInnerTexts();
    // All on one day: rec_timeline's order of kinds, reversed (field changes last in a day).
    const want = ['Theme changed', 'Theme recorded', `New target date asked for: ${newDate}`,
                  'Update from the service', 'Recommendation made'];
    check(JSON.stringify(heads) === JSON.stringify(want), `history reads ${JSON.stringify(heads)}`);
    await noJson(owner, 'the owner');
    // What waits for internal audit, at the top, and the form still on the first screen.
    const w = await owner.locator('.at-waiting').allInnerTexts();
    check(w.length === 2 && w[0].includes('The update sent on') && w[1].includes('The date request sent on'),
          `waiting lines: ${JSON.stringify(w)}`);
    console.log(`# update form top, two submissions waiting: ${await updateFormEarly(owner, '/recs/1')}`);
    await owner.setViewportSize({ width: 375, height: 812 });
    await owner.goto('/recs/1');
    await shot(owner, 'recommendation-375');
    await owner.setViewportSize({ width: 1280, height: 800 });
  }, ['owner asks for a new target date', 'owner posts an update']);
  await axeCheck(owner, 'recommendation (owner)', ['owner asks for a new target date']);

  // 2. Internal audit.
  const aud = await newPage(base);
  await step('auditor signs in', () => signIn(aud, 'auditor', 'Ann Auditor', '/my'));
  await step('auditor: review queue shows the update and the date request', async () => {
    // Through the service navigation, from a page every role has.
    await aud.goto('/accessibility');
    await Promise.all([aud.waitForURL('**/review'),
                       aud.getByRole('link', { name: 'Review queue', exact: true }).click()]);
    await mustContain(aud, ['2 submissions waiting'], '/review');
    const upd = aud.locator('.govuk-summary-card', { hasText: 'Update on recommendation 1' });
    check(await upd.count() === 1, 'no card "Update on recommendation 1"');
    const u = await upd.innerText();
    for (const s of [NARRATIVE, 'In progress', '60%', 'Olive Owner']) {
      check(u.includes(s), `update card lacks "${s}"`);
    }
    const dr = aud.locator('.govuk-summary-card', { hasText: 'Date request on recommendation 1' });
    check(await dr.count() === 1, 'no card "Date request on recommendation 1"');
    const d = await dr.innerText();
    for (const s of [newDate, DATE_REASON, '30 June 2024']) check(d.includes(s), `date card lacks "${s}"`);
    await shot(aud, 'review-queue');
  }, ['auditor signs in', 'owner asks for a new target date', 'owner posts an update']);
  await axeCheck(aud, 'review queue', ['auditor: review queue shows the update and the date request']);
  await step('auditor approves the date', async () => {
    const dr = aud.locator('.govuk-summary-card', { hasText: 'Date request on recommendation 1' });
    await Promise.all([aud.waitForURL('**/review'),
                       dr.getByRole('button', { name: 'Approve the date' }).click()]);
    await banner(aud, 'New target date approved');
    await mustContain(aud, ['1 submission waiting'], '/review');
  }, ['auditor: review queue shows the update and the date request']);
  await step('auditor accepts the update', async () => {
    const upd = aud.locator('.govuk-summary-card', { hasText: 'Update on recommendation 1' });
    await Promise.all([aud.waitForURL('**/review'),
                       upd.getByRole('button', { name: 'Accept the update' }).click()]);
    await banner(aud, 'Update accepted');
    await mustContain(aud, ['0 submissions waiting'], '/review');
  }, ['auditor: review queue shows the update and the date request']);
  await step('auditor: the approved date is the current target', async () => {
    await aud.goto('/recs/1');
    const cur = await aud.locator('#current-target').innerText();
    check(cur.includes(newDate), `current target is "${cur}", not ${newDate}`);
    const t = await aud.locator('.at-timeline').innerText();
    check(t.includes(`Target date changed from 30 June 2024 to ${newDate}, agreed by Ann Auditor`),
          'no "Target date changed from 30 June 2024" entry in the history');
    // Internal audit has the link to the audit, the as-at form and the journal, folded.
    check(await aud.locator('#rec-audit a[href="/audits/1"]').count() === 1, 'no link to the audit');
    check(await aud.locator('input[name="as_at"]').count() === 1, 'no as-at form');
    const j = aud.locator('details#journal');
    check(await j.count() === 1 && await j.getAttribute('open') === null, 'no folded journal');
    await j.locator('summary').click();
    const jt = await j.innerText();
    check(/Entry \d+: rec\.update/.test(jt) && jt.includes('{"on":'), `journal reads ${jt.slice(0, 200)}`);
    check(/Approved by Ann Auditor/.test(t) && /Accepted by Ann Auditor/.test(t),
          'history does not show the date approved and the update accepted by Ann Auditor');
    // The register's lines under the labels `rec show` prints (rec_fields.h).
    const rows = await aud.locator('.govuk-summary-list').first()
      .locator('.govuk-summary-list__key').allInnerTexts();
    check(rows.includes('Evidence to close') && !rows.includes('Evidence required to close'),
          `the recommendation's rows are ${rows.join(', ')}`);
    const evRow = await aud.locator('.govuk-summary-list__row', { hasText: 'Evidence to close' })
      .innerText();
    check(evRow.includes(EVIDENCE), `evidence row is "${evRow}"`);
  }, ['auditor approves the date']);
  await step('auditor: closing without the evidence is refused with an error summary', async () => {
    if (new URL(aud.url()).pathname !== '/recs/1') await aud.goto('/recs/1');
    await aud.getByText('Close as implemented', { exact: true }).click();
    await mustContain(aud, [`This recommendation needs evidence to close: ${EVIDENCE}`], 'close form');
    const [res] = await Promise.all([
      aud.waitForResponse((r) => r.url().endsWith('/recs/1/close')),
      aud.getByRole('button', { name: 'Close the recommendation' }).click()]);
    // act_rec_close refuses it as a conflict with the rec's rule: 409, the form re-shown.
    check(res.status() === 422 || res.status() === 409,
          `POST /recs/1/close gave ${res.status()}, not 409 or 422`);
    await aud.waitForLoadState();
    const sum = aud.locator('.govuk-error-summary');
    await sum.waitFor();
    const s = await sum.innerText();
    check(s.includes('There is a problem'), `error summary: ${s}`);
    const link = sum.locator('a[href="#evidence_seen"]');
    check(await link.count() === 1, `error summary does not link to #evidence_seen: ${s}`);
    check(await aud.locator('#evidence_seen-error').count() === 1, 'no error message by the field');
    check(await aud.locator('details:has(#evidence_seen)').getAttribute('open') !== null,
          'the close form is not open when re-shown');
    const st = await aud.locator('.govuk-summary-list__row', { hasText: 'Status' }).first().innerText();
    check(st.includes('Open'), `status after a refused close: ${st}`);
    // GOV.UK Frontend moves focus to the summary; its link moves focus to the field.
    check(await aud.evaluate(() => !!document.activeElement.closest('.govuk-error-summary')),
          'the error summary does not have the focus');
    await link.click();
    check(await aud.evaluate(() => document.activeElement.id) === 'evidence_seen',
          'the error summary\'s link does not put the focus in the field');
  }, ['auditor signs in']);
  errorTitles.push(await aud.title());
  await axeCheck(aud, 'recommendation with an error summary',
                 ['auditor: closing without the evidence is refused with an error summary']);
  await step('auditor closes the recommendation as implemented', async () => {
    await aud.getByLabel('Evidence seen (required)').fill(
      'Three signed reconciliations for July to September seen');
    await Promise.all([aud.waitForURL('**/recs/1'),
                       aud.getByRole('button', { name: 'Close the recommendation' }).click()]);
    await banner(aud, 'Recommendation closed as implemented');
    const st = await aud.locator('.govuk-summary-list__row', { hasText: 'Status' }).first().innerText();
    check(st.includes(`Closed on ${dayLong(TODAY)} (Implemented)`), `status is "${st}"`);
    const cur = await aud.locator('#current-target').innerText();
    check(cur.includes(newDate), `current target is "${cur}" after closing`);
    check(await aud.locator('.govuk-error-summary').count() === 0, 'error summary still shown');
  }, ['auditor: closing without the evidence is refused with an error summary',
        'auditor approves the date']);
  await axeCheck(aud, 'recommendation (auditor)', ['auditor closes the recommendation as implemented']);

  // 2b. Internal audit returns an update to the owner; closing needs the evidence seen.
  await step('owner: the update form offers only what an owner may claim', async () => {
    await owner.goto('/recs/3');
    await owner.getByText('Post an update', { exact: true }).click();
    const opts = (await owner.getByLabel('Status you report').locator('option').allInnerTexts())
      .map((s) => s.trim());
    const want = ['Not stated', 'Not started', 'In progress', 'Partially implemented',
                  'Implemented (for internal audit to review)'];
    check(JSON.stringify(opts) === JSON.stringify(want), `the owner may choose ${opts.join(', ')}`);
    await owner.getByLabel('What has been done').fill(REC3_UPDATE);
    await owner.getByLabel('Status you report').selectOption('implemented');
    await Promise.all([owner.waitForURL('**/recs/3'),
                       owner.getByRole('button', { name: 'Send the update' }).click()]);
    await banner(owner, 'Update sent: internal audit will review it');
  }, ['owner signs in']);
  await step('auditor rejects the update with a note', async () => {
    await aud.goto('/review');
    const upd = aud.locator('.govuk-summary-card', { hasText: REC3_UPDATE });
    check(await upd.count() === 1, 'the update on recommendation 3 is not in the queue');
    await upd.locator('textarea[name="note"]').fill(REJECT_NOTE);
    await Promise.all([aud.waitForURL('**/review'),
                       upd.getByRole('button', { name: 'Reject the update' }).click()]);
    await banner(aud, 'Update rejected');
  }, ['owner: the update form offers only what an owner may claim', 'auditor signs in']);
  await step('owner: the next e-mail says what was returned, with the note (SMTP sink)', async () => {
    // A real SMTP server on loopback (test/e2e/smtp_sink.py) takes the owner's digest.
    const sinkDir = path.join(DIR, 'sink');
    fs.mkdirSync(sinkDir, { recursive: true });
    const sink = spawn('/usr/bin/python3', [path.join(ROOT, 'test', 'e2e', 'smtp_sink.py'), sinkDir],
                       { stdio: 'ignore' });
    try {
      const portFile = path.join(sinkDir, 'port');
      for (let i = 0; i < 100 && !(fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8')); i++) {
        await new Promise((res) => setTimeout(res, 50));
      }
      at(['person', 'set', 'Payroll manager', '--email', 'owner@council.example']);
      for (const [k, v] of [['smtp-tls', 'none'], ['smtp-timeout', '3'], ['from', 'audit@council.example'],
                            ['smtp-url', `smtp://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`]]) {
        at(['notify', 'set', k, v]);
      }
      at(['notify']);
      at(['notify', 'set', 'smtp-url', '']); // the server's daily run stays idle
      const mail = path.join(sinkDir, 'mail');
      const eml = fs.readdirSync(mail).map((f) => path.join(mail, f))
        .filter((f) => fs.readFileSync(f, 'utf8').includes('X-Envelope-To: <owner@council.example>'));
      check(eml.length === 1, `${eml.length} e-mails to the owner in the sink, not 1`);
      const text = execFileSync('/usr/bin/python3', ['-c', `import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
    if p.get_content_type() == "text/plain": sys.stdout.write(p.get_payload(decode=True).decode())`,
                                                    eml[0]], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      const want = `Returned to you on ${dayLong(TODAY)}: Ann Auditor rejected the update sent on `
        + `${dayLong(TODAY)}. ${REJECT_NOTE}`;
      check(text.includes(want), `the owner's e-mail lacks "${want}": ${text}`);
      check(text.includes(REC3_TITLE), `the owner's e-mail does not name "${REC3_TITLE}": ${text}`);
    } finally {
      sink.kill();
    }
  }, ['auditor rejects the update with a note']);
  for (const width of [1280, 375]) {
    await step(`owner: my actions leads with what was returned, at ${width} px`, async () => {
      await owner.setViewportSize({ width, height: 800 });
      await owner.goto('/my');
      const first = (await owner.locator('main h2').first().innerText()).trim();
      check(first === 'Returned to you', `the first heading under My actions is "${first}"`);
      const card = owner.locator('.at-returned');
      check(await card.count() === 1, `${await card.count()} returned cards, not 1`);
      const t = await card.innerText();
      for (const s of [`3 ref 3: ${REC3_TITLE}`, 'Update rejected', REC3_UPDATE, REJECT_NOTE,
                       'Ann Auditor', dayLong(TODAY)]) {
        check(t.includes(s), `the returned card lacks "${s}": ${t.replace(/\s+/g, ' ')}`);
      }
      const box = await card.boundingBox();
      check(box && box.y < 800, `the returned card starts ${box && Math.round(box.y)} px down`);
      await noSidewaysScroll(owner);
      await shot(owner, `my-actions-returned-${width}`);
    }, ['auditor rejects the update with a note']);
    await axeCheck(owner, `my actions with a return at ${width} px`,
                   [`owner: my actions leads with what was returned, at ${width} px`]);
    await step(`auditor: closing with nothing stated is refused, at ${width} px`, async () => {
      await aud.setViewportSize({ width, height: 800 });
      await aud.goto('/recs/3');
      await aud.getByText('Close as implemented', { exact: true }).click();
      const [res] = await Promise.all([
        aud.waitForResponse((r) => r.url().endsWith('/recs/3/close')),
        aud.getByRole('button', { name: 'Close the recommendation' }).click()]);
      check(res.status() === 422, `POST /recs/3/close with nothing gave ${res.status()}, not 422`);
      await aud.waitForLoadState();
      const sum = aud.locator('.govuk-error-summary');
      await sum.waitFor();
      const s = await sum.innerText();
      check(s.includes('Evidence seen is required to close recommendation 3 as implemented'),
            `error summary: ${s}`);
      check(await sum.locator('a[href="#evidence_seen"]').count() === 1,
            'the error summary does not link to the Evidence seen field');
      check(await aud.locator('#evidence_seen-error').count() === 1, 'no error message by the field');
      const st = await aud.locator('.govuk-summary-list__row', { hasText: 'Status' }).first()
        .innerText();
      check(st.includes('Open'), `status after a refused close: ${st}`);
      await noSidewaysScroll(aud);
      await shot(aud, `close-refused-${width}`);
    }, ['auditor rejects the update with a note']);
  }
  await aud.setViewportSize({ width: 1280, height: 800 });
  await owner.setViewportSize({ width: 1280, height: 800 });
  await step('auditor closes recommendation 3, stating the evidence seen', async () => {
    await aud.getByLabel('Evidence seen (required)').fill('Leavers report for June seen');
    await Promise.all([aud.waitForURL('**/recs/3'),
                       aud.getByRole('button', { name: 'Close the recommendation' }).click()]);
    await banner(aud, 'Recommendation closed as implemented');
  }, ['auditor: closing with nothing stated is refused, at 375 px']);

  // 3. The audit committee.
  const com = await newPage(base);
  await step('committee signs in', () => signIn(com, 'committee', 'Colin Committee', '/dashboard'));
  await step('committee: the dashboard', async () => {
    await mustContain(com, ['Dashboard', 'At a glance'], '/dashboard');
    await shot(com, 'dashboard');
  });
  await axeCheck(com, 'dashboard', ['committee signs in']);
  await step('committee: the accessibility statement has the parts public bodies publish', async () => {
    await com.goto('/accessibility');
    const heads = await com.locator('h1, h2, h3').allInnerTexts();
    for (const h of ['Accessibility statement for auditrack', 'How accessible this service is',
                     'Feedback and contact information', 'Enforcement procedure',
                     'Compliance status', 'Non-accessible content',
                     'Preparation of this accessibility statement']) {
      check(heads.includes(h), `/accessibility: no heading "${h}" (${heads.join(' | ')})`);
    }
    await mustContain(com, ['run by Test Council', 'partially compliant',
                            'Equality Advisory and Support Service'], '/accessibility');
  });
  await axeCheck(com, 'accessibility statement', ['committee: the accessibility statement has the parts public bodies publish']);
  await step('committee: a bad date on the dashboard shows the form again', async () => {
    await com.goto('/dashboard');
    const fold = com.locator('.govuk-details__summary'); // with cycles the date form is folded
    if (await fold.count()) await fold.click();
    await com.getByLabel('As at', { exact: true }).fill('31/02/2024');
    const [res] = await Promise.all([
      com.waitForResponse((r) => new URL(r.url()).pathname === '/dashboard'),
      com.locator('form:has(#as_at) button').click()]);
    check(res.status() === 400, `a bad date gave ${res.status()}, not 400`);
    await com.waitForLoadState();
    const sum = await com.locator('.govuk-error-summary').innerText();
    check(sum.includes('As at must be a real date'), `error summary: ${sum}`);
    const href = await com.locator('.govuk-error-summary a').first().getAttribute('href');
    check(href === '#as_at' && await com.locator('#as_at').isVisible(),
          `the error links to ${href}, which is not a visible field`);
    check(await com.getByLabel('As at', { exact: true }).inputValue() === '31/02/2024',
          'the date typed is not kept');
  }, ['committee: the dashboard']);
  errorTitles.push(await com.title());
  await axeCheck(com, 'dashboard with a bad date', ['committee: a bad date on the dashboard shows the form again']);
  for (const [name, url] of [['recommendations', '/recs'], ['reports', '/reports']]) {
    await step(`committee: a bad date on the ${name} shows the form again`, async () => {
      await com.goto(url);
      await com.getByLabel('As at', { exact: true }).fill('31/02/2024');
      const [res] = await Promise.all([
        com.waitForResponse((r) => r.url().includes('as_at=31%2F02%2F2024')),
        com.locator('form:has(#as_at) button[type="submit"]').first().click()]);
      check(res.status() === 400, `a bad date on ${url} gave ${res.status()}, not 400`);
      await com.waitForLoadState();
      const sum = await com.locator('.govuk-error-summary').innerText();
      check(sum.includes('As at must be a real date'), `error summary: ${sum}`);
      const href = await com.locator('.govuk-error-summary a').first().getAttribute('href');
      check(href === '#as_at' && await com.locator('#as_at').isVisible(),
            `the error links to ${href}, which is not a visible field`);
      check(await com.getByLabel('As at', { exact: true }).inputValue() === '31/02/2024',
            'the date typed is not kept');
      check(await com.locator('#as_at-error').count() === 1, 'no error message by the field');
    }, ['committee signs in']);
    errorTitles.push(await com.title());
    await axeCheck(com, `${name} with a bad date`, [`committee: a bad date on the ${name} shows the form again`]);
  }
  await step('committee: a report asked with its previous report after its date shows the form again', async () => {
    const res = await com.goto('/reports/progress?as_at=2024-03-31&since=2024-06-30');
    check(res.status() === 400, `a previous report after the as-at date gave ${res.status()}, not 400`);
    const sum = await com.locator('.govuk-error-summary').innerText();
    check(sum.includes('The previous report date must be before the as-at date'), `error summary: ${sum}`);
    const link = com.locator('.govuk-error-summary a').first();
    check(await link.getAttribute('href') === '#since' && await com.locator('#since').isVisible(),
          'the error does not link to a visible previous report field');
    await link.click();
    check(await com.evaluate(() => document.activeElement && document.activeElement.id) === 'since',
          'following the error\'s link does not reach the field');
    check(await com.getByLabel('Previous report', { exact: true }).inputValue() === '2024-06-30',
          'the date asked for is not kept');
    check(await com.getByLabel('Report', { exact: true }).inputValue() === 'progress',
          'the report asked for is not chosen');
    check(await com.locator('#since-error').count() === 1, 'no error message by the field');
  }, ['committee signs in']);
  errorTitles.push(await com.title());
  await bothWidths(com, 'reports with the previous report after the as-at date', 'story');
  await step('committee: the implemented report lists it, the confidential one withheld', async () => {
    await com.goto('/accessibility');
    await Promise.all([com.waitForURL('**/reports'),
                       com.getByRole('link', { name: 'Reports', exact: true }).click()]);
    await com.getByLabel('Report', { exact: true }).selectOption('implemented');
    await com.getByLabel('As at', { exact: true }).fill(dayUK(TODAY));
    await com.getByLabel('Previous report', { exact: true }).fill(dayUK(MONTH_AGO));
    await com.getByLabel('Format', { exact: true }).selectOption('html');
    await Promise.all([com.waitForURL((u) => u.pathname === '/reports/implemented'),
                       com.getByRole('button', { name: 'Show the report' }).click()]);
    const body = await mustContain(com, [REC_TEXT, 'detail withheld',
                                         `Confirmed implemented after ${dayLong(MONTH_AGO)}`], 'implemented report');
    check(!body.includes(SECRET), 'the confidential recommendation\'s text is in the report');
    await shot(com, 'report');
    reportText = body;
  }, ['committee signs in', 'auditor closes the recommendation as implemented']);
  await step('committee: the confidential one\'s opinion and evidence seen are withheld too', () => {
    const at = reportText.indexOf('ZQX-7731');
    check(at < 0, `internal audit's comment or evidence seen on a confidential recommendation is `
                  + `in the report: "…${reportText.slice(Math.max(0, at - 60), at + 30)}…"`);
  }, ['committee: the implemented report lists it, the confidential one withheld']);
  await axeCheck(com, 'implemented report',
                 ['committee: the implemented report lists it, the confidential one withheld']);
  await step('committee: reports page', async () => {
    await com.goto('/reports');
    await mustContain(com, ['Reports', 'Choose the dates'], '/reports');
  }, ['committee signs in']);
  await axeCheck(com, 'reports', ['committee: reports page']);
  await step('committee: the recommendations list withholds the confidential one', async () => {
    await com.goto('/accessibility');
    await Promise.all([com.waitForURL('**/recs'),
                       com.getByRole('link', { name: 'Recommendations', exact: true }).click()]);
    // All are closed by now: the default list (open ones) is empty.
    await mustContain(com, ['0 recommendations as at'], '/recs');
    await com.getByLabel('Status', { exact: true }).selectOption('all');
    await Promise.all([com.waitForURL((u) => u.searchParams.get('status') === 'all'),
                       com.getByRole('button', { name: 'Apply filters' }).click()]);
    const body = await mustContain(com, ['3 recommendations as at', REC_TITLE, 'detail withheld'],
                                   '/recs?status=all');
    check(!body.includes(SECRET), 'the confidential recommendation\'s text is in the list');
    await shot(com, 'recommendations');
    // Its text is not searched either: a hit would tell what it says.
    await com.getByLabel('Search the text', { exact: true }).fill('ZQX-7731');
    await Promise.all([com.waitForURL((u) => u.searchParams.get('q') === 'ZQX-7731'),
                       com.getByRole('button', { name: 'Apply filters' }).click()]);
    await mustContain(com, ['0 recommendations as at'], '/recs?q=ZQX-7731');
  }, ['committee signs in']);
  await axeCheck(com, 'recommendations list',
                 ['committee: the recommendations list withholds the confidential one']);
  await step('committee: a recommendation in words, no journal, the audit not linked', async () => {
    await com.goto('/recs/1');
    await noJson(com, 'the committee');
    check(await com.locator('a[href^="/audits/"]').count() === 0, 'a link to an audit page');
    check(await com.locator('input[name="as_at"]').count() === 0, 'the committee has the as-at form');
    check(await com.locator('form[method="post"][action^="/recs/1/"]').count() === 0, 'a form to act');
    const st = (await com.locator('#rec-state').innerText()).replace(/\s+/g, ' ');
    check(st === `Closed on ${dayLong(TODAY)}: Implemented`, `state line is "${st}"`);
    await shot(com, 'recommendation-committee');
  }, ['committee signs in', 'auditor closes the recommendation as implemented']);
  await axeCheck(com, 'recommendation (committee)',
                 ['committee: a recommendation in words, no journal, the audit not linked']);
  await step('director: a recommendation in words, no journal, the audit not linked', async () => {
    const dir = await newPage(base);
    await signIn(dir, 'director', 'Dora Director', '/my');
    await dir.goto('/recs/1');
    await noJson(dir, 'the director');
    check(await dir.locator('a[href^="/audits/"]').count() === 0, 'a link to an audit page');
    check(await dir.locator('input[name="as_at"]').count() === 0, 'the director has the as-at form');
    setCurrent(com);
    await dir.context().close();
  }, ['auditor closes the recommendation as implemented']);
  await step('committee: the confidential recommendation\'s page is 403', async () => {
    const res = await com.goto('/recs/2');
    check(res.status() === 403, `GET /recs/2 gave ${res.status()}, not 403`);
    const body = await bodyText(com);
    check(!body.includes(SECRET), 'the 403 page shows the confidential text');
    check(/confidential/i.test(body), '403 page does not say why');
  }, ['committee signs in']);
  await axeCheck(com, 'forbidden page', ["committee: the confidential recommendation's page is 403"]);

  // 6. The keyboard on the login page.
  const kb = await newPage(base);
  await step('keyboard: skip link first, then login, password, Show, button', async () => {
    await kb.goto('/login');
    const focused = () => kb.evaluate(() => {
      const e = document.activeElement;
      return { id: e.id, tag: e.tagName, cls: e.className, text: (e.innerText || e.value || '').trim() };
    });
    await kb.keyboard.press('Tab');
    const f0 = await focused();
    check(f0.cls.includes('govuk-skip-link'), `first Tab stop is ${JSON.stringify(f0)}`);
    const box = await kb.locator('.govuk-skip-link').boundingBox();
    check(box && box.height >= 10 && box.width >= 50, `focused skip link is not visible: ${JSON.stringify(box)}`);
    const order = [];
    let f = f0;
    for (let i = 0; i < 8 && f.id !== 'login'; i++) {
      await kb.keyboard.press('Tab');
      f = await focused();
      order.push(f.id || f.text || f.tag);
    }
    check(f.id === 'login', `Tab never reached the login field: ${order.join(' > ')}`);
    check(order.length <= 2, `${order.length - 1} stops between the skip link and the login field: ${order.join(' > ')}`);
    await kb.keyboard.press('Tab');
    f = await focused();
    check(f.id === 'password', `after login, Tab went to ${JSON.stringify(f)}`);
    // The password's Show button, then the form's.
    await kb.keyboard.press('Tab');
    f = await focused();
    check(f.tag === 'BUTTON' && f.text === 'Show', `after password, Tab went to ${JSON.stringify(f)}`);
    await kb.keyboard.press('Tab');
    f = await focused();
    check(f.tag === 'BUTTON' && f.text === 'Sign in', `after Show, Tab went to ${JSON.stringify(f)}`);
    // The skip link works: Enter on it moves to the main content.
    await kb.keyboard.press('Shift+Tab');
    for (let i = 0; i < 6; i++) {
      f = await focused();
      if (f.cls.includes('govuk-skip-link')) break;
      await kb.keyboard.press('Shift+Tab');
    }
    check(f.cls.includes('govuk-skip-link'), 'Shift+Tab did not get back to the skip link');
    await kb.keyboard.press('Enter');
    await kb.waitForFunction(() => location.hash === '#main-content');
  }, ['login page']);
  await step('keyboard: signing in with Enter', async () => {
    await kb.goto('/login');
    await kb.getByLabel('Login', { exact: true }).focus();
    await kb.keyboard.type('committee');
    await kb.keyboard.press('Tab');
    await kb.keyboard.type(PW);
    await Promise.all([kb.waitForURL('**/dashboard'), kb.keyboard.press('Enter')]);
  }, ['login page']);

  await step('login: a wrong password gives the error summary, focused, 422', async () => {
    await kb.context().clearCookies();
    await kb.goto('/login');
    await kb.getByLabel('Login', { exact: true }).fill('owner');
    await kb.getByLabel('Password', { exact: true }).fill('not-the-password-1');
    const [res] = await Promise.all([
      kb.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/login')),
      kb.getByRole('button', { name: 'Sign in' }).click()]);
    check(res.status() === 422, `POST /login gave ${res.status()}, not 422`);
    await kb.waitForLoadState();
    const sum = await kb.locator('.govuk-error-summary').innerText();
    check(sum.includes('Enter a correct login and password'), `error summary: ${sum}`);
    check(await kb.evaluate(() => !!document.activeElement.closest('.govuk-error-summary')),
          'the error summary does not have the focus');
    check(await kb.getByLabel('Login', { exact: true }).inputValue() === 'owner',
          'the login typed is not kept');
  }, ['login page']);
  errorTitles.push(await kb.title());
  await step('pages re-shown with errors have "Error: " in the title', () => {
    const bad = errorTitles.filter((t) => !t.startsWith('Error: '));
    check(!bad.length, `GOV.UK pattern: the title starts "Error: " when a form has errors; `
                       + `these do not: ${bad.map((t) => `"${t}"`).join(', ')}`);
  }, ['auditor: closing without the evidence is refused with an error summary',
      'login: a wrong password gives the error summary, focused, 422']);

  // Reflow: at 320 CSS px wide nothing but a table may scroll sideways (WCAG 1.4.10).
  await step('reflow at 320 px: login, my actions, recommendation', async () => {
    const p = owner;
    await p.setViewportSize({ width: 320, height: 640 });
    const bad = [];
    for (const url of ['/login', '/my', '/recs/1']) {
      await p.goto(url);
      try { await noSidewaysScroll(p); } catch (e) { bad.push(`${url}: ${e.message}`); }
    }
    await p.setViewportSize({ width: 1280, height: 800 });
    check(!bad.length, bad.join('\n'));
  }, ['owner asks for a new target date']);

  // 7. Every page of every role at 1280 and 375 px.
  await layoutSweep(base, { owner, aud, com });
  await dashboardStory(com);
  await cycleRemovalStory(aud);
  await statedFigureStory(aud);

  // 5. The screenshots.
  await step('screenshots saved, 1280 px wide', async () => {
    const want = ['login', 'my-actions', 'recommendation', 'review-queue', 'dashboard',
                  'recommendations', 'report'];
    const missing = want.filter((n) => !shots.includes(n));
    check(!missing.length, `not taken: ${missing.join(', ')}`);
    for (const n of want) {
      const b = fs.readFileSync(path.join(SHOTS, `${n}.png`));
      check(b.readUInt32BE(16) === 1280, `${n}.png is ${b.readUInt32BE(16)} px wide`);
    }
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(DOC_SHOTS, { recursive: true });
      for (const n of ['my-actions', 'recommendation', 'review-queue', 'dashboard']) {
        fs.copyFileSync(path.join(SHOTS, `${n}.png`), path.join(DOC_SHOTS, `${n}.png`));
      }
    }
  });
}

/* My actions on a phone: every column of the overdue table (Due, Months
** overdue, Band) is on the screen, or the table says it scrolls. */
async function myActionsShowsAll(page) {
  const hidden = await page.evaluate(() => {
    const t = [...document.querySelectorAll('table')].find((x) => /^Overdue/.test(
      x.caption ? x.caption.textContent : ''));
    if (!t) return ['no Overdue table'];
    const wrap = t.closest('.at-table-wrap');
    if (wrap && wrap.querySelector('.at-scroll-cue') && wrap.tabIndex === 0) return [];
    return [...t.querySelectorAll('tbody td')].filter((c) => {
      const b = c.getBoundingClientRect();
      return b.width > 0 && b.right > window.innerWidth;
    }).map((c) => c.textContent.trim()).slice(0, 5);
  });
  check(!hidden.length, `/my at ${page.viewportSize().width} px hides, with no cue: ${hidden.join(', ')}`);
}

const AXE_AT_375 = new Set(['/my', '/recs?status=all', '/dashboard', '/admin/people', 'import check']);

/* The committee's dashboard at 1280 and 375 px: its headline figures, its charts (each an
** image with a text alternative and its table), the longest overdue, nothing wider than the
** window, axe clean. */
async function dashboardStory(com) {
  await step('committee: the dashboard at today\'s committee', async () => {
    // A second committee cycle, today's, after the layout sweep's: the dashboard opens at it,
    // with a trend; the sweep's long-titled recommendation is the longest overdue.
    const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    at(['cycle', 'add', 'This committee', '--as-at', iso(TODAY)]);
    await com.setViewportSize({ width: 1280, height: 800 });
    await com.goto('/dashboard');
    await mustContain(com, ['Dashboard', `As at ${dayLong(TODAY)} (This committee)`,
                            'At a glance', 'Longest overdue', 'Who must attend or has been notified',
                            'Trend across committee cycles'], '/dashboard');
    await shot(com, 'dashboard');
  }, ['layout: a long-titled overdue recommendation, a cycle, a filter']);
  for (const [w, h] of [[1280, 800], [375, 812]]) {
    await step(`committee: the dashboard's figures, charts and worst items at ${w} px`, async () => {
      await com.setViewportSize({ width: w, height: h });
      await com.goto('/dashboard');
      const cards = await com.locator('.at-card').evaluateAll((es) => es.map((e) => ({
        title: e.querySelector('.govuk-summary-card__title').innerText,
        figure: e.querySelector('.at-card__figure').innerText,
        link: e.querySelector('.at-card__figure a')?.getAttribute('href') ?? '',
        box: e.getBoundingClientRect().toJSON() })));
      const titles = cards.map((c) => c.title);
      for (const t of ['Open', 'Overdue', 'Implemented since the last meeting', 'Implemented on time'])
        check(titles.includes(t), `no headline card "${t}" (have ${titles.join(', ')})`);
      for (const c of cards) {
        check(/^\d+%?$|^None fell due$/.test(c.figure), `card "${c.title}" shows "${c.figure}"`);
        check(c.box.right <= w, `card "${c.title}" reaches ${c.box.right} px at ${w}`);
      }
      check(cards.find((c) => c.title === 'Open').link.startsWith('/recs?as_at='),
            'the open figure does not link to the list');
      // The first headline figures are on the first screen.
      check(cards[0].box.top < h, `the first headline figure starts at ${cards[0].box.top} px`);
      const charts = await com.locator('.at-chart-block').evaluateAll((es) => es.map((e) => {
        const svg = e.querySelector('svg');
        const id = (svg?.getAttribute('aria-labelledby') ?? '').split(' ');
        return { role: svg?.getAttribute('role'), table: !!e.querySelector('table caption'),
                 title: id[0] && document.getElementById(id[0])?.textContent,
                 desc: id[1] && document.getElementById(id[1])?.textContent,
                 width: svg?.getBoundingClientRect().width ?? 0,
                 marks: svg?.querySelectorAll('rect[fill^="url("], path[stroke-dasharray]').length ?? 0 };
      }));
      check(charts.length === 3, `${charts.length} charts, not 3 (risk and band, open and overdue trend)`);
      for (const c of charts) {
        check(c.role === 'img' && c.title && c.desc && c.table,
              `a chart without role=img, a title, a description or its table: ${JSON.stringify(c)}`);
        check(c.marks > 0, `chart "${c.title}" draws no patterned bar or dashed line`);
        check(c.width > 0 && c.width <= w, `chart "${c.title}" is ${c.width} px wide at ${w}`);
      }
      // The layout sweep's recommendation, overdue since 2019, heads the list, linked.
      const worst = await com.locator('#worst + .at-table-wrap tbody tr').evaluateAll((rs) =>
        rs.map((r) => ({ href: r.querySelector('td:nth-child(2) a')?.getAttribute('href') ?? '',
                         name: r.querySelector('td:nth-child(2) a')?.innerText ?? '' })));
      check(worst.length >= 1 && worst[0].name.startsWith(LONG_TITLE.slice(0, 40))
            && /^\/recs\/\d+$/.test(worst[0].href),
            `the longest overdue list: ${JSON.stringify(worst)}`);
      await noSidewaysScroll(com);
      if (w === 375) await shot(com, 'dashboard-375');
    }, ['committee: the dashboard at today\'s committee']);
    await axeCheck(com, `dashboard at ${w} px`, ['committee: the dashboard at today\'s committee']);
  }
  await com.setViewportSize({ width: 1280, height: 800 });
}

async function layoutSweep(base, pages) {
  const extra = await step('layout: a long-titled overdue recommendation, a cycle, a filter', () => {
    at(['audit', 'add', '--title', LONG_AUDIT, '--directorate', 'Adults', '--date', '2019-01-15',
        '--assurance', 'limited']);
    at(['rec', 'add', '--audit', '2', '--ref', '3', '--title', LONG_TITLE, '--text', LONG_TITLE,
        '--target', '2019-09-30', '--owner', 'Payroll manager', '--director', LONG_OWNER,
        '--directorate', 'Adults', '--risk', 'H']);
    at(['cycle', 'add', 'Audit Committee 15 February 2022', '--as-at', '2022-02-15']);
    // What the cycle's paper stated: the cycles page lists it at both widths.
    at(['cycle', 'state', 'Audit Committee 15 February 2022', 'overdue', '3', '--band',
        'over 12 months']);
    // A message held as may have been sent, as a run killed while the mail server had
    // it leaves one (test/e2e/notify.sh makes it so): the outbox shows it with Release.
    execFileSync('sqlite3', [DB, 'INSERT INTO outbox(recipient, email, subject, message,'
      + ' message_id, as_at, next_at, created_at, flight, flight_run, flight_at) VALUES('
      + `'${LONG_OWNER}', 'director@council.example', 'Audit recommendations: 1 item for your`
      + " attention', 'x', 'held@council.example', '2022-02-15', 0, '2022-02-15T07:00:00Z',"
      + " 'unknown', 'elsewhere 1 x', 0)"]);
  });
  const adm = await newPage(base);
  await step('admin signs in', () => signIn(adm, 'admin', 'Adam Admin', '/my'));
  const map = path.join(ROOT, 'examples', 'manchester.map');
  const tracker = path.join(ROOT, 'examples', 'seed-trackers', '004.csv');
  const who = [
    ['owner', pages.owner, ['/my', '/recs/1', '/recs/4', '/account']],
    ['auditor', pages.aud, ['/my', '/recs?status=all', '/recs/4', '/audits', '/audits/2', '/review',
                            '/import', 'import check', '/dashboard', '/reports',
                            '/reports/escalations', '/reports/outstanding',
                            '/reports/pack?directorate=Adults', '/cycles']],
    ['committee', pages.com, ['/dashboard', '/recs', '/reports/summary?directorate=Adults']],
    ['admin', adm, ['/admin/users', '/admin/people', '/admin/outbox?all=1', '/cycles']],
  ];
  for (const width of [1280, 375]) {
    await step(`layout at ${width} px: no split words, no sideways page, no developer words`,
      async () => {
        const bad = [];
        for (const [role, page, urls] of who) {
          if (broken.has(`${role} signs in`)) { bad.push(`${role} could not sign in`); continue; }
          setCurrent(page);
          await page.setViewportSize({ width, height: 800 });
          for (const url of urls) {
            if (url === 'import check') {
              await page.goto('/import');
              await page.getByLabel('Tracker', { exact: true }).setInputFiles(tracker);
              await page.getByLabel('Column map (optional)', { exact: true }).setInputFiles(map);
              await Promise.all([page.waitForURL('**/import'),
                                 page.getByRole('button', { name: 'Check the tracker' }).click()]);
              await page.locator('tr[data-status-word]').first().waitFor();
            } else {
              const res = await page.goto(url);
              if (res.status() !== 200) bad.push(`${role} ${url}: ${res.status()}`);
            }
            bad.push(...(await layoutProblems(page, `${role} ${url}`)));
            await shot(page, `layout-${role}${url.replace(/[^a-z0-9]+/gi, '-')}-${width}`);
            if (url === '/admin/outbox?all=1') {
              const release = page.getByRole('button', { name: /^Release message \d+ to be sent again$/ });
              const tag = page.locator('strong.govuk-tag--orange', { hasText: 'May have been sent' });
              if (!(await release.isVisible())) bad.push('/admin/outbox: no Release button');
              if (!(await tag.isVisible())) bad.push('/admin/outbox: no "May have been sent" tag');
              // At 1280 px the table scrolls sideways (the long name and address): the
              // button must come into view when scrolled to, and the page stay still.
              await release.scrollIntoViewIfNeeded();
              const box = await release.boundingBox();
              if (!box || box.x < 0 || box.x + box.width > width) bad.push(`/admin/outbox: Release cannot be reached at ${width} px`);
              await page.evaluate(() => window.scrollTo(0, 0));
              const first = await page.locator('#outbox tbody tr').first().innerText();
              if (!first.includes('May have been sent')) bad.push('/admin/outbox: the held message is not first');
            }
            if (url === '/audits/2') {
              const name = await page.locator('a[href="/recs/4"]').innerText();
              if (!(name.endsWith('…') && name.length <= 91)) {
                bad.push(`/audits/2: the list shows the whole text, ${name.length} characters`);
              }
            }
            if (width === 375 && url === '/my' && role === 'owner') {
              try { await myActionsShowsAll(page); } catch (e) { bad.push(e.message); }
            }
            // The cards and the scrolling regions are made by auditrack.js: axe them too.
            if (width === 375 && AXE_AT_375.has(url)) bad.push(...(await axeSerious(page, `${role} ${url}`)));
          }
          await page.setViewportSize({ width: 1280, height: 800 });
        }
        check(!bad.length, `${bad.length} problems:\n${bad.join('\n')}`);
      }, ['setup: register and server'].concat(extra ? [] : ['layout: a long-titled overdue recommendation, a cycle, a filter']));
  }
}

// Removing a reporting cycle asks first, at both widths, and the answer removes it.
async function cycleRemovalStory(aud) {
  const NAME = 'Cycle to remove';
  await step('auditor: removing a cycle asks first, then removes it', async () => {
    at(['cycle', 'add', NAME, '--as-at', '2023-03-31']);
    for (const width of [375, 1280]) {
      setCurrent(aud);
      await aud.setViewportSize({ width, height: 800 });
      await aud.goto('/cycles');
      await Promise.all([aud.waitForURL('**/cycles/remove'),
                         aud.getByRole('button', { name: `Remove ${NAME}` }).click()]);
      const h1 = (await aud.locator('h1').innerText()).trim();
      check(h1 === `Remove the cycle ${NAME}?`, `the question reads "${h1}"`);
      await noSidewaysScroll(aud);
      check(at(['cycle', 'list']).includes(NAME), 'asking removed the cycle');
      if (width === 375) {
        await Promise.all([aud.waitForURL('**/cycles'),
                           aud.getByRole('link', { name: 'No, keep it' }).click()]);
      }
    }
    await shot(aud, 'cycle-remove-confirm');
  });
  await axeCheck(aud, 'cycle removal question', ['auditor: removing a cycle asks first, then removes it']);
  await step('auditor: yes removes the cycle, with a banner', async () => {
    await Promise.all([aud.waitForURL('**/cycles'),
                       aud.getByRole('button', { name: 'Yes, remove it' }).click()]);
    await banner(aud, 'Cycle removed');
    check(!at(['cycle', 'list']).includes(NAME), 'the cycle is still listed');
  }, ['auditor: removing a cycle asks first, then removes it']);
}

// Internal audit records a figure the cycle's paper stated, on the cycles page, and the
// summary for the cycle says where the register differs: Manchester's paper of 15 February
// 2022 says 9 recommendations are not yet overdue; none of them is in the tracker.
async function statedFigureStory(aud) {
  const CYCLE = 'Audit Committee 15 February 2022';
  await step('auditor: records a figure the paper stated; the summary says where it differs',
    async () => {
      setCurrent(aud);
      await aud.setViewportSize({ width: 375, height: 800 });
      await aud.goto('/cycles');
      await aud.getByLabel('Cycle', { exact: true }).selectOption(CYCLE);
      await aud.getByLabel('Figure', { exact: true }).selectOption('not_yet_due');
      await aud.getByLabel('The number the paper printed').fill('9');
      await Promise.all([aud.waitForURL('**/cycles'),
                         aud.getByRole('button', { name: 'Record the figure' }).click()]);
      await banner(aud, 'Figure recorded');
      const row = aud.locator('tr', { hasText: '9 not yet due' });
      check(await row.isVisible(), 'the stated figure is not listed');
      check(await aud.getByRole('button', { name: `Remove 9 not yet due from ${CYCLE}` }).count() === 1,
        'no Remove button named for the figure');
      await noSidewaysScroll(aud);
      await shot(aud, 'cycle-stated-375');
      await aud.setViewportSize({ width: 1280, height: 800 });
      await shot(aud, 'cycle-stated-1280');
      await aud.goto(`/reports/summary?cycle=${encodeURIComponent(CYCLE)}`);
      await mustContain(aud, ['The paper of 15 February 2022 stated 9 not yet due; the register '
        + 'gives 0 as at that date.', 'The paper of 15 February 2022 stated 3 overdue over 12 '
        + 'months'], 'the summary for the cycle');
      await aud.goto('/cycles'); // for axe
    });
  await axeCheck(aud, 'cycles page with stated figures',
    ['auditor: records a figure the paper stated; the summary says where it differs']);
}

run(setUp, story);
