/*
** action_text.c: the head of audit's words stored for a reporting cycle: a named
** part of the committee pack ("introduction") or the commentary on an audit, set
** and removed. The text is checked as markup with the pack's placeholders before
** anything is written, and each change is journalled (cycle.text, cycle.text-remove)
** with the cycle, the audit and the text. Not for: SQL (store_text.c) or printing
** (report_pack_text.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action_int.h"
#include "limit.h"
#include "report_pack.h"

/* The cycle named zCycle into *pId: ACT_NOT_FOUND when none. */
static int cycle_must_find(Db *db, const char *zCycle, long long *pId, Buf *err) {
  Cycle *a = 0;
  int n = 0;
  if (store_cycle_list(db, &a, &n)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  const Cycle *c = cycle_find(a, n, zCycle ? zCycle : "");
  *pId = c ? c->id : 0;
  store_cycles_free(a, n);
  if (!*pId)
    return buf_fail(err, ACT_NOT_FOUND, "there is no cycle named '%s' (auditrack cycle list)",
                    zCycle ? zCycle : "");
  return ACT_OK;
}

int act_audit_find(Db *db, const char *zAudit, long long *pId, char **pzName, Buf *err) {
  AuditRow *a = 0;
  int n = 0, found = 0;
  *pId = 0;
  if (pzName) *pzName = 0;
  if (store_audit_list(db, 0, &a, &n)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  char zId[32];
  for (int i = 0; i < n; i++) {
    snprintf(zId, sizeof zId, "%lld", a[i].id);
    int hit = !strcmp(zId, zAudit) || (a[i].zRef && !strcasecmp(a[i].zRef, zAudit)) ||
              (a[i].zTitle && !strcasecmp(a[i].zTitle, zAudit));
    if (!hit) continue;
    found++;
    *pId = a[i].id;
    if (pzName) {
      free(*pzName);
      *pzName = xstrdup(a[i].zTitle);
    }
  }
  store_audit_rows_free(a, n);
  if (found == 1) return ACT_OK;
  *pId = 0;
  if (pzName) {
    free(*pzName);
    *pzName = 0;
  }
  if (found > 1)
    return buf_fail(err, ACT_INVALID,
                    "--audit '%s': several audits have that reference or title; give its id",
                    zAudit);
  return buf_fail(err, ACT_NOT_FOUND,
                  "--audit '%s': no audit has that id, reference or title (auditrack audit list)",
                  zAudit);
}

/* A part's name: letters, digits, '-' and '_', 1 to 40. */
static int part_ok(const char *z) {
  size_t n = z ? strlen(z) : 0;
  if (n < 1 || n > 40) return 0;
  for (; *z; z++) {
    char c = *z;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_'))
      return 0;
  }
  return 1;
}

/* The checks both changes make; the cycle's and the audit's ids into *pCycle, *pAudit. */
static int text_target(Db *db, const char *zCycle, const char *zAudit, const char *zPart,
                       long long *pCycle, long long *pAudit, Buf *err) {
  if (!part_ok(zPart))
    return buf_fail(err, ACT_INVALID,
                    "PART is letters, digits, '-' and '_', 1 to 40 of them (introduction, "
                    "process, closing ...), not '%s'",
                    zPart ? zPart : "");
  int rc = cycle_must_find(db, zCycle, pCycle, err);
  *pAudit = 0;
  if (!rc && zAudit) rc = act_audit_find(db, zAudit, pAudit, 0, err);
  return rc;
}

static void text_detail(Buf *j, const char *zCycle, long long auditId, const char *zPart) {
  action_jkv(j, "cycle", zCycle);
  if (auditId) action_jid(j, "audit", auditId);
  action_jkv(j, "part", zPart);
}

int act_cycle_text_set(Db *db, const Actor *who, const char *zCycle, const char *zAudit,
                       const char *zPart, const char *zText, Buf *err) {
  long long cycleId, auditId;
  int rc = text_target(db, zCycle, zAudit, zPart, &cycleId, &auditId, err);
  if (rc) return rc;
  if (!zText || !zText[strspn(zText, " \t\r\n")])
    return buf_fail(err, ACT_INVALID, "the text is empty (to remove it: cycle text-remove)");
  if (strlen(zText) > LIMIT_COMMENT)
    return buf_fail(err, ACT_INVALID, "the text is %d characters at most", LIMIT_COMMENT);
  Buf e = BUF_INIT;
  if (pack_text_check(zText, &e)) {
    rc = buf_fail(err, ACT_INVALID, "the text: %s", buf_cstr(&e));
    buf_free(&e);
    return rc;
  }
  buf_free(&e);
  if ((rc = act_begin(db, err))) return rc;
  rc = store_text_set(db, cycleId, auditId, zPart, zText);
  Buf j = BUF_INIT;
  text_detail(&j, zCycle, auditId, zPart);
  action_jkv(&j, "text", zText);
  rc = act_finish(db, rc, who, "cycle.text", "cycle", cycleId, action_jend(&j), err);
  buf_free(&j);
  return rc;
}

int act_cycle_text_remove(Db *db, const Actor *who, const char *zCycle, const char *zAudit,
                          const char *zPart, Buf *err) {
  long long cycleId, auditId;
  int found = 0, rc = text_target(db, zCycle, zAudit, zPart, &cycleId, &auditId, err);
  if (rc) return rc;
  if ((rc = act_begin(db, err))) return rc;
  rc = store_text_remove(db, cycleId, auditId, zPart, &found);
  if (!rc && !found) {
    act_abandon(db);
    return buf_fail(err, ACT_NOT_FOUND, "cycle '%s' has no text '%s'%s", zCycle, zPart,
                    auditId ? " for that audit" : "");
  }
  Buf j = BUF_INIT;
  text_detail(&j, zCycle, auditId, zPart);
  rc = act_finish(db, rc, who, "cycle.text-remove", "cycle", cycleId, action_jend(&j), err);
  buf_free(&j);
  return rc;
}
