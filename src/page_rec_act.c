/*
** page_rec_act.c: the POSTs of the forms on one recommendation's page: updates
** with evidence, date requests, internal audit's opinions, risk acceptance,
** superseding, closing, reopening, committee decisions, revised targets and
** delegation.
**
** Every change goes through act_* (action.h); who may act on the recommendation
** is the route table's (Route.need, checked before a handler runs), so this file
** only turns refusals into the page again with the reason (page_rec_show).
** Not for: showing the page or its forms (page_rec.c), the review queue's
** decisions (page_review.c), SQL, or the files' bytes (evidence.c).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "evidence.h"
#include "limit.h"
#include "page_rec.h"
#include "store.h"
#include "web.h"

/* Answer an act_* result: on ACT_OK the notice and on to zUrl; a refusal
** (ACT_INVALID 422, ACT_CONFLICT 409) shows the page again through xShow with
** the reason beside zField, writing nothing; ACT_NOT_FOUND is a 404 with the
** reason, anything else a 500 saying zFail. Frees err. */
int page_rec_answer_with(Req *r, int rc, Buf *err, const char *zField, const char *zUrl,
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

static void rec_reshow(Req *r) { page_rec_show(r); }

/* answer_with for the forms on the page of recommendation r->aId[0]. */
static int answer(Req *r, int rc, Buf *err, const char *zField, const char *zNotice) {
  char zUrl[40];
  snprintf(zUrl, sizeof zUrl, "/recs/%lld", r->aId[0]);
  return page_rec_answer_with(r, rc, err, zField, zUrl, zNotice, rec_reshow,
                              "The change could not be saved. Try again in a moment.");
}

static int status_arg(const Req *r, const char *zName) {
  const char *z = web_arg(r, zName);
  return z && z[0] ? status_from_name(z) : -1;
}

const char *page_rec_text_arg(const Req *r, const char *zName) {
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

/* An evidence file could not be written (errno e): a full disk and read-only
** storage are the administrator's to fix, and say so; nothing was recorded. */
static void evidence_failed(Req *r, int e) {
  if (e == ENOSPC || e == EDQUOT)
    web_error(r, 503,
              "The file could not be kept: the server's disk is full. Nothing was recorded. "
              "Tell the administrator, then try again.");
  else if (e == EROFS)
    web_error(r, 503,
              "The file could not be kept: the server's storage is read-only. Nothing was "
              "recorded. Tell the administrator, then try again.");
  else
    web_error(r, 500, "The file could not be kept. Try again in a moment.");
}

static int update_post(Req *r) {
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
  Actor who = web_actor(r);
  /* The quota, before any file is written. */
  for (int i = 0; i < nF; i++) {
    evidence_digest(aF[i]->zValue, aF[i]->nValue, azSha[i]);
    aFile[i] = (EvidenceFile){azSha[i], aF[i]->zFileName, azType[i], (long long)aF[i]->nValue};
  }
  int rc = act_evidence_fits(r->db, &who, nF, aFile, web_evidence_quota(r), &err);
  if (rc == ACT_INVALID) {
    web_field_err_act(r, "evidence", buf_cstr(&err));
    buf_free(&err);
    return reshow(r, 422);
  }
  if (rc) return answer(r, rc, &err, "evidence", 0);
  for (int i = 0; i < nF; i++) {
    int e = evidence_store_new(web_evidence_dir(r), aF[i]->zValue, aF[i]->nValue, azSha[i],
                               &aNew[i], &err);
    if (e) {
      fprintf(stderr, "auditrack: evidence: %s\n", buf_cstr(&err));
      buf_free(&err);
      for (int j = 0; j < i; j++) {
        if (aNew[j]) evidence_discard(web_evidence_dir(r), azSha[j]);
      }
      evidence_failed(r, e);
      return 0;
    }
  }
  Progress u;
  memset(&u, 0, sizeof u);
  u.on = r->today;
  u.zText = (char *)web_arg(r, "narrative");
  u.claimed = status_arg(r, "claimed");
  u.percent = (int)web_arg_int(r, "percent", -1);
  u.zAuthor = (char *)who.zName;
  int submit = r->acc == ACC_UPDATE; /* owners' and directors' updates wait for review */
  rc =
      act_rec_update(r->db, &who, r->aId[0], &u, submit, nF, aFile, web_evidence_quota(r), 0, &err);
  /* Refused: the files this request brought are named by nothing. */
  for (int i = 0; i < nF && rc != ACT_OK; i++) {
    if (aNew[i]) evidence_discard(web_evidence_dir(r), azSha[i]);
  }
  /* A status the service may not claim is refused beside the field that chose it. */
  int badClaim = submit && u.claimed >= 0 && !status_service_may_claim(u.claimed);
  return answer(r, rc, &err, badClaim ? "claimed" : "narrative",
                submit ? "Update sent: internal audit will review it" : "Update recorded");
}

static int date_request_post(Req *r) {
  Day target;
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
  return write_opinion(r, (Status)status_arg(r, "opinion"), page_rec_text_arg(r, "opinion_text"),
                       page_rec_text_arg(r, "next_action"), web_arg_day(r, "follow_up", DAY_NONE),
                       page_rec_text_arg(r, "accepted_by"), "opinion", "Opinion recorded");
}

static int risk_accept_post(Req *r) {
  return write_opinion(r, ST_RISK_ACCEPTED, page_rec_text_arg(r, "risk_why"), 0, DAY_NONE,
                       page_rec_text_arg(r, "risk_by"), "risk_by", "Risk acceptance recorded");
}

static int supersede_post(Req *r) {
  return write_opinion(r, ST_SUPERSEDED, page_rec_text_arg(r, "supersede_text"), 0, DAY_NONE, 0,
                       "supersede_text", "Marked as superseded");
}

static int close_post(Req *r) {
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_close(r->db, &who, r->aId[0], r->today, page_rec_text_arg(r, "close_text"),
                         page_rec_text_arg(r, "evidence_seen"), &err);
  return answer(r, rc, &err, "evidence_seen", "Recommendation closed as implemented");
}

static int reopen_post(Req *r) {
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc =
      act_rec_reopen(r->db, &who, r->aId[0], r->today, page_rec_text_arg(r, "reopen_reason"), &err);
  return answer(r, rc, &err, "reopen_reason", "Recommendation reopened");
}

static int decision_post(Req *r) {
  Day target = DAY_NONE;
  const char *zTarget = page_rec_text_arg(r, "decision_target");
  if (zTarget && target_arg(r, "decision_target", &target)) return reshow(r, 422);
  Decision d;
  memset(&d, 0, sizeof d);
  d.on = r->today;
  d.kind = (DecisionKind)decision_from_name(web_arg(r, "kind"));
  d.zText = (char *)page_rec_text_arg(r, "decision_text");
  d.zMeeting = (char *)page_rec_text_arg(r, "meeting");
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_decision_add(r->db, &who, r->aId[0], &d, zTarget, target, &err);
  return answer(r, rc, &err,
                zTarget || d.kind != DEC_EXTENSION_GRANTED ? "kind" : "decision_target",
                "Committee decision recorded");
}

static int revise_post(Req *r) {
  Revision v;
  memset(&v, 0, sizeof v);
  if (target_arg(r, "revise_target", &v.target)) return reshow(r, 422);
  v.on = r->today;
  v.zTargetText = (char *)web_arg(r, "revise_target");
  v.zReason = (char *)page_rec_text_arg(r, "revise_reason");
  v.zAgreedBy = (char *)page_rec_text_arg(r, "agreed_by");
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_revise(r->db, &who, r->aId[0], &v, &err);
  return answer(r, rc, &err, "revise_target", "New target date agreed");
}

static int delegate_post(Req *r) {
  if (!page_rec_may_delegate(r, r->acc)) {
    web_error(r, 403, "Only internal audit or the recommendation's director can delegate it.");
    return 0;
  }
  User u;
  const char *zLogin = web_arg(r, "delegate_login");
  int lookup = auth_user_get(r->db, 0, zLogin, &u);
  if (lookup < 0) {
    web_error(r, 500, "The accounts could not be read. Try again in a moment.");
    return 0;
  }
  if (lookup || u.role != ROLE_OWNER || u.disabled) {
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

/* ---- the route table ---- */

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
static const Field aOpinion[] = {
    {"opinion", F_ENUM, 1, 40, status_names, "an opinion"},
    {"opinion_text", F_TEXT, 0, LIMIT_COMMENT, 0, "The comment"},
    {"next_action", F_LINE, 0, 300, 0, "The next action"},
    {"follow_up", F_DATE, 0, LIMIT_DATE_TEXT, 0, "The next follow-up date"},
    {"accepted_by", F_LINE, 0, LIMIT_NAME, 0, "Who accepted the risk"},
    {0}};
static const Field aClose[] = {{"close_text", F_TEXT, 0, LIMIT_COMMENT, 0, "The comment"},
                               {"evidence_seen", F_TEXT, 0, LIMIT_COMMENT, 0, "The evidence seen"},
                               {0}};
static const Field aReopen[] = {{"reopen_reason", F_TEXT, 1, LIMIT_REASON, 0, "why it is reopened"},
                                {0}};
static const Field aRiskAccept[] = {
    {"risk_by", F_LINE, 1, LIMIT_NAME, 0, "who accepted the risk"},
    {"risk_why", F_TEXT, 1, LIMIT_REASON, 0, "why the risk is accepted"},
    {0}};
static const Field aSupersede[] = {
    {"supersede_text", F_TEXT, 1, LIMIT_REASON, 0, "what supersedes it"}, {0}};
static const Field aDecision[] = {
    {"kind", F_ENUM, 1, 40, decision_names, "a decision"},
    {"meeting", F_LINE, 0, LIMIT_NAME, 0, "The meeting"},
    {"decision_text", F_TEXT, 0, LIMIT_REASON, 0, "What was decided"},
    {"decision_target", F_TARGET, 0, LIMIT_TARGET_TEXT, 0, "The new target date"},
    {0}};
static const Field aRevise[] = {
    {"revise_target", F_TARGET, 1, LIMIT_TARGET_TEXT, 0, "the new target date"},
    {"revise_reason", F_TEXT, 1, LIMIT_REASON, 0, "the reason"},
    {"agreed_by", F_LINE, 0, LIMIT_NAME, 0, "Who agreed it"},
    {0}};
static const Field aDelegate[] = {
    {"delegate_login", F_LINE, 1, 64, 0, "the login of the owner account"}, {0}};

const Route page_rec_act_routes[] = {
    {M_POST, "/recs/#/update", CAP_UPDATE, ACC_UPDATE, R_UPLOAD, aUpdate, update_post,
     page_rec_invalid, "post an update, with up to 3 evidence files"},
    {M_POST, "/recs/#/date-request", CAP_UPDATE, ACC_UPDATE, 0, aDateRequest, date_request_post,
     page_rec_invalid, "ask for a new target date"},
    {M_POST, "/recs/#/opinion", CAP_AUDIT, ACC_AUDIT, 0, aOpinion, opinion_post, page_rec_invalid,
     "record internal audit's opinion"},
    {M_POST, "/recs/#/close", CAP_AUDIT, ACC_AUDIT, 0, aClose, close_post, page_rec_invalid,
     "close as implemented"},
    {M_POST, "/recs/#/reopen", CAP_AUDIT, ACC_AUDIT, 0, aReopen, reopen_post, page_rec_invalid,
     "reopen"},
    {M_POST, "/recs/#/risk-accept", CAP_AUDIT, ACC_AUDIT, 0, aRiskAccept, risk_accept_post,
     page_rec_invalid, "record that the risk is accepted"},
    {M_POST, "/recs/#/supersede", CAP_AUDIT, ACC_AUDIT, 0, aSupersede, supersede_post,
     page_rec_invalid, "mark as superseded"},
    {M_POST, "/recs/#/decision", CAP_AUDIT, ACC_AUDIT, 0, aDecision, decision_post,
     page_rec_invalid, "record a committee decision"},
    {M_POST, "/recs/#/revise", CAP_AUDIT, ACC_AUDIT, 0, aRevise, revise_post, page_rec_invalid,
     "agree a new target date"},
    {M_POST, "/recs/#/delegate", CAP_UPDATE, ACC_UPDATE, 0, aDelegate, delegate_post,
     page_rec_invalid, "let another owner account update it (internal audit or its director)"},
    {0}};
