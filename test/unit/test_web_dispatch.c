/*
** test_web_dispatch.c: the order of web_dispatch's checks, pinned with fake
** requests on an in-memory database (no HTTP): a bad address 400 and an unknown
** route 404 before anything; a known path with the wrong method 405 before
** authentication; signed out, a 401 (API), a redirect to sign in (GET) or a 403
** (POST) before the body is read; the route's capability 403 before the body; the
** body's size (413), kind (415) and syntax (400) before the CSRF check; the CSRF
** check (403) before the fields are validated (422); the recommendation the
** route names (404 unseen, 403 confidential); the handler last. Each step
** is shown with a request that the next step would also refuse, so that a change
** of order fails here. Not for: what the handlers do (test/e2e/web*.sh).
*/
#include <stdio.h>
#include <stdlib.h>

#include "action.h"
#include "auth.h"
#include "http.h"
#include "store.h"
#include "t.h"
#include "web.h"

#define PW "staple-battery-horse-9"

typedef struct Fix {
  Db *db;
  Shared *sh;
  char zCookie[AUTH_TOKEN_MAX + 16]; /* the auditor's session */
  char zCsrf[AUTH_TOKEN_MAX];
  char zOwnerCookie[AUTH_TOKEN_MAX + 16];
  char zOwnerCsrf[AUTH_TOKEN_MAX];
  char zBearer[AUTH_TOKEN_MAX + 16]; /* the auditor's API token */
} Fix;

static void sign_in(Fix *x, const char *zLogin, Role role, char *zCookie, char *zCsrf) {
  User u;
  memset(&u, 0, sizeof u);
  snprintf(u.zLogin, sizeof u.zLogin, "%s", zLogin);
  snprintf(u.zName, sizeof u.zName, "Test %s", zLogin);
  u.role = role;
  if (role == ROLE_OWNER) snprintf(u.zOwnerAs, sizeof u.zOwnerAs, "Payroll manager");
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  if (auth_user_add(x->db, &w, &u, PW, &err)) t_fail(__FILE__, __LINE__, "%s", buf_cstr(&err));
  char zTok[AUTH_TOKEN_MAX];
  int wait = 0;
  if (auth_login(x->db, zLogin, PW, "127.0.0.1", 1000, &u, zTok, &wait, 0) != AUTH_OK) {
    t_fail(__FILE__, __LINE__, "cannot sign in as %s", zLogin);
  }
  long long sid = 0;
  if (auth_session(x->db, zTok, 1000, &x->sh->o->limits, &u, zCsrf, &sid)) {
    t_fail(__FILE__, __LINE__, "no session for %s", zLogin);
  }
  snprintf(zCookie, AUTH_TOKEN_MAX + 16, "%s=%s", WEB_COOKIE_SESSION, zTok);
  if (role == ROLE_AUDITOR) {
    char zApi[AUTH_TOKEN_MAX];
    long long tid = 0;
    if (auth_token_create(x->db, &w, u.id, "test", zApi, &tid, &err)) {
      t_fail(__FILE__, __LINE__, "%s", buf_cstr(&err));
    }
    snprintf(x->zBearer, sizeof x->zBearer, "Bearer %s", zApi);
  }
  buf_free(&err);
}

static void fix_open(Fix *x) {
  memset(x, 0, sizeof *x);
  char *zErr = 0;
  if (db_open(":memory:", 1, &x->db, &zErr)) t_fail(__FILE__, __LINE__, "open: %s", zErr);
  if (db_begin(x->db) || store_install_scales(x->db) || db_commit(x->db)) {
    t_fail(__FILE__, __LINE__, "init: %s", db_errmsg(x->db));
  }
  x->sh = xcalloc(1, sizeof *x->sh);
  x->sh->o = xcalloc(1, sizeof *x->sh->o);
  auth_limits_default(&x->sh->o->limits);
  x->sh->o->uploadLimit = x->sh->uploadLimit = 10L << 20;
  x->sh->uploadBodyLimit = x->sh->uploadLimit * 2 + (1L << 20);
  x->sh->o->today = DAY_NONE;
  pthread_mutex_init(&x->sh->mu, 0);
  pthread_key_create(&x->sh->dbKey, 0);
  sign_in(x, "auditor", ROLE_AUDITOR, x->zCookie, x->zCsrf);
  sign_in(x, "owner", ROLE_OWNER, x->zOwnerCookie, x->zOwnerCsrf);
}

static void fix_close(Fix *x) {
  free(x->sh->o);
  web_shared_free(x->sh);
  db_close(x->db);
}

typedef struct Call {
  int method;
  const char *zPath, *zCookie, *zAuth, *zType, *zOrigin;
  const char *zBody;
  size_t nBody; /* 0: strlen(zBody) */
} Call;

/* Dispatch one fake request; returns its status, its body in out (if given).
** With pRoute, the route found for the path is swapped for pRoute once admitted
** (its pattern and capability should match), to watch a handler of the test's. */
static int call_via(Fix *x, const Call *c, const Route *pRoute, Buf *out) {
  Req r;
  memset(&r, 0, sizeof r);
  r.method = c->method;
  r.zPath = c->zPath;
  r.zHost = "audit.example";
  r.zOrigin = c->zOrigin ? c->zOrigin : "https://audit.example";
  r.zCookie = c->zCookie;
  r.zAuth = c->zAuth;
  r.zContentType = c->zType ? c->zType : (c->zBody ? "application/x-www-form-urlencoded" : 0);
  r.zAddr = "127.0.0.1";
  /* A stated size beyond the text: the text padded with 'a' to that many bytes. */
  const char *zText = c->zBody ? c->zBody : "";
  size_t nText = strlen(zText), n = c->nBody > nText ? c->nBody : nText;
  char *zBody = xmalloc(n + 1);
  memcpy(zBody, zText, nText);
  memset(zBody + nText, 'a', n - nText);
  zBody[n] = 0;
  r.zBody = zBody;
  r.nBody = n;
  r.db = x->db;
  r.sh = x->sh;
  r.limits = &x->sh->o->limits;
  r.now = 1000;
  r.today = day_from_ymd(2024, 6, 30);
  if (pRoute && web_admit(&r) >= 0) r.route = pRoute;
  web_dispatch(&r);
  int st = r.status;
  if (out) {
    buf_reset(out);
    buf_append(out, r.body.z ? r.body.z : "", r.body.n);
  }
  web_req_free(&r);
  free(zBody);
  return st;
}

static int call(Fix *x, const Call *c, Buf *out) { return call_via(x, c, 0, out); }

static int has(Buf *b, const char *z) { return strstr(buf_cstr(b), z) != 0; }

/* One audit and two recommendations in it: 1, the test owner's ("Payroll
** manager"), and 2, another owner's, confidential when asked. */
static void fix_two_recs(Fix *x, int confidential) {
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  AuditIn a = {"PAY", "Payroll", "Resources", "In-house", day_from_ymd(2024, 1, 10), AS_NONE_GIVEN};
  long long auditId = 0, id = 0;
  CHECK_INT(act_audit_add(x->db, &w, &a, &auditId, &err), 0);
  Rec rec;
  memset(&rec, 0, sizeof rec);
  rec.auditId = auditId;
  rec.zBody = "Reconcile payroll";
  rec.zOwner = "Payroll manager";
  rec.original = day_from_ymd(2024, 6, 30);
  rec.existsFrom = DAY_NONE;
  rec.riskRank = -1;
  CHECK_INT(act_rec_add(x->db, &w, &rec, 0, day_from_ymd(2024, 1, 10), &id, &err), 0);
  CHECK_INT(id, 1);
  rec.zBody = "Patch the servers";
  rec.zOwner = "Head of IT";
  rec.confidential = confidential;
  CHECK_INT(act_rec_add(x->db, &w, &rec, 0, day_from_ymd(2024, 1, 10), &id, &err), 0);
  CHECK_INT(id, 2);
  buf_free(&err);
}

TEST(web_dispatch_unknown_route_before_anything) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT;
  /* Not an address at all: 400, whatever else. */
  CHECK_INT(call(&x, &(Call){M_GET, "no-slash", 0, 0, 0, 0, 0, 0}, &b), 400);
  CHECK_INT(call(&x, &(Call){M_GET, "/bad\xff", 0, 0, 0, 0, 0, 0}, &b), 400);
  /* Unknown: 404 signed out, with a huge body, a bad Origin and no CSRF token. */
  CHECK_INT(
      call(&x, &(Call){M_POST, "/no/such/page", 0, 0, 0, "https://evil.example", "x=%zz", 5 << 20},
           &b),
      404);
  CHECK(has(&b, "If you typed the address"));
  CHECK_INT(call(&x, &(Call){M_GET, "/recs/abc", x.zCookie, 0, 0, 0, 0, 0}, &b), 404);
  /* A known path with the wrong method: 405, before authentication. */
  CHECK_INT(call(&x, &(Call){M_GET, "/logout", 0, 0, 0, 0, 0, 0}, &b), 405);
  CHECK_INT(call(&x, &(Call){M_POST, "/dashboard", 0, 0, 0, 0, "a=1", 0}, &b), 405);
  CHECK(has(&b, "That cannot be done to this page."));
  buf_free(&b);
  fix_close(&x);
}

TEST(web_dispatch_signed_out_before_the_body) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT;
  /* GET: to the sign-in page, with the address to come back to. */
  CHECK_INT(call(&x, &(Call){M_GET, "/recs/1", 0, 0, 0, 0, 0, 0}, &b), 303);
  /* An API route: 401 as JSON. */
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/me", 0, 0, 0, 0, 0, 0}, &b), 401);
  CHECK(has(&b, "\"error\":{\"code\":"));
  /* A POST whose body is too large, of a refused kind or broken: 403, the session's
  ** end, not 413, 415 or 400: nothing is parsed for a stranger. */
  const char *zWhy = "Your session has ended.";
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", 0, 0, 0, 0, "x", 2L << 20}, &b), 403);
  CHECK(has(&b, zWhy));
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", 0, 0, "text/xml", 0, "<a/>", 0}, &b), 403);
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", 0, 0, 0, 0, "title=%zz", 0}, &b), 403);
  CHECK(has(&b, zWhy));
  /* A session cookie that names no session is no better. */
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", "at_session=nonsense", 0, 0, 0, "a=%zz", 0}, &b),
            403);
  CHECK(has(&b, zWhy));
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/me", 0, "Bearer at_nonsense", 0, 0, 0, 0}, &b), 401);
  buf_free(&b);
  fix_close(&x);
}

TEST(web_dispatch_capability_before_the_body_and_csrf) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT;
  const char *zWhy = "Your account does not allow this.";
  CHECK_INT(call(&x, &(Call){M_GET, "/audits", x.zOwnerCookie, 0, 0, 0, 0, 0}, &b), 403);
  CHECK(has(&b, zWhy));
  /* An owner posting to internal audit's route: 403 for the role, whatever the body. */
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zOwnerCookie, 0, 0, 0, "x", 2L << 20}, &b), 403);
  CHECK(has(&b, zWhy));
  CHECK_INT(
      call(&x,
           &(Call){M_POST, "/audits", x.zOwnerCookie, 0, 0, "https://evil.example", "title=%zz", 0},
           &b),
      403);
  CHECK(has(&b, zWhy));
  /* The API answers in JSON, with the same rule. */
  CHECK_INT(call(&x,
                 &(Call){M_POST, "/api/v1/recs/1/close", x.zOwnerCookie, 0, "application/json", 0,
                         "{", 0},
                 &b),
            403);
  CHECK(has(&b, "\"error\""));
  buf_free(&b);
  fix_close(&x);
}

TEST(web_dispatch_body_checks_before_csrf) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT;
  /* No CSRF token in any of these; each is refused for its body first. */
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, "x", (1L << 20) + 1}, &b), 413);
  CHECK(has(&b, "The form or file is too large."));
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, "a=", 1L << 20}, &b), 403);
  CHECK(has(&b, "The form has expired"));
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, "text/xml", 0, "<a/>", 0}, &b), 415);
  /* Files only where a route takes them. */
  CHECK_INT(call(&x,
                 &(Call){M_POST, "/audits", x.zCookie, 0, "multipart/form-data; boundary=b", 0,
                         "--b--\r\n", 0},
                 &b),
            415);
  /* JSON only on the API. */
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, "application/json", 0, "{}", 0}, &b),
            415);
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, "title=%zz", 0}, &b), 400);
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, "title=%ff", 0}, &b), 400);
  CHECK(has(&b, "The form holds text that is not valid UTF-8."));
  CHECK_INT(call(&x,
                 &(Call){M_POST, "/api/v1/recs/1/close", x.zBearer, x.zBearer, "application/json",
                         0, "[1]", 0},
                 &b),
            400);
  CHECK(has(&b, "the body is not a JSON object"));
  buf_free(&b);
  fix_close(&x);
}

TEST(web_dispatch_csrf_before_fields_and_handler) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT, body = BUF_INIT;
  const char *zWhy = "The form has expired or was sent from another site.";
  /* No title (a field error), and no token: the token is what is refused. */
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, "ref=IA-1", 0}, &b), 403);
  CHECK(has(&b, zWhy));
  buf_appendf(&body, "csrf=%s&ref=IA-1", x.zOwnerCsrf); /* another session's token */
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, buf_cstr(&body), 0}, &b), 403);
  CHECK(has(&b, zWhy));
  buf_reset(&body);
  buf_appendf(&body, "csrf=%s&title=Payroll", x.zCsrf);
  /* The right token from another site. */
  CHECK_INT(
      call(&x,
           &(Call){M_POST, "/audits", x.zCookie, 0, 0, "https://evil.example", buf_cstr(&body), 0},
           &b),
      403);
  CHECK(has(&b, zWhy));
  /* The right token, same site, a missing title: the fields' 422, the form again. */
  buf_reset(&body);
  buf_appendf(&body, "csrf=%s&ref=IA-1", x.zCsrf);
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, buf_cstr(&body), 0}, &b), 422);
  CHECK(has(&b, "govuk-error-summary"));
  /* All well: the handler adds the audit and redirects to it. */
  buf_reset(&body);
  buf_appendf(&body, "csrf=%s&title=Payroll&ref=IA-1", x.zCsrf);
  CHECK_INT(call(&x, &(Call){M_POST, "/audits", x.zCookie, 0, 0, 0, buf_cstr(&body), 0}, &b), 303);
  /* A bearer token needs no CSRF token: the API's fields are checked (422), then the
  ** handler finds no recommendation 1 (404). */
  CHECK_INT(call(&x,
                 &(Call){M_POST, "/api/v1/recs/1/updates", 0, x.zBearer, "application/json", 0,
                         "{\"percent\":1}", 0},
                 &b),
            422);
  CHECK(has(&b, "\"fields\":{\"text\":"));
  CHECK_INT(call(&x,
                 &(Call){M_POST, "/api/v1/recs/1/updates", 0, x.zBearer, "application/json", 0,
                         "{\"text\":\"Done\"}", 0},
                 &b),
            404);
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/me", 0, x.zBearer, 0, 0, 0, 0}, &b), 200);
  CHECK(has(&b, "\"login\":\"auditor\""));
  buf_free(&b);
  buf_free(&body);
  fix_close(&x);
}

/* After the dispatcher, the recommendation's own rule: an owner acts on their own
** recommendations only, and one that is not theirs stays unseen. */
TEST(web_dispatch_owner_acts_on_own_recommendations_only) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT, body = BUF_INIT;
  fix_two_recs(&x, 0);
  buf_appendf(&body, "csrf=%s&narrative=Done", x.zOwnerCsrf);
  CHECK_INT(
      call(&x, &(Call){M_POST, "/recs/2/update", x.zOwnerCookie, 0, 0, 0, buf_cstr(&body), 0}, &b),
      404);
  CHECK_INT(
      call(&x, &(Call){M_POST, "/recs/1/update", x.zOwnerCookie, 0, 0, 0, buf_cstr(&body), 0}, &b),
      303);
  /* Closing is internal audit's, whoever owns it: refused by the route. */
  CHECK_INT(
      call(&x, &(Call){M_POST, "/recs/1/close", x.zOwnerCookie, 0, 0, 0, buf_cstr(&body), 0}, &b),
      403);
  CHECK(has(&b, "Your account does not allow this."));
  buf_free(&b);
  buf_free(&body);
  fix_close(&x);
}

static int interrupt_all(void *p) {
  (void)p;
  return 1;
}

/* Regression: a session or token that could not be read (the database busy or
** failing) counted as none: a signed-in user was sent to sign in again, a script
** told its token was not valid. Now the request is answered 500. */
TEST(web_dispatch_unreadable_session_is_500_not_signed_out) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT;
  db_progress(x.db, 1, interrupt_all, 0);
  CHECK_INT(call(&x, &(Call){M_GET, "/recs/1", x.zCookie, 0, 0, 0, 0, 0}, &b), 500);
  CHECK(has(&b, "could not be checked"));
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/me", 0, x.zBearer, 0, 0, 0, 0}, &b), 500);
  db_progress(x.db, 0, 0, 0);
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/me", 0, x.zBearer, 0, 0, 0, 0}, &b), 200);
  buf_free(&b);
  fix_close(&x);
}

/* A handler that says it ran, with the recommendation and access it was given. */
static int probe(Req *r) {
  buf_appendf(&r->body, "probe ran: rec %lld access %d", r->rec ? r->rec->id : 0LL, (int)r->acc);
  return 0;
}

/* The route table's need: the dispatcher finds the recommendation and answers for
** it before the handler runs; the handler is handed the recommendation and access. */
TEST(web_dispatch_route_need_before_the_handler) {
  Fix x;
  fix_open(&x);
  Buf b = BUF_INIT;
  char zComCookie[AUTH_TOKEN_MAX + 16], zComCsrf[AUTH_TOKEN_MAX];
  sign_in(&x, "committee", ROLE_COMMITTEE, zComCookie, zComCsrf);
  fix_two_recs(&x, 1);
  const Route see = {M_GET, "/recs/#", CAP_SIGNED_IN, ACC_READ, 0, 0, probe, 0, "probe"};
  const Route none = {M_GET, "/recs/#", CAP_SIGNED_IN, ACC_NONE, 0, 0, probe, 0, "probe"};
  /* Not the owner's: 404 as for no recommendation at all, and the probe never ran. */
  CHECK_INT(call_via(&x, &(Call){M_GET, "/recs/2", x.zOwnerCookie, 0, 0, 0, 0, 0}, &see, &b), 404);
  CHECK(has(&b, "If you typed the address"));
  CHECK(!has(&b, "probe ran"));
  CHECK_INT(call_via(&x, &(Call){M_GET, "/recs/99", x.zOwnerCookie, 0, 0, 0, 0, 0}, &see, &b), 404);
  CHECK(!has(&b, "probe ran"));
  /* The committee may know the confidential one exists, not read it: 403. */
  CHECK_INT(call_via(&x, &(Call){M_GET, "/recs/2", zComCookie, 0, 0, 0, 0, 0}, &see, &b), 403);
  CHECK(has(&b, "This recommendation is confidential"));
  CHECK(!has(&b, "probe ran"));
  /* The owner's own: the probe runs with it and the owner's access (ACC_UPDATE). */
  CHECK_INT(call_via(&x, &(Call){M_GET, "/recs/1", x.zOwnerCookie, 0, 0, 0, 0, 0}, &see, &b), 200);
  CHECK(has(&b, "probe ran: rec 1 access 3"));
  /* A route that names no recommendation asks nothing of it. */
  CHECK_INT(call_via(&x, &(Call){M_GET, "/recs/2", x.zOwnerCookie, 0, 0, 0, 0, 0}, &none, &b), 200);
  CHECK(has(&b, "probe ran: rec 0 access 0"));
  /* The real routes answer the same: the API in its words, as JSON. */
  CHECK_INT(call(&x, &(Call){M_GET, "/recs/2", x.zOwnerCookie, 0, 0, 0, 0, 0}, &b), 404);
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/recs/2", x.zOwnerCookie, 0, 0, 0, 0, 0}, &b), 404);
  CHECK(has(&b, "No recommendation 2."));
  CHECK_INT(call(&x, &(Call){M_GET, "/api/v1/recs/2", zComCookie, 0, 0, 0, 0, 0}, &b), 403);
  CHECK(has(&b, "Recommendation 2 is confidential"));
  CHECK_INT(call(&x, &(Call){M_GET, "/evidence/1", x.zOwnerCookie, 0, 0, 0, 0, 0}, &b), 404);
  buf_free(&b);
  fix_close(&x);
}
