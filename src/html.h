/*
** html.h: the one HTML formatter. html_appendf works like buf_appendf except
** that %s escapes its argument for HTML text and attribute values (& < > " ').
** Raw markup can only come from string literals through html_raw(), which
** refuses anything but a literal at compile time. Not for: URLs in attributes
** beyond escaping (callers build them from escaped parts).
*/
#ifndef AT_HTML_H
#define AT_HTML_H

#include "buf.h"

/* Append z escaped for HTML text or a quoted attribute. NULL appends nothing. */
void html_esc(Buf *b, const char *z);
/*
** Formats %s (escaped), %d %ld %lld %u %zu %%, and %D: a Day (date.h) as every web page
** writes a date, <time datetime="2026-12-07">7 December 2026</time> (DAY_TEXT), nothing
** for DAY_NONE. Nothing else (a bug aborts).
*/
void html_appendf(Buf *b, const char *zFmt, ...);
#define html_raw(b, lit) buf_append((b), "" lit, sizeof(lit) - 1)

#endif
