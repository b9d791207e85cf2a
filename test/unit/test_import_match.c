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
