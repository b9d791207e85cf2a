/*
** page_render.c: what the pages that read the register as a whole share: the
** selection a request asks for (as-at date, filters, the role's limits) and its
** report request, URLs that carry it, date fields, downloads, and a Report as
** GOV.UK HTML.
** Not for: a page of its own or its routes (page_my.c, page_dashboard.c,
** page_list.c, page_report.c), SQL, or the report model (report*.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "markup.h"
#include "page_render.h"
#include "report_request.h"
#include "store.h"
#include "web.h"
#include "web_index.h"
#include "web_sort.h"

/* ---- small helpers ---- */

/* A query value, or NULL when absent or empty. */
const char *page_arg_nz(const Req *r, const char *zName) {
  const char *z = web_arg(r, zName);
  return z && z[0] ? z : 0;
}

/* Append ?k=v or &k=v to a URL, percent-encoding v; nothing when v is NULL or "". */
void page_url_arg(Buf *u, const char *zKey, const char *zVal) {
  if (!zVal || !zVal[0]) return;
  buf_putc(u, u->n && memchr(u->z, '?', u->n) ? '&' : '?');
  buf_puts(u, zKey);
  buf_putc(u, '=');
  for (const unsigned char *p = (const unsigned char *)zVal; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.' || *p == '~')
      buf_putc(u, (char)*p);
    else
      buf_appendf(u, "%%%02X", *p);
  }
}

void page_url_day(Buf *u, const char *zKey, Day d) {
  char z[DAY_FMT_MAX];
  if (d != DAY_NONE) page_url_arg(u, zKey, day_fmt(d, DAY_ISO, z));
}

/* Text with its line breaks kept. */
/* The day a report's text writes as dd/mm/yyyy (DAY_UK) at z, or DAY_NONE. */
static Day uk_day_at(const char *z, const char *zStart) {
  int d, m, y;
  if (z > zStart && (z[-1] >= '0' && z[-1] <= '9')) return DAY_NONE;
  for (int i = 0; i < 10; i++) {
    int digit = z[i] >= '0' && z[i] <= '9';
    if ((i == 2 || i == 5) ? z[i] != '/' : !digit) return DAY_NONE;
  }
  if (z[10] >= '0' && z[10] <= '9') return DAY_NONE;
  d = (z[0] - '0') * 10 + (z[1] - '0');
  m = (z[3] - '0') * 10 + (z[4] - '0');
  y = atoi(z + 6);
  return day_valid_ymd(y, m, d) ? day_from_ymd(y, m, d) : DAY_NONE;
}

/* A report's text on a page: escaped, each date the report wrote as dd/mm/yyyy (its
** tables' cells: the running text is already DAY_TEXT) written as every page writes
** one (html_appendf's %D), so that the reports' own formats keep their dense tables. */
static void text_dated(Buf *b, const char *z) {
  if (!z) return;
  const char *zRun = z;
  for (const char *p = z; *p; p++) {
    Day d = *p >= '0' && *p <= '3' ? uk_day_at(p, z) : DAY_NONE;
    if (d == DAY_NONE) continue;
    char *zText = xstrndup(zRun, (size_t)(p - zRun));
    html_appendf(b, "%s%D", zText, d);
    free(zText);
    p += 9;
    zRun = p + 1;
  }
  html_appendf(b, "%s", zRun);
}

static void html_lines(Buf *b, const char *z) {
  if (z && strchr(z, '\n')) {
    html_raw(b, "<span class=\"at-pre\">");
    text_dated(b, z);
    html_raw(b, "</span>");
  } else {
    text_dated(b, z ? z : "");
  }
}

/* A short name for a recommendation: its title, else the start of its text. */
void page_rec_name(const Rec *rec, int hide, Buf *out) {
  if (hide) {
    buf_puts(out, "detail withheld");
    return;
  }
  const char *z = rec->zTitle && rec->zTitle[0] ? rec->zTitle : rec->zBody ? rec->zBody : "";
  size_t n = strlen(z), max = 90;
  if (n <= max) {
    buf_puts(out, z);
    return;
  }
  while (max > 0 && ((unsigned char)z[max] & 0xC0) == 0x80) max--; /* a whole character */
  buf_append(out, z, max);
  buf_puts(out, "\xE2\x80\xA6");
}

/* ---- what a request asks for: dates and filters ---- */

/* A query value by name for filter_read, NULL when absent or empty. */
static const char *sel_lookup(void *ctx, const char *zName) { return page_arg_nz(ctx, zName); }

/* Read as_at, the filters and the role's limits. since stays DAY_NONE: the
** pages that use it get it from page_sel_request. */
void page_sel_read(Req *r, Sel *s) {
  memset(s, 0, sizeof *s);
  s->asAt = web_arg_day(r, "as_at", r->today);
  s->since = DAY_NONE;
  Buf err = BUF_INIT;
  (void)filter_read(&s->f, sel_lookup, r, &err); /* the route's fields checked them */
  buf_free(&err);
  s->zStatus = web_arg_or(r, "status", "open");
  s->zQ = page_arg_nz(r, "q");
  web_role_filter(r, &s->f);
}

/* The page's report request (report_request.h): the selection's dates and
** filter, with a reporting cycle (?cycle=NAME sets the report date and, as the
** form sends back the dates it showed, the previous one too) and the trend's
** length when withCycle. Sets s's dates to the request's. Returns 1 after
** recording a field error. */
int page_sel_request(Req *r, Sel *s, const Cycle *aC, int nC, int withCycle, ReportInput *in) {
  const char *zCycle = withCycle ? page_arg_nz(r, "cycle") : 0;
  ReportAsk ask = {.asAt = s->asAt,
                   .since = zCycle ? DAY_NONE : web_arg_day(r, "since", DAY_NONE),
                   .zCycle = zCycle,
                   .nTrendCycles = withCycle ? (int)web_arg_int(r, "cycles", 0) : 0,
                   .f = s->f};
  Buf err = BUF_INIT;
  int rc = report_request(in, &ask, aC, nC, &err);
  buf_free(&err);
  if (rc == RQ_OK) {
    s->asAt = in->asAt;
    s->since = in->since;
    return 0;
  }
  s->since = ask.since != DAY_NONE ? ask.since : day_add_months(s->asAt, -3);
  if (rc == RQ_NO_CYCLE)
    web_field_err(r, "cycle", "There is no reporting cycle named %s", zCycle);
  else if (rc == RQ_CYCLES_RANGE)
    web_field_err(r, "cycles", "Number of cycles must be from %d to %d", TREND_CYCLES_MIN,
                  TREND_CYCLES_MAX);
  else
    web_field_err(r, "since", "The previous report date must be before the as-at date");
  return 1;
}

/* The selection as a query string (after zPath), for links and downloads. */
void page_sel_url(Buf *u, const char *zPath, const Sel *s, const Req *r) {
  buf_puts(u, zPath);
  page_url_day(u, "as_at", s->asAt);
  if (s->since != DAY_NONE) page_url_day(u, "since", s->since);
  page_url_arg(u, "risk", s->f.zRisk);
  page_url_arg(u, "band", s->f.zBand);
  if (r->user.role != ROLE_DIRECTOR) page_url_arg(u, "directorate", s->f.zDirectorate);
  page_url_arg(u, "theme", s->f.zTheme);
  page_url_arg(u, "owner", s->f.zOwner);
  if (strcmp(s->zStatus, "open")) page_url_arg(u, "status", s->zStatus);
  page_url_arg(u, "q", s->zQ);
  if (s->f.bothBases) page_url_arg(u, "bases", "both");
  if (s->f.bandBy) page_url_arg(u, "band-by", basis_names[s->f.bandBy - 1]);
}

/* ---- a Report as GOV.UK HTML ---- */

static void cell_html(Buf *b, const Cell *c) {
  switch (c->t) {
  case CELL_TEXT: html_lines(b, c->z); break;
  case CELL_INT: html_appendf(b, "%lld", c->i); break;
  case CELL_DATE: html_appendf(b, "%D", c->d); break;
  case CELL_BOOL: html_appendf(b, "%s", c->i ? "Yes" : "No"); break;
  default: break;
  }
}

static int col_numeric(const ReportSection *s, int c) {
  int any = 0;
  for (int i = 0; i < s->nRow; i++) {
    const Cell *x = &s->aCell[i * s->nCol + c];
    if (x->t == CELL_NULL) continue;
    if (x->t != CELL_INT) return 0;
    any = 1;
  }
  return any;
}

/* A heading that sorts section iSec by column c, with aria-sort when it is the sorted one. */
static void sort_heading(Buf *b, const ReportSort *srt, int iSec, int c, const char *zLabel) {
  int on = srt->sec == iSec && srt->col == c, next = on ? !srt->desc : 0;
  if (on) html_appendf(b, " aria-sort=\"%s\"", srt->desc ? "descending" : "ascending");
  Buf u = BUF_INIT;
  buf_appendf(&u, "%s%csort=%d-%d&order=%s", srt->zHref, strchr(srt->zHref, '?') ? '&' : '?', iSec,
              c, next ? "desc" : "asc");
  html_appendf(b,
               " data-label=\"%s\"><a class=\"govuk-link at-sort\" href=\"%s\">%s<span "
               "class=\"govuk-visually-hidden\"> (sort %s)</span></a>",
               zLabel, buf_cstr(&u), zLabel,
               next ? "largest, latest or Z first" : "smallest, earliest or A first");
  if (on && srt->desc)
    html_raw(b, " <span aria-hidden=\"true\">&#9660;</span>");
  else if (on)
    html_raw(b, " <span aria-hidden=\"true\">&#9650;</span>");
  buf_free(&u);
}

/* The order of section s's rows: by the sorted column when srt asks for this section,
** the rows that are not totals first (web_sort.h), the totals after them as they were. */
static void grid_order(const ReportSection *s, const ReportSort *srt, int iSec, int *aIdx) {
  int n = 0;
  SortVal *v = xmalloc(sizeof *v * (size_t)(s->nRow + 1));
  int *aBody = xmalloc(sizeof *aBody * (size_t)(s->nRow + 1));
  for (int i = 0; i < s->nRow; i++) {
    if (s->aFlag[i] & ROW_TOTAL) continue;
    const Cell *x = srt && srt->sec == iSec ? &s->aCell[i * s->nCol + srt->col] : 0;
    v[n] = !x                  ? (SortVal){0, SORT_EMPTY}
           : x->t == CELL_TEXT ? (SortVal){x->z ? x->z : "", 0}
           : x->t == CELL_DATE ? (SortVal){0, x->d == DAY_NONE ? SORT_EMPTY : x->d}
           : x->t == CELL_NULL ? (SortVal){0, SORT_EMPTY}
                               : (SortVal){0, x->i};
    aBody[n++] = i;
  }
  int *aOrd = xmalloc(sizeof *aOrd * (size_t)(n + 1));
  TableSort ts = {srt && srt->sec == iSec ? 0 : -1, srt ? srt->desc : 0};
  web_sort_rows(v, 1, n, ts, aOrd);
  int k = 0;
  for (int j = 0; j < n; j++) aIdx[k++] = aBody[aOrd[j]];
  for (int i = 0; i < s->nRow; i++)
    if (s->aFlag[i] & ROW_TOTAL) aIdx[k++] = i;
  free(aOrd);
  free(aBody);
  free(v);
}

static void section_grid_sorted(Buf *b, const ReportSection *s, CellLink xLink, void *ctx,
                                const ReportSort *srt, int iSec) {
  Buf href = BUF_INIT;
  char *aNum = xcalloc((size_t)s->nCol + 1, 1);
  int nText = 0;
  for (int c = 0; c < s->nCol; c++) {
    aNum[c] = (char)col_numeric(s, c);
    nText += c > 0 && !aNum[c];
  }
  /* A list of recommendations (several text columns) reads best as cards on a
  ** phone; a table of counts scrolls, its rows and columns kept side by side. */
  html_appendf(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table%s\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--m\">",
               nText >= 2 ? " at-table--stack" : "");
  text_dated(b, s->zTitle);
  html_raw(b, "</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
  for (int c = 0; c < s->nCol; c++) {
    html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header%s\"",
                 aNum[c] ? " govuk-table__header--numeric" : "");
    if (srt)
      sort_heading(b, srt, iSec, c, s->aCol[c].zLabel);
    else
      html_appendf(b, ">%s", s->aCol[c].zLabel);
    html_raw(b, "</th>");
  }
  html_raw(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
  int *aIdx = xmalloc(sizeof *aIdx * (size_t)(s->nRow + 1));
  grid_order(s, srt, iSec, aIdx);
  for (int k = 0; k < s->nRow; k++) {
    int i = aIdx[k];
    int total = s->aFlag[i] & ROW_TOTAL;
    html_appendf(b, "<tr class=\"govuk-table__row%s\">", total ? " at-total" : "");
    for (int c = 0; c < s->nCol; c++) {
      const Cell *x = &s->aCell[i * s->nCol + c];
      const char *zNum = aNum[c] ? " govuk-table__cell--numeric" : "";
      if (c == 0)
        html_raw(b, "<th scope=\"row\" class=\"govuk-table__header\">");
      else
        html_appendf(b, "<td class=\"govuk-table__cell%s\">", zNum);
      if (total && c > 0) html_raw(b, "<strong>");
      buf_reset(&href);
      int link = xLink && xLink(ctx, s, i, c, &href);
      if (link) html_appendf(b, "<a class=\"govuk-link\" href=\"%s\">", buf_cstr(&href));
      const Markup *w = report_cell_words(s, i, c);
      if (w && !link)
        markup_render_html(w, 3, b);
      else
        cell_html(b, x);
      if (link) html_raw(b, "</a>");
      if (total && c > 0) html_raw(b, "</strong>");
      if (c == 0)
        html_raw(b, "</th>");
      else
        html_raw(b, "</td>");
    }
    html_raw(b, "</tr>\n");
  }
  html_raw(b, "</tbody></table></div>\n");
  if (s->zNote) {
    html_raw(b, "<p class=\"govuk-body-s\">");
    text_dated(b, s->zNote);
    html_raw(b, "</p>\n");
  }
  free(aNum);
  free(aIdx);
  buf_free(&href);
}

static void section_grid(Buf *b, const ReportSection *s, CellLink xLink, void *ctx) {
  section_grid_sorted(b, s, xLink, ctx, 0, 0);
}

/* A section's title as a heading and its note as a paragraph, dates as the pages write them. */
static void section_heading(Buf *b, const ReportSection *s) {
  html_raw(b, "<h2 class=\"govuk-heading-m\">");
  text_dated(b, s->zTitle);
  html_raw(b, "</h2>\n");
  if (s->zNote) {
    html_raw(b, "<p class=\"govuk-body\">");
    text_dated(b, s->zNote);
    html_raw(b, "</p>\n");
  }
}

/* LAYOUT_RECORDS: one summary list per row, headed by its first two values. */
static void section_records(Buf *b, const ReportSection *s, int iSec) {
  section_heading(b, s);
  for (int i = 0; i < s->nRow; i++) {
    const Cell *row = &s->aCell[i * s->nCol];
    html_appendf(b, "<h3 class=\"govuk-heading-s\" id=\"s%d-r%d\">", iSec, i);
    for (int c = 0; c < 2 && c < s->nCol; c++) {
      if (c) html_raw(b, ": ");
      html_appendf(b, "%s ", s->aCol[c].zLabel);
      cell_html(b, &row[c]);
    }
    html_raw(b, "</h3>\n<dl class=\"govuk-summary-list\">");
    for (int c = 2; c < s->nCol; c++) {
      if (row[c].t == CELL_NULL || (row[c].t == CELL_TEXT && !row[c].z[0])) continue;
      html_appendf(b,
                   "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                   "%s</dt><dd class=\"govuk-summary-list__value\">",
                   s->aCol[c].zLabel);
      cell_html(b, &row[c]);
      html_raw(b, "</dd></div>");
    }
    html_raw(b, "</dl>\n");
  }
}

/* The filter statement ("directorate = Adults; band = over 12 months", as
** report_common_meta writes it for the papers) in the filter form's words. */
static void meta_filter(Buf *b, const char *zValue) {
  static const char *const az[][2] = {{"risk", "Risk rating"},
                                      {"directorate", "Directorate"},
                                      {"theme", "Theme"},
                                      {"owner", "Owner or director"},
                                      {"band", "Band"}};
  char *z = xstrdup(zValue), *zSave = 0;
  int n = 0;
  for (char *t = strtok_r(z, ";", &zSave); t; t = strtok_r(0, ";", &zSave)) {
    while (*t == ' ') t++;
    char *zEq = strstr(t, " = ");
    const char *zKey = t;
    if (zEq) {
      *zEq = 0;
      for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
        if (!strcmp(t, az[i][0])) zKey = az[i][1];
      }
    }
    html_appendf(b, "%s%s%s%s", n++ ? "; " : "", zKey, zEq ? ": " : "", zEq ? zEq + 3 : "");
  }
  free(z);
}

/* The report's statements (as at, policy ...) and its sections. The papers'
** statements that name settings (the pack, the filter) are said as the pages
** say them. */
static void report_html_body(Buf *b, const Report *rp, CellLink xLink, void *ctx,
                             const ReportSort *srt);

void page_report_html(Buf *b, const Report *rp, CellLink xLink, void *ctx) {
  report_html_body(b, rp, xLink, ctx, 0);
}

void page_report_html_sorted(Buf *b, const Report *rp, const ReportSort *srt) {
  report_html_body(b, rp, 0, 0, srt);
}

void page_report_sort_read(const Req *r, ReportSort *srt) {
  const char *z = web_arg(r, "sort"), *zO = web_arg(r, "order");
  srt->sec = srt->col = -1;
  srt->desc = zO && !strcmp(zO, "desc");
  if (!z || sscanf(z, "%d-%d", &srt->sec, &srt->col) != 2 || srt->sec < 0 || srt->col < 0)
    srt->sec = srt->col = -1;
}

static void report_html_body(Buf *b, const Report *rp, CellLink xLink, void *ctx,
                             const ReportSort *srt) {
  html_raw(b, "<dl class=\"govuk-summary-list govuk-summary-list--no-border at-report-meta\">");
  for (int i = 0; i < rp->nMeta; i++) {
    const ReportMeta *m = &rp->aMeta[i];
    const char *zKey = m->zKey ? m->zKey : "";
    int isPack = !strcmp(zKey, "pack"), isFilter = !strcmp(zKey, "filter");
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "%s</dt><dd class=\"govuk-summary-list__value\">",
                 isPack     ? "Pack layout"
                 : isFilter ? "Filtered to"
                            : m->zLabel);
    if (isFilter) {
      meta_filter(b, m->zValue);
    } else if (isPack && m->zValue[0] >= 'a' && m->zValue[0] <= 'z') {
      char zFirst[2] = {(char)(m->zValue[0] - 'a' + 'A'), 0};
      html_appendf(b, "%s%s", zFirst, m->zValue + 1);
    } else {
      text_dated(b, m->zValue);
    }
    html_raw(b, "</dd></div>");
  }
  html_raw(b, "</dl>\n");
  for (int i = 0; i < rp->nSection; i++) {
    const ReportSection *s = rp->apSection[i];
    if (s->nCol == 0) {
      section_heading(b, s);
    } else if (s->layout == LAYOUT_TEXT) {
      html_raw(b, "<h2 class=\"govuk-heading-m\">");
      text_dated(b, s->zTitle);
      html_raw(b, "</h2>\n<div class=\"govuk-body\">\n");
      markup_render_html(s->pText, 3, b);
      html_raw(b, "</div>\n");
    } else if (s->layout == LAYOUT_RECORDS) {
      section_records(b, s, i);
    } else {
      ReportSort one = srt ? *srt : (ReportSort){-1, -1, 0, ""};
      if (srt && (one.sec != i || one.col >= s->nCol)) one.sec = one.col = -1;
      section_grid_sorted(b, s, xLink, ctx, srt ? &one : 0, i);
    }
  }
}

/* ---- shared by the pages ---- */

/* The cycles, or none when they cannot be read (the page still works by date). */
void page_cycles_load(Req *r, Cycle **pa, int *pn) {
  if (store_cycle_list(r->db, pa, pn)) {
    store_cycles_free(*pa, *pn);
    *pa = 0;
    *pn = 0;
  }
}

/* A date field showing what was typed, else d. */
void page_date_input(Req *r, const char *zName, const char *zLabel, Day d) {
  char z[DAY_FMT_MAX];
  const char *zVal = web_arg(r, zName);
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = WEB_DATE_HINT,
                          .zValue = zVal && zVal[0] ? zVal : day_fmt(d, DAY_UK, z),
                          .zClass = "govuk-input--width-10",
                          .zMode = "numeric"});
}

void page_set_download(Req *r, const char *zType, const char *zName, Day asAt, const char *zExt) {
  char z[DAY_FMT_MAX];
  Buf d = BUF_INIT;
  buf_appendf(&d, "attachment; filename=\"%s-%s.%s\"", zName, day_fmt(asAt, DAY_ISO, z), zExt);
  free(r->zDisposition);
  r->zDisposition = buf_steal(&d);
  r->zType = zType;
}

/* Render rp in fmt, the binary formats through their own renderers, which can
** fail (a temporary file, cairo) where report_render would abort the server. */
int page_render_doc(const Report *rp, int fmt, Buf *out, Buf *err) {
  if (fmt == FMT_PDF) return report_render_pdf(rp, out, err);
  if (fmt == FMT_XLSX) return report_render_xlsx(rp, 0, out, err);
  if (fmt == FMT_DOCX) return report_render_docx(rp, out, err);
  report_render(rp, (ReportFormat)fmt, out);
  return 0;
}

/* One grid section of a report as a GOV.UK table (page_render.h). */
void page_section_html(Buf *b, const ReportSection *s, CellLink xLink, void *ctx) {
  section_grid(b, s, xLink, ctx);
}

/* ---- names suggested on forms ---- */

static int str_cmp(const void *a, const void *b) {
  return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

void page_suggest_people(Req *r, const Register *g) {
  const char **az = 0;
  int n = web_index_distinct(g, IX_PEOPLE, 0, &az);
  Person *aP = 0;
  int nP = 0;
  if (store_person_list(r->db, &aP, &nP)) nP = 0; /* suggestions only: the form still works */
  az = xrealloc(az, sizeof(char *) * ((size_t)(n + nP) + 1));
  for (int i = 0; i < nP; i++) az[n++] = aP[i].zName;
  if (n > 1) qsort(az, (size_t)n, sizeof *az, str_cmp);
  int u = 0;
  for (int k = 0; k < n; k++) {
    if (!u || strcasecmp(az[u - 1], az[k])) az[u++] = az[k];
  }
  web_datalist(r, "people", az, u);
  free(az);
  store_people_free(aP, nP);
}

void page_suggest_distinct(Req *r, const Register *g, int field, const char *zId) {
  const char **az = 0;
  int n = web_index_distinct(g, field, 0, &az);
  web_datalist(r, zId, az, n);
  free(az);
}

int page_suggest_names(Req *r) {
  Register g;
  if (web_register_acquire(r, &g)) return 1;
  page_suggest_people(r, &g);
  page_suggest_distinct(r, &g, IX_DIRECTORATE, "directorates");
  page_suggest_distinct(r, &g, IX_THEME, "themes");
  web_register_release(r, &g);
  return 0;
}
