/*
** import_columns.c: what the import page shows before a tracker is checked,
** and the column map it composes from the choices made there. It reads a file
** as import.c does (the same source, sheet choice, header and map: the seed
** layout's guess when there is no map), but only the header, a sample of the
** first rows and the status column: each heading, the column each field comes
** from, the distinct status words and what each means. Writes nothing and needs
** no database. Not for: checking or writing rows (import_row.c, import.c) or
** reading a map file (import_map.c).
*/
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import_int.h"

/* The signature of a header: its headings, trimmed, in lower case, one a line. */
static void heading_sig(const ImportColumns *c, char *zSig) {
  crypto_generichash_state st;
  unsigned char h[32];
  crypto_generichash_init(&st, 0, 0, sizeof h);
  for (int i = 0; i < c->nCol; i++) {
    char *z = xstrdup(c->azHeading[i]);
    for (char *p = z; *p; p++) {
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    }
    crypto_generichash_update(&st, (const unsigned char *)z, strlen(z));
    crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
    free(z);
  }
  crypto_generichash_final(&st, h, sizeof h);
  sodium_bin2hex(zSig, 65, h, sizeof h);
}

/* The row's audit title, as the map reads it, counted among the distinct ones. */
static void title_seen(ImportColumns *c, const Map *m, CsvRecord *rec) {
  int col = m->aCol[F_AUDIT_TITLE];
  if (col < 0) return;
  char *z = xstrdup(rec->azField[col]);
  import_trim(z);
  const char *zTitle = import_map_title(m, z);
  for (int i = 0; zTitle[0] && i < c->nTitle; i++) {
    if (!strcmp(c->azTitle[i], zTitle)) {
      c->anTitle[i]++;
      zTitle = "";
    }
  }
  if (zTitle[0] && c->nTitle < IMPORT_TITLES_SEEN) {
    if (!c->azTitle) {
      c->azTitle = xcalloc(IMPORT_TITLES_SEEN, sizeof(char *));
      c->azTitleNorm = xcalloc(IMPORT_TITLES_SEEN, sizeof(char *));
      c->anTitle = xcalloc(IMPORT_TITLES_SEEN, sizeof(int));
    }
    c->azTitle[c->nTitle] = xstrdup(zTitle);
    c->azTitleNorm[c->nTitle] = vocab_norm(zTitle);
    c->anTitle[c->nTitle++] = 1;
  }
  free(z);
}

/* One row after the header: samples for columns that have none yet, and the
** status column's word. */
static void row_seen(ImportColumns *c, const Map *m, CsvRecord *rec, int ord) {
  if (rec->nField != c->nCol) return;
  for (int i = 0; ord <= IMPORT_SAMPLE_ROWS && i < c->nCol; i++) {
    if (c->azSample[i][0]) continue;
    char *z = xstrdup(rec->azField[i]);
    import_trim(z);
    free(c->azSample[i]);
    c->azSample[i] = z;
  }
  title_seen(c, m, rec);
  int col = m->aCol[F_OPINION];
  if (col < 0) return;
  char *z = xstrdup(rec->azField[col]);
  import_trim(z);
  if (z[0]) {
    VocabHow how = VOCAB_UNKNOWN;
    int st = vocab_read(&m->vocab, z, &how);
    if (import_word_note(c->aWord, &c->nWord, &c->nWordMore, z, st, how)) {
      c->azNorm[c->nWord - 1] = vocab_norm(z);
      if (st < 0) c->nUnknown++;
    }
  }
  free(z);
}

/* The header into c, and the map applied to it (or the seed layout guessed). */
static void header_seen(ImportColumns *c, Map *m, const ImportOpts *o, Source *s, CsvRecord *rec) {
  c->nCol = rec->nField;
  c->azHeading = xcalloc((size_t)(c->nCol ? c->nCol : 1), sizeof(char *));
  c->azSample = xcalloc((size_t)(c->nCol ? c->nCol : 1), sizeof(char *));
  for (int i = 0; i < c->nCol; i++) {
    c->azHeading[i] = xstrdup(rec->azField[i]);
    c->azSample[i] = xstrdup("");
  }
  heading_sig(c, c->zSig);
  int isSeed = import_map_seed(m, rec, s->azSub);
  c->seed = !o->zMap && isSeed;
  if (!o->zMap) import_map_guess(m, rec, s->azSub);
  /* Unknown words are in progress only where the import reads them so: the seed
  ** layout without a map. Another layout needs a map, which gives them meaning. */
  if (!o->zMap && !isSeed) m->vocab.unknown = -1;
  if (o->zMap && !m->seed) {
    for (int k = 0; k < FIELD__MAX; k++) {
      if (!m->azHeader[k]) m->aCol[k] = -1;
    }
  }
  /* A map that names a heading the file lacks, or leaves out a required field, is
  ** shown as it can be applied: the page asks for the rest. */
  Buf e = BUF_INIT;
  if (o->zMap) (void)import_map_apply_header(m, rec, s->azSub, &e);
  buf_free(&e);
}

int import_columns(const ImportOpts *o, const char *zData, size_t n, ImportColumns *c, Buf *pErr) {
  memset(c, 0, sizeof *c);
  Map *m = xcalloc(1, sizeof *m);
  import_map_init(m, !o->zMap);
  c->pMap = m;
  c->other = -1;
  if (o->zMap && import_map_read(m, o->zMap, pErr)) {
    buf_putc(pErr, '\n');
    import_columns_free(c);
    return 2;
  }
  Source src;
  memset(&src, 0, sizeof src);
  int rc = 0;
  if (import_is_xlsx(o->zFile, zData, n)) {
    rc = import_src_open_xlsx(&src, o, m, zData, n, pErr);
    if (!rc) snprintf(c->zSheet, sizeof c->zSheet, "%s", src.zSheet);
  } else {
    src.csv = csv_open(zData, n);
  }
  CsvRecord rec;
  int got = rc ? 0 : import_src_header(&src, &rec);
  if (!rc && got <= 0) {
    buf_appendf(pErr, "%s: %s\n", o->zFile,
                got < 0 ? csv_errmsg(src.csv) : "there is no header row");
    rc = 1;
  }
  if (!rc) header_seen(c, m, o, &src, &rec);
  for (int ord = 1; !rc && (got = import_src_next(&src, &rec)) > 0; ord++) {
    row_seen(c, m, &rec, ord);
  }
  if (!rc && got < 0) {
    buf_appendf(pErr, "%s: %s\n", o->zFile, csv_errmsg(src.csv));
    rc = 1;
  }
  import_src_free(&src);
  if (rc) {
    import_columns_free(c);
    return rc;
  }
  c->aCol = xmalloc(sizeof(int) * FIELD__MAX);
  memcpy(c->aCol, m->aCol, sizeof(int) * FIELD__MAX);
  c->other = m->vocab.unknown;
  return 0;
}

void import_columns_free(ImportColumns *c) {
  for (int i = 0; i < c->nCol; i++) {
    free(c->azHeading[i]);
    free(c->azSample[i]);
  }
  free(c->azHeading);
  free(c->azSample);
  for (int i = 0; i < c->nWord; i++) free(c->azNorm[i]);
  for (int i = 0; i < c->nTitle; i++) {
    free(c->azTitle[i]);
    free(c->azTitleNorm[i]);
  }
  free(c->azTitle);
  free(c->azTitleNorm);
  free(c->anTitle);
  free(c->aCol);
  if (c->pMap) {
    import_map_free(c->pMap);
    free(c->pMap);
  }
  memset(c, 0, sizeof *c);
}

/* ---- the map the choices make ---- */

static const struct {
  unsigned bit;
  const char *zName;
} aDateStyle[] = {
    {DF_ISO, "iso"}, {DF_DMY, "dmy"}, {DF_MDY, "mdy"}, {DF_TEXT, "text"}, {DF_SEASON, "season"}};

/* "status WORD = MEANING" for a normalised word: 0, or 1 when a map line cannot
** hold it. */
static int status_line(Buf *out, const char *zNorm, int status, Buf *pErr) {
  if (!zNorm[0]) return 0; /* punctuation alone: nothing a map line can name */
  if (strlen(zNorm) > 900) {
    buf_appendf(pErr, "the status word '%.60s...' is too long for a column map\n", zNorm);
    return 1;
  }
  buf_appendf(out, "status %s = %s\n", zNorm, status_names[status]);
  return 0;
}

/* Column aCol's heading can be named in a map: 0, or 1 with the reason. */
static int heading_usable(const ImportColumns *c, int k, int col, Buf *pErr) {
  const char *z = c->azHeading[col];
  const char *zWhy = 0;
  if (!z[0]) zWhy = "has no heading";
  if (strchr(z, '#') || strchr(z, '\n') || strchr(z, '\r')) {
    zWhy = "has a heading a column map cannot name (it holds # or a line break): rename it";
  }
  for (int i = 0; !zWhy && i < col; i++) {
    if (!strcasecmp(c->azHeading[i], z)) zWhy = "has the same heading as an earlier column";
  }
  if (!zWhy) return 0;
  buf_appendf(pErr, "%s: column %d ('%s') %s\n", import_field_labels[k], col + 1, z, zWhy);
  return 1;
}

/* "audit FROM = TO": 0, or 1 when a map line cannot hold the titles. */
static int audit_line(Buf *out, const char *zFrom, const char *zTo, Buf *pErr) {
  const char *azT[2] = {zFrom, zTo};
  for (int i = 0; i < 2; i++) {
    if (strpbrk(azT[i], "=#\r\n") || strlen(azT[i]) > 400) {
      buf_appendf(pErr,
                  "Audit title: '%.80s' holds = or # (or is very long): a column map cannot "
                  "name it\n",
                  azT[i]);
      return 1;
    }
  }
  buf_appendf(out, "audit %s = %s\n", zFrom, zTo);
  return 0;
}

int import_map_compose(const ImportColumns *c, const int *aCol, const int *aStatus, int other,
                       const char *const *azMerge, int nMerge, Buf *pOut, Buf *pErr) {
  const Map *m = c->pMap;
  int rc = 0;
  if (!aCol) aCol = c->aCol;
  buf_puts(pOut, "# Column map: field = the heading of the column that holds it\n");
  for (int k = 0; k < FIELD__MAX; k++) {
    int col = aCol[k];
    if (col < 0 || col >= c->nCol) continue;
    if (heading_usable(c, k, col, pErr)) {
      rc = 1;
      continue;
    }
    buf_appendf(pOut, "%s = %s\n", import_field_names[k], c->azHeading[col]);
  }
  if (aCol[F_AUDIT_TITLE] < 0 || aCol[F_BODY] < 0) {
    buf_appendf(pErr, "%s: choose the column that holds it\n",
                import_field_labels[aCol[F_AUDIT_TITLE] < 0 ? F_AUDIT_TITLE : F_BODY]);
    rc = 1;
  }
  if (m->dateMask != DF_DEFAULT) {
    buf_puts(pOut, "dates =");
    const char *zSep = " ";
    for (size_t i = 0; i < sizeof aDateStyle / sizeof aDateStyle[0]; i++) {
      if (!(m->dateMask & aDateStyle[i].bit)) continue;
      buf_appendf(pOut, "%s%s", zSep, aDateStyle[i].zName);
      zSep = ", ";
    }
    buf_putc(pOut, '\n');
  }
  /* The map's own words, then the choices (a later line wins). */
  for (int i = 0; i < m->vocab.n; i++) {
    rc |= status_line(pOut, m->vocab.a[i].zWord, m->vocab.a[i].status, pErr);
  }
  for (int i = 0; aStatus && i < c->nWord; i++) {
    if (aStatus[i] < 0 || aStatus[i] >= STATUS__MAX) continue;
    if (aStatus[i] == c->aWord[i].status && c->aWord[i].how != VOCAB_UNKNOWN) continue;
    rc |= status_line(pOut, c->azNorm[i], aStatus[i], pErr);
  }
  for (int i = 0; i < m->nAlias; i++) {
    rc |= audit_line(pOut, m->aAlias[i].zFrom, m->aAlias[i].zTo, pErr);
  }
  for (int i = 0; i < nMerge; i++) rc |= audit_line(pOut, azMerge[2 * i], azMerge[2 * i + 1], pErr);
  if (other == -2) other = c->other;
  if (other >= 0 && other < STATUS__MAX) buf_appendf(pOut, "status * = %s\n", status_names[other]);
  return rc;
}
