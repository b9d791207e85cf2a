// sso.mjs: single sign-on in a real browser. A person the register names signs
// in through the test provider's own sign-in page (test/oidc/provider.mjs, the
// npm oidc-provider on loopback), is made an owner just in time and lands on
// My actions with their recommendation, and the return address asked for before
// signing in survives the round trip. The sign-in page with its provider button
// is checked with axe-core and the keyboard, at 1280 and 375 px.
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/sso.mjs
// Prints "ok NAME" or "FAIL NAME: reason" per case, then "browser: N passed,
// N failed". The harness (server, browser, cases, axe) is lib.mjs.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, DIR, at, step, check, mustContain, axeCheck, noSidewaysScroll, shot, newPage, setCurrent, run,
} from './lib.mjs';

const REC_TEXT = 'Reconcile the payroll to the general ledger every month';
let provider = null;

function setUp() {
  at(['init', '--org', 'Test Council']);
  at(['audit', 'add', '--title', 'Payroll', '--date', '2024-01-15', '--directorate', 'Resources']);
  at(['rec', 'add', '--audit', '1', '--title', 'Monthly reconciliation', '--text', REC_TEXT,
      '--target', '2024-06-30', '--owner', 'Ann Owner']);
  at(['rec', 'add', '--audit', '1', '--text', 'Someone else answers for this one',
      '--target', '2024-06-30', '--owner', 'Bob Other']);
  at(['person', 'set', 'Ann Owner', '--email', 'ann.owner@example.org']);
}

/* Start the test provider for this server; resolves to its issuer. */
function startProvider(base) {
  return new Promise((ok, fail) => {
    provider = spawn('node', [path.join(ROOT, 'test', 'oidc', 'provider.mjs'), `${base}/sso/callback`],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`the provider did not start: ${err}`)), 60000);
    provider.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^ready (\S+) (\S+)/m);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    provider.stderr.on('data', (d) => { err += d; });
  });
}

async function story(base) {
  try {
    await steps(base);
  } finally {
    if (provider) provider.kill('SIGTERM');
  }
}

async function steps(base) {
  await step('provider: started and added', async () => {
    const issuer = await startProvider(base);
    fs.writeFileSync(path.join(DIR, 'secret.txt'), 'test-secret\n');
    at(['sso', 'add', 'test', '--issuer', issuer, '--client-id', 'auditrack', '--secret-file',
        path.join(DIR, 'secret.txt'), '--label', 'Test Council account', '--insecure-http']);
  });
  const page = await newPage(base);
  setCurrent(page);
  await step('sign-in page: names the organisation, offers the provider first', async () => {
    await page.goto('/recs/1');
    check(new URL(page.url()).pathname === '/login', `signed out, /recs/1 went to ${page.url()}`);
    const body = await mustContain(page, ['Test Council', 'Sign in with Test Council account',
                                          'Or sign in with a password'], 'sign-in page');
    check(body.indexOf('Sign in with Test Council account') < body.indexOf('Password'),
          'the provider button is not before the password form');
    const button = page.getByRole('button', { name: 'Sign in with Test Council account' });
    check(await button.count() === 1, 'the provider link is not a button to assistive technology');
    // The keyboard reaches it before the login field.
    await page.keyboard.press('Tab');
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      reached = await page.evaluate(() => document.activeElement?.textContent?.includes('Sign in with'));
      if (!reached) await page.keyboard.press('Tab');
    }
    check(reached, 'Tab never reaches the provider button');
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await noSidewaysScroll(page);
    }
    await shot(page, 'sso-sign-in');
  }, ['provider: started and added']);
  await axeCheck(page, 'sign-in page with a provider', ['sign-in page: names the organisation, offers the provider first']);
  await page.setViewportSize({ width: 375, height: 800 });
  await axeCheck(page, 'sign-in page with a provider at 375 px', ['sign-in page: names the organisation, offers the provider first']);
  await page.setViewportSize({ width: 1280, height: 800 });
  await step('owner: signs in through the provider, lands where they were going', async () => {
    await page.getByRole('button', { name: 'Sign in with Test Council account' }).click();
    await page.getByLabel('Login').waitFor();
    check(new URL(page.url()).origin !== new URL(base).origin, `still on auditrack: ${page.url()}`);
    await page.getByLabel('Login').fill('ann');
    await page.getByLabel('Password').fill('anything');
    await Promise.all([page.waitForURL((u) => u.origin === new URL(base).origin && u.pathname === '/recs/1'),
                       page.getByRole('button', { name: 'Continue' }).click()]);
    await mustContain(page, ['Monthly reconciliation', REC_TEXT], '/recs/1 after signing in');
    const who = await page.locator('.at-header__user').innerText();
    check(who.includes('Ann Owner'), `the header names "${who}"`);
  }, ['provider: started and added']);
  await step('owner: My actions shows their recommendation, and only theirs', async () => {
    await page.goto('/my');
    const body = await mustContain(page, ['Monthly reconciliation'], 'My actions');
    check(!body.includes('Someone else answers'), 'My actions shows another owner\'s recommendation');
    const users = at(['user', 'list']);
    check(/ann\.owner@example\.org.*owner/.test(users), `no owner account made:\n${users}`);
    await shot(page, 'sso-my-actions');
  }, ['owner: signs in through the provider, lands where they were going']);
  await axeCheck(page, 'My actions after single sign-on', ['owner: My actions shows their recommendation, and only theirs']);
  await step('owner: signs out, and in again from the sign-in page: lands on My actions', async () => {
    await Promise.all([page.waitForURL('**/login'), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.getByRole('button', { name: 'Sign in with Test Council account' }).click();
    // The provider may remember the person (its own session): its page is then skipped.
    await page.waitForURL((u) => u.pathname.startsWith('/interaction/') || u.pathname === '/my');
    if (new URL(page.url()).pathname !== '/my') {
      await page.getByLabel('Login').fill('ann');
      await Promise.all([page.waitForURL((u) => u.pathname === '/my'),
                         page.getByRole('button', { name: 'Continue' }).click()]);
    }
    check(new URL(page.url()).origin === new URL(base).origin, `ended at ${page.url()}`);
    await mustContain(page, ['Monthly reconciliation'], 'My actions');
  }, ['owner: My actions shows their recommendation, and only theirs']);
}

run(setUp, story, { seconds: 300 });
