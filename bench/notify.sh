#!/bin/sh
# bench/notify.sh: planning the e-mail notifications for a synthetic organisation.
#
# Run by `make bench-notify` (after `make auditrack`); BENCH_SIZES="N ..." replaces the
# sizes (default 10000 100000), BENCH_REPS=K the best-of count (default 3). For each size it
# generates a tracker with bench/gen.c, imports it (not timed), and times, as at 2025-03-31:
#   plan      `auditrack notify --as-at DATE --dry-run`: load, rec_state_at for every
#             recommendation, the plan, and a key lookup per notice (none recorded yet)
#   record    `auditrack notify --as-at DATE --outbox-dir DIR` with an address for everyone:
#             the plan plus recording every key and queueing every digest (once, not best of)
#   replan    the same again: everything is recorded, so nothing new (best of)
#   summary   `auditrack report summary --as-at DATE --format json`: the reference, the
#             same load and as-at pass with a report instead of a plan
# Elapsed and CPU seconds (user + system) are both shown, each against the summary's.
# Target: plan under 1 s at 100,000, per-recommendation cost flat from 10,000 to 100,000.
# Prints a table, writes it to build/bench/notify.txt, exits 0 whatever the figures.
# Not for: correctness (test/e2e/notify*.sh).
set -eu

cd "$(dirname "$0")/.."
AT=./auditrack
GEN=build/bench-gen
W=build/bench
AS_AT=2025-03-31
SIZES=${BENCH_SIZES:-"10000 100000"}
REPS=${BENCH_REPS:-3}
[ -x "$AT" ] || { echo "bench: ./auditrack is missing: run 'make auditrack'" >&2; exit 1; }
mkdir -p "$W"
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$GEN" bench/gen.c

# CPU time (user + system) from GNU time when it is there: the steadier figure on a
# machine shared with other work.
CPUTIME=
if /usr/bin/time -f '%U' -o /dev/null true 2>/dev/null; then CPUTIME=/usr/bin/time; fi

# timed CMD...: run CMD, output to $W/out; set T to the seconds taken, C to the CPU seconds
# (0 when they cannot be measured).
timed() {
  [ -n "$CPUTIME" ] && set -- "$CPUTIME" -f '%U %S' -o "$W/cpu.txt" "$@"
  _t0=$(date +%s.%N)
  "$@" >"$W/out" 2>"$W/err" || { echo "bench: failed: $*" >&2; cat "$W/err" >&2; exit 1; }
  _t1=$(date +%s.%N)
  T=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", b - a }')
  C=0
  [ -n "$CPUTIME" ] && C=$(awk '{ printf "%.2f", $1 + $2 }' "$W/cpu.txt")
}
# best CMD...: the best of REPS runs, in B (elapsed) and BC (CPU).
best() {
  B="" BC=""
  i=0
  while [ $i -lt "$REPS" ]; do
    timed "$@"
    B=$(awk -v a="${B:-1e9}" -v b="$T" 'BEGIN { print (b < a ? b : a) }')
    BC=$(awk -v a="${BC:-1e9}" -v b="$C" 'BEGIN { print (b < a ? b : a) }')
    i=$((i + 1))
  done
}

OUT=$W/notify.txt
{
  echo "auditrack notification planning, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, as at $AS_AT"
  printf '%-8s %-9s %9s %8s %12s %10s %6s %10s  %s\n' size operation seconds notices "us/rec" \
    "vs summary" cpu-s "vs summary" target
} | tee "$OUT"

for N in $SIZES; do
  CSV=$W/tracker-$N.csv
  DB=$W/notify-$N.db
  rm -f "$DB" "$DB-wal" "$DB-shm"
  rm -rf "$W/eml-$N"
  mkdir -p "$W/eml-$N"
  "$GEN" "$N" >"$CSV" 2>/dev/null
  "$AT" --db "$DB" init >/dev/null
  "$AT" --db "$DB" import --quiet "$CSV" >/dev/null
  "$AT" --db "$DB" notify set from audit@bench.example >/dev/null

  best "$AT" --db "$DB" report summary --as-at "$AS_AT" --format json
  SUM=$B SUM_C=$BC
  best "$AT" --db "$DB" notify --as-at "$AS_AT" --dry-run
  PLAN=$B PLAN_C=$BC
  NOTICES=$(sed -n 's/^as at [0-9-]*: \([0-9]*\) notices.*/\1/p' "$W/out")
  # Everyone named gets an address, so that recording queues a digest for each person.
  "$AT" --db "$DB" person list --problems --names --as-at "$AS_AT" >"$W/names"
  k=0
  while IFS= read -r name; do
    k=$((k + 1))
    "$AT" --db "$DB" person set "$name" --email "p$k@bench.example" >/dev/null
  done <"$W/names"
  timed "$AT" --db "$DB" notify --as-at "$AS_AT" --outbox-dir "$W/eml-$N"
  REC=$T REC_C=$C
  MSGS=$(ls "$W/eml-$N" | wc -l | tr -d ' ')
  best "$AT" --db "$DB" notify --as-at "$AS_AT" --outbox-dir "$W/eml-$N"
  REPLAN=$B REPLAN_C=$BC

  for op in plan record replan summary; do
    case $op in
      plan) t=$PLAN tc=$PLAN_C tgt="< 1 s at 100,000" ;;
      record) t=$REC tc=$REC_C tgt="$MSGS digests for $k people" ;;
      replan) t=$REPLAN tc=$REPLAN_C tgt="nothing new" ;;
      summary) t=$SUM tc=$SUM_C tgt="(reference)" ;;
    esac
    mark=""
    [ "$op" = plan ] && [ "$N" -ge 100000 ] && awk -v t="$t" 'BEGIN { exit !(t >= 1) }' && mark=" MISSED"
    awk -v n="$N" -v op="$op" -v t="$t" -v s="$SUM" -v c="$NOTICES" -v g="$tgt$mark" \
      -v tc="$tc" -v sc="$SUM_C" 'BEGIN {
      printf "%-8s %-9s %9.3f %8s %12.2f %9.2fx %6.2f %9.2fx  %s\n", n, op, t, c, t * 1e6 / n,
        t / s, tc, (sc > 0 ? tc / sc : 0), g }' |
      tee -a "$OUT"
  done
  rm -rf "$W/eml-$N" "$CSV" "$DB" "$DB-wal" "$DB-shm"
done
