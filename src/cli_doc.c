/*
** cli_doc.c: `manual` and `completion bash`: the manual pages auditrack(1) and
** auditrack-serve(8), and bash completion, written from the command table, the
** global options and the configuration keys, the same declarations --help prints.
** So a command or option cannot be missing from either, and test/e2e/install.sh
** checks the installed page against --help.
** Not for: what the commands do, or parsing (cli.c).
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"

/* Text for a troff line: backslashes as \e, a leading '.' or '\'' guarded. */
static void roff_text(Buf *b, const char *z) {
  if (*z == '.' || *z == '\'') buf_puts(b, "\\&");
  for (; *z; z++) {
    if (*z == '\\')
      buf_puts(b, "\\e");
    else
      buf_putc(b, *z);
  }
}

/* An option's name in bold with its dashes as \-, and its argument in italics. */
static void roff_opt(Buf *b, const Opt *o) {
  buf_puts(b, ".TP\n\\fB\\-\\-");
  for (const char *z = o->zName; *z; z++) buf_puts(b, *z == '-' ? "\\-" : (char[2]){*z, 0});
  buf_puts(b, "\\fR");
  if (o->zArg) buf_appendf(b, " \\fI%s\\fR", o->zArg);
  buf_putc(b, '\n');
  roff_text(b, o->zHelp);
  buf_putc(b, '\n');
}

static void roff_cmd(Buf *b, const Cmd *c) {
  buf_appendf(b, ".SS \"auditrack %s%s%s%s%s\"\n", c->zName, c->zSub ? " " : "",
              c->zSub ? c->zSub : "", c->zPos[0] ? " " : "", c->zPos);
  roff_text(b, c->zHelp);
  buf_putc(b, '\n');
  for (const Opt *o = c->aOpt; o->zName; o++) roff_opt(b, o);
}

static void roff_keys(Buf *b) {
  for (int i = 0; config_keys[i].zKey; i++) {
    char zEnv[64];
    config_env_name(i, zEnv, sizeof zEnv);
    buf_appendf(b, ".TP\n\\fB%s\\fR (\\fB$%s\\fR)\n", config_keys[i].zKey, zEnv);
    roff_text(b, config_keys[i].zHelp);
    buf_puts(b, "; default: ");
    roff_text(b, config_keys[i].zDflt);
    buf_puts(b, ".\n");
  }
}

static void man_auditrack(Buf *b) {
  buf_appendf(b, ".TH AUDITRACK 1 \"\" \"auditrack %s\" \"User Commands\"\n", AT_VERSION);
  buf_puts(b, ".SH NAME\nauditrack \\- follow up internal audit recommendations and write "
              "committee reports\n.SH SYNOPSIS\n.B auditrack\n[\\fB\\-\\-db\\fR \\fIPATH\\fR] "
              "[\\fB\\-\\-config\\fR \\fIFILE\\fR] [\\fB\\-\\-today\\fR \\fIDATE\\fR] "
              "\\fICOMMAND\\fR [\\fIoptions\\fR]\n.br\n.B auditrack\n\\fICOMMAND\\fR "
              "\\fB\\-\\-help\\fR\n.SH DESCRIPTION\n"
              "auditrack keeps a register of internal audit recommendations from the day they "
              "are agreed to the day internal audit confirms them implemented, computes every "
              "figure as at a date, writes the reports audit committees read, and serves a web "
              "application (see \\fBauditrack-serve\\fR(8)). Every write is journalled in a "
              "hash chain that \\fBauditrack verify\\fR checks.\n"
              ".PP\nExit status: 0 on success, 1 on a failure, 2 on a usage error.\n"
              ".SH GLOBAL OPTIONS\nThese may stand before the command or among its options.\n");
  for (const Opt *o = cli_global_opts; o->zName; o++) roff_opt(b, o);
  buf_puts(b, ".TP\n\\fB\\-\\-help\\fR\nthe commands, or with a command its usage and options\n"
              ".TP\n\\fB\\-\\-version\\fR\nthe version and the database schema it writes\n"
              ".SH COMMANDS\n");
  for (const Cmd *c = cli_commands; c->zName; c++) roff_cmd(b, c);
  buf_puts(b, ".SH CONFIGURATION\nEach key of the configuration file, one \\fIkey\\fR = "
              "\\fIvalue\\fR a line; the environment variable overrides it, and the command "
              "option of the same name overrides both. \\fBauditrack config check\\fR prints "
              "what is in force.\n");
  roff_keys(b);
  buf_puts(b, ".SH ENVIRONMENT\n.TP\n\\fBAUDITRACK_CONFIG\\fR\nthe configuration file; "
              "empty: none\n.TP\n\\fBAUDITRACK_TODAY\\fR\ntake this date as today (tests "
              "only)\n.TP\n\\fBAUDITRACK_USER\\fR\nwho the journal says acted (default "
              "\\fB$USER\\fR)\n.TP\n\\fBAUDITRACK_SMTP_PASSWORD\\fR\nthe SMTP password for "
              "\\fBnotify\\fR\n.SH FILES\n.TP\n\\fI" CONFIG_DEFAULT_PATH "\\fR\nthe "
              "configuration file\n.TP\n\\fI/var/lib/auditrack/auditrack.db\\fR\nthe database, "
              "as the Debian package configures it; evidence files beside it in "
              "\\fIauditrack.db.evidence\\fR\n.SH SEE ALSO\n\\fBauditrack-serve\\fR(8), "
              "\\fBsqlite3\\fR(1)\n");
}

static void man_serve(Buf *b) {
  const Cmd *serve = cli_commands;
  while (serve->zName && strcmp(serve->zName, "serve")) serve++;
  buf_appendf(b, ".TH AUDITRACK-SERVE 8 \"\" \"auditrack %s\" \"System Administration\"\n",
              AT_VERSION);
  buf_puts(b, ".SH NAME\nauditrack-serve \\- run auditrack's web application\n.SH SYNOPSIS\n"
              ".B auditrack\n[\\fB\\-\\-config\\fR \\fIFILE\\fR] \\fBserve\\fR "
              "[\\fIoptions\\fR]\n.SH DESCRIPTION\n\\fBauditrack serve\\fR is the whole web "
              "application: one process, the database file and its evidence directory. It "
              "speaks plain HTTP on a loopback address; put a TLS-terminating proxy in front "
              "of it. It runs the daily e-mail notifications itself. SIGTERM or SIGINT stops "
              "it: requests in flight get up to 10 seconds. Under systemd, the Debian "
              "package's \\fIauditrack.service\\fR runs it as the \\fBauditrack\\fR user with "
              "\\fI" CONFIG_DEFAULT_PATH "\\fR.\n.SH OPTIONS\n");
  for (const Opt *o = serve->aOpt; o->zName; o++) roff_opt(b, o);
  buf_puts(b, ".SH CONFIGURATION FILE\nEvery option above but \\fB\\-\\-throttle\\-clock\\fR "
              "may be set in the configuration file instead; the command line wins, then the "
              "environment, then the file.\n");
  roff_keys(b);
  buf_puts(b, ".SH MONITORING\n.TP\n\\fBGET /healthz\\fR\n200 \\fBok\\fR when the database "
              "answers and the register loads; 503 and the part that failed otherwise. No "
              "sign-in.\n.TP\n\\fBGET /metrics\\fR\nPrometheus text format: requests by route "
              "and status, a latency histogram, the register's generation and size, the "
              "outbox, the last notification run. Only to the \\fBmetrics-allow\\fR addresses "
              "or with the \\fBmetrics-token\\fR; 404 to anyone else.\n"
              ".SH BACKUPS\n\\fBauditrack backup\\fR \\fIDIR\\fR takes a consistent backup "
              "while the server runs; \\fBauditrack restore\\fR \\fIDIR\\fR restores it (stop "
              "the server first) and verifies the journal against the backup's manifest.\n"
              ".SH SEE ALSO\n\\fBauditrack\\fR(1)\n");
}

int cmd_manual(Ctx *c, Args *a) {
  const char *zPage = a->nPos ? a->azPos[0] : "auditrack.1";
  if (!strcmp(zPage, "auditrack.1")) {
    man_auditrack(&c->out);
  } else if (!strcmp(zPage, "auditrack-serve.8")) {
    man_serve(&c->out);
  } else {
    cli_err("no manual page '%s': auditrack.1 or auditrack-serve.8", zPage);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

/* Each word once: the command names, or the second words of group zName. */
static void words(Buf *b, const char *zName) {
  for (const Cmd *c = cli_commands; c->zName; c++) {
    const char *z = zName ? (strcmp(c->zName, zName) ? 0 : c->zSub) : c->zName;
    if (!z) continue;
    int seen = 0; /* a group's name is listed once */
    for (const Cmd *d = cli_commands; d < c && !zName; d++) seen |= !strcmp(d->zName, z);
    if (!seen) buf_appendf(b, " %s", z);
  }
}

static void options(Buf *b, const Opt *a) {
  for (const Opt *o = a; o->zName; o++) buf_appendf(b, " --%s", o->zName);
}

int cmd_completion(Ctx *c, Args *a) {
  (void)a;
  Buf *b = &c->out;
  buf_puts(b, "# bash completion for auditrack, written by `auditrack completion bash`\n"
              "_auditrack() {\n"
              "  local cur=${COMP_WORDS[COMP_CWORD]} cmd= sub= i w words\n"
              "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
              "    w=${COMP_WORDS[i]}\n"
              "    case $w in\n");
  buf_puts(b, "      ");
  for (const Opt *o = cli_global_opts; o->zName; o++) buf_appendf(b, "--%s|", o->zName);
  buf_puts(b, "--help) [[ $w == --help ]] || ((i++)); continue ;;\n"
              "      -*) continue ;;\n"
              "    esac\n"
              "    if [[ -z $cmd ]]; then cmd=$w; elif [[ -z $sub ]]; then sub=$w; fi\n"
              "  done\n"
              "  words=\"--help");
  for (const Opt *o = cli_global_opts; o->zName; o++) buf_appendf(b, " --%s", o->zName);
  buf_puts(b, "\"\n  case \"$cmd|$sub\" in\n");
  for (const Cmd *d = cli_commands; d->zName; d++) {
    if (d->zSub)
      buf_appendf(b, "    \"%s|%s\")", d->zName, d->zSub);
    else
      buf_appendf(b, "    \"%s|\"*)", d->zName);
    buf_puts(b, " words+=\"");
    options(b, d->aOpt);
    buf_puts(b, "\" ;;\n");
  }
  buf_puts(b, "  esac\n  if [[ $cur == -* ]]; then\n"
              "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
              "  elif [[ -z $cmd ]]; then\n    COMPREPLY=($(compgen -W \"");
  words(b, 0);
  buf_puts(b, "\" -- \"$cur\"))\n  elif [[ -z $sub ]]; then\n    case $cmd in\n");
  for (const Cmd *d = cli_commands; d->zName; d++) {
    if (!d->zSub || (d > cli_commands && !strcmp(d[-1].zName, d->zName))) continue;
    buf_appendf(b, "      %s) COMPREPLY=($(compgen -W \"", d->zName);
    words(b, d->zName);
    buf_puts(b, "\" -- \"$cur\")) ;;\n");
  }
  buf_puts(b, "    esac\n  fi\n}\ncomplete -o default -F _auditrack auditrack\n");
  return EXIT_OK;
}
