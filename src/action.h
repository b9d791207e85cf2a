/*
** action.h: every change to the register, as the domain allows it, shared by
** the command line and the web application.
**
** Each act_* function checks the change against the recommendation's state
** (as the as-at engine sees it on the change's date), then writes it in one
** transaction with one journal entry, or writes nothing. Front doors parse and
** validate the shape of their input (dates, numbers, lengths); these functions
** decide whether the change makes sense. Not for: parsing argv or forms, SQL
** (store*.c), or who may do it (the front doors' capability checks).
**
** Every function returns an ActRc; on anything but ACT_OK, err holds one
** sentence for the person who asked ("recommendation 5 is already closed").
*/
#ifndef AT_ACTION_H
#define AT_ACTION_H

#include "buf.h"
#include "db.h"
#include "model.h"
#include "store.h"

typedef enum ActRc {
  ACT_OK = 0,
  ACT_INVALID,   /* the input is wrong: a missing field, a bad value */
  ACT_NOT_FOUND, /* no such recommendation, audit or submission */
  ACT_CONFLICT,  /* the state forbids it: closed, already reviewed, evidence missing */
  ACT_ERROR,     /* the database failed */
  ACT_RC__MAX
} ActRc;

/* Who is acting: the name the journal records and, from the web, the account. */
typedef struct Actor {
  const char *zName;
  long long userId; /* 0 from the command line */
} Actor;

int act_audit_add(Db *db, const Actor *who, const AuditIn *in, long long *pId, Buf *err) AT_MUST;
/* Change one audit field (see store_audit_set); date and assurance are checked. */
int act_audit_set(Db *db, const Actor *who, long long id, const char *zField, const char *zValue,
                  Buf *err) AT_MUST;
int act_audit_follow_up_done(Db *db, const Actor *who, long long id, Day on, Buf *err) AT_MUST;

/* Add a recommendation from r's register fields; zRisk is a rating code or label
** (NULL: not rated). existsFrom DAY_NONE means model.h's rec_exists_from: from
** the audit's date, else today, and no later than the original target. */
int act_rec_add(Db *db, const Actor *who, Rec *r, const char *zRisk, Day today, long long *pId,
                Buf *err) AT_MUST;
/* Change one field (see store_rec_set), or "risk" to a rating code or label
** (action_edit.c). The journal's rec.set entry holds the field, its old value
** and its new one (for "risk", each rating as "Label (CODE)"). Setting a field to
** the value it has writes nothing and is ACT_OK. */
int act_rec_set(Db *db, const Actor *who, long long id, const char *zField, const char *zValue,
                Buf *err) AT_MUST;
/* Change n fields of recommendation id (azField as act_rec_set names them, to
** azValue) in one transaction, each journalled as its own rec.set: all or
** nothing. aChanged (may be NULL) says which of them changed the register (a
** value the field already had writes nothing). On ACT_INVALID, *pBad (may be
** NULL) is the index of the field refused, and err says why. */
int act_rec_edit(Db *db, const Actor *who, long long id, int n, const char *const *azField,
                 const char *const *azValue, int *aChanged, int *pBad, Buf *err) AT_MUST;

/* The evidence store's limits, in bytes (0: none): what the files attributed to
** one account may take, and what every file together may. */
typedef struct EvidenceQuota {
  long long userBytes, totalBytes;
} EvidenceQuota;
/* Would the nFile files who uploads keep the evidence store within q? Counted
** from the evidence rows, each distinct file (by digest) once: a file who has
** attached before adds nothing to who's use, one stored for anyone nothing to
** the total. ACT_OK, or ACT_INVALID with a sentence naming the limit, what is
** used and what the files need; ACT_ERROR if the rows cannot be read. Checked
** before the files are written, and again inside act_rec_update's transaction. */
int act_evidence_fits(Db *db, const Actor *who, int nFile, const EvidenceFile *aFile,
                      const EvidenceQuota *q, Buf *err) AT_MUST;

/* Record what the service reports. With submit, the update also waits in internal
** audit's review queue; files (nFile of them, stored already) are attached to it,
** refused (writing nothing) when they would pass quota q (NULL: no limits). A
** submitted update is the service's word: it may claim only what
** status_service_may_claim allows (ACT_INVALID naming the status otherwise). */
int act_rec_update(Db *db, const Actor *who, long long recId, const Progress *u, int submit,
                   int nFile, const EvidenceFile *aFile, const EvidenceQuota *q,
                   long long *pProgressId, Buf *err) AT_MUST;
/* Agree a new target (or TBC: v->target DAY_NONE). */
int act_rec_revise(Db *db, const Actor *who, long long recId, const Revision *v, Buf *err) AT_MUST;
/* An owner asks for a new target date; it waits for internal audit's decision. */
int act_rec_request_date(Db *db, const Actor *who, long long recId, Day on, Day target,
                         const char *zTargetText, const char *zReason, Buf *err) AT_MUST;
/* Record internal audit's opinion. A closing opinion needs the recommendation
** open; "implemented" closes it, so it needs o->zText to say what evidence was
** seen (ACT_CONFLICT when the recommendation requires evidence, else
** ACT_INVALID); "risk accepted" needs o->zAcceptedBy. */
int act_rec_review(Db *db, const Actor *who, long long recId, const Opinion *o, Buf *err) AT_MUST;
/* Close as implemented. zEvidence, what internal audit saw, is always required:
** ACT_INVALID without it (ACT_CONFLICT, naming what is asked for, when the
** recommendation requires evidence). zText may be NULL. Imports record closures
** from a tracker and do not come here. */
int act_rec_close(Db *db, const Actor *who, long long recId, Day on, const char *zText,
                  const char *zEvidence, Buf *err) AT_MUST;
int act_rec_reopen(Db *db, const Actor *who, long long recId, Day on, const char *zReason,
                   Buf *err) AT_MUST;
/* A committee decision; an extension granted also agrees its new target
** (zTarget as written, parsed into target; DAY_NONE for TBC). */
int act_decision_add(Db *db, const Actor *who, long long recId, const Decision *d,
                     const char *zTarget, Day target, Buf *err) AT_MUST;

/* Reporting cycles: a named committee date, and optionally the date owners'
** updates are due by (no later than the committee date). Names and dates are
** unique: a clash is ACT_CONFLICT. */
int act_cycle_add(Db *db, const Actor *who, const char *zName, Day asAt, Day deadline,
                  long long *pId, Buf *err) AT_MUST;
int act_cycle_remove(Db *db, const Actor *who, const char *zName, Buf *err) AT_MUST;
/* Record a figure the paper of cycle zCycle stated: zKind is open, overdue,
** not_yet_due or implemented; zRisk a rating ("" or NULL: all), zBand an overdue
** band (overdue only). value < 0 removes the figure (ACT_NOT_FOUND when there is
** none). Journalled as cycle.state or cycle.unstate with the old value. */
int act_cycle_state(Db *db, const Actor *who, const char *zCycle, const char *zKind,
                    const char *zRisk, const char *zBand, long long value, Buf *err) AT_MUST;
/* The head of audit's words for reporting cycle zCycle (action_text.c): part zPart (letters,
** digits, '-', '_') of the pack, or with zAudit (an audit's id or reference; NULL: none)
** the commentary on that audit, set to zText (checked as the pack's markup with its
** placeholders: ACT_INVALID with "line L, column C: ...") or removed (an audit by its id,
** reference or title: act_audit_find); journalled as
** cycle.text or cycle.text-remove. ACT_NOT_FOUND for no such cycle, audit or text. */
int act_cycle_text_set(Db *db, const Actor *who, const char *zCycle, const char *zAudit,
                       const char *zPart, const char *zText, Buf *err) AT_MUST;
int act_cycle_text_remove(Db *db, const Actor *who, const char *zCycle, const char *zAudit,
                          const char *zPart, Buf *err) AT_MUST;
/* The audit whose id, reference or title (any case) is zAudit into *pId and, when pzName is not
** NULL, its title into *pzName (heap): ACT_NOT_FOUND when none, ACT_INVALID when several
** audits share the reference. */
int act_audit_find(Db *db, const char *zAudit, long long *pId, char **pzName, Buf *err) AT_MUST;

/* Store committee pack definition zText as zName (replacing one of that name),
** after checking all of it: its syntax, its report kinds, and its bands and
** risks against the policy and the risk scales. ACT_INVALID with "line N: ..."
** when it is wrong. */
int act_pack_set(Db *db, const Actor *who, const char *zName, const char *zText, Buf *err) AT_MUST;
/* Remove the stored pack zName (any case); a built-in pack of that name shows again.
** ACT_NOT_FOUND when none is stored; ACT_CONFLICT when it is the policy's pack and no
** built-in one has its name (choose another pack first). Journal: pack.remove, with
** the definition removed. */
int act_pack_remove(Db *db, const Actor *who, const char *zName, Buf *err) AT_MUST;

/* Internal audit's answer to a submission: an update is accepted or rejected; a
** date request approved (a revision agreed by the reviewer) or refused. zNote
** is the reviewer's reason, required to reject or refuse. */
typedef enum SubVerdict {
  SUB_ACCEPT,
  SUB_REJECT,
  SUB_APPROVE,
  SUB_REFUSE,
  SUB_VERDICT__MAX
} SubVerdict;
extern const char *const sub_verdict_names[]; /* SUB_VERDICT__MAX + 1: "accept" ..., NULL */
int act_submission_decide(Db *db, const Actor *who, long long subId, SubVerdict v, Day on,
                          const char *zNote, long long *pRecId, Buf *err) AT_MUST;
/* Accept the n updates aSub (the same one given twice is accepted once) in one
** transaction, each journalled as its own decision: all or nothing. On a refusal
** *pBad is the index in aSub of the update refused (-1 when none is to blame),
** and err says why (action_review.c). */
int act_submissions_accept(Db *db, const Actor *who, int n, const long long *aSub, Day on,
                           int *pBad, Buf *err) AT_MUST;
/* Accept update subId and, in the same transaction, record internal audit's
** opinion o on its recommendation (as act_rec_review), or with close, close it
** as implemented on o->on with o->zText as the comment and zEvidence as the
** evidence seen (as act_rec_close): both or neither, each journalled. */
int act_submission_accept_and(Db *db, const Actor *who, long long subId, const Opinion *o,
                              const char *zEvidence, int close, long long *pRecId,
                              Buf *err) AT_MUST;

/* Add a risk scale whose n ratings are given most severe first; zSpec is the
** text they were given as, for the journal. */
int act_scale_add(Db *db, const Actor *who, const char *zName, const char *zDesc, const char *zSpec,
                  int n, const char *const *azCode, const char *const *azLabel,
                  const char *const *azDef, Buf *err) AT_MUST;

/* Add a risk scale from zSpec, its ratings most severe first as
** "CODE:LABEL[:DEFINITION]" separated by semicolons or lines (at most 12, each
** code once): ACT_INVALID saying what is wrong with the ratings, ACT_CONFLICT
** when a scale of that name (any case) exists; *pnRating says how many ratings
** it was given. For `scale add` and the settings page alike. */
int act_scale_add_spec(Db *db, const Actor *who, const char *zName, const char *zDesc,
                       const char *zSpec, int *pnRating, Buf *err) AT_MUST;

/* People's e-mails (store_notify.h). Set zName's address (zEmail "" removes it),
** checked as mail_addr_valid() does: ACT_INVALID with the reason when it is not an
** address. zSource says where it came from ("cli", "web"). Journal: person.set. */
int act_person_set(Db *db, const Actor *who, const char *zName, const char *zEmail,
                   const char *zSource, Buf *err) AT_MUST;
/* Stop (stop 1) or resume a person's e-mails; stopping cancels their queued
** messages and notices, *pnCancelled (may be NULL) says how many messages.
** Journal: person.stop or person.resume. */
int act_person_stop(Db *db, const Actor *who, const char *zName, int stop, const char *zSource,
                    int *pnCancelled, Buf *err) AT_MUST;
/* Make queued message id (0: every queued one) due at the next run; *pn (may be
** NULL) says how many. ACT_NOT_FOUND when id is not a queued message. Journal:
** outbox.retry. */
int act_outbox_retry(Db *db, const Actor *who, long long id, int *pn, Buf *err) AT_MUST;
/* Release message id, held as 'unknown' (a run died while sending it: it may have
** been sent), to be sent at the next run: the administrator has judged that it was
** not delivered. ACT_NOT_FOUND when id is not held. Journal: outbox.release. */
int act_outbox_release(Db *db, const Actor *who, long long id, Buf *err) AT_MUST;

/* The end of every change: in the transaction the caller began (db_begin), when
** rc is 0 append the journal entry (who did zAction to zEntity id, with
** zDetailJson, a JSON object; NULL or "" for {}) and commit. When rc is not 0,
** or the journal or the commit fails, roll back and return ACT_ERROR with err
** saying why (the database's message unless err already holds one); else
** ACT_OK. For action.c and the other writers of the register (auth.c). */
int act_finish(Db *db, int rc, const Actor *who, const char *zAction, const char *zEntity,
               long long id, const char *zDetailJson, Buf *err) AT_MUST;

/* For a change made of several journalled changes in one transaction (several
** fields, several decisions), begun with act_begin: append one entry for all but
** the last, which act_finish appends as it commits. ACT_OK, or ACT_ERROR with
** err saying why (the caller then abandons the transaction: act_abandon). */
int act_journal(Db *db, const Actor *who, const char *zAction, const char *zEntity, long long id,
                const char *zDetailJson, Buf *err) AT_MUST;

/* Parse a target as typed: a day, a month, a season, or TBC (*pDay DAY_NONE).
** Returns 0, or 1 with the reason in err. */
int act_parse_target(const char *z, Day *pDay, Buf *err) AT_MUST;

/* ---- the database's own settings (the CLI's today; a web settings page could
** call the same) ---- */

/* Install the risk scales and, when zOrg is given, the organisation's name in a
** database db_open has just created. ACT_CONFLICT when it has been initialised.
** Journal: init. */
int act_init(Db *db, const Actor *who, const char *zOrg, Buf *err) AT_MUST;
/* Set policy key zKey to zValue as policy_set() parses it; the normalised value
** stored goes to pValue (reset first). ACT_INVALID with "policy KEY: why".
** Journal: policy.set. */
int act_policy_set(Db *db, const Actor *who, const char *zKey, const char *zValue, Buf *pValue,
                   Buf *err) AT_MUST;
/* Keep the column map zText (docs/import.md's syntax) for trackers whose headings
** have signature zSig (ImportColumns.zSig: 64 hex digits), in place of any kept
** before: the import page pre-fills from it. Journalled as import.map (the same
** text kept already: nothing done). 0, or
** ACT_INVALID for a signature that is not one (nothing written). */
int act_import_map_save(Db *db, const Actor *who, const char *zSig, const char *zText,
                        Buf *err) AT_MUST;
/* The key the map for signature zSig is kept under, into z (at least 80 bytes). */
void import_map_key(const char *zSig, char *z, size_t n);
/* Set notification setting zKey ("" clears it), checked by notify_setting_check.
** Journal: notify.set. */
int act_notify_setting_set(Db *db, const Actor *who, const char *zKey, const char *zValue,
                           Buf *err) AT_MUST;
/* Store the organisation's template zName from the nText bytes at zText, or go
** back to the default (zText NULL). One-line templates lose their final
** newlines; the text must have no NUL byte and pass tmpl_check. ACT_INVALID with
** "template NAME: why". Journal: notify.template. */
int act_notify_template_set(Db *db, const Actor *who, const char *zName, const char *zText,
                            size_t nText, Buf *err) AT_MUST;

/* For a writer whose change is too large for one act_* call (an import: many
** rows through store_* in one transaction): act_begin opens the transaction,
** act_finish journals and commits it, act_abandon rolls it back (a dry run, or a
** failure found before act_finish). */
int act_begin(Db *db, Buf *err) AT_MUST;
void act_abandon(Db *db);

#endif
