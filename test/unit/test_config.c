/*
** test_config.c: the configuration file's parser and the check of each value:
** comments and blank lines, spaces around '=', every kind of key, and the
** file, line and key named in each error.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "t.h"

/* Write z to a temporary file and read it as a configuration: 0 or 1, err filled. */
static int read_text(const char *z, Config *cfg, Buf *err) {
  char zPath[] = "/tmp/at-config-XXXXXX";
  int fd = mkstemp(zPath);
  if (fd < 0 || write(fd, z, strlen(z)) != (ssize_t)strlen(z)) abort();
  close(fd);
  memset(cfg, 0, sizeof *cfg);
  int rc = config_read(zPath, cfg, err);
  /* The path is random: say it as F in what the tests compare. */
  const char *zAt = strstr(buf_cstr(err), zPath);
  if (zAt) {
    Buf b = BUF_INIT;
    buf_append(&b, err->z, (size_t)(zAt - err->z));
    buf_puts(&b, "F");
    buf_puts(&b, zAt + strlen(zPath));
    buf_reset(err);
    buf_puts(err, buf_cstr(&b));
    buf_free(&b);
  }
  unlink(zPath);
  return rc;
}

TEST(config_reads_keys_comments_and_spaces) {
  Config cfg;
  Buf err = BUF_INIT;
  int rc =
      read_text("# a comment\n\n   # indented comment\n  threads=4 \n"
                "listen = 127.0.0.1:9000\ntrust-proxy = Yes\r\nmetrics-allow = 10.0.0.1, ::1\n",
                &cfg, &err);
  CHECK_INT(rc, 0);
  CHECK_STR(cfg.azVal[config_key_find("threads")], "4");
  CHECK_INT(cfg.aLine[config_key_find("threads")], 4);
  CHECK_STR(cfg.azVal[config_key_find("listen")], "127.0.0.1:9000");
  CHECK_STR(cfg.azVal[config_key_find("trust-proxy")], "Yes");
  CHECK_INT(config_bool("Yes"), 1);
  CHECK_INT(config_bool("off"), 0);
  CHECK(cfg.azVal[config_key_find("db")] == 0);
  config_free(&cfg);
  buf_free(&err);
}

TEST(config_errors_name_file_line_and_key) {
  const char *a[][2] = {
      {"threads = 4\nthreds = 2\n", "F:2: threds: unknown key (config check --help lists them)"},
      {"\n\nthreads = 0\n", "F:3: threads: must be a whole number from 1 to 128, not '0'"},
      {"threads = 4x\n", "F:1: threads: must be a whole number from 1 to 128, not '4x'"},
      {"trust-proxy = perhaps\n", "F:1: trust-proxy: must be yes or no, not 'perhaps'"},
      {"listen = localhost\n", "F:1: listen: must be ADDRESS:PORT (as 127.0.0.1:8080), not "
                               "'localhost'"},
      {"metrics-allow = 10.0.0.300\n", "F:1: metrics-allow: '10.0.0.300' is not an IP address"},
      {"metrics-token = abc\n", "F:1: metrics-token: must be at least 32 characters (a random "
                                "token)"},
      {"db =\n", "F:1: db: needs a value"},
      {"upload-mb = 1\nupload-mb = 2\n", "F:2: upload-mb: given again (first on line 1)"},
      {"just words\n", "F:1: not 'key = value': 'just words'"},
  };
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
    Config cfg;
    Buf err = BUF_INIT;
    CHECK_INT(read_text(a[i][0], &cfg, &err), 1);
    CHECK_STR(buf_cstr(&err), a[i][1]);
    /* Nothing is kept from a file with a mistake in it. */
    CHECK(cfg.azVal[config_key_find("threads")] == 0 && cfg.zPath == 0);
    config_free(&cfg);
    buf_free(&err);
  }
}

TEST(config_env_names) {
  char z[64];
  config_env_name(config_key_find("evidence-user-mb"), z, sizeof z);
  CHECK_STR(z, "AUDITRACK_EVIDENCE_USER_MB");
  config_env_name(config_key_find("db"), z, sizeof z);
  CHECK_STR(z, "AUDITRACK_DB");
  CHECK_INT(config_key_find("no-such-key"), -1);
}
