/*
** report.c: the report table model: building it, freeing it, and the cell
** helpers every renderer shares.
**
** Strings enter the model through one cleaner, so every renderer can rely on
** valid UTF-8 with '\n' as the only control character. Not for: choosing what
** goes in a report or computing any figure (report_build.c and the as-at
** engine do that), nor any renderer's bytes: text, Markdown, CSV and JSON are
** report_text.c, HTML report_html.c, PDF report_pdf.c, XLSX report_xlsx.c, and
** report_render.c picks one for a format. The renderers call this file and it
** calls none of them.
*/
#include "report.h"
#include "markup.h"

#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_format_names[] = {
    [FMT_TEXT] = "text", [FMT_MD] = "md",   [FMT_CSV] = "csv",   [FMT_JSON] = "json",
    [FMT_HTML] = "html", [FMT_PDF] = "pdf", [FMT_XLSX] = "xlsx", [FMT_DOCX] = "docx",
};
_Static_assert(sizeof(report_format_names) / sizeof(report_format_names[0]) == REPORT_FORMAT__MAX,
               "one name per ReportFormat");

int report_format_from_name(const char *zName) {
  if (!zName) return -1;
  for (int i = 0; i < REPORT_FORMAT__MAX; i++) {
    if (strcmp(zName, report_format_names[i]) == 0) return i;
  }
  return -1;
}

/* ---------------------------------------------------------------- cleaning */

#define UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/*
** A heap copy of z fit for every renderer: CR LF and lone CR become LF, a tab
** a space, other C0/C1 controls, DEL and invalid UTF-8 U+FFFD. Terminal escape
** sequences therefore never reach a text report, and JSON is always valid.
*/
static char *str_clean(const char *z) {
  Buf b = BUF_INIT;
  const unsigned char *p = (const unsigned char *)z;
  while (*p) {
    unsigned c = *p;
    if (c == '\r') {
      buf_putc(&b, '\n');
      p += p[1] == '\n' ? 2 : 1;
    } else if (c == '\n') {
      buf_putc(&b, '\n');
      p++;
    } else if (c == '\t') {
      buf_putc(&b, ' ');
      p++;
    } else if (c < 0x20 || c == 0x7F) {
      buf_puts(&b, UTF8_REPLACEMENT);
      p++;
    } else if (c < 0x80) {
      buf_putc(&b, (char)c);
      p++;
    } else {
      int n = utf8_seq_len((const char *)p, 4);   /* buf.h: stops at the NUL */
      if (n == 0 || (c == 0xC2 && p[1] < 0xA0)) { /* invalid, or U+0080..U+009F */
        buf_puts(&b, UTF8_REPLACEMENT);
        p += n ? n : 1;
      } else {
        buf_append(&b, p, (size_t)n);
        p += n;
      }
    }
  }
  return buf_steal(&b);
}

/* ---------------------------------------------------------------- building */

Report *report_new(const char *zKind, const char *zTitle) {
  if (!zKind || !zTitle) fatal("report_new: kind and title are required");
  Report *r = xcalloc(1, sizeof(*r));
  r->zKind = str_clean(zKind);
  r->zTitle = str_clean(zTitle);
  return r;
}

static const ReportMeta *meta_find(const Report *r, const char *zKey) {
  for (int i = 0; i < r->nMeta; i++)
    if (!strcmp(r->aMeta[i].zKey, zKey)) return &r->aMeta[i];
  return 0;
}

const char *report_meta_value(const Report *r, const char *zKey) {
  const ReportMeta *m = meta_find(r, zKey);
  return m ? m->zValue : 0;
}

const char *report_meta_text(const ReportMeta *m, char *z) {
  return m->day != DAY_NONE ? day_fmt(m->day, DAY_TEXT, z) : m->zValue;
}

const char *report_meta_text_of(const Report *r, const char *zKey, char *z) {
  const ReportMeta *m = meta_find(r, zKey);
  return m ? report_meta_text(m, z) : 0;
}

void report_meta(Report *r, const char *zKey, const char *zLabel, const char *zValue) {
  if (!zKey || !zLabel || !zValue) fatal("report_meta: key, label and value are required");
  r->aMeta = xrealloc(r->aMeta, sizeof(r->aMeta[0]) * (size_t)(r->nMeta + 1));
  ReportMeta *m = &r->aMeta[r->nMeta++];
  m->zKey = str_clean(zKey);
  m->zLabel = str_clean(zLabel);
  m->zValue = str_clean(zValue);
  m->day = DAY_NONE;
}

void report_meta_day(Report *r, const char *zKey, const char *zLabel, Day d) {
  char z[DAY_FMT_MAX];
  report_meta(r, zKey, zLabel, day_fmt(d, DAY_UK, z));
  r->aMeta[r->nMeta - 1].day = d;
}

ReportSection *report_section(Report *r, const char *zTitle, SectionLayout layout, int nCol, ...) {
  if (!zTitle) fatal("report_section: a title is required");
  if ((unsigned)layout >= SECTION_LAYOUT__MAX) fatal("report_section: bad layout %d", (int)layout);
  if (nCol < 0) fatal("report_section \"%s\": %d columns", zTitle, nCol);
  ReportSection *s = xcalloc(1, sizeof(*s));
  s->zTitle = str_clean(zTitle);
  s->layout = layout;
  s->nCol = nCol;
  /* nCol 0 is a heading-only section, or one whose caller fills aCol itself (a computed
     number of columns); no allocation, so assigning aCol leaks nothing. */
  s->aCol = nCol ? xcalloc((size_t)nCol, sizeof(s->aCol[0])) : 0;
  va_list ap;
  va_start(ap, nCol);
  for (int i = 0; i < nCol; i++) {
    const char *zKey = va_arg(ap, const char *);
    const char *zLabel = va_arg(ap, const char *);
    if (!zKey || !zLabel) fatal("report_section \"%s\": column %d lacks a key or label", zTitle, i);
    /* "total" is the JSON row flag; a column of that name would collide with it. */
    if (strcmp(zKey, "total") == 0) {
      fatal("report_section \"%s\": column key \"total\" is reserved", zTitle);
    }
    for (int j = 0; j < i; j++) {
      if (strcmp(s->aCol[j].zKey, zKey) == 0) {
        fatal("report_section \"%s\": column key \"%s\" repeated", zTitle, zKey);
      }
    }
    s->aCol[i].zKey = str_clean(zKey);
    s->aCol[i].zLabel = str_clean(zLabel);
  }
  va_end(ap);
  r->apSection = xrealloc(r->apSection, sizeof(r->apSection[0]) * (size_t)(r->nSection + 1));
  r->apSection[r->nSection++] = s;
  return s;
}

void report_section_note(ReportSection *s, const char *zNote) {
  free(s->zNote);
  s->zNote = zNote ? str_clean(zNote) : 0;
}

void report_section_chart(ReportSection *s, ChartKind kind, int col0, int nCol) {
  if (kind <= CHART_NONE || kind >= CHART_KIND__MAX || col0 < 1 || nCol < 1 ||
      col0 + nCol > s->nCol)
    fatal("report_section_chart: \"%s\": bad chart %d %d+%d of %d", s->zTitle, (int)kind, col0,
          nCol, s->nCol);
  s->chart = kind;
  s->chartCol0 = col0;
  s->chartNCol = nCol;
}

void report_row(ReportSection *s, int flags) {
  if (flags != ROW_PLAIN && flags != ROW_TOTAL) fatal("report_row: bad flags %d", flags);
  if (s->nCol < 1) fatal("report_row: \"%s\" has no columns", s->zTitle);
  if (s->nRow > 0 && s->nCellInRow < s->nCol) {
    fatal("report_row: row %d of \"%s\" has %d of its %d cells", s->nRow, s->zTitle, s->nCellInRow,
          s->nCol);
  }
  if (s->nRow == s->nRowAlloc) {
    s->nRowAlloc = s->nRowAlloc ? s->nRowAlloc * 2 : 16;
    s->aCell = xrealloc(s->aCell, sizeof(Cell) * (size_t)s->nRowAlloc * (size_t)s->nCol);
    s->aFlag = xrealloc(s->aFlag, sizeof(int) * (size_t)s->nRowAlloc);
  }
  memset(&s->aCell[(size_t)s->nRow * (size_t)s->nCol], 0, sizeof(Cell) * (size_t)s->nCol);
  s->aFlag[s->nRow] = flags;
  s->nRow++;
  s->nCellInRow = 0;
}

/* The next cell of the current row, CELL_NULL until the caller sets it. */
static Cell *section_cell_next(ReportSection *s, const char *zWho) {
  if (s->nRow == 0) fatal("%s: no row started in \"%s\"", zWho, s->zTitle);
  if (s->nCellInRow >= s->nCol) {
    fatal("%s: row %d of \"%s\" already has its %d cells", zWho, s->nRow, s->zTitle, s->nCol);
  }
  return &s->aCell[(size_t)(s->nRow - 1) * (size_t)s->nCol + (size_t)s->nCellInRow++];
}

void report_text(ReportSection *s, const char *z) {
  Cell *c = section_cell_next(s, "report_text");
  if (!z) return;
  c->t = CELL_TEXT;
  c->z = str_clean(z);
}

void report_int(ReportSection *s, long long i) {
  Cell *c = section_cell_next(s, "report_int");
  c->t = CELL_INT;
  c->i = i;
}

void report_date(ReportSection *s, Day d) {
  Cell *c = section_cell_next(s, "report_date");
  if (d == DAY_NONE) return;
  c->t = CELL_DATE;
  c->d = d;
}

void report_bool(ReportSection *s, int b) {
  Cell *c = section_cell_next(s, "report_bool");
  c->t = CELL_BOOL;
  c->i = b ? 1 : 0;
}

void report_null(ReportSection *s) { (void)section_cell_next(s, "report_null"); }

void report_words(ReportSection *s, const Markup *m) {
  Buf b = BUF_INIT;
  markup_render_plain(m, &b);
  report_text(s, b.n ? buf_cstr(&b) : 0);
  int empty = !b.n;
  buf_free(&b);
  if (empty) return;
  int at = (s->nRow - 1) * s->nCol + s->nCellInRow - 1;
  if (at >= s->nWords) {
    int n = s->nRow * s->nCol;
    s->apWords = xrealloc(s->apWords, sizeof(Markup *) * (size_t)n);
    memset(s->apWords + s->nWords, 0, sizeof(Markup *) * (size_t)(n - s->nWords));
    s->nWords = n;
  }
  s->apWords[at] = markup_dup(m);
}

const Markup *report_cell_words(const ReportSection *s, int iRow, int iCol) {
  int at = iRow * s->nCol + iCol;
  return at < s->nWords ? s->apWords[at] : 0;
}

static void section_free(ReportSection *s) {
  for (int i = 0; i < s->nCol; i++) {
    free(s->aCol[i].zKey);
    free(s->aCol[i].zLabel);
  }
  for (size_t i = 0; i < (size_t)s->nRow * (size_t)s->nCol; i++) free(s->aCell[i].z);
  free(s->aCol);
  free(s->aCell);
  free(s->aFlag);
  free(s->zTitle);
  free(s->zNote);
  if (s->pText) markup_free(s->pText);
  free(s->pText);
  for (int i = 0; i < s->nWords; i++) {
    if (!s->apWords[i]) continue;
    markup_free(s->apWords[i]);
    free(s->apWords[i]);
  }
  free(s->apWords);
  free(s);
}

ReportSection *report_section_markup(Report *r, const char *zTitle, const Markup *m) {
  ReportSection *s = report_section(r, zTitle, LAYOUT_TEXT, 2, "kind", "Kind", "text", "Text");
  s->pText = markup_dup(m);
  Buf b = BUF_INIT;
  for (int i = 0; i < m->nBlock; i++) {
    buf_reset(&b);
    markup_block_plain(&m->aBlock[i], &b);
    report_row(s, ROW_PLAIN);
    report_text(s, markup_block_names[m->aBlock[i].kind]);
    report_text(s, buf_cstr(&b));
  }
  buf_free(&b);
  return s;
}

void report_free(Report *r) {
  if (!r) return;
  for (int i = 0; i < r->nMeta; i++) {
    free(r->aMeta[i].zKey);
    free(r->aMeta[i].zLabel);
    free(r->aMeta[i].zValue);
  }
  for (int i = 0; i < r->nSection; i++) section_free(r->apSection[i]);
  free(r->aMeta);
  free(r->apSection);
  free(r->zKind);
  free(r->zTitle);
  free(r);
}

/* ---------------------------------------------------------- shared helpers */

const Cell *report_cell(const ReportSection *s, int iRow, int iCol) {
  return &s->aCell[(size_t)iRow * (size_t)s->nCol + (size_t)iCol];
}

const char *report_cell_str(const Cell *c, int bHuman, char *tmp) {
  switch (c->t) {
  case CELL_NULL: return bHuman ? "-" : "";
  case CELL_TEXT: return c->z;
  case CELL_INT: snprintf(tmp, CELL_TMP, "%lld", c->i); return tmp;
  case CELL_DATE: return day_fmt(c->d, bHuman ? DAY_UK : DAY_ISO, tmp);
  case CELL_BOOL: return c->i ? (bHuman ? "Yes" : "true") : (bHuman ? "No" : "false");
  case CELL_TYPE__MAX: break;
  }
  fatal("report: bad cell type %d", (int)c->t);
}

/* A percentage as the summary writes it ("17%", "16.7%"): read as a number. */
static int cell_is_share(const Cell *c) {
  const char *z = c->z;
  if (c->t != CELL_TEXT || !z || !isdigit((unsigned char)z[0])) return 0;
  while (isdigit((unsigned char)*z)) z++;
  if (z[0] == '.' && isdigit((unsigned char)z[1])) z += 2;
  return z[0] == '%' && !z[1];
}

int report_cell_blank(const Cell *c) {
  return c->t == CELL_NULL || (c->t == CELL_TEXT && !c->z[strspn(c->z, " \t\r\n")]);
}

int report_record_shows(const ReportSection *s, int iRow, int iCol) {
  if (!report_cell_blank(report_cell(s, iRow, iCol))) return 1;
  for (int i = 0; i < s->nCol; i++) {
    if (!report_cell_blank(report_cell(s, iRow, i))) return 0;
  }
  return iCol == 0; /* a row with nothing at all keeps its first field, so it shows */
}

int report_col_numeric(const ReportSection *s, int iCol) {
  int nInt = 0;
  for (int i = 0; i < s->nRow; i++) {
    const Cell *c = report_cell(s, i, iCol);
    CellType t = c->t;
    if (t == CELL_INT || cell_is_share(c))
      nInt++;
    else if (t != CELL_NULL)
      return 0;
  }
  return nInt > 0;
}

/* ------------------------------------------------------------- checking */

/* What report_section checks, again for columns a builder assigned itself; and a full last row. */
void report_section_check(const ReportSection *s) {
  if (s->nRow > 0 && s->nCellInRow < s->nCol) {
    fatal("report_render: last row of \"%s\" has %d of its %d cells", s->zTitle, s->nCellInRow,
          s->nCol);
  }
  for (int i = 0; i < s->nCol; i++) {
    const char *zKey = s->aCol[i].zKey;
    if (!zKey || !s->aCol[i].zLabel) fatal("report_render: \"%s\" column %d unnamed", s->zTitle, i);
    if (strcmp(zKey, "total") == 0) fatal("report_render: \"%s\": column \"total\"", s->zTitle);
    for (int j = 0; j < i; j++) {
      if (strcmp(s->aCol[j].zKey, zKey) == 0) {
        fatal("report_render: \"%s\" repeats column \"%s\"", s->zTitle, zKey);
      }
    }
  }
}

/* ------------------------------------------------------ single sections */

void report_section_col(ReportSection *s, const char *zKey, const char *zLabel) {
  if (s->nRow) fatal("report_section_col \"%s\": the section already has rows", s->zTitle);
  if (!zKey || !zLabel)
    fatal("report_section_col \"%s\": a key and a label are required", s->zTitle);
  s->aCol = xrealloc(s->aCol, sizeof(s->aCol[0]) * (size_t)(s->nCol + 1));
  s->aCol[s->nCol].zKey = str_clean(zKey);
  s->aCol[s->nCol].zLabel = str_clean(zLabel);
  s->nCol++;
  report_section_check(s);
}
