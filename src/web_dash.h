/*
** web_dash.h: the dashboard's figures, made once per register generation and
** request and shared by every reader and every role: the summary (and the
** previous cycle's), the trend, the escalations and the longest overdue. They
** are counted from each as-at date's states of every recommendation, computed
** once per generation (web_states.h); a directorate's are cut from those states,
** counting only that directorate's recommendations.
** Not for: the page (page_dashboard.c), the reports themselves (report_*.c), or
** the register and its generations (web_register.c).
*/
#ifndef AT_WEB_DASH_H
#define AT_WEB_DASH_H

#include "report_build.h"
#include "web.h"

#define WEB_AUX_DASH 1 /* web_register_aux's slot (web_index.h has slot 0) */

#define DASH_FIGS 16 /* requests whose figures a generation keeps */

#define DASH_NAMES 8 /* people named per rung before "and N more" */

/* A person an escalation rung names, and how many of its recommendations do. */
typedef struct DashName {
  char *z;
  int n;
} DashName;

/* One rung of the escalations report as the dashboard shows it: what the report
** says of it, without its rows (at 100,000 recommendations they run to megabytes
** per generation, and the page shows only their counts and names). */
typedef struct DashRung {
  char *zTitle;
  int nRec;   /* recommendations at this rung */
  int nFresh; /* of them, newly reached since the previous date */
  int nName;  /* distinct people named (in any case); aName holds the first DASH_NAMES */
  DashName aName[DASH_NAMES]; /* those named most first, then by name */
} DashRung;

/* One request's figures (any report may be NULL when it cannot be made: the
** previous summary without a previous cycle, the trend without two cycles; the
** rungs are NULL, nRung 0, when the escalations report cannot be). */
typedef struct DashFigs {
  Report *sum, *sumPrev, *trend, *wst;
  DashRung *aRung;
  int nRung;
} DashFigs;

/* The figures for the report date's request in and the previous cycle's prev
** (NULL: none), with the nWorst longest overdue, on g: made by the first reader
** of the generation that asks (the requests for a new date read from db), then
** shared. in's and prev's register, policy and organisation are set here. Give
** them back with web_dash_release. */
const DashFigs *web_dash_figs(const Register *g, Db *db, ReportInput *in, ReportInput *prev,
                              int nWorst);
void web_dash_release(const Register *g, const DashFigs *f);

/* Counts, for the tests: the figures made, and found made. */
typedef struct DashStats {
  long long nBuilt, nShared;
} DashStats;
void web_dash_stats(DashStats *out);

#endif
