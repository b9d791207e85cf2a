/*
** test_date.c: day arithmetic, every accepted date spelling and its rejections, and
** the overdue policy's month counts (Manchester's published figures). Not for: how a
** recommendation uses a date (test_model_rec.c).
*/
#include "date.h"

#include <stdio.h>

#include "t.h"

/* Parse z with mask; expect success with kind and, when iso is not NULL, that day. */
#define CHECK_PARSE(z, mask, kind_, iso)                                                           \
  do {                                                                                             \
    DateParse p_;                                                                                  \
    char zE_[80], zD_[DAY_FMT_MAX];                                                                \
    CHECK_INT(day_parse((z), (mask), &p_, zE_, sizeof(zE_)), 0);                                   \
    CHECK_INT(p_.kind, (kind_));                                                                   \
    if ((iso) != NULL) CHECK_STR(day_fmt(p_.day, DAY_ISO, zD_), (const char *)(iso));              \
  } while (0)

/* Parse z with mask; expect failure with exactly the reason zWhy. */
#define CHECK_REJECT(z, mask, zWhy)                                                                \
  do {                                                                                             \
    DateParse p_;                                                                                  \
    char zE_[80];                                                                                  \
    CHECK_INT(day_parse((z), (mask), &p_, zE_, sizeof(zE_)), 1);                                   \
    CHECK_STR(zE_, (zWhy));                                                                        \
    CHECK_INT(p_.day, DAY_NONE);                                                                   \
  } while (0)

static Day ymd(int y, int m, int d) { return day_from_ymd(y, m, d); }

TEST(date_epoch_and_known_days) {
  CHECK_INT(ymd(1970, 1, 1), 0);
  CHECK_INT(ymd(1969, 12, 31), -1);
  CHECK_INT(ymd(2000, 3, 1), 11017);
  CHECK_INT(ymd(2024, 12, 31), 20088);
  CHECK_INT(ymd(2024, 2, 29), 19782);
  CHECK_INT(ymd(2100, 3, 1), 47541);
  CHECK_INT(ymd(1900, 1, 1), -25567);
  CHECK_INT(ymd(1600, 2, 29), -135081);
  CHECK_INT(ymd(1, 1, 1), -719162);
  CHECK_INT(ymd(9999, 12, 31), 2932896);
  int y, m, d;
  day_to_ymd(-719162, &y, &m, &d);
  CHECK_INT(y, 1);
  CHECK_INT(m, 1);
  CHECK_INT(d, 1);
  day_to_ymd(2932896, &y, &m, &d);
  CHECK_INT(y, 9999);
  CHECK_INT(m, 12);
  CHECK_INT(d, 31);
  day_to_ymd(-1, &y, &m, &d);
  CHECK_INT(y, 1969);
  CHECK_INT(m, 12);
  CHECK_INT(d, 31);
}

TEST(date_round_trip_1900_2100) {
  Day first = ymd(1900, 1, 1), last = ymd(2100, 12, 31);
  int py = 1899, pm = 12, pd = 31, nBad = 0;
  for (Day d = first; d <= last; d++) {
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    /* Each day is the successor of the previous one in the calendar. */
    int ok = (y == py && m == pm && dd == pd + 1) ||
             (y == py && m == pm + 1 && dd == 1 && pd == day_days_in_month(py, pm)) ||
             (y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31);
    if (!ok || !day_valid_ymd(y, m, dd) || day_from_ymd(y, m, dd) != d) nBad++;
    char z[DAY_FMT_MAX];
    DateParse p;
    char zErr[64];
    if (day_parse(day_fmt(d, DAY_ISO, z), DF_DEFAULT, &p, zErr, sizeof(zErr)) || p.day != d ||
        p.kind != DATE_EXACT)
      nBad++;
    if (day_parse(day_fmt(d, DAY_UK, z), DF_DEFAULT, &p, zErr, sizeof(zErr)) || p.day != d) nBad++;
    if (day_parse(day_fmt(d, DAY_LONG, z), DF_DEFAULT, &p, zErr, sizeof(zErr)) || p.day != d)
      nBad++;
    py = y, pm = m, pd = dd;
  }
  CHECK_INT(nBad, 0);
  CHECK_INT(last - first + 1, 73414); /* 201 years, 49 leap days (1900 and 2100 are not) */
}

TEST(date_leap_years) {
  CHECK_INT(day_days_in_month(2024, 2), 29);
  CHECK_INT(day_days_in_month(2023, 2), 28);
  CHECK_INT(day_days_in_month(2000, 2), 29);
  CHECK_INT(day_days_in_month(2100, 2), 28);
  CHECK_INT(day_days_in_month(1900, 2), 28);
  CHECK_INT(day_days_in_month(2024, 4), 30);
  CHECK_INT(day_days_in_month(2024, 13), 0);
  CHECK_INT(day_valid_ymd(2100, 2, 29), 0);
  CHECK_INT(day_valid_ymd(2000, 2, 29), 1);
  CHECK_INT(day_valid_ymd(0, 1, 1), 0);
  CHECK_INT(day_valid_ymd(10000, 1, 1), 0);
  CHECK_INT(day_valid_ymd(2024, 0, 1), 0);
  CHECK_INT(day_valid_ymd(2024, 1, 0), 0);
  CHECK_PARSE("29/02/2024", DF_DEFAULT, DATE_EXACT, "2024-02-29");
  CHECK_REJECT("29/02/2023", DF_DEFAULT, "day 29 does not exist in February 2023");
  CHECK_REJECT("2100-02-29", DF_DEFAULT, "day 29 does not exist in February 2100");
  CHECK_PARSE("2000-02-29", DF_DEFAULT, DATE_EXACT, "2000-02-29");
  CHECK_PARSE("Winter 2023", DF_DEFAULT, DATE_SEASON, "2024-02-29");
  CHECK_PARSE("Winter 2099", DF_DEFAULT, DATE_SEASON, "2100-02-28");
}

TEST(date_month_end_and_add_months) {
  char z[DAY_FMT_MAX];
  CHECK_STR(day_fmt(day_month_end(2024, 2), DAY_ISO, z), "2024-02-29");
  CHECK_STR(day_fmt(day_month_end(2023, 2), DAY_ISO, z), "2023-02-28");
  CHECK_STR(day_fmt(day_month_end(2024, 12), DAY_ISO, z), "2024-12-31");
  CHECK_STR(day_fmt(day_add_months(ymd(2024, 1, 31), 1), DAY_ISO, z), "2024-02-29");
  CHECK_STR(day_fmt(day_add_months(ymd(2023, 1, 31), 1), DAY_ISO, z), "2023-02-28");
  CHECK_STR(day_fmt(day_add_months(ymd(2024, 3, 31), -1), DAY_ISO, z), "2024-02-29");
  CHECK_STR(day_fmt(day_add_months(ymd(2024, 11, 30), 3), DAY_ISO, z), "2025-02-28");
  CHECK_STR(day_fmt(day_add_months(ymd(2024, 1, 15), -13), DAY_ISO, z), "2022-12-15");
  CHECK_STR(day_fmt(day_add_months(ymd(2024, 8, 31), 12), DAY_ISO, z), "2025-08-31");
  CHECK_STR(day_fmt(day_add_months(ymd(2024, 5, 17), 0), DAY_ISO, z), "2024-05-17");
  CHECK_INT(day_add_months(DAY_NONE, 3), DAY_NONE);
}

TEST(date_today_is_plausible) {
  Day t = day_today();
  CHECK(t > ymd(2024, 1, 1));
  CHECK(t < ymd(2200, 1, 1));
}

TEST(date_fmt_styles) {
  char z[DAY_FMT_MAX];
  Day d = ymd(2024, 12, 31);
  CHECK_STR(day_fmt(d, DAY_ISO, z), "2024-12-31");
  CHECK_STR(day_fmt(d, DAY_UK, z), "31/12/2024");
  CHECK_STR(day_fmt(d, DAY_LONG, z), "31 Dec 2024");
  d = ymd(2025, 3, 5);
  CHECK_STR(day_fmt(d, DAY_ISO, z), "2025-03-05");
  CHECK_STR(day_fmt(d, DAY_UK, z), "05/03/2025");
  CHECK_STR(day_fmt(d, DAY_LONG, z), "5 Mar 2025");
  CHECK_STR(day_fmt(ymd(987, 9, 1), DAY_ISO, z), "0987-09-01");
  CHECK_STR(day_fmt(DAY_NONE, DAY_ISO, z), "");
  CHECK_STR(day_fmt(DAY_NONE, DAY_UK, z), "");
  CHECK_STR(day_fmt(DAY_NONE, DAY_LONG, z), "");
  /* GOV.UK's style, the web pages' one: no leading zero, the month in full. */
  CHECK_STR(day_fmt(ymd(2026, 12, 7), DAY_TEXT, z), "7 December 2026");
  CHECK_STR(day_fmt(ymd(2024, 9, 30), DAY_TEXT, z), "30 September 2024");
  CHECK_STR(day_fmt(ymd(2028, 2, 29), DAY_TEXT, z), "29 February 2028");
  CHECK_STR(day_fmt(DAY_NONE, DAY_TEXT, z), "");
}

/* A stored time as pages and e-mails write it. By hand: 7 December 2026 is day
** 57 x 365 + 14 leap days - 365 + 340 = 20794, so 14:05 that day is
** 20794 x 86400 + 14 x 3600 + 5 x 60 = 1796652300; 1800000000 is day 20833 (15 January
** 2027) and 28800 seconds, 08:00; a second before 1970 is the last minute of 1969. */
TEST(date_stamp_utc) {
  char z[DAY_STAMP_MAX];
  CHECK_STR(day_stamp(1796652300LL, z), "7 December 2026, 14:05 UTC");
  CHECK_STR(day_stamp(1796652300LL + 59, z), "7 December 2026, 14:05 UTC");
  CHECK_STR(day_stamp(1800000000LL, z), "15 January 2027, 08:00 UTC");
  CHECK_STR(day_stamp(0, z), "1 January 1970, 00:00 UTC");
  CHECK_STR(day_stamp(-1, z), "31 December 1969, 23:59 UTC");
  CHECK_STR(day_stamp(-86400, z), "31 December 1969, 00:00 UTC");
}

TEST(date_parse_iso) {
  CHECK_PARSE("2024-12-31", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("  2024-12-31\t\r\n", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("2024-1-5", DF_DEFAULT, DATE_EXACT, "2024-01-05");
  CHECK_PARSE("2024-12", DF_DEFAULT, DATE_MONTH, "2024-12-31");
  CHECK_PARSE("2024-02", DF_DEFAULT, DATE_MONTH, "2024-02-29");
  CHECK_PARSE("2023-02", DF_ISO, DATE_MONTH, "2023-02-28");
  CHECK_PARSE("\xC2\xA0"
              "2024-06-30\xC2\xA0",
              DF_DEFAULT, DATE_EXACT, "2024-06-30");
}

TEST(date_parse_dmy) {
  CHECK_PARSE("31/12/2024", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("1/2/24", DF_DEFAULT, DATE_EXACT, "2024-02-01");
  CHECK_PARSE("01/02/99", DF_DEFAULT, DATE_EXACT, "2099-02-01");
  CHECK_PARSE("1/2/00", DF_DMY, DATE_EXACT, "2000-02-01");
  CHECK_PARSE("31.12.2024", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("31-12-2024", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("31-12-24", DF_DMY, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("12/2024", DF_DEFAULT, DATE_MONTH, "2024-12-31");
  CHECK_PARSE("2/2024", DF_DMY, DATE_MONTH, "2024-02-29");
  CHECK_PARSE("06.2024", DF_DMY, DATE_MONTH, "2024-06-30");
  /* Day first wins when both orders are on; month first only when DMY is off. */
  CHECK_PARSE("1/2/2024", DF_DMY | DF_MDY, DATE_EXACT, "2024-02-01");
  CHECK_PARSE("1/2/2024", DF_MDY, DATE_EXACT, "2024-01-02");
  CHECK_PARSE("12/31/2024", DF_MDY, DATE_EXACT, "2024-12-31");
  CHECK_REJECT("12/31/2024", DF_DEFAULT, "month 31 does not exist");
  CHECK_REJECT("31/12/2024", DF_MDY, "month 31 does not exist");
  CHECK_PARSE("12/2024", DF_MDY, DATE_MONTH, "2024-12-31");
}

TEST(date_parse_text) {
  CHECK_PARSE("31 Dec 2024", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("31st December 2024", DF_DEFAULT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("1st Sept 2024", DF_DEFAULT, DATE_EXACT, "2024-09-01");
  CHECK_PARSE("1 Sep 2024", DF_DEFAULT, DATE_EXACT, "2024-09-01");
  CHECK_PARSE("2nd June 2023", DF_TEXT, DATE_EXACT, "2023-06-02");
  CHECK_PARSE("3rd MAR 2023", DF_TEXT, DATE_EXACT, "2023-03-03");
  CHECK_PARSE("4TH july 2023", DF_TEXT, DATE_EXACT, "2023-07-04");
  CHECK_PARSE("  31   dec   2024  ", DF_TEXT, DATE_EXACT, "2024-12-31");
  CHECK_PARSE("December 2024", DF_DEFAULT, DATE_MONTH, "2024-12-31");
  CHECK_PARSE("Dec 2024", DF_DEFAULT, DATE_MONTH, "2024-12-31");
  CHECK_PARSE("sept 2024", DF_DEFAULT, DATE_MONTH, "2024-09-30");
  CHECK_PARSE("SEP 2024", DF_DEFAULT, DATE_MONTH, "2024-09-30");
  CHECK_PARSE("February 2024", DF_TEXT, DATE_MONTH, "2024-02-29");
  CHECK_PARSE("May 2024", DF_TEXT, DATE_MONTH, "2024-05-31");
  static const char *const azMonth[12][2] = {
      {"January", "Jan"},   {"February", "Feb"}, {"March", "Mar"},    {"April", "Apr"},
      {"May", "May"},       {"June", "Jun"},     {"July", "Jul"},     {"August", "Aug"},
      {"September", "Sep"}, {"October", "Oct"},  {"November", "Nov"}, {"December", "Dec"},
  };
  for (int m = 1; m <= 12; m++) {
    for (int k = 0; k < 2; k++) {
      char z[64];
      DateParse p;
      char zErr[64];
      snprintf(z, sizeof(z), "10 %s 2030", azMonth[m - 1][k]);
      CHECK_INT(day_parse(z, DF_TEXT, &p, zErr, sizeof(zErr)), 0);
      CHECK_INT(p.day, ymd(2030, m, 10));
    }
  }
}

TEST(date_parse_season) {
  CHECK_PARSE("Spring 2022", DF_DEFAULT, DATE_SEASON, "2022-05-31");
  CHECK_PARSE("Summer 2022", DF_DEFAULT, DATE_SEASON, "2022-08-31");
  CHECK_PARSE("Autumn 2022", DF_DEFAULT, DATE_SEASON, "2022-11-30");
  CHECK_PARSE("fall 2022", DF_DEFAULT, DATE_SEASON, "2022-11-30");
  CHECK_PARSE("WINTER 2022", DF_DEFAULT, DATE_SEASON, "2023-02-28");
  CHECK_PARSE("Winter 2027", DF_SEASON, DATE_SEASON, "2028-02-29");
  CHECK_REJECT("Autumn 2022", DF_DEFAULT & ~DF_SEASON, "seasons are not accepted here");
  CHECK_REJECT("Autumn 22", DF_DEFAULT, "year must have four digits");
  CHECK_REJECT("Autumn", DF_DEFAULT, "not a date");
  CHECK_REJECT("Winter 9999", DF_DEFAULT, "year 10000 is out of range");
}

TEST(date_parse_noyear) {
  DateParse p;
  char zErr[64];
  CHECK_INT(day_parse("31 January", DF_DEFAULT, &p, zErr, sizeof(zErr)), 0);
  CHECK_INT(p.kind, DATE_NOYEAR);
  CHECK_INT(p.month, 1);
  CHECK_INT(p.mday, 31);
  CHECK_INT(p.day, DAY_NONE);
  CHECK_INT(day_parse("31 January (year not stated)", DF_DEFAULT, &p, zErr, sizeof(zErr)), 0);
  CHECK_INT(p.kind, DATE_NOYEAR);
  CHECK_INT(p.month, 1);
  CHECK_INT(p.mday, 31);
  CHECK_INT(day_parse("1st Sept(provisional)", DF_TEXT, &p, zErr, sizeof(zErr)), 0);
  CHECK_INT(p.kind, DATE_NOYEAR);
  CHECK_INT(p.month, 9);
  CHECK_INT(p.mday, 1);
  CHECK_INT(day_parse("29 Feb", DF_TEXT, &p, zErr, sizeof(zErr)), 0);
  CHECK_INT(p.month, 2);
  CHECK_INT(p.mday, 29);
  CHECK_REJECT("30 February", DF_DEFAULT, "day 30 does not exist in February");
  CHECK_REJECT("31 April (year not stated)", DF_DEFAULT, "day 31 does not exist in April");
  CHECK_REJECT("31 January (year not stated", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("31 January 2024 (revised)", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("31/01/2024 (revised)", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("(year not stated)", DF_DEFAULT, "not a date");
  CHECK_REJECT("31 January", DF_ISO | DF_DMY, "dates with month names are not accepted here");
}

TEST(date_resolve_noyear) {
  char z[DAY_FMT_MAX];
  CHECK_STR(day_fmt(day_resolve_noyear(1, 31, ymd(2024, 9, 30)), DAY_ISO, z), "2025-01-31");
  CHECK_STR(day_fmt(day_resolve_noyear(1, 31, ymd(2025, 1, 31)), DAY_ISO, z), "2025-01-31");
  CHECK_STR(day_fmt(day_resolve_noyear(1, 31, ymd(2025, 2, 1)), DAY_ISO, z), "2026-01-31");
  CHECK_STR(day_fmt(day_resolve_noyear(12, 1, ymd(2024, 3, 1)), DAY_ISO, z), "2024-12-01");
  CHECK_STR(day_fmt(day_resolve_noyear(2, 29, ymd(2024, 3, 1)), DAY_ISO, z), "2028-02-29");
  CHECK_STR(day_fmt(day_resolve_noyear(2, 29, ymd(2097, 1, 1)), DAY_ISO, z), "2104-02-29");
  CHECK_STR(day_fmt(day_resolve_noyear(2, 29, ymd(2024, 2, 29)), DAY_ISO, z), "2024-02-29");
  CHECK_INT(day_resolve_noyear(2, 30, ymd(2024, 1, 1)), DAY_NONE);
  CHECK_INT(day_resolve_noyear(13, 1, ymd(2024, 1, 1)), DAY_NONE);
  CHECK_INT(day_resolve_noyear(1, 1, DAY_NONE), DAY_NONE);
}

TEST(date_parse_tbc_and_empty) {
  static const char *const azTbc[] = {
      "TBC",
      "tbc",
      "TBA",
      "tbd",
      "To be confirmed",
      "TO BE AGREED",
      "to  be\tconfirmed",
      "TBC (partially implemented)",
      "TBC(partially implemented)",
      "  TBC  ",
      "To be confirmed after the review",
      "TBD - awaiting board",
  };
  for (size_t i = 0; i < sizeof(azTbc) / sizeof(azTbc[0]); i++) {
    DateParse p;
    char zErr[64];
    CHECK_INT(day_parse(azTbc[i], DF_DEFAULT, &p, zErr, sizeof(zErr)), 0);
    CHECK_INT(p.kind, DATE_TBC);
    CHECK_INT(p.day, DAY_NONE);
  }
  CHECK_REJECT("TBCs", DF_DEFAULT, "not a date");
  CHECK_REJECT("TBC", DF_DEFAULT & ~DF_TBC, "TBC is not accepted here");
  CHECK_REJECT("to be", DF_DEFAULT, "not a date");
  CHECK_PARSE("", DF_DEFAULT, DATE_EMPTY, "");
  CHECK_PARSE(" \t\r\n ", DF_DEFAULT, DATE_EMPTY, "");
  CHECK_PARSE("", 0, DATE_EMPTY, "");
}

TEST(date_parse_rejections) {
  CHECK_REJECT("31/02/2024", DF_DEFAULT, "day 31 does not exist in February 2024");
  CHECK_REJECT("31/04/2024", DF_DEFAULT, "day 31 does not exist in April 2024");
  CHECK_REJECT("00/04/2024", DF_DEFAULT, "day 0 does not exist in April 2024");
  CHECK_REJECT("2024-13-01", DF_DEFAULT, "month 13 does not exist");
  CHECK_REJECT("2024-13", DF_DEFAULT, "month 13 does not exist");
  CHECK_REJECT("2024-00-10", DF_DEFAULT, "month 0 does not exist");
  CHECK_REJECT("1/13/2024", DF_DEFAULT, "month 13 does not exist");
  CHECK_REJECT("13/2024", DF_DEFAULT, "month 13 does not exist");
  CHECK_REJECT("0000-01-01", DF_DEFAULT, "year 0 does not exist");
  CHECK_REJECT("next week", DF_DEFAULT, "not a date");
  CHECK_REJECT("Implemented", DF_DEFAULT, "not a date");
  CHECK_REJECT("-", DF_DEFAULT, "not a date");
  CHECK_REJECT("2024", DF_DEFAULT, "not a date");
  CHECK_REJECT("20241231", DF_DEFAULT, "not a date");
  CHECK_REJECT("2024/12/31", DF_DEFAULT, "not a date");
  CHECK_REJECT("31/12-2024", DF_DEFAULT, "not a date");
  CHECK_REJECT("Dec-24", DF_DEFAULT, "not a date");
  CHECK_REJECT("31December 2024", DF_DEFAULT, "not a date");
  CHECK_REJECT("31 Decembre 2024", DF_DEFAULT, "unknown month \"Decembre\"");
  CHECK_REJECT("31/12/202", DF_DEFAULT, "year must have two or four digits");
  CHECK_REJECT("Dec 24", DF_DEFAULT, "year must have four digits");
  CHECK_REJECT("31 Dec 24", DF_DEFAULT, "year must have four digits");
  CHECK_REJECT("31 Dec 2024 x", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("31 Dec 2024x", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("31 Dec x", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("2024-12-31 00:00:00", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("2024-12-31T10:00", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("31/12/2024 and later", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("December 2024 2025", DF_DEFAULT, "unexpected text after the date");
  CHECK_REJECT("2024-12-31", DF_DMY | DF_TEXT, "yyyy-mm-dd dates are not accepted here");
  CHECK_REJECT("31/12/2024", DF_ISO, "dd/mm/yyyy dates are not accepted here");
  CHECK_REJECT("12/2024", DF_ISO, "mm/yyyy dates are not accepted here");
  CHECK_REJECT("Dec 2024", DF_ISO, "dates with month names are not accepted here");
  CHECK_REJECT("99999999999999999999/1/2024", DF_DEFAULT, "not a date");
  /* A short error buffer is truncated, never overrun; a NULL one is allowed. */
  DateParse p;
  char zSmall[8];
  CHECK_INT(day_parse("next week", DF_DEFAULT, &p, zSmall, sizeof(zSmall)), 1);
  CHECK_STR(zSmall, "not a d");
  CHECK_INT(day_parse("next week", DF_DEFAULT, &p, NULL, 0), 1);
}

TEST(date_months_manchester) {
  /* Outstanding Audit Recommendations, Manchester, Audit Committee 15 February 2022. */
  Day asAt = ymd(2022, 2, 15);
  CHECK_INT(day_months_between(ymd(2019, 9, 30), asAt, MONTHS_CALENDAR), 29);
  CHECK_INT(day_months_between(ymd(2018, 6, 30), asAt, MONTHS_CALENDAR), 44);
  CHECK_INT(day_months_between(ymd(2020, 5, 31), asAt, MONTHS_CALENDAR), 21);
  /* The same counts as at the start and the end of October 2021. */
  for (int dd = 1; dd <= 31; dd += 30) {
    asAt = ymd(2021, 10, dd);
    CHECK_INT(day_months_between(ymd(2019, 9, 30), asAt, MONTHS_CALENDAR), 25);
    CHECK_INT(day_months_between(ymd(2018, 6, 30), asAt, MONTHS_CALENDAR), 40);
    CHECK_INT(day_months_between(ymd(2020, 5, 31), asAt, MONTHS_CALENDAR), 17);
  }
  /* Whole months on the same figures differ where the as-at day is earlier. */
  CHECK_INT(day_months_between(ymd(2019, 9, 30), ymd(2022, 2, 15), MONTHS_WHOLE), 28);
  CHECK_INT(day_months_between(ymd(2019, 9, 30), ymd(2021, 10, 1), MONTHS_WHOLE), 24);
  CHECK_INT(day_months_between(ymd(2019, 9, 30), ymd(2021, 10, 31), MONTHS_WHOLE), 25);
  CHECK_INT(day_months_between(ymd(2020, 5, 31), ymd(2021, 10, 31), MONTHS_WHOLE), 17);
  CHECK_INT(day_months_between(ymd(2020, 5, 31), ymd(2021, 10, 1), MONTHS_WHOLE), 16);
}

TEST(date_months_whole_edges) {
  CHECK_INT(day_months_between(ymd(2023, 1, 31), ymd(2023, 2, 28), MONTHS_WHOLE), 1);
  CHECK_INT(day_months_between(ymd(2024, 1, 31), ymd(2024, 2, 28), MONTHS_WHOLE), 0);
  CHECK_INT(day_months_between(ymd(2024, 1, 31), ymd(2024, 2, 29), MONTHS_WHOLE), 1);
  CHECK_INT(day_months_between(ymd(2023, 1, 30), ymd(2023, 2, 28), MONTHS_WHOLE), 1);
  CHECK_INT(day_months_between(ymd(2023, 1, 15), ymd(2023, 3, 14), MONTHS_WHOLE), 1);
  CHECK_INT(day_months_between(ymd(2023, 1, 15), ymd(2023, 3, 15), MONTHS_WHOLE), 2);
  CHECK_INT(day_months_between(ymd(2023, 1, 15), ymd(2023, 3, 14), MONTHS_CALENDAR), 2);
  CHECK_INT(day_months_between(ymd(2023, 3, 31), ymd(2023, 4, 30), MONTHS_WHOLE), 1);
  CHECK_INT(day_months_between(ymd(2023, 3, 31), ymd(2023, 4, 29), MONTHS_WHOLE), 0);
  CHECK_INT(day_months_between(ymd(2022, 12, 31), ymd(2023, 1, 1), MONTHS_CALENDAR), 1);
  CHECK_INT(day_months_between(ymd(2022, 12, 31), ymd(2023, 1, 1), MONTHS_WHOLE), 0);
  /* On or before the due date. */
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 3, 15), MONTHS_WHOLE), 0);
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 3, 15), MONTHS_CALENDAR), 0);
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 3, 1), MONTHS_CALENDAR), 0);
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 3, 14), MONTHS_WHOLE), -1);
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 1, 20), MONTHS_CALENDAR), -2);
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 1, 20), MONTHS_WHOLE), -2);
  CHECK_INT(day_months_between(ymd(2023, 3, 15), ymd(2023, 1, 10), MONTHS_WHOLE), -3);
}
