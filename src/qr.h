/*
** qr.h: a QR code as inline SVG (qr.c).
*/
#ifndef AT_QR_H
#define AT_QR_H

#include "buf.h"

/* Append to out an <svg> QR code of zText (UTF-8, as 8-bit bytes), labelled
** zLabel for assistive technology (escaped here). Returns 0, or 1 when the text
** is too long for a QR code (nothing appended). */
int qr_svg(Buf *out, const char *zText, const char *zLabel);

#endif
