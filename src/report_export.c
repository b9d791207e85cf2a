/*
** report_export.c: the register as a tracker in the seed layout (`auditrack
** export`), built as a Report so that the CSV and XLSX renderers both write it.
**
** The point is the round trip: importing the export into a fresh database with
** the same policy gives the same recommendations and the same figures as at the
** export's date. So each column is written the way import.c reads it: revisions
** with their cycle labels when every one has a label (a label naming a month dates
** the revision), the last revision in current_target_date only when import would
** recreate it from there, the update before the latest with its "June 2022:" or
** ISO date prefix, the opinion as text that status_from_text() reads as its status,
** the months overdue as the engine computes them (so import has nothing to warn
** about), and the recommendation's id last, so that a sheet sent to the services
** and returned is matched row by row when it is imported again (import_match.c).
** What the layout cannot hold (older updates and opinions, reasons,
** decisions, evidence files) is listed in docs/export.md. Not for: formats
** (report.c, report_xlsx.c) or reading trackers (import.c).
*/
#include "report_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab.h"

#define TRACKER_TITLE "Audit recommendations tracker"

/* The columns: the seed trackers' headers import recognises, then the fields the
** seed files lack. Keys and labels are the same, so the XLSX header row is the
** CSV's. A plain text field is named by its id and headed by its seed heading
** (rec_fields.h); the fields this layout does not place come at COL_REST, so that
** a new field is exported, and imported again, without a change here. tracker_row
** writes the cells in this order. */
enum { COL_OTHER = -1, COL_REST = -2 };
static const struct {
  const char *zCol; /* COL_OTHER's heading */
  int f;            /* RecFieldId, COL_OTHER or COL_REST */
} aCol[] = {
    {"source_file", COL_OTHER},
    {"organisation", COL_OTHER},
    {"report_title", COL_OTHER},
    {"as_at_date", COL_OTHER},
    {"row_no", COL_OTHER},
    {0, REC_F_SECTION},
    {"audit_title", COL_OTHER},
    {"audit_date", COL_OTHER},
    {0, REC_F_THEME},
    {0, REC_F_REF},
    {0, REC_F_BODY},
    {"risk_label", COL_OTHER},
    {0, REC_F_RISK_TEXT},
    {"original_due_date", COL_OTHER},
    {"revised_due_dates", COL_OTHER},
    {"current_target_date", COL_OTHER},
    {0, REC_F_ACTION},
    {"previous_update", COL_OTHER},
    {"latest_update", COL_OTHER},
    {"ia_opinion", COL_OTHER},
    {0, REC_F_DIRECTOR},
    {0, REC_F_EXEC_MEMBER},
    {"months_overdue_stated", COL_OTHER},
    {"next_action", COL_OTHER},
    {0, REC_F_NOTES},
    {0, REC_F_TITLE},
    {"revised_due_dates_by_cycle", COL_OTHER},
    {"audit_ref", COL_OTHER},
    {0, REC_F_DIRECTORATE},
    {"provider", COL_OTHER},
    {"assurance", COL_OTHER},
    {0, REC_F_OWNER},
    {0, REC_F_EVIDENCE},
    {0, COL_REST},
    {"percent_complete", COL_OTHER},
    {"confidential", COL_OTHER},
    {"auditrack_id", COL_OTHER},
};

/* Does the layout place field f? */
static int col_placed(int f) {
  for (size_t i = 0; i < sizeof aCol / sizeof aCol[0]; i++) {
    if (aCol[i].f == f) return 1;
  }
  return 0;
}

/* A target as written (zText) on day d: a date cell when the text is that day or
** absent, else the text ("2020-04", "Autumn 2022", "TBC (partially implemented)"). */
static void cell_target(ReportSection *s, Day d, const char *zText) {
  DateParse p;
  char zErr[8];
  if (zText && !(day_parse(zText, DF_DEFAULT, &p, zErr, sizeof zErr) == 0 && p.kind == DATE_EXACT &&
                 p.day == d)) {
    report_text(s, zText);
  } else {
    report_date(s, d); /* DAY_NONE: an empty cell */
  }
}

/* A revision's target as import's revised_due_dates reads it. */
static void rev_value(const Revision *v, Buf *b) {
  char z[DAY_FMT_MAX];
  if (v->zTargetText)
    buf_puts(b, v->zTargetText);
  else
    buf_puts(b, v->target == DAY_NONE ? "TBC" : day_fmt(v->target, DAY_ISO, z));
}

/* Would import read v's cycle label back as it is? */
static int label_ok(const Revision *v) {
  return v->zCycle && v->zCycle[0] && !strchr(v->zCycle, ';') && !strstr(v->zCycle, ": ") &&
         (!v->zTargetText || !strstr(v->zTargetText, ", then "));
}

/* The target columns of one row, as at the export's date. */
typedef struct Targets {
  int n;            /* revisions agreed by the date */
  Buf list, cycles; /* revised_due_dates, revised_due_dates_by_cycle (empty: none) */
} Targets;

static void targets_of(const Rec *r, Day asAt, Targets *t) {
  memset(t, 0, sizeof *t);
  int n = 0;
  while (n < r->nRev && r->aRev[n].on <= asAt) n++;
  t->n = n;
  /* The last revision goes in current_target_date only when import would make it
  ** from there: unlabelled, and moving the target from the one before. */
  int nList = n;
  if (n > 0 && !label_ok(&r->aRev[n - 1])) {
    const Revision *v = &r->aRev[n - 1];
    Day have = n > 1 ? r->aRev[n - 2].target : r->original;
    int haveTbc = n > 1 ? have == DAY_NONE
                        : (r->original == DAY_NONE && r->zOriginalText && r->zOriginalText[0]);
    if (v->target != have || (v->target == DAY_NONE) != haveTbc) nList = n - 1;
  }
  int allLabelled = 1;
  for (int i = 0; i < nList; i++) {
    const Revision *v = &r->aRev[i];
    if (i) buf_puts(&t->list, "; ");
    rev_value(v, &t->list);
    if (!label_ok(v)) allLabelled = 0;
    if (allLabelled) {
      buf_appendf(&t->cycles, "%s%s: ", i ? "; " : "", v->zCycle);
      rev_value(v, &t->cycles);
    }
  }
  /* Import pairs labels with values only when there are as many of each. */
  if (!allLabelled) buf_reset(&t->cycles);
}

/* current_target_date: the last revision's target as written, else the original. */
static void cell_current(ReportSection *s, const Rec *r, const Targets *t) {
  if (t->n == 0) {
    cell_target(s, r->original, r->zOriginalText);
    return;
  }
  const Revision *v = &r->aRev[t->n - 1];
  DateParse p;
  char zErr[8];
  /* A target without a year ("31 January") is a date once resolved; import wants a year. */
  int noYear = v->zTargetText &&
               day_parse(v->zTargetText, DF_DEFAULT, &p, zErr, sizeof zErr) == 0 &&
               p.kind == DATE_NOYEAR;
  if (v->target == DAY_NONE && (!v->zTargetText || noYear))
    report_text(s, "TBC");
  else
    cell_target(s, v->target, noYear ? 0 : v->zTargetText);
}

/* An update as previous_update: prefixed with its cycle ("June 2022: ...") or, when
** it is older than the date, its ISO date, so that import dates it again. */
static void cell_previous(ReportSection *s, const Progress *u, Day asAt, int hide) {
  char z[DAY_FMT_MAX];
  if (!u) {
    report_null(s);
    return;
  }
  const char *zText = hide ? REPORT_WITHHELD : u->zText;
  Buf b = BUF_INIT;
  if (u->zCycle && u->zCycle[0])
    buf_appendf(&b, "%s: %s", u->zCycle, zText);
  else if (u->on < asAt)
    buf_appendf(&b, "%s: %s", day_fmt(u->on, DAY_ISO, z), zText);
  else
    buf_puts(&b, zText);
  report_text(s, buf_cstr(&b));
  buf_free(&b);
}

/* ia_opinion: text that import reads as the opinion's status: status_from_text(),
** or, under an "Implemented Recommendations" section, implemented. */
static void cell_opinion(ReportSection *s, const Opinion *o, int hide, const char *zSection) {
  if (!o) {
    report_null(s);
    return;
  }
  const char *zLabel = status_labels[o->status];
  Buf b = BUF_INIT;
  Status read = o->zText ? status_from_text(o->zText) : ST_IN_PROGRESS;
  if (zSection && strcasestr(zSection, "implemented recommendations") && !status_closes(read)) {
    read = ST_IMPLEMENTED;
  }
  if (o->zText && (hide || read != o->status)) {
    buf_appendf(&b, "%s%s%s", zLabel, hide ? ". " : ": ", hide ? REPORT_WITHHELD : o->zText);
  } else if (o->zText) {
    buf_puts(&b, o->zText);
  } else if (o->status != ST_IN_PROGRESS || !o->zNext) {
    buf_puts(&b, zLabel); /* no text, and in progress is what import assumes */
  }
  report_text(s, b.n ? buf_cstr(&b) : 0);
  buf_free(&b);
}

static const char *hidden(const char *z, int hide) { return z && hide ? REPORT_WITHHELD : z; }

/* Plain text field f's cell: its detail withheld when hide. */
static void cell_field(ReportSection *s, const Rec *r, RecFieldId f, int hide) {
  report_text(s, hidden(rec_field_get(r, f), hide && rec_fields[f].detail));
}

/* The cells of the fields the layout does not place, at COL_REST. */
static void cell_rest(ReportSection *s, const Rec *r, int hide) {
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (!col_placed(f)) cell_field(s, r, (RecFieldId)f, hide);
  }
}

static void tracker_row(ReportSection *s, const ReportInput *in, const Rec *r, const RecState *st,
                        int rowNo) {
  int hide = report_redacts(in, r);
  Targets t;
  targets_of(r, in->asAt, &t);
  /* The latest update and the one before it. An update that carries a cycle label
  ** came from a previous-update column and goes back there. */
  const Progress *pLatest = st->pUpdate, *pPrev = 0;
  if (pLatest) {
    int k = (int)(pLatest - r->aProg);
    pPrev = k > 0 ? &r->aProg[k - 1] : 0;
    if (pLatest->zCycle && pLatest->zCycle[0]) pPrev = pLatest, pLatest = 0;
  }
  report_row(s, ROW_PLAIN);
  report_null(s); /* source_file */
  report_text(s, in->zOrg);
  report_text(s, TRACKER_TITLE);
  report_date(s, in->asAt);
  report_int(s, rowNo);
  cell_field(s, r, REC_F_SECTION, hide);
  report_text(s, r->zAuditTitle);
  report_date(s, r->auditDate);
  cell_field(s, r, REC_F_THEME, hide);
  cell_field(s, r, REC_F_REF, hide);
  cell_field(s, r, REC_F_BODY, hide);
  report_text(s, r->zRiskCode);
  cell_field(s, r, REC_F_RISK_TEXT, hide);
  cell_target(s, r->original, r->zOriginalText);
  report_text(s, t.list.n ? buf_cstr(&t.list) : 0);
  cell_current(s, r, &t);
  cell_field(s, r, REC_F_ACTION, hide);
  cell_previous(s, pPrev, in->asAt, hide);
  report_text(s, pLatest ? hidden(pLatest->zText, hide) : 0);
  cell_opinion(s, st->pOpinion, hide, r->zSection);
  cell_field(s, r, REC_F_DIRECTOR, hide);
  cell_field(s, r, REC_F_EXEC_MEMBER, hide);
  if (st->open && st->overdue)
    report_int(s, st->months);
  else
    report_null(s);
  report_text(s, st->pOpinion ? hidden(st->pOpinion->zNext, hide) : 0);
  cell_field(s, r, REC_F_NOTES, hide);
  cell_field(s, r, REC_F_TITLE, hide);
  report_text(s, t.cycles.n ? buf_cstr(&t.cycles) : 0);
  report_text(s, r->zAuditRef);
  cell_field(s, r, REC_F_DIRECTORATE, hide);
  report_text(s, r->zProvider);
  report_text(s, r->assurance >= 0 ? assurance_names[r->assurance] : 0);
  cell_field(s, r, REC_F_OWNER, hide);
  cell_field(s, r, REC_F_EVIDENCE, hide);
  cell_rest(s, r, hide);
  if (st->percent >= 0) {
    char zPct[16];
    snprintf(zPct, sizeof zPct, "%d%%", st->percent);
    report_text(s, zPct);
  } else {
    report_null(s);
  }
  report_text(s, r->confidential ? "yes" : 0);
  report_int(s, r->id); /* how a returned sheet's rows are matched again */
  buf_free(&t.list);
  buf_free(&t.cycles);
}

Report *report_tracker(const ReportInput *in) {
  Report *rp = report_new("tracker", TRACKER_TITLE);
  if (in->zOrg && in->zOrg[0]) report_meta(rp, "organisation", "Organisation", in->zOrg);
  report_meta_day(rp, "as_at", "As at", in->asAt);
  Buf b = BUF_INIT;
  policy_describe(in->pol, &b);
  report_meta(rp, "policy", "Policy", buf_cstr(&b));
  buf_free(&b);
  report_meta(rp, "confidential", "Confidential items",
              in->f.includeConfidential ? "shown in full" : "detail withheld");
  ReportSection *s = report_section(rp, "Tracker", LAYOUT_GRID, 0);
  for (size_t i = 0; i < sizeof aCol / sizeof aCol[0]; i++) {
    for (int f = 0; f < REC_FIELD__MAX; f++) {
      if (aCol[i].f == f || (aCol[i].f == COL_REST && !col_placed(f)))
        report_section_col(s, rec_fields[f].zSeed, rec_fields[f].zSeed);
    }
    if (aCol[i].f == COL_OTHER) report_section_col(s, aCol[i].zCol, aCol[i].zCol);
  }
  report_section_note(s, "Every recommendation, open and closed, as at the date, in the layout "
                         "`auditrack import` reads.");
  int rowNo = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    RecState st;
    rec_state_at(r, in->pol, in->asAt, &st);
    if (!st.exists) continue;
    tracker_row(s, in, r, &st, ++rowNo);
  }
  return rp;
}
