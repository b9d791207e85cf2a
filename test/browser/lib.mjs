// lib.mjs: what every browser test shares: the register's temporary directory and
// the `auditrack` command on it, the server on a free loopback port, Debian's
// Chromium through playwright-core, named cases that depend on each other, axe-core
// (WCAG 2.2 AA; serious and critical findings fail), screenshots in build/screenshots/,
// the layout checks (no word split in a table cell, no sideways scroll, no developer
// words) and the run: setup, cases, a clean server exit with no sanitizer report, and
// the "browser: N passed, N failed" line test/run.sh adds up.
//
// Not for: the stories themselves (each test/browser/*.mjs but this one is a story
// that calls run()), nor building anything (give it a binary in AUDITRACK).

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

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'auditrack-browser-'));
const DB = path.join(DIR, 'test.db');

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


function at(args, input) {
  return execFileSync(BIN, ['--db', DB, ...args], {
    input: input ?? '',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/* Start `auditrack serve` on a free loopback port, with the extra arguments and
** environment given; resolves to its base URL. */
function startServer(extra, env) {
  return new Promise((resolve, reject) => {
    server = spawn(BIN, ['--db', DB, 'serve', '--listen', '127.0.0.1:0', '--threads', '2', ...extra],
                   { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
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

// Long words and long titles, as real registers have them: the layout sweep
// adds these before it looks at every page (later, so the story's counts stand).
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

/* The element loc is whole on the first screen of a 375 x 812 phone, checked with
** the page at the top (a picture of that screen in build/screenshots/NAME.png, its
** place printed); returns its box. The viewport is left at 375 x 812. */
async function onFirstScreen(page, loc, name) {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.evaluate(() => window.scrollTo(0, 0));
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const box = await loc.boundingBox();
  check(box && box.y + box.height <= 812,
        `${name}: ${box && Math.round(box.y)} px down at 375x812, below the first screen`);
  console.log(`# ${name}: at ${Math.round(box.y)}-${Math.round(box.y + box.height)} px of 812, `
              + `page ${await page.evaluate(() => document.documentElement.scrollHeight)} px tall`);
  return box;
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

/* Words that belong to developers, not to the pages' users: command-line
** options, repository paths, commands, and the papers' raw statements. */
const DEV_WORDS = /--[a-z]|docs\/|\bauditrack (report|import|rec|audit|notify|user|person|serve|init|verify|cycle|policy|export|pack|scale)\b/;

/* The layout of the page as it is now, at the viewport's width: words split
** across lines in table cells (each word's client rects on more than one
** line), the document wider than the window, developer words in the visible
** text. Returns the problems, each naming the page. A line may break after a
** hyphen, as in print. */
async function layoutProblems(page, url) {
  const w = page.viewportSize().width;
  const got = await page.evaluate((src) => {
    const split = [];
    for (const cell of document.querySelectorAll('td, th')) {
      const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        // A word is what lies between spaces and hyphens: a line may end after a
        // hyphen ("follow-" "up"), never inside a word.
        for (const m of n.data.matchAll(/[^\s-]+-?/g)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const lines = new Set([...r.getClientRects()].filter((x) => x.width > 0)
            .map((x) => Math.round(x.top)));
          if (lines.size > 1) split.push(m[0]);
        }
      }
    }
    const text = document.body.innerText;
    const dev = (text.match(new RegExp(src, 'g')) || []).concat(
      [...document.querySelectorAll('dt')].map((d) => d.textContent.trim())
        .filter((t) => t === 'Only' || t === 'Pack').map((t) => `"${t}:" statement`));
    return { split, dev, sw: document.documentElement.scrollWidth, iw: window.innerWidth };
  }, DEV_WORDS.source);
  const bad = [];
  if (got.split.length) {
    bad.push(`${url} at ${w} px: ${got.split.length} words split across lines in table cells: `
             + [...new Set(got.split)].slice(0, 6).join(', '));
  }
  if (got.sw > got.iw) bad.push(`${url} at ${w} px: the page is ${got.sw} px wide`);
  if (got.dev.length) bad.push(`${url} at ${w} px: developer words: ${[...new Set(got.dev)].join(', ')}`);
  return bad;
}

/* axe-core's serious and critical findings on the page as it is now. */
async function axeSerious(page, label) {
  await page.addScriptTag({ path: AXE });
  const res = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label} at ${page.viewportSize().width} px: axe ${v.id} on `
                + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', '));
}

/* The page the story is on, kept when a case fails. */
function setCurrent(page) {
  current = page;
}

/* Run a story: setUp() makes the register (with at()), the server starts
** (extra `serve` arguments in opts.serve, environment in opts.env), Chromium
** launches, body(base) runs the cases; then everything stops, the server must
** exit cleanly with no sanitizer report, and the counts are printed. opts.seconds
** bounds the whole run (default 240). */
async function run(setUp, body, opts = {}) {
  const seconds = opts.seconds ?? 240;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      console.log(`FAIL interrupted: ${sig}`);
      cleanup().finally(() => process.exit(130));
    });
  }
  const watchdog = setTimeout(() => {
    console.log(`FAIL story: took longer than ${seconds} s`);
    console.log(`browser: ${passed} passed, ${failed + 1} failed`);
    cleanup().finally(() => process.exit(1));
  }, seconds * 1000);
  watchdog.unref();
  try {
    let base;
    fs.rmSync(path.join(SHOTS, 'failed'), { recursive: true, force: true });
    const ready = await step('setup: register and server', async () => {
      check(fs.existsSync(BIN), `no binary at ${BIN} (set AUDITRACK)`);
      check(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM}`);
      await setUp();
      base = await startServer(opts.serve ?? [], opts.env ?? {});
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync',
               '--disable-dev-shm-usage'],
      });
    });
    if (ready) await body(base);
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
  } catch (e) {
    console.log(`FAIL story: ${e && e.stack ? e.stack : e}`);
    await cleanup();
    console.log(`browser: ${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }
}

// A page as it stands, at 1280 and at 375 px: axe, no split words or wide page,
// and a screenshot named PREFIX-LABEL-WIDTH; the viewport is left at 1280.
async function bothWidths(page, label, prefix) {
  for (const w of [1280, 375]) {
    await page.setViewportSize({ width: w, height: 800 });
    await axeCheck(page, `${label} at ${w} px`);
    await step(`${label} at ${w} px: no split words, no wide page`, async () => {
      const bad = await layoutProblems(page, label);
      check(!bad.length, bad.join('\n'));
    });
    await shot(page, `${prefix}-${label.replace(/[^a-z0-9]+/gi, '-')}-${w}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

export {
  ROOT, BIN, SHOTS, DOC_SHOTS, PW, DIR, DB, broken, shots, at, step, check, bodyText, mustContain,
  banner, axeCheck, axeSerious, noSidewaysScroll, shot, newPage, signIn, setCurrent, DEV_WORDS,
  layoutProblems, bothWidths, onFirstScreen, run,
};
