/*
** report_html.c: the renderer of a Report as one self-contained, accessible HTML
** page (embedded CSS with a print stylesheet, no scripts, no external requests).
**
** Pure: a Report in, bytes appended to the caller's Buf out, every string through
** html.c's escaping. Not for: building or checking the model (report.c), the web
** app's own pages (page_*.c), other formats (report_text.c, report_pdf.c, report_xlsx.c).
*/
#include "markup.h"
#include "report.h"

#include "html.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------- html */

/*
** The page's only styling. Captions are visually hidden because each table
** sits right under an <h2> of the same words; screen readers still get them.
*/
#define HTML_STYLE                                                                                 \
  "<style>\n"                                                                                      \
  "body{margin:0;color:#1b1b1b;background:#fff;font-size:1rem;line-height:1.5;"                    \
  "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"              \
  "\"Noto Sans\",\"Liberation Sans\",sans-serif}\n"                                                \
  "main{max-width:75rem;margin:0 auto;padding:1.5rem 1rem 3rem}\n"                                 \
  "h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}\n"                                       \
  "h2{font-size:1.35rem;line-height:1.3;margin:2rem 0 .5rem}\n"                                    \
  "h3{font-size:1.1rem;line-height:1.3;margin:1.5rem 0 .5rem}\n"                                   \
  "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem;"                   \
  "margin:0 0 1.5rem}\n"                                                                           \
  "dl.meta dt{font-weight:600}\n"                                                                  \
  "dl.meta dd{margin:0}\n"                                                                         \
  "p.note{margin:0 0 .75rem;max-width:65rem}\n"                                                    \
  "table{border-collapse:collapse;width:100%;margin:0 0 1rem}\n"                                   \
  "caption{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"          \
  "clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"                                              \
  "th,td{border:1px solid #6b6b6b;padding:.3rem .5rem;text-align:left;vertical-align:top;"         \
  "overflow-wrap:anywhere}\n"                                                                      \
  "thead th{background:#eef0f3;font-weight:600;vertical-align:bottom}\n"                           \
  ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"                  \
  "tr.total th,tr.total td{font-weight:700;border-top:2px solid #1b1b1b}\n"                        \
  "table.record{margin:0 0 1.5rem}\n"                                                              \
  "table.record caption{position:static;width:auto;height:auto;margin:0;overflow:visible;"         \
  "clip:auto;white-space:normal;text-align:left;font-weight:700;padding:0 0 .25rem}\n"             \
  "table.record th{width:14rem;background:#eef0f3;font-weight:600}\n"                              \
  "@media print{\n"                                                                                \
  "@page{size:A4;margin:15mm 12mm}\n"                                                              \
  "*,*::before,*::after{background:transparent!important;box-shadow:none!important;"               \
  "color:#000!important}\n"                                                                        \
  "body{font-size:10pt;line-height:1.35}\n"                                                        \
  "main{max-width:none;padding:0}\n"                                                               \
  "th,td{border-color:#000}\n"                                                                     \
  "thead{display:table-header-group}\n"                                                            \
  "tr,th,td{break-inside:avoid;page-break-inside:avoid}\n"                                         \
  "h1,h2,h3,p.note{break-after:avoid;page-break-after:avoid}\n"                                    \
  "}\n"                                                                                            \
  "</style>\n"

/* z escaped, its newlines as <br>. */
static void html_lines(Buf *b, const char *z) {
  for (;;) {
    size_t n = strcspn(z, "\n");
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
    html_esc(b, report_cell_str(c, 1, tmp));
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
    html_esc(b, report_cell_str(report_cell(s, j, 0), 1, tmp));
    if (s->nCol > 1 && report_cell(s, j, 1)->t != CELL_NULL) {
      const char *z = report_cell_str(report_cell(s, j, 1), 1, tmp);
      size_t n = strcspn(z, "\n");
      html_raw(b, ": ");
      char *zFirst = xstrndup(z, n);
      html_esc(b, zFirst);
      free(zFirst);
    }
    html_raw(b, "</caption>\n<tbody>\n");
    for (int i = 0; i < s->nCol; i++) {
      const Cell *c = report_cell(s, j, i);
      if (!report_record_shows(s, j, i)) continue;
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
  if (s->layout == LAYOUT_TEXT) {
    markup_render_html(s->pText, level + 1, b);
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
  for (int i = 0; i < s->nCol; i++) aNum[i] = report_col_numeric(s, i);
  html_raw(b, "<table>\n<caption>");
  html_esc(b, s->zTitle);
  html_raw(b, "</caption>\n<thead><tr>");
  for (int i = 0; i < s->nCol; i++) {
    if (aNum[i])
      html_raw(b, "<th scope=\"col\" class=\"num\">");
    else
      html_raw(b, "<th scope=\"col\">");
    html_lines(b, s->aCol[i].zLabel);
    html_raw(b, "</th>");
  }
  html_raw(b, "</tr></thead>\n<tbody>\n");
  for (int j = 0; j < s->nRow; j++) {
    int bTotal = (s->aFlag[j] & ROW_TOTAL) != 0;
    if (bTotal)
      html_raw(b, "<tr class=\"total\">");
    else
      html_raw(b, "<tr>");
    for (int i = 0; i < s->nCol; i++) {
      const char *zTag = bTotal && i == 0 ? "th" : "td";
      html_appendf(b, "<%s", zTag);
      if (bTotal && i == 0) html_raw(b, " scope=\"row\"");
      if (aNum[i]) html_raw(b, " class=\"num\"");
      html_raw(b, ">");
      const Markup *w = report_cell_words(s, j, i);
      if (w)
        markup_render_html(w, level + 1, b);
      else
        html_cell_content(b, report_cell(s, j, i));
      html_appendf(b, "</%s>", zTag);
    }
    html_raw(b, "</tr>\n");
  }
  html_raw(b, "</tbody>\n</table>\n</section>\n");
  free(aNum);
}

void report_render_html(const Report *r, Buf *b) {
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
      const ReportMeta *m = &r->aMeta[i];
      char zIso[DAY_FMT_MAX], zText[DAY_FMT_MAX];
      if (m->day != DAY_NONE)
        html_appendf(b, "<time datetime=\"%s\">%s</time>", day_fmt(m->day, DAY_ISO, zIso),
                     report_meta_text(m, zText));
      else
        html_lines(b, m->zValue);
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
