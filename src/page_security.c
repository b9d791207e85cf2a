/*
** page_security.c: a user's own sign-in security: setting up two-factor
** authentication (the secret as text and as an otpauth:// link, confirmed by a
** code; ten recovery codes shown once), and the account's sessions (browser,
** address, last use), each of which can be ended. A role that must use two
** factors is sent here after its password and can do nothing else until done.
** Not for: the second step of signing in (page_reset.c) or the rest of the
** account page (page_account.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "auth_account.h"
#include "html.h"
#include "qr.h"
#include "web.h"

static void next_input(Req *r) {
  html_appendf(&r->body, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
               web_safe_next(web_arg(r, "next")));
}

/* ---- two-factor ---- */

static void pending_section(Req *r, const char *zSecret, const char *zUri) {
  Buf *b = &r->body;
  /* In groups of four, as apps accept it typed: easier to read, and it wraps on a phone. */
  char zGrouped[80];
  size_t j = 0;
  for (size_t i = 0; zSecret[i] && j + 2 < sizeof zGrouped; i++) {
    if (i && i % 4 == 0) zGrouped[j++] = ' ';
    zGrouped[j++] = zSecret[i];
  }
  zGrouped[j] = 0;
  html_raw(b, "<h2 class=\"govuk-heading-m\">1. Add auditrack to your authenticator app</h2>\n"
              "<p class=\"govuk-body\">In your app (Microsoft Authenticator, Google "
              "Authenticator, or any that supports TOTP), add an account and scan this "
              "code:</p>\n<p class=\"govuk-body\" id=\"totp-qr\">");
  /* The link as a QR code; a link too long for one (it never is) leaves the key. */
  (void)qr_svg(b, zUri, "QR code of the two-factor key, for an authenticator app");
  html_appendf(b,
               "</p>\n<p class=\"govuk-body\">Or enter this key:</p>\n<p class=\"govuk-body\">"
               "<code class=\"at-secret\" id=\"totp-secret\">%s</code></p>\n"
               "<p class=\"govuk-body\">Time-based, 6 digits, every 30 seconds. On a phone you "
               "can instead <a class=\"govuk-link\" id=\"totp-uri\" href=\"%s\">open this "
               "link in your app</a>.</p>\n"
               "<h2 class=\"govuk-heading-m\">2. Enter the code it shows</h2>\n"
               "<form method=\"post\" action=\"/account/2fa/confirm\" novalidate>",
               zGrouped, zUri);
  next_input(r);
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "code",
                          .zLabel = "Code from the app",
                          .zAuto = "one-time-code",
                          .zMode = "numeric",
                          .zClass = "govuk-input--width-10"});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
              "Turn on two-factor authentication</button></form>\n");
}

static void twofa_page(Req *r) {
  Buf *b = &r->body;
  char zSecret[64];
  Buf uri = BUF_INIT;
  int on = auth_totp_on(r->db, r->user.id);
  int pending = on ? 0 : auth_totp_pending(r->db, &r->user, zSecret, &uri);
  if (on < 0 || pending < 0) {
    buf_free(&uri);
    web_error(r, 500, "Your two-factor settings could not be read. Try again in a moment.");
    return;
  }
  web_page_begin(r, "Two-factor authentication");
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Two-factor authentication</h1>\n");
  if (r->stage == STAGE_ENROL)
    html_raw(b, "<div class=\"govuk-inset-text\">Your role must sign in with a code from an "
                "authenticator app as well as a password. Set it up to continue.</div>\n");
  if (on) {
    html_appendf(b,
                 "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--green\">On</strong>"
                 " Signing in asks for a code from your authenticator app after your "
                 "password.</p>\n<p class=\"govuk-body\">You have %d unused recovery codes. If "
                 "you lose your phone and your codes, ask your administrator to reset your "
                 "two-factor authentication.</p>\n",
                 auth_recovery_left(r->db, r->user.id));
  } else if (pending) {
    pending_section(r, zSecret, buf_cstr(&uri));
  } else {
    html_raw(b, "<p class=\"govuk-body\">With two-factor authentication, signing in needs a "
                "6-digit code from an app on your phone as well as your password, so a "
                "password that leaks is not enough to get in.</p>\n"
                "<form method=\"post\" action=\"/account/2fa/start\">");
    next_input(r);
    web_csrf_input(r);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Set up two-factor authentication</button></form>\n");
  }
  if (r->stage == STAGE_ENROL) {
    html_raw(b, "<form method=\"post\" action=\"/logout\">");
    web_csrf_input(r);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Sign out</button></form>\n");
  } else {
    html_raw(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/account\">Back to your "
                "account</a></p>\n");
  }
  html_raw(b, "</div></div>\n");
  web_page_end(r);
  buf_free(&uri);
}

/* A session waiting for its code has two-factor on already: the code page, not this. */
static int code_first(Req *r) {
  if (r->stage != STAGE_CODE) return 0;
  Buf u = BUF_INIT;
  web_url_next(&u, "/login/code", web_safe_next(web_arg(r, "next")));
  web_redirect(r, buf_cstr(&u));
  buf_free(&u);
  return 1;
}

static int twofa(Req *r) {
  if (!code_first(r)) twofa_page(r);
  return 0;
}

static int twofa_start(Req *r) {
  char zSecret[64];
  if (code_first(r)) return 0;
  Buf uri = BUF_INIT, err = BUF_INIT;
  int on = auth_totp_on(r->db, r->user.id);
  int rc = on ? ACT_CONFLICT : auth_totp_begin(r->db, &r->user, zSecret, &uri, &err);
  buf_free(&uri);
  buf_free(&err);
  if (rc == ACT_CONFLICT) {
    web_done(r, "/account/2fa", "Two-factor authentication is on already");
  } else if (rc) {
    web_error(r, 500, "Two-factor authentication could not be set up. Try again in a moment.");
  } else {
    Buf u = BUF_INIT;
    web_url_next(&u, "/account/2fa", web_safe_next(web_arg(r, "next")));
    web_redirect(r, buf_cstr(&u));
    buf_free(&u);
  }
  return 0;
}

static void codes_page(Req *r, char azCode[10][24]) {
  Buf *b = &r->body;
  web_page_begin(r, "Your recovery codes");
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
              "<div class=\"govuk-panel govuk-panel--confirmation\"><h1 "
              "class=\"govuk-panel__title\">Two-factor authentication is on</h1></div>\n"
              "<h2 class=\"govuk-heading-m\">Your recovery codes</h2>\n<p class=\"govuk-body\">"
              "If you cannot use your phone, sign in with one of these instead of a code. Each "
              "works once. Keep them somewhere safe, such as a password manager: they will not "
              "be shown again.</p>\n<ul class=\"govuk-list at-codes\" id=\"recovery-codes\">");
  for (int i = 0; i < 10; i++) html_appendf(b, "<li><code>%s</code></li>", azCode[i]);
  html_appendf(b,
               "</ul>\n<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"%s\">"
               "Continue</a>\n</div></div>\n",
               web_arg(r, "next") ? web_safe_next(web_arg(r, "next")) : "/account");
  web_page_end(r);
}

static int twofa_confirm(Req *r) {
  char azCode[10][24];
  if (code_first(r)) return 0;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = auth_totp_confirm(r->db, &who, r->user.id, web_arg(r, "code"),
                             auth_clock(r->limits, r->now), azCode, &err);
  if (rc == ACT_INVALID) {
    web_field_err_act(r, "code", buf_cstr(&err));
    buf_free(&err);
    r->status = 422;
    twofa_page(r);
    return 0;
  }
  buf_free(&err);
  if (rc == ACT_CONFLICT) {
    web_done(r, "/account/2fa", "Two-factor authentication is on already");
    return 0;
  }
  char zTok[AUTH_TOKEN_MAX];
  if (rc || (r->stage && auth_session_promote(r->db, r->sessionId, r->user.id, r->now, r->zAddr,
                                              r->zAgent, zTok))) {
    web_error(r, 500, "Two-factor authentication could not be turned on. Try again.");
    return 0;
  }
  /* Enrolment was the second step: the session is now fully signed in, under a new token. */
  if (r->stage) web_cookie(r, WEB_COOKIE_SESSION, zTok, -1);
  r->stage = 0;
  codes_page(r, azCode);
  sodium_memzero(azCode, sizeof azCode);
  return 0;
}

/* ---- sessions ---- */

void page_security_sections(Req *r) {
  Buf *b = &r->body;
  int on = auth_totp_on(r->db, r->user.id);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\">Two-factor authentication</h2>\n<p "
               "class=\"govuk-body\">%s <a class=\"govuk-link\" href=\"/account/2fa\">%s</a></p>\n",
               on > 0 ? "On: signing in asks for a code from your authenticator app."
                      : "Off: signing in asks for your password only.",
               on > 0 ? "Two-factor authentication" : "Set up two-factor authentication");
  SessionRow *a = 0;
  int n = 0;
  if (auth_session_list(r->db, r->user.id, &a, &n)) n = 0;
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"sessions\">Where you are signed in</h2>\n");
  static const char *const azCol[] = {"Browser", "Address", "Signed in", "Last used", "-Action", 0};
  web_table_open(r, "s", "Your sessions", azCol);
  for (int i = 0; i < n; i++) {
    char zDev[80], zIn[40], zSeen[40];
    auth_agent_summary(a[i].zAgent, zDev, sizeof zDev);
    web_unix_stamp(a[i].createdAt, zIn, sizeof zIn);
    web_unix_stamp(a[i].seenAt, zSeen, sizeof zSeen);
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                 "%s</th><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
                 "%s</td><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
                 zDev, a[i].zAddr, zIn, zSeen);
    if (a[i].id == r->sessionId) {
      html_raw(b, "<strong class=\"govuk-tag\">This browser</strong></td></tr>");
      continue;
    }
    html_appendf(b,
                 "<form method=\"post\" action=\"/account/sessions/%lld/end\" "
                 "class=\"at-inline\">",
                 a[i].id);
    web_csrf_input(r);
    html_appendf(b,
                 "<button class=\"govuk-button govuk-button--warning govuk-!-margin-bottom-0\" "
                 "data-module=\"govuk-button\">Sign out<span class=\"govuk-visually-hidden\"> "
                 "%s, last used %s</span></button></form></td></tr>",
                 zDev, zSeen);
  }
  html_raw(b, "</tbody></table></div>\n");
  if (n > 1) {
    html_raw(b, "<form method=\"post\" action=\"/account/sessions/end-others\">");
    web_csrf_input(r);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Sign out everywhere else</button></form>\n");
  }
  free(a);
}

static int session_end(Req *r) {
  int n = 0;
  if (auth_session_end(r->db, r->user.id, r->aId[0], &n)) {
    web_error(r, 500, "The session could not be ended. Try again in a moment.");
  } else if (!n) {
    web_error(r, 404, "You have no session with that number.");
  } else if (r->aId[0] == r->sessionId) {
    web_signed_out(r, "You have signed out");
  } else {
    web_done(r, "/account#sessions", "That session has been signed out");
  }
  return 0;
}

static int session_end_others(Req *r) {
  if (auth_session_end_others(r->db, r->user.id, r->sessionId))
    web_error(r, 500, "The sessions could not be ended. Try again in a moment.");
  else
    web_done(r, "/account#sessions", "Every other session has been signed out");
  return 0;
}

static const Field aNext[] = {{"next", F_LINE, 0, 300, 0, "next"}, {0}};
static const Field aConfirm[] = {
    {"code", F_LINE, 1, 20, 0, "the code from your app"}, {"next", F_LINE, 0, 300, 0, "next"}, {0}};

const Route page_security_routes[] = {
    {M_GET, "/account/2fa", CAP_SIGNED_IN, ACC_NONE, R_PENDING, aNext, twofa, 0,
     "two-factor authentication: its state, or setting it up"},
    {M_POST, "/account/2fa/start", CAP_SIGNED_IN, ACC_NONE, R_PENDING, aNext, twofa_start, 0,
     "begin setting up two-factor authentication: a new secret"},
    {M_POST, "/account/2fa/confirm", CAP_SIGNED_IN, ACC_NONE, R_PENDING, aConfirm, twofa_confirm,
     twofa, "confirm it with a code: shows the recovery codes once"},
    {M_POST, "/account/sessions/#/end", CAP_SIGNED_IN, ACC_NONE, R_SESSION, 0, session_end, 0,
     "end one of your sessions"},
    {M_POST, "/account/sessions/end-others", CAP_SIGNED_IN, ACC_NONE, R_SESSION, 0,
     session_end_others, 0, "end every session of yours but this one"},
    {0}};
