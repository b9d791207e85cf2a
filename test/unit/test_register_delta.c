/*
** test_register_delta.c: the web's cached register follows the journal
** (web_register.c). A property test drives seeded random writes of every
** journalled kind and after each compares the register kept up to date by
** deltas with one read from scratch: every Rec field, its state on several dates,
** the owner and directorate indexes, the policy, the name and the generation,
** and the list index's answers (derived from the generation before's: states on
** several dates, a selection sorted by a rank, the form's choices), and the
** dashboard's shared figures (web_dash.c: states carried over from the generation
** before's, a directorate's cut, confidential detail withheld) against the same
** reports built on the fresh register.
** AUDITRACK_DELTA_STEPS (default 300) and AUDITRACK_DELTA_SEED (default 1) run
** it longer or otherwise; AUDITRACK_DELTA_VERBOSE=1 prints each refused write and
** how many generations were followed. A concurrency test runs readers against a writer for
** AUDITRACK_RACE_SECONDS (default 2; `make tsan` runs it under ThreadSanitizer).
** Not for: the pages that read the register (test/e2e/web*.sh).
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "action.h"
#include "auth.h"
#include "http.h"
#include "import.h"
#include "store.h"
#include "t.h"
#include "web.h"
#include "report.h"
#include "report_worst.h"
#include "web_dash.h"
#include "web_index.h"
#include "web_states.h"

#define D(y, m, d) day_from_ymd(y, m, d)

typedef struct Fix {
  char zDir[64], zDb[96];
  Db *db;
  Shared *sh; /* kept across writes: the register under test */
  Actor who;
  long long ownerId;
  unsigned seed;
} Fix;

static Shared *shared_new(void) {
  Shared *sh = xcalloc(1, sizeof *sh);
  sh->o = xcalloc(1, sizeof *sh->o);
  auth_limits_default(&sh->o->limits);
  sh->o->today = DAY_NONE;
  pthread_mutex_init(&sh->mu, 0);
  pthread_key_create(&sh->dbKey, 0);
  return sh;
}

static void shared_free(Shared *sh) {
  free(sh->o);
  web_shared_free(sh);
}

static int acquire(Shared *sh, Db *db, Register *g) {
  Req r;
  memset(&r, 0, sizeof r);
  r.db = db;
  r.sh = sh;
  int rc = web_register_acquire(&r, g);
  buf_free(&r.body);
  return rc;
}

static void release(Shared *sh, Db *db, Register *g) {
  Req r;
  memset(&r, 0, sizeof r);
  r.db = db;
  r.sh = sh;
  web_register_release(&r, g);
}

static unsigned rnd(Fix *x, unsigned n) {
  x->seed = x->seed * 1103515245u + 12345u;
  return n ? (x->seed >> 8) % n : 0;
}

static const char *const azOwner[] = {"Jane Smith", "Bob Jones", "jane smith", 0, "Ann Lee"};
static const char *const azDir[] = {"Resources", "Place", "people", 0};

static int fix_open(Fix *x, unsigned seed) {
  memset(x, 0, sizeof *x);
  x->seed = seed;
  snprintf(x->zDir, sizeof x->zDir, "/tmp/auditrack-unit-XXXXXX");
  if (!mkdtemp(x->zDir)) return 1;
  snprintf(x->zDb, sizeof x->zDb, "%s/t.db", x->zDir);
  char *zErr = 0;
  if (db_open(x->zDb, 1, &x->db, &zErr)) {
    t_fail(__FILE__, __LINE__, "open: %s", zErr);
    free(zErr);
    return 1;
  }
  x->who.zName = "Ann Auditor";
  Buf err = BUF_INIT;
  if (act_init(x->db, &x->who, "Testshire Council", &err))
    t_fail(__FILE__, __LINE__, "init: %s", buf_cstr(&err));
  User u;
  memset(&u, 0, sizeof u);
  snprintf(u.zLogin, sizeof u.zLogin, "owner");
  snprintf(u.zName, sizeof u.zName, "Jane Smith");
  snprintf(u.zOwnerAs, sizeof u.zOwnerAs, "Jane Smith");
  u.role = ROLE_OWNER;
  if (auth_user_add(x->db, &x->who, &u, "staple-battery-horse-9", &err))
    t_fail(__FILE__, __LINE__, "user: %s", buf_cstr(&err));
  x->ownerId = u.id;
  for (int i = 0; i < 3; i++) {
    AuditIn a = {"PAY", i ? "Payroll" : "Access", azDir[i], "In-house", D(2024, 1, 10 + i), i - 1};
    if (act_audit_add(x->db, &x->who, &a, &(long long){0}, &err))
      t_fail(__FILE__, __LINE__, "audit: %s", buf_cstr(&err));
  }
  buf_free(&err);
  x->sh = shared_new();
  return 0;
}

static void fix_close(Fix *x) {
  shared_free(x->sh);
  db_close(x->db);
  char z[200];
  snprintf(z, sizeof z, "rm -rf '%s'", x->zDir);
  if (system(z)) t_fail(__FILE__, __LINE__, "could not remove %s", x->zDir);
}

/* ---- comparing two registers ---- */

static int str_same(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

#define SAME_INT(f) ok = ok && a->f == b->f
#define SAME_STR(f) ok = ok && str_same(a->f, b->f)

static int rev_same(const Revision *a, const Revision *b) {
  int ok = 1;
  SAME_INT(id), SAME_INT(on), SAME_INT(target);
  SAME_STR(zTargetText), SAME_STR(zReason), SAME_STR(zAgreedBy), SAME_STR(zCycle);
  return ok;
}
static int prog_same(const Progress *a, const Progress *b) {
  int ok = 1;
  SAME_INT(id), SAME_INT(on), SAME_INT(claimed), SAME_INT(percent);
  SAME_STR(zText), SAME_STR(zAuthor), SAME_STR(zCycle);
  return ok;
}
static int op_same(const Opinion *a, const Opinion *b) {
  int ok = 1;
  SAME_INT(id), SAME_INT(on), SAME_INT(status), SAME_INT(nextFollowUp);
  SAME_STR(zText), SAME_STR(zNext), SAME_STR(zAcceptedBy), SAME_STR(zAuthor);
  return ok;
}
static int dec_same(const Decision *a, const Decision *b) {
  int ok = 1;
  SAME_INT(id), SAME_INT(on), SAME_INT(kind);
  SAME_STR(zText), SAME_STR(zMeeting);
  return ok;
}

/* Every field of the Rec, its history, and its state on a few dates. */
static int rec_same(const Rec *a, const Rec *b, const Policy *pa, const Policy *pb) {
  int ok = 1;
  SAME_INT(id), SAME_INT(auditId), SAME_INT(auditDate), SAME_INT(assurance);
  SAME_INT(riskRank), SAME_INT(original), SAME_INT(confidential), SAME_INT(existsFrom);
  SAME_STR(zAuditTitle), SAME_STR(zAuditRef), SAME_STR(zProvider), SAME_STR(zRiskCode);
  SAME_STR(zRiskScale);
  SAME_STR(zRiskLabel), SAME_STR(zOriginalText);
  for (int f = 0; f < REC_FIELD__MAX; f++)
    ok = ok && str_same(rec_field_get(a, (RecFieldId)f), rec_field_get(b, (RecFieldId)f));
  SAME_INT(nRev), SAME_INT(nProg), SAME_INT(nOp), SAME_INT(nDec);
  for (int i = 0; ok && i < a->nRev; i++) ok = rev_same(&a->aRev[i], &b->aRev[i]);
  for (int i = 0; ok && i < a->nProg; i++) ok = prog_same(&a->aProg[i], &b->aProg[i]);
  for (int i = 0; ok && i < a->nOp; i++) ok = op_same(&a->aOp[i], &b->aOp[i]);
  for (int i = 0; ok && i < a->nDec; i++) ok = dec_same(&a->aDec[i], &b->aDec[i]);
  static const int aYear[] = {2024, 2025, 2026, 2030};
  for (int y = 0; ok && y < 4; y++) {
    RecState sa, sb;
    rec_state_at(a, pa, D(aYear[y], 3, 31), &sa);
    rec_state_at(b, pb, D(aYear[y], 3, 31), &sb);
    ok = sa.exists == sb.exists && sa.open == sb.open && sa.closure == sb.closure &&
         sa.closedOn == sb.closedOn && sa.closedBy == sb.closedBy && sa.reopened == sb.reopened &&
         sa.currentTarget == sb.currentTarget && sa.currentTbc == sb.currentTbc &&
         sa.due == sb.due && sa.overdue == sb.overdue && sa.months == sb.months &&
         sa.band == sb.band && sa.rung == sb.rung && sa.revisions == sb.revisions &&
         sa.rag == sb.rag && (!sa.pUpdate) == (!sb.pUpdate) && (!sa.pOpinion) == (!sb.pOpinion) &&
         (!sa.pDecision) == (!sb.pDecision) && (!sa.pUpdate || sa.pUpdate->id == sb.pUpdate->id) &&
         (!sa.pOpinion || sa.pOpinion->id == sb.pOpinion->id);
  }
  return ok;
}

/* The incremental register g against one read from scratch: 0 when identical,
** else the number of differences (reported). */
static int register_diff(const Register *g, const Register *w, int step) {
  int nDiff = 0;
  Buf pa = BUF_INIT, pb = BUF_INIT;
  policy_describe(g->pol, &pa);
  policy_describe(w->pol, &pb);
  if (strcmp(buf_cstr(&pa), buf_cstr(&pb)) || g->gen != w->gen || !str_same(g->zOrg, w->zOrg) ||
      g->set->n != w->set->n) {
    t_fail(__FILE__, __LINE__, "step %d: generation %lld/%lld, %d/%d recommendations, policy %s",
           step, g->gen, w->gen, g->set->n, w->set->n,
           strcmp(buf_cstr(&pa), buf_cstr(&pb)) ? "differs" : "same");
    nDiff++;
  }
  buf_free(&pa);
  buf_free(&pb);
  for (int i = 0; !nDiff && i < g->set->n; i++) {
    if (!rec_same(&g->set->a[i], &w->set->a[i], g->pol, w->pol)) {
      t_fail(__FILE__, __LINE__, "step %d: recommendation %lld differs", step, g->set->a[i].id);
      nDiff++;
    }
  }
  for (int byDir = 0; !nDiff && byDir < 2; byDir++) {
    const int *ia, *ib;
    web_register_find(g, byDir, 0, &ia);
    web_register_find(w, byDir, 0, &ib);
    for (int i = 0; i < g->set->n; i++) nDiff += ia[i] != ib[i];
    if (nDiff) t_fail(__FILE__, __LINE__, "step %d: index %d differs", step, byDir);
  }
  return nDiff;
}

static long long months_rank(const IndexRow *a) {
  return -(long long)(a->st->open ? (a->st->overdue ? a->st->months : -1) : -2);
}
static int months_cmp(const void *pa, const void *pb) {
  long long x = months_rank(pa), y = months_rank(pb);
  long long i = ((const IndexRow *)pa)->rec->id, j = ((const IndexRow *)pb)->rec->id;
  return x != y ? (x > y) - (x < y) : (i > j) - (i < j);
}

/* One selection of the list index, as ids with their months overdue, into out. */
static void index_ask(Shared *sh, Db *db, const Register *g, Day asAt, const char *zDir, int sorted,
                      Buf *out) {
  Req r;
  memset(&r, 0, sizeof r);
  r.db = db;
  r.sh = sh;
  r.user.role = ROLE_AUDITOR;
  Filter f;
  memset(&f, 0, sizeof f);
  f.zDirectorate = zDir;
  f.includeConfidential = 1;
  IndexAsk ask = {.asAt = asAt, .f = &f};
  if (sorted) {
    ask.cmp = months_cmp;
    ask.rank = months_rank;
  }
  IndexPage p;
  web_index_page(&r, g, &ask, 0, 0, -1, &p);
  buf_appendf(out, "%d:", p.total);
  for (int k = 0; k < p.n; k++)
    buf_appendf(out, " %lld/%d/%d/%d", p.apRec[k]->id, p.aSt[k].open, p.aSt[k].overdue,
                p.aSt[k].overdue ? p.aSt[k].months : 0);
  web_index_page_free(&p);
}

/* The list index of the followed register g (whose index was derived from the
** generation before's, when that had one) against the fresh register w's. */
static int index_diff(Shared *gsh, Shared *wsh, Db *db, const Register *g, const Register *w,
                      int step) {
  static const Day aDay[] = {20000, 20300, 20600};
  int nDiff = 0;
  for (size_t d = 0; d < sizeof aDay / sizeof aDay[0]; d++) {
    for (int c = 0; c < 4; c++) {
      Buf a = BUF_INIT, b = BUF_INIT;
      const char *zDir = c / 2 ? "Resources" : 0;
      index_ask(gsh, db, g, aDay[d], zDir, c % 2, &a);
      index_ask(wsh, db, w, aDay[d], zDir, c % 2, &b);
      if (strcmp(buf_cstr(&a), buf_cstr(&b))) {
        t_fail(__FILE__, __LINE__, "step %d: the index differs on day %d (%s%s):\n%s\n%s", step,
               aDay[d], zDir ? zDir : "all", c % 2 ? ", sorted" : "", buf_cstr(&a), buf_cstr(&b));
        nDiff++;
      }
      buf_free(&a);
      buf_free(&b);
    }
  }
  for (int f = 0; f < IX_DISTINCT__MAX; f++) {
    const char **za, **zb;
    int na = web_index_distinct(g, f, 0, &za), nb = web_index_distinct(w, f, 0, &zb);
    int same = na == nb;
    for (int i = 0; same && i < na; i++) same = !strcmp(za[i], zb[i]);
    if (!same) {
      t_fail(__FILE__, __LINE__, "step %d: the choices of field %d differ (%d, %d)", step, f, na,
             nb);
      nDiff++;
    }
    free(za);
    free(zb);
  }
  return nDiff;
}

/* A report as text into out ("(none)" when it could not be made). */
static void report_text_of(const Report *rp, Buf *out) {
  if (rp)
    report_render(rp, FMT_TEXT, out);
  else
    buf_puts(out, "(none)");
}

/* The reports of the dashboard's request a (and prev) built on w as any door
** builds them, without shared states: the requests read from db as web_dash.c does. */
static void dash_fresh(const Register *w, Db *db, ReportInput *a, ReportInput *prev, Report **ap) {
  ReportInput *aIn[2] = {a, prev};
  for (int i = 0; i < 2; i++) {
    aIn[i]->set = w->set;
    aIn[i]->pol = w->pol;
    aIn[i]->zOrg = w->zOrg;
  }
  Buf err = BUF_INIT;
  Submission *aSub = 0;
  int nSub = 0;
  a->haveSub = report_wants_requests(w->pol) && !store_sub_events(db, &aSub, &nSub);
  a->aSub = aSub;
  a->nSub = nSub;
  ap[0] = report_build("summary", a, &err);
  a->aSub = 0;
  a->nSub = a->haveSub = 0;
  store_subs_free(aSub, nSub);
  ap[1] = report_build("summary", prev, &err);
  ap[2] = report_build("trend", a, &err);
  ap[3] = report_build("escalations", a, &err);
  ap[4] = report_worst(a, 10);
  buf_free(&err);
}

/* The escalations report's rungs as the dashboard keeps them, worked here from
** the report's rows the slow way (each name looked for among those before it,
** then an insertion sort), into out: title, count, newly reached, then the names. */
static void rungs_of_report(const Report *rp, Buf *out) {
  for (int i = 0; rp && i < rp->nSection; i++) {
    const ReportSection *s = rp->apSection[i];
    if (s->nCol < 9) continue;
    DashName *a = xcalloc((size_t)s->nRow + 1, sizeof *a);
    int n = 0, fresh = 0;
    for (int j = 0; j < s->nRow; j++) {
      fresh += report_cell(s, j, 8)->i != 0;
      const Cell *c = report_cell(s, j, 7);
      if (c->t != CELL_TEXT || !c->z[0]) continue;
      int k = 0;
      while (k < n && strcasecmp(a[k].z, c->z)) k++;
      if (k == n) a[n++] = (DashName){c->z, 0};
      a[k].n++;
    }
    for (int j = 1; j < n; j++) {
      for (int k = j; k > 0; k--) {
        DashName *x = &a[k - 1], *y = &a[k];
        if (x->n > y->n || (x->n == y->n && strcasecmp(x->z, y->z) <= 0)) break;
        DashName t = *x;
        *x = *y;
        *y = t;
      }
    }
    buf_appendf(out, "%s|%d|%d|%d:", s->zTitle, s->nRow, fresh, n);
    for (int k = 0; k < n && k < DASH_NAMES; k++) buf_appendf(out, " %s (%d)", a[k].z, a[k].n);
    buf_puts(out, "\n");
    free(a);
  }
}

static void rungs_of_figs(const DashFigs *f, Buf *out) {
  for (int i = 0; i < f->nRung; i++) {
    const DashRung *g = &f->aRung[i];
    buf_appendf(out, "%s|%d|%d|%d:", g->zTitle, g->nRec, g->nFresh, g->nName);
    for (int k = 0; k < g->nName && k < DASH_NAMES; k++)
      buf_appendf(out, " %s (%d)", g->aName[k].z, g->aName[k].n);
    buf_puts(out, "\n");
  }
}

/* The dashboard's figures on the followed register g, shared per generation
** (asked for twice: the second must be the first's), against the fresh register
** w's reports: the whole register, one directorate, and confidential detail withheld. */
static int dash_diff(Db *db, const Register *g, const Register *w, int step) {
  static const Day aDay[] = {20000, 20300, 20600};
  static const char *const azName[] = {"summary", "previous summary", "trend", "escalations",
                                       "longest overdue"};
  int nDiff = 0;
  for (size_t d = 0; d < sizeof aDay / sizeof aDay[0]; d++) {
    for (int c = 0; c < 3; c++) {
      ReportInput a, p;
      memset(&a, 0, sizeof a);
      a.asAt = aDay[d];
      a.since = aDay[d] - 91;
      a.f.status = SF_OPEN;
      a.f.includeConfidential = c != 2;
      a.f.zDirectorate = c == 1 ? "resources" : 0; /* in another case than the register's */
      p = a;
      p.asAt = a.since;
      p.since = a.since - 91;
      ReportInput a2 = a, p2 = p, fa = a, fp = p;
      const DashFigs *f = web_dash_figs(g, db, &a, &p, 10);
      const DashFigs *f2 = web_dash_figs(g, db, &a2, &p2, 10);
      if (f != f2) {
        t_fail(__FILE__, __LINE__, "step %d: the same request's figures were made twice", step);
        nDiff++;
      }
      web_dash_release(g, f2);
      Report *ap[5];
      dash_fresh(w, db, &fa, &fp, ap);
      const Report *aGot[5] = {f->sum, f->sumPrev, f->trend, 0, f->wst};
      for (int k = 0; k < 5; k++) {
        Buf x = BUF_INIT, y = BUF_INIT;
        if (k == 3) { /* the escalations: kept as their rungs' counts and names */
          rungs_of_figs(f, &x);
          rungs_of_report(ap[k], &y);
        } else {
          report_text_of(aGot[k], &x);
          report_text_of(ap[k], &y);
        }
        if (strcmp(buf_cstr(&x), buf_cstr(&y))) {
          t_fail(__FILE__, __LINE__, "step %d: the dashboard's %s differs on day %d (%s):\n%s\n%s",
                 step, azName[k], aDay[d],
                 c == 1   ? "a directorate"
                 : c == 2 ? "withheld"
                          : "all",
                 buf_cstr(&x), buf_cstr(&y));
          nDiff++;
        }
        buf_free(&x);
        buf_free(&y);
        report_free(ap[k]);
      }
      web_dash_release(g, f);
    }
  }
  return nDiff;
}

/* ---- random writes ---- */

/* An id of a row of the table: a recommendation (rec) or an audit, 0 when none. */
static long long pick(Fix *x, int audit) {
  long long n = 0;
  if (audit) {
    AuditRow *a = 0;
    int nA = 0;
    if (store_audit_list(x->db, 0, &a, &nA) || !nA) return 0;
    n = a[rnd(x, (unsigned)nA)].id;
    store_audit_rows_free(a, nA);
    return n;
  }
  RecSet s;
  if (store_load(x->db, 0, 0, DAY_NONE, &s)) return 0;
  n = s.n ? s.a[rnd(x, (unsigned)s.n)].id : 0;
  recset_free(&s);
  return n;
}

static Day some_day(Fix *x) {
  return D(2024 + (int)rnd(x, 3), 1 + (int)rnd(x, 12), 1 + (int)rnd(x, 28));
}

static void add_rec(Fix *x, int i, Buf *err) {
  Rec r;
  memset(&r, 0, sizeof r);
  r.auditId = pick(x, 1);
  char zBody[64], zRef[16];
  snprintf(zBody, sizeof zBody, "Recommendation %d", i);
  snprintf(zRef, sizeof zRef, "R%d", i);
  r.zBody = zBody;
  r.zRef = rnd(x, 2) ? zRef : 0;
  r.zOwner = (char *)azOwner[rnd(x, 5)];
  r.zDirector = rnd(x, 2) ? "Director of Finance" : 0;
  r.zEvidence = rnd(x, 4) ? 0 : "the signed reconciliation";
  r.original = rnd(x, 5) ? some_day(x) : DAY_NONE;
  r.existsFrom = DAY_NONE;
  r.riskRank = -1;
  if (act_rec_add(x->db, &x->who, &r, rnd(x, 2) ? "High" : 0, D(2024, 1, 10), &(long long){0},
                  err)) {
    buf_reset(err);
  }
}

/* Updates, revisions, opinions, closures, reopenings, decisions, date requests. */
static void write_history(Fix *x, int op, long long id, Buf *err) {
  Day on = some_day(x);
  if (op == 0) {
    Progress u = {0, on, "Work is under way", (int)rnd(x, 4) - 1, (int)rnd(x, 101), 0, 0};
    (void)!act_rec_update(x->db, &x->who, id, &u, (int)rnd(x, 2), 0, 0, 0, 0, err);
  } else if (op == 1) {
    Revision v = {0, on, rnd(x, 4) ? some_day(x) : DAY_NONE, 0, "More time needed", "Director", 0};
    (void)!act_rec_revise(x->db, &x->who, id, &v, err);
  } else if (op == 2) {
    Opinion o = {0, on, rnd(x, 2) ? ST_PARTIAL : ST_IN_PROGRESS, "Seen", "Chase", 0, 0, DAY_NONE};
    (void)!act_rec_review(x->db, &x->who, id, &o, err);
  } else if (op == 3) {
    (void)!act_rec_close(x->db, &x->who, id, on, "Done", "the signed reconciliation", err);
  } else if (op == 4) {
    (void)!act_rec_reopen(x->db, &x->who, id, on, "Not done after all", err);
  } else if (op == 5) {
    int ext = rnd(x, 2);
    Decision d = {0, on, ext ? DEC_EXTENSION_GRANTED : DEC_NOTED, "Committee view", "March"};
    (void)!act_decision_add(x->db, &x->who, id, &d, ext ? "2027-01-31" : 0,
                            ext ? D(2027, 1, 31) : DAY_NONE, err);
  } else {
    (void)!act_rec_request_date(x->db, &x->who, id, on, D(2028, 6, 30), "2028-06-30",
                                "Waiting for the new system", err);
  }
}

static void decide_one(Fix *x, Buf *err) {
  Submission *a = 0;
  int n = 0;
  if (store_sub_list(x->db, 0, &a, &n)) return;
  for (int i = 0; i < n; i++) {
    if (strcmp(a[i].zState, "pending")) continue;
    SubVerdict v = a[i].kind == SUBK_DATE ? (rnd(x, 2) ? SUB_APPROVE : SUB_REFUSE)
                                          : (rnd(x, 2) ? SUB_ACCEPT : SUB_REJECT);
    long long recId = 0;
    (void)!act_submission_decide(x->db, &x->who, a[i].id, v, some_day(x), "Because", &recId, err);
    break;
  }
  store_subs_free(a, n);
}

static void import_some(Fix *x, int i, Buf *err) {
  Buf csv = BUF_INIT, warn = BUF_INIT;
  buf_appendf(&csv,
              "audit_title,recommendation,original_due_date,as_at_date,owner\n"
              "Imported %d,Imported recommendation %d,2025-01-31,2025-12-31,Ann Lee\n"
              "Payroll,Imported on %d,2025-02-28,2025-12-31,\n",
              i % 3, i, i);
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = "step.csv";
  o.zActor = "test";
  o.asAt = DAY_NONE;
  ImportResult res;
  (void)!import_file(x->db, &o, csv.z, csv.n, &res, err, &warn);
  buf_free(&csv);
  buf_free(&warn);
}

/* Rec set edits, audit edits, policy, people, cycles, scales, delegations. */
static void write_other(Fix *x, int op, int i, Buf *err) {
  static const char *const azField[] = {"owner", "director",     "title",
                                        "text",  "confidential", "directorate"};
  char z[48];
  snprintf(z, sizeof z, "Value %d", i);
  if (op == 0) {
    const char *zF = azField[rnd(x, 6)];
    const char *zV = !strcmp(zF, "confidential") ? (rnd(x, 2) ? "1" : "0")
                     : !strcmp(zF, "owner")      ? (azOwner[rnd(x, 5)] ? azOwner[rnd(x, 4)] : "")
                                                 : z;
    (void)!act_rec_set(x->db, &x->who, pick(x, 0), zF, zV, err);
  } else if (op == 1) {
    static const char *const azA[] = {"title", "directorate", "provider", "assurance", "ref"};
    const char *zF = azA[rnd(x, 5)];
    const char *zV = !strcmp(zF, "directorate") ? azDir[rnd(x, 3)]
                     : !strcmp(zF, "assurance") ? "limited"
                                                : z;
    (void)!act_audit_set(x->db, &x->who, pick(x, 1), zF, zV, err);
  } else if (op == 2) {
    static const char *const azKey[] = {"months", "basis", "rag-red-months", "overdue-on-due-date"};
    static const char *const azVal[] = {"whole",    "original", "3", "yes",
                                        "calendar", "current",  "6", "no"};
    int k = (int)rnd(x, 4);
    Buf v = BUF_INIT;
    (void)!act_policy_set(x->db, &x->who, azKey[k], azVal[k + 4 * (int)rnd(x, 2)], &v, err);
    buf_free(&v);
  } else if (op == 3) {
    char zE[48];
    snprintf(zE, sizeof zE, "p%d@example.org", i);
    (void)!act_person_set(x->db, &x->who, azOwner[rnd(x, 2)], zE, "test", err);
  } else if (op == 4) {
    snprintf(z, sizeof z, "Cycle %d", i);
    (void)!act_cycle_add(x->db, &x->who, z, D(2025, 1, 1) + i, DAY_NONE, &(long long){0}, err);
  } else if (op == 5) {
    AuditIn a = {0, z, azDir[rnd(x, 4)], "In-house", some_day(x), AS_NONE_GIVEN};
    (void)!act_audit_add(x->db, &x->who, &a, &(long long){0}, err);
  } else if (op == 6) {
    (void)!auth_delegate(x->db, &x->who, pick(x, 0), x->ownerId, (int)rnd(x, 2), err);
  } else if (op == 7) {
    snprintf(z, sizeof z, "Scale%d", i);
    const char *azC[] = {"A", "B"}, *azL[] = {"Severe", "Mild"}, *azD[] = {"bad", "less bad"};
    (void)!act_scale_add(x->db, &x->who, z, "test", "A,B", 2, azC, azL, azD, err);
  } else {
    import_some(x, i, err);
  }
}

static void write_random(Fix *x, int i) {
  Buf err = BUF_INIT;
  unsigned k = rnd(x, 100);
  long long id = pick(x, 0);
  if (k < 8 || !id)
    add_rec(x, i, &err);
  else if (k < 60)
    write_history(x, (int)rnd(x, 7), id, &err);
  else if (k < 66)
    decide_one(x, &err);
  else if (k < 97)
    write_other(x, (int)rnd(x, 7), i, &err); /* the everyday kinds */
  else
    write_other(x, 7 + (int)rnd(x, 2), i, &err); /* scales and imports: rare */
  if (getenv("AUDITRACK_DELTA_VERBOSE") && err.n) fprintf(stderr, "%u: %s\n", k, buf_cstr(&err));
  buf_free(&err);
}

static int env_int(const char *zName, int dflt) {
  const char *z = getenv(zName);
  return z && atoi(z) > 0 ? atoi(z) : dflt;
}

TEST(register_delta_matches_a_full_read) {
  Fix x;
  unsigned seed = (unsigned)env_int("AUDITRACK_DELTA_SEED", 1);
  if (fix_open(&x, seed)) return;
  int nStep = env_int("AUDITRACK_DELTA_STEPS", 300), nShared = 0, nMoved = 0;
  Buf err = BUF_INIT;
  for (int i = 0; i < 12; i++) add_rec(&x, i, &err);
  buf_free(&err);
  Register prev;
  memset(&prev, 0, sizeof prev);
  for (int step = 0; step < nStep; step++) {
    write_random(&x, step + 100);
    Register g, w;
    Shared *fresh = shared_new();
    if (acquire(x.sh, x.db, &g) || acquire(fresh, x.db, &w)) {
      t_fail(__FILE__, __LINE__, "step %d: cannot read the register", step);
      shared_free(fresh);
      break;
    }
    int nDiff = register_diff(&g, &w, step);
    if (!nDiff) nDiff = index_diff(x.sh, fresh, x.db, &g, &w, step);
    if (!nDiff) nDiff = dash_diff(x.db, &g, &w, step);
    /* Followed, not reread: an unchanged recommendation keeps its storage. */
    if (prev.pBox && prev.gen != g.gen) {
      nMoved++;
      const Rec *a = recset_find(prev.set, g.set->a[0].id);
      nShared += a && a->zBody == g.set->a[0].zBody;
    }
    release(fresh, x.db, &w);
    shared_free(fresh);
    if (prev.pBox) release(x.sh, x.db, &prev);
    prev = g;
    if (nDiff) {
      t_fail(__FILE__, __LINE__, "seed %u, step %d: the registers differ", seed, step);
      break;
    }
  }
  if (prev.pBox) release(x.sh, x.db, &prev);
  if (getenv("AUDITRACK_DELTA_VERBOSE"))
    fprintf(stderr, "steps %d, generations %d, shared %d\n", nStep, nMoved, nShared);
  /* Most writes are followed by a delta; the full reads are the rare kinds. */
  CHECK(nMoved > nStep / 2);
  /* The dates' states were carried from generation to generation, not recomputed. */
  DashStats ds;
  StatesStats ss;
  web_dash_stats(&ds);
  web_states_stats(&ss);
  CHECK(ss.nCarried > ss.nFull);
  CHECK(ds.nShared >= ds.nBuilt);
  CHECK(nShared * 10 > nMoved * 7);
  fix_close(&x);
}

/* ---- readers and a writer at once ---- */

typedef struct Race {
  Fix *x;
  long long stop;               /* atomic: CLOCK_MONOTONIC seconds to stop at */
  int nRead, nFail, nBackwards; /* atomic */
} Race;

static long long now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec;
}

static void *count_open(const Register *g) {
  int *p = xmalloc(sizeof *p);
  *p = 0;
  for (int i = 0; i < g->set->n; i++) *p += g->set->a[i].nProg;
  return p;
}

/* Acquire, read every recommendation's state, the indexes and the data hung off
** the generation, release; again until the time is up. */
static void *reader(void *p) {
  Race *ra = p;
  Db *db = 0;
  char *zErr = 0;
  if (db_open(ra->x->zDb, 0, &db, &zErr)) {
    free(zErr);
    __atomic_add_fetch(&ra->nFail, 1, __ATOMIC_RELAXED);
    return 0;
  }
  long long last = 0;
  while (now_s() < __atomic_load_n(&ra->stop, __ATOMIC_RELAXED)) {
    Register g;
    if (acquire(ra->x->sh, db, &g)) {
      __atomic_add_fetch(&ra->nFail, 1, __ATOMIC_RELAXED);
      continue;
    }
    if (g.gen < last) __atomic_add_fetch(&ra->nBackwards, 1, __ATOMIC_RELAXED);
    last = g.gen;
    int nOpen = 0, nProg = 0;
    for (int i = 0; i < g.set->n; i++) {
      RecState st;
      rec_state_at(&g.set->a[i], g.pol, D(2026, 3, 31), &st);
      nOpen += st.open;
      nProg += g.set->a[i].nProg;
    }
    const int *aIdx;
    int n = web_register_find(&g, 0, "Jane Smith", &aIdx);
    for (int i = 0; i < n; i++) nOpen += g.set->a[aIdx[i]].id > 0 ? 0 : 1;
    const int *pCount = web_register_aux(&g, 1, count_open, 0, free);
    if (!pCount || *pCount != nProg) __atomic_add_fetch(&ra->nFail, 1, __ATOMIC_RELAXED);
    /* The list index, derived from one generation to the next while read. */
    Buf sel = BUF_INIT;
    index_ask(ra->x->sh, db, &g, D(2026, 3, 31), 0, 1, &sel);
    if (strtol(buf_cstr(&sel), 0, 10) != nOpen) __atomic_add_fetch(&ra->nFail, 1, __ATOMIC_RELAXED);
    buf_free(&sel);
    release(ra->x->sh, db, &g);
    __atomic_add_fetch(&ra->nRead, 1, __ATOMIC_RELAXED);
  }
  db_close(db);
  return 0;
}

TEST(register_readers_and_a_writer) {
  Fix x;
  if (fix_open(&x, 7)) return;
  Buf err = BUF_INIT;
  for (int i = 0; i < 200; i++) add_rec(&x, i, &err);
  Race ra = {&x, now_s() + env_int("AUDITRACK_RACE_SECONDS", 2), 0, 0, 0};
  pthread_t aT[3];
  for (int i = 0; i < 3; i++) pthread_create(&aT[i], 0, reader, &ra);
  int nWrite = 0;
  while (now_s() < ra.stop) {
    long long id = pick(&x, 0);
    if (nWrite % 10 == 9)
      add_rec(&x, 1000 + nWrite, &err);
    else
      write_history(&x, 0, id, &err);
    buf_reset(&err);
    nWrite++;
    usleep(2000);
  }
  for (int i = 0; i < 3; i++) pthread_join(aT[i], 0);
  CHECK_INT(ra.nFail, 0);
  CHECK_INT(ra.nBackwards, 0);
  CHECK(ra.nRead > 10);
  CHECK(nWrite > 10);
  buf_free(&err);
  fix_close(&x);
}

/* A register followed on one database and then asked of another whose journal
** is longer but is not the same chain (a backup restored and written to since,
** say) is read whole, not patched with the other chain's entries. */
TEST(register_delta_reads_whole_when_the_chain_changed) {
  Fix a, b;
  if (fix_open(&a, 3)) return;
  if (fix_open(&b, 4)) {
    fix_close(&a);
    return;
  }
  Buf err = BUF_INIT;
  for (int i = 0; i < 10; i++) add_rec(&a, i, &err);
  for (int i = 0; i < 14; i++) add_rec(&b, 50 + i, &err);
  Register g, w;
  if (acquire(a.sh, a.db, &g)) t_fail(__FILE__, __LINE__, "cannot read a");
  release(a.sh, a.db, &g);
  for (int i = 0; i < 3; i++) write_history(&b, 0, pick(&b, 0), &err);
  if (acquire(a.sh, b.db, &g) || acquire(b.sh, b.db, &w)) {
    t_fail(__FILE__, __LINE__, "cannot read b");
  } else {
    CHECK(g.gen > 0);
    CHECK_INT(register_diff(&g, &w, 0), 0);
    release(a.sh, b.db, &g);
    release(b.sh, b.db, &w);
  }
  buf_free(&err);
  fix_close(&b);
  fix_close(&a);
}
