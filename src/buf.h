/*
** buf.h: the one growable byte buffer, and the process-wide allocation policy.
**
** Every string the program builds goes through a Buf. Allocation failure is not
** recoverable here: xmalloc and friends print a message and abort, as Fossil and
** Redis do, so callers never test for NULL. Not for: escaping (see html.h for
** HTML; buf_json_str and buf_csv_field below are the only other escapers).
*/
#ifndef AT_BUF_H
#define AT_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define AT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define AT_MUST __attribute__((warn_unused_result))

typedef struct Buf {
  char *z;    /* always NUL-terminated when n>0 or after buf_cstr() */
  size_t n;   /* bytes used, not counting the NUL */
  size_t cap; /* bytes allocated */
} Buf;

#define BUF_INIT                                                                                   \
  { 0, 0, 0 }

/* Allocation: abort with a message on failure; never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *z);
char *xstrndup(const char *z, size_t n);

/* Print "auditrack: " + message + newline to stderr. */
void msg_v(const char *zFmt, va_list ap) AT_PRINTF(1, 0);
/* Print "auditrack: " + message to stderr and exit(1). For bugs and OOM only. */
void fatal(const char *zFmt, ...) AT_PRINTF(1, 2) __attribute__((noreturn));

void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *z);
void buf_putc(Buf *b, char c);
void buf_appendf(Buf *b, const char *zFmt, ...) AT_PRINTF(2, 3);
void buf_vappendf(Buf *b, const char *zFmt, va_list ap) AT_PRINTF(2, 0);
/* Returns b->z, NUL-terminated, never NULL ("" for an empty buffer). Owned by b. */
const char *buf_cstr(Buf *b);
void buf_reset(Buf *b); /* keep the allocation, empty the content */
/* Replace err's content with the formatted message and return rc, so that a
** failing function can end with `return buf_fail(err, ACT_INVALID, "...")`. */
int buf_fail(Buf *err, int rc, const char *zFmt, ...) AT_PRINTF(3, 4);
void buf_free(Buf *b); /* release the allocation */
/* Make room for n more bytes, so that appending them moves nothing: a buffer
** that moves leaves its old bytes in freed memory, where no wipe reaches. */
void buf_reserve(Buf *b, size_t n);
/* Zero every allocated byte (sodium_memzero, which the compiler may not drop
** as a dead store) and empty b, keeping the allocation; buf_free after. For a
** buffer that held a password, or a request body that may have. */
void buf_wipe(Buf *b);
/* Zero the n bytes at p as buf_wipe does, then free(p): takes ownership of a
** heap copy of a secret. p may be NULL. */
void wipe_free(void *p, size_t n);
/* Hand the string to the caller (free() it); b is left empty. Never NULL. */
char *buf_steal(Buf *b);

/* Append z as a JSON string literal, quotes included; NULL appends null. */
void buf_json_str(Buf *b, const char *z);
/* Append z as one CSV field (RFC 4180): quoted when it holds , " CR or LF. */
void buf_csv_field(Buf *b, const char *z);

/* The one rule for UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
** U+10FFFF. The bytes of the valid sequence at z (1 for any ASCII byte, NUL included),
** or 0 when z does not start one. n is the bytes available; a NUL-terminated string may
** pass 4, since a NUL fails every continuation test and the reading stops there. */
int utf8_seq_len(const char *z, size_t n);
/* How many bytes from z (at most n) are ASCII: runs of them, which trackers and
** forms mostly are, are measured eight bytes at a time. */
size_t utf8_ascii_run(const char *z, size_t n);
/* 1 when z[0..n) is valid UTF-8 by that rule (what characters it holds is the caller's
** rule: form.h's utf8_valid also refuses control characters). */
int utf8_encoding_valid(const char *z, size_t n);

#endif
