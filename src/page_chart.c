/*
** page_chart.c: a section's chart hint as inline SVG for the web pages: stacked
** bars or lines, with a legend, a whole-number axis and category labels, told
** apart by hatching, markers and dashes as well as colour, and a description
** that states every value drawn. The numbers come from report_chart.h, as the
** PDF's do. Not for: the table the chart stands beside (page_render.c), or
** the PDF and XLSX charts.
*/
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "page_chart.h"
#include "report_chart.h"

#define SVG_W 640
#define AXIS_W 44
#define PLOT_H 200
#define FONT 13
#define CHAR_W 7 /* a character's width at FONT, near enough for laying out */
#define LINE_H 16

static void colour(char *z, unsigned rgb) { snprintf(z, 8, "#%06x", rgb & 0xffffffu); }

/* The hatching of series k (1..7: / - \ + | x dots) as a path or a dot. */
static void pattern(Buf *b, const char *zId, int i) {
  static const char *const azPath[] = {"",
                                       "M-1,1 L1,-1 M0,6 L6,0 M5,7 L7,5",
                                       "M0,3 H6",
                                       "M-1,5 L1,7 M0,0 L6,6 M5,-1 L7,1",
                                       "M0,3 H6 M3,0 V6",
                                       "M3,0 V6",
                                       "M0,0 L6,6 M0,6 L6,0",
                                       ""};
  char zFill[8];
  colour(zFill, chart_fill[i % CHART_STYLES]);
  int k = i % CHART_STYLES;
  html_appendf(b,
               "<pattern id=\"%s-p%d\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">"
               "<rect width=\"6\" height=\"6\" fill=\"%s\"/>",
               zId, i, zFill);
  if (k == 7)
    html_raw(b, "<circle cx=\"3\" cy=\"3\" r=\"1\" fill=\"#262626\"/>");
  else if (k > 0)
    html_appendf(b, "<path d=\"%s\" stroke=\"#262626\" stroke-width=\"0.8\"/>", azPath[k]);
  html_raw(b, "</pattern>");
}

/* Marker i at (x, y): circle, square, triangle, diamond, cross, x. */
static void marker(Buf *b, int i, int x, int y, const char *zCol) {
  switch (i % 6) {
  case 0: html_appendf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>", x, y, zCol); break;
  case 1:
    html_appendf(b, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%s\"/>", x - 4, y - 4,
                 zCol);
    break;
  case 2:
    html_appendf(b, "<path d=\"M%d,%d L%d,%d L%d,%d Z\" fill=\"%s\"/>", x, y - 5, x + 5, y + 4,
                 x - 5, y + 4, zCol);
    break;
  case 3:
    html_appendf(b, "<path d=\"M%d,%d L%d,%d L%d,%d L%d,%d Z\" fill=\"%s\"/>", x, y - 5, x + 5, y,
                 x, y + 5, x - 5, y, zCol);
    break;
  case 4:
    html_appendf(b, "<path d=\"M%d,%d H%d M%d,%d V%d\" stroke=\"%s\" stroke-width=\"2\"/>", x - 5,
                 y, x + 5, x, y - 5, y + 5, zCol);
    break;
  default:
    html_appendf(b, "<path d=\"M%d,%d L%d,%d M%d,%d L%d,%d\" stroke=\"%s\" stroke-width=\"2\"/>",
                 x - 4, y - 4, x + 4, y + 4, x - 4, y + 4, x + 4, y - 4, zCol);
  }
}

static const char *dash(int i) {
  static const char *const az[] = {"", "6 3", "2 3", "9 3", "4 4", "12 4"};
  return az[i % 6];
}

/* The legend's rows: each entry a swatch and its label, wrapped to the width.
** Draws when b is not NULL; returns the height. */
static int legend(Buf *b, const ReportSection *s, const char *zId, int y0) {
  int x = 0, y = y0;
  char zCol[8];
  for (int i = 0; i < s->chartNCol; i++) {
    const char *zLabel = s->aCol[s->chartCol0 + i].zLabel;
    int w = 28 + (int)strlen(zLabel) * CHAR_W + 18;
    if (x + w > SVG_W && x > 0) {
      x = 0;
      y += 22;
    }
    if (b) {
      if (s->chart == CHART_BAR) {
        html_appendf(b,
                     "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"12\" fill=\"url(#%s-p%d)\" "
                     "stroke=\"#333333\"/>",
                     x, y + 2, zId, i);
      } else {
        colour(zCol, chart_line[i % CHART_STYLES]);
        html_appendf(b,
                     "<path d=\"M%d,%d H%d\" stroke=\"%s\" stroke-width=\"2\" "
                     "stroke-dasharray=\"%s\"/>",
                     x, y + 8, x + 22, zCol, dash(i));
        marker(b, i, x + 11, y + 8, zCol);
      }
      html_appendf(b, "<text x=\"%d\" y=\"%d\">%s</text>", x + 28, y + 13, zLabel);
    }
    x += w;
  }
  return y + 22 - y0;
}

/* A category's label in lines that fit its slot (at most 3; the rest cut). */
static int label_lines(const char *z, int slot, char az[3][64]) {
  int n = 0, max = slot / CHAR_W;
  if (max < 4) max = 4;
  if (max > 63) max = 63;
  while (*z && n < 3) {
    while (*z == ' ') z++;
    int len = (int)strlen(z);
    if (len <= max) {
      snprintf(az[n++], 64, "%s", z);
      break;
    }
    int cut = max;
    while (cut > 0 && z[cut] != ' ') cut--;
    if (cut == 0) cut = max;
    while (cut > 0 && ((unsigned char)z[cut] & 0xC0) == 0x80) cut--; /* a whole character */
    snprintf(az[n++], 64, "%.*s", cut, z);
    z += cut;
  }
  return n;
}

static int y_of(const ChartData *d, int pb, long long v) { return pb - (int)(PLOT_H * v / d->top); }

static void bars(Buf *b, const ChartData *d, const char *zId, int plotX, int slot, int pb) {
  const ReportSection *s = d->s;
  int bw = slot * 55 / 100 > 64 ? 64 : slot * 55 / 100;
  for (int c = 0; c < d->nCat; c++) {
    int x = plotX + slot * c + (slot - bw) / 2;
    long long acc = 0;
    for (int i = 0; i < s->chartNCol; i++) {
      long long v = chart_value(d, c, i);
      if (!v) continue;
      int y1 = y_of(d, pb, acc + v), y0 = y_of(d, pb, acc);
      html_appendf(b,
                   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"url(#%s-p%d)\" "
                   "stroke=\"#333333\"/>",
                   x, y1, bw, y0 - y1, zId, i);
      if (y0 - y1 >= FONT + 4) {
        int tw = (int)snprintf(0, 0, "%lld", v) * CHAR_W + 6;
        html_appendf(b,
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>"
                     "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%lld</text>",
                     x + bw / 2 - tw / 2, (y0 + y1) / 2 - FONT / 2 - 1, tw, FONT + 2, x + bw / 2,
                     (y0 + y1) / 2 + FONT / 2 - 1, v);
      }
      acc += v;
    }
    html_appendf(b,
                 "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%lld</text>",
                 x + bw / 2, y_of(d, pb, acc) - 4, acc);
  }
}

static void lines(Buf *b, const ChartData *d, int plotX, int slot, int pb) {
  const ReportSection *s = d->s;
  char zCol[8];
  for (int i = 0; i < s->chartNCol; i++) {
    colour(zCol, chart_line[i % CHART_STYLES]);
    html_raw(b, "<path d=\"");
    for (int c = 0; c < d->nCat; c++)
      html_appendf(b, "%s%d,%d", c ? " L" : "M", plotX + slot * c + slot / 2,
                   y_of(d, pb, chart_value(d, c, i)));
    html_appendf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>",
                 zCol, dash(i));
    for (int c = 0; c < d->nCat; c++)
      marker(b, i, plotX + slot * c + slot / 2, y_of(d, pb, chart_value(d, c, i)), zCol);
  }
}

void page_chart_svg(Buf *b, const ReportSection *s, const char *zId) {
  ChartData d;
  if (!chart_data_init(&d, s)) return;
  int legendH = legend(0, s, zId, 0);
  int plotX = AXIS_W, slot = (SVG_W - AXIS_W - 4) / d.nCat;
  int py = legendH + 14, pb = py + PLOT_H, nLab = 1;
  char az[3][64], tmp[CELL_TMP];
  for (int c = 0; c < d.nCat; c++) {
    int n = label_lines(report_cell_str(report_cell(s, d.aRow[c], 0), 1, tmp), slot - 4, az);
    if (n > nLab) nLab = n;
  }
  int h = pb + 8 + nLab * LINE_H + 4;
  html_appendf(b,
               "<svg class=\"at-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
               "role=\"img\" aria-labelledby=\"%s-t %s-d\" font-size=\"%d\" "
               "font-family=\"system-ui, sans-serif\" fill=\"#0b0c0c\">"
               "<title id=\"%s-t\">%s</title><desc id=\"%s-d\">",
               SVG_W, h, zId, zId, FONT, zId, s->zTitle, zId);
  Buf words = BUF_INIT;
  chart_describe(&d, &words);
  html_appendf(b, "%s", buf_cstr(&words));
  buf_free(&words);
  html_raw(b, "</desc><defs>");
  for (int i = 0; s->chart == CHART_BAR && i < s->chartNCol; i++) pattern(b, zId, i);
  html_raw(b, "</defs>");
  legend(b, s, zId, 0);
  for (long long t = 0; t <= d.top; t += d.step) {
    int y = y_of(&d, pb, t);
    html_appendf(b,
                 "<path d=\"M%d,%d H%d\" stroke=\"%s\" stroke-width=\"%d\"/>"
                 "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>",
                 plotX, y, SVG_W - 4, t ? "#cccccc" : "#0b0c0c", t ? 1 : 2, plotX - 6, y + 4, t);
  }
  html_appendf(b, "<path d=\"M%d,%d V%d\" stroke=\"#0b0c0c\" stroke-width=\"2\"/>", plotX, py - 4,
               pb);
  if (s->chart == CHART_BAR)
    bars(b, &d, zId, plotX, slot, pb);
  else
    lines(b, &d, plotX, slot, pb);
  for (int c = 0; c < d.nCat; c++) {
    int n = label_lines(report_cell_str(report_cell(s, d.aRow[c], 0), 1, tmp), slot - 4, az);
    for (int k = 0; k < n; k++)
      html_appendf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                   plotX + slot * c + slot / 2, pb + 8 + (k + 1) * LINE_H - 3, az[k]);
  }
  html_raw(b, "</svg>");
  chart_data_free(&d);
}
