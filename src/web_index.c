/*
** web_index.c: the list page's and the API list's selections answered from
** per-generation data (web_index.h): each selection's matches computed once
** from its date's states (web_states.c), in a bounded cache that goes with the
** generation's register (web_register_aux), and the list form's choices.
** Not for: rendering (page_list.c, api.c), who may see what (access.c), the
** register or its owner and directorate indexes (web_register.c), or SQL.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "access.h"
#include "web_index.h"
#include "web_states.h"

/* One selection's matches: indexes into the register, ascending. */
typedef struct Hit {
  char *zKey; /* NULL: slot unused */
  int *aIdx;
  int n;
  unsigned long use;
} Hit;

typedef struct Index {
  const RecSet *set; /* the generation's register, which outlives this */
  const Policy *pol;
  pthread_mutex_t mu;      /* aHit, aDistinct, tick */
  pthread_mutex_t buildMu; /* one selection computed at a time */
  Hit aHit[INDEX_HITS];
  const char **aDistinct[IX_DISTINCT__MAX]; /* web_index_distinct's, of the whole register, */
  char *zDistinct[IX_DISTINCT__MAX];        /* copied here (a derived index outlives records) */
  int nDistinct[IX_DISTINCT__MAX];
  unsigned long tick;
} Index;

static void *index_build(const Register *g) {
  Index *x = xcalloc(1, sizeof *x);
  x->set = g->set;
  x->pol = g->pol;
  pthread_mutex_init(&x->mu, 0);
  pthread_mutex_init(&x->buildMu, 0);
  for (int i = 0; i < IX_DISTINCT__MAX; i++) x->nDistinct[i] = -1;
  return x;
}

static void index_drop(void *p) {
  Index *x = p;
  for (int i = 0; i < INDEX_HITS; i++) {
    free(x->aHit[i].zKey);
    free(x->aHit[i].aIdx);
  }
  for (int i = 0; i < IX_DISTINCT__MAX; i++) {
    free(x->aDistinct[i]);
    free(x->zDistinct[i]);
  }
  pthread_mutex_destroy(&x->mu);
  pthread_mutex_destroy(&x->buildMu);
  free(x);
}

static void *index_derive(void *pPrev, const Register *g, const RegisterDelta *d);

static Index *index_of(const Register *g) {
  return web_register_aux(g, WEB_AUX_INDEX, index_build, index_derive, index_drop);
}

/* ---- a selection ---- */

static int has_text(const char *zHay, const char *zNeedle) {
  return zHay && strcasestr(zHay, zNeedle);
}

/* Does rec match the text search? A withheld item's texts are not searched: a
** hit would tell what they say. */
static int text_match(const IndexAsk *ask, const Rec *rec) {
  if (!ask->zQ) return 1;
  if (has_text(rec->zOwner, ask->zQ)) return 1;
  if (rec->confidential && !ask->f->includeConfidential) return 0;
  return has_text(rec->zTitle, ask->zQ) || has_text(rec->zBody, ask->zQ) ||
         has_text(rec->zAction, ask->zQ);
}

static int match(Req *r, const Index *x, const IndexAsk *ask, int i, const RecState *st) {
  const Rec *rec = &x->set->a[i];
  return filter_match(ask->f, x->pol, rec, st) && text_match(ask, rec) &&
         (!ask->viewOnly || web_rec_access(r, rec) != ACC_NONE);
}

static int int_cmp(const void *p, const void *q) {
  int a = *(const int *)p, b = *(const int *)q;
  return (a > b) - (a < b);
}

/* The records that can match: a directorate filter's run of the directorate
** index, else every record. Into *paCand (heap), ascending. */
static int candidates(const Register *g, const IndexAsk *ask, int **paCand) {
  const char *zDir = ask->f->zDirectorate;
  int n = g->set->n, *a;
  if (zDir && zDir[0]) {
    const int *aRun;
    n = web_register_find(g, 1, zDir, &aRun);
    a = xmalloc(sizeof(int) * ((size_t)n + 1));
    memcpy(a, aRun, sizeof(int) * (size_t)n);
    /* The run is in id order, as the register is; sorted again all the same so
    ** that the result does not hang on how the run is kept. */
    if (n > 1) qsort(a, (size_t)n, sizeof a[0], int_cmp);
  } else {
    a = xmalloc(sizeof(int) * ((size_t)n + 1));
    for (int i = 0; i < n; i++) a[i] = i;
  }
  *paCand = a;
  return n;
}

/* An owner's view: their own recommendations (the owner index) and the ones
** delegated to them (read with the request), ascending, each once, matched at
** asAt. Computed per request, sized by what the owner answers for. */
static int owner_matches(Req *r, const Register *g, const IndexAsk *ask, int **paIdx) {
  const int *aRun;
  int nRun = web_register_find(g, 0, r->user.zOwnerAs, &aRun);
  int *a = xmalloc(sizeof(int) * ((size_t)nRun + (size_t)r->nDelegated + 1));
  int n = 0;
  for (int k = 0; k < nRun; k++) a[n++] = aRun[k];
  for (int k = 0; k < r->nDelegated; k++) {
    const Rec *rec = recset_find(g->set, r->aDelegated[k]);
    if (rec) a[n++] = (int)(rec - g->set->a);
  }
  if (n > 1) qsort(a, (size_t)n, sizeof a[0], int_cmp);
  int m = 0;
  for (int k = 0; k < n; k++) {
    if (m && a[m - 1] == a[k]) continue;
    const Rec *rec = &g->set->a[a[k]];
    RecState st;
    rec_state_at(rec, g->pol, ask->asAt, &st);
    if (filter_match(ask->f, g->pol, rec, &st) && text_match(ask, rec) &&
        web_rec_access(r, rec) != ACC_NONE)
      a[m++] = a[k];
  }
  *paIdx = a;
  return m;
}

/* The cache key of a selection: every input of match(), each value with its
** length so that no value can pass for another. An admin's, an auditor's and
** the committee's views are the whole register; a director's is their
** directorate, which their filter names. */
static void sel_key(Buf *k, const Req *r, const IndexAsk *ask) {
  const Filter *f = ask->f;
  const char *az[] = {f->zRisk, f->zDirectorate, f->zTheme, f->zOwner, f->zBand, ask->zQ};
  int role = ask->viewOnly ? (int)r->user.role : -1;
  buf_appendf(k, "%d|%d|%d|%d", ask->asAt, (int)f->status, f->includeConfidential, role);
  if (ask->cmp) buf_appendf(k, "|sort %d %d", ask->sortKey, ask->sortDesc);
  if (role == ROLE_DIRECTOR)
    buf_appendf(k, "|%zu:%s", strlen(r->user.zDirectorate), r->user.zDirectorate);
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    if (az[i])
      buf_appendf(k, "|%zu:%s", strlen(az[i]), az[i]);
    else
      buf_puts(k, "|-");
  }
}

/* A row to sort by its rank: the key, its bits flipped so that unsigned order is
** signed order, and its index into the register. */
typedef struct Ranked {
  unsigned long long k;
  int i;
} Ranked;

/* Sort a (n) by k, keeping the order of equal keys: least significant byte
** first, a counting pass per byte, skipping the bytes every key shares. */
static void radix_sort(Ranked *a, int n) {
  Ranked *t = xmalloc(sizeof *t * ((size_t)n + 1)), *pFrom = a, *pTo = t;
  for (int shift = 0; shift < 64; shift += 8) {
    size_t aCnt[257] = {0};
    for (int k = 0; k < n; k++) aCnt[((pFrom[k].k >> shift) & 255) + 1]++;
    if (aCnt[((pFrom[0].k >> shift) & 255) + 1] == (size_t)n) continue;
    for (int b = 0; b < 256; b++) aCnt[b + 1] += aCnt[b];
    for (int k = 0; k < n; k++) pTo[aCnt[(pFrom[k].k >> shift) & 255]++] = pFrom[k];
    Ranked *pSwap = pFrom;
    pFrom = pTo;
    pTo = pSwap;
  }
  if (pFrom != a) memcpy(a, pFrom, sizeof *a * (size_t)n);
  free(t);
}

/* Put the n matches a (indexes into g's register) in ask's order, given their
** states by register index (aStAll) or, with aStAll NULL, computed here. */
static void sort_matches(const Register *g, const IndexAsk *ask, int *a, int n,
                         const RecState *aStAll) {
  if (!ask->cmp || n < 2) return;
  RecState *aSt = 0;
  if (!aStAll) {
    aSt = xmalloc(sizeof(RecState) * (size_t)n);
    for (int k = 0; k < n; k++) rec_state_at(&g->set->a[a[k]], g->pol, ask->asAt, &aSt[k]);
  }
  IndexRow *aRow = xmalloc(sizeof(IndexRow) * (size_t)n);
  for (int k = 0; k < n; k++)
    aRow[k] =
        (IndexRow){&g->set->a[a[k]], aStAll ? &aStAll[a[k]] : &aSt[k], ask->sortKey, ask->sortDesc};
  if (ask->rank) { /* a is ascending, so equal ranks stay in the register's order */
    Ranked *aR = xmalloc(sizeof *aR * (size_t)n);
    for (int k = 0; k < n; k++)
      aR[k] = (Ranked){(unsigned long long)ask->rank(&aRow[k]) ^ (1ULL << 63), a[k]};
    radix_sort(aR, n);
    for (int k = 0; k < n; k++) a[k] = aR[k].i;
    free(aR);
  } else {
    qsort(aRow, (size_t)n, sizeof *aRow, ask->cmp);
    for (int k = 0; k < n; k++) a[k] = (int)(aRow[k].rec - g->set->a);
  }
  free(aRow);
  free(aSt);
}

/* Copy the window of a selection's matches into out. afterId counts only in the
** register's order (sorted: 0). */
static void window(const Register *g, const int *aIdx, int n, long long afterId, int from, int max,
                   IndexPage *out) {
  int lo = 0, hi = afterId > 0 ? n : 0; /* the first match with an id above afterId */
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (g->set->a[aIdx[mid]].id <= afterId)
      lo = mid + 1;
    else
      hi = mid;
  }
  int start = from > n - lo ? n : lo + (from > 0 ? from : 0);
  int cnt = max < 0 || max > n - start ? n - start : max;
  out->total = n;
  out->start = start;
  out->n = cnt;
  out->apRec = xmalloc(sizeof(Rec *) * ((size_t)cnt + 1));
  for (int k = 0; k < cnt; k++) out->apRec[k] = &g->set->a[aIdx[start + k]];
}

/* Find the selection under the lock and copy its window: 1, or 0 when absent. */
static int hit_window(Index *x, const char *zKey, const Register *g, long long afterId, int from,
                      int max, IndexPage *out) {
  int found = 0;
  pthread_mutex_lock(&x->mu);
  for (int i = 0; i < INDEX_HITS && !found; i++) {
    Hit *h = &x->aHit[i];
    if (h->zKey && !strcmp(h->zKey, zKey)) {
      h->use = ++x->tick;
      window(g, h->aIdx, h->n, afterId, from, max, out);
      found = 1;
    }
  }
  pthread_mutex_unlock(&x->mu);
  return found;
}

/* Keep a selection's matches (which this takes), in the least recently used slot. */
static void hit_put(Index *x, char *zKey, int *aIdx, int n) {
  pthread_mutex_lock(&x->mu);
  Hit *pOld = &x->aHit[0];
  for (int i = 0; i < INDEX_HITS; i++) {
    Hit *h = &x->aHit[i];
    if (!h->zKey || (pOld->zKey && h->use < pOld->use)) pOld = h;
  }
  char *zOldKey = pOld->zKey;
  int *aOld = pOld->aIdx;
  pOld->zKey = zKey;
  pOld->aIdx = aIdx;
  pOld->n = n;
  pOld->use = ++x->tick;
  pthread_mutex_unlock(&x->mu);
  free(zOldKey);
  free(aOld);
}

/* Compute a selection from its date's states and keep it. */
static void hit_compute(Req *r, Index *x, const Register *g, const IndexAsk *ask, char *zKey) {
  DayStates *pHold;
  const RecState *aSt = web_states(g, ask->asAt, &pHold);
  int *aCand, nCand = candidates(g, ask, &aCand), n = 0;
  for (int k = 0; k < nCand; k++) {
    if (match(r, x, ask, aCand[k], &aSt[aCand[k]])) aCand[n++] = aCand[k];
  }
  sort_matches(g, ask, aCand, n, aSt);
  web_states_release(pHold);
  hit_put(x, zKey, aCand, n);
}

static void states_fill(const Register *g, Day asAt, IndexPage *out) {
  out->aSt = xmalloc(sizeof(RecState) * ((size_t)out->n + 1));
  for (int k = 0; k < out->n; k++) rec_state_at(out->apRec[k], g->pol, asAt, &out->aSt[k]);
}

void web_index_page(Req *r, const Register *g, const IndexAsk *ask, long long afterId, int from,
                    int max, IndexPage *out) {
  memset(out, 0, sizeof *out);
  if (ask->viewOnly && r->user.role == ROLE_OWNER) {
    int *a, n = owner_matches(r, g, ask, &a);
    sort_matches(g, ask, a, n, 0);
    window(g, a, n, afterId, from, max, out);
    free(a);
    states_fill(g, ask->asAt, out);
    return;
  }
  Index *x = index_of(g);
  Buf key = BUF_INIT;
  sel_key(&key, r, ask);
  if (!hit_window(x, buf_cstr(&key), g, afterId, from, max, out)) {
    /* One builder at a time: the others wait for it, then find its result. */
    pthread_mutex_lock(&x->buildMu);
    if (!hit_window(x, buf_cstr(&key), g, afterId, from, max, out)) {
      hit_compute(r, x, g, ask, xstrdup(buf_cstr(&key)));
      if (!hit_window(x, buf_cstr(&key), g, afterId, from, max, out))
        fatal("web_index: a selection was lost as it was kept");
    }
    pthread_mutex_unlock(&x->buildMu);
  }
  buf_free(&key);
  states_fill(g, ask->asAt, out);
}

void web_index_page_free(IndexPage *p) {
  free(p->apRec);
  free(p->aSt);
  memset(p, 0, sizeof *p);
}

/* ---- the list form's choices ---- */

static int str_cmp(const void *a, const void *b) {
  return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The values field takes in rec into az (up to 3: the people), returning how many. */
static int field_values(const Rec *rec, int field, const char **az) {
  switch (field) {
  case IX_RISK: az[0] = rec->zRiskLabel; return 1;
  case IX_DIRECTORATE: az[0] = rec->zDirectorate; return 1;
  case IX_THEME: az[0] = rec->zTheme; return 1;
  default: az[0] = rec->zOwner, az[1] = rec->zDirector, az[2] = rec->zExecMember; return 3;
  }
}

/* A case-blind hash of z, as strcasecmp compares (ASCII letters). */
static unsigned hash_nocase(const char *z) {
  unsigned h = 2166136261u;
  for (; *z; z++) {
    unsigned char c = (unsigned char)*z;
    h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * 16777619u;
  }
  return h;
}

/* The distinct non-empty values of field among the records a lists (n of
** them, ascending; NULL: all), sorted, each once in any case, the first
** spelling in the register's order kept. A hash set finds each value once, so
** that only the distinct values are sorted (a few hundred, of 300,000 names at
** 100,000 recommendations). */
static int distinct_of(const RecSet *set, const int *a, int n, int field, const char ***paz) {
  int cap = 1024, u = 0;
  const char **aSlot = xcalloc((size_t)cap, sizeof *aSlot);
  const char **az = xmalloc(sizeof(char *) * (3 * (size_t)n + 1));
  for (int k = 0; k < n; k++) {
    const char *azV[3];
    int nV = field_values(&set->a[a ? a[k] : k], field, azV);
    for (int v = 0; v < nV; v++) {
      const char *z = azV[v];
      if (!z || !z[0]) continue;
      unsigned i = hash_nocase(z) & (unsigned)(cap - 1);
      while (aSlot[i] && strcasecmp(aSlot[i], z)) i = (i + 1) & (unsigned)(cap - 1);
      if (aSlot[i]) continue; /* seen */
      aSlot[i] = az[u++] = z;
      if (2 * u > cap) { /* grow: every value placed again */
        free(aSlot);
        cap *= 2;
        aSlot = xcalloc((size_t)cap, sizeof *aSlot);
        for (int j = 0; j < u; j++) {
          unsigned h = hash_nocase(az[j]) & (unsigned)(cap - 1);
          while (aSlot[h]) h = (h + 1) & (unsigned)(cap - 1);
          aSlot[h] = az[j];
        }
      }
    }
  }
  free(aSlot);
  if (u > 1) qsort(az, (size_t)u, sizeof *az, str_cmp);
  *paz = az;
  return u;
}

static const char **copy_strs(const char **az, int n) {
  const char **p = xmalloc(sizeof(char *) * ((size_t)n + 1));
  memcpy(p, az, sizeof(char *) * (size_t)n);
  return p;
}

/* Copy x's distinct values of field into one block of its own, so that they
** outlive the records they were found in (a derived index keeps them). */
static void distinct_own(Index *x, int field) {
  const char **az = x->aDistinct[field];
  int n = x->nDistinct[field];
  size_t len = 1;
  for (int i = 0; i < n; i++) len += strlen(az[i]) + 1;
  char *z = xmalloc(len), *p = z;
  for (int i = 0; i < n; i++) {
    size_t k = strlen(az[i]) + 1;
    memcpy(p, az[i], k);
    az[i] = p;
    p += k;
  }
  free(x->zDistinct[field]);
  x->zDistinct[field] = z;
}

/* Is every value of field in rec one of the sorted distinct values az (n)? */
static int values_known(const Rec *rec, int field, const char *const *az, int n) {
  const char *azV[3];
  int nV = field_values(rec, field, azV);
  for (int v = 0; v < nV; v++) {
    if (!azV[v] || !azV[v][0]) continue;
    if (!bsearch(&azV[v], az, (size_t)n, sizeof *az, str_cmp)) return 0;
  }
  return 1;
}

static int same_text(const char *a, const char *b) {
  return (!a || !a[0]) ? (!b || !b[0]) : (b && !strcmp(a, b));
}

/* Did the delta remove a recommendation? Places of prev that go nowhere, beyond
** those of the recommendations read again (which replace their old selves). */
static int delta_removes(const Register *g, const RegisterDelta *d) {
  int nGone = 0, nReplaced = 0;
  for (int i = 0; i < d->prev->n; i++) nGone += d->aMap[i] < 0;
  for (int k = 0; k < d->nNew; k++)
    nReplaced += recset_find(d->prev, g->set->a[d->aNew[k]].id) != 0;
  return nGone != nReplaced;
}

/* Does the delta (which removed nothing) leave field's distinct values, and
** their first spellings, as they were? Yes when each recommendation read again
** has the same values as before, or is new with values already listed (it comes
** last, so no first spelling moves). */
static int distinct_kept(const Register *g, const RegisterDelta *d, int field,
                         const char *const *az, int n) {
  for (int k = 0; k < d->nNew; k++) {
    const Rec *rec = &g->set->a[d->aNew[k]], *old = recset_find(d->prev, rec->id);
    if (!old) {
      if (!values_known(rec, field, az, n)) return 0;
      continue;
    }
    const char *azA[3], *azB[3];
    int nA = field_values(old, field, azA);
    field_values(rec, field, azB);
    for (int v = 0; v < nA; v++)
      if (!same_text(azA[v], azB[v])) return 0;
  }
  return 1;
}

/* The next generation's index from the one before: the form's choices kept when
** the delta leaves them as they were. Selections are not carried: each is
** computed again from the date's states (carried over by web_states.c), when
** first asked for (filtering and sorting are cheap beside them). */
static void *index_derive(void *pPrev, const Register *g, const RegisterDelta *d) {
  Index *p = pPrev, *x = index_build(g);
  int removes = delta_removes(g, d);
  pthread_mutex_lock(&p->mu); /* p's choices */
  for (int f = 0; f < IX_DISTINCT__MAX && !removes; f++) {
    int n = p->nDistinct[f];
    if (n < 0 || !distinct_kept(g, d, f, p->aDistinct[f], n)) continue;
    x->aDistinct[f] = copy_strs(p->aDistinct[f], n);
    x->nDistinct[f] = n;
    distinct_own(x, f);
  }
  x->tick = p->tick;
  pthread_mutex_unlock(&p->mu);
  return x;
}

int web_index_distinct(const Register *g, int field, const char *zDirOnly, const char ***paz) {
  if (zDirOnly && zDirOnly[0]) {
    const int *aRun;
    int n = web_register_find(g, 1, zDirOnly, &aRun);
    int *a = xmalloc(sizeof(int) * ((size_t)n + 1));
    memcpy(a, aRun, sizeof(int) * (size_t)n);
    if (n > 1) qsort(a, (size_t)n, sizeof a[0], int_cmp); /* the register's order */
    int m = distinct_of(g->set, a, n, field, paz);
    free(a);
    return m;
  }
  if (zDirOnly) { /* an empty directorate: the records with an empty one, by a scan */
    int *a = xmalloc(sizeof(int) * ((size_t)g->set->n + 1)), n = 0;
    for (int i = 0; i < g->set->n; i++) {
      const char *z = g->set->a[i].zDirectorate;
      if (z && !z[0]) a[n++] = i;
    }
    int m = distinct_of(g->set, a, n, field, paz);
    free(a);
    return m;
  }
  Index *x = index_of(g);
  pthread_mutex_lock(&x->mu);
  if (x->nDistinct[field] < 0) {
    x->nDistinct[field] = distinct_of(g->set, 0, g->set->n, field, &x->aDistinct[field]);
    distinct_own(x, field);
  }
  int m = x->nDistinct[field];
  *paz = copy_strs(x->aDistinct[field], m);
  pthread_mutex_unlock(&x->mu);
  return m;
}
