/*
** vocab.h: the words a tracker uses for a recommendation's status ("Complete",
** "Will Not Implement", "Partially implemented") and the Status each means.
**
** A cell is read in this order: the words a column map adds (`status WORD =
** MEANING`), the built-in words, the phrase rules (a status phrase inside a
** longer opinion: "IA remark: Partially implemented", "Implemented - process
** updated"), and last the map's meaning for unknown words (`status * =
** MEANING`). A cell none of these reads is unknown, and the import says so.
** Words are compared whole, after vocab_norm(). Not for: reading the map file
** (import_map.c) or what a status does (model.c).
*/
#ifndef AT_VOCAB_H
#define AT_VOCAB_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/* How a cell's status was found. */
typedef enum VocabHow {
  VOCAB_MAP,     /* a word the map added */
  VOCAB_BUILTIN, /* a built-in word */
  VOCAB_PHRASE,  /* a status phrase inside longer text */
  VOCAB_UNKNOWN, /* not known: the map's meaning for unknown words */
  VOCAB_HOW__MAX
} VocabHow;
extern const char *const vocab_how_labels[]; /* VOCAB_HOW__MAX: "map", "built-in word" ... */

#define VOCAB_MAX_WORDS 1000 /* words one map may add */

typedef struct VocabWord {
  char *zWord; /* normalised */
  int status;
} VocabWord;

typedef struct Vocab {
  VocabWord *a; /* the map's words, in the map's order; a later one wins */
  int n;
  int unknown; /* the Status unknown words get, or -1: an unknown word is an error */
} Vocab;

void vocab_init(Vocab *v); /* no words of its own; unknown words are errors */
void vocab_free(Vocab *v);
/* Add "status WORD = MEANING": zWord as the tracker writes it ("*" for every
** unknown word), zMeaning a status name or label ("in progress", "implemented").
** 0, or 1 with the reason in err (v unchanged). */
int vocab_add(Vocab *v, const char *zWord, const char *zMeaning, Buf *err);
/* The status cell z means: its Status, with how it was found in *pHow; or -1
** when nothing reads it and v gives unknown words no meaning. */
int vocab_read(const Vocab *v, const char *z, VocabHow *pHow);
/* z as words are compared: lower case, each run of spaces and punctuation
** (dashes, quotes, full stops ...) one space, none at either end, none before
** '%'. Returns a malloc'd string. */
char *vocab_norm(const char *z);
/* One line per built-in word and its meaning, for the documentation's test. */
void vocab_builtin_list(Buf *out);

/* Read a tracker's free-text opinion as the seed layout reads it: the built-in
** words and phrases, and anything else in progress. */
Status status_from_text(const char *z);

#endif
