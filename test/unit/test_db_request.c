/*
** test_db_request.c: a web request's one read transaction (db_request_begin,
** db_request_end) on a database file with two connections, as the server's
** worker and the command line in another process: the request reads one
** snapshot; a session ended by the other connection stops working at the next
** request; a write the request makes (a session's time last seen, an action's
** transaction, a run of reads of its own) ends the snapshot first and is not
** refused when the other connection wrote meanwhile; and nothing stays open for
** the next request.
*/
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "auth.h"
#include "auth_account.h"
#include "store.h"
#include "t.h"

#define PW "staple-battery-horse-9"

typedef struct Two {
  char zDir[64], zDb[96];
  Db *a; /* the server's worker */
  Db *b; /* the command line */
} Two;

static Db *open_file(const char *zPath, int create) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(zPath, create, &db, &zErr)) t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
  return db;
}

static void two_open(Two *t) {
  snprintf(t->zDir, sizeof t->zDir, "/tmp/auditrack-unit-XXXXXX");
  if (!mkdtemp(t->zDir)) t_fail(__FILE__, __LINE__, "mkdtemp failed");
  snprintf(t->zDb, sizeof t->zDb, "%s/t.db", t->zDir);
  t->a = open_file(t->zDb, 1);
  t->b = open_file(t->zDb, 0);
}

static void two_close(Two *t) {
  db_close(t->a);
  db_close(t->b);
  t_remove_db(t->zDir, t->zDb);
}

static long long add_user(Db *db, const char *zLogin) {
  User u;
  memset(&u, 0, sizeof u);
  snprintf(u.zLogin, sizeof u.zLogin, "%s", zLogin);
  u.role = ROLE_AUDITOR;
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  if (auth_user_add(db, &w, &u, PW, &err)) t_fail(__FILE__, __LINE__, "add: %s", buf_cstr(&err));
  buf_free(&err);
  return u.id;
}

/* The session's time last seen, as the other connection reads it (0: none). */
static long long seen_at(Db *db, const char *zTok) {
  char zH[65], zCsrf[AUTH_TOKEN_MAX];
  User u;
  long long id = 0, created = 0, seen = 0;
  auth_token_hash(zTok, zH);
  if (store_session_find(db, zH, &u, zCsrf, &id, &created, &seen)) return -1;
  return id ? seen : 0;
}

TEST(db_request_one_snapshot_and_revocation_at_the_next_request) {
  Two t;
  two_open(&t);
  long long id = add_user(t.a, "ann");
  AuthLimits l = {3600, 86400, AUTH_LOCK_SECONDS, AUTH_FIRST_WAIT, 0};
  long long now = 1700000000, sid = 0, head0 = 0, head = 0;
  char zTok[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  int wait = 0;
  User u;
  CHECK_INT(auth_login(t.a, "ann", PW, "a", now, &u, zTok, &wait, 0), AUTH_OK);
  CHECK_INT(journal_head(t.a, &head0), 0);

  /* A request: the session is read, then the command line (the other connection)
  ** signs ann out everywhere and adds an account. The request goes on reading
  ** what it began with, the journal's head included. */
  db_request_begin(t.a);
  CHECK_INT(auth_session(t.a, zTok, now + 1, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(auth_logout_all(t.b, id), 0);
  add_user(t.b, "bob");
  CHECK_INT(auth_session(t.a, zTok, now + 2, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(journal_head(t.a, &head), 0);
  CHECK_INT(head, head0);
  db_request_end(t.a);

  /* The next request sees both. */
  db_request_begin(t.a);
  CHECK_INT(auth_session(t.a, zTok, now + 3, &l, &u, zCsrf, &sid), 1);
  CHECK_INT(journal_head(t.a, &head), 0);
  CHECK(head > head0);
  db_request_end(t.a);

  /* Outside a request every statement reads the latest. */
  CHECK_INT(auth_logout_all(t.b, id), 0);
  CHECK_INT(auth_login(t.a, "ann", PW, "a", now, &u, zTok, &wait, 0), AUTH_OK);
  CHECK_INT(auth_session(t.a, zTok, now + 4, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(auth_logout_all(t.b, id), 0);
  CHECK_INT(auth_session(t.a, zTok, now + 5, &l, &u, zCsrf, &sid), 1);
  two_close(&t);
}

TEST(db_request_a_write_ends_the_snapshot_first) {
  Two t;
  two_open(&t);
  add_user(t.a, "ann");
  AuthLimits l = {3600, 86400, AUTH_LOCK_SECONDS, AUTH_FIRST_WAIT, 0};
  long long now = 1700000000, sid = 0, head = 0;
  char zTok[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  int wait = 0;
  User u;
  CHECK_INT(auth_login(t.a, "ann", PW, "a", now, &u, zTok, &wait, 0), AUTH_OK);
  CHECK_INT(seen_at(t.b, zTok), now);
  CHECK_INT(auth_session(t.a, zTok, now + 61, &l, &u, zCsrf, &sid), 0); /* its statement kept */
  CHECK_INT(seen_at(t.b, zTok), now + 61);

  /* The snapshot is taken, then the other connection writes: a write inside the
  ** snapshot would be refused (SQLITE_BUSY_SNAPSHOT). The session's time last
  ** seen (written at most once a minute) is written, and at once. */
  db_request_begin(t.a);
  CHECK_INT(journal_head(t.a, &head), 0);
  add_user(t.b, "bob");
  CHECK_INT(auth_session(t.a, zTok, now + 122, &l, &u, zCsrf, &sid), 0);
  CHECK_INT(seen_at(t.b, zTok), now + 122);
  /* An action's transaction, later in the same request. */
  add_user(t.a, "cat");
  /* A run of reads of its own (the register's delta) after another write. */
  add_user(t.b, "dan");
  CHECK_INT(db_begin_read(t.a), 0);
  CHECK_INT(journal_head(t.a, &head), 0);
  db_rollback(t.a);
  db_request_end(t.a);

  /* Nothing is left open: the other connection writes at once, and this one
  ** reads what it wrote. */
  add_user(t.b, "eve");
  long long headB = 0;
  CHECK_INT(journal_head(t.b, &headB), 0);
  db_request_begin(t.a);
  CHECK_INT(journal_head(t.a, &head), 0);
  CHECK_INT(head, headB);
  db_request_end(t.a);
  two_close(&t);
}
