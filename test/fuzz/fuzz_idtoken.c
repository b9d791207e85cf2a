/*
** fuzz_idtoken.c: libFuzzer target for the ID token a provider's token
** endpoint returns (oidc_id_token_check): the input is the token, then a
** newline, then the JWK Set it is checked against, both outside input. Checks
** that the answer is one of the three, that claims come back only with
** OIDC_OK, and that every refusal says why. Not for: the flow around it
** (auth_oidc.c), which the e2e tests drive.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* NUL-terminated copies, so that ASan catches a read past either end. */
  const uint8_t *nl = memchr(data, '\n', size);
  size_t nTok = nl ? (size_t)(nl - data) : size, nSet = nl ? size - nTok - 1 : 0;
  char *zTok = malloc(nTok + 1), *zSet = malloc(nSet + 1);
  if (!zTok || !zSet) abort();
  memcpy(zTok, data, nTok);
  zTok[nTok] = 0;
  if (nSet) memcpy(zSet, nl + 1, nSet);
  zSet[nSet] = 0;
  OidcExpect e = {"https://id.example.org", "auditrack", "n-1", 1800000000};
  json_t *c = 0;
  Buf err = BUF_INIT;
  int rc = oidc_id_token_check(zTok, zSet, &e, &c, &err);
  if (rc != OIDC_OK && rc != OIDC_BAD && rc != OIDC_UNKNOWN_KID) abort();
  if ((rc == OIDC_OK) != (c != 0)) abort();
  if (rc != OIDC_OK && err.n == 0) abort();
  json_decref(c);
  buf_free(&err);
  free(zTok);
  free(zSet);
  return 0;
}
