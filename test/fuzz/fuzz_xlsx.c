/*
** fuzz_xlsx.c: libFuzzer target for the workbook reader. Opens the bytes as a
** workbook and reads every sheet, checking what the importer relies on: a
** message whenever a call fails, row numbers that count up within Excel's
** limits, every cell a NUL-terminated string within Excel's length, the grid
** within its caps. Not for: checking cell values (the e2e tests assert those).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Copy so that ASan catches any read past the end of the input. */
  char *z = malloc(size ? size : 1);
  if (!z) return 0;
  if (size) memcpy(z, data, size);
  Buf err = BUF_INIT;
  XlsxBook *b = 0;
  if (xlsx_open(z, size, &b, &err)) {
    if (b || !err.n) abort();
  } else {
    if (!b || xlsx_sheet_count(b) < 1) abort();
    for (int i = 0; i < xlsx_sheet_count(b) && i < 8; i++) {
      XlsxGrid g;
      buf_reset(&err);
      if (xlsx_sheet_read(b, i, &g, &err)) {
        if (!err.n || g.nRow || g.azCell) abort();
        continue;
      }
      if ((size_t)g.nRow * (size_t)g.nCol > XLSX_MAX_CELLS || g.nCol > XLSX_MAX_COLS) abort();
      for (int r = 0; r < g.nRow; r++) {
        if (g.aRowNum[r] < 1 || g.aRowNum[r] > XLSX_MAX_ROWS) abort();
        if (r && g.aRowNum[r] <= g.aRowNum[r - 1]) abort();
        int any = 0;
        for (int c = 0; c < g.nCol; c++) {
          const char *v = g.azCell[(size_t)r * (size_t)g.nCol + (size_t)c];
          if (!v || strlen(v) > 4 * (size_t)XLSX_MAX_CELL_CHARS + 4) abort();
          any |= v[0] != 0;
        }
        if (!any) abort(); /* blank rows are dropped */
      }
      xlsx_grid_free(&g);
    }
    if (xlsx_sheet_find(b, "1") != 0) abort();
    xlsx_close(b);
  }
  buf_free(&err);
  free(z);
  return 0;
}
