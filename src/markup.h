/*
** markup.h: the small, safe markup of a committee pack's own words (the head of
** audit's introduction, this quarter's commentary, the commentary on an audit).
**
** Blocks: paragraphs (separated by a blank line), headings ("# ", "## "), bullet
** items ("- ") and numbered items ("1. "). Inline: **bold**, links [text](URL)
** whose URL is http:, https: or mailto: (any other is printed as the text it
** is), placeholders {name} for figures the register computes, and a backslash
** before a markup character to print it as itself. There is no raw HTML: every
** character that is not markup is text, and every renderer escapes it for its
** own format. Text is parsed once into a Markup (blocks of spans) that every
** renderer walks. Pure: no I/O. Not for: where text is stored (the store) or
** what the placeholders' figures are (report_pack_text.c).
*/
#ifndef AT_MARKUP_H
#define AT_MARKUP_H

#include "buf.h"

typedef enum MarkBlockKind {
  MB_PARA,   /* a paragraph */
  MB_H1,     /* "# " */
  MB_H2,     /* "## " */
  MB_BULLET, /* "- " */
  MB_NUMBER, /* "1. ": num holds the number written */
  MARK_BLOCK__MAX
} MarkBlockKind;
/* "p", "h1", "h2", "li", "ol": the kinds' names in CSV, JSON and XLSX. */
extern const char *const markup_block_names[]; /* MARK_BLOCK__MAX */

typedef struct MarkSpan {
  char *zText;  /* the text shown, clean UTF-8 without newlines; heap */
  char *zHref;  /* a link's URL (http:, https:, mailto:), else NULL; heap */
  char *zPlace; /* a placeholder's name, else NULL (zText is then "{name}"); heap */
  int bold;
} MarkSpan;

typedef struct MarkBlock {
  MarkBlockKind kind;
  int num; /* MB_NUMBER: the item's number */
  int nSpan;
  MarkSpan *aSpan;
} MarkBlock;

typedef struct Markup {
  int nBlock;
  MarkBlock *aBlock;
} Markup;

#define MARKUP_MAX_TEXT 65536 /* bytes of one text */

/*
** Parse z into *out (markup_free releases it, also on failure). azPlace (NULL-terminated,
** or NULL for none) names the placeholders allowed. line0 is the line number of z's first
** line in whatever holds it (1 for a text of its own), for messages. Returns 0, or 1 with
** "line L, column C: ..." in err for the first fault: an unknown placeholder (naming the
** known ones), an unclosed link or bold, text past MARKUP_MAX_TEXT, a NUL byte or
** invalid UTF-8. CR LF reads as LF; tabs as spaces.
*/
int markup_parse(const char *z, int line0, const char *const *azPlace, Markup *out,
                 Buf *err) AT_MUST;
void markup_free(Markup *m);
/* Replace each placeholder span's text with azValue[i] where azName[i] is its name (n
** pairs); a span whose name is not among them keeps its "{name}". */
void markup_fill(Markup *m, const char *const *azName, const char *const *azValue, int n);
/* A deep copy of m (markup_free releases it). */
Markup *markup_dup(const Markup *m);

/* A block's text without markup: spans joined, a link as "text (URL)" unless the text is
** the URL. Appended to b. */
void markup_block_plain(const MarkBlock *k, Buf *b);
/* The whole text without markup: blocks separated by a blank line (items by a newline),
** items led by "- " or "N. ". */
void markup_render_plain(const Markup *m, Buf *b);
/* As Markdown that reads back as the same text (punctuation escaped, no raw HTML). */
void markup_render_md(const Markup *m, Buf *b);
/* As Markdown on one line, for a table cell: blocks joined by "<br>", headings bold, items
** led by a bullet or their number; '|' escaped as every punctuation character is. */
void markup_render_md_line(const Markup *m, Buf *b);
/* As Pango markup, for a table cell: blocks on lines of their own, headings bold, items led
** by a bullet or their number; text escaped as markup_block_pango does. */
void markup_render_pango(const Markup *m, Buf *b);
/* As HTML (h3/h4, p, ul/ol, strong, a rel=noopener) with every text escaped; headings
** start at level hLevel (1..5). */
void markup_render_html(const Markup *m, int hLevel, Buf *b);
/* One block's spans as Pango markup: text escaped (& < > ' "), bold as <b>, a link's text
** underlined and followed by its URL when the text is not the URL. */
void markup_block_pango(const MarkBlock *k, Buf *b);

#endif
