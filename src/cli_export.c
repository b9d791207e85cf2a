/*
** cli_export.c: `auditrack export`: the whole register, open and closed, as a
** tracker in the seed trackers' layout that import reads back. Not for: where
** the output goes (cli_emit in cli.c), building reports (report_*.c) or the
** other read commands (cli_view.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report_export.h"
#include "report_request.h"
#include "store.h"

int cmd_export(Ctx *c, Args *a) {
  Day asAt;
  int rc = arg_day(a, "as-at", c->today, &asAt);
  if (rc) return rc;
  ReportFormat f = FMT_CSV;
  const char *zFmt = arg_get(a, "format");
  if (zFmt && strcmp(zFmt, "csv") && strcmp(zFmt, "xlsx")) {
    cli_err("--format: '%s' is not csv or xlsx", zFmt);
    return EXIT_USAGE;
  }
  if (zFmt && !strcmp(zFmt, "xlsx")) f = FMT_XLSX;
  /* Every recommendation, open and closed. */
  Filter all = {.status = SF_ALL, .includeConfidential = arg_has(a, "include-confidential")};
  Policy p;
  RecSet set;
  if (store_policy_load(c->db, &p) || store_load(c->db, 0, 1, asAt, &set)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  char *zOrg = db_meta_get(c->db, "organisation");
  ReportInput in;
  list_request(&in, &set, &p, asAt, &all, zOrg);
  Report *rp = report_tracker(&in);
  rc = cli_emit(c, a, rp, f, EMIT_ROWS | EMIT_TRACKER);
  report_free(rp);
  free(zOrg);
  recset_free(&set);
  return rc;
}
