/*
** oidc_jwt.c: an OpenID Connect ID token checked as Core 3.1.3.7 asks, with
** OpenSSL 3 for the signature.
**
** Why each choice: the algorithm is chosen here, never by the token: RS256
** (RSA keys of 2048 bits or more) and ES256 (P-256) only, so `alg: none` and
** HS256 signed with the published public key as the secret are refused before
** a key is looked at. The key is the JWKS entry the token's kid names, of the
** type its alg needs; a key marked for another use or algorithm is skipped. No
** I/O: the caller fetches the JWKS (and again, once, on OIDC_UNKNOWN_KID).
** Not for: fetching anything (auth_oidc.c) or deciding who gets in.
*/
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "oidc.h"

/* base64url (no padding) of n bytes at p into a heap buffer of *pn bytes, NUL
** added; NULL when it is not base64url. */
static unsigned char *b64url_decode(const char *z, size_t nz, size_t *pn) {
  unsigned char *p = xmalloc(nz + 1);
  if (sodium_base642bin(p, nz + 1, z, nz, 0, pn, 0, sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
    free(p);
    return 0;
  }
  p[*pn] = 0;
  return p;
}

void oidc_pkce_challenge(const char *zVerifier, char *z) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)zVerifier, strlen(zVerifier));
  sodium_bin2base64(z, 44, h, sizeof h, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A JWK member as bytes (base64url), heap; NULL when absent or not base64url. */
static unsigned char *jwk_bytes(json_t *k, const char *zMember, size_t *pn) {
  const char *z = json_string_value(json_object_get(k, zMember));
  return z ? b64url_decode(z, strlen(z), pn) : 0;
}

/* An RSA public key from a JWK's n and e; NULL when they are missing. */
static EVP_PKEY *rsa_key(json_t *k) {
  size_t nn = 0, ne = 0;
  unsigned char *n = jwk_bytes(k, "n", &nn), *e = jwk_bytes(k, "e", &ne);
  EVP_PKEY *pkey = 0;
  BIGNUM *bn = n ? BN_bin2bn(n, (int)nn, 0) : 0, *be = e ? BN_bin2bn(e, (int)ne, 0) : 0;
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM *params = 0;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(0, "RSA", 0);
  if (bn && be && bld && ctx && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) &&
      (params = OSSL_PARAM_BLD_to_param(bld)) != 0 && EVP_PKEY_fromdata_init(ctx) == 1 &&
      EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
    pkey = 0;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn);
  BN_free(be);
  free(n);
  free(e);
  return pkey;
}

/* A P-256 public key from a JWK's x and y; NULL when they are not 32 bytes each. */
static EVP_PKEY *ec_key(json_t *k) {
  size_t nx = 0, ny = 0;
  unsigned char *x = jwk_bytes(k, "x", &nx), *y = jwk_bytes(k, "y", &ny), pub[65];
  EVP_PKEY *pkey = 0;
  const char *zCrv = json_string_value(json_object_get(k, "crv"));
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM *params = 0;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(0, "EC", 0);
  if (x && y && nx == 32 && ny == 32 && zCrv && !strcmp(zCrv, "P-256") && bld && ctx) {
    pub[0] = 4;
    memcpy(pub + 1, x, 32);
    memcpy(pub + 33, y, 32);
    if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub) ||
        (params = OSSL_PARAM_BLD_to_param(bld)) == 0 || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
      pkey = 0;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  free(x);
  free(y);
  return pkey;
}

/* Does JWK k suit a token signed with zAlg and naming zKid (NULL: none)? */
static int jwk_suits(json_t *k, const char *zAlg, const char *zKid) {
  const char *zKty = json_string_value(json_object_get(k, "kty"));
  const char *zUse = json_string_value(json_object_get(k, "use"));
  const char *zKAlg = json_string_value(json_object_get(k, "alg"));
  const char *zKKid = json_string_value(json_object_get(k, "kid"));
  const char *zWant = !strcmp(zAlg, "RS256") ? "RSA" : "EC";
  if (!zKty || strcmp(zKty, zWant) || (zUse && strcmp(zUse, "sig")) ||
      (zKAlg && strcmp(zKAlg, zAlg)))
    return 0;
  return !zKid || (zKKid && !strcmp(zKid, zKKid));
}

/* The key to check a zAlg signature with: the one kid names, else the set's only
** suitable one. NULL when none matches. */
static EVP_PKEY *jwks_find(const char *zJwks, const char *zAlg, const char *zKid) {
  json_t *set = json_loads(zJwks ? zJwks : "", 0, 0), *a = json_object_get(set, "keys"), *k,
         *hit = 0;
  size_t i;
  int n = 0;
  json_array_foreach(a, i, k) {
    if (jwk_suits(k, zAlg, zKid)) hit = k, n++;
  }
  EVP_PKEY *pkey = 0;
  if (hit && (zKid || n == 1)) pkey = !strcmp(zAlg, "RS256") ? rsa_key(hit) : ec_key(hit);
  if (pkey && !strcmp(zAlg, "RS256") && EVP_PKEY_get_bits(pkey) < 2048) {
    EVP_PKEY_free(pkey);
    pkey = 0;
  }
  json_decref(set);
  return pkey;
}

/* An ES256 signature is r||s, 32 bytes each; OpenSSL wants DER. Heap, *pn bytes. */
static unsigned char *es256_der(const unsigned char *sig, size_t n, int *pn) {
  if (n != 64) return 0;
  ECDSA_SIG *s = ECDSA_SIG_new();
  BIGNUM *r = BN_bin2bn(sig, 32, 0), *q = BN_bin2bn(sig + 32, 32, 0);
  unsigned char *der = 0;
  if (s && r && q && ECDSA_SIG_set0(s, r, q)) {
    r = q = 0; /* s owns them */
    *pn = i2d_ECDSA_SIG(s, &der);
  }
  BN_free(r);
  BN_free(q);
  ECDSA_SIG_free(s);
  return *pn > 0 ? der : 0;
}

static int sig_ok(EVP_PKEY *pkey, const char *zAlg, const char *zData, size_t nData,
                  const unsigned char *sig, size_t nSig) {
  unsigned char *der = 0;
  int nDer = 0;
  if (!strcmp(zAlg, "ES256")) {
    if (!(der = es256_der(sig, nSig, &nDer))) return 0;
    sig = der;
    nSig = (size_t)nDer;
  }
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = md && EVP_DigestVerifyInit(md, 0, EVP_sha256(), 0, pkey) == 1 &&
           EVP_DigestVerify(md, sig, nSig, (const unsigned char *)zData, nData) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  return ok;
}

/* Is the audience right? aud is the client id or a list holding it; with several
** audiences (or any azp) azp must be the client id. */
static int aud_ok(json_t *c, const char *zClient, Buf *err) {
  json_t *aud = json_object_get(c, "aud"), *v;
  const char *zAzp = json_string_value(json_object_get(c, "azp"));
  size_t i, n = 0;
  int hit = 0;
  if (json_is_string(aud)) {
    hit = !strcmp(json_string_value(aud), zClient);
    n = 1;
  } else if (json_is_array(aud)) {
    json_array_foreach(aud, i, v) hit |=
        json_is_string(v) && !strcmp(json_string_value(v), zClient);
    n = json_array_size(aud);
  }
  if (!hit) return buf_fail(err, 0, "the token is for another client (aud)");
  if ((n > 1 || json_object_get(c, "azp")) && (!zAzp || strcmp(zAzp, zClient)))
    return buf_fail(err, 0, "the token was issued to another party (azp)");
  return 1;
}

/* The issuer must be the discovery document's, exactly. (Entra's multi-tenant
** "common" endpoint names a {tenantid} template instead, which sso add refuses:
** a council registers its own tenant's issuer.) */
static int iss_ok(json_t *c, const char *zIssuer, Buf *err) {
  const char *zIss = json_string_value(json_object_get(c, "iss"));
  return zIss && !strcmp(zIss, zIssuer) ? 1
                                        : buf_fail(err, 0, "the token names another issuer (iss)");
}

static int claims_ok(json_t *c, const OidcExpect *e, Buf *err) {
  json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
  const char *zNonce = json_string_value(json_object_get(c, "nonce"));
  const char *zSub = json_string_value(json_object_get(c, "sub"));
  if (!json_is_object(c)) return buf_fail(err, 0, "the token's claims are not a JSON object");
  if (!iss_ok(c, e->zIssuer, err) || !aud_ok(c, e->zClientId, err)) return 0;
  if (!json_is_number(exp) || json_number_value(exp) + OIDC_SKEW <= (double)e->now)
    return buf_fail(err, 0, "the token has expired (exp)");
  if (!json_is_number(iat) || json_number_value(iat) > (double)(e->now + OIDC_SKEW) ||
      json_number_value(iat) + OIDC_FLOW_SECONDS + OIDC_SKEW < (double)e->now)
    return buf_fail(err, 0, "the token was not issued now (iat)");
  if (!zNonce || strlen(zNonce) != strlen(e->zNonce) ||
      sodium_memcmp(zNonce, e->zNonce, strlen(zNonce)))
    return buf_fail(err, 0, "the token answers another sign-in (nonce)");
  if (!zSub || !zSub[0] || strlen(zSub) > 255)
    return buf_fail(err, 0, "the token names nobody (sub)");
  return 1;
}

/* The token's three parts: the header and claims parsed, the signature
** decoded, and the length of the signed part. 0 or 1 with err. */
typedef struct Jws {
  json_t *head, *claims;
  unsigned char *sig;
  size_t nSig, nSigned;
} Jws;

static int jws_split(const char *zJwt, Jws *j, Buf *err) {
  const char *d1 = strchr(zJwt, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : 0;
  size_t nh = 0, nc = 0;
  memset(j, 0, sizeof *j);
  if (!d2 || strchr(d2 + 1, '.')) return buf_fail(err, 1, "the ID token is not a signed JWT");
  unsigned char *h = b64url_decode(zJwt, (size_t)(d1 - zJwt), &nh);
  unsigned char *c = b64url_decode(d1 + 1, (size_t)(d2 - d1 - 1), &nc);
  j->sig = b64url_decode(d2 + 1, strlen(d2 + 1), &j->nSig);
  j->head = h ? json_loadb((const char *)h, nh, JSON_REJECT_DUPLICATES, 0) : 0;
  j->claims = c ? json_loadb((const char *)c, nc, JSON_REJECT_DUPLICATES, 0) : 0;
  j->nSigned = (size_t)(d2 - zJwt);
  free(h);
  free(c);
  if (!json_is_object(j->head) || !json_is_object(j->claims) || !j->sig)
    return buf_fail(err, 1, "the ID token is not a signed JWT");
  return 0;
}

static void jws_free(Jws *j) {
  json_decref(j->head);
  json_decref(j->claims);
  free(j->sig);
}

int oidc_id_token_check(const char *zJwt, const char *zJwks, const OidcExpect *e, json_t **pClaims,
                        Buf *err) {
  Jws j;
  *pClaims = 0;
  buf_reset(err);
  if (!zJwt || strlen(zJwt) > 65536)
    return buf_fail(err, OIDC_BAD, "the ID token is not a signed JWT");
  if (jws_split(zJwt, &j, err)) {
    jws_free(&j);
    return OIDC_BAD;
  }
  const char *zAlg = json_string_value(json_object_get(j.head, "alg"));
  const char *zKid = json_string_value(json_object_get(j.head, "kid"));
  int rc = OIDC_BAD;
  if (!zAlg || (strcmp(zAlg, "RS256") && strcmp(zAlg, "ES256"))) {
    buf_appendf(err, "the ID token's algorithm %s is not accepted (RS256 or ES256 only)",
                zAlg ? zAlg : "(none given)");
  } else if (json_object_get(j.head, "crit")) {
    buf_puts(err, "the ID token has critical header parameters this server does not know");
  } else {
    EVP_PKEY *pkey = jwks_find(zJwks, zAlg, zKid);
    if (!pkey) {
      rc = OIDC_UNKNOWN_KID;
      buf_puts(err, "the ID token is signed by a key the provider does not publish");
    } else if (!sig_ok(pkey, zAlg, zJwt, j.nSigned, j.sig, j.nSig)) {
      buf_puts(err, "the ID token's signature is not the provider's");
    } else if (claims_ok(j.claims, e, err)) {
      *pClaims = json_incref(j.claims);
      rc = OIDC_OK;
    }
    EVP_PKEY_free(pkey);
  }
  jws_free(&j);
  return rc;
}
