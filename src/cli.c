/*
** cli.c: the command table, option parsing and --help. Every command's
** options, their arguments and help live in this table, so `auditrack CMD
** --help`, the manual pages, shell completion and the parser can never
** disagree. Not for: what the commands do (cli_*.c), where their output goes
** (cli_out.c) or building reports (report_*.c).
*/
#include "cli.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "notify_run.h"
#include "report_export.h"

#define FILTER_OPTS                                                                                \
  {"risk", "CODE", "only this risk rating (code or label)"},                                       \
      {"directorate", "NAME", "only this directorate"}, {"theme", "NAME", "only this theme"},      \
      {"owner", "TEXT", "only owners or directors containing TEXT"},                               \
      {"band", "LABEL",                                                                            \
       "only this overdue band ('overdue' for any, 'not yet due' for those not due)"},             \
  {                                                                                                \
    "include-confidential", 0, "show confidential recommendations in full"                         \
  }
/* How lateness is shown (report_request.h's filter_read reads them with the filter). */
#define BASES_OPTS                                                                                 \
  {"bases", "one|both",                                                                            \
   "both: beside the months overdue by the policy's basis, whether the recommendation is "         \
   "overdue against the other target and the months since it; the summary adds the other "         \
   "basis's band table (default one)"},                                                            \
  {                                                                                                \
    "band-by", "original|current",                                                                 \
        "measure overdue, bands and escalation for this report from this target (default: the "    \
        "policy's basis)"                                                                          \
  }

static const Opt aNoOpt[] = {{0, 0, 0}};
const Opt cli_global_opts[] = {
    {"db", "PATH",
     "database (default $AUDITRACK_DB, else the configuration file's, else "
     "./auditrack.db)"},
    {"config", "FILE",
     "configuration file (default $AUDITRACK_CONFIG, else " CONFIG_DEFAULT_PATH " if it exists)"},
    {"today", "DATE", "take DATE (YYYY-MM-DD) as today (default $AUDITRACK_TODAY, else the clock)"},
    {0, 0, 0}};
static const Opt aInitOpt[] = {{"org", "NAME", "the organisation's name, printed on every report"},
                               {0, 0, 0}};
static const Opt aImportOpt[] = {
    {"map", "FILE", "column map for a layout other than the seed trackers' (see docs/import.md)"},
    {"as-at", "DATE", "the tracker's date, when it has no as_at_date column"},
    {"scale", "NAME", "risk scale the ratings belong to (default: any scale that knows the code)"},
    {"sheet", "NAME|N",
     "workbook sheet to read, by name or number (default: the first whose "
     "header the layout or map recognises, else the first)"},
    {"dry-run", 0, "check everything and report, write nothing"},
    {"matches", "FILE",
     "when refreshing a tracker already in the register: lines 'ROW = ID' or 'ROW = new' that "
     "override the proposed matches (see docs/import.md)"},
    {"review", 0,
     "a workbook returned by the services: their new updates and later target dates wait in "
     "internal audit's review queue instead of entering the register; opinions, closures, "
     "earlier dates and new recommendations are listed as left for internal audit"},
    {"quiet", 0, "no progress line"},
    {0, 0, 0}};
static const Opt aAuditAddOpt[] = {
    {"title", "TEXT", "title of the audit (required)"},
    {"ref", "TEXT", "audit reference"},
    {"date", "DATE", "date of the final report"},
    {"directorate", "NAME", "directorate audited"},
    {"provider", "NAME", "who carried it out: in-house or a firm"},
    {"assurance", "OPINION", "substantial, reasonable, limited or none"},
    {0, 0, 0}};
static const Opt aCycleTextOpt[] = {
    {"file", "FILE", "the words, from a UTF-8 text file"},
    {"text", "TEXT", "the words, given on the command line"},
    {"audit", "AUDIT", "the commentary on this audit (its id, reference or title), for this cycle"},
    {0, 0, 0}};
static const Opt aCycleTextRemoveOpt[] = {
    {"audit", "AUDIT", "the commentary on this audit (its id, reference or title)"}, {0, 0, 0}};
static const Opt aFormatOpt[] = {{"format", "FMT", "text (default), csv or json"}, {0, 0, 0}};
static const Opt aAuditListOpt[] = {{"format", "FMT", "text (default), csv or json"},
                                    {"as-at", "DATE", "as at this date (default today)"},
                                    {0, 0, 0}};
static const Opt aAuditShowOpt[] = {{"as-at", "DATE", "as at this date (default today)"},
                                    {0, 0, 0}};
static const Opt aFollowOpt[] = {{"on", "DATE", "date the follow-up audit was completed"},
                                 {0, 0, 0}};
static const Opt aRecAddOpt[] = {
    {"audit", "ID", "the audit it belongs to (required)"},
    {"text", "TEXT", "the recommendation (required)"},
    {"target", "DATE", "original target date, or TBC (required)"},
    {"ref", "TEXT", "reference within the audit: 3, 3a"},
    {"title", "TEXT", "short title"},
    {"risk", "CODE", "risk rating code or label"},
    {"risk-text", "TEXT", "the risk described"},
    {"action", "TEXT", "the agreed management action"},
    {"owner", "NAME", "action owner"},
    {"director", "NAME", "responsible director"},
    {"exec-member", "NAME", "executive member"},
    {"theme", "NAME", "theme"},
    {"directorate", "NAME", "directorate, if not the audit's"},
    {"evidence", "TEXT", "evidence required before it can be closed"},
    {"confidential", 0, "withhold its detail from reports unless asked"},
    {"on", "DATE",
     "the date it was agreed (default: the audit's date, else today; no later than the target)"},
    {0, 0, 0}};
static const Opt aRecListOpt[] = {
    {"as-at", "DATE", "state as at this date (default today)"},
    {"format", "FMT", "text (default), csv, json, xlsx or pdf (the compact columns, A4)"},
    {"output", "FILE", "write to FILE (via FILE.tmp, renamed when complete), not standard output"},
    {"status", "WHICH", "open (default), closed or all"},
    FILTER_OPTS,
    BASES_OPTS,
    {0, 0, 0}};
static const Opt aRecShowOpt[] = {
    {"as-at", "DATE", "state as at this date (default today)"},
    {"include-confidential", 0, "show a confidential recommendation's detail"},
    {0, 0, 0}};
static const Opt aRecSetOpt[] = {{0, 0, 0}};
static const Opt aRecUpdateOpt[] = {
    {"text", "TEXT", "what the service reports (required)"},
    {"on", "DATE", "date (default today)"},
    {"claimed", "STATUS", "status the service claims, e.g. implemented, in_progress"},
    {"percent", "N", "percent complete, 0-100"},
    {"by", "NAME", "who gave the update"},
    {"cycle", "NAME", "reporting cycle"},
    {0, 0, 0}};
static const Opt aRecReviseOpt[] = {{"target", "DATE", "new target date, or TBC (required)"},
                                    {"reason", "TEXT", "why the date moved (required)"},
                                    {"agreed-by", "NAME", "who agreed it"},
                                    {"on", "DATE", "date agreed (default today)"},
                                    {"cycle", "NAME", "reporting cycle"},
                                    {0, 0, 0}};
static const Opt aRecReviewOpt[] = {
    {"opinion", "STATUS",
     "not_started, in_progress, partially_implemented, implemented, "
     "not_implemented, risk_accepted, superseded, not_adopted, withdrawn (required)"},
    {"text", "TEXT", "internal audit's comment (required with implemented: the evidence seen)"},
    {"next", "TEXT", "next action"},
    {"follow-up", "DATE", "next follow-up date"},
    {"accepted-by", "NAME", "who accepted the risk (required with risk_accepted)"},
    {"on", "DATE", "date (default today)"},
    {"by", "NAME", "auditor"},
    {0, 0, 0}};
static const Opt aRecCloseOpt[] = {
    {"text", "TEXT", "internal audit's comment"},
    {"evidence", "TEXT", "what evidence internal audit saw (required)"},
    {"on", "DATE", "date (default today)"},
    {"by", "NAME", "auditor"},
    {0, 0, 0}};
static const Opt aRecReopenOpt[] = {
    {"reason", "TEXT", "why it is not implemented after all (required)"},
    {"on", "DATE", "date (default today)"},
    {"by", "NAME", "auditor"},
    {0, 0, 0}};
static const Opt aDecisionOpt[] = {
    {"kind", "KIND",
     "extension_granted, extension_refused, removal_approved, "
     "attendance_required or noted (required)"},
    {"text", "TEXT", "the decision as minuted"},
    {"meeting", "NAME", "the committee meeting"},
    {"target", "DATE", "new target date (extension_granted: also recorded as a revision)"},
    {"on", "DATE", "date of the meeting (default today)"},
    {0, 0, 0}};
static const Opt aScaleAddOpt[] = {
    {"ratings", "LIST",
     "the ratings, most severe first: 'P1:Priority 1:definition; P2:Priority 2' "
     "(required; the definition is optional)"},
    {"description", "TEXT", "what the scale is"},
    {0, 0, 0}};
static const Opt aVerifyOpt[] = {
    {"head", "ENTRY:HASH", "a head printed by an earlier verify: check it is still there"},
    {0, 0, 0}};
static const Opt aLogOpt[] = {{"last", "N", "only the last N entries"}, {0, 0, 0}};
static const Opt aReportOpt[] = {
    {"as-at", "DATE", "report date (default today)"},
    {"cycle", "NAME", "report for this reporting cycle: as at its committee date"},
    {"since", "DATE",
     "previous report date, for movement and 'new since' flags (default: the "
     "previous cycle's date, else three months before the report date)"},
    {"format", "FMT",
     "text (default), md, csv, json, html, pdf (A4), xlsx or docx (Word); pdf, xlsx and "
     "docx need --output or a redirect, never a terminal"},
    {"output", "FILE", "write to FILE (via FILE.tmp, renamed when complete), not standard output"},
    {"status", "WHICH", "for outstanding: open (default); ignored elsewhere"},
    {"cycles", "N", "for trend: how many cycles, up to the report date's (default 4)"},
    {"pack", "NAME", "for pack: the pack definition (default: the policy's pack setting)"},
    {"pack-file", "FILE", "for pack: a pack definition file instead of a stored one"},
    FILTER_OPTS,
    BASES_OPTS,
    {0, 0, 0}};

static const Opt aCycleAddOpt[] = {
    {"as-at", "DATE", "the committee date: reports for the cycle are as at this date (required)"},
    {"deadline", "DATE", "the date owners' updates are due by, no later than --as-at"},
    {0, 0, 0}};
static const Opt aCycleStateOpt[] = {
    {"risk", "RATING", "the figure is for this risk rating (code or label) only"},
    {"band", "BAND", "an overdue figure for this overdue band only (the policy's band label)"},
    {0, 0, 0}};
static const Opt aExportOpt[] = {
    {"as-at", "DATE", "the tracker's date: each recommendation as it stood then (default today)"},
    {"format", "FMT", "csv (default) or xlsx"},
    {"output", "FILE", "write to FILE (via FILE.tmp, renamed when complete), not standard output"},
    {"include-confidential", 0, "write confidential recommendations in full (else withheld)"},
    {0, 0, 0}};

static const Opt aUserAddOpt[] = {
    {"role", "ROLE", "admin, auditor, director, owner or committee (required)"},
    {"name", "TEXT", "the person's name, as pages show it (default: the login)"},
    {"email", "ADDRESS", "e-mail address"},
    {"directorate", "NAME", "a director's directorate: what they see and update"},
    {"owner-as", "NAME", "an owner's name as recommendations give it (default: --name)"},
    {0, 0, 0}};
static const Opt aUserDisableOpt[] = {{"enable", 0, "enable the account again"}, {0, 0, 0}};
static const Opt aRoutesOpt[] = {{"fields", 0, "also each route's form fields and their kinds"},
                                 {0, 0, 0}};
static const Opt aDelegateOpt[] = {{"remove", 0, "take the delegation away"}, {0, 0, 0}};
static const Opt aTokenOpt[] = {{"name", "TEXT", "what the token is for"}, {0, 0, 0}};
static const Opt aServeOpt[] = {
    {"listen", "ADDR:PORT", "where to listen (default 127.0.0.1:8080)"},
    {"threads", "N", "worker threads (default: one per CPU)"},
    {"evidence-dir", "DIR", "where evidence files are kept (default: DB path + .evidence)"},
    {"upload-mb", "N", "largest evidence file, in MB (default 10)"},
    {"evidence-user-mb", "N",
     "evidence files one account may upload, in MB, 0 for no limit (default 200)"},
    {"evidence-total-mb", "N", "evidence files in all, in MB, 0 for no limit (default 10240)"},
    {"tracker-hours", "N",
     "remove an uploaded tracker not imported after this long, in hours (default 24)"},
    {"idle-minutes", "N", "sign out after this long idle (default 30)"},
    {"session-hours", "N", "sign out this long after signing in, however busy (default 12)"},
    {"trust-proxy", 0,
     "behind a reverse proxy: believe X-Forwarded-For and X-Forwarded-Proto, sent from a loopback "
     "address only"},
    {"proxy-address", "ADDR",
     "with a proxy on another machine: believe those headers from ADDR only (implies "
     "--trust-proxy)"},
    {"max-connections", "N", "open connections at once; more wait to be accepted (default 512)"},
    {"max-per-address", "N",
     "connections at once from one address, 0 for no cap (default 64; none with --trust-proxy)"},
    {"idle-seconds", "N", "close a connection that sends nothing for this long (default 20)"},
    {"request-seconds", "N", "close a request whose body has not arrived by then (default 120)"},
    {"lockout-seconds", "N",
     "the longest wait failed sign-ins impose on an account from one address (default 300)"},
    {"throttle-seconds", "N",
     "the first wait once failed sign-ins are no longer free, doubling up to --lockout-seconds "
     "(default 2)"},
    {"throttle-clock", "SECONDS",
     "a testing aid: sign-in throttling, invitation and reset links and two-factor codes "
     "count by this unix time, which never moves, so that a wait never passes"},
    {"log", "FILE", "append the access log here (default: standard error)"},
    {"log-json", 0, "write the access log as JSON lines, one object per request"},
    {"no-migrate", 0,
     "refuse a database made by an older version instead of migrating it (after a copy)"},
    {"metrics-allow", "ADDRS",
     "the addresses /metrics answers, separated by commas (default 127.0.0.1,::1)"},
    {"metrics-token", "TOKEN",
     "a bearer token (32 characters or more) that opens /metrics from any address; best set "
     "in the configuration file, as a command line is visible to other users"},
    {0, 0, 0}};
static const Opt aNotifyOpt[] = {
    {"as-at", "DATE", "plan as at this date (default today)"},
    {"dry-run", 0, "print the plan, per person; record and send nothing"},
    {"outbox-dir", "DIR", "write each message as DIR/auditrack-ID.eml instead of using SMTP"},
    {"verbose", 0, "one line per notice (dry run) and per cancellation"},
    {0, 0, 0}};
static const Opt aNotifyOutboxOpt[] = {
    {"all", 0, "every message, sent, replaced and cancelled ones too (default: queued)"},
    {"retry", "ID", "make queued message ID (or 'all') due now, without waiting for the back-off"},
    {"send", 0, "with --retry: send what is due at once"},
    {"outbox-dir", "DIR", "with --send: write .eml files instead of using SMTP"},
    {"show", "ID", "print message ID as sent (headers and MIME body)"},
    {0, 0, 0}};
static const Opt aNotifyTemplateOpt[] = {{"reset", 0, "go back to the built-in template"},
                                         {0, 0, 0}};
static const Opt aNotifyNoticesOpt[] = {
    {"rec", "ID", "the notifications of one recommendation (default: counts by kind and state)"},
    {0, 0, 0}};
static const Opt aPersonSetOpt[] = {
    {"email", "ADDRESS", "e-mail address ('' removes it) (required)"}, {0, 0, 0}};
static const Opt aPersonStopOpt[] = {{"resume", 0, "send their e-mails again"}, {0, 0, 0}};
static const Opt aPersonListOpt[] = {
    {"problems", 0,
     "the data-quality list: people named on open recommendations with no "
     "address, an invalid one, or e-mails stopped"},
    {"as-at", "DATE", "with --problems: open as at this date (default today)"},
    {"names", 0, "with --problems: only the names, one a line (for scripts)"},
    {0, 0, 0}};
static const Opt aSsoAddOpt[] = {
    {"issuer", "URL",
     "the provider's issuer, exactly as its discovery document names it (required)"},
    {"client-id", "ID", "the client (application) id registered with the provider (required)"},
    {"secret-file", "FILE", "file whose first line is the client secret"},
    {"secret-env", "NAME", "environment variable of `serve` holding the client secret"},
    {"label", "TEXT", "the provider's name on the sign-in button (default: NAME)"},
    {"hidden", 0, "no button on the sign-in page (links to /sso/start/NAME still work)"},
    {"tenant", "ID", "Microsoft Entra ID: only tokens whose tid is this tenant"},
    {"domains", "LIST", "only e-mail addresses in these domains (comma-separated)"},
    {"scopes", "LIST", "scopes asked for (default: openid email profile)"},
    {"groups-claim", "NAME", "the claim roles follow (default: groups)"},
    {"role-map", "MAP", "GROUP=ROLE,...: the role each group gives; others are refused"},
    {"insecure-http", 0, "allow http:// to a loopback issuer (tests only; never in service)"},
    {0, 0, 0}};

static const Opt aBackupOpt[] = {
    {"evidence-dir", "DIR", "where the evidence files are (default: DB path + .evidence)"},
    {"link", 0,
     "hard-link the evidence files instead of copying them (same file system only; the backup "
     "then shares their storage with the live ones)"},
    {0, 0, 0}};
static const Opt aRestoreOpt[] = {
    {"evidence", "DIR", "where to put the evidence files (default: DB path + .evidence)"},
    {"force", 0, "replace the database at --db if there is one"},
    {0, 0, 0}};

const Cmd cli_commands[] = {
    {"init", 0, cmd_init, "", 0, 0, 2,
     "Create a database. It starts with the default policy and the risk scales seen in the seed "
     "papers.",
     aInitOpt},
    {"import", 0, cmd_import, "FILE.csv|FILE.xlsx", 1, 1, 1,
     "Read a tracker spreadsheet: CSV, or an Excel workbook (.xlsx; one sheet, see --sheet). "
     "The seed trackers' layout is recognised; any other needs --map. All or nothing: any bad "
     "row rejects the file, listing every problem.",
     aImportOpt},
    {"audit", "add", cmd_audit_add, "", 0, 0, 1, "Register an audit.", aAuditAddOpt},
    {"audit", "list", cmd_audit_list, "", 0, 0, 1,
     "List audits, with the recommendations each had made by the date.", aAuditListOpt},
    {"audit", "show", cmd_audit_show, "ID", 1, 1, 1,
     "Show an audit and its recommendations as at the date.", aAuditShowOpt},
    {"audit", "follow-up-done", cmd_audit_followup, "ID", 1, 1, 1,
     "Record that a limited or no assurance audit's full follow-up audit was done.", aFollowOpt},
    {"audit", "set", cmd_audit_set, "ID FIELD VALUE", 3, 3, 1,
     "Change one field of an audit. FIELD is one of ref, title, date, directorate, provider, "
     "assurance.",
     aNoOpt},
    {"rec", "add", cmd_rec_add, "", 0, 0, 1, "Add a recommendation to an audit.", aRecAddOpt},
    {"rec", "list", cmd_rec_list, "", 0, 0, 1,
     "List recommendations with their state as at a date (see docs/fields.md for the JSON).",
     aRecListOpt},
    {"rec", "show", cmd_rec_show, "ID", 1, 1, 1,
     "Show a recommendation, its state as at a date and its whole timeline.", aRecShowOpt},
    {"rec", "set", cmd_rec_set, "ID FIELD VALUE", 3, 3, 1,
     "Change one field of a recommendation. FIELD is one of those listed below.", aRecSetOpt},
    {"rec", "update", cmd_rec_update, "ID", 1, 1, 1, "Record an update from the service.",
     aRecUpdateOpt},
    {"rec", "revise", cmd_rec_revise, "ID", 1, 1, 1,
     "Record a revised target date (or TBC) with its reason. The original is never overwritten.",
     aRecReviseOpt},
    {"rec", "review", cmd_rec_review, "ID", 1, 1, 1, "Record internal audit's opinion.",
     aRecReviewOpt},
    {"rec", "close", cmd_rec_close, "ID", 1, 1, 1,
     "Close as implemented (internal audit's opinion 'implemented'), stating the evidence seen.",
     aRecCloseOpt},
    {"rec", "reopen", cmd_rec_reopen, "ID", 1, 1, 1,
     "Reopen a closed recommendation found not implemented after all.", aRecReopenOpt},
    {"rec", "delegate", cmd_rec_delegate, "ID LOGIN", 2, 2, 1,
     "Let an account (an owner's deputy, say) update a recommendation it does not own.",
     aDelegateOpt},
    {"decision", "add", cmd_decision_add, "REC-ID", 1, 1, 1,
     "Record an audit committee decision on a recommendation.", aDecisionOpt},
    {"policy", "show", cmd_policy_show, "[KEY]", 0, 1, 1, "Show the policy.", aNoOpt},
    {"policy", "set", cmd_policy_set, "KEY VALUE", 2, 2, 1,
     "Change a policy setting (see README, 'The policy'). KEY is one of those listed below.",
     aNoOpt},
    {"scale", "list", cmd_scale_list, "", 0, 0, 1, "List the risk scales and their ratings.",
     aNoOpt},
    {"scale", "add", cmd_scale_add, "NAME", 1, 1, 1,
     "Add the organisation's own risk scale. Give its codes, labels and definitions, most severe "
     "first.",
     aScaleAddOpt},
    {"cycle", "add", cmd_cycle_add, "NAME", 1, 1, 1,
     "Add a reporting cycle: a named committee date such as 'Audit Committee 15 February 2022'. "
     "Reports take --cycle NAME and compare with the cycle before.",
     aCycleAddOpt},
    {"cycle", "list", cmd_cycle_list, "", 0, 0, 1, "List the reporting cycles, oldest first.",
     aFormatOpt},
    {"cycle", "state", cmd_cycle_state, "NAME FIGURE VALUE", 3, 3, 1,
     "Record a figure the cycle's committee paper stated: FIGURE is open, overdue, not_yet_due or "
     "implemented (since the previous report), VALUE the count printed, or none to remove it. "
     "The summary for the cycle compares each with the register as at the cycle's date and says "
     "where they differ.",
     aCycleStateOpt},
    {"cycle", "remove", cmd_cycle_remove, "NAME", 1, 1, 1,
     "Remove a reporting cycle (the register is not changed) and the words stored for it.", aNoOpt},
    {"cycle", "text", cmd_cycle_text, "CYCLE PART", 2, 2, 1,
     "Store the head of audit's words for a reporting cycle: PART (introduction, process, "
     "closing ...) is what a pack's text or front line takes with stored=PART; with --audit, "
     "the commentary on that audit, printed under the audit in a pack's commentary part, else "
     "in the outstanding part that shows it. The words "
     "are the pack markup (docs/reports.md) with placeholders such as {open}, checked before "
     "they are stored; the change is journalled.",
     aCycleTextOpt},
    {"cycle", "text-show", cmd_cycle_text_show, "CYCLE [PART]", 1, 2, 1,
     "Print the words stored for a reporting cycle (or only PART), as they were written.", aNoOpt},
    {"cycle", "text-remove", cmd_cycle_text_remove, "CYCLE PART", 2, 2, 1,
     "Remove a part of the words stored for a reporting cycle (with --audit, the commentary on "
     "that audit); journalled.",
     aCycleTextRemoveOpt},
    {"export", 0, cmd_export, "", 0, 0, 1,
     "Write every recommendation, open and closed, as at a date, in the seed trackers' layout: "
     "import reads it back into the same register (see docs/export.md).",
     aExportOpt},
    {"report", 0, cmd_report, "KIND", 1, 1, 1,
     "Print a committee report. KIND is one of those listed below; trend covers the last "
     "--cycles reporting cycles.",
     aReportOpt},
    {"pack", "set", cmd_pack_set, "NAME FILE", 2, 2, 1,
     "Store a committee pack definition (docs/reports.md) under NAME, replacing one of that name. "
     "The whole file is checked first: report kinds, keys, bands and risk ratings.",
     aNoOpt},
    {"pack", "remove", cmd_pack_remove, "NAME", 1, 1, 1,
     "Remove a stored committee pack (a built-in pack of that name shows again). The policy's "
     "pack is kept until another is chosen.",
     aNoOpt},
    {"pack", "list", cmd_pack_list, "", 0, 0, 1,
     "List the committee packs: stored and built in (manchester, cambridgeshire), marking the "
     "default (policy setting 'pack').",
     aNoOpt},
    {"pack", "show", cmd_pack_show, "NAME", 1, 1, 1, "Print a committee pack's definition.",
     aNoOpt},
    {"log", 0, cmd_log, "", 0, 0, 1, "Show the journal of changes.", aLogOpt},
    {"verify", 0, cmd_verify, "", 0, 0, 1,
     "Check the journal's hash chain and the database's integrity. It prints the head; keep "
     "it outside the database and pass it back with --head to show nothing was removed since.",
     aVerifyOpt},
    {"user", "add", cmd_user_add, "LOGIN", 1, 1, 1,
     "Add an account. The password is read from standard input (prompted without echo on a "
     "terminal): at least 12 characters, not a common one.",
     aUserAddOpt},
    {"user", "invite", cmd_user_invite, "LOGIN", 1, 1, 1,
     "Invite someone by e-mail (--email is required): the account is added without a "
     "password and a single-use link to choose one is queued in the outbox, valid for the "
     "invite-days setting. Again for an account that has not chosen one yet: a new link, the "
     "older spent. Needs notify's from and base-url settings.",
     aUserAddOpt},
    {"user", "settings", cmd_user_settings, "[KEY VALUE]", 0, 2, 1,
     "Show the account settings, or set one: invite-days (1-90, default 7), reset-minutes "
     "(5-1440, default 60), require-2fa (roles that must use two-factor authentication, "
     "comma-separated, e.g. admin,auditor; empty for none). Session time-outs are serve's "
     "--idle-minutes and --session-hours.",
     aNoOpt},
    {"user", "2fa-reset", cmd_user_2fa_reset, "LOGIN", 1, 1, 1,
     "Turn off an account's two-factor authentication (a lost phone): its secret and recovery "
     "codes are removed and its sessions end; it sets it up again at its next sign-in.",
     aNoOpt},
    {"user", "list", cmd_user_list, "", 0, 0, 1, "List the accounts.", aNoOpt},
    {"user", "passwd", cmd_user_passwd, "LOGIN", 1, 1, 1,
     "Set an account's password (read from standard input). Its sessions end.", aNoOpt},
    {"user", "disable", cmd_user_disable, "LOGIN", 1, 1, 1,
     "Disable an account (or --enable it again). Its sessions end at once.", aUserDisableOpt},
    {"user", "role", cmd_user_role, "LOGIN ROLE", 2, 2, 1,
     "Change an account's role: admin, auditor, director, owner or committee.", aNoOpt},
    {"user", "set", cmd_user_set, "LOGIN FIELD VALUE", 3, 3, 1,
     "Change an account's name, email, directorate or owner-as.", aNoOpt},
    {"token", "add", cmd_token_add, "LOGIN", 1, 1, 1,
     "Create an API token for an account and print it (it is not shown again). Scripts send it "
     "as 'Authorization: Bearer TOKEN'; it can do what the account's role can.",
     aTokenOpt},
    {"serve", 0, cmd_serve, "", 0, 0, 1, "Run the web application until SIGTERM or SIGINT.",
     aServeOpt},
    {"routes", 0, cmd_routes, "", 0, 0, 0,
     "List the web application's routes: method, path, capability and the roles that hold it.",
     aRoutesOpt},
    {"notify", "outbox", cmd_notify_outbox, "", 0, 0, 1,
     "List the outbox of e-mail messages: queued ones with their attempts and last error, or "
     "--all. --retry ID makes a waiting message due now.",
     aNotifyOutboxOpt},
    {"notify", "release", cmd_notify_release, "ID", 1, 1, 1,
     "Send again a message held as may have been sent (a run stopped while the server had it: "
     "state unknown in notify outbox), once you know it did not arrive. The next run sends it.",
     aNoOpt},
    {"notify", "set", cmd_notify_set, "KEY VALUE", 2, 2, 1,
     "Change a notification setting (KEY: one of those below; '' clears one). The SMTP password "
     "is never stored here: $AUDITRACK_SMTP_PASSWORD or smtp-password-file.",
     aNoOpt},
    {"notify", "show", cmd_notify_show, "", 0, 0, 1, "Show the notification settings.", aNoOpt},
    {"notify", "template", cmd_notify_template, "NAME [FILE]", 1, 2, 1,
     "Show a message template, or replace it with FILE's text. NAME: subject, text, html, "
     "reminder, overdue, monthly, update, escalation, returned, review (see docs/notify.md).",
     aNotifyTemplateOpt},
    {"notify", "notices", cmd_notify_notices, "", 0, 0, 1,
     "List one recommendation's notifications (--rec ID), or count them all by kind and state.",
     aNotifyNoticesOpt},
    {"notify", 0, cmd_notify, "", 0, 0, 1,
     "Plan the e-mail notifications due as at a date (reminders, overdue notices, update "
     "requests, escalations, updates and dates internal audit returned, submissions waiting "
     "for review), queue one digest per person and send them. Safe to run again: "
     "nothing is sent twice.",
     aNotifyOpt},
    {"person", "set", cmd_person_set, "NAME", 1, 1, 1,
     "Set the e-mail address of a person as recommendations name them (owner, director, "
     "executive member).",
     aPersonSetOpt},
    {"person", "stop", cmd_person_stop, "NAME", 1, 1, 1,
     "Stop a person's e-mails (or --resume them); their queued messages are cancelled.",
     aPersonStopOpt},
    {"person", "list", cmd_person_list, "", 0, 0, 1,
     "List people's e-mail addresses, or --problems: who is named but cannot be e-mailed.",
     aPersonListOpt},
    {"backup", 0, cmd_backup, "DIR", 1, 1, 1,
     "Back up the database and its evidence files into the new directory DIR. The copy is "
     "consistent while the server runs and writes, holds exactly the evidence files it refers "
     "to, and has a MANIFEST of the journal's head, the counts and every file's SHA-256. Built "
     "as DIR.tmp-* and renamed when whole.",
     aBackupOpt},
    {"restore", 0, cmd_restore, "DIR", 1, 1, 0,
     "Restore backup DIR as the database --db names. Every file is checked against the "
     "MANIFEST first; an existing database is replaced only with --force; the evidence files go "
     "into its evidence directory; the journal is then verified against the manifest's head.",
     aRestoreOpt},
    {"manual", 0, cmd_manual, "[PAGE]", 0, 1, 0,
     "Print a manual page in troff. PAGE is auditrack.1 (every command and option; the "
     "default) or auditrack-serve.8 (running the server), made from the command table --help "
     "prints; make install installs both.",
     aNoOpt},
    {"completion", "bash", cmd_completion, "", 0, 0, 0,
     "Print bash completion for auditrack's commands and options. It is made from the command "
     "table --help prints; make install puts it where bash-completion finds it.",
     aNoOpt},
    {"config", "check", cmd_config_check, "[FILE]", 0, 1, 0,
     "Check the configuration file and print every setting with where it comes from. The "
     "file is FILE, else the one --config, $AUDITRACK_CONFIG or /etc/auditrack/auditrack.conf "
     "names; a setting comes from --db, the environment, a line of the file or the default. "
     "Secrets print as (set).",
     aNoOpt},
    {"sso", "add", cmd_sso_add, "NAME", 1, 1, 1,
     "Add an OpenID Connect provider for single sign-on (NAME: a-z, 0-9, -). Its discovery "
     "document is fetched from the issuer at once, over https. The client secret is read at "
     "each sign-in from --secret-file or --secret-env, never stored or printed. Register "
     "https://YOUR-SERVER/sso/callback with the provider (docs/sso.md).",
     aSsoAddOpt},
    {"sso", "list", cmd_sso_list, "", 0, 0, 1,
     "List the single sign-on providers and the roles whose local passwords are refused.", aNoOpt},
    {"sso", "set", cmd_sso_set, "NAME FIELD VALUE", 3, 3, 1,
     "Change a provider's client-id, secret-file, secret-env, label, offered (0/1), tenant, "
     "domains, scopes, groups-claim or role-map ('' clears one).",
     aNoOpt},
    {"sso", "remove", cmd_sso_remove, "NAME", 1, 1, 1,
     "Remove a provider; the accounts linked to it are unlinked (they remain).", aNoOpt},
    {"sso", "passwords", cmd_sso_passwords, "ROLES", 1, 1, 1,
     "Refuse local passwords for these roles (comma-separated: admin,auditor), or 'none'. "
     "Their accounts then sign in through a provider only.",
     aNoOpt},
    {0, 0, 0, 0, 0, 0, 0, 0, 0},
};

static void cli_usage_line(const Cmd *c, FILE *f) {
  fprintf(f, "usage: auditrack %s%s%s%s%s [options]\n", c->zName, c->zSub ? " " : "",
          c->zSub ? c->zSub : "", c->zPos[0] ? " " : "", c->zPos);
}

/* Commands whose KEY argument is a word of a vocabulary declared in its own module: --help
** lists the words from that declaration, so the help cannot fall behind it. */
static const struct {
  int (*x)(Ctx *, Args *);
  const char *zWhat;    /* the list's heading */
  void (*xList)(Buf *); /* one line per word */
} aVocabHelp[] = {
    {cmd_policy_show, "keys", policy_help},         {cmd_policy_set, "keys", policy_help},
    {cmd_notify_set, "keys", notify_settings_help}, {cmd_rec_set, "keys", rec_fields_help},
    {cmd_report, "kinds", report_kinds_help},       {cmd_config_check, "keys", config_keys_help},
};

static void cli_help(const Cmd *c) {
  cli_usage_line(c, stdout);
  printf("\n%s\n", c->zHelp);
  for (size_t i = 0; i < sizeof aVocabHelp / sizeof aVocabHelp[0]; i++) {
    if (aVocabHelp[i].x != c->x) continue;
    Buf b = BUF_INIT;
    aVocabHelp[i].xList(&b);
    printf("\n%s:\n%s", aVocabHelp[i].zWhat, buf_cstr(&b));
    buf_free(&b);
  }
  printf("\noptions:\n");
  for (int k = 0; k < 2; k++) {
    for (const Opt *o = k ? cli_global_opts : c->aOpt; o->zName; o++) {
      char z[64];
      snprintf(z, sizeof z, "--%s%s%s", o->zName, o->zArg ? " " : "", o->zArg ? o->zArg : "");
      printf("  %-28s %s\n", z, o->zHelp);
    }
  }
  printf("  %-28s %s\n", "--help", "this help");
}

static void cli_overview(FILE *f) {
  fputs("auditrack: follow up internal audit recommendations and write committee reports\n\n"
        "usage: auditrack [--db PATH] [--config FILE] [--today DATE] COMMAND [options]   "
        "(auditrack COMMAND --help "
        "for more)\n\n"
        "--today DATE (else $AUDITRACK_TODAY) takes DATE (YYYY-MM-DD) as today instead of the\n"
        "clock, for tests and reruns; with serve, for every request and the notification run.\n\n"
        "commands:\n",
        f);
  for (const Cmd *c = cli_commands; c->zName; c++) {
    char z[48];
    snprintf(z, sizeof z, "%s%s%s", c->zName, c->zSub ? " " : "", c->zSub ? c->zSub : "");
    /* The first sentence: up to ". " or the final full stop. */
    const char *zEnd = strstr(c->zHelp, ". ");
    int n = zEnd ? (int)(zEnd - c->zHelp) : (int)strlen(c->zHelp);
    if (!zEnd && n && c->zHelp[n - 1] == '.') n--;
    fprintf(f, "  %-22s %.*s\n", z, n, c->zHelp);
  }
}

/* Today for this command: --today, else $AUDITRACK_TODAY, else the clock. The one place
** the CLI reads the date; commands take it from the Ctx. *pFixed is DAY_NONE when the
** clock gave it (serve then reads the clock per request). Returns EXIT_USAGE, message
** printed, on a value that is not a YYYY-MM-DD day. */
static int cli_today(const char *zToday, Day *pToday, Day *pFixed) {
  const char *zWhat = "--today";
  if (!zToday) zToday = getenv("AUDITRACK_TODAY"), zWhat = "AUDITRACK_TODAY";
  *pToday = *pFixed = DAY_NONE;
  if (!zToday || !zToday[0]) {
    *pToday = day_today();
    return 0;
  }
  DateParse p;
  char zErr[96];
  if (day_parse(zToday, DF_ISO, &p, zErr, sizeof zErr) || p.kind != DATE_EXACT) {
    cli_err("%s: '%s' is not a day as YYYY-MM-DD", zWhat, zToday);
    return EXIT_USAGE;
  }
  *pToday = *pFixed = p.day;
  return 0;
}

/* The command named by zName and zSub (the word after it, or 0), or 0 with the
** commands of the group zName (or that there is none) said on stderr. */
static const Cmd *cli_command_find(const char *zName, const char *zSub) {
  const Cmd *cmd = 0;
  int hasGroup = 0;
  for (const Cmd *c = cli_commands; c->zName; c++) {
    if (strcmp(c->zName, zName)) continue;
    hasGroup = 1;
    if (!c->zSub) {
      cmd = c;
      break;
    }
    if (zSub && !strcmp(c->zSub, zSub)) {
      cmd = c;
      break;
    }
  }
  if (!cmd) {
    if (hasGroup) {
      cli_err("'%s' needs one of:", zName);
      for (const Cmd *c = cli_commands; c->zName; c++) {
        if (!strcmp(c->zName, zName)) fprintf(stderr, "  auditrack %s %s\n", c->zName, c->zSub);
      }
    } else {
      cli_err("unknown command '%s' (auditrack --help lists them)", zName);
    }
    return 0;
  }
  return cmd;
}

/* The global options, which may stand before the command or among its options. */
typedef struct Globals {
  const char *zDb, *zToday, *zConfig; /* NULL when not given */
} Globals;

/* If argv[*pi] is a global option, take it (and its value) into *g and return 1 (or
** EXIT_USAGE in *pRc, message printed, when its value is missing); else 0. */
static int cli_global(int argc, char **argv, int *pi, Globals *g, int *pRc) {
  static const struct {
    const char *zName, *zArg;
    size_t off;
  } aGlobal[] = {{"db", "PATH", offsetof(Globals, zDb)},
                 {"today", "DATE", offsetof(Globals, zToday)},
                 {"config", "FILE", offsetof(Globals, zConfig)}};
  const char *z = argv[*pi];
  if (z[0] != '-' || z[1] != '-') return 0;
  for (size_t k = 0; k < sizeof aGlobal / sizeof aGlobal[0]; k++) {
    size_t n = strlen(aGlobal[k].zName);
    if (strncmp(z + 2, aGlobal[k].zName, n) || (z[2 + n] && z[2 + n] != '=')) continue;
    const char **pz = (const char **)((char *)g + aGlobal[k].off);
    if (z[2 + n] == '=')
      *pz = z + 3 + n;
    else if (*pi + 1 < argc)
      *pz = argv[++*pi];
    else
      *pRc = EXIT_USAGE, cli_err("--%s needs a %s", aGlobal[k].zName, aGlobal[k].zArg);
    return 1;
  }
  return 0;
}

/* Read cmd's options and arguments from argv[i..argc) into *a (whose azPos the
** caller allocates for argc entries); the global options may also stand among them.
** EXIT_OK, EXIT_USAGE with a message, or ARGS_HELP when --help was printed. */
#define ARGS_HELP (-1)
static int cli_args(const Cmd *cmd, int argc, char **argv, int i, Args *a, Globals *g) {
  int rc = EXIT_OK;
  for (; i < argc && rc == EXIT_OK; i++) {
    const char *z = argv[i];
    if (!strcmp(z, "--help") || !strcmp(z, "-h")) {
      cli_help(cmd);
      return ARGS_HELP;
    }
    if (!strcmp(z, "--")) {
      for (i++; i < argc; i++) a->azPos[a->nPos++] = argv[i];
      break;
    }
    if (z[0] != '-' || z[1] != '-' || !z[2]) {
      a->azPos[a->nPos++] = argv[i];
      continue;
    }
    if (cli_global(argc, argv, &i, g, &rc)) continue;
    const char *zName = z + 2, *zEq = strchr(zName, '=');
    size_t nName = zEq ? (size_t)(zEq - zName) : strlen(zName);
    const Opt *o = cmd->aOpt;
    while (o->zName && (strlen(o->zName) != nName || strncmp(o->zName, zName, nName))) o++;
    if (!o->zName) {
      cli_err("unknown option '--%.*s' for '%s%s%s' (see --help)", (int)nName, zName, cmd->zName,
              cmd->zSub ? " " : "", cmd->zSub ? cmd->zSub : "");
      rc = EXIT_USAGE;
      break;
    }
    if (a->nSet == (int)(sizeof a->azName / sizeof a->azName[0])) {
      cli_err("too many options");
      rc = EXIT_USAGE;
      break;
    }
    a->azName[a->nSet] = o->zName;
    if (!o->zArg) {
      if (zEq) {
        cli_err("--%s takes no value", o->zName);
        rc = EXIT_USAGE;
        break;
      }
      a->azVal[a->nSet++] = "";
    } else if (zEq) {
      a->azVal[a->nSet++] = zEq + 1;
    } else if (i + 1 < argc) {
      a->azVal[a->nSet++] = argv[++i];
    } else {
      cli_err("--%s needs a value (%s)", o->zName, o->zArg);
      rc = EXIT_USAGE;
    }
  }
  if (rc == EXIT_OK && (a->nPos < cmd->minPos || a->nPos > cmd->maxPos)) {
    cli_err("wrong number of arguments");
    cli_usage_line(cmd, stderr);
    rc = EXIT_USAGE;
  }
  return rc;
}

int cli_main(int argc, char **argv) {
  Globals g = {0, 0, 0};
  int rc = EXIT_OK;
  /* Leading global options, then the command words. */
  int i = 1;
  for (; i < argc && rc == EXIT_OK; i++) {
    if (cli_global(argc, argv, &i, &g, &rc)) continue;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      cli_overview(stdout);
      return EXIT_OK;
    } else if (!strcmp(argv[i], "--version")) {
      printf("auditrack %s (schema %d)\n", AT_VERSION, db_schema_version());
      return EXIT_OK;
    } else
      break;
  }
  if (rc) return rc;
  if (i >= argc) {
    cli_overview(stderr);
    return EXIT_USAGE;
  }
  const Cmd *cmd = cli_command_find(argv[i], i + 1 < argc ? argv[i + 1] : 0);
  if (!cmd) return EXIT_USAGE;
  i += cmd->zSub ? 2 : 1;

  Args a;
  memset(&a, 0, sizeof a);
  a.azPos = xcalloc((size_t)argc, sizeof(char *));
  rc = cli_args(cmd, argc, argv, i, &a, &g);
  if (rc == ARGS_HELP) {
    free(a.azPos);
    return EXIT_OK;
  }
  Config cfg;
  memset(&cfg, 0, sizeof cfg);
  if (rc == EXIT_OK) rc = cli_config_load(g.zConfig, &cfg);
  if (rc == EXIT_OK) rc = cli_config_apply(cmd, &a, &cfg, &g.zDb);
  Ctx c;
  memset(&c, 0, sizeof c);
  c.zDbPath = g.zDb;
  c.cfg = &cfg;
  c.zActor = journal_actor();
  if (rc == EXIT_OK) rc = cli_today(g.zToday, &c.today, &c.todayFixed);
  if (rc == EXIT_OK && cmd->db) {
    char *zErr = 0;
    db_set_no_migrate(arg_has(&a, "no-migrate"));
    if (db_open(g.zDb, cmd->db == 2, &c.db, &zErr)) {
      cli_err("%s", zErr);
      free(zErr);
      rc = EXIT_FAIL;
    } else {
      db_gate(c.db, DB_GATE_CHECK); /* no command writes to a damaged file */
      long long ms = 0;
      const char *zCopy = 0;
      int from = db_migrated(c.db, &ms, &zCopy);
      /* One line on standard error (the journal under systemd), for the operator. */
      if (from >= 0)
        fprintf(stderr,
                "auditrack: %s migrated from schema version %d to %d in %lld ms; the database "
                "as it was is kept as %s\n",
                g.zDb, from, db_schema_version(), ms, zCopy ? zCopy : "(no copy)");
    }
  }
  if (rc == EXIT_OK) rc = cmd->x(&c, &a);
  if (c.out.n) fwrite(c.out.z, 1, c.out.n, stdout);
  if (fflush(stdout) != 0 && rc == EXIT_OK) {
    cli_err("cannot write output");
    rc = EXIT_FAIL;
  }
  buf_free(&c.out);
  db_close(c.db);
  config_free(&cfg);
  free(a.azPos);
  return rc;
}
