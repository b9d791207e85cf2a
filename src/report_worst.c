/*
** report_worst.c: the recommendations longest overdue as at a date, worst first,
** with the rung of the escalation ladder each has reached and the people it
** names (see report_worst.h).
** Not for: the committee reports (report_build.c) or rendering (report.c).
*/
#include "report_worst.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Worst {
  const Rec *r;
  RecState st;
} Worst;

/* Most months first, then the more severe rating (unrated last), then the lower id. */
static int worst_cmp(const void *a, const void *b) {
  const Worst *x = a, *y = b;
  if (x->st.months != y->st.months) return x->st.months > y->st.months ? -1 : 1;
  unsigned rx = (unsigned)x->r->riskRank, ry = (unsigned)y->r->riskRank;
  if (rx != ry) return rx < ry ? -1 : 1;
  return x->r->id < y->r->id ? -1 : x->r->id > y->r->id;
}

/* The title, else the text cut to about 90 bytes at a character boundary. */
static void short_name(const Rec *r, Buf *out) {
  const char *z = r->zTitle && r->zTitle[0] ? r->zTitle : r->zBody ? r->zBody : "";
  size_t n = strlen(z), max = 90;
  if (n <= max) {
    buf_puts(out, z);
    return;
  }
  while (max > 0 && ((unsigned char)z[max] & 0xC0) == 0x80) max--;
  buf_append(out, z, max);
  buf_puts(out, "\xE2\x80\xA6");
}

static void worst_row(ReportSection *sec, const ReportInput *in, const Worst *w) {
  const Rec *r = w->r;
  Buf t = BUF_INIT;
  report_row(sec, ROW_PLAIN);
  report_int(sec, r->id);
  if (report_redacts(in, r))
    buf_puts(&t, REPORT_WITHHELD);
  else
    short_name(r, &t);
  report_text(sec, buf_cstr(&t));
  buf_reset(&t);
  report_text(sec, r->zAuditTitle);
  report_text(sec, r->zRef);
  report_text(sec, r->zRiskLabel ? r->zRiskLabel : "Not rated");
  report_date(sec, w->st.due);
  report_int(sec, w->st.months);
  report_text(sec, rec_band_label(in->pol, &w->st));
  if (w->st.rung < 0) {
    report_null(sec);
    report_null(sec);
  } else {
    const Rung *g = &in->pol->aRung[w->st.rung];
    const char *az[RUNG_PEOPLE_MAX];
    int k = rung_people(g, r, 0, RUNG_AS_WRITTEN, az);
    for (int i = 0; i < k; i++) {
      if (az[i][0]) buf_appendf(&t, "%s%s", t.n ? "; " : "", az[i]);
    }
    report_text(sec, g->zAction);
    report_text(sec, t.n ? buf_cstr(&t) : 0);
  }
  buf_free(&t);
}

Report *report_worst(const ReportInput *in, int n) {
  if (n < 1) n = 1;
  if (n > WORST_MAX) n = WORST_MAX;
  Filter f = in->f;
  f.status = SF_OPEN;
  f.zBand = 0;
  /* The n worst kept in order as the register is read: at 100,000 recommendations
  ** sorting every overdue one to print ten was most of this report's time. */
  Worst *a = xcalloc((size_t)n + 1, sizeof(Worst));
  RecState *aSt = 0; /* the states given, when they are (report_states) */
  if (in->xStates) {
    aSt = xmalloc(sizeof(RecState) * ((size_t)in->set->n + 1));
    report_states(in, in->asAt, aSt);
  }
  int m = 0, k = 0;
  for (int i = 0; i < in->set->n; i++) {
    Worst w = {&in->set->a[i], {0}};
    if (aSt)
      w.st = aSt[i];
    else
      rec_state_at(w.r, in->pol, in->asAt, &w.st);
    if (!w.st.overdue || !filter_match(&f, in->pol, w.r, &w.st)) continue;
    m++;
    if (k == n && worst_cmp(&w, &a[n - 1]) >= 0) continue;
    int j = k < n ? k++ : n - 1;
    for (; j > 0 && worst_cmp(&w, &a[j - 1]) < 0; j--) a[j] = a[j - 1];
    a[j] = w;
  }
  Report *rp = report_new("worst", "Longest overdue recommendations");
  report_common_meta(rp, in, 0);
  ReportSection *sec = report_section(
      rp, "Longest overdue", LAYOUT_GRID, 10, "id", "ID", "name", "Recommendation", "audit",
      "Audit", "ref", "Ref", "risk", "Risk", "due", "Due", "months_overdue", "Months overdue",
      "band", "Band", "escalation", "Escalation", "people", "Who is named");
  for (int i = 0; i < k; i++) worst_row(sec, in, &a[i]);
  Buf t = BUF_INIT;
  buf_appendf(&t, "%d overdue in all", m);
  report_section_note(sec, buf_cstr(&t));
  buf_free(&t);
  free(a);
  free(aSt);
  return rp;
}
