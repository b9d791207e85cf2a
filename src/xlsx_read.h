/*
** xlsx_read.h: reading the cells of an Excel workbook (.xlsx, Office Open XML) as
** text, for the importer.
**
** The workbook is read from memory (libzip) and its XML parts with expat:
** sheet names, shared strings, which number formats are dates, and one sheet's
** cells with their row numbers as Excel shows them. Dates stored as serial
** numbers come back as ISO text (2024-12-31), other numbers as the shortest text
** that reads back to the same double (12, not 12.0); merged cells give every
** cell they cover the top-left cell's value. Anything malformed, truncated or
** oversized (a zip bomb) is refused with a message naming the part.
** Not for: writing workbooks (libxlsxwriter does that), what the cells mean
** (import.c).
*/
#ifndef AT_XLSX_READ_H
#define AT_XLSX_READ_H

#include <stddef.h>

#include "buf.h"

/* Limits: Excel's own where it has one. */
#define XLSX_MAX_CELL_CHARS 32767            /* characters in one cell */
#define XLSX_MAX_ROWS 1048576                /* rows in a sheet */
#define XLSX_MAX_COLS 1024                   /* columns read (Excel allows 16384) */
#define XLSX_MAX_CELLS (8u << 20)            /* non-blank rows x columns */
#define XLSX_MAX_INFLATE ((size_t)256 << 20) /* bytes inflated from the whole file */
#define XLSX_MAX_PART ((size_t)128 << 20)    /* bytes one part may inflate to */

typedef struct XlsxBook XlsxBook;

/* One sheet's non-blank rows, after merged cells are filled in. */
typedef struct XlsxGrid {
  int nRow, nCol;            /* rows kept, columns (the widest row) */
  long *aRowNum;             /* aRowNum[i]: the sheet's row number (1-based) of row i */
  unsigned char *aGroupHead; /* 1 when row i has a range merged across columns of that row
                                only: a group heading over the sub-headings below */
  const char **azCell;       /* nRow*nCol values, row-major; "" for an empty cell; shared
                                strings point into the book: valid until xlsx_close */
  Buf pool;                  /* owns the text */
} XlsxGrid;

/* 1 when z[0..n) starts like a zip file (PK\3\4). */
int xlsx_sniff(const char *z, size_t n);

/* Open the workbook in z[0..n), which must outlive the book. Reads the
** workbook, its relationships, shared strings and styles. Returns 0 and *pp
** (free with xlsx_close), or 1 with a message in err naming the part. */
int xlsx_open(const char *z, size_t n, XlsxBook **pp, Buf *err) AT_MUST;
void xlsx_close(XlsxBook *b);

int xlsx_sheet_count(const XlsxBook *b);
/* The name of sheet i (0-based, workbook order); owned by b. */
const char *xlsx_sheet_name(const XlsxBook *b, int i);
/* The sheet named zName (exact, then ignoring case), or "N" (1-based); -1. */
int xlsx_sheet_find(const XlsxBook *b, const char *zSpec);

/* Read sheet i into *g (free with xlsx_grid_free). Returns 0, or 1 with a
** message in err naming the part and, where it helps, the cell. */
int xlsx_sheet_read(XlsxBook *b, int i, XlsxGrid *g, Buf *err) AT_MUST;
void xlsx_grid_free(XlsxGrid *g);

/* Column letters for 0-based column c ("A", "AB") into z (8 bytes). */
char *xlsx_col_name(int c, char *z);

#endif
