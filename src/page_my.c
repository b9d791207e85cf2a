/*
** page_my.c: "My actions": what internal audit returned to the signed-in user
** (first), what is overdue, due soon or waiting, from the shared register
** (web_register_acquire); internal audit's part, and each owner's or director's
** tables, are cached per register generation.
** Not for: one recommendation's page or its forms (page_rec.c), the dashboard,
** lists or reports (page_dashboard.c, page_list.c, page_report.c), or SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "page_rec.h"
#include "page_render.h"
#include "report_request.h"
#include "store.h"
#include "web.h"
#include "web_sort.h"

#define MY_MAX_ROWS 100 /* rows per table on My actions; the reports list them all */

/* ---- My actions ---- */

typedef struct MyRow {
  const Rec *rec;
  RecState st;
} MyRow;

typedef struct MyList {
  MyRow *a;
  int n, cap;
} MyList;

static void my_add(MyList *l, const Rec *rec, const RecState *st) {
  if (l->n == l->cap)
    l->a = xrealloc(l->a, sizeof(MyRow) * (size_t)(l->cap = l->cap ? l->cap * 2 : 16));
  l->a[l->n].rec = rec;
  l->a[l->n++].st = *st;
}

/* What a table of My actions shows in its date column. */
enum { MY_OVERDUE, MY_DUE, MY_FOLLOW_UP };

/* The tables' columns: the overdue, the due and the follow-ups. */
static const SortCol aMyOverdue[] = {
    {"Recommendation", "rec", SC_TITLE},     {"Audit", "audit", SC_TEXT},
    {"Directorate", "directorate", SC_TEXT}, {"Due", "due", SC_DATE},
    {"Months overdue", "months", SC_NUM},    {"Band", "band", SC_DESC}};
static const SortCol aMyDue[] = {{"Recommendation", "rec", SC_TITLE},
                                 {"Audit", "audit", SC_TEXT},
                                 {"Directorate", "directorate", SC_TEXT},
                                 {"Due", "due", SC_DATE}};
static const SortCol aMyFollowUp[] = {{"Recommendation", "rec", SC_TITLE},
                                      {"Audit", "audit", SC_TEXT},
                                      {"Directorate", "directorate", SC_TEXT},
                                      {"Next follow-up", "due", SC_DATE},
                                      {"Next action", "next", SC_TEXT}};

static void my_table(Req *r, const Register *g, const MyList *l, const char *zCaption,
                     const char *zEmpty, int kind) {
  Buf *b = &r->body;
  Buf nm = BUF_INIT;
  if (!l->n) {
    html_appendf(b, "<h2 class=\"govuk-heading-m\">%s</h2><p class=\"govuk-body\">%s</p>\n",
                 zCaption, zEmpty);
    return;
  }
  /* The columns this kind of table has, each sorting it (web_sort.h); the sort asked
  ** for applies to every table of the page that has its column. */
  const SortCol *aCol = kind == MY_OVERDUE ? aMyOverdue : kind == MY_DUE ? aMyDue : aMyFollowUp;
  int nCol = kind == MY_OVERDUE ? 6 : 5 - (kind == MY_DUE);
  TableSort ts = web_sort_read(r, aCol, nCol);
  SortVal *v = xmalloc(sizeof *v * (size_t)l->n * (size_t)nCol);
  for (int i = 0; i < l->n; i++) {
    const MyRow *x = &l->a[i];
    SortVal *w = &v[(size_t)i * (size_t)nCol];
    Day d = kind == MY_FOLLOW_UP ? x->st.pOpinion->nextFollowUp : x->st.due;
    w[0] = (SortVal){0, x->rec->id};
    w[1] = (SortVal){x->rec->zAuditTitle ? x->rec->zAuditTitle : "", 0};
    w[2] = (SortVal){x->rec->zDirectorate ? x->rec->zDirectorate : "", 0};
    w[3] = (SortVal){0, d == DAY_NONE ? SORT_EMPTY : d};
    if (kind == MY_FOLLOW_UP)
      w[4] = (SortVal){x->st.pOpinion->zNext ? x->st.pOpinion->zNext : "", 0};
    if (kind == MY_OVERDUE) w[4] = w[5] = (SortVal){0, x->st.months};
  }
  int *aIdx = xmalloc(sizeof *aIdx * (size_t)l->n);
  web_sort_rows(v, nCol, l->n, ts, aIdx);
  free(v);
  char zCap[160];
  snprintf(zCap, sizeof zCap, "%s (%d)", zCaption, l->n);
  web_sort_table_open(r, "m", zCap, aCol, nCol, ts, "/my", "");
  int nShow = l->n < MY_MAX_ROWS ? l->n : MY_MAX_ROWS;
  for (int k = 0; k < nShow; k++) {
    const MyRow *x = &l->a[aIdx[k]];
    buf_reset(&nm);
    page_rec_name(x->rec, web_rec_access(r, x->rec) == ACC_REDACTED, &nm);
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%lld%s%s: %s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell\">%s</td>",
                 x->rec->id, x->rec->id, x->rec->zRef ? " ref " : "",
                 x->rec->zRef ? x->rec->zRef : "", buf_cstr(&nm),
                 x->rec->zAuditTitle ? x->rec->zAuditTitle : "",
                 x->rec->zDirectorate ? x->rec->zDirectorate : "");
    if (kind == MY_FOLLOW_UP) {
      html_appendf(b,
                   "<td class=\"govuk-table__cell at-nowrap\">%D</td><td "
                   "class=\"govuk-table__cell\">%s</td>",
                   x->st.pOpinion->nextFollowUp,
                   x->st.pOpinion->zNext ? x->st.pOpinion->zNext : "");
    } else {
      html_appendf(b, "<td class=\"govuk-table__cell at-nowrap\">%s%D</td>",
                   x->st.due == DAY_NONE ? (x->st.currentTbc ? "TBC" : "No target date") : "",
                   x->st.due);
    }
    if (kind == MY_OVERDUE) {
      html_appendf(b,
                   "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%d</td>"
                   "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--red\">"
                   "%s</strong></td>",
                   x->st.months, rec_band_label(g->pol, &x->st));
    }
    html_raw(b, "</tr>\n");
  }
  html_raw(b, "</tbody></table></div>\n");
  free(aIdx);
  if (nShow < l->n && !cap_allows(CAP_REPORTS, r->user.role)) {
    html_appendf(b, "<p class=\"govuk-body\">The first %d of %d are shown here.</p>\n", nShow,
                 l->n);
  } else if (nShow < l->n) {
    html_appendf(b,
                 "<p class=\"govuk-body\">The first %d of %d are shown here. <a "
                 "class=\"govuk-link\" href=\"%s\">See them all</a>.</p>\n",
                 nShow, l->n,
                 kind == MY_FOLLOW_UP ? "/reports/outstanding" : "/reports/escalations");
  }
  buf_free(&nm);
}

/* The user's recommendations: their indexes in the register, ascending, each
** once. Sized by what the user answers for, never by the register. */
typedef struct Mine {
  int *a;
  int n;
} Mine;

static int int_cmp(const void *p, const void *q) {
  int x = *(const int *)p, y = *(const int *)q;
  return (x > y) - (x < y);
}

static int mine_has(const Mine *m, int i) {
  return m->n && bsearch(&i, m->a, (size_t)m->n, sizeof m->a[0], int_cmp) != 0;
}

/* Is a submission about recommendation recId one of the user's, or sent by them
** (account userId)? */
static int my_sub(const Req *r, const Register *g, const Mine *m, long long recId,
                  long long userId) {
  const Rec *rec = recset_find(g->set, recId);
  return (rec && mine_has(m, (int)(rec - g->set->a))) || userId == r->user.id;
}

/* The returns still with the service as at today, one "SUB REC USER" line each,
** into out: decided once per register generation and day (a decision or an
** update is a journal entry, so a new generation), because the review queue's
** history only grows and My actions is read on every visit. 0, or 1 when the
** submissions cannot be read (nothing is cached then). */
static int my_returns(Req *r, const Register *g, Buf *out) {
  char zKey[64];
  snprintf(zKey, sizeof zKey, "my|returned|%d", r->today);
  if (web_cache_get(r, g->gen, zKey, out)) return 0;
  Submission *a = 0;
  int n = 0;
  if (store_sub_events(r->db, &a, &n)) return 1;
  size_t n0 = out->n;
  for (int k = 0; k < n; k++) {
    const Submission *x = &a[k];
    const Rec *rec = recset_find(g->set, x->recId);
    if (!strcmp(x->zState, "pending") || !rec) continue;
    RecState st;
    rec_state_at(rec, g->pol, r->today, &st);
    if (st.exists && st.open && rec_returned_open(rec, x->decidedOn, x->progressSeen, r->today))
      buf_appendf(out, "%lld %lld %lld\n", x->id, x->recId, x->userId);
  }
  store_subs_free(a, n);
  web_cache_put(r, g->gen, zKey, out->z ? out->z + n0 : "", out->n - n0);
  return 0;
}

/* One return: the recommendation, the decision, what was returned, when, by whom
** and the note. */
static void my_return_card(Req *r, const Rec *rec, const Submission *x) {
  Buf *b = &r->body;
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf nm = BUF_INIT, t = BUF_INIT;
  int isDate = x->kind == SUBK_DATE;
  page_rec_name(rec, web_rec_access(r, rec) == ACC_REDACTED, &nm);
  html_appendf(b,
               "<div class=\"govuk-summary-card at-returned\"><div "
               "class=\"govuk-summary-card__title-wrapper\"><h3 "
               "class=\"govuk-summary-card__title\"><a class=\"govuk-link\" "
               "href=\"/recs/%lld\">%lld%s%s: %s</a></h3></div><div "
               "class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">",
               rec->id, rec->id, rec->zRef ? " ref " : "", rec->zRef ? rec->zRef : "",
               buf_cstr(&nm));
  buf_appendf(&t, "%s %s", isDate ? "Date request" : "Update", x->zState);
  page_rec_row(b, "Decision", buf_cstr(&t));
  buf_reset(&t);
  if (isDate)
    buf_appendf(&t, "Your request of %s for a new target date: %s", web_day(x->on, z),
                x->target == DAY_NONE ? "TBC" : web_day(x->target, z2));
  else
    buf_appendf(&t, "Your update of %s: %s", web_day(x->on, z), x->zText ? x->zText : "");
  page_rec_row(b, "What was returned", buf_cstr(&t));
  page_rec_row(b, "When", web_day(x->decidedOn, z));
  page_rec_row(b, "By", x->zDecidedBy);
  page_rec_row(b, "Note", x->zNote);
  html_raw(b, "</dl></div></div>\n");
  buf_free(&nm);
  buf_free(&t);
}

/* What internal audit returned and is still with the service (rec_returned_open,
** through my_returns), first on the page, until a newer update is posted. */
static void my_returned(Req *r, const Register *g, const Mine *m) {
  Buf idx = BUF_INIT;
  if (my_returns(r, g, &idx)) {
    buf_free(&idx);
    return;
  }
  int shown = 0, mine = 0;
  /* strtoll, not sscanf: sscanf measures the rest of the string on every call. */
  for (char *z = (char *)buf_cstr(&idx); *z;) {
    char *z0 = z;
    long long subId = strtoll(z, &z, 10), recId = strtoll(z, &z, 10);
    long long userId = strtoll(z, &z, 10);
    if (z == z0) break;
    while (*z == '\n') z++;
    const Rec *rec = recset_find(g->set, recId);
    if (!rec || !my_sub(r, g, m, recId, userId) || mine++ >= MY_MAX_ROWS) continue;
    Submission x;
    if (store_sub_get(r->db, subId, &x) || !x.id) continue;
    if (!shown++) {
      html_raw(&r->body, "<h2 class=\"govuk-heading-m\" id=\"returned\">Returned to you</h2>\n"
                         "<p class=\"govuk-body\">Internal audit has decided on what you sent. "
                         "Each stays here until you post a new update.</p>\n");
    }
    my_return_card(r, rec, &x);
    store_sub_clear(&x);
  }
  if (mine > MY_MAX_ROWS) {
    html_appendf(&r->body,
                 "<p class=\"govuk-body\">The first %d of %d are shown here: each goes once "
                 "you post a new update on its recommendation.</p>\n",
                 MY_MAX_ROWS, mine);
  }
  buf_free(&idx);
}

/* The user's open recommendations by urgency: overdue, due soon, due later. */
static void my_tables(Req *r, const Register *g, const Mine *m) {
  Buf *b = &r->body;
  const User *u = &r->user;
  MyList over = {0}, soon = {0}, later = {0};
  Day limit = r->today + DUE_SOON_DAYS;
  for (int k = 0; k < m->n; k++) { /* the state is computed only for the rows shown */
    const Rec *rec = &g->set->a[m->a[k]];
    RecState st;
    rec_state_at(rec, g->pol, r->today, &st);
    if (!st.exists || !st.open) continue;
    if (st.overdue)
      my_add(&over, rec, &st);
    else if (st.due != DAY_NONE && st.due <= limit)
      my_add(&soon, rec, &st);
    else
      my_add(&later, rec, &st);
  }
  html_appendf(b, "<p class=\"govuk-body\">%s as at %D.</p>\n",
               u->role == ROLE_DIRECTOR
                   ? "Open recommendations of your directorate"
                   : "Open recommendations you own or that are delegated to you",
               r->today);
  my_table(r, g, &over, "Overdue", "Nothing is overdue.", MY_OVERDUE);
  my_table(r, g, &soon, "Due within " DUE_SOON_DAYS_TEXT " days",
           "Nothing falls due in the next " DUE_SOON_DAYS_TEXT " days.", MY_DUE);
  my_table(r, g, &later, "Due later", "Nothing else is open.", MY_DUE);
  free(over.a);
  free(soon.a);
  free(later.a);
}

/* my_tables's rendering, cached per register generation: the same for every
** request of the same day, role, owner name or directorate and delegations,
** which decide the rows (and the role, what each row shows). */
static void my_tables_cached(Req *r, const Register *g, const Mine *m) {
  const User *u = &r->user;
  const char *zWho = u->role == ROLE_DIRECTOR ? u->zDirectorate : u->zOwnerAs;
  Buf key = BUF_INIT;
  buf_appendf(&key, "my|own|%d|%d|%zu:%s|%s|%s|", r->today, (int)u->role, strlen(zWho), zWho,
              web_arg_or(r, "sort", ""), web_arg_or(r, "order", ""));
  for (int k = 0; k < r->nDelegated; k++) buf_appendf(&key, "%lld,", r->aDelegated[k]);
  if (!web_cache_get(r, g->gen, buf_cstr(&key), &r->body)) {
    size_t n0 = r->body.n;
    my_tables(r, g, m);
    web_cache_put(r, g->gen, buf_cstr(&key), r->body.z ? r->body.z + n0 : "", r->body.n - n0);
  }
  buf_free(&key);
}

/* Owners and directors: what was returned to them, their open recommendations by
** urgency, then what waits for internal audit. */
static void my_own(Req *r, const Register *g) {
  Buf *b = &r->body;
  const User *u = &r->user;
  /* Whose they are, by rec_access's rule (access.h), from the register's index. */
  const int *aIdx;
  int isDir = u->role == ROLE_DIRECTOR;
  int nIdx = web_register_find(g, isDir, isDir ? u->zDirectorate : u->zOwnerAs, &aIdx);
  Mine m = {xmalloc(sizeof(int) * ((size_t)nIdx + (size_t)r->nDelegated + 1)), 0};
  for (int k = 0; k < nIdx; k++) m.a[m.n++] = aIdx[k];
  for (int k = 0; k < r->nDelegated; k++) { /* an owner's delegations, read per request */
    const Rec *rec = recset_find(g->set, r->aDelegated[k]);
    if (rec) m.a[m.n++] = (int)(rec - g->set->a);
  }
  qsort(m.a, (size_t)m.n, sizeof m.a[0], int_cmp); /* register order, as the lists show */
  int nUniq = 0;
  for (int k = 0; k < m.n; k++) {
    if (!nUniq || m.a[nUniq - 1] != m.a[k]) m.a[nUniq++] = m.a[k];
  }
  m.n = nUniq;
  my_returned(r, g, &m);
  my_tables_cached(r, g, &m);

  /* What was sent to internal audit and waits for its decision. */
  Submission *aSub = 0;
  int nSub = 0, shown = 0;
  if (store_sub_list(r->db, 0, &aSub, &nSub)) nSub = 0;
  for (int k = 0; k < nSub; k++) {
    const Submission *x = &aSub[k];
    if (!my_sub(r, g, &m, x->recId, x->userId)) continue;
    if (!shown++) {
      html_raw(b,
               "<div class=\"at-table-wrap\"><table class=\"govuk-table at-table--stack\"><caption "
               "class=\"govuk-table__caption govuk-table__caption--m\">Waiting for internal "
               "audit</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
               "<th scope=\"col\" class=\"govuk-table__header at-col-title\">Recommendation</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">What was sent</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">Sent on</th>"
               "<th scope=\"col\" class=\"govuk-table__header\">By</th></tr></thead>"
               "<tbody class=\"govuk-table__body\">\n");
    }
    html_appendf(b,
                 "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                 "class=\"govuk-link\" href=\"/recs/%lld\">%lld%s%s: %s</a></td>"
                 "<td class=\"govuk-table__cell\">%s</td><td class=\"govuk-table__cell "
                 "at-nowrap\">%D</td><td class=\"govuk-table__cell\">%s</td></tr>\n",
                 x->recId, x->recId, x->zRecRef ? " ref " : "", x->zRecRef ? x->zRecRef : "",
                 x->zAuditTitle ? x->zAuditTitle : "",
                 x->kind == SUBK_DATE ? "A new target date" : "An update", x->on,
                 x->zAuthor ? x->zAuthor : "");
  }
  if (shown)
    html_raw(b, "</tbody></table></div>\n");
  else
    html_raw(b, "<h2 class=\"govuk-heading-m\">Waiting for internal audit</h2><p "
                "class=\"govuk-body\">Nothing you sent is waiting for a decision.</p>\n");
  store_subs_free(aSub, nSub);
  free(m.a);
}

/* Internal audit: the queue, follow-ups due, and the escalation ladder. */
static void my_audit(Req *r, const Register *g) {
  Buf *b = &r->body;
  Submission *aSub = 0;
  int nSub = 0;
  if (store_sub_list(r->db, 0, &aSub, &nSub)) nSub = 0;
  store_subs_free(aSub, nSub);
  html_appendf(b,
               "<div class=\"govuk-inset-text\"><p class=\"govuk-body\"><a class=\"govuk-link\" "
               "href=\"/review\">Review queue: %d submission%s waiting for a decision</a></p>"
               "</div>\n",
               nSub, nSub == 1 ? "" : "s");
  MyList fu = {0};
  MyList *aRung = xcalloc((size_t)g->pol->nRung + 1, sizeof(MyList));
  Day limit = r->today + DUE_SOON_DAYS;
  for (int i = 0; i < g->set->n; i++) {
    const Rec *rec = &g->set->a[i];
    RecState st;
    rec_state_at(rec, g->pol, r->today, &st);
    if (!st.exists || !st.open) continue;
    if (st.pOpinion && st.pOpinion->nextFollowUp != DAY_NONE && st.pOpinion->nextFollowUp <= limit)
      my_add(&fu, rec, &st);
    if (st.overdue && st.rung >= 0 && st.rung < g->pol->nRung) my_add(&aRung[st.rung], rec, &st);
  }
  my_table(r, g, &fu, "Follow-ups due within " DUE_SOON_DAYS_TEXT " days or past",
           "No internal audit follow-up falls due in the next " DUE_SOON_DAYS_TEXT " days.",
           MY_FOLLOW_UP);
  for (int k = g->pol->nRung - 1; k >= 0; k--) {
    Buf t = BUF_INIT;
    buf_appendf(&t, "Overdue %d months or more: %s", g->pol->aRung[k].minMonths,
                g->pol->aRung[k].zAction);
    my_table(r, g, &aRung[k], buf_cstr(&t), "None at this rung.", MY_OVERDUE);
    buf_free(&t);
    free(aRung[k].a);
  }
  free(aRung);
  free(fu.a);
}

static int my_page(Req *r) {
  Register g;
  if (web_register_acquire(r, &g)) return 0; /* answered 500 */
  web_page_begin(r, "My actions");
  html_raw(&r->body, "<h1 class=\"govuk-heading-l\">My actions</h1>\n");
  if (r->user.role == ROLE_OWNER || r->user.role == ROLE_DIRECTOR) {
    my_own(r, &g);
  } else {
    /* The same for every auditor and admin: cached for the day at this generation. */
    char zKey[128];
    snprintf(zKey, sizeof zKey, "my|audit|%d|%.40s|%.8s", r->today, web_arg_or(r, "sort", ""),
             web_arg_or(r, "order", ""));
    if (!web_cache_get(r, g.gen, zKey, &r->body)) {
      /* Rendered apart from the page so the fragment can be cached. */
      Buf frag = BUF_INIT;
      Buf save = r->body;
      r->body = frag;
      my_audit(r, &g);
      frag = r->body;
      r->body = save;
      web_cache_put(r, g.gen, zKey, frag.z ? frag.z : "", frag.n);
      buf_append(&r->body, frag.z ? frag.z : "", frag.n);
      buf_free(&frag);
    }
  }
  web_page_end(r);
  web_register_release(r, &g);
  return 0;
}

/* ---- routes ---- */

static const Field aMyQuery[] = {WEB_SORT_FIELDS, {0}};

const Route page_my_routes[] = {{M_GET, "/my", CAP_UPDATE, ACC_NONE, 0, aMyQuery, my_page, 0,
                                 "my actions: what is overdue, due soon, waiting; each table "
                                 "sorted by any column"},
                                {0}};
