/*
** test_vocab.c: the status vocabulary: normalising a cell, the built-in words,
** the phrase rules the seed trackers need, a map's words and its rule for
** unknown words, and the errors a bad map line gets.
*/
#include <stdlib.h>

#include "t.h"
#include "vocab.h"

static int read1(const Vocab *v, const char *z) { return vocab_read(v, z, 0); }

TEST(vocab_norm_case_space_punctuation) {
  const char *a[][2] = {
      {"  Not-Implemented. ", "not implemented"},
      {"WILL NOT IMPLEMENT", "will not implement"},
      {"100 %", "100%"},
      {"In\tprogress!!", "in progress"},
      {"Complete \xe2\x80\x93 ", "complete"}, /* an en dash */
      {"\xc2\xa0"
       "Done\xe2\x80\xa6",
       "done"}, /* no-break space, ellipsis */
      {"...", ""},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    char *z = vocab_norm(a[i][0]);
    CHECK_STR(z, a[i][1]);
    free(z);
  }
}

/* Every word the issue names, with the meaning chosen for it. */
TEST(vocab_builtin_words) {
  Vocab v;
  vocab_init(&v);
  const struct {
    const char *z;
    int st;
  } a[] = {
      {"Complete", ST_IMPLEMENTED},
      {"Completed", ST_IMPLEMENTED},
      {"closed", ST_IMPLEMENTED},
      {"Done", ST_IMPLEMENTED},
      {"Actioned", ST_IMPLEMENTED},
      {"100%", ST_IMPLEMENTED},
      {"Fully Implemented.", ST_IMPLEMENTED},
      {"Not implemented", ST_NOT_IMPLEMENTED},
      {"In Progress", ST_IN_PROGRESS},
      {"Ongoing", ST_IN_PROGRESS},
      {"Awaiting evidence", ST_IN_PROGRESS},
      {"Partially implemented", ST_PARTIAL},
      {"Not started", ST_NOT_STARTED},
      {"Risk accepted", ST_RISK_ACCEPTED},
      {"Accepted risk", ST_RISK_ACCEPTED},
      {"Will Not Implement", ST_NOT_ADOPTED},
      {"Not adopted", ST_NOT_ADOPTED},
      {"Superseded", ST_SUPERSEDED},
      {"Not applicable", ST_SUPERSEDED},
      {"Withdrawn", ST_WITHDRAWN},
      {"No Further Action", ST_WITHDRAWN},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    VocabHow how = VOCAB_HOW__MAX;
    int st = vocab_read(&v, a[i].z, &how);
    if (st != a[i].st) t_fail(__FILE__, __LINE__, "'%s' read as %d, not %d", a[i].z, st, a[i].st);
    CHECK_INT(how, VOCAB_BUILTIN);
  }
  /* Words whose meaning differs between councils are not built in. */
  CHECK_INT(read1(&v, "Green"), -1);
  CHECK_INT(read1(&v, "has now been dealt with"), -1);
  CHECK_INT(read1(&v, "Outstanding"), -1);
  CHECK_INT(read1(&v, ""), -1);
  vocab_free(&v);
}

/* The phrases inside longer opinions, as the seed trackers write them: their
** figures depend on these. */
TEST(vocab_phrases_of_the_seed_trackers) {
  Vocab v;
  vocab_init(&v);
  VocabHow how;
  CHECK_INT(vocab_read(&v, "IA remark: Partially implemented", &how), ST_PARTIAL);
  CHECK_INT(how, VOCAB_PHRASE);
  CHECK_INT(read1(&v, "Implemented - process updated"), ST_IMPLEMENTED);
  CHECK_INT(read1(&v, "Not yet fully implemented (update requested by Internal Audit)"),
            ST_NOT_IMPLEMENTED);
  CHECK_INT(read1(&v, "To be closed as partially implemented once the S151 Officer accepts"),
            ST_PARTIAL);
  CHECK_INT(read1(&v, "In-Complete"), ST_PARTIAL);
  /* A status label and a colon: what `auditrack export` writes. */
  CHECK_INT(read1(&v, "Withdrawn: the service was outsourced"), ST_WITHDRAWN);
  CHECK_INT(read1(&v, "Risk accepted: the S151 officer accepted it"), ST_RISK_ACCEPTED);
  CHECK_INT(read1(&v, "In progress: partially implemented, says the service"), ST_IN_PROGRESS);
  CHECK_INT(read1(&v, "Information provided to date has not confirmed completion"), -1);
  /* The seed layout reads what it does not know as in progress. */
  CHECK_INT(status_from_text("Information provided to date has not confirmed completion"),
            ST_IN_PROGRESS);
  CHECK_INT(status_from_text("Evidence required by Audit"), ST_IN_PROGRESS);
  CHECK_INT(status_from_text("Completed"), ST_IMPLEMENTED);
  vocab_free(&v);
}

TEST(vocab_map_words_and_unknown_rule) {
  Vocab v;
  vocab_init(&v);
  Buf e = BUF_INIT;
  CHECK_INT(vocab_add(&v, "Green", "implemented", &e), 0);
  CHECK_INT(vocab_add(&v, "Has now been dealt with.", "Implemented", &e), 0);
  CHECK_INT(vocab_add(&v, "Closed", "not_adopted", &e), 0); /* the map overrides a built-in */
  CHECK_INT(vocab_add(&v, "green", "in-progress", &e), 0);  /* the later line wins */
  VocabHow how;
  CHECK_INT(vocab_read(&v, "GREEN", &how), ST_IN_PROGRESS);
  CHECK_INT(how, VOCAB_MAP);
  CHECK_INT(read1(&v, "has now been dealt with"), ST_IMPLEMENTED);
  CHECK_INT(read1(&v, "closed"), ST_NOT_ADOPTED);
  CHECK_INT(read1(&v, "Amber"), -1);
  CHECK_INT(vocab_add(&v, "*", "partially implemented", &e), 0);
  CHECK_INT(vocab_read(&v, "Amber", &how), ST_PARTIAL);
  CHECK_INT(how, VOCAB_UNKNOWN);
  CHECK_INT(read1(&v, "Complete"), ST_IMPLEMENTED); /* known words keep their meaning */
  CHECK_INT(e.n, 0);

  CHECK_INT(vocab_add(&v, "Red", "bad", &e), 1);
  CHECK(strstr(buf_cstr(&e), "'bad' is not a status"));
  buf_reset(&e);
  CHECK_INT(vocab_add(&v, "--", "implemented", &e), 1);
  CHECK(strstr(buf_cstr(&e), "needs a letter or a digit"));
  CHECK_INT(v.n, 4);
  buf_free(&e);
  vocab_free(&v);
}
