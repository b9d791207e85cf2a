/*
** web_register.c: what the web workers share between requests: the register as
** of the last write with its owner and directorate indexes, kept up to date by
** following the journal (each entry names what it changed; only that is read
** again), data hung off each generation (web_register_aux), the cache of
** renderings at the register's generation, the evidence directory and upload
** limit, and freeing the Shared state.
** Not for: filling the Shared state or sockets (http.c), SQL (store*.c), or
** rendering (page_*.c, report_*.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>

#include "http.h"
#include "store.h"
#include "web.h"

/* ---- the shared register ----
**
** A generation (Box) is an array of Rec in id order, its own, whose strings and
** history live in refcounted segments shared between generations: the base,
** read by the last full load, and one segment per batch of recommendations read
** again since. A new generation copies the array of Rec (the structs, not what
** they point to), replaces the recommendations the journal's new entries name,
** and counts one reference per Rec it takes from a batch, so that a batch is
** freed when no generation still shows one of its recommendations. Readers hold a
** generation by reference; it is never changed once published. */

typedef struct Seg {
  RecSet set; /* only its arena: the Recs are copied into each generation */
  int refs;   /* atomic: generations holding the base; Recs of all generations using a batch */
} Seg;

typedef struct Box {
  RecSet set; /* set.a is this generation's; set.pArena is NULL (the storage is in segments) */
  Seg *pBase;
  Seg **aSeg; /* per Rec: the batch holding its storage, NULL for the base */
  int nStale; /* Recs of the base replaced since it was read: its dead weight */
  int bigA;   /* set.a is big_alloc's (a delta's), not the full read's heap array */
  Policy pol;
  char *zOrg;
  long long gen;
  char zHash[65];         /* the journal head's hash: the chain the next delta must continue */
  int refs;               /* under Shared.mu; the Keeper's counts as one while it is current */
  int *aByOwner, *aByDir; /* indexes into set.a sorted by owner / directorate key */
  pthread_mutex_t auxMu;
  void *aAux[WEB_REGISTER_AUX_SLOTS];
  void (*aDrop[WEB_REGISTER_AUX_SLOTS])(void *);
  AuxDerive aDerive[WEB_REGISTER_AUX_SLOTS];
} Box;

/* Shared.pBox: the current generation, and the lock that lets one worker at a
** time build the next one while the others go on reading the current. */
typedef struct Keeper {
  Box *cur; /* under Shared.mu */
  pthread_mutex_t buildMu;
  pthread_t loader; /* the first load, in the background (web_register_preload) */
  int hasLoader;
  int loading; /* atomic: the first load has not finished */
} Keeper;

/* A generation's arrays (its Recs, segments, indexes: 25 MB and more at 100,000)
** are mapped and unmapped whole, zeroed: through malloc, each worker thread's
** arena would keep the last one it freed, and the server's RSS would grow by a
** register's array per thread under writes. */
static void *big_alloc(size_t n) {
  size_t *p = mmap(0, n + 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) fatal("out of memory (%zu bytes)", n);
  p[0] = n + 16;
  return (char *)p + 16;
}
static void big_free(void *p) {
  if (p) {
    size_t *q = (size_t *)((char *)p - 16);
    munmap(q, q[0]);
  }
}

static Seg *seg_new(RecSet *s, int refs) {
  Seg *g = xcalloc(1, sizeof *g);
  g->set.pArena = s->pArena;
  s->pArena = 0;
  g->refs = refs;
  return g;
}
static void seg_ref(Seg *g) { __atomic_add_fetch(&g->refs, 1, __ATOMIC_RELAXED); }
static void seg_unref(Seg *g) {
  if (g && __atomic_sub_fetch(&g->refs, 1, __ATOMIC_ACQ_REL) == 0) {
    recset_free(&g->set);
    free(g);
  }
}

static Box *box_new(void) {
  Box *x = xcalloc(1, sizeof *x);
  pthread_mutex_init(&x->auxMu, 0);
  return x;
}

static void box_free(Box *x) {
  for (int i = 0; i < WEB_REGISTER_AUX_SLOTS; i++)
    if (x->aAux[i] && x->aDrop[i]) x->aDrop[i](x->aAux[i]);
  for (int i = 0; i < x->set.n; i++) seg_unref(x->aSeg[i]);
  seg_unref(x->pBase);
  if (x->bigA)
    big_free(x->set.a);
  else
    free(x->set.a);
  big_free(x->aSeg);
  big_free(x->aByOwner);
  big_free(x->aByDir);
  free(x->zOrg);
  pthread_mutex_destroy(&x->auxMu);
  free(x);
}

/* Drop one reference, under Shared.mu: x when it was the last (the caller frees
** it after unlocking: freeing a register is too slow to do under the lock). */
static Box *box_unref(Box *x) { return x && --x->refs == 0 ? x : 0; }

/* qsort_r comparators: by key (any case; no key last), then by id. */
static int by_key(const Rec *a, const Rec *b, const char *za, const char *zb) {
  int c = !za ? (zb ? 1 : 0) : !zb ? -1 : strcasecmp(za, zb);
  return c ? c : (a->id > b->id) - (a->id < b->id);
}
static int by_owner(const void *pa, const void *pb, void *pSet) {
  const Rec *a = &((const RecSet *)pSet)->a[*(const int *)pa];
  const Rec *b = &((const RecSet *)pSet)->a[*(const int *)pb];
  return by_key(a, b, rec_accountable(a), rec_accountable(b));
}
static int by_dir(const void *pa, const void *pb, void *pSet) {
  const Rec *a = &((const RecSet *)pSet)->a[*(const int *)pa];
  const Rec *b = &((const RecSet *)pSet)->a[*(const int *)pb];
  return by_key(a, b, a->zDirectorate, b->zDirectorate);
}

/* Sort indexes once per full load, so that "whose are these" is a binary
** search instead of a scan of the register on every page view. */
static void box_index(Box *x) {
  int n = x->set.n;
  x->aByOwner = big_alloc(sizeof(int) * (size_t)(n + 1));
  x->aByDir = big_alloc(sizeof(int) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) x->aByOwner[i] = x->aByDir[i] = i;
  if (n > 1) {
    qsort_r(x->aByOwner, (size_t)n, sizeof(int), by_owner, &x->set);
    qsort_r(x->aByDir, (size_t)n, sizeof(int), by_dir, &x->set);
  }
}

static int key_cmp(int byDir, const Rec *a, const Rec *b) {
  return byDir ? by_key(a, b, a->zDirectorate, b->zDirectorate)
               : by_key(a, b, rec_accountable(a), rec_accountable(b));
}

/* The next generation's index (n entries, into set) from cur's: the Recs kept
** are in the same order (their keys and ids did not change; aMap gives their new
** places, -1 for those replaced), and the nNew Recs read again (at places aNew)
** are sorted and each put where a binary search of cur's index says, so a delta
** costs its own comparisons and a copy of the index, not a comparison per Rec. */
static int *index_merge(const Box *cur, int byDir, const int *aMap, const int *aNew, int nNew,
                        int n, RecSet *set) {
  const int *aOld = byDir ? cur->aByDir : cur->aByOwner;
  int nOld = cur->set.n;
  int *aSorted = xmalloc(sizeof(int) * (size_t)(nNew + 1));
  if (nNew) memcpy(aSorted, aNew, sizeof(int) * (size_t)nNew);
  if (nNew > 1) qsort_r(aSorted, (size_t)nNew, sizeof(int), byDir ? by_dir : by_owner, set);
  int *a = big_alloc(sizeof(int) * (size_t)(n + 1));
  int i = 0, m = 0;
  for (int j = 0; j <= nNew; j++) {
    int end = nOld; /* cur's entries sorting before new Rec j (all of them after the last) */
    if (j < nNew) {
      const Rec *r = &set->a[aSorted[j]];
      int lo = i;
      while (lo < end) {
        int mid = lo + (end - lo) / 2;
        if (key_cmp(byDir, &cur->set.a[aOld[mid]], r) < 0)
          lo = mid + 1;
        else
          end = mid;
      }
    }
    for (; i < end; i++)
      if (aMap[aOld[i]] >= 0) a[m++] = aMap[aOld[i]];
    if (j < nNew) a[m++] = aSorted[j];
  }
  free(aSorted);
  return a;
}

int web_register_find(const Register *g, int byDirectorate, const char *zKey, const int **paIdx) {
  const Box *x = g->pBox;
  const int *a = byDirectorate ? x->aByDir : x->aByOwner;
  int n = x->set.n;
  if (!zKey || !zKey[0]) {
    *paIdx = a;
    return 0;
  }
  /* The first index whose key is not below zKey, then the run equal to it. */
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    const Rec *r = &x->set.a[a[mid]];
    const char *z = byDirectorate ? r->zDirectorate : rec_accountable(r);
    if (z && strcasecmp(z, zKey) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  int end = lo;
  while (end < n) {
    const Rec *r = &x->set.a[a[end]];
    const char *z = byDirectorate ? r->zDirectorate : rec_accountable(r);
    if (!z || strcasecmp(z, zKey)) break;
    end++;
  }
  *paIdx = a + lo;
  return end - lo;
}

/* ---- building a generation ---- */

/* The whole register from the database: at start, and whenever following the
** journal would cost more than reading everything. NULL when it cannot be read. */
static Box *box_full(Db *db) {
  Box *x = box_new();
  RecSet s;
  if (store_register_read(db, &x->pol, &s, &x->zOrg, &x->gen, x->zHash)) {
    box_free(x);
    return 0;
  }
  x->set.n = s.n;
  x->set.a = s.a;
  x->pBase = seg_new(&s, 1);
  x->aSeg = big_alloc(sizeof *x->aSeg * ((size_t)s.n + 1));
  box_index(x);
  return x;
}

/* The first place at or after i in s whose id is not below id. */
static int first_at(const RecSet *s, int i, long long id) {
  int hi = s->n;
  while (i < hi) {
    int mid = i + (hi - i) / 2;
    if (s->a[mid].id < id)
      i = mid + 1;
    else
      hi = mid;
  }
  return i;
}

/* The generation after cur: cur's Recs in id order, those whose ids are in aId
** (ascending) replaced by d's (ascending; an id of aId missing from d was
** removed), sharing every other Rec's storage with cur. The runs between are
** copied whole. d's arena becomes a batch; d is left empty. Policy, name and
** generation are the caller's to set; *paMap (cur's places to x's, -1 for those
** read again or removed: big_free it) and *paNew (x's places of d's Recs: free
** it) are the caller's too, for derive_aux. */
static Box *box_apply(const Box *cur, RecSet *d, const long long *aId, int k, int **paMap,
                      int **paNew, int *pnNew) {
  int nOld = cur->set.n, cap = nOld + d->n;
  Box *x = box_new();
  x->set.a = big_alloc(sizeof(Rec) * (size_t)(cap + 1));
  x->bigA = 1;
  x->aSeg = big_alloc(sizeof *x->aSeg * ((size_t)cap + 1));
  int *aMap = big_alloc(sizeof(int) * (size_t)(nOld + 1)); /* old place -> new, -1: replaced */
  int *aNew = xmalloc(sizeof(int) * (size_t)(d->n + 1));   /* the places of d's Recs */
  Seg *pSeg = d->n ? seg_new(d, d->n) : 0;
  int i = 0, j = 0, t = 0, n = 0, nNew = 0;
  x->nStale = cur->nStale;
  for (;;) {
    long long stop = t < k ? aId[t] : -1; /* the next id named, else the end */
    if (j < d->n && (stop < 0 || d->a[j].id < stop)) stop = d->a[j].id;
    int e = stop < 0 ? nOld : first_at(&cur->set, i, stop);
    if (e > i) {
      memcpy(x->set.a + n, cur->set.a + i, sizeof(Rec) * (size_t)(e - i));
      memcpy(x->aSeg + n, cur->aSeg + i, sizeof *x->aSeg * (size_t)(e - i));
    }
    for (; i < e; i++, n++) {
      if (x->aSeg[n]) seg_ref(x->aSeg[n]);
      aMap[i] = n;
    }
    if (stop < 0) break;
    if (i < nOld && cur->set.a[i].id == stop) {
      if (!cur->aSeg[i]) x->nStale++; /* replaced or removed: its storage is dead weight */
      aMap[i++] = -1;
    }
    if (j < d->n && d->a[j].id == stop) {
      x->set.a[n] = d->a[j++];
      x->aSeg[n] = pSeg;
      aNew[nNew++] = n++;
    }
    while (t < k && aId[t] <= stop) t++;
  }
  x->set.n = n;
  x->pBase = cur->pBase;
  seg_ref(x->pBase);
  x->aByOwner = index_merge(cur, 0, aMap, aNew, nNew, n, &x->set);
  x->aByDir = index_merge(cur, 1, aMap, aNew, nNew, n, &x->set);
  *paMap = aMap; /* big_free it */
  *paNew = aNew;
  *pnNew = nNew;
  recset_free(d); /* its array: the Recs were copied, the arena is the batch's */
  return x;
}

/* What the journal's entries after cur's generation touch: the ids of the
** recommendations to read again (heap, ascending, no repeats), or *pAll when an
** entry changes more than a delta should follow (a new database, a risk scale,
** an import, an action this does not know). 0, or 1 when the database fails. */
static int changes_read(Db *db, const JournalChange *a, int n, long long **paId, int *pk,
                        int *pAll) {
  static const char *const azNone[] = {/* entities outside the register's Recs */
                                       "cycle",   "pack",     "person", "user", "outbox",
                                       "setting", "template", "policy", 0};
  long long *aId = 0;
  int k = 0;
  for (int i = 0; i < n && !*pAll; i++) {
    const JournalChange *c = &a[i];
    int none = 0;
    for (int m = 0; azNone[m] && !none; m++) none = !strcmp(c->zEntity, azNone[m]);
    if (none) continue; /* the policy is read again with every delta */
    if (!strcmp(c->zEntity, "rec") && c->entityId > 0) {
      aId = xrealloc(aId, sizeof *aId * (size_t)(k + 1));
      aId[k++] = c->entityId;
    } else if (!strcmp(c->zEntity, "audit") && c->entityId > 0) {
      long long *aRec = 0;
      int nRec = 0;
      if (store_audit_rec_ids(db, c->entityId, &aRec, &nRec)) {
        free(aId);
        return 1;
      }
      aId = xrealloc(aId, sizeof *aId * (size_t)(k + nRec + 1));
      if (nRec) memcpy(aId + k, aRec, sizeof *aId * (size_t)nRec);
      k += nRec;
      free(aRec);
    } else {
      *pAll = 1;
    }
  }
  *paId = aId;
  *pk = k;
  return 0;
}

/* Do two policies read the same, key by key? */
static int policy_same(const Policy *a, const Policy *b) {
  Buf x = BUF_INIT, y = BUF_INIT;
  int same = 1;
  for (int i = 0; i < POLICY_KEY__MAX && same; i++) {
    buf_reset(&x);
    buf_reset(&y);
    policy_key_table[i].xValue(a, &x);
    policy_key_table[i].xValue(b, &y);
    same = x.n == y.n && !memcmp(buf_cstr(&x), buf_cstr(&y), x.n);
  }
  buf_free(&x);
  buf_free(&y);
  return same;
}

/* The aux values of x made from cur's, by the derive each was built with. x is
** not yet published: nothing else reads its slots. */
static void derive_aux(Box *cur, Box *x, const RegisterDelta *d) {
  Register g = {&x->set, &x->pol, x->zOrg, x->gen, x, 0};
  pthread_mutex_lock(&cur->auxMu);
  for (int i = 0; i < WEB_REGISTER_AUX_SLOTS; i++) {
    if (!cur->aAux[i] || !cur->aDerive[i]) continue;
    x->aAux[i] = cur->aDerive[i](cur->aAux[i], &g, d);
    x->aDrop[i] = cur->aDrop[i];
    x->aDerive[i] = cur->aDerive[i];
  }
  pthread_mutex_unlock(&cur->auxMu);
}

static int cmp_id(const void *pa, const void *pb) {
  long long a = *(const long long *)pa, b = *(const long long *)pb;
  return (a > b) - (a < b);
}

/* Read the delta after cur in one read transaction, so that the Recs, the
** policy and the new head agree: 0 with *ppX the next generation, or cur itself
** when nothing was written since; 1 when a full load is due instead (too many
** changes, the chain is not the one cur followed, a change of everything, or a
** failed read: the full load says why if it fails too). */
static int box_delta(Db *db, Box *cur, Box **ppX) {
  int max = cur->set.n / 4 + 64; /* beyond this, reading everything costs less */
  JournalChange *a = 0;
  long long *aId = 0;
  int n = 0, k = 0, all = 0, ok = !db_begin_read(db);
  ok = ok && !store_journal_since(db, cur->gen, max + 2, &a, &n);
  int skip = cur->gen > 0; /* entry cur->gen itself comes first: the chain's check */
  if (ok && skip) ok = n > 0 && a[0].id == cur->gen && !strcmp(a[0].zHash, cur->zHash);
  ok = ok && n - skip <= max && !changes_read(db, a + skip, n - skip, &aId, &k, &all) && !all;
  if (ok && k > 1) {
    qsort(aId, (size_t)k, sizeof *aId, cmp_id);
    int m = 0;
    for (int i = 0; i < k; i++)
      if (!m || aId[i] != aId[m - 1]) aId[m++] = aId[i];
    k = m;
  }
  ok = ok && k <= max && cur->nStale + k <= max;
  RecSet d = {0, 0, 0};
  Policy pol;
  char *zOrg = 0;
  int same = ok && n - skip == 0;
  ok = ok && (same || (!store_load_ids(db, aId, k, &d) && !store_policy_load(db, &pol) &&
                       !db_meta_read(db, "organisation", &zOrg)));
  db_rollback(db);
  if (ok && !same) {
    int *aMap, *aNew, nNew;
    Box *x = box_apply(cur, &d, aId, k, &aMap, &aNew, &nNew);
    x->pol = pol;
    x->zOrg = zOrg;
    x->gen = a[n - 1].id;
    memcpy(x->zHash, a[n - 1].zHash, sizeof x->zHash);
    derive_aux(cur, x, &(RegisterDelta){&cur->set, aMap, aNew, nNew, policy_same(&cur->pol, &pol)});
    big_free(aMap);
    free(aNew);
    *ppX = x;
  } else {
    recset_free(&d);
    free(zOrg);
    *ppX = ok ? cur : 0;
  }
  free(a);
  free(aId);
  return ok ? 0 : 1;
}

static Keeper *keeper(Shared *sh) {
  pthread_mutex_lock(&sh->mu);
  Keeper *k = sh->pBox;
  if (!k) {
    k = xcalloc(1, sizeof *k);
    pthread_mutex_init(&k->buildMu, 0);
    sh->pBox = k;
  }
  pthread_mutex_unlock(&sh->mu);
  return k;
}

/* The current generation with a reference for the caller, if it is at head. */
static Box *box_current(Shared *sh, Keeper *k, long long head) {
  pthread_mutex_lock(&sh->mu);
  Box *x = k->cur;
  if (x && x->gen == head)
    x->refs++;
  else
    x = 0;
  pthread_mutex_unlock(&sh->mu);
  return x;
}

/* Under buildMu: bring the register up to the journal's head, by its delta when
** there is a current generation, else (or when that fails) by a full load;
** publish it and return it with a reference for the caller. NULL when the
** register cannot be read. */
static Box *box_build(Shared *sh, Keeper *k, Db *db) {
  pthread_mutex_lock(&sh->mu);
  Box *cur = k->cur; /* alive: only a builder replaces it, and we are the builder */
  pthread_mutex_unlock(&sh->mu);
  Box *x = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int full = !cur || box_delta(db, cur, &x);
  if (full) x = box_full(db);
  if (!x) return 0;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long us = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
  Box *pOld = 0;
  pthread_mutex_lock(&sh->mu);
  if (x != cur) { /* a delta that found nothing to apply returns cur itself */
    *(full ? &sh->stats.nFull : &sh->stats.nDelta) += 1;
    sh->stats.lastBuildUs = us;
    sh->stats.sumBuildUs += us;
  }
  if (x != k->cur) {
    pOld = box_unref(k->cur);
    k->cur = x;
    x->refs++; /* the Keeper's */
  }
  x->refs++; /* the caller's */
  pthread_mutex_unlock(&sh->mu);
  if (pOld) box_free(pOld);
  return x;
}

/* The current generation, whatever its head, with a reference; NULL before the first. */
static Box *box_any(Shared *sh, Keeper *k) {
  pthread_mutex_lock(&sh->mu);
  Box *x = k->cur;
  if (x) x->refs++;
  pthread_mutex_unlock(&sh->mu);
  return x;
}

/* recent: rather than wait for another request building the next generation,
** take the current one. */
static int acquire(Req *r, Register *out, int recent) {
  Shared *sh = r->sh;
  long long head = -1;
  if (journal_head(r->db, &head)) head = -1; /* matches no box: the load below says why */
  Keeper *k = keeper(sh);
  Box *x = box_current(sh, k, head);
  /* The renderer's thread, at a low priority, never builds a generation: holding
  ** the builder's lock, it would keep the workers waiting. It renders the
  ** current one; a reader at a later one hands on the next rendering. */
  if (!x && r->zDetachedKey) x = box_any(sh, k);
  int locked = 0;
  if (!x && recent) {
    /* Under writes, every request after one waited for its generation to be built
    ** (tens of milliseconds at 100,000, more on a busy machine): these take the
    ** current one while another builds, and build it themselves only when no one is. */
    locked = pthread_mutex_trylock(&k->buildMu) == 0;
    if (!locked) x = box_any(sh, k);
  }
  if (!x) {
    /* One builder at a time; whoever waited may find the work done. */
    if (!locked) pthread_mutex_lock(&k->buildMu);
    x = box_current(sh, k, head);
    if (!x) x = box_build(sh, k, r->db);
    pthread_mutex_unlock(&k->buildMu);
    if (!x) {
      web_error(r, 500, "The register could not be read. Try again in a moment.");
      return 1;
    }
  }
  out->set = &x->set;
  out->pol = &x->pol;
  out->zOrg = x->zOrg;
  out->gen = x->gen;
  out->pBox = x;
  out->behind = x->gen != head;
  return 0;
}

int web_register_acquire(Req *r, Register *out) { return acquire(r, out, 0); }
int web_register_acquire_recent(Req *r, Register *out) { return acquire(r, out, 1); }

/* The first load, on its own connection, so that the server answers at once
** (sign-in pages, /healthz's "loading") while a large register is read; a page
** that needs the register waits on buildMu as it would for any rebuild. */
static void *preload_main(void *pArg) {
  Shared *sh = pArg;
  Keeper *k = sh->pBox;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  Db *db = 0;
  char *zErr = 0;
  Box *x = 0;
  if (db_open(sh->o->zDbPath, 0, &db, &zErr)) {
    fprintf(stderr, "auditrack: the register was not loaded at start: %s\n", zErr);
    free(zErr);
  } else {
    long long head = -1;
    pthread_mutex_lock(&k->buildMu);
    if (!journal_head(db, &head) && !(x = box_current(sh, k, head))) x = box_build(sh, k, db);
    pthread_mutex_unlock(&k->buildMu);
    if (!x) fprintf(stderr, "auditrack: the register was not loaded at start: %s\n", db_errmsg(db));
    db_close(db);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (x) {
    fprintf(
        stderr, "auditrack: register loaded: %d recommendations at generation %lld in %lld ms\n",
        x->set.n, x->gen, (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000);
    pthread_mutex_lock(&sh->mu);
    Box *pFree = box_unref(x);
    pthread_mutex_unlock(&sh->mu);
    if (pFree) box_free(pFree);
  }
  __atomic_store_n(&k->loading, 0, __ATOMIC_SEQ_CST);
  return 0;
}

void web_register_preload(Shared *sh) {
  Keeper *k = keeper(sh);
  __atomic_store_n(&k->loading, 1, __ATOMIC_SEQ_CST);
  if (pthread_create(&k->loader, 0, preload_main, sh) == 0)
    k->hasLoader = 1;
  else
    __atomic_store_n(&k->loading, 0, __ATOMIC_SEQ_CST); /* the first page loads it */
}

int web_register_loading(Shared *sh) {
  Keeper *k = keeper(sh);
  return __atomic_load_n(&k->loading, __ATOMIC_SEQ_CST);
}

void web_register_release(Req *r, Register *reg) {
  if (!reg->pBox) return;
  pthread_mutex_lock(&r->sh->mu);
  Box *pFree = box_unref(reg->pBox);
  pthread_mutex_unlock(&r->sh->mu);
  if (pFree) box_free(pFree);
  reg->pBox = 0;
}

void *web_register_aux(const Register *g, int slot, void *(*build)(const Register *),
                       AuxDerive derive, void (*drop)(void *)) {
  Box *x = g->pBox;
  if (!x || slot < 0 || slot >= WEB_REGISTER_AUX_SLOTS) return 0;
  pthread_mutex_lock(&x->auxMu);
  if (!x->aAux[slot]) {
    x->aAux[slot] = build(g);
    x->aDrop[slot] = drop;
    x->aDerive[slot] = derive;
  }
  void *p = x->aAux[slot];
  pthread_mutex_unlock(&x->auxMu);
  return p;
}

/* Under Shared.mu: a reference to e's bytes, for bytes_copy after unlocking. */
static CacheBytes *bytes_ref(Shared *sh, CacheEnt *e) {
  e->use = ++sh->cacheTick; /* read: the last to go */
  __atomic_add_fetch(&e->pBytes->refs, 1, __ATOMIC_RELAXED);
  return e->pBytes;
}

static void bytes_unref(CacheBytes *p) {
  if (p && __atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) == 0) free(p);
}

/* p's bytes appended to out, and the reference given back (not under Shared.mu). */
static void bytes_copy(CacheBytes *p, Buf *out) {
  buf_append(out, p->z, p->n);
  bytes_unref(p);
}

int web_cache_get(Req *r, long long gen, const char *zKey, Buf *out) {
  Shared *sh = r->sh;
  CacheBytes *p = 0;
  pthread_mutex_lock(&sh->mu);
  for (int i = 0; i < WEB_CACHE_SLOTS && !p; i++) {
    CacheEnt *e = &sh->aCache[i];
    if (e->zKey && e->gen == gen && !strcmp(e->zKey, zKey)) p = bytes_ref(sh, e);
  }
  *(p ? &sh->stats.nHit : &sh->stats.nMiss) += 1;
  pthread_mutex_unlock(&sh->mu);
  if (p) bytes_copy(p, out);
  return p != 0;
}

void web_stats(Shared *sh, WebStats *out) {
  pthread_mutex_lock(&sh->mu);
  *out = sh->stats;
  pthread_mutex_unlock(&sh->mu);
}

/* Under Shared.mu: the flight slot of zKey, or -1. */
static int flight_find(Shared *sh, const char *zKey) {
  for (int i = 0; i < WEB_FLIGHT_SLOTS; i++) {
    if (sh->azFlight[i] && !strcmp(sh->azFlight[i], zKey)) return i;
  }
  return -1;
}

/* Under Shared.mu: end zKey's flight, if it has one, and wake its waiters. */
static void flight_end(Shared *sh, const char *zKey) {
  int i = flight_find(sh, zKey);
  if (i < 0) return;
  free(sh->azFlight[i]);
  sh->azFlight[i] = 0;
  pthread_cond_broadcast(&sh->flightCv);
}

static long long now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

/* Renderings that took longer than this are made aside after a write
** (AUDITRACK_RENDER_ASIDE_MS, default 100; 0: always). */
static long long render_aside_us(void) {
  const char *z = getenv("AUDITRACK_RENDER_ASIDE_MS");
  char *zEnd = 0;
  long v = z && z[0] ? strtol(z, &zEnd, 10) : -1;
  return v >= 0 && zEnd && !*zEnd ? v * 1000LL : 100000LL;
}

int web_cache_claim(Req *r, long long gen, const char *zKey, Buf *out) {
  Shared *sh = r->sh;
  r->renderT0 = now_us();
  if (r->zDetachedKey) return CACHE_MINE; /* the flight was claimed for this job */
  CacheEnt *pStale = 0;
  pthread_mutex_lock(&sh->mu);
  for (;;) {
    pStale = 0;
    for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
      CacheEnt *e = &sh->aCache[i];
      if (!e->zKey || strcmp(e->zKey, zKey)) continue;
      if (e->gen == gen) {
        CacheBytes *p = bytes_ref(sh, e);
        sh->stats.nHit++;
        pthread_mutex_unlock(&sh->mu);
        bytes_copy(p, out);
        return CACHE_FRESH;
      }
      if (e->gen < gen && (!pStale || e->gen > pStale->gen)) pStale = e;
    }
    if (flight_find(sh, zKey) < 0) break; /* no one is rendering it: the caller will */
    if (pStale) {
      CacheBytes *p = bytes_ref(sh, pStale);
      sh->stats.nStale++;
      pthread_mutex_unlock(&sh->mu);
      bytes_copy(p, out);
      return CACHE_STALE;
    }
    pthread_cond_wait(&sh->flightCv, &sh->mu); /* the first rendering of this key */
  }
  int noted = 0;
  for (int i = 0; i < WEB_FLIGHT_SLOTS && !noted; i++) {
    if (!sh->azFlight[i]) {
      sh->azFlight[i] = xstrdup(zKey);
      noted = 1;
    }
  }
  sh->stats.nMiss++;
  /* An earlier copy to answer with while the renderer's thread makes this one:
  ** only when the flight is noted, or every reader would queue the same job, and
  ** when rendering it is slow enough to hold up a worker's other connections. */
  if (noted && pStale && pStale->us >= render_aside_us()) {
    CacheBytes *p = bytes_ref(sh, pStale);
    pthread_mutex_unlock(&sh->mu);
    bytes_copy(p, out);
    return CACHE_HANDOFF;
  }
  pthread_mutex_unlock(&sh->mu);
  return CACHE_MINE;
}

/* A detached rendering's own flight has ended (web_render.c ends it otherwise). */
static void detached_done(Req *r, const char *zKey) {
  if (r->zDetachedKey && !strcmp(r->zDetachedKey, zKey)) r->detachedDone = 1;
}

void web_cache_drop(Req *r, const char *zKey) {
  detached_done(r, zKey);
  pthread_mutex_lock(&r->sh->mu);
  flight_end(r->sh, zKey);
  pthread_mutex_unlock(&r->sh->mu);
}

/* Under Shared.mu: the slot to put zKey's rendering at gen in: its own (one slot
** per key, holding its latest generation's, so that a page every reader asks for
** keeps the copy it answers with while it is rendered again, however many other
** pages were put since), else an empty one, else the least recently used. NULL
** when its own holds a later generation's. */
static CacheEnt *cache_slot(Shared *sh, const char *zKey, long long gen) {
  CacheEnt *pFree = 0, *pOld = 0;
  for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
    CacheEnt *e = &sh->aCache[i];
    if (!e->zKey) {
      if (!pFree) pFree = e;
    } else if (!strcmp(e->zKey, zKey)) {
      return e->gen > gen ? 0 : e;
    } else if (!pOld || e->use < pOld->use) {
      pOld = e;
    }
  }
  return pFree ? pFree : pOld;
}

void web_cache_put(Req *r, long long gen, const char *zKey, const char *z, size_t n) {
  Shared *sh = r->sh;
  detached_done(r, zKey);
  /* A whole appendix of a large register is cheaper to rebuild than to keep
  ** sixty-four of: memory stays bounded at WEB_CACHE_SLOTS x WEB_CACHE_MAX. Its
  ** flight ends all the same, so that no reader waits for it. */
  if (n > WEB_CACHE_MAX) {
    web_cache_drop(r, zKey);
    return;
  }
  CacheBytes *pCopy = xmalloc(sizeof *pCopy + (n ? n : 1));
  pCopy->refs = 1;
  pCopy->n = n;
  memcpy(pCopy->z, z, n);
  char *zK = xstrdup(zKey);
  pthread_mutex_lock(&sh->mu);
  CacheEnt *e = cache_slot(sh, zKey, gen);
  char *zOldKey = zK;
  CacheBytes *pOld = pCopy; /* not kept: a later generation's is */
  if (e) {
    zOldKey = e->zKey;
    pOld = e->pBytes;
    e->zKey = zK;
    e->gen = gen;
    e->pBytes = pCopy;
    e->us = r->renderT0 ? now_us() - r->renderT0 : 0;
    e->use = ++sh->cacheTick;
  }
  if (r->zDetachedKey) sh->stats.nBackground++;
  flight_end(sh, zKey);
  pthread_mutex_unlock(&sh->mu);
  free(zOldKey);
  bytes_unref(pOld); /* freed here unless a reader is still copying it */
}

const char *web_evidence_dir(const Req *r) { return r->sh->zEvidenceDir; }
long web_upload_limit(const Req *r) { return r->sh->uploadLimit; }
const EvidenceQuota *web_evidence_quota(const Req *r) { return &r->sh->evidenceQuota; }
const char *web_tracker_dir(const Req *r) { return r->sh->zTrackerDir; }
long long web_tracker_seconds(const Req *r) { return r->sh->trackerSeconds; }

void web_shared_free(Shared *sh) {
  web_render_stop(sh); /* first: its jobs use the cache and the register */
  for (int i = 0; i < sh->nDb; i++) db_close(sh->apDb[i]);
  Keeper *k = sh->pBox;
  if (k && k->hasLoader) pthread_join(k->loader, 0);
  if (k) {
    Box *x = k->cur ? box_unref(k->cur) : 0;
    if (x) box_free(x);
    pthread_mutex_destroy(&k->buildMu);
    free(k);
  }
  for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
    free(sh->aCache[i].zKey);
    bytes_unref(sh->aCache[i].pBytes);
  }
  for (int i = 0; i < WEB_FLIGHT_SLOTS; i++) free(sh->azFlight[i]);
  pthread_cond_destroy(&sh->flightCv);
  pthread_mutex_destroy(&sh->mu);
  pthread_key_delete(sh->dbKey);
  free(sh->zEvidenceDir);
  free(sh->zTrackerDir);
  free(sh);
}
