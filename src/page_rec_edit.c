/*
** page_rec_edit.c: internal audit's form that changes a recommendation's
** recorded fields: every field `rec set` changes (rec_fields.h's settable text
** fields, the risk rating and the confidential flag), the people, directorates
** and themes suggested from what the register already names, any other text
** still allowed. The changed fields go to act_rec_edit in one transaction, each
** journalled as `rec set` journals it, so the history shows its old and new
** value in words.
** Not for: the recommendation's page and its history (page_rec.c,
** page_rec_history.c), its history entries (page_rec_act.c), or adding one
** (page_audit.c).
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
#include "web_index.h"

/* ---- the suggestions (page_render.c's datalists) ---- */

/* The datalist a field's input suggests from, or NULL. */
static const char *field_list(int f) {
  switch (f) {
  case REC_F_OWNER:
  case REC_F_DIRECTOR:
  case REC_F_EXEC_MEMBER: return "people";
  case REC_F_DIRECTORATE: return "directorates";
  case REC_F_THEME: return "themes";
  default: return 0;
  }
}

/* ---- the form ---- */

/* What the field shows: what was posted, else what is recorded. */
static const char *shown(const Req *r, const char *zName, const char *zNow) {
  if (r->method == M_POST) return web_arg_or(r, zName, "");
  return zNow ? zNow : "";
}

static void text_field(Req *r, int f) {
  const RecField *q = &rec_fields[f];
  const char *zValue = shown(r, q->zApi, rec_field_get(r->rec, (RecFieldId)f));
  Buf l = BUF_INIT; /* only the recommendation itself cannot be emptied (act_rec_set) */
  buf_appendf(&l, f == REC_F_BODY ? "%s" : "%s (optional)",
              q->form.place ? q->form.zAsk : q->zLabel);
  const char *zLabel = buf_cstr(&l);
  if (!q->form.place || q->form.rows) {
    web_textarea(r, &(Control){.zName = q->zApi,
                               .zLabel = zLabel,
                               .zHint = q->form.zHint,
                               .zValue = zValue,
                               .rows = q->form.rows ? q->form.rows : 3});
  } else {
    web_input(r, &(Control){.zName = q->zApi,
                            .zLabel = zLabel,
                            .zHint = q->form.zHint,
                            .zValue = zValue,
                            .zList = field_list(f),
                            .zClass = q->form.limit <= LIMIT_REF ? "govuk-input--width-10"
                                                                 : "govuk-!-width-two-thirds"});
  }
  buf_free(&l);
}

/* The risk rating: every rating a text names alone, the current one chosen;
** "" keeps it (or leaves it unrated): a rating is changed, never removed. */
static void risk_field(Req *r) {
  const Rec *x = r->rec;
  RatingRow *a = 0;
  int n = 0, found = -1;
  if (store_rating_list(r->db, &a, &n)) n = 0;
  for (int i = 0; i < n && x->zRiskLabel && found < 0; i++) {
    if (a[i].zName && !strcmp(a[i].zLabel, x->zRiskLabel) &&
        !strcmp(a[i].zCode, x->zRiskCode ? x->zRiskCode : ""))
      found = i;
  }
  const char *zCur = r->method == M_POST ? web_arg_or(r, "risk", "")
                     : found >= 0        ? a[found].zName
                                         : "";
  Buf l = BUF_INIT;
  web_select_open(r, &(Control){.zName = "risk", .zLabel = "Risk rating"});
  if (!x->zRiskLabel) {
    web_option(r, "", "Not rated", zCur);
  } else if (found < 0) {
    buf_appendf(&l, "%s (%s), unchanged", x->zRiskLabel, x->zRiskCode ? x->zRiskCode : "");
    web_option(r, "", buf_cstr(&l), zCur);
  }
  for (int i = 0; i < n; i++) {
    if (!a[i].zName) continue; /* no text names it alone */
    buf_reset(&l);
    buf_appendf(&l, "%s (%s)", a[i].zLabel, a[i].zScale);
    web_option(r, a[i].zName, buf_cstr(&l), zCur);
  }
  web_select_close(r);
  buf_free(&l);
  store_rating_rows_free(a, n);
}

static void edit_form(Req *r) {
  const Rec *x = r->rec;
  char zUrl[48];
  snprintf(zUrl, sizeof zUrl, "/recs/%lld", x->id);
  web_page_begin(r, "Change the recommendation");
  Buf *b = &r->body;
  html_appendf(b,
               "<a href=\"%s\" class=\"govuk-back-link\">Back</a>\n"
               "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">",
               zUrl);
  web_error_summary(r);
  html_appendf(b,
               "<span class=\"govuk-caption-l\">Recommendation %lld%s%s</span>"
               "<h1 class=\"govuk-heading-l\">Change the recommendation</h1>\n"
               "<p class=\"govuk-body\">Each change is recorded in its history with what it "
               "was. Targets, updates and opinions are recorded on the recommendation's "
               "page.</p>\n<form method=\"post\" action=\"%s/edit\" novalidate>",
               x->id, x->zRef ? ", ref " : "", x->zRef ? x->zRef : "", zUrl);
  web_csrf_input(r);
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (!rec_fields[f].zSet) continue; /* set only by import */
    text_field(r, f);
    if (f == REC_F_BODY) risk_field(r);
  }
  int conf = r->method == M_POST ? web_arg_bool(r, "confidential") : x->confidential;
  web_checkbox(r,
               &(Control){.zName = "confidential",
                          .zLabel = "Confidential: the committee sees that it exists, not "
                                    "what it says"},
               conf);
  page_suggest_people(r, &r->reg);
  page_suggest_distinct(r, &r->reg, IX_DIRECTORATE, "directorates");
  page_suggest_distinct(r, &r->reg, IX_THEME, "themes");
  html_appendf(b,
               "<div class=\"govuk-button-group\"><button type=\"submit\" "
               "class=\"govuk-button\" data-module=\"govuk-button\">Save changes</button>"
               "<a class=\"govuk-link\" href=\"%s\">Cancel</a></div></form></div></div>\n",
               zUrl);
  web_page_end(r);
}

static int edit_get(Req *r) {
  edit_form(r);
  return 0;
}

static int edit_invalid(Req *r) {
  edit_form(r);
  return 0;
}

/* ---- saving ---- */

enum { EDIT_MAX = REC_FIELD__MAX + 2 };

static int edit_post(Req *r) {
  const Rec *x = r->rec;
  const char *azField[EDIT_MAX], *azValue[EDIT_MAX], *azForm[EDIT_MAX], *azLabel[EDIT_MAX];
  int n = 0, aChanged[EDIT_MAX], bad = -1;
  /* Only what differs from what the form showed (the directorate shown may be
  ** the audit's, which the recommendation does not hold itself); a field not
  ** sent at all is left as it is. */
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    const RecField *q = &rec_fields[f];
    const char *zNew = web_arg(r, q->zApi), *zOld = rec_field_get(x, (RecFieldId)f);
    if (!q->zSet || !zNew || !strcmp(zNew, zOld ? zOld : "")) continue;
    azField[n] = q->zSet, azValue[n] = zNew, azForm[n] = q->zApi, azLabel[n++] = q->zLabel;
  }
  const char *zRisk = web_arg_or(r, "risk", "");
  if (zRisk[0]) {
    azField[n] = "risk", azValue[n] = zRisk, azForm[n] = "risk", azLabel[n++] = "Risk rating";
  }
  if (web_arg_bool(r, "confidential") != (x->confidential != 0)) {
    azField[n] = "confidential", azValue[n] = web_arg_bool(r, "confidential") ? "1" : "0";
    azForm[n] = "confidential", azLabel[n++] = "Confidential";
  }
  Actor w = web_actor(r);
  Buf err = BUF_INIT, done = BUF_INIT;
  int rc = act_rec_edit(r->db, &w, x->id, n, azField, azValue, aChanged, &bad, &err);
  char zUrl[48];
  snprintf(zUrl, sizeof zUrl, "/recs/%lld", x->id);
  if (rc == ACT_INVALID && bad >= 0) {
    web_field_err_act(r, azForm[bad], buf_cstr(&err));
    r->status = 422;
    edit_form(r);
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    for (int i = 0; i < n; i++)
      if (aChanged[i]) buf_appendf(&done, "%s%s", done.n ? ", " : "", azLabel[i]);
    if (done.n)
      web_donef(r, zUrl, "Recommendation changed: %s", buf_cstr(&done));
    else
      web_done(r, zUrl, "No changes to save");
  }
  buf_free(&err);
  buf_free(&done);
  return 0;
}

/* ---- routes ---- */

/* Every plain text field by its API name (rec_fields.h), with its form's limit;
** those `rec set` cannot change are neither shown nor read. Then the rating and
** the flag. */
#define REC_FORM(place, name, ask, hint, need, limit, rows) (rows) ? F_TEXT : F_LINE, 0, limit
#define REC_NO_FORM F_TEXT, 0, LIMIT_TEXT
#define REC_EDIT_FIELD(id, member, column, select, set, api, header, required, seed, detail,       \
                       label, line, form)                                                          \
  {api, form, 0, label},
static const Field aEdit[] = {
    REC_TEXT_FIELDS(REC_EDIT_FIELD){"risk", F_LINE, 0, 100, 0, "a risk rating"},
    {"confidential", F_BOOL, 0, 10, 0, "Confidential"},
    {0}};
#undef REC_FORM
#undef REC_NO_FORM
#undef REC_EDIT_FIELD

const Route page_rec_edit_routes[] = {
    {M_GET, "/recs/#/edit", CAP_AUDIT, ACC_AUDIT, 0, 0, edit_get, 0,
     "the form to change a recommendation's recorded fields"},
    {M_POST, "/recs/#/edit", CAP_AUDIT, ACC_AUDIT, 0, aEdit, edit_post, edit_invalid,
     "change a recommendation's recorded fields (each journalled with its old value)"},
    {0}};
