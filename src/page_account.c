/*
** page_account.c: a signed-in user's own account: their details, changing
** their password, their API tokens (created here, shown once, revoked here),
** and signing out everywhere. Every form posts back and either redirects with
** a notice or shows the page again with the GOV.UK error summary; passwords are
** never written back into a page. Not for: other people's accounts
** (page_admin.c) or the API the tokens open (api.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_account.h"
#include "html.h"
#include "limit.h"
#include "web.h"

static const char zWidth[] = "govuk-!-width-one-half"; /* of every input here */

/* The user's API tokens, each with a form to revoke it, and the form for a new
** one (its name kept when the page is shown again after a refusal). */
static void tokens_section(Req *r, const char *zNewToken) {
  Buf *b = &r->body;
  html_raw(b, "<h2 class=\"govuk-heading-m\">API tokens</h2>\n<p class=\"govuk-body\">A token lets "
              "a script use the API (<code>/api/v1</code>) as you, with your role's access. "
              "Revoke a token you no longer use.</p>\n");
  ApiToken *a = 0;
  int n = 0;
  if (auth_token_list(r->db, r->user.id, &a, &n)) n = 0;
  if (n) {
    static const char *const azCol[] = {"Name", "Created", "Last used", "Status", "-Action", 0};
    web_table_open(r, "s", "Your API tokens", azCol);
    for (int i = 0; i < n; i++) {
      const ApiToken *t = &a[i];
      char zMade[64], zUsed[64], zGone[64];
      html_appendf(b,
                   "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                   "%s</th><td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">"
                   "%s</td><td class=\"govuk-table__cell\">",
                   t->zName, web_stamp(t->zCreated, zMade, sizeof zMade),
                   t->zLastUsed[0] ? web_stamp(t->zLastUsed, zUsed, sizeof zUsed) : "Never");
      if (t->zRevoked[0]) {
        html_appendf(b,
                     "<strong class=\"govuk-tag govuk-tag--grey\">Revoked</strong> %s</td>"
                     "<td class=\"govuk-table__cell\"></td></tr>",
                     web_stamp(t->zRevoked, zGone, sizeof zGone));
      } else {
        html_appendf(b,
                     "<strong class=\"govuk-tag govuk-tag--green\">Active</strong></td>"
                     "<td class=\"govuk-table__cell\"><form method=\"post\" "
                     "action=\"/account/tokens/%lld/revoke\" class=\"at-inline\">",
                     t->id);
        web_csrf_input(r);
        html_appendf(b,
                     "<button class=\"govuk-button govuk-button--warning govuk-!-margin-bottom-0\" "
                     "data-module=\"govuk-button\">Revoke<span class=\"govuk-visually-hidden\"> "
                     "token %s</span></button></form></td></tr>",
                     t->zName);
      }
    }
    html_raw(b, "</tbody></table></div>\n");
  } else {
    html_raw(b, "<p class=\"govuk-body\">You have no API tokens.</p>\n");
  }
  free(a);
  html_raw(b, "<form method=\"post\" action=\"/account/tokens\" novalidate>");
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "token_name",
                          .zLabel = "Name of a new token",
                          .zHint = "What will use it, for example 'monthly extract to the risk "
                                   "register'",
                          .zValue = zNewToken ? "" : web_arg_or(r, "token_name", ""),
                          .zAuto = "off",
                          .zClass = zWidth});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
              "data-module=\"govuk-button\">Create token</button></form>\n");
}

static void account_page(Req *r, const char *zNewToken, const char *zNewName) {
  const User *u = &r->user;
  Buf *b = &r->body;
  web_page_begin(r, "Your account");
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Your account</h1>\n<dl class=\"govuk-summary-list\">");
  html_appendf(b,
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Login"
               "</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Name"
               "</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Email"
               "</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>"
               "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Role"
               "</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>",
               u->zLogin, u->zName, u->zEmail[0] ? u->zEmail : "Not given", role_labels[u->role]);
  if (u->role == ROLE_DIRECTOR) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Directorate</dt><dd class=\"govuk-summary-list__value\">%s</dd></div>",
                 u->zDirectorate);
  }
  if (u->role == ROLE_OWNER) {
    html_appendf(b,
                 "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                 "Answers for actions owned by</dt><dd class=\"govuk-summary-list__value\">%s</dd>"
                 "</div>",
                 u->zOwnerAs);
  }
  html_raw(b,
           "</dl>\n<p class=\"govuk-body\">To change these details, ask your administrator.</p>\n");

  /* The new token, once: it is stored only as a hash. */
  if (zNewToken) {
    html_appendf(b,
                 "<div class=\"govuk-panel govuk-panel--confirmation\" id=\"new-token\">"
                 "<h2 class=\"govuk-panel__title\">API token created</h2><div "
                 "class=\"govuk-panel__body\">%s</div></div>\n"
                 "<p class=\"govuk-body\">Copy the token now: it will not be shown again. Send it "
                 "as <code>Authorization: Bearer TOKEN</code>.</p>\n"
                 "<p class=\"govuk-body\"><label class=\"govuk-label\" for=\"token-value\">Your "
                 "token</label><input class=\"govuk-input\" id=\"token-value\" readonly "
                 "spellcheck=\"false\" value=\"%s\"></p>\n",
                 zNewName, zNewToken);
  }

  html_raw(b, "<h2 class=\"govuk-heading-m\">Change your password</h2>\n"
              "<form method=\"post\" action=\"/account/password\" novalidate>");
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "current_password",
                          .zLabel = "Current password",
                          .zType = "password",
                          .zAuto = "current-password",
                          .zClass = zWidth});
  web_input(r, &(Control){.zName = "new_password",
                          .zLabel = "New password",
                          .zHint = "At least 12 characters. A few unrelated words are easy to "
                                   "remember and hard to guess.",
                          .zType = "password",
                          .zAuto = "new-password",
                          .zClass = zWidth});
  web_input(r, &(Control){.zName = "confirm_password",
                          .zLabel = "New password again",
                          .zType = "password",
                          .zAuto = "new-password",
                          .zClass = zWidth});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Change "
              "password</button></form>\n"
              "<p class=\"govuk-body\">Changing your password signs you out everywhere, this "
              "browser included.</p>\n");

  page_security_sections(r);
  tokens_section(r, zNewToken);

  html_raw(b,
           "<h2 class=\"govuk-heading-m\">Sign out everywhere</h2>\n<p class=\"govuk-body\">Ends "
           "every session of your account: on other computers and phones, and this one. API "
           "tokens are not affected.</p>\n<form method=\"post\" "
           "action=\"/account/logout-everywhere\">");
  web_csrf_input(r);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
              "data-module=\"govuk-button\">Sign out everywhere</button></form>\n</div></div>\n");
  web_page_end(r);
}

static int account(Req *r) {
  account_page(r, 0, 0);
  return 0;
}

static int account_invalid(Req *r) {
  account_page(r, 0, 0);
  return 0;
}

/* The action's sentence as a field error: "a password needs..." -> "Your new password needs...". */
static void reason_err(Req *r, const char *zField, const char *zWhat, Buf *err) {
  const char *z = buf_cstr(err);
  if (!strncmp(z, "a password ", 11) && strncmp(z, "a password of ", 14))
    web_field_err(r, zField, "%s %s", zWhat, z + 11);
  else
    web_field_err_act(r, zField, z);
}

static int password_post(Req *r) {
  const char *zNew = web_arg(r, "new_password"), *zConfirm = web_arg(r, "confirm_password");
  int wait = 0;
  AuthRc ok = auth_password_verify(r->db, r->user.id, web_arg(r, "current_password"), r->zAddr,
                                   r->now, &wait, r->limits);
  if (ok == AUTH_ERROR) {
    web_error(r, 500, "The password could not be checked. Try again in a moment.");
    return 0;
  }
  if (ok == AUTH_THROTTLED) {
    web_field_err(r, "current_password",
                  "Too many wrong passwords. Wait %d minute%s, then try again.", (wait + 59) / 60,
                  (wait + 59) / 60 == 1 ? "" : "s");
  } else if (ok != AUTH_OK) {
    web_field_err(r, "current_password", "Your current password is not correct");
  } else if (strcmp(zNew, zConfirm)) {
    web_field_err(r, "confirm_password", "Enter the same new password twice");
  } else {
    Actor who = web_actor(r);
    Buf err = BUF_INIT;
    int rc = auth_user_password(r->db, &who, r->user.id, zNew, &err);
    if (rc == ACT_INVALID) reason_err(r, "new_password", "Your new password", &err);
    buf_free(&err);
    if (rc && rc != ACT_INVALID) {
      web_error(r, 500, "The password could not be changed. Try again in a moment.");
      return 0;
    }
    if (!rc) {
      /* The owner hears of it, in case it was not them (a failure to queue is not the change's). */
      if (auth_notice_send(r->db, &r->user, "Your password was changed", r->now))
        db_error_clear(r->db);
      /* Every session has ended, this one too: sign in again with the new password. */
      web_signed_out(r, "Your password has been changed. Sign in with your new password.");
      return 0;
    }
  }
  r->status = ok == AUTH_THROTTLED ? 429 : 422;
  account_page(r, 0, 0);
  return 0;
}

static int token_post(Req *r) {
  char zTok[AUTH_TOKEN_MAX];
  long long id = 0;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  const char *zName = web_arg(r, "token_name");
  int rc = auth_token_create(r->db, &who, r->user.id, zName, zTok, &id, &err);
  if (rc == ACT_INVALID) {
    reason_err(r, "token_name", "", &err);
    r->status = 422;
    account_page(r, 0, 0);
  } else if (rc) {
    web_error(r, 500, "The token could not be created. Try again in a moment.");
  } else {
    /* Shown on this response only, never through a redirect or a cookie. */
    account_page(r, zTok, zName);
    r->status = 201;
  }
  buf_free(&err);
  return 0;
}

static int token_revoke(Req *r) {
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = auth_token_revoke(r->db, &who, r->user.id, r->aId[0], &err);
  buf_free(&err);
  if (rc == ACT_NOT_FOUND)
    web_error(r, 404, "You have no live token with that number.");
  else if (rc)
    web_error(r, 500, "The token could not be revoked. Try again in a moment.");
  else
    web_done(r, "/account", "The API token has been revoked");
  return 0;
}

static int logout_everywhere(Req *r) {
  if (auth_logout_all(r->db, r->user.id)) {
    web_error(r, 500, "The sessions could not be ended. Try again in a moment.");
    return 0;
  }
  web_signed_out(r, "You have been signed out everywhere");
  return 0;
}

static const Field aPassword[] = {
    {"current_password", F_TEXT, 1, LIMIT_PASSWORD, 0, "your current password"},
    {"new_password", F_TEXT, 1, LIMIT_PASSWORD, 0, "a new password"},
    {"confirm_password", F_TEXT, 1, LIMIT_PASSWORD, 0, "the new password again"},
    {0}};

static const Field aToken[] = {{"token_name", F_LINE, 1, 120, 0, "a name for the token"}, {0}};

const Route page_account_routes[] = {
    {M_GET, "/account", CAP_SIGNED_IN, ACC_NONE, 0, 0, account, 0,
     "your account: details, password, API tokens"},
    {M_POST, "/account/password", CAP_SIGNED_IN, ACC_NONE, 0, aPassword, password_post,
     account_invalid, "change your password (ends every session)"},
    {M_POST, "/account/tokens", CAP_SIGNED_IN, ACC_NONE, 0, aToken, token_post, account_invalid,
     "create an API token, shown once"},
    {M_POST, "/account/tokens/#/revoke", CAP_SIGNED_IN, ACC_NONE, 0, 0, token_revoke, 0,
     "revoke an API token"},
    {M_POST, "/account/logout-everywhere", CAP_SIGNED_IN, ACC_NONE, R_SESSION, 0, logout_everywhere,
     0, "end every session of your account"},
    {0}};
