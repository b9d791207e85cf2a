/*
** store_ops.c: backups, manifest facts, health and metrics figures, in SQL
** both backends share (store_backup itself is the SQLite backend's copy).
** Not for: files on disk (cli_backup.c) or HTTP (web_ops.c).
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_ops.h"

int store_backup(Db *db, const char *zDest, Buf *err) { return db_backup_to(db, zDest, err); }

/* The first column of a one-row query as a number into *pn. */
static int one_count(Db *db, sqlite3_stmt *s, long long *pn) {
  int rc = 0;
  *pn = 0;
  if (db_step_row(db, s, &rc)) *pn = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return rc;
}

int store_facts(Db *db, StoreFacts *f) {
  memset(f, 0, sizeof *f);
  int rc = 0;
  sqlite3_stmt *s = db_prepare(db, "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1");
  if (db_step_row(db, s, &rc)) {
    f->headId = sqlite3_column_int64(s, 0);
    const char *z = (const char *)sqlite3_column_text(s, 1);
    snprintf(f->zHeadHash, sizeof f->zHeadHash, "%s", z ? z : "");
  }
  sqlite3_finalize(s);
  if (!rc) rc = one_count(db, db_prepare(db, "SELECT count(*) FROM audit"), &f->nAudit);
  if (!rc) rc = one_count(db, db_prepare(db, "SELECT count(*) FROM rec"), &f->nRec);
  if (!rc) rc = one_count(db, db_prepare(db, "SELECT count(*) FROM journal"), &f->nJournal);
  if (!rc)
    rc =
        one_count(db, db_prepare(db, "SELECT count(DISTINCT sha256) FROM evidence"), &f->nEvidence);
  return rc;
}

static void file_fill(sqlite3_stmt *s, void *p) {
  StoreFile *f = p;
  const char *z = (const char *)sqlite3_column_text(s, 0);
  snprintf(f->zSha, sizeof f->zSha, "%s", z ? z : "");
  f->size = sqlite3_column_int64(s, 1);
}

int store_evidence_files(Db *db, StoreFile **pa, int *pn) {
  int rc = 0;
  sqlite3_stmt *s =
      db_prepare(db, "SELECT sha256, max(size) FROM evidence GROUP BY sha256 ORDER BY sha256");
  *pa = db_rows(db, s, sizeof **pa, file_fill, 0, pn, &rc);
  return rc;
}

int store_outbox_health(Db *db, OutboxHealth *h) {
  memset(h, 0, sizeof *h);
  int rc = 0;
  sqlite3_stmt *s = db_prepare(
      db, "SELECT coalesce(sum(flight IS NULL), 0),"
          " coalesce(sum(flight IS NULL AND attempts > 0 AND last_error IS NOT NULL), 0),"
          " coalesce(sum(flight = 'unknown'), 0) FROM outbox WHERE state = 'queued'");
  if (db_step_row(db, s, &rc)) {
    h->nQueued = sqlite3_column_int64(s, 0);
    h->nFailed = sqlite3_column_int64(s, 1);
    h->nHeld = sqlite3_column_int64(s, 2);
  }
  sqlite3_finalize(s);
  if (rc) return rc;
  s = db_prepare(db, "SELECT as_at, finished_at FROM notify_run ORDER BY as_at DESC LIMIT 1");
  if (db_step_row(db, s, &rc)) {
    const char *z = (const char *)sqlite3_column_text(s, 0);
    snprintf(h->zLastRun, sizeof h->zLastRun, "%s", z ? z : "");
    z = (const char *)sqlite3_column_text(s, 1);
    snprintf(h->zLastFinished, sizeof h->zLastFinished, "%s", z ? z : "");
  }
  sqlite3_finalize(s);
  return rc;
}

int store_ping(Db *db) {
  long long n = 0;
  return one_count(db, db_prepare(db, "SELECT count(*) FROM meta"), &n);
}
