/*
** share.c: percentages and rates as committees print them (see share.h):
** integer arithmetic, round half up, each share on its own.
*/
#include "share.h"

#include "buf.h"

#include <stdio.h>

long long share_scaled(long long part, long long whole, int places) {
  if (whole <= 0 || part < 0 || (places != 0 && places != 1)) {
    fatal("share_scaled(%lld, %lld, %d): a bug in the caller", part, whole, places);
  }
  long long unit = places ? 1000 : 100;
  /* round(part * unit / whole) with halves up: floor((2 * part * unit + whole) / (2 * whole)).
  ** Counts of recommendations are far below where this could overflow. */
  return (2 * part * unit + whole) / (2 * whole);
}

int share_text(long long part, long long whole, int places, char *z) {
  if (whole <= 0) {
    z[0] = 0;
    return 0;
  }
  long long v = share_scaled(part, whole, places);
  if (places)
    snprintf(z, SHARE_TMP, "%lld.%lld%%", v / 10, v % 10);
  else
    snprintf(z, SHARE_TMP, "%lld%%", v);
  return 1;
}
