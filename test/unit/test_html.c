/*
** test_html.c: unit tests of the HTML formatter: escaping of the five
** characters, each conversion html_appendf accepts, and that any other
** conversion aborts instead of printing something unescaped.
*/
#include "date.h"
#include "html.h"
#include "t.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

TEST(html_esc_escapes_the_five_characters) {
  Buf b = BUF_INIT;
  html_esc(&b, "a & b < c > d \"e\" 'f' &amp;");
  CHECK_STR(buf_cstr(&b), "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39; &amp;amp;");
  buf_free(&b);
}

TEST(html_esc_null_appends_nothing_and_keeps_utf8) {
  Buf b = BUF_INIT;
  buf_puts(&b, "x");
  html_esc(&b, 0);
  html_esc(&b, "");
  html_esc(&b, "£350 – ok");
  CHECK_STR(buf_cstr(&b), "x£350 – ok");
  buf_free(&b);
}

TEST(html_appendf_escapes_s_and_formats_numbers) {
  Buf b = BUF_INIT;
  html_appendf(&b, "<p title=\"%s\">%s</p>", "\"><script>", "<b>&</b>");
  CHECK_STR(buf_cstr(&b), "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;&lt;/b&gt;</p>");
  buf_reset(&b);
  html_appendf(&b, "%d|%ld|%lld|%u|%zu|100%%|%s", -7, -2147483649L, -9007199254740993LL,
               4000000000u, (size_t)18446744073709551615u, (const char *)0);
  CHECK_STR(buf_cstr(&b), "-7|-2147483649|-9007199254740993|4000000000|18446744073709551615|100%|");
  buf_reset(&b);
  html_appendf(&b, "no conversions");
  html_appendf(&b, "%s", "");
  CHECK_STR(buf_cstr(&b), "no conversions");
  buf_free(&b);
}

TEST(html_appendf_writes_a_day_in_a_time_element) {
  Buf b = BUF_INIT;
  /* 2026-12-07 is day 20794 since 1970-01-01: 56 years of 365 days and 14 leap days,
  ** then 340 days into 2026 (Jan..Nov: 334, plus 6). */
  html_appendf(&b, "due %D.", (Day)20794);
  CHECK_STR(buf_cstr(&b), "due <time datetime=\"2026-12-07\">7 December 2026</time>.");
  buf_reset(&b);
  html_appendf(&b, "[%D]", DAY_NONE);
  CHECK_STR(buf_cstr(&b), "[]");
  buf_free(&b);
}

static void html_test_x(void) {
  Buf b = BUF_INIT;
  html_appendf(&b, "%x", 255u);
}
static void html_test_width(void) {
  Buf b = BUF_INIT;
  html_appendf(&b, "%5d", 1);
}
static void html_test_lu(void) {
  Buf b = BUF_INIT;
  html_appendf(&b, "%lu", 1ul);
}
static void html_test_trailing_percent(void) {
  Buf b = BUF_INIT;
  html_appendf(&b, "50%");
}

TEST(html_appendf_unsupported_conversion_aborts) {
  CHECK(t_dies(html_test_x));
  CHECK(t_dies(html_test_width));
  CHECK(t_dies(html_test_lu));
  CHECK(t_dies(html_test_trailing_percent));
}

TEST(html_raw_appends_the_literal) {
  Buf b = BUF_INIT;
  html_raw(&b, "<br>");
  html_raw(&b, "");
  CHECK_STR(buf_cstr(&b), "<br>");
  CHECK_INT(b.n, 4);
  buf_free(&b);
}
