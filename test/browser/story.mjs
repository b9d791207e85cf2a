// story.mjs: the web application's main story in a real browser (Debian's
// Chromium driven by playwright-core): an owner posts an update with evidence
// and asks for a new date, internal audit reviews both and closes the
// recommendation, the audit committee reads the implemented report with a
// confidential recommendation withheld. Every page visited is checked with
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
// "browser: N passed, N failed"; exits 1 when any case failed.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(process.env.ROOT || path.join(HERE, '..', '..'));
const BIN = path.resolve(ROOT, process.env.AUDITRACK || './auditrack');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'build', 'screenshots');
const DOC_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const PW = 'staple-battery-horse-9';
const T0 = Date.now();

// ---- the register the story runs on ----

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'auditrack-browser-'));
const DB = path.join(DIR, 'test.db');
const PDF = path.join(DIR, 'reconciliation.pdf');
const REC_TITLE = 'Monthly reconciliation';
const REC_TEXT = 'Reconcile the payroll to the general ledger every month';
const SECRET = 'Review the payroll supervisor access ZQX-7731';
const EVIDENCE = 'three signed reconciliations';
const NARRATIVE = 'July and August reconciliations signed by the payroll manager';
const DATE_REASON = 'The new payroll system goes live in the autumn';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');
const dayUK = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
const dayLong = (d) => `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`; // web_day()
const TODAY = new Date();
const NEW_TARGET = new Date(TODAY.getFullYear(), TODAY.getMonth(), TODAY.getDate() + 120);
const MONTH_AGO = new Date(TODAY.getFullYear(), TODAY.getMonth() - 1, TODAY.getDate());

let server = null;
let serverLog = '';
let browser = null;
let cleaning = null;

/* Stop the browser and the server (whatever state they are in) and remove the
** temporary directory. Safe to call more than once. */
function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (browser) await browser.close().catch(() => {});
    if (server && server.exitCode === null && server.signalCode === null) {
      const gone = new Promise((res) => server.once('exit', res));
      server.kill('SIGTERM');
      const t = setTimeout(() => server.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    }
    fs.rmSync(DIR, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.log(`FAIL interrupted: ${sig}`);
    cleanup().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  console.log('FAIL story: took longer than 120 s');
  console.log(`browser: ${passed} passed, ${failed + 1} failed`);
  cleanup().finally(() => process.exit(1));
}, 120000);
watchdog.unref();

function at(args, input) {
  return execFileSync(BIN, ['--db', DB, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['user', 'add', 'owner', '--role', 'owner', '--name', 'Olive Owner',
      '--owner-as', 'Payroll manager'], PW + '\n');
  at(['user', 'add', 'auditor', '--role', 'auditor', '--name', 'Ann Auditor'], PW + '\n');
  at(['user', 'add', 'committee', '--role', 'committee', '--name', 'Colin Committee'], PW + '\n');
  at(['audit', 'add', '--title', 'Payroll', '--directorate', 'Resources', '--date', '2024-01-15',
      '--assurance', 'limited']);
  at(['rec', 'add', '--audit', '1', '--ref', '1', '--title', REC_TITLE,
      '--text', REC_TEXT, '--target', '2024-06-30', '--owner', 'Payroll manager',
      '--directorate', 'Resources', '--risk', 'H', '--evidence', EVIDENCE]);
  at(['rec', 'add', '--audit', '1', '--ref', '2', '--text', SECRET, '--target', '2024-06-30',
      '--owner', 'Payroll manager', '--directorate', 'Resources', '--risk', 'H', '--confidential']);
  // Implemented today too, so the implemented report has a line to withhold.
  at(['rec', 'close', '2', '--text', 'Supervisor access ZQX-7731 removed',
      '--evidence', 'access list ZQX-7731 reviewed', '--by', 'Ann Auditor']);
  fs.writeFileSync(PDF, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
}

/* Start `auditrack serve` on a free loopback port; resolves to its base URL. */
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(BIN, ['--db', DB, 'serve', '--listen', '127.0.0.1:0', '--threads', '2'],
                   { stdio: ['ignore', 'ignore', 'pipe'] });
    const t = setTimeout(() => reject(new Error(`no "serving" line in 15 s: ${serverLog}`)), 15000);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (s) => {
      serverLog += s;
      const m = serverLog.match(/serving .* at (http:\/\/127\.0\.0\.1:\d+)\/ with \d+ threads?/);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    server.once('exit', (code, sig) => {
      clearTimeout(t);
      reject(new Error(`server exited (${code ?? sig}): ${serverLog}`));
    });
    server.once('error', reject);
  });
}

// ---- cases ----

let passed = 0;
let failed = 0;
const broken = new Set(); // steps that failed: later steps needing them are not tried

/* Run one named case: "ok NAME" or "FAIL NAME: reason". needs: names of
** earlier cases without which this one cannot run (it fails at once). */
async function step(name, fn, needs = []) {
  const missing = needs.filter((n) => broken.has(n));
  if (missing.length) {
    console.log(`FAIL ${name}: not run, needs ${missing.join(', ')}`);
    failed++;
    broken.add(name);
    return false;
  }
  try {
    await fn();
    console.log(`ok ${name}`);
    passed++;
    return true;
  } catch (e) {
    const msg = String(e && e.message ? e.message : e).split('\n').filter(Boolean).slice(0, 6)
      .join('\n    ');
    console.log(`FAIL ${name}: ${msg}`);
    failed++;
    broken.add(name);
    await keepFailure(name);
    return false;
  }
}

/* Keep the page a case failed on (screenshot and HTML) in build/screenshots/failed/. */
let current = null; // the page the story is on
async function keepFailure(name) {
  if (!current || current.isClosed()) return;
  const dir = path.join(SHOTS, 'failed');
  const base = path.join(dir, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${base}.html`, await current.content());
    await current.screenshot({ path: `${base}.png`, fullPage: true });
  } catch { /* the page may be gone: nothing to keep */ }
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function bodyText(page) {
  return page.locator('body').innerText();
}

async function mustContain(page, texts, where) {
  const body = await bodyText(page);
  for (const t of texts) check(body.includes(t), `${where}: "${t}" not on the page`);
  return body;
}

async function banner(page, text) {
  const b = page.locator('.govuk-notification-banner--success');
  await b.waitFor();
  const got = (await b.innerText()).trim();
  check(got.includes(text), `success banner says "${got.replace(/\s+/g, ' ')}", not "${text}"`);
}

/* axe-core on the page as it is now: serious and critical violations fail. */
const AXE = require.resolve('axe-core/axe.min.js');
const axeNotes = [];
async function axeCheck(page, label, needs = []) {
  await step(`axe ${label}`, async () => {
    await page.addScriptTag({ path: AXE });
    const res = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }));
    check(res.passes.length >= 10, `axe ran only ${res.passes.length} passing rules`);
    const bad = [];
    for (const v of res.violations) {
      const nodes = v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ');
      const line = `${v.id} (${v.impact}) on ${nodes}: ${v.help}`;
      if (v.impact === 'serious' || v.impact === 'critical') bad.push(line);
      else axeNotes.push(`${label}: ${line}`);
    }
    check(!bad.length, `${bad.length} serious or critical:\n${bad.join('\n')}`);
  }, needs);
  await step(`no sideways scroll ${label}`, () => noSidewaysScroll(page), needs);
}

/* Nothing may be wider than the window: no sideways scrolling of the page
** (tables scroll inside their .at-table-wrap). Names the offenders. */
async function noSidewaysScroll(page) {
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= w) return [];
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && ![...e.children].some(
        (c) => c.getBoundingClientRect().right > w + 1))
      .slice(0, 3)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ${Math.round(e.getBoundingClientRect().right)} px: `
                  + (e.textContent || '').slice(0, 60));
  });
  const w = page.viewportSize().width;
  check(!wide.length, `the page scrolls sideways at ${w} px:\n${wide.join('\n')}`);
}

const shots = [];
async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(name);
}

async function newPage(base) {
  const ctx = await browser.newContext({
    baseURL: base,
    bypassCSP: true, // only so axe can be injected
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await ctx.newPage();
  current = page;
  page.setDefaultTimeout(10000); // generous: the ASan build on a busy machine
  page.setDefaultNavigationTimeout(15000);
  return page;
}

/* Sign in through the form; resolves when the start page has loaded. */
async function signIn(page, login, name, landing) {
  await page.goto('/login');
  await page.getByLabel('Login', { exact: true }).fill(login);
  await page.getByLabel('Password', { exact: true }).fill(PW);
  await Promise.all([page.waitForURL((u) => u.pathname === landing),
                     page.getByRole('button', { name: 'Sign in' }).click()]);
  // The header names who is signed in (on a page every role has).
  await page.goto('/accessibility');
  const who = await page.locator('.at-header__user').innerText();
  check(who.includes(name), `header names "${who}", not ${name}`);
  await page.goto(landing);
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
  }, ['owner signs in']);
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
    check((await owner.locator('#current-target').innerText()).includes('30 Jun 2024'),
          'current target changed before internal audit approved it');
    await shot(owner, 'recommendation');
  }, ['owner opens the recommendation']);
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
    for (const s of [newDate, DATE_REASON, '30 Jun 2024']) check(d.includes(s), `date card lacks "${s}"`);
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
    check(t.includes(`Target revised to ${newDate}`), 'no "Target revised to" entry in the history');
    check(/Approved by Ann Auditor/.test(t) && /Accepted by Ann Auditor/.test(t),
          'history does not show the date approved and the update accepted by Ann Auditor');
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

  // 3. The audit committee.
  const com = await newPage(base);
  await step('committee signs in', () => signIn(com, 'committee', 'Colin Committee', '/dashboard'));
  await step('committee: the dashboard', async () => {
    await mustContain(com, ['Dashboard'], '/dashboard');
    await shot(com, 'dashboard');
  });
  await axeCheck(com, 'dashboard', ['committee signs in']);
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
                                         `Confirmed implemented after ${dayUK(MONTH_AGO)}`], 'implemented report');
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
    // Both are closed by now: the default list (open ones) is empty.
    await mustContain(com, ['0 recommendations as at'], '/recs');
    await com.getByLabel('Status', { exact: true }).selectOption('all');
    await Promise.all([com.waitForURL((u) => u.searchParams.get('status') === 'all'),
                       com.getByRole('button', { name: 'Apply filters' }).click()]);
    const body = await mustContain(com, ['2 recommendations as at', REC_TITLE, 'detail withheld'],
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
  await step('keyboard: skip link first, then login, password, button', async () => {
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
    await kb.keyboard.press('Tab');
    f = await focused();
    check(f.tag === 'BUTTON' && f.text === 'Sign in', `after password, Tab went to ${JSON.stringify(f)}`);
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

async function main() {
  let base;
  fs.rmSync(path.join(SHOTS, 'failed'), { recursive: true, force: true });
  const ready = await step('setup: register and server', async () => {
    check(fs.existsSync(BIN), `no binary at ${BIN} (set AUDITRACK)`);
    check(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM}`);
    setUp();
    base = await startServer();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync',
             '--disable-dev-shm-usage'],
    });
  });
  if (ready) await story(base);
  await cleanup();
  await step('server: clean exit, no sanitizer reports', () => {
    check(server, 'server never started');
    check(!/Sanitizer|runtime error/.test(serverLog), `server log:\n${serverLog.slice(-3000)}`);
    check(server.exitCode === 0, `server exit status ${server.exitCode ?? server.signalCode}`);
  }, ['setup: register and server']);
  for (const n of axeNotes) console.log(`# axe (moderate/minor) ${n}`);
  console.log(`# ${((Date.now() - T0) / 1000).toFixed(1)} s`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch(async (e) => {
  console.log(`FAIL story: ${e && e.stack ? e.stack : e}`);
  await cleanup();
  console.log(`browser: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
