/*
** action_int.h: what action.c lends the other files of the action layer
** (action_edit.c, action_review.c, action_text.c, action_settings.c): the journal detail's writer,
*the checks
** that a recommendation, an audit or a risk rating exists, and the checks of an
** opinion and of closing, apart from their writes. Private to action*.c.
** Not for: any door (they include action.h).
*/
#ifndef AT_ACTION_INT_H
#define AT_ACTION_INT_H

#include "action.h"

/* Add "zKey":"zVal" to the flat JSON object being built in b (nothing when zVal
** is NULL); action_jend closes it and returns its text. */
void action_jkv(Buf *b, const char *zKey, const char *zVal);
const char *action_jend(Buf *b);
/* ACT_OK when it exists, ACT_NOT_FOUND (err says which) when not, ACT_ERROR when
** the database cannot say. */
int action_rec_must_exist(Db *db, long long id, Buf *err) AT_MUST;
int action_audit_must_exist(Db *db, long long id, Buf *err) AT_MUST;
/* The rating zRisk names (a code or label of any scale) into *pId: ACT_INVALID
** when none or several do. */
int action_rating_must_find(Db *db, const char *zRisk, long long *pId, Buf *err) AT_MUST;

void action_jid(Buf *b, const char *zKey, long long id);
/* act_finish with a detail built by action_jkv() and friends, which this closes
** and frees. */
int action_finish(Db *db, int rc, const Actor *who, const char *zAction, const char *zEntity,
                  long long id, Buf *detail, Buf *err) AT_MUST;
/* Load one recommendation (the caller frees set on ACT_OK) and its state on a day. */
int action_state_of(Db *db, long long id, Day on, RecSet *set, RecState *st, Buf *err) AT_MUST;

/* Internal audit's opinion o on recommendation recId, checked as act_rec_review
** checks it (nothing written). */
int action_review_check(Db *db, long long recId, const Opinion *o, Buf *err) AT_MUST;
/* Closing as implemented, checked as act_rec_close checks it (nothing written):
** on ACT_OK *pO is the opinion to record, its text in t (the caller's, freed by
** the caller). */
int action_close_check(Db *db, const Actor *who, long long recId, Day on, const char *zText,
                       const char *zEvidence, Opinion *pO, Buf *t, Buf *err) AT_MUST;
/* An opinion's journal detail, added to the object being built in j. */
void action_opinion_detail(Buf *j, const Opinion *o);

#endif
