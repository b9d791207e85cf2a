/*
** page_cycle_text.c: the head of audit's words for a reporting cycle on the web: the
** words stored for the cycle (its named parts and the commentary on audits), rendered
** as the pack prints them, for everyone who reads reports; for internal audit a form
** that writes a part or an audit's commentary, with a preview of how it renders before
** it is saved (act_cycle_text_set checks and journals it), and a Remove button on each,
** asked first (act_cycle_text_remove, journalled as `cycle text-remove` is). Not for:
** printing the words
** in a pack (report_pack_text.c) or SQL (store_text.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "limit.h"
#include "markup.h"
#include "report_pack.h"
#include "store.h"
#include "web.h"

/* The page's address for cycle zName, its name percent-encoded, into b. */
static void words_url(Buf *b, const char *zName) {
  buf_puts(b, "/cycles/words?cycle=");
  for (const unsigned char *p = (const unsigned char *)zName; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_' || *p == '.')
      buf_putc(b, (char)*p);
    else
      buf_appendf(b, "%%%02X", *p);
  }
}

/* The words as the pack prints them (placeholders as written: the pack fills them). */
static void words_show(Req *r, const char *zText) {
  Markup m;
  Buf e = BUF_INIT;
  if (markup_parse(zText, 1, pack_placeholder_names, &m, &e)) {
    html_appendf(&r->body, "<p class=\"govuk-body\">These words no longer read: %s</p>\n",
                 buf_cstr(&e));
  } else {
    html_raw(&r->body, "<div class=\"govuk-inset-text at-words\">\n");
    markup_render_html(&m, 3, &r->body);
    html_raw(&r->body, "</div>\n");
  }
  markup_free(&m);
  buf_free(&e);
}

/* What text t is, as a sentence names it: "the introduction", "the commentary on
** Section 106" (the part's name once, the audit after it). */
static void text_name(Buf *b, const CycleText *t) {
  html_appendf(b, "the %s", t->zPart);
  if (t->auditId && t->zAudit) html_appendf(b, " on %s", t->zAudit);
}

/* The form that removes text t of cycle zCycle: the Remove button under the words, which
** asks first, or (confirm) the "Yes, remove them" that removes. */
static void remove_button(Req *r, const char *zCycle, const CycleText *t, int confirm) {
  Buf *b = &r->body;
  html_raw(b, "<form method=\"post\" action=\"/cycles/words/remove\" novalidate>");
  web_csrf_input(r);
  html_appendf(b,
               "<input type=\"hidden\" name=\"cycle\" value=\"%s\"><input type=\"hidden\" "
               "name=\"part\" value=\"%s\">",
               zCycle, t->zPart);
  if (t->auditId)
    html_appendf(b, "<input type=\"hidden\" name=\"audit\" value=\"%lld\">", t->auditId);
  if (confirm) {
    Buf u = BUF_INIT;
    words_url(&u, zCycle);
    html_appendf(b,
                 "<input type=\"hidden\" name=\"confirm\" value=\"yes\"><div "
                 "class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button "
                 "govuk-button--warning\" data-module=\"govuk-button\">Yes, remove them</button><a "
                 "class=\"govuk-link\" href=\"%s\">No, keep them</a></div></form>\n",
                 buf_cstr(&u));
    buf_free(&u);
    return;
  }
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--warning "
              "govuk-!-margin-bottom-4\" data-module=\"govuk-button\">Remove<span "
              "class=\"govuk-visually-hidden\"> ");
  text_name(b, t);
  html_raw(b, "</span></button></form>\n");
}

static void words_form(Req *r, const Cycle *c, const AuditRow *aA, int nA) {
  Buf *b = &r->body;
  const char *zPost = r->method == M_POST ? "" : 0;
  html_raw(b, "<h2 class=\"govuk-heading-m\">Write or replace words</h2>\n"
              "<form method=\"post\" action=\"/cycles/words\" novalidate>");
  web_csrf_input(r);
  html_appendf(b, "<input type=\"hidden\" name=\"cycle\" value=\"%s\">", c->zName);
  web_input(r, &(Control){.zName = "part",
                          .zLabel = "Part",
                          .zHint = "The name a pack's text or front line takes with stored=: "
                                   "introduction, process, position, closing, summary, "
                                   "contacts. For an audit's commentary: commentary",
                          .zValue = zPost                           ? web_arg_or(r, "part", "")
                                    : web_arg_or(r, "audit", "")[0] ? "commentary"
                                                                    : "",
                          .zClass = "govuk-input--width-20"});
  web_select_open(r, &(Control){.zName = "audit",
                                .zLabel = "Audit (for commentary on one audit)",
                                .zHint = "Printed under the audit in the pack"});
  const char *zAudit = web_arg_or(r, "audit", ""); /* a GET's ?audit= chooses it too */
  web_option(r, "", "None: a part of the pack", zAudit);
  for (int i = 0; i < nA; i++) {
    char zId[32];
    snprintf(zId, sizeof zId, "%lld", aA[i].id);
    web_option(r, zId, aA[i].zTitle, zAudit);
  }
  web_select_close(r);
  web_textarea(r, &(Control){.zName = "text",
                             .zLabel = "Words",
                             .zHint = "Paragraphs apart by a blank line; # and ## for headings; "
                                      "- or 1. for lists; **bold**; [text](https://...) for a "
                                      "link; {open}, {overdue}, {not_yet_due}, "
                                      "{implemented_since}, {rate}, {cycle}, {previous_cycle}, "
                                      "{as_at}, {since} and {organisation} for figures",
                             .zValue = zPost ? web_arg_or(r, "text", "") : "",
                             .rows = 10});
  html_raw(b, "<div class=\"govuk-button-group\"><button type=\"submit\" name=\"do\" "
              "value=\"preview\" class=\"govuk-button govuk-button--secondary\" "
              "data-module=\"govuk-button\">Preview</button><button type=\"submit\" name=\"do\" "
              "value=\"save\" class=\"govuk-button\" data-module=\"govuk-button\">Save the "
              "words</button></div></form>\n");
}

/* The page for cycle zName (NULL: the latest); zPreview: words to preview above the form. */
static void words_page(Req *r, const char *zName, const char *zPreview) {
  Cycle *aC = 0;
  CycleText *aT = 0;
  AuditRow *aA = 0;
  int nC = 0, nT = 0, nA = 0;
  if (store_cycle_list(r->db, &aC, &nC)) {
    web_error(r, 500, "The reporting cycles could not be read. Try again in a moment.");
    return;
  }
  const Cycle *c = zName && zName[0] ? cycle_find(aC, nC, zName) : nC ? &aC[nC - 1] : 0;
  if (!c) {
    store_cycles_free(aC, nC);
    web_error(r, 404, "There is no reporting cycle of that name.");
    return;
  }
  if (store_text_list(r->db, c->id, &aT, &nT) || store_audit_list(r->db, 0, &aA, &nA)) {
    store_cycles_free(aC, nC);
    store_texts_free(aT, nT);
    web_error(r, 500, "The words could not be read. Try again in a moment.");
    return;
  }
  Buf *b = &r->body;
  web_page_begin(r, "Words for a reporting cycle");
  web_error_summary(r);
  html_appendf(b,
               "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">The "
               "head of audit's words</h1>\n<p class=\"govuk-body\">Words stored for this "
               "cycle replace a pack's own text where its definition names them "
               "(stored=PART); the commentary on an audit is printed under the audit where "
               "the pack lists the audits with overdue actions, else in the outstanding part "
               "that shows it. Figures in braces are filled in when the pack is made.</p>\n",
               c->zName);
  if (zPreview) {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Preview</h2>\n");
    words_show(r, zPreview);
  }
  if (!nT) html_raw(b, "<p class=\"govuk-body\">No words are stored for this cycle.</p>\n");
  int audit = cap_allows(CAP_AUDIT, r->user.role);
  for (int i = 0; i < nT; i++) {
    html_appendf(b, "<h2 class=\"govuk-heading-m\">%s%s%s</h2>\n", aT[i].zPart,
                 aT[i].zAudit ? ": " : "", aT[i].zAudit ? aT[i].zAudit : "");
    words_show(r, aT[i].zBody);
    if (audit) remove_button(r, c->zName, &aT[i], 0);
  }
  if (cap_allows(CAP_AUDIT, r->user.role)) words_form(r, c, aA, nA);
  web_page_end(r);
  store_cycles_free(aC, nC);
  store_texts_free(aT, nT);
  store_audit_rows_free(aA, nA);
}

static int words_get(Req *r) {
  words_page(r, web_arg(r, "cycle"), 0);
  return 0;
}

static int words_invalid(Req *r) {
  words_page(r, web_arg(r, "cycle"), 0);
  if (r->status < 400) r->status = 422;
  return 0;
}

static int words_post(Req *r) {
  const char *zDo = web_arg_or(r, "do", "save"), *zText = web_arg_or(r, "text", "");
  const char *zAudit = web_arg(r, "audit");
  if (zAudit && !zAudit[0]) zAudit = 0;
  Buf err = BUF_INIT;
  int rc;
  if (!strcmp(zDo, "preview")) {
    Markup m;
    if (markup_parse(zText, 1, pack_placeholder_names, &m, &err)) {
      web_field_err(r, "text", "%s", buf_cstr(&err));
      words_page(r, web_arg(r, "cycle"), 0);
      r->status = 422;
    } else
      words_page(r, web_arg(r, "cycle"), zText);
    markup_free(&m);
    buf_free(&err);
    return 0;
  }
  Actor w = web_actor(r);
  rc = act_cycle_text_set(r->db, &w, web_arg(r, "cycle"), zAudit, web_arg_or(r, "part", ""), zText,
                          &err);
  if (rc == ACT_INVALID) {
    const char *zMsg = buf_cstr(&err);
    web_field_err_act(r, strncmp(zMsg, "PART", 4) ? "text" : "part", zMsg);
    words_page(r, web_arg(r, "cycle"), 0);
    r->status = 422;
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    Buf u = BUF_INIT;
    words_url(&u, web_arg(r, "cycle"));
    web_done(r, buf_cstr(&u), "Words saved");
    buf_free(&u);
  }
  buf_free(&err);
  return 0;
}

/* Removing takes two steps, as removing a pack does: Remove shows the words and asks; "Yes,
** remove them" removes (journalled). */
static int words_remove(Req *r) {
  const char *zCycle = web_arg(r, "cycle"), *zPart = web_arg_or(r, "part", "");
  const char *zAudit = web_arg(r, "audit"), *zConfirm = web_arg(r, "confirm");
  if (zAudit && !zAudit[0]) zAudit = 0;
  Buf err = BUF_INIT;
  if (zConfirm && !strcmp(zConfirm, "yes")) {
    Actor w = web_actor(r);
    int rc = act_cycle_text_remove(r->db, &w, zCycle, zAudit, zPart, &err);
    if (rc) {
      web_error(r, web_act_status(rc), buf_cstr(&err));
    } else {
      Buf u = BUF_INIT;
      words_url(&u, zCycle);
      web_done(r, buf_cstr(&u), "Words removed");
      buf_free(&u);
    }
    buf_free(&err);
    return 0;
  }
  /* Ask, showing the words: found as the list shows them (the part in any case; the audit
  ** by the id the Remove button sends). */
  Cycle *aC = 0;
  CycleText *aT = 0;
  int nC = 0, nT = 0;
  long long auditId = zAudit ? strtoll(zAudit, 0, 10) : 0;
  const Cycle *c = 0;
  const CycleText *t = 0;
  if (!store_cycle_list(r->db, &aC, &nC) && (c = cycle_find(aC, nC, zCycle)) != 0 &&
      !store_text_list(r->db, c->id, &aT, &nT)) {
    for (int i = 0; i < nT && !t; i++) {
      if (aT[i].auditId == auditId && !strcasecmp(aT[i].zPart, zPart)) t = &aT[i];
    }
  }
  if (!t) {
    web_error(r, 404,
              c ? "The cycle has no words of that part (they may have been removed already)."
                : "There is no reporting cycle of that name.");
  } else {
    web_page_begin(r, "Remove words for a reporting cycle");
    html_appendf(&r->body,
                 "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">Remove ",
                 c->zName);
    text_name(&r->body, t);
    html_appendf(&r->body,
                 "?</h1>\n<p class=\"govuk-body\">The pack made for this cycle then prints %s. "
                 "The words are kept in the journal.</p>\n",
                 t->auditId ? "no commentary on the audit"
                            : "its definition's own words for the part, if it has any");
    words_show(r, t->zBody);
    remove_button(r, c->zName, t, 1);
    web_page_end(r);
  }
  store_cycles_free(aC, nC);
  store_texts_free(aT, nT);
  buf_free(&err);
  return 0;
}

static const Field aGet[] = {
    {"cycle", F_LINE, 0, LIMIT_NAME, 0, "Cycle"}, {"audit", F_LINE, 0, 20, 0, "Audit"}, {0}};
static const Field aPost[] = {{"cycle", F_LINE, 1, LIMIT_NAME, 0, "Cycle"},
                              {"part", F_LINE, 0, 40, 0, "Part"},
                              {"audit", F_LINE, 0, 20, 0, "Audit"},
                              {"text", F_TEXT, 0, LIMIT_COMMENT, 0, "Words"},
                              {"do", F_LINE, 0, 8, 0, "Button"},
                              {0}};
static const Field aRemove[] = {{"cycle", F_LINE, 1, LIMIT_NAME, 0, "Cycle"},
                                {"part", F_LINE, 1, 40, 0, "Part"},
                                {"audit", F_LINE, 0, 20, 0, "Audit"},
                                {"confirm", F_LINE, 0, 8, 0, "Confirm"},
                                {0}};

const Route page_cycle_text_routes[] = {
    {M_GET, "/cycles/words", CAP_REPORTS, ACC_NONE, 0, aGet, words_get, 0,
     "the words stored for a reporting cycle (and, for internal audit, a form to write them)"},
    {M_POST, "/cycles/words", CAP_AUDIT, ACC_NONE, 0, aPost, words_post, words_invalid,
     "preview or store words for a reporting cycle"},
    {M_POST, "/cycles/words/remove", CAP_AUDIT, ACC_NONE, 0, aRemove, words_remove, 0,
     "remove words stored for a reporting cycle, asked first (journalled as cycle text-remove)"},
    {0}};
