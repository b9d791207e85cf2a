/*
** notify.c: the notification plan and the digests' text (see notify.h).
**
** The plan asks the as-at engine for each recommendation's state on the date and
** turns it into notices with keys; it never reads the database or the clock, so a
** year can be simulated a day at a time and the result checked exactly. The
** templates are a small {{mustache}} subset: {{name}}, {{{name}}} and one section,
** {{#items}}...{{/items}}. Not for: what was sent (store_notify.c) or MIME (mail.c).
*/
#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

const char *const notice_kind_names[] = {"reminder",   "overdue",  "monthly", "update",
                                         "escalation", "returned", "review",  0};
_Static_assert(sizeof notice_kind_names / sizeof notice_kind_names[0] == NOTICE_KIND__MAX + 1,
               "notice_kind_names");

void notify_config_default(NotifyConfig *c) {
  memset(c, 0, sizeof *c);
  c->nRemind = 2;
  c->aRemindDays[0] = 7;
  c->aRemindDays[1] = 30;
  c->updateDays = 14;
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int notify_config_set(NotifyConfig *c, const char *zKey, const char *zValue, Buf *err) {
  if (!strcmp(zKey, "reminder-days")) {
    int a[NOTIFY_MAX_REMIND], n = 0;
    const char *z = zValue;
    while (*z) {
      char *zEnd = 0;
      long v = strtol(z, &zEnd, 10);
      if (zEnd == z || v < 1 || v > 366 || n == NOTIFY_MAX_REMIND) {
        buf_appendf(err,
                    "reminder-days must be up to %d numbers of days from 1 to 366, "
                    "separated by commas (e.g. 30,7), not '%s'",
                    NOTIFY_MAX_REMIND, zValue);
        return 1;
      }
      for (int i = 0; i < n; i++) {
        if (a[i] == (int)v) {
          buf_appendf(err, "reminder-days names %ld twice", v);
          return 1;
        }
      }
      a[n++] = (int)v;
      z = zEnd;
      while (*z == ' ') z++;
      if (*z == ',') z++;
      while (*z == ' ') z++;
    }
    qsort(a, (size_t)n, sizeof a[0], cmp_int);
    memcpy(c->aRemindDays, a, sizeof a);
    c->nRemind = n;
    return 0;
  }
  if (!strcmp(zKey, "update-days")) {
    char *zEnd = 0;
    long v = strtol(zValue, &zEnd, 10);
    if (!zValue[0] || *zEnd || v < 0 || v > 366) {
      buf_appendf(err, "update-days must be a number of days from 0 to 366, not '%s'", zValue);
      return 1;
    }
    c->updateDays = (int)v;
    return 0;
  }
  if (!strcmp(zKey, "head")) {
    if (strlen(zValue) >= sizeof c->zHead) {
      buf_appendf(err, "head: a name of at most %d bytes", (int)sizeof c->zHead - 1);
      return 1;
    }
    snprintf(c->zHead, sizeof c->zHead, "%s", zValue);
    return 0;
  }
  buf_appendf(err, "unknown notification setting '%s'", zKey);
  return 1;
}

void notice_list_free(NoticeList *l) {
  free(l->a);
  memset(l, 0, sizeof *l);
}

static Notice *notice_new(NoticeList *l, const Rec *r, const char *zTo, NoticeKind k, Day on,
                          Day date, int n, int months) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 256;
    l->a = xrealloc(l->a, sizeof(Notice) * (size_t)l->cap);
  }
  Notice *x = &l->a[l->n++];
  memset(x, 0, sizeof *x);
  x->pRec = r;
  x->zRecipient = zTo;
  x->kind = k;
  x->on = on;
  x->date = date;
  x->n = n;
  x->months = months;
  return x;
}

static const char *nonempty(const char *z) { return z && z[0] ? z : 0; }

const char *notify_owner(const Rec *r) { return nonempty(rec_accountable(r)); }

/* The first day on which months overdue (from due, under rule) reach m: the
** count never falls as the day advances, so a binary search finds it. */
static Day day_months_reached(Day due, int m, MonthRule rule) {
  Day lo = due + 1, hi = due + 31 * (m + 1) + 1;
  while (lo < hi) {
    Day mid = lo + (hi - lo) / 2;
    if (day_months_between(due, mid, rule) >= m)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

/* Whole months from day a to day b (b >= a), counting day_add_months steps. */
static int months_since(Day a, Day b) {
  int ya, ma, da, yb, mb, db;
  day_to_ymd(a, &ya, &ma, &da);
  day_to_ymd(b, &yb, &mb, &db);
  int k = 12 * (yb - ya) + (mb - ma);
  while (k > 0 && day_add_months(a, k) > b) k--;
  return k < 0 ? 0 : k;
}

static int cmp_notice(const void *pa, const void *pb) {
  const Notice *a = pa, *b = pb;
  int c = strcasecmp(a->zRecipient, b->zRecipient);
  if (c) return c;
  if (a->pRec->id != b->pRec->id) return a->pRec->id < b->pRec->id ? -1 : 1;
  if (a->kind != b->kind) return (int)a->kind - (int)b->kind;
  return strcmp(a->zKey, b->zKey);
}

void notify_plan(const RecSet *s, const Policy *p, const Cycle *aCycle, int nCycle,
                 const NotifyConfig *c, Day asAt, NoticeList *out) {
  memset(out, 0, sizeof *out);
  char zA[DAY_FMT_MAX], zB[DAY_FMT_MAX];
  for (int i = 0; i < s->n; i++) {
    const Rec *r = &s->a[i];
    RecState st;
    rec_state_at(r, p, asAt, &st);
    if (!st.exists || !st.open) continue;
    const char *zOwner = notify_owner(r);
    Day t = st.currentTarget;
    if (zOwner && t != DAY_NONE && !st.currentTbc && asAt < t) {
      for (int k = 0; k < c->nRemind; k++) {
        int d = c->aRemindDays[k];
        if (t - d > asAt) continue;
        Notice *x = notice_new(out, r, zOwner, NK_REMINDER, t - d, t, d, 0);
        snprintf(x->zKey, sizeof x->zKey, "reminder:%lld:%s:%d", r->id, day_fmt(t, DAY_ISO, zA), d);
        break;
      }
    }
    if (st.overdue && st.due != DAY_NONE) {
      int k = months_since(st.due + 1, asAt);
      if (zOwner) {
        Notice *x = notice_new(out, r, zOwner, k ? NK_MONTHLY : NK_OVERDUE,
                               day_add_months(st.due + 1, k), st.due, k, st.months);
        snprintf(x->zKey, sizeof x->zKey, "overdue:%lld:%s:%d", r->id, day_fmt(st.due, DAY_ISO, zA),
                 k);
      }
      if (st.rung >= 0) {
        const Rung *g = &p->aRung[st.rung];
        const char *az[RUNG_PEOPLE_MAX];
        int nTo = rung_people(g, r, c->zHead, RUNG_TO_REACH, az);
        Day on = day_months_reached(st.due, g->minMonths, p->rule);
        for (int j = 0; j < nTo; j++) {
          Notice *x = notice_new(out, r, az[j], NK_ESCALATION, on, st.due, st.rung, st.months);
          x->pRung = g;
          snprintf(x->zKey, sizeof x->zKey, "escalation:%lld:%d", r->id, st.rung);
        }
      }
    }
    if (zOwner) {
      for (int k = 0; k < nCycle; k++) {
        const Cycle *y = &aCycle[k];
        Day dl = y->deadline != DAY_NONE ? y->deadline : y->asAt;
        if (asAt < dl - c->updateDays || asAt > dl) continue;
        Notice *x = notice_new(out, r, zOwner, NK_UPDATE, dl - c->updateDays, dl, k,
                               st.overdue ? st.months : 0);
        x->pCycle = y;
        snprintf(x->zKey, sizeof x->zKey, "update:%lld:%s", r->id, day_fmt(y->asAt, DAY_ISO, zB));
      }
    }
  }
  if (out->n > 1) qsort(out->a, (size_t)out->n, sizeof(Notice), cmp_notice);
}

void notify_plan_events(const RecSet *s, const Policy *p, const NotifyEvent *a, int n,
                        const NotifyConfig *c, Day asAt, NoticeList *out) {
  int n0 = out->n;
  for (int i = 0; i < n; i++) {
    const NotifyEvent *e = &a[i];
    const Rec *r = recset_find(s, e->recId);
    if (!r) continue;
    RecState st;
    rec_state_at(r, p, asAt, &st);
    if (!st.exists || !st.open) continue;
    Notice *x = 0;
    if (!e->zVerdict) {
      if (!c->zHead[0] || e->on == DAY_NONE || e->on > asAt) continue;
      x = notice_new(out, r, c->zHead, NK_REVIEW, e->on, e->on, 0, st.overdue ? st.months : 0);
      snprintf(x->zKey, sizeof x->zKey, "review:%lld:%lld", r->id, e->id);
    } else {
      const char *zOwner = notify_owner(r);
      if (!zOwner || !rec_returned_open(r, e->decidedOn, e->progressSeen, asAt)) continue;
      x = notice_new(out, r, zOwner, NK_RETURNED, e->decidedOn, e->decidedOn, 0,
                     st.overdue ? st.months : 0);
      snprintf(x->zKey, sizeof x->zKey, "returned:%lld:%lld", r->id, e->id);
    }
    x->pEvent = e;
  }
  /* Nothing appended: the list is notify_plan's, sorted already (80,000 notices at
  ** 100,000 recommendations, a twentieth of the plan's time to sort again). */
  if (out->n > n0 && out->n > 1) qsort(out->a, (size_t)out->n, sizeof(Notice), cmp_notice);
}

/* ---- templates ---- */

const char *const tmpl_names[] = {"subject",  "text",    "html",   "reminder",
                                  "overdue",  "monthly", "update", "escalation",
                                  "returned", "review",  0};
_Static_assert(sizeof tmpl_names / sizeof tmpl_names[0] == TMPL__MAX + 1, "tmpl_names");

const char *const tmpl_defaults[] = {
    /* subject */
    "Audit recommendations: {{count}} item{{plural}} for your attention",
    /* text */
    "Dear {{name}},\n"
    "\n"
    "As at {{as_at}}, {{count}} item{{plural}} about audit recommendations you are named on "
    "need{{verb}} your attention:\n"
    "\n"
    "{{#items}}"
    "* {{ref}} {{title}} ({{audit}})\n"
    "  {{reason}}\n"
    "  {{link}}\n"
    "\n"
    "{{/items}}"
    "Please record your update, or ask for a new target date, in auditrack.\n"
    "\n"
    "This is a digest: you get at most one message a day, listing every item.\n"
    "Internal audit\n",
    /* html */
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>{{subject}}</title></head>\n"
    "<body style=\"font-family: Arial, sans-serif; color: #0b0c0c\">\n"
    "<p>Dear {{name}},</p>\n"
    "<p>As at {{as_at}}, {{count}} item{{plural}} about audit recommendations you are named on "
    "need{{verb}} your attention:</p>\n"
    "<ul>\n"
    "{{#items}}"
    "<li><p><a href=\"{{link}}\">{{ref}} {{title}}</a> ({{audit}})<br>{{reason}}</p></li>\n"
    "{{/items}}"
    "</ul>\n"
    "<p>Please record your update, or ask for a new target date, in auditrack.</p>\n"
    "<p>This is a digest: you get at most one message a day, listing every item.<br>"
    "Internal audit</p>\n"
    "</body></html>\n",
    /* reminder */
    "Target date {{target}}: {{days}} days from now.",
    /* overdue */
    "Now overdue: the target date was {{due}}.",
    /* monthly */
    "Still overdue, {{months}} months after the target date of {{due}}.",
    /* update */
    "Update requested for {{cycle}}: please send it by {{deadline}}.",
    /* escalation */
    "Escalation at {{months}} months overdue (target {{due}}): {{action}}.",
    /* returned */
    "Returned to you on {{decided}}: {{by}} {{verdict}} {{sent}}. {{note}}",
    /* review */
    "Waiting for internal audit's review: {{sent}} by {{by}}.",
};
_Static_assert(sizeof tmpl_defaults / sizeof tmpl_defaults[0] == TMPL__MAX, "tmpl_defaults");

int tmpl_from_name(const char *z) {
  for (int i = 0; i < TMPL__MAX; i++) {
    if (!strcmp(tmpl_names[i], z)) return i;
  }
  return -1;
}

typedef struct Render {
  const DigestIn *in;
  const Notice *a;
  int n;
  const char *zSubject;
  Buf *err; /* set: checking; unknown names are reported here */
} Render;

static const char *const azTop[] = {"name", "org",      "as_at",   "count", "plural",
                                    "verb", "base_url", "subject", 0};
static const char *const azItem[] = {"id",     "ref",     "title",    "audit",  "link",
                                     "reason", "kind",    "target",   "due",    "days",
                                     "months", "cycle",   "deadline", "action", "verdict",
                                     "sent",   "decided", "by",       "note",   0};

static int in_list(const char *const *az, const char *z, size_t n) {
  for (int i = 0; az[i]; i++) {
    if (strlen(az[i]) == n && !strncmp(az[i], z, n)) return 1;
  }
  return 0;
}

static void render(const Render *R, const char *zT, int html, int tmpl, const Notice *it, Buf *o);

/* The title an item shows: the recommendation's title, else the start of its text. */
static void item_title(const Rec *r, Buf *v) {
  const char *z = nonempty(r->zTitle) ? r->zTitle : nonempty(r->zBody);
  if (!z) return;
  size_t n = strlen(z), lim = 90;
  if (n <= lim) {
    buf_puts(v, z);
    return;
  }
  while (lim > 0 && ((unsigned char)z[lim] & 0xC0) == 0x80) lim--; /* whole characters */
  buf_append(v, z, lim);
  buf_puts(v, "...");
}

/* The placeholders of a returned or review notice: what was sent and what became of it. */
static void event_value(const NotifyEvent *e, const char *z, size_t n, Buf *v) {
#define IS(s) (n == sizeof(s) - 1 && !strncmp(z, s, n))
  char zD[DAY_FMT_MAX], zT[DAY_FMT_MAX];
  if (IS("verdict"))
    buf_puts(v, e->zVerdict ? e->zVerdict : "");
  else if (IS("sent") && e->isDate)
    buf_appendf(v, "the request for a new target date (%s) sent on %s",
                e->target == DAY_NONE ? "TBC" : day_fmt(e->target, DAY_TEXT, zT),
                day_fmt(e->on, DAY_TEXT, zD));
  else if (IS("sent"))
    buf_appendf(v, "the update sent on %s", day_fmt(e->on, DAY_TEXT, zD));
  else if (IS("decided"))
    buf_puts(v, e->decidedOn == DAY_NONE ? "" : day_fmt(e->decidedOn, DAY_TEXT, zD));
  else if (IS("by"))
    buf_puts(v, nonempty(e->zVerdict ? e->zBy : e->zAuthor) ? (e->zVerdict ? e->zBy : e->zAuthor)
                                                            : "");
  else if (IS("note"))
    buf_puts(v, e->zNote ? e->zNote : "");
#undef IS
}

static void value(const Render *R, const char *z, size_t n, const Notice *it, Buf *v) {
#define IS(s) (n == sizeof(s) - 1 && !strncmp(z, s, n))
  char zD[DAY_FMT_MAX];
  const DigestIn *in = R->in;
  if (IS("name"))
    buf_puts(v, in->zName ? in->zName : "");
  else if (IS("org"))
    buf_puts(v, in->zOrg ? in->zOrg : "");
  else if (IS("as_at"))
    buf_puts(v, day_fmt(in->asAt, DAY_TEXT, zD));
  else if (IS("count"))
    buf_appendf(v, "%d", R->n);
  else if (IS("plural"))
    buf_puts(v, R->n == 1 ? "" : "s");
  else if (IS("verb"))
    buf_puts(v, R->n == 1 ? "s" : "");
  else if (IS("base_url"))
    buf_puts(v, in->zBaseUrl ? in->zBaseUrl : "");
  else if (IS("subject"))
    buf_puts(v, R->zSubject ? R->zSubject : "");
  else if (!it)
    return;
  else if (IS("id"))
    buf_appendf(v, "%lld", it->pRec->id);
  else if (IS("ref")) {
    const Rec *r = it->pRec;
    if (nonempty(r->zAuditRef)) buf_appendf(v, "%s ", r->zAuditRef);
    if (nonempty(r->zRef))
      buf_puts(v, r->zRef);
    else
      buf_appendf(v, "#%lld", r->id);
  } else if (IS("title"))
    item_title(it->pRec, v);
  else if (IS("audit"))
    buf_puts(v, it->pRec->zAuditTitle ? it->pRec->zAuditTitle : "");
  else if (IS("link")) {
    if (nonempty(in->zBaseUrl)) {
      const char *b = in->zBaseUrl;
      size_t nb = strlen(b);
      while (nb && b[nb - 1] == '/') nb--;
      buf_appendf(v, "%.*s/recs/%lld", (int)nb, b, it->pRec->id);
    }
  } else if (IS("reason")) {
    TmplId t = (TmplId)(TMPL_REMINDER + (int)it->kind);
    render(R, in->azTmpl[t] ? in->azTmpl[t] : tmpl_defaults[t], 0, t, it, v);
  } else if (IS("kind"))
    buf_puts(v, notice_kind_names[it->kind]);
  else if (IS("target") || IS("due") || IS("deadline"))
    buf_puts(v, day_fmt(it->date, DAY_TEXT, zD));
  else if (IS("days"))
    buf_appendf(v, "%d", it->kind == NK_REMINDER ? it->date - in->asAt : 0);
  else if (IS("months"))
    buf_appendf(v, "%d", it->months);
  else if (IS("cycle"))
    buf_puts(v, it->pCycle ? it->pCycle->zName : "");
  else if (IS("action"))
    buf_puts(v, it->pRung ? it->pRung->zAction : "");
  else if (it->pEvent)
    event_value(it->pEvent, z, n, v);
#undef IS
}

/* Render template zT (of kind tmpl) into o: HTML-escaping values when html. */
static void render(const Render *R, const char *zT, int html, int tmpl, const Notice *it, Buf *o) {
  Buf v = BUF_INIT;
  const char *z = zT;
  while (*z) {
    const char *zOpen = strstr(z, "{{");
    if (!zOpen) {
      buf_puts(o, z);
      break;
    }
    buf_append(o, z, (size_t)(zOpen - z));
    int raw = zOpen[2] == '{';
    const char *zName = zOpen + 2 + raw;
    const char *zClose = strstr(zName, raw ? "}}}" : "}}");
    if (!zClose) {
      if (R->err) buf_appendf(R->err, "'{{' at byte %d is never closed", (int)(zOpen - zT));
      break;
    }
    size_t n = (size_t)(zClose - zName);
    z = zClose + 2 + raw;
    if (!raw && n == 6 && !strncmp(zName, "#items", 6)) {
      const char *zEnd = strstr(z, "{{/items}}");
      if (!zEnd || it || tmpl >= TMPL_REMINDER) {
        if (R->err) {
          buf_appendf(R->err, "{{#items}} %s",
                      !zEnd ? "has no {{/items}}" : "can only be used in subject, text or html");
        }
        break;
      }
      char *zInner = xstrndup(z, (size_t)(zEnd - z));
      if (R->err) {
        /* Check the section's body once, with a stand-in item. */
        Rec r;
        memset(&r, 0, sizeof r);
        Notice x;
        memset(&x, 0, sizeof x);
        x.pRec = &r;
        Buf t = BUF_INIT;
        render(R, zInner, html, tmpl, &x, &t);
        buf_free(&t);
      } else {
        for (int i = 0; i < R->n; i++) render(R, zInner, html, tmpl, &R->a[i], o);
      }
      free(zInner);
      z = zEnd + 10;
      continue;
    }
    int top = in_list(azTop, zName, n), item = in_list(azItem, zName, n);
    if (R->err) {
      if (!top && !item) {
        buf_appendf(R->err,
                    "unknown placeholder {{%.*s}} (known: name, org, as_at, count, "
                    "plural, verb, base_url, subject; in {{#items}} and in the reason "
                    "templates: id, ref, title, audit, link, reason, kind, target, due, "
                    "days, months, cycle, deadline, action, verdict, sent, decided, by, note)",
                    (int)n, zName);
        break;
      }
      if (item && !it) {
        buf_appendf(R->err, "{{%.*s}} names an item: use it inside {{#items}}...{{/items}}", (int)n,
                    zName);
        break;
      }
      if (tmpl >= TMPL_REMINDER && n == 6 && !strncmp(zName, "reason", 6)) {
        buf_appendf(R->err, "a reason cannot contain {{reason}}");
        break;
      }
      continue;
    }
    buf_reset(&v);
    value(R, zName, n, it, &v);
    if (html && !raw)
      html_esc(o, buf_cstr(&v));
    else
      buf_append(o, v.z, v.n);
  }
  buf_free(&v);
}

int tmpl_check(TmplId id, const char *zBody, Buf *err) {
  DigestIn in;
  memset(&in, 0, sizeof in);
  Rec r;
  memset(&r, 0, sizeof r);
  Notice x;
  memset(&x, 0, sizeof x);
  x.pRec = &r;
  Render R = {&in, &x, 1, "", err};
  size_t n0 = err->n;
  Buf o = BUF_INIT;
  render(&R, zBody, id == TMPL_HTML, (int)id, id >= TMPL_REMINDER ? &x : 0, &o);
  buf_free(&o);
  if (err->n == n0 && id == TMPL_SUBJECT && strpbrk(zBody, "\r\n")) {
    buf_puts(err, "the subject must be one line");
  }
  return err->n != n0;
}

void notify_digest(const DigestIn *in, const Notice *a, int n, Buf *pSubject, Buf *pText,
                   Buf *pHtml) {
  Render R = {in, a, n, 0, 0};
  const char *const *t = in->azTmpl;
  render(&R, t[TMPL_SUBJECT] ? t[TMPL_SUBJECT] : tmpl_defaults[TMPL_SUBJECT], 0, TMPL_SUBJECT, 0,
         pSubject);
  /* A subject is one line whatever the values held. */
  for (size_t i = 0; i < pSubject->n; i++) {
    if (pSubject->z[i] == '\r' || pSubject->z[i] == '\n') pSubject->z[i] = ' ';
  }
  R.zSubject = buf_cstr(pSubject);
  render(&R, t[TMPL_TEXT] ? t[TMPL_TEXT] : tmpl_defaults[TMPL_TEXT], 0, TMPL_TEXT, 0, pText);
  render(&R, t[TMPL_HTML] ? t[TMPL_HTML] : tmpl_defaults[TMPL_HTML], 1, TMPL_HTML, 0, pHtml);
}
