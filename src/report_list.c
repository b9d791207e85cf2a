/*
** report_list.c: the register's listings as reports: the recommendation list
** (`rec list`, the web's list and its downloads, the API), the audits and the
** reporting cycles, each one grid section that any renderer prints. Not for:
** the committee reports (report_build.c) or output formats (report*.c renderers).
*/
#include "report_build.h"

#include <stdlib.h>
#include <string.h>

Report *report_rec_list(const ReportInput *in, int wide) {
  Report *rp = report_new("recommendations", "Recommendations");
  report_common_meta(rp, in, 0);
  ReportSection *sec;
  if (wide) {
    sec = report_section(rp, "Recommendations", LAYOUT_GRID, 24, "id", "ID", "audit_id", "Audit ID",
                         "audit_title", "Audit", "ref", "Ref", "title", "Title", "risk", "Risk",
                         "directorate", "Directorate", "theme", "Theme", "owner", "Owner",
                         "director", "Director", "original_target", "Original target",
                         "current_target", "Current target", "target_tbc", "Target TBC", "open",
                         "Open", "overdue", "Overdue", "months_overdue", "Months overdue", "band",
                         "Band", "escalation", "Escalation", "revisions", "Revisions",
                         "latest_opinion", "Latest opinion", "latest_update_on", "Latest update",
                         "closed_on", "Closed on", "rag", "RAG", "confidential", "Confidential");
  } else {
    sec = report_section(rp, "Recommendations", LAYOUT_GRID, 8, "id", "ID", "audit_title", "Audit",
                         "ref", "Ref", "risk", "Risk", "current_target", "Target", "months_overdue",
                         "Months", "band", "Band", "latest_opinion", "Opinion");
  }
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    RecState st;
    rec_state_at(r, in->pol, in->asAt, &st);
    if (!filter_match(&in->f, in->pol, r, &st)) continue;
    report_row(sec, ROW_PLAIN);
    report_int(sec, r->id);
    if (wide) report_int(sec, r->auditId);
    report_text(sec, r->zAuditTitle);
    report_text(sec, r->zRef);
    if (wide) report_text(sec, report_redacts(in, r) ? REPORT_WITHHELD : r->zTitle);
    report_text(sec, r->zRiskCode ? r->zRiskCode : 0);
    if (wide) {
      report_text(sec, r->zDirectorate);
      report_text(sec, r->zTheme);
      report_text(sec, r->zOwner);
      report_text(sec, r->zDirector);
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
    if (wide) {
      report_text(sec, st.rung >= 0 ? in->pol->aRung[st.rung].zAction : 0);
      report_int(sec, st.revisions);
    }
    if (st.pOpinion)
      report_text(sec, (wide ? status_names : status_labels)[st.pOpinion->status]);
    else
      report_null(sec);
    if (wide) {
      report_date(sec, st.pUpdate ? st.pUpdate->on : DAY_NONE);
      report_date(sec, st.open ? DAY_NONE : st.closedOn);
      report_text(sec, st.open ? rag_names[st.rag] : 0);
      report_bool(sec, r->confidential);
    }
  }
  return rp;
}

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
  for (int i = 0; i < n; i++) {
    report_row(s, ROW_PLAIN);
    report_text(s, a[i].zName);
    report_date(s, a[i].asAt);
    report_date(s, a[i].deadline);
    report_text(s, i ? a[i - 1].zName : 0);
  }
  if (!n) report_section_note(s, "No reporting cycles yet: add one with `auditrack cycle add`.");
  return rp;
}
