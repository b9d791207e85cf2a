/*
** action.c: the changes to the register and the rules that allow them, for
** the command line and the web application alike.
**
** Shape: check (reading), then begin; write; journal; commit. On any failure
** the transaction is rolled back and err says why, so nothing is half-written.
** Not for: parsing front-door input, or who may act (the front doors decide).
*/
#include "action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action_int.h"
#include "date.h"
#include "limit.h"
#include "mail.h"
#include "notify.h"
#include "notify_run.h"
#include "report_pack.h"

/* ---- journal detail: a flat JSON object of text values ---- */

static void jkv(Buf *b, const char *zKey, const char *zVal) {
  if (!zVal) return;
  buf_putc(b, b->n ? ',' : '{');
  buf_json_str(b, zKey);
  buf_putc(b, ':');
  buf_json_str(b, zVal);
}
static void jday(Buf *b, const char *zKey, Day d) {
  char z[DAY_FMT_MAX];
  jkv(b, zKey, d == DAY_NONE ? 0 : day_fmt(d, DAY_ISO, z));
}
static void jid(Buf *b, const char *zKey, long long id) {
  char z[24];
  snprintf(z, sizeof z, "%lld", id);
  jkv(b, zKey, z);
}
static const char *jend(Buf *b) {
  if (!b->n) buf_putc(b, '{');
  buf_putc(b, '}');
  return buf_cstr(b);
}

static int begin(Db *db, Buf *err) {
  db_error_clear(db);
  if (db_begin(db))
    return buf_fail(err, ACT_ERROR, "cannot start a transaction: %s", db_errmsg(db));
  return ACT_OK;
}

int act_finish(Db *db, int rc, const Actor *who, const char *zAction, const char *zEntity,
               long long id, const char *zDetailJson, Buf *err) {
  const char *zDetail = zDetailJson && zDetailJson[0] ? zDetailJson : "{}";
  if (rc == 0 && journal_append(db, who->zName, zAction, zEntity, id, zDetail)) rc = 1;
  if (rc == 0 && db_commit(db)) rc = 1;
  if (rc) {
    if (!err->n) buf_puts(err, db_errmsg(db)[0] ? db_errmsg(db) : "the database write failed");
    db_rollback(db);
    return ACT_ERROR;
  }
  return ACT_OK;
}

int act_journal(Db *db, const Actor *who, const char *zAction, const char *zEntity, long long id,
                const char *zDetailJson, Buf *err) {
  const char *zDetail = zDetailJson && zDetailJson[0] ? zDetailJson : "{}";
  if (!journal_append(db, who->zName, zAction, zEntity, id, zDetail)) return ACT_OK;
  buf_puts(err, db_errmsg(db)[0] ? db_errmsg(db) : "the journal could not be written");
  return ACT_ERROR;
}

/* act_finish with a detail built by jkv() and friends, which this closes and frees. */
int action_finish(Db *db, int rc, const Actor *who, const char *zAction, const char *zEntity,
                  long long id, Buf *detail, Buf *err) {
  rc = act_finish(db, rc, who, zAction, zEntity, id, jend(detail), err);
  buf_free(detail);
  return rc;
}

int act_parse_target(const char *z, Day *pDay, Buf *err) {
  DateParse p;
  char zErr[96];
  if (!z || !z[0]) return buf_fail(err, 1, "a target date or TBC is needed");
  if (day_parse(z, DF_DEFAULT, &p, zErr, sizeof zErr)) {
    return buf_fail(err, 1, "'%s' is not a date or TBC: %s", z, zErr);
  }
  if (p.kind == DATE_TBC)
    *pDay = DAY_NONE;
  else if (p.kind == DATE_EXACT || p.kind == DATE_MONTH || p.kind == DATE_SEASON)
    *pDay = p.day;
  else
    return buf_fail(err, 1, "'%s' is not a date or TBC", z);
  return 0;
}

/* Load one recommendation and its state on a date. On ACT_OK the caller frees set. */
static int state_of(Db *db, long long id, Day on, RecSet *set, RecState *st, Buf *err) {
  Policy p;
  if (store_policy_load(db, &p) || store_load(db, id, 1, DAY_NONE, set)) {
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  if (set->n != 1) {
    recset_free(set);
    return buf_fail(err, ACT_NOT_FOUND, "no recommendation %lld", id);
  }
  rec_state_made(&set->a[0], &p, on, st);
  return ACT_OK;
}

/* ACT_OK when the recommendation (audit) exists, else ACT_NOT_FOUND; ACT_ERROR
** when the database cannot say, which is never taken for "there is none". */
static int rec_must_exist(Db *db, long long id, Buf *err) {
  int found = 0;
  if (store_rec_exists(db, id, &found)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  return found ? ACT_OK : buf_fail(err, ACT_NOT_FOUND, "no recommendation %lld", id);
}

static int audit_must_exist(Db *db, long long id, Buf *err) {
  int found = 0;
  if (id > 0 && store_audit_exists(db, id, &found))
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  return found ? ACT_OK : buf_fail(err, ACT_NOT_FOUND, "no audit %lld", id);
}

/* The risk rating zRisk names (a code or label of any scale) into *pId:
** ACT_INVALID when none or several do, ACT_ERROR when they cannot be read. */
static int rating_must_find(Db *db, const char *zRisk, long long *pId, Buf *err) {
  if (store_rating_find(db, 0, zRisk, pId)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (*pId > 0) return ACT_OK;
  return buf_fail(err, ACT_INVALID, "'%s' is %s risk rating", zRisk,
                  *pId < 0 ? "an ambiguous" : "not a known");
}

/* The helpers above for action_edit.c (action_int.h). */
void action_jkv(Buf *b, const char *zKey, const char *zVal) { jkv(b, zKey, zVal); }
const char *action_jend(Buf *b) { return jend(b); }
int action_rec_must_exist(Db *db, long long id, Buf *err) { return rec_must_exist(db, id, err); }
int action_audit_must_exist(Db *db, long long id, Buf *err) {
  return audit_must_exist(db, id, err);
}
int action_rating_must_find(Db *db, const char *zRisk, long long *pId, Buf *err) {
  return rating_must_find(db, zRisk, pId, err);
}
void action_jid(Buf *b, const char *zKey, long long id) { jid(b, zKey, id); }
int action_state_of(Db *db, long long id, Day on, RecSet *set, RecState *st, Buf *err) {
  return state_of(db, id, on, set, st, err);
}

/* ---- audits ---- */

int act_audit_add(Db *db, const Actor *who, const AuditIn *in, long long *pId, Buf *err) {
  if (!in->zTitle || !in->zTitle[0]) return buf_fail(err, ACT_INVALID, "an audit needs a title");
  int rc = begin(db, err);
  if (rc) return rc;
  rc = store_audit_add(db, in, pId);
  Buf j = BUF_INIT;
  jkv(&j, "title", in->zTitle);
  jkv(&j, "ref", in->zRef);
  jday(&j, "report_date", in->reportDate);
  jkv(&j, "directorate", in->zDirectorate);
  jkv(&j, "assurance", in->assurance >= 0 ? assurance_names[in->assurance] : 0);
  return action_finish(db, rc, who, "audit.add", "audit", *pId, &j, err);
}

int act_audit_follow_up_done(Db *db, const Actor *who, long long id, Day on, Buf *err) {
  int rc = audit_must_exist(db, id, err);
  if (rc) return rc;
  rc = begin(db, err);
  if (rc) return rc;
  rc = store_audit_follow_up_done(db, id, on);
  Buf j = BUF_INIT;
  jday(&j, "follow_up_done", on);
  return action_finish(db, rc, who, "audit.follow-up", "audit", id, &j, err);
}

int act_scale_add(Db *db, const Actor *who, const char *zName, const char *zDesc, const char *zSpec,
                  int n, const char *const *azCode, const char *const *azLabel,
                  const char *const *azDef, Buf *err) {
  int rc = begin(db, err);
  if (rc) return rc;
  rc = store_scale_add(db, zName, zDesc, n, azCode, azLabel, azDef);
  Buf j = BUF_INIT;
  jkv(&j, "name", zName);
  jkv(&j, "ratings", zSpec);
  return action_finish(db, rc, who, "scale.add", "scale", 0, &j, err);
}

/* Trim spaces, tabs and line ends from both ends of z, in place. */
static char *trim_ends(char *z) {
  z += strspn(z, " \t\r\n");
  size_t n = strlen(z);
  while (n && strchr(" \t\r\n", z[n - 1])) z[--n] = 0;
  return z;
}

int act_scale_add_spec(Db *db, const Actor *who, const char *zName, const char *zDesc,
                       const char *zSpec, int *pnRating, Buf *err) {
  enum { MAX_RATINGS = 12 };
  const char *azCode[MAX_RATINGS], *azLabel[MAX_RATINGS], *azDef[MAX_RATINGS];
  int n = 0, rc = ACT_OK, found = 0;
  if (!zName || !zName[strspn(zName, " \t")])
    return buf_fail(err, ACT_INVALID, "a scale needs a name");
  char *zCopy = xstrdup(zSpec ? zSpec : ""), *zSave = 0;
  for (char *t = strtok_r(zCopy, ";\n", &zSave); t && !rc; t = strtok_r(0, ";\n", &zSave)) {
    char *zLabel = strchr(t, ':');
    char *zDef = zLabel ? strchr(zLabel + 1, ':') : 0;
    if (zLabel) *zLabel++ = 0;
    if (zDef) *zDef++ = 0;
    t = trim_ends(t);
    if (!t[0] && !zLabel) continue; /* an empty line */
    if (zLabel) zLabel = trim_ends(zLabel);
    if (n == MAX_RATINGS) {
      rc = buf_fail(err, ACT_INVALID, "at most %d ratings", MAX_RATINGS);
    } else if (!t[0] || !zLabel || !zLabel[0]) {
      rc = buf_fail(err, ACT_INVALID, "each rating needs CODE:LABEL, as in 'P1:Priority 1'");
    } else {
      azCode[n] = t;
      azLabel[n] = zLabel;
      azDef[n] = zDef ? trim_ends(zDef) : "";
      for (int i = 0; i < n && !rc; i++) {
        if (!strcasecmp(azCode[i], t))
          rc = buf_fail(err, ACT_INVALID, "code '%s' appears twice", t);
      }
      n++;
    }
  }
  if (!rc && n == 0) rc = buf_fail(err, ACT_INVALID, "no ratings are given");
  if (!rc && store_scale_exists(db, zName, &found))
    rc = buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (!rc && found) rc = buf_fail(err, ACT_CONFLICT, "a scale named '%s' already exists", zName);
  if (!rc)
    rc = act_scale_add(db, who, zName, zDesc ? zDesc : "", zSpec, n, azCode, azLabel, azDef, err);
  *pnRating = n;
  free(zCopy);
  return rc;
}

/* ---- reporting cycles ---- */

int act_cycle_add(Db *db, const Actor *who, const char *zName, Day asAt, Day deadline,
                  long long *pId, Buf *err) {
  if (!zName || !zName[0]) return buf_fail(err, ACT_INVALID, "a cycle needs a name");
  if (strlen(zName) > LIMIT_NAME)
    return buf_fail(err, ACT_INVALID, "a cycle's name is %d characters at most", LIMIT_NAME);
  if (asAt == DAY_NONE) return buf_fail(err, ACT_INVALID, "a cycle needs its committee date");
  if (deadline != DAY_NONE && deadline > asAt)
    return buf_fail(err, ACT_INVALID,
                    "the deadline for updates must be on or before the "
                    "committee date");
  int rc = begin(db, err);
  if (rc) return rc;
  if (store_cycle_add(db, zName, asAt, deadline, pId)) {
    buf_puts(err, db_errmsg(db));
    db_rollback(db);
    return ACT_CONFLICT;
  }
  Buf j = BUF_INIT;
  char z[DAY_FMT_MAX];
  jkv(&j, "name", zName);
  jkv(&j, "as_at", day_fmt(asAt, DAY_ISO, z));
  if (deadline != DAY_NONE) jkv(&j, "deadline", day_fmt(deadline, DAY_ISO, z));
  return action_finish(db, 0, who, "cycle.add", "cycle", *pId, &j, err);
}

int act_cycle_remove(Db *db, const Actor *who, const char *zName, Buf *err) {
  int rc = begin(db, err), found = 0;
  if (rc) return rc;
  rc = store_cycle_remove(db, zName, &found);
  if (!rc && !found) {
    db_rollback(db);
    return buf_fail(err, ACT_NOT_FOUND, "there is no cycle named '%s'", zName);
  }
  Buf j = BUF_INIT;
  jkv(&j, "name", zName);
  return action_finish(db, rc, who, "cycle.remove", "cycle", 0, &j, err);
}

int act_cycle_state(Db *db, const Actor *who, const char *zCycle, const char *zKind,
                    const char *zRisk, const char *zBand, long long value, Buf *err) {
  int k = stated_kind_from_name(zKind);
  if (k < 0)
    return buf_fail(err, ACT_INVALID,
                    "figure: '%s' is not open, overdue, not_yet_due or implemented",
                    zKind ? zKind : "");
  Stated x = {(StatedKind)k, (char *)(zRisk ? zRisk : ""), (char *)(zBand ? zBand : ""), value};
  if (x.zBand[0] && k != STATED_OVERDUE)
    return buf_fail(err, ACT_INVALID, "band: only an overdue figure is stated by band");
  if (strlen(x.zRisk) > LIMIT_NAME || strlen(x.zBand) > LIMIT_NAME)
    return buf_fail(err, ACT_INVALID, "%s: %d characters at most",
                    strlen(x.zRisk) > LIMIT_NAME ? "risk" : "band", LIMIT_NAME);
  if (value > LIMIT_STATED)
    return buf_fail(err, ACT_INVALID, "value: %lld is more than %d", value, LIMIT_STATED);
  Cycle *aC = 0;
  int nC = 0, rc = begin(db, err);
  if (rc) return rc;
  if (store_cycle_list(db, &aC, &nC)) {
    buf_puts(err, db_errmsg(db));
    db_rollback(db);
    return ACT_ERROR;
  }
  const Cycle *c = cycle_find(aC, nC, zCycle);
  long long old = -1, id = c ? c->id : 0;
  store_cycles_free(aC, nC);
  if (!id) {
    db_rollback(db);
    return buf_fail(err, ACT_NOT_FOUND, "there is no cycle named '%s'", zCycle);
  }
  rc = store_cycle_state(db, id, &x, &old);
  if (!rc && value < 0 && old < 0) {
    db_rollback(db);
    Buf w = BUF_INIT;
    stated_words(&w, &x, 0);
    rc = buf_fail(err, ACT_NOT_FOUND, "cycle '%s' has no stated figure '%s'", zCycle,
                  buf_cstr(&w) + 2);
    buf_free(&w);
    return rc;
  }
  Buf j = BUF_INIT;
  jkv(&j, "name", zCycle);
  jkv(&j, "figure", stated_kind_name(x.kind));
  if (x.zRisk[0]) jkv(&j, "risk", x.zRisk);
  if (x.zBand[0]) jkv(&j, "band", x.zBand);
  if (old >= 0) jid(&j, "old", old);
  if (value >= 0) jid(&j, "value", value);
  return action_finish(db, rc, who, value >= 0 ? "cycle.state" : "cycle.unstate", "cycle", id, &j,
                       err);
}

/* ---- committee packs ---- */

int act_pack_set(Db *db, const Actor *who, const char *zName, const char *zText, Buf *err) {
  Policy pol;
  Buf e = BUF_INIT;
  /* The name follows the rule of the policy's "pack" setting, which names it. */
  if (policy_set(&pol, "pack", zName ? zName : "", &e)) {
    buf_free(&e);
    return buf_fail(err, ACT_INVALID,
                    "a pack's name is letters, digits, '-' and '_' (at most "
                    "47), not '%s'",
                    zName ? zName : "");
  }
  if (store_policy_load(db, &pol)) {
    buf_free(&e);
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  Pack pk;
  char **azRisk = 0;
  int nRisk = 0;
  int rc = pack_parse(zName, zText, &pk, &e);
  if (!rc && store_rating_names(db, &azRisk, &nRisk)) {
    buf_puts(&e, db_errmsg(db));
    rc = ACT_ERROR;
  } else if (!rc) {
    rc = pack_check(&pk, &pol, azRisk, nRisk, &e);
  }
  pack_free(&pk);
  store_names_free(azRisk, nRisk);
  if (rc) {
    rc = buf_fail(err, rc == ACT_ERROR ? ACT_ERROR : ACT_INVALID, "%s", buf_cstr(&e));
    buf_free(&e);
    return rc;
  }
  buf_free(&e);
  int replaced = 0;
  if ((rc = begin(db, err))) return rc;
  rc = store_pack_put(db, zName, zText, &replaced);
  Buf j = BUF_INIT;
  jkv(&j, "name", zName);
  jkv(&j, "definition", zText);
  jkv(&j, "replaced", replaced ? "yes" : "no");
  return action_finish(db, rc, who, "pack.set", "pack", 0, &j, err);
}

int act_pack_remove(Db *db, const Actor *who, const char *zName, Buf *err) {
  Policy pol;
  char *zOld = 0;
  int rc = begin(db, err), found = 0;
  if (rc) return rc;
  if (store_policy_load(db, &pol) || store_pack_get(db, zName, &zOld)) {
    db_rollback(db);
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  if (!zOld) {
    db_rollback(db);
    return buf_fail(err, ACT_NOT_FOUND, "there is no stored pack named '%s'", zName);
  }
  if (!strcasecmp(pol.zPack, zName) && !pack_builtin(zName)) {
    free(zOld);
    db_rollback(db);
    return buf_fail(err, ACT_CONFLICT,
                    "pack '%s' is the policy's pack: choose another pack (policy setting "
                    "'pack') before removing it",
                    zName);
  }
  rc = store_pack_remove(db, zName, &found);
  Buf j = BUF_INIT;
  jkv(&j, "name", zName);
  jkv(&j, "definition", zOld);
  free(zOld);
  return action_finish(db, rc, who, "pack.remove", "pack", 0, &j, err);
}

/* ---- recommendations ---- */

int act_rec_add(Db *db, const Actor *who, Rec *r, const char *zRisk, Day today, long long *pId,
                Buf *err) {
  if (!r->zBody || !r->zBody[0])
    return buf_fail(err, ACT_INVALID, "a recommendation needs its text");
  int rc = audit_must_exist(db, r->auditId, err);
  if (rc) return rc;
  long long ratingId = 0;
  if (zRisk && zRisk[0] && (rc = rating_must_find(db, zRisk, &ratingId, err))) return rc;
  if (r->existsFrom == DAY_NONE) {
    AuditRow *aRow = 0;
    int n = 0;
    if (store_audit_list(db, r->auditId, &aRow, &n))
      return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    /* As on import (model.h): from the audit's date, no later than the target. */
    r->existsFrom = rec_exists_from(n ? aRow[0].reportDate : DAY_NONE, r->original, today);
    store_audit_rows_free(aRow, n);
  }
  rc = begin(db, err);
  if (rc) return rc;
  rc = store_rec_add(db, r, ratingId, 0, pId);
  Buf j = BUF_INIT;
  jid(&j, "audit", r->auditId);
  jkv(&j, "ref", r->zRef);
  jkv(&j, "text", r->zBody);
  jkv(&j, "target", r->zOriginalText);
  jkv(&j, "risk", zRisk);
  return action_finish(db, rc, who, "rec.add", "rec", *pId, &j, err);
}

/* A size as people read it: whole KB under a megabyte (rounded up, so that a
** small file is never "0 KB"), else MB with one decimal unless whole. */
static const char *size_text(long long n, char *z, size_t nz) {
  if (n < (1LL << 20))
    snprintf(z, nz, "%lld KB", (n + 1023) >> 10);
  else if (n % (1LL << 20) == 0)
    snprintf(z, nz, "%lld MB", n >> 20);
  else
    snprintf(z, nz, "%.1f MB", (double)n / (1 << 20));
  return z;
}

int act_evidence_fits(Db *db, const Actor *who, int nFile, const EvidenceFile *aFile,
                      const EvidenceQuota *q, Buf *err) {
  long long addUser = 0, addTotal = 0, used = 0, usedAll = 0, size = 0;
  if (!q || nFile == 0 || (q->userBytes <= 0 && q->totalBytes <= 0)) return ACT_OK;
  for (int i = 0; i < nFile; i++) {
    int again = 0, any = 0, mine = 0;
    for (int j = 0; j < i && !again; j++) again = !strcmp(aFile[i].zSha256, aFile[j].zSha256);
    if (again) continue; /* the same bytes twice in one upload are kept once */
    if (store_evidence_held(db, aFile[i].zSha256, who->userId, &any, &mine)) {
      return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    }
    size += aFile[i].size;
    if (!mine) addUser += aFile[i].size;
    if (!any) addTotal += aFile[i].size;
  }
  if (store_evidence_usage(db, who->userId, &used, &usedAll)) {
    return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  }
  char zSize[32], zLimit[32], zUsed[32];
  const char *zThese = nFile == 1 ? "this file" : "these files";
  size_text(size, zSize, sizeof zSize);
  if (who->userId > 0 && q->userBytes > 0 && addUser > 0 && used + addUser > q->userBytes) {
    return buf_fail(err, ACT_INVALID,
                    "%s (%s) would take your evidence files past your limit of %s: you have "
                    "used %s. Attach fewer or smaller files, or ask an administrator to raise "
                    "the limit",
                    zThese, zSize, size_text(q->userBytes, zLimit, sizeof zLimit),
                    size_text(used, zUsed, sizeof zUsed));
  }
  if (q->totalBytes > 0 && addTotal > 0 && usedAll + addTotal > q->totalBytes) {
    return buf_fail(err, ACT_INVALID,
                    "%s (%s) would take the evidence store past its limit of %s: %s is used. "
                    "Ask an administrator to raise the limit",
                    zThese, zSize, size_text(q->totalBytes, zLimit, sizeof zLimit),
                    size_text(usedAll, zUsed, sizeof zUsed));
  }
  return ACT_OK;
}

int act_rec_update(Db *db, const Actor *who, long long recId, const Progress *u, int submit,
                   int nFile, const EvidenceFile *aFile, const EvidenceQuota *q,
                   long long *pProgressId, Buf *err) {
  if (!u->zText || !u->zText[0]) return buf_fail(err, ACT_INVALID, "an update needs its text");
  if (submit && u->claimed >= 0 && !status_service_may_claim(u->claimed)) {
    return buf_fail(err, ACT_INVALID,
                    "the status reported cannot be '%s': only internal audit (or the "
                    "committee's decision) records that; report Not started, In progress, "
                    "Partially implemented or Implemented",
                    status_labels[u->claimed]);
  }
  RecSet set;
  RecState st;
  int rc = state_of(db, recId, u->on, &set, &st, err);
  if (rc) return rc;
  recset_free(&set);
  if (submit && !st.open) {
    return buf_fail(err, ACT_CONFLICT,
                    "recommendation %lld is closed: updates are no longer needed", recId);
  }
  if ((rc = begin(db, err))) return rc;
  /* Again under the write lock: another upload may have used the space since the
  ** door checked. */
  if ((rc = act_evidence_fits(db, who, nFile, aFile, q, err)) != ACT_OK) {
    db_rollback(db);
    return rc;
  }
  long long progId = 0, subId = 0;
  rc = store_progress_add(db, recId, u, &progId);
  if (pProgressId) *pProgressId = progId;
  for (int i = 0; i < nFile && !rc; i++) {
    rc = store_evidence_add(db, recId, progId, &aFile[i], who->zName, who->userId);
  }
  if (!rc && submit) {
    Submission x;
    memset(&x, 0, sizeof x);
    x.recId = recId;
    x.kind = SUBK_UPDATE;
    x.progressId = progId;
    x.on = u->on;
    x.target = DAY_NONE;
    x.userId = who->userId;
    x.zAuthor = (char *)who->zName;
    rc = store_sub_add(db, &x, &subId);
  }
  Buf j = BUF_INIT;
  jday(&j, "on", u->on);
  jkv(&j, "text", u->zText);
  jkv(&j, "claimed", u->claimed >= 0 ? status_names[u->claimed] : 0);
  if (u->percent >= 0) jid(&j, "percent", u->percent);
  for (int i = 0; i < nFile; i++) {
    jkv(&j, "evidence", aFile[i].zName);
    jkv(&j, "sha256", aFile[i].zSha256);
  }
  if (subId) jid(&j, "submission", subId);
  return action_finish(db, rc, who, "rec.update", "rec", recId, &j, err);
}

int act_rec_revise(Db *db, const Actor *who, long long recId, const Revision *v, Buf *err) {
  int rc = rec_must_exist(db, recId, err);
  if (rc) return rc;
  if (!v->zReason || !v->zReason[0])
    return buf_fail(err, ACT_INVALID, "a revised target needs a reason");
  if ((rc = begin(db, err))) return rc;
  rc = store_revision_add(db, recId, v);
  Buf j = BUF_INIT;
  jday(&j, "on", v->on);
  jkv(&j, "target", v->zTargetText);
  jkv(&j, "reason", v->zReason);
  jkv(&j, "agreed_by", v->zAgreedBy);
  return action_finish(db, rc, who, "rec.revise", "rec", recId, &j, err);
}

int act_rec_request_date(Db *db, const Actor *who, long long recId, Day on, Day target,
                         const char *zTargetText, const char *zReason, Buf *err) {
  if (!zReason || !zReason[0]) return buf_fail(err, ACT_INVALID, "say why a new date is needed");
  RecSet set;
  RecState st;
  int rc = state_of(db, recId, on, &set, &st, err);
  if (rc) return rc;
  recset_free(&set);
  if (!st.open) return buf_fail(err, ACT_CONFLICT, "recommendation %lld is closed", recId);
  if (target != DAY_NONE && target < on) {
    return buf_fail(err, ACT_INVALID, "the new date must not be in the past");
  }
  if ((rc = begin(db, err))) return rc;
  Submission x;
  memset(&x, 0, sizeof x);
  x.recId = recId;
  x.kind = SUBK_DATE;
  x.on = on;
  x.target = target;
  x.zTargetText = (char *)zTargetText;
  x.zReason = (char *)zReason;
  x.userId = who->userId;
  x.zAuthor = (char *)who->zName;
  long long subId = 0;
  rc = store_sub_add(db, &x, &subId);
  Buf j = BUF_INIT;
  jday(&j, "on", on);
  jkv(&j, "target", zTargetText);
  jkv(&j, "reason", zReason);
  jid(&j, "submission", subId);
  return action_finish(db, rc, who, "rec.request-date", "rec", recId, &j, err);
}

void action_opinion_detail(Buf *j, const Opinion *o) {
  jday(j, "on", o->on);
  jkv(j, "opinion", status_names[o->status]);
  jkv(j, "text", o->zText);
  jkv(j, "next", o->zNext);
  jkv(j, "accepted_by", o->zAcceptedBy);
}

static int write_opinion(Db *db, const Actor *who, long long recId, const Opinion *o,
                         const char *zAction, Buf *err) {
  int rc = begin(db, err);
  if (rc) return rc;
  rc = store_opinion_add(db, recId, o);
  Buf j = BUF_INIT;
  action_opinion_detail(&j, o);
  return action_finish(db, rc, who, zAction, "rec", recId, &j, err);
}

int action_review_check(Db *db, long long recId, const Opinion *o, Buf *err) {
  if (o->status == ST_RISK_ACCEPTED && (!o->zAcceptedBy || !o->zAcceptedBy[0])) {
    return buf_fail(err, ACT_INVALID, "say who accepted the risk");
  }
  RecSet set;
  RecState s;
  int rc = state_of(db, recId, o->on, &set, &s, err);
  if (rc) return rc;
  if (!s.exists) {
    rc = buf_fail(err, ACT_CONFLICT, "recommendation %lld had not been made by that date", recId);
  } else if (!s.open && !status_closes(o->status)) {
    rc = buf_fail(err, ACT_CONFLICT, "recommendation %lld is closed: reopen it first", recId);
  } else if (!s.open) {
    rc =
        buf_fail(err, ACT_CONFLICT, "recommendation %lld is already closed (%s)", recId,
                 s.closedBy >= 0 ? status_labels[s.closedBy] : "removal approved by the committee");
  } else if (o->status == ST_IMPLEMENTED && set.a[0].zEvidence && (!o->zText || !o->zText[0])) {
    rc = buf_fail(err, ACT_CONFLICT,
                  "recommendation %lld requires evidence to close (%s): say what "
                  "was seen",
                  recId, set.a[0].zEvidence);
  } else if (o->status == ST_IMPLEMENTED && (!o->zText || !o->zText[0])) {
    rc = buf_fail(err, ACT_INVALID,
                  "an opinion of Implemented closes recommendation %lld: say in its text what "
                  "evidence was seen",
                  recId);
  }
  recset_free(&set);
  return rc;
}

int act_rec_review(Db *db, const Actor *who, long long recId, const Opinion *o, Buf *err) {
  int rc = action_review_check(db, recId, o, err);
  return rc ? rc : write_opinion(db, who, recId, o, "rec.review", err);
}

int action_close_check(Db *db, const Actor *who, long long recId, Day on, const char *zText,
                       const char *zEvidence, Opinion *pO, Buf *t, Buf *err) {
  Opinion o;
  memset(&o, 0, sizeof o);
  o.on = on;
  o.status = ST_IMPLEMENTED;
  o.nextFollowUp = DAY_NONE;
  o.zAuthor = (char *)who->zName;
  RecSet set;
  RecState s;
  int rc = state_of(db, recId, on, &set, &s, err);
  if (rc) return rc;
  if (!s.exists) {
    rc = buf_fail(err, ACT_CONFLICT, "recommendation %lld had not been made by that date", recId);
  } else if (!s.open) {
    rc = buf_fail(err, ACT_CONFLICT, "recommendation %lld is already closed", recId);
  } else if (set.a[0].zEvidence && (!zEvidence || !zEvidence[0])) {
    rc = buf_fail(err, ACT_CONFLICT,
                  "recommendation %lld needs evidence to close: %s (say what "
                  "evidence was seen)",
                  recId, set.a[0].zEvidence);
  } else if (!zEvidence || !zEvidence[strspn(zEvidence, " \t\r\n")]) {
    /* Closing is internal audit's word that the risk is dealt with: it rests on what
    ** was seen, whatever the recommendation asked for. */
    rc = buf_fail(err, ACT_INVALID,
                  "evidence seen is required to close recommendation %lld as implemented: say "
                  "what internal audit saw (documents, dates, who showed them)",
                  recId);
  }
  recset_free(&set);
  if (rc) return rc;
  if (zText && zText[0]) buf_puts(t, zText);
  if (zEvidence && zEvidence[0]) buf_appendf(t, "%sEvidence seen: %s", t->n ? ". " : "", zEvidence);
  o.zText = t->n ? (char *)buf_cstr(t) : 0;
  *pO = o;
  return ACT_OK;
}

int act_rec_close(Db *db, const Actor *who, long long recId, Day on, const char *zText,
                  const char *zEvidence, Buf *err) {
  Opinion o;
  Buf t = BUF_INIT;
  int rc = action_close_check(db, who, recId, on, zText, zEvidence, &o, &t, err);
  if (!rc) rc = write_opinion(db, who, recId, &o, "rec.close", err);
  buf_free(&t);
  return rc;
}

int act_rec_reopen(Db *db, const Actor *who, long long recId, Day on, const char *zReason,
                   Buf *err) {
  if (!zReason || !zReason[0]) return buf_fail(err, ACT_INVALID, "say why it is reopened");
  Opinion o;
  memset(&o, 0, sizeof o);
  o.on = on;
  o.status = ST_NOT_IMPLEMENTED;
  o.zText = (char *)zReason;
  o.zNext = "Reopened";
  o.nextFollowUp = DAY_NONE;
  o.zAuthor = (char *)who->zName;
  RecSet set;
  RecState s;
  int rc = state_of(db, recId, on, &set, &s, err);
  if (rc) return rc;
  recset_free(&set);
  if (s.open)
    return buf_fail(err, ACT_CONFLICT, "recommendation %lld is open: nothing to reopen", recId);
  return write_opinion(db, who, recId, &o, "rec.reopen", err);
}

int act_decision_add(Db *db, const Actor *who, long long recId, const Decision *d,
                     const char *zTarget, Day target, Buf *err) {
  if (zTarget && d->kind != DEC_EXTENSION_GRANTED) {
    return buf_fail(err, ACT_INVALID, "a new target goes with an extension granted only");
  }
  if (!zTarget && d->kind == DEC_EXTENSION_GRANTED) {
    return buf_fail(err, ACT_INVALID, "an extension needs its new target date");
  }
  int rc = rec_must_exist(db, recId, err);
  if (rc || (rc = begin(db, err))) return rc;
  rc = store_decision_add(db, recId, d);
  if (!rc && d->kind == DEC_EXTENSION_GRANTED) {
    Revision v;
    memset(&v, 0, sizeof v);
    v.on = d->on;
    v.target = target;
    v.zTargetText = (char *)zTarget;
    v.zReason = d->zText ? d->zText : "Extension granted by the audit committee";
    v.zAgreedBy = "Audit Committee";
    v.zCycle = d->zMeeting;
    rc = store_revision_add(db, recId, &v);
  }
  Buf j = BUF_INIT;
  jday(&j, "on", d->on);
  jkv(&j, "kind", decision_names[d->kind]);
  jkv(&j, "text", d->zText);
  jkv(&j, "meeting", d->zMeeting);
  jkv(&j, "target", zTarget);
  return action_finish(db, rc, who, "decision.add", "rec", recId, &j, err);
}

int act_begin(Db *db, Buf *err) { return begin(db, err); }

void act_abandon(Db *db) { db_rollback(db); }
