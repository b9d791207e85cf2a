/*
** report_snap.h: private to the files of the committee reports built from one
** snapshot of the register (report_build.c, report_summary.c): the states of
** every recommendation at the report date and the previous one, and the
** groupings the reports share (risk ratings, the risk x band columns).
*/
#ifndef AT_REPORT_SNAP_H
#define AT_REPORT_SNAP_H

#include "report_build.h"

/* States of every recommendation as at the report date and the previous one. */
typedef struct Snap {
  const ReportInput *in;
  RecState *aNow, *aThen;
  char *aKeep; /* passes the filter (judged on the state now) */
} Snap;

/* Compute every state (aNow at in->asAt, aThen at in->since) and the filter. */
void report_snap_init(Snap *s, const ReportInput *in);
void report_snap_free(Snap *s);

typedef struct Rating {
  int rank;
  const char *zCode, *zLabel;
  const char *zScale; /* the rating's risk scale; NULL when not rated (or not known) */
} Rating;
/* The distinct ratings of the kept recommendations (a rating is its scale's: "H" of
** two scales is two ratings), grouped by scale in name order, most severe first within
** each, unrated last, into *pa (free()). Returns the count. */
int report_ratings(const Snap *s, Rating **pa);
/* r's index in a (report_ratings), or -1. */
int report_rating_of(const Rating *a, int n, const Rec *r);
/* Column index in the risk x band table of one basis's lateness (RecState.by: the
** policy's basis, or the other one for its table beside it): 0 not yet due, 1 no
** target, 2.. bands. */
int report_band_col(const BasisState *b);
/* r's risk label, or "Not rated". */
const char *report_risk_name(const Rec *r);

/* The percentages the policy asks for beside a count table (policy
** "percentages", "percent-places"): the whole they are shares of, counted once
** for the report. */
typedef struct Shares {
  ShareOf of;      /* SHARE_OFF: none */
  long long whole; /* the denominator */
  int places;      /* 0 or 1 */
  Day since, asAt; /* the period, for SHARE_DUE's note */
} Shares;
void report_shares_init(Shares *sh, const Snap *s);
/* Add a share column after the count columns 1 .. nCol-1 of sec (no rows yet;
** every column but the first a count), keyed KEY_pct and labelled "LABEL %",
** and say in the section's note what they are of. Returns the number of count
** columns, 0 when the policy prints no percentages (nothing added). */
int report_share_cols(ReportSection *sec, const Shares *sh);
/* Fill the current row's share cells from its nCount counts (already added). */
void report_share_row(ReportSection *sec, const Shares *sh, int nCount);

/* The sections the policy's summary-adds asks for, after the summary's own
** (report_measures.c). */
void report_summary_adds(Report *rp, const Snap *s, const Shares *sh);

/* The summary's sections over time (report_cohorts.c): cohorts by the policy's
** cohort-by, the targets revised in the period, and the open recommendations
** revised more than the policy's revision-limit. */
void report_add_cohorts(Report *rp, const Snap *s);
void report_add_extensions(Report *rp, const Snap *s);
void report_add_revisions(Report *rp, const Snap *s);

/* The figures the paper of the report date's cycle stated, beside the register's
** (report_stated.c); nothing when the date is no cycle's, the cycle records none,
** or the report is filtered. */
void report_add_stated(Report *rp, const Snap *s);

/* The summary (report_summary.c). */
Report *report_summary_build(const Snap *s, Buf *err);

#endif
