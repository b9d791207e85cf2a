/*
** fuzz_import.c: libFuzzer target for tracker rows: CSV rows under the seed
** layout's header (or a whole file, header included) through the importer's
** map and checks into an in-memory register, for real or as a dry run. The
** first byte picks: bit 0 a dry run, bit 1 a whole file (else the seed header is
** put before the rest). Checks the importer's contract: a known return code, a
** message whenever a file is rejected, a successful import that leaves the
** register loadable and the journal's chain intact. Not for: CSV syntax alone
** (fuzz_csv.c) or workbooks (fuzz_xlsx.c).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import.h"
#include "model.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char zSeedHeader[] =
    "\"source_file\",\"organisation\",\"report_title\",\"as_at_date\",\"row_no\",\"section\","
    "\"audit_title\",\"audit_date\",\"directorate_or_theme\",\"rec_ref\",\"recommendation\","
    "\"risk_label\",\"risk_text\",\"original_due_date\",\"revised_due_dates\","
    "\"current_target_date\",\"management_response\",\"previous_update\",\"latest_update\","
    "\"ia_opinion\",\"owner_director\",\"executive_member\",\"months_overdue_stated\","
    "\"next_action\",\"notes\",\"action_title\",\"revised_due_dates_by_cycle\",\"source_lines\","
    "\"organisation_basis\",\"owner_email\",\"director_email\",\"executive_member_email\"\n";

static Db *pDb;
static int nRun;

/* A fresh register every few hundred inputs, so that it stays small. */
static Db *fuzz_db(void) {
  if (pDb && nRun++ < 300) return pDb;
  db_close(pDb);
  pDb = 0;
  nRun = 0;
  char *zErr = 0;
  if (db_open(":memory:", 1, &pDb, &zErr)) {
    fprintf(stderr, "db_open: %s\n", zErr);
    abort();
  }
  if (db_begin(pDb) || store_install_scales(pDb) ||
      journal_append(pDb, "fuzz", "init", "database", 0, "{}") || db_commit(pDb)) {
    fprintf(stderr, "init: %s\n", db_errmsg(pDb));
    abort();
  }
  return pDb;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 1 << 16) return 0;
  Db *db = fuzz_db();
  int dryRun = data[0] & 1, whole = data[0] & 2;
  size_t nHead = whole ? 0 : sizeof zSeedHeader - 1, n = nHead + size - 1;
  /* Exactly n bytes, so that ASan catches any read past the end of the file. */
  char *z = malloc(n ? n : 1);
  if (!z) return 0;
  memcpy(z, zSeedHeader, nHead);
  if (size > 1) memcpy(z + nHead, data + 1, size - 1);
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = "fuzz.csv";
  o.asAt = DAY_NONE;
  o.dryRun = dryRun;
  o.quiet = 1;
  o.zActor = "fuzz";
  ImportResult res;
  Buf err = BUF_INIT, warn = BUF_INIT;
  int rc = import_file(db, &o, z, n, &res, &err, &warn);
  if (rc < 0 || rc > 2) abort();
  if (rc && err.n == 0) abort();
  if (rc == 0 && !res.already && res.nProblem) abort();
  if (rc == 0 && !dryRun && !res.already) {
    RecSet set;
    memset(&set, 0, sizeof set);
    if (store_load(db, 0, 1, DAY_NONE, &set)) abort();
    recset_free(&set);
    Buf out = BUF_INIT;
    if (journal_verify(db, 0, 0, &out)) {
      fprintf(stderr, "%s", buf_cstr(&out));
      abort();
    }
    buf_free(&out);
  }
  buf_free(&err);
  buf_free(&warn);
  free(z);
  return 0;
}
