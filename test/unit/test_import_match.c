/*
** test_import_match.c: the likeness rule a refresh matches recommendations'
** texts by (docs/import.md, "Refreshing a tracker").
*/
#include "import_int.h"
#include "t.h"

TEST(likeness_same_text_but_for_case_and_punctuation) {
  CHECK_INT(import_likeness("Reconcile the payroll, monthly.", "reconcile  THE payroll monthly"),
            100);
  CHECK_INT(import_likeness("", ""), 100);
}

TEST(likeness_counts_shared_words_of_three_letters_or_more) {
  /* {keep, register, contracts} and {keep, full, register, contracts}: 3 of 4. */
  CHECK_INT(import_likeness("Keep a register of contracts", "Keep a full register of contracts"),
            75);
  /* The same words in another order are alike, not the same text. */
  CHECK_INT(import_likeness("approve overtime before payment", "before payment approve overtime"),
            99);
  CHECK_INT(import_likeness("Approve overtime", "Remove leavers promptly"), 0);
  CHECK_INT(import_likeness("Approve overtime", ""), 0);
}

TEST(likeness_of_cambridgeshire_renumbered_text) {
  /* 001 prefixes 000's text with its part number: still well over the threshold. */
  int pct = import_likeness("Targets and expected benefits should be added",
                            "3a - Targets and expected benefits should be added");
  CHECK(pct >= 50 && pct < 100);
}

TEST(percent_forms_a_tracker_writes) {
  int p = -1;
  CHECK_INT(import_percent("75%", &p), 0);
  CHECK_INT(p, 75);
  CHECK_INT(import_percent("75 %", &p), 0);
  CHECK_INT(p, 75);
  CHECK_INT(import_percent("75", &p), 0);
  CHECK_INT(p, 75);
  /* A decimal point and no more than 1: a fraction of one. */
  CHECK_INT(import_percent("0.75", &p), 0);
  CHECK_INT(p, 75);
  CHECK_INT(import_percent("1.0", &p), 0);
  CHECK_INT(p, 100);
  CHECK_INT(import_percent(".5", &p), 0);
  CHECK_INT(p, 50);
  /* 0.145 x 100 = 14.5, half up to 15 (no binary fraction makes it 14). */
  CHECK_INT(import_percent("0.145", &p), 0);
  CHECK_INT(p, 15);
  CHECK_INT(import_percent("62.5%", &p), 0);
  CHECK_INT(p, 63);
  CHECK_INT(import_percent("62.49", &p), 0);
  CHECK_INT(p, 62);
  /* Without a point, 1 is 1%; with a % sign, 0.5% is half of one per cent. */
  CHECK_INT(import_percent("1", &p), 0);
  CHECK_INT(p, 1);
  CHECK_INT(import_percent("0.5%", &p), 0);
  CHECK_INT(p, 1);
  CHECK_INT(import_percent("0", &p), 0);
  CHECK_INT(p, 0);
  CHECK_INT(import_percent("100%", &p), 0);
  CHECK_INT(p, 100);
  p = -7;
  CHECK_INT(import_percent("100.4%", &p), 1);
  CHECK_INT(import_percent("101", &p), 1);
  CHECK_INT(import_percent("-5", &p), 1);
  CHECK_INT(import_percent("half", &p), 1);
  CHECK_INT(import_percent("%", &p), 1);
  CHECK_INT(import_percent(".", &p), 1);
  CHECK_INT(import_percent("75%%", &p), 1);
  CHECK_INT(import_percent("99999999999999999999", &p), 1);
  CHECK_INT(p, -7); /* untouched on a refusal */
}
