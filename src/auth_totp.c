/*
** auth_totp.c: two-factor authentication by TOTP (RFC 6238: HMAC-SHA-1, 30 s
** steps, 6 digits, one step of drift either way), recovery codes, the second
** step of signing in, and the sessions an account can see (auth_account.h).
**
** Why each choice: SHA-1, 6 digits and 30 s because every authenticator app
** reads them from a QR code or a typed secret without asking; each step is
** accepted once (the last one used is kept), so a code seen over a shoulder is
** spent; recovery codes are 80 random bits each, stored as BLAKE2b hashes keyed
** by a random salt of their own, and spent on use. The secret itself is kept as it is (see
** docs/security.md: it must be read back to check a code). HMAC is OpenSSL's.
** Not for: passwords (auth.c), links by e-mail (auth_link.c) or pages.
*/
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_account.h"
#include "store_account.h"

#define TOTP_STEP 30
#define N_RECOVERY 10

uint32_t totp_hotp(const unsigned char *key, size_t nKey, uint64_t counter, int nDigit) {
  unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
  unsigned int nMac = 0;
  for (int i = 7; i >= 0; i--, counter >>= 8) msg[i] = (unsigned char)(counter & 0xff);
  if (!HMAC(EVP_sha1(), key, (int)nKey, msg, sizeof msg, mac, &nMac) || nMac < 20)
    fatal("HMAC-SHA-1 failed");
  int off = mac[19] & 0x0f;
  uint32_t v = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
               ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
  uint32_t mod = 1;
  for (int i = 0; i < nDigit; i++) mod *= 10;
  return v % mod;
}

static const char zB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void totp_base32(const unsigned char *p, size_t n, char *zOut, size_t nOut) {
  size_t j = 0;
  unsigned buf = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    buf = (buf << 8) | p[i];
    bits += 8;
    while (bits >= 5 && j + 1 < nOut) zOut[j++] = zB32[(buf >> (bits -= 5)) & 31];
  }
  if (bits > 0 && j + 1 < nOut) zOut[j++] = zB32[(buf << (5 - bits)) & 31];
  zOut[j] = 0;
}

int totp_base32_decode(const char *z, unsigned char *pOut, size_t nOut) {
  unsigned buf = 0;
  int bits = 0;
  size_t j = 0;
  for (; *z; z++) {
    if (*z == '=' || *z == ' ') continue;
    char c = (char)(*z >= 'a' && *z <= 'z' ? *z - 32 : *z);
    const char *p = strchr(zB32, c);
    if (!p || !c) return -1;
    buf = (buf << 5) | (unsigned)(p - zB32);
    bits += 5;
    if (bits >= 8) {
      if (j >= nOut) return -1;
      pOut[j++] = (unsigned char)((buf >> (bits -= 8)) & 0xff);
    }
  }
  return (int)j;
}

/* ---- enrolment ---- */

/* Percent-encode z into out (for the otpauth URI's label and issuer). */
static void uri_encode(Buf *out, const char *z) {
  for (; *z; z++) {
    unsigned char c = (unsigned char)*z;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_')
      buf_putc(out, (char)c);
    else
      buf_appendf(out, "%%%02X", c);
  }
}

/* The otpauth:// URI an authenticator app reads (Google Authenticator's Key Uri Format). */
static void totp_uri(Db *db, const User *u, const char *zSecret, Buf *uri) {
  char *zOrg = db_meta_get(db, "organisation");
  const char *zIssuer = zOrg && zOrg[0] ? zOrg : "auditrack";
  buf_puts(uri, "otpauth://totp/");
  uri_encode(uri, zIssuer);
  buf_puts(uri, ":");
  uri_encode(uri, u->zLogin);
  buf_appendf(uri, "?secret=%s&issuer=", zSecret);
  uri_encode(uri, zIssuer);
  buf_puts(uri, "&algorithm=SHA1&digits=6&period=30");
  free(zOrg);
}

int auth_totp_begin(Db *db, const User *u, char *zSecret, Buf *uri, Buf *err) {
  unsigned char key[20];
  randombytes_buf(key, sizeof key);
  totp_base32(key, sizeof key, zSecret, 64);
  sodium_memzero(key, sizeof key);
  if (store_totp_begin(db, u->id, zSecret)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  totp_uri(db, u, zSecret, uri);
  return ACT_OK;
}

int auth_totp_pending(Db *db, const User *u, char *zSecret, Buf *uri) {
  int confirmed = 0, found = 0;
  long long last;
  if (store_totp_get(db, u->id, zSecret, &confirmed, &last, &found)) return -1;
  if (!found || confirmed) return 0;
  totp_uri(db, u, zSecret, uri);
  return 1;
}

/* The step (of now, now-1 or now+1) at which zCode is the secret's code, or -1. */
static long long code_step(const char *zSecret, const char *zCode, long long now) {
  unsigned char key[64];
  if (strlen(zCode) != 6 || strspn(zCode, "0123456789") != 6) return -1;
  int nKey = totp_base32_decode(zSecret, key, sizeof key);
  if (nKey <= 0) return -1;
  long long t = now / TOTP_STEP, found = -1;
  uint32_t want = (uint32_t)atol(zCode);
  for (long long s = t - 1; s <= t + 1; s++) {
    /* Every candidate is computed: the time taken does not depend on which matched. */
    if (totp_hotp(key, (size_t)nKey, (uint64_t)s, 6) == want && found < 0) found = s;
  }
  sodium_memzero(key, sizeof key);
  return found;
}

/* A recovery code as stored: a random 128-bit salt and BLAKE2b-256 keyed by it,
** "SALT:HASH" in hex (zOut room for 100), so that equal codes never store alike and
** no table of precomputed hashes applies (ASVS 2.6.2). */
static void recovery_hash(const char *zCode, const unsigned char salt[16], char *zOut) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)zCode, strlen(zCode), salt, 16);
  sodium_bin2hex(zOut, 33, salt, 16);
  zOut[32] = ':';
  sodium_bin2hex(zOut + 33, 65, h, sizeof h);
}

/* Does zCode (normalised) match the stored "SALT:HASH"? In constant time. */
static int recovery_match(const char *zCode, const char *zStored) {
  unsigned char salt[16];
  char z[100];
  if (strlen(zStored) != 97 || zStored[32] != ':' ||
      sodium_hex2bin(salt, sizeof salt, zStored, 32, 0, 0, 0))
    return 0;
  recovery_hash(zCode, salt, z);
  return sodium_memcmp(z, zStored, 97) == 0;
}

/* Spend the account's unused recovery code zCode, if it is one: *pn 1, else 0. */
static int recovery_spend(Db *db, long long userId, const char *zCode, long long now, int *pn) {
  RecoveryRow *a = 0;
  int n = 0, rc = store_recovery_unused(db, userId, &a, &n);
  long long id = 0;
  *pn = 0;
  for (int i = 0; i < n && !rc; i++)
    if (recovery_match(zCode, a[i].zHash) && !id) id = a[i].id;
  free(a);
  if (!rc && id) rc = store_recovery_use(db, id, now, pn);
  return rc;
}

/* A code typed with spaces or dashes, in either case: "abcd-efgh..." -> "abcdefgh...". */
static void code_norm(const char *z, char *zOut, size_t n) {
  size_t j = 0;
  for (; *z && j + 1 < n; z++) {
    if (*z == ' ' || *z == '-') continue;
    zOut[j++] = (char)(*z >= 'A' && *z <= 'Z' ? *z + 32 : *z);
  }
  zOut[j] = 0;
}

int auth_totp_confirm(Db *db, const Actor *who, long long userId, const char *zCode, long long now,
                      char azCode[10][24], Buf *err) {
  char zSecret[64], zNorm[32];
  int confirmed, found;
  long long last;
  buf_reset(err);
  if (store_totp_get(db, userId, zSecret, &confirmed, &last, &found))
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (!found) return buf_fail(err, ACT_INVALID, "start again: no two-factor set-up is waiting");
  if (confirmed) return buf_fail(err, ACT_CONFLICT, "two-factor authentication is on already");
  code_norm(zCode, zNorm, sizeof zNorm);
  long long step = code_step(zSecret, zNorm, now);
  if (step < 0)
    return buf_fail(err, ACT_INVALID,
                    "the code is not the one your app shows now: enter the "
                    "6 digits it shows, before they change");
  db_error_clear(db);
  if (db_begin(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  int rc = store_totp_confirm(db, userId, step);
  for (int i = 0; i < N_RECOVERY && !rc; i++) {
    unsigned char a[10];
    unsigned char salt[16];
    char z32[20], zH[100];
    randombytes_buf(a, sizeof a);
    randombytes_buf(salt, sizeof salt);
    totp_base32(a, sizeof a, z32, sizeof z32); /* 16 characters, 80 bits */
    for (char *p = z32; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    snprintf(azCode[i], 24, "%.4s-%.4s-%.4s-%.4s", z32, z32 + 4, z32 + 8, z32 + 12);
    recovery_hash(z32, salt, zH);
    rc = store_recovery_add(db, userId, zH);
  }
  User u;
  if (!rc && auth_user_get(db, userId, 0, &u) < 0) rc = 1;
  if (!rc) rc = auth_notice_queue(db, &u, "Two-factor authentication was turned on", now);
  return act_finish(db, rc, who, "user.2fa-on", "user", userId, "{}", err);
}

int auth_totp_on(Db *db, long long userId) {
  char zSecret[64];
  int confirmed = 0, found = 0;
  long long last;
  if (store_totp_get(db, userId, zSecret, &confirmed, &last, &found)) return -1;
  sodium_memzero(zSecret, sizeof zSecret);
  return found && confirmed;
}

int auth_recovery_left(Db *db, long long userId) {
  int n = 0;
  return store_recovery_left(db, userId, &n) ? -1 : n;
}

/* Wrong second factors: 5 free, then a wait of a minute doubling up to l's lock. */
static int code_wait(Db *db, const char *zKey, long long now, const AuthLimits *l, int *pWait) {
  int n = 0;
  long long last = 0;
  *pWait = 0;
  if (store_fail_get(db, zKey, &n, &last)) return 1;
  if (now > last) n -= (int)((now - last) / 900);
  if (n < 5) return 0;
  int lock = l && l->lockSeconds > 0 ? l->lockSeconds : AUTH_LOCK_SECONDS;
  long long delay = 60LL << (n - 5 > 6 ? 6 : n - 5);
  if (delay > lock) delay = lock;
  long long left = last + delay - now;
  *pWait = left > 0 ? (int)left : 0;
  return 0;
}

AuthRc auth_totp_verify(Db *db, long long userId, const char *zCode, const char *zAddr,
                        long long now, int *pWait, const AuthLimits *l) {
  char zSecret[64], zNorm[32], zKey[48];
  int confirmed, found, n = 0;
  long long last, tThrottle = auth_clock(l, now);
  (void)zAddr;
  snprintf(zKey, sizeof zKey, "2fa:%lld", userId);
  if (code_wait(db, zKey, tThrottle, l, pWait)) return AUTH_ERROR;
  if (*pWait > 0) return AUTH_THROTTLED;
  if (store_totp_get(db, userId, zSecret, &confirmed, &last, &found)) return AUTH_ERROR;
  code_norm(zCode, zNorm, sizeof zNorm);
  long long step = found && confirmed ? code_step(zSecret, zNorm, tThrottle) : -1;
  sodium_memzero(zSecret, sizeof zSecret);
  if (db_begin(db)) return AUTH_ERROR;
  int rc = 0, reused = 0;
  if (step >= 0) {
    rc = store_totp_step(db, userId, step, &n); /* n 0: this step's code was used already */
    reused = !rc && !n;
  } else if (strlen(zNorm) == 16) {
    rc = recovery_spend(db, userId, zNorm, tThrottle, &n);
  }
  if (!rc) rc = n ? store_fail_clear(db, zKey) : store_fail_bump(db, zKey, tThrottle);
  /* A right code used again is someone else holding it, or a form sent twice: the
  ** holder is told (ASVS 2.8.5), and the caller writes an alert line. */
  User u;
  if (!rc && reused && auth_user_get(db, userId, 0, &u) == 0)
    rc =
        auth_notice_queue(db, &u, "A code from your authenticator app was used a second time", now);
  if (rc || db_commit(db)) {
    db_rollback(db);
    return AUTH_ERROR;
  }
  return n ? AUTH_OK : reused ? AUTH_REUSED : AUTH_REFUSED;
}

int auth_totp_reset(Db *db, const Actor *who, long long userId, long long now, Buf *err) {
  User u;
  buf_reset(err);
  db_error_clear(db);
  if (db_begin(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  int rc = store_totp_delete(db, userId) || store_session_delete(db, 0, userId) ||
           auth_user_get(db, userId, 0, &u) < 0;
  if (!rc)
    rc = auth_notice_queue(db, &u, "Two-factor authentication was turned off by an administrator",
                           now);
  return act_finish(db, rc, who, "user.2fa-reset", "user", userId, "{}", err);
}

/* ---- sessions ---- */

int auth_session_begin(Db *db, const char *zToken, const User *u, long long sessionNow,
                       const char *zAgent, int *pStage) {
  char zH[65];
  AccountSettings cfg;
  (void)sessionNow;
  auth_token_hash(zToken, zH);
  int on = auth_totp_on(db, u->id);
  if (on < 0 || account_settings_load(db, &cfg)) return 1;
  *pStage = on ? STAGE_CODE : cfg.aRequire2fa[u->role] ? STAGE_ENROL : STAGE_FULL;
  if (store_session_mark(db, zH, *pStage, zAgent)) {
    /* Never leave a session at a stage it was not meant to have. */
    long long id = 0, created, seen;
    User v;
    char zCsrf[AUTH_TOKEN_MAX];
    if (!store_session_find(db, zH, &v, zCsrf, &id, &created, &seen) && id &&
        store_session_delete(db, id, 0))
      db_error_clear(db);
    return 1;
  }
  return 0;
}

int auth_session_promote(Db *db, long long oldId, long long userId, long long now,
                         const char *zAddr, const char *zAgent, char *zToken) {
  char zCsrf[AUTH_TOKEN_MAX], zH[65];
  auth_random_token(zToken, 32);
  auth_random_token(zCsrf, 32);
  auth_token_hash(zToken, zH);
  if (db_begin(db)) return 1;
  int rc = store_session_delete(db, oldId, 0) ||
           store_session_add(db, userId, zH, zCsrf, now, zAddr) ||
           store_session_mark(db, zH, STAGE_FULL, zAgent);
  if (rc || db_commit(db)) {
    db_rollback(db);
    return 1;
  }
  return 0;
}

void auth_agent_summary(const char *zAgent, char *z, size_t n) {
  static const struct {
    const char *zNeedle, *zName;
  } aBrowser[] = {{"Edg/", "Edge"},          {"OPR/", "Opera"},           {"Firefox/", "Firefox"},
                  {"Chromium/", "Chromium"}, {"Chrome/", "Chrome"},       {"Safari/", "Safari"},
                  {"curl/", "curl"},         {"HeadlessChrome", "Chrome"}},
    aSystem[] = {{"iPhone", "iPhone"},   {"iPad", "iPad"},      {"Android", "Android"},
                 {"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"},
                 {"Linux", "Linux"}};
  const char *zB = 0, *zS = 0;
  if (!zAgent || !zAgent[0]) {
    snprintf(z, n, "Unknown browser");
    return;
  }
  for (size_t i = 0; i < sizeof aBrowser / sizeof aBrowser[0] && !zB; i++)
    if (strstr(zAgent, aBrowser[i].zNeedle)) zB = aBrowser[i].zName;
  for (size_t i = 0; i < sizeof aSystem / sizeof aSystem[0] && !zS; i++)
    if (strstr(zAgent, aSystem[i].zNeedle)) zS = aSystem[i].zName;
  if (zB && zS)
    snprintf(z, n, "%s on %s", zB, zS);
  else
    snprintf(z, n, "%s", zB ? zB : zS ? zS : "Other browser");
}

int auth_session_list(Db *db, long long userId, SessionRow **pa, int *pn) {
  return store_session_list(db, userId, pa, pn);
}

int auth_session_end(Db *db, long long userId, long long id, int *pn) {
  return store_session_end(db, userId, id, pn);
}

int auth_session_end_others(Db *db, long long userId, long long keepId) {
  return store_session_end_others(db, userId, keepId);
}
