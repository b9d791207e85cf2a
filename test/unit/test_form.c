/*
** test_form.c: unit tests of the request parsers: urlencoded and multipart
** bodies, boundaries, cookies and UTF-8, with the exact values they yield and
** the inputs they must refuse.
*/
#include "form.h"
#include "t.h"

TEST(form_urlencoded_decodes_plus_and_percent) {
  Form f = {0};
  Buf err = BUF_INIT;
  const char *z = "text=Two+reconciliations%2C+done&percent=60&empty=&flag&a%26b=c%3Dd";
  CHECK_INT(form_parse_urlencoded(z, strlen(z), &f, &err), 0);
  CHECK_INT(f.n, 5);
  CHECK_STR(form_get(&f, "text"), "Two reconciliations, done");
  CHECK_STR(form_get(&f, "percent"), "60");
  CHECK_STR(form_get(&f, "empty"), "");
  CHECK_STR(form_get(&f, "flag"), "");
  CHECK_STR(form_get(&f, "a&b"), "c=d");
  CHECK(form_get(&f, "missing") == 0);
  form_free(&f);
  buf_free(&err);
}

TEST(form_urlencoded_refuses_bad_escapes_nul_names_and_floods) {
  Form f = {0};
  Buf err = BUF_INIT;
  CHECK_INT(form_parse_urlencoded("a=%4", 4, &f, &err), 1);
  CHECK_STR(buf_cstr(&err), "a form field has a bad %-escape");
  form_free(&f);
  CHECK_INT(form_parse_urlencoded("a%00b=1", 7, &f, &err), 1);
  form_free(&f);
  Buf big = BUF_INIT;
  for (int i = 0; i <= FORM_MAX_FIELDS; i++) buf_appendf(&big, "f%d=1&", i);
  CHECK_INT(form_parse_urlencoded(big.z, big.n, &f, &err), 1);
  CHECK_STR(buf_cstr(&err), "too many form fields");
  CHECK_INT(f.n, FORM_MAX_FIELDS);
  form_free(&f);
  buf_free(&big);
  buf_free(&err);
}

TEST(form_multipart_reads_fields_and_files) {
  static const char z[] =
      "--B1\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nline one\r\nline two"
      "\r\n--B1\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"rec "
      "3.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\0bin\r\n--B1--\r\n";
  Form f = {0};
  Buf err = BUF_INIT;
  CHECK_INT(form_parse_multipart(z, sizeof z - 1, "B1", &f, &err), 0);
  CHECK_INT(f.n, 2);
  CHECK_STR(form_get(&f, "text"), "line one\r\nline two");
  const FormField *x = form_field(&f, "evidence");
  CHECK(x != 0);
  CHECK_STR(x->zFileName, "rec 3.pdf");
  CHECK_STR(x->zType, "application/pdf");
  CHECK_INT(x->nValue, 12);
  CHECK(memcmp(x->zValue, "%PDF-1.4\0bin", 12) == 0);
  CHECK(form_field(&f, "text")->zFileName == 0);
  form_free(&f);
  CHECK_INT(form_parse_multipart(z, 40, "B1", &f, &err), 1);
  CHECK_STR(buf_cstr(&err), "the form's multipart body is malformed");
  form_free(&f);
  buf_free(&err);
}

TEST(form_boundary_and_cookie) {
  char z[80];
  CHECK_STR(form_boundary("multipart/form-data; boundary=----WebKit123", z, sizeof z),
            "----WebKit123");
  CHECK_STR(form_boundary("multipart/form-data; boundary=\"a b\"", z, sizeof z), "a b");
  CHECK(form_boundary("multipart/form-data", z, sizeof z) == 0);
  CHECK_STR(form_cookie("x=1; at_session=abc; at_login=def", "at_session", z, sizeof z), "abc");
  CHECK_STR(form_cookie("at_session=abc;at_login=def", "at_login", z, sizeof z), "def");
  CHECK(form_cookie("xat_session=abc", "at_session", z, sizeof z) == 0);
  CHECK(form_cookie(0, "at_session", z, sizeof z) == 0);
  char small[4];
  CHECK(form_cookie("at_session=abcdef", "at_session", small, sizeof small) == 0);
}

TEST(utf8_valid_accepts_text_and_refuses_the_rest) {
  CHECK(utf8_valid("£350 – ok\tnew\r\nline", strlen("£350 – ok\tnew\r\nline")));
  CHECK(utf8_valid("", 0));
  CHECK(!utf8_valid("a\0b", 3));
  CHECK(!utf8_valid("\x1b[31m", 5));
  CHECK(!utf8_valid("\xc3", 1));             /* truncated */
  CHECK(!utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
  CHECK(!utf8_valid("\xed\xa0\x80", 3));     /* a surrogate */
  CHECK(!utf8_valid("\xf4\x90\x80\x80", 4)); /* past U+10FFFF */
  CHECK(!utf8_valid("\xff", 1));
}

/* The one UTF-8 rule (buf.c), with the sequences the importer's old check accepted and
** the form's refused: overlongs of three and four bytes, surrogates, past U+10FFFF. */
TEST(utf8_one_rule_rfc3629) {
  static const struct {
    const char *z;
    int ok;
  } a[] = {
      {"plain", 1},
      {"\xc2\xa3", 1},             /* U+00A3 */
      {"\xe2\x80\x93", 1},         /* U+2013 */
      {"\xef\xbf\xbd", 1},         /* U+FFFD */
      {"\xf0\x90\x80\x80", 1},     /* U+10000 */
      {"\xf4\x8f\xbf\xbf", 1},     /* U+10FFFF */
      {"\xed\x9f\xbf", 1},         /* U+D7FF, just below the surrogates */
      {"\xc0\xaf", 0},             /* overlong '/': both refused */
      {"\xc1\xbf", 0},             /* overlong */
      {"\xe0\x80\xaf", 0},         /* overlong '/' in three bytes: importer accepted */
      {"\xe0\x9f\xbf", 0},         /* overlong U+07FF: importer accepted */
      {"\xed\xa0\x80", 0},         /* surrogate U+D800: importer accepted */
      {"\xed\xbf\xbf", 0},         /* surrogate U+DFFF: importer accepted */
      {"\xf0\x80\x80\xaf", 0},     /* overlong in four bytes: importer accepted */
      {"\xf0\x8f\xbf\xbf", 0},     /* overlong U+FFFF: importer accepted */
      {"\xf4\x90\x80\x80", 0},     /* U+110000: importer accepted */
      {"\xf7\xbf\xbf\xbf", 0},     /* past U+10FFFF: importer accepted */
      {"\xf8\x88\x80\x80\x80", 0}, /* five bytes */
      {"\xff", 0},
      {"\x80", 0},         /* a lone continuation */
      {"\xc3", 0},         /* truncated */
      {"\xe2\x80", 0},     /* truncated */
      {"\xf0\x90\x80", 0}, /* truncated */
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    size_t n = strlen(a[i].z);
    if (utf8_encoding_valid(a[i].z, n) != a[i].ok) t_fail(__FILE__, __LINE__, "case %zu", i);
    if (utf8_valid(a[i].z, n) != a[i].ok) t_fail(__FILE__, __LINE__, "form case %zu", i);
    /* The same inside runs of ASCII, at every offset from a word boundary, and cut
    ** just before its end by n. */
    for (size_t k = 0; k < 10; k++) {
      char z[64];
      memset(z, 'a', sizeof z);
      memcpy(z + k, a[i].z, n);
      if (utf8_encoding_valid(z, k + n + 16) != a[i].ok)
        t_fail(__FILE__, __LINE__, "case %zu at offset %zu", i, k);
      if (n > 1 && utf8_encoding_valid(z, k + n - 1) && a[i].z[n - 1] & 0x80 &&
          (unsigned char)a[i].z[0] >= 0xC2)
        t_fail(__FILE__, __LINE__, "case %zu cut at offset %zu", i, k);
    }
  }
  /* Bounded: a valid sequence cut by n is refused, and reading stops at n. */
  CHECK_INT(utf8_seq_len("\xe2\x80\x93", 2), 0);
  CHECK_INT(utf8_seq_len("\xe2\x80\x93", 3), 3);
  CHECK_INT(utf8_seq_len("\xe2", 4), 0); /* a NUL ends a NUL-terminated string */
  CHECK_INT(utf8_seq_len("", 0), 0);
  CHECK_INT(utf8_seq_len("a", 1), 1);
  /* Characters are the caller's rule: controls and NUL are valid encoding, not form text. */
  CHECK(utf8_encoding_valid("a\x1b[31m\x7f", 7));
  CHECK(utf8_encoding_valid("a\0b", 3));
  CHECK(!utf8_valid("a\x1b[31m", 6));
  CHECK(utf8_valid("tab\tcr\r\nlf", 10));
}

/* A sign-in form holds a password: form_free wipes every value first
** (form_wipe), and a request body is wiped with buf_wipe, so that the bytes do
** not stay in freed memory for whoever reads it next. */
TEST(form_and_body_wiped_before_freed) {
  Form f = {0};
  Buf err = BUF_INIT, body = BUF_INIT;
  buf_puts(&body, "login=ann&password=correct%20horse+staple&file=a%00b");
  CHECK_INT(form_parse_urlencoded(body.z, body.n, &f, &err), 0);
  CHECK_INT(f.n, 3);
  const FormField *pw = form_field(&f, "password");
  CHECK_STR(pw->zValue, "correct horse staple");
  form_wipe(&f);
  CHECK_INT(f.n, 3); /* the fields stay, for form_free */
  for (int i = 0; i < f.n; i++) {
    size_t nZero = 0;
    for (size_t j = 0; j <= f.a[i].nValue; j++) nZero += f.a[i].zValue[j] == 0;
    CHECK_INT(nZero, f.a[i].nValue + 1);
  }
  CHECK_INT(form_field(&f, "file")->nValue, 3); /* a NUL inside: wiped by length */
  form_free(&f);
  size_t cap = body.cap, nZero = 0;
  const char *z = body.z;
  buf_wipe(&body);
  CHECK_INT(body.n, 0);
  CHECK(body.z == z);
  for (size_t j = 0; j < cap; j++) nZero += z[j] == 0;
  CHECK_INT(nZero, cap);
  buf_reserve(&body, 1000);
  z = body.z;
  for (int i = 0; i < 100; i++) buf_puts(&body, "0123456789");
  CHECK(body.z == z); /* reserved: appending moved nothing */
  buf_free(&body);
  buf_free(&err);
}
