/*
** csv.h: an RFC 4180 reader over a buffer in memory.
**
** Accepts a UTF-8 byte order mark, CRLF or LF line ends, quoted fields holding
** commas, doubled quotes and newlines. Rejects broken quoting (a quote inside an
** unquoted field, text after a closing quote, a quote left open at the end of the
** input) with the physical line number. Not for: deciding what a field means
** (import.c does that) or validating UTF-8 (the importer does that per field).
*/
#ifndef AT_CSV_H
#define AT_CSV_H

#include <stddef.h>

typedef struct CsvReader CsvReader;

typedef struct CsvRecord {
  int nField;     /* fields in this record (>= 1; a blank line gives one empty field) */
  char **azField; /* NUL-terminated field values, owned by the reader, valid until the
                     next csv_next() or csv_close() */
  long line;      /* physical line (1-based) on which the record starts */
  long recno;     /* record number, 1-based, header included */
} CsvRecord;

/* Start reading z[0..n). z must outlive the reader. Never fails (allocation aborts). */
CsvReader *csv_open(const char *z, size_t n);
/* Read the next record: 1 = got one, 0 = end of input, -1 = syntax error (see csv_errmsg). */
int csv_next(CsvReader *r, CsvRecord *rec);
/* The last error: "line 12: quote inside an unquoted field", owned by the reader. */
const char *csv_errmsg(const CsvReader *r);
/* Bytes consumed so far (for progress lines). */
size_t csv_offset(const CsvReader *r);
void csv_close(CsvReader *r);

#endif
