/*
** cli_serve.c: `serve` (the web application: its limits and log read from the
** options, then http_serve) and `routes` (its route table, for documentation
** and the generated access tests).
** Not for: accounts (cli_user.c), or what the routes do (web.c, page_*.c).
*/
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "http.h"
#include "web.h"

int cmd_serve(Ctx *c, Args *a) {
  ServeOpts o;
  memset(&o, 0, sizeof o);
  o.zListen = arg_get(a, "listen") ? arg_get(a, "listen") : "127.0.0.1:8080";
  o.zDbPath = c->zDbPath;
  o.today = c->todayFixed;
  o.zEvidenceDir = arg_get(a, "evidence-dir");
  o.nThread = arg_get(a, "threads") ? atoi(arg_get(a, "threads")) : 0;
  o.trustProxy = arg_has(a, "trust-proxy") || arg_get(a, "proxy-address");
  o.zProxyAddr = arg_get(a, "proxy-address");
  auth_limits_default(&o.limits);
  if (arg_get(a, "upload-mb")) {
    long mb = atol(arg_get(a, "upload-mb"));
    if (mb < 1 || mb > 1024) {
      cli_err("--upload-mb must be from 1 to 1024");
      return EXIT_USAGE;
    }
    o.uploadLimit = mb << 20;
  }
  if (arg_get(a, "idle-minutes")) {
    int m = atoi(arg_get(a, "idle-minutes"));
    if (m < 1 || m > 24 * 60) {
      cli_err("--idle-minutes must be from 1 to 1440");
      return EXIT_USAGE;
    }
    o.limits.idleSeconds = m * 60;
  }
  if (arg_get(a, "session-hours")) {
    int h = atoi(arg_get(a, "session-hours"));
    if (h < 1 || h > 24 * 30) {
      cli_err("--session-hours must be from 1 to 720");
      return EXIT_USAGE;
    }
    o.limits.absoluteSeconds = h * 3600;
  }
  static const struct {
    const char *zOpt;
    int lo, hi;
    size_t off;
  } aLimit[] = {
      {"max-connections", 1, 100000, offsetof(ServeOpts, maxConn)},
      {"max-per-address", 0, 100000, offsetof(ServeOpts, maxPerAddr)},
      {"idle-seconds", 1, 3600, offsetof(ServeOpts, idleSeconds)},
      {"request-seconds", 1, 3600, offsetof(ServeOpts, requestSeconds)},
      {"lockout-seconds", 1, 86400, offsetof(ServeOpts, limits.lockSeconds)},
      {"throttle-seconds", 1, 86400, offsetof(ServeOpts, limits.firstWait)},
      {"evidence-user-mb", 0, 1000000, offsetof(ServeOpts, evidenceUserMb)},
      {"evidence-total-mb", 0, 100000000, offsetof(ServeOpts, evidenceTotalMb)},
      {"tracker-hours", 1, 8760, offsetof(ServeOpts, trackerHours)},
  };
  for (size_t i = 0; i < sizeof aLimit / sizeof aLimit[0]; i++) {
    const char *z = arg_get(a, aLimit[i].zOpt);
    if (!z) continue;
    char *zEnd = 0;
    long v = strtol(z, &zEnd, 10);
    if (!z[0] || *zEnd || v < aLimit[i].lo || v > aLimit[i].hi) {
      cli_err("--%s must be from %d to %d", aLimit[i].zOpt, aLimit[i].lo, aLimit[i].hi);
      return EXIT_USAGE;
    }
    /* --max-per-address 0 and the evidence quotas' 0: no cap (ServeOpts says -1;
    ** its 0 is the default). */
    *(int *)((char *)&o + aLimit[i].off) = v ? (int)v : -1;
  }
  if (arg_get(a, "throttle-clock")) {
    /* A testing aid: sign-in throttling counts by this time, which never moves. */
    const char *z = arg_get(a, "throttle-clock");
    char *zEnd = 0;
    long long t = strtoll(z, &zEnd, 10);
    if (!z[0] || *zEnd || t < 1 || t > 253402300799LL) {
      cli_err("--throttle-clock must be a time in unix seconds, from 1 to 253402300799");
      return EXIT_USAGE;
    }
    o.limits.fixedNow = t;
  }
  if (o.nThread < 0 || o.nThread > 128) {
    cli_err("--threads must be from 1 to 128");
    return EXIT_USAGE;
  }
  FILE *log = 0;
  if (arg_get(a, "log")) {
    log = fopen(arg_get(a, "log"), "a");
    if (!log) {
      cli_err("cannot open the log %s", arg_get(a, "log"));
      return EXIT_FAIL;
    }
    setvbuf(log, 0, _IOLBF, 0);
    o.log = log;
  }
  /* A damaged database is served for reading only (db.h: the integrity gate). */
  Buf bad = BUF_INIT;
  if (db_quick_check(c->db, &bad)) {
    fprintf(stderr, "%sauditrack: %s; until then it is served for reading only\n", buf_cstr(&bad),
            DB_DAMAGED);
    o.writesRefused = 1;
  }
  buf_free(&bad);
  /* The workers open their own connections; this one only proved the database opens. */
  db_close(c->db);
  c->db = 0;
  int rc = http_serve(&o) ? EXIT_FAIL : EXIT_OK;
  if (log) fclose(log);
  return rc;
}

int cmd_routes(Ctx *c, Args *a) {
  web_routes_describe(&c->out, arg_has(a, "fields"));
  return EXIT_OK;
}
