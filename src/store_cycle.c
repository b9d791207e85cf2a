/*
** store_cycle.c: reporting cycles in the database. A cycle names a committee
** date ("Audit Committee 15 February 2022"); reports made for it are as at that
** date and compare with the cycle before. Not for: choosing the previous cycle
** or any other rule (model.c), or journalling (action.c).
*/
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

int store_cycle_add(Db *db, const char *zName, Day asAt, Day deadline, long long *pId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO cycle(name, as_at, deadline, created_at)"
                                   " VALUES(?1,?2,?3,?4)");
  db_bind_text(s, 1, zName);
  db_bind_day(db, s, 2, asAt);
  db_bind_day(db, s, 3, deadline); /* DAY_NONE: NULL */
  db_bind_text(s, 4, db_now_iso(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  if (!rc) return 0;
  if (rc == DB_DUPLICATE) {
    /* Say which of the two is taken: the name or the date. */
    s = db_prepare(db, "SELECT name FROM cycle WHERE lower(name)=lower(?1)");
    db_bind_text(s, 1, zName);
    int rcRead = 0;
    int byName = db_step_row(db, s, &rcRead);
    sqlite3_finalize(s);
    if (rcRead) return rcRead;
    if (byName) return db_errorf(db, "there is already a cycle named '%s'", zName);
    char z[DAY_FMT_MAX];
    day_fmt(asAt, DAY_UK, z);
    return db_errorf(db, "there is already a cycle as at %s", z);
  }
  return db_errorf(db, "cannot add the cycle: %s", db_errmsg(db));
}

int store_cycle_remove(Db *db, const char *zName, int *pFound) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM cycle WHERE lower(name)=lower(?1)");
  db_bind_text(s, 1, zName);
  int n = 0;
  int rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  *pFound = n > 0;
  return rc;
}

static void cycle_row(sqlite3_stmt *s, void *p) {
  Cycle *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->zName = xstrdup((const char *)sqlite3_column_text(s, 1));
  x->asAt = db_column_day(s, 2);
  x->deadline = db_column_day(s, 3);
}

static void cycle_clear(void *p) { free(((Cycle *)p)->zName); }

int store_cycle_list(Db *db, Cycle **paCycle, int *pn) {
  int rc = 0;
  *paCycle =
      db_rows(db, db_prepare(db, "SELECT id, name, as_at, deadline FROM cycle ORDER BY as_at"),
              sizeof **paCycle, cycle_row, cycle_clear, pn, &rc);
  if (rc) return db_errorf(db, "cannot read the cycles: %s", db_errmsg(db));
  return 0;
}

void store_cycles_free(Cycle *a, int n) {
  for (int i = 0; i < n; i++) cycle_clear(&a[i]);
  free(a);
}
