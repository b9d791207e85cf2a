#!/bin/sh
# bench/register.sh: what the web's shared register costs at N recommendations
# (default 100,000): the first page after start (the register read whole), the
# page after one update (the register brought up to date), and the server's RSS
# after the first page and after UPDATES updates (default 200), each update
# posted through the CLI and followed by a page; again_s is the page asked twice
# with no write between (the page's own cost). One line per binary given
# (default ./auditrack), so that two builds compare in the same run:
#   sh bench/register.sh ./auditrack /tmp/base/auditrack
# BENCH_REG_N and BENCH_REG_UPDATES change the sizes. The page is
# /api/v1/recs/ID (one recommendation, as the auditor's API token): its own cost
# is small, so its time is the register's.
set -eu
N=${BENCH_REG_N:-100000}
UPDATES=${BENCH_REG_UPDATES:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- "$ROOT/auditrack"
W=$(mktemp -d)
PID=
cleanup() {
  [ -z "$PID" ] || kill "$PID" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT INT TERM
export AUDITRACK_USER=bench

[ -x "$ROOT/build/bench-gen" ] || { echo "build/bench-gen missing: make build/bench-gen" >&2; exit 2; }
"$ROOT/build/bench-gen" "$N" >"$W/t.csv" 2>/dev/null
"$1" --db "$W/pristine.db" init --org Bench >/dev/null
"$1" --db "$W/pristine.db" import --quiet "$W/t.csv" >/dev/null
rec=$(sqlite3 "$W/pristine.db" "SELECT min(id) FROM rec")

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$PID/status"; }
page() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
    "$base/api/v1/recs/$rec"
}
update() {
  "$AT" --db "$W/reg.db" rec update "$rec" --text "Update $1" --on 2025-03-01 >/dev/null
}

printf '%-28s %7s %9s %9s %9s %9s %11s %14s\n' binary recs first_s rss_first again_s \
  after1_s after_avg_s "rss_after_$UPDATES"
for AT in "$@"; do
  cp "$W/pristine.db" "$W/reg.db"
  echo "staple-battery-horse-9" | "$AT" --db "$W/reg.db" user add auditor --role auditor \
    --name "Bench auditor" >/dev/null
  token=$("$AT" --db "$W/reg.db" token add auditor --name bench)
  "$AT" --db "$W/reg.db" serve --listen 127.0.0.1:0 --threads 2 --log /dev/null 2>"$W/serve.err" &
  PID=$!
  i=0
  while ! grep -q "serving" "$W/serve.err" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -lt 400 ] || { cat "$W/serve.err" >&2; exit 1; }
    sleep 0.05
  done
  base=$(sed -n 's/.* at \(http:[^ ]*\)\/ with.*/\1/p' "$W/serve.err")
  first=$(page)
  case $first in 200\ *) ;; *) echo "first page: $first" >&2; exit 1 ;; esac
  rss1=$(rss)
  again=$(page | cut -d' ' -f2)
  update 0
  after1=$(page | cut -d' ' -f2)
  total=0
  k=1
  while [ "$k" -lt "$UPDATES" ]; do
    update "$k"
    t=$(page | cut -d' ' -f2)
    total=$(echo "$total + $t" | bc -l)
    k=$((k + 1))
  done
  avg=$(echo "scale=4; ($total + $after1) / $UPDATES" | bc -l)
  rssN=$(rss)
  printf '%-28s %7s %9s %8sM %9s %9s %11s %13sM\n' "$AT" "$N" "${first#* }" "$((rss1 / 1024))" \
    "$again" "$after1" "$avg" "$((rssN / 1024))"
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=
done
