/*
** fuzz_date.c: libFuzzer target for day_parse. Parses the input under several
** masks and checks: the result is one of the documented kinds with the fields
** that kind promises, a failure leaves a reason, and an exact day printed as ISO,
** UK and long form parses back to the same day. Not for: month arithmetic (unit tests).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_roundtrip(Day d, DayStyle style, unsigned mask) {
  char z[DAY_FMT_MAX], zErr[80];
  DateParse p;
  day_fmt(d, style, z);
  if (day_parse(z, mask, &p, zErr, sizeof(zErr))) abort();
  if (p.kind != DATE_EXACT || p.day != d) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const unsigned aMask[] = {
      DF_DEFAULT,          DF_ISO, DF_DMY, DF_MDY, DF_MDY | DF_TEXT, DF_TEXT | DF_SEASON, DF_TBC,
      DF_DEFAULT | DF_MDY, 0,
  };
  if (size > 256) return 0;
  char z[257];
  memcpy(z, data, size);
  z[size] = 0;
  for (size_t i = 0; i < sizeof(aMask) / sizeof(aMask[0]); i++) {
    DateParse p;
    char zErr[80];
    memset(zErr, 'x', sizeof(zErr));
    int rc = day_parse(z, aMask[i], &p, zErr, sizeof(zErr));
    if (rc != 0 && rc != 1) abort();
    if (rc == 1) {
      if (!memchr(zErr, 0, sizeof(zErr)) || zErr[0] == 0) abort();
      if (p.day != DAY_NONE) abort();
      continue;
    }
    switch (p.kind) {
    case DATE_EMPTY:
    case DATE_TBC:
      if (p.day != DAY_NONE) abort();
      break;
    case DATE_NOYEAR:
      if (p.day != DAY_NONE || p.month < 1 || p.month > 12 || p.mday < 1 || p.mday > 31) abort();
      if (day_resolve_noyear(p.month, p.mday, 0) == DAY_NONE) abort();
      break;
    case DATE_EXACT: {
      int y, m, d;
      day_to_ymd(p.day, &y, &m, &d);
      if (!day_valid_ymd(y, m, d) || day_from_ymd(y, m, d) != p.day) abort();
      fuzz_roundtrip(p.day, DAY_ISO, DF_ISO);
      fuzz_roundtrip(p.day, DAY_UK, DF_DMY);
      fuzz_roundtrip(p.day, DAY_LONG, DF_TEXT);
      break;
    }
    case DATE_MONTH:
    case DATE_SEASON: {
      int y, m, d;
      day_to_ymd(p.day, &y, &m, &d);
      if (!day_valid_ymd(y, m, d) || d != day_days_in_month(y, m)) abort();
      break;
    }
    default: abort();
    }
  }
  return 0;
}
