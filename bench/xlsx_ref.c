/*
** xlsx_ref.c: the reference for the XLSX benchmark (bench/xlsx.sh).
**
** Usage: xlsx_ref [-c] IN.csv OUT.xlsx
**
** Reads a CSV file (RFC 4180: quoted fields may hold commas, doubled quotes and
** line breaks) and writes every field to one worksheet with libxlsxwriter as
** plainly as the library allows: a field of digits only (no leading zero) as a
** number, anything else as a string, no formats, no column widths, no frozen
** panes, no filter, no charts. -c turns on libxlsxwriter's constant_memory mode.
** This is the least any program writing the same cells through the same library
** does, so auditrack's time over this one is the cost of everything else it does
** (loading, the as-at engine, formats, widths, the summary sheet).
**
** Not for: anything but the benchmark (no error recovery beyond a message).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static int all_digits(const char *z, size_t n) {
  if (n == 0 || n > 15 || (z[0] == '0' && n > 1)) return 0;
  for (size_t i = 0; i < n; i++) {
    if (z[i] < '0' || z[i] > '9') return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  int constant = argc > 1 && !strcmp(argv[1], "-c");
  if (argc != 3 + constant) {
    fprintf(stderr, "usage: xlsx_ref [-c] IN.csv OUT.xlsx\n");
    return 2;
  }
  FILE *in = fopen(argv[1 + constant], "rb");
  if (!in) {
    perror(argv[1 + constant]);
    return 1;
  }
  lxw_workbook_options opt = {0};
  opt.constant_memory = constant ? LXW_TRUE : LXW_FALSE;
  lxw_workbook *wb = workbook_new_opt(argv[2 + constant], &opt);
  lxw_worksheet *ws = workbook_add_worksheet(wb, 0);
  size_t cap = 1 << 16, n = 0;
  char *field = malloc(cap);
  lxw_row_t row = 0;
  lxw_col_t col = 0;
  int quoted = 0, c;
  lxw_error rc = LXW_NO_ERROR;
  for (;;) {
    c = getc(in);
    if (quoted) {
      if (c == EOF) break;
      if (c == '"') {
        int d = getc(in);
        if (d == '"') {
          field[n++] = '"';
        } else {
          quoted = 0;
          if (d != EOF) ungetc(d, in);
        }
      } else {
        field[n++] = (char)c;
      }
    } else if (c == '"' && n == 0) {
      quoted = 1;
    } else if (c == ',' || c == '\n' || c == EOF) {
      if (n && field[n - 1] == '\r' && c == '\n') n--;
      if (c == EOF && n == 0 && col == 0) break;
      field[n] = 0;
      if (all_digits(field, n)) rc = worksheet_write_number(ws, row, col, atof(field), 0);
      else if (n) rc = worksheet_write_string(ws, row, col, field, 0);
      if (rc) {
        fprintf(stderr, "xlsx_ref: row %u column %u: %s\n", row, col, lxw_strerror(rc));
        return 1;
      }
      n = 0;
      if (c == ',') {
        col++;
      } else {
        row++;
        col = 0;
        if (c == EOF) break;
      }
    } else {
      field[n++] = (char)c;
    }
    if (n + 2 >= cap) field = realloc(field, cap *= 2);
  }
  fclose(in);
  free(field);
  rc = workbook_close(wb);
  if (rc) {
    fprintf(stderr, "xlsx_ref: %s\n", lxw_strerror(rc));
    return 1;
  }
  return 0;
}
