/*
** cli_view.c: commands that read: listings, a recommendation's timeline,
** reports, the policy, the journal; and init, which creates the database.
** Not for: writes to the register (cli_rec.c) or imports (import.c).
*/
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "action.h"
#include "cli.h"
#include "report_build.h"
#include "report_pack.h"
#include "report_request.h"
#include "store.h"

int cmd_init(Ctx *c, Args *a) {
  /* db_open(create) has installed the schema; a database with a journal already
  ** has been initialised. */
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int rc = act_init(c->db, &w, arg_get(a, "org"), &err);
  if (rc == ACT_CONFLICT) {
    buf_reset(&err);
    buf_appendf(&err, "%s is already an auditrack database", c->zDbPath);
  }
  rc = cli_act_exit(rc == ACT_CONFLICT ? ACT_ERROR : rc, &err);
  if (!rc) buf_appendf(&c->out, "created %s (schema %d)\n", c->zDbPath, db_schema_version());
  return rc;
}

static int load_all(Ctx *c, long long id, int withText, Day upTo, Policy *p, RecSet *set) {
  if (store_policy_load(c->db, p) || store_load(c->db, id, withText, upTo, set)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  return 0;
}

static int parse_format(const Args *a, int allowed, ReportFormat *pf) {
  const char *z = arg_get(a, "format");
  *pf = FMT_TEXT;
  if (!z) return 0;
  int f = report_format_from_name(z);
  if (f < 0 || !(allowed & (1 << f))) {
    cli_err("--format: '%s' is not one of the formats this command writes", z);
    return EXIT_USAGE;
  }
  *pf = (ReportFormat)f;
  return 0;
}

/* An option by name for filter_read. */
static const char *opt_lookup(void *ctx, const char *zName) { return arg_get(ctx, zName); }

/* Fill the filter and the as-at date shared by rec list and report. */
static int parse_filter(Ctx *c, const Args *a, Day *pAsAt, Filter *f) {
  int rc;
  memset(f, 0, sizeof *f);
  if ((rc = arg_day(a, "as-at", c->today, pAsAt))) return rc;
  Buf err = BUF_INIT;
  if (filter_read(f, opt_lookup, (void *)a, &err)) {
    cli_err("--%s", buf_cstr(&err));
    buf_free(&err);
    return EXIT_USAGE;
  }
  f->includeConfidential = arg_has(a, "include-confidential");
  return 0;
}

/* The report's request (report_request.h) from the options: --cycle NAME sets
** the report date to the cycle's; --since defaults to the cycle before the
** report date, else three months before it; --cycles is the trend's length.
** The cycles aC[0..nC) go into in, which points into them. */
static int report_dates(const Args *a, Day asAt, const Filter *f, const Cycle *aC, int nC,
                        ReportInput *in) {
  ReportAsk ask = {.asAt = asAt, .zCycle = arg_get(a, "cycle"), .f = *f};
  if (ask.zCycle && arg_get(a, "as-at")) {
    cli_err("give --cycle or --as-at, not both");
    return EXIT_USAGE;
  }
  const char *zN = arg_get(a, "cycles");
  if (zN) {
    int k = 0;
    if (sscanf(zN, "%d%n", &ask.nTrendCycles, &k) != 1 || zN[k] || ask.nTrendCycles == 0)
      ask.nTrendCycles = -1; /* out of range: refused below */
  }
  int rc = arg_day(a, "since", DAY_NONE, &ask.since);
  if (rc) return rc;
  Buf err = BUF_INIT;
  rc = report_request(in, &ask, aC, nC, &err);
  buf_free(&err);
  if (rc == RQ_NO_CYCLE)
    cli_err("--cycle: there is no cycle named '%s' (auditrack cycle list)", ask.zCycle);
  else if (rc == RQ_SINCE_ORDER)
    cli_err("--since must be before the report date");
  else if (rc == RQ_CYCLES_RANGE)
    cli_err("--cycles must be a number from %d to %d, not '%s'", TREND_CYCLES_MIN, TREND_CYCLES_MAX,
            zN);
  return rc ? EXIT_USAGE : 0;
}

/* `audit list` and `cycle list`: the rows from the store as their listing
** (report_list.c), in text, CSV or JSON. */
static int list_rows(Ctx *c, Args *a, int cycles) {
  ReportFormat f;
  int rc = parse_format(a, 1 << FMT_TEXT | 1 << FMT_CSV | 1 << FMT_JSON, &f);
  if (rc) return rc;
  AuditRow *aRow = 0;
  Cycle *aCycle = 0;
  int n = 0;
  if (cycles ? store_cycle_list(c->db, &aCycle, &n) : store_audit_list(c->db, 0, &aRow, &n)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  Report *rp = cycles ? report_cycle_list(aCycle, n) : report_audit_list(aRow, n, 0);
  rc = cli_emit(c, a, rp, f, EMIT_ROWS);
  report_free(rp);
  if (cycles)
    store_cycles_free(aCycle, n);
  else
    store_audit_rows_free(aRow, n);
  return rc;
}

int cmd_cycle_list(Ctx *c, Args *a) { return list_rows(c, a, 1); }

int cmd_rec_list(Ctx *c, Args *a) {
  Day asAt;
  Filter flt;
  ReportFormat f;
  Policy p;
  RecSet set;
  int rc = parse_filter(c, a, &asAt, &flt);
  if (rc ||
      (rc = parse_format(
           a, 1 << FMT_TEXT | 1 << FMT_CSV | 1 << FMT_JSON | 1 << FMT_XLSX | 1 << FMT_PDF, &f)))
    return rc;
  if ((rc = load_all(c, 0, 0, asAt, &p, &set))) return rc;
  char *zOrg = db_meta_get(c->db, "organisation");
  ReportInput in;
  list_request(&in, &set, &p, asAt, &flt, zOrg);
  /* Every field, except where a page is only so wide: the terminal and A4. */
  Report *rp = report_rec_list(&in, f != FMT_TEXT && f != FMT_PDF);
  rc = cli_emit(c, a, rp, f, EMIT_ROWS);
  report_free(rp);
  free(zOrg);
  recset_free(&set);
  return rc;
}

static void show_line(Buf *b, const char *zLabel, const char *zValue) {
  if (!zValue || !zValue[0]) return;
  buf_appendf(b, "%-20s ", zLabel);
  for (const char *p = zValue; *p; p++) {
    buf_putc(b, *p);
    if (*p == '\n' && p[1]) buf_appendf(b, "%-20s ", "");
  }
  buf_putc(b, '\n');
}

/* The whole timeline of r, oldest first, each entry's later lines indented
** under its first; hide withholds the service's updates (confidential). */
static void show_timeline(Buf *b, const Rec *r, int hide) {
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  TimeEntry *aEv;
  int nEv = rec_timeline(r, 0, 0, DAY_NONE, &aEv);
  buf_puts(b, "\nTimeline\n");
  for (int i = 0; i < nEv; i++) {
    const TimeEntry *e = &aEv[i];
    buf_appendf(b, "  %s  ", day_fmt(e->on, DAY_UK, z));
    buf_reset(&t);
    rec_entry_title(r, e, DAY_UK, &t);
    switch (e->kind) {
    case TL_MADE:
      buf_appendf(&t, "; original target %s",
                  r->original != DAY_NONE ? day_fmt(r->original, DAY_UK, z2)
                                          : (r->zOriginalText ? r->zOriginalText : "none"));
      break;
    case TL_REVISION: {
      const Revision *v = &r->aRev[e->idx];
      if (v->zCycle) buf_appendf(&t, " (%s)", v->zCycle);
      if (v->zAgreedBy) buf_appendf(&t, ", agreed by %s", v->zAgreedBy);
      if (v->zReason) buf_appendf(&t, "\nReason: %s", v->zReason);
      break;
    }
    case TL_UPDATE: {
      const Progress *u = &r->aProg[e->idx];
      if (u->zAuthor) buf_appendf(&t, " (%s)", u->zAuthor);
      if (u->claimed >= 0) buf_appendf(&t, "; claims %s", status_labels[u->claimed]);
      if (u->percent >= 0) buf_appendf(&t, "; %d%% complete", u->percent);
      buf_appendf(&t, "\n%s", hide ? "detail withheld" : u->zText);
      break;
    }
    case TL_OPINION: {
      const Opinion *o = &r->aOp[e->idx];
      if (o->zAcceptedBy) buf_appendf(&t, " (accepted by %s)", o->zAcceptedBy);
      if (o->zText) buf_appendf(&t, "\n%s", o->zText);
      if (o->zNext) buf_appendf(&t, "\nNext action: %s", o->zNext);
      if (o->nextFollowUp != DAY_NONE) {
        buf_appendf(&t, "\nNext follow-up: %s", day_fmt(o->nextFollowUp, DAY_UK, z2));
      }
      break;
    }
    default: {
      const Decision *d = &r->aDec[e->idx];
      if (d->zMeeting) buf_appendf(&t, " (%s)", d->zMeeting);
      if (d->zText) buf_appendf(&t, "\n%s", d->zText);
    }
    }
    for (const char *q = buf_cstr(&t); *q; q++) {
      buf_putc(b, *q);
      if (*q == '\n') buf_puts(b, "              ");
    }
    buf_putc(b, '\n');
  }
  free(aEv);
  buf_free(&t);
}

/* What of r waits in internal audit's review queue (the web's /review): updates
** (their text is in the timeline) and date requests, each with who sent it. */
static void show_waiting(Ctx *c, Buf *b, const Rec *r, int hide) {
  Submission *a;
  int n, shown = 0;
  if (store_sub_list(c->db, r->id, &a, &n)) {
    buf_appendf(b, "\nThe review queue cannot be read: %s\n", db_errmsg(c->db));
    return;
  }
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  for (int i = 0; i < n; i++) {
    const Submission *x = &a[i];
    if (strcmp(x->zState, "pending")) continue;
    if (!shown++) buf_puts(b, "\nWaiting for internal audit's review\n");
    buf_appendf(b, "  %s  submission %lld: ", day_fmt(x->on, DAY_UK, z), x->id);
    if (x->kind == SUBK_DATE)
      buf_appendf(b, "date request for %s",
                  x->target == DAY_NONE ? "TBC" : day_fmt(x->target, DAY_UK, z2));
    else
      buf_appendf(b, "update: %s", hide ? "detail withheld" : x->zText ? x->zText : "");
    buf_appendf(b, " (sent by %s)\n", x->zAuthor ? x->zAuthor : "");
    if (x->zReason) buf_appendf(b, "              %s\n", x->zReason);
  }
  store_subs_free(a, n);
}

int cmd_rec_show(Ctx *c, Args *a) {
  long long id;
  Day asAt;
  Policy p;
  RecSet set;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = arg_day(a, "as-at", c->today, &asAt))) return rc;
  if ((rc = load_all(c, id, 1, DAY_NONE, &p, &set))) return rc;
  if (set.n != 1) {
    recset_free(&set);
    cli_err("no recommendation %lld", id);
    return EXIT_FAIL;
  }
  const Rec *r = &set.a[0];
  int hide = r->confidential && !arg_has(a, "include-confidential");
  RecState st;
  rec_state_at(r, &p, asAt, &st);
  Buf *b = &c->out;
  char z[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  buf_appendf(b, "Recommendation %lld%s%s\n", r->id, r->zRef ? " ref " : "",
              r->zRef ? r->zRef : "");
  buf_appendf(&t, "%lld: %s", r->auditId, r->zAuditTitle);
  if (r->auditDate != DAY_NONE) buf_appendf(&t, " (%s)", day_fmt(r->auditDate, DAY_UK, z));
  show_line(b, "Audit", buf_cstr(&t));
  buf_reset(&t);
  RecLine aLine[REC_LINES_MAX];
  int nLine = rec_lines(r, hide, &t, aLine);
  for (int i = 0; i < nLine; i++) show_line(b, aLine[i].zLabel, aLine[i].zValue);
  buf_reset(&t);
  show_line(b, "Original target",
            r->original != DAY_NONE ? day_fmt(r->original, DAY_UK, z) : r->zOriginalText);
  show_line(b, "Confidential", r->confidential ? "yes" : 0);
  show_line(b, rec_fields[REC_F_NOTES].zLabel, r->zNotes);

  buf_appendf(b, "\nState as at %s\n", day_fmt(asAt, DAY_UK, z));
  if (st.outside) {
    buf_appendf(b, "  outside the follow-up population: made %s, before population-from %s\n",
                day_fmt(r->existsFrom, DAY_UK, z), day_fmt(p.populationFrom, DAY_UK, z2));
  } else if (!st.exists) {
    buf_appendf(b, "  not yet made (exists from %s)\n", day_fmt(r->existsFrom, DAY_UK, z));
  } else {
    buf_appendf(b, "  %s", st.open ? "open" : "closed");
    if (!st.open) {
      buf_appendf(b, " on %s (%s)", day_fmt(st.closedOn, DAY_UK, z),
                  st.closedBy >= 0 ? status_labels[st.closedBy] : "removal approved");
    }
    buf_appendf(b, "; current target %s; %d revision%s\n",
                st.currentTbc                  ? "TBC"
                : st.currentTarget == DAY_NONE ? "none"
                                               : day_fmt(st.currentTarget, DAY_UK, z),
                st.revisions, st.revisions == 1 ? "" : "s");
    if (st.open) {
      buf_appendf(b, "  %s", rec_band_label(&p, &st));
      if (st.overdue) {
        buf_appendf(b, ": %d month%s overdue from %s", st.months, st.months == 1 ? "" : "s",
                    day_fmt(st.due, DAY_UK, z2));
      }
      if (st.rung >= 0) buf_appendf(b, "; escalation: %s", p.aRung[st.rung].zAction);
      buf_appendf(b, "; RAG %s\n", rag_names[st.rag]);
    }
  }

  show_timeline(b, r, hide);
  show_waiting(c, b, r, hide);
  buf_free(&t);
  recset_free(&set);
  return 0;
}

int cmd_report(Ctx *c, Args *a) {
  ReportInput in;
  Day asAt;
  Filter flt;
  ReportFormat f;
  Policy p;
  RecSet set;
  int rc = parse_filter(c, a, &asAt, &flt);
  if (rc || (rc = parse_format(a, (1 << REPORT_FORMAT__MAX) - 1, &f))) return rc;
  Cycle *aCycle = 0;
  int nCycle = 0;
  if (store_cycle_list(c->db, &aCycle, &nCycle)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  rc = report_dates(a, asAt, &flt, aCycle, nCycle, &in);
  if (!rc) rc = load_all(c, 0, report_needs_text(a->azPos[0]), in.asAt, &p, &set);
  if (rc) {
    store_cycles_free(aCycle, nCycle);
    return rc;
  }
  AuditRow *aAudit = 0;
  int nAudit = 0;
  /* The audits are read for the reports that list them, as the web's report page does
  ** (a count per audit: 17,000 audits are a tenth of a summary as at 2021 at 100,000). */
  const ReportKind *kind = report_kind_find(a->azPos[0]);
  if (kind && (kind->needs & KIND_NEEDS_AUDITS) && store_audit_list(c->db, 0, &aAudit, &nAudit)) {
    store_cycles_free(aCycle, nCycle);
    recset_free(&set);
    return EXIT_FAIL;
  }
  Submission *aSub = 0;
  int nSub = 0;
  if (report_wants_requests(&p)) {
    if (store_sub_events(c->db, &aSub, &nSub)) {
      cli_err("%s", db_errmsg(c->db));
      store_cycles_free(aCycle, nCycle);
      store_audit_rows_free(aAudit, nAudit);
      recset_free(&set);
      return EXIT_FAIL;
    }
    in.haveSub = 1;
  }
  char *zOrg = db_meta_get(c->db, "organisation");
  in.set = &set;
  in.pol = &p;
  in.zOrg = zOrg;
  in.aAudit = aAudit;
  in.nAudit = nAudit;
  in.aSub = aSub;
  in.nSub = nSub;
  Buf err = BUF_INIT;
  Pack pk;
  Report *rp = 0;
  rc = cli_report_extra(c, a, &p, &in, &pk);
  if (!rc && !(rp = report_build(a->azPos[0], &in, &err))) {
    cli_err("%s", buf_cstr(&err));
    rc = EXIT_USAGE;
  } else if (rp) {
    rc = cli_emit(c, a, rp, f, 0);
    report_free(rp);
  }
  store_cycles_free(aCycle, nCycle);
  pack_free(&pk);
  buf_free(&err);
  free(zOrg);
  store_audit_rows_free(aAudit, nAudit);
  store_subs_free(aSub, nSub);
  recset_free(&set);
  return rc;
}

/* The audits as at a date (default today): an audit whose final report is
** after it and that had no recommendation by then is left out; the count is of
** the recommendations made by then. */
int cmd_audit_list(Ctx *c, Args *a) {
  ReportFormat f;
  int rc = parse_format(a, 1 << FMT_TEXT | 1 << FMT_CSV | 1 << FMT_JSON, &f);
  Day asAt;
  if (rc || (rc = arg_day(a, "as-at", c->today, &asAt))) return rc;
  AuditRow *aRow = 0;
  int n = 0;
  if (store_audit_list(c->db, 0, &aRow, &n)) return EXIT_FAIL;
  Policy p;
  RecSet set;
  if ((rc = load_all(c, 0, 0, asAt, &p, &set))) {
    store_audit_rows_free(aRow, n);
    return rc;
  }
  int *aCount = xcalloc((size_t)n + 1, sizeof(int));
  for (int i = 0; i < set.n; i++) {
    RecState st;
    rec_state_at(&set.a[i], &p, asAt, &st);
    for (int k = 0; st.exists && k < n; k++) {
      if (aRow[k].id == set.a[i].auditId) aCount[k]++;
    }
  }
  for (int k = 0; k < n; k++) {
    if (!aCount[k] && aRow[k].reportDate != DAY_NONE && aRow[k].reportDate > asAt) aCount[k] = -1;
  }
  Report *rp = report_audit_list(aRow, n, aCount);
  rc = cli_emit(c, a, rp, f, EMIT_ROWS);
  report_free(rp);
  free(aCount);
  recset_free(&set);
  store_audit_rows_free(aRow, n);
  return rc;
}

int cmd_audit_show(Ctx *c, Args *a) {
  long long id;
  int rc = arg_id(a, 0, "audit ID", &id);
  Day asAt;
  if (rc || (rc = arg_day(a, "as-at", c->today, &asAt))) return rc;
  AuditRow *aRow = 0;
  int n = 0;
  if (store_audit_list(c->db, id, &aRow, &n)) return EXIT_FAIL;
  if (!n) {
    cli_err("no audit %lld", id);
    return EXIT_FAIL;
  }
  char z[DAY_FMT_MAX];
  Buf *b = &c->out;
  buf_appendf(b, "Audit %lld: %s\n", aRow[0].id, aRow[0].zTitle);
  show_line(b, "Reference", aRow[0].zRef);
  show_line(b, "Final report", day_fmt(aRow[0].reportDate, DAY_UK, z));
  show_line(b, "Directorate", aRow[0].zDirectorate);
  show_line(b, "Provider", aRow[0].zProvider);
  show_line(b, "Assurance", aRow[0].assurance >= 0 ? assurance_names[aRow[0].assurance] : 0);
  show_line(b, "Follow-up audit", day_fmt(aRow[0].followUpDone, DAY_UK, z));
  store_audit_rows_free(aRow, n);
  Policy p;
  RecSet set;
  if ((rc = load_all(c, 0, 0, asAt, &p, &set))) return rc;
  Buf pct = BUF_INIT;
  audit_percent_words(&set, &p, id, asAt, &pct);
  if (pct.n) show_line(b, "Percent complete", buf_cstr(&pct));
  buf_free(&pct);
  buf_appendf(b, "\nRecommendations (as at %s)\n", day_fmt(asAt, DAY_UK, z));
  int nOutside = 0;
  for (int i = 0; i < set.n; i++) {
    const Rec *r = &set.a[i];
    if (r->auditId != id) continue;
    RecState st;
    rec_state_at(r, &p, asAt, &st);
    nOutside += st.outside;
    if (!st.exists) continue;
    buf_appendf(b, "  %-6lld %-10s %-10s %s", r->id, r->zRef ? r->zRef : "-",
                r->zRiskCode ? r->zRiskCode : "-", rec_band_label(&p, &st));
    if (st.percent >= 0) buf_appendf(b, "; %d%% complete", st.percent);
    buf_putc(b, '\n');
  }
  if (nOutside) {
    buf_appendf(b, "  (%d made before %s: outside the follow-up population)\n", nOutside,
                day_fmt(p.populationFrom, DAY_UK, z));
  }
  recset_free(&set);
  return 0;
}

int cmd_policy_show(Ctx *c, Args *a) {
  Policy p;
  if (store_policy_load(c->db, &p)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  if (a->nPos) {
    if (!policy_key_find(a->azPos[0])) {
      cli_err("unknown policy setting '%s'", a->azPos[0]);
      return EXIT_USAGE;
    }
    policy_value(&p, a->azPos[0], &c->out);
    buf_putc(&c->out, '\n');
    return 0;
  }
  policy_value(&p, 0, &c->out);
  buf_puts(&c->out, "\n");
  policy_describe(&p, &c->out);
  buf_putc(&c->out, '\n');
  return 0;
}

int cmd_policy_set(Ctx *c, Args *a) {
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT, v = BUF_INIT;
  int rc = cli_act_exit(act_policy_set(c->db, &w, a->azPos[0], a->azPos[1], &v, &err), &err);
  if (!rc) buf_appendf(&c->out, "%s = %s\n", a->azPos[0], buf_cstr(&v));
  buf_free(&v);
  return rc;
}

int cmd_scale_list(Ctx *c, Args *a) {
  (void)a;
  if (store_scales_describe(c->db, &c->out)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  return 0;
}

int cmd_log(Ctx *c, Args *a) {
  int n = 0;
  if (arg_get(a, "last")) {
    n = atoi(arg_get(a, "last"));
    if (n <= 0) {
      cli_err("--last must be a positive number");
      return EXIT_USAGE;
    }
  }
  if (store_journal_list(c->db, n, &c->out)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  return 0;
}

int cmd_verify(Ctx *c, Args *a) {
  const char *zHead = arg_get(a, "head");
  long long headId = 0;
  char zHash[65] = "";
  int k = 0;
  if (zHead && (sscanf(zHead, "%lld:%64[0-9a-f]%n", &headId, zHash, &k) != 2 || zHead[k] ||
                strlen(zHash) != 64 || headId <= 0)) {
    cli_err("--head must be ENTRY:HASH as 'verify' printed it, not '%s'", zHead);
    return EXIT_USAGE;
  }
  int nBad = journal_verify(c->db, headId, zHash, &c->out);
  if (nBad) db_check_forget(c->db); /* the next write checks for itself */
  return nBad ? EXIT_FAIL : EXIT_OK;
}
