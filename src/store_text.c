/*
** store_text.c: the head of audit's words stored for a reporting cycle (table
** cycle_text): named parts of a committee pack and the commentary on an audit.
** Part names are folded to lower case on write, so a lookup in any case is an
** equality. Not for: checking the markup (markup.c), journalling (action_text.c)
** or printing (report_pack_text.c).
*/
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static char *fold(const char *z) {
  char *q = xstrdup(z);
  for (char *p = q; *p; p++) *p = (char)tolower((unsigned char)*p);
  return q;
}

int store_text_set(Db *db, long long cycleId, long long auditId, const char *zPart,
                   const char *zBody) {
  char *zKey = fold(zPart);
  sqlite3_stmt *s = db_prepare(db, "UPDATE cycle_text SET body=?1, updated_at=?2"
                                   " WHERE cycle_id=?3 AND audit_id=?4 AND part=?5");
  db_bind_text(s, 1, zBody);
  db_bind_text(s, 2, db_now_iso(db));
  sqlite3_bind_int64(s, 3, cycleId);
  sqlite3_bind_int64(s, 4, auditId);
  db_bind_text(s, 5, zKey);
  int n = 0, rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  if (!rc && !n) {
    long long id = 0;
    s = db_prepare(db, "INSERT INTO cycle_text(cycle_id, audit_id, part, body, updated_at)"
                       " VALUES(?1,?2,?3,?4,?5)");
    sqlite3_bind_int64(s, 1, cycleId);
    sqlite3_bind_int64(s, 2, auditId);
    db_bind_text(s, 3, zKey);
    db_bind_text(s, 4, zBody);
    db_bind_text(s, 5, db_now_iso(db));
    rc = db_step_id(db, s, &id);
    sqlite3_finalize(s);
  }
  free(zKey);
  return rc;
}

int store_text_remove(Db *db, long long cycleId, long long auditId, const char *zPart,
                      int *pFound) {
  char *zKey = fold(zPart);
  sqlite3_stmt *s =
      db_prepare(db, "DELETE FROM cycle_text WHERE cycle_id=?1 AND audit_id=?2 AND part=?3");
  sqlite3_bind_int64(s, 1, cycleId);
  sqlite3_bind_int64(s, 2, auditId);
  db_bind_text(s, 3, zKey);
  int n = 0, rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  free(zKey);
  *pFound = n > 0;
  return rc;
}

static void text_row(sqlite3_stmt *s, void *p) {
  CycleText *x = p;
  x->auditId = sqlite3_column_int64(s, 0);
  x->zPart = db_column_dup(s, 1);
  x->zBody = db_column_dup(s, 2);
  x->zAudit = db_column_dup(s, 3);
  x->zUpdated = db_column_dup(s, 4);
}

static void text_clear(void *p) {
  CycleText *x = p;
  free(x->zPart);
  free(x->zBody);
  free(x->zAudit);
  free(x->zUpdated);
}

int store_text_list(Db *db, long long cycleId, CycleText **pa, int *pn) {
  int rc = 0;
  sqlite3_stmt *s =
      db_prepare(db, "SELECT t.audit_id, t.part, t.body,"
                     " CASE WHEN a.id IS NULL THEN NULL WHEN coalesce(a.ref,'')='' THEN a.title"
                     " ELSE a.ref || ' ' || a.title END, t.updated_at"
                     " FROM cycle_text t LEFT JOIN audit a ON a.id=t.audit_id"
                     " WHERE t.cycle_id=?1 ORDER BY t.audit_id, t.part");
  sqlite3_bind_int64(s, 1, cycleId);
  *pa = db_rows(db, s, sizeof **pa, text_row, text_clear, pn, &rc);
  if (rc) return db_errorf(db, "cannot read the cycle's texts: %s", db_errmsg(db));
  return 0;
}

void store_texts_free(CycleText *a, int n) {
  for (int i = 0; i < n; i++) text_clear(&a[i]);
  free(a);
}
