/*
** page_mail.c: internal audit's settings pages for e-mail: the notification
** settings `notify set` changes (the SMTP server, the sender, the links' address,
** the daily run's hour and the reminders' days), each with its value and a form to
** change it through act_notify_setting_set; and the notification templates, each
** with its text, a preview of a digest it writes (on a recommendation from the
** register, nothing sent, nothing kept) and forms to save it or put the default
** back through act_notify_template_set, as `notify template` does. A setting
** marked secret is never shown (the SMTP password is never stored at all), and
** the SMTP connection's settings are shown, not changed (mail_setting_fixed).
** Not for: the outbox and people's addresses (page_notify.c), nor what a
** notification says or when it is due (notify.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "notify.h"
#include "notify_run.h"
#include "store.h"
#include "store_notify.h"
#include "web.h"

#define TMPL_TEXT_MAX (32L << 10) /* bytes: the longest template the store takes */

/* What each setting is called on the page and what to type, in notify_settings' order. */
static const char *const azSetLabel[][2] = {
    {"SMTP server", "smtp://host:587 (STARTTLS) or smtps://host:465 (TLS from the start)"},
    {"Encryption", "starttls (TLS required), try, or none (only for a relay on this machine)"},
    {"SMTP user name", "When the server asks for one"},
    {"SMTP password file", "The file on the server that holds the SMTP password. The password "
                           "itself is never shown or stored here"},
    {"Seconds allowed for each message", "A whole number of seconds"},
    {"Sender's address", "Needed before anything is sent"},
    {"Sender's name", "Shown beside the sender's address"},
    {"Reply-to address", "Where replies go; empty for none"},
    {"Web address for links", "This service's address, for example https://audit.example.org"},
    {"Hour of the daily run", "0 to 23: when the service plans and sends the day's e-mails"},
    {"Reminder days", "Days before a target that owners are reminded, for example 30,7"},
    {"Update request days", "Days before a cycle's deadline that updates are asked for"},
    {"Head of internal audit", "Their name, for the rungs of the escalation ladder that name them"},
};
_Static_assert(sizeof azSetLabel / sizeof azSetLabel[0] == NOTIFY_SETTING__MAX, "azSetLabel");

/* What each template writes, in tmpl_names' order. */
static const char *const azTmplAbout[] = {
    "The subject line of every digest",
    "The plain-text part of a digest, around its items",
    "The HTML part of a digest, around its items",
    "An item: a target date is coming",
    "An item: a recommendation has become overdue",
    "An item: a recommendation is still overdue, each month",
    "An item: a reporting cycle asks for an update",
    "An item: a rung of the escalation ladder was reached",
    "An item: internal audit returned an update or decided a date",
    "An item (to internal audit): a submission waits for a decision",
};
_Static_assert(sizeof azTmplAbout / sizeof azTmplAbout[0] == TMPL__MAX, "azTmplAbout");

/* ---- e-mail settings ---- */

/* The SMTP connection (server, encryption, user, password file) is shown, never changed,
** here: whoever sets the server is sent the SMTP password when the service signs in, and a
** password file may be any file the service can read. The command line changes them. */
static int mail_setting_fixed(int i) {
  return i == NS_SMTP_URL || i == NS_SMTP_TLS || i == NS_SMTP_USER || i == NS_SMTP_PASSWORD_FILE;
}

/* A setting shown without a form: its label, what it is and its value. */
static void mail_row_fixed(Req *r, int i, const char *zNow) {
  const NotifySetting *t = &notify_settings[i];
  html_appendf(&r->body,
               "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s. Changed only on "
               "the server, by its administrator.</p><p class=\"govuk-body-s\">Now: %s%s%s</p>\n",
               azSetLabel[i][0], azSetLabel[i][1],
               zNow && t->secret ? "set, not shown"
               : zNow            ? zNow
                                 : "not set",
               t->zDefault ? "; by default: " : "", t->zDefault ? t->zDefault : "");
}

/* One setting's form; its error and what was typed when it is the one re-shown. */
static void mail_row(Req *r, int i) {
  const NotifySetting *t = &notify_settings[i];
  Buf *b = &r->body;
  char *zNow = 0;
  if (store_notify_get(r->db, t->zName, &zNow)) zNow = 0;
  if (mail_setting_fixed(i)) {
    mail_row_fixed(r, i, zNow);
    free(zNow);
    return;
  }
  const char *zPosted = r->method == M_POST ? web_arg(r, "key") : 0;
  int here = zPosted && !strcmp(zPosted, t->zName), e = here && web_has_err(r, "value");
  char zId[64];
  snprintf(zId, sizeof zId, here ? "value" : "value-%s", t->zName);
  const char *zShown = here ? web_arg_or(r, "value", "") : t->secret ? "" : zNow ? zNow : "";
  html_appendf(b,
               "<form method=\"post\" action=\"/admin/email\" class=\"at-setting\" novalidate>"
               "<div class=\"govuk-form-group%s\"><h2 class=\"govuk-label-wrapper\"><label "
               "class=\"govuk-label govuk-label--m\" for=\"%s\">%s</label></h2>"
               "<div class=\"govuk-hint\" id=\"%s-hint\">%s</div>",
               e ? " govuk-form-group--error" : "", zId, azSetLabel[i][0], zId, azSetLabel[i][1]);
  if (e) web_field_error_html(r, "value");
  html_appendf(b,
               "<input class=\"govuk-input%s\" id=\"%s\" name=\"value\" type=\"text\" "
               "spellcheck=\"false\" autocomplete=\"off\" value=\"%s\" "
               "aria-describedby=\"%s-hint%s\"></div>",
               e ? " govuk-input--error" : "", zId, zShown, zId, e ? " value-error" : "");
  web_csrf_input(r);
  html_appendf(b,
               "<input type=\"hidden\" name=\"key\" value=\"%s\"><p class=\"govuk-body-s\">Now: %s"
               "%s%s</p><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
               "data-module=\"govuk-button\">Save<span class=\"govuk-visually-hidden\"> %s</span>"
               "</button></form>\n",
               t->zName,
               zNow && t->secret ? "set, not shown"
               : zNow            ? zNow
                                 : "not set",
               t->zDefault ? "; by default: " : "", t->zDefault ? t->zDefault : "",
               azSetLabel[i][0]);
  free(zNow);
}

void page_settings_nav(Req *r) {
  html_raw(&r->body,
           "<p class=\"govuk-body\">Settings: <a class=\"govuk-link\" href=\"/admin/policy\">the "
           "policy</a>, <a class=\"govuk-link\" href=\"/admin/scales\">risk scales</a>, <a "
           "class=\"govuk-link\" href=\"/admin/packs\">committee packs</a>, <a "
           "class=\"govuk-link\" href=\"/admin/email\">e-mail</a> and <a class=\"govuk-link\" "
           "href=\"/admin/templates\">e-mail templates</a>.</p>\n");
}

static void mail_page(Req *r) {
  int status = r->status;
  web_page_begin(r, "Settings: e-mail");
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_raw(b, "<span class=\"govuk-caption-l\">Settings</span><h1 class=\"govuk-heading-l\">"
              "E-mail</h1>\n<p class=\"govuk-body\">How notifications are sent: each change "
              "applies to the next run and is recorded with who made it. What they say is in "
              "the <a class=\"govuk-link\" href=\"/admin/templates\">e-mail templates</a>.</p>\n");
  page_settings_nav(r);
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) mail_row(r, i);
  html_raw(b, "</div></div>\n");
  web_page_end(r);
  r->status = status;
}

static int mail_get(Req *r) {
  mail_page(r);
  return 0;
}

static int mail_post(Req *r) {
  const char *zKey = web_arg(r, "key"), *zValue = web_arg_or(r, "value", "");
  int i = zKey ? notify_setting_find(zKey) : -1;
  if (i < 0) {
    web_error(r, 404, "There is no such setting.");
    return 0;
  }
  if (mail_setting_fixed(i)) {
    web_error(r, 403, "The SMTP connection is changed only on the server, by its administrator.");
    return 0;
  }
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_notify_setting_set(r->db, &w, zKey, zValue, &err);
  if (rc == ACT_INVALID) {
    const char *z = buf_cstr(&err), *zWhy = strstr(z, ": ");
    web_field_err(r, "value", "%s: %s", azSetLabel[i][0], zWhy ? zWhy + 2 : z);
    r->status = 422;
    mail_page(r);
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    if (!zValue[0])
      web_donef(r, "/admin/email", "%s: cleared", azSetLabel[i][0]);
    else
      web_donef(r, "/admin/email", "%s: now %s", azSetLabel[i][0],
                notify_settings[i].secret ? "set, not shown" : zValue);
  }
  buf_free(&err);
  return 0;
}

static int mail_invalid(Req *r) {
  mail_page(r);
  return 0;
}

/* ---- templates ---- */

static int templates_get(Req *r) {
  web_page_begin(r, "Settings: e-mail templates");
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
              "<span class=\"govuk-caption-l\">Settings</span><h1 class=\"govuk-heading-l\">"
              "E-mail templates</h1>\n<p class=\"govuk-body\">Each person gets one e-mail a day, "
              "a digest: a subject, a plain-text and an HTML part around one item per "
              "recommendation. Each template can be changed and previewed before it is "
              "saved.</p>\n");
  page_settings_nav(r);
  static const char *const azCol[] = {"Template", "What it writes", "State", 0};
  web_table_open(r, "m", "Templates", azCol);
  for (int i = 0; i < TMPL__MAX; i++) {
    char *z = 0;
    if (store_template_get(r->db, tmpl_names[i], &z)) z = 0;
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                 "<a class=\"govuk-link\" href=\"/admin/templates/%s\">%s</a></th>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>"
                 "</tr>\n",
                 tmpl_names[i], tmpl_names[i], azTmplAbout[i], z ? "Changed" : "Default");
    free(z);
  }
  html_raw(b, "</tbody></table></div>\n</div></div>\n");
  web_page_end(r);
  return 0;
}

/* A digest the template zBody (for template id) writes for one notice about the
** register's first recommendation, into the page: subject, text and HTML source. */
static void template_preview(Req *r, int id, const char *zBody) {
  Buf *b = &r->body;
  Register g;
  if (web_register_acquire(r, &g)) return;
  if (!g.set->n) {
    html_raw(b, "<p class=\"govuk-body\">The preview needs a recommendation in the register."
                "</p>\n");
    web_register_release(r, &g);
    return;
  }
  const Rec *x = &g.set->a[0];
  char zCycle[] = "Audit Committee";
  Cycle cy = {.zName = zCycle, .asAt = r->today + 30, .deadline = r->today + 14};
  Rung rung = {12, "director", "Director attends the committee"};
  NotifyEvent ev = {0,
                    x->id,
                    0,
                    r->today - 7,
                    DAY_NONE,
                    "rejected",
                    r->today,
                    0,
                    "Internal audit",
                    "Attach the evidence named in the recommendation",
                    "The service"};
  NoticeKind k = id >= TMPL_REMINDER ? (NoticeKind)(id - TMPL_REMINDER) : NK_OVERDUE;
  if (k == NK_REVIEW) ev.zVerdict = 0;
  Notice nt = {x,
               "Example person",
               k,
               r->today,
               r->today + (k == NK_REMINDER ? 7 : -40),
               1,
               k == NK_REMINDER ? 0 : 2,
               k == NK_UPDATE ? &cy : 0,
               k == NK_ESCALATION ? &rung : 0,
               k >= NK_RETURNED ? &ev : 0,
               ""};
  DigestIn in = {{0}, "Example person", g.zOrg, "https://audit.example.org", r->today};
  char *azStored[TMPL__MAX] = {0};
  for (int i = 0; i < TMPL__MAX; i++) {
    if (i != id && store_template_get(r->db, tmpl_names[i], &azStored[i])) azStored[i] = 0;
    in.azTmpl[i] = i == id ? zBody : azStored[i];
  }
  Buf subj = BUF_INIT, text = BUF_INIT, html = BUF_INIT;
  notify_digest(&in, &nt, 1, &subj, &text, &html);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\" id=\"preview\">Preview</h2>\n<p class=\"govuk-body\">"
               "A digest to an example person about recommendation %lld, as at today. Nothing "
               "was sent or saved.</p>\n<h3 class=\"govuk-heading-s\">Subject</h3><p "
               "class=\"govuk-body\" id=\"preview-subject\">%s</p><h3 class=\"govuk-heading-s\">"
               "Plain text</h3><pre class=\"at-pre govuk-body-s\" id=\"preview-text\">%s</pre>"
               "<h3 class=\"govuk-heading-s\">HTML part, as its source</h3><pre "
               "class=\"at-pre govuk-body-s\" id=\"preview-html\">%s</pre>\n",
               x->id, buf_cstr(&subj), buf_cstr(&text), buf_cstr(&html));
  buf_free(&subj);
  buf_free(&text);
  buf_free(&html);
  for (int i = 0; i < TMPL__MAX; i++) free(azStored[i]);
  web_register_release(r, &g);
}

/* One template's page: its text (or what was typed) in a form to preview or save it,
** the preview when asked, and a form to put the default back when it was changed. */
static void template_page(Req *r, int id, int preview) {
  char *zStored = 0;
  if (store_template_get(r->db, tmpl_names[id], &zStored)) {
    web_error(r, 500, "The template could not be read. Try again in a moment.");
    return;
  }
  int status = r->status, posted = r->method == M_POST;
  Buf t = BUF_INIT;
  buf_appendf(&t, "Settings: the %s template", tmpl_names[id]);
  web_page_begin(r, buf_cstr(&t));
  buf_free(&t);
  Buf *b = &r->body;
  html_raw(b, "<a href=\"/admin/templates\" class=\"govuk-back-link\">E-mail templates</a>\n"
              "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_appendf(b,
               "<span class=\"govuk-caption-l\">E-mail template</span><h1 "
               "class=\"govuk-heading-l\">%s</h1>\n<p class=\"govuk-body\">%s. %s</p>\n"
               "<form method=\"post\" action=\"/admin/templates\" novalidate>",
               tmpl_names[id], azTmplAbout[id],
               zStored ? "Changed by your organisation." : "The default.");
  web_csrf_input(r);
  html_appendf(b, "<input type=\"hidden\" name=\"name\" value=\"%s\">", tmpl_names[id]);
  web_textarea(r, &(Control){.zName = "body",
                             .zLabel = "Text",
                             .zHint = "Values in double braces, such as {{name}}, are filled in "
                                      "for each e-mail; the default shows the ones it may use",
                             .zValue = posted    ? web_arg_or(r, "body", "")
                                       : zStored ? zStored
                                                 : tmpl_defaults[id],
                             .rows = id == TMPL_SUBJECT ? 2 : 12});
  html_raw(b, "<div class=\"govuk-button-group\"><button type=\"submit\" name=\"action\" "
              "value=\"save\" class=\"govuk-button\" data-module=\"govuk-button\">Save the "
              "template</button><button type=\"submit\" name=\"action\" value=\"preview\" "
              "class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
              "Preview</button></div></form>\n");
  if (zStored) {
    html_raw(b, "<form method=\"post\" action=\"/admin/templates\" novalidate>");
    web_csrf_input(r);
    html_appendf(b,
                 "<input type=\"hidden\" name=\"name\" value=\"%s\"><button type=\"submit\" "
                 "name=\"action\" value=\"reset\" class=\"govuk-button govuk-button--warning\" "
                 "data-module=\"govuk-button\">Put the default back</button></form>\n",
                 tmpl_names[id]);
  }
  if (preview) template_preview(r, id, web_arg_or(r, "body", ""));
  html_raw(b, "</div></div>\n");
  web_page_end(r);
  r->status = status;
  free(zStored);
}

static int template_get(Req *r) {
  int id = tmpl_from_name(r->azSeg[0]);
  if (id < 0) {
    web_error(r, 404, "There is no e-mail template of that name.");
    return 0;
  }
  template_page(r, id, 0);
  return 0;
}

static int template_post(Req *r) {
  const char *zName = web_arg(r, "name"), *zAction = web_arg_or(r, "action", "save");
  int id = zName ? tmpl_from_name(zName) : -1;
  if (id < 0) {
    web_error(r, 404, "There is no e-mail template of that name.");
    return 0;
  }
  int reset = !strcmp(zAction, "reset");
  const char *zBody = web_arg_or(r, "body", "");
  Buf err = BUF_INIT;
  if (!strcmp(zAction, "preview")) {
    if (tmpl_check((TmplId)id, zBody, &err)) {
      web_field_err(r, "body", "Text: %s", buf_cstr(&err));
      r->status = 422;
    }
    template_page(r, id, !r->nErr);
    buf_free(&err);
    return 0;
  }
  Actor w = web_actor(r);
  int rc = act_notify_template_set(r->db, &w, zName, reset ? 0 : zBody, strlen(zBody), &err);
  if (rc == ACT_INVALID) {
    const char *z = buf_cstr(&err), *zWhy = strstr(z, ": ");
    web_field_err(r, "body", "Text: %s", zWhy ? zWhy + 2 : z);
    r->status = 422;
    template_page(r, id, 0);
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    Buf u = BUF_INIT;
    buf_appendf(&u, "/admin/templates/%s", tmpl_names[id]);
    web_donef(r, buf_cstr(&u), "Template %s %s", tmpl_names[id],
              reset ? "back to the default" : "saved");
    buf_free(&u);
  }
  buf_free(&err);
  return 0;
}

static int template_invalid(Req *r) {
  int id = tmpl_from_name(web_arg_or(r, "name", ""));
  if (id < 0) return templates_get(r);
  template_page(r, id, 0);
  return 0;
}

/* ---- routes ---- */

static const char *const azTmplAction[] = {"save", "preview", "reset", 0};
static const Field aMailSet[] = {
    {"key", F_LINE, 1, 40, 0, "the setting"}, {"value", F_LINE, 0, 500, 0, "a value"}, {0}};
static const Field aTmplSet[] = {{"name", F_LINE, 1, 20, 0, "the template"},
                                 {"body", F_TEXT, 0, TMPL_TEXT_MAX, 0, "Text"},
                                 {"action", F_ENUM, 0, 8, azTmplAction, "what to do"},
                                 {0}};

const Route page_mail_routes[] = {
    {M_GET, "/admin/email", CAP_AUDIT, ACC_NONE, 0, 0, mail_get, 0,
     "the e-mail settings, each with its value (never a secret one) and a form to change it"},
    {M_POST, "/admin/email", CAP_AUDIT, ACC_NONE, 0, aMailSet, mail_post, mail_invalid,
     "change an e-mail setting (checked and journalled as notify set)"},
    {M_GET, "/admin/templates", CAP_AUDIT, ACC_NONE, 0, 0, templates_get, 0,
     "the e-mail templates, default or changed"},
    {M_GET, "/admin/templates/*", CAP_AUDIT, ACC_NONE, 0, 0, template_get, 0,
     "one e-mail template with forms to preview, save it or put the default back"},
    {M_POST, "/admin/templates", CAP_AUDIT, ACC_NONE, 0, aTmplSet, template_post, template_invalid,
     "preview an e-mail template, or save it or put the default back (journalled as notify "
     "template)"},
    {0}};
