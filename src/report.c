/*
** report.c: the report table model (building and freeing) and its five
** renderers: plain text, Markdown, CSV, JSON and one self-contained HTML page.
**
** Strings enter the model through one cleaner, so every renderer can rely on
** valid UTF-8 with '\n' as the only control character. Renderers are pure:
** a Report in, bytes appended to the caller's Buf out. Not for: choosing what
** goes in a report or computing any figure (report_build.c and the as-at
** engine do that), nor PDF or XLSX (their own files: report_pdf.c, report_xlsx.c).
*/
#include "report.h"

#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_format_names[] = {
    [FMT_TEXT] = "text", [FMT_MD] = "md", [FMT_CSV] = "csv", [FMT_JSON] = "json",
    [FMT_HTML] = "html", [FMT_PDF] = "pdf", [FMT_XLSX] = "xlsx",
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
      int n = utf8_seq_len((const char *)p, 4); /* buf.h: stops at the NUL */
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

void report_meta(Report *r, const char *zKey, const char *zLabel, const char *zValue) {
  if (!zKey || !zLabel || !zValue) fatal("report_meta: key, label and value are required");
  r->aMeta = xrealloc(r->aMeta, sizeof(r->aMeta[0]) * (size_t)(r->nMeta + 1));
  ReportMeta *m = &r->aMeta[r->nMeta++];
  m->zKey = str_clean(zKey);
  m->zLabel = str_clean(zLabel);
  m->zValue = str_clean(zValue);
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
  free(s);
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

#define CELL_TMP 32 /* room for a formatted date or any long long */
_Static_assert(CELL_TMP >= DAY_FMT_MAX, "a date fits in a cell buffer");

static const Cell *section_cell(const ReportSection *s, int iRow, int iCol) {
  return &s->aCell[(size_t)iRow * (size_t)s->nCol + (size_t)iCol];
}

/*
** How a cell reads. Human spelling (text, md, html): NULL "-", Yes/No, UK
** dates. Machine spelling (csv): NULL "", true/false, ISO dates. The result
** is c->z, a literal, or tmp (CELL_TMP bytes).
*/
static const char *cell_str(const Cell *c, int bHuman, char *tmp) {
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

/* A column is numeric, and right-aligned, when it holds ints and nothing else but NULLs. */
static int section_col_numeric(const ReportSection *s, int iCol) {
  int nInt = 0;
  for (int i = 0; i < s->nRow; i++) {
    CellType t = section_cell(s, i, iCol)->t;
    if (t == CELL_INT) nInt++;
    else if (t != CELL_NULL) return 0;
  }
  return nInt > 0;
}

/* Width of the first n bytes of z in code points (the cleaner guarantees valid UTF-8). */
static size_t utf8_width(const char *z, size_t n) {
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (((unsigned char)z[i] & 0xC0) != 0x80) w++;
  }
  return w;
}

static size_t line_len(const char *z) { return strcspn(z, "\n"); }

/* Widest line of z, in code points. */
static size_t text_width(const char *z) {
  size_t w = 0;
  for (;;) {
    size_t n = line_len(z), k = utf8_width(z, n);
    if (k > w) w = k;
    if (!z[n]) return w;
    z += n + 1;
  }
}

/* ------------------------------------------------------------------- text */

/* End a line without trailing spaces; b is the renderer's own buffer, so no caller byte is lost. */
static void text_eol(Buf *b) {
  while (b->n > 0 && b->z[b->n - 1] == ' ') b->n--;
  buf_putc(b, '\n');
}

static void text_repeat(Buf *b, char c, size_t n) {
  for (size_t i = 0; i < n; i++) buf_putc(b, c);
}

/* z as lines, each ended without trailing spaces. */
static void text_lines(Buf *b, const char *z) {
  for (;;) {
    size_t n = line_len(z);
    buf_append(b, z, n);
    text_eol(b);
    if (!z[n]) break;
    z += n + 1;
  }
}

/* z on its own lines, underlined with c as wide as its widest line. */
static void text_heading(Buf *b, const char *z, char c) {
  text_lines(b, z);
  size_t w = text_width(z);
  if (w > 0) {
    text_repeat(b, c, w);
    text_eol(b);
  }
}

/* "Label: value", later lines of the value indented to where the first began. */
static void text_labelled(Buf *b, const char *zLabel, const char *zValue) {
  size_t w = 0;
  for (const char *p = zLabel; *p; p++) {
    buf_putc(b, *p == '\n' ? ' ' : *p);
    if (((unsigned char)*p & 0xC0) != 0x80) w++;
  }
  buf_puts(b, ": ");
  for (;;) {
    size_t n = line_len(zValue);
    buf_append(b, zValue, n);
    text_eol(b);
    if (!zValue[n]) break;
    zValue += n + 1;
    text_repeat(b, ' ', w + 2);
  }
}

typedef struct TextGrid {
  int nCol;
  size_t *aWidth; /* per column, in code points */
  int *aNum;      /* per column: right-align */
  const char **az; /* per column: the rest of the cell still to print */
} TextGrid;

/* One table row, as many lines tall as its tallest cell. az[] holds the cells' strings. */
static void text_grid_row(Buf *b, TextGrid *g, const char *const *az) {
  for (int i = 0; i < g->nCol; i++) g->az[i] = az[i];
  int bMore;
  do {
    bMore = 0;
    for (int i = 0; i < g->nCol; i++) {
      if (i > 0) buf_puts(b, "  ");
      const char *z = g->az[i];
      size_t n = z ? line_len(z) : 0, w = z ? utf8_width(z, n) : 0;
      if (g->aNum[i]) text_repeat(b, ' ', g->aWidth[i] - w);
      if (z) buf_append(b, z, n);
      if (!g->aNum[i]) text_repeat(b, ' ', g->aWidth[i] - w);
      g->az[i] = z && z[n] ? z + n + 1 : 0;
      if (g->az[i]) bMore = 1;
    }
    text_eol(b);
  } while (bMore);
}

static void text_grid_rule(Buf *b, const TextGrid *g) {
  for (int i = 0; i < g->nCol; i++) {
    if (i > 0) buf_puts(b, "  ");
    text_repeat(b, '-', g->aWidth[i]);
  }
  text_eol(b);
}

static void text_grid(Buf *b, const ReportSection *s) {
  TextGrid g;
  g.nCol = s->nCol;
  g.aWidth = xcalloc((size_t)s->nCol, sizeof(size_t));
  g.aNum = xcalloc((size_t)s->nCol, sizeof(int));
  g.az = xcalloc((size_t)s->nCol, sizeof(char *));
  const char **azRow = xcalloc((size_t)s->nCol, sizeof(char *));
  char *aTmp = xmalloc((size_t)s->nCol * CELL_TMP);

  for (int i = 0; i < s->nCol; i++) {
    g.aNum[i] = section_col_numeric(s, i);
    g.aWidth[i] = text_width(s->aCol[i].zLabel);
    for (int j = 0; j < s->nRow; j++) {
      size_t w = text_width(cell_str(section_cell(s, j, i), 1, aTmp));
      if (w > g.aWidth[i]) g.aWidth[i] = w;
    }
  }
  for (int i = 0; i < s->nCol; i++) azRow[i] = s->aCol[i].zLabel;
  text_grid_row(b, &g, azRow);
  text_grid_rule(b, &g);
  for (int j = 0; j < s->nRow; j++) {
    /* One rule above a block of totals; right under the header the header's rule serves. */
    if (j > 0 && (s->aFlag[j] & ROW_TOTAL) && !(s->aFlag[j - 1] & ROW_TOTAL)) text_grid_rule(b, &g);
    for (int i = 0; i < s->nCol; i++) {
      azRow[i] = cell_str(section_cell(s, j, i), 1, aTmp + (size_t)i * CELL_TMP);
    }
    text_grid_row(b, &g, azRow);
  }
  free(aTmp);
  free(azRow);
  free(g.az);
  free(g.aNum);
  free(g.aWidth);
}

static void text_records(Buf *b, const ReportSection *s) {
  char tmp[CELL_TMP];
  for (int j = 0; j < s->nRow; j++) {
    if (j > 0) buf_putc(b, '\n');
    for (int i = 0; i < s->nCol; i++) {
      text_labelled(b, s->aCol[i].zLabel, cell_str(section_cell(s, j, i), 1, tmp));
    }
  }
}

static void render_text(const Report *r, Buf *out) {
  Buf b = BUF_INIT;
  text_heading(&b, r->zTitle, '=');
  for (int i = 0; i < r->nMeta; i++) text_labelled(&b, r->aMeta[i].zLabel, r->aMeta[i].zValue);
  for (int k = 0; k < r->nSection; k++) {
    const ReportSection *s = r->apSection[k];
    buf_putc(&b, '\n');
    /* A heading-only section heads a part (a pack's appendix): one level up. */
    text_heading(&b, s->zTitle, s->nCol == 0 ? '=' : '-');
    if (s->zNote) text_lines(&b, s->zNote);
    if (s->nCol == 0) continue; /* a heading-only section */
    buf_putc(&b, '\n');
    if (s->nRow == 0) buf_puts(&b, "None.\n");
    else if (s->layout == LAYOUT_RECORDS) text_records(&b, s);
    else text_grid(&b, s);
  }
  buf_append(out, b.z, b.n);
  buf_free(&b);
}

/* --------------------------------------------------------------- markdown */

enum { MD_HEADING = 1 /* newlines become spaces and '#' is escaped */ };

/*
** The first n bytes of z as inline Markdown that reads back as the same
** characters: punctuation that CommonMark or GFM would take for markup gets a
** backslash (so "<script>" stays text even where raw HTML is allowed), and
** newlines become <br>, the one line break a table cell can hold.
*/
static void md_inline(Buf *b, const char *z, size_t n, int flags) {
  for (size_t i = 0; i < n; i++) {
    char c = z[i];
    switch (c) {
    case '\n': buf_puts(b, flags & MD_HEADING ? " " : "<br>"); break;
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|':
    case '~':
      buf_putc(b, '\\');
      buf_putc(b, c);
      break;
    case '#':
      if (flags & MD_HEADING) buf_putc(b, '\\');
      buf_putc(b, c);
      break;
    case '&': /* only where it could start an entity such as &amp; or &#60; */
      if (i + 1 < n && (z[i + 1] == '#' || (z[i + 1] >= 'a' && z[i + 1] <= 'z') ||
                        (z[i + 1] >= 'A' && z[i + 1] <= 'Z'))) {
        buf_putc(b, '\\');
      }
      buf_putc(b, c);
      break;
    default: buf_putc(b, c);
    }
  }
}

static void md_str(Buf *b, const char *z, int flags) { md_inline(b, z, strlen(z), flags); }

/* A paragraph: as md_inline, and what would open a block (a list, heading, rule) is escaped. */
static void md_para(Buf *b, const char *z) {
  while (*z == ' ' || *z == '\n') z++;
  if (*z == '#' || *z == '-' || *z == '+' || *z == '=') buf_putc(b, '\\');
  size_t k = strspn(z, "0123456789");
  if (k > 0 && (z[k] == '.' || z[k] == ')')) {
    buf_append(b, z, k);
    buf_putc(b, '\\');
    z += k;
  }
  md_str(b, z, 0);
}

/* One table cell's content; bold cells keep their ** next to text so they still parse. */
static void md_cell(Buf *b, const char *z, int bBold) {
  size_t n = strlen(z);
  while (n > 0 && (*z == ' ' || *z == '\n')) z++, n--;
  while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\n')) n--;
  if (bBold && n > 0) buf_puts(b, "**");
  md_inline(b, z, n, 0);
  if (bBold && n > 0) buf_puts(b, "**");
}

static void md_grid(Buf *b, const ReportSection *s) {
  char tmp[CELL_TMP];
  buf_putc(b, '|');
  for (int i = 0; i < s->nCol; i++) {
    buf_putc(b, ' ');
    md_cell(b, s->aCol[i].zLabel, 0);
    buf_puts(b, " |");
  }
  buf_puts(b, "\n|");
  for (int i = 0; i < s->nCol; i++) buf_puts(b, section_col_numeric(s, i) ? " ---: |" : " --- |");
  buf_putc(b, '\n');
  for (int j = 0; j < s->nRow; j++) {
    buf_putc(b, '|');
    for (int i = 0; i < s->nCol; i++) {
      buf_putc(b, ' ');
      md_cell(b, cell_str(section_cell(s, j, i), 1, tmp), s->aFlag[j] & ROW_TOTAL);
      buf_puts(b, " |");
    }
    buf_putc(b, '\n');
  }
}

/* One "###" per row named by its first cell; the other columns as a bullet list. */
static void md_records(Buf *b, const ReportSection *s) {
  char tmp[CELL_TMP];
  for (int j = 0; j < s->nRow; j++) {
    if (j > 0) buf_putc(b, '\n');
    const Cell *c = section_cell(s, j, 0);
    buf_puts(b, "### ");
    if (c->t == CELL_NULL || (c->t == CELL_TEXT && c->z[strspn(c->z, " \n")] == 0)) {
      buf_appendf(b, "Row %d", j + 1);
    } else {
      md_str(b, cell_str(c, 1, tmp), MD_HEADING);
    }
    buf_puts(b, "\n");
    if (s->nCol > 1) buf_putc(b, '\n');
    for (int i = 1; i < s->nCol; i++) {
      buf_puts(b, "- **");
      md_str(b, s->aCol[i].zLabel, MD_HEADING);
      buf_puts(b, ":**");
      const char *z = cell_str(section_cell(s, j, i), 1, tmp);
      if (*z) buf_putc(b, ' ');
      md_cell(b, z, 0);
      buf_putc(b, '\n');
    }
  }
}

static void render_md(const Report *r, Buf *b) {
  buf_puts(b, "# ");
  md_str(b, r->zTitle, MD_HEADING);
  buf_putc(b, '\n');
  if (r->nMeta > 0) buf_putc(b, '\n');
  for (int i = 0; i < r->nMeta; i++) {
    buf_puts(b, "- **");
    md_str(b, r->aMeta[i].zLabel, MD_HEADING);
    buf_puts(b, ":** ");
    md_cell(b, r->aMeta[i].zValue, 0);
    buf_putc(b, '\n');
  }
  int inPart = 0;
  for (int k = 0; k < r->nSection; k++) {
    const ReportSection *s = r->apSection[k];
    /* After a heading-only section (a part), sections sit one level below it. */
    if (s->nCol == 0) inPart = 1;
    buf_puts(b, s->nCol == 0 || !inPart ? "\n## " : "\n### ");
    md_str(b, s->zTitle, MD_HEADING);
    buf_putc(b, '\n');
    if (s->zNote) {
      buf_putc(b, '\n');
      md_para(b, s->zNote);
      buf_putc(b, '\n');
    }
    if (s->nCol == 0) continue; /* a heading-only section */
    buf_putc(b, '\n');
    if (s->nRow == 0) buf_puts(b, "None.\n");
    else if (s->layout == LAYOUT_RECORDS) md_records(b, s);
    else md_grid(b, s);
  }
}

/* -------------------------------------------------------------------- csv */

/* One cell as a CSV field. Text that a spreadsheet would run as a formula (it
** starts with = + - @, a tab or a carriage return) gets a leading apostrophe, as
** OWASP advises: an update typed by anyone must not execute on the committee
** clerk's machine. Numbers and dates are never text here, so "-1" stays a number. */
static void csv_cell(Buf *b, const Cell *c) {
  char tmp[CELL_TMP];
  const char *z = cell_str(c, 0, tmp);
  if (c->t == CELL_TEXT && z[0] && strchr("=+-@\t\r", z[0])) {
    Buf t = BUF_INIT;
    buf_putc(&t, '\'');
    buf_puts(&t, z);
    buf_csv_field(b, buf_cstr(&t));
    buf_free(&t);
    return;
  }
  buf_csv_field(b, z);
}

static void render_csv(const Report *r, Buf *b) {
  for (int i = 0; i < r->nMeta; i++) {
    buf_puts(b, "meta,");
    buf_csv_field(b, r->aMeta[i].zKey);
    buf_putc(b, ',');
    buf_csv_field(b, r->aMeta[i].zValue);
    buf_putc(b, '\n');
  }
  for (int k = 0; k < r->nSection; k++) {
    const ReportSection *s = r->apSection[k];
    if (k > 0 || r->nMeta > 0) buf_putc(b, '\n');
    buf_puts(b, "section");
    for (int i = 0; i < s->nCol; i++) {
      buf_putc(b, ',');
      buf_csv_field(b, s->aCol[i].zKey);
    }
    buf_putc(b, '\n');
    for (int j = 0; j < s->nRow; j++) {
      buf_csv_field(b, s->zTitle);
      for (int i = 0; i < s->nCol; i++) {
        buf_putc(b, ',');
        csv_cell(b, section_cell(s, j, i));
      }
      buf_putc(b, '\n');
    }
  }
}

/* ------------------------------------------------------------------- json */

static void json_cell(Buf *b, const Cell *c) {
  char tmp[CELL_TMP];
  switch (c->t) {
  case CELL_NULL: buf_puts(b, "null"); return;
  case CELL_TEXT: buf_json_str(b, c->z); return;
  case CELL_INT: buf_appendf(b, "%lld", c->i); return;
  case CELL_DATE: buf_json_str(b, day_fmt(c->d, DAY_ISO, tmp)); return;
  case CELL_BOOL: buf_puts(b, c->i ? "true" : "false"); return;
  case CELL_TYPE__MAX: break;
  }
  fatal("report: bad cell type %d", (int)c->t);
}

static void render_json(const Report *r, Buf *b) {
  buf_puts(b, "{\"report\":");
  buf_json_str(b, r->zKind);
  buf_puts(b, ",\"title\":");
  buf_json_str(b, r->zTitle);
  buf_puts(b, ",\"meta\":{");
  for (int i = 0; i < r->nMeta; i++) {
    if (i > 0) buf_putc(b, ',');
    buf_json_str(b, r->aMeta[i].zKey);
    buf_putc(b, ':');
    buf_json_str(b, r->aMeta[i].zValue);
  }
  buf_puts(b, "},\"sections\":[");
  for (int k = 0; k < r->nSection; k++) {
    const ReportSection *s = r->apSection[k];
    if (k > 0) buf_putc(b, ',');
    buf_puts(b, "{\"title\":");
    buf_json_str(b, s->zTitle);
    buf_puts(b, ",\"note\":");
    buf_json_str(b, s->zNote);
    buf_puts(b, ",\"columns\":[");
    for (int i = 0; i < s->nCol; i++) {
      if (i > 0) buf_putc(b, ',');
      buf_puts(b, "{\"key\":");
      buf_json_str(b, s->aCol[i].zKey);
      buf_puts(b, ",\"label\":");
      buf_json_str(b, s->aCol[i].zLabel);
      buf_putc(b, '}');
    }
    buf_puts(b, "],\"rows\":[");
    for (int j = 0; j < s->nRow; j++) {
      if (j > 0) buf_putc(b, ',');
      buf_putc(b, '{');
      for (int i = 0; i < s->nCol; i++) {
        if (i > 0) buf_putc(b, ',');
        buf_json_str(b, s->aCol[i].zKey);
        buf_putc(b, ':');
        json_cell(b, section_cell(s, j, i));
      }
      if (s->aFlag[j] & ROW_TOTAL) buf_puts(b, ",\"total\":true");
      buf_putc(b, '}');
    }
    buf_puts(b, "]}");
  }
  buf_puts(b, "]}\n");
}

/* ------------------------------------------------------------------- html */

/*
** The page's only styling. Captions are visually hidden because each table
** sits right under an <h2> of the same words; screen readers still get them.
*/
#define HTML_STYLE                                                                               \
  "<style>\n"                                                                                    \
  "body{margin:0;color:#1b1b1b;background:#fff;font-size:1rem;line-height:1.5;"                  \
  "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"            \
  "\"Noto Sans\",\"Liberation Sans\",sans-serif}\n"                                              \
  "main{max-width:75rem;margin:0 auto;padding:1.5rem 1rem 3rem}\n"                               \
  "h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}\n"                                     \
  "h2{font-size:1.35rem;line-height:1.3;margin:2rem 0 .5rem}\n"                                  \
  "h3{font-size:1.1rem;line-height:1.3;margin:1.5rem 0 .5rem}\n"                                  \
  "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem;"                 \
  "margin:0 0 1.5rem}\n"                                                                         \
  "dl.meta dt{font-weight:600}\n"                                                                \
  "dl.meta dd{margin:0}\n"                                                                       \
  "p.note{margin:0 0 .75rem;max-width:65rem}\n"                                                  \
  "table{border-collapse:collapse;width:100%;margin:0 0 1rem}\n"                                 \
  "caption{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"        \
  "clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"                                            \
  "th,td{border:1px solid #6b6b6b;padding:.3rem .5rem;text-align:left;vertical-align:top;"       \
  "overflow-wrap:anywhere}\n"                                                                    \
  "thead th{background:#eef0f3;font-weight:600;vertical-align:bottom}\n"                         \
  ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"                \
  "tr.total th,tr.total td{font-weight:700;border-top:2px solid #1b1b1b}\n"                      \
  "table.record{margin:0 0 1.5rem}\n"                                                            \
  "table.record caption{position:static;width:auto;height:auto;margin:0;overflow:visible;"       \
  "clip:auto;white-space:normal;text-align:left;font-weight:700;padding:0 0 .25rem}\n"          \
  "table.record th{width:14rem;background:#eef0f3;font-weight:600}\n"                            \
  "@media print{\n"                                                                              \
  "@page{size:A4;margin:15mm 12mm}\n"                                                            \
  "*,*::before,*::after{background:transparent!important;box-shadow:none!important;"             \
  "color:#000!important}\n"                                                                      \
  "body{font-size:10pt;line-height:1.35}\n"                                                      \
  "main{max-width:none;padding:0}\n"                                                             \
  "th,td{border-color:#000}\n"                                                                   \
  "thead{display:table-header-group}\n"                                                          \
  "tr,th,td{break-inside:avoid;page-break-inside:avoid}\n"                                       \
  "h1,h2,h3,p.note{break-after:avoid;page-break-after:avoid}\n"                                     \
  "}\n"                                                                                          \
  "</style>\n"

/* z escaped, its newlines as <br>. */
static void html_lines(Buf *b, const char *z) {
  for (;;) {
    size_t n = line_len(z);
    if (!z[n]) {
      html_esc(b, z);
      return;
    }
    char *zLine = xstrndup(z, n);
    html_esc(b, zLine);
    free(zLine);
    html_raw(b, "<br>");
    z += n + 1;
  }
}

static void html_cell_content(Buf *b, const Cell *c) {
  char tmp[CELL_TMP], tmp2[CELL_TMP];
  if (c->t == CELL_DATE) {
    html_appendf(b, "<time datetime=\"%s\">%s</time>", day_fmt(c->d, DAY_ISO, tmp),
                 day_fmt(c->d, DAY_UK, tmp2));
  } else if (c->t == CELL_TEXT) {
    html_lines(b, c->z);
  } else {
    html_esc(b, cell_str(c, 1, tmp));
  }
}

/* A records section: one two-column table per row (label, value), captioned by
** the row's first two values ("ID 5: Payroll"), empty values left out. A row of
** nineteen long columns is unreadable as one wide table. */
static void html_records(Buf *b, const ReportSection *s) {
  char tmp[CELL_TMP];
  for (int j = 0; j < s->nRow; j++) {
    html_raw(b, "<table class=\"record\">\n<caption>");
    html_esc(b, s->aCol[0].zLabel);
    html_raw(b, " ");
    html_esc(b, cell_str(section_cell(s, j, 0), 1, tmp));
    if (s->nCol > 1 && section_cell(s, j, 1)->t != CELL_NULL) {
      const char *z = cell_str(section_cell(s, j, 1), 1, tmp);
      size_t n = strcspn(z, "\n");
      html_raw(b, ": ");
      char *zFirst = xstrndup(z, n);
      html_esc(b, zFirst);
      free(zFirst);
    }
    html_raw(b, "</caption>\n<tbody>\n");
    for (int i = 0; i < s->nCol; i++) {
      const Cell *c = section_cell(s, j, i);
      if (c->t == CELL_NULL) continue;
      html_raw(b, "<tr><th scope=\"row\">");
      html_lines(b, s->aCol[i].zLabel);
      html_raw(b, "</th><td>");
      html_cell_content(b, c);
      html_raw(b, "</td></tr>\n");
    }
    html_raw(b, "</tbody>\n</table>\n");
  }
}

/* level: 2, or 3 for a section inside a part (after a heading-only section). */
static void html_section(Buf *b, const ReportSection *s, int iSec, int level) {
  html_appendf(b, "<section aria-labelledby=\"sec%d\">\n<h%d id=\"sec%d\">", iSec, level, iSec);
  html_esc(b, s->zTitle);
  html_appendf(b, "</h%d>\n", level);
  if (s->zNote) {
    html_raw(b, "<p class=\"note\">");
    html_lines(b, s->zNote);
    html_raw(b, "</p>\n");
  }
  if (s->nCol == 0) {
    html_raw(b, "</section>\n");
    return;
  }
  if (s->nRow == 0) {
    html_raw(b, "<p>None.</p>\n</section>\n");
    return;
  }
  if (s->layout == LAYOUT_RECORDS) {
    html_records(b, s);
    html_raw(b, "</section>\n");
    return;
  }
  int *aNum = xcalloc((size_t)s->nCol, sizeof(int));
  for (int i = 0; i < s->nCol; i++) aNum[i] = section_col_numeric(s, i);
  html_raw(b, "<table>\n<caption>");
  html_esc(b, s->zTitle);
  html_raw(b, "</caption>\n<thead><tr>");
  for (int i = 0; i < s->nCol; i++) {
    if (aNum[i]) html_raw(b, "<th scope=\"col\" class=\"num\">");
    else html_raw(b, "<th scope=\"col\">");
    html_lines(b, s->aCol[i].zLabel);
    html_raw(b, "</th>");
  }
  html_raw(b, "</tr></thead>\n<tbody>\n");
  for (int j = 0; j < s->nRow; j++) {
    int bTotal = (s->aFlag[j] & ROW_TOTAL) != 0;
    if (bTotal) html_raw(b, "<tr class=\"total\">");
    else html_raw(b, "<tr>");
    for (int i = 0; i < s->nCol; i++) {
      const char *zTag = bTotal && i == 0 ? "th" : "td";
      html_appendf(b, "<%s", zTag);
      if (bTotal && i == 0) html_raw(b, " scope=\"row\"");
      if (aNum[i]) html_raw(b, " class=\"num\"");
      html_raw(b, ">");
      html_cell_content(b, section_cell(s, j, i));
      html_appendf(b, "</%s>", zTag);
    }
    html_raw(b, "</tr>\n");
  }
  html_raw(b, "</tbody>\n</table>\n</section>\n");
  free(aNum);
}

static void render_html(const Report *r, Buf *b) {
  html_raw(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>");
  html_esc(b, r->zTitle);
  html_raw(b, "</title>\n" HTML_STYLE "</head>\n<body>\n<main>\n<h1>");
  html_esc(b, r->zTitle);
  html_raw(b, "</h1>\n");
  if (r->nMeta > 0) {
    html_raw(b, "<dl class=\"meta\">\n");
    for (int i = 0; i < r->nMeta; i++) {
      html_raw(b, "<dt>");
      html_esc(b, r->aMeta[i].zLabel);
      html_raw(b, "</dt><dd>");
      html_lines(b, r->aMeta[i].zValue);
      html_raw(b, "</dd>\n");
    }
    html_raw(b, "</dl>\n");
  }
  int inPart = 0;
  for (int k = 0; k < r->nSection; k++) {
    if (r->apSection[k]->nCol == 0) inPart = 1;
    html_section(b, r->apSection[k], k + 1, inPart && r->apSection[k]->nCol ? 3 : 2);
  }
  html_raw(b, "</main>\n</body>\n</html>\n");
}

/* -------------------------------------------------------------- dispatch */

/* What report_section checks, again for columns a builder assigned itself; and a full last row. */
static void section_check(const ReportSection *s) {
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

void report_render(const Report *r, ReportFormat fmt, Buf *out) {
  for (int k = 0; k < r->nSection; k++) section_check(r->apSection[k]);
  switch (fmt) {
  case FMT_TEXT: render_text(r, out); return;
  case FMT_MD: render_md(r, out); return;
  case FMT_CSV: render_csv(r, out); return;
  case FMT_JSON: render_json(r, out); return;
  case FMT_HTML: render_html(r, out); return;
  case FMT_PDF: {
    Buf err = BUF_INIT;
    if (report_render_pdf(r, out, &err)) fatal("%s", buf_cstr(&err));
    buf_free(&err);
    return;
  }
  case FMT_XLSX: {
    Buf err = BUF_INIT;
    if (report_render_xlsx(r, 0, out, &err)) fatal("%s", buf_cstr(&err));
    buf_free(&err);
    return;
  }
  case REPORT_FORMAT__MAX: break;
  }
  fatal("report_render: bad format %d", (int)fmt);
}

/* ------------------------------------------------------ single sections */

void report_section_col(ReportSection *s, const char *zKey, const char *zLabel) {
  if (s->nRow) fatal("report_section_col \"%s\": the section already has rows", s->zTitle);
  if (!zKey || !zLabel) fatal("report_section_col \"%s\": a key and a label are required", s->zTitle);
  s->aCol = xrealloc(s->aCol, sizeof(s->aCol[0]) * (size_t)(s->nCol + 1));
  s->aCol[s->nCol].zKey = str_clean(zKey);
  s->aCol[s->nCol].zLabel = str_clean(zLabel);
  s->nCol++;
  section_check(s);
}

void report_render_rows_json(const ReportSection *s, Buf *out) {
  section_check(s);
  buf_putc(out, '[');
  for (int j = 0; j < s->nRow; j++) {
    buf_puts(out, j ? ",\n{" : "\n{");
    for (int i = 0; i < s->nCol; i++) {
      if (i) buf_putc(out, ',');
      buf_json_str(out, s->aCol[i].zKey);
      buf_putc(out, ':');
      json_cell(out, section_cell(s, j, i));
    }
    buf_putc(out, '}');
  }
  buf_puts(out, "\n]\n");
}

void report_render_rows_csv(const ReportSection *s, Buf *out) {
  section_check(s);
  for (int i = 0; i < s->nCol; i++) {
    if (i) buf_putc(out, ',');
    buf_csv_field(out, s->aCol[i].zKey);
  }
  buf_putc(out, '\n');
  for (int j = 0; j < s->nRow; j++) {
    for (int i = 0; i < s->nCol; i++) {
      if (i) buf_putc(out, ',');
      csv_cell(out, section_cell(s, j, i));
    }
    buf_putc(out, '\n');
  }
}
