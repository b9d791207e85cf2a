/*
** db.h: the database connection, schema migrations, transactions and the
** journal. Only store*.c and db.c hold SQL: the statement helpers below are for
** them; every other module sees an opaque Db and calls store functions.
**
** SQL text is always a string literal: db_prepare() pastes "" in front of its
** argument, so passing a variable is a compile error, and user data can only be
** bound. SQL stays in the subset SQLite and PostgreSQL share: new ids come back
** from the backend through db_step_id, times are passed in from C (db_now), counts of
** changed rows through db_step_count. Not for: domain rules (model.c) or
** formatting.
*/
#ifndef AT_DB_H
#define AT_DB_H

#include "buf.h"

/* The statement type of the SQLite C API, for store*.c (which include
** <sqlite3.h>); nobody else needs sqlite3.h. */
typedef struct sqlite3_stmt sqlite3_stmt;

/* A connection: opaque outside db.c. */
typedef struct Db Db;

/* Process-wide set-up before the first db_open (main() calls it once). */
void db_init(void);

/*
** Open the database at zPath. With create=1 a missing file is created and the
** schema installed; with create=0 a missing file or one that is not an auditrack
** database is an error ("no database at X: run auditrack init"). Sets WAL,
** foreign keys and a busy timeout, and brings the schema up to date. On failure
** returns non-zero with the reason in *pzErr (heap, caller frees).
*/
int db_open(const char *zPath, int create, Db **ppDb, char **pzErr) AT_MUST;
void db_close(Db *db);

/* Count a message queued in the outbox on this connection (store_outbox_add), so
** that the server can send it now rather than at its next sweep (web.c). */
void db_mail_note(Db *db);
unsigned db_mail_count(const Db *db);
/* The schema version db_open migrated this database from (the time it took in
** *pMs, the copy of it kept from before in *pzCopy, owned by db), or -1 when it
** was already current or new. */
int db_migrated(const Db *db, long long *pMs, const char **pzCopy);
/* From now on db_open refuses a database of an older schema version instead of
** migrating it (serve --no-migrate: the operator migrates on purpose). */
void db_set_no_migrate(int on);
/* The current schema version (PRAGMA user_version after migrations). */
int db_schema_version(void);
/* The SQL of migration v (0 is the first; db_schema.c), or NULL past the last. */
const char *db_migration(int v);
/* Create a database at zPath (a new file) with only the schema's first
** `version` migrations, as an older auditrack left it: for the migration test.
** Returns 0 or 1 with the message in *pzErr (heap, caller frees). */
int db_create_at_version(const char *zPath, int version, char **pzErr) AT_MUST;

/* The last error message (a failed statement, a refused write, a store rule):
** valid until the next call on db. db_error_clear empties it; db_errorf sets it
** and returns 1, for store functions that fail for a reason of their own. */
const char *db_errmsg(Db *db);
void db_error_clear(Db *db);
int db_errorf(Db *db, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
/* The UTC time stamped on rows written: the time of the last db_begin (or the
** open), "YYYY-MM-DD HH:MM:SS". db_now_iso is the time of the call,
** "YYYY-MM-DDTHH:MM:SSZ", held in db until the next call. */
const char *db_now(Db *db);
const char *db_now_iso(Db *db);
/* Call x(pArg) every n virtual machine steps of each statement; a non-zero
** return interrupts the statement, which then fails. n 0 removes it. For tests,
** and for a time limit on a request. */
void db_progress(Db *db, int n, int (*x)(void *), void *pArg);

sqlite3_stmt *db_prepare_(Db *db, const char *zSql);
#define db_prepare(db, zSql) db_prepare_((db), "" zSql)
/* A prepared statement kept for the life of the connection, for statements run
** once per imported row. Returned reset with no bindings; the caller must not
** finalize it (db_step_done resets it). */
sqlite3_stmt *db_cached_(Db *db, const char *zSql);
#define db_cached(db, zSql) db_cached_((db), "" zSql)
/* Run literal SQL with no parameters; returns 0 or an SQLite error code. */
int db_exec_(Db *db, const char *zSql) AT_MUST;
#define db_exec(db, zSql) db_exec_((db), "" zSql)

int db_begin(Db *db) AT_MUST; /* BEGIN IMMEDIATE; refused as db_gate says */
/* BEGIN IMMEDIATE for sign-in bookkeeping only (sessions and counted failed
** sign-ins), which a database that failed its integrity check still takes, so
** that its register can be read; every other write uses db_begin. */
int db_begin_session(Db *db) AT_MUST;
/* BEGIN DEFERRED, for a run of reads that must see one snapshot and must never
** take the write lock (an import's dry run); end it with db_rollback. */
int db_begin_read(Db *db) AT_MUST;
int db_commit(Db *db) AT_MUST;
void db_rollback(Db *db);
/* One read transaction for a web request's reads, ended by db_request_end or by
** the request's first write (which then runs as outside a request): one
** snapshot, one WAL read lock. Nothing when a transaction is open already. */
void db_request_begin(Db *db);
void db_request_end(Db *db);

/* How long a statement waits for another connection's lock before failing. */
#define DB_BUSY_TIMEOUT_MS 5000
/* How long db_wal_truncate waits for readers before leaving the WAL as it is. */
#define DB_WAL_TRUNCATE_WAIT_MS 200
/* Rows inserted, changed or deleted through this connection since it opened,
** rolled back or not: what a test checks to show that something wrote nothing. */
int db_total_changes(Db *db);
/* After a large write: copy the WAL into the database and truncate it to 0
** bytes, so a big import does not leave a big file until the last connection
** closes. 0 when truncated; 1 when a reader or writer held it back (then it is
** not truncated, which is harmless; never a reason to fail the write). */
int db_wal_truncate(Db *db);
/* A consistent copy of the whole database into the new file zDest (SQLite's online
** backup API, in one read transaction: writers carry on meanwhile). 0, or 1 with the
** reason in err (zDest then removed). */
int db_backup_to(Db *db, const char *zDest, Buf *err) AT_MUST;

/* Read the database file through a memory map (on 1) for a bulk read of the whole
** register, or through read() again (on 0). Mapping saves copying each page out of
** the kernel's cache; the figures read are the same either way, so a connection that
** cannot map simply reads as before. */
void db_bulk_read(Db *db, int on);

/* Binding helpers: NULL or empty text binds NULL (db_bind_text_or_null) or "".
** Text is not copied: it must stay alive until the statement is reset. */
void db_bind_text(sqlite3_stmt *s, int i, const char *z);
void db_bind_text_or_null(sqlite3_stmt *s, int i, const char *z);
/* DAY_NONE binds NULL, else ISO text held in db's ring of 16 buffers: bind at most
** 16 dates between a statement's first bind and its step. */
void db_bind_day(Db *db, sqlite3_stmt *s, int i, int day);
int db_column_day(sqlite3_stmt *s, int i);   /* NULL gives DAY_NONE */
char *db_column_dup(sqlite3_stmt *s, int i); /* a malloc'd copy of the text; NULL stays NULL */
/* Step a statement that returns no rows; returns 0 or the SQLite error code,
** with the message in db_errmsg. Resets the statement. */
int db_step_done(Db *db, sqlite3_stmt *s) AT_MUST;
/* Step an INSERT of one row: 0 with the new row's id in *pId, or the
** error code (message in db_errmsg; *pId 0). Resets the statement. A unique
** constraint that refused the row is DB_DUPLICATE. */
int db_step_id(Db *db, sqlite3_stmt *s, long long *pId) AT_MUST;
/* Step an UPDATE or DELETE: 0 with the number of rows it changed in *pn, or the
** error code (message in db_errmsg; *pn 0). Resets the statement. */
int db_step_count(Db *db, sqlite3_stmt *s, int *pn) AT_MUST;
/* Step a query for whether it has a row: 0 with *pFound 1 or 0, or the error
** code (message in db_errmsg; *pFound 0). Resets the statement. For existence
** checks, which must not take a failed read for "there is none". */
int db_step_exists(Db *db, sqlite3_stmt *s, int *pFound) AT_MUST;
/* Step a query for its next row: 1 with a row; 0 at the end, or on an error
** (then *pRc is the error code, message in db_errmsg; otherwise *pRc is left
** as it was). Read loops: `int rc = 0; while (db_step_row(db, s, &rc)) ...;`
** then rc says whether every row was read. */
int db_step_row(Db *db, sqlite3_stmt *s, int *pRc);
/* Every row of s as a heap array of *pn elements of `size` bytes, each zeroed and
** then filled by fill(s, element); NULL when there are none. *pRc is 0, or the
** error code (db_errmsg) when a row cannot be read, and then the answer is
** nothing: each element filled is cleared by clear (when not NULL), the array
** freed, NULL returned and *pn 0. Ends s: a db_cached statement is reset, any
** other finalized. */
void *db_rows(Db *db, sqlite3_stmt *s, size_t size, void (*fill)(sqlite3_stmt *, void *),
              void (*clear)(void *), int *pn, int *pRc);
/* Bind ?1 and ?2 as text (NULL: left unbound), step a statement that returns no
** rows and finalize it: 0 or the error code, as db_step_done. For the key and
** value writes of small tables (meta, policy, templates). */
int db_step_texts(Db *db, sqlite3_stmt *s, const char *z1, const char *z2) AT_MUST;
/* Bind zKey to ?1, read the first column of s's first row into *pz (heap; NULL
** when there is no row or the value is NULL) and finalize s: 0, or 1 with
** db_errmsg (*pz NULL). For one text looked up by its key: a setting, a template,
** a pack. */
int db_read_text(Db *db, sqlite3_stmt *s, const char *zKey, char **pz) AT_MUST;
#define DB_DUPLICATE 2067 /* SQLITE_CONSTRAINT_UNIQUE */

/* ---- the integrity gate: no writes to a damaged database ----
**
** What db_begin does about a database that fails PRAGMA quick_check (db.c
** explains the record, DB.checked, that spares a check on every command). */
#define DB_DAMAGED                                                                                 \
  "the database failed its integrity check: run auditrack verify; restore from backup"
typedef enum DbGate {
  DB_GATE_OFF,    /* writes go ahead unchecked (the default: tests, in-memory databases, a
                  ** server that checked when it started) */
  DB_GATE_CHECK,  /* before the first write, quick_check unless a good one of the file as it
                  ** is was recorded within DB_CHECK_SECONDS; a failure refuses every write */
  DB_GATE_REFUSE, /* every write (db_begin) fails with DB_DAMAGED */
} DbGate;
#define DB_CHECK_SECONDS (24 * 3600)
void db_gate(Db *db, DbGate g);
/* PRAGMA quick_check: 0 when the file is sound, else the number of problems,
** each a line in out. A good check is recorded for the gate, a failed one
** forgets any recorded. */
int db_quick_check(Db *db, Buf *out);
/* Forget a recorded good check (verify found a problem), so that the next write
** checks again. */
void db_check_forget(Db *db);

/* meta key/value settings (organisation name...). db_meta_read: 0 with the
** value in *pzValue (heap; NULL when unset), or 1 with db_errmsg. db_meta_get
** answers NULL for both, for display only: what is kept (a cache) or written
** uses db_meta_read. */
int db_meta_read(Db *db, const char *zKey, char **pzValue) AT_MUST;
char *db_meta_get(Db *db, const char *zKey);
int db_meta_set(Db *db, const char *zKey, const char *zValue) AT_MUST;

/*
** The journal. Every change appends one entry inside its transaction, through
** act_finish and act_journal (action.c), its only callers: who (actor), what
** (action, entity, id) and a JSON detail with the values written. Each entry's hash is SHA-256 over
*the previous entry's hash and this
** entry's fields, so altering, inserting or deleting any row breaks the chain.
*/
int journal_append(Db *db, const char *zActor, const char *zAction, const char *zEntity,
                   long long entityId, const char *zDetailJson) AT_MUST;
/* The id of the newest journal entry (0 when empty): the register's generation,
** which every write advances. 0, or an error code with db_errmsg. */
int journal_head(Db *db, long long *pId) AT_MUST;
/* Verify the chain and PRAGMA integrity_check; prints findings to out, and the
** head ("head: entry N hash H"). The chain alone cannot show that its newest
** entries were removed: given a head recorded elsewhere earlier (headId > 0 and
** its hex hash; in committee minutes, say), that entry must still exist with
** that hash. Returns the number of problems (0 = intact). */
int journal_verify(Db *db, long long headId, const char *zHeadHash, Buf *out);
/* The actor for journal entries: $AUDITRACK_USER, else $USER, else "unknown". */
const char *journal_actor(void);

#endif
