/*
** model.c: vocabularies (statuses, decisions, assurance), the policy and its
** text form. The as-at engine that reads the policy is model_state.c:
** rec_state_at() is the only place that decides whether a recommendation is
** open, overdue, in which band and at which escalation rung. Reports, listings,
** exports, pages and notifications call it; they never recompute any of it.
** Not for: SQL or output.
*/
#include "model.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const status_names[] = {
    "not_started",   "in_progress", "partially_implemented", "implemented", "not_implemented",
    "risk_accepted", "superseded",  "not_adopted",           "withdrawn",   0,
};
const char *const status_labels[] = {
    "Not started",   "In progress", "Partially implemented", "Implemented", "Not implemented",
    "Risk accepted", "Superseded",  "Not adopted",           "Withdrawn",
};
_Static_assert(sizeof status_labels / sizeof status_labels[0] == STATUS__MAX, "status_labels");
_Static_assert(sizeof(status_names) / sizeof(status_names[0]) == STATUS__MAX + 1, "status_names");

const char *const decision_names[] = {
    "extension_granted", "extension_refused", "removal_approved", "attendance_required", "noted", 0,
};
const char *const decision_labels[] = {
    "Extension granted",
    "Extension refused",
    "Removal approved",
    "Officer to attend committee",
    "Noted",
};
_Static_assert(sizeof decision_labels / sizeof decision_labels[0] == DECISION_KIND__MAX,
               "decision_labels");
_Static_assert(sizeof(decision_names) / sizeof(decision_names[0]) == DECISION_KIND__MAX + 1, "dec");

const char *const assurance_names[] = {"substantial", "reasonable", "limited", "none", 0};
_Static_assert(sizeof assurance_names / sizeof assurance_names[0] == ASSURANCE__MAX + 1,
               "assurance_names");

const char *const rag_names[] = {"", "green", "amber", "red"};
_Static_assert(sizeof rag_names / sizeof rag_names[0] == RAG__MAX, "rag_names");

/* Compare a user's word with a name, treating '-' and ' ' as '_' and ignoring case. */
static int name_eq(const char *zUser, const char *zName) {
  for (; *zUser && *zName; zUser++, zName++) {
    char a = (char)tolower((unsigned char)*zUser), b = *zName;
    if (a == '-' || a == ' ') a = '_';
    if (a != b) return 0;
  }
  return !*zUser && !*zName;
}

int status_from_name(const char *z) {
  for (int i = 0; i < STATUS__MAX; i++) {
    if (name_eq(z, status_names[i]) || !strcasecmp(z, status_labels[i])) return i;
  }
  if (name_eq(z, "partial")) return ST_PARTIAL;
  if (name_eq(z, "fully_implemented")) return ST_IMPLEMENTED;
  return -1;
}

int status_closes(Status s) {
  return s == ST_IMPLEMENTED || s == ST_RISK_ACCEPTED || s == ST_SUPERSEDED ||
         s == ST_NOT_ADOPTED || s == ST_WITHDRAWN;
}

const char *const status_claim_labels[] = {"Not started", "In progress", "Partially implemented",
                                           "Implemented (for internal audit to review)"};
_Static_assert(sizeof status_claim_labels / sizeof status_claim_labels[0] == STATUS_CLAIMS,
               "status_claim_labels");

int status_service_may_claim(int s) { return s >= 0 && s < STATUS_CLAIMS; }

int decision_from_name(const char *z) {
  for (int i = 0; i < DECISION_KIND__MAX; i++) {
    if (name_eq(z, decision_names[i])) return i;
  }
  return -1;
}

int assurance_from_name(const char *z) {
  for (int i = 0; i < ASSURANCE__MAX; i++) {
    if (name_eq(z, assurance_names[i])) return i;
  }
  if (name_eq(z, "no") || name_eq(z, "no_assurance")) return AS_NO;
  if (strcasestr(z, "substantial")) return AS_SUBSTANTIAL;
  if (strcasestr(z, "reasonable")) return AS_REASONABLE;
  if (strcasestr(z, "limited")) return AS_LIMITED;
  return AS_NONE_GIVEN;
}

/* ---- policy ---- */

static void trim(char *z) {
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  size_t i = 0;
  while (isspace((unsigned char)z[i])) i++;
  memmove(z, z + i, n - i + 1);
}

/* Parse a whole non-negative decimal; returns -1 if z is not one. */
static int parse_uint(const char *z) {
  long v = 0;
  if (!*z) return -1;
  for (; *z; z++) {
    if (!isdigit((unsigned char)*z) || v > 100000) return -1;
    v = v * 10 + (*z - '0');
  }
  return (int)v;
}

static int basis_set(Policy *p, const char *zValue, Buf *err) {
  if (!strcmp(zValue, "original"))
    p->basis = BASIS_ORIGINAL;
  else if (!strcmp(zValue, "current"))
    p->basis = BASIS_CURRENT;
  else {
    buf_appendf(err, "basis must be 'original' or 'current', not '%s'", zValue);
    return 1;
  }
  return 0;
}

static void basis_value(const Policy *p, Buf *out) {
  buf_puts(out, p->basis == BASIS_ORIGINAL ? "original" : "current");
}

static int months_set(Policy *p, const char *zValue, Buf *err) {
  if (!strcmp(zValue, "calendar"))
    p->rule = MONTHS_CALENDAR;
  else if (!strcmp(zValue, "whole"))
    p->rule = MONTHS_WHOLE;
  else {
    buf_appendf(err, "months must be 'calendar' or 'whole', not '%s'", zValue);
    return 1;
  }
  return 0;
}

static void months_value(const Policy *p, Buf *out) {
  buf_puts(out, p->rule == MONTHS_CALENDAR ? "calendar" : "whole");
}

static int bands_set(Policy *p, const char *zValue, Buf *err) {
  Band a[POLICY_MAX_BANDS];
  int n = 0;
  char *zCopy = xstrdup(zValue), *zSave = 0;
  int rc = 0;
  for (char *zItem = strtok_r(zCopy, ";", &zSave); zItem; zItem = strtok_r(0, ";", &zSave)) {
    char *zColon = strrchr(zItem, ':');
    if (!zColon) {
      buf_appendf(err, "band '%s' needs the form LABEL:MIN_MONTHS", zItem);
      rc = 1;
      break;
    }
    *zColon = 0;
    trim(zItem);
    trim(zColon + 1);
    int m = parse_uint(zColon + 1);
    if (n == POLICY_MAX_BANDS) {
      buf_appendf(err, "at most %d bands", POLICY_MAX_BANDS);
      rc = 1;
      break;
    }
    if (!zItem[0] || strlen(zItem) >= sizeof a[0].zLabel) {
      buf_appendf(err, "band label '%s' must be 1 to %zu characters", zItem,
                  sizeof a[0].zLabel - 1);
      rc = 1;
      break;
    }
    if (m < 0 || (n == 0 && m != 0) || (n > 0 && m <= a[n - 1].minMonths)) {
      buf_appendf(err, "band '%s': minimum months '%s' must be %s", zItem, zColon + 1,
                  n == 0 ? "0 for the first band" : "a whole number above the previous band's");
      rc = 1;
      break;
    }
    snprintf(a[n].zLabel, sizeof a[n].zLabel, "%s", zItem);
    a[n].minMonths = m;
    n++;
  }
  free(zCopy);
  if (!rc && n == 0) {
    buf_puts(err, "at least one band is needed, e.g. 'under 3 months:0; over 3 months:3'");
    rc = 1;
  }
  if (!rc) {
    memcpy(p->aBand, a, sizeof a);
    p->nBand = n;
  }
  return rc;
}

static void bands_value(const Policy *p, Buf *out) {
  for (int i = 0; i < p->nBand; i++) {
    buf_appendf(out, "%s%s:%d", i ? "; " : "", p->aBand[i].zLabel, p->aBand[i].minMonths);
  }
}

static int ladder_set(Policy *p, const char *zValue, Buf *err) {
  Rung a[POLICY_MAX_RUNGS];
  int n = 0, rc = 0;
  char *zCopy = xstrdup(zValue), *zSave = 0;
  for (char *zItem = strtok_r(zCopy, ";", &zSave); zItem; zItem = strtok_r(0, ";", &zSave)) {
    trim(zItem); /* first: trim moves the text, so find the colons after it */
    if (!zItem[0]) continue;
    char *zWho = strchr(zItem, ':');
    char *zAct = zWho ? strchr(zWho + 1, ':') : 0;
    if (!zAct) {
      buf_appendf(err, "rung '%s' needs the form MONTHS:WHO:ACTION", zItem);
      rc = 1;
      break;
    }
    *zWho++ = 0;
    *zAct++ = 0;
    trim(zItem);
    trim(zWho);
    trim(zAct);
    int m = parse_uint(zItem);
    if (n == POLICY_MAX_RUNGS) {
      buf_appendf(err, "at most %d rungs", POLICY_MAX_RUNGS);
      rc = 1;
      break;
    }
    if (m < 0 || (n > 0 && m <= a[n - 1].minMonths)) {
      buf_appendf(err, "rung '%s': months must be a whole number above the previous rung's", zItem);
      rc = 1;
      break;
    }
    if (!zWho[0] || !zAct[0] || strlen(zWho) >= sizeof a[0].zWho ||
        strlen(zAct) >= sizeof a[0].zAction) {
      buf_appendf(err, "rung at %d months: who (1-%zu characters) and action (1-%zu) are needed", m,
                  sizeof a[0].zWho - 1, sizeof a[0].zAction - 1);
      rc = 1;
      break;
    }
    a[n].minMonths = m;
    snprintf(a[n].zWho, sizeof a[n].zWho, "%s", zWho);
    snprintf(a[n].zAction, sizeof a[n].zAction, "%s", zAct);
    n++;
  }
  free(zCopy);
  if (!rc) {
    memcpy(p->aRung, a, sizeof a);
    p->nRung = n;
  }
  return rc;
}

static void ladder_value(const Policy *p, Buf *out) {
  for (int i = 0; i < p->nRung; i++) {
    buf_appendf(out, "%s%d:%s:%s", i ? "; " : "", p->aRung[i].minMonths, p->aRung[i].zWho,
                p->aRung[i].zAction);
  }
}

/* A whole number from 0 to 1000 into *pv; zKey names it in the message. */
static int count_set(int *pv, const char *zKey, const char *zValue, Buf *err) {
  int v = parse_uint(zValue);
  if (v < 0 || v > 1000) {
    buf_appendf(err, "%s must be a whole number from 0 to 1000, not '%s'", zKey, zValue);
    return 1;
  }
  *pv = v;
  return 0;
}

static int rag_red_set(Policy *p, const char *zValue, Buf *err) {
  return count_set(&p->ragRedMonths, "rag-red-months", zValue, err);
}

static void rag_red_value(const Policy *p, Buf *out) { buf_appendf(out, "%d", p->ragRedMonths); }

static int rag_amber_set(Policy *p, const char *zValue, Buf *err) {
  return count_set(&p->ragAmberDays, "rag-amber-days", zValue, err);
}

static void rag_amber_value(const Policy *p, Buf *out) { buf_appendf(out, "%d", p->ragAmberDays); }

static int follow_up_set(Policy *p, const char *zValue, Buf *err) {
  int a = -1, b = -1, k = 0;
  if (sscanf(zValue, "%d-%d%n", &a, &b, &k) != 2 || zValue[k] || a < 1 || b < a || b > 120) {
    buf_appendf(err, "follow-up must be MIN-MAX months after the final report, e.g. 6-12, not '%s'",
                zValue);
    return 1;
  }
  p->followUpMin = a;
  p->followUpMax = b;
  return 0;
}

static void follow_up_value(const Policy *p, Buf *out) {
  buf_appendf(out, "%d-%d", p->followUpMin, p->followUpMax);
}

static int pack_set(Policy *p, const char *zValue, Buf *err) {
  /* The default committee pack's name; whether it exists is judged when a pack
  ** is printed, since packs live in the database (report_pack.c). */
  size_t n = strlen(zValue);
  int ok = n > 0 && n < sizeof p->zPack;
  for (size_t i = 0; ok && i < n; i++) {
    ok = isalnum((unsigned char)zValue[i]) || zValue[i] == '-' || zValue[i] == '_';
  }
  if (!ok) {
    buf_appendf(err,
                "pack must be a pack's name (letters, digits, '-' and '_', at most %zu), "
                "not '%s'",
                sizeof p->zPack - 1, zValue);
    return 1;
  }
  memcpy(p->zPack, zValue, n + 1);
  return 0;
}

static void pack_value(const Policy *p, Buf *out) { buf_puts(out, p->zPack); }

static int due_day_set(Policy *p, const char *zValue, Buf *err) {
  if (!strcmp(zValue, "no") || !strcmp(zValue, "yes")) {
    p->dueDayOverdue = zValue[0] == 'y';
    return 0;
  }
  buf_appendf(err, "overdue-on-due-date must be 'no' or 'yes', not '%s'", zValue);
  return 1;
}

static void due_day_value(const Policy *p, Buf *out) {
  buf_puts(out, p->dueDayOverdue ? "yes" : "no");
}

static int population_from_set(Policy *p, const char *zValue, Buf *err) {
  if (!strcmp(zValue, "none")) {
    p->populationFrom = DAY_NONE;
    return 0;
  }
  DateParse d;
  char zWhy[64];
  if (day_parse(zValue, DF_ISO | DF_DMY | DF_TEXT, &d, zWhy, sizeof zWhy) || d.kind != DATE_EXACT) {
    buf_appendf(err, "population-from must be a day (e.g. 2021-04-01) or none, not '%s'", zValue);
    return 1;
  }
  p->populationFrom = d.day;
  return 0;
}

static void population_from_value(const Policy *p, Buf *out) {
  char z[DAY_FMT_MAX];
  buf_puts(out, p->populationFrom == DAY_NONE ? "none" : day_fmt(p->populationFrom, DAY_ISO, z));
}

const char *const share_of_names[] = {"off", "open", "all", "due", 0};
_Static_assert(sizeof share_of_names / sizeof share_of_names[0] == SHARE_OF__MAX + 1, "shares");

static int share_of_set(Policy *p, const char *zValue, Buf *err) {
  for (int i = 0; i < SHARE_OF__MAX; i++) {
    if (!strcmp(zValue, share_of_names[i])) {
      p->shareOf = (ShareOf)i;
      return 0;
    }
  }
  buf_appendf(err, "percentages must be off, open, all or due, not '%s'", zValue);
  return 1;
}

static void share_of_value(const Policy *p, Buf *out) { buf_puts(out, share_of_names[p->shareOf]); }

static int share_places_set(Policy *p, const char *zValue, Buf *err) {
  if (!strcmp(zValue, "0") || !strcmp(zValue, "1")) {
    p->sharePlaces = zValue[0] - '0';
    return 0;
  }
  buf_appendf(err, "percent-places must be 0 (whole per cent) or 1 (one decimal place), not '%s'",
              zValue);
  return 1;
}

static void share_places_value(const Policy *p, Buf *out) {
  buf_appendf(out, "%d", p->sharePlaces);
}

const char *const summary_add_names[] = {"rates",   "status",     "roll-forward", "rag",
                                         "cohorts", "extensions", "revisions",    0};
_Static_assert(sizeof summary_add_names / sizeof summary_add_names[0] == SUMMARY_ADD__MAX + 1,
               "summary adds");
const char *const summary_add_titles[] = {"implementation and completion rates",
                                          "recommendations by risk rating and status",
                                          "the overdue roll-forward",
                                          "RAG counts",
                                          "cohorts",
                                          "targets revised in the period",
                                          "targets revised past the limit"};
_Static_assert(sizeof summary_add_titles / sizeof summary_add_titles[0] == SUMMARY_ADD__MAX,
               "summary add titles");

static int summary_adds_set(Policy *p, const char *zValue, Buf *err) {
  unsigned m = 0;
  char z[256];
  if (strlen(zValue) >= sizeof z) {
    buf_puts(err, "summary-adds is too long");
    return 1;
  }
  memcpy(z, zValue, strlen(zValue) + 1);
  trim(z);
  if (strcmp(z, "none")) {
    for (char *q = z, *e; q; q = e) {
      e = strchr(q, ',');
      if (e) *e++ = 0;
      trim(q);
      int k = 0;
      while (k < SUMMARY_ADD__MAX && strcmp(q, summary_add_names[k])) k++;
      if (k == SUMMARY_ADD__MAX) {
        buf_appendf(err, "unknown section '%s' (none, or a list of:", q);
        for (int i = 0; i < SUMMARY_ADD__MAX; i++) {
          buf_appendf(err, "%s %s", i ? "," : "", summary_add_names[i]);
        }
        buf_putc(err, ')');
        return 1;
      }
      m |= 1u << k;
    }
  }
  p->summaryAdds = m;
  return 0;
}

static void summary_adds_value(const Policy *p, Buf *out) {
  size_t n0 = out->n;
  for (int k = 0; k < SUMMARY_ADD__MAX; k++) {
    if (p->summaryAdds & (1u << k))
      buf_appendf(out, "%s%s", out->n > n0 ? ", " : "", summary_add_names[k]);
  }
  if (out->n == n0) buf_puts(out, "none");
}

static int rag_by_set(Policy *p, const char *zValue, Buf *err) {
  if (!strcmp(zValue, "dates") || !strcmp(zValue, "percent")) {
    p->ragByPercent = zValue[0] == 'p';
    return 0;
  }
  buf_appendf(err, "rag-by must be 'dates' or 'percent', not '%s'", zValue);
  return 1;
}

static void rag_by_value(const Policy *p, Buf *out) {
  buf_puts(out, p->ragByPercent ? "percent" : "dates");
}

static int rag_percent_set(Policy *p, const char *zValue, Buf *err) {
  int g = -1, a = -1, k = 0;
  if (sscanf(zValue, "%d:%d%n", &g, &a, &k) != 2 || zValue[k] || g > 100 || a < 0 || a > g) {
    buf_appendf(err,
                "rag-percent must be GREEN:AMBER, the percents complete from which a "
                "recommendation is green and amber (100 >= GREEN >= AMBER >= 0), e.g. 75:50, "
                "not '%s'",
                zValue);
    return 1;
  }
  p->ragGreenPct = g;
  p->ragAmberPct = a;
  return 0;
}

static void rag_percent_value(const Policy *p, Buf *out) {
  buf_appendf(out, "%d:%d", p->ragGreenPct, p->ragAmberPct);
}

static int rag_red_under_set(Policy *p, const char *zValue, Buf *err) {
  int v = parse_uint(zValue);
  if (v < 0 || v > 100) {
    buf_appendf(err, "rag-red-under must be a percent from 0 (off) to 100, not '%s'", zValue);
    return 1;
  }
  p->ragRedUnder = v;
  return 0;
}

static void rag_red_under_value(const Policy *p, Buf *out) {
  buf_appendf(out, "%d", p->ragRedUnder);
}

const char *const cohort_by_names[] = {"target-year", "target-quarter", "audit-year", "audit-fy",
                                       0};
_Static_assert(sizeof cohort_by_names / sizeof cohort_by_names[0] == COHORT_BY__MAX + 1, "cohorts");

static int cohort_by_set(Policy *p, const char *zValue, Buf *err) {
  for (int i = 0; i < COHORT_BY__MAX; i++) {
    if (!strcmp(zValue, cohort_by_names[i])) {
      p->cohortBy = (CohortBy)i;
      return 0;
    }
  }
  buf_appendf(err,
              "cohort-by must be target-year, target-quarter, audit-year or audit-fy, not '%s'",
              zValue);
  return 1;
}

static void cohort_by_value(const Policy *p, Buf *out) {
  buf_puts(out, cohort_by_names[p->cohortBy]);
}

static int revision_limit_set(Policy *p, const char *zValue, Buf *err) {
  return count_set(&p->revisionLimit, "revision-limit", zValue, err);
}

static void revision_limit_value(const Policy *p, Buf *out) {
  buf_appendf(out, "%d", p->revisionLimit);
}

/* The policy's one declaration: adding a key is one row here (and its field in Policy). */
const PolicyKey policy_key_table[] = {
    {"basis", "original", basis_set, basis_value,
     "original or current: overdue is measured from the original target or the latest agreed one",
     "What overdue is measured from",
     "original: the target first agreed; current: the latest target agreed"},
    {"months", "calendar", months_set, months_value,
     "calendar (12 x years + months between the dates) or whole (completed whole months)",
     "How months overdue are counted",
     "calendar: 12 x years + months between the dates; whole: completed whole months"},
    {"bands", "under 6 months:0; 6-12 months:6; over 12 months:12", bands_set, bands_value,
     "LABEL:MIN_MONTHS; ...: a band holds months overdue from its minimum to the next band's",
     "Overdue bands",
     "Each band as its name, a colon and the months overdue it starts at, separated by "
     "semicolons; the first starts at 0. For example, under 6 months:0; 6-12 months:6"},
    {"ladder",
     "6:executive member:Executive member notified; 9:director:Director attends Audit Committee; "
     "18:director:Risk written back to the director",
     ladder_set, ladder_value, "MONTHS:WHO:ACTION; ...: the escalation rungs", "Escalation ladder",
     "Each rung as the months overdue it is reached at, who it names and what happens, "
     "separated by colons, the rungs by semicolons. For example, 9:director:Director attends"},
    {"rag-red-months", "6", rag_red_set, rag_red_value, "red when overdue this many months",
     "Red after this many months overdue", "A whole number of months, from 0 to 1000"},
    {"rag-amber-days", "30", rag_amber_set, rag_amber_value,
     "amber when overdue less than rag-red-months, or due within this many days",
     "Amber when due within this many days",
     "Also amber: overdue, but by fewer months than red needs. A whole number from 0 to 1000"},
    {"follow-up", "6-12", follow_up_set, follow_up_value,
     "MIN-MAX: months after a limited or no assurance report that its follow-up audit is due",
     "When a follow-up audit is due",
     "Months after a limited or no assurance report, as the earliest and latest with a "
     "hyphen between. For example, 6-12"},
    {"pack", "manchester", pack_set, pack_value,
     "the committee pack `report pack` prints when --pack is not given",
     "The committee pack reports use",
     "The name of a committee pack: letters, digits, hyphens and underscores"},
    {"overdue-on-due-date", "no", due_day_set, due_day_value,
     "yes: a recommendation due on the report's date is already overdue (0 months); "
     "no: overdue from the day after",
     "Overdue on the due date",
     "yes: a recommendation due on the report's date is already overdue; no: it is overdue "
     "from the day after"},
    {"population-from", "none", population_from_set, population_from_value,
     "DATE or none: recommendations made before DATE (their audit's date, or the day recorded "
     "when it has none) are outside the follow-up population: no report, list or reminder "
     "counts them",
     "Follow up recommendations made from",
     "A date, such as 2021-04-01: recommendations made before it are not followed up. none: "
     "every recommendation is followed up"},
    {"percentages", "off", share_of_set, share_of_value,
     "off, open, all or due: the summary's count tables also give each count as a share of the "
     "open recommendations, of all on the register (closed included), or of those due in the "
     "period",
     "Percentages beside the counts",
     "off; open: of the open recommendations; all: of all on the register, closed included; due: "
     "of those due in the period"},
    {"percent-places", "0", share_places_set, share_places_value,
     "0 or 1: percentages and rates to a whole per cent or one decimal place, rounded half up, "
     "never adjusted to add to 100",
     "Decimal places of percentages",
     "0 for whole per cents, 1 for one decimal place (rounded half up)"},
    {"summary-adds", "none", summary_adds_set, summary_adds_value,
     "none, or a list of the sections the summary adds: rates (implementation by original and "
     "by any target, completion), status (risk rating x status per scale and provider), "
     "roll-forward (overdue then, cleared, "
     "newly overdue, overdue now), rag (open recommendations by RAG rating, with shares), cohorts "
     "(by cohort-by, "
     "status as at the date), extensions (targets revised in the period), revisions (open ones "
     "revised more than revision-limit times)",
     "Sections the summary adds",
     "none, or any of rates, status, roll-forward, rag, cohorts, extensions, revisions, separated "
     "by commas"},
    {"rag-by", "dates", rag_by_set, rag_by_value,
     "dates (rag-red-months, rag-amber-days) or percent: by the percent complete last reported, "
     "thresholds rag-percent (by dates where none is reported)",
     "What RAG is decided by",
     "dates: how overdue it is; percent: the percent complete last reported"},
    {"rag-percent", "75:50", rag_percent_set, rag_percent_value,
     "GREEN:AMBER: with rag-by percent, green from GREEN% complete, amber from AMBER%, red under",
     "RAG thresholds by percent complete",
     "Green from the first, amber from the second, red under it, with a colon between. For "
     "example, 75:50"},
    {"rag-red-under", "0", rag_red_under_set, rag_red_under_value,
     "N: an overdue recommendation under N% complete (none reported: 0%) is red, whatever "
     "rag-by says; 0: off",
     "Red when overdue and under this percent complete", "A whole number from 0 to 100; 0 for off"},
    {"cohort-by", "target-year", cohort_by_set, cohort_by_value,
     "target-year, target-quarter, audit-year or audit-fy (April to March): how the summary's "
     "cohort table groups recommendations",
     "How cohorts are grouped",
     "target-year, target-quarter, audit-year or audit-fy (April to March)"},
    {"revision-limit", "0", revision_limit_set, revision_limit_value,
     "N: an open recommendation whose target has been revised more than N times is flagged and "
     "listed; 0: off",
     "Flag targets revised more than this many times", "A whole number; 0 for off"},
};
_Static_assert(sizeof policy_key_table / sizeof policy_key_table[0] == POLICY_KEY__MAX,
               "policy_key_table");

const PolicyKey *policy_key_find(const char *zKey) {
  for (int i = 0; i < POLICY_KEY__MAX; i++) {
    if (!strcmp(policy_key_table[i].zName, zKey)) return &policy_key_table[i];
  }
  return 0;
}

void policy_default(Policy *p) {
  Buf e = BUF_INIT;
  memset(p, 0, sizeof *p);
  for (int i = 0; i < POLICY_KEY__MAX; i++) {
    const PolicyKey *k = &policy_key_table[i];
    if (k->xSet(p, k->zDefault, &e)) fatal("default policy %s: %s", k->zName, buf_cstr(&e));
  }
  buf_free(&e);
}

void policy_help(Buf *out) {
  for (int i = 0; i < POLICY_KEY__MAX; i++) {
    const PolicyKey *k = &policy_key_table[i];
    buf_appendf(out, "  %-16s %s (default: %s)\n", k->zName, k->zHelp, k->zDefault);
  }
}

int policy_set(Policy *p, const char *zKey, const char *zValue, Buf *err) {
  const PolicyKey *k = policy_key_find(zKey);
  if (k) return k->xSet(p, zValue, err);
  buf_appendf(err, "unknown policy setting '%s' (one of", zKey);
  for (int i = 0; i < POLICY_KEY__MAX; i++) {
    buf_appendf(err, "%s %s", i ? "," : "", policy_key_table[i].zName);
  }
  buf_putc(err, ')');
  return 1;
}

void policy_value(const Policy *p, const char *zKey, Buf *out) {
  if (!zKey) {
    for (int i = 0; i < POLICY_KEY__MAX; i++) {
      buf_appendf(out, "%s = ", policy_key_table[i].zName);
      policy_key_table[i].xValue(p, out);
      buf_putc(out, '\n');
    }
    return;
  }
  const PolicyKey *k = policy_key_find(zKey);
  if (k) k->xValue(p, out);
}

void policy_describe(const Policy *p, Buf *out) { policy_describe_as(p, 0, out); }

void policy_basis_words(const Policy *p, int bothBases, Buf *out) {
  if (bothBases)
    buf_appendf(out,
                "Overdue is shown against both the original and the current agreed target "
                "date, side by side (a TBC target counts from the last dated one); bands and "
                "escalation go by the %s target",
                basis_words[p->basis]);
  else
    buf_appendf(out,
                "Overdue is measured from the %s target date (a TBC target counts from the "
                "last dated one)",
                basis_words[p->basis]);
}

void policy_describe_as(const Policy *p, int bothBases, Buf *out) {
  policy_basis_words(p, bothBases, out);
  buf_appendf(out, "; months overdue %s; bands: ",
              p->rule == MONTHS_CALENDAR ? "= 12 x years + months between the dates"
                                         : "= completed whole months");
  for (int i = 0; i < p->nBand; i++) {
    buf_appendf(out, "%s%s (%d+)", i ? ", " : "", p->aBand[i].zLabel, p->aBand[i].minMonths);
  }
  buf_puts(out, "; escalation: ");
  if (!p->nRung) buf_puts(out, "none");
  for (int i = 0; i < p->nRung; i++) {
    buf_appendf(out, "%s%d months %s", i ? ", " : "", p->aRung[i].minMonths, p->aRung[i].zAction);
  }
  if (p->dueDayOverdue) buf_puts(out, "; a recommendation due on the report's date is overdue");
  if (p->populationFrom != DAY_NONE) {
    char z[DAY_FMT_MAX];
    buf_appendf(out, "; recommendations made before %s are not followed up",
                day_fmt(p->populationFrom, DAY_TEXT, z));
  }
  if (p->shareOf != SHARE_OFF) {
    buf_appendf(out, "; percentages are of %s",
                p->shareOf == SHARE_OPEN  ? "the open recommendations"
                : p->shareOf == SHARE_ALL ? "all recommendations on the register, closed included"
                                          : "the recommendations due in the period");
  }
  if (p->ragByPercent) {
    buf_appendf(out,
                "; RAG by the percent complete last reported: green from %d%%, amber from %d%%, "
                "red under (by dates where none is reported)",
                p->ragGreenPct, p->ragAmberPct);
  }
  if (p->ragRedUnder) {
    buf_appendf(out, "; overdue and under %d%% complete (none reported: 0%%) is red",
                p->ragRedUnder);
  }
  if (p->revisionLimit) {
    buf_appendf(out, "; a target revised more than %d time%s is flagged", p->revisionLimit,
                p->revisionLimit == 1 ? "" : "s");
  }
  if (p->summaryAdds & (1u << SA_COHORTS)) {
    static const char *const az[] = {"year of the original target",
                                     "quarter of the original target", "year of the audit",
                                     "financial year (April to March) of the audit"};
    buf_appendf(out, "; cohorts by %s", az[p->cohortBy]);
  }
  if (p->summaryAdds) {
    buf_puts(out, "; the summary adds ");
    int n = 0;
    for (int k = 0; k < SUMMARY_ADD__MAX; k++) {
      if (p->summaryAdds & (1u << k))
        buf_appendf(out, "%s%s", n++ ? ", " : "", summary_add_titles[k]);
    }
  }
  if (p->sharePlaces || p->shareOf != SHARE_OFF ||
      (p->summaryAdds & (1u << SA_RATES | 1u << SA_RAG))) {
    buf_appendf(out, "; percentages and rates to %s, rounded half up, not adjusted to add to 100",
                p->sharePlaces ? "one decimal place" : "a whole per cent");
  }
  buf_putc(out, '.');
}

/* ---- accounts ---- */

const char *const role_names[] = {"admin", "auditor", "director", "owner", "committee", 0};
const char *const role_labels[] = {"Administrator", "Auditor", "Director", "Action owner",
                                   "Committee member"};
_Static_assert(sizeof role_names / sizeof role_names[0] == ROLE__MAX + 1, "role names");
_Static_assert(sizeof role_labels / sizeof role_labels[0] == ROLE__MAX, "role labels");

int role_from_name(const char *z) {
  if (!z) return -1;
  for (int i = 0; i < ROLE__MAX; i++) {
    if (!strcasecmp(z, role_names[i])) return i;
  }
  return -1;
}
