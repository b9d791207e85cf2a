/*
** page_audit.c: internal audit's pages for audits: the list, one audit with
** its recommendations, creating and editing an audit, and adding a
** recommendation to it. Every change goes through act_* (action.h), so the
** web and the command line apply the same rules and journal alike.
** Not for: one recommendation's page and its updates (page_rec.c), reports
** (page_report.c), SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "page_render.h"
#include "store.h"
#include "web.h"
#include "web_sort.h"

/* ---- form controls (values are what was posted, else zDefault) ---- */

static const char *value_of(const Req *r, const char *zName, const char *zDefault) {
  if (r->method == M_POST) return web_arg_or(r, zName, "");
  return zDefault ? zDefault : "";
}

/* The datalist (page_suggest_names) a field that takes a name suggests from, or NULL. */
static const char *name_list(const char *zName) {
  if (!strcmp(zName, "owner") || !strcmp(zName, "director") || !strcmp(zName, "exec_member"))
    return "people";
  if (!strcmp(zName, "directorate")) return "directorates";
  return !strcmp(zName, "theme") ? "themes" : 0;
}

static void input(Req *r, const char *zName, const char *zLabel, const char *zHint,
                  const char *zDefault, const char *zWidth) {
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = zHint,
                          .zValue = value_of(r, zName, zDefault),
                          .zClass = zWidth,
                          .zList = name_list(zName)});
}

static void textarea(Req *r, const char *zName, const char *zLabel, const char *zHint, int rows) {
  web_textarea(r, &(Control){.zName = zName,
                             .zLabel = zLabel,
                             .zHint = zHint,
                             .zValue = value_of(r, zName, 0),
                             .rows = rows});
}

static void submit(Req *r, const char *zLabel, const char *zCancel) {
  html_appendf(&r->body,
               "<div class=\"govuk-button-group\"><button type=\"submit\" "
               "class=\"govuk-button\" data-module=\"govuk-button\">%s</button>"
               "<a class=\"govuk-link\" href=\"%s\">Cancel</a></div>\n",
               zLabel, zCancel);
}

/* ---- loading ---- */

/* One audit, or 404 already sent (returns 1). */
static int audit_get(Req *r, long long id, AuditRow **paRow, int *pn) {
  if (store_audit_list(r->db, id, paRow, pn)) {
    web_error(r, 500, "The audit could not be read. Try again in a moment.");
    return 1;
  }
  if (*pn != 1) {
    store_audit_rows_free(*paRow, *pn);
    web_error(r, 404, "There is no audit with that number.");
    return 1;
  }
  return 0;
}

static const char *assurance_text(int a) {
  static const char *const az[] = {"Substantial", "Reasonable", "Limited", "No assurance"};
  _Static_assert(sizeof az / sizeof az[0] == ASSURANCE__MAX, "az");
  return a >= 0 && a < ASSURANCE__MAX ? az[a] : "";
}

/* ---- the list and one audit ---- */

/* The list's columns: each sorts the list (web_sort.h); the register's order by default. */
static const SortCol aAuditCol[] = {{"Ref", "ref", SC_TEXT},
                                    {"Title", "title", SC_TITLE},
                                    {"Final report", "date", SC_DATE},
                                    {"Directorate", "directorate", SC_TEXT},
                                    {"Assurance", "assurance", SC_DESC},
                                    {"Provider", "provider", SC_TEXT},
                                    {"Recommendations", "recs", SC_NUM}};
#define N_AUDIT_COL (int)(sizeof aAuditCol / sizeof aAuditCol[0])

/* Each audit's sort values, a row of N_AUDIT_COL per audit. Assurance sorts by strength
** (substantial highest). */
static SortVal *audit_sort_values(const AuditRow *a, int n) {
  SortVal *v = xmalloc(sizeof *v * (size_t)(n ? n : 1) * N_AUDIT_COL);
  for (int i = 0; i < n; i++) {
    SortVal *w = &v[(size_t)i * N_AUDIT_COL];
    w[0] = (SortVal){a[i].zRef ? a[i].zRef : "", 0};
    w[1] = (SortVal){a[i].zTitle ? a[i].zTitle : "", 0};
    w[2] = (SortVal){0, a[i].reportDate == DAY_NONE ? SORT_EMPTY : a[i].reportDate};
    w[3] = (SortVal){a[i].zDirectorate ? a[i].zDirectorate : "", 0};
    w[4] = (SortVal){0, a[i].assurance >= 0 && a[i].assurance < ASSURANCE__MAX
                            ? ASSURANCE__MAX - a[i].assurance
                            : SORT_EMPTY};
    w[5] = (SortVal){a[i].zProvider ? a[i].zProvider : "", 0};
    w[6] = (SortVal){0, a[i].nRec};
  }
  return v;
}

static int audits_page(Req *r) {
  AuditRow *a = 0;
  int n = 0;
  if (store_audit_list(r->db, 0, &a, &n)) {
    web_error(r, 500, "The audits could not be read. Try again in a moment.");
    return 0;
  }
  web_page_begin(r, "Audits");
  Buf *b = &r->body;
  html_raw(b, "<h1 class=\"govuk-heading-l\">Audits</h1>\n<a href=\"/audits/new\" role=\"button\" "
              "draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">Add an "
              "audit</a>\n<a href=\"/import\" role=\"button\" draggable=\"false\" "
              "class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
              "Import a tracker</a>\n");
  TableSort ts = web_sort_read(r, aAuditCol, N_AUDIT_COL);
  SortVal *v = audit_sort_values(a, n);
  int *aIdx = xmalloc(sizeof *aIdx * (size_t)(n ? n : 1));
  web_sort_rows(v, N_AUDIT_COL, n, ts, aIdx);
  char zCap[48];
  snprintf(zCap, sizeof zCap, "%d audit%s", n, n == 1 ? "" : "s");
  web_sort_table_open(r, "m", zCap, aAuditCol, N_AUDIT_COL, ts, "/audits", "");
  for (int k = 0; k < n; k++) {
    const AuditRow *x = &a[aIdx[k]];
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/audits/%lld\">"
                 "%s</a></td><td class=\"govuk-table__cell at-nowrap\">%D</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
                 "govuk-table__cell--numeric\">%d</td></tr>\n",
                 x->zRef ? x->zRef : "", x->id, x->zTitle, x->reportDate,
                 x->zDirectorate ? x->zDirectorate : "", assurance_text(x->assurance),
                 x->zProvider ? x->zProvider : "", x->nRec);
  }
  html_raw(b, "</tbody></table></div>\n");
  web_page_end(r);
  free(aIdx);
  free(v);
  store_audit_rows_free(a, n);
  return 0;
}

static void summary_row(Buf *b, const char *zKey, const char *zValue) {
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s"
               "</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>",
               zKey, zValue ? zValue : "");
}

static void summary_day(Buf *b, const char *zKey, Day d) {
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s"
               "</dt><dd class=\"govuk-summary-list__value\">%D</dd></div>",
               zKey, d);
}

static int audit_page(Req *r) {
  AuditRow *a = 0;
  int n = 0;
  long long id = r->aId[0];
  if (audit_get(r, id, &a, &n)) return 0;
  Register g;
  if (web_register_acquire(r, &g)) {
    store_audit_rows_free(a, n);
    return 0;
  }
  web_page_begin(r, a->zTitle);
  Buf *b = &r->body;
  char zBack[512];
  html_appendf(b,
               "<a href=\"%s\" class=\"govuk-back-link\">All audits</a>\n"
               "<span class=\"govuk-caption-l\">Audit %lld</span><h1 class=\"govuk-heading-l\">"
               "%s</h1>\n<dl class=\"govuk-summary-list\">",
               web_back(r, "/audits", zBack, sizeof zBack), a->id, a->zTitle);
  summary_row(b, "Reference", a->zRef);
  summary_day(b, "Final report", a->reportDate);
  summary_row(b, "Directorate", a->zDirectorate);
  summary_row(b, "Provider", a->zProvider);
  summary_row(b, "Assurance", assurance_text(a->assurance));
  if (a->followUpDone != DAY_NONE) summary_day(b, "Follow-up audit done", a->followUpDone);
  Buf pct = BUF_INIT;
  audit_percent_words(g.set, g.pol, id, r->today, &pct);
  if (pct.n) summary_row(b, "Percent complete", buf_cstr(&pct));
  buf_free(&pct);
  html_appendf(b,
               "</dl>\n<div class=\"govuk-button-group\"><a href=\"/audits/%lld/edit\" "
               "role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" "
               "data-module=\"govuk-button\">Change the audit</a><a href=\"/audits/%lld/recs/new\" "
               "role=\"button\" draggable=\"false\" class=\"govuk-button\" "
               "data-module=\"govuk-button\">Add a recommendation</a><a class=\"govuk-link\" "
               "href=\"/cycles/words?audit=%lld\">Commentary on this audit for a committee</a>"
               "</div>\n",
               a->id, a->id, a->id);
  int nRec = 0;
  Buf nm = BUF_INIT;
  for (int i = 0; i < g.set->n; i++) {
    const Rec *rec = &g.set->a[i];
    if (rec->auditId != id) continue;
    RecState st;
    rec_state_at(rec, g.pol, r->today, &st);
    if (!nRec++) {
      html_appendf(b,
                   "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\">"
                   "<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                   "Recommendations as at "
                   "%D</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                   "<th scope=\"col\" class=\"govuk-table__header\">ID</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Ref</th>"
                   "<th scope=\"col\" class=\"govuk-table__header at-col-title\">"
                   "Recommendation</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Risk</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Owner</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Current target</th>"
                   "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                   "Months overdue</th><th scope=\"col\" class=\"govuk-table__header "
                   "govuk-table__header--numeric\">Complete</th>"
                   "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                   "</tr></thead><tbody class=\"govuk-table__body\">\n",
                   r->today);
    }
    buf_reset(&nm);
    page_rec_name(rec, 0, &nm); /* the title, or the text cut short: the whole is on its page */
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%lld</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell at-nowrap\">%s%D</td>",
                 rec->id, rec->zRef ? rec->zRef : "", rec->id, buf_cstr(&nm),
                 rec->zRiskLabel ? rec->zRiskLabel : "", rec->zOwner ? rec->zOwner : "",
                 st.currentTbc ? "TBC" : "", st.currentTbc ? DAY_NONE : st.currentTarget);
    if (st.exists && st.open && st.overdue) {
      html_appendf(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>",
                   st.months);
    } else {
      html_raw(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\"></td>");
    }
    html_raw(b, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
    if (st.exists && st.percent >= 0) html_appendf(b, "%d%%", st.percent);
    html_raw(b, "</td>");
    const char *zTag = !st.exists   ? "govuk-tag--grey"
                       : !st.open   ? "govuk-tag--green"
                       : st.overdue ? "govuk-tag--red"
                                    : "govuk-tag--blue";
    html_appendf(b,
                 "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag %s\">%s</strong>"
                 "</td></tr>\n",
                 zTag, st.exists && st.open && st.overdue ? "Overdue" : rec_band_label(g.pol, &st));
  }
  if (nRec)
    html_raw(b, "</tbody></table></div>\n");
  else
    html_raw(b, "<p class=\"govuk-body\">This audit has no recommendations yet.</p>\n");
  buf_free(&nm);
  web_page_end(r);
  web_register_release(r, &g);
  store_audit_rows_free(a, n);
  return 0;
}

/* ---- create and edit an audit ---- */

/* The form: a is the audit being changed, or NULL for a new one. */
static void audit_form(Req *r, const AuditRow *a) {
  char zDate[DAY_FMT_MAX] = "", zAction[64], zCancel[64];
  if (a) {
    snprintf(zAction, sizeof zAction, "/audits/%lld", a->id);
    snprintf(zCancel, sizeof zCancel, "/audits/%lld", a->id);
    if (a->reportDate != DAY_NONE) day_fmt(a->reportDate, DAY_UK, zDate);
  } else {
    snprintf(zAction, sizeof zAction, "/audits");
    snprintf(zCancel, sizeof zCancel, "/audits");
  }
  web_page_begin(r, a ? "Change the audit" : "Add an audit");
  Buf *b = &r->body;
  html_appendf(b,
               "<a href=\"%s\" class=\"govuk-back-link\">Back</a>\n"
               "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">",
               zCancel);
  web_error_summary(r);
  html_appendf(b,
               "<h1 class=\"govuk-heading-l\">%s</h1>\n<form method=\"post\" action=\"%s\" "
               "novalidate>",
               a ? "Change the audit" : "Add an audit", zAction);
  web_csrf_input(r);
  input(r, "title", "Title", 0, a ? a->zTitle : 0, "");
  input(r, "ref", "Reference (optional)", 0, a ? a->zRef : 0, "govuk-input--width-10");
  input(r, "date", "Date of the final report (optional)", WEB_DATE_HINT, zDate,
        "govuk-input--width-10");
  input(r, "directorate", "Directorate (optional)", 0, a ? a->zDirectorate : 0,
        "govuk-!-width-two-thirds");
  input(r, "provider", "Provider (optional)", "In-house, or the firm that did the audit",
        a ? a->zProvider : 0, "govuk-!-width-two-thirds");
  const char *zCur =
      value_of(r, "assurance", a && a->assurance >= 0 ? assurance_names[a->assurance] : "");
  web_select_open(r, &(Control){.zName = "assurance", .zLabel = "Assurance opinion (optional)"});
  web_option(r, "", "Not given", zCur);
  for (int k = 0; assurance_names[k]; k++)
    web_option(r, assurance_names[k], assurance_text(k), zCur);
  web_select_close(r);
  submit(r, a ? "Save changes" : "Add the audit", zCancel);
  html_raw(b, "</form></div></div>\n");
  if (page_suggest_names(r)) return;
  web_page_end(r);
}

static int audit_new(Req *r) {
  audit_form(r, 0);
  return 0;
}

static int audit_new_invalid(Req *r) {
  audit_form(r, 0);
  return 0;
}

static Day form_day(const Req *r, const char *zName) { return web_arg_day(r, zName, DAY_NONE); }

static int audit_create(Req *r) {
  AuditIn in;
  memset(&in, 0, sizeof in);
  in.zTitle = web_arg(r, "title");
  in.zRef = web_arg_or(r, "ref", 0);
  in.zDirectorate = web_arg_or(r, "directorate", 0);
  in.zProvider = web_arg_or(r, "provider", 0);
  in.reportDate = form_day(r, "date");
  in.assurance =
      web_arg_or(r, "assurance", 0) ? assurance_from_name(web_arg(r, "assurance")) : AS_NONE_GIVEN;
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  long long id = 0;
  int rc = act_audit_add(r->db, &w, &in, &id, &err);
  if (rc == ACT_INVALID) {
    web_field_err(r, "title", "%s", buf_cstr(&err));
    audit_form(r, 0);
    r->status = 422;
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    char zUrl[48];
    snprintf(zUrl, sizeof zUrl, "/audits/%lld", id);
    web_done(r, zUrl, "Audit added");
  }
  buf_free(&err);
  return 0;
}

static int audit_edit(Req *r) {
  AuditRow *a = 0;
  int n = 0;
  if (audit_get(r, r->aId[0], &a, &n)) return 0;
  audit_form(r, a);
  store_audit_rows_free(a, n);
  return 0;
}

static int audit_update(Req *r) {
  AuditRow *a = 0;
  int n = 0;
  if (audit_get(r, r->aId[0], &a, &n)) return 0;
  if (r->nErr) { /* the door found a field wrong */
    audit_form(r, a);
    store_audit_rows_free(a, n);
    return 0;
  }
  char zOldDate[DAY_FMT_MAX] = "", zNewDate[DAY_FMT_MAX] = "";
  if (a->reportDate != DAY_NONE) day_fmt(a->reportDate, DAY_ISO, zOldDate);
  Day d = form_day(r, "date");
  if (d != DAY_NONE) day_fmt(d, DAY_ISO, zNewDate);
  struct {
    const char *zField, *zOld, *zNew, *zLabel;
  } aF[] = {
      {"title", a->zTitle, web_arg_or(r, "title", ""), "title"},
      {"ref", a->zRef, web_arg_or(r, "ref", ""), "reference"},
      {"date", zOldDate, zNewDate, "date"},
      {"directorate", a->zDirectorate, web_arg_or(r, "directorate", ""), "directorate"},
      {"provider", a->zProvider, web_arg_or(r, "provider", ""), "provider"},
      {"assurance", a->assurance >= 0 ? assurance_names[a->assurance] : "",
       web_arg_or(r, "assurance", ""), "assurance"},
  };
  Actor w = web_actor(r);
  Buf err = BUF_INIT, done = BUF_INIT;
  int rc = 0;
  for (size_t i = 0; i < sizeof aF / sizeof aF[0] && !rc; i++) {
    if (!strcmp(aF[i].zOld ? aF[i].zOld : "", aF[i].zNew)) continue;
    rc = act_audit_set(r->db, &w, a->id, aF[i].zField, aF[i].zNew, &err);
    if (rc == ACT_INVALID)
      web_field_err(r, aF[i].zField, "%s", buf_cstr(&err));
    else if (!rc)
      buf_appendf(&done, "%s%s", done.n ? ", " : "", aF[i].zLabel);
  }
  char zUrl[48];
  snprintf(zUrl, sizeof zUrl, "/audits/%lld", a->id);
  if (rc == ACT_INVALID) {
    audit_form(r, a);
    r->status = 422;
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else if (!done.n) {
    web_done(r, zUrl, "No changes to save");
  } else {
    web_donef(r, zUrl, "Audit changed: %s", buf_cstr(&done));
  }
  buf_free(&err);
  buf_free(&done);
  store_audit_rows_free(a, n);
  return 0;
}

/* ---- add a recommendation ---- */

/* The width of a one-line input for a field of at most limit characters. */
static const char *input_width(int limit) {
  if (limit <= LIMIT_REF) return "govuk-input--width-10";
  return limit <= LIMIT_NAME ? "govuk-!-width-two-thirds" : 0;
}

/* One plain text field of rec_fields.h as its form asks for it. */
static void rec_form_field(Req *r, const RecForm *q, const char *zDefault) {
  Buf l = BUF_INIT;
  buf_appendf(&l, q->zNeed ? "%s" : "%s (optional)", q->zAsk);
  if (q->rows)
    textarea(r, q->zName, buf_cstr(&l), q->zHint, q->rows);
  else
    input(r, q->zName, buf_cstr(&l), q->zHint, zDefault, input_width(q->limit));
  buf_free(&l);
}

/* The risk rating: every rating that a text names alone. */
static void rec_form_risk(Req *r, const RatingRow *aRat, int nRat) {
  const char *zRisk = value_of(r, "risk", "");
  web_select_open(r, &(Control){.zName = "risk", .zLabel = "Risk rating"});
  web_option(r, "", "Not rated", zRisk);
  for (int i = 0; i < nRat; i++) {
    if (!aRat[i].zName) continue; /* no text names it alone */
    Buf l = BUF_INIT;
    buf_appendf(&l, "%s (%s)", aRat[i].zLabel, aRat[i].zScale);
    web_option(r, aRat[i].zName, buf_cstr(&l), zRisk);
    buf_free(&l);
  }
  web_select_close(r);
}

/* Where field zName comes on the form, for the error summary's order: each text
** field at its place, the rating and the target just after the title. */
static int form_rank(const char *zName) {
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    const RecForm *q = &rec_fields[f].form;
    if (q->place && !strcmp(q->zName, zName)) return 4 * q->place;
  }
  int title = 4 * rec_fields[REC_F_TITLE].form.place;
  if (!strcmp(zName, "risk")) return title + 1;
  if (!strcmp(zName, "target")) return title + 2;
  return 4 * (REC_FIELD__MAX + 1);
}

/* The errors in the order of the fields on the page (stable). */
static void form_errors_in_order(Req *r) {
  for (int i = 1; i < r->nErr; i++) {
    FieldErr e = r->aErr[i];
    int j = i;
    for (; j > 0 && form_rank(r->aErr[j - 1].zField) > form_rank(e.zField); j--)
      r->aErr[j] = r->aErr[j - 1];
    r->aErr[j] = e;
  }
}

/* The form's fields in their places (rec_fields.h), the rating and the target
** after the title; the directorate defaults to the audit's. */
static void rec_form_fields(Req *r, const AuditRow *a, const RatingRow *aRat, int nRat) {
  for (int place = 1; place <= REC_FIELD__MAX; place++) {
    for (int f = 0; f < REC_FIELD__MAX; f++) {
      if (rec_fields[f].form.place != place) continue;
      rec_form_field(r, &rec_fields[f].form, f == REC_F_DIRECTORATE ? a->zDirectorate : 0);
      if (f != REC_F_TITLE) continue;
      rec_form_risk(r, aRat, nRat);
      input(r, "target", "Target date", "For example, 31/3/2025, March 2025, or TBC", 0,
            "govuk-input--width-10");
    }
  }
}

static void rec_form(Req *r, const AuditRow *a) {
  char zAction[64], zCancel[48];
  snprintf(zAction, sizeof zAction, "/audits/%lld/recs", a->id);
  snprintf(zCancel, sizeof zCancel, "/audits/%lld", a->id);
  RatingRow *aRat = 0;
  int nRat = 0;
  if (store_rating_list(r->db, &aRat, &nRat)) nRat = 0;
  web_page_begin(r, "Add a recommendation");
  Buf *b = &r->body;
  html_appendf(b,
               "<a href=\"%s\" class=\"govuk-back-link\">Back</a>\n"
               "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">",
               zCancel);
  form_errors_in_order(r);
  web_error_summary(r);
  html_appendf(b,
               "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Add a "
               "recommendation</h1>\n<form method=\"post\" action=\"%s\" novalidate>",
               a->zTitle, zAction);
  web_csrf_input(r);
  rec_form_fields(r, a, aRat, nRat);
  web_checkbox(r,
               &(Control){.zName = "confidential",
                          .zLabel = "Confidential: the committee sees "
                                    "that it exists, not what it says"},
               r->method == M_POST && web_arg_bool(r, "confidential"));
  submit(r, "Add the recommendation", zCancel);
  html_raw(b, "</form></div></div>\n");
  if (!page_suggest_names(r)) web_page_end(r);
  store_rating_rows_free(aRat, nRat);
}

static int rec_new(Req *r) {
  AuditRow *a = 0;
  int n = 0;
  if (audit_get(r, r->aId[0], &a, &n)) return 0;
  rec_form(r, a);
  store_audit_rows_free(a, n);
  return 0;
}

static int rec_create(Req *r) {
  AuditRow *a = 0;
  int n = 0;
  if (audit_get(r, r->aId[0], &a, &n)) return 0;
  if (r->nErr) {
    rec_form(r, a);
    store_audit_rows_free(a, n);
    return 0;
  }
  Buf err = BUF_INIT;
  Rec rec;
  memset(&rec, 0, sizeof rec);
  rec.auditId = a->id;
  rec.existsFrom = DAY_NONE;
  const char *zTarget = web_arg(r, "target");
  int rc = act_parse_target(zTarget, &rec.original, &err) ? ACT_INVALID : ACT_OK;
  if (rc) {
    web_field_err(r, "target", "%s", buf_cstr(&err));
  } else {
    rec.zOriginalText = (char *)zTarget;
    for (int f = 0; f < REC_FIELD__MAX; f++) {
      const RecForm *q = &rec_fields[f].form;
      if (q->place) rec_field_put(&rec, (RecFieldId)f, web_arg_or(r, q->zName, 0));
    }
    rec.confidential = web_arg_bool(r, "confidential");
    Actor w = web_actor(r);
    long long id = 0;
    rc = act_rec_add(r->db, &w, &rec, web_arg_or(r, "risk", 0), r->today, &id, &err);
    if (rc == ACT_INVALID) {
      web_field_err(r, strstr(buf_cstr(&err), "risk rating") ? "risk" : "text", "%s",
                    buf_cstr(&err));
    } else if (!rc) {
      char zUrl[48];
      snprintf(zUrl, sizeof zUrl, "/recs/%lld", id);
      web_donef(r, zUrl, "Recommendation %lld added", id);
    }
  }
  if (rc == ACT_INVALID) {
    rec_form(r, a);
    r->status = 422;
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  }
  buf_free(&err);
  store_audit_rows_free(a, n);
  return 0;
}

/* ---- routes ---- */

static const Field aAudit[] = {
    {"title", F_LINE, 1, LIMIT_TITLE, 0, "the audit's title"},
    {"ref", F_LINE, 0, LIMIT_REF, 0, "Reference"},
    {"date", F_DATE, 0, LIMIT_DATE_TEXT, 0, "Date of the final report"},
    {"directorate", F_LINE, 0, LIMIT_NAME, 0, "Directorate"},
    {"provider", F_LINE, 0, LIMIT_NAME, 0, "Provider"},
    {"assurance", F_ENUM, 0, 20, assurance_names, "an assurance opinion"},
    {0}};

/* The plain text fields the form asks for (rec_fields.h), then the rating, the target
** and the confidential flag. rec_form lists their errors in the page's order. */
#define REC_FORM(place, name, ask, hint, need, limit, rows)                                        \
  {name, rows ? F_TEXT : F_LINE, need != 0, limit, 0, need ? need : ask},
#define REC_NO_FORM
#define REC_FORM_FIELD(id, member, column, select, set, api, header, required, seed, detail,       \
                       label, line, form)                                                          \
  form
static const Field aRec[] = {
    REC_TEXT_FIELDS(REC_FORM_FIELD){"risk", F_LINE, 0, 100, 0, "a risk rating"},
    {"target", F_TARGET, 1, LIMIT_TARGET_TEXT, 0, "the target date"},
    {"confidential", F_BOOL, 0, 10, 0, "Confidential"},
    {0}};
#undef REC_FORM
#undef REC_NO_FORM
#undef REC_FORM_FIELD

static const Field aAuditsQuery[] = {WEB_SORT_FIELDS, {0}};

const Route page_audit_routes[] = {
    {M_GET, "/audits", CAP_AUDIT, ACC_NONE, 0, aAuditsQuery, audits_page, 0,
     "the audits, sorted by any column"},
    {M_POST, "/audits", CAP_AUDIT, ACC_NONE, 0, aAudit, audit_create, audit_new_invalid,
     "add an audit"},
    {M_GET, "/audits/new", CAP_AUDIT, ACC_NONE, 0, 0, audit_new, 0, "the form to add an audit"},
    {M_GET, "/audits/#", CAP_AUDIT, ACC_NONE, 0, 0, audit_page, 0,
     "one audit and its recommendations"},
    {M_POST, "/audits/#", CAP_AUDIT, ACC_NONE, 0, aAudit, audit_update, audit_update,
     "change an audit"},
    {M_GET, "/audits/#/edit", CAP_AUDIT, ACC_NONE, 0, 0, audit_edit, 0,
     "the form to change an audit"},
    {M_GET, "/audits/#/recs/new", CAP_AUDIT, ACC_NONE, 0, 0, rec_new, 0,
     "the form to add a recommendation"},
    {M_POST, "/audits/#/recs", CAP_AUDIT, ACC_NONE, 0, aRec, rec_create, rec_create,
     "add a recommendation to an audit"},
    {0}};
