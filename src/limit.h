/*
** limit.h: the named limits on what a user may type, shared by the doors (form
** and API field tables, CLI and pack checks) and the actions that enforce them,
** so that a name allowed on one door is allowed on every other.
**
** Values only: each check says in its own message what the limit is. Not for:
** buffer sizes private to one function, nor the report filter's limits (the
** filter declares its own).
*/
#ifndef AT_LIMIT_H
#define AT_LIMIT_H

#define LIMIT_STATED 10000000 /* a figure a committee paper stated (cycle state) */
#define LIMIT_NAME 200        /* characters of a name: person, cycle, directorate, theme, meeting */
#define LIMIT_DATE_TEXT 40    /* characters of a date as typed */
#define LIMIT_TARGET_TEXT 60  /* characters of a target as typed: a date, "TBC (...)" */
#define LIMIT_REF 60          /* characters of an audit's or recommendation's reference */
#define LIMIT_TITLE 300       /* characters of a title */
#define LIMIT_TEXT 20000      /* characters of a long text: a recommendation, an action */
#define LIMIT_EVIDENCE 5000   /* characters of the evidence a recommendation requires to close */
#define LIMIT_COMMENT 10000   /* characters of an update's narrative or an auditor's comment */
#define LIMIT_REASON 4000     /* characters of a reason, a note or a decision as minuted */
#define LIMIT_PASSWORD 1024   /* bytes of a password as typed */

/* A limit as a string literal, for a fixed message: "1 to " LIMIT_STR(LIMIT_NAME). */
#define LIMIT_STR(n) LIMIT_STR_(n)
#define LIMIT_STR_(n) #n

#endif
