/*
** share.h: the arithmetic of the percentages and rates committee reports print
** beside their counts: a part over a whole, rounded half up to a whole per cent
** or to one decimal place, each on its own, never adjusted so that a column
** adds to 100 (three thirds print 33%, 33% and 33%; 1, 1 and 4 of 6 print
** 17%, 17% and 67%, which add to 101).
**
** Pure: integers in, text out; no floating point, so a half is a half. Not for:
** deciding what is counted or what the whole is (report_rates.c, the policy).
*/
#ifndef AT_SHARE_H
#define AT_SHARE_H

/* Room for any share's text: "-9223372036854775808.0%" and the NUL. */
#define SHARE_TMP 32

/* part/whole x 100, as a count of units of 10^-places per cent (places 0 or 1),
** rounded half up: 1/8 at places 0 is 13 (12.5 rounds up), 1/6 at places 1 is
** 167 (16.67). Requires whole > 0 and 0 <= part; a part above the whole gives
** a share above 100. Aborts (a bug) on whole <= 0, part < 0 or places not 0/1. */
long long share_scaled(long long part, long long whole, int places);

/* The share as text into z (SHARE_TMP bytes): "13%", "16.7%", "0.0%". With
** whole <= 0 (nothing to take a share of) z is "" and the result 0; otherwise
** the result is 1. */
int share_text(long long part, long long whole, int places, char *z);

#endif
