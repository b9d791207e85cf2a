/*
** page_import.h: what the import pages share (page_import.c: the upload, the
** check and "Import now"; page_import_map.c: the columns and status words
** chosen on the page, and the map saved for the next tracker with the same
** headings). An upload travels between them by its digest, never by a path.
** Not for: the import itself (import.h).
*/
#ifndef AT_PAGE_IMPORT_H
#define AT_PAGE_IMPORT_H

#include "evidence.h"
#include "import.h"
#include "web.h"

/* A tracker kept for the import page, and the map it is read with. */
typedef struct ImportUpload {
  const char *zName;                /* the file's name as it was uploaded */
  char zSha[EVIDENCE_SHA_HEX];      /* the upload's digest */
  char zMapSha[EVIDENCE_SHA_HEX];   /* the map's digest, or "" for none */
  char zMatchSha[EVIDENCE_SHA_HEX]; /* the match file's digest (a refresh), or "" */
  const char *zData;                /* the bytes (the request's or data's) */
  size_t n;
  const char *zMapFrom; /* where the map came from, for the page; NULL: uploaded */
} ImportUpload;

/* 1 when z is 64 lower-case hex digits (a digest the page sent). */
int import_page_is_sha(const char *z);
/* The kept file of digest zSha: DIR/ab/cdef... */
void import_page_path(const Req *r, const char *zSha, char *z, size_t n);
/* A hidden input, when zValue is not empty. */
void import_page_hidden(Buf *b, const char *zName, const char *zValue);
/* The upload's hidden fields: sha, name, map_sha, match_sha, sheet and as_at. */
void import_page_carry(Req *r, const ImportUpload *u);
/* Read the upload (and map) a form names back into *u, its bytes in *data:
** 0, or 1 after answering (the form was tampered with, or the upload is gone). */
int import_page_load(Req *r, ImportUpload *u, Buf *data);
/* Keep zText as a map beside the upload, into u->zMapSha: 0, or 1 after answering. */
int import_page_keep_map(Req *r, ImportUpload *u, const char *zText, size_t n);
/* Where an ImportOpts finds u's map and match file. */
typedef struct ImportPaths {
  char zMap[1024], zMatches[1024];
} ImportPaths;
/* The options the page's fields give, reading u's map and match file (their paths in *p). */
void import_page_opts(Req *r, const ImportUpload *u, ImportOpts *o, ImportPaths *p);
/* Import u's bytes with those options (a dry run with dryRun), the refresh's
** listing (docs/import.md) into *refresh when not NULL: import_file's result. */
int import_page_run(Req *r, const ImportUpload *u, int dryRun, ImportResult *res, Buf *err,
                    Buf *warn, Buf *refresh);
/* A refresh's proposed matches (the dry run's listing zRefresh), each with a choice
** to import the row as a new recommendation instead, posted to /import/matches. */
void import_page_matches(Req *r, const ImportUpload *u, const char *zRefresh);

/* What comes after an upload or a choice: the columns when the file's headings
** are not understood (or askColumns), else the status words when one has no
** meaning, else the check (a dry run). */
void import_page_next(Req *r, ImportUpload *u, int askColumns);
/* The check's page: every problem, or what importing would add and "Import now". */
void import_page_check(Req *r, ImportUpload *u);
/* The column map saved for trackers with headings of signature zSig, or NULL (heap). */
char *import_page_saved_map(Req *r, const char *zSig);

/* The file's audit titles that differ only in case, punctuation and spacing, each
** group with a form to merge them under the spelling chosen (/import/merge). */
void import_page_titles(Req *r, const ImportUpload *u);

#endif
