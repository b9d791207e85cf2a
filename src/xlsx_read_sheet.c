/*
** xlsx_read_sheet.c: one sheet of an open workbook read as a grid of text (see
** xlsx_read.h): its cells, typed by the book's shared strings and date styles,
** collected sparsely, then laid out as the rows that hold something, merged
** ranges filled in from their top-left cell.
**
** Not for: the zip or the book's own parts (xlsx_read.c), what the cells mean
** (import.c).
*/
#include "xlsx_book.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* ---- a sheet ---- */

typedef struct Cell {
  int row, col; /* row 1-based as Excel numbers it, col 0-based */
  int sst;      /* shared string index, or -1 */
  size_t off;   /* else the text's offset in the grid's pool */
  size_t seq;   /* order seen: the later of two cells at one place wins */
} Cell;

typedef struct Merge {
  int r1, c1, r2, c2;
} Merge;

typedef struct SheetParse {
  XlsxParse ps;
  const char *zSheet;
  XlsxGrid *g;
  Cell *aCell;
  size_t nCell, nCellAlloc;
  Merge *aMerge;
  int nMerge;
  int inData, row, col;   /* current row and the column of the last cell */
  int cRow, cCol, cStyle; /* the open cell */
  char cType[12];
  int inC, inV, inIs, inT, rph;
  Buf v, is;
} SheetParse;

/* "C7" -> column 2, row 7. Returns 0, or 1 when it is not a cell reference. */
static int ref_parse(const char *z, int *pCol, int *pRow) {
  long col = 0, row = 0;
  int nl = 0, nd = 0;
  for (; isalpha((unsigned char)*z) && nl < 4; z++, nl++) {
    col = col * 26 + (toupper((unsigned char)*z) - 'A' + 1);
  }
  while (isdigit((unsigned char)*z) && nd < 8) row = row * 10 + (*z++ - '0'), nd++;
  if (*z || !nl || !nd || col > 16384 || row < 1 || row > XLSX_MAX_ROWS) return 1;
  *pCol = (int)col - 1;
  *pRow = (int)row;
  return 0;
}

static void cell_ref_text(int col, int row, char *z) {
  char zc[8];
  snprintf(z, 24, "%s%d", xlsx_col_name(col, zc), row);
}

static void XMLCALL sheet_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  SheetParse *s = u;
  const char *z = xlsx_local_name(zName);
  if (!strcmp(z, "sheetData")) {
    s->inData = 1;
  } else if (!strcmp(z, "row") && s->inData) {
    const char *zR = xlsx_attr(atts, "r");
    int r = s->row + 1;
    if (zR) {
      char *e;
      long v = strtol(zR, &e, 10);
      if (*e || v < 1 || v > XLSX_MAX_ROWS) {
        xlsx_parse_fail(&s->ps, "sheet '%s': row number '%.20s' is not one Excel allows", s->zSheet,
                        zR);
        return;
      }
      r = (int)v;
    }
    if (r > XLSX_MAX_ROWS) {
      xlsx_parse_fail(&s->ps, "sheet '%s': more than Excel's %d rows", s->zSheet, XLSX_MAX_ROWS);
      return;
    }
    s->row = r;
    s->col = -1;
  } else if (!strcmp(z, "c") && s->inData) {
    const char *zR = xlsx_attr(atts, "r"), *zT = xlsx_attr(atts, "t"), *zS = xlsx_attr(atts, "s");
    if (s->row < 1) s->row = 1;
    int col = s->col + 1, row = s->row;
    if (zR && ref_parse(zR, &col, &row)) {
      xlsx_parse_fail(&s->ps, "sheet '%s': '%.20s' is not a cell reference", s->zSheet, zR);
      return;
    }
    if (col >= 16384) {
      xlsx_parse_fail(&s->ps, "sheet '%s': more than Excel's 16384 columns", s->zSheet);
      return;
    }
    s->col = col;
    s->cRow = row;
    s->cCol = col;
    s->cStyle = zS ? atoi(zS) : 0;
    snprintf(s->cType, sizeof s->cType, "%s", zT ? zT : "n");
    s->inC = 1;
    buf_reset(&s->v);
    buf_reset(&s->is);
  } else if (s->inC && !strcmp(z, "v")) {
    s->inV = 1;
  } else if (s->inC && !strcmp(z, "is")) {
    s->inIs = 1;
  } else if (s->inIs && !strcmp(z, "rPh")) {
    s->rph++;
  } else if (s->inIs && !s->rph && !strcmp(z, "t")) {
    s->inT = 1;
  } else if (!strcmp(z, "mergeCell")) {
    const char *zRef = xlsx_attr(atts, "ref");
    char a[24], bb[24];
    const char *zColon = zRef ? strchr(zRef, ':') : 0;
    Merge m;
    if (!zRef) return;
    if (!zColon) return; /* a single cell merged with itself */
    if (zColon - zRef >= 24 || strlen(zColon + 1) >= 24) goto bad;
    snprintf(a, sizeof a, "%.*s", (int)(zColon - zRef), zRef);
    snprintf(bb, sizeof bb, "%s", zColon + 1);
    if (ref_parse(a, &m.c1, &m.r1) || ref_parse(bb, &m.c2, &m.r2)) goto bad;
    if (m.r2 < m.r1 || m.c2 < m.c1) goto bad;
    if (s->nMerge >= 100000) {
      xlsx_parse_fail(&s->ps, "sheet '%s': more than 100000 merged ranges", s->zSheet);
      return;
    }
    s->aMerge = xrealloc(s->aMerge, sizeof(Merge) * (size_t)(s->nMerge + 1));
    s->aMerge[s->nMerge++] = m;
    return;
  bad:
    xlsx_parse_fail(&s->ps, "sheet '%s': '%.40s' is not a range of cells", s->zSheet, zRef);
  }
}

/* The shortest text that reads back as the same double; whole numbers as
** digits (20, not the equally short 2e+01 that %g prefers). */
static void number_text(double d, char *z, size_t n) {
  if (d == (double)(long long)d && d > -1e15 && d < 1e15) {
    snprintf(z, n, "%lld", (long long)d);
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(z, n, "%.*g", prec, d);
    if (strtod(z, 0) == d) return;
  }
}

static void cell_finish(SheetParse *s) {
  XlsxBook *b = s->ps.b;
  XlsxGrid *g = s->g;
  char zRef[24], zNum[40];
  const char *zText = 0;
  int sst = -1;
  size_t len = 0;
  cell_ref_text(s->cCol, s->cRow, zRef);
  char zWhere[160];
  snprintf(zWhere, sizeof zWhere, "sheet '%.100s', cell %s", s->zSheet, zRef);
  const char *t = s->cType;
  buf_cstr(&s->v);
  if (!strcmp(t, "s")) {
    if (!s->v.n) return;
    char *e;
    long k = strtol(s->v.z, &e, 10);
    if (!b->hasSst) {
      xlsx_parse_fail(&s->ps, "sheet '%s', cell %s: uses shared strings, but %s is missing",
                      s->zSheet, zRef, b->zSstPart);
      return;
    }
    if (*e || k < 0 || k >= b->nSst) {
      xlsx_parse_fail(&s->ps,
                      "sheet '%s', cell %s: shared string %.20s is out of range (%s has %d)",
                      s->zSheet, zRef, s->v.z, b->zSstPart, b->nSst);
      return;
    }
    sst = (int)k;
    if (!b->sst.z[b->aSst[sst]]) return;
  } else if (!strcmp(t, "inlineStr")) {
    if (xlsx_text_check(&s->ps, &s->is, zWhere)) return;
    zText = buf_cstr(&s->is);
    len = s->is.n;
  } else if (!strcmp(t, "str") || !strcmp(t, "e") || !strcmp(t, "d")) {
    if (xlsx_text_check(&s->ps, &s->v, zWhere)) return;
    zText = s->v.z;
    len = s->v.n;
  } else if (!strcmp(t, "b")) {
    if (!s->v.n) return;
    zText = strcmp(s->v.z, "0") ? "TRUE" : "FALSE";
    len = strlen(zText);
  } else if (!strcmp(t, "n")) {
    if (!s->v.n) return;
    char *e;
    const char *zv = s->v.z;
    while (isspace((unsigned char)*zv)) zv++;
    double d = strtod(zv, &e);
    while (isspace((unsigned char)*e)) e++;
    if (*e || e == zv || !isfinite(d)) {
      xlsx_parse_fail(&s->ps, "sheet '%s', cell %s: '%.40s' is not a number", s->zSheet, zRef,
                      s->v.z);
      return;
    }
    int kind = s->cStyle >= 0 && s->cStyle < b->nXf ? b->aXfDate[s->cStyle] : 0;
    int isDate = kind == XF_DATE;
    double whole = floor(d);
    if (isDate && (b->date1904 ? whole >= 0 : whole >= 1) && whole < 2958466) {
      long serial = (long)whole;
      Day day;
      if (b->date1904)
        day = day_from_ymd(1904, 1, 1) + (Day)serial;
      else if (serial == 60)
        day = DAY_NONE; /* Excel's 29 February 1900, which never was */
      else if (serial < 60)
        day = day_from_ymd(1899, 12, 31) + (Day)serial;
      else
        day = day_from_ymd(1899, 12, 30) + (Day)serial;
      if (day == DAY_NONE)
        snprintf(zNum, sizeof zNum, "1900-02-29");
      else
        day_fmt(day, DAY_ISO, zNum);
    } else if (kind == XF_PERCENT) {
      /* As the cell shows it: 0.75 in a percent format is "75%" (to nine
      ** decimal places, so that 0.145 is 14.5%, not 14.499999999999998%). */
      number_text(round(d * 100 * 1e9) / 1e9, zNum, sizeof zNum - 1);
      strcat(zNum, "%");
    } else {
      number_text(d, zNum, sizeof zNum);
    }
    zText = zNum;
    len = strlen(zNum);
  } else {
    xlsx_parse_fail(&s->ps, "sheet '%s', cell %s: unknown cell type '%s'", s->zSheet, zRef, t);
    return;
  }
  if (sst < 0 && !len) return;
  if (s->cCol >= XLSX_MAX_COLS) {
    xlsx_parse_fail(&s->ps, "sheet '%s', cell %s: beyond column %d, more than a tracker needs",
                    s->zSheet, zRef, XLSX_MAX_COLS);
    return;
  }
  if (s->nCell >= XLSX_MAX_CELLS) {
    xlsx_parse_fail(&s->ps, "sheet '%s': more than %u cells", s->zSheet, XLSX_MAX_CELLS);
    return;
  }
  if (s->nCell == s->nCellAlloc) {
    s->nCellAlloc = s->nCellAlloc ? 2 * s->nCellAlloc : 256;
    s->aCell = xrealloc(s->aCell, sizeof(Cell) * s->nCellAlloc);
  }
  Cell *c = &s->aCell[s->nCell];
  c->row = s->cRow;
  c->col = s->cCol;
  c->sst = sst;
  c->seq = s->nCell++;
  c->off = 0;
  if (sst < 0) {
    c->off = g->pool.n;
    buf_append(&g->pool, zText, len);
    buf_putc(&g->pool, 0);
  }
}

static void XMLCALL sheet_end(void *u, const XML_Char *zName) {
  SheetParse *s = u;
  const char *z = xlsx_local_name(zName);
  if (!strcmp(z, "sheetData"))
    s->inData = 0;
  else if (!strcmp(z, "v"))
    s->inV = 0;
  else if (!strcmp(z, "t"))
    s->inT = 0;
  else if (!strcmp(z, "rPh") && s->rph)
    s->rph--;
  else if (!strcmp(z, "is"))
    s->inIs = 0;
  else if (!strcmp(z, "c") && s->inC) {
    s->inC = 0;
    cell_finish(s);
  }
}

static void XMLCALL sheet_text(void *u, const XML_Char *z, int len) {
  SheetParse *s = u;
  if ((s->inV && xlsx_text_add(&s->v, z, len)) ||
      (!s->inV && s->inT && xlsx_text_add(&s->is, z, len))) {
    char zRef[24];
    cell_ref_text(s->cCol, s->cRow, zRef);
    xlsx_parse_fail(&s->ps, "sheet '%s', cell %s holds more than Excel's %d characters in a cell",
                    s->zSheet, zRef, XLSX_MAX_CELL_CHARS);
  }
}

static int cell_cmp(const void *pa, const void *pb) {
  const Cell *a = pa, *b = pb;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  if (a->col != b->col) return a->col < b->col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int blank(const char *z) {
  while (isspace((unsigned char)*z)) z++;
  return !*z;
}

/* Lay the cells out as the grid of non-blank rows, merged ranges filled. */
static int grid_build(SheetParse *s, Buf *err) {
  XlsxBook *b = s->ps.b;
  XlsxGrid *g = s->g;
  int rc = 0;
  if (s->nCell == 0) return 0;
  qsort(s->aCell, s->nCell, sizeof(Cell), cell_cmp);
  int maxRow = 0, maxCol = 0;
  for (size_t i = 0; i < s->nCell; i++) {
    if (s->aCell[i].row > maxRow) maxRow = s->aCell[i].row;
    if (s->aCell[i].col > maxCol) maxCol = s->aCell[i].col;
  }
  /* Rows that hold a value, or lie under a merged range. */
  unsigned char *used = xcalloc((size_t)maxRow + 1, 1);
  for (size_t i = 0; i < s->nCell; i++) used[s->aCell[i].row] = 1;
  for (int k = 0; k < s->nMerge; k++) {
    Merge *m = &s->aMerge[k];
    if (m->r1 > maxRow || m->c1 > maxCol) continue;
    if (m->r2 > maxRow) m->r2 = maxRow;
    if (m->c2 > maxCol) m->c2 = maxCol;
    if (used[m->r1]) {
      for (int r = m->r1; r <= m->r2; r++) used[r] = 1;
    }
  }
  int *aIdx = xmalloc(sizeof(int) * ((size_t)maxRow + 1));
  int nRow = 0;
  for (int r = 1; r <= maxRow; r++) aIdx[r] = used[r] ? nRow++ : -1;
  int nCol = maxCol + 1;
  if ((size_t)nRow * (size_t)nCol > XLSX_MAX_CELLS) {
    rc = buf_fail(err, 1,
                  "sheet '%s': %d rows by %d columns is more than auditrack reads (%u "
                  "cells)",
                  s->zSheet, nRow, nCol, XLSX_MAX_CELLS);
    goto end;
  }
  const char *zPool = buf_cstr(&g->pool);
  const char **az = xmalloc(sizeof(char *) * (size_t)nRow * (size_t)nCol);
  for (size_t i = 0; i < (size_t)nRow * (size_t)nCol; i++) az[i] = "";
  for (size_t i = 0; i < s->nCell; i++) {
    Cell *c = &s->aCell[i];
    az[(size_t)aIdx[c->row] * (size_t)nCol + (size_t)c->col] =
        c->sst >= 0 ? b->sst.z + b->aSst[c->sst] : zPool + c->off;
  }
  size_t filled = 0;
  for (int k = 0; k < s->nMerge; k++) {
    Merge *m = &s->aMerge[k];
    if (m->r1 > maxRow || m->c1 > maxCol || aIdx[m->r1] < 0) continue;
    const char *v = az[(size_t)aIdx[m->r1] * (size_t)nCol + (size_t)m->c1];
    if (!v[0]) continue;
    filled += (size_t)(m->r2 - m->r1 + 1) * (size_t)(m->c2 - m->c1 + 1);
    if (filled > XLSX_MAX_CELLS) {
      free(az);
      rc = buf_fail(err, 1, "sheet '%s': merged ranges cover more than %u cells", s->zSheet,
                    XLSX_MAX_CELLS);
      goto end;
    }
    for (int r = m->r1; r <= m->r2; r++) {
      for (int c = m->c1; c <= m->c2; c++) az[(size_t)aIdx[r] * (size_t)nCol + (size_t)c] = v;
    }
  }
  /* Drop blank rows. */
  g->aRowNum = xmalloc(sizeof(long) * (size_t)(nRow ? nRow : 1));
  g->aGroupHead = xcalloc((size_t)(nRow ? nRow : 1), 1);
  unsigned char *aGroup = xcalloc((size_t)(nRow ? nRow : 1), 1);
  for (int k = 0; k < s->nMerge; k++) {
    Merge *m = &s->aMerge[k];
    if (m->r1 == m->r2 && m->c2 > m->c1 && m->r1 <= maxRow && aIdx[m->r1] >= 0) {
      aGroup[aIdx[m->r1]] = 1;
    }
  }
  int out = 0;
  for (int r = 1; r <= maxRow; r++) {
    if (aIdx[r] < 0) continue;
    const char **row = az + (size_t)aIdx[r] * (size_t)nCol;
    int any = 0;
    for (int c = 0; c < nCol && !any; c++) any = !blank(row[c]);
    if (!any) continue;
    if (out != aIdx[r]) {
      memmove(az + (size_t)out * (size_t)nCol, row, sizeof(char *) * (size_t)nCol);
    }
    g->aGroupHead[out] = aGroup[aIdx[r]];
    g->aRowNum[out++] = r;
  }
  free(aGroup);
  g->nRow = out;
  g->nCol = out ? nCol : 0;
  g->azCell = az;
end:
  free(used);
  free(aIdx);
  return rc;
}

int xlsx_sheet_read(XlsxBook *b, int i, XlsxGrid *g, Buf *err) {
  memset(g, 0, sizeof *g);
  if (i < 0 || i >= b->nSheet) return buf_fail(err, 1, "no sheet %d", i + 1);
  SheetParse *s = xcalloc(1, sizeof *s);
  s->g = g;
  s->zSheet = b->azName[i];
  s->ps.p = xlsx_parser_new(s);
  XML_SetElementHandler(s->ps.p, sheet_start, sheet_end);
  XML_SetCharacterDataHandler(s->ps.p, sheet_text);
  buf_putc(&g->pool, 0);
  int rc = xlsx_part_parse(b, b->azPart[i], &s->ps, err);
  XML_ParserFree(s->ps.p);
  if (rc == 2) {
    rc = buf_fail(err, 1, "%s, the part of sheet '%s', is missing", b->azPart[i], b->azName[i]);
  }
  if (!rc) rc = grid_build(s, err);
  free(s->aCell);
  free(s->aMerge);
  buf_free(&s->v);
  buf_free(&s->is);
  free(s);
  if (rc) xlsx_grid_free(g);
  return rc;
}

void xlsx_grid_free(XlsxGrid *g) {
  free(g->aRowNum);
  free(g->aGroupHead);
  free(g->azCell);
  buf_free(&g->pool);
  memset(g, 0, sizeof *g);
}
