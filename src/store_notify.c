/*
** store_notify.c: people, notification settings and templates, notices and the
** outbox in the database (see store_notify.h). Not for: what is due (notify.c),
** the order of a run (notify_run.c) or journalling (the commands do that).
*/
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int step_rows_done(Db *db, int rc, const char *zWhat) {
  if (rc == SQLITE_DONE) return 0;
  return db_errorf(db, "cannot read %s: %s", zWhat, sqlite3_errstr(rc));
}

/* ---- people ---- */

/* ?1 the name, ?2 the address (unbound: keep), ?3 stopped (unbound: keep), ?4 the
** source, ?5 now. */
static void person_bind(Db *db, sqlite3_stmt *s, const char *zName, const char *zEmail, int stopped,
                        const char *zSource) {
  db_bind_text(s, 1, zName);
  if (zEmail) db_bind_text(s, 2, zEmail);
  if (stopped >= 0) sqlite3_bind_int(s, 3, stopped);
  db_bind_text(s, 4, zSource);
  db_bind_text(s, 5, db_now_iso(db));
}

int store_person_set(Db *db, const char *zName, const char *zEmail, int stopped,
                     const char *zSource, char **pzOld) {
  if (pzOld) {
    *pzOld = 0;
    sqlite3_stmt *q = db_prepare(db, "SELECT email FROM person WHERE lower(name)=lower(?1)");
    db_bind_text(q, 1, zName);
    int rc = 0;
    if (db_step_row(db, q, &rc)) *pzOld = db_column_dup(q, 0);
    sqlite3_finalize(q);
    if (rc) return rc;
  }
  /* Changed in place when the person is known (by name in any case), else added:
  ** not an upsert, whose conflict target would name SQLite's NOCASE column. */
  sqlite3_stmt *s = db_cached(
      db, "UPDATE person SET email=CASE WHEN ?2 IS NULL THEN email ELSE NULLIF(?2,'') END,"
          " stopped=coalesce(?3, stopped), source=CASE WHEN ?2 IS NULL THEN source ELSE ?4 END,"
          " updated_at=?5 WHERE lower(name)=lower(?1)");
  person_bind(db, s, zName, zEmail, stopped, zSource);
  int n = 0;
  int rc = db_step_count(db, s, &n);
  if (rc || n) return rc;
  s = db_cached(db, "INSERT INTO person(name, email, stopped, source, updated_at)"
                    " VALUES(?1, NULLIF(?2,''), coalesce(?3,0), ?4, ?5)");
  person_bind(db, s, zName, zEmail, stopped, zSource);
  return db_step_done(db, s);
}

static int cmp_person(const void *a, const void *b) {
  return strcasecmp(((const Person *)a)->zName, ((const Person *)b)->zName);
}

static void person_row(sqlite3_stmt *s, void *p) {
  Person *x = p;
  x->zName = db_column_dup(s, 0);
  x->zEmail = db_column_dup(s, 1);
  x->zSource = db_column_dup(s, 2);
  x->stopped = sqlite3_column_int(s, 3);
}

static void person_clear(void *p) {
  Person *x = p;
  free(x->zName);
  free(x->zEmail);
  free(x->zSource);
}

int store_person_list(Db *db, Person **pa, int *pn) {
  sqlite3_stmt *s = db_prepare(
      db, "SELECT name, email, source, stopped FROM person"
          " UNION ALL"
          " SELECT coalesce(NULLIF(u.owner_as,''), u.name), u.email, 'account', 0 FROM \"user\" u"
          "  WHERE u.disabled=0 AND u.email IS NOT NULL AND u.email<>''"
          "   AND NOT EXISTS(SELECT 1 FROM person p"
          "     WHERE lower(p.name)=lower(coalesce(NULLIF(u.owner_as,''), u.name)))");
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, person_row, person_clear, pn, &rc);
  if (rc) return db_errorf(db, "cannot read the people: %s", db_errmsg(db));
  /* Two accounts may claim one name: the first (by the sort) answers. */
  if (*pn > 1) qsort(*pa, (size_t)*pn, sizeof **pa, cmp_person);
  return 0;
}

void store_people_free(Person *a, int n) {
  for (int i = 0; i < n; i++) person_clear(&a[i]);
  free(a);
}

const Person *person_find(const Person *a, int n, const char *zName) {
  int lo = 0, hi = n - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    int c = strcasecmp(a[mid].zName, zName);
    if (!c) {
      while (mid > 0 && !strcasecmp(a[mid - 1].zName, zName)) mid--;
      return &a[mid];
    }
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return 0;
}

/* ---- settings and templates ---- */

int store_notify_get(Db *db, const char *zKey, char **pzValue) {
  Buf k = BUF_INIT;
  buf_appendf(&k, "notify.%s", zKey);
  int rc = db_meta_read(db, buf_cstr(&k), pzValue);
  buf_free(&k);
  return rc;
}

int store_notify_set(Db *db, const char *zKey, const char *zValue) {
  Buf k = BUF_INIT;
  buf_appendf(&k, "notify.%s", zKey);
  int rc;
  if (zValue && zValue[0])
    rc = db_meta_set(db, buf_cstr(&k), zValue);
  else
    rc = db_step_texts(db, db_prepare(db, "DELETE FROM meta WHERE key=?1"), buf_cstr(&k), 0);
  buf_free(&k);
  return rc;
}

int store_template_get(Db *db, const char *zName, char **pzBody) {
  return db_read_text(db, db_prepare(db, "SELECT body FROM notify_template WHERE name=?1"), zName,
                      pzBody);
}

int store_template_set(Db *db, const char *zName, const char *zBody) {
  sqlite3_stmt *s = zBody ? db_prepare(db, "INSERT INTO notify_template(name, body) VALUES(?1,?2)"
                                           " ON CONFLICT(name) DO UPDATE SET body=excluded.body")
                          : db_prepare(db, "DELETE FROM notify_template WHERE name=?1");
  return db_step_texts(db, s, zName ? zName : "", zBody);
}

/* ---- notices ---- */

int store_notice_state(Db *db, const char *zRecipient, const char *zKey, int *pState,
                       long long *pId) {
  sqlite3_stmt *s = db_cached(db, "SELECT id, state FROM notice"
                                  " WHERE lower(recipient)=lower(?1) AND key=?2");
  db_bind_text(s, 1, zRecipient);
  db_bind_text(s, 2, zKey);
  int rc = 0;
  *pState = NOTICE_NONE;
  *pId = 0;
  if (db_step_row(db, s, &rc)) {
    *pId = sqlite3_column_int64(s, 0);
    const char *z = (const char *)sqlite3_column_text(s, 1);
    *pState = !strcmp(z, "queued") ? NOTICE_QUEUED
              : !strcmp(z, "sent") ? NOTICE_SENT
                                   : NOTICE_CANCELLED;
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_notice_add(Db *db, const char *zRecipient, const char *zKey, long long recId,
                     const char *zKind, Day due, Day asAt, long long *pId) {
  sqlite3_stmt *s = db_cached(db, "INSERT INTO notice(recipient, key, rec_id, kind, due, as_at,"
                                  " created_at) VALUES(?1,?2,?3,?4,?5,?6,?7)");
  db_bind_text(s, 1, zRecipient);
  db_bind_text(s, 2, zKey);
  sqlite3_bind_int64(s, 3, recId);
  db_bind_text(s, 4, zKind);
  db_bind_day(db, s, 5, due);
  db_bind_day(db, s, 6, asAt);
  db_bind_text(s, 7, db_now_iso(db));
  return db_step_id(db, s, pId);
}

int store_notice_requeue(Db *db, long long id, Day asAt) {
  sqlite3_stmt *s = db_cached(db, "UPDATE notice SET state='queued', outbox_id=NULL, as_at=?2"
                                  " WHERE id=?1 AND state='cancelled'");
  sqlite3_bind_int64(s, 1, id);
  db_bind_day(db, s, 2, asAt);
  return db_step_done(db, s);
}

int store_notice_cancel(Db *db, long long id) {
  sqlite3_stmt *s = db_cached(db, "UPDATE notice SET state='cancelled', outbox_id=NULL"
                                  " WHERE id=?1 AND state='queued'");
  sqlite3_bind_int64(s, 1, id);
  return db_step_done(db, s);
}

int store_notice_link(Db *db, long long id, long long outboxId) {
  sqlite3_stmt *s = db_cached(db, "UPDATE notice SET outbox_id=?2 WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, outboxId);
  return db_step_done(db, s);
}

static void notice_row(sqlite3_stmt *s, void *p) {
  NoticeRow *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->recId = sqlite3_column_int64(s, 1);
  x->outboxId = sqlite3_column_int64(s, 2);
  x->zRecipient = db_column_dup(s, 3);
  x->zKey = db_column_dup(s, 4);
  x->zKind = db_column_dup(s, 5);
  x->zState = db_column_dup(s, 6);
  x->zDue = db_column_dup(s, 7);
  x->zAsAt = db_column_dup(s, 8);
  x->zCreated = db_column_dup(s, 9);
  x->zSentAt = db_column_dup(s, 10);
}

static void notice_clear(void *p) {
  NoticeRow *x = p;
  char *az[] = {x->zRecipient, x->zKey,  x->zKind,    x->zState,
                x->zDue,       x->zAsAt, x->zCreated, x->zSentAt};
  for (size_t k = 0; k < sizeof az / sizeof az[0]; k++) free(az[k]);
}

int store_notice_list(Db *db, long long recId, NoticeRow **pa, int *pn) {
  sqlite3_stmt *s =
      /* One recommendation's: on every view of its page, so kept prepared. */
      recId ? db_cached(db, "SELECT n.id, n.rec_id, n.outbox_id, n.recipient, n.key, n.kind,"
                            " n.state, n.due, n.as_at, n.created_at, o.sent_at"
                            " FROM notice n LEFT JOIN outbox o ON o.id=n.outbox_id"
                            " WHERE n.rec_id=?1 ORDER BY n.id DESC")
            : db_prepare(db, "SELECT n.id, n.rec_id, n.outbox_id, n.recipient, n.key, n.kind,"
                             " n.state, n.due, n.as_at, n.created_at, NULL"
                             " FROM notice n WHERE n.state='queued'"
                             " ORDER BY lower(n.recipient), n.id");
  if (recId) sqlite3_bind_int64(s, 1, recId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, notice_row, notice_clear, pn, &rc);
  if (rc) return db_errorf(db, "cannot read the notices: %s", db_errmsg(db));
  return 0;
}

void store_notice_rows_free(NoticeRow *a, int n) {
  for (int i = 0; i < n; i++) notice_clear(&a[i]);
  free(a);
}

int store_notice_counts(Db *db, Buf *out) {
  sqlite3_stmt *s = db_prepare(db, "SELECT kind, state, count(*) FROM notice"
                                   " GROUP BY kind, state ORDER BY kind, state");
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    buf_appendf(out, "%s %s %d\n", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
                sqlite3_column_int(s, 2));
  }
  sqlite3_finalize(s);
  return step_rows_done(db, rc, "the notices");
}

/* ---- the outbox ---- */

int store_outbox_add(Db *db, const char *zRecipient, const char *zEmail, const char *zSubject,
                     const char *zMessage, const char *zMessageId, Day asAt, long long nextAt,
                     long long *pId) {
  sqlite3_stmt *s = db_cached(db, "INSERT INTO outbox(recipient, email, subject, message,"
                                  " message_id, as_at, next_at, created_at)"
                                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  db_bind_text(s, 1, zRecipient);
  db_bind_text(s, 2, zEmail);
  db_bind_text(s, 3, zSubject);
  db_bind_text(s, 4, zMessage);
  db_bind_text(s, 5, zMessageId);
  db_bind_day(db, s, 6, asAt);
  sqlite3_bind_int64(s, 7, nextAt);
  db_bind_text(s, 8, db_now_iso(db));
  int rc = db_step_id(db, s, pId);
  if (!rc) db_mail_note(db);
  return rc;
}

int store_outbox_replace(Db *db, const char *zRecipient) {
  sqlite3_stmt *s = db_cached(db, "UPDATE outbox SET state='replaced'"
                                  " WHERE state='queued' AND flight IS NULL"
                                  " AND lower(recipient)=lower(?1)");
  db_bind_text(s, 1, zRecipient);
  return db_step_done(db, s);
}

#define OUTBOX_COLS                                                                                \
  "o.id, o.next_at, o.attempts, o.recipient, o.email, o.subject, o.message_id,"                    \
  " CASE WHEN o.state='queued' AND o.flight IS NOT NULL THEN o.flight ELSE o.state END,"           \
  " o.as_at, o.last_error, o.created_at, o.sent_at,"                                               \
  " (SELECT count(*) FROM notice n WHERE n.outbox_id=o.id), o.flight_run, o.flight_at"

/* One row of OUTBOX_COLS, with the message when the query selects it after them. */
static void outbox_fill(sqlite3_stmt *s, void *p) {
  OutboxRow *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->nextAt = sqlite3_column_int64(s, 1);
  x->attempts = sqlite3_column_int(s, 2);
  x->zRecipient = db_column_dup(s, 3);
  x->zEmail = db_column_dup(s, 4);
  x->zSubject = db_column_dup(s, 5);
  x->zMessageId = db_column_dup(s, 6);
  x->zState = db_column_dup(s, 7);
  x->zAsAt = db_column_dup(s, 8);
  x->zError = db_column_dup(s, 9);
  x->zCreated = db_column_dup(s, 10);
  x->zSentAt = db_column_dup(s, 11);
  x->nNotice = sqlite3_column_int(s, 12);
  x->zFlightRun = db_column_dup(s, 13);
  x->flightAt = sqlite3_column_int64(s, 14);
  if (sqlite3_column_count(s) > 15) x->zMessage = db_column_dup(s, 15);
}

static void outbox_clear(void *p) {
  OutboxRow *x = p;
  char *az[] = {x->zRecipient, x->zEmail,   x->zSubject, x->zMessageId, x->zState,    x->zAsAt,
                x->zError,     x->zCreated, x->zSentAt,  x->zMessage,   x->zFlightRun};
  for (size_t k = 0; k < sizeof az / sizeof az[0]; k++) free(az[k]);
}

static int outbox_rows(Db *db, sqlite3_stmt *s, OutboxRow **pa, int *pn) {
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, outbox_fill, outbox_clear, pn, &rc);
  if (rc) return db_errorf(db, "cannot read the outbox: %s", db_errmsg(db));
  return 0;
}

int store_outbox_due(Db *db, long long now, OutboxRow **pa, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT " OUTBOX_COLS ", o.message FROM outbox o"
                                   " WHERE o.state='queued' AND o.next_at<=?1 AND o.flight IS NULL"
                                   " ORDER BY o.id");
  sqlite3_bind_int64(s, 1, now);
  return outbox_rows(db, s, pa, pn);
}

int store_outbox_list(Db *db, int all, OutboxRow **pa, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT " OUTBOX_COLS " FROM outbox o"
                                   " WHERE ?1 <> 0 OR o.state='queued' ORDER BY o.id DESC");
  sqlite3_bind_int(s, 1, all);
  return outbox_rows(db, s, pa, pn);
}

int store_outbox_get(Db *db, long long id, OutboxRow *out) {
  sqlite3_stmt *s = db_prepare(db, "SELECT " OUTBOX_COLS ", o.message FROM outbox o WHERE o.id=?1");
  sqlite3_bind_int64(s, 1, id);
  int rc = 0;
  memset(out, 0, sizeof *out);
  if (db_step_row(db, s, &rc)) outbox_fill(s, out);
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int store_outbox_in_flight(Db *db, OutboxRow **pa, int *pn) {
  sqlite3_stmt *s =
      db_prepare(db, "SELECT " OUTBOX_COLS " FROM outbox o"
                     " WHERE o.state='queued' AND o.flight IS NOT NULL ORDER BY o.id");
  return outbox_rows(db, s, pa, pn);
}

int store_outbox_sending(Db *db, long long id, const char *zRun, long long now, int *pClaimed) {
  sqlite3_stmt *s = db_cached(db, "UPDATE outbox SET flight='sending', flight_run=?2, flight_at=?3"
                                  " WHERE id=?1 AND state='queued' AND flight IS NULL");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, zRun);
  sqlite3_bind_int64(s, 3, now);
  return db_step_count(db, s, pClaimed);
}

int store_outbox_unknown(Db *db, long long id, const char *zRun, int *pn) {
  sqlite3_stmt *s = db_cached(db, "UPDATE outbox SET flight='unknown'"
                                  " WHERE id=?1 AND flight='sending' AND flight_run=?2");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, zRun);
  return db_step_count(db, s, pn);
}

int store_outbox_release(Db *db, long long id, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE outbox SET flight=NULL, flight_run=NULL,"
                                   " flight_at=NULL, next_at=0"
                                   " WHERE id=?1 AND state='queued' AND flight='unknown'");
  sqlite3_bind_int64(s, 1, id);
  int rc = db_step_count(db, s, pn);
  sqlite3_finalize(s);
  return rc;
}

void store_outbox_rows_free(OutboxRow *a, int n) {
  for (int i = 0; i < n; i++) outbox_clear(&a[i]);
  free(a);
}

int store_outbox_sent(Db *db, long long id) {
  sqlite3_stmt *s = db_cached(db, "UPDATE outbox SET state='sent', sent_at=?2,"
                                  " attempts=attempts+1, last_error=NULL, flight=NULL"
                                  " WHERE id=?1 AND state='queued'");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, db_now_iso(db));
  int rc = db_step_done(db, s);
  if (rc) return rc;
  s = db_cached(db, "UPDATE notice SET state='sent' WHERE outbox_id=?1 AND state='queued'");
  sqlite3_bind_int64(s, 1, id);
  return db_step_done(db, s);
}

int store_outbox_failed(Db *db, long long id, const char *zError, long long nextAt,
                        const char *zRun) {
  sqlite3_stmt *s = db_cached(db, "UPDATE outbox SET attempts=attempts+1, last_error=?2,"
                                  " next_at=?3, flight=NULL, flight_run=NULL, flight_at=NULL"
                                  " WHERE id=?1 AND (flight IS NULL OR flight_run=?4)");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, zError);
  sqlite3_bind_int64(s, 3, nextAt);
  db_bind_text(s, 4, zRun);
  return db_step_done(db, s);
}

int store_outbox_retry(Db *db, long long id, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE outbox SET next_at=0"
                                   " WHERE state='queued' AND flight IS NULL AND (?1=0 OR id=?1)");
  sqlite3_bind_int64(s, 1, id);
  int rc = db_step_count(db, s, pn);
  sqlite3_finalize(s);
  return rc;
}

int store_outbox_cancel_person(Db *db, const char *zRecipient, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE outbox SET state='cancelled'"
                                   " WHERE state='queued' AND flight IS NULL"
                                   " AND lower(recipient)=lower(?1)");
  db_bind_text(s, 1, zRecipient);
  int rc = db_step_count(db, s, pn);
  sqlite3_finalize(s);
  if (rc) return rc;
  s = db_prepare(db, "UPDATE notice SET state='cancelled', outbox_id=NULL"
                     " WHERE state='queued' AND lower(recipient)=lower(?1)");
  db_bind_text(s, 1, zRecipient);
  rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

/* ---- runs ---- */

int store_notify_run_claim(Db *db, Day asAt, int *pDone) {
  sqlite3_stmt *s = db_prepare(db, "SELECT finished_at FROM notify_run WHERE as_at=?1");
  db_bind_day(db, s, 1, asAt);
  int rc = 0;
  *pDone = db_step_row(db, s, &rc) && sqlite3_column_type(s, 0) != SQLITE_NULL;
  sqlite3_finalize(s);
  if (rc || *pDone) return rc;
  /* A run that started and never finished (a crash) is simply run again: runs are
  ** idempotent. */
  s = db_prepare(db, "INSERT INTO notify_run(as_at, started_at) VALUES(?1,?2)"
                     " ON CONFLICT(as_at) DO UPDATE SET started_at=excluded.started_at");
  db_bind_day(db, s, 1, asAt);
  db_bind_text(s, 2, db_now_iso(db));
  rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_notify_run_finish(Db *db, Day asAt, const char *zSummary) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE notify_run SET finished_at=?3, summary=?2"
                                   " WHERE as_at=?1");
  db_bind_day(db, s, 1, asAt);
  db_bind_text(s, 2, zSummary);
  db_bind_text(s, 3, db_now_iso(db));
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}
