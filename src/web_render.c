/*
** web_render.c: the renderer's thread. A page every reader of a generation asks
** for (the dashboard: half a second at 100,000 recommendations) is rendered again
** here when a write moves the register, rather than on a worker thread, where
** every other connection that worker serves would wait for it. The reader who
** found the copy out of date is answered at once with the earlier generation's
** bytes (web_cache_claim's CACHE_HANDOFF), and hands this thread the request as it
** made it: path, query, user and day. The thread runs the route's handler again on
** its own connection, as that user, and the handler puts the rendering in the
** cache, which ends the flight; the response itself is thrown away.
** Not for: the cache and its flights (web_register.c), or what is rendered
** (page_*.c).
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "http.h"
#include "web.h"

typedef struct Job {
  struct Job *pNext;
  char *zKey, *zPath;
  Form query;
  User user;
  long long *aDelegated;
  int nDelegated;
  long long now;
  Day today;
} Job;

typedef struct Renderer {
  pthread_t th;
  pthread_mutex_t mu; /* guards the queue and stop */
  pthread_cond_t cv;  /* a job queued, or stop */
  Job *pHead, *pTail;
  int stop;
  int failed;   /* the thread could not open its connection: every job is refused */
  int noThread; /* under Shared.mu: the thread could not be started */
} Renderer;

static void job_free(Job *j) {
  free(j->zKey);
  free(j->zPath);
  form_free(&j->query);
  free(j->aDelegated);
  free(j);
}

/* Run one job: its request made up again, dispatched, its response dropped. */
static void job_run(Shared *sh, Db *db, Job *j) {
  Req q;
  memset(&q, 0, sizeof q);
  q.method = M_GET;
  q.zPath = j->zPath;
  q.query = j->query;
  memset(&j->query, 0, sizeof j->query); /* now q's */
  q.db = db;
  q.sh = sh;
  q.now = j->now;
  q.today = j->today;
  q.signedIn = 1;
  q.user = j->user;
  q.aDelegated = j->aDelegated;
  q.nDelegated = j->nDelegated;
  j->aDelegated = 0;
  q.zDetachedKey = j->zKey;
  web_dispatch_detached(&q);
  /* A handler that did not put it (an error, a key that moved with the day) must
  ** still end the flight, or readers would be given the old copy for good. */
  if (!q.detachedDone) web_cache_drop(&q, j->zKey);
  web_req_free(&q);
}

/* Readers first: on Linux a thread has its own nice value, and at 10 the
** renderer has about a tenth of a busy CPU beside the workers, which meanwhile
** answer with the earlier copy. Idle, it has the CPU to itself. */
#define RENDER_NICE 10

static void *render_main(void *pArg) {
  Shared *sh = pArg;
  Renderer *w = sh->pRender;
#ifdef SYS_gettid
  (void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), RENDER_NICE);
#endif
  Db *db = 0;
  char *zErr = 0;
  if (db_open(sh->o->zDbPath, 0, &db, &zErr)) {
    fprintf(stderr, "auditrack: pages will be rendered by the requests that ask for them: %s\n",
            zErr);
    free(zErr);
    db = 0;
  }
  pthread_mutex_lock(&w->mu);
  if (!db) w->failed = 1;
  for (;;) {
    while (!w->stop && !w->pHead) pthread_cond_wait(&w->cv, &w->mu);
    Job *j = w->pHead;
    if (!j) break; /* stopped, nothing left */
    w->pHead = j->pNext;
    if (!w->pHead) w->pTail = 0;
    int drop = w->stop || !db;
    pthread_mutex_unlock(&w->mu);
    if (drop) {
      Req q = {.sh = sh};
      web_cache_drop(&q, j->zKey);
    } else {
      job_run(sh, db, j);
    }
    job_free(j);
    pthread_mutex_lock(&w->mu);
  }
  pthread_mutex_unlock(&w->mu);
  if (db) db_close(db);
  return 0;
}

/* The renderer, started on the first job. NULL when its thread cannot start. */
static Renderer *renderer(Shared *sh) {
  pthread_mutex_lock(&sh->mu);
  Renderer *w = sh->pRender;
  if (!w) {
    w = xcalloc(1, sizeof *w);
    pthread_mutex_init(&w->mu, 0);
    pthread_cond_init(&w->cv, 0);
    sh->pRender = w;
    w->noThread = pthread_create(&w->th, 0, render_main, sh) != 0;
  }
  if (w->noThread) w = 0;
  pthread_mutex_unlock(&sh->mu);
  return w;
}

static void form_copy(Form *to, const Form *from) {
  memset(to, 0, sizeof *to);
  for (int i = 0; i < from->n; i++) {
    FormField *f = &to->a[to->n++];
    f->zName = xstrdup(from->a[i].zName);
    f->zValue = xmalloc(from->a[i].nValue + 1);
    memcpy(f->zValue, from->a[i].zValue, from->a[i].nValue + 1);
    f->nValue = from->a[i].nValue;
  }
}

int web_render_later(Req *r, const char *zKey) {
  if (r->method != M_GET || r->zDetachedKey) return 1;
  Renderer *w = renderer(r->sh);
  if (!w) return 1;
  Job *j = xcalloc(1, sizeof *j);
  j->zKey = xstrdup(zKey);
  j->zPath = xstrdup(r->zPath);
  form_copy(&j->query, &r->query);
  j->user = r->user;
  if (r->nDelegated) {
    j->aDelegated = xmalloc(sizeof *j->aDelegated * (size_t)r->nDelegated);
    memcpy(j->aDelegated, r->aDelegated, sizeof *j->aDelegated * (size_t)r->nDelegated);
    j->nDelegated = r->nDelegated;
  }
  j->now = r->now;
  j->today = r->today;
  pthread_mutex_lock(&w->mu);
  int taken = !w->stop && !w->failed;
  if (taken) {
    if (w->pTail)
      w->pTail->pNext = j;
    else
      w->pHead = j;
    w->pTail = j;
    pthread_cond_signal(&w->cv);
  }
  pthread_mutex_unlock(&w->mu);
  if (!taken) job_free(j);
  return !taken;
}

void web_render_stop(Shared *sh) {
  Renderer *w = sh->pRender;
  if (!w) return;
  pthread_mutex_lock(&w->mu);
  w->stop = 1;
  pthread_cond_signal(&w->cv);
  pthread_mutex_unlock(&w->mu);
  if (!w->noThread) pthread_join(w->th, 0);
  pthread_cond_destroy(&w->cv);
  pthread_mutex_destroy(&w->mu);
  free(w);
  sh->pRender = 0;
}
