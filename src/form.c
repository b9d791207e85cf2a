/*
** form.c: query strings, form bodies and cookies, parsed with hard limits.
** Everything here treats its input as hostile: lengths are explicit, nothing is
** assumed NUL-terminated, and every failure says which part was wrong.
*/
#include "form.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int add(Form *f, Buf *err, const char *zName, size_t nName, char *zValue, size_t nValue,
               char *zFile, char *zType) {
  if (f->n == FORM_MAX_FIELDS || nName == 0 || nName > FORM_MAX_NAME || memchr(zName, 0, nName)) {
    buf_reset(err);
    buf_puts(err, f->n == FORM_MAX_FIELDS ? "too many form fields" : "a form field has a bad name");
    wipe_free(zValue, nValue);
    free(zFile);
    free(zType);
    return 1;
  }
  FormField *x = &f->a[f->n++];
  x->zName = xstrndup(zName, nName);
  x->zValue = zValue;
  x->nValue = nValue;
  x->zFileName = zFile;
  x->zType = zType;
  return 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decode %XX and + into a new heap string; *pn its length. NULL on a bad escape. */
static char *unescape(const char *z, size_t n, size_t *pn) {
  char *zOut = xmalloc(n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (z[i] == '+')
      zOut[j++] = ' ';
    else if (z[i] == '%') {
      int a = i + 2 < n ? hexval(z[i + 1]) : -1;
      int b = i + 2 < n ? hexval(z[i + 2]) : -1;
      if (a < 0 || b < 0) {
        wipe_free(zOut, n + 1);
        return 0;
      }
      zOut[j++] = (char)(a * 16 + b);
      i += 2;
    } else
      zOut[j++] = z[i];
  }
  zOut[j] = 0;
  *pn = j;
  return zOut;
}

int form_parse_urlencoded(const char *z, size_t n, Form *f, Buf *err) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && z[j] != '&') j++;
    if (j > i) {
      size_t e = i;
      while (e < j && z[e] != '=') e++;
      size_t nName, nValue;
      char *zName = unescape(z + i, e - i, &nName);
      char *zValue = e < j ? unescape(z + e + 1, j - e - 1, &nValue) : (nValue = 0, xstrdup(""));
      if (!zName || !zValue) {
        free(zName);
        wipe_free(zValue, zValue ? nValue : 0);
        buf_reset(err);
        buf_puts(err, "a form field has a bad %-escape");
        return 1;
      }
      int rc = add(f, err, zName, nName, zValue, nValue, 0, 0);
      free(zName);
      if (rc) return 1;
    }
    i = j + 1;
  }
  return 0;
}

static const char *find(const char *z, size_t n, const char *zNeedle, size_t nNeedle) {
  if (nNeedle == 0 || n < nNeedle) return 0;
  return memmem(z, n, zNeedle, nNeedle);
}

/* The value of param="..." (or param=token) in a header line z[0..n), heap, or NULL. */
static char *header_param(const char *z, size_t n, const char *zParam) {
  size_t np = strlen(zParam);
  for (size_t i = 0; i + np + 1 <= n; i++) {
    if ((i == 0 || z[i - 1] == ';' || z[i - 1] == ' ') && !strncasecmp(z + i, zParam, np) &&
        z[i + np] == '=') {
      size_t k = i + np + 1;
      if (k < n && z[k] == '"') {
        size_t e = k + 1;
        while (e < n && z[e] != '"') e++;
        if (e >= n) return 0;
        return xstrndup(z + k + 1, e - k - 1);
      }
      size_t e = k;
      while (e < n && z[e] != ';' && z[e] != ' ') e++;
      return xstrndup(z + k, e - k);
    }
  }
  return 0;
}

int form_parse_multipart(const char *z, size_t n, const char *zBoundary, Form *f, Buf *err) {
  char zDelim[90];
  size_t nB = strlen(zBoundary);
  if (nB == 0 || nB > 70) goto bad;
  zDelim[0] = '-';
  zDelim[1] = '-';
  memcpy(zDelim + 2, zBoundary, nB);
  size_t nD = nB + 2;
  /* The first delimiter, then parts each ending at CRLF + delimiter. */
  const char *p = find(z, n, zDelim, nD);
  if (!p) goto bad;
  const char *zEnd = z + n;
  p += nD;
  for (;;) {
    if (zEnd - p >= 2 && p[0] == '-' && p[1] == '-') return 0; /* the closing delimiter */
    if (zEnd - p < 2 || p[0] != '\r' || p[1] != '\n') goto bad;
    p += 2;
    const char *zHdrEnd = find(p, (size_t)(zEnd - p), "\r\n\r\n", 4);
    if (!zHdrEnd) goto bad;
    char *zName = 0, *zFile = 0, *zType = 0;
    for (const char *h = p; h < zHdrEnd;) {
      const char *e = find(h, (size_t)(zHdrEnd - h), "\r\n", 2);
      if (!e) e = zHdrEnd;
      size_t nh = (size_t)(e - h);
      if (nh > 20 && !strncasecmp(h, "Content-Disposition:", 20)) {
        free(zName);
        free(zFile);
        zName = header_param(h + 20, nh - 20, "name");
        zFile = header_param(h + 20, nh - 20, "filename");
      } else if (nh > 13 && !strncasecmp(h, "Content-Type:", 13)) {
        const char *t = h + 13;
        while (t < e && *t == ' ') t++;
        free(zType);
        zType = xstrndup(t, (size_t)(e - t));
      }
      h = e + 2;
    }
    const char *zBody = zHdrEnd + 4;
    char zSep[96];
    zSep[0] = '\r';
    zSep[1] = '\n';
    memcpy(zSep + 2, zDelim, nD);
    const char *zNext = find(zBody, (size_t)(zEnd - zBody), zSep, nD + 2);
    if (!zName || !zNext) {
      free(zName);
      free(zFile);
      free(zType);
      goto bad;
    }
    size_t nValue = (size_t)(zNext - zBody);
    char *zValue = xmalloc(nValue + 1);
    memcpy(zValue, zBody, nValue);
    zValue[nValue] = 0;
    if (!zFile) {
      free(zType);
      zType = 0;
    } else if (!zType) {
      zType = xstrdup("application/octet-stream");
    }
    int rc = add(f, err, zName, strlen(zName), zValue, nValue, zFile, zType);
    free(zName);
    if (rc) return 1;
    p = zNext + 2 + nD;
  }
bad:
  buf_reset(err);
  buf_puts(err, "the form's multipart body is malformed");
  return 1;
}

const char *form_boundary(const char *zType, char *zOut, size_t n) {
  if (!zType) return 0;
  char *z = header_param(zType, strlen(zType), "boundary");
  if (!z || !z[0] || strlen(z) >= n || strlen(z) > 70) {
    free(z);
    return 0;
  }
  strcpy(zOut, z);
  free(z);
  return zOut;
}

const char *form_cookie(const char *zHeader, const char *zName, char *zOut, size_t n) {
  if (!zHeader) return 0;
  size_t nName = strlen(zName);
  const char *p = zHeader;
  while (*p) {
    while (*p == ' ' || *p == ';') p++;
    const char *e = p;
    while (*e && *e != ';') e++;
    if ((size_t)(e - p) > nName && !strncmp(p, zName, nName) && p[nName] == '=') {
      size_t nv = (size_t)(e - p) - nName - 1;
      if (nv >= n) return 0;
      memcpy(zOut, p + nName + 1, nv);
      zOut[nv] = 0;
      return zOut;
    }
    p = e;
  }
  return 0;
}

void form_wipe(Form *f) {
  for (int i = 0; i < f->n; i++) {
    if (f->a[i].zValue) sodium_memzero(f->a[i].zValue, f->a[i].nValue + 1);
  }
}

void form_free(Form *f) {
  form_wipe(f);
  for (int i = 0; i < f->n; i++) {
    free(f->a[i].zName);
    free(f->a[i].zValue);
    free(f->a[i].zFileName);
    free(f->a[i].zType);
  }
  f->n = 0;
}

const FormField *form_field(const Form *f, const char *zName) {
  for (int i = 0; i < f->n; i++) {
    if (!strcmp(f->a[i].zName, zName)) return &f->a[i];
  }
  return 0;
}

const char *form_get(const Form *f, const char *zName) {
  const FormField *x = form_field(f, zName);
  return x ? x->zValue : 0;
}

int utf8_valid(const char *z, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)z[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return 0;
  }
  return utf8_encoding_valid(z, n);
}
