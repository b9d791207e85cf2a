/*
** report_measures.c: the sections the summary adds when the policy's
** summary-adds asks for them: implementation and completion rates, and the
** risk rating x status tables, one per risk scale and audit provider, and the
** overdue roll-forward, which reconciles, and the RAG counts.
** Each counts from the as-at engine's states (rec_state_at, rec_met_by,
** rec_target_in) over the summary's snapshot, and each rate is share.c's.
** Not for: the summary's own tables (report_summary.c) or formats.
*/
#include "report_snap.h"
#include "share.h"

#include <stdlib.h>
#include <string.h>

/* "after 30/09/2024, up to 31/12/2024" (or "up to ..." with no previous date). */
static void period_text(const ReportInput *in, Buf *b) {
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  if (in->since != DAY_NONE) buf_appendf(b, "after %s, ", day_fmt(in->since, DAY_TEXT, z1));
  buf_appendf(b, "up to %s", day_fmt(in->asAt, DAY_TEXT, z2));
}

/* One row: what is counted, the count, the whole and the share (blank with no whole). */
static void rate_row(ReportSection *sec, const char *zWhat, long long part, long long whole,
                     int places) {
  char z[SHARE_TMP];
  report_row(sec, ROW_PLAIN);
  report_text(sec, zWhat);
  report_int(sec, part);
  report_int(sec, whole);
  if (share_text(part, whole, places, z))
    report_text(sec, z);
  else
    report_null(sec);
}

/* Implemented by original target and by any target, of those due by it in the
** period, as the trend counts them; and the completion rate: recommendations
** made by the date less those overdue, over those made. */
static void add_rates(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  long long dueOrig = 0, metOrig = 0, dueAny = 0, metAny = 0, made = 0, overdue = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i]) continue;
    made++;
    overdue += st->open && st->overdue;
    if (r->original != DAY_NONE && (in->since == DAY_NONE || r->original > in->since) &&
        r->original <= in->asAt) {
      int m = rec_met_by(r, p, r->original);
      if (m >= 0) {
        dueOrig++;
        metOrig += m;
      }
    }
    Day any = rec_target_in(r, p, in->since, in->asAt);
    if (any != DAY_NONE) {
      int m = rec_met_by(r, p, any);
      if (m >= 0) {
        dueAny++;
        metAny += m;
      }
    }
  }
  Buf t = BUF_INIT;
  buf_puts(&t, "Implementation and completion rates (");
  period_text(in, &t);
  buf_putc(&t, ')');
  ReportSection *sec = report_section(rp, buf_cstr(&t), LAYOUT_GRID, 4, "measure", "Measure",
                                      "count", "Recommendations", "of", "Out of", "rate", "Rate");
  buf_reset(&t);
  int places = p->sharePlaces;
  rate_row(sec, "Implemented by their original target, of those due by it in the period", metOrig,
           dueOrig, places);
  rate_row(sec, "Implemented by their target, of those due by any target in the period", metAny,
           dueAny, places);
  rate_row(sec, "Completion: made by the date less those overdue, of those made", made - overdue,
           made, places);
  buf_appendf(&t,
              "Due in the period: a target after the previous report, up to this one (by any "
              "target: the latest that was still the agreed target on its date); removed "
              "recommendations are left out. Rates %s, rounded half up; blank when none counts.",
              places ? "to one decimal place" : "to a whole per cent");
  report_section_note(sec, buf_cstr(&t));
  buf_free(&t);
}

/* ---- the overdue roll-forward ---- */

/* Overdue at the previous report, what cleared (implemented, removed, or no
** longer overdue: open with a later target agreed), what became overdue, and
** overdue now, counted on its own so that the check is a check. */
static void add_roll_forward(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  if (in->since == DAY_NONE) return;
  long long then = 0, impl = 0, rem = 0, later = 0, fresh = 0, now = 0;
  for (int i = 0; i < in->set->n; i++) {
    const RecState *a = &s->aThen[i], *b = &s->aNow[i];
    if (!s->aKeep[i]) continue;
    int was = a->exists && a->open && a->overdue, is = b->open && b->overdue;
    then += was;
    now += is;
    if (was && !is) {
      if (!b->open && b->closure == CLOSED_IMPLEMENTED)
        impl++;
      else if (!b->open)
        rem++;
      else
        later++;
    }
    fresh += is && !was;
  }
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  buf_appendf(&t, "Overdue recommendations rolled forward (%s to %s)",
              day_fmt(in->since, DAY_TEXT, z1), day_fmt(in->asAt, DAY_TEXT, z2));
  ReportSection *sec = report_section(rp, buf_cstr(&t), LAYOUT_GRID, 2, "movement", "Movement",
                                      "count", "Recommendations");
  buf_reset(&t); /* a table's cell: the date as the tables write one */
  buf_appendf(&t, "Overdue at the previous report (%s)", day_fmt(in->since, DAY_UK, z1));
  const char *az[] = {
      buf_cstr(&t), "Cleared: implemented",
      "Cleared: removed (risk accepted, superseded, not adopted, withdrawn or by the "
      "committee)",
      "Cleared: no longer overdue (a later target agreed)", "Newly overdue"};
  long long an[] = {then, impl, rem, later, fresh}; /* counts: the note says which subtract */
  for (int k = 0; k < 5; k++) {
    report_row(sec, ROW_PLAIN);
    report_text(sec, az[k]);
    report_int(sec, an[k]);
  }
  report_row(sec, ROW_TOTAL);
  report_text(sec, "Overdue now");
  report_int(sec, now);
  report_section_note(sec, then - impl - rem - later + fresh == now
                               ? "Overdue at the previous report - cleared + newly overdue = "
                                 "overdue now."
                               : "WARNING: the roll-forward does not reconcile; please report "
                                 "this.");
  buf_free(&t);
}

/* ---- RAG ---- */

/* Open recommendations by RAG rating (the as-at engine's, under the policy's
** rule), red first, each with its share of the open ones. */
static void add_rag(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  long long a[RAG__MAX] = {0}, open = 0;
  for (int i = 0; i < in->set->n; i++) {
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i] || !st->open) continue;
    a[st->rag]++;
    open++;
  }
  ReportSection *sec =
      report_section(rp, "Open recommendations by RAG rating", LAYOUT_GRID, 3, "rag", "RAG rating",
                     "open", "Open", "share", "Share of open");
  static const Rag aOrder[] = {RAG_RED, RAG_AMBER, RAG_GREEN};
  static const char *const azLabel[] = {"Red", "Amber", "Green"};
  char z[SHARE_TMP];
  int places = in->pol->sharePlaces;
  for (int k = 0; k <= 3; k++) {
    long long v = k < 3 ? a[aOrder[k]] : open;
    report_row(sec, k < 3 ? ROW_PLAIN : ROW_TOTAL);
    report_text(sec, k < 3 ? azLabel[k] : "Total");
    report_int(sec, v);
    if (share_text(v, open, places, z))
      report_text(sec, z);
    else
      report_null(sec);
  }
  Buf t = BUF_INIT;
  buf_appendf(&t,
              "Shares of the %lld open recommendation%s, %s, rounded half up; not adjusted to "
              "add to 100.",
              open, open == 1 ? "" : "s", places ? "to one decimal place" : "to a whole per cent");
  report_section_note(sec, buf_cstr(&t));
  buf_free(&t);
}

/* ---- risk rating x status ---- */

/* The status columns, in order: where a recommendation stands as at the date. */
enum {
  SC_NOT_DUE,
  SC_NO_TARGET,
  SC_OVERDUE,
  SC_IMPLEMENTED,
  SC_NOT_ADOPTED,
  SC_RISK_ACCEPTED,
  SC_SUPERSEDED,
  SC_WITHDRAWN,
  SC_COMMITTEE,
  STATUS_COL__MAX
};
static const char *const azStatusCol[][2] = {
    {"not_yet_due", "Not yet due"},
    {"no_target_date", "No target date"},
    {"overdue", "Overdue"},
    {"implemented", "Implemented"},
    {"not_adopted", "Not adopted"},
    {"risk_accepted", "Risk accepted"},
    {"superseded", "Superseded"},
    {"withdrawn", "Withdrawn"},
    {"removed_by_committee", "Removed by the committee"},
};
_Static_assert(sizeof azStatusCol / sizeof azStatusCol[0] == STATUS_COL__MAX, "status columns");

static int status_col(const RecState *st) {
  if (st->open) return st->overdue ? SC_OVERDUE : st->due == DAY_NONE ? SC_NO_TARGET : SC_NOT_DUE;
  switch (st->closedBy) {
  case ST_IMPLEMENTED: return SC_IMPLEMENTED;
  case ST_NOT_ADOPTED: return SC_NOT_ADOPTED;
  case ST_RISK_ACCEPTED: return SC_RISK_ACCEPTED;
  case ST_SUPERSEDED: return SC_SUPERSEDED;
  case ST_WITHDRAWN: return SC_WITHDRAWN;
  default: return SC_COMMITTEE;
  }
}

static int str_eq(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }

/* One table's rows: the ratings of one scale (or the unrated) met under one provider. */
typedef struct StatusRow {
  const char *zProvider, *zScale; /* NULL: not stated / not rated */
  int rank;
  const char *zCode, *zLabel;
  int a[STATUS_COL__MAX];
} StatusRow;

/* Tables by provider, then scale (unrated last); rows by rank, then code. */
static int status_row_cmp(const void *pa, const void *pb) {
  const StatusRow *a = pa, *b = pb;
  int c = strcmp(a->zProvider ? a->zProvider : "", b->zProvider ? b->zProvider : "");
  if (c) return c;
  if (!a->zScale != !b->zScale) return a->zScale ? -1 : 1;
  if (a->zScale && (c = strcmp(a->zScale, b->zScale))) return c;
  if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
  return strcmp(a->zCode ? a->zCode : "", b->zCode ? b->zCode : "");
}

static void status_table(Report *rp, const Shares *sh, const StatusRow *a, int n, int byProvider) {
  int any[STATUS_COL__MAX] = {0}, tot[STATUS_COL__MAX] = {0};
  for (int i = 0; i < n; i++) {
    for (int c = 0; c < STATUS_COL__MAX; c++) any[c] |= a[i].a[c] != 0;
  }
  Buf t = BUF_INIT;
  buf_appendf(&t, "Recommendations by risk rating and status: %s",
              a[0].zScale ? a[0].zScale : "not rated");
  if (byProvider) buf_appendf(&t, " (%s)", a[0].zProvider ? a[0].zProvider : "provider not stated");
  /* Keyed "rating", not "risk": the dashboard links the risk table's counts to the
  ** list by rating and band, which a table of one scale and provider is not. */
  ReportSection *sec = report_section(rp, buf_cstr(&t), LAYOUT_GRID, 1, "rating", "Risk rating");
  for (int c = 0; c < STATUS_COL__MAX; c++) {
    /* As the summary's tables do: a "No target date" column only when one has none. */
    if (c != SC_NO_TARGET || any[c]) report_section_col(sec, azStatusCol[c][0], azStatusCol[c][1]);
  }
  report_section_col(sec, "recommendations", "Total");
  int nShare = report_share_cols(sec, sh);
  for (int i = 0; i <= n; i++) {
    const int *v = i < n ? a[i].a : tot;
    report_row(sec, i < n ? ROW_PLAIN : ROW_TOTAL);
    report_text(sec, i < n ? (a[i].zLabel ? a[i].zLabel : "Not rated") : "Total");
    int sum = 0;
    for (int c = 0; c < STATUS_COL__MAX; c++) {
      if (c != SC_NO_TARGET || any[c]) report_int(sec, v[c]);
      sum += v[c];
      if (i < n) tot[c] += v[c];
    }
    report_int(sec, sum);
    if (nShare) report_share_row(sec, sh, nShare);
  }
  buf_free(&t);
}

/* Every recommendation on the register as at the date by its rating and where it
** stands: one table per risk scale (never one total across two), and per audit
** provider when the register records any. */
static void add_status(Report *rp, const Snap *s, const Shares *sh) {
  const ReportInput *in = s->in;
  StatusRow *a = xcalloc((size_t)in->set->n + 1, sizeof *a);
  int n = 0, byProvider = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    if (!s->aKeep[i]) continue;
    const char *zProv = r->zProvider && r->zProvider[0] ? r->zProvider : 0;
    const char *zScale = r->zRiskLabel ? r->zRiskScale : 0;
    byProvider |= zProv != 0;
    int k = 0;
    while (k < n && !(str_eq(a[k].zProvider, zProv) && str_eq(a[k].zScale, zScale) &&
                      a[k].rank == (r->zRiskLabel ? r->riskRank : -1) &&
                      str_eq(a[k].zCode, r->zRiskLabel ? r->zRiskCode : 0)))
      k++;
    if (k == n) {
      a[n].zProvider = zProv;
      a[n].zScale = zScale;
      a[n].rank = r->zRiskLabel ? r->riskRank : -1;
      a[n].zCode = r->zRiskLabel ? r->zRiskCode : 0;
      a[n].zLabel = r->zRiskLabel;
      n++;
    }
    a[k].a[status_col(&s->aNow[i])]++;
  }
  if (n > 1) qsort(a, (size_t)n, sizeof *a, status_row_cmp);
  for (int i = 0, j; i < n; i = j) {
    for (j = i + 1; j < n && str_eq(a[j].zProvider, a[i].zProvider) &&
                    !a[j].zScale == !a[i].zScale && str_eq(a[j].zScale, a[i].zScale);
         j++) {
    }
    status_table(rp, sh, &a[i], j - i, byProvider);
  }
  if (!n) report_section(rp, "Recommendations by risk rating and status: none", LAYOUT_GRID, 0);
  free(a);
}

void report_summary_adds(Report *rp, const Snap *s, const Shares *sh) {
  unsigned m = s->in->pol->summaryAdds;
  if (m & (1u << SA_RATES)) add_rates(rp, s);
  if (m & (1u << SA_STATUS)) add_status(rp, s, sh);
  if (m & (1u << SA_ROLL_FORWARD)) add_roll_forward(rp, s);
  if (m & (1u << SA_RAG)) add_rag(rp, s);
  if (m & (1u << SA_COHORTS)) report_add_cohorts(rp, s);
  if (m & (1u << SA_EXTENSIONS)) report_add_extensions(rp, s);
  if (m & (1u << SA_REVISIONS)) report_add_revisions(rp, s);
}
