/*
** page_import.c: importing a tracker (CSV or Excel workbook) from the browser,
** for internal audit. The upload is kept server-side, content-addressed (the
** SHA-256 of its bytes, in the evidence directory's "trackers", apart from the
** evidence), and checked with a dry run first: the page shows every problem, or
** what would be imported, and only then offers "Import now", which posts back
** the digest (never a path) and imports those same bytes. The import itself is
** import.c's, as on the command line: one transaction, all or nothing.
**
** An upload is kept only while it may still be imported: removed once imported,
** found imported already or refused, and when abandoned after serve
** --tracker-hours (swept at each upload and when the server starts), with at
** most WEB_TRACKERS_KEPT files at once. Not for: parsing (import.c, xlsx_read.c).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "action.h"
#include "html.h"
#include "page_import.h"
#include "vocab.h"
#include "web.h"

/* What a column map is, for a tracker whose headings are its own: the map
** file's syntax (docs/import.md) said as the import page's user needs it. */
static void map_help(Buf *b) {
  html_raw(b, "<details class=\"govuk-details\" id=\"map-help\"><summary "
              "class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">"
              "How to describe the columns</span></summary><div class=\"govuk-details__text\">"
              "<p class=\"govuk-body\">A tracker laid out as the seed trackers are (columns "
              "headed audit_title, recommendation, original_due_date and so on) needs nothing "
              "more. For any other tracker, the next page asks which column holds each field "
              "and keeps your answers for the next tracker with the same headings. You can "
              "also write a column map: a plain text file, made in "
              "any text editor, with one line for each field, giving the heading of the "
              "column that holds it. For example:</p>\n<pre class=\"at-pre\">"
              "audit_title = Audit\nrecommendation = Finding\noriginal_target = Due date\n"
              "risk = Priority\nowner = Responsible officer\nstatus Green = implemented</pre>\n"
              "<p class=\"govuk-body\">Headings are matched whatever their capitals. "
              "Lines starting with # are notes. The audit's title and the recommendation "
              "are needed; other fields include audit_ref, audit_date, directorate, "
              "rec_ref, rec_title, risk_text, revised_targets, current_target, "
              "management_response, latest_update, percent_complete (75%, 75 or 0.75), "
              "ia_opinion, director, executive_member and evidence_required. A status line says "
              "what a word in the opinion column "
              "means. Choose the map as the column map above, with the tracker.</p>"
              "</div></details>\n");
}

static void form_page(Req *r) {
  Buf *b = &r->body;
  web_page_begin(r, "Import a tracker");
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Import a tracker</h1>\n"
              "<p class=\"govuk-body\">Upload a tracker spreadsheet: an Excel workbook (.xlsx) "
              "or a CSV file. It is checked first and nothing is written: you see every "
              "problem, or what it would add, and then choose to import it.</p>\n"
              "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" "
              "novalidate>");
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "tracker",
                          .zLabel = "Tracker",
                          .zHint = "An .xlsx workbook or a .csv file in the seed trackers' "
                                   "layout, or in the layout the column map describes",
                          .zType = "file"});
  web_input(r, &(Control){.zName = "map",
                          .zLabel = "Column map (optional)",
                          .zHint = "A text file naming the column that holds each field: "
                                   "see how to describe the columns, below",
                          .zType = "file"});
  int posted = r->method == M_POST;
  web_input(r, &(Control){.zName = "sheet",
                          .zLabel = "Sheet (optional)",
                          .zHint = "The sheet's name or number. Left blank: the first sheet "
                                   "whose header is recognised",
                          .zValue = posted ? web_arg_or(r, "sheet", "") : "",
                          .zClass = "govuk-input--width-20"});
  web_input(r, &(Control){.zName = "as_at",
                          .zLabel = "The tracker's date (optional)",
                          .zHint = "Needed when the tracker has no as_at_date column. For "
                                   "example, 31/12/2024",
                          .zValue = posted ? web_arg_or(r, "as_at", "") : "",
                          .zClass = "govuk-input--width-10"});
  web_checkbox(r,
               &(Control){.zName = "columns",
                          .zLabel = "Show me the columns and what each is read as first",
                          .zClass = "govuk-checkboxes--small"},
               posted && web_arg_bool(r, "columns"));
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
              "Check the tracker</button></form>\n");
  map_help(b);
  web_page_end(r);
}

static int import_form(Req *r) {
  form_page(r);
  return 0;
}

static int import_invalid(Req *r) {
  form_page(r);
  return 0;
}

void import_page_path(const Req *r, const char *zSha, char *z, size_t n) {
  snprintf(z, n, "%s/%.2s/%s", web_tracker_dir(r), zSha, zSha + 2);
}

/* The upload (and its map) will not be imported from this copy: remove it. */
static void forget(const Req *r, const ImportUpload *u) {
  evidence_discard(web_tracker_dir(r), u->zSha);
  if (u->zMapSha[0]) evidence_discard(web_tracker_dir(r), u->zMapSha);
  if (u->zMatchSha[0]) evidence_discard(web_tracker_dir(r), u->zMatchSha);
}

int import_page_is_sha(const char *z) {
  if (!z || strlen(z) != 64) return 0;
  for (int i = 0; i < 64; i++) {
    if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f'))) return 0;
  }
  return 1;
}

/* One problem line of import.c ("row 6, column E (revised_targets), value 'x':
** reason") as table cells: where, value, reason. Lines of another shape go
** whole into the reason. */
static void problem_row(Buf *b, const char *zLine) {
  const char *zVal = strstr(zLine, ", value '");
  const char *zEnd = zVal ? strstr(zVal + 9, "': ") : 0;
  const char *zColon = strstr(zLine, ": ");
  html_raw(b, "<tr class=\"govuk-table__row\">");
  if (strncmp(zLine, "row ", 4) || !zColon) {
    html_appendf(b,
                 "<td class=\"govuk-table__cell\"></td><td class=\"govuk-table__cell\"></td>"
                 "<td class=\"govuk-table__cell\">%s</td></tr>\n",
                 zLine);
    return;
  }
  char *zWhere = xstrndup(zLine, (size_t)((zVal && zEnd ? zVal : zColon) - zLine));
  char *zValue = zVal && zEnd ? xstrndup(zVal + 9, (size_t)(zEnd - zVal - 9)) : xstrdup("");
  html_appendf(b,
               "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s"
               "</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
               zWhere, zValue, zVal && zEnd ? zEnd + 3 : zColon + 2);
  free(zWhere);
  free(zValue);
}

/* The page after a check or a failed import: the problems, nothing written. */
static void problems_page(Req *r, const char *zName, Buf *err, int nProblem) {
  Buf *b = &r->body;
  r->status = 422;
  web_page_begin(r, "Problems in the tracker");
  html_raw(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
              "role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
              "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">");
  if (nProblem) {
    html_appendf(b,
                 "%s has %d problem%s. Nothing was imported: correct the tracker and "
                 "upload it again.",
                 zName, nProblem, nProblem == 1 ? "" : "s");
  } else {
    html_appendf(b, "%s cannot be imported. Nothing was imported.", zName);
  }
  html_raw(b, "</p></div></div></div>\n<h1 class=\"govuk-heading-l\">Problems in the tracker"
              "</h1>\n<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\">"
              "<caption class=\"govuk-table__caption govuk-table__caption--m\">What to correct"
              "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">Where</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Value</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Problem</th></tr></thead>"
              "<tbody class=\"govuk-table__body\">\n");
  char *z = xstrdup(buf_cstr(err)), *zSave = 0;
  for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
    problem_row(b, t);
  }
  free(z);
  html_raw(b, "</tbody></table></div>\n<p class=\"govuk-body\"><a class=\"govuk-link\" "
              "href=\"/import\">Upload a tracker again</a></p>\n");
  web_page_end(r);
}

static void counts(Buf *b, const ImportResult *res) {
  html_raw(b, "<dl class=\"govuk-summary-list\">");
  if (res->xlsx) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Sheet</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>",
                 res->zSheet);
  }
  struct {
    const char *zKey;
    int n;
  } a[] = {{"Rows", res->nRow},
           {"Recommendations", res->nRec},
           {"Audits", res->nAudit},
           {"New audits", res->nAuditNew},
           {"Revised targets", res->nRev},
           {"Updates", res->nUpd},
           {"Opinions", res->nOp}};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "%s</dt><dd class=\"govuk-summary-list__value\" data-count=\"%s\">%d</dd>"
                 "</div>",
                 a[i].zKey, a[i].zKey, a[i].n);
  }
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
               "As at</dt><dd class=\"govuk-summary-list__value\">%D</dd></div></dl>\n",
               res->asAtMax);
}

/* The status words the check found in ia_opinion and what each is read as. */
static void words(Buf *b, const ImportResult *res) {
  if (!res->nWord) return;
  html_raw(b, "<h2 class=\"govuk-heading-m\">Status words</h2>\n<div class=\"at-table-wrap\">"
              "<table class=\"govuk-table at-table--stack\">"
              "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
              "<th scope=\"col\" class=\"govuk-table__header\">In the tracker</th>"
              "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
              "Rows</th><th scope=\"col\" class=\"govuk-table__header\">Read as</th>"
              "<th scope=\"col\" class=\"govuk-table__header\">Because</th></tr></thead>"
              "<tbody class=\"govuk-table__body\">");
  for (int i = 0; i < res->nWord; i++) {
    const ImportWord *w = &res->aWord[i];
    html_appendf(b,
                 "<tr class=\"govuk-table__row\" data-status-word><td class=\"govuk-table__cell\">"
                 "%s</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "</tr>",
                 w->zWord, w->n, status_labels[w->status], vocab_how_labels[w->how]);
  }
  html_raw(b, "</tbody></table></div>\n");
  if (res->nWordMore) {
    html_appendf(b, "<p class=\"govuk-body\">... and %d more rows with other words.</p>\n",
                 res->nWordMore);
  }
}

void import_page_hidden(Buf *b, const char *zName, const char *zValue) {
  if (zValue && zValue[0]) {
    html_appendf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", zName, zValue);
  }
}

void import_page_carry(Req *r, const ImportUpload *u) {
  Buf *b = &r->body;
  web_csrf_input(r);
  import_page_hidden(b, "sha", u->zSha);
  import_page_hidden(b, "name", u->zName);
  import_page_hidden(b, "map_sha", u->zMapSha);
  import_page_hidden(b, "match_sha", u->zMatchSha);
  import_page_hidden(b, "sheet", web_arg(r, "sheet"));
  import_page_hidden(b, "as_at", web_arg(r, "as_at"));
}

void import_page_opts(Req *r, const ImportUpload *u, ImportOpts *o, ImportPaths *p) {
  memset(o, 0, sizeof *o);
  Actor who = web_actor(r);
  o->zFile = u->zName;
  o->zSheet = web_arg(r, "sheet");
  o->asAt = web_arg_day(r, "as_at", DAY_NONE);
  o->quiet = 1;
  o->zActor = who.zName;
  o->userId = who.userId;
  o->review = web_arg_bool(r, "review");
  o->pWords = &import_words_web;
  if (u->zMapSha[0]) {
    import_page_path(r, u->zMapSha, p->zMap, sizeof p->zMap);
    o->zMap = p->zMap;
  }
  if (u->zMatchSha[0]) {
    import_page_path(r, u->zMatchSha, p->zMatches, sizeof p->zMatches);
    o->zMatches = p->zMatches;
  }
}

int import_page_run(Req *r, const ImportUpload *u, int dryRun, ImportResult *res, Buf *err,
                    Buf *warn, Buf *refresh) {
  ImportOpts o;
  ImportPaths paths;
  import_page_opts(r, u, &o, &paths);
  if (dryRun) o.review = 0; /* the check shows the refresh; review_choice the other way */
  o.dryRun = dryRun;
  o.pRefresh = refresh;
  return import_file(r->db, &o, u->zData, u->n, res, err, warn);
}

/* "1 update", "2 updates": n and its noun, plural unless n is 1. */
static void count_of(Buf *b, const char *zCount, int n, const char *zOne, const char *zMany) {
  html_appendf(b, "<span data-count=\"%s\">%d</span> %s", zCount, n, n == 1 ? zOne : zMany);
}

/* A choice of the review field: its radio (value zValue), ticked when checked, up to
** its hint's text, which the caller writes and ends with "</div></div>". */
static void review_radio(Buf *b, const char *zId, const char *zValue, int checked,
                         const char *zLabel) {
  html_appendf(b,
               "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"%s\" "
               "name=\"review\" type=\"radio\" value=\"%s\" aria-describedby=\"%s-hint\"%s>"
               "<label class=\"govuk-label govuk-radios__label\" for=\"%s\">%s</label><div "
               "id=\"%s-hint\" class=\"govuk-hint govuk-radios__hint\">",
               zId, zValue, zId, checked ? " checked" : "", zId, zLabel, zId);
}

/* A returned tracker (a refresh): before the rows, what it brings (from the check,
** res) and the decision, sent to the review queue or recorded now, with "Import
** now", in the form #import-now that the button after the rows submits too. The
** review way is checked again as import --review --dry-run checks it; what it
** would leave for internal audit goes to *pLeft, one line each. */
static void returned_top(Req *r, const ImportUpload *u, const ImportResult *res, Buf *pLeft) {
  ImportOpts o;
  ImportPaths paths;
  ImportResult rv;
  Buf err = BUF_INIT, warn = BUF_INIT, list = BUF_INIT, *b = &r->body;
  import_page_opts(r, u, &o, &paths);
  o.dryRun = 1;
  o.review = 1;
  o.pRefresh = &list;
  int review = !import_file(r->db, &o, u->zData, u->n, &rv, &err, &warn) && !rv.already;
  int nMatched = res->nById + res->nByRef + res->nByText + res->nByFile;
  html_raw(b, "<p class=\"govuk-body\" id=\"returned-summary\">");
  count_of(b, "rows", res->nRow, "row", "rows");
  html_appendf(b,
               ", <span data-count=\"matched\">%d</span> of them matching recommendations in "
               "the register",
               nMatched);
  if (res->nNew) html_raw(b, ", "), count_of(b, "new", res->nNew, "new", "new");
  html_raw(b, ". They bring ");
  count_of(b, "updates", res->nUpd, "update", "updates");
  html_raw(b, ", ");
  count_of(b, "dates", res->nRev, "target date", "target dates");
  if (res->nRev) html_appendf(b, " (<span data-count=\"later\">%d</span> later)", res->nLater);
  html_raw(b, " and ");
  count_of(b, "closures", res->nClose, "closure", "closures");
  html_appendf(b,
               ", as at %D.</p>\n<form method=\"post\" action=\"/import/confirm\" "
               "id=\"import-now\" novalidate>",
               res->asAtMax);
  import_page_carry(r, u);
  html_raw(b, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend "
              "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">What to do with "
              "them</legend><div class=\"govuk-radios govuk-radios--small\" "
              "data-module=\"govuk-radios\">");
  if (review) {
    review_radio(b, "review", "1", 0, "Send the services' updates to the review queue");
    html_raw(b, "<span id=\"review-counts\">");
    count_of(b, "queued", rv.nQueued, "update", "updates");
    html_raw(b, " and ");
    count_of(b, "date-requests", rv.nDateReq, "date request", "date requests");
    html_raw(b, " wait for internal audit's decision; ");
    count_of(b, "left", rv.nLeft, "change", "changes");
    html_appendf(b, " %s left to it%s</span></div></div>", rv.nLeft == 1 ? "is" : "are",
                 rv.nLeft ? " (listed after the rows)" : "");
  }
  review_radio(b, review ? "review-2" : "review", "0", 1, "Record the changes in the register now");
  html_raw(b, "All of them, closures included.</div></div>");
  html_raw(b, "</div></fieldset></div>\n");
  if (review) {
    char *z = xstrdup(buf_cstr(&list)), *zSave = 0;
    for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
      if (strstr(t, "left for internal audit")) buf_appendf(pLeft, "%s\n", t);
    }
    free(z);
  }
  buf_free(&err), buf_free(&warn), buf_free(&list);
}

/* What sending to the review queue would leave for internal audit, after the rows. */
static void returned_left(Buf *b, const char *zLeft) {
  if (!zLeft[0]) return;
  html_raw(b, "<h2 class=\"govuk-heading-m\">Left for internal audit if sent to the review "
              "queue</h2>\n<ul class=\"govuk-list govuk-list--bullet\" id=\"review-left\">");
  char *z = xstrdup(zLeft), *zSave = 0;
  for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
    html_appendf(b, "<li>%s</li>", t);
  }
  free(z);
  html_raw(b, "</ul>\n");
}

/* The "Remember these columns" choice, when the tracker is read with a map. */
static void save_choice(Req *r, const ImportUpload *u) {
  if (!u->zMapSha[0]) return;
  web_checkbox(r,
               &(Control){.zName = "save",
                          .zLabel = "Remember these columns and status words for the next "
                                    "tracker with these headings",
                          .zClass = "govuk-checkboxes--small"},
               u->zMapFrom != 0);
}

/* "Import now" and Cancel; zForm: the id of the form the button submits, when it is
** not inside it. */
static void import_now(Buf *b, const char *zForm) {
  html_raw(b, "<div class=\"govuk-button-group\"><button type=\"submit\"");
  if (zForm) html_appendf(b, " form=\"%s\"", zForm);
  html_raw(b, " class=\"govuk-button\" data-module=\"govuk-button\">Import now</button><a "
              "class=\"govuk-link\" href=\"/import\">Cancel</a></div>\n");
}

/* A first tracker (nothing in it matches the register): before the details, what it
** adds, what to look at first (in-page links, when the check found titles that look
** alike or figures that differ), and Import now, in the form #import-now that the
** button after the details submits too. */
static void plain_top(Req *r, const ImportUpload *u, const ImportResult *res, int titles,
                      int differ) {
  Buf *b = &r->body;
  html_raw(b, "<p class=\"govuk-body\" id=\"import-summary\">Importing it adds ");
  count_of(b, "recs", res->nRec, "recommendation", "recommendations");
  html_raw(b, " in ");
  count_of(b, "audits", res->nAudit, "audit", "audits");
  if (res->nAuditNew != res->nAudit)
    html_appendf(b, " (<span data-count=\"new-audits\">%d</span> of them new)", res->nAuditNew);
  /* Then the history it brings, the kinds it has any of: "with 3 revised targets,
  ** 18 updates and 6 opinions". */
  struct {
    const char *zCount, *zOne, *zMany;
    int n;
  } a[] = {{"dates", "revised target", "revised targets", res->nRev},
           {"updates", "update", "updates", res->nUpd},
           {"opinions", "opinion", "opinions", res->nOp}};
  int nKind = 0, k = 0;
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) nKind += a[i].n > 0;
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    if (!a[i].n) continue;
    buf_puts(b, !k ? ", with " : k == nKind - 1 ? " and " : ", ");
    count_of(b, a[i].zCount, a[i].n, a[i].zOne, a[i].zMany);
    k++;
  }
  html_appendf(b, ", as at %D.</p>\n", res->asAtMax);
  if (titles || differ) {
    html_raw(b, "<p class=\"govuk-body\">Before you import, look at:</p>\n<ul class=\"govuk-list "
                "govuk-list--bullet\" id=\"look-first\">");
    if (titles)
      html_raw(b, "<li><a class=\"govuk-link\" href=\"#titles\">the audit titles that look "
                  "alike</a>: imported as they are, each spelling is an audit of its own</li>");
    if (differ)
      html_raw(b, "<li><a class=\"govuk-link\" href=\"#differ\">the figures the tracker states "
                  "that differ</a> from auditrack's</li>");
    html_raw(b, "</ul>\n");
  }
  html_raw(b, "<form method=\"post\" action=\"/import/confirm\" id=\"import-now\" novalidate>");
  import_page_carry(r, u);
  save_choice(r, u);
  import_now(b, 0);
  html_raw(b, "</form>\n<h2 class=\"govuk-heading-m\">What the check found</h2>\n");
}

/* Where the columns were read from, and the ways to change them and the words. */
static void map_note(Req *r, const ImportUpload *u, const ImportResult *res) {
  Buf *b = &r->body;
  if (u->zMapSha[0]) {
    html_appendf(b, "<p class=\"govuk-body\" id=\"map-from\">The columns are read with %s.</p>\n",
                 u->zMapFrom ? u->zMapFrom : "the column map you uploaded");
  }
  html_raw(b, "<div class=\"govuk-button-group\"><form method=\"post\" action=\"/import/columns\" "
              "novalidate>");
  import_page_carry(r, u);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
              "data-module=\"govuk-button\">Check the columns</button></form>");
  if (res->nWord) {
    html_raw(b, "<form method=\"post\" action=\"/import/words\" novalidate>");
    import_page_carry(r, u);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Change what the status words mean</button></form>");
  }
  html_raw(b, "</div>\n");
}

void import_page_check(Req *r, ImportUpload *u) {
  ImportResult res;
  Buf err = BUF_INIT, warn = BUF_INIT;
  Buf refresh = BUF_INIT;
  int rc = import_page_run(r, u, 1, &res, &err, &warn, &refresh);
  Buf *b = &r->body;
  if (rc || res.already) forget(r, u); /* nothing to import */
  if (rc) {
    problems_page(r, u->zName, &err, res.nProblem);
  } else if (res.already) {
    web_page_begin(r, "Already imported");
    html_appendf(b,
                 "<h1 class=\"govuk-heading-l\">Already imported</h1>\n<p class=\"govuk-body\">"
                 "%s</p>\n<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/audits\">"
                 "Go to the audits</a></p>\n",
                 buf_cstr(&err));
    web_page_end(r);
  } else {
    /* The titles that look alike, made first: the top says whether there are any. */
    Buf titles = r->body;
    r->body = (Buf)BUF_INIT;
    import_page_titles(r, u);
    Buf swap = r->body;
    r->body = titles;
    titles = swap;
    web_page_begin(r, "Check the import");
    html_appendf(b,
                 "<h1 class=\"govuk-heading-l\">Check the import</h1>\n<p class=\"govuk-body\">"
                 "%s has no problems. Nothing has been written yet.</p>\n",
                 u->zName);
    Buf left = BUF_INIT;
    if (res.refresh) {
      returned_top(r, u, &res, &left);
      save_choice(r, u);
      import_now(b, 0);
      html_raw(b, "</form>\n<h2 class=\"govuk-heading-m\">What the check found</h2>\n");
    } else {
      plain_top(r, u, &res, titles.n > 0, warn.n > 0);
    }
    counts(b, &res);
    words(b, &res);
    if (warn.n) {
      html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"differ\">Figures the tracker states that "
                  "differ</h2>\n"
                  "<p class=\"govuk-body\">Reports use auditrack's figures; the tracker's are "
                  "not kept.</p>\n<ul class=\"govuk-list govuk-list--bullet\">");
      char *z = xstrdup(buf_cstr(&warn)), *zSave = 0;
      for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
        html_appendf(b, "<li>%s</li>", t);
      }
      free(z);
      html_raw(b, "</ul>\n");
    }
    buf_append(b, titles.z, titles.n);
    buf_free(&titles);
    if (res.refresh) import_page_matches(r, u, buf_cstr(&refresh));
    returned_left(b, buf_cstr(&left));
    buf_free(&left);
    map_note(r, u, &res);
    import_now(b, "import-now"); /* the form at the top, with the choice made there */
    web_page_end(r);
  }
  buf_free(&err);
  buf_free(&warn);
  buf_free(&refresh);
}

int import_page_keep_map(Req *r, ImportUpload *u, const char *zText, size_t n) {
  Buf err = BUF_INIT;
  const char *zDir = web_tracker_dir(r);
  if (evidence_store(zDir, zText, n, u->zMapSha, &err)) {
    fprintf(stderr, "auditrack: import map: %s\n", buf_cstr(&err));
    buf_free(&err);
    web_error(r, 500, "The column map could not be kept. Try again in a moment.");
    return 1;
  }
  evidence_touch(zDir, u->zMapSha);
  return 0;
}

static int import_check(Req *r) {
  const FormField *f = form_field(&r->form, "tracker");
  const FormField *m = form_field(&r->form, "map");
  Buf err = BUF_INIT;
  if (evidence_name_check(f->zFileName, &err)) {
    web_field_err(r, "tracker", "%s", buf_cstr(&err));
    buf_free(&err);
    r->status = 422;
    form_page(r);
    return 0;
  }
  char zSha[EVIDENCE_SHA_HEX], zMapSha[EVIDENCE_SHA_HEX];
  int hasMap = m && m->zFileName && m->zFileName[0] && m->nValue;
  const char *zDir = web_tracker_dir(r);
  if ((mkdir(zDir, 0700) && errno != EEXIST &&
       buf_fail(&err, 1, "cannot create %s: %s", zDir, strerror(errno))) ||
      evidence_store(zDir, f->zValue, f->nValue, zSha, &err) ||
      (hasMap && evidence_store(zDir, m->zValue, m->nValue, zMapSha, &err))) {
    fprintf(stderr, "auditrack: import upload: %s\n", buf_cstr(&err));
    buf_free(&err);
    web_error(r, 500, "The file could not be kept. Try again in a moment.");
    return 0;
  }
  /* Its age counts from this upload; then the abandoned ones go. */
  evidence_touch(zDir, zSha);
  if (hasMap) evidence_touch(zDir, zMapSha);
  (void)evidence_sweep(zDir, r->now, web_tracker_seconds(r), WEB_TRACKERS_KEPT);
  buf_free(&err);
  ImportUpload u;
  memset(&u, 0, sizeof u);
  u.zName = f->zFileName;
  memcpy(u.zSha, zSha, sizeof u.zSha);
  if (hasMap) memcpy(u.zMapSha, zMapSha, sizeof u.zMapSha);
  u.zData = f->zValue;
  u.n = f->nValue;
  import_page_next(r, &u, web_arg_bool(r, "columns"));
  return 0;
}

/* Remember the map u was imported with for the next tracker with its headings. */
/* Keep u's map for the next tracker with these headings: 0, or 1 with the reason
** in *pErr (the import is committed by then: the banner says it was not kept). */
static int save_map(Req *r, const ImportUpload *u, Buf *pErr) {
  Buf text = BUF_INIT;
  ImportOpts o;
  ImportPaths paths;
  ImportColumns c;
  int rc = 1;
  import_page_opts(r, u, &o, &paths);
  if (!evidence_read(web_tracker_dir(r), u->zMapSha, &text, pErr) &&
      !import_columns(&o, u->zData, u->n, &c, pErr)) {
    Actor who = web_actor(r);
    rc = act_import_map_save(r->db, &who, c.zSig, buf_cstr(&text), pErr);
    import_columns_free(&c);
  }
  if (rc) fprintf(stderr, "auditrack: import map not saved: %s\n", buf_cstr(pErr));
  buf_free(&text);
  return rc;
}

static int import_confirm(Req *r) {
  ImportUpload u;
  Buf err = BUF_INIT, data = BUF_INIT;
  if (import_page_load(r, &u, &data)) return 0;
  ImportResult res;
  Buf warn = BUF_INIT, saveErr = BUF_INIT;
  int rc = import_page_run(r, &u, 0, &res, &err, &warn, 0);
  buf_free(&warn);
  int save = !rc && !res.already && u.zMapSha[0] && web_arg_bool(r, "save");
  int saved = save && !save_map(r, &u, &saveErr);
  forget(r, &u); /* imported, imported already, or refused: not needed again */
  if (rc) {
    problems_page(r, u.zName, &err, res.nProblem);
  } else if (res.already) {
    web_done(r, "/audits", "That tracker was already imported: nothing changed");
  } else if (web_arg_bool(r, "review")) {
    web_donef(r, "/review",
              "%d update%s and %d date request%s from %s wait for review; %d change%s left "
              "for internal audit",
              res.nQueued, res.nQueued == 1 ? "" : "s", res.nDateReq, res.nDateReq == 1 ? "" : "s",
              u.zName, res.nLeft, res.nLeft == 1 ? "" : "s");
  } else {
    Buf msg = BUF_INIT;
    buf_appendf(&msg, "Imported %d recommendations in %d audits", res.nRec, res.nAudit);
    if (saved) {
      buf_puts(&msg, "; its column map is saved for the next tracker with these headings");
    } else if (save) {
      buf_puts(&msg, "; its column map could not be saved (the server's log says why)");
    }
    web_done(r, "/audits", buf_cstr(&msg));
    buf_free(&msg);
  }
  buf_free(&saveErr);
  buf_free(&data);
  buf_free(&err);
  return 0;
}

/* 1 when the file of digest zSha is still kept. */
static int kept(const Req *r, const char *zSha) {
  char z[1024];
  struct stat st;
  import_page_path(r, zSha, z, sizeof z);
  return stat(z, &st) == 0;
}

int import_page_load(Req *r, ImportUpload *u, Buf *data) {
  const char *zSha = web_arg(r, "sha"), *zMapSha = web_arg(r, "map_sha");
  const char *zMatchSha = web_arg(r, "match_sha");
  const char *zName = web_arg(r, "name");
  Buf err = BUF_INIT;
  memset(u, 0, sizeof *u);
  if (!import_page_is_sha(zSha) || (zMapSha && zMapSha[0] && !import_page_is_sha(zMapSha)) ||
      (zMatchSha && zMatchSha[0] && !import_page_is_sha(zMatchSha)) ||
      evidence_name_check(zName, &err)) {
    buf_free(&err);
    web_error(r, 400, "The import form was not as this page sent it. Upload the tracker again.");
    return 1;
  }
  if (evidence_read(web_tracker_dir(r), zSha, data, &err) ||
      (zMapSha && zMapSha[0] && !kept(r, zMapSha)) ||
      (zMatchSha && zMatchSha[0] && !kept(r, zMatchSha))) {
    buf_free(&err);
    web_error(r, 404, "The uploaded tracker is no longer kept. Upload it again.");
    return 1;
  }
  buf_free(&err);
  u->zName = zName;
  memcpy(u->zSha, zSha, sizeof u->zSha);
  if (zMapSha && zMapSha[0]) memcpy(u->zMapSha, zMapSha, sizeof u->zMapSha);
  if (zMatchSha && zMatchSha[0]) memcpy(u->zMatchSha, zMatchSha, sizeof u->zMatchSha);
  u->zData = data->z ? data->z : "";
  u->n = data->n;
  return 0;
}

static const Field aCheck[] = {
    {"tracker", F_FILE, 1, 0, 0, "the tracker"},       {"map", F_FILE, 0, 0, 0, "the column map"},
    {"columns", F_BOOL, 0, 0, 0, "Check the columns"}, {"sheet", F_LINE, 0, 100, 0, "The sheet"},
    {"as_at", F_DATE, 0, 40, 0, "The tracker's date"}, {0}};

static const Field aConfirm[] = {{"sha", F_LINE, 1, 64, 0, "the upload's digest"},
                                 {"name", F_LINE, 1, EVIDENCE_NAME_MAX, 0, "the file's name"},
                                 {"map_sha", F_LINE, 0, 64, 0, "the map's digest"},
                                 {"match_sha", F_LINE, 0, 64, 0, "the match file's digest"},
                                 {"sheet", F_LINE, 0, 100, 0, "The sheet"},
                                 {"as_at", F_DATE, 0, 40, 0, "The tracker's date"},
                                 {"save", F_BOOL, 0, 0, 0, "Remember the columns"},
                                 {"review", F_BOOL, 0, 0, 0, "Send to the review queue"},
                                 {0}};

const Route page_import_routes[] = {
    {M_GET, "/import", CAP_AUDIT, ACC_NONE, 0, 0, import_form, 0, "the form to import a tracker"},
    {M_POST, "/import", CAP_AUDIT, ACC_NONE, R_UPLOAD, aCheck, import_check, import_invalid,
     "check a tracker (.csv or .xlsx): every problem, or what it would import; nothing written"},
    {M_POST, "/import/confirm", CAP_AUDIT, ACC_NONE, 0, aConfirm, import_confirm, 0,
     "import the tracker just checked (by its digest), all or nothing"},
    {0}};
