/*
** model_stated.c: the figures a committee paper stated for its cycle ("81 overdue",
** "2 Essential overdue"), as words: the kinds a cycle may record and how a sentence
** names one. Not for: storing them (store_cycle.c), recording them (act_cycle_state)
** or comparing them with the register (report_stated.c).
*/
#include <string.h>
#include <strings.h>

#include "model.h"

static const struct {
  const char *zName, *zWords;
} aKind[] = {
    {"open", "open"},
    {"overdue", "overdue"},
    {"not_yet_due", "not yet due"},
    {"implemented", "implemented"},
};
_Static_assert(sizeof aKind / sizeof aKind[0] == STATED__MAX, "a name per kind");

const char *stated_kind_name(StatedKind k) { return aKind[k].zName; }
const char *stated_kind_words(StatedKind k) { return aKind[k].zWords; }

int stated_kind_from_name(const char *z) {
  for (int k = 0; z && k < STATED__MAX; k++) {
    if (!strcasecmp(z, aKind[k].zName) || !strcasecmp(z, aKind[k].zWords)) return k;
  }
  return -1;
}

void stated_words(Buf *b, const Stated *x, long long value) {
  buf_appendf(b, "%lld ", value);
  if (x->zRisk && x->zRisk[0]) buf_appendf(b, "%s ", x->zRisk);
  buf_puts(b, aKind[x->kind].zWords);
  if (x->zBand && x->zBand[0]) buf_appendf(b, " %s", x->zBand);
}
