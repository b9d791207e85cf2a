/*
** pack_load.c: finding a committee pack definition for a report (the one stored
** with `pack set`, else the built-in one, or a file's text) and having
** report_pack.c parse and check it against the database's risk scales. Sits
** above the store: the store keeps text, report_pack.c knows the format.
** Not for: the format itself (report_pack.c) or SQL (store_pack.c).
*/
#include <stdlib.h>
#include <string.h>

#include "report_pack.h"
#include "store.h"

int pack_load(Db *db, const char *zName, const char *zText, const Policy *pol, Pack *out,
              Buf *err) {
  memset(out, 0, sizeof *out);
  char *zStored = 0;
  if (!zText && store_pack_get(db, zName, &zStored)) {
    buf_appendf(err, "pack %s: %s", zName, db_errmsg(db));
    return 1;
  }
  const char *z = zText ? zText : zStored ? zStored : pack_builtin(zName);
  if (!z) {
    buf_appendf(err, "there is no pack named '%s' (auditrack pack list)", zName);
    return 1;
  }
  Buf e = BUF_INIT;
  char **azRisk = 0;
  int nRisk = 0, rc = pack_parse(zName, z, out, &e);
  if (!rc && store_rating_names(db, &azRisk, &nRisk)) {
    buf_puts(&e, db_errmsg(db));
    rc = 1;
  }
  if (!rc) rc = pack_check(out, pol, azRisk, nRisk, &e);
  if (rc) buf_appendf(err, "pack %s: %s", zName, buf_cstr(&e));
  store_names_free(azRisk, nRisk);
  free(zStored);
  buf_free(&e);
  return rc;
}

int pack_load_texts(Db *db, const char *zCycle, Pack *pk, Buf *err) {
  if (!zCycle) return 0;
  Cycle *a = 0;
  CycleText *t = 0;
  int n = 0, nt = 0;
  if (store_cycle_list(db, &a, &n)) {
    buf_puts(err, db_errmsg(db));
    return 1;
  }
  const Cycle *c = cycle_find(a, n, zCycle);
  int rc = c ? store_text_list(db, c->id, &t, &nt) : 0;
  store_cycles_free(a, n);
  if (rc) {
    buf_puts(err, db_errmsg(db));
    return 1;
  }
  pk->aText = xcalloc((size_t)nt + 1, sizeof(PackText));
  for (int i = 0; i < nt; i++) {
    pk->aText[i].zPart = t[i].zPart;
    pk->aText[i].auditId = t[i].auditId;
    pk->aText[i].zBody = t[i].zBody;
    t[i].zPart = t[i].zBody = 0;
  }
  pk->nText = nt;
  store_texts_free(t, nt);
  return 0;
}
