/*
** http.c: the server loop around libmicrohttpd.
**
** Connections are served by MHD's internal epoll thread pool. A request's
** body arrives over several callbacks; the response is queued only on the
** last one (queuing on the first would close every keep-alive connection).
** Each worker thread opens its own SQLite connection on first use (WAL lets
** readers run beside the one writer). The access log gets one line per
** request when MHD reports it complete: time, client address (as the proxy
** rules decide it), user, method, path, status, bytes, microseconds, and on a
** sign-in or sign-out the login tried or ended; an alert line on standard
** error when failed sign-ins start a wait. Bounded for an exposed server:
** connections at once and per address, an idle timeout, a deadline for the
** body, and no body read before web_admit has said how much the route accepts
** (none on 404, 401...).
** Not for: routing or checks (web.c).
*/
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "evidence.h"
#include "notify_timer.h"

/* Per connection-request state, from the first callback to completion. */
typedef struct Conn {
  Req r;        /* filled and admitted when the headers arrive */
  int answered; /* a response is queued */
  Buf body;
  char zAddr[72]; /* r.zAddr */
  struct timespec t0;
  int status;
  size_t bytes;
  char zUser[64];
  char zLogin[64]; /* r.zLogLogin */
  int alertWait;   /* r.alertWait */
  char zMethod[8];
  char zPath[200];
} Conn;

static Db *worker_db(Shared *sh) {
  Db *db = pthread_getspecific(sh->dbKey);
  if (db) return db;
  char *zErr = 0;
  if (db_open(sh->o->zDbPath, 0, &db, &zErr)) {
    fprintf(stderr, "auditrack: %s\n", zErr);
    free(zErr);
    return 0;
  }
  if (sh->writesRefused) db_gate(db, DB_GATE_REFUSE);
  pthread_setspecific(sh->dbKey, db);
  pthread_mutex_lock(&sh->mu);
  if (sh->nDb < (int)(sizeof sh->apDb / sizeof sh->apDb[0])) sh->apDb[sh->nDb++] = db;
  pthread_mutex_unlock(&sh->mu);
  return db;
}

static const char *header(struct MHD_Connection *c, const char *zName) {
  return MHD_lookup_connection_value(c, MHD_HEADER_KIND, zName);
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *zKey,
                                 const char *zValue) {
  (void)kind;
  Req *r = cls;
  if (r->query.n == FORM_MAX_FIELDS || !zKey || strlen(zKey) > FORM_MAX_NAME) return MHD_YES;
  FormField *f = &r->query.a[r->query.n++];
  memset(f, 0, sizeof *f);
  f->zName = xstrdup(zKey);
  f->zValue = xstrdup(zValue ? zValue : "");
  f->nValue = strlen(f->zValue);
  return MHD_YES;
}

/* The peer's address as text ("" if unknown). */
static void peer_addr(struct MHD_Connection *c, char *z, size_t n) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  z[0] = 0;
  if (!ci || !ci->client_addr) return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, z, (socklen_t)n);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, z, (socklen_t)n);
  }
}

/* Is the peer the proxy whose X-Forwarded-* headers --trust-proxy believes: the
** address --proxy-address names, else any loopback address? Anyone else could
** send those headers to choose the address throttling counts. */
static int from_proxy(const Shared *sh, const char *zPeer) {
  if (!sh->o->trustProxy) return 0;
  if (sh->o->zProxyAddr) return !strcmp(zPeer, sh->o->zProxyAddr);
  return !strncmp(zPeer, "127.", 4) || !strcmp(zPeer, "::1");
}

static void client_addr(struct MHD_Connection *c, const Shared *sh, char *z, size_t n,
                        int *pProxied) {
  peer_addr(c, z, n);
  *pProxied = from_proxy(sh, z);
  if (*pProxied) {
    const char *zFwd = header(c, "X-Forwarded-For");
    if (zFwd && zFwd[0]) {
      /* The last hop is the one our proxy added. */
      const char *p = strrchr(zFwd, ',');
      p = p ? p + 1 : zFwd;
      while (*p == ' ') p++;
      snprintf(z, n, "%.60s", p);
    }
  }
}

/* Microseconds since t0 (CLOCK_MONOTONIC). */
static long long since_us(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1000000LL + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

static const char zCsp[] =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' "
    "data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

static enum MHD_Result respond(struct MHD_Connection *c, Req *r, Conn *k) {
  struct MHD_Response *resp;
  size_t n;
  if (r->pStatic) {
    n = r->nStatic;
    resp = MHD_create_response_from_buffer(n, (void *)r->pStatic, MHD_RESPMEM_PERSISTENT);
  } else {
    n = r->body.n;
    resp = MHD_create_response_from_buffer(n, buf_steal(&r->body), MHD_RESPMEM_MUST_FREE);
  }
  MHD_add_response_header(resp, "Content-Type", r->zType ? r->zType : "text/html; charset=utf-8");
  MHD_add_response_header(resp, "Content-Security-Policy", zCsp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
  if (r->secure) MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
  if (r->noStore)
    MHD_add_response_header(resp, "Cache-Control", "no-store");
  else if (r->zEtag[0]) {
    MHD_add_response_header(resp, "Cache-Control", "public, max-age=3600");
    MHD_add_response_header(resp, "ETag", r->zEtag);
  }
  if (r->zLocation) MHD_add_response_header(resp, "Location", r->zLocation);
  if (r->zDisposition) MHD_add_response_header(resp, "Content-Disposition", r->zDisposition);
  if (r->zLink) MHD_add_response_header(resp, "Link", r->zLink);
  if (r->hasTotal) {
    char z[24];
    snprintf(z, sizeof z, "%lld", r->total);
    MHD_add_response_header(resp, "X-Total-Count", z);
  }
  if (r->status == 405) {
    const Route *rt = r->route;
    MHD_add_response_header(resp, "Allow",
                            rt && (rt->methods & M_POST) && (rt->methods & M_GET)
                                ? "GET, HEAD, POST"
                            : rt && (rt->methods & M_POST) ? "POST"
                                                           : "GET, HEAD");
  }
  for (int i = 0; i < r->nCookie; i++) MHD_add_response_header(resp, "Set-Cookie", r->azCookie[i]);
  k->status = r->status;
  k->bytes = n;
  if (r->signedIn) snprintf(k->zUser, sizeof k->zUser, "%s", r->user.zLogin);
  memcpy(k->zLogin, r->zLogLogin, sizeof k->zLogin);
  k->alertWait = r->alertWait;
  web_ops_count(r->sh, r->route, r->status, since_us(&k->t0));
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result plain(struct MHD_Connection *c, Conn *k, unsigned status, const char *zMsg) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(strlen(zMsg), (void *)zMsg, MHD_RESPMEM_PERSISTENT);
  MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
  MHD_add_response_header(resp, "Content-Security-Policy", zCsp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Connection", "close");
  k->status = (int)status;
  k->bytes = strlen(zMsg);
  web_ops_count(k->r.sh, 0, k->status, since_us(&k->t0));
  enum MHD_Result ret = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *zKey,
                                    const char *zValue) {
  (void)kind, (void)zValue;
  if (zKey && !strcasecmp(zKey, "Content-Length")) (*(int *)cls)++;
  return MHD_YES;
}

/* Fill r from the headers and make the checks that need no body. Returns 0 when
** the body (of at most r->bodyLimit bytes) may be read, ADMIT_NO_DB when this
** worker has no database connection, else the status of the answer left in r
** (503 among them: a database that refuses writes). */
#define ADMIT_NO_DB (-1)
static int admit(struct MHD_Connection *c, Shared *sh, Conn *k, const char *zUrl,
                 const char *zMethod, const char *zVersion) {
  Req *r = &k->r;
  /* HEAD is answered as GET: libmicrohttpd sends the headers (Content-Length
  ** included) without the body. */
  int isHead = !strcmp(zMethod, "HEAD");
  r->method = !strcmp(zMethod, "GET") || isHead ? M_GET : !strcmp(zMethod, "POST") ? M_POST : 0;
  r->zPath = zUrl;
  r->zHost = header(c, "Host");
  r->zOrigin = header(c, "Origin");
  r->zReferer = header(c, "Referer");
  r->zCookie = header(c, "Cookie");
  r->zAuth = header(c, "Authorization");
  r->zContentType = header(c, "Content-Type");
  r->zAccept = header(c, "Accept");
  r->zAgent = header(c, "User-Agent");
  int proxied = 0;
  client_addr(c, sh, k->zAddr, sizeof k->zAddr, &proxied);
  r->zAddr = k->zAddr;
  const union MHD_ConnectionInfo *tls = MHD_get_connection_info(c, MHD_CONNECTION_INFO_PROTOCOL);
  const char *zProto = proxied ? header(c, "X-Forwarded-Proto") : 0;
  r->secure = (tls != 0) || (zProto && !strcmp(zProto, "https"));
  r->sh = sh;
  r->limits = &sh->o->limits;
  /* The one place a request reads the clock. Times (sessions, throttling) stay on the
  ** real clock; the date the request takes as today may be fixed for tests. */
  r->now = (long long)time(0);
  r->today = sh->o->today != DAY_NONE ? sh->o->today : day_today();
  MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, r);
  /* Two lengths, or none of the host HTTP/1.1 requires: a request smuggled past a
  ** proxy that read it differently. */
  int nLength = 0;
  MHD_get_connection_values(c, MHD_HEADER_KIND, count_length, &nLength);
  if (nLength > 1 || (!r->zHost && zVersion && !strcmp(zVersion, "HTTP/1.1"))) {
    r->status = 400;
    return 400;
  }
  r->db = worker_db(sh);
  if (!r->db) return ADMIT_NO_DB;
  if (web_admit(r) < 0) return r->status;
  const char *zLength = header(c, "Content-Length");
  if (zLength && strtoull(zLength, 0, 10) > (unsigned long long)r->bodyLimit) {
    web_error(r, 413,
              r->method == M_POST ? "The form or file is too large."
                                  : "This page does not accept a body.");
    return 413;
  }
  return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *zUrl,
                                  const char *zMethod, const char *zVersion, const char *zData,
                                  size_t *pnData, void **ppCon) {
  Shared *sh = cls;
  Conn *k = *ppCon;
  if (!k) {
    k = xcalloc(1, sizeof *k);
    clock_gettime(CLOCK_MONOTONIC, &k->t0);
    snprintf(k->zMethod, sizeof k->zMethod, "%s", zMethod);
    snprintf(k->zPath, sizeof k->zPath, "%s", zUrl);
    __atomic_add_fetch(&sh->nActive, 1, __ATOMIC_SEQ_CST);
    *ppCon = k;
    /* Answered now, before any byte of the body is read: libmicrohttpd then
    ** closes the connection instead of reading on. */
    int st = admit(c, sh, k, zUrl, zMethod, zVersion);
    if (st) k->answered = 1;
    if (st == 400) return plain(c, k, 400, "The request is malformed.\n");
    if (st == ADMIT_NO_DB) return plain(c, k, 503, "The database cannot be opened.\n");
    return st ? respond(c, &k->r, k) : MHD_YES;
  }
  if (k->answered) {
    *pnData = 0;
    return MHD_YES;
  }
  if (*pnData) {
    /* A chunked body has no length up front: count it as it comes, and close
    ** the connection once it passes what the route accepts. A body that
    ** trickles in past the deadline is closed too. */
    if (k->body.n + *pnData > (size_t)k->r.bodyLimit) return MHD_NO;
    if ((long long)time(0) - k->r.now > sh->o->requestSeconds) return MHD_NO;
    /* The whole announced body at once: a buffer that grew by moving would leave
    ** copies of a password in freed memory, where on_done's wipe cannot reach. */
    const char *zLength = k->body.cap ? 0 : header(c, "Content-Length");
    if (zLength) buf_reserve(&k->body, (size_t)strtoull(zLength, 0, 10));
    buf_append(&k->body, zData, *pnData);
    *pnData = 0;
    return MHD_YES;
  }
  Req *r = &k->r;
  r->zBody = k->body.n ? k->body.z : "";
  r->nBody = k->body.n;
  web_dispatch(r);
  k->answered = 1;
  return respond(c, r, k);
}

/* A field of the access log as one word: control characters, spaces, quotes and
** backslashes as \xHH, so that a path holding %0A cannot forge a line. */
static void log_field(char *zOut, size_t nOut, const char *z) {
  size_t n = 0;
  for (; *z && n + 5 < nOut; z++) {
    unsigned char ch = (unsigned char)*z;
    if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '\\') {
      n += (size_t)snprintf(zOut + n, nOut - n, "\\x%02X", ch);
    } else {
      zOut[n++] = (char)ch;
    }
  }
  zOut[n] = 0;
}

/* One access log line as a JSON object, for log collectors: the same fields as
** the text line (user and login only when known), each string escaped by
** buf_json_str (a path or login cannot break the line or forge a field). */
static void log_json(FILE *f, const char *zTime, const Conn *k, long long us, int completed) {
  Buf b = BUF_INIT;
  buf_puts(&b, "{\"time\":");
  buf_json_str(&b, zTime);
  buf_puts(&b, ",\"addr\":");
  buf_json_str(&b, k->zAddr);
  if (k->zUser[0]) {
    buf_puts(&b, ",\"user\":");
    buf_json_str(&b, k->zUser);
  }
  buf_puts(&b, ",\"method\":");
  buf_json_str(&b, k->zMethod);
  buf_puts(&b, ",\"path\":");
  buf_json_str(&b, k->zPath);
  buf_appendf(&b, ",\"status\":%d,\"bytes\":%zu,\"us\":%lld", k->status, k->bytes, us);
  if (k->zLogin[0]) {
    buf_puts(&b, ",\"login\":");
    buf_json_str(&b, k->zLogin);
  }
  buf_appendf(&b, ",\"completed\":%s}\n", completed ? "true" : "false");
  fputs(buf_cstr(&b), f);
  buf_free(&b);
}

static void on_done(void *cls, struct MHD_Connection *c, void **ppCon,
                    enum MHD_RequestTerminationCode why) {
  (void)c;
  Shared *sh = cls;
  Conn *k = *ppCon;
  if (!k) return;
  *ppCon = 0;
  if (k->status) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long us = (t1.tv_sec - k->t0.tv_sec) * 1000000LL + (t1.tv_nsec - k->t0.tv_nsec) / 1000;
    time_t now = time(0);
    struct tm tm;
    char zTime[32];
    gmtime_r(&now, &tm);
    strftime(zTime, sizeof zTime, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char zAddr[4 * sizeof k->zAddr], zUser[4 * sizeof k->zUser], zMethod[4 * sizeof k->zMethod],
        zPath[4 * sizeof k->zPath], zLogin[4 * sizeof k->zLogin];
    log_field(zAddr, sizeof zAddr, k->zAddr[0] ? k->zAddr : "-");
    log_field(zUser, sizeof zUser, k->zUser[0] ? k->zUser : "-");
    log_field(zMethod, sizeof zMethod, k->zMethod);
    log_field(zPath, sizeof zPath, k->zPath);
    log_field(zLogin, sizeof zLogin, k->zLogin);
    /* One fprintf per line: stdio's lock keeps lines whole across threads. */
    if (sh->o->logJson)
      log_json(sh->o->log, zTime, k, us, why == MHD_REQUEST_TERMINATED_COMPLETED_OK);
    else
      fprintf(sh->o->log, "%s %s %s %s %s %d %zu %lldus%s%s%s\n", zTime, zAddr, zUser, zMethod,
              zPath, k->status, k->bytes, us, k->zLogin[0] ? " login=" : "", zLogin,
              why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (not completed)");
    __atomic_add_fetch(&sh->nServed, 1, __ATOMIC_SEQ_CST);
    /* On standard error (the journal under systemd), where an alerting tool
    ** watches for "auditrack: alert:". */
    if (k->alertWait)
      fprintf(
          stderr,
          "auditrack: alert: failed sign-ins from %s, last as login=%s: the next try waits %d s\n",
          zAddr, zLogin, k->alertWait);
  }
  web_req_free(&k->r); /* its forms wiped (form_free) */
  buf_wipe(&k->body);  /* the body may hold a password */
  buf_free(&k->body);
  free(k);
  __atomic_sub_fetch(&sh->nActive, 1, __ATOMIC_SEQ_CST);
}

static int parse_listen(const char *z, struct sockaddr_in *sa) {
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  const char *zColon = strrchr(z, ':');
  char zHost[64];
  if (!zColon || zColon - z >= (long)sizeof zHost) return 1;
  memcpy(zHost, z, (size_t)(zColon - z));
  zHost[zColon - z] = 0;
  char *zEnd = 0;
  long port = strtol(zColon + 1, &zEnd, 10);
  if (*zEnd || port < 0 || port > 65535) return 1;
  sa->sin_port = htons((unsigned short)port);
  if (!zHost[0] || !strcmp(zHost, "*"))
    sa->sin_addr.s_addr = htonl(INADDR_ANY);
  else if (!strcmp(zHost, "localhost"))
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  else if (inet_pton(AF_INET, zHost, &sa->sin_addr) != 1)
    return 1;
  return 0;
}

/* The options' defaults, and what the workers read of them. */
static void shared_defaults(Shared *sh) {
  if (!sh->o->log) sh->o->log = stderr;
  if (sh->o->nThread <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    sh->o->nThread = n > 0 ? (int)n : 2;
  }
  if (sh->o->uploadLimit <= 0) sh->o->uploadLimit = 10L << 20;
  if (sh->o->maxConn <= 0) sh->o->maxConn = HTTP_MAX_CONN;
  if (sh->o->maxPerAddr == 0) sh->o->maxPerAddr = sh->o->trustProxy ? -1 : HTTP_MAX_PER_ADDR;
  if (sh->o->idleSeconds <= 0) sh->o->idleSeconds = HTTP_IDLE_SECONDS;
  if (sh->o->requestSeconds <= 0) sh->o->requestSeconds = HTTP_REQUEST_SECONDS;
  sh->writesRefused = sh->o->writesRefused;
  sh->uploadLimit = sh->o->uploadLimit;
  sh->uploadBodyLimit = sh->uploadLimit * 2 + (1L << 20);
  if (sh->o->evidenceUserMb == 0) sh->o->evidenceUserMb = HTTP_EVIDENCE_USER_MB;
  if (sh->o->evidenceTotalMb == 0) sh->o->evidenceTotalMb = HTTP_EVIDENCE_TOTAL_MB;
  sh->evidenceQuota.userBytes =
      sh->o->evidenceUserMb > 0 ? (long long)sh->o->evidenceUserMb << 20 : 0;
  sh->evidenceQuota.totalBytes =
      sh->o->evidenceTotalMb > 0 ? (long long)sh->o->evidenceTotalMb << 20 : 0;
}

int http_serve(const ServeOpts *o) {
  struct sockaddr_in sa;
  if (parse_listen(o->zListen, &sa)) {
    fprintf(stderr, "auditrack: --listen '%s' is not ADDRESS:PORT (as 127.0.0.1:8080)\n",
            o->zListen);
    return 1;
  }
  Shared *sh = xcalloc(1, sizeof *sh);
  ServeOpts opts = *o; /* lives until the server has stopped */
  sh->o = &opts;
  shared_defaults(sh);
  Buf dir = BUF_INIT;
  if (o->zEvidenceDir)
    buf_puts(&dir, o->zEvidenceDir);
  else
    buf_appendf(&dir, "%s.evidence", o->zDbPath);
  sh->zEvidenceDir = buf_steal(&dir);
  buf_appendf(&dir, "%s/trackers", sh->zEvidenceDir); /* made by the first upload */
  sh->zTrackerDir = buf_steal(&dir);
  /* On read-only storage the register can still be read: serve it, and make the
  ** directory at the first upload once the storage is read-write. */
  int mk = mkdir(sh->zEvidenceDir, 0700) ? errno : 0;
  if (mk == EROFS) {
    fprintf(stderr,
            "auditrack: the evidence directory %s cannot be made on read-only storage: "
            "uploads are refused until it can\n",
            sh->zEvidenceDir);
  } else if (mk && mk != EEXIST) {
    fprintf(stderr, "auditrack: cannot create the evidence directory %s: %s\n", sh->zEvidenceDir,
            strerror(errno));
    free(sh->zEvidenceDir);
    free(sh->zTrackerDir);
    free(sh);
    return 1;
  }
  /* Trackers uploaded and abandoned while the server was down. */
  if (sh->o->trackerHours <= 0) sh->o->trackerHours = HTTP_TRACKER_HOURS;
  sh->trackerSeconds = sh->o->trackerHours * 3600LL;
  (void)evidence_sweep(sh->zTrackerDir, time(0), sh->trackerSeconds, WEB_TRACKERS_KEPT);
  pthread_key_create(&sh->dbKey, 0);
  pthread_mutex_init(&sh->mu, 0);
  pthread_cond_init(&sh->flightCv, 0);
  sh->pOps = web_ops_new(o->zMetricsAllow, o->zMetricsToken);

  /* Signals go to this thread only: block them before MHD starts its workers. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, 0);
  signal(SIGPIPE, SIG_IGN);

  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO, 0, 0, 0, on_request, sh,
      MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
      (unsigned)sh->o->nThread, MHD_OPTION_NOTIFY_COMPLETED, on_done, sh,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)sh->o->idleSeconds, MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)sh->o->maxConn, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)(sh->o->maxPerAddr > 0 ? sh->o->maxPerAddr : 0), MHD_OPTION_LISTENING_ADDRESS_REUSE,
      (unsigned)1, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "auditrack: cannot listen on %s (in use, or not an address of this machine)\n",
            o->zListen);
    pthread_sigmask(SIG_UNBLOCK, &set, 0);
    web_ops_free(sh->pOps);
    web_shared_free(sh);
    return 1;
  }
  /* Before the line that says the server is up: from then on /healthz says "loading"
  ** until the register is read. */
  web_register_preload(sh);
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  char zHost[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &sa.sin_addr, zHost, sizeof zHost);
  fprintf(stderr, "auditrack: serving %s at http://%s:%u/ with %d threads (schema version %d)\n",
          o->zDbPath, zHost, di ? di->port : ntohs(sa.sin_port), sh->o->nThread,
          db_schema_version());
  struct timespec tStart;
  clock_gettime(CLOCK_MONOTONIC, &tStart);
  fflush(stderr);
  /* A notification run writes what it sent: none while writes are refused. Requests
  ** may kick it from now on (its first tick sends what is due anyway); it is stopped
  ** once the last request has finished. */
  if (!sh->writesRefused)
    __atomic_store_n(&sh->pTimer, notify_timer_start(o->zDbPath, o->today), __ATOMIC_RELEASE);

  int sig = 0;
  sigwait(&set, &sig);
  /* Stop accepting, let the requests in flight finish (up to 10 s), then stop:
  ** idle keep-alive connections are simply closed. */
  MHD_socket ls = MHD_quiesce_daemon(d);
  for (int i = 0; i < 100; i++) {
    if (__atomic_load_n(&sh->nActive, __ATOMIC_SEQ_CST) == 0) break;
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, 0);
  }
  MHD_stop_daemon(d);
  if (ls != MHD_INVALID_SOCKET) close(ls);
  notify_timer_stop(sh->pTimer);
  struct timespec tStop;
  clock_gettime(CLOCK_MONOTONIC, &tStop);
  fprintf(stderr, "auditrack: stopped (%s) after %lld s and %lld requests\n",
          sig == SIGTERM ? "SIGTERM" : "SIGINT", (long long)(tStop.tv_sec - tStart.tv_sec),
          __atomic_load_n(&sh->nServed, __ATOMIC_SEQ_CST));
  web_ops_free(sh->pOps);
  web_shared_free(sh);
  return 0;
}
