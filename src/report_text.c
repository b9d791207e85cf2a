/*
** report_text.c: the renderers of a Report as plain text, Markdown, CSV and JSON,
** and of one section as JSON or CSV rows (`rec list`).
**
** Renderers are pure: a Report in, bytes appended to the caller's Buf out; they
** rely on the model's cleaner for valid UTF-8. Not for: building or checking the
** model (report.c), HTML (report_html.c), PDF or XLSX (report_pdf.c, report_xlsx.c).
*/
#include "markup.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- widths */

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
  size_t *aWidth;  /* per column, in code points */
  int *aNum;       /* per column: right-align */
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
    g.aNum[i] = report_col_numeric(s, i);
    g.aWidth[i] = text_width(s->aCol[i].zLabel);
    for (int j = 0; j < s->nRow; j++) {
      size_t w = text_width(report_cell_str(report_cell(s, j, i), 1, aTmp));
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
      azRow[i] = report_cell_str(report_cell(s, j, i), 1, aTmp + (size_t)i * CELL_TMP);
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
      if (!report_record_shows(s, j, i)) continue;
      text_labelled(b, s->aCol[i].zLabel, report_cell_str(report_cell(s, j, i), 1, tmp));
    }
  }
}

void report_render_text(const Report *r, Buf *out) {
  Buf b = BUF_INIT;
  text_heading(&b, r->zTitle, '=');
  char z[DAY_FMT_MAX];
  for (int i = 0; i < r->nMeta; i++)
    text_labelled(&b, r->aMeta[i].zLabel, report_meta_text(&r->aMeta[i], z));
  for (int k = 0; k < r->nSection; k++) {
    const ReportSection *s = r->apSection[k];
    buf_putc(&b, '\n');
    /* A heading-only section heads a part (a pack's appendix): one level up. */
    text_heading(&b, s->zTitle, s->nCol == 0 ? '=' : '-');
    if (s->zNote) text_lines(&b, s->zNote);
    if (s->nCol == 0) continue; /* a heading-only section */
    buf_putc(&b, '\n');
    if (s->layout == LAYOUT_TEXT) {
      markup_render_plain(s->pText, &b);
      if (s->pText->nBlock) buf_putc(&b, '\n');
    } else if (s->nRow == 0)
      buf_puts(&b, "None.\n");
    else if (s->layout == LAYOUT_RECORDS)
      text_records(&b, s);
    else
      text_grid(&b, s);
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
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '<':
    case '>':
    case '|':
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
  for (int i = 0; i < s->nCol; i++) buf_puts(b, report_col_numeric(s, i) ? " ---: |" : " --- |");
  buf_putc(b, '\n');
  for (int j = 0; j < s->nRow; j++) {
    buf_putc(b, '|');
    for (int i = 0; i < s->nCol; i++) {
      buf_putc(b, ' ');
      const Markup *w = report_cell_words(s, j, i);
      if (w)
        markup_render_md_line(w, b);
      else
        md_cell(b, report_cell_str(report_cell(s, j, i), 1, tmp), s->aFlag[j] & ROW_TOTAL);
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
    const Cell *c = report_cell(s, j, 0);
    buf_puts(b, "### ");
    if (c->t == CELL_NULL || (c->t == CELL_TEXT && c->z[strspn(c->z, " \n")] == 0)) {
      buf_appendf(b, "Row %d", j + 1);
    } else {
      md_str(b, report_cell_str(c, 1, tmp), MD_HEADING);
    }
    buf_puts(b, "\n");
    if (s->nCol > 1) buf_putc(b, '\n');
    for (int i = 1; i < s->nCol; i++) {
      if (report_cell_blank(report_cell(s, j, i))) continue;
      buf_puts(b, "- **");
      md_str(b, s->aCol[i].zLabel, MD_HEADING);
      buf_puts(b, ":**");
      const char *z = report_cell_str(report_cell(s, j, i), 1, tmp);
      if (*z) buf_putc(b, ' ');
      md_cell(b, z, 0);
      buf_putc(b, '\n');
    }
  }
}

void report_render_md(const Report *r, Buf *b) {
  buf_puts(b, "# ");
  md_str(b, r->zTitle, MD_HEADING);
  buf_putc(b, '\n');
  if (r->nMeta > 0) buf_putc(b, '\n');
  for (int i = 0; i < r->nMeta; i++) {
    buf_puts(b, "- **");
    md_str(b, r->aMeta[i].zLabel, MD_HEADING);
    buf_puts(b, ":** ");
    char z[DAY_FMT_MAX];
    md_cell(b, report_meta_text(&r->aMeta[i], z), 0);
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
    if (s->layout == LAYOUT_TEXT)
      markup_render_md(s->pText, b);
    else if (s->nRow == 0)
      buf_puts(b, "None.\n");
    else if (s->layout == LAYOUT_RECORDS)
      md_records(b, s);
    else
      md_grid(b, s);
  }
}

/* -------------------------------------------------------------------- csv */

/* One cell as a CSV field. Text that a spreadsheet would run as a formula (it
** starts with = + - @, a tab or a carriage return) gets a leading apostrophe, as
** OWASP advises: an update typed by anyone must not execute on the committee
** clerk's machine. Numbers and dates are never text here, so "-1" stays a number. */
static void csv_cell(Buf *b, const Cell *c) {
  char tmp[CELL_TMP];
  const char *z = report_cell_str(c, 0, tmp);
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

void report_render_csv(const Report *r, Buf *b) {
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
        csv_cell(b, report_cell(s, j, i));
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

void report_render_json(const Report *r, Buf *b) {
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
        json_cell(b, report_cell(s, j, i));
      }
      if (s->aFlag[j] & ROW_TOTAL) buf_puts(b, ",\"total\":true");
      buf_putc(b, '}');
    }
    buf_puts(b, "]}");
  }
  buf_puts(b, "]}\n");
}

/* ------------------------------------------------------ single sections */

void report_render_rows_json(const ReportSection *s, Buf *out) {
  report_section_check(s);
  buf_putc(out, '[');
  for (int j = 0; j < s->nRow; j++) {
    buf_puts(out, j ? ",\n{" : "\n{");
    for (int i = 0; i < s->nCol; i++) {
      if (i) buf_putc(out, ',');
      buf_json_str(out, s->aCol[i].zKey);
      buf_putc(out, ':');
      json_cell(out, report_cell(s, j, i));
    }
    buf_putc(out, '}');
  }
  buf_puts(out, "\n]\n");
}

void report_render_rows_csv(const ReportSection *s, Buf *out) {
  report_section_check(s);
  for (int i = 0; i < s->nCol; i++) {
    if (i) buf_putc(out, ',');
    buf_csv_field(out, s->aCol[i].zKey);
  }
  buf_putc(out, '\n');
  for (int j = 0; j < s->nRow; j++) {
    for (int i = 0; i < s->nCol; i++) {
      if (i) buf_putc(out, ',');
      csv_cell(out, report_cell(s, j, i));
    }
    buf_putc(out, '\n');
  }
}
