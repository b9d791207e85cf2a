/*
** page_report.c: the pages that read the register as a whole: "My actions",
** the dashboard, the recommendation list with its filters and CSV download, and
** the committee reports in every format the command line writes.
**
** Every figure comes from the as-at engine through report_build.h, on the
** shared register (web_register_acquire), so the web and `auditrack report` or
** `rec list` print the same numbers. Rendered dashboards and reports are cached
** per register generation. Not for: one recommendation's page or its forms
** (page_rec.c), audits (page_audit.c), SQL, or the report model (report*.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "report_pack.h"
#include "report_request.h"
#include "store.h"
#include "web.h"

#define PAGE_SIZE 50
#define MY_MAX_ROWS 100 /* rows per table on My actions; the reports list them all */

/* ---- small helpers ---- */

/* A query value, or NULL when absent or empty. */
static const char *arg_nz(const Req *r, const char *zName) {
  const char *z = web_arg(r, zName);
  return z && z[0] ? z : 0;
}

/* Append ?k=v or &k=v to a URL, percent-encoding v; nothing when v is NULL or "". */
static void url_arg(Buf *u, const char *zKey, const char *zVal) {
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

static void url_day(Buf *u, const char *zKey, Day d) {
  char z[DAY_FMT_MAX];
  if (d != DAY_NONE) url_arg(u, zKey, day_fmt(d, DAY_ISO, z));
}

/* Text with its line breaks kept. */
static void html_lines(Buf *b, const char *z) {
  if (z && strchr(z, '\n'))
    html_appendf(b, "<span class=\"at-pre\">%s</span>", z);
  else
    html_appendf(b, "%s", z ? z : "");
}

/* A short name for a recommendation: its title, else the start of its text. */
static void rec_name(const Rec *rec, int hide, Buf *out) {
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

typedef struct Sel {
  Day asAt, since; /* since DAY_NONE unless the page uses it */
  Filter f;        /* with the role's limits applied */
  const char *zQ;  /* text search (lists only) */
  const char *zStatus;
} Sel;

/* A query value by name for filter_read, NULL when absent or empty. */
static const char *sel_lookup(void *ctx, const char *zName) { return arg_nz(ctx, zName); }

/* Read as_at, the filters and the role's limits. since stays DAY_NONE: the
** pages that use it get it from sel_request. */
static void sel_read(Req *r, Sel *s) {
  memset(s, 0, sizeof *s);
  s->asAt = web_arg_day(r, "as_at", r->today);
  s->since = DAY_NONE;
  Buf err = BUF_INIT;
  (void)filter_read(&s->f, sel_lookup, r, &err); /* the route's fields checked them */
  buf_free(&err);
  s->zStatus = web_arg_or(r, "status", "open");
  s->zQ = arg_nz(r, "q");
  web_role_filter(r, &s->f);
}

/* The page's report request (report_request.h): the selection's dates and
** filter, with a reporting cycle (?cycle=NAME sets the report date and, as the
** form sends back the dates it showed, the previous one too) and the trend's
** length when withCycle. Sets s's dates to the request's. Returns 1 after
** recording a field error. */
static int sel_request(Req *r, Sel *s, const Cycle *aC, int nC, int withCycle, ReportInput *in) {
  const char *zCycle = withCycle ? arg_nz(r, "cycle") : 0;
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
static void sel_url(Buf *u, const char *zPath, const Sel *s, const Req *r) {
  buf_puts(u, zPath);
  url_day(u, "as_at", s->asAt);
  if (s->since != DAY_NONE) url_day(u, "since", s->since);
  url_arg(u, "risk", s->f.zRisk);
  url_arg(u, "band", s->f.zBand);
  if (r->user.role != ROLE_DIRECTOR) url_arg(u, "directorate", s->f.zDirectorate);
  url_arg(u, "theme", s->f.zTheme);
  url_arg(u, "owner", s->f.zOwner);
  if (strcmp(s->zStatus, "open")) url_arg(u, "status", s->zStatus);
  url_arg(u, "q", s->zQ);
}

/* ---- a Report as GOV.UK HTML ---- */

/* Where a cell links to, if anywhere: fills href and returns 1. */
typedef int (*CellLink)(void *ctx, const ReportSection *sec, int row, int col, Buf *href);

static void cell_html(Buf *b, const Cell *c) {
  char z[DAY_FMT_MAX];
  switch (c->t) {
  case CELL_TEXT: html_lines(b, c->z); break;
  case CELL_INT: html_appendf(b, "%lld", c->i); break;
  case CELL_DATE: html_appendf(b, "%s", web_day(c->d, z)); break;
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

static void section_grid(Buf *b, const ReportSection *s, CellLink xLink, void *ctx) {
  Buf href = BUF_INIT;
  char *aNum = xcalloc((size_t)s->nCol + 1, 1);
  for (int c = 0; c < s->nCol; c++) aNum[c] = (char)col_numeric(s, c);
  html_appendf(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--m\">%s</caption>\n"
               "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
               s->zTitle);
  for (int c = 0; c < s->nCol; c++) {
    html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>",
                 aNum[c] ? " govuk-table__header--numeric" : "", s->aCol[c].zLabel);
  }
  html_raw(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
  for (int i = 0; i < s->nRow; i++) {
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
  if (s->zNote) html_appendf(b, "<p class=\"govuk-body-s\">%s</p>\n", s->zNote);
  free(aNum);
  buf_free(&href);
}

/* LAYOUT_RECORDS: one summary list per row, headed by its first two values. */
static void section_records(Buf *b, const ReportSection *s, int iSec) {
  html_appendf(b, "<h2 class=\"govuk-heading-m\">%s</h2>\n", s->zTitle);
  if (s->zNote) html_appendf(b, "<p class=\"govuk-body\">%s</p>\n", s->zNote);
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

/* The report's statements (as at, policy ...) and its sections. */
static void report_html(Buf *b, const Report *rp, CellLink xLink, void *ctx) {
  html_raw(b, "<dl class=\"govuk-summary-list govuk-summary-list--no-border at-report-meta\">");
  for (int i = 0; i < rp->nMeta; i++) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "%s</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>",
                 rp->aMeta[i].zLabel, rp->aMeta[i].zValue);
  }
  html_raw(b, "</dl>\n");
  for (int i = 0; i < rp->nSection; i++) {
    const ReportSection *s = rp->apSection[i];
    if (s->nCol == 0) {
      html_appendf(b, "<h2 class=\"govuk-heading-m\">%s</h2>\n", s->zTitle);
      if (s->zNote) html_appendf(b, "<p class=\"govuk-body\">%s</p>\n", s->zNote);
    } else if (s->layout == LAYOUT_RECORDS) {
      section_records(b, s, i);
    } else {
      section_grid(b, s, xLink, ctx);
    }
  }
}

/* ---- My actions ---- */

typedef struct MyRow {
  const Rec *rec;
  RecState st;
} MyRow;

typedef struct MyList {
  MyRow *a;
  int n, cap;
} MyList;

static void my_add(MyList *l, const Rec *rec, const RecState *st) {
  if (l->n == l->cap)
    l->a = xrealloc(l->a, sizeof(MyRow) * (size_t)(l->cap = l->cap ? l->cap * 2 : 16));
  l->a[l->n].rec = rec;
  l->a[l->n++].st = *st;
}

/* What a table of My actions shows in its date column. */
enum { MY_OVERDUE, MY_DUE, MY_FOLLOW_UP };

static void my_table(Req *r, const Register *g, const MyList *l, const char *zCaption,
                     const char *zEmpty, int kind) {
  Buf *b = &r->body;
  Buf nm = BUF_INIT;
  char z[DAY_FMT_MAX];
  if (!l->n) {
    html_appendf(b, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s</p>\n",
                 zCaption, zEmpty);
    return;
  }
  html_appendf(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--m\">%s (%d)</caption>"
               "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
               "<th scope=\"col\" class=\"govuk-table__header\">Recommendation</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">Audit</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">Directorate</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">%s</th>",
               zCaption, l->n, kind == MY_FOLLOW_UP ? "Next follow-up" : "Due");
  if (kind == MY_OVERDUE) {
    html_raw(b, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Months overdue</th><th scope=\"col\" class=\"govuk-table__header\">Band</th>");
  } else if (kind == MY_FOLLOW_UP) {
    html_raw(b, "<th scope=\"col\" class=\"govuk-table__header\">Next action</th>");
  }
  html_raw(b, "</tr></thead><tbody class=\"govuk-table__body\">\n");
  int nShow = l->n < MY_MAX_ROWS ? l->n : MY_MAX_ROWS;
  for (int i = 0; i < nShow; i++) {
    const MyRow *x = &l->a[i];
    buf_reset(&nm);
    rec_name(x->rec, web_rec_access(r, x->rec) == ACC_REDACTED, &nm);
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%lld%s%s: %s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>",
                 x->rec->id, x->rec->id, x->rec->zRef ? " ref " : "",
                 x->rec->zRef ? x->rec->zRef : "", buf_cstr(&nm),
                 x->rec->zAuditTitle ? x->rec->zAuditTitle : "",
                 x->rec->zDirectorate ? x->rec->zDirectorate : "");
    if (kind == MY_FOLLOW_UP) {
      html_appendf(b,
                   "<td class=\"govuk-table__cell at-nowrap\">%s</td><td "
                   "class=\"govuk-table__cell\">%s</td>",
                   web_day(x->st.pOpinion->nextFollowUp, z),
                   x->st.pOpinion->zNext ? x->st.pOpinion->zNext : "");
    } else {
      html_appendf(b, "<td class=\"govuk-table__cell at-nowrap\">%s</td>",
                   x->st.due == DAY_NONE ? (x->st.currentTbc ? "TBC" : "No target date")
                                         : web_day(x->st.due, z));
    }
    if (kind == MY_OVERDUE) {
      html_appendf(b,
                   "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
                   "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--red\">"
                   "%s</strong></td>",
                   x->st.months, rec_band_label(g->pol, &x->st));
    }
    html_raw(b, "</tr>\n");
  }
  html_raw(b, "</tbody></table></div>\n");
  if (nShow < l->n && !cap_allows(CAP_REPORTS, r->user.role)) {
    html_appendf(b, "<p class=\"govuk-body\">The first %d of %d are shown here.</p>\n", nShow,
                 l->n);
  } else if (nShow < l->n) {
    html_appendf(b,
                 "<p class=\"govuk-body\">The first %d of %d are shown here. <a "
                 "class=\"govuk-link\" href=\"%s\">See them all</a>.</p>\n",
                 nShow, l->n,
                 kind == MY_FOLLOW_UP ? "/reports/outstanding" : "/reports/escalations");
  }
  buf_free(&nm);
}

/* Owners and directors: their open recommendations by urgency, then what
** waits for internal audit. */
static void my_own(Req *r, const Register *g) {
  Buf *b = &r->body;
  const User *u = &r->user;
  MyList over = {0}, soon = {0}, later = {0};
  Day limit = r->today + DUE_SOON_DAYS;
  char *aMine = xcalloc((size_t)g->set->n + 1, 1);
  /* Whose they are, by rec_access's rule (access.h), from the register's index. */
  const int *aIdx;
  int isDir = u->role == ROLE_DIRECTOR;
  int nIdx = web_register_find(g, isDir, isDir ? u->zDirectorate : u->zOwnerAs, &aIdx);
  for (int k = 0; k < nIdx; k++) aMine[aIdx[k]] = 1;
  for (int k = 0; k < r->nDelegated; k++) { /* an owner's delegations, read per request */
    const Rec *rec = recset_find(g->set, r->aDelegated[k]);
    if (rec) aMine[rec - g->set->a] = 1;
  }
  for (int i = 0; i < g->set->n; i++) {
    const Rec *rec = &g->set->a[i];
    if (!aMine[i]) continue; /* the state is computed only for the rows shown */
    RecState st;
    rec_state_at(rec, g->pol, r->today, &st);
    if (!st.exists || !st.open) continue;
    if (st.overdue)
      my_add(&over, rec, &st);
    else if (st.due != DAY_NONE && st.due <= limit)
      my_add(&soon, rec, &st);
    else
      my_add(&later, rec, &st);
  }
  html_appendf(b, "<p class=\"govuk-body\">%s as at %s.</p>\n",
               u->role == ROLE_DIRECTOR
                   ? "Open recommendations of your directorate"
                   : "Open recommendations you own or that are delegated to you",
               web_day(r->today, (char[DAY_FMT_MAX]){0}));
  my_table(r, g, &over, "Overdue", "Nothing is overdue.", MY_OVERDUE);
  my_table(r, g, &soon, "Due within " DUE_SOON_DAYS_TEXT " days",
           "Nothing falls due in the next " DUE_SOON_DAYS_TEXT " days.", MY_DUE);
  my_table(r, g, &later, "Due later", "Nothing else is open.", MY_DUE);

  /* What was sent to internal audit and waits for its decision. */
  Submission *aSub = 0;
  int nSub = 0, shown = 0;
  if (store_sub_list(r->db, 0, &aSub, &nSub)) nSub = 0;
  char z[DAY_FMT_MAX];
  for (int k = 0; k < nSub; k++) {
    const Submission *x = &aSub[k];
    const Rec *rec = recset_find(g->set, x->recId);
    if (!(rec && aMine[rec - g->set->a]) && x->userId != u->id) continue;
    if (!shown++) {
      html_raw(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--m\">Waiting for internal "
               "audit</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
               "<th scope=\"col\" class=\"govuk-table__header\">Recommendation</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">What was sent</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">Sent on</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">By</th></tr></thead>"
               "<tbody class=\"govuk-table__body\">\n");
    }
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%lld%s%s: %s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
                 "at-nowrap\">%s</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
                 x->recId, x->recId, x->zRecRef ? " ref " : "", x->zRecRef ? x->zRecRef : "",
                 x->zAuditTitle ? x->zAuditTitle : "",
                 x->kind == SUBK_DATE ? "A new target date" : "An update", web_day(x->on, z),
                 x->zAuthor ? x->zAuthor : "");
  }
  if (shown)
    html_raw(b, "</tbody></table></div>\n");
  else
    html_raw(b, "<h2 class=\"govuk-heading-m\">Waiting for internal audit</h2><p "
                "class=\"govuk-body\">Nothing you sent is waiting for a decision.</p>\n");
  store_subs_free(aSub, nSub);
  free(aMine);
  free(over.a);
  free(soon.a);
  free(later.a);
}

/* Internal audit: the queue, follow-ups due, and the escalation ladder. */
static void my_audit(Req *r, const Register *g) {
  Buf *b = &r->body;
  Submission *aSub = 0;
  int nSub = 0;
  if (store_sub_list(r->db, 0, &aSub, &nSub)) nSub = 0;
  store_subs_free(aSub, nSub);
  html_appendf(b,
               "<div class=\"govuk-inset-text\"><p class=\"govuk-body\"><a class=\"govuk-link\" "
               "href=\"/review\">Review queue: %d submission%s waiting for a decision</a></p>"
               "</div>\n",
               nSub, nSub == 1 ? "" : "s");
  MyList fu = {0};
  MyList *aRung = xcalloc((size_t)g->pol->nRung + 1, sizeof(MyList));
  Day limit = r->today + DUE_SOON_DAYS;
  for (int i = 0; i < g->set->n; i++) {
    const Rec *rec = &g->set->a[i];
    RecState st;
    rec_state_at(rec, g->pol, r->today, &st);
    if (!st.exists || !st.open) continue;
    if (st.pOpinion && st.pOpinion->nextFollowUp != DAY_NONE && st.pOpinion->nextFollowUp <= limit)
      my_add(&fu, rec, &st);
    if (st.overdue && st.rung >= 0 && st.rung < g->pol->nRung) my_add(&aRung[st.rung], rec, &st);
  }
  my_table(r, g, &fu, "Follow-ups due within " DUE_SOON_DAYS_TEXT " days or past",
           "No internal audit follow-up falls due in the next " DUE_SOON_DAYS_TEXT " days.",
           MY_FOLLOW_UP);
  for (int k = g->pol->nRung - 1; k >= 0; k--) {
    Buf t = BUF_INIT;
    buf_appendf(&t, "Overdue %d months or more: %s", g->pol->aRung[k].minMonths,
                g->pol->aRung[k].zAction);
    my_table(r, g, &aRung[k], buf_cstr(&t), "None at this rung.", MY_OVERDUE);
    buf_free(&t);
    free(aRung[k].a);
  }
  free(aRung);
  free(fu.a);
}

static int my_page(Req *r) {
  Register g;
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  web_page_begin(r, "My actions");
  html_raw(&r->body, "<h1 class=\"govuk-heading-l\">My actions</h1>\n");
  if (r->user.role == ROLE_OWNER || r->user.role == ROLE_DIRECTOR) {
    my_own(r, &g);
  } else {
    /* The same for every auditor and admin: cached for the day at this generation. */
    char zKey[64];
    snprintf(zKey, sizeof zKey, "my|audit|%d", r->today);
    if (!web_cache_get(r, g.gen, zKey, &r->body)) {
      /* Rendered apart from the page so the fragment can be cached. */
      Buf frag = BUF_INIT;
      Buf save = r->body;
      r->body = frag;
      my_audit(r, &g);
      frag = r->body;
      r->body = save;
      web_cache_put(r, g.gen, zKey, frag.z ? frag.z : "", frag.n);
      buf_append(&r->body, frag.z ? frag.z : "", frag.n);
      buf_free(&frag);
    }
  }
  web_page_end(r);
  web_register_release(r, &g);
  return 0;
}

/* ---- the dashboard ---- */

typedef struct DashLink {
  const Sel *s;
  const Policy *pol;
} DashLink;

/* Counts in the summary link to the list they count. */
static int dash_link(void *ctx, const ReportSection *sec, int row, int col, Buf *href) {
  const DashLink *d = ctx;
  const Cell *c = &sec->aCell[row * sec->nCol + col];
  const Cell *first = &sec->aCell[row * sec->nCol];
  if (col == 0 || c->t != CELL_INT || c->i <= 0 || first->t != CELL_TEXT) return 0;
  const char *zKey0 = sec->aCol[0].zKey, *zCol = sec->aCol[col].zKey;
  int total = sec->aFlag[row] & ROW_TOTAL;
  buf_puts(href, "/recs");
  url_day(href, "as_at", d->s->asAt);
  if (!strcmp(zKey0, "risk")) {
    if (!total && !strcmp(first->z, "Not rated")) return 0; /* no filter says "not rated" */
    if (!total) url_arg(href, "risk", first->z);
    if (!strcmp(zCol, "not_yet_due"))
      url_arg(href, "band", "Not yet due");
    else if (!strcmp(zCol, "no_target_date"))
      url_arg(href, "band", "No target date");
    else if (!strncmp(zCol, "overdue_", 8)) {
      int b = 0;
      while (b < d->pol->nBand &&
             strcmp(sec->aCol[col].zLabel + 8 /* "Overdue " */, d->pol->aBand[b].zLabel))
        b++;
      if (b == d->pol->nBand) return 0;
      url_arg(href, "band", d->pol->aBand[b].zLabel);
    } else if (strcmp(zCol, "open"))
      return 0;
    return 1;
  }
  if (!strcmp(zKey0, "directorate") || !strcmp(zKey0, "theme")) {
    if (total || !strcmp(first->z, "(not stated)") || strcmp(zCol, "open")) return 0;
    url_arg(href, zKey0, first->z);
    return 1;
  }
  return 0;
}

/* The cycles, or none when they cannot be read (the page still works by date). */
static void cycles_load(Req *r, Cycle **pa, int *pn) {
  if (store_cycle_list(r->db, pa, pn)) {
    store_cycles_free(*pa, *pn);
    *pa = 0;
    *pn = 0;
  }
}

/* A date field showing what was typed, else d. */
static void date_input(Req *r, const char *zName, const char *zLabel, Day d) {
  char z[DAY_FMT_MAX];
  const char *zVal = web_arg(r, zName);
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = "For example, 31/3/2022",
                          .zValue = zVal && zVal[0] ? zVal : day_fmt(d, DAY_UK, z),
                          .zClass = "govuk-input--width-10",
                          .zMode = "numeric"});
}

static int dashboard(Req *r) {
  Sel s;
  sel_read(r, &s);
  s.f.zRisk = s.f.zBand = s.f.zTheme = s.f.zOwner = 0; /* the dashboard has no filters */
  s.f.status = SF_OPEN;
  if (r->user.role != ROLE_DIRECTOR) s.f.zDirectorate = 0;
  Cycle *aC = 0;
  int nC = 0;
  cycles_load(r, &aC, &nC);
  ReportInput in;
  int bad = sel_request(r, &s, aC, nC, 0, &in);
  Register g;
  if (web_register_acquire(r, &g)) { /* answered 500 */
    store_cycles_free(aC, nC);
    return 0;
  }
  web_page_begin(r, "Dashboard");
  Buf *b = &r->body;
  if (bad) web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Dashboard</h1>\n"
              "<form method=\"get\" action=\"/dashboard\" class=\"at-filters\" novalidate>");
  date_input(r, "as_at", "As at", s.asAt);
  date_input(r, "since", "Previous report", s.since);
  html_raw(b,
           "<div class=\"govuk-form-group\"><button type=\"submit\" class=\"govuk-button "
           "govuk-button--secondary\" data-module=\"govuk-button\">Show</button></div></form>\n");
  if (bad) {
    r->status = 400;
    web_page_end(r);
    web_register_release(r, &g);
    store_cycles_free(aC, nC);
    return 0;
  }
  Buf key = BUF_INIT;
  report_key(&key, &(ReportKey){.zWhat = "dashboard", .role = (int)r->user.role}, &in);
  if (!web_cache_get(r, g.gen, buf_cstr(&key), b)) {
    Buf frag = BUF_INIT, err = BUF_INIT;
    in.set = g.set;
    in.pol = g.pol;
    in.zOrg = g.zOrg;
    Report *rp = report_build("summary", &in, &err);
    if (rp) {
      DashLink d = {&s, g.pol};
      report_html(&frag, rp, dash_link, &d);
      Buf u = BUF_INIT;
      sel_url(&u, "/reports/summary", &s, r);
      html_appendf(&frag,
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">This summary "
                   "as a report to download</a></p>\n",
                   buf_cstr(&u));
      buf_free(&u);
      report_free(rp);
    } else {
      html_appendf(&frag, "<p class=\"govuk-body\">%s</p>", buf_cstr(&err));
    }
    web_cache_put(r, g.gen, buf_cstr(&key), frag.z ? frag.z : "", frag.n);
    buf_append(b, frag.z ? frag.z : "", frag.n);
    buf_free(&frag);
    buf_free(&err);
  }
  buf_free(&key);
  web_page_end(r);
  web_register_release(r, &g);
  store_cycles_free(aC, nC);
  return 0;
}

/* ---- the recommendation list ---- */

static int has_text(const char *zHay, const char *zNeedle) {
  return zHay && strcasestr(zHay, zNeedle);
}

/* The recommendations the selection matches, as a RecSet that borrows the
** register's records (free only out->a), with their states in *paSt. */
static void list_select(const Register *g, const Sel *s, RecSet *out, RecState **paSt) {
  memset(out, 0, sizeof *out);
  out->a = xmalloc(sizeof(Rec) * ((size_t)g->set->n + 1));
  RecState *aSt = xmalloc(sizeof(RecState) * ((size_t)g->set->n + 1));
  for (int i = 0; i < g->set->n; i++) {
    const Rec *rec = &g->set->a[i];
    RecState st;
    rec_state_at(rec, g->pol, s->asAt, &st);
    if (!filter_match(&s->f, g->pol, rec, &st)) continue;
    if (s->zQ) {
      int hide = rec->confidential && !s->f.includeConfidential;
      /* A withheld item's texts are not searched: a hit would tell what they say. */
      if (!has_text(rec->zOwner, s->zQ) &&
          (hide || (!has_text(rec->zTitle, s->zQ) && !has_text(rec->zBody, s->zQ) &&
                    !has_text(rec->zAction, s->zQ))))
        continue;
    }
    aSt[out->n] = st;
    out->a[out->n++] = *rec;
  }
  *paSt = aSt;
}

/* Distinct values of one field among what the user may list, sorted. */
static int str_cmp(const void *a, const void *b) {
  return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static int distinct(const Register *g, const char *zDirOnly, int field, const char ***paz) {
  const char **az = xmalloc(sizeof(char *) * ((size_t)g->set->n + 1));
  int n = 0;
  for (int i = 0; i < g->set->n; i++) {
    const Rec *rec = &g->set->a[i];
    if (zDirOnly && !(rec->zDirectorate && !strcasecmp(rec->zDirectorate, zDirOnly))) continue;
    const char *z = field == 0 ? rec->zRiskLabel : rec->zDirectorate;
    if (z && z[0]) az[n++] = z;
  }
  if (n > 1) qsort(az, (size_t)n, sizeof *az, str_cmp);
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (!m || strcasecmp(az[m - 1], az[i])) az[m++] = az[i];
  }
  *paz = az;
  return m;
}

static void text_input(Req *r, const char *zName, const char *zLabel, const char *zWidth) {
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zValue = web_arg_or(r, zName, ""),
                          .zClass = zWidth});
}

static void list_form(Req *r, const Register *g, const Sel *s) {
  Buf *b = &r->body;
  const char **az = 0;
  /* The choices are what the role may see, not what the current filter leaves. */
  const char *zDirOnly = r->user.role == ROLE_DIRECTOR ? r->user.zDirectorate : 0;
  html_raw(b, "<form method=\"get\" action=\"/recs\" class=\"at-filters\" novalidate>");
  date_input(r, "as_at", "As at", s->asAt);
  web_select_open(r, &(Control){.zName = "risk", .zLabel = "Risk rating"});
  web_option(r, "", "Any", s->f.zRisk);
  int n = distinct(g, zDirOnly, 0, &az);
  for (int i = 0; i < n; i++) web_option(r, az[i], az[i], s->f.zRisk);
  free(az);
  web_select_close(r);
  web_select_open(r, &(Control){.zName = "band", .zLabel = "Band"});
  web_option(r, "", "Any", s->f.zBand);
  web_option(r, "Not yet due", "Not yet due", s->f.zBand);
  web_option(r, "No target date", "No target date", s->f.zBand);
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
    n = distinct(g, zDirOnly, 1, &az);
    for (int i = 0; i < n; i++) web_option(r, az[i], az[i], s->f.zDirectorate);
    free(az);
    web_select_close(r);
  }
  web_select_open(r, &(Control){.zName = "status", .zLabel = "Status"});
  web_option(r, "open", "Open", s->zStatus);
  web_option(r, "closed", "Closed", s->zStatus);
  web_option(r, "all", "All", s->zStatus);
  web_select_close(r);
  text_input(r, "theme", "Theme", "govuk-input--width-10");
  text_input(r, "owner", "Owner or director", "govuk-input--width-10");
  text_input(r, "q", "Search the text", "govuk-input--width-20");
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

static int recs_page(Req *r) {
  Sel s;
  sel_read(r, &s);
  Register g;
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  RecSet sub;
  RecState *aSt = 0;
  list_select(&g, &s, &sub, &aSt);
  int nPage = (sub.n + PAGE_SIZE - 1) / PAGE_SIZE;
  int page = (int)web_arg_int(r, "page", 1);
  if (page < 1) page = 1;
  if (nPage && page > nPage) page = nPage;
  web_page_begin(r, "Recommendations");
  Buf *b = &r->body;
  char z[DAY_FMT_MAX];
  html_raw(b, "<h1 class=\"govuk-heading-l\">Recommendations</h1>\n");
  list_form(r, &g, &s);
  Buf base = BUF_INIT, csv = BUF_INIT, xlsx = BUF_INIT, pdf = BUF_INIT, nm = BUF_INIT;
  sel_url(&base, "/recs", &s, r);
  sel_url(&csv, "/recs.csv", &s, r);
  sel_url(&xlsx, "/recs.xlsx", &s, r);
  sel_url(&pdf, "/recs.pdf", &s, r);
  int from = (page - 1) * PAGE_SIZE, to = from + PAGE_SIZE < sub.n ? from + PAGE_SIZE : sub.n;
  html_appendf(b,
               "<p class=\"govuk-body\" id=\"results\"><span class=\"at-count\">%d</span> "
               "recommendation%s as at %s",
               sub.n, sub.n == 1 ? "" : "s", web_day(s.asAt, z));
  if (sub.n > PAGE_SIZE) html_appendf(b, "; showing %d to %d", from + 1, to);
  html_appendf(b,
               ". Download <a class=\"govuk-link\" href=\"%s\" download>CSV "
               "<span class=\"govuk-visually-hidden\">of all %d recommendations</span></a>, "
               "<a class=\"govuk-link\" href=\"%s\" download>Excel "
               "<span class=\"govuk-visually-hidden\">workbook of all %d recommendations</span>"
               "</a> or <a class=\"govuk-link\" href=\"%s\" download>PDF "
               "<span class=\"govuk-visually-hidden\">of all %d recommendations</span></a></p>\n",
               buf_cstr(&csv), sub.n, buf_cstr(&xlsx), sub.n, buf_cstr(&pdf), sub.n);
  if (sub.n) {
    html_raw(b, "<div class=\"at-table-wrap\"><table class=\"govuk-table\"><caption "
                "class=\"govuk-table__caption govuk-table__caption--s govuk-visually-hidden\">"
                "Recommendations matching the filters</caption><thead class=\"govuk-table__head\">"
                "<tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Ref</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Audit</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Title</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Risk</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Owner</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Directorate</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Current target</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Months overdue</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Band</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">\n");
  }
  for (int i = from; i < to; i++) {
    const Rec *rec = &sub.a[i];
    const RecState *st = &aSt[i];
    buf_reset(&nm);
    rec_name(rec, rec->confidential && !s.f.includeConfidential, &nm);
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
                 "at-nowrap\">%s</td>",
                 rec->zRef ? rec->zRef : "", rec->zAuditTitle ? rec->zAuditTitle : "", rec->id,
                 buf_cstr(&nm), rec->zRiskLabel ? rec->zRiskLabel : "",
                 rec->zOwner ? rec->zOwner : "", rec->zDirectorate ? rec->zDirectorate : "",
                 st->currentTbc ? "TBC" : web_day(st->currentTarget, z));
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
  if (sub.n)
    html_raw(b, "</tbody></table></div>\n");
  else
    html_raw(b, "<p class=\"govuk-body\">No recommendations match these filters.</p>\n");
  pagination(b, &base, page, nPage);
  web_page_end(r);
  buf_free(&base);
  buf_free(&csv);
  buf_free(&xlsx);
  buf_free(&pdf);
  buf_free(&nm);
  free(sub.a);
  free(aSt);
  web_register_release(r, &g);
  return 0;
}

static void set_download(Req *r, const char *zType, const char *zName, Day asAt, const char *zExt) {
  char z[DAY_FMT_MAX];
  Buf d = BUF_INIT;
  buf_appendf(&d, "attachment; filename=\"%s-%s.%s\"", zName, day_fmt(asAt, DAY_ISO, z), zExt);
  free(r->zDisposition);
  r->zDisposition = buf_steal(&d);
  r->zType = zType;
}

/* Render rp in fmt, the binary formats through their own renderers, which can
** fail (a temporary file, cairo) where report_render would abort the server. */
static int render_doc(const Report *rp, int fmt, Buf *out, Buf *err) {
  if (fmt == FMT_PDF) return report_render_pdf(rp, out, err);
  if (fmt == FMT_XLSX) return report_render_xlsx(rp, 0, out, err);
  report_render(rp, (ReportFormat)fmt, out);
  return 0;
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The filtered list as a file: /recs.csv (rec list --format csv), /recs.xlsx (every
** documented field, one sheet) and /recs.pdf (the compact columns, to fit A4). */
static int recs_download(Req *r, int fmt) {
  Sel s;
  sel_read(r, &s);
  Register g;
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  RecSet sub;
  RecState *aSt = 0;
  list_select(&g, &s, &sub, &aSt);
  ReportInput in;
  memset(&in, 0, sizeof in);
  in.set = &sub;
  in.pol = g.pol;
  in.asAt = s.asAt;
  in.since = DAY_NONE;
  in.f = s.f;
  in.zOrg = g.zOrg;
  Report *rp = report_rec_list(&in, fmt != FMT_PDF);
  Buf err = BUF_INIT;
  buf_reset(&r->body);
  if (fmt == FMT_CSV) {
    report_render_rows_csv(rp->apSection[0], &r->body);
    set_download(r, "text/csv; charset=utf-8", "recommendations", s.asAt, "csv");
  } else if (render_doc(rp, fmt, &r->body, &err)) {
    web_error(r, 500, "The file could not be made. Try again in a moment.");
  } else {
    set_download(r, fmt == FMT_PDF ? "application/pdf" : XLSX_TYPE, "recommendations", s.asAt,
                 fmt == FMT_PDF ? "pdf" : "xlsx");
  }
  buf_free(&err);
  report_free(rp);
  free(sub.a);
  free(aSt);
  web_register_release(r, &g);
  return 0;
}

static int recs_csv(Req *r) { return recs_download(r, FMT_CSV); }
static int recs_xlsx(Req *r) { return recs_download(r, FMT_XLSX); }
static int recs_pdf(Req *r) { return recs_download(r, FMT_PDF); }

/* ---- reports ---- */

/* The select of cycles: choosing one sets the dates. */
static void cycle_select(Req *r, const Cycle *aC, int nC) {
  if (!nC) return;
  char z[DAY_FMT_MAX];
  Buf l = BUF_INIT;
  web_select_open(r, &(Control){.zName = "cycle",
                                .zLabel = "Reporting cycle",
                                .zHint = "A cycle sets the report date to its committee date and "
                                         "compares with the cycle before; choose none to give "
                                         "the dates"});
  web_option(r, "", "None: use the dates below", arg_nz(r, "cycle"));
  for (int i = nC - 1; i >= 0; i--) {
    buf_reset(&l);
    buf_appendf(&l, "%s (%s)", aC[i].zName, web_day(aC[i].asAt, z));
    web_option(r, aC[i].zName, buf_cstr(&l), arg_nz(r, "cycle"));
  }
  web_select_close(r);
  buf_free(&l);
}

static int reports_page(Req *r) {
  const char *zKind = arg_nz(r, "kind");
  Sel s;
  Cycle *aC = 0;
  int nC = 0;
  cycles_load(r, &aC, &nC);
  sel_read(r, &s);
  ReportInput in;
  int bad = sel_request(r, &s, aC, nC, 1, &in);
  if (zKind && report_kind_find(zKind) && !bad) {
    /* The form's choice of kind becomes the report's address. */
    Buf u = BUF_INIT, path = BUF_INIT;
    buf_appendf(&path, "/reports/%s", zKind);
    sel_url(&u, buf_cstr(&path), &s, r);
    url_arg(&u, "cycle", arg_nz(r, "cycle"));
    url_arg(&u, "format", arg_nz(r, "format"));
    store_cycles_free(aC, nC);
    web_redirect(r, buf_cstr(&u));
    buf_free(&u);
    buf_free(&path);
    return 0;
  }
  web_page_begin(r, "Reports");
  Buf *b = &r->body;
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Reports</h1>\n<p class=\"govuk-body\">The committee's "
              "reports, as <code>auditrack report</code> writes them. Each can be read here or "
              "downloaded as CSV, JSON, text, Markdown or a printable HTML file.</p>\n"
              "<dl class=\"govuk-summary-list\">");
  for (const ReportKind *k = report_kind_table; k < report_kind_table + REPORT_KIND__MAX; k++) {
    Buf u = BUF_INIT, path = BUF_INIT;
    buf_appendf(&path, "/reports/%s", k->zName);
    sel_url(&u, buf_cstr(&path), &s, r);
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "<a class=\"govuk-link\" href=\"%s\">%s</a></dt><dd "
                 "class=\"govuk-summary-list__value\">%s</dd></div>",
                 buf_cstr(&u), k->zTitle, k->zAbout);
    buf_free(&u);
    buf_free(&path);
  }
  html_raw(b, "</dl>\n<h2 class=\"govuk-heading-m\">Choose the dates</h2>\n"
              "<form method=\"get\" action=\"/reports\" novalidate>");
  web_select_open(r, &(Control){.zName = "kind", .zLabel = "Report"});
  for (const ReportKind *k = report_kind_table; k < report_kind_table + REPORT_KIND__MAX; k++)
    web_option(r, k->zName, k->zTitle, zKind);
  web_select_close(r);
  cycle_select(r, aC, nC);
  date_input(r, "as_at", "As at", s.asAt);
  date_input(r, "since", "Previous report", s.since);
  web_select_open(r, &(Control){.zName = "format", .zLabel = "Format"});
  const char *zFmt = arg_nz(r, "format");
  web_option(r, "html", "Show on this page", zFmt);
  web_option(r, "csv", "CSV (spreadsheet)", zFmt);
  web_option(r, "json", "JSON", zFmt);
  web_option(r, "text", "Plain text", zFmt);
  web_option(r, "md", "Markdown", zFmt);
  web_option(r, "standalone", "Printable HTML file", zFmt);
  web_select_close(r);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" "
              "data-module=\"govuk-button\">Show the report</button></form>\n");
  if (bad) r->status = 400;
  web_page_end(r);
  store_cycles_free(aC, nC);
  return 0;
}

typedef struct FmtInfo {
  const char *zName, *zLabel, *zType, *zExt;
  int fmt; /* ReportFormat */
} FmtInfo;

static const FmtInfo aFmt[] = {
    {"csv", "CSV", "text/csv; charset=utf-8", "csv", FMT_CSV},
    {"json", "JSON", "application/json", "json", FMT_JSON},
    {"text", "Text", "text/plain; charset=utf-8", "txt", FMT_TEXT},
    {"md", "Markdown", "text/markdown; charset=utf-8", "md", FMT_MD},
    {"standalone", "Printable HTML", "text/html; charset=utf-8", "html", FMT_HTML},
    {"pdf", "PDF", "application/pdf", "pdf", FMT_PDF},
    {"xlsx", "Excel", XLSX_TYPE, "xlsx", FMT_XLSX},
    {0, 0, 0, 0, 0}};

static int report_page(Req *r) {
  const char *zKind = r->azSeg[0];
  const ReportKind *kind = strchr(zKind, '/') ? 0 : report_kind_find(zKind);
  if (!kind) {
    web_error(r, 404, "There is no report of that name.");
    return 0;
  }
  const char *zFmt = web_arg_or(r, "format", "html");
  const FmtInfo *fi = 0;
  if (strcmp(zFmt, "html")) {
    for (fi = aFmt; fi->zName && strcmp(fi->zName, zFmt); fi++) {
    }
    if (!fi->zName) {
      web_error(r, 400, "Choose a format: html, csv, json, text, md, standalone, pdf or xlsx.");
      return 0;
    }
  }
  Sel s;
  Cycle *aC = 0;
  int nC = 0;
  cycles_load(r, &aC, &nC);
  sel_read(r, &s);
  ReportInput in;
  if (sel_request(r, &s, aC, nC, 1, &in)) {
    store_cycles_free(aC, nC);
    web_error(r, 400, !strcmp(r->aErr[0].zField, "since")
                          ? "The previous report date must be before the as-at date."
                          : r->aErr[0].zMsg);
    return 0;
  }
  Register g;
  if (web_register_acquire(r, &g)) {
    store_cycles_free(aC, nC);
    return 0; /* answered 500 */
  }
  Buf key = BUF_INIT, out = BUF_INIT;
  report_key(&key,
             &(ReportKey){.zWhat = "report",
                          .zKind = zKind,
                          .zFormat = zFmt,
                          .zPack = arg_nz(r, "pack"),
                          .role = (int)r->user.role},
             &in);
  Pack pk;
  memset(&pk, 0, sizeof pk);
  Report *rp = 0;
  if (!web_cache_get(r, g.gen, buf_cstr(&key), &out)) {
    AuditRow *aAudit = 0;
    int nAudit = 0;
    if ((kind->needs & KIND_NEEDS_AUDITS) && store_audit_list(r->db, 0, &aAudit, &nAudit)) {
      buf_free(&key);
      web_register_release(r, &g);
      web_error(r, 500, "The audits could not be read. Try again in a moment.");
      return 0;
    }
    in.set = g.set;
    in.pol = g.pol;
    in.zOrg = g.zOrg;
    in.aAudit = aAudit;
    in.nAudit = nAudit;
    Buf err = BUF_INIT;
    if (kind->needs & KIND_NEEDS_PACK) {
      if (pack_load(r->db, web_arg_or(r, "pack", g.pol->zPack), 0, g.pol, &pk, &err) == 0)
        in.pack = &pk;
    }
    rp = (kind->needs & KIND_NEEDS_PACK) && !in.pack ? 0 : kind->xBuild(&in, &err);
    if (!rp) {
      web_error(r, 400, buf_cstr(&err));
    } else {
      int bad = 0;
      if (fi)
        bad = render_doc(rp, fi->fmt, &out, &err);
      else
        report_html(&out, rp, 0, 0);
      if (bad) {
        web_error(r, 500, "The file could not be made. Try again in a moment.");
        report_free(rp);
        rp = 0;
      } else {
        web_cache_put(r, g.gen, buf_cstr(&key), out.z ? out.z : "", out.n);
        report_free(rp);
      }
    }
    buf_free(&err);
    store_audit_rows_free(aAudit, nAudit);
    if (!rp) goto end;
  }
  if (fi) {
    buf_reset(&r->body);
    buf_append(&r->body, out.z ? out.z : "", out.n);
    set_download(r, fi->zType, zKind, s.asAt, fi->zExt);
  } else {
    Buf t = BUF_INIT;
    buf_appendf(&t, "%s report", kind->zTitle);
    web_page_begin(r, buf_cstr(&t));
    Buf *b = &r->body;
    html_appendf(b,
                 "<a href=\"/reports\" class=\"govuk-back-link\">All reports</a>\n"
                 "<h1 class=\"govuk-heading-l\">%s</h1>\n<p class=\"govuk-body\">Download: ",
                 buf_cstr(&t));
    for (const FmtInfo *f = aFmt; f->zName; f++) {
      Buf u = BUF_INIT, path = BUF_INIT;
      buf_appendf(&path, "/reports/%s", zKind);
      sel_url(&u, buf_cstr(&path), &s, r);
      url_arg(&u, "cycle", arg_nz(r, "cycle"));
      url_arg(&u, "pack", arg_nz(r, "pack"));
      url_arg(&u, "cycles", arg_nz(r, "cycles"));
      url_arg(&u, "format", f->zName);
      html_appendf(b,
                   "%s<a class=\"govuk-link\" href=\"%s\">%s<span class=\"govuk-visually-hidden\">"
                   " of this report</span></a>",
                   f == aFmt ? "" : ", ", buf_cstr(&u), f->zLabel);
      buf_free(&u);
      buf_free(&path);
    }
    html_raw(b, "</p>\n");
    buf_append(b, out.z ? out.z : "", out.n);
    web_page_end(r);
    buf_free(&t);
  }
end:
  pack_free(&pk);
  store_cycles_free(aC, nC);
  buf_free(&key);
  buf_free(&out);
  web_register_release(r, &g);
  return 0;
}

/* ---- routes ---- */

static const char *const azFormat[] = {"html", "csv", "json", "text",
                                       "md",   "standalone", "pdf", "xlsx", 0};

static const Field aDash[] = {
    {"as_at", F_DATE, 0, 40, 0, "As at"}, {"since", F_DATE, 0, 40, 0, "Previous report"}, {0}};

static const Field aList[] = {{"as_at", F_DATE, 0, 40, 0, "As at"},
                              {"risk", F_LINE, 0, FILTER_VALUE_MAX, 0, "Risk rating"},
                              {"band", F_LINE, 0, FILTER_VALUE_MAX, 0, "Band"},
                              {"directorate", F_LINE, 0, FILTER_VALUE_MAX, 0, "Directorate"},
                              {"theme", F_LINE, 0, FILTER_VALUE_MAX, 0, "Theme"},
                              {"owner", F_LINE, 0, FILTER_VALUE_MAX, 0, "Owner"},
                              {"status", F_ENUM, 0, 10, status_filter_names, "Status"},
                              {"q", F_LINE, 0, 200, 0, "Search"},
                              {"page", F_INT, 0, 1000000, 0, "Page"},
                              {0}};

static const Field aReport[] = {{"kind", F_LINE, 0, 40, 0, "Report"},
                                {"as_at", F_DATE, 0, 40, 0, "As at"},
                                {"since", F_DATE, 0, 40, 0, "Previous report"},
                                {"risk", F_LINE, 0, FILTER_VALUE_MAX, 0, "Risk rating"},
                                {"band", F_LINE, 0, FILTER_VALUE_MAX, 0, "Band"},
                                {"directorate", F_LINE, 0, FILTER_VALUE_MAX, 0, "Directorate"},
                                {"theme", F_LINE, 0, FILTER_VALUE_MAX, 0, "Theme"},
                                {"owner", F_LINE, 0, FILTER_VALUE_MAX, 0, "Owner"},
                                {"status", F_ENUM, 0, 10, status_filter_names, "Status"},
                                {"format", F_ENUM, 0, 12, azFormat, "Format"},
                                {"cycle", F_LINE, 0, 200, 0, "Reporting cycle"},
                                {"cycles", F_INT, 0, TREND_CYCLES_MAX, 0, "Number of cycles"},
                                {"pack", F_LINE, 0, 60, 0, "Pack"},
                                {0}};

const Route page_report_routes[] = {
    {M_GET, "/my", CAP_UPDATE, 0, 0, my_page, 0, "my actions: what is overdue, due soon, waiting"},
    {M_GET, "/dashboard", CAP_REPORTS, 0, aDash, dashboard, 0,
     "the summary as at a date, with links down to the list"},
    {M_GET, "/recs", CAP_REPORTS, 0, aList, recs_page, 0,
     "recommendations with filters, text search and pages"},
    {M_GET, "/recs.csv", CAP_REPORTS, 0, aList, recs_csv, 0,
     "the filtered recommendations as CSV (as rec list --format csv)"},
    {M_GET, "/recs.xlsx", CAP_REPORTS, 0, aList, recs_xlsx, 0,
     "the filtered recommendations as an Excel workbook (as rec list --format xlsx)"},
    {M_GET, "/recs.pdf", CAP_REPORTS, 0, aList, recs_pdf, 0,
     "the filtered recommendations as an A4 PDF (the list's compact columns)"},
    {M_GET, "/reports", CAP_REPORTS, 0, aReport, reports_page, 0, "the report kinds and a form"},
    {M_GET, "/reports/*", CAP_REPORTS, 0, aReport, report_page, 0,
     "one report as a page or a download (format=csv|json|text|md|standalone|pdf|xlsx)"},
    {0}};
