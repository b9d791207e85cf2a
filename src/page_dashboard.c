/*
** page_dashboard.c: the committee's dashboard as at a committee cycle (the
** latest by default) or a date: headline figures with their change since the
** previous cycle, the risk x overdue band chart and the trend as inline SVG with
** their tables, the longest overdue recommendations with who the escalation
** ladder names, and the summary's other tables; every number links to the list
** or report behind it. Every figure is a report builder's (report_build.h,
** report_worst.h) on the shared register, for the reader's own view (the
** report request carries their limits), made once per register generation and
** request for every role (web_dash.h) and rendered once per generation and view.
** Not for: the list or the reports themselves (page_list.c, page_report.c),
** SQL, the report model (report*.c) or drawing charts (page_chart.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "page_chart.h"
#include "page_render.h"
#include "report_request.h"
#include "web.h"
#include "web_dash.h"

#define DASH_WORST 10 /* the longest overdue items listed */

/* ---- links down to the list ---- */

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
    else if (!strcmp(zCol, "overdue"))
      page_url_arg(href, "band", BAND_ANY_OVERDUE);
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
    if (!strcmp(first->z, "(not stated)")) return 0;
    if (!total) page_url_arg(href, zKey0, first->z);
    if (!strcmp(zCol, "overdue"))
      page_url_arg(href, "band", BAND_ANY_OVERDUE);
    else if (!strcmp(zCol, "not_yet_due"))
      page_url_arg(href, "band", "Not yet due");
    else if (!strcmp(zCol, "no_target_date"))
      page_url_arg(href, "band", "No target date");
    else if (strcmp(zCol, "open"))
      return 0;
    return 1;
  }
  return 0;
}

/* ---- the figures, read from the builders' tables ---- */

static const ReportSection *section_by_key(const Report *rp, const char *zKey0) {
  for (int i = 0; rp && i < rp->nSection; i++) {
    const ReportSection *s = rp->apSection[i];
    if (s->nCol && !strcmp(s->aCol[0].zKey, zKey0)) return s;
  }
  return 0;
}

static const ReportSection *section_by_title(const Report *rp, const char *zTitle) {
  for (int i = 0; rp && i < rp->nSection; i++) {
    if (!strcmp(rp->apSection[i]->zTitle, zTitle)) return rp->apSection[i];
  }
  return 0;
}

/* The whole number in the totals row of s under the column keyed zKey (or
** labelled zLabel), or -1 when there is none. */
static long long total_of(const ReportSection *s, const char *zKey, const char *zLabel) {
  if (!s) return -1;
  for (int j = 0; j < s->nRow; j++) {
    if (!(s->aFlag[j] & ROW_TOTAL)) continue;
    for (int c = 0; c < s->nCol; c++) {
      if (zKey ? strcmp(s->aCol[c].zKey, zKey) : strcmp(s->aCol[c].zLabel, zLabel)) continue;
      const Cell *x = report_cell(s, j, c);
      return x->t == CELL_INT ? x->i : 0;
    }
    return 0; /* no such column: none counted (the summary leaves out empty ones) */
  }
  return -1;
}

/* total_of over every risk x band table (a register of several risk scales has one per
** scale): the count of recommendations, which is the same whatever their scale. */
static long long risk_total_of(const Report *rp, const char *zKey, const char *zLabel) {
  long long n = -1;
  for (int i = 0; rp && i < rp->nSection; i++) {
    const ReportSection *s = rp->apSection[i];
    if (!s->nCol || strcmp(s->aCol[0].zKey, "risk")) continue;
    long long v = total_of(s, zKey, zLabel);
    if (v >= 0) n = (n < 0 ? 0 : n) + v;
  }
  return n;
}

/* The headline figures as the summary (and the trend, for the rate) give them. */
typedef struct Head {
  long long open, overdue, worst, implemented;
  long long rate; /* a whole percentage, -1: none fell due */
  const char *zRatePeriod;
} Head;

static void head_read(const Report *sum, const Policy *pol, Head *h) {
  char zLabel[64];
  snprintf(zLabel, sizeof zLabel, "Overdue %s",
           pol->nBand ? pol->aBand[pol->nBand - 1].zLabel : "");
  h->open = risk_total_of(sum, "open", 0);
  h->overdue = risk_total_of(sum, "overdue", 0);
  h->worst = pol->nBand ? risk_total_of(sum, 0, zLabel) : -1;
  h->implemented = total_of(section_by_key(sum, "directorate"), "implemented_in_period", 0);
}

/* The trend's implementation rate under the policy's basis for its row iFromEnd
** from the last (0: the cycle of the report date or the last before it). */
static void head_rate(const Report *trend, const Policy *pol, int iFromEnd, Head *h) {
  h->rate = -1;
  h->zRatePeriod = 0;
  const ReportSection *s = section_by_title(
      trend, pol->basis == BASIS_CURRENT ? "Implementation rate by any target (%)"
                                         : "Implementation rate by original target (%)");
  if (!s || s->nRow <= iFromEnd) return;
  int j = s->nRow - 1 - iFromEnd;
  const Cell *x = report_cell(s, j, s->nCol - 1);
  h->rate = x->t == CELL_INT ? x->i : -1;
  h->zRatePeriod = report_cell(s, j, 0)->z;
}

/* ---- the page's parts ---- */

typedef struct Dash {
  Req *r;
  const Register *g;
  Sel *s;
  ReportInput *in;   /* the report date's request */
  ReportInput *prev; /* the previous cycle's, or NULL when it cannot be made */
  Buf *b;
} Dash;

/* One headline card: the figure linking to its list, and its change since
** zWhen (NULL: no previous figure), whose own figure links to its list too. */
typedef struct Fig {
  const char *zTitle, *zUnit; /* zUnit: "" for counts, "%" for rates */
  long long now, was;         /* -1: none */
  const char *zHref, *zWasHref, *zWhen;
  const char *zNote; /* a line under the figure, or NULL */
} Fig;

static void card(Buf *b, const Fig *f) {
  int pct = f->zUnit[0] != 0;
  html_appendf(b,
               "<div class=\"govuk-summary-card at-card\"><div "
               "class=\"govuk-summary-card__title-wrapper\"><h3 "
               "class=\"govuk-summary-card__title\">%s</h3></div><div "
               "class=\"govuk-summary-card__content\"><p class=\"at-card__figure\">",
               f->zTitle);
  if (f->now < 0)
    html_raw(b, "None fell due</p>");
  else
    html_appendf(b, "<a class=\"govuk-link\" href=\"%s\">%lld%s</a></p>", f->zHref, f->now,
                 f->zUnit);
  if (f->zNote) html_appendf(b, "<p class=\"govuk-body-s\">%s</p>", f->zNote);
  if (f->zWhen && f->was >= 0 && f->now >= 0) {
    long long delta = f->now - f->was;
    html_appendf(b, "<p class=\"govuk-body-s at-card__change\">%s",
                 delta > 0   ? "Up "
                 : delta < 0 ? "Down "
                             : "No change");
    if (delta)
      html_appendf(b, "%lld%s", delta > 0 ? delta : -delta, pct ? " percentage points" : "");
    html_appendf(b, " since %s (<a class=\"govuk-link\" href=\"%s\">%lld%s</a>)</p>", f->zWhen,
                 f->zWasHref, f->was, f->zUnit);
  } else if (f->zWhen && f->was < 0 && f->now >= 0) {
    html_appendf(b, "<p class=\"govuk-body-s at-card__change\">None fell due at %s</p>", f->zWhen);
  }
  html_raw(b, "</div></div>\n");
}

static void href_recs(Buf *u, Day asAt, const char *zBand) {
  buf_reset(u);
  buf_puts(u, "/recs");
  page_url_day(u, "as_at", asAt);
  page_url_arg(u, "band", zBand);
}

static void href_report(Buf *u, const char *zKind, const ReportInput *in) {
  buf_reset(u);
  buf_appendf(u, "/reports/%s", zKind);
  page_url_day(u, "as_at", in->asAt);
  page_url_day(u, "since", in->since);
}

static void headline(Dash *d, const Report *sum, const Report *sumPrev, const Report *trend) {
  const Policy *pol = d->g->pol;
  Head h, w;
  memset(&w, 0, sizeof w);
  w.open = w.overdue = w.worst = w.implemented = w.rate = -1;
  head_read(sum, pol, &h);
  head_rate(trend, pol, 0, &h);
  if (sumPrev) head_read(sumPrev, pol, &w);
  head_rate(trend, pol, 1, &w);
  Buf u = BUF_INIT, v = BUF_INIT, t = BUF_INIT;
  char z[DAY_FMT_MAX];
  Day was = d->prev ? d->prev->asAt : DAY_NONE;
  const char *zWhen = d->prev ? web_day(was, z) : 0;
  Fig f = {.zUnit = "", .zWhen = zWhen};
  html_raw(d->b, "<h2 class=\"govuk-heading-m\">At a glance</h2>\n<div class=\"at-cards\">\n");
  for (int k = 0; k < 3; k++) {
    const char *zBand = k == 0 ? 0 : k == 1 ? BAND_ANY_OVERDUE : 0;
    if (k == 2) {
      if (!pol->nBand) continue;
      zBand = pol->aBand[pol->nBand - 1].zLabel;
      buf_appendf(&t, "Overdue %s", zBand);
    }
    href_recs(&u, d->in->asAt, zBand);
    href_recs(&v, was, zBand);
    f.zTitle = k == 0 ? "Open" : k == 1 ? "Overdue" : buf_cstr(&t);
    f.now = k == 0 ? h.open : k == 1 ? h.overdue : h.worst;
    f.was = k == 0 ? w.open : k == 1 ? w.overdue : w.worst;
    f.zHref = buf_cstr(&u);
    f.zWasHref = buf_cstr(&v);
    card(d->b, &f);
  }
  href_report(&u, "implemented", d->in);
  if (d->prev) href_report(&v, "implemented", d->prev);
  f.zTitle = "Implemented since the last meeting";
  f.now = h.implemented;
  f.was = w.implemented;
  f.zHref = buf_cstr(&u);
  f.zWasHref = buf_cstr(&v);
  card(d->b, &f);
  if (trend) {
    /* The rate is the trend's, for the period up to its last cycle; its previous
    ** figure is the row before, for the cycle before. */
    buf_reset(&t);
    buf_appendf(&t, "Of those due in the period to %s, the share implemented by their %s target",
                h.zRatePeriod ? h.zRatePeriod : "",
                pol->basis == BASIS_CURRENT ? "agreed" : "original");
    href_report(&u, "trend", d->in);
    f = (Fig){.zTitle = "Implemented on time",
              .zNote = buf_cstr(&t),
              .zUnit = "%",
              .now = h.rate,
              .was = w.rate,
              .zHref = buf_cstr(&u),
              .zWasHref = buf_cstr(&u),
              .zWhen = w.zRatePeriod};
    card(d->b, &f);
  }
  html_raw(d->b, "</div>\n");
  buf_free(&u);
  buf_free(&v);
  buf_free(&t);
}

/* A GOV.UK table opened up to its body, into b (the cached part of the page):
** a column name starting with '#' is numeric. */
static void table_open(Buf *b, const char *zCaption, const char *const *azCol) {
  html_appendf(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--s\">%s</caption>"
               "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
               zCaption);
  for (int i = 0; azCol[i]; i++) {
    int num = azCol[i][0] == '#';
    html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>",
                 num ? " govuk-table__header--numeric" : "", azCol[i] + num);
  }
  html_raw(b, "</tr></thead><tbody class=\"govuk-table__body\">\n");
}

/* A chart with its table below it, under a heading. */
static void chart_with_table(Dash *d, const ReportSection *s, const char *zId, CellLink xLink,
                             void *ctx) {
  html_raw(d->b, "<div class=\"at-chart-block\">");
  page_chart_svg(d->b, s, zId);
  page_section_html(d->b, s, xLink, ctx);
  html_raw(d->b, "</div>\n");
}

/* The longest overdue, each linked to its recommendation, with its escalation. */
static void worst(Dash *d, const Report *rp) {
  Buf *b = d->b;
  const ReportSection *s = rp && rp->nSection ? rp->apSection[0] : 0;
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"worst\">Longest overdue</h2>\n");
  if (!s || !s->nRow) {
    html_raw(b, "<p class=\"govuk-body\">Nothing is overdue.</p>\n");
    return;
  }
  static const char *const azCol[] = {"#Months overdue", "Recommendation", "Escalation", 0};
  Buf cap = BUF_INIT;
  buf_appendf(&cap, "The %d longest overdue (%s)", s->nRow, s->zNote);
  table_open(b, buf_cstr(&cap), azCol);
  buf_free(&cap);
  for (int j = 0; j < s->nRow; j++) {
    const Cell *a = &s->aCell[j * s->nCol];
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell "
                 "govuk-table__cell--numeric\"><a class=\"govuk-link\" href=\"/recs/%lld\">%lld"
                 "</a></td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                 "href=\"/recs/%lld\">%s</a><br><span class=\"govuk-body-s\">",
                 a[0].i, a[6].i, a[0].i, a[1].z ? a[1].z : "");
    if (a[2].t == CELL_TEXT) html_appendf(b, "%s; ", a[2].z);
    if (a[3].t == CELL_TEXT) html_appendf(b, "ref %s; ", a[3].z);
    html_appendf(b, "risk %s; due %D</span></td><td class=\"govuk-table__cell\">", a[4].z, a[5].d);
    if (a[8].t == CELL_TEXT) html_appendf(b, "%s", a[8].z);
    if (a[9].t == CELL_TEXT) html_appendf(b, ": %s", a[9].z);
    html_raw(b, "</td></tr>\n");
  }
  html_raw(b, "</tbody></table></div>\n");
  Buf u = BUF_INIT;
  href_recs(&u, d->in->asAt, BAND_ANY_OVERDUE);
  html_appendf(b,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">Every overdue "
               "recommendation</a></p>\n",
               buf_cstr(&u));
  buf_free(&u);
}

/* The escalations report's rungs, most severe first: how many reached each
** (newly, since the previous date) and who each names. */
static void escalations(Dash *d, const DashFigs *fg) {
  Buf *b = d->b, u = BUF_INIT;
  html_raw(b, "<h2 class=\"govuk-heading-m\">Who must attend or has been notified</h2>\n");
  if (!d->g->pol->nRung) {
    html_raw(b, "<p class=\"govuk-body\">The policy has no escalation ladder.</p>\n");
    return;
  }
  href_report(&u, "escalations", d->in);
  html_raw(b, "<dl class=\"govuk-summary-list at-escalations\">\n");
  for (int i = 0; i < fg->nRung; i++) {
    const DashRung *g = &fg->aRung[i];
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "%s</dt><dd class=\"govuk-summary-list__value\">",
                 g->zTitle);
    if (!g->nRec) {
      html_raw(b, "None</dd></div>\n");
      continue;
    }
    html_appendf(b, "<a class=\"govuk-link\" href=\"%s\">%d recommendation%s</a>", buf_cstr(&u),
                 g->nRec, g->nRec == 1 ? "" : "s");
    if (g->nFresh)
      html_appendf(b, ", <a class=\"govuk-link\" href=\"%s\">%d newly reached</a>", buf_cstr(&u),
                   g->nFresh);
    html_raw(b, ". Named: ");
    for (int k = 0; k < g->nName && k < DASH_NAMES; k++)
      html_appendf(b, "%s%s (%d)", k ? ", " : "", g->aName[k].z, g->aName[k].n);
    if (g->nName > DASH_NAMES) html_appendf(b, " and %d more", g->nName - DASH_NAMES);
    if (!g->nName) html_raw(b, "None named in the register");
    html_raw(b, "</dd></div>\n");
  }
  html_raw(b, "</dl>\n");
  buf_free(&u);
}

static void trend_part(Dash *d, const Report *trend) {
  html_raw(d->b, "<h2 class=\"govuk-heading-m\">Trend across committee cycles</h2>\n");
  if (!trend) {
    html_raw(d->b, "<p class=\"govuk-body\">The trend needs at least two committee cycles on "
                   "or before this date. Internal audit adds them on the <a class=\"govuk-link\" "
                   "href=\"/cycles\">Reporting cycles</a> page.</p>\n");
    return;
  }
  static const char *const az[][2] = {{"Open recommendations", "chart-open"},
                                      {"Overdue recommendations", "chart-overdue"}};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    const ReportSection *s = section_by_title(trend, az[i][0]);
    if (s && s->chart != CHART_NONE) chart_with_table(d, s, az[i][1], 0, 0);
  }
  Buf u = BUF_INIT;
  href_report(&u, "trend", d->in);
  html_appendf(d->b,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">The whole "
               "trend report</a></p>\n",
               buf_cstr(&u));
  buf_free(&u);
}

/* Everything below the form: rendered once per view and register generation,
** from the figures every role shares (web_dash.h). */
static void dash_body(Dash *d) {
  const DashFigs *fg = web_dash_figs(d->g, d->r->db, d->in, d->prev, DASH_WORST);
  const Report *sum = fg->sum, *sumPrev = fg->sumPrev, *trend = fg->trend, *wst = fg->wst;
  DashLink link = {d->s, d->g->pol};
  headline(d, sum, sumPrev, trend);
  /* The risk x band table, or one per risk scale. */
  int nRisk = 0;
  for (int i = 0; sum && i < sum->nSection; i++) {
    const ReportSection *s = sum->apSection[i];
    if (!s->nCol || strcmp(s->aCol[0].zKey, "risk")) continue;
    if (!nRisk++)
      html_raw(d->b, "<h2 class=\"govuk-heading-m\">By risk and how long overdue</h2>\n");
    char zId[32];
    snprintf(zId, sizeof zId, nRisk == 1 ? "chart-risk" : "chart-risk-%d", nRisk);
    chart_with_table(d, s, zId, dash_link, &link);
  }
  worst(d, wst);
  escalations(d, fg);
  trend_part(d, trend);
  html_raw(d->b, "<h2 class=\"govuk-heading-m\">By directorate and theme, and the movement</h2>\n");
  for (int i = 0; sum && i < sum->nSection; i++) {
    const ReportSection *s = sum->apSection[i];
    if (s->nCol && strcmp(s->aCol[0].zKey, "risk")) page_section_html(d->b, s, dash_link, &link);
  }
  if (sum) {
    Report meta = *sum;
    meta.nSection = 0; /* the statements only: how the figures were made */
    html_raw(d->b, "<h2 class=\"govuk-heading-m\">How these figures are made</h2>\n");
    page_report_html(d->b, &meta, 0, 0);
  }
  Buf u = BUF_INIT;
  page_sel_url(&u, "/reports/summary", d->s, d->r);
  html_appendf(d->b,
               "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%s\">This summary as a "
               "report to download</a></p>\n",
               buf_cstr(&u));
  buf_free(&u);
  web_dash_release(d->g, fg);
}

/* ---- the form ---- */

/* The cycle choice (when there are cycles) and, folded unless in use, a date. */
static void dash_form(Req *r, const Sel *s, const ReportInput *in, const Cycle *aC, int nC,
                      int bad) {
  Buf *b = &r->body;
  char z[DAY_FMT_MAX];
  if (nC) {
    html_raw(b, "<form method=\"get\" action=\"/dashboard\" class=\"at-filters at-dash-cycle\" "
                "novalidate>");
    web_select_open(r, &(Control){.zName = "cycle", .zLabel = "Committee cycle"});
    const char *zCur = in->zCycle ? in->zCycle : "";
    if (!in->zCycle) {
      Buf l = BUF_INIT;
      buf_appendf(&l, "%s (not a committee date)", web_day(s->asAt, z));
      web_option(r, "", buf_cstr(&l), zCur);
      buf_free(&l);
    }
    for (int i = nC - 1; i >= 0; i--) {
      Buf l = BUF_INIT;
      buf_appendf(&l, "%s: %s", aC[i].zName, web_day(aC[i].asAt, z));
      web_option(r, aC[i].zName, buf_cstr(&l), zCur);
      buf_free(&l);
    }
    web_select_close(r);
    html_appendf(b, "<input type=\"hidden\" name=\"as_at\" value=\"%s\">",
                 day_fmt(s->asAt, DAY_ISO, z));
    html_raw(b, "<div class=\"govuk-form-group\"><button type=\"submit\" class=\"govuk-button "
                "govuk-button--secondary\" data-module=\"govuk-button\">Show</button></div>"
                "</form>\n");
    html_appendf(b,
                 "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\">"
                 "<span class=\"govuk-details__summary-text\">Another date</span></summary>"
                 "<div class=\"govuk-details__text\">",
                 bad || !in->zCycle ? " open" : "");
  }
  html_raw(b, "<form method=\"get\" action=\"/dashboard\" class=\"at-filters\" novalidate>");
  page_date_input(r, "as_at", "As at", s->asAt);
  /* Only what was typed: a date carried over from another as-at date would be stale. */
  web_input(r, &(Control){.zName = "since",
                          .zLabel = "Compared with (optional)",
                          .zHint = "Leave empty to compare with the committee cycle before",
                          .zValue = web_arg_or(r, "since", ""),
                          .zClass = "govuk-input--width-10",
                          .zMode = "numeric"});
  html_raw(b,
           "<div class=\"govuk-form-group\"><button type=\"submit\" class=\"govuk-button "
           "govuk-button--secondary\" data-module=\"govuk-button\">Show</button></div></form>\n");
  if (nC) html_raw(b, "</div></details>\n");
}

/* The date a dashboard opens at: the latest committee cycle on or before today,
** else today. */
static Day dash_default_day(const Req *r, const Cycle *aC, int nC) {
  const Cycle *c = cycle_before(aC, nC, r->today + 1);
  return c ? c->asAt : r->today;
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
  if (!page_arg_nz(r, "as_at") && !page_arg_nz(r, "cycle")) s.asAt = dash_default_day(r, aC, nC);
  int bad = r->nErr > 0;
  ReportInput in, prev;
  if (!bad) bad = page_sel_request(r, &s, aC, nC, 1, &in);
  Register g;
  if (web_register_acquire_recent(r, &g)) { /* answered 500 */
    store_cycles_free(aC, nC);
    return 0;
  }
  /* The previous cycle's own request, by the same rule as every report's. */
  ReportAsk ask = {.asAt = s.since, .since = DAY_NONE, .f = s.f};
  Buf err = BUF_INIT;
  int hasPrev = !bad && s.since != DAY_NONE && report_request(&prev, &ask, aC, nC, &err) == RQ_OK;
  buf_free(&err);
  web_page_begin(r, "Dashboard");
  Buf *b = &r->body;
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Dashboard</h1>\n");
  if (!bad) {
    html_appendf(b, "<p class=\"govuk-body-l\">As at %D", s.asAt);
    if (in.zCycle) html_appendf(b, " (%s)", in.zCycle);
    html_appendf(b, "; changes since %D.</p>\n", s.since);
  }
  dash_form(r, &s, bad ? 0 : &in, aC, bad ? 0 : nC, bad);
  if (bad) {
    if (r->status == 200) r->status = 400;
    web_page_end(r);
    web_register_release(r, &g);
    store_cycles_free(aC, nC);
    return 0;
  }
  Buf key = BUF_INIT;
  /* The role tells views apart only where the page differs: the request holds
  ** the confidential detail shown and a director's directorate, and a director's
  ** links leave the directorate out. */
  report_key(&key, &(ReportKey){.zWhat = "dashboard", .role = r->user.role == ROLE_DIRECTOR}, &in);
  /* Every reader of a generation asks for the same figures: they are rendered
  ** once, and while they are (half a second at 100,000 recommendations) readers
  ** are given the last generation's, said so, rather than all rendering at once.
  ** With a last generation's to give, the renderer's thread renders them, so that
  ** no reader, and no connection sharing its worker, waits (web_render.c). */
  Buf frag = BUF_INIT;
  int got = web_cache_claim(r, g.gen, buf_cstr(&key), &frag);
  if (got == CACHE_HANDOFF && web_render_later(r, buf_cstr(&key))) {
    buf_reset(&frag);
    got = CACHE_MINE;
  }
  if (got == CACHE_MINE) {
    Dash d = {r, &g, &s, &in, hasPrev ? &prev : 0, &frag};
    dash_body(&d);
    web_cache_put(r, g.gen, buf_cstr(&key), frag.z ? frag.z : "", frag.n);
  }
  /* An earlier generation's figures, or those of the generation before the last
  ** write while another request builds the next register, are said to be so. */
  if (got == CACHE_STALE || got == CACHE_HANDOFF || g.behind) {
    html_raw(b, "<p class=\"govuk-body-s\" id=\"dash-stale\">The register changed a moment "
                "ago: these figures are being brought up to date. Reload the page to see "
                "them.</p>\n");
  }
  buf_append(b, frag.z ? frag.z : "", frag.n);
  buf_free(&frag);
  buf_free(&key);
  web_page_end(r);
  web_register_release(r, &g);
  store_cycles_free(aC, nC);
  return 0;
}

/* ---- routes ---- */

static const Field aDash[] = {{"as_at", F_DATE, 0, 40, 0, "As at"},
                              {"since", F_DATE, 0, 40, 0, "Compared with"},
                              {"cycle", F_LINE, 0, FILTER_VALUE_MAX, 0, "Committee cycle"},
                              {"cycles", F_INT, 0, TREND_CYCLES_MAX, 0, "Number of cycles"},
                              {0}};

const Route page_dashboard_routes[] = {
    {M_GET, "/dashboard", CAP_REPORTS, ACC_NONE, 0, aDash, dashboard, dashboard,
     "the committee's dashboard as at a cycle or date: headline figures and their change, "
     "charts with their tables, the longest overdue and the escalations, with links down to "
     "the list"},
    {0}};
