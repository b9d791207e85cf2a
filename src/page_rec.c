/*
** page_rec.c: one recommendation's page, in the order its owner needs it: what
** it is and its state in one line; the forms for what the viewer may do to it
** (an owner's update form open, then date requests; internal audit's opinions,
** closing, reopening, decisions, revisions, delegation); the recorded fields
** and its state as at a date; the history; its notifications.
**
** This file only decides who sees which form; the figures come from
** rec_state_at() on the shared register, never computed here.
** Not for: the history's entries (page_rec_history.c), handling the forms'
** POSTs (page_rec_act.c), internal audit's review
** queue (page_review.c), evidence downloads (page_evidence.c), lists and
** reports of many recommendations (page_list.c, page_report.c), SQL, or the
** files' bytes (evidence.c).
*/
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "evidence.h"
#include "html.h"
#include "limit.h"
#include "store.h"
#include "page_rec.h"
#include "page_render.h"
#include "web.h"

/* ---- small helpers ---- */

static int ends_with(const char *z, const char *zSuffix) {
  size_t n = strlen(z), m = strlen(zSuffix);
  return n >= m && !strcmp(z + n - m, zSuffix);
}

/* Was this request the POST of the form whose route ends in "/" zAction? */
static int posted(const Req *r, const char *zAction) {
  char z[40];
  snprintf(z, sizeof z, "/%s", zAction);
  return r->method == M_POST && r->route && ends_with(r->route->zPattern, z);
}

const char *page_rec_target_text(const RecState *st, char *z) {
  if (st->currentTbc) return "TBC";
  if (st->currentTarget == DAY_NONE) return "None";
  return web_day(st->currentTarget, z);
}

/* ---- form fields (GOV.UK patterns), values kept from the POST being re-shown ---- */

static void field_textarea(Req *r, const char *zName, const char *zLabel, const char *zHint) {
  web_textarea(r, &(Control){.zName = zName,
                             .zLabel = zLabel,
                             .zHint = zHint,
                             .zValue = web_arg_or(r, zName, ""),
                             .rows = 4});
}

static void field_input(Req *r, const char *zName, const char *zLabel, const char *zHint,
                        const char *zWidth) {
  /* Who accepted a risk or agreed a date: the people the register knows, suggested. */
  int person =
      !strcmp(zName, "accepted_by") || !strcmp(zName, "risk_by") || !strcmp(zName, "agreed_by");
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = zHint,
                          .zValue = web_arg_or(r, zName, ""),
                          .zClass = zWidth,
                          .zList = person ? "people" : 0});
}

static void field_select(Req *r, const char *zName, const char *zLabel, const char *const *azName,
                         const char *const *azLabel, int n, const char *zBlank) {
  const char *zCur = web_arg_or(r, zName, "");
  web_select_open(r, &(Control){.zName = zName, .zLabel = zLabel});
  if (zBlank) web_option(r, "", zBlank, 0); /* never marked: the browser shows the first */
  for (int i = 0; i < n; i++) web_option(r, azName[i], azLabel[i], zCur);
  web_select_close(r);
}

static void field_file(Req *r, const char *zName, const char *zLabel, const char *zHint) {
  web_input(r, &(Control){.zName = zName, .zLabel = zLabel, .zHint = zHint, .zType = "file"});
}

/* Open a secondary form in a govuk-details, open when it is the one re-shown. */
static void form_open(Req *r, long long id, const char *zAction, const char *zSummary, int upload) {
  html_appendf(&r->body,
               "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\">"
               "<span class=\"govuk-details__summary-text\">%s</span></summary>"
               "<div class=\"govuk-details__text\">"
               "<form method=\"post\" action=\"/recs/%lld/%s\" novalidate",
               posted(r, zAction) ? " open" : "", zSummary, id, zAction);
  /* Markup, so never through %s (which escapes it into a urlencoded form that
  ** silently drops its files). */
  if (upload) html_raw(&r->body, " enctype=\"multipart/form-data\"");
  html_raw(&r->body, ">");
  web_csrf_input(r);
}

static void form_close(Req *r, const char *zButton) {
  html_appendf(&r->body,
               "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
               "%s</button></form></div></details>\n",
               zButton);
}

/* ---- the recommendation's page: fixed part (cached per generation) ---- */

void page_rec_row(Buf *b, const char *zKey, const char *zValue) {
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s"
               "</dt><dd class=\"govuk-summary-list__value at-pre\">%s</dd></div>\n",
               zKey, zValue && zValue[0] ? zValue : "Not recorded");
}

static void rag_tag(Buf *b, Rag g) {
  static const char *const azClass[] = {"govuk-tag--grey", "govuk-tag--green", "govuk-tag--yellow",
                                        "govuk-tag--red"};
  _Static_assert(sizeof azClass / sizeof azClass[0] == RAG__MAX, "azClass");
  static const char *const azText[RAG__MAX] = {"None", "Green", "Amber", "Red"};
  html_appendf(b, "<strong class=\"govuk-tag %s\">%s</strong>", azClass[g], azText[g]);
}

/* What the recommendation says: the fields that are recorded, then the names
** of those that are not, on one line. The audit and reference lead the page. */
static void register_fields(Buf *b, const Rec *x) {
  Buf t = BUF_INIT, missing = BUF_INIT;
  html_raw(
      b,
      "<h2 class=\"govuk-heading-m\">The recommendation</h2>\n<dl class=\"govuk-summary-list\">");
  RecLine aLine[REC_LINES_MAX];
  int nLine = rec_lines(x, 0, &t, aLine);
  for (int i = 0; i < nLine; i++) {
    if (aLine[i].zValue && aLine[i].zValue[0]) {
      page_rec_row(b, aLine[i].zLabel, aLine[i].zValue);
    } else {
      buf_appendf(&missing, "%s%s", missing.n ? ", " : "", aLine[i].zLabel);
    }
  }
  if (x->confidential) {
    page_rec_row(b, "Confidential", "Yes: the audit committee sees that it exists only");
  }
  if (missing.n) page_rec_row(b, "Not recorded", buf_cstr(&missing));
  html_raw(b, "</dl>\n");
  buf_free(&missing);
  buf_free(&t);
}

/* The state in one line, first on the page: "Overdue by 4 months: due 30 September
** 2024", "Open: due 31 March 2025", "Closed on 6 December 2026: Implemented". Where
** the policy measures from another date than the current target, it says so. */
static void state_line(Buf *b, const Rec *x, const Policy *p, Day asAt) {
  RecState st;
  char z2[DAY_FMT_MAX];
  rec_state_at(x, p, asAt, &st);
  html_raw(b, "<p class=\"govuk-body-l at-state\" id=\"rec-state\">");
  if (st.outside) {
    html_appendf(b,
                 "<strong class=\"govuk-tag govuk-tag--grey\">Not followed up</strong> made on "
                 "%D, before the follow-up population starts on %D",
                 x->existsFrom, p->populationFrom);
  } else if (!st.exists) {
    html_appendf(b, "<strong class=\"govuk-tag govuk-tag--grey\">Not yet made</strong> made on %D",
                 x->existsFrom);
  } else if (!st.open) {
    html_appendf(
        b, "<strong class=\"govuk-tag govuk-tag--grey\">Closed</strong> on %D: %s", st.closedOn,
        st.closedBy >= 0 ? status_labels[st.closedBy] : "removal approved by the committee");
  } else if (st.overdue) {
    if (st.months > 0) {
      html_appendf(b, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong> by %d month%s",
                   st.months, st.months == 1 ? "" : "s");
    } else {
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
    }
    html_appendf(b, ": due %D", st.due);
    if (st.currentTbc || st.currentTarget != st.due) {
      html_appendf(b,
                   "</p>\n<p class=\"govuk-body at-state-basis\" id=\"rec-state-basis\">The "
                   "current target is %s; overdue months count from %s",
                   page_rec_target_text(&st, z2),
                   p->basis == BASIS_ORIGINAL ? "the original target, as the policy sets"
                                              : "the last target date set");
    }
  } else if (st.currentTbc) {
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Open</strong>: target date to be "
                "confirmed");
  } else if (st.due == DAY_NONE) {
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Open</strong>: no target date");
  } else {
    html_appendf(b, "<strong class=\"govuk-tag govuk-tag--blue\">Open</strong>: due %D", st.due);
  }
  html_raw(b, "</p>\n");
}

static void state_fields(Buf *b, const Rec *x, const Policy *p, Day asAt) {
  RecState st;
  char z[DAY_FMT_MAX];
  rec_state_at(x, p, asAt, &st);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\" id=\"state\">State as at %D</h2>\n"
               "<dl class=\"govuk-summary-list\">",
               asAt);
  if (st.outside) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Status</dt><dd class=\"govuk-summary-list__value\">Outside the follow-up "
                 "population: made on %D, and the policy follows up only recommendations made "
                 "from %D</dd></div>\n</dl>\n",
                 x->existsFrom, p->populationFrom);
    return;
  }
  if (!st.exists) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Status</dt><dd class=\"govuk-summary-list__value\">Not yet made (made on %D)"
                 "</dd></div>\n",
                 x->existsFrom);
    html_raw(b, "</dl>\n");
    return;
  }
  html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status"
              "</dt><dd class=\"govuk-summary-list__value\">");
  if (st.open) {
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Open</strong>");
  } else {
    html_appendf(
        b, "<strong class=\"govuk-tag govuk-tag--grey\">Closed</strong> on %D (%s)", st.closedOn,
        st.closedBy >= 0 ? status_labels[st.closedBy] : "removal approved by the committee");
  }
  if (st.reopened)
    html_appendf(b, "; reopened %d time%s", st.reopened, st.reopened == 1 ? "" : "s");
  html_raw(b, "</dd></div>\n");
  page_rec_row(b, "Original target",
               x->original != DAY_NONE ? web_day(x->original, z) : x->zOriginalText);
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
               "Current target</dt><dd class=\"govuk-summary-list__value\" id=\"current-target\">"
               "%s</dd></div>\n",
               page_rec_target_text(&st, z));
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
               "Revisions</dt><dd class=\"govuk-summary-list__value\">%d</dd></div>\n",
               st.revisions);
  if (st.open) {
    if (st.overdue) {
      html_appendf(
          b,
          "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
          "Months overdue</dt><dd class=\"govuk-summary-list__value\" id=\"months-overdue\">"
          "%d (from %D)</dd></div>\n",
          st.months, st.due);
    } else {
      page_rec_row(b, "Months overdue", "Not overdue");
    }
    page_rec_row(b, "Overdue band", rec_band_label(p, &st));
    Buf t = BUF_INIT;
    if (st.rung >= 0) {
      buf_appendf(&t, "%s (%s, at %d months)", p->aRung[st.rung].zAction, p->aRung[st.rung].zWho,
                  p->aRung[st.rung].minMonths);
    }
    page_rec_row(b, "Escalation", st.rung >= 0 ? buf_cstr(&t) : "None");
    buf_free(&t);
    html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">RAG"
                "</dt><dd class=\"govuk-summary-list__value\">");
    rag_tag(b, st.rag);
    html_raw(b, "</dd></div>\n");
  }
  if (st.pOpinion) {
    Buf t = BUF_INIT;
    buf_appendf(&t, "%s (%s)", status_labels[st.pOpinion->status], web_day(st.pOpinion->on, z));
    page_rec_row(b, "Internal audit opinion", buf_cstr(&t));
    if (st.pOpinion->zNext) page_rec_row(b, "Next action", st.pOpinion->zNext);
    buf_free(&t);
  }
  html_raw(b, "</dl>\n");
}

/* ---- the recommendation's page: the forms the viewer may use ---- */

/* The files the refused POST of the update form brought: the page cannot
** keep them, so it says which to choose again, beside the file fields. */
static void files_not_kept(Req *r) {
  Buf t = BUF_INIT;
  int n = 0;
  if (!posted(r, "update")) return;
  for (int i = 0; i < r->form.n; i++) {
    const FormField *f = &r->form.a[i];
    if (!f->zFileName || !f->zFileName[0] || strncmp(f->zName, "evidence", 8)) continue;
    buf_appendf(&t, "%s%s", n++ ? ", " : "", f->zFileName);
  }
  if (n) {
    html_appendf(&r->body,
                 "<div class=\"govuk-warning-text\" id=\"evidence-not-kept\"><span "
                 "class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span><strong "
                 "class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">"
                 "Warning</span>Choose the file%s again: %s %s not kept because the form had an "
                 "error.</strong></div>\n",
                 n == 1 ? "" : "s", buf_cstr(&t), n == 1 ? "was" : "were");
  }
  buf_free(&t);
}

/* The update form's fields, for the owner's open form and internal audit's
** collapsed one alike. */
static void update_fields(Req *r, Access acc) {
  char zHint[160];
  snprintf(zHint, sizeof zHint, "PDF, image, text or CSV, Word, Excel or email; up to %ld MB each",
           web_upload_limit(r) >> 20);
  if (acc == ACC_UPDATE) {
    html_raw(&r->body, "<p class=\"govuk-body\">Internal audit reviews each update before it "
                       "counts.</p>");
  }
  field_textarea(r, "narrative", "What has been done", 0);
  /* The service says how far it has got; internal audit's conclusions are not its to
  ** claim (status_service_may_claim). */
  if (acc == ACC_UPDATE)
    field_select(r, "claimed", "Status you report", status_names, status_claim_labels,
                 STATUS_CLAIMS, "Not stated");
  else
    field_select(r, "claimed", "Status you report", status_names, status_labels, STATUS__MAX,
                 "Not stated");
  field_input(r, "percent", "Percent complete (optional)", "A whole number from 0 to 100",
              "govuk-input--width-3");
  files_not_kept(r);
  field_file(r, "evidence", "Evidence file (optional)", zHint);
  field_file(r, "evidence2", "Second evidence file (optional)", 0);
  field_file(r, "evidence3", "Third evidence file (optional)", 0);
}

/* The service's forms. An owner or director answering for an open
** recommendation gets the update form open, first; internal audit gets it
** collapsed among its own forms. */
static void forms_update(Req *r, const Rec *x, Access acc, int open) {
  long long id = x->id;
  if (open && acc == ACC_UPDATE) {
    html_appendf(&r->body,
                 "<h2 class=\"govuk-heading-m\" id=\"update\">Post an update</h2>\n"
                 "<form method=\"post\" action=\"/recs/%lld/update\" id=\"update-form\" "
                 "novalidate",
                 id);
    html_raw(&r->body, " enctype=\"multipart/form-data\">");
    web_csrf_input(r);
    update_fields(r, acc);
    html_raw(&r->body,
             "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
             "Send the update</button></form>\n");
  } else if (acc == ACC_AUDIT) {
    form_open(r, id, "update", "Post an update", 1);
    update_fields(r, acc);
    form_close(r, "Send the update");
  }
  if (open) {
    form_open(r, id, "date-request", "Ask for a new target date", 0);
    field_input(r, "new_target", "New target date", WEB_DATE_HINT ", or TBC",
                "govuk-input--width-10");
    field_textarea(r, "date_reason", "Why a new date is needed", 0);
    form_close(r, "Ask for the date");
  }
}

static void forms_audit(Req *r, const Rec *x, int open) {
  long long id = x->id;
  form_open(r, id, "opinion", "Record internal audit's opinion", 0);
  field_select(r, "opinion", "Opinion", status_names, status_labels, STATUS__MAX,
               "Choose an opinion");
  field_textarea(r, "opinion_text", "Comment",
                 x->zEvidence ? "To record it as implemented, say what "
                                "evidence was seen"
                              : 0);
  field_input(r, "next_action", "Next action (optional)", "For example, follow up in February",
              "govuk-!-width-two-thirds");
  field_input(r, "follow_up", "Next follow-up date (optional)", WEB_DATE_HINT,
              "govuk-input--width-10");
  field_input(r, "accepted_by", "Risk accepted by", "Needed for the opinion 'Risk accepted'",
              "govuk-!-width-two-thirds");
  form_close(r, "Record the opinion");
  if (open) {
    form_open(r, id, "close", "Close as implemented", 0);
    if (x->zEvidence) {
      html_appendf(&r->body,
                   "<div class=\"govuk-inset-text\">This recommendation needs evidence to "
                   "close: %s</div>",
                   x->zEvidence);
    }
    field_textarea(r, "close_text", "Comment (optional)", 0);
    field_textarea(r, "evidence_seen", "Evidence seen (required)",
                   "Say what was seen: documents, dates, who showed them");
    form_close(r, "Close the recommendation");
    form_open(r, id, "risk-accept", "Record that the risk is accepted", 0);
    field_input(r, "risk_by", "Accepted by", "Who accepted the risk of not acting",
                "govuk-!-width-two-thirds");
    field_textarea(r, "risk_why", "Why", 0);
    form_close(r, "Record the acceptance");
    form_open(r, id, "supersede", "Mark as superseded", 0);
    field_textarea(r, "supersede_text", "What supersedes it", 0);
    form_close(r, "Mark as superseded");
    form_open(r, id, "revise", "Agree a new target date", 0);
    field_input(r, "revise_target", "New target date", WEB_DATE_HINT ", or TBC",
                "govuk-input--width-10");
    field_textarea(r, "revise_reason", "Reason", 0);
    field_input(r, "agreed_by", "Agreed by (optional)", 0, "govuk-!-width-two-thirds");
    form_close(r, "Agree the date");
  } else {
    form_open(r, id, "reopen", "Reopen", 0);
    field_textarea(r, "reopen_reason", "Why it is reopened", 0);
    form_close(r, "Reopen the recommendation");
  }
  form_open(r, id, "decision", "Record a committee decision", 0);
  field_select(r, "kind", "Decision", decision_names, decision_labels, DECISION_KIND__MAX,
               "Choose a decision");
  field_input(r, "meeting", "Meeting (optional)", "For example, Audit Committee 20 January 2025",
              "govuk-!-width-two-thirds");
  field_textarea(r, "decision_text", "What was decided (optional)", 0);
  field_input(r, "decision_target", "New target date", "Needed for an extension granted",
              "govuk-input--width-10");
  form_close(r, "Record the decision");
}

static void forms_delegate(Req *r, const Rec *x) {
  form_open(r, x->id, "delegate", "Let another owner account update this", 0);
  field_input(r, "delegate_login", "Login of the owner account", 0, "govuk-!-width-one-half");
  form_close(r, "Delegate");
}

/* ---- notifications ---- */

static const char *notice_kind_label(const char *zKind) {
  static const char *const az[][2] = {{"reminder", "Reminder before the target date"},
                                      {"overdue", "Overdue"},
                                      {"monthly", "Still overdue (monthly)"},
                                      {"update", "Update requested for committee"},
                                      {"escalation", "Escalation"},
                                      {"returned", "Returned to the owner"},
                                      {"review", "Waiting for internal audit's review"}};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    if (!strcmp(zKind, az[i][0])) return az[i][1];
  }
  return zKind;
}

/* The e-mail notifications about recommendation x: every one for internal audit
** and directors, those addressed to them for an owner. Read on each request (a
** run sends without writing the journal, so the cached part cannot hold them):
** one indexed query. */
static void notices(Req *r, const Rec *x) {
  Buf *b = &r->body;
  NoticeRow *a = 0;
  int n = 0, shown = 0;
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"notifications\">Notifications</h2>\n");
  if (store_notice_list(r->db, x->id, &a, &n)) {
    html_raw(b, "<p class=\"govuk-body\">The notifications could not be read. Try again.</p>\n");
    return;
  }
  /* An owner sees only what was sent to the name they answer for. */
  const char *zOnly =
      r->user.role == ROLE_OWNER ? (r->user.zOwnerAs[0] ? r->user.zOwnerAs : r->user.zName) : 0;
  for (int i = 0; i < n; i++) {
    const NoticeRow *e = &a[i];
    if (zOnly && strcasecmp(e->zRecipient, zOnly)) continue;
    if (!shown++) {
      html_raw(b, "<div class=\"at-table-wrap\"><table class=\"govuk-table\" id=\"notices\">"
                  "<caption class=\"govuk-table__caption govuk-table__caption--s\">E-mail "
                  "notifications about this recommendation, newest first</caption>"
                  "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                  "<th scope=\"col\" class=\"govuk-table__header\">Notification</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Recipient</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Due</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">State</th>"
                  "<th scope=\"col\" class=\"govuk-table__header\">Sent</th></tr></thead>"
                  "<tbody class=\"govuk-table__body\">\n");
    }
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%D</td>"
                 "<td class=\"govuk-table__cell\">",
                 notice_kind_label(e->zKind), e->zRecipient, page_rec_stamp_day(e->zDue));
    if (!strcmp(e->zState, "sent"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Sent</strong>");
    else if (!strcmp(e->zState, "queued"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Queued</strong>");
    else if (!strcmp(e->zState, "cancelled"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Cancelled</strong>");
    else
      html_appendf(b, "<strong class=\"govuk-tag govuk-tag--grey\">%s</strong>", e->zState);
    html_raw(b, "</td><td class=\"govuk-table__cell\">");
    if (!strcmp(e->zState, "sent")) {
      char zAt[64];
      html_appendf(b, "%s", web_stamp(e->zSentAt, zAt, sizeof zAt));
    }
    html_raw(b, "</td></tr>\n");
  }
  if (shown)
    html_raw(b, "</tbody></table></div>\n");
  else
    html_raw(b, "<p class=\"govuk-body\">No notifications yet.</p>\n");
  store_notice_rows_free(a, n);
}

int page_rec_may_delegate(const Req *r, Access acc) {
  return acc == ACC_AUDIT || (acc == ACC_UPDATE && r->user.role == ROLE_DIRECTOR);
}

/* Where Back goes: the list as it was (its filters, sort and page), when this
** page was opened from it on this site, else the list or My actions. */
static const char *back_url(const Req *r, char *z, size_t nz) {
  if (!cap_allows(CAP_REPORTS, r->user.role)) return "/my";
  return web_back(r, "/recs", z, nz);
}

/* The page's head: what the recommendation is (its audit, named as a link
** only for those who may open the audit, its reference and title). */
static void page_head(Req *r, const Rec *x, const char *zTitle) {
  Buf *b = &r->body;
  char zBack[1024];
  const char *zAudit = x->zAuditTitle ? x->zAuditTitle : "Untitled audit";
  html_appendf(b, "<a href=\"%s\" class=\"govuk-back-link\">Back</a>\n",
               back_url(r, zBack, sizeof zBack));
  web_error_summary(r);
  html_raw(b, "<span class=\"govuk-caption-l\" id=\"rec-audit\">Audit: ");
  if (cap_allows(CAP_AUDIT, r->user.role))
    html_appendf(b, "<a class=\"govuk-link\" href=\"/audits/%lld\">%s</a>", x->auditId, zAudit);
  else
    html_appendf(b, "%s", zAudit);
  if (x->auditDate != DAY_NONE) html_appendf(b, " (%D)", x->auditDate);
  html_appendf(b, "</span><h1 class=\"govuk-heading-l\">%s</h1>\n", zTitle);
}

/* A part of the page that is the same for every viewer of one class, cached
** per generation of the register (every write moves the journal head). */
static void cached(Req *r, const char *zKey, const Rec *x, Day asAt, int audit, int part) {
  const Register *reg = &r->reg;
  Buf *b = &r->body;
  if (web_cache_get(r, reg->gen, zKey, b)) return;
  Buf f = BUF_INIT;
  if (part == 0) {
    state_line(&f, x, reg->pol, asAt);
    page_rec_waiting(r, &f, x);
  } else {
    register_fields(&f, x);
    state_fields(&f, x, reg->pol, asAt);
    page_rec_history(r, &f, x, asAt, audit);
  }
  web_cache_put(r, reg->gen, zKey, f.z ? f.z : "", f.n);
  buf_append(b, f.z ? f.z : "", f.n);
  buf_free(&f);
}

/* Render the page of the route's recommendation (r->rec, r->acc) into r: what
** it is and its state in one line, then what the viewer may do (an owner's
** update form first), then its details and its history, newest first. Keeps
** r->status (a re-shown form's 422 or 409). */
void page_rec_show(Req *r) {
  const Rec *x = r->rec;
  Access acc = r->acc;
  int status = r->status, audit = acc == ACC_AUDIT;
  Day asAt = web_arg_day(r, "as_at", r->today);
  char z[DAY_FMT_MAX], zKey[64];
  Buf t = BUF_INIT;
  if (x->zRef)
    buf_appendf(&t, "Recommendation %s", x->zRef);
  else
    buf_appendf(&t, "Recommendation %lld", x->id);
  if (x->zTitle) buf_appendf(&t, ": %s", x->zTitle);
  web_page_begin(r, buf_cstr(&t));
  Buf *b = &r->body;
  page_head(r, x, buf_cstr(&t));
  buf_free(&t);
  if (audit) { /* looking back is internal audit's work, not the service's */
    html_appendf(b, "<form method=\"get\" action=\"/recs/%lld\" class=\"at-filters at-noprint\">",
                 x->id);
    web_input(r, &(Control){.zName = "as_at",
                            .zLabel = "Show as at",
                            .zHint = WEB_DATE_HINT,
                            .zValue = day_fmt(asAt, DAY_UK, z),
                            .zClass = "govuk-input--width-10"});
    html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Show"
                "</button></form>\n");
  }
  snprintf(zKey, sizeof zKey, "rec:%lld:%d:top", x->id, asAt);
  cached(r, zKey, x, asAt, audit, 0);
  RecState st;
  rec_state_made(x, r->reg.pol, r->today, &st); /* the forms act as the writes do */
  if (acc == ACC_AUDIT || (acc == ACC_UPDATE && (st.open || page_rec_may_delegate(r, acc)))) {
    if (audit || !st.open)
      html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"actions\">What you can do</h2>\n");
    html_raw(b, "<div class=\"at-actions at-noprint\">\n");
    if (acc == ACC_AUDIT)
      html_appendf(b,
                   "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/recs/%lld/edit\" "
                   "id=\"rec-edit\">Change the recommendation<span class=\"govuk-visually-"
                   "hidden\">'s recorded fields</span></a></p>\n",
                   x->id);
    forms_update(r, x, acc, st.open);
    if (acc == ACC_AUDIT) {
      forms_audit(r, x, st.open);
      page_suggest_people(r, &r->reg);
    }
    if (page_rec_may_delegate(r, acc)) forms_delegate(r, x);
    html_raw(b, "</div>\n");
  }
  /* The details and history; the journal's entries for internal audit only. */
  snprintf(zKey, sizeof zKey, "rec:%lld:%d:%s", x->id, asAt, audit ? "audit" : "all");
  cached(r, zKey, x, asAt, audit, 1);
  if (acc >= ACC_UPDATE) notices(r, x);
  web_page_end(r);
  r->status = status;
}

static int rec_get(Req *r) {
  page_rec_show(r);
  return 0;
}

/* A form on the page failed the door's checks: the page again, with the errors. */
int page_rec_invalid(Req *r) {
  page_rec_show(r);
  return 0;
}

/* ---- the route table ---- */

static const Field aRecQuery[] = {
    {"as_at", F_DATE, 0, LIMIT_DATE_TEXT, 0, "The date to show it as at"}, {0}};

const Route page_rec_routes[] = {
    {M_GET, "/recs/#", CAP_SIGNED_IN, ACC_READ, 0, aRecQuery, rec_get, 0,
     "one recommendation: its fields, its state as at a date, its history, and the forms for it"},
    {0}};
