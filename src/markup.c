/*
** markup.c: the pack's narrative markup (markup.h): parsing text into blocks of
** spans, filling placeholders, and the renderers that need nothing of a report
** (plain text, Markdown, HTML, Pango markup). The PDF, DOCX, XLSX and CSV
** writers walk the same blocks with their own escaping. Pure: no I/O, no
** report. Not for: which placeholders exist or what they are worth
** (report_pack_text.c).
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "markup.h"

const char *const markup_block_names[] = {"p", "h1", "h2", "li", "ol"};
_Static_assert(sizeof(markup_block_names) / sizeof(markup_block_names[0]) == MARK_BLOCK__MAX,
               "a name per block kind");

/* ---------------------------------------------------------------- parsing */

/* A block's raw text as the lines gave it, with where each byte came from. */
typedef struct Raw {
  Buf text;
  int *aLine, *aCol;
  size_t nAlloc;
} Raw;

static void raw_putc(Raw *r, char c, int line, int col) {
  if (r->text.n + 1 > r->nAlloc) {
    r->nAlloc = r->nAlloc ? 2 * r->nAlloc : 64;
    r->aLine = xrealloc(r->aLine, sizeof(int) * r->nAlloc);
    r->aCol = xrealloc(r->aCol, sizeof(int) * r->nAlloc);
  }
  r->aLine[r->text.n] = line;
  r->aCol[r->text.n] = col;
  buf_putc(&r->text, c);
}

static void raw_free(Raw *r) {
  buf_free(&r->text);
  free(r->aLine);
  free(r->aCol);
  memset(r, 0, sizeof *r);
}

typedef struct Parser {
  Markup *m;
  const char *const *azPlace;
  Buf *err;
  Buf cur; /* the span being gathered */
  int bold;
} Parser;

static void span_add(Parser *p, const char *zText, const char *zHref, const char *zPlace) {
  MarkBlock *k = &p->m->aBlock[p->m->nBlock - 1];
  k->aSpan = xrealloc(k->aSpan, sizeof(MarkSpan) * (size_t)(k->nSpan + 1));
  MarkSpan *s = &k->aSpan[k->nSpan++];
  s->zText = xstrdup(zText);
  s->zHref = zHref ? xstrdup(zHref) : 0;
  s->zPlace = zPlace ? xstrdup(zPlace) : 0;
  s->bold = p->bold;
}

static void flush(Parser *p) {
  if (p->cur.n) span_add(p, buf_cstr(&p->cur), 0, 0);
  buf_reset(&p->cur);
}

static int is_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

static int place_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static int url_ok(const char *z, size_t n) {
  static const char *const az[] = {"http://", "https://", "mailto:"};
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)z[i] <= ' ' || z[i] == '"' || z[i] == '<' || z[i] == '>' || z[i] == '\\')
      return 0;
  }
  for (int i = 0; i < 3; i++) {
    size_t k = strlen(az[i]);
    if (n > k && !strncasecmp(z, az[i], k)) return 1;
  }
  return 0;
}

static int fault(Parser *p, const Raw *r, size_t at, const char *zWhat) {
  buf_appendf(p->err, "line %d, column %d: %s", r->aLine[at], r->aCol[at], zWhat);
  return 1;
}

static int place_known(const Parser *p, const char *z) {
  for (int i = 0; p->azPlace && p->azPlace[i]; i++) {
    if (!strcmp(p->azPlace[i], z)) return 1;
  }
  return 0;
}

/* A placeholder {name} at z[i]: its length, or 0 when this '{' is text. */
static size_t place_len(const char *z, size_t i, size_t n) {
  size_t j = i + 1;
  while (j < n && place_char(z[j])) j++;
  return j > i + 1 && j < n && z[j] == '}' ? j + 1 - i : 0;
}

/* A link [text](url) at z[i]: its length, 0 when this '[' is text, or -1 after an error. */
static long link_at(Parser *p, const Raw *r, size_t i) {
  const char *z = r->text.z;
  size_t n = r->text.n, j = i + 1;
  while (j < n && z[j] != ']' && z[j] != '[') j++;
  if (j + 1 >= n || z[j] != ']' || z[j + 1] != '(') return 0;
  size_t u = j + 2, e = u;
  while (e < n && z[e] != ')') e++;
  if (e >= n) {
    fault(p, r, i, "a link's URL has no closing ')'; write [text](https://...)");
    return -1;
  }
  if (!url_ok(z + u, e - u)) return 0; /* not a link we make: printed as text */
  flush(p);
  char *zText = xstrndup(z + i + 1, j - i - 1), *zHref = xstrndup(z + u, e - u);
  span_add(p, zText[0] ? zText : zHref, zHref, 0);
  free(zText);
  free(zHref);
  return (long)(e + 1 - i);
}

/* The inline markup of one block's raw text into its spans. */
static int parse_inline(Parser *p, const Raw *r) {
  const char *z = r->text.z;
  size_t n = r->text.n, boldAt = 0;
  p->bold = 0;
  buf_reset(&p->cur);
  for (size_t i = 0; i < n;) {
    char c = z[i];
    if (c == '\\' && i + 1 < n && is_punct(z[i + 1])) {
      buf_putc(&p->cur, z[i + 1]);
      i += 2;
    } else if (c == '*' && i + 1 < n && z[i + 1] == '*') {
      flush(p);
      p->bold = !p->bold;
      boldAt = i;
      i += 2;
    } else if (c == '[') {
      long k = link_at(p, r, i);
      if (k < 0) return 1;
      if (k == 0) buf_putc(&p->cur, c);
      i += k ? (size_t)k : 1;
    } else if (c == '{' && place_len(z, i, n)) {
      size_t k = place_len(z, i, n);
      char *zName = xstrndup(z + i + 1, k - 2);
      if (!place_known(p, zName)) {
        Buf m = BUF_INIT;
        buf_appendf(&m, "unknown placeholder {%s} (known:", zName);
        for (int x = 0; p->azPlace && p->azPlace[x]; x++) buf_appendf(&m, " {%s}", p->azPlace[x]);
        buf_puts(&m, p->azPlace && p->azPlace[0] ? ")" : " none)");
        fault(p, r, i, buf_cstr(&m));
        buf_free(&m);
        free(zName);
        return 1;
      }
      flush(p);
      span_add(p, "", 0, zName);
      MarkBlock *b = &p->m->aBlock[p->m->nBlock - 1];
      free(b->aSpan[b->nSpan - 1].zText);
      b->aSpan[b->nSpan - 1].zText = xstrndup(z + i, k);
      free(zName);
      i += k;
    } else {
      buf_putc(&p->cur, c);
      i++;
    }
  }
  if (p->bold) return fault(p, r, boldAt, "'**' (bold) is not closed on this paragraph");
  flush(p);
  return 0;
}

/* Close the block being gathered: its inline markup into spans. */
static int block_end(Parser *p, Raw *r, int *pOpen) {
  int rc = 0;
  if (*pOpen) {
    while (r->text.n && r->text.z[r->text.n - 1] == ' ') r->text.n--;
    rc = parse_inline(p, r);
  }
  *pOpen = 0;
  buf_reset(&r->text);
  return rc;
}

static void block_new(Markup *m, MarkBlockKind kind, int num) {
  m->aBlock = xrealloc(m->aBlock, sizeof(MarkBlock) * (size_t)(m->nBlock + 1));
  MarkBlock *k = &m->aBlock[m->nBlock++];
  memset(k, 0, sizeof *k);
  k->kind = kind;
  k->num = num;
}

/* What a line opens: its kind, the number of a numbered item, and where its text starts. */
static MarkBlockKind line_kind(const char *z, int *pNum, size_t *pSkip) {
  size_t d = 0;
  *pNum = 0;
  if (!strncmp(z, "## ", 3)) return *pSkip = 3, MB_H2;
  if (!strncmp(z, "# ", 2)) return *pSkip = 2, MB_H1;
  if (!strncmp(z, "- ", 2)) return *pSkip = 2, MB_BULLET;
  while (d < 9 && z[d] >= '0' && z[d] <= '9') *pNum = *pNum * 10 + (z[d++] - '0');
  if (d > 0 && z[d] == '.' && z[d + 1] == ' ') return *pSkip = d + 2, MB_NUMBER;
  *pSkip = 0;
  return MB_PARA;
}

/* Where invalid UTF-8 or a NUL starts in z[0..n), or n. */
static size_t utf8_bad_at(const char *z, size_t n) {
  for (size_t i = 0; i < n;) {
    int k = utf8_seq_len(z + i, n - i);
    if (k <= 0 || z[i] == 0) return i;
    i += (size_t)k;
  }
  return n;
}

static int parse_lines(Parser *p, const char *z, int line0) {
  Raw r;
  memset(&r, 0, sizeof r);
  int open = 0, rc = 0, line = line0;
  while (*z && !rc) {
    size_t k = strcspn(z, "\n"), skip = 0, lead = 0;
    size_t e = k && z[k - 1] == '\r' ? k - 1 : k;
    while (lead < e && (z[lead] == ' ' || z[lead] == '\t')) lead++;
    int num;
    MarkBlockKind kind = line_kind(z + lead, &num, &skip);
    if (lead == e) {
      rc = block_end(p, &r, &open);
    } else {
      if (kind != MB_PARA || !open || p->m->aBlock[p->m->nBlock - 1].kind == MB_H1 ||
          p->m->aBlock[p->m->nBlock - 1].kind == MB_H2) {
        rc = block_end(p, &r, &open);
        block_new(p->m, kind, num);
        open = 1;
      } else {
        raw_putc(&r, ' ', line, (int)lead + 1);
      }
      int col = (int)(lead + skip);
      for (size_t i = lead + skip; i < e; i++) {
        unsigned char c = (unsigned char)z[i];
        if ((c & 0xC0) != 0x80) col++;
        raw_putc(&r, c < ' ' || c == 0x7F ? ' ' : (char)c, line, col);
      }
    }
    z += k + (z[k] == '\n');
    line++;
  }
  if (!rc) rc = block_end(p, &r, &open);
  raw_free(&r);
  return rc;
}

int markup_parse(const char *z, int line0, const char *const *azPlace, Markup *out, Buf *err) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(z), bad = utf8_bad_at(z, n);
  if (n > MARKUP_MAX_TEXT) {
    buf_appendf(err, "line %d, column 1: a text is %d bytes at most", line0, MARKUP_MAX_TEXT);
    return 1;
  }
  if (bad < n) {
    int line = line0, col = 1;
    for (size_t i = 0; i < bad; i++) {
      if (z[i] == '\n')
        line++, col = 1;
      else if (((unsigned char)z[i] & 0xC0) != 0x80)
        col++;
    }
    buf_appendf(err, "line %d, column %d: not valid UTF-8", line, col);
    return 1;
  }
  Parser p;
  memset(&p, 0, sizeof p);
  p.m = out;
  p.azPlace = azPlace;
  p.err = err;
  int rc = parse_lines(&p, z, line0);
  buf_free(&p.cur);
  return rc;
}

void markup_free(Markup *m) {
  for (int i = 0; i < m->nBlock; i++) {
    MarkBlock *k = &m->aBlock[i];
    for (int j = 0; j < k->nSpan; j++) {
      free(k->aSpan[j].zText);
      free(k->aSpan[j].zHref);
      free(k->aSpan[j].zPlace);
    }
    free(k->aSpan);
  }
  free(m->aBlock);
  memset(m, 0, sizeof *m);
}

void markup_fill(Markup *m, const char *const *azName, const char *const *azValue, int n) {
  for (int i = 0; i < m->nBlock; i++) {
    MarkBlock *k = &m->aBlock[i];
    for (int j = 0; j < k->nSpan; j++) {
      MarkSpan *s = &k->aSpan[j];
      for (int x = 0; s->zPlace && x < n; x++) {
        if (strcmp(s->zPlace, azName[x]) || !azValue[x]) continue;
        free(s->zText);
        s->zText = xstrdup(azValue[x]);
        for (char *q = s->zText; *q; q++) {
          if ((unsigned char)*q < ' ') *q = ' ';
        }
        break;
      }
    }
  }
}

Markup *markup_dup(const Markup *m) {
  Markup *d = xcalloc(1, sizeof *d);
  d->nBlock = m->nBlock;
  d->aBlock = xcalloc((size_t)(m->nBlock ? m->nBlock : 1), sizeof(MarkBlock));
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    MarkBlock *t = &d->aBlock[i];
    *t = *k;
    t->aSpan = xcalloc((size_t)(k->nSpan ? k->nSpan : 1), sizeof(MarkSpan));
    for (int j = 0; j < k->nSpan; j++) {
      t->aSpan[j] = k->aSpan[j];
      t->aSpan[j].zText = xstrdup(k->aSpan[j].zText);
      t->aSpan[j].zHref = k->aSpan[j].zHref ? xstrdup(k->aSpan[j].zHref) : 0;
      t->aSpan[j].zPlace = k->aSpan[j].zPlace ? xstrdup(k->aSpan[j].zPlace) : 0;
    }
  }
  return d;
}

/* -------------------------------------------------------------- renderers */

static int is_item(const MarkBlock *k) { return k->kind == MB_BULLET || k->kind == MB_NUMBER; }

/* Items of one list are set a line apart; anything else a blank line apart. */
static const char *block_gap(const MarkBlock *k, const MarkBlock *prev) {
  return is_item(k) && prev->kind == k->kind ? "\n" : "\n\n";
}

void markup_block_plain(const MarkBlock *k, Buf *b) {
  for (int j = 0; j < k->nSpan; j++) {
    const MarkSpan *s = &k->aSpan[j];
    buf_puts(b, s->zText);
    if (s->zHref && strcmp(s->zText, s->zHref)) buf_appendf(b, " (%s)", s->zHref);
  }
}

void markup_render_plain(const Markup *m, Buf *b) {
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    if (i > 0) buf_puts(b, block_gap(k, &m->aBlock[i - 1]));
    if (k->kind == MB_BULLET) buf_puts(b, "- ");
    if (k->kind == MB_NUMBER) buf_appendf(b, "%d. ", k->num);
    markup_block_plain(k, b);
  }
}

/* Text as Markdown that reads back as itself: punctuation escaped, '<' and '&' as entities
** so that no HTML is ever made of it. */
static void md_text(Buf *b, const char *z) {
  for (; *z; z++) {
    if (*z == '<')
      buf_puts(b, "&lt;");
    else if (*z == '&')
      buf_puts(b, "&amp;");
    else {
      if (is_punct(*z) && *z != '.' && *z != ',' && *z != '\'' && *z != '/' && *z != ':' &&
          *z != ';' && *z != '?' && *z != '%' && *z != '"')
        buf_putc(b, '\\');
      buf_putc(b, *z);
    }
  }
}

static void md_url(Buf *b, const char *z) {
  for (; *z; z++) {
    if (*z == '(' || *z == ')' || *z == '<' || *z == '>' || *z == '\\' || *z == '`' || *z == '*' ||
        *z == '_' || *z == '[' || *z == ']' || *z == '|') /* '|' would end a table's cell */
      buf_appendf(b, "%%%02X", (unsigned char)*z);
    else
      buf_putc(b, *z);
  }
}

/* A block's spans as inline Markdown. lead: the block starts a line where "2022. The
** year" would open a numbered list: its dot is escaped (a backslash before a digit is no
** escape in Markdown, and would be printed). */
static void md_spans(const MarkBlock *k, int lead, Buf *b) {
  size_t nLead = 0;
  if (lead && k->nSpan && !k->aSpan[0].bold && !k->aSpan[0].zHref) {
    const char *z = k->aSpan[0].zText;
    while (z[nLead] >= '0' && z[nLead] <= '9') nLead++;
    if (!nLead || z[nLead] != '.') nLead = 0;
  }
  for (int j = 0; j < k->nSpan; j++) {
    const MarkSpan *s = &k->aSpan[j];
    if (!s->zText[0]) continue;
    if (s->bold) buf_puts(b, "**");
    if (s->zHref) buf_putc(b, '[');
    if (j == 0 && nLead) {
      buf_append(b, s->zText, nLead);
      buf_puts(b, "\\.");
      md_text(b, s->zText + nLead + 1);
    } else
      md_text(b, s->zText);
    if (s->zHref) {
      buf_puts(b, "](");
      md_url(b, s->zHref);
      buf_putc(b, ')');
    }
    if (s->bold) buf_puts(b, "**");
  }
}

void markup_render_md(const Markup *m, Buf *b) {
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    if (i > 0) buf_puts(b, block_gap(k, &m->aBlock[i - 1]));
    if (k->kind == MB_H1) buf_puts(b, "#### ");
    if (k->kind == MB_H2) buf_puts(b, "##### ");
    if (k->kind == MB_BULLET) buf_puts(b, "- ");
    if (k->kind == MB_NUMBER) buf_appendf(b, "%d. ", k->num);
    md_spans(k, k->kind == MB_PARA, b);
  }
  if (m->nBlock) buf_putc(b, '\n');
}

void markup_render_md_line(const Markup *m, Buf *b) {
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    if (i > 0) buf_puts(b, "<br>");
    if (k->kind == MB_BULLET) buf_puts(b, "\xE2\x80\xA2 ");
    if (k->kind == MB_NUMBER) buf_appendf(b, "%d. ", k->num);
    int head = k->kind == MB_H1 || k->kind == MB_H2;
    if (head) buf_puts(b, "**");
    md_spans(k, 0, b);
    if (head) buf_puts(b, "**");
  }
}

void markup_render_pango(const Markup *m, Buf *b) {
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    if (i > 0) buf_putc(b, '\n');
    if (k->kind == MB_BULLET) buf_puts(b, "\xE2\x80\xA2 ");
    if (k->kind == MB_NUMBER) buf_appendf(b, "%d. ", k->num);
    int head = k->kind == MB_H1 || k->kind == MB_H2;
    if (head) buf_puts(b, "<b>");
    markup_block_pango(k, b);
    if (head) buf_puts(b, "</b>");
  }
}

static void html_spans(const MarkBlock *k, Buf *b) {
  for (int j = 0; j < k->nSpan; j++) {
    const MarkSpan *s = &k->aSpan[j];
    if (s->bold) html_raw(b, "<strong>");
    if (s->zHref)
      html_appendf(b, "<a href=\"%s\" rel=\"noopener noreferrer\">%s</a>", s->zHref, s->zText);
    else
      html_esc(b, s->zText);
    if (s->bold) html_raw(b, "</strong>");
  }
}

void markup_render_html(const Markup *m, int hLevel, Buf *b) {
  if (hLevel < 1) hLevel = 1;
  if (hLevel > 5) hLevel = 5;
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    const MarkBlock *prev = i ? &m->aBlock[i - 1] : 0, *next = i + 1 < m->nBlock ? k + 1 : 0;
    int h = hLevel + (k->kind == MB_H2);
    if (is_item(k) && !(prev && prev->kind == k->kind)) {
      if (k->kind == MB_BULLET)
        html_raw(b, "<ul>\n");
      else
        html_appendf(b, "<ol start=\"%d\">\n", k->num);
    }
    if (k->kind == MB_H1 || k->kind == MB_H2) html_appendf(b, "<h%d>", h);
    if (k->kind == MB_PARA) html_raw(b, "<p>");
    if (is_item(k)) html_raw(b, "<li>");
    html_spans(k, b);
    if (k->kind == MB_H1 || k->kind == MB_H2) html_appendf(b, "</h%d>\n", h);
    if (k->kind == MB_PARA) html_raw(b, "</p>\n");
    if (is_item(k)) html_raw(b, "</li>\n");
    if (is_item(k) && !(next && next->kind == k->kind))
      buf_puts(b, k->kind == MB_BULLET ? "</ul>\n" : "</ol>\n");
  }
}

static void pango_esc(Buf *b, const char *z) {
  for (; *z; z++) {
    switch (*z) {
    case '&': buf_puts(b, "&amp;"); break;
    case '<': buf_puts(b, "&lt;"); break;
    case '>': buf_puts(b, "&gt;"); break;
    case '\'': buf_puts(b, "&#39;"); break;
    case '"': buf_puts(b, "&quot;"); break;
    default: buf_putc(b, *z);
    }
  }
}

void markup_block_pango(const MarkBlock *k, Buf *b) {
  for (int j = 0; j < k->nSpan; j++) {
    const MarkSpan *s = &k->aSpan[j];
    if (s->bold) buf_puts(b, "<b>");
    if (s->zHref) buf_puts(b, "<u>");
    pango_esc(b, s->zText);
    if (s->zHref) buf_puts(b, "</u>");
    if (s->zHref && strcmp(s->zText, s->zHref)) {
      buf_puts(b, " (");
      pango_esc(b, s->zHref);
      buf_puts(b, ")");
    }
    if (s->bold) buf_puts(b, "</b>");
  }
}
