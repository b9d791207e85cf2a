/*
** gen.c: a synthetic organisation's recommendation tracker for the benchmarks.
**
** Usage: bench-gen N [SEED] > tracker.csv
**
** Writes N recommendations as one CSV in the seed trackers' layout (the 29
** columns of the CSVs in examples/seed-trackers, RFC 4180, every field quoted, CRLF
** between records), dated as at 2025-03-31. The output depends only on N and
** SEED (default 1): the PRNG is splitmix64 and nothing reads the clock.
**
** The mixes follow the seed trackers: about N/6 audits (1 to 11 recommendations
** each) dated 2019 to early 2025; risk labels E/H/M/A at 5/25/60/10%; themes and
** directorates from a short list in directorate_or_theme; original targets
** 3 to 15 months after the audit, clamped to 2020-2025; a revision ledger in
** revised_due_dates and revised_due_dates_by_cycle (one item per quarterly
** committee cycle at which the target was pushed back, ISO dates or TBC);
** "June 2024: ..." previous updates, latest updates, Internal Audit opinions
** and a few multi-line fields holding commas and quotes. The ledger averages
** about ten entries per recommendation (revisions + updates + opinion), so
** 100,000 recommendations make about a million ledger rows. A summary of what
** was written goes to stderr.
**
** Not for: testing the importer's error handling (every row here is valid).
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AS_AT_Y 2025
#define AS_AT_M 3
#define AS_AT_D 31

/* ---- the PRNG ---- */

static uint64_t rngState;

static uint64_t rng_next(void) {
  uint64_t z = (rngState += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int rnd(int n) { return (int)((rng_next() >> 11) % (uint64_t)n); }

/* True with probability pct/100. */
static int chance(int pct) { return rnd(100) < pct; }

#define PICK(a) (a[rnd((int)(sizeof(a) / sizeof(a[0])))])

/* ---- dates as day numbers (days since 1970-01-01, proleptic Gregorian) ---- */

static int days_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void ymd_from_days(int z, int *pY, int *pM, int *pD) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *pD = doy - (153 * mp + 2) / 5 + 1;
  *pM = mp + (mp < 10 ? 3 : -9);
  *pY = yoe + era * 400 + (*pM <= 2);
}

/* Months are counted as y*12 + (m-1). */
static int month_end(int ym) {
  int y = (ym + 1) / 12, m = (ym + 1) % 12 + 1;
  return days_from_ymd(y, m, 1) - 1;
}

static int ym_of(int day) {
  int y, m, d;
  ymd_from_days(day, &y, &m, &d);
  return y * 12 + m - 1;
}

static const char *const azMonth[12] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

/* ---- a bounded string builder ---- */

typedef struct Str {
  char z[8192];
  size_t n;
} Str;

static void str_reset(Str *s) {
  s->n = 0;
  s->z[0] = 0;
}

__attribute__((format(printf, 2, 3))) static void str_addf(Str *s, const char *zFmt, ...) {
  va_list ap;
  if (s->n >= sizeof s->z - 1) return;
  va_start(ap, zFmt);
  int k = vsnprintf(s->z + s->n, sizeof s->z - s->n, zFmt, ap);
  va_end(ap);
  if (k < 0) return;
  s->n += (size_t)k;
  if (s->n > sizeof s->z - 1) s->n = sizeof s->z - 1;
}

static void str_date(Str *s, int day) {
  int y, m, d;
  ymd_from_days(day, &y, &m, &d);
  str_addf(s, "%04d-%02d-%02d", y, m, d);
}

/* ---- CSV output ---- */

static int nFieldInRow;

static void csv_field(const char *z) {
  if (nFieldInRow++) putchar(',');
  putchar('"');
  for (; *z; z++) {
    if (*z == '"') putchar('"');
    putchar(*z);
  }
  putchar('"');
}

static void csv_end_row(void) {
  fputs("\r\n", stdout);
  nFieldInRow = 0;
}

/* ---- vocabulary ---- */

static const char *const azSubject[] = {
  "Payroll", "Accounts Payable", "Accounts Receivable", "Procurement Cards", "Debt Recovery",
  "Cyber Security", "Information Governance", "Fleet Management", "Contract Management",
  "Schools Financial Value Standard", "Adult Social Care Payments", "Direct Payments",
  "Business Continuity", "Asset Management", "Treasury Management", "Capital Programme",
  "Council Tax", "Business Rates", "Housing Benefit", "Commissioning", "Records Management",
  "Highways Maintenance", "Waste Collection", "Licensing", "Planning Fees", "Parking Income",
  "Grants to Voluntary Organisations", "Disabled Facilities Grants", "Home to School Transport",
  "Residential Care Placements", "Foster Care Payments", "Leisure Contract", "Property Lettings",
  "Emergency Planning", "Health and Safety", "Recruitment", "Agency Staff", "Overtime",
  "Expenses", "Bank Reconciliation", "General Ledger", "Budget Monitoring", "Pensions",
  "IT Asset Management", "Access Controls", "Data Protection", "Freedom of Information",
  "Complaints Handling", "Income Collection", "Imprest Accounts",
};

static const char *const azKind[] = {
  "Review", "Audit", "Follow-up", "Controls Review", "Compliance Review", "Assurance Review",
};

/* What directorate_or_theme holds in the seed trackers: directorates and themes mixed. */
static const char *const azTheme[] = {
  "Adults", "Children and Education", "Place", "Resources", "Public Health",
  "Corporate Services", "cross-cutting", "Dedicated Schools Grant (DSG)", "Finance", "ICT",
  "Housing", "Growth and Development",
};

static const char *const azActor[] = {
  "Management", "The service", "The Head of Finance", "The Director", "The contract manager",
  "The budget holder", "The Information Governance team", "The ICT service",
};

static const char *const azVerb[] = {
  "should ensure that", "should confirm that", "should introduce a process so that",
  "should review whether", "must put in place controls so that", "should agree how",
};

static const char *const azObject[] = {
  "all payments are authorised by an officer independent of the requisitioner",
  "the register of interests is completed annually and reviewed",
  "reconciliations are performed monthly, signed and dated",
  "user access rights are reviewed at least quarterly",
  "leavers are removed from the system within five working days",
  "contract variations are approved in line with the Contract Procedure Rules",
  "performance data is accurate, complete and reported to the board",
  "aged debt is pursued in accordance with the recovery policy",
  "the business continuity plan is tested and lessons recorded",
  "key decisions are documented with the evidence they rely on",
  "budget variances over 10% are explained to the portfolio holder",
  "stock checks are carried out and discrepancies investigated",
  "supplier bank detail changes are verified by a call-back",
  "policies are reviewed, approved and published on the intranet",
};

static const char *const azPurpose[] = {
  "to reduce the risk of fraud", "so that errors are found promptly",
  "in line with best practice", "to comply with the GDPR",
  "so that the Council can demonstrate value for money", "to provide an audit trail",
  "so that members receive timely assurance",
};

static const char *const azRiskText[] = {
  "Payments may be made to the wrong supplier, and losses may not be recovered.",
  "Personal data may be disclosed, leading to fines and reputational damage.",
  "The Council may not achieve value for money from the contract.",
  "Errors, omissions or fraud may go undetected.",
  "Service delivery may be disrupted in an incident.",
  "Decisions may be made on inaccurate information.",
};

static const char *const azResponse[] = {
  "Agreed. A revised procedure will be issued to all budget holders.",
  "Agreed, subject to the restructure of the team being completed.",
  "Agreed. Training will be delivered and attendance recorded.",
  "Partially agreed: the service will review the control, but considers the risk low.",
  "Agreed. The system supplier has been asked to provide a report of changes.",
};

static const char *const azProgress[] = {
  "Progress was hampered by staff changes, but a new officer is now in post",
  "A revised form has been developed and is being piloted in two teams",
  "The new policy has been drafted and is awaiting approval",
  "Work has started; the first quarterly review was completed",
  "The service reports that the action is complete; evidence has been requested",
  "Covid-19 and the system upgrade delayed this work",
  "A procurement exercise is under way and is expected to conclude shortly",
};

static const char *const azLatest[] = {
  "The service has reported that the recommendation has been implemented. Evidence has been "
  "provided and reviewed by Internal Audit.",
  "Implementation is in progress. The revised procedure is in draft and will be approved at "
  "the next management team meeting.",
  "The action has been delayed by the implementation of the new finance system, which is now "
  "due to go live later in the year.",
  "Internal Audit has written to the service to confirm that the action will remain open until "
  "sufficient evidence is provided.",
  "The team has completed the first phase of the work; the second phase depends on recruitment.",
  "No update was received from the service for this cycle.",
};

static const char *const azNext[] = {
  "To be followed up in next 6 months.", "No further action required.",
  "Follow up at the next Audit Committee.", "Evidence to be reviewed by Internal Audit.",
};

static const char *const azFirst[] = {
  "Jane", "John", "Priya", "Mohammed", "Sarah", "David", "Olu", "Helen", "Tom", "Aisha",
  "Mark", "Ruth",
};
static const char *const azLast[] = {
  "Smith", "Jones", "Patel", "Khan", "Brown", "Taylor", "Williams", "Okafor", "Evans",
  "Murphy", "Green", "Hughes",
};
static const char *const azPost[] = {
  "Director of Finance", "Director of Adult Services", "Director of Children's Services",
  "Director of Place", "Head of ICT", "Head of Legal Services", "Head of Procurement",
};

static const char *const azAction[] = {
  "Register of Gifts and Hospitality", "Supplier Bank Details", "Access Reviews",
  "Contract Register", "Debt Write-offs", "Business Continuity Testing", "Policy Review",
};

/* ---- one recommendation ---- */

typedef struct Stats {
  long nRec, nAudit, nRev, nRevTbc, nUpd, nOp, nOpen, nMultiLine;
  size_t nBytes;
} Stats;

/* Quarterly committee cycles: March, June, September, December. */
static int is_cycle_month(int ym) { return ym % 3 == 2; }

static void gen_rec(Stats *st, long rowNo, long auditNo, const char *zAuditTitle, int auditDay,
                    int recInAudit) {
  static Str f;
  char zTmp[512];
  int asAt = days_from_ymd(AS_AT_Y, AS_AT_M, AS_AT_D);
  int asAtYm = ym_of(asAt);

  /* Risk, targets, ledger. */
  int r = rnd(100);
  const char *zRisk = r < 5 ? "E" : r < 30 ? "H" : r < 90 ? "M" : "A";
  const char *zRiskWord = r < 5 ? "Essential" : r < 30 ? "High" : r < 90 ? "Medium" : "Advisory";
  int origYm = ym_of(auditDay) + 3 + rnd(13);
  if (origYm < 2020 * 12) origYm = 2020 * 12 + rnd(3);
  if (origYm > 2025 * 12 + 11) origYm = 2025 * 12 + 11;
  int orig = chance(70) ? month_end(origYm) : month_end(origYm) - rnd(28);

  /* The opinion decides whether the revisions stopped early. */
  int o = rnd(100);
  const char *zOpinion = o < 25 ? "Implemented"
                         : o < 55 ? "Partially implemented"
                         : o < 70 ? "Not implemented"
                         : o < 90 ? "Evidence required by Audit"
                                  : "";
  int implemented = o < 25;

  /* Revisions: at each cycle from the original target to the tracker's date the
  ** target is pushed back with probability 88% (a recommendation implemented
  ** stops being revised at a random cycle). One not yet due may have been
  ** extended once already. */
  int aRevYm[64], aRevVal[64], nRev = 0; /* value -1: TBC */
  int lastDated = orig;                   /* dated targets never move earlier */
  int stopYm = implemented && origYm <= asAtYm ? origYm + rnd(asAtYm - origYm + 2) : asAtYm;
  for (int ym = origYm; ym <= asAtYm && ym <= stopYm && nRev < 64; ym++) {
    if (!is_cycle_month(ym) || !chance(88)) continue;
    aRevYm[nRev] = ym;
    aRevVal[nRev] = chance(7) ? -1 : month_end(ym + 1 + rnd(6));
    if (aRevVal[nRev] >= 0 && aRevVal[nRev] < lastDated) aRevVal[nRev] = lastDated;
    if (aRevVal[nRev] >= 0) lastDated = aRevVal[nRev];
    nRev++;
  }
  if (origYm > asAtYm && chance(15)) {
    int ym = asAtYm;
    while (!is_cycle_month(ym)) ym--;
    if (ym > ym_of(auditDay)) {
      aRevYm[0] = ym;
      aRevVal[0] = month_end(origYm + 3 + rnd(6));
      nRev = 1;
    }
  }
  int current = nRev ? aRevVal[nRev - 1] : orig;
  int open = !implemented;
  int overdueMonths = open && current != -1 && orig < asAt ? asAtYm - ym_of(orig) : -1;

  int hasPrev = chance(75), hasLatest = chance(90), hasNext = chance(30);
  const char *zSection;
  if (implemented) zSection = "Implemented Recommendations";
  else if (orig >= asAt) zSection = "Recommendations not yet due";
  else zSection = "Recommendations overdue";

  st->nRec++;
  st->nRev += nRev;
  st->nUpd += hasPrev + hasLatest;
  st->nOp += zOpinion[0] || hasNext || implemented;
  st->nOpen += open;

  /* source_file, organisation, report_title, as_at_date, row_no, section */
  csv_field("synthetic.txt");
  csv_field("Synthetic County Council");
  csv_field("Summary of Outstanding Recommendations");
  csv_field("2025-03-31");
  snprintf(zTmp, sizeof zTmp, "%ld", rowNo);
  csv_field(zTmp);
  if (implemented) csv_field(zSection);
  else {
    snprintf(zTmp, sizeof zTmp, "%s %s", zRiskWord, zSection);
    csv_field(zTmp);
  }
  /* audit_title, audit_date, directorate_or_theme, rec_ref */
  csv_field(zAuditTitle);
  str_reset(&f);
  str_date(&f, auditDay);
  csv_field(f.z);
  csv_field(chance(90) ? azTheme[(auditNo * 7 + rnd(2)) % 12] : "");
  if (chance(20)) csv_field("");
  else {
    snprintf(zTmp, sizeof zTmp, chance(15) ? "%d%c" : "%d", recInAudit, 'a' + rnd(3));
    csv_field(zTmp);
  }
  /* recommendation: one or two sentences; some multi-line with bullets and quotes */
  str_reset(&f);
  str_addf(&f, "%s %s %s, %s.", PICK(azActor), PICK(azVerb), PICK(azObject), PICK(azPurpose));
  if (chance(40)) str_addf(&f, " %s %s %s.", PICK(azActor), PICK(azVerb), PICK(azObject));
  if (chance(8)) {
    st->nMultiLine++;
    str_addf(&f, "\nThis should include:\n- a \"four eyes\" check, recorded on the form;\n- %s.",
              PICK(azObject));
  }
  csv_field(f.z);
  /* risk_label, risk_text, original_due_date, revised_due_dates */
  csv_field(zRisk);
  csv_field(chance(30) ? PICK(azRiskText) : "");
  str_reset(&f);
  str_date(&f, orig);
  csv_field(f.z);
  str_reset(&f);
  for (int i = 0; i < nRev; i++) {
    if (i) str_addf(&f, "; ");
    if (aRevVal[i] < 0) str_addf(&f, "TBC");
    else str_date(&f, aRevVal[i]);
  }
  st->nRevTbc += nRev && aRevVal[nRev - 1] < 0;
  csv_field(f.z);
  /* current_target_date, management_response */
  str_reset(&f);
  if (current < 0) str_addf(&f, "TBC");
  else str_date(&f, current);
  csv_field(f.z);
  str_reset(&f);
  if (chance(60)) {
    str_addf(&f, "%s", PICK(azResponse));
    if (chance(5)) {
      st->nMultiLine++;
      str_addf(&f, "\nOfficer: \"We will report back, with evidence, by the deadline.\"");
    }
  }
  csv_field(f.z);
  /* previous_update "Month YYYY: text", latest_update */
  str_reset(&f);
  if (hasPrev) {
    int ym = asAtYm - 3 - 3 * rnd(3);
    str_addf(&f, "%s %d: %s.", azMonth[ym % 12], ym / 12, PICK(azProgress));
  }
  csv_field(f.z);
  str_reset(&f);
  if (hasLatest) {
    str_addf(&f, "%s", PICK(azLatest));
    if (chance(5)) {
      st->nMultiLine++;
      str_addf(&f, "\nThe following updates were also provided:\n- \"Phase 1\" complete, "
                   "on time;\n- phase 2 due %s %d.", azMonth[rnd(12)], AS_AT_Y);
    }
  }
  csv_field(f.z);
  /* ia_opinion, owner_director, executive_member, months_overdue_stated */
  csv_field(zOpinion);
  str_reset(&f);
  if (chance(60)) str_addf(&f, "%s %s, %s", PICK(azFirst), PICK(azLast), PICK(azPost));
  csv_field(f.z);
  str_reset(&f);
  if (chance(40)) str_addf(&f, "Councillor %s", PICK(azLast));
  csv_field(f.z);
  str_reset(&f);
  if (overdueMonths > 0) str_addf(&f, "%d", overdueMonths);
  csv_field(f.z);
  /* next_action, notes, action_title */
  csv_field(hasNext ? (implemented ? "No further action required." : PICK(azNext)) : "");
  csv_field(chance(3) ? "truncated in source" : "");
  csv_field(chance(20) ? PICK(azAction) : "");
  /* revised_due_dates_by_cycle: the same items, labelled with their cycle */
  str_reset(&f);
  for (int i = 0; i < nRev; i++) {
    if (i) str_addf(&f, "; ");
    str_addf(&f, "%s %d cycle: ", azMonth[aRevYm[i] % 12], aRevYm[i] / 12);
    if (aRevVal[i] < 0) str_addf(&f, "TBC");
    else str_date(&f, aRevVal[i]);
  }
  csv_field(f.z);
  /* source_lines, organisation_basis */
  snprintf(zTmp, sizeof zTmp, "%ld,%ld", rowNo * 2 + 10, rowNo * 2 + 11);
  csv_field(zTmp);
  csv_field("Synthetic data generated by bench/gen.c");
  csv_end_row();
}

int main(int argc, char **argv) {
  static const char *const azHeader[] = {
    "source_file", "organisation", "report_title", "as_at_date", "row_no", "section",
    "audit_title", "audit_date", "directorate_or_theme", "rec_ref", "recommendation",
    "risk_label", "risk_text", "original_due_date", "revised_due_dates", "current_target_date",
    "management_response", "previous_update", "latest_update", "ia_opinion", "owner_director",
    "executive_member", "months_overdue_stated", "next_action", "notes", "action_title",
    "revised_due_dates_by_cycle", "source_lines", "organisation_basis",
  };
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s N [SEED] > tracker.csv\n", argv[0]);
    return 2;
  }
  char *zEnd = 0;
  long n = strtol(argv[1], &zEnd, 10);
  if (*zEnd || n < 1 || n > 100000000) {
    fprintf(stderr, "%s: N must be a whole number from 1 to 100000000\n", argv[0]);
    return 2;
  }
  unsigned long long seed = 1;
  if (argc == 3) seed = strtoull(argv[2], 0, 10);
  rngState = seed * 0x2545F4914F6CDD1Dull + 12345;

  static char aOut[1 << 20];
  setvbuf(stdout, aOut, _IOFBF, sizeof aOut);
  for (size_t i = 0; i < sizeof azHeader / sizeof azHeader[0]; i++) csv_field(azHeader[i]);
  csv_end_row();

  Stats st;
  memset(&st, 0, sizeof st);
  int firstAudit = days_from_ymd(2019, 6, 1);
  int lastAudit = days_from_ymd(2025, 2, 28);
  long rowNo = 0;
  while (rowNo < n) {
    st.nAudit++;
    int auditDay = firstAudit + rnd(lastAudit - firstAudit + 1);
    int y, m, d;
    ymd_from_days(auditDay, &y, &m, &d);
    int fy = m >= 4 ? y : y - 1;
    char zTitle[160];
    snprintf(zTitle, sizeof zTitle, "%s %s %d/%02d (A%05ld)", PICK(azSubject), PICK(azKind), fy,
             (fy + 1) % 100, st.nAudit);
    int nInAudit = 1 + rnd(11);
    for (int k = 1; k <= nInAudit && rowNo < n; k++) {
      rowNo++;
      gen_rec(&st, rowNo, st.nAudit, zTitle, auditDay, k);
    }
  }
  if (fflush(stdout) || ferror(stdout)) {
    fprintf(stderr, "%s: write error\n", argv[0]);
    return 1;
  }
  long nLedger = st.nRev + st.nUpd + st.nOp;
  fprintf(stderr,
          "bench-gen: %ld recommendations in %ld audits, %ld open; ledger %ld rows "
          "(%ld revisions, %ld TBC now, %ld updates, %ld opinions; %.2f per recommendation); "
          "%ld multi-line fields\n",
          st.nRec, st.nAudit, st.nOpen, nLedger, st.nRev, st.nRevTbc, st.nUpd, st.nOp,
          (double)nLedger / (double)st.nRec, st.nMultiLine);
  return 0;
}
