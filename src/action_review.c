/*
** action_review.c: internal audit's decisions on the review queue: one
** submission accepted, rejected, approved or refused; several updates accepted
** at once; an update accepted with an opinion recorded or the recommendation
** closed in the same step. Each decision is journalled as its own
** submission.decide, and a step that makes several is all or nothing.
** Not for: submitting (act_rec_update, act_rec_request_date in action.c),
** the queue's pages (page_review.c), or SQL (store_work.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_int.h"

const char *const sub_verdict_names[] = {"accept", "reject", "approve", "refuse", 0};
_Static_assert(sizeof sub_verdict_names / sizeof sub_verdict_names[0] == SUB_VERDICT__MAX + 1,
               "verdicts");

static const char *const azState[] = {"accepted", "rejected", "approved", "refused"};
_Static_assert(sizeof azState / sizeof azState[0] == SUB_VERDICT__MAX, "azState");

/* May submission subId have verdict v? Reads it into *x (the caller clears it
** with store_sub_clear, whatever the answer). */
static int sub_check(Db *db, long long subId, SubVerdict v, Day on, const char *zNote,
                     Submission *x, Buf *err) {
  if (store_sub_get(db, subId, x)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (!x->id) return buf_fail(err, ACT_NOT_FOUND, "no submission %lld", subId);
  int wantDate = v == SUB_APPROVE || v == SUB_REFUSE;
  if (strcmp(x->zState, "pending")) {
    return buf_fail(err, ACT_CONFLICT, "this %s was already %s by %s",
                    x->kind == SUBK_DATE ? "date request" : "update", x->zState,
                    x->zDecidedBy ? x->zDecidedBy : "someone");
  }
  if (wantDate != (x->kind == SUBK_DATE)) {
    return buf_fail(err, ACT_INVALID, "%s is %s, not %s",
                    x->kind == SUBK_DATE ? "a date request" : "an update",
                    x->kind == SUBK_DATE ? "approved or refused" : "accepted or rejected",
                    x->kind == SUBK_DATE ? "accepted or rejected" : "approved or refused");
  }
  if ((v == SUB_REJECT || v == SUB_REFUSE) && (!zNote || !zNote[0])) {
    return buf_fail(err, ACT_INVALID, "say why, so that the owner knows what to do next");
  }
  if (v != SUB_APPROVE) return ACT_OK;
  RecSet set;
  RecState st;
  int rc = action_state_of(db, x->recId, on, &set, &st, err);
  if (rc) return rc;
  recset_free(&set);
  return st.open ? ACT_OK : buf_fail(err, ACT_CONFLICT, "recommendation %lld is closed", x->recId);
}

/* Write verdict v on x in the transaction begun, journalled: the last write
** commits it (act_finish), any other adds its entry (act_journal). On failure
** before the last, the caller abandons the transaction. */
static int sub_write(Db *db, const Actor *who, const Submission *x, SubVerdict v, Day on,
                     const char *zNote, int last, Buf *err) {
  int w = store_sub_decide(db, x->id, azState[v], who->zName, on, zNote);
  if (!w && v == SUB_APPROVE) {
    Revision r;
    memset(&r, 0, sizeof r);
    r.on = on;
    r.target = x->target;
    r.zTargetText = x->zTargetText;
    r.zReason = x->zReason;
    r.zAgreedBy = (char *)who->zName;
    w = store_revision_add(db, x->recId, &r);
  }
  if (w) buf_puts(err, db_errmsg(db));
  Buf j = BUF_INIT;
  action_jid(&j, "submission", x->id);
  action_jkv(&j, "verdict", azState[v]);
  action_jkv(&j, "note", zNote);
  if (v == SUB_APPROVE) action_jkv(&j, "target", x->zTargetText);
  const char *zDetail = action_jend(&j);
  int rc = last ? act_finish(db, w, who, "submission.decide", "rec", x->recId, zDetail, err)
           : w  ? ACT_ERROR
                : act_journal(db, who, "submission.decide", "rec", x->recId, zDetail, err);
  buf_free(&j);
  if (rc == ACT_ERROR && w && strstr(buf_cstr(err), "already been decided")) rc = ACT_CONFLICT;
  return rc;
}

int act_submission_decide(Db *db, const Actor *who, long long subId, SubVerdict v, Day on,
                          const char *zNote, long long *pRecId, Buf *err) {
  Submission x;
  int rc = sub_check(db, subId, v, on, zNote, &x, err);
  *pRecId = x.recId;
  if (rc == ACT_OK && !(rc = act_begin(db, err))) rc = sub_write(db, who, &x, v, on, zNote, 1, err);
  store_sub_clear(&x);
  return rc;
}

int act_submissions_accept(Db *db, const Actor *who, int n, const long long *aSub, Day on,
                           int *pBad, Buf *err) {
  Submission *a = xmalloc(sizeof(Submission) * (size_t)(n + 1));
  int rc = n ? ACT_OK : buf_fail(err, ACT_INVALID, "choose at least one update to accept");
  int m = 0;
  *pBad = -1;
  for (int i = 0; i < n && !rc; i++) {
    int again = 0;
    for (int k = 0; k < i; k++) again |= aSub[k] == aSub[i];
    if (again) continue; /* the same update twice is accepted once */
    rc = sub_check(db, aSub[i], SUB_ACCEPT, on, 0, &a[m++], err);
    if (rc) *pBad = i;
  }
  if (!rc) rc = act_begin(db, err);
  for (int i = 0; i < m && !rc; i++) {
    rc = sub_write(db, who, &a[i], SUB_ACCEPT, on, 0, i == m - 1, err);
    if (rc && i < m - 1) act_abandon(db);
  }
  for (int i = 0; i < m; i++) store_sub_clear(&a[i]);
  free(a);
  return rc;
}

int act_submission_accept_and(Db *db, const Actor *who, long long subId, const Opinion *o,
                              const char *zEvidence, int close, long long *pRecId, Buf *err) {
  Submission x;
  Opinion c;
  Buf t = BUF_INIT;
  int rc = sub_check(db, subId, SUB_ACCEPT, o->on, 0, &x, err);
  *pRecId = x.recId;
  if (!rc) {
    rc = close ? action_close_check(db, who, x.recId, o->on, o->zText, zEvidence, &c, &t, err)
               : action_review_check(db, x.recId, o, err);
  }
  const Opinion *w = close ? &c : o;
  if (!rc && !(rc = act_begin(db, err))) {
    /* The acceptance's entry, then the opinion's, which commits both. */
    rc = sub_write(db, who, &x, SUB_ACCEPT, o->on, 0, 0, err);
    if (rc) {
      act_abandon(db);
    } else {
      Buf j = BUF_INIT;
      int s = store_opinion_add(db, x.recId, w);
      action_opinion_detail(&j, w);
      rc = act_finish(db, s, who, close ? "rec.close" : "rec.review", "rec", x.recId,
                      action_jend(&j), err);
      buf_free(&j);
    }
  }
  store_sub_clear(&x);
  buf_free(&t);
  return rc;
}
