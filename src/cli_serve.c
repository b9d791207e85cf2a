/*
** cli_serve.c: `serve` (the web application: its limits and log read from the
** options, then http_serve) and `routes` (its route table, for documentation
** and the generated access tests).
** Not for: accounts (cli_user.c), or what the routes do (web.c, page_*.c).
*/
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cli.h"
#include "config.h"
#include "http.h"
#include "web.h"

/* --zOpt as a whole number in the range config.c declares for it: 0 and *pV when
** given, 1 when not, -1 after printing why it is wrong. */
static int serve_int(const Args *a, const char *zOpt, long *pV) {
  const char *z = arg_get(a, zOpt);
  if (!z) return 1;
  Buf err = BUF_INIT;
  int i = config_key_find(zOpt);
  assert(i >= 0 && config_keys[i].kind == CONF_INT);
  if (config_value_check(i, z, &err)) {
    cli_err("--%s: %s", zOpt, buf_cstr(&err));
    buf_free(&err);
    return -1;
  }
  *pV = strtol(z, 0, 10);
  return 0;
}

int cmd_serve(Ctx *c, Args *a) {
  ServeOpts o;
  memset(&o, 0, sizeof o);
  o.zListen = arg_get(a, "listen") ? arg_get(a, "listen") : "127.0.0.1:8080";
  o.zDbPath = c->zDbPath;
  o.today = c->todayFixed;
  o.zEvidenceDir = arg_get(a, "evidence-dir");
  o.trustProxy = arg_has(a, "trust-proxy") || arg_get(a, "proxy-address");
  o.logJson = arg_has(a, "log-json");
  o.zProxyAddr = arg_get(a, "proxy-address");
  o.zMetricsAllow = arg_get(a, "metrics-allow") ? arg_get(a, "metrics-allow") : "127.0.0.1,::1";
  o.zMetricsToken = arg_get(a, "metrics-token");
  Buf err = BUF_INIT;
  static const char *const azCheck[] = {"metrics-allow", "metrics-token", "proxy-address"};
  for (size_t i = 0; i < sizeof azCheck / sizeof azCheck[0]; i++) {
    const char *z = arg_get(a, azCheck[i]);
    if (z && config_value_check(config_key_find(azCheck[i]), z, &err)) {
      cli_err("--%s: %s", azCheck[i], buf_cstr(&err));
      buf_free(&err);
      return EXIT_USAGE;
    }
  }
  auth_limits_default(&o.limits);
  long v = 0;
  int r;
  if ((r = serve_int(a, "threads", &v)) < 0) return EXIT_USAGE;
  if (r == 0) o.nThread = (int)v;
  if ((r = serve_int(a, "upload-mb", &v)) < 0) return EXIT_USAGE;
  if (r == 0) o.uploadLimit = v << 20;
  if ((r = serve_int(a, "idle-minutes", &v)) < 0) return EXIT_USAGE;
  if (r == 0) o.limits.idleSeconds = (int)v * 60;
  if ((r = serve_int(a, "session-hours", &v)) < 0) return EXIT_USAGE;
  if (r == 0) o.limits.absoluteSeconds = (int)v * 3600;
  static const struct {
    const char *zOpt;
    size_t off;
  } aLimit[] = {
      {"max-connections", offsetof(ServeOpts, maxConn)},
      {"max-per-address", offsetof(ServeOpts, maxPerAddr)},
      {"idle-seconds", offsetof(ServeOpts, idleSeconds)},
      {"request-seconds", offsetof(ServeOpts, requestSeconds)},
      {"lockout-seconds", offsetof(ServeOpts, limits.lockSeconds)},
      {"throttle-seconds", offsetof(ServeOpts, limits.firstWait)},
      {"evidence-user-mb", offsetof(ServeOpts, evidenceUserMb)},
      {"evidence-total-mb", offsetof(ServeOpts, evidenceTotalMb)},
      {"tracker-hours", offsetof(ServeOpts, trackerHours)},
  };
  for (size_t i = 0; i < sizeof aLimit / sizeof aLimit[0]; i++) {
    if ((r = serve_int(a, aLimit[i].zOpt, &v)) < 0) return EXIT_USAGE;
    if (r) continue;
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
