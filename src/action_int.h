/*
** action_int.h: what action.c lends the other files of the action layer
** (action_edit.c): the journal detail's writer and the checks that a
** recommendation, an audit or a risk rating exists. Private to action*.c.
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

#endif
