/*
** model_fields.c: the recommendation's plain text fields (rec_fields.h's one row
** per field) as a table: finding a field by its `rec set` name, reading and
** writing it in a Rec, and the list `rec set --help` prints. Not for: SQL (the
** store reads the same rows) or the policy and the as-at engine (model.c).
*/
#include <stddef.h>
#include <string.h>

#include "model.h"

const RecField rec_fields[] = {
#define REC_FORM(place, name, ask, hint, need, limit, rows)                                        \
  { place, name, ask, hint, need, limit, rows }
#define REC_NO_FORM                                                                                \
  { 0 }
#define REC_F_ROW(id, member, column, select, set, api, header, required, seed, detail, label,     \
                  line, form)                                                                      \
  {column, set, api, header, offsetof(Rec, member), required, seed, detail, label, line, form},
    REC_TEXT_FIELDS(REC_F_ROW)
#undef REC_F_ROW
#undef REC_FORM
#undef REC_NO_FORM
};
_Static_assert(sizeof rec_fields / sizeof rec_fields[0] == REC_FIELD__MAX, "rec_fields");

int rec_field_find(const char *zName) {
  for (int i = 0; i < REC_FIELD__MAX; i++) {
    if (rec_fields[i].zSet && !strcmp(rec_fields[i].zSet, zName)) return i;
  }
  return -1;
}

const char *rec_field_get(const Rec *r, RecFieldId f) {
  return *(char *const *)((const char *)r + rec_fields[f].offset);
}

void rec_field_put(Rec *r, RecFieldId f, const char *z) {
  char *zText = (char *)z; /* Rec's members are not const: loaded Recs own their text */
  memcpy((char *)r + rec_fields[f].offset, &zText, sizeof zText);
}

void rec_fields_help(Buf *out) {
  for (int i = 0; i < REC_FIELD__MAX; i++) {
    if (rec_fields[i].zSet) buf_appendf(out, "  %s\n", rec_fields[i].zSet);
  }
  buf_puts(out, "  confidential (0 or 1)\n  risk (a rating code)\n");
}
