/*
** report_pack_text.c: the words in a committee pack: the front sheet (a table of the
** fields UK council papers open with) and text parts (introduction, process,
** recommendations to the committee, closing), written in the definition or stored
** for the reporting cycle, and the commentary stored on each audit, printed in the
** outstanding part that shows the audit. Placeholders ({open}, {rate} ...) are filled
** from the summary report built for the same pack as at the same date, so a figure
** in the words is always one the pack's summary prints. Not for: the markup itself
** (markup.c) or where texts are stored (store_text.c).
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markup.h"
#include "report_pack.h"

const PackField pack_front_fields[] = {
    {"report_to", "Report to"},
    {"meeting", "Date of meeting"},
    {"subject", "Subject"},
    {"report_of", "Report of"},
    {"summary", "Summary"},
    {"recommendations", "Recommendations"},
    {"wards", "Wards affected"},
    {"contacts", "Contact officers"},
    {"background", "Background documents"},
    {0, 0},
};

const PackField pack_placeholders[] = {
    {"open", "open recommendations (the summary's total open)"},
    {"overdue", "open and overdue (the summary's total overdue)"},
    {"not_yet_due", "open and not yet due (the summary's total not yet due)"},
    {"implemented_since", "implemented since the previous report (the summary's total)"},
    {"rate", "the first implementation rate the summary prints (summary-adds rates)"},
    {"cycle", "the reporting cycle"},
    {"previous_cycle", "the previous reporting cycle"},
    {"as_at", "the as-at date"},
    {"since", "the previous report date"},
    {"organisation", "the organisation's name"},
    {0, 0},
};
enum { N_PLACE = 10 };
_Static_assert(sizeof(pack_placeholders) / sizeof(pack_placeholders[0]) == N_PLACE + 1,
               "a name per placeholder");

const char *const pack_placeholder_names[] = {
    "open",           "overdue", "not_yet_due", "implemented_since", "rate", "cycle",
    "previous_cycle", "as_at",   "since",       "organisation",      0};
_Static_assert(sizeof(pack_placeholder_names) / sizeof(pack_placeholder_names[0]) == N_PLACE + 1,
               "the names of pack_placeholders");

int pack_text_check(const char *z, Buf *err) {
  Markup m;
  int rc = markup_parse(z, 1, pack_placeholder_names, &m, err);
  markup_free(&m);
  return rc;
}

int pack_text_key(PackPart *x, const char *zKey, const char *zVal, int line, Buf *err) {
  if (!strcmp(zKey, "field") && !strcmp(x->zKind, "front")) {
    for (int i = 0; pack_front_fields[i].zKey; i++) {
      if (!strcasecmp(zVal, pack_front_fields[i].zKey)) {
        x->field = i + 1;
        return 0;
      }
    }
    buf_appendf(err, "line %d: field= is one of", line);
    for (int i = 0; pack_front_fields[i].zKey; i++)
      buf_appendf(err, "%s %s", i ? "," : "", pack_front_fields[i].zKey);
    buf_appendf(err, ", not '%s'", zVal);
    return 1;
  }
  if (!strcmp(zKey, "stored") || !strcmp(zKey, "text")) {
    char **pz = zKey[0] == 's' ? &x->zStored : &x->zBody;
    if (*pz || !zVal[0]) {
      buf_appendf(err, "line %d: %s= is given twice or empty", line, zKey);
      return 1;
    }
    *pz = xstrdup(zVal);
    return 0;
  }
  if (!strcmp(zKey, "empty")) {
    /* Words with nothing to print are left out unless empty=none asks for "None.". */
    x->omit = !strcmp(zVal, "omit") ? 1 : !strcmp(zVal, "none") ? 2 : 0;
    if (x->omit) return 0;
    buf_appendf(err, "line %d: empty= is none or omit, not '%s'", line, zVal);
    return 1;
  }
  if (!strcmp(zKey, "title")) return -1;
  buf_appendf(err, "line %d: unknown key '%s' for %s (title, text, stored, empty; front: field)",
              line, zKey, x->zKind);
  return 1;
}

int pack_text_part_check(const PackPart *x, Buf *err) {
  if (strcmp(x->zKind, "front") || x->field) return 0;
  buf_appendf(err, "line %d: a front line needs field= (", x->line);
  for (int f = 0; pack_front_fields[f].zKey; f++)
    buf_appendf(err, "%s%s", f ? ", " : "", pack_front_fields[f].zKey);
  buf_puts(err, ")");
  return 1;
}

int pack_text_parts_check(const Pack *p, Buf *err) {
  for (int i = 0; i < p->nPart; i++) {
    const PackPart *x = &p->aPart[i];
    if (!x->zBody) continue;
    Markup m;
    Buf e = BUF_INIT;
    int rc =
        markup_parse(x->zBody, x->bodyLine ? x->bodyLine : x->line, pack_placeholder_names, &m, &e);
    markup_free(&m);
    if (rc) {
      /* text="..." is on the part's own line: its columns count from the value. */
      if (!x->bodyLine) buf_appendf(err, "line %d: text=: ", x->line);
      buf_puts(err, buf_cstr(&e));
    }
    buf_free(&e);
    if (rc) return 1;
  }
  return 0;
}

/* ------------------------------------------------------------ the figures */

static int col_of(const ReportSection *s, const char *zKey) {
  for (int i = 0; i < s->nCol; i++) {
    if (!strcmp(s->aCol[i].zKey, zKey)) return i;
  }
  return -1;
}

/* The value of column zKey in the first total row of a section of sum that has it. */
static char *total_of(const Report *sum, const char *zKey) {
  char tmp[CELL_TMP];
  for (int k = 0; sum && k < sum->nSection; k++) {
    const ReportSection *s = sum->apSection[k];
    int c = col_of(s, zKey);
    for (int j = 0; c >= 0 && j < s->nRow; j++) {
      if (s->aFlag[j] & ROW_TOTAL) return xstrdup(report_cell_str(report_cell(s, j, c), 1, tmp));
    }
  }
  return 0;
}

/* The first rate the summary prints (its rates section's first row), or NULL. */
static char *rate_of(const Report *sum) {
  char tmp[CELL_TMP];
  for (int k = 0; sum && k < sum->nSection; k++) {
    const ReportSection *s = sum->apSection[k];
    int c = col_of(s, "rate");
    if (c >= 0 && col_of(s, "measure") == 0 && s->nRow > 0)
      return xstrdup(report_cell_str(report_cell(s, 0, c), 1, tmp));
  }
  return 0;
}

/* Every placeholder's value (heap, in pack_placeholder_names' order), from the summary
** built as the pack's own summary part is, and the pack's statements. */
static void figures(const Report *rp, const ReportInput *in, char **az) {
  ReportInput sub = *in;
  sub.pack = 0;
  sub.f.status = SF_OPEN;
  Buf e = BUF_INIT;
  Report *sum = report_build("summary", &sub, &e);
  buf_free(&e);
  static const char *const azMeta[] = {"cycle", "previous_cycle", "as_at", "since", "organisation"};
  az[0] = total_of(sum, "open");
  az[1] = total_of(sum, "overdue");
  az[2] = total_of(sum, "not_yet_due");
  az[3] = total_of(sum, "implemented_in_period");
  az[4] = rate_of(sum);
  if (!az[4]) az[4] = xstrdup("(no rate: the policy's summary-adds has no rates)");
  for (int i = 0; i < 5; i++) {
    char zDay[DAY_FMT_MAX];
    const char *z = report_meta_text_of(rp, azMeta[i], zDay);
    az[5 + i] = xstrdup(z ? z : "-");
  }
  for (int i = 0; i < N_PLACE; i++) {
    if (!az[i]) az[i] = xstrdup("-");
  }
  report_free(sum);
}

/* ------------------------------------------------------------- the words */

/* The stored text named zPart for the cycle (any case), or NULL. */
static const char *stored(const Pack *p, const char *zPart, long long auditId) {
  for (int i = 0; zPart && i < p->nText; i++) {
    if (p->aText[i].auditId == auditId && !strcasecmp(p->aText[i].zPart, zPart))
      return p->aText[i].zBody;
  }
  return 0;
}

/* A part's words parsed and filled, into *m; 0, or 1 when it has none (or they no longer
** parse: a stored text is checked when saved, so only a text saved before a placeholder
** was withdrawn; it is then left out rather than printed half right). */
static int words_of(const ReportInput *in, const PackPart *x, char **azVal, Markup *m) {
  const char *z = stored(in->pack, x->zStored, 0);
  if (!z) z = x->zBody;
  memset(m, 0, sizeof *m);
  if (!z) return 1;
  Buf e = BUF_INIT;
  int rc = markup_parse(z, 1, pack_placeholder_names, m, &e);
  buf_free(&e);
  if (rc) {
    markup_free(m);
    return 1;
  }
  markup_fill(m, pack_placeholder_names, (const char *const *)azVal, N_PLACE);
  return 0;
}

static void values_free(char **az) {
  for (int i = 0; i < N_PLACE; i++) free(az[i]);
}

int pack_text_build(Report *rp, const ReportInput *in, int i) {
  const Pack *p = in->pack;
  const PackPart *x = &p->aPart[i];
  char *azVal[N_PLACE] = {0};
  figures(rp, in, azVal);
  Markup m;
  if (!strcmp(x->zKind, "text")) {
    if (!words_of(in, x, azVal, &m)) {
      report_section_markup(rp, x->zTitle ? x->zTitle : "", &m);
      markup_free(&m);
    } else if (x->omit == 2) {
      ReportSection *s = report_section(rp, x->zTitle ? x->zTitle : "", LAYOUT_TEXT, 2, "kind",
                                        "Kind", "text", "Text");
      s->pText = xcalloc(1, sizeof(Markup));
      report_section_note(s, "None.");
    }
    values_free(azVal);
    return i;
  }
  /* A front sheet: the consecutive front lines as one table, a row per field. */
  int j = i;
  while (j + 1 < p->nPart && !strcmp(p->aPart[j + 1].zKind, "front")) j++;
  ReportSection *s = report_section(rp, x->zTitle ? x->zTitle : "Front sheet", LAYOUT_GRID, 2,
                                    "field", "Item", "value", "Detail");
  Buf b = BUF_INIT;
  for (int k = i; k <= j; k++) {
    buf_reset(&b);
    if (!words_of(in, &p->aPart[k], azVal, &m)) {
      markup_render_plain(&m, &b);
      markup_free(&m);
    }
    report_row(s, ROW_PLAIN);
    report_text(s, pack_front_fields[p->aPart[k].field - 1].zLabel);
    report_text(s, b.n ? buf_cstr(&b) : 0);
  }
  buf_free(&b);
  values_free(azVal);
  return j;
}

/* Append a copy of src's blocks to dst. */
static void blocks_append(Markup *dst, const Markup *src) {
  Markup *d = markup_dup(src);
  dst->aBlock = xrealloc(dst->aBlock, sizeof(MarkBlock) * (size_t)(dst->nBlock + d->nBlock + 1));
  memcpy(dst->aBlock + dst->nBlock, d->aBlock, sizeof(MarkBlock) * (size_t)d->nBlock);
  dst->nBlock += d->nBlock;
  free(d->aBlock);
  free(d);
}

void pack_audit_commentary(Report *rp, const ReportInput *in, const Filter *f, char *aDone) {
  const Pack *p = in->pack;
  Markup all;
  memset(&all, 0, sizeof all);
  char *azVal[N_PLACE] = {0};
  int have = 0;
  for (int t = 0; t < p->nText; t++) have |= p->aText[t].auditId != 0 && !aDone[t];
  if (!have) return;
  figures(rp, in, azVal);
  for (int t = 0; t < p->nText; t++) {
    const PackText *x = &p->aText[t];
    if (!x->auditId || aDone[t]) continue;
    const Rec *r = 0;
    for (int k = 0; k < in->set->n && !r; k++) {
      const Rec *q = &in->set->a[k];
      if (q->auditId != x->auditId) continue;
      RecState st;
      rec_state_at(q, in->pol, in->asAt, &st);
      if (filter_match(f, in->pol, q, &st)) r = q;
    }
    if (!r) continue;
    Markup m;
    Buf e = BUF_INIT;
    int rc = markup_parse(x->zBody, 1, pack_placeholder_names, &m, &e);
    buf_free(&e);
    if (!rc) {
      Buf h = BUF_INIT;
      buf_appendf(&h, "## %s%s", r->zAuditRef ? r->zAuditRef : "", r->zAuditRef ? " " : "");
      buf_puts(&h, r->zAuditTitle ? r->zAuditTitle : "");
      Markup head;
      /* The heading is the audit's own name as text: only its escaping is markup's. */
      Buf esc = BUF_INIT;
      buf_puts(&esc, "## ");
      for (const char *q = buf_cstr(&h) + 3; *q; q++) {
        if (strchr("\\*[]{}#-", *q)) buf_putc(&esc, '\\');
        buf_putc(&esc, *q);
      }
      if (!markup_parse(buf_cstr(&esc), 1, 0, &head, &e)) blocks_append(&all, &head);
      markup_free(&head);
      buf_free(&esc);
      buf_free(&h);
      buf_free(&e);
      markup_fill(&m, pack_placeholder_names, (const char *const *)azVal, N_PLACE);
      blocks_append(&all, &m);
      aDone[t] = 1;
    }
    markup_free(&m);
  }
  if (all.nBlock) report_section_markup(rp, "Commentary on these audits", &all);
  markup_free(&all);
  values_free(azVal);
}
