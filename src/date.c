/*
** date.c: day numbers, the date-cell parser and the overdue policy's month counts.
**
** Everything here is pure calendar arithmetic on the proleptic Gregorian calendar:
** no time zones (day_today is the one place the clock is read), no allocation, no
** state. Not for: deciding what a parsed date means for a recommendation (model.c)
** or which spellings a given tracker uses (the importer narrows the mask).
*/
#include "date.h"

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"

/* Days from 0001-01-01 to 1970-01-01. */
#define DAY_EPOCH_OFFSET 719162
#define DAYS_PER_400Y 146097
#define DAYS_PER_100Y 36524
#define DAYS_PER_4Y 1461

static const char *const azMonthLong[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};
static const char *const azMonthShort[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
/* Days before the first of each month in a common year. */
static const short aCumDays[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

/* Floor division for the negative years day_add_months can reach on absurd input. */
static long date_floordiv(long a, long b) {
  long q = a / b;
  if ((a % b) != 0 && ((a < 0) != (b < 0))) q--;
  return q;
}

static int date_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int day_days_in_month(int y, int m) {
  static const unsigned char aLen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  if (m == 2 && date_is_leap(y)) return 29;
  return aLen[m - 1];
}

int day_valid_ymd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12) return 0;
  return d >= 1 && d <= day_days_in_month(y, m);
}

/*
** Count whole years before y (leap days included), then months, then days, from
** 0001-01-01; shift to the 1970 epoch at the end.
*/
Day day_from_ymd(int y, int m, int d) {
  long yb = (long)y - 1;
  long n = 365 * yb + date_floordiv(yb, 4) - date_floordiv(yb, 100) + date_floordiv(yb, 400);
  n += aCumDays[m - 1];
  if (m > 2 && date_is_leap(y)) n++;
  n += d - 1;
  return (Day)(n - DAY_EPOCH_OFFSET);
}

Day day_from_iso10(const char *z) {
  if (z[4] != '-' || z[7] != '-') return DAY_NONE;
  int v[3] = {0, 0, 0};
  static const int aStart[3] = {0, 5, 8}, aLen[3] = {4, 2, 2};
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < aLen[i]; j++) {
      char c = z[aStart[i] + j];
      if (c < '0' || c > '9') return DAY_NONE;
      v[i] = v[i] * 10 + (c - '0');
    }
  }
  return day_valid_ymd(v[0], v[1], v[2]) ? day_from_ymd(v[0], v[1], v[2]) : DAY_NONE;
}

/*
** The inverse: peel off 400-, 100-, 4- and 1-year blocks from 0001-01-01. The last
** year of a 100- or 4-year block is the one holding the extra day, so the quotient
** is capped at 3 to land 31 December of a leap year in its own year.
*/
void day_to_ymd(Day day, int *pY, int *pM, int *pD) {
  long n = (long)day + DAY_EPOCH_OFFSET;
  long q400 = date_floordiv(n, DAYS_PER_400Y);
  n -= q400 * DAYS_PER_400Y;
  long q100 = n / DAYS_PER_100Y;
  if (q100 > 3) q100 = 3;
  n -= q100 * DAYS_PER_100Y;
  long q4 = n / DAYS_PER_4Y;
  n -= q4 * DAYS_PER_4Y;
  long q1 = n / 365;
  if (q1 > 3) q1 = 3;
  n -= q1 * 365;
  int y = (int)(q400 * 400 + q100 * 100 + q4 * 4 + q1 + 1);
  int leap = date_is_leap(y);
  int m = 12;
  while (m > 1 && n < aCumDays[m - 1] + (m > 2 && leap)) m--;
  int d = (int)(n - aCumDays[m - 1] - (m > 2 && leap)) + 1;
  if (pY) *pY = y;
  if (pM) *pM = m;
  if (pD) *pD = d;
}

Day day_month_end(int y, int m) { return day_from_ymd(y, m, day_days_in_month(y, m)); }

Day day_add_months(Day d, int n) {
  if (d == DAY_NONE) return DAY_NONE;
  int y, m, dd;
  day_to_ymd(d, &y, &m, &dd);
  long mIdx = (long)y * 12 + (m - 1) + n;
  int ny = (int)date_floordiv(mIdx, 12);
  int nm = (int)(mIdx - (long)ny * 12) + 1;
  int dim = day_days_in_month(ny, nm);
  return day_from_ymd(ny, nm, dd > dim ? dim : dd);
}

Day day_today(void) {
  time_t now = time(0);
  struct tm tm;
  if (!localtime_r(&now, &tm)) fatal("localtime_r failed");
  return day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *day_fmt(Day d, DayStyle style, char *out) {
  int y, m, dd;
  out[0] = 0;
  if (d == DAY_NONE) return out;
  day_to_ymd(d, &y, &m, &dd);
  switch (style) {
  case DAY_ISO:
    /* By hand: ISO dates are written for every ledger row an import binds. */
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = 0;
    break;
  case DAY_UK: snprintf(out, DAY_FMT_MAX, "%02d/%02d/%04d", dd, m, y); break;
  case DAY_LONG: snprintf(out, DAY_FMT_MAX, "%d %s %04d", dd, azMonthShort[m - 1], y); break;
  case DAY_TEXT: snprintf(out, DAY_FMT_MAX, "%d %s %04d", dd, azMonthLong[m - 1], y); break;
  default: assert(!"bad DayStyle"); break;
  }
  return out;
}

char *day_stamp(long long t, char *out) {
  long long days = t / 86400, secs = t % 86400;
  if (secs < 0) { /* before 1970: the day before, counted forward */
    secs += 86400;
    days--;
  }
  char zDay[DAY_FMT_MAX];
  snprintf(out, DAY_STAMP_MAX, "%s, %02d:%02d UTC", day_fmt((Day)days, DAY_TEXT, zDay),
           (int)(secs / 3600), (int)(secs / 60 % 60));
  return out;
}

Day day_resolve_noyear(int month, int mday, Day ref) {
  if (ref == DAY_NONE || month < 1 || month > 12 || mday < 1) return DAY_NONE;
  if (mday > (month == 2 ? 29 : day_days_in_month(2001, month))) return DAY_NONE;
  int y;
  day_to_ymd(ref, &y, 0, 0);
  /* 29 February can be eight years away (2096 -> 2104); every other day is at most one. */
  for (int i = 0; i <= 8; i++, y++) {
    if (!day_valid_ymd(y, month, mday)) continue;
    Day d = day_from_ymd(y, month, mday);
    if (d >= ref) return d;
  }
  return DAY_NONE;
}

/*
** MONTHS_WHOLE is the calendar count less one when the as-at day of month has not
** yet reached the due day of month; an as-at date on its month's last day counts as
** having reached it (due 31 Jan, as at 28 Feb 2023 is one whole month). The rule is
** applied the same way when asAt precedes due, so the result is then the floor, e.g.
** due 15 Mar, as at 14 Mar gives -1.
*/
int day_months_between(Day due, Day asAt, MonthRule rule) {
  int y0, m0, d0, y1, m1, d1;
  assert(due != DAY_NONE && asAt != DAY_NONE);
  day_to_ymd(due, &y0, &m0, &d0);
  day_to_ymd(asAt, &y1, &m1, &d1);
  int n = 12 * (y1 - y0) + (m1 - m0);
  if (rule == MONTHS_WHOLE && d1 < d0 && d1 != day_days_in_month(y1, m1)) n--;
  return n;
}

/* ---- Parsing ---------------------------------------------------------------- */

/* Where the text is and how far we have read; the parser never copies it. */
typedef struct DateScan {
  const char *z; /* text being parsed (not NUL-terminated at zEnd) */
  const char *zEnd;
} DateScan;

static void date_err(char *zErr, int nErr, const char *zFmt, ...) AT_PRINTF(3, 4);
static void date_err(char *zErr, int nErr, const char *zFmt, ...) {
  if (!zErr || nErr <= 0) return;
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zErr, (size_t)nErr, zFmt, ap);
  va_end(ap);
}

static int date_lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }
static int date_is_digit(int c) { return c >= '0' && c <= '9'; }
static int date_is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Bytes of white space at p: ASCII space and controls, or UTF-8 NO-BREAK SPACE. */
static int date_space_len(const char *p, const char *zEnd) {
  if (p >= zEnd) return 0;
  unsigned char c = (unsigned char)*p;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  if (c == 0xC2 && p + 1 < zEnd && (unsigned char)p[1] == 0xA0) return 2;
  return 0;
}

/* The end of z[0..zEnd) with trailing white space removed (NBSP is two bytes wide). */
static const char *date_rtrim(const char *z, const char *zEnd) {
  for (;;) {
    if (zEnd - z >= 2 && date_space_len(zEnd - 2, zEnd) == 2)
      zEnd -= 2;
    else if (zEnd > z && date_space_len(zEnd - 1, zEnd) == 1)
      zEnd--;
    else
      return zEnd;
  }
}

/* Skip white space; returns how many bytes were skipped. */
static int date_skip_space(DateScan *s) {
  int n = 0, k;
  while ((k = date_space_len(s->z, s->zEnd)) > 0) s->z += k, n += k;
  return n;
}

/* Case-insensitive equality of z[0..n) with the NUL-terminated zWord. */
static int date_word_eq(const char *z, size_t n, const char *zWord) {
  size_t i;
  for (i = 0; i < n && zWord[i]; i++) {
    if (date_lower((unsigned char)z[i]) != zWord[i]) return 0;
  }
  return i == n && zWord[i] == 0;
}

/* Month 1..12 named by z[0..n) (full name, three letters, or "Sept"), else 0. */
static int date_month_word(const char *z, size_t n) {
  static const char *const azName[12] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december",
  };
  for (int i = 0; i < 12; i++) {
    if (date_word_eq(z, n, azName[i])) return i + 1;
    if (n == 3 && date_lower((unsigned char)z[0]) == azName[i][0] &&
        date_lower((unsigned char)z[1]) == azName[i][1] &&
        date_lower((unsigned char)z[2]) == azName[i][2])
      return i + 1;
  }
  if (date_word_eq(z, n, "sept")) return 9;
  return 0;
}

/* Season 1..4 (spring, summer, autumn/fall, winter) named by z[0..n), else 0. */
static int date_season_word(const char *z, size_t n) {
  if (date_word_eq(z, n, "spring")) return 1;
  if (date_word_eq(z, n, "summer")) return 2;
  if (date_word_eq(z, n, "autumn") || date_word_eq(z, n, "fall")) return 3;
  if (date_word_eq(z, n, "winter")) return 4;
  return 0;
}

/* Read a run of digits: its length in *pN (0 if none) and value (capped). */
static int date_read_num(DateScan *s, int *pN) {
  int v = 0, n = 0;
  while (s->z < s->zEnd && date_is_digit((unsigned char)*s->z)) {
    if (n < 6) v = v * 10 + (*s->z - '0');
    if (n < 99) n++; /* only 1, 2 and 4 digits mean anything; this keeps n bounded */
    s->z++;
  }
  *pN = n;
  return v;
}

/* Read a run of ASCII letters; returns its length. */
static size_t date_read_word(DateScan *s, const char **pz) {
  *pz = s->z;
  while (s->z < s->zEnd && date_is_alpha((unsigned char)*s->z)) s->z++;
  return (size_t)(s->z - *pz);
}

/*
** If the text is a "to be confirmed" phrase, or starts with one followed by a space
** or '(', return 1. Words of a phrase may be separated by any run of white space.
*/
static int date_is_tbc(const char *z, const char *zEnd) {
  static const char *const azPhrase[] = {"tbc", "tba", "tbd", "to be confirmed", "to be agreed"};
  for (size_t i = 0; i < sizeof(azPhrase) / sizeof(azPhrase[0]); i++) {
    const char *p = z, *w = azPhrase[i];
    int ok = 1;
    while (*w && ok) {
      if (*w == ' ') {
        int k = date_space_len(p, zEnd);
        if (!k) ok = 0;
        while (k) p += k, k = date_space_len(p, zEnd);
        w++;
      } else if (p < zEnd && date_lower((unsigned char)*p) == *w) {
        p++, w++;
      } else {
        ok = 0;
      }
    }
    if (ok && (p == zEnd || *p == '(' || date_space_len(p, zEnd))) return 1;
  }
  return 0;
}

/* Check y-m-d exists, writing the reason when not. */
static int date_check_ymd(int y, int m, int d, char *zErr, int nErr) {
  if (m < 1 || m > 12) {
    date_err(zErr, nErr, "month %d does not exist", m);
    return 1;
  }
  if (y < 1 || y > 9999) {
    date_err(zErr, nErr, "year %d is out of range", y);
    return 1;
  }
  if (d < 1 || d > day_days_in_month(y, m)) {
    date_err(zErr, nErr, "day %d does not exist in %s %d", d, azMonthLong[m - 1], y);
    return 1;
  }
  return 0;
}

static int date_set_exact(DateParse *out, int y, int m, int d, char *zErr, int nErr) {
  if (date_check_ymd(y, m, d, zErr, nErr)) return 1;
  out->kind = DATE_EXACT;
  out->day = day_from_ymd(y, m, d);
  return 0;
}

static int date_set_month(DateParse *out, int y, int m, char *zErr, int nErr) {
  if (date_check_ymd(y, m, 1, zErr, nErr)) return 1;
  out->kind = DATE_MONTH;
  out->day = day_month_end(y, m);
  return 0;
}

/* After a complete date: anything left is an error. */
static int date_finish(DateScan *s, char *zErr, int nErr) {
  date_skip_space(s);
  if (s->z < s->zEnd) {
    date_err(zErr, nErr, "unexpected text after the date");
    return 1;
  }
  return 0;
}

/* Refuse a spelling the caller's mask leaves out: 1 with the reason. */
static int date_refused(unsigned allowed, const char *zSpelling, char *zErr, int nErr) {
  if (allowed) return 0;
  date_err(zErr, nErr, "%s are not accepted here", zSpelling);
  return 1;
}

/* The end of a date of year y: nothing after it, and a year that exists. */
static int date_end(DateScan *s, int y, char *zErr, int nErr) {
  if (date_finish(s, zErr, nErr)) return 1;
  if (y == 0) {
    date_err(zErr, nErr, "year 0 does not exist");
    return 1;
  }
  return 0;
}

/* Numeric spellings: yyyy-mm-dd, yyyy-mm, d/m/y (or m/d/y), m/yyyy; s is at a digit. */
static int date_parse_numeric(DateScan *s, unsigned mask, DateParse *out, char *zErr, int nErr) {
  int na, nb, nc = 0;
  int a = date_read_num(s, &na);
  char sep = *s->z;
  s->z++;
  if (s->z >= s->zEnd || !date_is_digit((unsigned char)*s->z)) goto not_a_date;
  int b = date_read_num(s, &nb), c = 0;
  if (s->z + 1 < s->zEnd && *s->z == sep && date_is_digit((unsigned char)s->z[1])) {
    s->z++;
    c = date_read_num(s, &nc);
  }
  if (na == 4 && sep == '-' && nb <= 2 && nc <= 2) {
    if (date_refused(mask & DF_ISO, "yyyy-mm-dd dates", zErr, nErr) || date_end(s, a, zErr, nErr))
      return 1;
    return nc ? date_set_exact(out, a, b, c, zErr, nErr) : date_set_month(out, a, b, zErr, nErr);
  }
  if (nc == 0 && na <= 2 && nb == 4) {
    if (date_refused(mask & (DF_DMY | DF_MDY), "mm/yyyy dates", zErr, nErr) ||
        date_end(s, b, zErr, nErr))
      return 1;
    return date_set_month(out, b, a, zErr, nErr);
  }
  if (nc && na <= 2 && nb <= 2) {
    if (date_refused(mask & (DF_DMY | DF_MDY), "dd/mm/yyyy dates", zErr, nErr)) return 1;
    if (nc != 2 && nc != 4) {
      date_err(zErr, nErr, "year must have two or four digits");
      return 1;
    }
    int y = nc == 2 ? 2000 + c : c;
    if (date_end(s, y, zErr, nErr)) return 1;
    /* Day first unless the mask asks for month first only. */
    if (mask & DF_DMY) return date_set_exact(out, y, b, a, zErr, nErr);
    return date_set_exact(out, y, a, b, zErr, nErr);
  }
not_a_date:
  date_err(zErr, nErr, "not a date");
  return 1;
}

/*
** Text spellings that start with a day: "31 Dec 2024", "31st December 2024",
** "31 January" (no year). s is at a digit.
*/
static int date_parse_day_text(DateScan *s, unsigned mask, DateParse *out, char *zErr, int nErr) {
  int nd;
  int d = date_read_num(s, &nd);
  if (nd > 2) goto not_a_date;
  const char *zw;
  size_t nw = date_read_word(s, &zw);
  if (nw && !(nw == 2 && (date_word_eq(zw, 2, "st") || date_word_eq(zw, 2, "nd") ||
                          date_word_eq(zw, 2, "rd") || date_word_eq(zw, 2, "th"))))
    goto not_a_date;
  if (!date_skip_space(s)) goto not_a_date;
  nw = date_read_word(s, &zw);
  int m = date_month_word(zw, nw);
  if (!m) {
    if (nw) {
      date_err(zErr, nErr, "unknown month \"%.*s\"", nw > 20 ? 20 : (int)nw, zw);
      return 1;
    }
    goto not_a_date;
  }
  if (date_refused(mask & DF_TEXT, "dates with month names", zErr, nErr)) return 1;
  int nSpace = date_skip_space(s);
  if (s->z >= s->zEnd) {
    /* No year: check against the longest the month can be (29 February is fine). */
    if (d < 1 || d > (m == 2 ? 29 : day_days_in_month(2001, m))) {
      date_err(zErr, nErr, "day %d does not exist in %s", d, azMonthLong[m - 1]);
      return 1;
    }
    out->kind = DATE_NOYEAR;
    out->month = m;
    out->mday = d;
    return 0;
  }
  if (!nSpace || !date_is_digit((unsigned char)*s->z)) {
    date_err(zErr, nErr, "unexpected text after the date");
    return 1;
  }
  int ny;
  int y = date_read_num(s, &ny);
  if (ny != 4) {
    date_err(zErr, nErr, "year must have four digits");
    return 1;
  }
  if (date_finish(s, zErr, nErr)) return 1;
  return date_set_exact(out, y, m, d, zErr, nErr);
not_a_date:
  date_err(zErr, nErr, "not a date");
  return 1;
}

/* "December 2024", "Dec 2024", "Autumn 2022". s is at a letter. */
static int date_parse_word_year(DateScan *s, unsigned mask, DateParse *out, char *zErr, int nErr) {
  const char *zw;
  size_t nw = date_read_word(s, &zw);
  int m = date_month_word(zw, nw);
  int season = m ? 0 : date_season_word(zw, nw);
  if (!m && !season) goto not_a_date;
  if ((m && date_refused(mask & DF_TEXT, "dates with month names", zErr, nErr)) ||
      (season && date_refused(mask & DF_SEASON, "seasons", zErr, nErr)))
    return 1;
  if (!date_skip_space(s) || s->z >= s->zEnd || !date_is_digit((unsigned char)*s->z))
    goto not_a_date;
  int ny;
  int y = date_read_num(s, &ny);
  if (ny != 4) {
    date_err(zErr, nErr, "year must have four digits");
    return 1;
  }
  if (date_end(s, y, zErr, nErr)) return 1;
  if (m) return date_set_month(out, y, m, zErr, nErr);
  /* Seasons end with the last day of May, August, November, February next year. */
  static const int aEndMonth[4] = {5, 8, 11, 2};
  int ye = season == 4 ? y + 1 : y;
  if (ye > 9999) {
    date_err(zErr, nErr, "year %d is out of range", ye);
    return 1;
  }
  out->kind = DATE_SEASON;
  out->day = day_month_end(ye, aEndMonth[season - 1]);
  return 0;
not_a_date:
  date_err(zErr, nErr, "not a date");
  return 1;
}

/* One date with no parenthesised remark; z[0..zEnd) is trimmed and not empty. */
static int date_parse_core(const char *z, const char *zEnd, unsigned mask, DateParse *out,
                           char *zErr, int nErr) {
  DateScan s = {z, zEnd};
  unsigned char c = (unsigned char)*z;
  if (date_is_digit(c)) {
    const char *p = z;
    while (p < zEnd && date_is_digit((unsigned char)*p)) p++;
    if (p < zEnd && (*p == '-' || *p == '/' || *p == '.'))
      return date_parse_numeric(&s, mask, out, zErr, nErr);
    return date_parse_day_text(&s, mask, out, zErr, nErr);
  }
  if (date_is_alpha(c)) return date_parse_word_year(&s, mask, out, zErr, nErr);
  date_err(zErr, nErr, "not a date");
  return 1;
}

int day_parse(const char *z, unsigned mask, DateParse *out, char *zErr, int nErr) {
  const char *zEnd = z + strlen(z);
  int k;
  out->kind = DATE_EMPTY;
  out->day = DAY_NONE;
  out->month = 0;
  out->mday = 0;
  if (zErr && nErr > 0) zErr[0] = 0;
  /* Fast path for the spelling stored and imported most: exactly "yyyy-mm-dd". */
  if ((mask & DF_ISO) && zEnd - z == 10) {
    Day d = day_from_iso10(z);
    if (d != DAY_NONE) {
      out->kind = DATE_EXACT;
      out->day = d;
      return 0;
    }
  }
  while ((k = date_space_len(z, zEnd)) > 0) z += k;
  zEnd = date_rtrim(z, zEnd);
  if (z == zEnd) return 0;
  if (date_is_tbc(z, zEnd)) {
    if (!(mask & DF_TBC)) {
      date_err(zErr, nErr, "TBC is not accepted here");
      return 1;
    }
    out->kind = DATE_TBC;
    return 0;
  }
  /* A remark in brackets may follow a date with no year: "31 January (year not stated)". */
  const char *zParen = memchr(z, '(', (size_t)(zEnd - z));
  if (zParen) {
    const char *zHead = date_rtrim(z, zParen);
    if (zHead == z) {
      date_err(zErr, nErr, "not a date");
      return 1;
    }
    if (date_parse_core(z, zHead, mask, out, zErr, nErr)) {
      out->kind = DATE_EMPTY, out->day = DAY_NONE, out->month = out->mday = 0;
      return 1;
    }
    if (out->kind == DATE_NOYEAR && zEnd[-1] == ')') return 0;
    out->kind = DATE_EMPTY, out->day = DAY_NONE, out->month = out->mday = 0;
    date_err(zErr, nErr, "unexpected text after the date");
    return 1;
  }
  if (date_parse_core(z, zEnd, mask, out, zErr, nErr)) {
    out->kind = DATE_EMPTY, out->day = DAY_NONE, out->month = out->mday = 0;
    return 1;
  }
  return 0;
}
