/*
** report_summary.c: the summary report: open recommendations by risk rating and
** overdue band, by directorate and by theme, and the movement since the
** previous report, which reconciles. Built from one snapshot (report_snap.h).
** Not for: the long-form reports (report_build.c) or formats (report_*.c renderers).
*/
#include "report_snap.h"
#include "share.h"

#include <stdlib.h>
#include <string.h>

/* ---- percentages beside the counts ---- */

void report_shares_init(Shares *sh, const Snap *s) {
  const ReportInput *in = s->in;
  memset(sh, 0, sizeof *sh);
  sh->of = in->pol->shareOf;
  sh->places = in->pol->sharePlaces;
  sh->since = in->since;
  sh->asAt = in->asAt;
  for (int i = 0; i < in->set->n; i++) {
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i]) continue;
    if (sh->of == SHARE_OPEN)
      sh->whole += st->open;
    else if (sh->of == SHARE_ALL)
      sh->whole++;
    else if (sh->of == SHARE_DUE)
      sh->whole += st->due != DAY_NONE && st->due <= in->asAt &&
                   (in->since == DAY_NONE || st->due > in->since);
  }
}

int report_share_cols(ReportSection *sec, const Shares *sh) {
  if (sh->of == SHARE_OFF) return 0;
  int n = sec->nCol - 1;
  Buf k = BUF_INIT, l = BUF_INIT;
  for (int c = 1; c <= n; c++) {
    buf_reset(&k);
    buf_reset(&l);
    buf_appendf(&k, "%s_pct", sec->aCol[c].zKey);
    buf_appendf(&l, "%s %%", sec->aCol[c].zLabel);
    report_section_col(sec, buf_cstr(&k), buf_cstr(&l));
  }
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  buf_reset(&k);
  buf_appendf(&k, "Each %% column gives the count of the same name as a share of ");
  if (sh->of == SHARE_OPEN)
    buf_appendf(&k, "the %lld open recommendation%s", sh->whole, sh->whole == 1 ? "" : "s");
  else if (sh->of == SHARE_ALL)
    buf_appendf(&k, "all %lld recommendation%s on the register, open or closed", sh->whole,
                sh->whole == 1 ? "" : "s");
  else if (sh->since != DAY_NONE)
    buf_appendf(&k, "the %lld recommendation%s due after %s, up to %s", sh->whole,
                sh->whole == 1 ? "" : "s", day_fmt(sh->since, DAY_TEXT, z1),
                day_fmt(sh->asAt, DAY_TEXT, z2));
  else
    buf_appendf(&k, "the %lld recommendation%s due by %s", sh->whole, sh->whole == 1 ? "" : "s",
                day_fmt(sh->asAt, DAY_TEXT, z2));
  buf_appendf(&k, ", %s, rounded half up; shares are not adjusted to add to 100.",
              sh->places ? "to one decimal place" : "to a whole per cent");
  if (!sh->whole) buf_puts(&k, " With none, no share is given.");
  report_section_note(sec, buf_cstr(&k));
  buf_free(&k);
  buf_free(&l);
  return n;
}

void report_share_row(ReportSection *sec, const Shares *sh, int nCount) {
  char z[SHARE_TMP];
  for (int c = 1; c <= nCount; c++) {
    const Cell *cell = report_cell(sec, sec->nRow - 1, c);
    long long v = cell->t == CELL_INT ? cell->i : 0;
    if (cell->t == CELL_INT && share_text(v, sh->whole, sh->places, z))
      report_text(sec, z);
    else
      report_null(sec);
  }
}

/* ---- the tables ---- */

typedef struct Group {
  const char *zName;
  int open, overdue, notDue, noTarget, implemented;
} Group;

/* The groups of a table found by name through an open-addressed hash: at 100,000
** recommendations a linear search of the names was a tenth of a dashboard. */
typedef struct Groups {
  Group *a;
  int n, nAlloc;
  int *aSlot;     /* nSlot entries: a group's index + 1, or 0 */
  unsigned nSlot; /* a power of two, at least twice n */
} Groups;

static unsigned name_hash(const char *z) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h;
}

static void groups_rehash(Groups *g) {
  free(g->aSlot);
  g->nSlot = g->nSlot ? g->nSlot * 2 : 64;
  g->aSlot = xcalloc(g->nSlot, sizeof(int));
  for (int i = 0; i < g->n; i++) {
    unsigned h = name_hash(g->a[i].zName) & (g->nSlot - 1);
    while (g->aSlot[h]) h = (h + 1) & (g->nSlot - 1);
    g->aSlot[h] = i + 1;
  }
}

static int group_find(Groups *g, const char *zName) {
  const char *z = zName && zName[0] ? zName : "(not stated)";
  if (2 * (unsigned)(g->n + 1) > g->nSlot) groups_rehash(g);
  unsigned h = name_hash(z) & (g->nSlot - 1);
  for (int k; (k = g->aSlot[h]) != 0; h = (h + 1) & (g->nSlot - 1)) {
    if (!strcmp(g->a[k - 1].zName, z)) return k - 1;
  }
  if (g->n == g->nAlloc) {
    g->nAlloc = g->nAlloc ? g->nAlloc * 2 : 16;
    g->a = xrealloc(g->a, sizeof(Group) * (size_t)g->nAlloc);
  }
  memset(&g->a[g->n], 0, sizeof(Group));
  g->a[g->n].zName = z;
  g->aSlot[h] = g->n + 1;
  return g->n++;
}

static int group_cmp(const void *a, const void *b) {
  return strcmp(((const Group *)a)->zName, ((const Group *)b)->zName);
}

static void group_section(Report *rp, const Snap *s, const Shares *sh, const char *zTitle,
                          const char *zKey, const char *zLabel, int byTheme) {
  const ReportInput *in = s->in;
  Groups gs = {0};
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i]) continue;
    int open = st->open;
    int impl = !open && st->closure == CLOSED_IMPLEMENTED && in->since != DAY_NONE &&
               st->closedOn > in->since;
    if (!open && !impl) continue;
    int k = group_find(&gs, byTheme ? r->zTheme : r->zDirectorate); /* may move gs.a */
    Group *x = &gs.a[k];
    x->open += open;
    x->overdue += open && st->overdue;
    /* As the risk table counts them: one with no target is not "not yet due". */
    x->notDue += open && !st->overdue && st->due != DAY_NONE;
    x->noTarget += open && !st->overdue && st->due == DAY_NONE;
    x->implemented += impl;
  }
  free(gs.aSlot);
  Group *a = gs.a;
  int n = gs.n;
  if (n > 1) qsort(a, (size_t)n, sizeof(Group), group_cmp); /* never qsort(NULL, 0) */
  Group t = {"Total", 0, 0, 0, 0, 0};
  for (int i = 0; i < n; i++) {
    t.open += a[i].open;
    t.overdue += a[i].overdue;
    t.notDue += a[i].notDue;
    t.noTarget += a[i].noTarget;
    t.implemented += a[i].implemented;
  }
  ReportSection *sec = report_section(rp, zTitle, LAYOUT_GRID, 4, zKey, zLabel, "open", "Open",
                                      "overdue", "Overdue", "not_yet_due", "Not yet due");
  if (t.noTarget) report_section_col(sec, "no_target_date", "No target date");
  report_section_col(sec, "implemented_in_period", "Implemented in period");
  int nShare = report_share_cols(sec, sh);
  for (int i = 0; i <= n; i++) {
    const Group *g = i < n ? &a[i] : &t;
    report_row(sec, i < n ? ROW_PLAIN : ROW_TOTAL);
    report_text(sec, g->zName);
    report_int(sec, g->open);
    report_int(sec, g->overdue);
    report_int(sec, g->notDue);
    if (t.noTarget) report_int(sec, g->noTarget);
    report_int(sec, g->implemented);
    if (nShare) report_share_row(sec, sh, nShare);
  }
  free(a);
}

static int same_scale(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* One risk x band table: the ratings aRat[k0 .. k1-1] (one scale's, or all of them
** when the register has one scale; zOnly, when not NULL, leaves out the ratings of
** any other scale, met only on closed recommendations) and their total. aCount has a row per
*rating, each
** of nCol counts (not yet due, no target, the bands). */
static void risk_band_table(Report *rp, const Snap *s, const Shares *sh, const char *zTitle,
                            const Rating *aRat, int k0, int k1, const int *aCount, int nCol,
                            int anyNoTarget, const char *zOnly) {
  const Policy *p = s->in->pol;
  /* Columns: risk, not yet due, [no target], bands..., overdue, total open. */
  ReportSection *sec = report_section(rp, zTitle, LAYOUT_GRID, 2, "risk", "Risk rating",
                                      "not_yet_due", "Not yet due");
  if (anyNoTarget) report_section_col(sec, "no_target_date", "No target date");
  for (int b = 0; b < p->nBand; b++) {
    Buf k = BUF_INIT, l = BUF_INIT;
    buf_puts(&k, "overdue_");
    for (const char *q = p->aBand[b].zLabel; *q; q++) {
      char ch = *q >= 'A' && *q <= 'Z' ? (char)(*q - 'A' + 'a') : *q;
      buf_putc(&k, (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : '_');
    }
    buf_appendf(&l, "Overdue %s", p->aBand[b].zLabel);
    report_section_col(sec, buf_cstr(&k), buf_cstr(&l));
    buf_free(&k);
    buf_free(&l);
  }
  report_section_col(sec, "overdue", "Overdue");
  report_section_col(sec, "open", "Total open");
  /* Drawn as stacked bars per rating: not yet due, no target and each band. */
  report_section_chart(sec, CHART_BAR, 1, sec->nCol - 3);
  int nShare = report_share_cols(sec, sh);
  int *aTot = xcalloc((size_t)nCol, sizeof(int));
  for (int k = k0; k <= k1; k++) {
    if (k < k1 && zOnly && aRat[k].zScale && strcmp(aRat[k].zScale, zOnly)) continue;
    const int *row = k < k1 ? &aCount[k * nCol] : aTot;
    report_row(sec, k == k1 ? ROW_TOTAL : ROW_PLAIN);
    report_text(sec, k == k1 ? "Total" : aRat[k].zLabel);
    report_int(sec, row[0]);
    if (anyNoTarget) report_int(sec, row[1]);
    int overdue = 0;
    for (int b = 0; b < p->nBand; b++) {
      report_int(sec, row[2 + b]);
      overdue += row[2 + b];
    }
    report_int(sec, overdue);
    report_int(sec, overdue + row[0] + row[1]);
    if (nShare) report_share_row(sec, sh, nShare);
    for (int c = 0; k < k1 && c < nCol; c++) aTot[c] += row[c];
  }
  free(aTot);
}

/* The summary's first table: open recommendations by risk rating and overdue band. A
** register of one risk scale has one table (its unrated recommendations in it); one of
** several has a table per scale, and one of the unrated: never one total across two
** scales, as a rating is its scale's. */
static void summary_risk_bands(Report *rp, const Snap *s, const Shares *sh, int other) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  Basis basis = other ? report_other_basis(in) : p->basis;
  Rating *aRat = 0;
  int nRat = report_ratings(s, &aRat);
  int nCol = 2 + p->nBand;
  int *aCount = xcalloc((size_t)(nRat + 1) * (size_t)nCol, sizeof(int));
  int anyNoTarget = 0;
  for (int i = 0; i < in->set->n; i++) {
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i] || !st->open) continue;
    int k = report_rating_of(aRat, nRat, &in->set->a[i]);
    int c = report_band_col(&st->by[basis]);
    aCount[k * nCol + c]++;
    if (c == 1) anyNoTarget = 1;
  }
  /* The scales with open recommendations: a scale met only on closed ones adds none. */
  int nScale = 0;
  const char *zOpen = 0; /* the scale with open recommendations, when there is one */
  for (int k0 = 0, k1; k0 < nRat; k0 = k1) {
    int open = 0;
    for (k1 = k0; k1 < nRat && same_scale(aRat[k1].zScale, aRat[k0].zScale); k1++) {
      for (int c = 0; c < nCol; c++) open += aCount[k1 * nCol + c];
    }
    if (aRat[k0].zScale && open) nScale++, zOpen = aRat[k0].zScale;
  }
  /* With both bases, a table for each under the one title, each saying its target. */
  Buf h = BUF_INIT;
  buf_puts(&h, "Open recommendations by risk rating and overdue band");
  if (in->f.bothBases) buf_appendf(&h, ": months since %s target", basis_names[basis]);
  const char *zTitle = buf_cstr(&h);
  if (nScale < 2) {
    risk_band_table(rp, s, sh, zTitle, aRat, 0, nRat, aCount, nCol, anyNoTarget, zOpen);
  } else {
    Buf t = BUF_INIT;
    for (int k0 = 0, k1; k0 < nRat; k0 = k1) {
      const char *zScale = aRat[k0].zScale;
      int open = 0;
      for (k1 = k0; k1 < nRat && same_scale(aRat[k1].zScale, zScale); k1++) {
        for (int c = 0; c < nCol; c++) open += aCount[k1 * nCol + c];
      }
      if (!open) continue; /* a scale met only on closed recommendations */
      buf_reset(&t);
      buf_appendf(&t, "%s: %s", zTitle, zScale ? zScale : "not rated");
      risk_band_table(rp, s, sh, buf_cstr(&t), aRat, k0, k1, aCount, nCol, anyNoTarget, 0);
    }
    buf_free(&t);
  }
  buf_free(&h);
  free(aCount);
  free(aRat);
}

/* The ways a recommendation leaves the register other than implemented, each a
** line of the movement table (Status, or -1 for the committee's removal). */
static const int aRemovedBy[] = {ST_RISK_ACCEPTED, ST_SUPERSEDED, ST_NOT_ADOPTED, ST_WITHDRAWN, -1};
#define N_REMOVED ((int)(sizeof aRemovedBy / sizeof aRemovedBy[0]))
static const char *const azRemoved[] = {"Removed: risk accepted", "Removed: superseded",
                                        "Removed: not adopted", "Removed: withdrawn",
                                        "Removed by the committee"};
_Static_assert(sizeof azRemoved / sizeof azRemoved[0] == N_REMOVED, "a line per kind");

/* The movement since the previous report, which reconciles, and the flags. */
static void summary_movement(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  int bf = 0, nw = 0, reop = 0, impl = 0, rem = 0, cf = 0, newOver = 0, noUpd = 0;
  int aRem[N_REMOVED] = {0};
  for (int i = 0; i < in->set->n; i++) {
    const RecState *now = &s->aNow[i], *then = &s->aThen[i];
    if (!s->aKeep[i]) continue;
    int openThen = then->exists && then->open;
    if (openThen)
      bf++;
    else if (!then->exists)
      nw++;
    else if (now->open)
      reop++; /* closed then, open now */
    /* Outflows are counted only from the inflows above, so the table reconciles. */
    if ((openThen || !then->exists) && !now->open) {
      if (now->closure == CLOSED_IMPLEMENTED) {
        impl++;
      } else {
        rem++;
        int k = 0;
        while (k < N_REMOVED - 1 && aRemovedBy[k] != now->closedBy) k++;
        aRem[k]++; /* the last line: the committee's removal */
      }
    }
    if (now->open) cf++;
    if (now->open && now->overdue && !(then->exists && then->open && then->overdue)) newOver++;
    if (now->open && (!now->pUpdate || now->pUpdate->on <= in->since)) noUpd++;
  }
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  buf_appendf(&t, "Movement since the previous report (%s to %s)", day_fmt(in->since, DAY_TEXT, z1),
              day_fmt(in->asAt, DAY_TEXT, z2));
  ReportSection *m = report_section(rp, buf_cstr(&t), LAYOUT_GRID, 2, "movement", "Movement",
                                    "count", "Recommendations");
  const char *azIn[] = {"Brought forward", "New", "Reopened", "Implemented"};
  int anIn[] = {bf, nw, reop, impl}; /* counts, never negative: the note does the sums */
  for (int k = 0; k < 4; k++) {
    report_row(m, ROW_PLAIN);
    report_text(m, azIn[k]);
    report_int(m, anIn[k]);
  }
  /* Each kind of closure on its own line, every kind every time. */
  for (int k = 0; k < N_REMOVED; k++) {
    report_row(m, ROW_PLAIN);
    report_text(m, azRemoved[k]);
    report_int(m, aRem[k]);
  }
  report_row(m, ROW_TOTAL);
  report_text(m, "Carried forward");
  report_int(m, cf);
  if (bf + nw + reop - impl - rem != cf) {
    /* The engine guarantees this; a mismatch is a bug worth shouting about. */
    report_section_note(m, "WARNING: the movement does not reconcile; please report this.");
  } else {
    report_section_note(m, "Brought forward + new + reopened - implemented - removed = carried "
                           "forward.");
  }
  buf_reset(&t);
  ReportSection *fl =
      report_section(rp, "Flags", LAYOUT_GRID, 2, "flag", "Flag", "count", "Recommendations");
  report_row(fl, ROW_PLAIN);
  report_text(fl, "Newly overdue since the previous report");
  report_int(fl, newOver);
  report_row(fl, ROW_PLAIN);
  report_text(fl, "Open with no update since the previous report");
  report_int(fl, noUpd);
  buf_free(&t);
}

Report *report_summary_build(const Snap *s, Buf *err) {
  const ReportInput *in = s->in;
  (void)err;
  Report *rp = report_new("summary", "Outstanding audit recommendations: summary");
  report_common_meta(rp, in, 1);
  Shares sh;
  report_shares_init(&sh, s);
  summary_risk_bands(rp, s, &sh, 0);
  if (in->f.bothBases) summary_risk_bands(rp, s, &sh, 1);
  group_section(rp, s, &sh, "Open recommendations by directorate", "directorate", "Directorate", 0);
  group_section(rp, s, &sh, "Open recommendations by theme", "theme", "Theme", 1);
  if (in->since != DAY_NONE) summary_movement(rp, s);
  report_add_stated(rp, s);
  report_summary_adds(rp, s, &sh);
  return rp;
}
