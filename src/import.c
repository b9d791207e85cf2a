/*
** import.c: a tracker CSV or workbook sheet into the register, all or nothing:
** the run. It opens the source (a CSV file or a sheet), finds the header and
** the column map, holds the size budget, and reads every row inside one
** transaction (or none, for a dry run), collecting the problems.
**
** History is dated as the sheet dates it: revisions on the cycle they were
** agreed in where the sheet says so, else on the tracker's date; updates and
** opinions on the tracker's date (a "June 2022: ..." prefix dates a previous
** update). A recommendation exists from its audit's date, and no later than its
** original target or its earliest dated history, so a report as at the
** tracker's date reproduces the tracker and one as at an earlier date shows
** what was known then. When the register already holds the tracker, a first
** pass matches its rows to the recommendations (import_match.c) and the second
** records only what changed, on the tracker's date. Not for: CSV syntax (csv.c),
** the column map and header recognition (import_map.c), or what one row
** becomes (import_row.c).
*/
#include "import.h"

#include <ctype.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "csv.h"
#include "file.h"
#include "import_int.h"
#include "mail.h"
#include "store.h"
#include "xlsx_read.h"

void import_problem(Imp *im, Field f, const char *zValue, const char *zFmt, ...) {
  im->res->nProblem++;
  if (im->res->nProblem > MAX_PROBLEMS_SHOWN) return;
  Buf *b = im->pErr;
  if (im->xlsx) {
    buf_appendf(b, "row %ld", im->row);
    char zCol[8];
    if ((int)f >= 0 && im->map.aCol[f] >= 0) {
      buf_appendf(b, ", column %s (%s)", xlsx_col_name(im->map.aCol[f], zCol),
                  import_field_names[f]);
    } else if ((int)f >= 0) {
      buf_appendf(b, ", column %s", import_field_names[f]);
    }
  } else {
    buf_appendf(b, "row %ld (line %ld)", im->row, im->line);
    if ((int)f >= 0) buf_appendf(b, ", column %s", import_field_names[f]);
  }
  if (zValue) {
    int n = (int)strlen(zValue);
    buf_appendf(b, ", value '%.*s%s'", n > 60 ? 60 : n, zValue, n > 60 ? "..." : "");
  }
  buf_puts(b, ": ");
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(b, zFmt, ap);
  va_end(ap);
  buf_putc(b, '\n');
}

void import_trim(char *z) {
  size_t n = strlen(z), i = 0;
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  while (isspace((unsigned char)z[i])) i++;
  memmove(z, z + i, n - i + 1);
}

int import_conf_line(FILE *f, char *z, int n, int *pLineNo, char **pzKey, char **pzVal) {
  while (fgets(z, n, f)) {
    ++*pLineNo;
    char *zHash = strchr(z, '#');
    if (zHash) *zHash = 0;
    import_trim(z);
    if (!z[0]) continue;
    char *zEq = strchr(z, '=');
    *pzKey = z;
    *pzVal = 0;
    if (zEq) {
      *zEq = 0;
      *pzVal = zEq + 1;
      import_trim(z);
      import_trim(*pzVal);
    }
    return 1;
  }
  return 0;
}

/* ---- where the rows come from: a CSV file or a workbook's sheet ---- */

void import_src_free(Source *s) {
  if (s->csv) csv_close(s->csv);
  for (int c = 0; c < s->nSub; c++) free(s->azSub[c]);
  free(s->azSub);
  xlsx_grid_free(&s->grid);
  xlsx_close(s->book);
  buf_free(&s->cells);
  free(s->az);
  memset(s, 0, sizeof *s);
}

/* The next row as a record: 1, 0 at the end, -1 on a CSV syntax error. */
int import_src_next(Source *s, CsvRecord *rec) {
  if (!s->isXlsx) return csv_next(s->csv, rec);
  XlsxGrid *g = &s->grid;
  if (s->next >= g->nRow) return 0;
  int r = s->next++;
  buf_reset(&s->cells);
  size_t *aOff = xmalloc(sizeof(size_t) * (size_t)g->nCol);
  for (int c = 0; c < g->nCol; c++) {
    aOff[c] = s->cells.n;
    buf_puts(&s->cells, g->azCell[(size_t)r * (size_t)g->nCol + (size_t)c]);
    buf_putc(&s->cells, 0);
  }
  if (!s->az) s->az = xmalloc(sizeof(char *) * (size_t)(g->nCol ? g->nCol : 1));
  for (int c = 0; c < g->nCol; c++) s->az[c] = s->cells.z + aOff[c];
  free(aOff);
  rec->nField = g->nCol;
  rec->azField = s->az;
  rec->line = rec->recno = g->aRowNum[r];
  return 1;
}

/* Read the header: one row, or two when the first holds a heading merged across
** columns over sub-headings in the row below ("Target date" over "Original" and
** "Revised"). A column is then named "Target date Original"; the sub-heading
** alone also matches (kept in s->azSub). Returns what src_next returns. */
int import_src_header(Source *s, CsvRecord *rec) {
  int got = import_src_next(s, rec);
  if (got <= 0) return got;
  s->nHeadRows = 1;
  int nCol = rec->nField;
  for (int c = 0; c < nCol; c++) import_trim(rec->azField[c]);
  XlsxGrid *g = &s->grid;
  if (!s->isXlsx || !g->aGroupHead[0] || g->nRow < 2 || g->aRowNum[1] != g->aRowNum[0] + 1) {
    return 1;
  }
  s->nHeadRows = 2;
  s->next = 2;
  s->azSub = xcalloc((size_t)nCol, sizeof(char *));
  s->nSub = nCol;
  Buf names = BUF_INIT;
  size_t *aOff = xmalloc(sizeof(size_t) * (size_t)nCol);
  for (int c = 0; c < nCol; c++) {
    char *zTop = rec->azField[c];
    char *zSub = xstrdup(g->azCell[(size_t)nCol + (size_t)c]);
    import_trim(zSub);
    aOff[c] = names.n;
    if (zTop[0] && zSub[0] && strcmp(zTop, zSub))
      buf_appendf(&names, "%s %s", zTop, zSub);
    else
      buf_puts(&names, zTop[0] ? zTop : zSub);
    buf_putc(&names, 0);
    if (zSub[0] && strcmp(zTop, zSub))
      s->azSub[c] = zSub;
    else
      free(zSub);
  }
  buf_free(&s->cells);
  s->cells = names;
  for (int c = 0; c < nCol; c++) s->az[c] = s->cells.z + aOff[c];
  free(aOff);
  rec->line = rec->recno = g->aRowNum[1];
  return 1;
}

/* Does this header name the columns the map (or the seed layout) needs? */
const ImportWords import_words_cli = {.zMap = "describe them with --map (see docs/import.md)",
                                      .zAsAt = "give --as-at DATE",
                                      .zScale = "give --scale",
                                      .zScales = " (auditrack scale list)"};
const ImportWords import_words_web = {
    .zMap = "describe them in a column map (see \"How to describe the columns\" on the "
            "import page)",
    .zAsAt = "give the tracker's date on the import page",
    .zScale = "write the rating as its scale's full label in the tracker",
    .zScales = ""};

const ImportWords *import_words(const ImportOpts *o) {
  return o->pWords ? o->pWords : &import_words_cli;
}

static int header_recognised(const Map *m0, const ImportOpts *o, CsvRecord *hdr, char **azSub) {
  Map m = *m0; /* shares m0's heading strings; map_apply_header does not free them */
  for (int k = 0; k < FIELD__MAX; k++) m.aCol[k] = -1;
  int isSeed = import_map_seed(&m, hdr, azSub);
  if (!o->zMap) return isSeed;
  if (!m.seed) {
    for (int k = 0; k < FIELD__MAX; k++) {
      if (!m.azHeader[k]) m.aCol[k] = -1;
    }
  }
  Buf e = BUF_INIT;
  int rc = import_map_apply_header(&m, hdr, azSub, &e);
  buf_free(&e);
  return !rc;
}

/* Open the workbook and choose the sheet: --sheet, else the first whose header
** the map or the seed layout recognises, else the first. Returns 0 with s ready
** for src_header, 1 (a bad workbook) or 2 (no such sheet) with the reason. */
int import_src_open_xlsx(Source *s, const ImportOpts *o, const Map *m, const char *zData, size_t n,
                         Buf *pErr) {
  XlsxBook *b = 0;
  Buf e = BUF_INIT;
  int rc = 0;
  s->isXlsx = 1;
  if (xlsx_open(zData, n, &b, &e)) {
    buf_appendf(pErr, "%s: %s\n", o->zFile, buf_cstr(&e));
    buf_free(&e);
    return 1;
  }
  s->book = b;
  int pick = -1;
  if (o->zSheet) {
    pick = xlsx_sheet_find(b, o->zSheet);
    if (pick < 0) {
      buf_appendf(pErr, "%s: no sheet '%s'; the sheets are:", o->zFile, o->zSheet);
      for (int i = 0; i < xlsx_sheet_count(b); i++) {
        buf_appendf(pErr, "%s '%s'", i ? "," : "", xlsx_sheet_name(b, i));
      }
      buf_putc(pErr, '\n');
      rc = 2;
    }
  } else {
    for (int i = 0; i < xlsx_sheet_count(b) && pick < 0; i++) {
      if (xlsx_sheet_read(b, i, &s->grid, &e)) {
        buf_appendf(pErr, "%s: %s\n", o->zFile, buf_cstr(&e));
        rc = 1;
        break;
      }
      CsvRecord hdr;
      if (import_src_header(s, &hdr) > 0 && header_recognised(m, o, &hdr, s->azSub)) pick = i;
      xlsx_grid_free(&s->grid);
      XlsxBook *keep = s->book;
      s->book = 0;
      import_src_free(s);
      s->book = keep;
      s->isXlsx = 1;
    }
    if (!rc && pick < 0) pick = 0;
  }
  if (!rc && xlsx_sheet_read(b, pick, &s->grid, &e)) {
    buf_appendf(pErr, "%s: %s\n", o->zFile, buf_cstr(&e));
    rc = 1;
  }
  if (!rc) snprintf(s->zSheet, sizeof s->zSheet, "%s", xlsx_sheet_name(b, pick));
  buf_free(&e);
  return rc;
}

/* Characters (not bytes) of UTF-8 text, as Excel counts a cell. */
static long utf8_chars(const char *z, size_t *pnByte) {
  size_t n = strlen(z), i = 0;
  long c = 0;
  while (i < n) {
    size_t k = utf8_ascii_run(z + i, n - i);
    c += (long)k;
    i += k;
    for (; i < n && (unsigned char)z[i] >= 0x80; i++) c += ((unsigned char)z[i] & 0xC0) != 0x80;
  }
  *pnByte = n;
  return c;
}

/* 1 when a CSV file is within the budget by its bytes alone, so that it need not
** be parsed twice: no field longer than a cell's characters in bytes (quotes
** included) and no more line ends outside quotes than the header and the rows
** allowed. Quotes are toggled as csv.c reads them (a quote inside an unquoted
** field is a syntax error there, which stops the import where the count is still
** exact). Both counts over-count, so a 0 only means "read it to see". */
/* Whether any of the eight bytes of w is a comma, a quote or a line end (the
** classic test for a zero byte, applied to w XOR each of them). */
static int word_has_stop(uint64_t w) {
  const uint64_t one = 0x0101010101010101u, high = 0x8080808080808080u;
  uint64_t a = w ^ (one * ','), b = w ^ (one * '"'), c = w ^ (one * '\r'), d = w ^ (one * '\n');
  return (((a - one) & ~a) | ((b - one) & ~b) | ((c - one) & ~c) | ((d - one) & ~d)) & high;
}

static int csv_within_budget(const char *z, size_t n) {
  static const unsigned char aStop[256] = {[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};
  size_t run = 0, i = 0;
  long nLine = 0;
  int quoted = 0;
  for (;;) {
    size_t start = i;
    uint64_t w;
    while (i + 8 <= n && (memcpy(&w, z + i, 8), !word_has_stop(w))) i += 8;
    while (i < n && !aStop[(unsigned char)z[i]]) i++;
    run += i - start;
    if (run > IMPORT_MAX_CELL_CHARS) return 0;
    if (i == n) break;
    char c = z[i++];
    if (c == '"') {
      quoted = !quoted; /* a doubled quote turns it off and on again */
      run++;
    } else if (quoted) {
      run++;
    } else {
      nLine += c == '\n' || (c == '\r' && (i == n || z[i] != '\n')); /* as csv.c counts */
      run = 0;
    }
  }
  return nLine <= (long)IMPORT_MAX_ROWS + 1;
}

/* Check the rows after the header against the import's budget (import.h) before
** anything is read into the database. s is positioned after the header; a CSV
** file that csv_within_budget cannot clear is read a second time, from zData, by
** a reader of its own. The text in all cells is counted for a workbook only: a
** CSV file's cells never hold more than its own bytes, but shared strings can
** repeat one long cell in every row. 0, or 1 with the limit named in pErr (and
** counted as a problem). */
static int src_budget(Source *s, Imp *im, const char *zData, size_t n, const char *zWhere) {
  Buf *pErr = im->pErr;
  CsvReader *csv = 0;
  CsvRecord rec;
  long nRow = 0;
  size_t total = 0;
  int r = s->next, rc = 0;
  if (!s->isXlsx) {
    if (csv_within_budget(zData, n)) return 0;
    csv = csv_open(zData, n);
    if (csv_next(csv, &rec) <= 0) rc = -1; /* the header, read again */
  }
  while (!rc) {
    int nField;
    const char *const *az;
    long line;
    if (csv) {
      if (csv_next(csv, &rec) <= 0) break; /* a syntax error is the import's to report */
      nField = rec.nField;
      az = (const char *const *)rec.azField;
      line = rec.line;
      if (nField == 1 && !az[0][0]) continue;
    } else {
      if (r >= s->grid.nRow) break;
      nField = s->grid.nCol;
      az = s->grid.azCell + (size_t)r * (size_t)s->grid.nCol;
      line = s->grid.aRowNum[r++];
    }
    if (++nRow > IMPORT_MAX_ROWS) {
      buf_appendf(pErr, "%s: more than %d rows; an import takes at most %d (split the file)\n",
                  zWhere, IMPORT_MAX_ROWS, IMPORT_MAX_ROWS);
      rc = 1;
      break;
    }
    for (int c = 0; c < nField && !rc; c++) {
      size_t nByte;
      long nChar = utf8_chars(az[c], &nByte);
      total += nByte;
      if (nChar > IMPORT_MAX_CELL_CHARS) {
        char zCol[8];
        /* Named as import_problem() names a row's cells. */
        if (csv)
          buf_appendf(pErr, "row %ld (line %ld), column %d", nRow, line, c + 1);
        else
          buf_appendf(pErr, "row %ld, column %s", line, xlsx_col_name(c, zCol));
        buf_appendf(pErr, ": %ld characters; a cell holds at most %d (Excel's limit)\n", nChar,
                    IMPORT_MAX_CELL_CHARS);
        rc = 1;
      } else if (!csv && total > IMPORT_MAX_TEXT_BYTES) {
        buf_appendf(pErr,
                    "%s: the cells hold more than %d MB of text; an import takes at most "
                    "%d MB (split the file)\n",
                    zWhere, IMPORT_MAX_TEXT_BYTES >> 20, IMPORT_MAX_TEXT_BYTES >> 20);
        rc = 1;
      }
    }
  }
  if (csv) csv_close(csv);
  if (rc > 0) im->res->nProblem++;
  return rc > 0;
}

/* The hex BLAKE2b-256 digest of the bytes into zDigest, and into zKey what the
** import is known by: the digest alone when the file is read as it stands, else a
** digest of the digest with the map's and the match file's bytes, the date and
** the scale (and --review), so that the same file read another way is another import. (Not the
** sheet: --sheet 2 and --sheet NAME may name the same one.) 0, or 2 when the map
** or match file cannot be read. */
static int import_digest(const ImportOpts *o, const char *zData, size_t n, char *zDigest,
                         char *zKey, Buf *pErr) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)zData, n, 0, 0);
  sodium_bin2hex(zDigest, 65, h, sizeof h);
  memcpy(zKey, zDigest, 65);
  if (!o->zMap && o->asAt == DAY_NONE && !o->zScale && !o->zMatches && !o->review) return 0;
  crypto_generichash_state st;
  crypto_generichash_init(&st, 0, 0, sizeof h);
  crypto_generichash_update(&st, (const unsigned char *)zDigest, 64);
  const char *azPath[2] = {o->zMap, o->zMatches};
  for (int i = 0; i < 2; i++) {
    FileData fd;
    Buf e = BUF_INIT;
    if (!azPath[i]) continue;
    if (file_load(azPath[i], &fd, &e)) {
      buf_appendf(pErr, "%s\n", buf_cstr(&e));
      buf_free(&e);
      return 2;
    }
    char zLen[48];
    snprintf(zLen, sizeof zLen, "\n%s %zu\n", i ? "matches" : "map", fd.n);
    crypto_generichash_update(&st, (const unsigned char *)zLen, strlen(zLen));
    crypto_generichash_update(&st, (const unsigned char *)fd.z, fd.n);
    file_free(&fd);
  }
  char zDay[DAY_FMT_MAX];
  Buf b = BUF_INIT;
  buf_appendf(&b, "\nas-at %s\nscale %zu %s\n%s",
              o->asAt == DAY_NONE ? "-" : day_fmt(o->asAt, DAY_ISO, zDay),
              o->zScale ? strlen(o->zScale) : 0, o->zScale ? o->zScale : "",
              o->review ? "review\n" : "");
  crypto_generichash_update(&st, (const unsigned char *)b.z, b.n);
  buf_free(&b);
  crypto_generichash_final(&st, h, sizeof h);
  sodium_bin2hex(zKey, 65, h, sizeof h);
  return 0;
}

/* The first pass of a refresh: each row's match proposed (import_match.c), then
** the source rewound to its first row for the second pass, which reads, checks
** and writes. Rows are counted as import_run counts them. 0, or 2 for a match
** file that names a row the file does not have. */
static int refresh_scan(Source *s, Imp *im, const char *zData, size_t n, int nHeader, int next0) {
  CsvRecord rec;
  int ord = 0;
  while (import_src_next(s, &rec) > 0) {
    ord++;
    if (rec.nField == 1 && !rec.azField[0][0]) {
      ord--;
      continue;
    }
    if (rec.nField != nHeader) continue;
    im->row = s->isXlsx ? rec.line : ord;
    im->az = rec.azField;
    im->nField = rec.nField;
    import_refresh_scan(im, ord);
  }
  im->az = 0;
  im->nField = 0;
  if (s->isXlsx) {
    s->next = next0;
  } else {
    csv_close(s->csv);
    s->csv = csv_open(zData, n);
    (void)csv_next(s->csv, &rec); /* the header */
  }
  return import_refresh_decide(im);
}

/* A CSV file or an Excel workbook, through the same map, checks and transaction.
** A dry run reads (in one read transaction, so that writers are never held up)
** and counts what a real run would add, without writing. */
static int import_run(Db *db, const ImportOpts *o, const char *zData, size_t n, int isXlsx,
                      ImportResult *res, Buf *pErr, Buf *pWarn) {
  Imp im;
  memset(&im, 0, sizeof im);
  memset(res, 0, sizeof *res);
  res->asAtMin = res->asAtMax = DAY_NONE;
  im.db = db;
  im.o = o;
  im.pErr = pErr;
  im.pWarn = pWarn;
  im.res = res;
  im.xlsx = isXlsx;
  res->xlsx = isXlsx;
  if (store_policy_load(db, &im.pol)) {
    buf_appendf(pErr, "%s\n", db_errmsg(db));
    return 1;
  }
  import_map_init(&im.map, !o->zMap);
  int rc = 0;

  /* A bad map is refused whether or not the file was imported before. */
  if (o->zMap && import_map_read(&im.map, o->zMap, pErr)) {
    import_map_free(&im.map);
    return 2;
  }
  /* Identify the bytes, and what they are read with: the same file with the same
  ** map, date and choices twice changes nothing. BLAKE2b-256, which libsodium
  ** computes several times faster than its SHA-256. */
  char zDigest[65], zKey[65];
  if (import_digest(o, zData, n, zDigest, zKey, pErr)) {
    import_map_free(&im.map);
    return 2;
  }
  char *zWhen = 0;
  long long prior = 0;
  if (store_import_find(db, zKey, &prior, &zWhen)) {
    buf_appendf(pErr, "%s\n", db_errmsg(db));
    import_map_free(&im.map);
    return 1;
  }
  if (prior) {
    res->already = 1;
    buf_appendf(pErr, "%s was already imported (import %lld, %s): nothing changed\n", o->zFile,
                prior, zWhen);
    free(zWhen);
    import_map_free(&im.map);
    return 0;
  }
  Source src;
  memset(&src, 0, sizeof src);
  Buf where = BUF_INIT; /* how messages name the file */
  buf_puts(&where, o->zFile);
  if (isXlsx) {
    rc = import_src_open_xlsx(&src, o, &im.map, zData, n, pErr);
    if (rc) {
      import_src_free(&src);
      import_map_free(&im.map);
      buf_free(&where);
      return rc;
    }
    snprintf(res->zSheet, sizeof res->zSheet, "%s", src.zSheet);
    buf_appendf(&where, ", sheet '%s'", src.zSheet);
  } else {
    src.csv = csv_open(zData, n);
  }
  CsvRecord rec;
  int got = import_src_header(&src, &rec);
  if (got <= 0) {
    const char *zWhy = got < 0  ? csv_errmsg(src.csv)
                       : isXlsx ? "the sheet is empty"
                                : "the file is empty";
    buf_appendf(pErr, "%s: %s\n", buf_cstr(&where), zWhy);
    import_src_free(&src);
    import_map_free(&im.map);
    buf_free(&where);
    return 1;
  }
  int nHeader = rec.nField;
  im.idCol = import_id_column(&rec);
  int next0 = src.next; /* where the rows start, for the second pass of a refresh */
  int isSeed = import_map_seed(&im.map, &rec, src.azSub);
  if (!o->zMap && !isSeed) {
    buf_appendf(pErr,
                "%s: the columns are not the seed trackers' layout (audit_title, "
                "recommendation, original_due_date ...): %s\n",
                buf_cstr(&where), import_words(o)->zMap);
    import_src_free(&src);
    buf_free(&where);
    return 2;
  }
  if (o->zMap && !im.map.seed) {
    for (int k = 0; k < FIELD__MAX; k++) {
      if (!im.map.azHeader[k]) im.map.aCol[k] = -1;
    }
  }
  if (o->zMap && import_map_apply_header(&im.map, &rec, src.azSub, pErr)) {
    import_src_free(&src);
    import_map_free(&im.map);
    buf_free(&where);
    return 2;
  }

  if (src_budget(&src, &im, zData, n, buf_cstr(&where))) {
    import_src_free(&src);
    import_map_free(&im.map);
    buf_free(&where);
    return 1;
  }

  Buf eAct = BUF_INIT;
  if (o->dryRun && db_begin_read(db)) {
    buf_appendf(&eAct, "cannot start a transaction: %s", db_errmsg(db));
  }
  if (eAct.n || (!o->dryRun && act_begin(db, &eAct))) {
    buf_appendf(pErr, "%s\n", buf_cstr(&eAct));
    buf_free(&eAct);
    import_src_free(&src);
    import_map_free(&im.map);
    buf_free(&where);
    return 1;
  }
  long long importId = 0;
  /* A register that holds recommendations may hold this tracker: match the rows
  ** first, then read them again to write. */
  rc = import_refresh_begin(&im);
  if (!rc && im.pRefresh) rc = refresh_scan(&src, &im, zData, n, nHeader, next0);
  if (!rc && o->review && !import_refreshing(&im)) {
    buf_appendf(pErr,
                "%s: no row matches a recommendation in the register, so there are no "
                "services' updates to send for review (a returned workbook is one "
                "auditrack exported, or a tracker already imported)\n",
                o->zFile ? o->zFile : "the file");
    rc = 2;
  }
  if (!rc && !o->dryRun && store_import_add(db, zKey, o->zFile, o->asAt, 0, &importId)) {
    buf_appendf(pErr, "%s\n", db_errmsg(db));
    rc = 1;
  }
  int showProgress = !o->quiet && n > (4u << 20);
  while (!rc && (got = import_src_next(&src, &rec)) != 0) {
    if (got < 0) {
      im.row = res->nRow + 1;
      res->nProblem++;
      buf_appendf(pErr, "%s\n", csv_errmsg(src.csv));
      break; /* the rest of the file cannot be read reliably */
    }
    res->nRow++;
    im.row = isXlsx ? rec.line : res->nRow;
    im.line = rec.line;
    if (rec.nField == 1 && !rec.azField[0][0]) {
      res->nRow--;
      continue; /* a blank line */
    }
    if (rec.nField != nHeader) {
      import_problem(&im, -1, 0, "has %d fields, the header has %d", rec.nField, nHeader);
      continue;
    }
    im.az = rec.azField;
    im.nField = rec.nField;
    import_row(&im, importId);
    if (showProgress && res->nRow % 20000 == 0) {
      double done = isXlsx ? (double)src.next / (double)(src.grid.nRow ? src.grid.nRow : 1)
                           : (double)csv_offset(src.csv) / (double)n;
      fprintf(stderr, "import: %d rows (%.0f%%)\n", res->nRow, 100.0 * done);
    }
  }
  import_src_free(&src);
  import_map_free(&im.map);
  if (res->nProblem > MAX_PROBLEMS_SHOWN) {
    buf_appendf(pErr, "... and %d more problems\n", res->nProblem - MAX_PROBLEMS_SHOWN);
  }
  if (!rc && res->nProblem) rc = 1;
  if (!rc && import_refreshing(&im)) import_refresh_end(&im);
  if (!rc && res->nRow == 0) {
    buf_appendf(pErr, "%s has a header but no rows\n", buf_cstr(&where));
    rc = 1;
  }
  buf_free(&where);
  if (!rc && (o->dryRun || import_refreshing(&im))) {
    res->nAudit = import_plan_audit_count(&im);
    if (!o->dryRun && store_import_finish(db, importId, res->nRow, res->asAtMax, &(int){0})) {
      buf_appendf(pErr, "%s\n", db_errmsg(db));
      rc = 1;
    }
  } else if (!rc) {
    if (store_import_finish(db, importId, res->nRow, res->asAtMax, &res->nAudit)) {
      buf_appendf(pErr, "%s\n", db_errmsg(db));
      rc = 1;
    }
  }
  if (!rc && !o->dryRun) {
    Buf j = BUF_INIT;
    buf_puts(&j, "{\"file\":");
    buf_json_str(&j, o->zFile);
    if (isXlsx) {
      buf_puts(&j, ",\"sheet\":");
      buf_json_str(&j, res->zSheet);
    }
    buf_appendf(&j, ",\"blake2b\":\"%s\",\"rows\":%d,\"recommendations\":%d", zDigest, res->nRow,
                res->nRec);
    if (res->refresh) {
      buf_appendf(&j,
                  ",\"refresh\":{\"matched\":%d,\"new\":%d,\"changed\":%d,\"revisions\":%d,"
                  "\"updates\":%d,\"opinions\":%d,\"missing\":%d}",
                  res->nById + res->nByRef + res->nByText + res->nByFile, res->nNew, res->nChanged,
                  res->nRev, res->nUpd, res->nOp, res->nMissing);
    }
    if (o->review) {
      buf_appendf(&j, ",\"review\":{\"updates\":%d,\"date_requests\":%d,\"left\":%d}", res->nQueued,
                  res->nDateReq, res->nLeft);
    }
    buf_putc(&j, '}');
    /* The organisation the file names, when the database has none yet. */
    char *zOrg = 0;
    int w = db_meta_read(db, "organisation", &zOrg);
    if (!w && !zOrg && im.zOrg) w = db_meta_set(db, "organisation", im.zOrg);
    free(zOrg);
    Actor who = {o->zActor, 0};
    if (act_finish(db, w, &who, "import", "import", importId, buf_cstr(&j), &eAct)) {
      buf_appendf(pErr, "cannot commit: %s\n", buf_cstr(&eAct));
      rc = 1;
    }
    buf_free(&j);
    /* The transaction's pages stay in the WAL until a checkpoint: copy them and
    ** truncate it now rather than keep a file the size of the import. */
    if (!rc) (void)db_wal_truncate(db);
  }
  if (rc || o->dryRun) act_abandon(db);
  buf_free(&eAct);
  free(im.zOrg);
  free(im.zLastAudit);
  for (int i = 0; i < im.nRiskSeen; i++) free(im.azRiskSeen[i]);
  for (int i = 0; i < im.nPlanSlot; i++) free(im.aPlan[i].zTitle);
  free(im.aPlan);
  free(im.aRecAudit);
  import_refresh_free(&im);
  return rc;
}

int import_is_xlsx(const char *zName, const char *zData, size_t n) {
  size_t len = zName ? strlen(zName) : 0;
  return xlsx_sniff(zData, n) || (len > 5 && !strcasecmp(zName + len - 5, ".xlsx"));
}

int import_file(Db *db, const ImportOpts *o, const char *zData, size_t n, ImportResult *res,
                Buf *pErr, Buf *pWarn) {
  return import_run(db, o, zData, n, import_is_xlsx(o->zFile, zData, n), res, pErr, pWarn);
}
