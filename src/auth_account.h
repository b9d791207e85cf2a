/*
** auth_account.h: local accounts beyond the password: invitations and password
** resets by e-mail (auth_link.c), TOTP two-factor authentication with recovery
** codes, the second step of signing in, and the browser sessions an account can
** see and end (auth_totp.c).
**
** Links and recovery codes are random tokens kept only as BLAKE2b hashes, as
** session tokens are. E-mails go through the outbox the notices use (the
** "notify" settings from and base-url must be set), sent by `serve`'s timer or
** `auditrack notify outbox --send`. Times come from the caller; a fixed clock
** (AuthLimits.fixedNow, serve --throttle-clock) stands for now here as it does
** for throttling, so tests can expire a link. Not for: passwords and sessions
** themselves (auth.h) or pages (page_reset.c, page_account.c).
*/
#ifndef AT_AUTH_ACCOUNT_H
#define AT_AUTH_ACCOUNT_H

#include <stdint.h>

#include "auth.h"
#include "store_account.h"

/* Account settings (meta "accounts.KEY"), read with their defaults. */
typedef struct AccountSettings {
  int inviteDays;     /* invite-days: an invitation link's life (1 to 90; 7) */
  int resetMinutes;   /* reset-minutes: a reset link's life (5 to 1440; 60) */
  int aRequire2fa[8]; /* require-2fa: by Role, 1 when that role must use two factors */
} AccountSettings;
/* Read them: 0, or 1 with db_errmsg. */
int account_settings_load(Db *db, AccountSettings *s) AT_MUST;
/* Check and store one ("" restores the default): ACT_OK or ACT_INVALID/ACT_ERROR
** with the reason in err. Journalled as "settings.accounts". */
int account_setting_set(Db *db, const Actor *who, const char *zKey, const char *zValue,
                        Buf *err) AT_MUST;
/* One line per setting with its current value, for `user settings`. */
int account_settings_show(Db *db, Buf *out) AT_MUST;

/* The time links and second factors count by: l->fixedNow when a test fixed it. */
long long auth_clock(const AuthLimits *l, long long now);
/* Hex BLAKE2b-256 of a token: what the database keeps (auth.c's sessions too). */
void auth_token_hash(const char *zToken, char zHex[65]);

/* ---- invitations and resets (auth_link.c) ---- */

/* Invite: add account u (no password: it cannot sign in) if its login is new, or
** invite again an existing account that has never set a password (every older
** link stops working); e-mail u->zEmail a link to set a password, valid for the
** invite-days setting. Journalled "user.invite". ACT_INVALID names the problem
** (no e-mail address, mail not set up, an account that has a password). */
int auth_invite(Db *db, const Actor *who, User *u, long long now, Buf *err) AT_MUST;

/* A password reset asked for by login or e-mail address zWho from zAddr. The
** same work whether or not such an account exists (a token made and hashed, the
** counters bumped, one commit), and the same answer: AUTH_OK, AUTH_THROTTLED
** (*pWait seconds: after 3 requests for one login or address, or 10 from one
** network address, each forgotten after a quiet 15 minutes) or AUTH_ERROR. An
** enabled account with an address gets the e-mail, and the journal says so.
** Never answers in under 150 ms, so that the e-mail's extra work does not show. */
AuthRc auth_reset_request(Db *db, const char *zWho, const char *zAddr, long long now, int *pWait,
                          const AuthLimits *l);

/* Tell the account's owner by e-mail that zWhat ("Your password was changed")
** happened, and what to do if it was not them: queued in the caller's
** transaction. Nothing when the account has no address or e-mail is not set up;
** 1 only when the database fails (db_errmsg). */
int auth_notice_queue(Db *db, const User *u, const char *zWhat, long long now) AT_MUST;
/* The same in a transaction of its own, for a change already committed. */
int auth_notice_send(Db *db, const User *u, const char *zWhat, long long now) AT_MUST;

typedef enum LinkState { LINK_OK, LINK_UNKNOWN, LINK_USED, LINK_EXPIRED, LINK_ERROR } LinkState;
/* What token zToken is: LINK_OK with the account in u and *pInvite 1 for an
** invitation, 0 for a reset. */
LinkState auth_link_check(Db *db, const char *zToken, long long now, User *u, int *pInvite);
/* Set the password through link zToken, spending it and ending every session of
** the account; journalled "user.password-set". ACT_INVALID when the password is
** refused (err says why: the same rules as everywhere) or the link is no
** longer valid. */
int auth_link_use(Db *db, const char *zToken, const char *zPw, long long now, Buf *err) AT_MUST;

/* ---- TOTP (auth_totp.c): RFC 6238 with HMAC-SHA-1, 30 s steps, 6 digits ---- */

/* The HOTP value (RFC 4226) of key at counter, as nDigit digits. */
uint32_t totp_hotp(const unsigned char *key, size_t nKey, uint64_t counter, int nDigit);
/* RFC 4648 base32 without padding; decode returns the bytes, or -1. */
void totp_base32(const unsigned char *p, size_t n, char *zOut, size_t nOut);
int totp_base32_decode(const char *z, unsigned char *pOut, size_t nOut);

/* Start (or restart) enrolment: a new secret, unconfirmed, in zSecret (room for
** 64, base32), and the otpauth:// URI in uri. */
int auth_totp_begin(Db *db, const User *u, char *zSecret, Buf *uri, Buf *err) AT_MUST;
/* Enrolment begun and not confirmed: 1 with the secret and URI, 0 none, -1 error. */
int auth_totp_pending(Db *db, const User *u, char *zSecret, Buf *uri);
/* Confirm enrolment with a code from the app: ACT_OK with 10 recovery codes in
** azCode (each room for 24), shown once and stored hashed; ACT_INVALID when the
** code is wrong. Journalled "user.2fa-on". */
int auth_totp_confirm(Db *db, const Actor *who, long long userId, const char *zCode, long long now,
                      char azCode[10][24], Buf *err) AT_MUST;
/* Is two-factor on for the account (a confirmed secret)? -1 on a database error. */
int auth_totp_on(Db *db, long long userId);
/* The second step: a 6-digit code (this step or one either side, each step
** usable once) or an unused recovery code (spent). Wrong ones count towards
** throttling as failed sign-ins do. AUTH_OK, AUTH_REFUSED, AUTH_THROTTLED with
** *pWait, or AUTH_ERROR. */
AuthRc auth_totp_verify(Db *db, long long userId, const char *zCode, const char *zAddr,
                        long long now, int *pWait, const AuthLimits *l);
/* The administrator turns an account's two-factor off (lost phone): secret and
** recovery codes removed, sessions ended; journalled "user.2fa-reset". */
int auth_totp_reset(Db *db, const Actor *who, long long userId, long long now, Buf *err) AT_MUST;
/* Unused recovery codes left, or -1. */
int auth_recovery_left(Db *db, long long userId);

/* ---- sessions ---- */

/* Session stages: signed in; waiting for the second factor; made to enrol. */
enum { STAGE_FULL = 0, STAGE_CODE = 1, STAGE_ENROL = 2 };
/* After a correct password opened session zToken for u: record its browser and
** put it at the stage two-factor calls for. *pStage says which. 0, or 1 with
** db_errmsg (the session is then ended). */
int auth_session_begin(Db *db, const char *zToken, const User *u, long long sessionNow,
                       const char *zAgent, int *pStage) AT_MUST;
/* Replace session oldId (its second step done) by a new, fully signed-in one:
** a new token in zToken (AUTH_TOKEN_MAX). 0, or 1 with db_errmsg. */
int auth_session_promote(Db *db, long long oldId, long long userId, long long now,
                         const char *zAddr, const char *zAgent, char *zToken) AT_MUST;
/* The account's sessions, the latest used first (heap array, free()); end one of
** them (*pn 0 when it is not the account's); end all but keepId. 0, or 1 with
** db_errmsg. */
int auth_session_list(Db *db, long long userId, SessionRow **pa, int *pn) AT_MUST;
int auth_session_end(Db *db, long long userId, long long id, int *pn) AT_MUST;
int auth_session_end_others(Db *db, long long userId, long long keepId) AT_MUST;
/* "Firefox on Windows": a User-Agent summarised for the sessions list. */
void auth_agent_summary(const char *zAgent, char *z, size_t n);

#endif
