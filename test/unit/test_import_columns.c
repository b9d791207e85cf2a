/* The import page's reading of a tracker before its check: headings, samples, the
** seed guess, the status words and alike titles, and the map composed from choices
** read back the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "model.h"
#include "t.h"

static const char zRag[] = "Audit,No.,Finding,Due by,RAG\n"
                           "Fleet Review - Core Processes,1,Service vehicles,31/03/2024,Green\n"
                           "Fleet Review: Core Processes,2,Log fuel,30/06/2024,green.\n"
                           "Payroll,3,Remove leavers,31/01/2024,Will Not Implement\n"
                           "Payroll,4,Check overtime,,Amber\n";

static int field(const char *zName) {
  for (int k = 0; k < import_field_count(); k++) {
    if (!strcmp(import_field_name(k), zName)) return k;
  }
  return -1;
}

/* Write zText to a temporary file; its path into z. */
static void temp_map(const char *zText, char *z, size_t n) {
  snprintf(z, n, "/tmp/at-unit-map-XXXXXX");
  int fd = mkstemp(z);
  CHECK(fd >= 0);
  CHECK(write(fd, zText, strlen(zText)) == (ssize_t)strlen(zText));
  close(fd);
}

TEST(import_columns_reads_headings_samples_and_guesses_common_headings) {
  ImportOpts o = {.zFile = "rag.csv"};
  ImportColumns c;
  Buf err = BUF_INIT;
  CHECK_INT(import_columns(&o, zRag, sizeof zRag - 1, &c, &err), 0);
  CHECK_INT(c.nCol, 5);
  CHECK_STR(c.azHeading[2], "Finding");
  CHECK_STR(c.azSample[3], "31/03/2024");
  CHECK_INT(c.seed, 0);
  /* Each heading guessed as the field other councils' trackers mean by it. */
  static const char *const azWant[] = {"audit_title", "rec_ref", "recommendation",
                                       "original_target", "ia_opinion"};
  for (int k = 0; k < import_field_count(); k++) {
    int want = -1;
    for (int i = 0; i < 5; i++) {
      if (!strcmp(import_field_name(k), azWant[i])) want = i;
    }
    CHECK_INT(c.aCol[k], want);
  }
  CHECK_INT(c.nWord, 3); /* the guessed status column's words */
  CHECK_INT(c.nTitle, 3);
  import_columns_free(&c);
  /* A heading no tracker uses is left for the user; a column is guessed once. */
  static const char zOdd[] = "Engagement,Recommendation,Finding,Target\nA,B,C,31/03/2024\n";
  CHECK_INT(import_columns(&o, zOdd, sizeof zOdd - 1, &c, &err), 0);
  CHECK_INT(c.aCol[field("audit_title")], -1);
  CHECK_INT(c.aCol[field("recommendation")], 1);
  CHECK_INT(c.aCol[field("original_target")], 3);
  for (int k = 0; k < import_field_count(); k++) {
    if (k != field("recommendation")) CHECK(c.aCol[k] != 1);
  }
  import_columns_free(&c);
  buf_free(&err);
}

TEST(import_map_compose_round_trips_through_the_map_parser) {
  ImportOpts o = {.zFile = "rag.csv"};
  ImportColumns c;
  Buf err = BUF_INIT, text = BUF_INIT;
  CHECK_INT(import_columns(&o, zRag, sizeof zRag - 1, &c, &err), 0);
  int *aCol = malloc(sizeof(int) * (size_t)import_field_count());
  for (int k = 0; k < import_field_count(); k++) aCol[k] = -1;
  aCol[field("audit_title")] = 0;
  aCol[field("recommendation")] = 2;
  aCol[field("original_target")] = 3;
  aCol[field("ia_opinion")] = 4;
  CHECK_INT(import_map_compose(&c, aCol, 0, -2, 0, 0, &text, &err), 0);
  CHECK(strstr(buf_cstr(&text), "\nrecommendation = Finding\n") != 0);
  CHECK(strstr(buf_cstr(&text), "status") == 0);
  import_columns_free(&c);
  char zPath[64];
  temp_map(buf_cstr(&text), zPath, sizeof zPath);
  o.zMap = zPath;
  CHECK_INT(import_columns(&o, zRag, sizeof zRag - 1, &c, &err), 0);
  CHECK_INT(c.aCol[field("recommendation")], 2);
  CHECK_INT(c.aCol[field("owner")], -1);
  /* Green and "green." are one word; Amber is unknown too; Will Not Implement is built in. */
  CHECK_INT(c.nWord, 3);
  CHECK_INT(c.nUnknown, 2);
  CHECK_STR(c.aWord[0].zWord, "Green");
  CHECK_INT(c.aWord[0].n, 2);
  CHECK_INT(c.aWord[0].status, -1);
  CHECK_INT(c.aWord[1].status, ST_NOT_ADOPTED);
  /* Two spellings of one audit, and Payroll. */
  CHECK_INT(c.nTitle, 3);
  CHECK_STR(c.azTitleNorm[0], c.azTitleNorm[1]);
  CHECK_INT(c.anTitle[2], 2);
  int aStatus[IMPORT_WORDS_SHOWN] = {ST_IMPLEMENTED, -1, ST_IN_PROGRESS};
  const char *azMerge[] = {"Fleet Review - Core Processes", "Fleet Review: Core Processes"};
  buf_reset(&text);
  CHECK_INT(import_map_compose(&c, 0, aStatus, -2, azMerge, 1, &text, &err), 0);
  CHECK(strstr(buf_cstr(&text), "status green = implemented\n") != 0);
  CHECK(strstr(buf_cstr(&text), "status amber = in_progress\n") != 0);
  CHECK(strstr(buf_cstr(&text), "will not implement") == 0); /* its meaning unchanged */
  CHECK(strstr(buf_cstr(&text),
               "audit Fleet Review - Core Processes = Fleet Review: Core Processes\n") != 0);
  import_columns_free(&c);
  unlink(zPath);
  temp_map(buf_cstr(&text), zPath, sizeof zPath);
  CHECK_INT(import_columns(&o, zRag, sizeof zRag - 1, &c, &err), 0);
  CHECK_INT(c.nUnknown, 0);
  CHECK_INT(c.nTitle, 2); /* merged */
  CHECK_INT(c.anTitle[0], 2);
  import_columns_free(&c);
  unlink(zPath);
  free(aCol);
  buf_free(&text);
  buf_free(&err);
}

TEST(import_map_compose_refuses_what_a_map_cannot_name) {
  static const char zDup[] = "Audit,Finding,Finding\nPayroll,Reconcile,Old\n";
  ImportOpts o = {.zFile = "dup.csv"};
  ImportColumns c;
  Buf err = BUF_INIT, text = BUF_INIT;
  CHECK_INT(import_columns(&o, zDup, sizeof zDup - 1, &c, &err), 0);
  int *aCol = malloc(sizeof(int) * (size_t)import_field_count());
  for (int k = 0; k < import_field_count(); k++) aCol[k] = -1;
  aCol[field("audit_title")] = 0;
  CHECK_INT(import_map_compose(&c, aCol, 0, -2, 0, 0, &text, &err), 1);
  CHECK_STR(buf_cstr(&err), "Recommendation: choose the column that holds it\n");
  buf_reset(&err);
  aCol[field("recommendation")] = 2;
  CHECK_INT(import_map_compose(&c, aCol, 0, -2, 0, 0, &text, &err), 1);
  CHECK_STR(buf_cstr(&err),
            "Recommendation: column 3 ('Finding') has the same heading as an earlier column\n");
  buf_reset(&err);
  const char *azMerge[] = {"A = B", "C"};
  aCol[field("recommendation")] = 1;
  CHECK_INT(import_map_compose(&c, aCol, 0, -2, azMerge, 1, &text, &err), 1);
  CHECK(strstr(buf_cstr(&err), "a column map cannot name it") != 0);
  import_columns_free(&c);
  free(aCol);
  buf_free(&text);
  buf_free(&err);
}

/* The seed layout: the import's own reading, unknown opinions in progress. */
TEST(import_columns_seed_layout_is_guessed) {
  static const char zSeed[] = "audit_title,recommendation,original_due_date,ia_opinion\n"
                              "Payroll,Reconcile,2024-01-31,Outstanding\n";
  ImportOpts o = {.zFile = "seed.csv"};
  ImportColumns c;
  Buf err = BUF_INIT;
  CHECK_INT(import_columns(&o, zSeed, sizeof zSeed - 1, &c, &err), 0);
  CHECK_INT(c.seed, 1);
  CHECK_INT(c.aCol[field("original_target")], 2);
  CHECK_INT(c.aCol[field("ia_opinion")], 3);
  CHECK_INT(c.nUnknown, 0);
  CHECK_INT(c.aWord[0].status, ST_IN_PROGRESS);
  CHECK_INT(c.other, ST_IN_PROGRESS);
  import_columns_free(&c);
  buf_free(&err);
}
