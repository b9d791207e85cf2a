/*
** model_timeline.c: a recommendation's history as one timeline (rec_timeline),
** each entry's heading worded once for every door (rec_entry_title,
** rec_change_title). Pure, with model.c. Not for: laying entries out (the pages, `rec show`).
*/
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the timeline ---- */

static int time_entry_cmp(const void *pa, const void *pb) {
  const TimeEntry *a = pa, *b = pb;
  if (a->on != b->on) return a->on < b->on ? -1 : 1;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

int rec_timeline(const Rec *r, const TimeEntry *aExtra, int nExtra, Day asAt, TimeEntry **pa) {
  int nAll = 1 + r->nRev + r->nProg + r->nOp + r->nDec + nExtra, n = 0;
  TimeEntry *a = xcalloc((size_t)nAll, sizeof *a);
  a[n++] = (TimeEntry){r->existsFrom, TL_MADE, 0, 0};
  for (int i = 0; i < r->nRev; i++) {
    a[n++] = (TimeEntry){r->aRev[i].on, TL_REVISION, i, r->aRev[i].id};
  }
  for (int i = 0; i < r->nProg; i++) {
    a[n++] = (TimeEntry){r->aProg[i].on, TL_UPDATE, i, r->aProg[i].id};
  }
  for (int i = 0; i < r->nOp; i++) a[n++] = (TimeEntry){r->aOp[i].on, TL_OPINION, i, r->aOp[i].id};
  for (int i = 0; i < r->nDec; i++) {
    a[n++] = (TimeEntry){r->aDec[i].on, TL_DECISION, i, r->aDec[i].id};
  }
  for (int i = 0; i < nExtra; i++) a[n++] = aExtra[i];
  if (asAt != DAY_NONE) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (a[i].on == DAY_NONE || a[i].on <= asAt) a[k++] = a[i];
    }
    n = k;
  }
  if (n > 1) qsort(a, (size_t)n, sizeof *a, time_entry_cmp);
  *pa = a;
  return n;
}

void rec_entry_title(const Rec *r, const TimeEntry *e, DayStyle style, Buf *out) {
  char z[DAY_FMT_MAX];
  switch (e->kind) {
  case TL_MADE: buf_puts(out, "Recommendation made"); break;
  case TL_REVISION: {
    /* From what it was before: the revision before it, else the original. */
    char zFrom[DAY_FMT_MAX];
    Day t = r->aRev[e->idx].target;
    const char *zWas = 0;
    if (e->idx > 0) {
      Day w = r->aRev[e->idx - 1].target;
      zWas = w == DAY_NONE ? "TBC" : day_fmt(w, style, zFrom);
    } else if (r->original != DAY_NONE) {
      zWas = day_fmt(r->original, style, zFrom);
    } else if (r->zOriginalText && r->zOriginalText[0]) {
      zWas = r->zOriginalText;
    }
    const char *zTo = t == DAY_NONE ? "TBC" : day_fmt(t, style, z);
    if (zWas)
      buf_appendf(out, "Target date changed from %s to %s", zWas, zTo);
    else
      buf_appendf(out, "Target date set to %s", zTo);
    break;
  }
  case TL_UPDATE: buf_puts(out, "Update from the service"); break;
  case TL_OPINION:
    buf_appendf(out, "Internal audit opinion: %s", status_labels[r->aOp[e->idx].status]);
    break;
  case TL_DECISION:
    buf_appendf(out, "Committee decision: %s", decision_labels[r->aDec[e->idx].kind]);
    break;
  default: break; /* the caller's own kinds */
  }
}

/* The fields `rec set` changes (act_rec_set's names), as the register's pages
** label them (rec_lines). */
static const char *const azChangeLabel[][2] = {
    {"ref", "Reference"},
    {"title", "Title"},
    {"text", "Recommendation"},
    {"risk-text", "Risk"},
    {"action", "Agreed action"},
    {"owner", "Owner"},
    {"director", "Director"},
    {"exec-member", "Executive member"},
    {"theme", "Theme"},
    {"directorate", "Directorate"},
    {"evidence", "Evidence required to close"},
    {"risk", "Risk rating"},
};

void rec_change_title(const char *zField, const char *zOld, const char *zNew, Buf *out) {
  const char *zLabel = zField && zField[0] ? zField : "A field";
  for (size_t i = 0; zField && i < sizeof azChangeLabel / sizeof azChangeLabel[0]; i++) {
    if (!strcmp(zField, azChangeLabel[i][0])) zLabel = azChangeLabel[i][1];
  }
  int was = zOld && zOld[0], now = zNew && zNew[0];
  if (zField && !strcmp(zField, "confidential")) {
    buf_puts(out, now && !strcmp(zNew, "1") ? "Marked confidential" : "No longer confidential");
  } else if (zField && !strcmp(zField, "risk")) {
    buf_appendf(out, "Risk rating changed to %s", now ? zNew : "none");
  } else if (!was && now) {
    buf_appendf(out, "%s recorded", zLabel);
  } else if (was && !now) {
    buf_appendf(out, "%s removed", zLabel);
  } else {
    buf_appendf(out, "%s changed", zLabel);
  }
}

int rec_lines(const Rec *r, int hide, Buf *risk, RecLine *a) {
  int n = 0;
  if (r->zRiskLabel) buf_appendf(risk, "%s (%s)", r->zRiskLabel, r->zRiskCode ? r->zRiskCode : "");
  for (int place = 1; place <= REC_FIELD__MAX; place++) {
    for (int f = 0; f < REC_FIELD__MAX; f++) {
      if (rec_fields[f].line != place) continue;
      const char *z = rec_field_get(r, (RecFieldId)f);
      if (hide && f == REC_F_BODY) z = "detail withheld (confidential)";
      if (hide && (f == REC_F_RISK_TEXT || f == REC_F_ACTION)) z = 0;
      a[n++] = (RecLine){rec_fields[f].zLabel, z};
      if (f == REC_F_BODY) a[n++] = (RecLine){"Risk rating", buf_cstr(risk)};
    }
  }
  return n;
}
