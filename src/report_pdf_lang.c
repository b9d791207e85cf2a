/*
** report_pdf_lang.c: sets the document language of a finished PDF (cairo 1.16
** cannot), asks viewers to show its title, and gives each Figure its alternative
** text (cairo 1.16's structure tags take no attributes), by appending incremental
** updates to its bytes.
**
** Not for: typesetting (report_pdf.c) or any PDF but the classic cross-reference
** table that cairo writes.
*/
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ /Lang update */

/* Offset of the last occurrence of zNeedle in z[0..n), or -1. */
static long long last_of(const char *z, size_t n, const char *zNeedle) {
  size_t k = strlen(zNeedle);
  for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;) {
    if (memcmp(z + i, zNeedle, k) == 0) return (long long)i;
  }
  return -1;
}

/* The end (just past ">>") of the dictionary opening at z[i] ("<<"), or 0. */
static size_t dict_end(const char *z, size_t n, size_t i) {
  int depth = 0;
  while (i + 1 < n) {
    if (z[i] == '<' && z[i + 1] == '<')
      depth++, i += 2;
    else if (z[i] == '>' && z[i + 1] == '>') {
      i += 2;
      if (--depth == 0) return i;
    } else if (z[i] == '(') { /* a literal string: skip it, escapes and nesting included */
      int par = 0;
      for (; i < n; i++) {
        if (z[i] == '\\')
          i++;
        else if (z[i] == '(')
          par++;
        else if (z[i] == ')' && --par == 0)
          break;
      }
      i++;
    } else
      i++;
  }
  return 0;
}

/* The value after /zKey in dictionary text z[0..n) as a number, or -1. */
static long long dict_num(const char *z, size_t n, const char *zKey, long long *pGen) {
  size_t k = strlen(zKey);
  for (size_t i = 0; i + k < n; i++) {
    if (z[i] == '/' && memcmp(z + i + 1, zKey, k) == 0 &&
        (z[i + 1 + k] == ' ' || z[i + 1 + k] == '\n' || z[i + 1 + k] == '\r')) {
      char *e;
      long long v = strtoll(z + i + 1 + k, &e, 10);
      if (pGen) *pGen = strtoll(e, 0, 10);
      return v;
    }
  }
  return -1;
}

/* Offset of object num in the classic xref table at xref (following /Prev), or -1. */
static long long xref_find(const char *z, size_t n, long long xref, long long num) {
  for (int hop = 0; hop < 32 && xref >= 0 && (size_t)xref + 4 < n; hop++) {
    const char *p = z + xref;
    if (memcmp(p, "xref", 4) != 0) return -1;
    p += 4;
    for (;;) {
      char *e;
      while (p < z + n && (*p == ' ' || *p == '\r' || *p == '\n')) p++;
      if (p >= z + n || *p < '0' || *p > '9') break;
      long long first = strtoll(p, &e, 10), count = strtoll(e, &e, 10);
      p = e;
      while (p < z + n && (*p == ' ' || *p == '\r' || *p == '\n')) p++;
      if (num >= first && num < first + count) {
        const char *q = p + (num - first) * 20;
        if (q + 18 > z + n) return -1;
        if (q[17] != 'n') return -1;
        return strtoll(q, 0, 10);
      }
      p += count * 20;
      if (p > z + n) return -1;
    }
    /* Not in this section: the trailer after it names the previous one. */
    long long t = last_of(z, (size_t)(p - z) + 16 < n ? (size_t)(p - z) + 16 : n, "trailer");
    if (t < 0) return -1;
    const char *d = strstr(z + t, "<<");
    if (!d) return -1;
    size_t de = dict_end(z, n, (size_t)(d - z));
    if (!de) return -1;
    xref = dict_num(d, de - (size_t)(d - z), "Prev", 0);
  }
  return -1;
}

/* The tn bytes of a trailer dictionary at t (without its closing >>) into tb, less
** its /Prev entry, which the trailer of an incremental update replaces. */
static void trailer_without_prev(const char *t, size_t tn, Buf *tb) {
  for (size_t i = 0; i < tn; i++) {
    if (t[i] == '/' && i + 5 < tn && memcmp(t + i + 1, "Prev", 4) == 0 &&
        (t[i + 5] == ' ' || t[i + 5] == '\n' || t[i + 5] == '\r')) {
      i += 5;
      while (i < tn && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r')) i++;
      while (i < tn && t[i] >= '0' && t[i] <= '9') i++;
      i--;
      continue;
    }
    buf_putc(tb, t[i]);
  }
}

int report_pdf_set_lang(Buf *pdf, const char *zLang, Buf *err) {
  const char *z = pdf->z;
  size_t n = pdf->n;
  if (!zLang || !zLang[0] ||
      strspn(zLang, "abcdefghijklmnopqrstuvwxyz"
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(zLang))
    return buf_fail(err, 1, "PDF language: '%s' is not a language tag", zLang ? zLang : "");
  if (n < 32 || memcmp(z, "%PDF-", 5) != 0) return buf_fail(err, 1, "PDF language: not a PDF");
  long long sx = last_of(z, n, "startxref");
  if (sx < 0) return buf_fail(err, 1, "PDF language: no startxref");
  long long prev = strtoll(z + sx + 9, 0, 10);
  long long tr = last_of(z, (size_t)sx, "trailer");
  if (tr < 0) return buf_fail(err, 1, "PDF language: no trailer (a cross-reference stream?)");
  const char *td = strstr(z + tr, "<<");
  size_t tEnd = td ? dict_end(z, n, (size_t)(td - z)) : 0;
  if (!tEnd) return buf_fail(err, 1, "PDF language: the trailer cannot be read");
  size_t tStart = (size_t)(td - z);
  long long gen = 0, root = dict_num(td, tEnd - tStart, "Root", &gen);
  if (root <= 0) return buf_fail(err, 1, "PDF language: the trailer has no /Root");
  long long off = xref_find(z, n, prev, root);
  if (off < 0) return buf_fail(err, 1, "PDF language: object %lld is not in the xref", root);
  char zHead[48];
  int k = snprintf(zHead, sizeof zHead, "%lld %lld obj", root, gen);
  if ((size_t)off + (size_t)k > n || memcmp(z + off, zHead, (size_t)k) != 0)
    return buf_fail(err, 1, "PDF language: the xref does not point at the catalog");
  const char *cd = z + off + k;
  while (cd < z + n && (*cd == ' ' || *cd == '\r' || *cd == '\n')) cd++;
  size_t cStart = (size_t)(cd - z),
         cEnd = cd + 1 < z + n && cd[0] == '<' && cd[1] == '<' ? dict_end(z, n, cStart) : 0;
  if (!cEnd) return buf_fail(err, 1, "PDF language: the catalog is not a dictionary");
  if (dict_num(z + cStart, cEnd - cStart, "Lang", 0) != -1 ||
      last_of(z + cStart, cEnd - cStart, "/Lang") >= 0)
    return buf_fail(err, 1, "PDF language: the catalog already has /Lang");

  /* Copy what we need before appending moves the buffer. */
  char *zCat = xstrndup(z + cStart, cEnd - cStart - 2);
  Buf tb = BUF_INIT;
  /* The old trailer without its /Prev, which the new one replaces. */
  trailer_without_prev(z + tStart, tEnd - tStart - 2, &tb);
  if (pdf->z[pdf->n - 1] != '\n') buf_putc(pdf, '\n');
  size_t objOff = pdf->n;
  /* The window shows the document's title, not its file name (PDF/UA asks for it). */
  const char *zPrefs =
      strstr(zCat, "/ViewerPreferences") ? "" : "/ViewerPreferences << /DisplayDocTitle true >>\n";
  buf_appendf(pdf, "%lld %lld obj\n%s/Lang (%s)\n%s>>\nendobj\n", root, gen, zCat, zLang, zPrefs);
  size_t xrefOff = pdf->n;
  buf_appendf(
      pdf, "xref\n%lld 1\n%010zu %05lld n \ntrailer\n%s/Prev %lld\n>>\nstartxref\n%zu\n%%%%EOF\n",
      root, objOff, gen, buf_cstr(&tb), prev, xrefOff);
  free(zCat);
  buf_free(&tb);
  return 0;
}

/* ---------------------------------------------------------- /Alt update */

/* The last trailer's dictionary without its /Prev into tb, and the last xref's offset
** into *pPrev. 0, or 1 with the reason in err. */
static int last_trailer(const char *z, size_t n, Buf *tb, long long *pPrev, Buf *err) {
  long long sx = last_of(z, n, "startxref");
  if (sx < 0) return buf_fail(err, 1, "PDF figures: no startxref");
  *pPrev = strtoll(z + sx + 9, 0, 10);
  long long tr = last_of(z, (size_t)sx, "trailer");
  if (tr < 0) return buf_fail(err, 1, "PDF figures: no trailer");
  const char *td = strstr(z + tr, "<<");
  size_t tEnd = td ? dict_end(z, n, (size_t)(td - z)) : 0;
  if (!tEnd) return buf_fail(err, 1, "PDF figures: the trailer cannot be read");
  trailer_without_prev(td, tEnd - (size_t)(td - z) - 2, tb);
  return 0;
}

/* z (UTF-8, clean) as a PDF text string: <FEFF...> in UTF-16BE hex, which no byte of
** the text can close early. */
static void utf16_hex(Buf *b, const char *z) {
  buf_puts(b, "<FEFF");
  const unsigned char *p = (const unsigned char *)z;
  while (*p) {
    unsigned c = *p++;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    c &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
    for (; more > 0 && (*p & 0xC0) == 0x80; more--) c = c << 6 | (*p++ & 0x3F);
    if (c >= 0x10000) {
      c -= 0x10000;
      buf_appendf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
    } else
      buf_appendf(b, "%04X", c);
  }
  buf_puts(b, ">");
}

/* A structure element's object: where its "N G obj" line starts and its dictionary ends. */
typedef struct Elem {
  size_t obj, end;
} Elem;

/* Every structure element of type zType ("/S /TH") in file order into *paE; the count, or
** -1 when one already has zKey. */
static int elems(const char *z, size_t n, const char *zType, const char *zKey, Elem **paE) {
  size_t k = strlen(zType);
  int nE = 0;
  for (size_t i = 0; i + k < n; i++) {
    if (memcmp(z + i, zType, k) != 0 || (z[i + k] != '\n' && z[i + k] != ' ')) continue;
    long long d = last_of(z, i, "<<"), o = last_of(z, i, " obj");
    if (d < 0 || o < 0 || o > d) continue;
    size_t s = (size_t)o;
    while (s > 0 && z[s - 1] != '\n') s--;
    size_t e = dict_end(z, n, (size_t)d);
    if (!e) continue;
    if (last_of(z + d, e - (size_t)d, zKey) >= 0) return -1;
    *paE = xrealloc(*paE, sizeof(Elem) * (size_t)(nE + 1));
    (*paE)[nE].obj = s;
    (*paE)[nE++].end = e;
    i = e;
  }
  return nE;
}

/* Element e again, its dictionary ending in zAdd, into add, and its xref line into xref. */
static void elem_again(const char *z, const Elem *e, size_t base, const char *zAdd, Buf *add,
                       Buf *xref) {
  buf_appendf(xref, "%lld 1\n%010zu 00000 n \n", strtoll(z + e->obj, 0, 10), base + add->n);
  buf_append(add, z + e->obj, e->end - 2 - e->obj);
  buf_appendf(add, "%s\n>>\nendobj\n", zAdd);
}

int report_pdf_set_attrs(Buf *pdf, char *const *azAlt, int nAlt, const char *zScope, Buf *err) {
  int nScope = zScope ? (int)strlen(zScope) : 0;
  if (nAlt == 0 && nScope == 0) return 0;
  const char *z = pdf->z;
  size_t n = pdf->n;
  Elem *aFig = 0, *aTh = 0;
  int rc = 0, nFig = elems(z, n, "/S /Figure", "/Alt", &aFig), nTh = 0;
  if (nFig < 0) {
    rc = buf_fail(err, 1, "PDF figures: a Figure already has /Alt");
    goto end;
  }
  if (nFig != nAlt) {
    rc = buf_fail(err, 1, "PDF figures: %d Figure elements for %d charts", nFig, nAlt);
    goto end;
  }
  if (nScope && (nTh = elems(z, n, "/S /TH", "/A ", &aTh)) != nScope) {
    rc = buf_fail(err, 1, "PDF header cells: %d TH elements for %d scopes", nTh, nScope);
    goto end;
  }
  Buf tb = BUF_INIT, add = BUF_INIT, xref = BUF_INIT, a = BUF_INIT;
  long long prev = 0;
  if (last_trailer(z, n, &tb, &prev, err)) {
    buf_free(&tb);
    rc = 1;
    goto end;
  }
  size_t base = n + (z[n - 1] != '\n');
  buf_puts(&xref, "xref\n");
  for (int k = 0; k < nFig; k++) {
    buf_reset(&a);
    buf_puts(&a, "   /Alt ");
    utf16_hex(&a, azAlt[k]);
    elem_again(z, &aFig[k], base, buf_cstr(&a), &add, &xref);
  }
  for (int k = 0; k < nScope; k++) {
    elem_again(z, &aTh[k], base,
               zScope[k] == 'R' ? "   /A << /O /Table /Scope /Row >>"
                                : "   /A << /O /Table /Scope /Column >>",
               &add, &xref);
  }
  if (pdf->z[pdf->n - 1] != '\n') buf_putc(pdf, '\n');
  buf_append(pdf, add.z, add.n);
  size_t xrefOff = pdf->n;
  buf_append(pdf, xref.z, xref.n);
  buf_appendf(pdf, "trailer\n%s/Prev %lld\n>>\nstartxref\n%zu\n%%%%EOF\n", buf_cstr(&tb), prev,
              xrefOff);
  buf_free(&tb);
  buf_free(&add);
  buf_free(&xref);
  buf_free(&a);
end:
  free(aFig);
  free(aTh);
  return rc;
}
