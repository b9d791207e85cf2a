/*
** import_map.c: the column map of an import: which column holds which field.
** The seed trackers' layout is recognised by its header; any other layout is
** described by a map file (docs/import.md), read here and matched against the
** header once it is read.
** Not for: reading the rows (import_row.c) or running the import (import.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "import_int.h"
#include "model.h"

/* Field names as a map file writes them: the plain text fields' from rec_fields.h. */
const char *const import_field_names[] = {"audit_title",
                                          "audit_ref",
                                          "audit_date",
                                          "provider",
                                          "assurance",
                                          "risk",
                                          "original_target",
                                          "revised_targets",
                                          "revised_targets_by_cycle",
                                          "current_target",
                                          "previous_update",
                                          "latest_update",
                                          "ia_opinion",
                                          "next_action",
                                          "as_at_date",
                                          "confidential",
                                          "organisation",
                                          "months_overdue_stated",
                                          "owner_email",
                                          "director_email",
                                          "executive_member_email",
                                          "percent_complete",
#define MAP_NAME(id, member, column, select, set, api, header, ...) header,
                                          REC_TEXT_FIELDS(MAP_NAME)
#undef MAP_NAME
};
_Static_assert(sizeof(import_field_names) / sizeof(import_field_names[0]) == FIELD__MAX,
               "import_field_names");

/* Field names as the import page's column form asks for them. */
const char *const import_field_labels[] = {"Audit title",
                                           "Audit reference",
                                           "Audit date (final report)",
                                           "Audit provider",
                                           "Assurance opinion",
                                           "Risk rating",
                                           "Original target date",
                                           "Revised target dates",
                                           "Revised target dates by cycle",
                                           "Current target date",
                                           "Previous update",
                                           "Latest update",
                                           "Status (internal audit's opinion)",
                                           "Next action",
                                           "The tracker's date (as at)",
                                           "Confidential",
                                           "Organisation",
                                           "Months overdue, as the tracker states them",
                                           "Owner's email address",
                                           "Director's email address",
                                           "Executive member's email address",
                                           "Percent complete",
#define MAP_LABEL(id, member, column, select, set, api, header, required, seed, detail, label,     \
                  ...)                                                                             \
  label,
                                           REC_TEXT_FIELDS(MAP_LABEL)
#undef MAP_LABEL
};
_Static_assert(sizeof(import_field_labels) / sizeof(import_field_labels[0]) == FIELD__MAX,
               "import_field_labels");

int import_field_count(void) { return FIELD__MAX; }
const char *import_field_name(int k) { return import_field_names[k]; }
const char *import_field_label(int k) { return import_field_labels[k]; }

/* The seed trackers' headers: the plain text fields' seed headings from rec_fields.h. */
static const struct {
  const char *zHeader;
  Field f;
} aSeed[] = {{"audit_title", F_AUDIT_TITLE},
             {"audit_date", F_AUDIT_DATE},
             {"risk_label", F_RISK},
             {"original_due_date", F_ORIGINAL},
             {"revised_due_dates", F_REVISED},
             {"revised_due_dates_by_cycle", F_REVISED_BY_CYCLE},
             {"current_target_date", F_CURRENT},
             {"previous_update", F_PREV_UPDATE},
             {"latest_update", F_LATEST_UPDATE},
             {"ia_opinion", F_OPINION},
             {"next_action", F_NEXT_ACTION},
             {"as_at_date", F_AS_AT},
             {"organisation", F_ORGANISATION},
             {"months_overdue_stated", F_MONTHS_STATED},
             /* Not in the seed files; `auditrack export` writes them so that nothing is lost. */
             {"audit_ref", F_AUDIT_REF},
             {"provider", F_PROVIDER},
             {"assurance", F_ASSURANCE},
             {"confidential", F_CONFIDENTIAL},
             {"owner_email", F_OWNER_EMAIL},
             {"director_email", F_DIRECTOR_EMAIL},
             {"executive_member_email", F_EXEC_EMAIL},
             {"percent_complete", F_PERCENT},
#define SEED_HEADING(id, member, column, select, set, api, header, required, seed, ...)            \
  {seed, F_##id},
             REC_TEXT_FIELDS(SEED_HEADING)
#undef SEED_HEADING
};

/* ---- the map ---- */

/* The column whose heading is zName: the whole heading first, then (under a
** two-row header) the sub-heading alone. -1 when none. */
static int header_find(CsvRecord *hdr, char **azSub, const char *zName, int nocase) {
  for (int pass = 0; pass < (azSub ? 2 : 1); pass++) {
    char **az = pass ? azSub : hdr->azField;
    for (int c = 0; c < hdr->nField; c++) {
      if (!az[c]) continue;
      if (nocase) {
        char *z = xstrdup(az[c]);
        import_trim(z);
        int eq = !strcasecmp(z, zName);
        free(z);
        if (eq) return c;
      } else if (!strcmp(az[c], zName)) {
        return c;
      }
    }
  }
  return -1;
}

/* Headings trackers give the percent complete, any case, when no column is
** named percent_complete. */
static const char *const azPercentHeading[] = {
    "% complete", "percent complete", "percentage complete", "progress %", "progress (%)",
    "% progress", "complete %",       "% completed",         "% done",     "percent done"};

int import_map_seed(Map *m, CsvRecord *hdr, char **azSub) {
  for (size_t k = 0; k < sizeof aSeed / sizeof aSeed[0]; k++) {
    int c = header_find(hdr, azSub, aSeed[k].zHeader, 0);
    if (c >= 0) m->aCol[aSeed[k].f] = c;
  }
  for (size_t k = 0;
       m->aCol[F_PERCENT] < 0 && k < sizeof azPercentHeading / sizeof *azPercentHeading; k++) {
    m->aCol[F_PERCENT] = header_find(hdr, azSub, azPercentHeading[k], 1);
  }
  return m->aCol[F_AUDIT_TITLE] >= 0 && m->aCol[F_BODY] >= 0 && m->aCol[F_ORIGINAL] >= 0;
}

/* Headings other councils' trackers give each field, any case: the column
** page's first guess for a tracker without a map, which the user confirms.
** Never read by an import itself: a tracker not in the seed layout is read
** only through a map someone chose. */
static const struct {
  Field f;
  const char *azHeading[10];
} aGuess[] = {
    {F_AUDIT_TITLE,
     {"audit", "audit title", "audit name", "audit report", "report title", "report", "review",
      "assignment", "audit area"}},
    {F_AUDIT_REF, {"audit ref", "audit reference", "audit no", "report ref", "report reference"}},
    {F_AUDIT_DATE,
     {"audit date", "report date", "date of report", "final report date", "date report issued"}},
    {F_BODY,
     {"recommendation", "recommendations", "finding", "findings", "issue", "issue identified",
      "recommendation text", "observation"}},
    {F_REF,
     {"rec ref", "rec no", "rec no.", "rec number", "recommendation no", "recommendation number",
      "recommendation ref", "no.", "no", "ref"}},
    {F_ORIGINAL,
     {"original target date", "original due date", "due date", "due by", "target date",
      "implementation date", "agreed implementation date", "agreed date", "deadline", "target"}},
    {F_CURRENT,
     {"revised target date", "revised due date", "revised date", "current target date",
      "current due date", "new target date"}},
    {F_RISK,
     {"priority", "risk rating", "risk", "rating", "risk level", "priority rating", "grade",
      "category"}},
    {F_OWNER,
     {"owner", "action owner", "responsible officer", "officer responsible", "lead officer",
      "responsible manager", "responsible person", "manager", "officer"}},
    {F_DIRECTOR,
     {"director", "responsible director", "executive director", "director responsible"}},
    {F_DIRECTORATE, {"directorate", "service", "department", "service area", "division"}},
    {F_ACTION,
     {"management response", "agreed action", "management action", "action agreed",
      "management comments", "response"}},
    {F_OPINION,
     {"status", "rag", "rag status", "current status", "implementation status", "ia opinion",
      "audit opinion", "progress"}},
    {F_LATEST_UPDATE,
     {"latest update", "update", "progress update", "management update", "comments", "commentary",
      "latest position", "position"}},
};

/* A column not yet given to any field. */
static int column_free(const Map *m, int c) {
  for (int k = 0; k < FIELD__MAX; k++) {
    if (m->aCol[k] == c) return 0;
  }
  return 1;
}

void import_map_guess(Map *m, CsvRecord *hdr, char **azSub) {
  for (size_t k = 0; k < sizeof aGuess / sizeof aGuess[0]; k++) {
    Field f = aGuess[k].f;
    for (int h = 0; m->aCol[f] < 0 && h < 10 && aGuess[k].azHeading[h]; h++) {
      int c = header_find(hdr, azSub, aGuess[k].azHeading[h], 1);
      if (c >= 0 && column_free(m, c)) m->aCol[f] = c;
    }
  }
}

static unsigned map_dates(const char *z, Buf *err) {
  unsigned mask = DF_TBC;
  char *zCopy = xstrdup(z), *zSave = 0;
  for (char *t = strtok_r(zCopy, ", ", &zSave); t; t = strtok_r(0, ", ", &zSave)) {
    if (!strcasecmp(t, "iso"))
      mask |= DF_ISO;
    else if (!strcasecmp(t, "dmy"))
      mask |= DF_DMY;
    else if (!strcasecmp(t, "mdy"))
      mask |= DF_MDY;
    else if (!strcasecmp(t, "text"))
      mask |= DF_TEXT;
    else if (!strcasecmp(t, "season"))
      mask |= DF_SEASON;
    else {
      buf_appendf(err, "unknown date style '%s' (iso, dmy, mdy, text, season)", t);
      mask = 0;
      break;
    }
  }
  free(zCopy);
  if (mask && (mask & DF_DMY) && (mask & DF_MDY)) {
    buf_puts(err, "dmy and mdy cannot both be allowed: 01/02/2024 would be ambiguous");
    mask = 0;
  }
  return mask;
}

/* ---- the status vocabulary a map extends ---- */

void import_map_init(Map *m, int seedWords) {
  memset(m, 0, sizeof *m);
  for (int k = 0; k < FIELD__MAX; k++) m->aCol[k] = -1;
  m->dateMask = DF_DEFAULT;
  vocab_init(&m->vocab);
  if (seedWords) m->vocab.unknown = ST_IN_PROGRESS;
}

void import_map_free(Map *m) {
  for (int k = 0; k < FIELD__MAX; k++) {
    free(m->azHeader[k]);
    m->azHeader[k] = 0;
  }
  for (int i = 0; i < m->nAlias; i++) {
    free(m->aAlias[i].zFrom);
    free(m->aAlias[i].zTo);
  }
  free(m->aAlias);
  m->aAlias = 0;
  m->nAlias = 0;
  vocab_free(&m->vocab);
}

/* A map line "status WORD = MEANING" (zKey is "status WORD"): -1 when zKey is
** not one, else 0, or 1 with the reason in err. */
static int map_status_line(Map *m, const char *zKey, const char *zVal, const char *zPath,
                           int lineNo, Buf *err) {
  if (strncmp(zKey, "status", 6) || (zKey[6] && zKey[6] != ' ' && zKey[6] != '\t')) return -1;
  const char *zWord = zKey + 6;
  while (*zWord == ' ' || *zWord == '\t') zWord++;
  Buf e = BUF_INIT;
  int rc = 0;
  if (!zWord[0]) {
    buf_puts(&e, "expected 'status WORD = MEANING' (or 'status * = MEANING' for unknown words)");
    rc = 1;
  } else {
    rc = vocab_add(&m->vocab, zWord, zVal, &e);
  }
  if (rc) buf_appendf(err, "%s:%d: %s", zPath, lineNo, buf_cstr(&e));
  buf_free(&e);
  return rc;
}

const char *import_map_title(const Map *m, const char *z) {
  /* A merge of a merged title follows on (A = B, then B = C: A is C), at most once a line. */
  for (int step = 0, hit = 1; z && hit && step < m->nAlias; step++) {
    hit = 0;
    for (int i = m->nAlias - 1; !hit && i >= 0; i--) {
      if (!strcmp(m->aAlias[i].zFrom, z) && strcmp(m->aAlias[i].zTo, z)) {
        z = m->aAlias[i].zTo;
        hit = 1;
      }
    }
  }
  return z;
}

/* A map line "audit TITLE = TITLE" (zKey is "audit TITLE"): -1 when zKey is not
** one, else 0, or 1 with the reason in err. */
static int map_audit_line(Map *m, const char *zKey, const char *zVal, const char *zPath, int lineNo,
                          Buf *err) {
  if (strncmp(zKey, "audit", 5) || (zKey[5] != ' ' && zKey[5] != '\t')) return -1;
  const char *zFrom = zKey + 5;
  while (*zFrom == ' ' || *zFrom == '\t') zFrom++;
  if (!zFrom[0] || !zVal[0]) {
    buf_appendf(err, "%s:%d: expected 'audit TITLE = TITLE IT IS READ AS'", zPath, lineNo);
    return 1;
  }
  m->aAlias = xrealloc(m->aAlias, sizeof(m->aAlias[0]) * (size_t)(m->nAlias + 1));
  m->aAlias[m->nAlias].zFrom = xstrdup(zFrom);
  m->aAlias[m->nAlias++].zTo = xstrdup(zVal);
  return 0;
}

/* Read a map file into m (before the header is known). Returns 0 or 1 with err. */
int import_map_read(Map *m, const char *zPath, Buf *err) {
  FILE *f = fopen(zPath, "r");
  if (!f) {
    buf_appendf(err, "cannot read map %s", zPath);
    return 1;
  }
  int rc = import_map_read_file(m, f, zPath, err);
  fclose(f);
  return rc;
}

int import_map_read_file(Map *m, FILE *f, const char *zPath, Buf *err) {
  char zLine[1024];
  int lineNo = 0, rc = 0;
  char *zKey, *zVal;
  while (!rc && import_conf_line(f, zLine, sizeof zLine, &lineNo, &zKey, &zVal)) {
    if (!zVal) {
      buf_appendf(err, "%s:%d: expected 'field = Column heading'", zPath, lineNo);
      rc = 1;
      break;
    }
    int st = map_status_line(m, zKey, zVal, zPath, lineNo, err);
    if (st < 0) st = map_audit_line(m, zKey, zVal, zPath, lineNo, err);
    if (st >= 0) {
      rc = st;
      continue;
    }
    if (!strcmp(zKey, "layout")) {
      if (strcmp(zVal, "seed")) {
        buf_appendf(err, "%s:%d: the only layout is 'seed'", zPath, lineNo);
        rc = 1;
      }
      m->seed = 1;
      continue;
    }
    if (!strcmp(zKey, "dates")) {
      Buf e = BUF_INIT;
      m->dateMask = map_dates(zVal, &e);
      if (!m->dateMask) {
        buf_appendf(err, "%s:%d: %s", zPath, lineNo, buf_cstr(&e));
        rc = 1;
      }
      buf_free(&e);
      continue;
    }
    int k = 0;
    while (k < FIELD__MAX && strcmp(import_field_names[k], zKey)) k++;
    if (k == FIELD__MAX) {
      buf_appendf(err, "%s:%d: unknown field '%s' (see docs/import.md)", zPath, lineNo, zKey);
      rc = 1;
      break;
    }
    free(m->azHeader[k]);
    m->azHeader[k] = zVal[0] ? xstrdup(zVal) : 0;
    if (!zVal[0]) m->azHeader[k] = xstrdup("\x01"); /* "field =" removes a seed column */
  }
  return rc;
}

int import_map_apply_header(Map *m, CsvRecord *hdr, char **azSub, Buf *err) {
  int rc = 0;
  for (int k = 0; k < FIELD__MAX; k++) {
    if (!m->azHeader[k]) continue;
    m->aCol[k] = -1;
    if (m->azHeader[k][0] == '\x01') continue;
    m->aCol[k] = header_find(hdr, azSub, m->azHeader[k], 1);
    if (m->aCol[k] < 0) {
      buf_appendf(err, "map: field %s names column '%s', which the header does not have\n",
                  import_field_names[k], m->azHeader[k]);
      rc = 1;
    }
  }
  if (!rc && (m->aCol[F_AUDIT_TITLE] < 0 || m->aCol[F_BODY] < 0)) {
    buf_puts(err, "map: audit_title and recommendation are required\n");
    rc = 1;
  }
  return rc;
}
