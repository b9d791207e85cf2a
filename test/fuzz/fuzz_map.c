/*
** fuzz_map.c: libFuzzer target for column map files and the vocabulary a row's
** cells are read by: any bytes as a map file through the same reader the import
** uses (its fields, `dates =` spellings and `status WORD = MEANING` words), then
** each of its lines, and a few fixed cells, read as every kind of cell the map
** governs: a status word (the map's words, the built-in ones, the phrases), an
** internal audit opinion in free text (status_from_text, the seed layout's
** reader), a date under the map's spellings and an audit's assurance opinion.
** (Risk labels are matched against the database's scales by the import, not by a
** parser of the map: fuzz_import.c reads them.) Checks the readers'
** contracts: the map reader returns 0 or 1 with a message whenever it refuses;
** every status read is a Status or -1 (unknown, when the map gives unknown words
** no meaning); an opinion is always a Status; a date is a known kind, with a day
** exactly when its kind has one and a reason whenever it is refused; an assurance
** is one of the opinions or none. Not for: matching the map against a header
** (fuzz_import.c).
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
  /* An opinion in free text always reads as something: in progress when nothing else. */
  Status op = status_from_text(z);
  if ((int)op < 0 || op >= STATUS__MAX) abort();
  /* A date cell under the map's spellings. */
  DateParse p;
  char zErr[96];
  zErr[0] = 0;
  int rc = day_parse(z, m->dateMask, &p, zErr, sizeof zErr);
  if (rc) {
    if (!zErr[0]) abort(); /* a refusal says why */
  } else {
    if ((int)p.kind < 0 || p.kind >= DATE_KIND__MAX) abort();
    int hasDay = p.kind == DATE_EXACT || p.kind == DATE_MONTH || p.kind == DATE_SEASON;
    if (hasDay != (p.day != DAY_NONE)) abort();
    if (p.kind == DATE_NOYEAR && (p.month < 1 || p.month > 12 || p.mday < 1 || p.mday > 31))
      abort();
  }
  /* An audit's assurance opinion: one of the four, or none given. */
  int as = assurance_from_name(z);
  if (as < AS_NONE_GIVEN || as > AS_NO) abort();
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
