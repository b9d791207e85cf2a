/*
** test_store.c: the store against an in-memory database: what is written reads
** back through store_load in the engine's order, and loading one
** recommendation does not scan the register.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "auth.h"
#include "cli.h"
#include "db.h"
#include "store.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static Db *open_mem(void) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(":memory:", 1, &db, &zErr)) {
    t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
    return 0;
  }
  return db;
}

static long long add_rec(Db *db, long long auditId, Day due) {
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = auditId;
  r.zBody = "Reconcile monthly";
  r.original = due;
  r.existsFrom = D(2023, 1, 1);
  long long id = 0;
  if (store_rec_add(db, &r, 0, 0, &id)) return 0;
  return id;
}

/* An audit titled zTitle, reported on day with the given assurance: its id, 0
** when it cannot be added (the check fails). */
static long long add_audit(Db *db, const char *zTitle, Day day, Assurance as) {
  AuditIn a = {0};
  a.zTitle = zTitle;
  a.reportDate = day;
  a.assurance = as;
  long long id = 0;
  CHECK_INT(store_audit_add(db, &a, &id), 0);
  return id;
}

TEST(store_history_reads_back_in_date_order) {
  Db *db = open_mem();
  if (!db) return;
  long long auditId = add_audit(db, "Payroll", D(2023, 1, 1), AS_LIMITED);
  long long id = add_rec(db, auditId, D(2024, 1, 31));
  Revision v1 = {0, D(2024, 5, 1), DAY_NONE, "TBC", "awaiting system", 0, 0};
  Revision v2 = {0, D(2024, 2, 1), D(2024, 6, 30), "30/06/2024", "staff", "Director", 0};
  CHECK_INT(store_revision_add(db, id, &v1), 0); /* typed after, happened later */
  CHECK_INT(store_revision_add(db, id, &v2), 0);
  RecSet set;
  CHECK_INT(store_load(db, id, 1, DAY_NONE, &set), 0);
  CHECK_INT(set.n, 1);
  if (set.n == 1) {
    CHECK_INT(set.a[0].nRev, 2);
    CHECK_INT(set.a[0].aRev[0].target, D(2024, 6, 30));
    CHECK_INT(set.a[0].aRev[1].target, DAY_NONE);
    CHECK_STR(set.a[0].aRev[0].zAgreedBy, "Director");
    CHECK_INT(set.a[0].assurance, AS_LIMITED);
    CHECK_STR(set.a[0].zAuditTitle, "Payroll");
  }
  recset_free(&set);
  db_close(db);
}

/* The whole register's history is read in the tables' own order and put in each
** recommendation's date order after: history written later for an earlier
** recommendation (an update after an import), a revision dated before one
** written earlier, and two on the same day (then by id), each where a load of the
** one recommendation puts it; history dated after the load's date is left out. */
TEST(store_load_all_orders_history_written_out_of_order) {
  Db *db = open_mem();
  if (!db) return;
  long long auditId = add_audit(db, "Fleet", D(2023, 1, 1), AS_NONE_GIVEN);
  long long id1 = add_rec(db, auditId, D(2024, 1, 31));
  long long id2 = add_rec(db, auditId, D(2024, 3, 31));
  long long id3 = add_rec(db, auditId, D(2024, 4, 30)); /* no history */
  Revision v[] = {
      {0, D(2024, 3, 1), D(2024, 9, 30), 0, 0, 0, 0},  /* id1, row 1 */
      {0, D(2024, 4, 1), D(2024, 10, 31), 0, 0, 0, 0}, /* id2, row 2 */
      {0, D(2024, 2, 1), D(2024, 6, 30), 0, 0, 0, 0},  /* id1, row 3: dated first */
      {0, D(2024, 3, 1), D(2024, 12, 31), 0, 0, 0, 0}, /* id1, row 4: same day as row 1 */
      {0, D(2026, 1, 1), D(2026, 6, 30), 0, 0, 0, 0},  /* id2, after the load's date */
  };
  long long aOwner[] = {id1, id2, id1, id1, id2};
  for (int i = 0; i < 5; i++) CHECK_INT(store_revision_add(db, aOwner[i], &v[i]), 0);
  Progress u = {0, D(2024, 5, 1), "late update", -1, 40, 0, 0};
  CHECK_INT(store_progress_add(db, id2, &u, 0), 0);
  u.on = D(2024, 4, 1);
  CHECK_INT(store_progress_add(db, id1, &u, 0), 0); /* written after id2's */
  RecSet set;
  CHECK_INT(store_load(db, 0, 0, D(2025, 3, 31), &set), 0);
  CHECK_INT(set.n, 3);
  if (set.n == 3) {
    const Rec *r1 = recset_find(&set, id1), *r2 = recset_find(&set, id2);
    const Rec *r3 = recset_find(&set, id3);
    CHECK(r1 && r2 && r3);
    if (r1 && r2 && r3) {
      CHECK_INT(r1->nRev, 3);
      if (r1->nRev == 3) {
        CHECK_INT(r1->aRev[0].target, D(2024, 6, 30));
        CHECK_INT(r1->aRev[1].target, D(2024, 9, 30));
        CHECK_INT(r1->aRev[2].target, D(2024, 12, 31));
        CHECK(r1->aRev[1].id < r1->aRev[2].id);
      }
      CHECK_INT(r2->nRev, 1);
      if (r2->nRev == 1) CHECK_INT(r2->aRev[0].target, D(2024, 10, 31));
      CHECK_INT(r1->nProg, 1);
      CHECK_INT(r2->nProg, 1);
      if (r1->nProg == 1) CHECK_INT(r1->aProg[0].on, D(2024, 4, 1));
      if (r2->nProg == 1) CHECK_INT(r2->aProg[0].on, D(2024, 5, 1));
      CHECK_INT(r3->nRev, 0);
      CHECK_INT(r3->nProg, 0);
    }
  }
  recset_free(&set);
  db_close(db);
}

static int count_steps(void *p) {
  (*(int *)p)++;
  return 0;
}

/* Regression: importing a tracker that states months overdue reloaded each row's
** recommendation with "WHERE ?1=0 OR id=?1", which SQLite cannot answer from the
** index, so every row scanned the whole register (minutes for 100,000 rows). */
TEST(store_load_one_does_not_scan_the_register) {
  Db *db = open_mem();
  if (!db) return;
  long long auditId = add_audit(db, "Stores", DAY_NONE, AS_NONE_GIVEN);
  CHECK_INT(db_begin(db), 0);
  long long mid = 0;
  for (int i = 0; i < 3000; i++) {
    long long id = add_rec(db, auditId, D(2024, 1, 31));
    Progress u = {0, D(2024, 2, 1), "update", -1, -1, 0, 0};
    CHECK_INT(store_progress_add(db, id, &u, 0), 0);
    if (i == 1500) mid = id;
  }
  CHECK_INT(db_commit(db), 0);
  int nTick = 0;
  db_progress(db, 100, count_steps, &nTick);
  RecSet set;
  CHECK_INT(store_load(db, mid, 1, DAY_NONE, &set), 0);
  db_progress(db, 0, 0, 0);
  CHECK_INT(set.n, 1);
  /* A scan of 3,000 recommendations and their updates takes tens of thousands of
  ** virtual-machine steps; an indexed lookup, a few hundred. */
  CHECK(nTick < 40);
  recset_free(&set);
  db_close(db);
}

/* Regression: the web's register reads a recommendation again after each write
** and keeps it for as long as a generation shows it, and each took some 190 KB (a
** 64 KB arena chunk, and each history array with room for 1,024 rows): ten
** minutes of writes at 100,000 grew the server by 265 MB. One recommendation
** with a short history now takes a few kilobytes, alone or with others; the
** whole register's arena holds what it needs and no more than twice that. */
TEST(store_load_ids_costs_what_it_holds) {
  Db *db = open_mem();
  if (!db) return;
  long long auditId = add_audit(db, "Stores", DAY_NONE, AS_NONE_GIVEN);
  long long aId[3] = {0, 0, 0};
  CHECK_INT(db_begin(db), 0);
  for (int i = 0; i < 2000; i++) {
    long long id = add_rec(db, auditId, D(2024, 1, 31));
    for (int k = 0; k < 3; k++) {
      Progress u = {0,
                    D(2024, 2, 1 + k),
                    "An update of about the length a service writes.",
                    -1,
                    -1,
                    "Jane Smith",
                    0};
      CHECK_INT(store_progress_add(db, id, &u, 0), 0);
    }
    Revision v = {0, D(2024, 1, 15), D(2024, 6, 30), "30/06/2024", "staff", "Director", 0};
    CHECK_INT(store_revision_add(db, id, &v), 0);
    if (i % 700 == 5) aId[i / 700] = id;
  }
  CHECK_INT(db_commit(db), 0);
  RecSet one, three, all;
  CHECK_INT(store_load_ids(db, aId, 1, &one), 0);
  CHECK_INT(store_load_ids(db, aId, 3, &three), 0);
  CHECK_INT(store_load(db, 0, 1, DAY_NONE, &all), 0);
  CHECK_INT(one.n, 1);
  CHECK_INT(three.n, 3);
  CHECK_INT(all.n, 2000);
  if (one.n == 1) CHECK_INT(one.a[0].nProg, 3);
  CHECK(recset_bytes(&one) <= 4096);
  CHECK(recset_bytes(&three) <= 8192);
  /* What the whole register's strings and histories take, counted here. */
  size_t need = 0;
  for (int i = 0; i < all.n; i++) {
    const Rec *r = &all.a[i];
    need += strlen(r->zBody) + 1 + (size_t)r->nProg * sizeof(Progress) +
            (size_t)r->nRev * sizeof(Revision);
    for (int k = 0; k < r->nProg; k++) need += strlen(r->aProg[k].zText) + 1;
  }
  CHECK(recset_bytes(&all) >= need && recset_bytes(&all) <= 2 * need);
  recset_free(&one);
  recset_free(&three);
  recset_free(&all);
  db_close(db);
}

static int interrupt_after(void *p) { return --*(int *)p <= 0; }

/* Regression: store_load stopped at the first error as if the register ended
** there, so a read that failed part-way returned 0 with a truncated register,
** which the web then cached as the whole of it. */
TEST(store_load_fails_when_a_read_fails_part_way) {
  Db *db = open_mem();
  if (!db) return;
  long long auditId = add_audit(db, "Stores", DAY_NONE, AS_NONE_GIVEN);
  CHECK_INT(db_begin(db), 0);
  for (int i = 0; i < 2000; i++) add_rec(db, auditId, D(2024, 1, 31));
  CHECK_INT(db_commit(db), 0);
  RecSet set;
  CHECK_INT(store_load(db, 0, 1, DAY_NONE, &set), 0);
  CHECK_INT(set.n, 2000);
  recset_free(&set);
  /* Interrupted after about a thousand virtual-machine steps: some rows in. */
  int nLeft = 10;
  db_progress(db, 100, interrupt_after, &nLeft);
  CHECK_INT(store_load(db, 0, 1, DAY_NONE, &set), 1);
  CHECK_INT(set.n, 0);
  CHECK(strstr(db_errmsg(db), "interrupted") != 0);
  Policy pol;
  char *zOrg = 0;
  long long gen = 0;
  nLeft = 10;
  CHECK_INT(store_register_read(db, &pol, &set, &zOrg, &gen, 0), 1);
  CHECK_INT(set.n, 0);
  db_progress(db, 0, 0, 0);
  CHECK_INT(store_register_read(db, &pol, &set, &zOrg, &gen, 0), 0);
  CHECK_INT(set.n, 2000);
  recset_free(&set);
  free(zOrg);
  db_close(db);
}

/* Every plain text field of rec_fields.h: `rec set` writes the column that store_load
** reads into the member the table names, and store_rec_add's INSERT lists it. */
TEST(store_rec_fields_write_and_read_back_by_name) {
  Db *db = open_mem();
  if (!db) return;
  AuditIn a = {0};
  a.zTitle = "Payroll";
  a.reportDate = D(2023, 1, 1);
  long long auditId = 0;
  CHECK_INT(store_audit_add(db, &a, &auditId), 0);
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = auditId;
  r.original = D(2024, 1, 31);
  r.existsFrom = D(2023, 1, 1);
  char az[REC_FIELD__MAX][32];
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    snprintf(az[f], sizeof az[f], "added %s", rec_fields[f].zColumn);
    rec_field_put(&r, (RecFieldId)f, az[f]);
  }
  long long id = 0;
  CHECK_INT(store_rec_add(db, &r, 0, 0, &id), 0);
  RecSet set;
  CHECK_INT(store_load(db, id, 1, DAY_NONE, &set), 0);
  for (int f = 0; set.n == 1 && f < REC_FIELD__MAX; f++) {
    CHECK_STR(rec_field_get(&set.a[0], (RecFieldId)f), az[f]);
  }
  recset_free(&set);
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (!rec_fields[f].zSet) continue;
    CHECK_INT(rec_field_find(rec_fields[f].zSet), f);
    char *zOld = 0;
    snprintf(az[f], sizeof az[f], "set %s", rec_fields[f].zSet);
    CHECK_INT(store_rec_set(db, id, rec_fields[f].zSet, az[f], &zOld), 0);
    free(zOld);
  }
  CHECK_INT(store_load(db, id, 1, DAY_NONE, &set), 0);
  for (int f = 0; set.n == 1 && f < REC_FIELD__MAX; f++) {
    CHECK_STR(rec_field_get(&set.a[0], (RecFieldId)f), az[f]);
  }
  recset_free(&set);
  /* Without text, the long texts are not read; the names still are. */
  CHECK_INT(store_load(db, id, 0, DAY_NONE, &set), 0);
  if (set.n == 1) {
    CHECK(rec_field_get(&set.a[0], REC_F_ACTION) == 0);
    CHECK_STR(rec_field_get(&set.a[0], REC_F_EXEC_MEMBER), "set exec-member");
  }
  recset_free(&set);
  char *zOld = 0;
  CHECK(store_rec_set(db, id, "section", "x", &zOld) != 0); /* import only */
  CHECK_STR(db_errmsg(db), "no recommendation field 'section' (ref, title, text, risk-text, "
                           "action, owner, director, exec-member, theme, directorate, "
                           "evidence, confidential)");
  db_close(db);
}

/* `rec add` has an option for each settable field, under its `rec set` name. */
TEST(rec_add_has_an_option_per_settable_field) {
  const Cmd *add = 0;
  for (const Cmd *c = cli_commands; c->zName; c++) {
    if (!strcmp(c->zName, "rec") && c->zSub && !strcmp(c->zSub, "add")) add = c;
  }
  CHECK(add != 0);
  for (int f = 0; add && f < REC_FIELD__MAX; f++) {
    if (!rec_fields[f].zSet) continue;
    const Opt *o = add->aOpt;
    while (o->zName && strcmp(o->zName, rec_fields[f].zSet)) o++;
    if (!o->zName) t_fail(__FILE__, __LINE__, "rec add has no --%s", rec_fields[f].zSet);
  }
}

static int interrupt_all(void *p) {
  (void)p;
  return 1;
}

/* Regression: the existence checks and single-row lookups took a failed read
** (SQLITE_BUSY, an I/O error, a corrupt page) for "there is none", so a command
** said "no audit 1" or "no such account", and a sign-in with a failing database
** read no failures and was not throttled. Each now says the database failed, and
** its caller answers with an error, not with absence. */
TEST(store_lookups_that_fail_are_errors_not_absence) {
  Db *db = open_mem();
  if (!db) return;
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  AuditIn a = {0};
  a.zTitle = "Payroll";
  a.reportDate = DAY_NONE;
  a.assurance = AS_NONE_GIVEN;
  long long auditId = 0, recId = 0, userId = 0;
  CHECK_INT(act_init(db, &w, "Test Council", &err), 0);
  CHECK_INT(act_audit_add(db, &w, &a, &auditId, &err), 0);
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = auditId;
  r.zBody = "Reconcile monthly";
  r.original = D(2024, 1, 31);
  CHECK_INT(act_rec_add(db, &w, &r, "H", D(2023, 1, 1), &recId, &err), 0);
  User u;
  memset(&u, 0, sizeof u);
  snprintf(u.zLogin, sizeof u.zLogin, "alice");
  u.role = ROLE_AUDITOR;
  CHECK_INT(auth_user_add(db, &w, &u, "correct horse battery staple", &err), 0);
  userId = u.id;

  db_progress(db, 1, interrupt_all, 0); /* every statement now fails */
  int found = -1, st = 0;
  long long id = -1;
  char *z = 0;
  CHECK(store_audit_exists(db, auditId, &found) != 0);
  CHECK(store_rec_exists(db, recId, &found) != 0);
  CHECK(store_scale_exists(db, "HMLA", &found) != 0);
  CHECK(store_rating_find(db, 0, "H", &id) != 0);
  CHECK(store_import_find(db, "00", &id, &z) != 0);
  CHECK(store_notice_state(db, "Jane", "k", &st, &id) != 0);
  CHECK(store_template_get(db, "subject", &z) != 0);
  CHECK(store_notify_get(db, "from", &z) != 0);
  CHECK(strstr(db_errmsg(db), "interrupted") != 0);

  /* The callers answer with an error (the CLI's exit 1, the web's 500), not
  ** ACT_NOT_FOUND ("no audit", 404) or ACT_INVALID. */
  CHECK_INT(act_audit_set(db, &w, auditId, "title", "Pay", &err), ACT_ERROR);
  CHECK(strstr(buf_cstr(&err), "interrupted") != 0);
  CHECK_INT(act_audit_follow_up_done(db, &w, auditId, D(2024, 1, 1), &err), ACT_ERROR);
  CHECK_INT(act_rec_set(db, &w, recId, "owner", "Jane", &err), ACT_ERROR);
  CHECK_INT(act_rec_add(db, &w, &r, "H", D(2023, 1, 1), &id, &err), ACT_ERROR);
  CHECK(strstr(buf_cstr(&err), "interrupted") != 0);
  long long recOf = 0;
  CHECK_INT(act_submission_decide(db, &w, 1, SUB_ACCEPT, D(2024, 1, 1), 0, &recOf, &err),
            ACT_ERROR);
  User v;
  CHECK_INT(auth_user_get(db, userId, 0, &v), -1);
  CHECK_INT(auth_user_get(db, 0, "alice", &v), -1);
  CHECK_INT(auth_user_set(db, &w, userId, "name", "Alice", &err), ACT_ERROR);
  CHECK_INT(auth_delegate(db, &w, recId, userId, 0, &err), ACT_ERROR);
  char zTok[AUTH_TOKEN_MAX], zCsrf[AUTH_TOKEN_MAX];
  int wait = 0;
  CHECK_INT(auth_login(db, "alice", "wrong", "127.0.0.1", 1000, &v, zTok, &wait, 0), AUTH_ERROR);
  CHECK_INT(wait, 0);
  CHECK_INT(auth_password_verify(db, userId, "wrong", "127.0.0.1", 1000, &wait, 0), AUTH_ERROR);
  long long sid = 0;
  CHECK_INT(
      auth_session(db, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1000, 0, &v, zCsrf, &sid),
      -1);
  CHECK_INT(auth_token_check(db, "at_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &v), -1);
  /* The journal: a new entry must not restart the chain, and verify must not
  ** call a chain it could not read intact. */
  CHECK(journal_append(db, "test", "x", "audit", auditId, "{}") != 0);
  Buf out = BUF_INIT;
  CHECK(journal_verify(db, 0, 0, &out) > 0);
  CHECK(strstr(buf_cstr(&out), "chain intact") == 0);
  buf_free(&out);

  /* The same lookups on a database that answers: absence is 0 with nothing found. */
  db_progress(db, 0, 0, 0);
  CHECK_INT(store_audit_exists(db, auditId + 100, &found), 0);
  CHECK_INT(found, 0);
  CHECK_INT(act_audit_set(db, &w, auditId + 100, "title", "Pay", &err), ACT_NOT_FOUND);
  CHECK_INT(auth_user_get(db, 0, "nobody", &v), 1);
  CHECK_INT(auth_user_get(db, 0, "ALICE", &v), 0);
  CHECK_INT(store_rating_find(db, 0, "no such rating", &id), 0);
  CHECK_INT(id, 0);
  buf_free(&err);
  db_close(db);
}
