/*
** report_chart.c: the data behind a section's chart hint, shared by the PDF and
** the web's charts (see report_chart.h).
** Not for: drawing (report_pdf_chart.c, page_chart.c).
*/
#include "report_chart.h"

#include <stdlib.h>
#include <string.h>

const unsigned chart_fill[CHART_STYLES] = {0x9ecae1, 0xfdae6b, 0xa1d99b, 0xbcbddc,
                                           0xfc9272, 0xd9d9d9, 0xf6e8a6, 0x9fd8d1};
const unsigned chart_line[CHART_STYLES] = {0x1d5f9a, 0xc05a00, 0x2f7d32, 0x5e4fa2,
                                           0xb2182b, 0x505050, 0x8a6d00, 0x00786b};

long long chart_tick_step(long long max) {
  long long step = 1;
  for (;;) {
    if (max <= step * 6) return step;
    if (max <= step * 2 * 6) return step * 2;
    if (max <= step * 5 * 6) return step * 5;
    step *= 10;
  }
}

long long chart_value(const ChartData *d, int c, int i) {
  const Cell *e = report_cell(d->s, d->aRow[c], d->s->chartCol0 + i);
  return e->t == CELL_INT && e->i > 0 ? e->i : 0;
}

long long chart_cat_total(const ChartData *d, int c) {
  long long sum = 0;
  for (int i = 0; i < d->s->chartNCol; i++) sum += chart_value(d, c, i);
  return sum;
}

int chart_data_init(ChartData *d, const ReportSection *s) {
  memset(d, 0, sizeof *d);
  d->s = s;
  int n = 0;
  for (int j = 0; j < s->nRow; j++) n += s->aFlag[j] == ROW_PLAIN;
  if (n == 0 || s->chart == CHART_NONE) return 0;
  d->aRow = xcalloc((size_t)n, sizeof(int));
  for (int j = 0; j < s->nRow; j++) {
    if (s->aFlag[j] == ROW_PLAIN) d->aRow[d->nCat++] = j;
  }
  for (int c = 0; c < d->nCat; c++) {
    long long v = 0;
    for (int i = 0; i < s->chartNCol; i++) {
      long long x = chart_value(d, c, i);
      if (s->chart == CHART_BAR)
        v += x;
      else if (x > v)
        v = x;
    }
    if (v > d->max) d->max = v;
  }
  d->step = chart_tick_step(d->max);
  d->top = d->max == 0 ? 1 : (d->max + d->step - 1) / d->step * d->step;
  return d->nCat;
}

void chart_data_free(ChartData *d) {
  free(d->aRow);
  d->aRow = 0;
  d->nCat = 0;
}

void chart_describe(const ChartData *d, Buf *b) {
  const ReportSection *s = d->s;
  char tmp[CELL_TMP];
  if (s->chart == CHART_BAR) {
    buf_puts(b, "Stacked bars, one for each row of the table: ");
    for (int c = 0; c < d->nCat; c++) {
      buf_appendf(b, "%s%s, %lld in all (", c ? "; " : "",
                  report_cell_str(report_cell(s, d->aRow[c], 0), 1, tmp), chart_cat_total(d, c));
      for (int i = 0; i < s->chartNCol; i++)
        buf_appendf(b, "%s%s %lld", i ? ", " : "", s->aCol[s->chartCol0 + i].zLabel,
                    chart_value(d, c, i));
      buf_puts(b, ")");
    }
  } else {
    buf_puts(b, "Lines across the rows of the table: ");
    for (int i = 0; i < s->chartNCol; i++) {
      buf_appendf(b, "%s%s:", i ? "; " : "", s->aCol[s->chartCol0 + i].zLabel);
      for (int c = 0; c < d->nCat; c++)
        buf_appendf(b, "%s %s %lld", c ? "," : "",
                    report_cell_str(report_cell(s, d->aRow[c], 0), 1, tmp), chart_value(d, c, i));
    }
  }
  buf_puts(b, ". The table gives the same figures.");
}
