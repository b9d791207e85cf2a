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

typedef struct Filter {
  const char *zRisk, *zDirectorate, *zTheme, *zOwner, *zBand; /* NULL: any */
  StatusFilter status;
  int includeConfidential;
} Filter;

typedef struct ReportInput {
  const RecSet *set;
  const Policy *pol;
  Day asAt, since;   /* since: the previous report date */
  Filter f;
  const char *zOrg;  /* organisation name or NULL */
  const char *zCycle, *zPrevCycle; /* the reporting cycle of asAt and of since, or NULL */
  const AuditRow *aAudit; /* for follow-up-audits */
  int nAudit;
  const Cycle *aCycle;   /* every reporting cycle, oldest first: for trend */
  int nCycle;
  int nTrendCycles;      /* trend: how many cycles up to asAt (0: 4) */
  const struct Pack *pack; /* for the pack report (report_pack.h) */
} ReportInput;

/* Report kinds: summary, outstanding, implemented, progress, escalations,
** follow-up-audits, trend (needs aCycle), pack (needs pack). Returns NULL and a message in err for an unknown kind or a
** bad filter. The caller frees with report_free(). */
Report *report_build(const char *zKind, const ReportInput *in, Buf *err);
extern const char *const report_kinds[]; /* NULL-terminated */
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

/* The statements every report opens with (organisation, cycle, as at, since
** when withSince, filter, policy, confidentiality), added to rp's meta. */
void report_common_meta(Report *rp, const ReportInput *in, int withSince);

/* The trend over the last cycles up to in->asAt (report_trend.c): NULL and a
** message in err when fewer than two cycles fall on or before it. */
Report *report_trend(const ReportInput *in, Buf *err);

/* Does r (with state st) pass the filter? */
int filter_match(const Filter *f, const Policy *p, const Rec *r, const RecState *st);

#endif
