/*
** store_account.c: SQL for account links, TOTP secrets, recovery codes and
** session details (store_account.h). Nothing here hashes, decides or times out.
** Not for: accounts, sessions and failure counts themselves (store_user.c).
*/
#include "store_account.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_col(sqlite3_stmt *s, int i, char *z, size_t n) {
  const char *v = (const char *)sqlite3_column_text(s, i);
  snprintf(z, n, "%s", v ? v : "");
}

/* Step a statement that changes rows, finalize it, and count them into *pn. */
static int count_done(Db *db, sqlite3_stmt *s, int *pn) {
  int n = 0, rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  if (pn) *pn = n;
  return rc;
}

int store_link_add(Db *db, long long userId, const char *zPurpose, const char *zHash, long long now,
                   long long expiresAt) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE account_link SET used_at=?3 WHERE user_id=?1"
                                   " AND purpose=?2 AND used_at IS NULL");
  sqlite3_bind_int64(s, 1, userId);
  db_bind_text(s, 2, zPurpose);
  sqlite3_bind_int64(s, 3, now);
  if (count_done(db, s, 0)) return 1;
  s = db_prepare(db, "INSERT INTO account_link(user_id,purpose,token_hash,created_at,expires_at)"
                     " VALUES(?1,?2,?3,?4,?5)");
  sqlite3_bind_int64(s, 1, userId);
  db_bind_text(s, 2, zPurpose);
  db_bind_text(s, 3, zHash);
  sqlite3_bind_int64(s, 4, now);
  sqlite3_bind_int64(s, 5, expiresAt);
  return count_done(db, s, 0);
}

int store_link_find(Db *db, const char *zHash, long long *pId, long long *pUserId, char *zPurpose,
                    long long *pExpires, long long *pUsed) {
  sqlite3_stmt *s = db_cached(db, "SELECT id, user_id, purpose, expires_at, coalesce(used_at,0)"
                                  " FROM account_link WHERE token_hash=?1");
  db_bind_text(s, 1, zHash);
  int rc = 0;
  *pId = *pUserId = *pExpires = *pUsed = 0;
  zPurpose[0] = 0;
  if (db_step_row(db, s, &rc)) {
    *pId = sqlite3_column_int64(s, 0);
    *pUserId = sqlite3_column_int64(s, 1);
    copy_col(s, 2, zPurpose, 8);
    *pExpires = sqlite3_column_int64(s, 3);
    *pUsed = sqlite3_column_int64(s, 4);
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_link_use(Db *db, long long id, long long now, int *pn) {
  sqlite3_stmt *s =
      db_prepare(db, "UPDATE account_link SET used_at=?2 WHERE id=?1 AND used_at IS NULL");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, now);
  return count_done(db, s, pn);
}

int store_totp_get(Db *db, long long userId, char *zSecret, int *pConfirmed, long long *pLastStep,
                   int *pFound) {
  sqlite3_stmt *s = db_cached(db, "SELECT secret, confirmed, last_step FROM totp WHERE user_id=?1");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *pFound = *pConfirmed = 0;
  *pLastStep = 0;
  zSecret[0] = 0;
  if (db_step_row(db, s, &rc)) {
    copy_col(s, 0, zSecret, 64);
    *pConfirmed = sqlite3_column_int(s, 1);
    *pLastStep = sqlite3_column_int64(s, 2);
    *pFound = 1;
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_totp_begin(Db *db, long long userId, const char *zSecret) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO totp(user_id,secret) VALUES(?1,?2)"
                                   " ON CONFLICT(user_id) DO UPDATE SET secret=?2, confirmed=0,"
                                   " last_step=0");
  sqlite3_bind_int64(s, 1, userId);
  db_bind_text(s, 2, zSecret);
  return count_done(db, s, 0);
}

int store_totp_confirm(Db *db, long long userId, long long step) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE totp SET confirmed=1, last_step=?2 WHERE user_id=?1");
  sqlite3_bind_int64(s, 1, userId);
  sqlite3_bind_int64(s, 2, step);
  int n = 0;
  if (count_done(db, s, &n)) return 1;
  return n == 1 ? 0 : db_errorf(db, "no two-factor secret to confirm");
}

int store_totp_step(Db *db, long long userId, long long step, int *pn) {
  sqlite3_stmt *s =
      db_prepare(db, "UPDATE totp SET last_step=?2 WHERE user_id=?1 AND last_step < ?2");
  sqlite3_bind_int64(s, 1, userId);
  sqlite3_bind_int64(s, 2, step);
  return count_done(db, s, pn);
}

int store_totp_delete(Db *db, long long userId) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM totp WHERE user_id=?1");
  sqlite3_bind_int64(s, 1, userId);
  if (count_done(db, s, 0)) return 1;
  s = db_prepare(db, "DELETE FROM recovery_code WHERE user_id=?1");
  sqlite3_bind_int64(s, 1, userId);
  return count_done(db, s, 0);
}

int store_recovery_add(Db *db, long long userId, const char *zHash) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO recovery_code(user_id,code_hash) VALUES(?1,?2)");
  sqlite3_bind_int64(s, 1, userId);
  db_bind_text(s, 2, zHash);
  return count_done(db, s, 0);
}

static void recovery_row(sqlite3_stmt *s, void *p) {
  RecoveryRow *x = p;
  x->id = sqlite3_column_int64(s, 0);
  copy_col(s, 1, x->zHash, sizeof x->zHash);
}

int store_recovery_unused(Db *db, long long userId, RecoveryRow **pa, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id, code_hash FROM recovery_code WHERE user_id=?1"
                                   " AND used_at IS NULL ORDER BY id");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, recovery_row, 0, pn, &rc);
  return rc ? 1 : 0;
}

int store_recovery_use(Db *db, long long id, long long now, int *pn) {
  sqlite3_stmt *s =
      db_prepare(db, "UPDATE recovery_code SET used_at=?2 WHERE id=?1 AND used_at IS NULL");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, now);
  return count_done(db, s, pn);
}

int store_recovery_left(Db *db, long long userId, int *pn) {
  sqlite3_stmt *s = db_cached(db, "SELECT count(*) FROM recovery_code WHERE user_id=?1"
                                  " AND used_at IS NULL");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *pn = 0;
  if (db_step_row(db, s, &rc)) *pn = sqlite3_column_int(s, 0);
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_session_mark(Db *db, const char *zHash, int stage, const char *zAgent) {
  char zCut[201];
  snprintf(zCut, sizeof zCut, "%s", zAgent ? zAgent : "");
  sqlite3_stmt *s =
      db_prepare(db, "UPDATE session SET stage=?2, agent=nullif(?3,'') WHERE token_hash=?1");
  db_bind_text(s, 1, zHash);
  sqlite3_bind_int(s, 2, stage);
  db_bind_text(s, 3, zCut);
  int n = 0;
  if (count_done(db, s, &n)) return 1;
  return n == 1 ? 0 : db_errorf(db, "the new session was not found");
}

int store_session_stage(Db *db, long long id, int *pStage) {
  sqlite3_stmt *s = db_cached(db, "SELECT stage FROM session WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  int rc = 0;
  *pStage = 0;
  if (db_step_row(db, s, &rc)) *pStage = sqlite3_column_int(s, 0);
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

static void session_row(sqlite3_stmt *s, void *p) {
  SessionRow *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->createdAt = sqlite3_column_int64(s, 1);
  x->seenAt = sqlite3_column_int64(s, 2);
  x->stage = sqlite3_column_int(s, 3);
  copy_col(s, 4, x->zAddr, sizeof x->zAddr);
  copy_col(s, 5, x->zAgent, sizeof x->zAgent);
}

int store_session_list(Db *db, long long userId, SessionRow **pa, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id, created_at, seen_at, stage, addr, agent FROM session"
                                   " WHERE user_id=?1 ORDER BY seen_at DESC, id DESC");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, session_row, 0, pn, &rc);
  return rc ? 1 : 0;
}

int store_session_end(Db *db, long long userId, long long id, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM session WHERE id=?1 AND user_id=?2");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, userId);
  return count_done(db, s, pn);
}

int store_session_end_others(Db *db, long long userId, long long keepId) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM session WHERE user_id=?1 AND id<>?2");
  sqlite3_bind_int64(s, 1, userId);
  sqlite3_bind_int64(s, 2, keepId);
  return count_done(db, s, 0);
}

int store_user_has_password(Db *db, long long userId, int *pHas) {
  sqlite3_stmt *s = db_cached(db, "SELECT coalesce(pw_hash,'') <> '' FROM \"user\" WHERE id=?1");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *pHas = 0;
  if (db_step_row(db, s, &rc)) *pHas = sqlite3_column_int(s, 0);
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_user_by_email(Db *db, const char *zEmail, long long *pId) {
  sqlite3_stmt *s = db_cached(db, "SELECT min(id), count(*) FROM \"user\""
                                  " WHERE lower(email)=lower(?1)");
  db_bind_text(s, 1, zEmail);
  int rc = 0;
  *pId = 0;
  if (db_step_row(db, s, &rc) && sqlite3_column_int(s, 1) == 1) *pId = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  return rc ? 1 : 0;
}
