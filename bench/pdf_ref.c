/*
** pdf_ref.c: the reference for bench/pdf.sh. Typesets a text file as an A4 PDF with
** pango and cairo the simplest way there is: each line of input one paragraph (one
** reused PangoLayout, wrapped at the text width, DejaVu Sans 8.5 like auditrack's
** table cells), line after line, a new page when the next does not fit. No tables,
** no measuring pass, no page numbers: the cost of putting the same words on pages.
**
**   pdf_ref IN.txt OUT.pdf      prints the page count
*/
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: pdf_ref IN.txt OUT.pdf\n");
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  const double W = 595.276, H = 841.890, M = 56.7, BOTTOM = H - M - 14;
  cairo_surface_t *surf = cairo_pdf_surface_create(argv[2], W, H);
  cairo_t *cr = cairo_create(surf);
  PangoContext *ctx = pango_cairo_create_context(cr);
  pango_cairo_context_set_resolution(ctx, 72); /* sizes in points, as auditrack's */
  PangoLayout *L = pango_layout_new(ctx);
  PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 8.5");
  pango_layout_set_font_description(L, fd);
  pango_layout_set_wrap(L, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width(L, (int)((W - 2 * M) * PANGO_SCALE));
  char *zLine = 0;
  size_t nAlloc = 0;
  ssize_t n;
  double y = M;
  int pages = 1;
  while ((n = getline(&zLine, &nAlloc, in)) >= 0) {
    if (n > 0 && zLine[n - 1] == '\n') zLine[--n] = 0;
    pango_layout_set_text(L, n ? zLine : " ", -1);
    int lw, lh;
    pango_layout_get_size(L, &lw, &lh);
    double h = (double)lh / PANGO_SCALE;
    if (y + h > BOTTOM && y > M) {
      cairo_show_page(cr);
      pages++;
      y = M;
    }
    cairo_move_to(cr, M, y);
    pango_cairo_show_layout(cr, L);
    y += h;
  }
  cairo_show_page(cr);
  free(zLine);
  fclose(in);
  pango_font_description_free(fd);
  g_object_unref(L);
  g_object_unref(ctx);
  cairo_destroy(cr);
  cairo_surface_finish(surf);
  int rc = cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surf);
  printf("%d\n", pages);
  return rc;
}
