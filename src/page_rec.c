/*
** page_rec.c: one recommendation and the work on it: its page (the register
** fields, its state as at a date, the whole history), the forms for what the
** viewer may do to it (updates with evidence, date requests, internal audit's
** opinions, closing, reopening, decisions, revisions, delegation), internal
** audit's review queue, and evidence downloads.
**
** Every change goes through act_* (action.h); this file only decides who sees
** which form and turns refusals into the page again with the reason. The
** figures come from rec_state_at() on the shared register, never computed here.
** Not for: lists and reports of many recommendations (page_list.c, page_report.c), SQL, or
** the files' bytes (evidence.c).
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
#include "web.h"

#define MAX_FILES 3

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

static const char *target_text(const RecState *st, char *z) {
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

static void row(Buf *b, const char *zKey, const char *zValue) {
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s"
               "</dt><dd class=\"govuk-summary-list__value at-pre\">%s</dd></div>\n",
               zKey, zValue && zValue[0] ? zValue : "Not recorded");
}

static void rag_tag(Buf *b, Rag g) {
  static const char *const azClass[] = {"govuk-tag--grey", "govuk-tag--green",
                                                "govuk-tag--yellow", "govuk-tag--red"};
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
  row(b, "Reference", x->zRef);
  row(b, "Title", x->zTitle);
  row(b, "Recommendation", x->zBody);
  if (x->zRiskLabel) buf_appendf(&t, "%s (%s)", x->zRiskLabel, x->zRiskCode ? x->zRiskCode : "");
  row(b, "Risk rating", buf_cstr(&t));
  row(b, "Risk", x->zRiskText);
  row(b, "Agreed action", x->zAction);
  row(b, "Owner", x->zOwner);
  row(b, "Director", x->zDirector);
  row(b, "Executive member", x->zExecMember);
  row(b, "Directorate", x->zDirectorate);
  row(b, "Theme", x->zTheme);
  row(b, "Evidence required to close", x->zEvidence);
  if (x->confidential) row(b, "Confidential", "Yes: the audit committee sees that it exists only");
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
  row(b, "Original target", x->original != DAY_NONE ? web_day(x->original, z) : x->zOriginalText);
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
               "Current target</dt><dd class=\"govuk-summary-list__value\" id=\"current-target\">"
               "%s</dd></div>\n",
               target_text(&st, z));
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
      row(b, "Months overdue", "Not overdue");
    }
    row(b, "Overdue band", rec_band_label(p, &st));
    Buf t = BUF_INIT;
    if (st.rung >= 0) {
      buf_appendf(&t, "%s (%s, at %d months)", p->aRung[st.rung].zAction, p->aRung[st.rung].zWho,
                  p->aRung[st.rung].minMonths);
    }
    row(b, "Escalation", st.rung >= 0 ? buf_cstr(&t) : "None");
    buf_free(&t);
    html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">RAG"
                "</dt><dd class=\"govuk-summary-list__value\">");
    rag_tag(b, st.rag);
    html_raw(b, "</dd></div>\n");
  }
  if (st.pOpinion) {
    Buf t = BUF_INIT;
    buf_appendf(&t, "%s (%s)", status_labels[st.pOpinion->status], web_day(st.pOpinion->on, z));
    row(b, "Internal audit opinion", buf_cstr(&t));
    if (st.pOpinion->zNext) row(b, "Next action", st.pOpinion->zNext);
    buf_free(&t);
  }
  html_raw(b, "</dl>\n");
}

/* One entry of the history: what, when, its kind, and its index in its source. */
typedef struct Event {
  Day on;
  int kind; /* EV_* */
  int idx;
  long long id;
} Event;
enum { EV_MADE, EV_REVISION, EV_UPDATE, EV_OPINION, EV_DECISION, EV_DATE_REQUEST, EV_JOURNAL };

static int event_cmp(const void *a, const void *b) {
  const Event *x = a, *y = b;
  if (x->on != y->on) return x->on < y->on ? -1 : 1;
  if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

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

static void evidence_links(Buf *b, const Evidence *aEv, int nEv, long long progressId) {
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
  int nAll = 1 + x->nRev + x->nProg + x->nOp + x->nDec + nSub + nJ, n = 0;
  Event *a = xcalloc((size_t)nAll, sizeof *a);
  a[n++] = (Event){x->existsFrom, EV_MADE, 0, 0};
  for (int i = 0; i < x->nRev; i++) a[n++] = (Event){x->aRev[i].on, EV_REVISION, i, x->aRev[i].id};
  for (int i = 0; i < x->nProg; i++) a[n++] = (Event){x->aProg[i].on, EV_UPDATE, i, x->aProg[i].id};
  for (int i = 0; i < x->nOp; i++) a[n++] = (Event){x->aOp[i].on, EV_OPINION, i, x->aOp[i].id};
  for (int i = 0; i < x->nDec; i++) a[n++] = (Event){x->aDec[i].on, EV_DECISION, i, x->aDec[i].id};
  for (int i = 0; i < nSub; i++) {
    if (aSub[i].kind == SUBK_DATE) a[n++] = (Event){aSub[i].on, EV_DATE_REQUEST, i, aSub[i].id};
  }
  for (int i = 0; i < nJ; i++) a[n++] = (Event){day_of_stamp(aJ[i].zAt), EV_JOURNAL, i, aJ[i].id};
  /* As at a past date, what had happened by then. */
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (a[i].on == DAY_NONE || a[i].on <= asAt) a[k++] = a[i];
  }
  n = k;
  if (n > 1) qsort(a, (size_t)n, sizeof *a, event_cmp);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\" id=\"history\">History</h2>\n<p class=\"govuk-body\">"
               "%d entr%s, oldest first: revisions, updates, opinions, committee decisions, date "
               "requests and the journal of every change.</p>\n<div class=\"at-timeline\">\n",
               n, n == 1 ? "y" : "ies");
  for (int i = 0; i < n; i++) {
    const Event *e = &a[i];
    switch (e->kind) {
    case EV_MADE:
      entry_open(b, "Recommendation made", e->on, 0);
      para(b, "Original target",
           x->original != DAY_NONE ? web_day(x->original, z) : x->zOriginalText);
      break;
    case EV_REVISION: {
      const Revision *v = &x->aRev[e->idx];
      Buf t = BUF_INIT;
      buf_appendf(&t, "Target revised to %s",
                  v->target == DAY_NONE ? "TBC" : web_day(v->target, z));
      entry_open(b, buf_cstr(&t), e->on, v->zAgreedBy);
      buf_free(&t);
      para(b, "As written", v->zTargetText);
      para(b, "Reason", v->zReason);
      para(b, "Cycle", v->zCycle);
      break;
    }
    case EV_UPDATE: {
      const Progress *u = &x->aProg[e->idx];
      entry_open(b, "Update from the service", e->on, u->zAuthor);
      para(b, 0, u->zText);
      if (u->claimed >= 0) para(b, "Claimed status", status_labels[u->claimed]);
      if (u->percent >= 0) {
        html_appendf(b, "<p class=\"govuk-body\"><strong>Complete:</strong> %d%%</p>", u->percent);
      }
      evidence_links(b, aEv, nEv, u->id);
      for (int j = 0; j < nSub; j++) {
        if (aSub[j].kind == SUBK_UPDATE && aSub[j].progressId == u->id) sub_state(b, &aSub[j]);
      }
      break;
    }
    case EV_OPINION: {
      const Opinion *o = &x->aOp[e->idx];
      Buf t = BUF_INIT;
      buf_appendf(&t, "Internal audit opinion: %s", status_labels[o->status]);
      entry_open(b, buf_cstr(&t), e->on, o->zAuthor);
      buf_free(&t);
      para(b, 0, o->zText);
      para(b, "Risk accepted by", o->zAcceptedBy);
      para(b, "Next action", o->zNext);
      if (o->nextFollowUp != DAY_NONE) para(b, "Next follow-up", web_day(o->nextFollowUp, z));
      break;
    }
    case EV_DECISION: {
      const Decision *d = &x->aDec[e->idx];
      Buf t = BUF_INIT;
      buf_appendf(&t, "Committee decision: %s", decision_labels[d->kind]);
      entry_open(b, buf_cstr(&t), e->on, 0);
      buf_free(&t);
      para(b, "Meeting", d->zMeeting);
      para(b, 0, d->zText);
      break;
    }
    case EV_DATE_REQUEST: {
      const Submission *s = &aSub[e->idx];
      Buf t = BUF_INIT;
      buf_appendf(&t, "New target date asked for: %s",
                  s->target == DAY_NONE ? "TBC" : web_day(s->target, z));
      entry_open(b, buf_cstr(&t), e->on, s->zAuthor);
      buf_free(&t);
      para(b, "Reason", s->zReason);
      sub_state(b, s);
      break;
    }
    default: {
      const JournalRow *j = &aJ[e->idx];
      Buf t = BUF_INIT;
      buf_appendf(&t, "Journal entry %lld: %s", j->id, j->zAction ? j->zAction : "");
      entry_open(b, buf_cstr(&t), e->on, j->zActor);
      buf_free(&t);
      html_appendf(b, "<p class=\"govuk-body-s at-pre\">Recorded %s: <code>%s</code></p>",
                   j->zAt ? j->zAt : "", j->zDetail ? j->zDetail : "");
    }
    }
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
    field_textarea(r, "evidence_seen", x->zEvidence ? "Evidence seen (required)" : "Evidence seen",
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
                                      {"escalation", "Escalation"}};
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
  const char *zOnly = r->user.role == ROLE_OWNER
                          ? (r->user.zOwnerAs[0] ? r->user.zOwnerAs : r->user.zName)
                          : 0;
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

/* May the user delegate this recommendation? Internal audit, or its director. */
static int may_delegate(const Req *r, Access acc) {
  return acc == ACC_AUDIT || (acc == ACC_UPDATE && r->user.role == ROLE_DIRECTOR);
}

/* Render the page for recommendation id into r: 404/403 when the viewer may
** not see it. Keeps r->status (a re-shown form's 422 or 409). */
static void rec_page(Req *r, long long id) {
  Register reg;
  if (web_register_acquire(r, &reg)) {
    return;
  }
  const Rec *x = recset_find(reg.set, id);
  Access acc = x ? web_rec_access(r, x) : ACC_NONE;
  if (acc == ACC_NONE) {
    web_error(r, 404, "If you typed the address, check it is correct.");
    goto end;
  }
  if (acc == ACC_REDACTED) {
    web_error(r, 403,
              "This recommendation is confidential: its detail is withheld from the audit "
              "committee.");
    goto end;
  }
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
  if (!web_cache_get(r, reg.gen, zKey, b)) {
    Buf f = BUF_INIT;
    register_fields(&f, x);
    state_fields(&f, x, reg.pol, asAt);
    history(r, &f, x, asAt);
    web_cache_put(r, reg.gen, zKey, f.z ? f.z : "", f.n);
    buf_append(b, f.z ? f.z : "", f.n);
    buf_free(&f);
  }
  if (acc >= ACC_UPDATE) notices(r, x);
  RecState st;
  rec_state_at(x, reg.pol, r->today, &st);
  if (acc == ACC_AUDIT || (acc == ACC_UPDATE && (st.open || may_delegate(r, acc)))) {
    html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"actions\">What you can do</h2>\n"
                "<div class=\"at-actions at-noprint\">\n");
    forms_update(r, x, acc, st.open);
    if (acc == ACC_AUDIT) forms_audit(r, x, st.open);
    if (may_delegate(r, acc)) forms_delegate(r, x);
    html_raw(b, "</div>\n");
  }
  web_page_end(r);
  r->status = status;
end:
  web_register_release(r, &reg);
}

static int rec_get(Req *r) {
  rec_page(r, r->aId[0]);
  return 0;
}

/* A form on the page failed the door's checks: the page again, with the errors. */
static int rec_invalid(Req *r) {
  rec_page(r, r->aId[0]);
  return 0;
}

/* ---- the actions ---- */

/* Check that the user may act on recommendation r->aId[0] at level need. Returns
** 0, or 1 with the response made (404 when it must stay unseen, 403 otherwise).
** *pAcc (if given) gets the access. */
static int guard(Req *r, Access need, Access *pAcc) {
  Register reg;
  if (web_register_acquire(r, &reg)) {
    return 1;
  }
  const Rec *x = recset_find(reg.set, r->aId[0]);
  Access acc = x ? web_rec_access(r, x) : ACC_NONE;
  web_register_release(r, &reg);
  if (pAcc) *pAcc = acc;
  if (acc < ACC_READ) {
    web_error(r, 404, "If you typed the address, check it is correct.");
    return 1;
  }
  if (acc < need) {
    web_error(r, 403, "Your account does not allow this on this recommendation.");
    return 1;
  }
  return 0;
}

static void review_page(Req *r);

/* Answer an act_* result: on ACT_OK the notice and on to zUrl; a refusal
** (ACT_INVALID 422, ACT_CONFLICT 409) shows the page again through xShow with
** the reason beside zField, writing nothing; ACT_NOT_FOUND is a 404 with the
** reason, anything else a 500 saying zFail. Frees err. */
static int answer_with(Req *r, int rc, Buf *err, const char *zField, const char *zUrl,
                       const char *zNotice, void (*xShow)(Req *), const char *zFail) {
  if (rc == ACT_OK) {
    web_done(r, zUrl, zNotice);
  } else if (rc == ACT_INVALID || rc == ACT_CONFLICT) {
    web_field_err_act(r, zField, buf_cstr(err));
    r->status = web_act_status(rc);
    xShow(r);
  } else {
    web_error(r, web_act_status(rc), rc == ACT_NOT_FOUND ? buf_cstr(err) : zFail);
  }
  buf_free(err);
  return 0;
}

static void rec_reshow(Req *r) { rec_page(r, r->aId[0]); }

/* answer_with for the forms on the page of recommendation r->aId[0]. */
static int answer(Req *r, int rc, Buf *err, const char *zField, const char *zNotice) {
  char zUrl[40];
  snprintf(zUrl, sizeof zUrl, "/recs/%lld", r->aId[0]);
  return answer_with(r, rc, err, zField, zUrl, zNotice, rec_reshow,
                     "The change could not be saved. Try again in a moment.");
}

static int status_arg(const Req *r, const char *zName) {
  const char *z = web_arg(r, zName);
  return z && z[0] ? status_from_name(z) : -1;
}

static const char *text_arg(const Req *r, const char *zName) {
  const char *z = web_arg(r, zName);
  return z && z[strspn(z, " \t\r\n")] ? z : 0;
}

/* Parse a target field (already shaped by F_TARGET) or add its error. */
static int target_arg(Req *r, const char *zName, Day *pDay) {
  Buf err = BUF_INIT;
  int rc = act_parse_target(web_arg(r, zName), pDay, &err);
  if (rc) web_field_err(r, zName, "%s", buf_cstr(&err));
  buf_free(&err);
  return rc;
}

static int reshow(Req *r, int status) {
  r->status = status;
  rec_reshow(r);
  return 0;
}

static int update_post(Req *r) {
  Access acc;
  if (guard(r, ACC_UPDATE, &acc)) return 0;
  /* Every file is checked before anything is kept. */
  const FormField *aF[FORM_MAX_FIELDS];
  const char *azType[FORM_MAX_FIELDS];
  int nF = 0;
  Buf err = BUF_INIT;
  for (int i = 0; i < r->form.n; i++) {
    const FormField *f = &r->form.a[i];
    if (!f->zFileName || (!f->zFileName[0] && f->nValue == 0)) continue; /* no file chosen */
    if (strcmp(f->zName, "evidence") && strcmp(f->zName, "evidence2") &&
        strcmp(f->zName, "evidence3"))
      continue;
    if (nF == MAX_FILES) {
      web_field_err(r, "evidence", "Attach at most %d files to one update", MAX_FILES);
      return reshow(r, 422);
    }
    int rc =
        evidence_check(f->zFileName, f->zValue, f->nValue, web_upload_limit(r), &azType[nF], &err);
    if (rc) {
      web_field_err(r, f->zName, "%s", buf_cstr(&err));
      buf_free(&err);
      return reshow(r, rc == 2 ? 413 : 422);
    }
    aF[nF++] = f;
  }
  EvidenceFile aFile[MAX_FILES];
  char azSha[MAX_FILES][EVIDENCE_SHA_HEX];
  int aNew[MAX_FILES] = {0};
  for (int i = 0; i < nF; i++) {
    if (evidence_store_new(web_evidence_dir(r), aF[i]->zValue, aF[i]->nValue, azSha[i], &aNew[i],
                           &err)) {
      fprintf(stderr, "auditrack: evidence: %s\n", buf_cstr(&err));
      buf_free(&err);
      for (int j = 0; j < i; j++) {
        if (aNew[j]) evidence_discard(web_evidence_dir(r), azSha[j]);
      }
      web_error(r, 500, "The file could not be kept. Try again in a moment.");
      return 0;
    }
    aFile[i] = (EvidenceFile){azSha[i], aF[i]->zFileName, azType[i], (long long)aF[i]->nValue};
  }
  Actor who = web_actor(r);
  Progress u;
  memset(&u, 0, sizeof u);
  u.on = r->today;
  u.zText = (char *)web_arg(r, "narrative");
  u.claimed = status_arg(r, "claimed");
  u.percent = (int)web_arg_int(r, "percent", -1);
  u.zAuthor = (char *)who.zName;
  int submit = acc == ACC_UPDATE; /* owners' and directors' updates wait for review */
  int rc = act_rec_update(r->db, &who, r->aId[0], &u, submit, nF, aFile, 0, &err);
  /* Refused: the files this request brought are named by nothing. */
  for (int i = 0; i < nF && rc != ACT_OK; i++) {
    if (aNew[i]) evidence_discard(web_evidence_dir(r), azSha[i]);
  }
  return answer(r, rc, &err, "narrative",
                submit ? "Update sent: internal audit will review it" : "Update recorded");
}

static int date_request_post(Req *r) {
  Day target;
  if (guard(r, ACC_UPDATE, 0)) return 0;
  if (target_arg(r, "new_target", &target)) return reshow(r, 422);
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_request_date(r->db, &who, r->aId[0], r->today, target, web_arg(r, "new_target"),
                                web_arg(r, "date_reason"), &err);
  return answer(r, rc, &err, "new_target", "Date request sent: internal audit will decide");
}

static int write_opinion(Req *r, Status s, const char *zText, const char *zNext, Day followUp,
                         const char *zAcceptedBy, const char *zField, const char *zNotice) {
  Actor who = web_actor(r);
  Opinion o;
  memset(&o, 0, sizeof o);
  o.on = r->today;
  o.status = s;
  o.zText = (char *)zText;
  o.zNext = (char *)zNext;
  o.zAcceptedBy = (char *)zAcceptedBy;
  o.zAuthor = (char *)who.zName;
  o.nextFollowUp = followUp;
  Buf err = BUF_INIT;
  int rc = act_rec_review(r->db, &who, r->aId[0], &o, &err);
  return answer(r, rc, &err, zField, zNotice);
}

static int opinion_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  return write_opinion(r, (Status)status_arg(r, "opinion"), text_arg(r, "opinion_text"),
                       text_arg(r, "next_action"), web_arg_day(r, "follow_up", DAY_NONE),
                       text_arg(r, "accepted_by"), "opinion", "Opinion recorded");
}

static int risk_accept_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  return write_opinion(r, ST_RISK_ACCEPTED, text_arg(r, "risk_why"), 0, DAY_NONE,
                       text_arg(r, "risk_by"), "risk_by", "Risk acceptance recorded");
}

static int supersede_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  return write_opinion(r, ST_SUPERSEDED, text_arg(r, "supersede_text"), 0, DAY_NONE, 0,
                       "supersede_text", "Marked as superseded");
}

static int close_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_close(r->db, &who, r->aId[0], r->today, text_arg(r, "close_text"),
                         text_arg(r, "evidence_seen"), &err);
  return answer(r, rc, &err, "evidence_seen", "Recommendation closed as implemented");
}

static int reopen_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_reopen(r->db, &who, r->aId[0], r->today, text_arg(r, "reopen_reason"), &err);
  return answer(r, rc, &err, "reopen_reason", "Recommendation reopened");
}

static int decision_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  Day target = DAY_NONE;
  const char *zTarget = text_arg(r, "decision_target");
  if (zTarget && target_arg(r, "decision_target", &target)) return reshow(r, 422);
  Decision d;
  memset(&d, 0, sizeof d);
  d.on = r->today;
  d.kind = (DecisionKind)decision_from_name(web_arg(r, "kind"));
  d.zText = (char *)text_arg(r, "decision_text");
  d.zMeeting = (char *)text_arg(r, "meeting");
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_decision_add(r->db, &who, r->aId[0], &d, zTarget, target, &err);
  return answer(r, rc, &err,
                zTarget || d.kind != DEC_EXTENSION_GRANTED ? "kind" : "decision_target",
                "Committee decision recorded");
}

static int revise_post(Req *r) {
  if (guard(r, ACC_AUDIT, 0)) return 0;
  Revision v;
  memset(&v, 0, sizeof v);
  if (target_arg(r, "revise_target", &v.target)) return reshow(r, 422);
  v.on = r->today;
  v.zTargetText = (char *)web_arg(r, "revise_target");
  v.zReason = (char *)text_arg(r, "revise_reason");
  v.zAgreedBy = (char *)text_arg(r, "agreed_by");
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_revise(r->db, &who, r->aId[0], &v, &err);
  return answer(r, rc, &err, "revise_target", "New target date agreed");
}

static int delegate_post(Req *r) {
  Access acc;
  if (guard(r, ACC_UPDATE, &acc)) return 0;
  if (!may_delegate(r, acc)) {
    web_error(r, 403, "Only internal audit or the recommendation's director can delegate it.");
    return 0;
  }
  User u;
  const char *zLogin = web_arg(r, "delegate_login");
  if (auth_user_get(r->db, 0, zLogin, &u) || u.role != ROLE_OWNER || u.disabled) {
    web_field_err(r, "delegate_login", "There is no owner account with the login %s", zLogin);
    return reshow(r, 422);
  }
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = auth_delegate(r->db, &who, r->aId[0], u.id, 0, &err);
  buf_free(&err);
  if (rc) {
    web_error(r, 500, "The delegation could not be saved. Try again in a moment.");
    return 0;
  }
  char zUrl[40];
  snprintf(zUrl, sizeof zUrl, "/recs/%lld", r->aId[0]);
  web_done(r, zUrl, "Delegated");
  return 0;
}

/* ---- internal audit's review queue ---- */

static void review_page(Req *r) {
  Register reg;
  Submission *a = 0;
  int n = 0, status = r->status;
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  if (web_register_acquire(r, &reg)) {
    return;
  }
  if (store_sub_list(r->db, 0, &a, &n)) {
    web_register_release(r, &reg);
    web_error(r, 500, "The review queue could not be read. Try again in a moment.");
    return;
  }
  web_page_begin(r, "Review queue");
  Buf *b = &r->body;
  web_error_summary(r);
  html_appendf(b,
               "<h1 class=\"govuk-heading-l\">Review queue</h1>\n<p class=\"govuk-body\">%d "
               "submission%s waiting, oldest first.</p>\n",
               n, n == 1 ? "" : "s");
  for (int i = 0; i < n; i++) {
    const Submission *s = &a[i];
    const Rec *x = recset_find(reg.set, s->recId);
    int isDate = s->kind == SUBK_DATE;
    int here = r->method == M_POST && r->aId[0] == s->id; /* the one re-shown with errors */
    html_appendf(
        b,
        "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
        "<h2 class=\"govuk-summary-card__title\">%s on <a class=\"govuk-link\" "
        "href=\"/recs/%lld\">recommendation %s</a></h2></div><div "
        "class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
        isDate ? "Date request" : "Update", s->recId, s->zRecRef ? s->zRecRef : "");
    row(b, "Audit", s->zAuditTitle);
    row(b, "Recommendation", s->zRecBody);
    Buf t = BUF_INIT;
    buf_appendf(&t, "%s on %s", s->zAuthor ? s->zAuthor : "", web_day(s->on, z));
    row(b, "Sent by", buf_cstr(&t));
    buf_reset(&t);
    if (isDate) {
      RecState st;
      if (x) rec_state_at(x, reg.pol, r->today, &st);
      row(b, "Current target", x ? target_text(&st, z) : "");
      buf_appendf(&t, "%s", s->target == DAY_NONE ? "TBC" : web_day(s->target, z2));
      row(b, "Date asked for", buf_cstr(&t));
      row(b, "Reason", s->zReason);
    } else {
      row(b, "Update", s->zText);
      const Progress *u = 0;
      for (int k = 0; x && k < x->nProg && !u; k++) {
        if (x->aProg[k].id == s->progressId) u = &x->aProg[k];
      }
      row(b, "Status claimed", u && u->claimed >= 0 ? status_labels[u->claimed] : "Not stated");
      if (u && u->percent >= 0) buf_appendf(&t, "%d%%", u->percent);
      row(b, "Percent complete", buf_cstr(&t));
      Evidence *aEv = 0;
      int nEv = 0;
      html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                  "Evidence</dt><dd class=\"govuk-summary-list__value\">");
      if (!store_evidence_list(r->db, s->recId, 0, &aEv, &nEv))
        evidence_links(b, aEv, nEv, s->progressId);
      store_evidence_free(aEv, nEv);
      html_raw(b, "</dd></div>");
    }
    buf_free(&t);
    html_appendf(b, "</dl><form method=\"post\" action=\"/submissions/%lld/decide\" novalidate>",
                 s->id);
    web_csrf_input(r);
    const char *zId = here ? "note" : 0;
    char zNoteId[32];
    snprintf(zNoteId, sizeof zNoteId, "note-%lld", s->id);
    int e = here && web_has_err(r, "note");
    html_appendf(
        b,
        "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">Note to "
        "the owner (needed to %s)</label>",
        e ? " govuk-form-group--error" : "", zId ? zId : zNoteId, isDate ? "refuse" : "reject");
    if (here) web_field_error_html(r, "note");
    html_appendf(b,
                 "<textarea class=\"govuk-textarea%s\" id=\"%s\" name=\"note\" rows=\"3\">%s"
                 "</textarea></div><div class=\"govuk-button-group\">"
                 "<button type=\"submit\" class=\"govuk-button\" name=\"verdict\" value=\"%s\">%s"
                 "</button><button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                 "name=\"verdict\" value=\"%s\">%s</button></div></form></div></div>\n",
                 e ? " govuk-textarea--error" : "", zId ? zId : zNoteId,
                 here ? web_arg_or(r, "note", "") : "", isDate ? "approve" : "accept",
                 isDate ? "Approve the date" : "Accept the update", isDate ? "refuse" : "reject",
                 isDate ? "Refuse the date" : "Reject the update");
  }
  web_page_end(r);
  r->status = status;
  store_subs_free(a, n);
  web_register_release(r, &reg);
}

static int review_get(Req *r) {
  review_page(r);
  return 0;
}

static int decide_invalid(Req *r) {
  review_page(r);
  return 0;
}

static int decide_post(Req *r) {
  const char *zV = web_arg(r, "verdict");
  SubVerdict v = SUB_ACCEPT;
  for (int i = 0; sub_verdict_names[i]; i++) {
    if (!strcmp(zV, sub_verdict_names[i])) v = (SubVerdict)i;
  }
  static const char *const azDone[] = {"Update accepted", "Update rejected",
                                                       "New target date approved", "Date refused"};
  _Static_assert(sizeof azDone / sizeof azDone[0] == SUB_VERDICT__MAX, "azDone");
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  long long recId = 0;
  int rc =
      act_submission_decide(r->db, &who, r->aId[0], v, r->today, text_arg(r, "note"), &recId, &err);
  return answer_with(r, rc, &err, "note", "/review", azDone[v], review_page,
                     "The decision could not be saved. Try again in a moment.");
}

/* ---- evidence downloads ---- */

static int evidence_get(Req *r) {
  Evidence *a = 0;
  int n = 0;
  Register reg;
  if (store_evidence_list(r->db, 0, r->aId[0], &a, &n)) {
    web_error(r, 500, "The file could not be read. Try again in a moment.");
    return 0;
  }
  if (web_register_acquire(r, &reg)) { /* answered 500 */
    store_evidence_free(a, n);
    return 0;
  }
  const Rec *x = n == 1 ? recset_find(reg.set, a[0].recId) : 0;
  Access acc = x ? web_rec_access(r, x) : ACC_NONE;
  web_register_release(r, &reg);
  if (acc < ACC_READ) {
    store_evidence_free(a, n);
    web_error(r, 404, "If you typed the address, check it is correct.");
    return 0;
  }
  Buf err = BUF_INIT, body = BUF_INIT;
  if (evidence_read(web_evidence_dir(r), a[0].zSha256, &body, &err)) {
    fprintf(stderr, "auditrack: evidence %lld: %s\n", a[0].id, buf_cstr(&err));
    buf_free(&err);
    buf_free(&body);
    store_evidence_free(a, n);
    web_error(r, 404, "The file is missing from the evidence store. Tell internal audit.");
    return 0;
  }
  buf_free(&r->body);
  r->body = body;
  r->zType = evidence_type(a[0].zType);
  Buf d = BUF_INIT;
  evidence_disposition(a[0].zName, &d);
  free(r->zDisposition);
  r->zDisposition = buf_steal(&d);
  store_evidence_free(a, n);
  return 0;
}

/* ---- the route table ---- */

static const Field aRecQuery[] = {
    {"as_at", F_DATE, 0, LIMIT_DATE_TEXT, 0, "The date to show it as at"}, {0}};
static const Field aUpdate[] = {
    {"narrative", F_TEXT, 1, LIMIT_COMMENT, 0, "what has been done"},
    {"claimed", F_ENUM, 0, 40, status_names, "The status you report"},
    {"percent", F_INT, 0, 100, 0, "Percent complete"},
    /* Sizes are checked against the server's upload limit in the handler. */
    {"evidence", F_FILE, 0, 0, 0, "The evidence file"},
    {"evidence2", F_FILE, 0, 0, 0, "The second evidence file"},
    {"evidence3", F_FILE, 0, 0, 0, "The third evidence file"},
    {0}};
static const Field aDateRequest[] = {
    {"new_target", F_TARGET, 1, LIMIT_TARGET_TEXT, 0, "the new target date"},
    {"date_reason", F_TEXT, 1, LIMIT_REASON, 0, "why a new date is needed"},
    {0}};
static const Field aOpinion[] = {{"opinion", F_ENUM, 1, 40, status_names, "an opinion"},
                                 {"opinion_text", F_TEXT, 0, LIMIT_COMMENT, 0, "The comment"},
                                 {"next_action", F_LINE, 0, 300, 0, "The next action"},
                                 {"follow_up", F_DATE, 0, LIMIT_DATE_TEXT, 0,
                                  "The next follow-up date"},
                                 {"accepted_by", F_LINE, 0, LIMIT_NAME, 0, "Who accepted the risk"},
                                 {0}};
static const Field aClose[] = {{"close_text", F_TEXT, 0, LIMIT_COMMENT, 0, "The comment"},
                               {"evidence_seen", F_TEXT, 0, LIMIT_COMMENT, 0, "The evidence seen"},
                               {0}};
static const Field aReopen[] = {
    {"reopen_reason", F_TEXT, 1, LIMIT_REASON, 0, "why it is reopened"}, {0}};
static const Field aRiskAccept[] = {{"risk_by", F_LINE, 1, LIMIT_NAME, 0, "who accepted the risk"},
                                    {"risk_why", F_TEXT, 1, LIMIT_REASON, 0,
                                     "why the risk is accepted"},
                                    {0}};
static const Field aSupersede[] = {
    {"supersede_text", F_TEXT, 1, LIMIT_REASON, 0, "what supersedes it"}, {0}};
static const Field aDecision[] = {{"kind", F_ENUM, 1, 40, decision_names, "a decision"},
                                  {"meeting", F_LINE, 0, LIMIT_NAME, 0, "The meeting"},
                                  {"decision_text", F_TEXT, 0, LIMIT_REASON, 0, "What was decided"},
                                  {"decision_target", F_TARGET, 0, LIMIT_TARGET_TEXT, 0,
                                   "The new target date"},
                                  {0}};
static const Field aRevise[] = {{"revise_target", F_TARGET, 1, LIMIT_TARGET_TEXT, 0,
                                 "the new target date"},
                                {"revise_reason", F_TEXT, 1, LIMIT_REASON, 0, "the reason"},
                                {"agreed_by", F_LINE, 0, LIMIT_NAME, 0, "Who agreed it"},
                                {0}};
static const Field aDelegate[] = {
    {"delegate_login", F_LINE, 1, 64, 0, "the login of the owner account"}, {0}};
static const Field aDecide[] = {
    {"verdict", F_ENUM, 1, 20, sub_verdict_names, "accept, reject, approve or refuse"},
    {"note", F_TEXT, 0, LIMIT_REASON, 0, "The note"},
    {0}};

const Route page_rec_routes[] = {
    {M_GET, "/recs/#", CAP_SIGNED_IN, 0, aRecQuery, rec_get, 0,
     "one recommendation: its fields, its state as at a date, its history, and the forms for it"},
    {M_POST, "/recs/#/update", CAP_UPDATE, R_UPLOAD, aUpdate, update_post, rec_invalid,
     "post an update, with up to 3 evidence files"},
    {M_POST, "/recs/#/date-request", CAP_UPDATE, 0, aDateRequest, date_request_post, rec_invalid,
     "ask for a new target date"},
    {M_POST, "/recs/#/opinion", CAP_AUDIT, 0, aOpinion, opinion_post, rec_invalid,
     "record internal audit's opinion"},
    {M_POST, "/recs/#/close", CAP_AUDIT, 0, aClose, close_post, rec_invalid,
     "close as implemented"},
    {M_POST, "/recs/#/reopen", CAP_AUDIT, 0, aReopen, reopen_post, rec_invalid, "reopen"},
    {M_POST, "/recs/#/risk-accept", CAP_AUDIT, 0, aRiskAccept, risk_accept_post, rec_invalid,
     "record that the risk is accepted"},
    {M_POST, "/recs/#/supersede", CAP_AUDIT, 0, aSupersede, supersede_post, rec_invalid,
     "mark as superseded"},
    {M_POST, "/recs/#/decision", CAP_AUDIT, 0, aDecision, decision_post, rec_invalid,
     "record a committee decision"},
    {M_POST, "/recs/#/revise", CAP_AUDIT, 0, aRevise, revise_post, rec_invalid,
     "agree a new target date"},
    {M_POST, "/recs/#/delegate", CAP_UPDATE, 0, aDelegate, delegate_post, rec_invalid,
     "let another owner account update it (internal audit or its director)"},
    {M_GET, "/review", CAP_AUDIT, 0, 0, review_get, 0, "internal audit's review queue"},
    {M_POST, "/submissions/#/decide", CAP_AUDIT, 0, aDecide, decide_post, decide_invalid,
     "accept or reject an update, approve or refuse a date request"},
    {M_GET, "/evidence/#", CAP_SIGNED_IN, 0, 0, evidence_get, 0, "download an evidence file"},
    {0}};
