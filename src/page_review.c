/*
** page_review.c: internal audit's review queue: the updates and date requests
** waiting for a decision, each with the recommendation's state and evidence,
** and the POSTs that accept, reject, approve or refuse one
** (act_submission_decide), accept several updates at once
** (act_submissions_accept), or accept one and record an opinion or close the
** recommendation in the same step (act_submission_accept_and).
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

/* Is this request the POST of submission id's form whose route ends in zEnd? */
static int posted_here(const Req *r, long long id, const char *zEnd) {
  size_t n = strlen(r->route->zPattern), m = strlen(zEnd);
  return r->method == M_POST && r->aId[0] == id && n >= m &&
         !strcmp(r->route->zPattern + n - m, zEnd);
}

/* A textarea of submission id's card: its id is the field's name on the card
** re-shown with errors (so that the error summary's link finds it), else
** NAME-ID; what was typed is kept there. */
static void card_textarea(Req *r, const char *zName, const char *zLabel, long long id, int here) {
  char zId[48];
  snprintf(zId, sizeof zId, here ? "%s" : "%s-%lld", zName, id);
  int e = here && web_has_err(r, zName);
  html_appendf(&r->body,
               "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s"
               "</label>",
               e ? " govuk-form-group--error" : "", zId, zLabel);
  if (here) web_field_error_html(r, zName);
  html_appendf(&r->body,
               "<textarea class=\"govuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"3\"%s%s%s>%s"
               "</textarea></div>",
               e ? " govuk-textarea--error" : "", zId, zName, e ? " aria-describedby=\"" : "",
               e ? zName : "", e ? "-error\"" : "", here ? web_arg_or(r, zName, "") : "");
}

/* The form that accepts update s and records internal audit's opinion, or
** closes the recommendation, in the same step. */
static void accept_and_form(Req *r, const Submission *s) {
  int here = posted_here(r, s->id, "/accept-and");
  Buf *b = &r->body;
  char zId[48];
  snprintf(zId, sizeof zId, here ? "opinion" : "opinion-%lld", s->id);
  html_appendf(b,
               "<details class=\"govuk-details\"%s><summary class=\"govuk-details__summary\">"
               "<span class=\"govuk-details__summary-text\">Accept and record an opinion, or "
               "close</span></summary><div class=\"govuk-details__text\"><form method=\"post\" "
               "action=\"/submissions/%lld/accept-and\" novalidate>",
               here ? " open" : "", s->id);
  web_csrf_input(r);
  int e = here && web_has_err(r, "opinion");
  html_appendf(b,
               "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">"
               "Opinion (to record one)</label>",
               e ? " govuk-form-group--error" : "", zId);
  if (here) web_field_error_html(r, "opinion");
  html_appendf(b, "<select class=\"govuk-select%s\" id=\"%s\" name=\"opinion\">",
               e ? " govuk-select--error" : "", zId);
  const char *zCur = here ? web_arg_or(r, "opinion", "") : "";
  html_raw(b, "<option value=\"\">Choose an opinion</option>");
  for (int k = 0; k < STATUS__MAX; k++) {
    html_appendf(b, "<option value=\"%s\"%s>%s</option>", status_names[k],
                 !strcmp(zCur, status_names[k]) ? " selected" : "", status_labels[k]);
  }
  html_raw(b, "</select></div>");
  card_textarea(r, "opinion_text", "Comment", s->id, here);
  card_textarea(r, "evidence_seen", "Evidence seen (required to close)", s->id, here);
  html_raw(b, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
              "name=\"then\" value=\"opinion\">Accept and record the opinion</button>"
              "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
              "name=\"then\" value=\"close\">Accept and close as implemented</button></div>"
              "</form></div></details>");
}

/* Was update id ticked in the bulk form being shown again? */
static int chosen(const Req *r, long long id) {
  long long a[64];
  int n = r->method == M_POST ? web_arg_ids(r, "sub", a, 64) : 0;
  for (int i = 0; i < n; i++)
    if (a[i] == id) return 1;
  return 0;
}

/* One submission's card: what was sent, with the recommendation's state, and
** the forms that decide it. */
static void card(Req *r, const Register *reg, const Submission *s, int bulk, int *pFirst) {
  Buf *b = &r->body;
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  const Rec *x = recset_find(reg->set, s->recId);
  int isDate = s->kind == SUBK_DATE;
  int here = posted_here(r, s->id, "/decide"); /* the one re-shown with errors */
  html_appendf(b,
               "<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
               "<h2 class=\"govuk-summary-card__title\">%s on <a class=\"govuk-link\" "
               "href=\"/recs/%lld\">recommendation %s</a></h2></div><div "
               "class=\"govuk-summary-card__content\">",
               isDate ? "Date request" : "Update", s->recId, s->zRecRef ? s->zRecRef : "");
  if (!isDate && bulk) { /* chosen for the bulk form at the top (its form attribute) */
    char zBox[40];       /* the first is "sub", where the error summary's link goes */
    snprintf(zBox, sizeof zBox, *pFirst ? "sub" : "sub-%lld", s->id);
    html_appendf(b,
                 "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                 "data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">"
                 "<input class=\"govuk-checkboxes__input\" id=\"%s\" name=\"sub\" "
                 "type=\"checkbox\" value=\"%lld\" form=\"bulk-accept\"%s><label "
                 "class=\"govuk-label govuk-checkboxes__label\" for=\"%s\">Choose this update "
                 "to accept with others</label></div></div>",
                 zBox, s->id, chosen(r, s->id) ? " checked" : "", zBox);
    *pFirst = 0;
  }
  html_raw(b, "<dl class=\"govuk-summary-list\">");
  page_rec_row(b, "Audit", s->zAuditTitle);
  page_rec_row(b, "Recommendation", s->zRecBody);
  Buf t = BUF_INIT;
  buf_appendf(&t, "%s on %s", s->zAuthor ? s->zAuthor : "", web_day(s->on, z));
  page_rec_row(b, "Sent by", buf_cstr(&t));
  buf_reset(&t);
  if (isDate) {
    RecState st;
    if (x) rec_state_made(x, reg->pol, r->today, &st);
    page_rec_row(b, "Current target", x ? page_rec_target_text(&st, z) : "");
    buf_appendf(&t, "%s", s->target == DAY_NONE ? "TBC" : web_day(s->target, z2));
    page_rec_row(b, "Date asked for", buf_cstr(&t));
    page_rec_row(b, "Reason", s->zReason);
  } else {
    page_rec_row(b, "Update", s->zText);
    if (s->zReason) page_rec_row(b, "Came from", s->zReason); /* import --review */
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
  card_textarea(r, "note",
                isDate ? "Note to the owner (needed to refuse)"
                       : "Note to the owner (needed to reject)",
                s->id, here);
  html_appendf(b,
               "<div class=\"govuk-button-group\">"
               "<button type=\"submit\" class=\"govuk-button\" name=\"verdict\" value=\"%s\">%s"
               "</button><button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
               "name=\"verdict\" value=\"%s\">%s</button></div></form>",
               isDate ? "approve" : "accept", isDate ? "Approve the date" : "Accept the update",
               isDate ? "refuse" : "reject", isDate ? "Refuse the date" : "Reject the update");
  if (!isDate) accept_and_form(r, s);
  html_raw(b, "</div></div>\n");
}

static void review_page(Req *r) {
  Register reg;
  Submission *a = 0;
  int n = 0, status = r->status, nUpd = 0, first = 1;
  if (web_register_acquire(r, &reg)) {
    return;
  }
  if (store_sub_list(r->db, 0, &a, &n)) {
    web_register_release(r, &reg);
    web_error(r, 500, "The review queue could not be read. Try again in a moment.");
    return;
  }
  for (int i = 0; i < n; i++) nUpd += a[i].kind != SUBK_DATE;
  web_page_begin(r, "Review queue");
  Buf *b = &r->body;
  web_error_summary(r);
  html_appendf(b,
               "<h1 class=\"govuk-heading-l\">Review queue</h1>\n<p class=\"govuk-body\">%d "
               "submission%s waiting, oldest first.</p>\n",
               n, n == 1 ? "" : "s");
  if (nUpd > 1) {
    html_raw(b, "<form method=\"post\" action=\"/review/accept\" id=\"bulk-accept\" "
                "class=\"at-noprint\" novalidate><p class=\"govuk-body\">To accept several "
                "updates at once, choose them below, then:</p>");
    web_csrf_input(r);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Accept the chosen updates</button></form>\n");
  }
  for (int i = 0; i < n; i++) card(r, &reg, &a[i], nUpd > 1, &first);
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

/* The most updates one form accepts (a form carries at most FORM_MAX_FIELDS). */
#define BULK_MAX 60

static int bulk_post(Req *r) {
  long long aSub[BULK_MAX];
  int n = web_arg_ids(r, "sub", aSub, BULK_MAX), bad = -1;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_submissions_accept(r->db, &who, n, aSub, r->today, &bad, &err);
  char zDone[64];
  snprintf(zDone, sizeof zDone, "%d update%s accepted", n, n == 1 ? "" : "s");
  if (rc == ACT_OK) { /* the count the action accepted: duplicates once */
    int m = 0;
    for (int i = 0; i < n; i++) {
      int again = 0;
      for (int k = 0; k < i; k++) again |= aSub[k] == aSub[i];
      m += !again;
    }
    snprintf(zDone, sizeof zDone, "%d update%s accepted", m, m == 1 ? "" : "s");
  } else if (bad >= 0) {
    Buf m = BUF_INIT;
    buf_appendf(&m, "submission %lld: %s", aSub[bad], buf_cstr(&err));
    buf_reset(&err);
    buf_puts(&err, buf_cstr(&m));
    buf_free(&m);
  }
  return page_rec_answer_with(r, rc, &err, "sub", "/review", zDone, review_page,
                              "The decisions could not be saved. Try again in a moment.");
}

static int accept_and_post(Req *r) {
  int close = !strcmp(web_arg(r, "then"), "close");
  Opinion o;
  memset(&o, 0, sizeof o);
  o.on = r->today;
  o.nextFollowUp = DAY_NONE;
  o.zText = (char *)page_rec_text_arg(r, "opinion_text");
  Actor who = web_actor(r);
  o.zAuthor = (char *)who.zName;
  Buf err = BUF_INIT;
  if (!close) {
    int st = web_arg(r, "opinion") && web_arg(r, "opinion")[0]
                 ? status_from_name(web_arg(r, "opinion"))
                 : -1;
    if (st < 0) {
      web_field_err(r, "opinion", "Choose an opinion to record with the acceptance");
      r->status = 422;
      review_page(r);
      return 0;
    }
    o.status = (Status)st;
  }
  long long recId = 0;
  int rc = act_submission_accept_and(r->db, &who, r->aId[0], &o,
                                     page_rec_text_arg(r, "evidence_seen"), close, &recId, &err);
  const char *zField = close ? "evidence_seen" : "opinion_text";
  return page_rec_answer_with(r, rc, &err, zField, "/review",
                              close ? "Update accepted and recommendation closed as implemented"
                                    : "Update accepted and opinion recorded",
                              review_page,
                              "The decision could not be saved. Try again in a moment.");
}

/* ---- the route table ---- */

static const Field aDecide[] = {
    {"verdict", F_ENUM, 1, 20, sub_verdict_names, "accept, reject, approve or refuse"},
    {"note", F_TEXT, 0, LIMIT_REASON, 0, "The note"},
    {0}};

static const Field aBulk[] = {{"sub", F_IDS, 1, 999999999999999L, 0, "the updates to accept"}, {0}};
static const char *const azThen[] = {"opinion", "close", 0};
static const Field aAcceptAnd[] = {
    {"then", F_ENUM, 1, 10, azThen, "what to do with the acceptance"},
    {"opinion", F_ENUM, 0, 40, status_names, "an opinion"},
    {"opinion_text", F_TEXT, 0, LIMIT_COMMENT, 0, "The comment"},
    {"evidence_seen", F_TEXT, 0, LIMIT_COMMENT, 0, "The evidence seen"},
    {0}};

const Route page_review_routes[] = {
    {M_GET, "/review", CAP_AUDIT, ACC_NONE, 0, 0, review_get, 0, "internal audit's review queue"},
    {M_POST, "/submissions/#/decide", CAP_AUDIT, ACC_NONE, 0, aDecide, decide_post, decide_invalid,
     "accept or reject an update, approve or refuse a date request"},
    {M_POST, "/review/accept", CAP_AUDIT, ACC_NONE, 0, aBulk, bulk_post, decide_invalid,
     "accept several updates at once (each its own decision; all or nothing)"},
    {M_POST, "/submissions/#/accept-and", CAP_AUDIT, ACC_NONE, 0, aAcceptAnd, accept_and_post,
     decide_invalid, "accept an update and record internal audit's opinion, or close, in one step"},
    {0}};
