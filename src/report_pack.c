/*
** report_pack.c: committee packs: parsing and checking pack definitions, the
** built-in ones (Manchester's paper, Cambridgeshire's Annex B), and building a
** pack as one Report from the other reports' builders.
**
** A definition is lines of "KIND key=value ..." (docs/reports.md). Parts reuse
** report_build(), so redaction, the as-at engine and every figure are exactly
** those of the reports printed on their own. Not for: storing definitions
** (store_pack.c) or deciding which pack to print (the CLI and web pages).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_pack.h"

#include "limit.h"

const char *const pack_builtin_names[] = {"manchester", "cambridgeshire", 0};

/* Manchester City Council's report to Audit Committee: the front sheet, sections 1-4
** (words the cycle may replace with its own), the summary, then the appendices:
** implemented, then by how long overdue (examples/packs/manchester.pack, the same text). */
static const char zManchester[] =
    "# Manchester City Council: Outstanding Audit Recommendations, report to Audit Committee\n"
    "# The front sheet, sections 1-4 and the appendices, as the paper of 15 February 2022 has\n"
    "# them. Each text is the definition's own unless the cycle has words stored under its\n"
    "# stored= name (auditrack cycle text CYCLE NAME --file FILE). Section 3 lists each audit\n"
    "# with overdue actions, by band, under its title with the commentary stored on it\n"
    "# (--audit); the appendices do not print that commentary again.\n"
    "pack title=\"Outstanding Audit Recommendations\"\n"
    "front field=report_to text=\"Audit Committee - {as_at}\"\n"
    "front field=subject text=\"Outstanding Audit Recommendations\"\n"
    "front field=report_of stored=report_of text=\"Head of Audit and Risk Management\"\n"
    "front field=summary stored=summary\n"
    "> This report summarises the current implementation position and arrangements for\n"
    "> monitoring and reporting internal audit recommendations as at {as_at}: {open} open,\n"
    "> {overdue} of them overdue, and {implemented_since} implemented since {since}.\n"
    "front field=recommendations stored=recommendations\n"
    "> Audit Committee is requested to note the current process and position in respect of\n"
    "> high priority Internal Audit recommendations.\n"
    "front field=wards stored=wards text=\"All\"\n"
    "front field=contacts stored=contacts text=\"Head of Audit and Risk Management\"\n"
    "front field=background stored=background\n"
    "> Outstanding Audit Recommendations Report to {previous_cycle}\n"
    "text title=\"1 Introduction\" stored=introduction\n"
    "> 1.1 Audit Committee are provided with regular reports on actions taken to address\n"
    "> outstanding high priority recommendations made by Internal Audit.\n"
    "text title=\"2 Standard Process\" stored=process\n"
    "> 2.1 Internal Audit follows up management actions on high-risk recommendations at least\n"
    "> quarterly to obtain assurance that progress is being made to address risk. Management\n"
    "> is required to provide demonstrable evidence that agreed actions have been implemented.\n"
    ">\n"
    "> 2.2 Progress is reported quarterly to directorate management teams, Strategic\n"
    "> Management Team and Audit Committee, with escalation to Executive Members and Strategic\n"
    "> Directors as recommendations become further overdue.\n"
    "text title=\"3 Current Implementation Position\" stored=position\n"
    "> 3.1 As at {as_at} there are {open} open recommendations, of which\n"
    "> {overdue} are overdue and {not_yet_due} not yet due; {implemented_since} have been\n"
    "> implemented since {since}. Internal Audit's commentary on each audit with overdue\n"
    "> actions follows; the position is summarised after section 4, and each recommendation\n"
    "> is detailed in the appendices.\n"
    "commentary band=\"over 12 months\" title=\"Outstanding recommendations - over 12 months\"\n"
    "commentary band=\"6-12 months\" title=\"Overdue recommendations - 6 to 12 months\"\n"
    "commentary band=\"under 6 months\" title=\"Overdue recommendations - less than 6 months\"\n"
    "text title=\"4 Recommendations\" stored=closing\n"
    "> 4.1 Audit Committee is requested to note the current process and position in respect\n"
    "> of high priority Internal Audit recommendations.\n"
    "summary title=\"Summary\"\n"
    "implemented title=\"Appendix 1 - Implemented Recommendations\"\n"
    "outstanding band=\"over 12 months\" title=\"Appendix 2 - Recommendations over 12 months "
    "overdue\"\n"
    "outstanding band=\"6-12 months\" title=\"Recommendations between 6 and 12 months overdue\"\n"
    "outstanding band=\"under 6 months\" title=\"Appendix 3 - Recommendations between 1 and 6 "
    "months overdue\"\n"
    "outstanding band=\"not yet due\" title=\"Recommendations not yet due\"\n";

/* Cambridgeshire County Council's Annex B: its groups under its own headings, in the
** paper's order (Essential overdue as one group; then High and Medium over 12 months,
** High over and under 3 months, Medium over and under 3 months; bands the policy must
** set: "under 3 months:0; over 3 months:3; over 12 months:12"), each group a heading
** over the paper's five-column table; a group with nothing in it is left out, as the
** paper leaves it out. */
static const char zCambridgeshire[] =
    "# Cambridgeshire County Council: Annex B, Summary of Outstanding Recommendations\n"
    "# Needs: auditrack policy set bands \"under 3 months:0; over 3 months:3; over 12 months:12\"\n"
    "pack title=\"Annex B - Summary of Outstanding Recommendations\" cover=no\n"
    "outstanding layout=table empty=omit risk=E band=\"overdue\" "
    "title=\"Essential Recommendations overdue\"\n"
    "outstanding layout=table empty=omit risk=H band=\"over 12 months\" "
    "title=\"High Recommendations overdue - over 12 months\"\n"
    "outstanding layout=table empty=omit risk=M band=\"over 12 months\" "
    "title=\"Medium Recommendations overdue - over 12 months\"\n"
    "outstanding layout=table empty=omit risk=H band=\"over 3 months\" "
    "title=\"High Recommendations overdue - over 3 months\"\n"
    "outstanding layout=table empty=omit risk=H band=\"under 3 months\" "
    "title=\"High Recommendations overdue - under 3 months\"\n"
    "outstanding layout=table empty=omit risk=M band=\"over 3 months\" "
    "title=\"Medium Recommendations overdue - over 3 months\"\n"
    "outstanding layout=table empty=omit risk=M band=\"under 3 months\" "
    "title=\"Medium Recommendations overdue - under 3 months\"\n"
    "outstanding layout=table empty=omit band=\"not yet due\" "
    "title=\"Recommendations not yet due\"\n";

const char *pack_builtin(const char *zName) {
  if (!strcasecmp(zName, "manchester")) return zManchester;
  if (!strcasecmp(zName, "cambridgeshire")) return zCambridgeshire;
  return 0;
}

static void part_clear(PackPart *x) {
  free(x->zKind);
  free(x->zTitle);
  free(x->zRisk);
  free(x->zBand);
  free(x->zDirectorate);
  free(x->zTheme);
  free(x->zOwner);
  free(x->zBody);
  free(x->zStored);
}

void pack_free(Pack *p) {
  for (int i = 0; i < p->nPart; i++) part_clear(&p->aPart[i]);
  for (int i = 0; i < p->nText; i++) {
    free(p->aText[i].zPart);
    free(p->aText[i].zBody);
  }
  free(p->aText);
  free(p->aPart);
  free(p->zName);
  free(p->zTitle);
  memset(p, 0, sizeof *p);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Read one word or "quoted string" at *pz into b; 0, or 1 with the reason. */
static int read_value(const char **pz, Buf *b, Buf *err) {
  const char *z = *pz;
  buf_reset(b);
  if (*z == '"') {
    for (z++; *z != '"'; z++) {
      if (!*z) {
        buf_puts(err, "a quoted value has no closing '\"'");
        return 1;
      }
      if (*z == '\\' && (z[1] == '"' || z[1] == '\\')) z++;
      buf_putc(b, *z);
    }
    z++;
    if (*z && !is_space(*z)) {
      buf_puts(err, "a space must follow a quoted value");
      return 1;
    }
  } else {
    while (*z && !is_space(*z)) {
      if (*z == '"') {
        buf_puts(err, "a quote in the middle of a value (quote the whole value)");
        return 1;
      }
      buf_putc(b, *z++);
    }
  }
  *pz = z;
  return 0;
}

static int kind_known(const char *z) {
  const ReportKind *k = report_kind_find(z);
  return k && !(k->needs & KIND_NEEDS_PACK);
}

/* The part's keys that are not filters: status=, layout=, empty=, cycles=, bases=, band-by=.
** Returns -1 when zKey is none of them, 0 when set, 1 with "line N: ..." in err for a bad
** value. */
static int part_option(PackPart *x, const char *zKey, const char *zVal, int line, Buf *err) {
  if (!strcmp(zKey, "bases")) {
    x->bases = !strcmp(zVal, "one") ? 1 : !strcmp(zVal, "both") ? 2 : 0;
    if (x->bases) return 0;
    buf_appendf(err, "line %d: bases must be one or both, not '%s'", line, zVal);
    return 1;
  }
  if (!strcmp(zKey, "band-by")) {
    x->bandBy = 1 + basis_from_name(zVal);
    if (x->bandBy) return 0;
    buf_appendf(err, "line %d: band-by must be original or current, not '%s'", line, zVal);
    return 1;
  }
  if (!strcmp(zKey, "status")) {
    x->status = status_filter_from_name(zVal);
    if (x->status >= 0) return 0;
    buf_appendf(err, "line %d: status must be open, closed or all, not '%s'", line, zVal);
    return 1;
  }
  if (!strcmp(zKey, "layout")) {
    x->table = !strcmp(zVal, "table");
    if ((x->table || !strcmp(zVal, "blocks")) && !strcmp(x->zKind, "outstanding")) return 0;
    buf_appendf(err, "line %d: layout= is for an outstanding part, table or blocks, not '%s'", line,
                zVal);
    return 1;
  }
  if (!strcmp(zKey, "empty")) {
    x->omit = !strcmp(zVal, "omit");
    if (x->omit || !strcmp(zVal, "none")) return 0;
    buf_appendf(err, "line %d: empty= is none (say \"None.\") or omit, not '%s'", line, zVal);
    return 1;
  }
  if (!strcmp(zKey, "cycles")) {
    int n = 0, k = 0;
    if (strcmp(x->zKind, "trend") || sscanf(zVal, "%d%n", &n, &k) != 1 || zVal[k] ||
        n < TREND_CYCLES_MIN || n > TREND_CYCLES_MAX) {
      buf_appendf(err, "line %d: cycles= is for a trend, a number from %d to %d, not '%s'", line,
                  TREND_CYCLES_MIN, TREND_CYCLES_MAX, zVal);
      return 1;
    }
    x->nCycles = n;
    return 0;
  }
  return -1;
}

/* One line: "pack title=..." or "KIND key=value ...". */
static int parse_line(Pack *p, const char *z, int line, Buf *err) {
  Buf word = BUF_INIT, val = BUF_INIT;
  int rc = 0, k;
  while (*z && !is_space(*z)) buf_putc(&word, *z++);
  int isPack = !strcmp(buf_cstr(&word), "pack");
  int isWords = !strcmp(buf_cstr(&word), "text") || !strcmp(buf_cstr(&word), "front") ||
                !strcmp(buf_cstr(&word), "commentary");
  PackPart part;
  memset(&part, 0, sizeof part);
  part.line = line;
  part.status = -1;
  if (!isPack && !isWords && !kind_known(buf_cstr(&word))) {
    buf_appendf(err,
                "line %d: unknown report '%s' (one of: summary, outstanding, implemented, "
                "progress, escalations, follow-up-audits, trend; or text, front, commentary)",
                line, buf_cstr(&word));
    rc = 1;
    goto end;
  }
  if (isPack && p->zTitle) {
    buf_appendf(err, "line %d: the pack's title is given twice", line);
    rc = 1;
    goto end;
  }
  if (!isPack) part.zKind = xstrdup(buf_cstr(&word));
  for (;;) {
    while (is_space(*z)) z++;
    if (!*z) break;
    buf_reset(&word);
    while (*z && *z != '=' && !is_space(*z)) buf_putc(&word, *z++);
    const char *zKey = buf_cstr(&word);
    if (*z != '=') {
      buf_appendf(err, "line %d: '%s' needs the form key=value", line, zKey);
      rc = 1;
      goto end;
    }
    z++;
    Buf e = BUF_INIT;
    if (read_value(&z, &val, &e)) {
      buf_appendf(err, "line %d: %s: %s", line, zKey, buf_cstr(&e));
      buf_free(&e);
      rc = 1;
      goto end;
    }
    buf_free(&e);
    const char *zVal = buf_cstr(&val);
    char **pz = 0;
    if (isWords && (k = pack_text_key(&part, zKey, zVal, line, err)) >= 0) {
      if (k) {
        rc = 1;
        goto end;
      }
      continue;
    }
    if (!strcmp(zKey, "title"))
      pz = isPack ? &p->zTitle : &part.zTitle;
    else if (isPack && !strcmp(zKey, "cover") && (!strcmp(zVal, "no") || !strcmp(zVal, "yes"))) {
      p->noCover = !strcmp(zVal, "no");
      continue;
    } else if (isPack) {
      buf_appendf(err, "line %d: a pack line takes only title= and cover=yes|no, not '%s=%s'", line,
                  zKey, zVal);
      rc = 1;
      goto end;
    } else if (!strcmp(zKey, "risk"))
      pz = &part.zRisk;
    else if (!strcmp(zKey, "band"))
      pz = &part.zBand;
    else if (!strcmp(zKey, "directorate"))
      pz = &part.zDirectorate;
    else if (!strcmp(zKey, "theme"))
      pz = &part.zTheme;
    else if (!strcmp(zKey, "owner"))
      pz = &part.zOwner;
    else if ((k = part_option(&part, zKey, zVal, line, err)) >= 0) {
      if (k) {
        rc = 1;
        goto end;
      }
      continue;
    } else {
      buf_appendf(err,
                  "line %d: unknown key '%s' (title, risk, band, directorate, theme, owner, "
                  "status, layout, empty, cycles, bases, band-by)",
                  line, zKey);
      rc = 1;
      goto end;
    }
    if (*pz) {
      buf_appendf(err, "line %d: %s= is given twice", line, zKey);
      rc = 1;
      goto end;
    }
    if (!zVal[0] || strlen(zVal) > LIMIT_NAME) {
      buf_appendf(err, "line %d: %s= must be 1 to %d characters", line, zKey, LIMIT_NAME);
      rc = 1;
      goto end;
    }
    *pz = xstrdup(zVal);
  }
  if (!isPack) {
    if (p->nPart == PACK_MAX_PARTS) {
      buf_appendf(err, "line %d: a pack has at most %d parts", line, PACK_MAX_PARTS);
      rc = 1;
      goto end;
    }
    p->aPart = xrealloc(p->aPart, sizeof(PackPart) * (size_t)(p->nPart + 1));
    if (isWords && (rc = pack_text_part_check(&part, err)) != 0) goto end;
    p->aPart = xrealloc(p->aPart, sizeof(PackPart) * (size_t)(p->nPart + 1));
    p->aPart[p->nPart++] = part;
    memset(&part, 0, sizeof part);
  }
end:
  part_clear(&part);
  buf_free(&word);
  buf_free(&val);
  return rc;
}

/* A "> text" line: one more line of the words of the part above (a text or front part). */
static int body_line(Pack *p, const char *z, int line, Buf *err) {
  PackPart *x = p->nPart ? &p->aPart[p->nPart - 1] : 0;
  if (!x || (strcmp(x->zKind, "text") && strcmp(x->zKind, "front"))) {
    buf_appendf(err, "line %d: a '>' line continues the words of a text or front line", line);
    return 1;
  }
  if (x->zBody && !x->bodyLine) {
    buf_appendf(err, "line %d: the part above has text= already", line);
    return 1;
  }
  Buf b = BUF_INIT;
  if (x->zBody) {
    buf_puts(&b, x->zBody);
    buf_putc(&b, '\n');
  } else
    x->bodyLine = line;
  buf_puts(&b, z);
  free(x->zBody);
  x->zBody = buf_steal(&b);
  return 0;
}

int pack_parse(const char *zName, const char *zText, Pack *out, Buf *err) {
  memset(out, 0, sizeof *out);
  out->zName = xstrdup(zName);
  size_t n = strlen(zText);
  if (n > PACK_MAX_TEXT) {
    buf_appendf(err, "a pack definition is %d bytes at most", PACK_MAX_TEXT);
    return 1;
  }
  int line = 0;
  const char *z = zText;
  Buf l = BUF_INIT;
  int rc = 0;
  while (*z && !rc) {
    line++;
    size_t k = strcspn(z, "\n");
    buf_reset(&l);
    buf_append(&l, z, k);
    z += k + (z[k] == '\n');
    if (l.n && l.z[l.n - 1] == '\r') l.z[--l.n] = 0;
    const char *q = buf_cstr(&l);
    if (memchr(l.z, 0, l.n)) {
      buf_appendf(err, "line %d: a NUL byte", line);
      rc = 1;
      break;
    }
    while (is_space(*q)) q++;
    if (*q == '>') {
      rc = body_line(out, q + 1 + (q[1] == ' '), line, err);
      continue;
    }
    if (!*q || *q == '#') continue;
    rc = parse_line(out, q, line, err);
  }
  buf_free(&l);
  if (!rc) rc = pack_text_parts_check(out, err);
  if (!rc && !out->nPart) {
    buf_puts(err,
             "the pack has no parts: give one report per line, e.g. 'summary title=\"Summary\"'");
    rc = 1;
  }
  return rc;
}

int pack_check(const Pack *p, const Policy *pol, char *const *azRisk, int nRisk, Buf *err) {
  for (int i = 0; i < p->nPart; i++) {
    const PackPart *x = &p->aPart[i];
    if (x->zBand) {
      int ok = !strcasecmp(x->zBand, "not yet due") || !strcasecmp(x->zBand, "no target date") ||
               !strcasecmp(x->zBand, "closed") || !strcasecmp(x->zBand, BAND_ANY_OVERDUE);
      for (int b = 0; !ok && b < pol->nBand; b++) ok = !strcasecmp(x->zBand, pol->aBand[b].zLabel);
      if (!ok) {
        buf_appendf(err, "line %d: band '%s' is not one of the policy's bands (", x->line,
                    x->zBand);
        for (int b = 0; b < pol->nBand; b++) buf_appendf(err, "%s, ", pol->aBand[b].zLabel);
        buf_puts(err, "overdue, not yet due, no target date, closed)");
        return 1;
      }
    }
    if (x->zRisk) {
      int ok = 0;
      for (int k = 0; !ok && k < nRisk; k++) ok = !strcasecmp(x->zRisk, azRisk[k]);
      if (!ok) {
        buf_appendf(err,
                    "line %d: risk '%s' is not a rating of any risk scale (auditrack scale "
                    "list)",
                    x->line, x->zRisk);
        return 1;
      }
    }
  }
  return 0;
}

/* Move every section of src to the end of dst, and free src. */
static void adopt_sections(Report *dst, Report *src) {
  dst->apSection =
      xrealloc(dst->apSection, sizeof(dst->apSection[0]) * (size_t)(dst->nSection + src->nSection));
  for (int i = 0; i < src->nSection; i++) dst->apSection[dst->nSection++] = src->apSection[i];
  src->nSection = 0;
  report_free(src);
}

/* The filter an outstanding part selects by: the pack's own, narrowed by the part's. */
static Filter part_filter(const ReportInput *in, const PackPart *x) {
  Filter f = in->f;
  f.status = x->status >= 0 ? (StatusFilter)x->status : SF_OPEN;
  if (x->zRisk) f.zRisk = x->zRisk;
  if (x->zBand) f.zBand = x->zBand;
  if (x->zDirectorate) f.zDirectorate = x->zDirectorate;
  if (x->zTheme) f.zTheme = x->zTheme;
  if (x->zOwner) f.zOwner = x->zOwner;
  if (x->bases) f.bothBases = x->bases == 2;
  if (x->bandBy) f.bandBy = x->bandBy;
  return f;
}

/* Every open recommendation the pack selects should stand in one of its
** outstanding parts. A definition can miss some (a band or a risk rating no part
** names: "no target date", an advisory rating), and a committee must not lose
** them silently: a closing part lists them. Packs without outstanding parts
** (a summary only) select no recommendation, so there is nothing to check. */
static void reconcile(Report *rp, const ReportInput *in) {
  const Pack *p = in->pack;
  int any = 0;
  for (int i = 0; i < p->nPart && !any; i++) any = !strcmp(p->aPart[i].zKind, "outstanding");
  if (!any) return;
  Filter base = in->f;
  base.status = SF_OPEN;
  Buf ids = BUF_INIT;
  int nMissed = 0;
  for (int k = 0; k < in->set->n; k++) {
    const Rec *r = &in->set->a[k];
    RecState st;
    rec_state_at(r, in->pol, in->asAt, &st);
    if (!filter_match(&base, in->pol, r, &st)) continue;
    int found = 0;
    for (int i = 0; i < p->nPart && !found; i++) {
      if (strcmp(p->aPart[i].zKind, "outstanding")) continue;
      /* A part banded by the other basis (band-by=) selects by its own bands. */
      ReportInput sub = *in, tmp;
      Policy pol;
      sub.f = part_filter(in, &p->aPart[i]);
      const ReportInput *v = report_view(&sub, &tmp, &pol);
      RecState stv;
      if (v != &sub) rec_state_at(r, v->pol, in->asAt, &stv);
      found = filter_match(&v->f, v->pol, r, v != &sub ? &stv : &st);
    }
    if (found) continue;
    buf_appendf(&ids, "%s#%lld (%s)", nMissed ? ", " : "", r->id, rec_band_label(in->pol, &st));
    nMissed++;
  }
  if (nMissed) {
    ReportSection *h =
        report_section(rp, "Open recommendations in no part of this pack", LAYOUT_GRID, 0);
    Buf t = BUF_INIT;
    buf_appendf(&t,
                "%d open recommendation%s %s in none of the parts above, which the pack "
                "definition does not select: %s.",
                nMissed, nMissed == 1 ? "" : "s", nMissed == 1 ? "is" : "are", buf_cstr(&ids));
    report_section_note(h, buf_cstr(&t));
    buf_free(&t);
  }
  buf_free(&ids);
}

/* ------------------------------------------------ the paper's own wording */

static int col_find(const ReportSection *s, const char *zKey) {
  for (int i = 0; i < s->nCol; i++) {
    if (!strcmp(s->aCol[i].zKey, zKey)) return i;
  }
  return -1;
}

/* Reorder s's columns (and every row's cells) as aFrom says: new column i is old aFrom[i];
** old columns not named are dropped with their cells. */
static void cols_reorder(ReportSection *s, const int *aFrom, int n) {
  Cell *aCell = xcalloc((size_t)(s->nRow ? s->nRow : 1) * (size_t)n, sizeof(Cell));
  ReportCol *aCol = xcalloc((size_t)n, sizeof(ReportCol));
  for (int j = 0; j < s->nRow; j++) {
    for (int i = 0; i < n; i++) {
      Cell *c = &s->aCell[j * s->nCol + aFrom[i]];
      aCell[j * n + i] = *c;
      c->z = 0;
    }
    for (int i = 0; i < s->nCol; i++) free(s->aCell[j * s->nCol + i].z);
  }
  for (int i = 0; i < n; i++) {
    aCol[i] = s->aCol[aFrom[i]];
    s->aCol[aFrom[i]].zKey = s->aCol[aFrom[i]].zLabel = 0;
  }
  for (int i = 0; i < s->nCol; i++) {
    free(s->aCol[i].zKey);
    free(s->aCol[i].zLabel);
  }
  free(s->aCell);
  free(s->aCol);
  s->aCell = aCell;
  s->aCol = aCol;
  s->nCol = s->nCellInRow = n;
  s->nRowAlloc = s->nRow;
}

static void col_relabel(ReportSection *s, const char *zKey, const char *zLabel) {
  int i = col_find(s, zKey);
  if (i < 0) return;
  free(s->aCol[i].zLabel);
  s->aCol[i].zLabel = xstrdup(zLabel);
}

/*
** A recommendation's block as the paper prints it: led by its reference (the audit's
** own number, not the register's id, which means nothing to a committee), or by the
** audit when no recommendation in the section has a reference; the outstanding and
** implemented blocks under the same labels, Manchester's ("Management response", "Due
** date", "Update"); and no escalation row where the policy has no ladder, since a rung
** the organisation does not have must never be printed.
*/
static void block_wording(ReportSection *s, const Policy *pol) {
  int aFrom[64], n = 0, iRef = col_find(s, "ref");
  if (s->layout != LAYOUT_RECORDS || s->nCol > 64) return;
  int anyRef = 0;
  for (int j = 0; iRef >= 0 && j < s->nRow && !anyRef; j++) {
    anyRef = report_cell(s, j, iRef)->t != CELL_NULL;
  }
  if (anyRef) aFrom[n++] = iRef;
  for (int i = 0; i < s->nCol; i++) {
    const char *z = s->aCol[i].zKey;
    if (i == iRef || !strcmp(z, "id") || (!pol->nRung && !strcmp(z, "escalation"))) continue;
    aFrom[n++] = i;
  }
  cols_reorder(s, aFrom, n);
  col_relabel(s, "action", "Management response");
  col_relabel(s, "original_target", "Due date");
  col_relabel(s, "latest_update", "Update");
}

static void cell_copy(ReportSection *dst, const Cell *c) {
  switch (c->t) {
  case CELL_TEXT: report_text(dst, c->z); break;
  case CELL_INT: report_int(dst, c->i); break;
  case CELL_DATE: report_date(dst, c->d); break;
  case CELL_BOOL: report_bool(dst, (int)c->i); break;
  default: report_null(dst); break;
  }
}

/* The Status column: the latest update, then the target now agreed when it is not the
** original one, as Annex B writes it. */
static void table_status(ReportSection *dst, const ReportSection *s, int j) {
  Buf b = BUF_INIT;
  char z[DAY_FMT_MAX];
  int iUp = col_find(s, "latest_update"), iCur = col_find(s, "current_target"),
      iOrig = col_find(s, "original_target");
  const Cell *up = iUp >= 0 ? report_cell(s, j, iUp) : 0;
  const Cell *cur = iCur >= 0 ? report_cell(s, j, iCur) : 0;
  const Cell *orig = iOrig >= 0 ? report_cell(s, j, iOrig) : 0;
  if (up && up->t == CELL_TEXT) buf_puts(&b, up->z);
  if (cur && cur->t == CELL_TEXT)
    buf_appendf(&b, "%sRevised target date: %s", b.n ? "\n" : "", cur->z);
  else if (cur && cur->t == CELL_DATE && !(orig && orig->t == CELL_DATE && orig->d == cur->d))
    buf_appendf(&b, "%sRevised target date: %s", b.n ? "\n" : "", day_fmt(cur->d, DAY_UK, z));
  report_text(dst, b.n ? buf_cstr(&b) : 0);
  buf_free(&b);
}

/*
** layout=table: the part as one table under its own heading (Annex B's group heading),
** a row per recommendation in the paper's five columns, rather than a heading page and
** a block per recommendation. An empty part is the heading and its table's "None.".
*/
static void part_table(Report *rp, const char *zTitle, const Report *part) {
  static const char *const azKey[] = {"audit", "risk", "recommendation", "original_target"};
  ReportSection *t = report_section(rp, zTitle, LAYOUT_GRID, 5, "audit", "Audit", "risk",
                                    "Risk level", "recommendation", "Summary of Recommendation",
                                    "target", "Target Date", "status", "Status");
  for (int k = 0; part && k < part->nSection; k++) {
    const ReportSection *s = part->apSection[k];
    int aCol[4];
    for (int i = 0; i < 4; i++) aCol[i] = col_find(s, azKey[i]);
    for (int j = 0; j < s->nRow; j++) {
      report_row(t, ROW_PLAIN);
      for (int i = 0; i < 4; i++) {
        if (aCol[i] < 0)
          report_null(t);
        else
          cell_copy(t, report_cell(s, j, aCol[i]));
      }
      table_status(t, s, j);
    }
  }
}

/* A part that shows lateness otherwise than its pack (bases=, band-by=) says how under
** its heading, as the pack's policy statement says it for the rest. */
static void part_basis_note(ReportSection *h, const ReportInput *sub, const PackPart *x) {
  if ((!x->bases && !x->bandBy) || h->zNote) return;
  ReportInput tmp;
  Policy pol;
  const ReportInput *v = report_view(sub, &tmp, &pol);
  Buf b = BUF_INIT;
  policy_basis_words(v->pol, v->f.bothBases, &b);
  buf_putc(&b, '.');
  report_section_note(h, buf_cstr(&b));
  buf_free(&b);
}

Report *report_pack(const ReportInput *inAsked, Buf *err) {
  ReportInput tmp;
  Policy pol;
  const ReportInput *in = report_view(inAsked, &tmp, &pol); /* band-by */
  const Pack *p = in->pack;
  if (!p) {
    buf_puts(err, "no pack definition was given");
    return 0;
  }
  Report *rp = report_new("pack", p->zTitle ? p->zTitle : "Audit committee pack");
  report_common_meta(rp, in, 1);
  report_meta(rp, "pack", "Pack", p->zName);
  rp->noCover = p->noCover;
  char *aDone = xcalloc((size_t)p->nText + 1, 1);
  for (int i = 0; i < p->nPart; i++) {
    const PackPart *x = &p->aPart[i];
    if (!strcmp(x->zKind, "text") || !strcmp(x->zKind, "front")) {
      i = pack_text_build(rp, in, i);
      continue;
    }
    if (!strcmp(x->zKind, "commentary")) {
      Filter f = part_filter(in, x);
      pack_commentary_build(rp, in, x, &f, aDone);
      continue;
    }
    ReportInput sub = *in;
    sub.pack = 0;
    sub.nTrendCycles = x->nCycles;
    sub.f = part_filter(in, x);
    Buf e = BUF_INIT;
    Report *part = report_build(x->zKind, &sub, &e);
    int nRow = 0;
    for (int k = 0; part && k < part->nSection; k++) nRow += part->apSection[k]->nRow;
    if (part && !nRow && x->omit) {
      report_free(part);
      buf_free(&e);
      continue;
    }
    if (part && x->table) {
      part_table(rp, x->zTitle ? x->zTitle : part->zTitle, part);
      part_basis_note(rp->apSection[rp->nSection - 1], &sub, x);
      report_free(part);
      buf_free(&e);
      continue;
    }
    ReportSection *h = report_section(rp,
                                      x->zTitle ? x->zTitle
                                      : part    ? part->zTitle
                                                : x->zKind,
                                      LAYOUT_GRID, 0);
    if (!part) {
      buf_appendf(&e, ".");
      report_section_note(h, buf_cstr(&e));
      buf_free(&e);
      continue;
    }
    buf_free(&e);
    if (!nRow) {
      /* Committee papers print empty appendices: say so rather than drop the part. */
      report_section_note(h, "None.");
      report_free(part);
      continue;
    }
    part_basis_note(h, &sub, x);
    for (int k = 0; k < part->nSection; k++) block_wording(part->apSection[k], in->pol);
    if (!strcmp(x->zKind, "outstanding")) pack_audit_commentary(rp, in, &sub.f, aDone);
    adopt_sections(rp, part);
  }
  free(aDone);
  reconcile(rp, in);
  return rp;
}
