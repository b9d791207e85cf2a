/*
** report_xlsx.c: a Report as an Excel workbook (.xlsx), written with libxlsxwriter.
**
** The workbook opens with a "Summary" sheet stating what the report is (title,
** organisation, as-at date, policy: every meta line), a contents list of the
** sections (part headings included) and the native charts of sections that carry
** a chart hint. Each section with columns becomes one sheet: title, note, a
** frozen header row with an autofilter, then the rows, with ints as numbers, dates
** as Excel dates, long text wrapped and totals in bold. A tracker (XLSX_TABLE_ONLY)
** is the other way round: its one table starts at A1 of the first sheet, so that a
** program can read it back, and the Summary follows it.
**
** Like the other renderers it prints what the Report holds and nothing else:
** confidential detail has already been withheld by the builders. Not for: choosing
** what goes in a report, computing figures, or where the bytes end up.
*/
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XL_WIDTH_MAX 60 /* widest column, in characters; longer text wraps */
#define XL_WIDTH_MIN 6
#define XL_STR_MAX 32767 /* Excel's longest cell, in characters */
#define XL_EPOCH 25569   /* the Excel serial of 1970-01-01, Day 0 */
#define XL_NAME_ROOM 128 /* a sheet name: 31 characters of up to 4 bytes, NUL */
#define XL_PAPER_A4 9    /* Excel's paper size code for A4 */
/* The column widths (in characters, as set) a portrait A4 page holds at 100%: about
** 90 of the default font's characters; wider sheets print landscape. */
#define XL_PORTRAIT_WIDTH 90

typedef struct Xl {
  lxw_workbook *wb;
  lxw_format *fTitle, *fHead, *fNote, *fLabel, *fPart, *fLink, *fMetaWrap;
  /* Cell formats, indexed by XL_BOLD | XL_WRAP | XL_DATE bits. */
  lxw_format *aCell[8];
  lxw_error rc; /* the first libxlsxwriter error */
  char *zTrunc; /* a buffer for text cut to XL_STR_MAX */
} Xl;

enum { XL_BOLD = 1, XL_WRAP = 2, XL_DATE = 4 };

/* One sheet per section with columns. */
typedef struct XlSheet {
  const ReportSection *s;
  char zName[XL_NAME_ROOM];
  lxw_worksheet *ws;
  int headRow; /* row of the column headings */
} XlSheet;

static void xl_rc(Xl *x, lxw_error e) {
  if (e != LXW_NO_ERROR && x->rc == LXW_NO_ERROR) x->rc = e;
}

/* Code points in z (the report cleaner guarantees valid UTF-8). */
static size_t utf8_len(const char *z) {
  size_t n = 0;
  for (; *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
  return n;
}

/* The widest line of z, in code points. */
static size_t widest_line(const char *z) {
  size_t w = 0, cur = 0;
  for (; *z; z++) {
    if (*z == '\n') {
      if (cur > w) w = cur;
      cur = 0;
    } else if (((unsigned char)*z & 0xC0) != 0x80) {
      cur++;
    }
  }
  return cur > w ? cur : w;
}

/* z, or a copy cut to Excel's longest cell (x->zTrunc, valid until the next call). */
static const char *xl_str(Xl *x, const char *z) {
  size_t nByte = strlen(z);
  if (nByte <= XL_STR_MAX || utf8_len(z) <= XL_STR_MAX) return z;
  size_t i = 0, cp = 0;
  while (z[i] && cp < XL_STR_MAX) {
    i++;
    while (((unsigned char)z[i] & 0xC0) == 0x80) i++;
    cp++;
  }
  free(x->zTrunc);
  x->zTrunc = xstrndup(z, i);
  return x->zTrunc;
}

static void xl_text(Xl *x, lxw_worksheet *ws, int row, int col, const char *z, lxw_format *f) {
  xl_rc(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, xl_str(x, z), f));
}

/* ---------------------------------------------------------------- formats */

static lxw_format *xl_format(Xl *x, int bits) {
  lxw_format *f = workbook_add_format(x->wb);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  if (bits & XL_BOLD) format_set_bold(f);
  if (bits & XL_WRAP) format_set_text_wrap(f);
  if (bits & XL_DATE) format_set_num_format(f, "dd/mm/yyyy");
  return f;
}

static void xl_formats(Xl *x) {
  for (int i = 0; i < 8; i++) x->aCell[i] = (i & XL_WRAP) && (i & XL_DATE) ? 0 : xl_format(x, i);
  x->fTitle = workbook_add_format(x->wb);
  format_set_bold(x->fTitle);
  format_set_font_size(x->fTitle, 14);
  x->fHead = workbook_add_format(x->wb);
  format_set_bold(x->fHead);
  format_set_text_wrap(x->fHead);
  format_set_align(x->fHead, LXW_ALIGN_VERTICAL_TOP);
  format_set_bottom(x->fHead, LXW_BORDER_THIN);
  format_set_bg_color(x->fHead, 0xE7E6E6);
  x->fNote = workbook_add_format(x->wb);
  format_set_italic(x->fNote);
  x->fLabel = workbook_add_format(x->wb);
  format_set_bold(x->fLabel);
  format_set_align(x->fLabel, LXW_ALIGN_VERTICAL_TOP);
  x->fPart = workbook_add_format(x->wb);
  format_set_bold(x->fPart);
  format_set_font_size(x->fPart, 12);
  x->fLink = workbook_add_format(x->wb);
  format_set_underline(x->fLink, LXW_UNDERLINE_SINGLE);
  format_set_font_color(x->fLink, LXW_COLOR_BLUE);
  format_set_align(x->fLink, LXW_ALIGN_VERTICAL_TOP);
  x->fMetaWrap = xl_format(x, XL_WRAP);
}

/* ---------------------------------------------------------------- sheet names */

/* Excel refuses these names; "Summary" is ours. */
static int name_taken(const char *z, const XlSheet *a, int n) {
  if (!strcasecmp(z, "Summary") || !strcasecmp(z, "History")) return 1;
  for (int i = 0; i < n; i++) {
    if (!strcasecmp(a[i].zName, z)) return 1;
  }
  return 0;
}

/* Cut z (valid UTF-8) to at most nMax code points, on a word boundary when the cut
** would fall inside a word and a space comes early enough to leave a useful name,
** then drop what may not end a name: spaces, apostrophes and the separators a cut
** leaves behind ("Risk - ", "report (" ...). */
static void cut_words(char *z, size_t nMax) {
  size_t i = 0, cp = 0, lastSpace = 0, cpAtSpace = 0;
  while (z[i] && cp < nMax) {
    if (z[i] == ' ') lastSpace = i, cpAtSpace = cp;
    i++;
    while (((unsigned char)z[i] & 0xC0) == 0x80) i++;
    cp++;
  }
  int cut = z[i] != 0;
  if (cut && z[i] != ' ' && lastSpace && cpAtSpace * 3 >= nMax) i = lastSpace;
  z[i] = 0;
  while (i && strchr(" '-(,;.", z[i - 1])) z[--i] = 0;
  /* A name cut short does not end on a word that leads into the next ("by", "and"). */
  static const char *const azJoin[] = {"and",  "by",   "of",    "the",    "to",
                                       "at",   "in",   "for",   "since",  "beside",
                                       "with", "from", "under", "between"};
  for (size_t k = 0; cut && k < sizeof azJoin / sizeof azJoin[0]; k++) {
    size_t n = strlen(azJoin[k]);
    if (i > n + 1 && z[i - n - 1] == ' ' && !strcmp(z + i - n, azJoin[k])) {
      i -= n + 1;
      z[i] = 0;
      while (i && strchr(" '-(,;.", z[i - 1])) z[--i] = 0;
      break;
    }
  }
}

/* The long words of section titles as a tab says them, in place (each is shorter):
** "Open recommendations by directorate" fits as "Open recs by directorate" where
** cutting would leave "Open recommendations by". Whole words only; the first
** letter keeps its case. */
static void short_words(char *z) {
  static const char *const az[][2] = {
      {"recommendations", "recs"}, {"recommendation", "rec"}, {"months", "mths"}};
  for (char *p = z; *p; p++) {
    if (p > z && p[-1] != ' ' && p[-1] != '(') continue; /* not a word's start */
    for (size_t k = 0; k < sizeof az / sizeof az[0]; k++) {
      size_t nFrom = strlen(az[k][0]), nTo = strlen(az[k][1]);
      if (strncasecmp(p, az[k][0], nFrom) || (p[nFrom] && strchr(" ),;", p[nFrom]) == 0)) continue;
      memmove(p + nTo, p + nFrom, strlen(p + nFrom) + 1);
      memcpy(p + 1, az[k][1] + 1, nTo - 1);
      break;
    }
  }
}

/*
** A sheet name for a section title: at most 31 characters, cut between words, none
** of []:*?/\, not starting or ending with an apostrophe, unique (ignoring case)
** among the names before it; a title too long has its long words shortened first.
** "Movement since ... (1 October 2024 to 31 December 2024)" becomes "Movement since the
** previous"; a name another sheet already has gets " (2)",
** " (3)" ..., its words cut again to leave room.
*/
static void sheet_name(const char *zTitle, const XlSheet *a, int n, char *out) {
  char base[XL_NAME_ROOM * 4];
  size_t nb = 0, cp = 0;
  /* Cleaned first, well beyond the limit: the long words may be shortened, and the cut
  ** must see whether the next word starts. */
  for (const char *p = zTitle; *p && cp < 3 * LXW_SHEETNAME_MAX; cp++) {
    size_t len = 1;
    while (((unsigned char)p[len] & 0xC0) == 0x80) len++;
    if (len == 1 && *p == ':' && p[1] == ' ') {
      memcpy(base + nb, " -", 2), nb += 2, cp++; /* "Risk: band" reads "Risk - band" */
    } else if (len == 1 && strchr("[]:*?/\\\n", *p)) {
      base[nb++] = *p == '\n' ? ' ' : '-';
    } else {
      memcpy(base + nb, p, len), nb += len;
    }
    p += len;
  }
  base[nb] = 0;
  size_t lead = strspn(base, " '");
  memmove(base, base + lead, nb - lead + 1);
  if (cp > LXW_SHEETNAME_MAX) short_words(base);
  cut_words(base, LXW_SHEETNAME_MAX);
  if (!base[0]) snprintf(base, sizeof base, "Sheet");
  /* Cut to 31 code points of at most 4 bytes, a name fits out with its suffix. */
  memcpy(out, base, strlen(base) + 1);
  for (int k = 2; name_taken(out, a, n); k++) {
    char zSuffix[16], zCut[sizeof base];
    int nSuffix = snprintf(zSuffix, sizeof zSuffix, " (%d)", k);
    snprintf(zCut, sizeof zCut, "%s", base);
    cut_words(zCut, LXW_SHEETNAME_MAX - (size_t)nSuffix);
    size_t nCut = strlen(zCut);
    memcpy(out, zCut, nCut);
    memcpy(out + nCut, zSuffix, (size_t)nSuffix + 1);
  }
}

/* ---------------------------------------------------------------- cells */

static const Cell *cell_at(const ReportSection *s, int row, int col) {
  return &s->aCell[(size_t)row * (size_t)s->nCol + (size_t)col];
}

/* Column widths from the content, capped; aWrap[c] when a column's text is cut by the cap
** or has line breaks; aTall[r] when row r has such a cell (so is more than one line high). */
static void col_widths(const ReportSection *s, double *aWidth, int *aWrap, int *aTall) {
  for (int c = 0; c < s->nCol; c++) {
    size_t w = widest_line(s->aCol[c].zLabel);
    if (w > 24) w = 24; /* headings wrap rather than widen a column of numbers */
    int wrap = 0;
    for (int r = 0; r < s->nRow; r++) {
      const Cell *p = cell_at(s, r, c);
      size_t cw = 0;
      if (p->t == CELL_TEXT) {
        cw = widest_line(p->z);
        if (cw > XL_WIDTH_MAX || strchr(p->z, '\n')) wrap = aTall[r] = 1;
      } else if (p->t == CELL_INT) {
        char z[32];
        cw = (size_t)snprintf(z, sizeof z, "%lld", p->i);
      } else if (p->t == CELL_DATE) {
        cw = 10;
      } else if (p->t == CELL_BOOL) {
        cw = 5;
      }
      if (cw > w) w = cw;
    }
    if (w > XL_WIDTH_MAX) {
      w = XL_WIDTH_MAX;
      wrap = 1;
    }
    if (w < XL_WIDTH_MIN) w = XL_WIDTH_MIN;
    aWidth[c] = (double)w + 2;
    aWrap[c] = wrap;
  }
}

/* Write one cell. In a row one line high (!tall) alignment shows nothing, so a plain
** cell goes without a format: less to write and to compress. */
static void xl_cell(Xl *x, lxw_worksheet *ws, int row, int col, const Cell *p, int bits, int tall) {
  lxw_row_t r = (lxw_row_t)row;
  lxw_col_t c = (lxw_col_t)col;
  lxw_format *f = tall || (bits & XL_BOLD) ? x->aCell[bits & (XL_BOLD | XL_WRAP)] : 0;
  switch (p->t) {
  case CELL_NULL:
    if (bits & XL_BOLD) xl_rc(x, worksheet_write_blank(ws, r, c, x->aCell[XL_BOLD]));
    return;
  case CELL_TEXT: xl_text(x, ws, row, col, p->z, f); return;
  case CELL_INT:
    xl_rc(x, worksheet_write_number(ws, r, c, (double)p->i, f ? x->aCell[bits & XL_BOLD] : 0));
    return;
  case CELL_DATE:
    xl_rc(x, worksheet_write_number(ws, r, c, (double)p->d + XL_EPOCH,
                                    x->aCell[(bits & XL_BOLD) | XL_DATE]));
    return;
  case CELL_BOOL:
    xl_rc(x, worksheet_write_boolean(ws, r, c, (int)p->i, f ? x->aCell[bits & XL_BOLD] : 0));
    return;
  case CELL_TYPE__MAX: break;
  }
  fatal("report_xlsx: bad cell type %d", (int)p->t);
}

/* Print setup: A4, one page wide (as long as it needs), landscape when the columns are
** wider than a portrait page holds, and rows 0..lastTitleRow (the title, note and
** column headings) printed again at the top of every page (Excel's Print_Titles);
** lastTitleRow < 0 repeats none. */
static void xl_print(Xl *x, lxw_worksheet *ws, double width, int lastTitleRow) {
  worksheet_set_paper(ws, XL_PAPER_A4);
  if (width > XL_PORTRAIT_WIDTH) worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  if (lastTitleRow >= 0) xl_rc(x, worksheet_repeat_rows(ws, 0, (lxw_row_t)lastTitleRow));
}

/* A part heading with nothing under it: its own sheet, saying so as the PDF does. */
static void xl_empty_part(Xl *x, XlSheet *sh) {
  const ReportSection *s = sh->s;
  xl_rc(x, worksheet_set_column(sh->ws, 0, 0, XL_WIDTH_MAX + 2, 0));
  xl_text(x, sh->ws, 0, 0, s->zTitle, x->fTitle);
  xl_text(x, sh->ws, 1, 0, s->zNote ? s->zNote : "None.", x->fMetaWrap);
  sh->headRow = 0;
  xl_print(x, sh->ws, XL_WIDTH_MAX + 2, 0);
}

/* One section's sheet. In table-only mode the headings are row 0. */
static void xl_section(Xl *x, XlSheet *sh, int tableOnly) {
  const ReportSection *s = sh->s;
  lxw_worksheet *ws = sh->ws;
  if (s->nCol == 0) {
    xl_empty_part(x, sh);
    return;
  }
  double *aWidth = xcalloc((size_t)s->nCol, sizeof(double));
  int *aWrap = xcalloc((size_t)s->nCol, sizeof(int));
  int *aTall = xcalloc((size_t)s->nRow + 1, sizeof(int));
  col_widths(s, aWidth, aWrap, aTall);
  double width = 0;
  for (int c = 0; c < s->nCol; c++) {
    xl_rc(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, aWidth[c], 0));
    width += aWidth[c];
  }
  int row = 0;
  if (!tableOnly) {
    xl_text(x, ws, row++, 0, s->zTitle, x->fTitle);
    if (s->zNote) xl_text(x, ws, row++, 0, s->zNote, x->fNote);
    row++;
  }
  sh->headRow = row;
  for (int c = 0; c < s->nCol; c++) xl_text(x, ws, row, c, s->aCol[c].zLabel, x->fHead);
  row++;
  for (int r = 0; r < s->nRow; r++, row++) {
    int bold = s->aFlag[r] & ROW_TOTAL ? XL_BOLD : 0;
    for (int c = 0; c < s->nCol; c++) {
      xl_cell(x, ws, row, c, cell_at(s, r, c), bold | (aWrap[c] ? XL_WRAP : 0), aTall[r]);
    }
  }
  if (s->nRow == 0) xl_text(x, ws, row, 0, "None.", 0); /* as the PDF and Word say */
  worksheet_freeze_panes(ws, (lxw_row_t)(sh->headRow + 1), 0);
  xl_rc(x, worksheet_autofilter(ws, (lxw_row_t)sh->headRow, 0,
                                (lxw_row_t)(sh->headRow + (s->nRow ? s->nRow : 0)),
                                (lxw_col_t)(s->nCol - 1)));
  xl_print(x, ws, width, sh->headRow);
  free(aWidth);
  free(aWrap);
  free(aTall);
}

/* ---------------------------------------------------------------- summary */

/* Section i is a part heading with no table under it (a pack's empty part, or the
** escalations report's part when the policy has no ladder): it gets a sheet of its
** own so that every part of a pack is in the workbook, as in the PDF. */
static int empty_part(const Report *r, int i) {
  return r->apSection[i]->nCol == 0 && (i + 1 == r->nSection || r->apSection[i + 1]->nCol == 0);
}

/* A meta value that is one date ("31/12/2024"), or DAY_NONE. */
static Day meta_day(const char *z) {
  DateParse p;
  char zErr[8];
  if (!z || day_parse(z, DF_DMY | DF_ISO, &p, zErr, sizeof zErr) || p.kind != DATE_EXACT) {
    return DAY_NONE;
  }
  return p.day;
}

/* The rows of s a chart draws: the first run of ROW_PLAIN rows. Returns their count. */
static int chart_rows(const ReportSection *s, int *pFirst) {
  int r = 0;
  while (r < s->nRow && s->aFlag[r] != ROW_PLAIN) r++;
  *pFirst = r;
  int n = 0;
  while (r + n < s->nRow && s->aFlag[r + n] == ROW_PLAIN) n++;
  return n;
}

/* A native chart of sh's section on the summary sheet at row; returns the rows it takes. */
static int xl_chart(Xl *x, lxw_worksheet *summary, int row, const XlSheet *sh) {
  const ReportSection *s = sh->s;
  int first, n = chart_rows(s, &first);
  if (s->chart == CHART_NONE || n == 0) return 0;
  lxw_chart *ch =
      workbook_add_chart(x->wb, s->chart == CHART_BAR ? LXW_CHART_COLUMN_STACKED : LXW_CHART_LINE);
  chart_title_set_name(ch, s->zTitle);
  chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
  lxw_row_t r0 = (lxw_row_t)(sh->headRow + 1 + first), r1 = (lxw_row_t)(r0 + (lxw_row_t)n - 1);
  for (int k = 0; k < s->chartNCol; k++) {
    lxw_col_t c = (lxw_col_t)(s->chartCol0 + k);
    lxw_chart_series *se = chart_add_series(ch, 0, 0);
    chart_series_set_categories(se, sh->zName, r0, 0, r1, 0);
    chart_series_set_values(se, sh->zName, r0, c, r1, c);
    chart_series_set_name_range(se, sh->zName, (lxw_row_t)sh->headRow, c);
    if (s->chart == CHART_LINE) chart_series_set_marker_type(se, LXW_CHART_MARKER_AUTOMATIC);
  }
  lxw_chart_options o = {0};
  o.x_scale = 1.6;
  o.y_scale = 1.2;
  o.description = s->zTitle;
  xl_rc(x, worksheet_insert_chart_opt(summary, (lxw_row_t)row, 0, ch, &o));
  return 20; /* 1.2 x the default 15 rows, and room */
}

static void xl_summary(Xl *x, lxw_worksheet *ws, const Report *r, const XlSheet *aSheet,
                       int nSheet) {
  xl_rc(x, worksheet_set_column(ws, 0, 0, 24, 0));
  xl_rc(x, worksheet_set_column(ws, 1, 1, 90, 0));
  xl_rc(x, worksheet_set_column(ws, 2, 2, 10, 0));
  xl_print(x, ws, 24 + 90 + 10, -1);
  int row = 0;
  xl_text(x, ws, row++, 0, r->zTitle, x->fTitle);
  row++;
  for (int i = 0; i < r->nMeta; i++, row++) {
    const ReportMeta *m = &r->aMeta[i];
    xl_text(x, ws, row, 0, m->zLabel, x->fLabel);
    Day d =
        (!strcmp(m->zKey, "as_at") || !strcmp(m->zKey, "since")) ? meta_day(m->zValue) : DAY_NONE;
    if (d != DAY_NONE) {
      xl_rc(x,
            worksheet_write_number(ws, (lxw_row_t)row, 1, (double)d + XL_EPOCH, x->aCell[XL_DATE]));
    } else {
      xl_text(x, ws, row, 1, m->zValue, x->fMetaWrap);
    }
  }
  row++;
  xl_text(x, ws, row++, 0, "Contents", x->fPart);
  xl_text(x, ws, row, 0, "Sheet", x->fHead);
  xl_text(x, ws, row, 1, "Section", x->fHead);
  xl_text(x, ws, row++, 2, "Rows", x->fHead);
  int k = 0;
  for (int i = 0; i < r->nSection; i++, row++) {
    const ReportSection *s = r->apSection[i];
    if (s->nCol == 0 && !empty_part(r, i)) { /* a part heading: no sheet of its own */
      xl_text(x, ws, row, 1, s->zTitle, x->fLabel);
      continue;
    }
    const XlSheet *sh = &aSheet[k++];
    Buf url = BUF_INIT;
    buf_puts(&url, "internal:'");
    for (const char *p = sh->zName; *p; p++) {
      if (*p == '\'') buf_putc(&url, '\'');
      buf_putc(&url, *p);
    }
    buf_puts(&url, "'!A1");
    xl_rc(x,
          worksheet_write_url_opt(ws, (lxw_row_t)row, 0, buf_cstr(&url), x->fLink, sh->zName, 0));
    buf_free(&url);
    xl_text(x, ws, row, 1, s->zTitle, s->nCol ? x->fMetaWrap : x->fLabel);
    xl_rc(x, worksheet_write_number(ws, (lxw_row_t)row, 2, s->nRow, x->aCell[0]));
  }
  row++;
  for (int i = 0; i < nSheet; i++) row += xl_chart(x, ws, row, &aSheet[i]);
}

/* ---------------------------------------------------------------- workbook */

int report_xlsx_file(const Report *r, const char *zPath, int flags, Buf *err) {
  for (int i = 0; i < r->nSection; i++) {
    const ReportSection *s = r->apSection[i];
    if (s->nRow > 0 && s->nCellInRow < s->nCol) {
      fatal("report_xlsx: last row of \"%s\" has %d of its %d cells", s->zTitle, s->nCellInRow,
            s->nCol);
    }
    if (s->nRow + 4 > LXW_ROW_MAX || s->nCol > LXW_COL_MAX) {
      return buf_fail(err, 1, "\"%s\" has %d rows and %d columns: more than one sheet holds",
                      s->zTitle, s->nRow, s->nCol);
    }
  }
  int tableOnly = (flags & XLSX_TABLE_ONLY) != 0;
  lxw_workbook_options opt = {0};
  const char *zTmp = getenv("TMPDIR");
  opt.tmpdir = zTmp && zTmp[0] ? (char *)zTmp : 0;
  /* libxlsxwriter opens the file only when it closes the workbook, and then prints
  ** its own message on failure: find out first, and say it our way. */
  FILE *f = fopen(zPath, "wb");
  if (!f) return buf_fail(err, 1, "cannot create %s: %s", zPath, strerror(errno));
  fclose(f);
  Xl x;
  memset(&x, 0, sizeof x);
  x.wb = workbook_new_opt(zPath, &opt);
  if (!x.wb) return buf_fail(err, 1, "cannot create %s: %s", zPath, strerror(errno));
  xl_formats(&x);

  /* Workbook properties; the as-at date stands for the creation time, so the same
  ** report as at the same date is the same file. */
  lxw_doc_properties props;
  memset(&props, 0, sizeof props);
  props.title = r->zTitle;
  props.author = (char *)report_meta_value(r, "organisation");
  props.company = props.author;
  Day asAt = meta_day(report_meta_value(r, "as_at"));
  props.created = asAt != DAY_NONE ? (time_t)asAt * 86400 : (time_t)86400;
  xl_rc(&x, workbook_set_properties(x.wb, &props));

  /* Name every sheet first: the summary links to them and its charts read them. */
  XlSheet *aSheet = xcalloc((size_t)r->nSection + 1, sizeof(XlSheet));
  int nSheet = 0;
  for (int i = 0; i < r->nSection; i++) {
    if (r->apSection[i]->nCol == 0 && !empty_part(r, i)) continue;
    aSheet[nSheet].s = r->apSection[i];
    sheet_name(r->apSection[i]->zTitle, aSheet, nSheet, aSheet[nSheet].zName);
    nSheet++;
  }
  lxw_worksheet *summary = 0;
  if (!tableOnly || nSheet == 0) summary = workbook_add_worksheet(x.wb, "Summary");
  for (int i = 0; i < nSheet; i++) {
    aSheet[i].ws = workbook_add_worksheet(x.wb, aSheet[i].zName);
    if (!aSheet[i].ws) fatal("report_xlsx: sheet name \"%s\" refused", aSheet[i].zName);
  }
  if (!summary) summary = workbook_add_worksheet(x.wb, "Summary");
  /* In table-only mode the first section's sheet needs its heading row first. */
  for (int i = 0; i < nSheet; i++) xl_section(&x, &aSheet[i], tableOnly && i == 0);
  xl_summary(&x, summary, r, aSheet, nSheet);
  free(aSheet);

  lxw_error e = workbook_close(x.wb);
  free(x.zTrunc);
  if (x.rc != LXW_NO_ERROR) {
    unlink(zPath);
    return buf_fail(err, 1, "cannot write the workbook: %s", lxw_strerror(x.rc));
  }
  if (e != LXW_NO_ERROR) {
    unlink(zPath);
    return buf_fail(err, 1, "cannot write %s: %s", zPath, lxw_strerror(e));
  }
  return 0;
}

int report_render_xlsx(const Report *r, int flags, Buf *out, Buf *err) {
  const char *zDir = getenv("TMPDIR");
  Buf path = BUF_INIT;
  buf_appendf(&path, "%s/auditrack-XXXXXX", zDir && zDir[0] ? zDir : "/tmp");
  char *zPath = buf_steal(&path);
  int fd = mkstemp(zPath);
  if (fd < 0) {
    int rc = buf_fail(err, 1, "cannot create a temporary file in %s: %s",
                      zDir && zDir[0] ? zDir : "/tmp", strerror(errno));
    free(zPath);
    return rc;
  }
  close(fd);
  int rc = report_xlsx_file(r, zPath, flags, err);
  FILE *f = rc ? 0 : fopen(zPath, "rb");
  if (!rc && !f) rc = buf_fail(err, 1, "cannot read back %s: %s", zPath, strerror(errno));
  if (f) {
    char a[65536];
    size_t n;
    while ((n = fread(a, 1, sizeof a, f)) > 0) buf_append(out, a, n);
    if (ferror(f)) rc = buf_fail(err, 1, "cannot read back %s", zPath);
    fclose(f);
  }
  unlink(zPath);
  free(zPath);
  return rc;
}
