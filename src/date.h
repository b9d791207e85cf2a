/*
** date.h: calendar dates as day numbers, the parser for every date spelling a
** tracker uses, and the month-counting rules of the overdue policy.
**
** A Day is a count of days since 1970-01-01 in the proleptic Gregorian
** calendar; DAY_NONE means "no date". Times of day and time zones never enter:
** every figure in auditrack is "as at" a calendar date (day_stamp only writes a
** stored UTC time for people to read). Not for: deciding what a
** date means for a recommendation (see model.h).
*/
#ifndef AT_DATE_H
#define AT_DATE_H

#include <limits.h>

typedef int Day;
#define DAY_NONE INT_MIN
#define DAY_FMT_MAX 32 /* room for any formatted date, NUL included */

Day day_from_ymd(int y, int m, int d); /* caller guarantees a valid date */
void day_to_ymd(Day d, int *pY, int *pM, int *pD);
int day_valid_ymd(int y, int m, int d); /* 1 if y-m-d exists (years 1..9999) */
/* The day of exactly "yyyy-mm-dd" in z's first 10 bytes (the caller knows there are
** 10), or DAY_NONE when they are not a date in that spelling. */
Day day_from_iso10(const char *z);
int day_days_in_month(int y, int m);
Day day_month_end(int y, int m);
Day day_add_months(Day d, int n); /* same day-of-month, clamped to month end */
Day day_today(void);              /* today's local date: only the doors (cli.c, http.c) ask;
                                     everything else takes today from its context */

typedef enum DayStyle {
  DAY_ISO,  /* 2024-12-31 */
  DAY_UK,   /* 31/12/2024 */
  DAY_LONG, /* 31 Dec 2024 */
  DAY_TEXT, /* 31 December 2024: GOV.UK's style, every date on a web page (web_day, html's %D),
               in an e-mail (the digests' placeholders, account e-mails' day_stamp) and in a
               report's running text (report_meta_text, titles, notes, a pack's words);
               DAY_UK stays in a report's table cells */
  DAY_STYLE__MAX
} DayStyle;
/* Format d into out (DAY_FMT_MAX bytes); DAY_NONE gives "". Returns out. */
char *day_fmt(Day d, DayStyle style, char *out);
#define DAY_STAMP_MAX 48 /* room for any day_stamp, NUL included */
/* A unix time t (seconds, UTC) as pages and e-mails write a time: its day as DAY_TEXT,
** then the hour and minute, "7 December 2026, 14:05 UTC". Writes into out (DAY_STAMP_MAX
** bytes) and returns it. Pure arithmetic: no time zone, no clock. */
char *day_stamp(long long t, char *out);

/* What a date cell said. */
typedef enum DateKind {
  DATE_EMPTY,  /* blank cell */
  DATE_EXACT,  /* a day: 2024-12-31, 31/12/2024, 31 Dec 2024, 31st December 2024 */
  DATE_MONTH,  /* a month only: 2024-12, Dec 2024, December 2024, 12/2024; day = month end */
  DATE_SEASON, /* Spring/Summer/Autumn/Winter YYYY; day = last day of the season
                  (May 31, Aug 31, Nov 30, end of Feb of YYYY+1) */
  DATE_NOYEAR, /* "31 January", "31 January (year not stated)": month and day set, year
                  unknown; day_resolve_noyear() picks the year */
  DATE_TBC,    /* TBC, TBA, TBD, "To be confirmed" (any case, surrounding text allowed
                  after it, e.g. "TBC (partially implemented)") */
  DATE_KIND__MAX
} DateKind;

/* Which spellings day_parse accepts (a --map file narrows them). */
enum {
  DF_ISO = 1,  /* yyyy-mm-dd and yyyy-mm */
  DF_DMY = 2,  /* dd/mm/yyyy, d/m/yy, dd.mm.yyyy, dd-mm-yyyy; mm/yyyy */
  DF_MDY = 4,  /* mm/dd/yyyy (never on by default: ambiguous with DF_DMY) */
  DF_TEXT = 8, /* 31 Dec 2024, 31st December 2024, December 2024, Dec-24 not accepted */
  DF_SEASON = 16,
  DF_TBC = 32,
  DF_DEFAULT = DF_ISO | DF_DMY | DF_TEXT | DF_SEASON | DF_TBC
};

typedef struct DateParse {
  DateKind kind;
  Day day;   /* DATE_EXACT, DATE_MONTH, DATE_SEASON: the day; else DAY_NONE */
  int month; /* DATE_NOYEAR: 1..12 */
  int mday;  /* DATE_NOYEAR: 1..31 */
} DateParse;

/*
** Parse one cell. Leading and trailing white space is ignored; an empty cell
** gives DATE_EMPTY. Two-digit years are 20yy. Returns 0 on success, or 1 with
** a short reason ("month 13 does not exist", "not a date") written to zErr
** (nErr bytes) when the text is not a date in one of the spellings in mask.
** Never allocates.
*/
int day_parse(const char *z, unsigned mask, DateParse *out, char *zErr, int nErr);

/* The first date on or after ref with the given month and day (29 Feb allowed). */
Day day_resolve_noyear(int month, int mday, Day ref);

/* Month-counting rules of the overdue policy. */
typedef enum MonthRule {
  MONTHS_CALENDAR, /* 12 x (year difference) + (month difference); Manchester's count */
  MONTHS_WHOLE,    /* completed whole months: one less when the as-at day of month is
                      before the due day of month, unless the as-at date is its month's end */
  MONTH_RULE__MAX
} MonthRule;
/* Months from due to asAt under rule; may be 0 or negative when asAt <= due. */
int day_months_between(Day due, Day asAt, MonthRule rule);

#endif
