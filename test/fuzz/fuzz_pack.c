/*
** fuzz_pack.c: libFuzzer target for pack_parse, the committee pack definition
** parser (files given to `pack set` and `report pack --pack-file`). Checks: it
** returns 0 or 1; a failure leaves a message; a success has 1 to PACK_MAX_PARTS
** parts, each with a known report kind and line numbers in order; and pack_check
** against the default policy runs on any parsed pack. Not for: building packs.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char *z = malloc(size + 1);
  memcpy(z, data, size);
  z[size] = 0;
  Pack p;
  Buf err = BUF_INIT;
  int rc = pack_parse("fuzz", z, &p, &err);
  if (rc != 0 && rc != 1) abort();
  if (rc && err.n == 0) abort();
  if (!rc) {
    if (p.nPart < 1 || p.nPart > PACK_MAX_PARTS) abort();
    for (int i = 0; i < p.nPart; i++) {
      if (!p.aPart[i].zKind || !strcmp(p.aPart[i].zKind, "pack")) abort();
      if (i && p.aPart[i].line <= p.aPart[i - 1].line) abort();
    }
    Policy pol;
    policy_default(&pol);
    char *az[] = {"E", "Essential", "H", "High"};
    buf_reset(&err);
    rc = pack_check(&p, &pol, az, 4, &err);
    if (rc != 0 && rc != 1) abort();
    if (rc && err.n == 0) abort();
  }
  pack_free(&p);
  buf_free(&err);
  free(z);
  return 0;
}
