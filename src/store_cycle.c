/*
** store_cycle.c: reporting cycles in the database. A cycle names a committee
** date ("Audit Committee 15 February 2022"); reports made for it are as at that
** date and compare with the cycle before. Not for: choosing the previous cycle
** or any other rule (model.c), or journalling (action.c).
*/
#include <stdlib.h>
#include <string.h>

#include "store.h"

int store_cycle_add(Db *db, const char *zName, Day asAt, Day deadline, long long *pId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO cycle(name, as_at, deadline, created_at)"
                                   " VALUES(?1,?2,?3,strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
  db_bind_text(s, 1, zName);
  db_bind_day(db, s, 2, asAt);
  if (deadline == DAY_NONE) sqlite3_bind_null(s, 3);
  else db_bind_day(db, s, 3, deadline);
  int rc = sqlite3_step(s);
  int ext = sqlite3_extended_errcode(db->h);
  sqlite3_finalize(s);
  if (rc == SQLITE_DONE) {
    *pId = sqlite3_last_insert_rowid(db->h);
    return 0;
  }
  buf_reset(&db->err);
  if (ext == SQLITE_CONSTRAINT_UNIQUE) {
    /* Say which of the two is taken: the name or the date. */
    s = db_prepare(db, "SELECT name FROM cycle WHERE name=?1 COLLATE NOCASE");
    db_bind_text(s, 1, zName);
    int byName = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    if (byName) buf_appendf(&db->err, "there is already a cycle named '%s'", zName);
    else {
      char z[DAY_FMT_MAX];
      day_fmt(asAt, DAY_UK, z);
      buf_appendf(&db->err, "there is already a cycle as at %s", z);
    }
  } else {
    buf_appendf(&db->err, "cannot add the cycle: %s", sqlite3_errmsg(db->h));
  }
  return 1;
}

int store_cycle_remove(Db *db, const char *zName, int *pFound) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM cycle WHERE name=?1 COLLATE NOCASE");
  db_bind_text(s, 1, zName);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  *pFound = !rc && sqlite3_changes(db->h) > 0;
  return rc;
}

int store_cycle_list(Db *db, Cycle **paCycle, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id, name, as_at, deadline FROM cycle ORDER BY as_at");
  Cycle *a = 0;
  int n = 0, rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    a = xrealloc(a, sizeof(Cycle) * (size_t)(n + 1));
    Cycle *x = &a[n++];
    x->id = sqlite3_column_int64(s, 0);
    x->zName = xstrdup((const char *)sqlite3_column_text(s, 1));
    x->asAt = db_column_day(s, 2);
    x->deadline = db_column_day(s, 3);
  }
  sqlite3_finalize(s);
  *paCycle = a;
  *pn = n;
  if (rc != SQLITE_DONE) {
    buf_reset(&db->err);
    buf_appendf(&db->err, "cannot read the cycles: %s", sqlite3_errmsg(db->h));
    return 1;
  }
  return 0;
}

void store_cycles_free(Cycle *a, int n) {
  for (int i = 0; i < n; i++) free(a[i].zName);
  free(a);
}
