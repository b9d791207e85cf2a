/*
** notify_run.h: one notification run, as `auditrack notify` and the daily timer of
** `auditrack serve` do it: plan as at a date, record the new notices and queue one
** digest per person in one transaction, then send what the outbox holds, each
** message marked sent in its own transaction as soon as the server accepts it.
**
** So a second run sends nothing, and a run killed between two messages leaves the
** rest queued for the next one. A message the server refuses, or that times out,
** stays queued and is tried again after a back-off (5 minutes, doubling, at most a
** day) without holding up the others. Not for: the rules of the plan (notify.c).
*/
#ifndef AT_NOTIFY_RUN_H
#define AT_NOTIFY_RUN_H

#include "buf.h"
#include "db.h"
#include "notify.h"

typedef struct NotifyOpts {
  int dryRun;             /* print the plan; write and send nothing */
  const char *zOutboxDir; /* write DIR/auditrack-ID.eml instead of using SMTP */
  long long now;          /* the clock, in seconds since the epoch, for back-off */
  int verbose;            /* dry run: one line per notice, not only per person */
} NotifyOpts;

typedef struct NotifyResult {
  int nNotice;                 /* due as at the date */
  int aKind[NOTICE_KIND__MAX]; /* of those, by kind */
  int nNew, nAlready, nCancelled, nNoAddress, nStopped;
  int nQueued;        /* messages queued by this run */
  int nSent, nFailed; /* messages sent, and attempts that failed */
} NotifyResult;

/* The settings `notify set` accepts, NULL-terminated, and a one-line help for each. */
extern const char *const notify_setting_keys[];
extern const char *const notify_setting_help[];
/* Check a setting's value; 0, or 1 with the reason in err. */
int notify_setting_check(const char *zKey, const char *zValue, Buf *err) AT_MUST;

/* Run the plan as at asAt (see above), with a summary and one line per message to
** out. Returns 0, or 1 with the reason in err when it could not run (settings
** missing, database error); messages that fail to send are not an error: they are
** counted in res->nFailed and stay queued. */
int notify_run(Db *db, Day asAt, const NotifyOpts *o, Buf *out, NotifyResult *res,
               Buf *err) AT_MUST;

/* Send the queued messages that are due, as the second half of notify_run does. */
int notify_send_due(Db *db, const NotifyOpts *o, Buf *out, NotifyResult *res, Buf *err) AT_MUST;

/* The names the register gives people (owners, directors, executive members of
** open recommendations as at asAt, and the head of internal audit), each with its
** problem: no address, an invalid one, or e-mails stopped. One line each to out (just
** the name with namesOnly);
** returns the number of problems, or -1 with err set. */
int notify_people_problems(Db *db, Day asAt, int namesOnly, Buf *out, Buf *err);

/* Everyone notify_people_problems() looks at, as rows: first the names the register
** gives (sorted, any case), then each stored person it does not name (sorted). */
typedef struct PersonStatus {
  char *zName;
  const char *zAs;  /* "owner", "director", "executive member", "head of internal audit";
                    ** NULL: not named on an open recommendation */
  int nOpen;        /* open recommendations naming them */
  char *zEmail;     /* NULL when none is known */
  int stopped;      /* their e-mails are stopped */
  char *zProblem;   /* NULL, or why they cannot be e-mailed (a data-quality problem) */
} PersonStatus;
/* Returns 0, or 1 with err set. Heap: notify_people_status_free. */
int notify_people_status(Db *db, Day asAt, PersonStatus **pa, int *pn, Buf *err);
void notify_people_status_free(PersonStatus *a, int n);

#endif
