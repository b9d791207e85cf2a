/*
** db.h: the database connection, schema migrations, transactions and the
** journal. Only store*.c and db.c hold SQL.
**
** SQL text is always a string literal: db_prepare() pastes "" in front of its
** argument, so passing a variable is a compile error, and user data can only be
** bound. Not for: domain rules (model_*.c) or formatting.
*/
#ifndef AT_DB_H
#define AT_DB_H

#include <sqlite3.h>

#include "buf.h"

#define DB_CACHE_MAX 64

typedef struct Db {
  sqlite3 *h;
  char *zPath;
  Buf err; /* last error message, for the caller to print */
  int readOnly; /* opened read-only: the file or its directory is not writable */
  char zNow[24]; /* UTC time of the last db_begin (or the open), stamped on rows written */
  char azDay[16][11]; /* ring of ISO dates bound without a copy (db_bind_day) */
  unsigned iDay;
  int nCache;
  const char *azCacheSql[DB_CACHE_MAX]; /* keyed by the literal's address */
  sqlite3_stmt *apCache[DB_CACHE_MAX];
} Db;

/*
** Open the database at zPath. With create=1 a missing file is created and the
** schema installed; with create=0 a missing file or one that is not an auditrack
** database is an error ("no database at X: run auditrack init"). Sets WAL,
** foreign keys and a busy timeout, and brings the schema up to date. On failure
** returns non-zero with the reason in *pzErr (heap, caller frees).
*/
int db_open(const char *zPath, int create, Db **ppDb, char **pzErr) AT_MUST;
void db_close(Db *db);

/* The current schema version (PRAGMA user_version after migrations). */
int db_schema_version(void);

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

int db_begin(Db *db) AT_MUST;   /* BEGIN IMMEDIATE */
int db_commit(Db *db) AT_MUST;
void db_rollback(Db *db);

/* Binding helpers: NULL or empty text binds NULL (db_bind_text_or_null) or "".
** Text is not copied: it must stay alive until the statement is reset. */
void db_bind_text(sqlite3_stmt *s, int i, const char *z);
void db_bind_text_or_null(sqlite3_stmt *s, int i, const char *z);
/* DAY_NONE binds NULL, else ISO text held in db's ring of 16 buffers: bind at most
** 16 dates between a statement's first bind and its step. */
void db_bind_day(Db *db, sqlite3_stmt *s, int i, int day);
int db_column_day(sqlite3_stmt *s, int i);         /* NULL gives DAY_NONE */
/* Step a statement that returns no rows; returns 0 or the SQLite error code,
** with the message in db->err. Resets the statement. */
int db_step_done(Db *db, sqlite3_stmt *s) AT_MUST;

/* meta key/value settings (organisation name...). Returned string is heap. */
char *db_meta_get(Db *db, const char *zKey);
int db_meta_set(Db *db, const char *zKey, const char *zValue) AT_MUST;

/*
** The journal. Every write command appends one entry inside its transaction:
** who (actor), what (action, entity, id) and a JSON detail with the values
** written. Each entry's hash is SHA-256 over the previous entry's hash and this
** entry's fields, so altering, inserting or deleting any row breaks the chain.
*/
int journal_append(Db *db, const char *zActor, const char *zAction, const char *zEntity,
                   long long entityId, const char *zDetailJson) AT_MUST;
/* Verify the chain and PRAGMA integrity_check; prints findings to out, and the
** head ("head: entry N hash H"). The chain alone cannot show that its newest
** entries were removed: given a head recorded elsewhere earlier (headId > 0 and
** its hex hash; in committee minutes, say), that entry must still exist with
** that hash. Returns the number of problems (0 = intact). */
int journal_verify(Db *db, long long headId, const char *zHeadHash, Buf *out);
/* The actor for journal entries: $AUDITRACK_USER, else $USER, else "unknown". */
const char *journal_actor(void);

#endif
