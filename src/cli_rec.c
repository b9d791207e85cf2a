/*
** cli_rec.c: the commands that add to and change the register: audits,
** recommendations and every kind of history entry (updates, revisions,
** opinions, closure, reopening, committee decisions), and the reporting cycles
** with the figures their papers stated.
**
** Each command parses its options and hands the change to action.c, which
** checks it against the recommendation's state and writes one transaction with
** one journal entry. Not for: reports (cli_view.c) or SQL (store.c).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "cli.h"
#include "file.h"
#include "import.h"
#include "store.h"
#include "vocab.h"

static int need(const Args *a, const char *zName) {
  if (arg_get(a, zName) && arg_get(a, zName)[0]) return 0;
  cli_err("--%s is required", zName);
  return EXIT_USAGE;
}

/* Parse a target: a day or TBC. */
static int parse_target(const char *zOpt, const char *z, Day *pDay) {
  Buf err = BUF_INIT;
  int rc = act_parse_target(z, pDay, &err);
  if (rc) cli_err("--%s: %s", zOpt, buf_cstr(&err));
  buf_free(&err);
  return rc ? EXIT_USAGE : 0;
}

static Actor cli_actor(const Ctx *c) {
  Actor w = {c->zActor, 0};
  return w;
}

int cmd_audit_add(Ctx *c, Args *a) {
  AuditIn in = {0};
  int rc = need(a, "title");
  if (rc) return rc;
  in.zTitle = arg_get(a, "title");
  in.zRef = arg_get(a, "ref");
  in.zDirectorate = arg_get(a, "directorate");
  in.zProvider = arg_get(a, "provider");
  in.assurance = AS_NONE_GIVEN;
  if ((rc = arg_day(a, "date", DAY_NONE, &in.reportDate))) return rc;
  if (arg_get(a, "assurance")) {
    in.assurance = assurance_from_name(arg_get(a, "assurance"));
    if (in.assurance == AS_NONE_GIVEN) {
      cli_err("--assurance: '%s' is not one of substantial, reasonable, limited, none",
              arg_get(a, "assurance"));
      return EXIT_USAGE;
    }
  }
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  long long id = 0;
  rc = act_audit_add(c->db, &w, &in, &id, &err);
  return cli_act_done(c, rc, &err, "audit %lld added\n", id);
}

int cmd_audit_followup(Ctx *c, Args *a) {
  long long id;
  Day on;
  int rc = arg_id(a, 0, "audit ID", &id);
  if (rc || (rc = arg_day(a, "on", c->today, &on))) return rc;
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_audit_follow_up_done(c->db, &w, id, on, &err), &err,
                      "audit %lld: follow-up audit recorded\n", id);
}

int cmd_rec_add(Ctx *c, Args *a) {
  Rec r;
  memset(&r, 0, sizeof r);
  int rc;
  if ((rc = need(a, "audit")) || (rc = need(a, "text")) || (rc = need(a, "target"))) return rc;
  char *zEnd = 0;
  r.auditId = strtoll(arg_get(a, "audit"), &zEnd, 10);
  int found = 0;
  if (!*zEnd && r.auditId > 0 && store_audit_exists(c->db, r.auditId, &found)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  if (!found) {
    cli_err("--audit: no audit '%s' (auditrack audit list)", arg_get(a, "audit"));
    return EXIT_FAIL;
  }
  if ((rc = parse_target("target", arg_get(a, "target"), &r.original))) return rc;
  r.zOriginalText = (char *)arg_get(a, "target");
  /* Each settable text field is the option of its `rec set` name (rec_fields.h). */
  for (int f = 0; f < REC_FIELD__MAX; f++) {
    if (rec_fields[f].zSet) rec_field_put(&r, (RecFieldId)f, arg_get(a, rec_fields[f].zSet));
  }
  r.confidential = arg_has(a, "confidential");
  if ((rc = arg_day(a, "on", DAY_NONE, &r.existsFrom))) return rc;
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  long long id = 0;
  rc = act_rec_add(c->db, &w, &r, arg_get(a, "risk"), c->today, &id, &err);
  if (rc == ACT_INVALID && arg_get(a, "risk")) {
    cli_err("--risk: %s (auditrack scale list)", buf_cstr(&err));
    buf_free(&err);
    return EXIT_FAIL;
  }
  return cli_act_done(c, rc, &err, "recommendation %lld added\n", id);
}

int cmd_rec_set(Ctx *c, Args *a) {
  long long id;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc) return rc;
  const char *zField = a->azPos[1], *zValue = a->azPos[2];
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  rc = act_rec_set(c->db, &w, id, zField, zValue, &err);
  if (rc == ACT_INVALID && !strcmp(zField, "risk")) {
    cli_err("%s (auditrack scale list)", buf_cstr(&err));
    buf_free(&err);
    return EXIT_FAIL;
  }
  return cli_act_done(c, rc, &err, "recommendation %lld: %s changed\n", id, zField);
}

int cmd_rec_update(Ctx *c, Args *a) {
  long long id;
  Progress u;
  memset(&u, 0, sizeof u);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "text")) || (rc = arg_day(a, "on", c->today, &u.on))) return rc;
  u.zText = (char *)arg_get(a, "text");
  u.claimed = -1;
  u.percent = -1;
  if (arg_get(a, "claimed") && (u.claimed = status_from_name(arg_get(a, "claimed"))) < 0) {
    cli_err("--claimed: '%s' is not a status (see auditrack rec review --help)",
            arg_get(a, "claimed"));
    return EXIT_USAGE;
  }
  if (arg_get(a, "percent")) {
    char *zEnd = 0;
    long v = strtol(arg_get(a, "percent"), &zEnd, 10);
    if (*zEnd || v < 0 || v > 100 || !arg_get(a, "percent")[0]) {
      cli_err("--percent must be a whole number from 0 to 100, not '%s'", arg_get(a, "percent"));
      return EXIT_USAGE;
    }
    u.percent = (int)v;
  }
  u.zAuthor = (char *)arg_get(a, "by"); /* the journal records who typed it */
  u.zCycle = (char *)arg_get(a, "cycle");
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_rec_update(c->db, &w, id, &u, 0, 0, 0, 0, 0, &err), &err,
                      "recommendation %lld: update recorded\n", id);
}

int cmd_rec_revise(Ctx *c, Args *a) {
  long long id;
  Revision v;
  memset(&v, 0, sizeof v);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "target")) || (rc = need(a, "reason"))) return rc;
  if ((rc = parse_target("target", arg_get(a, "target"), &v.target))) return rc;
  if ((rc = arg_day(a, "on", c->today, &v.on))) return rc;
  v.zTargetText = (char *)arg_get(a, "target");
  v.zReason = (char *)arg_get(a, "reason");
  v.zAgreedBy = (char *)arg_get(a, "agreed-by");
  v.zCycle = (char *)arg_get(a, "cycle");
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_rec_revise(c->db, &w, id, &v, &err), &err,
                      "recommendation %lld: target revised to %s\n", id, v.zTargetText);
}

int cmd_rec_review(Ctx *c, Args *a) {
  long long id;
  Opinion o;
  memset(&o, 0, sizeof o);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "opinion"))) return rc;
  int st = status_from_name(arg_get(a, "opinion"));
  if (st < 0) {
    cli_err("--opinion: '%s' is not one of not_started, in_progress, partially_implemented, "
            "implemented, not_implemented, risk_accepted, superseded, not_adopted, withdrawn",
            arg_get(a, "opinion"));
    return EXIT_USAGE;
  }
  o.status = (Status)st;
  if (o.status == ST_RISK_ACCEPTED && (rc = need(a, "accepted-by"))) return rc;
  if ((rc = arg_day(a, "on", c->today, &o.on)) ||
      (rc = arg_day(a, "follow-up", DAY_NONE, &o.nextFollowUp)))
    return rc;
  o.zText = (char *)arg_get(a, "text");
  o.zNext = (char *)arg_get(a, "next");
  o.zAcceptedBy = (char *)arg_get(a, "accepted-by");
  o.zAuthor = (char *)arg_get(a, "by");
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_rec_review(c->db, &w, id, &o, &err), &err,
                      "recommendation %lld: opinion %s recorded\n", id, status_names[o.status]);
}

int cmd_rec_close(Ctx *c, Args *a) {
  long long id;
  Day on;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = arg_day(a, "on", c->today, &on))) return rc;
  Actor w = {arg_get(a, "by") ? arg_get(a, "by") : c->zActor, 0};
  Buf err = BUF_INIT;
  rc = act_rec_close(c->db, &w, id, on, arg_get(a, "text"), arg_get(a, "evidence"), &err);
  if (rc == ACT_INVALID || (rc == ACT_CONFLICT && strstr(buf_cstr(&err), "evidence was seen"))) {
    cli_err("--evidence: %s", buf_cstr(&err)); /* the option the refusal is about */
    buf_free(&err);
    return rc == ACT_INVALID ? EXIT_USAGE : EXIT_FAIL;
  }
  return cli_act_done(c, rc, &err, "recommendation %lld closed as implemented\n", id);
}

int cmd_rec_reopen(Ctx *c, Args *a) {
  long long id;
  Day on;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "reason")) || (rc = arg_day(a, "on", c->today, &on))) return rc;
  Actor w = {arg_get(a, "by") ? arg_get(a, "by") : c->zActor, 0};
  Buf err = BUF_INIT;
  return cli_act_done(c, act_rec_reopen(c->db, &w, id, on, arg_get(a, "reason"), &err), &err,
                      "recommendation %lld reopened\n", id);
}

int cmd_decision_add(Ctx *c, Args *a) {
  long long id;
  Decision d;
  memset(&d, 0, sizeof d);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "kind")) || (rc = arg_day(a, "on", c->today, &d.on))) return rc;
  int k = decision_from_name(arg_get(a, "kind"));
  if (k < 0) {
    cli_err("--kind: '%s' is not one of extension_granted, extension_refused, removal_approved, "
            "attendance_required, noted",
            arg_get(a, "kind"));
    return EXIT_USAGE;
  }
  d.kind = (DecisionKind)k;
  d.zText = (char *)arg_get(a, "text");
  d.zMeeting = (char *)arg_get(a, "meeting");
  Day target = DAY_NONE;
  const char *zTarget = arg_get(a, "target");
  if (zTarget && d.kind == DEC_EXTENSION_GRANTED && (rc = parse_target("target", zTarget, &target)))
    return rc;
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_decision_add(c->db, &w, id, &d, zTarget, target, &err), &err,
                      "recommendation %lld: decision %s recorded\n", id, decision_names[d.kind]);
}

/* The dry run's list of the status words found and what each was read as. */
static void import_words_list(Buf *out, const ImportResult *res) {
  if (!res->nWord) return;
  buf_puts(out, "Status words in ia_opinion, and the status each is read as:\n");
  for (int i = 0; i < res->nWord; i++) {
    const ImportWord *w = &res->aWord[i];
    buf_appendf(out, "  '%s' (%d row%s): %s (%s)\n", w->zWord, w->n, w->n == 1 ? "" : "s",
                status_labels[w->status], vocab_how_labels[w->how]);
  }
  if (res->nWordMore) {
    buf_appendf(out, "  ... and %d more row%s with other words\n", res->nWordMore,
                res->nWordMore == 1 ? "" : "s");
  }
}

int cmd_import(Ctx *c, Args *a) {
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = a->azPos[0];
  o.zMap = arg_get(a, "map");
  o.zScale = arg_get(a, "scale");
  o.zSheet = arg_get(a, "sheet");
  o.dryRun = arg_has(a, "dry-run");
  o.quiet = arg_has(a, "quiet");
  o.zActor = c->zActor;
  o.zMatches = arg_get(a, "matches");
  o.review = arg_has(a, "review");
  Buf refresh = BUF_INIT;
  o.pRefresh = &refresh;
  int rc = arg_day(a, "as-at", DAY_NONE, &o.asAt);
  if (rc) return rc;
  FileData fd;
  Buf err = BUF_INIT, warn = BUF_INIT;
  if (file_load(o.zFile, &fd, &err)) {
    cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    return EXIT_FAIL;
  }
  ImportResult res;
  rc = import_file(c->db, &o, fd.z, fd.n, &res, &err, &warn);
  file_free(&fd);
  if (!rc && res.refresh) {
    /* A tracker already in the register: what matched, what is new, what changed. */
    Buf head = BUF_INIT;
    buf_appendf(&head,
                "refresh: %d rows matched recommendations in the register (%d by auditrack_id, %d "
                "by reference, %d by text, %d by the match file), %d new; %d changed, %d "
                "unchanged; %d missing\n",
                res.nById + res.nByRef + res.nByText + res.nByFile, res.nById, res.nByRef,
                res.nByText, res.nByFile, res.nNew, res.nChanged, res.nSame, res.nMissing);
    if (o.review) {
      buf_appendf(&head,
                  "review: %d update%s and %d date request%s %s for internal audit's review "
                  "(/review); %d change%s left for internal audit\n",
                  res.nQueued, res.nQueued == 1 ? "" : "s", res.nDateReq,
                  res.nDateReq == 1 ? "" : "s", o.dryRun ? "would wait" : "waiting", res.nLeft,
                  res.nLeft == 1 ? "" : "s");
    }
    buf_puts(&head, buf_cstr(&refresh));
    buf_free(&refresh);
    refresh = head;
  }
  if (rc) {
    fprintf(stderr, "auditrack: %s: %s", o.zFile,
            rc == 1 && res.nProblem ? "rejected, nothing written:\n" : "");
    fputs(buf_cstr(&err), stderr);
    buf_free(&err);
    buf_free(&warn);
    buf_free(&refresh);
    return rc == 2 ? EXIT_USAGE : EXIT_FAIL;
  }
  if (res.already) {
    buf_puts(&c->out, buf_cstr(&err));
    buf_free(&err);
    buf_free(&warn);
    buf_free(&refresh);
    return EXIT_OK;
  }
  buf_free(&err);
  char z[DAY_FMT_MAX];
  if (res.xlsx) buf_appendf(&c->out, "read sheet '%s' of %s\n", res.zSheet, o.zFile);
  buf_appendf(&c->out,
              "%s %s: %d rows, %d recommendations in %d audits (%d new), %d revisions, "
              "%d updates, %d opinions; as at %s\n",
              o.dryRun ? "checked (dry run, nothing written)" : "imported", o.zFile, res.nRow,
              res.nRec, res.nAudit, res.nAuditNew, res.nRev, res.nUpd, res.nOp,
              day_fmt(res.asAtMax, DAY_UK, z));
  if (o.dryRun) import_words_list(&c->out, &res);
  buf_puts(&c->out, buf_cstr(&refresh));
  buf_free(&refresh);
  if (warn.n) {
    buf_puts(&c->out, "Warnings (the file is not rejected for these; where the tracker states "
                      "a figure that differs from auditrack's, reports use auditrack's):\n");
    buf_puts(&c->out, buf_cstr(&warn));
  }
  buf_free(&warn);
  return EXIT_OK;
}

int cmd_audit_set(Ctx *c, Args *a) {
  long long id;
  int rc = arg_id(a, 0, "audit ID", &id);
  if (rc) return rc;
  const char *zField = a->azPos[1], *zValue = a->azPos[2];
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_audit_set(c->db, &w, id, zField, zValue, &err), &err,
                      "audit %lld: %s changed\n", id, zField);
}

int cmd_scale_add(Ctx *c, Args *a) {
  int rc = need(a, "ratings");
  if (rc) return rc;
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  const char *zDesc = arg_get(a, "description") ? arg_get(a, "description") : "";
  int n = 0;
  rc = act_scale_add_spec(c->db, &w, a->azPos[0], zDesc, arg_get(a, "ratings"), &n, &err);
  if (rc == ACT_INVALID || rc == ACT_CONFLICT) { /* the option, or where to look */
    cli_err(rc == ACT_INVALID ? "--ratings: %s" : "%s (auditrack scale list)", buf_cstr(&err));
    buf_free(&err);
    return rc == ACT_INVALID ? EXIT_USAGE : EXIT_FAIL;
  }
  return cli_act_done(c, rc, &err, "scale %s added with %d ratings\n", a->azPos[0], n);
}

/* ---- reporting cycles ---- */

int cmd_cycle_add(Ctx *c, Args *a) {
  Day asAt, deadline;
  int rc = need(a, "as-at");
  if (rc || (rc = arg_day(a, "as-at", DAY_NONE, &asAt)) ||
      (rc = arg_day(a, "deadline", DAY_NONE, &deadline)))
    return rc;
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  long long id = 0;
  rc = cli_act_exit(act_cycle_add(c->db, &w, a->azPos[0], asAt, deadline, &id, &err), &err);
  if (!rc) {
    char z[DAY_FMT_MAX];
    buf_appendf(&c->out, "cycle %lld added: %s, as at %s\n", id, a->azPos[0],
                day_fmt(asAt, DAY_UK, z));
  }
  return rc;
}

int cmd_cycle_state(Ctx *c, Args *a) {
  const char *zVal = a->azPos[2];
  long long v = -1;
  if (strcasecmp(zVal, "none")) {
    char *zEnd = 0;
    errno = 0;
    v = strtoll(zVal, &zEnd, 10);
    if (!zVal[0] || *zEnd || errno || v < 0) {
      cli_err("VALUE: '%s' is not a count (a whole number, 0 or more) or none", zVal);
      return EXIT_USAGE;
    }
  }
  Actor w = cli_actor(c);
  Buf err = BUF_INIT, what = BUF_INIT;
  int rc = act_cycle_state(c->db, &w, a->azPos[0], a->azPos[1], arg_get(a, "risk"),
                           arg_get(a, "band"), v, &err);
  if (rc == ACT_OK) {
    int k = stated_kind_from_name(a->azPos[1]);
    Stated x = {(StatedKind)k, (char *)arg_get(a, "risk"), (char *)arg_get(a, "band"), v};
    stated_words(&what, &x, v < 0 ? 0 : v);
  }
  rc = cli_act_done(c, rc, &err,
                    v < 0 ? "cycle %s: the paper's figure '%s' removed\n"
                          : "cycle %s: its paper stated %s\n",
                    a->azPos[0], buf_cstr(&what) + (v < 0 && what.n > 2 ? 2 : 0));
  buf_free(&what);
  return rc;
}

int cmd_cycle_remove(Ctx *c, Args *a) {
  Actor w = cli_actor(c);
  Buf err = BUF_INIT;
  return cli_act_done(c, act_cycle_remove(c->db, &w, a->azPos[0], &err), &err, "cycle %s removed\n",
                      a->azPos[0]);
}
