/*
** test_outbox.c: the outbox's states around a crash (store_notify.c, notify_run.c):
** a message is 'sending' from before its SMTP transaction, 'unknown' once the run
** sending it is seen dead, and sent again only when released.
*/
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "action.h"
#include "notify_run.h"
#include "store.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static Db *outbox_db(void) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(":memory:", 1, &db, &zErr)) {
    t_fail(__FILE__, __LINE__, "db_open: %s", zErr);
    free(zErr);
  }
  return db;
}

static long long outbox_msg(Db *db, const char *zTo) {
  long long id = 0;
  if (store_outbox_add(db, zTo, "x@council.example", "Subject", "Body\r\n", "m@council.example",
                       D(2024, 6, 1), 0, &id)) {
    t_fail(__FILE__, __LINE__, "outbox_add: %s", db_errmsg(db));
  }
  return id;
}

/* The state the admin's list shows for message id (heap). */
static char *outbox_state(Db *db, long long id) {
  OutboxRow r;
  char *z = 0;
  if (!store_outbox_get(db, id, &r) && r.id) z = r.zState, r.zState = 0;
  OutboxRow *p = xcalloc(1, sizeof *p);
  *p = r;
  store_outbox_rows_free(p, 1);
  return z ? z : xstrdup("(none)");
}

#define CHECK_STATE(db, id, zWant)                                                                 \
  do {                                                                                             \
    char *zGot_ = outbox_state(db, id);                                                            \
    CHECK_STR(zGot_, zWant);                                                                       \
    free(zGot_);                                                                                   \
  } while (0)

static int due_count(Db *db) {
  OutboxRow *a = 0;
  int n = 0;
  if (store_outbox_due(db, 1000, &a, &n)) return -1;
  store_outbox_rows_free(a, n);
  return n;
}

TEST(outbox_sending_unknown_release) {
  Db *db = outbox_db();
  if (!db) return;
  long long id = outbox_msg(db, "Jane Smith");
  int n = -1;
  CHECK_INT(store_outbox_sending(db, id, "h 1 a", 100, &n), 0);
  CHECK_INT(n, 1);
  CHECK_STATE(db, id, "sending");
  /* A second run cannot take it, nor does anything that acts on queued messages. */
  CHECK_INT(store_outbox_sending(db, id, "h 2 b", 100, &n), 0);
  CHECK_INT(n, 0);
  CHECK_INT(due_count(db), 0);
  CHECK_INT(store_outbox_retry(db, 0, &n), 0);
  CHECK_INT(n, 0);
  CHECK_INT(store_outbox_replace(db, "Jane Smith"), 0);
  CHECK_INT(store_outbox_cancel_person(db, "Jane Smith", &n), 0);
  CHECK_INT(n, 0);
  CHECK_STATE(db, id, "sending");
  /* Only an unknown message is released, and only the run that began it is held. */
  CHECK_INT(store_outbox_release(db, id, &n), 0);
  CHECK_INT(n, 0);
  CHECK_INT(store_outbox_unknown(db, id, "h 2 b", &n), 0);
  CHECK_INT(n, 0);
  CHECK_INT(store_outbox_unknown(db, id, "h 1 a", &n), 0);
  CHECK_INT(n, 1);
  CHECK_STATE(db, id, "unknown");
  CHECK_INT(due_count(db), 0);
  Buf err = BUF_INIT;
  Actor w = {"test", 0};
  CHECK_INT(act_outbox_release(db, &w, id + 1, &err), ACT_NOT_FOUND);
  buf_reset(&err);
  CHECK_INT(act_outbox_release(db, &w, id, &err), 0);
  CHECK_STATE(db, id, "queued");
  CHECK_INT(due_count(db), 1);
  CHECK_INT(act_outbox_release(db, &w, id, &err), ACT_NOT_FOUND);
  CHECK_STR(buf_cstr(&err), "message 1 is not held as may have been sent");
  /* A refusal puts it back in the queue; an acceptance marks it sent. */
  CHECK_INT(store_outbox_sending(db, id, "h 3 c", 200, &n), 0);
  CHECK_INT(store_outbox_failed(db, id, "550 no", 0, "h 4 d"), 0); /* not its run */
  CHECK_STATE(db, id, "sending");
  CHECK_INT(store_outbox_failed(db, id, "550 no", 0, "h 3 c"), 0);
  CHECK_STATE(db, id, "queued");
  CHECK_INT(store_outbox_sending(db, id, "h 3 c", 200, &n), 0);
  CHECK_INT(n, 1);
  CHECK_INT(store_outbox_sent(db, id), 0);
  CHECK_STATE(db, id, "sent");
  buf_free(&err);
  db_close(db);
}

/* A run holds what a dead run left 'sending' (its process gone, or its timeout long
** past), leaves a live run's message alone, and sends the rest. */
TEST(notify_send_due_holds_a_dead_runs_message) {
  Db *db = outbox_db();
  if (!db) return;
  char zDir[] = "/tmp/auditrack-outbox-XXXXXX";
  if (!mkdtemp(zDir)) {
    t_fail(__FILE__, __LINE__, "mkdtemp");
    db_close(db);
    return;
  }
  char zHost[128] = "", zDead[200], zLive[200];
  if (gethostname(zHost, sizeof zHost - 1) || !zHost[0]) snprintf(zHost, sizeof zHost, "-");
  for (char *p = zHost; *p; p++) {
    if (*p == ' ') *p = '_';
  }
  snprintf(zDead, sizeof zDead, "%s 2147483646 dead", zHost); /* no such process */
  snprintf(zLive, sizeof zLive, "%s %ld live", zHost, (long)getpid());
  long long now = 1000000;
  long long a = outbox_msg(db, "Dead run"), b = outbox_msg(db, "Waiting"),
            c = outbox_msg(db, "Live run"), d = outbox_msg(db, "Timed out");
  int n = 0;
  CHECK_INT(store_notify_set(db, "from", "audit@council.example"), 0);
  CHECK_INT(store_outbox_sending(db, a, zDead, now, &n), 0);
  CHECK_INT(store_outbox_sending(db, c, zLive, now, &n), 0);
  CHECK_INT(store_outbox_sending(db, d, zLive, now - 30 - 61, &n), 0); /* smtp-timeout 30 */
  NotifyOpts o = {0, zDir, now, 0};
  NotifyResult res;
  memset(&res, 0, sizeof res);
  Buf out = BUF_INIT, err = BUF_INIT;
  CHECK_INT(notify_send_due(db, &o, &out, &res, &err), 0);
  CHECK_INT(res.nSent, 1);
  CHECK_INT(res.nUnknown, 2);
  CHECK_INT(res.nHeld, 2);
  CHECK_STATE(db, a, "unknown");
  CHECK_STATE(db, b, "sent");
  CHECK_STATE(db, c, "sending");
  CHECK_STATE(db, d, "unknown");
  CHECK(strstr(buf_cstr(&out), "may have been sent 1 to Dead run") != 0);
  CHECK(strstr(buf_cstr(&out), "may have been sent 4 to Timed out") != 0);
  char zFile[300];
  struct stat st;
  snprintf(zFile, sizeof zFile, "%s/auditrack-000002.eml", zDir);
  CHECK_INT(stat(zFile, &st), 0);
  snprintf(zFile, sizeof zFile, "%s/auditrack-000001.eml", zDir);
  CHECK(stat(zFile, &st) != 0);
  /* A second run finds nothing new to hold and sends nothing. */
  memset(&res, 0, sizeof res);
  CHECK_INT(notify_send_due(db, &o, &out, &res, &err), 0);
  CHECK_INT(res.nSent, 0);
  CHECK_INT(res.nUnknown, 0);
  CHECK_INT(res.nHeld, 2);
  buf_free(&out);
  buf_free(&err);
  Buf rm = BUF_INIT;
  buf_appendf(&rm, "rm -rf '%s'", zDir);
  if (system(buf_cstr(&rm))) t_fail(__FILE__, __LINE__, "rm");
  buf_free(&rm);
  db_close(db);
}
