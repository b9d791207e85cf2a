/*
** page_invite.c: the administrator's side of local accounts: inviting someone
** by e-mail (the account exists at once but cannot sign in until its password is
** chosen through the link), inviting again (the older link stops working), and
** resetting an account's two-factor authentication when its phone is lost.
** Not for: the account list and changes (page_admin.c) or what an invitation
** is (auth_link.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_account.h"
#include "html.h"
#include "page_render.h"
#include "web.h"

static void input(Req *r, const char *zName, const char *zLabel, const char *zType,
                  const char *zHint) {
  /* The directorate and the owner's name suggested from the register (page_suggest_names). */
  const char *zList = !strcmp(zName, "directorate") ? "directorates"
                      : !strcmp(zName, "owner_as")  ? "people"
                                                    : 0;
  web_input(r, &(Control){.zName = zName,
                          .zLabel = zLabel,
                          .zHint = zHint,
                          .zValue = web_arg_or(r, zName, ""),
                          .zClass = "govuk-!-width-two-thirds",
                          .zType = zType,
                          .zAuto = "off",
                          .zList = zList});
}

static void invite_page(Req *r) {
  Buf *b = &r->body;
  AccountSettings cfg;
  if (account_settings_load(r->db, &cfg)) cfg.inviteDays = 7;
  web_page_begin(r, "Invite someone");
  html_raw(b, "<a href=\"/admin/users\" class=\"govuk-back-link\">All accounts</a>\n"
              "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_appendf(b,
               "<h1 class=\"govuk-heading-l\">Invite someone</h1>\n<p class=\"govuk-body\">"
               "They get an e-mail with a link to choose their password. The link works once, "
               "for %d days; until it is used the account cannot sign in.</p>\n"
               "<form method=\"post\" action=\"/admin/invite\" novalidate>",
               cfg.inviteDays);
  web_csrf_input(r);
  input(r, "login", "Login", "text", "Letters, digits and . _ - @, up to 60");
  input(r, "name", "Full name", "text", 0);
  input(r, "email", "Email address", "email", "The invitation is sent here");
  web_select_open(r, &(Control){.zName = "role", .zLabel = "Role"});
  const char *zRole = web_arg_or(r, "role", "owner");
  for (int i = 0; i < ROLE__MAX; i++) web_option(r, role_names[i], role_labels[i], zRole);
  web_select_close(r);
  input(r, "directorate", "Directorate", "text",
        "Directors only: they see and update that directorate's recommendations");
  input(r, "owner_as", "Owner as", "text",
        "Action owners only: the owner's name as the register writes it");
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Send "
              "invitation</button></form>\n</div></div>\n");
  if (!page_suggest_names(r)) web_page_end(r);
}

static int invite_show(Req *r) {
  invite_page(r);
  return 0;
}

static void copy(char *zDst, size_t n, const char *zSrc) {
  snprintf(zDst, n, "%s", zSrc ? zSrc : "");
}

static int invite_post(Req *r) {
  User u;
  memset(&u, 0, sizeof u);
  copy(u.zLogin, sizeof u.zLogin, web_arg(r, "login"));
  copy(u.zName, sizeof u.zName, web_arg_or(r, "name", ""));
  copy(u.zEmail, sizeof u.zEmail, web_arg(r, "email"));
  copy(u.zDirectorate, sizeof u.zDirectorate, web_arg_or(r, "directorate", ""));
  copy(u.zOwnerAs, sizeof u.zOwnerAs, web_arg_or(r, "owner_as", ""));
  u.role = (Role)role_from_name(web_arg(r, "role"));
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = auth_invite(r->db, &who, &u, auth_clock(r->limits, r->now), &err);
  if (rc == ACT_OK) {
    buf_free(&err);
    web_donef(r, "/admin/users", "Invitation sent to %s", u.zEmail);
    return 0;
  }
  if (rc != ACT_INVALID && rc != ACT_CONFLICT) {
    buf_free(&err);
    web_error(r, 500, "The invitation could not be sent. Try again in a moment.");
    return 0;
  }
  const char *z = buf_cstr(&err);
  web_field_err_act(r,
                    strstr(z, "e-mail")     ? "email"
                    : strstr(z, "login")    ? "login"
                    : strstr(z, "director") ? "directorate"
                                            : "login",
                    z);
  buf_free(&err);
  r->status = 422;
  invite_page(r);
  return 0;
}

/* The account of the route's id, or a page answered (returns 1). */
static int user_of(Req *r, User *u) {
  int rc = auth_user_get(r->db, r->aId[0], 0, u);
  if (rc)
    web_error(r, rc < 0 ? 500 : 404,
              rc < 0 ? "The account could not be read." : "There is no such account.");
  return rc != 0;
}

static void back_to(Req *r, const User *u, const char *zMsg) {
  char zUrl[64];
  snprintf(zUrl, sizeof zUrl, "/admin/users/%lld", u->id);
  web_done(r, zUrl, zMsg);
}

static int reinvite_post(Req *r) {
  User u;
  if (user_of(r, &u)) return 0;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = auth_invite(r->db, &who, &u, auth_clock(r->limits, r->now), &err);
  if (rc == ACT_OK) {
    back_to(r, &u, "A new invitation has been sent; the older link no longer works");
  } else if (rc == ACT_INVALID || rc == ACT_CONFLICT) {
    char zMsg[300];
    snprintf(zMsg, sizeof zMsg, "%c%s.", buf_cstr(&err)[0] - 32, buf_cstr(&err) + 1);
    web_error(r, 422, zMsg);
  } else {
    web_error(r, 500, "The invitation could not be sent. Try again in a moment.");
  }
  buf_free(&err);
  return 0;
}

static int twofa_reset_post(Req *r) {
  User u;
  if (user_of(r, &u)) return 0;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = auth_totp_reset(r->db, &who, u.id, auth_clock(r->limits, r->now), &err);
  buf_free(&err);
  if (rc)
    web_error(r, 500, "Two-factor authentication could not be reset. Try again in a moment.");
  else
    back_to(r, &u, "Two-factor authentication reset; their sessions have ended");
  return 0;
}

void page_invite_user_sections(Req *r, const User *u) {
  Buf *b = &r->body;
  int on = auth_totp_on(r->db, u->id);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\">Two-factor authentication</h2>\n<p "
               "class=\"govuk-body\">%s</p>\n",
               on > 0 ? "On." : "Off.");
  if (on > 0) {
    html_appendf(b,
                 "<p class=\"govuk-body\">If they have lost their phone and their recovery "
                 "codes, reset it: they sign in with their password and set it up again.</p>\n"
                 "<form method=\"post\" action=\"/admin/users/%lld/2fa-reset\">",
                 u->id);
    web_csrf_input(r);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                "data-module=\"govuk-button\">Reset two-factor authentication</button></form>\n");
  }
  if (u->zEmail[0] && !u->disabled) {
    html_appendf(b,
                 "<h2 class=\"govuk-heading-m\">Invitation</h2>\n<p class=\"govuk-body\">For an "
                 "account that has never chosen a password: a new link to %s; the older one "
                 "stops working.</p>\n<form method=\"post\" action=\"/admin/users/%lld/invite\">",
                 u->zEmail, u->id);
    web_csrf_input(r);
    html_raw(b, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Invite again</button></form>\n");
  }
}

/* ---- which roles must use two factors ---- */

static int settings_show(Req *r) {
  Buf *b = &r->body;
  AccountSettings cfg;
  if (account_settings_load(r->db, &cfg)) {
    web_error(r, 500, "The settings could not be read. Try again in a moment.");
    return 0;
  }
  web_page_begin(r, "Two-factor authentication by role");
  html_raw(b, "<a href=\"/admin/users\" class=\"govuk-back-link\">All accounts</a>\n"
              "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
              "<h1 class=\"govuk-heading-l\">Two-factor authentication by role</h1>\n"
              "<p class=\"govuk-body\">People in a role ticked here must set up two-factor "
              "authentication: after their password they are sent to set it up, and can do "
              "nothing else until it is done.</p>\n<form method=\"post\" "
              "action=\"/admin/two-factor\" novalidate><div class=\"govuk-form-group\">"
              "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
              "govuk-fieldset__legend--s\">Required for</legend><div class=\"govuk-checkboxes "
              "govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">");
  web_csrf_input(r);
  for (int i = 0; i < ROLE__MAX; i++) {
    html_appendf(b,
                 "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                 "id=\"role-%s\" name=\"role\" type=\"checkbox\" value=\"%s\"%s><label "
                 "class=\"govuk-label govuk-checkboxes__label\" for=\"role-%s\">%s</label></div>",
                 role_names[i], role_names[i], cfg.aRequire2fa[i] ? " checked" : "", role_names[i],
                 role_labels[i]);
  }
  html_raw(b, "</div></fieldset></div><button type=\"submit\" class=\"govuk-button\" "
              "data-module=\"govuk-button\">Save</button></form>\n</div></div>\n");
  web_page_end(r);
  return 0;
}

static int settings_post(Req *r) {
  Buf v = BUF_INIT, err = BUF_INIT;
  const Form *f = &r->form;
  for (int i = 0; i < f->n; i++) {
    if (strcmp(f->a[i].zName, "role") || role_from_name(f->a[i].zValue) < 0) continue;
    if (v.n) buf_putc(&v, ',');
    buf_puts(&v, f->a[i].zValue);
  }
  Actor who = web_actor(r);
  int rc = account_setting_set(r->db, &who, "require-2fa", buf_cstr(&v), &err);
  buf_free(&v);
  buf_free(&err);
  if (rc)
    web_error(r, 500, "The setting could not be saved. Try again in a moment.");
  else
    web_done(r, "/admin/two-factor", "Saved: it applies from each person's next sign-in");
  return 0;
}

static const Field aRoles[] = {{"role", F_LINE, 0, 20, 0, "a role"}, {0}};

static const Field aInvite[] = {{"login", F_LINE, 1, 60, 0, "a login"},
                                {"name", F_LINE, 0, 120, 0, "Full name"},
                                {"email", F_LINE, 1, 120, 0, "an e-mail address"},
                                {"role", F_ENUM, 1, 0, role_names, "a role"},
                                {"directorate", F_LINE, 0, 120, 0, "Directorate"},
                                {"owner_as", F_LINE, 0, 120, 0, "Owner as"},
                                {0}};

const Route page_invite_routes[] = {
    {M_GET, "/admin/invite", CAP_ADMIN, ACC_NONE, 0, 0, invite_show, 0,
     "the form to invite someone by e-mail"},
    {M_POST, "/admin/invite", CAP_ADMIN, ACC_NONE, 0, aInvite, invite_post, invite_show,
     "invite: add the account and e-mail a link to choose a password"},
    {M_GET, "/admin/two-factor", CAP_ADMIN, ACC_NONE, 0, 0, settings_show, 0,
     "which roles must use two-factor authentication"},
    {M_POST, "/admin/two-factor", CAP_ADMIN, ACC_NONE, 0, aRoles, settings_post, 0,
     "set which roles must use two-factor authentication (from their next sign-in)"},
    {M_POST, "/admin/users/#/invite", CAP_ADMIN, ACC_NONE, 0, 0, reinvite_post, 0,
     "invite again: a new link, the older one spent"},
    {M_POST, "/admin/users/#/2fa-reset", CAP_ADMIN, ACC_NONE, 0, 0, twofa_reset_post, 0,
     "turn off an account's two-factor authentication (ends its sessions)"},
    {0}};
