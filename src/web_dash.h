/*
** web_dash.h: the dashboard's figures, made once per register generation and
** request and shared by every reader and every role: the summary (and the
** previous cycle's), the trend, the escalations and the longest overdue. Each
** as-at date's states of every recommendation are computed once per generation
** (the next generation's are carried over from them, with only the
** recommendations a write touched computed again), and a directorate's figures
** are cut from those states, counting only that directorate's recommendations.
** Not for: the page (page_dashboard.c), the reports themselves (report_*.c), or
** the register and its generations (web_register.c).
*/
#ifndef AT_WEB_DASH_H
#define AT_WEB_DASH_H

#include "report_build.h"
#include "web.h"

#define WEB_AUX_DASH 1 /* web_register_aux's slot (web_index.h has slot 0) */

#define DASH_DAYS 12 /* as-at dates whose states a generation keeps */
#define DASH_FIGS 16 /* requests whose figures a generation keeps */

/* One request's figures (any may be NULL when its report cannot be made: the
** previous summary without a previous cycle, the trend without two cycles). */
typedef struct DashFigs {
  Report *sum, *sumPrev, *trend, *esc, *wst;
} DashFigs;

/* The figures for the report date's request in and the previous cycle's prev
** (NULL: none), with the nWorst longest overdue, on g: made by the first reader
** of the generation that asks (the requests for a new date read from db), then
** shared. in's and prev's register, policy and organisation are set here. Give
** them back with web_dash_release. */
const DashFigs *web_dash_figs(const Register *g, Db *db, ReportInput *in, ReportInput *prev,
                              int nWorst);
void web_dash_release(const Register *g, const DashFigs *f);

/* Counts, for the tests: the figures made and found made, the dates'
** states computed in full and carried over from the generation before. */
typedef struct DashStats {
  long long nBuilt, nShared, nDayFull, nDayCarried;
} DashStats;
void web_dash_stats(DashStats *out);

#endif
