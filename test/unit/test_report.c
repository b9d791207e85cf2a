/*
** test_report.c: unit tests of the report table model and its five renderers.
** One small report (a grid with a total row and a NULL cell, then a records
** section whose text holds markup, quotes, commas, a pipe and a newline) is
** rendered in every format and compared byte for byte where the format is
** ours to define, and checked for escaping where it is HTML.
*/
#include "report.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static Report *report_test_sample(void) {
  Report *r = report_new("summary", "Outstanding audit recommendations: summary");
  report_meta_day(r, "as_at", "As at", day_from_ymd(2022, 2, 15));
  report_meta(r, "policy", "Policy", "Overdue against original target");

  ReportSection *s =
      report_section(r, "Outstanding by risk", LAYOUT_GRID, 4, "risk", "Risk", "open", "Open",
                     "overdue", "Overdue", "oldest_due", "Oldest due");
  report_section_note(s, "Counts exclude superseded recommendations.");
  report_row(s, ROW_PLAIN);
  report_text(s, "High");
  report_int(s, 3);
  report_int(s, 1);
  report_date(s, day_from_ymd(2019, 9, 30));
  report_row(s, ROW_PLAIN);
  report_text(s, "£350,00 – test");
  report_int(s, 12);
  report_null(s);
  report_date(s, day_from_ymd(2020, 5, 31));
  report_row(s, ROW_TOTAL);
  report_text(s, "Total");
  report_int(s, 15);
  report_int(s, 1);
  report_date(s, DAY_NONE);

  s = report_section(r, "Recommendations", LAYOUT_RECORDS, 4, "ref", "Ref", "text",
                     "Recommendation", "due", "Target date", "agreed", "Agreed");
  report_row(s, ROW_PLAIN);
  report_text(s, "MCC-19/3a");
  report_text(s, "Remove the <script> tag,\nsay \"no\" | 'yes'");
  report_date(s, day_from_ymd(2019, 9, 30));
  report_bool(s, 1);
  report_row(s, ROW_PLAIN);
  report_text(s, "MCC-19/4");
  report_text(s, 0);
  report_date(s, DAY_NONE);
  report_bool(s, 0);
  return r;
}

/* r rendered in fmt as a heap string; r is freed. */
static char *report_test_render(Report *r, ReportFormat fmt) {
  Buf b = BUF_INIT;
  report_render(r, fmt, &b);
  report_free(r);
  return buf_steal(&b);
}

TEST(report_text_exact) {
  char *z = report_test_render(report_test_sample(), FMT_TEXT);
  CHECK_STR(z, "Outstanding audit recommendations: summary\n"
               "==========================================\n"
               "As at: 15 February 2022\n"
               "Policy: Overdue against original target\n"
               "\n"
               "Outstanding by risk\n"
               "-------------------\n"
               "Counts exclude superseded recommendations.\n"
               "\n"
               "Risk            Open  Overdue  Oldest due\n"
               "--------------  ----  -------  ----------\n"
               "High               3        1  30/09/2019\n"
               "£350,00 – test    12        -  31/05/2020\n"
               "--------------  ----  -------  ----------\n"
               "Total             15        1  -\n"
               "\n"
               "Recommendations\n"
               "---------------\n"
               "\n"
               "Ref: MCC-19/3a\n"
               "Recommendation: Remove the <script> tag,\n"
               "                say \"no\" | 'yes'\n"
               "Target date: 30/09/2019\n"
               "Agreed: Yes\n"
               "\n"
               "Ref: MCC-19/4\n"
               "Agreed: No\n"); /* a block prints only the fields that have a value */
  free(z);
}

TEST(report_text_multiline_grid_cell_and_no_trailing_spaces) {
  Report *r = report_new("k", "Tíτle");
  ReportSection *s = report_section(r, "S", LAYOUT_GRID, 3, "a", "A", "b", "Bee\nsee", "c", "C");
  report_row(s, ROW_PLAIN);
  report_text(s, "one\ntwo lines");
  report_int(s, 7);
  report_text(s, "");
  report_row(s, ROW_TOTAL);
  report_text(s, "Sub");
  report_int(s, 7);
  report_text(s, "x ");
  report_row(s, ROW_TOTAL); /* a second total follows the first without a second rule */
  report_text(s, "All");
  report_int(s, 1000);
  report_bool(s, 1);
  char *z = report_test_render(r, FMT_TEXT);
  CHECK_STR(z, "Tíτle\n"
               "=====\n"
               "\n"
               "S\n"
               "-\n"
               "\n"
               "A           Bee  C\n"
               "            see\n"
               "---------  ----  ---\n"
               "one           7\n"
               "two lines\n"
               "---------  ----  ---\n"
               "Sub           7  x\n"
               "All        1000  Yes\n");
  free(z);
}

TEST(report_md_exact) {
  char *z = report_test_render(report_test_sample(), FMT_MD);
  CHECK_STR(z, "# Outstanding audit recommendations: summary\n"
               "\n"
               "- **As at:** 15 February 2022\n"
               "- **Policy:** Overdue against original target\n"
               "\n"
               "## Outstanding by risk\n"
               "\n"
               "Counts exclude superseded recommendations.\n"
               "\n"
               "| Risk | Open | Overdue | Oldest due |\n"
               "| --- | ---: | ---: | --- |\n"
               "| High | 3 | 1 | 30/09/2019 |\n"
               "| £350,00 – test | 12 | - | 31/05/2020 |\n"
               "| **Total** | **15** | **1** | **-** |\n"
               "\n"
               "## Recommendations\n"
               "\n"
               "### MCC-19/3a\n"
               "\n"
               "- **Recommendation:** Remove the \\<script\\> tag,<br>say \"no\" \\| 'yes'\n"
               "- **Target date:** 30/09/2019\n"
               "- **Agreed:** Yes\n"
               "\n"
               "### MCC-19/4\n"
               "\n"
               "- **Agreed:** No\n");
  free(z);
}

TEST(report_md_escapes_markup_in_cells_and_notes) {
  Report *r = report_new("k", "A # title");
  ReportSection *s = report_section(r, "S", LAYOUT_GRID, 1, "a", "A|B");
  report_section_note(s, "1. not a list *really* & &amp;");
  report_row(s, ROW_PLAIN);
  report_text(s, "a|b\nc_d [x](y) `z`");
  char *z = report_test_render(r, FMT_MD);
  CHECK_STR(z, "# A \\# title\n"
               "\n"
               "## S\n"
               "\n"
               "1\\. not a list \\*really\\* & \\&amp;\n"
               "\n"
               "| A\\|B |\n"
               "| --- |\n"
               "| a\\|b<br>c\\_d \\[x\\](y) \\`z\\` |\n");
  free(z);
}

TEST(report_csv_exact) {
  char *z = report_test_render(report_test_sample(), FMT_CSV);
  CHECK_STR(z, "meta,as_at,15/02/2022\n"
               "meta,policy,Overdue against original target\n"
               "\n"
               "section,risk,open,overdue,oldest_due\n"
               "Outstanding by risk,High,3,1,2019-09-30\n"
               "Outstanding by risk,\"£350,00 – test\",12,,2020-05-31\n"
               "Outstanding by risk,Total,15,1,\n"
               "\n"
               "section,ref,text,due,agreed\n"
               "Recommendations,MCC-19/3a,\"Remove the <script> tag,\n"
               "say \"\"no\"\" | 'yes'\",2019-09-30,true\n"
               "Recommendations,MCC-19/4,,,false\n");
  free(z);
}

TEST(report_json_exact) {
  char *z = report_test_render(report_test_sample(), FMT_JSON);
  CHECK_STR(z,
            "{\"report\":\"summary\","
            "\"title\":\"Outstanding audit recommendations: summary\","
            "\"meta\":{\"as_at\":\"15/02/2022\",\"policy\":\"Overdue against original target\"},"
            "\"sections\":["
            "{\"title\":\"Outstanding by risk\","
            "\"note\":\"Counts exclude superseded recommendations.\","
            "\"columns\":[{\"key\":\"risk\",\"label\":\"Risk\"},"
            "{\"key\":\"open\",\"label\":\"Open\"},"
            "{\"key\":\"overdue\",\"label\":\"Overdue\"},"
            "{\"key\":\"oldest_due\",\"label\":\"Oldest due\"}],"
            "\"rows\":["
            "{\"risk\":\"High\",\"open\":3,\"overdue\":1,\"oldest_due\":\"2019-09-30\"},"
            "{\"risk\":\"£350,00 – test\",\"open\":12,\"overdue\":null,"
            "\"oldest_due\":\"2020-05-31\"},"
            "{\"risk\":\"Total\",\"open\":15,\"overdue\":1,\"oldest_due\":null,\"total\":true}]},"
            "{\"title\":\"Recommendations\",\"note\":null,"
            "\"columns\":[{\"key\":\"ref\",\"label\":\"Ref\"},"
            "{\"key\":\"text\",\"label\":\"Recommendation\"},"
            "{\"key\":\"due\",\"label\":\"Target date\"},"
            "{\"key\":\"agreed\",\"label\":\"Agreed\"}],"
            "\"rows\":["
            "{\"ref\":\"MCC-19/3a\","
            "\"text\":\"Remove the <script> tag,\\nsay \\\"no\\\" | 'yes'\","
            "\"due\":\"2019-09-30\",\"agreed\":true},"
            "{\"ref\":\"MCC-19/4\",\"text\":null,\"due\":null,\"agreed\":false}]}]}\n");
  free(z);
}

TEST(report_json_cleans_control_bytes_and_bad_utf8) {
  /* ESC, tab, a lone lead byte, a UTF-8 surrogate (3 bytes) and U+009B (CSI). */
  Report *r = report_new("k", "t\x1b[31m\tx\xc3(\xed\xa0\x80\xc2\x9b");
  ReportSection *s = report_section(r, "S", LAYOUT_GRID, 1, "a", "A");
  report_row(s, ROW_PLAIN);
  report_text(s, "a\r\nb\rc\x7f");
  report_row(s, ROW_PLAIN);
  report_int(s, -9223372036854775807LL - 1);
  char *z = report_test_render(r, FMT_JSON);
  CHECK_STR(z, "{\"report\":\"k\","
               "\"title\":\"t\xEF\xBF\xBD[31m x\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
               "\xEF\xBF\xBD\","
               "\"meta\":{},\"sections\":[{\"title\":\"S\",\"note\":null,"
               "\"columns\":[{\"key\":\"a\",\"label\":\"A\"}],"
               "\"rows\":[{\"a\":\"a\\nb\\nc\xEF\xBF\xBD\"},{\"a\":-9223372036854775808}]}]}\n");
  free(z);
}

TEST(report_html_escapes_and_is_accessible) {
  char *z = report_test_render(report_test_sample(), FMT_HTML);
  CHECK(strncmp(z, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33) == 0);
  CHECK(strstr(z, "<meta charset=\"utf-8\">"));
  CHECK(strstr(z, "<meta name=\"viewport\""));
  CHECK(strstr(z, "<title>Outstanding audit recommendations: summary</title>"));
  CHECK(strstr(z, "<h1>Outstanding audit recommendations: summary</h1>"));
  CHECK(strstr(z, "<dt>As at</dt><dd><time datetime=\"2022-02-15\">15 February 2022</time></dd>"));
  CHECK(strstr(z, "<section aria-labelledby=\"sec1\">\n<h2 id=\"sec1\">Outstanding by risk</h2>"));
  CHECK(strstr(z, "<p class=\"note\">Counts exclude superseded recommendations.</p>"));
  CHECK(strstr(z, "<caption>Outstanding by risk</caption>"));
  /* Records: one labelled table per row, captioned by its first two values. */
  CHECK(strstr(z,
               "<table class=\"record\">\n<caption>Ref MCC-19/3a: Remove the &lt;script&gt; "
               "tag,</caption>\n<tbody>\n<tr><th scope=\"row\">Ref</th><td>MCC-19/3a</td></tr>"));
  CHECK(strstr(z, "<caption>Ref MCC-19/4</caption>\n<tbody>\n<tr><th scope=\"row\">Ref</th>"
                  "<td>MCC-19/4</td></tr>\n<tr><th scope=\"row\">Agreed</th><td>No</td></tr>"));
  CHECK(strstr(z, "<thead><tr><th scope=\"col\">Risk</th>"
                  "<th scope=\"col\" class=\"num\">Open</th>"));
  CHECK(strstr(z, "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"num\">15</td>"
                  "<td class=\"num\">1</td><td>-</td></tr>"));
  CHECK(strstr(z, "<td class=\"num\">-</td>"));
  CHECK(strstr(z, "<td>£350,00 – test</td>"));
  CHECK(strstr(z, "<td><time datetime=\"2019-09-30\">30/09/2019</time></td>"));
  CHECK(strstr(z, "<td>Remove the &lt;script&gt; tag,<br>say &quot;no&quot; | &#39;yes&#39;</td>"));
  CHECK(strstr(z, "<td>Yes</td>") && strstr(z, "<td>No</td>"));
  CHECK(strstr(z, "@media print"));
  CHECK(strstr(z, "thead{display:table-header-group}"));
  CHECK(!strstr(z, "<script"));
  CHECK(!strstr(z, "http:") && !strstr(z, "https:") && !strstr(z, "//"));
  CHECK(!strstr(z, "http"));
  CHECK(!strstr(z, " src=") && !strstr(z, " href=") && !strstr(z, "url("));
  size_t n = strlen(z);
  CHECK(n > 7 && strcmp(z + n - 8, "</html>\n") == 0);
  free(z);
}

/* A block shows a field only when it has a value (white space is none); a row with no
** value at all keeps its first field, so it still shows. */
TEST(report_record_shows_fields_with_a_value) {
  Report *r = report_new("k", "T");
  ReportSection *s = report_section(r, "S", LAYOUT_RECORDS, 3, "a", "A", "b", "B", "c", "C");
  report_row(s, ROW_PLAIN);
  report_text(s, " \n ");
  report_text(s, "x");
  report_null(s);
  report_row(s, ROW_PLAIN);
  report_null(s);
  report_text(s, "");
  report_null(s);
  report_row(s, ROW_PLAIN);
  report_int(s, 0);
  report_bool(s, 0);
  report_date(s, day_from_ymd(2024, 1, 31));
  CHECK_INT(report_record_shows(s, 0, 0), 0);
  CHECK_INT(report_record_shows(s, 0, 1), 1);
  CHECK_INT(report_record_shows(s, 0, 2), 0);
  CHECK_INT(report_record_shows(s, 1, 0), 1);
  CHECK_INT(report_record_shows(s, 1, 1), 0);
  CHECK_INT(report_record_shows(s, 1, 2), 0);
  for (int i = 0; i < 3; i++) CHECK_INT(report_record_shows(s, 2, i), 1); /* 0 and No are values */
  char *z = report_test_render(r, FMT_TEXT);
  CHECK_STR(z, "T\n=\n\nS\n-\n\nB: x\n\nA: -\n\nA: 0\nB: No\nC: 31/01/2024\n");
  free(z);
}

TEST(report_empty_section_says_none) {
  Report *r = report_new("k", "T");
  report_section(r, "Nothing", LAYOUT_GRID, 1, "a", "A");
  Buf b = BUF_INIT;
  report_render(r, FMT_TEXT, &b);
  CHECK_STR(buf_cstr(&b), "T\n=\n\nNothing\n-------\n\nNone.\n");
  buf_reset(&b);
  report_render(r, FMT_MD, &b);
  CHECK_STR(buf_cstr(&b), "# T\n\n## Nothing\n\nNone.\n");
  buf_reset(&b);
  report_render(r, FMT_CSV, &b);
  CHECK_STR(buf_cstr(&b), "section,a\n");
  buf_reset(&b);
  report_render(r, FMT_JSON, &b);
  CHECK_STR(buf_cstr(&b), "{\"report\":\"k\",\"title\":\"T\",\"meta\":{},\"sections\":[{\"title\":"
                          "\"Nothing\",\"note\":null,\"columns\":[{\"key\":\"a\",\"label\":\"A\"}],"
                          "\"rows\":[]}]}\n");
  buf_reset(&b);
  report_render(r, FMT_HTML, &b);
  CHECK(strstr(buf_cstr(&b), "<h2 id=\"sec1\">Nothing</h2>\n<p>None.</p>\n</section>"));
  CHECK(!strstr(buf_cstr(&b), "<table"));
  buf_free(&b);
  report_free(r);
}

/* report_build.c makes a heading-only section, and one whose columns it assigns itself.
** A heading-only section heads a part (a pack's appendix): one level up, the
** sections after it one level down. */
TEST(report_zero_column_sections) {
  Report *r = report_new("k", "T");
  report_section(r, "The policy has no escalation ladder", LAYOUT_GRID, 0);
  ReportSection *s = report_section(r, "Bands", LAYOUT_GRID, 0);
  s->nCol = 2;
  s->aCol = xcalloc(2, sizeof(ReportCol));
  s->aCol[0].zKey = xstrdup("risk");
  s->aCol[0].zLabel = xstrdup("Risk");
  s->aCol[1].zKey = xstrdup("overdue_1_6");
  s->aCol[1].zLabel = xstrdup("Overdue 1-6");
  report_row(s, ROW_PLAIN);
  report_text(s, "High");
  report_int(s, 2);
  Buf b = BUF_INIT;
  report_render(r, FMT_TEXT, &b);
  CHECK_STR(buf_cstr(&b), "T\n=\n\nThe policy has no escalation ladder\n"
                          "===================================\n"
                          "\nBands\n-----\n\nRisk  Overdue 1-6\n----  -----------\nHigh"
                          "            2\n");
  buf_reset(&b);
  report_render(r, FMT_MD, &b);
  CHECK_STR(buf_cstr(&b), "# T\n\n## The policy has no escalation ladder\n\n### Bands\n\n"
                          "| Risk | Overdue 1-6 |\n| --- | ---: |\n| High | 2 |\n");
  buf_reset(&b);
  report_render(r, FMT_CSV, &b);
  CHECK_STR(buf_cstr(&b), "section\n\nsection,risk,overdue_1_6\nBands,High,2\n");
  buf_reset(&b);
  report_render(r, FMT_JSON, &b);
  CHECK(strstr(buf_cstr(&b), "{\"title\":\"The policy has no escalation ladder\",\"note\":null,"
                             "\"columns\":[],\"rows\":[]}"));
  buf_reset(&b);
  report_render(r, FMT_HTML, &b);
  CHECK(strstr(buf_cstr(&b), ">The policy has no escalation ladder</h2>\n</section>\n"));
  CHECK(strstr(buf_cstr(&b), "<h3 id=\"sec2\">Bands</h3>"));
  buf_free(&b);
  report_free(r);
}

TEST(report_render_appends_to_the_callers_buffer) {
  Report *r = report_new("k", "");
  Buf b = BUF_INIT;
  buf_puts(&b, "keep   ");
  report_render(r, FMT_TEXT, &b);
  CHECK_STR(buf_cstr(&b), "keep   \n");
  report_free(r);
  buf_free(&b);
}

TEST(report_format_names_round_trip) {
  CHECK_INT(report_format_from_name("text"), FMT_TEXT);
  CHECK_INT(report_format_from_name("md"), FMT_MD);
  CHECK_INT(report_format_from_name("csv"), FMT_CSV);
  CHECK_INT(report_format_from_name("json"), FMT_JSON);
  CHECK_INT(report_format_from_name("html"), FMT_HTML);
  CHECK_INT(report_format_from_name("HTML"), -1);
  CHECK_INT(report_format_from_name("pdf"), FMT_PDF);
  CHECK_INT(report_format_from_name("docx"), FMT_DOCX);
  CHECK_INT(report_format_from_name("odt"), -1);
  CHECK_INT(report_format_from_name(""), -1);
  CHECK_INT(report_format_from_name(0), -1);
  for (int i = 0; i < REPORT_FORMAT__MAX; i++) {
    CHECK(report_format_names[i] != 0);
    CHECK_INT(report_format_from_name(report_format_names[i]), i);
  }
}

TEST(report_builder_counts_rows_and_cells) {
  Report *r = report_test_sample();
  CHECK_INT(r->nMeta, 2);
  CHECK_INT(r->nSection, 2);
  CHECK_INT(r->apSection[0]->nRow, 3);
  CHECK_INT(r->apSection[0]->aFlag[2], ROW_TOTAL);
  CHECK_INT(r->apSection[0]->aCell[6].t, CELL_NULL);
  CHECK_INT(r->apSection[0]->aCell[11].t, CELL_NULL);
  CHECK_INT(r->apSection[1]->aCell[5].t, CELL_NULL);
  CHECK_INT(r->apSection[1]->aCell[7].t, CELL_BOOL);
  CHECK_INT(r->apSection[1]->aCell[3].i, 1);
  /* Many rows force the arrays to grow. */
  ReportSection *s = report_section(r, "Many", LAYOUT_GRID, 2, "n", "N", "sq", "Square");
  for (int i = 0; i < 1000; i++) {
    report_row(s, ROW_PLAIN);
    report_int(s, i);
    report_int(s, (long long)i * i);
  }
  CHECK_INT(s->nRow, 1000);
  CHECK_INT(s->aCell[1999].i, 999 * 999);
  report_free(r);
  report_free(0);
}

static ReportSection *report_test_one(void) {
  return report_section(report_new("k", "t"), "S", LAYOUT_GRID, 2, "a", "A", "b", "B");
}
static void report_test_too_many_cells(void) {
  ReportSection *s = report_test_one();
  report_row(s, ROW_PLAIN);
  report_int(s, 1);
  report_int(s, 2);
  report_int(s, 3);
}
static void report_test_row_before_full(void) {
  ReportSection *s = report_test_one();
  report_row(s, ROW_PLAIN);
  report_int(s, 1);
  report_row(s, ROW_PLAIN);
}
static void report_test_cell_without_row(void) { report_text(report_test_one(), "x"); }
static void report_test_bad_flags(void) { report_row(report_test_one(), 7); }
static void report_test_render_part_row(void) {
  Report *r = report_new("k", "t");
  ReportSection *s = report_section(r, "S", LAYOUT_GRID, 2, "a", "A", "b", "B");
  report_row(s, ROW_PLAIN);
  report_int(s, 1);
  Buf b = BUF_INIT;
  report_render(r, FMT_JSON, &b);
}
static void report_test_key_total(void) {
  report_section(report_new("k", "t"), "S", LAYOUT_GRID, 1, "total", "Total");
}
static void report_test_key_twice(void) {
  report_section(report_new("k", "t"), "S", LAYOUT_GRID, 2, "a", "A", "a", "A again");
}
static void report_test_negative_columns(void) {
  report_section(report_new("k", "t"), "S", LAYOUT_GRID, -1);
}
static void report_test_row_without_columns(void) {
  report_row(report_section(report_new("k", "t"), "S", LAYOUT_GRID, 0), ROW_PLAIN);
}
static void report_test_assigned_key_total(void) {
  Report *r = report_new("k", "t");
  ReportSection *s = report_section(r, "S", LAYOUT_GRID, 0);
  s->nCol = 1;
  s->aCol = xcalloc(1, sizeof(ReportCol));
  s->aCol[0].zKey = xstrdup("total");
  s->aCol[0].zLabel = xstrdup("Total");
  Buf b = BUF_INIT;
  report_render(r, FMT_CSV, &b);
}
static void report_test_null_label(void) {
  report_section(report_new("k", "t"), "S", LAYOUT_GRID, 1, "a", (const char *)0);
}
static void report_test_bad_format(void) {
  Buf b = BUF_INIT;
  report_render(report_new("k", "t"), REPORT_FORMAT__MAX, &b);
}
static void report_test_fine(void) { report_free(report_new("k", "t")); }

TEST(report_builder_misuse_aborts) {
  CHECK(!t_dies(report_test_fine));
  CHECK(t_dies(report_test_too_many_cells));
  CHECK(t_dies(report_test_row_before_full));
  CHECK(t_dies(report_test_cell_without_row));
  CHECK(t_dies(report_test_bad_flags));
  CHECK(t_dies(report_test_render_part_row));
  CHECK(t_dies(report_test_key_total));
  CHECK(t_dies(report_test_key_twice));
  CHECK(t_dies(report_test_negative_columns));
  CHECK(t_dies(report_test_row_without_columns));
  CHECK(t_dies(report_test_assigned_key_total));
  CHECK(t_dies(report_test_null_label));
  CHECK(t_dies(report_test_bad_format));
}

/* Text a spreadsheet would evaluate gets an apostrophe; numbers stay numbers. */
TEST(report_csv_neutralises_formulas) {
  Report *r = report_new("k", "t");
  ReportSection *s = report_section(r, "S", LAYOUT_GRID, 2, "a", "A", "n", "N");
  const char *az[] = {"=HYPERLINK(\"x\")", "+1", "- bullet", "@SUM(A1)", "plain", "a=b"};
  const char *azWant[] = {
      "\"'=HYPERLINK(\"\"x\"\")\"", "'+1", "'- bullet", "'@SUM(A1)", "plain", "a=b"};
  for (int i = 0; i < 6; i++) {
    report_row(s, ROW_PLAIN);
    report_text(s, az[i]);
    report_int(s, -i);
  }
  Buf b = BUF_INIT;
  report_render_rows_csv(s, &b);
  const char *z = buf_cstr(&b);
  for (int i = 0; i < 6; i++) {
    char zLine[128];
    snprintf(zLine, sizeof zLine, "\n%s,%d\n", azWant[i], -i);
    if (!strstr(z, zLine)) t_fail(__FILE__, __LINE__, "missing line %s in:\n%s", zLine, z);
  }
  buf_free(&b);
  report_free(r);
}
