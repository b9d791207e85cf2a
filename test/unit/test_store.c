/*
** test_store.c: the store against an in-memory database: what is written reads
** back through store_load in the engine's order, and loading one
** recommendation does not scan the register.
*/
#include <stdlib.h>

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

TEST(store_history_reads_back_in_date_order) {
  Db *db = open_mem();
  if (!db) return;
  AuditIn a = {0};
  a.zTitle = "Payroll";
  a.reportDate = D(2023, 1, 1);
  a.assurance = AS_LIMITED;
  long long auditId = 0;
  CHECK_INT(store_audit_add(db, &a, &auditId), 0);
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
  AuditIn a = {0};
  a.zTitle = "Stores";
  a.reportDate = DAY_NONE;
  a.assurance = AS_NONE_GIVEN;
  long long auditId = 0;
  CHECK_INT(store_audit_add(db, &a, &auditId), 0);
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

static int interrupt_after(void *p) { return --*(int *)p <= 0; }

/* Regression: store_load stopped at the first error as if the register ended
** there, so a read that failed part-way returned 0 with a truncated register,
** which the web then cached as the whole of it. */
TEST(store_load_fails_when_a_read_fails_part_way) {
  Db *db = open_mem();
  if (!db) return;
  AuditIn a = {0};
  a.zTitle = "Stores";
  a.reportDate = DAY_NONE;
  a.assurance = AS_NONE_GIVEN;
  long long auditId = 0;
  CHECK_INT(store_audit_add(db, &a, &auditId), 0);
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
  CHECK_INT(store_register_read(db, &pol, &set, &zOrg, &gen), 1);
  CHECK_INT(set.n, 0);
  db_progress(db, 0, 0, 0);
  CHECK_INT(store_register_read(db, &pol, &set, &zOrg, &gen), 0);
  CHECK_INT(set.n, 2000);
  recset_free(&set);
  free(zOrg);
  db_close(db);
}
