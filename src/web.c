/*
** web.c: the one door every web request goes through, and what all pages
** share: the route tables, the checks made before any handler runs, the page
** layout, who may see which recommendation, and the shared register cache.
**
** Order of the checks, each answering before the next is asked: route (404),
** method (405), identity (session cookie, or an API token on API routes), sign-in
** (303 to /login, or 401 for the API), capability (403): these are web_admit's,
** asked before any byte of the body is read, and they set the largest body the
** route accepts. Then body size and type (413, 415), UTF-8 (400), same-origin
** and CSRF on every POST (403), then the route's fields (400 for a query, 422
** and the form again for a form). Only then the handler. Not for: sockets (http.c), SQL, or domain rules.
*/
#include "web.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "http.h"
#include "store.h"

const char *const cap_names[] = {"public",  "signed-in", "update",
                                         "reports", "audit",     "admin"};
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

static const Route *const aTable[] = {page_home_routes,  page_account_routes, page_admin_routes,
                                      page_audit_routes, page_rec_routes,     page_rec_act_routes,
                                      page_review_routes, page_evidence_routes, page_report_routes,
                                      page_cycle_routes, page_import_routes, page_notify_routes,
                                      api_routes};
#define N_TABLE (sizeof aTable / sizeof aTable[0])

#define COOKIE_NOTICE "at_notice"
#define BODY_LIMIT (1L << 20)        /* any POST without files */
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
  web_cookie(r, WEB_COOKIE_SESSION, "", 0);
  memset(r->zCsrf, 0, sizeof r->zCsrf);
  r->signedIn = 0;
  web_done(r, "/login", zNotice);
}

void web_done(Req *r, const char *zUrl, const char *zNotice) {
  char z[170];
  size_t n = strlen(zNotice);
  if (n > 120) n = 120;
  sodium_bin2base64(z, sizeof z, (const unsigned char *)zNotice, n,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  web_cookie(r, COOKIE_NOTICE, z, 60);
  web_redirect(r, zUrl);
}

/* ---- field values ---- */

const char *web_arg(const Req *r, const char *zName) {
  const char *z = form_get(&r->form, zName);
  return z ? z : form_get(&r->query, zName);
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

static void authenticate(Req *r) {
  char zTok[AUTH_TOKEN_MAX + 8];
  if (r->route && (r->route->flags & R_API) && r->zAuth && !strncmp(r->zAuth, "Bearer ", 7)) {
    if (!auth_token_check(r->db, r->zAuth + 7, &r->user)) r->signedIn = r->viaToken = 1;
    return;
  }
  if (form_cookie(r->zCookie, WEB_COOKIE_SESSION, zTok, sizeof zTok)) {
    AuthLimits *l = &r->sh->o.limits;
    if (!auth_session(r->db, zTok, r->now, l, &r->user, r->zCsrf, &r->sessionId)) r->signedIn = 1;
  }
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
  if (r->route->flags & R_UPLOAD) return http_upload_body_limit(r->sh);
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
  const Route *rt = r->route;
  if (rt->flags & R_CACHEABLE) r->noStore = 0;
  if (!(rt->flags & R_CACHEABLE)) {
    authenticate(r); /* public pages show who is signed in */
    load_delegations(r);
  }
  if (rt->cap != CAP_PUBLIC && !r->signedIn) {
    if (rt->flags & R_API) {
      web_error(r, 401, "Sign in, or send a valid API token as 'Authorization: Bearer TOKEN'.");
    } else if (r->method == M_GET) {
      Buf u = BUF_INIT;
      buf_puts(&u, "/login?next=");
      for (const char *p = r->zPath; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '/' || *p == '-')
          buf_putc(&u, *p);
        else
          buf_appendf(&u, "%%%02X", (unsigned char)*p);
      }
      web_redirect(r, buf_cstr(&u));
      buf_free(&u);
    } else {
      web_error(r, 403, "Your session has ended. Sign in again, then repeat what you were doing.");
    }
    return -1;
  }
  if (rt->cap != CAP_PUBLIC && !cap_allows(rt->cap, r->user.role)) {
    web_error(r, 403,
              "Your account does not allow this. Ask your head of internal audit if you "
              "need it.");
    return -1;
  }
  r->admitted = 1;
  r->bodyLimit = body_limit(r);
  return r->bodyLimit;
}

void web_dispatch(Req *r) {
  if (!r->admitted) (void)web_admit(r);
  if (r->admitted < 0) return; /* web_admit answered */
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
  if (r->nErr) {
    if (r->method == M_POST && rt->xInvalid && !(rt->flags & R_API)) {
      r->status = 422;
      rt->xInvalid(r);
      if (r->status == 200) r->status = 422;
    } else {
      web_error(r, r->method == M_POST ? 422 : 400, r->aErr[0].zMsg);
    }
    return;
  }
  rt->x(r);
  buf_free(&err);
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

static const char *const azKind[] = {"text", "line", "date", "target",
                                                    "int",  "enum", "bool", "file"};
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

/* ---- layout ---- */

typedef struct NavItem {
  const char *zHref, *zLabel;
  Cap cap;
} NavItem;

static const NavItem aNav[] = {
    {"/my", "My actions", CAP_UPDATE},         {"/dashboard", "Dashboard", CAP_REPORTS},
    {"/recs", "Recommendations", CAP_REPORTS}, {"/audits", "Audits", CAP_AUDIT},
    {"/review", "Review queue", CAP_AUDIT},    {"/reports", "Reports", CAP_REPORTS},
    {"/cycles", "Cycles", CAP_REPORTS},
    {"/admin/users", "Accounts", CAP_ADMIN},   {0, 0, 0}};

void web_page_begin(Req *r, const char *zTitle) {
  Buf *b = &r->body;
  buf_reset(b);
  r->zType = 0;
  html_appendf(
      b,
      "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
      "<meta charset=\"utf-8\">\n<title>%s%s – auditrack</title>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/govuk-frontend.min.css\">\n"
      "<link rel=\"stylesheet\" href=\"/assets/auditrack.css\">\n"
      "<script type=\"module\" src=\"/assets/auditrack.js\"></script>\n"
      "</head>\n<body class=\"govuk-template__body\">\n"
      "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">"
      "Skip to main content</a>\n",
      r->nErr || r->status == 422 || r->status == 429 ? "Error: " : "", zTitle);
  html_raw(
      b, "<header class=\"govuk-template__header\">\n<div class=\"govuk-generic-header at-header\">"
         "<div class=\"govuk-generic-header__container govuk-width-container\">"
         "<div class=\"govuk-generic-header__logo\"><a href=\"/\" "
         "class=\"govuk-generic-header__homepage-link\">auditrack</a></div>");
  if (r->signedIn) {
    html_appendf(b,
                 "<div class=\"at-header__account\"><span class=\"at-header__user\">%s (%s)</span> "
                 "<a class=\"govuk-link govuk-link--inverse\" href=\"/account\">Your account</a> "
                 "<form method=\"post\" action=\"/logout\" class=\"at-inline\">",
                 r->user.zName, role_labels[r->user.role]);
    web_csrf_input(r);
    html_raw(b, "<button class=\"at-link-button\">Sign out</button></form></div>");
  }
  html_raw(b, "</div></div>\n");
  if (r->signedIn) {
    html_raw(b, "<section aria-label=\"Service information\" class=\"govuk-service-navigation\" "
                "data-module=\"govuk-service-navigation\"><div class=\"govuk-width-container\">"
                "<div class=\"govuk-service-navigation__container\">"
                "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
                "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
    for (const NavItem *n = aNav; n->zHref; n++) {
      if (!cap_allows(n->cap, r->user.role)) continue;
      size_t len = strlen(n->zHref);
      int cur = !strncmp(r->zPath, n->zHref, len) && (r->zPath[len] == 0 || r->zPath[len] == '/');
      if (cur) {
        html_appendf(
            b,
            "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
            "<a class=\"govuk-service-navigation__link\" href=\"%s\" aria-current=\"page\">"
            "<strong class=\"govuk-service-navigation__active-fallback\">%s</strong></a></li>",
            n->zHref, n->zLabel);
      } else {
        html_appendf(b,
                     "<li class=\"govuk-service-navigation__item\"><a "
                     "class=\"govuk-service-navigation__link\" href=\"%s\">%s</a></li>",
                     n->zHref, n->zLabel);
      }
    }
    html_raw(b, "</ul></nav></div></div></section>\n");
  }
  html_raw(b, "</header>\n<div class=\"govuk-width-container\">\n"
              "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
  web_notice(r);
}

void web_page_end(Req *r) {
  html_raw(&r->body,
           "</main>\n</div>\n<footer class=\"govuk-footer\"><div class=\"govuk-width-container\">"
           "<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item "
           "govuk-footer__meta-item--grow\"><p class=\"govuk-body-s\">auditrack: follow-up "
           "of internal audit recommendations. <a class=\"govuk-footer__link\" "
           "href=\"/accessibility\">Accessibility</a></p></div></div></div></footer>\n"
           "</body>\n</html>\n");
}

void web_csrf_input(Req *r) {
  char zLogin[AUTH_TOKEN_MAX + 8];
  const char *z =
      r->zCsrf[0] ? r->zCsrf : form_cookie(r->zCookie, WEB_COOKIE_LOGIN, zLogin, sizeof zLogin);
  html_appendf(&r->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", z ? z : "");
}

void web_error_summary(Req *r) {
  if (!r->nErr) return;
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div "
              "role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
              "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
              "govuk-error-summary__list\">");
  for (int i = 0; i < r->nErr; i++) {
    html_appendf(b, "<li><a href=\"#%s\">%s</a></li>", r->aErr[i].zField, r->aErr[i].zMsg);
  }
  html_raw(b, "</ul></div></div></div>\n");
}

int web_field_error_html(Req *r, const char *zField) {
  for (int i = 0; i < r->nErr; i++) {
    if (!strcmp(r->aErr[i].zField, zField)) {
      html_appendf(&r->body,
                   "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
                   "class=\"govuk-visually-hidden\">Error:</span> %s</p>",
                   zField, r->aErr[i].zMsg);
      return 1;
    }
  }
  return 0;
}

/* ---- form controls ---- */

/* The form group's opening, the label, the hint and the error message. */
static void group_open(Req *r, const Control *c) {
  Buf *b = &r->body;
  html_appendf(b,
               "<div class=\"govuk-form-group%s\"><label class=\"govuk-label\" for=\"%s\">%s"
               "</label>",
               web_has_err(r, c->zName) ? " govuk-form-group--error" : "", c->zName, c->zLabel);
  if (c->zHint) {
    html_appendf(b, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", c->zName, c->zHint);
  }
  web_field_error_html(r, c->zName);
}

/* The control's classes: zBase, c->zClass, and zBase--error when it has an error. */
static void control_class(Req *r, const Control *c, const char *zBase) {
  html_appendf(&r->body, " class=\"%s", zBase);
  if (c->zClass && c->zClass[0]) html_appendf(&r->body, " %s", c->zClass);
  if (web_has_err(r, c->zName)) html_appendf(&r->body, " %s--error", zBase);
  html_raw(&r->body, "\"");
}

static void described_by(Req *r, const Control *c) {
  int err = web_has_err(r, c->zName);
  const char *z = c->zName;
  if (c->zHint && err)
    html_appendf(&r->body, " aria-describedby=\"%s-hint %s-error\"", z, z);
  else if (c->zHint)
    html_appendf(&r->body, " aria-describedby=\"%s-hint\"", z);
  else if (err)
    html_appendf(&r->body, " aria-describedby=\"%s-error\"", z);
}

void web_input(Req *r, const Control *c) {
  Buf *b = &r->body;
  const char *zType = c->zType ? c->zType : "text";
  group_open(r, c);
  html_raw(b, "<input");
  control_class(r, c, strcmp(zType, "file") ? "govuk-input" : "govuk-file-upload");
  html_appendf(b, " id=\"%s\" name=\"%s\" type=\"%s\"", c->zName, c->zName, zType);
  if (c->zMode) html_appendf(b, " inputmode=\"%s\"", c->zMode);
  if (c->zAuto) html_appendf(b, " autocomplete=\"%s\" spellcheck=\"false\"", c->zAuto);
  if (c->zValue) html_appendf(b, " value=\"%s\"", c->zValue);
  described_by(r, c);
  html_raw(b, "></div>\n");
}

void web_textarea(Req *r, const Control *c) {
  group_open(r, c);
  html_raw(&r->body, "<textarea");
  control_class(r, c, "govuk-textarea");
  html_appendf(&r->body, " id=\"%s\" name=\"%s\" rows=\"%d\"", c->zName, c->zName, c->rows);
  described_by(r, c);
  html_appendf(&r->body, ">%s</textarea></div>\n", c->zValue ? c->zValue : "");
}

void web_checkbox(Req *r, const Control *c, int checked) {
  Buf *b = &r->body;
  html_appendf(b, "<div class=\"govuk-form-group%s\">",
               web_has_err(r, c->zName) ? " govuk-form-group--error" : "");
  if (c->zLegend) {
    html_appendf(b,
                 "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
                 "govuk-fieldset__legend--s\">%s</legend>",
                 c->zLegend);
  }
  web_field_error_html(r, c->zName);
  int more = c->zClass && c->zClass[0];
  html_appendf(b,
               "<div class=\"govuk-checkboxes%s%s\" data-module=\"govuk-checkboxes\">"
               "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
               "id=\"%s\" name=\"%s\" type=\"checkbox\" value=\"1\"%s",
               more ? " " : "", more ? c->zClass : "", c->zName, c->zName,
               checked ? " checked" : "");
  if (web_has_err(r, c->zName)) html_appendf(b, " aria-describedby=\"%s-error\"", c->zName);
  html_appendf(b,
               "><label class=\"govuk-label govuk-checkboxes__label\" for=\"%s\">%s</label>"
               "</div></div>",
               c->zName, c->zLabel);
  if (c->zLegend) html_raw(b, "</fieldset>");
  html_raw(b, "</div>\n");
}

void web_select_open(Req *r, const Control *c) {
  group_open(r, c);
  html_raw(&r->body, "<select");
  control_class(r, c, "govuk-select");
  html_appendf(&r->body, " id=\"%s\" name=\"%s\"", c->zName, c->zName);
  described_by(r, c);
  html_raw(&r->body, ">");
}

void web_option(Req *r, const char *zValue, const char *zLabel, const char *zCurrent) {
  html_appendf(&r->body, "<option value=\"%s\"%s>%s</option>", zValue,
               zCurrent && !strcasecmp(zCurrent, zValue) ? " selected" : "", zLabel);
}

void web_select_close(Req *r) { html_raw(&r->body, "</select></div>\n"); }

void web_notice(Req *r) {
  char z[200];
  if (!form_cookie(r->zCookie, COOKIE_NOTICE, z, sizeof z) || !z[0]) return;
  unsigned char a[160];
  size_t n = 0;
  if (sodium_base642bin(a, sizeof a - 1, z, strlen(z), 0, &n, 0,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
      utf8_valid((const char *)a, n)) {
    a[n] = 0;
    html_appendf(&r->body,
                 "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                 "role=\"alert\" aria-labelledby=\"notice-title\" "
                 "data-module=\"govuk-notification-banner\"><div "
                 "class=\"govuk-notification-banner__header\"><h2 "
                 "class=\"govuk-notification-banner__title\" id=\"notice-title\">Success</h2>"
                 "</div><div class=\"govuk-notification-banner__content\"><p "
                 "class=\"govuk-notification-banner__heading\">%s</p></div></div>\n",
                 (const char *)a);
  }
  if (r->nCookie < (int)(sizeof r->azCookie / sizeof r->azCookie[0]))
    web_cookie(r, COOKIE_NOTICE, "", 0);
}

char *web_day(Day d, char *z) { return day_fmt(d, DAY_LONG, z); }

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

/* ---- the shared register ---- */

typedef struct Box {
  RecSet set;
  Policy pol;
  char *zOrg;
  long long gen;
  int refs;               /* the Shared's own reference counts as one while it is current */
  int *aByOwner, *aByDir; /* indexes into set.a sorted by owner / directorate key */
} Box;


/* qsort_r comparators: by key (any case; no key last), then by id. */
static int by_key(const Rec *a, const Rec *b, const char *za, const char *zb) {
  int c = !za ? (zb ? 1 : 0) : !zb ? -1 : strcasecmp(za, zb);
  return c ? c : (a->id > b->id) - (a->id < b->id);
}
static int by_owner(const void *pa, const void *pb, void *pSet) {
  const Rec *a = &((const RecSet *)pSet)->a[*(const int *)pa];
  const Rec *b = &((const RecSet *)pSet)->a[*(const int *)pb];
  return by_key(a, b, rec_accountable(a), rec_accountable(b));
}
static int by_dir(const void *pa, const void *pb, void *pSet) {
  const Rec *a = &((const RecSet *)pSet)->a[*(const int *)pa];
  const Rec *b = &((const RecSet *)pSet)->a[*(const int *)pb];
  return by_key(a, b, a->zDirectorate, b->zDirectorate);
}

/* Sort indexes once per generation, so that "whose are these" is a binary
** search instead of a scan of the register on every page view. */
static void box_index(Box *x) {
  int n = x->set.n;
  x->aByOwner = xmalloc(sizeof(int) * (size_t)(n + 1));
  x->aByDir = xmalloc(sizeof(int) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) x->aByOwner[i] = x->aByDir[i] = i;
  if (n > 1) {
    qsort_r(x->aByOwner, (size_t)n, sizeof(int), by_owner, &x->set);
    qsort_r(x->aByDir, (size_t)n, sizeof(int), by_dir, &x->set);
  }
}

int web_register_find(const Register *g, int byDirectorate, const char *zKey, const int **paIdx) {
  const Box *x = g->pBox;
  const int *a = byDirectorate ? x->aByDir : x->aByOwner;
  int n = x->set.n;
  if (!zKey || !zKey[0]) {
    *paIdx = a;
    return 0;
  }
  /* The first index whose key is not below zKey, then the run equal to it. */
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    const Rec *r = &x->set.a[a[mid]];
    const char *z = byDirectorate ? r->zDirectorate : rec_accountable(r);
    if (z && strcasecmp(z, zKey) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  int end = lo;
  while (end < n) {
    const Rec *r = &x->set.a[a[end]];
    const char *z = byDirectorate ? r->zDirectorate : rec_accountable(r);
    if (!z || strcasecmp(z, zKey)) break;
    end++;
  }
  *paIdx = a + lo;
  return end - lo;
}

static void box_unref(Shared *sh, Box *x) {
  (void)sh;
  if (--x->refs == 0) {
    free(x->aByOwner);
    free(x->aByDir);
    recset_free(&x->set);
    free(x->zOrg);
    free(x);
  }
}

int web_register_acquire(Req *r, Register *out) {
  Shared *sh = r->sh;
  long long gen = -1;
  if (journal_head(r->db, &gen)) gen = -1; /* matches no box: the load below says why */
  pthread_mutex_lock(&sh->mu);
  Box *x = sh->pBox;
  if (x && x->gen == gen) {
    x->refs++;
    pthread_mutex_unlock(&sh->mu);
  } else {
    pthread_mutex_unlock(&sh->mu);
    /* Load outside the lock, in one read transaction so the set, the policy and
    ** the generation agree. */
    x = xcalloc(1, sizeof *x);
    if (store_register_read(r->db, &x->pol, &x->set, &x->zOrg, &x->gen)) {
      free(x);
      web_error(r, 500, "The register could not be read. Try again in a moment.");
      return 1;
    }
    box_index(x);
    x->refs = 1; /* the caller's */
    pthread_mutex_lock(&sh->mu);
    Box *cur = sh->pBox;
    if (!cur || cur->gen < x->gen) {
      if (cur) box_unref(sh, cur);
      sh->pBox = x;
      x->refs++;
    }
    pthread_mutex_unlock(&sh->mu);
  }
  out->set = &x->set;
  out->pol = &x->pol;
  out->zOrg = x->zOrg;
  out->gen = x->gen;
  out->pBox = x;
  return 0;
}

void web_register_release(Req *r, Register *reg) {
  if (!reg->pBox) return;
  pthread_mutex_lock(&r->sh->mu);
  box_unref(r->sh, reg->pBox);
  pthread_mutex_unlock(&r->sh->mu);
  reg->pBox = 0;
}

int web_cache_get(Req *r, long long gen, const char *zKey, Buf *out) {
  Shared *sh = r->sh;
  int hit = 0;
  pthread_mutex_lock(&sh->mu);
  for (int i = 0; i < WEB_CACHE_SLOTS && !hit; i++) {
    CacheEnt *e = &sh->aCache[i];
    if (e->zKey && e->gen == gen && !strcmp(e->zKey, zKey)) {
      buf_append(out, e->z, e->n);
      hit = 1;
    }
  }
  pthread_mutex_unlock(&sh->mu);
  return hit;
}

void web_cache_put(Req *r, long long gen, const char *zKey, const char *z, size_t n) {
  Shared *sh = r->sh;
  /* A whole appendix of a large register is cheaper to rebuild than to keep
  ** sixty-four of: memory stays bounded at WEB_CACHE_SLOTS x WEB_CACHE_MAX. */
  if (n > WEB_CACHE_MAX) return;
  char *zCopy = xmalloc(n ? n : 1), *zK = xstrdup(zKey);
  memcpy(zCopy, z, n);
  pthread_mutex_lock(&sh->mu);
  CacheEnt *e = &sh->aCache[sh->iCache];
  sh->iCache = (sh->iCache + 1) % WEB_CACHE_SLOTS;
  char *zOldKey = e->zKey, *zOld = e->z;
  e->zKey = zK;
  e->gen = gen;
  e->z = zCopy;
  e->n = n;
  pthread_mutex_unlock(&sh->mu);
  free(zOldKey);
  free(zOld);
}

const char *web_evidence_dir(const Req *r) { return r->sh->zEvidenceDir; }
long web_upload_limit(const Req *r) { return r->sh->o.uploadLimit; }

void web_shared_free(Shared *sh) {
  for (int i = 0; i < sh->nDb; i++) db_close(sh->apDb[i]);
  if (sh->pBox) box_unref(sh, sh->pBox);
  for (int i = 0; i < WEB_CACHE_SLOTS; i++) {
    free(sh->aCache[i].zKey);
    free(sh->aCache[i].z);
  }
  pthread_mutex_destroy(&sh->mu);
  pthread_key_delete(sh->dbKey);
  free(sh->zEvidenceDir);
  free(sh);
}
