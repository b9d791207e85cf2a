/*
** xlsx_read.c: opening an .xlsx workbook for reading (see xlsx_read.h): the zip,
** the plumbing every XML part goes through, and the book's own parts (workbook,
** relationships, shared strings, styles).
**
** Every part is inflated in chunks through a counter and fed to expat as it
** comes, so a part that inflates past its stated size or past the caps is
** stopped before it costs memory. Documents with a DTD are refused (no entity
** tricks). Not for: a sheet's cells (xlsx_read_sheet.c), what the cells mean
** (import.c), writing workbooks (report_xlsx.c).
*/
#include "xlsx_book.h"

#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "date.h"

/* ---- parsing a part ---- */

const char *xlsx_local_name(const char *z) {
  const char *s = strrchr(z, '|');
  return s ? s + 1 : z;
}

const char *xlsx_attr(const char **atts, const char *zName) {
  for (int i = 0; atts[i]; i += 2) {
    if (!strcmp(xlsx_local_name(atts[i]), zName)) return atts[i + 1];
  }
  return 0;
}

void xlsx_parse_fail(XlsxParse *ps, const char *zFmt, ...) {
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
  xlsx_parse_fail(u, "has a DTD, which a workbook never has: refused");
}

int xlsx_part_parse(XlsxBook *b, const char *zPart, XlsxParse *ps, Buf *err) {
  zip_int64_t idx = zip_name_locate(b->zip, zPart, 0);
  if (idx < 0) return 2;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_SIZE)) {
    return buf_fail(err, 1, "%s: cannot be read from the zip: %s", zPart, zip_strerror(b->zip));
  }
  if (st.size > XLSX_MAX_PART || st.size > XLSX_MAX_INFLATE - b->inflated) {
    return buf_fail(err, 1,
                    "%s inflates to %llu MB, more than auditrack reads (%zu MB per "
                    "part, %zu MB in all): refused",
                    zPart, (unsigned long long)(st.size >> 20), XLSX_MAX_PART >> 20,
                    XLSX_MAX_INFLATE >> 20);
  }
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
      st.size / (st.comp_size ? st.comp_size : 1) > 500) {
    return buf_fail(err, 1,
                    "%s: compressed %llu times (%llu bytes to %llu), far beyond real "
                    "spreadsheet data: refused as a zip bomb",
                    zPart, (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
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
      rc = buf_fail(err, 1,
                    "%s inflates to more than the %llu bytes it declares: refused as a "
                    "zip bomb",
                    zPart, (unsigned long long)st.size);
      break;
    }
    if (b->inflated > XLSX_MAX_INFLATE) {
      rc = buf_fail(err, 1,
                    "%s: the workbook inflates to more than auditrack reads (%zu MB): "
                    "refused as a zip bomb",
                    zPart, XLSX_MAX_INFLATE >> 20);
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

XML_Parser xlsx_parser_new(void *u) {
  XML_Parser p = XML_ParserCreateNS(0, '|');
  if (!p) fatal("out of memory");
  XML_SetUserData(p, u);
  return p;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml". */
static char *part_resolve(const char *zTarget) {
  Buf b = BUF_INIT;
  if (zTarget[0] == '/')
    buf_puts(&b, zTarget + 1);
  else
    buf_appendf(&b, "xl/%s", zTarget);
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
  XlsxParse *ps = u;
  XlsxBook *b = ps->b;
  const char *z = xlsx_local_name(zName);
  if (!strcmp(z, "workbookPr")) {
    const char *v = xlsx_attr(atts, "date1904");
    if (v && (!strcmp(v, "1") || !strcasecmp(v, "true"))) b->date1904 = 1;
  } else if (!strcmp(z, "sheet")) {
    const char *zSheet = xlsx_attr(atts, "name"), *zRid = xlsx_attr(atts, "id");
    if (!zSheet || !zRid) {
      xlsx_parse_fail(ps, "a sheet without a name or relationship id");
      return;
    }
    if (b->nSheet >= 4096) {
      xlsx_parse_fail(ps, "more than 4096 sheets");
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
  XlsxParse *ps = u;
  XlsxBook *b = ps->b;
  if (strcmp(xlsx_local_name(zName), "Relationship")) return;
  const char *zId = xlsx_attr(atts, "Id"), *zTarget = xlsx_attr(atts, "Target");
  const char *zType = xlsx_attr(atts, "Type"), *zMode = xlsx_attr(atts, "TargetMode");
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
  XlsxParse ps;
  int inSi, inT, rph;
  Buf text;
} SstParse;

int xlsx_text_check(XlsxParse *ps, Buf *t, const char *zWhere) {
  /* Count characters (not bytes) against Excel's limit. */
  size_t chars = 0;
  for (size_t i = 0; i < t->n; i++) chars += ((unsigned char)t->z[i] & 0xC0) != 0x80;
  if (chars > XLSX_MAX_CELL_CHARS) {
    xlsx_parse_fail(ps, "%s holds %zu characters, more than Excel's %d in a cell", zWhere, chars,
                    XLSX_MAX_CELL_CHARS);
    return 1;
  }
  return 0;
}

int xlsx_text_add(Buf *t, const XML_Char *s, int len) {
  if (t->n + (size_t)len > 4 * (size_t)XLSX_MAX_CELL_CHARS + 4) return 1;
  buf_append(t, s, (size_t)len);
  return 0;
}

static void XMLCALL sst_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  SstParse *s = u;
  (void)atts;
  const char *z = xlsx_local_name(zName);
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
  const char *z = xlsx_local_name(zName);
  if (!strcmp(z, "t"))
    s->inT = 0;
  else if (!strcmp(z, "rPh") && s->rph)
    s->rph--;
  else if (!strcmp(z, "si") && s->inSi) {
    s->inSi = 0;
    char zWhere[48];
    snprintf(zWhere, sizeof zWhere, "shared string %d", b->nSst);
    if (xlsx_text_check(&s->ps, &s->text, zWhere)) return;
    if ((unsigned)b->nSst >= XLSX_MAX_CELLS) {
      xlsx_parse_fail(&s->ps, "more than %u shared strings", XLSX_MAX_CELLS);
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
  if (s->inT && xlsx_text_add(&s->text, z, len)) {
    xlsx_parse_fail(&s->ps, "shared string %d holds more than Excel's %d characters in a cell",
                    s->ps.b->nSst, XLSX_MAX_CELL_CHARS);
  }
}

/* ---- styles: which cell formats are dates ---- */

typedef struct StyleParse {
  XlsxParse ps;
  int inCellXfs;
  int aCustom[256]; /* custom numFmtIds that are dates or percents */
  unsigned char aCustomKind[256];
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
    } else if (c == 'd')
      d = 1;
    else if (c == 'y')
      y = 1;
    else if (c == 'm')
      m = 1;
    else if (c == 'h')
      h = 1;
    else if (c == 's')
      s = 1;
  }
  return d || y || (m && !h && !s);
}

/* A custom format shows a percent when its first section has a % outside
** quotes and escapes: "0%", "0.0%". */
static int format_is_percent(const char *z) {
  for (; *z && *z != ';'; z++) {
    if (*z == '"') {
      while (z[1] && z[1] != '"') z++;
      if (z[1]) z++;
    } else if (*z == '\\' || *z == '_' || *z == '*') {
      if (z[1]) z++;
    } else if (*z == '%') {
      return 1;
    }
  }
  return 0;
}

static void XMLCALL style_start(void *u, const XML_Char *zName, const XML_Char **atts) {
  StyleParse *sp = u;
  XlsxBook *b = sp->ps.b;
  const char *z = xlsx_local_name(zName);
  if (!strcmp(z, "numFmt")) {
    const char *zId = xlsx_attr(atts, "numFmtId"), *zCode = xlsx_attr(atts, "formatCode");
    int kind = !zCode                     ? 0
               : format_is_date(zCode)    ? XF_DATE
               : format_is_percent(zCode) ? XF_PERCENT
                                          : 0;
    if (zId && kind && sp->nCustom < 256) {
      sp->aCustomKind[sp->nCustom] = (unsigned char)kind;
      sp->aCustom[sp->nCustom++] = atoi(zId);
    }
  } else if (!strcmp(z, "cellXfs")) {
    sp->inCellXfs = 1;
  } else if (!strcmp(z, "xf") && sp->inCellXfs) {
    if (b->nXf >= 65536) {
      xlsx_parse_fail(&sp->ps, "more than 65536 cell formats");
      return;
    }
    const char *zId = xlsx_attr(atts, "numFmtId");
    /* 9 and 10 are the built-in percents, 0% and 0.00%. */
    int id = zId ? atoi(zId) : 0;
    int kind = builtin_is_date(id) ? XF_DATE : id == 9 || id == 10 ? XF_PERCENT : 0;
    for (int i = 0; i < sp->nCustom; i++) {
      if (sp->aCustom[i] == id) kind = sp->aCustomKind[i];
    }
    b->aXfDate = xrealloc(b->aXfDate, (size_t)b->nXf + 1);
    b->aXfDate[b->nXf++] = (unsigned char)kind;
  }
}

static void XMLCALL style_end(void *u, const XML_Char *zName) {
  StyleParse *sp = u;
  if (!strcmp(xlsx_local_name(zName), "cellXfs")) sp->inCellXfs = 0;
}

/* ---- the book ---- */

int xlsx_sniff(const char *z, size_t n) { return n >= 4 && !memcmp(z, "PK\3\4", 4); }

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
                    ? ": the zip is truncated or damaged, or the file is not a workbook"
                    : "");
    zip_source_free(src);
    zip_error_fini(&ze);
    return 1;
  }
  zip_error_fini(&ze);
  XlsxBook *b = xcalloc(1, sizeof *b);
  b->zip = zip;
  *pp = b;
  int rc;

  XlsxParse ps;
  memset(&ps, 0, sizeof ps);
  ps.p = xlsx_parser_new(&ps);
  XML_SetStartElementHandler(ps.p, wb_start);
  rc = xlsx_part_parse(b, "xl/workbook.xml", &ps, err);
  XML_ParserFree(ps.p);
  if (rc == 2) rc = buf_fail(err, 1, "xl/workbook.xml is missing: not an Excel workbook");
  if (!rc && b->nSheet == 0) rc = buf_fail(err, 1, "xl/workbook.xml names no sheets");
  if (rc) goto end;

  memset(&ps, 0, sizeof ps);
  ps.p = xlsx_parser_new(&ps);
  XML_SetStartElementHandler(ps.p, rels_start);
  rc = xlsx_part_parse(b, "xl/_rels/workbook.xml.rels", &ps, err);
  XML_ParserFree(ps.p);
  if (rc == 2) {
    rc = buf_fail(err, 1, "xl/_rels/workbook.xml.rels is missing: cannot find the sheets");
  }
  if (rc) goto end;
  for (int i = 0; i < b->nSheet; i++) {
    if (!b->azPart[i]) {
      rc = buf_fail(err, 1, "xl/_rels/workbook.xml.rels: sheet '%s' has no part (%s)", b->azName[i],
                    b->azRid[i]);
      goto end;
    }
  }

  if (!b->zSstPart) b->zSstPart = xstrdup("xl/sharedStrings.xml");
  SstParse sp;
  memset(&sp, 0, sizeof sp);
  sp.ps.p = xlsx_parser_new(&sp);
  XML_SetElementHandler(sp.ps.p, sst_start, sst_end);
  XML_SetCharacterDataHandler(sp.ps.p, sst_text);
  rc = xlsx_part_parse(b, b->zSstPart, &sp.ps, err);
  XML_ParserFree(sp.ps.p);
  buf_free(&sp.text);
  if (rc == 2)
    rc = 0;
  else if (!rc)
    b->hasSst = 1;
  if (rc) goto end;

  if (!b->zStylesPart) b->zStylesPart = xstrdup("xl/styles.xml");
  StyleParse *st = xcalloc(1, sizeof *st);
  st->ps.p = xlsx_parser_new(st);
  XML_SetElementHandler(st->ps.p, style_start, style_end);
  rc = xlsx_part_parse(b, b->zStylesPart, &st->ps, err);
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

int xlsx_sheet_count(const XlsxBook *b) { return b->nSheet; }

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
