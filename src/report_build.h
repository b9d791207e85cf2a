/*
** report_build.h: building committee reports and listings from a RecSet with
** the as-at engine. Each builder returns a Report (report.h) that any renderer
** can print. Builders never query the database: the caller loads the RecSet,
** the policy and the audits. Not for: output formats (report.c).
*/
#ifndef AT_REPORT_BUILD_H
#define AT_REPORT_BUILD_H

#include "model.h"
#include "report.h"
#include "store.h"

typedef enum StatusFilter { SF_OPEN, SF_CLOSED, SF_ALL, STATUS_FILTER__MAX } StatusFilter;
extern const char *const status_filter_names[]; /* STATUS_FILTER__MAX + 1: "open" ..., NULL */
/* "open", "closed" or "all" as a StatusFilter; -1 for anything else. */
int status_filter_from_name(const char *z);

/* The band filter's value for every overdue band at once ("overdue", any case). */
#define BAND_ANY_OVERDUE "Overdue"

typedef struct Filter {
  const char *zRisk, *zDirectorate, *zTheme, *zOwner, *zBand; /* NULL: any */
  StatusFilter status;
  int includeConfidential;
  /* Not a selection but how lateness is shown: bothBases (bases=both) puts the other
  ** basis's overdue and months beside the policy's, and its band table beside the
  ** summary's; bandBy 0 bands by the policy's basis, else by Basis bandBy - 1 for
  ** this report (band-by=original|current). report_view applies bandBy. */
  int bothBases, bandBy;
} Filter;

typedef struct ReportInput {
  const RecSet *set;
  const Policy *pol;
  Day asAt, since; /* since: the previous report date */
  Filter f;
  const char *zOrg;                /* organisation name or NULL */
  const char *zCycle, *zPrevCycle; /* the reporting cycle of asAt and of since, or NULL */
  const AuditRow *aAudit;          /* for follow-up-audits */
  int nAudit;
  const Cycle *aCycle; /* every reporting cycle, oldest first: for trend */
  int nCycle;
  int nTrendCycles;        /* trend: how many cycles up to asAt (0: 4) */
  const struct Pack *pack; /* for the pack report (report_pack.h) */
  /* Requests for a new target date, pending or decided (store_sub_events), for the
  ** summary's extensions section; haveSub 0: not read (the section says so). The
  ** doors read them when the policy's summary-adds has extensions
  ** (report_wants_requests). */
  const Submission *aSub;
  int nSub, haveSub;
  /* States already computed for set (the web's, per register generation and
  ** date: web_states.c, given by web_dash.c): fills aOut (set->n of them, in
  ** set's order) with every recommendation's state at day and returns 0, or
  ** returns 1 for the builder to compute them (report_states). NULL: the
  ** builders compute their own. */
  int (*xStates)(void *ctx, Day day, RecState *aOut);
  void *pStatesCtx;
} ReportInput;

/* Every recommendation's state at day into a (in->set->n), by in->xStates when it
** gives them, else by rec_state_at. */
void report_states(const ReportInput *in, Day day, RecState *a);

/* Does a report under p print the date requests (so the door should read them)? */
int report_wants_requests(const Policy *p);

/* The report kinds, declared once (report_build.c's report_kind_table): a
** door lists, checks, titles and builds a kind from its row. Adding a kind is
** a builder and a row. */
typedef enum ReportKindId {
  RK_SUMMARY,
  RK_OUTSTANDING,
  RK_IMPLEMENTED,
  RK_PROGRESS,
  RK_ESCALATIONS,
  RK_FOLLOW_UP_AUDITS,
  RK_TREND,
  RK_PACK,
  REPORT_KIND__MAX
} ReportKindId;
enum {                        /* what a kind needs in its ReportInput besides the register */
       KIND_NEEDS_AUDITS = 1, /* aAudit */
       KIND_NEEDS_CYCLES = 2, /* aCycle */
       KIND_NEEDS_PACK = 4    /* pack */
};
typedef struct ReportKind {
  const char *zName;  /* "follow-up-audits": the CLI's KIND and the URL's segment */
  const char *zTitle; /* "Follow-up audits" */
  const char *zAbout; /* one sentence for lists of reports */
  int needsText;      /* prints long texts, so needs store_load's withText */
  int needs;          /* KIND_NEEDS_* */
  /* NULL and a message in err when the input cannot make this report. */
  Report *(*xBuild)(const ReportInput *in, Buf *err);
} ReportKind;
extern const ReportKind report_kind_table[]; /* REPORT_KIND__MAX rows, in ReportKindId order */
/* The kind named zName, or NULL. */
const ReportKind *report_kind_find(const char *zName);
/* Append the kinds' names to b, ", " between them and zLastSep before the last. */
void report_kind_names(Buf *b, const char *zLastSep);
/* One line per kind, its name and what it shows, for `report --help`. */
void report_kinds_help(Buf *out);

/* Build report zKind. Returns NULL and a message in err for an unknown kind or
** input the kind cannot use. The caller frees with report_free(). */
Report *report_build(const char *zKind, const ReportInput *in, Buf *err);
/* Whether a report kind prints long texts (so needs store_load's withText). */
int report_needs_text(const char *zKind);

/* The recommendation listing (rec list): one grid section, all documented
** fields when wide, a compact set for the terminal otherwise. */
Report *report_rec_list(const ReportInput *in, int wide);

/* The audits as one grid section (`audit list`, the API's /audits): id, ref, title,
** final report date, directorate, assurance, number of recommendations. aCount
** NULL counts each audit's nRec; otherwise aCount[i] is the count to print and a
** negative one leaves the audit out (it is not the reader's to see). */
Report *report_audit_list(const AuditRow *aRow, int n, const int *aCount);

/* The reporting cycles as one grid section (`cycle list`, the web's cycles page):
** name, committee date, deadline for updates, and the previous cycle. */
Report *report_cycle_list(const Cycle *a, int n);

/* The input a report kind builds from: in itself, or, when in->f.bandBy names a
** basis other than the policy's, *tmp (a copy of in) whose policy is *pol (a copy of
** in->pol) measuring overdue, bands, escalation and RAG from that basis. Every
** kind's builder starts here, so a report banded by either basis is banded alike in
** every figure, filter and sentence. The result points into tmp and pol or is in. */
const ReportInput *report_view(const ReportInput *in, ReportInput *tmp, Policy *pol);

/* With in->f.bothBases, the other basis's columns, added after the band: "overdue_current"
** (Overdue against current target, yes or no) and "months_since_current" (Months since
** current target, empty when not overdue), or _original when the report bands by the
** current target, and the labels of the section's own "months_overdue" and "overdue"
** columns say their basis ("Months since original target"); nothing otherwise.
** Call it before any row. report_bases_cells adds a row's two cells from
** st->by (rec_state_at), so no report measures a basis itself. */
void report_bases_cols(ReportSection *sec, const ReportInput *in);
/* The basis in's report does not band by (the other one of RecState.by). */
Basis report_other_basis(const ReportInput *in);
void report_bases_cells(ReportSection *sec, const ReportInput *in, const RecState *st);

/* The statements every report opens with (organisation, cycle, as at, since
** when withSince, filter, policy, confidentiality), added to rp's meta. */
void report_common_meta(Report *rp, const ReportInput *in, int withSince);

/* A trend covers 2 to 24 cycles (nTrendCycles 0: its default), whoever asks. */
#define TREND_CYCLES_MIN 2
#define TREND_CYCLES_MAX 24

/* The trend over the last cycles up to in->asAt (report_trend.c): NULL and a
** message in err when fewer than two cycles fall on or before it. */
Report *report_trend(const ReportInput *in, Buf *err);

/* What a report prints in place of a confidential recommendation's detail. */
#define REPORT_WITHHELD "detail withheld"

/* Is r's detail withheld from this report (confidential, and the reader may not
** see confidential detail)? */
int report_redacts(const ReportInput *in, const Rec *r);

/* Does r (with state st) pass the filter? */
int filter_match(const Filter *f, const Policy *p, const Rec *r, const RecState *st);

#endif
