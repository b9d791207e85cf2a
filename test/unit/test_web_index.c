/*
** test_web_index.c: the list's index (web_index.h) against filtering the whole
** register, on a register of the shared kind (web_register_acquire on an
** in-memory database): every filter, text search, role's view and as-at date
** gives the same rows in the same order; windows at the edges (first, last,
** past the end, none, all, after an id); ties of owner and directorate in any
** case; an empty register; the answers unchanged when the caches are full and
** evict; a write moves a recommendation at the next generation. Not for: the
** pages' bytes (test/e2e/web_index.sh).
*/
#include <stdio.h>
#include <stdlib.h>

#include "access.h"
#include "action.h"
#include "store.h"
#include "t.h"
#include "web.h"
#include "web_index.h"

#define D(y, m, d) day_from_ymd(y, m, d)
#define NREC 150

typedef struct Fix {
  Db *db;
  Shared *sh;
  Req r;
} Fix;

static void fix_open(Fix *x) {
  memset(x, 0, sizeof *x);
  char *zErr = 0;
  if (db_open(":memory:", 1, &x->db, &zErr)) t_fail(__FILE__, __LINE__, "open: %s", zErr);
  if (db_begin(x->db) || store_install_scales(x->db) || db_commit(x->db))
    t_fail(__FILE__, __LINE__, "init: %s", db_errmsg(x->db));
  x->sh = xcalloc(1, sizeof *x->sh);
  pthread_mutex_init(&x->sh->mu, 0);
  pthread_key_create(&x->sh->dbKey, 0);
  x->r.db = x->db;
  x->r.sh = x->sh;
  x->r.today = D(2024, 7, 31);
  x->r.user.role = ROLE_AUDITOR;
}

static void fix_close(Fix *x) {
  web_shared_free(x->sh);
  db_close(x->db);
}

/* NREC recommendations: owners and directorates repeating in different cases
** (ties), some without either, targets from 2022 to 2025, some made after
** others' dates, every seventh confidential, a word to search for in some
** bodies and some owners, a few closed and a few revised to TBC. */
static void fill(Fix *x) {
  static const char *azOwner[] = {"Jane", "JANE", "Raj", "Sam", 0, "jane"};
  static const char *azDir[] = {"Resources", "RESOURCES", "Digital", 0, "Children"};
  static const char *azRisk[] = {"E", "H", "M", "A", 0};
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  int rc = 0;
  long long a = 0;
  AuditIn pay = {"PAY", "Payroll", "Resources", "In-house", D(2022, 1, 10), AS_NONE_GIVEN};
  rc |= act_audit_add(x->db, &w, &pay, &a, &err);
  unsigned s = 7;
  for (int i = 0; i < NREC; i++) {
    s = s * 1103515245u + 12345u;
    Rec rec;
    memset(&rec, 0, sizeof rec);
    char zBody[64];
    snprintf(zBody, sizeof zBody, "Recommendation %d%s", i,
             (s >> 8) % 5 == 0 ? " on the ledger" : "");
    rec.auditId = a;
    rec.zBody = zBody;
    rec.zOwner = (char *)azOwner[(s >> 12) % 6];
    rec.zDirector = (s >> 9) % 11 == 0 ? "Ledger director" : "Director";
    rec.zDirectorate = (char *)azDir[(s >> 16) % 5];
    rec.original = D(2022, 1, 31) + (int)((s >> 4) % 1300);
    rec.confidential = i % 7 == 3;
    rec.existsFrom = i % 13 == 5 ? D(2024, 9, 1) : D(2022, 1, 10);
    rec.riskRank = -1;
    long long id = 0;
    rc |= act_rec_add(x->db, &w, &rec, azRisk[(s >> 20) % 5], rec.existsFrom, &id, &err);
    int early = rec.existsFrom < D(2023, 1, 1);
    if (early && i % 9 == 4)
      rc |= act_rec_close(x->db, &w, id, D(2024, 2, 1), "Done", "Seen", &err);
    if (early && i % 11 == 6) {
      Revision v;
      memset(&v, 0, sizeof v);
      v.on = D(2023, 6, 1);
      v.target = DAY_NONE;
      v.zTargetText = "TBC";
      v.zReason = "Waiting";
      rc |= act_rec_revise(x->db, &w, id, &v, &err);
    }
  }
  if (rc) t_fail(__FILE__, __LINE__, "register: %s", buf_cstr(&err));
  buf_free(&err);
}

static int has(const char *zHay, const char *zNeedle) { return zHay && strcasestr(zHay, zNeedle); }

/* A sort of the kind the list page asks for: key 0 by owner (empty last), key 1
** by months overdue; desc reverses; then by id. */
static int by_test_key(const void *pa, const void *pb) {
  const IndexRow *a = pa, *b = pb;
  int c = 0;
  if (a->key == 0) {
    const char *x = a->rec->zOwner ? a->rec->zOwner : "", *y = b->rec->zOwner ? b->rec->zOwner : "";
    if (!x[0] != !y[0]) return !x[0] - !y[0]; /* empty last, either way */
    c = strcasecmp(x, y);
  } else {
    int ma = a->st->overdue ? a->st->months : -1, mb = b->st->overdue ? b->st->months : -1;
    c = (ma > mb) - (ma < mb);
  }
  if (a->desc) c = -c;
  return c ? c : (a->rec->id > b->rec->id) - (a->rec->id < b->rec->id);
}

/* by_test_key's key 1 as a rank. */
static long long test_rank(const IndexRow *a) {
  long long v = a->st->overdue ? a->st->months : -1;
  return a->desc ? -v : v;
}

/* The rows by filtering (and sorting) the whole register, as the list page and
** the API did. */
static int brute(Fix *x, const Register *g, const IndexAsk *ask, long long *aId) {
  int n = 0;
  static IndexRow aRow[NREC + 1];
  static RecState aSt[NREC + 1];
  for (int i = 0; i < g->set->n; i++) {
    const Rec *rec = &g->set->a[i];
    RecState st;
    rec_state_at(rec, g->pol, ask->asAt, &st);
    if (!filter_match(ask->f, g->pol, rec, &st)) continue;
    if (ask->zQ) {
      int hide = rec->confidential && !ask->f->includeConfidential;
      if (!has(rec->zOwner, ask->zQ) &&
          (hide || (!has(rec->zTitle, ask->zQ) && !has(rec->zBody, ask->zQ) &&
                    !has(rec->zAction, ask->zQ))))
        continue;
    }
    if (ask->viewOnly && web_rec_access(&x->r, rec) == ACC_NONE) continue;
    aSt[n] = st;
    aRow[n] = (IndexRow){rec, 0, ask->sortKey, ask->sortDesc};
    aId[n++] = rec->id;
  }
  if (ask->cmp) {
    for (int k = 0; k < n; k++) aRow[k].st = &aSt[k];
    qsort(aRow, (size_t)n, sizeof aRow[0], ask->cmp);
    for (int k = 0; k < n; k++) aId[k] = aRow[k].rec->id;
  }
  return n;
}

/* Every window of interest of ask's rows equals the brute force's; the states too. */
static void check_ask(Fix *x, const Register *g, const IndexAsk *ask, const char *zWhat) {
  long long aId[NREC + 1];
  int n = brute(x, g, ask, aId);
  int aFrom[] = {0, 1, n / 2, n - 1, n, n + 5};
  int aMax[] = {-1, 0, 1, 7, 50};
  for (size_t i = 0; i < sizeof aFrom / sizeof aFrom[0]; i++) {
    for (size_t j = 0; j < sizeof aMax / sizeof aMax[0]; j++) {
      int from = aFrom[i] < 0 ? 0 : aFrom[i], max = aMax[j];
      IndexPage p;
      web_index_page(&x->r, g, ask, 0, from, max, &p);
      int start = from > n ? n : from;
      int want = max < 0 || max > n - start ? n - start : max;
      if (p.total != n || p.n != want || p.start != start)
        t_fail(__FILE__, __LINE__, "%s from %d max %d: total %d n %d start %d, expected %d %d %d",
               zWhat, from, max, p.total, p.n, p.start, n, want, start);
      for (int k = 0; k < p.n && k < want; k++) {
        if (p.apRec[k]->id != aId[start + k])
          t_fail(__FILE__, __LINE__, "%s row %d: id %lld, expected %lld", zWhat, start + k,
                 p.apRec[k]->id, aId[start + k]);
        RecState st;
        rec_state_at(p.apRec[k], g->pol, ask->asAt, &st);
        const RecState *q = &p.aSt[k];
        if (st.open != q->open || st.overdue != q->overdue || st.months != q->months ||
            st.band != q->band || st.currentTarget != q->currentTarget ||
            st.currentTbc != q->currentTbc || st.pUpdate != q->pUpdate)
          t_fail(__FILE__, __LINE__, "%s row %d: another state", zWhat, start + k);
      }
      web_index_page_free(&p);
    }
  }
  if (ask->cmp) return; /* sorted: by position only */
  /* After an id: the rows past it, as the API pages. */
  long long aAfter[] = {0, n ? aId[0] : 1, n ? aId[n / 2] - 1 : 5, n ? aId[n - 1] : 9, 1000000};
  for (size_t i = 0; i < sizeof aAfter / sizeof aAfter[0]; i++) {
    int start = 0;
    while (start < n && aId[start] <= aAfter[i]) start++;
    IndexPage p;
    web_index_page(&x->r, g, ask, aAfter[i], 0, 10, &p);
    int want = n - start < 10 ? n - start : 10;
    if (p.start != start || p.n != want || (p.n && p.apRec[0]->id != aId[start]))
      t_fail(__FILE__, __LINE__, "%s after %lld: start %d n %d, expected %d %d", zWhat, aAfter[i],
             p.start, p.n, start, want);
    web_index_page_free(&p);
  }
}

/* The filters of interest, at an as-at date, for the user in x->r. */
static void check_filters(Fix *x, const Register *g, Day asAt, int viewOnly) {
  static const char *azBand[] = {0,        "Not yet due", "No target date", BAND_ANY_OVERDUE,
                                 "Closed", "1-3 months"};
  static const char *azDir[] = {0, "resources", "Digital", "", "Nowhere"};
  static const char *azQ[] = {0, "ledger", "JANE", "zzz"};
  char zWhat[160];
  for (int st = 0; st < STATUS_FILTER__MAX; st++) {
    for (size_t b = 0; b < sizeof azBand / sizeof azBand[0]; b++) {
      for (size_t d = 0; d < sizeof azDir / sizeof azDir[0]; d++) {
        for (size_t q = 0; q < sizeof azQ / sizeof azQ[0]; q++) {
          Filter f;
          memset(&f, 0, sizeof f);
          f.status = (StatusFilter)st;
          f.zBand = azBand[b];
          f.zDirectorate = azDir[d];
          f.zOwner = q == 3 ? "raj" : 0;
          f.zRisk = b == 2 ? "H" : 0;
          role_filter(&x->r.user, &f);
          IndexAsk ask = {.asAt = asAt, .f = &f, .zQ = azQ[q], .viewOnly = viewOnly};
          snprintf(zWhat, sizeof zWhat, "role %d status %d band %s dir %s q %s",
                   (int)x->r.user.role, st, azBand[b] ? azBand[b] : "-", azDir[d] ? azDir[d] : "-",
                   azQ[q] ? azQ[q] : "-");
          check_ask(x, g, &ask, zWhat);
          /* Sorted: by owner, by months worst first, each way; by months
          ** through the rank too, which must give the comparator's order. */
          for (int k = 0; k < 6 && q == 0; k++) {
            ask.cmp = by_test_key;
            ask.rank = k >= 4 ? test_rank : 0;
            ask.sortKey = k >= 4 ? 1 : k / 2;
            ask.sortDesc = k % 2;
            snprintf(zWhat, sizeof zWhat, "role %d status %d band %s dir %s sort %d %d",
                     (int)x->r.user.role, st, azBand[b] ? azBand[b] : "-",
                     azDir[d] ? azDir[d] : "-", k / 2, k % 2);
            check_ask(x, g, &ask, zWhat);
          }
        }
      }
    }
  }
}

TEST(web_index_matches_filtering_the_register) {
  Fix x;
  fix_open(&x);
  fill(&x);
  Register g;
  if (web_register_acquire(&x.r, &g)) {
    t_fail(__FILE__, __LINE__, "acquire");
    fix_close(&x);
    return;
  }
  CHECK_INT(g.set->n, NREC);
  Day aDay[] = {D(2024, 7, 31), D(2023, 1, 1), D(2025, 12, 31), D(2022, 1, 9),
                D(2024, 7, 31), D(2024, 9, 1), D(2024, 7, 31)};
  /* More dates and selections than the caches keep: evicted ones come back the same. */
  for (size_t i = 0; i < sizeof aDay / sizeof aDay[0]; i++) check_filters(&x, &g, aDay[i], 0);
  x.r.user.role = ROLE_COMMITTEE;
  check_filters(&x, &g, D(2024, 7, 31), 1);
  x.r.user.role = ROLE_DIRECTOR;
  snprintf(x.r.user.zDirectorate, sizeof x.r.user.zDirectorate, "resources");
  check_filters(&x, &g, D(2024, 7, 31), 1);
  check_filters(&x, &g, D(2024, 7, 31), 0);
  x.r.user.zDirectorate[0] = 0; /* a director without a directorate sees nothing */
  check_filters(&x, &g, D(2024, 7, 31), 1);
  x.r.user.role = ROLE_OWNER;
  snprintf(x.r.user.zOwnerAs, sizeof x.r.user.zOwnerAs, "jane");
  long long aDel[] = {2, 3, 40}; /* delegated: one of theirs, two not */
  x.r.aDelegated = aDel;
  x.r.nDelegated = 3;
  check_filters(&x, &g, D(2024, 7, 31), 1);
  x.r.aDelegated = 0;
  x.r.nDelegated = 0;
  web_register_release(&x.r, &g);
  fix_close(&x);
}

TEST(web_index_empty_register) {
  Fix x;
  fix_open(&x);
  Register g;
  if (web_register_acquire(&x.r, &g)) {
    t_fail(__FILE__, __LINE__, "acquire");
    fix_close(&x);
    return;
  }
  Filter f;
  memset(&f, 0, sizeof f);
  IndexAsk ask = {.asAt = x.r.today, .f = &f, .zQ = "x"};
  IndexPage p;
  web_index_page(&x.r, &g, &ask, 0, 0, 50, &p);
  CHECK_INT(p.total, 0);
  CHECK_INT(p.n, 0);
  web_index_page_free(&p);
  const char **az = 0;
  CHECK_INT(web_index_distinct(&g, 0, 0, &az), 0);
  free(az);
  web_register_release(&x.r, &g);
  fix_close(&x);
}

/* The form's choices: each value once in any case, sorted, for all or one directorate. */
TEST(web_index_distinct_values) {
  Fix x;
  fix_open(&x);
  fill(&x);
  Register g;
  if (web_register_acquire(&x.r, &g)) {
    t_fail(__FILE__, __LINE__, "acquire");
    fix_close(&x);
    return;
  }
  const char **az = 0;
  int n = web_index_distinct(&g, 1, 0, &az);
  CHECK_INT(n, 3);
  if (n == 3) {
    CHECK_STR(az[0], "Children");
    CHECK(!strcasecmp(az[2], "Resources"));
  }
  free(az);
  n = web_index_distinct(&g, 1, 0, &az); /* again, from the generation's copy */
  CHECK_INT(n, 3);
  free(az);
  n = web_index_distinct(&g, 1, "RESOURCES", &az);
  CHECK_INT(n, 1);
  free(az);
  n = web_index_distinct(&g, 0, "digital", &az);
  CHECK(n >= 1 && n <= 4);
  for (int i = 1; i < n; i++) CHECK(strcasecmp(az[i - 1], az[i]) < 0);
  free(az);
  CHECK_INT(web_index_distinct(&g, 0, "Nowhere", &az), 0);
  free(az);
  web_register_release(&x.r, &g);
  fix_close(&x);
}

/* More names than the hash set first holds: each once in any case, sorted, the
** first spelling in the register's order kept. */
TEST(web_index_distinct_many_names) {
  Fix x;
  fix_open(&x);
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  long long a = 0, id = 0;
  AuditIn pay = {"PAY", "Payroll", "Resources", "In-house", D(2022, 1, 10), AS_NONE_GIVEN};
  int rc = act_audit_add(x.db, &w, &pay, &a, &err);
  for (int i = 0; i < 1500; i++) {
    char zOwner[32];
    /* 1,200 names; the last 300 recommendations repeat the first 300 in capitals */
    snprintf(zOwner, sizeof zOwner, i < 1200 ? "Owner %04d" : "OWNER %04d", (i * 7) % 1200);
    Rec rec;
    memset(&rec, 0, sizeof rec);
    rec.auditId = a;
    rec.zBody = "Reconcile";
    rec.zOwner = zOwner;
    rec.original = D(2024, 1, 31);
    rec.existsFrom = D(2022, 1, 10);
    rec.riskRank = -1;
    rc |= act_rec_add(x.db, &w, &rec, "H", rec.existsFrom, &id, &err);
  }
  if (rc) t_fail(__FILE__, __LINE__, "register: %s", buf_cstr(&err));
  Register g;
  if (web_register_acquire(&x.r, &g)) {
    t_fail(__FILE__, __LINE__, "acquire");
    fix_close(&x);
    return;
  }
  const char **az = 0;
  int n = web_index_distinct(&g, IX_PEOPLE, 0, &az);
  CHECK_INT(n, 1200);
  for (int i = 0; i < n && i < 1200; i++) {
    char zWant[32];
    snprintf(zWant, sizeof zWant, "Owner %04d", i);
    if (strcmp(az[i], zWant))
      t_fail(__FILE__, __LINE__, "name %d: %s, expected %s", i, az[i], zWant);
  }
  free(az);
  buf_free(&err);
  web_register_release(&x.r, &g);
  fix_close(&x);
}

/* A write is a new generation: its index answers from the new register at once. */
TEST(web_index_follows_a_write) {
  Fix x;
  fix_open(&x);
  fill(&x);
  Register g;
  if (web_register_acquire(&x.r, &g)) {
    t_fail(__FILE__, __LINE__, "acquire");
    fix_close(&x);
    return;
  }
  Filter f;
  memset(&f, 0, sizeof f);
  f.status = SF_OPEN;
  IndexAsk ask = {.asAt = x.r.today, .f = &f};
  IndexPage p;
  web_index_page(&x.r, &g, &ask, 0, 0, 1, &p);
  int n0 = p.total;
  long long id = p.n ? p.apRec[0]->id : 0;
  web_index_page_free(&p);
  CHECK(id > 0);
  web_register_release(&x.r, &g);
  Actor w = {"test", 0};
  Buf err = BUF_INIT;
  if (act_rec_close(x.db, &w, id, D(2024, 7, 1), "Done", "Seen", &err))
    t_fail(__FILE__, __LINE__, "close: %s", buf_cstr(&err));
  buf_free(&err);
  if (web_register_acquire(&x.r, &g)) {
    t_fail(__FILE__, __LINE__, "acquire");
    fix_close(&x);
    return;
  }
  web_index_page(&x.r, &g, &ask, 0, 0, 1, &p);
  CHECK_INT(p.total, n0 - 1);
  CHECK(p.n == 1 && p.apRec[0]->id != id);
  web_index_page_free(&p);
  f.status = SF_CLOSED;
  web_index_page(&x.r, &g, &ask, id - 1, 0, 1, &p);
  CHECK(p.n == 1 && p.apRec[0]->id == id);
  web_index_page_free(&p);
  web_register_release(&x.r, &g);
  fix_close(&x);
}
