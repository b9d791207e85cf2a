/*
** page_review.c: internal audit's review queue: the updates and date requests
** waiting for a decision, each with the recommendation's state and evidence,
** and the POST that accepts, rejects, approves or refuses one
** (act_submission_decide).
** Not for: the recommendation's own page and forms (page_rec.c,
** page_rec_act.c), SQL, or the files' bytes (evidence.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "page_rec.h"
#include "store.h"
#include "web.h"

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
    page_rec_row(b, "Audit", s->zAuditTitle);
    page_rec_row(b, "Recommendation", s->zRecBody);
    Buf t = BUF_INIT;
    buf_appendf(&t, "%s on %s", s->zAuthor ? s->zAuthor : "", web_day(s->on, z));
    page_rec_row(b, "Sent by", buf_cstr(&t));
    buf_reset(&t);
    if (isDate) {
      RecState st;
      if (x) rec_state_at(x, reg.pol, r->today, &st);
      page_rec_row(b, "Current target", x ? page_rec_target_text(&st, z) : "");
      buf_appendf(&t, "%s", s->target == DAY_NONE ? "TBC" : web_day(s->target, z2));
      page_rec_row(b, "Date asked for", buf_cstr(&t));
      page_rec_row(b, "Reason", s->zReason);
    } else {
      page_rec_row(b, "Update", s->zText);
      const Progress *u = 0;
      for (int k = 0; x && k < x->nProg && !u; k++) {
        if (x->aProg[k].id == s->progressId) u = &x->aProg[k];
      }
      page_rec_row(b, "Status claimed",
                   u && u->claimed >= 0 ? status_labels[u->claimed] : "Not stated");
      if (u && u->percent >= 0) buf_appendf(&t, "%d%%", u->percent);
      page_rec_row(b, "Percent complete", buf_cstr(&t));
      Evidence *aEv = 0;
      int nEv = 0;
      html_raw(b, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                  "Evidence</dt><dd class=\"govuk-summary-list__value\">");
      if (!store_evidence_list(r->db, s->recId, 0, &aEv, &nEv))
        page_rec_evidence_links(b, aEv, nEv, s->progressId);
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
  int rc = act_submission_decide(r->db, &who, r->aId[0], v, r->today, page_rec_text_arg(r, "note"),
                                 &recId, &err);
  return page_rec_answer_with(r, rc, &err, "note", "/review", azDone[v], review_page,
                              "The decision could not be saved. Try again in a moment.");
}

/* ---- the route table ---- */

static const Field aDecide[] = {
    {"verdict", F_ENUM, 1, 20, sub_verdict_names, "accept, reject, approve or refuse"},
    {"note", F_TEXT, 0, LIMIT_REASON, 0, "The note"},
    {0}};

const Route page_review_routes[] = {
    {M_GET, "/review", CAP_AUDIT, ACC_NONE, 0, 0, review_get, 0, "internal audit's review queue"},
    {M_POST, "/submissions/#/decide", CAP_AUDIT, ACC_NONE, 0, aDecide, decide_post, decide_invalid,
     "accept or reject an update, approve or refuse a date request"},
    {0}};
