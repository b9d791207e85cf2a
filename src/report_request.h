/*
** report_request.h: the read model's one way to ask for a report or a listing,
** whichever door asks. The filter is read from a name->value lookup with one
** set of limits; the report's dates, cycles and trend length are resolved by one
** rule; and one cache key tells every distinct view apart. The CLI (argv), the
** pages (query and form) and the API (query) only translate their input into
** these arguments, so they cannot disagree on a date or share a cached view.
** Not for: reading argv or HTTP (the doors), loading from the store, or
** building the report (report_build.h).
*/
#ifndef AT_REPORT_REQUEST_H
#define AT_REPORT_REQUEST_H

#include "buf.h"
#include "report_build.h"

/* The longest filter value (risk, band, directorate, theme, owner) any door
** accepts, in bytes; the route tables' fields use it too. */
#define FILTER_VALUE_MAX 200

/* The request's errors, so that each door words them its own way. */
enum {
  RQ_OK = 0,
  RQ_BAD_STATUS,   /* status is not open, closed or all */
  RQ_TOO_LONG,     /* a filter value is longer than FILTER_VALUE_MAX */
  RQ_NO_CYCLE,     /* no reporting cycle of the name given */
  RQ_SINCE_ORDER,  /* the previous report date is not before the report date */
  RQ_CYCLES_RANGE, /* the trend's number of cycles is not 0 or 2..24 */
  RQ_BAD_BASES     /* bases is not one or both, or band-by not original or current */
};

/* The values of "bases": one (the default) or both. band-by takes model.h's basis_names. */
extern const char *const bases_names[]; /* "one", "both", NULL */

/* A door's input by name ("risk", "status" ...): the value, or NULL when not
** given. The door decides whether an empty value counts as given. */
typedef const char *(*ArgLookup)(void *ctx, const char *zName);

/* Fill f's risk, band, directorate, theme, owner and status (default open)
** from x, and how lateness is shown: "bases" (one, the default, or both) and
** "band-by" (original or current; default the policy's basis).
** includeConfidential and the reader's limits are left to the caller.
** Returns RQ_OK, or RQ_BAD_STATUS / RQ_TOO_LONG / RQ_BAD_BASES with a message
** naming the field in err. The strings are x's, not copied. */
int filter_read(Filter *f, ArgLookup x, void *ctx, Buf *err);

/* What a door asks of a report, translated from its own input. */
typedef struct ReportAsk {
  Day asAt;           /* the report date (the door's default: today) */
  Day since;          /* DAY_NONE: the cycle before the report date, else 3 months before */
  const char *zCycle; /* a cycle's name, which sets the report date; or NULL */
  int nTrendCycles;   /* 0: the trend's default */
  Filter f;           /* with the reader's limits applied */
} ReportAsk;

/* Assemble *in from ask and the cycles aC[0..nC) (oldest first; in points into
** them): the report date (the cycle's, if one is named), the previous report
** date by model.h's cycle_since_default, the names of the cycles on both dates,
** the trend length and the filter. The register, policy, organisation, audits
** and pack are the caller's to add. Returns RQ_OK or a code with a message in
** err; *in is then zeroed but for what was resolved. */
int report_request(ReportInput *in, const ReportAsk *ask, const Cycle *aC, int nC, Buf *err);

/* Assemble *in for a listing of the register (`rec list`, the /recs pages' downloads,
** the API's /api/v1/recs, `export`): the recommendations set under policy pol as
** at asAt, filtered by f, with no previous report date; zOrg (or NULL) names the
** organisation in the listing's heading. in points into set, pol, f's strings and
** zOrg. Every door lists through here, so a listing cannot miss a field that a
** report request sets. */
void list_request(ReportInput *in, const RecSet *set, const Policy *pol, Day asAt, const Filter *f,
                  const char *zOrg);

/* What, besides the request, tells one cached rendering from another. */
typedef struct ReportKey {
  const char *zWhat;   /* the cache's own name: "dashboard", "report", "api/recs" ... */
  const char *zKind;   /* the report kind, or NULL */
  const char *zFormat; /* the format, or NULL */
  const char *zPack;   /* the pack asked for by name, or NULL */
  int role;            /* the reader's role: views differ by role even when filters agree */
  long long aPage[2];  /* a listing's page size and position, else 0 */
} ReportKey;

/* Append the one cache key of every cache to k: every field of x and of the
** request (dates, status, confidentiality, each filter value, trend length),
** each length-prefixed and NULL written apart from "", so that distinct views
** never share a key and no value can forge a field boundary. */
void report_key(Buf *k, const ReportKey *x, const ReportInput *in);

#endif
