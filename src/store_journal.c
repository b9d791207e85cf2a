/*
** store_journal.c: the journal's SQL. Every change appends one hash-chained entry
** inside its transaction (journal_append, called only by act_finish); the head is
** the register's generation; journal_verify walks the chain for `verify`. The
** declarations and their contracts are in db.h, beside the transaction they live in.
** Not for: what an entry's detail says (action.c) or opening the database (db.c).
*/
#include "store.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

const char *journal_actor(void) {
  const char *z = getenv("AUDITRACK_USER");
  if (!z || !z[0]) z = getenv("USER");
  return z && z[0] ? z : "unknown";
}

/* Hex SHA-256 over the fields of one entry, each length-prefixed so that no two
** different entries can serialise to the same bytes. */
static void journal_hash(const char *zPrev, long long id, const char *zAt, const char *zActor,
                         const char *zAction, const char *zEntity, long long entityId,
                         int hasEntityId, const char *zDetail, char zOut[65]) {
  crypto_hash_sha256_state st;
  unsigned char h[crypto_hash_sha256_BYTES];
  Buf b = BUF_INIT;
  const char *az[] = {zPrev, zAt, zActor, zAction, zEntity, zDetail};
  buf_appendf(&b, "%lld:", id);
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++)
    buf_appendf(&b, "%zu:%s;", strlen(az[i]), az[i]);
  if (hasEntityId) buf_appendf(&b, "%lld", entityId);
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, (const unsigned char *)b.z, b.n);
  crypto_hash_sha256_final(&st, h);
  sodium_bin2hex(zOut, 65, h, sizeof h);
  buf_free(&b);
}

static void journal_now(char zOut[32]) {
  time_t t = time(0);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int journal_append(Db *db, const char *zActor, const char *zAction, const char *zEntity,
                   long long entityId, const char *zDetailJson) {
  char zPrev[65] = "";
  long long id = 1;
  sqlite3_stmt *s = db_prepare(db, "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1");
  int rc = 0;
  if (db_step_row(db, s, &rc)) {
    id = sqlite3_column_int64(s, 0) + 1;
    snprintf(zPrev, sizeof zPrev, "%s", (const char *)sqlite3_column_text(s, 1));
  }
  sqlite3_finalize(s);
  if (rc) return rc; /* not an empty journal: a chain must not restart at entry 1 */
  char zAt[32], zHash[65];
  journal_now(zAt);
  journal_hash(zPrev, id, zAt, zActor, zAction, zEntity, entityId, entityId > 0, zDetailJson,
               zHash);
  s = db_prepare(db,
                 "INSERT INTO journal(id,at,actor,action,entity,entity_id,detail,prev_hash,hash)"
                 " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, zAt);
  db_bind_text(s, 3, zActor);
  db_bind_text(s, 4, zAction);
  db_bind_text(s, 5, zEntity);
  if (entityId > 0) sqlite3_bind_int64(s, 6, entityId);
  db_bind_text(s, 7, zDetailJson);
  db_bind_text(s, 8, zPrev);
  db_bind_text(s, 9, zHash);
  rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int journal_head(Db *db, long long *pId) {
  sqlite3_stmt *s = db_cached(db, "SELECT coalesce(max(id),0) FROM journal");
  int rc = 0;
  *pId = db_step_row(db, s, &rc) ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_reset(s);
  return rc;
}

int journal_verify(Db *db, long long headId, const char *zHeadHash, Buf *out) {
  int nBad = 0, headSeen = 0;
  long long nEntry = 0, expectId = 1;
  char zPrev[65] = "";
  sqlite3_stmt *s =
      db_prepare(db, "SELECT id,at,actor,action,entity,entity_id,detail,prev_hash,hash"
                     " FROM journal ORDER BY id");
  int rc = 0;
  while (db_step_row(db, s, &rc)) {
    long long id = sqlite3_column_int64(s, 0);
    const char *az[9];
    for (int i = 1; i < 9; i++) {
      az[i] = (const char *)sqlite3_column_text(s, i);
      if (!az[i]) az[i] = "";
    }
    int hasEntity = sqlite3_column_type(s, 5) != SQLITE_NULL;
    long long entityId = sqlite3_column_int64(s, 5);
    char zHash[65];
    if (id != expectId) {
      buf_appendf(out, "journal entry %lld follows entry %lld: %lld entr%s missing\n", id,
                  expectId - 1, id - expectId, id - expectId == 1 ? "y" : "ies");
      nBad++;
    }
    if (strcmp(az[7], zPrev)) {
      buf_appendf(out, "journal entry %lld: previous-hash link broken\n", id);
      nBad++;
    }
    journal_hash(az[7], id, az[1], az[2], az[3], az[4], entityId, hasEntity, az[6], zHash);
    if (strcmp(zHash, az[8])) {
      buf_appendf(out, "journal entry %lld (%s %s %s): content does not match its hash\n", id,
                  az[1], az[3], az[4]);
      nBad++;
    }
    snprintf(zPrev, sizeof zPrev, "%s", az[8]);
    if (headId > 0 && id == headId) {
      headSeen = 1;
      if (strcmp(az[8], zHeadHash)) {
        buf_appendf(out, "journal entry %lld: hash differs from the head recorded earlier\n", id);
        nBad++;
      }
    }
    expectId = id + 1;
    nEntry++;
  }
  sqlite3_finalize(s);
  /* A read that stops early must not pass for the end of the chain. */
  if (rc) {
    buf_appendf(out, "journal: %s\n", db_errmsg(db));
    nBad++;
    rc = 0;
  }
  s = db_prepare(db, "PRAGMA integrity_check");
  while (db_step_row(db, s, &rc)) {
    const char *z = (const char *)sqlite3_column_text(s, 0);
    if (z && strcmp(z, "ok")) {
      buf_appendf(out, "database integrity: %s\n", z);
      nBad++;
    }
  }
  sqlite3_finalize(s);
  if (rc) {
    buf_appendf(out, "database integrity: %s\n", db_errmsg(db));
    nBad++;
    rc = 0;
  }
  s = db_prepare(db, "PRAGMA foreign_key_check");
  while (db_step_row(db, s, &rc)) {
    buf_appendf(out, "foreign key broken: %s row %lld\n", (const char *)sqlite3_column_text(s, 0),
                (long long)sqlite3_column_int64(s, 1));
    nBad++;
  }
  sqlite3_finalize(s);
  if (rc) {
    buf_appendf(out, "foreign keys: %s\n", db_errmsg(db));
    nBad++;
  }
  if (headId > 0 && !headSeen) {
    buf_appendf(out,
                "journal entry %lld, recorded earlier as the head, is missing: entries were "
                "removed\n",
                headId);
    nBad++;
  }
  if (!nBad)
    buf_appendf(out, "journal: %lld entries, chain intact; database integrity ok\n", nEntry);
  if (nEntry) buf_appendf(out, "head: %lld:%s\n", expectId - 1, zPrev);
  return nBad;
}

int store_journal_head_hash(Db *db, long long *pId, char zHash[65]) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1");
  int rc = 0;
  *pId = 0;
  if (zHash) zHash[0] = 0;
  if (db_step_row(db, s, &rc)) {
    *pId = sqlite3_column_int64(s, 0);
    if (zHash) snprintf(zHash, 65, "%s", (const char *)sqlite3_column_text(s, 1));
  }
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int store_journal_since(Db *db, long long since, int max, JournalChange **pa, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id, action, entity, entity_id, hash FROM journal"
                                   " WHERE id >= ?1 ORDER BY id LIMIT ?2");
  sqlite3_bind_int64(s, 1, since);
  sqlite3_bind_int(s, 2, max);
  JournalChange *a = 0;
  int n = 0, rc = 0;
  while (db_step_row(db, s, &rc)) {
    a = xrealloc(a, sizeof *a * (size_t)(n + 1));
    JournalChange *x = &a[n++];
    x->id = sqlite3_column_int64(s, 0);
    snprintf(x->zAction, sizeof x->zAction, "%s", (const char *)sqlite3_column_text(s, 1));
    snprintf(x->zEntity, sizeof x->zEntity, "%s", (const char *)sqlite3_column_text(s, 2));
    x->entityId = sqlite3_column_type(s, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 3);
    snprintf(x->zHash, sizeof x->zHash, "%s", (const char *)sqlite3_column_text(s, 4));
  }
  sqlite3_finalize(s);
  if (rc) {
    free(a);
    a = 0;
    n = 0;
  }
  *pa = a;
  *pn = n;
  return rc ? 1 : 0;
}
