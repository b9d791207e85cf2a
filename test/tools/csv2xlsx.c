/*
** csv2xlsx.c: a test tool that turns a tracker CSV into an Excel workbook the way
** people keep them, so the importer's workbook path can be checked against the
** same data read as CSV. Written with libxlsxwriter (what Excel itself reads).
** Not for: shipping (it is built for the tests only) or malformed workbooks
** (the tests make those with Python's zipfile).
**
**   csv2xlsx [options] IN.csv OUT.xlsx
**   --sheet NAME        the data sheet's name (default Tracker)
**   --before NAME       a sheet of notes before the data sheet (repeatable)
**   --after NAME        a sheet of notes after it (repeatable)
**   --serial-dates      ISO dates (2024-12-31) as date serials formatted dd/mm/yyyy
**   --numbers           numeric text as numbers, where the number reads back the same
**   --group TITLE=A,B   a two-row header: TITLE merged over the adjacent columns A..B
**                       (their own headings below it); every other heading merged
**                       over both rows (repeatable)
**   --blank N           a blank row before the header and after every N data rows
**   --rich COL          column COL's values as rich text in two runs
**   --inline            inline strings (constant memory mode) instead of shared ones
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "csv.h"

#define MAX_GROUPS 8
#define MAX_SHEETS 8

typedef struct Group {
  char *zTitle;
  char *zFirst, *zLast;
  int c1, c2;
} Group;

static int usage(void) {
  fprintf(stderr, "usage: csv2xlsx [--sheet NAME] [--before NAME] [--after NAME] "
                  "[--serial-dates] [--numbers] [--group TITLE=A,B] [--blank N] [--rich COL] "
                  "[--inline] IN.csv OUT.xlsx\n");
  return 2;
}

static int iso_date(const char *z, lxw_datetime *dt) {
  int y, m, d;
  char c;
  if (strlen(z) != 10 || sscanf(z, "%4d-%2d-%2d%c", &y, &m, &d, &c) != 3) return 0;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
  memset(dt, 0, sizeof *dt);
  dt->year = y;
  dt->month = (uint8_t)m;
  dt->day = (uint8_t)d;
  return 1;
}

static int round_trips(const char *z, double *pd) {
  char *e, zBuf[40];
  if (!z[0]) return 0;
  double d = strtod(z, &e);
  if (*e) return 0;
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(zBuf, sizeof zBuf, "%.*g", prec, d);
    if (strtod(zBuf, 0) == d) break;
  }
  *pd = d;
  return !strcmp(zBuf, z);
}

static void notes_sheet(lxw_workbook *wb, const char *zName) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, zName);
  worksheet_write_string(ws, 0, 0, "Notes for the committee", 0);
  worksheet_write_string(ws, 1, 0, "This sheet is not the tracker.", 0);
}

int main(int argc, char **argv) {
  const char *zSheet = "Tracker", *azBefore[MAX_SHEETS], *azAfter[MAX_SHEETS], *zRich = 0;
  int nBefore = 0, nAfter = 0, serial = 0, numbers = 0, blankEvery = 0, inlineStr = 0;
  Group aGroup[MAX_GROUPS];
  int nGroup = 0, i;
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    const char *z = argv[i] + 2;
    const char *v = i + 1 < argc ? argv[i + 1] : 0;
    if (!strcmp(z, "serial-dates")) serial = 1;
    else if (!strcmp(z, "numbers")) numbers = 1;
    else if (!strcmp(z, "inline")) inlineStr = 1;
    else if (!v) return usage();
    else if (!strcmp(z, "sheet")) zSheet = v, i++;
    else if (!strcmp(z, "before") && nBefore < MAX_SHEETS) azBefore[nBefore++] = v, i++;
    else if (!strcmp(z, "after") && nAfter < MAX_SHEETS) azAfter[nAfter++] = v, i++;
    else if (!strcmp(z, "blank")) blankEvery = atoi(v), i++;
    else if (!strcmp(z, "rich")) zRich = v, i++;
    else if (!strcmp(z, "group") && nGroup < MAX_GROUPS) {
      char *zCopy = strdup(v), *zEq = strchr(zCopy, '='), *zComma = zEq ? strchr(zEq, ',') : 0;
      if (!zComma) return usage();
      *zEq = *zComma = 0;
      aGroup[nGroup].zTitle = zCopy;
      aGroup[nGroup].zFirst = zEq + 1;
      aGroup[nGroup].zLast = zComma + 1;
      nGroup++;
      i++;
    } else return usage();
  }
  if (argc - i != 2) return usage();
  FILE *f = fopen(argv[i], "rb");
  if (!f) {
    perror(argv[i]);
    return 1;
  }
  Buf in = BUF_INIT;
  char zChunk[65536];
  size_t got;
  while ((got = fread(zChunk, 1, sizeof zChunk, f)) > 0) buf_append(&in, zChunk, got);
  fclose(f);

  lxw_workbook_options opt = {.constant_memory = (uint8_t)inlineStr, .tmpdir = 0};
  lxw_workbook *wb = workbook_new_opt(argv[i + 1], &opt);
  if (!wb) return 1;
  lxw_format *fDate = workbook_add_format(wb);
  format_set_num_format(fDate, "dd/mm/yyyy");
  lxw_format *fBold = workbook_add_format(wb);
  format_set_bold(fBold);
  for (int k = 0; k < nBefore; k++) notes_sheet(wb, azBefore[k]);
  lxw_worksheet *ws = workbook_add_worksheet(wb, zSheet);

  CsvReader *r = csv_open(in.z ? in.z : "", in.n);
  CsvRecord rec;
  int rc = csv_next(r, &rec);
  if (rc != 1) {
    fprintf(stderr, "csv2xlsx: %s: no header\n", argv[i]);
    return 1;
  }
  int nCol = rec.nField, richCol = -1;
  char **azHead = calloc((size_t)nCol, sizeof(char *));
  for (int c = 0; c < nCol; c++) {
    azHead[c] = strdup(rec.azField[c]);
    if (zRich && !strcmp(azHead[c], zRich)) richCol = c;
  }
  for (int g = 0; g < nGroup; g++) {
    aGroup[g].c1 = aGroup[g].c2 = -1;
    for (int c = 0; c < nCol; c++) {
      if (!strcmp(azHead[c], aGroup[g].zFirst)) aGroup[g].c1 = c;
      if (!strcmp(azHead[c], aGroup[g].zLast)) aGroup[g].c2 = c;
    }
    if (aGroup[g].c1 < 0 || aGroup[g].c2 <= aGroup[g].c1) {
      fprintf(stderr, "csv2xlsx: group %s: columns not found or not in order\n", aGroup[g].zTitle);
      return 1;
    }
  }
  lxw_row_t row = blankEvery ? 1 : 0;
  if (nGroup) {
    for (int c = 0; c < nCol; c++) {
      int inGroup = 0;
      for (int g = 0; g < nGroup; g++) {
        if (c >= aGroup[g].c1 && c <= aGroup[g].c2) inGroup = 1;
        if (c == aGroup[g].c1) {
          worksheet_merge_range(ws, row, (lxw_col_t)aGroup[g].c1, row, (lxw_col_t)aGroup[g].c2,
                                aGroup[g].zTitle, fBold);
        }
      }
      if (inGroup) worksheet_write_string(ws, row + 1, (lxw_col_t)c, azHead[c], fBold);
      else worksheet_merge_range(ws, row, (lxw_col_t)c, row + 1, (lxw_col_t)c, azHead[c], fBold);
    }
    row += 2;
  } else {
    for (int c = 0; c < nCol; c++) worksheet_write_string(ws, row, (lxw_col_t)c, azHead[c], fBold);
    row++;
  }
  long nData = 0;
  while ((rc = csv_next(r, &rec)) == 1) {
    if (rec.nField == 1 && !rec.azField[0][0]) continue;
    for (int c = 0; c < rec.nField; c++) {
      const char *z = rec.azField[c];
      lxw_datetime dt;
      double d;
      if (!z[0]) continue;
      if (serial && iso_date(z, &dt)) {
        worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, fDate);
      } else if (numbers && round_trips(z, &d)) {
        worksheet_write_number(ws, row, (lxw_col_t)c, d, 0);
      } else if (c == richCol && strlen(z) >= 2) {
        size_t half = strlen(z) / 2;
        while (half < strlen(z) && ((unsigned char)z[half] & 0xC0) == 0x80) half++;
        if (half >= strlen(z)) {
          worksheet_write_string(ws, row, (lxw_col_t)c, z, 0);
          continue;
        }
        char *zA = strndup(z, half);
        lxw_rich_string_tuple t1 = {.format = fBold, .string = zA};
        lxw_rich_string_tuple t2 = {.format = 0, .string = (char *)z + half};
        lxw_rich_string_tuple *at[] = {&t1, &t2, 0};
        worksheet_write_rich_string(ws, row, (lxw_col_t)c, at, 0);
        free(zA);
      } else {
        worksheet_write_string(ws, row, (lxw_col_t)c, z, 0);
      }
    }
    row++;
    nData++;
    if (blankEvery && nData % blankEvery == 0) row++;
  }
  if (rc < 0) {
    fprintf(stderr, "csv2xlsx: %s\n", csv_errmsg(r));
    return 1;
  }
  csv_close(r);
  for (int k = 0; k < nAfter; k++) notes_sheet(wb, azAfter[k]);
  lxw_error err = workbook_close(wb);
  if (err) {
    fprintf(stderr, "csv2xlsx: %s\n", lxw_strerror(err));
    return 1;
  }
  for (int c = 0; c < nCol; c++) free(azHead[c]);
  free(azHead);
  buf_free(&in);
  return 0;
}
