// accounts.mjs: local accounts in a real browser: the administrator invites Nina
// by e-mail; she opens the link from the message, chooses her password (a weak one
// first, refused with the reason), signs in, sets up two-factor authentication
// from the key shown as text, keeps her recovery codes, signs out, and signs in
// again with a code from her authenticator app, landing on the page she asked
// for. Each page of the way (invitation form, link page, code page, set-up page,
// recovery codes, sessions) is checked with axe-core and for sideways scrolling
// at 1280 and 375 px, and screenshotted in build/screenshots/.
//
// Not for: links that expire, throttling or identical answers (test/e2e/accounts.sh,
// on a fixed clock); this checks that the pages work as pages.
//
// Usage: AUDITRACK=build/asan/auditrack node test/browser/accounts.mjs

import crypto from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import fs from 'node:fs';
import path from 'node:path';
import {
  DIR, at, step, check, mustContain, banner, axeCheck, shot, newPage, signIn, run,
} from './lib.mjs';

const MAILDIR = path.join(DIR, 'mail');
const NEWPW = 'lantern-pasture-copper-71';

// The code an authenticator app shows for base32 secret s at step t (30 s each).
function totp(s, t) {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s) bits += a.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(t));
  const h = crypto.createHmac('sha1', key).update(msg).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// The /password/ link of the newest message written to MAILDIR.
function inviteLink() {
  at(['notify', 'outbox', '--retry', 'all', '--send', '--outbox-dir', MAILDIR]);
  const f = fs.readdirSync(MAILDIR).filter((n) => n.endsWith('.eml')).sort().pop();
  check(f, 'no message written');
  const text = fs.readFileSync(path.join(MAILDIR, f), 'utf8').replace(/=\r?\n/g, '');
  const m = text.match(/https:\/\/audit\.example\/(password\/[A-Za-z0-9_-]+)/);
  check(m, 'no link in the message');
  return `/${m[1]}`;
}

// axe and sideways scrolling at 1280 px and at 375 px, with a screenshot at each.
async function bothWidths(page, label) {
  for (const w of [1280, 375]) {
    await page.setViewportSize({ width: w, height: 800 });
    await axeCheck(page, `${label} at ${w} px`);
    await shot(page, `accounts-${label.replace(/[^a-z0-9]+/g, '-')}-${w}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

function setUp() {
  fs.mkdirSync(MAILDIR, { recursive: true });
  at(['init', '--org', 'Test Council']);
  at(['user', 'add', 'admin', '--role', 'admin', '--name', 'Ada Admin'], 'staple-battery-horse-9\n');
  at(['notify', 'set', 'from', 'audit@council.example']);
  at(['notify', 'set', 'base-url', 'https://audit.example/']);
}

async function story(base) {
  const admin = await newPage(base);
  let link = '';
  await step('the administrator invites Nina by e-mail', async () => {
    await signIn(admin, 'admin', 'Ada Admin', '/my');
    await admin.goto('/admin/users');
    await admin.getByRole('link', { name: 'Invite someone by e-mail' }).click();
    await mustContain(admin, ['Invite someone', 'for 7 days'], 'invitation form');
  });
  await bothWidths(admin, 'invitation form');
  await step('the invitation is sent', async () => {
    await admin.getByLabel('Login', { exact: true }).fill('nina');
    await admin.getByLabel('Full name').fill('Nina Owner');
    await admin.getByLabel('Email address').fill('nina@council.example');
    await admin.getByLabel('Role').selectOption('owner');
    await admin.getByLabel('Owner as').fill('Payroll manager');
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await banner(admin, 'Invitation sent to nina@council.example');
    link = inviteLink();
  }, ['the administrator invites Nina by e-mail']);

  await step('the administrator sees which roles must use two factors', async () => {
    await admin.goto('/admin/users');
    await admin.getByRole('link', { name: 'Two-factor authentication by role' }).click();
    await mustContain(admin, ['Required for', 'Auditor'], 'two-factor by role');
    check(await admin.getByLabel('Administrator').isChecked() === false, 'administrator ticked');
  }, ['the administrator invites Nina by e-mail']);
  await bothWidths(admin, 'two-factor by role');

  const nina = await newPage(base);
  await step('Nina opens the link and a weak password is refused with the reason', async () => {
    await nina.goto(link);
    await mustContain(nina, ['Choose your password', 'nina'], 'link page');
    await nina.getByLabel('New password', { exact: true }).fill('password1234');
    await nina.getByLabel('New password again').fill('password1234');
    await nina.getByRole('button', { name: 'Set password' }).click();
    await mustContain(nina, ['There is a problem', 'That password is one of the most commonly used'],
                      'refused password');
  }, ['the invitation is sent']);
  await bothWidths(nina, 'choose password');
  await step('Nina sets her password and signs in', async () => {
    await nina.getByLabel('New password', { exact: true }).fill(NEWPW);
    await nina.getByLabel('New password again').fill(NEWPW);
    await nina.getByRole('button', { name: 'Set password' }).click();
    await banner(nina, 'Your password has been set');
    await nina.getByLabel('Login', { exact: true }).fill('nina');
    await nina.getByLabel('Password', { exact: true }).fill(NEWPW);
    // A password typed on a phone can be checked before it is sent: Show, then Hide.
    const pw = nina.locator('#password');
    await nina.getByRole('button', { name: 'Show password' }).click();
    check(await pw.getAttribute('type') === 'text', 'Show reveals the password');
    await nina.getByRole('button', { name: 'Hide password' }).click();
    check(await pw.getAttribute('type') === 'password', 'Hide masks it again');
    await Promise.all([nina.waitForURL((u) => u.pathname === '/my'),
                       nina.getByRole('button', { name: 'Sign in' }).click()]);
  }, ['Nina opens the link and a weak password is refused with the reason']);

  let secret = '';
  let used = 0;
  await step('Nina starts two-factor set-up from her account', async () => {
    await nina.goto('/account');
    await mustContain(nina, ['Where you are signed in', 'This browser',
                             'Off: signing in asks for your password only.'], 'account page');
    await nina.getByRole('link', { name: 'Set up two-factor authentication' }).click();
    await nina.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    secret = (await nina.locator('#totp-secret').innerText()).replace(/\s/g, '');
    check(/^[A-Z2-7]{32}$/.test(secret), `the key shown is "${secret}"`);
    const href = await nina.locator('#totp-uri').getAttribute('href');
    check(href.startsWith('otpauth://totp/Test%20Council:nina?secret=' + secret), `link ${href}`);
    // The QR code scans, as a phone's camera would read it off the screen, to the same link.
    const shot = PNG.sync.read(await nina.locator('#totp-qr svg').screenshot());
    const scanned = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    check(scanned && scanned.data === href, `the QR code reads ${scanned ? scanned.data : 'nothing'}`);
    const label = await nina.locator('#totp-qr svg').getAttribute('aria-label');
    check(/QR code/.test(label), `the QR code is labelled "${label}"`);
  }, ['Nina sets her password and signs in']);
  await bothWidths(nina, 'two-factor set-up');
  await step('a code from the app turns it on and shows ten recovery codes once', async () => {
    used = Math.floor(Date.now() / 1000 / 30);
    await nina.getByLabel('Code from the app').fill(totp(secret, used));
    await nina.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await mustContain(nina, ['Two-factor authentication is on', 'will not be shown again'], 'codes');
    const n = await nina.locator('#recovery-codes li').count();
    check(n === 10, `${n} recovery codes shown`);
  }, ['Nina starts two-factor set-up from her account']);
  await bothWidths(nina, 'recovery codes');
  await step('after signing out, the password leads to the code, which lands on the page asked for',
    async () => {
      await nina.getByRole('button', { name: 'Sign out' }).click();
      await nina.goto('/account');
      check(new URL(nina.url()).pathname === '/login', `signed out, /account went to ${nina.url()}`);
      await nina.getByLabel('Login', { exact: true }).fill('nina');
      await nina.getByLabel('Password', { exact: true }).fill(NEWPW);
      await Promise.all([nina.waitForURL((u) => u.pathname === '/login/code'),
                         nina.getByRole('button', { name: 'Sign in' }).click()]);
      await mustContain(nina, ['Enter your code', 'recovery codes'], 'code page');
    }, ['a code from the app turns it on and shows ten recovery codes once']);
  await bothWidths(nina, 'code page');
  await step('the code signs Nina in on her account page', async () => {
    // The step after the one used to set it up: accepted (one step of drift), never reused.
    await nina.getByLabel('Code').fill(totp(secret, Math.max(used + 1, Math.floor(Date.now() / 30000))));
    await Promise.all([nina.waitForURL((u) => u.pathname === '/account'),
                       nina.getByRole('button', { name: 'Continue' }).click()]);
    await mustContain(nina, ['On: signing in asks for a code from your authenticator app.',
                             'Chrome on Linux', 'This browser'], 'account after the code');
  }, ['after signing out, the password leads to the code, which lands on the page asked for']);
  await bothWidths(nina, 'account sessions');
}

run(setUp, story);
