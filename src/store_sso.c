/*
** store_sso.c: SQL for single sign-on (store_sso.h). Literal statements only;
** nothing here fetches, checks or decides. Not for: the flow (auth_oidc.c).
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sso.h"

static void col(sqlite3_stmt *s, int i, char *z, size_t n) {
  const char *v = (const char *)sqlite3_column_text(s, i);
  snprintf(z, n, "%s", v ? v : "");
}

#define SSO_COLS                                                                                   \
  "id, name, issuer, client_id, secret_file, secret_env, label, offered, tenant, domains, "        \
  "scopes, groups_claim, role_map, allow_http"

static void provider_fill(sqlite3_stmt *s, void *pv) {
  SsoProvider *p = pv;
  memset(p, 0, sizeof *p);
  p->id = sqlite3_column_int64(s, 0);
  col(s, 1, p->zName, sizeof p->zName);
  col(s, 2, p->zIssuer, sizeof p->zIssuer);
  col(s, 3, p->zClientId, sizeof p->zClientId);
  col(s, 4, p->zSecretFile, sizeof p->zSecretFile);
  col(s, 5, p->zSecretEnv, sizeof p->zSecretEnv);
  col(s, 6, p->zLabel, sizeof p->zLabel);
  p->offered = sqlite3_column_int(s, 7);
  col(s, 8, p->zTenant, sizeof p->zTenant);
  col(s, 9, p->zDomains, sizeof p->zDomains);
  col(s, 10, p->zScopes, sizeof p->zScopes);
  col(s, 11, p->zGroupsClaim, sizeof p->zGroupsClaim);
  col(s, 12, p->zRoleMap, sizeof p->zRoleMap);
  p->allowHttp = sqlite3_column_int(s, 13);
}

int store_sso_add(Db *db, const SsoProvider *p, const char *zDiscovery, long long now,
                  long long *pId) {
  sqlite3_stmt *s = db_prepare(
      db, "INSERT INTO sso_provider(name,issuer,client_id,secret_file,secret_env,label,offered,"
          "tenant,domains,scopes,groups_claim,role_map,allow_http,discovery,fetched_at,created_at)"
          " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)");
  db_bind_text(s, 1, p->zName);
  db_bind_text(s, 2, p->zIssuer);
  db_bind_text(s, 3, p->zClientId);
  db_bind_text_or_null(s, 4, p->zSecretFile);
  db_bind_text_or_null(s, 5, p->zSecretEnv);
  db_bind_text(s, 6, p->zLabel);
  sqlite3_bind_int(s, 7, p->offered);
  db_bind_text_or_null(s, 8, p->zTenant);
  db_bind_text_or_null(s, 9, p->zDomains);
  db_bind_text_or_null(s, 10, p->zScopes);
  db_bind_text_or_null(s, 11, p->zGroupsClaim);
  db_bind_text_or_null(s, 12, p->zRoleMap);
  sqlite3_bind_int(s, 13, p->allowHttp);
  db_bind_text_or_null(s, 14, zDiscovery);
  sqlite3_bind_int64(s, 15, now);
  db_bind_text(s, 16, db_now(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  return rc;
}

int store_sso_get(Db *db, long long id, const char *zName, SsoProvider *p, char **pzDiscovery,
                  char **pzJwks, long long *pFetched) {
  sqlite3_stmt *s =
      zName ? db_prepare(db, "SELECT " SSO_COLS ", discovery, jwks, fetched_at FROM sso_provider"
                             " WHERE name=?1")
            : db_prepare(db, "SELECT " SSO_COLS ", discovery, jwks, fetched_at FROM sso_provider"
                             " WHERE id=?2");
  if (zName)
    db_bind_text(s, 1, zName);
  else
    sqlite3_bind_int64(s, 2, id);
  int rc = 0;
  memset(p, 0, sizeof *p);
  if (pzDiscovery) *pzDiscovery = 0;
  if (pzJwks) *pzJwks = 0;
  if (db_step_row(db, s, &rc)) {
    provider_fill(s, p);
    if (pzDiscovery) *pzDiscovery = db_column_dup(s, 14);
    if (pzJwks) *pzJwks = db_column_dup(s, 15);
    if (pFetched) *pFetched = sqlite3_column_int64(s, 16);
  }
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int store_sso_list(Db *db, int onlyOffered, SsoProvider **pa, int *pn) {
  int rc = 0;
  sqlite3_stmt *s = db_prepare(db, "SELECT " SSO_COLS " FROM sso_provider"
                                   " WHERE offered=1 OR ?1=0 ORDER BY name");
  sqlite3_bind_int(s, 1, onlyOffered);
  *pa = db_rows(db, s, sizeof **pa, provider_fill, 0, pn, &rc);
  return rc;
}

int store_sso_set(Db *db, long long id, const char *zField, const char *zValue) {
  static const struct {
    const char *zField, *zSql;
  } a[] = {
      {"client-id", "UPDATE sso_provider SET client_id=?2 WHERE id=?1"},
      {"secret-file", "UPDATE sso_provider SET secret_file=nullif(?2,'') WHERE id=?1"},
      {"secret-env", "UPDATE sso_provider SET secret_env=nullif(?2,'') WHERE id=?1"},
      {"label", "UPDATE sso_provider SET label=?2 WHERE id=?1"},
      {"offered", "UPDATE sso_provider SET offered=CAST(?2 AS INTEGER) WHERE id=?1"},
      {"tenant", "UPDATE sso_provider SET tenant=nullif(?2,'') WHERE id=?1"},
      {"domains", "UPDATE sso_provider SET domains=nullif(?2,'') WHERE id=?1"},
      {"scopes", "UPDATE sso_provider SET scopes=nullif(?2,'') WHERE id=?1"},
      {"groups-claim", "UPDATE sso_provider SET groups_claim=nullif(?2,'') WHERE id=?1"},
      {"role-map", "UPDATE sso_provider SET role_map=nullif(?2,'') WHERE id=?1"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    if (strcmp(zField, a[i].zField)) continue;
    sqlite3_stmt *s = db_prepare_(db, a[i].zSql);
    sqlite3_bind_int64(s, 1, id);
    db_bind_text(s, 2, zValue);
    int rc = db_step_done(db, s);
    sqlite3_finalize(s);
    return rc;
  }
  return db_errorf(db, "no provider field '%s'", zField);
}

int store_sso_remove(Db *db, long long id) {
  static const char *const az[] = {"DELETE FROM sso_link WHERE provider_id=?1",
                                   "DELETE FROM sso_flow WHERE provider_id=?1",
                                   "DELETE FROM sso_provider WHERE id=?1"};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    sqlite3_stmt *s = db_prepare_(db, az[i]);
    sqlite3_bind_int64(s, 1, id);
    int rc = db_step_done(db, s);
    sqlite3_finalize(s);
    if (rc) return rc;
  }
  return 0;
}

int store_sso_cache(Db *db, long long id, const char *zDiscovery, const char *zJwks,
                    long long now) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE sso_provider SET discovery=coalesce(?2,discovery),"
                                   " jwks=coalesce(?3,jwks), fetched_at=?4 WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text_or_null(s, 2, zDiscovery);
  db_bind_text_or_null(s, 3, zJwks);
  sqlite3_bind_int64(s, 4, now);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_sso_flow_add(Db *db, const char *zStateHash, const SsoFlow *f) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO sso_flow(state_hash,browser_hash,provider_id,"
                                   "nonce,verifier,redirect,next,created_at)"
                                   " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)");
  db_bind_text(s, 1, zStateHash);
  db_bind_text(s, 2, f->zBrowserHash);
  sqlite3_bind_int64(s, 3, f->providerId);
  db_bind_text(s, 4, f->zNonce);
  db_bind_text(s, 5, f->zVerifier);
  db_bind_text(s, 6, f->zRedirect);
  db_bind_text(s, 7, f->zNext);
  sqlite3_bind_int64(s, 8, f->created);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_sso_flow_take(Db *db, const char *zStateHash, SsoFlow *f) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM sso_flow WHERE state_hash=?1 RETURNING"
                                   " browser_hash, provider_id, nonce, verifier, redirect, next,"
                                   " created_at");
  db_bind_text(s, 1, zStateHash);
  int rc = 0;
  memset(f, 0, sizeof *f);
  if (db_step_row(db, s, &rc)) {
    col(s, 0, f->zBrowserHash, sizeof f->zBrowserHash);
    f->providerId = sqlite3_column_int64(s, 1);
    col(s, 2, f->zNonce, sizeof f->zNonce);
    col(s, 3, f->zVerifier, sizeof f->zVerifier);
    col(s, 4, f->zRedirect, sizeof f->zRedirect);
    col(s, 5, f->zNext, sizeof f->zNext);
    f->created = sqlite3_column_int64(s, 6);
    while (db_step_row(db, s, &rc)) {
    }
  }
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int store_sso_flow_purge(Db *db, long long before) {
  sqlite3_stmt *s = db_prepare(db, "DELETE FROM sso_flow WHERE created_at<?1");
  sqlite3_bind_int64(s, 1, before);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_sso_link_find(Db *db, const char *zIssuer, const char *zSubject, long long *pUserId) {
  sqlite3_stmt *s = db_prepare(db, "SELECT user_id FROM sso_link WHERE issuer=?1 AND subject=?2");
  db_bind_text(s, 1, zIssuer);
  db_bind_text(s, 2, zSubject);
  int rc = 0;
  *pUserId = 0;
  if (db_step_row(db, s, &rc)) *pUserId = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int store_sso_link_add(Db *db, const char *zIssuer, const char *zSubject, long long providerId,
                       long long userId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO sso_link(issuer,subject,provider_id,user_id,"
                                   "created_at) VALUES(?1,?2,?3,?4,?5)");
  db_bind_text(s, 1, zIssuer);
  db_bind_text(s, 2, zSubject);
  sqlite3_bind_int64(s, 3, providerId);
  sqlite3_bind_int64(s, 4, userId);
  db_bind_text(s, 5, db_now(db));
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_sso_user_by_email(Db *db, const char *zEmail, long long *pId, int *pn) {
  sqlite3_stmt *s =
      db_prepare(db, "SELECT id FROM \"user\" WHERE lower(email)=lower(?1) ORDER BY id");
  db_bind_text(s, 1, zEmail);
  int rc = 0;
  *pId = 0;
  *pn = 0;
  while (db_step_row(db, s, &rc)) *pId = sqlite3_column_int64(s, 0), (*pn)++;
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

int store_sso_user_add(Db *db, const User *u, long long *pId) {
  sqlite3_stmt *s =
      db_prepare(db, "INSERT INTO \"user\"(login,name,email,role,directorate,owner_as,"
                     "pw_hash,created_at) VALUES(?1,?2,?3,?4,?5,?6,NULL,?7)");
  db_bind_text(s, 1, u->zLogin);
  db_bind_text(s, 2, u->zName);
  db_bind_text_or_null(s, 3, u->zEmail);
  db_bind_text(s, 4, role_names[u->role]);
  db_bind_text_or_null(s, 5, u->zDirectorate);
  db_bind_text_or_null(s, 6, u->zOwnerAs);
  db_bind_text(s, 7, db_now(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  return rc;
}

int store_sso_person_by_email(Db *db, const char *zEmail, char **pzName, int *pnRecs) {
  sqlite3_stmt *s = db_prepare(
      db, "SELECT p.name, (SELECT count(*) FROM rec r WHERE lower(CASE WHEN coalesce(r.owner,'')"
          " <> '' THEN r.owner ELSE r.director END)=lower(p.name))"
          " FROM person p WHERE lower(p.email)=lower(?1)");
  db_bind_text(s, 1, zEmail);
  int rc = 0, n = 0;
  *pzName = 0;
  *pnRecs = 0;
  while (db_step_row(db, s, &rc)) {
    if (n++ == 0) {
      *pzName = db_column_dup(s, 0);
      *pnRecs = sqlite3_column_int(s, 1);
    }
  }
  sqlite3_finalize(s);
  if (rc || n > 1) {
    free(*pzName);
    *pzName = 0;
    *pnRecs = 0;
  }
  return rc ? 1 : 0;
}
