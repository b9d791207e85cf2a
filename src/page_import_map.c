/*
** page_import_map.c: the import page's column map, made on the page instead of
** in a text file. After an upload whose headings the seed layout does not know
** (or on "Check the columns"), a form asks which of the file's columns holds
** each field, the import's own guess selected and a sample beside each; then,
** when the status column holds a word nothing gives a meaning, which status each
** word is. Each answer becomes the text a map file would hold (import.h's
** import_map_compose), kept beside the upload by its digest like an uploaded map,
** and the check runs with it. A map imported with is kept for the next tracker
** with the same headings (act_import_map_save), and pre-fills its page.
** Not for: the upload, the check and "Import now" (page_import.c).
*/
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "page_import.h"
#include "store.h"
#include "vocab.h"

/* How the page names a map kept for the file's headings. */
#define SAVED_MAP "the column map saved for trackers with these headings"

/* The form's fields: one select per field of the map (col_0 ... in the map's
** order), one per status word (status_0 ...), named by number so that the
** import's field list stays their one home. */
#define IMPORT_COL_FIELDS 40
#define N_CARRY 6            /* the upload's fields, first in each table */
#define IMPORT_MAX_COLS 1024 /* columns a workbook's sheet may have (xlsx_read.c) */
/* clang-format off */
#define COL(i) {"col_" #i, F_INT, 0, IMPORT_MAX_COLS, 0, "the column"},
#define COL10(d) COL(d##0) COL(d##1) COL(d##2) COL(d##3) COL(d##4) \
                 COL(d##5) COL(d##6) COL(d##7) COL(d##8) COL(d##9)
#define WORD(i) {"status_" #i, F_ENUM, 0, 0, status_names, "what the word means"},
#define WORD10(d) WORD(d##0) WORD(d##1) WORD(d##2) WORD(d##3) WORD(d##4) \
                  WORD(d##5) WORD(d##6) WORD(d##7) WORD(d##8) WORD(d##9)
#define CARRY                                                    \
  {"sha", F_LINE, 1, 64, 0, "the upload's digest"},              \
  {"name", F_LINE, 1, EVIDENCE_NAME_MAX, 0, "the file's name"},  \
  {"map_sha", F_LINE, 0, 64, 0, "the map's digest"},             \
  {"match_sha", F_LINE, 0, 64, 0, "the match file's digest"},    \
  {"sheet", F_LINE, 0, 100, 0, "The sheet"},                     \
  {"as_at", F_DATE, 0, 40, 0, "The tracker's date"},

static const Field aCarry[] = {CARRY {0}};
static const Field aMerge[] = {
  CARRY
  {"title", F_LINE, 0, LIMIT_TITLE + 2, 0, "the spelling to keep"},
  {0}};
static const Field aMatches[] = {
  CARRY
  {"new", F_IDS, 0, 1L << 21, 0, "a row to import as a new recommendation"},
  {0}};
static const Field aMap[] = {
  CARRY
  COL(0) COL(1) COL(2) COL(3) COL(4) COL(5) COL(6) COL(7) COL(8) COL(9)
  COL10(1) COL10(2) COL10(3)
  {0}};
static const Field aWords[] = {
  CARRY
  WORD(0) WORD(1) WORD(2) WORD(3) WORD(4) WORD(5) WORD(6) WORD(7) WORD(8) WORD(9)
  WORD10(1) WORD10(2) WORD10(3)
  {"status_other", F_ENUM, 0, 0, status_names, "what other words mean"},
  {0}};
/* clang-format on */
_Static_assert(sizeof aMap / sizeof aMap[0] == N_CARRY + IMPORT_COL_FIELDS + 1, "col fields");
_Static_assert(sizeof aWords / sizeof aWords[0] == N_CARRY + IMPORT_WORDS_SHOWN + 2, "word fields");

/* The form field of map field k, or of status word i: the table's own names, so
** that an error's anchor outlives the request's strings. */
static const char *col_field(int k) {
  assert(k < IMPORT_COL_FIELDS && import_field_count() <= IMPORT_COL_FIELDS);
  return aMap[N_CARRY + k].zName;
}
static const char *word_field(int i) { return aWords[N_CARRY + i].zName; }

/* Read u's columns, with its map: 0, or 1 after showing the problem (and
** forgetting the upload: it cannot be read). */
static int columns(Req *r, ImportUpload *u, ImportColumns *c) {
  ImportOpts o;
  ImportPaths paths;
  Buf err = BUF_INIT;
  import_page_opts(r, u, &o, &paths);
  if (!import_columns(&o, u->zData, u->n, c, &err)) {
    buf_free(&err);
    return 0;
  }
  import_page_check(r, u); /* shows the same reason with its problems page */
  buf_free(&err);
  return 1;
}

/* The upload a form names (by digest) and its columns, for the handlers that act
** on them: 0, or 1 after answering (the upload freed). */
static int upload_columns(Req *r, ImportUpload *u, Buf *data, ImportColumns *c) {
  if (!import_page_load(r, u, data) && !columns(r, u, c)) return 0;
  buf_free(data);
  return 1;
}

/* ---- the columns ---- */

/* The file's columns, their samples, and the field each is read as now. */
static void columns_table(Req *r, const ImportColumns *c) {
  Buf *b = &r->body;
  static const char *const azCol[] = {"Column", "Heading", "First value", "Read as", 0};
  web_table_open(r, "m", "The tracker's columns", azCol);
  for (int i = 0; i < c->nCol; i++) {
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">%d</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\" data-read-as>",
                 i + 1, c->azHeading[i], c->azSample[i]);
    int n = 0;
    for (int k = 0; k < import_field_count(); k++) {
      if (c->aCol[k] == i) html_appendf(b, "%s%s", n++ ? "; " : "", import_field_label(k));
    }
    if (!n) html_raw(b, "Not read");
    html_raw(b, "</td></tr>\n");
  }
  html_raw(b, "</tbody></table></div>\n");
}

/* One field's select: each column by its heading, the current one selected. */
static void column_select(Req *r, const ImportColumns *c, int k, int col) {
  char zHint[400], zCur[16], zVal[16], zLabel[80];
  const char *zSample = col >= 0 ? c->azSample[col] : "";
  int nSample = (int)strlen(zSample);
  if (col < 0) {
    snprintf(zHint, sizeof zHint, "In a column map: %s", import_field_name(k));
  } else {
    snprintf(zHint, sizeof zHint, "In a column map: %s. First value: %s%.*s%s",
             import_field_name(k), nSample ? "\u2018" : "", nSample > 80 ? 80 : nSample, zSample,
             nSample ? (nSample > 80 ? "...\u2019" : "\u2019") : "none in the first rows");
  }
  snprintf(zLabel, sizeof zLabel, "%s%s", import_field_label(k),
           k == 0 || !strcmp(import_field_name(k), "recommendation") ? "" : " (optional)");
  snprintf(zCur, sizeof zCur, "%d", col + 1);
  web_select_open(r, &(Control){.zName = col_field(k), .zLabel = zLabel, .zHint = zHint});
  web_option(r, "0", "Not in this tracker", zCur);
  for (int i = 0; i < c->nCol; i++) {
    snprintf(zVal, sizeof zVal, "%d", i + 1);
    char zOpt[200];
    snprintf(zOpt, sizeof zOpt, "%d: %s", i + 1,
             c->azHeading[i][0] ? c->azHeading[i] : "(no heading)");
    web_option(r, zVal, zOpt, zCur);
  }
  web_select_close(r);
}

/* The fields most trackers have, asked first in this order; the others follow,
** in the map's order, under "More fields". */
static const char *const azFirst[] = {
    "audit_title",     "recommendation",   "rec_ref",        "rec_title",  "risk",
    "original_target", "revised_targets",  "current_target", "owner",      "ia_opinion",
    "latest_update",   "percent_complete", "as_at_date",     "audit_date", "directorate"};
#define N_FIRST (int)(sizeof azFirst / sizeof azFirst[0])

/* Field k's place in azFirst, or -1. */
static int first_place(int k) {
  for (int i = 0; i < N_FIRST; i++) {
    if (!strcmp(azFirst[i], import_field_name(k))) return i;
  }
  return -1;
}

static int field_by_name(const char *zName) {
  for (int k = 0; k < import_field_count(); k++) {
    if (!strcmp(import_field_name(k), zName)) return k;
  }
  return -1;
}

/* The selects: the common fields, then the rest in a details element, open when
** one of them reads a column or has an error. */
static void column_selects(Req *r, const ImportColumns *c, const int *aCol) {
  Buf *b = &r->body;
  for (int i = 0; i < N_FIRST; i++) {
    int k = field_by_name(azFirst[i]);
    assert(k >= 0);
    column_select(r, c, k, aCol[k]);
  }
  int open = 0, nMore = 0;
  for (int k = 0; k < import_field_count(); k++) {
    if (first_place(k) >= 0) continue;
    nMore++;
    if (aCol[k] >= 0 || web_has_err(r, col_field(k))) open = 1;
  }
  if (open)
    html_raw(b, "<details class=\"govuk-details\" open>");
  else
    html_raw(b, "<details class=\"govuk-details\">");
  html_appendf(b,
               "<summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-"
               "text\">%d more fields</span></summary><div class=\"govuk-details__text\">",
               nMore);
  for (int k = 0; k < import_field_count(); k++) {
    if (first_place(k) < 0) column_select(r, c, k, aCol[k]);
  }
  html_raw(b, "</div></details>\n");
}

static void columns_page(Req *r, const ImportUpload *u, const ImportColumns *c, const int *aCol) {
  Buf *b = &r->body;
  web_page_begin(r, "Check the columns");
  web_error_summary(r);
  html_appendf(b,
               "<h1 class=\"govuk-heading-l\">Check the columns</h1>\n<p class=\"govuk-body\">"
               "Say which column of %s holds each field auditrack keeps. ",
               u->zName);
  if (u->zMapFrom) {
    html_appendf(b, "The choices below come from %s.", u->zMapFrom);
  } else if (u->zMapSha[0]) {
    html_raw(b, "The choices below come from the column map.");
  } else if (c->seed) {
    html_raw(b, "The headings are the seed trackers' layout: the choices below are the ones "
                "the import makes for it.");
  } else {
    html_raw(b, "These headings are not the seed trackers' layout: the choices below are "
                "guesses from the headings, so check each one. The audit's title and the "
                "recommendation are needed.");
  }
  html_raw(b, " Nothing is written until you choose to import.</p>\n");
  if (c->zSheet[0]) {
    html_appendf(b, "<p class=\"govuk-body\">Sheet: %s</p>\n", c->zSheet);
  }
  columns_table(r, c);
  html_raw(b, "<form method=\"post\" action=\"/import/map\" novalidate>");
  import_page_carry(r, u);
  html_raw(b, "<h2 class=\"govuk-heading-m\">Which column holds each field</h2>\n");
  column_selects(r, c, aCol);
  html_raw(b, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
              "data-module=\"govuk-button\">Use these columns</button><a class=\"govuk-link\" "
              "href=\"/import\">Cancel</a></div></form>\n");
  web_page_end(r);
}

/* ---- the status words ---- */

static void word_select(Req *r, const ImportColumns *c, int i, const char *zField, int current) {
  char zLabel[160];
  snprintf(zLabel, sizeof zLabel, "What %s%.60s%s means", i >= 0 ? "\u2018" : "",
           i >= 0 ? c->aWord[i].zWord : "any other word", i >= 0 ? "\u2019" : "");
  web_select_open(r, &(Control){.zName = zField, .zLabel = zLabel});
  if (current < 0) web_option(r, "", i >= 0 ? "Choose a meaning" : "No meaning: refused", "");
  for (int s = 0; s < STATUS__MAX; s++) {
    web_option(r, status_names[s], status_labels[s], current >= 0 ? status_names[current] : "");
  }
  web_select_close(r);
}

static void words_page(Req *r, const ImportUpload *u, const ImportColumns *c) {
  Buf *b = &r->body;
  web_page_begin(r, "What the status words mean");
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">What the status words mean</h1>\n");
  html_appendf(b,
               "<p class=\"govuk-body\">These are the words in %s's status column and the "
               "status each will be read as. ",
               u->zName);
  if (c->nUnknown) {
    html_appendf(b, "%d word%s %s no meaning yet: choose one before the tracker can be imported.",
                 c->nUnknown, c->nUnknown == 1 ? "" : "s", c->nUnknown == 1 ? "has" : "have");
  }
  html_raw(b, "</p>\n<form method=\"post\" action=\"/import/status\" novalidate>");
  import_page_carry(r, u);
  static const char *const azCol[] = {"In the tracker", "Rows", "Read now as", "Meaning", 0};
  web_table_open(r, "m", "Status words", azCol);
  for (int i = 0; i < c->nWord; i++) {
    const ImportWord *w = &c->aWord[i];
    html_appendf(b,
                 "<tr class=\"govuk-table__row\" data-status-word><td class=\"govuk-table__cell\">"
                 "%s</td><td class=\"govuk-table__cell\">%d</td><td class=\"govuk-table__cell\">"
                 "%s%s%s",
                 w->zWord, w->n,
                 w->status < 0 ? "No meaning: choose one" : status_labels[w->status],
                 w->status < 0 ? "" : " (", w->status < 0 ? "" : vocab_how_labels[w->how]);
    if (w->status >= 0) html_raw(b, ")");
    html_raw(b, "</td><td class=\"govuk-table__cell\">");
    word_select(r, c, i, word_field(i), w->status < 0 ? -1 : w->status);
    html_raw(b, "</td></tr>\n");
  }
  html_raw(b, "</tbody></table></div>\n");
  if (c->nWordMore) {
    html_appendf(b, "<p class=\"govuk-body\">%d more rows hold other words.</p>\n", c->nWordMore);
  }
  word_select(r, c, -1, "status_other", c->other);
  html_raw(b, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
              "data-module=\"govuk-button\">Use these meanings</button><a class=\"govuk-link\" "
              "href=\"/import\">Cancel</a></div></form>\n");
  web_page_end(r);
}

/* ---- what comes next ---- */

char *import_page_saved_map(Req *r, const char *zSig) {
  char zKey[96];
  import_map_key(zSig, zKey, sizeof zKey);
  return db_meta_get(r->db, zKey);
}

/* A fresh upload without a map: the map kept for its headings (c's), if there
** is one, then c read again with it. 0, or 1 after answering. */
static int saved_map(Req *r, ImportUpload *u, ImportColumns *c) {
  char *zText = import_page_saved_map(r, c->zSig);
  if (!zText) return 0;
  int rc = import_page_keep_map(r, u, zText, strlen(zText));
  free(zText);
  if (rc) {
    import_columns_free(c);
    return 1;
  }
  u->zMapFrom = SAVED_MAP;
  import_columns_free(c);
  return columns(r, u, c);
}

void import_page_next(Req *r, ImportUpload *u, int askColumns) {
  ImportColumns c;
  if (columns(r, u, &c) || (!u->zMapSha[0] && saved_map(r, u, &c))) return;
  int missing = c.aCol[0] < 0;
  for (int k = 0; k < import_field_count(); k++) {
    if (!strcmp(import_field_name(k), "recommendation") && c.aCol[k] < 0) missing = 1;
  }
  if (askColumns || (!u->zMapSha[0] && !c.seed) || (u->zMapSha[0] && missing)) {
    columns_page(r, u, &c, c.aCol);
  } else if (c.nUnknown) {
    words_page(r, u, &c);
  } else {
    import_page_check(r, u);
  }
  import_columns_free(&c);
}

/* ---- a refresh's matches ---- */

/* One line of the refresh's listing that proposes a match:
** "row N: recommendation ID (WHY): CHANGES". */
typedef struct Proposal {
  long row;
  long long id;
  char *zWhy, *zChange; /* heap */
} Proposal;

/* The matches the listing zRefresh proposes into *pa (free with proposals_free),
** its new rows' and missing recommendations' lines into pNew and pMissing. */
static int proposals(const char *zRefresh, Proposal **pa, Buf *pNew, Buf *pMissing) {
  int n = 0;
  *pa = 0;
  char *z = xstrdup(zRefresh), *zSave = 0;
  for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
    long row = 0;
    long long id = 0;
    int at = 0;
    if (!strncmp(t, "missing: ", 9)) {
      buf_appendf(pMissing, "%s\n", t + 9);
    } else if (sscanf(t, "row %ld: recommendation %lld (%n", &row, &id, &at) == 2 && at) {
      const char *zEnd = strstr(t + at, "): ");
      *pa = xrealloc(*pa, sizeof(Proposal) * (size_t)(n + 1));
      Proposal *p = &(*pa)[n++];
      p->row = row;
      p->id = id;
      p->zWhy = zEnd ? xstrndup(t + at, (size_t)(zEnd - t - at)) : xstrdup(t + at);
      p->zChange = xstrdup(zEnd ? zEnd + 3 : "");
    } else if (!strncmp(t, "row ", 4)) {
      buf_appendf(pNew, "%s\n", t);
    }
  }
  free(z);
  return n;
}

static void proposals_free(Proposal *a, int n) {
  for (int i = 0; i < n; i++) {
    free(a[i].zWhy);
    free(a[i].zChange);
  }
  free(a);
}

static void line_list(Buf *b, const char *zLines) {
  html_raw(b, "<ul class=\"govuk-list govuk-list--bullet\">");
  char *z = xstrdup(zLines), *zSave = 0;
  for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
    html_appendf(b, "<li>%s</li>", t);
  }
  free(z);
  html_raw(b, "</ul>\n");
}

void import_page_matches(Req *r, const ImportUpload *u, const char *zRefresh) {
  Buf *b = &r->body, news = BUF_INIT, missing = BUF_INIT;
  Proposal *a;
  int n = proposals(zRefresh, &a, &news, &missing);
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"matches\">Matches to the register</h2>\n");
  if (n) {
    html_appendf(b,
                 "<p class=\"govuk-body\">This tracker holds recommendations already in the "
                 "register. Each row below is matched to one, for the reason given, and only "
                 "what changed is recorded. Tick a row to import it as a new recommendation "
                 "instead%s.</p>\n<form method=\"post\" action=\"/import/matches\" novalidate>",
                 u->zMatchSha[0] ? " (the matches were chosen on this page)" : "");
    import_page_carry(r, u);
    static const char *const azCol[] = {"Row",          "Recommendation", "Matched",
                                        "What changes", "New instead",    0};
    web_table_open(r, "s", "Proposed matches", azCol);
    for (int i = 0; i < n; i++) {
      html_appendf(
          b,
          "<tr class=\"govuk-table__row\" data-match=\"%ld\"><td class=\"govuk-table__cell\">"
          "%ld</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
          "href=\"/recs/%lld\">%lld</a></td><td class=\"govuk-table__cell\">%s</td>"
          "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
          "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
          "data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">"
          "<input class=\"govuk-checkboxes__input\" id=\"new-%ld\" name=\"new\" "
          "type=\"checkbox\" value=\"%ld\"><label class=\"govuk-label "
          "govuk-checkboxes__label\" for=\"new-%ld\"><span class=\"govuk-visually-hidden\">Import "
          "row %ld as </span>New"
          "</label></div></div>"
          "</td></tr>\n",
          a[i].row, a[i].row, a[i].id, a[i].id, a[i].zWhy, a[i].zChange, a[i].row, a[i].row,
          a[i].row, a[i].row);
    }
    html_raw(b, "</tbody></table></div>\n<button type=\"submit\" class=\"govuk-button "
                "govuk-button--secondary\" data-module=\"govuk-button\">Use these matches"
                "</button></form>\n");
  }
  if (news.n) {
    html_raw(b, "<h3 class=\"govuk-heading-s\">Rows that are new recommendations</h3>\n");
    line_list(b, buf_cstr(&news));
  }
  if (missing.n) {
    html_raw(b, "<h3 class=\"govuk-heading-s\">Open recommendations the tracker leaves out "
                "(not changed)</h3>\n");
    line_list(b, buf_cstr(&missing));
  }
  proposals_free(a, n);
  buf_free(&news);
  buf_free(&missing);
}

/* The match file the choices make: every proposed match, as "ROW = ID", or
** "ROW = new" for a row ticked. 0, or 1 when a ticked row was not proposed. */
static int matches_text(Req *r, const Proposal *a, int n, Buf *out) {
  long long aNew[FORM_MAX_FIELDS];
  int nNew = web_arg_ids(r, "new", aNew, FORM_MAX_FIELDS);
  for (int j = 0; j < nNew; j++) {
    int found = 0;
    for (int i = 0; i < n && !found; i++) found = a[i].row == aNew[j];
    if (!found) return 1;
  }
  buf_puts(out, "# Matches chosen on the import page: ROW = ID, or ROW = new\n");
  for (int i = 0; i < n; i++) {
    int isNew = 0;
    for (int j = 0; j < nNew && !isNew; j++) isNew = a[i].row == aNew[j];
    if (isNew)
      buf_appendf(out, "%ld = new\n", a[i].row);
    else
      buf_appendf(out, "%ld = %lld\n", a[i].row, a[i].id);
  }
  return 0;
}

static int use_matches(Req *r) {
  ImportUpload u;
  Buf data = BUF_INIT, err = BUF_INIT, warn = BUF_INIT, refresh = BUF_INIT, text = BUF_INIT;
  Buf news = BUF_INIT, missing = BUF_INIT;
  if (import_page_load(r, &u, &data)) {
    buf_free(&data);
    return 0;
  }
  ImportResult res;
  Proposal *a = 0;
  int n = 0;
  int rc = import_page_run(r, &u, 1, &res, &err, &warn, &refresh);
  if (!rc && !res.already && res.refresh) n = proposals(buf_cstr(&refresh), &a, &news, &missing);
  if (!n) {
    import_page_check(r, &u); /* nothing to choose: the check says why */
  } else if (matches_text(r, a, n, &text)) {
    web_error(r, 400,
              "The matches form named a row the tracker does not propose. Check the "
              "tracker again.");
  } else {
    Buf e = BUF_INIT;
    if (evidence_store(web_tracker_dir(r), text.z, text.n, u.zMatchSha, &e)) {
      fprintf(stderr, "auditrack: import matches: %s\n", buf_cstr(&e));
      web_error(r, 500, "The matches could not be kept. Try again in a moment.");
    } else {
      evidence_touch(web_tracker_dir(r), u.zMatchSha);
      import_page_check(r, &u);
    }
    buf_free(&e);
  }
  proposals_free(a, n);
  buf_free(&data);
  buf_free(&err);
  buf_free(&warn);
  buf_free(&refresh);
  buf_free(&text);
  buf_free(&news);
  buf_free(&missing);
  return 0;
}

/* ---- audit titles that are one audit's ---- */

static int keep_and_next(Req *r, ImportUpload *u, Buf *text);

/* The register's spellings of the file's audit titles: each audit title in the
** register with the normalised form of a title in the file but not the bytes of
** any, once. Importing the file as it is would make a second audit of each. */
typedef struct Spellings {
  int n;
  char **az, **azNorm;
} Spellings;

static void spellings_free(Spellings *s) {
  for (int i = 0; i < s->n; i++) {
    free(s->az[i]);
    free(s->azNorm[i]);
  }
  free(s->az);
  free(s->azNorm);
}

/* Fill s: 0, or 1 having answered (the register cannot be read). */
static int spellings(Req *r, const ImportColumns *c, Spellings *s) {
  AuditRow *a = 0;
  int n = 0;
  memset(s, 0, sizeof *s);
  if (!c->nTitle) return 0;
  if (store_audit_list(r->db, 0, &a, &n)) {
    web_error(r, 500, "The register's audits could not be read. Try again in a moment.");
    return 1;
  }
  for (int i = 0; i < n; i++) {
    int same = 0, alike = 0;
    for (int j = 0; j < c->nTitle && !same; j++) same = !strcmp(a[i].zTitle, c->azTitle[j]);
    for (int j = 0; j < s->n && !same; j++) same = !strcmp(a[i].zTitle, s->az[j]);
    if (same) continue;
    char *zNorm = vocab_norm(a[i].zTitle);
    for (int j = 0; j < c->nTitle && !alike; j++) alike = !strcmp(zNorm, c->azTitleNorm[j]);
    if (!alike) {
      free(zNorm);
      continue;
    }
    s->az = xrealloc(s->az, sizeof(char *) * (size_t)(s->n + 1));
    s->azNorm = xrealloc(s->azNorm, sizeof(char *) * (size_t)(s->n + 1));
    s->az[s->n] = xstrdup(a[i].zTitle);
    s->azNorm[s->n++] = zNorm;
  }
  store_audit_rows_free(a, n);
  return 0;
}

/* Title i is the first of a group of spellings of one audit: others follow it in
** the file, or the register spells it otherwise. */
static int group_first(const ImportColumns *c, const Spellings *s, int i) {
  int first = 1, more = 0;
  for (int j = 0; j < c->nTitle; j++) {
    if (j == i || strcmp(c->azTitleNorm[j], c->azTitleNorm[i])) continue;
    if (j < i) first = 0;
    more = 1;
  }
  for (int j = 0; j < s->n && !more; j++) more = !strcmp(s->azNorm[j], c->azTitleNorm[i]);
  return first && more;
}

static void spelling_radio(Buf *b, const char *zId, const char *zValue, const char *zLabel,
                           const char *zWhere) {
  html_appendf(b,
               "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
               "id=\"title-%s\" name=\"title\" type=\"radio\" value=\"%s\"><label "
               "class=\"govuk-label govuk-radios__label\" for=\"title-%s\">%s (%s)"
               "</label></div>",
               zId, zValue, zId, zLabel, zWhere);
}

void import_page_titles(Req *r, const ImportUpload *u) {
  ImportColumns c;
  ImportOpts o;
  ImportPaths paths;
  Spellings s;
  Buf err = BUF_INIT, *b = &r->body;
  import_page_opts(r, u, &o, &paths);
  if (import_columns(&o, u->zData, u->n, &c, &err)) {
    buf_free(&err);
    return; /* the check has read it: it cannot fail now but for the disk */
  }
  buf_free(&err);
  if (spellings(r, &c, &s)) {
    import_columns_free(&c);
    return;
  }
  int nGroup = 0;
  for (int i = 0; i < c.nTitle; i++) nGroup += group_first(&c, &s, i);
  if (nGroup) {
    html_appendf(b,
                 "<h2 class=\"govuk-heading-m\" id=\"titles\">Audit titles that look alike</h2>\n"
                 "<p class=\"govuk-body\">%d audit title%s differ%s from another in this "
                 "tracker or in the register only in capitals, punctuation or spacing. Imported "
                 "as they are, each spelling is an audit of its own. To make them one audit, "
                 "choose the spelling to keep.</p>\n",
                 nGroup, nGroup == 1 ? "" : "s", nGroup == 1 ? "s" : "");
  }
  for (int i = 0; i < c.nTitle; i++) {
    if (!group_first(&c, &s, i)) continue;
    html_raw(b, "<form method=\"post\" action=\"/import/merge\" novalidate data-title-group>");
    import_page_carry(r, u);
    html_raw(b, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\"><legend "
                "class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Merge into one audit, "
                "called</legend><div class=\"govuk-radios govuk-radios--small\" "
                "data-module=\"govuk-radios\">");
    for (int j = 0; j < s.n; j++) {
      if (strcmp(s.azNorm[j], c.azTitleNorm[i])) continue;
      char zId[24], zValue[LIMIT_TITLE + 16];
      snprintf(zId, sizeof zId, "r%d", j + 1);
      snprintf(zValue, sizeof zValue, "r:%s", s.az[j]);
      spelling_radio(b, zId, zValue, s.az[j], "in the register");
    }
    for (int j = i; j < c.nTitle; j++) {
      if (strcmp(c.azTitleNorm[j], c.azTitleNorm[i])) continue;
      char zId[24], zWhere[40];
      snprintf(zId, sizeof zId, "%d", j + 1);
      snprintf(zWhere, sizeof zWhere, "%d row%s", c.anTitle[j], c.anTitle[j] == 1 ? "" : "s");
      spelling_radio(b, zId, zId, c.azTitle[j], zWhere);
    }
    html_raw(b, "</div></fieldset></div><button type=\"submit\" class=\"govuk-button "
                "govuk-button--secondary\" data-module=\"govuk-button\">Merge</button></form>\n");
  }
  spellings_free(&s);
  import_columns_free(&c);
}

/* The spelling the merge form chose: the register's (*pzKeep) or the file's title
** *pKeep, with its normalised form; NULL when it names neither. */
static const char *chosen(Req *r, const ImportColumns *c, const Spellings *s, int *pKeep,
                          const char **pzKeep) {
  const char *z = web_arg(r, "title");
  *pKeep = -1;
  *pzKeep = 0;
  if (z && !strncmp(z, "r:", 2)) {
    for (int j = 0; j < s->n; j++) {
      if (!strcmp(s->az[j], z + 2)) {
        *pzKeep = s->az[j];
        return s->azNorm[j];
      }
    }
    return 0;
  }
  int keep = (int)web_arg_int(r, "title", 0) - 1;
  if (keep < 0 || keep >= c->nTitle) return 0;
  *pKeep = keep;
  *pzKeep = c->azTitle[keep];
  return c->azTitleNorm[keep];
}

static int use_merge(Req *r) {
  ImportUpload u;
  Buf data = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
  ImportColumns c;
  Spellings s;
  if (upload_columns(r, &u, &data, &c)) return 0;
  if (spellings(r, &c, &s)) {
    import_columns_free(&c);
    buf_free(&data);
    return 0;
  }
  int keep;
  const char *zKeep, *zNorm = chosen(r, &c, &s, &keep, &zKeep);
  const char **azMerge = xcalloc((size_t)(2 * c.nTitle + 1), sizeof(char *));
  int nMerge = 0;
  for (int j = 0; zNorm && j < c.nTitle; j++) {
    if (j == keep || strcmp(c.azTitleNorm[j], zNorm)) continue;
    azMerge[2 * nMerge] = c.azTitle[j];
    azMerge[2 * nMerge++ + 1] = zKeep;
  }
  if (!nMerge) {
    web_error(r, 400,
              "The merge form named no audit title that looks like another. Check the "
              "tracker again.");
  } else if (import_map_compose(&c, 0, 0, -2, azMerge, nMerge, &text, &err)) {
    web_error(r, 422, buf_cstr(&err));
  } else {
    (void)keep_and_next(r, &u, &text);
  }
  free(azMerge);
  spellings_free(&s);
  import_columns_free(&c);
  buf_free(&data);
  buf_free(&text);
  buf_free(&err);
  return 0;
}

/* ---- the routes ---- */

/* Where u's map came from, when it is the one kept for c's headings. */
static void map_from(Req *r, ImportUpload *u, const ImportColumns *c) {
  char *zText = u->zMapSha[0] ? import_page_saved_map(r, c->zSig) : 0;
  char zSha[EVIDENCE_SHA_HEX];
  if (zText) {
    evidence_digest(zText, strlen(zText), zSha);
    if (!strcmp(zSha, u->zMapSha)) {
      u->zMapFrom = SAVED_MAP;
    }
  }
  free(zText);
}

static int show_columns(Req *r) {
  ImportUpload u;
  Buf data = BUF_INIT;
  ImportColumns c;
  if (!import_page_load(r, &u, &data) && !columns(r, &u, &c)) {
    map_from(r, &u, &c);
    columns_page(r, &u, &c, c.aCol);
    import_columns_free(&c);
  }
  buf_free(&data);
  return 0;
}

static int show_words(Req *r) {
  ImportUpload u;
  Buf data = BUF_INIT;
  ImportColumns c;
  if (!import_page_load(r, &u, &data) && !columns(r, &u, &c)) {
    words_page(r, &u, &c);
    import_columns_free(&c);
  }
  buf_free(&data);
  return 0;
}

/* Keep the map text composed from the choices and go on: 0, or 1 after answering. */
static int keep_and_next(Req *r, ImportUpload *u, Buf *text) {
  if (import_page_keep_map(r, u, text->z, text->n)) return 1;
  u->zMapFrom = "the columns and status words chosen on this page";
  import_page_next(r, u, 0);
  return 0;
}

static int use_columns(Req *r) {
  ImportUpload u;
  Buf data = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
  ImportColumns c;
  if (upload_columns(r, &u, &data, &c)) return 0;
  int *aCol = xmalloc(sizeof(int) * (size_t)import_field_count());
  for (int k = 0; k < import_field_count(); k++) {
    long v = web_arg_int(r, col_field(k), 0);
    aCol[k] = (int)v - 1;
    if (v > c.nCol) {
      web_field_err(r, col_field(k), "%s: the tracker has %d columns; choose one of them",
                    import_field_label(k), c.nCol);
      aCol[k] = -1;
    }
  }
  if (!r->nErr && import_map_compose(&c, aCol, 0, -2, 0, 0, &text, &err)) {
    /* Each line names its field: point it at the field's select. */
    char *z = xstrdup(buf_cstr(&err)), *zSave = 0;
    for (char *t = strtok_r(z, "\n", &zSave); t; t = strtok_r(0, "\n", &zSave)) {
      int at = -1;
      for (int k = 0; k < import_field_count() && at < 0; k++) {
        size_t n = strlen(import_field_label(k));
        if (!strncmp(t, import_field_label(k), n) && t[n] == ':') at = k;
      }
      web_field_err(r, at >= 0 ? col_field(at) : col_field(0), "%s", t);
    }
    free(z);
  }
  if (r->nErr) {
    r->status = 422;
    columns_page(r, &u, &c, aCol);
  } else {
    (void)keep_and_next(r, &u, &text);
  }
  free(aCol);
  import_columns_free(&c);
  buf_free(&data);
  buf_free(&text);
  buf_free(&err);
  return 0;
}

/* The Status a select names, or -1 for none. */
static int status_arg(Req *r, const char *zField) {
  const char *z = web_arg(r, zField);
  for (int s = 0; z && z[0] && s < STATUS__MAX; s++) {
    if (!strcmp(z, status_names[s])) return s;
  }
  return -1;
}

static int use_words(Req *r) {
  ImportUpload u;
  Buf data = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
  ImportColumns c;
  if (upload_columns(r, &u, &data, &c)) return 0;
  int aStatus[IMPORT_WORDS_SHOWN];
  int other = status_arg(r, "status_other");
  for (int i = 0; i < c.nWord; i++) {
    aStatus[i] = status_arg(r, word_field(i));
    if (c.aWord[i].status < 0 && aStatus[i] < 0 && other < 0 && c.other < 0) {
      web_field_err(r, word_field(i), "Choose what \u2018%s\u2019 means", c.aWord[i].zWord);
    }
  }
  if (!r->nErr && import_map_compose(&c, 0, aStatus, other >= 0 ? other : -2, 0, 0, &text, &err)) {
    web_field_err(r, "status_other", "%s", buf_cstr(&err));
  }
  if (r->nErr) {
    r->status = 422;
    words_page(r, &u, &c);
  } else {
    (void)keep_and_next(r, &u, &text);
  }
  import_columns_free(&c);
  buf_free(&data);
  buf_free(&text);
  buf_free(&err);
  return 0;
}

const Route page_import_map_routes[] = {
    {M_POST, "/import/columns", CAP_AUDIT, ACC_NONE, 0, aCarry, show_columns, 0,
     "the columns of an uploaded tracker (by its digest) and the field each is read as"},
    {M_POST, "/import/map", CAP_AUDIT, ACC_NONE, 0, aMap, use_columns, 0,
     "read an uploaded tracker with the columns chosen, then check it; nothing written"},
    {M_POST, "/import/words", CAP_AUDIT, ACC_NONE, 0, aCarry, show_words, 0,
     "the status words of an uploaded tracker and what each will mean"},
    {M_POST, "/import/status", CAP_AUDIT, ACC_NONE, 0, aWords, use_words, 0,
     "read an uploaded tracker's status words as chosen, then check it; nothing written"},
    {M_POST, "/import/merge", CAP_AUDIT, ACC_NONE, 0, aMerge, use_merge, 0,
     "read an uploaded tracker's alike audit titles as the spelling chosen, then check it"},
    {M_POST, "/import/matches", CAP_AUDIT, ACC_NONE, 0, aMatches, use_matches, 0,
     "check a refresh again with its matches as chosen (rows ticked are new); nothing written"},
    {0}};
