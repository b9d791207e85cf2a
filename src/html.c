/*
** html.c: the one HTML formatter. Every byte of data that reaches a page or an
** HTML report passes through html_esc, directly or as a %s of html_appendf.
** Not for: building URLs, attribute names or markup from data (callers write
** markup as literals), nor sanitising HTML that someone else wrote.
*/
#include "html.h"

#include <string.h>

#include "date.h"

void html_esc(Buf *b, const char *z) {
  if (!z) return;
  const char *zRun = z; /* start of the bytes not yet copied */
  for (const char *p = z; *p; p++) {
    const char *zEnt;
    switch (*p) {
    case '&': zEnt = "&amp;"; break;
    case '<': zEnt = "&lt;"; break;
    case '>': zEnt = "&gt;"; break;
    case '"': zEnt = "&quot;"; break;
    case '\'': zEnt = "&#39;"; break;
    default: continue;
    }
    buf_append(b, zRun, (size_t)(p - zRun));
    buf_puts(b, zEnt);
    zRun = p + 1;
  }
  buf_puts(b, zRun);
}

/*
** A deliberately small printf: the format is trusted (a literal written by a
** programmer), the arguments are not. Unsupported conversions are bugs, so
** they abort rather than print something half-escaped.
*/
void html_appendf(Buf *b, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  const char *p = zFmt;
  while (*p) {
    const char *q = strchr(p, '%');
    if (!q) {
      buf_puts(b, p);
      break;
    }
    buf_append(b, p, (size_t)(q - p));
    q++;
    if (q[0] == 's') {
      html_esc(b, va_arg(ap, const char *));
      p = q + 1;
    } else if (q[0] == 'd') {
      buf_appendf(b, "%d", va_arg(ap, int));
      p = q + 1;
    } else if (q[0] == 'u') {
      buf_appendf(b, "%u", va_arg(ap, unsigned));
      p = q + 1;
    } else if (q[0] == 'D') {
      Day d = va_arg(ap, Day);
      char zIso[DAY_FMT_MAX], zText[DAY_FMT_MAX];
      if (d != DAY_NONE) {
        buf_appendf(b, "<time datetime=\"%s\">%s</time>", day_fmt(d, DAY_ISO, zIso),
                    day_fmt(d, DAY_TEXT, zText));
      }
      p = q + 1;
    } else if (q[0] == '%') {
      buf_putc(b, '%');
      p = q + 1;
    } else if (q[0] == 'l' && q[1] == 'd') {
      buf_appendf(b, "%ld", va_arg(ap, long));
      p = q + 2;
    } else if (q[0] == 'l' && q[1] == 'l' && q[2] == 'd') {
      buf_appendf(b, "%lld", va_arg(ap, long long));
      p = q + 3;
    } else if (q[0] == 'z' && q[1] == 'u') {
      buf_appendf(b, "%zu", va_arg(ap, size_t));
      p = q + 2;
    } else {
      va_end(ap);
      fatal("html_appendf: unsupported conversion at \"%%%.8s\" in \"%s\"", q, zFmt);
    }
  }
  va_end(ap);
}
