/*
** cli_user.c: accounts and API tokens from the command line, `serve` (the
** web application) and `routes` (its route table, for documentation and the
** generated access tests). Passwords are read from standard input, never from
** arguments, so they stay out of shell history and `ps`.
** Not for: what the accounts may do (web.c's capability table).
*/
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "http.h"
#include "web.h"

/* Read a password: prompted without echo on a terminal, else the first line of
** standard input. Returns 0 with the password in z (n bytes), or 1. */
static int read_password(const char *zPrompt, char *z, size_t n) {
  int tty = isatty(0);
  struct termios old, quiet;
  if (tty) {
    fprintf(stderr, "%s", zPrompt);
    fflush(stderr);
    tcgetattr(0, &old);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(0, TCSANOW, &quiet);
  }
  char *zGot = fgets(z, (int)n, stdin);
  if (tty) {
    tcsetattr(0, TCSANOW, &old);
    fputc('\n', stderr);
  }
  if (!zGot) {
    cli_err("no password given (type it, or pipe it on standard input)");
    return 1;
  }
  z[strcspn(z, "\r\n")] = 0;
  return 0;
}

static int find_user(Ctx *c, const char *zLogin, User *u) {
  if (!auth_user_get(c->db, 0, zLogin, u)) return 0;
  cli_err("no account '%s' (auditrack user list)", zLogin);
  return EXIT_FAIL;
}

static int copy_opt(const Args *a, const char *zName, char *z, size_t n) {
  const char *v = arg_get(a, zName);
  if (!v) return 0;
  if (strlen(v) >= n) {
    cli_err("--%s: at most %zu bytes", zName, n - 1);
    return EXIT_USAGE;
  }
  snprintf(z, n, "%s", v);
  return 0;
}

int cmd_user_add(Ctx *c, Args *a) {
  User u;
  memset(&u, 0, sizeof u);
  int rc;
  const char *zRole = arg_get(a, "role");
  int role = role_from_name(zRole);
  if (!zRole || role < 0) {
    cli_err("--role must be one of admin, auditor, director, owner, committee");
    return EXIT_USAGE;
  }
  u.role = (Role)role;
  if ((rc = copy_opt(a, "name", u.zName, sizeof u.zName)) ||
      (rc = copy_opt(a, "email", u.zEmail, sizeof u.zEmail)) ||
      (rc = copy_opt(a, "directorate", u.zDirectorate, sizeof u.zDirectorate)) ||
      (rc = copy_opt(a, "owner-as", u.zOwnerAs, sizeof u.zOwnerAs)))
    return rc;
  if (strlen(a->azPos[0]) >= sizeof u.zLogin) {
    cli_err("a login is at most 60 characters");
    return EXIT_USAGE;
  }
  snprintf(u.zLogin, sizeof u.zLogin, "%s", a->azPos[0]);
  char zPw[1100];
  if (read_password("New password (12 characters or more): ", zPw, sizeof zPw)) return EXIT_USAGE;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = cli_act_exit(auth_user_add(c->db, &w, &u, zPw, &err), &err);
  memset(zPw, 0, sizeof zPw);
  if (!rc) buf_appendf(&c->out, "account %s added (%s)\n", u.zLogin, role_names[u.role]);
  return rc;
}

int cmd_user_list(Ctx *c, Args *a) {
  (void)a;
  User *aU = 0;
  int n = 0;
  if (auth_user_list(c->db, &aU, &n)) return EXIT_FAIL;
  for (int i = 0; i < n; i++) {
    User *u = &aU[i];
    buf_appendf(&c->out, "%-20s %-10s %-28s %s%s%s%s%s\n", u->zLogin, role_names[u->role], u->zName,
                u->zDirectorate[0] ? "directorate: " : "", u->zDirectorate,
                u->zOwnerAs[0] && u->role == ROLE_OWNER ? "owner as: " : "",
                u->role == ROLE_OWNER ? u->zOwnerAs : "", u->disabled ? "  (disabled)" : "");
  }
  if (!n) buf_puts(&c->out, "no accounts yet: auditrack user add LOGIN --role admin\n");
  free(aU);
  return EXIT_OK;
}

int cmd_user_passwd(Ctx *c, Args *a) {
  User u;
  int rc = find_user(c, a->azPos[0], &u);
  if (rc) return rc;
  char zPw[1100];
  if (read_password("New password (12 characters or more): ", zPw, sizeof zPw)) return EXIT_USAGE;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = cli_act_exit(auth_user_password(c->db, &w, u.id, zPw, &err), &err);
  memset(zPw, 0, sizeof zPw);
  if (!rc) buf_appendf(&c->out, "password of %s changed; its sessions are ended\n", u.zLogin);
  return rc;
}

static int set_user(Ctx *c, const char *zLogin, const char *zField, const char *zValue) {
  User u;
  int rc = find_user(c, zLogin, &u);
  if (rc) return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = cli_act_exit(auth_user_set(c->db, &w, u.id, zField, zValue, &err), &err);
  if (!rc) buf_appendf(&c->out, "account %s: %s set to %s\n", u.zLogin, zField, zValue);
  return rc;
}

int cmd_user_disable(Ctx *c, Args *a) {
  return set_user(c, a->azPos[0], "disabled", arg_has(a, "enable") ? "0" : "1");
}

int cmd_user_role(Ctx *c, Args *a) { return set_user(c, a->azPos[0], "role", a->azPos[1]); }

int cmd_user_set(Ctx *c, Args *a) { return set_user(c, a->azPos[0], a->azPos[1], a->azPos[2]); }

int cmd_token_add(Ctx *c, Args *a) {
  User u;
  int rc = find_user(c, a->azPos[0], &u);
  if (rc) return rc;
  const char *zName = arg_get(a, "name") ? arg_get(a, "name") : "command line";
  char zTok[AUTH_TOKEN_MAX];
  long long id = 0;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = cli_act_exit(auth_token_create(c->db, &w, u.id, zName, zTok, &id, &err), &err);
  if (!rc) buf_appendf(&c->out, "%s\n", zTok);
  return rc;
}

int cmd_rec_delegate(Ctx *c, Args *a) {
  long long id;
  User u;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = find_user(c, a->azPos[1], &u))) return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int remove = arg_has(a, "remove");
  rc = cli_act_exit(auth_delegate(c->db, &w, id, u.id, remove, &err), &err);
  if (!rc) {
    buf_appendf(&c->out, "recommendation %lld: %s %s\n", id,
                remove ? "no longer delegated to" : "delegated to", u.zLogin);
  }
  return rc;
}

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
    /* --max-per-address 0: no cap (ServeOpts says -1; its 0 is the default). */
    *(int *)((char *)&o + aLimit[i].off) = v ? (int)v : -1;
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
