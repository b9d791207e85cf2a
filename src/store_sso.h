/*
** store_sso.h: SQL for single sign-on: providers, the links of accounts to a
** provider's subjects, and the sign-ins under way. Nothing here fetches,
** checks or decides: auth_oidc.c does. Every function runs in the caller's
** transaction, or alone in autocommit; 0, or non-zero with db_errmsg.
*/
#ifndef AT_STORE_SSO_H
#define AT_STORE_SSO_H

#include "db.h"
#include "model.h"
#include "oidc.h"

int store_sso_add(Db *db, const SsoProvider *p, const char *zDiscovery, long long now,
                  long long *pId) AT_MUST;
/* By name (zName) or id: *p (p->id 0 when none) and, when asked, the cached
** discovery document and JWKS (heap or NULL) and when they were fetched. */
int store_sso_get(Db *db, long long id, const char *zName, SsoProvider *p, char **pzDiscovery,
                  char **pzJwks, long long *pFetched) AT_MUST;
int store_sso_list(Db *db, int onlyOffered, SsoProvider **pa, int *pn) AT_MUST;
/* One column by its `sso set` name (sso_fields); 1 with db_errmsg for another. */
int store_sso_set(Db *db, long long id, const char *zField, const char *zValue) AT_MUST;
int store_sso_remove(Db *db, long long id) AT_MUST;
/* Keep what was fetched: zDiscovery and zJwks (NULL: left as they are). */
int store_sso_cache(Db *db, long long id, const char *zDiscovery, const char *zJwks,
                    long long now) AT_MUST;

typedef struct SsoFlow {
  long long providerId, created;
  char zBrowserHash[65];
  char zNonce[AUTH_TOKEN_MAX], zVerifier[AUTH_TOKEN_MAX];
  char zRedirect[SSO_TEXT_MAX], zNext[320];
} SsoFlow;
int store_sso_flow_add(Db *db, const char *zStateHash, const SsoFlow *f) AT_MUST;
/* The flow zStateHash names into *f (providerId 0: none), removed. */
int store_sso_flow_take(Db *db, const char *zStateHash, SsoFlow *f) AT_MUST;
/* Flows started before `before` go: they can no longer be finished. */
int store_sso_flow_purge(Db *db, long long before) AT_MUST;

int store_sso_link_find(Db *db, const char *zIssuer, const char *zSubject,
                        long long *pUserId) AT_MUST;
int store_sso_link_add(Db *db, const char *zIssuer, const char *zSubject, long long providerId,
                       long long userId) AT_MUST;
/* The accounts with this e-mail address (any case): *pn of them, the last's id. */
int store_sso_user_by_email(Db *db, const char *zEmail, long long *pId, int *pn) AT_MUST;
/* An account that signs in only through a provider: no password hash at all. */
int store_sso_user_add(Db *db, const User *u, long long *pId) AT_MUST;
/* The person the register names with this e-mail address (person.email), as
** *pzName (heap, NULL: none or several), and how many recommendations they are
** accountable for (owner, or director where no owner is named: access.c's
** rec_accountable). */
int store_sso_person_by_email(Db *db, const char *zEmail, char **pzName, int *pnRecs) AT_MUST;

#endif
