/*
** report_chart.h: the data behind a section's chart hint (report.h's ChartKind),
** for every renderer that draws one: the categories (the section's ROW_PLAIN
** rows), each series' value in a category, a scale of whole ticks, and the
** styles that tell series apart besides colour. The PDF (report_pdf_chart.c)
** and the web's inline SVG (page_chart.c) draw from the same numbers.
** Not for: drawing itself, or deciding what is charted (the report builders).
*/
#ifndef AT_REPORT_CHART_H
#define AT_REPORT_CHART_H

#include "report.h"

/* A chart's categories and axis. */
typedef struct ChartData {
  const ReportSection *s;
  int nCat;
  int *aRow;      /* nCat: the row of s each category is (heap) */
  long long max;  /* BAR: the largest category's sum; LINE: the highest point */
  long long step; /* the axis: a tick every step from 0 to top */
  long long top;
} ChartData;

/* Fill d from s's chart hint. Returns the number of categories; with none there
** is nothing to plot and d holds nothing to free. Otherwise free with
** chart_data_free. */
int chart_data_init(ChartData *d, const ReportSection *s);
void chart_data_free(ChartData *d);
/* Series i's value in category c: the cell's whole number, 0 for a NULL or a
** negative one (a chart draws counts). */
long long chart_value(const ChartData *d, int c, int i);
/* The sum of category c's series (a bar's total). */
long long chart_cat_total(const ChartData *d, int c);
/* A tick step of 1, 2 or 5 times a power of ten giving at most 6 intervals up to max. */
long long chart_tick_step(long long max);

/* The chart in words, appended to b as plain text (the caller escapes it for its format):
** each bar's category, total and parts, or each line's points, and that the table gives
** the same figures. The web's SVG description and the PDF's alternative text. */
void chart_describe(const ChartData *d, Buf *b);

/* The series' styles: a fill and a line colour (0xRRGGBB) and, by the same
** index, a hatching, a marker and a dash, so that no series is told by colour
** alone. Index with i % CHART_STYLES. */
#define CHART_STYLES 8
extern const unsigned chart_fill[CHART_STYLES];
extern const unsigned chart_line[CHART_STYLES];

#endif
