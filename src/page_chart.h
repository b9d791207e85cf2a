/*
** page_chart.h: a report section's chart hint drawn for a web page as inline
** SVG, with a text alternative, from report_chart.h's data.
** Not for: the table beside it (page_render.h) or the PDF's charts.
*/
#ifndef AT_PAGE_CHART_H
#define AT_PAGE_CHART_H

#include "buf.h"
#include "report.h"

/* Append s's chart (s->chart must not be CHART_NONE) to b as one <svg
** role="img"> whose title is s's title and whose description states every
** value it draws; zId (letters, digits, '-') makes its ids unique on the page.
** Series are told apart by hatching or by markers and dashes as well as colour,
** and named in a legend. Nothing is appended when s has no categories. No
** scripts, no styles, no external references: the page's CSP holds. */
void page_chart_svg(Buf *b, const ReportSection *s, const char *zId);

#endif
