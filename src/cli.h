/*
** cli.h: the command table and what every command handler receives.
**
** One dispatcher (cli.c) parses options against each command's declared
** options, prints --help, opens the database, and maps results to exit codes:
** 0 ok, 1 failure, 2 usage. Handlers stay short and never parse argv.
** Not for: domain rules or SQL.
*/
#ifndef AT_CLI_H
#define AT_CLI_H

#include "buf.h"
#include "date.h"
#include "db.h"
#include "model.h"
#include "report.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* The version --version prints (and the Debian package and man pages carry). */
#define AT_VERSION "0.1"

typedef struct Opt {
  const char *zName; /* "as-at" for --as-at */
  const char *zArg;  /* "DATE", or NULL for a flag */
  const char *zHelp;
} Opt;

typedef struct Args {
  int nPos;
  char **azPos;
  int nSet;
  const char *azName[32];
  const char *azVal[32]; /* "" for flags */
} Args;

typedef struct Ctx {
  const char *zDbPath;
  Db *db;  /* open when the command needs it */
  Buf out; /* what goes to stdout, written at the end */
  const char *zActor;
  Day today;          /* read once per command (cli_main): nothing below reads the clock */
  Day todayFixed;     /* --today or $AUDITRACK_TODAY, else DAY_NONE */
  struct Config *cfg; /* the configuration file read (config.h; empty when none) */
} Ctx;

typedef struct Cmd {
  const char *zName, *zSub; /* "rec", "list"; zSub NULL for single-word commands */
  int (*x)(Ctx *, Args *);
  const char *zPos; /* positional arguments for usage: "ID", "FILE" */
  int minPos, maxPos;
  int db;            /* 0: no database, 1: existing database, 2: create */
  const char *zHelp; /* one paragraph */
  const Opt *aOpt;   /* terminated by {0} */
} Cmd;

extern const Cmd cli_commands[];    /* terminated by {0} */
extern const Opt cli_global_opts[]; /* --db, --config, --today: before or after the command */

int cli_main(int argc, char **argv);

/* Option access. */
const char *arg_get(const Args *a, const char *zName); /* NULL if not given */
int arg_has(const Args *a, const char *zName);
/* Parse --NAME as a date (DATE_EXACT, or TBC when allowTbc); unset gives dflt.
** Prints "auditrack: --NAME: reason" and returns EXIT_USAGE on a bad value. */
int arg_day(const Args *a, const char *zName, Day dflt, Day *pOut);
/* Parse positional i as a positive id; prints and returns EXIT_USAGE if not. */
int arg_id(const Args *a, int i, const char *zWhat, long long *pId);
/* Print "auditrack: " + message to stderr. */
void cli_err(const char *zFmt, ...) AT_PRINTF(1, 2);

/* Command groups (cli_*.c). */
int cmd_init(Ctx *, Args *);
int cmd_import(Ctx *, Args *);
int cmd_audit_add(Ctx *, Args *);
int cmd_audit_list(Ctx *, Args *);
int cmd_audit_show(Ctx *, Args *);
int cmd_audit_followup(Ctx *, Args *);
int cmd_audit_set(Ctx *, Args *);
int cmd_scale_add(Ctx *, Args *);
int cmd_cycle_add(Ctx *, Args *);
int cmd_cycle_list(Ctx *, Args *);
int cmd_cycle_remove(Ctx *, Args *);
int cmd_cycle_state(Ctx *, Args *);
int cmd_cycle_text(Ctx *, Args *);
int cmd_cycle_text_show(Ctx *, Args *);
int cmd_cycle_text_remove(Ctx *, Args *);
int cmd_rec_add(Ctx *, Args *);
int cmd_rec_list(Ctx *, Args *);
int cmd_rec_show(Ctx *, Args *);
int cmd_rec_set(Ctx *, Args *);
int cmd_rec_update(Ctx *, Args *);
int cmd_rec_revise(Ctx *, Args *);
int cmd_rec_review(Ctx *, Args *);
int cmd_rec_close(Ctx *, Args *);
int cmd_rec_reopen(Ctx *, Args *);
int cmd_decision_add(Ctx *, Args *);
int cmd_policy_show(Ctx *, Args *);
int cmd_policy_set(Ctx *, Args *);
int cmd_scale_list(Ctx *, Args *);
int cmd_report(Ctx *, Args *);
int cmd_log(Ctx *, Args *);
int cmd_verify(Ctx *, Args *);
int cmd_user_add(Ctx *, Args *);
int cmd_user_list(Ctx *, Args *);
int cmd_user_passwd(Ctx *, Args *);
int cmd_user_disable(Ctx *, Args *);
int cmd_user_role(Ctx *, Args *);
int cmd_user_set(Ctx *, Args *);
int cmd_sso_add(Ctx *, Args *);
int cmd_sso_list(Ctx *, Args *);
int cmd_sso_set(Ctx *, Args *);
int cmd_sso_remove(Ctx *, Args *);
int cmd_sso_passwords(Ctx *, Args *);
int cmd_user_invite(Ctx *, Args *);
int cmd_user_settings(Ctx *, Args *);
int cmd_user_2fa_reset(Ctx *, Args *);
int cmd_token_add(Ctx *, Args *);
int cmd_serve(Ctx *, Args *);
int cmd_pack_set(Ctx *, Args *);
int cmd_pack_remove(Ctx *, Args *);
int cmd_pack_list(Ctx *, Args *);
int cmd_pack_show(Ctx *, Args *);
/* For `report pack`: the definition (--pack-file, --pack, else the policy's
** "pack") into *pk and in->pack. The caller frees pk (pack_free), also on failure. Returns 0
** or an exit status, the message printed. (cli_pack.c) */
struct ReportInput;
struct Pack;
int cli_report_extra(Ctx *c, const Args *a, const Policy *p, struct ReportInput *in,
                     struct Pack *pk);
int cmd_rec_delegate(Ctx *, Args *);
int cmd_routes(Ctx *, Args *);
int cmd_export(Ctx *, Args *);

/* The configuration file (cli_config.c). Read the file --config named (zArg), else
** $AUDITRACK_CONFIG's, else CONFIG_DEFAULT_PATH when it exists, into *cfg: EXIT_OK, or
** EXIT_USAGE with "FILE:LINE: KEY: reason" printed. */
struct Config;
int cli_config_load(const char *zArg, struct Config *cfg);
/* Give cmd each setting it has an option for and the command line did not set: from
** $AUDITRACK_KEY, else the file; and *pzDb when NULL (no --db): $AUDITRACK_DB, else
** the file's db, else ./auditrack.db. EXIT_OK, or EXIT_USAGE with the bad variable
** named. The values stay cfg's (or the environment's). */
int cli_config_apply(const Cmd *cmd, Args *a, const struct Config *cfg, const char **pzDb);
/* One line per key, for config check --help. */
void config_keys_help(Buf *b);
int cmd_config_check(Ctx *, Args *);
/* The manual pages and shell completion, made from the command table (cli_doc.c). */
int cmd_manual(Ctx *, Args *);
int cmd_completion(Ctx *, Args *);
/* Backups (cli_backup.c). */
int cmd_backup(Ctx *, Args *);
int cmd_restore(Ctx *, Args *);

/* Print rp in f where --output says (FILE, written as FILE.tmp then renamed), else to
** standard output; PDF and XLSX are refused on a terminal. EMIT_ROWS: CSV and JSON print the
** first section's rows only (rec list, export); EMIT_TRACKER: XLSX puts that table
** first, headings in row 1 (export). Returns 0 or an exit code after printing why. */
enum { EMIT_ROWS = 1, EMIT_TRACKER = 2 };
int cli_emit(Ctx *c, const Args *a, const Report *rp, ReportFormat f, int mode);

/* Notifications and people (cli_notify.c). */
int cmd_notify(Ctx *, Args *);
int cmd_notify_outbox(Ctx *, Args *);
int cmd_notify_release(Ctx *, Args *);
int cmd_notify_set(Ctx *, Args *);
int cmd_notify_show(Ctx *, Args *);
int cmd_notify_template(Ctx *, Args *);
int cmd_notify_notices(Ctx *, Args *);
int cmd_person_set(Ctx *, Args *);
int cmd_person_stop(Ctx *, Args *);
int cmd_person_list(Ctx *, Args *);

/* Act and answer: print an act_* function's failure (err) and turn its ActRc
** into an exit status (ACT_INVALID: EXIT_USAGE; other failures: EXIT_FAIL).
** Frees err. */
int cli_act_exit(int rc, Buf *err);
/* cli_act_exit, and when the act succeeded the line zFmt to the command's output:
** the end of every command that changes one thing. Pass what zFmt prints in
** variables set before the call (argument order is unspecified in C). */
int cli_act_done(Ctx *c, int rc, Buf *err, const char *zFmt, ...) AT_PRINTF(4, 5);

#endif
