/*
** report_pdf.c: a Report typeset as an A4 PDF with cairo and pango.
**
** The document is a cover page (title, organisation, as-at date and the report's
** statements) and a contents list, or for an annex (Report.noCover) a title block atop
** the first page, then each section: its heading and note, a chart where the section
** carries a chart hint, and its table (a grid whose header row is repeated on every page
** it continues onto, its widths from report_pdf_width.c) or its records (one boxed block
** per row of the fields that have a value, never split unless taller than a page).
** Every page ends "Page N of M".
**
** Layout runs twice over the same code: a measuring pass that draws nothing and
** learns the page count and where each section starts, then the drawing pass, which
** therefore knows M and the contents' page numbers. Figures, statuses and ratings are
** printed as the text the Report holds; charts use patterns, markers and labels as
** well as colour. Not for: deciding what a report says (report_build.c) or other
** formats (report_text.c, report_html.c, report_xlsx.c), nor drawing the charts
** (report_pdf_chart.c) or adding /Lang, which cairo 1.16 cannot set, after cairo has
** finished (report_pdf_lang.c).
*/
#include "markup.h"
#include "report_pdf.h"

#include "report_chart.h"

#include <cairo-pdf.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const azFont[] = {
    [F_BODY] = FONT " 9.5",      [F_BOLD] = FONT " Bold 9.5",
    [F_CELL] = FONT " 8.5",      [F_CELL_BOLD] = FONT " Bold 8.5",
    [F_SMALL] = FONT " 7.5",     [F_H1] = FONT " Bold 16",
    [F_H2] = FONT " Bold 12.5",  [F_PART] = FONT " Bold 18",
    [F_TITLE] = FONT " Bold 24", [F_SUB] = FONT " 14",
};
_Static_assert(sizeof(azFont) / sizeof(azFont[0]) == F__MAX, "one font per F_*");

/* ------------------------------------------------------------ text basics */

static PangoLayout *layout_new(Pdf *P, int font) {
  PangoLayout *L = pango_layout_new(P->ctx);
  pango_layout_set_font_description(L, P->aFd[font]);
  pango_layout_set_wrap(L, PANGO_WRAP_WORD_CHAR);
  return L;
}

/* A table cell's layout: its lines closer than a paragraph's (DejaVu Sans' own leading
** is 1.16 em; cells take 0.92 of it, about Word's single spacing), so that long
** narratives in narrow columns take fewer pages. */
PangoLayout *cell_layout_new(Pdf *P, int font) {
  PangoLayout *L = layout_new(P, font);
  pango_layout_set_line_spacing(L, CELL_LEADING);
  return L;
}

/* Set L to z at font, wrapped in width w (0: unwrapped); return its height in points. */
double layout_set(Pdf *P, PangoLayout *L, int font, const char *z, double w) {
  pango_layout_set_font_description(L, P->aFd[font]);
  pango_layout_set_width(L, w > 0 ? (int)(w * PANGO_SCALE) : -1);
  pango_layout_set_attributes(L, 0); /* a words cell's bold must not outlive its text */
  pango_layout_set_text(L, z, -1);
  int lw, lh;
  pango_layout_get_size(L, &lw, &lh);
  return (double)lh / PANGO_SCALE;
}

/*
** A table cell's height: as layout_set, but in the measuring pass a short line of plain
** ASCII (which no glyph of DejaVu Sans wider than 1.2 em could wrap) is one line tall
** without being shaped: most cells are such, and shaping is the bulk of the cost. L is
** then left as it was, so callers use the returned height, not L, until the drawing pass.
*/
static double cell_height(Pdf *P, PangoLayout *L, int font, const char *z, double w) {
  if (!P->draw && cell_is_short(P, font, z, w)) return P->aLineH[font];
  return layout_set(P, L, font, z, w);
}

double layout_width(PangoLayout *L) {
  int lw, lh;
  pango_layout_get_size(L, &lw, &lh);
  return (double)lw / PANGO_SCALE;
}

void layout_show(Pdf *P, PangoLayout *L, double x, double y) {
  if (!P->draw) return;
  cairo_move_to(P->cr, x, y);
  pango_cairo_show_layout(P->cr, L);
}

/* Draw the lines of L whose bottoms lie in (from, to] (layout coordinates), the line
** after `from` placed at page position y. Lines are told by their bottoms, here and in
** layout_cut, because table cells set lines closer than their height, so that a line's
** top lies above the previous one's bottom: by its top, a line at a cut would be drawn
** on the page before, below the row's border. */
static void layout_show_range(Pdf *P, PangoLayout *L, double x, double y, double from, double to) {
  if (!P->draw) return;
  PangoLayoutIter *it = pango_layout_get_iter(L);
  do {
    int y0, y1;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    double bot = (double)y1 / PANGO_SCALE;
    if (bot <= from + 0.01) continue;
    if (bot > to + 0.01) break;
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, 0, &log);
    double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
    cairo_move_to(P->cr, x + (double)log.x / PANGO_SCALE, y + base - from);
    pango_cairo_show_layout_line(P->cr, pango_layout_iter_get_line_readonly(it));
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

/* The last line boundary of L at or before from + h, beyond from; from when even the
** first line after from is taller than h. */
static double layout_cut(PangoLayout *L, double from, double h) {
  double cut = from;
  PangoLayoutIter *it = pango_layout_get_iter(L);
  do {
    int y0, y1;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    double bot = (double)y1 / PANGO_SCALE;
    (void)y0;
    if (bot <= from + 0.01) continue;
    if (bot > from + h) break;
    cut = bot;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return cut;
}

void set_rgb(Pdf *P, unsigned rgb) {
  cairo_set_source_rgb(P->cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0,
                       (rgb & 255) / 255.0);
}

void fill_rect(Pdf *P, double x, double y, double w, double h, unsigned rgb) {
  if (!P->draw) return;
  set_rgb(P, rgb);
  cairo_rectangle(P->cr, x, y, w, h);
  cairo_fill(P->cr);
  cairo_set_source_rgb(P->cr, 0, 0, 0);
}

void hline(Pdf *P, double x0, double x1, double y, double lw, unsigned rgb) {
  if (!P->draw) return;
  set_rgb(P, rgb);
  cairo_set_line_width(P->cr, lw);
  cairo_move_to(P->cr, x0, y);
  cairo_line_to(P->cr, x1, y);
  cairo_stroke(P->cr);
  cairo_set_source_rgb(P->cr, 0, 0, 0);
}

void stroke_rect(Pdf *P, double x, double y, double w, double h, unsigned rgb) {
  if (!P->draw) return;
  set_rgb(P, rgb);
  cairo_set_line_width(P->cr, 0.5);
  cairo_rectangle(P->cr, x, y, w, h);
  cairo_stroke(P->cr);
  cairo_set_source_rgb(P->cr, 0, 0, 0);
}

/* Structure tags (cairo 1.16: any name but the link and destination tags is a structure
** element, and using one makes the document a tagged PDF), in the drawing pass only. */
static void tag_begin(Pdf *P, const char *zTag) {
  if (P->draw) cairo_tag_begin(P->cr, zTag, "");
}

static void tag_end(Pdf *P, const char *zTag) {
  if (P->draw) cairo_tag_end(P->cr, zTag);
}

/* A cell's tag; a header cell's scope ('C' column, 'R' row) noted for the finished file. */
static void th_begin(Pdf *P, const char *zTag, char scope) {
  tag_begin(P, zTag);
  if (P->draw && !strcmp(zTag, "TH")) buf_putc(&P->scope, scope);
}

/* ------------------------------------------------------------------ pages */

static void page_footer(Pdf *P) {
  if (!P->draw) return;
  char z[64];
  hline(P, MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN + 2, 0.4, 0x999999);
  snprintf(z, sizeof z, "Page %d of %d", P->page, P->nPage);
  double h = layout_set(P, P->L, F_SMALL, z, 0);
  layout_show(P, P->L, PAGE_W - MARGIN - layout_width(P->L), PAGE_H - MARGIN + 5);
  (void)h;
  const char *zOrg = report_meta_value(P->r, "organisation");
  Buf b = BUF_INIT;
  buf_puts(&b, P->r->zTitle);
  if (zOrg) buf_appendf(&b, " \xE2\x80\x94 %s", zOrg);
  pango_layout_set_ellipsize(P->L, PANGO_ELLIPSIZE_END);
  layout_set(P, P->L, F_SMALL, buf_cstr(&b), TEXT_W - 80);
  layout_show(P, P->L, MARGIN, PAGE_H - MARGIN + 5);
  pango_layout_set_ellipsize(P->L, PANGO_ELLIPSIZE_NONE);
  buf_free(&b);
}

static void page_new(Pdf *P) {
  page_footer(P);
  if (P->draw) cairo_show_page(P->cr);
  P->page++;
  P->y = BODY_TOP;
}

/* Start a new page unless h more points fit on this one. */
void page_need(Pdf *P, double h) {
  if (P->y + h > BODY_BOTTOM && P->y > BODY_TOP) page_new(P);
}

/* Laid-out text L, h points tall, at the flow position as structure element zTag, split
** across pages if it must be. */
static void para_flow(Pdf *P, PangoLayout *L, const char *zTag, double h, double x, double after) {
  double from = 0;
  tag_begin(P, zTag);
  while (from < h) {
    if (P->y + (h - from) <= BODY_BOTTOM) {
      layout_show_range(P, L, x, P->y, from, h + 1);
      P->y += h - from;
      break;
    }
    double cut = layout_cut(L, from, BODY_BOTTOM - P->y);
    if (cut <= from) {
      if (P->y == BODY_TOP) {
        cut = layout_cut(L, from, 1e9); /* a line taller than a page */
        if (cut <= from) cut = h;       /* no line starts below from */
      } else {
        page_new(P);
        continue;
      }
    }
    layout_show_range(P, L, x, P->y, from, cut);
    from = cut;
    page_new(P);
  }
  tag_end(P, zTag);
  P->y += after;
}

/* A paragraph at the flow position, split across pages if it must be. */
static void para(Pdf *P, int font, const char *z, double x, double w, double after) {
  double h = layout_set(P, P->L, font, z, w);
  const char *zTag = font == F_TITLE || font == F_PART || font == F_H1 ? "H1"
                     : font == F_H2                                    ? "H2"
                                                                       : "P";
  para_flow(P, P->L, zTag, h, x, after);
}

/*
** The words of a text part: each block as Pango markup (markup.c escapes every text, so
** what was typed is never read as markup) in a layout of its own, since attributes would
** outlive the text in the shared one; headings bold (H3), items indented under their
** bullet or number (LI). A heading stays with the block after it.
*/
static void words(Pdf *P, const Markup *m) {
  Buf b = BUF_INIT;
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    int head = k->kind == MB_H1 || k->kind == MB_H2, item = !head && k->kind != MB_PARA;
    buf_reset(&b);
    if (k->kind == MB_BULLET) buf_puts(&b, "\xE2\x80\xA2\t");
    if (k->kind == MB_NUMBER) buf_appendf(&b, "%d.\t", k->num);
    if (head) buf_puts(&b, "<b>");
    markup_block_pango(k, &b);
    if (head) buf_puts(&b, "</b>");
    PangoLayout *L = layout_new(P, F_BODY);
    double w = TEXT_W - (item ? 18 : 0);
    pango_layout_set_width(L, (int)(w * PANGO_SCALE));
    if (item) pango_layout_set_indent(L, -18 * PANGO_SCALE);
    if (item) {
      PangoTabArray *t = pango_tab_array_new_with_positions(1, 1, PANGO_TAB_LEFT, 18);
      pango_layout_set_tabs(L, t);
      pango_tab_array_free(t);
    }
    pango_layout_set_markup(L, buf_cstr(&b), -1);
    int lw, lh;
    pango_layout_get_size(L, &lw, &lh);
    double h = (double)lh / PANGO_SCALE;
    if (head) page_need(P, h + 4 + P->aLineH[F_BODY] * 2);
    para_flow(P, L,
              head   ? "H3"
              : item ? "LI"
                     : "P",
              h, MARGIN + (item ? 18 : 0),
              head   ? 4
              : item ? 3
                     : 7);
    g_object_unref(L);
  }
  buf_free(&b);
}

/* ------------------------------------------------------------------- cover */

static void cover(Pdf *P) {
  const Report *r = P->r;
  P->y = BODY_TOP + 120;
  para(P, F_TITLE, r->zTitle, MARGIN, TEXT_W, 18);
  const char *zOrg = report_meta_value(r, "organisation");
  if (zOrg) para(P, F_SUB, zOrg, MARGIN, TEXT_W, 6);
  /* The meeting the paper is for, when the report is made for a reporting cycle. */
  const char *zCycle = report_meta_value(r, "cycle");
  if (zCycle) para(P, F_SUB, zCycle, MARGIN, TEXT_W, 6);
  for (int i = 0; i < r->nMeta; i++) {
    if (strcmp(r->aMeta[i].zKey, "as_at") != 0) continue;
    Buf b = BUF_INIT;
    char z[DAY_FMT_MAX];
    buf_appendf(&b, "%s %s", r->aMeta[i].zLabel, report_meta_text(&r->aMeta[i], z));
    para(P, F_SUB, buf_cstr(&b), MARGIN, TEXT_W, 6);
    buf_free(&b);
  }
  P->y += 24;
  hline(P, MARGIN, PAGE_W - MARGIN, P->y, 1.0, 0x1d70b8);
  P->y += 14;
  for (int i = 0; i < r->nMeta; i++) {
    const ReportMeta *m = &r->aMeta[i];
    if (!strcmp(m->zKey, "organisation") || !strcmp(m->zKey, "as_at") || !strcmp(m->zKey, "cycle"))
      continue;
    Buf b = BUF_INIT;
    char z[DAY_FMT_MAX];
    buf_appendf(&b, "%s: %s", m->zLabel, report_meta_text(m, z));
    double h = layout_set(P, P->L, F_BODY, buf_cstr(&b), TEXT_W);
    page_need(P, h < 60 ? h : 30);
    para(P, F_BODY, buf_cstr(&b), MARGIN, TEXT_W, 6);
    buf_free(&b);
  }
  page_new(P);
}

/* A title block at the top of the first page instead of a cover and contents (an annex):
** the title, the organisation, the meeting and the date on one line, the statements small. */
static void title_block(Pdf *P) {
  const Report *r = P->r;
  para(P, F_H1, r->zTitle, MARGIN, TEXT_W, 4);
  Buf b = BUF_INIT;
  const char *az[] = {report_meta_value(r, "organisation"), report_meta_value(r, "cycle")};
  for (int i = 0; i < 2; i++) {
    if (az[i]) buf_appendf(&b, "%s%s", b.n ? " \xE2\x80\x94 " : "", az[i]);
  }
  char z[DAY_FMT_MAX];
  for (int i = 0; i < r->nMeta; i++) {
    const ReportMeta *m = &r->aMeta[i];
    if (!strcmp(m->zKey, "as_at"))
      buf_appendf(&b, "%s%s %s", b.n ? " \xE2\x80\x94 " : "", m->zLabel, report_meta_text(m, z));
  }
  if (b.n) para(P, F_BOLD, buf_cstr(&b), MARGIN, TEXT_W, 4);
  for (int i = 0; i < r->nMeta; i++) {
    const ReportMeta *m = &r->aMeta[i];
    if (!strcmp(m->zKey, "organisation") || !strcmp(m->zKey, "as_at") || !strcmp(m->zKey, "cycle"))
      continue;
    buf_reset(&b);
    buf_appendf(&b, "%s: %s", m->zLabel, report_meta_text(m, z));
    para(P, F_SMALL, buf_cstr(&b), MARGIN, TEXT_W, 1);
  }
  buf_free(&b);
  P->y += 4;
  hline(P, MARGIN, PAGE_W - MARGIN, P->y, 0.8, 0x1d70b8);
  P->y += 4;
}

/* ---------------------------------------------------------------- contents */

static void contents(Pdf *P) {
  const Report *r = P->r;
  para(P, F_H1, "Contents", MARGIN, TEXT_W, 10);
  PangoLayout *N = layout_new(P, F_BODY);
  for (int k = 0; k < r->nSection; k++) {
    const ReportSection *s = r->apSection[k];
    int part = s->nCol == 0;
    double indent = part ? 0 : 14, gap = part && k > 0 ? 6 : 0;
    double h = layout_set(P, P->L, part ? F_BOLD : F_BODY, s->zTitle, TEXT_W - indent - 50);
    page_need(P, h + gap);
    if (P->y > BODY_TOP) P->y += gap;
    char z[16];
    snprintf(z, sizeof z, "%d", P->aSecPage[k]);
    layout_set(P, N, part ? F_BOLD : F_BODY, z, 0);
    if (P->draw) {
      char zDest[64];
      snprintf(zDest, sizeof zDest, "page=%d pos=[%.0f %.0f]", P->aSecPage[k], MARGIN, BODY_TOP);
      cairo_tag_begin(P->cr, CAIRO_TAG_LINK, zDest);
      layout_show(P, P->L, MARGIN + indent, P->y);
      layout_show(P, N, PAGE_W - MARGIN - layout_width(N), P->y);
      cairo_tag_end(P->cr, CAIRO_TAG_LINK);
    }
    P->y += h + 3;
  }
  g_object_unref(N);
  page_new(P);
}

/* ------------------------------------------------------------------- grids */

typedef struct Grid {
  const ReportSection *s;
  double *aW;       /* column widths, padding included */
  int *aNum;        /* right-aligned numeric columns */
  double *aH;       /* the current row's cell heights */
  PangoLayout **aL; /* one per column, reused row after row */
  double x;
  int untagged; /* a repeated header row: drawn, but not read again */
} Grid;

/* Set L to words m (a front sheet's field) as Pango markup, bold and all, wrapped in w;
** return its height. The markup is made from the words' text, escaped: nothing typed is
** read as Pango markup. The layout's attributes are replaced by the next cell's. */
static double words_cell_height(Pdf *P, PangoLayout *L, int font, const Markup *m, double w) {
  Buf b = BUF_INIT;
  markup_render_pango(m, &b);
  pango_layout_set_font_description(L, P->aFd[font]);
  pango_layout_set_width(L, w > 0 ? (int)(w * PANGO_SCALE) : -1);
  pango_layout_set_markup(L, buf_cstr(&b), -1);
  buf_free(&b);
  int lw, lh;
  pango_layout_get_size(L, &lw, &lh);
  return (double)lh / PANGO_SCALE;
}

/* Set each column's layout to row j's cells (j < 0: the header); return the row's height. */
static double grid_row_set(Pdf *P, Grid *g, int j) {
  const ReportSection *s = g->s;
  double h = 0;
  char tmp[CELL_TMP];
  int font = j < 0 || s->aFlag[j] == ROW_TOTAL ? F_CELL_BOLD : F_CELL;
  for (int i = 0; i < s->nCol; i++) {
    const char *z = j < 0 ? s->aCol[i].zLabel : report_cell_str(report_cell(s, j, i), 1, tmp);
    const Markup *w = j < 0 ? 0 : report_cell_words(s, j, i);
    pango_layout_set_alignment(g->aL[i], g->aNum[i] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    double ch = g->aH[i] = w ? words_cell_height(P, g->aL[i], font, w, g->aW[i] - 2 * PAD_X)
                             : cell_height(P, g->aL[i], font, z, g->aW[i] - 2 * PAD_X);
    if (ch > h) h = ch;
  }
  return h + 2 * PAD_Y;
}

/* Draw the row set in the layouts, h tall, at the flow position: lines [from, to) of
** it, all of it when to is 1e9 or more. */
static void grid_row_show(Pdf *P, Grid *g, double h, double from, double to, int header,
                          int total) {
  double x = g->x, tw = 0;
  for (int i = 0; i < g->s->nCol; i++) tw += g->aW[i];
  if (header) fill_rect(P, x, P->y, tw, h, 0xe6e6e6);
  if (total) hline(P, x, x + tw, P->y, 0.9, 0x000000);
  const char *zCell = header ? "TH" : "TD";
  if (!g->untagged) tag_begin(P, "TR");
  for (int i = 0; i < g->s->nCol; i++) {
    if (!g->untagged) th_begin(P, zCell, 'C');
    if (from == 0 && to >= 1e8)
      layout_show(P, g->aL[i], x + PAD_X, P->y + PAD_Y);
    else
      layout_show_range(P, g->aL[i], x + PAD_X, P->y + PAD_Y, from, to);
    if (!g->untagged) tag_end(P, zCell);
    x += g->aW[i];
  }
  if (!g->untagged) tag_end(P, "TR");
  hline(P, g->x, g->x + tw, P->y + h, header ? 0.8 : 0.3, header ? 0x000000 : 0xaaaaaa);
  P->y += h;
}

static void cont_heading(Pdf *P, const ReportSection *s) {
  Buf b = BUF_INIT;
  buf_appendf(&b, "%s (continued)", s->zTitle);
  para(P, F_BOLD, buf_cstr(&b), MARGIN, TEXT_W, 4);
  buf_free(&b);
}

/* The header row, set by grid_row_set(-1) and hh tall, under "(continued)" if cont. */
static void grid_header(Pdf *P, Grid *g, double hh, int cont) {
  if (cont) cont_heading(P, g->s);
  g->untagged = cont;
  grid_row_show(P, g, hh, 0, 1e9, 1, 0);
  g->untagged = 0;
}

static void grid(Pdf *P, const ReportSection *s) {
  Grid g = {s,
            xcalloc((size_t)s->nCol, sizeof(double)),
            xcalloc((size_t)s->nCol, sizeof(int)),
            xcalloc((size_t)s->nCol, sizeof(double)),
            xcalloc((size_t)s->nCol, sizeof(PangoLayout *)),
            MARGIN,
            0};
  for (int i = 0; i < s->nCol; i++) g.aL[i] = cell_layout_new(P, F_CELL);
  grid_widths(P, s, g.aW, g.aNum);
  double hh = grid_row_set(P, &g, -1);
  double h1 = s->nRow ? grid_row_set(P, &g, 0) : 0;
  page_need(P, hh + (h1 < 60 ? h1 : 60));
  grid_row_set(P, &g, -1);
  tag_begin(P, "Table");
  grid_header(P, &g, hh, 0);
  for (int j = 0; j < s->nRow; j++) {
    int total = s->aFlag[j] == ROW_TOTAL && (j == 0 || s->aFlag[j - 1] != ROW_TOTAL);
    double h = grid_row_set(P, &g, j);
    if (P->y + h <= BODY_BOTTOM) {
      grid_row_show(P, &g, h, 0, 1e9, 0, total);
      continue;
    }
    /* A tall row (long narratives) starts here and continues on the next page rather than
    ** leave a third of this one empty; a short one moves whole to the next page. */
    int split = h > 40 && BODY_BOTTOM - P->y >= 40;
    if (h <= BODY_H - hh - 30 && !split) { /* fits on a fresh page under the repeated header */
      page_new(P);
      grid_row_set(P, &g, -1);
      grid_header(P, &g, hh, 1);
      grid_row_set(P, &g, j);
      grid_row_show(P, &g, h, 0, 1e9, 0, total);
      continue;
    }
    /* Taller than a page: split at line boundaries of its tallest cell. */
    int iTall = 0;
    double tall = 0;
    for (int i = 0; i < s->nCol; i++) {
      if (g.aH[i] > tall) tall = g.aH[i], iTall = i;
    }
    double from = 0;
    while (from < tall) {
      double cut = layout_cut(g.aL[iTall], from, BODY_BOTTOM - P->y - 2 * PAD_Y);
      if (cut <= from && P->y > BODY_TOP + hh + 30) { /* not a line's room left here */
        page_new(P);
        grid_row_set(P, &g, -1);
        grid_header(P, &g, hh, 1);
        grid_row_set(P, &g, j);
        continue;
      }
      if (cut <= from) cut = layout_cut(g.aL[iTall], from, 1e9); /* a line taller than a page */
      if (cut <= from) cut = tall; /* no line starts below from: the rest is leading */
      double ph = (cut < tall ? cut : tall) - from + 2 * PAD_Y;
      if (cut >= tall) cut = 1e9;
      grid_row_show(P, &g, ph, from, cut, 0, total && from == 0);
      if (cut >= 1e8) break;
      from = cut;
      page_new(P);
      grid_row_set(P, &g, -1);
      grid_header(P, &g, hh, 1);
      grid_row_set(P, &g, j);
    }
  }
  tag_end(P, "Table");
  for (int i = 0; i < s->nCol; i++) g_object_unref(g.aL[i]);
  free(g.aL);
  free(g.aH);
  free(g.aNum);
  free(g.aW);
}

/* ----------------------------------------------------------------- records */

/* The records layout's label column: as wide as its widest label, at most 30% of the text. */
static double records_label_w(Pdf *P, const ReportSection *s) {
  double labW = 0;
  for (int i = 0; i < s->nCol; i++) {
    layout_set(P, P->L, F_CELL_BOLD, s->aCol[i].zLabel, 0);
    double w = layout_width(P->L);
    if (w > labW) labW = w;
  }
  labW += 2 * PAD_X + 1;
  return labW > TEXT_W * 0.3 ? TEXT_W * 0.3 : labW;
}

/* The height of row j's block in the records layout, as records() draws it. */
static double record_height(Pdf *P, const ReportSection *s, int j, double labW) {
  double total = 0, valW = TEXT_W - labW;
  char tmp[CELL_TMP];
  PangoLayout *L = cell_layout_new(P, F_CELL);
  for (int i = 0; i < s->nCol; i++) {
    if (!report_record_shows(s, j, i)) continue;
    double labH = layout_set(P, L, F_CELL_BOLD, s->aCol[i].zLabel, labW - 2 * PAD_X);
    double h =
        cell_height(P, L, F_CELL, report_cell_str(report_cell(s, j, i), 1, tmp), valW - 2 * PAD_X);
    total += (h > labH ? h : labH) + 2 * PAD_Y;
  }
  g_object_unref(L);
  return total;
}

/*
** One boxed block per row, each kept on one page unless taller than a page. With flow set
** (the section opens a part's page) the first block starts under the headings even when
** it must continue on the next page, rather than leave the headings alone on theirs.
*/
static void records(Pdf *P, const ReportSection *s, int flow) {
  int n = s->nCol;
  PangoLayout **aLab = xcalloc((size_t)n, sizeof(PangoLayout *));
  PangoLayout **aVal = xcalloc((size_t)n, sizeof(PangoLayout *));
  PangoLayout **aUse = xcalloc((size_t)n, sizeof(PangoLayout *)); /* this row's: aVal or kept */
  double *aLabH = xcalloc((size_t)n, sizeof(double)), *aH = xcalloc((size_t)n, sizeof(double));
  double labW = records_label_w(P, s);
  for (int i = 0; i < n; i++) {
    aLab[i] = cell_layout_new(P, F_CELL_BOLD);
    aVal[i] = cell_layout_new(P, F_CELL);
  }
  double valW = TEXT_W - labW;
  for (int i = 0; i < n; i++) {
    aLabH[i] = layout_set(P, aLab[i], F_CELL_BOLD, s->aCol[i].zLabel, labW - 2 * PAD_X);
  }
  char tmp[CELL_TMP];
  for (int j = 0; j < s->nRow; j++) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      aH[i] = 0; /* a field without a value is not printed (0: not shown) */
      if (!report_record_shows(s, j, i)) continue;
      double h;
      aUse[i] = keep_cell(P, aVal[i], F_CELL, report_cell_str(report_cell(s, j, i), 1, tmp),
                          valW - 2 * PAD_X, &h);
      aH[i] = (h > aLabH[i] ? h : aLabH[i]) + 2 * PAD_Y;
      total += aH[i];
    }
    if (j > 0) P->y += 8;
    if (P->y + total > BODY_BOTTOM && total <= BODY_H - 20 && !(j == 0 && flow)) {
      page_new(P);
      cont_heading(P, s);
    }
    tag_begin(P, "Table");
    for (int i = 0; i < n; i++) {
      double h = aH[i];
      if (h == 0) continue;
      /* In a block taller than a page: a short field moves whole to the next page, a long
      ** one fills this page and continues on the next. */
      if (P->y + h > BODY_BOTTOM && (h < 50 || BODY_BOTTOM - P->y < 40)) {
        page_new(P);
        cont_heading(P, s);
      }
      if (P->y + h <= BODY_BOTTOM) {
        fill_rect(P, MARGIN, P->y, labW, h, 0xf0f0f0);
        stroke_rect(P, MARGIN, P->y, TEXT_W, h, 0x888888);
        tag_begin(P, "TR");
        th_begin(P, "TH", 'R');
        layout_show(P, aLab[i], MARGIN + PAD_X, P->y + PAD_Y);
        tag_end(P, "TH");
        tag_begin(P, "TD");
        layout_show(P, aUse[i], MARGIN + labW + PAD_X, P->y + PAD_Y);
        tag_end(P, "TD");
        tag_end(P, "TR");
        P->y += h;
        continue;
      }
      /* The value's lines across pages, the label beside the first part. */
      double vh = h - 2 * PAD_Y, from = 0;
      int first = 1;
      while (from < vh) {
        double cut = layout_cut(aUse[i], from, BODY_BOTTOM - P->y - 2 * PAD_Y);
        if (cut <= from) {
          if (P->y > BODY_TOP + 40) {
            page_new(P);
            cont_heading(P, s);
            continue;
          }
          cut = layout_cut(aUse[i], from, 1e9);
          if (cut <= from) cut = vh; /* no line starts below from: the rest is leading */
        }
        double ph = cut - from + 2 * PAD_Y;
        fill_rect(P, MARGIN, P->y, labW, ph, 0xf0f0f0);
        stroke_rect(P, MARGIN, P->y, TEXT_W, ph, 0x888888);
        tag_begin(P, "TR");
        if (first) {
          th_begin(P, "TH", 'R');
          layout_show(P, aLab[i], MARGIN + PAD_X, P->y + PAD_Y);
          tag_end(P, "TH");
        }
        tag_begin(P, "TD");
        layout_show_range(P, aUse[i], MARGIN + labW + PAD_X, P->y + PAD_Y, from, cut);
        tag_end(P, "TD");
        tag_end(P, "TR");
        P->y += ph;
        first = 0;
        from = cut;
        if (from < vh) {
          page_new(P);
          cont_heading(P, s);
        }
      }
    }
    tag_end(P, "Table");
  }
  for (int i = 0; i < n; i++) {
    g_object_unref(aLab[i]);
    g_object_unref(aVal[i]);
  }
  free(aLab);
  free(aVal);
  free(aUse);
  free(aLabH);
  free(aH);
}

/* -------------------------------------------------------------------- body */

/* The alternative text of the Figure just drawn (cairo 1.16 cannot attach it to the
** structure element: report_pdf_set_alt adds it to the finished file, in this order). */
static void figure_alt(Pdf *P, const ReportSection *s) {
  ChartData d;
  Buf b = BUF_INIT;
  buf_appendf(&b, "Chart: %s. ", s->zTitle);
  if (chart_data_init(&d, s)) {
    chart_describe(&d, &b);
    chart_data_free(&d);
  }
  P->azAlt = xrealloc(P->azAlt, sizeof(char *) * (size_t)(P->nAlt + 1));
  P->azAlt[P->nAlt++] = buf_steal(&b);
}

/* Note where section k starts; the drawing pass must find what the measuring pass did. */
static void section_page(Pdf *P, int k) {
  if (!P->draw)
    P->aSecPage[k] = P->page;
  else if (P->aSecPage[k] != P->page) {
    fatal("report_pdf: \"%s\" measured on page %d, drawn on %d", P->r->apSection[k]->zTitle,
          P->aSecPage[k], P->page);
  }
}

static void section(Pdf *P, int k) {
  const ReportSection *s = P->r->apSection[k];
  char zDest[80];
  if (s->nCol == 0) { /* a part heading: a page of its own start, unless the part is empty */
    int empty = k + 1 == P->r->nSection || P->r->apSection[k + 1]->nCol == 0;
    if (P->y > BODY_TOP && empty) { /* kept with its note ("None.") */
      double h = layout_set(P, P->L, F_PART, s->zTitle, TEXT_W) + 8;
      if (s->zNote) h += layout_set(P, P->L, F_BODY, s->zNote, TEXT_W) + 10;
      P->y += 14;
      page_need(P, h);
    } else if (P->y > BODY_TOP)
      page_new(P);
    section_page(P, k);
    if (P->draw) {
      snprintf(zDest, sizeof zDest, "page=%d pos=[%.0f %.0f]", P->page, MARGIN, P->y);
      P->outlinePart = cairo_pdf_surface_add_outline(P->surf, CAIRO_PDF_OUTLINE_ROOT, s->zTitle,
                                                     zDest, CAIRO_PDF_OUTLINE_FLAG_OPEN);
    }
    para(P, F_PART, s->zTitle, MARGIN, TEXT_W, 8);
    if (s->zNote) para(P, F_BODY, s->zNote, MARGIN, TEXT_W, 10);
    return;
  }
  double hh = layout_set(P, P->L, F_H2, s->zTitle, TEXT_W) + 6;
  if (s->zNote) hh += layout_set(P, P->L, F_BODY, s->zNote, TEXT_W) + 6;
  if (P->y > BODY_TOP) P->y += 14;
  /* The heading stays with its chart, or its first block, or else the start of its table;
  ** under a part's heading (a page of its own start) it stays there. */
  int flow = k > 0 && P->r->apSection[k - 1]->nCol == 0 && P->aSecPage[k - 1] == P->page;
  double keep = s->nRow && s->chart != CHART_NONE ? chart_height(P, s, 0) : 0;
  if (keep <= 0 && s->nRow && s->layout == LAYOUT_RECORDS && !flow) {
    keep = record_height(P, s, 0, records_label_w(P, s));
    if (hh + keep > BODY_H - 20) keep = 0;
  }
  if (!flow) page_need(P, hh + (keep > 0 ? keep : 70));
  section_page(P, k);
  if (P->draw) {
    snprintf(zDest, sizeof zDest, "page=%d pos=[%.0f %.0f]", P->page, MARGIN, P->y);
    cairo_pdf_surface_add_outline(P->surf, P->outlinePart, s->zTitle, zDest, 0);
  }
  para(P, F_H2, s->zTitle, MARGIN, TEXT_W, 6);
  if (s->zNote) para(P, F_BODY, s->zNote, MARGIN, TEXT_W, 6);
  if (s->layout == LAYOUT_TEXT) {
    words(P, s->pText);
    return;
  }
  if (s->nRow == 0) {
    para(P, F_BODY, "None.", MARGIN, TEXT_W, 4);
    return;
  }
  if (s->chart != CHART_NONE && chart_height(P, s, 0) > 0) {
    tag_begin(P, "Figure");
    chart(P, s);
    tag_end(P, "Figure");
    if (P->draw) figure_alt(P, s);
  }
  if (s->layout == LAYOUT_RECORDS)
    records(P, s, flow);
  else
    grid(P, s);
}

static void document(Pdf *P) {
  P->page = 1;
  P->y = BODY_TOP;
  P->outlinePart = CAIRO_PDF_OUTLINE_ROOT;
  tag_begin(P, "Document");
  if (P->r->noCover) {
    title_block(P);
  } else {
    cover(P);
    contents(P);
  }
  for (int k = 0; k < P->r->nSection; k++) section(P, k);
  tag_end(P, "Document");
  page_footer(P);
  if (P->draw) cairo_show_page(P->cr);
  if (P->draw && P->page != P->nPage) {
    fatal("report_pdf: %d pages measured, %d drawn", P->nPage, P->page);
  }
}

/* ----------------------------------------------------------------- driver */

static cairo_status_t write_buf(void *pArg, const unsigned char *z, unsigned int n) {
  buf_append((Buf *)pArg, z, n);
  return CAIRO_STATUS_SUCCESS;
}

/* "15/02/2022" -> "2022-02-15T00:00:00"; anything else a fixed date, so the bytes
** depend on the report alone. */
static void create_date(const char *zAsAt, char *z, size_t n) {
  int d, m, y;
  if (zAsAt && sscanf(zAsAt, "%2d/%2d/%4d", &d, &m, &y) == 3) {
    snprintf(z, n, "%04d-%02d-%02dT00:00:00Z", y, m, d);
  } else {
    snprintf(z, n, "2000-01-01T00:00:00Z");
  }
}

int report_render_pdf(const Report *r, Buf *out, Buf *err) {
  Buf pdf = BUF_INIT;
  Pdf P;
  memset(&P, 0, sizeof P);
  P.r = r;
  P.surf = cairo_pdf_surface_create_for_stream(write_buf, &pdf, PAGE_W, PAGE_H);
  P.cr = cairo_create(P.surf);
  P.ctx = pango_cairo_create_context(P.cr);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(P.ctx, fo);
  pango_cairo_context_set_resolution(P.ctx, 72); /* sizes in points, as the page is */
  cairo_font_options_destroy(fo);
  PangoLanguage *lang = pango_language_from_string("en-gb");
  pango_context_set_language(P.ctx, lang);
  for (int i = 0; i < F__MAX; i++) P.aFd[i] = pango_font_description_from_string(azFont[i]);
  P.L = layout_new(&P, F_BODY);
  PangoLayout *C = cell_layout_new(&P, F_CELL); /* cells' one line, at their leading */
  for (int i = 0; i < F__MAX; i++) {
    P.aLineH[i] = layout_set(&P, i == F_CELL || i == F_CELL_BOLD ? C : P.L, i, "X", 0);
    P.aEm[i] = (double)pango_font_description_get_size(P.aFd[i]) / PANGO_SCALE;
  }
  g_object_unref(C);
  P.aSecPage = xcalloc((size_t)(r->nSection ? r->nSection : 1), sizeof(int));

  const char *zOrg = report_meta_value(r, "organisation");
  char zDate[40];
  create_date(report_meta_value(r, "as_at"), zDate, sizeof zDate);
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_TITLE, r->zTitle);
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_AUTHOR,
                                 zOrg && zOrg[0] ? zOrg : "auditrack");
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_CREATOR, "auditrack");
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_CREATE_DATE, zDate);
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_MOD_DATE, zDate);

  P.draw = 0;
  keep_pass(&P);
  document(&P);
  P.nPage = P.page;
  P.draw = 1;
  keep_pass(&P);
  document(&P);
  keep_free(&P);

  g_object_unref(P.L);
  for (int i = 0; i < F__MAX; i++) pango_font_description_free(P.aFd[i]);
  g_object_unref(P.ctx);
  cairo_destroy(P.cr);
  cairo_surface_finish(P.surf);
  cairo_status_t st = cairo_surface_status(P.surf);
  cairo_surface_destroy(P.surf);
  free(P.aSecPage);
  int rc = 0;
  if (st != CAIRO_STATUS_SUCCESS) {
    rc = buf_fail(err, 1, "cannot write the PDF: %s", cairo_status_to_string(st));
  } else {
    rc = report_pdf_set_lang(&pdf, "en-GB", err);
    if (!rc) rc = report_pdf_set_attrs(&pdf, P.azAlt, P.nAlt, buf_cstr(&P.scope), err);
  }
  for (int i = 0; i < P.nAlt; i++) free(P.azAlt[i]);
  free(P.azAlt);
  buf_free(&P.scope);
  if (!rc) buf_append(out, pdf.z, pdf.n);
  buf_free(&pdf);
  return rc;
}
