/*
** web_dash.c: the dashboard's figures per register generation (web_dash.h).
** Every role and every director reads the same states: one array per as-at date
** of the whole register, computed once per generation (or carried over from the
** generation before, when first asked for, with only the recommendations the
** write touched computed again), given to the report builders through
** ReportInput.xStates. The figures of one request (the dates, the trend's length,
** whether confidential detail is shown, a director's directorate) are made once
** from them and kept in a bounded table; a directorate's are counted over its own
** recommendations only (the register's directorate index), so a director's
** dashboard costs its directorate, not the register.
** Nothing is computed under a lock: two readers asking at once may both compute,
** and the first to finish is kept, so that no reader waits on another (the
** renderer's thread runs at a low priority).
** Not for: the page (page_dashboard.c), the reports (report_*.c), the register
** (web_register.c) or the list's own per-date states (web_index.c).
*/
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "report_request.h"
#include "report_worst.h"
#include "store.h"
#include "web_dash.h"

/* One date's states of every recommendation of a generation: immutable once
** made, shared by reference with the next generation until it carries them over. */
typedef struct States {
  int refs; /* atomic */
  Day day;
  int n;
  RecState *a;
} States;

typedef struct DaySlot {
  Day day;
  States *pNow; /* this generation's, NULL until made */
  States *pWas; /* the generation before's, to carry over (aMap), or NULL */
} DaySlot;

typedef struct Figs {
  char *zKey;
  DashFigs f;
  Rec *aSub; /* a directorate's recommendations, copied (the reports' register) */
  int refs;  /* under Dash.mu */
  int kept;  /* in the table: freed when dropped from it and no longer in use */
  unsigned long use;
} Figs;

typedef struct Dash {
  const RecSet *set; /* the generation's register, which outlives this */
  const Policy *pol;
  pthread_mutex_t mu; /* the slots, the table and their counts */
  DaySlot aDay[DASH_DAYS];
  int nDay;
  Figs *apFig[DASH_FIGS];
  unsigned long tick;
  /* What the write before changed, to carry the dates' states over: the
  ** generation before's places to this one's (-1: read again or removed) and
  ** this one's places read again. */
  int *aMap, nPrev;
  int *aNew, nNew;
} Dash;

static DashStats stats; /* atomic counts */

static void count(long long *p) { __atomic_add_fetch(p, 1, __ATOMIC_RELAXED); }

void web_dash_stats(DashStats *out) {
  out->nBuilt = __atomic_load_n(&stats.nBuilt, __ATOMIC_RELAXED);
  out->nShared = __atomic_load_n(&stats.nShared, __ATOMIC_RELAXED);
  out->nDayFull = __atomic_load_n(&stats.nDayFull, __ATOMIC_RELAXED);
  out->nDayCarried = __atomic_load_n(&stats.nDayCarried, __ATOMIC_RELAXED);
}

/* A date's states (10 MB at 100,000 recommendations) are mapped and unmapped
** whole: from malloc, freeing them on another thread than the one that made them
** would take that thread's arena lock, which the renderer's thread, at a low
** priority and allocating as it renders, may hold while it waits for a CPU. */
static RecState *states_alloc(int n) {
  size_t z = sizeof(RecState) * ((size_t)n + 1);
  void *p = mmap(0, z, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) fatal("out of memory (%zu bytes)", z);
  return p;
}

static void states_unref(States *s) {
  if (s && __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0) {
    munmap(s->a, sizeof(RecState) * ((size_t)s->n + 1));
    free(s);
  }
}

static void figs_free(Figs *p) {
  report_free(p->f.sum);
  report_free(p->f.sumPrev);
  report_free(p->f.trend);
  report_free(p->f.esc);
  report_free(p->f.wst);
  free(p->aSub);
  free(p->zKey);
  free(p);
}

static void *dash_build(const Register *g) {
  Dash *x = xcalloc(1, sizeof *x);
  x->set = g->set;
  x->pol = g->pol;
  pthread_mutex_init(&x->mu, 0);
  return x;
}

static void dash_drop(void *p) {
  Dash *x = p;
  for (int i = 0; i < x->nDay; i++) {
    states_unref(x->aDay[i].pNow);
    states_unref(x->aDay[i].pWas);
  }
  for (int i = 0; i < DASH_FIGS; i++) {
    if (x->apFig[i]) figs_free(x->apFig[i]); /* no reader holds any: the generation is gone */
  }
  free(x->aMap);
  free(x->aNew);
  pthread_mutex_destroy(&x->mu);
  free(x);
}

/* The next generation's: the dates whose states the one before had made, to be
** carried over when first asked for (when the policy reads the same; else they
** are computed again). Figures are not carried: counting is cheap beside states. */
static void *dash_derive(void *pPrev, const Register *g, const RegisterDelta *d) {
  Dash *p = pPrev, *x = dash_build(g);
  if (!d->samePolicy) return x;
  pthread_mutex_lock(&p->mu);
  for (int i = 0; i < p->nDay; i++) {
    States *s = p->aDay[i].pNow;
    if (!s) continue; /* never made there: not carried further */
    __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
    x->aDay[x->nDay++] = (DaySlot){s->day, 0, s};
  }
  pthread_mutex_unlock(&p->mu);
  if (x->nDay) {
    x->nPrev = d->prev->n;
    x->aMap = xmalloc(sizeof(int) * ((size_t)x->nPrev + 1));
    memcpy(x->aMap, d->aMap, sizeof(int) * (size_t)x->nPrev);
    x->nNew = d->nNew;
    x->aNew = xmalloc(sizeof(int) * ((size_t)x->nNew + 1));
    if (x->nNew) memcpy(x->aNew, d->aNew, sizeof(int) * (size_t)x->nNew);
  }
  return x;
}

static Dash *dash_of(const Register *g) {
  return web_register_aux(g, WEB_AUX_DASH, dash_build, dash_derive, dash_drop);
}

/* ---- each date's states ---- */

/* Under x->mu: the slot of day, or NULL. */
static DaySlot *slot_find(Dash *x, Day day) {
  for (int i = 0; i < x->nDay; i++)
    if (x->aDay[i].day == day) return &x->aDay[i];
  return 0;
}

/* The states at day of every recommendation, with a reference for the caller:
** found, carried over from the generation before's, or computed (outside the
** lock) and kept. NULL when every slot is taken by other dates. */
static States *day_states(Dash *x, Day day) {
  pthread_mutex_lock(&x->mu);
  DaySlot *d = slot_find(x, day);
  States *pWas = 0;
  if (d && d->pNow) {
    States *s = d->pNow;
    __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&x->mu);
    return s;
  }
  if (!d && x->nDay == DASH_DAYS) {
    pthread_mutex_unlock(&x->mu);
    return 0;
  }
  if (d && d->pWas) {
    pWas = d->pWas;
    __atomic_add_fetch(&pWas->refs, 1, __ATOMIC_RELAXED);
  }
  pthread_mutex_unlock(&x->mu);
  States *s = xcalloc(1, sizeof *s);
  s->refs = 1;
  s->day = day;
  s->n = x->set->n;
  s->a = states_alloc(s->n);
  if (pWas) {
    for (int j = 0; j < x->nPrev; j++)
      if (x->aMap[j] >= 0) s->a[x->aMap[j]] = pWas->a[j];
    for (int k = 0; k < x->nNew; k++)
      rec_state_at(&x->set->a[x->aNew[k]], x->pol, day, &s->a[x->aNew[k]]);
    states_unref(pWas);
    count(&stats.nDayCarried);
  } else {
    for (int i = 0; i < s->n; i++) rec_state_at(&x->set->a[i], x->pol, day, &s->a[i]);
    count(&stats.nDayFull);
  }
  pthread_mutex_lock(&x->mu);
  d = slot_find(x, day);
  if (!d && x->nDay < DASH_DAYS) {
    d = &x->aDay[x->nDay++];
    *d = (DaySlot){day, 0, 0};
  }
  if (d && d->pNow) { /* another reader made them first: theirs are kept */
    states_unref(s);
    s = d->pNow;
  } else if (d) {
    d->pNow = s;
    states_unref(d->pWas);
    d->pWas = 0;
  }
  if (d) __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED); /* the slot's, or the caller's */
  pthread_mutex_unlock(&x->mu);
  return s;
}

/* ReportInput.xStates: the whole register's states, or a directorate's cut
** from them (aIdx: its places in the register, in the register's order). */
typedef struct StatesAsk {
  Dash *x;
  const int *aIdx; /* NULL: the whole register */
  int n;
} StatesAsk;

static int states_give(void *ctx, Day day, RecState *aOut) {
  StatesAsk *q = ctx;
  States *s = day_states(q->x, day);
  if (!s) return 1; /* no room: the builder computes them */
  if (!q->aIdx)
    memcpy(aOut, s->a, sizeof(RecState) * (size_t)q->n);
  else
    for (int k = 0; k < q->n; k++) aOut[k] = s->a[q->aIdx[k]];
  states_unref(s);
  return 0;
}

/* ---- one request's figures ---- */

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
static void figs_make(Dash *x, const Register *g, Db *db, ReportInput *in, ReportInput *prev,
                      int nWorst, Figs *p) {
  RecSet sub = {0, 0, 0};
  const RecSet *set = g->set;
  StatesAsk q = {x, 0, g->set->n};
  if (in->f.zDirectorate) {
    const int *aIdx;
    int n = web_register_find(g, 1, in->f.zDirectorate, &aIdx);
    p->aSub = xmalloc(sizeof(Rec) * ((size_t)n + 1));
    for (int k = 0; k < n; k++) p->aSub[k] = g->set->a[aIdx[k]];
    sub.n = n;
    sub.a = p->aSub;
    set = &sub;
    q = (StatesAsk){x, aIdx, n};
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
  p->f.esc = report_build("escalations", in, &err);
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
  figs_make(x, g, db, in, prev, nWorst, p);
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
