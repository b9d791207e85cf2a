/*
** notify_run.h: one notification run, as `auditrack notify` and the daily timer of
** `auditrack serve` do it: plan as at a date, record the new notices and queue one
** digest per person in one transaction, then send what the outbox holds, each
** message marked sent in its own transaction as soon as the server accepts it.
**
** So a second run sends nothing, and a run killed between two messages leaves the
** rest queued for the next one. Each message is marked 'sending' (one UPDATE,
** committed) as its last bytes go to the server, before the final dot; a run that
** finds one left 'sending' by a run that died marks it 'unknown' (it may have been
** sent) and does not send it until `notify release` says so: at most once, never
** twice. Two runs at once cannot both send a message: the UPDATE claims it for
** one. A message the server refuses, or that times out,
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
  int nUnknown;       /* messages this run found left 'sending' by a dead run */
  int nHeld;          /* messages 'unknown' (those included), waiting for release */
} NotifyResult;

/* The settings `notify set` accepts, in the order `notify show` lists them. */
typedef enum NotifySettingId {
  NS_SMTP_URL,
  NS_SMTP_TLS,
  NS_SMTP_USER,
  NS_SMTP_PASSWORD_FILE,
  NS_SMTP_TIMEOUT,
  NS_FROM,
  NS_FROM_NAME,
  NS_REPLY_TO,
  NS_BASE_URL,
  NS_HOUR,
  NS_REMINDER_DAYS,
  NS_UPDATE_DAYS,
  NS_HEAD,
  NOTIFY_SETTING__MAX
} NotifySettingId;
typedef struct NotifySetting {
  const char *zName;    /* "smtp-url", stored as meta "notify.smtp-url" */
  const char *zDefault; /* what an unset setting means, or NULL: none */
  /* Check a non-empty value: 0, or 1 with the reason in err. NULL: any one line. */
  int (*xCheck)(const char *zKey, const char *zValue, Buf *err);
  const char *zHelp; /* one line, without the default */
  int secret;        /* 1: notify show and the journal never print the value */
} NotifySetting;
extern const NotifySetting notify_settings[]; /* NOTIFY_SETTING__MAX, by NotifySettingId */
/* The index of the setting named zKey, or -1. */
int notify_setting_find(const char *zKey);
/* Setting i's help line with its default. */
void notify_setting_help(int i, Buf *out);
/* One line per setting: name, help and default (for --help). */
void notify_settings_help(Buf *out);
/* Check a setting's value ("" clears it); 0, or 1 with the reason in err. */
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
  const char *zAs; /* "owner", "director", "executive member", "head of internal audit";
                   ** NULL: not named on an open recommendation */
  int nOpen;       /* open recommendations naming them */
  char *zEmail;    /* NULL when none is known */
  int stopped;     /* their e-mails are stopped */
  char *zProblem;  /* NULL, or why they cannot be e-mailed (a data-quality problem) */
} PersonStatus;
/* Returns 0, or 1 with err set. Heap: notify_people_status_free. */
int notify_people_status(Db *db, Day asAt, PersonStatus **pa, int *pn, Buf *err);
void notify_people_status_free(PersonStatus *a, int n);

#endif
