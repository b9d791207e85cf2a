/*
** notify_run.c: a notification run (see notify_run.h): the plan from notify.c, the
** keys and the outbox from store_notify.c, the messages from mail.c.
**
** The one invariant: a notice's key is recorded in the same transaction that
** queues the message carrying it, a message is marked 'sending' by its run before
** the server can accept it, and sent right after the server does. Everything else
** (a crash, a refusing server, a changed target) is handled by the next run
** comparing the plan with what is recorded; a message a dead run left 'sending'
** is held as 'unknown' for an administrator, never sent again by a run.
** Not for: parsing arguments (cli_notify.c) or the rules of the plan (notify.c).
*/
#include "notify_run.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mail.h"
#include "store.h"

static int setting_smtp_url(const char *zKey, const char *zValue, Buf *err) {
  if (strncmp(zValue, "smtp://", 7) && strncmp(zValue, "smtps://", 8)) {
    return buf_fail(err, 1, "%s must start smtp:// or smtps://, not '%s'", zKey, zValue);
  }
  return 0;
}

static int setting_tls(const char *zKey, const char *zValue, Buf *err) {
  if (strcmp(zValue, "starttls") && strcmp(zValue, "try") && strcmp(zValue, "none")) {
    return buf_fail(err, 1, "%s must be starttls, try or none, not '%s'", zKey, zValue);
  }
  return 0;
}

/* A whole number from min to max. */
static int setting_range(const char *zKey, const char *zValue, long min, long max, Buf *err) {
  char *zEnd = 0;
  long v = strtol(zValue, &zEnd, 10);
  if (*zEnd || v < min || v > max) {
    return buf_fail(err, 1, "%s must be a whole number from %ld to %ld, not '%s'", zKey, min, max,
                    zValue);
  }
  return 0;
}

static int setting_seconds(const char *zKey, const char *zValue, Buf *err) {
  return setting_range(zKey, zValue, 1, 3600, err);
}

static int setting_hour(const char *zKey, const char *zValue, Buf *err) {
  return setting_range(zKey, zValue, 0, 23, err);
}

static int setting_address(const char *zKey, const char *zValue, Buf *err) {
  char zWhy[96];
  if (!mail_addr_valid(zValue, zWhy, sizeof zWhy)) {
    return buf_fail(err, 1, "%s: '%s' is not an e-mail address: %s", zKey, zValue, zWhy);
  }
  return 0;
}

static int setting_base_url(const char *zKey, const char *zValue, Buf *err) {
  if (strncmp(zValue, "https://", 8) && strncmp(zValue, "http://", 7)) {
    return buf_fail(err, 1, "%s must start https:// or http://, not '%s'", zKey, zValue);
  }
  if (strpbrk(zValue, " \"<>'")) return buf_fail(err, 1, "%s has a space or a quote", zKey);
  return 0;
}

/* The settings the plan itself reads (notify.c's NotifyConfig) are checked by it. */
static int setting_plan(const char *zKey, const char *zValue, Buf *err) {
  NotifyConfig c;
  notify_config_default(&c);
  return notify_config_set(&c, zKey, zValue, err);
}

/* The settings' one declaration: `notify set` checks, `notify show` and --help list, and a
** run reads (with the default when unset) what this table says. */
const NotifySetting notify_settings[] = {
    {"smtp-url", 0, setting_smtp_url,
     "SMTP server: smtp://host:587 (STARTTLS) or smtps://host:465 (TLS from the start)", 0},
    {"smtp-tls", "starttls", setting_tls,
     "starttls (TLS required), try, or none (a relay on loopback only)", 0},
    {"smtp-user", 0, 0, "SMTP user name, when the server wants authentication", 0},
    {"smtp-password-file", 0, 0,
     "file holding the SMTP password (else $AUDITRACK_SMTP_PASSWORD); the password is never "
     "printed",
     0},
    {"smtp-timeout", "30", setting_seconds, "seconds allowed for each message", 0},
    {"from", 0, setting_address, "the sender's address (required to send)", 0},
    {"from-name", "Internal audit", 0, "the sender's display name", 0},
    {"reply-to", 0, setting_address, "where replies go (default: none)", 0},
    {"base-url", 0, setting_base_url,
     "the web application's address, for links: https://audit.example.org", 0},
    {"hour", "7", setting_hour, "hour of the day (0-23) `serve` runs the plan", 0},
    {"reminder-days", "30,7", setting_plan, "days before a target that owners are reminded", 0},
    {"update-days", "14", setting_plan, "days before a cycle's deadline that updates are requested",
     0},
    {"head", 0, setting_plan,
     "the head of internal audit's name, for rungs of the ladder that name them", 0},
};
_Static_assert(sizeof notify_settings / sizeof notify_settings[0] == NOTIFY_SETTING__MAX,
               "notify_settings");

int notify_setting_find(const char *zKey) {
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) {
    if (!strcmp(notify_settings[i].zName, zKey)) return i;
  }
  return -1;
}

void notify_setting_help(int i, Buf *out) {
  const NotifySetting *t = &notify_settings[i];
  buf_puts(out, t->zHelp);
  if (t->zDefault) buf_appendf(out, " (default %s)", t->zDefault);
}

void notify_settings_help(Buf *out) {
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) {
    buf_appendf(out, "  %-20s ", notify_settings[i].zName);
    notify_setting_help(i, out);
    buf_putc(out, '\n');
  }
}

int notify_setting_check(const char *zKey, const char *zValue, Buf *err) {
  int i = notify_setting_find(zKey);
  if (i < 0) {
    buf_appendf(err, "unknown setting '%s' (one of", zKey);
    for (int k = 0; k < NOTIFY_SETTING__MAX; k++) buf_appendf(err, " %s", notify_settings[k].zName);
    buf_puts(err, ")");
    return 1;
  }
  if (!zValue[0]) return 0; /* clears it */
  if (notify_settings[i].xCheck && notify_settings[i].xCheck(zKey, zValue, err)) return 1;
  if (strpbrk(zValue, "\r\n")) return buf_fail(err, 1, "%s must be one line", zKey);
  return 0;
}

/* Everything a run reads besides the register. */
typedef struct Setup {
  NotifyConfig cfg;
  Policy pol;
  Cycle *aCycle;
  int nCycle;
  Person *aPerson;
  int nPerson;
  char *azSet[NOTIFY_SETTING__MAX]; /* settings as stored (NULL: unset), by NotifySettingId */
  char *azTmpl[TMPL__MAX];
  char *zOrg;
  char *zPassword;
} Setup;

/* A setting as the run uses it: as stored, else its default (NULL when it has none). */
static const char *set_get(const Setup *s, NotifySettingId i) {
  return s->azSet[i] ? s->azSet[i] : notify_settings[i].zDefault;
}

static void setup_free(Setup *s) {
  store_cycles_free(s->aCycle, s->nCycle);
  store_people_free(s->aPerson, s->nPerson);
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) free(s->azSet[i]);
  for (int i = 0; i < TMPL__MAX; i++) free(s->azTmpl[i]);
  free(s->zOrg);
  if (s->zPassword) {
    sodium_memzero(s->zPassword, strlen(s->zPassword));
    free(s->zPassword);
  }
  memset(s, 0, sizeof *s);
}

static int setup_load(Db *db, Setup *s, Buf *err) {
  memset(s, 0, sizeof *s);
  notify_config_default(&s->cfg);
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) {
    const char *k = notify_settings[i].zName;
    if (store_notify_get(db, k, &s->azSet[i])) return buf_fail(err, 1, "%s", db_errmsg(db));
    if (s->azSet[i] && notify_settings[i].xCheck == setting_plan &&
        notify_config_set(&s->cfg, k, s->azSet[i], err)) {
      return 1;
    }
  }
  for (int i = 0; i < TMPL__MAX; i++) {
    if (store_template_get(db, tmpl_names[i], &s->azTmpl[i]))
      return buf_fail(err, 1, "%s", db_errmsg(db));
  }
  if (db_meta_read(db, "organisation", &s->zOrg) || store_policy_load(db, &s->pol) ||
      store_cycle_list(db, &s->aCycle, &s->nCycle) ||
      store_person_list(db, &s->aPerson, &s->nPerson)) {
    buf_puts(err, db_errmsg(db));
    return 1;
  }
  return 0;
}

/* The SMTP password: $AUDITRACK_SMTP_PASSWORD, else the file named by a setting. */
static int setup_password(Setup *s, Buf *err) {
  const char *zEnv = getenv("AUDITRACK_SMTP_PASSWORD");
  if (zEnv && zEnv[0]) {
    s->zPassword = xstrdup(zEnv);
    return 0;
  }
  const char *zFile = set_get(s, NS_SMTP_PASSWORD_FILE);
  if (!zFile) return 0;
  FILE *f = fopen(zFile, "rb");
  if (!f) return buf_fail(err, 1, "cannot read smtp-password-file %s", zFile);
  setvbuf(f, 0, _IONBF, 0); /* no stdio buffer left holding a copy once fclose frees it */
  char z[512];
  size_t n = fread(z, 1, sizeof z - 1, f);
  fclose(f);
  z[n] = 0;
  while (n && (z[n - 1] == '\n' || z[n - 1] == '\r')) z[--n] = 0;
  s->zPassword = xstrdup(z);
  sodium_memzero(z, sizeof z);
  return 0;
}

/* A person's standing for e-mail: 0 fine (*pzEmail set), 1 no address or an
** invalid one, 2 stopped. */
static int person_status(const Setup *s, const char *zName, const char **pzEmail) {
  const Person *p = person_find(s->aPerson, s->nPerson, zName);
  *pzEmail = 0;
  if (p && p->stopped) return 2;
  if (!p || !p->zEmail || !mail_addr_valid(p->zEmail, 0, 0)) return 1;
  *pzEmail = p->zEmail;
  return 0;
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

/* Build one person's digest and queue it. */
static int queue_digest(Db *db, const Setup *s, Day asAt, long long now, const char *zTo,
                        const char *zEmail, const Notice *a, int n, long long *pId) {
  DigestIn in;
  memset(&in, 0, sizeof in);
  for (int i = 0; i < TMPL__MAX; i++) in.azTmpl[i] = s->azTmpl[i];
  in.zName = zTo;
  in.zOrg = s->zOrg;
  in.zBaseUrl = set_get(s, NS_BASE_URL);
  in.asAt = asAt;
  Buf subj = BUF_INIT, text = BUF_INIT, html = BUF_INIT, msg = BUF_INIT, unsub = BUF_INIT;
  notify_digest(&in, a, n, &subj, &text, &html);
  const char *zFrom = set_get(s, NS_FROM), *zReply = set_get(s, NS_REPLY_TO);
  unsigned char aRand[16];
  char zHex[33], zMsgId[320];
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zHex, sizeof zHex, aRand, sizeof aRand);
  snprintf(zMsgId, sizeof zMsgId, "%s.auditrack@%s", zHex, strchr(zFrom, '@') + 1);
  buf_appendf(&unsub, "<mailto:%s?subject=unsubscribe>", zReply ? zReply : zFrom);
  MailMsg m = {zFrom,  set_get(s, NS_FROM_NAME), zReply,          zEmail,
               zTo,    buf_cstr(&subj),          buf_cstr(&text), buf_cstr(&html),
               zMsgId, buf_cstr(&unsub),         (time_t)now};
  mail_build(&m, &msg);
  int rc = store_outbox_add(db, zTo, zEmail, buf_cstr(&subj), buf_cstr(&msg), zMsgId, asAt, 0, pId);
  buf_free(&subj);
  buf_free(&text);
  buf_free(&html);
  buf_free(&msg);
  buf_free(&unsub);
  return rc;
}

/* Record what is new in the plan, cancel what no longer applies, and queue one
** digest for each person whose notices changed: one transaction. */
static int record_plan(Db *db, const Setup *s, Day asAt, const NotifyOpts *o, const NoticeList *P,
                       NotifyResult *res, Buf *out, Buf *err) {
  long long *aId = xcalloc((size_t)P->n + 1, sizeof(long long));
  long long *aKeep = xcalloc((size_t)P->n + 1, sizeof(long long));
  char *aChanged = xcalloc((size_t)P->n + 1, 1); /* per notice: new or requeued */
  int nKeep = 0, rc = 0;
  NoticeRow *aQ = 0;
  int nQ = 0;
  char **azDirty = 0;
  int nDirty = 0;
  if (db_begin(db)) goto db_fail;
  for (int i = 0; i < P->n; i++) {
    const Notice *x = &P->a[i];
    const char *zEmail;
    int ps = person_status(s, x->zRecipient, &zEmail);
    long long id = 0;
    int st;
    if (store_notice_state(db, x->zRecipient, x->zKey, &st, &id)) goto db_fail;
    if (st == NOTICE_SENT) {
      res->nAlready++;
      continue;
    }
    if (ps) {
      /* No address or stopped: nothing is recorded, so the notice still goes once it
      ** can, while it applies; a queued one waits for the cancellation below. */
      if (ps == 1)
        res->nNoAddress++;
      else
        res->nStopped++;
      continue;
    }
    if (st == NOTICE_QUEUED) {
      aId[i] = id;
      aKeep[nKeep++] = id;
      res->nAlready++;
      continue;
    }
    if (st == NOTICE_CANCELLED) {
      if (store_notice_requeue(db, id, asAt)) goto db_fail;
    } else if (store_notice_add(db, x->zRecipient, x->zKey, x->pRec->id, notice_kind_names[x->kind],
                                x->on, asAt, &id)) {
      goto db_fail;
    }
    aId[i] = id;
    aKeep[nKeep++] = id;
    aChanged[i] = 1;
    res->nNew++;
  }
  /* Queued notices the plan no longer holds: a target moved, an owner changed, the
  ** recommendation closed, a later reminder replaced an earlier one. */
  qsort(aKeep, (size_t)nKeep, sizeof aKeep[0], cmp_ll);
  if (store_notice_list(db, 0, &aQ, &nQ)) goto db_fail;
  for (int i = 0; i < nQ; i++) {
    if (bsearch(&aQ[i].id, aKeep, (size_t)nKeep, sizeof aKeep[0], cmp_ll)) continue;
    if (store_notice_cancel(db, aQ[i].id)) goto db_fail;
    res->nCancelled++;
    int known = 0;
    for (int k = 0; k < nDirty && !known; k++) known = !strcasecmp(azDirty[k], aQ[i].zRecipient);
    if (!known) {
      azDirty = xrealloc(azDirty, sizeof(char *) * (size_t)(nDirty + 1));
      azDirty[nDirty++] = aQ[i].zRecipient;
    }
    if (out && o->verbose) {
      buf_appendf(out, "cancelled %s for %s\n", aQ[i].zKey, aQ[i].zRecipient);
    }
  }
  for (int k = 0; k < nDirty; k++) {
    if (store_outbox_replace(db, azDirty[k])) goto db_fail;
  }
  /* One digest per person whose notices changed, holding all their queued notices. */
  for (int i = 0; i < P->n;) {
    int j = i, changed = 0, dirty = 0;
    while (j < P->n && !strcasecmp(P->a[j].zRecipient, P->a[i].zRecipient))
      changed |= aChanged[j++];
    for (int k = 0; k < nDirty && !dirty; k++) dirty = !strcasecmp(azDirty[k], P->a[i].zRecipient);
    const char *zEmail;
    if ((changed || dirty) && !person_status(s, P->a[i].zRecipient, &zEmail)) {
      Notice *aLive = xcalloc((size_t)(j - i), sizeof(Notice));
      long long *aLiveId = xcalloc((size_t)(j - i), sizeof(long long));
      int nLive = 0;
      for (int k = i; k < j; k++) {
        if (aId[k]) aLiveId[nLive] = aId[k], aLive[nLive++] = P->a[k];
      }
      long long ob = 0;
      int bad = store_outbox_replace(db, P->a[i].zRecipient) ||
                queue_digest(db, s, asAt, o->now, P->a[i].zRecipient, zEmail, aLive, nLive, &ob);
      for (int k = 0; k < nLive && !bad; k++) bad = store_notice_link(db, aLiveId[k], ob);
      free(aLive);
      free(aLiveId);
      if (bad) goto db_fail;
      res->nQueued++;
    }
    i = j;
  }
  if (db_commit(db)) goto db_fail;
  goto end;
db_fail:
  buf_appendf(err, "cannot record the notifications: %s", db_errmsg(db));
  db_rollback(db);
  rc = 1;
end:
  free(azDirty);
  store_notice_rows_free(aQ, nQ);
  free(aId);
  free(aKeep);
  free(aChanged);
  return rc;
}

/* 0, or 1 when the notices recorded cannot be read (db_errmsg). */
static int dry_run_print(Db *db, const Setup *s, const NoticeList *P, const NotifyOpts *o,
                         NotifyResult *res, Buf *out) {
  for (int i = 0; i < P->n;) {
    int j = i, nNew = 0;
    const char *zEmail;
    int ps = person_status(s, P->a[i].zRecipient, &zEmail);
    for (; j < P->n && !strcasecmp(P->a[j].zRecipient, P->a[i].zRecipient); j++) {
      long long id;
      int st;
      if (store_notice_state(db, P->a[j].zRecipient, P->a[j].zKey, &st, &id)) return 1;
      int fresh = st == NOTICE_NONE || st == NOTICE_CANCELLED;
      if (st == NOTICE_SENT || st == NOTICE_QUEUED)
        res->nAlready++;
      else if (ps == 1)
        res->nNoAddress++;
      else if (ps == 2)
        res->nStopped++;
      else
        res->nNew++, nNew++;
      if (o->verbose) {
        buf_appendf(out, "  %-10s rec %lld %s%s\n", notice_kind_names[P->a[j].kind],
                    P->a[j].pRec->id, P->a[j].zKey,
                    st == NOTICE_SENT     ? " (sent)"
                    : st == NOTICE_QUEUED ? " (queued)"
                    : fresh && ps         ? " (not sent: see below)"
                                          : "");
      }
    }
    buf_appendf(out, "%s <%s>: %d notice%s, %d new\n", P->a[i].zRecipient,
                ps == 2   ? "e-mails stopped"
                : ps == 1 ? "no valid address"
                          : zEmail,
                j - i, j - i == 1 ? "" : "s", nNew);
    i = j;
  }
  return 0;
}

/* --outbox-dir must name a directory, checked before anything is queued, so a
** mistyped name is an error at once rather than a message retried for a day. */
static int outbox_dir_check(const NotifyOpts *o, Buf *err) {
  struct stat st;
  if (!o->zOutboxDir) return 0;
  if (stat(o->zOutboxDir, &st) != 0 || !S_ISDIR(st.st_mode))
    return buf_fail(err, 1, "--outbox-dir: %s is not a directory", o->zOutboxDir);
  return 0;
}

/* This run's name in the outbox: "HOST PID TOKEN", so that another run can tell
** whether the one that began sending a message is still alive. */
static void run_name(char *z, size_t n) {
  char zHost[128] = "", zHex[17];
  unsigned char aRand[8];
  if (gethostname(zHost, sizeof zHost - 1)) zHost[0] = 0;
  for (char *p = zHost; *p; p++) {
    if (*p == ' ') *p = '_';
  }
  randombytes_buf(aRand, sizeof aRand);
  sodium_bin2hex(zHex, sizeof zHex, aRand, sizeof aRand);
  snprintf(z, n, "%s %ld %s", zHost[0] ? zHost : "-", (long)getpid(), zHex);
}

/* Can the run named zRun, which began sending at 'at', still be waiting for the
** server? Not once its SMTP timeout (and a minute) has passed, whoever it was; on
** this host, only while its process lives (a killed run is seen at once). A run
** on another host sharing the database is trusted until the timeout. */
static int run_alive(const char *zRun, const char *zSelf, long long at, long long now,
                     long timeout) {
  if (now > at + timeout + 60) return 0;
  const char *zSp = zSelf ? strchr(zSelf, ' ') : 0, *zRunSp = zRun ? strchr(zRun, ' ') : 0;
  if (!zSp || !zRunSp || zSp - zSelf != zRunSp - zRun || memcmp(zSelf, zRun, (size_t)(zSp - zSelf)))
    return 1;
  long pid = strtol(zRunSp + 1, 0, 10);
  if (pid <= 0) return 1;
  return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

/* Messages left 'sending' by a run that is dead become 'unknown'; count every
** 'unknown' message into res->nHeld and say in out (may be NULL) which ones this
** run found. */
static int hold_orphans(Db *db, const NotifyOpts *o, long timeout, Buf *out, NotifyResult *res) {
  char zSelf[200];
  run_name(zSelf, sizeof zSelf);
  OutboxRow *a = 0;
  int n = 0, rc = store_outbox_in_flight(db, &a, &n);
  res->nHeld = 0;
  for (int i = 0; !rc && i < n; i++) {
    OutboxRow *m = &a[i];
    int held = 0;
    if (!strcmp(m->zState, "sending") &&
        !run_alive(m->zFlightRun, zSelf, m->flightAt, o->now, timeout)) {
      rc = store_outbox_unknown(db, m->id, m->zFlightRun, &held);
      if (!rc && held) {
        res->nUnknown++;
        if (out)
          buf_appendf(out,
                      "may have been sent %lld to %s <%s>: the run sending it stopped before "
                      "the server answered; held (auditrack notify release %lld sends it "
                      "again)\n",
                      m->id, m->zRecipient, m->zEmail, m->id);
      }
    }
    if (!rc && (held || !strcmp(m->zState, "unknown"))) res->nHeld++;
  }
  store_outbox_rows_free(a, n);
  return rc;
}

/* A message is marked 'sending' inside its SMTP transaction, as its last bytes are
** handed to libcurl and before the final dot: a run killed earlier leaves it queued
** (a server discards a message without its final dot), so only a kill while the
** server decides leaves one that may have been sent. The same UPDATE claims it for
** one run: a second run sending it at once finds it taken and abandons its copy. */
typedef struct Claim {
  Db *db;
  long long id, now;
  const char *zRun;
  int tried, claimed, dbErr;
} Claim;

static int claim_before_end(void *pArg) {
  Claim *c = pArg;
  c->tried = 1;
  if (store_outbox_sending(c->db, c->id, c->zRun, c->now, &c->claimed)) c->dbErr = 1;
  return c->dbErr || !c->claimed;
}

/* Send (or write) message m as run zRun: 0 sent, 1 refused or failed (the reason in
** e), 2 not this run's to send (replaced, or taken by another run), -1 the database
** failed (db_errmsg). */
static int send_one(Db *db, const NotifyOpts *o, MailSender *pSender, const char *zFrom,
                    const char *zRun, const OutboxRow *m, Buf *e) {
  Claim c = {db, m->id, o->now, zRun, 0, 0, 0};
  size_t len = strlen(m->zMessage);
  int bad;
  if (o->zOutboxDir) {
    /* The file's rename is its acceptance: claimed before it is written. */
    if (claim_before_end(&c)) return c.dbErr ? -1 : 2;
    char zName[32];
    snprintf(zName, sizeof zName, "auditrack-%06lld", m->id);
    bad = mail_write_eml(o->zOutboxDir, zName, m->zMessage, len, e);
  } else {
    bad = mail_send(pSender, zFrom, m->zEmail, m->zMessage, len, claim_before_end, &c, e);
    if (c.dbErr) return -1;
    if (c.tried && !c.claimed) return 2;
  }
  return bad ? 1 : 0;
}

int notify_send_due(Db *db, const NotifyOpts *o, Buf *out, NotifyResult *res, Buf *err) {
  Setup s;
  int rc = setup_load(db, &s, err);
  OutboxRow *a = 0;
  int n = 0;
  MailSender *pSender = 0;
  const char *zFrom = set_get(&s, NS_FROM);
  if (!rc && !o->zOutboxDir && !set_get(&s, NS_SMTP_URL)) {
    rc = buf_fail(err, 1,
                  "no SMTP server: auditrack notify set smtp-url smtp://HOST:587 "
                  "(or give --outbox-dir DIR)");
  }
  if (!rc) rc = outbox_dir_check(o, err);
  if (!rc && !o->zOutboxDir) rc = setup_password(&s, err);
  char zRun[200];
  run_name(zRun, sizeof zRun);
  long timeout = atol(set_get(&s, NS_SMTP_TIMEOUT));
  if (!rc && (hold_orphans(db, o, timeout, out, res) || store_outbox_due(db, o->now, &a, &n))) {
    rc = buf_fail(err, 1, "%s", db_errmsg(db));
  }
  if (!rc && n && !o->zOutboxDir) {
    MailConfig mc = {set_get(&s, NS_SMTP_URL), set_get(&s, NS_SMTP_TLS), set_get(&s, NS_SMTP_USER),
                     s.zPassword, atol(set_get(&s, NS_SMTP_TIMEOUT))};
    pSender = mail_sender_open(&mc);
  }
  Buf e = BUF_INIT;
  for (int i = 0; !rc && i < n; i++) {
    OutboxRow *m = &a[i];
    buf_reset(&e);
    int bad = send_one(db, o, pSender, zFrom ? zFrom : "", zRun, m, &e);
    if (bad < 0) {
      rc = buf_fail(err, 1, "%s", db_errmsg(db));
      break;
    }
    if (bad == 2) continue;
    if (!bad) {
      if (db_begin(db) || store_outbox_sent(db, m->id) || db_commit(db)) {
        /* Sent but not recorded: say so loudly; the next run holds it as 'unknown'. */
        buf_appendf(err, "message %lld was sent but could not be recorded: %s", m->id,
                    db_errmsg(db));
        db_rollback(db);
        rc = 1;
        break;
      }
      res->nSent++;
      if (out)
        buf_appendf(out, "sent %lld to %s <%s>: %s\n", m->id, m->zRecipient, m->zEmail,
                    m->zSubject);
    } else {
      long long delay = 300LL << (m->attempts < 9 ? m->attempts : 9);
      if (delay > 86400) delay = 86400;
      if (store_outbox_failed(db, m->id, buf_cstr(&e), o->now + delay, zRun)) {
        rc = buf_fail(err, 1, "%s", db_errmsg(db));
        break;
      }
      res->nFailed++;
      if (out)
        buf_appendf(out, "not sent %lld to %s <%s>: %s; trying again in %lld minutes\n", m->id,
                    m->zRecipient, m->zEmail, buf_cstr(&e), delay / 60);
    }
  }
  buf_free(&e);
  mail_sender_close(pSender);
  store_outbox_rows_free(a, n);
  setup_free(&s);
  return rc;
}

/* The review queue's submissions as the plan's events (heap; the strings stay a's). */
static NotifyEvent *events_from(const Submission *a, int n) {
  NotifyEvent *e = xcalloc((size_t)n + 1, sizeof *e);
  for (int i = 0; i < n; i++) {
    const Submission *x = &a[i];
    int decided = strcmp(x->zState, "pending") != 0;
    e[i] = (NotifyEvent){x->id,        x->recId,        x->kind == SUBK_DATE,
                         x->on,        x->target,       decided ? x->zState : 0,
                         x->decidedOn, x->progressSeen, x->zDecidedBy,
                         x->zNote,     x->zAuthor};
  }
  return e;
}

int notify_run(Db *db, Day asAt, const NotifyOpts *o, Buf *out, NotifyResult *res, Buf *err) {
  memset(res, 0, sizeof *res);
  Setup s;
  RecSet rs;
  memset(&rs, 0, sizeof rs);
  NoticeList P;
  memset(&P, 0, sizeof P);
  /* A dry run reads in one transaction: the register and the notices it looks up
  ** (one per notice) agree, and each lookup does not take and drop a lock of its own. */
  int inRead = o->dryRun && !db_begin_read(db);
  if (o->dryRun && !inRead) {
    buf_appendf(err, "cannot start a transaction: %s", db_errmsg(db));
    return 1;
  }
  int rc = setup_load(db, &s, err);
  if (!rc && !o->dryRun) {
    const char *zFrom = set_get(&s, NS_FROM);
    if (!zFrom)
      rc = buf_fail(err, 1, "no sender: auditrack notify set from ADDRESS");
    else if (!o->zOutboxDir && !set_get(&s, NS_SMTP_URL)) {
      rc = buf_fail(err, 1,
                    "no SMTP server: auditrack notify set smtp-url smtp://HOST:587 "
                    "(or give --outbox-dir DIR)");
    } else {
      rc = outbox_dir_check(o, err);
    }
  }
  Submission *aSub = 0;
  int nSub = 0;
  NotifyEvent *aEv = 0;
  if (!rc && (store_load(db, 0, !o->dryRun, asAt, &rs) || store_sub_events(db, &aSub, &nSub)))
    rc = buf_fail(err, 1, "%s", db_errmsg(db));
  if (!rc) {
    aEv = events_from(aSub, nSub);
    notify_plan(&rs, &s.pol, s.aCycle, s.nCycle, &s.cfg, asAt, &P);
    notify_plan_events(&rs, &s.pol, aEv, nSub, &s.cfg, asAt, &P);
    res->nNotice = P.n;
    for (int i = 0; i < P.n; i++) res->aKind[P.a[i].kind]++;
    if (o->dryRun) {
      if (dry_run_print(db, &s, &P, o, res, out)) rc = buf_fail(err, 1, "%s", db_errmsg(db));
    } else
      rc = record_plan(db, &s, asAt, o, &P, res, out, err);
  }
  if (!rc && !o->dryRun && hold_orphans(db, o, atol(set_get(&s, NS_SMTP_TIMEOUT)), 0, res))
    rc = buf_fail(err, 1, "%s", db_errmsg(db));
  if (!rc && out) {
    char z[DAY_FMT_MAX];
    buf_appendf(out, "as at %s: %d notice%s due (", day_fmt(asAt, DAY_ISO, z), P.n,
                P.n == 1 ? "" : "s");
    for (int k = 0; k < NOTICE_KIND__MAX; k++) {
      buf_appendf(out, "%s%s %d", k ? ", " : "", notice_kind_names[k], res->aKind[k]);
    }
    buf_appendf(out,
                "); %d new, %d already queued or sent, %d cancelled, %d for people with "
                "no valid address, %d stopped",
                res->nNew, res->nAlready, res->nCancelled, res->nNoAddress, res->nStopped);
    if (o->dryRun)
      buf_puts(out, " (dry run: nothing recorded or sent)");
    else
      buf_appendf(out, "; %d message%s queued", res->nQueued, res->nQueued == 1 ? "" : "s");
    if (res->nHeld)
      buf_appendf(out, "; %d held as may have been sent (auditrack notify outbox)", res->nHeld);
    buf_putc(out, '\n');
  }
  notice_list_free(&P);
  free(aEv);
  store_subs_free(aSub, nSub);
  recset_free(&rs);
  setup_free(&s);
  if (inRead) db_rollback(db); /* it wrote nothing */
  if (!rc && !o->dryRun) rc = notify_send_due(db, o, out, res, err);
  return rc;
}

/* ---- the data-quality list ---- */

typedef struct Named {
  const char *zName;
  const char *zAs; /* "owner", "director" ... */
} Named;

static int cmp_named(const void *a, const void *b) {
  return strcasecmp(((const Named *)a)->zName, ((const Named *)b)->zName);
}

int notify_people_status(Db *db, Day asAt, PersonStatus **pa, int *pn, Buf *err) {
  Setup s;
  RecSet rs;
  memset(&rs, 0, sizeof rs);
  *pa = 0;
  *pn = 0;
  if (setup_load(db, &s, err)) {
    setup_free(&s);
    return 1;
  }
  if (store_load(db, 0, 0, asAt, &rs)) {
    buf_puts(err, db_errmsg(db));
    setup_free(&s);
    return 1;
  }
  Named *a = xcalloc((size_t)rs.n * 3 + 1, sizeof(Named));
  int n = 0, nOut = 0;
  for (int i = 0; i < rs.n; i++) {
    RecState st;
    rec_state_at(&rs.a[i], &s.pol, asAt, &st);
    if (!st.exists || !st.open) continue;
    const Rec *r = &rs.a[i];
    if (notify_owner(r))
      a[n++] = (Named){notify_owner(r), r->zOwner && r->zOwner[0] ? "owner" : "director"};
    if (r->zDirector && r->zDirector[0] && notify_owner(r) != r->zDirector) {
      a[n++] = (Named){r->zDirector, "director"};
    }
    if (r->zExecMember && r->zExecMember[0]) a[n++] = (Named){r->zExecMember, "executive member"};
  }
  if (s.cfg.zHead[0]) a[n++] = (Named){s.cfg.zHead, "head of internal audit"};
  if (n > 1) qsort(a, (size_t)n, sizeof a[0], cmp_named);
  PersonStatus *aOut = xcalloc((size_t)n + (size_t)s.nPerson + 1, sizeof *aOut);
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && !strcasecmp(a[j].zName, a[i].zName)) j++;
    const Person *p = person_find(s.aPerson, s.nPerson, a[i].zName);
    char zWhy[96];
    const char *zProblem = 0;
    if (!p || !p->zEmail)
      zProblem = "no e-mail address";
    else if (!mail_addr_valid(p->zEmail, zWhy, sizeof zWhy))
      zProblem = zWhy;
    else if (p->stopped)
      zProblem = "e-mails stopped";
    PersonStatus *x = &aOut[nOut++];
    x->zName = xstrdup(a[i].zName);
    x->zAs = a[i].zAs;
    x->nOpen = j - i;
    x->zEmail = p && p->zEmail ? xstrdup(p->zEmail) : 0;
    x->stopped = p ? p->stopped : 0;
    x->zProblem = zProblem ? xstrdup(zProblem) : 0;
    i = j;
  }
  /* People with a stored address whom the register does not name: an invalid
  ** address is still a problem. */
  for (int i = 0; i < s.nPerson; i++) {
    const Person *p = &s.aPerson[i];
    Named k = {p->zName, 0};
    char zWhy[96];
    if (n && bsearch(&k, a, (size_t)n, sizeof a[0], cmp_named)) continue;
    PersonStatus *x = &aOut[nOut++];
    x->zName = xstrdup(p->zName);
    x->zEmail = p->zEmail ? xstrdup(p->zEmail) : 0;
    x->stopped = p->stopped;
    if (p->zEmail && !mail_addr_valid(p->zEmail, zWhy, sizeof zWhy)) x->zProblem = xstrdup(zWhy);
  }
  free(a);
  recset_free(&rs);
  setup_free(&s);
  *pa = aOut;
  *pn = nOut;
  return 0;
}

void notify_people_status_free(PersonStatus *a, int n) {
  for (int i = 0; i < n; i++) {
    free(a[i].zName);
    free(a[i].zEmail);
    free(a[i].zProblem);
  }
  free(a);
}

int notify_people_problems(Db *db, Day asAt, int namesOnly, Buf *out, Buf *err) {
  PersonStatus *a = 0;
  int n = 0, nProblem = 0;
  if (notify_people_status(db, asAt, &a, &n, err)) return -1;
  for (int i = 0; i < n; i++) {
    const PersonStatus *x = &a[i];
    if (!x->zProblem) continue;
    nProblem++;
    if (namesOnly)
      buf_appendf(out, "%s\n", x->zName);
    else if (!x->zAs)
      buf_appendf(out, "%s (not named on an open recommendation): %s: %s\n", x->zName, x->zProblem,
                  x->zEmail);
    else
      buf_appendf(out, "%s (%s, %d open recommendation%s): %s%s%s\n", x->zName, x->zAs, x->nOpen,
                  x->nOpen == 1 ? "" : "s", x->zProblem, x->zEmail ? ": " : "",
                  x->zEmail ? x->zEmail : "");
  }
  notify_people_status_free(a, n);
  return nProblem;
}
