/*
** report_worst.h: the recommendations longest overdue as at a date, worst
** first, with who the escalation ladder names for each: the dashboard's list.
** Not for: the committee reports (report_build.h) or the full escalations
** report (report_build.c's "escalations").
*/
#ifndef AT_REPORT_WORST_H
#define AT_REPORT_WORST_H

#include "report_build.h"

/* The longest a worst-items list may be. */
#define WORST_MAX 50

/* The n (1..WORST_MAX) open recommendations most months overdue as at in->asAt
** that pass in->f (band and status aside: overdue and open is the list), worst
** first: months overdue, then the more severe rating, then the lower id. One
** grid section with the columns id, name (the title, else the start of the
** text; REPORT_WITHHELD when report_redacts), audit, ref, risk, due, months
** overdue, band, escalation (the rung reached: its action, or NULL) and people
** (the people the rung names, as the escalations report names them, "; "
** between them, or NULL). The section's note says how many are overdue in all ("12 overdue in
*all").
** Every state is rec_state_at's. The caller frees with report_free(). */
Report *report_worst(const ReportInput *in, int n);

#endif
