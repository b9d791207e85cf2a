/*
** report_pdf.c: a Report typeset as an A4 PDF with cairo and pango.
**
** The document is a cover page (title, organisation, as-at date and the report's
** statements), a contents list, then each section: its heading and note, a chart
** where the section carries a chart hint, and its table (a grid whose header row is
** repeated on every page it continues onto) or its records (one boxed block per row,
** never split unless taller than a page). Every page ends "Page N of M".
**
** Layout runs twice over the same code: a measuring pass that draws nothing and
** learns the page count and where each section starts, then the drawing pass, which
** therefore knows M and the contents' page numbers. Figures, statuses and ratings are
** printed as the text the Report holds; charts use patterns, markers and labels as
** well as colour. Not for: deciding what a report says (report_build.c) or other
** formats (report.c). Cairo 1.16 cannot set the document language, so an incremental
** update adds /Lang to the catalog after cairo has finished (report_pdf_set_lang).
*/
#include "report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 portrait in points, 20 mm margins. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.7
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BODY_TOP MARGIN
#define BODY_BOTTOM (PAGE_H - MARGIN - 14.0) /* the footer sits below */
#define BODY_H (BODY_BOTTOM - BODY_TOP)
#define PAD_X 3.0
#define PAD_Y 2.2
#define FONT "DejaVu Sans"
#define CELL_TMP 32

enum { F_BODY, F_BOLD, F_CELL, F_CELL_BOLD, F_SMALL, F_H1, F_H2, F_PART, F_TITLE, F_SUB, F__MAX };
static const char *const azFont[] = {
    [F_BODY] = FONT " 9.5",       [F_BOLD] = FONT " Bold 9.5",   [F_CELL] = FONT " 8.5",
    [F_CELL_BOLD] = FONT " Bold 8.5", [F_SMALL] = FONT " 7.5",   [F_H1] = FONT " Bold 16",
    [F_H2] = FONT " Bold 12.5",   [F_PART] = FONT " Bold 18",    [F_TITLE] = FONT " Bold 24",
    [F_SUB] = FONT " 14",
};
_Static_assert(sizeof(azFont) / sizeof(azFont[0]) == F__MAX, "one font per F_*");

typedef struct Pdf {
  const Report *r;
  cairo_surface_t *surf;
  cairo_t *cr;
  PangoContext *ctx;
  PangoFontDescription *aFd[F__MAX];
  PangoLayout *L;   /* scratch layout for one-off paragraphs */
  int draw;         /* 0: the measuring pass, 1: the drawing pass */
  int page;         /* current page, 1-based */
  int nPage;        /* pages in the document, known in the drawing pass */
  double y;         /* next free position on the page */
  double aLineH[F__MAX], aEm[F__MAX]; /* one line's height, the font size, in points */
  int *aSecPage;    /* per section: the page its heading is on */
  int outlinePart;  /* outline id of the current part heading, or 0 */
} Pdf;

/* ------------------------------------------------------------ text basics */

static PangoLayout *layout_new(Pdf *P, int font) {
  PangoLayout *L = pango_layout_new(P->ctx);
  pango_layout_set_font_description(L, P->aFd[font]);
  pango_layout_set_wrap(L, PANGO_WRAP_WORD_CHAR);
  return L;
}

/* Set L to z at font, wrapped in width w (0: unwrapped); return its height in points. */
static double layout_set(Pdf *P, PangoLayout *L, int font, const char *z, double w) {
  pango_layout_set_font_description(L, P->aFd[font]);
  pango_layout_set_width(L, w > 0 ? (int)(w * PANGO_SCALE) : -1);
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
  if (!P->draw) {
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)z;
    for (; *p >= 0x20 && *p < 0x7F; p++) n++;
    if (!*p && (double)n * P->aEm[font] * 1.2 <= w) return P->aLineH[font];
  }
  return layout_set(P, L, font, z, w);
}

static double layout_width(PangoLayout *L) {
  int lw, lh;
  pango_layout_get_size(L, &lw, &lh);
  return (double)lw / PANGO_SCALE;
}

static void layout_show(Pdf *P, PangoLayout *L, double x, double y) {
  if (!P->draw) return;
  cairo_move_to(P->cr, x, y);
  pango_cairo_show_layout(P->cr, L);
}

/* Draw the lines of L whose tops lie in [from, to) (layout coordinates), the line at
** `from` placed at page position y. */
static void layout_show_range(Pdf *P, PangoLayout *L, double x, double y, double from, double to) {
  if (!P->draw) return;
  PangoLayoutIter *it = pango_layout_get_iter(L);
  do {
    int y0, y1;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    double top = (double)y0 / PANGO_SCALE;
    if (top >= to) break;
    if (top < from) continue;
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
    double top = (double)y0 / PANGO_SCALE, bot = (double)y1 / PANGO_SCALE;
    if (top < from) continue;
    if (bot > from + h) break;
    cut = bot;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return cut;
}

static void set_rgb(Pdf *P, unsigned rgb) {
  cairo_set_source_rgb(P->cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0,
                       (rgb & 255) / 255.0);
}

static void fill_rect(Pdf *P, double x, double y, double w, double h, unsigned rgb) {
  if (!P->draw) return;
  set_rgb(P, rgb);
  cairo_rectangle(P->cr, x, y, w, h);
  cairo_fill(P->cr);
  cairo_set_source_rgb(P->cr, 0, 0, 0);
}

static void hline(Pdf *P, double x0, double x1, double y, double lw, unsigned rgb) {
  if (!P->draw) return;
  set_rgb(P, rgb);
  cairo_set_line_width(P->cr, lw);
  cairo_move_to(P->cr, x0, y);
  cairo_line_to(P->cr, x1, y);
  cairo_stroke(P->cr);
  cairo_set_source_rgb(P->cr, 0, 0, 0);
}

static void stroke_rect(Pdf *P, double x, double y, double w, double h, unsigned rgb) {
  if (!P->draw) return;
  set_rgb(P, rgb);
  cairo_set_line_width(P->cr, 0.5);
  cairo_rectangle(P->cr, x, y, w, h);
  cairo_stroke(P->cr);
  cairo_set_source_rgb(P->cr, 0, 0, 0);
}

static const char *cell_str(const Cell *c, char *tmp) {
  switch (c->t) {
  case CELL_NULL: return "-";
  case CELL_TEXT: return c->z;
  case CELL_INT: snprintf(tmp, CELL_TMP, "%lld", c->i); return tmp;
  case CELL_DATE: return day_fmt(c->d, DAY_UK, tmp);
  case CELL_BOOL: return c->i ? "Yes" : "No";
  case CELL_TYPE__MAX: break;
  }
  fatal("report_pdf: bad cell type %d", (int)c->t);
}

static const Cell *sec_cell(const ReportSection *s, int iRow, int iCol) {
  return &s->aCell[(size_t)iRow * (size_t)s->nCol + (size_t)iCol];
}

static const char *meta_get(const Report *r, const char *zKey) {
  for (int i = 0; i < r->nMeta; i++) {
    if (strcmp(r->aMeta[i].zKey, zKey) == 0) return r->aMeta[i].zValue;
  }
  return 0;
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
  const char *zOrg = meta_get(P->r, "organisation");
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
static void page_need(Pdf *P, double h) {
  if (P->y + h > BODY_BOTTOM && P->y > BODY_TOP) page_new(P);
}

/* A paragraph at the flow position, split across pages if it must be. */
static void para(Pdf *P, int font, const char *z, double x, double w, double after) {
  double h = layout_set(P, P->L, font, z, w), from = 0;
  while (from < h) {
    if (P->y + (h - from) <= BODY_BOTTOM) {
      layout_show_range(P, P->L, x, P->y, from, h + 1);
      P->y += h - from;
      break;
    }
    double cut = layout_cut(P->L, from, BODY_BOTTOM - P->y);
    if (cut <= from) {
      if (P->y == BODY_TOP) cut = layout_cut(P->L, from, 1e9); /* a line taller than a page */
      else {
        page_new(P);
        continue;
      }
    }
    layout_show_range(P, P->L, x, P->y, from, cut);
    from = cut;
    page_new(P);
  }
  P->y += after;
}

/* ------------------------------------------------------------------- cover */

static void cover(Pdf *P) {
  const Report *r = P->r;
  P->y = BODY_TOP + 120;
  para(P, F_TITLE, r->zTitle, MARGIN, TEXT_W, 18);
  const char *zOrg = meta_get(r, "organisation");
  if (zOrg) para(P, F_SUB, zOrg, MARGIN, TEXT_W, 6);
  /* The meeting the paper is for, when the report is made for a reporting cycle. */
  const char *zCycle = meta_get(r, "cycle");
  if (zCycle) para(P, F_SUB, zCycle, MARGIN, TEXT_W, 6);
  for (int i = 0; i < r->nMeta; i++) {
    if (strcmp(r->aMeta[i].zKey, "as_at") != 0) continue;
    Buf b = BUF_INIT;
    buf_appendf(&b, "%s %s", r->aMeta[i].zLabel, r->aMeta[i].zValue);
    para(P, F_SUB, buf_cstr(&b), MARGIN, TEXT_W, 6);
    buf_free(&b);
  }
  P->y += 24;
  hline(P, MARGIN, PAGE_W - MARGIN, P->y, 1.0, 0x1d70b8);
  P->y += 14;
  for (int i = 0; i < r->nMeta; i++) {
    const ReportMeta *m = &r->aMeta[i];
    if (!strcmp(m->zKey, "organisation") || !strcmp(m->zKey, "as_at") ||
        !strcmp(m->zKey, "cycle"))
      continue;
    Buf b = BUF_INIT;
    buf_appendf(&b, "%s: %s", m->zLabel, m->zValue);
    double h = layout_set(P, P->L, F_BODY, buf_cstr(&b), TEXT_W);
    page_need(P, h < 60 ? h : 30);
    para(P, F_BODY, buf_cstr(&b), MARGIN, TEXT_W, 6);
    buf_free(&b);
  }
  page_new(P);
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

/* ------------------------------------------------------------------ charts */

#define N_STYLE 8
static const unsigned aFill[N_STYLE] = {0x9ecae1, 0xfdae6b, 0xa1d99b, 0xbcbddc,
                                        0xfc9272, 0xd9d9d9, 0xf6e8a6, 0x9fd8d1};
static const unsigned aLine[N_STYLE] = {0x1d5f9a, 0xc05a00, 0x2f7d32, 0x5e4fa2,
                                        0xb2182b, 0x505050, 0x8a6d00, 0x00786b};

/* Hatching i over the rectangle: none, /, -, \, +, |, x, dots. */
static void hatch(Pdf *P, int i, double x, double y, double w, double h) {
  cairo_t *cr = P->cr;
  int k = i % N_STYLE;
  if (k == 0 || w <= 0 || h <= 0) return;
  cairo_save(cr);
  cairo_rectangle(cr, x, y, w, h);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  cairo_set_line_width(cr, 0.6);
  double d = 5;
  if (k == 7) {
    for (double yy = y + 2; yy < y + h; yy += d)
      for (double xx = x + 2; xx < x + w; xx += d) {
        cairo_arc(cr, xx, yy, 0.7, 0, 6.2832);
        cairo_fill(cr);
      }
  } else {
    for (double t = -h; t < w + h; t += d) {
      if (k == 1 || k == 6) cairo_move_to(cr, x + t, y + h), cairo_line_to(cr, x + t + h, y);
      if (k == 3 || k == 6) cairo_move_to(cr, x + t, y), cairo_line_to(cr, x + t + h, y + h);
      if ((k == 4 || k == 5) && t >= 0 && t <= w) cairo_move_to(cr, x + t, y), cairo_line_to(cr, x + t, y + h);
      if ((k == 2 || k == 4) && t >= 0 && t <= h) cairo_move_to(cr, x, y + t), cairo_line_to(cr, x + w, y + t);
    }
    cairo_stroke(cr);
  }
  cairo_restore(cr);
}

/* Marker i centred on (x, y): circle, square, triangle, diamond, cross, x, ... */
static void marker(Pdf *P, int i, double x, double y) {
  cairo_t *cr = P->cr;
  double m = 3.2;
  switch (i % 6) {
  case 0: cairo_arc(cr, x, y, m, 0, 6.2832); cairo_fill(cr); break;
  case 1: cairo_rectangle(cr, x - m, y - m, 2 * m, 2 * m); cairo_fill(cr); break;
  case 2:
    cairo_move_to(cr, x, y - m - 0.6), cairo_line_to(cr, x + m + 0.6, y + m);
    cairo_line_to(cr, x - m - 0.6, y + m), cairo_close_path(cr), cairo_fill(cr);
    break;
  case 3:
    cairo_move_to(cr, x, y - m - 1), cairo_line_to(cr, x + m + 1, y);
    cairo_line_to(cr, x, y + m + 1), cairo_line_to(cr, x - m - 1, y), cairo_close_path(cr);
    cairo_fill(cr);
    break;
  case 4:
    cairo_set_line_width(cr, 1.6);
    cairo_move_to(cr, x - m, y), cairo_line_to(cr, x + m, y);
    cairo_move_to(cr, x, y - m), cairo_line_to(cr, x, y + m), cairo_stroke(cr);
    break;
  default:
    cairo_set_line_width(cr, 1.6);
    cairo_move_to(cr, x - m, y - m), cairo_line_to(cr, x + m, y + m);
    cairo_move_to(cr, x - m, y + m), cairo_line_to(cr, x + m, y - m), cairo_stroke(cr);
  }
}

static void line_dash(Pdf *P, int i) {
  static const double aDash[][2] = {{0, 0}, {5, 2.5}, {1.5, 2}, {7, 2}, {3, 3}, {9, 3}};
  int k = i % 6;
  if (k == 0) cairo_set_dash(P->cr, 0, 0, 0);
  else cairo_set_dash(P->cr, aDash[k], 2, 0);
}

/* The legend: one entry per series, wrapped to as many lines as needed. Returns its height. */
static double chart_legend(Pdf *P, const ReportSection *s, double y) {
  double x = MARGIN, lineH = 0, h0 = 0;
  for (int i = 0; i < s->chartNCol; i++) {
    double h = layout_set(P, P->L, F_SMALL, s->aCol[s->chartCol0 + i].zLabel, 0);
    double w = 22 + layout_width(P->L) + 14;
    if (x + w > PAGE_W - MARGIN && x > MARGIN) {
      x = MARGIN;
      h0 += lineH + 4;
      lineH = 0;
    }
    if (h > lineH) lineH = h < 11 ? 11 : h;
    if (P->draw) {
      double yy = y + h0;
      if (s->chart == CHART_BAR) {
        set_rgb(P, aFill[i % N_STYLE]);
        cairo_rectangle(P->cr, x, yy + 1, 16, 9);
        cairo_fill(P->cr);
        hatch(P, i, x, yy + 1, 16, 9);
        stroke_rect(P, x, yy + 1, 16, 9, 0x333333);
      } else {
        set_rgb(P, aLine[i % N_STYLE]);
        cairo_set_line_width(P->cr, 1.4);
        line_dash(P, i);
        cairo_move_to(P->cr, x, yy + 5.5), cairo_line_to(P->cr, x + 18, yy + 5.5);
        cairo_stroke(P->cr);
        cairo_set_dash(P->cr, 0, 0, 0);
        marker(P, i, x + 9, yy + 5.5);
        cairo_set_source_rgb(P->cr, 0, 0, 0);
      }
      layout_show(P, P->L, x + 22, yy);
    }
    x += w;
  }
  return h0 + lineH;
}

/* A step of 1, 2 or 5 times a power of ten giving at most 6 intervals up to max. */
static long long tick_step(long long max) {
  long long step = 1;
  for (;;) {
    if (max <= step * 6) return step;
    if (max <= step * 2 * 6) return step * 2;
    if (max <= step * 5 * 6) return step * 5;
    step *= 10;
  }
}

#define CHART_PLOT_H 150.0
#define CHART_AXIS_W 34.0

/* The height chart() takes on the page: legend, plot and category labels; 0 when there is
** nothing to plot. *pLegendH, if given, gets the legend's height. */
static double chart_height(Pdf *P, const ReportSection *s, double *pLegendH) {
  int nCat = 0;
  for (int j = 0; j < s->nRow; j++) nCat += s->aFlag[j] == ROW_PLAIN;
  if (nCat == 0) return 0;
  int wasDraw = P->draw;
  P->draw = 0;
  double legendH = chart_legend(P, s, 0);
  P->draw = wasDraw;
  double slot = (TEXT_W - CHART_AXIS_W - 6) / nCat, labH = 0;
  char tmp[CELL_TMP];
  for (int j = 0; j < s->nRow; j++) {
    if (s->aFlag[j] != ROW_PLAIN) continue;
    double h = layout_set(P, P->L, F_SMALL, cell_str(sec_cell(s, j, 0), tmp), slot - 4);
    if (h > labH) labH = h;
  }
  if (pLegendH) *pLegendH = legendH;
  return legendH + 10 + CHART_PLOT_H + 6 + labH + 12;
}

static void chart(Pdf *P, const ReportSection *s) {
  int nCat = 0;
  for (int j = 0; j < s->nRow; j++) nCat += s->aFlag[j] == ROW_PLAIN;
  if (nCat == 0) return;
  int *aRow = xcalloc((size_t)nCat, sizeof(int));
  nCat = 0;
  for (int j = 0; j < s->nRow; j++) {
    if (s->aFlag[j] == ROW_PLAIN) aRow[nCat++] = j;
  }
  long long max = 0;
  for (int c = 0; c < nCat; c++) {
    long long sum = 0;
    for (int i = 0; i < s->chartNCol; i++) {
      const Cell *e = sec_cell(s, aRow[c], s->chartCol0 + i);
      long long v = e->t == CELL_INT && e->i > 0 ? e->i : 0;
      if (s->chart == CHART_BAR) sum += v;
      else if (v > sum) sum = v;
    }
    if (sum > max) max = sum;
  }
  long long step = tick_step(max), top = max == 0 ? 1 : (max + step - 1) / step * step;
  double legendH = 0, total = chart_height(P, s, &legendH);
  double plotX = MARGIN + CHART_AXIS_W, plotW = TEXT_W - CHART_AXIS_W - 6;
  double slot = plotW / nCat;
  char tmp[CELL_TMP];
  page_need(P, total);
  if (P->draw) {
    cairo_t *cr = P->cr;
    double y0 = P->y;
    chart_legend(P, s, y0);
    double py = y0 + legendH + 10, pb = py + CHART_PLOT_H;
    /* Axis with integer ticks and light grid lines. */
    for (long long t = 0; t <= top; t += step) {
      double yy = pb - CHART_PLOT_H * (double)t / (double)top;
      hline(P, plotX, plotX + plotW, yy, t ? 0.3 : 0.8, t ? 0xcccccc : 0x000000);
      snprintf(tmp, sizeof tmp, "%lld", t);
      double h = layout_set(P, P->L, F_SMALL, tmp, 0);
      layout_show(P, P->L, plotX - 4 - layout_width(P->L), yy - h / 2);
    }
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, plotX, py - 4), cairo_line_to(cr, plotX, pb), cairo_stroke(cr);
    double px = 0, prevY = 0;
    if (s->chart == CHART_BAR) {
      double bw = slot * 0.55 > 60 ? 60 : slot * 0.55;
      for (int c = 0; c < nCat; c++) {
        double x = plotX + slot * c + (slot - bw) / 2, acc = 0;
        for (int i = 0; i < s->chartNCol; i++) {
          const Cell *e = sec_cell(s, aRow[c], s->chartCol0 + i);
          long long v = e->t == CELL_INT && e->i > 0 ? e->i : 0;
          if (!v) continue;
          double h = CHART_PLOT_H * (double)v / (double)top, yy = pb - acc - h;
          set_rgb(P, aFill[i % N_STYLE]);
          cairo_rectangle(cr, x, yy, bw, h);
          cairo_fill(cr);
          hatch(P, i, x, yy, bw, h);
          stroke_rect(P, x, yy, bw, h, 0x333333);
          snprintf(tmp, sizeof tmp, "%lld", v);
          double th = layout_set(P, P->L, F_SMALL, tmp, 0), tw = layout_width(P->L);
          if (h >= th + 1) {
            fill_rect(P, x + bw / 2 - tw / 2 - 1.5, yy + h / 2 - th / 2, tw + 3, th, 0xffffff);
            layout_show(P, P->L, x + bw / 2 - tw / 2, yy + h / 2 - th / 2);
          }
          acc += h;
        }
        /* The bar's total above it. */
        long long sum = 0;
        for (int i = 0; i < s->chartNCol; i++) {
          const Cell *e = sec_cell(s, aRow[c], s->chartCol0 + i);
          sum += e->t == CELL_INT && e->i > 0 ? e->i : 0;
        }
        snprintf(tmp, sizeof tmp, "%lld", sum);
        double th = layout_set(P, P->L, F_SMALL, tmp, 0);
        layout_show(P, P->L, x + bw / 2 - layout_width(P->L) / 2, pb - acc - th - 1);
      }
    } else {
      for (int i = 0; i < s->chartNCol; i++) {
        set_rgb(P, aLine[i % N_STYLE]);
        cairo_set_line_width(cr, 1.4);
        line_dash(P, i);
        for (int c = 0; c < nCat; c++) {
          const Cell *e = sec_cell(s, aRow[c], s->chartCol0 + i);
          long long v = e->t == CELL_INT && e->i > 0 ? e->i : 0;
          double x = plotX + slot * c + slot / 2, yy = pb - CHART_PLOT_H * (double)v / (double)top;
          if (c == 0) cairo_move_to(cr, x, yy);
          else cairo_line_to(cr, x, yy);
          px = x, prevY = yy;
        }
        if (nCat == 1) cairo_line_to(cr, px, prevY);
        cairo_stroke(cr);
        cairo_set_dash(cr, 0, 0, 0);
        for (int c = 0; c < nCat; c++) {
          const Cell *e = sec_cell(s, aRow[c], s->chartCol0 + i);
          long long v = e->t == CELL_INT && e->i > 0 ? e->i : 0;
          marker(P, i, plotX + slot * c + slot / 2, pb - CHART_PLOT_H * (double)v / (double)top);
        }
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
    }
    for (int c = 0; c < nCat; c++) {
      layout_set(P, P->L, F_SMALL, cell_str(sec_cell(s, aRow[c], 0), tmp), slot - 4);
      pango_layout_set_alignment(P->L, PANGO_ALIGN_CENTER);
      layout_show(P, P->L, plotX + slot * c + 2, pb + 4);
      pango_layout_set_alignment(P->L, PANGO_ALIGN_LEFT);
    }
  }
  P->y += total;
  free(aRow);
}

/* ------------------------------------------------------------------- grids */

typedef struct Grid {
  const ReportSection *s;
  double *aW;        /* column widths, padding included */
  int *aNum;         /* right-aligned numeric columns */
  double *aH;        /* the current row's cell heights */
  PangoLayout **aL;  /* one per column, reused row after row */
  double x;
} Grid;

/* Longest line and longest word of a column so far, in code points, and where they are. */
typedef struct Extent {
  size_t line, word;
  const char *zLine, *zWord;
  size_t nLine, nWord; /* bytes */
} Extent;

static void text_extent(const char *z, Extent *e) {
  size_t line = 0, word = 0;
  const char *pLine = z, *pWord = z;
  for (const char *p = z;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == 0 || c == '\n' || c == ' ') {
      if (word > e->word) e->word = word, e->zWord = pWord, e->nWord = (size_t)(p - pWord);
      word = 0;
      pWord = p + 1;
    }
    if (c == 0 || c == '\n') {
      if (line > e->line) e->line = line, e->zLine = pLine, e->nLine = (size_t)(p - pLine);
      if (!c) break;
      line = 0;
      pLine = p + 1;
    } else if ((c & 0xC0) != 0x80) {
      line++;
      if (c != ' ') word++;
    }
  }
}

/* A column is numeric when it holds ints and nothing else but NULLs. */
static int col_numeric(const ReportSection *s, int i) {
  int n = 0;
  for (int j = 0; j < s->nRow; j++) {
    CellType t = sec_cell(s, j, i)->t;
    if (t == CELL_INT) n++;
    else if (t != CELL_NULL) return 0;
  }
  return n > 0;
}

/*
** Column widths from content, as browsers lay out automatic tables: each column's
** minimum (its longest word, a number whole) and maximum (its longest line); all at
** their maximum when that fits, else the slack shared in proportion to max - min.
** Each column's longest line and word by length are measured (measuring every cell
** would cost as much as drawing it), with a margin for others that are wider.
*/
static void grid_widths(Pdf *P, Grid *g) {
  const ReportSection *s = g->s;
  int n = s->nCol;
  double *aMin = xcalloc((size_t)n, sizeof(double)), *aMax = xcalloc((size_t)n, sizeof(double));
  double *aHead = xcalloc((size_t)n, sizeof(double));
  double sumMin = 0, sumMax = 0, extra = 2 * PAD_X + 1;
  char tmp[CELL_TMP];
  for (int i = 0; i < n; i++) {
    g->aNum[i] = col_numeric(s, i);
    /* The longest line and word by length (the cells' own strings, or a cell buffer's
    ** copy), then measured: one measurement per column, however many rows. */
    Extent e = {0, 0, 0, 0, 0, 0};
    char aKeepL[CELL_TMP], aKeepW[CELL_TMP];
    for (int j = 0; j < s->nRow; j++) {
      text_extent(cell_str(sec_cell(s, j, i), tmp), &e);
      if (e.zLine == tmp) memcpy(aKeepL, tmp, CELL_TMP), e.zLine = aKeepL;
      if (e.zWord == tmp) memcpy(aKeepW, tmp, CELL_TMP), e.zWord = aKeepW;
    }
    double lineW = 0, wordW = 0;
    if (e.nLine) { /* in bold: total rows are, and it is the wider */
      pango_layout_set_font_description(P->L, P->aFd[F_CELL_BOLD]);
      pango_layout_set_width(P->L, -1);
      pango_layout_set_text(P->L, e.zLine, (int)e.nLine);
      lineW = layout_width(P->L);
      pango_layout_set_text(P->L, e.zWord, (int)e.nWord);
      wordW = layout_width(P->L);
    }
    /* The header, measured: its widest line, and its longest word. */
    layout_set(P, P->L, F_CELL_BOLD, s->aCol[i].zLabel, 0);
    aHead[i] = layout_width(P->L) + extra;
    double hWord = 0;
    for (const char *z = s->aCol[i].zLabel; *z;) {
      size_t k = strcspn(z, " \n");
      if (k) {
        pango_layout_set_text(P->L, z, (int)k);
        hWord = fmax(hWord, layout_width(P->L));
      }
      z += k;
      if (*z) z++;
    }
    hWord += extra;
    if (g->aNum[i]) { /* narrow: the widest number; the header wraps word by word */
      aMin[i] = aMax[i] = fmax(lineW * 1.05 + extra, hWord);
    } else { /* a longer word by count may be narrower by width: a margin for that */
      aMin[i] = fmin(fmax(wordW * 1.1 + extra, hWord), 120);
      aMax[i] = fmax(fmax(lineW * 1.05 + extra, aHead[i]), aMin[i]);
    }
    sumMin += aMin[i];
    sumMax += aMax[i];
  }
  for (int i = 0; i < n; i++) {
    if (sumMax <= TEXT_W) g->aW[i] = aMax[i];
    else if (sumMin >= TEXT_W) g->aW[i] = aMin[i] * TEXT_W / sumMin;
    else g->aW[i] = aMin[i] + (aMax[i] - aMin[i]) * (TEXT_W - sumMin) / (sumMax - sumMin);
  }
  /* Room to spare: numeric columns widen towards their headers' full width. */
  double spare = TEXT_W - (sumMax <= TEXT_W ? sumMax : TEXT_W), want = 0;
  for (int i = 0; i < n; i++) {
    if (g->aNum[i] && aHead[i] > g->aW[i]) want += aHead[i] - g->aW[i];
  }
  if (spare > 0 && want > 0) {
    double k = spare >= want ? 1 : spare / want;
    for (int i = 0; i < n; i++) {
      if (g->aNum[i] && aHead[i] > g->aW[i]) g->aW[i] += (aHead[i] - g->aW[i]) * k;
    }
  }
  free(aHead);
  free(aMin);
  free(aMax);
}

/* Set each column's layout to row j's cells (j < 0: the header); return the row's height. */
static double grid_row_set(Pdf *P, Grid *g, int j) {
  const ReportSection *s = g->s;
  double h = 0;
  char tmp[CELL_TMP];
  int font = j < 0 || s->aFlag[j] == ROW_TOTAL ? F_CELL_BOLD : F_CELL;
  for (int i = 0; i < s->nCol; i++) {
    const char *z = j < 0 ? s->aCol[i].zLabel : cell_str(sec_cell(s, j, i), tmp);
    pango_layout_set_alignment(g->aL[i], g->aNum[i] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    double ch = g->aH[i] = cell_height(P, g->aL[i], font, z, g->aW[i] - 2 * PAD_X);
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
  for (int i = 0; i < g->s->nCol; i++) {
    if (from == 0 && to >= 1e8) layout_show(P, g->aL[i], x + PAD_X, P->y + PAD_Y);
    else layout_show_range(P, g->aL[i], x + PAD_X, P->y + PAD_Y, from, to);
    x += g->aW[i];
  }
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
  grid_row_show(P, g, hh, 0, 1e9, 1, 0);
}

static void grid(Pdf *P, const ReportSection *s) {
  Grid g = {s, xcalloc((size_t)s->nCol, sizeof(double)), xcalloc((size_t)s->nCol, sizeof(int)),
            xcalloc((size_t)s->nCol, sizeof(double)),
            xcalloc((size_t)s->nCol, sizeof(PangoLayout *)), MARGIN};
  for (int i = 0; i < s->nCol; i++) g.aL[i] = layout_new(P, F_CELL);
  grid_widths(P, &g);
  double hh = grid_row_set(P, &g, -1);
  double h1 = s->nRow ? grid_row_set(P, &g, 0) : 0;
  page_need(P, hh + (h1 < 60 ? h1 : 60));
  grid_row_set(P, &g, -1);
  grid_header(P, &g, hh, 0);
  for (int j = 0; j < s->nRow; j++) {
    int total = s->aFlag[j] == ROW_TOTAL && (j == 0 || s->aFlag[j - 1] != ROW_TOTAL);
    double h = grid_row_set(P, &g, j);
    if (P->y + h <= BODY_BOTTOM) {
      grid_row_show(P, &g, h, 0, 1e9, 0, total);
      continue;
    }
    if (h <= BODY_H - hh - 30) { /* fits on a fresh page under the repeated header */
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
  for (int i = 0; i < s->nCol; i++) {
    double labH = layout_set(P, P->L, F_CELL_BOLD, s->aCol[i].zLabel, labW - 2 * PAD_X);
    double h = cell_height(P, P->L, F_CELL, cell_str(sec_cell(s, j, i), tmp), valW - 2 * PAD_X);
    total += (h > labH ? h : labH) + 2 * PAD_Y;
  }
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
  double *aLabH = xcalloc((size_t)n, sizeof(double)), *aH = xcalloc((size_t)n, sizeof(double));
  double labW = records_label_w(P, s);
  for (int i = 0; i < n; i++) {
    aLab[i] = layout_new(P, F_CELL_BOLD);
    aVal[i] = layout_new(P, F_CELL);
  }
  double valW = TEXT_W - labW;
  for (int i = 0; i < n; i++) {
    aLabH[i] = layout_set(P, aLab[i], F_CELL_BOLD, s->aCol[i].zLabel, labW - 2 * PAD_X);
  }
  char tmp[CELL_TMP];
  for (int j = 0; j < s->nRow; j++) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      double h = cell_height(P, aVal[i], F_CELL, cell_str(sec_cell(s, j, i), tmp), valW - 2 * PAD_X);
      aH[i] = (h > aLabH[i] ? h : aLabH[i]) + 2 * PAD_Y;
      total += aH[i];
    }
    if (j > 0) P->y += 8;
    if (P->y + total > BODY_BOTTOM && total <= BODY_H - 20 && !(j == 0 && flow)) {
      page_new(P);
      cont_heading(P, s);
    }
    for (int i = 0; i < n; i++) {
      double h = aH[i];
      /* In a block taller than a page: a short field moves whole to the next page, a long
      ** one fills this page and continues on the next. */
      if (P->y + h > BODY_BOTTOM && (h < 50 || BODY_BOTTOM - P->y < 40)) {
        page_new(P);
        cont_heading(P, s);
      }
      if (P->y + h <= BODY_BOTTOM) {
        fill_rect(P, MARGIN, P->y, labW, h, 0xf0f0f0);
        stroke_rect(P, MARGIN, P->y, TEXT_W, h, 0x888888);
        layout_show(P, aLab[i], MARGIN + PAD_X, P->y + PAD_Y);
        layout_show(P, aVal[i], MARGIN + labW + PAD_X, P->y + PAD_Y);
        P->y += h;
        continue;
      }
      /* The value's lines across pages, the label beside the first part. */
      double vh = h - 2 * PAD_Y, from = 0;
      int first = 1;
      while (from < vh) {
        double cut = layout_cut(aVal[i], from, BODY_BOTTOM - P->y - 2 * PAD_Y);
        if (cut <= from) {
          if (P->y > BODY_TOP + 40) {
            page_new(P);
            cont_heading(P, s);
            continue;
          }
          cut = layout_cut(aVal[i], from, 1e9);
        }
        double ph = cut - from + 2 * PAD_Y;
        fill_rect(P, MARGIN, P->y, labW, ph, 0xf0f0f0);
        stroke_rect(P, MARGIN, P->y, TEXT_W, ph, 0x888888);
        if (first) layout_show(P, aLab[i], MARGIN + PAD_X, P->y + PAD_Y);
        layout_show_range(P, aVal[i], MARGIN + labW + PAD_X, P->y + PAD_Y, from, cut);
        P->y += ph;
        first = 0;
        from = cut;
        if (from < vh) {
          page_new(P);
          cont_heading(P, s);
        }
      }
    }
  }
  for (int i = 0; i < n; i++) {
    g_object_unref(aLab[i]);
    g_object_unref(aVal[i]);
  }
  free(aLab);
  free(aVal);
  free(aLabH);
  free(aH);
}

/* -------------------------------------------------------------------- body */

/* Note where section k starts; the drawing pass must find what the measuring pass did. */
static void section_page(Pdf *P, int k) {
  if (!P->draw) P->aSecPage[k] = P->page;
  else if (P->aSecPage[k] != P->page) {
    fatal("report_pdf: \"%s\" measured on page %d, drawn on %d", P->r->apSection[k]->zTitle,
          P->aSecPage[k], P->page);
  }
}

static void section(Pdf *P, int k) {
  const ReportSection *s = P->r->apSection[k];
  char zDest[80];
  if (s->nCol == 0) { /* a part heading: a page of its own start */
    if (P->y > BODY_TOP) page_new(P);
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
  if (s->nRow == 0) {
    para(P, F_BODY, "None.", MARGIN, TEXT_W, 4);
    return;
  }
  if (s->chart != CHART_NONE) chart(P, s);
  if (s->layout == LAYOUT_RECORDS) records(P, s, flow);
  else grid(P, s);
}

static void document(Pdf *P) {
  P->page = 1;
  P->y = BODY_TOP;
  P->outlinePart = CAIRO_PDF_OUTLINE_ROOT;
  cover(P);
  contents(P);
  for (int k = 0; k < P->r->nSection; k++) section(P, k);
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
  for (int i = 0; i < F__MAX; i++) {
    P.aLineH[i] = layout_set(&P, P.L, i, "X", 0);
    P.aEm[i] = (double)pango_font_description_get_size(P.aFd[i]) / PANGO_SCALE;
  }
  P.aSecPage = xcalloc((size_t)(r->nSection ? r->nSection : 1), sizeof(int));

  const char *zOrg = meta_get(r, "organisation");
  char zDate[40];
  create_date(meta_get(r, "as_at"), zDate, sizeof zDate);
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_TITLE, r->zTitle);
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_AUTHOR,
                                 zOrg && zOrg[0] ? zOrg : "auditrack");
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_CREATOR, "auditrack");
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_CREATE_DATE, zDate);
  cairo_pdf_surface_set_metadata(P.surf, CAIRO_PDF_METADATA_MOD_DATE, zDate);

  P.draw = 0;
  document(&P);
  P.nPage = P.page;
  P.draw = 1;
  document(&P);

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
  }
  if (!rc) buf_append(out, pdf.z, pdf.n);
  buf_free(&pdf);
  return rc;
}

/* ------------------------------------------------------------ /Lang update */

/* Offset of the last occurrence of zNeedle in z[0..n), or -1. */
static long long last_of(const char *z, size_t n, const char *zNeedle) {
  size_t k = strlen(zNeedle);
  for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;) {
    if (memcmp(z + i, zNeedle, k) == 0) return (long long)i;
  }
  return -1;
}

/* The end (just past ">>") of the dictionary opening at z[i] ("<<"), or 0. */
static size_t dict_end(const char *z, size_t n, size_t i) {
  int depth = 0;
  while (i + 1 < n) {
    if (z[i] == '<' && z[i + 1] == '<') depth++, i += 2;
    else if (z[i] == '>' && z[i + 1] == '>') {
      i += 2;
      if (--depth == 0) return i;
    } else if (z[i] == '(') { /* a literal string: skip it, escapes and nesting included */
      int par = 0;
      for (; i < n; i++) {
        if (z[i] == '\\') i++;
        else if (z[i] == '(') par++;
        else if (z[i] == ')' && --par == 0) break;
      }
      i++;
    } else i++;
  }
  return 0;
}

/* The value after /zKey in dictionary text z[0..n) as a number, or -1. */
static long long dict_num(const char *z, size_t n, const char *zKey, long long *pGen) {
  size_t k = strlen(zKey);
  for (size_t i = 0; i + k < n; i++) {
    if (z[i] == '/' && memcmp(z + i + 1, zKey, k) == 0 &&
        (z[i + 1 + k] == ' ' || z[i + 1 + k] == '\n' || z[i + 1 + k] == '\r')) {
      char *e;
      long long v = strtoll(z + i + 1 + k, &e, 10);
      if (pGen) *pGen = strtoll(e, 0, 10);
      return v;
    }
  }
  return -1;
}

/* Offset of object num in the classic xref table at xref (following /Prev), or -1. */
static long long xref_find(const char *z, size_t n, long long xref, long long num) {
  for (int hop = 0; hop < 32 && xref >= 0 && (size_t)xref + 4 < n; hop++) {
    const char *p = z + xref;
    if (memcmp(p, "xref", 4) != 0) return -1;
    p += 4;
    for (;;) {
      char *e;
      while (p < z + n && (*p == ' ' || *p == '\r' || *p == '\n')) p++;
      if (p >= z + n || *p < '0' || *p > '9') break;
      long long first = strtoll(p, &e, 10), count = strtoll(e, &e, 10);
      p = e;
      while (p < z + n && (*p == ' ' || *p == '\r' || *p == '\n')) p++;
      if (num >= first && num < first + count) {
        const char *q = p + (num - first) * 20;
        if (q + 18 > z + n) return -1;
        if (q[17] != 'n') return -1;
        return strtoll(q, 0, 10);
      }
      p += count * 20;
      if (p > z + n) return -1;
    }
    /* Not in this section: the trailer after it names the previous one. */
    long long t = last_of(z, (size_t)(p - z) + 16 < n ? (size_t)(p - z) + 16 : n, "trailer");
    if (t < 0) return -1;
    const char *d = strstr(z + t, "<<");
    if (!d) return -1;
    size_t de = dict_end(z, n, (size_t)(d - z));
    if (!de) return -1;
    xref = dict_num(d, de - (size_t)(d - z), "Prev", 0);
  }
  return -1;
}

int report_pdf_set_lang(Buf *pdf, const char *zLang, Buf *err) {
  const char *z = pdf->z;
  size_t n = pdf->n;
  if (!zLang || !zLang[0] || strspn(zLang, "abcdefghijklmnopqrstuvwxyz"
                                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(zLang))
    return buf_fail(err, 1, "PDF language: '%s' is not a language tag", zLang ? zLang : "");
  if (n < 32 || memcmp(z, "%PDF-", 5) != 0) return buf_fail(err, 1, "PDF language: not a PDF");
  long long sx = last_of(z, n, "startxref");
  if (sx < 0) return buf_fail(err, 1, "PDF language: no startxref");
  long long prev = strtoll(z + sx + 9, 0, 10);
  long long tr = last_of(z, (size_t)sx, "trailer");
  if (tr < 0) return buf_fail(err, 1, "PDF language: no trailer (a cross-reference stream?)");
  const char *td = strstr(z + tr, "<<");
  size_t tEnd = td ? dict_end(z, n, (size_t)(td - z)) : 0;
  if (!tEnd) return buf_fail(err, 1, "PDF language: the trailer cannot be read");
  size_t tStart = (size_t)(td - z);
  long long gen = 0, root = dict_num(td, tEnd - tStart, "Root", &gen);
  if (root <= 0) return buf_fail(err, 1, "PDF language: the trailer has no /Root");
  long long off = xref_find(z, n, prev, root);
  if (off < 0) return buf_fail(err, 1, "PDF language: object %lld is not in the xref", root);
  char zHead[48];
  int k = snprintf(zHead, sizeof zHead, "%lld %lld obj", root, gen);
  if ((size_t)off + (size_t)k > n || memcmp(z + off, zHead, (size_t)k) != 0)
    return buf_fail(err, 1, "PDF language: the xref does not point at the catalog");
  const char *cd = z + off + k;
  while (cd < z + n && (*cd == ' ' || *cd == '\r' || *cd == '\n')) cd++;
  size_t cStart = (size_t)(cd - z), cEnd = cd + 1 < z + n && cd[0] == '<' && cd[1] == '<'
                                               ? dict_end(z, n, cStart)
                                               : 0;
  if (!cEnd) return buf_fail(err, 1, "PDF language: the catalog is not a dictionary");
  if (dict_num(z + cStart, cEnd - cStart, "Lang", 0) != -1 ||
      last_of(z + cStart, cEnd - cStart, "/Lang") >= 0)
    return buf_fail(err, 1, "PDF language: the catalog already has /Lang");

  /* Copy what we need before appending moves the buffer. */
  char *zCat = xstrndup(z + cStart, cEnd - cStart - 2);
  Buf tb = BUF_INIT;
  /* The old trailer without its /Prev, which the new one replaces. */
  const char *t = z + tStart;
  size_t tn = tEnd - tStart - 2;
  for (size_t i = 0; i < tn; i++) {
    if (t[i] == '/' && i + 5 < tn && memcmp(t + i + 1, "Prev", 4) == 0 &&
        (t[i + 5] == ' ' || t[i + 5] == '\n' || t[i + 5] == '\r')) {
      i += 5;
      while (i < tn && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r')) i++;
      while (i < tn && t[i] >= '0' && t[i] <= '9') i++;
      i--;
      continue;
    }
    buf_putc(&tb, t[i]);
  }
  if (pdf->z[pdf->n - 1] != '\n') buf_putc(pdf, '\n');
  size_t objOff = pdf->n;
  buf_appendf(pdf, "%lld %lld obj\n%s/Lang (%s)\n>>\nendobj\n", root, gen, zCat, zLang);
  size_t xrefOff = pdf->n;
  buf_appendf(pdf, "xref\n%lld 1\n%010zu %05lld n \ntrailer\n%s/Prev %lld\n>>\nstartxref\n%zu\n%%%%EOF\n",
              root, objOff, gen, buf_cstr(&tb), prev, xrefOff);
  free(zCat);
  buf_free(&tb);
  return 0;
}
