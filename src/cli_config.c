/*
** cli_config.c: where each setting comes from. A command-line option wins, then
** the environment (AUDITRACK_KEY), then the configuration file (--config FILE,
** else $AUDITRACK_CONFIG, else /etc/auditrack/auditrack.conf when it exists; ""
** reads none); `config check` prints the outcome. Settings reach a command as
** the options of the same name, so the command checks and uses them as it would
** its flags. Not for: the file's syntax or the keys (config.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

int cli_config_load(const char *zArg, Config *cfg) {
  const char *zPath = zArg;
  memset(cfg, 0, sizeof *cfg);
  if (!zPath) zPath = getenv("AUDITRACK_CONFIG");
  if (!zPath && access(CONFIG_DEFAULT_PATH, F_OK) == 0) zPath = CONFIG_DEFAULT_PATH;
  if (!zPath || !zPath[0]) return EXIT_OK;
  Buf err = BUF_INIT;
  int rc = config_read(zPath, cfg, &err);
  if (rc) cli_err("%s", buf_cstr(&err));
  buf_free(&err);
  return rc ? EXIT_USAGE : EXIT_OK;
}

/* Key i's value from the environment, or NULL; *pBad when it is set but wrong
** (message printed). */
static const char *config_env(int i, int *pBad) {
  char zName[64];
  config_env_name(i, zName, sizeof zName);
  const char *z = getenv(zName);
  if (!z || !z[0]) return 0;
  Buf err = BUF_INIT;
  if (config_value_check(i, z, &err)) {
    cli_err("$%s: %s", zName, buf_cstr(&err));
    *pBad = 1;
  }
  buf_free(&err);
  return z;
}

/* Has cmd an option --zName? Its table entry, or NULL. */
static const Opt *cmd_opt(const Cmd *cmd, const char *zName) {
  for (const Opt *o = cmd->aOpt; o->zName; o++) {
    if (!strcmp(o->zName, zName)) return o;
  }
  return 0;
}

int cli_config_apply(const Cmd *cmd, Args *a, const Config *cfg, const char **pzDb) {
  int bad = 0;
  for (int i = 0; config_keys[i].zKey; i++) {
    const char *zKey = config_keys[i].zKey;
    int isDb = !strcmp(zKey, "db");
    const Opt *o = isDb ? 0 : cmd_opt(cmd, zKey);
    if (!isDb && !o) continue;
    if (isDb ? *pzDb != 0 : arg_has(a, zKey)) continue; /* the command line's */
    const char *z = config_env(i, &bad);
    if (!z) z = cfg->azVal[i];
    if (!z) continue;
    if (isDb) {
      *pzDb = z;
    } else if (config_keys[i].kind != CONF_BOOL || config_bool(z)) {
      if (a->nSet == (int)(sizeof a->azName / sizeof a->azName[0])) {
        cli_err("too many options");
        return EXIT_USAGE;
      }
      a->azName[a->nSet] = o->zName;
      a->azVal[a->nSet++] = config_keys[i].kind == CONF_BOOL ? "" : z;
    }
  }
  if (!*pzDb) *pzDb = "auditrack.db";
  return bad ? EXIT_USAGE : EXIT_OK;
}

void config_keys_help(Buf *b) {
  for (int i = 0; config_keys[i].zKey; i++) {
    char zEnv[64];
    config_env_name(i, zEnv, sizeof zEnv);
    buf_appendf(b, "  %-20s %s (default: %s; $%s)\n", config_keys[i].zKey, config_keys[i].zHelp,
                config_keys[i].zDflt, zEnv);
  }
}

int cmd_config_check(Ctx *c, Args *a) {
  Config own, *cfg = c->cfg;
  if (a->nPos) {
    cfg = &own;
    memset(&own, 0, sizeof own);
    Buf err = BUF_INIT;
    int rc = config_read(a->azPos[0], cfg, &err);
    if (rc) cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    if (rc) return EXIT_USAGE;
  }
  int bad = 0;
  buf_appendf(&c->out, "# %s\n", cfg->zPath ? cfg->zPath : "no configuration file");
  for (int i = 0; config_keys[i].zKey; i++) {
    const ConfKey *k = &config_keys[i];
    char zEnv[64], zFrom[96];
    config_env_name(i, zEnv, sizeof zEnv);
    const char *z = config_env(i, &bad);
    if (!strcmp(k->zKey, "db") && cfg == c->cfg && c->zDbPath && c->zDbPath != z &&
        c->zDbPath != cfg->azVal[i] && strcmp(c->zDbPath, "auditrack.db")) {
      /* cli_config_apply left the value it chose: anything else came from --db. */
      buf_appendf(&c->out, "db = %s  # --db\n", c->zDbPath);
      continue;
    }
    if (z) {
      snprintf(zFrom, sizeof zFrom, "$%s", zEnv);
    } else if ((z = cfg->azVal[i]) != 0) {
      snprintf(zFrom, sizeof zFrom, "line %d", cfg->aLine[i]);
    } else {
      buf_appendf(&c->out, "%s = %s  # default\n", k->zKey, k->zDflt);
      continue;
    }
    buf_appendf(&c->out, "%s = %s  # %s\n", k->zKey, k->secret ? "(set)" : z, zFrom);
  }
  if (cfg == &own) config_free(&own);
  return bad ? EXIT_USAGE : EXIT_OK;
}
