/*
** report_export.h: the whole register as a tracker in the seed trackers' layout,
** which `auditrack import` reads back. Not for: committee reports
** (report_build.h) or formats (report.h).
*/
#ifndef AT_REPORT_EXPORT_H
#define AT_REPORT_EXPORT_H

#include "report_build.h"

/*
** Every recommendation that exists as at in->asAt, open and closed, in id order,
** as one grid section whose column keys and labels are the seed layout's headers
** (source_file ... revised_due_dates_by_cycle, then audit_ref, directorate,
** provider, assurance, owner, evidence_required, confidential). Each row holds the
** state as at the date: revisions agreed by then, the latest update and the one
** before it, the latest opinion; see docs/export.md for what is kept. in->set must
** be loaded with its texts. Confidential recommendations have their texts withheld
** unless in->f.includeConfidential. Other filters are ignored. Caller frees with
** report_free().
*/
Report *report_tracker(const ReportInput *in);

#endif
