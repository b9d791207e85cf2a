/*
** report_stated.c: the summary's comparison of the figures a committee paper
** stated for its cycle (cycle state) with what the register gives as at the
** cycle's date: one row per figure, the difference, and where they differ a
** sentence a head of audit would print ("The paper of 30 September 2024 stated
** 81 overdue; the register gives 79 as at that date."). Not for: recording the
** figures (act_cycle_state) or counting by any rule of its own: open, overdue and
** the bands are the as-at engine's, implemented is the movement table's.
*/
#include "report_snap.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int rec_rated(const Rec *r, const char *zRisk) {
  if (!zRisk[0]) return 1;
  return (r->zRiskCode && !strcasecmp(r->zRiskCode, zRisk)) ||
         (r->zRiskLabel && !strcasecmp(r->zRiskLabel, zRisk));
}

/* What the register gives for x as at the report date, or -1 with *pzWhy saying why
** it cannot be counted (a band the policy lacks, a rating no recommendation has). */
static long long register_value(const Snap *s, const Stated *x, const char **pzWhy) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  int band = -1, rated = 0;
  if (x->zBand[0]) {
    for (int b = 0; b < p->nBand && band < 0; b++) {
      if (!strcasecmp(p->aBand[b].zLabel, x->zBand)) band = b;
    }
    if (band < 0) {
      *pzWhy = "the policy has no overdue band of that name";
      return -1;
    }
  }
  long long n = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *now = &s->aNow[i], *then = &s->aThen[i];
    if (!rec_rated(r, x->zRisk)) continue;
    rated = 1;
    if (!s->aKeep[i]) continue;
    switch (x->kind) {
    case STATED_OPEN: n += now->open; break;
    case STATED_OVERDUE: n += now->open && now->overdue && (band < 0 || now->band == band); break;
    case STATED_NOT_DUE: n += now->open && !now->overdue && now->due != DAY_NONE; break;
    case STATED_IMPLEMENTED: /* as the movement table counts them */
      n += (!then->exists || then->open) && !now->open && now->closure == CLOSED_IMPLEMENTED;
      break;
    case STATED__MAX: break;
    }
  }
  if (!rated) {
    *pzWhy = "no recommendation on the register has that rating";
    return -1;
  }
  return n;
}

void report_add_stated(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  const Cycle *c = cycle_on(in->aCycle, in->nCycle, in->asAt);
  const Filter *f = &in->f;
  if (!c || !c->nStated || f->zRisk || f->zBand || f->zDirectorate || f->zTheme || f->zOwner)
    return; /* a paper's figures are for the whole register */
  char zDay[DAY_FMT_MAX];
  day_fmt(c->asAt, DAY_TEXT, zDay);
  Buf t = BUF_INIT, w = BUF_INIT;
  buf_appendf(&t, "Figures the paper of %s stated, beside the register", zDay);
  ReportSection *sec =
      report_section(rp, buf_cstr(&t), LAYOUT_GRID, 5, "figure", "Figure", "stated", "Stated",
                     "register", "Register", "difference", "Difference", "finding", "Finding");
  int nDiffer = 0;
  for (int k = 0; k < c->nStated; k++) {
    const Stated *x = &c->aStated[k];
    const char *zWhy = 0;
    long long v = register_value(s, x, &zWhy);
    report_row(sec, ROW_PLAIN);
    buf_reset(&w);
    stated_words(&w, x, 0);
    char *zFig = (char *)buf_cstr(&w) + 2; /* without the count */
    if (zFig[0] >= 'a' && zFig[0] <= 'z') zFig[0] = (char)(zFig[0] - 'a' + 'A');
    report_text(sec, zFig);
    report_int(sec, x->value);
    buf_reset(&t);
    buf_appendf(&t, "The paper of %s stated ", zDay);
    stated_words(&t, x, x->value);
    if (v < 0) {
      report_null(sec);
      report_null(sec);
      buf_appendf(&t, "; %s.", zWhy);
      nDiffer++;
    } else {
      report_int(sec, v);
      report_int(sec, v - x->value);
      if (v == x->value) {
        buf_reset(&t);
        buf_puts(&t, "Agrees.");
      } else {
        buf_appendf(&t, "; the register gives %lld as at that date.", v);
        nDiffer++;
      }
    }
    report_text(sec, buf_cstr(&t));
  }
  buf_reset(&t);
  if (!nDiffer)
    buf_appendf(&t, "Every figure the paper of %s stated agrees with the register as at that date.",
                zDay);
  else
    buf_appendf(&t,
                "%d of the %d figures the paper of %s stated differ from the register as at "
                "that date; the difference is the register's figure less the paper's.",
                nDiffer, c->nStated, zDay);
  report_section_note(sec, buf_cstr(&t));
  buf_free(&t);
  buf_free(&w);
}
