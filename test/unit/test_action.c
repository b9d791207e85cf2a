/*
** test_action.c: the rules of the action layer (action.c) on an in-memory
** register: each refusal names its reason, writes nothing and journals nothing;
** each accepted action writes exactly one journal entry. Not for: who may act
** (the route table and its handlers: test_web_dispatch.c, test/e2e/web*.sh).
*/
#include <stdio.h>
#include <stdlib.h>

#include "action.h"
#include "auth.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

typedef struct Reg {
  Db *db;
  Actor who;
  long long rec, recEv; /* an ordinary recommendation, and one that requires evidence */
} Reg;

/* Journal entries so far: the head's number, as `verify` states it ("head: N:HASH"). */
static long long journal_n(Db *db) {
  Buf out = BUF_INIT;
  if (journal_verify(db, 0, 0, &out)) t_fail(__FILE__, __LINE__, "verify: %s", buf_cstr(&out));
  const char *z = strstr(buf_cstr(&out), "head: ");
  long long n = z ? atoll(z + 6) : 0;
  buf_free(&out);
  return n;
}

static void reg_open(Reg *g) {
  memset(g, 0, sizeof *g);
  char *zErr = 0;
  if (db_open(":memory:", 1, &g->db, &zErr)) t_fail(__FILE__, __LINE__, "open: %s", zErr);
  if (db_begin(g->db) || store_install_scales(g->db) ||
      journal_append(g->db, "test", "init", "database", 0, "{}") || db_commit(g->db)) {
    t_fail(__FILE__, __LINE__, "init: %s", db_errmsg(g->db));
  }
  g->who.zName = "Ann Auditor";
  Buf err = BUF_INIT;
  AuditIn a = {"PAY", "Payroll", "Resources", "In-house", D(2024, 1, 10), AS_NONE_GIVEN};
  long long auditId = 0;
  if (act_audit_add(g->db, &g->who, &a, &auditId, &err)) t_fail(__FILE__, __LINE__, "audit");
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = auditId;
  r.zBody = "Reconcile payroll monthly";
  r.zOwner = "Jane Smith";
  r.original = D(2024, 6, 30);
  r.existsFrom = DAY_NONE;
  r.riskRank = -1;
  if (act_rec_add(g->db, &g->who, &r, 0, D(2024, 1, 10), &g->rec, &err)) {
    t_fail(__FILE__, __LINE__, "rec: %s", buf_cstr(&err));
  }
  r.zBody = "Remove leavers' access";
  r.zEvidence = "the access report after the leavers run";
  if (act_rec_add(g->db, &g->who, &r, 0, D(2024, 1, 10), &g->recEv, &err)) {
    t_fail(__FILE__, __LINE__, "rec: %s", buf_cstr(&err));
  }
  buf_free(&err);
}

/* The action's result, its message, and how many journal entries it wrote. */
#define CHECK_ACT(g, call, wantRc, wantMsg, wantEntries)                                           \
  do {                                                                                             \
    Buf err = BUF_INIT;                                                                            \
    long long n0 = journal_n((g)->db);                                                             \
    int rc_ = (call);                                                                              \
    CHECK_INT(rc_, wantRc);                                                                        \
    if ((wantMsg)[0]) CHECK_STR(buf_cstr(&err), wantMsg);                                          \
    CHECK_INT(journal_n((g)->db) - n0, wantEntries);                                               \
    buf_free(&err);                                                                                \
  } while (0)

TEST(act_rec_add_rules) {
  Reg g;
  reg_open(&g);
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = 1;
  r.existsFrom = DAY_NONE;
  r.riskRank = -1;
  long long id = 0;
  CHECK_ACT(&g, act_rec_add(g.db, &g.who, &r, 0, D(2024, 2, 1), &id, &err), ACT_INVALID,
            "a recommendation needs its text", 0);
  r.zBody = "Text";
  r.auditId = 99;
  CHECK_ACT(&g, act_rec_add(g.db, &g.who, &r, 0, D(2024, 2, 1), &id, &err), ACT_NOT_FOUND,
            "no audit 99", 0);
  r.auditId = 1;
  CHECK_ACT(&g, act_rec_add(g.db, &g.who, &r, "ZZ", D(2024, 2, 1), &id, &err), ACT_INVALID,
            "'ZZ' is not a known risk rating", 0);
  CHECK_ACT(&g, act_rec_add(g.db, &g.who, &r, 0, D(2024, 2, 1), &id, &err), ACT_OK, "", 1);
  CHECK_INT(id, 3);
  db_close(g.db);
}

TEST(act_rec_close_needs_evidence_where_required) {
  Reg g;
  reg_open(&g);
  Day on = D(2024, 7, 1);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.recEv, on, "Done", 0, &err), ACT_CONFLICT,
            "recommendation 2 needs evidence to close: the access report after the leavers run "
            "(say what evidence was seen)",
            0);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.recEv, on, "Done", "", &err), ACT_CONFLICT, "", 0);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.recEv, on, 0, "Report of 1 July", &err), ACT_OK, "",
            1);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.recEv, on, 0, "Again", &err), ACT_CONFLICT,
            "recommendation 2 is already closed", 0);
  /* Before it was made, and one that does not exist. */
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.rec, D(2023, 1, 1), 0, 0, &err), ACT_CONFLICT,
            "recommendation 1 had not been made by that date", 0);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, 42, on, 0, 0, &err), ACT_NOT_FOUND,
            "no recommendation 42", 0);
  /* Without evidence required, closing still needs the evidence seen: an empty
  ** comment and evidence is refused, naming the field, and writes nothing. */
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.rec, on, 0, 0, &err), ACT_INVALID,
            "evidence seen is required to close recommendation 1 as implemented: say what "
            "internal audit saw (documents, dates, who showed them)",
            0);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.rec, on, "Done", " \n", &err), ACT_INVALID,
            "evidence seen is required to close recommendation 1 as implemented: say what "
            "internal audit saw (documents, dates, who showed them)",
            0);
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.rec, on, 0, "Minutes of 1 July", &err), ACT_OK, "",
            1);
  /* Reopening needs a reason, and a closed recommendation. */
  CHECK_ACT(&g, act_rec_reopen(g.db, &g.who, g.rec, D(2024, 8, 1), "", &err), ACT_INVALID,
            "say why it is reopened", 0);
  CHECK_ACT(&g, act_rec_reopen(g.db, &g.who, g.rec, D(2024, 8, 1), "Not done after all", &err),
            ACT_OK, "", 1);
  CHECK_ACT(&g, act_rec_reopen(g.db, &g.who, g.rec, D(2024, 8, 2), "Again", &err), ACT_CONFLICT,
            "recommendation 1 is open: nothing to reopen", 0);
  db_close(g.db);
}

TEST(act_rec_review_rules) {
  Reg g;
  reg_open(&g);
  Opinion o;
  memset(&o, 0, sizeof o);
  o.on = D(2024, 7, 1);
  o.nextFollowUp = DAY_NONE;
  o.zAuthor = "Ann Auditor";
  o.status = ST_RISK_ACCEPTED;
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_INVALID,
            "say who accepted the risk", 0);
  o.zAcceptedBy = "";
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_INVALID,
            "say who accepted the risk", 0);
  o.status = ST_IMPLEMENTED;
  o.zAcceptedBy = 0;
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.recEv, &o, &err), ACT_CONFLICT,
            "recommendation 2 requires evidence to close (the access report after the leavers "
            "run): say what was seen",
            0);
  /* Implemented closes it: even where no evidence is named, say what was seen. */
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_INVALID,
            "an opinion of Implemented closes recommendation 1: say in its text what evidence "
            "was seen",
            0);
  o.status = ST_IN_PROGRESS;
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_OK, "", 1);
  o.status = ST_RISK_ACCEPTED;
  o.zAcceptedBy = "Director of Resources";
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_OK, "", 1);
  o.status = ST_IN_PROGRESS;
  o.on = D(2024, 7, 2);
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_CONFLICT,
            "recommendation 1 is closed: reopen it first", 0);
  o.status = ST_SUPERSEDED;
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.rec, &o, &err), ACT_CONFLICT,
            "recommendation 1 is already closed (Risk accepted)", 0);
  o.on = D(2023, 12, 31);
  o.status = ST_IN_PROGRESS;
  CHECK_ACT(&g, act_rec_review(g.db, &g.who, g.recEv, &o, &err), ACT_CONFLICT,
            "recommendation 2 had not been made by that date", 0);
  db_close(g.db);
}

TEST(act_rec_revise_update_and_date_request_rules) {
  Reg g;
  reg_open(&g);
  Revision v;
  memset(&v, 0, sizeof v);
  v.on = D(2024, 6, 1);
  v.target = D(2024, 12, 31);
  CHECK_ACT(&g, act_rec_revise(g.db, &g.who, g.rec, &v, &err), ACT_INVALID,
            "a revised target needs a reason", 0);
  v.zReason = "";
  CHECK_ACT(&g, act_rec_revise(g.db, &g.who, g.rec, &v, &err), ACT_INVALID,
            "a revised target needs a reason", 0);
  v.zReason = "Supplier delay";
  CHECK_ACT(&g, act_rec_revise(g.db, &g.who, 42, &v, &err), ACT_NOT_FOUND, "no recommendation 42",
            0);
  CHECK_ACT(&g, act_rec_revise(g.db, &g.who, g.rec, &v, &err), ACT_OK, "", 1);

  Progress u;
  memset(&u, 0, sizeof u);
  u.on = D(2024, 6, 2);
  u.claimed = -1;
  u.percent = -1;
  CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &err), ACT_INVALID,
            "an update needs its text", 0);
  u.zText = "Half done";
  /* The service reports how far it has got; internal audit's conclusions are not its
  ** to claim, though internal audit may record any status the service gave. */
  u.claimed = ST_RISK_ACCEPTED;
  CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &err), ACT_INVALID,
            "the status reported cannot be 'Risk accepted': only internal audit (or the "
            "committee's decision) records that; report Not started, In progress, Partially "
            "implemented or Implemented",
            0);
  for (int s = ST_NOT_IMPLEMENTED; s < STATUS__MAX; s++) {
    u.claimed = s;
    CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &err), ACT_INVALID, "", 0);
  }
  u.claimed = ST_SUPERSEDED;
  CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 0, 0, 0, 0, 0, &err), ACT_OK, "", 1);
  u.claimed = ST_IMPLEMENTED;
  CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &err), ACT_OK, "", 1);
  u.claimed = -1;
  CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &err), ACT_OK, "", 1);

  Day on = D(2024, 6, 3);
  CHECK_ACT(&g, act_rec_request_date(g.db, &g.who, g.rec, on, D(2025, 3, 31), 0, "", &err),
            ACT_INVALID, "say why a new date is needed", 0);
  CHECK_ACT(&g, act_rec_request_date(g.db, &g.who, g.rec, on, D(2024, 5, 1), 0, "Late", &err),
            ACT_INVALID, "the new date must not be in the past", 0);
  CHECK_ACT(&g, act_rec_request_date(g.db, &g.who, g.rec, on, D(2025, 3, 31), 0, "Late", &err),
            ACT_OK, "", 1);

  /* Once closed, no submitted update and no date request. */
  CHECK_ACT(&g, act_rec_close(g.db, &g.who, g.rec, D(2024, 7, 1), 0, "Seen", &err), ACT_OK, "", 1);
  u.on = D(2024, 7, 2);
  CHECK_ACT(&g, act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &err), ACT_CONFLICT,
            "recommendation 1 is closed: updates are no longer needed", 0);
  CHECK_ACT(
      &g, act_rec_request_date(g.db, &g.who, g.rec, D(2024, 7, 2), D(2025, 3, 31), 0, "Late", &err),
      ACT_CONFLICT, "recommendation 1 is closed", 0);
  db_close(g.db);
}

TEST(act_submission_and_decision_rules) {
  Reg g;
  reg_open(&g);
  Progress u;
  memset(&u, 0, sizeof u);
  u.on = D(2024, 6, 2);
  u.claimed = -1;
  u.percent = -1;
  u.zText = "Done, I think";
  Buf e = BUF_INIT;
  CHECK_INT(act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, 0, &e), 0);
  long long recId = 0;
  Day on = D(2024, 6, 5);
  CHECK_ACT(&g, act_submission_decide(g.db, &g.who, 42, SUB_ACCEPT, on, 0, &recId, &err),
            ACT_NOT_FOUND, "no submission 42", 0);
  CHECK_ACT(&g, act_submission_decide(g.db, &g.who, 1, SUB_REJECT, on, "", &recId, &err),
            ACT_INVALID, "say why, so that the owner knows what to do next", 0);
  CHECK_ACT(&g, act_submission_decide(g.db, &g.who, 1, SUB_APPROVE, on, 0, &recId, &err),
            ACT_INVALID, "", 0);
  CHECK_ACT(&g, act_submission_decide(g.db, &g.who, 1, SUB_ACCEPT, on, 0, &recId, &err), ACT_OK, "",
            1);
  CHECK_INT(recId, g.rec);
  CHECK_ACT(&g, act_submission_decide(g.db, &g.who, 1, SUB_ACCEPT, on, 0, &recId, &err),
            ACT_CONFLICT, "", 0);

  Decision d;
  memset(&d, 0, sizeof d);
  d.on = D(2024, 7, 23);
  d.kind = DEC_EXTENSION_GRANTED;
  CHECK_ACT(&g, act_decision_add(g.db, &g.who, g.rec, &d, 0, DAY_NONE, &err), ACT_INVALID,
            "an extension needs its new target date", 0);
  d.kind = DEC_NOTED;
  CHECK_ACT(&g, act_decision_add(g.db, &g.who, g.rec, &d, "2025-01-31", D(2025, 1, 31), &err),
            ACT_INVALID, "a new target goes with an extension granted only", 0);
  CHECK_ACT(&g, act_decision_add(g.db, &g.who, g.rec, &d, 0, DAY_NONE, &err), ACT_OK, "", 1);
  d.kind = DEC_EXTENSION_GRANTED;
  CHECK_ACT(&g, act_decision_add(g.db, &g.who, g.rec, &d, "2025-01-31", D(2025, 1, 31), &err),
            ACT_OK, "", 1);
  buf_free(&e);
  db_close(g.db);
}

/* Evidence had no quota. act_evidence_fits is the door's check before files are
** written; act_rec_update makes it again under the write lock, so that an upload
** the door let through is refused when another took the space meanwhile. */
TEST(act_rec_update_keeps_evidence_within_quota) {
  Reg g;
  reg_open(&g);
  User acct;
  memset(&acct, 0, sizeof acct);
  strcpy(acct.zLogin, "ann");
  strcpy(acct.zName, "Ann Auditor");
  acct.role = ROLE_AUDITOR;
  Buf e = BUF_INIT;
  CHECK_INT(auth_user_add(g.db, &g.who, &acct, "staple-battery-horse-9", &e), ACT_OK);
  Actor ann = {"Ann Auditor", acct.id}, cli = {"someone", 0};
  EvidenceQuota q = {1 << 20, 3 << 19}; /* 1 MB each, 1.5 MB in all */
  EvidenceFile a = {"aa00000000000000000000000000000000000000000000000000000000000000", "a.pdf",
                    "application/pdf", 600 << 10};
  EvidenceFile b = {"bb00000000000000000000000000000000000000000000000000000000000000", "b.pdf",
                    "application/pdf", 500 << 10};
  EvidenceFile c = {"cc00000000000000000000000000000000000000000000000000000000000000", "c.pdf",
                    "application/pdf", 700 << 10};
  EvidenceFile ab[2] = {a, b};
  Progress u;
  memset(&u, 0, sizeof u);
  u.on = D(2024, 6, 2);
  u.claimed = -1;
  u.percent = -1;
  u.zText = "Reconciliations attached";
  CHECK_INT(act_evidence_fits(g.db, &ann, 1, &b, &q, &e), ACT_OK);
  CHECK_ACT(&g, act_rec_update(g.db, &ann, g.rec, &u, 0, 1, &a, &q, 0, &err), ACT_OK, "", 1);
  /* b fitted a moment ago; with a stored, it no longer does. */
  CHECK_ACT(&g, act_rec_update(g.db, &ann, g.rec, &u, 0, 1, &b, &q, 0, &err), ACT_INVALID,
            "this file (500 KB) would take your evidence files past your limit of 1 MB: you have "
            "used 600 KB. Attach fewer or smaller files, or ask an administrator to raise the "
            "limit",
            0);
  CHECK_ACT(&g, act_rec_update(g.db, &ann, g.rec, &u, 0, 2, ab, &q, 0, &err), ACT_INVALID,
            "these files (1.1 MB) would take your evidence files past your limit of 1 MB: you "
            "have used 600 KB. Attach fewer or smaller files, or ask an administrator to raise "
            "the limit",
            0);
  CHECK_ACT(&g, act_rec_update(g.db, &ann, g.rec, &u, 0, 1, &a, &q, 0, &err), ACT_OK, "", 1);
  CHECK_ACT(&g, act_rec_update(g.db, &cli, g.rec, &u, 0, 1, &b, &q, 0, &err), ACT_OK, "", 1);
  long long used = 0, all = 0;
  CHECK_INT(store_evidence_usage(g.db, acct.id, &used, &all), 0);
  CHECK_INT(used, 600 << 10);
  CHECK_INT(all, 1100 << 10);
  CHECK_ACT(&g, act_rec_update(g.db, &cli, g.rec, &u, 0, 1, &c, &q, 0, &err), ACT_INVALID,
            "this file (700 KB) would take the evidence store past its limit of 1.5 MB: 1.1 MB "
            "is used. Ask an administrator to raise the limit",
            0);
  CHECK_INT(store_evidence_usage(g.db, acct.id, &used, &all), 0);
  CHECK_INT(all, 1100 << 10);
  /* No quota: anything goes. */
  CHECK_ACT(&g, act_rec_update(g.db, &cli, g.rec, &u, 0, 1, &c, 0, 0, &err), ACT_OK, "", 1);
  buf_free(&e);
  db_close(g.db);
}

/* Several fields in one transaction, each journalled as rec set journals one:
** a refused field writes none of them, an unchanged one is not journalled. */
TEST(act_rec_edit_all_or_nothing) {
  Reg g;
  reg_open(&g);
  const char *azF[] = {"owner", "text", "theme"}, *azV[] = {"Bob Jones", " ", "Pay"};
  int aCh[3] = {0}, bad = -1;
  CHECK_ACT(&g, act_rec_edit(g.db, &g.who, g.rec, 3, azF, azV, aCh, &bad, &err), ACT_INVALID,
            "the recommendation's text cannot be empty", 0);
  CHECK_INT(bad, 1);
  RecSet set;
  CHECK_INT(store_load(g.db, g.rec, 1, DAY_NONE, &set), 0);
  CHECK_STR(set.a[0].zOwner, "Jane Smith");
  recset_free(&set);
  azV[1] = "Reconcile payroll weekly";
  CHECK_ACT(&g, act_rec_edit(g.db, &g.who, g.rec, 3, azF, azV, aCh, &bad, &err), ACT_OK, "", 3);
  CHECK_INT(aCh[0] + aCh[1] + aCh[2], 3);
  CHECK_ACT(&g, act_rec_edit(g.db, &g.who, g.rec, 3, azF, azV, aCh, &bad, &err), ACT_OK, "", 0);
  CHECK_INT(aCh[0] + aCh[1] + aCh[2], 0);
  CHECK_ACT(&g, act_rec_set(g.db, &g.who, g.rec, "risk", "H", &err), ACT_OK, "", 1);
  CHECK_ACT(&g, act_rec_set(g.db, &g.who, g.rec, "risk", "nope", &err), ACT_INVALID,
            "'nope' is not a known risk rating", 0);
  CHECK_ACT(&g, act_rec_set(g.db, &g.who, g.rec, "colour", "red", &err), ACT_INVALID, "", 0);
  db_close(g.db);
}

/* Several updates accepted in one go, each its own decision; a date request
** among them refuses them all. */
TEST(act_submissions_accept_all_or_nothing) {
  Reg g;
  reg_open(&g);
  Progress u;
  memset(&u, 0, sizeof u);
  u.on = D(2024, 7, 1);
  u.claimed = -1;
  u.percent = -1;
  u.zText = "Done";
  Buf e = BUF_INIT;
  long long pid = 0;
  CHECK_INT(act_rec_update(g.db, &g.who, g.rec, &u, 1, 0, 0, 0, &pid, &e), ACT_OK);
  CHECK_INT(act_rec_update(g.db, &g.who, g.recEv, &u, 1, 0, 0, 0, &pid, &e), ACT_OK);
  CHECK_INT(act_rec_request_date(g.db, &g.who, g.rec, D(2024, 7, 1), D(2025, 3, 31), "2025-03-31",
                                 "Staff away", &e),
            ACT_OK);
  buf_free(&e);
  long long a1[] = {1, 3}, a2[] = {1, 2, 1}, a3[] = {2};
  int bad = -1;
  CHECK_ACT(&g, act_submissions_accept(g.db, &g.who, 2, a1, D(2024, 7, 2), &bad, &err), ACT_INVALID,
            "a date request is approved or refused, not accepted or rejected", 0);
  CHECK_INT(bad, 1);
  CHECK_ACT(&g, act_submissions_accept(g.db, &g.who, 3, a2, D(2024, 7, 2), &bad, &err), ACT_OK, "",
            2);
  CHECK_ACT(&g, act_submissions_accept(g.db, &g.who, 1, a3, D(2024, 7, 2), &bad, &err),
            ACT_CONFLICT, "this update was already accepted by Ann Auditor", 0);
  db_close(g.db);
}
