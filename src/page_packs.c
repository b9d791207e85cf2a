/*
** page_packs.c: internal audit's settings page for committee packs: the stored
** and built-in packs (the policy's default marked), one pack's definition with a
** form to change it, a form to add one, and removing a stored one (asked first).
** A definition is checked in full by act_pack_set, as `pack set` checks it, and
** its errors name the line and what is wrong there; removing goes through
** act_pack_remove, as `pack remove`. Both are journalled.
** Not for: the pack format or building packs (report_pack.c), nor the policy's
** choice of pack (page_settings.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "report_pack.h"
#include "store.h"
#include "web.h"

#define PACK_TEXT_MAX (64L << 10) /* bytes: a definition is a few dozen lines */

/* A pack's page: /admin/packs/NAME, the name percent-encoded where it is not plain. */
static void pack_href(Buf *u, const char *zName) {
  buf_puts(u, "/admin/packs/");
  for (const unsigned char *p = (const unsigned char *)zName; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '_')
      buf_putc(u, (char)*p);
    else
      buf_appendf(u, "%%%02X", *p);
  }
}

/* The form that stores a definition under a name: the name typed (zName NULL) or fixed. */
static void pack_form(Req *r, const char *zName, const char *zText) {
  Buf *b = &r->body;
  int posted = r->method == M_POST;
  html_raw(b, "<form method=\"post\" action=\"/admin/packs\" novalidate>");
  web_csrf_input(r);
  if (zName) {
    html_appendf(b,
                 "<input type=\"hidden\" name=\"name\" value=\"%s\"><input type=\"hidden\" "
                 "name=\"from\" value=\"pack\">",
                 zName);
  } else {
    web_input(r, &(Control){.zName = "name",
                            .zLabel = "Name",
                            .zHint = "Letters, digits, '-' and '_'. A pack stored under a "
                                     "built-in pack's name takes its place",
                            .zValue = posted ? web_arg_or(r, "name", "") : "",
                            .zClass = "govuk-input--width-20",
                            .zAuto = "off"});
  }
  web_textarea(r, &(Control){.zName = "definition",
                             .zLabel = "Definition",
                             .zHint = "One part a line, as the reports guide describes: the "
                                      "whole definition is checked before it is kept",
                             .zValue = posted ? web_arg_or(r, "definition", "") : zText,
                             .rows = 16});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save "
              "the pack</button></form>\n");
}

/* ---- the list ---- */

static void packs_page(Req *r) {
  Policy p;
  char **az = 0;
  int n = 0, status = r->status;
  if (store_policy_load(r->db, &p) || store_pack_names(r->db, &az, &n)) {
    web_error(r, 500, "The committee packs could not be read. Try again in a moment.");
    return;
  }
  web_page_begin(r, "Settings: committee packs");
  Buf *b = &r->body;
  html_raw(b, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_raw(b, "<span class=\"govuk-caption-l\">Settings</span><h1 class=\"govuk-heading-l\">"
              "Committee packs</h1>\n<p class=\"govuk-body\">A pack is the committee's paper: "
              "the reports it holds, in its order, with its titles. The pack the Reports page "
              "makes by default is the policy's <a class=\"govuk-link\" "
              "href=\"/admin/policy\">pack setting</a>.</p>\n");
  page_settings_nav(r);
  static const char *const azCol[] = {"Name", "Kind", "Default", 0};
  web_table_open(r, "m", "Packs", azCol);
  Buf u = BUF_INIT;
  /* Stored packs first: a stored pack hides a built-in one of the same name. */
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; pass ? pack_builtin_names[i] != 0 : i < n; i++) {
      const char *zName = pass ? pack_builtin_names[i] : az[i];
      int hidden = 0;
      for (int k = 0; pass && k < n; k++) hidden |= !strcasecmp(az[k], zName);
      if (hidden) continue;
      buf_reset(&u);
      pack_href(&u, zName);
      html_appendf(b,
                   "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                   "<a class=\"govuk-link\" href=\"%s\">%s</a></th><td class=\"govuk-table__cell\">"
                   "%s</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
                   buf_cstr(&u), zName, pass ? "Built in" : "Stored",
                   strcasecmp(zName, p.zPack) ? "" : "Default");
    }
  }
  buf_free(&u);
  html_raw(b, "</tbody></table></div>\n<h2 class=\"govuk-heading-m\" id=\"add\">Add a pack</h2>\n");
  pack_form(r, 0, "");
  html_raw(b, "</div></div>\n");
  web_page_end(r);
  r->status = status;
  store_names_free(az, n);
}

static int packs_get(Req *r) {
  packs_page(r);
  return 0;
}

/* ---- one pack ---- */

/* One pack's page: its definition in a form to change it, and for a stored one the
** Remove button; after a refused change, what was typed and why. */
static void pack_page(Req *r, const char *zName) {
  char *zStored = 0;
  Policy p;
  if (store_policy_load(r->db, &p) || store_pack_get(r->db, zName, &zStored)) {
    web_error(r, 500, "The committee pack could not be read. Try again in a moment.");
    return;
  }
  const char *zText = zStored ? zStored : pack_builtin(zName);
  if (!zText) {
    web_error(r, 404, "There is no committee pack of that name.");
    return;
  }
  int status = r->status;
  Buf t = BUF_INIT;
  buf_appendf(&t, "Settings: the %s pack", zName);
  web_page_begin(r, buf_cstr(&t));
  buf_free(&t);
  Buf *b = &r->body;
  html_raw(b, "<a href=\"/admin/packs\" class=\"govuk-back-link\">Committee packs</a>\n"
              "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  web_error_summary(r);
  html_appendf(b,
               "<span class=\"govuk-caption-l\">Committee pack</span><h1 class=\"govuk-heading-l\">"
               "%s</h1>\n<p class=\"govuk-body\">%s%s</p>\n",
               zName,
               zStored ? "Stored by your organisation."
                       : "Built in. Saving a changed definition stores your own under this name, "
                         "in its place.",
               strcasecmp(zName, p.zPack) ? "" : " The policy's default pack.");
  pack_form(r, zName, zText);
  if (zStored) {
    html_raw(b, "<h2 class=\"govuk-heading-m\">Remove the pack</h2>\n<form method=\"post\" "
                "action=\"/admin/packs/remove\" novalidate>");
    web_csrf_input(r);
    html_appendf(b,
                 "<input type=\"hidden\" name=\"name\" value=\"%s\"><button type=\"submit\" "
                 "class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Remove"
                 "<span class=\"govuk-visually-hidden\"> the pack %s</span></button></form>\n",
                 zName, zName);
  }
  html_raw(b, "</div></div>\n");
  web_page_end(r);
  r->status = status;
  free(zStored);
}

static int pack_get(Req *r) {
  pack_page(r, r->azSeg[0]);
  return 0;
}

/* A refused POST: the form it came from (the pack's page, or the list's), with its errors. */
static int pack_invalid(Req *r) {
  const char *zFrom = web_arg(r, "from"), *zName = web_arg(r, "name");
  if (zFrom && !strcmp(zFrom, "pack") && zName)
    pack_page(r, zName);
  else
    packs_page(r);
  return 0;
}

static int pack_post(Req *r) {
  const char *zName = web_arg(r, "name"), *zText = web_arg(r, "definition");
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_pack_set(r->db, &w, zName, zText, &err);
  if (rc == ACT_INVALID) {
    const char *z = buf_cstr(&err);
    if (!strncmp(z, "a pack's name", 13))
      web_field_err(r, "name", "Name: %s", z);
    else
      web_field_err(r, "definition", "Definition: %s", z);
    r->status = 422;
    pack_invalid(r);
  } else if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    Buf u = BUF_INIT;
    pack_href(&u, zName);
    web_donef(r, buf_cstr(&u), "Pack %s saved", zName);
    buf_free(&u);
  }
  buf_free(&err);
  return 0;
}

/* Removing takes two steps: the Remove button asks, "Yes, remove it" removes. */
static int pack_remove(Req *r) {
  const char *zName = web_arg(r, "name"), *zConfirm = web_arg(r, "confirm");
  if (!zConfirm || strcmp(zConfirm, "yes")) {
    web_page_begin(r, "Remove a committee pack");
    html_appendf(&r->body,
                 "<h1 class=\"govuk-heading-l\">Remove the pack %s?</h1>\n<p class=\"govuk-body\">"
                 "Its definition is kept in the journal. A built-in pack of the same name, if "
                 "there is one, is used again.</p>\n<form method=\"post\" "
                 "action=\"/admin/packs/remove\" novalidate>",
                 zName);
    web_csrf_input(r);
    html_appendf(&r->body,
                 "<input type=\"hidden\" name=\"name\" value=\"%s\"><input type=\"hidden\" "
                 "name=\"confirm\" value=\"yes\"><div class=\"govuk-button-group\"><button "
                 "type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                 "data-module=\"govuk-button\">Yes, remove it</button><a class=\"govuk-link\" "
                 "href=\"/admin/packs\">No, keep it</a></div></form>\n",
                 zName);
    web_page_end(r);
    return 0;
  }
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_pack_remove(r->db, &w, zName, &err);
  if (rc) {
    web_error(r, web_act_status(rc), buf_cstr(&err));
  } else {
    web_donef(r, "/admin/packs", "Pack %s removed", zName);
  }
  buf_free(&err);
  return 0;
}

/* ---- routes ---- */

static const Field aPackSet[] = {{"name", F_LINE, 1, 47, 0, "Name"},
                                 {"definition", F_TEXT, 1, PACK_TEXT_MAX, 0, "Definition"},
                                 {"from", F_LINE, 0, 8, 0, "Form"},
                                 {0}};
static const Field aPackRemove[] = {
    {"name", F_LINE, 1, 47, 0, "Name"}, {"confirm", F_LINE, 0, 8, 0, "Confirm"}, {0}};

const Route page_packs_routes[] = {
    {M_GET, "/admin/packs", CAP_AUDIT, ACC_NONE, 0, 0, packs_get, 0,
     "the committee packs, stored and built in, and the form to add one"},
    {M_GET, "/admin/packs/*", CAP_AUDIT, ACC_NONE, 0, 0, pack_get, 0,
     "one committee pack's definition, with forms to change or remove it"},
    {M_POST, "/admin/packs", CAP_AUDIT, ACC_NONE, 0, aPackSet, pack_post, pack_invalid,
     "store a committee pack definition (checked and journalled as pack set)"},
    {M_POST, "/admin/packs/remove", CAP_AUDIT, ACC_NONE, 0, aPackRemove, pack_remove, 0,
     "remove a stored committee pack, asked first (journalled as pack remove)"},
    {0}};
