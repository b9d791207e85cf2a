/*
** model_recset.c: the arena behind a RecSet (model.h): the chunks every string
** and history array of a loaded register lives in, freed at once by
** recset_free(), the lookup of a recommendation by id, and the mean percent
** complete of an audit's open recommendations. Pure, with model.c.
** Not for: loading it (store.c) or sharing it between generations (web_register.c).
*/
#include "model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct Chunk {
  struct Chunk *pNext;
  size_t used, cap;
  void *pAdopted;  /* a heap block given by recset_adopt, freed with the chunk; or NULL */
  size_t nAdopted; /* its size */
  max_align_t data[];
} Chunk;

/* Chunks start small and double up to CHUNK_MAX: a set of one recommendation
** (the web's register reads one again after each write and keeps it while a
** generation shows it) takes a few kilobytes, not CHUNK_MAX; a whole register
** takes a handful more chunks than it would at CHUNK_MAX from the start. */
#define CHUNK_FIRST (4096 - sizeof(Chunk) - 16) /* with malloc's header: one page */
#define CHUNK_MAX 65536

void *recset_alloc(RecSet *s, size_t n) {
  Chunk *c = s->pArena;
  n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  if (!c || c->cap - c->used < n) {
    size_t cap = c && c->cap >= CHUNK_FIRST ? c->cap * 2 : CHUNK_FIRST;
    if (cap > CHUNK_MAX) cap = CHUNK_MAX;
    if (cap < n) cap = n;
    Chunk *d = xmalloc(sizeof(Chunk) + cap);
    d->pNext = c;
    d->used = 0;
    d->cap = cap;
    d->pAdopted = 0;
    d->nAdopted = 0;
    s->pArena = c = d;
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  return p;
}

void recset_adopt(RecSet *s, void *p, size_t n) {
  if (!p) return;
  /* A chunk with no room of its own, behind the one being filled so that its
  ** free space is still used. */
  Chunk *d = xmalloc(sizeof(Chunk));
  d->used = d->cap = 0;
  d->pAdopted = p;
  d->nAdopted = n;
  Chunk *c = s->pArena;
  if (c) {
    d->pNext = c->pNext;
    c->pNext = d;
  } else {
    d->pNext = 0;
    s->pArena = d;
  }
}

size_t recset_bytes(const RecSet *s) {
  size_t n = 0;
  for (const Chunk *c = s->pArena; c; c = c->pNext) n += sizeof *c + c->cap + c->nAdopted;
  return n;
}

char *recset_strdup(RecSet *s, const char *z) {
  if (!z) return 0;
  size_t n = strlen(z);
  char *p = recset_alloc(s, n + 1);
  memcpy(p, z, n + 1);
  return p;
}

const Cycle *cycle_find(const Cycle *a, int n, const char *zName) {
  for (int i = 0; i < n; i++)
    if (strcasecmp(a[i].zName, zName) == 0) return &a[i];
  return 0;
}

const Cycle *cycle_before(const Cycle *a, int n, Day d) {
  const Cycle *p = 0;
  for (int i = 0; i < n && a[i].asAt < d; i++) p = &a[i];
  return p;
}

const Cycle *cycle_on(const Cycle *a, int n, Day d) {
  for (int i = 0; i < n; i++)
    if (a[i].asAt == d) return &a[i];
  return 0;
}

Day cycle_since_default(const Cycle *a, int n, Day asAt) {
  const Cycle *p = cycle_before(a, n, asAt);
  return p ? p->asAt : day_add_months(asAt, -3);
}

const char *rec_accountable(const Rec *r) {
  return r->zOwner && r->zOwner[0] ? r->zOwner : r->zDirector;
}

int rec_returned_open(const Rec *r, Day decidedOn, long long progressSeen, Day asAt) {
  if (decidedOn == DAY_NONE || decidedOn > asAt) return 0;
  for (int i = 0; i < r->nProg; i++) {
    if (r->aProg[i].id > progressSeen && r->aProg[i].on <= asAt) return 0;
  }
  return 1;
}

const Rec *recset_find(const RecSet *s, long long id) {
  int lo = 0, hi = s->n - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    if (s->a[mid].id == id) return &s->a[mid];
    if (s->a[mid].id < id)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return 0;
}

void recset_free(RecSet *s) {
  Chunk *c = s->pArena;
  while (c) {
    Chunk *d = c->pNext;
    free(c->pAdopted);
    free(c);
    c = d;
  }
  free(s->a);
  memset(s, 0, sizeof *s);
}

int audit_percent_mean(const RecSet *s, const Policy *p, long long auditId, Day asAt, int *pnGive,
                       int *pnOpen) {
  long long sum = 0;
  int nGive = 0, nOpen = 0;
  for (int i = 0; i < s->n; i++) {
    const Rec *r = &s->a[i];
    if (r->auditId != auditId) continue;
    RecState st;
    rec_state_at(r, p, asAt, &st);
    if (!st.exists || !st.open) continue;
    nOpen++;
    if (st.percent < 0) continue;
    nGive++;
    sum += st.percent;
  }
  *pnGive = nGive;
  *pnOpen = nOpen;
  return nGive ? (int)((2 * sum + nGive) / (2 * nGive)) : -1;
}

void audit_percent_words(const RecSet *s, const Policy *p, long long auditId, Day asAt, Buf *out) {
  int nGive, nOpen;
  int mean = audit_percent_mean(s, p, auditId, asAt, &nGive, &nOpen);
  if (!nOpen) return;
  if (mean < 0 && nOpen == 1) {
    buf_puts(out, "not reported for its open recommendation");
    return;
  }
  if (mean < 0) {
    buf_appendf(out, "not reported for any of its %d open recommendations", nOpen);
    return;
  }
  buf_appendf(out, "%d%% on average, from %d of %d open recommendation%s", mean, nGive, nOpen,
              nOpen == 1 ? "" : "s");
}
