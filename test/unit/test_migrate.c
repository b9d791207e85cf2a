/*
** test_migrate.c: databases made by every earlier schema version open, migrate
** to the current one, verify, load and report. Each old database is the
** register a current one holds, cut back to the tables and indexes that
** version's migrations made (found by applying only those: db_create_at_version),
** and its tables to the columns they had then, so the test follows the migration
** list without listing what each one adds.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "action.h"
#include "auth.h"
#include "report.h"
#include "report_build.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

/* The schema of the database at zPath, one "type name sql" line per object. */
static void schema_of(const char *zPath, Buf *out) {
  sqlite3 *h = 0;
  sqlite3_stmt *s = 0;
  buf_reset(out);
  if (sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READONLY, 0) == SQLITE_OK &&
      sqlite3_prepare_v2(h,
                         "SELECT type, name, coalesce(sql,'') FROM sqlite_schema"
                         " ORDER BY type, name",
                         -1, &s, 0) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) {
      buf_appendf(out, "%s %s %s\n", (const char *)sqlite3_column_text(s, 0),
                  (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2));
    }
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
}

/* Drop the columns of zPath's tables that the same table in zOldPath lacks (a
** migration's ALTER TABLE ... ADD COLUMN): DROP COLUMN gives back the table's
** text as it was. */
static int drop_new_columns(sqlite3 *h, const char *zOldPath) {
  sqlite3_stmt *s = 0;
  Buf drop = BUF_INIT;
  char *zAttach = sqlite3_mprintf("ATTACH %Q AS old", zOldPath);
  int rc = sqlite3_exec(h, zAttach, 0, 0, 0);
  sqlite3_free(zAttach);
  if (rc == SQLITE_OK) {
    rc = sqlite3_prepare_v2(h,
                            "SELECT t.name, c.name FROM main.sqlite_schema t,"
                            " pragma_table_info(t.name, 'main') c"
                            " WHERE t.type='table' AND t.name NOT LIKE 'sqlite_%'"
                            " AND EXISTS(SELECT 1 FROM old.sqlite_schema o WHERE o.name=t.name)"
                            " AND NOT EXISTS(SELECT 1 FROM pragma_table_info(t.name, 'old') oc"
                            " WHERE oc.name=c.name)",
                            -1, &s, 0);
  }
  while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    buf_appendf(&drop, "ALTER TABLE \"%s\" DROP COLUMN \"%s\";",
                (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1));
  }
  sqlite3_finalize(s);
  if (rc == SQLITE_OK) rc = sqlite3_exec(h, "DETACH old", 0, 0, 0);
  if (rc == SQLITE_OK && drop.n) rc = sqlite3_exec(h, buf_cstr(&drop), 0, 0, 0);
  buf_free(&drop);
  return rc;
}

/* Cut the database at zPath back to version v: drop every table and index the
** database made by v migrations (zOld, its schema; zOldPath, the file) does not
** have, and every column its tables did not have. */
static int cut_back(const char *zPath, const char *zOld, const char *zOldPath, int v) {
  sqlite3 *h = 0;
  sqlite3_stmt *s = 0;
  Buf drop = BUF_INIT;
  int rc = sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READWRITE, 0);
  if (rc == SQLITE_OK) {
    rc = sqlite3_prepare_v2(h,
                            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
                            " ORDER BY type DESC",
                            -1, &s, 0);
  }
  while (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    const char *zType = (const char *)sqlite3_column_text(s, 0);
    const char *zName = (const char *)sqlite3_column_text(s, 1);
    Buf probe = BUF_INIT;
    buf_appendf(&probe, "\n%s %s ", zType, zName);
    if (!strstr(zOld, buf_cstr(&probe))) {
      buf_appendf(&drop, "DROP %s IF EXISTS \"%s\";", zType, zName);
    }
    buf_free(&probe);
  }
  sqlite3_finalize(s);
  buf_appendf(&drop, "PRAGMA user_version=%d;", v);
  if (rc == SQLITE_OK) rc = sqlite3_exec(h, buf_cstr(&drop), 0, 0, 0);
  if (rc == SQLITE_OK) rc = drop_new_columns(h, zOldPath);
  sqlite3_close(h);
  buf_free(&drop);
  return rc;
}

static int copy_file(const char *zFrom, const char *zTo) {
  FILE *in = fopen(zFrom, "rb"), *out = fopen(zTo, "wb");
  char a[8192];
  size_t n;
  int rc = !in || !out;
  while (!rc && (n = fread(a, 1, sizeof a, in)) > 0) rc = fwrite(a, 1, n, out) != n;
  if (in) fclose(in);
  if (out && fclose(out)) rc = 1;
  return rc;
}

/* An account for make_register. */
static int add_account(Db *db, const char *zLogin, const char *zName, long long *pId, Buf *err) {
  User u;
  memset(&u, 0, sizeof u);
  snprintf(u.zLogin, sizeof u.zLogin, "%s", zLogin);
  snprintf(u.zName, sizeof u.zName, "%s", zName);
  u.role = ROLE_AUDITOR;
  Actor w = {"test", 0};
  int rc = auth_user_add(db, &w, &u, "staple-battery-horse-9", err);
  *pId = u.id;
  return rc;
}

/* A small register written by the commands: init, an audit, a recommendation
** with an update, all journalled; three accounts (two of them with one name) and
** an update with an evidence file from each name. */
static int make_register(const char *zPath) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(zPath, 1, &db, &zErr)) {
    t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
    return 1;
  }
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  AuditIn a = {0};
  a.zTitle = "Payroll";
  a.reportDate = D(2023, 1, 15);
  a.assurance = AS_LIMITED;
  long long auditId = 0, recId = 0;
  Rec r;
  memset(&r, 0, sizeof r);
  r.zBody = "Reconcile the payroll monthly";
  r.original = D(2024, 1, 31);
  r.existsFrom = D(2023, 1, 15);
  Progress u = {0, D(2024, 2, 1), "Started", -1, 40, 0, 0};
  int rc = act_init(db, &w, "Test Council", &err) || act_audit_add(db, &w, &a, &auditId, &err);
  r.auditId = auditId;
  if (!rc) rc = act_rec_add(db, &w, &r, "H", D(2023, 1, 15), &recId, &err);
  if (!rc) rc = act_rec_update(db, &w, recId, &u, 0, 0, 0, 0, 0, &err);
  long long annId = 0, bobId = 0, beaId = 0;
  if (!rc) rc = add_account(db, "ann", "Ann Auditor", &annId, &err);
  if (!rc) rc = add_account(db, "bob", "B Same", &bobId, &err);
  if (!rc) rc = add_account(db, "bea", "B Same", &beaId, &err);
  Actor wa = {"Ann Auditor", annId}, wb = {"B Same", bobId};
  EvidenceFile fa = {"aa00000000000000000000000000000000000000000000000000000000000000", "a.pdf",
                     "application/pdf", 1000};
  EvidenceFile fb = {"bb00000000000000000000000000000000000000000000000000000000000000", "b.pdf",
                     "application/pdf", 2000};
  if (!rc) rc = act_rec_update(db, &wa, recId, &u, 0, 1, &fa, 0, 0, &err);
  if (!rc) rc = act_rec_update(db, &wb, recId, &u, 0, 1, &fb, 0, 0, &err);
  if (rc) t_fail(__FILE__, __LINE__, "make_register: %s", buf_cstr(&err));
  buf_free(&err);
  db_close(db);
  return rc;
}

TEST(migrate_every_earlier_schema_version) {
  char zDir[] = "/tmp/auditrack-migrate-XXXXXX";
  if (!mkdtemp(zDir)) {
    t_fail(__FILE__, __LINE__, "mkdtemp failed");
    return;
  }
  char zBase[64], zOld[64], zPath[64];
  snprintf(zBase, sizeof zBase, "%s/base.db", zDir);
  if (make_register(zBase)) return;
  Buf now = BUF_INIT, old = BUF_INIT, got = BUF_INIT;
  schema_of(zBase, &now);
  for (int v = 1; v < db_schema_version(); v++) {
    char *zErr = 0;
    snprintf(zOld, sizeof zOld, "%s/schema-%d.db", zDir, v);
    snprintf(zPath, sizeof zPath, "%s/v%d.db", zDir, v);
    if (db_create_at_version(zOld, v, &zErr)) {
      t_fail(__FILE__, __LINE__, "version %d: %s", v, zErr);
      free(zErr);
      continue;
    }
    buf_reset(&old);
    buf_putc(&old, '\n');
    schema_of(zOld, &got);
    buf_puts(&old, buf_cstr(&got));
    CHECK_INT(copy_file(zBase, zPath), 0);
    CHECK_INT(cut_back(zPath, buf_cstr(&old), zOld, v), SQLITE_OK);
    schema_of(zPath, &got);
    CHECK_STR(buf_cstr(&got), buf_cstr(&old) + 1); /* it is what version v made */

    Db *db = 0;
    /* serve --no-migrate: refused, saying why and what to do, and left as it was. */
    db_set_no_migrate(1);
    CHECK_INT(db_open(zPath, 0, &db, &zErr), 1);
    db_set_no_migrate(0);
    CHECK(zErr && strstr(zErr, "was not migrated (--no-migrate)") != 0);
    free(zErr);
    zErr = 0;
    schema_of(zPath, &got);
    CHECK_STR(buf_cstr(&got), buf_cstr(&old) + 1);
    if (db_open(zPath, 0, &db, &zErr)) {
      t_fail(__FILE__, __LINE__, "version %d does not open: %s", v, zErr);
      free(zErr);
      continue;
    }
    schema_of(zPath, &got);
    CHECK_STR(buf_cstr(&got), buf_cstr(&now));
    long long ms = -1;
    const char *zCopy = 0;
    CHECK_INT(db_migrated(db, &ms, &zCopy), v); /* said on the command line's standard error */
    CHECK(ms >= 0);
    /* The database as it was before the migration is kept beside it. */
    char zWant[96];
    snprintf(zWant, sizeof zWant, "%s.schema-%d.bak", zPath, v);
    CHECK_STR(zCopy ? zCopy : "", zWant);
    schema_of(zWant, &got);
    CHECK_STR(buf_cstr(&got), buf_cstr(&old) + 1);
    Buf out = BUF_INIT;
    CHECK_INT(journal_verify(db, 0, 0, &out), 0);
    CHECK(strstr(buf_cstr(&out), "journal: 9 entries, chain intact") != 0);
    if (v >= 2 && v < 7) {
      /* Evidence from before its rows named the account (migration 7): given to the
      ** one account with its author's name, to none when two share it. */
      User a, b;
      long long used = -1, all = -1;
      CHECK_INT(auth_user_get(db, 0, "ann", &a), 0);
      CHECK_INT(auth_user_get(db, 0, "bob", &b), 0);
      CHECK_INT(store_evidence_usage(db, a.id, &used, &all), 0);
      CHECK_INT(used, 1000);
      CHECK_INT(all, 3000);
      CHECK_INT(store_evidence_usage(db, b.id, &used, &all), 0);
      CHECK_INT(used, 0);
    }
    /* The outbox takes a message being sent (migration 9's flight columns). */
    long long ob = 0;
    int claimed = 0;
    CHECK_INT(store_outbox_add(db, "Ann", "ann@council.example", "S", "M", "m@council.example",
                               D(2024, 6, 1), 0, &ob),
              0);
    CHECK_INT(store_outbox_sending(db, ob, "host 1 token", 5, &claimed), 0);
    CHECK_INT(claimed, 1);
    /* It loads, reports and takes new writes. */
    RecSet set;
    Policy pol;
    CHECK_INT(store_policy_load(db, &pol), 0);
    CHECK_INT(store_load(db, 0, 1, DAY_NONE, &set), 0);
    CHECK_INT(set.n, 1);
    ReportInput in;
    memset(&in, 0, sizeof in);
    in.set = &set;
    in.pol = &pol;
    in.asAt = D(2024, 6, 30);
    in.since = DAY_NONE;
    in.f.includeConfidential = 1;
    Buf err = BUF_INIT;
    Report *rp = report_build("outstanding", &in, &err);
    CHECK(rp != 0);
    buf_reset(&out);
    if (rp) report_render(rp, FMT_TEXT, &out);
    CHECK(strstr(buf_cstr(&out), "Reconcile the payroll monthly") != 0);
    report_free(rp);
    recset_free(&set);
    Actor w = {"test", 0};
    Progress u = {0, D(2024, 3, 1), "Half done", -1, 50, 0, 0};
    CHECK_INT(act_rec_update(db, &w, 1, &u, 0, 0, 0, 0, 0, &err), 0);
    buf_reset(&out);
    CHECK_INT(journal_verify(db, 0, 0, &out), 0);
    buf_free(&out);
    buf_free(&err);
    db_close(db);
  }
  buf_free(&now);
  buf_free(&old);
  buf_free(&got);
  Buf rm = BUF_INIT;
  buf_appendf(&rm, "rm -rf '%s'", zDir);
  if (system(buf_cstr(&rm))) t_fail(__FILE__, __LINE__, "cannot remove %s", zDir);
  buf_free(&rm);
}

/* The query plan of zSql on the database at zPath, one detail per line. */
static void plan_of(const char *zPath, const char *zSql, Buf *out) {
  sqlite3 *h = 0;
  sqlite3_stmt *s = 0;
  Buf q = BUF_INIT;
  buf_reset(out);
  buf_appendf(&q, "EXPLAIN QUERY PLAN %s", zSql);
  if (sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READONLY, 0) == SQLITE_OK &&
      sqlite3_prepare_v2(h, buf_cstr(&q), -1, &s, 0) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW)
      buf_appendf(out, "%s\n", (const char *)sqlite3_column_text(s, 3));
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  buf_free(&q);
}

/* Migration 6: a database of schema 5 whose names were written in one case
** answers lookups in another through lower(col)=lower(?), from the indexes on
** lower(col) the migration adds. */
TEST(migrate_6_finds_names_in_any_case_by_index) {
  char zPath[] = "/tmp/auditrack-migrate6-XXXXXX";
  int fd = mkstemp(zPath);
  if (fd < 0) {
    t_fail(__FILE__, __LINE__, "mkstemp failed");
    return;
  }
  close(fd);
  unlink(zPath);
  char *zErr = 0;
  if (db_create_at_version(zPath, 5, &zErr)) {
    t_fail(__FILE__, __LINE__, "version 5: %s", zErr);
    free(zErr);
    return;
  }
  sqlite3 *h = 0;
  CHECK_INT(sqlite3_open_v2(zPath, &h, SQLITE_OPEN_READWRITE, 0), SQLITE_OK);
  CHECK_INT(sqlite3_exec(h,
                         "INSERT INTO user(login,name,role,created_at)"
                         " VALUES('Alice','Alice Jones','owner','2024-01-01 00:00:00');"
                         "INSERT INTO person(name,email,updated_at)"
                         " VALUES('Jane Smith','jane@example.org','2024-01-01T00:00:00Z');"
                         "INSERT INTO pack(name,definition,updated_at)"
                         " VALUES('Committee','x','2024-01-01T00:00:00Z');",
                         0, 0, 0),
            SQLITE_OK);
  sqlite3_close(h);
  Db *db = 0;
  if (db_open(zPath, 0, &db, &zErr)) {
    t_fail(__FILE__, __LINE__, "version 5 does not open: %s", zErr);
    free(zErr);
    unlink(zPath);
    return;
  }
  User u;
  CHECK_INT(store_user_get(db, 0, "ALICE", &u, 0), 0);
  CHECK_STR(u.zLogin, "Alice");
  char *zText = 0;
  CHECK_INT(store_pack_get(db, "committee", &zText), 0);
  CHECK_STR(zText, "x");
  free(zText);
  char *zOld = 0;
  CHECK_INT(db_begin(db), 0);
  CHECK_INT(store_person_set(db, "JANE SMITH", "js@example.org", -1, "cli", &zOld), 0);
  CHECK_INT(db_commit(db), 0);
  CHECK_STR(zOld, "jane@example.org");
  free(zOld);
  Person *a = 0;
  int n = 0;
  CHECK_INT(store_person_list(db, &a, &n), 0);
  CHECK_INT(n, 1); /* changed in place, under the name as first written */
  if (n == 1) {
    CHECK_STR(a[0].zName, "Jane Smith");
    CHECK_STR(a[0].zEmail, "js@example.org");
  }
  store_people_free(a, n);
  db_close(db);
  Buf plan = BUF_INIT;
  plan_of(zPath, "SELECT id FROM \"user\" u WHERE lower(u.login)=lower('x')", &plan);
  CHECK(strstr(buf_cstr(&plan), "USING INDEX user_login_lower") != 0);
  plan_of(zPath, "SELECT email FROM person WHERE lower(name)=lower('x')", &plan);
  CHECK(strstr(buf_cstr(&plan), "USING INDEX person_name_lower") != 0);
  plan_of(zPath, "SELECT id FROM notice WHERE lower(recipient)=lower('x') AND key='k'", &plan);
  CHECK(strstr(buf_cstr(&plan), "USING INDEX notice_recipient_lower") != 0);
  buf_free(&plan);
  unlink(zPath);
  char zSide[64];
  snprintf(zSide, sizeof zSide, "%s-wal", zPath);
  unlink(zSide);
  snprintf(zSide, sizeof zSide, "%s.schema-5.bak", zPath);
  unlink(zSide);
  snprintf(zSide, sizeof zSide, "%s-shm", zPath);
  unlink(zSide);
}
