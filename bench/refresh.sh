#!/bin/sh
# bench/refresh.sh: refreshing a register from next quarter's tracker, against
# importing that tracker into a fresh database, as ratios measured in the same run.
#
# Run by `make bench-refresh` (after `make auditrack`). BENCH_REFRESH_N sets the size
# (default 100000), BENCH_REPS the best-of count (default 3). It generates a synthetic
# tracker of N recommendations (bench/gen.c) as at 2025-03-31 and imports it into a
# database: the register. Next quarter's tracker is the same rows as at 2025-06-30
# with a share of them changed (a new latest update on every row, a revised current
# target on every other one, "Implemented" on every fourth): 0%, 1%, 10% and 50%.
# Timed, best of the reps:
#   fresh       `auditrack import` of the 10% tracker into an empty database (the reference)
#   refresh P%  `auditrack import` of the P% tracker into a copy of the register
# Each refresh is checked: every row matched, none new, exactly the changed rows changed.
# Prints one table and writes it to build/bench/refresh.txt; exits 0 whatever the
# figures (1 only when it cannot run).
set -eu

cd "$(dirname "$0")/.."
AT=./auditrack
GEN=build/bench-gen
W=build/bench/refresh
N=${BENCH_REFRESH_N:-100000}
REPS=${BENCH_REPS:-3}

for tool in cc python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
[ -x "$AT" ] || { echo "bench: ./auditrack is missing: run 'make auditrack'" >&2; exit 1; }
mkdir -p "$W"
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$GEN" bench/gen.c

# best CMD...: run CMD REPS times (each after `prep`); T is the fastest elapsed time and C
# the least CPU time (user + system) in seconds. CPU time is the steadier figure on a
# machine shared with other work.
best() {
  T=
  C=
  i=0
  while [ $i -lt "$REPS" ]; do
    prep
    /usr/bin/time -f '%e %U %S' -o "$W/time.txt" "$@" >"$W/out.txt" 2>"$W/err.txt" ||
      { echo "bench: failed: $*" >&2; cat "$W/err.txt" >&2; exit 1; }
    T=$(awk -v t="${T:-}" '{print (t == "" || $1 < t) ? $1 : t}' "$W/time.txt")
    C=$(awk -v c="${C:-}" '{u = $2 + $3; print (c == "" || u < c) ? u : c}' "$W/time.txt")
    i=$((i + 1))
  done
}

"$GEN" "$N" 7 >"$W/q1.csv" 2>"$W/gen.txt"
echo "# $(cat "$W/gen.txt")"
python3 - "$W/q1.csv" "$W" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, newline="", encoding="utf-8")))
head, body = rows[0], rows[1:]
c = {h: i for i, h in enumerate(head)}
for pct in (0, 1, 10, 50):
    every = 100 // pct if pct else 0
    n = 0
    w = csv.writer(open("%s/q2-%d.csv" % (out, pct), "w", newline="", encoding="utf-8"))
    w.writerow(head)
    for k, r in enumerate(body):
        r = list(r)
        r[c["as_at_date"]] = "2025-06-30"
        r[c["months_overdue_stated"]] = ""
        if every and k % every == 0:
            n += 1
            r[c["latest_update"]] = "Quarter to June 2025: work on recommendation %d continues." % k
            if n % 2 == 0:
                r[c["current_target_date"]] = "2025-12-31"
            if n % 4 == 0:
                r[c["ia_opinion"]] = "Implemented"
        w.writerow(r)
    open("%s/changed-%d" % (out, pct), "w").write("%d\n" % n)
PY

rm -f "$W/reg.db"*
"$AT" --db "$W/reg.db" init --org "Synthetic County Council" >/dev/null
"$AT" --db "$W/reg.db" import --quiet "$W/q1.csv" >/dev/null

prep() { rm -f "$W/fresh.db"*; "$AT" --db "$W/fresh.db" init --org "Synthetic County Council" >/dev/null; }
best "$AT" --db "$W/fresh.db" import --quiet "$W/q2-10.csv"
FRESH=$T
FRESHC=$C
{
  printf '%-8s %-12s %8s %8s %8s %8s  %-20s %s\n' size operation seconds ratio cpu-s ratio \
    target check
  printf '%-8s %-12s %8.2f %7.2fx %8.2f %7.2fx  %-20s %s\n' "$N" "fresh" "$FRESH" 1 "$FRESHC" 1 \
    "(reference)" ok
  for pct in 0 1 10 50; do
    prep() { cp "$W/reg.db" "$W/r.db"; rm -f "$W/r.db-wal" "$W/r.db-shm"; }
    best "$AT" --db "$W/r.db" import --quiet "$W/q2-$pct.csv"
    want=$(cat "$W/changed-$pct")
    check=ok
    grep -q "^refresh: $N rows matched .*, 0 new; $want changed, $((N - want)) unchanged; 0 missing" \
      "$W/out.txt" || check=DIFFER
    ratio=$(echo "$T $FRESH" | awk '{printf "%.2f", $1 / $2}')
    ratioc=$(echo "$C $FRESHC" | awk '{printf "%.2f", $1 / $2}')
    target="< 1x fresh"
    awk -v r="$ratio" 'BEGIN { exit !(r < 1) }' || target="< 1x fresh MISSED"
    printf '%-8s %-12s %8.2f %7.2fx %8.2f %7.2fx  %-20s %s\n' "$N" "refresh $pct%" "$T" "$ratio" \
      "$C" "$ratioc" "$target" "$check"
  done
} | tee build/bench/refresh.txt
