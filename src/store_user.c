/*
** store_user.c: SQL for accounts, sessions, API tokens and counted login
** failures. Nothing here hashes, decides or times out: auth.c does. Every
** function runs in the caller's transaction, or alone in autocommit.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static void copy_col(sqlite3_stmt *s, int i, char *z, size_t n) {
  const char *v = (const char *)sqlite3_column_text(s, i);
  snprintf(z, n, "%s", v ? v : "");
}

#define USER_COLS "u.id, u.login, u.name, u.email, u.role, u.directorate, u.owner_as, u.disabled"

static void user_fill(sqlite3_stmt *s, int i0, User *u) {
  memset(u, 0, sizeof *u);
  u->id = sqlite3_column_int64(s, i0);
  copy_col(s, i0 + 1, u->zLogin, sizeof u->zLogin);
  copy_col(s, i0 + 2, u->zName, sizeof u->zName);
  copy_col(s, i0 + 3, u->zEmail, sizeof u->zEmail);
  int r = role_from_name((const char *)sqlite3_column_text(s, i0 + 4));
  u->role = r < 0 ? ROLE_COMMITTEE : (Role)r; /* the CHECK constraint makes this unreachable */
  copy_col(s, i0 + 5, u->zDirectorate, sizeof u->zDirectorate);
  copy_col(s, i0 + 6, u->zOwnerAs, sizeof u->zOwnerAs);
  u->disabled = sqlite3_column_int(s, i0 + 7);
}

int store_user_add(Db *db, const User *u, const char *zHash, long long *pId) {
  sqlite3_stmt *s =
      db_prepare(db, "INSERT INTO \"user\"(login,name,email,role,directorate,owner_as,"
                     "pw_hash,created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  db_bind_text(s, 1, u->zLogin);
  db_bind_text(s, 2, u->zName);
  db_bind_text_or_null(s, 3, u->zEmail);
  db_bind_text(s, 4, role_names[u->role]);
  db_bind_text_or_null(s, 5, u->zDirectorate);
  db_bind_text_or_null(s, 6, u->zOwnerAs);
  db_bind_text(s, 7, zHash);
  db_bind_text(s, 8, db_now(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  return rc;
}

int store_user_get(Db *db, long long id, const char *zLogin, User *u, char **pzHash) {
  sqlite3_stmt *s =
      zLogin ? db_cached(db, "SELECT " USER_COLS ", u.pw_hash FROM \"user\" u"
                             " WHERE lower(u.login)=lower(?1)")
             : db_cached(db, "SELECT " USER_COLS ", u.pw_hash FROM \"user\" u WHERE u.id=?2");
  if (zLogin)
    db_bind_text(s, 1, zLogin);
  else
    sqlite3_bind_int64(s, 2, id);
  int rc = 0;
  memset(u, 0, sizeof *u);
  if (pzHash) *pzHash = 0;
  if (db_step_row(db, s, &rc)) {
    user_fill(s, 0, u);
    if (pzHash) {
      const char *z = (const char *)sqlite3_column_text(s, 8);
      *pzHash = z ? xstrdup(z) : 0;
    }
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_user_set(Db *db, long long id, const char *zField, const char *zValue) {
  static const struct {
    const char *zField, *zSql;
  } a[] = {
      {"role", "UPDATE \"user\" SET role=?2 WHERE id=?1"},
      {"name", "UPDATE \"user\" SET name=?2 WHERE id=?1"},
      {"email", "UPDATE \"user\" SET email=nullif(?2,'') WHERE id=?1"},
      {"directorate", "UPDATE \"user\" SET directorate=nullif(?2,'') WHERE id=?1"},
      {"owner-as", "UPDATE \"user\" SET owner_as=nullif(?2,'') WHERE id=?1"},
      {"disabled", "UPDATE \"user\" SET disabled=CAST(?2 AS INTEGER) WHERE id=?1"},
      {"pw_hash", "UPDATE \"user\" SET pw_hash=?2 WHERE id=?1"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    if (strcmp(a[i].zField, zField)) continue;
    /* The SQL is one of the literals above, chosen by field name. */
    sqlite3_stmt *s = db_prepare_(db, a[i].zSql);
    sqlite3_bind_int64(s, 1, id);
    db_bind_text(s, 2, zValue);
    int rc = db_step_done(db, s);
    sqlite3_finalize(s);
    return rc;
  }
  return db_errorf(db, "no account field '%s' (role, name, email, directorate, owner-as, disabled)",
                   zField);
}

static void user_row(sqlite3_stmt *s, void *p) { user_fill(s, 0, p); }

int store_user_list(Db *db, User **pa, int *pn) {
  int rc = 0;
  *pa = db_rows(
      db, db_prepare(db, "SELECT " USER_COLS " FROM \"user\" u ORDER BY lower(u.login), u.login"),
      sizeof **pa, user_row, 0, pn, &rc);
  return rc ? 1 : 0;
}

int store_session_add(Db *db, long long userId, const char *zHash, const char *zCsrf, long long now,
                      const char *zAddr) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO session(user_id,token_hash,csrf,created_at,seen_at,"
                                   "addr) VALUES(?1,?2,?3,?4,?4,?5)");
  sqlite3_bind_int64(s, 1, userId);
  db_bind_text(s, 2, zHash);
  db_bind_text(s, 3, zCsrf);
  sqlite3_bind_int64(s, 4, now);
  db_bind_text_or_null(s, 5, zAddr);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_session_find(Db *db, const char *zHash, User *u, char *zCsrf, long long *pId,
                       long long *pCreated, long long *pSeen) {
  sqlite3_stmt *s = db_cached(db, "SELECT " USER_COLS ", x.csrf, x.id, x.created_at, x.seen_at"
                                  " FROM session x JOIN \"user\" u ON u.id=x.user_id"
                                  " WHERE x.token_hash=?1");
  db_bind_text(s, 1, zHash);
  int rc = 0;
  *pId = *pCreated = *pSeen = 0;
  if (db_step_row(db, s, &rc)) {
    user_fill(s, 0, u);
    copy_col(s, 8, zCsrf, AUTH_TOKEN_MAX);
    *pId = sqlite3_column_int64(s, 9);
    *pCreated = sqlite3_column_int64(s, 10);
    *pSeen = sqlite3_column_int64(s, 11);
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_session_touch(Db *db, long long id, long long now) {
  sqlite3_stmt *s = db_cached(db, "UPDATE session SET seen_at=?2 WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, now);
  return db_step_done(db, s);
}

int store_session_delete(Db *db, long long id, long long userId) {
  sqlite3_stmt *s = userId ? db_prepare(db, "DELETE FROM session WHERE user_id=?1")
                           : db_prepare(db, "DELETE FROM session WHERE id=?1");
  sqlite3_bind_int64(s, 1, userId ? userId : id);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_token_add(Db *db, long long userId, const char *zName, const char *zHash,
                    long long *pId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO api_token(user_id,name,token_hash,created_at)"
                                   " VALUES(?1,?2,?3,?4)");
  sqlite3_bind_int64(s, 1, userId);
  db_bind_text(s, 2, zName);
  db_bind_text(s, 3, zHash);
  db_bind_text(s, 4, db_now(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  return rc;
}

int store_token_find(Db *db, const char *zHash, User *u, long long *pId, char zLastUsed[11]) {
  sqlite3_stmt *s = db_cached(db, "SELECT " USER_COLS ", t.id, t.last_used FROM api_token t"
                                  " JOIN \"user\" u ON u.id=t.user_id"
                                  " WHERE t.token_hash=?1 AND t.revoked_at IS NULL");
  db_bind_text(s, 1, zHash);
  int rc = 0;
  *pId = 0;
  zLastUsed[0] = 0;
  if (db_step_row(db, s, &rc)) {
    user_fill(s, 0, u);
    *pId = sqlite3_column_int64(s, 8);
    copy_col(s, 9, zLastUsed, 11);
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_token_used(Db *db, long long id) {
  /* Recorded to the day: a script calling thousands of times a day writes once. */
  sqlite3_stmt *s = db_cached(db, "UPDATE api_token SET last_used=?2 WHERE id=?1"
                                  " AND last_used IS DISTINCT FROM ?2");
  char zDay[11];
  memcpy(zDay, db_now_iso(db), 10); /* today, UTC: YYYY-MM-DD */
  zDay[10] = 0;
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, zDay);
  return db_step_done(db, s);
}

int store_token_revoke(Db *db, long long userId, long long id) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE api_token SET revoked_at=?3 WHERE id=?1 AND user_id=?2"
                                   " AND revoked_at IS NULL");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, userId);
  db_bind_text(s, 3, db_now(db));
  int n = 0;
  int rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  if (!rc && n != 1) rc = db_errorf(db, "no live token %lld of this account", id);
  return rc;
}

static void token_row(sqlite3_stmt *s, void *p) {
  ApiToken *t = p;
  t->id = sqlite3_column_int64(s, 0);
  copy_col(s, 1, t->zName, sizeof t->zName);
  copy_col(s, 2, t->zCreated, sizeof t->zCreated);
  copy_col(s, 3, t->zLastUsed, sizeof t->zLastUsed);
  copy_col(s, 4, t->zRevoked, sizeof t->zRevoked);
}

int store_token_list(Db *db, long long userId, ApiToken **pa, int *pn) {
  sqlite3_stmt *s =
      db_prepare(db, "SELECT id, name, created_at, last_used, revoked_at FROM api_token"
                     " WHERE user_id=?1 ORDER BY id");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, token_row, 0, pn, &rc);
  return rc ? 1 : 0;
}

int store_delegation_set(Db *db, long long recId, long long userId, int remove) {
  sqlite3_stmt *s = remove ? db_prepare(db, "DELETE FROM delegation WHERE rec_id=?1 AND user_id=?2")
                           : db_prepare(db, "INSERT INTO delegation(rec_id,user_id) VALUES(?1,?2)"
                                            " ON CONFLICT(rec_id,user_id) DO NOTHING");
  sqlite3_bind_int64(s, 1, recId);
  sqlite3_bind_int64(s, 2, userId);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_fail_get(Db *db, const char *zKey, int *pN, long long *pLast) {
  sqlite3_stmt *s = db_cached(db, "SELECT n, last_at FROM login_fail WHERE key=?1");
  db_bind_text(s, 1, zKey);
  *pN = 0;
  *pLast = 0;
  int rc = 0;
  if (db_step_row(db, s, &rc)) {
    *pN = sqlite3_column_int(s, 0);
    *pLast = sqlite3_column_int64(s, 1);
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_fail_bump(Db *db, const char *zKey, long long now) {
  /* One failure forgotten per quiet 15 minutes (auth.c's FAIL_DECAY). */
  sqlite3_stmt *s = db_cached(db, "INSERT INTO login_fail(key,n,last_at) VALUES(?1,1,?2)"
                                  " ON CONFLICT(key) DO UPDATE SET"
                                  " n=CASE WHEN ?2 <= last_at THEN n + 1"
                                  " WHEN (?2 - last_at) / 900 >= n THEN 1"
                                  " ELSE n - (?2 - last_at) / 900 + 1 END, last_at=?2");
  db_bind_text(s, 1, zKey);
  sqlite3_bind_int64(s, 2, now);
  return db_step_done(db, s);
}

int store_fail_clear(Db *db, const char *zKey) {
  sqlite3_stmt *s = db_cached(db, "DELETE FROM login_fail WHERE key=?1");
  db_bind_text(s, 1, zKey);
  return db_step_done(db, s);
}

int store_auth_purge(Db *db, long long idleBefore, long long createdBefore, long long now) {
  sqlite3_stmt *s = db_cached(db, "DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2");
  sqlite3_bind_int64(s, 1, idleBefore);
  sqlite3_bind_int64(s, 2, createdBefore);
  if (db_step_done(db, s)) return 1;
  s = db_cached(db, "DELETE FROM login_fail WHERE last_at + 900 * n <= ?1");
  sqlite3_bind_int64(s, 1, now);
  return db_step_done(db, s);
}
