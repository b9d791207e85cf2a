/*
** test_auth.c: unit tests of accounts: the password rules with their exact
** reasons, sign-in (right, wrong, unknown, disabled, throttled), session
** timeouts, sign-out everywhere, and API tokens, on an in-memory database.
*/
#include <sqlite3.h>

#include "auth.h"
#include "t.h"

static Db *open_db(void) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(":memory:", 1, &db, &zErr)) t_fail(__FILE__, __LINE__, "open: %s", zErr);
  return db;
}

static long long add_user(Db *db, const char *zLogin, Role role, const char *zPw) {
  User u;
  memset(&u, 0, sizeof u);
  strcpy(u.zLogin, zLogin);
  u.role = role;
  if (role == ROLE_DIRECTOR) strcpy(u.zDirectorate, "Resources");
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  if (auth_user_add(db, &w, &u, zPw, &err)) t_fail(__FILE__, __LINE__, "add: %s", buf_cstr(&err));
  buf_free(&err);
  return u.id;
}

TEST(auth_password_rules_say_why) {
  Buf err = BUF_INIT;
  CHECK_INT(auth_password_check("short", "ann", "Ann", &err), 1);
  CHECK_STR(buf_cstr(&err), "a password needs at least 12 characters (this one has 5)");
  CHECK_INT(auth_password_check("ééééééééééé", "ann", "Ann", &err),
            1); /* 11 characters, 22 bytes */
  CHECK_STR(buf_cstr(&err), "a password needs at least 12 characters (this one has 11)");
  CHECK_INT(auth_password_check("Password1234", "ann", "Ann", &err), 1);
  CHECK_STR(buf_cstr(&err), "that password is one of the most commonly used: choose another");
  CHECK_INT(auth_password_check("aaaaaaaaaaaaaaaa", "ann", "Ann", &err), 1);
  CHECK_INT(auth_password_check("my-login-is-annabel", "annabel", "Ann", &err), 1);
  CHECK_STR(buf_cstr(&err), "a password must not contain the account's login or name");
  CHECK_INT(auth_password_check("staple-battery-horse-9", "ann", "Ann", &err), 0);
  buf_free(&err);
}

TEST(auth_login_refuses_alike_and_throttles) {
  Db *db = open_db();
  add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  User u;
  char zTok[AUTH_TOKEN_MAX];
  int wait = -1;
  long long t = 1700000000;
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_OK);
  CHECK_STR(u.zLogin, "ann");
  CHECK_INT(strlen(zTok), 43);
  CHECK_INT(auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_REFUSED);
  CHECK_INT(auth_login(db, "nobody", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_REFUSED);
  CHECK_INT(wait, 0); /* failures still free */
  for (int i = 0; i < 3; i++)
    auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, 0);
  CHECK_INT(wait, 0);
  /* The fifth failure is the one that starts a wait (and an alert). */
  CHECK_INT(auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_REFUSED);
  CHECK_INT(wait, 2);
  /* Five failures: the right password must now wait 2 seconds, then works. */
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_THROTTLED);
  CHECK_INT(wait, 2);
  CHECK_INT(auth_login(db, "ANN", "staple-battery-horse-9", "10.0.0.1", t + 2, &u, zTok, &wait, 0),
            AUTH_OK);
  db_close(db);
}

/* The first wait is a setting (serve --throttle-seconds), so that a test on a
** slow machine can rely on still being held when its next attempt arrives. */
TEST(auth_throttle_first_wait_is_a_setting) {
  Db *db = open_db();
  add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  User u;
  char zTok[AUTH_TOKEN_MAX];
  int wait = -1;
  long long t = 1700000000;
  AuthLimits l;
  auth_limits_default(&l);
  CHECK_INT(l.firstWait, AUTH_FIRST_WAIT);
  l.firstWait = 600; /* more than the longest wait: the longest wins */
  for (int i = 0; i < 5; i++)
    auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, &l);
  CHECK_INT(
      auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t + 299, &u, zTok, &wait, &l),
      AUTH_THROTTLED);
  CHECK_INT(wait, 1);
  CHECK_INT(
      auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t + 300, &u, zTok, &wait, &l),
      AUTH_OK);
  l.firstWait = 5;
  for (int i = 0; i < 5; i++)
    auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, &l);
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t, &u, zTok, &wait, &l),
            AUTH_THROTTLED);
  CHECK_INT(wait, 5);
  db_close(db);
}

/* serve --throttle-clock: throttling counts by a time that never moves, so a
** test's wait cannot pass however slow the machine; sessions keep the real one. */
TEST(auth_throttle_clock_can_be_fixed) {
  Db *db = open_db();
  long long id = add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  User u;
  char zTok[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  int wait = -1;
  long long sid, t = 1700000000;
  AuthLimits l;
  auth_limits_default(&l);
  CHECK_INT(l.fixedNow, 0);
  l.fixedNow = t;
  for (int i = 0; i < 5; i++)
    auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t + i * 1000, &u, zTok, &wait, &l);
  /* A day later by the caller's clock: still the first wait, from the fixed time. */
  CHECK_INT(
      auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t + 86400, &u, zTok, &wait, &l),
      AUTH_THROTTLED);
  CHECK_INT(wait, AUTH_FIRST_WAIT);
  CHECK_INT(
      auth_password_verify(db, id, "staple-battery-horse-9", "10.0.0.1", t + 86400, &wait, &l),
      AUTH_THROTTLED);
  /* The same login from elsewhere gets in; its session is on the caller's clock. */
  CHECK_INT(
      auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.2", t + 86400, &u, zTok, &wait, &l),
      AUTH_OK);
  l.fixedNow = 0;
  CHECK_INT(auth_session(db, zTok, t + 86400 + 60, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(auth_session(db, zTok, t + 86400 + l.idleSeconds + 61, &l, &u, zCsrf, &sid), 1);
  db_close(db);
}

static int rows(Db *db, int session) {
  sqlite3_stmt *s = session ? db_prepare(db, "SELECT count(*) FROM session")
                            : db_prepare(db, "SELECT count(*) FROM login_fail");
  int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
  sqlite3_finalize(s);
  return n;
}

/* Sessions and failure counts hold addresses (personal data): each sign-in
** removes the sessions that would be refused and the counts that have decayed
** to nothing, and keeps the rest. Before, they stayed until presented again,
** or for ever. */
TEST(auth_sign_in_purges_spent_sessions_and_counts) {
  Db *db = open_db();
  add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  add_user(db, "bob", ROLE_AUDITOR, "staple-battery-horse-9");
  User u;
  char zTok[AUTH_TOKEN_MAX];
  int wait;
  long long t = 1700000000;
  AuthLimits l;
  auth_limits_default(&l);
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t, &u, zTok, &wait, &l),
            AUTH_OK);
  auth_login(db, "bob", "wrong-password-1", "10.0.0.2", t, &u, zTok, &wait, &l);
  for (int i = 0; i < 5; i++)
    auth_login(db, "carl", "wrong-password-1", "10.0.0.3", t + 600, &u, zTok, &wait, &l);
  CHECK_INT(
      auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t + 600, &u, zTok, &wait, &l),
      AUTH_OK);
  CHECK_INT(rows(db, 1), 2);
  CHECK_INT(rows(db, 0), 4); /* bob's two keys, carl's two */
  /* At t + 2000: ann's first session idle past 30 minutes, bob's one failure
  ** forgotten; the second session and carl's five are kept. */
  CHECK_INT(
      auth_login(db, "bob", "staple-battery-horse-9", "10.0.0.4", t + 2000, &u, zTok, &wait, &l),
      AUTH_OK);
  CHECK_INT(rows(db, 1), 2); /* ann's second and bob's new one */
  CHECK_INT(rows(db, 0), 2);
  int n;
  long long last;
  CHECK_INT(store_fail_get(db, "a:10.0.0.3", &n, &last), 0);
  CHECK_INT(n, 5);
  /* Thirteen hours on, every session is past its 12 hours or idle, and carl's
  ** count has decayed: a refused sign-in leaves only its own count. */
  auth_login(db, "dora", "wrong-password-1", "10.0.0.5", t + 13 * 3600, &u, zTok, &wait, &l);
  CHECK_INT(rows(db, 1), 0);
  CHECK_INT(rows(db, 0), 2);
  db_close(db);
}

TEST(auth_sessions_expire_and_end_everywhere) {
  Db *db = open_db();
  long long id = add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  User u;
  char zTok[AUTH_TOKEN_MAX], zTok2[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  int wait;
  long long sid, t = 1700000000;
  AuthLimits l = {600, 3600, AUTH_LOCK_SECONDS, AUTH_FIRST_WAIT, 0};
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "a", t, &u, zTok, &wait, 0), AUTH_OK);
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "a", t, &u, zTok2, &wait, 0), AUTH_OK);
  CHECK_INT(auth_session(db, zTok, t + 599, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(strlen(zCsrf), 43);
  CHECK_INT(auth_session(db, zTok, t + 599 + 601, &l, &u, zCsrf, &sid), 1); /* idle */
  CHECK_INT(auth_session(db, zTok, t + 700, &l, &u, zCsrf, &sid), 1);       /* deleted */
  CHECK_INT(auth_session(db, "not-a-token", t, &l, &u, zCsrf, &sid), 1);
  CHECK_INT(auth_session(db, zTok2, t + 500, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(auth_logout_all(db, id), 0);
  CHECK_INT(auth_session(db, zTok2, t + 501, &l, &u, zCsrf, &sid), 1);
  db_close(db);
}

TEST(auth_disabling_ends_sessions_and_tokens_answer_to_role) {
  Db *db = open_db();
  long long id = add_user(db, "dee", ROLE_DIRECTOR, "staple-battery-horse-9");
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  char zTok[AUTH_TOKEN_MAX], zApi[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  User u;
  int wait;
  long long sid, tid, t = 1700000000;
  AuthLimits l = {600, 3600, AUTH_LOCK_SECONDS, AUTH_FIRST_WAIT, 0};
  CHECK_INT(auth_login(db, "dee", "staple-battery-horse-9", "a", t, &u, zTok, &wait, 0), AUTH_OK);
  CHECK_INT(auth_token_create(db, &w, id, "nightly export", zApi, &tid, &err), ACT_OK);
  CHECK(strncmp(zApi, "at_", 3) == 0);
  CHECK_INT(auth_token_check(db, zApi, &u), 0);
  CHECK_INT(u.role, ROLE_DIRECTOR);
  CHECK_STR(u.zDirectorate, "Resources");
  CHECK_INT(auth_user_set(db, &w, id, "role", "committee", &err), ACT_OK);
  CHECK_INT(auth_session(db, zTok, t + 1, &l, &u, zCsrf, &sid), 1); /* role changed: signed out */
  CHECK_INT(auth_token_check(db, zApi, &u), 0);
  CHECK_INT(u.role, ROLE_COMMITTEE); /* the token carries the account's role as it is now */
  CHECK_INT(auth_user_set(db, &w, id, "disabled", "1", &err), ACT_OK);
  CHECK_INT(auth_token_check(db, zApi, &u), 1);
  CHECK_INT(auth_login(db, "dee", "staple-battery-horse-9", "a", t, &u, zTok, &wait, 0),
            AUTH_REFUSED);
  CHECK_INT(auth_user_set(db, &w, id, "disabled", "0", &err), ACT_OK);
  CHECK_INT(auth_token_revoke(db, &w, id, tid, &err), ACT_OK);
  CHECK_INT(auth_token_check(db, zApi, &u), 1);
  CHECK_INT(auth_token_revoke(db, &w, id, tid, &err), ACT_NOT_FOUND);
  CHECK_INT(auth_user_set(db, &w, id, "role", "emperor", &err), ACT_INVALID);
  buf_free(&err);
  db_close(db);
}

/* Throttling that locked owners out: one guess every 15 minutes kept the count
** rising for ever (it restarted only after a day without failures), the wait
** was checked before the password even from the owner's own address, and a
** sign-in never cleared the address's count. */
TEST(auth_throttle_delays_guesses_not_owners) {
  Db *db = open_db();
  add_user(db, "ann", ROLE_ADMIN, "staple-battery-horse-9");
  add_user(db, "bob", ROLE_AUDITOR, "staple-battery-horse-9");
  User u;
  char zTok[AUTH_TOKEN_MAX];
  int wait = -1;
  long long t = 1700000000;
  AuthLimits l;
  auth_limits_default(&l);
  l.lockSeconds = 60;
#define LOGIN(zWho, zPw, zAddr, at) auth_login(db, zWho, zPw, zAddr, at, &u, zTok, &wait, &l)
  /* A guesser at 10.0.0.9 waiting out each delay: after 5 failures it waits 2 s,
  ** doubling, never more than 60 s. */
  for (int i = 0; i < 12; i++) {
    if (LOGIN("ann", "wrong-password-1", "10.0.0.9", t) == AUTH_THROTTLED) t += wait, i--;
  }
  CHECK_INT(LOGIN("ann", "wrong-password-1", "10.0.0.9", t), AUTH_THROTTLED);
  CHECK_INT(wait, 60);
  /* The owner at 10.0.0.1 is not held up by the guesser. */
  CHECK_INT(LOGIN("ann", "staple-battery-horse-9", "10.0.0.1", t), AUTH_OK);
  /* At the guesser's address the right password gets in once the wait has passed. */
  CHECK_INT(LOGIN("ann", "staple-battery-horse-9", "10.0.0.9", t + 60), AUTH_OK);
  /* One guess every 15 minutes for a day never builds up a wait. */
  long long s = t + 100000;
  for (int i = 0; i < 96; i++) {
    CHECK_INT(LOGIN("ann", "wrong-password-1", "10.0.0.9", s + i * 900), AUTH_REFUSED);
  }
  CHECK_INT(LOGIN("ann", "staple-battery-horse-9", "10.0.0.9", s + 96 * 900), AUTH_OK);
  /* 20 typos behind one address (a council's NAT), then a good sign-in: the
  ** address's count is cleared, so the next typos from there wait for nothing
  ** (before, the 22nd failure from the address had to wait 4 s). */
  long long v = t + 300000;
  const char *azWho[] = {"ann", "bob", "cat", "dan"};
  for (int i = 0; i < 20; i++) LOGIN(azWho[i % 4], "typo-password-1", "192.0.2.1", v);
  CHECK_INT(LOGIN("bob", "typo-password-1", "192.0.2.1", v), AUTH_THROTTLED);
  CHECK_INT(LOGIN("bob", "staple-battery-horse-9", "192.0.2.1", v + 2), AUTH_OK);
  CHECK_INT(LOGIN("eve", "typo-password-2", "192.0.2.1", v + 2), AUTH_REFUSED);
  CHECK_INT(LOGIN("eve", "typo-password-2", "192.0.2.1", v + 2), AUTH_REFUSED);
  db_close(db);
#undef LOGIN
}

/* The list of common passwords had 64 entries: Password2025 and Summer2025!!
** were accepted. */
TEST(auth_password_common_list) {
  Buf err = BUF_INIT;
  CHECK(auth_common_passwords_n >= 10000);
  for (int i = 1; i < auth_common_passwords_n; i++) {
    CHECK(strcmp(auth_common_passwords[i - 1], auth_common_passwords[i]) < 0);
  }
  CHECK_INT(auth_password_check("Password2025", "ann", "Ann", &err), 1);
  CHECK_STR(buf_cstr(&err), "that password is one of the most commonly used: choose another");
  CHECK_INT(auth_password_check("Summer2025!!", "ann", "Ann", &err), 1);
  CHECK_INT(auth_password_check("FOOTBALL1234567", "ann", "Ann", &err), 1);
  CHECK_INT(auth_password_check("1qaz2wsx3edc", "ann", "Ann", &err), 1);
  CHECK_INT(auth_password_check("lantern-pasture-copper-71", "ann", "Ann", &err), 0);
  CHECK_INT(auth_password_check("Summer in Salford 2025", "ann", "Ann", &err), 0);
  buf_free(&err);
}

TEST(auth_director_without_directorate_refused) {
  Db *db = open_db();
  long long id = add_user(db, "dora", ROLE_DIRECTOR, "staple-battery-horse-9");
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  /* An empty directorate would read as "no limit" to a cache key or a filter. */
  CHECK_INT(auth_user_set(db, &w, id, "directorate", "", &err), ACT_INVALID);
  CHECK_STR(buf_cstr(&err), "a director needs the directorate they answer for");
  User u;
  CHECK_INT(store_user_get(db, id, 0, &u, 0), 0);
  CHECK_STR(u.zDirectorate, "Resources");
  CHECK_INT(auth_user_set(db, &w, id, "directorate", "Children", &err), ACT_OK);
  /* Once not a director, the directorate may go. */
  CHECK_INT(auth_user_set(db, &w, id, "role", "auditor", &err), ACT_OK);
  CHECK_INT(auth_user_set(db, &w, id, "directorate", "", &err), ACT_OK);
  CHECK_INT(auth_user_set(db, &w, id, "role", "director", &err), ACT_INVALID);
  buf_free(&err);
  db_close(db);
}

/* A database that failed its integrity check refuses every write but signing in
** (and the counting of failed sign-ins), so that its register can still be read. */
TEST(auth_sign_in_on_a_database_refusing_writes) {
  Db *db = open_db();
  add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  db_gate(db, DB_GATE_REFUSE);
  User u;
  char zTok[AUTH_TOKEN_MAX];
  int wait = -1;
  long long t = 1700000000;
  CHECK_INT(auth_login(db, "ann", "wrong-password-1", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_REFUSED);
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "10.0.0.1", t, &u, zTok, &wait, 0),
            AUTH_OK);
  User v;
  memset(&v, 0, sizeof v);
  strcpy(v.zLogin, "bob");
  v.role = ROLE_AUDITOR;
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  CHECK_INT(auth_user_add(db, &w, &v, "staple-battery-horse-9", &err), ACT_ERROR);
  CHECK_STR(buf_cstr(&err), "cannot start a transaction: " DB_DAMAGED);
  buf_free(&err);
  db_close(db);
}

/* A database that cannot be written (a full disk, read-only storage) signed
** sessions and API tokens out: recording when a session was last seen, or the
** day a token was last used, failed and that failure answered "not signed in".
** Both are bookkeeping: a valid session or token is still admitted. */
TEST(auth_unwritable_database_still_admits_sessions_and_tokens) {
  Db *db = open_db();
  long long id = add_user(db, "ann", ROLE_AUDITOR, "staple-battery-horse-9");
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  char zTok[AUTH_TOKEN_MAX], zApi[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  User u;
  int wait;
  long long sid, tid, t = 1700000000;
  AuthLimits l = {600, 3600, AUTH_LOCK_SECONDS, AUTH_FIRST_WAIT, 0};
  CHECK_INT(auth_login(db, "ann", "staple-battery-horse-9", "a", t, &u, zTok, &wait, 0), AUTH_OK);
  CHECK_INT(auth_token_create(db, &w, id, "nightly export", zApi, &tid, &err), ACT_OK);
  CHECK_INT(db_exec(db, "PRAGMA query_only=1"), 0); /* every write now fails */
  memset(&u, 0, sizeof u);
  CHECK_INT(auth_session(db, zTok, t + 120, &l, &u, zCsrf, &sid), 0); /* wants a touch */
  CHECK_STR(u.zLogin, "ann");
  memset(&u, 0, sizeof u);
  CHECK_INT(auth_token_check(db, zApi, &u), 0); /* never used: wants its day recorded */
  CHECK_STR(u.zLogin, "ann");
  CHECK_INT(db_exec(db, "PRAGMA query_only=0"), 0);
  CHECK_INT(auth_session(db, zTok, t + 700, &l, &u, zCsrf, &sid), 1); /* untouched: idle */
  buf_free(&err);
  db_close(db);
}
