/*
** auth_oidc.c: the OpenID Connect authorization code flow (oidc.h): fetching
** a provider's discovery document, keys and tokens with libcurl, starting a
** sign-in and finishing it at the callback.
**
** Why each choice: TLS is always verified and https required, except that a
** provider added with --insecure-http may use http:// to a loopback address
** (the tests' provider); redirects are never followed and answers are capped
** at 1 MB. State, nonce and the PKCE verifier (S256) stay in the database,
** bound to a pre-login cookie of the browser that started the sign-in, so a
** code and state copied into another browser are refused; the browser sees
** only the state and the challenge. A flow is removed when its callback
** arrives, whatever happens next, so a code can be tried at most once; flows
** older than OIDC_FLOW_SECONDS are refused and purged. The discovery document
** is kept for a day; the keys until a token names one the set lacks, when
** they are fetched again, once. Not for: who a token lets in
** (sso_provider.c) or pages (page_sso.c).
*/
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "oidc.h"
#include "store.h"
#include "store_sso.h"

#define FETCH_MAX (1 << 20)
#define DISCOVERY_SECONDS 86400

/* Hex BLAKE2b-256 of a token: what the database keeps (as auth.c keeps
** session tokens, so the session made here is found by auth_session). */
static void token_hash(const char *zToken, char zHex[65]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)zToken, strlen(zToken), 0, 0);
  sodium_bin2hex(zHex, 65, h, sizeof h);
}

/* May this provider be reached at zUrl? https://, or http:// to a loopback
** address when the provider allows it (a test's). */
static int url_allowed(const SsoProvider *p, const char *zUrl) {
  if (!strncmp(zUrl, "https://", 8)) return 1;
  if (!p->allowHttp || strncmp(zUrl, "http://", 7)) return 0;
  static const char *const azLoop[] = {
      "127.0.0.1:", "127.0.0.1/", "localhost:", "localhost/", "[::1]:", "[::1]/"};
  for (size_t i = 0; i < sizeof azLoop / sizeof azLoop[0]; i++) {
    if (!strncmp(zUrl + 7, azLoop[i], strlen(azLoop[i]))) return 1;
  }
  return 0;
}

/* libcurl's global set-up, once, before any worker's first request. */
static pthread_once_t curlOnce = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static size_t on_data(char *p, size_t size, size_t n, void *pv) {
  Buf *b = pv;
  if (b->n + size * n > FETCH_MAX) return 0;
  buf_append(b, p, size * n);
  return size * n;
}

/* GET zUrl (zPost NULL) or POST the form zPost to it, with HTTP Basic client
** authentication when zUser is given, into out. 0, or 1 with err. Any answer
** but 200 is a failure, its body (an OAuth error) quoted in err. */
static int fetch(const SsoProvider *p, const char *zUrl, const char *zPost, const char *zUser,
                 const char *zPass, Buf *out, Buf *err) {
  char zErr[CURL_ERROR_SIZE] = "";
  long code = 0;
  pthread_once(&curlOnce, curl_init_once);
  buf_reset(out);
  if (!url_allowed(p, zUrl))
    return buf_fail(err, 1, "%s: the provider must be reached over https", zUrl);
  CURL *h = curl_easy_init();
  if (!h) return buf_fail(err, 1, "cannot start an HTTP client");
  curl_easy_setopt(h, CURLOPT_URL, zUrl);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, p->allowHttp ? "http,https" : "https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 15L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, zErr);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
  struct curl_slist *hdr = curl_slist_append(0, "Accept: application/json");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  if (zPost) curl_easy_setopt(h, CURLOPT_POSTFIELDS, zPost);
  if (zUser) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, zUser);
    curl_easy_setopt(h, CURLOPT_PASSWORD, zPass);
  }
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(hdr);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK)
    return buf_fail(err, 1, "%s: %s", zUrl, zErr[0] ? zErr : curl_easy_strerror(rc));
  if (code != 200) {
    buf_fail(err, 1, "%s answered %ld", zUrl, code);
    if (out->n) buf_appendf(err, ": %.200s", buf_cstr(out));
    return 1;
  }
  return 0;
}

/* A discovery document's endpoint, checked reachable; NULL when absent. */
static const char *endpoint(const SsoProvider *p, json_t *doc, const char *zKey) {
  const char *z = json_string_value(json_object_get(doc, zKey));
  return z && url_allowed(p, z) ? z : 0;
}

int sso_discover(const SsoProvider *p, char **pzDoc, Buf *err) {
  Buf url = BUF_INIT, out = BUF_INIT;
  size_t n = strlen(p->zIssuer);
  *pzDoc = 0;
  buf_puts(&url, p->zIssuer);
  if (n && p->zIssuer[n - 1] == '/') url.n--, url.z[url.n] = 0;
  buf_puts(&url, "/.well-known/openid-configuration");
  int rc = fetch(p, buf_cstr(&url), 0, 0, 0, &out, err);
  buf_free(&url);
  json_t *doc = rc ? 0 : json_loads(buf_cstr(&out), 0, 0);
  const char *zIss = json_string_value(json_object_get(doc, "issuer"));
  if (rc) {
  } else if (!json_is_object(doc)) {
    rc = buf_fail(err, 1, "the discovery document is not a JSON object");
  } else if (!zIss || strcmp(zIss, p->zIssuer)) {
    rc = buf_fail(err, 1, "the discovery document names the issuer '%s', not '%s'",
                  zIss ? zIss : "", p->zIssuer);
  } else if (!endpoint(p, doc, "authorization_endpoint") || !endpoint(p, doc, "token_endpoint") ||
             !endpoint(p, doc, "jwks_uri")) {
    rc = buf_fail(err, 1,
                  "the discovery document lacks an https authorization_endpoint, "
                  "token_endpoint or jwks_uri");
  } else {
    *pzDoc = buf_steal(&out);
  }
  json_decref(doc);
  buf_free(&out);
  return rc;
}

/* Provider id's discovery document (parsed: json_decref) and keys (heap),
** fetched when missing, the document after a day. 0, or 1 with err. */
static int provider_load(Db *db, long long id, long long now, SsoProvider *p, json_t **pDoc,
                         char **pzJwks, Buf *err) {
  char *zDoc = 0;
  long long fetched = 0;
  *pDoc = 0;
  *pzJwks = 0;
  if (store_sso_get(db, id, 0, p, &zDoc, pzJwks, &fetched))
    return buf_fail(err, 1, "%s", db_errmsg(db));
  if (!p->id) return buf_fail(err, 1, "no such provider");
  if (!zDoc || now - fetched > DISCOVERY_SECONDS) {
    free(zDoc);
    if (sso_discover(p, &zDoc, err)) return 1;
    if (store_sso_cache(db, p->id, zDoc, 0, now)) db_error_clear(db); /* kept next time */
  }
  *pDoc = json_loads(zDoc, 0, 0);
  free(zDoc);
  return 0;
}

/* Fetch the provider's keys again and keep them. */
static int jwks_refresh(Db *db, const SsoProvider *p, json_t *doc, long long now, char **pzJwks,
                        Buf *err) {
  Buf out = BUF_INIT;
  free(*pzJwks);
  *pzJwks = 0;
  if (fetch(p, endpoint(p, doc, "jwks_uri"), 0, 0, 0, &out, err)) {
    buf_free(&out);
    return 1;
  }
  *pzJwks = buf_steal(&out);
  if (store_sso_cache(db, p->id, 0, *pzJwks, now)) db_error_clear(db);
  return 0;
}

static void url_arg(Buf *b, const char *zName, const char *zValue) {
  char *z = curl_easy_escape(0, zValue, 0);
  buf_appendf(b, "%s%s=%s", b->n && b->z[b->n - 1] != '?' ? "&" : "", zName, z ? z : "");
  curl_free(z);
}

int sso_flow_start(Db *db, const char *zName, const char *zRedirect, const char *zNext,
                   const char *zBrowser, long long now, SsoStart *s, Buf *err) {
  SsoProvider p;
  SsoFlow f;
  json_t *doc = 0;
  char *zJwks = 0, zState[AUTH_TOKEN_MAX], zStateHash[65], zChallenge[44];
  memset(s, 0, sizeof *s);
  memset(&f, 0, sizeof f);
  if (store_sso_get(db, 0, zName, &p, 0, 0, 0))
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (!p.id) return buf_fail(err, ACT_NOT_FOUND, "no such provider");
  if (provider_load(db, p.id, now, &p, &doc, &zJwks, err)) return ACT_ERROR;
  free(zJwks);
  auth_random_token(zState, 32);
  if (zBrowser && strlen(zBrowser) == 43)
    memcpy(s->zBrowser, zBrowser, 44);
  else
    auth_random_token(s->zBrowser, 32);
  auth_random_token(f.zNonce, 32);
  auth_random_token(f.zVerifier, 32);
  token_hash(zState, zStateHash);
  token_hash(s->zBrowser, f.zBrowserHash);
  oidc_pkce_challenge(f.zVerifier, zChallenge);
  f.providerId = p.id;
  f.created = now;
  snprintf(f.zRedirect, sizeof f.zRedirect, "%s", zRedirect);
  snprintf(f.zNext, sizeof f.zNext, "%s", zNext);
  int w = db_begin_session(db);
  w = w || store_sso_flow_purge(db, now - OIDC_FLOW_SECONDS) ||
      store_sso_flow_add(db, zStateHash, &f) || db_commit(db);
  if (w) {
    db_rollback(db);
    json_decref(doc);
    return buf_fail(err, ACT_ERROR, "the sign-in could not be recorded: %s", db_errmsg(db));
  }
  const char *zAuth = endpoint(&p, doc, "authorization_endpoint");
  buf_puts(&s->url, zAuth);
  buf_putc(&s->url, strchr(zAuth, '?') ? '&' : '?');
  url_arg(&s->url, "response_type", "code");
  url_arg(&s->url, "client_id", p.zClientId);
  url_arg(&s->url, "redirect_uri", zRedirect);
  url_arg(&s->url, "scope", p.zScopes[0] ? p.zScopes : "openid email profile");
  url_arg(&s->url, "state", zState);
  url_arg(&s->url, "nonce", f.zNonce);
  url_arg(&s->url, "code_challenge", zChallenge);
  url_arg(&s->url, "code_challenge_method", "S256");
  json_decref(doc);
  return ACT_OK;
}

/* The client secret from its file (first line) or environment variable, into
** z (n bytes). 0, or 1 with err; the secret itself is never in a message. */
static int secret_read(const SsoProvider *p, char *z, size_t n, Buf *err) {
  z[0] = 0;
  if (p->zSecretFile[0]) {
    FILE *f = fopen(p->zSecretFile, "r");
    if (!f) return buf_fail(err, 1, "the client secret file %s cannot be read", p->zSecretFile);
    setvbuf(f, 0, _IONBF, 0); /* no stdio copy of the secret */
    if (!fgets(z, (int)n, f)) z[0] = 0;
    fclose(f);
    z[strcspn(z, "\r\n")] = 0;
  } else if (p->zSecretEnv[0]) {
    const char *v = getenv(p->zSecretEnv);
    snprintf(z, n, "%s", v ? v : "");
  }
  if (!z[0])
    return buf_fail(err, 1, "provider %s has no client secret (%s %s is empty or unset)", p->zName,
                    p->zSecretFile[0] ? "file" : "environment variable",
                    p->zSecretFile[0] ? p->zSecretFile : p->zSecretEnv);
  return 0;
}

/* RFC 6749 2.3.1: the client id and secret are form-encoded before Basic. */
static char *form_escape(const char *z) {
  char *e = curl_easy_escape(0, z, 0), *r = xstrdup(e ? e : "");
  curl_free(e);
  return r;
}

/* Exchange the code for tokens; the ID token into *pzIdToken (heap). */
static int code_exchange(const SsoProvider *p, json_t *doc, const SsoFlow *f, const char *zCode,
                         char **pzIdToken, Buf *err) {
  char zSecret[1024];
  Buf body = BUF_INIT, out = BUF_INIT;
  *pzIdToken = 0;
  if (secret_read(p, zSecret, sizeof zSecret, err)) return 1;
  url_arg(&body, "grant_type", "authorization_code");
  url_arg(&body, "code", zCode);
  url_arg(&body, "redirect_uri", f->zRedirect);
  url_arg(&body, "code_verifier", f->zVerifier);
  char *zUser = form_escape(p->zClientId), *zPass = form_escape(zSecret);
  sodium_memzero(zSecret, sizeof zSecret);
  int rc = fetch(p, endpoint(p, doc, "token_endpoint"), buf_cstr(&body), zUser, zPass, &out, err);
  sodium_memzero(zPass, strlen(zPass));
  free(zUser);
  free(zPass);
  buf_free(&body);
  json_t *o = rc ? 0 : json_loads(buf_cstr(&out), 0, 0);
  const char *zId = json_string_value(json_object_get(o, "id_token"));
  if (!rc && !zId) rc = buf_fail(err, 1, "the token endpoint gave no ID token");
  if (!rc) *pzIdToken = xstrdup(zId);
  json_decref(o);
  buf_wipe(&out);
  buf_free(&out);
  return rc;
}

/* The flow zState names, taken (removed) if this browser started it. */
static int flow_take(Db *db, const char *zState, const char *zBrowser, long long now, SsoFlow *f,
                     Buf *err) {
  char zH[65], zB[65];
  if (!zState || !zState[0] || strlen(zState) > 64)
    return buf_fail(err, ACT_CONFLICT, "the sign-in has no state: start again");
  token_hash(zState, zH);
  token_hash(zBrowser ? zBrowser : "", zB);
  if (db_begin_session(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (store_sso_flow_take(db, zH, f) || store_sso_flow_purge(db, now - OIDC_FLOW_SECONDS)) {
    db_rollback(db);
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  if (f->providerId && (!zBrowser || sodium_memcmp(zB, f->zBrowserHash, 64))) {
    /* Another browser's: left for the one that started it. */
    db_rollback(db);
    return buf_fail(err, ACT_CONFLICT, "this sign-in was started in another browser: start again");
  }
  if (db_commit(db)) {
    db_rollback(db);
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  if (!f->providerId)
    return buf_fail(err, ACT_CONFLICT, "this sign-in is unknown or was used already: start again");
  if (now - f->created > OIDC_FLOW_SECONDS)
    return buf_fail(err, ACT_CONFLICT, "this sign-in took too long: start again");
  return ACT_OK;
}

/* A session for the account, as auth_login opens one. */
static int session_open(Db *db, long long userId, const char *zAddr, long long now, char *zToken) {
  char zCsrf[AUTH_TOKEN_MAX], zH[65];
  auth_random_token(zToken, 32);
  auth_random_token(zCsrf, 32);
  token_hash(zToken, zH);
  if (db_begin_session(db)) return 1;
  if (store_session_add(db, userId, zH, zCsrf, now, zAddr) || db_commit(db)) {
    db_rollback(db);
    return 1;
  }
  return 0;
}

/* The validated claims of the ID token the code gives. */
static int id_token_claims(Db *db, const SsoProvider *p, json_t *doc, char **pzJwks,
                           const SsoFlow *f, const char *zCode, long long now, json_t **pClaims,
                           Buf *err) {
  char *zId = 0;
  if (code_exchange(p, doc, f, zCode, &zId, err)) return 1;
  const char *zIss = json_string_value(json_object_get(doc, "issuer"));
  OidcExpect e = {zIss, p->zClientId, f->zNonce, now};
  int rc = *pzJwks ? oidc_id_token_check(zId, *pzJwks, &e, pClaims, err) : OIDC_UNKNOWN_KID;
  if (rc == OIDC_UNKNOWN_KID) {
    rc = jwks_refresh(db, p, doc, now, pzJwks, err)
             ? OIDC_BAD
             : oidc_id_token_check(zId, *pzJwks, &e, pClaims, err);
  }
  free(zId);
  return rc != OIDC_OK;
}

int sso_flow_finish(Db *db, const char *zState, const char *zCode, const char *zBrowser,
                    const char *zAddr, long long now, SsoDone *d, Buf *err) {
  SsoFlow f;
  SsoProvider p;
  json_t *doc = 0, *claims = 0;
  char *zJwks = 0;
  memset(d, 0, sizeof *d);
  int rc = flow_take(db, zState, zBrowser, now, &f, err);
  if (rc) return rc;
  snprintf(d->zNext, sizeof d->zNext, "%s", f.zNext);
  if (!zCode || !zCode[0]) return buf_fail(err, ACT_INVALID, "the provider gave no code");
  if (provider_load(db, f.providerId, now, &p, &doc, &zJwks, err)) return ACT_ERROR;
  if (id_token_claims(db, &p, doc, &zJwks, &f, zCode, now, &claims, err)) {
    rc = ACT_INVALID;
    d->refused = 1;
    sso_refusal_journal(db, &p, 0, buf_cstr(err));
  } else {
    rc =
        sso_admit(db, &p, json_string_value(json_object_get(doc, "issuer")), claims, &d->user, err);
    d->refused = rc == ACT_INVALID;
    if (!rc && session_open(db, d->user.id, zAddr, now, d->zToken))
      rc = buf_fail(err, ACT_ERROR, "the sign-in could not be recorded: %s", db_errmsg(db));
  }
  json_decref(claims);
  json_decref(doc);
  free(zJwks);
  return rc;
}
