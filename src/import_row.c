/*
** import_row.c: one row of a tracker into the register: its dates, ratings,
** revised targets, updates, opinion and audit, checked and then written
** through the store (or, on a dry run, planned without writing).
** Not for: finding the columns (import_map.c), opening the source or the
** transaction around the rows (import.c), or CSV syntax (csv.c).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "csv.h"
#include "import_int.h"
#include "mail.h"
#include "model.h"
#include "vocab.h"
#include "store.h"

/* The trimmed value of field f in the current row, or NULL when absent or blank.
** An apostrophe before = + - or @ is dropped: it is how CSV writers (auditrack's
** own included) stop a spreadsheet reading the text as a formula. */
const char *import_val(Imp *im, Field f) {
  int c = im->map.aCol[f];
  if (c < 0 || c >= im->nField) return 0;
  char *z = im->az[c];
  while (isspace((unsigned char)*z)) z++;
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  if (z[0] == '\'' && z[1] && strchr("=+-@", z[1])) z++, n--;
  if (n && f == F_AUDIT_TITLE) return import_map_title(&im->map, z);
  return n ? z : 0;
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
    import_problem(im, f, z, "not a date: %s", zErr);
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

/* The revision ledger of one row: values from revised_targets ("; " separated,
** oldest first), and where revised_targets_by_cycle lists the same number of
** items, their cycle labels and dates. */
static int row_revisions(Imp *im, Day asAt, RevIn **pa) {
  const char *zVals = import_val(im, F_REVISED), *zCyc = import_val(im, F_REVISED_BY_CYCLE);
  RevIn *a = 0;
  int n = 0;
  *pa = 0;
  if (!zVals) return 0;
  char *zCopy = xstrdup(zVals), *zSave = 0;
  for (char *t = strtok_r(zCopy, ";", &zSave); t; t = strtok_r(0, ";", &zSave)) {
    import_trim(t);
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
      import_trim(t);
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
  static const char *const azWord[] = {"zero",  "one",   "two",  "three", "four",   "five",   "six",
                                       "seven", "eight", "nine", "ten",   "eleven", "twelve", 0};
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
  const char *z = import_val(im, F_MONTHS_STATED);
  int stated = z ? stated_months(z) : -1;
  if (stated < 0) return;
  RecState st;
  rec_state_made(r, &im->pol, asAt, &st);
  char zAt[DAY_FMT_MAX], zDue[DAY_FMT_MAX];
  int months = st.overdue ? st.months : 0;
  if (months != stated) {
    buf_appendf(im->pWarn,
                "row %ld: the tracker states '%s'; as at %s the policy gives %d "
                "month%s (due %s)\n",
                im->row, z, day_fmt(asAt, DAY_UK, zAt), months, months == 1 ? "" : "s",
                day_fmt(st.due, DAY_UK, zDue));
  }
}

/* Optional e-mail columns: store each valid address for the person the row names
** (the people list, for notifications); an invalid one, or one for nobody, is a
** warning and is not stored: a bad address must not reject the tracker. */
static int import_emails(Imp *im) {
  static const Field aPair[][2] = {
      {F_OWNER_EMAIL, F_OWNER}, {F_DIRECTOR_EMAIL, F_DIRECTOR}, {F_EXEC_EMAIL, F_EXEC_MEMBER}};
  for (int k = 0; k < 3; k++) {
    const char *zEmail = import_val(im, aPair[k][0]), *zName = import_val(im, aPair[k][1]);
    char zWhy[96];
    if (!zEmail) continue;
    if (!zName) {
      buf_appendf(im->pWarn, "row %ld: column %s, value '%s': no %s is named; not stored\n",
                  im->row, import_field_names[aPair[k][0]], zEmail,
                  import_field_names[aPair[k][1]]);
    } else if (!mail_addr_valid(zEmail, zWhy, sizeof zWhy)) {
      buf_appendf(im->pWarn,
                  "row %ld: column %s, value '%.80s': not an e-mail address (%s); "
                  "not stored\n",
                  im->row, import_field_names[aPair[k][0]], zEmail, zWhy);
    } else if (!im->o->dryRun && store_person_set(im->db, zName, zEmail, -1, "import", 0)) {
      return 1;
    }
  }
  return 0;
}

/* The rating for a code into *pId (0 unknown, -1 ambiguous), remembering the
** codes already seen in this file. 0, or 1 when the ratings cannot be read. */
static int rating_lookup(Imp *im, const char *zRisk, long long *pId) {
  for (int i = 0; i < im->nRiskSeen; i++) {
    if (!strcmp(im->azRiskSeen[i], zRisk)) {
      *pId = im->aRiskId[i];
      return 0;
    }
  }
  if (store_rating_find(im->db, im->o->zScale, zRisk, pId)) return 1;
  if (im->nRiskSeen < (int)(sizeof im->aRiskId / sizeof im->aRiskId[0])) {
    im->azRiskSeen[im->nRiskSeen] = xstrdup(zRisk);
    im->aRiskId[im->nRiskSeen++] = *pId;
  }
  return 0;
}

/* The tracker's date, the audit's date and the original target. Returns 1 when
** a problem makes the row unusable, -1 when the tracker's date is missing
** (nothing else is worth checking), 0 otherwise. */
static int row_dates(Imp *im, RowIn *w) {
  int bad = 0;
  DateParse p;
  w->asAt = im->o->asAt;
  if (import_val(im, F_AS_AT)) {
    if (date_field(im, F_AS_AT, import_val(im, F_AS_AT), &p))
      bad = 1;
    else if (p.kind != DATE_EXACT)
      import_problem(im, F_AS_AT, import_val(im, F_AS_AT), "not a single day"), bad = 1;
    else
      w->asAt = p.day;
  }
  if (w->asAt == DAY_NONE && !bad) {
    import_problem(im, F_AS_AT, 0, "the tracker's date is not in the file: %s",
                   import_words(im->o)->zAsAt);
    return -1;
  }
  w->auditDate = DAY_NONE;
  if (date_field(im, F_AUDIT_DATE, import_val(im, F_AUDIT_DATE), &p))
    bad = 1;
  else if (p.kind == DATE_EXACT || p.kind == DATE_MONTH)
    w->auditDate = p.day;
  else if (p.kind != DATE_EMPTY)
    import_problem(im, F_AUDIT_DATE, import_val(im, F_AUDIT_DATE), "not a date"), bad = 1;

  w->r.original = DAY_NONE;
  w->zOrig = import_val(im, F_ORIGINAL);
  if (date_field(im, F_ORIGINAL, w->zOrig, &p))
    bad = 1;
  else if (p.kind == DATE_NOYEAR) {
    import_problem(im, F_ORIGINAL, w->zOrig, "the original target needs a year");
    bad = 1;
  } else
    w->r.original = p.day;
  w->r.zOriginalText = (char *)w->zOrig;
  return bad;
}

/* The risk rating and the audit's assurance opinion, by their codes. */
static int row_ratings(Imp *im, RowIn *w) {
  int bad = 0;
  const char *zRisk = import_val(im, F_RISK);
  if (zRisk) {
    if (rating_lookup(im, zRisk, &w->ratingId)) {
      import_problem(im, -1, 0, "%s", db_errmsg(im->db));
      bad = 1;
    } else if (w->ratingId == 0) {
      import_problem(im, F_RISK, zRisk, "unknown risk rating%s%s%s",
                     im->o->zScale ? " in scale " : "", im->o->zScale ? im->o->zScale : "",
                     import_words(im->o)->zScales);
      bad = 1;
    } else if (w->ratingId < 0) {
      import_problem(im, F_RISK, zRisk, "matches ratings in several scales: %s",
                     import_words(im->o)->zScale);
      bad = 1;
    }
  }
  w->assurance = AS_NONE_GIVEN;
  if (import_val(im, F_ASSURANCE)) {
    w->assurance = assurance_from_name(import_val(im, F_ASSURANCE));
    if (w->assurance == AS_NONE_GIVEN) {
      import_problem(im, F_ASSURANCE, import_val(im, F_ASSURANCE),
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
    if (p.kind == DATE_NOYEAR)
      o->target = day_resolve_noyear(p.month, p.mday, w->aRev[i].on);
    else if (p.kind == DATE_TBC || p.kind == DATE_EMPTY)
      o->target = DAY_NONE;
    else
      o->target = p.day;
    if (earliest == DAY_NONE || o->on < earliest) earliest = o->on;
  }
  *pEarliest = earliest;
  const char *zCur = import_val(im, F_CURRENT);
  if (!zCur || badSoFar || bad) return bad;
  if (date_field(im, F_CURRENT, zCur, &p)) return 1;
  Day cur = p.kind == DATE_TBC ? DAY_NONE : p.day;
  int n = w->nRev;
  Day have = n ? w->aOut[n - 1].target : w->r.original;
  int haveTbc = n ? w->aOut[n - 1].target == DAY_NONE : (w->r.original == DAY_NONE && w->zOrig);
  int curTbc = p.kind == DATE_TBC;
  if (p.kind == DATE_NOYEAR) {
    import_problem(im, F_CURRENT, zCur, "the current target needs a year");
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

/* A percent complete as a tracker writes it, into *pPct (0..100): "75%" and
** "75" are per cent; a number with a decimal point from 0 to 1 ("0.75", "1.0")
** is a fraction of one, as a spreadsheet's general cell holds 75%; a part of a
** per cent is rounded half up ("62.5%" is 63). Computed in millionths, so that
** no binary fraction rounds it. 0, or 1 when z is none of these. */
int import_percent(const char *z, int *pPct) {
  long long whole = 0, part = 0, scale = 1000000;
  int digits = 0, point = 0;
  for (; isdigit((unsigned char)*z); z++, digits++) {
    if (whole > 1000) return 1;
    whole = whole * 10 + (*z - '0');
  }
  if (*z == '.') {
    point = 1;
    for (z++; isdigit((unsigned char)*z); z++, digits++) {
      if (scale > 1) part += (*z - '0') * (scale /= 10);
    }
  }
  while (*z == ' ') z++;
  int sign = *z == '%';
  if (sign) z++;
  if (*z || !digits) return 1;
  long long v = whole * 1000000 + part; /* millionths */
  if (!sign && point && v <= 1000000) v *= 100;
  if (v > 100000000) return 1;
  *pPct = (int)((v + 500000) / 1000000);
  return 0;
}

/* The previous and latest updates; a previous update "June 2022: text" is
** dated by its prefix, and may move existsFrom earlier. The percent complete is
** the latest update's: alone, it is recorded as an update of its own. 1 when
** the percent is not one. */
static int row_updates(Imp *im, RowIn *w) {
  DateParse p;
  w->zPrev = import_val(im, F_PREV_UPDATE);
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
  w->zLatest = import_val(im, F_LATEST_UPDATE);
  const char *zPct = import_val(im, F_PERCENT);
  int pct = -1;
  if (zPct && import_percent(zPct, &pct)) {
    import_problem(im, F_PERCENT, zPct,
                   "not a percent complete: write 75%%, 75 or 0.75, from 0 to 100%%");
    return 1;
  }
  if (!w->zLatest && pct >= 0) w->zLatest = IMPORT_PERCENT_TEXT;
  if (w->zLatest) {
    w->upLatest.claimed = -1;
    w->upLatest.percent = pct;
    w->upLatest.on = w->asAt;
    w->upLatest.zText = (char *)w->zLatest;
  }
  return 0;
}

int import_word_note(ImportWord *a, int *pn, int *pnMore, const char *z, int status, VocabHow how) {
  char *zNorm = vocab_norm(z);
  unsigned long long h = 14695981039346656037ull;
  for (const char *p = zNorm; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
  free(zNorm);
  for (int i = 0; i < *pn; i++) {
    if (a[i].hash == h) {
      a[i].n++;
      return 0;
    }
  }
  if (*pn == IMPORT_WORDS_SHOWN) {
    ++*pnMore; /* counted once per row: the list says "and more" */
    return 0;
  }
  ImportWord *w = &a[(*pn)++];
  size_t n = strlen(z);
  if (n >= sizeof w->zWord) {
    n = sizeof w->zWord - 1;
    while (n && ((unsigned char)z[n] & 0xC0) == 0x80) n--; /* not inside a character */
  }
  memcpy(w->zWord, z, n);
  w->zWord[n] = 0;
  w->hash = h;
  w->status = status;
  w->how = (int)how;
  w->n = 1;
  return 1;
}

/* Note the status word z was read as, for the dry run's list. */
static void word_seen(Imp *im, const char *z, int status, VocabHow how) {
  ImportResult *res = im->res;
  (void)import_word_note(res->aWord, &res->nWord, &res->nWordMore, z, status, how);
}

/* Internal audit's opinion and next action; a row listed under an
** "Implemented Recommendations" heading is implemented. An opinion the status
** vocabulary cannot read is a problem: 1. */
static int row_opinion(Imp *im, RowIn *w) {
  Opinion *op = &w->op;
  const char *zOp = import_val(im, F_OPINION), *zNext = import_val(im, F_NEXT_ACTION);
  int status = ST_IN_PROGRESS;
  if (zOp) {
    VocabHow how;
    status = vocab_read(&im->map.vocab, zOp, &how);
    if (status < 0) {
      import_problem(im, F_OPINION, zOp,
                     "not a status the vocabulary knows: say what it means in the map "
                     "('status WORD = MEANING', or 'status * = MEANING' for every unknown "
                     "word; docs/import.md)");
      return 1;
    }
    word_seen(im, zOp, status, how);
  }
  w->zSection = import_val(im, F_SECTION);
  w->hasOp = zOp || zNext;
  if (w->hasOp) {
    op->on = w->asAt;
    op->status = (Status)status;
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
  return 0;
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
    a.zRef = import_val(im, F_AUDIT_REF);
    a.reportDate = w->auditDate;
    a.zDirectorate = import_val(im, F_DIRECTORATE);
    a.zProvider = import_val(im, F_PROVIDER);
    a.assurance = w->assurance;
    if (store_audit_add(im->db, &a, &auditId))
      rc = 1;
    else
      im->res->nAuditNew++;
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

/* The row's audit: in a refresh, the register's audit of the same title where
** there is one (so that a new recommendation joins it), else row_audit's. */
static int row_audit_of(Imp *im, RowIn *w) {
  long long id = import_refresh_audit(im, im->res->nRow);
  if (id) {
    w->r.auditId = id;
    return 0;
  }
  return row_audit(im, w, &w->r.auditId);
}

void import_audit_push(Imp *im, long long auditId) {
  if (im->nRecAudit % 1024 == 0) {
    im->aRecAudit = xrealloc(im->aRecAudit, sizeof(long long) * (size_t)(im->nRecAudit + 1024));
  }
  im->aRecAudit[im->nRecAudit++] = auditId;
}

/* Write a checked row: its audit, the recommendation and its ledger, updates,
** opinion and people. 0, or 1 on a store error (in im->db's message). */
static int row_write(Imp *im, RowIn *w, long long importId) {
  ImportResult *res = im->res;
  Rec *r = &w->r;
  if (row_audit_of(im, w)) return 1;
  if (import_refreshing(im)) import_audit_push(im, r->auditId);
  /* Each plain text field from its column; the text and the section as checked. */
  for (int f = 0; f < REC_FIELD__MAX; f++)
    rec_field_put(r, (RecFieldId)f, import_val(im, F_OF_REC(f)));
  r->zBody = (char *)w->zText;
  r->zSection = (char *)w->zSection;
  r->confidential = truthy(import_val(im, F_CONFIDENTIAL));
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
  if (row_audit_of(im, w)) return 1;
  import_audit_push(im, w->r.auditId);
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
int import_plan_audit_count(Imp *im) {
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
void import_row(Imp *im, long long importId) {
  for (int c = 0; c < im->nField; c++) {
    if (!utf8_encoding_valid(im->az[c], strlen(im->az[c]))) {
      import_problem(im, -1, 0, "column %d is not valid UTF-8", c + 1);
      return;
    }
  }
  RowIn w;
  memset(&w, 0, sizeof w);
  w.zTitle = import_val(im, F_AUDIT_TITLE);
  w.zText = import_val(im, F_BODY);
  int bad = 0;
  if (!im->zOrg && import_val(im, F_ORGANISATION))
    im->zOrg = xstrdup(import_val(im, F_ORGANISATION));
  if (!w.zTitle) import_problem(im, F_AUDIT_TITLE, 0, "the audit title is empty"), bad = 1;
  if (!w.zText) import_problem(im, F_BODY, 0, "the recommendation is empty"), bad = 1;
  int rc = row_dates(im, &w);
  if (rc < 0) return;
  bad |= rc;
  bad |= row_ratings(im, &w);
  Day earliest;
  bad |= row_ledger(im, &w, bad, &earliest);

  /* When the recommendation came to exist (model.h): the tracker that lists it
  ** is one more day it is known by. */
  Rec *r = &w.r;
  if (earliest == DAY_NONE || earliest > w.asAt) earliest = w.asAt;
  r->existsFrom = rec_exists_from(w.auditDate, earliest, w.asAt);
  bad |= row_updates(im, &w);
  bad |= row_opinion(im, &w);

  if (!bad) {
    /* A row matched to a recommendation already in the register records only what
    ** changed; any other row is a new recommendation. */
    int w1 = import_refresh_row(im, &w, im->res->nRow);
    if (w1 == 0)
      w1 = import_emails(im);
    else if (w1 == -1)
      w1 = im->o->dryRun ? row_plan(im, &w) : row_write(im, &w, importId);
    if (w1 == -2) /* a returned workbook's new row: left for internal audit */
      (void)0;
    else if (w1)
      import_problem(im, -1, 0, "%s", db_errmsg(im->db));
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
