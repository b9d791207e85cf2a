/*
** action_edit.c: changing the recorded fields of audits and recommendations,
** one field (`audit set`, `rec set`) or several in one transaction (the web's
** forms that change an audit or a recommendation), each field journalled as
** its own change with its old and new value, which the history tells in words.
** Not for: the history entries of a recommendation (updates, revisions,
** opinions: action.c), parsing argv or forms, or SQL (store.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_int.h"
#include "date.h"

/* Journal a one-field change as entity.set, committing when last (act_finish),
** else inside the transaction (act_journal); frees zOld. */
static int set_journal(Db *db, const Actor *who, const char *zEntity, long long id,
                       const char *zField, char *zOld, const char *zValue, int last, Buf *err) {
  Buf j = BUF_INIT;
  char zAction[32];
  action_jkv(&j, "field", zField);
  action_jkv(&j, "old", zOld);
  action_jkv(&j, "new", zValue);
  snprintf(zAction, sizeof zAction, "%s.set", zEntity);
  free(zOld);
  int rc = last ? act_finish(db, 0, who, zAction, zEntity, id, action_jend(&j), err)
                : act_journal(db, who, zAction, zEntity, id, action_jend(&j), err);
  buf_free(&j);
  return rc;
}

int act_audit_set(Db *db, const Actor *who, long long id, const char *zField, const char *zValue,
                  Buf *err) {
  char zDate[DAY_FMT_MAX];
  int rc = action_audit_must_exist(db, id, err);
  if (rc) return rc;
  if (!strcmp(zField, "title") && !zValue[0]) {
    return buf_fail(err, ACT_INVALID, "an audit's title cannot be empty");
  }
  if (!strcmp(zField, "date") && zValue[0]) {
    DateParse p;
    char zErr[96];
    if (day_parse(zValue, DF_ISO | DF_DMY | DF_TEXT, &p, zErr, sizeof zErr) ||
        p.kind != DATE_EXACT) {
      return buf_fail(err, ACT_INVALID, "date: '%s' is not a day", zValue);
    }
    zValue = day_fmt(p.day, DAY_ISO, zDate);
  }
  if (!strcmp(zField, "assurance") && zValue[0]) {
    int k = assurance_from_name(zValue);
    if (k == AS_NONE_GIVEN) {
      return buf_fail(err, ACT_INVALID,
                      "assurance: '%s' is not one of substantial, reasonable, limited, none",
                      zValue);
    }
    zValue = assurance_names[k];
  }
  if ((rc = act_begin(db, err))) return rc;
  char *zOld = 0;
  if (store_audit_set(db, id, zField, zValue, &zOld)) {
    free(zOld);
    return act_finish(db, 1, who, "audit.set", "audit", id, 0, err);
  }
  return set_journal(db, who, "audit", id, zField, zOld, zValue, 1, err);
}

/* The recommendation's rating as "Label (CODE)" (heap), or NULL when it has none. */
static int rating_text(Db *db, long long id, char **pz, Buf *err) {
  RecSet set;
  *pz = 0;
  if (store_load(db, id, 0, DAY_NONE, &set)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (set.n == 1 && set.a[0].zRiskLabel) {
    Buf t = BUF_INIT;
    buf_appendf(&t, "%s (%s)", set.a[0].zRiskLabel, set.a[0].zRiskCode ? set.a[0].zRiskCode : "");
    *pz = xstrdup(buf_cstr(&t));
    buf_free(&t);
  }
  recset_free(&set);
  return ACT_OK;
}

/* Is a value written the one there was? An empty optional field is stored as NULL. */
static int same_text(const char *zOld, const char *zNew) {
  return !strcmp(zOld ? zOld : "", zNew ? zNew : "");
}

/* One field of recommendation id, in the caller's transaction: checked and
** written. When it changed something, *pzDetail (heap) is its journal entry's
** detail: the field, its old value and its new one; else NULL. */
static int rec_set_one(Db *db, long long id, const char *zField, const char *zValue,
                       char **pzDetail, Buf *err) {
  *pzDetail = 0;
  if (!strcmp(zField, "confidential") && strcmp(zValue, "0") && strcmp(zValue, "1")) {
    return buf_fail(err, ACT_INVALID, "confidential must be 0 or 1, not '%s'", zValue);
  }
  if (!strcmp(zField, "text") && !zValue[strspn(zValue, " \t\r\n")]) {
    return buf_fail(err, ACT_INVALID, "the recommendation's text cannot be empty");
  }
  char *zOld = 0, *zNew = 0;
  int rc = ACT_OK;
  if (!strcmp(zField, "risk")) {
    /* The rating is a reference, not text: resolved and stored by id, and
    ** journalled as people read it. */
    long long ratingId = 0;
    if ((rc = action_rating_must_find(db, zValue, &ratingId, err)) ||
        (rc = rating_text(db, id, &zOld, err)))
      return rc;
    if (store_rec_set_rating(db, id, ratingId))
      rc = buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    else
      rc = rating_text(db, id, &zNew, err);
  } else if (store_rec_set(db, id, zField, zValue, &zOld)) {
    rc = buf_fail(err, ACT_INVALID, "%s", db_errmsg(db)); /* no such field */
  }
  const char *zNow = zNew ? zNew : zValue;
  if (!strcmp(zField, "confidential") && !zOld) zOld = xstrdup("0");
  if (!rc && !same_text(zOld, zNow)) {
    Buf j = BUF_INIT;
    action_jkv(&j, "field", zField);
    action_jkv(&j, "old", zOld);
    action_jkv(&j, "new", zNow);
    *pzDetail = xstrdup(action_jend(&j));
    buf_free(&j);
  }
  free(zOld);
  free(zNew);
  return rc;
}

int act_rec_edit(Db *db, const Actor *who, long long id, int n, const char *const *azField,
                 const char *const *azValue, int *aChanged, int *pBad, Buf *err) {
  int rc = action_rec_must_exist(db, id, err);
  if (pBad) *pBad = -1;
  if (rc || (rc = act_begin(db, err))) return rc;
  char **azDetail = xmalloc(sizeof(char *) * (size_t)(n + 1));
  int i = 0, last = -1, done = 0;
  for (; i < n && !rc; i++) {
    rc = rec_set_one(db, id, azField[i], azValue[i] ? azValue[i] : "", &azDetail[i], err);
    if (aChanged) aChanged[i] = azDetail[i] != 0;
    if (azDetail[i]) last = i;
  }
  if (rc && pBad) *pBad = i - 1;
  /* Each changed field its own entry, as `rec set` journals one; the last commits. */
  for (int k = 0; k <= last && !rc; k++) {
    if (!azDetail[k]) continue;
    done = k == last; /* act_finish commits, or rolls back itself */
    rc = done ? act_finish(db, 0, who, "rec.set", "rec", id, azDetail[k], err)
              : act_journal(db, who, "rec.set", "rec", id, azDetail[k], err);
  }
  if (!done) act_abandon(db); /* refused, failed, or nothing changed */
  for (int k = 0; k < i; k++) free(azDetail[k]);
  free(azDetail);
  return rc;
}

int act_rec_set(Db *db, const Actor *who, long long id, const char *zField, const char *zValue,
                Buf *err) {
  return act_rec_edit(db, who, id, 1, &zField, &zValue, 0, 0, err);
}
