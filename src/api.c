/*
** api.c: the JSON API under /api/v1, for scripts and other systems: the
** audits, the recommendations (listed as `rec list --format json` lists them,
** or one with its whole history), the reports exactly as `auditrack report KIND
** --format json` prints them, and the writes internal audit and the services
** make: updates, opinions, closure, and decisions on the review queue.
**
** Every route carries R_API, so the dispatcher accepts an API token
** ("Authorization: Bearer at_...") as well as the session cookie, answers
** errors as {"error":{"code","message","fields"}}, and turns a JSON object body
** into form fields that the Field arrays below check before a handler runs.
** The route table says the access each route needs to the recommendation it
** names (Route.need), which the dispatcher checks, so handlers only call the
** action layer. Docs: docs/api.md. Not for: HTML (page_*.c), SQL
** (store*.c) or domain rules (action.c, model.c).
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "limit.h"
#include "report_pack.h"
#include "report_request.h"
#include "store.h"
#include "web.h"
#include "web_index.h"

/* ---- JSON values ---- */

/* A string, or null for NULL. Text that is not UTF-8 (jansson refuses it)
** becomes U+FFFD rather than a hole in the object. */
static json_t *j_str(const char *z) {
  if (!z) return json_null();
  json_t *v = json_string(z);
  return v ? v : json_string("\xEF\xBF\xBD");
}

static json_t *j_day(Day d) {
  char z[DAY_FMT_MAX];
  return d == DAY_NONE ? json_null() : json_string(day_fmt(d, DAY_ISO, z));
}

static json_t *j_status(int s) {
  return s >= 0 && s < STATUS__MAX ? json_string(status_names[s]) : json_null();
}

static void j_set(json_t *o, const char *zKey, json_t *v) {
  if (!v || json_object_set_new(o, zKey, v)) fatal("api: cannot build the JSON for '%s'", zKey);
}

/* Send v (which this takes) as the response with this status. */
static void api_reply(Req *r, int status, json_t *v) {
  char *z = json_dumps(v, JSON_COMPACT);
  if (!z) fatal("api: cannot serialise a response");
  json_decref(v);
  r->status = status;
  r->zType = "application/json";
  buf_reset(&r->body);
  buf_puts(&r->body, z);
  buf_putc(&r->body, '\n');
  free(z);
}

/* Answer an action's failure: invalid 422, not found 404, conflict 409, else 500. */
static void api_act_error(Req *r, int rc, Buf *err) {
  web_error(r, web_act_status(rc), err->n ? buf_cstr(err) : "The change could not be made.");
}

static const char *const azAccess[] = {"none", "redacted", "read", "update", "audit"};
_Static_assert(sizeof azAccess / sizeof azAccess[0] == ACCESS__MAX, "access names");

/* ---- the register as this user may see it ---- */

/* The recommendations this user may know of (confidential ones included for the
** committee: the reports withhold their detail). Returns 1 when view->a is a
** heap array of shallow copies the caller frees, 0 when view is the whole set. */
static int view_make(Req *r, const RecSet *all, RecSet *view) {
  Role role = r->user.role;
  if (role == ROLE_ADMIN || role == ROLE_AUDITOR || role == ROLE_COMMITTEE) {
    *view = *all;
    return 0;
  }
  view->a = xmalloc(sizeof(Rec) * (size_t)(all->n ? all->n : 1));
  view->n = 0;
  view->pArena = 0;
  for (int i = 0; i < all->n; i++) {
    if (web_rec_access(r, &all->a[i]) != ACC_NONE) view->a[view->n++] = all->a[i];
  }
  return 1;
}

/* ---- filters shared by the listing and the reports ---- */

static const char *const azConfidential[] = {"withheld", "full", 0};
static const char *const azFormat[] = {"json", "csv", "md", "text", 0};

#define FILTER_FIELDS                                                                              \
  {"as_at", F_DATE, 0, 40, 0, "as_at"}, {"status", F_ENUM, 0, 0, status_filter_names, "status"},   \
      {"risk", F_LINE, 0, FILTER_VALUE_MAX, 0, "risk"},                                            \
      {"band", F_LINE, 0, FILTER_VALUE_MAX, 0, "band"},                                            \
      {"directorate", F_LINE, 0, FILTER_VALUE_MAX, 0, "directorate"},                              \
      {"theme", F_LINE, 0, FILTER_VALUE_MAX, 0, "theme"},                                          \
      {"owner", F_LINE, 0, FILTER_VALUE_MAX, 0, "owner"}, {                                        \
    "confidential", F_ENUM, 0, 0, azConfidential, "confidential"                                   \
  }

/* A query value by name for filter_read, NULL when absent or empty. */
static const char *query_lookup(void *ctx, const char *zName) { return web_arg_or(ctx, zName, 0); }

/* Fill f from the query, then cut it to what the role may see (access.h's
** role_filter): a director's directorate, the committee's withheld detail.
** Owners see only their own recommendations (view_make), in full. Returns 1
** when it has answered. */
static int filter_from_query(Req *r, Filter *f) {
  Buf err = BUF_INIT;
  (void)filter_read(f, query_lookup, r, &err); /* the route's fields checked them */
  buf_free(&err);
  web_role_filter(r, f);
  const char *zConf = web_arg_or(r, "confidential", "");
  if (!strcmp(zConf, "withheld")) f->includeConfidential = 0;
  if (!strcmp(zConf, "full") && !f->includeConfidential) {
    web_error(r, 403, "Your account sees confidential recommendations with their detail withheld.");
    return 1;
  }
  return 0;
}

/* ---- GET /api/v1/recs ---- */

#define PAGE_DEFAULT 100
#define PAGE_MAX 100000

/* The Link header for the page after the row with id lastId: the same query
** with after= replaced. */
static void next_link(Req *r, long long lastId) {
  Buf u = BUF_INIT;
  buf_puts(&u, "</api/v1/recs?");
  int first = 1;
  for (int i = 0; i < r->query.n; i++) {
    const FormField *q = &r->query.a[i];
    if (!strcmp(q->zName, "after")) continue;
    buf_appendf(&u, "%s%s=", first ? "" : "&", q->zName);
    for (const unsigned char *p = (const unsigned char *)q->zValue; *p; p++) {
      if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '-' || *p == '_' || *p == '.')
        buf_putc(&u, (char)*p);
      else
        buf_appendf(&u, "%%%02X", *p);
    }
    first = 0;
  }
  buf_appendf(&u, "%safter=%lld>; rel=\"next\"", first ? "" : "&", lastId);
  r->zLink = buf_steal(&u);
}

static int api_recs(Req *r) {
  ReportInput in;
  Filter f;
  Register reg;
  if (filter_from_query(r, &f) || web_register_acquire(r, &reg)) return 0;
  list_request(&in, reg.set, reg.pol, web_arg_day(r, "as_at", r->today), &f, 0);
  long limit = web_arg_int(r, "limit", PAGE_DEFAULT);
  long long after = web_arg_int(r, "after", 0);
  if (limit < 1) {
    web_register_release(r, &reg);
    web_field_err(r, "limit", "limit must be a whole number from 1 to %d", PAGE_MAX);
    web_error(r, 400, r->aErr[0].zMsg);
    return 0;
  }
  /* An owner's view depends on delegations, not on the filter alone: not cached. */
  int cacheable = r->user.role != ROLE_OWNER;
  Buf key = BUF_INIT;
  report_key(&key,
             &(ReportKey){.zWhat = "api/recs", .role = (int)r->user.role, .aPage = {limit, after}},
             &in);
  r->zType = "application/json";
  char zMeta[64];
  if (cacheable && web_cache_get(r, reg.gen, buf_cstr(&key), &r->body)) {
    /* The page's total and next id were cached in front of it: "TOTAL NEXT\n". */
    char *nl = memchr(r->body.z, '\n', r->body.n);
    long long next = 0;
    if (nl && sscanf(r->body.z, "%lld %lld", &r->total, &next) == 2) {
      r->hasTotal = 1;
      if (next) next_link(r, next);
      size_t skip = (size_t)(nl - r->body.z) + 1;
      memmove(r->body.z, r->body.z + skip, r->body.n - skip);
      r->body.n -= skip;
      r->body.z[r->body.n] = 0;
    }
  } else {
    /* One page: the reader's view of the register (rec_access), the rows after
    ** `after`, at most `limit`, from the generation's index (web_index.h), then
    ** listed as the whole list lists them. Ids ascend down the list. */
    IndexAsk ask = {.asAt = in.asAt, .f = &f, .viewOnly = 1};
    IndexPage rows;
    web_index_page(r, &reg, &ask, after, 0, limit > PAGE_MAX ? PAGE_MAX : (int)limit, &rows);
    RecSet sub = {.a = xmalloc(sizeof(Rec) * ((size_t)rows.n + 1)), .n = rows.n};
    for (int i = 0; i < rows.n; i++) sub.a[i] = *rows.apRec[i];
    list_request(&in, &sub, reg.pol, in.asAt, &f, 0);
    Report *rp = report_rec_list(&in, 1);
    long long next = rows.start + rows.n < rows.total && rows.n ? sub.a[rows.n - 1].id : 0;
    r->total = rows.total;
    r->hasTotal = 1;
    report_render_rows_json(rp->apSection[0], &r->body);
    if (next) next_link(r, next);
    report_free(rp);
    free(sub.a);
    web_index_page_free(&rows);
    if (cacheable) {
      Buf c = BUF_INIT;
      snprintf(zMeta, sizeof zMeta, "%lld %lld\n", r->total, next);
      buf_puts(&c, zMeta);
      buf_append(&c, r->body.z, r->body.n);
      web_cache_put(r, reg.gen, buf_cstr(&key), c.z, c.n);
      buf_free(&c);
    }
  }
  buf_free(&key);
  web_register_release(r, &reg);
  return 0;
}

/* ---- GET /api/v1/reports/KIND ---- */

static const Field aReportQuery[] = {FILTER_FIELDS,
                                     {"bases", F_ENUM, 0, 0, bases_names, "bases"},
                                     {"band-by", F_ENUM, 0, 0, basis_names, "band-by"},
                                     {"since", F_DATE, 0, 40, 0, "since"},
                                     {"cycle", F_LINE, 0, 200, 0, "cycle"},
                                     {"cycles", F_INT, 0, TREND_CYCLES_MAX, 0, "cycles"},
                                     {"pack", F_LINE, 0, 60, 0, "pack"},
                                     {"format", F_ENUM, 0, 0, azFormat, "format"},
                                     {0}};

static int api_report(Req *r) {
  const char *zKind = r->azSeg[0];
  const ReportKind *kind = report_kind_find(zKind);
  if (!kind) {
    Buf m = BUF_INIT;
    buf_puts(&m, "No such report. The kinds are ");
    report_kind_names(&m, " and ");
    buf_putc(&m, '.');
    web_error(r, 404, buf_cstr(&m));
    buf_free(&m);
    return 0;
  }
  ReportAsk ask = {.asAt = web_arg_day(r, "as_at", r->today),
                   .since = web_arg_day(r, "since", DAY_NONE),
                   .zCycle = web_arg_or(r, "cycle", 0),
                   .nTrendCycles = (int)web_arg_int(r, "cycles", 0)};
  if (filter_from_query(r, &ask.f)) return 0;
  Cycle *aC = 0;
  int nC = 0;
  if (store_cycle_list(r->db, &aC, &nC)) {
    web_error(r, 500, "The reporting cycles could not be read.");
    return 0;
  }
  ReportInput in;
  Buf rqErr = BUF_INIT;
  int rq = report_request(&in, &ask, aC, nC, &rqErr);
  buf_free(&rqErr);
  if (rq != RQ_OK) {
    store_cycles_free(aC, nC);
    if (rq == RQ_NO_CYCLE) {
      web_error(r, 400, "There is no reporting cycle of that name.");
    } else {
      if (rq == RQ_SINCE_ORDER)
        web_field_err(r, "since", "since must be before as_at");
      else
        web_field_err(r, "cycles", "cycles must be from %d to %d", TREND_CYCLES_MIN,
                      TREND_CYCLES_MAX);
      web_error(r, 400, r->aErr[0].zMsg);
    }
    return 0;
  }
  int fmt = report_format_from_name(web_arg_or(r, "format", "json"));
  Register reg;
  if (web_register_acquire(r, &reg)) {
    store_cycles_free(aC, nC);
    return 0;
  }
  Buf key = BUF_INIT;
  report_key(&key,
             &(ReportKey){.zWhat = "api/report",
                          .zKind = zKind,
                          .zFormat = report_format_names[fmt],
                          .zPack = web_arg_or(r, "pack", 0),
                          .role = (int)r->user.role},
             &in);
  Pack pk;
  memset(&pk, 0, sizeof pk);
  if (!web_cache_get(r, reg.gen, buf_cstr(&key), &r->body)) {
    AuditRow *aAudit = 0;
    int nAudit = 0;
    if (store_audit_list(r->db, 0, &aAudit, &nAudit)) {
      web_register_release(r, &reg);
      buf_free(&key);
      web_error(r, 500, "The audits could not be read.");
      return 0;
    }
    Submission *aSub = 0;
    int nSub = 0;
    if (report_wants_requests(reg.pol) && store_sub_events(r->db, &aSub, &nSub)) {
      store_audit_rows_free(aAudit, nAudit);
      web_register_release(r, &reg);
      buf_free(&key);
      web_error(r, 500, "The date requests could not be read.");
      return 0;
    }
    in.set = reg.set;
    in.pol = reg.pol;
    in.zOrg = reg.zOrg;
    in.aAudit = aAudit;
    in.nAudit = nAudit;
    in.aSub = aSub;
    in.nSub = nSub;
    in.haveSub = report_wants_requests(reg.pol);
    Buf err = BUF_INIT;
    if ((kind->needs & KIND_NEEDS_PACK) &&
        pack_load(r->db, web_arg_or(r, "pack", reg.pol->zPack), 0, reg.pol, &pk, &err) == 0 &&
        pack_load_texts(r->db, in.zCycle, &pk, &err) == 0)
      in.pack = &pk;
    Report *rp = (kind->needs & KIND_NEEDS_PACK) && !in.pack ? 0 : kind->xBuild(&in, &err);
    if (rp) {
      report_render(rp, (ReportFormat)fmt, &r->body);
      report_free(rp);
      web_cache_put(r, reg.gen, buf_cstr(&key), r->body.z, r->body.n);
    } else {
      web_error(r, 400, buf_cstr(&err));
    }
    buf_free(&err);
    store_audit_rows_free(aAudit, nAudit);
    store_subs_free(aSub, nSub);
  }
  if (r->status == 200) {
    r->zType = fmt == FMT_JSON  ? "application/json"
               : fmt == FMT_CSV ? "text/csv; charset=utf-8"
               : fmt == FMT_MD  ? "text/markdown; charset=utf-8"
                                : "text/plain; charset=utf-8";
  }
  buf_free(&key);
  pack_free(&pk);
  store_cycles_free(aC, nC);
  web_register_release(r, &reg);
  return 0;
}

/* ---- GET /api/v1/recs/# ---- */

static json_t *rec_json(const Rec *rec, const Policy *pol, Day asAt, Access acc) {
  RecState st;
  rec_state_at(rec, pol, asAt, &st);
  json_t *o = json_object(), *a;
  j_set(o, "id", json_integer(rec->id));
  j_set(o, "audit",
        json_pack("{s:I,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)rec->auditId, "title",
                  j_str(rec->zAuditTitle), "ref", j_str(rec->zAuditRef), "report_date",
                  j_day(rec->auditDate), "provider", j_str(rec->zProvider), "assurance",
                  rec->assurance >= 0 && rec->assurance < ASSURANCE__MAX
                      ? json_string(assurance_names[rec->assurance])
                      : json_null()));
  /* The plain text fields under their API keys (rec_fields.h), the rating after the body. */
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (f == REC_F_RISK_TEXT) {
      j_set(o, "risk",
            rec->zRiskCode ? json_pack("{s:o,s:o,s:i}", "code", j_str(rec->zRiskCode), "label",
                                       j_str(rec->zRiskLabel), "rank", rec->riskRank)
                           : json_null());
    }
    j_set(o, rec_fields[f].zApi, j_str(rec_field_get(rec, (RecFieldId)f)));
  }
  j_set(o, "original_target", j_day(rec->original));
  j_set(o, "original_target_text", j_str(rec->zOriginalText));
  j_set(o, "confidential", json_boolean(rec->confidential));
  j_set(o, "exists_from", j_day(rec->existsFrom));
  j_set(o, "access", json_string(azAccess[acc]));
  j_set(o, "as_at", j_day(asAt));

  json_t *s = json_object();
  j_set(s, "exists", json_boolean(st.exists));
  j_set(s, "followed_up", json_boolean(!st.outside));
  j_set(s, "open", json_boolean(st.exists && st.open));
  j_set(s, "closed_on", j_day(st.exists && !st.open ? st.closedOn : DAY_NONE));
  j_set(s, "closed_by",
        !st.exists || st.open ? json_null()
        : st.closedBy >= 0    ? j_status(st.closedBy)
                              : json_string("removal_approved"));
  j_set(s, "reopened", json_integer(st.reopened));
  j_set(s, "current_target", j_day(st.currentTbc ? DAY_NONE : st.currentTarget));
  j_set(s, "target_tbc", json_boolean(st.currentTbc));
  j_set(s, "due", j_day(st.due));
  j_set(s, "overdue", json_boolean(st.overdue));
  j_set(s, "months_overdue", st.overdue ? json_integer(st.months) : json_null());
  j_set(s, "band", json_string(rec_band_label(pol, &st)));
  j_set(s, "escalation", st.rung >= 0 ? j_str(pol->aRung[st.rung].zAction) : json_null());
  j_set(s, "revisions", json_integer(st.revisions));
  j_set(s, "latest_update_id", st.pUpdate ? json_integer(st.pUpdate->id) : json_null());
  j_set(s, "latest_opinion", st.pOpinion ? j_status(st.pOpinion->status) : json_null());
  j_set(s, "latest_opinion_id", st.pOpinion ? json_integer(st.pOpinion->id) : json_null());
  j_set(s, "latest_decision_id", st.pDecision ? json_integer(st.pDecision->id) : json_null());
  j_set(s, "rag",
        st.exists && st.open && st.rag != RAG_NONE ? json_string(rag_names[st.rag]) : json_null());
  j_set(o, "state", s);

  a = json_array();
  for (int i = 0; i < rec->nRev; i++) {
    const Revision *v = &rec->aRev[i];
    json_array_append_new(a, json_pack("{s:I,s:o,s:o,s:b,s:o,s:o,s:o,s:o}", "id", (json_int_t)v->id,
                                       "on", j_day(v->on), "target", j_day(v->target), "tbc",
                                       v->target == DAY_NONE, "target_text", j_str(v->zTargetText),
                                       "reason", j_str(v->zReason), "agreed_by",
                                       j_str(v->zAgreedBy), "cycle", j_str(v->zCycle)));
  }
  j_set(o, "revisions", a);
  a = json_array();
  for (int i = 0; i < rec->nProg; i++) {
    const Progress *u = &rec->aProg[i];
    json_array_append_new(a, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)u->id,
                                       "on", j_day(u->on), "text", j_str(u->zText), "claimed",
                                       j_status(u->claimed), "percent",
                                       u->percent >= 0 ? json_integer(u->percent) : json_null(),
                                       "author", j_str(u->zAuthor), "cycle", j_str(u->zCycle)));
  }
  j_set(o, "updates", a);
  a = json_array();
  for (int i = 0; i < rec->nOp; i++) {
    const Opinion *p = &rec->aOp[i];
    json_array_append_new(a, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)p->id,
                                       "on", j_day(p->on), "opinion", j_status(p->status), "text",
                                       j_str(p->zText), "next", j_str(p->zNext), "next_follow_up",
                                       j_day(p->nextFollowUp), "accepted_by", j_str(p->zAcceptedBy),
                                       "author", j_str(p->zAuthor)));
  }
  j_set(o, "opinions", a);
  a = json_array();
  for (int i = 0; i < rec->nDec; i++) {
    const Decision *d = &rec->aDec[i];
    json_array_append_new(a, json_pack("{s:I,s:o,s:s,s:o,s:o}", "id", (json_int_t)d->id, "on",
                                       j_day(d->on), "kind", decision_names[d->kind], "text",
                                       j_str(d->zText), "meeting", j_str(d->zMeeting)));
  }
  j_set(o, "decisions", a);
  return o;
}

static json_t *sub_json(const Submission *x, int withRec) {
  json_t *o = json_pack(
      "{s:I,s:I,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)x->id,
      "rec_id", (json_int_t)x->recId, "kind", sub_kind_names[x->kind], "on", j_day(x->on),
      "update_id", x->progressId > 0 ? json_integer(x->progressId) : json_null(), "text",
      j_str(x->zText), "target", x->kind == SUBK_DATE ? j_day(x->target) : json_null(),
      "target_text", j_str(x->zTargetText), "reason", j_str(x->zReason), "author",
      j_str(x->zAuthor), "state", j_str(x->zState), "decided_by", j_str(x->zDecidedBy),
      "decided_on", j_day(x->decidedOn), "note", j_str(x->zNote));
  if (!o) fatal("api: cannot build a submission's JSON");
  if (withRec) {
    j_set(o, "rec_ref", j_str(x->zRecRef));
    j_set(o, "rec_title", j_str(x->zRecTitle));
    j_set(o, "audit_title", j_str(x->zAuditTitle));
    j_set(o, "created", j_str(x->zCreated));
  }
  return o;
}

static const Field aRecQuery[] = {{"as_at", F_DATE, 0, LIMIT_DATE_TEXT, 0, "as_at"}, {0}};

static int api_rec(Req *r) {
  long long id = r->rec->id;
  json_t *o = rec_json(r->rec, r->reg.pol, web_arg_day(r, "as_at", r->today), r->acc);
  Submission *aSub = 0;
  Evidence *aEv = 0;
  int nSub = 0, nEv = 0;
  if (store_sub_list(r->db, id, &aSub, &nSub) || store_evidence_list(r->db, id, 0, &aEv, &nEv)) {
    store_subs_free(aSub, nSub);
    json_decref(o);
    web_error(r, 500, "The recommendation's submissions could not be read.");
    return 0;
  }
  json_t *a = json_array();
  for (int i = 0; i < nSub; i++) json_array_append_new(a, sub_json(&aSub[i], 0));
  j_set(o, "submissions", a);
  a = json_array();
  for (int i = 0; i < nEv; i++) {
    const Evidence *e = &aEv[i];
    json_array_append_new(
        a,
        json_pack("{s:I,s:o,s:o,s:o,s:I,s:o,s:o,s:o}", "id", (json_int_t)e->id, "update_id",
                  e->progressId > 0 ? json_integer(e->progressId) : json_null(), "name",
                  j_str(e->zName), "type", j_str(e->zType), "size", (json_int_t)e->size, "sha256",
                  j_str(e->zSha256), "author", j_str(e->zAuthor), "created", j_str(e->zCreated)));
  }
  j_set(o, "evidence", a);
  store_subs_free(aSub, nSub);
  store_evidence_free(aEv, nEv);
  api_reply(r, 200, o);
  return 0;
}

/* ---- audits ---- */

/* Whether a director (or owner) sees an audit: one of its recommendations is
** theirs, or it is their directorate's. nVisible counts what they may see. */
static int audit_visible(Req *r, const AuditRow *a, const RecSet *view, int *nVisible) {
  int n = 0;
  for (int i = 0; i < view->n; i++) n += view->a[i].auditId == a->id;
  *nVisible = n;
  if (n) return 1;
  return r->user.role == ROLE_DIRECTOR && a->zDirectorate && r->user.zDirectorate[0] &&
         !strcasecmp(a->zDirectorate, r->user.zDirectorate);
}

static int api_audits(Req *r) {
  AuditRow *aRow = 0;
  int n = 0;
  Register reg;
  if (web_register_acquire(r, &reg)) return 0;
  if (store_audit_list(r->db, 0, &aRow, &n)) {
    web_register_release(r, &reg);
    web_error(r, 500, "The audits could not be read.");
    return 0;
  }
  RecSet view;
  int own = view_make(r, reg.set, &view);
  /* The same table `audit list --format json` prints, so scripts see one shape. */
  int *aCount = xmalloc(sizeof(int) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    aCount[i] = aRow[i].nRec;
    if (own && !audit_visible(r, &aRow[i], &view, &aCount[i])) aCount[i] = -1;
  }
  Report *rp = report_audit_list(aRow, n, aCount);
  ReportSection *s = rp->apSection[0];
  free(aCount);
  r->zType = "application/json";
  report_render_rows_json(s, &r->body);
  report_free(rp);
  if (own) free(view.a);
  store_audit_rows_free(aRow, n);
  web_register_release(r, &reg);
  return 0;
}

static int api_audit(Req *r) {
  long long id = r->aId[0];
  AuditRow *aRow = 0;
  int n = 0;
  Register reg;
  if (web_register_acquire(r, &reg)) return 0;
  if (store_audit_list(r->db, id, &aRow, &n)) {
    web_register_release(r, &reg);
    web_error(r, 500, "The audit could not be read.");
    return 0;
  }
  RecSet view;
  int own = view_make(r, reg.set, &view), nVisible = 0;
  if (!n || (own && !audit_visible(r, &aRow[0], &view, &nVisible))) {
    char zMsg[64];
    snprintf(zMsg, sizeof zMsg, "No audit %lld.", id);
    web_error(r, 404, zMsg);
  } else {
    const AuditRow *x = &aRow[0];
    json_t *aId = json_array();
    for (int i = 0; i < view.n; i++) {
      if (view.a[i].auditId == id) json_array_append_new(aId, json_integer(view.a[i].id));
    }
    json_t *o = json_pack(
        "{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)x->id, "ref", j_str(x->zRef),
        "title", j_str(x->zTitle), "report_date", j_day(x->reportDate), "directorate",
        j_str(x->zDirectorate), "provider", j_str(x->zProvider), "assurance",
        x->assurance >= 0 ? json_string(assurance_names[x->assurance]) : json_null(),
        "follow_up_done", j_day(x->followUpDone), "recommendations", aId);
    if (!o) fatal("api: cannot build an audit's JSON");
    api_reply(r, 200, o);
  }
  if (own) free(view.a);
  store_audit_rows_free(aRow, n);
  web_register_release(r, &reg);
  return 0;
}

/* ---- writes ---- */

/* After a write to recommendation id: its state as at today, read afresh (the
** shared register reloads on the next read), and the id of its latest opinion. */
static void add_state_after(Req *r, long long id, json_t *o) {
  Policy pol;
  RecSet set;
  memset(&set, 0, sizeof set);
  if (store_policy_load(r->db, &pol) || store_load(r->db, id, 0, DAY_NONE, &set) || set.n != 1) {
    recset_free(&set);
    return; /* the write stands; the caller's reply says so without the state */
  }
  json_t *full = rec_json(&set.a[0], &pol, r->today, ACC_AUDIT);
  j_set(o, "state", json_incref(json_object_get(full, "state")));
  const Rec *rec = &set.a[0];
  long long opId = 0;
  for (int i = 0; i < rec->nOp; i++) {
    if (rec->aOp[i].id > opId) opId = rec->aOp[i].id;
  }
  if (opId) j_set(o, "opinion_id", json_integer(opId));
  json_decref(full);
  recset_free(&set);
}

static void set_location(Req *r, long long id) {
  char z[64];
  snprintf(z, sizeof z, "/api/v1/recs/%lld", id);
  free(r->zLocation);
  r->zLocation = xstrdup(z);
}

static const Field aUpdate[] = {{"text", F_TEXT, 1, LIMIT_TEXT, 0, "text"},
                                {"claimed", F_ENUM, 0, 0, status_names, "claimed"},
                                {"percent", F_INT, 0, 100, 0, "percent"},
                                {0}};

static int api_update(Req *r) {
  long long id = r->aId[0];
  Progress u;
  memset(&u, 0, sizeof u);
  Actor who = web_actor(r);
  u.on = r->today;
  u.zText = (char *)web_arg(r, "text");
  u.claimed = web_arg_or(r, "claimed", 0) ? status_from_name(web_arg(r, "claimed")) : -1;
  u.percent = (int)web_arg_int(r, "percent", -1);
  u.zAuthor = (char *)who.zName;
  /* What a service says waits for internal audit; internal audit's own notes do not. */
  int submit = r->acc < ACC_AUDIT;
  long long progId = 0;
  Buf err = BUF_INIT;
  int rc = act_rec_update(r->db, &who, id, &u, submit, 0, 0, 0, &progId, &err);
  if (rc) {
    api_act_error(r, rc, &err);
    buf_free(&err);
    return 0;
  }
  buf_free(&err);
  long long subId = 0;
  Submission *aSub = 0;
  int nSub = 0;
  if (submit && !store_sub_list(r->db, id, &aSub, &nSub)) {
    for (int i = 0; i < nSub; i++) {
      if (aSub[i].progressId == progId) subId = aSub[i].id;
    }
  }
  store_subs_free(aSub, nSub);
  json_t *o = json_pack("{s:I,s:I,s:o,s:b,s:o}", "id", (json_int_t)progId, "rec_id", (json_int_t)id,
                        "on", j_day(u.on), "submitted", submit, "submission_id",
                        subId ? json_integer(subId) : json_null());
  set_location(r, id);
  api_reply(r, 201, o);
  return 0;
}

static const Field aReview[] = {{"opinion", F_ENUM, 1, 0, status_names, "opinion"},
                                {"text", F_TEXT, 0, LIMIT_TEXT, 0, "text"},
                                {"next", F_LINE, 0, 500, 0, "next"},
                                {"follow_up", F_DATE, 0, LIMIT_DATE_TEXT, 0, "follow_up"},
                                {"accepted_by", F_LINE, 0, 120, 0, "accepted_by"},
                                {0}};

static int api_review(Req *r) {
  long long id = r->aId[0];
  Opinion o;
  memset(&o, 0, sizeof o);
  Actor who = web_actor(r);
  o.on = r->today;
  o.status = (Status)status_from_name(web_arg(r, "opinion"));
  o.zText = (char *)web_arg_or(r, "text", 0);
  o.zNext = (char *)web_arg_or(r, "next", 0);
  o.zAcceptedBy = (char *)web_arg_or(r, "accepted_by", 0);
  o.nextFollowUp = web_arg_day(r, "follow_up", DAY_NONE);
  o.zAuthor = (char *)who.zName;
  if (o.status == ST_RISK_ACCEPTED && !o.zAcceptedBy) {
    web_field_err(r, "accepted_by", "Enter accepted_by: who accepted the risk");
    web_error(r, 422, r->aErr[0].zMsg);
    return 0;
  }
  Buf err = BUF_INIT;
  int rc = act_rec_review(r->db, &who, id, &o, &err);
  if (rc) {
    api_act_error(r, rc, &err);
    buf_free(&err);
    return 0;
  }
  buf_free(&err);
  json_t *j = json_pack("{s:I,s:s,s:o}", "rec_id", (json_int_t)id, "opinion",
                        status_names[o.status], "on", j_day(o.on));
  add_state_after(r, id, j);
  set_location(r, id);
  api_reply(r, 201, j);
  return 0;
}

static const Field aClose[] = {{"text", F_TEXT, 0, LIMIT_TEXT, 0, "text"},
                               {"evidence", F_TEXT, 0, LIMIT_TEXT, 0, "evidence"},
                               {0}};

static int api_close(Req *r) {
  long long id = r->aId[0];
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_rec_close(r->db, &who, id, r->today, web_arg_or(r, "text", 0),
                         web_arg_or(r, "evidence", 0), &err);
  if (rc) {
    api_act_error(r, rc, &err);
    buf_free(&err);
    return 0;
  }
  buf_free(&err);
  json_t *j = json_pack("{s:I,s:s,s:o}", "rec_id", (json_int_t)id, "opinion", "implemented", "on",
                        j_day(r->today));
  add_state_after(r, id, j);
  set_location(r, id);
  api_reply(r, 201, j);
  return 0;
}

/* ---- the review queue ---- */

static int api_queue(Req *r) {
  Submission *a = 0;
  int n = 0;
  if (store_sub_list(r->db, 0, &a, &n)) {
    web_error(r, 500, "The review queue could not be read.");
    return 0;
  }
  json_t *arr = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(arr, sub_json(&a[i], 1));
  store_subs_free(a, n);
  api_reply(r, 200, arr);
  return 0;
}

static const Field aDecide[] = {{"verdict", F_ENUM, 1, 0, sub_verdict_names, "verdict"},
                                {"note", F_TEXT, 0, 5000, 0, "note"},
                                {0}};

static int api_decide(Req *r) {
  long long subId = r->aId[0], recId = 0;
  const char *zVerdict = web_arg(r, "verdict");
  int v = 0;
  while (strcmp(sub_verdict_names[v], zVerdict)) v++;
  Actor who = web_actor(r);
  Buf err = BUF_INIT;
  int rc = act_submission_decide(r->db, &who, subId, (SubVerdict)v, r->today,
                                 web_arg_or(r, "note", 0), &recId, &err);
  if (rc) {
    api_act_error(r, rc, &err);
    buf_free(&err);
    return 0;
  }
  buf_free(&err);
  Submission x;
  if (store_sub_get(r->db, subId, &x) || !x.id) {
    web_error(r, 500, "The decision was recorded but could not be read back.");
    return 0;
  }
  api_reply(r, 200, sub_json(&x, 0));
  store_sub_clear(&x);
  return 0;
}

/* ---- who am I ---- */

static int api_me(Req *r) {
  const User *u = &r->user;
  json_t *o =
      json_pack("{s:I,s:o,s:o,s:s,s:o,s:o,s:o,s:s}", "id", (json_int_t)u->id, "login",
                j_str(u->zLogin), "name", j_str(u->zName), "role", role_names[u->role], "email",
                j_str(u->zEmail[0] ? u->zEmail : 0), "directorate",
                j_str(u->zDirectorate[0] ? u->zDirectorate : 0), "owner_as",
                j_str(u->zOwnerAs[0] ? u->zOwnerAs : 0), "via", r->viaToken ? "token" : "session");
  if (!o) fatal("api: cannot build the account's JSON");
  api_reply(r, 200, o);
  return 0;
}

static const Field aRecsQuery[] = {FILTER_FIELDS,
                                   {"limit", F_INT, 0, PAGE_MAX, 0, "limit"},
                                   {"after", F_INT, 0, 1000000000000000L, 0, "after"},
                                   {0}};

/* Every route here is R_API. Readers of docs/api.md: keep it in step. */
const Route api_routes[] = {
    {M_GET, "/api/v1/me", CAP_SIGNED_IN, ACC_NONE, R_API, 0, api_me, 0,
     "API: the account a token or session is"},
    {M_GET, "/api/v1/audits", CAP_REPORTS, ACC_NONE, R_API, 0, api_audits, 0, "API: the audits"},
    {M_GET, "/api/v1/audits/#", CAP_REPORTS, ACC_NONE, R_API, 0, api_audit, 0,
     "API: one audit with its recommendation ids"},
    {M_GET, "/api/v1/recs", CAP_SIGNED_IN, ACC_NONE, R_API, aRecsQuery, api_recs, 0,
     "API: recommendations as `rec list --format json`, cut to what the account may see"},
    {M_GET, "/api/v1/recs/#", CAP_SIGNED_IN, ACC_READ, R_API, aRecQuery, api_rec, 0,
     "API: one recommendation, its state as at a date and its whole history"},
    {M_POST, "/api/v1/recs/#/updates", CAP_UPDATE, ACC_UPDATE, R_API, aUpdate, api_update, 0,
     "API: post an update (from a service it waits in the review queue)"},
    {M_POST, "/api/v1/recs/#/reviews", CAP_AUDIT, ACC_AUDIT, R_API, aReview, api_review, 0,
     "API: record internal audit's opinion"},
    {M_POST, "/api/v1/recs/#/close", CAP_AUDIT, ACC_AUDIT, R_API, aClose, api_close, 0,
     "API: close as implemented"},
    {M_GET, "/api/v1/review", CAP_AUDIT, ACC_NONE, R_API, 0, api_queue, 0,
     "API: the pending review queue"},
    {M_POST, "/api/v1/submissions/#/decide", CAP_AUDIT, ACC_NONE, R_API, aDecide, api_decide, 0,
     "API: accept or reject an update, approve or refuse a date request"},
    {M_GET, "/api/v1/reports/*", CAP_REPORTS, ACC_NONE, R_API, aReportQuery, api_report, 0,
     "API: a report as `auditrack report KIND --format json`"},
    {0}};
