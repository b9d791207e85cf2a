/*
** test_oidc.c: the ID token checker (oidc_jwt.c) on tokens signed here with
** OpenSSL: what is let in, and each way a token is refused.
*/
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oidc.h"
#include "t.h"

static void b64(Buf *b, const unsigned char *p, size_t n) {
  char *z = xmalloc(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(z, sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), p, n,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  buf_puts(b, z);
  free(z);
}

/* A JWKS with key's public numbers under kid. */
static char *jwks_of(EVP_PKEY *key, const char *zKid) {
  BIGNUM *n = 0, *e = 0;
  unsigned char an[1024], ae[16];
  EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
  EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
  int nn = BN_bn2bin(n, an), ne = BN_bn2bin(e, ae);
  Buf b = BUF_INIT;
  buf_appendf(
      &b, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"%s\",\"n\":\"",
      zKid);
  b64(&b, an, (size_t)nn);
  buf_puts(&b, "\",\"e\":\"");
  b64(&b, ae, (size_t)ne);
  buf_puts(&b, "\"}]}");
  BN_free(n);
  BN_free(e);
  return buf_steal(&b);
}

/* header.claims.signature, RS256 by key (NULL: no signature, as alg none). */
static char *jwt(const char *zHead, const char *zClaims, EVP_PKEY *key) {
  Buf b = BUF_INIT;
  b64(&b, (const unsigned char *)zHead, strlen(zHead));
  buf_putc(&b, '.');
  b64(&b, (const unsigned char *)zClaims, strlen(zClaims));
  size_t nSigned = b.n;
  buf_putc(&b, '.');
  if (key) {
    unsigned char sig[512];
    size_t nSig = sizeof sig;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestSignInit(md, 0, EVP_sha256(), 0, key);
    EVP_DigestSign(md, sig, &nSig, (const unsigned char *)buf_cstr(&b), nSigned);
    EVP_MD_CTX_free(md);
    b64(&b, sig, nSig);
  }
  return buf_steal(&b);
}

static const char *zHead = "{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}";

static char *claims(long long now, const char *zExtra) {
  Buf b = BUF_INIT;
  buf_appendf(&b,
              "{\"iss\":\"https://id.example.org\",\"aud\":\"client-1\",\"sub\":\"s-1\","
              "\"nonce\":\"n-1\",\"iat\":%lld,\"exp\":%lld%s}",
              now, now + 300, zExtra);
  return buf_steal(&b);
}

/* Check token zJwt against zJwks; the result and, when refused, err's text. */
static int check_token(const char *zJwt, const char *zJwks, long long now, Buf *err) {
  OidcExpect e = {"https://id.example.org", "client-1", "n-1", now};
  json_t *c = 0;
  int rc = oidc_id_token_check(zJwt, zJwks, &e, &c, err);
  if (rc == OIDC_OK) CHECK_STR(json_string_value(json_object_get(c, "sub")), "s-1");
  json_decref(c);
  return rc;
}

TEST(oidc_id_token_checked_as_core_3_1_3_7) {
  long long now = 1800000000;
  EVP_PKEY *key = EVP_RSA_gen(2048), *other = EVP_RSA_gen(2048), *small = EVP_RSA_gen(1024);
  char *zJwks = jwks_of(key, "k1"), *zSmall = jwks_of(small, "k1");
  Buf err = BUF_INIT;
  char *zC = claims(now, ""), *zT = jwt(zHead, zC, key);
  CHECK_INT(check_token(zT, zJwks, now, &err), OIDC_OK);
  /* Each claim wrong in turn, signed properly: refused with the reason. */
  static const struct {
    const char *zClaims, *zWhy;
  } a[] = {
      {"{\"iss\":\"https://evil.example\",\"aud\":\"client-1\",\"sub\":\"s-1\",\"nonce\":\"n-1\","
       "\"iat\":1800000000,\"exp\":1800000300}",
       "(iss)"},
      {"{\"iss\":\"https://id.example.org\",\"aud\":\"client-2\",\"sub\":\"s-1\",\"nonce\":\"n-1\","
       "\"iat\":1800000000,\"exp\":1800000300}",
       "(aud)"},
      {"{\"iss\":\"https://id.example.org\",\"aud\":[\"client-1\",\"x\"],\"sub\":\"s-1\","
       "\"nonce\":\"n-1\",\"iat\":1800000000,\"exp\":1800000300}",
       "(azp)"},
      {"{\"iss\":\"https://id.example.org\",\"aud\":\"client-1\",\"sub\":\"s-1\",\"nonce\":\"n-1\","
       "\"iat\":1799990000,\"exp\":1799999870}",
       "(exp)"},
      {"{\"iss\":\"https://id.example.org\",\"aud\":\"client-1\",\"sub\":\"s-1\",\"nonce\":\"n-1\","
       "\"iat\":1800000200,\"exp\":1800000600}",
       "(iat)"},
      {"{\"iss\":\"https://id.example.org\",\"aud\":\"client-1\",\"sub\":\"s-1\",\"nonce\":\"n-2\","
       "\"iat\":1800000000,\"exp\":1800000300}",
       "(nonce)"},
      {"{\"iss\":\"https://id.example.org\",\"aud\":\"client-1\",\"nonce\":\"n-1\","
       "\"iat\":1800000000,\"exp\":1800000300}",
       "(sub)"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char *z = jwt(zHead, a[i].zClaims, key);
    CHECK_INT(check_token(z, zJwks, now, &err), OIDC_BAD);
    if (!strstr(buf_cstr(&err), a[i].zWhy))
      t_fail(__FILE__, __LINE__, "%s: %s", a[i].zWhy, buf_cstr(&err));
    free(z);
  }
  /* Within the skew: an expiry two minutes back is still accepted. */
  char *zSkew = jwt(zHead,
                    "{\"iss\":\"https://id.example.org\",\"aud\":\"client-1\",\"sub\":\"s-1\","
                    "\"nonce\":\"n-1\",\"iat\":1799999800,\"exp\":1799999900}",
                    key);
  CHECK_INT(check_token(zSkew, zJwks, now, &err), OIDC_OK);
  /* Several audiences with azp the client: accepted. */
  char *zAzp = jwt(zHead,
                   "{\"iss\":\"https://id.example.org\",\"aud\":[\"x\",\"client-1\"],\"azp\":"
                   "\"client-1\",\"sub\":\"s-1\",\"nonce\":\"n-1\",\"iat\":1800000000,\"exp\":"
                   "1800000300}",
                   key);
  CHECK_INT(check_token(zAzp, zJwks, now, &err), OIDC_OK);
  /* The signature: another key's, a changed claim, none, HMAC, a small key. */
  char *zOther = jwt(zHead, zC, other);
  CHECK_INT(check_token(zOther, zJwks, now, &err), OIDC_BAD);
  CHECK(strstr(buf_cstr(&err), "signature") != 0);
  char *zNone = jwt("{\"alg\":\"none\"}", zC, 0);
  CHECK_INT(check_token(zNone, zJwks, now, &err), OIDC_BAD);
  CHECK(strstr(buf_cstr(&err), "algorithm none is not accepted") != 0);
  char *zHs = jwt("{\"alg\":\"HS256\",\"kid\":\"k1\"}", zC, key);
  CHECK_INT(check_token(zHs, zJwks, now, &err), OIDC_BAD);
  CHECK(strstr(buf_cstr(&err), "HS256 is not accepted") != 0);
  char *zKid = jwt("{\"alg\":\"RS256\",\"kid\":\"k2\"}", zC, key);
  CHECK_INT(check_token(zKid, zJwks, now, &err), OIDC_UNKNOWN_KID);
  char *zSmallT = jwt(zHead, zC, small);
  CHECK_INT(check_token(zSmallT, zSmall, now, &err), OIDC_UNKNOWN_KID);
  char *zCrit = jwt("{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[\"exp\"]}", zC, key);
  CHECK_INT(check_token(zCrit, zJwks, now, &err), OIDC_BAD);
  /* A changed byte in the claims breaks the signature. */
  char *zBent = xstrdup(zT);
  char *dot = strchr(zBent, '.');
  dot[3] = dot[3] == 'A' ? 'B' : 'A';
  CHECK(check_token(zBent, zJwks, now, &err) != OIDC_OK);
  CHECK_INT(check_token("not a token", zJwks, now, &err), OIDC_BAD);
  CHECK_INT(check_token("a.b.c.d", zJwks, now, &err), OIDC_BAD);
  char *az[] = {zC,   zT,      zSkew, zAzp,  zOther, zNone, zHs,
                zKid, zSmallT, zCrit, zBent, zJwks,  zSmall};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) free(az[i]);
  EVP_PKEY_free(key);
  EVP_PKEY_free(other);
  EVP_PKEY_free(small);
  buf_free(&err);
}

TEST(oidc_pkce_challenge_is_s256) {
  char z[44];
  /* Computed independently (Python's hashlib and base64). */
  oidc_pkce_challenge("auditrack-pkce-verifier-0123456789-abcdefgh", z);
  CHECK_STR(z, "k8xAmyamKRvZfosNjVc-3yryWxQ-x3o1Y2c6M8AT_BA");
}

/* A JWKS with a P-256 key's public point under kid. */
static char *jwks_ec(EVP_PKEY *key, const char *zKid) {
  unsigned char pub[65];
  size_t n = 0;
  EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &n);
  Buf b = BUF_INIT;
  buf_appendf(&b, "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"%s\",\"x\":\"", zKid);
  b64(&b, pub + 1, 32);
  buf_puts(&b, "\",\"y\":\"");
  b64(&b, pub + 33, 32);
  buf_puts(&b, "\"}]}");
  return buf_steal(&b);
}

/* An ES256 token: the DER signature OpenSSL makes turned into JWS's r||s. */
static char *jwt_es256(const char *zClaims, EVP_PKEY *key) {
  const char *zH = "{\"alg\":\"ES256\",\"kid\":\"e1\"}";
  Buf b = BUF_INIT;
  b64(&b, (const unsigned char *)zH, strlen(zH));
  buf_putc(&b, '.');
  b64(&b, (const unsigned char *)zClaims, strlen(zClaims));
  unsigned char der[128], raw[64];
  size_t nDer = sizeof der;
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_DigestSignInit(md, 0, EVP_sha256(), 0, key);
  EVP_DigestSign(md, der, &nDer, (const unsigned char *)buf_cstr(&b), b.n);
  EVP_MD_CTX_free(md);
  const unsigned char *p = der;
  ECDSA_SIG *s = d2i_ECDSA_SIG(0, &p, (long)nDer);
  BN_bn2binpad(ECDSA_SIG_get0_r(s), raw, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(s), raw + 32, 32);
  ECDSA_SIG_free(s);
  buf_putc(&b, '.');
  b64(&b, raw, sizeof raw);
  return buf_steal(&b);
}

TEST(oidc_es256_checked) {
  long long now = 1800000000;
  EVP_PKEY *key = EVP_EC_gen("P-256"), *other = EVP_EC_gen("P-256");
  char *zJwks = jwks_ec(key, "e1"), *zC = claims(now, "");
  char *zGood = jwt_es256(zC, key), *zBad = jwt_es256(zC, other);
  Buf err = BUF_INIT;
  CHECK_INT(check_token(zGood, zJwks, now, &err), OIDC_OK);
  CHECK_INT(check_token(zBad, zJwks, now, &err), OIDC_BAD);
  CHECK(strstr(buf_cstr(&err), "signature") != 0);
  /* An RS256 header on an EC key's set: no key of that type, so unknown. */
  char *zRs = jwt(zHead, zC, key);
  CHECK_INT(check_token(zRs, zJwks, now, &err), OIDC_UNKNOWN_KID);
  free(zJwks);
  free(zC);
  free(zGood);
  free(zBad);
  free(zRs);
  EVP_PKEY_free(key);
  EVP_PKEY_free(other);
  buf_free(&err);
}
