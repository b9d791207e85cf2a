/*
** config.c: the configuration file's keys (one table), its parser and the
** check of each value. A value is checked where it is read, so that a bad one
** is reported with the file, the line and the key, before anything starts.
** Not for: which source wins (cli_config.c: the command line, then the
** environment, then the file) or what a setting does (cli_serve.c, http.c).
*/
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

const ConfKey config_keys[] = {
    {"db", CONF_PATH, 0, 0, 0, "./auditrack.db", "the database file"},
    {"evidence-dir", CONF_PATH, 0, 0, 0, "DB + .evidence",
     "where evidence files are kept, named by their SHA-256"},
    {"listen", CONF_ADDR, 0, 0, 0, "127.0.0.1:8080",
     "where serve listens: ADDRESS:PORT (* for every address)"},
    {"threads", CONF_INT, 1, 128, 0, "one per CPU", "serve's worker threads"},
    {"log", CONF_PATH, 0, 0, 0, "standard error", "serve's access log, appended to"},
    {"no-migrate", CONF_BOOL, 0, 0, 0, "no",
     "serve refuses a database made by an older version instead of migrating it (a copy of "
     "it is kept first when it does migrate)"},
    {"log-json", CONF_BOOL, 0, 0, 0, "no",
     "the access log as JSON lines (time, addr, user, method, path, status, bytes, us, login, "
     "completed) for log collectors"},
    {"trust-proxy", CONF_BOOL, 0, 0, 0, "no",
     "behind a reverse proxy on this machine: believe X-Forwarded-For and X-Forwarded-Proto "
     "from loopback addresses"},
    {"proxy-address", CONF_IPS, 0, 0, 0, "none",
     "with a proxy on another machine: believe those headers from this address only"},
    {"metrics-allow", CONF_IPS, 0, 0, 0, "127.0.0.1 ::1",
     "the addresses /metrics answers (others get 404)"},
    {"metrics-token", CONF_TEXT, 0, 0, 1, "none",
     "a bearer token that also opens /metrics from any address (at least 32 characters)"},
    {"upload-mb", CONF_INT, 1, 1024, 0, "10", "the largest evidence file, in MB"},
    {"evidence-user-mb", CONF_INT, 0, 1000000, 0, "200",
     "what one account's evidence files may take, in MB; 0 for no limit"},
    {"evidence-total-mb", CONF_INT, 0, 100000000, 0, "10240",
     "what every evidence file together may take, in MB; 0 for no limit"},
    {"tracker-hours", CONF_INT, 1, 8760, 0, "24",
     "an uploaded tracker not imported is removed after this many hours"},
    {"idle-minutes", CONF_INT, 1, 1440, 0, "30", "a session unused this long ends"},
    {"session-hours", CONF_INT, 1, 720, 0, "12",
     "a session ends this long after signing in, however busy"},
    {"max-connections", CONF_INT, 1, 100000, 0, "512", "open connections at once"},
    {"max-per-address", CONF_INT, 0, 100000, 0, "64 (none with trust-proxy)",
     "open connections at once from one address; 0 for no cap"},
    {"idle-seconds", CONF_INT, 1, 3600, 0, "20",
     "a connection that sends nothing for this long is closed"},
    {"request-seconds", CONF_INT, 1, 3600, 0, "120",
     "a request whose body has not arrived this long after its headers is closed"},
    {"lockout-seconds", CONF_INT, 1, 86400, 0, "300",
     "the longest wait failed sign-ins impose on an account from one address"},
    {"throttle-seconds", CONF_INT, 1, 86400, 0, "2",
     "the first wait once failed sign-ins are no longer free, doubling from there"},
    {0, 0, 0, 0, 0, 0, 0},
};
_Static_assert(sizeof config_keys / sizeof config_keys[0] <= CONFIG_MAX_KEYS + 1,
               "Config's arrays hold every key");

int config_key_find(const char *zKey) {
  for (int i = 0; config_keys[i].zKey; i++) {
    if (!strcmp(config_keys[i].zKey, zKey)) return i;
  }
  return -1;
}

void config_env_name(int i, char *z, size_t n) {
  int m = snprintf(z, n, "AUDITRACK_%s", config_keys[i].zKey);
  for (int j = 10; j < m && (size_t)j < n; j++) {
    z[j] = z[j] == '-' ? '_' : (char)toupper((unsigned char)z[j]);
  }
}

static const char *const azTrue[] = {"yes", "true", "on", "1", 0};
static const char *const azFalse[] = {"no", "false", "off", "0", 0};

static int word_in(const char *z, const char *const *az) {
  for (; *az; az++) {
    if (!strcasecmp(z, *az)) return 1;
  }
  return 0;
}

int config_bool(const char *zVal) { return word_in(zVal, azTrue); }

/* Each address of a CONF_IPS list (commas or spaces between them) is one. */
static int ips_check(const char *zVal, Buf *err) {
  const char *z = zVal;
  int n = 0;
  while (*z) {
    size_t k = strcspn(z, ", \t");
    if (k) {
      char zIp[64];
      unsigned char a[16];
      if (k >= sizeof zIp) return buf_fail(err, 1, "'%.*s' is not an IP address", (int)k, z);
      memcpy(zIp, z, k);
      zIp[k] = 0;
      if (inet_pton(AF_INET, zIp, a) != 1 && inet_pton(AF_INET6, zIp, a) != 1)
        return buf_fail(err, 1, "'%s' is not an IP address", zIp);
      n++;
    }
    z += k;
    z += strspn(z, ", \t");
  }
  return n ? 0 : buf_fail(err, 1, "needs at least one IP address");
}

int config_value_check(int i, const char *zVal, Buf *err) {
  const ConfKey *k = &config_keys[i];
  if (!zVal[0]) return buf_fail(err, 1, "needs a value");
  switch (k->kind) {
  case CONF_INT: {
    char *zEnd = 0;
    long v = strtol(zVal, &zEnd, 10);
    if (*zEnd || v < k->lo || v > k->hi)
      return buf_fail(err, 1, "must be a whole number from %ld to %ld, not '%s'", k->lo, k->hi,
                      zVal);
    return 0;
  }
  case CONF_BOOL:
    if (word_in(zVal, azTrue) || word_in(zVal, azFalse)) return 0;
    return buf_fail(err, 1, "must be yes or no, not '%s'", zVal);
  case CONF_ADDR: {
    const char *zColon = strrchr(zVal, ':');
    char *zEnd = 0;
    long port = zColon ? strtol(zColon + 1, &zEnd, 10) : -1;
    if (!zColon || !zColon[1] || *zEnd || port < 0 || port > 65535)
      return buf_fail(err, 1, "must be ADDRESS:PORT (as 127.0.0.1:8080), not '%s'", zVal);
    return 0;
  }
  case CONF_IPS: return ips_check(zVal, err);
  case CONF_TEXT:
    if (k->secret && strlen(zVal) < 32)
      return buf_fail(err, 1, "must be at least 32 characters (a random token)");
    return 0;
  case CONF_PATH:
  case CONF_KIND__MAX: break;
  }
  return 0;
}

static char *trim(char *z) {
  while (isspace((unsigned char)*z)) z++;
  size_t n = strlen(z);
  while (n && isspace((unsigned char)z[n - 1])) z[--n] = 0;
  return z;
}

/* One line (NUL-terminated, no newline) into cfg: 0, or 1 with "KEY: reason" in err. */
static int config_line(char *zLine, int iLine, Config *cfg, Buf *err) {
  char *z = trim(zLine);
  if (!z[0] || z[0] == '#') return 0;
  char *zEq = strchr(z, '=');
  if (!zEq) return buf_fail(err, 1, "not 'key = value': '%s'", z);
  *zEq = 0;
  char *zKey = trim(z), *zVal = trim(zEq + 1);
  int i = config_key_find(zKey);
  if (i < 0) return buf_fail(err, 1, "%s: unknown key (config check --help lists them)", zKey);
  if (cfg->azVal[i])
    return buf_fail(err, 1, "%s: given again (first on line %d)", zKey, cfg->aLine[i]);
  Buf why = BUF_INIT;
  int bad = config_value_check(i, zVal, &why);
  if (bad) buf_appendf(err, "%s: %s", zKey, buf_cstr(&why));
  buf_free(&why);
  if (bad) return 1;
  cfg->azVal[i] = xstrdup(zVal);
  cfg->aLine[i] = iLine;
  return 0;
}

int config_read(const char *zPath, Config *cfg, Buf *err) {
  FileData f;
  if (file_load(zPath, &f, err)) return 1;
  Buf line = BUF_INIT, why = BUF_INIT;
  int rc = 0, iLine = 0;
  for (size_t i = 0; i < f.n && !rc;) {
    size_t j = i;
    while (j < f.n && f.z[j] != '\n') j++;
    iLine++;
    buf_reset(&line);
    buf_append(&line, f.z + i, j - i);
    if (memchr(f.z + i, 0, j - i) || !utf8_encoding_valid(f.z + i, j - i))
      rc = buf_fail(&why, 1, "not UTF-8 text");
    else
      rc = config_line((char *)buf_cstr(&line), iLine, cfg, &why);
    i = j + 1;
  }
  if (rc) {
    buf_appendf(err, "%s:%d: %s", zPath, iLine, buf_cstr(&why));
    config_free(cfg);
  } else {
    cfg->zPath = xstrdup(zPath);
  }
  buf_free(&line);
  buf_free(&why);
  file_free(&f);
  return rc;
}

void config_free(Config *cfg) {
  for (int i = 0; i < CONFIG_MAX_KEYS; i++) free(cfg->azVal[i]);
  free(cfg->zPath);
  memset(cfg, 0, sizeof *cfg);
}
