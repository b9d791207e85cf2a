/*
** config.h: the configuration file (/etc/auditrack/auditrack.conf: `key = value`
** lines and `#` comments) and its keys. Each key is declared once, in config.c's
** table: its kind, its range, whether it is a secret, its help. The file's
** parser, the environment variable that overrides it (AUDITRACK_ and the key in
** capitals, dashes as underscores), `config check`, the man page and the example
** file all come from that table; the same key is also the command-line option
** (--KEY) that overrides both.
** Not for: what a setting does (cli_serve.c, http.c), or the policy and
** notification settings kept in the database (model.c, notify.c).
*/
#ifndef AT_CONFIG_H
#define AT_CONFIG_H

#include "buf.h"

typedef enum ConfKind {
  CONF_PATH, /* a file or directory name, not empty */
  CONF_INT,  /* a whole number from lo to hi */
  CONF_BOOL, /* yes/no, true/false, on/off, 1/0 */
  CONF_ADDR, /* ADDRESS:PORT to listen on */
  CONF_IPS,  /* IP addresses (v4 or v6), separated by commas or spaces */
  CONF_TEXT, /* one line, not empty */
  CONF_KIND__MAX
} ConfKind;

typedef struct ConfKey {
  const char *zKey; /* "evidence-dir": also the option --evidence-dir */
  ConfKind kind;
  long lo, hi;       /* CONF_INT */
  int secret;        /* never printed: config check says "(set)" */
  const char *zDflt; /* the default, as config check prints it */
  const char *zHelp; /* one sentence */
} ConfKey;

extern const ConfKey config_keys[]; /* terminated by {0} */
/* The index of zKey in config_keys, or -1. */
int config_key_find(const char *zKey);
/* The environment variable of key i: "AUDITRACK_EVIDENCE_DIR" into z (n bytes). */
void config_env_name(int i, char *z, size_t n);

/* Is zVal a good value of key i? 0, or 1 with the reason in err (appended,
** without the key's name: "must be a whole number from 1 to 128, not 'x'"). */
int config_value_check(int i, const char *zVal, Buf *err) AT_MUST;
/* A CONF_BOOL value: 1 for yes/true/on/1, else 0 (after config_value_check). */
int config_bool(const char *zVal);

#define CONFIG_MAX_KEYS 32
typedef struct Config {
  char *zPath;                  /* heap: the file read, or NULL when none */
  char *azVal[CONFIG_MAX_KEYS]; /* heap: each key's value from the file, or NULL */
  int aLine[CONFIG_MAX_KEYS];   /* its line */
} Config;

/* Read zPath into *cfg (which starts zeroed). Every line is blank, a comment
** (first non-blank character '#') or `key = value`; an unknown key, a key given
** twice, a line without '=' or a bad value is an error "PATH:LINE: KEY: reason"
** in err, and returns 1 (cfg then holds nothing). Returns 0. Free with config_free. */
int config_read(const char *zPath, Config *cfg, Buf *err) AT_MUST;
void config_free(Config *cfg);

/* The default configuration file, read when it exists and neither --config nor
** $AUDITRACK_CONFIG names another. */
#define CONFIG_DEFAULT_PATH "/etc/auditrack/auditrack.conf"

#endif
