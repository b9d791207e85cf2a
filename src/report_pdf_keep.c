/*
** report_pdf_keep.c: a records block's long values shaped once, not twice. A PDF is laid
** out twice, first measured (for "Page N of M" and the contents' page numbers, which
** cairo cannot go back and fill in) and then drawn, and shaping long text is most of the
** cost. The measuring pass keeps the layout of each long value it sets, in order; the
** drawing pass sets the same values in the same order (the document is laid out by the
** same code from the same report) and takes each one back, already shaped, to draw.
** Short plain values are measured without shaping and are not kept. Kept up to
** KEEP_TEXT_MAX bytes of text, so that a document of thousands of pages holds a bounded
** number of layouts; past it, values are shaped again in the drawing pass, as before.
** Not for: drawing (report_pdf.c).
*/
#include "report_pdf.h"

#include <stdlib.h>
#include <string.h>

#define KEEP_TEXT_MAX (4u << 20) /* bytes of text whose layouts the measuring pass keeps */

int cell_is_short(const Pdf *P, int font, const char *z, double w) {
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)z;
  for (; *p >= 0x20 && *p < 0x7F; p++) n++;
  return !*p && (double)n * P->aEm[font] * 1.2 <= w;
}

PangoLayout *keep_cell(Pdf *P, PangoLayout *L, int font, const char *z, double w, double *pH) {
  if (!P->draw && cell_is_short(P, font, z, w)) {
    *pH = P->aLineH[font];
    return L;
  }
  size_t n = strlen(z);
  int keep = !cell_is_short(P, font, z, w) && P->keepBytes + n <= KEEP_TEXT_MAX;
  if (!keep) {
    *pH = layout_set(P, L, font, z, w);
    return L;
  }
  P->keepBytes += n;
  if (!P->draw) {
    PangoLayout *K = cell_layout_new(P, font);
    *pH = layout_set(P, K, font, z, w);
    if (P->nKeep == P->nKeepAlloc) {
      P->nKeepAlloc = P->nKeepAlloc ? 2 * P->nKeepAlloc : 256;
      P->aKeep = xrealloc(P->aKeep, sizeof(PangoLayout *) * (size_t)P->nKeepAlloc);
    }
    P->aKeep[P->nKeep++] = K;
    return K;
  }
  if (P->iKeep >= P->nKeep) fatal("report_pdf: more long values drawn than measured");
  PangoLayout *K = P->aKeep[P->iKeep++];
  int lw, lh;
  pango_layout_get_size(K, &lw, &lh);
  *pH = (double)lh / PANGO_SCALE;
  return K;
}

void keep_pass(Pdf *P) {
  P->keepBytes = 0;
  P->iKeep = 0;
}

void keep_free(Pdf *P) {
  for (int i = 0; i < P->nKeep; i++) g_object_unref(P->aKeep[i]);
  free(P->aKeep);
  P->aKeep = 0;
  P->nKeep = P->nKeepAlloc = P->iKeep = 0;
}
