/*
** oidc.h: OpenID Connect single sign-on: the providers the administrator
** configures, the authorization code flow with PKCE, state and nonce, the ID
** token's validation (OpenID Connect Core 3.1.3.7) against the provider's
** published keys, and who a validated token lets in.
**
** Split in three: oidc_jwt.c checks a signed token against a JWKS (no I/O, so
** the unit tests and the fuzzers can call it); auth_oidc.c fetches discovery
** documents, keys and tokens with libcurl and decides who gets in; store_sso.c
** holds the SQL. Not for: HTTP pages (page_sso.c) or the command line
** (cli_sso.c).
*/
#ifndef AT_OIDC_H
#define AT_OIDC_H

#include <jansson.h>

#include "action.h"
#include "buf.h"
#include "db.h"
#include "model.h"

/* ---- the ID token (oidc_jwt.c) ---- */

/* Seconds of clock difference allowed between this server and the provider. */
#define OIDC_SKEW 120
/* The longest a sign-in may take between the provider issuing the token and
** this server checking it; also how long a started flow stays usable. */
#define OIDC_FLOW_SECONDS 600

typedef struct OidcExpect {
  const char *zIssuer;   /* exact: the discovery document's */
  const char *zClientId; /* the audience */
  const char *zNonce;    /* the flow's */
  long long now;         /* unix seconds */
} OidcExpect;

enum { OIDC_OK = 0, OIDC_BAD = 1, OIDC_UNKNOWN_KID = 2 };

/* Check a compact JWS ID token: a signature by RS256 (RSA of at least 2048
** bits) or ES256 (P-256) from the key of zJwks (a JWK Set, JSON) its kid names
** (or the set's only key of that type when it names none), then iss, aud (and
** azp when there are several audiences or azp is given), exp and iat within
** OIDC_SKEW, nonce and sub. OIDC_OK with *pClaims (json_decref), OIDC_UNKNOWN_KID
** when no key of the set matches (the caller fetches the set again, once), or
** OIDC_BAD with the reason in err. alg none, HS256 and every other algorithm
** are refused before any key is looked at. */
int oidc_id_token_check(const char *zJwt, const char *zJwks, const OidcExpect *e, json_t **pClaims,
                        Buf *err);

/* base64url without padding of SHA-256(zVerifier): the PKCE S256 challenge
** (RFC 7636 4.2); z has room for 44 bytes. */
void oidc_pkce_challenge(const char *zVerifier, char *z);

/* ---- providers (auth_oidc.c, store_sso.c) ---- */

#define SSO_NAME_MAX 64
#define SSO_TEXT_MAX 512

typedef struct SsoProvider {
  long long id;
  char zName[SSO_NAME_MAX];   /* the short name in URLs and commands: "entra" */
  char zIssuer[SSO_TEXT_MAX]; /* as the discovery document gives it */
  char zClientId[SSO_TEXT_MAX];
  char zSecretFile[SSO_TEXT_MAX];  /* the client secret is read from this file ... */
  char zSecretEnv[SSO_NAME_MAX];   /* ... or this environment variable; never stored */
  char zLabel[SSO_NAME_MAX * 2];   /* the button: "Sign in with Microsoft" */
  char zTenant[SSO_NAME_MAX];      /* Entra: the tid every token must carry ("" any) */
  char zDomains[SSO_TEXT_MAX];     /* allowed e-mail domains, comma-separated ("" any) */
  char zScopes[SSO_TEXT_MAX];      /* "openid email profile" unless set */
  char zGroupsClaim[SSO_NAME_MAX]; /* the claim roles follow: "groups", "roles" */
  char zRoleMap[SSO_TEXT_MAX];     /* "GROUP=role,GROUP=role"; "" roles do not follow */
  int offered;                     /* the sign-in page shows its button */
  int allowHttp;                   /* http:// to a loopback issuer (tests only) */
} SsoProvider;

/* The fields `sso set` changes, by their command-line names. */
extern const char *const sso_fields[];

/* Add a provider after fetching its discovery document, which must name the
** same issuer and the endpoints the flow needs. ACT_* with err. */
int sso_provider_add(Db *db, const Actor *who, const SsoProvider *p, Buf *err) AT_MUST;
/* Change one field (sso_fields) of provider zName. */
int sso_provider_set(Db *db, const Actor *who, const char *zName, const char *zField,
                     const char *zValue, Buf *err) AT_MUST;
/* Remove a provider and the links of accounts to it. */
int sso_provider_remove(Db *db, const Actor *who, const char *zName, Buf *err) AT_MUST;
/* Every provider by name (only the offered ones with onlyOffered); heap array. */
int sso_provider_list(Db *db, int onlyOffered, SsoProvider **pa, int *pn) AT_MUST;
/* One provider by name: 0 found, 1 not, -1 when the database cannot be read. */
int sso_provider_get(Db *db, const char *zName, SsoProvider *p);

/* The roles whose local passwords are refused (a bit per Role). */
int sso_password_off_get(Db *db, unsigned *pMask) AT_MUST;
/* Set them from "admin,auditor" or "none"; ACT_* with err. */
int sso_password_off_set(Db *db, const Actor *who, const char *zRoles, Buf *err) AT_MUST;

/* Fetch p's discovery document (heap text into *pzDoc): it must name p's
** issuer exactly and give https (or, with allowHttp, loopback http)
** authorization, token and JWKS endpoints. 0, or 1 with err. */
int sso_discover(const SsoProvider *p, char **pzDoc, Buf *err) AT_MUST;

/* Who a validated ID token from p (whose discovery document names zIssuer)
** lets in, as u: the account linked to (issuer, sub); else the one account
** with the token's verified e-mail address, which is linked; else, for a
** person the register names with that address and holds accountable for
** recommendations, a new owner account answering for them. With a role map,
** the groups claim must map to a role, which the account takes. Anyone else,
** or a token outside p's tenant or e-mail domains, is ACT_INVALID with the
** reason in err and a journal entry. */
int sso_admit(Db *db, const SsoProvider *p, const char *zIssuer, json_t *claims, User *u,
              Buf *err) AT_MUST;
/* Journal a refused sign-in through p (reason zWhy, claims when known). */
void sso_refusal_journal(Db *db, const SsoProvider *p, json_t *claims, const char *zWhy);

/* ---- the flow (auth_oidc.c) ---- */

typedef struct SsoStart {
  char zBrowser[AUTH_TOKEN_MAX]; /* the pre-login cookie's value the flow is bound to */
  Buf url;                       /* where to send the browser: the authorization request */
} SsoStart;

/* Start a sign-in with provider zName: a state, a nonce and a PKCE verifier
** kept server-side (only their use is shown to the browser), bound to the
** browser's pre-login cookie zBrowser (a new one when NULL: the browser has
** none yet; reusing it lets two tabs sign in at once), single use, expiring
** after OIDC_FLOW_SECONDS. zRedirect is the absolute callback address; zNext
** the local path to return to. ACT_OK with s filled (buf_free(&s->url)), or
** ACT_NOT_FOUND / ACT_ERROR. */
int sso_flow_start(Db *db, const char *zName, const char *zRedirect, const char *zNext,
                   const char *zBrowser, long long now, SsoStart *s, Buf *err) AT_MUST;

typedef struct SsoDone {
  User user;                   /* signed in as */
  char zToken[AUTH_TOKEN_MAX]; /* the new session's cookie value */
  char zNext[320];             /* the local path the flow was started for */
  int refused;                 /* 1: the person was refused (err says why, for them) */
} SsoDone;

/* Finish a sign-in at the callback: the flow that zState names, started by the
** browser with cookie zBrowser, consumed whatever happens next; the code
** exchanged (with the verifier and the client secret) at the token endpoint;
** the ID token validated; the person admitted (sso_admit). ACT_OK with d's
** session; ACT_CONFLICT when the state is missing, unknown, spent, expired
** or another browser's; ACT_INVALID when the provider's answer or the person
** is refused (journalled); ACT_ERROR when the provider or the database cannot
** be reached; the reason in err. */
int sso_flow_finish(Db *db, const char *zState, const char *zCode, const char *zBrowser,
                    const char *zAddr, long long now, SsoDone *d, Buf *err) AT_MUST;

#endif
