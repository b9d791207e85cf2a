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
  int bases;   /* bases=: 0 the pack's own, 1 one, 2 both (Filter.bothBases) */
  int bandBy;  /* band-by=: 0 the pack's own, else 1 + the Basis (Filter.bandBy) */
  int table;   /* layout=table: one row per recommendation in the paper's columns */
  int omit;    /* empty=omit: a part with nothing in it is left out (default: "None."); for
                  words, 2 is empty=none (their default is to be left out) */
  /* Words (zKind "text": a part of the head of audit's words; "front": one field of the
  ** front sheet, the consecutive ones making one table; "commentary": the audits with
  ** overdue actions its filters select, each with the commentary stored on it). */
  char *zBody;   /* the definition's own text (text="..." or the "> " lines), or NULL */
  int bodyLine;  /* the line the body starts on, for messages */
  char *zStored; /* stored=NAME: the cycle's stored text of that name, when there is one */
  int field;     /* front: the field (pack_front_fields[]) */
} PackPart;

/* Text stored for a reporting cycle (`cycle text`): a named part, or (auditId not 0) the
** commentary on an audit. */
typedef struct PackText {
  char *zPart;
  long long auditId;
  char *zBody;
} PackText;

/* The front sheet's fields, as UK council papers head them: key ("report_to") and label
** ("Report to"). NULL-terminated. */
typedef struct PackField {
  const char *zKey, *zLabel;
} PackField;
extern const PackField pack_front_fields[];
/* The placeholders a text may use ({open} ...): name and what it is. NULL-terminated. */
extern const PackField pack_placeholders[];
/* The placeholders' names, NULL-terminated, for markup_parse. */
extern const char *const pack_placeholder_names[];
/* Check text z (a stored part or commentary) as markup with the pack's placeholders:
** 0, or 1 with "line L, column C: ..." in err. */
int pack_text_check(const char *z, Buf *err) AT_MUST;

typedef struct Pack {
  char *zName;
  char *zTitle; /* the pack's title (a `pack title="..."` line), or NULL */
  int noCover;  /* `pack cover=no`: a title block over the first part, no cover page */
  int nPart;
  PackPart *aPart;
  int nText; /* the reporting cycle's stored texts (pack_load_texts), or none */
  PackText *aText;
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

/* Read the texts stored for the reporting cycle named zCycle (NULL: none) into pk. 0, or
** 1 with the database's message in err. (pack_load.c.) */
int pack_load_texts(Db *db, const char *zCycle, Pack *pk, Buf *err) AT_MUST;

/* report_pack_text.c, for report_pack.c: a text or front part's line (keys after the
** kind: field=, stored=, text=, empty=): 0 when zKey was one, -1 for title= (the caller's),
** 1 with "line N: ..." in err for a bad value or any other key. And the words of the parts once
*parsed: every
** body checked as markup (0, or 1 with "line N, column C: ..."). */
int pack_text_key(PackPart *x, const char *zKey, const char *zVal, int line, Buf *err);
/* A finished words line: a front line names its field. 0, or 1 with "line N: ..." */
int pack_text_part_check(const PackPart *x, Buf *err) AT_MUST;
int pack_text_parts_check(const Pack *p, Buf *err) AT_MUST;
/* Add parts i.. of p that are words to rp (a front sheet of the consecutive front parts,
** or a text part), figures from in; returns the index of the last part used. */
int pack_text_build(Report *rp, const ReportInput *in, int i);
/* The commentary stored on the audits of the open recommendations f selects, as one text
** section under the part (each audit once in a pack: aDone, in->pack->nText long, marks
** the texts printed). */
void pack_audit_commentary(Report *rp, const ReportInput *in, const Filter *f, char *aDone);

/* A commentary part x: for each audit with open recommendations overdue as at in->asAt that
** f (the pack's filter narrowed by the part's) selects, most overdue first, its reference and
** title, a line counting them by band (with the audit's open and implemented under the
** pack's own filter) and the commentary stored on it, filled, unless aDone says another part
** printed it (it is then marked). No audit: nothing, or "None." with empty=none. */
void pack_commentary_build(Report *rp, const ReportInput *in, const PackPart *x, const Filter *f,
                           char *aDone);

/* Build the pack in->pack as at in->asAt. Empty parts say "None." (or are left out:
** empty=omit). NULL with a
** message in err only when in->pack is NULL; a part that cannot be built (a
** trend without two cycles) says why under its heading. */
Report *report_pack(const ReportInput *in, Buf *err);

#endif
