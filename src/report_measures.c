/*
** report_measures.c: the sections the summary adds when the policy's
** summary-adds asks for them: implementation and completion rates.
** Each counts from the as-at engine's states (rec_state_at, rec_met_by,
** rec_target_in) over the summary's snapshot, and each rate is share.c's.
** Not for: the summary's own tables (report_summary.c) or formats.
*/
#include "report_snap.h"
#include "share.h"

#include <string.h>

/* "after 30/09/2024, up to 31/12/2024" (or "up to ..." with no previous date). */
static void period_text(const ReportInput *in, Buf *b) {
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  if (in->since != DAY_NONE) buf_appendf(b, "after %s, ", day_fmt(in->since, DAY_UK, z1));
  buf_appendf(b, "up to %s", day_fmt(in->asAt, DAY_UK, z2));
}

/* One row: what is counted, the count, the whole and the share (blank with no whole). */
static void rate_row(ReportSection *sec, const char *zWhat, long long part, long long whole,
                     int places) {
  char z[SHARE_TMP];
  report_row(sec, ROW_PLAIN);
  report_text(sec, zWhat);
  report_int(sec, part);
  report_int(sec, whole);
  if (share_text(part, whole, places, z))
    report_text(sec, z);
  else
    report_null(sec);
}

/* Implemented by original target and by any target, of those due by it in the
** period, as the trend counts them; and the completion rate: recommendations
** made by the date less those overdue, over those made. */
static void add_rates(Report *rp, const Snap *s) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  long long dueOrig = 0, metOrig = 0, dueAny = 0, metAny = 0, made = 0, overdue = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i]) continue;
    made++;
    overdue += st->open && st->overdue;
    if (r->original != DAY_NONE && (in->since == DAY_NONE || r->original > in->since) &&
        r->original <= in->asAt) {
      int m = rec_met_by(r, p, r->original);
      if (m >= 0) {
        dueOrig++;
        metOrig += m;
      }
    }
    Day any = rec_target_in(r, p, in->since, in->asAt);
    if (any != DAY_NONE) {
      int m = rec_met_by(r, p, any);
      if (m >= 0) {
        dueAny++;
        metAny += m;
      }
    }
  }
  Buf t = BUF_INIT;
  buf_puts(&t, "Implementation and completion rates (");
  period_text(in, &t);
  buf_putc(&t, ')');
  ReportSection *sec = report_section(rp, buf_cstr(&t), LAYOUT_GRID, 4, "measure", "Measure",
                                      "count", "Recommendations", "of", "Out of", "rate", "Rate");
  buf_reset(&t);
  int places = p->sharePlaces;
  rate_row(sec, "Implemented by their original target, of those due by it in the period", metOrig,
           dueOrig, places);
  rate_row(sec, "Implemented by their target, of those due by any target in the period", metAny,
           dueAny, places);
  rate_row(sec, "Completion: made by the date less those overdue, of those made", made - overdue,
           made, places);
  buf_appendf(&t,
              "Due in the period: a target after the previous report, up to this one (by any "
              "target: the latest that was still the agreed target on its date); removed "
              "recommendations are left out. Rates %s, rounded half up; blank when none counts.",
              places ? "to one decimal place" : "to a whole per cent");
  report_section_note(sec, buf_cstr(&t));
  buf_free(&t);
}

void report_summary_adds(Report *rp, const Snap *s) {
  unsigned m = s->in->pol->summaryAdds;
  if (m & (1u << SA_RATES)) add_rates(rp, s);
}
