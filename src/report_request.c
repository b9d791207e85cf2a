/*
** report_request.c: the one assembly of a report request for every door (the
** filter from a lookup, the dates and cycles, the trend length) and the one
** cache key. See report_request.h. Not for: reading argv or HTTP, the store,
** or building reports.
*/
#include <stdio.h>
#include <string.h>

#include "report_request.h"

/* The filter's text fields by name, in the order the key writes them. */
static const char *const azFilterName[] = {"risk", "band", "directorate", "theme", "owner"};

static const char **filter_slot(Filter *f, int i) {
  const char **ap[] = {&f->zRisk, &f->zBand, &f->zDirectorate, &f->zTheme, &f->zOwner};
  _Static_assert(sizeof ap / sizeof ap[0] == sizeof azFilterName / sizeof azFilterName[0],
                 "one slot per filter name");
  return ap[i];
}

const char *const bases_names[] = {"one", "both", 0};

int filter_read(Filter *f, ArgLookup x, void *ctx, Buf *err) {
  memset(f, 0, sizeof *f);
  for (int i = 0; i < (int)(sizeof azFilterName / sizeof azFilterName[0]); i++) {
    const char *z = x(ctx, azFilterName[i]);
    if (z && strlen(z) > FILTER_VALUE_MAX) {
      buf_appendf(err, "%s must be %d characters or fewer", azFilterName[i], FILTER_VALUE_MAX);
      return RQ_TOO_LONG;
    }
    *filter_slot(f, i) = z;
  }
  const char *zStatus = x(ctx, "status");
  f->status = SF_OPEN;
  if (zStatus) {
    int k = status_filter_from_name(zStatus);
    if (k < 0) {
      buf_appendf(err, "status must be open, closed or all, not '%s'", zStatus);
      return RQ_BAD_STATUS;
    }
    f->status = (StatusFilter)k;
  }
  const char *zBases = x(ctx, "bases"), *zBy = x(ctx, "band-by");
  if (zBases && strcmp(zBases, "one") && strcmp(zBases, "both")) {
    buf_appendf(err, "bases must be one or both, not '%s'", zBases);
    return RQ_BAD_BASES;
  }
  f->bothBases = zBases && !strcmp(zBases, "both");
  if (zBy && basis_from_name(zBy) < 0) {
    buf_appendf(err, "band-by must be original or current, not '%s'", zBy);
    return RQ_BAD_BASES;
  }
  f->bandBy = zBy ? 1 + basis_from_name(zBy) : 0;
  return RQ_OK;
}

int report_request(ReportInput *in, const ReportAsk *ask, const Cycle *aC, int nC, Buf *err) {
  memset(in, 0, sizeof *in);
  in->f = ask->f;
  in->asAt = ask->asAt;
  in->since = DAY_NONE;
  if (ask->zCycle) {
    const Cycle *c = cycle_find(aC, nC, ask->zCycle);
    if (!c) {
      buf_appendf(err, "there is no reporting cycle named '%s'", ask->zCycle);
      return RQ_NO_CYCLE;
    }
    in->asAt = c->asAt;
  }
  in->since = ask->since != DAY_NONE ? ask->since : cycle_since_default(aC, nC, in->asAt);
  if (in->since >= in->asAt) {
    buf_puts(err, "the previous report date must be before the report date");
    return RQ_SINCE_ORDER;
  }
  int n = ask->nTrendCycles;
  if (n != 0 && (n < TREND_CYCLES_MIN || n > TREND_CYCLES_MAX)) {
    buf_appendf(err, "a trend covers %d to %d cycles, not %d", TREND_CYCLES_MIN, TREND_CYCLES_MAX,
                n);
    return RQ_CYCLES_RANGE;
  }
  in->nTrendCycles = n;
  const Cycle *cur = cycle_on(aC, nC, in->asAt), *was = cycle_on(aC, nC, in->since);
  in->zCycle = cur ? cur->zName : 0;
  in->zPrevCycle = was ? was->zName : 0;
  in->aCycle = aC;
  in->nCycle = nC;
  return RQ_OK;
}

void list_request(ReportInput *in, const RecSet *set, const Policy *pol, Day asAt, const Filter *f,
                  const char *zOrg) {
  memset(in, 0, sizeof *in);
  in->set = set;
  in->pol = pol;
  in->asAt = asAt;
  in->since = DAY_NONE;
  in->f = *f;
  in->zOrg = zOrg;
}

/* A key field: "-" for NULL, else its length, ':' and its bytes; then '|'. */
static void key_str(Buf *k, const char *z) {
  if (!z)
    buf_puts(k, "-|");
  else
    buf_appendf(k, "%zu:%s|", strlen(z), z);
}

static void key_int(Buf *k, long long v) { buf_appendf(k, "%lld|", v); }

void report_key(Buf *k, const ReportKey *x, const ReportInput *in) {
  key_str(k, x->zWhat);
  key_str(k, x->zKind);
  key_str(k, x->zFormat);
  key_str(k, x->zPack);
  key_int(k, x->role);
  key_int(k, x->aPage[0]);
  key_int(k, x->aPage[1]);
  key_int(k, in->asAt);
  key_int(k, in->since);
  key_int(k, (int)in->f.status);
  key_int(k, in->f.includeConfidential);
  key_int(k, in->nTrendCycles);
  key_int(k, in->f.bothBases);
  key_int(k, in->f.bandBy);
  Filter f = in->f;
  for (int i = 0; i < (int)(sizeof azFilterName / sizeof azFilterName[0]); i++) {
    key_str(k, *filter_slot(&f, i));
  }
}
