/*
** auth_link.c: invitations and password resets by e-mail, and the account
** settings they read (auth_account.h).
**
** Why each choice: a link carries 32 random bytes of which only a BLAKE2b hash
** is stored (a copy of the database opens no account); it works once, expires,
** and a newer link of the same kind spends the older. A reset request does the
** same work whatever was typed (a token made and hashed, counters bumped, one
** commit) and gets the same answer, so neither the page nor its timing tells
** who has an account. The e-mail goes into the outbox the notices use, so it is
** sent, retried and listed as they are. Not for: pages (page_reset.c) or the
** second factor (auth_totp.c).
*/
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth_account.h"
#include "mail.h"
#include "store_account.h"
#include "store_notify.h"

/* ---- settings ---- */

static const struct {
  const char *zKey, *zDefault, *zHelp;
} aSetting[] = {
    {"invite-days", "7", "days an invitation link works (1 to 90)"},
    {"reset-minutes", "60", "minutes a password reset link works (5 to 1440)"},
    {"require-2fa", "",
     "roles that must use two-factor authentication, comma-separated "
     "(admin, auditor, director, owner, committee; empty: none)"},
};
#define N_SETTING ((int)(sizeof aSetting / sizeof aSetting[0]))

/* Parse a role list into a[ROLE__MAX]: 0, or 1 naming the bad word in err. */
static int roles_parse(const char *z, int *a, Buf *err) {
  memset(a, 0, sizeof(int) * ROLE__MAX);
  char zWord[32];
  while (*z) {
    size_t n = strcspn(z, ", ");
    if (n) {
      snprintf(zWord, sizeof zWord, "%.*s", (int)(n < 31 ? n : 31), z);
      int r = role_from_name(zWord);
      if (r < 0) {
        buf_appendf(err, "'%s' is not a role (admin, auditor, director, owner, committee)", zWord);
        return 1;
      }
      a[r] = 1;
    }
    z += n;
    while (*z == ',' || *z == ' ') z++;
  }
  return 0;
}

static int setting_read(Db *db, int i, char **pz) {
  char zKey[64];
  snprintf(zKey, sizeof zKey, "accounts.%s", aSetting[i].zKey);
  if (db_meta_read(db, zKey, pz)) return 1;
  if (!*pz || !(*pz)[0]) {
    free(*pz);
    *pz = xstrdup(aSetting[i].zDefault);
  }
  return 0;
}

int account_settings_load(Db *db, AccountSettings *s) {
  char *az[N_SETTING] = {0};
  int rc = 0;
  for (int i = 0; i < N_SETTING && !rc; i++) rc = setting_read(db, i, &az[i]);
  if (!rc) {
    Buf err = BUF_INIT;
    s->inviteDays = atoi(az[0]);
    s->resetMinutes = atoi(az[1]);
    if (roles_parse(az[2], s->aRequire2fa, &err)) memset(s->aRequire2fa, 0, sizeof s->aRequire2fa);
    buf_free(&err);
  }
  for (int i = 0; i < N_SETTING; i++) free(az[i]);
  return rc;
}

static int setting_check(int i, const char *zValue, Buf *err) {
  if (!zValue[0]) return 0;
  if (i == 2) {
    int a[ROLE__MAX];
    return roles_parse(zValue, a, err);
  }
  int lo = i == 0 ? 1 : 5, hi = i == 0 ? 90 : 1440;
  char *zEnd = 0;
  long v = strtol(zValue, &zEnd, 10);
  if (*zEnd || v < lo || v > hi) {
    buf_appendf(err, "%s is a whole number from %d to %d", aSetting[i].zKey, lo, hi);
    return 1;
  }
  return 0;
}

int account_setting_set(Db *db, const Actor *who, const char *zKey, const char *zValue, Buf *err) {
  buf_reset(err);
  int i = 0;
  while (i < N_SETTING && strcmp(aSetting[i].zKey, zKey)) i++;
  if (i == N_SETTING) {
    buf_appendf(err, "no account setting '%s' (invite-days, reset-minutes, require-2fa)", zKey);
    return ACT_INVALID;
  }
  if (setting_check(i, zValue, err)) return ACT_INVALID;
  char zMeta[64];
  snprintf(zMeta, sizeof zMeta, "accounts.%s", zKey);
  db_error_clear(db);
  if (db_begin(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  int rc = db_meta_set(db, zMeta, zValue);
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"key\":");
  buf_json_str(&j, zKey);
  buf_puts(&j, ",\"value\":");
  buf_json_str(&j, zValue);
  buf_putc(&j, '}');
  rc = act_finish(db, rc, who, "settings.accounts", "settings", 0, buf_cstr(&j), err);
  buf_free(&j);
  return rc;
}

int account_settings_show(Db *db, Buf *out) {
  for (int i = 0; i < N_SETTING; i++) {
    char *z = 0;
    if (setting_read(db, i, &z)) return 1;
    buf_appendf(out, "%-14s %-16s %s (default: %s)\n", aSetting[i].zKey, z[0] ? z : "(none)",
                aSetting[i].zHelp, aSetting[i].zDefault[0] ? aSetting[i].zDefault : "none");
    free(z);
  }
  return 0;
}

long long auth_clock(const AuthLimits *l, long long now) {
  return l && l->fixedNow ? l->fixedNow : now;
}

/* ---- the e-mail ---- */

/* Queue a message about account u to its address, from the notify settings. 0,
** or 1 with the reason in err (mail not set up, or the database's). */
static int queue_mail(Db *db, const User *u, const char *zSubject, const char *zText, long long now,
                      Buf *err) {
  char *zFrom = 0, *zName = 0, *zReply = 0;
  int rc = store_notify_get(db, "from", &zFrom) || store_notify_get(db, "from-name", &zName) ||
           store_notify_get(db, "reply-to", &zReply);
  if (rc) {
    buf_puts(err, db_errmsg(db));
  } else if (!zFrom || !strchr(zFrom, '@')) {
    buf_puts(err, "e-mail is not set up: auditrack notify set from ADDRESS (and base-url)");
    rc = 1;
  } else {
    unsigned char aRand[16];
    char zHex[33], zMsgId[320], zRecipient[80];
    randombytes_buf(aRand, sizeof aRand);
    sodium_bin2hex(zHex, sizeof zHex, aRand, sizeof aRand);
    snprintf(zMsgId, sizeof zMsgId, "%s.auditrack@%s", zHex, strchr(zFrom, '@') + 1);
    /* Not a person's name: a digest queued later for the same person must not
    ** replace it (store_outbox_replace goes by recipient). */
    snprintf(zRecipient, sizeof zRecipient, "account %s", u->zLogin);
    MailMsg m = {zFrom,      zName ? zName : "auditrack",
                 zReply,     u->zEmail,
                 u->zName,   zSubject,
                 zText,      0,
                 zMsgId,     0,
                 (time_t)now};
    Buf msg = BUF_INIT;
    mail_build(&m, &msg);
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    long long id = 0;
    rc = store_outbox_add(db, zRecipient, u->zEmail, zSubject, buf_cstr(&msg), zMsgId,
                          day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), 0, &id);
    if (rc) buf_puts(err, db_errmsg(db));
    buf_free(&msg);
  }
  free(zFrom);
  free(zName);
  free(zReply);
  return rc;
}

/* BASE/password/TOKEN into out, from the base-url setting: 0, or 1 with err. */
static int link_url(Db *db, const char *zToken, Buf *out, Buf *err) {
  char *zBase = 0;
  if (store_notify_get(db, "base-url", &zBase)) return buf_fail(err, 1, "%s", db_errmsg(db));
  if (!zBase || !zBase[0]) {
    free(zBase);
    return buf_fail(err, 1,
                    "e-mail links need the service's address: auditrack notify set "
                    "base-url https://...");
  }
  size_t n = strlen(zBase);
  while (n && zBase[n - 1] == '/') n--;
  buf_appendf(out, "%.*s/password/%s", (int)n, zBase, zToken);
  free(zBase);
  return 0;
}

static void org_name(Db *db, char *z, size_t n) {
  char *zOrg = db_meta_get(db, "organisation");
  snprintf(z, n, "%s", zOrg && zOrg[0] ? zOrg : "your organisation");
  free(zOrg);
}

/* A new link for u (spending older ones of its kind) and its e-mail, in the
** caller's transaction. */
static int link_send(Db *db, const User *u, int invite, long long now, long long life, Buf *err) {
  char zTok[AUTH_TOKEN_MAX], zH[65], zOrg[USER_FIELD_MAX], zWhen[DAY_STAMP_MAX];
  auth_random_token(zTok, 32);
  auth_token_hash(zTok, zH);
  Buf url = BUF_INIT, text = BUF_INIT, subj = BUF_INIT;
  int rc = link_url(db, zTok, &url, err);
  if (!rc && store_link_add(db, u->id, invite ? "invite" : "reset", zH, now, now + life))
    rc = buf_fail(err, 1, "%s", db_errmsg(db));
  org_name(db, zOrg, sizeof zOrg);
  if (invite) {
    day_stamp(now + life, zWhen);
    buf_appendf(&subj, "Your account on %s's audit recommendation tracker", zOrg);
    buf_appendf(&text,
                "Hello %s,\n\nYou have an account on auditrack, %s's tracker of internal audit "
                "recommendations. Your login is %s (%s).\n\nTo choose your password and sign "
                "in, open this link before %s:\n\n%s\n\nThe link works once. If it has "
                "expired, ask your administrator to invite you again.\n\nIf you did not expect "
                "this e-mail, you can ignore it: nobody can use the account until a password "
                "is chosen through the link.\n",
                u->zName, zOrg, u->zLogin, role_labels[u->role], zWhen, buf_cstr(&url));
  } else {
    buf_appendf(&subj, "Reset your password for %s's audit recommendation tracker", zOrg);
    buf_appendf(&text,
                "Hello %s,\n\nSomeone asked to reset the password of your auditrack account "
                "%s.\n\nTo choose a new password, open this link within %lld minutes:\n\n%s\n\n"
                "The link works once. Choosing a new password signs you out everywhere.\n\n"
                "If you did not ask for this, you need do nothing: your password has not "
                "changed and the link will expire. If it happens again, tell your "
                "administrator.\n",
                u->zName, u->zLogin, life / 60, buf_cstr(&url));
  }
  if (!rc) rc = queue_mail(db, u, buf_cstr(&subj), buf_cstr(&text), now, err);
  sodium_memzero(zTok, sizeof zTok);
  buf_free(&url);
  buf_free(&text);
  buf_free(&subj);
  return rc;
}

/* ---- invitations ---- */

/* Can account e-mails be sent at all? 0, or 1 with what to set in err. */
static int mail_ready(Db *db, Buf *err) {
  char *zFrom = 0;
  Buf url = BUF_INIT;
  if (store_notify_get(db, "from", &zFrom)) return buf_fail(err, 1, "%s", db_errmsg(db));
  int rc = !zFrom || !strchr(zFrom, '@');
  free(zFrom);
  if (rc) return buf_fail(err, 1, "e-mail is not set up: auditrack notify set from ADDRESS");
  rc = link_url(db, "x", &url, err);
  buf_free(&url);
  return rc;
}

int auth_invite(Db *db, const Actor *who, User *u, long long now, Buf *err) {
  char zWhy[120];
  AccountSettings cfg;
  buf_reset(err);
  if (!u->zEmail[0]) return buf_fail(err, ACT_INVALID, "an invitation needs an e-mail address");
  if (!mail_addr_valid(u->zEmail, zWhy, sizeof zWhy))
    return buf_fail(err, ACT_INVALID, "the e-mail address is not valid: %s", zWhy);
  if (account_settings_load(db, &cfg)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (mail_ready(db, err)) return ACT_INVALID;
  User old;
  int has = 0, rc = auth_user_get(db, 0, u->zLogin, &old);
  if (rc < 0) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (rc == 0) {
    if (store_user_has_password(db, old.id, &has))
      return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    if (has)
      return buf_fail(err, ACT_CONFLICT,
                      "%s already has a password: they can reset it from the sign-in page",
                      old.zLogin);
    if (old.disabled) return buf_fail(err, ACT_INVALID, "%s is disabled", old.zLogin);
    if (strcmp(old.zEmail, u->zEmail))
      return buf_fail(err, ACT_INVALID,
                      "%s's e-mail address is %s: change it first, or invite "
                      "to that address",
                      old.zLogin, old.zEmail[0] ? old.zEmail : "not set");
    *u = old;
  } else {
    /* A new account: added with no password, in its own journalled action. */
    char zPw[64];
    auth_random_token(zPw, 32); /* only to pass the checks; replaced by no password below */
    rc = auth_user_add(db, who, u, zPw, err);
    sodium_memzero(zPw, sizeof zPw);
    if (rc) return rc;
    if (db_begin(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    rc = store_user_set(db, u->id, "pw_hash", "");
    if (rc || db_commit(db)) {
      db_rollback(db);
      return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
    }
  }
  db_error_clear(db);
  if (db_begin(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  rc = link_send(db, u, 1, now, cfg.inviteDays * 86400LL, err) ? ACT_INVALID : ACT_OK;
  Buf j = BUF_INIT;
  buf_puts(&j, "{\"login\":");
  buf_json_str(&j, u->zLogin);
  buf_puts(&j, ",\"email\":");
  buf_json_str(&j, u->zEmail);
  buf_appendf(&j, ",\"days\":%d}", cfg.inviteDays);
  if (rc) {
    db_rollback(db);
  } else {
    rc = act_finish(db, rc, who, "user.invite", "user", u->id, buf_cstr(&j), err);
  }
  buf_free(&j);
  return rc;
}

/* ---- notices of changes ---- */

int auth_notice_queue(Db *db, const User *u, const char *zWhat, long long now) {
  Buf err = BUF_INIT, subj = BUF_INIT, text = BUF_INIT;
  char zOrg[USER_FIELD_MAX], zWhen[DAY_STAMP_MAX];
  int rc = 0;
  if (u->zEmail[0] && !mail_ready(db, &err)) {
    day_stamp(now, zWhen);
    org_name(db, zOrg, sizeof zOrg);
    buf_appendf(&subj, "%s: your account on %s's audit recommendation tracker", zWhat, zOrg);
    buf_appendf(&text,
                "Hello %s,\n\n%s on your auditrack account %s, on %s.\n\nIf this was you, "
                "you need do nothing. If it was not, tell your administrator at once: they can "
                "disable the account and find out what was done.\n",
                u->zName, zWhat, u->zLogin, zWhen);
    rc = queue_mail(db, u, buf_cstr(&subj), buf_cstr(&text), now, &err);
  }
  buf_free(&err);
  buf_free(&subj);
  buf_free(&text);
  return rc;
}

int auth_notice_send(Db *db, const User *u, const char *zWhat, long long now) {
  if (db_begin(db)) return 1;
  if (auth_notice_queue(db, u, zWhat, now) || db_commit(db)) {
    db_rollback(db);
    return 1;
  }
  return 0;
}

/* ---- resets ---- */

/* Requests counted per key as failed sign-ins are (store_fail_bump: one forgotten
** per quiet 15 minutes): the count now. */
static int count_now(Db *db, const char *zKey, long long now, int *pn) {
  long long last = 0;
  if (store_fail_get(db, zKey, pn, &last)) return 1;
  if (now > last) *pn -= (int)((now - last) / 900);
  if (*pn < 0) *pn = 0;
  return 0;
}

static AuthRc reset_request(Db *db, const char *zWho, const char *zAddr, long long now, int *pWait,
                            const AuthLimits *l) {
  char zKeyW[160], zKeyA[96], zKeyU[48], zTok[AUTH_TOKEN_MAX], zH[65];
  now = auth_clock(l, now);
  *pWait = 0;
  snprintf(zKeyW, sizeof zKeyW, "reset:%.120s", zWho);
  for (char *p = zKeyW; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  snprintf(zKeyA, sizeof zKeyA, "reset-a:%.70s", zAddr ? zAddr : "");
  /* The account, by login or else by e-mail address: looked up the same way either way. */
  User u;
  long long idByMail = 0;
  if (strlen(zWho) > 120 || auth_user_get(db, 0, zWho, &u) < 0 ||
      store_user_by_email(db, zWho, &idByMail))
    return AUTH_ERROR;
  if (!u.id && idByMail && auth_user_get(db, idByMail, 0, &u) < 0) return AUTH_ERROR;
  int known = u.id && !u.disabled && u.zEmail[0];
  snprintf(zKeyU, sizeof zKeyU, "reset-u:%lld", known ? u.id : 0);
  int nW = 0, nA = 0, nU = 0;
  if (count_now(db, zKeyW, now, &nW) || count_now(db, zKeyA, now, &nA) ||
      count_now(db, zKeyU, now, &nU))
    return AUTH_ERROR;
  if (nW >= 3 || nA >= 10 || (known && nU >= 3)) {
    *pWait = 900;
    return AUTH_THROTTLED;
  }
  /* The same work on both paths: a token made and hashed, the counters bumped. */
  auth_random_token(zTok, 32);
  auth_token_hash(zTok, zH);
  sodium_memzero(zTok, sizeof zTok);
  AccountSettings cfg;
  if (account_settings_load(db, &cfg)) return AUTH_ERROR;
  if (db_begin(db)) return AUTH_ERROR;
  int rc = store_fail_bump(db, zKeyW, now) || store_fail_bump(db, zKeyA, now) ||
           (known && store_fail_bump(db, zKeyU, now));
  Buf err = BUF_INIT;
  if (!rc && known) {
    if (link_send(db, &u, 0, now, cfg.resetMinutes * 60LL, &err)) {
      /* Mail not set up: nothing to send; the counters still count. */
      fprintf(stderr, "auditrack: password reset for %s not sent: %s\n", u.zLogin, buf_cstr(&err));
    } else {
      Actor who = {u.zLogin, u.id};
      buf_reset(&err);
      char zDetail[160];
      snprintf(zDetail, sizeof zDetail, "{\"addr\":\"%.60s\"}", zAddr ? zAddr : "");
      rc = act_finish(db, 0, &who, "user.reset-request", "user", u.id, zDetail, &err) != 0;
      buf_free(&err);
      return rc ? AUTH_ERROR : AUTH_OK;
    }
  }
  buf_free(&err);
  if (rc || db_commit(db)) {
    db_rollback(db);
    return AUTH_ERROR;
  }
  return AUTH_OK;
}

/* The least time a reset request takes, in milliseconds: above what either path
** costs, so that what is left of the difference (the e-mail built and queued, the
** journal entry) is not seen in the answer's time. */
#define RESET_FLOOR_MS 150

AuthRc auth_reset_request(Db *db, const char *zWho, const char *zAddr, long long now, int *pWait,
                          const AuthLimits *l) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  AuthRc rc = reset_request(db, zWho, zAddr, now, pWait, l);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  long long left = RESET_FLOOR_MS * 1000000LL - ns;
  if (left > 0) {
    struct timespec d = {(time_t)(left / 1000000000LL), (long)(left % 1000000000LL)};
    while (nanosleep(&d, &d)) {
    }
  }
  return rc;
}

LinkState auth_link_check(Db *db, const char *zToken, long long now, User *u, int *pInvite) {
  char zH[65], zPurpose[8];
  long long id, userId, expires, used;
  memset(u, 0, sizeof *u);
  *pInvite = 0;
  if (!zToken || strlen(zToken) != 43) return LINK_UNKNOWN;
  auth_token_hash(zToken, zH);
  if (store_link_find(db, zH, &id, &userId, zPurpose, &expires, &used)) return LINK_ERROR;
  if (!id) return LINK_UNKNOWN;
  if (used) return LINK_USED;
  if (now >= expires) return LINK_EXPIRED;
  int rc = auth_user_get(db, userId, 0, u);
  if (rc < 0) return LINK_ERROR;
  if (rc || u->disabled) return LINK_UNKNOWN;
  *pInvite = !strcmp(zPurpose, "invite");
  return LINK_OK;
}

int auth_link_use(Db *db, const char *zToken, const char *zPw, long long now, Buf *err) {
  User u;
  int invite = 0;
  buf_reset(err);
  LinkState st = auth_link_check(db, zToken, now, &u, &invite);
  if (st == LINK_ERROR) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  if (st != LINK_OK) return buf_fail(err, ACT_NOT_FOUND, "the link has expired or been used");
  if (auth_password_check(zPw, u.zLogin, u.zName, err)) return ACT_INVALID;
  char zHash[128], zH[65], zPurpose[8];
  long long id, userId, expires, used;
  if (auth_password_hash(zPw, zHash)) return buf_fail(err, ACT_ERROR, "out of memory");
  auth_token_hash(zToken, zH);
  db_error_clear(db);
  if (db_begin(db)) return buf_fail(err, ACT_ERROR, "%s", db_errmsg(db));
  int n = 0;
  int rc = store_link_find(db, zH, &id, &userId, zPurpose, &expires, &used) ||
           store_link_use(db, id, now, &n);
  if (!rc && n != 1) rc = db_errorf(db, "the link has been used");
  /* A new password ends every session: whoever knew the old one is signed out. */
  if (!rc) rc = store_user_set(db, u.id, "pw_hash", zHash) || store_session_delete(db, 0, u.id);
  /* A reset is a change the owner must hear of; an invitation's first password is not. */
  if (!rc && !invite) rc = auth_notice_queue(db, &u, "Your password was reset", now);
  Actor who = {u.zLogin, u.id};
  char zDetail[48];
  snprintf(zDetail, sizeof zDetail, "{\"through\":\"%s\"}", invite ? "invite" : "reset");
  return act_finish(db, rc, &who, "user.password-set", "user", u.id, zDetail, err);
}
