/*
** store_pack.c: committee pack definitions in the database: the text an
** organisation stored with `pack set`, by name, and the names a pack may use.
** The store keeps text; callers parse it (pack_load.c).
** Not for: the format itself (report_pack.c) or journalling (action.c).
*/
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

int store_pack_put(Db *db, const char *zName, const char *zText, int *pReplaced) {
  sqlite3_stmt *s = db_prepare(db, "SELECT 1 FROM pack WHERE lower(name)=lower(?1)");
  db_bind_text(s, 1, zName);
  int rc = 0;
  *pReplaced = db_step_row(db, s, &rc);
  sqlite3_finalize(s);
  if (rc) return rc;
  /* A pack of that name in any case keeps its name and takes the new text. */
  s = *pReplaced
          ? db_prepare(db, "UPDATE pack SET definition=?2, updated_at=?3"
                           " WHERE lower(name)=lower(?1)")
          : db_prepare(db, "INSERT INTO pack(name, definition, updated_at) VALUES(?1,?2,?3)");
  db_bind_text(s, 1, zName);
  db_bind_text(s, 2, zText);
  db_bind_text(s, 3, db_now_iso(db));
  rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_pack_remove(Db *db, const char *zName, int *pFound) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM pack WHERE lower(name)=lower(?1)");
  db_bind_text(s, 1, zName);
  int n = 0;
  int rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  *pFound = n > 0;
  return rc;
}

int store_pack_get(Db *db, const char *zName, char **pzText) {
  return db_read_text(db, db_prepare(db, "SELECT definition FROM pack WHERE lower(name)=lower(?1)"),
                      zName, pzText);
}

static void name_row(sqlite3_stmt *s, void *p) {
  *(char **)p = xstrdup((const char *)sqlite3_column_text(s, 0));
}

static void name_clear(void *p) { free(*(char **)p); }

/* Every row's first column as a heap array of heap strings. */
static int names_read(Db *db, sqlite3_stmt *s, char ***paz, int *pn) {
  int rc = 0;
  *paz = db_rows(db, s, sizeof **paz, name_row, name_clear, pn, &rc);
  return rc ? 1 : 0;
}

int store_pack_names(Db *db, char ***pazName, int *pn) {
  return names_read(db, db_prepare(db, "SELECT name FROM pack ORDER BY lower(name), name"), pazName,
                    pn);
}

int store_rating_names(Db *db, char ***pazName, int *pn) {
  return names_read(db, db_prepare(db, "SELECT code FROM rating UNION SELECT label FROM rating"),
                    pazName, pn);
}

void store_names_free(char **az, int n) {
  for (int i = 0; i < n; i++) free(az[i]);
  free(az);
}
