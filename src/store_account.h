/*
** store_account.h: SQL for what local accounts keep beside the account itself:
** single-use links to set a password (invitations and resets), TOTP secrets,
** recovery codes, and a session's stage and browser. Every function runs in the
** caller's transaction, or alone in autocommit, and returns 0, or 1 with
** db_errmsg. Not for: deciding anything (auth_link.c, auth_totp.c) or the
** account, session and failure-count tables' other SQL (store_user.c).
*/
#ifndef AT_STORE_ACCOUNT_H
#define AT_STORE_ACCOUNT_H

#include "store.h"

/* ---- links: purpose "invite" or "reset"; only a hash of the token is kept ---- */

/* Add a link; every earlier unused link of the account with the same purpose is
** spent at now, so only the newest works. */
int store_link_add(Db *db, long long userId, const char *zPurpose, const char *zHash, long long now,
                   long long expiresAt) AT_MUST;
/* The link with this hash: *pId 0 when there is none. zPurpose has room for 8. */
int store_link_find(Db *db, const char *zHash, long long *pId, long long *pUserId, char *zPurpose,
                    long long *pExpires, long long *pUsed) AT_MUST;
/* Spend link id at now: *pn 1, or 0 when it was spent already (by another request). */
int store_link_use(Db *db, long long id, long long now, int *pn) AT_MUST;

/* ---- TOTP ---- */

/* The account's secret (base32, zSecret room for 64): *pFound 0 when none. */
int store_totp_get(Db *db, long long userId, char *zSecret, int *pConfirmed, long long *pLastStep,
                   int *pFound) AT_MUST;
/* A new, unconfirmed secret, replacing any unconfirmed one. */
int store_totp_begin(Db *db, long long userId, const char *zSecret) AT_MUST;
/* Confirm it, step already used. */
int store_totp_confirm(Db *db, long long userId, long long step) AT_MUST;
/* Record step as used, if later than the last: *pn 1, else 0 (a code used already). */
int store_totp_step(Db *db, long long userId, long long step, int *pn) AT_MUST;
/* Remove the secret and the recovery codes. */
int store_totp_delete(Db *db, long long userId) AT_MUST;

/* ---- recovery codes ---- */

int store_recovery_add(Db *db, long long userId, const char *zHash) AT_MUST;
typedef struct RecoveryRow {
  long long id;
  char zHash[160]; /* as stored: "SALT:HASH", both hex */
} RecoveryRow;
/* The account's unused codes; heap array (free()). */
int store_recovery_unused(Db *db, long long userId, RecoveryRow **pa, int *pn) AT_MUST;
/* Spend code id if unused: *pn 1, or 0 when another request spent it first. */
int store_recovery_use(Db *db, long long id, long long now, int *pn) AT_MUST;
/* How many unused codes are left. */
int store_recovery_left(Db *db, long long userId, int *pn) AT_MUST;

/* ---- sessions ---- */

/* Set the stage and the browser (User-Agent, cut to 200 bytes) of the session
** with this token hash. */
int store_session_mark(Db *db, const char *zHash, int stage, const char *zAgent) AT_MUST;
/* The stage of session id (0 when there is no such session). */
int store_session_stage(Db *db, long long id, int *pStage) AT_MUST;

typedef struct SessionRow {
  long long id, createdAt, seenAt;
  int stage;
  char zAddr[64], zAgent[204];
} SessionRow;
/* An account's sessions, the most recently used first; heap array (free()). */
int store_session_list(Db *db, long long userId, SessionRow **pa, int *pn) AT_MUST;
/* End session id if it is the account's: *pn 1, else 0. */
int store_session_end(Db *db, long long userId, long long id, int *pn) AT_MUST;
/* End every session of the account but keepId. */
int store_session_end_others(Db *db, long long userId, long long keepId) AT_MUST;

/* Does the account have a password? (An invited one has none until it sets one.) */
int store_user_has_password(Db *db, long long userId, int *pHas) AT_MUST;
/* The account whose e-mail address is zEmail (any case), if exactly one: *pId 0 otherwise. */
int store_user_by_email(Db *db, const char *zEmail, long long *pId) AT_MUST;

#endif
