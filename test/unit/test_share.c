/*
** test_share.c: percentages and rates (share.c), each figure worked by hand:
** halves round up, each share stands alone (no adjusting to 100), one decimal
** place when asked.
*/
#include "share.h"
#include "t.h"

static const char *txt(long long part, long long whole, int places, char *z) {
  share_text(part, whole, places, z);
  return z;
}

TEST(share_rounds_half_up) {
  char z[SHARE_TMP];
  CHECK_STR(txt(1, 8, 0, z), "13%");   /* 12.5 */
  CHECK_STR(txt(3, 8, 0, z), "38%");   /* 37.5 */
  CHECK_STR(txt(1, 16, 1, z), "6.3%"); /* 6.25 */
  CHECK_STR(txt(1, 40, 0, z), "3%");   /* 2.5 */
  CHECK_STR(txt(1, 3, 0, z), "33%");   /* 33.33 */
  CHECK_STR(txt(2, 3, 0, z), "67%");   /* 66.67 */
  CHECK_STR(txt(2, 3, 1, z), "66.7%");
  CHECK_STR(txt(1, 200, 0, z), "1%"); /* 0.5 */
  CHECK_STR(txt(1, 201, 0, z), "0%"); /* 0.497... */
  CHECK_STR(txt(0, 7, 1, z), "0.0%");
  CHECK_STR(txt(7, 7, 0, z), "100%");
  CHECK_STR(txt(9, 6, 0, z), "150%"); /* a part over the whole is shown as it is */
  CHECK_INT(share_scaled(1, 6, 1), 167);
  CHECK_INT(share_scaled(5, 6, 0), 83);
}

TEST(share_never_normalised) {
  char z[SHARE_TMP];
  /* 1, 1 and 4 of 6: 16.67, 16.67 and 66.67 round to 17 + 17 + 67 = 101. */
  long long sum = share_scaled(1, 6, 0) + share_scaled(1, 6, 0) + share_scaled(4, 6, 0);
  CHECK_INT(sum, 101);
  /* three thirds: 33 + 33 + 33 = 99; to one place 33.3 x 3 = 99.9 */
  CHECK_INT(3 * share_scaled(1, 3, 0), 99);
  CHECK_INT(3 * share_scaled(1, 3, 1), 999);
  CHECK_STR(txt(4, 6, 0, z), "67%");
}

TEST(share_of_nothing_is_blank) {
  char z[SHARE_TMP] = "x";
  CHECK_INT(share_text(0, 0, 0, z), 0);
  CHECK_STR(z, "");
}

static void bad_whole(void) { (void)share_scaled(1, 0, 0); }
static void bad_places(void) { (void)share_scaled(1, 2, 2); }

TEST(share_misuse_is_a_bug) {
  CHECK(t_dies(bad_whole));
  CHECK(t_dies(bad_places));
}
