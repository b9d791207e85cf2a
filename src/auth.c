/*
** auth.c: accounts, passwords, sessions, API tokens and login throttling.
**
** Why each choice: argon2id (crypto_pwhash_str) at libsodium's interactive
** limits, rehashed on login when those limits change; tokens of 32 random bytes
** stored only as BLAKE2b-256 digests (they are unguessable, so a fast hash is
** enough, and a stolen database holds nothing that logs in); per-account and
** per-account-and-address and per-address failure counts that decay, with a
** delay doubling from the fifth failure up to a cap, so guessing is slow, a
** forgotten password costs a legitimate user a minute, and nobody's guesses
** lock the owner out (auth_login's header says how).
** Not for: HTTP (cookies and headers are web.c's) or SQL (store_user.c).
*/
#include "auth.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth_account.h"
#include "mail.h"

void auth_limits_default(AuthLimits *l) {
  l->idleSeconds = 30 * 60;
  l->absoluteSeconds = 12 * 3600;
  l->lockSeconds = AUTH_LOCK_SECONDS;
  l->firstWait = AUTH_FIRST_WAIT;
  l->fixedNow = 0;
}

void auth_random_token(char *z, size_t nBytes) {
  unsigned char a[64];
  if (nBytes > sizeof a) fatal("auth_random_token: %zu bytes is too many", nBytes);
  randombytes_buf(a, nBytes);
  sodium_bin2base64(z, sodium_base64_ENCODED_LEN(nBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    a, nBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(a, sizeof a);
}

void auth_token_hash(const char *zToken, char zHex[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)zToken, strlen(zToken), 0, 0);
  sodium_bin2hex(zHex, 65, h, sizeof h);
}

/* ---- passwords ---- */

/* Passwords of 12 or more characters that appear near the top of the published
** lists of leaked passwords, beside the common-password list (whose entries are
** mostly shorter: the length rule refuses those, the stem rule their longer
** variants). */
static const char *const azCommon[] = {"123456789012",
                                       "1234567890123",
                                       "12345678901234",
                                       "123456789123",
                                       "1234567891011",
                                       "password1234",
                                       "password12345",
                                       "password123456",
                                       "passwordpassword",
                                       "qwertyuiopasdf",
                                       "qwertyuiop12",
                                       "qwertyuiop123",
                                       "1qaz2wsx3edc",
                                       "1q2w3e4r5t6y",
                                       "q1w2e3r4t5y6",
                                       "zaq12wsxcde3",
                                       "iloveyou1234",
                                       "abcdefghijkl",
                                       "abcd1234abcd",
                                       "abc123abc123",
                                       "111111111111",
                                       "000000000000",
                                       "123123123123",
                                       "987654321098",
                                       "letmein12345",
                                       "welcome12345",
                                       "welcome123456",
                                       "changeme1234",
                                       "administrator",
                                       "administrator1",
                                       "trustno1trustno1",
                                       "football1234",
                                       "monkey123456",
                                       "sunshine1234",
                                       "princess1234",
                                       "baseball1234",
                                       "superman1234",
                                       "michael12345",
                                       "starwars1234",
                                       "dragon123456",
                                       "qwerty123456",
                                       "qwertyqwerty",
                                       "asdfghjkl123",
                                       "asdfasdfasdf",
                                       "passw0rd1234",
                                       "p@ssw0rd1234",
                                       "p@ssword1234",
                                       "Password1234",
                                       "Password123!",
                                       "Welcome12345",
                                       "correcthorsebatterystaple",
                                       "iloveyouiloveyou",
                                       "1234qwerasdf",
                                       "1234567890qwerty",
                                       "qwerty1234567",
                                       "mypassword123",
                                       "secretpassword",
                                       "defaultpassword",
                                       "adminadmin123",
                                       "spring2024!!",
                                       "summer2024!!",
                                       "autumn2024!!",
                                       "winter2024!!",
                                       "january2024!",
                                       0};

/* Is z (lower case) in the common-password list? A binary search. */
static int common_password(const char *z) {
  int lo = 0, hi = auth_common_passwords_n - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2, c = strcmp(z, auth_common_passwords[mid]);
    if (c == 0) return 1;
    if (c < 0)
      hi = mid - 1;
    else
      lo = mid + 1;
  }
  return 0;
}

/* A leaked password, in any case, or one with digits and symbols added to
** the end of one ("Summer2025!!", "Password2025"): the first thing guessed. */
static int password_guessable(const char *zPw) {
  char z[1025];
  size_t n = strlen(zPw);
  if (n >= sizeof z) return 0;
  for (size_t i = 0; i <= n; i++) z[i] = (char)tolower((unsigned char)zPw[i]);
  int guessable = common_password(z);
  while (!guessable && n > 0 && !isalpha((unsigned char)z[n - 1])) z[--n] = 0;
  guessable = guessable || (n >= 4 && common_password(z));
  sodium_memzero(z, sizeof z); /* a copy of the password */
  return guessable;
}

int auth_password_check(const char *zPw, const char *zLogin, const char *zName, Buf *err) {
  size_t nByte = strlen(zPw), nChar = 0;
  for (const unsigned char *p = (const unsigned char *)zPw; *p; p++) nChar += (*p & 0xc0) != 0x80;
  buf_reset(err);
  if (nChar < 12) {
    buf_appendf(err, "a password needs at least 12 characters (this one has %zu)", nChar);
    return 1;
  }
  if (nByte > 1024) {
    buf_puts(err, "a password may be at most 1024 bytes");
    return 1;
  }
  for (int i = 0; azCommon[i]; i++) {
    if (!strcasecmp(zPw, azCommon[i])) {
      buf_puts(err, "that password is one of the most commonly used: choose another");
      return 1;
    }
  }
  if (password_guessable(zPw)) {
    buf_puts(err, "that password is one of the most commonly used: choose another");
    return 1;
  }
  int same = 1;
  for (size_t i = 1; i < nByte && same; i++) same = zPw[i] == zPw[0];
  if (same) {
    buf_puts(err, "a password of one repeated character is too easy to guess");
    return 1;
  }
  if ((zLogin && zLogin[0] && strcasestr(zPw, zLogin)) ||
      (zName && zName[0] && !strcasecmp(zPw, zName))) {
    buf_puts(err, "a password must not contain the account's login or name");
    return 1;
  }
  return 0;
}

int auth_password_hash(const char *zPw, char *zOut) {
  return crypto_pwhash_str(zOut, zPw, strlen(zPw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/* ---- accounts ---- */

static int say(Buf *err, int rc, const char *zMsg) {
  buf_reset(err);
  buf_puts(err, zMsg);
  return rc;
}

/* The account with this id (or login) into *u: ACT_OK, ACT_NOT_FOUND, or
** ACT_ERROR with the database's message when it cannot be read. */
static int user_must_get(Db *db, long long id, const char *zLogin, User *u, Buf *err) {
  if (store_user_get(db, id, zLogin, u, 0)) return say(err, ACT_ERROR, db_errmsg(db));
  return u->id ? ACT_OK : say(err, ACT_NOT_FOUND, "no such account");
}

/* db_begin failed: say why (read-only storage, a database that failed its
** integrity check, a lock held too long). */
static int begin_failed(Db *db, Buf *err) {
  buf_reset(err);
  buf_appendf(err, "cannot start a transaction: %s", db_errmsg(db));
  return ACT_ERROR;
}

/* act_finish for a change to account id, with the detail j (JSON) freed here. */
static int finish(Db *db, int rc, const Actor *who, const char *zAction, long long id, Buf *j,
                  Buf *err) {
  rc = act_finish(db, rc, who, zAction, "user", id, buf_cstr(j), err);
  buf_free(j);
  return rc;
}

static int login_ok(const char *z) {
  size_t n = strlen(z);
  if (n == 0 || n > 60) return 0;
  for (; *z; z++) {
    if (!((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') || (*z >= '0' && *z <= '9') ||
          *z == '.' || *z == '_' || *z == '-' || *z == '@'))
      return 0;
  }
  return 1;
}

/* An account's e-mail address, checked as notifications will use it: 0 when
** empty or valid, else 1 with the reason in err. */
static int email_bad(const char *z, Buf *err) {
  char zWhy[120];
  if (!z[0] || mail_addr_valid(z, zWhy, sizeof zWhy)) return 0;
  buf_reset(err);
  buf_appendf(err, "the e-mail address is not valid: %s", zWhy);
  return 1;
}

int auth_user_add(Db *db, const Actor *who, User *u, const char *zPw, Buf *err) {
  buf_reset(err);
  if (!login_ok(u->zLogin)) {
    return say(err, ACT_INVALID, "a login is 1 to 60 letters, digits and . _ - @");
  }
  if (!u->zName[0]) snprintf(u->zName, sizeof u->zName, "%s", u->zLogin);
  if (u->role == ROLE_DIRECTOR && !u->zDirectorate[0]) {
    return say(err, ACT_INVALID, "a director needs the directorate they answer for");
  }
  if (email_bad(u->zEmail, err)) return ACT_INVALID;
  if (u->role == ROLE_OWNER && !u->zOwnerAs[0]) {
    /* By default an owner answers for recommendations whose owner is their name. */
    snprintf(u->zOwnerAs, sizeof u->zOwnerAs, "%s", u->zName);
  }
  if (auth_password_check(zPw, u->zLogin, u->zName, err)) return ACT_INVALID;
  User old;
  if (store_user_get(db, 0, u->zLogin, &old, 0)) return say(err, ACT_ERROR, db_errmsg(db));
  if (old.id) return say(err, ACT_CONFLICT, "that login is taken");
  char zHash[crypto_pwhash_STRBYTES];
  if (auth_password_hash(zPw, zHash))
    return say(err, ACT_ERROR, "out of memory hashing the password");
  db_error_clear(db);
  if (db_begin(db)) return begin_failed(db, err);
  int rc = store_user_add(db, u, zHash, &u->id);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"login\":");
  buf_json_str(&j, u->zLogin);
  buf_puts(&j, ",\"role\":");
  buf_json_str(&j, role_names[u->role]);
  buf_putc(&j, '}');
  return finish(db, rc, who, "user.add", u->id, &j, err);
}

int auth_user_set(Db *db, const Actor *who, long long id, const char *zField, const char *zValue,
                  Buf *err) {
  User u;
  buf_reset(err);
  int rc = user_must_get(db, id, 0, &u, err);
  if (rc) return rc;
  if (!strcmp(zField, "role")) {
    int r = role_from_name(zValue);
    if (r < 0)
      return say(err, ACT_INVALID, "a role is admin, auditor, director, owner or committee");
    zValue = role_names[r];
    if (r == ROLE_DIRECTOR && !u.zDirectorate[0]) {
      return say(err, ACT_INVALID, "set the account's directorate before making it a director");
    }
  } else if (!strcmp(zField, "disabled")) {
    if (strcmp(zValue, "0") && strcmp(zValue, "1"))
      return say(err, ACT_INVALID, "disabled is 0 or 1");
  } else if (!strcmp(zField, "name")) {
    if (!zValue[0]) return say(err, ACT_INVALID, "a name cannot be empty");
  } else if (!strcmp(zField, "email")) {
    if (email_bad(zValue, err)) return ACT_INVALID;
  } else if (!strcmp(zField, "directorate")) {
    /* A director without one would read as nobody's limit: refused here, where
    ** the command line and the web both change accounts. */
    if (u.role == ROLE_DIRECTOR && !zValue[0])
      return say(err, ACT_INVALID, "a director needs the directorate they answer for");
  } else if (strcmp(zField, "owner-as")) {
    return say(err, ACT_INVALID,
               "an account's fields are role, name, email, directorate, owner-as, disabled");
  }
  if (strlen(zValue) >= USER_FIELD_MAX) return say(err, ACT_INVALID, "at most 120 bytes");
  db_error_clear(db);
  if (db_begin(db)) return begin_failed(db, err);
  rc = store_user_set(db, id, zField, zValue);
  /* Whoever lost access must not keep it through a session opened before. */
  if (!rc && (!strcmp(zField, "role") || !strcmp(zField, "disabled") ||
              !strcmp(zField, "directorate") || !strcmp(zField, "owner-as")))
    rc = store_session_delete(db, 0, id);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"field\":");
  buf_json_str(&j, zField);
  buf_puts(&j, ",\"new\":");
  buf_json_str(&j, zValue);
  buf_putc(&j, '}');
  return finish(db, rc, who, "user.set", id, &j, err);
}

int auth_user_password(Db *db, const Actor *who, long long id, const char *zPw, Buf *err) {
  User u;
  buf_reset(err);
  int rc = user_must_get(db, id, 0, &u, err);
  if (rc) return rc;
  if (auth_password_check(zPw, u.zLogin, u.zName, err)) return ACT_INVALID;
  char zHash[crypto_pwhash_STRBYTES];
  if (auth_password_hash(zPw, zHash))
    return say(err, ACT_ERROR, "out of memory hashing the password");
  db_error_clear(db);
  if (db_begin(db)) return begin_failed(db, err);
  rc = store_user_set(db, id, "pw_hash", zHash);
  /* A new password ends every session: whoever knew the old one is signed out. */
  if (!rc) rc = store_session_delete(db, 0, id);
  Buf j = BUF_INIT;
  return finish(db, rc, who, "user.password", id, &j, err);
}

/* Failures forgotten: one per quiet FAIL_DECAY seconds (store_fail_bump counts
** the same way), so an occasional typo never adds up to a lockout. */
#define FAIL_DECAY 900

/* Seconds to wait before another attempt after n failures, the last at tLast:
** none for the first nFree, then first seconds doubling up to maxWait. */
static int throttle_wait(int n, int nFree, long long tLast, long long now, int first, int maxWait) {
  if (now > tLast) n -= (int)((now - tLast) / FAIL_DECAY);
  if (n < nFree) return 0;
  int shift = n - nFree;
  long long delay = (1LL << (shift > 10 ? 10 : shift)) * first;
  if (delay > maxWait) delay = maxWait;
  long long left = tLast + delay - now;
  return left > 0 ? (int)left : 0;
}

/* The time throttling counts by: the caller's, unless a test fixed it. Sessions
** always take the caller's. */
static long long throttle_now(const AuthLimits *l, long long now) {
  return l && l->fixedNow ? l->fixedNow : now;
}

/* The throttling keys: a login from an address, and the address. */
static void fail_keys(const char *zLogin, const char *zAddr, char *zKeyU, char *zKeyA) {
  snprintf(zKeyU, 160, "u:%.60s|%.70s", zLogin, zAddr ? zAddr : "");
  for (char *p = zKeyU; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  snprintf(zKeyA, 80, "a:%.70s", zAddr ? zAddr : "");
}

/* Seconds to wait before another try for either key, or 0; -1 when the counts
** cannot be read (never taken for "no failures": that would lift the limit). */
static int fail_wait(Db *db, const char *zKeyU, const char *zKeyA, long long now,
                     const AuthLimits *l) {
  int nU, nA;
  long long tU, tA;
  if (store_fail_get(db, zKeyU, &nU, &tU) || store_fail_get(db, zKeyA, &nA, &tA)) return -1;
  int lock = l && l->lockSeconds > 0 ? l->lockSeconds : AUTH_LOCK_SECONDS;
  int first = l && l->firstWait > 0 ? l->firstWait : AUTH_FIRST_WAIT;
  int wU = throttle_wait(nU, 5, tU, now, first, lock);
  int wA = throttle_wait(nA, 20, tA, now, first, 900);
  return wU > wA ? wU : wA;
}

AuthRc auth_password_verify(Db *db, long long userId, const char *zPw, const char *zAddr,
                            long long now, int *pWait, const AuthLimits *l) {
  User u;
  char *zHash = 0, zKeyU[160], zKeyA[80];
  *pWait = 0;
  now = throttle_now(l, now);
  if (store_user_get(db, userId, 0, &u, &zHash)) return AUTH_ERROR;
  if (!u.id || !zHash) {
    free(zHash);
    return AUTH_REFUSED;
  }
  fail_keys(u.zLogin, zAddr, zKeyU, zKeyA);
  if ((*pWait = fail_wait(db, zKeyU, zKeyA, now, l)) != 0) {
    free(zHash);
    if (*pWait > 0) return AUTH_THROTTLED;
    *pWait = 0;
    return AUTH_ERROR;
  }
  int ok = strlen(zPw) <= 1024 && crypto_pwhash_str_verify(zHash, zPw, strlen(zPw)) == 0;
  free(zHash);
  if (ok) return AUTH_OK;
  /* A wrong current password counts as a failed sign-in: a session left open
  ** must not become a way to guess the password without limit. */
  if (db_begin(db)) return AUTH_ERROR;
  if (store_fail_bump(db, zKeyU, now) || store_fail_bump(db, zKeyA, now) || db_commit(db)) {
    db_rollback(db);
    return AUTH_ERROR;
  }
  return AUTH_REFUSED;
}

int auth_user_get(Db *db, long long id, const char *zLogin, User *out) {
  if (store_user_get(db, id, zLogin, out, 0)) return -1;
  return out->id ? 0 : 1;
}

int auth_user_list(Db *db, User **pa, int *pn) { return store_user_list(db, pa, pn); }

int auth_delegate(Db *db, const Actor *who, long long recId, long long userId, int remove,
                  Buf *err) {
  User u;
  buf_reset(err);
  int rc = user_must_get(db, userId, 0, &u, err), found = 0;
  if (rc) return rc;
  if (store_rec_exists(db, recId, &found)) return say(err, ACT_ERROR, db_errmsg(db));
  if (!found) return say(err, ACT_NOT_FOUND, "no such recommendation");
  db_error_clear(db);
  if (db_begin(db)) return begin_failed(db, err);
  rc = store_delegation_set(db, recId, userId, remove);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"login\":");
  buf_json_str(&j, u.zLogin);
  buf_appendf(&j, ",\"delegated\":%s}", remove ? "false" : "true");
  rc = act_finish(db, rc, who, "rec.delegate", "rec", recId, buf_cstr(&j), err);
  buf_free(&j);
  return rc;
}

/* ---- logging in ---- */

/* Sessions and failure counts that have served their purpose go at every
** sign-in: they hold addresses, and nothing reads them again. */
static int purge(Db *db, long long now, long long tThrottle, const AuthLimits *l) {
  AuthLimits d;
  if (!l) auth_limits_default(&d), l = &d;
  return store_auth_purge(db, now - l->idleSeconds, now - l->absoluteSeconds, tThrottle);
}

AuthRc auth_login(Db *db, const char *zLogin, const char *zPw, const char *zAddr, long long now,
                  User *u, char *zToken, int *pWait, const AuthLimits *l) {
  char zKeyU[160], zKeyA[80];
  long long tThrottle = throttle_now(l, now);
  fail_keys(zLogin, zAddr, zKeyU, zKeyA);
  if ((*pWait = fail_wait(db, zKeyU, zKeyA, tThrottle, l)) != 0) {
    if (*pWait > 0) return AUTH_THROTTLED;
    *pWait = 0;
    return AUTH_ERROR;
  }
  char *zHash = 0;
  int found = 0;
  memset(u, 0, sizeof *u);
  if (strlen(zLogin) <= 60) {
    if (store_user_get(db, 0, zLogin, u, &zHash)) return AUTH_ERROR;
    /* An invited account has no password until it sets one: it cannot sign in. */
    found = u->id && zHash && zHash[0];
  }
  /* Verify against a real hash even for an unknown login, so that timing does
  ** not tell which logins exist. */
  static const char zDummy[crypto_pwhash_STRBYTES] =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
      "u1d6m0pGk2tH0kLRUEGrbXJVjI4VfaBuxOaq8ou0Ovc";
  int ok = crypto_pwhash_str_verify(found ? zHash : zDummy, zPw, strlen(zPw)) == 0;
  ok = ok && found && !u->disabled;
  AuthRc rc = AUTH_REFUSED;
  if (db_begin_session(db)) {
    free(zHash);
    return AUTH_ERROR;
  }
  int w = purge(db, now, tThrottle, l);
  if (!w && !ok) {
    w = store_fail_bump(db, zKeyU, tThrottle) || store_fail_bump(db, zKeyA, tThrottle);
    /* The wait this failure leaves for the next try: once it is not 0, guessing
    ** has been noticed (the caller may raise an alert). */
    int next = w ? 0 : fail_wait(db, zKeyU, zKeyA, tThrottle, l);
    if (next < 0) w = 1;
    *pWait = next > 0 ? next : 0;
  } else if (!w) {
    char zCsrf[AUTH_TOKEN_MAX], zH[65];
    auth_random_token(zToken, 32);
    auth_random_token(zCsrf, 32);
    auth_token_hash(zToken, zH);
    w = store_fail_clear(db, zKeyU) || store_fail_clear(db, zKeyA) ||
        store_session_add(db, u->id, zH, zCsrf, now, zAddr);
    if (!w && crypto_pwhash_str_needs_rehash(zHash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      char zNew[crypto_pwhash_STRBYTES];
      if (!auth_password_hash(zPw, zNew)) w = store_user_set(db, u->id, "pw_hash", zNew);
    }
    rc = AUTH_OK;
  }
  free(zHash);
  if (w || db_commit(db)) {
    db_rollback(db);
    return AUTH_ERROR;
  }
  if (rc != AUTH_OK) memset(u, 0, sizeof *u);
  return rc;
}

int auth_session(Db *db, const char *zToken, long long now, const AuthLimits *l, User *u,
                 char *zCsrf, long long *pSessionId) {
  char zH[65];
  long long created, seen;
  if (!zToken || strlen(zToken) != 43) return 1;
  auth_token_hash(zToken, zH);
  if (store_session_find(db, zH, u, zCsrf, pSessionId, &created, &seen)) return -1;
  if (!*pSessionId) return 1;
  if (u->disabled || now - seen > l->idleSeconds || now - created > l->absoluteSeconds) {
    if (store_session_delete(db, *pSessionId, 0)) return 1;
    return 1;
  }
  /* Write at most once a minute per session: a page view is not a database write.
  ** A database that cannot be written (full disk, read-only storage) must not
  ** sign anyone out: the session was read and is valid, so it is admitted, and
  ** the time it was last seen is recorded at a later request. */
  if (now - seen >= 60 && store_session_touch(db, *pSessionId, now)) db_error_clear(db);
  return 0;
}

int auth_logout(Db *db, long long sessionId) { return store_session_delete(db, sessionId, 0); }
int auth_logout_all(Db *db, long long userId) { return store_session_delete(db, 0, userId); }

/* ---- API tokens ---- */

int auth_token_create(Db *db, const Actor *who, long long userId, const char *zName, char *zToken,
                      long long *pId, Buf *err) {
  buf_reset(err);
  if (!zName || !zName[0] || strlen(zName) >= USER_FIELD_MAX) {
    return say(err, ACT_INVALID, "name the token (what script uses it), in at most 120 bytes");
  }
  char zH[65];
  memcpy(zToken, "at_", 3);
  auth_random_token(zToken + 3, 32);
  auth_token_hash(zToken, zH);
  db_error_clear(db);
  if (db_begin(db)) return begin_failed(db, err);
  int rc = store_token_add(db, userId, zName, zH, pId);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"token\":");
  buf_json_str(&j, zName);
  buf_putc(&j, '}');
  return finish(db, rc, who, "token.add", userId, &j, err);
}

int auth_token_revoke(Db *db, const Actor *who, long long userId, long long tokenId, Buf *err) {
  buf_reset(err);
  db_error_clear(db);
  if (db_begin(db)) return begin_failed(db, err);
  int rc = store_token_revoke(db, userId, tokenId);
  if (rc) {
    buf_puts(err, db_errmsg(db));
    db_rollback(db);
    return ACT_NOT_FOUND;
  }
  Buf j = BUF_INIT;
  buf_appendf(&j, "{\"revoked\":%lld}", tokenId);
  return finish(db, rc, who, "token.revoke", userId, &j, err);
}

int auth_token_check(Db *db, const char *zToken, User *u) {
  char zH[65], zUsed[11];
  long long id;
  if (!zToken || strncmp(zToken, "at_", 3) || strlen(zToken) != 46) return 1;
  auth_token_hash(zToken, zH);
  if (store_token_find(db, zH, u, &id, zUsed)) return -1;
  if (!id || u->disabled) return 1;
  /* The day it was last used is bookkeeping: a database that cannot be written
  ** still admits a valid token. Written once a day: a request that reads only
  ** takes no write lock. */
  if (strncmp(zUsed, db_now_iso(db), 10) && store_token_used(db, id)) db_error_clear(db);
  return 0;
}

int auth_token_list(Db *db, long long userId, ApiToken **pa, int *pn) {
  return store_token_list(db, userId, pa, pn);
}
