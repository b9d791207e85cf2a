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
  if (!strcmp(x->zKind, "commentary")) {
    /* Its filters and title are the caller's, as an outstanding part's are. */
    static const char *const azCaller[] = {"title",       "risk",  "band",
                                           "directorate", "theme", "owner"};
    for (size_t k = 0; k < sizeof azCaller / sizeof azCaller[0]; k++) {
      if (!strcmp(zKey, azCaller[k])) return -1;
    }
    if (strcmp(zKey, "empty")) {
      buf_appendf(err,
                  "line %d: unknown key '%s' for commentary (title, risk, band, directorate, "
                  "theme, owner, empty)",
                  line, zKey);
      return 1;
    }
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

/* A words part with nothing to print that empty=none asks to say so. */
static void words_none(Report *rp, const char *zTitle) {
  ReportSection *s = report_section(rp, zTitle, LAYOUT_TEXT, 2, "kind", "Kind", "text", "Text");
  s->pText = xcalloc(1, sizeof(Markup));
  report_section_note(s, "None.");
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
    } else if (x->omit == 2)
      words_none(rp, x->zTitle ? x->zTitle : "");
    values_free(azVal);
    return i;
  }
  /* A front sheet: the consecutive front lines as one table, a row per field. */
  int j = i;
  while (j + 1 < p->nPart && !strcmp(p->aPart[j + 1].zKind, "front")) j++;
  ReportSection *s = report_section(rp, x->zTitle ? x->zTitle : "Front sheet", LAYOUT_GRID, 2,
                                    "field", "Item", "value", "Detail");
  for (int k = i; k <= j; k++) {
    report_row(s, ROW_PLAIN);
    report_text(s, pack_front_fields[p->aPart[k].field - 1].zLabel);
    if (!words_of(in, &p->aPart[k], azVal, &m)) {
      report_words(s, &m);
      markup_free(&m);
    } else
      report_null(s);
  }
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

/* Append to dst a block of kind k holding z as plain text (the register's own words, an
** audit's name or a count: never read as markup, and escaped by every renderer as any
** text is). Line breaks become spaces, as a span holds none. */
static void block_text(Markup *dst, MarkBlockKind k, const char *z) {
  dst->aBlock = xrealloc(dst->aBlock, sizeof(MarkBlock) * (size_t)(dst->nBlock + 1));
  MarkBlock *b = &dst->aBlock[dst->nBlock++];
  memset(b, 0, sizeof *b);
  b->kind = k;
  b->nSpan = 1;
  b->aSpan = xcalloc(1, sizeof(MarkSpan));
  char *t = xstrdup(z);
  for (char *q = t; *q; q++) {
    if (*q == '\n' || *q == '\r' || *q == '\t') *q = ' ';
  }
  b->aSpan[0].zText = t;
}

/* An audit's heading: its reference and title, as the register holds them. */
static void audit_heading(Markup *dst, const Rec *r) {
  Buf h = BUF_INIT;
  buf_appendf(&h, "%s%s", r->zAuditRef ? r->zAuditRef : "", r->zAuditRef ? " " : "");
  buf_puts(&h, r->zAuditTitle ? r->zAuditTitle : "");
  block_text(dst, MB_H2, buf_cstr(&h));
  buf_free(&h);
}

/* The commentary stored on audit id (filled; each of its parts, in order), appended to dst
** but for what aDone says is printed already; marks it printed. How many were appended. */
static int commentary_of(Markup *dst, const Pack *p, long long id, char **azVal, char *aDone) {
  int n = 0;
  for (int t = 0; t < p->nText; t++) {
    const PackText *x = &p->aText[t];
    if (x->auditId != id || aDone[t]) continue;
    Markup m;
    Buf e = BUF_INIT;
    int rc = markup_parse(x->zBody, 1, pack_placeholder_names, &m, &e);
    buf_free(&e);
    if (!rc) {
      markup_fill(&m, pack_placeholder_names, (const char *const *)azVal, N_PLACE);
      blocks_append(dst, &m);
      aDone[t] = 1;
      n++;
    }
    markup_free(&m);
  }
  return n;
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
    Markup one;
    memset(&one, 0, sizeof one);
    if (commentary_of(&one, p, x->auditId, azVal, aDone)) {
      audit_heading(&all, r);
      blocks_append(&all, &one);
    }
    markup_free(&one);
  }
  if (all.nBlock) report_section_markup(rp, "Commentary on these audits", &all);
  markup_free(&all);
  values_free(azVal);
}

/* ------------------------------------------- the commentary in the body */

/* One audit with overdue recommendations a commentary part selects. */
typedef struct AuditOverdue {
  const Rec *r;          /* the first of them: the audit's reference and title */
  int n;                 /* overdue and selected */
  int months;            /* the longest overdue of them */
  int open, implemented; /* the audit's, under the pack's own filter */
  int *aBand;            /* selected per policy band */
} AuditOverdue;

static int audit_cmp(const void *a, const void *b) {
  const AuditOverdue *x = a, *y = b;
  if (x->months != y->months) return y->months - x->months;
  const char *zx = x->r->zAuditTitle ? x->r->zAuditTitle : "";
  const char *zy = y->r->zAuditTitle ? y->r->zAuditTitle : "";
  int c = strcasecmp(zx, zy);
  return c ? c : (x->r->auditId > y->r->auditId) - (x->r->auditId < y->r->auditId);
}

/* The audits with open, overdue recommendations that f selects, most overdue first;
** *pn of them (heap array, each aBand heap; NULL when none). */
static AuditOverdue *audits_overdue(const ReportInput *in, const Filter *f, int *pn) {
  AuditOverdue *a = 0;
  int n = 0, nBand = in->pol->nBand;
  Filter all = in->f;
  all.status = SF_ALL;
  all.zBand = 0;
  for (int k = 0; k < in->set->n; k++) {
    const Rec *r = &in->set->a[k];
    RecState st;
    rec_state_at(r, in->pol, in->asAt, &st);
    if (!st.open || !st.overdue || !filter_match(f, in->pol, r, &st)) continue;
    int i = 0;
    while (i < n && a[i].r->auditId != r->auditId) i++;
    if (i == n) {
      a = xrealloc(a, sizeof(AuditOverdue) * (size_t)(n + 1));
      memset(&a[n], 0, sizeof a[n]);
      a[n].r = r;
      a[n].aBand = xcalloc((size_t)nBand + 1, sizeof(int));
      n++;
    }
    a[i].n++;
    if (st.months > a[i].months) a[i].months = st.months;
    if (st.band >= 0 && st.band < nBand) a[i].aBand[st.band]++;
  }
  for (int k = 0; n && k < in->set->n; k++) {
    const Rec *r = &in->set->a[k];
    RecState st;
    rec_state_at(r, in->pol, in->asAt, &st);
    if (!filter_match(&all, in->pol, r, &st)) continue;
    for (int i = 0; i < n; i++) {
      if (a[i].r->auditId != r->auditId) continue;
      a[i].open += st.open;
      a[i].implemented += !st.open && st.closure == CLOSED_IMPLEMENTED;
    }
  }
  if (n) qsort(a, (size_t)n, sizeof a[0], audit_cmp);
  *pn = n;
  return a;
}

/* "2 recommendations overdue (over 12 months: 1, under 6 months: 1), the longest by 29
** months; 3 open and 7 implemented in all." */
static void count_line(const AuditOverdue *x, const Policy *pol, Buf *b) {
  buf_appendf(b, "%d recommendation%s overdue (", x->n, x->n == 1 ? "" : "s");
  int first = 1;
  for (int g = pol->nBand - 1; g >= 0; g--) {
    if (!x->aBand[g]) continue;
    buf_appendf(b, "%s%s: %d", first ? "" : ", ", pol->aBand[g].zLabel, x->aBand[g]);
    first = 0;
  }
  buf_appendf(b, "), the longest by %d month%s; %d open and %d implemented in all.", x->months,
              x->months == 1 ? "" : "s", x->open, x->implemented);
}

void pack_commentary_build(Report *rp, const ReportInput *in, const PackPart *x, const Filter *f,
                           char *aDone) {
  int n = 0;
  AuditOverdue *a = audits_overdue(in, f, &n);
  const char *zTitle = x->zTitle ? x->zTitle : "Commentary on audits with overdue actions";
  if (!n) {
    if (x->omit == 2) words_none(rp, zTitle);
    return;
  }
  char *azVal[N_PLACE] = {0};
  figures(rp, in, azVal);
  Markup all;
  memset(&all, 0, sizeof all);
  Buf b = BUF_INIT;
  for (int i = 0; i < n; i++) {
    audit_heading(&all, a[i].r);
    buf_reset(&b);
    count_line(&a[i], in->pol, &b);
    block_text(&all, MB_PARA, buf_cstr(&b));
    commentary_of(&all, in->pack, a[i].r->auditId, azVal, aDone);
    free(a[i].aBand);
  }
  report_section_markup(rp, zTitle, &all);
  buf_free(&b);
  markup_free(&all);
  values_free(azVal);
  free(a);
}
