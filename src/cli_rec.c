/*
** cli_rec.c: the commands that add to and change the register: audits,
** recommendations and every kind of history entry (updates, revisions,
** opinions, closure, reopening, committee decisions).
**
** Each command validates everything first, then writes one transaction with
** one journal entry. Not for: reports (cli_report.c) or SQL (store.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "file.h"
#include "import.h"
#include "report_build.h"
#include "store.h"

/* JSON detail for the journal, built as key/value text pairs. */
static void jkv(Buf *b, const char *zKey, const char *zVal) {
  if (!zVal) return;
  buf_putc(b, b->n ? ',' : '{');
  buf_json_str(b, zKey);
  buf_putc(b, ':');
  buf_json_str(b, zVal);
}
static void jday(Buf *b, const char *zKey, Day d) {
  char z[DAY_FMT_MAX];
  jkv(b, zKey, d == DAY_NONE ? 0 : day_fmt(d, DAY_ISO, z));
}
static const char *jend(Buf *b) {
  if (!b->n) buf_putc(b, '{');
  buf_putc(b, '}');
  return buf_cstr(b);
}

static int need(const Args *a, const char *zName) {
  if (arg_get(a, zName) && arg_get(a, zName)[0]) return 0;
  cli_err("--%s is required", zName);
  return EXIT_USAGE;
}

/* Parse a target: a day or TBC. */
static int parse_target(const char *zOpt, const char *z, Day *pDay) {
  DateParse p;
  char zErr[96];
  if (day_parse(z, DF_DEFAULT, &p, zErr, sizeof zErr)) {
    cli_err("--%s: '%s' is not a date or TBC: %s", zOpt, z, zErr);
    return EXIT_USAGE;
  }
  if (p.kind == DATE_TBC) *pDay = DAY_NONE;
  else if (p.kind == DATE_EXACT || p.kind == DATE_MONTH || p.kind == DATE_SEASON) *pDay = p.day;
  else {
    cli_err("--%s: '%s' is not a date or TBC", zOpt, z);
    return EXIT_USAGE;
  }
  return 0;
}

static int find_rec(Ctx *c, long long id) {
  if (store_rec_exists(c->db, id)) return 0;
  cli_err("no recommendation %lld", id);
  return EXIT_FAIL;
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
  if ((rc = cli_write_begin(c))) return rc;
  long long id = 0;
  rc = store_audit_add(c->db, &in, &id);
  Buf j = BUF_INIT;
  jkv(&j, "title", in.zTitle);
  jkv(&j, "ref", in.zRef);
  jday(&j, "report_date", in.reportDate);
  jkv(&j, "assurance", in.assurance >= 0 ? assurance_names[in.assurance] : 0);
  rc = cli_write_end(c, rc, "audit.add", "audit", id, jend(&j));
  buf_free(&j);
  if (!rc) buf_appendf(&c->out, "audit %lld added\n", id);
  return rc;
}

int cmd_audit_followup(Ctx *c, Args *a) {
  long long id;
  Day on;
  int rc = arg_id(a, 0, "audit ID", &id);
  if (rc || (rc = arg_day(a, "on", c->today, &on))) return rc;
  if (!store_audit_exists(c->db, id)) {
    cli_err("no audit %lld", id);
    return EXIT_FAIL;
  }
  if ((rc = cli_write_begin(c))) return rc;
  rc = store_audit_follow_up_done(c->db, id, on);
  Buf j = BUF_INIT;
  jday(&j, "follow_up_done", on);
  rc = cli_write_end(c, rc, "audit.follow-up", "audit", id, jend(&j));
  buf_free(&j);
  if (!rc) buf_appendf(&c->out, "audit %lld: follow-up audit recorded\n", id);
  return rc;
}

int cmd_rec_add(Ctx *c, Args *a) {
  Rec r;
  memset(&r, 0, sizeof r);
  int rc;
  if ((rc = need(a, "audit")) || (rc = need(a, "text")) || (rc = need(a, "target"))) return rc;
  char *zEnd = 0;
  r.auditId = strtoll(arg_get(a, "audit"), &zEnd, 10);
  if (*zEnd || r.auditId <= 0 || !store_audit_exists(c->db, r.auditId)) {
    cli_err("--audit: no audit '%s' (auditrack audit list)", arg_get(a, "audit"));
    return EXIT_FAIL;
  }
  if ((rc = parse_target("target", arg_get(a, "target"), &r.original))) return rc;
  r.zOriginalText = (char *)arg_get(a, "target");
  r.zBody = (char *)arg_get(a, "text");
  r.zRef = (char *)arg_get(a, "ref");
  r.zTitle = (char *)arg_get(a, "title");
  r.zRiskText = (char *)arg_get(a, "risk-text");
  r.zAction = (char *)arg_get(a, "action");
  r.zOwner = (char *)arg_get(a, "owner");
  r.zDirector = (char *)arg_get(a, "director");
  r.zExecMember = (char *)arg_get(a, "exec-member");
  r.zTheme = (char *)arg_get(a, "theme");
  r.zDirectorate = (char *)arg_get(a, "directorate");
  r.zEvidence = (char *)arg_get(a, "evidence");
  r.confidential = arg_has(a, "confidential");
  long long ratingId = 0;
  if (arg_get(a, "risk")) {
    ratingId = store_rating_find(c->db, 0, arg_get(a, "risk"));
    if (ratingId <= 0) {
      cli_err("--risk: '%s' is %s risk rating (auditrack scale list)", arg_get(a, "risk"),
              ratingId < 0 ? "an ambiguous" : "not a known");
      return EXIT_FAIL;
    }
  }
  if ((rc = arg_day(a, "on", c->today, &r.existsFrom))) return rc;
  if (!arg_has(a, "on")) {
    AuditRow *aRow = 0;
    int n = 0;
    if (store_audit_list(c->db, r.auditId, &aRow, &n)) return EXIT_FAIL;
    /* As on import: from the audit's date where known, and no later than the target. */
    if (n && aRow[0].reportDate != DAY_NONE) r.existsFrom = aRow[0].reportDate;
    if (r.original != DAY_NONE && r.original < r.existsFrom) r.existsFrom = r.original;
    store_audit_rows_free(aRow, n);
  }
  if ((rc = cli_write_begin(c))) return rc;
  long long id = 0;
  rc = store_rec_add(c->db, &r, ratingId, 0, &id);
  Buf j = BUF_INIT;
  char zAudit[24];
  snprintf(zAudit, sizeof zAudit, "%lld", r.auditId);
  jkv(&j, "audit", zAudit);
  jkv(&j, "ref", r.zRef);
  jkv(&j, "text", r.zBody);
  jkv(&j, "target", r.zOriginalText);
  jkv(&j, "risk", arg_get(a, "risk"));
  rc = cli_write_end(c, rc, "rec.add", "rec", id, jend(&j));
  buf_free(&j);
  if (!rc) buf_appendf(&c->out, "recommendation %lld added\n", id);
  return rc;
}

/* Journal and report a one-field change ("rec set", "audit set"); frees zOld. */
static int set_end(Ctx *c, int rc, const char *zEntity, const char *zWhat, long long id,
                   const char *zField, char *zOld, const char *zValue) {
  Buf j = BUF_INIT, action = BUF_INIT;
  jkv(&j, "field", zField);
  jkv(&j, "old", zOld);
  jkv(&j, "new", zValue);
  buf_appendf(&action, "%s.set", zEntity);
  rc = cli_write_end(c, rc, buf_cstr(&action), zEntity, id, jend(&j));
  buf_free(&j);
  buf_free(&action);
  free(zOld);
  if (!rc) buf_appendf(&c->out, "%s %lld: %s changed\n", zWhat, id, zField);
  return rc;
}

int cmd_rec_set(Ctx *c, Args *a) {
  long long id;
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = find_rec(c, id))) return rc;
  const char *zField = a->azPos[1], *zValue = a->azPos[2];
  if (!strcmp(zField, "confidential") && strcmp(zValue, "0") && strcmp(zValue, "1")) {
    cli_err("confidential must be 0 or 1, not '%s'", zValue);
    return EXIT_USAGE;
  }
  if (!strcmp(zField, "text") && !zValue[0]) {
    cli_err("the recommendation's text cannot be empty");
    return EXIT_USAGE;
  }
  if ((rc = cli_write_begin(c))) return rc;
  char *zOld = 0;
  if (!strcmp(zField, "risk")) {
    /* The rating is a reference, not text: resolved and stored by id. */
    long long g = store_rating_find(c->db, 0, zValue);
    if (g <= 0) {
      db_rollback(c->db);
      cli_err("'%s' is %s risk rating (auditrack scale list)", zValue,
              g < 0 ? "an ambiguous" : "not a known");
      return EXIT_FAIL;
    }
    rc = store_rec_set_rating(c->db, id, g);
  } else {
    rc = store_rec_set(c->db, id, zField, zValue, &zOld);
  }
  return set_end(c, rc, "rec", "recommendation", id, zField, zOld, zValue);
}

int cmd_rec_update(Ctx *c, Args *a) {
  long long id;
  Progress u;
  memset(&u, 0, sizeof u);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "text")) || (rc = arg_day(a, "on", c->today, &u.on))) return rc;
  if ((rc = find_rec(c, id))) return rc;
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
  if ((rc = cli_write_begin(c))) return rc;
  rc = store_progress_add(c->db, id, &u);
  Buf j = BUF_INIT;
  jday(&j, "on", u.on);
  jkv(&j, "text", u.zText);
  jkv(&j, "claimed", u.claimed >= 0 ? status_names[u.claimed] : 0);
  rc = cli_write_end(c, rc, "rec.update", "rec", id, jend(&j));
  buf_free(&j);
  if (!rc) buf_appendf(&c->out, "recommendation %lld: update recorded\n", id);
  return rc;
}

int cmd_rec_revise(Ctx *c, Args *a) {
  long long id;
  Revision v;
  memset(&v, 0, sizeof v);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "target")) || (rc = need(a, "reason"))) return rc;
  if ((rc = parse_target("target", arg_get(a, "target"), &v.target))) return rc;
  if ((rc = arg_day(a, "on", c->today, &v.on)) || (rc = find_rec(c, id))) return rc;
  v.zTargetText = (char *)arg_get(a, "target");
  v.zReason = (char *)arg_get(a, "reason");
  v.zAgreedBy = (char *)arg_get(a, "agreed-by");
  v.zCycle = (char *)arg_get(a, "cycle");
  if ((rc = cli_write_begin(c))) return rc;
  rc = store_revision_add(c->db, id, &v);
  Buf j = BUF_INIT;
  jday(&j, "on", v.on);
  jkv(&j, "target", v.zTargetText);
  jkv(&j, "reason", v.zReason);
  jkv(&j, "agreed_by", v.zAgreedBy);
  rc = cli_write_end(c, rc, "rec.revise", "rec", id, jend(&j));
  buf_free(&j);
  if (!rc) buf_appendf(&c->out, "recommendation %lld: target revised to %s\n", id, v.zTargetText);
  return rc;
}

/* The state of one recommendation as at a date, for the rules below. */
static int state_of(Ctx *c, long long id, Day on, RecSet *set, RecState *st, Policy *p) {
  if (store_policy_load(c->db, p) || store_load(c->db, id, 1, DAY_NONE, set)) {
    cli_err("%s", buf_cstr(&c->db->err));
    return EXIT_FAIL;
  }
  if (set->n != 1) {
    cli_err("no recommendation %lld", id);
    return EXIT_FAIL;
  }
  rec_state_at(&set->a[0], p, on, st);
  return 0;
}

static int write_opinion(Ctx *c, long long id, Opinion *o, const char *zAction) {
  int rc = cli_write_begin(c);
  if (rc) return rc;
  rc = store_opinion_add(c->db, id, o);
  Buf j = BUF_INIT;
  jday(&j, "on", o->on);
  jkv(&j, "opinion", status_names[o->status]);
  jkv(&j, "text", o->zText);
  jkv(&j, "accepted_by", o->zAcceptedBy);
  rc = cli_write_end(c, rc, zAction, "rec", id, jend(&j));
  buf_free(&j);
  return rc;
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
            "implemented, not_implemented, risk_accepted, superseded, not_adopted",
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
  RecSet set;
  RecState s;
  Policy p;
  if ((rc = state_of(c, id, o.on, &set, &s, &p))) return rc;
  if (!s.open && !status_closes(o.status)) {
    cli_err("recommendation %lld is closed: use 'auditrack rec reopen %lld --reason ...'", id, id);
    rc = EXIT_FAIL;
  } else if (!s.open) {
    cli_err("recommendation %lld is already closed (%s)", id,
            s.closedBy >= 0 ? status_labels[s.closedBy] : "removal approved by the committee");
    rc = EXIT_FAIL;
  } else if (o.status == ST_IMPLEMENTED && set.a[0].zEvidence && !arg_get(a, "text")) {
    cli_err("recommendation %lld requires evidence to close (%s): say what was seen with --text, "
            "or use 'rec close --evidence'", id, set.a[0].zEvidence);
    rc = EXIT_FAIL;
  }
  recset_free(&set);
  if (rc) return rc;
  rc = write_opinion(c, id, &o, "rec.review");
  if (!rc) buf_appendf(&c->out, "recommendation %lld: opinion %s recorded\n", id, status_names[o.status]);
  return rc;
}

int cmd_rec_close(Ctx *c, Args *a) {
  long long id;
  Opinion o;
  memset(&o, 0, sizeof o);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = arg_day(a, "on", c->today, &o.on))) return rc;
  o.status = ST_IMPLEMENTED;
  o.nextFollowUp = DAY_NONE;
  o.zAuthor = (char *)arg_get(a, "by");
  RecSet set;
  RecState s;
  Policy p;
  if ((rc = state_of(c, id, o.on, &set, &s, &p))) return rc;
  Buf t = BUF_INIT;
  if (!s.exists) {
    cli_err("recommendation %lld did not exist yet on that date", id);
    rc = EXIT_FAIL;
  } else if (!s.open) {
    cli_err("recommendation %lld is already closed", id);
    rc = EXIT_FAIL;
  } else if (set.a[0].zEvidence && !arg_get(a, "evidence")) {
    cli_err("recommendation %lld needs evidence to close: %s (give --evidence)", id,
            set.a[0].zEvidence);
    rc = EXIT_FAIL;
  }
  if (arg_get(a, "text")) buf_puts(&t, arg_get(a, "text"));
  if (arg_get(a, "evidence")) buf_appendf(&t, "%sEvidence seen: %s", t.n ? ". " : "", arg_get(a, "evidence"));
  o.zText = t.n ? (char *)buf_cstr(&t) : 0;
  recset_free(&set);
  if (!rc) rc = write_opinion(c, id, &o, "rec.close");
  if (!rc) buf_appendf(&c->out, "recommendation %lld closed as implemented\n", id);
  buf_free(&t);
  return rc;
}

int cmd_rec_reopen(Ctx *c, Args *a) {
  long long id;
  Opinion o;
  memset(&o, 0, sizeof o);
  int rc = arg_id(a, 0, "recommendation ID", &id);
  if (rc || (rc = need(a, "reason")) || (rc = arg_day(a, "on", c->today, &o.on))) return rc;
  o.status = ST_NOT_IMPLEMENTED;
  o.zText = (char *)arg_get(a, "reason");
  o.zNext = "Reopened";
  o.nextFollowUp = DAY_NONE;
  o.zAuthor = (char *)arg_get(a, "by");
  RecSet set;
  RecState s;
  Policy p;
  if ((rc = state_of(c, id, o.on, &set, &s, &p))) return rc;
  recset_free(&set);
  if (s.open) {
    cli_err("recommendation %lld is open: nothing to reopen", id);
    return EXIT_FAIL;
  }
  rc = write_opinion(c, id, &o, "rec.reopen");
  if (!rc) buf_appendf(&c->out, "recommendation %lld reopened\n", id);
  return rc;
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
            "attendance_required, noted", arg_get(a, "kind"));
    return EXIT_USAGE;
  }
  d.kind = (DecisionKind)k;
  d.zText = (char *)arg_get(a, "text");
  d.zMeeting = (char *)arg_get(a, "meeting");
  Revision v;
  memset(&v, 0, sizeof v);
  if (arg_get(a, "target")) {
    if (d.kind != DEC_EXTENSION_GRANTED) {
      cli_err("--target goes with --kind extension_granted only");
      return EXIT_USAGE;
    }
    if ((rc = parse_target("target", arg_get(a, "target"), &v.target))) return rc;
  } else if (d.kind == DEC_EXTENSION_GRANTED) {
    cli_err("an extension needs its new --target date");
    return EXIT_USAGE;
  }
  if ((rc = find_rec(c, id))) return rc;
  if ((rc = cli_write_begin(c))) return rc;
  rc = store_decision_add(c->db, id, &d);
  if (!rc && d.kind == DEC_EXTENSION_GRANTED) {
    v.on = d.on;
    v.zTargetText = (char *)arg_get(a, "target");
    v.zReason = d.zText ? d.zText : "Extension granted by the audit committee";
    v.zAgreedBy = "Audit Committee";
    v.zCycle = d.zMeeting;
    rc = store_revision_add(c->db, id, &v);
  }
  Buf j = BUF_INIT;
  jday(&j, "on", d.on);
  jkv(&j, "kind", decision_names[d.kind]);
  jkv(&j, "text", d.zText);
  jkv(&j, "target", arg_get(a, "target"));
  rc = cli_write_end(c, rc, "decision.add", "rec", id, jend(&j));
  buf_free(&j);
  if (!rc) buf_appendf(&c->out, "recommendation %lld: decision %s recorded\n", id, decision_names[d.kind]);
  return rc;
}

int cmd_import(Ctx *c, Args *a) {
  ImportOpts o;
  memset(&o, 0, sizeof o);
  o.zFile = a->azPos[0];
  o.zMap = arg_get(a, "map");
  o.zScale = arg_get(a, "scale");
  o.dryRun = arg_has(a, "dry-run");
  o.quiet = arg_has(a, "quiet");
  o.zActor = c->zActor;
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
  rc = import_csv(c->db, &o, fd.z, fd.n, &res, &err, &warn);
  file_free(&fd);
  if (rc) {
    fprintf(stderr, "auditrack: %s: %s", o.zFile,
            rc == 1 && res.nProblem ? "rejected, nothing written:\n" : "");
    fputs(buf_cstr(&err), stderr);
    buf_free(&err);
    buf_free(&warn);
    return rc == 2 ? EXIT_USAGE : EXIT_FAIL;
  }
  if (res.already) {
    buf_puts(&c->out, buf_cstr(&err));
    buf_free(&err);
    return EXIT_OK;
  }
  buf_free(&err);
  char z[DAY_FMT_MAX];
  buf_appendf(&c->out, "%s %s: %d rows, %d recommendations in %d audits (%d new), %d revisions, "
                       "%d updates, %d opinions; as at %s\n",
              o.dryRun ? "checked (dry run, nothing written)" : "imported", o.zFile, res.nRow,
              res.nRec, res.nAudit, res.nAuditNew, res.nRev, res.nUpd, res.nOp,
              day_fmt(res.asAtMax, DAY_UK, z));
  if (warn.n) {
    buf_puts(&c->out, "Figures the tracker states that differ from auditrack's (reports use "
                      "auditrack's):\n");
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
  char zDate[DAY_FMT_MAX];
  if (!store_audit_exists(c->db, id)) {
    cli_err("no audit %lld", id);
    return EXIT_FAIL;
  }
  if (!strcmp(zField, "title") && !zValue[0]) {
    cli_err("an audit's title cannot be empty");
    return EXIT_USAGE;
  }
  if (!strcmp(zField, "date") && zValue[0]) {
    DateParse p;
    char zErr[96];
    if (day_parse(zValue, DF_ISO | DF_DMY | DF_TEXT, &p, zErr, sizeof zErr) || p.kind != DATE_EXACT) {
      cli_err("date: '%s' is not a day", zValue);
      return EXIT_USAGE;
    }
    zValue = day_fmt(p.day, DAY_ISO, zDate);
  }
  if (!strcmp(zField, "assurance") && zValue[0]) {
    int k = assurance_from_name(zValue);
    if (k == AS_NONE_GIVEN) {
      cli_err("assurance: '%s' is not one of substantial, reasonable, limited, none", zValue);
      return EXIT_USAGE;
    }
    zValue = assurance_names[k];
  }
  if ((rc = cli_write_begin(c))) return rc;
  char *zOld = 0;
  rc = store_audit_set(c->db, id, zField, zValue, &zOld);
  return set_end(c, rc, "audit", "audit", id, zField, zOld, zValue);
}

int cmd_scale_add(Ctx *c, Args *a) {
  int rc = need(a, "ratings");
  if (rc) return rc;
  enum { MAX_RATINGS = 12 };
  const char *azCode[MAX_RATINGS], *azLabel[MAX_RATINGS], *azDef[MAX_RATINGS];
  int n = 0;
  char *zCopy = xstrdup(arg_get(a, "ratings")), *zSave = 0;
  for (char *t = strtok_r(zCopy, ";", &zSave); t && !rc; t = strtok_r(0, ";", &zSave)) {
    while (*t == ' ') t++;
    if (!*t) continue;
    char *zLabel = strchr(t, ':');
    char *zDef = zLabel ? strchr(zLabel + 1, ':') : 0;
    if (zLabel) *zLabel++ = 0;
    if (zDef) *zDef++ = 0;
    if (n == MAX_RATINGS) {
      cli_err("--ratings: at most %d ratings", MAX_RATINGS);
      rc = EXIT_USAGE;
    } else if (!t[0] || !zLabel || !zLabel[0]) {
      cli_err("--ratings: each rating needs CODE:LABEL, as in 'P1:Priority 1'");
      rc = EXIT_USAGE;
    } else {
      azCode[n] = t;
      azLabel[n] = zLabel;
      azDef[n] = zDef ? zDef : "";
      for (int i = 0; i < n && !rc; i++) {
        if (!strcasecmp(azCode[i], t)) {
          cli_err("--ratings: code '%s' appears twice", t);
          rc = EXIT_USAGE;
        }
      }
      n++;
    }
  }
  if (!rc && n == 0) {
    cli_err("--ratings lists no ratings");
    rc = EXIT_USAGE;
  }
  if (!rc && store_scale_exists(c->db, a->azPos[0])) {
    cli_err("a scale named '%s' already exists (auditrack scale list)", a->azPos[0]);
    rc = EXIT_FAIL;
  }
  if (!rc && !(rc = cli_write_begin(c))) {
    const char *zDesc = arg_get(a, "description") ? arg_get(a, "description") : "";
    rc = store_scale_add(c->db, a->azPos[0], zDesc, n, azCode, azLabel, azDef);
    Buf j = BUF_INIT;
    jkv(&j, "name", a->azPos[0]);
    jkv(&j, "ratings", arg_get(a, "ratings"));
    rc = cli_write_end(c, rc, "scale.add", "scale", 0, jend(&j));
    buf_free(&j);
    if (!rc) buf_appendf(&c->out, "scale %s added with %d ratings\n", a->azPos[0], n);
  }
  free(zCopy);
  return rc;
}
