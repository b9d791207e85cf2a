/*
** report_build.c: the committee reports (summary, outstanding, implemented,
** progress, escalations, follow-up audits), built as Report tables from the
** as-at engine's states, and the table of report kinds every door reads.
**
** Every figure here comes from rec_state_at(); nothing below decides on its
** own whether something is open or overdue. Not for: the listings (report_list.c),
** formats (report.c) or loading data (store.c).
*/
#include "report_build.h"
#include "report_pack.h"
#include "report_snap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const status_filter_names[] = {"open", "closed", "all", 0};
_Static_assert(sizeof status_filter_names / sizeof status_filter_names[0] == STATUS_FILTER__MAX + 1,
               "status filters");

int status_filter_from_name(const char *z) {
  for (int i = 0; z && i < STATUS_FILTER__MAX; i++) {
    if (!strcmp(z, status_filter_names[i])) return i;
  }
  return -1;
}

static int str_contains(const char *zHay, const char *zNeedle) {
  return zHay && strcasestr(zHay, zNeedle) != 0;
}

int filter_match(const Filter *f, const Policy *p, const Rec *r, const RecState *st) {
  if (!st->exists) return 0;
  if (f->status == SF_OPEN && !st->open) return 0;
  if (f->status == SF_CLOSED && st->open) return 0;
  if (f->zRisk && !((r->zRiskCode && !strcasecmp(f->zRisk, r->zRiskCode)) ||
                    (r->zRiskLabel && !strcasecmp(f->zRisk, r->zRiskLabel))))
    return 0;
  if (f->zDirectorate && !(r->zDirectorate && !strcasecmp(f->zDirectorate, r->zDirectorate)))
    return 0;
  if (f->zTheme && !(r->zTheme && !strcasecmp(f->zTheme, r->zTheme))) return 0;
  if (f->zOwner && !str_contains(r->zOwner, f->zOwner) && !str_contains(r->zDirector, f->zOwner))
    return 0;
  if (f->zBand && strcasecmp(f->zBand, rec_band_label(p, st)) &&
      !(st->open && st->overdue && !strcasecmp(f->zBand, BAND_ANY_OVERDUE)))
    return 0;
  return 1;
}

int report_redacts(const ReportInput *in, const Rec *r) {
  return r->confidential && !in->f.includeConfidential;
}

const ReportInput *report_view(const ReportInput *in, ReportInput *tmp, Policy *pol) {
  if (!in->f.bandBy || in->f.bandBy - 1 == (int)in->pol->basis) return in;
  *pol = *in->pol;
  pol->basis = (Basis)(in->f.bandBy - 1);
  *tmp = *in;
  tmp->pol = pol;
  tmp->xStates = 0; /* states given were measured under in->pol's basis, not this one */
  tmp->pStatesCtx = 0;
  return tmp;
}

void report_common_meta(Report *rp, const ReportInput *in, int withSince) {
  Buf b = BUF_INIT;
  if (in->zOrg && in->zOrg[0]) report_meta(rp, "organisation", "Organisation", in->zOrg);
  if (in->zCycle) report_meta(rp, "cycle", "Reporting cycle", in->zCycle);
  report_meta_day(rp, "as_at", "As at", in->asAt);
  if (withSince && in->since != DAY_NONE) {
    report_meta_day(rp, "since", "Previous report", in->since);
    if (in->zPrevCycle) report_meta(rp, "previous_cycle", "Previous cycle", in->zPrevCycle);
  }
  const Filter *f = &in->f;
  const char *az[][2] = {{"risk", f->zRisk},
                         {"directorate", f->zDirectorate},
                         {"theme", f->zTheme},
                         {"owner", f->zOwner},
                         {"band", f->zBand}};
  for (size_t i = 0; i < sizeof az / sizeof az[0]; i++) {
    if (az[i][1]) buf_appendf(&b, "%s%s = %s", b.n ? "; " : "", az[i][0], az[i][1]);
  }
  if (b.n) report_meta(rp, "filter", "Only", buf_cstr(&b));
  buf_reset(&b);
  policy_describe_as(in->pol, f->bothBases, &b);
  report_meta(rp, "policy", "Policy", buf_cstr(&b));
  report_meta(rp, "confidential", "Confidential items",
              f->includeConfidential ? "shown in full" : "detail withheld");
  buf_free(&b);
}

const char *report_risk_name(const Rec *r) { return r->zRiskLabel ? r->zRiskLabel : "Not rated"; }

void report_states(const ReportInput *in, Day day, RecState *a) {
  if (in->xStates && !in->xStates(in->pStatesCtx, day, a)) return;
  for (int i = 0; i < in->set->n; i++) rec_state_at(&in->set->a[i], in->pol, day, &a[i]);
}

void report_snap_init(Snap *s, const ReportInput *in) {
  s->in = in;
  s->aNow = xcalloc((size_t)in->set->n + 1, sizeof(RecState));
  s->aThen = xcalloc((size_t)in->set->n + 1, sizeof(RecState));
  s->aKeep = xcalloc((size_t)in->set->n + 1, 1);
  Filter any = in->f;
  any.status = SF_ALL;
  report_states(in, in->asAt, s->aNow);
  if (in->since != DAY_NONE) report_states(in, in->since, s->aThen);
  for (int i = 0; i < in->set->n; i++)
    s->aKeep[i] = filter_match(&any, in->pol, &in->set->a[i], &s->aNow[i]);
}

void report_snap_free(Snap *s) {
  free(s->aNow);
  free(s->aThen);
  free(s->aKeep);
}

static int same_scale(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The scale a rated recommendation's rating belongs to (NULL when not rated). */
static const char *rec_scale(const Rec *r) { return r->zRiskLabel ? r->zRiskScale : 0; }

/* Scales in name order, unrated last; then rank. Equal ones keep their order. */
static int rating_before(const Rating *a, const Rating *b) {
  if ((a->rank < 0) != (b->rank < 0)) return b->rank < 0;
  if (!same_scale(a->zScale, b->zScale)) {
    if (!a->zScale || !b->zScale) return b->zScale == 0;
    return strcmp(a->zScale, b->zScale) < 0;
  }
  return (unsigned)a->rank < (unsigned)b->rank;
}

/* The distinct ratings of the kept recommendations, by scale, most severe first, unrated last. */
int report_ratings(const Snap *s, Rating **pa) {
  const RecSet *set = s->in->set;
  Rating *a = xcalloc((size_t)set->n + 1, sizeof(Rating));
  int n = 0;
  for (int i = 0; i < set->n; i++) {
    const Rec *r = &set->a[i];
    if (!s->aKeep[i]) continue;
    int k = report_rating_of(a, n, r);
    if (k < 0) {
      a[n].rank = r->riskRank;
      a[n].zCode = r->zRiskCode;
      a[n].zLabel = report_risk_name(r);
      a[n].zScale = rec_scale(r);
      n++;
    }
  }
  /* insertion sort, stable */
  for (int i = 1; i < n; i++) {
    Rating t = a[i];
    int j = i - 1;
    while (j >= 0 && rating_before(&t, &a[j])) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = t;
  }
  *pa = a;
  return n;
}

int report_rating_of(const Rating *a, int n, const Rec *r) {
  for (int k = 0; k < n; k++) {
    if (a[k].rank == r->riskRank &&
        ((!a[k].zCode && !r->zRiskCode) ||
         (a[k].zCode && r->zRiskCode && !strcmp(a[k].zCode, r->zRiskCode))) &&
        same_scale(a[k].zScale, rec_scale(r)))
      return k;
  }
  return -1;
}

int report_band_col(const BasisState *b) {
  if (b->overdue) return 2 + b->band;
  return b->due == DAY_NONE ? 1 : 0;
}

Basis report_other_basis(const ReportInput *in) {
  return in->pol->basis == BASIS_ORIGINAL ? BASIS_CURRENT : BASIS_ORIGINAL;
}

void report_bases_cols(ReportSection *sec, const ReportInput *in) {
  if (!in->f.bothBases) return;
  const char *z = basis_names[report_other_basis(in)];
  Buf k = BUF_INIT, l = BUF_INIT;
  /* The report's own columns say which target they count from, beside the other's. */
  for (int i = 0; i < sec->nCol; i++) {
    const char *zKey = sec->aCol[i].zKey;
    if (strcmp(zKey, "months_overdue") && strcmp(zKey, "overdue")) continue;
    buf_reset(&l);
    buf_appendf(&l, zKey[0] == 'm' ? "Months since %s target" : "Overdue against %s target",
                basis_names[in->pol->basis]);
    free(sec->aCol[i].zLabel);
    sec->aCol[i].zLabel = xstrdup(buf_cstr(&l));
  }
  buf_reset(&l);
  buf_appendf(&k, "overdue_%s", z);
  buf_appendf(&l, "Overdue against %s target", z);
  report_section_col(sec, buf_cstr(&k), buf_cstr(&l));
  buf_reset(&k);
  buf_reset(&l);
  buf_appendf(&k, "months_since_%s", z);
  buf_appendf(&l, "Months since %s target", z);
  report_section_col(sec, buf_cstr(&k), buf_cstr(&l));
  buf_free(&k);
  buf_free(&l);
}

void report_bases_cells(ReportSection *sec, const ReportInput *in, const RecState *st) {
  if (!in->f.bothBases) return;
  const BasisState *b = &st->by[report_other_basis(in)];
  report_bool(sec, b->overdue);
  if (b->overdue)
    report_int(sec, b->months);
  else
    report_null(sec);
}

/* ---- the long-form sections ---- */

static void text_revisions(const Rec *r, Day asAt, Buf *b) {
  char z[DAY_FMT_MAX];
  for (int i = 0; i < r->nRev && r->aRev[i].on <= asAt; i++) {
    const Revision *v = &r->aRev[i];
    if (b->n) buf_putc(b, '\n');
    buf_appendf(b, "%s", v->target == DAY_NONE ? "TBC" : day_fmt(v->target, DAY_UK, z));
    buf_appendf(b, " (agreed %s", day_fmt(v->on, DAY_UK, z));
    if (v->zCycle) buf_appendf(b, ", %s", v->zCycle);
    if (v->zAgreedBy) buf_appendf(b, ", by %s", v->zAgreedBy);
    if (v->zReason) buf_appendf(b, ": %s", v->zReason);
    buf_putc(b, ')');
  }
}

static void text_update(const Progress *u, Buf *b) {
  char z[DAY_FMT_MAX];
  if (!u) return;
  buf_appendf(b, "%s: %s", day_fmt(u->on, DAY_UK, z), u->zText);
  if (u->percent >= 0) buf_appendf(b, " (%d%% complete)", u->percent);
}

/* Internal audit's opinion as one line; for a withheld recommendation only its
** date and status, since the comment may say what the recommendation is about. */
static void text_opinion(const Opinion *o, int hide, Buf *b) {
  char z[DAY_FMT_MAX];
  if (!o) return;
  buf_appendf(b, "%s: %s", day_fmt(o->on, DAY_UK, z), status_labels[o->status]);
  int hasText = o->zText && strcasecmp(o->zText, status_labels[o->status]);
  if (hide) {
    if (hasText || o->zAcceptedBy) buf_appendf(b, ". %s", REPORT_WITHHELD);
    return;
  }
  if (hasText) buf_appendf(b, ". %s", o->zText);
  if (o->zAcceptedBy) buf_appendf(b, " (risk accepted by %s)", o->zAcceptedBy);
}

static void text_flags(const ReportInput *in, const RecState *now, const RecState *then, Buf *b) {
  char z[DAY_FMT_MAX];
  if (in->since == DAY_NONE || !now->open) return;
  if (now->overdue && !(then->exists && then->open && then->overdue)) buf_puts(b, "Newly overdue");
  if (!now->pUpdate || now->pUpdate->on <= in->since) {
    buf_appendf(b, "%sNo update since %s", b->n ? "; " : "", day_fmt(in->since, DAY_UK, z));
  }
  int lim = in->pol->revisionLimit;
  if (lim && now->revisions > lim) {
    buf_appendf(b, "%sTarget revised %d times (limit %d)", b->n ? "; " : "", now->revisions, lim);
  }
}

static const char *next_action(const ReportInput *in, const Rec *r, const RecState *st) {
  const char *z = st->pOpinion && st->pOpinion->zNext ? st->pOpinion->zNext : 0;
  return z && report_redacts(in, r) ? REPORT_WITHHELD : z;
}

static void cell_buf(ReportSection *sec, Buf *b) {
  report_text(sec, b->n ? buf_cstr(b) : 0);
  buf_reset(b);
}

/* Start a row with the columns every appendix opens with: id, audit, ref, risk,
** recommendation, agreed action, original target. */
static void row_identity(ReportSection *sec, const ReportInput *in, const Rec *r) {
  int hide = report_redacts(in, r);
  report_row(sec, ROW_PLAIN);
  report_int(sec, r->id);
  report_text(sec, r->zAuditTitle);
  report_text(sec, r->zRef);
  report_text(sec, report_risk_name(r));
  report_text(sec, hide ? REPORT_WITHHELD : r->zBody);
  report_text(sec, hide ? REPORT_WITHHELD : r->zAction);
  report_date(sec, r->original);
}

static void outstanding_row(ReportSection *sec, const ReportInput *in, const Rec *r,
                            const RecState *now, const RecState *then) {
  Buf b = BUF_INIT;
  int hide = report_redacts(in, r);
  row_identity(sec, in, r);
  text_revisions(r, in->asAt, &b);
  cell_buf(sec, &b);
  if (now->currentTbc)
    report_text(sec, "TBC");
  else
    report_date(sec, now->currentTarget);
  if (now->overdue)
    report_int(sec, now->months);
  else
    report_null(sec);
  report_text(sec, rec_band_label(in->pol, now));
  report_bases_cells(sec, in, now);
  if (!hide)
    text_update(now->pUpdate, &b);
  else if (now->pUpdate)
    buf_puts(&b, REPORT_WITHHELD);
  cell_buf(sec, &b);
  text_opinion(now->pOpinion, hide, &b);
  cell_buf(sec, &b);
  report_text(sec, r->zOwner);
  report_text(sec, r->zDirector);
  report_text(sec, r->zExecMember);
  report_text(sec, next_action(in, r, now));
  if (now->rung >= 0) buf_puts(&b, in->pol->aRung[now->rung].zAction);
  cell_buf(sec, &b);
  text_flags(in, now, then, &b);
  cell_buf(sec, &b);
  buf_free(&b);
}

/* The outstanding report's columns; with both bases the other basis's follow the
** band (report_bases_cols). */
static const char *const azOutCol[][2] = {{"id", "ID"},
                                          {"audit", "Audit"},
                                          {"ref", "Ref"},
                                          {"risk", "Risk"},
                                          {"recommendation", "Recommendation"},
                                          {"action", "Agreed action"},
                                          {"original_target", "Original target"},
                                          {"revisions", "Revised targets"},
                                          {"current_target", "Current target"},
                                          {"months_overdue", "Months overdue"},
                                          {"band", "Band"},
                                          {"latest_update", "Latest update"},
                                          {"ia_opinion", "Internal audit opinion"},
                                          {"owner", "Owner"},
                                          {"director", "Director"},
                                          {"executive_member", "Executive member"},
                                          {"next_action", "Next action"},
                                          {"escalation", "Escalation"},
                                          {"flags", "Flags"}};

static ReportSection *outstanding_section(Report *rp, const ReportInput *in, const char *zTitle) {
  ReportSection *sec = report_section(rp, zTitle, LAYOUT_RECORDS, 0);
  for (size_t i = 0; i < sizeof azOutCol / sizeof azOutCol[0]; i++) {
    report_section_col(sec, azOutCol[i][0], azOutCol[i][1]);
    if (!strcmp(azOutCol[i][0], "band")) report_bases_cols(sec, in);
  }
  return sec;
}

static Report *build_outstanding(const Snap *s) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  Report *rp = report_new("outstanding", "Outstanding audit recommendations");
  report_common_meta(rp, in, 1);
  Rating *aRat = 0;
  int nRat = report_ratings(s, &aRat);
  /* Group by rating, then band from most overdue to not yet due, then (with
  ** --status closed or all) those closed by the date (c == -1). */
  int wantOpen = in->f.status != SF_CLOSED, wantClosed = in->f.status != SF_OPEN;
  for (int k = 0; k < nRat; k++) {
    for (int c = 1 + p->nBand; c >= (wantClosed ? -1 : 0); c--) {
      if (c >= 0 && !wantOpen) continue;
      ReportSection *sec = 0;
      for (int i = 0; i < in->set->n; i++) {
        const Rec *r = &in->set->a[i];
        const RecState *st = &s->aNow[i];
        if (!s->aKeep[i] || st->open != (c >= 0) || report_rating_of(aRat, nRat, r) != k) continue;
        int bc = report_band_col(&st->by[p->basis]);
        if ((c >= 2 && bc != c) || (c == 1 && bc != 0) || (c == 0 && bc != 1)) continue;
        if (!sec) {
          Buf t = BUF_INIT;
          if (c >= 2)
            buf_appendf(&t, "%s: overdue %s", aRat[k].zLabel, p->aBand[c - 2].zLabel);
          else
            buf_appendf(&t, "%s: %s", aRat[k].zLabel,
                        c == 1   ? "not yet due"
                        : c == 0 ? "no target date"
                                 : "closed");
          sec = outstanding_section(rp, in, buf_cstr(&t));
          buf_free(&t);
        }
        outstanding_row(sec, in, r, st, &s->aThen[i]);
      }
    }
  }
  if (!rp->nSection) {
    ReportSection *sec = outstanding_section(rp, in,
                                             !wantClosed ? "No open recommendations"
                                             : !wantOpen ? "No closed recommendations"
                                                         : "No recommendations");
    report_section_note(sec, wantClosed ? "Nothing matches this selection."
                                        : "Nothing is outstanding for this selection.");
  }
  free(aRat);
  return rp;
}

static Report *build_implemented(const Snap *s) {
  const ReportInput *in = s->in;
  Report *rp = report_new("implemented", "Recommendations implemented in the period");
  report_common_meta(rp, in, 1);
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  if (in->since != DAY_NONE) {
    buf_appendf(&t, "Confirmed implemented after %s, up to %s", day_fmt(in->since, DAY_TEXT, z1),
                day_fmt(in->asAt, DAY_TEXT, z2));
  } else {
    buf_appendf(&t, "Confirmed implemented up to %s", day_fmt(in->asAt, DAY_TEXT, z2));
  }
  ReportSection *sec = report_section(
      rp, buf_cstr(&t), LAYOUT_RECORDS, 11, "id", "ID", "audit", "Audit", "ref", "Ref", "risk",
      "Risk", "recommendation", "Recommendation", "action", "Management response",
      "original_target", "Due date", "implemented_on", "Implemented on", "update", "Update",
      "ia_opinion", "Internal audit opinion", "director", "Director");
  buf_reset(&t);
  int n = 0;
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *st = &s->aNow[i];
    if (!s->aKeep[i] || st->open || st->closure != CLOSED_IMPLEMENTED) continue;
    if (in->since != DAY_NONE && st->closedOn <= in->since) continue;
    int hide = report_redacts(in, r);
    row_identity(sec, in, r);
    report_date(sec, st->closedOn);
    if (hide)
      buf_puts(&t, st->pUpdate ? REPORT_WITHHELD : "");
    else
      text_update(st->pUpdate, &t);
    cell_buf(sec, &t);
    text_opinion(st->pOpinion, hide, &t);
    cell_buf(sec, &t);
    report_text(sec, r->zDirector ? r->zDirector : r->zOwner);
    n++;
  }
  buf_appendf(&t, "%d recommendation%s.", n, n == 1 ? "" : "s");
  report_section_note(sec, buf_cstr(&t));
  buf_free(&t);
  return rp;
}

static void position_text(const ReportInput *in, const RecState *st, int hide, Buf *b) {
  char z[DAY_FMT_MAX];
  if (!st->exists) {
    buf_puts(b, "Not yet made");
    return;
  }
  if (!st->open) {
    buf_appendf(b, "Closed %s (%s)", day_fmt(st->closedOn, DAY_UK, z),
                st->closedBy >= 0 ? status_labels[st->closedBy] : "removal approved by committee");
  } else {
    buf_puts(b, rec_band_label(in->pol, st));
    if (st->overdue) buf_appendf(b, ", %d month%s overdue", st->months, st->months == 1 ? "" : "s");
  }
  if (st->currentTbc)
    buf_puts(b, "; target TBC");
  else if (st->currentTarget != DAY_NONE) {
    buf_appendf(b, "; target %s", day_fmt(st->currentTarget, DAY_UK, z));
  }
  if (st->pUpdate) {
    buf_puts(b, "\n");
    text_update(st->pUpdate, b);
  }
  if (st->pOpinion) {
    buf_puts(b, "\nInternal audit: ");
    text_opinion(st->pOpinion, hide, b);
  }
}

static Report *build_progress(const Snap *s) {
  const ReportInput *in = s->in;
  Report *rp = report_new("progress", "Progress since the previous follow-up");
  report_common_meta(rp, in, 1);
  char z1[DAY_FMT_MAX], z2[DAY_FMT_MAX];
  Buf t = BUF_INIT;
  buf_appendf(&t, "Position at %s beside position at %s", day_fmt(in->since, DAY_TEXT, z1),
              day_fmt(in->asAt, DAY_TEXT, z2));
  ReportSection *sec = report_section(
      rp, buf_cstr(&t), LAYOUT_RECORDS, 8, "id", "ID", "audit", "Audit", "recommendation",
      "Agreed action and risk", "original_target", "Original target", "previous_position",
      "Previous position", "latest_position", "Latest position", "ia_follow_up",
      "Internal audit follow-up", "movement", "Movement");
  buf_reset(&t);
  for (int i = 0; i < in->set->n; i++) {
    const Rec *r = &in->set->a[i];
    const RecState *now = &s->aNow[i], *then = &s->aThen[i];
    if (!s->aKeep[i]) continue;
    /* Open now, or closed during the period. */
    if (!now->open && !(then->exists && then->open)) continue;
    int hide = report_redacts(in, r);
    report_row(sec, ROW_PLAIN);
    report_int(sec, r->id);
    report_text(sec, r->zAuditTitle);
    if (hide)
      buf_puts(&t, REPORT_WITHHELD);
    else {
      if (r->zTitle) buf_appendf(&t, "%s\n", r->zTitle);
      buf_puts(&t, r->zBody);
      if (r->zRiskText) buf_appendf(&t, "\nRisk: %s", r->zRiskText);
    }
    cell_buf(sec, &t);
    report_date(sec, r->original);
    RecState hidden = *then;
    if (hide) hidden.pUpdate = 0;
    position_text(in, &hidden, hide, &t);
    cell_buf(sec, &t);
    hidden = *now;
    if (hide) hidden.pUpdate = 0;
    position_text(in, &hidden, hide, &t);
    cell_buf(sec, &t);
    report_text(sec, next_action(in, r, now));
    if (!then->exists)
      buf_puts(&t, "New");
    else if (then->open && !now->open)
      buf_puts(&t, "Closed in period");
    else if (!then->open && now->open)
      buf_puts(&t, "Reopened");
    else if (now->pUpdate && now->pUpdate != then->pUpdate)
      buf_puts(&t, "Updated");
    else
      buf_puts(&t, "No update");
    cell_buf(sec, &t);
  }
  buf_free(&t);
  return rp;
}

/* The person the escalations report names: the first the rung names, as the
** register writes it (model.h's rung_people), empty or not; NULL when none. */
static const char *rung_person(const Rung *g, const Rec *r) {
  const char *az[RUNG_PEOPLE_MAX];
  return rung_people(g, r, 0, RUNG_AS_WRITTEN, az) ? az[0] : 0;
}

static Report *build_escalations(const Snap *s) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  Report *rp = report_new("escalations", "Escalations under the policy ladder");
  report_common_meta(rp, in, 1);
  Buf t = BUF_INIT;
  for (int g = p->nRung - 1; g >= 0; g--) {
    const Rung *rg = &p->aRung[g];
    buf_appendf(&t, "%d months or more overdue: %s", rg->minMonths, rg->zAction);
    ReportSection *sec =
        report_section(rp, buf_cstr(&t), LAYOUT_GRID, 9, "id", "ID", "audit", "Audit", "ref", "Ref",
                       "risk", "Risk", "due", "Due", "months_overdue", "Months overdue", "who",
                       "Who must act", "person", "Name", "newly_reached", "Newly reached");
    buf_reset(&t);
    int n = 0;
    for (int i = 0; i < in->set->n; i++) {
      const Rec *r = &in->set->a[i];
      const RecState *now = &s->aNow[i], *then = &s->aThen[i];
      if (!s->aKeep[i] || !now->open || now->rung != g) continue;
      report_row(sec, ROW_PLAIN);
      report_int(sec, r->id);
      report_text(sec, r->zAuditTitle);
      report_text(sec, r->zRef);
      report_text(sec, report_risk_name(r));
      report_date(sec, now->due);
      report_int(sec, now->months);
      report_text(sec, rg->zWho);
      report_text(sec, rung_person(rg, r));
      report_bool(sec, in->since != DAY_NONE && !(then->exists && then->open && then->rung >= g));
      n++;
    }
    buf_appendf(&t, "%d recommendation%s at this rung.", n, n == 1 ? "" : "s");
    report_section_note(sec, buf_cstr(&t));
    buf_reset(&t);
  }
  if (!p->nRung) report_section(rp, "The policy has no escalation ladder", LAYOUT_GRID, 0);
  buf_free(&t);
  return rp;
}

static Report *build_followups(const Snap *s) {
  const ReportInput *in = s->in;
  const Policy *p = in->pol;
  Report *rp = report_new("follow-up-audits", "Full follow-up audits of limited and no assurance "
                                              "reports");
  report_common_meta(rp, in, 0);
  Buf t = BUF_INIT;
  buf_appendf(&t, "Due %d to %d months after the final report", p->followUpMin, p->followUpMax);
  ReportSection *sec =
      report_section(rp, buf_cstr(&t), LAYOUT_GRID, 7, "audit_id", "Audit ID", "audit", "Audit",
                     "assurance", "Assurance", "report_date", "Final report", "due_from",
                     "Due from", "due_by", "Due by", "status", "Status");
  buf_free(&t);
  for (int i = 0; i < in->nAudit; i++) {
    const AuditRow *a = &in->aAudit[i];
    if (a->assurance != AS_LIMITED && a->assurance != AS_NO) continue;
    if (a->reportDate == DAY_NONE || a->reportDate > in->asAt) continue;
    if (in->f.zDirectorate &&
        !(a->zDirectorate && !strcasecmp(a->zDirectorate, in->f.zDirectorate)))
      continue;
    Day from = day_add_months(a->reportDate, p->followUpMin);
    Day by = day_add_months(a->reportDate, p->followUpMax);
    const char *zStatus;
    if (a->followUpDone != DAY_NONE && a->followUpDone <= in->asAt)
      zStatus = "Done";
    else if (in->asAt > by)
      zStatus = "Overdue";
    else if (in->asAt >= from)
      zStatus = "Due";
    else
      continue; /* not yet due: not listed */
    report_row(sec, ROW_PLAIN);
    report_int(sec, a->id);
    report_text(sec, a->zTitle);
    report_text(sec, assurance_names[a->assurance]);
    report_date(sec, a->reportDate);
    report_date(sec, from);
    report_date(sec, by);
    report_text(sec, zStatus);
  }
  return rp;
}

/* The kinds built from one snapshot of the register at the report date. */
#define SNAP_KIND(zName, xCall)                                                                    \
  static Report *kind_##zName(const ReportInput *in, Buf *err) {                                   \
    ReportInput tmp;                                                                               \
    Policy pol;                                                                                    \
    Snap s;                                                                                        \
    report_snap_init(&s, report_view(in, &tmp, &pol));                                             \
    Report *rp = xCall;                                                                            \
    (void)err;                                                                                     \
    report_snap_free(&s);                                                                          \
    return rp;                                                                                     \
  }
SNAP_KIND(summary, report_summary_build(&s, err))
SNAP_KIND(outstanding, build_outstanding(&s))
SNAP_KIND(implemented, build_implemented(&s))
SNAP_KIND(progress, build_progress(&s))
SNAP_KIND(escalations, build_escalations(&s))
SNAP_KIND(followups, build_followups(&s))

/* Every report kind, in the order lists and help print them. Trend and pack
** make their own snapshots (many dates, or other reports). */
const ReportKind report_kind_table[] = {
    {"summary", "Summary",
     "Open recommendations by risk and overdue band, directorate and theme, "
     "and the movement since the previous report.",
     0, 0, kind_summary},
    {"outstanding", "Outstanding", "Every open recommendation in full, grouped by risk and band.",
     1, 0, kind_outstanding},
    {"implemented", "Implemented", "Recommendations confirmed implemented in the period.", 1, 0,
     kind_implemented},
    {"progress", "Progress",
     "Each recommendation's position at the previous report beside its "
     "position now.",
     1, 0, kind_progress},
    {"escalations", "Escalations", "Overdue recommendations by rung of the escalation ladder.", 0,
     0, kind_escalations},
    {"follow-up-audits", "Follow-up audits",
     "Full follow-up audits due for limited and no "
     "assurance reports.",
     0, KIND_NEEDS_AUDITS, kind_followups},
    {"trend", "Trend",
     "Open, overdue, implemented and the implementation rates over the last reporting cycles, "
     "by risk rating.",
     0, KIND_NEEDS_CYCLES, report_trend},
    {"pack", "Committee pack",
     "The committee's paper: the parts its pack definition names, in its order and with its "
     "titles.",
     1, KIND_NEEDS_PACK | KIND_NEEDS_CYCLES | KIND_NEEDS_AUDITS, report_pack},
};
_Static_assert(sizeof report_kind_table / sizeof report_kind_table[0] == REPORT_KIND__MAX,
               "one row per report kind");

const ReportKind *report_kind_find(const char *zName) {
  for (int k = 0; k < REPORT_KIND__MAX; k++) {
    if (!strcmp(report_kind_table[k].zName, zName)) return &report_kind_table[k];
  }
  return 0;
}

void report_kind_names(Buf *b, const char *zLastSep) {
  for (int k = 0; k < REPORT_KIND__MAX; k++) {
    if (k) buf_puts(b, k == REPORT_KIND__MAX - 1 ? zLastSep : ", ");
    buf_puts(b, report_kind_table[k].zName);
  }
}

void report_kinds_help(Buf *out) {
  for (int k = 0; k < REPORT_KIND__MAX; k++) {
    buf_appendf(out, "  %-17s %s\n", report_kind_table[k].zName, report_kind_table[k].zAbout);
  }
}

int report_wants_requests(const Policy *p) { return (p->summaryAdds & (1u << SA_EXTENSIONS)) != 0; }

int report_needs_text(const char *zKind) {
  const ReportKind *k = report_kind_find(zKind);
  return !k || k->needsText;
}

Report *report_build(const char *zKind, const ReportInput *in, Buf *err) {
  const ReportKind *k = report_kind_find(zKind);
  if (!k) {
    buf_appendf(err, "unknown report '%s' (one of: ", zKind);
    report_kind_names(err, ", ");
    buf_putc(err, ')');
    return 0;
  }
  return k->xBuild(in, err);
}
