/*
** page_rec_history.c: one recommendation's history as its page shows it: in
** words, newest first, each action once (its making, revisions, updates with
** their evidence and review, opinions, committee decisions, date requests,
** field changes and delegations); for internal audit, the journal entries
** behind them with their detail, collapsed; and the line above the forms that
** says what is waiting for internal audit or what it sent back.
**
** The order and the entries are the model's rec_timeline(), the headings its
** rec_entry_title() and rec_change_title(); this file lays them out.
** Not for: the rest of the page or who sees which form (page_rec.c), the
** forms' POSTs (page_rec_act.c), SQL, or the journal's hash chain.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "page_rec.h"
#include "store.h"
#include "web.h"

/* Day of a "YYYY-MM-DD..." timestamp, or DAY_NONE. */
Day page_rec_stamp_day(const char *z) {
  int y, m, d;
  if (!z || sscanf(z, "%4d-%2d-%2d", &y, &m, &d) != 3 || !day_valid_ymd(y, m, d)) return DAY_NONE;
  return day_from_ymd(y, m, d);
}

/* One entry of the history: its heading, then when and by whom. */
static void entry_open(Buf *b, const char *zTitle, Day on, const char *zBy) {
  html_appendf(b,
               "<div class=\"at-timeline__entry\"><h3 class=\"govuk-heading-s "
               "govuk-!-margin-bottom-1\">%s</h3><p class=\"govuk-body-s govuk-!-margin-bottom-1\">"
               "%s%D%s%s</p>",
               zTitle, on == DAY_NONE ? "Date not recorded" : "", on, zBy ? " by " : "",
               zBy ? zBy : "");
}

static void para(Buf *b, const char *zLabel, const char *zText) {
  if (!zText || !zText[0]) return;
  if (zLabel)
    html_appendf(b, "<p class=\"govuk-body at-pre\"><strong>%s:</strong> %s</p>", zLabel, zText);
  else
    html_appendf(b, "<p class=\"govuk-body at-pre\">%s</p>", zText);
}

static void sub_state(Buf *b, const Submission *s) {
  const char *zState = s->zState ? s->zState : "pending";
  if (!strcmp(zState, "pending")) {
    html_raw(b, "<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--yellow\">Waiting for "
                "internal audit's review</strong></p>");
    return;
  }
  int good = !strcmp(zState, "accepted") || !strcmp(zState, "approved");
  html_appendf(b,
               "<p class=\"govuk-body\"><strong class=\"govuk-tag %s\">%s</strong> by %s on %D</p>",
               good ? "govuk-tag--green" : "govuk-tag--red",
               !strcmp(zState, "accepted")   ? "Accepted"
               : !strcmp(zState, "approved") ? "Approved"
               : !strcmp(zState, "rejected") ? "Rejected"
                                             : "Refused",
               s->zDecidedBy ? s->zDecidedBy : "internal audit", s->decidedOn);
  para(b, "Reviewer's note", s->zNote);
}

void page_rec_evidence_links(Buf *b, const Evidence *aEv, int nEv, long long progressId) {
  int any = 0;
  for (int i = 0; i < nEv; i++) {
    if (aEv[i].progressId != progressId) continue;
    if (!any++) html_raw(b, "<ul class=\"govuk-list\">");
    html_appendf(b,
                 "<li><a class=\"govuk-link\" href=\"/evidence/%lld\">Download %s</a> (%lld KB)"
                 "</li>",
                 aEv[i].id, aEv[i].zName, (aEv[i].size + 1023) / 1024);
  }
  if (any) html_raw(b, "</ul>");
}

/* Is journal action zAction told in words by a journal entry of its own? The
** others repeat what the timeline already says from the register (an update,
** a revision, an opinion, a decision, a date request or its review). */
static int journal_in_words(const char *zAction) {
  return zAction && (!strcmp(zAction, "rec.set") || !strcmp(zAction, "rec.delegate"));
}

/* A journal entry told in words: a field's change with its old and new value,
** or a delegation. Its detail is the journal's flat JSON object. */
static void journal_words(Buf *b, const JournalRow *j, Day on) {
  Form f = {0};
  Buf err = BUF_INIT, t = BUF_INIT;
  const char *zDetail = j->zDetail ? j->zDetail : "{}";
  int bad = web_json_form(zDetail, strlen(zDetail), &f, &err);
  if (!strcmp(j->zAction, "rec.set")) {
    const char *zField = bad ? 0 : form_get(&f, "field");
    const char *zOld = bad ? 0 : form_get(&f, "old"), *zNew = bad ? 0 : form_get(&f, "new");
    rec_change_title(zField, zOld, zNew, &t);
    entry_open(b, buf_cstr(&t), on, j->zActor);
    /* A rating's change says what it was when the journal kept it (since it names
    ** each rating as "Label (CODE)"). */
    if (zField && strcmp(zField, "confidential") && (strcmp(zField, "risk") || zOld)) {
      para(b, "Was", zOld && zOld[0] ? zOld : "Not recorded");
      para(b, "Now", zNew && zNew[0] ? zNew : "Not recorded");
    }
  } else {
    const char *zLogin = bad ? 0 : form_get(&f, "login");
    const char *zOn = bad ? 0 : form_get(&f, "delegated");
    int removed = zOn && !strcmp(zOn, "false");
    buf_appendf(&t, "%s the owner account %s", removed ? "No longer delegated to" : "Delegated to",
                zLogin ? zLogin : "(not recorded)");
    entry_open(b, buf_cstr(&t), on, j->zActor);
  }
  buf_free(&t);
  buf_free(&err);
  form_free(&f);
}

/* The layout of one timeline entry (its heading already in t). */
static void entry(Buf *b, const Rec *x, const TimeEntry *e, Buf *t, const Submission *aSub,
                  int nSub, const Evidence *aEv, int nEv, const JournalRow *aJ) {
  char z[DAY_FMT_MAX];
  switch (e->kind) {
  case TL_MADE:
    entry_open(b, buf_cstr(t), e->on, 0);
    para(b, "Original target",
         x->original != DAY_NONE ? web_day(x->original, z) : x->zOriginalText);
    break;
  case TL_REVISION: {
    const Revision *v = &x->aRev[e->idx];
    if (v->zAgreedBy) buf_appendf(t, ", agreed by %s", v->zAgreedBy);
    entry_open(b, buf_cstr(t), e->on, 0);
    para(b, "As written", v->zTargetText);
    para(b, "Reason", v->zReason);
    para(b, "Cycle", v->zCycle);
    break;
  }
  case TL_UPDATE: {
    const Progress *u = &x->aProg[e->idx];
    entry_open(b, buf_cstr(t), e->on, u->zAuthor);
    para(b, 0, u->zText);
    if (u->claimed >= 0) para(b, "Claimed status", status_labels[u->claimed]);
    if (u->percent >= 0) {
      html_appendf(b, "<p class=\"govuk-body\"><strong>Complete:</strong> %d%%</p>", u->percent);
    }
    page_rec_evidence_links(b, aEv, nEv, u->id);
    for (int j = 0; j < nSub; j++) {
      if (aSub[j].kind == SUBK_UPDATE && aSub[j].progressId == u->id) sub_state(b, &aSub[j]);
    }
    break;
  }
  case TL_OPINION: {
    const Opinion *o = &x->aOp[e->idx];
    entry_open(b, buf_cstr(t), e->on, o->zAuthor);
    para(b, 0, o->zText);
    para(b, "Risk accepted by", o->zAcceptedBy);
    para(b, "Next action", o->zNext);
    if (o->nextFollowUp != DAY_NONE) para(b, "Next follow-up", web_day(o->nextFollowUp, z));
    break;
  }
  case TL_DECISION: {
    const Decision *d = &x->aDec[e->idx];
    entry_open(b, buf_cstr(t), e->on, 0);
    para(b, "Meeting", d->zMeeting);
    para(b, 0, d->zText);
    break;
  }
  case TL_DATE_REQUEST: {
    const Submission *s = &aSub[e->idx];
    buf_appendf(t, "New target date asked for: %s",
                s->target == DAY_NONE ? "TBC" : web_day(s->target, z));
    entry_open(b, buf_cstr(t), e->on, s->zAuthor);
    para(b, "Reason", s->zReason);
    sub_state(b, s);
    break;
  }
  default: journal_words(b, &aJ[e->idx], e->on);
  }
  html_raw(b, "</div>\n");
}

/* Internal audit's view of the journal entries about x by asAt, newest first,
** with their detail as recorded: collapsed, under the history. */
static void journal_section(Buf *b, const JournalRow *aJ, int nJ, Day asAt) {
  int n = 0;
  for (int i = 0; i < nJ; i++) n += page_rec_stamp_day(aJ[i].zAt) <= asAt;
  html_appendf(b,
               "<details class=\"govuk-details\" id=\"journal\"><summary class=\"govuk-details__"
               "summary\"><span class=\"govuk-details__summary-text\">Journal entries (%d)</span>"
               "</summary><div class=\"govuk-details__text\"><p class=\"govuk-body-s\">Every "
               "change as the journal recorded it, newest first; internal audit only.</p>"
               "<ol class=\"govuk-list at-journal\" reversed>\n",
               n);
  for (int i = nJ - 1; i >= 0; i--) {
    const JournalRow *j = &aJ[i];
    if (page_rec_stamp_day(j->zAt) > asAt) continue;
    html_appendf(b,
                 "<li><p class=\"govuk-body-s govuk-!-margin-bottom-1\"><strong>Entry %lld: "
                 "%s</strong> by %s, %s</p><p class=\"govuk-body-s at-pre\"><code>%s</code>"
                 "</p></li>\n",
                 j->id, j->zAction ? j->zAction : "", j->zActor ? j->zActor : "not recorded",
                 j->zAt ? j->zAt : "", j->zDetail ? j->zDetail : "");
  }
  html_raw(b, "</ol></div></details>\n");
}

void page_rec_history(Req *r, Buf *b, const Rec *x, Day asAt, int audit) {
  Submission *aSub = 0;
  Evidence *aEv = 0;
  JournalRow *aJ = 0;
  int nSub = 0, nEv = 0, nJ = 0;
  if (store_sub_list(r->db, x->id, &aSub, &nSub) ||
      store_evidence_list(r->db, x->id, 0, &aEv, &nEv) ||
      store_journal_rec(r->db, x->id, &aJ, &nJ)) {
    html_raw(b, "<p class=\"govuk-body\">The history could not be read. Try again.</p>");
    goto end;
  }
  /* Date requests, field changes and delegations, merged into the
  ** recommendation's own timeline; as at a past date, what had happened by then. */
  TimeEntry *aExtra = xcalloc((size_t)nSub + (size_t)nJ + 1, sizeof *aExtra), *a;
  int nExtra = 0;
  for (int i = 0; i < nSub; i++) {
    if (aSub[i].kind == SUBK_DATE) {
      aExtra[nExtra++] = (TimeEntry){aSub[i].on, TL_DATE_REQUEST, i, aSub[i].id};
    }
  }
  for (int i = 0; i < nJ; i++) {
    if (!journal_in_words(aJ[i].zAction)) continue;
    aExtra[nExtra++] = (TimeEntry){page_rec_stamp_day(aJ[i].zAt), TL_JOURNAL, i, aJ[i].id};
  }
  int n = rec_timeline(x, aExtra, nExtra, asAt, &a);
  free(aExtra);
  html_appendf(b,
               "<h2 class=\"govuk-heading-m\" id=\"history\">History</h2>\n<p class=\"govuk-body\">"
               "%d entr%s, newest first.</p>\n<div class=\"at-timeline\">\n",
               n, n == 1 ? "y" : "ies");
  for (int i = n - 1; i >= 0; i--) {
    Buf t = BUF_INIT;
    rec_entry_title(x, &a[i], DAY_TEXT, &t);
    entry(b, x, &a[i], &t, aSub, nSub, aEv, nEv, aJ);
    buf_free(&t);
  }
  html_raw(b, "</div>\n");
  free(a);
  if (audit) journal_section(b, aJ, nJ, asAt);
end:
  store_subs_free(aSub, nSub);
  store_evidence_free(aEv, nEv);
  store_journal_rows_free(aJ, nJ);
}

void page_rec_waiting(Req *r, Buf *b, const Rec *x) {
  Submission *aSub = 0;
  int nSub = 0;
  if (store_sub_list(r->db, x->id, &aSub, &nSub)) return; /* the history says it cannot read them */
  /* The latest of each kind: waiting, or sent back with internal audit's note. */
  for (int k = 0; k < 2; k++) {
    const Submission *s = 0;
    for (int i = 0; i < nSub; i++) {
      if ((int)aSub[i].kind == (k ? SUBK_DATE : SUBK_UPDATE) &&
          (!s || aSub[i].on > s->on || (aSub[i].on == s->on && aSub[i].id > s->id)))
        s = &aSub[i];
    }
    if (!s || !s->zState) continue;
    const char *zWhat = k ? "date request" : "update";
    if (!strcmp(s->zState, "pending")) {
      html_appendf(b,
                   "<p class=\"govuk-body at-waiting\"><strong class=\"govuk-tag "
                   "govuk-tag--yellow\">Waiting</strong> The %s sent on %D by %s is waiting for "
                   "internal audit's review.</p>\n",
                   zWhat, s->on, s->zAuthor ? s->zAuthor : "the service");
    } else if (!strcmp(s->zState, "rejected") || !strcmp(s->zState, "refused")) {
      html_appendf(b,
                   "<div class=\"govuk-inset-text at-returned\"><p class=\"govuk-body\"><strong>"
                   "Internal audit %s the %s sent on %D</strong> (%s, %D).</p>",
                   !strcmp(s->zState, "rejected") ? "rejected" : "refused", zWhat, s->on,
                   s->zDecidedBy ? s->zDecidedBy : "internal audit", s->decidedOn);
      para(b, "Their note", s->zNote);
      html_raw(b, "</div>\n");
    }
  }
  store_subs_free(aSub, nSub);
}
