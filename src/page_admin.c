/*
** page_admin.c: the administrator's pages for accounts: the list, adding an
** account, changing one (role, name, e-mail, directorate, owner-as, disabled)
** and setting its password. Every change goes through auth.h, which journals it
** and ends the sessions of an account that loses access. Forms that fail show
** again with the GOV.UK error summary and the values typed, passwords excepted.
** Not for: a user's own account (page_account.c) or API tokens.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "limit.h"
#include "page_render.h"
#include "web.h"

/* A labelled input of this page's width; zValue NULL for a password (never written back). */
static void input(Req *r, const char *zName, const char *zLabel, const char *zType,
                  const char *zAuto, const char *zValue, const char *zHint) {
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = zHint,
                          .zValue = zValue,
                          .zClass = "govuk-!-width-two-thirds",
                          .zType = zType,
                          .zAuto = zAuto,
                          .zList = !strcmp(zName, "directorate") ? "directorates"
                                   : !strcmp(zName, "owner_as")  ? "people"
                                                                 : 0});
}

static void role_select(Req *r, const char *zCurrent) {
  web_select_open(r, &(Control){.zName = "role", .zLabel = "Role"});
  for (int i = 0; i < ROLE__MAX; i++) web_option(r, role_names[i], role_labels[i], zCurrent);
  web_select_close(r);
}

static const char zDirHint[] = "Directors only: they see and update that directorate's "
                               "recommendations";
static const char zOwnerHint[] = "Action owners only: the owner's name as the register writes "
                                 "it";

/* ---- the list and the add form ---- */

static void users_page(Req *r) {
  Buf *b = &r->body;
  User *a = 0;
  int n = 0;
  web_page_begin(r, "Accounts");
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">Accounts</h1>\n");
  html_raw(b, "<p class=\"govuk-body\">E-mail notifications: the <a class=\"govuk-link\" "
              "href=\"/admin/outbox\">outbox</a> (what is waiting, what failed, retry) and "
              "<a class=\"govuk-link\" href=\"/admin/people\">people and their e-mail "
              "addresses</a> (who cannot be e-mailed, stop or resume a person's e-mails).</p>\n");
  if (auth_user_list(r->db, &a, &n)) n = 0;
  static const char *const azCol[] = {"Login", "Name", "Role", "Answers for", "Status", 0};
  web_table_open(r, "m", "Everyone who can sign in", azCol);
  for (int i = 0; i < n; i++) {
    const User *u = &a[i];
    const char *zFor = u->role == ROLE_DIRECTOR ? u->zDirectorate
                       : u->role == ROLE_OWNER  ? u->zOwnerAs
                                                : "";
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                 "<a class=\"govuk-link\" href=\"/admin/users/%lld\">%s<span "
                 "class=\"govuk-visually-hidden\"> (change)</span></a></th>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">",
                 u->id, u->zLogin, u->zName, role_labels[u->role], zFor);
    if (u->disabled)
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Disabled</strong>");
    else
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Active</strong>");
    html_raw(b, "</td></tr>");
  }
  html_raw(b, "</tbody></table></div>\n");
  free(a);

  int posted = r->method == M_POST;
  html_raw(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/invite\">Invite "
              "someone by e-mail</a>: they choose their own password. <a class=\"govuk-link\" "
              "href=\"/admin/two-factor\">Two-factor authentication by role</a>.</p>\n");
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"add\">Add an account</h2>\n"
              "<form method=\"post\" action=\"/admin/users\" novalidate>");
  web_csrf_input(r);
  input(r, "login", "Login", "text", "off", posted ? web_arg_or(r, "login", "") : "",
        "Letters, digits and . _ - @, up to 60");
  input(r, "name", "Full name", "text", "off", posted ? web_arg_or(r, "name", "") : "", 0);
  input(r, "email", "Email address", "email", "off", posted ? web_arg_or(r, "email", "") : "", 0);
  role_select(r, posted ? web_arg(r, "role") : "owner");
  input(r, "directorate", "Directorate", "text", "off",
        posted ? web_arg_or(r, "directorate", "") : "", zDirHint);
  input(r, "owner_as", "Owner as", "text", "off", posted ? web_arg_or(r, "owner_as", "") : "",
        zOwnerHint);
  input(r, "password", "Initial password", "password", "new-password", 0,
        "At least 12 characters. Give it to them in person or by phone, not by email");
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Add "
              "account</button></form>\n");
  if (!page_suggest_names(r)) web_page_end(r);
}

static int users(Req *r) {
  users_page(r);
  return 0;
}

static int users_invalid(Req *r) {
  users_page(r);
  return 0;
}

static void copy(char *zDst, size_t n, const char *zSrc) {
  snprintf(zDst, n, "%s", zSrc ? zSrc : "");
}

static int user_add(Req *r) {
  User u;
  memset(&u, 0, sizeof u);
  copy(u.zLogin, sizeof u.zLogin, web_arg(r, "login"));
  copy(u.zName, sizeof u.zName, web_arg_or(r, "name", ""));
  copy(u.zEmail, sizeof u.zEmail, web_arg_or(r, "email", ""));
  copy(u.zDirectorate, sizeof u.zDirectorate, web_arg_or(r, "directorate", ""));
  copy(u.zOwnerAs, sizeof u.zOwnerAs, web_arg_or(r, "owner_as", ""));
  u.role = (Role)role_from_name(web_arg(r, "role"));
  const char *zPw = web_arg(r, "password");
  Buf err = BUF_INIT;
  if (auth_password_check(zPw, u.zLogin, u.zName, &err)) {
    web_field_err(r, "password", "The password is not acceptable: %s", buf_cstr(&err));
  } else {
    Actor who = web_actor(r);
    int rc = auth_user_add(r->db, &who, &u, zPw, &err);
    if (rc == ACT_OK) {
      buf_free(&err);
      web_donef(r, "/admin/users", "Account %s added", u.zLogin);
      return 0;
    }
    if (rc != ACT_INVALID && rc != ACT_CONFLICT) {
      buf_free(&err);
      web_error(r, 500, "The account could not be added. Try again in a moment.");
      return 0;
    }
    const char *z = buf_cstr(&err);
    const char *zField = strstr(z, "login")      ? "login"
                         : strstr(z, "director") ? "directorate"
                                                 : "password";
    web_field_err_act(r, zField, z);
  }
  buf_free(&err);
  r->status = 422;
  users_page(r);
  return 0;
}

/* ---- one account ---- */

static void user_page(Req *r, const User *u) {
  Buf *b = &r->body;
  char zTitle[96];
  /* The change form keeps what was typed after an error; the password form never does. */
  int posted = r->method == M_POST && r->route && r->route->methods == M_POST &&
               !strstr(r->route->zPattern, "/password");
  snprintf(zTitle, sizeof zTitle, "Account %s", u->zLogin);
  web_page_begin(r, zTitle);
  html_raw(b, "<a href=\"/admin/users\" class=\"govuk-back-link\">All accounts</a>\n");
  web_error_summary(r);
  html_appendf(b, "<h1 class=\"govuk-heading-l\">Account %s</h1>\n", u->zLogin);
  if (u->disabled) {
    html_raw(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--grey\">Disabled"
                "</strong> This account cannot sign in and its API tokens do not work.</p>\n");
  }
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\">Change the account</h2>\n"
               "<form method=\"post\" action=\"/admin/users/%lld\" novalidate>",
               u->id);
  web_csrf_input(r);
  input(r, "name", "Full name", "text", "off", posted ? web_arg_or(r, "name", "") : u->zName, 0);
  input(r, "email", "Email address", "email", "off",
        posted ? web_arg_or(r, "email", "") : u->zEmail, 0);
  role_select(r, posted ? web_arg(r, "role") : role_names[u->role]);
  input(r, "directorate", "Directorate", "text", "off",
        posted ? web_arg_or(r, "directorate", "") : u->zDirectorate, zDirHint);
  input(r, "owner_as", "Owner as", "text", "off",
        posted ? web_arg_or(r, "owner_as", "") : u->zOwnerAs, zOwnerHint);
  web_checkbox(r,
               &(Control){.zName = "disabled",
                          .zLegend = "Access",
                          .zLabel = "Disabled: cannot sign in; its sessions end at once",
                          .zClass = "govuk-checkboxes--small"},
               posted ? web_arg_bool(r, "disabled") : u->disabled);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save "
              "changes</button></form>\n");

  html_appendf(b,
               "<h2 class=\"govuk-heading-m\">Set a new password</h2>\n<p class=\"govuk-body\">"
               "Every session of the account ends.</p>\n<form method=\"post\" "
               "action=\"/admin/users/%lld/password\" novalidate>",
               u->id);
  web_csrf_input(r);
  input(r, "password", "New password", "password", "new-password", 0, "At least 12 characters");
  input(r, "confirm_password", "New password again", "password", "new-password", 0, 0);
  html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
              "data-module=\"govuk-button\">Set password</button></form>\n");
  page_invite_user_sections(r, u);
  if (!page_suggest_names(r)) web_page_end(r);
}

/* The account of the route's id, or a 404 (a 500 when the accounts cannot be
** read) answered (returns 1). */
static int user_of(Req *r, User *u) {
  int rc = auth_user_get(r->db, r->aId[0], 0, u);
  if (rc < 0) {
    web_error(r, 500, "The account could not be read. Try again in a moment.");
    return 1;
  }
  if (rc) {
    web_error(r, 404, "There is no such account.");
    return 1;
  }
  return 0;
}

static int user_show(Req *r) {
  User u;
  if (!user_of(r, &u)) user_page(r, &u);
  return 0;
}

static int user_invalid(Req *r) {
  User u;
  if (user_of(r, &u)) return 0;
  user_page(r, &u);
  r->status = 422;
  return 0;
}

/* After a change to account u (rc an ActRc): on ACT_OK on to its page with the
** notice zDone formatted; refused (ACT_INVALID, the errors in r) its form again,
** 422; otherwise a 500 saying zFail. */
static int user_answer(Req *r, const User *u, int rc, const char *zFail, const char *zDone, ...)
    AT_PRINTF(5, 6);
static int user_answer(Req *r, const User *u, int rc, const char *zFail, const char *zDone, ...) {
  if (rc == ACT_OK) {
    char zUrl[64], zMsg[160];
    snprintf(zUrl, sizeof zUrl, "/admin/users/%lld", u->id);
    va_list ap;
    va_start(ap, zDone);
    vsnprintf(zMsg, sizeof zMsg, zDone, ap);
    va_end(ap);
    web_done(r, zUrl, zMsg);
  } else if (rc == ACT_INVALID) {
    user_page(r, u);
    r->status = 422;
  } else {
    char zMsg[120];
    snprintf(zMsg, sizeof zMsg, "%s Try again in a moment.", zFail);
    web_error(r, 500, zMsg);
  }
  return 0;
}

static int user_post(Req *r) {
  User u;
  if (user_of(r, &u)) return 0;
  const char *zName = web_arg_or(r, "name", ""), *zEmail = web_arg_or(r, "email", "");
  const char *zDir = web_arg_or(r, "directorate", ""), *zOwner = web_arg_or(r, "owner_as", "");
  const char *zRole = web_arg(r, "role");
  int dis = web_arg_bool(r, "disabled");
  int role = role_from_name(zRole);
  /* Check everything first: the changes are one journal entry each, so a change
  ** half-made by a later refusal is avoided here rather than undone. */
  if (!zName[0]) web_field_err(r, "name", "Enter a name");
  if (role == ROLE_DIRECTOR && !zDir[0]) {
    web_field_err(r, "directorate", "Enter the directorate a director answers for");
  }
  if (role == ROLE_OWNER && !zOwner[0]) {
    web_field_err(r, "owner_as", "Enter the owner's name as the register writes it");
  }
  if (u.id == r->user.id && role != ROLE_ADMIN) {
    web_field_err(r, "role",
                  "You cannot remove your own administrator role: ask another "
                  "administrator");
  }
  if (u.id == r->user.id && dis)
    web_field_err(r, "disabled", "You cannot disable your own account");
  int rc = ACT_INVALID;
  if (!r->nErr) {
    struct {
      const char *zField, *zOld, *zNew;
    } aChange[] = {{"name", u.zName, zName},
                   {"email", u.zEmail, zEmail},
                   {"role", role_names[u.role], zRole},
                   {"directorate", u.zDirectorate, zDir},
                   {"owner-as", u.zOwnerAs, zOwner},
                   {"role", role_names[u.role], zRole},
                   {"disabled", u.disabled ? "1" : "0", dis ? "1" : "0"}};
    /* A director's directorate is set before the role and cleared after it, as
    ** auth_user_set refuses a director without one. */
    aChange[role == ROLE_DIRECTOR ? 2 : 5].zField = 0;
    Actor who = web_actor(r);
    Buf err = BUF_INIT;
    rc = ACT_OK;
    for (size_t i = 0; i < sizeof aChange / sizeof aChange[0] && rc == ACT_OK; i++) {
      if (!aChange[i].zField || !strcmp(aChange[i].zOld, aChange[i].zNew)) continue;
      rc = auth_user_set(r->db, &who, u.id, aChange[i].zField, aChange[i].zNew, &err);
      if (rc == ACT_INVALID) {
        const char *zField = aChange[i].zField;
        web_field_err_act(r, !strcmp(zField, "owner-as") ? "owner_as" : zField, buf_cstr(&err));
      }
    }
    buf_free(&err);
  }
  return user_answer(r, &u, rc, "The account could not be changed.", "Account %s saved", u.zLogin);
}

static int user_password(Req *r) {
  User u;
  if (user_of(r, &u)) return 0;
  const char *zPw = web_arg(r, "password");
  int rc = ACT_INVALID;
  if (strcmp(zPw, web_arg(r, "confirm_password"))) {
    web_field_err(r, "confirm_password", "Enter the same new password twice");
  } else {
    Actor who = web_actor(r);
    Buf err = BUF_INIT;
    rc = auth_user_password(r->db, &who, u.id, zPw, &err);
    if (rc == ACT_INVALID) {
      web_field_err(r, "password", "The password is not acceptable: %s", buf_cstr(&err));
    }
    buf_free(&err);
  }
  return user_answer(r, &u, rc, "The password could not be set.",
                     "New password set for %s; their sessions have ended", u.zLogin);
}

static const Field aAdd[] = {{"login", F_LINE, 1, 60, 0, "a login"},
                             {"name", F_LINE, 0, 120, 0, "Full name"},
                             {"email", F_LINE, 0, 120, 0, "Email address"},
                             {"role", F_ENUM, 1, 0, role_names, "a role"},
                             {"directorate", F_LINE, 0, 120, 0, "Directorate"},
                             {"owner_as", F_LINE, 0, 120, 0, "Owner as"},
                             {"password", F_TEXT, 1, LIMIT_PASSWORD, 0, "an initial password"},
                             {0}};

static const Field aChange[] = {{"name", F_LINE, 1, 120, 0, "a name"},
                                {"email", F_LINE, 0, 120, 0, "Email address"},
                                {"role", F_ENUM, 1, 0, role_names, "a role"},
                                {"directorate", F_LINE, 0, 120, 0, "Directorate"},
                                {"owner_as", F_LINE, 0, 120, 0, "Owner as"},
                                {"disabled", F_BOOL, 0, 0, 0, "Disabled"},
                                {0}};

static const Field aPassword[] = {
    {"password", F_TEXT, 1, LIMIT_PASSWORD, 0, "a new password"},
    {"confirm_password", F_TEXT, 1, LIMIT_PASSWORD, 0, "the new password again"},
    {0}};

const Route page_admin_routes[] = {
    {M_GET, "/admin/users", CAP_ADMIN, ACC_NONE, 0, 0, users, 0,
     "accounts: the list and the add form"},
    {M_POST, "/admin/users", CAP_ADMIN, ACC_NONE, 0, aAdd, user_add, users_invalid,
     "add an account"},
    {M_GET, "/admin/users/#", CAP_ADMIN, ACC_NONE, 0, 0, user_show, 0,
     "one account: change it, set its password"},
    {M_POST, "/admin/users/#", CAP_ADMIN, ACC_NONE, 0, aChange, user_post, user_invalid,
     "change an account's role, name, email, directorate, owner-as or disabled"},
    {M_POST, "/admin/users/#/password", CAP_ADMIN, ACC_NONE, 0, aPassword, user_password,
     user_invalid, "set an account's password (ends its sessions)"},
    {0}};
