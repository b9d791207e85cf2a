/*
** csv.c: an RFC 4180 record reader over a buffer already in memory.
**
** One pass, no backtracking. Field values are copied into a single growable buffer
** that is reused from record to record, so reading a large file allocates only
** while the widest record so far grows. Not for: meaning of fields, header
** matching, UTF-8 validation (the importer does those), or writing CSV
** (buf_csv_field in buf.c).
*/
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

struct CsvReader {
  const char *z;  /* the input, not owned */
  size_t n;       /* bytes of input */
  size_t i;       /* next byte to read */
  long line;      /* physical line of z[i] */
  long recno;     /* records returned so far */
  Buf val;        /* field values of the current record, each NUL-terminated */
  size_t *aOff;   /* aOff[k]: start of field k in val */
  char **azField; /* pointers into val handed to the caller */
  int nAlloc;     /* slots in aOff and azField */
  int failed;     /* set after a syntax error: every later call fails too */
  char zErr[96];  /* "line N: ..." */
};

/* Bytes that end a run of ordinary field text, unquoted and quoted. */
enum { CSV_STOP_UNQUOTED = 1, CSV_STOP_QUOTED = 2 };
static const unsigned char aCsvClass[256] = {
    [','] = CSV_STOP_UNQUOTED,
    ['"'] = CSV_STOP_UNQUOTED | CSV_STOP_QUOTED,
    ['\r'] = CSV_STOP_UNQUOTED | CSV_STOP_QUOTED,
    ['\n'] = CSV_STOP_UNQUOTED | CSV_STOP_QUOTED,
    [0] = CSV_STOP_UNQUOTED | CSV_STOP_QUOTED,
};

CsvReader *csv_open(const char *z, size_t n) {
  CsvReader *r = xcalloc(1, sizeof(*r));
  r->z = z;
  r->n = n;
  r->line = 1;
  if (n >= 3 && !memcmp(z, "\xEF\xBB\xBF", 3)) r->i = 3;
  return r;
}

static int csv_fail(CsvReader *r, long line, const char *zWhat) {
  snprintf(r->zErr, sizeof(r->zErr), "line %ld: %s", line, zWhat);
  r->failed = 1;
  return -1;
}

/* Note the start of field k in val, growing the offset table when needed. */
static void csv_mark_field(CsvReader *r, int k) {
  if (k == r->nAlloc) {
    r->nAlloc = r->nAlloc ? r->nAlloc * 2 : 32;
    r->aOff = xrealloc(r->aOff, sizeof(r->aOff[0]) * (size_t)r->nAlloc);
    r->azField = xrealloc(r->azField, sizeof(r->azField[0]) * (size_t)r->nAlloc);
  }
  r->aOff[k] = r->val.n;
}

/*
** Read the body of a quoted field; r->i is just past the opening quote. Returns 0
** with r->i just past the closing quote, or -1.
*/
static int csv_read_quoted(CsvReader *r) {
  const char *z = r->z;
  size_t n = r->n, i = r->i;
  long openLine = r->line;
  for (;;) {
    size_t start = i;
    while (i < n && !(aCsvClass[(unsigned char)z[i]] & CSV_STOP_QUOTED)) i++;
    if (i > start) buf_append(&r->val, z + start, i - start);
    if (i >= n) {
      r->i = i;
      return csv_fail(r, openLine, "quoted field opened here is never closed");
    }
    char c = z[i];
    if (c == '"') {
      if (i + 1 < n && z[i + 1] == '"') {
        buf_putc(&r->val, '"');
        i += 2;
        continue;
      }
      r->i = i + 1;
      return 0;
    }
    if (c == 0) {
      r->i = i;
      return csv_fail(r, r->line, "NUL byte in field");
    }
    /* A line end inside the field is kept as written; CRLF counts as one line. */
    if (c == '\r' && i + 1 < n && z[i + 1] == '\n') {
      buf_append(&r->val, "\r\n", 2);
      i += 2;
    } else {
      buf_putc(&r->val, c);
      i++;
    }
    r->line++;
  }
}

int csv_next(CsvReader *r, CsvRecord *rec) {
  const char *z = r->z;
  size_t n = r->n;
  int nField = 0;
  if (r->failed) return -1;
  if (r->i >= n) return 0;
  buf_reset(&r->val);
  rec->line = r->line;
  for (;;) {
    csv_mark_field(r, nField);
    if (r->i < n && z[r->i] == '"') {
      r->i++;
      if (csv_read_quoted(r)) return -1;
      if (r->i < n && z[r->i] != ',' && z[r->i] != '\r' && z[r->i] != '\n') {
        return csv_fail(r, r->line, "unexpected character after a closing quote");
      }
    } else {
      size_t i = r->i, start = i;
      while (i < n && !(aCsvClass[(unsigned char)z[i]] & CSV_STOP_UNQUOTED)) i++;
      r->i = i;
      if (i < n && z[i] == '"') return csv_fail(r, r->line, "quote inside an unquoted field");
      if (i < n && z[i] == 0) return csv_fail(r, r->line, "NUL byte in field");
      buf_append(&r->val, z + start, i - start);
    }
    buf_putc(&r->val, 0);
    nField++;
    /* r->i is now at a comma, a line end, or the end of the input. */
    if (r->i < n && z[r->i] == ',') {
      r->i++;
      continue;
    }
    if (r->i < n) {
      if (z[r->i] == '\r' && r->i + 1 < n && z[r->i + 1] == '\n') r->i++;
      r->i++;
      r->line++;
    }
    break;
  }
  for (int k = 0; k < nField; k++) r->azField[k] = r->val.z + r->aOff[k];
  rec->nField = nField;
  rec->azField = r->azField;
  rec->recno = ++r->recno;
  return 1;
}

const char *csv_errmsg(const CsvReader *r) { return r->zErr; }

size_t csv_offset(const CsvReader *r) { return r->i; }

void csv_close(CsvReader *r) {
  if (!r) return;
  buf_free(&r->val);
  free(r->aOff);
  free(r->azField);
  free(r);
}
