/*
** page_render.h: what the pages that read the register as a whole (page_my.c,
** page_dashboard.c, page_list.c, page_report.c) share, from page_render.c.
** Not for: the web layer's own helpers (web.h) or other pages.
*/
#ifndef AT_PAGE_RENDER_H
#define AT_PAGE_RENDER_H

#include "report_build.h"
#include "report_request.h"
#include "web.h"

#define PAGE_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- small helpers ---- */

/* A query value, or NULL when absent or empty. */
const char *page_arg_nz(const Req *r, const char *zName);
/* Append ?k=v or &k=v to a URL, percent-encoding v; nothing when v is NULL or "". */
void page_url_arg(Buf *u, const char *zKey, const char *zVal);
/* The same with a day, as 2024-12-31; nothing for DAY_NONE. */
void page_url_day(Buf *u, const char *zKey, Day d);
/* A short name for a recommendation (its title, else the start of its text),
** or "detail withheld" with hide, appended to out. */
void page_rec_name(const Rec *rec, int hide, Buf *out);

/* ---- what a request asks for: dates and filters ---- */

typedef struct Sel {
  Day asAt, since; /* since DAY_NONE unless the page uses it */
  Filter f;        /* with the role's limits applied */
  const char *zQ;  /* text search (lists only) */
  const char *zStatus;
} Sel;

/* The filter fields page_sel_read reads (report_request.h's filter_read), for a
** route's Field array: risk, band, directorate, theme, owner and status. */
#define PAGE_FILTER_FIELDS                                                                         \
  {"risk", F_LINE, 0, FILTER_VALUE_MAX, 0, "Risk rating"},                                         \
      {"band", F_LINE, 0, FILTER_VALUE_MAX, 0, "Band"},                                            \
      {"directorate", F_LINE, 0, FILTER_VALUE_MAX, 0, "Directorate"},                              \
      {"theme", F_LINE, 0, FILTER_VALUE_MAX, 0, "Theme"},                                          \
      {"owner", F_LINE, 0, FILTER_VALUE_MAX, 0, "Owner"}, {                                        \
    "status", F_ENUM, 0, 10, status_filter_names, "Status"                                         \
  }

/* How lateness is shown (filter_read's bases and band-by), for the report routes. */
#define PAGE_BASES_FIELDS                                                                          \
  {"bases", F_ENUM, 0, 8, bases_names, "Overdue shown against"}, {                                 \
    "band-by", F_ENUM, 0, 10, basis_names, "Bands by"                                              \
  }

/* Read as_at, the filters and the role's limits into s. since stays DAY_NONE:
** the pages that use it get it from page_sel_request. */
void page_sel_read(Req *r, Sel *s);
/* The page's report request (report_request.h) from the selection, with a
** reporting cycle and the trend's length when withCycle. Sets s's dates to the
** request's. Returns 1 after recording a field error. */
int page_sel_request(Req *r, Sel *s, const Cycle *aC, int nC, int withCycle, ReportInput *in);
/* The selection as a query string (after zPath), for links and downloads. */
void page_sel_url(Buf *u, const char *zPath, const Sel *s, const Req *r);

/* ---- a Report as GOV.UK HTML ---- */

/* Where a cell links to, if anywhere: fills href and returns 1. */
typedef int (*CellLink)(void *ctx, const ReportSection *sec, int row, int col, Buf *href);
/* The report's statements (as at, policy ...) and its sections, appended to b;
** xLink (may be NULL) says where a grid cell links to. */
void page_report_html(Buf *b, const Report *rp, CellLink xLink, void *ctx);
/* A report page whose tables sort by any column (the escalations, the outstanding ...):
** section sec sorted by column col (sec -1: the report's own order), and zHref the page's
** address with its other arguments, to which each heading adds "sort=SEC-COL&order=...".
** A total row stays last. */
typedef struct ReportSort {
  int sec, col, desc;
  const char *zHref;
} ReportSort;
void page_report_html_sorted(Buf *b, const Report *rp, const ReportSort *srt);
/* The sort a report page's query asks for (sort=SEC-COL, order=asc|desc). */
void page_report_sort_read(const Req *r, ReportSort *srt);
/* One grid section of a report as a GOV.UK table, as page_report_html prints it. */
void page_section_html(Buf *b, const ReportSection *s, CellLink xLink, void *ctx);

/* ---- shared by the pages ---- */

/* The cycles (free with store_cycles_free), or none when they cannot be read:
** the page still works by date. */
void page_cycles_load(Req *r, Cycle **pa, int *pn);
/* Names suggested on a form that takes one (web_datalist): the datalist "people"
** (the people the register names and those the store knows, accounts' owner-as
** names among them, sorted, each once in any case), or one of web_index.h's
** distinct values of field (IX_DIRECTORATE, IX_THEME) as zId. */
void page_suggest_people(Req *r, const Register *g);
void page_suggest_distinct(Req *r, const Register *g, int field, const char *zId);
/* The three lists "people", "directorates" and "themes", from the register as it is
** now; for a page that does not hold it. Returns 0, or 1 after answering 500 (the
** page must stop). */
int page_suggest_names(Req *r);
/* A date field showing what was typed, else d. */
void page_date_input(Req *r, const char *zName, const char *zLabel, Day d);
/* Make the response a download named zName-ASAT.zExt of type zType. */
void page_set_download(Req *r, const char *zType, const char *zName, Day asAt, const char *zExt);
/* Render rp in fmt (a ReportFormat, or FMT_PDF, FMT_XLSX) into out. Returns 0,
** or 1 with the reason in err (the binary formats can fail). */
int page_render_doc(const Report *rp, int fmt, Buf *out, Buf *err);

#endif
