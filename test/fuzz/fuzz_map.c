/*
** fuzz_map.c: libFuzzer target for column map files and their status
** vocabulary: any bytes as a map file through the same reader the import uses,
** then each of its lines, and a few fixed cells, read as status words. Checks
** the reader's contract: 0 or 1, a message whenever it refuses, and every
** status read is a Status or -1 (unknown, when the map gives unknown words no
** meaning). Not for: matching the map against a header (fuzz_import.c).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_read(const Map *m, const char *z) {
  VocabHow how = VOCAB_HOW__MAX;
  int st = vocab_read(&m->vocab, z, &how);
  if (st < -1 || st >= STATUS__MAX) abort();
  if (st >= 0 && (how < 0 || how >= VOCAB_HOW__MAX)) abort();
  if (st < 0 && m->vocab.unknown >= 0) abort(); /* the unknown rule reads everything */
  char *zNorm = vocab_norm(z);
  if (strlen(zNorm) > strlen(z)) abort();
  free(zNorm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0;
  char *zText = malloc(size + 1);
  if (!zText) return 0;
  memcpy(zText, data, size);
  zText[size] = 0;
  Map m;
  import_map_init(&m, size ? data[0] & 1 : 0);
  Buf err = BUF_INIT;
  FILE *f = size ? fmemopen(zText, size, "r") : 0;
  int rc = f ? import_map_read_file(&m, f, "fuzz.map", &err) : 0;
  if (f) fclose(f);
  if (rc != 0 && rc != 1) abort();
  if (rc && !err.n) abort(); /* a refusal always says why */
  if (m.vocab.n < 0 || m.vocab.n > VOCAB_MAX_WORDS) abort();
  static const char *const azCell[] = {"Complete",    "Green", "IA remark: Partially implemented",
                                       "100 %",       "",      "\xe2\x80\x93",
                                       "Withdrawn: x"};
  for (size_t i = 0; i < sizeof azCell / sizeof azCell[0]; i++) check_read(&m, azCell[i]);
  char *zSave = 0;
  for (char *t = strtok_r(zText, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
    check_read(&m, t);
  }
  buf_free(&err);
  import_map_free(&m);
  free(zText);
  return 0;
}
