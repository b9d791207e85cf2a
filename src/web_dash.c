/*
** web_dash.c: the dashboard's figures per register generation (web_dash.h).
** Every role and every director reads the same states (web_states.c: one array
** per as-at date of the whole register, per generation), given to the report
** builders through ReportInput.xStates. The figures of one request (the dates,
** the trend's length, whether confidential detail is shown, a director's
** directorate) are made once from them and kept in a bounded table; a
** directorate's are counted over its own recommendations only (the register's
** directorate index), so a director's dashboard costs its directorate, not the
** register.
** Nothing is computed under a lock: two readers asking at once may both compute,
** and the first to finish is kept, so that no reader waits on another (the
** renderer's thread runs at a low priority).
** Not for: the page (page_dashboard.c), the reports (report_*.c), the register
** (web_register.c) or the states (web_states.c).
*/
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_request.h"
#include "report_worst.h"
#include "store.h"
#include "web_dash.h"
#include "web_states.h"

typedef struct Figs {
  char *zKey;
  DashFigs f;
  Rec *aSub; /* a directorate's recommendations, copied (the reports' register) */
  int refs;  /* under Dash.mu */
  int kept;  /* in the table: freed when dropped from it and no longer in use */
  unsigned long use;
} Figs;

typedef struct Dash {
  pthread_mutex_t mu; /* the table and its counts */
  Figs *apFig[DASH_FIGS];
  unsigned long tick;
} Dash;

static DashStats stats; /* atomic counts */

static void count(long long *p) { __atomic_add_fetch(p, 1, __ATOMIC_RELAXED); }

void web_dash_stats(DashStats *out) {
  out->nBuilt = __atomic_load_n(&stats.nBuilt, __ATOMIC_RELAXED);
  out->nShared = __atomic_load_n(&stats.nShared, __ATOMIC_RELAXED);
}

static void figs_free(Figs *p) {
  report_free(p->f.sum);
  report_free(p->f.sumPrev);
  report_free(p->f.trend);
  report_free(p->f.wst);
  for (int i = 0; i < p->f.nRung; i++) {
    free(p->f.aRung[i].zTitle);
    for (int k = 0; k < p->f.aRung[i].nName && k < DASH_NAMES; k++) free(p->f.aRung[i].aName[k].z);
  }
  free(p->f.aRung);
  free(p->aSub);
  free(p->zKey);
  free(p);
}

static void *dash_build(const Register *g) {
  (void)g;
  Dash *x = xcalloc(1, sizeof *x);
  pthread_mutex_init(&x->mu, 0);
  return x;
}

static void dash_drop(void *p) {
  Dash *x = p;
  for (int i = 0; i < DASH_FIGS; i++) {
    if (x->apFig[i]) figs_free(x->apFig[i]); /* no reader holds any: the generation is gone */
  }
  pthread_mutex_destroy(&x->mu);
  free(x);
}

/* Figures are not carried over to the next generation: counting is cheap beside
** the states, which are (web_states.c). */
static Dash *dash_of(const Register *g) {
  return web_register_aux(g, WEB_AUX_DASH, dash_build, 0, dash_drop);
}

/* ReportInput.xStates: the whole register's states, or a directorate's cut
** from them (aIdx: its places in the register, in the register's order). */
typedef struct StatesAsk {
  const Register *g;
  const int *aIdx; /* NULL: the whole register */
  int n;
} StatesAsk;

static int states_give(void *ctx, Day day, RecState *aOut) {
  StatesAsk *q = ctx;
  DayStates *pHold;
  const RecState *a = web_states(q->g, day, &pHold);
  if (!q->aIdx)
    memcpy(aOut, a, sizeof(RecState) * (size_t)q->n);
  else
    for (int k = 0; k < q->n; k++) aOut[k] = a[q->aIdx[k]];
  web_states_release(pHold);
  return 0;
}

/* ---- one request's figures ---- */

static int by_name(const void *pa, const void *pb) {
  return strcasecmp(((const DashName *)pa)->z, ((const DashName *)pb)->z);
}

/* Most recommendations first, then by name. */
static int by_count(const void *pa, const void *pb) {
  const DashName *a = pa, *b = pb;
  if (a->n != b->n) return a->n > b->n ? -1 : 1;
  return strcasecmp(a->z, b->z);
}

/* The escalations report's rungs (its sections of 9 columns: column 7 the
** person named, 8 whether newly reached) as p's counts and names, the people
** each names counted once in any case: sorted, not searched, as a rung at
** 100,000 recommendations names thousands. */
static void rungs_make(const Report *rp, DashFigs *f) {
  f->aRung = xcalloc((size_t)rp->nSection + 1, sizeof *f->aRung);
  for (int i = 0; i < rp->nSection; i++) {
    const ReportSection *s = rp->apSection[i];
    if (s->nCol < 9) continue;
    DashRung *g = &f->aRung[f->nRung++];
    g->zTitle = xstrdup(s->zTitle);
    g->nRec = s->nRow;
    DashName *a = xcalloc((size_t)s->nRow + 1, sizeof *a);
    int nRow = 0, n = 0;
    for (int j = 0; j < s->nRow; j++) {
      g->nFresh += report_cell(s, j, 8)->i != 0;
      const Cell *x = report_cell(s, j, 7);
      if (x->t == CELL_TEXT && x->z[0]) a[nRow++] = (DashName){x->z, 1};
    }
    if (nRow > 1) qsort(a, (size_t)nRow, sizeof *a, by_name);
    for (int j = 0; j < nRow; j++) {
      if (n && !strcasecmp(a[n - 1].z, a[j].z))
        a[n - 1].n++;
      else
        a[n++] = a[j];
    }
    if (n > 1) qsort(a, (size_t)n, sizeof *a, by_count);
    g->nName = n;
    for (int k = 0; k < n && k < DASH_NAMES; k++) g->aName[k] = (DashName){xstrdup(a[k].z), a[k].n};
    free(a);
  }
}

/* Under x->mu: the figures of zKey with a reference for the caller, or NULL. */
static Figs *figs_find(Dash *x, const char *zKey) {
  for (int i = 0; i < DASH_FIGS; i++) {
    Figs *p = x->apFig[i];
    if (p && !strcmp(p->zKey, zKey)) {
      p->refs++;
      p->use = ++x->tick;
      return p;
    }
  }
  return 0;
}

/* Under x->mu: keep p in the table, in a free slot or the least recently used
** one no reader holds; not kept when every slot is in use. */
static void figs_keep(Dash *x, Figs *p) {
  int k = -1;
  for (int i = 0; i < DASH_FIGS; i++) {
    Figs *o = x->apFig[i];
    if (!o) {
      k = i;
      break;
    }
    if (!o->refs && (k < 0 || o->use < x->apFig[k]->use)) k = i;
  }
  if (k < 0) return;
  if (x->apFig[k]) figs_free(x->apFig[k]);
  x->apFig[k] = p;
  p->kept = 1;
  p->use = ++x->tick;
}

/* The request's reports, from the shared states. A directorate's are made over a
** register of its recommendations only (copied Recs whose storage is the
** generation's), with the same filter, so that they count what the whole
** register's filtered reports would. */
static void figs_make(const Register *g, Db *db, ReportInput *in, ReportInput *prev, int nWorst,
                      Figs *p) {
  RecSet sub = {0, 0, 0};
  const RecSet *set = g->set;
  StatesAsk q = {g, 0, g->set->n};
  if (in->f.zDirectorate) {
    const int *aIdx;
    int n = web_register_find(g, 1, in->f.zDirectorate, &aIdx);
    p->aSub = xmalloc(sizeof(Rec) * ((size_t)n + 1));
    for (int k = 0; k < n; k++) p->aSub[k] = g->set->a[aIdx[k]];
    sub.n = n;
    sub.a = p->aSub;
    set = &sub;
    q = (StatesAsk){g, aIdx, n};
  }
  ReportInput *aIn[2] = {in, prev};
  for (int i = 0; i < 2; i++) {
    if (!aIn[i]) continue;
    aIn[i]->set = set;
    aIn[i]->pol = g->pol;
    aIn[i]->zOrg = g->zOrg;
    aIn[i]->xStates = states_give;
    aIn[i]->pStatesCtx = &q;
  }
  Buf err = BUF_INIT;
  /* The requests for a new date, when the summary lists those waiting; unread, it says so. */
  Submission *aSub = 0;
  int nSub = 0;
  in->haveSub = report_wants_requests(g->pol) && !store_sub_events(db, &aSub, &nSub);
  in->aSub = aSub;
  in->nSub = nSub;
  p->f.sum = report_build("summary", in, &err);
  in->aSub = 0;
  in->nSub = in->haveSub = 0;
  store_subs_free(aSub, nSub);
  buf_reset(&err);
  if (prev) {
    p->f.sumPrev = report_build("summary", prev, &err);
    buf_reset(&err);
  }
  p->f.trend = report_build("trend", in, &err);
  buf_reset(&err);
  Report *esc = report_build("escalations", in, &err);
  if (esc) rungs_make(esc, &p->f);
  report_free(esc);
  p->f.wst = report_worst(in, nWorst);
  buf_free(&err);
  for (int i = 0; i < 2; i++) {
    if (!aIn[i]) continue;
    aIn[i]->xStates = 0; /* q is ours */
    aIn[i]->pStatesCtx = 0;
    aIn[i]->set = g->set;
  }
}

/* What tells one request's figures from another's: the request (dates, filter,
** confidential detail, trend length), the previous cycle's dates and nWorst. */
static void figs_key(Buf *k, const ReportInput *in, const ReportInput *prev, int nWorst) {
  report_key(k, &(ReportKey){.zWhat = "dashboard-figures", .aPage = {nWorst, 0}}, in);
  if (prev)
    buf_appendf(k, "prev|%d|%d|%d", prev->asAt, prev->since, prev->nTrendCycles);
  else
    buf_puts(k, "noprev|");
}

const DashFigs *web_dash_figs(const Register *g, Db *db, ReportInput *in, ReportInput *prev,
                              int nWorst) {
  Dash *x = dash_of(g);
  ReportInput *aIn[2] = {in, prev};
  for (int i = 0; i < 2; i++) {
    if (!aIn[i]) continue;
    aIn[i]->set = g->set;
    aIn[i]->pol = g->pol;
    aIn[i]->zOrg = g->zOrg;
  }
  Buf k = BUF_INIT;
  figs_key(&k, in, prev, nWorst);
  pthread_mutex_lock(&x->mu);
  Figs *p = figs_find(x, buf_cstr(&k));
  pthread_mutex_unlock(&x->mu);
  if (p) {
    count(&stats.nShared);
    buf_free(&k);
    return &p->f;
  }
  p = xcalloc(1, sizeof *p);
  p->zKey = xstrdup(buf_cstr(&k));
  p->refs = 1;
  figs_make(g, db, in, prev, nWorst, p);
  count(&stats.nBuilt);
  pthread_mutex_lock(&x->mu);
  Figs *o = figs_find(x, p->zKey);
  if (o) { /* another reader's, made meanwhile: theirs are kept */
    pthread_mutex_unlock(&x->mu);
    figs_free(p);
    p = o;
  } else {
    figs_keep(x, p);
    pthread_mutex_unlock(&x->mu);
  }
  buf_free(&k);
  return &p->f;
}

void web_dash_release(const Register *g, const DashFigs *f) {
  if (!f) return;
  Dash *x = dash_of(g);
  Figs *p = (Figs *)((char *)f - offsetof(Figs, f));
  pthread_mutex_lock(&x->mu);
  int drop = --p->refs == 0 && !p->kept;
  pthread_mutex_unlock(&x->mu);
  if (drop) figs_free(p);
}
