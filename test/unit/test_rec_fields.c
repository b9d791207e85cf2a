/*
** test_rec_fields.c: rec_fields.h, the recommendation's plain text fields,
** against everything that must agree with it: the schema of a fresh database
** (each column exists and each read expression runs), the Rec (one member per
** row), the spellings (no two rows share one in any layer), the places on the
** recommendation's lines and on the web form (1, 2 ... without a gap), and
** import (each map name and each seed heading reads the field's column). A row
** added without its migration, or with a name another row has, fails here.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "import_int.h"
#include "t.h"

/* Each row's read expression, as store_load selects it. */
static const char *const azSelect[] = {
#define SELECT_OF(id, member, column, select, ...) select,
    REC_TEXT_FIELDS(SELECT_OF)
#undef SELECT_OF
};

/* A fresh database's file, made by db_open as `init` makes one; "" on failure. */
static void fresh_db(char *zPath, size_t n) {
  snprintf(zPath, n, "/tmp/at-rec-fields-XXXXXX");
  int fd = mkstemp(zPath);
  if (fd < 0) {
    zPath[0] = 0;
    return;
  }
  close(fd);
  unlink(zPath);
  Db *db = 0;
  char *zErr = 0;
  if (db_open(zPath, 1, &db, &zErr)) {
    t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
    zPath[0] = 0;
    return;
  }
  db_close(db);
}

TEST(rec_fields_columns_exist_in_a_fresh_database) {
  char zPath[64];
  fresh_db(zPath, sizeof zPath);
  CHECK(zPath[0]);
  if (!zPath[0]) return;
  sqlite3 *h = 0;
  CHECK_INT(sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READONLY, 0), SQLITE_OK);
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    sqlite3_stmt *s = 0;
    int found = 0;
    if (sqlite3_prepare_v2(h, "SELECT 1 FROM pragma_table_info('rec') WHERE name=?1", -1, &s, 0) ==
        SQLITE_OK) {
      sqlite3_bind_text(s, 1, rec_fields[f].zColumn, -1, SQLITE_STATIC);
      found = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    if (!found) t_fail(__FILE__, __LINE__, "rec has no column %s", rec_fields[f].zColumn);
    /* The read expression runs against the schema as store_load's query does. */
    char *zSql =
        sqlite3_mprintf("SELECT %s FROM rec r JOIN audit a ON a.id=r.audit_id", azSelect[f]);
    s = 0;
    if (sqlite3_prepare_v2(h, zSql, -1, &s, 0) != SQLITE_OK) {
      t_fail(__FILE__, __LINE__, "%s: %s", zSql, sqlite3_errmsg(h));
    }
    sqlite3_finalize(s);
    sqlite3_free(zSql);
  }
  sqlite3_close(h);
  unlink(zPath);
}

/* No two rows share z(f) (NULLs aside). */
static void check_unique(const char *zWhat, const char *(*z)(int)) {
  for (int i = 0; i < REC_FIELD__MAX; i++) {
    for (int j = i + 1; j < REC_FIELD__MAX; j++) {
      if (z(i) && z(j) && !strcmp(z(i), z(j)))
        t_fail(__FILE__, __LINE__, "rows %d and %d share the %s '%s'", i, j, zWhat, z(i));
    }
  }
}
static const char *col_of(int f) { return rec_fields[f].zColumn; }
static const char *set_of(int f) { return rec_fields[f].zSet; }
static const char *api_of(int f) { return rec_fields[f].zApi; }
static const char *header_of(int f) { return rec_fields[f].zHeader; }
static const char *seed_of(int f) { return rec_fields[f].zSeed; }
static const char *label_of(int f) { return rec_fields[f].zLabel; }
static const char *form_of(int f) { return rec_fields[f].form.zName; }

/* The places p(f) that are not 0 are 1, 2 ... n, each once. */
static void check_places(const char *zWhat, int (*p)(int)) {
  int n = 0;
  for (int f = 0; f < REC_FIELD__MAX; f++) n += p(f) != 0;
  for (int place = 1; place <= n; place++) {
    int k = 0;
    for (int f = 0; f < REC_FIELD__MAX; f++) k += p(f) == place;
    if (k != 1) t_fail(__FILE__, __LINE__, "%d rows have %s place %d", k, zWhat, place);
  }
}
static int line_of(int f) { return rec_fields[f].line; }
static int form_place_of(int f) { return rec_fields[f].form.place; }

TEST(rec_fields_spellings_and_members_unique) {
  check_unique("column", col_of);
  check_unique("set name", set_of);
  check_unique("API key", api_of);
  check_unique("map name", header_of);
  check_unique("seed heading", seed_of);
  check_unique("label", label_of);
  check_unique("form name", form_of);
  for (int i = 0; i < REC_FIELD__MAX; i++) {
    CHECK(rec_fields[i].zColumn && rec_fields[i].zApi && rec_fields[i].zHeader);
    CHECK(rec_fields[i].zSeed && rec_fields[i].zLabel);
    CHECK(rec_fields[i].offset + sizeof(char *) <= sizeof(Rec));
    for (int j = i + 1; j < REC_FIELD__MAX; j++) {
      if (rec_fields[i].offset == rec_fields[j].offset)
        t_fail(__FILE__, __LINE__, "rows %d and %d name one Rec member", i, j);
    }
    if (rec_fields[i].zSet) CHECK_INT(rec_field_find(rec_fields[i].zSet), i);
    /* A field on the form says what it asks and how much it takes. */
    const RecForm *q = &rec_fields[i].form;
    if (q->place) CHECK(q->zName && q->zAsk && q->limit > 0 && q->rows >= 0);
  }
  check_places("line", line_of);
  check_places("form", form_place_of);
  /* The lines fit the array every door gives rec_lines. */
  Rec r;
  memset(&r, 0, sizeof r);
  Buf risk = BUF_INIT;
  RecLine a[REC_LINES_MAX];
  int n = 0;
  for (int f = 0; f < REC_FIELD__MAX; f++) n += rec_fields[f].line != 0;
  CHECK_INT(rec_lines(&r, 0, &risk, a), n + 1); /* and the risk rating */
  buf_free(&risk);
}

TEST(rec_fields_import_reads_each_map_name_and_seed_heading) {
  /* The map names: a map file naming every field's column, over a header of them. */
  Buf map = BUF_INIT, err = BUF_INIT;
  buf_puts(&map, "audit_title = Audit\n");
  char *azHdr[REC_FIELD__MAX + 1], *azSeed[REC_FIELD__MAX + 2];
  azHdr[0] = "Audit";
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    CHECK_STR(import_field_names[F_OF_REC(f)], rec_fields[f].zHeader);
    buf_appendf(&map, "%s = Column %d\n", rec_fields[f].zHeader, f);
    azHdr[f + 1] = sqlite3_mprintf("Column %d", f);
  }
  FILE *fm = fmemopen(map.z, map.n, "r");
  Map m;
  import_map_init(&m, 0);
  CHECK_INT(import_map_read_file(&m, fm, "test.map", &err), 0);
  fclose(fm);
  CsvRecord hdr = {.nField = REC_FIELD__MAX + 1, .azField = azHdr, .line = 1, .recno = 1};
  CHECK_INT(import_map_apply_header(&m, &hdr, 0, &err), 0);
  CHECK_STR(buf_cstr(&err), "");
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (m.aCol[F_OF_REC(f)] != f + 1)
      t_fail(__FILE__, __LINE__, "map name %s: column %d", rec_fields[f].zHeader,
             m.aCol[F_OF_REC(f)]);
    sqlite3_free(azHdr[f + 1]);
  }
  import_map_free(&m);
  /* The seed headings, recognised without a map. */
  azSeed[0] = "audit_title";
  azSeed[1] = "original_due_date";
  for (int f = 0; f < REC_FIELD__MAX; f++) azSeed[f + 2] = (char *)rec_fields[f].zSeed;
  CsvRecord seed = {.nField = REC_FIELD__MAX + 2, .azField = azSeed, .line = 1, .recno = 1};
  import_map_init(&m, 1);
  CHECK(import_map_seed(&m, &seed, 0));
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (m.aCol[F_OF_REC(f)] != f + 2)
      t_fail(__FILE__, __LINE__, "seed heading %s: column %d", rec_fields[f].zSeed,
             m.aCol[F_OF_REC(f)]);
  }
  import_map_free(&m);
  buf_free(&map);
  buf_free(&err);
}
