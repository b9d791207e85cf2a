/*
** store.h: reading and writing the register. The only module besides db.c
** that holds SQL. Every function here runs inside the caller's transaction;
** the caller (a command) opens it, writes, journals and commits.
** Not for: domain rules (model.c) or presentation.
*/
#ifndef AT_STORE_H
#define AT_STORE_H

#include "db.h"
#include "model.h"

/* Load every recommendation (recId 0) or one, with its audit, rating and
** complete history, into out (recset_free to release). Without withText the
** long texts (recommendation and update text "", risk, action, notes, opinion
** comments, next actions and decision text NULL) are not read: enough for
** counts. When loading all, only what had happened by upTo (DAY_NONE: all) is
** read: recommendations made by then and history dated up to then, which is all
** rec_state_at() looks at for that date or any earlier one. Returns 0 or 1 with
** db->err set. A missing recId gives an empty set. */
int store_load(Db *db, long long recId, int withText, Day upTo, RecSet *out) AT_MUST;

typedef struct AuditIn {
  const char *zRef, *zTitle, *zDirectorate, *zProvider;
  Day reportDate;
  int assurance; /* Assurance or AS_NONE_GIVEN */
} AuditIn;
int store_audit_add(Db *db, const AuditIn *a, long long *pId) AT_MUST;
/* The audit with this title (and date, when given) or 0. */
long long store_audit_find(Db *db, const char *zTitle, Day reportDate);
int store_audit_exists(Db *db, long long id);
int store_rec_exists(Db *db, long long id);
/* Mark an audit's full follow-up audit as done on a date. */
int store_audit_follow_up_done(Db *db, long long id, Day on) AT_MUST;

/* Insert a recommendation from r's register fields (not its history); the
** rating is given by id (0 = not rated). */
int store_rec_add(Db *db, const Rec *r, long long ratingId, long long importId,
                  long long *pId) AT_MUST;
/* Change one field of a recommendation: owner, director, exec_member, theme,
** directorate, title, body, action, risk_text, evidence_required, ref,
** confidential ("0"/"1"). Returns 0; 1 with db->err for an unknown field. The
** old value is returned in *pzOld (heap) for the journal. */
int store_rec_set(Db *db, long long id, const char *zField, const char *zValue,
                  char **pzOld) AT_MUST;
/* Point a recommendation at another rating. */
int store_rec_set_rating(Db *db, long long id, long long ratingId) AT_MUST;
int store_revision_add(Db *db, long long recId, const Revision *v) AT_MUST;
int store_progress_add(Db *db, long long recId, const Progress *u) AT_MUST;
int store_opinion_add(Db *db, long long recId, const Opinion *o) AT_MUST;
int store_decision_add(Db *db, long long recId, const Decision *d) AT_MUST;

/* Risk ratings: look up zCode (a code or label, any case) in the named scale,
** or in every scale when zScale is NULL; 0 if absent, -1 if ambiguous. */
long long store_rating_find(Db *db, const char *zScale, const char *zCode);
int store_scale_exists(Db *db, const char *zName);
/* Add a scale whose ratings are given most severe first. Fails (db->err) when
** the name or a code is taken. */
int store_scale_add(Db *db, const char *zName, const char *zDesc, int n, const char *const *azCode,
                    const char *const *azLabel, const char *const *azDef) AT_MUST;
/* Change one field of an audit: ref, title, date (ISO), directorate, provider,
** assurance. The old value goes to *pzOld (heap). */
int store_audit_set(Db *db, long long id, const char *zField, const char *zValue,
                    char **pzOld) AT_MUST;
/* Install the risk scales seen in the seed papers. */
int store_install_scales(Db *db) AT_MUST;
/* List scales and their ratings as text. */
void store_scales_describe(Db *db, Buf *out);

/* Policy: start from the defaults and apply what the database stores. */
int store_policy_load(Db *db, Policy *p) AT_MUST;
int store_policy_save(Db *db, const char *zKey, const char *zValue) AT_MUST;

/* Imports, keyed by the hex BLAKE2b-256 digest of the file's bytes: 0 if never
** imported, else that import's id. */
long long store_import_find(Db *db, const char *zDigest, char **pzWhen);
int store_import_add(Db *db, const char *zDigest, const char *zName, Day asAt, int rows,
                     long long *pId) AT_MUST;

/* Record an import's row count and date, and count the audits it touched. */
int store_import_finish(Db *db, long long importId, int rows, Day asAt, int *pnAudit) AT_MUST;

/* Journal listing, newest last, limited to the last n entries (0 = all). */
void store_journal_list(Db *db, int n, Buf *out);

/* The audits, as rows for `audit list`: id, ref, title, date, directorate,
** assurance, provider, number of recommendations. */
typedef struct AuditRow {
  long long id;
  char *zRef, *zTitle, *zDirectorate, *zProvider;
  Day reportDate, followUpDone;
  int assurance, nRec;
} AuditRow;
int store_audit_list(Db *db, long long id, AuditRow **paRow, int *pn) AT_MUST;
void store_audit_rows_free(AuditRow *a, int n);

#endif
