/*
** page_cycle.c: the reporting cycles page: the committee dates reports are made
** for, listed for everyone who reads reports, with forms for internal audit to
** add and remove them (act_cycle_add, act_cycle_remove), sorted by any column, and
** the figures each cycle's paper stated, which internal audit records and removes
** (act_cycle_state). Not for: the reports themselves (page_report.c), the words of a
** cycle (page_cycle_text.c) or SQL (store_cycle.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "limit.h"
#include "store.h"
#include "web.h"
#include "web_sort.h"

static const char *posted(const Req *r, const char *zName) {
  return r->method == M_POST ? web_arg_or(r, zName, "") : "";
}

static const char *const azFigure[] = {"open", "overdue", "not_yet_due", "implemented", 0};

/* The figures each cycle's paper stated, which the cycle's summary compares with the
** register; for internal audit, a Remove button on each and the form that records one. */
static void stated_render(Req *r, const Cycle *a, int n, int canEdit) {
  Buf *b = &r->body, w = BUF_INIT;
  int nStated = 0;
  for (int i = 0; i < n; i++) nStated += a[i].nStated;
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"stated\">What the papers stated</h2>\n<p "
              "class=\"govuk-body\">The totals a cycle's committee paper printed. The summary "
              "for the cycle sets each beside what the register gives as at the cycle's date and "
              "says where they differ.</p>\n");
  if (nStated) {
    html_raw(b, "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\">"
                "<caption class=\"govuk-table__caption govuk-table__caption--s\">Stated "
                "figures</caption>\n<thead class=\"govuk-table__head\"><tr "
                "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                "Cycle</th><th scope=\"col\" class=\"govuk-table__header\">The paper "
                "stated</th>");
    if (canEdit) {
      html_raw(b, "<th scope=\"col\" class=\"govuk-table__header\"><span "
                  "class=\"govuk-visually-hidden\">Action</span></th>");
    }
    html_raw(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
  } else {
    html_raw(b, "<p class=\"govuk-body\">No paper's figures are recorded.</p>\n");
  }
  for (int i = n - 1; i >= 0; i--) {
    for (int k = 0; k < a[i].nStated; k++) {
      const Stated *x = &a[i].aStated[k];
      buf_reset(&w);
      stated_words(&w, x, x->value);
      html_appendf(b,
                   "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                   "<td class=\"govuk-table__cell\">%s</td>",
                   a[i].zName, buf_cstr(&w));
      if (canEdit) {
        html_raw(b, "<td class=\"govuk-table__cell\"><form method=\"post\" "
                    "action=\"/cycles/unstate\" novalidate>");
        web_csrf_input(r);
        html_appendf(b,
                     "<input type=\"hidden\" name=\"cycle\" value=\"%s\"><input type=\"hidden\" "
                     "name=\"figure\" value=\"%s\"><input type=\"hidden\" name=\"risk\" "
                     "value=\"%s\"><input type=\"hidden\" name=\"band\" value=\"%s\">"
                     "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                     "govuk-!-margin-bottom-0\" data-module=\"govuk-button\">Remove<span "
                     "class=\"govuk-visually-hidden\"> %s from %s</span></button></form></td>",
                     a[i].zName, stated_kind_name(x->kind), x->zRisk, x->zBand, buf_cstr(&w),
                     a[i].zName);
      }
      html_raw(b, "</tr>\n");
    }
  }
  if (nStated) html_raw(b, "</tbody></table></div>\n");
  buf_free(&w);
  if (!canEdit || !n) return;
  html_raw(b, "<h3 class=\"govuk-heading-s\">Record a figure a paper stated</h3>\n"
              "<form method=\"post\" action=\"/cycles/state\" novalidate>");
  web_csrf_input(r);
  web_select_open(r, &(Control){.zName = "cycle", .zLabel = "Cycle"});
  for (int i = n - 1; i >= 0; i--) web_option(r, a[i].zName, a[i].zName, posted(r, "cycle"));
  web_select_close(r);
  static const char *const azLabel[] = {"Open", "Overdue", "Not yet due",
                                        "Implemented since the previous report"};
  web_select_open(r, &(Control){.zName = "figure", .zLabel = "Figure"});
  for (int k = 0; azFigure[k]; k++) web_option(r, azFigure[k], azLabel[k], posted(r, "figure"));
  web_select_close(r);
  web_input(r, &(Control){.zName = "risk",
                          .zLabel = "Risk rating (optional)",
                          .zHint = "When the paper gave the figure for one rating: its code or "
                                   "label, for example Essential",
                          .zValue = posted(r, "risk"),
                          .zClass = "govuk-!-width-one-third"});
  web_input(r, &(Control){.zName = "band",
                          .zLabel = "Overdue band (optional)",
                          .zHint = "For an overdue figure of one band: the policy's label, for "
                                   "example over 12 months",
                          .zValue = posted(r, "band"),
                          .zClass = "govuk-!-width-one-third"});
  web_input(r, &(Control){.zName = "value",
                          .zLabel = "The number the paper printed",
                          .zValue = posted(r, "value"),
                          .zClass = "govuk-input--width-5",
                          .zMode = "numeric"});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
              "Record the figure</button></form>\n");
}

/* A cycle's name as a query value: percent-encode what is not plain. */
static void url_value(Buf *b, const char *z) {
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.')
      buf_putc(b, (char)*p);
    else
      buf_appendf(b, "%%%02X", *p);
  }
}

/* The list's columns (web_sort.h); the last, the remove button, only for internal audit. */
static const SortCol aCycleCol[] = {{"Cycle", "name", SC_TEXT},
                                    {"Committee date", "date", SC_DATE},
                                    {"Updates due by", "deadline", SC_DATE},
                                    {"Compared with", "previous", SC_TEXT},
                                    {"Words", "", SC_NOSORT},
                                    {"-Action", "", SC_NOSORT}};
#define N_CYCLE_COL (int)(sizeof aCycleCol / sizeof aCycleCol[0])

/* The page: the list, then (auditors and admins) the forms. Shown again with
** r->aErr after a refused POST. */
static void cycles_page_render(Req *r) {
  Cycle *a = 0;
  int n = 0;
  if (store_cycle_list(r->db, &a, &n)) {
    store_cycles_free(a, n);
    web_error(r, 500, "The reporting cycles could not be read. Try again in a moment.");
    return;
  }
  int canEdit = cap_allows(CAP_AUDIT, r->user.role);
  web_page_begin(r, "Reporting cycles");
  Buf *b = &r->body;
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Reporting cycles</h1>\n<p class=\"govuk-body\">Each "
              "cycle is a committee date. A report for a cycle is as at its date and compares "
              "with the cycle before; the trend report shows the last cycles side by side.</p>\n");
  if (!n) {
    html_raw(b, "<p class=\"govuk-body\">There are no reporting cycles yet.</p>\n");
  } else {
    /* Latest first unless a heading asks for another order. */
    SortVal *v = xmalloc(sizeof *v * (size_t)n * N_CYCLE_COL);
    for (int k = 0; k < n; k++) {
      const Cycle *c = &a[n - 1 - k];
      SortVal *w = &v[(size_t)k * N_CYCLE_COL];
      w[0] = (SortVal){c->zName, 0};
      w[1] = (SortVal){0, c->asAt};
      w[2] = (SortVal){0, c->deadline == DAY_NONE ? SORT_EMPTY : c->deadline};
      w[3] = (SortVal){n - 1 - k ? a[n - 2 - k].zName : "", 0};
      w[4] = (SortVal){0, SORT_EMPTY};
      w[5] = (SortVal){0, SORT_EMPTY};
    }
    TableSort ts = web_sort_read(r, aCycleCol, N_CYCLE_COL);
    int *aIdx = xmalloc(sizeof *aIdx * (size_t)n);
    web_sort_rows(v, N_CYCLE_COL, n, ts, aIdx);
    free(v);
    web_sort_table_open(r, "m", ts.col < 0 ? "Cycles, latest first" : "Cycles", aCycleCol,
                        N_CYCLE_COL - !canEdit, ts, "/cycles", "");
    for (int k = 0; k < n; k++) {
      int i = n - 1 - aIdx[k];
      html_appendf(b,
                   "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                   "<a class=\"govuk-link\" href=\"/reports/pack?cycle=");
      url_value(b, a[i].zName);
      html_appendf(b,
                   "\">%s<span class=\"govuk-visually-hidden\">: committee pack</span></a>"
                   "</th><td class=\"govuk-table__cell\">%D</td>",
                   a[i].zName, a[i].asAt);
      html_appendf(b, "<td class=\"govuk-table__cell\">%D</td>", a[i].deadline);
      html_appendf(b, "<td class=\"govuk-table__cell\">%s</td>", i ? a[i - 1].zName : "");
      html_raw(b, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
                  "href=\"/cycles/words?cycle=");
      url_value(b, a[i].zName);
      html_appendf(b, "\">Words<span class=\"govuk-visually-hidden\"> for %s</span></a></td>",
                   a[i].zName);
      if (canEdit) {
        html_raw(b, "<td class=\"govuk-table__cell\"><form method=\"post\" "
                    "action=\"/cycles/remove\" novalidate>");
        web_csrf_input(r);
        html_appendf(b,
                     "<input type=\"hidden\" name=\"name\" value=\"%s\"><button type=\"submit\" "
                     "class=\"govuk-button govuk-button--warning govuk-!-margin-bottom-0\" "
                     "data-module=\"govuk-button\">Remove<span class=\"govuk-visually-hidden\"> "
                     "%s</span></button></form></td>",
                     a[i].zName, a[i].zName);
      }
      html_raw(b, "</tr>\n");
    }
    html_raw(b, "</tbody></table></div>\n");
    free(aIdx);
  }
  stated_render(r, a, n, canEdit);
  if (canEdit) {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Add a cycle</h2>\n"
                "<form method=\"post\" action=\"/cycles\" novalidate>");
    web_csrf_input(r);
    web_input(r, &(Control){.zName = "name",
                            .zLabel = "Name",
                            .zHint = "For example, Audit Committee 15 February 2022",
                            .zValue = posted(r, "name"),
                            .zClass = "govuk-!-width-two-thirds"});
    web_input(r, &(Control){.zName = "as_at",
                            .zLabel = "Committee date",
                            .zHint = "Reports for the cycle are as at this date. For example, "
                                     "15/2/2022",
                            .zValue = posted(r, "as_at"),
                            .zClass = "govuk-input--width-10",
                            .zMode = "numeric"});
    web_input(r, &(Control){.zName = "deadline",
                            .zLabel = "Updates due by (optional)",
                            .zHint = "The date owners' updates are due, on or before the "
                                     "committee date",
                            .zValue = posted(r, "deadline"),
                            .zClass = "govuk-input--width-10",
                            .zMode = "numeric"});
    html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Add the cycle</button></form>\n");
  }
  web_page_end(r);
  store_cycles_free(a, n);
}

static int cycles_page(Req *r) {
  cycles_page_render(r);
  return 0;
}

static int cycles_invalid(Req *r) {
  cycles_page_render(r);
  if (r->status < 400) r->status = 422;
  return 0;
}

/* Answer a form's action: refused (the page again, zField marked with zMsg, 422),
** failed (an error page), or done (to zUrl with zNotice). */
static void cycle_answer(Req *r, int rc, int refused, const char *zField, const char *zMsg,
                         const char *zUrl, const char *zNotice) {
  if (refused) {
    web_field_err_act(r, zField, zMsg);
    cycles_page_render(r);
    r->status = 422;
  } else if (rc) {
    web_error(r, web_act_status(rc), zMsg);
  } else {
    web_done(r, zUrl, zNotice);
  }
}

static int cycle_add(Req *r) {
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  long long id = 0;
  int rc = act_cycle_add(r->db, &w, web_arg(r, "name"), web_arg_day(r, "as_at", DAY_NONE),
                         web_arg_day(r, "deadline", DAY_NONE), &id, &err);
  const char *zMsg = buf_cstr(&err);
  const char *zField = strstr(zMsg, "deadline")                        ? "deadline"
                       : strstr(zMsg, "named") || strstr(zMsg, "name") ? "name"
                                                                       : "as_at";
  cycle_answer(r, rc, rc == ACT_INVALID || rc == ACT_CONFLICT, zField, zMsg, "/cycles",
               "Cycle added");
  buf_free(&err);
  return 0;
}

/* Record a figure a cycle's paper stated; a refusal shows the page again with the
** field it names. */
static int cycle_state(Req *r) {
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_cycle_state(r->db, &w, web_arg(r, "cycle"), web_arg(r, "figure"), web_arg(r, "risk"),
                           web_arg(r, "band"), web_arg_int(r, "value", 0), &err);
  const char *zMsg = buf_cstr(&err);
  const char *zField = !strncmp(zMsg, "band", 4)    ? "band"
                       : !strncmp(zMsg, "risk", 4)  ? "risk"
                       : !strncmp(zMsg, "value", 5) ? "value"
                       : rc == ACT_NOT_FOUND        ? "cycle"
                                                    : "figure";
  cycle_answer(r, rc, rc == ACT_INVALID || rc == ACT_NOT_FOUND, zField, zMsg, "/cycles#stated",
               "Figure recorded");
  buf_free(&err);
  return 0;
}

static int cycle_unstate(Req *r) {
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_cycle_state(r->db, &w, web_arg(r, "cycle"), web_arg(r, "figure"), web_arg(r, "risk"),
                           web_arg(r, "band"), -1, &err);
  cycle_answer(r, rc, 0, 0, buf_cstr(&err), "/cycles#stated", "Figure removed");
  buf_free(&err);
  return 0;
}

/* The first step of removing a cycle: what it is and what removing it does, with
** the button that does it. 404 for a cycle there is not. */
static int cycle_remove_ask(Req *r, const char *zName) {
  Cycle *a = 0;
  int n = 0;
  if (store_cycle_list(r->db, &a, &n)) {
    web_error(r, 500, "The reporting cycles could not be read. Try again.");
    return 0;
  }
  const Cycle *c = cycle_find(a, n, zName); /* in any case, as act_cycle_remove finds it */
  if (!c) {
    store_cycles_free(a, n);
    web_error(r, 404, "There is no reporting cycle of that name.");
    return 0;
  }
  web_page_begin(r, "Remove a reporting cycle");
  html_appendf(&r->body,
               "<h1 class=\"govuk-heading-l\">Remove the cycle %s?</h1>\n<p class=\"govuk-body\">"
               "Its committee date is %D. Reports and packs chosen by this cycle will no longer "
               "find it, and the next cycle's report will compare with the one before. The "
               "recommendations and their history do not change, and the cycle can be added "
               "again.</p>\n<form method=\"post\" action=\"/cycles/remove\" novalidate>",
               c->zName, c->asAt);
  web_csrf_input(r);
  html_appendf(&r->body,
               "<input type=\"hidden\" name=\"name\" value=\"%s\"><input type=\"hidden\" "
               "name=\"confirm\" value=\"yes\"><div class=\"govuk-button-group\"><button "
               "type=\"submit\" class=\"govuk-button govuk-button--warning\" "
               "data-module=\"govuk-button\">Yes, remove it</button><a class=\"govuk-link\" "
               "href=\"/cycles\">No, keep it</a></div></form>\n",
               c->zName);
  web_page_end(r);
  store_cycles_free(a, n);
  return 0;
}

/* Removing takes two steps: the Remove button asks, "Yes, remove it" removes. */
static int cycle_remove(Req *r) {
  const char *zConfirm = web_arg(r, "confirm");
  if (!zConfirm || strcmp(zConfirm, "yes")) return cycle_remove_ask(r, web_arg(r, "name"));
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_cycle_remove(r->db, &w, web_arg(r, "name"), &err);
  if (rc)
    web_error(r, web_act_status(rc), buf_cstr(&err));
  else
    web_done(r, "/cycles", "Cycle removed");
  buf_free(&err);
  return 0;
}

static const Field aAdd[] = {{"name", F_LINE, 1, LIMIT_NAME, 0, "Name"},
                             {"as_at", F_DATE, 1, LIMIT_DATE_TEXT, 0, "Committee date"},
                             {"deadline", F_DATE, 0, LIMIT_DATE_TEXT, 0, "Updates due by"},
                             {0}};
static const Field aRemove[] = {
    {"name", F_LINE, 1, LIMIT_NAME, 0, "Cycle"}, {"confirm", F_LINE, 0, 8, 0, "Confirm"}, {0}};

static const Field aState[] = {{"cycle", F_LINE, 1, LIMIT_NAME, 0, "Cycle"},
                               {"figure", F_ENUM, 1, 0, azFigure, "Figure"},
                               {"risk", F_LINE, 0, LIMIT_NAME, 0, "Risk rating"},
                               {"band", F_LINE, 0, LIMIT_NAME, 0, "Overdue band"},
                               {"value", F_INT, 1, LIMIT_STATED, 0, "The number the paper printed"},
                               {0}};
static const Field aUnstate[] = {{"cycle", F_LINE, 1, LIMIT_NAME, 0, "Cycle"},
                                 {"figure", F_ENUM, 1, 0, azFigure, "Figure"},
                                 {"risk", F_LINE, 0, LIMIT_NAME, 0, "Risk rating"},
                                 {"band", F_LINE, 0, LIMIT_NAME, 0, "Overdue band"},
                                 {0}};

static const Field aCyclesQuery[] = {WEB_SORT_FIELDS, {0}};

const Route page_cycle_routes[] = {
    {M_GET, "/cycles", CAP_REPORTS, ACC_NONE, 0, aCyclesQuery, cycles_page, 0,
     "the reporting cycles, sorted by any column (and, for internal "
     "audit, forms to add and remove them)"},
    {M_POST, "/cycles", CAP_AUDIT, ACC_NONE, 0, aAdd, cycle_add, cycles_invalid,
     "add a reporting cycle"},
    {M_POST, "/cycles/remove", CAP_AUDIT, ACC_NONE, 0, aRemove, cycle_remove, 0,
     "remove a reporting cycle"},
    {M_POST, "/cycles/state", CAP_AUDIT, ACC_NONE, 0, aState, cycle_state, cycles_invalid,
     "record a figure a cycle's committee paper stated"},
    {M_POST, "/cycles/unstate", CAP_AUDIT, ACC_NONE, 0, aUnstate, cycle_unstate, 0,
     "remove a figure a cycle's committee paper stated"},
    {0}};
