/*
** web_states.c: each as-at date's states of every recommendation, per register
** generation (web_states.h). A date's states are one array (10 MB at 100,000
** recommendations), immutable once made and held by reference: a reader keeps
** its own while a newer generation carries them over or a date is let go.
** Not for: what a state is (model_state.c), or the register (web_register.c).
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "web_states.h"

struct DayStates {
  int refs; /* atomic */
  Day day;
  int n;
  RecState *a;
};

typedef struct Slot {
  Day day;
  DayStates *pNow; /* this generation's, NULL until made */
  DayStates *pWas; /* the generation before's, to carry over (aMap), or NULL */
  unsigned long use;
} Slot;

typedef struct States {
  const RecSet *set; /* the generation's register, which outlives this */
  const Policy *pol;
  pthread_mutex_t mu; /* the slots and their counts */
  Slot aSlot[STATES_DAYS];
  int nSlot;
  unsigned long tick;
  /* What the write before changed, to carry the dates' states over: the
  ** generation before's places to this one's (-1: read again or removed) and
  ** this one's places read again. */
  int *aMap, nPrev;
  int *aNew, nNew;
} States;

static StatesStats stats; /* atomic counts */

void web_states_stats(StatesStats *out) {
  out->nFull = __atomic_load_n(&stats.nFull, __ATOMIC_RELAXED);
  out->nCarried = __atomic_load_n(&stats.nCarried, __ATOMIC_RELAXED);
}

/* A date's states are mapped and unmapped whole: from malloc, an array this size
** freed on another thread than the one that made it would take that thread's
** arena lock (which the renderer's thread, at a low priority, may hold while it
** waits for a CPU), and once freed would raise malloc's threshold for mapping,
** so that the next ones came from an arena and stayed in the server's RSS. */
static RecState *states_map(int n) {
  size_t z = sizeof(RecState) * ((size_t)n + 1);
  void *p = mmap(0, z, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) fatal("out of memory (%zu bytes)", z);
  return p;
}

void web_states_release(DayStates *s) {
  if (s && __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0) {
    munmap(s->a, sizeof(RecState) * ((size_t)s->n + 1));
    free(s);
  }
}

static void hold(DayStates *s) { __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED); }

static void *states_build(const Register *g) {
  States *x = xcalloc(1, sizeof *x);
  x->set = g->set;
  x->pol = g->pol;
  pthread_mutex_init(&x->mu, 0);
  return x;
}

static void states_drop(void *p) {
  States *x = p;
  for (int i = 0; i < x->nSlot; i++) {
    web_states_release(x->aSlot[i].pNow);
    web_states_release(x->aSlot[i].pWas);
  }
  free(x->aMap);
  free(x->aNew);
  pthread_mutex_destroy(&x->mu);
  free(x);
}

/* The next generation's: the dates the one before had made, to be carried over
** when first asked for (when the policy reads the same; else computed again). */
static void *states_derive(void *pPrev, const Register *g, const RegisterDelta *d) {
  States *p = pPrev, *x = states_build(g);
  if (!d->samePolicy) return x;
  pthread_mutex_lock(&p->mu);
  for (int i = 0; i < p->nSlot; i++) {
    DayStates *s = p->aSlot[i].pNow;
    if (!s) continue; /* never made there: not carried further */
    hold(s);
    x->aSlot[x->nSlot++] = (Slot){s->day, 0, s, p->aSlot[i].use};
  }
  x->tick = p->tick;
  pthread_mutex_unlock(&p->mu);
  if (x->nSlot) {
    x->nPrev = d->prev->n;
    x->aMap = xmalloc(sizeof(int) * ((size_t)x->nPrev + 1));
    memcpy(x->aMap, d->aMap, sizeof(int) * (size_t)x->nPrev);
    x->nNew = d->nNew;
    x->aNew = xmalloc(sizeof(int) * ((size_t)x->nNew + 1));
    if (x->nNew) memcpy(x->aNew, d->aNew, sizeof(int) * (size_t)x->nNew);
  }
  return x;
}

/* Under x->mu: the slot of day, or NULL. */
static Slot *slot_find(States *x, Day day) {
  for (int i = 0; i < x->nSlot; i++)
    if (x->aSlot[i].day == day) return &x->aSlot[i];
  return 0;
}

/* Under x->mu: a slot for day, empty or the least recently used made free. */
static Slot *slot_take(States *x, Day day) {
  Slot *d;
  if (x->nSlot < STATES_DAYS) {
    d = &x->aSlot[x->nSlot++];
  } else {
    d = &x->aSlot[0];
    for (int i = 1; i < x->nSlot; i++)
      if (x->aSlot[i].use < d->use) d = &x->aSlot[i];
    web_states_release(d->pNow); /* its readers hold their own */
    web_states_release(d->pWas);
  }
  *d = (Slot){day, 0, 0, 0};
  return d;
}

const RecState *web_states(const Register *g, Day day, DayStates **ppHold) {
  States *x = web_register_aux(g, WEB_AUX_STATES, states_build, states_derive, states_drop);
  pthread_mutex_lock(&x->mu);
  Slot *d = slot_find(x, day);
  DayStates *pWas = 0;
  if (d && d->pNow) {
    DayStates *s = d->pNow;
    d->use = ++x->tick;
    hold(s);
    pthread_mutex_unlock(&x->mu);
    *ppHold = s;
    return s->a;
  }
  if (d && d->pWas) {
    pWas = d->pWas;
    hold(pWas);
  }
  pthread_mutex_unlock(&x->mu);
  DayStates *s = xcalloc(1, sizeof *s);
  s->refs = 1; /* the caller's */
  s->day = day;
  s->n = x->set->n;
  s->a = states_map(s->n);
  if (pWas) {
    for (int j = 0; j < x->nPrev; j++)
      if (x->aMap[j] >= 0) s->a[x->aMap[j]] = pWas->a[j];
    for (int k = 0; k < x->nNew; k++)
      rec_state_at(&x->set->a[x->aNew[k]], x->pol, day, &s->a[x->aNew[k]]);
    web_states_release(pWas);
    __atomic_add_fetch(&stats.nCarried, 1, __ATOMIC_RELAXED);
  } else {
    for (int i = 0; i < s->n; i++) rec_state_at(&x->set->a[i], x->pol, day, &s->a[i]);
    __atomic_add_fetch(&stats.nFull, 1, __ATOMIC_RELAXED);
  }
  pthread_mutex_lock(&x->mu);
  d = slot_find(x, day);
  if (d && d->pNow) { /* another reader made them first: theirs are kept */
    web_states_release(s);
    s = d->pNow;
    hold(s);
  } else {
    if (!d) d = slot_take(x, day);
    web_states_release(d->pWas);
    d->pWas = 0;
    d->pNow = s;
    hold(s); /* the slot's */
  }
  d->use = ++x->tick;
  pthread_mutex_unlock(&x->mu);
  *ppHold = s;
  return s->a;
}
