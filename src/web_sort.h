/*
** web_sort.h: tables that sort by any column, for the pages whose lists are
** small enough to sort whole (audits, cycles, people, My actions): the sort a
** query asks for (sort=KEY&order=asc|desc), the rows put in that order, and the
** table's head with each heading a link that sorts by it and aria-sort on the
** sorted one; a report page's tables use web_sort_rows too (page_render.c).
** Not for: the recommendation list (page_list.c sorts its own selection, with
** its pages), or deciding what a row shows.
*/
#ifndef AT_WEB_SORT_H
#define AT_WEB_SORT_H

#include "web.h"

/* A column's kind: how it compares, and how its heading and cells are classed. */
enum {
  SC_TEXT = 0,   /* text, A to Z first; empty last */
  SC_NUM = 1,    /* a number, right-aligned, largest first on the first click */
  SC_DATE = 2,   /* a day, earliest first on the first click; none last */
  SC_TITLE = 4,  /* a long text column: a readable width (at-col-title) */
  SC_NOSORT = 8, /* a column that does not sort (an action); a leading '-' in zHead hides it */
  SC_DESC = 16,  /* not a number, but largest or worst first on the first click (a band) */
};

typedef struct SortCol {
  const char *zHead; /* the heading */
  const char *zKey;  /* the sort= value */
  unsigned flags;    /* SC_* */
} SortCol;

/* One cell's sort value: text (z), or a number or day (n, z NULL). Empty: z NULL and
** n == SORT_EMPTY; an empty value sorts last whichever the order. */
#define SORT_EMPTY (-9223372036854775807LL - 1)
typedef struct SortVal {
  const char *z;
  long long n;
} SortVal;

typedef struct TableSort {
  int col;  /* the column sorted by, or -1 for the page's own order */
  int desc; /* 1: largest, latest or Z first */
} TableSort;

/* The query fields a sortable page declares in its route (sort, order). */
#define WEB_SORT_FIELDS                                                                            \
  {"sort", F_LINE, 0, 40, 0, "the column to sort by"}, {                                           \
    "order", F_ENUM, 0, 8, web_sort_orders, "the order"                                            \
  }
extern const char *const web_sort_orders[]; /* "asc", "desc" */

/* The sort the query asks for; an unknown column gives the page's own order (-1). */
TableSort web_sort_read(const Req *r, const SortCol *aCol, int nCol);
/* Put the row numbers 0..n-1 in aIdx in the order s asks for, by the sorted column's
** values (aVal[row * nCol + col]); rows that compare equal keep the page's order. */
void web_sort_rows(const SortVal *aVal, int nCol, int n, TableSort s, int *aIdx);
/* Open a sortable table: its wrapper, caption (class govuk-table__caption--zSize) and
** head, each sortable heading a link to zPath with the query zQuery (the page's other
** arguments, already encoded, or "") and the column's sort. */
void web_sort_table_open(Req *r, const char *zSize, const char *zCaption, const SortCol *aCol,
                         int nCol, TableSort s, const char *zPath, const char *zQuery);
/* The class of a body cell of column c ("" or " govuk-table__cell--numeric"). */
const char *web_sort_cell_class(const SortCol *c);
/* The sort as query arguments ("sort=...&order=..." or ""), for links and hidden fields. */
void web_sort_query(Buf *u, const SortCol *aCol, TableSort s);

#endif
