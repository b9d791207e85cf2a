/*
** test_report_build.c: each report builder (report_build's kinds, and the list,
** audit and cycle listings) on a small register written through the action layer
** into an in-memory database and loaded as the doors load it. The register is
** chosen so that every section has something to count: recommendations overdue
** in each band and on each rung of the ladder, one closed in the period, one not
** yet due, one confidential, one made after the as-at date, updates in and
** before the period, three reporting cycles. Each report's sections are checked
** by title and row count, and key cells by value. Not for: the renderers
** (test_report.c) or whole outputs (test/golden.sh).
*/
#include <stdio.h>
#include <stdlib.h>

#include "action.h"
#include "report_build.h"
#include "report_chart.h"
#include "report_pack.h"
#include "report_worst.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

typedef struct Fix {
  Db *db;
  Policy pol;
  RecSet set;
  AuditRow *aAudit;
  int nAudit;
  Cycle *aCycle;
  int nCycle;
  ReportInput in;
} Fix;

static long long add_rec(Db *db, long long auditId, const char *zBody, const char *zRisk,
                         const char *zOwner, const char *zDirectorate, Day target, int confidential,
                         Day made) {
  Actor w = {"test", 0};
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = auditId;
  r.zBody = (char *)zBody;
  r.zOwner = (char *)zOwner;
  r.zDirector = "Director of Resources";
  r.zDirectorate = (char *)zDirectorate;
  r.original = target;
  r.confidential = confidential;
  r.existsFrom = made;
  r.riskRank = -1;
  long long id = 0;
  Buf err = BUF_INIT;
  if (act_rec_add(db, &w, &r, zRisk, made, &id, &err))
    t_fail(__FILE__, __LINE__, "%s", buf_cstr(&err));
  buf_free(&err);
  return id;
}

static void fix_open(Fix *x) {
  memset(x, 0, sizeof *x);
  char *zErr = 0;
  if (db_open(":memory:", 1, &x->db, &zErr)) t_fail(__FILE__, __LINE__, "open: %s", zErr);
  Db *db = x->db;
  if (db_begin(db) || store_install_scales(db) || db_commit(db)) {
    t_fail(__FILE__, __LINE__, "init: %s", db_errmsg(db));
  }
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  int rc = 0;
  long long a1 = 0, a2 = 0, a3 = 0, cid = 0;
  AuditIn pay = {"PAY", "Payroll", "Resources", "In-house", D(2023, 1, 10), AS_NONE_GIVEN};
  AuditIn it = {"IT", "IT security", "Digital", "In-house", D(2022, 6, 1), AS_NONE_GIVEN};
  rc |= act_audit_add(db, &w, &pay, &a1, &err);
  rc |= act_audit_add(db, &w, &it, &a2, &err);
  AuditIn proc = {"PRO", "Procurement", "Resources", "In-house", D(2023, 11, 15), AS_LIMITED};
  rc |= act_audit_add(db, &w, &proc, &a3, &err);
  /* As at 31 July 2024, since 30 April 2024. */
  long long r1 = add_rec(db, a1, "Overdue 4 months", "E", "Jane", "Resources", D(2024, 3, 31), 0,
                         D(2023, 1, 10));
  add_rec(db, a1, "Not yet due", "H", "Jane", "Resources", D(2024, 12, 31), 0, D(2023, 1, 10));
  long long r3 = add_rec(db, a2, "Closed in the period", "H", "Raj", "Digital", D(2023, 12, 31), 0,
                         D(2022, 6, 1));
  long long r4 =
      add_rec(db, a2, "Overdue 10 months", "M", "Raj", "Digital", D(2023, 9, 30), 0, D(2022, 6, 1));
  add_rec(db, a2, "Overdue 19 months", "E", "Raj", "Digital", D(2022, 12, 31), 0, D(2022, 6, 1));
  add_rec(db, a1, "Confidential, overdue 1 month", "A", "Jane", "Resources", D(2024, 6, 30), 1,
          D(2023, 1, 10));
  add_rec(db, a1, "Made after the as-at date", "H", "Jane", "Resources", D(2025, 6, 30), 0,
          D(2024, 9, 1));
  long long r8 = add_rec(db, a2, "Closed before the period", 0, "Raj", "Digital", D(2023, 6, 30), 0,
                         D(2022, 6, 1));
  add_rec(db, a3, "A follow-up audit due", "M", "Sam", "Resources", D(2025, 1, 31), 0,
          D(2023, 11, 15));
  rc |= act_rec_close(db, &w, r3, D(2024, 5, 15), "Done", "Seen", &err);
  rc |= act_rec_close(db, &w, r8, D(2023, 7, 1), "Done", "Seen", &err);
  Progress u;
  memset(&u, 0, sizeof u);
  u.claimed = -1;
  u.percent = -1;
  u.on = D(2024, 6, 1);
  u.zText = "Half done";
  rc |= act_rec_update(db, &w, r1, &u, 0, 0, 0, 0, 0, &err);
  u.on = D(2024, 1, 5);
  u.zText = "Started";
  rc |= act_rec_update(db, &w, r4, &u, 0, 0, 0, 0, 0, &err);
  Revision v;
  memset(&v, 0, sizeof v);
  v.on = D(2024, 6, 10);
  v.target = D(2024, 9, 30);
  v.zReason = "Supplier delay";
  rc |= act_rec_revise(db, &w, r4, &v, &err);
  rc |= act_cycle_add(db, &w, "Committee January 2024", D(2024, 1, 23), DAY_NONE, &cid, &err);
  rc |= act_cycle_add(db, &w, "Committee April 2024", D(2024, 4, 30), DAY_NONE, &cid, &err);
  rc |= act_cycle_add(db, &w, "Committee July 2024", D(2024, 7, 31), DAY_NONE, &cid, &err);
  if (rc) t_fail(__FILE__, __LINE__, "register: %s", buf_cstr(&err));
  if (store_policy_load(db, &x->pol) || store_load(db, 0, 1, DAY_NONE, &x->set) ||
      store_audit_list(db, 0, &x->aAudit, &x->nAudit) ||
      store_cycle_list(db, &x->aCycle, &x->nCycle)) {
    t_fail(__FILE__, __LINE__, "load: %s", db_errmsg(db));
  }
  buf_free(&err);
  ReportInput *in = &x->in;
  in->set = &x->set;
  in->pol = &x->pol;
  in->asAt = D(2024, 7, 31);
  in->since = D(2024, 4, 30);
  in->f.status = SF_OPEN;
  in->zOrg = "Test Council";
  in->zCycle = "Committee July 2024";
  in->zPrevCycle = "Committee April 2024";
  in->aAudit = x->aAudit;
  in->nAudit = x->nAudit;
  in->aCycle = x->aCycle;
  in->nCycle = x->nCycle;
}

static void fix_close(Fix *x) {
  recset_free(&x->set);
  store_audit_rows_free(x->aAudit, x->nAudit);
  store_cycles_free(x->aCycle, x->nCycle);
  db_close(x->db);
}

/* The sections of rp as "Title: rows" lines. */
static void shape(const Report *rp, Buf *out) {
  buf_reset(out);
  for (int i = 0; i < rp->nSection; i++) {
    buf_appendf(out, "%s: %d\n", rp->apSection[i]->zTitle, rp->apSection[i]->nRow);
  }
}

/* Build kind on x's input; NULL is a test failure. */
static Report *build(Fix *x, const char *zKind) {
  Buf err = BUF_INIT;
  Report *rp = report_build(zKind, &x->in, &err);
  if (!rp) t_fail(__FILE__, __LINE__, "%s: %s", zKind, buf_cstr(&err));
  buf_free(&err);
  return rp;
}

/* Integer cell (row, col) of section iSec; -999 for anything else. */
static long long cell(const Report *rp, int iSec, int row, int col) {
  const ReportSection *s = rp->apSection[iSec];
  if (row >= s->nRow || col >= s->nCol) return -999;
  const Cell *c = &s->aCell[row * s->nCol + col];
  return c->t == CELL_INT ? c->i : -999;
}

/* Text cell (row, col) of section iSec; "(none)" for an empty cell. */
static const char *text(const Report *rp, int iSec, int row, int col) {
  const ReportSection *s = rp->apSection[iSec];
  if (row >= s->nRow || col >= s->nCol) return "(out of range)";
  const Cell *c = &s->aCell[row * s->nCol + col];
  return c->t == CELL_TEXT && c->z ? c->z : "(none)";
}

static void check_shape(Fix *x, const char *zKind, const char *zWant) {
  Buf b = BUF_INIT;
  Report *rp = build(x, zKind);
  if (rp) shape(rp, &b);
  if (strcmp(buf_cstr(&b), zWant)) {
    t_fail(__FILE__, __LINE__, "%s:\n%s\nexpected:\n%s", zKind, buf_cstr(&b), zWant);
  }
  report_free(rp);
  buf_free(&b);
}

/* The figures the July 2024 paper stated, beside the register as at 31/07/2024 (since
** 30/04/2024). Open: 1, 2, 4, 5, 6, 9 (6). Overdue: 1 (4 months, E), 4 (10, M), 5 (19,
** E), 6 (1, A): 4. Not yet due: 2 and 9. Implemented in the period: 3. Essential
** overdue: 1 and 5; over 12 months only 5. Codes and labels match in any case. */
TEST(report_build_summary_stated_figures) {
  Fix x;
  fix_open(&x);
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  const char *zC = "committee july 2024"; /* any case, as the cycle is found */
  int rc = act_cycle_state(x.db, &w, zC, "open", 0, 0, 6, &err);
  rc |= act_cycle_state(x.db, &w, zC, "overdue", "", "", 5, &err);
  rc |= act_cycle_state(x.db, &w, zC, "overdue", "e", 0, 2, &err);
  rc |= act_cycle_state(x.db, &w, zC, "overdue", "Essential", "OVER 12 MONTHS", 2, &err);
  rc |= act_cycle_state(x.db, &w, zC, "not yet due", 0, 0, 2, &err);
  rc |= act_cycle_state(x.db, &w, zC, "implemented", 0, 0, 1, &err);
  CHECK_INT(rc, 0);
  /* Refused, and nothing written: a band on an open figure; no such cycle. */
  CHECK_INT(act_cycle_state(x.db, &w, zC, "open", 0, "over 12 months", 1, &err), ACT_INVALID);
  CHECK_INT(act_cycle_state(x.db, &w, "Committee May 2024", "open", 0, 0, 1, &err), ACT_NOT_FOUND);
  store_cycles_free(x.aCycle, x.nCycle);
  CHECK_INT(store_cycle_list(x.db, &x.aCycle, &x.nCycle), 0);
  x.in.aCycle = x.aCycle;
  x.in.nCycle = x.nCycle;
  CHECK_INT(x.aCycle[2].nStated, 6);
  Report *rp = build(&x, "summary");
  CHECK_INT(rp->nSection, 6);
  CHECK_STR(rp->apSection[5]->zTitle,
            "Figures the paper of 31 July 2024 stated, beside the register");
  long long aWant[][3] = {{6, 6, 0}, {5, 4, -1}, {2, 2, 0}, {2, 1, -1}, {2, 2, 0}, {1, 1, 0}};
  for (int k = 0; k < 6; k++) {
    for (int c = 0; c < 3; c++) CHECK_INT(cell(rp, 5, k, 1 + c), aWant[k][c]);
  }
  CHECK_STR(text(rp, 5, 0, 0), "Open");
  CHECK_STR(text(rp, 5, 0, 4), "Agrees.");
  CHECK_STR(text(rp, 5, 3, 0), "Essential overdue OVER 12 MONTHS");
  CHECK_STR(text(rp, 5, 1, 4),
            "The paper of 31 July 2024 stated 5 overdue; the register gives 4 as at that date.");
  CHECK_STR(rp->apSection[5]->zNote,
            "2 of the 6 figures the paper of 31 July 2024 stated differ from the register as at "
            "that date; the difference is the register's figure less the paper's.");
  report_free(rp);
  /* A filtered summary leaves them out: they are the whole register's. */
  x.in.f.zDirectorate = "Digital";
  rp = build(&x, "summary");
  CHECK_INT(rp->nSection, 5);
  report_free(rp);
  buf_free(&err);
  fix_close(&x);
}

TEST(report_build_summary_counts) {
  Fix x;
  fix_open(&x);
  check_shape(&x, "summary",
              "Open recommendations by risk rating and overdue band: 6\n"
              "Open recommendations by directorate: 3\n"
              "Open recommendations by theme: 2\n"
              "Movement since the previous report (30 April 2024 to 31 July 2024): 10\n"
              "Flags: 2\n");
  Report *rp = build(&x, "summary");
  /* Total row: not yet due, under 6, 6-12, over 12, overdue, open. */
  CHECK_INT(cell(rp, 0, 5, 1), 2);
  CHECK_INT(cell(rp, 0, 5, 2), 2);
  CHECK_INT(cell(rp, 0, 5, 3), 1);
  CHECK_INT(cell(rp, 0, 5, 4), 1);
  CHECK_INT(cell(rp, 0, 5, 5), 4);
  CHECK_INT(cell(rp, 0, 5, 6), 6);
  CHECK_INT(cell(rp, 0, 0, 6), 2); /* Essential */
  /* By directorate: Digital 2 open, 1 implemented in the period; Resources 4. */
  CHECK_INT(cell(rp, 1, 0, 1), 2);
  CHECK_INT(cell(rp, 1, 0, 4), 1);
  CHECK_INT(cell(rp, 1, 1, 1), 4);
  /* Movement: 7 brought forward, one implemented, 6 carried forward. */
  CHECK_INT(cell(rp, 3, 0, 1), 7);
  CHECK_INT(cell(rp, 3, 1, 1), 0);
  CHECK_INT(cell(rp, 3, 3, 1), 1); /* a count: the note says it is taken away */
  CHECK_INT(cell(rp, 3, 9, 1), 6);
  /* Each kind of closure on its own line: none but the implemented one here. */
  CHECK_STR(text(rp, 3, 4, 0), "Removed: risk accepted");
  CHECK_STR(text(rp, 3, 8, 0), "Removed by the committee");
  for (int k = 4; k <= 8; k++) CHECK_INT(cell(rp, 3, k, 1), 0);
  report_free(rp);
  fix_close(&x);
}

TEST(report_build_outstanding_by_risk_and_band) {
  Fix x;
  fix_open(&x);
  check_shape(&x, "outstanding",
              "Essential: overdue over 12 months: 1\n"
              "Essential: overdue under 6 months: 1\n"
              "High: not yet due: 1\n"
              "Medium: overdue 6-12 months: 1\n"
              "Medium: not yet due: 1\n"
              "Advisory: overdue under 6 months: 1\n");
  Report *rp = build(&x, "outstanding");
  static const long long aId[] = {5, 1, 2, 4, 9, 6};
  for (int i = 0; i < 6; i++) CHECK_INT(cell(rp, i, 0, 0), aId[i]);
  CHECK_INT(cell(rp, 0, 0, 9), 19); /* months overdue */
  CHECK_INT(cell(rp, 3, 0, 9), 10); /* from the original target, not the revised one */
  report_free(rp);
  /* A director's directorate only. */
  x.in.f.zDirectorate = "Digital";
  check_shape(&x, "outstanding",
              "Essential: overdue over 12 months: 1\n"
              "Medium: overdue 6-12 months: 1\n");
  x.in.f.zDirectorate = 0;
  /* One band, as a pack part asks. */
  x.in.f.zBand = "under 6 months";
  check_shape(&x, "outstanding",
              "Essential: overdue under 6 months: 1\n"
              "Advisory: overdue under 6 months: 1\n");
  fix_close(&x);
}

TEST(report_build_implemented_progress_escalations) {
  Fix x;
  fix_open(&x);
  check_shape(&x, "implemented",
              "Confirmed implemented after 30 April 2024, up to 31 July 2024: 1\n");
  Report *rp = build(&x, "implemented");
  CHECK_INT(cell(rp, 0, 0, 0), 3);
  report_free(rp);
  /* Every recommendation open at either date: 7 (the one made later and the one
  ** closed before the period are not). */
  check_shape(&x, "progress", "Position at 30 April 2024 beside position at 31 July 2024: 7\n");
  check_shape(&x, "escalations",
              "18 months or more overdue: Risk written back to the director: 1\n"
              "9 months or more overdue: Director attends Audit Committee: 1\n"
              "6 months or more overdue: Executive member notified: 0\n");
  rp = build(&x, "escalations");
  CHECK_INT(cell(rp, 0, 0, 0), 5);
  CHECK_INT(cell(rp, 1, 0, 0), 4);
  report_free(rp);
  /* In May, recommendation 4 was 8 months overdue and recommendation 5 17. */
  x.in.asAt = D(2024, 5, 15);
  check_shape(&x, "escalations",
              "18 months or more overdue: Risk written back to the director: 0\n"
              "9 months or more overdue: Director attends Audit Committee: 1\n"
              "6 months or more overdue: Executive member notified: 1\n");
  fix_close(&x);
}

/* The escalations report names the first person the rung names, as the register
** writes them (model.h's rung_people, RUNG_AS_WRITTEN): an empty owner stays
** empty, where a message would go to the director instead. */
TEST(report_build_escalations_name_the_register_column) {
  Fix x;
  fix_open(&x);
  Buf e = BUF_INIT;
  CHECK(
      !policy_set(&x.pol, "ladder", "3:owner, director:Chased; 12:executive director:Attends", &e));
  Report *rp = build(&x, "escalations");
  /* 12 months: recommendation 5 (19 months overdue). The executive member is
  ** named first, but none is written in this register: the director. */
  CHECK_INT(cell(rp, 0, 0, 0), 5);
  CHECK_STR(text(rp, 0, 0, 7), "Director of Resources");
  /* 3 to 12 months: recommendations 1 and 4; of the owner and the director the
  ** ladder's order puts the director first. */
  CHECK_INT(cell(rp, 1, 0, 0), 1);
  CHECK_STR(text(rp, 1, 0, 6), "owner, director");
  CHECK_STR(text(rp, 1, 0, 7), "Director of Resources");
  report_free(rp);
  CHECK(!policy_set(&x.pol, "ladder", "3:owner:Chased", &e));
  rp = build(&x, "escalations");
  CHECK_STR(text(rp, 0, 0, 7), "Jane");
  CHECK_STR(text(rp, 0, 1, 7), "Raj");
  report_free(rp);
  for (int i = 0; i < x.set.n; i++) x.set.a[i].zOwner = 0;
  rp = build(&x, "escalations");
  CHECK_INT(cell(rp, 0, 0, 0), 1);
  CHECK_STR(text(rp, 0, 0, 7), "(none)");
  report_free(rp);
  buf_free(&e);
  fix_close(&x);
}

TEST(report_build_follow_up_audits_trend_and_pack) {
  Fix x;
  fix_open(&x);
  check_shape(&x, "follow-up-audits", "Due 6 to 12 months after the final report: 1\n");
  Report *rp = build(&x, "trend");
  CHECK_INT(rp->nSection, 14);
  for (int i = 0; i < rp->nSection; i++) CHECK_INT(rp->apSection[i]->nRow, 3);
  /* Open at each cycle (all risks), then overdue at each cycle. */
  CHECK_INT(cell(rp, 0, 0, 8), 7);
  CHECK_INT(cell(rp, 0, 1, 8), 7);
  CHECK_INT(cell(rp, 0, 2, 8), 6);
  CHECK_INT(cell(rp, 2, 0, 6), 3);
  CHECK_INT(cell(rp, 2, 2, 6), 4);
  report_free(rp);
  /* Fewer than two cycles up to the date: no trend, and a reason. */
  Buf err = BUF_INIT;
  x.in.asAt = D(2024, 3, 1);
  CHECK(report_build("trend", &x.in, &err) == 0);
  CHECK(err.n > 0);
  x.in.asAt = D(2024, 7, 31);
  /* A pack: each part under its heading, then the reconciliation. */
  Pack pack;
  CHECK_INT(pack_parse("brief",
                       "pack title=\"Brief\"\nsummary\noutstanding band=\"over 12 months\"\n"
                       "implemented\ntrend cycles=3\n",
                       &pack, &err),
            0);
  x.in.pack = &pack;
  rp = build(&x, "pack");
  CHECK_INT(rp->nSection, 26);
  CHECK_STR(rp->apSection[6]->zTitle, "Outstanding audit recommendations");
  CHECK_INT(rp->apSection[7]->nRow, 1);
  CHECK_STR(rp->apSection[rp->nSection - 1]->zTitle,
            "Open recommendations in no part of this pack");
  CHECK_INT(rp->apSection[rp->nSection - 1]->nRow, 0);
  report_free(rp);
  pack_free(&pack);
  x.in.pack = 0;
  CHECK(report_build("pack", &x.in, &err) == 0);
  CHECK(report_build("no-such-kind", &x.in, &err) == 0);
  CHECK(strstr(buf_cstr(&err), "no-such-kind") != 0);
  buf_free(&err);
  fix_close(&x);
}

/* empty=omit leaves a part with nothing in it out; by default it states "None." under its
** heading; cover=no reaches the report. Bad values name the line and the key. */
TEST(report_build_pack_empty_parts_and_cover) {
  Fix x;
  fix_open(&x);
  Buf err = BUF_INIT;
  Pack pack;
  CHECK_INT(pack_parse("annex",
                       "pack title=\"Annex\" cover=no\n"
                       "outstanding layout=table directorate=Nowhere empty=omit title=\"Gone\"\n"
                       "outstanding directorate=Nowhere empty=omit title=\"Gone too\"\n"
                       "outstanding directorate=Nowhere title=\"Stated\"\n"
                       "outstanding layout=table directorate=Nowhere empty=none title=\"Table\"\n",
                       &pack, &err),
            0);
  CHECK_INT(pack.noCover, 1);
  x.in.pack = &pack;
  Report *rp = build(&x, "pack");
  CHECK_INT(rp->noCover, 1);
  /* "Stated" (a part heading with its note), "Table" (an empty table), the reconciliation. */
  CHECK_INT(rp->nSection, 3);
  CHECK_STR(rp->apSection[0]->zTitle, "Stated");
  CHECK_STR(rp->apSection[0]->zNote, "None.");
  CHECK_STR(rp->apSection[1]->zTitle, "Table");
  CHECK_INT(rp->apSection[1]->nRow, 0);
  report_free(rp);
  pack_free(&pack);
  x.in.pack = 0;
  CHECK_INT(pack_parse("bad", "outstanding empty=maybe\n", &pack, &err), 1);
  CHECK(strstr(buf_cstr(&err), "line 1: empty= is none") != 0);
  pack_free(&pack);
  buf_reset(&err);
  CHECK_INT(pack_parse("bad", "pack cover=sometimes\nsummary\n", &pack, &err), 1);
  CHECK(strstr(buf_cstr(&err), "line 1: a pack line takes only title= and cover=yes|no") != 0);
  pack_free(&pack);
  buf_free(&err);
  fix_close(&x);
}

TEST(report_build_listings) {
  Fix x;
  fix_open(&x);
  Report *rp = report_rec_list(&x.in, 0);
  CHECK_INT(rp->nSection, 1);
  CHECK_INT(rp->apSection[0]->nRow, 6); /* open as at 31 July */
  report_free(rp);
  x.in.f.status = SF_ALL;
  rp = report_rec_list(&x.in, 1);
  CHECK_INT(rp->apSection[0]->nRow, 8); /* all made by then */
  report_free(rp);
  x.in.f.status = SF_CLOSED;
  rp = report_rec_list(&x.in, 1);
  CHECK_INT(rp->apSection[0]->nRow, 2);
  report_free(rp);
  rp = report_audit_list(x.aAudit, x.nAudit, 0);
  CHECK_INT(rp->apSection[0]->nRow, 3);
  report_free(rp);
  int aCount[] = {4, -1, 1};
  rp = report_audit_list(x.aAudit, x.nAudit, aCount);
  CHECK_INT(rp->apSection[0]->nRow, 2);
  report_free(rp);
  rp = report_cycle_list(x.aCycle, x.nCycle);
  CHECK_INT(rp->apSection[0]->nRow, 3);
  report_free(rp);
  fix_close(&x);
}

/* The dashboard's longest overdue: most months first, the rung's action and the
** people it names, a confidential one withheld; the filter's "overdue" band. */
TEST(report_build_worst_overdue_first) {
  Fix x;
  fix_open(&x);
  Report *rp = report_worst(&x.in, 10);
  CHECK_INT(rp->apSection[0]->nRow, 4);
  CHECK_INT(cell(rp, 0, 0, 6), 19);
  CHECK_INT(cell(rp, 0, 1, 6), 10);
  CHECK_INT(cell(rp, 0, 2, 6), 4);
  CHECK_INT(cell(rp, 0, 3, 6), 1);
  CHECK_STR(text(rp, 0, 0, 1), "Overdue 19 months");
  CHECK_STR(text(rp, 0, 0, 8), "Risk written back to the director");
  CHECK_STR(text(rp, 0, 0, 9), "Director of Resources");
  CHECK_STR(text(rp, 0, 1, 8), "Director attends Audit Committee");
  CHECK_STR(text(rp, 0, 2, 8), "(none)");
  CHECK_STR(text(rp, 0, 3, 1), REPORT_WITHHELD);
  CHECK_STR(rp->apSection[0]->zNote, "4 overdue in all");
  report_free(rp);
  rp = report_worst(&x.in, 2);
  CHECK_INT(rp->apSection[0]->nRow, 2);
  CHECK_INT(cell(rp, 0, 0, 6), 19); /* the two worst kept, in order, not the first two read */
  CHECK_INT(cell(rp, 0, 1, 6), 10);
  CHECK_STR(rp->apSection[0]->zNote, "4 overdue in all");
  report_free(rp);
  rp = report_worst(&x.in, 1);
  CHECK_INT(rp->apSection[0]->nRow, 1);
  CHECK_INT(cell(rp, 0, 0, 6), 19);
  report_free(rp);
  x.in.f.zDirectorate = "Digital";
  rp = report_worst(&x.in, 10);
  CHECK_INT(rp->apSection[0]->nRow, 2);
  report_free(rp);
  x.in.f.zDirectorate = 0;
  int n = 0;
  Filter f = {.zBand = "overdue", .status = SF_OPEN};
  for (int i = 0; i < x.set.n; i++) {
    RecState st;
    rec_state_at(&x.set.a[i], &x.pol, x.in.asAt, &st);
    n += filter_match(&f, &x.pol, &x.set.a[i], &st);
  }
  CHECK_INT(n, 4);
  fix_close(&x);
}

/* The chart data the PDF and the web draw from: categories, values and the axis. */
TEST(report_build_chart_data) {
  Fix x;
  fix_open(&x);
  Report *rp = build(&x, "summary");
  ChartData d;
  CHECK_INT(chart_data_init(&d, rp->apSection[0]), 5); /* the ratings, not the total */
  CHECK_INT(chart_cat_total(&d, 0), 2);                /* Essential */
  CHECK_INT(d.max, 2);
  CHECK_INT(d.step, 1);
  CHECK_INT(d.top, 2);
  chart_data_free(&d);
  CHECK_INT(chart_data_init(&d, rp->apSection[1]), 0); /* no chart hint */
  CHECK_INT(chart_tick_step(6), 1);
  CHECK_INT(chart_tick_step(7), 2);
  CHECK_INT(chart_tick_step(31), 10);
  report_free(rp);
  fix_close(&x);
}

/* The extensions sections: targets revised in the period (recommendation 4's
** revision of 10/06/2024, 30/09/2023 to 30/09/2024), and the date requests
** waiting for a decision at 31/07/2024: made by then, open, and pending or
** decided after it. */
TEST(report_build_date_requests_waiting) {
  Fix x;
  fix_open(&x);
  x.pol.summaryAdds = 1u << SA_EXTENSIONS;
  Submission a[6];
  memset(a, 0, sizeof a);
  struct {
    long long rec;
    SubKind kind;
    Day on, target;
    const char *zState;
    Day decided;
  } w[] = {
      {1, SUBK_DATE, D(2024, 7, 1), D(2024, 12, 31), "pending", DAY_NONE},     /* waiting */
      {4, SUBK_DATE, D(2024, 6, 1), DAY_NONE, "approved", D(2024, 8, 15)},     /* decided after */
      {4, SUBK_DATE, D(2024, 5, 1), D(2024, 8, 1), "refused", D(2024, 5, 20)}, /* decided */
      {1, SUBK_DATE, D(2024, 8, 5), D(2025, 1, 31), "pending", DAY_NONE},      /* asked after */
      {3, SUBK_DATE, D(2024, 5, 1), D(2024, 9, 1), "pending", DAY_NONE},       /* closed */
      {1, SUBK_UPDATE, D(2024, 7, 2), DAY_NONE, "pending", DAY_NONE},          /* an update */
  };
  for (int i = 0; i < 6; i++) {
    a[i].id = i + 1;
    a[i].recId = w[i].rec;
    a[i].kind = w[i].kind;
    a[i].on = w[i].on;
    a[i].target = w[i].target;
    a[i].zState = (char *)w[i].zState;
    a[i].decidedOn = w[i].decided;
    a[i].zAuthor = "Jane";
  }
  x.in.aSub = a;
  x.in.nSub = 6;
  x.in.haveSub = 1;
  Report *rp = build(&x, "summary");
  CHECK_INT(rp->nSection, 7);
  CHECK_STR(rp->apSection[5]->zTitle,
            "Targets revised in the period (after 30 April 2024, up to 31 July 2024)");
  CHECK_INT(rp->apSection[5]->nRow, 1);
  CHECK_INT(cell(rp, 5, 0, 0), 4);
  CHECK_INT(report_cell(rp->apSection[5], 0, 4)->d, D(2023, 9, 30));
  CHECK_INT(report_cell(rp->apSection[5], 0, 5)->d, D(2024, 9, 30));
  CHECK_STR(rp->apSection[6]->zTitle,
            "Requests for a new target date waiting for a decision at 31 July 2024");
  CHECK_INT(rp->apSection[6]->nRow, 2);
  CHECK_INT(cell(rp, 6, 0, 0), 1);
  CHECK_INT(report_cell(rp->apSection[6], 0, 5)->d, D(2024, 12, 31));
  CHECK_INT(report_cell(rp->apSection[6], 0, 6)->d, D(2024, 7, 1));
  CHECK_INT(cell(rp, 6, 1, 0), 4);
  CHECK_STR(text(rp, 6, 1, 5), "TBC");
  CHECK_STR(text(rp, 6, 1, 4), "(none)"); /* its current target is a date: not text */
  CHECK_INT(report_cell(rp->apSection[6], 1, 4)->d, D(2024, 9, 30));
  report_free(rp);
  /* Not read: the section says so and lists nothing. */
  x.in.haveSub = 0;
  rp = build(&x, "summary");
  CHECK_INT(rp->apSection[6]->nRow, 0);
  CHECK_STR(rp->apSection[6]->zNote, "The requests were not read for this report.");
  report_free(rp);
  fix_close(&x);
}

/* A hundred directorates, three recommendations each: each its own row, counted
** three times, in order of name (the groups are found through a hash that grows past
** its first 64 slots, so names seen before the growth must be found after it). */
TEST(report_build_summary_groups_many_directorates) {
  Fix x;
  fix_open(&x);
  enum { N = 100 };
  static char azName[N][24];
  RecSet many = {3 * N, xcalloc(3 * N, sizeof(Rec)), 0};
  const Rec *r1 = 0;
  for (int i = 0; i < x.set.n && !r1; i++)
    if (!strcmp(x.set.a[i].zBody, "Overdue 4 months")) r1 = &x.set.a[i];
  CHECK(r1 != 0);
  for (int i = 0; i < N; i++)
    snprintf(azName[i], sizeof azName[i], "Directorate %03d", (i * 37) % N); /* not in order */
  for (int i = 0; r1 && i < 3 * N; i++) {
    many.a[i] = *r1;
    many.a[i].zDirectorate = azName[i % N];
  }
  x.in.set = &many;
  Buf err = BUF_INIT;
  Report *rp = report_build("summary", &x.in, &err);
  CHECK(rp != 0);
  const ReportSection *s = 0;
  for (int i = 0; rp && i < rp->nSection; i++)
    if (!strcmp(rp->apSection[i]->aCol[0].zKey, "directorate")) s = rp->apSection[i];
  CHECK(s != 0);
  if (s) {
    CHECK_INT(s->nRow, N + 1);
    for (int i = 0; i < N && i < s->nRow; i++) {
      char z[24];
      snprintf(z, sizeof z, "Directorate %03d", i);
      CHECK_STR(report_cell(s, i, 0)->z, z);
      CHECK_INT(report_cell(s, i, 1)->i, 3);
    }
    CHECK_STR(report_cell(s, N, 0)->z, "Total");
    CHECK_INT(report_cell(s, N, 1)->i, 3 * N);
  }
  report_free(rp);
  buf_free(&err);
  free(many.a);
  fix_close(&x);
}
