/*
** report_pdf.h: what the PDF typesetter's files share: the page geometry, the fonts,
** the typesetting state (Pdf) and the drawing primitives report_pdf.c defines.
**
** Only report_pdf.c, report_pdf_chart.c, report_pdf_keep.c and report_pdf_width.c
** include it.
** Not for: anyone rendering a report (report.h's report_render_pdf is the way in).
*/
#ifndef AT_REPORT_PDF_H
#define AT_REPORT_PDF_H

#include "report.h"

#include <cairo.h>
#include <pango/pangocairo.h>

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
#define CELL_LEADING 0.92f /* table cells' line spacing, a factor of the font's own */

enum { F_BODY, F_BOLD, F_CELL, F_CELL_BOLD, F_SMALL, F_H1, F_H2, F_PART, F_TITLE, F_SUB, F__MAX };

typedef struct Pdf {
  const Report *r;
  cairo_surface_t *surf;
  cairo_t *cr;
  PangoContext *ctx;
  PangoFontDescription *aFd[F__MAX];
  PangoLayout *L;                     /* scratch layout for one-off paragraphs */
  int draw;                           /* 0: the measuring pass, 1: the drawing pass */
  int page;                           /* current page, 1-based */
  int nPage;                          /* pages in the document, known in the drawing pass */
  double y;                           /* next free position on the page */
  double aLineH[F__MAX], aEm[F__MAX]; /* one line's height, the font size, in points */
  int *aSecPage;                      /* per section: the page its heading is on */
  int outlinePart;                    /* outline id of the current part heading, or 0 */
  char **azAlt;                       /* each Figure's alternative text, in order (heap) */
  int nAlt;
  Buf scope; /* each TH's scope in order: 'C' (a column's header) or 'R' (a row's label) */
  PangoLayout **aKeep; /* long values' layouts the measuring pass set (report_pdf_keep.c) */
  int nKeep, nKeepAlloc, iKeep; /* kept, allocated, taken back by the drawing pass */
  size_t keepBytes;             /* text kept so far in this pass */
} Pdf;

/* report_pdf.c: text and drawing. layout_set sets z in font, w points wide (0: no
** wrapping), and returns its height; the others draw only in the drawing pass. */
double layout_set(Pdf *P, PangoLayout *L, int font, const char *z, double w);
double layout_width(PangoLayout *L);
/* A new layout for a table cell in font: its lines closer than a paragraph's. */
PangoLayout *cell_layout_new(Pdf *P, int font);

/* report_pdf_keep.c. Is z in font a short line of plain ASCII that no glyph could wrap
** in w, so one line tall without being shaped? */
int cell_is_short(const Pdf *P, int font, const char *z, double w);
/* The layout to measure and draw value z in font, w wide, with its height in *pH: in the
** measuring pass a new layout, kept, for a long value (L, untouched, for a short one:
** measured without shaping); in the drawing pass the one kept for it (L, set to z, for a
** short one or one past the limit). The kept layouts are the Pdf's: keep_free. */
PangoLayout *keep_cell(Pdf *P, PangoLayout *L, int font, const char *z, double w, double *pH);
/* Start a pass (the drawing pass takes back from the first kept). */
void keep_pass(Pdf *P);
void keep_free(Pdf *P);
void layout_show(Pdf *P, PangoLayout *L, double x, double y);
void set_rgb(Pdf *P, unsigned rgb);
void fill_rect(Pdf *P, double x, double y, double w, double h, unsigned rgb);
void hline(Pdf *P, double x0, double x1, double y, double lw, unsigned rgb);
void stroke_rect(Pdf *P, double x, double y, double w, double h, unsigned rgb);
void page_need(Pdf *P, double h);

/* report_pdf_width.c: the widths of s's columns, padding included, into aW (TEXT_W in
** all when the content needs it), and which columns are numbers, right-aligned, into
** aNum; both s->nCol long, the caller's. */
void grid_widths(Pdf *P, const ReportSection *s, double *aW, int *aNum);

/* report_pdf_chart.c: the height chart() takes on the page (0 when there is nothing to
** plot; *pLegendH, if given, gets the legend's height), and the chart drawn at the flow
** position. */
double chart_height(Pdf *P, const ReportSection *s, double *pLegendH);
void chart(Pdf *P, const ReportSection *s);

#endif
