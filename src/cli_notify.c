/*
** cli_notify.c: the notification commands: `notify` (plan and send as at a date),
** `notify outbox`, `notify release`, `notify set|show`, `notify template`,
** `notify notices`, and the people commands (`person set|stop|list`) that hold
** e-mail addresses.
**
** Settings, templates and people are changed in one transaction with one journal
** entry each; the run itself is notify_run(). Not for: the plan (notify.c), SQL
** (store_notify.c) or sending (mail.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "action.h"
#include "cli.h"
#include "file.h"
#include "mail.h"
#include "notify.h"
#include "notify_run.h"
#include "store.h"

int cmd_notify(Ctx *c, Args *a) {
  NotifyOpts o;
  memset(&o, 0, sizeof o);
  Day asAt;
  int rc = arg_day(a, "as-at", c->today, &asAt);
  if (rc) return rc;
  o.dryRun = arg_has(a, "dry-run");
  o.verbose = arg_has(a, "verbose");
  o.zOutboxDir = arg_get(a, "outbox-dir");
  o.now = (long long)time(0); /* back-off times: the real clock, not --today */
  NotifyResult res;
  Buf err = BUF_INIT;
  rc = notify_run(c->db, asAt, &o, &c->out, &res, &err);
  if (rc) cli_err("%s", buf_cstr(&err));
  buf_free(&err);
  /* Messages still queued after a failure are not lost, but the caller (cron, a
  ** timer) should know: exit 1. */
  return rc || res.nFailed ? EXIT_FAIL : EXIT_OK;
}

int cmd_notify_outbox(Ctx *c, Args *a) {
  Buf err = BUF_INIT;
  const char *zRetry = arg_get(a, "retry"), *zShow = arg_get(a, "show");
  if (zShow) {
    char *zEnd = 0;
    long long id = strtoll(zShow, &zEnd, 10);
    if (*zEnd || id <= 0) {
      cli_err("--show takes a message number, not '%s'", zShow);
      return EXIT_USAGE;
    }
    OutboxRow *p = xcalloc(1, sizeof *p);
    int rc = store_outbox_get(c->db, id, p);
    if (rc || !p->id) {
      if (rc)
        cli_err("%s", db_errmsg(c->db));
      else
        cli_err("there is no message %lld in the outbox", id);
      store_outbox_rows_free(p, 1);
      return EXIT_FAIL;
    }
    buf_puts(&c->out, p->zMessage);
    store_outbox_rows_free(p, 1);
    return EXIT_OK;
  }
  if (zRetry) {
    long long id = 0;
    if (strcmp(zRetry, "all")) {
      char *zEnd = 0;
      id = strtoll(zRetry, &zEnd, 10);
      if (*zEnd || id <= 0) {
        cli_err("--retry takes a message number or 'all', not '%s'", zRetry);
        return EXIT_USAGE;
      }
    }
    int n = 0;
    Actor w = {c->zActor, 0};
    int arc = act_outbox_retry(c->db, &w, id, &n, &err);
    if (arc) {
      cli_err("%s%s", buf_cstr(&err),
              arc == ACT_NOT_FOUND ? " (auditrack notify outbox --all)" : "");
      buf_free(&err);
      return arc == ACT_INVALID ? EXIT_USAGE : EXIT_FAIL;
    }
    buf_appendf(&c->out, "%d message%s will be tried at the next run\n", n, n == 1 ? "" : "s");
    if (!arg_has(a, "send")) return EXIT_OK;
    NotifyOpts o;
    memset(&o, 0, sizeof o);
    o.now = (long long)time(0);
    o.zOutboxDir = arg_get(a, "outbox-dir");
    NotifyResult res;
    memset(&res, 0, sizeof res);
    int rc = notify_send_due(c->db, &o, &c->out, &res, &err);
    if (rc) cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    return rc || res.nFailed ? EXIT_FAIL : EXIT_OK;
  }
  OutboxRow *aRow = 0;
  int n = 0;
  if (store_outbox_list(c->db, arg_has(a, "all"), &aRow, &n)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  long long now = (long long)time(0);
  for (int i = 0; i < n; i++) {
    OutboxRow *m = &aRow[i];
    buf_appendf(&c->out, "%lld  %-9s %s <%s>  %d item%s  as at %s  %s", m->id, m->zState,
                m->zRecipient, m->zEmail, m->nNotice, m->nNotice == 1 ? "" : "s", m->zAsAt,
                m->zSubject);
    if (!strcmp(m->zState, "sent"))
      buf_appendf(&c->out, "  sent %s", m->zSentAt);
    else if (!strcmp(m->zState, "unknown"))
      buf_appendf(&c->out, "  may have been sent: held (auditrack notify release %lld)", m->id);
    else if (!strcmp(m->zState, "queued") && m->attempts) {
      buf_appendf(&c->out, "  %d attempt%s, next in %lld min: %s", m->attempts,
                  m->attempts == 1 ? "" : "s", m->nextAt > now ? (m->nextAt - now + 59) / 60 : 0,
                  m->zError ? m->zError : "");
    }
    buf_putc(&c->out, '\n');
  }
  if (!n) buf_puts(&c->out, arg_has(a, "all") ? "the outbox is empty\n" : "nothing queued\n");
  store_outbox_rows_free(aRow, n);
  return EXIT_OK;
}

int cmd_notify_release(Ctx *c, Args *a) {
  long long id = 0;
  int rc = arg_id(a, 0, "message", &id);
  if (rc) return rc;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  rc = cli_act_exit(act_outbox_release(c->db, &w, id, &err), &err);
  if (!rc) buf_appendf(&c->out, "message %lld released: the next run sends it\n", id);
  return rc;
}

int cmd_notify_set(Ctx *c, Args *a) {
  const char *zKey = a->azPos[0], *zValue = a->azPos[1];
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int rc = cli_act_exit(act_notify_setting_set(c->db, &w, zKey, zValue, &err), &err);
  int secret = !rc && notify_settings[notify_setting_find(zKey)].secret;
  if (!rc) {
    if (zValue[0])
      buf_appendf(&c->out, "%s = %s\n", zKey, secret ? "(set, not shown)" : zValue);
    else
      buf_appendf(&c->out, "%s cleared\n", zKey);
  }
  return rc;
}

int cmd_notify_show(Ctx *c, Args *a) {
  (void)a;
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) {
    const NotifySetting *t = &notify_settings[i];
    char *z = 0;
    if (store_notify_get(c->db, t->zName, &z)) {
      cli_err("%s", db_errmsg(c->db));
      return EXIT_FAIL;
    }
    buf_appendf(&c->out, "%-18s = %-30s  # ", t->zName,
                z && t->secret ? "(set, not shown)"
                : z            ? z
                               : "");
    notify_setting_help(i, &c->out);
    buf_putc(&c->out, '\n');
    free(z);
  }
  const char *zEnv = getenv("AUDITRACK_SMTP_PASSWORD");
  buf_appendf(&c->out, "smtp password: %s\n",
              zEnv && zEnv[0] ? "from $AUDITRACK_SMTP_PASSWORD (not shown)"
                              : "from smtp-password-file when set, else none");
  return EXIT_OK;
}

int cmd_notify_template(Ctx *c, Args *a) {
  const char *zName = a->azPos[0];
  int id = tmpl_from_name(zName);
  if (id < 0) {
    Buf t = BUF_INIT;
    for (int i = 0; tmpl_names[i]; i++) buf_appendf(&t, "%s%s", i ? ", " : "", tmpl_names[i]);
    cli_err("unknown template '%s' (one of %s)", zName, buf_cstr(&t));
    buf_free(&t);
    return EXIT_USAGE;
  }
  int reset = arg_has(a, "reset");
  if (a->nPos == 1 && !reset) {
    char *z = 0;
    if (store_template_get(c->db, zName, &z)) {
      cli_err("%s", db_errmsg(c->db));
      return EXIT_FAIL;
    }
    buf_puts(&c->out, z ? z : tmpl_defaults[id]);
    if (!z || (z[0] && z[strlen(z) - 1] != '\n')) buf_putc(&c->out, '\n');
    free(z);
    return EXIT_OK;
  }
  FileData f;
  memset(&f, 0, sizeof f);
  Buf err = BUF_INIT;
  if (!reset && file_load(a->azPos[1], &f, &err)) {
    cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    return EXIT_FAIL;
  }
  Actor w = {c->zActor, 0};
  int rc = act_notify_template_set(c->db, &w, zName, reset ? 0 : f.z, f.n, &err);
  file_free(&f);
  return cli_act_done(c, rc, &err, "template %s %s\n", zName,
                      reset ? "back to the default" : "set");
}

int cmd_notify_notices(Ctx *c, Args *a) {
  const char *zRec = arg_get(a, "rec");
  if (!zRec) {
    if (store_notice_counts(c->db, &c->out)) {
      cli_err("%s", db_errmsg(c->db));
      return EXIT_FAIL;
    }
    return EXIT_OK;
  }
  char *zEnd = 0;
  long long id = strtoll(zRec, &zEnd, 10);
  if (*zEnd || id <= 0) {
    cli_err("--rec takes a recommendation number, not '%s'", zRec);
    return EXIT_USAGE;
  }
  NoticeRow *aRow = 0;
  int n = 0;
  if (store_notice_list(c->db, id, &aRow, &n)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  for (int i = 0; i < n; i++) {
    NoticeRow *x = &aRow[i];
    buf_appendf(&c->out, "%-10s %-9s %s  due %s  planned as at %s", x->zKind, x->zState,
                x->zRecipient, x->zDue, x->zAsAt);
    if (x->zSentAt) buf_appendf(&c->out, "  sent %s", x->zSentAt);
    buf_appendf(&c->out, "  %s\n", x->zKey);
  }
  if (!n) buf_appendf(&c->out, "no notifications for recommendation %lld\n", id);
  store_notice_rows_free(aRow, n);
  return EXIT_OK;
}

/* ---- people ---- */

/* An act_* result as an exit status, its message on stderr. */

int cmd_person_set(Ctx *c, Args *a) {
  const char *zName = a->azPos[0], *zEmail = arg_get(a, "email");
  if (!zEmail) {
    cli_err("--email is required (--email '' removes the address)");
    return EXIT_USAGE;
  }
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, act_person_set(c->db, &w, zName, zEmail, "cli", &err), &err, "%s: %s\n",
                      zName, zEmail[0] ? zEmail : "no address");
}

int cmd_person_stop(Ctx *c, Args *a) {
  const char *zName = a->azPos[0];
  int resume = arg_has(a, "resume"), n = 0;
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int rc = cli_act_exit(act_person_stop(c->db, &w, zName, !resume, "cli", &n, &err), &err);
  if (!rc) {
    if (resume)
      buf_appendf(&c->out, "%s: e-mails resumed\n", zName);
    else
      buf_appendf(&c->out, "%s: e-mails stopped; %d queued message%s cancelled\n", zName, n,
                  n == 1 ? "" : "s");
  }
  return rc;
}

int cmd_person_list(Ctx *c, Args *a) {
  Day asAt;
  int rc = arg_day(a, "as-at", c->today, &asAt);
  if (rc) return rc;
  if (arg_has(a, "problems")) {
    Buf err = BUF_INIT;
    int n = notify_people_problems(c->db, asAt, arg_has(a, "names"), &c->out, &err);
    if (n < 0) cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    if (n == 0 && !arg_has(a, "names"))
      buf_puts(&c->out, "no problems: everyone named has a valid address\n");
    return n < 0 ? EXIT_FAIL : EXIT_OK;
  }
  Person *aP = 0;
  int n = 0;
  if (store_person_list(c->db, &aP, &n)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  for (int i = 0; i < n; i++) {
    char zWhy[96];
    const char *zE = aP[i].zEmail;
    buf_appendf(&c->out, "%s\t%s\t%s%s%s\n", aP[i].zName, zE ? zE : "-", aP[i].zSource,
                aP[i].stopped ? "\tstopped" : "",
                zE && !mail_addr_valid(zE, zWhy, sizeof zWhy) ? "\tINVALID" : "");
  }
  store_people_free(aP, n);
  return EXIT_OK;
}
