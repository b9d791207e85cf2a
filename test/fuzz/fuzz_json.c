/*
** fuzz_json.c: libFuzzer target for API request bodies: the JSON object an API
** route receives becomes form fields (web_json_form, the dispatcher's own
** conversion), so that it meets the same validators as a form. Checks the
** invariants the dispatcher and the validators rely on: never more than
** FORM_MAX_FIELDS, every name 1..FORM_MAX_NAME bytes with no NUL inside, every
** value NUL-terminated at nValue with no NUL before it, no file fields, a message
** on every failure. Control characters may come through: the dispatcher's UTF-8
** check refuses them next, as for forms. Not for: what the fields mean (the
** route's validators, api.c).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const Form *f) {
  if (f->n < 0 || f->n > FORM_MAX_FIELDS) abort();
  for (int i = 0; i < f->n; i++) {
    const FormField *x = &f->a[i];
    size_t n = strlen(x->zName);
    if (n == 0 || n > FORM_MAX_NAME) abort();
    if (x->zValue[x->nValue] != 0 || strlen(x->zValue) != x->nValue) abort();
    if (x->zFileName || x->zType) abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Copy so that ASan catches any read past the end of the body. */
  char *z = malloc(size ? size : 1);
  if (!z) return 0;
  if (size) memcpy(z, data, size);
  Form f;
  memset(&f, 0, sizeof f);
  Buf err = BUF_INIT;
  int rc = web_json_form(z, size, &f, &err);
  if (rc && err.n == 0) abort();
  check(&f);
  form_free(&f);
  buf_free(&err);
  free(z);
  return 0;
}
