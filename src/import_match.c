/*
** import_match.c: refreshing a tracker already in the register. Each row of the
** file is matched to a recommendation: by auditrack's own id column
** (auditrack_id, as `auditrack export` writes it), else by audit and reference,
** else by audit and similar text, unless a match file says otherwise; then a
** matched row records only what changed (a revised target, an update, an
** opinion), dated on the tracker's date, so that every report as at an earlier
** date is as it was. The register is read once, in the import's transaction,
** before any row is written. The rules are in docs/import.md ("Refreshing a
** tracker").
** Not for: reading the row (import_row.c), the run and its transaction
** (import.c) or what a status word means (model.c).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "import_int.h"
#include "store.h"

/* Text at least this alike (shared words over all words, see import_likeness) matches
** a recommendation of the same audit when no other is as alike. */
#define MATCH_TEXT_PCT 50

typedef enum How { HOW_NEW, HOW_ID, HOW_REF, HOW_TEXT, HOW_FILE } How;

typedef struct RowMatch {
  int idx;           /* index into the register's set, or -1: a new recommendation */
  How how;           /* why */
  int pct;           /* HOW_TEXT: likeness in per cent (100: the same text) */
  long long auditId; /* a new row: the register's audit of the same title, or 0 */
  char *zWhy;        /* a new row: why nothing matched (heap) */
  int noteId;        /* the row's auditrack_id named no recommendation of its audit */
} RowMatch;

typedef struct FileMatch {
  long row;
  long long id; /* 0: new */
  int used;
} FileMatch;

struct Refresh {
  RecSet set;
  char **azAudit; /* each recommendation's audit title, normalised */
  int *aHead;     /* hash of normalised audit titles: first index + 1 */
  int *aNext;     /* the next index + 1 with the same hash */
  int nSlot;
  unsigned char *aClaimed;  /* per recommendation: a row has it */
  unsigned char *aAuditHit; /* per recommendation: a row matched one of its audit */
  RowMatch *aRow;           /* by row ordinal - 1 */
  int nRow, nRowAlloc;
  FileMatch *aFile;
  int nFile;
  int active; /* some row matched: this is a refresh */
  Buf out;
};

/* ---- normalised text ---- */

/* z in lower case with every run of characters other than ASCII letters and
** digits (and UTF-8 bytes, kept as they are) as one space, trimmed. Heap. */
static char *norm(const char *z) {
  size_t n = z ? strlen(z) : 0, j = 0;
  char *o = xmalloc(n + 1);
  int gap = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)z[i];
    if (isalnum(c) || c >= 0x80) {
      if (gap && j) o[j++] = ' ';
      gap = 0;
      o[j++] = (char)(c < 0x80 ? tolower(c) : c);
    } else {
      gap = 1;
    }
  }
  o[j] = 0;
  return o;
}

static unsigned long hash_str(const char *z) {
  unsigned long h = 2166136261u;
  for (; *z; z++) h = (h ^ (unsigned char)*z) * 16777619u;
  return h;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct words of three characters or more of normalised text zNorm
** (modified in place), sorted. Returns how many; *paz is heap (the words point
** into zNorm). */
static int words(char *zNorm, char ***paz) {
  int n = 0, nAlloc = 16;
  char **az = xmalloc(sizeof(char *) * (size_t)nAlloc);
  for (char *z = zNorm; *z;) {
    char *e = strchr(z, ' ');
    if (e) *e = 0;
    if (strlen(z) >= 3) {
      if (n == nAlloc) az = xrealloc(az, sizeof(char *) * (size_t)(nAlloc *= 2));
      az[n++] = z;
    }
    if (!e) break;
    z = e + 1;
  }
  qsort(az, (size_t)n, sizeof(char *), cmp_str);
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (!m || strcmp(az[m - 1], az[i])) az[m++] = az[i];
  }
  *paz = az;
  return m;
}

/* How alike two texts are, in per cent: the words they share over the words of
** either (three characters or more, any case, punctuation aside); 100 when the
** normalised texts are the same. */
int import_likeness(const char *zA, const char *zB) {
  char *a = norm(zA), *b = norm(zB);
  int pct;
  if (!strcmp(a, b)) {
    pct = 100;
  } else {
    char **azA, **azB;
    int nA = words(a, &azA), nB = words(b, &azB), i = 0, j = 0, both = 0;
    while (i < nA && j < nB) {
      int c = strcmp(azA[i], azB[j]);
      if (!c)
        both++, i++, j++;
      else if (c < 0)
        i++;
      else
        j++;
    }
    int all = nA + nB - both;
    pct = all ? (int)((100L * both) / all) : 0;
    if (pct == 100) pct = 99; /* the same words, not the same text */
    free(azA);
    free(azB);
  }
  free(a);
  free(b);
  return pct;
}

/* ---- the register ---- */

int import_id_column(const CsvRecord *hdr) {
  for (int c = 0; c < hdr->nField; c++) {
    const char *z = hdr->azField[c];
    while (isspace((unsigned char)*z)) z++;
    size_t n = strlen(z);
    while (n && isspace((unsigned char)z[n - 1])) n--;
    if (n == 12 && !strncasecmp(z, "auditrack_id", 12)) return c;
  }
  return -1;
}

/* The first recommendation (index + 1) of the audit titled zNorm, or 0; walk
** on with rf->aNext. */
static int audit_first(const struct Refresh *rf, const char *zNorm) {
  int i = rf->aHead[hash_str(zNorm) & (unsigned long)(rf->nSlot - 1)];
  while (i && strcmp(rf->azAudit[i - 1], zNorm)) i = rf->aNext[i - 1];
  return i;
}

static int audit_next(const struct Refresh *rf, int i) {
  const char *z = rf->azAudit[i - 1];
  for (i = rf->aNext[i - 1]; i && strcmp(rf->azAudit[i - 1], z); i = rf->aNext[i - 1]) {
  }
  return i;
}

/* Read a match file: "ROW = ID" or "ROW = new" per line, # comments. 0, or 2
** with the reason. */
static int matches_read(Imp *im, struct Refresh *rf, const char *zPath) {
  FILE *f = fopen(zPath, "r");
  if (!f) {
    buf_appendf(im->pErr, "cannot read the match file %s\n", zPath);
    return 2;
  }
  char zLine[256];
  int lineNo = 0, rc = 0;
  char *zKey, *zVal, *zEnd;
  while (!rc && import_conf_line(f, zLine, sizeof zLine, &lineNo, &zKey, &zVal)) {
    long row = 0;
    long long id = -1;
    if (zVal) {
      row = strtol(zKey, &zEnd, 10);
      if (*zEnd || row <= 0) row = 0;
      if (!strcasecmp(zVal, "new")) {
        id = 0;
      } else {
        id = strtoll(zVal, &zEnd, 10);
        if (*zEnd || id <= 0) id = -1;
      }
    }
    if (!row || id < 0) {
      buf_appendf(im->pErr, "%s:%d: expected 'ROW = ID' or 'ROW = new'\n", zPath, lineNo);
      rc = 2;
    } else if (id && !recset_find(&rf->set, id)) {
      buf_appendf(im->pErr, "%s:%d: there is no recommendation %lld\n", zPath, lineNo, id);
      rc = 2;
    }
    for (int i = 0; !rc && i < rf->nFile; i++) {
      if (rf->aFile[i].row == row || (id && rf->aFile[i].id == id)) {
        buf_appendf(im->pErr, "%s:%d: row %ld or recommendation %lld is matched twice\n", zPath,
                    lineNo, row, id);
        rc = 2;
      }
    }
    if (rc) break;
    rf->aFile = xrealloc(rf->aFile, sizeof(FileMatch) * (size_t)(rf->nFile + 1));
    rf->aFile[rf->nFile].row = row;
    rf->aFile[rf->nFile].id = id;
    rf->aFile[rf->nFile++].used = 0;
    if (id) rf->aClaimed[recset_find(&rf->set, id) - rf->set.a] = 1;
  }
  fclose(f);
  return rc;
}

/* Read the register, in the import's transaction, before any row is written.
** An empty register means a fresh import: im->pRefresh stays NULL. 0, 1 when
** the database cannot be read, 2 for a bad match file. */
int import_refresh_begin(Imp *im) {
  RecSet set;
  if (store_load(im->db, 0, 1, DAY_NONE, &set)) {
    buf_appendf(im->pErr, "%s\n", db_errmsg(im->db));
    return 1;
  }
  if (set.n == 0 && !im->o->zMatches) {
    recset_free(&set);
    return 0;
  }
  struct Refresh *rf = xcalloc(1, sizeof *rf);
  rf->set = set;
  int n = set.n;
  rf->azAudit = xcalloc((size_t)n + 1, sizeof(char *));
  rf->aNext = xcalloc((size_t)n + 1, sizeof(int));
  rf->aClaimed = xcalloc((size_t)n + 1, 1);
  rf->aAuditHit = xcalloc((size_t)n + 1, 1);
  for (rf->nSlot = 64; rf->nSlot < 2 * n; rf->nSlot *= 2) {
  }
  rf->aHead = xcalloc((size_t)rf->nSlot, sizeof(int));
  /* Backwards, so that each chain runs in id order. */
  for (int i = n - 1; i >= 0; i--) {
    rf->azAudit[i] = norm(set.a[i].zAuditTitle);
    unsigned long k = hash_str(rf->azAudit[i]) & (unsigned long)(rf->nSlot - 1);
    rf->aNext[i] = rf->aHead[k];
    rf->aHead[k] = i + 1;
  }
  im->pRefresh = rf;
  if (im->o->zMatches) return matches_read(im, rf, im->o->zMatches);
  return 0;
}

void import_refresh_free(Imp *im) {
  struct Refresh *rf = im->pRefresh;
  if (!rf) return;
  for (int i = 0; i < rf->set.n; i++) free(rf->azAudit[i]);
  for (int i = 0; i < rf->nRow; i++) free(rf->aRow[i].zWhy);
  free(rf->azAudit);
  free(rf->aNext);
  free(rf->aHead);
  free(rf->aClaimed);
  free(rf->aAuditHit);
  free(rf->aRow);
  free(rf->aFile);
  buf_free(&rf->out);
  recset_free(&rf->set);
  free(rf);
  im->pRefresh = 0;
}

/* ---- matching (a first pass over the rows, before any is written) ---- */

static RowMatch *row_slot(struct Refresh *rf, int ord) {
  if (ord > rf->nRow) {
    if (ord > rf->nRowAlloc) {
      rf->nRowAlloc = ord > 2 * rf->nRowAlloc ? ord : 2 * rf->nRowAlloc;
      rf->aRow = xrealloc(rf->aRow, sizeof(RowMatch) * (size_t)rf->nRowAlloc);
    }
    for (int i = rf->nRow; i < ord; i++) {
      memset(&rf->aRow[i], 0, sizeof rf->aRow[i]);
      rf->aRow[i].idx = -1;
    }
    rf->nRow = ord;
  }
  return &rf->aRow[ord - 1];
}

/* The row's auditrack_id when it names a recommendation of the row's audit that
** no other row has: its index, else -1 (*pNote set when an id was given). */
static int match_id(Imp *im, struct Refresh *rf, const char *zAudit, int *pNote) {
  if (im->idCol < 0 || im->idCol >= im->nField) return -1;
  char *zEnd;
  const char *z = im->az[im->idCol];
  while (isspace((unsigned char)*z)) z++;
  if (!*z) return -1;
  long long id = strtoll(z, &zEnd, 10);
  while (isspace((unsigned char)*zEnd)) zEnd++;
  const Rec *r = *zEnd || id <= 0 ? 0 : recset_find(&rf->set, id);
  int i = r ? (int)(r - rf->set.a) : -1;
  if (i < 0 || rf->aClaimed[i] || strcmp(rf->azAudit[i], zAudit)) {
    *pNote = 1;
    return -1;
  }
  return i;
}

/* Propose a match for the current row (ordinal ord, as import_row counts). */
void import_refresh_scan(Imp *im, int ord) {
  struct Refresh *rf = im->pRefresh;
  if (!rf) return;
  RowMatch *m = row_slot(rf, ord);
  for (int k = 0; k < rf->nFile; k++) {
    FileMatch *fm = &rf->aFile[k];
    if (fm->row != im->row) continue;
    fm->used = 1;
    if (fm->id) {
      m->idx = (int)(recset_find(&rf->set, fm->id) - rf->set.a);
      m->how = HOW_FILE;
    } else {
      m->zWhy = xstrdup("the match file says new");
    }
    return;
  }
  const char *zTitle = import_val(im, F_AUDIT_TITLE), *zText = import_val(im, F_BODY);
  if (!zTitle || !zText) return; /* a problem the second pass reports */
  char *zAudit = norm(zTitle);
  int first = audit_first(rf, zAudit);
  if (first) m->auditId = rf->set.a[first - 1].auditId;
  int i = match_id(im, rf, zAudit, &m->noteId);
  if (i >= 0) {
    m->idx = i, m->how = HOW_ID;
    rf->aClaimed[i] = 1;
    free(zAudit);
    return;
  }
  const char *zRef = import_val(im, F_REF);
  char *zRefN = zRef ? norm(zRef) : 0;
  int nRef = 0, iRef = -1, best = -1, iBest = -1, tie = 0;
  for (int j = first; j; j = audit_next(rf, j)) {
    const Rec *r = &rf->set.a[j - 1];
    if (rf->aClaimed[j - 1]) continue;
    if (zRefN && zRefN[0] && r->zRef) {
      char *z = norm(r->zRef);
      if (!strcmp(z, zRefN)) nRef++, iRef = j - 1;
      free(z);
    }
  }
  if (nRef == 1) {
    m->idx = iRef, m->how = HOW_REF;
  } else {
    for (int j = first; j; j = audit_next(rf, j)) {
      if (rf->aClaimed[j - 1]) continue;
      int pct = import_likeness(zText, rf->set.a[j - 1].zBody);
      /* Several with the row's very text: the first (lowest id), so that rows
      ** repeated in the file take repeated recommendations in order. */
      if (pct > best)
        best = pct, iBest = j - 1, tie = 0;
      else if (pct == best && pct < 100)
        tie = 1;
    }
    if (best >= MATCH_TEXT_PCT && !tie) {
      m->idx = iBest, m->how = HOW_TEXT, m->pct = best;
    } else {
      Buf b = BUF_INIT;
      if (!first)
        buf_appendf(&b, "audit '%s' is not in the register", zTitle);
      else if (best < 0)
        buf_appendf(&b, "every recommendation of audit '%s' is matched to another row", zTitle);
      else if (best >= MATCH_TEXT_PCT)
        buf_appendf(&b, "two recommendations of audit '%s' are %d%% alike", zTitle, best);
      else
        buf_appendf(&b, "no recommendation of audit '%s' has its reference or text (best %d%%)",
                    zTitle, best);
      m->zWhy = buf_steal(&b);
    }
  }
  if (m->idx >= 0) rf->aClaimed[m->idx] = 1;
  free(zRefN);
  free(zAudit);
}

/* After the first pass: the import is a refresh when any row matched. A match
** file row that is not in the file is refused. 0, or 2. */
int import_refresh_decide(Imp *im) {
  struct Refresh *rf = im->pRefresh;
  if (!rf) return 0;
  for (int k = 0; k < rf->nFile; k++) {
    if (!rf->aFile[k].used) {
      buf_appendf(im->pErr, "%s: the match file names row %ld, which the file does not have\n",
                  im->o->zMatches, rf->aFile[k].row);
      return 2;
    }
  }
  for (int i = 0; i < rf->nRow && !rf->active; i++) rf->active = rf->aRow[i].idx >= 0;
  if (!rf->active) return 0;
  im->res->refresh = 1;
  /* The audits (by title) that rows matched into: their other open
  ** recommendations are listed as missing. */
  for (int i = 0; i < rf->nRow; i++) {
    int x = rf->aRow[i].idx;
    if (x < 0 || rf->aAuditHit[x]) continue;
    for (int j = audit_first(rf, rf->azAudit[x]); j; j = audit_next(rf, j)) {
      rf->aAuditHit[j - 1] = 1;
    }
  }
  return 0;
}

int import_refreshing(const Imp *im) { return im->pRefresh && im->pRefresh->active; }

/* A new row's audit in a refresh: the register's audit of the same title. */
long long import_refresh_audit(Imp *im, int ord) {
  struct Refresh *rf = im->pRefresh;
  if (!rf || !rf->active || ord < 1 || ord > rf->nRow) return 0;
  return rf->aRow[ord - 1].auditId;
}

/* ---- what a matched row changes (the second pass) ---- */

/* The same text, runs of blanks aside; two NULLs are the same. */
static int same_text(const char *a, const char *b) {
  if (!a || !b) return !a && !b;
  for (;;) {
    while (isspace((unsigned char)*a) && (a[1] == 0 || isspace((unsigned char)a[1]))) a++;
    while (isspace((unsigned char)*b) && (b[1] == 0 || isspace((unsigned char)b[1]))) b++;
    if (!*a || !*b) return !*a && !*b;
    if (isspace((unsigned char)*a) && isspace((unsigned char)*b)) {
      a++, b++;
      continue;
    }
    if (*a != *b) return 0;
    a++, b++;
  }
}

static int withheld(const char *z) { return z && strstr(z, "detail withheld") != 0; }

/* Is z one of r's updates, as stored or as an export prefixes it ("June 2022:
** text", "2024-05-01: text")? */
static int update_known(const Rec *r, const char *z) {
  for (int i = 0; i < r->nProg; i++) {
    const Progress *u = &r->aProg[i];
    if (same_text(u->zText, z)) return 1;
    char zD[DAY_FMT_MAX];
    Buf b = BUF_INIT;
    buf_appendf(&b, "%s: %s", u->zCycle ? u->zCycle : day_fmt(u->on, DAY_ISO, zD),
                u->zText ? u->zText : "");
    int same = same_text(buf_cstr(&b), z);
    buf_free(&b);
    if (same) return 1;
  }
  return 0;
}

/* Does the row's opinion say what the register's latest one says? The text may
** be as stored or as an export writes it ("Implemented: text", the status alone
** when there is no text). */
static int opinion_same(const Opinion *have, const Opinion *row) {
  if (!have || have->status != row->status || !same_text(have->zNext, row->zNext)) return 0;
  if (same_text(have->zText, row->zText) || withheld(row->zText)) return 1;
  const char *zLabel = status_labels[have->status];
  if (!have->zText) return row->zText && !strcasecmp(row->zText, zLabel);
  if (!row->zText) return 0;
  Buf b = BUF_INIT;
  buf_appendf(&b, "%s: %s", zLabel, have->zText);
  int same = same_text(buf_cstr(&b), row->zText);
  buf_free(&b);
  return same;
}

static void note(Buf *b, const char *z) {
  if (b->n) buf_puts(b, "; ");
  buf_puts(b, z);
}

/* ---- a returned workbook (--review): the services' word waits for internal audit ---- */

/* What only internal audit records, listed for it on the row's line and counted. */
static void left_for_audit(Imp *im, Buf *pChg, const char *zWhat) {
  Buf b = BUF_INIT;
  buf_appendf(&b, "left for internal audit: %s", zWhat);
  note(pChg, buf_cstr(&b));
  buf_free(&b);
  im->res->nLeft++;
}

/* Where a queued submission came from, as its card says: the file's name and the row. */
static void returned_from(const Imp *im, char *z, size_t n) {
  const char *zFile = im->o->zFile ? im->o->zFile : "";
  const char *zBase = strrchr(zFile, '/');
  snprintf(z, n, "From the returned tracker %s, row %ld", zBase ? zBase + 1 : zFile, im->row);
}

/* A submission of this row for recommendation recId, sent by whoever imports it,
** its reason (where it came from) written into zFrom. */
static void returned_sub(const Imp *im, long long recId, SubKind kind, Day on, Submission *x,
                         char *zFrom, size_t n) {
  returned_from(im, zFrom, n);
  memset(x, 0, sizeof *x);
  x->recId = recId;
  x->kind = kind;
  x->on = on;
  x->target = DAY_NONE;
  x->zReason = zFrom;
  x->userId = im->o->userId;
  x->zAuthor = (char *)im->o->zActor;
}

/* Journal a submission the import queued: the entry an owner's would have, with
** the import's file. 0, or 1 with the reason in pErr. */
static int review_journal(Imp *im, long long recId, const char *zAction, Buf *pDetail) {
  Buf e = BUF_INIT;
  Actor who = {im->o->zActor, im->o->userId};
  buf_puts(pDetail, ",\"file\":");
  buf_json_str(pDetail, im->o->zFile ? im->o->zFile : "");
  buf_putc(pDetail, '}');
  int rc = act_journal(im->db, &who, zAction, "rec", recId, buf_cstr(pDetail), &e) ? 1 : 0;
  if (rc) buf_appendf(im->pErr, "%s\n", buf_cstr(&e));
  buf_free(&e);
  return rc;
}

/* Update u (a changed update of r) waits in the review queue, as if the owner had
** submitted it; on a closed recommendation it is left for internal audit. zWhat
** describes it. 0, or 1 on a store error. */
static int review_update(Imp *im, const Rec *r, const RecState *st, const Progress *u,
                         const char *zWhat, Buf *pChg) {
  Buf b = BUF_INIT;
  if (!st->open) {
    buf_appendf(&b, "%s (the recommendation is closed)", zWhat);
    left_for_audit(im, pChg, buf_cstr(&b));
    buf_free(&b);
    return 0;
  }
  int rc = 0;
  if (!im->o->dryRun) {
    Progress p = *u;
    p.zAuthor = (char *)im->o->zActor;
    long long progId = 0, subId = 0;
    char zFrom[300];
    Submission x;
    returned_sub(im, r->id, SUBK_UPDATE, p.on, &x, zFrom, sizeof zFrom);
    rc = store_progress_add(im->db, r->id, &p, &progId);
    x.progressId = progId;
    if (!rc) rc = store_sub_add(im->db, &x, &subId);
    if (rc) {
      buf_free(&b);
      return 1;
    }
    char zD[DAY_FMT_MAX];
    buf_appendf(&b, "{\"on\":\"%s\",\"text\":", day_fmt(p.on, DAY_ISO, zD));
    buf_json_str(&b, p.zText);
    if (p.percent >= 0) buf_appendf(&b, ",\"percent\":%d", p.percent);
    buf_appendf(&b, ",\"submission\":%lld", subId);
    rc = review_journal(im, r->id, "rec.update", &b);
    buf_reset(&b);
  }
  im->res->nQueued++;
  buf_appendf(&b, "%s queued for review", zWhat);
  note(pChg, buf_cstr(&b));
  buf_free(&b);
  return rc;
}

/* Has r a date request for target already (waiting, refused or approved)? Then a
** returned workbook read again does not ask again. 0 or 1; -1 on a store error. */
static int date_asked(Imp *im, const Rec *r, Day target) {
  Submission *a;
  int n, seen = 0;
  if (store_sub_list(im->db, r->id, &a, &n)) return -1;
  for (int i = 0; i < n; i++) seen |= a[i].kind == SUBK_DATE && a[i].target == target;
  store_subs_free(a, n);
  return seen;
}

/* A target t the services give on day on is later than r's current one (or gives a
** date to one to be confirmed): what an owner may ask for, not only internal audit. */
static int target_later(const RecState *st, Day on, Day t) {
  return t != DAY_NONE && t >= on && (st->currentTarget == DAY_NONE || t > st->currentTarget);
}

/* The row's current target t differs from r's: a later date (or a date for a
** target to be confirmed) waits for internal audit's decision as an owner's
** date request does; anything else only internal audit records. 0, or 1 on a
** store error. */
static int review_date(Imp *im, const Rec *r, const RecState *st, Day on, Day t, const char *zText,
                       Buf *pChg) {
  char zD[DAY_FMT_MAX], zCur[DAY_FMT_MAX];
  Buf b = BUF_INIT;
  int later = target_later(st, on, t);
  int asked = later && st->open ? date_asked(im, r, t) : 0;
  if (asked < 0) return 1;
  buf_appendf(&b, "target %s", t == DAY_NONE ? "TBC" : day_fmt(t, DAY_UK, zD));
  if (!st->open) {
    buf_puts(&b, " (the recommendation is closed)");
  } else if (!later) {
    buf_appendf(&b, " (not a date after the current %s: internal audit revises targets)",
                st->currentTarget == DAY_NONE ? "TBC" : day_fmt(st->currentTarget, DAY_UK, zCur));
  }
  if (!st->open || !later) {
    left_for_audit(im, pChg, buf_cstr(&b));
    buf_free(&b);
    return 0;
  }
  if (asked) {
    buf_appendf(&b, " already asked for");
    note(pChg, buf_cstr(&b));
    buf_free(&b);
    return 0;
  }
  int rc = 0;
  if (!im->o->dryRun) {
    char zFrom[300];
    Submission x;
    returned_sub(im, r->id, SUBK_DATE, on, &x, zFrom, sizeof zFrom);
    x.target = t;
    x.zTargetText = (char *)(zText ? zText : day_fmt(t, DAY_ISO, zD));
    long long subId = 0;
    if (store_sub_add(im->db, &x, &subId)) {
      buf_free(&b);
      return 1;
    }
    Buf j = BUF_INIT;
    buf_appendf(&j, "{\"on\":\"%s\",\"target\":", day_fmt(on, DAY_ISO, zD));
    buf_json_str(&j, x.zTargetText);
    buf_puts(&j, ",\"reason\":");
    buf_json_str(&j, zFrom);
    buf_appendf(&j, ",\"submission\":%lld", subId);
    rc = review_journal(im, r->id, "rec.request-date", &j);
    buf_free(&j);
  }
  im->res->nDateReq++;
  buf_puts(&b, ": date request queued for review");
  note(pChg, buf_cstr(&b));
  buf_free(&b);
  return rc;
}

/* Record what row w says that the register's recommendation r does not as at
** the tracker's date: its current target, its updates, internal audit's
** opinion; each dated on the tracker's date (nothing on a dry run). The changes
** are described in pChg. 0, or 1 on a store error. */
static int refresh_changes(Imp *im, RowIn *w, const Rec *r, Buf *pChg) {
  ImportResult *res = im->res;
  int dry = im->o->dryRun;
  RecState st;
  rec_state_made(r, &im->pol, w->asAt, &st);
  char zD[DAY_FMT_MAX], zWhy[80];
  if (import_val(im, F_CURRENT) || w->nRev) {
    const Revision *src = w->hasExtra ? &w->extra : w->nRev ? &w->aOut[w->nRev - 1] : 0;
    Day t = src ? src->target : w->r.original;
    if (t != st.currentTarget && st.open && target_later(&st, w->asAt, t)) res->nLater++;
    if (t != st.currentTarget && im->o->review) {
      if (review_date(im, r, &st, w->asAt, t, src ? src->zTargetText : w->r.zOriginalText, pChg))
        return 1;
    } else if (t != st.currentTarget) {
      Revision v;
      memset(&v, 0, sizeof v);
      v.on = w->asAt;
      v.target = t;
      v.zTargetText = src ? src->zTargetText : w->r.zOriginalText;
      v.zCycle = src && src != &w->extra ? src->zCycle : 0;
      snprintf(zWhy, sizeof zWhy, "Target in the tracker as at %s", day_fmt(w->asAt, DAY_UK, zD));
      v.zReason = zWhy;
      if (!dry && store_revision_add(im->db, r->id, &v)) return 1;
      res->nRev++;
      Buf b = BUF_INIT;
      buf_appendf(&b, "revised target %s", t == DAY_NONE ? "TBC" : day_fmt(t, DAY_UK, zD));
      note(pChg, buf_cstr(&b));
      buf_free(&b);
    }
  }
  const Progress *aUp[2] = {w->zPrev ? &w->upPrev : 0, w->zLatest ? &w->upLatest : 0};
  for (int k = 0; k < 2; k++) {
    if (!aUp[k]) continue;
    Progress u = *aUp[k];
    u.on = w->asAt;
    /* A known (or withheld) update's text with another percent complete records
    ** the percent. */
    int pctNew = u.percent >= 0 && u.percent != st.percent;
    if (withheld(u.zText) || update_known(r, u.zText)) {
      if (!pctNew) continue;
      u.zText = IMPORT_PERCENT_TEXT;
      u.zCycle = 0;
    }
    Buf b = BUF_INIT;
    if (!strcmp(u.zText, IMPORT_PERCENT_TEXT))
      buf_appendf(&b, "percent complete %d%%", u.percent);
    else
      buf_appendf(&b, "new update%s", k ? "" : " (previous_update)");
    if (strcmp(u.zText, IMPORT_PERCENT_TEXT) && pctNew)
      buf_appendf(&b, " (%d%% complete)", u.percent);
    int rc = 0;
    if (im->o->review) {
      rc = review_update(im, r, &st, &u, buf_cstr(&b), pChg);
    } else {
      rc = !dry && store_progress_add(im->db, r->id, &u, 0);
      if (!rc) res->nUpd++, note(pChg, buf_cstr(&b));
    }
    buf_free(&b);
    if (rc) return 1;
  }
  if (w->hasOp && !opinion_same(st.pOpinion, &w->op)) {
    Opinion o = w->op;
    o.on = w->asAt;
    if (status_closes(o.status) && st.open) res->nClose++;
    Buf b = BUF_INIT;
    buf_appendf(&b, "opinion: %s%s", status_labels[o.status],
                status_closes(o.status) && st.open     ? " (closes it)"
                : !status_closes(o.status) && !st.open ? " (reopens it)"
                                                       : "");
    if (im->o->review) {
      left_for_audit(im, pChg, buf_cstr(&b));
    } else if (!dry && store_opinion_add(im->db, r->id, &o)) {
      buf_free(&b);
      return 1;
    } else {
      res->nOp++;
      note(pChg, buf_cstr(&b));
    }
    buf_free(&b);
  }
  return 0;
}

/* The current row in a refresh: a matched row records its changes here (0, or 1
** on a store error); a new row is left to import_row (-1), dated from the
** tracker's date so that earlier reports do not change, or with review is left
** for internal audit (-2: nothing written). Not a refresh: -1. */
int import_refresh_row(Imp *im, RowIn *w, int ord) {
  struct Refresh *rf = im->pRefresh;
  if (!rf || !rf->active || ord < 1 || ord > rf->nRow) return -1;
  RowMatch *m = &rf->aRow[ord - 1];
  ImportResult *res = im->res;
  if (m->idx < 0 && im->o->review) {
    /* A new recommendation is internal audit's to make: not imported. */
    res->nLeft++;
    buf_appendf(&rf->out,
                "row %ld: left for internal audit: a new recommendation (%s); not imported\n",
                im->row, m->zWhy ? m->zWhy : "");
    return -2;
  }
  if (m->idx < 0) {
    res->nNew++;
    if (w->r.existsFrom < w->asAt) w->r.existsFrom = w->asAt;
    buf_appendf(&rf->out, "row %ld: new (%s)\n", im->row, m->zWhy ? m->zWhy : "");
    return -1;
  }
  const Rec *r = &rf->set.a[m->idx];
  Buf chg = BUF_INIT, how = BUF_INIT;
  int rc = refresh_changes(im, w, r, &chg);
  switch (m->how) {
  case HOW_ID: res->nById++, buf_puts(&how, "by auditrack_id"); break;
  case HOW_REF:
    res->nByRef++;
    buf_appendf(&how, "by reference '%s' in audit '%s'", r->zRef, r->zAuditTitle);
    break;
  case HOW_TEXT:
    res->nByText++;
    if (m->pct == 100)
      buf_appendf(&how, "by the same text in audit '%s'", r->zAuditTitle);
    else
      buf_appendf(&how, "by text %d%% alike in audit '%s'", m->pct, r->zAuditTitle);
    break;
  default: res->nByFile++, buf_puts(&how, "as the match file says"); break;
  }
  if (m->noteId) buf_puts(&how, "; its auditrack_id is not one of this audit's");
  if (!rc) {
    if (chg.n)
      res->nChanged++;
    else
      res->nSame++;
    if (chg.n || m->how != HOW_ID) {
      buf_appendf(&rf->out, "row %ld: recommendation %lld (%s): %s\n", im->row, r->id,
                  buf_cstr(&how), chg.n ? buf_cstr(&chg) : "no change");
    }
    import_audit_push(im, r->auditId);
  }
  buf_free(&chg);
  buf_free(&how);
  return rc;
}

/* After the rows: the open recommendations of the audits rows matched into
** that no row matched are listed (never closed), and the listing goes to the
** caller. */
void import_refresh_end(Imp *im) {
  struct Refresh *rf = im->pRefresh;
  if (!rf || !rf->active) return;
  Day asAt = im->res->asAtMax;
  char zD[DAY_FMT_MAX];
  for (int i = 0; i < rf->set.n; i++) {
    if (!rf->aAuditHit[i] || rf->aClaimed[i]) continue;
    const Rec *r = &rf->set.a[i];
    RecState st;
    rec_state_at(r, &im->pol, asAt, &st);
    if (!st.exists || !st.open) continue;
    im->res->nMissing++;
    buf_appendf(&rf->out,
                "missing: recommendation %lld (audit '%s'%s%s%s) is open as at %s and "
                "not in the tracker; not changed\n",
                r->id, r->zAuditTitle, r->zRef ? ", reference '" : "", r->zRef ? r->zRef : "",
                r->zRef ? "'" : "", day_fmt(asAt, DAY_UK, zD));
  }
  if (im->o->pRefresh) buf_puts(im->o->pRefresh, buf_cstr(&rf->out));
}
