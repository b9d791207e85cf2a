/*
** page_notify.c: the admin's e-mail pages: the outbox (what is queued, what failed
** and why, with a Retry per message and for all, and a Release for a message that
** may have been sent when a run stopped) and the people the register names
** with their addresses, the data-quality list of those who cannot be e-mailed
** first, and forms to set an address and to stop or resume a person's e-mails.
**
** Every change goes through act_* (act_outbox_retry, act_outbox_release,
** act_person_set, act_person_stop), as `auditrack notify outbox --retry`,
** `notify release` and `person set|stop` do:
** one transaction and one journal entry each. Not for: planning or sending
** (notify_run.c, mail.c), a recommendation's own notifications (page_rec.c), SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "html.h"
#include "limit.h"
#include "notify_run.h"
#include "page_render.h"
#include "store.h"
#include "web.h"
#include "web_sort.h"

/* ---- small helpers ---- */

static void th(Buf *b, const char *zLabel) {
  html_appendf(b, "<th scope=\"col\" class=\"govuk-table__header\">%s</th>", zLabel);
}

static void td(Buf *b, const char *zText) {
  html_appendf(b, "<td class=\"govuk-table__cell\">%s</td>", zText ? zText : "");
}

/* ---- the outbox ---- */

/* Failed (queued, tried and refused) and held (may have been sent) first, then
** queued and sending, then the rest; newest first within each. */
static int outbox_rank(const OutboxRow *m) {
  if (!strcmp(m->zState, "unknown")) return 0;
  if (!strcmp(m->zState, "sending")) return 1;
  if (strcmp(m->zState, "queued")) return 2;
  return m->attempts ? 0 : 1;
}

static int outbox_cmp(const void *pa, const void *pb) {
  const OutboxRow *a = pa, *b = pb;
  int ra = outbox_rank(a), rb = outbox_rank(b);
  if (ra != rb) return ra - rb;
  return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static void outbox_state_tag(Buf *b, const OutboxRow *m) {
  if (!strcmp(m->zState, "unknown")) {
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--orange\">May have been sent</strong>");
    return;
  }
  if (!strcmp(m->zState, "sending")) {
    html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Sending</strong>");
    return;
  }
  switch (outbox_rank(m)) {
  case 0: html_raw(b, "<strong class=\"govuk-tag govuk-tag--red\">Failed</strong>"); break;
  case 1: html_raw(b, "<strong class=\"govuk-tag govuk-tag--blue\">Queued</strong>"); break;
  default:
    if (!strcmp(m->zState, "sent"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Sent</strong>");
    else if (!strcmp(m->zState, "cancelled"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Cancelled</strong>");
    else if (!strcmp(m->zState, "replaced"))
      html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Replaced</strong>");
    else
      html_appendf(b, "<strong class=\"govuk-tag govuk-tag--grey\">%s</strong>", m->zState);
  }
}

static void retry_button(Req *r, long long id) {
  Buf *b = &r->body;
  html_raw(b, "<form method=\"post\" action=\"/admin/outbox/retry\" novalidate>");
  web_csrf_input(r);
  if (id) {
    html_appendf(b,
                 "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\" "
                 "class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
                 "data-module=\"govuk-button\">Retry<span class=\"govuk-visually-hidden\"> "
                 "message %lld</span></button></form>",
                 id, id);
  } else {
    html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Retry every queued message</button></form>\n");
  }
}

static void release_button(Req *r, long long id) {
  html_raw(&r->body, "<form method=\"post\" action=\"/admin/outbox/release\" novalidate>");
  web_csrf_input(r);
  html_appendf(&r->body,
               "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\" "
               "class=\"govuk-button govuk-button--warning govuk-!-margin-bottom-0\" "
               "data-module=\"govuk-button\">Release<span class=\"govuk-visually-hidden\"> "
               "message %lld to be sent again</span></button></form>",
               id, id);
}

static int outbox_page(Req *r) {
  int all = web_arg_bool(r, "all");
  OutboxRow *a = 0;
  int n = 0;
  if (store_outbox_list(r->db, all, &a, &n)) {
    web_error(r, 500, "The outbox could not be read. Try again in a moment.");
    return 0;
  }
  if (n > 1) qsort(a, (size_t)n, sizeof a[0], outbox_cmp);
  int nQueued = 0;
  for (int i = 0; i < n; i++) nQueued += !strcmp(a[i].zState, "queued");
  web_page_begin(r, "Outbox");
  Buf *b = &r->body;
  html_raw(b, "<a href=\"/admin/users\" class=\"govuk-back-link\">Accounts</a>\n");
  html_raw(b, "<h1 class=\"govuk-heading-l\">Outbox</h1>\n<p class=\"govuk-body\">The e-mails "
              "auditrack has queued. A message the mail server refused, or that timed out, "
              "waits and is tried again after 5 minutes, then 10, 20 and so on, at most a day "
              "apart. Retry makes it due now: it goes with the next send, within a minute "
              "while the web application runs. A message that <em>may have been sent</em> was "
              "with the mail server when a run stopped, before the server's answer was "
              "recorded: it is held, never sent twice. Release it once you know it did not "
              "arrive, and it is sent again.</p>\n");
  if (all)
    html_raw(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/outbox\">Show "
                "only the messages waiting to be sent</a></p>\n");
  else
    html_raw(b, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/admin/outbox?all=1\">"
                "Show every message, sent ones included</a></p>\n");
  if (nQueued > 1) retry_button(r, 0);
  if (!n) {
    html_raw(b, "<p class=\"govuk-body\" id=\"outbox-empty\">");
    if (all)
      html_raw(b, "The outbox is empty: no e-mail has been queued yet.");
    else
      html_raw(b, "Nothing is waiting to be sent.");
    html_raw(b, "</p>\n");
  } else {
    html_raw(b, "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\" "
                "id=\"outbox\"><caption class=\"govuk-table__caption govuk-table__caption--m\">");
    if (all)
      html_appendf(b, "%d message%s, failed and queued first", n, n == 1 ? "" : "s");
    else
      html_appendf(b, "%d message%s waiting, failed first", n, n == 1 ? "" : "s");
    html_raw(b, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    th(b, "Message");
    th(b, "Recipient");
    th(b, "Address");
    th(b, "Subject");
    th(b, "State");
    th(b, "Attempts");
    th(b, "Next attempt");
    th(b, "Last error");
    html_raw(b, "<th scope=\"col\" class=\"govuk-table__header\"><span "
                "class=\"govuk-visually-hidden\">Action</span></th></tr></thead>\n"
                "<tbody class=\"govuk-table__body\">\n");
    for (int i = 0; i < n; i++) {
      const OutboxRow *m = &a[i];
      char z[64], zN[32];
      html_appendf(b,
                   "<tr class=\"govuk-table__row\" id=\"message-%lld\"><th scope=\"row\" "
                   "class=\"govuk-table__header\">%lld</th>",
                   m->id, m->id);
      td(b, m->zRecipient);
      td(b, m->zEmail);
      td(b, m->zSubject);
      html_raw(b, "<td class=\"govuk-table__cell\">");
      outbox_state_tag(b, m);
      html_raw(b, "</td>");
      snprintf(zN, sizeof zN, "%d", m->attempts);
      td(b, zN);
      if (outbox_rank(m) == 2) {
        td(b, !strcmp(m->zState, "sent") ? web_stamp(m->zSentAt, z, sizeof z) : "");
      } else if (!strcmp(m->zState, "unknown")) {
        td(b, "Held until released");
      } else if (m->nextAt <= r->now) {
        td(b, "Now");
      } else {
        long long min = (m->nextAt - r->now + 59) / 60;
        snprintf(z, sizeof z, "In %lld minute%s", min, min == 1 ? "" : "s");
        td(b, z);
      }
      td(b, outbox_rank(m) < 2 ? m->zError : "");
      html_raw(b, "<td class=\"govuk-table__cell\">");
      if (!strcmp(m->zState, "queued"))
        retry_button(r, m->id);
      else if (!strcmp(m->zState, "unknown"))
        release_button(r, m->id);
      html_raw(b, "</td></tr>\n");
    }
    html_raw(b, "</tbody></table></div>\n");
  }
  web_page_end(r);
  store_outbox_rows_free(a, n);
  return 0;
}

static int outbox_retry(Req *r) {
  long long id = web_arg_int(r, "id", 0);
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int n = 0;
  int rc = act_outbox_retry(r->db, &w, id, &n, &err);
  if (rc) {
    web_error(r, web_act_status(rc),
              rc == ACT_NOT_FOUND ? "That message is no longer waiting: it has been sent or "
                                    "cancelled since the page was shown."
                                  : "The messages could not be retried. Try again in a moment.");
  } else {
    if (id)
      web_donef(r, "/admin/outbox", "Message %lld will be tried at the next send", id);
    else
      web_donef(r, "/admin/outbox", "%d message%s will be tried at the next send", n,
                n == 1 ? "" : "s");
  }
  buf_free(&err);
  return 0;
}

static int outbox_release(Req *r) {
  long long id = web_arg_int(r, "id", 0);
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_outbox_release(r->db, &w, id, &err);
  if (rc) {
    web_error(r, web_act_status(rc),
              rc == ACT_NOT_FOUND ? "That message is no longer held: it has been released "
                                    "since the page was shown."
                                  : "The message could not be released. Try again in a moment.");
  } else {
    web_donef(r, "/admin/outbox", "Message %lld will be sent at the next send", id);
  }
  buf_free(&err);
  return 0;
}

/* ---- people ---- */

static void stop_button(Req *r, const PersonStatus *p) {
  Buf *b = &r->body;
  html_raw(b, "<form method=\"post\" action=\"/admin/people/stop\" novalidate>");
  web_csrf_input(r);
  html_appendf(b,
               "<input type=\"hidden\" name=\"name\" value=\"%s\"><input type=\"hidden\" "
               "name=\"action\" value=\"%s\"><button type=\"submit\" class=\"govuk-button "
               "govuk-button--%s govuk-!-margin-bottom-0\" data-module=\"govuk-button\">%s<span "
               "class=\"govuk-visually-hidden\"> e-mails to %s</span></button></form>",
               p->zName, p->stopped ? "resume" : "stop", p->stopped ? "secondary" : "warning",
               p->stopped ? "Resume" : "Stop", p->zName);
}

/* The columns of everyone's table (web_sort.h). */
static const SortCol aPeopleCol[] = {{"Name", "name", SC_TEXT},
                                     {"Named as", "as", SC_TEXT},
                                     {"Address", "address", SC_TEXT},
                                     {"E-mails", "state", SC_NUM},
                                     {"-Action", "", SC_NOSORT}};
#define N_PEOPLE_COL (int)(sizeof aPeopleCol / sizeof aPeopleCol[0])

/* Everyone, by name or as a column's heading sorts them, with a button to stop or resume. */
static void everyone_table(Req *r, const PersonStatus *a, int n) {
  Buf *b = &r->body;
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"everyone\">Everyone</h2>\n");
  if (!n) {
    html_raw(b, "<p class=\"govuk-body\">Nobody yet: no open recommendation names anyone.</p>\n");
  } else {
    /* By name unless a heading asks for another order. */
    SortVal *v = xmalloc(sizeof *v * (size_t)n * N_PEOPLE_COL);
    for (int i = 0; i < n; i++) {
      SortVal *w = &v[(size_t)i * N_PEOPLE_COL];
      w[0] = (SortVal){a[i].zName, 0};
      w[1] = (SortVal){a[i].zAs ? a[i].zAs : "", 0};
      w[2] = (SortVal){a[i].zEmail ? a[i].zEmail : "", 0};
      w[3] = (SortVal){0, a[i].stopped ? 2 : a[i].zProblem ? 1 : 0};
      w[4] = (SortVal){0, SORT_EMPTY};
    }
    TableSort ts = web_sort_read(r, aPeopleCol, N_PEOPLE_COL);
    int *aIdx = xmalloc(sizeof *aIdx * (size_t)n);
    web_sort_rows(v, N_PEOPLE_COL, n, ts, aIdx);
    free(v);
    web_sort_table_open(r, "s", ts.col < 0 ? "People, by name" : "People", aPeopleCol, N_PEOPLE_COL,
                        ts, "/admin/people", "");
    for (int k = 0; k < n; k++) {
      int i = aIdx[k];
      const PersonStatus *p = &a[i];
      html_appendf(b,
                   "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                   "%s</th>",
                   p->zName);
      td(b, p->zAs ? p->zAs : "");
      td(b, p->zEmail ? p->zEmail : "None");
      html_raw(b, "<td class=\"govuk-table__cell\">");
      if (p->stopped)
        html_raw(b, "<strong class=\"govuk-tag govuk-tag--grey\">Stopped</strong>");
      else if (p->zProblem)
        html_raw(b, "<strong class=\"govuk-tag govuk-tag--red\">Cannot be sent</strong>");
      else
        html_raw(b, "<strong class=\"govuk-tag govuk-tag--green\">Sent</strong>");
      html_raw(b, "</td><td class=\"govuk-table__cell\">");
      stop_button(r, p);
      html_raw(b, "</td></tr>\n");
    }
    html_raw(b, "</tbody></table></div>\n");
    free(aIdx);
  }
}

static void people_render(Req *r) {
  PersonStatus *a = 0;
  int n = 0;
  Buf err = BUF_INIT;
  if (notify_people_status(r->db, r->today, &a, &n, &err)) {
    buf_free(&err);
    web_error(r, 500, "The people could not be read. Try again in a moment.");
    return;
  }
  buf_free(&err);
  int nProblem = 0;
  for (int i = 0; i < n; i++) nProblem += a[i].zProblem != 0;
  char z[24];
  web_page_begin(r, "People and their e-mails");
  Buf *b = &r->body;
  html_raw(b, "<a href=\"/admin/users\" class=\"govuk-back-link\">Accounts</a>\n");
  web_error_summary(r);
  html_raw(b, "<h1 class=\"govuk-heading-l\">People and their e-mails</h1>\n<p "
              "class=\"govuk-body\">The owners, directors and executive members the open "
              "recommendations name, the head of internal audit, and everyone with a stored "
              "address. Notifications go to these addresses; an account's e-mail address is "
              "used for its owner-as name when no address is set here.</p>\n");

  /* The data-quality list first. */
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"problems\">Who cannot be e-mailed</h2>\n");
  if (!nProblem) {
    html_raw(b, "<p class=\"govuk-body\">No problems: everyone named has a valid address.</p>\n");
  } else {
    html_raw(b, "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\" "
                "id=\"problem-list\">"
                "<caption class=\"govuk-table__caption govuk-table__caption--s\">");
    html_appendf(b, "%d %s with no address, an invalid one, or e-mails stopped", nProblem,
                 nProblem == 1 ? "person" : "people");
    html_raw(b, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    th(b, "Name");
    th(b, "Named as");
    th(b, "Open recommendations");
    th(b, "Problem");
    th(b, "Address");
    html_raw(b, "</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for (int i = 0; i < n; i++) {
      const PersonStatus *p = &a[i];
      if (!p->zProblem) continue;
      html_appendf(b,
                   "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
                   "%s</th>",
                   p->zName);
      td(b, p->zAs ? p->zAs : "not named on an open recommendation");
      snprintf(z, sizeof z, "%d", p->nOpen);
      td(b, z);
      td(b, p->zProblem);
      td(b, p->zEmail);
      html_raw(b, "</tr>\n");
    }
    html_raw(b, "</tbody></table></div>\n");
  }

  everyone_table(r, a, n);

  int posted = r->method == M_POST && r->route && !strcmp(r->route->zPattern, "/admin/people");
  html_raw(b, "<h2 class=\"govuk-heading-m\" id=\"set\">Set a person's address</h2>\n"
              "<form method=\"post\" action=\"/admin/people\" novalidate>");
  web_csrf_input(r);
  web_input(r, &(Control){.zName = "name",
                          .zLabel = "Name",
                          .zHint = "As the register writes it (any case)",
                          .zValue = posted ? web_arg_or(r, "name", "") : "",
                          .zClass = "govuk-!-width-two-thirds",
                          .zAuto = "off",
                          .zList = "people"});
  web_input(r, &(Control){.zName = "email",
                          .zLabel = "Email address",
                          .zHint = "Leave it empty to remove the address",
                          .zValue = posted ? web_arg_or(r, "email", "") : "",
                          .zClass = "govuk-!-width-two-thirds",
                          .zType = "email",
                          .zAuto = "off"});
  html_raw(b, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save "
              "the address</button></form>\n");
  if (page_suggest_names(r)) {
    notify_people_status_free(a, n);
    return;
  }
  web_page_end(r);
  notify_people_status_free(a, n);
}

static int people_page(Req *r) {
  people_render(r);
  return 0;
}

static int people_invalid(Req *r) {
  people_render(r);
  if (r->status < 400) r->status = 422;
  return 0;
}

static int person_set(Req *r) {
  const char *zName = web_arg(r, "name"), *zEmail = web_arg_or(r, "email", "");
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_person_set(r->db, &w, zName, zEmail, "web", &err);
  if (rc == ACT_INVALID) {
    const char *zMsg = buf_cstr(&err);
    const char *zWhy = strstr(zMsg, "not an e-mail address: ");
    if (zWhy) {
      web_field_err(r, "email",
                    "Enter an email address in the correct format, like name@example.com (%s)",
                    zWhy + strlen("not an e-mail address: "));
    } else {
      web_field_err_act(r, "name", zMsg);
    }
    people_render(r);
    r->status = 422;
  } else if (rc) {
    web_error(r, web_act_status(rc), "The address could not be saved. Try again in a moment.");
  } else {
    web_donef(r, "/admin/people", "Address %s for %s", zEmail[0] ? "saved" : "removed", zName);
  }
  buf_free(&err);
  return 0;
}

static int person_stop(Req *r) {
  const char *zName = web_arg(r, "name");
  int stop = !strcmp(web_arg(r, "action"), "stop"), n = 0;
  Actor w = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_person_stop(r->db, &w, zName, stop, "web", &n, &err);
  if (rc) {
    web_error(r, web_act_status(rc),
              rc == ACT_INVALID ? "A person's name is 1 to " LIMIT_STR(LIMIT_NAME) " characters."
                                : "The change could not be made. Try again in a moment.");
  } else {
    if (stop)
      web_donef(r, "/admin/people", "E-mails to %s stopped; %d queued message%s cancelled", zName,
                n, n == 1 ? "" : "s");
    else
      web_donef(r, "/admin/people", "E-mails to %s resumed", zName);
  }
  buf_free(&err);
  return 0;
}

static const Field aOutboxQuery[] = {{"all", F_BOOL, 0, 0, 0, "Every message"}, {0}};
static const Field aRetry[] = {{"id", F_INT, 0, 2147483647L, 0, "Message"}, {0}};
static const Field aRelease[] = {{"id", F_INT, 1, 2147483647L, 0, "Message"}, {0}};
static const Field aPersonSet[] = {{"name", F_LINE, 1, LIMIT_NAME, 0, "a name"},
                                   {"email", F_LINE, 0, 254, 0, "Email address"},
                                   {0}};
static const char *const azStop[] = {"stop", "resume", 0};
static const Field aPersonStop[] = {{"name", F_LINE, 1, LIMIT_NAME, 0, "a name"},
                                    {"action", F_ENUM, 1, 0, azStop, "stop or resume"},
                                    {0}};

static const Field aPeopleQuery[] = {WEB_SORT_FIELDS, {0}};

const Route page_notify_routes[] = {
    {M_GET, "/admin/outbox", CAP_ADMIN, ACC_NONE, 0, aOutboxQuery, outbox_page, 0,
     "the e-mail outbox: queued and failed messages (all=1: every message)"},
    {M_POST, "/admin/outbox/retry", CAP_ADMIN, ACC_NONE, 0, aRetry, outbox_retry, 0,
     "make a queued message (no id: every queued one) due now"},
    {M_POST, "/admin/outbox/release", CAP_ADMIN, ACC_NONE, 0, aRelease, outbox_release, 0,
     "send again a message held as may have been sent"},
    {M_GET, "/admin/people", CAP_ADMIN, ACC_NONE, 0, aPeopleQuery, people_page, 0,
     "people's e-mail addresses, with the data-quality list first; everyone sorted by any column"},
    {M_POST, "/admin/people", CAP_ADMIN, ACC_NONE, 0, aPersonSet, person_set, people_invalid,
     "set or remove a person's e-mail address"},
    {M_POST, "/admin/people/stop", CAP_ADMIN, ACC_NONE, 0, aPersonStop, person_stop, 0,
     "stop a person's e-mails (cancelling their queued messages) or resume them"},
    {0}};
