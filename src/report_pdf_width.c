/*
** report_pdf_width.c: the widths of a PDF table's columns, from their content.
**
** Each column has a minimum (its longest word, a number whole) and a maximum (its
** longest line). When every column fits at its maximum it gets it; otherwise the
** columns of wrapped text share the width so that the table is as short as it can
** be: the rows' heights are estimated from their characters at each candidate width
** (a row is as tall as its tallest cell), and width moves from one column to another
** while that makes the table shorter. A committee's appendix of long narratives,
** where one column holds most of the text, so gives that column most of the page.
** Not for: drawing the table (report_pdf.c's grid), nor other formats' widths.
*/
#include "report_pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest line and longest word of a column so far, in code points, and where they are. */
typedef struct Extent {
  size_t line, word;
  const char *zLine, *zWord;
  size_t nLine, nWord; /* bytes */
} Extent;

static void text_extent(const char *z, Extent *e) {
  size_t line = 0, word = 0;
  const char *pLine = z, *pWord = z;
  for (const char *p = z;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == 0 || c == '\n' || c == ' ') {
      if (word > e->word) e->word = word, e->zWord = pWord, e->nWord = (size_t)(p - pWord);
      word = 0;
      pWord = p + 1;
    }
    if (c == 0 || c == '\n') {
      if (line > e->line) e->line = line, e->zLine = pLine, e->nLine = (size_t)(p - pLine);
      if (!c) break;
      line = 0;
      pLine = p + 1;
    } else if ((c & 0xC0) != 0x80) {
      line++;
      if (c != ' ') word++;
    }
  }
}

/* A column is numeric when it holds ints and nothing else but NULLs. */
static int col_numeric(const ReportSection *s, int i) {
  int n = 0;
  for (int j = 0; j < s->nRow; j++) {
    CellType t = report_cell(s, j, i)->t;
    if (t == CELL_INT)
      n++;
    else if (t != CELL_NULL)
      return 0;
  }
  return n > 0;
}

/* ------------------------------------------------------- the shortest table */

#define SAMPLE_ROWS 600 /* rows whose text the estimate reads: every one, or as many spread */
#define WRAP_LOSS 1.12  /* a wrapped line ends short of the width by about half a word */

/* The text of a sample of the table's rows, as each line's length in code points. */
typedef struct Sample {
  int nRow, nCol;
  int *aStart; /* per (row, column): where its lines start in aLen, nRow * nCol + 1 */
  int *aLen;
  int nLen, nAlloc;
} Sample;

static void sample_read(Sample *m, const ReportSection *s) {
  char tmp[CELL_TMP];
  m->nRow = s->nRow < SAMPLE_ROWS ? s->nRow : SAMPLE_ROWS;
  m->nCol = s->nCol;
  m->aStart = xcalloc((size_t)(m->nRow * m->nCol + 1), sizeof(int));
  for (int r = 0; r < m->nRow; r++) {
    int j = (int)((long long)r * s->nRow / m->nRow);
    for (int i = 0; i < s->nCol; i++) {
      m->aStart[r * m->nCol + i] = m->nLen;
      const char *z = report_cell_str(report_cell(s, j, i), 1, tmp);
      int n = 0;
      for (const char *p = z;; p++) {
        if (*p && *p != '\n') {
          if ((*p & 0xC0) != 0x80) n++;
          continue;
        }
        if (m->nLen == m->nAlloc) {
          m->nAlloc = m->nAlloc ? 2 * m->nAlloc : 256;
          m->aLen = xrealloc(m->aLen, sizeof(int) * (size_t)m->nAlloc);
        }
        m->aLen[m->nLen++] = n;
        n = 0;
        if (!*p) break;
      }
    }
  }
  m->aStart[m->nRow * m->nCol] = m->nLen;
}

/* The sample's height in lines with columns aW wide, each character aCw[i] points. */
static double sample_lines(const Sample *m, const double *aW, const double *aCw) {
  double total = 0;
  for (int r = 0; r < m->nRow; r++) {
    double tall = 0;
    for (int i = 0; i < m->nCol; i++) {
      double w = aW[i] - 2 * PAD_X, n = 0;
      int k = r * m->nCol + i;
      for (int x = m->aStart[k]; x < m->aStart[k + 1]; x++) {
        double t = m->aLen[x] * aCw[i]; /* a line that fits loses nothing to wrapping */
        n += t <= w ? 1 : ceil(t * WRAP_LOSS / (w > 1 ? w : 1));
      }
      if (n > tall) tall = n;
    }
    total += tall;
  }
  return total;
}

/* Move width between the columns, within [aMin, aMax], while the table gets shorter:
** steps of 32 points down to 1, each tried between every pair of columns. */
static void widths_shortest(const ReportSection *s, double *aW, const double *aMin,
                            const double *aMax, const double *aCw) {
  Sample m;
  memset(&m, 0, sizeof m);
  sample_read(&m, s);
  int n = s->nCol;
  double best = sample_lines(&m, aW, aCw);
  for (double step = 32; step >= 1; step /= 2) {
    for (int round = 0, moved = 1; moved && round < 64; round++) {
      moved = 0;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          if (a == b || aW[a] + step > aMax[a] || aW[b] - step < aMin[b]) continue;
          aW[a] += step;
          aW[b] -= step;
          double h = sample_lines(&m, aW, aCw);
          if (h < best) {
            best = h;
            moved = 1;
          } else {
            aW[a] -= step;
            aW[b] += step;
          }
        }
      }
    }
  }
  free(m.aStart);
  free(m.aLen);
}

/* ------------------------------------------------------------------ widths */

/*
** Column widths from content, as browsers lay out automatic tables: each column's
** minimum (its longest word, a number whole) and maximum (its longest line); all at
** their maximum when that fits, else the shortest table (widths_shortest) from the
** slack shared in proportion to max - min. Each column's longest line and word by
** length are measured (measuring every cell would cost as much as drawing it), with a
** margin for others that are wider.
*/
void grid_widths(Pdf *P, const ReportSection *s, double *aW, int *aNum) {
  int n = s->nCol;
  double *aMin = xcalloc((size_t)n, sizeof(double)), *aMax = xcalloc((size_t)n, sizeof(double));
  double *aHead = xcalloc((size_t)n, sizeof(double)), *aCw = xcalloc((size_t)n, sizeof(double));
  double sumMin = 0, sumMax = 0, extra = 2 * PAD_X + 1;
  char tmp[CELL_TMP];
  /* Measured in bold where total rows (bold) may be the widest, else in the cells' font. */
  int font = F_CELL;
  for (int j = 0; j < s->nRow && font == F_CELL; j++) {
    if (s->aFlag[j] & ROW_TOTAL) font = F_CELL_BOLD;
  }
  for (int i = 0; i < n; i++) {
    aNum[i] = col_numeric(s, i);
    /* The longest line and word by length (the cells' own strings, or a cell buffer's
    ** copy), then measured: one measurement per column, however many rows. */
    Extent e = {0, 0, 0, 0, 0, 0};
    char aKeepL[CELL_TMP], aKeepW[CELL_TMP];
    for (int j = 0; j < s->nRow; j++) {
      text_extent(report_cell_str(report_cell(s, j, i), 1, tmp), &e);
      if (e.zLine == tmp) memcpy(aKeepL, tmp, CELL_TMP), e.zLine = aKeepL;
      if (e.zWord == tmp) memcpy(aKeepW, tmp, CELL_TMP), e.zWord = aKeepW;
    }
    double lineW = 0, wordW = 0;
    if (e.nLine) {
      pango_layout_set_font_description(P->L, P->aFd[font]);
      pango_layout_set_width(P->L, -1);
      pango_layout_set_text(P->L, e.zLine, (int)e.nLine);
      lineW = layout_width(P->L);
      pango_layout_set_text(P->L, e.zWord, (int)e.nWord);
      wordW = layout_width(P->L);
    }
    /* A character's width in the column's text: its longest line's average, in the
    ** cells' own font. */
    aCw[i] = P->aEm[F_CELL] * 0.6;
    if (e.line && font == F_CELL) aCw[i] = lineW / (double)e.line;
    if (e.line && font != F_CELL) {
      pango_layout_set_font_description(P->L, P->aFd[F_CELL]);
      pango_layout_set_text(P->L, e.zLine, (int)e.nLine);
      aCw[i] = layout_width(P->L) / (double)e.line;
    }
    /* The header, measured: its widest line, and its longest word. */
    layout_set(P, P->L, F_CELL_BOLD, s->aCol[i].zLabel, 0);
    aHead[i] = layout_width(P->L) + extra;
    double hWord = 0;
    for (const char *z = s->aCol[i].zLabel; *z;) {
      size_t k = strcspn(z, " \n");
      if (k) {
        pango_layout_set_text(P->L, z, (int)k);
        hWord = fmax(hWord, layout_width(P->L));
      }
      z += k;
      if (*z) z++;
    }
    hWord += extra;
    if (aNum[i]) { /* narrow: the widest number; the header wraps word by word */
      aMin[i] = aMax[i] = fmax(lineW * 1.05 + extra, hWord);
    } else { /* a longer word by count may be narrower by width: a margin for that */
      aMin[i] = fmin(fmax(wordW * 1.02 + extra, hWord), 120);
      aMax[i] = fmax(fmax(lineW * 1.05 + extra, aHead[i]), aMin[i]);
    }
    sumMin += aMin[i];
    sumMax += aMax[i];
  }
  for (int i = 0; i < n; i++) {
    if (sumMax <= TEXT_W)
      aW[i] = aMax[i];
    else if (sumMin >= TEXT_W)
      aW[i] = aMin[i] * TEXT_W / sumMin;
    else
      aW[i] = aMin[i] + (aMax[i] - aMin[i]) * (TEXT_W - sumMin) / (sumMax - sumMin);
  }
  if (sumMax > TEXT_W && sumMin < TEXT_W && s->nRow) widths_shortest(s, aW, aMin, aMax, aCw);
  /* Room to spare: numeric columns widen towards their headers' full width. */
  double spare = TEXT_W - (sumMax <= TEXT_W ? sumMax : TEXT_W), want = 0;
  for (int i = 0; i < n; i++) {
    if (aNum[i] && aHead[i] > aW[i]) want += aHead[i] - aW[i];
  }
  if (spare > 0 && want > 0) {
    double k = spare >= want ? 1 : spare / want;
    for (int i = 0; i < n; i++) {
      if (aNum[i] && aHead[i] > aW[i]) aW[i] += (aHead[i] - aW[i]) * k;
    }
  }
  free(aCw);
  free(aHead);
  free(aMin);
  free(aMax);
}
