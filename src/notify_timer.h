/*
** notify_timer.h: the daily notification run inside `auditrack serve`: a thread
** that, once the configured hour of the day has come, runs notify_run() as at
** today (once per day: the run is recorded in the database, so a restart does not
** repeat it) and every few minutes sends queued messages whose back-off is over.
** It does nothing until the notification settings name a sender and an SMTP server.
** Not for: the run itself (notify_run.c) or the HTTP server (http.c).
*/
#ifndef AT_NOTIFY_TIMER_H
#define AT_NOTIFY_TIMER_H

#include "date.h"

typedef struct NotifyTimer NotifyTimer;
/* Start the thread on its own connection to the database at zDbPath. Each run reads
** today from the clock, or takes today (a testing aid) unless it is DAY_NONE; the hour
** of the day always comes from the clock. Never NULL; messages go to standard error. */
NotifyTimer *notify_timer_start(const char *zDbPath, Day today);
/* Wake the thread to send the queued messages that are due now (an invitation, a
** password reset: the person is waiting for it), rather than at the next sweep.
** Does nothing with t NULL. */
void notify_timer_kick(NotifyTimer *t);
/* Stop the thread (waiting for a run in progress to end) and free t. */
void notify_timer_stop(NotifyTimer *t);

#endif
