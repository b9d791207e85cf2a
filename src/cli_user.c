/*
** cli_user.c: accounts and API tokens from the command line. Passwords are
** read from standard input, never from arguments, so they stay out of shell
** history and `ps`.
** Not for: what the accounts may do (web.c's capability table), or serving
** the web application (cli_serve.c).
*/
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <sodium.h>
#include <unistd.h>

#include "auth.h"
#include "auth_account.h"
#include "cli.h"

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
  /* Unbuffered: stdio's buffer would keep a copy of the password that nothing wipes. */
  setvbuf(stdin, 0, _IONBF, 0);
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
  int rc = auth_user_get(c->db, 0, zLogin, u);
  if (!rc) return 0;
  if (rc < 0)
    cli_err("%s", db_errmsg(c->db));
  else
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
  if (read_password("New password (12 characters or more): ", zPw, sizeof zPw)) {
    sodium_memzero(zPw, sizeof zPw);
    return EXIT_USAGE;
  }
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = auth_user_add(c->db, &w, &u, zPw, &err);
  sodium_memzero(zPw, sizeof zPw);
  return cli_act_done(c, rc, &err, "account %s added (%s)\n", u.zLogin, role_names[u.role]);
}

int cmd_user_invite(Ctx *c, Args *a) {
  User u;
  memset(&u, 0, sizeof u);
  int rc, role = role_from_name(arg_get(a, "role"));
  if (strlen(a->azPos[0]) >= sizeof u.zLogin) {
    cli_err("a login is at most 60 characters");
    return EXIT_USAGE;
  }
  rc = auth_user_get(c->db, 0, a->azPos[0], &u);
  if (rc) snprintf(u.zLogin, sizeof u.zLogin, "%s", a->azPos[0]);
  if (rc < 0) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  if (rc) { /* a new account: its role is needed */
    if (role < 0) {
      cli_err("--role must be one of admin, auditor, director, owner, committee");
      return EXIT_USAGE;
    }
    u.role = (Role)role;
  }
  if ((rc = copy_opt(a, "name", u.zName, sizeof u.zName)) ||
      (rc = copy_opt(a, "email", u.zEmail, sizeof u.zEmail)) ||
      (rc = copy_opt(a, "directorate", u.zDirectorate, sizeof u.zDirectorate)) ||
      (rc = copy_opt(a, "owner-as", u.zOwnerAs, sizeof u.zOwnerAs)))
    return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = auth_invite(c->db, &w, &u, (long long)time(0), &err);
  return cli_act_done(c, rc, &err, "account %s invited: a link is queued for %s\n", u.zLogin,
                      u.zEmail);
}

int cmd_user_settings(Ctx *c, Args *a) {
  if (a->nPos == 1) {
    cli_err("give a KEY and a VALUE, or neither (VALUE '' restores the default)");
    return EXIT_USAGE;
  }
  if (a->nPos == 2) {
    Actor w = {c->zActor, 0};
    Buf err = BUF_INIT;
    int rc = account_setting_set(c->db, &w, a->azPos[0], a->azPos[1], &err);
    if (rc) return cli_act_done(c, rc, &err, "%s", "");
    buf_free(&err);
  }
  if (account_settings_show(c->db, &c->out)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  return EXIT_OK;
}

int cmd_user_2fa_reset(Ctx *c, Args *a) {
  User u;
  int rc = find_user(c, a->azPos[0], &u);
  if (rc) return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, auth_totp_reset(c->db, &w, u.id, (long long)time(0), &err), &err,
                      "two-factor authentication of %s reset; its sessions are ended\n", u.zLogin);
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
  if (read_password("New password (12 characters or more): ", zPw, sizeof zPw)) {
    sodium_memzero(zPw, sizeof zPw);
    return EXIT_USAGE;
  }
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = auth_user_password(c->db, &w, u.id, zPw, &err);
  sodium_memzero(zPw, sizeof zPw);
  return cli_act_done(c, rc, &err, "password of %s changed; its sessions are ended\n", u.zLogin);
}

static int set_user(Ctx *c, const char *zLogin, const char *zField, const char *zValue) {
  User u;
  int rc = find_user(c, zLogin, &u);
  if (rc) return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, auth_user_set(c->db, &w, u.id, zField, zValue, &err), &err,
                      "account %s: %s set to %s\n", u.zLogin, zField, zValue);
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
  rc = auth_token_create(c->db, &w, u.id, zName, zTok, &id, &err);
  return cli_act_done(c, rc, &err, "%s\n", zTok);
}

int cmd_rec_delegate(Ctx *c, Args *a) {
  long long id;
  User u;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = find_user(c, a->azPos[1], &u))) return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int remove = arg_has(a, "remove");
  return cli_act_done(c, auth_delegate(c->db, &w, id, u.id, remove, &err), &err,
                      "recommendation %lld: %s %s\n", id,
                      remove ? "no longer delegated to" : "delegated to", u.zLogin);
}
