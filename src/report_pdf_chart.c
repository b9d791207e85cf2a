/*
** report_pdf_chart.c: a section's chart hint drawn in the PDF: stacked bars or lines
** with a legend, axis and category labels, told apart by patterns, markers and dashes
** as well as colour. The numbers, the axis and the styles' colours are
** report_chart.h's, which the web's charts share.
**
** Not for: the page flow, tables or text (report_pdf.c), or the XLSX charts
** (report_xlsx.c).
*/
#include "report_chart.h"
#include "report_pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ charts */

/* Hatching i over the rectangle: none, /, -, \, +, |, x, dots. */
static void hatch(Pdf *P, int i, double x, double y, double w, double h) {
  cairo_t *cr = P->cr;
  int k = i % CHART_STYLES;
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
      if ((k == 4 || k == 5) && t >= 0 && t <= w)
        cairo_move_to(cr, x + t, y), cairo_line_to(cr, x + t, y + h);
      if ((k == 2 || k == 4) && t >= 0 && t <= h)
        cairo_move_to(cr, x, y + t), cairo_line_to(cr, x + w, y + t);
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
  case 0:
    cairo_arc(cr, x, y, m, 0, 6.2832);
    cairo_fill(cr);
    break;
  case 1:
    cairo_rectangle(cr, x - m, y - m, 2 * m, 2 * m);
    cairo_fill(cr);
    break;
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
  if (k == 0)
    cairo_set_dash(P->cr, 0, 0, 0);
  else
    cairo_set_dash(P->cr, aDash[k], 2, 0);
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
        set_rgb(P, chart_fill[i % CHART_STYLES]);
        cairo_rectangle(P->cr, x, yy + 1, 16, 9);
        cairo_fill(P->cr);
        hatch(P, i, x, yy + 1, 16, 9);
        stroke_rect(P, x, yy + 1, 16, 9, 0x333333);
      } else {
        set_rgb(P, chart_line[i % CHART_STYLES]);
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

#define CHART_PLOT_H 150.0
#define CHART_AXIS_W 34.0

/* The height chart() takes on the page: legend, plot and category labels; 0 when there is
** nothing to plot. *pLegendH, if given, gets the legend's height. */
double chart_height(Pdf *P, const ReportSection *s, double *pLegendH) {
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
    double h =
        layout_set(P, P->L, F_SMALL, report_cell_str(report_cell(s, j, 0), 1, tmp), slot - 4);
    if (h > labH) labH = h;
  }
  if (pLegendH) *pLegendH = legendH;
  return legendH + 10 + CHART_PLOT_H + 6 + labH + 12;
}

void chart(Pdf *P, const ReportSection *s) {
  ChartData d;
  int nCat = chart_data_init(&d, s);
  if (nCat == 0) return;
  long long top = d.top, step = d.step;
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
          long long v = chart_value(&d, c, i);
          if (!v) continue;
          double h = CHART_PLOT_H * (double)v / (double)top, yy = pb - acc - h;
          set_rgb(P, chart_fill[i % CHART_STYLES]);
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
        long long sum = chart_cat_total(&d, c);
        snprintf(tmp, sizeof tmp, "%lld", sum);
        double th = layout_set(P, P->L, F_SMALL, tmp, 0);
        layout_show(P, P->L, x + bw / 2 - layout_width(P->L) / 2, pb - acc - th - 1);
      }
    } else {
      for (int i = 0; i < s->chartNCol; i++) {
        set_rgb(P, chart_line[i % CHART_STYLES]);
        cairo_set_line_width(cr, 1.4);
        line_dash(P, i);
        for (int c = 0; c < nCat; c++) {
          long long v = chart_value(&d, c, i);
          double x = plotX + slot * c + slot / 2, yy = pb - CHART_PLOT_H * (double)v / (double)top;
          if (c == 0)
            cairo_move_to(cr, x, yy);
          else
            cairo_line_to(cr, x, yy);
          px = x, prevY = yy;
        }
        if (nCat == 1) cairo_line_to(cr, px, prevY);
        cairo_stroke(cr);
        cairo_set_dash(cr, 0, 0, 0);
        for (int c = 0; c < nCat; c++) {
          long long v = chart_value(&d, c, i);
          marker(P, i, plotX + slot * c + slot / 2, pb - CHART_PLOT_H * (double)v / (double)top);
        }
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
    }
    for (int c = 0; c < nCat; c++) {
      layout_set(P, P->L, F_SMALL, report_cell_str(report_cell(s, d.aRow[c], 0), 1, tmp), slot - 4);
      pango_layout_set_alignment(P->L, PANGO_ALIGN_CENTER);
      layout_show(P, P->L, plotX + slot * c + 2, pb + 4);
      pango_layout_set_alignment(P->L, PANGO_ALIGN_LEFT);
    }
  }
  P->y += total;
  chart_data_free(&d);
}
