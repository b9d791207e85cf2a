/*
** store_cycle.c: reporting cycles in the database. A cycle names a committee
** date ("Audit Committee 15 February 2022"); reports made for it are as at that
** date and compare with the cycle before. A cycle keeps the figures its paper
** stated (cycle_stated), which the summary for it compares with the register. Not for: choosing the
*previous cycle
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
  /* The stated figures go with it (ON DELETE CASCADE, said here as well). */
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM cycle_stated WHERE cycle_id IN"
                                   " (SELECT id FROM cycle WHERE lower(name)=lower(?1))");
  db_bind_text(s, 1, zName);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  if (rc) return rc;
  s = db_prepare(db, "DELETE FROM cycle WHERE lower(name)=lower(?1)");
  db_bind_text(s, 1, zName);
  int n = 0;
  rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  *pFound = n > 0;
  return rc;
}

int store_cycle_state(Db *db, long long cycleId, const Stated *x, long long *pOld) {
  *pOld = -1;
  sqlite3_stmt *s = db_prepare(db, "SELECT value FROM cycle_stated WHERE cycle_id=?1 AND kind=?2"
                                   " AND risk=?3 AND band=?4");
  sqlite3_bind_int64(s, 1, cycleId);
  db_bind_text(s, 2, stated_kind_name(x->kind));
  db_bind_text(s, 3, x->zRisk);
  db_bind_text(s, 4, x->zBand);
  int rc = 0;
  if (db_step_row(db, s, &rc)) *pOld = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  if (rc) return rc;
  if (x->value < 0) {
    s = db_prepare(db, "DELETE FROM cycle_stated WHERE cycle_id=?1 AND kind=?2 AND risk=?3"
                       " AND band=?4");
  } else if (*pOld >= 0) {
    s = db_prepare(db, "UPDATE cycle_stated SET value=?5 WHERE cycle_id=?1 AND kind=?2"
                       " AND risk=?3 AND band=?4");
  } else {
    s = db_prepare(db, "INSERT INTO cycle_stated(cycle_id, kind, risk, band, value, seq)"
                       " VALUES(?1,?2,?3,?4,?5,"
                       " (SELECT coalesce(max(seq), 0) + 1 FROM cycle_stated WHERE cycle_id=?1))");
  }
  sqlite3_bind_int64(s, 1, cycleId);
  db_bind_text(s, 2, stated_kind_name(x->kind));
  db_bind_text(s, 3, x->zRisk);
  db_bind_text(s, 4, x->zBand);
  if (x->value >= 0) sqlite3_bind_int64(s, 5, x->value);
  rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

/* Each cycle's stated figures, in the order they were first recorded. */
static int cycle_stated_read(Db *db, Cycle *a, int n) {
  sqlite3_stmt *s = db_prepare(db, "SELECT cycle_id, kind, risk, band, value FROM cycle_stated"
                                   " ORDER BY cycle_id, seq");
  int rc = 0;
  while (db_step_row(db, s, &rc)) {
    long long id = sqlite3_column_int64(s, 0);
    Cycle *c = 0;
    for (int i = 0; i < n && !c; i++) c = a[i].id == id ? &a[i] : 0;
    int k = stated_kind_from_name((const char *)sqlite3_column_text(s, 1));
    if (!c || k < 0) continue; /* the CHECK and the foreign key keep both from happening */
    c->aStated = xrealloc(c->aStated, sizeof(Stated) * (size_t)(c->nStated + 1));
    Stated *x = &c->aStated[c->nStated++];
    x->kind = (StatedKind)k;
    x->zRisk = db_column_dup(s, 2);
    x->zBand = db_column_dup(s, 3);
    x->value = sqlite3_column_int64(s, 4);
  }
  sqlite3_finalize(s);
  return rc;
}

static void cycle_row(sqlite3_stmt *s, void *p) {
  Cycle *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->zName = xstrdup((const char *)sqlite3_column_text(s, 1));
  x->asAt = db_column_day(s, 2);
  x->deadline = db_column_day(s, 3);
}

static void cycle_clear(void *p) {
  Cycle *c = p;
  free(c->zName);
  for (int i = 0; i < c->nStated; i++) {
    free(c->aStated[i].zRisk);
    free(c->aStated[i].zBand);
  }
  free(c->aStated);
}

int store_cycle_list(Db *db, Cycle **paCycle, int *pn) {
  int rc = 0;
  *paCycle =
      db_rows(db, db_prepare(db, "SELECT id, name, as_at, deadline FROM cycle ORDER BY as_at"),
              sizeof **paCycle, cycle_row, cycle_clear, pn, &rc);
  if (!rc && *pn) rc = cycle_stated_read(db, *paCycle, *pn);
  if (rc) return db_errorf(db, "cannot read the cycles: %s", db_errmsg(db));
  return 0;
}

void store_cycles_free(Cycle *a, int n) {
  for (int i = 0; i < n; i++) cycle_clear(&a[i]);
  free(a);
}
