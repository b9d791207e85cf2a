/*
** fuzz_markup.c: libFuzzer target for markup_parse, the narrative markup of pack
** definitions and stored commentary (text anyone with internal audit's role types).
** Checks: it returns 0 or 1, a failure leaves a "line L, column C: " message; a parsed
** text's blocks have known kinds and every span clean text; filling placeholders and
** rendering the tree (plain, Markdown, HTML, Pango) reads nothing out of bounds (ASan),
** and the HTML and Pango output holds no '<' that the renderer did not write itself; the
** one-line Markdown of a table cell has no line break, no HTML but <br>, no bare '|'.
** Not for: building packs.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const azPlace[] = {"open", "overdue", "rate", 0};

/* Every '<' in z opens one of the tags the renderers write. */
static int tags_ours(const char *z) {
  static const char *const azTag[] = {"<p>",      "</p>",      "<h",         "</h",  "<ul>",
                                      "</ul>",    "<ol ",      "</ol>",      "<li>", "</li>",
                                      "<strong>", "</strong>", "<a href=\"", "</a>", "<b>",
                                      "</b>",     "<u>",       "</u>",       0};
  for (const char *q = strchr(z, '<'); q; q = strchr(q + 1, '<')) {
    int ok = 0;
    for (int i = 0; azTag[i] && !ok; i++) ok = !strncmp(q, azTag[i], strlen(azTag[i]));
    if (!ok) return 0;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 8192) return 0;
  char *z = malloc(size + 1);
  memcpy(z, data, size);
  z[size] = 0;
  Markup m;
  Buf err = BUF_INIT, b = BUF_INIT;
  int rc = markup_parse(z, 1, azPlace, &m, &err);
  if (rc != 0 && rc != 1) abort();
  if (rc && strncmp(buf_cstr(&err), "line ", 5)) abort();
  if (!rc) {
    for (int i = 0; i < m.nBlock; i++) {
      const MarkBlock *k = &m.aBlock[i];
      if ((int)k->kind < 0 || k->kind >= MARK_BLOCK__MAX) abort();
      for (int j = 0; j < k->nSpan; j++) {
        if (!k->aSpan[j].zText || strchr(k->aSpan[j].zText, '\n')) abort();
      }
    }
    const char *azN[] = {"open", "rate"}, *azV[] = {"<b>12</b>", "50%"};
    markup_fill(&m, azN, azV, 2);
    Markup *d = markup_dup(&m);
    markup_render_plain(d, &b);
    markup_render_md(d, &b);
    buf_reset(&b);
    markup_render_html(d, 3, &b);
    if (!tags_ours(buf_cstr(&b))) abort();
    for (int i = 0; i < d->nBlock; i++) {
      buf_reset(&b);
      markup_block_pango(&d->aBlock[i], &b);
      if (!tags_ours(buf_cstr(&b))) abort();
    }
    buf_reset(&b);
    markup_render_pango(d, &b);
    if (!tags_ours(buf_cstr(&b))) abort();
    /* A Markdown table cell: one line, no HTML but its <br>, every '|' escaped. */
    buf_reset(&b);
    markup_render_md_line(d, &b);
    const char *zL = buf_cstr(&b);
    if (strchr(zL, '\n')) abort();
    for (const char *q = strchr(zL, '<'); q; q = strchr(q + 1, '<')) {
      if (strncmp(q, "<br>", 4)) abort();
    }
    for (const char *q = strchr(zL, '|'); q; q = strchr(q + 1, '|')) {
      if (q == zL || q[-1] != '\\') abort();
    }
    markup_free(d);
    free(d);
  }
  markup_free(&m);
  buf_free(&err);
  buf_free(&b);
  free(z);
  return 0;
}
