/*
** xlsx_book.h: an open workbook as the two halves of the .xlsx reader share it:
** xlsx_read.c opens the zip and reads the book's own parts; xlsx_read_sheet.c reads
** one sheet's cells. Both feed each part to expat through xlsx_part_parse.
**
** Not for: the importer or anyone else (xlsx_read.h is the reader's interface).
*/
#ifndef AT_XLSX_BOOK_H
#define AT_XLSX_BOOK_H

#include "xlsx_read.h"

#include <expat.h>
#include <zip.h>

struct XlsxBook {
  zip_t *zip;
  size_t inflated; /* bytes inflated so far, all parts */
  int date1904;
  int nSheet;
  char **azName, **azRid, **azPart;
  char *zSstPart, *zStylesPart;
  int hasSst;
  Buf sst; /* shared strings, NUL-separated */
  size_t *aSst;
  int nSst;
  unsigned char *aXfDate; /* per cellXfs entry: XF_DATE, XF_PERCENT or 0 by its number format */
  int nXf;
};

enum { XF_DATE = 1, XF_PERCENT = 2 };

typedef struct XlsxParse {
  XML_Parser p;
  XlsxBook *b;
  const char *zPart;
  Buf *err;
  int failed;
} XlsxParse;

/* The local part of an expat namespaced name ("uri|c" -> "c"). */
const char *xlsx_local_name(const char *z);
/* The value of the attribute named zName (local part) in atts, or NULL. */
const char *xlsx_attr(const char **atts, const char *zName);
/* Stop the parse with the message "<part>: <fmt...>" in ps->err; only the first
** failure is kept. */
void xlsx_parse_fail(XlsxParse *ps, const char *zFmt, ...) AT_PRINTF(2, 3);
/* Inflate zPart and feed it to a parser whose user data is ps (set up by the
** caller with its handlers). Returns 0, 1 on failure (err set), 2 when the part
** does not exist (err untouched). */
int xlsx_part_parse(XlsxBook *b, const char *zPart, XlsxParse *ps, Buf *err);
/* A namespace-aware parser with user data u; aborts when out of memory. */
XML_Parser xlsx_parser_new(void *u);
/* 1 (and ps failed) when the text in t has more characters than a cell holds. */
int xlsx_text_check(XlsxParse *ps, Buf *t, const char *zWhere);
/* Append text; 1 (and nothing appended) when it cannot fit in a cell. */
int xlsx_text_add(Buf *t, const XML_Char *s, int len);

#endif
