/*
** test_import.c: an import's dry run against a database file: it writes
** nothing, holds no write lock while another connection writes, and counts
** and reports what the real import then does; the real import leaves no WAL
** behind; the budget refuses an oversized cell before anything is written.
*/
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "import.h"
#include "t.h"

typedef struct Tmp {
  char zDir[64], zDb[96], zWal[100];
} Tmp;

static Db *open_tmp(Tmp *t) {
  snprintf(t->zDir, sizeof t->zDir, "/tmp/auditrack-unit-XXXXXX");
  if (!mkdtemp(t->zDir)) {
    t_fail(__FILE__, __LINE__, "mkdtemp failed");
    return 0;
  }
  snprintf(t->zDb, sizeof t->zDb, "%s/t.db", t->zDir);
  snprintf(t->zWal, sizeof t->zWal, "%s-wal", t->zDb);
  Db *db = 0;
  char *zErr = 0;
  if (db_open(t->zDb, 1, &db, &zErr)) {
    t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
    return 0;
  }
  return db;
}

static void tmp_remove(Tmp *t) { t_remove_db(t->zDir, t->zDb); }

static long long file_size(const char *zPath) {
  struct stat st;
  return stat(zPath, &st) ? -1 : (long long)st.st_size;
}

/* nRow rows of the seed layout: 30 audits, each row with an update, every
** tenth with a revised target and an opinion, every seventh with a month
** count that differs from the policy's (a warning). */
static void tracker(Buf *b, int nRow) {
  buf_puts(b, "audit_title,audit_date,recommendation,original_due_date,revised_due_dates,"
              "current_target_date,latest_update,ia_opinion,months_overdue_stated,as_at_date\n");
  for (int i = 0; i < nRow; i++) {
    buf_appendf(b,
                "Audit %d,2023-0%d-15,Reconcile the ledger %d,2024-01-31,%s,%s,"
                "Work under way on item %d,%s,%s,2025-03-31\n",
                i % 30, 1 + i % 9, i, i % 10 ? "" : "2024-06-30", i % 10 ? "" : "2024-09-30", i,
                i % 10 ? "" : "In progress", i % 7 ? "" : "2 months overdue");
  }
}

typedef struct Probe {
  Db *other;
  int nTry, nFail;
} Probe;

/* While the dry run steps, another connection writes; once refused, it stops
** trying (each refusal waits for the busy timeout). */
static int probe_write(void *p) {
  Probe *pr = p;
  if (pr->nFail || pr->nTry >= 200) return 0;
  pr->nTry++;
  if (db_meta_set(pr->other, "probe", "written during a dry run")) pr->nFail++;
  return 0;
}

/* Regression: the dry run ran the whole import in a write transaction and
** rolled back, so every other writer (sign-ins, the CLI) waited and then failed
** with "database is locked", and the rolled-back rows filled the WAL. */
TEST(import_dry_run_writes_nothing_and_locks_no_writer) {
  Tmp t;
  Db *db = open_tmp(&t);
  if (!db) return;
  Db *other = 0;
  char *zErr = 0;
  if (db_open(t.zDb, 0, &other, &zErr)) {
    t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
    db_close(db);
    tmp_remove(&t);
    return;
  }
  /* One audit is already in the register: neither run counts it as new. */
  Buf first = BUF_INIT, big = BUF_INIT, err = BUF_INIT, warn = BUF_INIT;
  buf_puts(&first, "audit_title,audit_date,recommendation,original_due_date,as_at_date\n"
                   "Audit 3,2023-04-15,Earlier recommendation,2024-01-31,2024-12-31\n");
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = "first.csv";
  o.zActor = "test";
  o.asAt = DAY_NONE;
  ImportResult res;
  CHECK_INT(import_file(db, &o, first.z, first.n, &res, &err, &warn), 0);
  CHECK_INT(db_wal_truncate(db), 0);
  CHECK_INT(file_size(t.zWal), 0);

  tracker(&big, 3000);
  o.zFile = "big.csv";
  o.dryRun = 1;
  buf_reset(&err);
  buf_reset(&warn);
  int nChange = db_total_changes(db);
  Probe pr = {other, 0, 0};
  db_progress(db, 10, probe_write, &pr);
  ImportResult dry;
  CHECK_INT(import_file(db, &o, big.z, big.n, &dry, &err, &warn), 0);
  db_progress(db, 0, 0, 0);
  CHECK_INT(db_total_changes(db), nChange);
  CHECK(pr.nTry > 0);
  CHECK_INT(pr.nFail, 0);
  db_close(other);
  char *zDryErr = xstrdup(buf_cstr(&err)), *zDryWarn = xstrdup(buf_cstr(&warn));

  /* The real import of the same file: the same counts and messages. */
  o.dryRun = 0;
  buf_reset(&err);
  buf_reset(&warn);
  CHECK_INT(import_file(db, &o, big.z, big.n, &res, &err, &warn), 0);
  CHECK_INT(res.nRow, 3000);
  CHECK_INT(dry.nRow, res.nRow);
  CHECK_INT(dry.nRec, res.nRec);
  CHECK_INT(dry.nAudit, res.nAudit);
  CHECK_INT(dry.nAuditNew, res.nAuditNew);
  CHECK_INT(res.nAudit, 90); /* 30 titles, each under 3 dates */
  CHECK_INT(res.nAuditNew, 89);
  CHECK_INT(dry.nRev, res.nRev);
  CHECK_INT(dry.nUpd, res.nUpd);
  CHECK_INT(dry.nOp, res.nOp);
  CHECK_INT(dry.asAtMax, res.asAtMax);
  CHECK_STR(zDryErr, buf_cstr(&err));
  CHECK_STR(zDryWarn, buf_cstr(&warn));
  CHECK(warn.n > 0);
  /* Regression: the WAL kept the size of the largest import until the last
  ** connection closed. */
  CHECK_INT(file_size(t.zWal), 0);
  free(zDryErr);
  free(zDryWarn);
  buf_free(&first);
  buf_free(&big);
  buf_free(&err);
  buf_free(&warn);
  db_close(db);
  tmp_remove(&t);
}

TEST(import_refuses_a_cell_over_the_budget_before_writing) {
  Tmp t;
  Db *db = open_tmp(&t);
  if (!db) return;
  Buf csv = BUF_INIT, err = BUF_INIT, warn = BUF_INIT;
  buf_puts(&csv, "audit_title,recommendation,original_due_date,as_at_date\n"
                 "Payroll,Reconcile,2024-01-31,2024-12-31\n"
                 "Payroll,");
  for (int i = 0; i < IMPORT_MAX_CELL_CHARS; i++) buf_puts(&csv, i % 2 ? "\xc3\xa9" : "x");
  buf_puts(&csv, ",2024-01-31,2024-12-31\n");
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = "wide.csv";
  o.zActor = "test";
  o.asAt = DAY_NONE;
  ImportResult res;
  int nChange = db_total_changes(db);
  /* Exactly Excel's limit, counted in characters (half are two bytes): accepted. */
  o.dryRun = 1;
  CHECK_INT(import_file(db, &o, csv.z, csv.n, &res, &err, &warn), 0);
  CHECK_INT(res.nRec, 2);
  /* One more character: refused, naming the limit, with nothing written. */
  buf_reset(&csv);
  buf_puts(&csv, "audit_title,recommendation,original_due_date,as_at_date\n"
                 "Payroll,Reconcile,2024-01-31,2024-12-31\n"
                 "Payroll,x");
  for (int i = 0; i < IMPORT_MAX_CELL_CHARS; i++) buf_puts(&csv, i % 2 ? "\xc3\xa9" : "x");
  buf_puts(&csv, ",2024-01-31,2024-12-31\n");
  o.dryRun = 0;
  buf_reset(&err);
  CHECK_INT(import_file(db, &o, csv.z, csv.n, &res, &err, &warn), 1);
  CHECK(strstr(buf_cstr(&err), "row 2 (line 3), column 2: 32768 characters; a cell holds at "
                               "most 32767") != 0);
  CHECK_INT(res.nProblem, 1);
  CHECK_INT(db_total_changes(db), nChange);
  buf_free(&csv);
  buf_free(&err);
  buf_free(&warn);
  db_close(db);
  tmp_remove(&t);
}

/* Import csv (nothing written) and expect it refused with zWant in the errors. */
static void refused_before_writing(const char *zFile, int line, Buf *csv, const char *zWant) {
  Tmp t;
  Db *db = open_tmp(&t);
  if (!db) return;
  Buf err = BUF_INIT, warn = BUF_INIT;
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = "budget.csv";
  o.zActor = "test";
  o.asAt = DAY_NONE;
  ImportResult res;
  int nChange = db_total_changes(db);
  if (import_file(db, &o, csv->z, csv->n, &res, &err, &warn) != 1)
    t_fail(zFile, line, "not refused");
  if (!strstr(buf_cstr(&err), zWant)) t_fail(zFile, line, "errors: %s", buf_cstr(&err));
  if (db_total_changes(db) != nChange) t_fail(zFile, line, "written before the refusal");
  buf_free(&err);
  buf_free(&warn);
  db_close(db);
  tmp_remove(&t);
}

/* A file is cleared by its bytes alone only when no field can be over the cell
** limit: commas and line ends inside quotes do not end a field. */
TEST(import_budget_sees_a_long_quoted_cell_through_its_commas) {
  Buf csv = BUF_INIT;
  buf_puts(&csv, "audit_title,recommendation,original_due_date,as_at_date\n"
                 "Payroll,\"");
  for (int i = 0; i < IMPORT_MAX_CELL_CHARS / 4 + 1; i++) buf_puts(&csv, "a,\n\"\"");
  buf_puts(&csv, "\",2024-01-31,2024-12-31\n");
  refused_before_writing(__FILE__, __LINE__, &csv,
                         "row 1 (line 2), column 2: 32768 characters; a cell holds at most");
  buf_free(&csv);
}

/* One row more than the budget, the line ends bare carriage returns (as csv.c
** reads them): refused, naming the limit. */
TEST(import_budget_counts_rows_ended_by_carriage_returns) {
  Buf csv = BUF_INIT;
  buf_puts(&csv, "audit_title,recommendation,original_due_date,as_at_date\r");
  for (long i = 0; i <= IMPORT_MAX_ROWS; i++) buf_puts(&csv, "P,R,2024-01-31,2024-12-31\r");
  refused_before_writing(__FILE__, __LINE__, &csv,
                         "more than 1000000 rows; an import takes at most 1000000");
  buf_free(&csv);
}
