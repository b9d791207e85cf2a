// OpenID Connect providers on loopback for the single sign-on tests.
//
//   node test/oidc/provider.mjs REDIRECT_URI
//
// Prints "ready ISSUER HOSTILE_ISSUER" once both listen on loopback ports of
// their own. At ISSUER: a real provider (the npm package oidc-provider, pinned in
// package-lock.json) with one confidential client, "auditrack" (secret
// "test-secret", client_secret_basic, PKCE required), and fixed users:
// whoever signs in at its own login page (any password) is the user of that
// login in USERS. At HOSTILE_ISSUER: a tiny issuer that signs its own tokens with
// a key this script holds, and misbehaves as told by GET /mode?m=MODE (see
// MODES; user=LOGIN and tid=ID say who it signs in), for the refusals an
// honest provider cannot be made to show. Stops on SIGTERM.
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const [redirectUri] = process.argv.slice(2);
const listen = (srv) => new Promise((ok) => srv.listen(0, '127.0.0.1', () => ok(srv.address().port)));
let callback;
const real = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((e) => { res.writeHead(500); res.end(String(e)); });
  } else {
    callback(req, res);
  }
});
const bad = http.createServer((req, res) => {
  hostileHandle(req, res).catch((e) => json(res, 500, { error: String(e) }));
});
const issuer = `http://127.0.0.1:${await listen(real)}`;
const hostile = `http://127.0.0.1:${await listen(bad)}`;

const USERS = {
  ann: { email: 'ann.owner@example.org', email_verified: true, name: 'Ann Owner', groups: [] },
  aud: { email: 'auditor@example.org', email_verified: true, name: 'Test auditor', groups: [] },
  unverified: { email: 'auditor@example.org', email_verified: false, name: 'Not verified' },
  eve: { email: 'eve@elsewhere.example', email_verified: true, name: 'Eve', groups: [] },
  grp: { email: 'gina@example.org', email_verified: true, name: 'Gina', groups: ['audit-team'] },
  canteen: { email: 'carl@example.org', email_verified: true, name: 'Carl', groups: ['canteen'] },
  // As Entra ID gives it: no email_verified, but xms_edov (the domain's owner vouches).
  entra: { email: 'auditor@example.org', xms_edov: true, name: 'Entra user' },
};

const { privateKey: provKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'auditrack', client_secret: 'test-secret', redirect_uris: [redirectUri],
    grant_types: ['authorization_code'], response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  findAccount: async (ctx, id) => USERS[id] && {
    accountId: id,
    claims: async () => ({ sub: id, ...USERS[id] }),
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  cookies: { keys: ['auditrack-test-cookie-key'] },
  jwks: { keys: [{ ...provKey.export({ format: 'jwk' }), kid: 'prov-1', alg: 'RS256', use: 'sig' }] },
  ttl: { Session: 600, Interaction: 600, Grant: 600, IdToken: 600, AccessToken: 600,
    AuthorizationCode: 60 },
});
provider.on('server_error', (ctx, err) => console.error('provider error', err));

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const body = (req) => new Promise((ok) => {
  let s = '';
  req.on('data', (d) => { s += d; });
  req.on('end', () => ok(new URLSearchParams(s)));
});

// The provider's own sign-in page: one form, login and password.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><head><title>Test provider</title></head><body>
<main><h1>Test identity provider</h1><form method="post" action="/interaction/${esc(details.uid)}">
<label for="login">Login</label> <input id="login" name="login" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Continue</button></form></main></body></html>`);
    return;
  }
  const login = (await body(req)).get('login');
  if (!USERS[login]) {
    await provider.interactionFinished(req, res, { error: 'access_denied' });
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res,
    { login: { accountId: login }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

callback = provider.callback();

// ---- the hostile issuer ----

const { privateKey: hKey, publicKey: hPub } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey: otherKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey: ecKey, publicKey: ecPub } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (k, kid, alg) => ({ ...k.export({ format: 'jwk' }), kid, alg, use: 'sig' });
let jwks = [jwk(hPub, 'h-1', 'RS256'), jwk(ecPub, 'h-ec', 'ES256')];
const codes = new Map();
let mode = 'good';
let who = { sub: 'hostile-ann', ...USERS.ann };

const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
function sign(head, claims, how) {
  const data = `${b64(head)}.${b64(claims)}`;
  if (how === 'none') return `${data}.`;
  if (how === 'hs256') {
    const secret = hPub.export({ type: 'spki', format: 'pem' });
    return `${data}.${crypto.createHmac('sha256', secret).update(data).digest('base64url')}`;
  }
  if (how === 'es256') {
    return `${data}.${crypto.sign('sha256', Buffer.from(data), { key: ecKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  }
  return `${data}.${crypto.sign('sha256', Buffer.from(data), how || hKey).toString('base64url')}`;
}

// Each MODE: the header, the claims changed and the key; 'good' is honest.
const MODES = {
  good: {},
  'wrong-aud': { claims: { aud: 'someone-else' } },
  'multi-aud-no-azp': { claims: { aud: ['auditrack', 'someone-else'] } },
  'multi-aud-azp': { claims: { aud: ['auditrack', 'someone-else'], azp: 'auditrack' } },
  'wrong-iss': { claims: { iss: 'http://127.0.0.1:1' } },
  expired: { claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 4000 } },
  'future-iat': { claims: { iat: Math.floor(Date.now() / 1000) + 3600 } },
  'wrong-nonce': { claims: { nonce: 'not-the-nonce' } },
  'alg-none': { head: { alg: 'none' }, how: 'none' },
  hs256: { head: { alg: 'HS256', kid: 'h-1' }, how: 'hs256' },
  'bad-sig': { how: otherKey },
  'unknown-kid': { head: { kid: 'h-2' }, how: otherKey },
  rotated: { head: { kid: 'h-2' }, how: otherKey, rotate: true },
  es256: { head: { alg: 'ES256', kid: 'h-ec' }, how: 'es256' },
};

function token(c) {
  const now = Math.floor(Date.now() / 1000);
  const m = MODES[mode];
  if (m.rotate && !jwks.some((k) => k.kid === 'h-2')) {
    jwks = [...jwks, jwk(crypto.createPublicKey(otherKey), 'h-2', 'RS256')];
  }
  const claims = { iss: hostile, aud: 'auditrack', iat: now, exp: now + 300, nonce: c.nonce,
    ...who, ...(m.claims || {}) };
  return sign({ alg: 'RS256', kid: 'h-1', typ: 'JWT', ...(m.head || {}) }, claims, m.how);
}

const json = (res, status, o) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(o));
};

async function hostileHandle(req, res) {
  const u = new URL(req.url, hostile);
  if (u.pathname === '/.well-known/openid-configuration') {
    return json(res, 200, { issuer: hostile, authorization_endpoint: `${hostile}/auth`,
      token_endpoint: `${hostile}/token`, jwks_uri: `${hostile}/jwks` });
  }
  if (u.pathname === '/jwks') return json(res, 200, { keys: jwks });
  if (u.pathname === '/mode') {
    if (!MODES[u.searchParams.get('m')]) return json(res, 400, { error: 'no such mode' });
    mode = u.searchParams.get('m');
    who = { sub: u.searchParams.get('sub') || 'hostile-ann', ...USERS[u.searchParams.get('user') || 'ann'] };
    if (u.searchParams.get('tid')) who.tid = u.searchParams.get('tid');
    return json(res, 200, { mode });
  }
  if (u.pathname === '/auth') {
    const p = u.searchParams;
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
      return json(res, 400, { error: 'invalid_request', error_description: 'PKCE S256 required' });
    }
    const code = crypto.randomBytes(16).toString('hex');
    codes.set(code, { nonce: p.get('nonce'), challenge: p.get('code_challenge'), redirect: p.get('redirect_uri') });
    const to = new URL(p.get('redirect_uri'));
    to.searchParams.set('code', code);
    to.searchParams.set('state', p.get('state'));
    res.writeHead(303, { location: to.href });
    return res.end();
  }
  if (u.pathname === '/token' && req.method === 'POST') {
    const p = await body(req);
    const c = codes.get(p.get('code'));
    codes.delete(p.get('code'));
    const auth = Buffer.from((req.headers.authorization || '').replace(/^Basic /, ''), 'base64').toString();
    const verifier = crypto.createHash('sha256').update(p.get('code_verifier') || '').digest('base64url');
    if (!c || auth !== 'auditrack:test-secret' || verifier !== c.challenge || p.get('redirect_uri') !== c.redirect) {
      return json(res, 400, { error: 'invalid_grant' });
    }
    return json(res, 200, { access_token: 'x', token_type: 'Bearer', id_token: token(c) });
  }
  return json(res, 404, { error: 'not found' });
}
console.log(`ready ${issuer} ${hostile}`);
process.on('SIGTERM', () => process.exit(0));
