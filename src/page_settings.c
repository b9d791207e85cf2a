/*
** page_settings.c: internal audit's settings pages: the policy every report
** counts by (what overdue is measured from, how months are counted, the bands,
** the escalation ladder, the RAG rule, follow-up audits, the committee pack),
** each setting with its current value, what to type and a form to change it.
** The rows come from model.c's policy_key_table, so a setting added there
** appears here, and a change goes through act_policy_set, as `policy set` does:
** the same check, the same journal entry.
** And the risk scales: each with its ratings, and a form to add one
** (act_scale_add_spec, as `scale add`).
** Not for: accounts (page_admin.c), committee packs (page_packs.c), e-mail settings
** and templates (page_mail.c), or the policy's meaning (model.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "store.h"
#include "web.h"

#define POLICY_VALUE_MAX 2000 /* characters: the longest ladder the policy holds */

static const char *key_label(const PolicyKey *k) { return k->zLabel ? k->zLabel : k->zName; }

/* The keys that take one of a few words, chosen with radio buttons rather than typed
** (the setter still checks the word). A key not listed here is typed. */
static const struct {
  const char *zKey;
  const char *az[5];
} aChoice[] = {
    {"basis", {"original", "current", 0}},
    {"months", {"calendar", "whole", 0}},
    {"overdue-on-due-date", {"yes", "no", 0}},
    {"percentages", {"off", "open", "all", "due", 0}},
    {"percent-places", {"0", "1", 0}},
    {"rag-by", {"dates", "percent", 0}},
    {"cohort-by", {"target-year", "target-quarter", "audit-year", "audit-fy", 0}},
};

static const char *const *key_choices(const PolicyKey *k) {
  for (size_t i = 0; i < sizeof aChoice / sizeof aChoice[0]; i++)
    if (!strcmp(aChoice[i].zKey, k->zName)) return aChoice[i].az;
  return 0;
}

/* The value as radio buttons, the first with the id the error summary links to. */
static void choice_radios(Req *r, const char *const *az, const char *zId, const char *zValue) {
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-radios govuk-radios--small govuk-radios--inline\" "
              "data-module=\"govuk-radios\">");
  for (int i = 0; az[i]; i++) {
    char zItem[80];
    snprintf(zItem, sizeof zItem, i ? "%s-%d" : "%s", zId, i + 1);
    html_appendf(b,
                 "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                 "id=\"%s\" name=\"value\" type=\"radio\" value=\"%s\"%s><label "
                 "class=\"govuk-label govuk-radios__label\" for=\"%s\">%s</label></div>",
                 zItem, az[i], strcmp(az[i], zValue) ? "" : " checked", zItem, az[i]);
  }
  html_raw(b, "</div>");
}

/* One setting's form: its label as a heading, what to type, its error when it
** is the one re-shown, and its value (what was typed, when re-shown). */
static void policy_row(Req *r, const Policy *p, const PolicyKey *k) {
  Buf *b = &r->body, now = BUF_INIT;
  const char *zPosted = r->method == M_POST ? web_arg(r, "key") : 0;
  int here = zPosted && !strcmp(zPosted, k->zName);
  int e = here && web_has_err(r, "value");
  char zId[64];
  snprintf(zId, sizeof zId, here ? "value" : "value-%s", k->zName);
  policy_value(p, k->zName, &now);
  const char *const *azChoice = key_choices(k);
  const char *zShown = here ? web_arg_or(r, "value", "") : buf_cstr(&now);
  html_raw(b, "<form method=\"post\" action=\"/admin/policy\" class=\"at-setting\" novalidate>");
  if (azChoice) {
    /* A fieldset whose legend is the heading, as GOV.UK's radios are. */
    html_appendf(b,
                 "<div class=\"govuk-form-group%s\"><fieldset class=\"govuk-fieldset\" "
                 "aria-describedby=\"%s-hint%s\"><legend class=\"govuk-fieldset__legend "
                 "govuk-fieldset__legend--m\"><h2 class=\"govuk-fieldset__heading\">%s</h2>"
                 "</legend><div class=\"govuk-hint\" id=\"%s-hint\">%s</div>",
                 e ? " govuk-form-group--error" : "", zId, e ? " value-error" : "", key_label(k),
                 zId, k->zHint ? k->zHint : k->zHelp);
    if (e) web_field_error_html(r, "value");
    choice_radios(r, azChoice, zId, zShown);
    html_raw(b, "</fieldset></div>");
  } else {
    html_appendf(b,
                 "<div class=\"govuk-form-group%s\"><h2 class=\"govuk-label-wrapper\"><label "
                 "class=\"govuk-label govuk-label--m\" for=\"%s\">%s</label></h2>"
                 "<div class=\"govuk-hint\" id=\"%s-hint\">%s</div>",
                 e ? " govuk-form-group--error" : "", zId, key_label(k), zId,
                 k->zHint ? k->zHint : k->zHelp);
    if (e) web_field_error_html(r, "value");
    html_appendf(b,
                 "<input class=\"govuk-input%s\" id=\"%s\" name=\"value\" type=\"text\" "
                 "spellcheck=\"false\" value=\"%s\" aria-describedby=\"%s-hint%s\"></div>",
                 e ? " govuk-input--error" : "", zId, zShown, zId, e ? " value-error" : "");
  }
  web_csrf_input(r);
  html_appendf(b,
               "<input type=\"hidden\" name=\"key\" value=\"%s\"><p class=\"govuk-body-s\">Now: "
               "%s; by default: %s</p><button type=\"submit\" class=\"govuk-button "
               "govuk-button--secondary\" data-module=\"govuk-button\">Save<span "
               "class=\"govuk-visually-hidden\"> %s</span></button></form>\n",
               k->zName, buf_cstr(&now), k->zDefault, key_label(k));
  buf_free(&now);
}

static void policy_page(Req *r) {
  Policy p;
  int status = r->status;
  if (store_policy_load(r->db, &p)) {
    web_error(r, 500, "The settings could not be read. Try again in a moment.");
    return;
  }
  web_page_begin(r, "Settings: the policy");
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_raw(b, "<span class=\"govuk-caption-l\">Settings</span><h1 class=\"govuk-heading-l\">"
              "The policy</h1>\n<p class=\"govuk-body\">How every page and report counts: "
              "a change applies at once, to reports as at any date, and is recorded with "
              "who made it. The ratings a recommendation may have are its <a class=\"govuk-link\" "
              "href=\"/admin/scales\">risk scales</a>.</p>\n");
  page_settings_nav(r);
  for (int i = 0; i < POLICY_KEY__MAX; i++) policy_row(r, &p, &policy_key_table[i]);
  html_raw(b, "</div></div>\n");
  web_page_end(r);
  r->status = status;
}

static int policy_get(Req *r) {
  policy_page(r);
  return 0;
}

static int policy_invalid(Req *r) {
  policy_page(r);
  return 0;
}

static int policy_post(Req *r) {
  const char *zKey = web_arg(r, "key"), *zValue = web_arg(r, "value");
  const PolicyKey *k = policy_key_find(zKey);
  if (!k) {
    web_error(r, 404, "There is no such setting.");
    return 0;
  }
  Actor w = web_actor(r);
  Buf err = BUF_INIT, now = BUF_INIT;
  int rc = act_policy_set(r->db, &w, zKey, zValue, &now, &err);
  if (rc == ACT_INVALID) {
    /* "policy KEY: why" is the command line's; the page names the setting. */
    const char *z = buf_cstr(&err), *zWhy = strstr(z, ": ");
    web_field_err(r, "value", "%s: %s", key_label(k), zWhy ? zWhy + 2 : z);
    r->status = 422;
    policy_page(r);
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    web_donef(r, "/admin/policy", "%s: now %s", key_label(k), buf_cstr(&now));
  }
  buf_free(&err);
  buf_free(&now);
  return 0;
}

/* ---- risk scales ---- */

static void scales_page(Req *r) {
  RatingRow *a = 0;
  int n = 0, status = r->status;
  if (store_rating_list(r->db, &a, &n)) {
    web_error(r, 500, "The risk scales could not be read. Try again in a moment.");
    return;
  }
  web_page_begin(r, "Settings: risk scales");
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_raw(b, "<span class=\"govuk-caption-l\">Settings</span><h1 class=\"govuk-heading-l\">"
              "Risk scales</h1>\n<p class=\"govuk-body\">The ratings a recommendation may "
              "have, scale by scale, most severe first. A scale is added here; one in use "
              "is kept as it is, so that what was rated stays rated.</p>");
  page_settings_nav(r);
  html_raw(b, "</div></div>\n");
  for (int i = 0; i < n; i++) {
    if (i == 0 || strcmp(a[i].zScale, a[i - 1].zScale)) {
      if (i) html_raw(b, "</tbody></table></div>\n");
      html_appendf(b, "<h2 class=\"govuk-heading-m\">%s</h2>", a[i].zScale);
      if (a[i].zScaleDesc && a[i].zScaleDesc[0])
        html_appendf(b, "<p class=\"govuk-body\">%s</p>", a[i].zScaleDesc);
      html_appendf(b,
                   "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\">"
                   "<caption class=\"govuk-table__caption govuk-visually-hidden\">The ratings of "
                   "%s, most severe first</caption><thead class=\"govuk-table__head\"><tr "
                   "class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">"
                   "Code</th><th scope=\"col\" class=\"govuk-table__header\">Label</th><th "
                   "scope=\"col\" class=\"govuk-table__header at-col-text\">Definition</th>"
                   "</tr></thead><tbody class=\"govuk-table__body\">",
                   a[i].zScale);
    }
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "</tr>",
                 a[i].zCode, a[i].zLabel, a[i].zDef ? a[i].zDef : "");
  }
  if (n) html_raw(b, "</tbody></table></div>\n");
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
              "<h2 class=\"govuk-heading-m\" id=\"add\">Add a risk scale</h2>"
              "<form method=\"post\" action=\"/admin/scales\" novalidate>");
  web_csrf_input(r);
  const char *azF[][3] = {{"name", "Name", 0},
                          {"description", "Description (optional)",
                           "Whose scale it is, or "
                           "which audits use it"}};
  for (int k = 0; k < 2; k++) {
    web_input(r, &(Control){.zName = azF[k][0],
                            .zLabel = azF[k][1],
                            .zHint = azF[k][2],
                            .zValue = r->method == M_POST ? web_arg_or(r, azF[k][0], "") : "",
                            .zClass = k ? "govuk-!-width-two-thirds" : "govuk-input--width-20"});
  }
  web_textarea(r, &(Control){.zName = "ratings",
                             .zLabel = "Ratings, most severe first",
                             .zHint = "One a line: its code, a colon, its label and, if you "
                                      "wish, another colon and its definition. For example, "
                                      "P1: Priority 1: Fundamental weakness",
                             .zValue = r->method == M_POST ? web_arg_or(r, "ratings", "") : "",
                             .rows = 6});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Add "
              "the scale</button></form></div></div>\n");
  web_page_end(r);
  r->status = status;
  store_rating_rows_free(a, n);
}

static int scales_get(Req *r) {
  scales_page(r);
  return 0;
}

static int scales_invalid(Req *r) {
  scales_page(r);
  return 0;
}

static int scales_post(Req *r) {
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int n = 0;
  const char *zName = web_arg(r, "name");
  int rc = act_scale_add_spec(r->db, &w, zName, web_arg_or(r, "description", ""),
                              web_arg(r, "ratings"), &n, &err);
  if (rc == ACT_INVALID || rc == ACT_CONFLICT) {
    web_field_err_act(r, rc == ACT_CONFLICT ? "name" : "ratings", buf_cstr(&err));
    r->status = web_act_status(rc);
    scales_page(r);
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    web_donef(r, "/admin/scales", "Risk scale %s added with %d rating%s", zName, n,
              n == 1 ? "" : "s");
  }
  buf_free(&err);
  return 0;
}

/* ---- routes ---- */

static const Field aPolicy[] = {{"key", F_LINE, 1, 40, 0, "the setting"},
                                {"value", F_LINE, 1, POLICY_VALUE_MAX, 0, "a value"},
                                {0}};

static const Field aScale[] = {{"name", F_LINE, 1, LIMIT_REF, 0, "a name for the scale"},
                               {"description", F_LINE, 0, LIMIT_NAME, 0, "The description"},
                               {"ratings", F_TEXT, 1, LIMIT_TEXT, 0, "the ratings"},
                               {0}};

const Route page_settings_routes[] = {
    {M_GET, "/admin/policy", CAP_AUDIT, ACC_NONE, 0, 0, policy_get, 0,
     "the policy: each setting with its value, what to type and a form to change it"},
    {M_POST, "/admin/policy", CAP_AUDIT, ACC_NONE, 0, aPolicy, policy_post, policy_invalid,
     "change a policy setting (checked and journalled as policy set)"},
    {M_GET, "/admin/scales", CAP_AUDIT, ACC_NONE, 0, 0, scales_get, 0,
     "the risk scales and their ratings, and the form to add one"},
    {M_POST, "/admin/scales", CAP_AUDIT, ACC_NONE, 0, aScale, scales_post, scales_invalid,
     "add a risk scale (checked and journalled as scale add)"},
    {0}};
