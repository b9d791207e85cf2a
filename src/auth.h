/*
** auth.h: accounts, roles, passwords, sessions and API tokens.
**
** Passwords are kept only as argon2id hashes (libsodium's crypto_pwhash_str);
** session and API tokens are 32 random bytes of which only a BLAKE2b hash is
** stored, so a copy of the database lets nobody in. Login attempts are counted
** per account and per address and refused with growing delays; every refusal
** reads the same whether or not the account exists. Not for: what a role may do
** on a page (web.h's capabilities) or SQL (store_user.c).
*/
#ifndef AT_AUTH_H
#define AT_AUTH_H

#include "action.h"
#include "buf.h"
#include "store.h"

/* The default of AuthLimits.lockSeconds (serve --lockout-seconds). */
#define AUTH_LOCK_SECONDS 300
/* The default of AuthLimits.firstWait (serve --throttle-seconds). */
#define AUTH_FIRST_WAIT 2

/* The limits `serve` sets on sessions and sign-in throttling. */
typedef struct AuthLimits {
  int idleSeconds;     /* a session unused this long ends */
  int absoluteSeconds; /* no session lives longer */
  int lockSeconds;     /* the longest wait failed sign-ins impose on an account */
  int firstWait;       /* the first wait once failures are no longer free, doubling after;
                       ** 0: AUTH_FIRST_WAIT */
  long long fixedNow;  /* 0: throttling counts by the caller's now; else by this unix time,
                       ** which never moves (serve --throttle-clock, a testing aid: a wait
                       ** then never passes, whatever the machine's speed) */
} AuthLimits;
void auth_limits_default(AuthLimits *l);

/* The common-password list: lower case, strcmp order (build/gen/passwords.c,
** made by scripts/passwords.js from an npm package's list). */
extern const char *const auth_common_passwords[];
extern const int auth_common_passwords_n;

/* ---- accounts (each write one transaction with a journal entry) ---- */

/* Is this password acceptable? At least 12 characters, at most 1024 bytes, not
** one of the commonly used ones (in any case, or with digits and symbols added
** to one), not the login or name. 0, or 1 with a reason. */
int auth_password_check(const char *zPw, const char *zLogin, const char *zName, Buf *err) AT_MUST;
/* Hash a password as accounts keep it (argon2id) into zOut (crypto_pwhash_STRBYTES,
** 128 bytes): 0, or non-zero when out of memory. */
int auth_password_hash(const char *zPw, char *zOut) AT_MUST;
/* Check u's fields (login, lengths, role needs), hash zPw and add the account. */
int auth_user_add(Db *db, const Actor *who, User *u, const char *zPw, Buf *err) AT_MUST;
/* Change "role", "name", "email", "directorate", "owner-as" or "disabled" (0/1).
** Disabling an account, or changing its role, ends its sessions. */
int auth_user_set(Db *db, const Actor *who, long long id, const char *zField, const char *zValue,
                  Buf *err) AT_MUST;
int auth_user_password(Db *db, const Actor *who, long long id, const char *zPw, Buf *err) AT_MUST;
/* AUTH_REUSED: a two-factor code that was right, but used already (auth_totp_verify). */
typedef enum AuthRc { AUTH_OK, AUTH_REFUSED, AUTH_THROTTLED, AUTH_ERROR, AUTH_REUSED } AuthRc;

/* Is zPw the account's current password? For asking again before a change:
** AUTH_OK or AUTH_REFUSED (no such account too); opens no session; AUTH_ERROR
** when the database fails. A wrong one
** counts towards sign-in throttling like a failed login from zAddr, and while
** throttled the answer is AUTH_THROTTLED with *pWait seconds to wait. l: the
** limits (NULL: the defaults). */
AuthRc auth_password_verify(Db *db, long long userId, const char *zPw, const char *zAddr,
                            long long now, int *pWait, const AuthLimits *l);
/* Look up by id (zLogin NULL) or by login. 0 found, 1 not; -1 when the database
** cannot be read (db_errmsg), which callers answer as an error, not as absence. */
int auth_user_get(Db *db, long long id, const char *zLogin, User *out);
/* Every account, by login; heap array (free()). */
int auth_user_list(Db *db, User **pa, int *pn) AT_MUST;

/* Let an account update a recommendation it does not own (an owner's deputy,
** say); with remove, take that away again. */
int auth_delegate(Db *db, const Actor *who, long long recId, long long userId, int remove,
                  Buf *err) AT_MUST;

/* ---- logging in ---- */

/* Check a login and password from an address at time now (unix seconds). On
** AUTH_OK, u is the account and zToken (AUTH_TOKEN_MAX) the new session's
** cookie value. AUTH_REFUSED covers an unknown login, a wrong password and a
** disabled account alike; AUTH_THROTTLED sets *pWait to the seconds to wait,
** and AUTH_REFUSED to the wait this failure leaves for the next try: 0 while
** failures are free, else this failure started (or lengthened) a wait.
**
** Throttling delays guesses without locking the owner out: failures count per
** account and address (5 free, then a wait doubling from 2 s up to
** l->lockSeconds) and per address (20 free, doubling up to 15 minutes); each
** count forgets one failure per quiet 15 minutes; a sign-in clears the counts
** of its account and address. So guesses from elsewhere never make the owner
** wait, and once a wait has passed the right password gets in. l: NULL for the
** defaults. */
AuthRc auth_login(Db *db, const char *zLogin, const char *zPw, const char *zAddr, long long now,
                  User *u, char *zToken, int *pWait, const AuthLimits *l);
/* The session a cookie value names, if live at now: 0 with u, its CSRF token
** (AUTH_TOKEN_MAX) and id; 1 if none or expired (an expired one is deleted); -1
** when the database cannot be read (db_errmsg). */
int auth_session(Db *db, const char *zToken, long long now, const AuthLimits *l, User *u,
                 char *zCsrf, long long *pSessionId);
int auth_logout(Db *db, long long sessionId) AT_MUST;
/* End every session of an account ("sign out everywhere"). */
int auth_logout_all(Db *db, long long userId) AT_MUST;

/* ---- API tokens ---- */

/* A new token for an account; the clear value goes to zToken (AUTH_TOKEN_MAX)
** and is never stored. */
int auth_token_create(Db *db, const Actor *who, long long userId, const char *zName, char *zToken,
                      long long *pId, Buf *err) AT_MUST;
int auth_token_revoke(Db *db, const Actor *who, long long userId, long long tokenId,
                      Buf *err) AT_MUST;
/* The account a bearer token belongs to: 0 with u, 1 if unknown, revoked or the
** account is disabled; -1 when the database cannot be read (db_errmsg). */
int auth_token_check(Db *db, const char *zToken, User *u);
int auth_token_list(Db *db, long long userId, ApiToken **pa, int *pn) AT_MUST;

/* Random bytes as base64url (no padding), n random bytes into z (room for
** 4*n/3+2). */
void auth_random_token(char *z, size_t nBytes);

#endif
