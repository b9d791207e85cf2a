/*
** page_list.c: the recommendation list with its filters, text search, sort
** (by any column; months overdue, worst first, by default: the whole
** selection sorted, then the page cut from it) and pages, and the same
** selection as CSV, Excel or PDF (as `rec list` writes them, in the register's
** order).
** Not for: one recommendation's page (page_rec.c), the committee reports
** (page_report.c), SQL, or the report model (report*.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "page_render.h"
#include "report_request.h"
#include "store.h"
#include "web.h"
#include "web_index.h"

#define PAGE_SIZE 50

/* ---- the recommendation list ---- */

/* The selection's matches after skipping from, at most max (-1: all), from the
** generation's index (web_index.h): the same rows as filtering the register. */
static int sort_cmp(const void *pa, const void *pb);
static int text_key(int key);
static long long index_rank(const IndexRow *a);

/* The selection's rows from..from+max (max -1: all), in the order the list
** shows (sort < 0: the register's, by id). */
static void list_window(Req *r, const Register *g, const Sel *s, int sort, int desc, int from,
                        int max, IndexPage *out) {
  IndexAsk ask = {.asAt = s->asAt, .f = &s->f, .zQ = s->zQ};
  if (sort >= 0) {
    ask.cmp = sort_cmp;
    ask.rank = text_key(sort) ? 0 : index_rank;
    ask.sortKey = sort;
    ask.sortDesc = desc;
  }
  web_index_page(r, g, &ask, 0, from, max, out);
}

static void text_input(Req *r, const char *zName, const char *zLabel, const char *zWidth) {
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zValue = web_arg_or(r, zName, ""),
                          .zClass = zWidth});
}

/* ---- sorting ---- */

/* The orders the list may be sorted in: each column's, and the register's (id).
** The default is months overdue, worst first. */
typedef enum SortKey {
  SORT_MONTHS,
  SORT_REF,
  SORT_AUDIT,
  SORT_TITLE,
  SORT_RISK,
  SORT_OWNER,
  SORT_DIRECTORATE,
  SORT_TARGET,
  SORT_BAND,
  SORT_STATUS,
  SORT_ID,
  SORT__MAX
} SortKey;
static const char *const azSort[] = {"months",      "ref",    "audit", "title",  "risk", "owner",
                                     "directorate", "target", "band",  "status", "id",   0};
_Static_assert(sizeof azSort / sizeof azSort[0] == SORT__MAX + 1, "azSort");
static const char *const azOrder[] = {"asc", "desc", 0};

/* The list's columns, in order: heading, the order it sorts by, its classes. */
static const struct {
  const char *zHead;
  SortKey key;
  const char *zClass;
} aCol[] = {{"Ref", SORT_REF, ""},
            {"Audit", SORT_AUDIT, " at-col-text"},
            {"Title", SORT_TITLE, " at-col-title"},
            {"Risk", SORT_RISK, ""},
            {"Owner", SORT_OWNER, ""},
            {"Directorate", SORT_DIRECTORATE, ""},
            {"Current target", SORT_TARGET, ""},
            {"Months overdue", SORT_MONTHS, " govuk-table__header--numeric"},
            {"Band", SORT_BAND, ""},
            {"Status", SORT_STATUS, ""}};

static void sort_read(const Req *r, SortKey *pKey, int *pDesc);

static void list_form(Req *r, const Register *g, const Sel *s) {
  Buf *b = &r->body;
  const char **az = 0;
  /* The choices are what the role may see, not what the current filter leaves. */
  const char *zDirOnly = r->user.role == ROLE_DIRECTOR ? r->user.zDirectorate : 0;
  html_raw(b, "<form method=\"get\" action=\"/recs\" class=\"at-filters\" novalidate>");
  page_date_input(r, "as_at", "As at", s->asAt);
  web_select_open(r, &(Control){.zName = "risk", .zLabel = "Risk rating"});
  web_option(r, "", "Any", s->f.zRisk);
  int n = web_index_distinct(g, IX_RISK, zDirOnly, &az);
  for (int i = 0; i < n; i++) web_option(r, az[i], az[i], s->f.zRisk);
  free(az);
  web_select_close(r);
  web_select_open(r, &(Control){.zName = "band", .zLabel = "Band"});
  web_option(r, "", "Any", s->f.zBand);
  web_option(r, "Not yet due", "Not yet due", s->f.zBand);
  web_option(r, "No target date", "No target date", s->f.zBand);
  web_option(r, BAND_ANY_OVERDUE, "Overdue (any band)", s->f.zBand);
  for (int i = 0; i < g->pol->nBand; i++) {
    Buf l = BUF_INIT;
    buf_appendf(&l, "Overdue %s", g->pol->aBand[i].zLabel);
    web_option(r, g->pol->aBand[i].zLabel, buf_cstr(&l), s->f.zBand);
    buf_free(&l);
  }
  web_option(r, "Closed", "Closed", s->f.zBand);
  web_select_close(r);
  if (r->user.role != ROLE_DIRECTOR) {
    web_select_open(r, &(Control){.zName = "directorate", .zLabel = "Directorate"});
    web_option(r, "", "Any", s->f.zDirectorate);
    n = web_index_distinct(g, IX_DIRECTORATE, zDirOnly, &az);
    for (int i = 0; i < n; i++) web_option(r, az[i], az[i], s->f.zDirectorate);
    free(az);
    web_select_close(r);
  }
  web_select_open(r, &(Control){.zName = "status", .zLabel = "Status"});
  web_option(r, "open", "Open", s->zStatus);
  web_option(r, "closed", "Closed", s->zStatus);
  web_option(r, "all", "All", s->zStatus);
  web_select_close(r);
  /* Themes and people suggested from what the role may see (any other text still filters). */
  web_input(r, &(Control){.zName = "theme",
                          .zLabel = "Theme",
                          .zValue = web_arg_or(r, "theme", ""),
                          .zClass = "govuk-input--width-10",
                          .zList = "themes"});
  n = web_index_distinct(g, IX_THEME, zDirOnly, &az);
  web_datalist(r, "themes", az, n);
  free(az);
  /* The people are many on a large register (a thousand names would be half the page):
  ** the list is fetched from /recs/owners when the field is first used (auditrack.js),
  ** and without it the field takes any text. */
  web_input(r, &(Control){.zName = "owner",
                          .zLabel = "Owner or director",
                          .zValue = web_arg_or(r, "owner", ""),
                          .zClass = "govuk-input--width-10",
                          .zList = "people"});
  html_raw(b, "<datalist id=\"people\" data-src=\"/recs/owners\"></datalist>\n");
  text_input(r, "q", "Search the text", "govuk-input--width-20");
  /* The sort, also chosen by a column's heading, stays through a change of
  ** filters; on a phone, where the headings are hidden, it is chosen here. */
  SortKey key;
  int desc;
  sort_read(r, &key, &desc);
  web_select_open(r, &(Control){.zName = "sort", .zLabel = "Sort by"});
  for (size_t i = 0; i < sizeof aCol / sizeof aCol[0]; i++) {
    if (aCol[i].key != SORT_BAND) web_option(r, azSort[aCol[i].key], aCol[i].zHead, azSort[key]);
  }
  web_select_close(r);
  web_select_open(r, &(Control){.zName = "order", .zLabel = "Order"});
  web_option(r, "desc", "Largest, latest or Z first", desc ? "desc" : "asc");
  web_option(r, "asc", "Smallest, earliest or A first", desc ? "desc" : "asc");
  web_select_close(r);
  html_raw(b, "<div class=\"govuk-form-group\"><button type=\"submit\" class=\"govuk-button "
              "govuk-button--secondary\" data-module=\"govuk-button\">Apply filters</button></div>"
              "</form>\n");
}

static void status_tag(Buf *b, const RecState *st) {
  if (!st->open)
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Closed</strong>");
  else if (st->overdue)
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
  else
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Open</strong>");
}

static void page_link(Buf *b, const Buf *base, int page, const char *zRel, const char *zLabel) {
  Buf u = BUF_INIT;
  buf_append(&u, base->z ? base->z : "", base->n);
  if (page > 1) buf_appendf(&u, "%cpage=%d", memchr(u.z, '?', u.n) ? '&' : '?', page);
  if (zRel) {
    html_appendf(b,
                 "<div class=\"govuk-pagination__%s\"><a class=\"govuk-link "
                 "govuk-pagination__link\" href=\"%s\" rel=\"%s\"><span "
                 "class=\"govuk-pagination__link-title\">%s<span class=\"govuk-visually-hidden\">"
                 " page</span></span></a></div>",
                 zRel, buf_cstr(&u), zRel, zLabel);
  } else {
    html_appendf(b,
                 "<li class=\"govuk-pagination__item\"><a class=\"govuk-link "
                 "govuk-pagination__link\" href=\"%s\" aria-label=\"Page %d\">%d</a></li>",
                 buf_cstr(&u), page, page);
  }
  buf_free(&u);
}

static void pagination(Buf *b, const Buf *base, int page, int nPage) {
  if (nPage <= 1) return;
  html_raw(b, "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">");
  if (page > 1) page_link(b, base, page - 1, "prev", "Previous");
  html_raw(b, "<ul class=\"govuk-pagination__list\">");
  int gap = 0;
  for (int p = 1; p <= nPage; p++) {
    if (p != 1 && p != nPage && (p < page - 1 || p > page + 1)) {
      if (!gap)
        html_raw(b, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipses\">"
                    "&ctdot;</li>");
      gap = 1;
      continue;
    }
    gap = 0;
    if (p == page) {
      html_appendf(b,
                   "<li class=\"govuk-pagination__item govuk-pagination__item--current\"><a "
                   "class=\"govuk-link govuk-pagination__link\" href=\"#results\" "
                   "aria-label=\"Page %d\" aria-current=\"page\">%d</a></li>",
                   p, p);
    } else {
      page_link(b, base, p, 0, 0);
    }
  }
  html_raw(b, "</ul>");
  if (page < nPage) page_link(b, base, page + 1, "next", "Next");
  html_raw(b, "</nav>\n");
}

/* Empty text sorts last, whichever the order. */
static int text_cmp(const char *a, const char *b, int desc) {
  int ea = !a || !a[0], eb = !b || !b[0];
  if (ea || eb) return ea - eb;
  int c = strcasecmp(a, b);
  return desc ? -c : c;
}

static int num_cmp(long long a, long long b, int desc) {
  int c = (a > b) - (a < b);
  return desc ? -c : c;
}

/* How overdue, for sorting: months when overdue, then open, then closed. */
static long long overdue_rank(const RecState *st) {
  if (!st->open) return -2;
  return st->overdue ? st->months : -1;
}

/* The numeric columns' order as one number, smallest first: the value (negated
** for desc), with what sorts last whichever the order (no rating, TBC or no
** target) after everything. The sort is then by it and the register's order.
** Text columns: 0 (sort_cmp compares them). */
#define RANK_LAST (1LL << 40)
static long long sort_rank(const Rec *x, const RecState *st, int key, int desc) {
  long long v;
  switch (key) {
  case SORT_MONTHS:
  case SORT_BAND: v = overdue_rank(st); break;
  case SORT_RISK: /* by severity, most severe first ascending; unrated last */
    if (x->riskRank < 0) return RANK_LAST;
    v = x->riskRank;
    break;
  case SORT_TARGET: /* TBC and none last */
    if (st->currentTbc || st->currentTarget == DAY_NONE) return RANK_LAST;
    v = st->currentTarget;
    break;
  case SORT_STATUS: v = !st->open ? 2 : !st->overdue; break;
  case SORT_ID: v = x->id; break;
  default: return 0;
  }
  return desc ? -v : v;
}

static int text_key(int key) {
  return key == SORT_REF || key == SORT_AUDIT || key == SORT_TITLE || key == SORT_OWNER ||
         key == SORT_DIRECTORATE;
}

/* The index's rank for the numeric columns, in the order sort_cmp gives. */
static long long index_rank(const IndexRow *a) { return sort_rank(a->rec, a->st, a->key, a->desc); }

static int sort_cmp(const void *pa, const void *pb) {
  const IndexRow *a = pa, *b = pb;
  const Rec *x = a->rec, *y = b->rec;
  int d = a->desc, c = 0;
  switch (a->key) {
  case SORT_REF: c = text_cmp(x->zRef, y->zRef, d); break;
  case SORT_AUDIT: c = text_cmp(x->zAuditTitle, y->zAuditTitle, d); break;
  case SORT_TITLE:
    c = text_cmp(x->zTitle && x->zTitle[0] ? x->zTitle : x->zBody,
                 y->zTitle && y->zTitle[0] ? y->zTitle : y->zBody, d);
    break;
  case SORT_OWNER: c = text_cmp(x->zOwner, y->zOwner, d); break;
  case SORT_DIRECTORATE: c = text_cmp(x->zDirectorate, y->zDirectorate, d); break;
  default: c = num_cmp(index_rank(a), index_rank(b), 0); break;
  }
  return c ? c : num_cmp(x->id, y->id, 0); /* then the register's order */
}

/* The sort the query asks for into *pKey and *pDesc (default: months, worst first). */
static void sort_read(const Req *r, SortKey *pKey, int *pDesc) {
  const char *z = web_arg(r, "sort"), *zO = web_arg(r, "order");
  *pKey = SORT_MONTHS;
  for (int i = 0; z && azSort[i]; i++)
    if (!strcmp(z, azSort[i])) *pKey = (SortKey)i;
  *pDesc = zO ? !strcmp(zO, "desc") : *pKey == SORT_MONTHS || *pKey == SORT_BAND;
}

/* The query string of a sort, after the selection's (base). */
static void sort_url(Buf *u, const Buf *base, SortKey key, int desc) {
  buf_append(u, base->z ? base->z : "", base->n);
  buf_appendf(u, "%csort=%s&order=%s", memchr(u->z, '?', u->n) ? '&' : '?', azSort[key],
              desc ? "desc" : "asc");
}

/* The table's head: each column's heading a link that sorts by it (the sorted
** one's reverses it), with aria-sort on the sorted one. */
static void list_head(Buf *b, const Buf *base, SortKey key, int desc) {
  html_raw(b, "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
  for (size_t i = 0; i < sizeof aCol / sizeof aCol[0]; i++) {
    int on = aCol[i].key == key || (key == SORT_BAND && aCol[i].key == SORT_MONTHS);
    Buf u = BUF_INIT;
    /* A first click sorts numbers and the months worst first, text A to Z. */
    int next = on ? !desc : aCol[i].key == SORT_MONTHS;
    sort_url(&u, base, aCol[i].key, next);
    html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header%s\" data-label=\"%s\"",
                 aCol[i].zClass, aCol[i].zHead);
    if (on) html_appendf(b, " aria-sort=\"%s\"", desc ? "descending" : "ascending");
    html_appendf(b,
                 "><a class=\"govuk-link at-sort\" href=\"%s\">%s<span "
                 "class=\"govuk-visually-hidden\"> (sort %s)</span></a>",
                 buf_cstr(&u), aCol[i].zHead,
                 next ? "largest or latest first" : "smallest or A to Z first");
    /* Markup, so never through %s: the arrow of the sorted column. */
    if (on && desc)
      html_raw(b, " <span aria-hidden=\"true\">&#9660;</span>");
    else if (on)
      html_raw(b, " <span aria-hidden=\"true\">&#9650;</span>");
    html_raw(b, "</th>");
    buf_free(&u);
  }
  html_raw(b, "</tr></thead><tbody class=\"govuk-table__body\">\n");
}

static int recs_page(Req *r) {
  Sel s;
  Register g;
  page_sel_read(r, &s);
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  if (r->nErr) { /* a field the route refused (a date that is not one): the form again */
    web_page_begin(r, "Recommendations");
    web_error_summary(r);
    html_raw(&r->body, "<h1 class=\"govuk-heading-l\">Recommendations</h1>\n");
    list_form(r, &g, &s);
    web_page_end(r);
    web_register_release(r, &g);
    return 0;
  }
  int page = (int)web_arg_int(r, "page", 1), desc;
  if (page < 1) page = 1;
  SortKey key;
  sort_read(r, &key, &desc);
  /* The page's window of the selection, sorted once per register generation. */
  IndexPage rows;
  int sort = key == SORT_ID && !desc ? -1 : (int)key;
  list_window(r, &g, &s, sort, desc, (page - 1) * PAGE_SIZE, PAGE_SIZE, &rows);
  int nAll = rows.total;
  int nPage = (nAll + PAGE_SIZE - 1) / PAGE_SIZE;
  if (nPage && page > nPage) { /* past the end: the last page */
    page = nPage;
    web_index_page_free(&rows);
    list_window(r, &g, &s, sort, desc, (page - 1) * PAGE_SIZE, PAGE_SIZE, &rows);
  }
  web_page_begin(r, "Recommendations");
  Buf *b = &r->body;
  html_raw(b, "<h1 class=\"govuk-heading-l\">Recommendations</h1>\n");
  list_form(r, &g, &s);
  Buf base = BUF_INIT, csv = BUF_INIT, xlsx = BUF_INIT, pdf = BUF_INIT, nm = BUF_INIT;
  page_sel_url(&base, "/recs", &s, r);
  Buf sorted = BUF_INIT; /* the selection and its sort: the pages' links keep both */
  sort_url(&sorted, &base, key, desc);
  page_sel_url(&csv, "/recs.csv", &s, r);
  page_sel_url(&xlsx, "/recs.xlsx", &s, r);
  page_sel_url(&pdf, "/recs.pdf", &s, r);
  int from = (page - 1) * PAGE_SIZE, to = from + PAGE_SIZE < nAll ? from + PAGE_SIZE : nAll;
  html_appendf(b,
               "<p class=\"govuk-body\" id=\"results\"><span class=\"at-count\">%d</span> "
               "recommendation%s as at %D",
               nAll, nAll == 1 ? "" : "s", s.asAt);
  if (nAll > PAGE_SIZE) html_appendf(b, "; showing %d to %d", from + 1, to);
  html_appendf(b,
               ". Download <a class=\"govuk-link\" href=\"%s\" download>CSV "
               "<span class=\"govuk-visually-hidden\">of all %d recommendations</span></a>, "
               "<a class=\"govuk-link\" href=\"%s\" download>Excel "
               "<span class=\"govuk-visually-hidden\">workbook of all %d recommendations</span>"
               "</a> or <a class=\"govuk-link\" href=\"%s\" download>PDF "
               "<span class=\"govuk-visually-hidden\">of all %d recommendations</span></a></p>\n",
               buf_cstr(&csv), nAll, buf_cstr(&xlsx), nAll, buf_cstr(&pdf), nAll);
  if (nAll) {
    html_raw(b, "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\">"
                "<caption class=\"govuk-table__caption govuk-table__caption--s "
                "govuk-visually-hidden\">Recommendations matching the filters; a column's "
                "heading sorts by it</caption>");
    list_head(b, &base, key, desc);
  }
  for (int i = 0; i < rows.n; i++) {
    const Rec *rec = rows.apRec[i];
    const RecState *st = &rows.aSt[i];
    buf_reset(&nm);
    page_rec_name(rec, rec->confidential && !s.f.includeConfidential, &nm);
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
                 "at-nowrap\">%s%D</td>",
                 rec->zRef ? rec->zRef : "", rec->zAuditTitle ? rec->zAuditTitle : "", rec->id,
                 buf_cstr(&nm), rec->zRiskLabel ? rec->zRiskLabel : "",
                 rec->zOwner ? rec->zOwner : "", rec->zDirectorate ? rec->zDirectorate : "",
                 st->currentTbc ? "TBC" : "", st->currentTbc ? DAY_NONE : st->currentTarget);
    if (st->overdue) {
      html_appendf(b,
                   "<td class=\"govuk-table__cell govuk-table__cell--numeric at-months\">%d</td>",
                   st->months);
    } else {
      html_raw(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\"></td>");
    }
    html_appendf(b, "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
                 rec_band_label(g.pol, st));
    status_tag(b, st);
    html_raw(b, "</td></tr>\n");
  }
  if (nAll)
    html_raw(b, "</tbody></table></div>\n");
  else
    html_raw(b, "<p class=\"govuk-body\">No recommendations match these filters.</p>\n");
  pagination(b, &sorted, page, nPage);
  web_page_end(r);
  buf_free(&sorted);
  buf_free(&base);
  buf_free(&csv);
  buf_free(&xlsx);
  buf_free(&pdf);
  buf_free(&nm);
  web_index_page_free(&rows);
  web_register_release(r, &g);
  return 0;
}

/* The filtered list as a file: /recs.csv (rec list --format csv), /recs.xlsx (every
** documented field, one sheet) and /recs.pdf (the compact columns, to fit A4). */
static int recs_download(Req *r, int fmt) {
  Sel s;
  Register g;
  page_sel_read(r, &s);
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  IndexPage rows;
  list_window(r, &g, &s, -1, 0, 0, -1, &rows);
  /* The matches as a set that borrows the register's records (free only sub.a). */
  RecSet sub = {.a = xmalloc(sizeof(Rec) * ((size_t)rows.n + 1)), .n = rows.n};
  for (int i = 0; i < rows.n; i++) sub.a[i] = *rows.apRec[i];
  ReportInput in;
  list_request(&in, &sub, g.pol, s.asAt, &s.f, g.zOrg);
  Report *rp = report_rec_list(&in, fmt != FMT_PDF);
  Buf err = BUF_INIT;
  buf_reset(&r->body);
  if (fmt == FMT_CSV) {
    report_render_rows_csv(rp->apSection[0], &r->body);
    page_set_download(r, "text/csv; charset=utf-8", "recommendations", s.asAt, "csv");
  } else if (page_render_doc(rp, fmt, &r->body, &err)) {
    web_error(r, 500, "The file could not be made. Try again in a moment.");
  } else {
    page_set_download(r, fmt == FMT_PDF ? "application/pdf" : PAGE_XLSX_TYPE, "recommendations",
                      s.asAt, fmt == FMT_PDF ? "pdf" : "xlsx");
  }
  buf_free(&err);
  report_free(rp);
  free(sub.a);
  web_index_page_free(&rows);
  web_register_release(r, &g);
  return 0;
}

/* The names the list's owner filter suggests, as a JSON array of strings: the owners and
** directors of the recommendations the role may see (a director's directorate only),
** as the list's other choices are. Kept per register generation and directorate. */
static int recs_owners(Req *r) {
  Register g;
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  const char *zDirOnly = r->user.role == ROLE_DIRECTOR ? r->user.zDirectorate : 0;
  Buf key = BUF_INIT;
  buf_appendf(&key, "owners|%s%s", zDirOnly ? "dir=" : "all", zDirOnly ? zDirOnly : "");
  r->zType = "application/json";
  if (!web_cache_get(r, g.gen, buf_cstr(&key), &r->body)) {
    const char **az = 0;
    int n = web_index_distinct(&g, IX_PEOPLE, zDirOnly, &az);
    buf_putc(&r->body, '[');
    for (int i = 0; i < n; i++) {
      if (i) buf_putc(&r->body, ',');
      buf_json_str(&r->body, az[i]);
    }
    buf_puts(&r->body, "]\n");
    free(az);
    web_cache_put(r, g.gen, buf_cstr(&key), r->body.z, r->body.n);
  }
  buf_free(&key);
  web_register_release(r, &g);
  return 0;
}

static int recs_csv(Req *r) { return recs_download(r, FMT_CSV); }
static int recs_xlsx(Req *r) { return recs_download(r, FMT_XLSX); }
static int recs_pdf(Req *r) { return recs_download(r, FMT_PDF); }

/* ---- routes ---- */

static const Field aList[] = {{"as_at", F_DATE, 0, 40, 0, "As at"},
                              PAGE_FILTER_FIELDS,
                              {"q", F_LINE, 0, 200, 0, "Search"},
                              {"page", F_INT, 0, 1000000, 0, "Page"},
                              {"sort", F_ENUM, 0, 20, azSort, "the column to sort by"},
                              {"order", F_ENUM, 0, 10, azOrder, "the order"},
                              {0}};

const Route page_list_routes[] = {
    {M_GET, "/recs", CAP_REPORTS, ACC_NONE, 0, aList, recs_page, recs_page,
     "recommendations with filters, text search and pages"},
    {M_GET, "/recs/owners", CAP_REPORTS, ACC_NONE, 0, 0, recs_owners, 0,
     "the names the list's owner filter suggests (JSON), as the role may see them"},
    {M_GET, "/recs.csv", CAP_REPORTS, ACC_NONE, 0, aList, recs_csv, 0,
     "the filtered recommendations as CSV (as rec list --format csv)"},
    {M_GET, "/recs.xlsx", CAP_REPORTS, ACC_NONE, 0, aList, recs_xlsx, 0,
     "the filtered recommendations as an Excel workbook (as rec list --format xlsx)"},
    {M_GET, "/recs.pdf", CAP_REPORTS, ACC_NONE, 0, aList, recs_pdf, 0,
     "the filtered recommendations as an A4 PDF (the list's compact columns)"},
    {0}};
