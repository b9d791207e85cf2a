#!/bin/sh
# Run every test: unit tests, end-to-end tests (test/e2e/*.sh) against the
# ASan+UBSan binary, and a short run of each fuzz target. The last line is
# "N passed, N failed".
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
pass=0; fail=0
# Fontconfig's process-wide cache (PDF reports) is not ours to free: test/lsan.supp.
export LSAN_OPTIONS="suppressions=$ROOT/test/lsan.supp:print_suppressions=0"

out=$(build/asan/unit 2>&1); echo "$out" | grep -v '^unit:' >&2
line=$(echo "$out" | grep '^unit:')
echo "$line"
p=$(echo "$line" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$line" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
[ -n "$p" ] || { p=0; f=1; echo "unit tests did not finish" >&2; }
pass=$((pass + p)); fail=$((fail + f))

export AUDITRACK="$ROOT/build/asan/auditrack" ROOT
export SEEDS="$ROOT/examples"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Each test in its own directory with its own database and server (on a free
# port), so they run side by side: TEST_JOBS at once (default: one per CPU).
ep=0; ef=0
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
for f in test/e2e/*.sh; do
  for t in $(grep -o '^test_[a-z0-9_]*' "$f"); do echo "$tmp $f $t"; done
done >"$tmp/list"
xargs -P "$jobs" -L 1 sh test/e2e/run1.sh <"$tmp/list"
while read -r _ f t; do
  n="$(basename "$f" .sh)-$t"
  if [ "$(cat "$tmp/$n.rc" 2>/dev/null)" = 0 ]; then ep=$((ep + 1)); else
    ef=$((ef + 1)); echo "FAIL $f $t" >&2; sed 's/^/    /' "$tmp/$n.log" | tail -n 30 >&2
  fi
done <"$tmp/list"
echo "e2e: $ep passed, $ef failed"
pass=$((pass + ep)); fail=$((fail + ef))

# The stories in a real browser (test/browser/*.mjs, each on its own register and
# server; lib.mjs is their harness): only where Debian's Chromium and the npm
# packages are installed; CI_REQUIRE_BROWSER=1 makes a missing browser count as a
# failure.
if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ] && command -v node >/dev/null; then
  bp=0; bf=0
  for b in test/browser/*.mjs; do
    [ "$(basename "$b")" = lib.mjs ] && continue
    out=$(AUDITRACK="$ROOT/build/asan/auditrack" node "$b" 2>&1)
    echo "$out" | grep -v '^browser:\|^ok ' | sed "s|^|$(basename "$b" .mjs): |" >&2
    line=$(echo "$out" | grep '^browser:')
    p=$(echo "$line" | sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(echo "$line" | sed -n 's/^browser: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    [ -n "$p" ] || { p=0; f=1; echo "$b: browser tests did not finish" >&2; }
    bp=$((bp + p)); bf=$((bf + f))
  done
  echo "browser: $bp passed, $bf failed"
  pass=$((pass + bp)); fail=$((fail + bf))
else
  echo "browser: skipped (chromium not installed)"
  [ "${CI_REQUIRE_BROWSER:-0}" = 1 ] && fail=$((fail + 1))
fi

# The reliability suite's short form (docs/reliability.md): a few kill -9 trials
# of each kind, full and read-only disk (as root), 10 s of load. Counted as one
# test: it passes only when every trial and case does.
out=$(python3 test/reliability/reliability.py --short 2>&1)
line=$(echo "$out" | grep '^reliability:' | tail -n 1)
echo "$line"
if echo "$line" | grep -q '^reliability: [0-9]* passed, 0 failed$'; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "$out" | grep -v '^kill \|^disk \|^soak ' | tail -n 30 >&2
fi

fp=0; ff=0
for t in build/fuzz/fuzz_*; do
  [ -x "$t" ] || continue
  n=$(basename "$t"); mkdir -p "$tmp/corpus-$n"
  if "$t" -max_total_time="${FUZZ_SECONDS_CHECK:-10}" -timeout=10 "$tmp/corpus-$n" "test/fuzz/corpus/$n" >"$tmp/$n.log" 2>&1; then
    fp=$((fp + 1))
  else ff=$((ff + 1)); echo "FAIL fuzz $n" >&2; tail -n 40 "$tmp/$n.log" >&2; fi
done
echo "fuzz: $fp passed, $ff failed"
pass=$((pass + fp)); fail=$((fail + ff))

# The web's shared register under ThreadSanitizer (make tsan): readers and a writer
# for 10 s in the unit test, then through the server. Counted as one test.
if AUDITRACK_RACE_SECONDS=10 TSAN_OPTIONS="halt_on_error=1 suppressions=$ROOT/test/tsan.supp" \
  build/tsan/unit register_readers_and_a_writer >"$tmp/tsan.log" 2>&1 &&
  RACE_SECONDS=10 sh test/tsan_serve.sh >>"$tmp/tsan.log" 2>&1; then
  pass=$((pass + 1)); echo "tsan: 1 passed, 0 failed"
else fail=$((fail + 1)); echo "tsan: 0 passed, 1 failed"; tail -n 40 "$tmp/tsan.log" >&2; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
