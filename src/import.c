/*
** import.c: a tracker CSV into the register, all or nothing.
**
** A column map says which column holds which field. The seed trackers' layout
** is recognised by its header; any other layout is described by a map file
** (docs/import.md). History is dated as the sheet dates it: revisions on the
** cycle they were agreed in where the sheet says so, else on the tracker's
** date; updates and opinions on the tracker's date (a "June 2022: ..." prefix
** dates a previous update). A recommendation exists from its audit's date, and
** no later than its original target or its earliest dated history, so a report
** as at the tracker's date reproduces the tracker and one as at an earlier date
** shows what was known then. Not for: CSV syntax (csv.c).
*/
#include "import.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "csv.h"
#include "model.h"
#include "mail.h"
#include "store.h"
#include "xlsx_read.h"

typedef enum Field {
  F_AUDIT_TITLE, F_AUDIT_REF, F_AUDIT_DATE, F_DIRECTORATE, F_THEME, F_PROVIDER, F_ASSURANCE,
  F_REF, F_TITLE, F_TEXT, F_RISK, F_RISK_TEXT, F_ORIGINAL, F_REVISED, F_REVISED_BY_CYCLE,
  F_CURRENT, F_ACTION, F_PREV_UPDATE, F_LATEST_UPDATE, F_OPINION, F_OWNER, F_DIRECTOR, F_EXEC,
  F_NEXT_ACTION, F_NOTES, F_SECTION, F_AS_AT, F_CONFIDENTIAL, F_EVIDENCE, F_ORGANISATION,
  F_MONTHS_STATED, F_OWNER_EMAIL, F_DIRECTOR_EMAIL, F_EXEC_EMAIL, FIELD__MAX
} Field;

/* Field names as a map file writes them. */
static const char *const azField[] = {
  "audit_title", "audit_ref", "audit_date", "directorate", "theme", "provider", "assurance",
  "rec_ref", "rec_title", "recommendation", "risk", "risk_text", "original_target",
  "revised_targets", "revised_targets_by_cycle", "current_target", "management_response",
  "previous_update", "latest_update", "ia_opinion", "owner", "director", "executive_member",
  "next_action", "notes", "section", "as_at_date", "confidential", "evidence_required",
  "organisation", "months_overdue_stated", "owner_email", "director_email",
  "executive_member_email",
};
_Static_assert(sizeof(azField) / sizeof(azField[0]) == FIELD__MAX, "azField");

/* The seed trackers' headers. */
static const struct {
  const char *zHeader;
  Field f;
} aSeed[] = {
  {"audit_title", F_AUDIT_TITLE}, {"audit_date", F_AUDIT_DATE},
  {"directorate_or_theme", F_THEME}, {"rec_ref", F_REF}, {"action_title", F_TITLE},
  {"recommendation", F_TEXT}, {"risk_label", F_RISK}, {"risk_text", F_RISK_TEXT},
  {"original_due_date", F_ORIGINAL}, {"revised_due_dates", F_REVISED},
  {"revised_due_dates_by_cycle", F_REVISED_BY_CYCLE}, {"current_target_date", F_CURRENT},
  {"management_response", F_ACTION}, {"previous_update", F_PREV_UPDATE},
  {"latest_update", F_LATEST_UPDATE}, {"ia_opinion", F_OPINION},
  {"owner_director", F_DIRECTOR}, {"executive_member", F_EXEC}, {"next_action", F_NEXT_ACTION},
  {"notes", F_NOTES}, {"section", F_SECTION}, {"as_at_date", F_AS_AT},
  {"organisation", F_ORGANISATION}, {"months_overdue_stated", F_MONTHS_STATED},
  /* Not in the seed files; `auditrack export` writes them so that nothing is lost. */
  {"audit_ref", F_AUDIT_REF}, {"directorate", F_DIRECTORATE}, {"provider", F_PROVIDER},
  {"assurance", F_ASSURANCE}, {"owner", F_OWNER}, {"evidence_required", F_EVIDENCE},
  {"confidential", F_CONFIDENTIAL},
  {"owner_email", F_OWNER_EMAIL}, {"director_email", F_DIRECTOR_EMAIL},
  {"executive_member_email", F_EXEC_EMAIL},
};

typedef struct Map {
  int aCol[FIELD__MAX];      /* column index per field, -1 when absent */
  char *azHeader[FIELD__MAX]; /* header text a map names, matched after reading the header */
  unsigned dateMask;
  int seed;
} Map;

typedef struct Imp {
  Db *db;
  const ImportOpts *o;
  Map map;
  Buf *pErr;
  ImportResult *res;
  char **az;   /* current row's fields */
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
  } *aPlan;
  int nPlan, nPlanSlot; /* entries; slots of the open-addressing table (a power of 2) */
  long long *aRecAudit;
  int nRecAudit;
} Imp;

#define MAX_PROBLEMS_SHOWN 200

static void problem(Imp *im, Field f, const char *zValue, const char *zFmt, ...)
    AT_PRINTF(4, 5);
static void problem(Imp *im, Field f, const char *zValue, const char *zFmt, ...) {
  im->res->nProblem++;
  if (im->res->nProblem > MAX_PROBLEMS_SHOWN) return;
  Buf *b = im->pErr;
  if (im->xlsx) {
    buf_appendf(b, "row %ld", im->row);
    char zCol[8];
    if ((int)f >= 0 && im->map.aCol[f] >= 0) {
      buf_appendf(b, ", column %s (%s)", xlsx_col_name(im->map.aCol[f], zCol), azField[f]);
    } else if ((int)f >= 0) {
      buf_appendf(b, ", column %s", azField[f]);
    }
  } else {
    buf_appendf(b, "row %ld (line %ld)", im->row, im->line);
    if ((int)f >= 0) buf_appendf(b, ", column %s", azField[f]);
  }
  if (zValue) {
    int n = (int)strlen(zValue);
    buf_appendf(b, ", value '%.*s%s'", n > 60 ? 60 : n, zValue, n > 60 ? "..." : "");
  }
  buf_puts(b, ": ");
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(b, zFmt, ap);
  va_end(ap);
  buf_putc(b, '\n');
}

/* The trimmed value of field f in the current row, or NULL when absent or blank.
** An apostrophe before = + - or @ is dropped: it is how CSV writers (auditrack's
** own included) stop a spreadsheet reading the text as a formula. */
static const char *val(Imp *im, Field f) {
  int c = im->map.aCol[f];
  if (c < 0 || c >= im->nField) return 0;
  char *z = im->az[c];
  while (isspace((unsigned char)*z)) z++;
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  if (z[0] == '\'' && z[1] && strchr("=+-@", z[1])) z++, n--;
  return n ? z : 0;
}

static void trim_inplace(char *z) {
  size_t n = strlen(z), i = 0;
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  while (isspace((unsigned char)z[i])) i++;
  memmove(z, z + i, n - i + 1);
}

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
        trim_inplace(z);
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

static int map_seed(Map *m, CsvRecord *hdr, char **azSub) {
  for (size_t k = 0; k < sizeof aSeed / sizeof aSeed[0]; k++) {
    int c = header_find(hdr, azSub, aSeed[k].zHeader, 0);
    if (c >= 0) m->aCol[aSeed[k].f] = c;
  }
  return m->aCol[F_AUDIT_TITLE] >= 0 && m->aCol[F_TEXT] >= 0 && m->aCol[F_ORIGINAL] >= 0;
}

static unsigned map_dates(const char *z, Buf *err) {
  unsigned mask = DF_TBC;
  char *zCopy = xstrdup(z), *zSave = 0;
  for (char *t = strtok_r(zCopy, ", ", &zSave); t; t = strtok_r(0, ", ", &zSave)) {
    if (!strcasecmp(t, "iso")) mask |= DF_ISO;
    else if (!strcasecmp(t, "dmy")) mask |= DF_DMY;
    else if (!strcasecmp(t, "mdy")) mask |= DF_MDY;
    else if (!strcasecmp(t, "text")) mask |= DF_TEXT;
    else if (!strcasecmp(t, "season")) mask |= DF_SEASON;
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

/* Read a map file into m (before the header is known). Returns 0 or 1 with err. */
static int map_read(Map *m, const char *zPath, Buf *err) {
  FILE *f = fopen(zPath, "r");
  if (!f) {
    buf_appendf(err, "cannot read map %s", zPath);
    return 1;
  }
  char zLine[1024];
  int lineNo = 0, rc = 0;
  while (!rc && fgets(zLine, sizeof zLine, f)) {
    lineNo++;
    char *zHash = strchr(zLine, '#');
    if (zHash) *zHash = 0;
    trim_inplace(zLine);
    if (!zLine[0]) continue;
    char *zEq = strchr(zLine, '=');
    if (!zEq) {
      buf_appendf(err, "%s:%d: expected 'field = Column heading'", zPath, lineNo);
      rc = 1;
      break;
    }
    *zEq = 0;
    char *zKey = zLine, *zVal = zEq + 1;
    trim_inplace(zKey);
    trim_inplace(zVal);
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
    while (k < FIELD__MAX && strcmp(azField[k], zKey)) k++;
    if (k == FIELD__MAX) {
      buf_appendf(err, "%s:%d: unknown field '%s' (see docs/import.md)", zPath, lineNo, zKey);
      rc = 1;
      break;
    }
    free(m->azHeader[k]);
    m->azHeader[k] = zVal[0] ? xstrdup(zVal) : 0;
    if (!zVal[0]) m->azHeader[k] = xstrdup("\x01"); /* "field =" removes a seed column */
  }
  fclose(f);
  return rc;
}

static int map_apply_header(Map *m, CsvRecord *hdr, char **azSub, Buf *err) {
  int rc = 0;
  for (int k = 0; k < FIELD__MAX; k++) {
    if (!m->azHeader[k]) continue;
    m->aCol[k] = -1;
    if (m->azHeader[k][0] == '\x01') continue;
    m->aCol[k] = header_find(hdr, azSub, m->azHeader[k], 1);
    if (m->aCol[k] < 0) {
      buf_appendf(err, "map: field %s names column '%s', which the header does not have\n",
                  azField[k], m->azHeader[k]);
      rc = 1;
    }
  }
  if (!rc && (m->aCol[F_AUDIT_TITLE] < 0 || m->aCol[F_TEXT] < 0 || m->aCol[F_ORIGINAL] < 0)) {
    buf_puts(err, "map: audit_title, recommendation and original_target are required\n");
    rc = 1;
  }
  return rc;
}

/* ---- values ---- */

/* Parse a date field. Returns 0 ok (kind in *p), 1 after reporting a problem. */
static int date_field(Imp *im, Field f, const char *z, DateParse *p) {
  char zErr[96];
  if (!z) {
    p->kind = DATE_EMPTY;
    p->day = DAY_NONE;
    return 0;
  }
  if (day_parse(z, im->map.dateMask, p, zErr, sizeof zErr)) {
    problem(im, f, z, "not a date: %s", zErr);
    return 1;
  }
  return 0;
}

/* "September 2023 cycle" -> the end of September 2023; DAY_NONE when the label
** names no month. */
static Day label_month_end(const char *zLabel) {
  DateParse p;
  char zErr[8], zBuf[64];
  int i = 0;
  /* the first two words */
  const char *z = zLabel;
  int words = 0;
  while (*z && words < 2 && i < (int)sizeof zBuf - 1) {
    if (*z == ' ' && ++words == 2) break;
    zBuf[i++] = *z++;
  }
  zBuf[i] = 0;
  if (day_parse(zBuf, DF_TEXT, &p, zErr, sizeof zErr) == 0 && p.kind == DATE_MONTH) return p.day;
  return DAY_NONE;
}

typedef struct RevIn {
  char *zValue;  /* target text */
  char *zLabel;  /* cycle label, or NULL */
  Day on;
} RevIn;

/* The revision ledger of one row: values from revised_targets ("; " separated,
** oldest first), and where revised_targets_by_cycle lists the same number of
** items, their cycle labels and dates. */
static int row_revisions(Imp *im, Day asAt, RevIn **pa) {
  const char *zVals = val(im, F_REVISED), *zCyc = val(im, F_REVISED_BY_CYCLE);
  RevIn *a = 0;
  int n = 0;
  *pa = 0;
  if (!zVals) return 0;
  char *zCopy = xstrdup(zVals), *zSave = 0;
  for (char *t = strtok_r(zCopy, ";", &zSave); t; t = strtok_r(0, ";", &zSave)) {
    trim_inplace(t);
    if (!t[0]) continue;
    a = xrealloc(a, sizeof(RevIn) * (size_t)(n + 1));
    a[n].zValue = xstrdup(t);
    a[n].zLabel = 0;
    a[n].on = asAt;
    n++;
  }
  free(zCopy);
  if (zCyc) {
    /* Flatten "LABEL: v1, then v2; LABEL: v3" into labelled items. */
    RevIn *b = 0;
    int m = 0;
    zCopy = xstrdup(zCyc);
    zSave = 0;
    for (char *t = strtok_r(zCopy, ";", &zSave); t; t = strtok_r(0, ";", &zSave)) {
      trim_inplace(t);
      char *zColon = strstr(t, ": ");
      if (!zColon) continue;
      *zColon = 0;
      char *zValues = zColon + 2;
      if (!strcasecmp(zValues, "n/a")) continue;
      for (char *v = zValues; v;) {
        char *zThen = strstr(v, ", then ");
        if (zThen) *zThen = 0;
        b = xrealloc(b, sizeof(RevIn) * (size_t)(m + 1));
        b[m].zLabel = xstrdup(t);
        b[m].zValue = 0;
        Day d = label_month_end(t);
        b[m].on = d != DAY_NONE && d < asAt ? d : asAt;
        m++;
        v = zThen ? zThen + 7 : 0;
      }
    }
    free(zCopy);
    if (m == n) {
      for (int i = 0; i < n; i++) {
        a[i].zLabel = b[i].zLabel;
        a[i].on = b[i].on;
      }
    } else {
      for (int i = 0; i < m; i++) free(b[i].zLabel);
    }
    free(b);
  }
  *pa = a;
  return n;
}

static void revs_free(RevIn *a, int n) {
  for (int i = 0; i < n; i++) {
    free(a[i].zValue);
    free(a[i].zLabel);
  }
  free(a);
}

static int truthy(const char *z) {
  return z && (!strcasecmp(z, "yes") || !strcasecmp(z, "y") || !strcasecmp(z, "true") ||
               !strcmp(z, "1") || !strcasecmp(z, "x") || !strcasecmp(z, "confidential"));
}

/* "25 months overdue", "Five months overdue": the number a tracker states, or -1. */
static int stated_months(const char *z) {
  static const char *const azWord[] = {"zero", "one", "two", "three", "four", "five", "six",
                                       "seven", "eight", "nine", "ten", "eleven", "twelve", 0};
  while (isspace((unsigned char)*z)) z++;
  if (isdigit((unsigned char)*z)) return atoi(z);
  for (int i = 0; azWord[i]; i++) {
    size_t n = strlen(azWord[i]);
    if (!strncasecmp(z, azWord[i], n) && !isalpha((unsigned char)z[n])) return i;
  }
  return -1;
}

/* Compare the months a tracker states with what the engine computes as at the
** tracker's date, and note any difference: the reader should know which figure
** the reports will print. r holds the row's history as it will be stored. */
static void check_stated_months(Imp *im, const Rec *r, Day asAt) {
  const char *z = val(im, F_MONTHS_STATED);
  int stated = z ? stated_months(z) : -1;
  if (stated < 0) return;
  RecState st;
  rec_state_at(r, &im->pol, asAt, &st);
  char zAt[DAY_FMT_MAX], zDue[DAY_FMT_MAX];
  int months = st.overdue ? st.months : 0;
  if (months != stated) {
    buf_appendf(im->pWarn, "row %ld: the tracker states '%s'; as at %s the policy gives %d "
                           "month%s (due %s)\n", im->row, z, day_fmt(asAt, DAY_UK, zAt), months,
                months == 1 ? "" : "s", day_fmt(st.due, DAY_UK, zDue));
  }
}

/* Optional e-mail columns: store each valid address for the person the row names
** (the people list, for notifications); an invalid one, or one for nobody, is a
** warning and is not stored: a bad address must not reject the tracker. */
static int import_emails(Imp *im) {
  static const Field aPair[][2] = {
    {F_OWNER_EMAIL, F_OWNER}, {F_DIRECTOR_EMAIL, F_DIRECTOR}, {F_EXEC_EMAIL, F_EXEC}};
  for (int k = 0; k < 3; k++) {
    const char *zEmail = val(im, aPair[k][0]), *zName = val(im, aPair[k][1]);
    char zWhy[96];
    if (!zEmail) continue;
    if (!zName) {
      buf_appendf(im->pWarn, "row %ld: column %s, value '%s': no %s is named; not stored\n",
                  im->row, azField[aPair[k][0]], zEmail, azField[aPair[k][1]]);
    } else if (!mail_addr_valid(zEmail, zWhy, sizeof zWhy)) {
      buf_appendf(im->pWarn, "row %ld: column %s, value '%.80s': not an e-mail address (%s); "
                             "not stored\n", im->row, azField[aPair[k][0]], zEmail, zWhy);
    } else if (!im->o->dryRun && store_person_set(im->db, zName, zEmail, -1, "import", 0)) {
      return 1;
    }
  }
  return 0;
}

/* The rating for a code, remembering the codes already seen in this file. */
static long long rating_lookup(Imp *im, const char *zRisk) {
  for (int i = 0; i < im->nRiskSeen; i++) {
    if (!strcmp(im->azRiskSeen[i], zRisk)) return im->aRiskId[i];
  }
  long long id = store_rating_find(im->db, im->o->zScale, zRisk);
  if (im->nRiskSeen < (int)(sizeof im->aRiskId / sizeof im->aRiskId[0])) {
    im->azRiskSeen[im->nRiskSeen] = xstrdup(zRisk);
    im->aRiskId[im->nRiskSeen++] = id;
  }
  return id;
}

/* One row as read and checked, before anything is written: what row_write stores. */
typedef struct RowIn {
  const char *zTitle, *zText, *zOrig, *zPrev, *zLatest, *zSection;
  Day asAt, auditDate;
  long long ratingId;
  int assurance;
  Rec r;                   /* fields, dates and existsFrom; the ledger is attached for checks */
  RevIn *aRev;             /* the ledger as the sheet gives it */
  int nRev;
  Revision *aOut;          /* ... as revisions, in the sheet's order */
  Revision extra;          /* the current target, when the ledger does not explain it */
  int hasExtra;
  Progress upPrev, upLatest;
  Opinion op;
  int hasOp;
} RowIn;

/* The tracker's date, the audit's date and the original target. Returns 1 when
** a problem makes the row unusable, -1 when the tracker's date is missing
** (nothing else is worth checking), 0 otherwise. */
static int row_dates(Imp *im, RowIn *w) {
  int bad = 0;
  DateParse p;
  w->asAt = im->o->asAt;
  if (val(im, F_AS_AT)) {
    if (date_field(im, F_AS_AT, val(im, F_AS_AT), &p)) bad = 1;
    else if (p.kind != DATE_EXACT) problem(im, F_AS_AT, val(im, F_AS_AT), "not a single day"), bad = 1;
    else w->asAt = p.day;
  }
  if (w->asAt == DAY_NONE && !bad) {
    problem(im, F_AS_AT, 0, "the tracker's date is not in the file: give --as-at DATE");
    return -1;
  }
  w->auditDate = DAY_NONE;
  if (date_field(im, F_AUDIT_DATE, val(im, F_AUDIT_DATE), &p)) bad = 1;
  else if (p.kind == DATE_EXACT || p.kind == DATE_MONTH) w->auditDate = p.day;
  else if (p.kind != DATE_EMPTY) problem(im, F_AUDIT_DATE, val(im, F_AUDIT_DATE), "not a date"), bad = 1;

  w->r.original = DAY_NONE;
  w->zOrig = val(im, F_ORIGINAL);
  if (date_field(im, F_ORIGINAL, w->zOrig, &p)) bad = 1;
  else if (p.kind == DATE_NOYEAR) {
    problem(im, F_ORIGINAL, w->zOrig, "the original target needs a year");
    bad = 1;
  } else w->r.original = p.day;
  w->r.zOriginalText = (char *)w->zOrig;
  return bad;
}

/* The risk rating and the audit's assurance opinion, by their codes. */
static int row_ratings(Imp *im, RowIn *w) {
  int bad = 0;
  const char *zRisk = val(im, F_RISK);
  if (zRisk) {
    w->ratingId = rating_lookup(im, zRisk);
    if (w->ratingId == 0) {
      problem(im, F_RISK, zRisk, "unknown risk rating%s%s (auditrack scale list)",
              im->o->zScale ? " in scale " : "", im->o->zScale ? im->o->zScale : "");
      bad = 1;
    } else if (w->ratingId < 0) {
      problem(im, F_RISK, zRisk, "matches ratings in several scales: give --scale");
      bad = 1;
    }
  }
  w->assurance = AS_NONE_GIVEN;
  if (val(im, F_ASSURANCE)) {
    w->assurance = assurance_from_name(val(im, F_ASSURANCE));
    if (w->assurance == AS_NONE_GIVEN) {
      problem(im, F_ASSURANCE, val(im, F_ASSURANCE),
              "not an assurance opinion (substantial, reasonable, limited, none)");
      bad = 1;
    }
  }
  return bad;
}

/* The revision ledger, then a current target the ledger does not explain as a
** revision on the tracker's date. Sets *pEarliest to the earliest dated entry
** (or the original target). badSoFar: the current target is checked only on a
** row without problems. */
static int row_ledger(Imp *im, RowIn *w, int badSoFar, Day *pEarliest) {
  int bad = 0;
  DateParse p;
  w->nRev = row_revisions(im, w->asAt, &w->aRev);
  w->aOut = xcalloc((size_t)w->nRev + 1, sizeof(Revision));
  Day earliest = w->r.original;
  for (int i = 0; i < w->nRev; i++) {
    Revision *o = &w->aOut[i];
    o->on = w->aRev[i].on;
    o->zTargetText = w->aRev[i].zValue;
    o->zCycle = w->aRev[i].zLabel;
    /* The sheet gives no reason; the cycle label says where the date came from. */
    if (date_field(im, F_REVISED, w->aRev[i].zValue, &p)) {
      bad = 1;
      continue;
    }
    if (p.kind == DATE_NOYEAR) o->target = day_resolve_noyear(p.month, p.mday, w->aRev[i].on);
    else if (p.kind == DATE_TBC || p.kind == DATE_EMPTY) o->target = DAY_NONE;
    else o->target = p.day;
    if (earliest == DAY_NONE || o->on < earliest) earliest = o->on;
  }
  *pEarliest = earliest;
  const char *zCur = val(im, F_CURRENT);
  if (!zCur || badSoFar || bad) return bad;
  if (date_field(im, F_CURRENT, zCur, &p)) return 1;
  Day cur = p.kind == DATE_TBC ? DAY_NONE : p.day;
  int n = w->nRev;
  Day have = n ? w->aOut[n - 1].target : w->r.original;
  int haveTbc = n ? w->aOut[n - 1].target == DAY_NONE : (w->r.original == DAY_NONE && w->zOrig);
  int curTbc = p.kind == DATE_TBC;
  if (p.kind == DATE_NOYEAR) {
    problem(im, F_CURRENT, zCur, "the current target needs a year");
    return 1;
  }
  if (cur != have || curTbc != haveTbc) {
    memset(&w->extra, 0, sizeof w->extra);
    w->extra.on = w->asAt;
    w->extra.target = cur;
    w->extra.zTargetText = (char *)zCur;
    w->extra.zReason = "Current target as stated in the tracker";
    w->hasExtra = 1;
  }
  return 0;
}

/* The previous and latest updates; a previous update "June 2022: text" is
** dated by its prefix, and may move existsFrom earlier. */
static void row_updates(Imp *im, RowIn *w) {
  DateParse p;
  w->zPrev = val(im, F_PREV_UPDATE);
  if (w->zPrev) {
    const char *zPrev = w->zPrev;
    w->upPrev.claimed = w->upPrev.percent = -1;
    w->upPrev.on = w->asAt;
    w->upPrev.zText = (char *)zPrev;
    const char *zColon = strchr(zPrev, ':');
    if (zColon && zColon - zPrev < 24) {
      char zHead[32];
      snprintf(zHead, sizeof zHead, "%.*s", (int)(zColon - zPrev), zPrev);
      char zErr[8];
      if (!day_parse(zHead, DF_TEXT | DF_ISO | DF_DMY, &p, zErr, sizeof zErr) &&
          (p.kind == DATE_EXACT || p.kind == DATE_MONTH) && p.day <= w->asAt) {
        w->upPrev.on = p.day;
        w->upPrev.zCycle = zHead[0] ? xstrdup(zHead) : 0;
        const char *zRest = zColon + 1;
        while (*zRest == ' ') zRest++;
        w->upPrev.zText = (char *)zRest;
      }
    }
    if (w->upPrev.on < w->r.existsFrom) w->r.existsFrom = w->upPrev.on;
  }
  w->zLatest = val(im, F_LATEST_UPDATE);
  if (w->zLatest) {
    w->upLatest.claimed = w->upLatest.percent = -1;
    w->upLatest.on = w->asAt;
    w->upLatest.zText = (char *)w->zLatest;
  }
}

/* Internal audit's opinion and next action; a row listed under an
** "Implemented Recommendations" heading is implemented. */
static void row_opinion(Imp *im, RowIn *w) {
  Opinion *op = &w->op;
  const char *zOp = val(im, F_OPINION), *zNext = val(im, F_NEXT_ACTION);
  w->zSection = val(im, F_SECTION);
  w->hasOp = zOp || zNext;
  if (w->hasOp) {
    op->on = w->asAt;
    op->status = zOp ? status_from_text(zOp) : ST_IN_PROGRESS;
    op->zText = (char *)zOp;
    op->zNext = (char *)zNext;
    op->nextFollowUp = DAY_NONE;
  }
  if (w->zSection && strcasestr(w->zSection, "implemented recommendations") &&
      !(w->hasOp && status_closes(op->status))) {
    if (!w->hasOp) {
      op->on = w->asAt;
      op->zNext = (char *)zNext;
      op->nextFollowUp = DAY_NONE;
    }
    w->hasOp = 1;
    op->status = ST_IMPLEMENTED;
    if (!op->zText) op->zText = "Listed under the tracker's implemented recommendations";
  }
}

static unsigned long plan_hash(const char *z, Day d) {
  unsigned long h = 2166136261u ^ (unsigned long)(unsigned)d;
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h;
}

/* A dry run's audit that is not in the database: the one an earlier row of this
** file would have added (by title and date, as store_audit_find matches), else
** a new one, counted as the real run counts it. Its id is negative. */
static long long plan_audit(Imp *im, const char *zTitle, Day date) {
  if (2 * (im->nPlan + 1) > im->nPlanSlot) {
    int nOld = im->nPlanSlot;
    struct PlanAudit *aOld = im->aPlan;
    im->nPlanSlot = nOld ? 2 * nOld : 64;
    im->aPlan = xcalloc((size_t)im->nPlanSlot, sizeof *im->aPlan);
    for (int i = 0; i < nOld; i++) {
      if (!aOld[i].zTitle) continue;
      unsigned long k = plan_hash(aOld[i].zTitle, aOld[i].date);
      while (im->aPlan[k & (unsigned long)(im->nPlanSlot - 1)].zTitle) k++;
      im->aPlan[k & (unsigned long)(im->nPlanSlot - 1)] = aOld[i];
    }
    free(aOld);
  }
  unsigned long k = plan_hash(zTitle, date);
  struct PlanAudit *e;
  for (;; k++) {
    e = &im->aPlan[k & (unsigned long)(im->nPlanSlot - 1)];
    if (!e->zTitle) break;
    if (e->date == date && !strcmp(e->zTitle, zTitle)) return e->id;
  }
  e->zTitle = xstrdup(zTitle);
  e->date = date;
  e->id = -(long long)++im->nPlan;
  im->res->nAuditNew++;
  return e->id;
}

/* The row's audit: the previous row's when it names the same one, else found
** or added (in a dry run, planned). 0 and the id in *pId, 1 on a store error. */
static int row_audit(Imp *im, const RowIn *w, long long *pId) {
  long long auditId = 0;
  if (im->zLastAudit && !strcmp(im->zLastAudit, w->zTitle) && im->lastAuditDate == w->auditDate) {
    auditId = im->lastAuditId; /* rows of one audit usually come together */
  } else if (store_audit_find(im->db, w->zTitle, w->auditDate, &auditId)) {
    return 1;
  } else if (!auditId && im->o->dryRun) {
    auditId = plan_audit(im, w->zTitle, w->auditDate);
  }
  int rc = 0;
  if (!auditId) {
    AuditIn a = {0};
    a.zTitle = w->zTitle;
    a.zRef = val(im, F_AUDIT_REF);
    a.reportDate = w->auditDate;
    a.zDirectorate = val(im, F_DIRECTORATE);
    a.zProvider = val(im, F_PROVIDER);
    a.assurance = w->assurance;
    if (store_audit_add(im->db, &a, &auditId)) rc = 1;
    else im->res->nAuditNew++;
  }
  if (auditId && (!im->zLastAudit || strcmp(im->zLastAudit, w->zTitle))) {
    free(im->zLastAudit);
    im->zLastAudit = xstrdup(w->zTitle);
  }
  im->lastAuditDate = w->auditDate;
  im->lastAuditId = auditId;
  *pId = auditId;
  return rc;
}

/* Write a checked row: its audit, the recommendation and its ledger, updates,
** opinion and people. 0, or 1 on a store error (in im->db's message). */
static int row_write(Imp *im, RowIn *w, long long importId) {
  ImportResult *res = im->res;
  Rec *r = &w->r;
  if (row_audit(im, w, &r->auditId)) return 1;
  r->zRef = (char *)val(im, F_REF);
  r->zTitle = (char *)val(im, F_TITLE);
  r->zBody = (char *)w->zText;
  r->zRiskText = (char *)val(im, F_RISK_TEXT);
  r->zAction = (char *)val(im, F_ACTION);
  r->zOwner = (char *)val(im, F_OWNER);
  r->zDirector = (char *)val(im, F_DIRECTOR);
  r->zExecMember = (char *)val(im, F_EXEC);
  r->zTheme = (char *)val(im, F_THEME);
  r->zDirectorate = (char *)val(im, F_DIRECTORATE);
  r->zEvidence = (char *)val(im, F_EVIDENCE);
  r->zSection = (char *)w->zSection;
  r->zNotes = (char *)val(im, F_NOTES);
  r->confidential = truthy(val(im, F_CONFIDENTIAL));
  long long recId = 0;
  if (store_rec_add(im->db, r, w->ratingId, importId, &recId)) return 1;
  for (int i = 0; i < w->nRev; i++) {
    if (store_revision_add(im->db, recId, &w->aOut[i])) return 1;
    res->nRev++;
  }
  if (w->hasExtra) {
    if (store_revision_add(im->db, recId, &w->extra)) return 1;
    res->nRev++;
  }
  if (w->zPrev) {
    if (store_progress_add(im->db, recId, &w->upPrev, 0)) return 1;
    res->nUpd++;
  }
  if (w->zLatest) {
    if (store_progress_add(im->db, recId, &w->upLatest, 0)) return 1;
    res->nUpd++;
  }
  if (w->hasOp) {
    if (store_opinion_add(im->db, recId, &w->op)) return 1;
    res->nOp++;
  }
  return import_emails(im);
}

/* What row_write would add, counted without writing: a dry run. */
static int row_plan(Imp *im, RowIn *w) {
  ImportResult *res = im->res;
  if (row_audit(im, w, &w->r.auditId)) return 1;
  if (im->nRecAudit % 1024 == 0) {
    im->aRecAudit = xrealloc(im->aRecAudit, sizeof(long long) * (size_t)(im->nRecAudit + 1024));
  }
  im->aRecAudit[im->nRecAudit++] = w->r.auditId;
  res->nRev += w->nRev + w->hasExtra;
  res->nUpd += (w->zPrev != 0) + (w->zLatest != 0);
  res->nOp += w->hasOp;
  return import_emails(im);
}

static int cmp_id(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

/* The audits a dry run's recommendations belong to, as store_import_finish
** counts them for a real run. */
static int plan_audit_count(Imp *im) {
  if (!im->nRecAudit) return 0;
  qsort(im->aRecAudit, (size_t)im->nRecAudit, sizeof(long long), cmp_id);
  int n = 1;
  for (int i = 1; i < im->nRecAudit; i++) n += im->aRecAudit[i] != im->aRecAudit[i - 1];
  return n;
}

/* Warn where the row's stated months overdue differ from the policy's, with
** the ledger in date order as the engine wants it (the sheet's is nearly so). */
static void row_check_months(Imp *im, RowIn *w) {
  Revision *aAll = xcalloc((size_t)w->nRev + 2, sizeof(Revision));
  int nAll = 0;
  for (int i = 0; i < w->nRev; i++) aAll[nAll++] = w->aOut[i];
  if (w->hasExtra) aAll[nAll++] = w->extra;
  for (int i = 1; i < nAll; i++) {
    Revision t = aAll[i];
    int j = i - 1;
    while (j >= 0 && aAll[j].on > t.on) aAll[j + 1] = aAll[j], j--;
    aAll[j + 1] = t;
  }
  w->r.aRev = aAll;
  w->r.nRev = nAll;
  w->r.aOp = w->hasOp ? &w->op : 0;
  w->r.nOp = w->hasOp;
  check_stated_months(im, &w->r, w->asAt);
  w->r.aRev = 0;
  w->r.aOp = 0;
  free(aAll);
}

/* Check and write one row. Problems are reported; the transaction decides. */
static void import_row(Imp *im, long long importId) {
  for (int c = 0; c < im->nField; c++) {
    if (!utf8_encoding_valid(im->az[c], strlen(im->az[c]))) {
      problem(im, -1, 0, "column %d is not valid UTF-8", c + 1);
      return;
    }
  }
  RowIn w;
  memset(&w, 0, sizeof w);
  w.zTitle = val(im, F_AUDIT_TITLE);
  w.zText = val(im, F_TEXT);
  int bad = 0;
  if (!im->zOrg && val(im, F_ORGANISATION)) im->zOrg = xstrdup(val(im, F_ORGANISATION));
  if (!w.zTitle) problem(im, F_AUDIT_TITLE, 0, "the audit title is empty"), bad = 1;
  if (!w.zText) problem(im, F_TEXT, 0, "the recommendation is empty"), bad = 1;
  int rc = row_dates(im, &w);
  if (rc < 0) return;
  bad |= rc;
  bad |= row_ratings(im, &w);
  Day earliest;
  bad |= row_ledger(im, &w, bad, &earliest);

  /* When the recommendation came to exist. */
  Rec *r = &w.r;
  r->existsFrom = w.auditDate;
  if (r->existsFrom == DAY_NONE || (earliest != DAY_NONE && earliest < r->existsFrom)) {
    r->existsFrom = earliest;
  }
  if (r->existsFrom == DAY_NONE || r->existsFrom > w.asAt) r->existsFrom = w.asAt;
  row_updates(im, &w);
  row_opinion(im, &w);

  if (!bad) {
    int w1 = im->o->dryRun ? row_plan(im, &w) : row_write(im, &w, importId);
    if (w1) problem(im, -1, 0, "%s", db_errmsg(im->db));
    else {
      im->res->nRec++;
      row_check_months(im, &w);
    }
  }
  ImportResult *res = im->res;
  if (w.asAt != DAY_NONE) {
    if (res->asAtMin == DAY_NONE || w.asAt < res->asAtMin) res->asAtMin = w.asAt;
    if (res->asAtMax == DAY_NONE || w.asAt > res->asAtMax) res->asAtMax = w.asAt;
  }
  free(w.upPrev.zCycle);
  free(w.aOut);
  revs_free(w.aRev, w.nRev);
}

/* ---- where the rows come from: a CSV file or a workbook's sheet ---- */

typedef struct Source {
  CsvReader *csv;
  XlsxBook *book; /* open while the grid is used: shared strings live in it */
  XlsxGrid grid;
  int isXlsx, next; /* next grid row */
  Buf cells;        /* the current xlsx row's text, NUL-separated and writable */
  char **az;
  char **azSub;     /* sub-headings under a two-row header, or NULL */
  int nSub;
  int nHeadRows;
  char zSheet[96];
} Source;

static void src_free(Source *s) {
  if (s->csv) csv_close(s->csv);
  for (int c = 0; c < s->nSub; c++) free(s->azSub[c]);
  free(s->azSub);
  xlsx_grid_free(&s->grid);
  xlsx_close(s->book);
  buf_free(&s->cells);
  free(s->az);
  memset(s, 0, sizeof *s);
}

/* The next row as a record: 1, 0 at the end, -1 on a CSV syntax error. */
static int src_next(Source *s, CsvRecord *rec) {
  if (!s->isXlsx) return csv_next(s->csv, rec);
  XlsxGrid *g = &s->grid;
  if (s->next >= g->nRow) return 0;
  int r = s->next++;
  buf_reset(&s->cells);
  size_t *aOff = xmalloc(sizeof(size_t) * (size_t)g->nCol);
  for (int c = 0; c < g->nCol; c++) {
    aOff[c] = s->cells.n;
    buf_puts(&s->cells, g->azCell[(size_t)r * (size_t)g->nCol + (size_t)c]);
    buf_putc(&s->cells, 0);
  }
  if (!s->az) s->az = xmalloc(sizeof(char *) * (size_t)(g->nCol ? g->nCol : 1));
  for (int c = 0; c < g->nCol; c++) s->az[c] = s->cells.z + aOff[c];
  free(aOff);
  rec->nField = g->nCol;
  rec->azField = s->az;
  rec->line = rec->recno = g->aRowNum[r];
  return 1;
}

/* Read the header: one row, or two when the first holds a heading merged across
** columns over sub-headings in the row below ("Target date" over "Original" and
** "Revised"). A column is then named "Target date Original"; the sub-heading
** alone also matches (kept in s->azSub). Returns what src_next returns. */
static int src_header(Source *s, CsvRecord *rec) {
  int got = src_next(s, rec);
  if (got <= 0) return got;
  s->nHeadRows = 1;
  int nCol = rec->nField;
  for (int c = 0; c < nCol; c++) trim_inplace(rec->azField[c]);
  XlsxGrid *g = &s->grid;
  if (!s->isXlsx || !g->aGroupHead[0] || g->nRow < 2 || g->aRowNum[1] != g->aRowNum[0] + 1) {
    return 1;
  }
  s->nHeadRows = 2;
  s->next = 2;
  s->azSub = xcalloc((size_t)nCol, sizeof(char *));
  s->nSub = nCol;
  Buf names = BUF_INIT;
  size_t *aOff = xmalloc(sizeof(size_t) * (size_t)nCol);
  for (int c = 0; c < nCol; c++) {
    char *zTop = rec->azField[c];
    char *zSub = xstrdup(g->azCell[(size_t)nCol + (size_t)c]);
    trim_inplace(zSub);
    aOff[c] = names.n;
    if (zTop[0] && zSub[0] && strcmp(zTop, zSub)) buf_appendf(&names, "%s %s", zTop, zSub);
    else buf_puts(&names, zTop[0] ? zTop : zSub);
    buf_putc(&names, 0);
    if (zSub[0] && strcmp(zTop, zSub)) s->azSub[c] = zSub;
    else free(zSub);
  }
  buf_free(&s->cells);
  s->cells = names;
  for (int c = 0; c < nCol; c++) s->az[c] = s->cells.z + aOff[c];
  free(aOff);
  rec->line = rec->recno = g->aRowNum[1];
  return 1;
}

/* Does this header name the columns the map (or the seed layout) needs? */
static int header_recognised(const Map *m0, const ImportOpts *o, CsvRecord *hdr, char **azSub) {
  Map m = *m0; /* shares m0's heading strings; map_apply_header does not free them */
  for (int k = 0; k < FIELD__MAX; k++) m.aCol[k] = -1;
  int isSeed = map_seed(&m, hdr, azSub);
  if (!o->zMap) return isSeed;
  if (!m.seed) {
    for (int k = 0; k < FIELD__MAX; k++) {
      if (!m.azHeader[k]) m.aCol[k] = -1;
    }
  }
  Buf e = BUF_INIT;
  int rc = map_apply_header(&m, hdr, azSub, &e);
  buf_free(&e);
  return !rc;
}

/* Open the workbook and choose the sheet: --sheet, else the first whose header
** the map or the seed layout recognises, else the first. Returns 0 with s ready
** for src_header, 1 (a bad workbook) or 2 (no such sheet) with the reason. */
static int src_open_xlsx(Source *s, const ImportOpts *o, const Map *m, const char *zData,
                         size_t n, Buf *pErr) {
  XlsxBook *b = 0;
  Buf e = BUF_INIT;
  int rc = 0;
  s->isXlsx = 1;
  if (xlsx_open(zData, n, &b, &e)) {
    buf_appendf(pErr, "%s: %s\n", o->zFile, buf_cstr(&e));
    buf_free(&e);
    return 1;
  }
  s->book = b;
  int pick = -1;
  if (o->zSheet) {
    pick = xlsx_sheet_find(b, o->zSheet);
    if (pick < 0) {
      buf_appendf(pErr, "%s: no sheet '%s'; the sheets are:", o->zFile, o->zSheet);
      for (int i = 0; i < xlsx_sheet_count(b); i++) {
        buf_appendf(pErr, "%s '%s'", i ? "," : "", xlsx_sheet_name(b, i));
      }
      buf_putc(pErr, '\n');
      rc = 2;
    }
  } else {
    for (int i = 0; i < xlsx_sheet_count(b) && pick < 0; i++) {
      if (xlsx_sheet_read(b, i, &s->grid, &e)) {
        buf_appendf(pErr, "%s: %s\n", o->zFile, buf_cstr(&e));
        rc = 1;
        break;
      }
      CsvRecord hdr;
      if (src_header(s, &hdr) > 0 && header_recognised(m, o, &hdr, s->azSub)) pick = i;
      xlsx_grid_free(&s->grid);
      XlsxBook *keep = s->book;
      s->book = 0;
      src_free(s);
      s->book = keep;
      s->isXlsx = 1;
    }
    if (!rc && pick < 0) pick = 0;
  }
  if (!rc && xlsx_sheet_read(b, pick, &s->grid, &e)) {
    buf_appendf(pErr, "%s: %s\n", o->zFile, buf_cstr(&e));
    rc = 1;
  }
  if (!rc) snprintf(s->zSheet, sizeof s->zSheet, "%s", xlsx_sheet_name(b, pick));
  buf_free(&e);
  return rc;
}

/* Characters (not bytes) of UTF-8 text, as Excel counts a cell. */
static long utf8_chars(const char *z, size_t *pnByte) {
  long n = 0;
  const char *z0 = z;
  for (; *z; z++) n += ((unsigned char)*z & 0xC0) != 0x80;
  *pnByte = (size_t)(z - z0);
  return n;
}

/* Check the rows after the header against the import's budget (import.h) before
** anything is read into the database. s is positioned after the header; a CSV
** file is read a second time, from zData, by a reader of its own. 0, or 1 with
** the limit named in pErr (and counted as a problem). */
static int src_budget(Source *s, Imp *im, const char *zData, size_t n, const char *zWhere) {
  Buf *pErr = im->pErr;
  CsvReader *csv = 0;
  CsvRecord rec;
  long nRow = 0;
  size_t total = 0;
  int r = s->next, rc = 0;
  if (!s->isXlsx) {
    csv = csv_open(zData, n);
    if (csv_next(csv, &rec) <= 0) rc = -1; /* the header, read again */
  }
  while (!rc) {
    int nField;
    const char *const *az;
    long line;
    if (csv) {
      if (csv_next(csv, &rec) <= 0) break; /* a syntax error is the import's to report */
      nField = rec.nField;
      az = (const char *const *)rec.azField;
      line = rec.line;
      if (nField == 1 && !az[0][0]) continue;
    } else {
      if (r >= s->grid.nRow) break;
      nField = s->grid.nCol;
      az = s->grid.azCell + (size_t)r * (size_t)s->grid.nCol;
      line = s->grid.aRowNum[r++];
    }
    if (++nRow > IMPORT_MAX_ROWS) {
      buf_appendf(pErr, "%s: more than %d rows; an import takes at most %d (split the file)\n",
                  zWhere, IMPORT_MAX_ROWS, IMPORT_MAX_ROWS);
      rc = 1;
      break;
    }
    for (int c = 0; c < nField && !rc; c++) {
      size_t nByte;
      long nChar = utf8_chars(az[c], &nByte);
      total += nByte;
      if (nChar > IMPORT_MAX_CELL_CHARS) {
        char zCol[8];
        /* Named as problem() names a row's cells. */
        if (csv) buf_appendf(pErr, "row %ld (line %ld), column %d", nRow, line, c + 1);
        else buf_appendf(pErr, "row %ld, column %s", line, xlsx_col_name(c, zCol));
        buf_appendf(pErr, ": %ld characters; a cell holds at most %d (Excel's limit)\n", nChar,
                    IMPORT_MAX_CELL_CHARS);
        rc = 1;
      } else if (total > IMPORT_MAX_TEXT_BYTES) {
        buf_appendf(pErr, "%s: the cells hold more than %d MB of text; an import takes at most "
                          "%d MB (split the file)\n", zWhere, IMPORT_MAX_TEXT_BYTES >> 20,
                    IMPORT_MAX_TEXT_BYTES >> 20);
        rc = 1;
      }
    }
  }
  if (csv) csv_close(csv);
  if (rc > 0) im->res->nProblem++;
  return rc > 0;
}

/* A CSV file or an Excel workbook, through the same map, checks and transaction.
** A dry run reads (in one read transaction, so that writers are never held up)
** and counts what a real run would add, without writing. */
static int import_run(Db *db, const ImportOpts *o, const char *zData, size_t n, int isXlsx,
                      ImportResult *res, Buf *pErr, Buf *pWarn) {
  Imp im;
  memset(&im, 0, sizeof im);
  memset(res, 0, sizeof *res);
  res->asAtMin = res->asAtMax = DAY_NONE;
  im.db = db;
  im.o = o;
  im.pErr = pErr;
  im.pWarn = pWarn;
  im.res = res;
  im.xlsx = isXlsx;
  res->xlsx = isXlsx;
  if (store_policy_load(db, &im.pol)) {
    buf_appendf(pErr, "%s\n", db_errmsg(db));
    return 1;
  }
  for (int k = 0; k < FIELD__MAX; k++) im.map.aCol[k] = -1;
  im.map.dateMask = DF_DEFAULT;
  int rc = 0;

  /* Identify the bytes first: the same file twice changes nothing. BLAKE2b-256,
  ** which libsodium computes several times faster than its SHA-256. */
  unsigned char h[32];
  char zDigest[65];
  crypto_generichash(h, sizeof h, (const unsigned char *)zData, n, 0, 0);
  sodium_bin2hex(zDigest, sizeof zDigest, h, sizeof h);
  char *zWhen = 0;
  long long prior = store_import_find(db, zDigest, &zWhen);
  if (prior) {
    res->already = 1;
    buf_appendf(pErr, "%s was already imported (import %lld, %s): nothing changed\n", o->zFile,
                prior, zWhen);
    free(zWhen);
    return 0;
  }

  if (o->zMap && map_read(&im.map, o->zMap, pErr)) return 2;
  Source src;
  memset(&src, 0, sizeof src);
  Buf where = BUF_INIT; /* how messages name the file */
  buf_puts(&where, o->zFile);
  if (isXlsx) {
    rc = src_open_xlsx(&src, o, &im.map, zData, n, pErr);
    if (rc) {
      src_free(&src);
      for (int k = 0; k < FIELD__MAX; k++) free(im.map.azHeader[k]);
      buf_free(&where);
      return rc;
    }
    snprintf(res->zSheet, sizeof res->zSheet, "%s", src.zSheet);
    buf_appendf(&where, ", sheet '%s'", src.zSheet);
  } else {
    src.csv = csv_open(zData, n);
  }
  CsvRecord rec;
  int got = src_header(&src, &rec);
  if (got <= 0) {
    const char *zWhy = got < 0 ? csv_errmsg(src.csv)
                       : isXlsx ? "the sheet is empty"
                                : "the file is empty";
    buf_appendf(pErr, "%s: %s\n", buf_cstr(&where), zWhy);
    src_free(&src);
    for (int k = 0; k < FIELD__MAX; k++) free(im.map.azHeader[k]);
    buf_free(&where);
    return 1;
  }
  int nHeader = rec.nField;
  int isSeed = map_seed(&im.map, &rec, src.azSub);
  if (!o->zMap && !isSeed) {
    buf_appendf(pErr, "%s: the columns are not the seed trackers' layout (audit_title, "
                      "recommendation, original_due_date ...): describe them with --map "
                      "(see docs/import.md)\n", buf_cstr(&where));
    src_free(&src);
    buf_free(&where);
    return 2;
  }
  if (o->zMap && !im.map.seed) {
    for (int k = 0; k < FIELD__MAX; k++) {
      if (!im.map.azHeader[k]) im.map.aCol[k] = -1;
    }
  }
  if (o->zMap && map_apply_header(&im.map, &rec, src.azSub, pErr)) {
    src_free(&src);
    for (int k = 0; k < FIELD__MAX; k++) free(im.map.azHeader[k]);
    buf_free(&where);
    return 2;
  }

  if (src_budget(&src, &im, zData, n, buf_cstr(&where))) {
    src_free(&src);
    for (int k = 0; k < FIELD__MAX; k++) free(im.map.azHeader[k]);
    buf_free(&where);
    return 1;
  }

  Buf eAct = BUF_INIT;
  if (o->dryRun && db_begin_read(db)) {
    buf_appendf(&eAct, "cannot start a transaction: %s", db_errmsg(db));
  }
  if (eAct.n || (!o->dryRun && act_begin(db, &eAct))) {
    buf_appendf(pErr, "%s\n", buf_cstr(&eAct));
    buf_free(&eAct);
    src_free(&src);
    for (int k = 0; k < FIELD__MAX; k++) free(im.map.azHeader[k]);
    buf_free(&where);
    return 1;
  }
  long long importId = 0;
  if (!o->dryRun && store_import_add(db, zDigest, o->zFile, o->asAt, 0, &importId)) {
    buf_appendf(pErr, "%s\n", db_errmsg(db));
    rc = 1;
  }
  int showProgress = !o->quiet && n > (4u << 20);
  while (!rc && (got = src_next(&src, &rec)) != 0) {
    if (got < 0) {
      im.row = res->nRow + 1;
      res->nProblem++;
      buf_appendf(pErr, "%s\n", csv_errmsg(src.csv));
      break; /* the rest of the file cannot be read reliably */
    }
    res->nRow++;
    im.row = isXlsx ? rec.line : res->nRow;
    im.line = rec.line;
    if (rec.nField == 1 && !rec.azField[0][0]) {
      res->nRow--;
      continue; /* a blank line */
    }
    if (rec.nField != nHeader) {
      problem(&im, -1, 0, "has %d fields, the header has %d", rec.nField, nHeader);
      continue;
    }
    im.az = rec.azField;
    im.nField = rec.nField;
    import_row(&im, importId);
    if (showProgress && res->nRow % 20000 == 0) {
      double done = isXlsx ? (double)src.next / (double)(src.grid.nRow ? src.grid.nRow : 1)
                           : (double)csv_offset(src.csv) / (double)n;
      fprintf(stderr, "import: %d rows (%.0f%%)\n", res->nRow, 100.0 * done);
    }
  }
  src_free(&src);
  for (int k = 0; k < FIELD__MAX; k++) free(im.map.azHeader[k]);
  if (res->nProblem > MAX_PROBLEMS_SHOWN) {
    buf_appendf(pErr, "... and %d more problems\n", res->nProblem - MAX_PROBLEMS_SHOWN);
  }
  if (!rc && res->nProblem) rc = 1;
  if (!rc && res->nRow == 0) {
    buf_appendf(pErr, "%s has a header but no rows\n", buf_cstr(&where));
    rc = 1;
  }
  buf_free(&where);
  if (!rc && o->dryRun) {
    res->nAudit = plan_audit_count(&im);
  } else if (!rc) {
    if (store_import_finish(db, importId, res->nRow, res->asAtMax, &res->nAudit)) {
      buf_appendf(pErr, "%s\n", db_errmsg(db));
      rc = 1;
    }
  }
  if (!rc && !o->dryRun) {
    Buf j = BUF_INIT;
    buf_puts(&j, "{\"file\":");
    buf_json_str(&j, o->zFile);
    if (isXlsx) {
      buf_puts(&j, ",\"sheet\":");
      buf_json_str(&j, res->zSheet);
    }
    buf_appendf(&j, ",\"blake2b\":\"%s\",\"rows\":%d,\"recommendations\":%d}", zDigest, res->nRow,
                res->nRec);
    /* The organisation the file names, when the database has none yet. */
    char *zOrg = 0;
    int w = db_meta_read(db, "organisation", &zOrg);
    if (!w && !zOrg && im.zOrg) w = db_meta_set(db, "organisation", im.zOrg);
    free(zOrg);
    Actor who = {o->zActor, 0};
    if (act_finish(db, w, &who, "import", "import", importId, buf_cstr(&j), &eAct)) {
      buf_appendf(pErr, "cannot commit: %s\n", buf_cstr(&eAct));
      rc = 1;
    }
    buf_free(&j);
    /* The transaction's pages stay in the WAL until a checkpoint: copy them and
    ** truncate it now rather than keep a file the size of the import. */
    if (!rc) (void)db_wal_truncate(db);
  }
  if (rc || o->dryRun) act_abandon(db);
  buf_free(&eAct);
  free(im.zOrg);
  free(im.zLastAudit);
  for (int i = 0; i < im.nRiskSeen; i++) free(im.azRiskSeen[i]);
  for (int i = 0; i < im.nPlanSlot; i++) free(im.aPlan[i].zTitle);
  free(im.aPlan);
  free(im.aRecAudit);
  return rc;
}

int import_is_xlsx(const char *zName, const char *zData, size_t n) {
  size_t len = zName ? strlen(zName) : 0;
  return xlsx_sniff(zData, n) || (len > 5 && !strcasecmp(zName + len - 5, ".xlsx"));
}

int import_file(Db *db, const ImportOpts *o, const char *zData, size_t n, ImportResult *res,
                Buf *pErr, Buf *pWarn) {
  return import_run(db, o, zData, n, import_is_xlsx(o->zFile, zData, n), res, pErr, pWarn);
}
