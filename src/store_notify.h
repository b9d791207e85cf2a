/*
** store_notify.h: notifications in the database: people and their addresses, the
** notification settings and templates, the notices recorded by key, and the
** outbox of messages waiting to be sent. Every function runs in the caller's
** transaction (or autocommit) and returns 0, or non-zero with db->err set.
** Part of store.h, which includes it: callers include store.h only.
** Not for: deciding what is due (notify.c) or sending (mail.c).
*/
#ifndef AT_STORE_NOTIFY_H
#define AT_STORE_NOTIFY_H

#include "db.h"
#include "model.h"

/* ---- people ---- */

typedef struct Person {
  char *zName, *zEmail; /* zEmail NULL when none is known */
  char *zSource;        /* "cli", "import", "account" (an account's e-mail) ... */
  int stopped;          /* their e-mails are stopped */
} Person;
/* Set a person's address (zEmail NULL: keep; "" removes it) and/or stopped flag
** (-1: keep), creating the person. The previous address goes to *pzOld (heap, may be
** NULL) when pzOld is given. */
int store_person_set(Db *db, const char *zName, const char *zEmail, int stopped,
                     const char *zSource, char **pzOld) AT_MUST;
/* Everyone with a person row, and each enabled account with an e-mail under its
** owner-as name (else its name) when no person row has that name; sorted by name
** (any case). Heap: store_people_free. */
int store_person_list(Db *db, Person **pa, int *pn) AT_MUST;
void store_people_free(Person *a, int n);
/* The person named zName (any case) in a sorted list, or NULL. */
const Person *person_find(const Person *a, int n, const char *zName);

/* ---- settings and templates ---- */

/* A notification setting ("smtp-url" ...) stored as meta key "notify.KEY": 0 with
** *pzValue (heap, NULL when unset), or 1 with db_errmsg. */
int store_notify_get(Db *db, const char *zKey, char **pzValue) AT_MUST;
/* Set it; NULL or "" removes it. */
int store_notify_set(Db *db, const char *zKey, const char *zValue) AT_MUST;
/* The organisation's own template named zName: 0 with *pzBody (heap, NULL for the
** default), or 1 with db_errmsg. */
int store_template_get(Db *db, const char *zName, char **pzBody) AT_MUST;
/* Store it; NULL goes back to the default. */
int store_template_set(Db *db, const char *zName, const char *zBody) AT_MUST;

/* ---- notices ---- */

enum { NOTICE_NONE = -1, NOTICE_QUEUED, NOTICE_SENT, NOTICE_CANCELLED };
/* The state of (recipient in any case, key) into *pState, NOTICE_NONE when never
** recorded, with the row's id in *pId: 0, or 1 with db_errmsg. */
int store_notice_state(Db *db, const char *zRecipient, const char *zKey, int *pState,
                       long long *pId) AT_MUST;
int store_notice_add(Db *db, const char *zRecipient, const char *zKey, long long recId,
                     const char *zKind, Day due, Day asAt, long long *pId) AT_MUST;
/* A cancelled notice applies again: queue it (no message yet). */
int store_notice_requeue(Db *db, long long id, Day asAt) AT_MUST;
int store_notice_cancel(Db *db, long long id) AT_MUST;
int store_notice_link(Db *db, long long id, long long outboxId) AT_MUST;

typedef struct NoticeRow {
  long long id, recId, outboxId;
  char *zRecipient, *zKey, *zKind, *zState, *zDue, *zAsAt, *zCreated, *zSentAt;
} NoticeRow;
/* The notices of one recommendation (recId > 0, newest first) or every queued one
** (recId 0, by recipient). Heap: store_notice_rows_free. */
int store_notice_list(Db *db, long long recId, NoticeRow **pa, int *pn) AT_MUST;
void store_notice_rows_free(NoticeRow *a, int n);
/* Count notices by kind and state into aOut ("kind state" -> n) as text lines. */
int store_notice_counts(Db *db, Buf *out) AT_MUST;

/* ---- the outbox ---- */

typedef struct OutboxRow {
  long long id, nextAt;
  int attempts, nNotice;
  char *zRecipient, *zEmail, *zSubject, *zMessageId, *zState, *zAsAt, *zError, *zCreated, *zSentAt;
  char *zMessage;     /* only from store_outbox_due and store_outbox_get */
  char *zFlightRun;   /* 'sending' and 'unknown': the run that began sending it */
  long long flightAt; /* and when (seconds since the epoch) */
} OutboxRow;
int store_outbox_add(Db *db, const char *zRecipient, const char *zEmail, const char *zSubject,
                     const char *zMessage, const char *zMessageId, Day asAt, long long nextAt,
                     long long *pId) AT_MUST;
/* A recipient's queued messages give way to a new one: state 'replaced'. */
int store_outbox_replace(Db *db, const char *zRecipient) AT_MUST;
/* Queued messages whose next attempt is due by now, oldest first, with their text. */
int store_outbox_due(Db *db, long long now, OutboxRow **pa, int *pn) AT_MUST;
/* Messages for the admin's list: queued ones (all=0) or every one, newest first. */
int store_outbox_list(Db *db, int all, OutboxRow **pa, int *pn) AT_MUST;
/* One message with its text: 0 with *out (out->id 0 when there is none), or 1
** with db_errmsg. */
int store_outbox_get(Db *db, long long id, OutboxRow *out) AT_MUST;
void store_outbox_rows_free(OutboxRow *a, int n);
/* A queued message's state (zState) is 'sending' from just before its final dot
** until the server's answer is recorded, and 'unknown' when the run sending it died
** first: it may have been sent, so no run sends it until it is released.
** Messages 'sending' or 'unknown', oldest first, without their text. */
int store_outbox_in_flight(Db *db, OutboxRow **pa, int *pn) AT_MUST;
/* Mark queued message id 'sending' by run zRun at now: one UPDATE, committed
** (autocommit) before the server can accept the message. *pClaimed is 0 when it
** is no longer queued or another run took it first (then it must not be sent). */
int store_outbox_sending(Db *db, long long id, const char *zRun, long long now,
                         int *pClaimed) AT_MUST;
/* Run zRun died while sending message id: 'unknown'. *pn is 0 when it was not. */
int store_outbox_unknown(Db *db, long long id, const char *zRun, int *pn) AT_MUST;
/* Release an 'unknown' message: queued and due now. *pn is 0 when id is not unknown. */
int store_outbox_release(Db *db, long long id, int *pn) AT_MUST;
/* Sent: the message and its notices. */
int store_outbox_sent(Db *db, long long id) AT_MUST;
/* A failed attempt by run zRun: count it, keep the reason, queued again for nextAt.
** A message another run has marked 'sending' is left to that run. */
int store_outbox_failed(Db *db, long long id, const char *zError, long long nextAt,
                        const char *zRun) AT_MUST;
/* Make queued message id (0: every queued one) due now; *pn says how many. */
int store_outbox_retry(Db *db, long long id, int *pn) AT_MUST;
/* Cancel a recipient's queued messages and notices (their e-mails were stopped). */
int store_outbox_cancel_person(Db *db, const char *zRecipient, int *pn) AT_MUST;

/* ---- runs (the daily run of `serve`) ---- */

/* Record that the run for asAt has started; *pDone is 1 when a run for that date
** has already finished (then nothing is written). */
int store_notify_run_claim(Db *db, Day asAt, int *pDone) AT_MUST;
/* The run for asAt finished, with its summary line. */
int store_notify_run_finish(Db *db, Day asAt, const char *zSummary) AT_MUST;

#endif
