/*
** page_sso.c: single sign-on in the browser: the providers' buttons on the
** sign-in page, the start of a sign-in (a redirect to the provider) and the
** callback that finishes it (oidc.h).
**
** Why each choice: the flow's cookie is SameSite=Lax, the one cookie that must
** come back on the provider's cross-site redirect to the callback, and carries
** only a random value the flows of this browser are bound to (kept for the
** next sign-in, so two tabs can sign in at once); the session cookie stays
** Strict.
** Since a Strict cookie set on that cross-site answer would not be sent on a
** redirect the same navigation follows, the callback answers with a page that
** moves on by itself (a zero-second refresh, and a link) to the checked local
** address the sign-in was started for. Not for: the protocol (auth_oidc.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "oidc.h"
#include "page_sso.h"

#define SSO_COOKIE "at_sso"

void sso_login_options(Req *r, const char *zNext) {
  SsoProvider *a = 0;
  int n = 0;
  if (sso_provider_list(r->db, 1, &a, &n)) {
    db_error_clear(r->db); /* the password form still works */
    return;
  }
  if (n == 0) return;
  html_raw(&r->body, "<div class=\"govuk-button-group at-sso\">");
  for (int i = 0; i < n; i++) {
    Buf u = BUF_INIT;
    buf_appendf(&u, "/sso/start/%s?next=", a[i].zName);
    for (const char *p = zNext; *p; p++) {
      if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '/' || *p == '-' || *p == '.' || *p == '_')
        buf_putc(&u, *p);
      else
        buf_appendf(&u, "%%%02X", (unsigned char)*p);
    }
    html_appendf(&r->body,
                 "<a href=\"%s\" role=\"button\" draggable=\"false\" class=\"govuk-button\" "
                 "data-module=\"govuk-button\">Sign in with %s</a>",
                 buf_cstr(&u), a[i].zLabel);
    buf_free(&u);
  }
  html_raw(&r->body, "</div>\n<h2 class=\"govuk-heading-m\">Or sign in with a password</h2>\n");
  free(a);
}

const char *sso_password_refused(Req *r, const User *u, const char *zToken) {
  unsigned mask = 0;
  if (sso_password_off_get(r->db, &mask)) {
    db_error_clear(r->db);
    mask = ~0u; /* unreadable: refuse, and say why */
  }
  if (!(mask & (1u << u->role))) return 0;
  User s;
  char zCsrf[AUTH_TOKEN_MAX];
  long long id = 0;
  if (!auth_session(r->db, zToken, r->now, r->limits, &s, zCsrf, &id) && auth_logout(r->db, id))
    db_error_clear(r->db);
  return "Your account signs in through your organisation's single sign-on, not with a "
         "password here: use the sign-in button above";
}

/* The absolute address of the callback, as the browser reaches this server. */
static int callback_url(Req *r, char *z, size_t n) {
  const char *zHost = r->zHost ? r->zHost : "";
  if (!zHost[0] || strspn(zHost, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                 ".-:[]") != strlen(zHost))
    return 1;
  snprintf(z, n, "%s://%s/sso/callback", r->secure ? "https" : "http", zHost);
  return 0;
}

static void flow_cookie(Req *r, const char *zValue, int maxAge) {
  if (r->nCookie == (int)(sizeof r->azCookie / sizeof r->azCookie[0])) return;
  snprintf(r->azCookie[r->nCookie++], sizeof r->azCookie[0],
           "%s=%s; Path=/sso; HttpOnly; SameSite=Lax%s; Max-Age=%d", SSO_COOKIE, zValue,
           r->secure ? "; Secure" : "", maxAge);
}

static int sso_start(Req *r) {
  const char *zNext = web_safe_next(web_arg(r, "next"));
  char zRedirect[SSO_TEXT_MAX];
  if (r->signedIn) {
    web_redirect(r, zNext);
    return 0;
  }
  if (callback_url(r, zRedirect, sizeof zRedirect)) {
    web_error(r, 400, "The request names no valid host.");
    return 0;
  }
  SsoStart s;
  Buf err = BUF_INIT;
  char zHad[AUTH_TOKEN_MAX + 8];
  const char *zBrowser = form_cookie(r->zCookie, SSO_COOKIE, zHad, sizeof zHad);
  int rc = sso_flow_start(r->db, r->azSeg[0], zRedirect, zNext, zBrowser, r->now, &s, &err);
  if (rc == ACT_NOT_FOUND) {
    web_error(r, 404, "There is no such way to sign in. Go back to the sign-in page.");
  } else if (rc) {
    char zMsg[400];
    snprintf(zMsg, sizeof zMsg,
             "The sign-in could not be started: %s. Try again, or sign in "
             "with a password.",
             buf_cstr(&err));
    web_error(r, 502, zMsg);
  } else {
    flow_cookie(r, s.zBrowser, OIDC_FLOW_SECONDS);
    web_redirect(r, buf_cstr(&s.url));
  }
  buf_free(&s.url);
  buf_free(&err);
  return 0;
}

/* The page that moves on from the callback to zNext. */
static void landing(Req *r, const char *zNext) {
  r->status = 200;
  buf_reset(&r->body);
  html_appendf(&r->body,
               "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"refresh\" content=\"0;url=%s\">\n"
               "<title>Signed in – auditrack</title>\n</head>\n<body>\n"
               "<p><a href=\"%s\">Continue</a></p>\n</body>\n</html>\n",
               zNext, zNext);
}

static void refused(Req *r, int rc, const char *zWhy) {
  web_page_begin(r, "You cannot sign in");
  r->status = rc == ACT_INVALID ? 403 : rc == ACT_CONFLICT ? 400 : 502;
  html_appendf(&r->body,
               "<h1 class=\"govuk-heading-l\">You cannot sign in</h1>\n"
               "<p class=\"govuk-body\">%s: %s.</p>\n",
               rc == ACT_ERROR ? "The sign-in could not be completed" : "The sign-in was refused",
               zWhy);
  html_raw(&r->body,
           "<p class=\"govuk-body\">If you should have access, ask your head of internal audit "
           "or the administrator to give your account access.</p>\n"
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/login\">Go back to the "
           "sign-in page</a></p>\n");
  web_page_end(r);
}

static int sso_callback(Req *r) {
  char zBrowser[AUTH_TOKEN_MAX + 8];
  const char *zB = form_cookie(r->zCookie, SSO_COOKIE, zBrowser, sizeof zBrowser);
  const char *zError = web_arg(r, "error");
  SsoDone d;
  Buf err = BUF_INIT;
  int rc;
  if (zError && zError[0]) {
    /* The provider did not sign the person in: the flow is spent all the same. */
    rc = sso_flow_finish(r->db, web_arg(r, "state"), "", zB, r->zAddr, r->now, &d, &err);
    buf_fail(&err, 0, "the provider answered '%s'", zError);
    rc = ACT_INVALID;
  } else {
    rc = sso_flow_finish(r->db, web_arg(r, "state"), web_arg(r, "code"), zB, r->zAddr, r->now, &d,
                         &err);
  }
  /* The flow cookie stays until it expires: another tab's sign-in may use it. */
  if (rc) {
    refused(r, rc, buf_cstr(&err));
  } else {
    snprintf(r->zLogLogin, sizeof r->zLogLogin, "%s", d.user.zLogin);
    web_cookie(r, WEB_COOKIE_SESSION, d.zToken, -1);
    web_cookie(r, WEB_COOKIE_LOGIN, "", 0);
    landing(r, web_safe_next(d.zNext));
  }
  buf_free(&err);
  return 0;
}

static const Field aStart[] = {{"next", F_LINE, 0, 300, 0, "next"}, {0}};
static const Field aCallback[] = {{"state", F_LINE, 0, 64, 0, "state"},
                                  {"code", F_LINE, 0, 4096, 0, "code"},
                                  {"error", F_LINE, 0, 200, 0, "error"},
                                  {"error_description", F_LINE, 0, 1000, 0, "error description"},
                                  {0}};

const Route page_sso_routes[] = {{M_GET, "/sso/start/*", CAP_PUBLIC, ACC_NONE, 0, aStart, sso_start,
                                  0, "single sign-on: send the browser to the provider"},
                                 {M_GET, "/sso/callback", CAP_PUBLIC, ACC_NONE, 0, aCallback,
                                  sso_callback, 0,
                                  "single sign-on: the provider's answer; signs in"},
                                 {0}};
