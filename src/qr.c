/*
** qr.c: a QR code as inline SVG (libqrencode makes the symbol), so that an
** authenticator app can scan the two-factor secret's otpauth:// link from the
** screen instead of having it typed. Black squares on a white ground with the
** four-module quiet zone the standard asks for; one path, no style attribute
** (the pages' Content-Security-Policy allows none), scaled by its viewBox.
** Not for: what the link holds (auth_totp.c).
*/
#include "qr.h"

#include <qrencode.h>

#include "html.h"

int qr_svg(Buf *out, const char *zText, const char *zLabel) {
  /* Level M: 15% of the symbol can be lost, as a phone's camera needs. */
  QRcode *q = QRcode_encodeString(zText, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!q) return 1;
  int w = q->width, quiet = 4, size = w + 2 * quiet;
  html_appendf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"at-qr\" role=\"img\" "
               "aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
               "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
               "fill=\"#ffffff\"/><path fill=\"#0b0c0c\" d=\"",
               zLabel, size, size, size * 5, size * 5, size, size);
  for (int y = 0; y < w; y++) {
    for (int x = 0; x < w; x++) {
      /* Bit 0 of each byte: the module is dark. */
      if (q->data[y * w + x] & 1) buf_appendf(out, "M%d %dh1v1h-1z", x + quiet, y + quiet);
    }
  }
  buf_puts(out, "\"/></svg>");
  QRcode_free(q);
  return 0;
}
