/*
** page_reset.c: the pages of the way in that come after the password form:
** asking for a password reset, choosing a password through an e-mailed link
** (an invitation's or a reset's), and the second step of signing in (a code
** from an authenticator app, or a recovery code). Not for: the sign-in form
** itself (page_home.c), what the links and codes are (auth_account.h), or
** enrolling in two-factor (page_security.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_account.h"
#include "html.h"
#include "limit.h"
#include "web.h"

static const char zWidth[] = "govuk-!-width-one-half";

/* The pre-session CSRF cookie a public form echoes (as the sign-in form's). */
static void login_cookie(Req *r) {
  char z[AUTH_TOKEN_MAX + 8];
  if (!form_cookie(r->zCookie, WEB_COOKIE_LOGIN, z, sizeof z)) {
    auth_random_token(r->zCsrf, 32);
    web_cookie(r, WEB_COOKIE_LOGIN, r->zCsrf, 3600);
  }
}

static void column_open(Req *r, const char *zTitle) {
  web_page_begin(r, zTitle);
  html_raw(&r->body, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
}

static void column_close(Req *r) {
  html_raw(&r->body, "</div></div>\n");
  web_page_end(r);
}

/* ---- forgotten passwords ---- */

static void forgot_form(Req *r) {
  column_open(r, "Reset your password");
  html_raw(&r->body,
           "<h1 class=\"govuk-heading-l\">Reset your password</h1>\n"
           "<p class=\"govuk-body\">Enter your login or your e-mail address. If it belongs to an "
           "account, we will e-mail a link to choose a new password.</p>\n"
           "<form method=\"post\" action=\"/password/forgot\" novalidate>");
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "who",
                          .zLabel = "Login or e-mail address",
                          .zValue = web_arg_or(r, "who", ""),
                          .zAuto = "username",
                          .zClass = zWidth});
  html_raw(&r->body, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                     "Send the link</button></form>\n<p class=\"govuk-body\"><a "
                     "class=\"govuk-link\" href=\"/login\">Back to sign in</a></p>\n");
  column_close(r);
}

static int forgot_page(Req *r) {
  if (!r->signedIn) login_cookie(r);
  forgot_form(r);
  memset(r->zCsrf, 0, sizeof r->zCsrf);
  return 0;
}

static int forgot_invalid(Req *r) {
  forgot_form(r);
  return 0;
}

/* The answer is the same whether or not an account matched: it never says. */
static int forgot_post(Req *r) {
  int wait = 0;
  AuthRc rc = auth_reset_request(r->db, web_arg(r, "who"), r->zAddr, r->now, &wait, r->limits);
  if (rc == AUTH_ERROR) {
    web_error(r, 500, "The request could not be recorded. Try again in a moment.");
    return 0;
  }
  if (rc == AUTH_THROTTLED) {
    r->status = 429;
    web_field_err(r, "who", "Too many requests for a reset. Wait %d minutes, then try again.",
                  (wait + 59) / 60);
    forgot_form(r);
    return 0;
  }
  column_open(r, "Check your e-mail");
  html_raw(&r->body,
           "<h1 class=\"govuk-heading-l\">Check your e-mail</h1>\n"
           "<p class=\"govuk-body\">If that is the login or e-mail address of an account, we have "
           "sent a link to choose a new password to the account's e-mail address. It works once, "
           "within the hour.</p>\n<p class=\"govuk-body\">If nothing arrives in a few minutes, "
           "check your junk mail, or ask your administrator.</p>\n<p class=\"govuk-body\"><a "
           "class=\"govuk-link\" href=\"/login\">Back to sign in</a></p>\n");
  column_close(r);
  return 0;
}

/* ---- choosing a password through a link ---- */

static void link_gone(Req *r) {
  r->status = 404;
  column_open(r, "This link does not work");
  html_raw(&r->body,
           "<h1 class=\"govuk-heading-l\">This link does not work</h1>\n"
           "<p class=\"govuk-body\">It has expired, it has been used already, or a newer link "
           "has replaced it.</p>\n<p class=\"govuk-body\">If you were invited, ask your "
           "administrator to invite you again. Otherwise <a class=\"govuk-link\" "
           "href=\"/password/forgot\">ask for a new link</a>.</p>\n");
  column_close(r);
}

static void set_form(Req *r, const User *u, int invite) {
  column_open(r, invite ? "Choose your password" : "Choose a new password");
  html_appendf(&r->body,
               "<h1 class=\"govuk-heading-l\">%s</h1>\n<p class=\"govuk-body\">For the account "
               "<strong>%s</strong> (%s).</p>\n<form method=\"post\" action=\"/password/%s\" "
               "novalidate>",
               invite ? "Choose your password" : "Choose a new password", u->zLogin, u->zName,
               r->azSeg[0]);
  web_csrf_input(r);
  /* The login, for password managers to file the new password under. */
  html_appendf(&r->body,
               "<input type=\"text\" name=\"username\" value=\"%s\" autocomplete=\"username\" "
               "hidden aria-hidden=\"true\" tabindex=\"-1\">",
               u->zLogin);
  web_input(r, &(Control){.zName = "new_password",
                          .zLabel = "New password",
                          .zHint = "At least 12 characters, not a commonly used password. A few "
                                   "unrelated words are easy to remember and hard to guess.",
                          .zType = "password",
                          .zAuto = "new-password",
                          .zClass = zWidth});
  web_input(r, &(Control){.zName = "confirm_password",
                          .zLabel = "New password again",
                          .zType = "password",
                          .zAuto = "new-password",
                          .zClass = zWidth});
  html_raw(&r->body, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                     "Set password</button></form>\n");
  column_close(r);
}

static LinkState link_state(Req *r, User *u, int *pInvite) {
  return auth_link_check(r->db, r->azSeg[0], auth_clock(r->limits, r->now), u, pInvite);
}

static int set_page(Req *r) {
  User u;
  int invite = 0;
  LinkState st = link_state(r, &u, &invite);
  if (st == LINK_ERROR) {
    web_error(r, 500, "The link could not be checked. Try again in a moment.");
    return 0;
  }
  if (st != LINK_OK) {
    link_gone(r);
    return 0;
  }
  if (!r->signedIn) login_cookie(r);
  set_form(r, &u, invite);
  memset(r->zCsrf, 0, sizeof r->zCsrf);
  return 0;
}

static int set_invalid(Req *r) {
  User u;
  int invite = 0;
  if (link_state(r, &u, &invite) != LINK_OK) {
    link_gone(r);
    return 0;
  }
  set_form(r, &u, invite);
  return 0;
}

static int set_post(Req *r) {
  User u;
  int invite = 0;
  LinkState st = link_state(r, &u, &invite);
  if (st != LINK_OK) {
    if (st == LINK_ERROR)
      web_error(r, 500, "The link could not be checked. Try again in a moment.");
    else
      link_gone(r);
    return 0;
  }
  if (strcmp(web_arg(r, "new_password"), web_arg(r, "confirm_password"))) {
    web_field_err(r, "confirm_password", "Enter the same new password twice");
  } else {
    Buf err = BUF_INIT;
    int rc = auth_link_use(r->db, r->azSeg[0], web_arg(r, "new_password"),
                           auth_clock(r->limits, r->now), &err);
    if (rc == ACT_INVALID) {
      const char *z = buf_cstr(&err);
      if (!strncmp(z, "a password ", 11) && strncmp(z, "a password of ", 14))
        web_field_err(r, "new_password", "Your new password %s", z + 11);
      else
        web_field_err_act(r, "new_password", z);
    }
    buf_free(&err);
    if (rc == ACT_NOT_FOUND) {
      link_gone(r);
      return 0;
    }
    if (rc && rc != ACT_INVALID) {
      web_error(r, 500, "The password could not be set. Try again in a moment.");
      return 0;
    }
    if (!rc) {
      if (r->signedIn) web_cookie(r, WEB_COOKIE_SESSION, "", 0); /* that session has ended */
      web_done(r, "/login", "Your password has been set. Sign in with it.");
      return 0;
    }
  }
  r->status = 422;
  set_form(r, &u, invite);
  return 0;
}

/* ---- the second step ---- */

static void code_form(Req *r) {
  column_open(r, "Enter your code");
  html_raw(&r->body,
           "<h1 class=\"govuk-heading-l\">Enter your code</h1>\n"
           "<p class=\"govuk-body\">Open your authenticator app and enter the 6-digit code it "
           "shows for auditrack.</p>\n<form method=\"post\" action=\"/login/code\" novalidate>");
  html_appendf(&r->body, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
               web_safe_next(web_arg(r, "next")));
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "code",
                          .zLabel = "Code",
                          .zHint = "Lost your phone? Enter one of your recovery codes instead.",
                          .zAuto = "one-time-code",
                          .zMode = "text",
                          .zClass = "govuk-input--width-20"});
  html_raw(&r->body, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                     "Continue</button></form>\n<form method=\"post\" action=\"/logout\">");
  web_csrf_input(r);
  html_raw(&r->body, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                     "data-module=\"govuk-button\">Cancel and sign out</button></form>\n");
  column_close(r);
}

static int code_page(Req *r) {
  if (r->stage != STAGE_CODE) {
    web_redirect(r, web_safe_next(web_arg(r, "next")));
    return 0;
  }
  code_form(r);
  return 0;
}

static int code_invalid(Req *r) {
  code_form(r);
  return 0;
}

static int code_post(Req *r) {
  if (r->stage != STAGE_CODE) {
    web_redirect(r, web_safe_next(web_arg(r, "next")));
    return 0;
  }
  int wait = 0;
  AuthRc rc =
      auth_totp_verify(r->db, r->user.id, web_arg(r, "code"), r->zAddr, r->now, &wait, r->limits);
  char zTok[AUTH_TOKEN_MAX];
  if (rc == AUTH_OK &&
      auth_session_promote(r->db, r->sessionId, r->user.id, r->now, r->zAddr, r->zAgent, zTok))
    rc = AUTH_ERROR;
  if (rc == AUTH_ERROR) {
    web_error(r, 500, "The sign-in could not be recorded. Try again in a moment.");
    return 0;
  }
  if (rc == AUTH_OK) {
    web_cookie(r, WEB_COOKIE_SESSION, zTok, -1);
    web_redirect(r, web_safe_next(web_arg(r, "next")));
    return 0;
  }
  snprintf(r->zLogLogin, sizeof r->zLogLogin, "%s", r->user.zLogin);
  if (rc == AUTH_REUSED) {
    /* On standard error, where an alerting tool watches for "auditrack: alert:". */
    fprintf(stderr, "auditrack: alert: a two-factor code was used a second time for login=%s\n",
            r->user.zLogin);
  }
  if (rc == AUTH_THROTTLED) {
    r->status = 429;
    web_field_err(r, "code", "Too many wrong codes. Wait %d minute%s, then try again.",
                  (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
  } else {
    r->status = 422;
    web_field_err(r, "code", "The code is not correct, or has been used already");
  }
  code_form(r);
  return 0;
}

static const Field aForgot[] = {{"who", F_LINE, 1, 200, 0, "your login or e-mail address"}, {0}};
static const Field aSet[] = {
    {"new_password", F_TEXT, 1, LIMIT_PASSWORD, 0, "a new password"},
    {"confirm_password", F_TEXT, 1, LIMIT_PASSWORD, 0, "the new password again"},
    {"username", F_LINE, 0, 120, 0, "login"},
    {0}};
static const Field aNext[] = {{"next", F_LINE, 0, 300, 0, "next"}, {0}};
static const Field aCode[] = {
    {"code", F_LINE, 1, 40, 0, "the code"}, {"next", F_LINE, 0, 300, 0, "next"}, {0}};

const Route page_reset_routes[] = {
    {M_GET, "/password/forgot", CAP_PUBLIC, ACC_NONE, R_LOGIN, 0, forgot_page, 0,
     "ask for a password reset link by e-mail"},
    {M_POST, "/password/forgot", CAP_PUBLIC, ACC_NONE, R_LOGIN, aForgot, forgot_post,
     forgot_invalid, "send a reset link (the same answer whether or not the account exists)"},
    {M_GET, "/password/*", CAP_PUBLIC, ACC_NONE, R_LOGIN, 0, set_page, 0,
     "choose a password through an invitation or reset link"},
    {M_POST, "/password/*", CAP_PUBLIC, ACC_NONE, R_LOGIN | R_SESSION, aSet, set_post, set_invalid,
     "set the password, spending the link and ending every session"},
    {M_GET, "/login/code", CAP_SIGNED_IN, ACC_NONE, R_PENDING, aNext, code_page, 0,
     "the second step of signing in: a code from the authenticator app"},
    {M_POST, "/login/code", CAP_SIGNED_IN, ACC_NONE, R_PENDING | R_SESSION, aCode, code_post,
     code_invalid, "check the code (or a recovery code) and finish signing in"},
    {0}};
