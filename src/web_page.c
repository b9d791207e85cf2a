/*
** web_page.c: the GOV.UK page layout every HTML page shares (head, header with
** the navigation a role may use, footer, notices, the error summary) and the
** form controls with their labels, hints and error messages.
** Not for: deciding anything about a request (web.c), a page's own content
** (page_*.c), or escaping rules (html.c).
*/
#include <sodium.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <time.h>

#include "html.h"
#include "web.h"

/* ---- layout ---- */

typedef struct NavItem {
  const char *zHref, *zLabel;
  Cap cap;
} NavItem;

static const NavItem aNav[] = {
    {"/my", "My actions", CAP_UPDATE},         {"/dashboard", "Dashboard", CAP_REPORTS},
    {"/recs", "Recommendations", CAP_REPORTS}, {"/audits", "Audits", CAP_AUDIT},
    {"/review", "Review queue", CAP_AUDIT},    {"/reports", "Reports", CAP_REPORTS},
    {"/cycles", "Cycles", CAP_REPORTS},        {"/admin/policy", "Settings", CAP_AUDIT},
    {"/admin/users", "Accounts", CAP_ADMIN},   {0, 0, 0}};

static void web_notice(Req *r);

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
                "<button type=\"button\" class=\"govuk-service-navigation__toggle "
                "govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden>Menu"
                "</button><ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
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
           "href=\"/accessibility\">Accessibility</a> <a class=\"govuk-footer__link\" "
           "href=\"/privacy\">Privacy</a></p></div></div></div></footer>\n"
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
  /* A password gets GOV.UK Frontend's Show button (its script unhides it). */
  int pw = c->zType && !strcmp(c->zType, "password");
  html_appendf(b, "<div class=\"govuk-form-group%s",
               web_has_err(r, c->zName) ? " govuk-form-group--error" : "");
  if (pw)
    html_raw(b, " govuk-password-input\" data-module=\"govuk-password-input\">");
  else
    html_raw(b, "\">");
  html_appendf(b, "<label class=\"govuk-label\" for=\"%s\">%s</label>", c->zName, c->zLabel);
  if (c->zHint) {
    html_appendf(b, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>", c->zName, c->zHint);
  }
  web_field_error_html(r, c->zName);
}

/* The control's classes: zBase, c->zClass, and zBase--error when it has an error. */
static void control_class(Req *r, const Control *c, const char *zBase) {
  html_appendf(&r->body, " class=\"%s", zBase);
  if (c->zType && !strcmp(c->zType, "password"))
    html_raw(&r->body, " govuk-password-input__input govuk-js-password-input-input");
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
  int pw = !strcmp(zType, "password");
  group_open(r, c);
  if (pw) html_raw(b, "<div class=\"govuk-input__wrapper govuk-password-input__wrapper\">");
  html_raw(b, "<input");
  control_class(r, c, strcmp(zType, "file") ? "govuk-input" : "govuk-file-upload");
  html_appendf(b, " id=\"%s\" name=\"%s\" type=\"%s\"", c->zName, c->zName, zType);
  if (c->zMode) html_appendf(b, " inputmode=\"%s\"", c->zMode);
  if (c->zList) html_appendf(b, " list=\"%s\"", c->zList);
  if (c->zAuto) html_appendf(b, " autocomplete=\"%s\" spellcheck=\"false\"", c->zAuto);
  if (pw) html_raw(b, " autocapitalize=\"none\"");
  if (c->zValue) html_appendf(b, " value=\"%s\"", c->zValue);
  described_by(r, c);
  html_raw(b, ">");
  if (pw)
    html_appendf(b,
                 "<button type=\"button\" class=\"govuk-button govuk-button--secondary "
                 "govuk-password-input__toggle govuk-js-password-input-toggle\" "
                 "data-module=\"govuk-button\" aria-controls=\"%s\" aria-label=\"Show password\" "
                 "hidden>Show</button></div>",
                 c->zName);
  html_raw(b, "</div>\n");
}

void web_datalist(Req *r, const char *zId, const char *const *az, int n) {
  html_appendf(&r->body, "<datalist id=\"%s\">", zId);
  for (int i = 0; i < n; i++) html_appendf(&r->body, "<option value=\"%s\"></option>", az[i]);
  html_raw(&r->body, "</datalist>\n");
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

void web_table_open(Req *r, const char *zSize, const char *zCaption, const char *const *azCol) {
  Buf *b = &r->body;
  html_appendf(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--%s\">%s</caption>"
               "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
               zSize, zCaption);
  for (int i = 0; azCol[i]; i++) {
    if (azCol[i][0] == '-') {
      html_appendf(b,
                   "<th scope=\"col\" class=\"govuk-table__header\"><span "
                   "class=\"govuk-visually-hidden\">%s</span></th>",
                   azCol[i] + 1);
    } else {
      html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", azCol[i]);
    }
  }
  html_raw(b, "</tr></thead><tbody class=\"govuk-table__body\">");
}

void web_donef(Req *r, const char *zUrl, const char *zFmt, ...) {
  Buf m = BUF_INIT;
  va_list ap;
  va_start(ap, zFmt);
  buf_vappendf(&m, zFmt, ap);
  va_end(ap);
  web_done(r, zUrl, buf_cstr(&m));
  buf_free(&m);
}

/* The notice carried over a redirect (web_done), as a success banner: shown once,
** by web_page_begin, and the cookie cleared. */
static void web_notice(Req *r) {
  char z[200];
  if (!form_cookie(r->zCookie, WEB_COOKIE_NOTICE, z, sizeof z) || !z[0]) return;
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
    web_cookie(r, WEB_COOKIE_NOTICE, "", 0);
}

char *web_day(Day d, char *z) { return day_fmt(d, DAY_TEXT, z); }

const char *web_back(const Req *r, const char *zList, char *z, size_t nz) {
  const char *zRef = r->zReferer, *zHost = r->zHost;
  const char *p = zRef ? strstr(zRef, "://") : 0;
  size_t nHost = zHost ? strlen(zHost) : 0, nList = strlen(zList);
  if (!p || !nHost || strncmp(p + 3, zHost, nHost)) return zList;
  const char *zPath = p + 3 + nHost;
  if (strncmp(zPath, zList, nList) || (zPath[nList] && zPath[nList] != '?') || strlen(zPath) >= nz)
    return zList;
  snprintf(z, nz, "%s", web_safe_next(zPath));
  return z;
}

const char *web_stamp(const char *z, char *zOut, size_t nOut) {
  int y, m, d, hh, mm;
  if (z && sscanf(z, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &hh, &mm) == 5 && day_valid_ymd(y, m, d) &&
      hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
    return web_unix_stamp(86400LL * day_from_ymd(y, m, d) + 3600 * hh + 60 * mm, zOut, nOut);
  }
  return z ? z : "";
}

const char *web_unix_stamp(long long t, char *zOut, size_t nOut) {
  char z[DAY_STAMP_MAX];
  snprintf(zOut, nOut, "%s", day_stamp(t, z));
  return zOut;
}
