/*
** cli_out.c: what every command shares once its arguments are read: reading an
** option as a date or an id, turning an action's result into an exit code and a
** message, and where a command's output goes (cli_emit: standard output, or
** --output FILE written as FILE.tmp and renamed so that nothing half-written is
** left; PDF and XLSX are binary and are never written to a terminal). Not for:
** the command table and option parsing (cli.c).
*/
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "action.h"
#include "file.h"
#include "report_export.h"

void cli_err(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  msg_v(zFmt, ap);
  va_end(ap);
}

const char *arg_get(const Args *a, const char *zName) {
  for (int i = a->nSet - 1; i >= 0; i--) {
    if (!strcmp(a->azName[i], zName)) return a->azVal[i];
  }
  return 0;
}

int arg_has(const Args *a, const char *zName) { return arg_get(a, zName) != 0; }

int arg_day(const Args *a, const char *zName, Day dflt, Day *pOut) {
  const char *z = arg_get(a, zName);
  DateParse p;
  char zErr[96];
  *pOut = dflt;
  if (!z) return 0;
  if (day_parse(z, DF_DEFAULT & ~DF_SEASON, &p, zErr, sizeof zErr)) {
    cli_err("--%s: '%s' is not a date: %s", zName, z, zErr);
    return EXIT_USAGE;
  }
  if (p.kind != DATE_EXACT) {
    cli_err("--%s: '%s' is not a single day (use 2024-12-31 or 31/12/2024)", zName, z);
    return EXIT_USAGE;
  }
  *pOut = p.day;
  return 0;
}

int arg_id(const Args *a, int i, const char *zWhat, long long *pId) {
  const char *z = a->azPos[i];
  char *zEnd = 0;
  long long v = strtoll(z, &zEnd, 10);
  if (!z[0] || *zEnd || v <= 0) {
    cli_err("%s must be a number, not '%s'", zWhat, z);
    return EXIT_USAGE;
  }
  *pId = v;
  return 0;
}

int cli_act_exit(int rc, Buf *err) {
  if (rc) cli_err("%s", buf_cstr(err));
  buf_free(err);
  return rc == ACT_OK ? EXIT_OK : rc == ACT_INVALID ? EXIT_USAGE : EXIT_FAIL;
}

int cli_act_done(Ctx *c, int rc, Buf *err, const char *zFmt, ...) {
  rc = cli_act_exit(rc, err);
  if (!rc) {
    va_list ap;
    va_start(ap, zFmt);
    buf_vappendf(&c->out, zFmt, ap);
    va_end(ap);
  }
  return rc;
}

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
  if ((f == FMT_PDF || f == FMT_DOCX) && !zOut && isatty(STDOUT_FILENO)) {
    cli_err("--format %s: standard output is a terminal; give --output FILE.%s or redirect it",
            report_format_names[f], report_format_names[f]);
    return EXIT_USAGE;
  }
  Buf b = BUF_INIT;
  Buf *out = zOut ? &b : &c->out;
  if (f == FMT_PDF || f == FMT_DOCX) {
    Buf err = BUF_INIT;
    int rc = f == FMT_PDF ? report_render_pdf(rp, out, &err) : report_render_docx(rp, out, &err);
    if (rc) cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    if (rc) {
      buf_free(&b);
      return EXIT_FAIL;
    }
  } else if ((mode & EMIT_ROWS) && f == FMT_CSV)
    report_render_rows_csv(rp->apSection[0], out);
  else if ((mode & EMIT_ROWS) && f == FMT_JSON)
    report_render_rows_json(rp->apSection[0], out);
  else
    report_render(rp, f, out);
  int rc = zOut ? write_atomic(zOut, b.z, b.n) : 0;
  buf_free(&b);
  return rc;
}
