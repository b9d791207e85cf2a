/*
** store.h: reading and writing the register: the one header through which
** everything above the store reaches the database (store*.c implement it; db.c
** sits under them). Functions that can fail return 0 or non-zero with the
** reason in db_errmsg. A lookup that finds nothing returns 0 and says so in what
** it fills (an id of 0, a NULL, *pFound 0): a read that fails is never "none". Writes run inside
*the caller's transaction; the caller
** (an act_* function) opens it, writes, journals and commits.
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

/* The whole register with its text, the policy, the organisation's name
** (heap or NULL) and the journal head it reflects, read in one transaction so
** that they agree: what the web keeps in memory. 0, or 1 with db_errmsg and
** nothing allocated. */
int store_register_read(Db *db, Policy *pol, RecSet *set, char **pzOrg, long long *pGen,
                        char zHash[65]) AT_MUST;
/* The recommendations with these ids (ascending, no repeats) with their
** complete history and text, read by the loaders of the whole register, so that
** a recommendation reloaded alone is the one a full read gives; an id with no
** recommendation is left out. Run it inside the caller's read transaction to
** agree with what else the caller reads. 0, or 1 with db_errmsg and out empty. */
int store_load_ids(Db *db, const long long *aId, int n, RecSet *out) AT_MUST;
/* The ids of an audit's recommendations, ascending. Heap (free()). */
int store_audit_rec_ids(Db *db, long long auditId, long long **paId, int *pn) AT_MUST;

typedef struct AuditIn {
  const char *zRef, *zTitle, *zDirectorate, *zProvider;
  Day reportDate;
  int assurance; /* Assurance or AS_NONE_GIVEN */
} AuditIn;
int store_audit_add(Db *db, const AuditIn *a, long long *pId) AT_MUST;
/* The audit with this title (and date, when given) into *pId, 0 when there is
** none. 0, or 1 with db_errmsg when it cannot be read. */
int store_audit_find(Db *db, const char *zTitle, Day reportDate, long long *pId) AT_MUST;
/* Whether audit (recommendation) id exists: 0 with *pFound, or 1 with db_errmsg
** when it cannot be read. */
int store_audit_exists(Db *db, long long id, int *pFound) AT_MUST;
int store_rec_exists(Db *db, long long id, int *pFound) AT_MUST;
/* Mark an audit's full follow-up audit as done on a date. */
int store_audit_follow_up_done(Db *db, long long id, Day on) AT_MUST;

/* Insert a recommendation from r's register fields (not its history); the
** rating is given by id (0 = not rated). */
int store_rec_add(Db *db, const Rec *r, long long ratingId, long long importId,
                  long long *pId) AT_MUST;
/* Change one field of a recommendation, named as `rec set` names it: a plain text
** field by its zSet spelling in rec_fields.h ("exec-member", "text", "risk-text" ...),
** or confidential ("0"/"1"). Returns 0; 1 with db->err for an unknown field. The old
** value is returned in *pzOld (heap) for the journal. */
int store_rec_set(Db *db, long long id, const char *zField, const char *zValue,
                  char **pzOld) AT_MUST;
/* Point a recommendation at another rating. */
int store_rec_set_rating(Db *db, long long id, long long ratingId) AT_MUST;
int store_revision_add(Db *db, long long recId, const Revision *v) AT_MUST;
/* Add an update; its id goes to *pId when pId is not NULL. */
int store_progress_add(Db *db, long long recId, const Progress *u, long long *pId) AT_MUST;
int store_opinion_add(Db *db, long long recId, const Opinion *o) AT_MUST;
int store_decision_add(Db *db, long long recId, const Decision *d) AT_MUST;

/* Risk ratings: look up zCode (a code or label, any case) in the named scale,
** or in every scale when zScale is NULL, into *pId: the rating's id, 0 if absent,
** -1 if ambiguous. 0, or 1 with db_errmsg (*pId 0) when it cannot be read. */
int store_rating_find(Db *db, const char *zScale, const char *zCode, long long *pId) AT_MUST;
/* Whether there is a scale named zName (any case): 0 with *pFound, or 1. */
int store_scale_exists(Db *db, const char *zName, int *pFound) AT_MUST;
/* How many risk scales there are (none before init): 0 with *pn, or 1. */
int store_scale_count(Db *db, int *pn) AT_MUST;
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
int store_scales_describe(Db *db, Buf *out) AT_MUST;

/* Policy: start from the defaults and apply what the database stores. */
int store_policy_load(Db *db, Policy *p) AT_MUST;
int store_policy_save(Db *db, const char *zKey, const char *zValue) AT_MUST;

/* Imports, keyed by the hex BLAKE2b-256 digest of the file's bytes: *pId 0 if
** never imported, else that import's id with its time in *pzWhen (heap). 0, or 1
** with db_errmsg when it cannot be read. */
int store_import_find(Db *db, const char *zDigest, long long *pId, char **pzWhen) AT_MUST;
int store_import_add(Db *db, const char *zDigest, const char *zName, Day asAt, int rows,
                     long long *pId) AT_MUST;

/* Record an import's row count and date, and count the audits it touched. */
int store_import_finish(Db *db, long long importId, int rows, Day asAt, int *pnAudit) AT_MUST;

/* Journal listing, newest last, limited to the last n entries (0 = all). */
int store_journal_list(Db *db, int n, Buf *out) AT_MUST;

/* The audits, as rows for `audit list`: id, ref, title, date, directorate,
** assurance, provider, number of recommendations. */
typedef struct AuditRow {
  long long id;
  char *zRef, *zTitle, *zDirectorate, *zProvider;
  Day reportDate, followUpDone;
  int assurance, nRec;
} AuditRow;
int store_audit_list(Db *db, long long id, AuditRow **paRow, int *pn) AT_MUST;

/* Reporting cycles (store_cycle.c; the Cycle type is in model.h). Add a cycle; fails (db->err says
 * which) when the name or the date is taken. */
int store_cycle_add(Db *db, const char *zName, Day asAt, Day deadline, long long *pId) AT_MUST;
/* Remove the cycle named zName (any case); *pFound says whether there was one. */
int store_cycle_remove(Db *db, const char *zName, int *pFound) AT_MUST;
/* Every cycle, oldest first, each with its stated figures. */
int store_cycle_list(Db *db, Cycle **paCycle, int *pn) AT_MUST;
/* Record the figure x the paper of cycle cycleId stated (x->value), replacing the
** one of the same kind, risk and band (any case), or remove it (x->value < 0).
** *pOld is the value it replaces or removes, -1 when there was none. 0, or the
** error code (db_errmsg). */
int store_cycle_state(Db *db, long long cycleId, const Stated *x, long long *pOld) AT_MUST;
void store_cycles_free(Cycle *a, int n);

/* The words stored for a reporting cycle (store_text.c): a named part of a pack (auditId
** 0) or the commentary on an audit. zAudit: the audit's reference and title (NULL for a
** part); zUpdated: when it was last saved (ISO). */
typedef struct CycleText {
  long long auditId;
  char *zPart, *zBody, *zAudit, *zUpdated;
} CycleText;
/* Store zBody as part zPart (any case; kept in lower case) of cycle cycleId, for audit
** auditId (0: none), replacing what was there. 0 or the error code. */
int store_text_set(Db *db, long long cycleId, long long auditId, const char *zPart,
                   const char *zBody) AT_MUST;
/* Remove it; *pFound says whether there was one. */
int store_text_remove(Db *db, long long cycleId, long long auditId, const char *zPart,
                      int *pFound) AT_MUST;
/* Every text of cycle cycleId, the parts first, then by audit and part. */
int store_text_list(Db *db, long long cycleId, CycleText **pa, int *pn) AT_MUST;
void store_texts_free(CycleText *a, int n);
void store_audit_rows_free(AuditRow *a, int n);

/* Committee pack definitions (store_pack.c). Store zText as pack zName (any
** case), replacing one of that name; *pReplaced says whether there was one. */
int store_pack_put(Db *db, const char *zName, const char *zText, int *pReplaced) AT_MUST;
/* The stored definition named zName into *pzText (heap, caller frees; NULL when
** there is none). 0, or 1 with db_errmsg when the database cannot be read. */
int store_pack_get(Db *db, const char *zName, char **pzText) AT_MUST;
/* Remove the stored pack named zName (any case); *pFound says whether there was one. */
int store_pack_remove(Db *db, const char *zName, int *pFound) AT_MUST;
/* The stored packs' names in name order (heap array of heap strings: free with
** store_names_free). */
int store_pack_names(Db *db, char ***pazName, int *pn) AT_MUST;
/* Every risk rating's code and label, for checking names given in a pack. */
int store_rating_names(Db *db, char ***pazName, int *pn) AT_MUST;
void store_names_free(char **az, int n);

/* ---- the review queue: what owners submit for internal audit to decide ---- */

typedef enum SubKind { SUBK_UPDATE, SUBK_DATE, SUB_KIND__MAX } SubKind;
extern const char *const sub_kind_names[]; /* SUB_KIND__MAX: "update", "date" */

typedef struct Submission {
  long long id, recId, progressId, userId;
  SubKind kind;
  Day on;     /* when it was submitted */
  Day target; /* SUBK_DATE: the date asked for (DAY_NONE: TBC) */
  char *zTargetText, *zReason, *zAuthor;
  char *zState; /* pending, accepted, rejected, approved, refused */
  char *zDecidedBy, *zNote;
  Day decidedOn;
  long long progressSeen; /* decided: the recommendation's latest update then (0: none) */
  /* For the queue, read with the row: */
  char *zRecRef, *zRecTitle, *zRecBody, *zAuditTitle, *zText, *zCreated;
} Submission;
/* Insert s (id, state and the queue fields ignored). */
int store_sub_add(Db *db, const Submission *s, long long *pId) AT_MUST;
/* One submission: 0 with *out filled (heap strings: store_sub_clear; out->id 0
** when there is none), or 1 with db_errmsg when it cannot be read. */
int store_sub_get(Db *db, long long id, Submission *out) AT_MUST;
int store_sub_decide(Db *db, long long id, const char *zState, const char *zBy, Day on,
                     const char *zNote) AT_MUST;
/* Submissions of one recommendation (recId > 0), or every pending one (recId 0),
** oldest first. The array and its strings are heap: store_subs_free. */
int store_sub_list(Db *db, long long recId, Submission **pa, int *pn) AT_MUST;
void store_subs_free(Submission *a, int n);
/* What the owners and internal audit are told about (notify_run.c, My actions):
** every submission still pending, and every one rejected, refused or approved
** (whether it is still with the owner is rec_returned_open's answer), oldest
** first. Heap: store_subs_free. */
int store_sub_events(Db *db, Submission **pa, int *pn) AT_MUST;
void store_sub_clear(Submission *x);

/* ---- evidence files (the bytes live in the evidence directory: evidence.h) ---- */

typedef struct EvidenceFile {
  const char *zSha256, *zName, *zType;
  long long size;
} EvidenceFile;
typedef struct Evidence {
  long long id, recId, progressId, size;
  char *zSha256, *zName, *zType, *zAuthor, *zCreated;
} Evidence;
/* Add a file's row, attributed to zAuthor (the name the journal records) and to
** account userId (0: none, as from the command line). */
int store_evidence_add(Db *db, long long recId, long long progressId, const EvidenceFile *f,
                       const char *zAuthor, long long userId) AT_MUST;
/* What the evidence store holds, counting each distinct file (by digest) once:
** *pUser the bytes of the files attributed to account userId (0 when userId is
** 0), *pTotal those of every file. 0, or an error code with db_errmsg. */
int store_evidence_usage(Db *db, long long userId, long long *pUser, long long *pTotal) AT_MUST;
/* Is the file with digest zSha stored already: *pAny by anyone, *pUser by account
** userId? 0, or an error code with db_errmsg. */
int store_evidence_held(Db *db, const char *zSha, long long userId, int *pAny, int *pUser) AT_MUST;
/* The files of one recommendation (recId > 0) or the one file with id evId
** (recId 0), oldest first; heap: store_evidence_free. */
int store_evidence_list(Db *db, long long recId, long long evId, Evidence **pa, int *pn) AT_MUST;
void store_evidence_free(Evidence *a, int n);

/* ---- what the web pages read around one recommendation ---- */

/* The journal entries about recommendation recId (entity 'rec'), oldest first.
** Heap: store_journal_rows_free. */
typedef struct JournalRow {
  long long id;
  char *zAt, *zActor, *zAction, *zDetail;
} JournalRow;
int store_journal_rec(Db *db, long long recId, JournalRow **pa, int *pn) AT_MUST;
void store_journal_rows_free(JournalRow *a, int n);

/* ---- the journal as the register's change feed (web_register.c) ---- */

/* What one entry changed, as act_finish named it: its action ("rec.update"),
** entity ("rec", "audit", "policy" ...) and the entity's id (0: none). */
typedef struct JournalChange {
  long long id, entityId;
  char zAction[32], zEntity[24];
  char zHash[65];
} JournalChange;
/* The head's id (0: an empty journal) and hash ("" when empty; zHash may be NULL). */
int store_journal_head_hash(Db *db, long long *pId, char zHash[65]) AT_MUST;
/* The entries numbered since and after, oldest first, at most max of them: the
** first is entry since itself (when it exists), whose hash tells the reader
** whether the chain it followed is still this one. Heap (free()). */
int store_journal_since(Db *db, long long since, int max, JournalChange **pa, int *pn) AT_MUST;

/* ---- for the web pages' forms and lists ---- */

/* One risk rating with the text that names it unambiguously to
** store_rating_find (its code, else its label; NULL when neither does). */
typedef struct RatingRow {
  long long id;
  char *zScale, *zCode, *zLabel, *zName;
  char *zDef, *zScaleDesc; /* the rating's definition, its scale's description (or NULL) */
} RatingRow;
/* Every rating, scale by scale, most severe first. Heap: store_rating_rows_free. */
int store_rating_list(Db *db, RatingRow **pa, int *pn) AT_MUST;
void store_rating_rows_free(RatingRow *a, int n);
/* The recommendations delegated to an account, in id order. Heap array (free()). */
int store_delegated_recs(Db *db, long long userId, long long **paId, int *pn) AT_MUST;

/* ---- accounts, sessions, API tokens, delegations, login failures (store_user.c;
** the rules are auth.c's) ---- */

int store_user_add(Db *db, const User *u, const char *zHash, long long *pId) AT_MUST;
/* The account with this id, or (zLogin not NULL) this login in any case: 0 with *u
** and its password hash in *pzHash (heap, NULL when unset) when pzHash is given;
** u->id 0 when there is none. 1 with db_errmsg when it cannot be read. The
** session, token and login-failure lookups below answer the same way: 0 with
** *pId (*pN) 0 when there is none, 1 when the database fails. */
int store_user_get(Db *db, long long id, const char *zLogin, User *u, char **pzHash) AT_MUST;
int store_user_set(Db *db, long long id, const char *zField, const char *zValue) AT_MUST;
int store_user_list(Db *db, User **pa, int *pn) AT_MUST;
int store_session_add(Db *db, long long userId, const char *zHash, const char *zCsrf, long long now,
                      const char *zAddr) AT_MUST;
int store_session_find(Db *db, const char *zHash, User *u, char *zCsrf, long long *pId,
                       long long *pCreated, long long *pSeen) AT_MUST;
int store_session_touch(Db *db, long long id, long long now) AT_MUST;
int store_session_delete(Db *db, long long id,
                         long long userId) AT_MUST; /* one, or all of a user */
int store_token_add(Db *db, long long userId, const char *zName, const char *zHash,
                    long long *pId) AT_MUST;
int store_token_find(Db *db, const char *zHash, User *u, long long *pId,
                     char zLastUsed[11]) AT_MUST; /* YYYY-MM-DD, or "" */
int store_token_used(Db *db, long long id) AT_MUST;
int store_token_revoke(Db *db, long long userId, long long id) AT_MUST;
int store_token_list(Db *db, long long userId, ApiToken **pa, int *pn) AT_MUST;
int store_delegation_set(Db *db, long long recId, long long userId, int remove) AT_MUST;
int store_fail_get(Db *db, const char *zKey, int *pN, long long *pLast) AT_MUST;
int store_fail_bump(Db *db, const char *zKey, long long now) AT_MUST;
int store_fail_clear(Db *db, const char *zKey) AT_MUST;
/* Remove what has served its purpose and holds an address (personal data):
** sessions unused since idleBefore or opened before createdBefore (refused if
** presented), and failure counts whose every failure has been forgotten by now
** (one per quiet 900 s, as store_fail_bump counts). */
int store_auth_purge(Db *db, long long idleBefore, long long createdBefore, long long now) AT_MUST;

/* Notifications: people, settings, templates, notices, the outbox. */
#include "store_notify.h"

#endif
