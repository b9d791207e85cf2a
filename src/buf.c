/*
** buf.c: growable buffers, allocation that aborts on failure, and the two
** small escapers (JSON string, CSV field) that several renderers share.
*/
#include "buf.h"

#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void msg_v(const char *zFmt, va_list ap) {
  fputs("auditrack: ", stderr);
  vfprintf(stderr, zFmt, ap);
  fputc('\n', stderr);
}

void fatal(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  msg_v(zFmt, ap);
  va_end(ap);
  exit(1);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) fatal("out of memory (%zu bytes)", n);
  return p;
}

void *xcalloc(size_t n, size_t sz) {
  void *p = calloc(n ? n : 1, sz ? sz : 1);
  if (!p) fatal("out of memory (%zu x %zu bytes)", n, sz);
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) fatal("out of memory (%zu bytes)", n);
  return q;
}

char *xstrndup(const char *z, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, z, n);
  p[n] = 0;
  return p;
}

char *xstrdup(const char *z) { return xstrndup(z, strlen(z)); }

static void buf_grow(Buf *b, size_t extra) {
  size_t need = b->n + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  b->z = xrealloc(b->z, cap);
  b->cap = cap;
}

void buf_append(Buf *b, const void *p, size_t n) {
  buf_grow(b, n);
  if (n) memcpy(b->z + b->n, p, n);
  b->n += n;
  b->z[b->n] = 0;
}

void buf_puts(Buf *b, const char *z) { buf_append(b, z, strlen(z)); }

void buf_putc(Buf *b, char c) {
  buf_grow(b, 1);
  b->z[b->n++] = c;
  b->z[b->n] = 0;
}

void buf_vappendf(Buf *b, const char *zFmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  buf_grow(b, 64);
  int k = vsnprintf(b->z + b->n, b->cap - b->n, zFmt, ap);
  if (k < 0) fatal("bad format string");
  if ((size_t)k >= b->cap - b->n) {
    buf_grow(b, (size_t)k);
    vsnprintf(b->z + b->n, b->cap - b->n, zFmt, ap2);
  }
  va_end(ap2);
  b->n += (size_t)k;
}

void buf_appendf(Buf *b, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(b, zFmt, ap);
  va_end(ap);
}

const char *buf_cstr(Buf *b) {
  if (!b->z) buf_grow(b, 0), b->z[0] = 0;
  return b->z;
}

void buf_reset(Buf *b) {
  b->n = 0;
  if (b->z) b->z[0] = 0;
}

int buf_fail(Buf *err, int rc, const char *zFmt, ...) {
  va_list ap;
  buf_reset(err);
  va_start(ap, zFmt);
  buf_vappendf(err, zFmt, ap);
  va_end(ap);
  return rc;
}

void buf_reserve(Buf *b, size_t n) { buf_grow(b, n); }

void buf_wipe(Buf *b) {
  if (b->z) sodium_memzero(b->z, b->cap);
  b->n = 0;
}

void wipe_free(void *p, size_t n) {
  if (p) sodium_memzero(p, n);
  free(p);
}

void buf_free(Buf *b) {
  free(b->z);
  b->z = 0;
  b->n = b->cap = 0;
}

char *buf_steal(Buf *b) {
  char *z = b->z ? b->z : xstrdup("");
  b->z = 0;
  b->n = b->cap = 0;
  return z;
}

void buf_json_str(Buf *b, const char *z) {
  if (!z) {
    buf_puts(b, "null");
    return;
  }
  buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)z; *p; p++) {
    switch (*p) {
    case '"': buf_puts(b, "\\\""); break;
    case '\\': buf_puts(b, "\\\\"); break;
    case '\n': buf_puts(b, "\\n"); break;
    case '\r': buf_puts(b, "\\r"); break;
    case '\t': buf_puts(b, "\\t"); break;
    default:
      if (*p < 0x20)
        buf_appendf(b, "\\u%04x", *p);
      else
        buf_putc(b, (char)*p);
    }
  }
  buf_putc(b, '"');
}

void buf_csv_field(Buf *b, const char *z) {
  if (!z) z = "";
  if (!strpbrk(z, ",\"\r\n")) {
    buf_puts(b, z);
    return;
  }
  buf_putc(b, '"');
  for (const char *p = z; *p; p++) {
    if (*p == '"') buf_putc(b, '"');
    buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

int utf8_seq_len(const char *z, size_t n) {
  const unsigned char *p = (const unsigned char *)z;
  if (n == 0) return 0;
  unsigned c = p[0];
  if (c < 0x80) return 1;
#define CONT(i) (n > (i) && p[i] >= 0x80 && p[i] <= 0xBF)
  if (c >= 0xC2 && c <= 0xDF) return CONT(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    /* E0 A0..BF: no overlongs below U+0800; ED 80..9F: no surrogates */
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    if (n < 2 || p[1] < lo || p[1] > hi) return 0;
    return CONT(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    /* F0 90..BF: no overlongs below U+10000; F4 80..8F: nothing past U+10FFFF */
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    if (n < 2 || p[1] < lo || p[1] > hi) return 0;
    return CONT(2) && CONT(3) ? 4 : 0;
  }
#undef CONT
  return 0; /* 80..C1 (a continuation, or an overlong lead), F5..FF */
}

size_t utf8_ascii_run(const char *z, size_t n) {
  size_t i = 0;
  uint64_t w;
  while (i + 8 <= n && (memcpy(&w, z + i, 8), (w & 0x8080808080808080u) == 0)) i += 8;
  while (i < n && (unsigned char)z[i] < 0x80) i++;
  return i;
}

int utf8_encoding_valid(const char *z, size_t n) {
  size_t i = 0;
  while ((i += utf8_ascii_run(z + i, n - i)) < n) {
    int k = utf8_seq_len(z + i, n - i);
    if (!k) return 0;
    i += (size_t)k;
  }
  return 1;
}
