/*
** report_trend.c: the trend report: how the register moved over the last N
** reporting cycles. For each cycle (its period runs from the day after the
** previous cycle's date up to its own date) it counts open, overdue, overdue by
** band, implemented in the period, the implementation rates and the average
** months overdue, each by risk rating, as grid sections with chart hints.
**
** Every state comes from rec_state_at(); nothing here decides on its own whether
** something was open, overdue or implemented. The definitions are documented in
** docs/reports.md ("trend"). Not for: choosing the cycles' dates (the caller
** passes every cycle) or formats (report.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_build.h"

#define TREND_DEFAULT_CYCLES 4

/* A risk rating column: the ratings the recommendations carry, most severe
** first; "Not rated" always follows them, then the total. */
typedef struct TRating {
  int rank;
  const char *zCode, *zLabel;
} TRating;

enum {
  TM_OPEN,     /* open at the cycle's date */
  TM_OVERDUE,  /* open and overdue at the cycle's date */
  TM_IMPL,     /* closed as implemented within the period */
  TM_DUE_ORIG, /* original target fell in the period */
  TM_MET_ORIG, /* ... and implemented on or before it */
  TM_DUE_ANY,  /* a target in force on its own date fell in the period */
  TM_MET_ANY,  /* ... and implemented on or before the latest such target */
  TM_MONTHS,   /* sum of months overdue of the overdue ones */
  TM__MAX
};

typedef struct Trend {
  const ReportInput *in;
  const Cycle *aWin; /* the window: nWin cycles, oldest first */
  int nWin;
  Day *aFrom; /* per window cycle: the period's start (exclusive) or DAY_NONE */
  TRating *aRat;
  int nRat;    /* rated columns; column nRat is "Not rated" */
  int *aCount; /* [cycle][metric][column] with nRat + 1 columns */
  int *aBand;  /* [cycle][band][column] */
} Trend;

static int same_rating(const TRating *t, const Rec *r) {
  if (t->rank != r->riskRank) return 0;
  if (!t->zCode || !r->zRiskCode) return !t->zCode && !r->zRiskCode;
  return !strcmp(t->zCode, r->zRiskCode);
}

/* The column of r: its rating's, or nRat for a recommendation not rated. */
static int trend_col(const Trend *t, const Rec *r) {
  if (r->riskRank < 0 || !r->zRiskLabel) return t->nRat;
  for (int k = 0; k < t->nRat; k++) {
    if (same_rating(&t->aRat[k], r)) return k;
  }
  return t->nRat; /* not reached: every rating was collected */
}

static int *count_at(const Trend *t, int iCycle, int metric, int col) {
  return &t->aCount[((size_t)iCycle * TM__MAX + (size_t)metric) * (size_t)(t->nRat + 1) +
                    (size_t)col];
}

static int *band_at(const Trend *t, int iCycle, int band, int col) {
  return &t->aBand[((size_t)iCycle * (size_t)t->in->pol->nBand + (size_t)band) *
                       (size_t)(t->nRat + 1) +
                   (size_t)col];
}

/* Does r pass the filter's fixed attributes (risk, directorate, theme, owner)?
** Band and status describe a state on one date, so the trend ignores them. */
static int trend_keep(const ReportInput *in, const Rec *r) {
  Filter f = in->f;
  f.status = SF_ALL;
  f.zBand = 0;
  RecState st;
  memset(&st, 0, sizeof st);
  st.exists = !rec_outside(r, in->pol);
  return filter_match(&f, in->pol, r, &st);
}

static void collect(Trend *t, const char *aKeep) {
  const RecSet *set = t->in->set;
  t->aRat = xcalloc((size_t)set->n + 1, sizeof(TRating));
  for (int i = 0; i < set->n; i++) {
    const Rec *r = &set->a[i];
    if (!aKeep[i] || r->riskRank < 0 || !r->zRiskLabel) continue;
    int k = 0;
    while (k < t->nRat && !same_rating(&t->aRat[k], r)) k++;
    if (k == t->nRat) t->aRat[t->nRat++] = (TRating){r->riskRank, r->zRiskCode, r->zRiskLabel};
  }
  for (int i = 1; i < t->nRat; i++) { /* most severe first; ties by code */
    TRating x = t->aRat[i];
    int j = i - 1;
    while (j >= 0 &&
           (t->aRat[j].rank > x.rank || (t->aRat[j].rank == x.rank && t->aRat[j].zCode && x.zCode &&
                                         strcmp(t->aRat[j].zCode, x.zCode) > 0))) {
      t->aRat[j + 1] = t->aRat[j];
      j--;
    }
    t->aRat[j + 1] = x;
  }
}

static void tally(Trend *t, const char *aKeep) {
  const ReportInput *in = t->in;
  const Policy *p = in->pol;
  RecState *aSt = xmalloc(sizeof(RecState) * ((size_t)in->set->n + 1));
  for (int c = 0; c < t->nWin; c++) {
    Day to = t->aWin[c].asAt, from = t->aFrom[c];
    if (in->xStates) report_states(in, to, aSt); /* else only the kept ones', below */
    for (int i = 0; i < in->set->n; i++) {
      const Rec *r = &in->set->a[i];
      if (!aKeep[i]) continue;
      int k = trend_col(t, r);
      if (!in->xStates) rec_state_at(r, p, to, &aSt[i]);
      const RecState st = aSt[i];
      if (!st.exists) continue;
      if (st.open) {
        (*count_at(t, c, TM_OPEN, k))++;
        if (st.overdue) {
          (*count_at(t, c, TM_OVERDUE, k))++;
          (*count_at(t, c, TM_MONTHS, k)) += st.months;
          (*band_at(t, c, st.band, k))++;
        }
      } else if (st.closure == CLOSED_IMPLEMENTED && (from == DAY_NONE || st.closedOn > from)) {
        (*count_at(t, c, TM_IMPL, k))++;
      }
      if (r->original != DAY_NONE && (from == DAY_NONE || r->original > from) &&
          r->original <= to) {
        int m = rec_met_by(r, p, r->original);
        if (m >= 0) {
          (*count_at(t, c, TM_DUE_ORIG, k))++;
          (*count_at(t, c, TM_MET_ORIG, k)) += m;
        }
      }
      Day any = rec_target_in(r, p, from, to);
      if (any != DAY_NONE) {
        int m = rec_met_by(r, p, any);
        if (m >= 0) {
          (*count_at(t, c, TM_DUE_ANY, k))++;
          (*count_at(t, c, TM_MET_ANY, k)) += m;
        }
      }
    }
  }
  free(aSt);
}

/* A key made of a label: lower case letters and digits, '_' for the rest. */
static void key_of(Buf *b, const char *zPrefix, const char *zLabel) {
  buf_puts(b, zPrefix);
  for (const char *q = zLabel; *q; q++) {
    char ch = *q >= 'A' && *q <= 'Z' ? (char)(*q - 'A' + 'a') : *q;
    buf_putc(b, (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : '_');
  }
}

/* A section whose rows are the cycles: cycle, committee date, period after,
** then the rating columns, "Not rated" and the total. */
static ReportSection *rating_section(Report *rp, const Trend *t, const char *zTitle,
                                     const char *zNote) {
  ReportSection *s = report_section(rp, zTitle, LAYOUT_GRID, 3, "cycle", "Cycle", "as_at",
                                    "Committee date", "period_after", "Period after");
  if (zNote) report_section_note(s, zNote);
  Buf k = BUF_INIT;
  for (int i = 0; i < t->nRat; i++) {
    buf_reset(&k);
    key_of(&k, "risk_", t->aRat[i].zCode ? t->aRat[i].zCode : t->aRat[i].zLabel);
    /* Two scales may share a code: keep keys unique. */
    for (int j = 0; j < i; j++) {
      if (!strcmp(s->aCol[3 + j].zKey, buf_cstr(&k))) buf_appendf(&k, "_%d", i + 1);
    }
    report_section_col(s, buf_cstr(&k), t->aRat[i].zLabel);
  }
  buf_free(&k);
  report_section_col(s, "not_rated", "Not rated");
  report_section_col(s, "all", "Total");
  return s;
}

static void row_start(ReportSection *s, const Trend *t, int c) {
  report_row(s, ROW_PLAIN);
  report_text(s, t->aWin[c].zName);
  report_date(s, t->aWin[c].asAt);
  report_date(s, t->aFrom[c]);
}

/* Counts of one metric per cycle. bar: stacked bars of the ratings (the total
** would count twice); else lines of the ratings and the total. */
static void count_section(Report *rp, const Trend *t, int metric, const char *zTitle,
                          const char *zNote, ChartKind chart) {
  ReportSection *s = rating_section(rp, t, zTitle, zNote);
  for (int c = 0; c < t->nWin; c++) {
    row_start(s, t, c);
    int sum = 0;
    for (int k = 0; k <= t->nRat; k++) {
      report_int(s, *count_at(t, c, metric, k));
      sum += *count_at(t, c, metric, k);
    }
    report_int(s, sum);
  }
  if (chart != CHART_NONE) report_section_chart(s, chart, 3, t->nRat + 1 + (chart == CHART_LINE));
}

/* n / d as a whole percentage rounded half up, or NULL when d is 0. */
static void cell_ratio(ReportSection *s, long long n, long long d, int scale) {
  if (d <= 0)
    report_null(s);
  else
    report_int(s, (n * scale * 2 + d) / (2 * d));
}

/* num / den per rating and in total: a rate (scale 100) or an average (scale 1). */
static void ratio_section(Report *rp, const Trend *t, int num, int den, int scale,
                          const char *zTitle, const char *zNote) {
  ReportSection *s = rating_section(rp, t, zTitle, zNote);
  for (int c = 0; c < t->nWin; c++) {
    row_start(s, t, c);
    long long sn = 0, sd = 0;
    for (int k = 0; k <= t->nRat; k++) {
      cell_ratio(s, *count_at(t, c, num, k), *count_at(t, c, den, k), scale);
      sn += *count_at(t, c, num, k);
      sd += *count_at(t, c, den, k);
    }
    cell_ratio(s, sn, sd, scale);
  }
  report_section_chart(s, CHART_LINE, 3, t->nRat + 2);
}

static void band_sections(Report *rp, const Trend *t) {
  const Policy *p = t->in->pol;
  ReportSection *s =
      report_section(rp, "Overdue recommendations by band", LAYOUT_GRID, 3, "cycle", "Cycle",
                     "as_at", "Committee date", "period_after", "Period after");
  Buf k = BUF_INIT, l = BUF_INIT;
  for (int b = 0; b < p->nBand; b++) {
    buf_reset(&k);
    buf_reset(&l);
    key_of(&k, "overdue_", p->aBand[b].zLabel);
    buf_appendf(&l, "Overdue %s", p->aBand[b].zLabel);
    report_section_col(s, buf_cstr(&k), buf_cstr(&l));
  }
  report_section_col(s, "overdue", "Overdue");
  for (int c = 0; c < t->nWin; c++) {
    row_start(s, t, c);
    int sum = 0;
    for (int b = 0; b < p->nBand; b++) {
      int n = 0;
      for (int j = 0; j <= t->nRat; j++) n += *band_at(t, c, b, j);
      report_int(s, n);
      sum += n;
    }
    report_int(s, sum);
  }
  if (p->nBand) report_section_chart(s, CHART_LINE, 3, p->nBand + 1);
  for (int b = 0; b < p->nBand; b++) {
    buf_reset(&l);
    buf_appendf(&l, "Overdue %s by risk rating", p->aBand[b].zLabel);
    ReportSection *x = rating_section(rp, t, buf_cstr(&l), 0);
    for (int c = 0; c < t->nWin; c++) {
      row_start(x, t, c);
      int sum = 0;
      for (int j = 0; j <= t->nRat; j++) {
        report_int(x, *band_at(t, c, b, j));
        sum += *band_at(t, c, b, j);
      }
      report_int(x, sum);
    }
    report_section_chart(x, CHART_LINE, 3, t->nRat + 2);
  }
  buf_free(&k);
  buf_free(&l);
}

/* The trend's sections, in order: one metric counted per cycle (with its chart),
** or with a scale a ratio of two (metric over den: 100 a rate, 1 an average),
** and where the sections by overdue band go. */
#define TS_BANDS (-1)
typedef struct TrendSection {
  int metric, den, scale;
  ChartKind chart;
  const char *zTitle, *zNote;
} TrendSection;
static const TrendSection aSection[] = {
    {TM_OPEN, 0, 0, CHART_LINE, "Open recommendations", "Open at each committee date."},
    {TM_OVERDUE, 0, 0, CHART_LINE, "Overdue recommendations",
     "Open and overdue at each committee date."},
    {TS_BANDS, 0, 0, CHART_NONE, 0, 0},
    {TM_IMPL, 0, 0, CHART_BAR, "Implemented in the period",
     "Confirmed implemented after the previous cycle's date, up to the committee date, "
     "and still implemented then."},
    {TM_DUE_ORIG, 0, 0, CHART_NONE, "Due in the period by original target",
     "Original target in the period; recommendations removed (risk accepted, "
     "superseded, not adopted, withdrawn, removed by the committee) by that date are left out."},
    {TM_MET_ORIG, 0, 0, CHART_NONE, "Implemented by their original target",
     "Of those due in the period by original target, implemented on or before it."},
    {TM_MET_ORIG, TM_DUE_ORIG, 100, CHART_LINE, "Implementation rate by original target (%)",
     "Implemented by their original target as a share of those due by it in the period, "
     "as a whole percentage rounded half up; blank when none were due."},
    {TM_DUE_ANY, 0, 0, CHART_NONE, "Due in the period by any target",
     "A target date in the period that was still the agreed target on that date "
     "(the latest, if several); removed recommendations left out."},
    {TM_MET_ANY, 0, 0, CHART_NONE, "Implemented by their target",
     "Of those due in the period by any target, implemented on or before it."},
    {TM_MET_ANY, TM_DUE_ANY, 100, CHART_LINE, "Implementation rate by any target (%)",
     "Implemented by the target in force as a share of those due by it in the period, "
     "as a whole percentage rounded half up; blank when none were due."},
    {TM_MONTHS, TM_OVERDUE, 1, CHART_LINE, "Average months overdue",
     "Mean months overdue of the overdue recommendations, rounded half up to whole "
     "months; blank when none were overdue."},
};

Report *report_trend(const ReportInput *inAsked, Buf *err) {
  ReportInput tmp;
  Policy pol;
  const ReportInput *in = report_view(inAsked, &tmp, &pol); /* band-by */
  int want = in->nTrendCycles > 0 ? in->nTrendCycles : TREND_DEFAULT_CYCLES;
  int last = -1; /* the last cycle on or before the report date */
  for (int i = 0; i < in->nCycle && in->aCycle[i].asAt <= in->asAt; i++) last = i;
  if (last < 1) {
    char z[DAY_FMT_MAX];
    buf_appendf(err,
                "the trend needs at least two reporting cycles on or before %s (there %s %d; "
                "add them with `auditrack cycle add`)",
                day_fmt(in->asAt, DAY_TEXT, z), last == 0 ? "is" : "are", last + 1);
    return 0;
  }
  if (want < 2) {
    buf_puts(err, "a trend needs at least two cycles");
    return 0;
  }
  int first = last - want + 1 < 0 ? 0 : last - want + 1;
  Trend t;
  memset(&t, 0, sizeof t);
  t.in = in;
  t.aWin = &in->aCycle[first];
  t.nWin = last - first + 1;
  t.aFrom = xcalloc((size_t)t.nWin, sizeof(Day));
  /* The period runs from the previous cycle; the first cycle of all has none, so
  ** it starts where a report's previous date does without one. */
  for (int c = 0; c < t.nWin; c++)
    t.aFrom[c] = cycle_since_default(in->aCycle, in->nCycle, in->aCycle[first + c].asAt);
  char *aKeep = xcalloc((size_t)in->set->n + 1, 1);
  for (int i = 0; i < in->set->n; i++) aKeep[i] = (char)trend_keep(in, &in->set->a[i]);
  collect(&t, aKeep);
  t.aCount = xcalloc((size_t)t.nWin * TM__MAX * (size_t)(t.nRat + 1), sizeof(int));
  t.aBand =
      xcalloc((size_t)t.nWin * (size_t)(in->pol->nBand + 1) * (size_t)(t.nRat + 1), sizeof(int));
  tally(&t, aKeep);

  Report *rp = report_new("trend", "Trend over the last reporting cycles");
  report_common_meta(rp, in, 0);
  Buf b = BUF_INIT;
  for (int c = 0; c < t.nWin; c++) buf_appendf(&b, "%s%s", c ? "; " : "", t.aWin[c].zName);
  report_meta(rp, "cycles", "Cycles", buf_cstr(&b));
  buf_free(&b);

  for (size_t i = 0; i < sizeof aSection / sizeof aSection[0]; i++) {
    const TrendSection *x = &aSection[i];
    if (x->metric == TS_BANDS)
      band_sections(rp, &t);
    else if (x->scale)
      ratio_section(rp, &t, x->metric, x->den, x->scale, x->zTitle, x->zNote);
    else
      count_section(rp, &t, x->metric, x->zTitle, x->zNote, x->chart);
  }

  free(aKeep);
  free(t.aFrom);
  free(t.aRat);
  free(t.aCount);
  free(t.aBand);
  return rp;
}
