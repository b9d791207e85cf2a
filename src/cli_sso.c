/*
** cli_sso.c: single sign-on from the command line: `sso add|list|set|remove`
** for the providers and `sso passwords` for the roles that may not use a
** local password. The client secret is never an argument (it would show in
** `ps` and shell history) and never printed: a file or an environment
** variable is named instead. Not for: the flow (auth_oidc.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oidc.h"

/* Copy option zName into z (n bytes): 0, or EXIT_USAGE when too long. */
static int opt_copy(const Args *a, const char *zName, char *z, size_t n) {
  const char *v = arg_get(a, zName);
  if (!v) return 0;
  if (strlen(v) >= n) {
    cli_err("--%s: at most %zu bytes", zName, n - 1);
    return EXIT_USAGE;
  }
  snprintf(z, n, "%s", v);
  return 0;
}

int cmd_sso_add(Ctx *c, Args *a) {
  SsoProvider p;
  memset(&p, 0, sizeof p);
  int rc;
  if (!arg_get(a, "issuer") || !arg_get(a, "client-id")) {
    cli_err("--issuer and --client-id are required");
    return EXIT_USAGE;
  }
  if ((rc = opt_copy(a, "issuer", p.zIssuer, sizeof p.zIssuer)) ||
      (rc = opt_copy(a, "client-id", p.zClientId, sizeof p.zClientId)) ||
      (rc = opt_copy(a, "secret-file", p.zSecretFile, sizeof p.zSecretFile)) ||
      (rc = opt_copy(a, "secret-env", p.zSecretEnv, sizeof p.zSecretEnv)) ||
      (rc = opt_copy(a, "label", p.zLabel, sizeof p.zLabel)) ||
      (rc = opt_copy(a, "tenant", p.zTenant, sizeof p.zTenant)) ||
      (rc = opt_copy(a, "domains", p.zDomains, sizeof p.zDomains)) ||
      (rc = opt_copy(a, "scopes", p.zScopes, sizeof p.zScopes)) ||
      (rc = opt_copy(a, "groups-claim", p.zGroupsClaim, sizeof p.zGroupsClaim)) ||
      (rc = opt_copy(a, "role-map", p.zRoleMap, sizeof p.zRoleMap)))
    return rc;
  snprintf(p.zName, sizeof p.zName, "%.*s", (int)sizeof p.zName - 1, a->azPos[0]);
  if (!p.zLabel[0]) snprintf(p.zLabel, sizeof p.zLabel, "%s", p.zName);
  p.offered = !arg_has(a, "hidden");
  p.allowHttp = arg_has(a, "insecure-http");
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, sso_provider_add(c->db, &w, &p, &err), &err,
                      "provider %s added: the callback address to register with it is "
                      "https://YOUR-SERVER/sso/callback\n",
                      p.zName);
}

int cmd_sso_list(Ctx *c, Args *a) {
  SsoProvider *ap = 0;
  int n = 0;
  unsigned mask = 0;
  (void)a;
  if (sso_provider_list(c->db, 0, &ap, &n) || sso_password_off_get(c->db, &mask)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  for (int i = 0; i < n; i++) {
    const SsoProvider *p = &ap[i];
    buf_appendf(&c->out, "%s\n  issuer        %s%s\n  client-id     %s\n", p->zName, p->zIssuer,
                p->allowHttp ? " (http to loopback allowed: tests only)" : "", p->zClientId);
    if (p->zSecretFile[0]) buf_appendf(&c->out, "  secret-file   %s\n", p->zSecretFile);
    if (p->zSecretEnv[0]) buf_appendf(&c->out, "  secret-env    %s\n", p->zSecretEnv);
    buf_appendf(&c->out, "  label         %s\n  offered       %s\n", p->zLabel,
                p->offered ? "yes (a button on the sign-in page)" : "no");
    if (p->zTenant[0]) buf_appendf(&c->out, "  tenant        %s\n", p->zTenant);
    if (p->zDomains[0]) buf_appendf(&c->out, "  domains       %s\n", p->zDomains);
    if (p->zScopes[0]) buf_appendf(&c->out, "  scopes        %s\n", p->zScopes);
    if (p->zRoleMap[0])
      buf_appendf(&c->out, "  role-map      %s (claim %s)\n", p->zRoleMap,
                  p->zGroupsClaim[0] ? p->zGroupsClaim : "groups");
  }
  if (n == 0) buf_puts(&c->out, "no single sign-on providers\n");
  buf_puts(&c->out, "local passwords refused for:");
  for (int r = 0; r < ROLE__MAX; r++) {
    if (mask & (1u << r)) buf_appendf(&c->out, " %s", role_names[r]);
  }
  buf_puts(&c->out, mask ? "\n" : " none\n");
  free(ap);
  return EXIT_OK;
}

int cmd_sso_set(Ctx *c, Args *a) {
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, sso_provider_set(c->db, &w, a->azPos[0], a->azPos[1], a->azPos[2], &err),
                      &err, "provider %s: %s set\n", a->azPos[0], a->azPos[1]);
}

int cmd_sso_remove(Ctx *c, Args *a) {
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, sso_provider_remove(c->db, &w, a->azPos[0], &err), &err,
                      "provider %s removed, with its accounts' links\n", a->azPos[0]);
}

int cmd_sso_passwords(Ctx *c, Args *a) {
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, sso_password_off_set(c->db, &w, a->azPos[0], &err), &err,
                      "local passwords refused for: %s\n", a->azPos[0]);
}
