/*
** import.h: reading a tracker spreadsheet (CSV, or an Excel .xlsx workbook)
** into the register.
**
** The whole file is one transaction: every row is checked and written, and if
** any problem is found (a bad date, an unknown risk code, a ragged row, broken
** quoting) nothing is kept and every problem is listed with its row, column,
** value and reason. A workbook's sheet goes through the same map and checks as
** a CSV file; its problems name Excel's row numbers and column letters.
** Not for: the CSV syntax (csv.c), workbook parts (xlsx_read.c) or domain rules
** (model.c).
*/
#ifndef AT_IMPORT_H
#define AT_IMPORT_H

#include "buf.h"
#include "date.h"
#include "db.h"

/* An import's budget, checked before anything is written (docs/import.md). */
#define IMPORT_MAX_ROWS 1000000           /* rows after the header */
#define IMPORT_MAX_CELL_CHARS 32767       /* characters in one cell, as Excel allows */
#define IMPORT_MAX_TEXT_BYTES (256 << 20) /* bytes of text in all cells together */

/* How a door names what an import message asks the user to give: the command
** line's options, or the fields of the web application's import form. */
typedef struct ImportWords {
  const char *zMap;    /* how to describe columns of another layout */
  const char *zAsAt;   /* how to give the tracker's date */
  const char *zScale;  /* how to choose between scales that share a rating */
  const char *zScales; /* where the known ratings are listed, after "unknown risk rating" */
} ImportWords;
extern const ImportWords import_words_cli, import_words_web;

typedef struct ImportOpts {
  const char *zFile;  /* path, for messages and the import record */
  const char *zMap;   /* map file path or NULL for the seed layout */
  const char *zScale; /* risk scale name or NULL */
  const char *zSheet; /* workbook sheet, by name or number (1 = first), or NULL */
  Day asAt;           /* --as-at, or DAY_NONE */
  int dryRun, quiet;
  const char *zActor;
  const char *zMatches;      /* --matches FILE: "ROW = ID" or "ROW = new" per line, or NULL */
  Buf *pRefresh;             /* where a refresh lists its matches, changes and missing
                                recommendations (docs/import.md), or NULL */
  const ImportWords *pWords; /* the door's words in messages; NULL: import_words_cli */
  /* A workbook returned by the services (--review): a matched row's new updates and
  ** later target dates wait in the review queue as submissions by zActor (userId, 0
  ** from the command line) instead of entering the register; what only internal
  ** audit records is listed as left for it (docs/import.md "Returned workbooks"). */
  int review;
  long long userId;
} ImportOpts;

/* A status word found in the ia_opinion column, and the status it was read as. */
#define IMPORT_WORDS_SHOWN 40 /* distinct words listed; the rest are counted */
typedef struct ImportWord {
  char zWord[80];          /* as the first row that has it writes it (cut short at 79 bytes) */
  unsigned long long hash; /* of its normalised form: words are told apart by it */
  int status;              /* Status */
  int how;                 /* VocabHow */
  int n;                   /* rows */
} ImportWord;

typedef struct ImportResult {
  int nRow, nRec, nAudit, nAuditNew, nRev, nUpd, nOp, nProblem;
  int already; /* the same bytes were imported before: nothing done */
  Day asAtMin, asAtMax;
  int xlsx;                             /* the file was read as a workbook */
  char zSheet[96];                      /* then the sheet that was read */
  ImportWord aWord[IMPORT_WORDS_SHOWN]; /* distinct status words, in the order found */
  int nWord, nWordMore;                 /* listed; more not listed */
  /* A refresh: rows matched to recommendations already in the register. */
  int refresh; /* 1 when any row matched one; 0: a fresh import */
  int nById, nByRef, nByText, nByFile, nNew, nChanged, nSame, nMissing;
  /* With review: updates and date requests queued, and changes left for internal audit. */
  int nQueued, nDateReq, nLeft;
  /* A refresh's changes, either way: target dates later than the current one (what
  ** review would queue as date requests, unless asked for already), and opinions
  ** that would close an open recommendation (review leaves them for internal audit). */
  int nLater, nClose;
} ImportResult;

/* 1 when the file is to be read as a workbook: the bytes start like a zip
** (PK\3\4), or the name ends in .xlsx. */
int import_is_xlsx(const char *zName, const char *zData, size_t n);

/*
** Import zData[0..n): CSV, or a workbook when import_is_xlsx(o->zFile, ...) says so
** (the sheet o->zSheet, else the first whose header the map or the seed layout
** recognises, else the first; res->zSheet names it). Problems go to *pErr, one per
** line. Where the file states months overdue (months_overdue_stated) and the as-at
** engine, under the database's policy, computes a different number, a note goes to
** *pWarn: the tracker's own figure is kept for reference, never used. A file over
** the budget above is refused before anything is read into the database. A dry run
** (dryRun) writes nothing and takes no write lock: it reads in one read transaction
** and counts what the import would add, with the same counts and messages as the
** real import. Returns 0 when the file was imported (or checked, with dryRun, or found already
*imported), 1 when
** it was rejected (nothing written; a damaged, truncated or oversized workbook names
** the part), 2 for a bad map or options or an unknown sheet.
*/
int import_file(Db *db, const ImportOpts *o, const char *zData, size_t n, ImportResult *res,
                Buf *pErr, Buf *pWarn);

/* ---- before the check: the columns and status words, for the import page ---- */

/* The fields a column map can name, in the map's order: how many, each one's name
** in a map file ("audit_title") and as a person reads it ("Audit title"). */
int import_field_count(void);
const char *import_field_name(int k);
const char *import_field_label(int k);

#define IMPORT_SAMPLE_ROWS 5    /* rows after the header a column's sample is taken from */
#define IMPORT_TITLES_SEEN 1000 /* distinct audit titles compared for near-duplicates */

struct Map;
typedef struct ImportColumns {
  int nCol;
  char **azHeading; /* nCol: each column's heading (under a two-row header, both joined) */
  char **azSample;  /* nCol: its first value in the first IMPORT_SAMPLE_ROWS rows, or "" */
  int *aCol;        /* import_field_count(): the column each field is read from, or -1 */
  int seed;         /* no map, and the header is the seed layout's */
  char zSheet[96];  /* a workbook's sheet that was read, else "" */
  char zSig[65];    /* the headings' signature: BLAKE2b-256 (hex) of them, trimmed, any case */
  /* The distinct words of the status column (ia_opinion), in the order found, and
  ** what each means by the map's words, the built-in ones and the phrase rules;
  ** status -1: nothing gives it a meaning, and the import would refuse the file. */
  ImportWord aWord[IMPORT_WORDS_SHOWN];
  char *azNorm[IMPORT_WORDS_SHOWN]; /* each word normalised (vocab_norm), whole */
  int nWord, nWordMore, nUnknown;   /* listed; rows with words not listed; words unknown */
  int other; /* the meaning the map gives words it does not list (status *), or -1 */
  /* The distinct audit titles (as the map reads them: its `audit` lines applied), in
  ** the order found, the rows of each, and each normalised (vocab_norm): two titles
  ** with one normalised form are spellings of one audit ("Placement Finding - Review"
  ** and "Placement Finding: Review"). At most IMPORT_TITLES_SEEN. */
  char **azTitle, **azTitleNorm;
  int *anTitle;
  int nTitle;
  struct Map *pMap;
} ImportColumns;

/*
** Read zData's header and first rows as import_file would (the same sheet choice,
** header and map, o->zMap or none): each column's heading and a sample, the column
** each field comes from (the map's, else the seed layout's guess), and the status
** column's distinct words (every row is read for them). Writes nothing; needs no
** database. Returns 0 with *c filled (free it with import_columns_free), 1 for a
** file that cannot be read, 2 for a bad map or an unknown sheet, with the reason in
** *pErr (then *c needs no freeing).
*/
int import_columns(const ImportOpts *o, const char *zData, size_t n, ImportColumns *c, Buf *pErr);
void import_columns_free(ImportColumns *c);

/*
** The text of a column map for c's file (docs/import.md's syntax) into *pOut: the
** column of each field aCol[k] (-1: not read; NULL: c's own), the map's date
** styles, its status words, each aStatus[i] >= 0 as the meaning of c->aWord[i]
** (NULL or -1: as now), other (>= 0) for words not listed (-1: none; -2: as
** now), the map's audit title merges and nMerge more, azMerge[2i] read as
** azMerge[2i+1]. 0, or 1 with the reason in *pErr naming the field: a column whose
** heading a map cannot name (empty, holding '#', or the same as an earlier
** column's), or a title a map cannot name (holding '=' or '#').
*/
int import_map_compose(const ImportColumns *c, const int *aCol, const int *aStatus, int other,
                       const char *const *azMerge, int nMerge, Buf *pOut, Buf *pErr);

#endif
