/*
** test_totp.c: unit tests of two-factor authentication and account links: the
** RFC 6238 test vectors (SHA-1), base32 both ways, each step and each recovery
** code accepted once, throttling of wrong codes, and a link that works once and
** expires, on an in-memory database with a fixed clock.
*/
#include <sqlite3.h>
#include <stdio.h>

#include "auth_account.h"
#include "store_account.h"
#include "t.h"

static Db *open_db(void) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(":memory:", 1, &db, &zErr)) t_fail(__FILE__, __LINE__, "open: %s", zErr);
  return db;
}

/* RFC 6238 appendix B, SHA-1 rows: the key is "12345678901234567890", 8 digits. */
TEST(totp_rfc6238_vectors) {
  const unsigned char *k = (const unsigned char *)"12345678901234567890";
  static const struct {
    long long t;
    uint32_t code;
  } a[] = {{59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
           {1234567890, 89005924}, {2000000000, 69279037}, {20000000000LL, 65353130}};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    CHECK_INT((long long)totp_hotp(k, 20, (uint64_t)(a[i].t / 30), 8), (long long)a[i].code);
    /* 6 digits are the last 6 of the same value. */
    CHECK_INT((long long)totp_hotp(k, 20, (uint64_t)(a[i].t / 30), 6),
              (long long)(a[i].code % 1000000));
  }
}

TEST(totp_base32_both_ways) {
  char z[64];
  unsigned char b[32];
  totp_base32((const unsigned char *)"12345678901234567890", 20, z, sizeof z);
  CHECK_STR(z, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  CHECK_INT(totp_base32_decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", b, sizeof b), 20);
  CHECK(!memcmp(b, "12345678901234567890", 20));
  CHECK_INT(totp_base32_decode("GEZ1", b, sizeof b), -1); /* 1 is not base32 */
}

/* The code of secret zSecret at unix time t, as an app shows it. */
static void code_at(const char *zSecret, long long t, char *z) {
  unsigned char k[64];
  int n = totp_base32_decode(zSecret, k, sizeof k);
  snprintf(z, 8, "%06u", (unsigned)totp_hotp(k, (size_t)n, (uint64_t)(t / 30), 6));
}

TEST(totp_each_code_and_recovery_code_once) {
  Db *db = open_db();
  User u;
  memset(&u, 0, sizeof u);
  strcpy(u.zLogin, "ann");
  u.role = ROLE_AUDITOR;
  Actor w = {"test", 0};
  Buf err = BUF_INIT, uri = BUF_INIT;
  CHECK_INT(auth_user_add(db, &w, &u, "staple-battery-horse-9", &err), 0);
  char zSecret[64], zCode[8], azRec[10][24];
  long long t = 1800000000;
  CHECK_INT(auth_totp_begin(db, &u, zSecret, &uri, &err), 0);
  CHECK(strstr(buf_cstr(&uri), "otpauth://totp/auditrack:ann?secret=") != 0);
  CHECK_INT(auth_totp_on(db, u.id), 0);
  CHECK_INT(auth_totp_confirm(db, &w, u.id, "12345x", t, azRec, &err), ACT_INVALID);
  code_at(zSecret, t, zCode);
  CHECK_INT(auth_totp_confirm(db, &w, u.id, zCode, t, azRec, &err), 0);
  CHECK_INT(auth_totp_on(db, u.id), 1);
  CHECK_INT(auth_recovery_left(db, u.id), 10);
  /* Kept salted (ASVS 2.6.2): "SALT:HASH", a salt of its own each, never the plain digest. */
  {
    sqlite3_stmt *s = db_prepare(db, "SELECT code_hash FROM recovery_code");
    char azSalt[10][33];
    int n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
      const char *z = (const char *)sqlite3_column_text(s, 0);
      CHECK_INT((long long)strlen(z), 97);
      CHECK(z[32] == ':');
      snprintf(azSalt[n], 33, "%.32s", z);
      for (int k = 0; k < n; k++) CHECK(strcmp(azSalt[k], azSalt[n]) != 0);
      n++;
    }
    sqlite3_finalize(s);
    CHECK_INT(n, 10);
  }
  int wait = 0;
  /* The code used to confirm is spent (refused as used again: the page says so to an
  ** alerting tool and the holder is told); the next step's works once. */
  CHECK_INT(auth_totp_verify(db, u.id, zCode, "a", t, &wait, 0), AUTH_REUSED);
  code_at(zSecret, t + 30, zCode);
  CHECK_INT(auth_totp_verify(db, u.id, zCode, "a", t + 30, &wait, 0), AUTH_OK);
  CHECK_INT(auth_totp_verify(db, u.id, zCode, "a", t + 30, &wait, 0), AUTH_REUSED);
  /* One step of drift either way, not two. */
  code_at(zSecret, t + 90, zCode);
  CHECK_INT(auth_totp_verify(db, u.id, zCode, "a", t + 30, &wait, 0), AUTH_REFUSED);
  code_at(zSecret, t + 60, zCode);
  CHECK_INT(auth_totp_verify(db, u.id, zCode, "a", t + 30, &wait, 0), AUTH_OK);
  /* A recovery code, typed in capitals without dashes, works once. */
  char zUpper[24];
  int j = 0;
  for (const char *p = azRec[3]; *p; p++)
    if (*p != '-') zUpper[j++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
  zUpper[j] = 0;
  CHECK_INT(auth_totp_verify(db, u.id, zUpper, "a", t + 100, &wait, 0), AUTH_OK);
  CHECK_INT(auth_recovery_left(db, u.id), 9);
  CHECK_INT(auth_totp_verify(db, u.id, azRec[3], "a", t + 100, &wait, 0), AUTH_REFUSED);
  /* Wrong codes: five counted (the reused one above is the first), then a wait. */
  for (int i = 0; i < 4; i++)
    CHECK_INT(auth_totp_verify(db, u.id, "123456", "a", t + 100, &wait, 0), AUTH_REFUSED);
  CHECK_INT(auth_totp_verify(db, u.id, "123456", "a", t + 100, &wait, 0), AUTH_THROTTLED);
  CHECK(wait > 0);
  /* Reset by the administrator: off, codes gone. */
  CHECK_INT(auth_totp_reset(db, &w, u.id, t + 200, &err), 0);
  CHECK_INT(auth_totp_on(db, u.id), 0);
  CHECK_INT(auth_recovery_left(db, u.id), 0);
  buf_free(&err);
  buf_free(&uri);
  db_close(db);
}

TEST(auth_agent_summary_names_browser_and_system) {
  char z[64];
  auth_agent_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 "
                     "Firefox/128.0",
                     z, sizeof z);
  CHECK_STR(z, "Firefox on Windows");
  auth_agent_summary("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                     "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                     z, sizeof z);
  CHECK_STR(z, "Safari on iPhone");
  auth_agent_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                     "Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
                     z, sizeof z);
  CHECK_STR(z, "Edge on Windows");
  auth_agent_summary("curl/8.5.0", z, sizeof z);
  CHECK_STR(z, "curl");
  auth_agent_summary(0, z, sizeof z);
  CHECK_STR(z, "Unknown browser");
}
