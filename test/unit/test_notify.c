/*
** test_notify.c: the notification plan (notify.c) on recommendations built in
** memory, the templates, and the MIME and address checks of mail.c.
*/
#include <stdio.h>
#include <stdlib.h>

#include "mail.h"
#include "notify.h"
#include "notify_run.h"
#include "t.h"

#define D(y, m, d) day_from_ymd(y, m, d)

static Rec rec_owned(long long id, Day target, const char *zOwner) {
  Rec r;
  memset(&r, 0, sizeof r);
  r.id = id;
  r.original = target;
  r.existsFrom = D(2024, 1, 1);
  r.riskRank = -1;
  r.zOwner = (char *)zOwner;
  r.zDirector = (char *)"Dir";
  r.zExecMember = (char *)"Cllr";
  return r;
}

/* Plan one recommendation as at a date; the notices' keys, space separated. */
static void plan1(Rec *r, const Cycle *aC, int nC, Day asAt, char *zOut, size_t n) {
  Policy p;
  policy_default(&p);
  NotifyConfig c;
  notify_config_default(&c);
  RecSet s = {1, r, 0};
  NoticeList l;
  notify_plan(&s, &p, aC, nC, &c, asAt, &l);
  zOut[0] = 0;
  for (int i = 0; i < l.n; i++) {
    size_t k = strlen(zOut);
    snprintf(zOut + k, n - k, "%s%s>%s", i ? " " : "", l.a[i].zKey, l.a[i].zRecipient);
  }
  notice_list_free(&l);
}

TEST(notify_reminders_latest_only) {
  Rec r = rec_owned(5, D(2024, 6, 30), "Ann");
  char z[512];
  plan1(&r, 0, 0, D(2024, 5, 30), z, sizeof z);
  CHECK_STR(z, "");
  plan1(&r, 0, 0, D(2024, 5, 31), z, sizeof z);
  CHECK_STR(z, "reminder:5:2024-06-30:30>Ann");
  plan1(&r, 0, 0, D(2024, 6, 22), z, sizeof z);
  CHECK_STR(z, "reminder:5:2024-06-30:30>Ann");
  /* A missed 30-day reminder is made up by the 7-day one, never both. */
  plan1(&r, 0, 0, D(2024, 6, 23), z, sizeof z);
  CHECK_STR(z, "reminder:5:2024-06-30:7>Ann");
  plan1(&r, 0, 0, D(2024, 6, 29), z, sizeof z);
  CHECK_STR(z, "reminder:5:2024-06-30:7>Ann");
  /* On the day itself nothing: it is not overdue yet, and the reminders have gone. */
  plan1(&r, 0, 0, D(2024, 6, 30), z, sizeof z);
  CHECK_STR(z, "");
  plan1(&r, 0, 0, D(2024, 7, 1), z, sizeof z);
  CHECK_STR(z, "overdue:5:2024-06-30:0>Ann");
}

TEST(notify_monthly_then_rungs) {
  Rec r = rec_owned(7, D(2024, 1, 31), 0); /* no owner: the director is told */
  char z[512];
  plan1(&r, 0, 0, D(2024, 2, 29), z, sizeof z);
  CHECK_STR(z, "overdue:7:2024-01-31:0>Dir");
  plan1(&r, 0, 0, D(2024, 3, 1), z, sizeof z);
  CHECK_STR(z, "overdue:7:2024-01-31:1>Dir");
  /* 6 months (calendar count) on 1 July: the executive member's rung. */
  plan1(&r, 0, 0, D(2024, 6, 30), z, sizeof z);
  CHECK_STR(z, "overdue:7:2024-01-31:4>Dir");
  plan1(&r, 0, 0, D(2024, 7, 1), z, sizeof z);
  CHECK_STR(z, "escalation:7:0>Cllr overdue:7:2024-01-31:5>Dir");
  plan1(&r, 0, 0, D(2024, 10, 1), z, sizeof z);
  CHECK_STR(z, "overdue:7:2024-01-31:8>Dir escalation:7:1>Dir");
  /* Closed: nothing. */
  Opinion o = {1, D(2024, 10, 2), ST_IMPLEMENTED, 0, 0, 0, 0, DAY_NONE};
  r.aOp = &o;
  r.nOp = 1;
  plan1(&r, 0, 0, D(2024, 10, 3), z, sizeof z);
  CHECK_STR(z, "");
}

TEST(notify_rung_day_and_update_window) {
  Policy p;
  policy_default(&p);
  NotifyConfig c;
  notify_config_default(&c);
  Rec r = rec_owned(9, D(2024, 1, 31), "Ann");
  Cycle y = {1, (char *)"July committee", D(2024, 7, 15), D(2024, 6, 28), 0, 0};
  RecSet s = {1, &r, 0};
  NoticeList l;
  notify_plan(&s, &p, &y, 1, &c, D(2024, 7, 10), &l);
  CHECK_INT(l.n, 2);
  /* Sorted by recipient, then kind. */
  CHECK_STR(l.a[0].zRecipient, "Ann");
  CHECK_INT(l.a[0].kind, NK_MONTHLY);
  CHECK_INT(l.a[0].on, D(2024, 7, 1));
  CHECK_INT(l.a[1].kind, NK_ESCALATION);
  CHECK_STR(l.a[1].zRecipient, "Cllr");
  CHECK_INT(l.a[1].on, D(2024, 7, 1));
  CHECK_STR(l.a[1].pRung->zAction, "Executive member notified");
  notice_list_free(&l);
  /* Update requests run from 14 days before the deadline to the deadline. */
  r.original = D(2025, 1, 1);
  notify_plan(&s, &p, &y, 1, &c, D(2024, 6, 13), &l);
  CHECK_INT(l.n, 0);
  notice_list_free(&l);
  notify_plan(&s, &p, &y, 1, &c, D(2024, 6, 14), &l);
  CHECK_INT(l.n, 1);
  CHECK_STR(l.a[0].zKey, "update:9:2024-07-15");
  notice_list_free(&l);
  notify_plan(&s, &p, &y, 1, &c, D(2024, 6, 29), &l);
  CHECK_INT(l.n, 0);
  notice_list_free(&l);
}

TEST(notify_rung_naming_several_people) {
  Policy p;
  policy_default(&p);
  Buf e = BUF_INIT;
  CHECK(!policy_set(&p, "ladder", "3:owner, director, head of internal audit:Chased", &e));
  NotifyConfig c;
  notify_config_default(&c);
  CHECK(!notify_config_set(&c, "head", "Chief Auditor", &e));
  Rec r = rec_owned(4, D(2024, 1, 31), "Dir"); /* owner and director the same person */
  RecSet s = {1, &r, 0};
  NoticeList l;
  notify_plan(&s, &p, 0, 0, &c, D(2024, 4, 2), &l);
  CHECK_INT(l.n, 3);
  CHECK_STR(l.a[0].zRecipient, "Chief Auditor");
  CHECK_STR(l.a[0].zKey, "escalation:4:0");
  CHECK_STR(l.a[1].zRecipient, "Dir");
  CHECK_INT(l.a[1].kind, NK_MONTHLY);
  CHECK_STR(l.a[2].zKey, "escalation:4:0");
  notice_list_free(&l);
  buf_free(&e);
}

/* A rung that names the owner reaches the accountable person: with no owner
** written, the director (model.h's rung_people, RUNG_TO_REACH), where the
** escalations report prints the empty owner column. */
TEST(notify_rung_owner_is_the_accountable_person) {
  Policy p;
  policy_default(&p);
  Buf e = BUF_INIT;
  CHECK(!policy_set(&p, "ladder", "3:owner:Chased", &e));
  NotifyConfig c;
  notify_config_default(&c);
  Rec r = rec_owned(6, D(2024, 1, 31), "");
  RecSet s = {1, &r, 0};
  NoticeList l;
  notify_plan(&s, &p, 0, 0, &c, D(2024, 4, 2), &l);
  CHECK_INT(l.n, 2);
  CHECK_STR(l.a[0].zRecipient, "Dir");
  CHECK_INT(l.a[0].kind, NK_MONTHLY);
  CHECK_STR(l.a[1].zRecipient, "Dir");
  CHECK_STR(l.a[1].zKey, "escalation:6:0");
  notice_list_free(&l);
  buf_free(&e);
}

TEST(notify_config_parsing) {
  NotifyConfig c;
  notify_config_default(&c);
  Buf e = BUF_INIT;
  CHECK(!notify_config_set(&c, "reminder-days", "60, 1,14", &e));
  CHECK_INT(c.nRemind, 3);
  CHECK_INT(c.aRemindDays[0], 1);
  CHECK_INT(c.aRemindDays[2], 60);
  CHECK(notify_config_set(&c, "reminder-days", "7,7", &e));
  CHECK(notify_config_set(&c, "reminder-days", "0", &e));
  CHECK(notify_config_set(&c, "update-days", "x", &e));
  CHECK_INT(c.nRemind, 3);
  buf_free(&e);
}

TEST(notify_digest_escapes_html) {
  Rec r = rec_owned(3, D(2024, 6, 30), "Ann");
  r.zTitle = (char *)"<b>Fish & chips</b>";
  r.zAuditTitle = (char *)"Catering";
  Notice x;
  memset(&x, 0, sizeof x);
  x.pRec = &r;
  x.zRecipient = "Ann";
  x.kind = NK_REMINDER;
  x.date = D(2024, 6, 30);
  DigestIn in;
  memset(&in, 0, sizeof in);
  in.zName = "Ann";
  in.zBaseUrl = "https://a.example/";
  in.asAt = D(2024, 6, 23);
  in.azTmpl[TMPL_HTML] = "{{#items}}<a href=\"{{link}}\">{{title}}</a>{{reason}}{{/items}}";
  Buf s = BUF_INIT, t = BUF_INIT, h = BUF_INIT;
  notify_digest(&in, &x, 1, &s, &t, &h);
  CHECK_STR(buf_cstr(&s), "Audit recommendations: 1 item for your attention");
  CHECK_STR(buf_cstr(&h), "<a href=\"https://a.example/recs/3\">&lt;b&gt;Fish &amp; chips&lt;/b&gt;"
                          "</a>Target date 30 June 2024: 7 days from now.");
  CHECK(strstr(buf_cstr(&t), "* #3 <b>Fish & chips</b> (Catering)\n"));
  Buf e = BUF_INIT;
  CHECK(tmpl_check(TMPL_HTML, "{{#items}}{{title}}", &e));
  CHECK(tmpl_check(TMPL_REMINDER, "{{reason}}", &e));
  buf_reset(&e);
  CHECK(!tmpl_check(TMPL_REMINDER, "Due {{target}} ({{days}} days)", &e));
  for (int i = 0; i < TMPL__MAX; i++) CHECK(!tmpl_check((TmplId)i, tmpl_defaults[i], &e));
  buf_free(&e);
  buf_free(&s);
  buf_free(&t);
  buf_free(&h);
}

TEST(mail_addresses) {
  char z[96];
  CHECK(mail_addr_valid("jane.smith@council.gov.uk", z, sizeof z));
  CHECK(mail_addr_valid("a+tag@x.io", z, sizeof z));
  CHECK(!mail_addr_valid("jane smith@council.gov.uk", z, sizeof z));
  CHECK(!mail_addr_valid("jane@localhost", z, sizeof z));
  CHECK(!mail_addr_valid("jane@@x.org", z, sizeof z));
  CHECK(!mail_addr_valid("jane.@x.org", z, sizeof z));
  CHECK(!mail_addr_valid("jane@x.org\r\nBcc: y@z.org", z, sizeof z));
  CHECK(!mail_addr_valid("<jane@x.org>", z, sizeof z));
  CHECK(!mail_addr_valid("", z, sizeof z));
}

TEST(mail_mime_headers_and_qp) {
  MailMsg m = {"ia@x.org",
               "Audit",
               0,
               "zoe@x.org",
               "Zoë \"Z\" Brown",
               "Résumé of items",
               "caf\xc3\xa9 = ok \n.dot\ntrailing \n",
               0,
               "abc@x.org",
               0,
               (time_t)1700000000};
  Buf o = BUF_INIT;
  mail_build(&m, &o);
  const char *z = buf_cstr(&o);
  CHECK(strstr(z, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
  CHECK(strstr(z, "From: \"Audit\" <ia@x.org>\r\n"));
  CHECK(strstr(z, "To: =?UTF-8?B?Wm/DqyAiWiIgQnJvd24=?= <zoe@x.org>\r\n"));
  CHECK(strstr(z, "Subject: =?UTF-8?B?UsOpc3Vtw6kgb2YgaXRlbXM=?=\r\n"));
  CHECK(strstr(z, "Message-ID: <abc@x.org>\r\n"));
  CHECK(strstr(z, "\r\n\r\ncaf=C3=A9 =3D ok=20\r\n=2Edot\r\ntrailing=20\r\n"));
  CHECK(!strstr(z, "Reply-To"));
  buf_free(&o);
}

/* Every notification setting: found by name, listed by the help and named by the message
** for an unknown key; its default passes its own check; the plan's defaults agree. */
TEST(notify_setting_table) {
  Buf help = BUF_INIT, e = BUF_INIT;
  notify_settings_help(&help);
  CHECK(notify_setting_check("colour", "blue", &e) != 0);
  for (int i = 0; i < NOTIFY_SETTING__MAX; i++) {
    const NotifySetting *t = &notify_settings[i];
    CHECK_INT(notify_setting_find(t->zName), i);
    char zLine[64];
    snprintf(zLine, sizeof zLine, "  %s ", t->zName);
    CHECK(strstr(buf_cstr(&help), zLine) != 0);
    CHECK(strstr(buf_cstr(&e), t->zName) != 0);
    Buf e2 = BUF_INIT;
    if (t->zDefault) CHECK_INT(notify_setting_check(t->zName, t->zDefault, &e2), 0);
    CHECK_INT(notify_setting_check(t->zName, "", &e2), 0); /* '' clears any setting */
    CHECK(notify_setting_check(t->zName, "a\nb", &e2) != 0);
    buf_free(&e2);
  }
  CHECK_INT(notify_setting_find("nonsense"), -1);
  CHECK(notify_setting_check("hour", "24", &e) != 0);
  CHECK(notify_setting_check("smtp-url", "http://x", &e) != 0);
  NotifyConfig a, b;
  notify_config_default(&a);
  memset(&b, 0, sizeof b);
  CHECK_INT(notify_config_set(&b, "reminder-days", notify_settings[NS_REMINDER_DAYS].zDefault, &e),
            0);
  CHECK_INT(notify_config_set(&b, "update-days", notify_settings[NS_UPDATE_DAYS].zDefault, &e), 0);
  CHECK_INT(b.nRemind, a.nRemind);
  for (int i = 0; i < a.nRemind; i++) CHECK_INT(b.aRemindDays[i], a.aRemindDays[i]);
  CHECK_INT(b.updateDays, a.updateDays);
  buf_free(&help);
  buf_free(&e);
}

/* Events: a rejected update goes to the owner from the day it was decided, once,
** keyed by its submission, until the owner posts a newer update (rec_returned_open);
** a waiting submission goes to the head of internal audit while it waits. */
TEST(notify_plan_events_returned_and_review) {
  Policy p;
  policy_default(&p);
  NotifyConfig c;
  notify_config_default(&c);
  Rec r = rec_owned(7, D(2025, 6, 30), "Ann");
  Progress aProg[2] = {{30, D(2024, 6, 2), "Done", ST_IMPLEMENTED, -1, "Ann", 0},
                       {41, D(2024, 6, 20), "Reconciliations attached", -1, -1, "Ann", 0}};
  r.aProg = aProg;
  r.nProg = 1;
  RecSet s = {1, &r, 0};
  NotifyEvent aEv[3] = {
      {12, 7, 0, D(2024, 6, 2), DAY_NONE, "rejected", D(2024, 6, 5), 30, "Ivy Auditor",
       "Attach the signed reconciliations", "Ann"},
      {13, 7, 1, D(2024, 6, 3), D(2025, 3, 31), 0, DAY_NONE, 0, 0, 0, "Ann"},
      {14, 99, 0, D(2024, 6, 2), DAY_NONE, "refused", D(2024, 6, 5), 0, "Ivy", "No", "Bo"}};
  NoticeList l;
  memset(&l, 0, sizeof l);
  /* Before the decision: nothing for the owner; no head named: nobody for the review. */
  notify_plan_events(&s, &p, aEv, 3, &c, D(2024, 6, 4), &l);
  CHECK_INT(l.n, 0);
  notice_list_free(&l);
  Buf e = BUF_INIT;
  CHECK(!notify_config_set(&c, "head", "Chief Auditor", &e));
  notify_plan_events(&s, &p, aEv, 3, &c, D(2024, 6, 10), &l);
  CHECK_INT(l.n, 2);
  CHECK_STR(l.a[0].zRecipient, "Ann");
  CHECK_STR(l.a[0].zKey, "returned:7:12");
  CHECK_INT(l.a[0].kind, NK_RETURNED);
  CHECK_INT(l.a[0].on, D(2024, 6, 5));
  CHECK_STR(l.a[1].zRecipient, "Chief Auditor");
  CHECK_STR(l.a[1].zKey, "review:7:13");
  CHECK_INT(l.a[1].on, D(2024, 6, 3));
  /* The owner's digest says what was returned, by whom, when, and the note. */
  DigestIn in;
  memset(&in, 0, sizeof in);
  in.zName = "Ann";
  in.asAt = D(2024, 6, 10);
  Buf subj = BUF_INIT, text = BUF_INIT, html = BUF_INIT;
  notify_digest(&in, &l.a[0], 1, &subj, &text, &html);
  CHECK(strstr(buf_cstr(&text), "Returned to you on 5 June 2024: Ivy Auditor rejected the update "
                                "sent on 2 June 2024. Attach the signed reconciliations") != 0);
  buf_reset(&text);
  notify_digest(&in, &l.a[1], 1, &subj, &text, &html);
  CHECK(strstr(buf_cstr(&text), "Waiting for internal audit's review: the request for a new "
                                "target date (31 March 2025) sent on 3 June 2024 by Ann.") != 0);
  notice_list_free(&l);
  /* A newer update answers the return: it is no longer due (queued: cancelled). */
  r.nProg = 2;
  notify_plan_events(&s, &p, aEv, 1, &c, D(2024, 6, 21), &l);
  CHECK_INT(l.n, 0);
  notice_list_free(&l);
  /* ...but only from the day it was made, as at an earlier date it is still due. */
  notify_plan_events(&s, &p, aEv, 1, &c, D(2024, 6, 19), &l);
  CHECK_INT(l.n, 1);
  notice_list_free(&l);
  CHECK(tmpl_from_name("returned") == TMPL_RETURNED && tmpl_from_name("review") == TMPL_REVIEW);
  CHECK(!tmpl_check(TMPL_RETURNED, "{{by}} {{verdict}} {{sent}} {{decided}}: {{note}}", &e));
  buf_free(&subj);
  buf_free(&text);
  buf_free(&html);
  buf_free(&e);
}
