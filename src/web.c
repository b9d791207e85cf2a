/*
** web.c: the one door every web request goes through: the route tables, the
** checks made before any handler runs, field values, responses, JSON bodies,
** and who may see which recommendation.
**
** Order of the checks, each answering before the next is asked: route (404),
** method (405), identity (session cookie, or an API token on API routes), sign-in
** (303 to /login, or 401 for the API), capability (403), and a POST while the
** database refuses writes (503, but for signing in and out): these are
** web_admit's, asked before any byte of the body is read, and they set the
** largest body the route accepts (a GET accepts none: web_admit finds its
** route and web_dispatch asks the rest, so that a GET's session, the register's
** generation and the page's queries are read in one transaction). Then body
** size and type (413, 415), UTF-8 (400), same-origin and CSRF on every POST
** (403), then the route's fields (400 for a query, 422 and the form again for a
** form), then the recommendation the route names (Route.need: 404 when the user
** may not learn it exists, else 403; also before a form is shown again). Only
** then the handler. Not for: sockets (http.c), the page layout and form controls
** (web_page.c), the shared register and cache (web_register.c), SQL, or domain
** rules.
*/
#include "web.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth_account.h"
#include "html.h"
#include "notify_timer.h"
#include "store.h"
#include "store_account.h"

const char *const cap_names[] = {"public", "signed-in", "update", "reports", "audit", "admin"};
_Static_assert(sizeof cap_names / sizeof cap_names[0] == CAP__MAX, "cap names");

/* Who holds each capability: the role matrix (docs/roles.md) in one table. */
static const unsigned char aAllow[][ROLE__MAX] = {
    /*               admin auditor director owner committee */
    [CAP_PUBLIC] = {1, 1, 1, 1, 1}, [CAP_SIGNED_IN] = {1, 1, 1, 1, 1},
    [CAP_UPDATE] = {1, 1, 1, 1, 0}, [CAP_REPORTS] = {1, 1, 1, 0, 1},
    [CAP_AUDIT] = {1, 1, 0, 0, 0},  [CAP_ADMIN] = {1, 0, 0, 0, 0},
};
_Static_assert(sizeof aAllow / sizeof aAllow[0] == CAP__MAX, "a row per capability");

int cap_allows(Cap c, Role r) { return aAllow[c][r]; }

static const Route *const aTable[] = {
    page_home_routes,     page_account_routes, page_admin_routes,     page_audit_routes,
    page_rec_routes,      page_rec_act_routes, page_rec_edit_routes,  page_review_routes,
    page_evidence_routes, page_my_routes,      page_dashboard_routes, page_list_routes,
    page_report_routes,   page_cycle_routes,   page_import_routes,    page_import_map_routes,
    page_notify_routes,   api_routes,          web_ops_routes,        page_sso_routes,
    page_reset_routes,    page_invite_routes,  page_security_routes,  page_settings_routes,
    page_packs_routes,    page_mail_routes,    page_cycle_text_routes};
#define N_TABLE (sizeof aTable / sizeof aTable[0])

#define BODY_LIMIT (1L << 20)         /* any POST without files */
#define PUBLIC_BODY_LIMIT (16L << 10) /* a POST that needs no sign-in: the sign-in form */

/* ---- matching ---- */

/* Match path against a pattern; fills r's ids and segments. */
static int route_match(const char *zPattern, const char *zPath, Req *r) {
  int nId = 0, nSeg = 0;
  const char *p = zPattern, *q = zPath;
  while (*p && *q) {
    if (*p != '/' || *q != '/') return 0;
    p++, q++;
    const char *pe = p, *qe = q;
    while (*pe && *pe != '/') pe++;
    while (*qe && *qe != '/') qe++;
    size_t np = (size_t)(pe - p), nq = (size_t)(qe - q);
    if (np == 1 && *p == '#') {
      long long v = 0;
      if (nq == 0 || nq > 15 || *q == '0') return 0;
      for (const char *c = q; c < qe; c++) {
        if (*c < '0' || *c > '9') return 0;
        v = v * 10 + (*c - '0');
      }
      if (nId < REQ_MAX_SEG) r->aId[nId++] = v;
    } else if (np == 1 && *p == '*') {
      if (nq == 0) return 0;
      if (nSeg < REQ_MAX_SEG) r->azSeg[nSeg++] = q; /* runs to the end of the path */
    } else if (np != nq || memcmp(p, q, np)) {
      return 0;
    }
    p = pe, q = qe;
  }
  return *p == 0 && *q == 0;
}

/* ---- responses ---- */

static const char *status_code(int status) {
  switch (status) {
  case 400: return "bad_request";
  case 401: return "unauthorized";
  case 403: return "forbidden";
  case 404: return "not_found";
  case 405: return "method_not_allowed";
  case 409: return "conflict";
  case 413: return "too_large";
  case 415: return "unsupported_media_type";
  case 422: return "invalid";
  case 429: return "throttled";
  case 503: return "unavailable";
  default: return status >= 500 ? "internal" : "error";
  }
}

static const char *status_title(int status) {
  switch (status) {
  case 400: return "The request was not understood";
  case 401: return "Sign in needed";
  case 403: return "You do not have access to this page";
  case 404: return "Page not found";
  case 405: return "That cannot be done to this page";
  case 409: return "That cannot be done now";
  case 413: return "Too large";
  case 415: return "Not a form this page accepts";
  case 422: return "There is a problem";
  case 429: return "Too many attempts";
  case 503: return "Sorry, changes cannot be made at the moment";
  default: return "Sorry, there is a problem with the service";
  }
}

void web_error(Req *r, int status, const char *zMsg) {
  r->status = status;
  buf_reset(&r->body);
  if (r->route && (r->route->flags & R_API)) {
    r->zType = "application/json";
    buf_puts(&r->body, "{\"error\":{\"code\":");
    buf_json_str(&r->body, status_code(status));
    buf_puts(&r->body, ",\"message\":");
    buf_json_str(&r->body, zMsg);
    if (r->nErr) {
      buf_puts(&r->body, ",\"fields\":{");
      for (int i = 0; i < r->nErr; i++) {
        if (i) buf_putc(&r->body, ',');
        buf_json_str(&r->body, r->aErr[i].zField);
        buf_putc(&r->body, ':');
        buf_json_str(&r->body, r->aErr[i].zMsg);
      }
      buf_putc(&r->body, '}');
    }
    buf_puts(&r->body, "}}\n");
    return;
  }
  r->zType = 0;
  web_page_begin(r, status_title(status));
  html_appendf(&r->body, "<h1 class=\"govuk-heading-l\">%s</h1>\n", status_title(status));
  web_error_summary(r);
  if (zMsg && zMsg[0]) html_appendf(&r->body, "<p class=\"govuk-body\">%s</p>\n", zMsg);
  if (status == 404 || status == 403) {
    html_raw(&r->body, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the start "
                       "page</a></p>\n");
  }
  web_page_end(r);
  r->status = status;
}

void web_redirect(Req *r, const char *zUrl) {
  r->status = 303;
  free(r->zLocation);
  r->zLocation = xstrdup(zUrl);
  buf_reset(&r->body);
}

void web_cookie(Req *r, const char *zName, const char *zValue, int maxAge) {
  if (r->nCookie == (int)(sizeof r->azCookie / sizeof r->azCookie[0])) fatal("too many cookies");
  char zAge[24] = "";
  if (maxAge >= 0) snprintf(zAge, sizeof zAge, "; Max-Age=%d", maxAge); /* else: a session cookie */
  snprintf(r->azCookie[r->nCookie++], sizeof r->azCookie[0],
           "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", zName, zValue,
           r->secure ? "; Secure" : "", zAge);
}

void web_signed_out(Req *r, const char *zNotice) {
  if (r->signedIn) snprintf(r->zLogLogin, sizeof r->zLogLogin, "%s", r->user.zLogin);
  web_cookie(r, WEB_COOKIE_SESSION, "", 0);
  memset(r->zCsrf, 0, sizeof r->zCsrf);
  r->signedIn = 0;
  web_done(r, "/login", zNotice);
}

void web_done(Req *r, const char *zUrl, const char *zNotice) {
  char z[170];
  size_t n = strlen(zNotice);
  if (n > 120) n = 120;
  while (n && (zNotice[n] & 0xC0) == 0x80) n--; /* not inside a character */
  sodium_bin2base64(z, sizeof z, (const unsigned char *)zNotice, n,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  web_cookie(r, WEB_COOKIE_NOTICE, z, 60);
  web_redirect(r, zUrl);
}

/* ---- field values ---- */

const char *web_arg(const Req *r, const char *zName) {
  return form_get(r->method == M_POST ? &r->form : &r->query, zName);
}

const char *web_arg_or(const Req *r, const char *zName, const char *zDefault) {
  const char *z = web_arg(r, zName);
  return z && z[0] ? z : zDefault;
}

int web_arg_bool(const Req *r, const char *zName) {
  const char *z = web_arg(r, zName);
  return z &&
         (!strcmp(z, "1") || !strcasecmp(z, "on") || !strcasecmp(z, "yes") || !strcmp(z, "true"));
}

long web_arg_int(const Req *r, const char *zName, long dflt) {
  const char *z = web_arg(r, zName);
  if (!z || !z[0]) return dflt;
  char *zEnd = 0;
  long v = strtol(z, &zEnd, 10);
  return *zEnd ? dflt : v;
}

int web_arg_ids(const Req *r, const char *zName, long long *a, int max) {
  const Form *src = r->method == M_POST ? &r->form : &r->query;
  int n = 0;
  for (int i = 0; i < src->n && n < max; i++) {
    if (!strcmp(src->a[i].zName, zName)) a[n++] = strtoll(src->a[i].zValue, 0, 10);
  }
  return n;
}

Day web_arg_day(const Req *r, const char *zName, Day dflt) {
  const char *z = web_arg(r, zName);
  DateParse p;
  char zErr[64];
  if (!z || !z[0] || day_parse(z, DF_ISO | DF_DMY | DF_TEXT, &p, zErr, sizeof zErr) ||
      p.kind != DATE_EXACT)
    return dflt;
  return p.day;
}

void web_field_err(Req *r, const char *zField, const char *zFmt, ...) {
  if (r->nErr == REQ_MAX_ERR) return;
  Buf b = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(&b, zFmt, ap);
  va_end(ap);
  r->aErr[r->nErr].zField = zField;
  r->aErr[r->nErr++].zMsg = buf_steal(&b);
}

void web_field_err_act(Req *r, const char *zField, const char *zMsg) {
  if (!zMsg || !zMsg[0])
    web_field_err(r, zField, "The change could not be made");
  else if (zMsg[0] >= 'a' && zMsg[0] <= 'z')
    web_field_err(r, zField, "%c%s", zMsg[0] - 'a' + 'A', zMsg + 1);
  else
    web_field_err(r, zField, "%s", zMsg);
}

int web_has_err(const Req *r, const char *zField) {
  for (int i = 0; i < r->nErr; i++) {
    if (!strcmp(r->aErr[i].zField, zField)) return 1;
  }
  return 0;
}

Actor web_actor(const Req *r) {
  Actor a = {r->user.zName[0] ? r->user.zName : r->user.zLogin, r->user.id};
  return a;
}

int web_act_status(int rc) {
  switch (rc) {
  case ACT_INVALID: return 422;
  case ACT_NOT_FOUND: return 404;
  case ACT_CONFLICT: return 409;
  default: return 500;
  }
}

static void check_field(Req *r, const Field *f, const Form *src) {
  const FormField *x = form_field(src, f->zName);
  const char *zLabel = f->zLabel ? f->zLabel : f->zName;
  /* Labels are written to follow "Enter" or "Select"; at the start of a sentence
  ** the first letter is capitalised. */
  char zCap[80];
  snprintf(zCap, sizeof zCap, "%s", zLabel);
  if (zCap[0] >= 'a' && zCap[0] <= 'z') zCap[0] = (char)(zCap[0] - 'a' + 'A');
  if (f->kind == F_FILE) {
    long limit = f->maxLen > 0 ? f->maxLen : web_upload_limit(r);
    if (x && x->zFileName && x->zFileName[0] && (long)x->nValue > limit) {
      web_field_err(r, f->zName, "%s must be smaller than %ld MB", zCap, limit >> 20);
    } else if (x && !x->zFileName && x->nValue) {
      /* A file name where a file should be: the form was not sent as multipart, and
      ** saying nothing would lose the evidence without a word. */
      web_field_err(r, f->zName, "%s did not arrive: send the form again with the file attached",
                    zCap);
    } else if (f->required && (!x || !x->zFileName || !x->zFileName[0])) {
      web_field_err(r, f->zName, "Choose a file for %s", zLabel);
    }
    return;
  }
  if (x && x->zFileName) {
    web_field_err(r, f->zName, "%s is not a file field", zCap);
    return;
  }
  if (f->kind == F_IDS) { /* every value, not only the first */
    int n = 0;
    for (int i = 0; i < src->n; i++) {
      const FormField *y = &src->a[i];
      if (strcmp(y->zName, f->zName)) continue;
      char *zEnd = 0;
      long long v = y->zFileName ? 0 : strtoll(y->zValue, &zEnd, 10);
      if (y->zFileName) zEnd = (char *)"!"; /* a file is not an id */
      if (y->zValue[0] < '1' || y->zValue[0] > '9' || *zEnd || v > f->maxLen) {
        web_field_err(r, f->zName, "%s must be chosen from the list", zCap);
        return;
      }
      n++;
    }
    if (!n && f->required) web_field_err(r, f->zName, "Select %s", zLabel);
    return;
  }
  const char *z = x ? x->zValue : 0;
  int empty = !z || !z[strspn(z, " \t\r\n")];
  if (empty) {
    if (f->required && f->kind != F_BOOL) web_field_err(r, f->zName, "Enter %s", zLabel);
    return;
  }
  if (f->kind != F_INT && f->maxLen > 0 && (long)x->nValue > f->maxLen) {
    web_field_err(r, f->zName, "%s must be %ld characters or fewer", zCap, f->maxLen);
    return;
  }
  DateParse p;
  char zErr[96];
  switch (f->kind) {
  case F_LINE:
    if (strpbrk(z, "\r\n")) web_field_err(r, f->zName, "%s must be on one line", zCap);
    break;
  case F_DATE:
    if (day_parse(z, DF_ISO | DF_DMY | DF_TEXT, &p, zErr, sizeof zErr) || p.kind != DATE_EXACT) {
      web_field_err(r, f->zName, "%s must be a real date, like 31/12/2024", zCap);
    }
    break;
  case F_TARGET:
    if (day_parse(z, DF_DEFAULT, &p, zErr, sizeof zErr) || p.kind == DATE_NOYEAR ||
        p.kind == DATE_EMPTY) {
      web_field_err(r, f->zName, "%s must be a date, like 31/03/2025, or TBC", zCap);
    }
    break;
  case F_INT: {
    char *zEnd = 0;
    long v = strtol(z, &zEnd, 10);
    if (*zEnd || v < 0 || v > f->maxLen) {
      web_field_err(r, f->zName, "%s must be a whole number from 0 to %ld", zCap, f->maxLen);
    }
    break;
  }
  case F_ENUM: {
    int ok = 0;
    for (int i = 0; f->azEnum[i] && !ok; i++) ok = !strcmp(z, f->azEnum[i]);
    if (!ok) web_field_err(r, f->zName, "Select %s from the list", zLabel);
    break;
  }
  default: break;
  }
}

/* ---- the door ---- */

static int same_origin(const Req *r) {
  if (!r->zHost) return 0;
  const char *z = r->zOrigin && strcmp(r->zOrigin, "null") ? r->zOrigin : r->zReferer;
  if (!z) return 0;
  const char *p = strstr(z, "://");
  if (!p) return 0;
  p += 3;
  size_t n = strlen(r->zHost);
  return !strncmp(p, r->zHost, n) && (p[n] == 0 || p[n] == '/');
}

/* Turn a flat JSON object of scalars into form fields, so that API bodies meet
** the same validators as forms. */
static int json_to_form(Req *r, Buf *err);

/* Who sent the request, from its token or session cookie: 0, or -1 when the
** database could not say (then nobody is signed in, and the caller answers 500
** rather than take a failed read for "not signed in"). */
static int authenticate(Req *r) {
  char zTok[AUTH_TOKEN_MAX + 8];
  int rc = 1;
  if (r->route && (r->route->flags & R_API) && r->zAuth && !strncmp(r->zAuth, "Bearer ", 7)) {
    rc = auth_token_check(r->db, r->zAuth + 7, &r->user);
    if (!rc) r->signedIn = r->viaToken = 1;
  } else if (form_cookie(r->zCookie, WEB_COOKIE_SESSION, zTok, sizeof zTok)) {
    const AuthLimits *l = r->limits;
    rc = auth_session(r->db, zTok, r->now, l, &r->user, r->zCsrf, &r->sessionId);
    if (!rc) r->signedIn = 1;
    if (!rc && store_session_stage(r->db, r->sessionId, &r->stage)) rc = -1;
  }
  if (rc < 0) memset(&r->user, 0, sizeof r->user);
  return rc < 0 ? -1 : 0;
}

/* An owner's delegations, read once per request rather than once per
** recommendation shown. Unreadable, they count as none: access fails closed. */
static void load_delegations(Req *r) {
  if (!r->signedIn || r->user.role != ROLE_OWNER) return;
  if (store_delegated_recs(r->db, r->user.id, &r->aDelegated, &r->nDelegated)) {
    r->aDelegated = 0;
    r->nDelegated = 0;
  }
}

static int cmp_id(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

/* The largest body the admitted route accepts: none on GET, a sign-in form's worth
** on a public POST (anyone may send it), 1 MB on other forms, the upload limit
** where files are accepted. */
static long body_limit(const Req *r) {
  if (r->method != M_POST) return 0;
  if (r->route->flags & R_UPLOAD) return r->sh->uploadBodyLimit;
  return r->route->cap == CAP_PUBLIC ? PUBLIC_BODY_LIMIT : BODY_LIMIT;
}

static int read_body(Req *r, Buf *err) {
  const char *zType = r->zContentType ? r->zContentType : "";
  int upload = r->route->flags & R_UPLOAD;
  if ((long)r->nBody > r->bodyLimit) return 413;
  if (!strncasecmp(zType, "application/x-www-form-urlencoded", 33)) {
    return form_parse_urlencoded(r->zBody, r->nBody, &r->form, err) ? 400 : 0;
  }
  if (!strncasecmp(zType, "multipart/form-data", 19)) {
    char zB[80];
    if (!upload) return 415;
    if (!form_boundary(zType, zB, sizeof zB)) {
      buf_puts(err, "the multipart form has no boundary");
      return 400;
    }
    return form_parse_multipart(r->zBody, r->nBody, zB, &r->form, err) ? 400 : 0;
  }
  if ((r->route->flags & R_API) && !strncasecmp(zType, "application/json", 16)) {
    return json_to_form(r, err) ? 400 : 0;
  }
  if (r->nBody == 0) return 0;
  return 415;
}

static int all_utf8(const Form *f) {
  for (int i = 0; i < f->n; i++) {
    if (!utf8_valid(f->a[i].zName, strlen(f->a[i].zName))) return 0;
    if (!f->a[i].zFileName && !utf8_valid(f->a[i].zValue, f->a[i].nValue)) return 0;
    if (f->a[i].zFileName && !utf8_valid(f->a[i].zFileName, strlen(f->a[i].zFileName))) return 0;
  }
  return 1;
}

/* Percent-encode z into u, leaving only letters, digits, '/' and '-'. */
static void url_encode(Buf *u, const char *z) {
  for (const char *p = z; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '/' || *p == '-')
      buf_putc(u, *p);
    else
      buf_appendf(u, "%%%02X", (unsigned char)*p);
  }
}

/* The page asked for, path and query, percent-encoded as the sign-in form's next:
** an e-mail's link to a filtered list or a form lands there after signing in. */
static void next_append(Buf *u, const Req *r) {
  url_encode(u, r->zPath);
  for (int i = 0; i < r->query.n; i++) {
    Buf q = BUF_INIT;
    buf_puts(&q, i ? "&" : "?");
    url_encode(&q, r->query.a[i].zName);
    buf_putc(&q, '=');
    url_encode(&q, r->query.a[i].zValue);
    url_encode(u, buf_cstr(&q));
    buf_free(&q);
  }
}

void web_url_next(Buf *u, const char *zPath, const char *zNext) {
  buf_puts(u, zPath);
  buf_puts(u, "?next=");
  url_encode(u, zNext);
}

/* Who is signed in, and whether the admitted route lets them in: 0, or -1 after
** answering (a redirect to sign in, 401, 403, or 503 for a write the damaged
** database refuses). */
static int admit_user(Req *r) {
  const Route *rt = r->route;
  if (!(rt->flags & R_CACHEABLE)) {
    /* public pages show who is signed in */
    if (authenticate(r)) {
      web_error(r, 500, "Your sign-in could not be checked. Try again in a moment.");
      return -1;
    }
    load_delegations(r);
  }
  if (rt->cap != CAP_PUBLIC && !r->signedIn) {
    if (rt->flags & R_API) {
      web_error(r, 401, "Sign in, or send a valid API token as 'Authorization: Bearer TOKEN'.");
    } else if (r->method == M_GET) {
      Buf u = BUF_INIT;
      buf_puts(&u, "/login?next=");
      next_append(&u, r);
      web_redirect(r, buf_cstr(&u));
      buf_free(&u);
    } else {
      web_error(r, 403, "Your session has ended. Sign in again, then repeat what you were doing.");
    }
    return -1;
  }
  if (r->signedIn && r->stage && rt->cap != CAP_PUBLIC && !(rt->flags & R_PENDING)) {
    /* Signed in by password only, so far: the second step first, then the page. */
    if (r->method == M_GET && !(rt->flags & R_API)) {
      Buf u = BUF_INIT;
      buf_puts(&u, r->stage == STAGE_CODE ? "/login/code?next=" : "/account/2fa?next=");
      next_append(&u, r);
      web_redirect(r, buf_cstr(&u));
      buf_free(&u);
    } else {
      web_error(r, 403, "Finish signing in first: enter the code from your authenticator app.");
    }
    return -1;
  }
  if (rt->cap != CAP_PUBLIC && !cap_allows(rt->cap, r->user.role)) {
    web_error(r, 403,
              "Your account does not allow this. Ask your head of internal audit if you "
              "need it.");
    return -1;
  }
  if (r->method == M_POST && r->sh->writesRefused && !(rt->flags & R_SESSION)) {
    web_error(r, 503,
              "The database failed its integrity check, so nothing can be changed until it is "
              "repaired. You can still read the register. Tell your administrator: they "
              "can find what was altered and restore the database from a backup.");
    return -1;
  }
  return 0;
}

long web_admit(Req *r) {
  r->status = 200;
  r->noStore = 1;
  r->admitted = -1;
  if (!r->zPath || r->zPath[0] != '/' || !utf8_valid(r->zPath, strlen(r->zPath))) {
    web_error(r, 400, "The address is not valid.");
    return -1;
  }
  const Route *pathOnly = 0;
  for (size_t t = 0; t < N_TABLE && !r->route; t++) {
    for (const Route *rt = aTable[t]; rt->zPattern && !r->route; rt++) {
      memset(r->aId, 0, sizeof r->aId);
      if (!route_match(rt->zPattern, r->zPath, r)) continue;
      if (rt->methods & r->method)
        r->route = rt;
      else if (!pathOnly)
        pathOnly = rt;
    }
  }
  if (!r->route) {
    r->route = pathOnly; /* for the 405's Allow header */
    if (pathOnly)
      web_error(r, 405, "That cannot be done to this page.");
    else
      web_error(r, 404, "If you typed the address, check it is correct.");
    return -1;
  }
  if (r->route->flags & R_CACHEABLE) r->noStore = 0;
  r->bodyLimit = body_limit(r);
  if (r->method != M_POST) {
    /* A GET accepts no body whoever sends it: who is signed in is read by
    ** web_dispatch, in the request's one read transaction. */
    r->admitted = ADMIT_ROUTE;
    return r->bodyLimit;
  }
  if (admit_user(r)) return -1;
  r->admitted = 1;
  return r->bodyLimit;
}

/* ---- the recommendation a route names ---- */

/* The recommendation id the route's # names: the first #, or with R_EVIDENCE
** the recommendation of the evidence file it names. Returns 0 with *pId set (0:
** none such), or 1 after answering 500. */
static int named_rec(Req *r, long long *pId) {
  *pId = r->aId[0];
  if (!(r->route->flags & R_EVIDENCE)) return 0;
  Evidence *a = 0;
  int n = 0;
  if (store_evidence_list(r->db, 0, r->aId[0], &a, &n)) {
    web_error(r, 500, "The file could not be read. Try again in a moment.");
    return 1;
  }
  *pId = n == 1 ? a[0].recId : 0;
  store_evidence_free(a, n);
  return 0;
}

/* The route's need (Route.need): find the recommendation it names in the
** register, which stays held for the handler, and ask access.c what the user may
** do with it. Returns 0 with r->rec and r->acc set, or 1 after answering: 404
** when the user may not learn it exists (and for an evidence file short of need:
** the file is detail), 403 when they may see it but not this. */
static int rec_admit(Req *r) {
  const Route *rt = r->route;
  long long id = 0;
  if (rt->need == ACC_NONE) return 0;
  if (named_rec(r, &id) || web_register_acquire(r, &r->reg)) return 1;
  r->rec = id ? recset_find(r->reg.set, id) : 0;
  r->acc = r->rec ? web_rec_access(r, r->rec) : ACC_NONE;
  if (r->acc >= rt->need) return 0;
  int api = rt->flags & R_API;
  char zMsg[160];
  if (r->acc == ACC_NONE || (rt->flags & R_EVIDENCE)) {
    snprintf(zMsg, sizeof zMsg,
             api ? "No recommendation %lld." : "If you typed the address, check it is correct.",
             id);
    web_error(r, 404, zMsg);
  } else if (r->acc == ACC_REDACTED) {
    snprintf(zMsg, sizeof zMsg,
             api ? "Recommendation %lld is confidential: its detail is withheld."
                 : "This recommendation is confidential: its detail is withheld from the audit "
                   "committee.",
             id);
    web_error(r, 403, zMsg);
  } else {
    snprintf(zMsg, sizeof zMsg,
             api ? "Your account may read recommendation %lld but not do this."
                 : "Your account does not allow this on this recommendation.",
             id);
    web_error(r, 403, zMsg);
  }
  r->rec = 0;
  return 1;
}

static void dispatch_admitted(Req *r);

void web_dispatch(Req *r) {
  if (!r->admitted) (void)web_admit(r);
  if (r->admitted < 0) return; /* web_admit answered */
  /* A GET reads in one transaction, from its session to the page's last query (a
  ** write it makes ends it first: db.c). */
  int inRead = r->method == M_GET;
  if (inRead) db_request_begin(r->db);
  dispatch_admitted(r);
  if (inRead) db_request_end(r->db);
}

static void dispatch_admitted(Req *r) {
  if (r->admitted == ADMIT_ROUTE) {
    if (admit_user(r)) {
      r->admitted = -1;
      return;
    }
    r->admitted = 1;
  }
  Buf err = BUF_INIT;
  const Route *rt = r->route;
  if (!all_utf8(&r->query)) {
    web_error(r, 400, "The address holds text that is not valid UTF-8.");
    return;
  }
  const Form *src = &r->query;
  if (r->method == M_POST) {
    int st = read_body(r, &err);
    if (st) {
      web_error(r, st,
                st == 413   ? "The form or file is too large."
                : st == 415 ? "This page does not accept that kind of form."
                            : buf_cstr(&err));
      buf_free(&err);
      return;
    }
    if (!all_utf8(&r->form)) {
      web_error(r, 400, "The form holds text that is not valid UTF-8.");
      return;
    }
    if (!r->viaToken) {
      char zLogin[AUTH_TOKEN_MAX + 8];
      const char *zWant = (rt->flags & R_LOGIN) && !r->signedIn
                              ? form_cookie(r->zCookie, WEB_COOKIE_LOGIN, zLogin, sizeof zLogin)
                              : r->zCsrf;
      const char *zGot = form_get(&r->form, "csrf");
      int ok = same_origin(r) && zWant && zWant[0] && zGot && strlen(zGot) == strlen(zWant) &&
               sodium_memcmp(zGot, zWant, strlen(zWant)) == 0;
      if (!ok) {
        web_error(r, 403,
                  "The form has expired or was sent from another site. Go back, reload "
                  "the page and try again.");
        return;
      }
    }
    src = &r->form;
  }
  for (const Field *f = rt->aField; f && f->zName; f++) check_field(r, f, src);
  /* A form (a POST's, or a GET's such as the dashboard's dates) with an xInvalid
  ** is shown again with its errors; any other gets a plain error page. */
  if (r->nErr && !(rt->xInvalid && !(rt->flags & R_API))) {
    web_error(r, r->method == M_POST ? 422 : 400, r->aErr[0].zMsg);
    return;
  }
  unsigned nMail = db_mail_count(r->db);
  /* The recommendation last: a form shown again with its errors shows it too. */
  if (!rec_admit(r)) {
    if (r->nErr) {
      int status = r->method == M_POST ? 422 : 400;
      r->status = status;
      rt->xInvalid(r);
      if (r->status == 200) r->status = status;
    } else {
      rt->x(r);
    }
  }
  r->rec = 0;
  web_register_release(r, &r->reg);
  buf_free(&err);
  /* An invitation, a reset link or a notice: sent now, not at the next sweep. */
  if (db_mail_count(r->db) != nMail)
    notify_timer_kick(__atomic_load_n(&r->sh->pTimer, __ATOMIC_ACQUIRE));
}

void web_dispatch_detached(Req *r) {
  r->status = 200;
  for (size_t t = 0; t < N_TABLE && !r->route; t++) {
    for (const Route *rt = aTable[t]; rt->zPattern && !r->route; rt++) {
      memset(r->aId, 0, sizeof r->aId);
      if ((rt->methods & M_GET) && route_match(rt->zPattern, r->zPath, r)) r->route = rt;
    }
  }
  const Route *rt = r->route;
  /* Only pages that need no recommendation: the renderer has no door to admit one. */
  if (!rt || rt->need != ACC_NONE || !r->signedIn || !cap_allows(rt->cap, r->user.role)) return;
  for (const Field *f = rt->aField; f && f->zName; f++) check_field(r, f, &r->query);
  if (!r->nErr) rt->x(r);
  web_register_release(r, &r->reg);
}

void web_req_free(Req *r) {
  form_free(&r->query);
  form_free(&r->form);
  for (int i = 0; i < r->nErr; i++) free(r->aErr[i].zMsg);
  buf_free(&r->body);
  free(r->zLocation);
  free(r->zDisposition);
  free(r->zLink);
  free(r->aDelegated);
}

static const char *const azKind[] = {"text", "line", "date", "target", "int",
                                     "enum", "bool", "file", "ids"};
_Static_assert(sizeof azKind / sizeof azKind[0] == FIELD_KIND__MAX, "field kinds");

void web_routes_describe(Buf *out, int withFields) {
  for (size_t t = 0; t < N_TABLE; t++) {
    for (const Route *rt = aTable[t]; rt->zPattern; rt++) {
      buf_appendf(out, "%-4s %-4s %-34s %-9s", (rt->methods & M_GET) ? "GET" : "",
                  (rt->methods & M_POST) ? "POST" : "", rt->zPattern, cap_names[rt->cap]);
      for (int k = 0; k < ROLE__MAX; k++) {
        if (cap_allows(rt->cap, (Role)k)) buf_appendf(out, " %s", role_names[k]);
      }
      buf_appendf(out, "  # %s\n", rt->zHelp ? rt->zHelp : "");
      for (const Field *f = rt->aField; withFields && f && f->zName; f++) {
        buf_appendf(out, "    field %s %s", f->zName, azKind[f->kind]);
        for (int i = 0; f->kind == F_ENUM && f->azEnum[i]; i++) {
          buf_appendf(out, "%c%s", i ? '|' : '(', f->azEnum[i]);
        }
        buf_appendf(out, "%s%s\n", f->kind == F_ENUM ? ")" : "", f->required ? " required" : "");
      }
    }
  }
}

/* ---- JSON bodies ---- */

#include <jansson.h>

static int json_to_form(Req *r, Buf *err) {
  json_error_t je;
  json_t *o = json_loadb(r->zBody, r->nBody, JSON_REJECT_DUPLICATES, &je);
  if (!o || !json_is_object(o)) {
    buf_reset(err);
    buf_appendf(err, "the body is not a JSON object: %s", o ? "another value" : je.text);
    json_decref(o);
    return 1;
  }
  const char *zKey;
  json_t *v;
  int rc = 0;
  json_object_foreach(o, zKey, v) {
    char zNum[32];
    const char *z = 0;
    if (json_is_string(v))
      z = json_string_value(v);
    else if (json_is_integer(v))
      snprintf(zNum, sizeof zNum, "%lld", (long long)json_integer_value(v)), z = zNum;
    else if (json_is_true(v))
      z = "1";
    else if (json_is_false(v) || json_is_null(v))
      continue;
    else {
      buf_reset(err);
      buf_appendf(err, "field '%s' must be a string, a whole number or a boolean", zKey);
      rc = 1;
      break;
    }
    if (r->form.n == FORM_MAX_FIELDS || !zKey[0] || strlen(zKey) > FORM_MAX_NAME) {
      buf_reset(err);
      buf_puts(err, "too many fields, or a field name empty or too long");
      rc = 1;
      break;
    }
    FormField *f = &r->form.a[r->form.n++];
    memset(f, 0, sizeof *f);
    f->zName = xstrdup(zKey);
    f->nValue = json_is_string(v) ? json_string_length(v) : strlen(z);
    f->zValue = xmalloc(f->nValue + 1);
    memcpy(f->zValue, z, f->nValue);
    f->zValue[f->nValue] = 0;
  }
  json_decref(o);
  return rc;
}

int web_json_form(const char *zBody, size_t nBody, Form *f, Buf *err) {
  Req *r = xcalloc(1, sizeof *r);
  r->zBody = zBody;
  r->nBody = nBody;
  int rc = json_to_form(r, err);
  *f = r->form;
  free(r);
  return rc;
}

/* ---- access ---- */

/* The owner's delegations, read once per request (load_delegations). */
static int delegated(void *ctx, long long recId, long long userId) {
  const Req *r = ctx;
  (void)userId;
  return r->nDelegated &&
         bsearch(&recId, r->aDelegated, (size_t)r->nDelegated, sizeof *r->aDelegated, cmp_id);
}

Access web_rec_access(const Req *r, const Rec *rec) {
  return rec_access(&r->user, rec, delegated, (void *)r);
}

void web_role_filter(const Req *r, Filter *f) { role_filter(&r->user, f); }
