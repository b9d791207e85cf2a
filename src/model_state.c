/*
** model_state.c: the as-at engine. rec_state_at() is the only place that decides
** whether a recommendation is open, overdue (by the policy's basis and by the
** other one beside it), in which band and at which escalation rung;
** rec_exists_at() whether it had been made by then, rec_exists_from() from when,
** rung_people() who a rung names. Pure, with model.c (which holds the policy it
** reads). Not for: the policy's text form (model.c), SQL or output.
*/
#include "model.h"

#include <string.h>
#include <strings.h>

int rung_people(const Rung *g, const Rec *r, const char *zHead, RungAsk how, const char **az) {
  int reach = how == RUNG_TO_REACH;
  const char *azCand[RUNG_PEOPLE_MAX] = {0, 0, 0, 0};
  /* "executive director" names both the executive member and the director. */
  if (strcasestr(g->zWho, "exec")) azCand[0] = r->zExecMember;
  if (strcasestr(g->zWho, "director")) azCand[1] = r->zDirector;
  if (strcasestr(g->zWho, "owner")) azCand[2] = reach ? rec_accountable(r) : r->zOwner;
  if (reach && strcasestr(g->zWho, "internal audit")) azCand[3] = zHead;
  int n = 0;
  for (int i = 0; i < RUNG_PEOPLE_MAX; i++) {
    const char *z = azCand[i];
    if (!z || (reach && !z[0])) continue;
    int dup = 0;
    for (int j = 0; reach && j < n; j++) dup |= !strcasecmp(az[j], z);
    if (!dup) az[n++] = z;
  }
  return n;
}

int rec_exists_at(const Rec *r, Day asAt) {
  return r->existsFrom == DAY_NONE || r->existsFrom <= asAt;
}

Day rec_exists_from(Day auditDate, Day earliest, Day recorded) {
  Day d = auditDate != DAY_NONE ? auditDate : recorded;
  return earliest != DAY_NONE && earliest < d ? earliest : d;
}

int rec_outside(const Rec *r, const Policy *p) {
  return p->populationFrom != DAY_NONE && r->existsFrom != DAY_NONE &&
         r->existsFrom < p->populationFrom;
}

void rec_state_made(const Rec *r, const Policy *p, Day asAt, RecState *st) {
  Policy all = *p;
  all.populationFrom = DAY_NONE;
  rec_state_at(r, &all, asAt, st);
}

const char *const basis_words[] = {"original", "current agreed"};
const char *const basis_names[] = {"original", "current", 0};
_Static_assert(sizeof basis_words / sizeof basis_words[0] == BASIS__MAX, "basis words");
_Static_assert(sizeof basis_names / sizeof basis_names[0] == BASIS__MAX + 1, "basis names");

int basis_from_name(const char *z) {
  for (int b = 0; z && b < BASIS__MAX; b++) {
    if (!strcmp(z, basis_names[b])) return b;
  }
  return -1;
}

/* Lateness from due as at asAt under p's month rule, due-day rule and bands. */
static void basis_state(const Policy *p, Day due, int open, Day asAt, BasisState *b) {
  b->due = due;
  b->overdue = b->months = 0;
  b->band = -1;
  if (!open || due == DAY_NONE || !(asAt > due || (p->dueDayOverdue && asAt == due))) return;
  b->overdue = 1;
  b->months = day_months_between(due, asAt, p->rule);
  if (b->months < 0) b->months = 0;
  for (int i = 0; i < p->nBand; i++) {
    if (b->months >= p->aBand[i].minMonths) b->band = i;
  }
}

void rec_state_at(const Rec *r, const Policy *p, Day asAt, RecState *st) {
  memset(st, 0, sizeof *st);
  st->band = st->rung = -1;
  st->closedBy = -1;
  st->currentTarget = st->due = st->closedOn = DAY_NONE;
  for (int b = 0; b < BASIS__MAX; b++) st->by[b] = (BasisState){DAY_NONE, 0, 0, -1};
  st->outside = rec_outside(r, p);
  if (st->outside || !rec_exists_at(r, asAt)) return;
  st->exists = 1;

  /* Targets: the original, then every revision agreed by the as-at date. */
  Day current = r->original, lastDated = r->original;
  int tbc = r->original == DAY_NONE && r->zOriginalText && r->zOriginalText[0];
  for (int i = 0; i < r->nRev && r->aRev[i].on <= asAt; i++) {
    current = r->aRev[i].target;
    tbc = current == DAY_NONE;
    if (current != DAY_NONE) lastDated = current;
    st->revisions++;
  }
  st->currentTarget = current;
  st->currentTbc = tbc;

  /* Open or closed: opinions and committee removals in date order. */
  st->open = 1;
  int iOp = 0, iDec = 0;
  while (iOp < r->nOp || iDec < r->nDec) {
    int takeOp = iDec >= r->nDec || (iOp < r->nOp && r->aOp[iOp].on <= r->aDec[iDec].on);
    Day on = takeOp ? r->aOp[iOp].on : r->aDec[iDec].on;
    if (on > asAt) break;
    if (takeOp) {
      const Opinion *o = &r->aOp[iOp++];
      st->pOpinion = o;
      if (status_closes(o->status)) {
        if (st->open) st->closedOn = o->on;
        st->open = 0;
        st->closure = o->status == ST_IMPLEMENTED ? CLOSED_IMPLEMENTED : CLOSED_REMOVED;
        st->closedBy = (int)o->status;
      } else if (!st->open) {
        st->open = 1;
        st->reopened++;
        st->closure = CLOSED_NOT;
        st->closedOn = DAY_NONE;
        st->closedBy = -1;
      }
    } else {
      const Decision *d = &r->aDec[iDec++];
      st->pDecision = d;
      if (d->kind == DEC_REMOVAL_APPROVED && st->open) {
        st->open = 0;
        st->closure = CLOSED_REMOVED;
        st->closedOn = d->on;
        st->closedBy = -1;
      }
    }
  }
  st->percent = -1;
  for (int i = 0; i < r->nProg && r->aProg[i].on <= asAt; i++) {
    st->pUpdate = &r->aProg[i];
    if (r->aProg[i].percent >= 0) st->percent = r->aProg[i].percent;
  }

  /* Each basis from its own target: the original (when it was dated), else the
  ** last dated one; the policy's basis is the state's own due, overdue and band. */
  for (int b = 0; b < BASIS__MAX; b++) {
    Day due = b == BASIS_ORIGINAL && r->original != DAY_NONE ? r->original : lastDated;
    basis_state(p, due, st->open, asAt, &st->by[b]);
  }
  const BasisState *own = &st->by[p->basis];
  st->due = own->due;
  if (!st->open) return;
  if (own->overdue) {
    st->overdue = 1;
    st->months = own->months;
    st->band = own->band;
    for (int i = 0; i < p->nRung; i++) {
      if (st->months >= p->aRung[i].minMonths) st->rung = i;
    }
    st->rag = st->months >= p->ragRedMonths ? RAG_RED : RAG_AMBER;
  } else if (st->due != DAY_NONE && st->due - asAt <= p->ragAmberDays) {
    st->rag = RAG_AMBER;
  } else {
    st->rag = RAG_GREEN;
  }
  if (p->ragByPercent && st->percent >= 0) {
    st->rag = st->percent >= p->ragGreenPct   ? RAG_GREEN
              : st->percent >= p->ragAmberPct ? RAG_AMBER
                                              : RAG_RED;
  }
  /* Past due with too little done: red, whatever the rule; none reported counts as 0%. */
  if (st->overdue && (st->percent < 0 ? 0 : st->percent) < p->ragRedUnder) st->rag = RAG_RED;
}

int rec_met_by(const Rec *r, const Policy *p, Day target) {
  RecState st;
  rec_state_at(r, p, target, &st);
  if (!st.exists) return -1;
  if (st.open) return 0;
  return st.closure == CLOSED_IMPLEMENTED ? 1 : -1;
}

Day rec_target_in(const Rec *r, const Policy *p, Day from, Day to) {
  Day best = DAY_NONE;
  for (int j = -1; j < r->nRev; j++) {
    Day d = j < 0 ? r->original : r->aRev[j].target;
    if (d == DAY_NONE || (from != DAY_NONE && d <= from) || d > to) continue;
    if (best != DAY_NONE && d <= best) continue;
    RecState st;
    rec_state_at(r, p, d, &st);
    if (st.exists && !st.currentTbc && st.currentTarget == d) best = d;
  }
  return best;
}

const char *rec_band_label(const Policy *p, const RecState *st) {
  if (st->outside) return "Outside the follow-up population";
  if (!st->exists) return "Not yet made";
  if (!st->open) return "Closed";
  if (st->overdue) return p->aBand[st->band].zLabel;
  if (st->due == DAY_NONE) return "No target date";
  return "Not yet due";
}
