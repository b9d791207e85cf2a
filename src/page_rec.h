/*
** page_rec.h: what the pages of one recommendation share among themselves
** (page_rec.c, page_rec_act.c, page_review.c): the page shown again after a
** refused form, and the small pieces of HTML the review queue repeats.
** Not for: any other door; web.c reaches these files only through their route
** tables (web.h).
*/
#ifndef PAGE_REC_H
#define PAGE_REC_H

#include "store.h"
#include "web.h"

/* Most evidence files one update may carry. */
#define MAX_FILES 3

/* Render the page of the route's recommendation (r->rec, r->acc: the route
** table's need has admitted the viewer) into r. Keeps r->status (a re-shown
** form's 422 or 409). */
void page_rec_show(Req *r);
/* A form on the page failed the door's checks: the page again, with the errors. */
int page_rec_invalid(Req *r);

/* May the user delegate this recommendation? Internal audit, or its director. */
int page_rec_may_delegate(const Req *r, Access acc);

/* One row of a GOV.UK summary list. */
void page_rec_row(Buf *b, const char *zKey, const char *zValue);
/* The current target as text: "TBC", "None", or the date written into z. */
const char *page_rec_target_text(const RecState *st, char *z);
/* Links to the evidence files of update progressId. */
void page_rec_evidence_links(Buf *b, const Evidence *aEv, int nEv, long long progressId);
/* Day of a "YYYY-MM-DD..." timestamp, or DAY_NONE. */
Day page_rec_stamp_day(const char *z);

/* The history of x as at asAt into b (page_rec_history.c): in words, newest
** first, each action once; with audit (internal audit's view) the journal's
** entries with their detail too, collapsed. Says so in b when the store cannot
** be read. */
void page_rec_history(Req *r, Buf *b, const Rec *x, Day asAt, int audit);
/* What waits for internal audit on x (its latest update and date request), or
** what internal audit sent back with its note, as lines for the top of the
** page; nothing when neither. */
void page_rec_waiting(Req *r, Buf *b, const Rec *x);

/* Answer an act_* result: on ACT_OK the notice and on to zUrl; a refusal
** (ACT_INVALID 422, ACT_CONFLICT 409) shows the page again through xShow with
** the reason beside zField, writing nothing; ACT_NOT_FOUND is a 404 with the
** reason, anything else a 500 saying zFail. Frees err. */
int page_rec_answer_with(Req *r, int rc, Buf *err, const char *zField, const char *zUrl,
                         const char *zNotice, void (*xShow)(Req *), const char *zFail);
/* The text field zName, or 0 when missing or only blanks. */
const char *page_rec_text_arg(const Req *r, const char *zName);

#endif
