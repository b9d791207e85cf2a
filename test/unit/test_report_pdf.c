/*
** test_report_pdf.c: unit tests of the PDF renderer's pieces that need no PDF reader:
** the incremental update that sets /Lang (and asks viewers to show the title), on a
** hand-made PDF whose offsets are known,
** and a report of every shape (part headings, a line chart, a bar chart, records, an
** empty section) rendered without failing, deterministically, with its metadata.
*/
#include "report.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A minimal one-page PDF with a classic xref table, offsets computed as it is built:
** the pages (1, 2), the catalog (3), then azMore's objects (4, 5, ...). */
static void pdf_with(Buf *b, const char *const *azMore, int nMore) {
  static const char *const azBase[] = {"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
                                       "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] >>",
                                       "<< /Type /Catalog\n   /Pages 1 0 R\n>>"};
  size_t off[8];
  int n = 3 + nMore;
  buf_puts(b, "%PDF-1.5\n");
  for (int i = 1; i <= n; i++) {
    off[i] = b->n;
    buf_appendf(b, "%d 0 obj\n%s\nendobj\n", i, i <= 3 ? azBase[i - 1] : azMore[i - 4]);
  }
  size_t x = b->n;
  buf_appendf(b, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
  for (int i = 1; i <= n; i++) buf_appendf(b, "%010zu 00000 n \n", off[i]);
  buf_appendf(b, "trailer\n<< /Size %d\n   /Root 3 0 R\n>>\nstartxref\n%zu\n%%%%EOF\n", n + 1, x);
}

static void tiny_pdf(Buf *b) { pdf_with(b, 0, 0); }

TEST(pdf_lang_incremental_update) {
  Buf b = BUF_INIT, err = BUF_INIT;
  tiny_pdf(&b);
  size_t n0 = b.n;
  char *zOld = xstrndup(b.z, b.n);
  CHECK_INT(report_pdf_set_lang(&b, "en-GB", &err), 0);
  /* The original bytes are untouched; the update follows them. */
  CHECK(memcmp(b.z, zOld, n0) == 0);
  const char *zAdd = buf_cstr(&b) + n0;
  char zWant[512];
  const char *zCat = "3 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n/Lang (en-GB)\n"
                     "/ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n";
  size_t prev = 0;
  CHECK(sscanf(strstr(zOld, "startxref\n") + 10, "%zu", &prev) == 1);
  snprintf(zWant, sizeof zWant,
           "%sxref\n3 1\n%010zu 00000 n \ntrailer\n<< /Size 4\n   /Root 3 0 R\n/Prev %zu\n>>\n"
           "startxref\n%zu\n%%%%EOF\n",
           zCat, n0, prev, n0 + strlen(zCat));
  CHECK_STR(zAdd, zWant);
  /* A second language is refused, and the PDF left as it was. */
  size_t n1 = b.n;
  CHECK_INT(report_pdf_set_lang(&b, "fr", &err), 1);
  CHECK(strstr(buf_cstr(&err), "already has /Lang") != 0);
  CHECK_INT((int)(b.n - n1), 0);
  free(zOld);
  buf_free(&b);
  buf_free(&err);
}

TEST(pdf_lang_refuses_what_it_cannot_read) {
  Buf b = BUF_INIT, err = BUF_INIT;
  buf_puts(&b, "not a PDF at all, just some bytes to read");
  CHECK_INT(report_pdf_set_lang(&b, "en-GB", &err), 1);
  CHECK(strstr(buf_cstr(&err), "not a PDF") != 0);
  buf_reset(&b);
  tiny_pdf(&b);
  CHECK_INT(report_pdf_set_lang(&b, "en GB) /JS (x", &err), 1);
  CHECK(strstr(buf_cstr(&err), "not a language tag") != 0);
  /* A trailer whose /Root points nowhere in the xref. */
  buf_reset(&b);
  tiny_pdf(&b);
  char *z = strstr(b.z, "/Root 3 0 R");
  z[6] = '7';
  CHECK_INT(report_pdf_set_lang(&b, "en-GB", &err), 1);
  CHECK(strstr(buf_cstr(&err), "not in the xref") != 0);
  buf_free(&b);
  buf_free(&err);
}

/* tiny_pdf with two Figure structure elements, objects 4 and 5. */
static void figure_pdf(Buf *b) {
  static const char *const az[] = {"<< /Type /StructElem\n   /S /Figure\n   /K 1\n>>",
                                   "<< /Type /StructElem\n   /S /Figure\n   /K 2\n>>"};
  pdf_with(b, az, 2);
}

/* Each Figure gets its text as /Alt, in order, in UTF-16 hex: a ")" or "<" in the text
** cannot end the string, and the xref points at the new objects. */
TEST(pdf_alt_incremental_update) {
  Buf b = BUF_INIT, err = BUF_INIT;
  figure_pdf(&b);
  size_t n0 = b.n;
  char *az[] = {"A) /JS (x", "\xE2\x80\x93\xF0\x9F\x98\x80"}; /* en dash, an emoji */
  CHECK_INT(report_pdf_set_attrs(&b, az, 1, 0, &err), 1);     /* two Figures, one text */
  CHECK(strstr(buf_cstr(&err), "2 Figure elements for 1 charts") != 0);
  buf_reset(&err);
  CHECK_INT((int)b.n, (int)n0);
  CHECK_INT(report_pdf_set_attrs(&b, az, 2, 0, &err), 0);
  const char *zAdd = buf_cstr(&b) + n0;
  const char *zWant = "4 0 obj\n<< /Type /StructElem\n   /S /Figure\n   /K 1\n"
                      "   /Alt <FEFF004100290020002F004A0053002000280078>\n>>\nendobj\n"
                      "5 0 obj\n<< /Type /StructElem\n   /S /Figure\n   /K 2\n"
                      "   /Alt <FEFF2013D83DDE00>\n>>\nendobj\n";
  CHECK(strncmp(zAdd, zWant, strlen(zWant)) == 0);
  char zX[64];
  snprintf(zX, sizeof zX, "xref\n4 1\n%010zu 00000 n \n5 1\n", n0);
  CHECK(strstr(zAdd, zX) != 0);
  CHECK(strstr(zAdd, "/Prev ") != 0);
  /* A second time: the elements have /Alt already. */
  CHECK_INT(report_pdf_set_attrs(&b, az, 2, 0, &err), 1);
  buf_free(&b);
  buf_free(&err);
}

/* Header cells get their scope, in order: a column's header, then a row's label. */
TEST(pdf_th_scope_incremental_update) {
  Buf b = BUF_INIT, err = BUF_INIT;
  figure_pdf(&b);
  char *z;
  while ((z = strstr(b.z, "/S /Figure")) != 0) memcpy(z, "/S /TH    ", 10); /* same offsets */
  size_t n0 = b.n;
  CHECK_INT(report_pdf_set_attrs(&b, 0, 0, "C", &err), 1);
  CHECK(strstr(buf_cstr(&err), "2 TH elements for 1 scopes") != 0);
  CHECK_INT((int)b.n, (int)n0);
  CHECK_INT(report_pdf_set_attrs(&b, 0, 0, "CR", &err), 0);
  const char *zWant = "4 0 obj\n<< /Type /StructElem\n   /S /TH    \n   /K 1\n"
                      "   /A << /O /Table /Scope /Column >>\n>>\nendobj\n"
                      "5 0 obj\n<< /Type /StructElem\n   /S /TH    \n   /K 2\n"
                      "   /A << /O /Table /Scope /Row >>\n>>\nendobj\n";
  CHECK(strncmp(buf_cstr(&b) + n0, zWant, strlen(zWant)) == 0);
  CHECK_INT(report_pdf_set_attrs(&b, 0, 0, "CR", &err), 1); /* they have /A now */
  buf_free(&b);
  buf_free(&err);
}

static Report *pack_sample(void) {
  Report *r = report_new("pack", "Audit committee pack");
  report_meta(r, "organisation", "Organisation", "Test Council");
  report_meta(r, "as_at", "As at", "31/03/2025");
  report_meta(r, "policy", "Policy", "Overdue against the original target.");
  report_section(r, "Part 1: trends", LAYOUT_GRID, 0);
  ReportSection *s = report_section(r, "Open by cycle", LAYOUT_GRID, 3, "cycle", "Cycle", "open",
                                    "Open", "overdue", "Overdue");
  const char *azCycle[] = {"June 2024", "September 2024", "December 2024", "March 2025"};
  for (int i = 0; i < 4; i++) {
    report_row(s, ROW_PLAIN);
    report_text(s, azCycle[i]);
    report_int(s, 20 + i * 3);
    report_int(s, 7 - i);
  }
  report_section_chart(s, CHART_LINE, 1, 2);
  s = report_section(r, "By risk", LAYOUT_GRID, 3, "risk", "Risk", "due", "Not yet due", "late",
                     "Overdue");
  report_row(s, ROW_PLAIN);
  report_text(s, "High");
  report_int(s, 4);
  report_int(s, 9);
  report_row(s, ROW_TOTAL);
  report_text(s, "Total");
  report_int(s, 4);
  report_int(s, 9);
  report_section_chart(s, CHART_BAR, 1, 2);
  report_section(r, "Part 2: detail", LAYOUT_GRID, 0);
  s = report_section(r, "Outstanding", LAYOUT_RECORDS, 2, "id", "ID", "text", "Recommendation");
  Buf t = BUF_INIT;
  for (int i = 0; i < 400; i++) buf_puts(&t, "A long narrative that runs on and on. ");
  for (int i = 0; i < 3; i++) {
    report_row(s, ROW_PLAIN);
    report_int(s, i + 1);
    report_text(s, i == 1 ? buf_cstr(&t) : "Short.");
  }
  /* A grid row taller than a page: split across pages under repeated headers. */
  s = report_section(r, "Long grid", LAYOUT_GRID, 2, "id", "ID", "text", "Text");
  for (int i = 0; i < 30; i++) {
    report_row(s, ROW_PLAIN);
    report_int(s, i + 1);
    report_text(s, i == 20 ? buf_cstr(&t) : "Short.");
  }
  buf_free(&t);
  report_section(r, "Nothing here", LAYOUT_GRID, 1, "x", "X");
  return r;
}

TEST(pdf_renders_every_shape_deterministically) {
  Report *r = pack_sample();
  Buf a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
  CHECK_INT(report_render_pdf(r, &a, &err), 0);
  CHECK_INT(report_render_pdf(r, &b, &err), 0);
  CHECK(a.n > 1000 && a.n == b.n && memcmp(a.z, b.z, a.n) == 0);
  CHECK(memcmp(a.z, "%PDF-1.5", 8) == 0);
  /* The PDF holds NULs (compressed streams): memmem, not strstr. */
#define HAS(zLit) (memmem(a.z, a.n, zLit, sizeof(zLit) - 1) != 0)
  CHECK(HAS("/Lang (en-GB)"));
  CHECK(HAS("/CreationDate (20250331000000")); /* cairo 1.16 writes no "D:" */
  CHECK(HAS("/Creator (auditrack)"));
  CHECK(HAS("/Author (Test Council)"));
  CHECK(HAS("/Title (Audit committee pack)"));
#undef HAS
  /* report_render gives the same bytes. */
  Buf c = BUF_INIT;
  report_render(r, FMT_PDF, &c);
  CHECK(c.n == a.n && memcmp(c.z, a.z, a.n) == 0);
  CHECK_INT(report_format_from_name("pdf"), FMT_PDF);
  buf_free(&a);
  buf_free(&b);
  buf_free(&c);
  buf_free(&err);
  report_free(r);
}
