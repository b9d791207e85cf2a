#!/bin/sh
# test/tsan_serve.sh: the ThreadSanitizer server (build/tsan/auditrack, `make tsan`)
# under readers and a writer for RACE_SECONDS (default 10): three clients read
# recommendations and the API list through libmicrohttpd's threads, and a fourth,
# signed in, the dashboard (made again on the renderer's thread after each write)
# and the list sorted by months (its index derived from generation to generation)
# and by owner, while the
# command line posts an update every 0.2 s, so that each read may meet a new
# generation of the register. Fails when ThreadSanitizer reports anything (its
# report is printed) or a page is not a 200. The long form: RACE_SECONDS=60.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${RACE_SECONDS:-10}
TS="$ROOT/build/tsan/auditrack"
AT="$ROOT/auditrack"
W=$(mktemp -d)
PID=
cleanup() {
  [ -z "$PID" ] || kill "$PID" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT INT TERM
export AUDITRACK_USER=tsan
"$ROOT/build/bench-gen" 2000 >"$W/t.csv" 2>/dev/null
"$AT" --db "$W/t.db" init --org Race >/dev/null
"$AT" --db "$W/t.db" import --quiet "$W/t.csv" >/dev/null
echo "staple-battery-horse-9" | "$AT" --db "$W/t.db" user add auditor --role auditor --name A >/dev/null
tok=$("$AT" --db "$W/t.db" token add auditor --name race)
AUDITRACK_RENDER_ASIDE_MS=0 TSAN_OPTIONS="suppressions=$ROOT/test/tsan.supp exitcode=66" \
  "$TS" --db "$W/t.db" serve --listen 127.0.0.1:0 --threads 2 --log /dev/null 2>"$W/serve.err" &
PID=$!
i=0
while ! grep -q "serving" "$W/serve.err" 2>/dev/null; do
  i=$((i + 1))
  [ "$i" -lt 400 ] || { cat "$W/serve.err" >&2; exit 1; }
  sleep 0.05
done
base=$(sed -n 's/.* at \(http:[^ ]*\)\/ with.*/\1/p' "$W/serve.err")
end=$(($(date +%s) + SECS))
for c in 1 2 3; do
  (
    k=$c
    while [ "$(date +%s)" -lt "$end" ]; do
      for u in "/api/v1/recs/$((k % 2000 + 1))" "/api/v1/recs?limit=20"; do
        s=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$base$u")
        [ "$s" = 200 ] || echo "$u: $s" >>"$W/bad"
      done
      k=$((k + 7))
    done
  ) &
done
jar=$W/jar
curl -s -c "$jar" -b "$jar" "$base/login" >"$W/login.html"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$W/login.html" | head -n 1)
s=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -H "Origin: $base" \
  --data-urlencode "csrf=$csrf" --data-urlencode "login=auditor" \
  --data-urlencode "password=staple-battery-horse-9" "$base/login")
[ "$s" = 303 ] || { echo "signing in gave $s" >&2; exit 1; }
(
  while [ "$(date +%s)" -lt "$end" ]; do
    for u in "/dashboard?as_at=2025-03-31" "/recs?as_at=2025-03-31" "/recs?sort=owner"; do
      s=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base$u")
      [ "$s" = 200 ] || echo "$u: $s" >>"$W/bad"
    done
  done
) &
n=0
while [ "$(date +%s)" -lt "$end" ]; do
  n=$((n + 1))
  "$AT" --db "$W/t.db" rec update $((n % 2000 + 1)) --text "Race $n" --on 2025-03-01 >/dev/null
  sleep 0.2
done
wait_clients() { for j in $(jobs -p); do [ "$j" = "$PID" ] || wait "$j"; done; }
wait_clients
kill "$PID"
wait "$PID" 2>/dev/null || true
PID=
if grep -q "ThreadSanitizer" "$W/serve.err"; then
  cat "$W/serve.err" >&2
  echo "tsan serve: FAILED (ThreadSanitizer reported; $n updates)"
  exit 1
fi
if [ -s "$W/bad" ]; then
  head "$W/bad" >&2
  echo "tsan serve: FAILED (pages not 200)"
  exit 1
fi
echo "tsan serve: ok ($n updates in ${SECS}s, no report)"
