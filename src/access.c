/*
** access.c: who may see and change a recommendation (access.h). Not for:
** capabilities per route (auth.c) or delegations' storage (store_work.c).
*/
#include <strings.h>

#include "access.h"

int rec_owned_by(const User *u, const Rec *rec) {
  const char *zWho = rec_accountable(rec);
  return zWho && u->zOwnerAs[0] && !strcasecmp(zWho, u->zOwnerAs);
}

/* Does this role see a confidential recommendation's detail, wherever it may
** see the recommendation at all? Every role but the committee, which sees every
** recommendation and the confidential ones only as existing. */
static int sees_confidential(Role role) { return role != ROLE_COMMITTEE; }

Access rec_access(const User *u, const Rec *rec, DelegationLookup xDelegated, void *ctx) {
  switch (u->role) {
  case ROLE_ADMIN:
  case ROLE_AUDITOR: return ACC_AUDIT;
  case ROLE_COMMITTEE:
    return rec->confidential && !sees_confidential(u->role) ? ACC_REDACTED : ACC_READ;
  case ROLE_DIRECTOR:
    if (rec->zDirectorate && u->zDirectorate[0] && !strcasecmp(rec->zDirectorate, u->zDirectorate))
      return ACC_UPDATE;
    return ACC_NONE;
  case ROLE_OWNER:
    if (rec_owned_by(u, rec)) return ACC_UPDATE;
    return xDelegated && xDelegated(ctx, rec->id, u->id) ? ACC_UPDATE : ACC_NONE;
  default: return ACC_NONE;
  }
}

void role_filter(const User *u, Filter *f) {
  if (u->role == ROLE_DIRECTOR) f->zDirectorate = u->zDirectorate;
  f->includeConfidential = u->role < ROLE__MAX && sees_confidential(u->role);
}
