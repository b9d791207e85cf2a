/*
** page_report.c: the committee reports: the list of report kinds with a form,
** and one report as a page (each table sorted by any column, a total row kept
** last) or a download in every format the command line writes.
**
** Every figure comes from the as-at engine through report_build.h, on the
** shared register (web_register_acquire), so the web and `auditrack report`
** print the same numbers. Rendered reports are cached per register generation.
** Not for: My actions, the dashboard or the list (page_my.c, page_dashboard.c,
** page_list.c), one recommendation's page (page_rec.c), SQL, or the report
** model (report*.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "report_pack.h"
#include "page_render.h"
#include "report_request.h"
#include "store.h"
#include "web.h"
#include "web_sort.h"

/* ---- reports ---- */

/* The select of cycles: choosing one sets the dates. */
static void cycle_select(Req *r, const Cycle *aC, int nC) {
  if (!nC) return;
  char z[DAY_FMT_MAX];
  Buf l = BUF_INIT;
  web_select_open(r, &(Control){.zName = "cycle",
                                .zLabel = "Reporting cycle",
                                .zHint = "A cycle sets the report date to its committee date and "
                                         "compares with the cycle before; choose none to give "
                                         "the dates"});
  web_option(r, "", "None: use the dates below", page_arg_nz(r, "cycle"));
  for (int i = nC - 1; i >= 0; i--) {
    buf_reset(&l);
    buf_appendf(&l, "%s (%s)", aC[i].zName, web_day(aC[i].asAt, z));
    web_option(r, aC[i].zName, buf_cstr(&l), page_arg_nz(r, "cycle"));
  }
  web_select_close(r);
  buf_free(&l);
}

/* What a report page asks for: the selection and its report request, by date or
** reporting cycle (*paC, freed with store_cycles_free). Returns 1 after a field
** error (page_sel_request). */
static int report_ask(Req *r, Sel *s, Cycle **paC, int *pnC, ReportInput *in) {
  *paC = 0;
  *pnC = 0;
  page_cycles_load(r, paC, pnC);
  page_sel_read(r, s);
  return page_sel_request(r, s, *paC, *pnC, 1, in);
}

/* The report kinds and the form, zKind chosen, the fields' errors summarised above it
** (400 when there are any). */
static void reports_form(Req *r, const char *zKind, const Sel *s, const Cycle *aC, int nC) {
  web_page_begin(r, "Reports");
  Buf *b = &r->body;
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Reports</h1>\n<p class=\"govuk-body\">The committee's "
              "reports, the same as the papers the committee receives. Each can be read here or "
              "downloaded as CSV, JSON, text, Markdown or a printable HTML file.</p>\n"
              "<dl class=\"govuk-summary-list\">");
  for (const ReportKind *k = report_kind_table; k < report_kind_table + REPORT_KIND__MAX; k++) {
    Buf u = BUF_INIT, path = BUF_INIT;
    buf_appendf(&path, "/reports/%s", k->zName);
    page_sel_url(&u, buf_cstr(&path), s, r);
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "<a class=\"govuk-link\" href=\"%s\">%s</a></dt><dd "
                 "class=\"govuk-summary-list__value\">%s</dd></div>",
                 buf_cstr(&u), k->zTitle, k->zAbout);
    buf_free(&u);
    buf_free(&path);
  }
  html_raw(b, "</dl>\n<h2 class=\"govuk-heading-m\">Choose the dates</h2>\n"
              "<form method=\"get\" action=\"/reports\" novalidate>");
  web_select_open(r, &(Control){.zName = "kind", .zLabel = "Report"});
  for (const ReportKind *k = report_kind_table; k < report_kind_table + REPORT_KIND__MAX; k++)
    web_option(r, k->zName, k->zTitle, zKind);
  web_select_close(r);
  cycle_select(r, aC, nC);
  page_date_input(r, "as_at", "As at", s->asAt);
  page_date_input(r, "since", "Previous report", s->since);
  /* Lateness from both targets side by side, and the target the bands go by. */
  web_select_open(r, &(Control){.zName = "bases",
                                .zLabel = "Overdue shown against",
                                .zHint = "Both adds whether the other target has also passed, "
                                         "and the months since it, beside the policy's"});
  web_option(r, "one", "The policy's target", page_arg_nz(r, "bases"));
  web_option(r, "both", "Both targets, side by side", page_arg_nz(r, "bases"));
  web_select_close(r);
  web_select_open(r, &(Control){.zName = "band-by", .zLabel = "Bands by"});
  web_option(r, "", "The policy's basis", page_arg_nz(r, "band-by"));
  web_option(r, "original", "Months since the original target", page_arg_nz(r, "band-by"));
  web_option(r, "current", "Months since the current agreed target", page_arg_nz(r, "band-by"));
  web_select_close(r);
  web_select_open(r, &(Control){.zName = "format", .zLabel = "Format"});
  const char *zFmt = page_arg_nz(r, "format");
  web_option(r, "html", "Show on this page", zFmt);
  web_option(r, "csv", "CSV (spreadsheet)", zFmt);
  web_option(r, "json", "JSON", zFmt);
  web_option(r, "text", "Plain text", zFmt);
  web_option(r, "md", "Markdown", zFmt);
  web_option(r, "standalone", "Printable HTML file", zFmt);
  web_select_close(r);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" "
              "data-module=\"govuk-button\">Show the report</button></form>\n");
  if (r->nErr) r->status = 400;
  web_page_end(r);
}

/* The report kinds and the form; with the fields' errors (a date that is not one,
** on this form or on a report's address) the form again, 400, its kind chosen. */
static int reports_page(Req *r) {
  const char *zKind = page_arg_nz(r, "kind");
  if (!zKind && r->azSeg[0] && report_kind_find(r->azSeg[0])) zKind = r->azSeg[0];
  Sel s;
  Cycle *aC;
  int nC;
  ReportInput in;
  int refused = r->nErr > 0;
  int bad = report_ask(r, &s, &aC, &nC, &in) || refused;
  if (zKind && report_kind_find(zKind) && !bad) {
    /* The form's choice of kind becomes the report's address. */
    Buf u = BUF_INIT, path = BUF_INIT;
    buf_appendf(&path, "/reports/%s", zKind);
    page_sel_url(&u, buf_cstr(&path), &s, r);
    page_url_arg(&u, "cycle", page_arg_nz(r, "cycle"));
    page_url_arg(&u, "format", page_arg_nz(r, "format"));
    store_cycles_free(aC, nC);
    web_redirect(r, buf_cstr(&u));
    buf_free(&u);
    buf_free(&path);
    return 0;
  }
  reports_form(r, zKind, &s, aC, nC);
  store_cycles_free(aC, nC);
  return 0;
}

typedef struct FmtInfo {
  const char *zName, *zLabel, *zType, *zExt;
  int fmt; /* ReportFormat */
} FmtInfo;

static const FmtInfo aFmt[] = {
    {"csv", "CSV", "text/csv; charset=utf-8", "csv", FMT_CSV},
    {"json", "JSON", "application/json", "json", FMT_JSON},
    {"text", "Text", "text/plain; charset=utf-8", "txt", FMT_TEXT},
    {"md", "Markdown", "text/markdown; charset=utf-8", "md", FMT_MD},
    {"standalone", "Printable HTML", "text/html; charset=utf-8", "html", FMT_HTML},
    {"pdf", "PDF", "application/pdf", "pdf", FMT_PDF},
    {"xlsx", "Excel", PAGE_XLSX_TYPE, "xlsx", FMT_XLSX},
    {"docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "docx", FMT_DOCX},
    {0, 0, 0, 0, 0}};

/* The download format zFmt names: NULL for the page itself (html), else its
** entry in aFmt (the end marker, zName NULL, when it names none). */
static const FmtInfo *fmt_find(const char *zFmt) {
  if (!strcmp(zFmt, "html")) return 0;
  const FmtInfo *fi = aFmt;
  while (fi->zName && strcmp(fi->zName, zFmt)) fi++;
  return fi;
}

/* The report as a page: its title, links to each download of the same
** selection, and out (its GOV.UK HTML). */
static void report_show(Req *r, const ReportKind *kind, const char *zKind, const Sel *s,
                        const Buf *out) {
  Buf t = BUF_INIT;
  buf_appendf(&t, "%s report", kind->zTitle);
  web_page_begin(r, buf_cstr(&t));
  Buf *b = &r->body;
  html_appendf(b,
               "<a href=\"/reports\" class=\"govuk-back-link\">All reports</a>\n"
               "<h1 class=\"govuk-heading-l\">%s</h1>\n<p class=\"govuk-body\">Download: ",
               buf_cstr(&t));
  for (const FmtInfo *f = aFmt; f->zName; f++) {
    Buf u = BUF_INIT, path = BUF_INIT;
    buf_appendf(&path, "/reports/%s", zKind);
    page_sel_url(&u, buf_cstr(&path), s, r);
    page_url_arg(&u, "cycle", page_arg_nz(r, "cycle"));
    page_url_arg(&u, "pack", page_arg_nz(r, "pack"));
    page_url_arg(&u, "cycles", page_arg_nz(r, "cycles"));
    page_url_arg(&u, "format", f->zName);
    html_appendf(b,
                 "%s<a class=\"govuk-link\" href=\"%s\">%s<span class=\"govuk-visually-hidden\">"
                 " of this report</span></a>",
                 f == aFmt ? "" : ", ", buf_cstr(&u), f->zLabel);
    buf_free(&u);
    buf_free(&path);
  }
  html_raw(b, "</p>\n");
  buf_append(b, out->z ? out->z : "", out->n);
  web_page_end(r);
  buf_free(&t);
}

/* The sort the page's query asks for, and in href the page's address with its other
** arguments, which each sortable heading extends. */
static void report_sort(const Req *r, const char *zKind, const Sel *s, ReportSort *srt, Buf *href) {
  Buf path = BUF_INIT;
  page_report_sort_read(r, srt);
  buf_appendf(&path, "/reports/%s", zKind);
  page_sel_url(href, buf_cstr(&path), s, r);
  page_url_arg(href, "cycle", page_arg_nz(r, "cycle"));
  page_url_arg(href, "pack", page_arg_nz(r, "pack"));
  page_url_arg(href, "cycles", page_arg_nz(r, "cycles"));
  buf_free(&path);
  srt->zHref = buf_cstr(href);
}

static int report_page(Req *r) {
  const char *zKind = r->azSeg[0];
  const ReportKind *kind = strchr(zKind, '/') ? 0 : report_kind_find(zKind);
  if (!kind) {
    web_error(r, 404, "There is no report of that name.");
    return 0;
  }
  const char *zFmt = web_arg_or(r, "format", "html");
  const FmtInfo *fi = fmt_find(zFmt);
  if (fi && !fi->zName) {
    web_error(r, 400, "Choose a format: html, csv, json, text, md, standalone, pdf, xlsx or docx.");
    return 0;
  }
  Sel s;
  Cycle *aC;
  int nC;
  ReportInput in;
  if (report_ask(r, &s, &aC, &nC, &in)) {
    /* A previous report date on or after the as-at date, or no such cycle: the form,
    ** the report chosen, its error linked to the field. */
    reports_form(r, zKind, &s, aC, nC);
    store_cycles_free(aC, nC);
    return 0;
  }
  Register g;
  if (web_register_acquire(r, &g)) {
    store_cycles_free(aC, nC);
    return 0; /* answered 500 */
  }
  Buf key = BUF_INIT, out = BUF_INIT;
  report_key(&key,
             &(ReportKey){.zWhat = "report",
                          .zKind = zKind,
                          .zFormat = zFmt,
                          .zPack = page_arg_nz(r, "pack"),
                          .role = (int)r->user.role},
             &in);
  /* A page's tables sort by any column: the sort is part of what is cached. */
  ReportSort srt;
  Buf href = BUF_INIT;
  report_sort(r, zKind, &s, &srt, &href);
  if (!fi) buf_appendf(&key, "|sort=%d-%d-%d", srt.sec, srt.col, srt.desc);
  Pack pk;
  memset(&pk, 0, sizeof pk);
  Report *rp = 0;
  if (!web_cache_get(r, g.gen, buf_cstr(&key), &out)) {
    AuditRow *aAudit = 0;
    int nAudit = 0;
    if ((kind->needs & KIND_NEEDS_AUDITS) && store_audit_list(r->db, 0, &aAudit, &nAudit)) {
      buf_free(&key);
      buf_free(&href);
      web_register_release(r, &g);
      web_error(r, 500, "The audits could not be read. Try again in a moment.");
      return 0;
    }
    Submission *aSub = 0;
    int nSub = 0;
    if (report_wants_requests(g.pol) && store_sub_events(r->db, &aSub, &nSub)) {
      store_audit_rows_free(aAudit, nAudit);
      buf_free(&key);
      buf_free(&href);
      web_register_release(r, &g);
      web_error(r, 500, "The date requests could not be read. Try again in a moment.");
      return 0;
    }
    in.set = g.set;
    in.pol = g.pol;
    in.zOrg = g.zOrg;
    in.aAudit = aAudit;
    in.nAudit = nAudit;
    in.aSub = aSub;
    in.nSub = nSub;
    in.haveSub = report_wants_requests(g.pol);
    Buf err = BUF_INIT;
    if (kind->needs & KIND_NEEDS_PACK) {
      if (pack_load(r->db, web_arg_or(r, "pack", g.pol->zPack), 0, g.pol, &pk, &err) == 0 &&
          pack_load_texts(r->db, in.zCycle, &pk, &err) == 0)
        in.pack = &pk;
    }
    rp = (kind->needs & KIND_NEEDS_PACK) && !in.pack ? 0 : kind->xBuild(&in, &err);
    if (!rp) {
      web_error(r, 400, buf_cstr(&err));
    } else {
      int bad = 0;
      if (fi)
        bad = page_render_doc(rp, fi->fmt, &out, &err);
      else
        page_report_html_sorted(&out, rp, &srt);
      if (bad) {
        web_error(r, 500, "The file could not be made. Try again in a moment.");
        report_free(rp);
        rp = 0;
      } else {
        web_cache_put(r, g.gen, buf_cstr(&key), out.z ? out.z : "", out.n);
        report_free(rp);
      }
    }
    buf_free(&err);
    store_audit_rows_free(aAudit, nAudit);
    store_subs_free(aSub, nSub);
    if (!rp) goto end;
  }
  if (fi) {
    buf_reset(&r->body);
    buf_append(&r->body, out.z ? out.z : "", out.n);
    page_set_download(r, fi->zType, zKind, s.asAt, fi->zExt);
  } else {
    report_show(r, kind, zKind, &s, &out);
  }
end:
  buf_free(&href);
  pack_free(&pk);
  store_cycles_free(aC, nC);
  buf_free(&key);
  buf_free(&out);
  web_register_release(r, &g);
  return 0;
}

/* ---- routes ---- */

static const char *const azFormat[] = {"html",       "csv", "json", "text", "md",
                                       "standalone", "pdf", "xlsx", "docx", 0};

static const Field aReport[] = {{"kind", F_LINE, 0, 40, 0, "Report"},
                                {"as_at", F_DATE, 0, 40, 0, "As at"},
                                {"since", F_DATE, 0, 40, 0, "Previous report"},
                                PAGE_FILTER_FIELDS,
                                PAGE_BASES_FIELDS,
                                {"format", F_ENUM, 0, 12, azFormat, "Format"},
                                {"cycle", F_LINE, 0, 200, 0, "Reporting cycle"},
                                {"cycles", F_INT, 0, TREND_CYCLES_MAX, 0, "Number of cycles"},
                                {"pack", F_LINE, 0, 60, 0, "Pack"},
                                {"sort", F_LINE, 0, 20, 0, "the column to sort by"},
                                {"order", F_ENUM, 0, 8, web_sort_orders, "the order"},
                                {0}};

const Route page_report_routes[] = {
    {M_GET, "/reports", CAP_REPORTS, ACC_NONE, 0, aReport, reports_page, reports_page,
     "the report kinds and a form"},
    {M_GET, "/reports/*", CAP_REPORTS, ACC_NONE, 0, aReport, report_page, reports_page,
     "one report as a page or a download (format=csv|json|text|md|standalone|pdf|xlsx)"},
    {0}};
