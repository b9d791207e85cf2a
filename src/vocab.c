/*
** vocab.c: the words trackers use for a recommendation's status, and what each
** means: built-in English words, the phrase rules for opinions written as
** sentences, and the words a column map adds.
**
** The built-in words are the ones whose meaning does not depend on the council:
** "Complete" is implemented everywhere. Colours ("Green") and words such as
** "Outstanding" mean different things in different trackers, so they are left
** to the map. Not for: reading the map file (import_map.c) or what a status
** does to a recommendation (model.c).
*/
#include "vocab.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const vocab_how_labels[] = {"the map's word", "built-in word", "phrase in the text",
                                        "unknown word, read by the status * rule"};
_Static_assert(sizeof vocab_how_labels / sizeof vocab_how_labels[0] == VOCAB_HOW__MAX, "how");

/* The built-in words, normalised (vocab_norm). */
static const struct {
  const char *zWord;
  Status status;
} aBuiltin[] = {
    {"implemented", ST_IMPLEMENTED},
    {"fully implemented", ST_IMPLEMENTED},
    {"complete", ST_IMPLEMENTED},
    {"completed", ST_IMPLEMENTED},
    {"fully complete", ST_IMPLEMENTED},
    {"fully completed", ST_IMPLEMENTED},
    {"closed", ST_IMPLEMENTED},
    {"done", ST_IMPLEMENTED},
    {"actioned", ST_IMPLEMENTED},
    {"action completed", ST_IMPLEMENTED},
    {"100%", ST_IMPLEMENTED},
    {"in progress", ST_IN_PROGRESS},
    {"ongoing", ST_IN_PROGRESS},
    {"on going", ST_IN_PROGRESS},
    {"underway", ST_IN_PROGRESS},
    {"under way", ST_IN_PROGRESS},
    {"started", ST_IN_PROGRESS},
    {"open", ST_IN_PROGRESS},
    {"awaiting evidence", ST_IN_PROGRESS},
    {"awaiting evidence of implementation", ST_IN_PROGRESS},
    {"evidence required", ST_IN_PROGRESS},
    {"evidence required by audit", ST_IN_PROGRESS},
    {"further evidence required", ST_IN_PROGRESS},
    {"further clarification required", ST_IN_PROGRESS},
    {"awaiting verification", ST_IN_PROGRESS},
    {"partially implemented", ST_PARTIAL},
    {"partly implemented", ST_PARTIAL},
    {"part implemented", ST_PARTIAL},
    {"partial", ST_PARTIAL},
    {"partially complete", ST_PARTIAL},
    {"partially completed", ST_PARTIAL},
    {"not started", ST_NOT_STARTED},
    {"not yet started", ST_NOT_STARTED},
    {"0%", ST_NOT_STARTED},
    {"not implemented", ST_NOT_IMPLEMENTED},
    {"not yet implemented", ST_NOT_IMPLEMENTED},
    {"not yet fully implemented", ST_NOT_IMPLEMENTED},
    {"risk accepted", ST_RISK_ACCEPTED},
    {"accepted risk", ST_RISK_ACCEPTED},
    {"risk accepted by management", ST_RISK_ACCEPTED},
    {"superseded", ST_SUPERSEDED},
    {"no longer applicable", ST_SUPERSEDED},
    {"not applicable", ST_SUPERSEDED},
    {"no longer relevant", ST_SUPERSEDED},
    {"not adopted", ST_NOT_ADOPTED},
    {"will not implement", ST_NOT_ADOPTED},
    {"will not be implemented", ST_NOT_ADOPTED},
    {"not agreed", ST_NOT_ADOPTED},
    {"rejected", ST_NOT_ADOPTED},
    {"declined", ST_NOT_ADOPTED},
    {"withdrawn", ST_WITHDRAWN},
    {"no further action", ST_WITHDRAWN},
};

/* The UTF-8 punctuation trackers use that counts as a separator: no-break
** space, dashes, curly quotes, the ellipsis. Its length in bytes, or 0. */
static size_t utf8_punct(const unsigned char *z) {
  if (z[0] == 0xC2 && z[1] == 0xA0) return 2;
  if (z[0] == 0xE2 && z[1] == 0x80 && z[2] >= 0x90 && z[2] <= 0xA6) return 3;
  return 0;
}

char *vocab_norm(const char *z) {
  size_t n = strlen(z);
  char *zOut = xmalloc(n + 1);
  size_t k = 0;
  int gap = 0;
  const unsigned char *p = (const unsigned char *)z;
  while (*p) {
    size_t nPunct = utf8_punct(p);
    if (nPunct || (*p < 0x80 && !isalnum(*p) && *p != '%')) {
      gap = 1;
      p += nPunct ? nPunct : 1;
      continue;
    }
    if (gap && k && *p != '%') zOut[k++] = ' ';
    gap = 0;
    zOut[k++] = *p < 0x80 ? (char)tolower(*p) : (char)*p;
    p++;
  }
  zOut[k] = 0;
  return zOut;
}

void vocab_init(Vocab *v) {
  memset(v, 0, sizeof *v);
  v->unknown = -1;
}

void vocab_free(Vocab *v) {
  for (int i = 0; i < v->n; i++) free(v->a[i].zWord);
  free(v->a);
  vocab_init(v);
}

int vocab_add(Vocab *v, const char *zWord, const char *zMeaning, Buf *err) {
  int s = status_from_name(zMeaning);
  if (s < 0) {
    buf_appendf(err, "status '%s': '%s' is not a status (one of", zWord, zMeaning);
    for (int i = 0; i < STATUS__MAX; i++) buf_appendf(err, "%s %s", i ? "," : "", status_labels[i]);
    buf_putc(err, ')');
    return 1;
  }
  if (!strcmp(zWord, "*")) {
    v->unknown = s;
    return 0;
  }
  char *zNorm = vocab_norm(zWord);
  if (!zNorm[0]) {
    buf_appendf(err, "status '%s': a word needs a letter or a digit", zWord);
    free(zNorm);
    return 1;
  }
  if (v->n >= VOCAB_MAX_WORDS) {
    buf_appendf(err, "at most %d status words", VOCAB_MAX_WORDS);
    free(zNorm);
    return 1;
  }
  v->a = xrealloc(v->a, sizeof(VocabWord) * (size_t)(v->n + 1));
  v->a[v->n].zWord = zNorm;
  v->a[v->n].status = s;
  v->n++;
  return 0;
}

/* Case-insensitive search for zNeedle in z. */
static int has_word(const char *z, const char *zNeedle) { return strcasestr(z, zNeedle) != 0; }

/* z starts with zWord followed by nothing, a space or punctuation (any case). */
static int starts_with_word(const char *z, const char *zWord) {
  size_t n = strlen(zWord);
  return !strncasecmp(z, zWord, n) && !isalnum((unsigned char)z[n]);
}

/* A status phrase inside longer text, as opinions are written: -1 if none. */
static int phrase_status(const char *z) {
  const char *p = z;
  while (*p && isspace((unsigned char)*p)) p++;
  /* "Risk accepted: ...": a status label and a colon, as `auditrack export` writes
  ** an opinion whose text alone would read as another status. */
  for (int i = 0; i < STATUS__MAX; i++) {
    size_t n = strlen(status_labels[i]);
    if (!strncasecmp(p, status_labels[i], n) && p[n] == ':') return i;
  }
  if (has_word(z, "not implemented") || has_word(z, "not yet fully implemented") ||
      has_word(z, "not yet implemented"))
    return ST_NOT_IMPLEMENTED;
  if (has_word(z, "partially implemented") || has_word(z, "partly implemented") ||
      has_word(z, "in-complete") || has_word(z, "incomplete"))
    return ST_PARTIAL;
  if (has_word(z, "risk accepted")) return ST_RISK_ACCEPTED;
  if (has_word(z, "superseded")) return ST_SUPERSEDED;
  if (has_word(z, "not adopted")) return ST_NOT_ADOPTED;
  if (has_word(z, "not started")) return ST_NOT_STARTED;
  /* "Implemented", "Fully implemented", "Implemented - ..." but not "to be implemented". */
  if (!strncasecmp(p, "implemented", 11) || !strncasecmp(p, "fully implemented", 17)) {
    return ST_IMPLEMENTED;
  }
  if (starts_with_word(p, "withdrawn")) return ST_WITHDRAWN;
  return -1;
}

static int builtin_status(const char *zNorm) {
  for (size_t i = 0; i < sizeof aBuiltin / sizeof aBuiltin[0]; i++) {
    if (!strcmp(aBuiltin[i].zWord, zNorm)) return (int)aBuiltin[i].status;
  }
  return -1;
}

int vocab_read(const Vocab *v, const char *z, VocabHow *pHow) {
  char *zNorm = vocab_norm(z);
  int s = -1;
  VocabHow how = VOCAB_MAP;
  for (int i = v->n - 1; i >= 0 && s < 0; i--) {
    if (!strcmp(v->a[i].zWord, zNorm)) s = v->a[i].status;
  }
  if (s < 0 && (s = builtin_status(zNorm)) >= 0) how = VOCAB_BUILTIN;
  free(zNorm);
  if (s < 0 && (s = phrase_status(z)) >= 0) how = VOCAB_PHRASE;
  if (s < 0 && (s = v->unknown) >= 0) how = VOCAB_UNKNOWN;
  if (pHow) *pHow = how;
  return s;
}

void vocab_builtin_list(Buf *out) {
  for (size_t i = 0; i < sizeof aBuiltin / sizeof aBuiltin[0]; i++) {
    buf_appendf(out, "%s = %s\n", aBuiltin[i].zWord, status_labels[aBuiltin[i].status]);
  }
}

Status status_from_text(const char *z) {
  Vocab v;
  vocab_init(&v);
  v.unknown = ST_IN_PROGRESS;
  return (Status)vocab_read(&v, z, 0);
}
