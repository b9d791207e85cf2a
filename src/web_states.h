/*
** web_states.h: each as-at date's states of every recommendation, per register
** generation, shared by every page that reads them (the list and the API list,
** web_index.c; the dashboard, web_dash.c): computed once per generation and
** date, or carried over from the generation before with only the
** recommendations a write touched computed again.
** Not for: the states themselves (model_state.c, rec_state_at), or the register
** and its generations (web_register.c).
*/
#ifndef AT_WEB_STATES_H
#define AT_WEB_STATES_H

#include "web.h"

#define WEB_AUX_STATES 2 /* web_register_aux's slot (web_index.h has 0, web_dash.h 1) */
#define STATES_DAYS 12   /* as-at dates a generation keeps (the least recently used goes) */

typedef struct DayStates DayStates;

/* The states at day of g's recommendations, g->set->n of them in the register's
** order, with a hold on them for the caller (*ppHold): kept, carried over from
** the generation before's, or computed outside any lock (two readers asking at
** once may both compute; the first is kept). Give the hold back with
** web_states_release; the states live as long as it. */
const RecState *web_states(const Register *g, Day day, DayStates **ppHold);
void web_states_release(DayStates *p);

/* Counts, for the tests: dates' states computed in full, and carried over. */
typedef struct StatesStats {
  long long nFull, nCarried;
} StatesStats;
void web_states_stats(StatesStats *out);

#endif
