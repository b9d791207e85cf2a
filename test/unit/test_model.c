/*
** test_model.c: the as-at engine, the timeline and the policy, on recommendations built in
** memory.
*/
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "vocab.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static Rec rec_due(Day original) {
  Rec r;
  memset(&r, 0, sizeof r);
  r.original = original;
  r.existsFrom = D(2015, 1, 1);
  r.riskRank = -1;
  return r;
}

TEST(engine_manchester_three_recommendations) {
  Policy p;
  policy_default(&p);
  struct {
    Day due;
    int feb22, oct21;
  } a[] = {{D(2019, 9, 30), 29, 25}, {D(2018, 6, 30), 44, 40}, {D(2020, 5, 31), 21, 17}};
  for (int i = 0; i < 3; i++) {
    Rec r = rec_due(a[i].due);
    RecState st;
    rec_state_at(&r, &p, D(2022, 2, 15), &st);
    CHECK(st.open && st.overdue);
    CHECK_INT(st.months, a[i].feb22);
    CHECK_STR(rec_band_label(&p, &st), "over 12 months");
    CHECK_STR(p.aRung[st.rung].zAction, "Risk written back to the director");
    for (int d = 1; d <= 31; d++) {
      rec_state_at(&r, &p, D(2021, 10, d), &st);
      CHECK_INT(st.months, a[i].oct21);
    }
  }
}

TEST(engine_not_overdue_on_the_day) {
  Policy p;
  policy_default(&p);
  Rec r = rec_due(D(2024, 3, 31));
  RecState st;
  rec_state_at(&r, &p, D(2024, 3, 31), &st);
  CHECK(!st.overdue);
  CHECK_INT(st.band, -1);
  CHECK_STR(rec_band_label(&p, &st), "Not yet due");
  rec_state_at(&r, &p, D(2024, 4, 1), &st);
  CHECK(st.overdue);
  CHECK_INT(st.months, 1);
}

TEST(engine_does_not_exist_before_made) {
  Policy p;
  policy_default(&p);
  Rec r = rec_due(D(2024, 3, 31));
  r.existsFrom = D(2024, 1, 10);
  RecState st;
  rec_state_at(&r, &p, D(2024, 1, 9), &st);
  CHECK(!st.exists);
  CHECK(!st.open);
  rec_state_at(&r, &p, D(2024, 1, 10), &st);
  CHECK(st.exists && st.open);
}

/* population-from: made before the day is outside the follow-up population at every
** date (exists 0, nothing else set); made on the day is inside; no known day is inside.
** rec_state_made answers as if every recommendation were followed up. */
TEST(engine_population_from_cut_off) {
  Policy p;
  policy_default(&p);
  Buf e = BUF_INIT, v = BUF_INIT;
  CHECK_INT(policy_set(&p, "population-from", "1 April 2021", &e), 0);
  CHECK_INT(p.populationFrom, D(2021, 4, 1));
  policy_value(&p, "population-from", &v);
  CHECK_STR(buf_cstr(&v), "2021-04-01");
  CHECK(policy_set(&p, "population-from", "April 2021", &e) != 0); /* a month is not a day */
  CHECK(policy_set(&p, "population-from", "TBC", &e) != 0);
  CHECK_INT(p.populationFrom, D(2021, 4, 1));
  Rec before = rec_due(D(2022, 1, 31)), on = before, unknown = before;
  before.existsFrom = D(2021, 3, 31);
  on.existsFrom = D(2021, 4, 1);
  unknown.existsFrom = DAY_NONE;
  RecState st;
  CHECK(rec_outside(&before, &p) && !rec_outside(&on, &p) && !rec_outside(&unknown, &p));
  rec_state_at(&before, &p, D(2023, 1, 1), &st);
  CHECK(st.outside && !st.exists && !st.open && !st.overdue);
  CHECK_INT(st.band, -1);
  CHECK_STR(rec_band_label(&p, &st), "Outside the follow-up population");
  rec_state_at(&before, &p, D(2021, 3, 1), &st); /* not yet made then, and still outside */
  CHECK(st.outside && !st.exists);
  CHECK_INT(rec_met_by(&before, &p, D(2022, 1, 31)), -1);
  rec_state_at(&on, &p, D(2023, 1, 1), &st);
  CHECK(!st.outside && st.exists && st.open && st.overdue);
  CHECK_INT(st.months, 12); /* 31/01/2022 to 01/01/2023: 12 x 1 + (1 - 1) */
  rec_state_at(&unknown, &p, D(2023, 1, 1), &st);
  CHECK(!st.outside && st.exists && st.overdue);
  rec_state_made(&before, &p, D(2023, 1, 1), &st);
  CHECK(!st.outside && st.exists && st.open && st.overdue);
  CHECK_INT(st.months, 12);
  CHECK_INT(p.populationFrom, D(2021, 4, 1)); /* the caller's policy is left as it was */
  buf_reset(&v);
  policy_describe(&p, &v);
  CHECK(strstr(buf_cstr(&v), "; recommendations made before 1 April 2021 are not followed up.") !=
        0);
  CHECK_INT(policy_set(&p, "population-from", "none", &e), 0);
  rec_state_at(&before, &p, D(2023, 1, 1), &st);
  CHECK(!st.outside && st.exists && st.overdue);
  buf_reset(&v);
  policy_describe(&p, &v);
  CHECK(!strstr(buf_cstr(&v), "followed up"));
  buf_free(&e);
  buf_free(&v);
}

TEST(rung_people_as_written_and_to_reach) {
  Rec r = rec_due(D(2024, 3, 31));
  r.zExecMember = (char *)"Cllr Ahmed";
  r.zDirector = (char *)"dir smith";
  r.zOwner = (char *)"";
  Rung g = {3, "owner, director, head of internal audit", "Chased"};
  const char *az[RUNG_PEOPLE_MAX];
  /* As written, in the ladder's order (executive member, director, owner), the
  ** owner's empty column too; not the head, who is not in the register. */
  CHECK_INT(rung_people(&g, &r, "Chief Auditor", RUNG_AS_WRITTEN, az), 2);
  CHECK_STR(az[0], "dir smith");
  CHECK_STR(az[1], "");
  /* To reach: the owner is the accountable person (the director), named once. */
  CHECK_INT(rung_people(&g, &r, "Chief Auditor", RUNG_TO_REACH, az), 2);
  CHECK_STR(az[0], "dir smith");
  CHECK_STR(az[1], "Chief Auditor");
  r.zOwner = (char *)"Dir Smith"; /* the same person, in another case */
  CHECK_INT(rung_people(&g, &r, 0, RUNG_TO_REACH, az), 1);
  CHECK_STR(az[0], "dir smith");
  /* "executive director" names both; an absent column is nobody either way. */
  Rung x = {6, "Executive Director", "Attends"};
  CHECK_INT(rung_people(&x, &r, 0, RUNG_AS_WRITTEN, az), 2);
  CHECK_STR(az[0], "Cllr Ahmed");
  r.zExecMember = 0;
  CHECK_INT(rung_people(&x, &r, 0, RUNG_AS_WRITTEN, az), 1);
  CHECK_STR(az[0], "dir smith");
  Rung none = {9, "the committee", "Told"};
  CHECK_INT(rung_people(&none, &r, "Chief Auditor", RUNG_TO_REACH, az), 0);
}

TEST(exists_at_and_exists_from) {
  Rec r = rec_due(D(2024, 3, 31));
  r.existsFrom = D(2024, 1, 10);
  CHECK(!rec_exists_at(&r, D(2024, 1, 9)));
  CHECK(rec_exists_at(&r, D(2024, 1, 10)));
  CHECK(rec_exists_at(&r, D(2030, 1, 1)));
  r.existsFrom = DAY_NONE; /* not known: always */
  CHECK(rec_exists_at(&r, D(1990, 1, 1)));
  /* From the audit's date; no later than the earliest day it is known by. */
  CHECK_INT(rec_exists_from(D(2024, 1, 10), D(2024, 3, 31), D(2024, 5, 1)), D(2024, 1, 10));
  CHECK_INT(rec_exists_from(D(2024, 1, 10), D(2023, 12, 31), D(2024, 5, 1)), D(2023, 12, 31));
  CHECK_INT(rec_exists_from(D(2024, 1, 10), DAY_NONE, D(2024, 5, 1)), D(2024, 1, 10));
  /* A future audit date stands: its recommendations are made when it reports. */
  CHECK_INT(rec_exists_from(D(2024, 9, 1), DAY_NONE, D(2024, 5, 1)), D(2024, 9, 1));
  /* No audit date: the day it is recorded, or the earliest known day before it. */
  CHECK_INT(rec_exists_from(DAY_NONE, D(2024, 3, 31), D(2024, 5, 1)), D(2024, 3, 31));
  CHECK_INT(rec_exists_from(DAY_NONE, D(2024, 8, 31), D(2024, 5, 1)), D(2024, 5, 1));
  CHECK_INT(rec_exists_from(DAY_NONE, DAY_NONE, D(2024, 5, 1)), D(2024, 5, 1));
}

TEST(engine_revisions_tbc_and_basis) {
  Policy p;
  policy_default(&p);
  Rec r = rec_due(D(2024, 1, 31));
  Revision v[2] = {{1, D(2024, 2, 1), D(2024, 6, 30), "30/06/2024", 0, 0, 0},
                   {2, D(2024, 7, 15), DAY_NONE, "TBC", 0, 0, 0}};
  r.aRev = v;
  r.nRev = 2;
  RecState st;
  rec_state_at(&r, &p, D(2024, 1, 31), &st);
  CHECK_INT(st.revisions, 0);
  CHECK_INT(st.currentTarget, D(2024, 1, 31));
  rec_state_at(&r, &p, D(2024, 5, 1), &st);
  CHECK_INT(st.revisions, 1);
  CHECK_INT(st.currentTarget, D(2024, 6, 30));
  CHECK_INT(st.months, 4); /* original basis: from 31/01/2024 */
  Buf e = BUF_INIT;
  CHECK_INT(policy_set(&p, "basis", "current", &e), 0);
  rec_state_at(&r, &p, D(2024, 5, 1), &st);
  CHECK(!st.overdue);
  rec_state_at(&r, &p, D(2024, 12, 31), &st);
  CHECK(st.currentTbc);
  CHECK_INT(st.currentTarget, DAY_NONE);
  CHECK(st.overdue);
  CHECK_INT(st.due, D(2024, 6, 30));
  CHECK_INT(st.months, 6);
  CHECK_INT(st.revisions, 2);
  buf_free(&e);
}

/* As at 31/12/2024, three recommendations under Manchester's bands (0+, 6+, 12+):
**   revised once: original 31/10/2023 (12 x 1 + 2 = 14 months, over 12), revised on
**     01/06/2024 to 31/10/2024 (12 x 0 + 2 = 2 months, under 6);
**   revised into the future: original 31/03/2024 (9 months, 6-12), revised on
**     15/03/2024 to 30/06/2025 (not yet due);
**   never revised: 31/08/2024, 4 months on either basis.
** Both bases are measured in one pass whatever the policy's basis, and the policy's
** own figures are its basis's. */
TEST(engine_both_bases_side_by_side) {
  Policy p;
  policy_default(&p);
  Rec a = rec_due(D(2023, 10, 31)), b = rec_due(D(2024, 3, 31)), c = rec_due(D(2024, 8, 31));
  Revision va = {1, D(2024, 6, 1), D(2024, 10, 31), 0, 0, 0, 0};
  Revision vb = {2, D(2024, 3, 15), D(2025, 6, 30), 0, 0, 0, 0};
  a.aRev = &va, a.nRev = 1;
  b.aRev = &vb, b.nRev = 1;
  Buf e = BUF_INIT;
  for (int basis = BASIS_ORIGINAL; basis < BASIS__MAX; basis++) {
    CHECK_INT(policy_set(&p, "basis", basis_names[basis], &e), 0);
    RecState st;
    rec_state_at(&a, &p, D(2024, 12, 31), &st);
    CHECK_INT(st.by[BASIS_ORIGINAL].due, D(2023, 10, 31));
    CHECK(st.by[BASIS_ORIGINAL].overdue);
    CHECK_INT(st.by[BASIS_ORIGINAL].months, 14);
    CHECK_INT(st.by[BASIS_ORIGINAL].band, 2);
    CHECK_INT(st.by[BASIS_CURRENT].due, D(2024, 10, 31));
    CHECK(st.by[BASIS_CURRENT].overdue);
    CHECK_INT(st.by[BASIS_CURRENT].months, 2);
    CHECK_INT(st.by[BASIS_CURRENT].band, 0);
    CHECK_INT(st.months, basis == BASIS_ORIGINAL ? 14 : 2);
    CHECK_INT(st.band, basis == BASIS_ORIGINAL ? 2 : 0);
    CHECK_INT(st.due, st.by[basis].due);
    /* Escalation follows the policy's basis only: 14 months reaches 9 (rung 1), 2 none. */
    CHECK_INT(st.rung, basis == BASIS_ORIGINAL ? 1 : -1);
    rec_state_at(&b, &p, D(2024, 12, 31), &st);
    CHECK(st.by[BASIS_ORIGINAL].overdue);
    CHECK_INT(st.by[BASIS_ORIGINAL].months, 9);
    CHECK_INT(st.by[BASIS_ORIGINAL].band, 1);
    CHECK(!st.by[BASIS_CURRENT].overdue);
    CHECK_INT(st.by[BASIS_CURRENT].band, -1);
    CHECK_INT(st.by[BASIS_CURRENT].due, D(2025, 6, 30));
    CHECK_INT(st.overdue, basis == BASIS_ORIGINAL);
    rec_state_at(&c, &p, D(2024, 12, 31), &st);
    for (int k = 0; k < BASIS__MAX; k++) {
      CHECK(st.by[k].overdue);
      CHECK_INT(st.by[k].months, 4);
      CHECK_INT(st.by[k].band, 0);
    }
    /* Before it was made: nothing on either basis. */
    rec_state_at(&c, &p, D(2014, 12, 31), &st);
    CHECK(!st.exists);
    CHECK_INT(st.by[BASIS_ORIGINAL].due, DAY_NONE);
    CHECK_INT(st.by[BASIS_CURRENT].band, -1);
  }
  /* Closed: the dates stay, lateness does not. */
  Opinion o = {1, D(2024, 11, 1), ST_IMPLEMENTED, 0, 0, 0, 0, DAY_NONE};
  a.aOp = &o, a.nOp = 1;
  RecState st;
  rec_state_at(&a, &p, D(2024, 12, 31), &st);
  CHECK(!st.open);
  CHECK_INT(st.by[BASIS_ORIGINAL].due, D(2023, 10, 31));
  CHECK(!st.by[BASIS_ORIGINAL].overdue && !st.by[BASIS_CURRENT].overdue);
  CHECK_INT(basis_from_name("current"), BASIS_CURRENT);
  CHECK_INT(basis_from_name("Current"), -1);
  buf_free(&e);
}

TEST(policy_sentence_says_both_bases) {
  Policy p;
  policy_default(&p);
  Buf b = BUF_INIT;
  policy_describe_as(&p, 1, &b);
  CHECK(strstr(buf_cstr(&b), "Overdue is shown against both the original and the current agreed "
                             "target date, side by side") != 0);
  CHECK(strstr(buf_cstr(&b), "bands and escalation go by the original target;") != 0);
  buf_reset(&b);
  policy_describe(&p, &b);
  CHECK(strstr(buf_cstr(&b), "Overdue is measured from the original target date (") ==
        buf_cstr(&b));
  CHECK(strstr(buf_cstr(&b), "both") == 0);
  buf_free(&b);
}

TEST(engine_close_reopen_and_committee_removal) {
  Policy p;
  policy_default(&p);
  Rec r = rec_due(D(2024, 1, 31));
  Opinion o[3] = {{1, D(2024, 2, 10), ST_PARTIAL, 0, 0, 0, 0, DAY_NONE},
                  {2, D(2024, 3, 10), ST_IMPLEMENTED, 0, 0, 0, 0, DAY_NONE},
                  {3, D(2024, 5, 10), ST_NOT_IMPLEMENTED, 0, 0, 0, 0, DAY_NONE}};
  Decision d[1] = {{1, D(2024, 9, 1), DEC_REMOVAL_APPROVED, 0, 0}};
  r.aOp = o;
  r.nOp = 3;
  r.aDec = d;
  r.nDec = 1;
  RecState st;
  rec_state_at(&r, &p, D(2024, 2, 20), &st);
  CHECK(st.open);
  CHECK_INT(st.pOpinion->status, ST_PARTIAL);
  rec_state_at(&r, &p, D(2024, 4, 1), &st);
  CHECK(!st.open);
  CHECK_INT(st.closure, CLOSED_IMPLEMENTED);
  CHECK_INT(st.closedOn, D(2024, 3, 10));
  CHECK(!st.overdue);
  rec_state_at(&r, &p, D(2024, 6, 1), &st);
  CHECK(st.open);
  CHECK_INT(st.reopened, 1);
  CHECK(st.overdue);
  rec_state_at(&r, &p, D(2024, 9, 1), &st);
  CHECK(!st.open);
  CHECK_INT(st.closure, CLOSED_REMOVED);
  CHECK_INT(st.closedBy, -1);
}

TEST(engine_whole_months_and_rag) {
  Policy p;
  policy_default(&p);
  Buf e = BUF_INIT;
  CHECK_INT(policy_set(&p, "months", "whole", &e), 0);
  Rec r = rec_due(D(2019, 9, 30));
  RecState st;
  rec_state_at(&r, &p, D(2022, 2, 15), &st);
  CHECK_INT(st.months, 28);
  CHECK_INT(st.rag, RAG_RED);
  Rec s = rec_due(D(2024, 6, 30));
  rec_state_at(&s, &p, D(2024, 6, 1), &st);
  CHECK_INT(st.rag, RAG_AMBER);
  rec_state_at(&s, &p, D(2024, 5, 1), &st);
  CHECK_INT(st.rag, RAG_GREEN);
  buf_free(&e);
}

TEST(policy_text_round_trip_and_errors) {
  Policy p;
  policy_default(&p);
  Buf e = BUF_INIT, v = BUF_INIT;
  CHECK_INT(policy_set(&p, "bands", " under 3 months : 0 ;over 3 months:3; over 12 months:12 ", &e),
            0);
  policy_value(&p, "bands", &v);
  CHECK_STR(buf_cstr(&v), "under 3 months:0; over 3 months:3; over 12 months:12");
  CHECK(policy_set(&p, "bands", "a:1", &e) != 0);
  CHECK(policy_set(&p, "bands", "a:0; b:0", &e) != 0);
  CHECK(policy_set(&p, "bands", "", &e) != 0);
  CHECK(policy_set(&p, "ladder", "9:director", &e) != 0);
  CHECK(policy_set(&p, "follow-up", "12-6", &e) != 0);
  CHECK(policy_set(&p, "nonsense", "1", &e) != 0);
  CHECK_INT(p.nBand, 3); /* failed sets change nothing */
  CHECK_INT(policy_set(&p, "ladder", "", &e), 0);
  CHECK_INT(p.nRung, 0);
  buf_free(&e);
  buf_free(&v);
}

/* Every key of the table: its default parses, and its text form reads back to the same
** policy and the same text; the help and the unknown-key message name every key. */
TEST(policy_key_table_round_trip_and_help) {
  Policy p, q;
  policy_default(&p);
  Buf e = BUF_INIT, v = BUF_INIT, w = BUF_INIT, help = BUF_INIT;
  policy_help(&help);
  CHECK(policy_set(&p, "no-such-key", "1", &e) != 0);
  for (int i = 0; i < POLICY_KEY__MAX; i++) {
    const PolicyKey *k = &policy_key_table[i];
    CHECK(policy_key_find(k->zName) == k);
    buf_reset(&v);
    policy_value(&p, k->zName, &v);
    CHECK_STR(buf_cstr(&v), k->zDefault); /* the defaults are already in normal form */
    memset(&q, 0, sizeof q);
    Buf e2 = BUF_INIT;
    CHECK_INT(policy_set(&q, k->zName, buf_cstr(&v), &e2), 0);
    buf_free(&e2);
    buf_reset(&w);
    policy_value(&q, k->zName, &w);
    CHECK_STR(buf_cstr(&w), buf_cstr(&v));
    char zLine[64];
    snprintf(zLine, sizeof zLine, "  %s ", k->zName);
    CHECK(strstr(buf_cstr(&help), zLine) != 0);
    CHECK(strstr(buf_cstr(&e), k->zName) != 0);
  }
  /* A whole policy set key by key from its text form is the same policy. */
  Policy r;
  memset(&r, 0, sizeof r);
  p.ragRedMonths = 9;
  p.followUpMin = 3;
  for (int i = 0; i < POLICY_KEY__MAX; i++) {
    buf_reset(&v);
    policy_value(&p, policy_key_table[i].zName, &v);
    CHECK_INT(policy_set(&r, policy_key_table[i].zName, buf_cstr(&v), &e), 0);
  }
  buf_reset(&v);
  buf_reset(&w);
  policy_value(&p, 0, &v);
  policy_value(&r, 0, &w);
  CHECK_STR(buf_cstr(&w), buf_cstr(&v));
  CHECK_INT(r.ragRedMonths, 9);
  CHECK(!policy_key_find("rag"));
  buf_free(&e);
  buf_free(&v);
  buf_free(&w);
  buf_free(&help);
}

TEST(status_read_from_tracker_text) {
  CHECK_INT(status_from_text("Fully implemented"), ST_IMPLEMENTED);
  CHECK_INT(status_from_text("Implemented - process updated"), ST_IMPLEMENTED);
  CHECK_INT(status_from_text("IA remark: Partially implemented"), ST_PARTIAL);
  CHECK_INT(
      status_from_text(
          "Internal Audit has concluded that the recommendation is not yet fully implemented."),
      ST_NOT_IMPLEMENTED);
  CHECK_INT(status_from_text("Evidence required by Audit"), ST_IN_PROGRESS);
  CHECK_INT(status_from_text("To be closed as partially implemented once the S151 Officer accepts"),
            ST_PARTIAL);
  CHECK_INT(status_from_name("risk-accepted"), ST_RISK_ACCEPTED);
  CHECK_INT(status_from_name("Partially implemented"), ST_PARTIAL);
  CHECK_INT(status_from_name("bogus"), -1);
}

/* The timeline: date order, same day in kind order then by id, the caller's
** entries merged in, and as at a date only what had happened by then. */
TEST(timeline_order_merge_and_as_at) {
  Rec r = rec_due(D(2024, 3, 31));
  r.existsFrom = D(2024, 1, 10);
  Revision aRev[] = {{.id = 7, .on = D(2024, 4, 1)}};
  Progress aProg[] = {{.id = 9, .on = D(2024, 4, 1)}, {.id = 3, .on = D(2024, 2, 1)}};
  Opinion aOp[] = {{.id = 4, .on = D(2024, 4, 1)}};
  Decision aDec[] = {{.id = 1, .on = D(2024, 5, 1)}};
  r.aRev = aRev, r.nRev = 1;
  r.aProg = aProg, r.nProg = 2;
  r.aOp = aOp, r.nOp = 1;
  r.aDec = aDec, r.nDec = 1;
  TimeEntry aExtra[] = {{D(2024, 4, 1), TL_JOURNAL, 0, 2},
                        {D(2024, 4, 1), TL_DATE_REQUEST, 5, 8},
                        {DAY_NONE, TL_JOURNAL, 1, 6}};
  TimeEntry *a;
  int n = rec_timeline(&r, aExtra, 3, DAY_NONE, &a);
  CHECK_INT(n, 9);
  static const struct {
    TimeKind kind;
    long long id;
  } aWant[] = {{TL_JOURNAL, 6},      {TL_MADE, 0},    {TL_UPDATE, 3},
               {TL_REVISION, 7},     {TL_UPDATE, 9},  {TL_OPINION, 4},
               {TL_DATE_REQUEST, 8}, {TL_JOURNAL, 2}, {TL_DECISION, 1}};
  for (int i = 0; i < n && i < 9; i++) {
    CHECK_INT(a[i].kind, aWant[i].kind);
    CHECK_INT(a[i].id, aWant[i].id);
  }
  CHECK_INT(a[4].idx, 0); /* the update's place in r.aProg */
  CHECK_INT(a[6].idx, 5); /* the caller's idx, kept */
  free(a);
  /* As at 31/03/2024: made, the February update, and the undated entry. */
  n = rec_timeline(&r, aExtra, 3, D(2024, 3, 31), &a);
  CHECK_INT(n, 3);
  CHECK_INT(a[0].kind, TL_JOURNAL);
  CHECK_INT(a[1].kind, TL_MADE);
  CHECK_INT(a[2].id, 3);
  free(a);
}

/* A revision's heading says what the target was before it: the original for
** the first, the revision before for the next; "set to" when there was none. */
TEST(timeline_revision_says_from_what) {
  Rec r = rec_due(D(2024, 6, 30));
  Revision v[2] = {{1, D(2024, 7, 1), D(2024, 9, 30), 0, 0, 0, 0},
                   {2, D(2024, 10, 1), DAY_NONE, "TBC", 0, 0, 0}};
  r.aRev = v;
  r.nRev = 2;
  Buf t = BUF_INIT;
  rec_entry_title(&r, &(TimeEntry){D(2024, 7, 1), TL_REVISION, 0, 1}, DAY_UK, &t);
  CHECK_STR(buf_cstr(&t), "Target date changed from 30/06/2024 to 30/09/2024");
  buf_reset(&t);
  rec_entry_title(&r, &(TimeEntry){D(2024, 10, 1), TL_REVISION, 1, 2}, DAY_UK, &t);
  CHECK_STR(buf_cstr(&t), "Target date changed from 30/09/2024 to TBC");
  buf_reset(&t);
  r.original = DAY_NONE;
  rec_entry_title(&r, &(TimeEntry){D(2024, 7, 1), TL_REVISION, 0, 1}, DAY_UK, &t);
  CHECK_STR(buf_cstr(&t), "Target date set to 30/09/2024");
  buf_reset(&t);
  r.zOriginalText = "Spring 2024";
  rec_entry_title(&r, &(TimeEntry){D(2024, 7, 1), TL_REVISION, 0, 1}, DAY_UK, &t);
  CHECK_STR(buf_cstr(&t), "Target date changed from Spring 2024 to 30/09/2024");
  buf_free(&t);
}

/* A field's change is worded with the label the pages give the field. */
TEST(timeline_field_change_titles) {
  static const struct {
    const char *zField, *zOld, *zNew, *zWant;
  } a[] = {
      {"owner", "Payroll manager", "Finance manager", "Owner changed"},
      {"exec-member", 0, "Cllr Smith", "Executive member recorded"},
      {"theme", "Control", "", "Theme removed"},
      {"text", "Old words", "New words", "Recommendation changed"},
      {"evidence", "a", "b", "Evidence required to close changed"},
      {"risk", 0, "H", "Risk rating changed to H"},
      {"confidential", "0", "1", "Marked confidential"},
      {"confidential", "1", "0", "No longer confidential"},
      {"mystery", "x", "y", "mystery changed"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    Buf t = BUF_INIT;
    rec_change_title(a[i].zField, a[i].zOld, a[i].zNew, &t);
    CHECK_STR(buf_cstr(&t), a[i].zWant);
    buf_free(&t);
  }
}

/* A decision returned to the service stays with it until an update newer than the
** latest one when it was decided is made: not before the decision, not after the
** newer update's day, and an update made before the decision does not count. */
TEST(returned_stays_until_a_newer_update) {
  Rec r;
  memset(&r, 0, sizeof r);
  Progress a[2] = {{30, D(2024, 6, 2), "Done", ST_IMPLEMENTED, -1, 0, 0},
                   {41, D(2024, 6, 20), "Evidence attached", -1, -1, 0, 0}};
  r.aProg = a;
  r.nProg = 1;
  CHECK_INT(rec_returned_open(&r, D(2024, 6, 5), 30, D(2024, 6, 4)), 0);
  CHECK_INT(rec_returned_open(&r, D(2024, 6, 5), 30, D(2024, 6, 5)), 1);
  CHECK_INT(rec_returned_open(&r, D(2024, 6, 5), 0, D(2024, 6, 5)), 0); /* 30 is newer */
  CHECK_INT(rec_returned_open(&r, DAY_NONE, 30, D(2024, 6, 5)), 0);
  r.nProg = 2;
  CHECK_INT(rec_returned_open(&r, D(2024, 6, 5), 30, D(2024, 6, 19)), 1);
  CHECK_INT(rec_returned_open(&r, D(2024, 6, 5), 30, D(2024, 6, 20)), 0);
  CHECK_INT(rec_returned_open(&r, D(2024, 6, 5), 41, D(2024, 7, 1)), 1);
}

/* Three open recommendations of audit 1 giving 40, 45 and none; one closed at
** 100; one of audit 2 at 10. (40 + 45) / 2 = 42.5: 43%, from 2 of 3. */
TEST(audit_percent_mean_of_open_recommendations) {
  Policy p;
  policy_default(&p);
  Rec a[5];
  Progress up[5];
  Opinion done = {.on = D(2024, 5, 1), .status = ST_IMPLEMENTED};
  const int aPct[5] = {40, 45, -1, 100, 10};
  for (int i = 0; i < 5; i++) {
    a[i] = rec_due(D(2025, 1, 31));
    a[i].id = i + 1;
    a[i].auditId = i == 4 ? 2 : 1;
    up[i] = (Progress){.on = D(2024, 6, 1), .zText = "x", .claimed = -1, .percent = aPct[i]};
    a[i].aProg = &up[i];
    a[i].nProg = 1;
  }
  a[3].aOp = &done;
  a[3].nOp = 1;
  RecSet set = {.n = 5, .a = a};
  int nGive = -1, nOpen = -1;
  CHECK_INT(audit_percent_mean(&set, &p, 1, D(2024, 12, 31), &nGive, &nOpen), 43);
  CHECK_INT(nGive, 2);
  CHECK_INT(nOpen, 3);
  Buf b = BUF_INIT;
  audit_percent_words(&set, &p, 1, D(2024, 12, 31), &b);
  CHECK_STR(buf_cstr(&b), "43% on average, from 2 of 3 open recommendations");
  /* Before the updates: none reported. */
  CHECK_INT(audit_percent_mean(&set, &p, 1, D(2024, 5, 31), &nGive, &nOpen), -1);
  CHECK_INT(nOpen, 3);
  buf_reset(&b);
  audit_percent_words(&set, &p, 1, D(2024, 5, 31), &b);
  CHECK_STR(buf_cstr(&b), "not reported for any of its 3 open recommendations");
  CHECK_INT(audit_percent_mean(&set, &p, 2, D(2024, 12, 31), &nGive, &nOpen), 10);
  buf_reset(&b);
  audit_percent_words(&set, &p, 3, D(2024, 12, 31), &b);
  CHECK_INT((int)b.n, 0); /* no recommendations: nothing said */
  buf_free(&b);
}
