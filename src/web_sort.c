/*
** web_sort.c: tables that sort by any column (see web_sort.h): the sort read
** from the query, the rows ordered by one column's values, the head whose
** headings are links that sort. Not for: the recommendation list, which sorts
** its own selection (page_list.c), nor any page's rows.
*/
#include "web_sort.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

const char *const web_sort_orders[] = {"asc", "desc", 0};

TableSort web_sort_read(const Req *r, const SortCol *aCol, int nCol) {
  TableSort s = {-1, 0};
  const char *z = web_arg(r, "sort"), *zO = web_arg(r, "order");
  for (int i = 0; z && i < nCol; i++)
    if (!(aCol[i].flags & SC_NOSORT) && !strcmp(z, aCol[i].zKey)) s.col = i;
  if (s.col < 0) return s;
  s.desc = zO ? !strcmp(zO, "desc") : (aCol[s.col].flags & (SC_NUM | SC_DESC)) != 0;
  return s;
}

/* qsort's comparison has no context: the rows' values and the sort ride along. */
typedef struct SortRef {
  const SortVal *v;
  int row, desc;
} SortRef;

static int ref_cmp(const void *pa, const void *pb) {
  const SortRef *a = pa, *b = pb;
  const SortVal *x = a->v, *y = b->v;
  int ex = x->z ? !x->z[0] : x->n == SORT_EMPTY, ey = y->z ? !y->z[0] : y->n == SORT_EMPTY;
  int c;
  if (ex || ey) {
    c = ex - ey; /* empty last, whichever the order */
  } else if (x->z || y->z) {
    c = strcasecmp(x->z ? x->z : "", y->z ? y->z : "");
    if (a->desc) c = -c;
  } else {
    c = (x->n > y->n) - (x->n < y->n);
    if (a->desc) c = -c;
  }
  return c ? c : (a->row > b->row) - (a->row < b->row);
}

void web_sort_rows(const SortVal *aVal, int nCol, int n, TableSort s, int *aIdx) {
  for (int i = 0; i < n; i++) aIdx[i] = i;
  if (s.col < 0 || n < 2) return;
  SortRef *a = xmalloc(sizeof *a * (size_t)n);
  for (int i = 0; i < n; i++)
    a[i] = (SortRef){&aVal[(size_t)i * (size_t)nCol + (size_t)s.col], i, s.desc};
  qsort(a, (size_t)n, sizeof *a, ref_cmp);
  for (int i = 0; i < n; i++) aIdx[i] = a[i].row;
  free(a);
}

const char *web_sort_cell_class(const SortCol *c) {
  return c->flags & SC_NUM ? " govuk-table__cell--numeric" : "";
}

void web_sort_query(Buf *u, const SortCol *aCol, TableSort s) {
  if (s.col < 0) return;
  buf_appendf(u, "sort=%s&order=%s", aCol[s.col].zKey, s.desc ? "desc" : "asc");
}

void web_sort_table_open(Req *r, const char *zSize, const char *zCaption, const SortCol *aCol,
                         int nCol, TableSort s, const char *zPath, const char *zQuery) {
  Buf *b = &r->body;
  html_appendf(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--%s\">%s<span "
               "class=\"govuk-visually-hidden\">; a column's heading sorts by it</span></caption>"
               "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
               zSize, zCaption);
  for (int i = 0; i < nCol; i++) {
    const SortCol *c = &aCol[i];
    const char *zClass = c->flags & SC_NUM     ? " govuk-table__header--numeric"
                         : c->flags & SC_TITLE ? " at-col-title"
                                               : "";
    if (c->flags & SC_NOSORT) {
      if (c->zHead[0] == '-')
        html_appendf(b,
                     "<th scope=\"col\" class=\"govuk-table__header\"><span "
                     "class=\"govuk-visually-hidden\">%s</span></th>",
                     c->zHead + 1);
      else
        html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>", zClass,
                     c->zHead);
      continue;
    }
    int on = s.col == i;
    /* A first click sorts numbers largest first, text A to Z and dates earliest first. */
    int next = on ? !s.desc : (c->flags & (SC_NUM | SC_DESC)) != 0;
    Buf u = BUF_INIT;
    buf_puts(&u, zPath);
    buf_appendf(&u, "?%s%ssort=%s&order=%s", zQuery ? zQuery : "", zQuery && zQuery[0] ? "&" : "",
                c->zKey, next ? "desc" : "asc");
    html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header%s\" data-label=\"%s\"", zClass,
                 c->zHead);
    if (on) html_appendf(b, " aria-sort=\"%s\"", s.desc ? "descending" : "ascending");
    html_appendf(b,
                 "><a class=\"govuk-link at-sort\" href=\"%s\">%s<span "
                 "class=\"govuk-visually-hidden\"> (sort %s)</span></a>",
                 buf_cstr(&u), c->zHead,
                 next ? "largest, latest or Z first" : "smallest, earliest or A first");
    /* Markup, so never through %s: the arrow of the sorted column. */
    if (on && s.desc)
      html_raw(b, " <span aria-hidden=\"true\">&#9660;</span>");
    else if (on)
      html_raw(b, " <span aria-hidden=\"true\">&#9650;</span>");
    html_raw(b, "</th>");
    buf_free(&u);
  }
  html_raw(b, "</tr></thead><tbody class=\"govuk-table__body\">\n");
}
