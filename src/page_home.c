/*
** page_home.c: the way in and out: the start page, signing in and out, the
** embedded assets, the accessibility statement and the privacy notice. Not
** for: anything about recommendations (page_rec.c, page_report.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "auth_account.h"
#include "html.h"
#include "limit.h"
#include "page_sso.h"
#include "web.h"

/* Where to go after signing in: a local path only, never another site. A
** positive rule, since browsers forgive much (a TAB or a backslash after the
** first slash makes "//host"): one leading slash, a second character that is
** neither slash nor backslash, and then only the printable ASCII a local path
** and query are written with: letters, digits and -._~!$&'()*+,;=@/?% (no
** backslash, no colon, no control or non-ASCII byte), and a fragment's #.
** Anything else goes to the start page. */
const char *web_safe_next(const char *z) {
  static const char zOk[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                            "-._~!$&'()*+,;=@/?%#";
  if (!z || z[0] != '/' || z[1] == '/' || z[1] == '\\' || strspn(z, zOk) != strlen(z)) return "/";
  return z;
}

static int home(Req *r) {
  web_redirect(r, r->user.role == ROLE_COMMITTEE ? "/dashboard" : "/my");
  return 0;
}

static void login_form(Req *r, const char *zMsg) {
  web_page_begin(r, "Sign in");
  html_raw(&r->body, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  if (zMsg) {
    html_appendf(&r->body,
                 "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
                 "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a "
                 "problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
                 "govuk-error-summary__list\"><li><a href=\"#login\">%s</a></li></ul></div>"
                 "</div></div>",
                 zMsg);
  } else {
    web_error_summary(r);
  }
  char *zOrg = db_meta_get(r->db, "organisation");
  if (zOrg && zOrg[0]) html_appendf(&r->body, "<span class=\"govuk-caption-l\">%s</span>", zOrg);
  free(zOrg);
  html_appendf(&r->body,
               "<h1 class=\"govuk-heading-l\">Sign in to auditrack</h1>\n"
               "<p class=\"govuk-body\">Follow up internal audit recommendations: update your "
               "actions, review them, read the committee reports.</p>\n");
  sso_login_options(r, web_safe_next(web_arg(r, "next")));
  html_appendf(&r->body,
               "<form method=\"post\" action=\"/login\" novalidate>"
               "<input type=\"hidden\" name=\"next\" value=\"%s\">",
               web_safe_next(web_arg(r, "next")));
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "login",
                          .zLabel = "Login",
                          .zValue = web_arg_or(r, "login", ""),
                          .zClass = "govuk-!-width-one-half",
                          .zAuto = "username"});
  web_input(r, &(Control){.zName = "password",
                          .zLabel = "Password",
                          .zType = "password",
                          .zClass = "govuk-!-width-one-half",
                          .zAuto = "current-password"});
  html_raw(&r->body,
           "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Sign in"
           "</button></form>\n"
           "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/password/forgot\">Forgot "
           "your password?</a></p>\n</div></div>\n");
  web_page_end(r);
}

static int login_page(Req *r) {
  char z[AUTH_TOKEN_MAX + 8];
  if (r->signedIn) {
    web_redirect(r, web_safe_next(web_arg(r, "next")));
    return 0;
  }
  /* The pre-session CSRF token: a cookie the form must echo. */
  if (!form_cookie(r->zCookie, WEB_COOKIE_LOGIN, z, sizeof z)) {
    auth_random_token(r->zCsrf, 32);
    web_cookie(r, WEB_COOKIE_LOGIN, r->zCsrf, 3600);
  }
  login_form(r, 0);
  memset(r->zCsrf, 0, sizeof r->zCsrf);
  return 0;
}

/* The login a sign-in tried, for the access log (http.c escapes it there). */
static void log_login(Req *r) {
  snprintf(r->zLogLogin, sizeof r->zLogLogin, "%s", web_arg(r, "login"));
}

static int login_invalid(Req *r) {
  log_login(r);
  login_form(r, 0);
  return 0;
}

static int login_post(Req *r) {
  if (r->signedIn) {
    web_redirect(r, web_safe_next(web_arg(r, "next")));
    return 0;
  }
  User u;
  char zToken[AUTH_TOKEN_MAX];
  int wait = 0;
  log_login(r);
  AuthRc rc = auth_login(r->db, web_arg(r, "login"), web_arg(r, "password"), r->zAddr, r->now, &u,
                         zToken, &wait, r->limits);
  const char *zOff = rc == AUTH_OK ? sso_password_refused(r, &u, zToken) : 0;
  if (zOff) {
    r->status = 403;
    login_form(r, zOff);
    return 0;
  }
  if (rc == AUTH_OK) {
    /* With two-factor on (or required), the session waits for its second step. */
    int stage = 0;
    if (auth_session_begin(r->db, zToken, &u, r->now, r->zAgent, &stage)) {
      web_error(r, 500, "The sign-in could not be recorded. Try again in a moment.");
      return 0;
    }
    web_cookie(r, WEB_COOKIE_SESSION, zToken, -1);
    web_cookie(r, WEB_COOKIE_LOGIN, "", 0);
    if (stage) {
      Buf u2 = BUF_INIT;
      web_url_next(&u2, stage == STAGE_CODE ? "/login/code" : "/account/2fa",
                   web_safe_next(web_arg(r, "next")));
      web_redirect(r, buf_cstr(&u2));
      buf_free(&u2);
      return 0;
    }
    web_redirect(r, web_safe_next(web_arg(r, "next")));
    return 0;
  }
  if (rc == AUTH_THROTTLED) {
    char zMsg[160];
    snprintf(zMsg, sizeof zMsg, "Too many failed attempts. Wait %d minute%s, then try again.",
             (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
    r->status = 429;
    login_form(r, zMsg);
    return 0;
  }
  if (rc == AUTH_ERROR) {
    web_error(r, 500, "The sign-in could not be recorded. Try again in a moment.");
    return 0;
  }
  if (wait > 0) r->alertWait = wait;
  r->status = 422;
  login_form(r, "Enter a correct login and password");
  return 0;
}

static int logout(Req *r) {
  if (!r->viaToken && auth_logout(r->db, r->sessionId)) {
    web_error(r, 500, "The sign-out could not be recorded. Try again.");
    return 0;
  }
  web_signed_out(r, "You have signed out");
  return 0;
}

static int asset(Req *r) {
  const char *zName = r->azSeg[0];
  for (const Asset *a = web_assets; a->zName; a++) {
    if (strcmp(a->zName, zName)) continue;
    r->zType = a->zType;
    r->pStatic = a->p;
    r->nStatic = a->n;
    snprintf(r->zEtag, sizeof r->zEtag, "%s", a->zEtag);
    return 0;
  }
  web_error(r, 404, "No such file.");
  return 0;
}

/* The accessibility statement, in the parts the Public Sector Bodies
** Accessibility Regulations 2018 ask of one: who runs the service, how
** accessible it is, how to report a problem, the enforcement procedure, the
** compliance status with each known failure, and how the statement was made. */
static int accessibility(Req *r) {
  char *zOrg = db_meta_get(r->db, "organisation");
  const char *zWho = zOrg && zOrg[0] ? zOrg : "your organisation";
  web_page_begin(r, "Accessibility statement");
  html_appendf(&r->body,
               "<h1 class=\"govuk-heading-l\">Accessibility statement for auditrack</h1>\n"
               "<p class=\"govuk-body\">This service is run by %s's internal audit team. It "
               "follows up the recommendations of internal audits: owners report progress, "
               "internal audit reviews it, and the audit committee reads the figures.</p>\n"
               "<p class=\"govuk-body\">It is made so that as many people as possible can use "
               "it. You should be able to:</p>\n<ul class=\"govuk-list govuk-list--bullet\">"
               "<li>use every page with a keyboard alone, and with a screen reader</li>"
               "<li>zoom text to 400%% without the page needing scrolling sideways</li>"
               "<li>use every page without JavaScript</li>"
               "<li>change colours, contrast and fonts in your browser</li>"
               "<li>read every chart's figures in a table beside it</li></ul>\n",
               zWho);
  html_raw(&r->body,
           "<h2 class=\"govuk-heading-m\">How accessible this service is</h2>\n"
           "<p class=\"govuk-body\">Some parts are not fully accessible:</p>\n"
           "<ul class=\"govuk-list govuk-list--bullet\">"
           "<li>in lists, a long recommendation title is cut short, and its link is read out "
           "cut short too; the recommendation's own page gives it in full</li>"
           "<li>on a narrow screen the dashboard's charts have small text; the table under each "
           "chart gives the same figures</li></ul>\n"
           "<p class=\"govuk-body\">Every report can be downloaded as a tagged PDF (its charts "
           "described in words, its table headings marked as such), a web page, a Word document, "
           "a spreadsheet or CSV.</p>\n");
  html_appendf(&r->body,
               "<h2 class=\"govuk-heading-m\">Feedback and contact information</h2>\n"
               "<p class=\"govuk-body\">If you need something in a different format, or find a "
               "part of this service you cannot use, tell %s's internal audit team. They will "
               "reply and, where they can, give you what you need another way.</p>\n",
               zWho);
  free(zOrg);
  html_raw(&r->body,
           "<h2 class=\"govuk-heading-m\">Enforcement procedure</h2>\n"
           "<p class=\"govuk-body\">The Equality and Human Rights Commission (EHRC) is "
           "responsible for enforcing the Public Sector Bodies (Websites and Mobile "
           "Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how "
           "your request or complaint is answered, contact the Equality Advisory and Support "
           "Service (EASS). In Northern Ireland, contact the Equality Commission for Northern "
           "Ireland.</p>\n"
           "<h2 class=\"govuk-heading-m\">Technical information about this service's "
           "accessibility</h2>\n"
           "<h3 class=\"govuk-heading-s\">Compliance status</h3>\n"
           "<p class=\"govuk-body\">This service is partially compliant with the Web Content "
           "Accessibility Guidelines version 2.2 AA standard, because of the non-compliances "
           "listed below.</p>\n"
           "<h3 class=\"govuk-heading-s\">Non-accessible content</h3>\n"
           "<p class=\"govuk-body\">Non-compliance with the accessibility regulations:</p>\n"
           "<ul class=\"govuk-list govuk-list--bullet\">"
           "<li>A cut-short title in a list is the whole of its link's text, so the link does "
           "not name its recommendation in full (WCAG 2.4.4, link purpose).</li>"
           "</ul>\n"
           "<p class=\"govuk-body\">No content is claimed as a disproportionate burden or as "
           "outside the regulations.</p>\n"
           "<h2 class=\"govuk-heading-m\">Preparation of this accessibility statement</h2>\n"
           "<p class=\"govuk-body\">This statement was prepared on 7 December 2026. Every page "
           "is tested with axe-core for WCAG 2.2 AA in Chromium, at 1280 and 375 pixels wide, "
           "each time the software changes, and the checks above are part of those tests. "
           "Whoever runs the service should review the statement at least once a year and "
           "when they change how it is run.</p>\n");
  web_page_end(r);
  return 0;
}

/* What the service holds about people, why, who sees it and for how long
** (security.md's retention table, in plain words); UK GDPR articles 13 and 14. */
static int privacy(Req *r) {
  web_page_begin(r, "Privacy notice");
  html_raw(&r->body,
           "<h1 class=\"govuk-heading-l\">Privacy notice</h1>\n"
           "<p class=\"govuk-body\">Your organisation runs this service to follow up the "
           "recommendations of its internal audits, and is responsible for the personal data "
           "in it. This page says what that data is, why it is held, who sees it and for how "
           "long.</p>\n"
           "<h2 class=\"govuk-heading-m\">What is held</h2>\n"
           "<ul class=\"govuk-list govuk-list--bullet\">\n"
           "<li>Your account: your login, name, e-mail address and role, and the directorate "
           "or post you answer for.</li>\n"
           "<li>What you record: updates, evidence files, requests for a new date, opinions "
           "and decisions, each with your name and when you recorded it.</li>\n"
           "<li>Recommendations name the people who own them and the directors and executive "
           "members who answer for them.</li>\n"
           "<li>Signing in: while you are signed in, your session and the network address you "
           "came from; after a failed sign-in, the login tried and the address. Every request "
           "is logged with its time, address, login and page, never a password.</li>\n"
           "<li>Signing in through your organisation's identity provider: the identifier it "
           "gives you, kept with your account to recognise you next time.</li>\n"
           "</ul>\n"
           "<h2 class=\"govuk-heading-m\">Why</h2>\n"
           "<p class=\"govuk-body\">Following up internal audit is part of your "
           "organisation's public task of governance and audit (UK GDPR article 6(1)(e)), so "
           "you are not asked for consent. The sign-in records protect your account from "
           "people guessing passwords.</p>\n"
           "<h2 class=\"govuk-heading-m\">Who sees it</h2>\n"
           "<p class=\"govuk-body\">Internal audit and the service's administrators see "
           "everything. Directors see their directorate's recommendations, owners their own. "
           "The audit committee sees reports that name owners and directors. Nothing leaves "
           "your organisation but e-mail reminders, sent to your own address through its mail "
           "service.</p>\n"
           "<h2 class=\"govuk-heading-m\">How long</h2>\n"
           "<ul class=\"govuk-list govuk-list--bullet\">\n"
           "<li>A session: until you sign out, or after 30 minutes unused, 12 hours at "
           "most.</li>\n"
           "<li>Failed sign-ins: forgotten at a quarter of an hour for each failure, or when "
           "the account signs in.</li>\n"
           "<li>The request log: as long as your organisation keeps its server logs.</li>\n"
           "<li>Your account: while you use the service; when you leave, an administrator "
           "disables it and removes its e-mail address.</li>\n"
           "<li>The register, with names, and its journal of changes: as the record of the "
           "audits, for as long as your organisation's records retention schedule "
           "says.</li>\n"
           "</ul>\n"
           "<h2 class=\"govuk-heading-m\">Your rights</h2>\n"
           "<p class=\"govuk-body\">You may ask to see what is held about you, to have it "
           "corrected, or object to its use: ask your organisation's internal audit team, who "
           "run this service, or its data protection officer. If you are not satisfied you "
           "can complain to the Information Commissioner's Office.</p>\n");
  web_page_end(r);
  return 0;
}

static const Field aLogin[] = {{"login", F_LINE, 1, 120, 0, "your login"},
                               {"password", F_TEXT, 1, LIMIT_PASSWORD, 0, "your password"},
                               {"next", F_LINE, 0, 300, 0, "next"},
                               {0}};

const Route page_home_routes[] = {
    {M_GET, "/", CAP_SIGNED_IN, ACC_NONE, 0, 0, home, 0,
     "the start page: my actions, or the dashboard"},
    {M_GET, "/login", CAP_PUBLIC, ACC_NONE, R_LOGIN, 0, login_page, 0, "the sign-in form"},
    {M_POST, "/login", CAP_PUBLIC, ACC_NONE, R_LOGIN | R_SESSION, aLogin, login_post, login_invalid,
     "sign in"},
    {M_POST, "/logout", CAP_SIGNED_IN, ACC_NONE, R_SESSION | R_PENDING, 0, logout, 0, "sign out"},
    {M_GET, "/assets/*", CAP_PUBLIC, ACC_NONE, R_CACHEABLE, 0, asset, 0,
     "embedded CSS and JavaScript"},
    {M_GET, "/accessibility", CAP_PUBLIC, ACC_NONE, 0, 0, accessibility, 0,
     "the accessibility statement"},
    {M_GET, "/privacy", CAP_PUBLIC, ACC_NONE, 0, 0, privacy, 0,
     "the privacy notice: what personal data is held, why, who sees it, how long"},
    {0}};
