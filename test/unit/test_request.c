/*
** test_request.c: unit tests of the read model's report request
** (report_request.h): the filter read from a lookup with its one limit, the
** dates and cycles resolved as every door resolves them, and the cache key that
** no two distinct views share.
*/
#include <stdio.h>
#include <stdlib.h>

#include "report_request.h"
#include "t.h"

/* A lookup over a NULL-terminated list of name, value pairs. */
static const char *pairs_lookup(void *ctx, const char *zName) {
  const char *const *az = ctx;
  for (int i = 0; az[i]; i += 2) {
    if (!strcmp(az[i], zName)) return az[i + 1];
  }
  return 0;
}

TEST(request_filter_reads_every_field_with_one_limit) {
  const char *az[] = {"risk",      "H",     "band", "over 12 months", "directorate",
                      "Resources", "theme", "ICT",  "owner",          "Ann",
                      "status",    "all",   0};
  Filter f;
  Buf err = BUF_INIT;
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)az, &err), RQ_OK);
  CHECK_STR(f.zRisk, "H");
  CHECK_STR(f.zBand, "over 12 months");
  CHECK_STR(f.zDirectorate, "Resources");
  CHECK_STR(f.zTheme, "ICT");
  CHECK_STR(f.zOwner, "Ann");
  CHECK_INT(f.status, SF_ALL);
  const char *azNone[] = {0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azNone, &err), RQ_OK);
  CHECK(!f.zRisk && !f.zDirectorate && f.status == SF_OPEN);
  const char *azBad[] = {"status", "shut", 0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azBad, &err), RQ_BAD_STATUS);
  CHECK_STR(buf_cstr(&err), "status must be open, closed or all, not 'shut'");
  char zLong[FILTER_VALUE_MAX + 2];
  memset(zLong, 'x', sizeof zLong - 1);
  zLong[sizeof zLong - 1] = 0;
  const char *azLong[] = {"owner", zLong, 0};
  buf_reset(&err);
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azLong, &err), RQ_TOO_LONG);
  CHECK_STR(buf_cstr(&err), "owner must be 200 characters or fewer");
  zLong[FILTER_VALUE_MAX] = 0;
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azLong, &err), RQ_OK);
  buf_free(&err);
}

TEST(request_filter_reads_bases_and_band_by) {
  Filter f;
  Buf err = BUF_INIT;
  const char *az[] = {"bases", "both", "band-by", "current", 0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)az, &err), RQ_OK);
  CHECK_INT(f.bothBases, 1);
  CHECK_INT(f.bandBy, 1 + BASIS_CURRENT);
  const char *azOne[] = {"bases", "one", "band-by", "original", 0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azOne, &err), RQ_OK);
  CHECK_INT(f.bothBases, 0);
  CHECK_INT(f.bandBy, 1 + BASIS_ORIGINAL);
  const char *azNone[] = {0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azNone, &err), RQ_OK);
  CHECK(!f.bothBases && !f.bandBy); /* the policy's basis, one basis */
  const char *azBad[] = {"bases", "all", 0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azBad, &err), RQ_BAD_BASES);
  CHECK_STR(buf_cstr(&err), "bases must be one or both, not 'all'");
  buf_reset(&err);
  const char *azBy[] = {"band-by", "Current", 0};
  CHECK_INT(filter_read(&f, pairs_lookup, (void *)azBy, &err), RQ_BAD_BASES);
  CHECK_STR(buf_cstr(&err), "band-by must be original or current, not 'Current'");
  /* The view: another basis copies the policy; the policy's own is the input itself. */
  Policy p;
  policy_default(&p);
  ReportInput in, tmp;
  memset(&in, 0, sizeof in);
  in.pol = &p;
  Policy v;
  CHECK(report_view(&in, &tmp, &v) == &in);
  in.f.bandBy = 1 + BASIS_ORIGINAL;
  CHECK(report_view(&in, &tmp, &v) == &in);
  in.f.bandBy = 1 + BASIS_CURRENT;
  const ReportInput *w = report_view(&in, &tmp, &v);
  CHECK(w == &tmp && w->pol == &v && v.basis == BASIS_CURRENT && p.basis == BASIS_ORIGINAL);
  CHECK_INT(v.nBand, p.nBand);
  buf_free(&err);
}

static Cycle aMan[] = {{1, "May 2021", 0, DAY_NONE, 0, 0},
                       {2, "9 November 2021", 0, DAY_NONE, 0, 0},
                       {3, "February 2022", 0, DAY_NONE, 0, 0}};

static void man_cycles(void) {
  aMan[0].asAt = day_from_ymd(2021, 5, 15);
  aMan[1].asAt = day_from_ymd(2021, 11, 9);
  aMan[2].asAt = day_from_ymd(2022, 2, 15);
}

TEST(request_previous_date_is_the_cycle_before_else_three_months) {
  man_cycles();
  ReportInput in;
  Buf err = BUF_INIT;
  /* The dashboard's old copy used three months (15/11/2021) here. */
  ReportAsk ask = {.asAt = day_from_ymd(2022, 2, 15), .since = DAY_NONE};
  CHECK_INT(report_request(&in, &ask, aMan, 3, &err), RQ_OK);
  CHECK_INT(in.since, day_from_ymd(2021, 11, 9));
  CHECK_STR(in.zCycle, "February 2022");
  CHECK_STR(in.zPrevCycle, "9 November 2021");
  CHECK(in.aCycle == aMan && in.nCycle == 3);
  /* Without cycles before it, three months. */
  ask.asAt = day_from_ymd(2021, 5, 1);
  CHECK_INT(report_request(&in, &ask, aMan, 3, &err), RQ_OK);
  CHECK_INT(in.since, day_from_ymd(2021, 2, 1));
  CHECK(!in.zCycle && !in.zPrevCycle);
  /* A cycle by name sets the report date; an explicit since wins over the default. */
  ask = (ReportAsk){.asAt = day_from_ymd(2030, 1, 1), .since = DAY_NONE, .zCycle = "february 2022"};
  CHECK_INT(report_request(&in, &ask, aMan, 3, &err), RQ_OK);
  CHECK_INT(in.asAt, day_from_ymd(2022, 2, 15));
  ask.since = day_from_ymd(2021, 12, 1);
  CHECK_INT(report_request(&in, &ask, aMan, 3, &err), RQ_OK);
  CHECK_INT(in.since, day_from_ymd(2021, 12, 1));
  CHECK(!in.zPrevCycle);
  buf_free(&err);
}

TEST(request_refusals_have_codes) {
  man_cycles();
  ReportInput in;
  Buf err = BUF_INIT;
  ReportAsk ask = {.asAt = day_from_ymd(2022, 2, 15), .since = DAY_NONE, .zCycle = "Nope"};
  CHECK_INT(report_request(&in, &ask, aMan, 3, &err), RQ_NO_CYCLE);
  ask.zCycle = 0;
  ask.since = ask.asAt;
  CHECK_INT(report_request(&in, &ask, aMan, 3, &err), RQ_SINCE_ORDER);
  ask.since = DAY_NONE;
  int aN[] = {-1, 1, 25, 0, 2, 24};
  int aWant[] = {RQ_CYCLES_RANGE, RQ_CYCLES_RANGE, RQ_CYCLES_RANGE, RQ_OK, RQ_OK, RQ_OK};
  for (int i = 0; i < 6; i++) {
    ask.nTrendCycles = aN[i];
    CHECK_INT(report_request(&in, &ask, aMan, 3, &err), aWant[i]);
  }
  CHECK_INT(in.nTrendCycles, 24);
  buf_free(&err);
}

/* The key of in seen through x, as a heap string. */
static char *key_of(const ReportKey *x, const ReportInput *in) {
  Buf k = BUF_INIT;
  report_key(&k, x, in);
  return buf_steal(&k);
}

TEST(request_distinct_views_get_distinct_keys) {
  ReportInput a[15];
  ReportKey x[15];
  memset(a, 0, sizeof a);
  memset(x, 0, sizeof x);
  for (int i = 0; i < 15; i++) {
    x[i] = (ReportKey){.zWhat = "report", .zKind = "summary", .role = 1};
    a[i].asAt = 100;
    a[i].since = 10;
  }
  a[1].f.zDirectorate = "";          /* a director of no directorate: not internal audit's view */
  a[2].f.zDirectorate = "Resources"; /* a director */
  x[3].role = 2;                     /* another role, the same filter */
  a[4].f.includeConfidential = 1;    /* the detail in full */
  a[5].f.zRisk = "a:b";              /* a value holding the separator... */
  a[6].f.zRisk = "a";                /* ...is not two fields */
  a[6].f.zBand = "b";
  a[7].f.zRisk = "1:a|-|"; /* nor can it imitate the key's own text */
  a[8].f.zTheme = "";      /* "" is not NULL in any field */
  x[9].zPack = "";
  x[10].zKind = "summary|";
  a[11].since = 11;
  a[12].f.bothBases = 1; /* both bases side by side */
  a[13].f.bandBy = 1 + BASIS_ORIGINAL;
  a[14].f.bandBy = 1 + BASIS_CURRENT;
  char *az[15];
  for (int i = 0; i < 15; i++) az[i] = key_of(&x[i], &a[i]);
  for (int i = 0; i < 15; i++) {
    for (int j = i + 1; j < 15; j++) {
      if (!strcmp(az[i], az[j])) t_fail(__FILE__, __LINE__, "views %d and %d share a key", i, j);
    }
  }
  /* The same view, the same key. */
  char *zAgain = key_of(&x[2], &a[2]);
  CHECK_STR(zAgain, az[2]);
  free(zAgain);
  for (int i = 0; i < 15; i++) free(az[i]);
}

TEST(request_report_kinds_come_from_one_table) {
  for (int k = 0; k < REPORT_KIND__MAX; k++) {
    const ReportKind *x = &report_kind_table[k];
    CHECK(report_kind_find(x->zName) == x);
    CHECK(x->zTitle && x->zAbout && x->xBuild);
  }
  CHECK(report_kind_find("trend") == &report_kind_table[RK_TREND]);
  CHECK(!report_kind_find("Summary"));
  Buf err = BUF_INIT;
  CHECK(!report_build("nonsense", 0, &err));
  CHECK_STR(buf_cstr(&err), "unknown report 'nonsense' (one of: summary, outstanding, implemented, "
                            "progress, escalations, follow-up-audits, trend, pack)");
  /* `report --help` lists every kind, a line each, from the same table. */
  Buf help = BUF_INIT;
  report_kinds_help(&help);
  int nLine = 0;
  for (const char *z = buf_cstr(&help); (z = strchr(z, '\n')); z++) nLine++;
  CHECK_INT(nLine, REPORT_KIND__MAX);
  CHECK(strstr(buf_cstr(&help), "\n  follow-up-audits  Full follow-up audits due"));
  CHECK(!strncmp(buf_cstr(&help), "  summary           Open recommendations", 40));
  buf_free(&help);
  CHECK_INT(report_needs_text("summary"), 0);
  CHECK_INT(report_needs_text("outstanding"), 1);
  buf_free(&err);
}

/* Every listing's request: the register, the date and the filter, nothing a report
** adds (no previous date, cycle, trend or pack), whatever was in *in before. */
TEST(request_list_sets_the_listing_and_clears_the_rest) {
  RecSet set = {0};
  Policy pol;
  memset(&pol, 0, sizeof pol);
  Filter f = {.zOwner = "Ann", .status = SF_ALL, .includeConfidential = 1};
  ReportInput in;
  memset(&in, 0xA5, sizeof in); /* what a door's stack might hold */
  list_request(&in, &set, &pol, day_from_ymd(2022, 2, 15), &f, "Our Town");
  CHECK(in.set == &set && in.pol == &pol);
  CHECK_INT(in.asAt, day_from_ymd(2022, 2, 15));
  CHECK_INT(in.since, DAY_NONE);
  CHECK_STR(in.f.zOwner, "Ann");
  CHECK(!in.f.zRisk && in.f.status == SF_ALL && in.f.includeConfidential);
  CHECK_STR(in.zOrg, "Our Town");
  CHECK(!in.zCycle && !in.zPrevCycle && !in.aAudit && !in.aCycle && !in.pack);
  CHECK_INT(in.nAudit + in.nCycle + in.nTrendCycles, 0);
}
