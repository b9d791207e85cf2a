/*
** sso_provider.c: single sign-on providers as the administrator sets them up,
** the roles whose local passwords are turned off, and who a validated ID token
** lets in (oidc.h).
**
** Why each choice: the client secret is named (a file, or an environment
** variable), never stored or printed, so a copy of the database or of the
** journal holds nothing that signs in as the service. An account is found by
** the provider's (issuer, subject) once linked, since an e-mail address can
** be reassigned; first by an e-mail address only when the provider says it is
** verified and only one account has it. Just-in-time accounts are made only
** for people the register already names with that address, as owners
** answering for exactly the recommendations access.c's rec_accountable gives
** them, and sign in through the provider only (no password hash at all).
** Every refusal is journalled with its reason. Not for: the protocol
** (auth_oidc.c, oidc_jwt.c) or SQL (store_sso.c).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "oidc.h"
#include "store_sso.h"

const char *const sso_fields[] = {
    "client-id", "secret-file", "secret-env",   "label",    "offered", "tenant",
    "domains",   "scopes",      "groups-claim", "role-map", 0};

static int name_ok(const char *z) {
  size_t n = strlen(z);
  if (n == 0 || n >= SSO_NAME_MAX) return 0;
  for (; *z; z++) {
    if (!((*z >= 'a' && *z <= 'z') || (*z >= '0' && *z <= '9') || *z == '-')) return 0;
  }
  return 1;
}

static int env_ok(const char *z) {
  if (!*z || strlen(z) >= SSO_NAME_MAX) return 0;
  for (; *z; z++) {
    if (!((*z >= 'A' && *z <= 'Z') || (*z >= '0' && *z <= '9') || *z == '_')) return 0;
  }
  return 1;
}

/* A role map "GROUP=role,GROUP=role": each group named, each role one an
** account can take without more (a director needs a directorate). */
static int role_map_ok(const char *z, Buf *err) {
  char *zCopy = xstrdup(z), *zSave = 0;
  int rc = 0;
  for (char *t = strtok_r(zCopy, ",", &zSave); t && !rc; t = strtok_r(0, ",", &zSave)) {
    char *eq = strrchr(t, '=');
    int r = eq ? role_from_name(eq + 1) : -1;
    if (!eq || eq == t || r < 0 || r == ROLE_DIRECTOR)
      rc = buf_fail(err, ACT_INVALID,
                    "role-map: '%s' is not GROUP=ROLE with ROLE admin, auditor, owner or "
                    "committee (a director needs a directorate: make directors by hand)",
                    t);
  }
  free(zCopy);
  return rc;
}

/* One field's value checked; 0, or ACT_INVALID with err naming the field. */
static int field_check(const char *zField, const char *zValue, Buf *err) {
  if (strlen(zValue) >= SSO_TEXT_MAX || strpbrk(zValue, "\r\n"))
    return buf_fail(err, ACT_INVALID, "%s: one line of at most %d bytes", zField, SSO_TEXT_MAX - 1);
  if (!strcmp(zField, "client-id") && !zValue[0])
    return buf_fail(err, ACT_INVALID, "client-id: the provider's client id is required");
  if (!strcmp(zField, "secret-env") && zValue[0] && !env_ok(zValue))
    return buf_fail(err, ACT_INVALID,
                    "secret-env: an environment variable's name, like "
                    "AUDITRACK_SSO_SECRET");
  if (!strcmp(zField, "offered") && strcmp(zValue, "0") && strcmp(zValue, "1"))
    return buf_fail(err, ACT_INVALID, "offered is 0 or 1");
  if (!strcmp(zField, "label") && (!zValue[0] || strlen(zValue) >= SSO_NAME_MAX * 2))
    return buf_fail(err, ACT_INVALID, "label: 1 to %d bytes", SSO_NAME_MAX * 2 - 1);
  if ((!strcmp(zField, "tenant") || !strcmp(zField, "groups-claim")) &&
      strlen(zValue) >= SSO_NAME_MAX)
    return buf_fail(err, ACT_INVALID, "%s: at most %d bytes", zField, SSO_NAME_MAX - 1);
  if (!strcmp(zField, "role-map") && zValue[0]) return role_map_ok(zValue, err);
  return ACT_OK;
}

/* Is the issuer an address the provider may be reached at? */
static int issuer_check(const SsoProvider *p, Buf *err) {
  const char *z = p->zIssuer;
  if (strpbrk(z, " \"'<>\\") || strlen(z) >= SSO_TEXT_MAX)
    return buf_fail(err, ACT_INVALID, "issuer: '%s' is not a URL", z);
  if (!strncmp(z, "https://", 8)) return ACT_OK;
  if (p->allowHttp && (!strncmp(z, "http://127.0.0.1", 16) || !strncmp(z, "http://localhost", 16) ||
                       !strncmp(z, "http://[::1]", 12)))
    return ACT_OK;
  return buf_fail(err, ACT_INVALID,
                  "issuer: '%s' must start https:// (http:// only to a loopback address, with "
                  "--insecure-http, for tests)",
                  z);
}

static int finish(Db *db, int rc, const Actor *who, const char *zAction, long long id,
                  const char *zName, Buf *err) {
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"provider\":");
  buf_json_str(&j, zName);
  buf_putc(&j, '}');
  rc = act_finish(db, rc, who, zAction, "sso_provider", id, buf_cstr(&j), err);
  buf_free(&j);
  return rc;
}

int sso_provider_add(Db *db, const Actor *who, const SsoProvider *p, Buf *err) {
  buf_reset(err);
  if (!name_ok(p->zName))
    return buf_fail(err, ACT_INVALID, "a provider's name is 1 to %d of a-z, 0-9 and -",
                    SSO_NAME_MAX - 1);
  int rc = issuer_check(p, err);
  if (rc) return rc;
  if (!!p->zSecretFile[0] == !!p->zSecretEnv[0])
    return buf_fail(err, ACT_INVALID,
                    "give the client secret's file (--secret-file) or its "
                    "environment variable (--secret-env), one of them");
  const struct {
    const char *zField, *zValue;
  } a[] = {{"client-id", p->zClientId},
           {"secret-env", p->zSecretEnv},
           {"label", p->zLabel},
           {"tenant", p->zTenant},
           {"domains", p->zDomains},
           {"scopes", p->zScopes},
           {"groups-claim", p->zGroupsClaim},
           {"role-map", p->zRoleMap}};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    if ((rc = field_check(a[i].zField, a[i].zValue, err)) != 0) return rc;
  }
  SsoProvider old;
  if (store_sso_get(db, 0, p->zName, &old, 0, 0, 0))
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (old.id) return buf_fail(err, ACT_CONFLICT, "there is a provider '%s' already", p->zName);
  char *zDoc = 0;
  if (sso_discover(p, &zDoc, err)) return ACT_ERROR; /* exit 1: try again later */
  long long id = 0;
  db_error_clear(db);
  if (db_begin(db)) {
    free(zDoc);
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  }
  rc = store_sso_add(db, p, zDoc, 0, &id);
  free(zDoc);
  return finish(db, rc, who, "sso.add", id, p->zName, err);
}

int sso_provider_get(Db *db, const char *zName, SsoProvider *p) {
  if (store_sso_get(db, 0, zName, p, 0, 0, 0)) return -1;
  return p->id ? 0 : 1;
}

int sso_provider_list(Db *db, int onlyOffered, SsoProvider **pa, int *pn) {
  return store_sso_list(db, onlyOffered, pa, pn);
}

int sso_provider_set(Db *db, const Actor *who, const char *zName, const char *zField,
                     const char *zValue, Buf *err) {
  SsoProvider p;
  buf_reset(err);
  int known = 0;
  for (int i = 0; sso_fields[i]; i++) known |= !strcmp(sso_fields[i], zField);
  if (!known) {
    buf_appendf(err, "a provider's fields are");
    for (int i = 0; sso_fields[i]; i++) buf_appendf(err, " %s", sso_fields[i]);
    return ACT_INVALID;
  }
  int rc = field_check(zField, zValue, err);
  if (rc) return rc;
  if ((rc = sso_provider_get(db, zName, &p)) != 0)
    return rc < 0 ? buf_fail(err, ACT_ERROR, "%s", db_errmsg(db))
                  : buf_fail(err, ACT_NOT_FOUND, "no provider '%s' (auditrack sso list)", zName);
  int secretFile = !strcmp(zField, "secret-file"), secretEnv = !strcmp(zField, "secret-env");
  if ((secretFile || secretEnv) && !zValue[0] && !(secretFile ? p.zSecretEnv : p.zSecretFile)[0])
    return buf_fail(err, ACT_INVALID, "the client secret needs a file or an environment variable");
  db_error_clear(db);
  if (db_begin(db))
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  rc = store_sso_set(db, p.id, zField, zValue);
  /* One source of the secret at a time: setting one clears the other. */
  if (!rc && zValue[0] && (secretFile || secretEnv))
    rc = store_sso_set(db, p.id, secretFile ? "secret-env" : "secret-file", "");
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"provider\":");
  buf_json_str(&j, p.zName);
  buf_puts(&j, ",\"field\":");
  buf_json_str(&j, zField);
  buf_puts(&j, ",\"new\":");
  buf_json_str(&j, zValue);
  buf_putc(&j, '}');
  rc = act_finish(db, rc, who, "sso.set", "sso_provider", p.id, buf_cstr(&j), err);
  buf_free(&j);
  return rc;
}

int sso_provider_remove(Db *db, const Actor *who, const char *zName, Buf *err) {
  SsoProvider p;
  buf_reset(err);
  int rc = sso_provider_get(db, zName, &p);
  if (rc)
    return rc < 0 ? buf_fail(err, ACT_ERROR, "%s", db_errmsg(db))
                  : buf_fail(err, ACT_NOT_FOUND, "no provider '%s' (auditrack sso list)", zName);
  db_error_clear(db);
  if (db_begin(db))
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  return finish(db, store_sso_remove(db, p.id), who, "sso.remove", p.id, p.zName, err);
}

/* ---- local passwords per role ---- */

int sso_password_off_get(Db *db, unsigned *pMask) {
  char *z = 0;
  *pMask = 0;
  if (db_meta_read(db, "sso.password-off", &z)) return 1;
  char *zSave = 0;
  for (char *t = z ? strtok_r(z, ",", &zSave) : 0; t; t = strtok_r(0, ",", &zSave)) {
    int r = role_from_name(t);
    if (r >= 0) *pMask |= 1u << r;
  }
  free(z);
  return 0;
}

int sso_password_off_set(Db *db, const Actor *who, const char *zRoles, Buf *err) {
  Buf v = BUF_INIT;
  unsigned mask = 0;
  buf_reset(err);
  if (strcmp(zRoles, "none")) {
    char *z = xstrdup(zRoles), *zSave = 0;
    for (char *t = strtok_r(z, ",", &zSave); t; t = strtok_r(0, ",", &zSave)) {
      int r = role_from_name(t);
      if (r < 0) {
        buf_fail(err, ACT_INVALID,
                 "'%s' is not a role (admin, auditor, director, owner, committee)", t);
        free(z);
        buf_free(&v);
        return ACT_INVALID;
      }
      mask |= 1u << r;
    }
    free(z);
  }
  for (int r = 0; r < ROLE__MAX; r++) {
    if (mask & (1u << r)) buf_appendf(&v, "%s%s", v.n ? "," : "", role_names[r]);
  }
  db_error_clear(db);
  if (db_begin(db)) {
    buf_free(&v);
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  }
  int rc = db_meta_set(db, "sso.password-off", buf_cstr(&v));
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"roles\":");
  buf_json_str(&j, buf_cstr(&v));
  buf_putc(&j, '}');
  rc = act_finish(db, rc, who, "sso.passwords", "meta", 0, buf_cstr(&j), err);
  buf_free(&j);
  buf_free(&v);
  return rc;
}

/* ---- who gets in ---- */

static const char *claim(json_t *c, const char *zName) {
  return json_string_value(json_object_get(c, zName));
}

void sso_refusal_journal(Db *db, const SsoProvider *p, json_t *claims, const char *zWhy) {
  Actor who = {"single sign-on", 0};
  Buf j = BUF_INIT, err = BUF_INIT;
  buf_puts(&j, "{\"provider\":");
  buf_json_str(&j, p->zName);
  buf_puts(&j, ",\"reason\":");
  buf_json_str(&j, zWhy);
  if (claims) {
    buf_puts(&j, ",\"subject\":");
    buf_json_str(&j, claim(claims, "sub") ? claim(claims, "sub") : "");
    buf_puts(&j, ",\"email\":");
    buf_json_str(&j, claim(claims, "email") ? claim(claims, "email") : "");
  }
  buf_putc(&j, '}');
  db_error_clear(db);
  if (db_begin(db) ||
      act_finish(db, 0, &who, "sso.refused", "sso_provider", p->id, buf_cstr(&j), &err))
    db_error_clear(db); /* the refusal stands, journalled or not */
  buf_free(&j);
  buf_free(&err);
}

static int refuse(Db *db, const SsoProvider *p, json_t *c, Buf *err, const char *zWhy) {
  buf_fail(err, ACT_INVALID, "%s", zWhy);
  sso_refusal_journal(db, p, c, zWhy);
  return ACT_INVALID;
}

/* Is the address's domain one of the comma-separated list? */
static int domain_allowed(const char *zList, const char *zEmail) {
  const char *at = zEmail ? strrchr(zEmail, '@') : 0;
  if (!at) return 0;
  size_t n = strlen(at + 1);
  for (const char *p = zList; *p;) {
    while (*p == ',' || *p == ' ') p++;
    size_t k = strcspn(p, ", ");
    if (k && k == n && !strncasecmp(p, at + 1, n)) return 1;
    p += k;
  }
  return 0;
}

/* The role p's map gives a token's groups claim: the first entry of the map
** that names one of them; -1 when none does. */
static int mapped_role(const SsoProvider *p, json_t *c) {
  json_t *g = json_object_get(c, p->zGroupsClaim[0] ? p->zGroupsClaim : "groups"), *v;
  const char *zMap = p->zRoleMap;
  while (*zMap) {
    size_t k = strcspn(zMap, ","), i;
    const char *eq = 0; /* the entry's last '=': a group's name may hold one */
    for (size_t e = k; e > 0 && !eq; e--) eq = zMap[e - 1] == '=' ? zMap + e - 1 : 0;
    if (eq) {
      size_t ng = (size_t)(eq - zMap);
      char zRole[16];
      snprintf(zRole, sizeof zRole, "%.*s", (int)(zMap + k - eq - 1), eq + 1);
      int hit = json_is_string(g) && strlen(json_string_value(g)) == ng &&
                !strncmp(json_string_value(g), zMap, ng);
      json_array_foreach(g, i, v) hit |= json_is_string(v) && strlen(json_string_value(v)) == ng &&
                                         !strncmp(json_string_value(v), zMap, ng);
      if (hit) return role_from_name(zRole);
    }
    zMap += k + (zMap[k] == ',');
  }
  return -1;
}

/* The account takes the mapped role, when roles follow a claim. */
static int role_follow(Db *db, const SsoProvider *p, User *u, int role, Buf *err) {
  if (role < 0 || (int)u->role == role) return ACT_OK;
  if (role == ROLE_OWNER && !u->zOwnerAs[0]) {
    int rc = auth_user_set(db, &(Actor){"single sign-on", 0}, u->id, "owner-as", u->zName, err);
    if (rc) return rc;
  }
  int rc = auth_user_set(db, &(Actor){"single sign-on", 0}, u->id, "role", role_names[role], err);
  (void)p;
  return rc ? rc : (auth_user_get(db, u->id, 0, u) ? ACT_ERROR : ACT_OK);
}

/* Link the account to (issuer, sub), journalled. */
static int link_add(Db *db, const SsoProvider *p, const char *zIssuer, const char *zSub,
                    const User *u, Buf *err) {
  db_error_clear(db);
  if (db_begin(db))
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  int rc = store_sso_link_add(db, zIssuer, zSub, p->id, u->id);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"provider\":");
  buf_json_str(&j, p->zName);
  buf_puts(&j, ",\"subject\":");
  buf_json_str(&j, zSub);
  buf_putc(&j, '}');
  rc = act_finish(db, rc, &(Actor){"single sign-on", 0}, "sso.link", "user", u->id, buf_cstr(&j),
                  err);
  buf_free(&j);
  return rc;
}

/* A new account for the person signing in, linked: login their address. */
static int account_make(Db *db, const SsoProvider *p, const char *zIssuer, json_t *c,
                        const char *zName, int role, User *u, Buf *err) {
  const char *zEmail = claim(c, "email"), *zSub = claim(c, "sub");
  memset(u, 0, sizeof *u);
  for (size_t i = 0; zEmail[i] && i + 1 < sizeof u->zLogin && i < 60; i++) {
    char ch = zEmail[i];
    u->zLogin[i] = isalnum((unsigned char)ch) || strchr("._-@", ch) ? (char)tolower(ch) : '-';
  }
  snprintf(u->zName, sizeof u->zName, "%s", zName);
  snprintf(u->zEmail, sizeof u->zEmail, "%s", zEmail);
  u->role = (Role)role;
  if (role == ROLE_OWNER) snprintf(u->zOwnerAs, sizeof u->zOwnerAs, "%s", zName);
  User old;
  if (auth_user_get(db, 0, u->zLogin, &old) < 0)
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (old.id)
    return refuse(db, p, c, err, "an account with that login exists but has another address");
  db_error_clear(db);
  if (db_begin(db))
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  int rc = store_sso_user_add(db, u, &u->id);
  if (!rc) rc = store_sso_link_add(db, zIssuer, zSub, p->id, u->id);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"login\":");
  buf_json_str(&j, u->zLogin);
  buf_puts(&j, ",\"role\":");
  buf_json_str(&j, role_names[role]);
  buf_puts(&j, ",\"provider\":");
  buf_json_str(&j, p->zName);
  buf_putc(&j, '}');
  rc = act_finish(db, rc, &(Actor){"single sign-on", 0}, "user.add", "user", u->id, buf_cstr(&j),
                  err);
  buf_free(&j);
  return rc;
}

/* No account yet: a person the register names with this verified address
** becomes an owner answering for their recommendations (or takes the mapped
** role); anyone else is refused. */
static int admit_new(Db *db, const SsoProvider *p, const char *zIssuer, json_t *c, int role,
                     User *u, Buf *err) {
  char *zPerson = 0;
  int nRecs = 0;
  if (store_sso_person_by_email(db, claim(c, "email"), &zPerson, &nRecs))
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  int rc;
  if (zPerson && nRecs > 0)
    rc = account_make(db, p, zIssuer, c, zPerson, role >= 0 ? role : ROLE_OWNER, u, err);
  else if (role >= 0)
    rc = account_make(db, p, zIssuer, c, claim(c, "name") ? claim(c, "name") : claim(c, "email"),
                      role, u, err);
  else
    rc = refuse(db, p, c, err,
                "no account matches this person, and the register names nobody "
                "with their e-mail address");
  free(zPerson);
  return rc;
}

int sso_admit(Db *db, const SsoProvider *p, const char *zIssuer, json_t *c, User *u, Buf *err) {
  const char *zSub = claim(c, "sub"), *zEmail = claim(c, "email");
  json_t *v = json_object_get(c, "email_verified");
  /* Entra gives no email_verified; its xms_edov says the domain's owner vouches for it. */
  int verified = json_is_true(v) || (json_is_string(v) && !strcmp(json_string_value(v), "true")) ||
                 json_is_true(json_object_get(c, "xms_edov"));
  long long id = 0;
  int n = 0, role = -1, rc;
  memset(u, 0, sizeof *u);
  if (p->zTenant[0] && (!claim(c, "tid") || strcmp(claim(c, "tid"), p->zTenant)))
    return refuse(db, p, c, err, "the person belongs to another tenant (tid)");
  if (p->zDomains[0] && !domain_allowed(p->zDomains, zEmail))
    return refuse(db, p, c, err, "the person's e-mail address is outside the allowed domains");
  if (p->zRoleMap[0] && (role = mapped_role(p, c)) < 0)
    return refuse(db, p, c, err, "none of the person's groups is given a role here");
  if (store_sso_link_find(db, zIssuer, zSub, &id))
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (!id && zEmail && verified && strlen(zEmail) < USER_FIELD_MAX) {
    if (store_sso_user_by_email(db, zEmail, &id, &n))
      return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    if (n > 1) return refuse(db, p, c, err, "several accounts have this e-mail address");
    if (!id) return admit_new(db, p, zIssuer, c, role, u, err);
    if (auth_user_get(db, id, 0, u)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    if (u->disabled) return refuse(db, p, c, err, "the account is disabled");
    if ((rc = link_add(db, p, zIssuer, zSub, u, err)) != 0) return rc;
  } else if (!id) {
    return refuse(db, p, c, err,
                  "no account is linked to this person, and the provider gave "
                  "no verified e-mail address");
  } else if (auth_user_get(db, id, 0, u)) {
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  if (u->disabled) return refuse(db, p, c, err, "the account is disabled");
  return role_follow(db, p, u, role, err);
}
