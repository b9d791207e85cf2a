/*
** report_render.c: a Report in a format, by way of the renderer that writes it
** (report.h's report_render). It sits above the renderers, which sit above the
** table model (report.c), so that the model calls no renderer. Not for: any
** renderer's bytes (report_text.c, report_html.c, report_pdf.c, report_xlsx.c).
*/
#include "report.h"

void report_render(const Report *r, ReportFormat fmt, Buf *out) {
  for (int k = 0; k < r->nSection; k++) report_section_check(r->apSection[k]);
  switch (fmt) {
  case FMT_TEXT: report_render_text(r, out); return;
  case FMT_MD: report_render_md(r, out); return;
  case FMT_CSV: report_render_csv(r, out); return;
  case FMT_JSON: report_render_json(r, out); return;
  case FMT_HTML: report_render_html(r, out); return;
  case FMT_PDF: {
    Buf err = BUF_INIT;
    if (report_render_pdf(r, out, &err)) fatal("%s", buf_cstr(&err));
    buf_free(&err);
    return;
  }
  case FMT_XLSX: {
    Buf err = BUF_INIT;
    if (report_render_xlsx(r, 0, out, &err)) fatal("%s", buf_cstr(&err));
    buf_free(&err);
    return;
  }
  case FMT_DOCX: {
    Buf err = BUF_INIT;
    if (report_render_docx(r, out, &err)) fatal("%s", buf_cstr(&err));
    buf_free(&err);
    return;
  }
  case REPORT_FORMAT__MAX: break;
  }
  fatal("report_render: bad format %d", (int)fmt);
}
