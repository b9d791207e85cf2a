/*
** report_list.c: the register's listings as reports: the recommendation list
** (`rec list`, the web's list and its downloads, the API), the audits and the
** reporting cycles, each one grid section that any renderer prints. Not for:
** the committee reports (report_build.c) or output formats (report*.c renderers).
*/
#include "report_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A column that is not a plain text field: its key and its label. */
typedef struct Col {
  const char *zKey, *zLabel;
} Col;

/* The columns in a, then the plain text fields in aF (rec_fields.h gives each its
** key, its label and its value). */
static void cols(ReportSection *s, const Col *a, int n, const RecFieldId *aF, int nF) {
  for (int i = 0; i < n; i++) report_section_col(s, a[i].zKey, a[i].zLabel);
  for (int i = 0; i < nF; i++)
    report_section_col(s, rec_fields[aF[i]].zApi, rec_fields[aF[i]].zLabel);
}

/* The cells of the plain text fields in a, detail withheld as the list withholds it. */
static void field_cells(ReportSection *s, const ReportInput *in, const Rec *r, const RecFieldId *a,
                        int n) {
  for (int i = 0; i < n; i++) {
    int hide = rec_fields[a[i]].detail && report_redacts(in, r);
    report_text(s, hide ? REPORT_WITHHELD : rec_field_get(r, a[i]));
  }
}

#define N(a) ((int)(sizeof a / sizeof a[0]))

/* The list's columns in their order, the plain text fields where they come: the
** wide list (every format but text and PDF), then the narrow one. */
static const Col aWideHead[] = {{"id", "ID"}, {"audit_id", "Audit ID"}, {"audit_title", "Audit"}};
static const RecFieldId aWideNames[] = {REC_F_REF, REC_F_TITLE};
static const Col aRisk[] = {{"risk", "Risk"}};
static const RecFieldId aWidePeople[] = {REC_F_DIRECTORATE, REC_F_THEME, REC_F_OWNER,
                                         REC_F_DIRECTOR};
static const Col aWideTail[] = {{"original_target", "Original target"},
                                {"current_target", "Current target"},
                                {"target_tbc", "Target TBC"},
                                {"open", "Open"},
                                {"overdue", "Overdue"},
                                {"months_overdue", "Months overdue"},
                                {"band", "Band"}};
/* Then, with both bases, the other basis's two columns (report_bases_cols). */
static const Col aWideEnd[] = {{"escalation", "Escalation"},
                               {"revisions", "Revisions"},
                               {"latest_opinion", "Latest opinion"},
                               {"latest_update_on", "Latest update"},
                               {"percent_complete", "Percent complete"},
                               {"closed_on", "Closed on"},
                               {"rag", "RAG"},
                               {"confidential", "Confidential"}};
static const Col aNarrowHead[] = {{"id", "ID"}, {"audit_title", "Audit"}};
static const RecFieldId aNarrowNames[] = {REC_F_REF};
static const Col aNarrowTail[] = {
    {"current_target", "Target"}, {"months_overdue", "Months"}, {"band", "Band"}};
static const Col aNarrowEnd[] = {{"latest_opinion", "Opinion"}, {"percent_complete", "Complete"}};

/* The percent complete last reported: "75%" as text, else the number; empty when none. */
static void pct_cell(ReportSection *sec, int pct, int asText) {
  char z[16];
  if (pct < 0) {
    report_null(sec);
  } else if (asText) {
    snprintf(z, sizeof z, "%d%%", pct);
    report_text(sec, z);
  } else {
    report_int(sec, pct);
  }
}

Report *report_rec_list(const ReportInput *inAsked, int wide) {
  ReportInput tmp;
  Policy pol;
  const ReportInput *in = report_view(inAsked, &tmp, &pol); /* band-by */
  Report *rp = report_new("recommendations", "Recommendations");
  report_common_meta(rp, in, 0);
  ReportSection *sec = report_section(rp, "Recommendations", LAYOUT_GRID, 0);
  if (wide) {
    cols(sec, aWideHead, N(aWideHead), aWideNames, N(aWideNames));
    cols(sec, aRisk, N(aRisk), aWidePeople, N(aWidePeople));
    cols(sec, aWideTail, N(aWideTail), 0, 0);
  } else {
    cols(sec, aNarrowHead, N(aNarrowHead), aNarrowNames, N(aNarrowNames));
    cols(sec, aRisk, N(aRisk), 0, 0);
    cols(sec, aNarrowTail, N(aNarrowTail), 0, 0);
  }
  report_bases_cols(sec, in);
  if (wide)
    cols(sec, aWideEnd, N(aWideEnd), 0, 0);
  else
    cols(sec, aNarrowEnd, N(aNarrowEnd), 0, 0);
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    RecState st;
    rec_state_at(r, in->pol, in->asAt, &st);
    if (!filter_match(&in->f, in->pol, r, &st)) continue;
    report_row(sec, ROW_PLAIN);
    report_int(sec, r->id);
    if (wide) report_int(sec, r->auditId);
    report_text(sec, r->zAuditTitle);
    if (wide)
      field_cells(sec, in, r, aWideNames, N(aWideNames));
    else
      field_cells(sec, in, r, aNarrowNames, N(aNarrowNames));
    report_text(sec, r->zRiskCode ? r->zRiskCode : 0);
    if (wide) {
      field_cells(sec, in, r, aWidePeople, N(aWidePeople));
      report_date(sec, r->original);
    }
    if (!wide && st.currentTbc)
      report_text(sec, "TBC");
    else
      report_date(sec, st.currentTarget);
    if (wide) {
      report_bool(sec, st.currentTbc);
      report_bool(sec, st.open);
      report_bool(sec, st.overdue);
    }
    if (st.overdue)
      report_int(sec, st.months);
    else
      report_null(sec);
    report_text(sec, rec_band_label(in->pol, &st));
    report_bases_cells(sec, in, &st);
    if (wide) {
      report_text(sec, st.rung >= 0 ? in->pol->aRung[st.rung].zAction : 0);
      report_int(sec, st.revisions);
    }
    if (st.pOpinion)
      report_text(sec, (wide ? status_names : status_labels)[st.pOpinion->status]);
    else
      report_null(sec);
    if (!wide) pct_cell(sec, st.percent, 1);
    if (wide) {
      report_date(sec, st.pUpdate ? st.pUpdate->on : DAY_NONE);
      pct_cell(sec, st.percent, 0);
      report_date(sec, st.open ? DAY_NONE : st.closedOn);
      report_text(sec, st.open ? rag_names[st.rag] : 0);
      report_bool(sec, r->confidential);
    }
  }
  return rp;
}
#undef N

Report *report_audit_list(const AuditRow *aRow, int n, const int *aCount) {
  Report *rp = report_new("audits", "Audits");
  ReportSection *s =
      report_section(rp, "Audits", LAYOUT_GRID, 7, "id", "ID", "ref", "Ref", "title", "Title",
                     "report_date", "Final report", "directorate", "Directorate", "assurance",
                     "Assurance", "recommendations", "Recommendations");
  for (int i = 0; i < n; i++) {
    int nRec = aCount ? aCount[i] : aRow[i].nRec;
    if (nRec < 0) continue;
    report_row(s, ROW_PLAIN);
    report_int(s, aRow[i].id);
    report_text(s, aRow[i].zRef);
    report_text(s, aRow[i].zTitle);
    report_date(s, aRow[i].reportDate);
    report_text(s, aRow[i].zDirectorate);
    report_text(s, aRow[i].assurance >= 0 ? assurance_names[aRow[i].assurance] : 0);
    report_int(s, nRec);
  }
  return rp;
}

Report *report_cycle_list(const Cycle *a, int n) {
  Report *rp = report_new("cycles", "Reporting cycles");
  ReportSection *s =
      report_section(rp, "Reporting cycles", LAYOUT_GRID, 4, "name", "Cycle", "as_at",
                     "Committee date", "deadline", "Updates due by", "previous", "Compared with");
  int anyStated = 0;
  for (int i = 0; i < n; i++) anyStated |= a[i].nStated > 0;
  if (anyStated) report_section_col(s, "stated", "Stated by its paper");
  Buf b = BUF_INIT;
  for (int i = 0; i < n; i++) {
    report_row(s, ROW_PLAIN);
    report_text(s, a[i].zName);
    report_date(s, a[i].asAt);
    report_date(s, a[i].deadline);
    report_text(s, i ? a[i - 1].zName : 0);
    if (!anyStated) continue;
    buf_reset(&b);
    for (int k = 0; k < a[i].nStated; k++) {
      if (k) buf_puts(&b, "; ");
      stated_words(&b, &a[i].aStated[k], a[i].aStated[k].value);
    }
    report_text(s, b.n ? buf_cstr(&b) : 0);
  }
  buf_free(&b);
  if (!n) report_section_note(s, "No reporting cycles yet: add one with `auditrack cycle add`.");
  return rp;
}
