/*
** page_rec.c: one recommendation's page: the register fields, its state as at
** a date, the whole history, its notifications, and the forms for what the
** viewer may do to it (updates with evidence, date requests, internal audit's
** opinions, closing, reopening, decisions, revisions, delegation).
**
** This file only decides who sees which form; the figures come from
** rec_state_at() on the shared register, never computed here.
** Not for: handling the forms' POSTs (page_rec_act.c), internal audit's review
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

/* Day of a "YYYY-MM-DD..." timestamp, or DAY_NONE. */
static Day day_of_stamp(const char *z) {
  int y, m, d;
  if (!z || sscanf(z, "%4d-%2d-%2d", &y, &m, &d) != 3 || !day_valid_ymd(y, m, d)) return DAY_NONE;
  return day_from_ymd(y, m, d);
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
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = zHint,
                          .zValue = web_arg_or(r, zName, ""),
                          .zClass = zWidth});
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

static void register_fields(Buf *b, const Rec *x) {
  char z[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  html_raw(
      b,
      "<h2 class=\"govuk-heading-m\">The recommendation</h2>\n<dl class=\"govuk-summary-list\">");
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Audit"
               "</dt><dd class=\"govuk-summary-list__value\"><a class=\"govuk-link\" "
               "href=\"/audits/%lld\">%s</a>%s%s%s</dd></div>\n",
               x->auditId, x->zAuditTitle ? x->zAuditTitle : "Untitled audit",
               x->auditDate != DAY_NONE ? " (" : "", web_day(x->auditDate, z),
               x->auditDate != DAY_NONE ? ")" : "");
  page_rec_row(b, "Reference", x->zRef);
  RecLine aLine[REC_LINES_MAX];
  int nLine = rec_lines(x, 0, &t, aLine);
  for (int i = 0; i < nLine; i++) page_rec_row(b, aLine[i].zLabel, aLine[i].zValue);
  page_rec_row(b, "Evidence required to close", x->zEvidence);
  if (x->confidential) {
    page_rec_row(b, "Confidential", "Yes: the audit committee sees that it exists only");
  }
  html_raw(b, "</dl>\n");
  buf_free(&t);
}

static void state_fields(Buf *b, const Rec *x, const Policy *p, Day asAt) {
  RecState st;
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  rec_state_at(x, p, asAt, &st);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\" id=\"state\">State as at %s</h2>\n"
               "<dl class=\"govuk-summary-list\">",
               web_day(asAt, z));
  if (!st.exists) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Status</dt><dd class=\"govuk-summary-list__value\">Not yet made (made on %s)"
                 "</dd></div>\n",
                 web_day(x->existsFrom, z));
    html_raw(b, "</dl>\n");
    return;
  }
  html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Status"
              "</dt><dd class=\"govuk-summary-list__value\">");
  if (st.open) {
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Open</strong>");
  } else {
    html_appendf(b, "<strong class=\"govuk-tag govuk-tag--grey\">Closed</strong> on %s (%s)",
                 web_day(st.closedOn, z),
                 st.closedBy >= 0 ? status_labels[st.closedBy]
                                  : "removal approved by the committee");
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
          "%d (from %s)</dd></div>\n",
          st.months, web_day(st.due, z2));
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

/* One entry of the history: what, when, its kind, and its index in its source. */
static void entry_open(Buf *b, const char *zTitle, Day on, const char *zBy) {
  char z[DAY_FMT_MAX];
  html_appendf(b,
               "<div class=\"at-timeline__entry\"><h3 class=\"govuk-heading-s "
               "govuk-!-margin-bottom-1\">%s</h3><p class=\"govuk-body-s govuk-!-margin-bottom-1\">"
               "%s%s%s</p>",
               zTitle, on == DAY_NONE ? "Date not recorded" : web_day(on, z), zBy ? " by " : "",
               zBy ? zBy : "");
}

static void para(Buf *b, const char *zLabel, const char *zText) {
  if (!zText || !zText[0]) return;
  if (zLabel)
    html_appendf(b, "<p class=\"govuk-body at-pre\"><strong>%s:</strong> %s</p>", zLabel, zText);
  else
    html_appendf(b, "<p class=\"govuk-body at-pre\">%s</p>", zText);
}

static void sub_state(Buf *b, const Submission *s) {
  char z[DAY_FMT_MAX];
  const char *zState = s->zState ? s->zState : "pending";
  if (!strcmp(zState, "pending")) {
    html_raw(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--yellow\">Waiting for "
                "internal audit's review</strong></p>");
    return;
  }
  int good = !strcmp(zState, "accepted") || !strcmp(zState, "approved");
  html_appendf(b,
               "<p class=\"govuk-body\"><strong class=\"govuk-tag %s\">%s</strong> by %s on %s</p>",
               good ? "govuk-tag--green" : "govuk-tag--red",
               !strcmp(zState, "accepted")   ? "Accepted"
               : !strcmp(zState, "approved") ? "Approved"
               : !strcmp(zState, "rejected") ? "Rejected"
                                             : "Refused",
               s->zDecidedBy ? s->zDecidedBy : "internal audit", web_day(s->decidedOn, z));
  para(b, "Reviewer's note", s->zNote);
}

void page_rec_evidence_links(Buf *b, const Evidence *aEv, int nEv, long long progressId) {
  int any = 0;
  for (int i = 0; i < nEv; i++) {
    if (aEv[i].progressId != progressId) continue;
    if (!any++) html_raw(b, "<ul class=\"govuk-list\">");
    html_appendf(b,
                 "<li><a class=\"govuk-link\" href=\"/evidence/%lld\">Download %s</a> (%lld KB)"
                 "</li>",
                 aEv[i].id, aEv[i].zName, (aEv[i].size + 1023) / 1024);
  }
  if (any) html_raw(b, "</ul>");
}

static void history(Req *r, Buf *b, const Rec *x, Day asAt) {
  Submission *aSub = 0;
  Evidence *aEv = 0;
  JournalRow *aJ = 0;
  int nSub = 0, nEv = 0, nJ = 0;
  char z[DAY_FMT_MAX];
  if (store_sub_list(r->db, x->id, &aSub, &nSub) ||
      store_evidence_list(r->db, x->id, 0, &aEv, &nEv) ||
      store_journal_rec(r->db, x->id, &aJ, &nJ)) {
    html_raw(b, "<p class=\"govuk-body\">The history could not be read. Try again.</p>");
    goto end;
  }
  /* Date requests and the journal, merged into the recommendation's own
  ** timeline; as at a past date, what had happened by then. */
  TimeEntry *aExtra = xcalloc((size_t)nSub + (size_t)nJ + 1, sizeof *aExtra), *a;
  int nExtra = 0;
  for (int i = 0; i < nSub; i++) {
    if (aSub[i].kind == SUBK_DATE) {
      aExtra[nExtra++] = (TimeEntry){aSub[i].on, TL_DATE_REQUEST, i, aSub[i].id};
    }
  }
  for (int i = 0; i < nJ; i++) {
    aExtra[nExtra++] = (TimeEntry){day_of_stamp(aJ[i].zAt), TL_JOURNAL, i, aJ[i].id};
  }
  int n = rec_timeline(x, aExtra, nExtra, asAt, &a);
  free(aExtra);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\" id=\"history\">History</h2>\n<p class=\"govuk-body\">"
               "%d entr%s, oldest first: revisions, updates, opinions, committee decisions, date "
               "requests and the journal of every change.</p>\n<div class=\"at-timeline\">\n",
               n, n == 1 ? "y" : "ies");
  for (int i = 0; i < n; i++) {
    const TimeEntry *e = &a[i];
    Buf t = BUF_INIT;
    rec_entry_title(x, e, DAY_LONG, &t);
    switch (e->kind) {
    case TL_MADE:
      entry_open(b, buf_cstr(&t), e->on, 0);
      para(b, "Original target",
           x->original != DAY_NONE ? web_day(x->original, z) : x->zOriginalText);
      break;
    case TL_REVISION: {
      const Revision *v = &x->aRev[e->idx];
      entry_open(b, buf_cstr(&t), e->on, v->zAgreedBy);
      para(b, "As written", v->zTargetText);
      para(b, "Reason", v->zReason);
      para(b, "Cycle", v->zCycle);
      break;
    }
    case TL_UPDATE: {
      const Progress *u = &x->aProg[e->idx];
      entry_open(b, buf_cstr(&t), e->on, u->zAuthor);
      para(b, 0, u->zText);
      if (u->claimed >= 0) para(b, "Claimed status", status_labels[u->claimed]);
      if (u->percent >= 0) {
        html_appendf(b, "<p class=\"govuk-body\"><strong>Complete:</strong> %d%%</p>", u->percent);
      }
      page_rec_evidence_links(b, aEv, nEv, u->id);
      for (int j = 0; j < nSub; j++) {
        if (aSub[j].kind == SUBK_UPDATE && aSub[j].progressId == u->id) sub_state(b, &aSub[j]);
      }
      break;
    }
    case TL_OPINION: {
      const Opinion *o = &x->aOp[e->idx];
      entry_open(b, buf_cstr(&t), e->on, o->zAuthor);
      para(b, 0, o->zText);
      para(b, "Risk accepted by", o->zAcceptedBy);
      para(b, "Next action", o->zNext);
      if (o->nextFollowUp != DAY_NONE) para(b, "Next follow-up", web_day(o->nextFollowUp, z));
      break;
    }
    case TL_DECISION: {
      const Decision *d = &x->aDec[e->idx];
      entry_open(b, buf_cstr(&t), e->on, 0);
      para(b, "Meeting", d->zMeeting);
      para(b, 0, d->zText);
      break;
    }
    case TL_DATE_REQUEST: {
      const Submission *s = &aSub[e->idx];
      buf_appendf(&t, "New target date asked for: %s",
                  s->target == DAY_NONE ? "TBC" : web_day(s->target, z));
      entry_open(b, buf_cstr(&t), e->on, s->zAuthor);
      para(b, "Reason", s->zReason);
      sub_state(b, s);
      break;
    }
    default: {
      const JournalRow *j = &aJ[e->idx];
      buf_appendf(&t, "Journal entry %lld: %s", j->id, j->zAction ? j->zAction : "");
      entry_open(b, buf_cstr(&t), e->on, j->zActor);
      html_appendf(b, "<p class=\"govuk-body-s at-pre\">Recorded %s: <code>%s</code></p>",
                   j->zAt ? j->zAt : "", j->zDetail ? j->zDetail : "");
    }
    }
    buf_free(&t);
    html_raw(b, "</div>\n");
  }
  html_raw(b, "</div>\n");
  free(a);
end:
  store_subs_free(aSub, nSub);
  store_evidence_free(aEv, nEv);
  store_journal_rows_free(aJ, nJ);
}

/* ---- the recommendation's page: the forms the viewer may use ---- */

static void forms_update(Req *r, const Rec *x, Access acc, int open) {
  long long id = x->id;
  if (open || acc == ACC_AUDIT) {
    char zHint[160];
    snprintf(zHint, sizeof zHint,
             "PDF, image, text or CSV, Word, Excel or email; up to %ld MB each",
             web_upload_limit(r) >> 20);
    form_open(r, id, "update", "Post an update", 1);
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
    field_file(r, "evidence", "Evidence file (optional)", zHint);
    field_file(r, "evidence2", "Second evidence file (optional)", 0);
    field_file(r, "evidence3", "Third evidence file (optional)", 0);
    form_close(r, "Send the update");
  }
  if (open) {
    form_open(r, id, "date-request", "Ask for a new target date", 0);
    field_input(r, "new_target", "New target date", "For example, 31/03/2025, or TBC",
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
  field_input(r, "follow_up", "Next follow-up date (optional)", "For example, 28/02/2025",
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
    field_input(r, "revise_target", "New target date", "For example, 31/03/2025, or TBC",
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
  field_input(r, "meeting", "Meeting (optional)", "For example, Audit Committee 20 Jan 2025",
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
    char zDue[DAY_FMT_MAX], zSent[DAY_FMT_MAX];
    int hh = 0, mm = 0;
    Day sent = day_of_stamp(e->zSentAt);
    if (sent != DAY_NONE && e->zSentAt[10] == 'T') sscanf(e->zSentAt + 11, "%2d:%2d", &hh, &mm);
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">",
                 notice_kind_label(e->zKind), e->zRecipient, web_day(day_of_stamp(e->zDue), zDue));
    if (!strcmp(e->zState, "sent"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Sent</strong>");
    else if (!strcmp(e->zState, "queued"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Queued</strong>");
    else if (!strcmp(e->zState, "cancelled"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Cancelled</strong>");
    else
      html_appendf(b, "<strong class=\"govuk-tag govuk-tag--grey\">%s</strong>", e->zState);
    html_raw(b, "</td><td class=\"govuk-table__cell\">");
    if (sent != DAY_NONE && e->zSentAt[10] == 'T' && !strcmp(e->zState, "sent")) {
      char zAt[48];
      snprintf(zAt, sizeof zAt, "%s %02d:%02d UTC", web_day(sent, zSent), hh, mm);
      html_appendf(b, "%s", zAt);
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

/* Render the page of the route's recommendation (r->rec, r->acc) into r. Keeps
** r->status (a re-shown form's 422 or 409). */
void page_rec_show(Req *r) {
  const Rec *x = r->rec;
  Access acc = r->acc;
  const Register *reg = &r->reg;
  int status = r->status;
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
  html_appendf(b, "<a href=\"%s\" class=\"govuk-back-link\">Back</a>\n",
               cap_allows(CAP_REPORTS, r->user.role) ? "/recs" : "/my");
  web_error_summary(r);
  html_appendf(b,
               "<span class=\"govuk-caption-l\">%s</span><h1 class=\"govuk-heading-l\">%s</h1>\n",
               x->zAuditTitle ? x->zAuditTitle : "", buf_cstr(&t));
  buf_free(&t);
  html_appendf(b, "<form method=\"get\" action=\"/recs/%lld\" class=\"at-filters at-noprint\">",
               x->id);
  web_input(r, &(Control){.zName = "as_at",
                          .zLabel = "Show as at",
                          .zValue = web_day(asAt, z),
                          .zClass = "govuk-input--width-10"});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">Show</button>"
              "</form>\n");
  /* The record itself is the same for every viewer allowed to read it: cached per
  ** generation of the register (every write moves the journal head). */
  snprintf(zKey, sizeof zKey, "rec:%lld:%d", x->id, asAt);
  if (!web_cache_get(r, reg->gen, zKey, b)) {
    Buf f = BUF_INIT;
    register_fields(&f, x);
    state_fields(&f, x, reg->pol, asAt);
    history(r, &f, x, asAt);
    web_cache_put(r, reg->gen, zKey, f.z ? f.z : "", f.n);
    buf_append(b, f.z ? f.z : "", f.n);
    buf_free(&f);
  }
  if (acc >= ACC_UPDATE) notices(r, x);
  RecState st;
  rec_state_at(x, reg->pol, r->today, &st);
  if (acc == ACC_AUDIT || (acc == ACC_UPDATE && (st.open || page_rec_may_delegate(r, acc)))) {
    html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"actions\">What you can do</h2>\n"
                "<div class=\"at-actions at-noprint\">\n");
    forms_update(r, x, acc, st.open);
    if (acc == ACC_AUDIT) forms_audit(r, x, st.open);
    if (page_rec_may_delegate(r, acc)) forms_delegate(r, x);
    html_raw(b, "</div>\n");
  }
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
