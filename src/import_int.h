/*
** import_int.h: what the parts of the import share: the fields a column map
** can name, the map, and the state of one run (Imp), with the few functions
** each part calls in another (import.c runs, import_map.c reads the map and
** recognises headers, import_row.c reads one row into the register,
** import_match.c matches rows to the register's recommendations on a refresh).
** Not for: callers of the import (import.h is the public side).
*/
#ifndef IMPORT_INT_H
#define IMPORT_INT_H

#include <stdio.h>

#include "import.h"
#include "model.h"
#include "csv.h"
#include "vocab.h"
#include "xlsx_read.h"

/* The fields a column map can name: those with structure, then the plain text
** fields in rec_fields.h's order (F_REF, F_TITLE, F_BODY ... F_NOTES), so that
** F_OF_REC(f) is RecFieldId f's. */
typedef enum Field {
  F_AUDIT_TITLE,
  F_AUDIT_REF,
  F_AUDIT_DATE,
  F_PROVIDER,
  F_ASSURANCE,
  F_RISK,
  F_ORIGINAL,
  F_REVISED,
  F_REVISED_BY_CYCLE,
  F_CURRENT,
  F_PREV_UPDATE,
  F_LATEST_UPDATE,
  F_OPINION,
  F_NEXT_ACTION,
  F_AS_AT,
  F_CONFIDENTIAL,
  F_ORGANISATION,
  F_MONTHS_STATED,
  F_OWNER_EMAIL,
  F_DIRECTOR_EMAIL,
  F_EXEC_EMAIL,
  F_PERCENT,
#define F_REC_ENUM(id, ...) F_##id,
  REC_TEXT_FIELDS(F_REC_ENUM)
#undef F_REC_ENUM
      FIELD__MAX
} Field;

#define F_OF_REC(f) ((Field)(FIELD__MAX - REC_FIELD__MAX + (int)(f)))

/* Field names as a map file writes them (import_map.c). */
extern const char *const import_field_names[];
extern const char *const import_field_labels[]; /* as the import page asks for them */

typedef struct Map {
  int aCol[FIELD__MAX];       /* column index per field, -1 when absent */
  char *azHeader[FIELD__MAX]; /* header text a map names, matched after reading the header */
  unsigned dateMask;
  int seed;
  Vocab vocab; /* the status words: the map's (`status WORD = MEANING`) over the built-in */
  /* Audit titles read as another (`audit TITLE = TITLE`): spellings of one audit merged. */
  struct MapAlias {
    char *zFrom, *zTo;
  } * aAlias;
  int nAlias;
} Map;

typedef struct Imp {
  Db *db;
  const ImportOpts *o;
  Map map;
  Buf *pErr;
  ImportResult *res;
  char **az; /* current row's fields */
  int nField;
  long row, line;
  char *zOrg; /* the first organisation named in the file */
  /* Lookups repeated on most rows, answered from memory. */
  char *azRiskSeen[16];
  long long aRiskId[16];
  int nRiskSeen;
  char *zLastAudit;
  Day lastAuditDate;
  long long lastAuditId;
  Buf *pWarn;
  Policy pol;
  int xlsx; /* rows are a sheet's: row is Excel's row number, columns have letters */
  /* A dry run writes nothing: the audits it would add, and the audit of each
  ** recommendation it would add, are kept here instead. */
  struct PlanAudit {
    char *zTitle;
    Day date;
    long long id; /* negative: not in the database */
  } * aPlan;
  int nPlan, nPlanSlot; /* entries; slots of the open-addressing table (a power of 2) */
  long long *aRecAudit;
  int nRecAudit;
  int idCol;                /* the auditrack_id column, or -1 */
  struct Refresh *pRefresh; /* a tracker already in the register (import_match.c), or NULL */
} Imp;

typedef struct RevIn {
  char *zValue; /* target text */
  char *zLabel; /* cycle label, or NULL */
  Day on;
} RevIn;

/* One row as read and checked, before anything is written: what row_write stores. */
typedef struct RowIn {
  const char *zTitle, *zText, *zOrig, *zPrev, *zLatest, *zSection;
  Day asAt, auditDate;
  long long ratingId;
  int assurance;
  Rec r;       /* fields, dates and existsFrom; the ledger is attached for checks */
  RevIn *aRev; /* the ledger as the sheet gives it */
  int nRev;
  Revision *aOut; /* ... as revisions, in the sheet's order */
  Revision extra; /* the current target, when the ledger does not explain it */
  int hasExtra;
  Progress upPrev, upLatest; /* upLatest.percent: the percent column's, -1 when not given */
  Opinion op;
  int hasOp;
} RowIn;

/* ---- where the rows come from (import.c): a CSV file or a workbook's sheet ---- */

typedef struct Source {
  CsvReader *csv;
  XlsxBook *book; /* open while the grid is used: shared strings live in it */
  XlsxGrid grid;
  int isXlsx, next; /* next grid row */
  Buf cells;        /* the current xlsx row's text, NUL-separated and writable */
  char **az;
  char **azSub; /* sub-headings under a two-row header, or NULL */
  int nSub;
  int nHeadRows;
  char zSheet[96];
} Source;

void import_src_free(Source *s);
/* The next row as a record: 1, 0 at the end, -1 on a CSV syntax error. */
int import_src_next(Source *s, CsvRecord *rec);
/* The header (one row, or two under a group heading): what import_src_next returns. */
int import_src_header(Source *s, CsvRecord *rec);
/* Open a workbook and choose the sheet (o->zSheet, else the first whose header m
** or the seed layout recognises, else the first): 0, 1 (a bad workbook) or 2 (no
** such sheet) with the reason in pErr. */
int import_src_open_xlsx(Source *s, const ImportOpts *o, const Map *m, const char *zData, size_t n,
                         Buf *pErr);

/* Problems listed in full; the rest are only counted. */
#define MAX_PROBLEMS_SHOWN 200

/* import.c: note a problem in the current row, with its place and value. */
/* The words messages use for the options (o->pWords, else the command line's). */
const ImportWords *import_words(const ImportOpts *o);
void import_problem(Imp *im, Field f, const char *zValue, const char *zFmt, ...) AT_PRINTF(4, 5);
/* import.c: strip leading and trailing blanks from z in place. */
void import_trim(char *z);
/* The next line of a "key = value" file (a map or a match file) into z (n bytes):
** a '#' starts a comment, blank lines are skipped, *pLineNo counts every line.
** Returns 1 with *pzKey and *pzVal trimmed (*pzVal NULL when the line has no
** '='), 0 at the end of the file. */
int import_conf_line(FILE *f, char *z, int n, int *pLineNo, char **pzKey, char **pzVal);

/* import_map.c */
/* The title a map reads audit title z as: its alias's, else z itself. */
const char *import_map_title(const Map *m, const char *z);
int import_map_seed(Map *m, CsvRecord *hdr, char **azSub);
/* The column page's guesses for the fields the seed layout left unplaced, from
** the headings other trackers use (any case); never used by an import. */
void import_map_guess(Map *m, CsvRecord *hdr, char **azSub);
int import_map_read(Map *m, const char *zPath, Buf *err);
/* The same from an open stream; zPath names it in messages. */
int import_map_read_file(Map *m, FILE *f, const char *zPath, Buf *err);
int import_map_apply_header(Map *m, CsvRecord *hdr, char **azSub, Buf *err);
/* Start a map: no columns, the default date styles, the built-in status words;
** unknown status words are errors unless seedWords (the seed layout without a
** map file reads them as in progress, as the seed trackers need). */
void import_map_init(Map *m, int seedWords);
void import_map_free(Map *m);

/* import_row.c */
/* The update a row records when it gives a percent complete and no latest update. */
#define IMPORT_PERCENT_TEXT "Percent complete as stated in the tracker"
int import_percent(const char *z, int *pPct);
const char *import_val(Imp *im, Field f);
void import_row(Imp *im, long long importId);
int import_plan_audit_count(Imp *im);
/* Count the status word z (read as status, found by how) in a[0..*pn): a word
** is told from another by its normalised form (vocab_norm); past
** IMPORT_WORDS_SHOWN words, *pnMore counts the rest. 1 when z was a new word
** (then a[*pn - 1]), else 0. */
int import_word_note(ImportWord *a, int *pn, int *pnMore, const char *z, int status, VocabHow how);
/* Note the audit of a recommendation the import adds or refreshes, for the count. */
void import_audit_push(Imp *im, long long auditId);

/* import_match.c: refreshing a tracker already in the register. */
int import_id_column(const CsvRecord *hdr);
/* How alike two recommendations' texts are, in per cent: the distinct words of
** three characters or more (any case, punctuation aside) they share over those
** of either; 100 only when the texts are the same but for case, punctuation and
** spacing. */
int import_likeness(const char *zA, const char *zB);
int import_refresh_begin(Imp *im);
void import_refresh_scan(Imp *im, int ord);
int import_refresh_decide(Imp *im);
int import_refreshing(const Imp *im);
long long import_refresh_audit(Imp *im, int ord);
int import_refresh_row(Imp *im, RowIn *w, int ord);
void import_refresh_end(Imp *im);
void import_refresh_free(Imp *im);

#endif
