/*
** notify.h: the notification plan (who is told what about which recommendation
** as at a date) and the text of the digests that tell them.
**
** Pure: the plan is computed from a RecSet, the policy, the reporting cycles and
** the notification settings, through rec_state_at(); the digest is rendered from
** templates. Every notice carries a key (recipient, item, reason, rung or date):
** the store records keys when they are queued and sent, which is what makes
** running the plan twice send nothing twice. Not for: SQL (store_notify.c),
** sending (mail.c) or deciding what has been sent (notify_run.c).
*/
#ifndef AT_NOTIFY_H
#define AT_NOTIFY_H

#include "buf.h"
#include "model.h"

typedef enum NoticeKind {
  NK_REMINDER,   /* N days before the current target */
  NK_OVERDUE,    /* the day it became overdue */
  NK_MONTHLY,    /* each month after that while it stays overdue */
  NK_UPDATE,     /* a reporting cycle asks for an update by its deadline */
  NK_ESCALATION, /* a rung of the escalation ladder was reached */
  NK_RETURNED,   /* internal audit rejected an update, or refused or approved a date */
  NK_REVIEW,     /* an update or a date request waits for internal audit's decision */
  NOTICE_KIND__MAX
} NoticeKind;
extern const char *const notice_kind_names[]; /* NOTICE_KIND__MAX + 1: "reminder" ... NULL */

/* Something the service sent to internal audit's review queue, as the plan sees it:
** waiting for a decision (zVerdict NULL), or decided and returned to the service.
** The strings are the caller's; keep them alive while the notices are used. */
typedef struct NotifyEvent {
  long long id; /* the submission: one decision each, so one key each */
  long long recId;
  int isDate;           /* a date request; else an update */
  Day on;               /* sent on */
  Day target;           /* a date request: the date asked for (DAY_NONE: TBC) */
  const char *zVerdict; /* "rejected", "refused", "approved"; NULL: waiting */
  Day decidedOn;
  long long progressSeen; /* the recommendation's latest update when decided */
  const char *zBy;        /* who decided, or NULL */
  const char *zNote;      /* internal audit's note, or NULL */
  const char *zAuthor;    /* who sent it */
} NotifyEvent;

#define NOTIFY_MAX_REMIND 8
typedef struct NotifyConfig {
  int nRemind;
  int aRemindDays[NOTIFY_MAX_REMIND]; /* ascending, each 1..366 */
  int updateDays;  /* an update request goes this many days before the cycle's deadline */
  char zHead[128]; /* the head of internal audit's name, for rungs naming them; "" if unset */
} NotifyConfig;

/* 30 and 7 days' reminders, update requests 14 days before the deadline, no head. */
void notify_config_default(NotifyConfig *c);
/* Set "reminder-days" ("30,7"), "update-days" ("14") or "head" (a name). Returns 0, or 1
** with the reason in err; c is unchanged on failure. */
int notify_config_set(NotifyConfig *c, const char *zKey, const char *zValue, Buf *err) AT_MUST;

/* One thing to tell one person about one recommendation. */
typedef struct Notice {
  const Rec *pRec;
  const char *zRecipient; /* a name as the register writes it; points into the RecSet or config */
  NoticeKind kind;
  Day on;     /* the day it fell due */
  Day date;   /* reminder: the target; overdue, monthly, escalation: the due date; update:
                 the cycle's deadline */
  int n;      /* reminder: days before; monthly: months since it became overdue; escalation:
                 the rung's index */
  int months; /* months overdue as at the plan's date (0 when not overdue) */
  const Cycle *pCycle;       /* update: the cycle */
  const Rung *pRung;         /* escalation: the rung */
  const NotifyEvent *pEvent; /* returned, review: what was sent */
  char zKey[64];             /* "reminder:12:2025-03-31:7": unique per recipient */
} Notice;

typedef struct NoticeList {
  int n, cap;
  Notice *a;
} NoticeList;
void notice_list_free(NoticeList *l);

/*
** The notices due as at asAt, sorted by recipient (any case), recommendation and kind.
** Catch-up rule: a notice stays due from its day until it no longer applies or a later
** notice of the same kind replaces it, so a missed day is made up by the next run and
** only the latest reminder, overdue notice and rung is ever due:
**  - reminder N: while the recommendation is open and asAt is in [target - N, target),
**    for the smallest N whose day has come (current target; none while TBC);
**  - overdue (k = 0) or monthly (k >= 1): while overdue under the policy, k being the
**    number of whole months since the day after the due date;
**  - update: to the owner of each open recommendation, from updateDays before a
**    cycle's deadline (its committee date when it has none) up to the deadline;
**  - escalation: the highest rung reached, to each person the rung names (owner,
**    director, executive member, head of internal audit).
** The owner is the recommendation's owner, or its director when it names no owner.
** Notices point into s, aCycle, p and c: keep them alive while out is used.
*/
void notify_plan(const RecSet *s, const Policy *p, const Cycle *aCycle, int nCycle,
                 const NotifyConfig *c, Day asAt, NoticeList *out);

/*
** Append to out the notices of the n events (any order) as at asAt, and sort out
** again as notify_plan does (when none is appended, out is left as it was: sorted,
** when it is notify_plan's). One notice per event, keyed by its submission, so
** nothing is told twice:
**  - returned ("returned:REC:SUB"): to the owner, from the decision's day while
**    the recommendation is open and the return is still with the service
**    (rec_returned_open: until it posts a newer update);
**  - review ("review:REC:SUB"): to the head of internal audit (c->zHead; nobody
**    when unset), from the day it was sent while it waits for a decision.
** Notices point into s, a and c.
*/
void notify_plan_events(const RecSet *s, const Policy *p, const NotifyEvent *a, int n,
                        const NotifyConfig *c, Day asAt, NoticeList *out);

/* The name of whoever the owner is for notifications (owner, else director), or NULL. */
const char *notify_owner(const Rec *r);

/* ---- templates ---- */

/* The templates an organisation can change, with {{placeholders}}. */
typedef enum TmplId {
  TMPL_SUBJECT,
  TMPL_TEXT,
  TMPL_HTML,
  TMPL_REMINDER,
  TMPL_OVERDUE,
  TMPL_MONTHLY,
  TMPL_UPDATE,
  TMPL_ESCALATION,
  TMPL_RETURNED,
  TMPL_REVIEW,
  TMPL__MAX
} TmplId;
extern const char *const tmpl_names[];    /* TMPL__MAX + 1: "subject", "text", "html", ... NULL */
extern const char *const tmpl_defaults[]; /* TMPL__MAX */
int tmpl_from_name(const char *z);        /* -1 if unknown */
/* Check a template's syntax and placeholders; 0, or 1 with the reason in err. */
int tmpl_check(TmplId id, const char *zBody, Buf *err) AT_MUST;

typedef struct DigestIn {
  const char *azTmpl[TMPL__MAX]; /* NULL entries take the defaults */
  const char *zName;             /* the recipient */
  const char *zOrg;              /* the organisation, or NULL */
  const char *zBaseUrl;          /* for links: zBaseUrl + "/recs/ID"; NULL or "" gives no links */
  Day asAt;
} DigestIn;
/* Render one person's digest of n notices (all for that person) into the subject
** (one line), the plain text and the HTML part. In the HTML part every {{value}} is
** HTML-escaped; {{{value}}} is not (use it only for values you trust). */
void notify_digest(const DigestIn *in, const Notice *a, int n, Buf *pSubject, Buf *pText,
                   Buf *pHtml);

#endif
