/*
** notify_timer.c: the daily notification run of `auditrack serve` (see
** notify_timer.h). One thread, woken every minute, at once when a request has
** queued a message (notify_timer_kick), or when the server stops.
** Not for: the plan or the outbox (notify_run.c).
*/
#include "notify_timer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "notify_run.h"
#include "store.h"

struct NotifyTimer {
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int stop;
  int kick; /* a message was queued: send what is due now, not at the next sweep */
  char *zDbPath;
  Day today; /* DAY_NONE: the clock's */
};

#define RETRY_EVERY 300 /* seconds between sweeps of the outbox for retries */

/* One tick: the day's run when its hour has come and it has not run yet; otherwise
** the outbox's due retries, every RETRY_EVERY seconds. */
static void timer_tick(Db *db, Day fixed, long long *pLastSweep, int kicked) {
  char *zFrom = 0, *zUrl = 0, *zHour = 0;
  int bad = store_notify_get(db, "from", &zFrom) || store_notify_get(db, "smtp-url", &zUrl) ||
            store_notify_get(db, "hour", &zHour);
  /* Settings that cannot be read are not "unset": said, and tried at the next tick. */
  if (bad) fprintf(stderr, "auditrack: notify: %s\n", db_errmsg(db));
  int ready = !bad && zFrom && zUrl;
  int hour = atoi(zHour ? zHour : notify_settings[NS_HOUR].zDefault);
  free(zFrom);
  free(zUrl);
  free(zHour);
  if (!ready) return;
  /* The hour and the back-off times are the real clock's; the run's date may be fixed. */
  time_t now = time(0);
  struct tm tm;
  localtime_r(&now, &tm);
  Day today = fixed;
  if (today == DAY_NONE) today = day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  NotifyOpts o;
  memset(&o, 0, sizeof o);
  o.now = (long long)now;
  NotifyResult res;
  memset(&res, 0, sizeof res);
  Buf out = BUF_INIT, err = BUF_INIT;
  int done = 1;
  if (tm.tm_hour >= hour) {
    if (db_begin(db) || store_notify_run_claim(db, today, &done) || db_commit(db)) {
      db_rollback(db);
      fprintf(stderr, "auditrack: notify: %s\n", db_errmsg(db));
      done = 1;
    } else if (done && *pLastSweep == 0) {
      /* Said once, on the first tick: shows that the timer looked (tests wait for it). */
      char z[DAY_FMT_MAX];
      fprintf(stderr, "auditrack: notify: as at %s: the day's run was done already\n",
              day_fmt(today, DAY_ISO, z));
    }
  }
  if (!done) {
    int rc = notify_run(db, today, &o, &out, &res, &err);
    fprintf(stderr, "auditrack: notify: %s%s", rc ? buf_cstr(&err) : buf_cstr(&out),
            rc ? "\n" : "");
    /* The summary is the first line of what the run printed. */
    const char *z = buf_cstr(&out), *zNl = strchr(z, '\n');
    char *zSum = zNl ? xstrndup(z, (size_t)(zNl - z)) : xstrdup(z);
    if (!rc && store_notify_run_finish(db, today, zSum)) {
      fprintf(stderr, "auditrack: notify: %s\n", db_errmsg(db));
    }
    free(zSum);
    *pLastSweep = o.now;
  } else if (kicked || o.now - *pLastSweep >= RETRY_EVERY) {
    *pLastSweep = o.now;
    if (notify_send_due(db, &o, &out, &res, &err)) {
      fprintf(stderr, "auditrack: notify: %s\n", buf_cstr(&err));
    } else if (out.n) {
      fprintf(stderr, "auditrack: notify: %s", buf_cstr(&out));
    }
  }
  fflush(stderr);
  buf_free(&out);
  buf_free(&err);
}

static void *timer_main(void *pArg) {
  NotifyTimer *t = pArg;
  Db *db = 0;
  char *zErr = 0;
  if (db_open(t->zDbPath, 0, &db, &zErr)) {
    fprintf(stderr, "auditrack: notify: %s\n", zErr);
    free(zErr);
    return 0;
  }
  long long lastSweep = 0;
  pthread_mutex_lock(&t->mu);
  int kicked = 0;
  while (!t->stop) {
    pthread_mutex_unlock(&t->mu);
    timer_tick(db, t->today, &lastSweep, kicked);
    pthread_mutex_lock(&t->mu);
    if (t->stop) break;
    if (!t->kick) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_sec += 60;
      pthread_cond_timedwait(&t->cv, &t->mu, &ts);
    }
    kicked = t->kick;
    t->kick = 0;
  }
  pthread_mutex_unlock(&t->mu);
  db_close(db);
  return 0;
}

NotifyTimer *notify_timer_start(const char *zDbPath, Day today) {
  NotifyTimer *t = xcalloc(1, sizeof *t);
  t->zDbPath = xstrdup(zDbPath);
  t->today = today;
  pthread_mutex_init(&t->mu, 0);
  pthread_cond_init(&t->cv, 0);
  if (pthread_create(&t->th, 0, timer_main, t)) fatal("cannot start the notification thread");
  return t;
}

void notify_timer_kick(NotifyTimer *t) {
  if (!t) return;
  pthread_mutex_lock(&t->mu);
  t->kick = 1;
  pthread_cond_signal(&t->cv);
  pthread_mutex_unlock(&t->mu);
}

void notify_timer_stop(NotifyTimer *t) {
  if (!t) return;
  pthread_mutex_lock(&t->mu);
  t->stop = 1;
  pthread_cond_signal(&t->cv);
  pthread_mutex_unlock(&t->mu);
  pthread_join(t->th, 0);
  pthread_mutex_destroy(&t->mu);
  pthread_cond_destroy(&t->cv);
  free(t->zDbPath);
  free(t);
}
