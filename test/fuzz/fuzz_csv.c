/*
** fuzz_csv.c: libFuzzer target for the CSV reader. Reads every record and checks
** the invariants callers rely on: at least one NUL-terminated field per record,
** record numbers counting up by one, line numbers and the offset never going back,
** a non-empty "line N: " message on error. Not for: checking field values (the
** unit tests assert those exactly).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Copy so that ASan catches any read past the end of the input. */
  char *z = malloc(size ? size : 1);
  if (!z) return 0;
  if (size) memcpy(z, data, size);
  CsvReader *r = csv_open(z, size);
  CsvRecord rec;
  long prevLine = 0, prevRecno = 0;
  size_t prevOff = csv_offset(r);
  size_t nBytes = 0;
  int rc;
  while ((rc = csv_next(r, &rec)) == 1) {
    if (rec.nField < 1) abort();
    if (rec.line < 1 || rec.line < prevLine) abort();
    if (rec.recno != prevRecno + 1) abort();
    size_t off = csv_offset(r);
    if (off <= prevOff || off > size) abort();
    /* Field text never holds more bytes than the input the record consumed. */
    size_t nRec = 0;
    for (int i = 0; i < rec.nField; i++) nRec += strlen(rec.azField[i]);
    if (nRec > off - prevOff) abort();
    nBytes += nRec;
    prevLine = rec.line;
    prevRecno = rec.recno;
    prevOff = off;
  }
  if (rc == 0 && csv_offset(r) != size) abort();
  if (rc == -1) {
    const char *zErr = csv_errmsg(r);
    if (strncmp(zErr, "line ", 5) || !strstr(zErr, ": ")) abort();
    if (csv_next(r, &rec) != -1) abort();
  } else if (rc != 0) {
    abort();
  }
  if (nBytes > size) abort();
  csv_close(r);
  free(z);
  return 0;
}
