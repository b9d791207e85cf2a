/*
** fuzz_form.c: libFuzzer target for what browsers send: urlencoded and
** multipart/form-data bodies, the Content-Type boundary, cookies, UTF-8
** validation. The first byte picks the parser; the rest is the input. Checks
** the invariants the dispatcher relies on: never more than FORM_MAX_FIELDS,
** every name 1..FORM_MAX_NAME bytes and NUL-terminated, values NUL-terminated
** at nValue, a message on every failure. Not for: field validation (web.c).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const Form *f) {
  if (f->n < 0 || f->n > FORM_MAX_FIELDS) abort();
  for (int i = 0; i < f->n; i++) {
    size_t n = strlen(f->a[i].zName);
    if (n == 0 || n > FORM_MAX_NAME) abort();
    if (f->a[i].zValue[f->a[i].nValue] != 0) abort();
    if (!f->a[i].zFileName && f->a[i].zType) abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  /* Copy so that ASan catches any read past the end of the input. */
  size_t n = size - 1;
  char *z = malloc(n ? n : 1);
  if (!z) return 0;
  if (n) memcpy(z, data + 1, n);
  Form f;
  memset(&f, 0, sizeof f);
  Buf err = BUF_INIT;
  int rc = 0;
  switch (data[0] % 4) {
  case 0: rc = form_parse_urlencoded(z, n, &f, &err); break;
  case 1: rc = form_parse_multipart(z, n, "XyZbound", &f, &err); break;
  case 2: {
    char *zs = malloc(n + 1), zB[80], zV[64];
    memcpy(zs, z, n);
    zs[n] = 0;
    if (form_boundary(zs, zB, sizeof zB) && (strlen(zB) == 0 || strlen(zB) > 70)) abort();
    const char *v = form_cookie(zs, "at_session", zV, sizeof zV);
    if (v && strlen(v) >= sizeof zV) abort();
    free(zs);
    break;
  }
  default: (void)utf8_valid(z, n); break;
  }
  if (rc && err.n == 0) abort();
  check(&f);
  form_free(&f);
  buf_free(&err);
  free(z);
  return 0;
}
