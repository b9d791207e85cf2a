/*
** page_dashboard.c: the dashboard: the summary as at a date, from the as-at
** engine (report_build.h) on the shared register, with links down to the list,
** cached per register generation.
** Not for: the list or the reports themselves (page_list.c, page_report.c),
** SQL, or the report model (report*.c).
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
  page_url_day(href, "as_at", d->s->asAt);
  if (!strcmp(zKey0, "risk")) {
    if (!total && !strcmp(first->z, "Not rated")) return 0; /* no filter says "not rated" */
    if (!total) page_url_arg(href, "risk", first->z);
    if (!strcmp(zCol, "not_yet_due"))
      page_url_arg(href, "band", "Not yet due");
    else if (!strcmp(zCol, "no_target_date"))
      page_url_arg(href, "band", "No target date");
    else if (!strncmp(zCol, "overdue_", 8)) {
      int b = 0;
      while (b < d->pol->nBand &&
             strcmp(sec->aCol[col].zLabel + 8 /* "Overdue " */, d->pol->aBand[b].zLabel))
        b++;
      if (b == d->pol->nBand) return 0;
      page_url_arg(href, "band", d->pol->aBand[b].zLabel);
    } else if (strcmp(zCol, "open"))
      return 0;
    return 1;
  }
  if (!strcmp(zKey0, "directorate") || !strcmp(zKey0, "theme")) {
    if (total || !strcmp(first->z, "(not stated)") || strcmp(zCol, "open")) return 0;
    page_url_arg(href, zKey0, first->z);
    return 1;
  }
  return 0;
}

static int dashboard(Req *r) {
  Sel s;
  page_sel_read(r, &s);
  s.f.zRisk = s.f.zBand = s.f.zTheme = s.f.zOwner = 0; /* the dashboard has no filters */
  s.f.status = SF_OPEN;
  if (r->user.role != ROLE_DIRECTOR) s.f.zDirectorate = 0;
  Cycle *aC = 0;
  int nC = 0;
  page_cycles_load(r, &aC, &nC);
  ReportInput in;
  int bad = page_sel_request(r, &s, aC, nC, 0, &in);
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
  page_date_input(r, "as_at", "As at", s.asAt);
  page_date_input(r, "since", "Previous report", s.since);
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
      page_report_html(&frag, rp, dash_link, &d);
      Buf u = BUF_INIT;
      page_sel_url(&u, "/reports/summary", &s, r);
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

/* ---- routes ---- */

static const Field aDash[] = {
    {"as_at", F_DATE, 0, 40, 0, "As at"}, {"since", F_DATE, 0, 40, 0, "Previous report"}, {0}};

const Route page_dashboard_routes[] = {{M_GET, "/dashboard", CAP_REPORTS, ACC_NONE, 0, aDash,
                                        dashboard, 0,
                                        "the summary as at a date, with links down to the list"},
                                       {0}};
