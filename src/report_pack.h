/*
** report_pack.h: committee packs. A pack definition (a small text file, or
** text stored in the database) says which parts a pack has, in order: each part
** is a report (summary, outstanding, implemented, ...) with a filter and a
** title. report_pack() builds one Report of them: per part a heading-only
** section (nCol 0) with the part's title, then the part's report's sections.
** The format is documented in docs/reports.md. Not for: storing definitions
** (store_pack.c) or formats (report.c).
*/
#ifndef AT_REPORT_PACK_H
#define AT_REPORT_PACK_H

#include "report_build.h"

typedef struct PackPart {
  int line;     /* the definition's line number, for messages */
  char *zKind;  /* a report kind other than "pack" */
  char *zTitle; /* the part's heading */
  char *zRisk, *zBand, *zDirectorate, *zTheme, *zOwner; /* NULL: the pack's own filter */
  int status;                                           /* StatusFilter, or -1 for open */
  int nCycles; /* trend: cycles to show, 0 for the default */
  int table;   /* layout=table: one row per recommendation in the paper's columns */
  int omit;    /* empty=omit: a part with nothing in it is left out (default: "None.") */
} PackPart;

typedef struct Pack {
  char *zName;
  char *zTitle; /* the pack's title (a `pack title="..."` line), or NULL */
  int noCover;  /* `pack cover=no`: a title block over the first part, no cover page */
  int nPart;
  PackPart *aPart;
} Pack;

#define PACK_MAX_TEXT 65536
#define PACK_MAX_PARTS 100

/* Parse definition zText (named zName) into *out (pack_free releases it, also
** on failure). Returns 0, or 1 with "line N: ..." in err for the first error:
** an unknown report kind or key, a bad value, a missing quote, no parts. */
int pack_parse(const char *zName, const char *zText, Pack *out, Buf *err) AT_MUST;
void pack_free(Pack *p);
/* Check the names a parsed pack uses: every band is one of the policy's bands,
** "not yet due", "no target date" or "closed" (any case), and every risk one
** of azRisk (codes and labels, any case). Returns 0, or 1 with "line N: ..." */
int pack_check(const Pack *p, const Policy *pol, char *const *azRisk, int nRisk, Buf *err) AT_MUST;

/* The built-in definitions ("manchester", "cambridgeshire"): the text of zName
** (any case), or NULL. */
const char *pack_builtin(const char *zName);
extern const char *const pack_builtin_names[]; /* NULL-terminated */

/* Load the definition named zName into *out: the one stored in the database
** (`pack set`), else the built-in one; or, when zText is not NULL, zText itself
** (a --pack-file), called zName in messages. Parsed and checked against pol and
** the database's risk scales. Returns 0, or 1 with "pack NAME: line N: ..." in
** err. pack_free(out) in both cases. (In pack_load.c: it reads the database.) */
int pack_load(Db *db, const char *zName, const char *zText, const Policy *pol, Pack *out,
              Buf *err) AT_MUST;

/* Build the pack in->pack as at in->asAt. Empty parts say "None." (or are left out:
** empty=omit). NULL with a
** message in err only when in->pack is NULL; a part that cannot be built (a
** trend without two cycles) says why under its heading. */
Report *report_pack(const ReportInput *in, Buf *err);

#endif
