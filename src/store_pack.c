/*
** store_pack.c: committee pack definitions in the database: the text an
** organisation stored with `pack set`, by name, and pack_load(), which finds a
** definition (stored, else built in) and has report_pack.c parse and check it.
** Not for: the format itself (report_pack.c) or journalling (action.c).
*/
#include <stdlib.h>
#include <string.h>

#include "report_pack.h"
#include "store.h"

int store_pack_put(Db *db, const char *zName, const char *zText, int *pReplaced) {
  sqlite3_stmt *s = db_prepare(db, "SELECT 1 FROM pack WHERE name=?1");
  db_bind_text(s, 1, zName);
  *pReplaced = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  s = db_prepare(db, "INSERT INTO pack(name, definition, updated_at)"
                     " VALUES(?1,?2,strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
                     " ON CONFLICT(name) DO UPDATE SET definition=excluded.definition,"
                     " updated_at=excluded.updated_at");
  db_bind_text(s, 1, zName);
  db_bind_text(s, 2, zText);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

char *store_pack_get(Db *db, const char *zName) {
  sqlite3_stmt *s = db_prepare(db, "SELECT definition FROM pack WHERE name=?1");
  db_bind_text(s, 1, zName);
  char *z = 0;
  if (sqlite3_step(s) == SQLITE_ROW) z = xstrdup((const char *)sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  return z;
}

/* Every row's first column as a heap array of heap strings. */
static int names_read(Db *db, sqlite3_stmt *s, char ***paz, int *pn) {
  char **az = 0;
  int n = 0, rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    az = xrealloc(az, sizeof(char *) * (size_t)(n + 1));
    az[n++] = xstrdup((const char *)sqlite3_column_text(s, 0));
  }
  sqlite3_finalize(s);
  *paz = az;
  *pn = n;
  if (rc != SQLITE_DONE) {
    buf_reset(&db->err);
    buf_appendf(&db->err, "cannot read the database: %s", sqlite3_errmsg(db->h));
    return 1;
  }
  return 0;
}

int store_pack_names(Db *db, char ***pazName, int *pn) {
  return names_read(db, db_prepare(db, "SELECT name FROM pack ORDER BY name COLLATE NOCASE"),
                    pazName, pn);
}

int store_rating_names(Db *db, char ***pazName, int *pn) {
  return names_read(db, db_prepare(db, "SELECT code FROM rating UNION SELECT label FROM rating"),
                    pazName, pn);
}

void store_names_free(char **az, int n) {
  for (int i = 0; i < n; i++) free(az[i]);
  free(az);
}

int pack_load(Db *db, const char *zName, const char *zText, const Policy *pol, Pack *out,
              Buf *err) {
  memset(out, 0, sizeof *out);
  char *zStored = zText ? 0 : store_pack_get(db, zName);
  const char *z = zText ? zText : zStored ? zStored : pack_builtin(zName);
  if (!z) {
    buf_appendf(err, "there is no pack named '%s' (auditrack pack list)", zName);
    return 1;
  }
  Buf e = BUF_INIT;
  char **azRisk = 0;
  int nRisk = 0, rc = pack_parse(zName, z, out, &e);
  if (!rc && store_rating_names(db, &azRisk, &nRisk)) {
    buf_puts(&e, buf_cstr(&db->err));
    rc = 1;
  }
  if (!rc) rc = pack_check(out, pol, azRisk, nRisk, &e);
  if (rc) buf_appendf(err, "pack %s: %s", zName, buf_cstr(&e));
  store_names_free(azRisk, nRisk);
  free(zStored);
  buf_free(&e);
  return rc;
}
