/*
** store_work.c: SQL for the work around a recommendation that is not yet its
** history: submissions waiting in internal audit's review queue, and the
** evidence files attached to updates; and the short lists the web forms
** need (risk ratings, delegations). Not for: the ledger itself (store.c) or
** the rules about who may decide what (action.c).
*/
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

const char *const sub_kind_names[] = {"update", "date"};
_Static_assert(sizeof sub_kind_names / sizeof sub_kind_names[0] == SUB_KIND__MAX, "sub kinds");

int store_sub_add(Db *db, const Submission *x, long long *pId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO submission(rec_id,kind,progress_id,on_date,target,"
                                   "target_text,reason,user_id,author,created_at)"
                                   " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)");
  sqlite3_bind_int64(s, 1, x->recId);
  db_bind_text(s, 2, sub_kind_names[x->kind]);
  if (x->progressId > 0) sqlite3_bind_int64(s, 3, x->progressId);
  db_bind_day(db, s, 4, x->on);
  db_bind_day(db, s, 5, x->target);
  db_bind_text_or_null(s, 6, x->zTargetText);
  db_bind_text_or_null(s, 7, x->zReason);
  if (x->userId > 0) sqlite3_bind_int64(s, 8, x->userId);
  db_bind_text(s, 9, x->zAuthor);
  db_bind_text(s, 10, db_now(db));
  int rc = db_step_id(db, s, pId);
  sqlite3_finalize(s);
  return rc;
}

#define SUB_SQL                                                                                    \
  "SELECT s.id, s.rec_id, s.progress_id, s.user_id, s.kind, s.on_date, s.target,"                  \
  " s.target_text, s.reason, s.author, s.state, s.decided_by, s.note, s.decided_on,"               \
  " r.ref, r.title, r.body, a.title, p.narrative, s.created_at, s.progress_seen"                   \
  " FROM submission s JOIN rec r ON r.id=s.rec_id JOIN audit a ON a.id=r.audit_id"                 \
  " LEFT JOIN progress p ON p.id=s.progress_id"

static void sub_fill(sqlite3_stmt *s, Submission *x) {
  memset(x, 0, sizeof *x);
  x->id = sqlite3_column_int64(s, 0);
  x->recId = sqlite3_column_int64(s, 1);
  x->progressId = sqlite3_column_int64(s, 2);
  x->userId = sqlite3_column_int64(s, 3);
  const char *zKind = (const char *)sqlite3_column_text(s, 4);
  x->kind = zKind && !strcmp(zKind, "date") ? SUBK_DATE : SUBK_UPDATE;
  x->on = db_column_day(s, 5);
  x->target = db_column_day(s, 6);
  x->zTargetText = db_column_dup(s, 7);
  x->zReason = db_column_dup(s, 8);
  x->zAuthor = db_column_dup(s, 9);
  x->zState = db_column_dup(s, 10);
  x->zDecidedBy = db_column_dup(s, 11);
  x->zNote = db_column_dup(s, 12);
  x->decidedOn = db_column_day(s, 13);
  x->zRecRef = db_column_dup(s, 14);
  x->zRecTitle = db_column_dup(s, 15);
  x->zRecBody = db_column_dup(s, 16);
  x->zAuditTitle = db_column_dup(s, 17);
  x->zText = db_column_dup(s, 18);
  x->zCreated = db_column_dup(s, 19);
  x->progressSeen = sqlite3_column_int64(s, 20);
}

int store_sub_get(Db *db, long long id, Submission *out) {
  sqlite3_stmt *s = db_cached(db, SUB_SQL " WHERE s.id=?1");
  sqlite3_bind_int64(s, 1, id);
  int rc = 0;
  memset(out, 0, sizeof *out);
  if (db_step_row(db, s, &rc)) sub_fill(s, out);
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_sub_decide(Db *db, long long id, const char *zState, const char *zBy, Day on,
                     const char *zNote) {
  sqlite3_stmt *s = db_prepare(db, "UPDATE submission SET state=?2, decided_by=?3, decided_on=?4,"
                                   " note=?5, progress_seen=(SELECT coalesce(max(p.id),0)"
                                   " FROM progress p WHERE p.rec_id=submission.rec_id)"
                                   " WHERE id=?1 AND state='pending'");
  sqlite3_bind_int64(s, 1, id);
  db_bind_text(s, 2, zState);
  db_bind_text(s, 3, zBy);
  db_bind_day(db, s, 4, on);
  db_bind_text_or_null(s, 5, zNote);
  int n = 0;
  int rc = db_step_count(db, s, &n);
  sqlite3_finalize(s);
  if (!rc && n != 1) rc = db_errorf(db, "submission %lld has already been decided", id);
  return rc;
}

static void sub_row(sqlite3_stmt *s, void *p) { sub_fill(s, p); }
static void sub_row_clear(void *p) { store_sub_clear(p); }

int store_sub_list(Db *db, long long recId, Submission **pa, int *pn) {
  /* Pages call these on every view: prepared once per connection. */
  sqlite3_stmt *s = recId ? db_cached(db, SUB_SQL " WHERE s.rec_id=?1 ORDER BY s.id")
                          : db_cached(db, SUB_SQL " WHERE s.state='pending' ORDER BY s.id");
  if (recId) sqlite3_bind_int64(s, 1, recId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, sub_row, sub_row_clear, pn, &rc);
  return rc ? 1 : 0;
}

int store_sub_events(Db *db, Submission **pa, int *pn) {
  sqlite3_stmt *s = db_cached(db, SUB_SQL " WHERE s.state IN ('pending','rejected','refused',"
                                          "'approved') ORDER BY s.id");
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, sub_row, sub_row_clear, pn, &rc);
  return rc ? 1 : 0;
}

void store_sub_clear(Submission *x) {
  char *az[] = {x->zTargetText, x->zReason,     x->zAuthor, x->zState,
                x->zDecidedBy,  x->zNote,       x->zRecRef, x->zRecTitle,
                x->zRecBody,    x->zAuditTitle, x->zText,   x->zCreated};
  for (size_t k = 0; k < sizeof az / sizeof az[0]; k++) free(az[k]);
  memset(x, 0, sizeof *x);
}

void store_subs_free(Submission *a, int n) {
  for (int i = 0; i < n; i++) store_sub_clear(&a[i]);
  free(a);
}

int store_evidence_add(Db *db, long long recId, long long progressId, const EvidenceFile *f,
                       const char *zAuthor, long long userId) {
  sqlite3_stmt *s = db_prepare(db, "INSERT INTO evidence(rec_id,progress_id,sha256,name,type,size,"
                                   "author,created_at,user_id) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  sqlite3_bind_int64(s, 1, recId);
  if (progressId > 0) sqlite3_bind_int64(s, 2, progressId);
  db_bind_text(s, 3, f->zSha256);
  db_bind_text(s, 4, f->zName);
  db_bind_text(s, 5, f->zType);
  sqlite3_bind_int64(s, 6, f->size);
  db_bind_text(s, 7, zAuthor);
  db_bind_text(s, 8, db_now(db));
  if (userId > 0) sqlite3_bind_int64(s, 9, userId);
  int rc = db_step_done(db, s);
  sqlite3_finalize(s);
  return rc;
}

static void evidence_row(sqlite3_stmt *s, void *p) {
  Evidence *e = p;
  e->id = sqlite3_column_int64(s, 0);
  e->recId = sqlite3_column_int64(s, 1);
  e->progressId = sqlite3_column_int64(s, 2);
  e->size = sqlite3_column_int64(s, 3);
  e->zSha256 = db_column_dup(s, 4);
  e->zName = db_column_dup(s, 5);
  e->zType = db_column_dup(s, 6);
  e->zAuthor = db_column_dup(s, 7);
  e->zCreated = db_column_dup(s, 8);
}

static void evidence_clear(void *p) {
  Evidence *e = p;
  free(e->zSha256);
  free(e->zName);
  free(e->zType);
  free(e->zAuthor);
  free(e->zCreated);
}

int store_evidence_usage(Db *db, long long userId, long long *pUser, long long *pTotal) {
  /* A digest names the same bytes wherever it is attached: counted once. */
  sqlite3_stmt *s = db_cached(db, "SELECT coalesce(sum(size),0) FROM (SELECT max(size) AS size"
                                  " FROM evidence GROUP BY sha256) AS f");
  int rc = 0;
  *pUser = *pTotal = 0;
  if (db_step_row(db, s, &rc)) *pTotal = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  if (!rc && userId > 0) {
    s = db_cached(db, "SELECT coalesce(sum(size),0) FROM (SELECT max(size) AS size"
                      " FROM evidence WHERE user_id=?1 GROUP BY sha256) AS f");
    sqlite3_bind_int64(s, 1, userId);
    if (db_step_row(db, s, &rc)) *pUser = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
  }
  return rc ? 1 : 0;
}

int store_evidence_held(Db *db, const char *zSha, long long userId, int *pAny, int *pUser) {
  sqlite3_stmt *s =
      db_cached(db, "SELECT count(*), coalesce(sum(CASE WHEN user_id=?2 THEN 1 ELSE 0 END),0)"
                    " FROM evidence WHERE sha256=?1");
  db_bind_text(s, 1, zSha);
  sqlite3_bind_int64(s, 2, userId);
  int rc = 0;
  *pAny = *pUser = 0;
  if (db_step_row(db, s, &rc)) {
    *pAny = sqlite3_column_int64(s, 0) > 0;
    *pUser = userId > 0 && sqlite3_column_int64(s, 1) > 0;
  }
  sqlite3_reset(s);
  return rc ? 1 : 0;
}

int store_evidence_list(Db *db, long long recId, long long evId, Evidence **pa, int *pn) {
#define EV_SQL                                                                                     \
  "SELECT id, rec_id, progress_id, size, sha256, name, type, author, created_at FROM evidence"
  sqlite3_stmt *s = recId ? db_cached(db, EV_SQL " WHERE rec_id=?1 ORDER BY id")
                          : db_cached(db, EV_SQL " WHERE id=?1");
#undef EV_SQL
  sqlite3_bind_int64(s, 1, recId ? recId : evId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, evidence_row, evidence_clear, pn, &rc);
  return rc ? 1 : 0;
}

void store_evidence_free(Evidence *a, int n) {
  for (int i = 0; i < n; i++) evidence_clear(&a[i]);
  free(a);
}

static void journal_row(sqlite3_stmt *s, void *p) {
  JournalRow *j = p;
  j->id = sqlite3_column_int64(s, 0);
  j->zAt = db_column_dup(s, 1);
  j->zActor = db_column_dup(s, 2);
  j->zAction = db_column_dup(s, 3);
  j->zDetail = db_column_dup(s, 4);
}

static void journal_row_clear(void *p) {
  JournalRow *j = p;
  free(j->zAt);
  free(j->zActor);
  free(j->zAction);
  free(j->zDetail);
}

int store_journal_rec(Db *db, long long recId, JournalRow **pa, int *pn) {
  sqlite3_stmt *s = db_cached(db, "SELECT id, at, actor, action, detail FROM journal"
                                  " WHERE entity='rec' AND entity_id=?1 ORDER BY id");
  sqlite3_bind_int64(s, 1, recId);
  int rc = 0;
  *pa = db_rows(db, s, sizeof **pa, journal_row, journal_row_clear, pn, &rc);
  if (rc) return db_errorf(db, "cannot read the journal: %s", db_errmsg(db));
  return 0;
}

void store_journal_rows_free(JournalRow *a, int n) {
  for (int i = 0; i < n; i++) journal_row_clear(&a[i]);
  free(a);
}

/* ---- for the web pages' forms and lists ---- */

static void rating_row(sqlite3_stmt *s, void *p) {
  RatingRow *x = p;
  x->id = sqlite3_column_int64(s, 0);
  x->zScale = db_column_dup(s, 1);
  x->zCode = db_column_dup(s, 2);
  x->zLabel = db_column_dup(s, 3);
  x->zDef = db_column_dup(s, 4);
  x->zScaleDesc = db_column_dup(s, 5);
}

static void rating_row_clear(void *p) {
  RatingRow *x = p;
  free(x->zScale);
  free(x->zCode);
  free(x->zLabel);
  free(x->zName);
  free(x->zDef);
  free(x->zScaleDesc);
}

int store_rating_list(Db *db, RatingRow **pa, int *pn) {
  int n = 0, rc = 0;
  RatingRow *a = db_rows(db,
                         db_prepare(db, "SELECT g.id, c.name, g.code, g.label, g.definition,"
                                        " c.description FROM scale c"
                                        " JOIN rating g ON g.scale_id=c.id ORDER BY c.id, g.rank"),
                         sizeof *a, rating_row, rating_row_clear, &n, &rc);
  /* The text a form may send back: what act_rec_add resolves to this very rating. */
  for (int i = 0; i < n && !rc; i++) {
    long long byCode = 0, byLabel = 0;
    rc = store_rating_find(db, 0, a[i].zCode, &byCode);
    if (!rc && byCode != a[i].id) rc = store_rating_find(db, 0, a[i].zLabel, &byLabel);
    if (byCode == a[i].id)
      a[i].zName = xstrdup(a[i].zCode);
    else if (byLabel == a[i].id)
      a[i].zName = xstrdup(a[i].zLabel);
  }
  if (rc) {
    store_rating_rows_free(a, n);
    *pa = 0;
    *pn = 0;
    return 1;
  }
  *pa = a;
  *pn = n;
  return 0;
}

void store_rating_rows_free(RatingRow *a, int n) {
  for (int i = 0; i < n; i++) rating_row_clear(&a[i]);
  free(a);
}

static void id_row(sqlite3_stmt *s, void *p) { *(long long *)p = sqlite3_column_int64(s, 0); }

int store_delegated_recs(Db *db, long long userId, long long **paId, int *pn) {
  sqlite3_stmt *s = db_cached(db, "SELECT rec_id FROM delegation WHERE user_id=?1 ORDER BY rec_id");
  sqlite3_bind_int64(s, 1, userId);
  int rc = 0;
  *paId = db_rows(db, s, sizeof **paId, id_row, 0, pn, &rc);
  return rc ? 1 : 0;
}
