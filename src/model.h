/*
** model.h: the domain of auditrack: recommendations with their history, the
** organisation's policy, and the as-at engine that rebuilds a recommendation's
** state on any date from that history.
**
** Everything that says "overdue", "band", "escalation" or "open" is computed
** here by rec_state_at() and nowhere else. Not for: SQL (store.c loads a RecSet)
** or presentation (report_*.c).
*/
#ifndef AT_MODEL_H
#define AT_MODEL_H

#include "buf.h"
#include "date.h"
#include "rec_fields.h"

/* Internal Audit's opinion of a recommendation, and the status a service claims. */
typedef enum Status {
  ST_NOT_STARTED,
  ST_IN_PROGRESS,
  ST_PARTIAL,     /* partially implemented */
  ST_IMPLEMENTED, /* closes as implemented */
  ST_NOT_IMPLEMENTED,
  ST_RISK_ACCEPTED, /* closes: senior management accepted the risk of not acting */
  ST_SUPERSEDED,    /* closes */
  ST_NOT_ADOPTED,   /* closes */
  ST_WITHDRAWN,     /* closes: internal audit withdrew the recommendation */
  STATUS__MAX
} Status;
/* The name tables end with NULL, so a form field can take them as its list of values. */
extern const char *const status_names[];  /* STATUS__MAX + 1: "partially_implemented" ... */
extern const char *const status_labels[]; /* STATUS__MAX: "Partially implemented" ... */
int status_from_name(const char *z);      /* accepts names, labels, '-' for '_'; -1 if unknown */
int status_closes(Status s);              /* 1 for statuses that close a recommendation */
/* What a service (an owner, a director, a delegate) may claim in an update: how far
** it has got, up to Implemented, which internal audit then reviews. Not implemented,
** Risk accepted, Superseded, Not adopted and Withdrawn are internal audit's
** conclusions (or follow the committee's decision), never the service's own.
** The claimable statuses are the first STATUS_CLAIMS, so a form can list them. */
#define STATUS_CLAIMS (ST_IMPLEMENTED + 1)
int status_service_may_claim(int s);            /* 1 for those; 0 otherwise, -1 included */
extern const char *const status_claim_labels[]; /* STATUS_CLAIMS: as an owner's form words them */
/* A tracker's words for a status are read by vocab.c (status_from_text, vocab_read). */

typedef enum DecisionKind {
  DEC_EXTENSION_GRANTED,
  DEC_EXTENSION_REFUSED,
  DEC_REMOVAL_APPROVED, /* closes the recommendation as removed */
  DEC_ATTENDANCE_REQUIRED,
  DEC_NOTED,
  DECISION_KIND__MAX
} DecisionKind;
extern const char *const decision_names[];  /* DECISION_KIND__MAX + 1, NULL-terminated */
extern const char *const decision_labels[]; /* DECISION_KIND__MAX */
int decision_from_name(const char *z);      /* -1 if unknown */

typedef enum Assurance {
  AS_NONE_GIVEN = -1,
  AS_SUBSTANTIAL,
  AS_REASONABLE,
  AS_LIMITED,
  AS_NO,
  ASSURANCE__MAX
} Assurance;
extern const char *const assurance_names[]; /* ASSURANCE__MAX + 1: substantial ... none, NULL */
int assurance_from_name(const char *z);     /* AS_NONE_GIVEN if unknown */

typedef struct Revision {
  long long id;
  Day on;            /* when the new target was agreed (takes effect) */
  Day target;        /* DAY_NONE: TBC */
  char *zTargetText; /* as written, when it says more than the date: "TBC (partially
                        implemented)", "31 January (year not stated)"; else NULL */
  char *zReason, *zAgreedBy, *zCycle;
} Revision;

typedef struct Progress {
  long long id;
  Day on;
  char *zText;
  int claimed; /* Status or -1 */
  int percent; /* 0..100 or -1 */
  char *zAuthor, *zCycle;
} Progress;

typedef struct Opinion {
  long long id;
  Day on;
  Status status;
  char *zText, *zNext, *zAcceptedBy, *zAuthor;
  Day nextFollowUp;
} Opinion;

typedef struct Decision {
  long long id;
  Day on;
  DecisionKind kind;
  char *zText, *zMeeting;
} Decision;

typedef struct Rec {
  long long id, auditId;
  char *zAuditTitle, *zAuditRef, *zProvider;
  Day auditDate;
  int assurance; /* Assurance */
  char *zRef, *zTitle, *zBody;
  int riskRank; /* 0 = most severe; -1 not rated */
  char *zRiskCode, *zRiskLabel, *zRiskText;
  char *zRiskScale; /* the name of the risk scale of its rating, or NULL */
  char *zAction, *zOwner, *zDirector, *zExecMember, *zTheme, *zDirectorate;
  char *zEvidence, *zSection, *zNotes;
  Day original;        /* DAY_NONE: TBC or not given */
  char *zOriginalText; /* as recorded */
  int confidential;
  Day existsFrom; /* made on this day (rec_exists_at, rec_exists_from) */
  int nRev, nProg, nOp, nDec;
  Revision *aRev; /* each array in date order (then id) */
  Progress *aProg;
  Opinion *aOp;
  Decision *aDec;
} Rec;

/* The recommendation's plain text fields (rec_fields.h), by index. */
typedef enum RecFieldId {
#define REC_F_ENUM(id, ...) REC_F_##id,
  REC_TEXT_FIELDS(REC_F_ENUM)
#undef REC_F_ENUM
      REC_FIELD__MAX
} RecFieldId;
/* A plain text field on the web's add-a-recommendation form (rec_fields.h's form). */
typedef struct RecForm {
  int place;         /* 1, 2... in the form's order; 0: not on the form */
  const char *zName; /* the form field: "exec_member" */
  const char *zAsk;  /* the question: "Executive member" */
  const char *zHint; /* or NULL */
  const char *zNeed; /* the error label when it must be given, NULL when optional */
  int limit;         /* characters */
  int rows;          /* 0: a one-line input; else the rows of its box */
} RecForm;
/* One plain text field: its spelling in each layer (see rec_fields.h). */
typedef struct RecField {
  const char *zColumn; /* "exec_member" */
  const char *zSet;    /* "exec-member", or NULL: set only by import */
  const char *zApi;    /* "exec_member" */
  const char *zHeader; /* "executive_member" */
  size_t offset;       /* of the char * member in Rec */
  int required;        /* an empty value stays text */
  const char *zSeed;   /* "executive_member": the seed trackers' heading, the export's column */
  int detail;          /* withheld from a confidential recommendation by the list and export */
  const char *zLabel;  /* "Executive member" */
  int line;            /* place among rec_lines, 0: not there */
  RecForm form;
} RecField;
extern const RecField rec_fields[]; /* REC_FIELD__MAX, by RecFieldId */
/* The field whose zSet is zName, or -1. */
int rec_field_find(const char *zName);
/* Field f of r (may be NULL). */
const char *rec_field_get(const Rec *r, RecFieldId f);
/* Point field f of r at z (not copied: r borrows it, as Recs built for store_rec_add do). */
void rec_field_put(Rec *r, RecFieldId f, const char *z);
/* One line per settable field, for --help. */
void rec_fields_help(Buf *out);

/* A loaded set of recommendations; every string and array lives in the arena and
** is freed by recset_free(). Recs are in id order. */
typedef struct RecSet {
  int n;
  Rec *a;
  void *pArena;
} RecSet;
void recset_free(RecSet *s);
/* The recommendation with this id, found by binary search (s is in id order),
** or NULL when there is none. Points into s: valid while s is. */
const Rec *recset_find(const RecSet *s, long long id);

/* A figure a committee paper printed for its cycle, recorded so that the summary
** for the cycle can say where the register differs (model_stated.c). */
typedef enum {
  STATED_OPEN,        /* open recommendations */
  STATED_OVERDUE,     /* open and overdue, or overdue in one band */
  STATED_NOT_DUE,     /* open, not yet due */
  STATED_IMPLEMENTED, /* implemented since the previous report */
  STATED__MAX
} StatedKind;
typedef struct Stated {
  StatedKind kind;
  char *zRisk; /* the rating the paper counted ("Essential", "E"), or "" for all */
  char *zBand; /* the overdue band (STATED_OVERDUE only), or "" for all */
  long long value;
} Stated;
/* The key word of a kind ("not_yet_due"), its words in a sentence ("not yet due"). */
const char *stated_kind_name(StatedKind k);
const char *stated_kind_words(StatedKind k);
/* The kind named z (its key word, or its words), or -1. */
int stated_kind_from_name(const char *z);
/* The figure in words, as a paper would print it with its count: "2 Essential overdue
** over 12 months", "81 overdue", "8 implemented" (appended to b). */
void stated_words(Buf *b, const Stated *x, long long value);

/* A reporting cycle: a named committee date, and the date owners' updates are
** due by (DAY_NONE when not set), and the figures its paper stated (aStated, in the
** order they were recorded). Lists of cycles are sorted oldest first. */
typedef struct Cycle {
  long long id;
  char *zName;
  Day asAt;
  Day deadline;
  Stated *aStated;
  int nStated;
} Cycle;
/* The cycle named zName (any case), or NULL. */
const Cycle *cycle_find(const Cycle *a, int n, const char *zName);
/* The latest cycle strictly before day d, or NULL: the "previous cycle" that
** movement and previous-versus-latest compare with. */
const Cycle *cycle_before(const Cycle *a, int n, Day d);
/* The cycle whose committee date is d, or NULL: names a report's dates. */
const Cycle *cycle_on(const Cycle *a, int n, Day d);
/* A report's previous date when none is given: the cycle before asAt, else
** three months before asAt. Every front door and the trend's periods use it. */
Day cycle_since_default(const Cycle *a, int n, Day asAt);
/* The name of the person who answers for r: its owner, else its director
** (trackers that name one accountable person per action put them in either
** column, as the seed trackers' owner_director does); NULL when neither. The
** owner accounts, the register's owner index and notifications all use it. */
const char *rec_accountable(const Rec *r);
/* Internal audit's answer to what the service sent (an update rejected, a date
** request refused or approved) is returned to the service, and stays with it
** until it posts a new update. Is a return decided on decidedOn, when r's
** latest update was progressSeen (its id; 0: none), still with the service as
** at asAt: decided by then, and no update of r newer than progressSeen made by
** then? The one answer for My actions' "Returned to you" and the notices that
** tell the owner. Pure. */
int rec_returned_open(const Rec *r, Day decidedOn, long long progressSeen, Day asAt);
/* "Due soon": an open recommendation not overdue whose target falls within
** DUE_SOON_DAYS of asAt (My actions' list; also rag-amber-days' default). */
#define DUE_SOON_DAYS 30
#define DUE_SOON_STR_(x) #x
#define DUE_SOON_STR(x) DUE_SOON_STR_(x)
#define DUE_SOON_DAYS_TEXT DUE_SOON_STR(DUE_SOON_DAYS) /* "30", for fixed labels */
/* Copy z into the set's arena (NULL stays NULL). */
char *recset_strdup(RecSet *s, const char *z);
void *recset_alloc(RecSet *s, size_t n);
/* Give the set a heap block of n bytes (malloc'd; NULL is ignored) to free with
** the arena: a loader's array, grown where it was read, is kept without a copy. */
void recset_adopt(RecSet *s, void *p, size_t n);
/* The bytes the set's arena holds: its chunks, room unused included, and the
** blocks it adopted (not the array of Rec, which is the set's own). */
size_t recset_bytes(const RecSet *s);

/* ---- policy ---- */

typedef enum Basis { BASIS_ORIGINAL, BASIS_CURRENT, BASIS__MAX } Basis;
/* How a basis is named in a sentence ("original", "current agreed") and in a column
** key ("original", "current"). */
extern const char *const basis_words[]; /* BASIS__MAX */
extern const char *const basis_names[]; /* BASIS__MAX + 1, NULL-terminated */
int basis_from_name(const char *z);     /* "original" or "current"; -1 if neither */
/* What the summary's percentages are shares of: none printed, the open
** recommendations, all on the register as at the date (closed ones included),
** or those due in the period (their due date after the previous report, up to
** this one). */
typedef enum ShareOf { SHARE_OFF, SHARE_OPEN, SHARE_ALL, SHARE_DUE, SHARE_OF__MAX } ShareOf;
extern const char *const share_of_names[]; /* SHARE_OF__MAX + 1: "off", "open", "all", "due" */
/* How the cohort table groups recommendations: the calendar year or quarter of
** their original target, or the calendar or financial (April to March) year of
** their audit's final report. */
typedef enum CohortBy {
  COHORT_TARGET_YEAR,
  COHORT_TARGET_QUARTER,
  COHORT_AUDIT_YEAR,
  COHORT_AUDIT_FY,
  COHORT_BY__MAX
} CohortBy;
extern const char *const cohort_by_names[]; /* COHORT_BY__MAX + 1: "target-year", ... */
/* The sections the summary adds after its own when the policy asks for them
** (policy "summary-adds", a list; each bit 1 << SummaryAdd). */
typedef enum SummaryAdd {
  SA_RATES,
  SA_STATUS,
  SA_ROLL_FORWARD,
  SA_RAG,
  SA_COHORTS,
  SA_EXTENSIONS,
  SA_REVISIONS,
  SUMMARY_ADD__MAX
} SummaryAdd;
extern const char *const summary_add_names[];  /* SUMMARY_ADD__MAX + 1: "rates", ... */
extern const char *const summary_add_titles[]; /* SUMMARY_ADD__MAX: for the policy sentence */
#define POLICY_MAX_BANDS 8
#define POLICY_MAX_RUNGS 8
typedef struct Band {
  char zLabel[48];
  int minMonths; /* months overdue >= minMonths and < the next band's minMonths */
} Band;
typedef struct Rung {
  int minMonths;
  char zWho[48];    /* who must act: "executive member", "director" ... */
  char zAction[96]; /* "Executive member notified" */
} Rung;
typedef struct Policy {
  Basis basis;
  MonthRule rule;
  int nBand;
  Band aBand[POLICY_MAX_BANDS];
  int nRung;
  Rung aRung[POLICY_MAX_RUNGS];
  int ragRedMonths; /* overdue this many months or more: red */
  int ragAmberDays; /* overdue under ragRedMonths, or due within this many days: amber */
  int followUpMin, followUpMax; /* months after a limited/no assurance report */
  char zPack[48];               /* the committee pack `report pack` prints by default */
  int dueDayOverdue;            /* a recommendation due on the as-at date is overdue (0 months) */
  Day populationFrom;           /* made before: outside the follow-up population (DAY_NONE: none) */
  ShareOf shareOf;              /* percentages beside the summary's counts, and of what */
  int sharePlaces;              /* percentages and rates: 0 whole per cent, 1 one decimal place */
  unsigned summaryAdds;         /* 1 << SummaryAdd for each section the summary adds */
  int ragByPercent;             /* RAG by percent complete (where reported), not by dates */
  int ragGreenPct, ragAmberPct; /* by percent: green from ragGreenPct, amber from ragAmberPct */
  int ragRedUnder;              /* overdue and under this percent complete: red (0: off) */
  CohortBy cohortBy;            /* how the summary's cohort table groups recommendations */
  int revisionLimit;            /* targets revised more than this many times are flagged (0: off) */
} Policy;

/* The policy's keys, in the order `policy show` prints them. */
typedef enum PolicyKeyId {
  PK_BASIS,
  PK_MONTHS,
  PK_BANDS,
  PK_LADDER,
  PK_RAG_RED_MONTHS,
  PK_RAG_AMBER_DAYS,
  PK_FOLLOW_UP,
  PK_PACK,
  PK_DUE_DAY,
  PK_POPULATION_FROM,
  PK_PERCENTAGES,
  PK_PERCENT_PLACES,
  PK_SUMMARY_ADDS,
  PK_RAG_BY,
  PK_RAG_PERCENT,
  PK_RAG_RED_UNDER,
  PK_COHORT_BY,
  PK_REVISION_LIMIT,
  POLICY_KEY__MAX
} PolicyKeyId;
/* One policy key: the one declaration that setting, showing, the defaults and the
** help all derive from. */
typedef struct PolicyKey {
  const char *zName;    /* "rag-red-months" */
  const char *zDefault; /* the default, in text form */
  /* Set the key from its text form: 0, or 1 with the reason in err (p unchanged). */
  int (*xSet)(Policy *p, const char *zValue, Buf *err);
  void (*xValue)(const Policy *p, Buf *out); /* the text form xSet reads back */
  const char *zHelp;                         /* one line: the form and what it means */
  /* For the settings page: what the setting decides, as a heading, and what to
  ** type, in words for people (no commands). NULL: the name and zHelp. */
  const char *zLabel, *zHint;
} PolicyKey;
extern const PolicyKey policy_key_table[]; /* POLICY_KEY__MAX entries, by PolicyKeyId */
/* The key named zKey (exact), or NULL. */
const PolicyKey *policy_key_find(const char *zKey);

/* The defaults (each key's zDefault): Manchester's bands and ladder, calendar months,
** original basis. */
void policy_default(Policy *p);
/* Set one key from its text form. Returns 0, or 1 with the reason in err (an unknown
** key's reason lists the keys). */
int policy_set(Policy *p, const char *zKey, const char *zValue, Buf *err) AT_MUST;
/* Text form of one key (nothing for an unknown key), or with zKey NULL of the whole
** policy as "key = value" lines. */
void policy_value(const Policy *p, const char *zKey, Buf *out);
/* One line per key: its name, form and meaning, and default. */
void policy_help(Buf *out);
/* One sentence stating the policy, printed on every report. */
void policy_describe(const Policy *p, Buf *out);
/* The same for a report that may show both bases side by side: bothBases 1 says
** overdue is shown against both the original and the current agreed target and
** that the bands (and escalation) go by p's basis; 0 is policy_describe. */
void policy_describe_as(const Policy *p, int bothBases, Buf *out);
/* Its first clause alone, the basis: "Overdue is measured from the original target
** date (...)", or with bothBases "Overdue is shown against both ... bands and
** escalation go by the original target" (no full stop). A pack part that shows
** lateness otherwise than its pack says so with it. */
void policy_basis_words(const Policy *p, int bothBases, Buf *out);

/* ---- the as-at engine ---- */

typedef enum Rag { RAG_NONE, RAG_GREEN, RAG_AMBER, RAG_RED, RAG__MAX } Rag;
extern const char *const rag_names[]; /* RAG__MAX */

typedef enum Closure { CLOSED_NOT, CLOSED_IMPLEMENTED, CLOSED_REMOVED, CLOSURE__MAX } Closure;

/* A recommendation's lateness measured from one basis's target (RecState.by). */
typedef struct BasisState {
  Day due;     /* the date overdue is measured from on this basis; may be DAY_NONE */
  int overdue; /* open and past due on this basis */
  int months;  /* months since due, valid when overdue */
  int band;    /* index into policy bands when overdue, else -1 */
} BasisState;

typedef struct RecState {
  int exists;  /* the recommendation had been made by this date, in the follow-up population */
  int outside; /* made before the policy's population-from (rec_outside): exists is 0 and nothing
                  else is set, whatever the date */
  int open;
  Closure closure; /* how it was closed, when !open */
  Day closedOn;
  int closedBy;      /* Status that closed it, or -1 for a committee removal */
  int reopened;      /* number of times reopened by this date */
  Day currentTarget; /* latest agreed target; DAY_NONE when TBC or never set */
  int currentTbc;    /* the latest agreed target is TBC */
  Day due;           /* the date overdue is measured from under the policy; may be DAY_NONE */
  int overdue;
  int months; /* months overdue, valid when overdue */
  int band;   /* index into policy bands when overdue, else -1 */
  /* Both bases at once, for reports that print them side by side: by[p->basis] is
  ** due, overdue, months and band above; the other is measured the same way from
  ** the other target (the original, or the current agreed one). Rung and RAG
  ** follow the policy's basis only. */
  BasisState by[BASIS__MAX];
  int rung;                /* highest escalation rung reached, else -1 */
  int revisions;           /* revisions agreed by this date */
  const Progress *pUpdate; /* latest update by this date, or NULL */
  const Opinion *pOpinion; /* latest opinion by this date, or NULL */
  const Decision *pDecision;
  int percent; /* percent complete: the latest update by this date that gives one, or -1 */
  Rag rag;
} RecState;

/* Who escalation rung g names for recommendation r: the people of the roles its
** words name, in this order: "exec" the executive member, "director" the
** director, "owner" the owner, "internal audit" zHead (internal audit's head,
** not in the register; NULL: none). Fills az (RUNG_PEOPLE_MAX) and returns how
** many. how says which people:
**   RUNG_AS_WRITTEN, the register's columns as written: only absent (NULL)
**     ones skipped, and no zHead. The escalations report prints the first.
**   RUNG_TO_REACH, everyone a message can go to: empty names skipped, the
**     owner as rec_accountable (its director where the tracker names one
**     person), zHead, each person once in any case. The notifications.
** Pure; the strings are r's and zHead. */
typedef enum RungAsk { RUNG_AS_WRITTEN, RUNG_TO_REACH } RungAsk;
#define RUNG_PEOPLE_MAX 4
int rung_people(const Rung *g, const Rec *r, const char *zHead, RungAsk how, const char **az);
/* Had r been made by asAt: is asAt on or after r->existsFrom (DAY_NONE: always)?
** The one answer to "did it exist then": rec_state_at's exists, and through it
** every report, page and listing. */
int rec_exists_at(const Rec *r, Day asAt);
/* The day a new recommendation comes to exist, its existsFrom, when none is
** given: its audit's date (DAY_NONE: not known, then the day it is recorded),
** and no later than the earliest day it is known by (its original target, its
** earliest dated history, the date of a tracker that lists it; DAY_NONE: none).
** act_rec_add and the importer both ask it. */
Day rec_exists_from(Day auditDate, Day earliest, Day recorded);
/* Is r outside the follow-up population under p: made (r->existsFrom) before the
** policy's population-from? A recommendation made on that day is inside; one with no
** known day (existsFrom DAY_NONE) is inside, never dropped on a guess. Whatever the
** as-at date. The one answer to "is it followed up": rec_state_at's outside. */
int rec_outside(const Rec *r, const Policy *p);
/* Compute r's state as at asAt under p. Pure: reads r and p only. A recommendation
** outside the follow-up population (rec_outside) has exists 0 and outside 1, so every
** report, listing, page and reminder that counts what exists leaves it out. */
void rec_state_at(const Rec *r, const Policy *p, Day asAt, RecState *out);
/* r's state as at asAt as if every recommendation were followed up (p with
** population-from none): for the writes and the importer's record of a row, which act
** on every recommendation on the register, and the forms that lead to them. */
void rec_state_made(const Rec *r, const Policy *p, Day asAt, RecState *out);
/* The mean percent complete of audit auditId's recommendations open as at asAt
** that give one (RecState.percent), as a whole per cent rounded half up; -1 when
** none does. *pnGive: how many give one; *pnOpen: how many are open. */
int audit_percent_mean(const RecSet *s, const Policy *p, long long auditId, Day asAt, int *pnGive,
                       int *pnOpen);
/* The mean as a sentence ("62% on average, from 5 of 7 open recommendations");
** nothing when the audit has no open recommendation. Appended to out. */
void audit_percent_words(const RecSet *s, const Policy *p, long long auditId, Day asAt, Buf *out);
/* Implementation by a target, as the rates count it (the trend, the summary's
** rates): of r, whose target fell due on target, was it implemented on or before
** it? -1 when that target does not count (r not yet made on it, or removed by
** then: risk accepted, superseded, not adopted, withdrawn or removed by the
** committee), 1 when implemented by it, else 0. Pure. */
int rec_met_by(const Rec *r, const Policy *p, Day target);
/* The latest target of r (the original or a revision's date) in (from, to]
** (from DAY_NONE: any up to to) that was the agreed target in force on its own
** date, so that a date revised away before it arrived does not count; DAY_NONE
** when none. Pure. */
Day rec_target_in(const Rec *r, const Policy *p, Day from, Day to);
/* The band label of a state: "Not yet due", the band's label, "Closed", "Not yet
** made" or "Outside the follow-up population". */
const char *rec_band_label(const Policy *p, const RecState *st);

/* One entry of a recommendation's timeline: what happened (kind), when, and
** which one (idx into the Rec's list of that kind, or the caller's own list
** for the kinds after TL_DECISION; id is the row's, for a stable order). */
typedef enum TimeKind {
  TL_MADE,
  TL_REVISION,
  TL_UPDATE,
  TL_OPINION,
  TL_DECISION,
  TL_DATE_REQUEST,
  TL_JOURNAL,
  TIMEKIND__MAX
} TimeKind;
typedef struct TimeEntry {
  Day on; /* DAY_NONE: not dated */
  TimeKind kind;
  int idx;
  long long id;
} TimeEntry;

/* The timeline of r, oldest first (same day: in TimeKind order, then by id):
** its making, revisions, updates, opinions and decisions, with the caller's
** nExtra entries of other kinds (date requests, journal rows) merged in. Only
** what had happened by asAt is kept (DAY_NONE: everything; undated entries are
** always kept). Returns the count; *pa is the list, freed with free(). Pure. */
int rec_timeline(const Rec *r, const TimeEntry *aExtra, int nExtra, Day asAt, TimeEntry **pa);

/* The heading of an entry of r's own timeline (TL_MADE to TL_DECISION), worded
** once for every door, its dates in style: "Recommendation made", "Target date
** changed from 30/06/2024 to 30/09/2024" (from the revision before it, else the
** original target; "Target date set to ..." when there was none; TBC for no
** date), "Update from the service", "Internal audit opinion: Implemented",
** "Committee decision: Extension granted". Appended to out. The doors lay out
** the entry's details (who, why, what was said) after it. */
void rec_entry_title(const Rec *r, const TimeEntry *e, DayStyle style, Buf *out);

/* The heading of a change to one field by `rec set` (act_rec_set's field name
** zField, its old and new text as the journal keeps them; NULL or "": none),
** worded as the pages label the field: "Owner changed", "Theme recorded" (no
** old value), "Theme removed" (no new one), "Risk rating changed to H",
** "Marked confidential". Appended to out; the doors show the old and new
** values after it. */
void rec_change_title(const char *zField, const char *zOld, const char *zNew, Buf *out);

/* One line of a recommendation's register fields: a label and its value (NULL
** or "": not recorded). */
typedef struct RecLine {
  const char *zLabel, *zValue;
} RecLine;
#define REC_LINES_MAX (REC_FIELD__MAX + 1)
/* The register fields every door shows of r: the plain text fields that have a
** line in rec_fields.h, in its order (title, the recommendation, risk, agreed
** action, owner, director, executive member, directorate, theme, evidence), under their
** labels, with the risk rating ("High (H)", written into risk, which the caller
** frees) after the recommendation. hide withholds a confidential one's detail: the
** recommendation's text says so, the risk and the agreed action are left out. Fills a
*(REC_LINES_MAX); returns the count. */
int rec_lines(const Rec *r, int hide, Buf *risk, RecLine *a);

/* ---- accounts: who uses the web application (auth.c checks, store_user.c keeps) ---- */

typedef enum Role {
  ROLE_ADMIN,
  ROLE_AUDITOR,
  ROLE_DIRECTOR,
  ROLE_OWNER,
  ROLE_COMMITTEE,
  ROLE__MAX
} Role;
extern const char *const role_names[];  /* ROLE__MAX + 1: "admin" ..., NULL */
extern const char *const role_labels[]; /* ROLE__MAX: "Administrator" ... */
int role_from_name(const char *z);      /* -1 if unknown */

#define USER_FIELD_MAX 121 /* the longest name, e-mail or directorate, NUL included */

typedef struct User {
  long long id;
  Role role;
  int disabled;
  char zLogin[64];
  char zName[USER_FIELD_MAX];
  char zEmail[USER_FIELD_MAX];
  char zDirectorate[USER_FIELD_MAX]; /* director: the directorate they answer for */
  char zOwnerAs[USER_FIELD_MAX];     /* owner: the owner's name as the register writes it */
} User;

/* A token as handed to a browser or a script: 43 base64url characters (API
** tokens carry an "at_" prefix), NUL included. */
#define AUTH_TOKEN_MAX 48

typedef struct ApiToken {
  long long id;
  char zName[USER_FIELD_MAX];
  char zCreated[24], zLastUsed[24], zRevoked[24];
} ApiToken;

#endif
