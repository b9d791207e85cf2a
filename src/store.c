/*
** store.c: SQL for the register and its ledger: bulk loading for the as-at
** engine, inserts for each kind of history entry, ratings, policy, imports.
** Not for: transactions or the journal (the commands own those, via db.h).
*/
#include "store.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define COL_TEXT(s, i) ((const char *)sqlite3_column_text((s), (i)))

static char *col_dup(RecSet *set, sqlite3_stmt *s, int i) {
  return recset_strdup(set, COL_TEXT(s, i));
}

/* Texts that recur across many rows (a rating's code and label, a committee cycle's
** name, a person's): each distinct one is copied into the arena once and shared by
** the rows that have it. The first 256 distinct texts are remembered; others are
** copied each time they come. */
typedef struct TextPool {
  char *az[512]; /* open addressing, at most half full, so a probe always ends */
  int n;
} TextPool;

static char *col_dup_pooled(RecSet *set, sqlite3_stmt *s, int i, TextPool *p) {
  const char *z = COL_TEXT(s, i);
  if (!z) return 0;
  int n = sqlite3_column_bytes(s, i);
  unsigned h = 2166136261u; /* FNV-1a */
  for (int k = 0; k < n; k++) h = (h ^ (unsigned char)z[k]) * 16777619u;
  const unsigned mask = sizeof p->az / sizeof p->az[0] - 1;
  for (unsigned k = h & mask;; k = (k + 1) & mask) {
    if (!p->az[k]) {
      char *zCopy = recset_strdup(set, z);
      if (p->n < (int)(sizeof p->az / sizeof p->az[0]) / 2) {
        p->az[k] = zCopy;
        p->n++;
      }
      return zCopy;
    }
    if (!strcmp(p->az[k], z)) return p->az[k];
  }
}

/* Bind the scope every loader's query takes: ?1 the one recommendation (or
** none), ?2 whether to read the long text, ?3 the last day wanted (whole register). */
static void load_bind(Db *db, sqlite3_stmt *s, long long recId, int withText, Day upTo) {
  if (recId) sqlite3_bind_int64(s, 1, recId);
  sqlite3_bind_int(s, 2, withText);
  if (!recId) db_bind_day(db, s, 3, upTo == DAY_NONE ? day_from_ymd(9999, 12, 31) : upTo);
}

/* A history row's place: its recommendation, date and id, which every history struct
** begins with (id, then on). */
typedef struct HistKey {
  long long rec, id;
  Day on;
  int i;
} HistKey;

static int hist_key_cmp(const void *pa, const void *pb) {
  const HistKey *a = pa, *b = pb;
  if (a->rec != b->rec) return a->rec < b->rec ? -1 : 1;
  if (a->on != b->on) return a->on < b->on ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

/* The whole register's history is read in the table's own order (id), which saves a
** seek from the index into the table for every row. An import writes each
** recommendation's history together, so that is nearly always (rec_id, on_date, id)
** order already; history added later comes after it. Returns NULL when the n rows
** (each size bytes, aRec[i] the recommendation of row i) are in that order, else
** aOrder (heap) with aOrder[k] the row that comes k-th. */
static int *history_order(const long long *aRec, const void *a, size_t size, int n) {
  const char *z = a;
  int sorted = 1;
  for (int i = 1; i < n && sorted; i++) {
    const long long *pPrev = (const void *)(z + size * (size_t)(i - 1)),
                    *p = (const void *)(z + size * (size_t)i);
    const Day *pPrevOn = (const void *)(pPrev + 1), *pOn = (const void *)(p + 1);
    sorted = aRec[i - 1] < aRec[i] ||
             (aRec[i - 1] == aRec[i] && (*pPrevOn < *pOn || (*pPrevOn == *pOn && *pPrev < *p)));
  }
  if (sorted) return 0;
  HistKey *aKey = xmalloc(sizeof(HistKey) * (size_t)n);
  for (int i = 0; i < n; i++) {
    const long long *p = (const void *)(z + size * (size_t)i);
    aKey[i] = (HistKey){aRec[i], *p, *(const Day *)(p + 1), i};
  }
  qsort(aKey, (size_t)n, sizeof *aKey, hist_key_cmp);
  int *aOrder = xmalloc(sizeof(int) * (size_t)n);
  for (int k = 0; k < n; k++) aOrder[k] = aKey[k].i;
  free(aKey);
  return aOrder;
}

/* Each history table is read in (rec_id, on_date, id) order (one recommendation) or
** in id order and then put in that order (the whole register); rows of one
** recommendation are contiguous, so each Rec points into one array. zSel is the
** SELECT of the table's columns, rec_id first; the loader's scope is bound as
** load_bind says. A failed read returns 1 from the loader it is in. */
#define LOAD_HISTORY(T, field, count, zSel, fill)                                                  \
  do {                                                                                             \
    _Static_assert(offsetof(T, id) == 0 && offsetof(T, on) == sizeof(long long),                   \
                   "history rows begin with id, then on");                                         \
    sqlite3_stmt *s = recId ? db_prepare(db, zSel " WHERE rec_id=?1 ORDER BY on_date, id")         \
                            : db_prepare(db, zSel " WHERE on_date <= ?3 ORDER BY id");             \
    load_bind(db, s, recId, withText, upTo);                                                       \
    T *a = 0;                                                                                      \
    int n = 0, nCap = 0;                                                                           \
    long long *aRec = 0;                                                                           \
    TextPool *pool = xcalloc(1, sizeof *pool); /* for the names and cycles */                      \
    int rc = 0;                                                                                    \
    while (db_step_row(db, s, &rc)) {                                                              \
      if (n == nCap) {                                                                             \
        nCap = nCap ? nCap * 2 : recId ? 8 : 1024;                                                 \
        a = xrealloc(a, sizeof(T) * (size_t)nCap);                                                 \
        aRec = xrealloc(aRec, sizeof(long long) * (size_t)nCap);                                   \
      }                                                                                            \
      T *x = &a[n];                                                                                \
      memset(x, 0, sizeof *x);                                                                     \
      aRec[n] = sqlite3_column_int64(s, 0);                                                        \
      x->id = sqlite3_column_int64(s, 1);                                                          \
      x->on = db_column_day(s, 2);                                                                 \
      fill;                                                                                        \
      n++;                                                                                         \
    }                                                                                              \
    sqlite3_finalize(s);                                                                           \
    free(pool);                                                                                    \
    if (rc) {                                                                                      \
      free(a);                                                                                     \
      free(aRec);                                                                                  \
      return 1;                                                                                    \
    }                                                                                              \
    int *aOrder = history_order(aRec, a, sizeof(T), n);                                            \
    T *all;                                                                                        \
    if (aOrder) {                                                                                  \
      all = recset_alloc(out, sizeof(T) * (size_t)n);                                              \
      long long *aSorted = xmalloc(sizeof(long long) * (size_t)n);                                 \
      for (int k = 0; k < n; k++) {                                                                \
        all[k] = a[aOrder[k]];                                                                     \
        aSorted[k] = aRec[aOrder[k]];                                                              \
      }                                                                                            \
      free(a);                                                                                     \
      free(aRec);                                                                                  \
      free(aOrder);                                                                                \
      aRec = aSorted;                                                                              \
    } else if (sizeof(T) * (size_t)n <= 4096) {                                                    \
      all = n ? recset_alloc(out, sizeof(T) * (size_t)n) : 0; /* a few rows: in the arena */       \
      if (n) memcpy(all, a, sizeof(T) * (size_t)n);                                                \
      free(a);                                                                                     \
    } else {                                                                                       \
      /* Kept where it was read, without the doubling's spare half. */                             \
      all = a = xrealloc(a, sizeof(T) * (size_t)n);                                                \
      recset_adopt(out, a, sizeof(T) * (size_t)n);                                                 \
    }                                                                                              \
    int k = 0; /* out->a is in id order: walk it beside the rows */                                \
    for (int i = 0; i < n;) {                                                                      \
      int j = i;                                                                                   \
      while (j < n && aRec[j] == aRec[i]) j++;                                                     \
      Rec *w = 0;                                                                                  \
      if (recId) {                                                                                 \
        const Rec *hit = recset_find(out, aRec[i]);                                                \
        if (hit) w = &out->a[hit - out->a]; /* out is ours to fill */                              \
      } else {                                                                                     \
        while (k < out->n && out->a[k].id < aRec[i]) k++;                                          \
        if (k < out->n && out->a[k].id == aRec[i]) w = &out->a[k];                                 \
      }                                                                                            \
      if (w) {                                                                                     \
        w->field = &all[i];                                                                        \
        w->count = j - i;                                                                          \
      }                                                                                            \
      i = j;                                                                                       \
    }                                                                                              \
    free(aRec);                                                                                    \
  } while (0)

/* Two spellings of each query below: "?1=0 OR id=?1" would stop SQLite using the
** index when one recommendation is wanted. Each loader returns 0, or 1 when a read
** fails (store_load then gives nothing). */

/* The register's rows: out->a, in id order. */
static int load_recs(Db *db, long long recId, int withText, Day upTo, RecSet *out) {
  /* The register's columns, then the plain text fields in rec_fields.h's order: each is
  ** read by its name, so inserting a column shifts nothing. */
  enum {
    RC_ID,
    RC_AUDIT_ID,
    RC_AUDIT_TITLE,
    RC_AUDIT_REF,
    RC_PROVIDER,
    RC_AUDIT_DATE,
    RC_ASSURANCE,
    RC_RANK,
    RC_RISK_CODE,
    RC_RISK_LABEL,
    RC_RISK_SCALE,
    RC_ORIGINAL,
    RC_ORIGINAL_TEXT,
    RC_CONFIDENTIAL,
    RC_EXISTS_FROM,
    RC_TEXT
  };
#define REC_SEL(id, member, column, select, ...) ", " select
#define REC_SQL                                                                                    \
  "SELECT r.id, r.audit_id, a.title, a.ref, a.provider, a.report_date, a.assurance,"               \
  " g.rank, g.code, g.label, c.name, r.original_target, r.original_text, r.confidential,"          \
  " r.exists_from" REC_TEXT_FIELDS(REC_SEL) " FROM rec r JOIN audit a ON a.id=r.audit_id LEFT "    \
                                            "JOIN rating g ON g.id=r.rating_id LEFT JOIN scale c " \
                                            "ON c.id=g.scale_id"
  sqlite3_stmt *s = recId ? db_prepare(db, REC_SQL " WHERE r.id=?1")
                          : db_prepare(db, REC_SQL " WHERE r.exists_from <= ?3 ORDER BY r.id");
#undef REC_SQL
  load_bind(db, s, recId, withText, upTo);
  int cap = out->n, rc = 0; /* store_load_ids appends to what it has loaded */
  TextPool *pool = xcalloc(1, sizeof *pool);
  while (db_step_row(db, s, &rc)) {
    if (out->n == cap) {
      cap = cap ? cap * 2 : recId ? 4 : 256;
      out->a = xrealloc(out->a, sizeof(Rec) * (size_t)cap);
    }
    Rec *r = &out->a[out->n++];
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, RC_ID);
    r->auditId = sqlite3_column_int64(s, RC_AUDIT_ID);
    const Rec *pPrev = out->n > 1 ? r - 1 : 0;
    if (pPrev && pPrev->auditId == r->auditId) {
      /* An audit's recommendations come together (ids are given audit by audit):
      ** the audit's columns are the previous row's, shared rather than copied. */
      r->zAuditTitle = pPrev->zAuditTitle;
      r->zAuditRef = pPrev->zAuditRef;
      r->zProvider = pPrev->zProvider;
      r->auditDate = pPrev->auditDate;
      r->assurance = pPrev->assurance;
    } else {
      r->zAuditTitle = col_dup(out, s, RC_AUDIT_TITLE);
      r->zAuditRef = col_dup(out, s, RC_AUDIT_REF);
      r->zProvider = col_dup(out, s, RC_PROVIDER);
      r->auditDate = db_column_day(s, RC_AUDIT_DATE);
      r->assurance = COL_TEXT(s, RC_ASSURANCE) ? assurance_from_name(COL_TEXT(s, RC_ASSURANCE))
                                               : AS_NONE_GIVEN;
    }
    r->riskRank =
        sqlite3_column_type(s, RC_RANK) == SQLITE_NULL ? -1 : sqlite3_column_int(s, RC_RANK);
    r->zRiskCode = col_dup_pooled(out, s, RC_RISK_CODE, pool);
    r->zRiskLabel = col_dup_pooled(out, s, RC_RISK_LABEL, pool);
    r->zRiskScale = col_dup_pooled(out, s, RC_RISK_SCALE, pool);
    r->original = db_column_day(s, RC_ORIGINAL);
    r->zOriginalText = col_dup(out, s, RC_ORIGINAL_TEXT);
    r->confidential = sqlite3_column_int(s, RC_CONFIDENTIAL);
    r->existsFrom = db_column_day(s, RC_EXISTS_FROM);
#define REC_READ(id, member, ...) r->member = col_dup(out, s, RC_TEXT + REC_F_##id);
    REC_TEXT_FIELDS(REC_READ)
#undef REC_READ
  }
  sqlite3_finalize(s);
  free(pool);
  /* The whole register's array is kept as long as it is shown: without the
  ** doubling's spare part (a quarter of it, on average). */
  if (!recId && out->n && out->n < cap) out->a = xrealloc(out->a, sizeof(Rec) * (size_t)out->n);
  return rc ? 1 : 0;
}

/* Each Rec's target revisions: aRev, nRev. */
static int load_revisions(Db *db, long long recId, int withText, Day upTo, RecSet *out) {
  LOAD_HISTORY(Revision, aRev, nRev,
               "SELECT rec_id, id, on_date, target, target_text, CASE WHEN ?2 = 1 THEN reason END,"
               " agreed_by, cycle FROM revision",
               {
                 x->target = db_column_day(s, 3);
                 x->zTargetText = col_dup(out, s, 4);
                 x->zReason = col_dup(out, s, 5);
                 x->zAgreedBy = col_dup_pooled(out, s, 6, pool);
                 x->zCycle = col_dup_pooled(out, s, 7, pool);
               });
  return 0;
}

/* Each Rec's progress updates: aProg, nProg. */
static int load_progress(Db *db, long long recId, int withText, Day upTo, RecSet *out) {
  LOAD_HISTORY(Progress, aProg, nProg,
               "SELECT rec_id, id, on_date, CASE WHEN ?2 = 1 THEN narrative ELSE '' END, claimed,"
               " percent, author, cycle FROM progress",
               {
                 x->zText = col_dup(out, s, 3);
                 x->claimed = COL_TEXT(s, 4) ? status_from_name(COL_TEXT(s, 4)) : -1;
                 x->percent =
                     sqlite3_column_type(s, 5) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 5);
                 x->zAuthor = col_dup_pooled(out, s, 6, pool);
                 x->zCycle = col_dup_pooled(out, s, 7, pool);
               });
  return 0;
}

/* Each Rec's auditor opinions: aOp, nOp. */
static int load_opinions(Db *db, long long recId, int withText, Day upTo, RecSet *out) {
  LOAD_HISTORY(Opinion, aOp, nOp,
               "SELECT rec_id, id, on_date, status, CASE WHEN ?2 = 1 THEN text END,"
               " CASE WHEN ?2 = 1 THEN next_action END, next_follow_up, accepted_by, author"
               " FROM opinion",
               {
                 int st = status_from_name(COL_TEXT(s, 3));
                 x->status = st < 0 ? ST_IN_PROGRESS : (Status)st;
                 x->zText = col_dup(out, s, 4);
                 x->zNext = col_dup(out, s, 5);
                 x->nextFollowUp = db_column_day(s, 6);
                 x->zAcceptedBy = col_dup_pooled(out, s, 7, pool);
                 x->zAuthor = col_dup_pooled(out, s, 8, pool);
               });
  return 0;
}

/* Each Rec's committee decisions: aDec, nDec. */
static int load_decisions(Db *db, long long recId, int withText, Day upTo, RecSet *out) {
  LOAD_HISTORY(Decision, aDec, nDec,
               "SELECT rec_id, id, on_date, kind, CASE WHEN ?2 = 1 THEN text END, meeting"
               " FROM decision",
               {
                 int k = decision_from_name(COL_TEXT(s, 3));
                 x->kind = k < 0 ? DEC_NOTED : (DecisionKind)k;
                 x->zText = col_dup(out, s, 4);
                 x->zMeeting = col_dup_pooled(out, s, 5, pool);
               });
  return 0;
}

int store_load(Db *db, long long recId, int withText, Day upTo, RecSet *out) {
  memset(out, 0, sizeof *out);
  if (!recId) db_bulk_read(db, 1);
  int rc = load_recs(db, recId, withText, upTo, out) ||
           load_revisions(db, recId, withText, upTo, out) ||
           load_progress(db, recId, withText, upTo, out) ||
           load_opinions(db, recId, withText, upTo, out) ||
           load_decisions(db, recId, withText, upTo, out);
  if (!recId) db_bulk_read(db, 0);
  if (rc) {
    /* Half a register would pass for the whole of it: give nothing. */
    recset_free(out);
    memset(out, 0, sizeof *out);
    return 1;
  }
  return 0;
}

int store_load_ids(Db *db, const long long *aId, int n, RecSet *out) {
  memset(out, 0, sizeof *out);
  for (int i = 0; i < n; i++) {
    if (i && aId[i] <= aId[i - 1]) return db_errorf(db, "store_load_ids: ids not ascending");
  }
  /* One recommendation at a time through the loaders the whole register uses,
  ** each appending to out: the rows and the arena are those of a full load. */
  for (int i = 0; i < n; i++) {
    if (load_recs(db, aId[i], 1, DAY_NONE, out) || load_revisions(db, aId[i], 1, DAY_NONE, out) ||
        load_progress(db, aId[i], 1, DAY_NONE, out) ||
        load_opinions(db, aId[i], 1, DAY_NONE, out) ||
        load_decisions(db, aId[i], 1, DAY_NONE, out)) {
      recset_free(out);
      memset(out, 0, sizeof *out);
      return 1;
    }
  }
  return 0;
}

int store_audit_rec_ids(Db *db, long long auditId, long long **paId, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id FROM rec WHERE audit_id=?1 ORDER BY id");
  sqlite3_bind_int64(s, 1, auditId);
  long long *a = 0;
  int n = 0, rc = 0;
  while (db_step_row(db, s, &rc)) {
    a = xrealloc(a, sizeof(long long) * (size_t)(n + 1));
    a[n++] = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  if (rc) {
    free(a);
    a = 0;
    n = 0;
  }
  *paId = a;
  *pn = n;
  return rc ? 1 : 0;
}

int store_register_read(Db *db, Policy *pol, RecSet *set, char **pzOrg, long long *pGen,
                        char zHash[65]) {
  memset(set, 0, sizeof *set);
  *pzOrg = 0;
  *pGen = 0;
  int rc = db_exec(db, "BEGIN");
  if (!rc) {
    rc = store_journal_head_hash(db, pGen, zHash) || store_policy_load(db, pol) ||
         store_load(db, 0, 1, DAY_NONE, set);
    if (!rc) rc = db_meta_read(db, "organisation", pzOrg);
    if (!rc && db_commit(db)) rc = 1;
  }
  if (rc) {
    db_rollback(db);
    recset_free(set);
    memset(set, 0, sizeof *set);
    free(*pzOrg);
    *pzOrg = 0;
  }
  return rc ? 1 : 0;
}

static void bind_assurance(sqlite3_stmt *s, int i, int assurance) {
  if (assurance >= 0 && assurance < ASSURANCE__MAX)
    db_bind_text(s, i, assurance_names[assurance]);
  else
    sqlite3_bind_null(s, i);
}

int store_audit_add(Db *db, const AuditIn *a, long long *pId) {
  sqlite3_stmt *s = db_cached(db, "INSERT INTO audit(ref,title,report_date,directorate,provider,"
                                  "assurance,created_at) VALUES(?1,?2,?3,?4,?5,?6,?7)");
  db_bind_text_or_null(s, 1, a->zRef);
  db_bind_text(s, 2, a->zTitle);
  db_bind_day(db, s, 3, a->reportDate);
  db_bind_text_or_null(s, 4, a->zDirectorate);
  db_bind_text_or_null(s, 5, a->zProvider);
  bind_assurance(s, 6, a->assurance);
  db_bind_text(s, 7, db_now(db));
  return db_step_id(db, s, pId);
}

int store_audit_find(Db *db, const char *zTitle, Day reportDate, long long *pId) {
  sqlite3_stmt *s = db_cached(db, "SELECT id FROM audit WHERE title=?1 AND"
                                  " report_date IS NOT DISTINCT FROM ?2 ORDER BY id LIMIT 1");
  db_bind_text(s, 1, zTitle);
  db_bind_day(db, s, 2, reportDate);
  int rc = 0;
  *pId = db_step_row(db, s, &rc) ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_audit_exists(Db *db, long long id, int *pFound) {
  sqlite3_stmt *s = db_cached(db, "SELECT 1 FROM audit WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  return db_step_exists(db, s, pFound);
}

int store_rec_exists(Db *db, long long id, int *pFound) {
  sqlite3_stmt *s = db_cached(db, "SELECT 1 FROM rec WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  return db_step_exists(db, s, pFound);
}

int store_audit_follow_up_done(Db *db, long long id, Day on) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE audit SET follow_up_done=?2 WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  db_bind_day(db, s, 2, on);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_rec_add(Db *db, const Rec *r, long long ratingId, long long importId, long long *pId) {
  /* Parameters in the order of the column list: the text fields from rec_fields.h. */
  enum {
    IN_AUDIT = 1,
    IN_TEXT,
    IN_RATING = IN_TEXT + REC_FIELD__MAX,
    IN_ORIGINAL,
    IN_ORIGINAL_TEXT,
    IN_CONFIDENTIAL,
    IN_EXISTS_FROM,
    IN_IMPORT,
    IN_CREATED
  };
#define REC_COL(id, member, column, ...) "," column
#define REC_PARAM(id, ...) ",?"
  sqlite3_stmt *s =
      db_cached(db, "INSERT INTO rec(audit_id" REC_TEXT_FIELDS(
                        REC_COL) ",rating_id,original_target,"
                                 "original_text,confidential,exists_from,import_id,created_at)"
                                 " VALUES(?" REC_TEXT_FIELDS(REC_PARAM) ",?,?,?,?,?,?,?)");
#undef REC_COL
#undef REC_PARAM
  sqlite3_bind_int64(s, IN_AUDIT, r->auditId);
#define REC_BIND(id, member, column, select, set, api, header, required, ...)                      \
  (required ? db_bind_text : db_bind_text_or_null)(s, IN_TEXT + REC_F_##id, r->member);
  REC_TEXT_FIELDS(REC_BIND)
#undef REC_BIND
  if (ratingId > 0) sqlite3_bind_int64(s, IN_RATING, ratingId);
  db_bind_day(db, s, IN_ORIGINAL, r->original);
  db_bind_text_or_null(s, IN_ORIGINAL_TEXT, r->zOriginalText);
  sqlite3_bind_int(s, IN_CONFIDENTIAL, r->confidential ? 1 : 0);
  db_bind_day(db, s, IN_EXISTS_FROM, r->existsFrom);
  if (importId > 0) sqlite3_bind_int64(s, IN_IMPORT, importId);
  db_bind_text(s, IN_CREATED, db_now(db));
  return db_step_id(db, s, pId);
}

/* A settable field: its name on the command line and literal SQL to read and
** write it. Column names come only from these tables, never from input. */
typedef struct SetField {
  const char *zField;
  const char *zGet, *zSet;
  int bind; /* SET_NULLABLE, SET_REQUIRED (empty text stays text) or SET_FLAG (0/1) */
} SetField;
enum { SET_NULLABLE, SET_REQUIRED, SET_FLAG };

static int set_field(Db *db, const SetField *a, size_t n, long long id, const char *zField,
                     const char *zValue, char **pzOld, const char *zWhat) {
  *pzOld = 0;
  for (size_t i = 0; i < n; i++) {
    if (!a[i].zField || strcmp(zField, a[i].zField)) continue; /* NULL: not settable */
    sqlite3_stmt *s = db_prepare_(db, a[i].zGet);
    sqlite3_bind_int64(s, 1, id);
    int rc = 0;
    if (db_step_row(db, s, &rc) && COL_TEXT(s, 0)) *pzOld = xstrdup(COL_TEXT(s, 0));
    sqlite3_finalize(s);
    if (rc) return rc; /* the journal would record no old value */
    s = db_prepare_(db, a[i].zSet);
    sqlite3_bind_int64(s, 1, id);
    if (a[i].bind == SET_FLAG)
      sqlite3_bind_int(s, 2, zValue[0] == '1');
    else if (a[i].bind == SET_REQUIRED)
      db_bind_text(s, 2, zValue);
    else
      db_bind_text_or_null(s, 2, zValue);
    rc = db_step_done(db, s);
    sqlite3_finalize(s);
    return rc;
  }
  Buf e = BUF_INIT;
  const char *zSep = "";
  for (size_t i = 0; i < n; i++) {
    if (!a[i].zField) continue;
    buf_appendf(&e, "%s%s", zSep, a[i].zField);
    zSep = ", ";
  }
  db_errorf(db, "no %s field '%s' (%s)", zWhat, zField, buf_cstr(&e));
  buf_free(&e);
  return 1;
}

#define SET_FIELD(table, name, col, bind)                                                          \
  {                                                                                                \
    name, "SELECT " col " FROM " table " WHERE id=?1",                                             \
        "UPDATE " table " SET " col "=?2 WHERE id=?1", bind                                        \
  }

int store_rec_set(Db *db, long long id, const char *zField, const char *zValue, char **pzOld) {
  static const SetField aField[] = {
#define REC_SET(id, member, column, select, set, api, header, required, ...)                       \
  SET_FIELD("rec", set, column, required ? SET_REQUIRED : SET_NULLABLE),
      REC_TEXT_FIELDS(REC_SET)
#undef REC_SET
          SET_FIELD("rec", "confidential", "confidential", SET_FLAG),
  };
  return set_field(db, aField, sizeof aField / sizeof aField[0], id, zField, zValue, pzOld,
                   "recommendation");
}

int store_revision_add(Db *db, long long recId, const Revision *v) {
  sqlite3_stmt *s = db_cached(db, "INSERT INTO revision(rec_id,on_date,target,target_text,reason,"
                                  "agreed_by,cycle,created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,"
                                  "?8)");
  sqlite3_bind_int64(s, 1, recId);
  db_bind_day(db, s, 2, v->on);
  db_bind_day(db, s, 3, v->target);
  /* The text as written is kept only where it says more than the ISO date. */
  char zIso[DAY_FMT_MAX];
  int same = v->target != DAY_NONE && v->zTargetText &&
             !strcmp(v->zTargetText, day_fmt(v->target, DAY_ISO, zIso));
  db_bind_text_or_null(s, 4, same ? 0 : v->zTargetText);
  db_bind_text_or_null(s, 5, v->zReason);
  db_bind_text_or_null(s, 6, v->zAgreedBy);
  db_bind_text_or_null(s, 7, v->zCycle);
  db_bind_text(s, 8, db_now(db));
  int rc = db_step_done(db, s);
  sqlite3_reset(s);
  return rc;
}

int store_progress_add(Db *db, long long recId, const Progress *u, long long *pId) {
  sqlite3_stmt *s = db_cached(db, "INSERT INTO progress(rec_id,on_date,narrative,claimed,percent,"
                                  "author,cycle,created_at) VALUES(?1,?2,?3,?4,?5,?6,?7,"
                                  "?8)");
  sqlite3_bind_int64(s, 1, recId);
  db_bind_day(db, s, 2, u->on);
  db_bind_text(s, 3, u->zText);
  if (u->claimed >= 0) db_bind_text(s, 4, status_names[u->claimed]);
  if (u->percent >= 0) sqlite3_bind_int(s, 5, u->percent);
  db_bind_text_or_null(s, 6, u->zAuthor);
  db_bind_text_or_null(s, 7, u->zCycle);
  db_bind_text(s, 8, db_now(db));
  long long id = 0;
  int rc = db_step_id(db, s, &id);
  if (pId) *pId = id;
  return rc;
}

int store_opinion_add(Db *db, long long recId, const Opinion *o) {
  sqlite3_stmt *s = db_cached(db, "INSERT INTO opinion(rec_id,on_date,status,text,next_action,"
                                  "next_follow_up,accepted_by,author,created_at)"
                                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  sqlite3_bind_int64(s, 1, recId);
  db_bind_day(db, s, 2, o->on);
  db_bind_text(s, 3, status_names[o->status]);
  db_bind_text_or_null(s, 4, o->zText);
  db_bind_text_or_null(s, 5, o->zNext);
  db_bind_day(db, s, 6, o->nextFollowUp);
  db_bind_text_or_null(s, 7, o->zAcceptedBy);
  db_bind_text_or_null(s, 8, o->zAuthor);
  db_bind_text(s, 9, db_now(db));
  int rc = db_step_done(db, s);
  sqlite3_reset(s);
  return rc;
}

int store_decision_add(Db *db, long long recId, const Decision *d) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO decision(rec_id,on_date,kind,text,meeting,"
                                   "created_at) VALUES(?1,?2,?3,?4,?5,?6)");
  sqlite3_bind_int64(s, 1, recId);
  db_bind_day(db, s, 2, d->on);
  db_bind_text(s, 3, decision_names[d->kind]);
  db_bind_text_or_null(s, 4, d->zText);
  db_bind_text_or_null(s, 5, d->zMeeting);
  db_bind_text(s, 6, db_now(db));
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_rating_find(Db *db, const char *zScale, const char *zCode, long long *pId) {
  /* A code names a rating more precisely than a label ("High" is a code on one
  ** scale and a label on another), so codes are tried first, then labels. */
  for (int byLabel = 0; byLabel < 2; byLabel++) {
    sqlite3_stmt *s = db_cached(db, "SELECT g.id FROM rating g JOIN scale c ON c.id=g.scale_id"
                                    " WHERE (?1 IS NULL OR lower(c.name)=lower(?1))"
                                    " AND CASE WHEN ?3 = 1 THEN lower(g.label)=lower(?2)"
                                    " ELSE lower(g.code)=lower(?2) END LIMIT 2");
    db_bind_text_or_null(s, 1, zScale);
    db_bind_text(s, 2, zCode);
    sqlite3_bind_int(s, 3, byLabel);
    long long id = 0;
    int n = 0, rc = 0;
    while (db_step_row(db, s, &rc)) {
      id = sqlite3_column_int64(s, 0);
      n++;
    }
    sqlite3_reset(s);
    *pId = rc ? 0 : n > 1 ? -1 : id;
    if (rc || n) return rc;
  }
  return 0;
}

int store_scale_count(Db *db, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT count(*) FROM scale");
  int rc = 0;
  *pn = db_step_row(db, s, &rc) ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  return rc;
}

int store_scale_exists(Db *db, const char *zName, int *pFound) {
  sqlite3_stmt *s = db_prepare(db, "SELECT 1 FROM scale WHERE lower(name)=lower(?1)");
  db_bind_text(s, 1, zName);
  int rc = db_step_exists(db, s, pFound);
  sqlite3_finalize(s);
  return rc;
}

int store_scale_add(Db *db, const char *zName, const char *zDesc, int n, const char *const *azCode,
                    const char *const *azLabel, const char *const *azDef) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO scale(name, description) VALUES(?1,?2)");
  db_bind_text(s, 1, zName);
  db_bind_text(s, 2, zDesc);
  long long scaleId = 0;
  int rc = db_step_id(db, s, &scaleId);
  sqlite3_finalize(s);
  if (rc) return rc;
  s = db_prepare(db,
                 "INSERT INTO rating(scale_id,rank,code,label,definition) VALUES(?1,?2,?3,?4,?5)");
  for (int k = 0; k < n && !rc; k++) {
    sqlite3_bind_int64(s, 1, scaleId);
    sqlite3_bind_int(s, 2, k);
    db_bind_text(s, 3, azCode[k]);
    db_bind_text(s, 4, azLabel[k]);
    db_bind_text(s, 5, azDef ? azDef[k] : "");
    rc = db_step_done(db, s);
  }
  sqlite3_finalize(s);
  return rc;
}

int store_install_scales(Db *db) {
  static const char *const azEhma[] = {"E", "H", "M", "A"};
  static const char *const azEhmaLabel[] = {"Essential", "High", "Medium", "Advisory"};
  static const char *const azEhmaDef[] = {
      "Action is imperative to avoid exposure to a significant organisational risk.",
      "Action is imperative to avoid exposure to a significant risk to the service area",
      "Action is required to avoid exposure to a risk to the service area",
      ("Consultancy recommendations which are intended to improve operational efficiency or "
       "enhance value")};
  static const char *const azPri[] = {"Critical", "Significant", "Moderate", "Minor"};
  static const char *const azPriDef[] = {"High risk", "High risk", "", ""};
  static const char *const azHmla[] = {"High", "Medium", "Low", "Advisory"};
  int rc = store_scale_add(db, "EHMA", "Essential / High / Medium / Advisory (Cambridgeshire)", 4,
                           azEhma, azEhmaLabel, azEhmaDef);
  if (!rc) {
    rc = store_scale_add(db, "priority", "Critical / Significant / Moderate / Minor (Manchester)",
                         4, azPri, azPri, azPriDef);
  }
  if (!rc) rc = store_scale_add(db, "HMLA", "High / Medium / Low / Advisory", 4, azHmla, azHmla, 0);
  return rc;
}

int store_audit_set(Db *db, long long id, const char *zField, const char *zValue, char **pzOld) {
  static const SetField aField[] = {
      SET_FIELD("audit", "ref", "ref", SET_NULLABLE),
      SET_FIELD("audit", "title", "title", SET_REQUIRED),
      SET_FIELD("audit", "date", "report_date", SET_NULLABLE),
      SET_FIELD("audit", "directorate", "directorate", SET_NULLABLE),
      SET_FIELD("audit", "provider", "provider", SET_NULLABLE),
      SET_FIELD("audit", "assurance", "assurance", SET_NULLABLE),
  };
  return set_field(db, aField, sizeof aField / sizeof aField[0], id, zField, zValue, pzOld,
                   "audit");
}

int store_scales_describe(Db *db, Buf *out) {
  sqlite3_stmt *s = db_prepare(db, "SELECT c.name, c.description, g.code, g.label, g.definition"
                                   " FROM scale c JOIN rating g ON g.scale_id=c.id"
                                   " ORDER BY c.id, g.rank");
  const char *zLast = "";
  Buf last = BUF_INIT;
  int rc = 0;
  while (db_step_row(db, s, &rc)) {
    zLast = buf_cstr(&last);
    if (strcmp(zLast, COL_TEXT(s, 0))) {
      buf_appendf(out, "%s: %s\n", COL_TEXT(s, 0), COL_TEXT(s, 1));
      buf_reset(&last);
      buf_puts(&last, COL_TEXT(s, 0));
    }
    buf_appendf(out, "  %-12s %-12s %s\n", COL_TEXT(s, 2), COL_TEXT(s, 3), COL_TEXT(s, 4));
  }
  sqlite3_finalize(s);
  buf_free(&last);
  return rc ? 1 : 0;
}

int store_policy_load(Db *db, Policy *p) {
  policy_default(p);
  sqlite3_stmt *s = db_prepare(db, "SELECT key, value FROM policy ORDER BY key");
  int rc = 0;
  Buf e = BUF_INIT;
  while (!rc && db_step_row(db, s, &rc)) {
    if (policy_set(p, COL_TEXT(s, 0), COL_TEXT(s, 1), &e)) {
      rc = db_errorf(db, "stored policy is invalid: %s", buf_cstr(&e));
      break;
    }
  }
  sqlite3_finalize(s);
  buf_free(&e);
  return rc;
}

int store_policy_save(Db *db, const char *zKey, const char *zValue) {
  return db_step_texts(db,
                       db_prepare(db, "INSERT INTO policy(key,value) VALUES(?1,?2)"
                                      " ON CONFLICT(key) DO UPDATE SET value=excluded.value"),
                       zKey, zValue ? zValue : "");
}

int store_import_find(Db *db, const char *zDigest, long long *pId, char **pzWhen) {
  sqlite3_stmt *s = db_prepare(db, "SELECT id, created_at FROM import WHERE digest=?1");
  db_bind_text(s, 1, zDigest);
  int rc = 0;
  *pId = 0;
  *pzWhen = 0;
  if (db_step_row(db, s, &rc)) {
    *pId = sqlite3_column_int64(s, 0);
    *pzWhen = xstrdup(COL_TEXT(s, 1));
  }
  sqlite3_finalize(s);
  return rc;
}

int store_import_add(Db *db, const char *zDigest, const char *zName, Day asAt, int rows,
                     long long *pId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO import(digest,file_name,as_at,rows,created_at)"
                                   " VALUES(?1,?2,?3,?4,?5)");
  db_bind_text(s, 1, zDigest);
  db_bind_text(s, 2, zName);
  db_bind_day(db, s, 3, asAt);
  sqlite3_bind_int(s, 4, rows);
  db_bind_text(s, 5, db_now(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  return rc;
}

int store_journal_list(Db *db, int n, Buf *out) {
  sqlite3_stmt *s =
      db_prepare(db, "SELECT id, at, actor, action, entity, entity_id, detail"
                     " FROM journal WHERE id > (SELECT coalesce(max(id),0) FROM journal)"
                     " - ?1 OR ?1 = 0 ORDER BY id");
  sqlite3_bind_int(s, 1, n);
  int rc = 0;
  while (db_step_row(db, s, &rc)) {
    buf_appendf(out, "%lld  %s  %-10s %-16s %s", (long long)sqlite3_column_int64(s, 0),
                COL_TEXT(s, 1), COL_TEXT(s, 2), COL_TEXT(s, 3), COL_TEXT(s, 4));
    if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
      buf_appendf(out, " %lld", (long long)sqlite3_column_int64(s, 5));
    }
    buf_appendf(out, "  %s\n", COL_TEXT(s, 6));
  }
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}

static void audit_row(sqlite3_stmt *s, void *p) {
  AuditRow *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->zRef = COL_TEXT(s, 1) ? xstrdup(COL_TEXT(s, 1)) : 0;
  x->zTitle = xstrdup(COL_TEXT(s, 2));
  x->reportDate = db_column_day(s, 3);
  x->zDirectorate = COL_TEXT(s, 4) ? xstrdup(COL_TEXT(s, 4)) : 0;
  x->assurance = COL_TEXT(s, 5) ? assurance_from_name(COL_TEXT(s, 5)) : AS_NONE_GIVEN;
  x->zProvider = COL_TEXT(s, 6) ? xstrdup(COL_TEXT(s, 6)) : 0;
  x->followUpDone = db_column_day(s, 7);
  x->nRec = sqlite3_column_int(s, 8);
}

static void audit_row_clear(void *p) {
  AuditRow *x = p;
  free(x->zRef);
  free(x->zTitle);
  free(x->zDirectorate);
  free(x->zProvider);
}

int store_audit_list(Db *db, long long id, AuditRow **paRow, int *pn) {
  sqlite3_stmt *s = db_prepare(db, "SELECT a.id, a.ref, a.title, a.report_date, a.directorate,"
                                   " a.assurance, a.provider, a.follow_up_done,"
                                   " (SELECT count(*) FROM rec r WHERE r.audit_id=a.id)"
                                   " FROM audit a WHERE ?1=0 OR a.id=?1 ORDER BY a.id");
  sqlite3_bind_int64(s, 1, id);
  int rc = 0;
  *paRow = db_rows(db, s, sizeof **paRow, audit_row, audit_row_clear, pn, &rc);
  return rc;
}

void store_audit_rows_free(AuditRow *a, int n) {
  for (int i = 0; i < n; i++) audit_row_clear(&a[i]);
  free(a);
}

int store_rec_set_rating(Db *db, long long id, long long ratingId) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE rec SET rating_id=?2 WHERE id=?1");
  sqlite3_bind_int64(s, 1, id);
  sqlite3_bind_int64(s, 2, ratingId);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

int store_import_finish(Db *db, long long importId, int rows, Day asAt, int *pnAudit) {
  sqlite3_stmt *s =
      db_prepare(db, "UPDATE import SET rows=?2, as_at=coalesce(as_at, ?3) WHERE id=?1");
  sqlite3_bind_int64(s, 1, importId);
  sqlite3_bind_int(s, 2, rows);
  db_bind_day(db, s, 3, asAt);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  if (rc) return rc;
  s = db_prepare(db, "SELECT count(DISTINCT audit_id) FROM rec WHERE import_id=?1");
  sqlite3_bind_int64(s, 1, importId);
  *pnAudit = db_step_row(db, s, &rc) ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  return rc ? 1 : 0;
}
