/*
** cli_export.c: `auditrack export` (the whole register as a tracker that import
** reads back), and where a rendered report goes: standard output, or --output
** FILE written as FILE.tmp and renamed so that nothing half-written is left.
** PDF and XLSX are binary and are never written to a terminal. Not for: building reports
** (report_*.c) or the other read commands (cli_view.c).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "file.h"
#include "report_export.h"
#include "store.h"

/* Write n bytes to zPath by way of zPath.tmp. Returns 0 or prints and returns EXIT_FAIL. */
static int write_atomic(const char *zPath, const char *z, size_t n) {
  Buf tmp = BUF_INIT, err = BUF_INIT;
  buf_appendf(&tmp, "%s.tmp", zPath);
  int rc = file_write_whole(zPath, buf_cstr(&tmp), z, n, &err);
  if (rc) cli_err("--output: %s", buf_cstr(&err));
  buf_free(&tmp);
  buf_free(&err);
  return rc ? EXIT_FAIL : 0;
}

int cli_emit(Ctx *c, const Args *a, const Report *rp, ReportFormat f, int mode) {
  const char *zOut = arg_get(a, "output");
  if (zOut && !zOut[0]) {
    cli_err("--output needs a file name");
    return EXIT_USAGE;
  }
  if (f == FMT_XLSX) {
    int flags = mode & EMIT_TRACKER ? XLSX_TABLE_ONLY : 0;
    Buf err = BUF_INIT;
    int rc = 0;
    if (zOut) {
      Buf tmp = BUF_INIT;
      buf_appendf(&tmp, "%s.tmp", zOut);
      if (report_xlsx_file(rp, buf_cstr(&tmp), flags, &err)) {
        rc = EXIT_FAIL;
      } else if (rename(buf_cstr(&tmp), zOut) != 0) {
        buf_fail(&err, 1, "cannot write %s: %s", zOut, strerror(errno));
        unlink(buf_cstr(&tmp));
        rc = EXIT_FAIL;
      }
      buf_free(&tmp);
    } else if (isatty(STDOUT_FILENO)) {
      buf_puts(&err, "xlsx is a binary format: give --output FILE.xlsx or redirect the output");
      rc = EXIT_USAGE;
    } else if (report_render_xlsx(rp, flags, &c->out, &err)) {
      rc = EXIT_FAIL;
    }
    if (rc) cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    return rc;
  }
  if (f == FMT_PDF && !zOut && isatty(STDOUT_FILENO)) {
    cli_err("--format pdf: standard output is a terminal; give --output FILE.pdf or redirect it");
    return EXIT_USAGE;
  }
  Buf b = BUF_INIT;
  Buf *out = zOut ? &b : &c->out;
  if (f == FMT_PDF) {
    Buf err = BUF_INIT;
    int rc = report_render_pdf(rp, out, &err);
    if (rc) cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    if (rc) {
      buf_free(&b);
      return EXIT_FAIL;
    }
  } else if ((mode & EMIT_ROWS) && f == FMT_CSV) report_render_rows_csv(rp->apSection[0], out);
  else if ((mode & EMIT_ROWS) && f == FMT_JSON) report_render_rows_json(rp->apSection[0], out);
  else report_render(rp, f, out);
  int rc = zOut ? write_atomic(zOut, b.z, b.n) : 0;
  buf_free(&b);
  return rc;
}

int cmd_export(Ctx *c, Args *a) {
  ReportInput in;
  memset(&in, 0, sizeof in);
  int rc = arg_day(a, "as-at", c->today, &in.asAt);
  if (rc) return rc;
  ReportFormat f = FMT_CSV;
  const char *zFmt = arg_get(a, "format");
  if (zFmt && strcmp(zFmt, "csv") && strcmp(zFmt, "xlsx")) {
    cli_err("--format: '%s' is not csv or xlsx", zFmt);
    return EXIT_USAGE;
  }
  if (zFmt && !strcmp(zFmt, "xlsx")) f = FMT_XLSX;
  in.since = DAY_NONE;
  in.f.status = SF_ALL;
  in.f.includeConfidential = arg_has(a, "include-confidential");
  Policy p;
  RecSet set;
  if (store_policy_load(c->db, &p) || store_load(c->db, 0, 1, in.asAt, &set)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  char *zOrg = db_meta_get(c->db, "organisation");
  in.set = &set;
  in.pol = &p;
  in.zOrg = zOrg;
  Report *rp = report_tracker(&in);
  rc = cli_emit(c, a, rp, f, EMIT_ROWS | EMIT_TRACKER);
  report_free(rp);
  free(zOrg);
  recset_free(&set);
  return rc;
}
