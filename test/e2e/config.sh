# The configuration file: `key = value` lines, checked with the file, line and
# key named; the environment overrides it and the command line overrides both;
# `config check` prints where each setting comes from, secrets hidden.
. "$ROOT/test/e2e/web_lib.sh"

# A file that sets serve's options: serve listens where the file says, takes
# its database from it, and config check shows each value with its line.
test_config_file_sets_serve() {
  at init --org "Config Council" >/dev/null
  cat >a.conf <<CONF
# the service
db = $PWD/t.db
listen = 127.0.0.1:0

threads = 3
trust-proxy = yes
metrics-token = 0123456789abcdef0123456789abcdef
CONF
  "$AUDITRACK" --config a.conf config check >out.txt
  expect_contains out.txt "# a.conf"
  expect_contains out.txt "db = $PWD/t.db  # line 2"
  expect_contains out.txt "listen = 127.0.0.1:0  # line 3"
  expect_contains out.txt "threads = 3  # line 5"
  expect_contains out.txt "trust-proxy = yes  # line 6"
  expect_contains out.txt "metrics-token = (set)  # line 7"
  expect_not_contains out.txt "0123456789abcdef"
  expect_contains out.txt "upload-mb = 10  # default"
  # serve reads it: no --db, no --listen, no --threads on the command line.
  AUDITRACK_CONFIG=a.conf "$AUDITRACK" serve 2>server.log &
  SERVER_PID=$!
  trap web_stop EXIT
  web_wait_serving
  expect_contains server.log "serving $PWD/t.db at http://127.0.0.1:"
  expect_contains server.log "with 3 threads"
  expect_eq "$(curl -s -o /dev/null -w "%{http_code}" "$BASE/login")" 200
}

# The environment overrides the file, and the command line overrides both.
test_config_env_and_flags_override() {
  at init >/dev/null
  printf 'db = %s/t.db\nthreads = 3\nlisten = 127.0.0.1:0\n' "$PWD" >a.conf
  AUDITRACK_THREADS=5 "$AUDITRACK" --config a.conf config check >out.txt
  expect_contains out.txt 'threads = 5  # $AUDITRACK_THREADS'
  AUDITRACK_THREADS=5 "$AUDITRACK" --config a.conf serve --threads 2 2>server.log &
  SERVER_PID=$!
  trap web_stop EXIT
  web_wait_serving
  expect_contains server.log "with 2 threads"
  web_stop
  : >server.log # the redirection below happens in the child: no stale line for web_wait_serving
  AUDITRACK_THREADS=5 "$AUDITRACK" --config a.conf serve 2>server.log &
  SERVER_PID=$!
  web_wait_serving
  expect_contains server.log "with 5 threads"
  web_stop
  # --db beats the file's db; $AUDITRACK_DB beats it too; config check says which.
  "$AUDITRACK" --config a.conf --db other.db config check >out.txt
  expect_contains out.txt "db = other.db  # --db"
  AUDITRACK_DB=env.db "$AUDITRACK" --config a.conf config check >out.txt
  expect_contains out.txt 'db = env.db  # $AUDITRACK_DB'
  "$AUDITRACK" --config a.conf config check >out.txt
  expect_contains out.txt "db = $PWD/t.db  # line 1"
  "$AUDITRACK" --config a.conf --db other.db init >/dev/null
  [ -f other.db ]
  AUDITRACK_DB=$PWD/env.db "$AUDITRACK" --config a.conf init >/dev/null
  [ -f env.db ]
}

# Every mistake is named with the file, the line and the key, and nothing runs.
test_config_errors_name_file_line_key() {
  printf '# ok\nthreads = 3\nthreds = 4\n' >a.conf
  expect_status 2 "$AUDITRACK" --config a.conf config check 2>err.txt
  expect_contains err.txt "auditrack: a.conf:3: threds: unknown key"
  printf 'threads = 300\n' >b.conf
  expect_status 2 "$AUDITRACK" --config b.conf serve 2>err.txt
  expect_contains err.txt "b.conf:1: threads: must be a whole number from 1 to 128, not '300'"
  printf '\n\ntrust-proxy = maybe\n' >c.conf
  expect_status 2 "$AUDITRACK" config check c.conf 2>err.txt
  expect_contains err.txt "c.conf:3: trust-proxy: must be yes or no, not 'maybe'"
  printf 'listen = 8080\n' >d.conf
  expect_status 2 "$AUDITRACK" config check d.conf 2>err.txt
  expect_contains err.txt "d.conf:1: listen: must be ADDRESS:PORT"
  printf 'metrics-allow = 10.0.0.1, example.org\n' >e.conf
  expect_status 2 "$AUDITRACK" config check e.conf 2>err.txt
  expect_contains err.txt "e.conf:1: metrics-allow: 'example.org' is not an IP address"
  printf 'threads = 2\nthreads = 3\n' >f.conf
  expect_status 2 "$AUDITRACK" config check f.conf 2>err.txt
  expect_contains err.txt "f.conf:2: threads: given again (first on line 1)"
  printf 'threads\n' >g.conf
  expect_status 2 "$AUDITRACK" config check g.conf 2>err.txt
  expect_contains err.txt "g.conf:1: not 'key = value'"
  printf 'metrics-token = short\n' >h.conf
  expect_status 2 "$AUDITRACK" config check h.conf 2>err.txt
  expect_contains err.txt "h.conf:1: metrics-token: must be at least 32 characters"
  expect_not_contains err.txt "short"
  expect_status 2 "$AUDITRACK" --config missing.conf config check 2>err.txt
  expect_contains err.txt "missing.conf"
  # A bad environment variable is named too.
  expect_status 2 env AUDITRACK_UPLOAD_MB=0 "$AUDITRACK" config check 2>err.txt
  expect_contains err.txt 'auditrack: $AUDITRACK_UPLOAD_MB: must be a whole number from 1 to 1024'
  # And a bad command-line value as before, with the same range.
  at init >/dev/null
  expect_status 2 at serve --threads 0 2>err.txt
  expect_contains err.txt "--threads: must be a whole number from 1 to 128, not '0'"
}

# The example file documents every key, and is itself a valid file that changes
# no default (each setting in it is commented out).
test_config_example_documents_every_key() {
  "$AUDITRACK" config check "$ROOT/examples/auditrack.conf" >out.txt
  if grep -v '^#' out.txt | grep -v '# default$'; then
    echo "the example sets something" >&2; return 1
  fi
  "$AUDITRACK" config check --help >help.txt
  sed -n 's/^  \([a-z-]*\) .*/\1/p' help.txt | sed -n '/^[a-z]/p' >keys.txt
  [ "$(wc -l <keys.txt)" -gt 15 ] || { cat help.txt >&2; return 1; }
  while read -r k; do
    grep -q "^#\? *$k = " "$ROOT/examples/auditrack.conf" || { echo "$k not in the example" >&2; return 1; }
  done <keys.txt
}
