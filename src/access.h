/*
** access.h: who may see and change a recommendation, and whose it is. One
** decision for every door (the pages, the API, the register's owner index),
** pure, so that it is tested without HTTP. Not for: what a role may do at all
** (auth.h's capabilities, checked per route) or reading delegations (the
** caller passes a lookup onto the store).
*/
#ifndef AT_ACCESS_H
#define AT_ACCESS_H

#include "auth.h"
#include "model.h"
#include "report_build.h"

typedef enum Access {
  ACC_NONE,     /* may not know it exists: 404 */
  ACC_REDACTED, /* may see that it exists, not its detail (confidential) */
  ACC_READ,
  ACC_UPDATE, /* read, post updates, ask for a date */
  ACC_AUDIT,  /* everything internal audit does */
  ACCESS__MAX
} Access;

/* Is u (an owner account) rec's accountable person (model.h's rec_accountable),
** by u->zOwnerAs in any case? Delegations are not counted here (rec_access
** counts them). */
int rec_owned_by(const User *u, const Rec *rec);

/* Has user userId been delegated recommendation recId? 1 or 0. */
typedef int (*DelegationLookup)(void *ctx, long long recId, long long userId);

/* What u may do with rec. xDelegated is asked only for an owner account that
** is not rec's accountable person. */
Access rec_access(const User *u, const Rec *rec, DelegationLookup xDelegated, void *ctx);

/* The report filter u's role imposes: a director sees their directorate only;
** every role but the committee sees the detail of the confidential
** recommendations it may see (rec_access's rule), owners included, whose view is
** cut to their own recommendations elsewhere. */
void role_filter(const User *u, Filter *f);

#endif
