/*
** report.h: the table model every report is built as, and its renderers.
**
** A Report is data first: a title, statements about how it was made (as-at
** date, policy, filters), and sections, each a table of typed cells. Builders
** (report_*.c) fill it from the as-at engine; renderers turn it into text,
** Markdown, CSV, JSON (report_text.c) or one self-contained HTML file
** (report_html.c), PDF or XLSX. Renderers never query
** the database and never compute figures. Not for: deciding what goes in a
** report (report_build.c) or where bytes go (the caller's Buf).
*/
#ifndef AT_REPORT_H
#define AT_REPORT_H

#include "buf.h"
#include "date.h"

typedef enum CellType {
  CELL_NULL,
  CELL_TEXT,
  CELL_INT,
  CELL_DATE,
  CELL_BOOL,
  CELL_TYPE__MAX
} CellType;

typedef struct Cell {
  CellType t;
  long long i; /* CELL_INT, CELL_BOOL (0/1) */
  Day d;       /* CELL_DATE */
  char *z;     /* CELL_TEXT, heap, owned by the report */
} Cell;

typedef struct ReportCol {
  char *zKey;   /* machine name for JSON and CSV headers: "months_overdue" */
  char *zLabel; /* human heading: "Months overdue" */
} ReportCol;

enum { ROW_PLAIN = 0, ROW_TOTAL = 1 /* a totals row: bold / th scope=row */ };

typedef enum SectionLayout {
  LAYOUT_GRID,    /* a table: counts, short values */
  LAYOUT_RECORDS, /* one block per row (long narratives): text/md print "Label: value"
                     lines per row, HTML one two-column table per row captioned by its
                     first two values; CSV and JSON print rows as for a grid */
  LAYOUT_TEXT,    /* words, not a table (a pack's narrative part): pText holds the parsed
                     markup; text, md, HTML, PDF and DOCX print it; the columns kind and
                     text hold one row per block (plain text) for CSV, JSON and XLSX */
  SECTION_LAYOUT__MAX
} SectionLayout;

/* A hint that a grid section is also drawn as a chart (PDF, XLSX). Categories are
** the section's ROW_PLAIN rows, labelled by the first column; series are the
** columns chartCol0 .. chartCol0+chartNCol-1 (CELL_INT). BAR stacks the series in
** one bar per category; LINE draws one line per series across the rows in order
** (cycles, oldest first). Text, Markdown, CSV, JSON and HTML ignore it. */
typedef enum ChartKind { CHART_NONE, CHART_BAR, CHART_LINE, CHART_KIND__MAX } ChartKind;

typedef struct ReportSection {
  char *zTitle; /* "Outstanding by risk and overdue band" */
  char *zNote;  /* optional sentence under the title, or NULL */
  SectionLayout layout;
  int nCol;
  ReportCol *aCol;
  int nRow, nRowAlloc;
  Cell *aCell;     /* nRow * nCol, row-major */
  int *aFlag;      /* per row: ROW_* */
  int nCellInRow;  /* cells added to the current (last) row so far */
  ChartKind chart; /* CHART_NONE unless report_section_chart() was called */
  int chartCol0, chartNCol;
  struct Markup *pText;    /* LAYOUT_TEXT: the words (markup.h), owned by the section */
  struct Markup **apWords; /* NULL, or per cell (nWords of them, row-major as aCell): the
                              words report_words() added there, owned by the section */
  int nWords;
} ReportSection;

typedef struct ReportMeta {
  char *zKey;   /* "as_at", "policy", "organisation", "filter" ... */
  char *zLabel; /* "As at" */
  char *zValue; /* "15/02/2022": what the machine formats (CSV, JSON) write */
  Day day;      /* a dated statement's day (as_at, since), else DAY_NONE */
} ReportMeta;

typedef struct Report {
  char *zKind;  /* "summary" */
  char *zTitle; /* "Outstanding audit recommendations: summary" */
  int nMeta;
  ReportMeta *aMeta;
  int nSection;
  ReportSection **apSection;
  int noCover; /* the PDF opens with a title block above the first section, no cover
               ** page and no contents (a pack's annex: `pack cover=no`) */
} Report;

/*
** Building. Strings are copied and cleaned: CR LF and CR become LF, a tab a
** space, other control characters and invalid UTF-8 U+FFFD, so renderers may
** assume clean UTF-8. All of these abort on misuse (a bug), never fail: a cell
** past nCol, a row begun before the previous one is full, a column key given
** twice or the key "total" (JSON's total-row flag). nCol 0 makes a heading-only
** section, or one whose caller sets nCol and aCol (heap, clean UTF-8) itself.
*/
Report *report_new(const char *zKind, const char *zTitle);
void report_meta(Report *r, const char *zKey, const char *zLabel, const char *zValue);
/* A dated statement: its value is d as dd/mm/yyyy, as the machine formats write it. */
void report_meta_day(Report *r, const char *zKey, const char *zLabel, Day d);
/* The value of the meta statement zKey ("organisation", "as_at"), or NULL. */
const char *report_meta_value(const Report *r, const char *zKey);
/* A statement's value as running text writes it: a dated one's day as DAY_TEXT
** ("15 February 2022") written into z (DAY_FMT_MAX bytes), any other its value. The
** formats read by people (text, Markdown, HTML, PDF, Word, a pack's words) write this. */
const char *report_meta_text(const ReportMeta *m, char *z);
/* The same by key, or NULL when the report has no such statement. */
const char *report_meta_text_of(const Report *r, const char *zKey, char *z);
/* Add a section with nCol columns given as key,label pairs of strings. */
ReportSection *report_section(Report *r, const char *zTitle, SectionLayout layout, int nCol, ...);
void report_section_note(ReportSection *s, const char *zNote);
/* Add a LAYOUT_TEXT section titled zTitle holding a copy of m (placeholders already
** filled): one row per block, columns kind ("p", "h1", "li" ...) and text (the block
** without markup). */
struct Markup;
ReportSection *report_section_markup(Report *r, const char *zTitle, const struct Markup *m);
/* Draw s as a chart too: series are columns col0 .. col0+nCol-1 (see ChartKind).
** Aborts unless 1 <= col0 and the columns exist. */
void report_section_chart(ReportSection *s, ChartKind kind, int col0, int nCol);
/* Add a text cell holding m's words (placeholders already filled): the cell's text is m
** without markup (markup_render_plain), which text, CSV, JSON and XLSX print; HTML, the
** web pages, Markdown, PDF and DOCX print the words themselves (bold, links, lists). */
void report_words(ReportSection *s, const struct Markup *m);
/* The words added at row iRow, column iCol with report_words, or NULL. */
const struct Markup *report_cell_words(const ReportSection *s, int iRow, int iCol);
void report_row(ReportSection *s, int flags);      /* start a row; the previous must be full */
void report_text(ReportSection *s, const char *z); /* NULL adds a CELL_NULL */
void report_int(ReportSection *s, long long i);
void report_date(ReportSection *s, Day d); /* DAY_NONE adds a CELL_NULL */
void report_bool(ReportSection *s, int b);
void report_null(ReportSection *s);
void report_free(Report *r);

typedef enum ReportFormat {
  FMT_TEXT,
  FMT_MD,
  FMT_CSV,
  FMT_JSON,
  FMT_HTML,
  FMT_PDF,  /* binary: see report_render_pdf */
  FMT_XLSX, /* binary: see report_xlsx_file() */
  FMT_DOCX, /* binary: see report_render_docx */
  REPORT_FORMAT__MAX
} ReportFormat;
/* "text" -> FMT_TEXT ...; returns -1 for an unknown name. */
int report_format_from_name(const char *zName);
extern const char *const report_format_names[]; /* REPORT_FORMAT__MAX */

/*
** Append r rendered in fmt to out. Dates print as DAY_UK in text, md and html,
** ISO in csv and json. JSON is one object:
**   {"report":kind,"title":..,"meta":{key:value,...},
**    "sections":[{"title":..,"note":..,"columns":[{"key":..,"label":..}],
**                 "rows":[{key:value,...,"total":true?}]}]}
** with ints as numbers, bools as true/false, NULL cells as null.
** CSV: per section, a header row "section,<col keys...>" then one line per row
** whose first field is the section title; sections separated by one blank line;
** meta first as "meta,key,value" lines then a blank line.
** HTML: one self-contained accessible page (lang, title, caption, th scope,
** embedded CSS with a print stylesheet, no scripts, no external requests).
** XLSX: as report_render_xlsx(r, 0, ...); a failure to write its temporary file is
** fatal here, so callers that can report errors call report_render_xlsx() instead.
*/
void report_render(const Report *r, ReportFormat fmt, Buf *out);
/*
** Append r as an A4 PDF (report_pdf.c, cairo + pango, font DejaVu Sans): a cover page
** (title, organisation, as-at date, the meta statements), a contents list, then each
** section; "Page N of M" on every page; document Title, Author (the organisation, or
** "auditrack"), Creator and language en-GB; creation date the as-at date, so the bytes
** depend on the report alone. Returns 0, or 1 with the reason in err and nothing
** appended when cairo fails. report_render(r, FMT_PDF, out) calls it and aborts on
** failure; callers that can report an error call this instead.
*/
int report_render_pdf(const Report *r, Buf *out, Buf *err) AT_MUST;
/*
** Set the document language of the PDF in pdf (classic cross-reference table, as cairo
** writes) to zLang ("en-GB"): appends an incremental update that rewrites the catalog
** with /Lang added, then a new xref section and trailer whose /Prev is the old one.
** Returns 0, or 1 with the reason in err and pdf unchanged (not a PDF, no trailer, the
** catalog not found or already holding /Lang, zLang not a language tag).
*/
int report_pdf_set_lang(Buf *pdf, const char *zLang, Buf *err) AT_MUST;
/*
** Attach the attributes cairo 1.16 cannot to the PDF's structure elements (which cairo
** writes in the order the document opens them), by an incremental update as
** report_pdf_set_lang's: azAlt[i] (UTF-8) to the i-th Figure as /Alt in UTF-16; and, when
** zScope is not NULL, to the i-th TH a table attribute /Scope /Row for zScope[i] 'R', else
** /Column. Nothing to attach changes nothing. Returns 0, or 1 with the reason in err and
** pdf unchanged (the Figures are not nAlt or the THs not strlen(zScope), an element already
** has the attribute, no trailer).
*/
int report_pdf_set_attrs(Buf *pdf, char *const *azAlt, int nAlt, const char *zScope,
                         Buf *err) AT_MUST;
/* One section as a JSON array of row objects (keys from the columns), as
** `rec list --format json` prints it. */
void report_render_rows_json(const ReportSection *s, Buf *out);
/* One section as plain CSV: a header of column keys, then the rows. */
void report_render_rows_csv(const ReportSection *s, Buf *out);
/* Add a column to a section that has no rows yet. */
void report_section_col(ReportSection *s, const char *zKey, const char *zLabel);

/*
** For the renderers only (report_text.c, report_html.c): report_render calls these
** after report_section_check on every section; each appends r to out and cannot fail.
*/
void report_render_text(const Report *r, Buf *out);
void report_render_md(const Report *r, Buf *out);
void report_render_csv(const Report *r, Buf *out);
void report_render_json(const Report *r, Buf *out);
void report_render_html(const Report *r, Buf *out);
/* Aborts (a bug in a builder) on a short last row, an unnamed or repeated column
** key, or the key "total". */
void report_section_check(const ReportSection *s);
/* The cell at row iRow, column iCol of s, owned by the report. */
const Cell *report_cell(const ReportSection *s, int iRow, int iCol);
#define CELL_TMP 32 /* room for a formatted date or any long long */
_Static_assert(CELL_TMP >= DAY_FMT_MAX, "a date fits in a cell buffer");
/* How a cell reads. Human spelling (text, md, html): NULL "-", Yes/No, UK dates.
** Machine spelling (csv): NULL "", true/false, ISO dates. The result is c->z, a
** literal, or tmp (CELL_TMP bytes). */
const char *report_cell_str(const Cell *c, int bHuman, char *tmp);
/* A cell with no value: NULL, or text of white space only. */
int report_cell_blank(const Cell *c);
/* Whether a record (LAYOUT_RECORDS) shows column iCol of row iRow: a block prints only the
** fields that have a value (a row with none prints its first field). Every renderer of
** records asks this, so blocks read alike in every format. */
int report_record_shows(const ReportSection *s, int iRow, int iCol);
/* A column is numeric, and right-aligned, when it holds ints (or percentages written
** as text, "17%", "16.7%") and nothing else but NULLs. */
int report_col_numeric(const ReportSection *s, int iCol);

/*
** XLSX (report_xlsx.c, libxlsxwriter). A first "Summary" sheet states the title
** and every meta line (as-at and previous-report dates as Excel dates), lists the
** sections (heading-only ones as part headings) linking to their sheets, and holds
** a native chart for each section with a chart hint (BAR: stacked columns, LINE:
** lines with markers) that reads the section's cells. Each section with columns is
** one sheet named after its title (cut to 31 characters, []:*?/\ replaced, made
** unique): title, note, a frozen header row with an autofilter, then the rows;
** ints as numbers, dates as dd/mm/yyyy date cells, bools as TRUE/FALSE, text past
** 60 characters or with line breaks wrapped, ROW_TOTAL rows bold, columns as wide
** as their content up to 60. Workbook title and author (the organisation) come
** from the Report; its creation time is the as-at date, so a report is the same
** file whenever it is made. Text past Excel's 32,767 characters is cut there.
** Flags: XLSX_TABLE_ONLY puts the first section's sheet first with its column
** headings in row 1 and no title above (a tracker that import reads back), the
** Summary after it. Strings go in the shared string table, as Excel writes them
** (libxlsxwriter's constant_memory mode was measured: no faster, files half as big
** again; see docs/BENCHMARKS.md).
** report_xlsx_file writes zPath (removed again on failure); report_render_xlsx
** appends the bytes to out, going through a temporary file in $TMPDIR (or /tmp).
** Both return 0, or 1 with the reason in err.
*/
enum { XLSX_TABLE_ONLY = 1 };

/*
** DOCX (report_docx.c): a Word document for committee systems that take papers
** as Word: the title, the meta statements as a table, a heading per section, grid
** sections as tables whose header row repeats on every page, records as one table
** per row, a native chart (with the section title as alternative text) for each
** chart hint, "Page N of M" in the footer; A4, landscape when a grid has more than
** eight columns. Appends the bytes to out; returns 0, or 1 with the reason in err.
*/
int report_render_docx(const Report *r, Buf *out, Buf *err) AT_MUST;
int report_xlsx_file(const Report *r, const char *zPath, int flags, Buf *err) AT_MUST;
int report_render_xlsx(const Report *r, int flags, Buf *out, Buf *err) AT_MUST;

#endif
