/*
** test_csv.c: the RFC 4180 reader: quoting, line ends, line numbers, ragged records
** and each syntax error with its line. Not for: what the importer makes of fields.
*/
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "t.h"

/*
** Read every record of z[0..n) and describe them as "line:recno[a|b|c]" joined by
** spaces, with "!message" appended on a syntax error. Field bytes are shown as is,
** so "\n" inside a field appears literally. Returns a heap string.
*/
static char *csv_dump_n(const char *z, size_t n) {
  Buf b = BUF_INIT;
  CsvReader *r = csv_open(z, n);
  CsvRecord rec;
  int rc;
  while ((rc = csv_next(r, &rec)) == 1) {
    if (b.n) buf_putc(&b, ' ');
    buf_appendf(&b, "%ld:%ld[", rec.line, rec.recno);
    for (int i = 0; i < rec.nField; i++) buf_appendf(&b, "%s%s", i ? "|" : "", rec.azField[i]);
    buf_putc(&b, ']');
  }
  if (rc < 0) buf_appendf(&b, "%s!%s", b.n ? " " : "", csv_errmsg(r));
  /* Errors and end of input are sticky. */
  if (csv_next(r, &rec) != rc) buf_puts(&b, " (not sticky)");
  csv_close(r);
  return buf_steal(&b);
}

static char *csv_dump(const char *z) { return csv_dump_n(z, strlen(z)); }

#define CHECK_CSV(zIn, zWant)                                                                      \
  do {                                                                                             \
    char *zGot_ = csv_dump(zIn);                                                                   \
    CHECK_STR(zGot_, (zWant));                                                                     \
    free(zGot_);                                                                                   \
  } while (0)

TEST(csv_simple_records) {
  CHECK_CSV("a,b,c\n1,2,3\n", "1:1[a|b|c] 2:2[1|2|3]");
  CHECK_CSV("a,b,c\n1,2,3", "1:1[a|b|c] 2:2[1|2|3]");
  CHECK_CSV("a,b\r\n1,2\r\n", "1:1[a|b] 2:2[1|2]");
  CHECK_CSV("a,b\r1,2\r", "1:1[a|b] 2:2[1|2]");
  CHECK_CSV("a,b\r\n1,2\n3,4\r5,6", "1:1[a|b] 2:2[1|2] 3:3[3|4] 4:4[5|6]");
  CHECK_CSV("only", "1:1[only]");
  CHECK_CSV("", "");
  CHECK_CSV("\n", "1:1[]");
  CHECK_CSV("x\n", "1:1[x]");
  CHECK_CSV(" spaced , kept ", "1:1[ spaced | kept ]");
}

TEST(csv_bom) {
  CHECK_CSV("\xEF\xBB\xBF"
            "a,b\n1,2\n",
            "1:1[a|b] 2:2[1|2]");
  CHECK_CSV("\xEF\xBB\xBF", "");
  CHECK_CSV("\xEF\xBB\xBF\"q\",x", "1:1[q|x]");
  /* Only a leading BOM is skipped. */
  CHECK_CSV("a\n\xEF\xBB\xBF"
            "b",
            "1:1[a] 2:2[\xEF\xBB\xBF"
            "b]");
  CsvReader *r = csv_open("\xEF\xBB\xBF"
                          "ab\n",
                          6);
  CHECK_INT(csv_offset(r), 3);
  csv_close(r);
}

TEST(csv_empty_fields_and_blank_lines) {
  CHECK_CSV(",,\n", "1:1[||]");
  CHECK_CSV("a,,c\n,b,\n", "1:1[a||c] 2:2[|b|]");
  CHECK_CSV("\"\",\"\"\n", "1:1[|]");
  CHECK_CSV("a,b\n\nc,d\n", "1:1[a|b] 2:2[] 3:3[c|d]");
  CHECK_CSV("a\r\n\r\nb\r\n", "1:1[a] 2:2[] 3:3[b]");
  CHECK_CSV("a,\n", "1:1[a|]");
}

TEST(csv_ragged_records) {
  CHECK_CSV("a,b,c\n1\n1,2,3,4,5\n,\n", "1:1[a|b|c] 2:2[1] 3:3[1|2|3|4|5] 4:4[|]");
}

TEST(csv_quoted_fields) {
  CHECK_CSV("\"a,b\",c\n", "1:1[a,b|c]");
  CHECK_CSV("\"say \"\"hi\"\"\",x\n", "1:1[say \"hi\"|x]");
  CHECK_CSV("\"\"\"\"\n", "1:1[\"]");
  CHECK_CSV("\"\"\"\"\"\"\n", "1:1[\"\"]");
  CHECK_CSV("\"a\nb\",c\nd,e\n", "1:1[a\nb|c] 3:2[d|e]");
  CHECK_CSV("\"a\r\nb\",c\r\nd,e\r\n", "1:1[a\r\nb|c] 3:2[d|e]");
  CHECK_CSV("\"a\rb\"\rd\r", "1:1[a\rb] 3:2[d]");
  CHECK_CSV("x,\"last\"", "1:1[x|last]");
  CHECK_CSV("\"quoted\",plain,\"\"\n", "1:1[quoted|plain|]");
}

TEST(csv_line_after_multiline_field) {
  /* The quoted field spans lines 2-5, so the next record starts on physical line 6. */
  CHECK_CSV("h1,h2\n\"one\ntwo\n\nthree\",x\nnext,y\r\nlast,\"multi\r\nline\"\r\nend\n",
            "1:1[h1|h2] 2:2[one\ntwo\n\nthree|x] 6:3[next|y] 7:4[last|multi\r\nline] 9:5[end]");
}

TEST(csv_errors) {
  CHECK_CSV("a,b\nc\"d,e\n", "1:1[a|b] !line 2: quote inside an unquoted field");
  CHECK_CSV("ab\"\n", "!line 1: quote inside an unquoted field");
  CHECK_CSV("a\n\"q\"x,y\n", "1:1[a] !line 2: unexpected character after a closing quote");
  CHECK_CSV("\"q\" ,y\n", "!line 1: unexpected character after a closing quote");
  CHECK_CSV("\"a\nb\nc\"d\n", "!line 3: unexpected character after a closing quote");
  CHECK_CSV("a\nb\n\"open\nstill\nopen",
            "1:1[a] 2:2[b] !line 3: quoted field opened here is never closed");
  CHECK_CSV("\"", "!line 1: quoted field opened here is never closed");
  CHECK_CSV("x,\"abc\"\"", "!line 1: quoted field opened here is never closed");
}

TEST(csv_nul_bytes) {
  char *z = csv_dump_n("a,b\nc\0d,e\n", 10);
  CHECK_STR(z, "1:1[a|b] !line 2: NUL byte in field");
  free(z);
  z = csv_dump_n("a\n\"x\ny\0\"\n", 9);
  CHECK_STR(z, "1:1[a] !line 3: NUL byte in field");
  free(z);
  z = csv_dump_n("\0", 1);
  CHECK_STR(z, "!line 1: NUL byte in field");
  free(z);
}

TEST(csv_offset_progress) {
  const char *z = "ab,c\n\"d\ne\",f\ng";
  CsvReader *r = csv_open(z, strlen(z));
  CsvRecord rec;
  CHECK_INT(csv_offset(r), 0);
  CHECK_INT(csv_next(r, &rec), 1);
  CHECK_INT(csv_offset(r), 5);
  CHECK_INT(csv_next(r, &rec), 1);
  CHECK_INT(csv_offset(r), 13);
  CHECK_INT(rec.line, 2);
  CHECK_INT(csv_next(r, &rec), 1);
  CHECK_INT(csv_offset(r), 14);
  CHECK_INT(csv_next(r, &rec), 0);
  CHECK_INT(csv_offset(r), 14);
  CHECK_STR(csv_errmsg(r), "");
  csv_close(r);
  csv_close(NULL);
}

TEST(csv_wide_and_long_input) {
  /* 300 fields in one record (past the first growth of the offset table), then
     20000 records; field storage is reused across records. */
  Buf b = BUF_INIT;
  for (int i = 0; i < 300; i++) buf_appendf(&b, "%s%d", i ? "," : "", i);
  buf_puts(&b, "\r\n");
  for (int i = 0; i < 20000; i++) buf_appendf(&b, "%d,\"v%d\"\"\",x\r\n", i, i);
  CsvReader *r = csv_open(b.z, b.n);
  CsvRecord rec;
  CHECK_INT(csv_next(r, &rec), 1);
  CHECK_INT(rec.nField, 300);
  CHECK_STR(rec.azField[299], "299");
  CHECK_STR(rec.azField[0], "0");
  long nRec = 0, nBad = 0;
  int rc;
  while ((rc = csv_next(r, &rec)) == 1) {
    char zWant[32];
    snprintf(zWant, sizeof(zWant), "v%ld\"", nRec);
    if (rec.nField != 3 || strcmp(rec.azField[1], zWant) || rec.line != nRec + 2 ||
        rec.recno != nRec + 2)
      nBad++;
    nRec++;
  }
  CHECK_INT(rc, 0);
  CHECK_INT(nRec, 20000);
  CHECK_INT(nBad, 0);
  CHECK_INT(csv_offset(r), b.n);
  csv_close(r);
  buf_free(&b);
}
