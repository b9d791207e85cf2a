/*
** store_ops.h: what running the service asks of the store: a consistent copy
** of the database for backups, the facts a backup's manifest records, and the
** figures health checks and metrics report. Each backend answers in its own way
** (SQLite: the online backup API; PostgreSQL would use its own dump).
** Not for: writing the backup's files (cli_backup.c) or serving metrics (web_ops.c).
*/
#ifndef AT_STORE_OPS_H
#define AT_STORE_OPS_H

#include "buf.h"
#include "db.h"

/* A consistent copy of the whole database into the new file zDest, taken while
** other connections write. 0, or 1 with the reason in err (nothing left at zDest). */
int store_backup(Db *db, const char *zDest, Buf *err) AT_MUST;

/* What a backup's manifest records of the database it copied. */
typedef struct StoreFacts {
  long long headId; /* the journal's last entry, 0 when empty */
  char zHeadHash[65];
  long long nAudit, nRec, nJournal, nEvidence; /* rows; nEvidence: distinct files */
} StoreFacts;
int store_facts(Db *db, StoreFacts *f) AT_MUST; /* 0, or the error (db_errmsg) */

/* An evidence file the database refers to: its SHA-256 (hex) and size. */
typedef struct StoreFile {
  char zSha[65];
  long long size;
} StoreFile;
/* Every distinct evidence file, by hash: a heap array (free()) of *pn, or NULL
** with *pn 0. Returns 0, or the error (db_errmsg). */
int store_evidence_files(Db *db, StoreFile **pa, int *pn) AT_MUST;

/* The outbox as monitoring sees it: messages waiting (queued, not being sent),
** those of them that have failed at least once, those held as may have been
** sent; and the last notification run (zLastRun "" when none: its as-at date)
** with its finishing time ("" while it runs or when it stopped short). */
typedef struct OutboxHealth {
  long long nQueued, nFailed, nHeld;
  char zLastRun[16];
  char zLastFinished[32];
} OutboxHealth;
int store_outbox_health(Db *db, OutboxHealth *h) AT_MUST; /* 0, or the error */

/* Does the database answer? 0, or the error (db_errmsg). */
int store_ping(Db *db) AT_MUST;

#endif
