/*
** report_cohorts.c: the summary's sections about recommendations over time,
** when the policy's summary-adds asks for them: cohorts (recommendations grouped
** by the period of their original target or by their audit's year, each with
** where it stands as at the report date), the targets revised in the period, and
** the open recommendations revised more than the policy's revision limit.
** States are the as-at engine's, from the summary's snapshot. Not for: the
** counts by rating (report_measures.c) or the summary's own tables.
*/
#include "report_snap.h"
#include "share.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cohorts ---- */

typedef struct Cohort {
  char zName[24]; /* "2024", "2024 Q3", "2024/25"; "" when the date is not known */
  int made, notDue, noTarget, overdue, implemented, removed;
} Cohort;

/* r's cohort under the policy into z (24 bytes): "" when its date is not known. */
static void cohort_name(const Rec *r, CohortBy by, char *z) {
  Day d = by == COHORT_TARGET_YEAR || by == COHORT_TARGET_QUARTER ? r->original : r->auditDate;
  z[0] = 0;
  if (d == DAY_NONE) return;
  int y, m, dd;
  day_to_ymd(d, &y, &m, &dd);
  if (by == COHORT_TARGET_QUARTER)
    snprintf(z, 24, "%d Q%d", y, (m - 1) / 3 + 1);
  else if (by == COHORT_AUDIT_FY)
    snprintf(z, 24, "%d/%02d", m >= 4 ? y : y - 1, (m >= 4 ? y + 1 : y) % 100);
  else
    snprintf(z, 24, "%d", y);
}

/* Known periods in order, the unknown last. */
static int cohort_cmp(const void *pa, const void *pb) {
  const Cohort *a = pa, *b = pb;
  if (!a->zName[0] != !b->zName[0]) return a->zName[0] ? -1 : 1;
  return strcmp(a->zName, b->zName);
}

void report_add_cohorts(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  Cohort *a = xcalloc((size_t)in->set->n + 1, sizeof *a), t;
  memset(&t, 0, sizeof t);
  int n = 0;
  for (int i = 0; i < in->set->n; i++) {
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i]) continue;
    char z[24];
    cohort_name(&in->set->a[i], p->cohortBy, z);
    int k = 0;
    while (k < n && strcmp(a[k].zName, z)) k++;
    if (k == n) memcpy(a[n++].zName, z, sizeof z);
    Cohort *c[] = {&a[k], &t};
    for (int j = 0; j < 2; j++) {
      c[j]->made++;
      if (st->open) {
        c[j]->overdue += st->overdue;
        c[j]->noTarget += !st->overdue && st->due == DAY_NONE;
        c[j]->notDue += !st->overdue && st->due != DAY_NONE;
      } else if (st->closure == CLOSED_IMPLEMENTED) {
        c[j]->implemented++;
      } else {
        c[j]->removed++;
      }
    }
  }
  if (n > 1) qsort(a, (size_t)n, sizeof *a, cohort_cmp);
  static const char *const azBy[][2] = {
      {"year of original target", "Year of original target"},
      {"quarter of original target", "Quarter of original target"},
      {"year of audit", "Year of audit"},
      {"financial year of audit", "Financial year of audit"}};
  char zAt[DAY_FMT_MAX];
  Buf b = BUF_INIT;
  buf_appendf(&b, "Recommendations by %s, as at %s", azBy[p->cohortBy][0],
              day_fmt(in->asAt, DAY_TEXT, zAt));
  ReportSection *sec =
      report_section(rp, buf_cstr(&b), LAYOUT_GRID, 3, "cohort", azBy[p->cohortBy][1], "made",
                     "Made", "not_yet_due", "Not yet due");
  if (t.noTarget) report_section_col(sec, "no_target_date", "No target date");
  const char *azCol[][2] = {{"overdue", "Overdue"},
                            {"implemented", "Implemented"},
                            {"removed", "Removed"},
                            {"open", "Open"},
                            {"implemented_share", "Implemented %"}};
  for (int c = 0; c < 5; c++) report_section_col(sec, azCol[c][0], azCol[c][1]);
  char zPct[SHARE_TMP];
  for (int i = 0; i <= n; i++) {
    const Cohort *c = i < n ? &a[i] : &t;
    report_row(sec, i < n ? ROW_PLAIN : ROW_TOTAL);
    report_text(sec, i == n ? "Total" : c->zName[0] ? c->zName : "Date not recorded");
    report_int(sec, c->made);
    report_int(sec, c->notDue);
    if (t.noTarget) report_int(sec, c->noTarget);
    report_int(sec, c->overdue);
    report_int(sec, c->implemented);
    report_int(sec, c->removed);
    report_int(sec, c->notDue + c->overdue + c->noTarget);
    if (share_text(c->implemented, c->made, p->sharePlaces, zPct))
      report_text(sec, zPct);
    else
      report_null(sec);
  }
  buf_reset(&b);
  buf_appendf(&b,
              "Every recommendation made by the date, each in its cohort, where it stands as at "
              "%s; implemented %% is of those made in the cohort, %s, rounded half up.",
              zAt, p->sharePlaces ? "to one decimal place" : "to a whole per cent");
  report_section_note(sec, buf_cstr(&b));
  buf_free(&b);
  free(a);
}

/* ---- targets revised ---- */

static void requests_waiting(Report *rp, const Snap *s);

static void cell_target(ReportSection *sec, Day d) {
  if (d == DAY_NONE)
    report_text(sec, "TBC");
  else
    report_date(sec, d);
}

void report_add_extensions(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf b = BUF_INIT;
  buf_puts(&b, "Targets revised in the period (");
  if (in->since != DAY_NONE) buf_appendf(&b, "after %s, ", day_fmt(in->since, DAY_TEXT, z1));
  buf_appendf(&b, "up to %s)", day_fmt(in->asAt, DAY_TEXT, z2));
  ReportSection *sec =
      report_section(rp, buf_cstr(&b), LAYOUT_GRID, 8, "id", "ID", "audit", "Audit", "ref", "Ref",
                     "risk", "Risk", "previous_target", "Previous target", "new_target",
                     "New target", "agreed_on", "Agreed on", "agreed_by", "Agreed by");
  int n = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    if (!s->aKeep[i]) continue;
    for (int j = 0; j < r->nRev && r->aRev[j].on <= in->asAt; j++) {
      const Revision *v = &r->aRev[j];
      if (in->since != DAY_NONE && v->on <= in->since) continue;
      report_row(sec, ROW_PLAIN);
      report_int(sec, r->id);
      report_text(sec, r->zAuditTitle);
      report_text(sec, r->zRef);
      report_text(sec, report_risk_name(r));
      cell_target(sec, j ? r->aRev[j - 1].target : r->original);
      cell_target(sec, v->target);
      report_date(sec, v->on);
      report_text(sec, v->zAgreedBy);
      n++;
    }
  }
  buf_reset(&b);
  buf_appendf(
      &b,
      "%d revision%s agreed in the period, by internal audit or by the committee (an "
      "extension the committee granted with a new date is one of them); the outstanding report "
      "gives each one's reason.",
      n, n == 1 ? "" : "s");
  report_section_note(sec, buf_cstr(&b));
  buf_free(&b);
  requests_waiting(rp, s);
}

/* Requests for a new target date waiting for internal audit's decision as at the
** report date: made by then, and pending or decided after it. */
static void requests_waiting(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  char z[DAY_FMT_MAX];
  Buf b = BUF_INIT;
  buf_appendf(&b, "Requests for a new target date waiting for a decision at %s",
              day_fmt(in->asAt, DAY_TEXT, z));
  ReportSection *sec =
      report_section(rp, buf_cstr(&b), LAYOUT_GRID, 8, "id", "ID", "audit", "Audit", "ref", "Ref",
                     "risk", "Risk", "current_target", "Current target", "asked_for",
                     "Date asked for", "asked_on", "Asked on", "asked_by", "Asked by");
  buf_reset(&b);
  int n = 0;
  for (int i = 0; in->haveSub && i < in->nSub; i++) {
    const Submission *x = &in->aSub[i];
    if (x->kind != SUBK_DATE || x->on > in->asAt) continue;
    if (strcmp(x->zState, "pending") && !(x->decidedOn != DAY_NONE && x->decidedOn > in->asAt))
      continue;
    const Rec *r = recset_find(in->set, x->recId);
    if (!r || !s->aKeep[r - in->set->a] || !s->aNow[r - in->set->a].open) continue;
    const RecState *st = &s->aNow[r - in->set->a];
    report_row(sec, ROW_PLAIN);
    report_int(sec, r->id);
    report_text(sec, r->zAuditTitle);
    report_text(sec, r->zRef);
    report_text(sec, report_risk_name(r));
    cell_target(sec, st->currentTbc ? DAY_NONE : st->currentTarget);
    cell_target(sec, x->target);
    report_date(sec, x->on);
    report_text(sec, x->zAuthor);
    n++;
  }
  if (in->haveSub)
    buf_appendf(&b, "%d request%s made by the date and not decided by it.", n, n == 1 ? "" : "s");
  else
    buf_puts(&b, "The requests were not read for this report.");
  report_section_note(sec, buf_cstr(&b));
  buf_free(&b);
}

/* ---- the revision limit ---- */

void report_add_revisions(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  int lim = in->pol->revisionLimit;
  Buf b = BUF_INIT;
  if (!lim) {
    report_section(rp, "No revision limit is set (policy revision-limit)", LAYOUT_GRID, 0);
    return;
  }
  buf_appendf(&b, "Open recommendations whose target has been revised more than %d time%s", lim,
              lim == 1 ? "" : "s");
  ReportSection *sec = report_section(rp, buf_cstr(&b), LAYOUT_GRID, 8, "id", "ID", "audit",
                                      "Audit", "ref", "Ref", "risk", "Risk", "original_target",
                                      "Original target", "current_target", "Current target",
                                      "revisions", "Revisions", "months_overdue", "Months overdue");
  int n = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i] || !st->open || st->revisions <= lim) continue;
    report_row(sec, ROW_PLAIN);
    report_int(sec, r->id);
    report_text(sec, r->zAuditTitle);
    report_text(sec, r->zRef);
    report_text(sec, report_risk_name(r));
    report_date(sec, r->original);
    cell_target(sec, st->currentTbc ? DAY_NONE : st->currentTarget);
    report_int(sec, st->revisions);
    if (st->overdue)
      report_int(sec, st->months);
    else
      report_null(sec);
    n++;
  }
  buf_reset(&b);
  buf_appendf(&b, "%d recommendation%s; revisions counted are those agreed by the date.", n,
              n == 1 ? "" : "s");
  report_section_note(sec, buf_cstr(&b));
  buf_free(&b);
}
