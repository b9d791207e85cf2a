/*
** action_settings.c: the writes to what is not the register: people's e-mail
** addresses and whether they are sent e-mails, the outbox's retries and releases,
** and the database's own settings (the organisation at init, the policy, the
** notification settings and templates), each in one transaction and journalled.
** Not for: the register's writes (action.c) or SQL (store*.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_int.h"
#include "mail.h"
#include "notify.h"
#include "notify_run.h"

/* ---- people's e-mails and the outbox ---- */

int act_person_set(Db *db, const Actor *who, const char *zName, const char *zEmail,
                   const char *zSource, Buf *err) {
  if (!zName || !zName[0] || strlen(zName) > LIMIT_NAME)
    return buf_fail(err, ACT_INVALID, "a person's name is 1 to %d characters", LIMIT_NAME);
  if (!zEmail) return buf_fail(err, ACT_INVALID, "an e-mail address is needed");
  char zWhy[96];
  if (zEmail[0] && !mail_addr_valid(zEmail, zWhy, sizeof zWhy))
    return buf_fail(err, ACT_INVALID, "'%s' is not an e-mail address: %s", zEmail, zWhy);
  int rc = act_begin(db, err);
  if (rc) return rc;
  char *zOld = 0;
  int w = store_person_set(db, zName, zEmail, -1, zSource, &zOld);
  Buf j = BUF_INIT;
  action_jkv(&j, "name", zName);
  action_jkv(&j, "email", zEmail);
  action_jkv(&j, "old_email", zOld);
  free(zOld);
  return action_finish(db, w, who, "person.set", "person", 0, &j, err);
}

int act_person_stop(Db *db, const Actor *who, const char *zName, int stop, const char *zSource,
                    int *pnCancelled, Buf *err) {
  int n = 0;
  if (pnCancelled) *pnCancelled = 0;
  if (!zName || !zName[0] || strlen(zName) > LIMIT_NAME)
    return buf_fail(err, ACT_INVALID, "a person's name is 1 to %d characters", LIMIT_NAME);
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = store_person_set(db, zName, 0, stop ? 1 : 0, zSource, 0);
  if (!w && stop) w = store_outbox_cancel_person(db, zName, &n);
  Buf j = BUF_INIT;
  action_jkv(&j, "name", zName);
  action_jkv(&j, "emails", stop ? "stopped" : "resumed");
  rc = action_finish(db, w, who, stop ? "person.stop" : "person.resume", "person", 0, &j, err);
  if (rc == ACT_OK && pnCancelled) *pnCancelled = n;
  return rc;
}

int act_outbox_retry(Db *db, const Actor *who, long long id, int *pn, Buf *err) {
  int n = 0;
  if (pn) *pn = 0;
  if (id < 0) return buf_fail(err, ACT_INVALID, "a message number is positive");
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = store_outbox_retry(db, id, &n);
  if (!w && id && !n) {
    db_rollback(db);
    return buf_fail(err, ACT_NOT_FOUND, "message %lld is not queued", id);
  }
  Buf j = BUF_INIT;
  if (id)
    action_jid(&j, "message", id);
  else
    action_jkv(&j, "message", "all");
  char z[24];
  snprintf(z, sizeof z, "%d", n);
  action_jkv(&j, "retried", z);
  rc = action_finish(db, w, who, "outbox.retry", "outbox", id, &j, err);
  if (rc == ACT_OK && pn) *pn = n;
  return rc;
}

int act_outbox_release(Db *db, const Actor *who, long long id, Buf *err) {
  int n = 0;
  if (id <= 0) return buf_fail(err, ACT_INVALID, "a message number is positive");
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = store_outbox_release(db, id, &n);
  if (!w && !n) {
    db_rollback(db);
    return buf_fail(err, ACT_NOT_FOUND, "message %lld is not held as may have been sent", id);
  }
  Buf j = BUF_INIT;
  action_jid(&j, "message", id);
  return action_finish(db, w, who, "outbox.release", "outbox", id, &j, err);
}

/* ---- the database's own settings: init, policy, notifications, imports ---- */

int act_init(Db *db, const Actor *who, const char *zOrg, Buf *err) {
  int n = 0;
  if (store_scale_count(db, &n)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  /* The schema is installed by db_open; the scales say init has run. */
  if (n) return buf_fail(err, ACT_CONFLICT, "the database is already initialised");
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = store_install_scales(db);
  if (!w && zOrg) w = db_meta_set(db, "organisation", zOrg);
  Buf j = BUF_INIT;
  return action_finish(db, w, who, "init", "database", 0, &j, err);
}

int act_policy_set(Db *db, const Actor *who, const char *zKey, const char *zValue, Buf *pValue,
                   Buf *err) {
  Policy p;
  if (store_policy_load(db, &p)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  Buf e = BUF_INIT;
  if (policy_set(&p, zKey, zValue, &e)) {
    buf_appendf(err, "policy %s: %s", zKey, buf_cstr(&e));
    buf_free(&e);
    return ACT_INVALID;
  }
  buf_free(&e);
  /* Store the normalised form, so `policy show` prints what the engine uses. */
  buf_reset(pValue);
  policy_value(&p, zKey, pValue);
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = store_policy_save(db, zKey, buf_cstr(pValue));
  Buf j = BUF_INIT;
  action_jkv(&j, "key", zKey);
  action_jkv(&j, "value", buf_cstr(pValue));
  return action_finish(db, w, who, "policy.set", "policy", 0, &j, err);
}

int act_notify_setting_set(Db *db, const Actor *who, const char *zKey, const char *zValue,
                           Buf *err) {
  if (notify_setting_check(zKey, zValue, err)) return ACT_INVALID;
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = store_notify_set(db, zKey, zValue);
  Buf j = BUF_INIT;
  action_jkv(&j, "key", zKey);
  int secret = notify_settings[notify_setting_find(zKey)].secret;
  action_jkv(&j, "value", secret && zValue[0] ? "(set, not shown)" : zValue);
  return action_finish(db, w, who, "notify.set", "setting", 0, &j, err);
}

int act_notify_template_set(Db *db, const Actor *who, const char *zName, const char *zText,
                            size_t nText, Buf *err) {
  int id = tmpl_from_name(zName);
  if (id < 0) return buf_fail(err, ACT_INVALID, "unknown template '%s'", zName);
  char *zBody = 0;
  if (zText) {
    zBody = xstrndup(zText, nText);
    /* A one-line template keeps no final newline: the subject and reasons are inline. */
    size_t n = nText;
    if (id == TMPL_SUBJECT || id >= TMPL_REMINDER) {
      while (n && (zBody[n - 1] == '\n' || zBody[n - 1] == '\r')) zBody[--n] = 0;
    }
    Buf e = BUF_INIT;
    if (strlen(zBody) != n || tmpl_check((TmplId)id, zBody, &e)) {
      buf_appendf(err, "template %s: %s", zName, e.n ? buf_cstr(&e) : "it holds a NUL byte");
      buf_free(&e);
      free(zBody);
      return ACT_INVALID;
    }
    buf_free(&e);
  }
  int rc = act_begin(db, err);
  if (!rc) {
    int w = store_template_set(db, zName, zBody);
    Buf j = BUF_INIT;
    action_jkv(&j, "name", zName);
    action_jkv(&j, "body", zBody ? zBody : "(default)");
    rc = action_finish(db, w, who, "notify.template", "template", 0, &j, err);
  }
  free(zBody);
  return rc;
}

/* ---- column maps kept for the next tracker with the same headings ---- */

void import_map_key(const char *zSig, char *z, size_t n) { snprintf(z, n, "import_map.%s", zSig); }

int act_import_map_save(Db *db, const Actor *who, const char *zSig, const char *zText, Buf *err) {
  size_t n = zSig ? strlen(zSig) : 0;
  if (n != 64 || strspn(zSig, "0123456789abcdef") != 64) {
    return buf_fail(err, ACT_INVALID, "headings signature: expected 64 hex digits");
  }
  char zKey[96], *zOld = 0;
  import_map_key(zSig, zKey, sizeof zKey);
  if (db_meta_read(db, zKey, &zOld)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  int same = zOld && !strcmp(zOld, zText);
  free(zOld);
  if (same) return 0; /* kept already: nothing to journal */
  int rc = act_begin(db, err);
  if (rc) return rc;
  int w = db_meta_set(db, zKey, zText);
  Buf j = BUF_INIT;
  action_jkv(&j, "headings", zSig);
  action_jkv(&j, "map", zText);
  return action_finish(db, w, who, "import.map", "setting", 0, &j, err);
}
