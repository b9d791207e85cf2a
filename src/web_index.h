/*
** web_index.h: what the list page and the API list answer from, so that a page
** costs what it shows: per register generation, each selection's matches (a
** filter, a text search and whose view), computed once from the date's states
** (web_states.h) and kept in a bounded cache, and the list form's choices. Not for:
** rendering (page_list.c, api.c), who may see what (access.h decides; this
** applies it), or the register itself (web_register.c).
*/
#ifndef AT_WEB_INDEX_H
#define AT_WEB_INDEX_H

#include "web.h"

#define WEB_AUX_INDEX 0 /* web_register_aux's slot for the index */

#define INDEX_HITS 32 /* selections a generation keeps */

/* A row of a selection as a sort compares it: the comparator (IndexAsk.cmp)
** is given an array of these, each with the sort's key and direction. */
typedef struct IndexRow {
  const Rec *rec;
  const RecState *st; /* at the ask's as-at date */
  int key, desc;
} IndexRow;

/* One selection. */
typedef struct IndexAsk {
  Day asAt;
  const Filter *f; /* with the role's limits applied (role_filter) */
  const char *zQ;  /* text search, NULL for none: the owner (any case) and, unless
                   ** the filter withholds a confidential item's detail, the title,
                   ** body and action */
  int viewOnly;    /* keep only what the user may know of (rec_access != ACC_NONE) */
  /* The order, a qsort comparator of IndexRow with the key and direction it is
  ** given (which the cache key holds: one comparator per caller, page_list.c's),
  ** or NULL for the register's (id). Sorted once per selection and generation. */
  int (*cmp)(const void *, const void *);
  /* Optional, for an order that is one number per row (smallest first, then the
  ** register's order), which must be cmp's order: sorted by it in linear time. */
  long long (*rank)(const IndexRow *);
  int sortKey, sortDesc;
} IndexAsk;

/* A window onto a selection's matches, in the register's order (by id). */
typedef struct IndexPage {
  int total;         /* the selection's matches */
  int start;         /* the position in them of the first row here */
  int n;             /* rows here */
  const Rec **apRec; /* heap (n): the register's records */
  RecState *aSt;     /* heap (n): their states at the as-at date */
} IndexPage;

/* The matches of ask in g after the one with id afterId (0: from the first;
** only in the register's order), skipping from more, at most max of them (-1:
** all), into out (free it with web_index_page_free). The same rows, in the same
** order, as filtering and sorting the whole register; the selection is computed
** and sorted once per generation and kept for later pages, except for an
** owner's view (their delegations are read per request), which is computed from
** the owner index each time. Only the window's states are copied out. */
void web_index_page(Req *r, const Register *g, const IndexAsk *ask, long long afterId, int from,
                    int max, IndexPage *out);
void web_index_page_free(IndexPage *p);

/* What web_index_distinct lists: risk labels, directorates, themes, and the
** people named as owners, directors and executive members. */
enum { IX_RISK, IX_DIRECTORATE, IX_THEME, IX_PEOPLE, IX_DISTINCT__MAX };

/* The distinct values of a field (IX_RISK ...) among the
** recommendations of directorate zDirOnly (NULL: all), sorted in any case, the
** first spelling of each kept: *paz (heap, free it) points into g's records.
** Computed once per generation when zDirOnly is NULL. Returns how many. */
int web_index_distinct(const Register *g, int field, const char *zDirOnly, const char ***paz);

#endif
