/*
** web_ops.c: what a load balancer and a monitoring system ask the server.
** /healthz says whether this process can serve: the database answers and the
** register loads (200 "ok"; else 503 and the part that failed, nothing more),
** with no sign-in. /metrics is the Prometheus text format: requests by route
** pattern and status, a latency histogram, the register's generation and size,
** the outbox and the last notification run; answered only to the addresses
** serve's metrics-allow names, or to a request bearing metrics-token, and a 404
** (as for a page that does not exist) to anyone else.
** Not for: the access log (http.c) or the figures' SQL (store_ops.c).
*/
#include <arpa/inet.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store_ops.h"
#include "web.h"

#define OPS_MAX_SERIES 512 /* (route, status) pairs; more are counted as route "other" */
#define OPS_MAX_ALLOW 16

/* Upper bounds of the latency histogram, in microseconds. */
static const long long aBucketUs[] = {1000,   5000,   10000,   25000,   50000,   100000,
                                      250000, 500000, 1000000, 2500000, 10000000};
#define N_BUCKET (sizeof aBucketUs / sizeof aBucketUs[0])

typedef struct Series {
  const char *zRoute; /* a route's pattern (static), or "none" */
  int status;
  long long n;
} Series;

typedef struct Ops {
  pthread_mutex_t mu; /* guards the counters */
  Series a[OPS_MAX_SERIES];
  int n;
  long long aBucket[N_BUCKET + 1]; /* the last: above every bound */
  long long nReq, sumUs;
  unsigned char aAllow[OPS_MAX_ALLOW][16]; /* IPv6, or IPv4-mapped IPv6 */
  int nAllow;
  char *zToken;
} Ops;

/* An address as 16 bytes (IPv4 mapped into IPv6): 0, or 1 if it is none. */
static int addr16(const char *z, unsigned char *a) {
  unsigned char v4[4];
  if (inet_pton(AF_INET6, z, a) == 1) return 0;
  if (inet_pton(AF_INET, z, v4) != 1) return 1;
  memset(a, 0, 10);
  a[10] = a[11] = 0xff;
  memcpy(a + 12, v4, 4);
  return 0;
}

void *web_ops_new(const char *zAllow, const char *zToken) {
  Ops *o = xcalloc(1, sizeof *o);
  pthread_mutex_init(&o->mu, 0);
  for (const char *z = zAllow ? zAllow : ""; *z;) {
    size_t k = strcspn(z, ", \t");
    char zIp[64];
    if (k && k < sizeof zIp && o->nAllow < OPS_MAX_ALLOW) {
      memcpy(zIp, z, k);
      zIp[k] = 0;
      if (!addr16(zIp, o->aAllow[o->nAllow])) o->nAllow++;
    }
    z += k;
    z += strspn(z, ", \t");
  }
  o->zToken = zToken && zToken[0] ? xstrdup(zToken) : 0;
  return o;
}

void web_ops_free(void *pOps) {
  Ops *o = pOps;
  if (!o) return;
  pthread_mutex_destroy(&o->mu);
  free(o->zToken);
  free(o);
}

void web_ops_count(Shared *sh, const Route *rt, int status, long long us) {
  Ops *o = sh ? sh->pOps : 0;
  if (!o) return;
  const char *zRoute = rt ? rt->zPattern : "none";
  size_t b = 0;
  while (b < N_BUCKET && us > aBucketUs[b]) b++;
  pthread_mutex_lock(&o->mu);
  int i = 0;
  while (i < o->n && (o->a[i].zRoute != zRoute || o->a[i].status != status)) i++;
  if (i == o->n && o->n < OPS_MAX_SERIES) o->a[o->n++] = (Series){zRoute, status, 0};
  if (i < o->n) o->a[i].n++;
  o->aBucket[b]++;
  o->nReq++;
  o->sumUs += us;
  pthread_mutex_unlock(&o->mu);
}

/* May this request read /metrics? */
static int ops_allowed(const Req *r, const Ops *o) {
  unsigned char a[16];
  if (r->zAddr && !addr16(r->zAddr, a)) {
    for (int i = 0; i < o->nAllow; i++) {
      if (!memcmp(a, o->aAllow[i], 16)) return 1;
    }
  }
  if (!o->zToken || !r->zAuth || strncmp(r->zAuth, "Bearer ", 7)) return 0;
  size_t n = strlen(o->zToken);
  return strlen(r->zAuth + 7) == n && !sodium_memcmp(r->zAuth + 7, o->zToken, n);
}

static void plain_answer(Req *r, int status, const char *zMsg) {
  buf_reset(&r->body);
  r->status = status;
  r->zType = "text/plain; charset=utf-8";
  r->noStore = 1;
  buf_puts(&r->body, zMsg);
}

static int ops_healthz(Req *r) {
  Register g;
  if (store_ping(r->db)) {
    plain_answer(r, 503, "database unavailable\n");
  } else if (web_register_loading(r->sh)) {
    plain_answer(r, 503, "register loading\n");
  } else if (web_register_acquire(r, &g)) {
    plain_answer(r, 503, "register not loaded\n");
  } else {
    web_register_release(r, &g);
    /* A notification run that has not finished (running now, or stopped short and
    ** retried each minute) is said for a monitor to match, but the node still
    ** serves: a load balancer must not take the register away for its e-mails. */
    OutboxHealth h;
    if (!store_outbox_health(r->db, &h) && h.zLastRun[0] && !h.zLastFinished[0]) {
      Buf t = BUF_INIT;
      buf_appendf(&t, "ok\nnotification run as at %s has not finished\n", h.zLastRun);
      plain_answer(r, 200, buf_cstr(&t));
      buf_free(&t);
    } else {
      plain_answer(r, 200, "ok\n");
    }
  }
  return 0;
}

/* The request counters and the histogram, copied under the lock. */
static void ops_requests(Ops *o, Buf *b) {
  pthread_mutex_lock(&o->mu);
  buf_puts(b, "# HELP auditrack_http_requests_total Requests answered, by route pattern and "
              "status.\n# TYPE auditrack_http_requests_total counter\n");
  for (int i = 0; i < o->n; i++) {
    buf_appendf(b, "auditrack_http_requests_total{route=\"%s\",status=\"%d\"} %lld\n",
                o->a[i].zRoute, o->a[i].status, o->a[i].n);
  }
  buf_puts(b, "# HELP auditrack_http_request_duration_seconds Time from a request's headers to "
              "its answer.\n# TYPE auditrack_http_request_duration_seconds histogram\n");
  long long cum = 0;
  for (size_t i = 0; i < N_BUCKET; i++) {
    cum += o->aBucket[i];
    buf_appendf(b, "auditrack_http_request_duration_seconds_bucket{le=\"%g\"} %lld\n",
                (double)aBucketUs[i] / 1e6, cum);
  }
  buf_appendf(b, "auditrack_http_request_duration_seconds_bucket{le=\"+Inf\"} %lld\n", o->nReq);
  buf_appendf(b, "auditrack_http_request_duration_seconds_sum %.6f\n", (double)o->sumUs / 1e6);
  buf_appendf(b, "auditrack_http_request_duration_seconds_count %lld\n", o->nReq);
  pthread_mutex_unlock(&o->mu);
}

static void gauge(Buf *b, const char *zName, const char *zHelp, long long v) {
  buf_appendf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", zName, zHelp, zName, zName, v);
}

static int ops_metrics(Req *r) {
  Ops *o = r->sh->pOps;
  if (!o || !ops_allowed(r, o)) {
    web_error(r, 404, "Page not found");
    return 0;
  }
  Register g;
  OutboxHealth h;
  if (web_register_acquire(r, &g)) return 0;
  long long gen = g.gen, nRec = g.set->n;
  web_register_release(r, &g);
  if (store_outbox_health(r->db, &h)) {
    web_error(r, 500, "The outbox could not be read.");
    return 0;
  }
  plain_answer(r, 200, "");
  r->zType = "text/plain; version=0.0.4; charset=utf-8";
  Buf *b = &r->body;
  ops_requests(o, b);
  gauge(b, "auditrack_register_generation", "The journal entry the loaded register is as of.", gen);
  gauge(b, "auditrack_register_recommendations", "Recommendations in the loaded register.", nRec);
  WebStats st;
  web_stats(r->sh, &st);
  buf_appendf(b,
              "# HELP auditrack_register_builds_total Generations of the register built, by a "
              "full read or by applying the journal's new entries.\n"
              "# TYPE auditrack_register_builds_total counter\n"
              "auditrack_register_builds_total{kind=\"full\"} %lld\n"
              "auditrack_register_builds_total{kind=\"delta\"} %lld\n",
              st.nFull, st.nDelta);
  buf_appendf(b,
              "# HELP auditrack_register_last_build_seconds The last build of the register.\n"
              "# TYPE auditrack_register_last_build_seconds gauge\n"
              "auditrack_register_last_build_seconds %.6f\n"
              "# HELP auditrack_register_build_seconds_total Every build of the register.\n"
              "# TYPE auditrack_register_build_seconds_total counter\n"
              "auditrack_register_build_seconds_total %.6f\n",
              (double)st.lastBuildUs / 1e6, (double)st.sumBuildUs / 1e6);
  buf_appendf(b,
              "# HELP auditrack_render_cache_lookups_total Cached renderings asked for: found "
              "at the register's generation, an earlier one given while it is rendered, or "
              "rendered.\n# TYPE auditrack_render_cache_lookups_total counter\n"
              "auditrack_render_cache_lookups_total{result=\"hit\"} %lld\n"
              "auditrack_render_cache_lookups_total{result=\"stale\"} %lld\n"
              "auditrack_render_cache_lookups_total{result=\"miss\"} %lld\n",
              st.nHit, st.nStale, st.nMiss);
  buf_appendf(b,
              "# HELP auditrack_render_background_total Renderings made again on the "
              "renderer's thread after a write, while readers were given the earlier one.\n"
              "# TYPE auditrack_render_background_total counter\n"
              "auditrack_render_background_total %lld\n",
              st.nBackground);
  buf_puts(b, "# HELP auditrack_outbox_messages E-mail messages waiting: queued, those of them "
              "that failed at least once, and those held as may have been sent.\n"
              "# TYPE auditrack_outbox_messages gauge\n");
  buf_appendf(b, "auditrack_outbox_messages{state=\"queued\"} %lld\n", h.nQueued);
  buf_appendf(b, "auditrack_outbox_messages{state=\"failed\"} %lld\n", h.nFailed);
  buf_appendf(b, "auditrack_outbox_messages{state=\"held\"} %lld\n", h.nHeld);
  Day d = DAY_NONE;
  DateParse p;
  char zErr[8];
  if (h.zLastRun[0] && !day_parse(h.zLastRun, DF_ISO, &p, zErr, sizeof zErr)) d = p.day;
  gauge(b, "auditrack_notify_last_run_timestamp_seconds",
        "The as-at date of the last notification run, as unix time (0: none yet).",
        d == DAY_NONE ? 0 : (long long)d * 86400);
  gauge(b, "auditrack_notify_last_run_finished",
        "1 when the last notification run finished, 0 while it runs or if it stopped short.",
        h.zLastFinished[0] != 0);
  return 0;
}

const Route web_ops_routes[] = {
    {M_GET, "/healthz", CAP_PUBLIC, ACC_NONE, 0, 0, ops_healthz, 0,
     "health check for load balancers: 200 ok, or 503 and what failed"},
    {M_GET, "/metrics", CAP_PUBLIC, ACC_NONE, 0, 0, ops_metrics, 0,
     "Prometheus metrics, to serve's metrics-allow addresses or with its metrics-token"},
    {0, 0, 0, 0, 0, 0, 0, 0, 0},
};
