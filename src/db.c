/*
** db.c: opening the database and bringing its schema up to date (the
** migrations are db_schema.c's), transactions, binding helpers and the
** hash-chained journal.
** This file is the SQLite backend's own (PRAGMAs, WAL, the online backup).
** Not for: queries about recommendations (store.c) or domain rules.
*/
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "date.h"

#define DB_CACHE_MAX 96

struct Db {
  sqlite3 *h;
  char *zPath;
  Buf err;            /* last error message, for the caller to print */
  int readOnly;       /* opened read-only: 1 the file is not writable, 2 nor is its directory */
  int gate;           /* DbGate, or GATE_PASSED once a check let writes through */
  int wrote;          /* a write was committed since the gate passed */
  char zNow[24];      /* UTC time of the last db_begin (or the open), stamped on rows written */
  char zNowIso[24];   /* db_now_iso's answer */
  char azDay[16][11]; /* ring of ISO dates bound without a copy (db_bind_day) */
  unsigned iDay;
  unsigned nMail;      /* messages queued in the outbox on this connection (db_mail_note) */
  int migratedFrom;    /* the schema version db_open found, when it migrated one; else -1 */
  long long migrateMs; /* how long the migrations took */
  char *zMigrateCopy;  /* the copy kept from before them */
  int inRequest;       /* db_request_begin's read transaction is open */
  int nCache;
  const char *azCacheSql[DB_CACHE_MAX]; /* keyed by the literal's address */
  sqlite3_stmt *apCache[DB_CACHE_MAX];
};

_Static_assert(DB_DUPLICATE == SQLITE_CONSTRAINT_UNIQUE, "DB_DUPLICATE");

void db_init(void) {
  /* Before SQLite initialises: no memory statistics, so no global mutex taken on
  ** every allocation. */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The integrity gate (the end of this file). */
#define GATE_PASSED (DB_GATE_REFUSE + 1)
static int gate_refuses(Db *db);
static void gate_record(Db *db, int keepTime);
static void gate_damage_seen(Db *db);
static int handle_reopen_writable(Db *db);

static void db_set_err(Db *db, const char *zWhat) {
  db_error_clear(db);
  buf_appendf(&db->err, "%s: %s", zWhat, sqlite3_errmsg(db->h));
  gate_damage_seen(db);
}

const char *db_errmsg(Db *db) { return buf_cstr(&db->err); }
void db_error_clear(Db *db) { buf_reset(&db->err); }

int db_errorf(Db *db, const char *zFmt, ...) {
  va_list ap;
  Buf b = BUF_INIT;
  va_start(ap, zFmt);
  buf_vappendf(&b, zFmt, ap);
  va_end(ap);
  db_error_clear(db);
  buf_append(&db->err, b.z, b.n);
  buf_free(&b);
  return 1;
}

const char *db_now(Db *db) { return db->zNow; }

const char *db_now_iso(Db *db) {
  time_t t = time(0);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(db->zNowIso, sizeof db->zNowIso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return db->zNowIso;
}

void db_progress(Db *db, int n, int (*x)(void *), void *pArg) {
  sqlite3_progress_handler(db->h, n, n ? x : 0, pArg);
}

/* ---- a request's one read transaction ----
** A web request's reads (its session, the register's generation, the page's own
** queries) share one deferred transaction: one snapshot, and SQLite's WAL read
** lock taken and released once instead of once per statement. A write ends it
** first, before anything is written (db_begin, a statement that is not read-only,
** db_exec): from there the request's statements are their own transactions
** again, as outside a request, so a write never waits on or upgrades the
** snapshot. */
static void request_yield(Db *db) {
  if (!db->inRequest) return;
  db->inRequest = 0;
  if (sqlite3_get_autocommit(db->h)) return;
  sqlite3_stmt *s = db_cached(db, "COMMIT");
  sqlite3_step(s);
  sqlite3_reset(s);
}

void db_request_begin(Db *db) {
  if (db->inRequest || !sqlite3_get_autocommit(db->h)) return; /* one is open already */
  sqlite3_stmt *s = db_cached(db, "BEGIN DEFERRED");
  db->inRequest = sqlite3_step(s) == SQLITE_DONE;
  sqlite3_reset(s);
}

void db_request_end(Db *db) {
  if (!db->inRequest) return;
  request_yield(db);
  /* A read transaction holds no change: should the COMMIT fail (a statement left
  ** unreset), roll back rather than keep the snapshot for the next request. */
  db_rollback(db);
}

sqlite3_stmt *db_prepare_(Db *db, const char *zSql) {
  sqlite3_stmt *s = 0;
  if (sqlite3_prepare_v2(db->h, zSql, -1, &s, 0) != SQLITE_OK) {
    /* SQL text is a literal of ours: failing to prepare it is a bug. */
    fatal("cannot prepare SQL: %s\n%s", sqlite3_errmsg(db->h), zSql);
  }
  if (db->inRequest && !sqlite3_stmt_readonly(s)) request_yield(db);
  return s;
}

sqlite3_stmt *db_cached_(Db *db, const char *zSql) {
  for (int i = 0; i < db->nCache; i++) {
    if (db->azCacheSql[i] == zSql) {
      sqlite3_reset(db->apCache[i]);
      sqlite3_clear_bindings(db->apCache[i]);
      if (db->inRequest && !sqlite3_stmt_readonly(db->apCache[i])) request_yield(db);
      return db->apCache[i];
    }
  }
  if (db->nCache == DB_CACHE_MAX) fatal("statement cache full: raise DB_CACHE_MAX");
  sqlite3_stmt *s = 0;
  if (sqlite3_prepare_v3(db->h, zSql, -1, SQLITE_PREPARE_PERSISTENT, &s, 0) != SQLITE_OK) {
    fatal("cannot prepare SQL: %s\n%s", sqlite3_errmsg(db->h), zSql);
  }
  db->azCacheSql[db->nCache] = zSql;
  db->apCache[db->nCache++] = s;
  if (db->inRequest && !sqlite3_stmt_readonly(s)) request_yield(db);
  return s;
}

int db_exec_(Db *db, const char *zSql) {
  request_yield(db); /* BEGIN, COMMIT, a PRAGMA: never inside the request's snapshot */
  char *zErr = 0;
  int rc = sqlite3_exec(db->h, zSql, 0, 0, &zErr);
  if (rc != SQLITE_OK) {
    db_error_clear(db);
    buf_puts(&db->err, zErr ? zErr : sqlite3_errstr(rc));
    sqlite3_free(zErr);
    gate_damage_seen(db);
  }
  return rc;
}

int db_begin(Db *db) {
  request_yield(db); /* before the handle may be reopened writable, below */
  /* A server's connection lives for days: stamp rows with this transaction's time. */
  time_t now = time(0);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(db->zNow, sizeof db->zNow, "%Y-%m-%d %H:%M:%S", &tm);
  if (db->readOnly && handle_reopen_writable(db)) {
    buf_reset(&db->err);
    buf_appendf(&db->err,
                "%s is on read-only storage (the file or its directory cannot be written): it "
                "can be read and verified, not changed",
                db->zPath);
    return 1;
  }
  if (gate_refuses(db)) {
    buf_reset(&db->err);
    buf_puts(&db->err, DB_DAMAGED);
    return 1;
  }
  return db_exec(db, "BEGIN IMMEDIATE");
}
int db_begin_session(Db *db) {
  int gate = db->gate;
  db->gate = DB_GATE_OFF;
  int rc = db_begin(db);
  db->gate = gate;
  return rc;
}
int db_begin_read(Db *db) { return db_exec(db, "BEGIN DEFERRED"); }
int db_commit(Db *db) {
  int rc = db_exec(db, "COMMIT");
  if (!rc) db->wrote = 1;
  return rc;
}
void db_rollback(Db *db) {
  db->inRequest = 0;
  if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", 0, 0, 0);
}

int db_total_changes(Db *db) { return sqlite3_total_changes(db->h); }

int db_wal_truncate(Db *db) {
  /* A reader that holds an old snapshot would make TRUNCATE wait for the whole
  ** busy timeout: wait briefly instead, then checkpoint what can be and leave
  ** the file as it is. The next large write tries again. */
  int nLog = 0, nDone = 0;
  sqlite3_busy_timeout(db->h, DB_WAL_TRUNCATE_WAIT_MS);
  int rc = sqlite3_wal_checkpoint_v2(db->h, 0, SQLITE_CHECKPOINT_TRUNCATE, &nLog, &nDone);
  sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
  return rc == SQLITE_OK ? 0 : 1;
}

int db_backup_to(Db *db, const char *zDest, Buf *err) {
  sqlite3 *h = 0;
  int rc = sqlite3_open_v2(zDest, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0);
  sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(h, "main", db->h, "main") : 0;
  if (b) {
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
      sqlite3_sleep(20);
    rc = sqlite3_backup_finish(b);
  }
  if (!b || rc != SQLITE_OK)
    buf_appendf(err, "cannot copy the database to %s: %s", zDest, h ? sqlite3_errmsg(h) : "");
  int bad = !b || rc != SQLITE_OK;
  if (sqlite3_close(h) != SQLITE_OK) bad = 1;
  if (bad) unlink(zDest);
  return bad;
}

void db_bulk_read(Db *db, int on) {
  /* SQLite caps the size at its compile-time limit (2 GB by default); the PRAGMA
  ** only fails on a connection already closed, which the next read reports. */
  sqlite3_exec(db->h, on ? "PRAGMA mmap_size=2147418112" : "PRAGMA mmap_size=0", 0, 0, 0);
}

/* Text is bound without a copy: every caller steps and resets the statement
** while the string is alive, and db_cached() clears old bindings before reuse. */
void db_bind_text(sqlite3_stmt *s, int i, const char *z) {
  sqlite3_bind_text(s, i, z ? z : "", -1, SQLITE_STATIC);
}

void db_bind_text_or_null(sqlite3_stmt *s, int i, const char *z) {
  if (z && z[0])
    sqlite3_bind_text(s, i, z, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(s, i);
}

void db_bind_day(Db *db, sqlite3_stmt *s, int i, int day) {
  if (day == DAY_NONE) {
    sqlite3_bind_null(s, i);
    return;
  }
  char z[DAY_FMT_MAX];
  char *zDay = db->azDay[db->iDay++ % 16];
  memcpy(zDay, day_fmt(day, DAY_ISO, z), 11);
  sqlite3_bind_text(s, i, zDay, 10, SQLITE_STATIC);
}

char *db_column_dup(sqlite3_stmt *s, int i) {
  const char *z = (const char *)sqlite3_column_text(s, i);
  return z ? xstrdup(z) : 0;
}

int db_column_day(sqlite3_stmt *s, int i) {
  const char *z = (const char *)sqlite3_column_text(s, i);
  /* Dates are stored as exactly "yyyy-mm-dd": read those without the general parser. */
  if (z && sqlite3_column_bytes(s, i) == 10) {
    int d = day_from_iso10(z);
    if (d != DAY_NONE) return d;
  }
  DateParse p;
  char zErr[8];
  if (!z || day_parse(z, DF_ISO, &p, zErr, sizeof zErr) || p.kind != DATE_EXACT) return DAY_NONE;
  return p.day;
}

int db_step_done(Db *db, sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    rc = 0;
  else
    db_set_err(db, "database write failed");
  sqlite3_reset(s);
  return rc;
}

/* The new id is the connection's last rowid, read at once on the connection that
** inserted it. Not RETURNING id: SQLite keeps a statement journal for every
** statement with a RETURNING clause, which cost an import of 100,000
** recommendations a fifth of its time (docs/architecture.md). */
int db_step_id(Db *db, sqlite3_stmt *s, long long *pId) {
  int rc = sqlite3_step(s);
  *pId = 0;
  if (rc == SQLITE_DONE) {
    *pId = sqlite3_last_insert_rowid(db->h);
    rc = 0;
  } else {
    if (rc == SQLITE_ROW) rc = SQLITE_ERROR; /* not an INSERT: a statement that returns rows */
    db_set_err(db, "database write failed"); /* rc is extended: DB_DUPLICATE says why */
  }
  sqlite3_reset(s);
  return rc;
}

int db_step_count(Db *db, sqlite3_stmt *s, int *pn) {
  int rc = sqlite3_step(s);
  *pn = 0;
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    *pn = sqlite3_changes(db->h);
    rc = 0;
  } else {
    db_set_err(db, "database write failed");
  }
  sqlite3_reset(s);
  return rc;
}

int db_step_exists(Db *db, sqlite3_stmt *s, int *pFound) {
  int rc = 0;
  *pFound = db_step_row(db, s, &rc);
  sqlite3_reset(s);
  return rc;
}

int db_step_row(Db *db, sqlite3_stmt *s, int *pRc) {
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return 1;
  if (rc != SQLITE_DONE) {
    db_set_err(db, "cannot read the database");
    *pRc = rc;
  }
  return 0;
}

void *db_rows(Db *db, sqlite3_stmt *s, size_t size, void (*fill)(sqlite3_stmt *, void *),
              void (*clear)(void *), int *pn, int *pRc) {
  char *a = 0;
  int n = 0, cap = 0, rc = 0, cached = 0;
  while (db_step_row(db, s, &rc)) {
    if (n == cap) a = xrealloc(a, size * (size_t)(cap = cap ? cap * 2 : 16));
    memset(a + size * (size_t)n, 0, size);
    fill(s, a + size * (size_t)n++);
  }
  for (int i = 0; i < db->nCache && !cached; i++) cached = db->apCache[i] == s;
  if (cached)
    sqlite3_reset(s);
  else
    sqlite3_finalize(s);
  if (rc) {
    for (int i = 0; clear && i < n; i++) clear(a + size * (size_t)i);
    free(a);
    a = 0;
    n = 0;
  }
  *pn = n;
  *pRc = rc;
  return a;
}

int db_step_texts(Db *db, sqlite3_stmt *s, const char *z1, const char *z2) {
  if (z1) db_bind_text(s, 1, z1);
  if (z2) db_bind_text(s, 2, z2);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int db_read_text(Db *db, sqlite3_stmt *s, const char *zKey, char **pz) {
  db_bind_text(s, 1, zKey);
  int rc = 0;
  *pz = db_step_row(db, s, &rc) ? db_column_dup(s, 0) : 0;
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int db_meta_read(Db *db, const char *zKey, char **pzValue) {
  return db_read_text(db, db_prepare(db, "SELECT value FROM meta WHERE key=?1"), zKey, pzValue);
}

char *db_meta_get(Db *db, const char *zKey) {
  char *z = 0;
  return db_meta_read(db, zKey, &z) ? 0 : z;
}

int db_meta_set(Db *db, const char *zKey, const char *zValue) {
  return db_step_texts(db,
                       db_prepare(db, "INSERT INTO meta(key,value) VALUES(?1,?2)"
                                      " ON CONFLICT(key) DO UPDATE SET value=excluded.value"),
                       zKey, zValue ? zValue : "");
}

/* db_set_no_migrate: an older schema is refused rather than migrated. */
static int g_noMigrate;

void db_set_no_migrate(int on) { g_noMigrate = on; }

/* Before an existing database is migrated, a copy of it as it was, next to it
** (ZPATH.schema-V.bak, written again if a migration that failed left one). */
static int migrate_copy(Db *db, int v) {
  Buf dest = BUF_INIT, err = BUF_INIT;
  buf_appendf(&dest, "%s.schema-%d.bak", db->zPath, v);
  int rc = db_backup_to(db, buf_cstr(&dest), &err);
  if (rc) {
    db_error_clear(db);
    buf_appendf(&db->err, "%s was not migrated from schema version %d: %s", db->zPath, v,
                buf_cstr(&err));
    buf_free(&dest);
  } else {
    free(db->zMigrateCopy);
    db->zMigrateCopy = buf_steal(&dest);
  }
  buf_free(&err);
  return rc;
}

static int db_migrate(Db *db) {
  sqlite3_stmt *s = db_prepare(db, "PRAGMA user_version");
  int rc = 0;
  int v = db_step_row(db, s, &rc) ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  if (rc) return 1; /* not version 0: the migrations would run again */
  if (v > db_schema_version()) {
    db_error_clear(db);
    buf_appendf(&db->err, "%s has schema version %d, newer than this auditrack (%d): upgrade it",
                db->zPath, v, db_schema_version());
    return 1;
  }
  if (v == db_schema_version()) return 0;
  if (v > 0 && g_noMigrate) {
    db_error_clear(db);
    buf_appendf(&db->err,
                "%s has schema version %d and this auditrack uses %d; it was not migrated "
                "(--no-migrate). Take a backup, then run it once without --no-migrate (a copy "
                "from before is kept as %s.schema-%d.bak)",
                db->zPath, v, db_schema_version(), db->zPath, v);
    return 1;
  }
  if (v > 0 && migrate_copy(db, v)) return 1;
  if (db_begin(db)) return 1;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int from = v;
  for (; v < db_schema_version(); v++) {
    if (sqlite3_exec(db->h, db_migration(v), 0, 0, 0) != SQLITE_OK) {
      db_set_err(db, "schema migration failed");
      db_rollback(db);
      return 1;
    }
    char zPragma[40];
    snprintf(zPragma, sizeof zPragma, "PRAGMA user_version=%d", v + 1);
    /* PRAGMA arguments cannot be bound; the text above holds only a number of ours. */
    if (sqlite3_exec(db->h, zPragma, 0, 0, 0) != SQLITE_OK) {
      db_set_err(db, "schema migration failed");
      db_rollback(db);
      return 1;
    }
  }
  if (db_commit(db)) return 1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  /* A new database (version 0) is made, not migrated: nothing to report. */
  if (from > 0) {
    db->migratedFrom = from;
    db->migrateMs = (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  }
  return 0;
}

void db_mail_note(Db *db) { db->nMail++; }
unsigned db_mail_count(const Db *db) { return db->nMail; }

int db_migrated(const Db *db, long long *pMs, const char **pzCopy) {
  if (pMs) *pMs = db->migrateMs;
  if (pzCopy) *pzCopy = db->zMigrateCopy;
  return db->migratedFrom;
}

/* Can the database at zPath be written: 0 yes, 1 the file is not writable, 2 nor
** is its directory (read-only storage, most often). */
static int storage_mode(const char *zPath) {
  char *zDir = xstrdup(zPath), *zSlash = strrchr(zDir, '/');
  int mode = 0;
  if (zSlash) *zSlash = 0;
  if (access(zSlash ? (zDir[0] ? zDir : "/") : ".", W_OK) != 0)
    mode = 2;
  else if (access(zPath, W_OK) != 0 && errno != ENOENT)
    mode = 1;
  free(zDir);
  return mode;
}

/* Why the storage refused, from the last system error SQLite saw, else from
** the file system holding zPath, or "": a full disk and read-only storage are
** the operator's to fix, so say which. */
static const char *storage_cause(sqlite3 *h, int rc, const char *zPath) {
  int e = h ? sqlite3_system_errno(h) : 0;
  if (e == ENOSPC || e == EDQUOT || (rc & 0xff) == SQLITE_FULL)
    return " (the disk is full: free some space and try again)";
  if (e == EROFS) return " (the storage is read-only)";
  char *zDir = xstrdup(zPath), *zSlash = strrchr(zDir, '/');
  struct statvfs fs;
  if (zSlash) *zSlash = 0;
  int known = statvfs(zSlash ? (zDir[0] ? zDir : "/") : ".", &fs) == 0;
  free(zDir);
  if (known && (fs.f_flag & ST_RDONLY)) return " (the storage is read-only)";
  if (known && fs.f_bavail == 0) return " (the disk is full: free some space and try again)";
  if (e == EACCES || e == EPERM) return " (permission denied)";
  return "";
}

/* Open db->h on db->zPath as storage_mode says it can be opened. On read-only
** storage (a backup on a read-only mount, say) open read-only, so that reports
** and `verify` work and writes say why they cannot. Without a writable
** directory SQLite cannot make the WAL's -shm file: the file is then opened as
** immutable, which nobody can be changing. SQLite's result code. */
static int handle_open(Db *db, int create) {
  db->readOnly = create ? 0 : storage_mode(db->zPath);
  /* One connection is only ever used by one thread: no mutex per call. */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  Buf uri = BUF_INIT;
  const char *zPath = db->zPath;
  if (db->readOnly) {
    buf_puts(&uri, "file:");
    for (const char *p = zPath; *p; p++) {
      if (*p == '?' || *p == '#' || *p == '%')
        buf_appendf(&uri, "%%%02X", (unsigned char)*p);
      else
        buf_putc(&uri, *p);
    }
    buf_puts(&uri, db->readOnly == 2 ? "?immutable=1" : "?mode=ro");
    flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    zPath = buf_cstr(&uri);
  }
  int rc = sqlite3_open_v2(zPath, &db->h, flags, 0);
  buf_free(&uri);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db->h, 1);
  }
  return rc;
}

/* The connection's settings, for a new handle. */
static int handle_setup(Db *db) {
  return (!db->readOnly && db_exec(db, "PRAGMA journal_mode=WAL")) ||
         db_exec(db, "PRAGMA foreign_keys=ON") || db_exec(db, "PRAGMA synchronous=NORMAL") ||
         db_exec(db, "PRAGMA cache_size=-65536");
}

/* Storage that was read-only when the connection opened may be read-write now
** (remounted after a repair): a server must not stay read-only until it is
** restarted. 0 when the connection is now a writable one; else 1, the old
** connection kept. */
static int handle_reopen_writable(Db *db) {
  if (storage_mode(db->zPath)) return 1;
  sqlite3 *hOld = db->h;
  int old = db->readOnly;
  db->h = 0;
  if (handle_open(db, 0) != SQLITE_OK || db->readOnly || handle_setup(db)) {
    sqlite3_close_v2(db->h);
    db->h = hOld;
    db->readOnly = old;
    return 1;
  }
  for (int i = 0; i < db->nCache; i++) sqlite3_finalize(db->apCache[i]);
  db->nCache = 0;
  sqlite3_close_v2(hOld);
  return 0;
}

/* db_open's failure: "zWhat PATH: why (cause)" in *pzErr, the connection
** closed, and a database file this open created removed, so that a failed init
** leaves nothing behind. */
static int open_fail(Db *db, const char *zWhat, int rc, int created, char **pzErr) {
  Buf e = BUF_INIT;
  if (zWhat)
    buf_appendf(&e, "%s %s: %s", zWhat, db->zPath,
                db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
  else
    buf_puts(&e, db_errmsg(db));
  buf_puts(&e, storage_cause(db->h, rc, db->zPath));
  *pzErr = buf_steal(&e);
  for (int i = 0; i < db->nCache; i++) sqlite3_finalize(db->apCache[i]);
  db->nCache = 0;
  sqlite3_close_v2(db->h);
  db->h = 0;
  static const char *const azSuffix[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; created && i < sizeof azSuffix / sizeof azSuffix[0]; i++) {
    Buf f = BUF_INIT;
    buf_appendf(&f, "%s%s", db->zPath, azSuffix[i]);
    unlink(buf_cstr(&f));
    buf_free(&f);
  }
  db_close(db);
  return 1;
}

int db_open(const char *zPath, int create, Db **ppDb, char **pzErr) {
  struct stat st;
  *ppDb = 0;
  *pzErr = 0;
  if (sodium_init() < 0) fatal("libsodium failed to initialise");
  int existed = stat(zPath, &st) == 0;
  if (!create && !existed) {
    Buf e = BUF_INIT;
    buf_appendf(&e, "no database at %s: run 'auditrack init' first (or give --db PATH)", zPath);
    *pzErr = buf_steal(&e);
    return 1;
  }
  Db *db = xcalloc(1, sizeof *db);
  db->migratedFrom = -1;
  db->zPath = xstrdup(zPath);
  int created = create && !existed;
  time_t now = time(0);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(db->zNow, sizeof db->zNow, "%Y-%m-%d %H:%M:%S", &tm);
  int rc = handle_open(db, create);
  if (rc != SQLITE_OK) return open_fail(db, "cannot open", rc, created, pzErr);
  if (!create) {
    /* Refuse files that are not ours rather than migrating someone else's
    ** database; but a file that cannot be read (a full disk keeps SQLite from
    ** making the WAL's index) is not a stranger's. */
    sqlite3_stmt *s = 0;
    rc = sqlite3_prepare_v2(db->h, "SELECT 1 FROM sqlite_schema WHERE name='journal'", -1, &s, 0);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_NOTADB)
      return open_fail(db, "cannot read", rc, 0, pzErr);
    if (rc != SQLITE_ROW) {
      Buf e = BUF_INIT;
      buf_appendf(&e, "%s is not an auditrack database", zPath);
      *pzErr = buf_steal(&e);
      db_close(db);
      return 1;
    }
  }
  if (handle_setup(db) || db_migrate(db))
    return open_fail(db, 0, sqlite3_extended_errcode(db->h), created, pzErr);
  *ppDb = db;
  return 0;
}

void db_close(Db *db) {
  if (!db) return;
  for (int i = 0; i < db->nCache; i++) sqlite3_finalize(db->apCache[i]);
  sqlite3_close_v2(db->h);
  if (db->gate == GATE_PASSED && db->wrote) gate_record(db, 1);
  free(db->zPath);
  free(db->zMigrateCopy);
  buf_free(&db->err);
  free(db);
}

int db_create_at_version(const char *zPath, int version, char **pzErr) {
  sqlite3 *h = 0;
  *pzErr = 0;
  int rc = sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0);
  for (int v = 0; rc == SQLITE_OK && v < version && v < db_schema_version(); v++) {
    rc = sqlite3_exec(h, db_migration(v), 0, 0, 0);
    char zPragma[40];
    snprintf(zPragma, sizeof zPragma, "PRAGMA user_version=%d", v + 1);
    if (rc == SQLITE_OK) rc = sqlite3_exec(h, zPragma, 0, 0, 0);
  }
  if (rc != SQLITE_OK) {
    Buf e = BUF_INIT;
    buf_appendf(&e, "cannot create %s at version %d: %s", zPath, version,
                h ? sqlite3_errmsg(h) : "out of memory");
    *pzErr = buf_steal(&e);
  }
  sqlite3_close_v2(h);
  return rc != SQLITE_OK;
}

/* ---- the integrity gate ----
**
** A write on a damaged file can spread the damage, and its journal entry would
** chain onto rows nobody can vouch for; so a connection with DB_GATE_CHECK runs
** PRAGMA quick_check before its first write and refuses every write if it
** fails. quick_check reads every page (a third of a second for 100,000
** recommendations, eight times a small command's whole run), so a good check
** is recorded beside the database, in DB.checked: the file's device, inode,
** size and modification time, the record's own time being the check's. A
** record not older than DB_CHECK_SECONDS of the file as it is now stands for a
** check; anything that changed the file since, other than auditrack's own
** writes (recorded again when the writing connection closes), makes the next
** write check anew. The record is never kept in the database, which may be the
** damaged thing. */

static void gate_path(const Db *db, Buf *b) { buf_appendf(b, "%s.checked", db->zPath); }

/* The line DB.checked holds for the database file as it is now; 1 if it cannot
** be read. */
static int gate_line(const Db *db, char *z, size_t n) {
  struct stat st;
  if (stat(db->zPath, &st)) return 1;
  snprintf(z, n, "quick_check ok: %llu %llu %lld %lld.%09ld\n", (unsigned long long)st.st_dev,
           (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
           (long)st.st_mtim.tv_nsec);
  return 0;
}

/* Is a good check of the file as it is recorded, and recent? */
static int gate_recorded(const Db *db) {
  Buf path = BUF_INIT;
  char zWant[160], zHave[160] = "";
  struct stat st;
  gate_path(db, &path);
  FILE *f = fopen(buf_cstr(&path), "r");
  int ok = f && fstat(fileno(f), &st) == 0 && fgets(zHave, sizeof zHave, f) &&
           !gate_line(db, zWant, sizeof zWant) && !strcmp(zHave, zWant) &&
           time(0) - st.st_mtim.tv_sec < DB_CHECK_SECONDS;
  if (f) fclose(f);
  buf_free(&path);
  return ok;
}

/* Record a good check of the file as it is now, dated now; or, with keepTime,
** carry a record that still exists over to the file as auditrack's own writes
** left it, keeping its date. Failing to record costs only a check next time. */
static void gate_record(Db *db, int keepTime) {
  Buf path = BUF_INIT, tmp = BUF_INIT;
  char zLine[160];
  struct stat st;
  gate_path(db, &path);
  buf_appendf(&tmp, "%s.tmp", buf_cstr(&path));
  int have = stat(buf_cstr(&path), &st) == 0;
  if ((!keepTime || have) && !gate_line(db, zLine, sizeof zLine)) {
    FILE *f = fopen(buf_cstr(&tmp), "w");
    int ok = f && fputs(zLine, f) >= 0;
    if (f && fclose(f)) ok = 0;
    if (ok && keepTime) {
      struct timespec at[2] = {st.st_mtim, st.st_mtim};
      ok = utimensat(AT_FDCWD, buf_cstr(&tmp), at, 0) == 0;
    }
    if (!ok || rename(buf_cstr(&tmp), buf_cstr(&path))) unlink(buf_cstr(&tmp));
  }
  buf_free(&path);
  buf_free(&tmp);
}

void db_check_forget(Db *db) {
  Buf path = BUF_INIT;
  gate_path(db, &path);
  (void)unlink(buf_cstr(&path));
  buf_free(&path);
}

static void gate_damage_seen(Db *db) {
  int e = sqlite3_errcode(db->h) & 0xff;
  if (e != SQLITE_CORRUPT && e != SQLITE_NOTADB) return;
  if (db->gate != DB_GATE_OFF) db->gate = DB_GATE_REFUSE;
  db_check_forget(db);
}

int db_quick_check(Db *db, Buf *out) {
  int nBad = 0, rc;
  /* Reading every page once through db_open's 64 MB cache takes twice as long as
  ** through SQLite's default 2 MB one (filling the cache costs, and no page is
  ** read twice): the default for the check, db_open's again after it. */
  if (db_exec(db, "PRAGMA cache_size=-2000")) return buf_fail(out, 1, "%s\n", db_errmsg(db));
  sqlite3_stmt *s = db_prepare(db, "PRAGMA quick_check");
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    const char *z = (const char *)sqlite3_column_text(s, 0);
    if (z && strcmp(z, "ok")) {
      buf_appendf(out, "database integrity: %s\n", z);
      nBad++;
    }
  }
  if (rc != SQLITE_DONE) {
    buf_appendf(out, "database integrity: %s\n", sqlite3_errmsg(db->h));
    nBad++;
  }
  sqlite3_finalize(s);
  if (db_exec(db, "PRAGMA cache_size=-65536")) {
    buf_appendf(out, "database integrity: %s\n", db_errmsg(db));
    nBad++;
  }
  if (nBad)
    db_check_forget(db);
  else
    gate_record(db, 0);
  return nBad;
}

void db_gate(Db *db, DbGate g) { db->gate = (int)g; }

/* Before a write: 1 when the gate refuses it. */
static int gate_refuses(Db *db) {
  if (db->gate == DB_GATE_CHECK) {
    Buf out = BUF_INIT;
    db->gate = gate_recorded(db) || !db_quick_check(db, &out) ? GATE_PASSED : DB_GATE_REFUSE;
    buf_free(&out);
  }
  return db->gate == DB_GATE_REFUSE;
}
