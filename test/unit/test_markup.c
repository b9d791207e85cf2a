/*
** test_markup.c: unit tests of the narrative markup (markup.c): the blocks and
** spans a text parses into, placeholders known and unknown, links of allowed and
** refused schemes, errors naming the line and column, and each renderer keeping
** hostile text as text.
*/
#include "markup.h"
#include "report.h"
#include "t.h"

static const char *const azKnown[] = {"open", "overdue", "as_at", 0};

TEST(markup_parses_blocks_and_spans) {
  Markup m;
  Buf err = BUF_INIT;
  CHECK_INT(markup_parse("# Intro\nFirst **bold** line\ngoes on.\n\n- one\n- two\n"
                         "continued\n\n12. twelve\n## Sub",
                         1, azKnown, &m, &err),
            0);
  CHECK_INT(m.nBlock, 6);
  CHECK_INT(m.aBlock[0].kind, MB_H1);
  CHECK_STR(m.aBlock[0].aSpan[0].zText, "Intro");
  CHECK_INT(m.aBlock[1].kind, MB_PARA);
  CHECK_INT(m.aBlock[1].nSpan, 3);
  CHECK_STR(m.aBlock[1].aSpan[0].zText, "First ");
  CHECK_STR(m.aBlock[1].aSpan[1].zText, "bold");
  CHECK_INT(m.aBlock[1].aSpan[1].bold, 1);
  CHECK_STR(m.aBlock[1].aSpan[2].zText, " line goes on.");
  CHECK_INT(m.aBlock[2].kind, MB_BULLET);
  CHECK_STR(m.aBlock[3].aSpan[0].zText, "two continued");
  CHECK_INT(m.aBlock[4].kind, MB_NUMBER);
  CHECK_INT(m.aBlock[4].num, 12);
  CHECK_INT(m.aBlock[5].kind, MB_H2);
  Buf b = BUF_INIT;
  markup_render_plain(&m, &b);
  CHECK_STR(buf_cstr(&b), "Intro\n\nFirst bold line goes on.\n\n- one\n- two continued\n\n12. "
                          "twelve\n\nSub");
  buf_free(&b);
  markup_free(&m);
  buf_free(&err);
}

TEST(markup_fills_placeholders_and_refuses_unknown_ones) {
  Markup m;
  Buf err = BUF_INIT;
  CHECK_INT(
      markup_parse("{open} open, {overdue} overdue; {x y} and {Open} stay", 1, azKnown, &m, &err),
      0);
  const char *azN[] = {"open", "overdue"}, *azV[] = {"8", "3"};
  markup_fill(&m, azN, azV, 2);
  Buf b = BUF_INIT;
  markup_render_plain(&m, &b);
  CHECK_STR(buf_cstr(&b), "8 open, 3 overdue; {x y} and {Open} stay");
  markup_free(&m);
  buf_reset(&b);
  CHECK_INT(markup_parse("fine\n\nsee {opne} here", 4, azKnown, &m, &err), 1);
  CHECK_STR(buf_cstr(&err),
            "line 6, column 5: unknown placeholder {opne} (known: {open} {overdue} {as_at})");
  markup_free(&m);
  buf_free(&b);
  buf_free(&err);
}

TEST(markup_links_only_http_https_mailto) {
  Markup m;
  Buf err = BUF_INIT, b = BUF_INIT;
  CHECK_INT(markup_parse("[site](https://example.org/a) [x](javascript:alert(1)) "
                         "[mail](mailto:a@b.uk) [](http://q.uk)",
                         1, 0, &m, &err),
            0);
  markup_render_html(&m, 3, &b);
  CHECK_STR(
      buf_cstr(&b),
      "<p><a href=\"https://example.org/a\" rel=\"noopener noreferrer\">site</a> "
      "[x](javascript:alert(1)) <a href=\"mailto:a@b.uk\" rel=\"noopener noreferrer\">mail</a>"
      " <a href=\"http://q.uk\" rel=\"noopener noreferrer\">http://q.uk</a></p>\n");
  buf_reset(&b);
  markup_render_plain(&m, &b);
  CHECK_STR(buf_cstr(&b), "site (https://example.org/a) [x](javascript:alert(1)) mail "
                          "(mailto:a@b.uk) http://q.uk");
  markup_free(&m);
  CHECK_INT(markup_parse("ok\n  see [the paper](https://x.uk/a", 1, 0, &m, &err), 1);
  CHECK_STR(buf_cstr(&err),
            "line 2, column 7: a link's URL has no closing ')'; write [text](https://...)");
  markup_free(&m);
  buf_reset(&err);
  CHECK_INT(markup_parse("a **b", 1, 0, &m, &err), 1);
  CHECK_STR(buf_cstr(&err), "line 1, column 3: '**' (bold) is not closed on this paragraph");
  markup_free(&m);
  buf_reset(&err);
  CHECK_INT(markup_parse("ok\n\xc3(", 1, 0, &m, &err), 1);
  CHECK_STR(buf_cstr(&err), "line 2, column 1: not valid UTF-8");
  markup_free(&m);
  buf_free(&b);
  buf_free(&err);
}

TEST(markup_hostile_text_stays_text_in_every_renderer) {
  Markup m;
  Buf err = BUF_INIT, b = BUF_INIT;
  CHECK_INT(
      markup_parse("<script>alert(1)</script> & </w:t> <b>x</b> ) Tj =1+1 \\*\\*", 1, 0, &m, &err),
      0);
  markup_render_html(&m, 3, &b);
  CHECK_STR(buf_cstr(&b), "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/w:t&gt; "
                          "&lt;b&gt;x&lt;/b&gt; ) Tj =1+1 **</p>\n");
  buf_reset(&b);
  markup_block_pango(&m.aBlock[0], &b);
  CHECK_STR(buf_cstr(&b), "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/w:t&gt; "
                          "&lt;b&gt;x&lt;/b&gt; ) Tj =1+1 **");
  buf_reset(&b);
  markup_render_md(&m, &b);
  CHECK_STR(buf_cstr(&b), "&lt;script\\>alert\\(1\\)&lt;/script\\> &amp; &lt;/w:t\\> "
                          "&lt;b\\>x&lt;/b\\> \\) Tj \\=1\\+1 \\*\\*\n");
  markup_free(&m);
  buf_free(&b);
  buf_free(&err);
}

TEST(markup_section_prints_in_every_text_format) {
  Markup m;
  Buf err = BUF_INIT, b = BUF_INIT;
  CHECK_INT(markup_parse("# Head\n=1+1 and <b>x</b>\n\n- item **one**", 1, 0, &m, &err), 0);
  Report *r = report_new("pack", "Pack");
  ReportSection *s = report_section_markup(r, "Words", &m);
  markup_free(&m);
  CHECK_INT(s->layout, LAYOUT_TEXT);
  CHECK_INT(s->nRow, 3);
  report_render(r, FMT_CSV, &b);
  CHECK_STR(buf_cstr(&b), "section,kind,text\nWords,h1,Head\nWords,p,'=1+1 and <b>x</b>\n"
                          "Words,li,item one\n");
  buf_reset(&b);
  report_render(r, FMT_JSON, &b);
  CHECK(strstr(buf_cstr(&b), "\"rows\":[{\"kind\":\"h1\",\"text\":\"Head\"},{\"kind\":\"p\","
                             "\"text\":\"=1+1 and <b>x</b>\"},{\"kind\":\"li\",\"text\":\"item "
                             "one\"}]") != 0);
  buf_reset(&b);
  report_render(r, FMT_TEXT, &b);
  CHECK(strstr(buf_cstr(&b), "Words\n-----\n\nHead\n\n=1+1 and <b>x</b>\n\n- item one\n") != 0);
  buf_reset(&b);
  report_render(r, FMT_HTML, &b);
  CHECK(strstr(buf_cstr(&b), "<h3>Head</h3>\n<p>=1+1 and &lt;b&gt;x&lt;/b&gt;</p>\n<ul>\n<li>item "
                             "<strong>one</strong></li>\n</ul>\n") != 0);
  report_free(r);
  buf_free(&b);
  buf_free(&err);
}

/* A paragraph that starts with a number: Markdown escapes the dot that would open a
** numbered list, and nothing before a digit (where a backslash would be printed). */
TEST(markup_md_paragraph_led_by_a_number) {
  Markup m;
  Buf err = BUF_INIT, b = BUF_INIT;
  CHECK_INT(
      markup_parse("2022\\. The year\n\n3 recommendations (1 over)\n\n**4.** bold", 1, 0, &m, &err),
      0);
  CHECK_INT(m.nBlock, 3);
  CHECK_STR(m.aBlock[0].aSpan[0].zText, "2022. The year");
  markup_render_md(&m, &b);
  CHECK_STR(buf_cstr(&b), "2022\\. The year\n\n3 recommendations \\(1 over\\)\n\n**4.** bold\n");
  markup_free(&m);
  buf_free(&b);
  buf_free(&err);
}

/* Words in a table cell (a front sheet's field): the plain text where a format has only
** text, the words themselves where it can print them; a '|' kept inside the Markdown
** cell; the Pango markup escaped. */
TEST(markup_words_in_a_table_cell) {
  Markup m;
  Buf err = BUF_INIT, b = BUF_INIT;
  CHECK_INT(markup_parse("## Who\n- **Tom** | <i>x</i>\n- [mail](mailto:t@x.uk)", 1, 0, &m, &err),
            0);
  Report *r = report_new("pack", "Pack");
  ReportSection *s = report_section(r, "Front", LAYOUT_GRID, 2, "field", "Item", "value", "Detail");
  report_row(s, ROW_PLAIN);
  report_text(s, "Contacts");
  report_words(s, &m);
  report_row(s, ROW_PLAIN);
  report_text(s, "Wards");
  report_text(s, "All");
  CHECK(report_cell_words(s, 0, 1) != 0);
  CHECK(report_cell_words(s, 0, 0) == 0);
  CHECK(report_cell_words(s, 1, 1) == 0);
  CHECK_STR(report_cell(s, 0, 1)->z, "Who\n\n- Tom | <i>x</i>\n- mail (mailto:t@x.uk)");
  report_render(r, FMT_HTML, &b);
  CHECK(strstr(buf_cstr(&b), "<td>Contacts</td><td><h4>Who</h4>\n<ul>\n<li><strong>Tom</strong> "
                             "| &lt;i&gt;x&lt;/i&gt;</li>\n<li><a href=\"mailto:t@x.uk\" "
                             "rel=\"noopener noreferrer\">mail</a></li>\n</ul>\n</td>") != 0);
  CHECK(strstr(buf_cstr(&b), "<td>Wards</td><td>All</td>") != 0);
  buf_reset(&b);
  report_render(r, FMT_MD, &b);
  CHECK(strstr(buf_cstr(&b), "| Contacts | **Who**<br>\xE2\x80\xA2 **Tom** \\| &lt;i\\>x&lt;/i\\>"
                             "<br>\xE2\x80\xA2 [mail](mailto:t@x.uk) |\n| Wards | All |") != 0);
  buf_reset(&b);
  markup_render_pango(&m, &b);
  CHECK_STR(buf_cstr(&b), "<b>Who</b>\n\xE2\x80\xA2 <b>Tom</b> | &lt;i&gt;x&lt;/i&gt;\n"
                          "\xE2\x80\xA2 <u>mail</u> (mailto:t@x.uk)");
  markup_free(&m);
  report_free(r);
  buf_free(&b);
  buf_free(&err);
}
