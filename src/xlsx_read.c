/*
** xlsx_read.c: the cells of an .xlsx workbook as text (see xlsx_read.h).
**
** Every part is inflated in chunks through a counter and fed to expat as it
** comes, so a part that inflates past its stated size or past the caps is
** stopped before it costs memory. Documents with a DTD are refused (no entity
** tricks). Cells are collected sparsely, then laid out as a grid of the rows
** that hold something. Not for: what the cells mean (import.c).
*/
#include "xlsx_read.h"

#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "date.h"

struct XlsxBook {
  zip_t *zip;
  size_t inflated;  /* bytes inflated so far, all parts */
  int date1904;
  int nSheet;
  char **azName, **azRid, **azPart;
  char *zSstPart, *zStylesPart;
  int hasSst;
  Buf sst;          /* shared strings, NUL-separated */
  size_t *aSst;
  int nSst;
  unsigned char *aXfDate; /* per cellXfs entry: 1 when its number format is a date */
  int nXf;
};

/* ---- parsing a part ---- */

typedef struct Parse {
  XML_Parser p;
  XlsxBook *b;
  const char *zPart;
  Buf *err;
  int failed;
} Parse;

static const char *local_name(const char *z) {
  const char *s = strrchr(z, '|');
  return s ? s + 1 : z;
}

static const char *attr(const char **atts, const char *zName) {
  for (int i = 0; atts[i]; i += 2) {
    if (!strcmp(local_name(atts[i]), zName)) return atts[i + 1];
  }
  return 0;
}

static void parse_fail(Parse *ps, const char *zFmt, ...) AT_PRINTF(2, 3);
static void parse_fail(Parse *ps, const char *zFmt, ...) {
  if (ps->failed) return;
  ps->failed = 1;
  buf_reset(ps->err);
  buf_appendf(ps->err, "%s: ", ps->zPart);
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(ps->err, zFmt, ap);
  va_end(ap);
  XML_StopParser(ps->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *u, const XML_Char *n, const XML_Char *s, const XML_Char *p,
                               int i) {
  (void)n, (void)s, (void)p, (void)i;
  parse_fail(u, "has a DTD, which a workbook never has: refused");
}

/* Inflate zPart and feed it to a parser whose user data is ps (set up by the
** caller with its handlers). Returns 0, 1 on failure (err set), 2 when the part
** does not exist (err untouched). */
static int part_parse(XlsxBook *b, const char *zPart, Parse *ps, Buf *err) {
  zip_int64_t idx = zip_name_locate(b->zip, zPart, 0);
  if (idx < 0) return 2;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_SIZE)) {
    return buf_fail(err, 1, "%s: cannot be read from the zip: %s", zPart,
                    zip_strerror(b->zip));
  }
  if (st.size > XLSX_MAX_PART || st.size > XLSX_MAX_INFLATE - b->inflated) {
    return buf_fail(err, 1, "%s inflates to %llu MB, more than auditrack reads (%zu MB per "
                    "part, %zu MB in all): refused", zPart,
                    (unsigned long long)(st.size >> 20), XLSX_MAX_PART >> 20,
                    XLSX_MAX_INFLATE >> 20);
  }
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
      st.size / (st.comp_size ? st.comp_size : 1) > 500) {
    return buf_fail(err, 1, "%s: compressed %llu times (%llu bytes to %llu), far beyond real "
                    "spreadsheet data: refused as a zip bomb", zPart,
                    (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
                    (unsigned long long)st.comp_size, (unsigned long long)st.size);
  }
  zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
  if (!f) return buf_fail(err, 1, "%s: cannot be opened: %s", zPart, zip_strerror(b->zip));
  ps->zPart = zPart;
  ps->err = err;
  ps->b = b;
  XML_SetStartDoctypeDeclHandler(ps->p, on_doctype);
  char *zChunk = xmalloc(1 << 16);
  zip_uint64_t total = 0;
  int rc = 0;
  for (;;) {
    zip_int64_t got = zip_fread(f, zChunk, 1 << 16);
    if (got < 0) {
      rc = buf_fail(err, 1, "%s: cannot be inflated (truncated or damaged): %s", zPart,
                    zip_file_strerror(f));
      break;
    }
    total += (zip_uint64_t)got;
    b->inflated += (size_t)got;
    if (total > st.size) {
      rc = buf_fail(err, 1, "%s inflates to more than the %llu bytes it declares: refused as a "
                    "zip bomb", zPart, (unsigned long long)st.size);
      break;
    }
    if (b->inflated > XLSX_MAX_INFLATE) {
      rc = buf_fail(err, 1, "%s: the workbook inflates to more than auditrack reads (%zu MB): "
                    "refused as a zip bomb", zPart, XLSX_MAX_INFLATE >> 20);
      break;
    }
    if (XML_Parse(ps->p, zChunk, (int)got, got == 0) != XML_STATUS_OK) {
      if (!ps->failed) {
        buf_fail(err, 1, "%s: malformed XML at line %lu: %s", zPart,
                 (unsigned long)XML_GetCurrentLineNumber(ps->p),
                 XML_ErrorString(XML_GetErrorCode(ps->p)));
      }
      rc = 1;
      break;
    }
    if (ps->failed) {
      rc = 1;
      break;
    }
    if (got == 0) break;
  }
  free(zChunk);
  zip_fclose(f);
  return rc;
}

static XML_Parser parser_new(void *u) {
  XML_Parser p = XML_ParserCreateNS(0, '|');
  if (!p) fatal("out of memory");
  XML_SetUserData(p, u);
  return p;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml". */
static char *part_resolve(const char *zTarget) {
  Buf b = BUF_INIT;
  if (zTarget[0] == '/') buf_puts(&b, zTarget + 1);
  else buf_appendf(&b, "xl/%s", zTarget);
  /* Fold "./" and "dir/../". */
  char *z = buf_steal(&b), *zOut = xmalloc(strlen(z) + 1);
  size_t n = 0;
  for (char *s = z; *s;) {
    char *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == 1 && s[0] == '.') {
    } else if (len == 2 && s[0] == '.' && s[1] == '.') {
      while (n > 0 && zOut[n - 1] == '/') n--;
      while (n > 0 && zOut[n - 1] != '/') n--;
    } else if (len) {
      memcpy(zOut + n, s, len);
      n += len;
      if (e) zOut[n++] = '/';
    }
    s = e ? e + 1 : s + len;
  }
  zOut[n] = 0;
  free(z);
  return zOut;
}

/* ---- workbook.xml and its relationships ---- */

static void XMLCALL wb_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  Parse *ps = u;
  XlsxBook *b = ps->b;
  const char *z = local_name(zName);
  if (!strcmp(z, "workbookPr")) {
    const char *v = attr(atts, "date1904");
    if (v && (!strcmp(v, "1") || !strcasecmp(v, "true"))) b->date1904 = 1;
  } else if (!strcmp(z, "sheet")) {
    const char *zSheet = attr(atts, "name"), *zRid = attr(atts, "id");
    if (!zSheet || !zRid) {
      parse_fail(ps, "a sheet without a name or relationship id");
      return;
    }
    if (b->nSheet >= 4096) {
      parse_fail(ps, "more than 4096 sheets");
      return;
    }
    b->azName = xrealloc(b->azName, sizeof(char *) * (size_t)(b->nSheet + 1));
    b->azRid = xrealloc(b->azRid, sizeof(char *) * (size_t)(b->nSheet + 1));
    b->azPart = xrealloc(b->azPart, sizeof(char *) * (size_t)(b->nSheet + 1));
    b->azName[b->nSheet] = xstrdup(zSheet);
    b->azRid[b->nSheet] = xstrdup(zRid);
    b->azPart[b->nSheet] = 0;
    b->nSheet++;
  }
}

static int ends_with(const char *z, const char *zEnd) {
  size_t n = strlen(z), m = strlen(zEnd);
  return n >= m && !strcmp(z + n - m, zEnd);
}

static void XMLCALL rels_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  Parse *ps = u;
  XlsxBook *b = ps->b;
  if (strcmp(local_name(zName), "Relationship")) return;
  const char *zId = attr(atts, "Id"), *zTarget = attr(atts, "Target");
  const char *zType = attr(atts, "Type"), *zMode = attr(atts, "TargetMode");
  if (!zId || !zTarget || (zMode && !strcmp(zMode, "External"))) return;
  if (zType && ends_with(zType, "/sharedStrings") && !b->zSstPart) {
    b->zSstPart = part_resolve(zTarget);
  } else if (zType && ends_with(zType, "/styles") && !b->zStylesPart) {
    b->zStylesPart = part_resolve(zTarget);
  }
  for (int i = 0; i < b->nSheet; i++) {
    if (!b->azPart[i] && !strcmp(b->azRid[i], zId)) b->azPart[i] = part_resolve(zTarget);
  }
}

/* ---- shared strings ---- */

typedef struct SstParse {
  Parse ps;
  int inSi, inT, rph;
  Buf text;
} SstParse;

static int text_check(Parse *ps, Buf *t, const char *zWhere) {
  /* Count characters (not bytes) against Excel's limit. */
  size_t chars = 0;
  for (size_t i = 0; i < t->n; i++) chars += ((unsigned char)t->z[i] & 0xC0) != 0x80;
  if (chars > XLSX_MAX_CELL_CHARS) {
    parse_fail(ps, "%s holds %zu characters, more than Excel's %d in a cell", zWhere, chars,
               XLSX_MAX_CELL_CHARS);
    return 1;
  }
  return 0;
}

/* Append text; 1 (and nothing appended) when it cannot fit in a cell. */
static int text_add(Buf *t, const XML_Char *s, int len) {
  if (t->n + (size_t)len > 4 * (size_t)XLSX_MAX_CELL_CHARS + 4) return 1;
  buf_append(t, s, (size_t)len);
  return 0;
}

static void XMLCALL sst_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  SstParse *s = u;
  (void)atts;
  const char *z = local_name(zName);
  if (!strcmp(z, "si")) {
    s->inSi = 1;
    buf_reset(&s->text);
  } else if (!strcmp(z, "rPh")) {
    s->rph++;
  } else if (!strcmp(z, "t") && s->inSi && !s->rph) {
    s->inT = 1;
  }
}

static void XMLCALL sst_end(void *u, const XML_Char *zName) {
  SstParse *s = u;
  XlsxBook *b = s->ps.b;
  const char *z = local_name(zName);
  if (!strcmp(z, "t")) s->inT = 0;
  else if (!strcmp(z, "rPh") && s->rph) s->rph--;
  else if (!strcmp(z, "si") && s->inSi) {
    s->inSi = 0;
    char zWhere[48];
    snprintf(zWhere, sizeof zWhere, "shared string %d", b->nSst);
    if (text_check(&s->ps, &s->text, zWhere)) return;
    if ((unsigned)b->nSst >= XLSX_MAX_CELLS) {
      parse_fail(&s->ps, "more than %u shared strings", XLSX_MAX_CELLS);
      return;
    }
    if ((b->nSst & (b->nSst - 1)) == 0) {
      b->aSst = xrealloc(b->aSst, sizeof(size_t) * (size_t)(b->nSst ? 2 * b->nSst : 1));
    }
    b->aSst[b->nSst++] = b->sst.n;
    buf_append(&b->sst, s->text.z ? s->text.z : "", s->text.n);
    buf_putc(&b->sst, 0);
  }
}

static void XMLCALL sst_text(void *u, const XML_Char *z, int len) {
  SstParse *s = u;
  if (s->inT && text_add(&s->text, z, len)) {
    parse_fail(&s->ps, "shared string %d holds more than Excel's %d characters in a cell",
               s->ps.b->nSst, XLSX_MAX_CELL_CHARS);
  }
}

/* ---- styles: which cell formats are dates ---- */

typedef struct StyleParse {
  Parse ps;
  int inCellXfs;
  int aCustom[256]; /* custom numFmtIds that are dates */
  int nCustom;
} StyleParse;

static int builtin_is_date(int id) {
  /* 14-17 and 22 are dates (22 with a time); 27-36 and 50-58 East Asian dates.
  ** 18-21 and 45-47 are times of day or durations, not dates. */
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A custom format is a date when its first section shows a day, a month or a
** year: "dd/mm/yyyy", "d mmm yy", "mmmm yyyy". "[h]:mm", "mm:ss" and "h:mm" are
** times; quoted text, escapes and [colours] are skipped. */
static int format_is_date(const char *z) {
  int d = 0, m = 0, y = 0, h = 0, s = 0;
  for (; *z && *z != ';'; z++) {
    char c = (char)tolower((unsigned char)*z);
    if (c == '"') {
      while (z[1] && z[1] != '"') z++;
      if (z[1]) z++;
    } else if (c == '\\' || c == '_' || c == '*') {
      if (z[1]) z++;
    } else if (c == '[') {
      int onlyTime = 1;
      while (z[1] && z[1] != ']') {
        char k = (char)tolower((unsigned char)z[1]);
        if (k != 'h' && k != 'm' && k != 's') onlyTime = 0;
        z++;
      }
      if (z[1]) z++;
      if (onlyTime) h = 1;
    } else if (c == 'd') d = 1;
    else if (c == 'y') y = 1;
    else if (c == 'm') m = 1;
    else if (c == 'h') h = 1;
    else if (c == 's') s = 1;
  }
  return d || y || (m && !h && !s);
}

static void XMLCALL style_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  StyleParse *sp = u;
  XlsxBook *b = sp->ps.b;
  const char *z = local_name(zName);
  if (!strcmp(z, "numFmt")) {
    const char *zId = attr(atts, "numFmtId"), *zCode = attr(atts, "formatCode");
    if (zId && zCode && format_is_date(zCode) && sp->nCustom < 256) {
      sp->aCustom[sp->nCustom++] = atoi(zId);
    }
  } else if (!strcmp(z, "cellXfs")) {
    sp->inCellXfs = 1;
  } else if (!strcmp(z, "xf") && sp->inCellXfs) {
    if (b->nXf >= 65536) {
      parse_fail(&sp->ps, "more than 65536 cell formats");
      return;
    }
    const char *zId = attr(atts, "numFmtId");
    int id = zId ? atoi(zId) : 0, isDate = builtin_is_date(id);
    for (int i = 0; i < sp->nCustom; i++) isDate |= sp->aCustom[i] == id;
    b->aXfDate = xrealloc(b->aXfDate, (size_t)b->nXf + 1);
    b->aXfDate[b->nXf++] = (unsigned char)isDate;
  }
}

static void XMLCALL style_end(void *u, const XML_Char *zName) {
  StyleParse *sp = u;
  if (!strcmp(local_name(zName), "cellXfs")) sp->inCellXfs = 0;
}

/* ---- the book ---- */

int xlsx_sniff(const char *z, size_t n) {
  return n >= 4 && !memcmp(z, "PK\3\4", 4);
}

int xlsx_open(const char *z, size_t n, XlsxBook **pp, Buf *err) {
  *pp = 0;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(z, n, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    return buf_fail(err, 1, "cannot read the workbook: out of memory");
  }
  zip_t *zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!zip) {
    int code = zip_error_code_zip(&ze);
    buf_reset(err);
    buf_appendf(err, "not a readable .xlsx workbook (%s)%s", zip_error_strerror(&ze),
                code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF
                    ? ": the zip is truncated or damaged, or the file is not a workbook" : "");
    zip_source_free(src);
    zip_error_fini(&ze);
    return 1;
  }
  zip_error_fini(&ze);
  XlsxBook *b = xcalloc(1, sizeof *b);
  b->zip = zip;
  *pp = b;
  int rc;

  Parse ps;
  memset(&ps, 0, sizeof ps);
  ps.p = parser_new(&ps);
  XML_SetStartElementHandler(ps.p, wb_start);
  rc = part_parse(b, "xl/workbook.xml", &ps, err);
  XML_ParserFree(ps.p);
  if (rc == 2) rc = buf_fail(err, 1, "xl/workbook.xml is missing: not an Excel workbook");
  if (!rc && b->nSheet == 0) rc = buf_fail(err, 1, "xl/workbook.xml names no sheets");
  if (rc) goto end;

  memset(&ps, 0, sizeof ps);
  ps.p = parser_new(&ps);
  XML_SetStartElementHandler(ps.p, rels_start);
  rc = part_parse(b, "xl/_rels/workbook.xml.rels", &ps, err);
  XML_ParserFree(ps.p);
  if (rc == 2) {
    rc = buf_fail(err, 1, "xl/_rels/workbook.xml.rels is missing: cannot find the sheets");
  }
  if (rc) goto end;
  for (int i = 0; i < b->nSheet; i++) {
    if (!b->azPart[i]) {
      rc = buf_fail(err, 1, "xl/_rels/workbook.xml.rels: sheet '%s' has no part (%s)",
                    b->azName[i], b->azRid[i]);
      goto end;
    }
  }

  if (!b->zSstPart) b->zSstPart = xstrdup("xl/sharedStrings.xml");
  SstParse sp;
  memset(&sp, 0, sizeof sp);
  sp.ps.p = parser_new(&sp);
  XML_SetElementHandler(sp.ps.p, sst_start, sst_end);
  XML_SetCharacterDataHandler(sp.ps.p, sst_text);
  rc = part_parse(b, b->zSstPart, &sp.ps, err);
  XML_ParserFree(sp.ps.p);
  buf_free(&sp.text);
  if (rc == 2) rc = 0;
  else if (!rc) b->hasSst = 1;
  if (rc) goto end;

  if (!b->zStylesPart) b->zStylesPart = xstrdup("xl/styles.xml");
  StyleParse *st = xcalloc(1, sizeof *st);
  st->ps.p = parser_new(st);
  XML_SetElementHandler(st->ps.p, style_start, style_end);
  rc = part_parse(b, b->zStylesPart, &st->ps, err);
  XML_ParserFree(st->ps.p);
  free(st);
  if (rc == 2) rc = 0; /* no styles: no dates, every number stays a number */

end:
  if (rc) {
    xlsx_close(b);
    *pp = 0;
  }
  return rc;
}

void xlsx_close(XlsxBook *b) {
  if (!b) return;
  zip_discard(b->zip);
  for (int i = 0; i < b->nSheet; i++) {
    free(b->azName[i]);
    free(b->azRid[i]);
    free(b->azPart[i]);
  }
  free(b->azName);
  free(b->azRid);
  free(b->azPart);
  free(b->zSstPart);
  free(b->zStylesPart);
  buf_free(&b->sst);
  free(b->aSst);
  free(b->aXfDate);
  free(b);
}

int xlsx_sheet_count(const XlsxBook *b) {
  return b->nSheet;
}

const char *xlsx_sheet_name(const XlsxBook *b, int i) {
  return i >= 0 && i < b->nSheet ? b->azName[i] : "";
}

int xlsx_sheet_find(const XlsxBook *b, const char *zSpec) {
  for (int i = 0; i < b->nSheet; i++) {
    if (!strcmp(b->azName[i], zSpec)) return i;
  }
  for (int i = 0; i < b->nSheet; i++) {
    if (!strcasecmp(b->azName[i], zSpec)) return i;
  }
  char *zEnd;
  long k = strtol(zSpec, &zEnd, 10);
  if (zSpec[0] && !*zEnd && k >= 1 && k <= b->nSheet) return (int)k - 1;
  return -1;
}

char *xlsx_col_name(int c, char *z) {
  char t[8];
  int n = 0;
  c++;
  while (c > 0 && n < 7) {
    t[n++] = (char)('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  for (int i = 0; i < n; i++) z[i] = t[n - 1 - i];
  z[n] = 0;
  return z;
}

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
  Parse ps;
  const char *zSheet;
  XlsxGrid *g;
  Cell *aCell;
  size_t nCell, nCellAlloc;
  Merge *aMerge;
  int nMerge;
  int inData, row, col;    /* current row and the column of the last cell */
  int cRow, cCol, cStyle;  /* the open cell */
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
  const char *z = local_name(zName);
  if (!strcmp(z, "sheetData")) {
    s->inData = 1;
  } else if (!strcmp(z, "row") && s->inData) {
    const char *zR = attr(atts, "r");
    int r = s->row + 1;
    if (zR) {
      char *e;
      long v = strtol(zR, &e, 10);
      if (*e || v < 1 || v > XLSX_MAX_ROWS) {
        parse_fail(&s->ps, "sheet '%s': row number '%.20s' is not one Excel allows", s->zSheet, zR);
        return;
      }
      r = (int)v;
    }
    if (r > XLSX_MAX_ROWS) {
      parse_fail(&s->ps, "sheet '%s': more than Excel's %d rows", s->zSheet, XLSX_MAX_ROWS);
      return;
    }
    s->row = r;
    s->col = -1;
  } else if (!strcmp(z, "c") && s->inData) {
    const char *zR = attr(atts, "r"), *zT = attr(atts, "t"), *zS = attr(atts, "s");
    if (s->row < 1) s->row = 1;
    int col = s->col + 1, row = s->row;
    if (zR && ref_parse(zR, &col, &row)) {
      parse_fail(&s->ps, "sheet '%s': '%.20s' is not a cell reference", s->zSheet, zR);
      return;
    }
    if (col >= 16384) {
      parse_fail(&s->ps, "sheet '%s': more than Excel's 16384 columns", s->zSheet);
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
    const char *zRef = attr(atts, "ref");
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
      parse_fail(&s->ps, "sheet '%s': more than 100000 merged ranges", s->zSheet);
      return;
    }
    s->aMerge = xrealloc(s->aMerge, sizeof(Merge) * (size_t)(s->nMerge + 1));
    s->aMerge[s->nMerge++] = m;
    return;
  bad:
    parse_fail(&s->ps, "sheet '%s': '%.40s' is not a range of cells", s->zSheet, zRef);
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
      parse_fail(&s->ps, "sheet '%s', cell %s: uses shared strings, but %s is missing",
                 s->zSheet, zRef, b->zSstPart);
      return;
    }
    if (*e || k < 0 || k >= b->nSst) {
      parse_fail(&s->ps, "sheet '%s', cell %s: shared string %.20s is out of range (%s has %d)",
                 s->zSheet, zRef, s->v.z, b->zSstPart, b->nSst);
      return;
    }
    sst = (int)k;
    if (!b->sst.z[b->aSst[sst]]) return;
  } else if (!strcmp(t, "inlineStr")) {
    if (text_check(&s->ps, &s->is, zWhere)) return;
    zText = buf_cstr(&s->is);
    len = s->is.n;
  } else if (!strcmp(t, "str") || !strcmp(t, "e") || !strcmp(t, "d")) {
    if (text_check(&s->ps, &s->v, zWhere)) return;
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
      parse_fail(&s->ps, "sheet '%s', cell %s: '%.40s' is not a number", s->zSheet, zRef, s->v.z);
      return;
    }
    int isDate = s->cStyle >= 0 && s->cStyle < b->nXf && b->aXfDate[s->cStyle];
    double whole = floor(d);
    if (isDate && (b->date1904 ? whole >= 0 : whole >= 1) && whole < 2958466) {
      long serial = (long)whole;
      Day day;
      if (b->date1904) day = day_from_ymd(1904, 1, 1) + (Day)serial;
      else if (serial == 60) day = DAY_NONE; /* Excel's 29 February 1900, which never was */
      else if (serial < 60) day = day_from_ymd(1899, 12, 31) + (Day)serial;
      else day = day_from_ymd(1899, 12, 30) + (Day)serial;
      if (day == DAY_NONE) snprintf(zNum, sizeof zNum, "1900-02-29");
      else day_fmt(day, DAY_ISO, zNum);
    } else {
      number_text(d, zNum, sizeof zNum);
    }
    zText = zNum;
    len = strlen(zNum);
  } else {
    parse_fail(&s->ps, "sheet '%s', cell %s: unknown cell type '%s'", s->zSheet, zRef, t);
    return;
  }
  if (sst < 0 && !len) return;
  if (s->cCol >= XLSX_MAX_COLS) {
    parse_fail(&s->ps, "sheet '%s', cell %s: beyond column %d, more than a tracker needs",
               s->zSheet, zRef, XLSX_MAX_COLS);
    return;
  }
  if (s->nCell >= XLSX_MAX_CELLS) {
    parse_fail(&s->ps, "sheet '%s': more than %u cells", s->zSheet, XLSX_MAX_CELLS);
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
  const char *z = local_name(zName);
  if (!strcmp(z, "sheetData")) s->inData = 0;
  else if (!strcmp(z, "v")) s->inV = 0;
  else if (!strcmp(z, "t")) s->inT = 0;
  else if (!strcmp(z, "rPh") && s->rph) s->rph--;
  else if (!strcmp(z, "is")) s->inIs = 0;
  else if (!strcmp(z, "c") && s->inC) {
    s->inC = 0;
    cell_finish(s);
  }
}

static void XMLCALL sheet_text(void *u, const XML_Char *z, int len) {
  SheetParse *s = u;
  if ((s->inV && text_add(&s->v, z, len)) || (!s->inV && s->inT && text_add(&s->is, z, len))) {
    char zRef[24];
    cell_ref_text(s->cCol, s->cRow, zRef);
    parse_fail(&s->ps, "sheet '%s', cell %s holds more than Excel's %d characters in a cell",
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
    rc = buf_fail(err, 1, "sheet '%s': %d rows by %d columns is more than auditrack reads (%u "
                  "cells)", s->zSheet, nRow, nCol, XLSX_MAX_CELLS);
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
  s->ps.p = parser_new(s);
  XML_SetElementHandler(s->ps.p, sheet_start, sheet_end);
  XML_SetCharacterDataHandler(s->ps.p, sheet_text);
  buf_putc(&g->pool, 0);
  int rc = part_parse(b, b->azPart[i], &s->ps, err);
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
