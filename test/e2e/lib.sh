# Helpers for end-to-end tests. Each test_* function runs in its own empty
# directory under `set -e`; it passes when it returns 0.
DB="$PWD/t.db"
at() { "$AUDITRACK" --db "$DB" "$@"; }
# expect_eq ACTUAL EXPECTED [WHAT]
expect_eq() {
  if [ "$1" != "$2" ]; then printf 'expected [%s]\n     got [%s] %s\n' "$2" "$1" "${3:-}" >&2; return 1; fi
}
# expect_fail STATUS CMD...: CMD must exit with STATUS
expect_status() {
  want=$1; shift
  set +e; "$@"; got=$?; set -e
  if [ "$got" != "$want" ]; then echo "expected exit $want, got $got from: $*" >&2; return 1; fi
}
# expect_contains FILE TEXT
expect_contains() {
  if ! grep -qF -- "$2" "$1"; then echo "[$2] not found in $1:" >&2; head -c 2000 "$1" >&2; return 1; fi
}
expect_not_contains() {
  if grep -qF -- "$2" "$1"; then echo "[$2] unexpectedly found in $1" >&2; return 1; fi
}
# No configuration file but the one a test names: a machine's own
# /etc/auditrack/auditrack.conf must not change what the tests run.
export AUDITRACK_CONFIG=""
