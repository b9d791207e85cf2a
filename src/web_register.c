/*
** web_register.c: what the web workers share between requests: the whole
** register as of the last write with its owner and directorate indexes, the
** cache of renderings at the register's generation, the evidence directory and
** upload limit, and freeing the Shared state.
** Not for: filling the Shared state or sockets (http.c), SQL (store*.c), or
** rendering (page_*.c, report_*.c).
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store.h"
#include "web.h"

/* ---- the shared register ---- */

#define WEB_AUX_SLOTS 4 /* data built once per generation (web_register_aux) */

typedef struct Box {
  RecSet set;
  Policy pol;
  char *zOrg;
  long long gen;
  int refs;               /* the Shared's own reference counts as one while it is current */
  int *aByOwner, *aByDir; /* indexes into set.a sorted by owner / directorate key */
  pthread_mutex_t auxMu;  /* guards aAux: each slot is built once */
  void *aAux[WEB_AUX_SLOTS];
  void (*axDrop[WEB_AUX_SLOTS])(void *);
} Box;

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

/* Sort indexes once per generation, so that "whose are these" is a binary
** search instead of a scan of the register on every page view. */
static void box_index(Box *x) {
  int n = x->set.n;
  x->aByOwner = xmalloc(sizeof(int) * (size_t)(n + 1));
  x->aByDir = xmalloc(sizeof(int) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) x->aByOwner[i] = x->aByDir[i] = i;
  if (n > 1) {
    qsort_r(x->aByOwner, (size_t)n, sizeof(int), by_owner, &x->set);
    qsort_r(x->aByDir, (size_t)n, sizeof(int), by_dir, &x->set);
  }
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

void *web_register_aux(const Register *g, int slot, void *(*build)(const Register *),
                       void (*drop)(void *)) {
  Box *x = g->pBox;
  if (slot < 0 || slot >= WEB_AUX_SLOTS) fatal("web_register_aux: no slot %d", slot);
  pthread_mutex_lock(&x->auxMu);
  if (!x->aAux[slot]) {
    x->aAux[slot] = build(g);
    x->axDrop[slot] = drop;
  }
  void *p = x->aAux[slot];
  pthread_mutex_unlock(&x->auxMu);
  return p;
}

static void box_unref(Shared *sh, Box *x) {
  (void)sh;
  if (--x->refs == 0) {
    for (int i = 0; i < WEB_AUX_SLOTS; i++) {
      if (x->aAux[i]) x->axDrop[i](x->aAux[i]);
    }
    pthread_mutex_destroy(&x->auxMu);
    free(x->aByOwner);
    free(x->aByDir);
    recset_free(&x->set);
    free(x->zOrg);
    free(x);
  }
}

int web_register_acquire(Req *r, Register *out) {
  Shared *sh = r->sh;
  long long gen = -1;
  if (journal_head(r->db, &gen)) gen = -1; /* matches no box: the load below says why */
  pthread_mutex_lock(&sh->mu);
  Box *x = sh->pBox;
  if (x && x->gen == gen) {
    x->refs++;
    pthread_mutex_unlock(&sh->mu);
  } else {
    pthread_mutex_unlock(&sh->mu);
    /* Load outside the lock, in one read transaction so the set, the policy and
    ** the generation agree. */
    x = xcalloc(1, sizeof *x);
    if (store_register_read(r->db, &x->pol, &x->set, &x->zOrg, &x->gen)) {
      free(x);
      web_error(r, 500, "The register could not be read. Try again in a moment.");
      return 1;
    }
    box_index(x);
    pthread_mutex_init(&x->auxMu, 0);
    x->refs = 1; /* the caller's */
    pthread_mutex_lock(&sh->mu);
    Box *cur = sh->pBox;
    if (!cur || cur->gen < x->gen) {
      if (cur) box_unref(sh, cur);
      sh->pBox = x;
      x->refs++;
    }
    pthread_mutex_unlock(&sh->mu);
  }
  out->set = &x->set;
  out->pol = &x->pol;
  out->zOrg = x->zOrg;
  out->gen = x->gen;
  out->pBox = x;
  return 0;
}

void web_register_release(Req *r, Register *reg) {
  if (!reg->pBox) return;
  pthread_mutex_lock(&r->sh->mu);
  box_unref(r->sh, reg->pBox);
  pthread_mutex_unlock(&r->sh->mu);
  reg->pBox = 0;
}

int web_cache_get(Req *r, long long gen, const char *zKey, Buf *out) {
  Shared *sh = r->sh;
  int hit = 0;
  pthread_mutex_lock(&sh->mu);
  for (int i = 0; i < WEB_CACHE_SLOTS && !hit; i++) {
    CacheEnt *e = &sh->aCache[i];
    if (e->zKey && e->gen == gen && !strcmp(e->zKey, zKey)) {
      buf_append(out, e->z, e->n);
      hit = 1;
    }
  }
  pthread_mutex_unlock(&sh->mu);
  return hit;
}

void web_cache_put(Req *r, long long gen, const char *zKey, const char *z, size_t n) {
  Shared *sh = r->sh;
  /* A whole appendix of a large register is cheaper to rebuild than to keep
  ** sixty-four of: memory stays bounded at WEB_CACHE_SLOTS x WEB_CACHE_MAX. */
  if (n > WEB_CACHE_MAX) return;
  char *zCopy = xmalloc(n ? n : 1), *zK = xstrdup(zKey);
  memcpy(zCopy, z, n);
  pthread_mutex_lock(&sh->mu);
  CacheEnt *e = &sh->aCache[sh->iCache];
  sh->iCache = (sh->iCache + 1) % WEB_CACHE_SLOTS;
  char *zOldKey = e->zKey, *zOld = e->z;
  e->zKey = zK;
  e->gen = gen;
  e->z = zCopy;
  e->n = n;
  pthread_mutex_unlock(&sh->mu);
  free(zOldKey);
  free(zOld);
}

const char *web_evidence_dir(const Req *r) { return r->sh->zEvidenceDir; }
long web_upload_limit(const Req *r) { return r->sh->uploadLimit; }
const EvidenceQuota *web_evidence_quota(const Req *r) { return &r->sh->evidenceQuota; }
const char *web_tracker_dir(const Req *r) { return r->sh->zTrackerDir; }
long long web_tracker_seconds(const Req *r) { return r->sh->trackerSeconds; }

void web_shared_free(Shared *sh) {
  for (int i = 0; i < sh->nDb; i++) db_close(sh->apDb[i]);
  if (sh->pBox) box_unref(sh, sh->pBox);
  for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
    free(sh->aCache[i].zKey);
    free(sh->aCache[i].z);
  }
  pthread_mutex_destroy(&sh->mu);
  pthread_key_delete(sh->dbKey);
  free(sh->zEvidenceDir);
  free(sh->zTrackerDir);
  free(sh);
}
