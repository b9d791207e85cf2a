/*
** http.h: `auditrack serve`: libmicrohttpd with its internal epoll thread pool,
** one SQLite connection per worker thread, an access log, and a clean stop on
** SIGTERM. It fills the server-wide Shared state (web.h) the handlers reach
** through their Req. Not for: deciding anything about a request (web.c does, via the route
** table) or rendering.
*/
#ifndef AT_HTTP_H
#define AT_HTTP_H

#include <pthread.h>
#include <stdio.h>

#include "auth.h"
#include "web.h"

typedef struct ServeOpts {
  const char *zListen; /* "127.0.0.1:8080" */
  const char *zDbPath;
  const char *zEvidenceDir;  /* default: DB path + ".evidence" */
  int nThread;               /* worker threads; default: the number of CPUs */
  int trustProxy;            /* believe X-Forwarded-For and X-Forwarded-Proto... */
  const char *zProxyAddr;    /* ...from this address only; NULL: from loopback only */
  const char *zMetricsAllow; /* the addresses /metrics answers: IPs separated by commas/spaces */
  const char *zMetricsToken; /* a bearer token that opens /metrics from anywhere; NULL: none */
  long uploadLimit;          /* one evidence file, bytes */
  int evidenceUserMb;        /* evidence files one account may add; 0: HTTP_EVIDENCE_USER_MB,
                             ** -1: no limit */
  int evidenceTotalMb;       /* evidence files in all; 0: HTTP_EVIDENCE_TOTAL_MB, -1: no limit */
  int trackerHours;          /* an uploaded tracker not imported is removed after this long;
                             ** 0: HTTP_TRACKER_HOURS */
  int maxConn;               /* open connections at once; 0: HTTP_MAX_CONN */
  int maxPerAddr;            /* of them from one address; 0: HTTP_MAX_PER_ADDR (none with
                             ** trustProxy: every client is then the proxy); -1: no cap */
  int idleSeconds;           /* a connection silent this long is closed; 0: HTTP_IDLE_SECONDS */
  int requestSeconds;        /* a request's body must have arrived by then;
                             ** 0: HTTP_REQUEST_SECONDS */
  int writesRefused;         /* the database failed its integrity check: serve reads only */
  AuthLimits limits;
  FILE *log;   /* access log; stderr by default */
  int logJson; /* the access log as JSON lines (one object per request) */
  Day today;   /* DAY_NONE: each request and notification run reads the clock; else the
                  date they all take as today (--today, AUDITRACK_TODAY: a testing aid) */
} ServeOpts;

/* Defaults of the connection limits: enough for a council's staff behind one
** address, too few for one client to hold every connection (slowloris). */
#define HTTP_MAX_CONN 512
#define HTTP_MAX_PER_ADDR 64
#define HTTP_IDLE_SECONDS 20
#define HTTP_REQUEST_SECONDS 120
/* Defaults of the evidence quota, in MB: a few hundred scanned documents per
** account, and a store a small server's disk holds. */
#define HTTP_EVIDENCE_USER_MB 200
#define HTTP_EVIDENCE_TOTAL_MB 10240
/* Default of ServeOpts.trackerHours: a day to look at a checked tracker. */
#define HTTP_TRACKER_HOURS 24

/* Serve until SIGTERM or SIGINT; returns 0 after a clean stop, 1 (message
** printed) if the server could not start. */
int http_serve(const ServeOpts *o);

#endif
