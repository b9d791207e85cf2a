#!/bin/sh
# bench/run.sh: auditrack against hand-written references, as ratios measured in the same run.
#
# Run by `make bench` (after `make auditrack`); BENCH_QUICK=1 leaves out the 1,000,000 size.
# BENCH_SIZES="N ..." replaces the list of sizes, BENCH_REPS=K the best-of count, and
# BENCH_KEEP=1 keeps each size's database in build/bench for profiling. For each size it
# generates a synthetic tracker (bench/gen.c) and times, best of 3 (the 1,000,000 import: once):
#   import   `auditrack import` into a fresh database  vs  sqlite3 '.import --csv FILE t'
#   summary  `auditrack report summary --format json`  vs  bench/summary.sql in the sqlite3 CLI
#            (elapsed and CPU seconds; target 1.2x up to 100,000 recommendations, 2x above)
#   list     `auditrack rec list --format json --status all`  vs  bench/list.sql
# The summary is timed as at 2025-03-31 (the tracker's date) and two earlier dates. Each
# reference's output is checked against auditrack's (same figures, same rows). It prints one
# table and the per-row cost by size, marks missed targets MISSED, writes the table to
# build/bench/results.txt, and exits 0 whatever the figures (1 only when it cannot run).
# Not for: correctness testing (test/), though a DIFFER in the check column is a bug.
set -eu

cd "$(dirname "$0")/.."
AT=./auditrack
GEN=build/bench-gen
W=build/bench
AS_AT=2025-03-31
SUMMARY_DATES="$AS_AT 2023-09-30 2021-06-30"

if [ -n "${BENCH_SIZES:-}" ]; then SIZES=$BENCH_SIZES
elif [ "${BENCH_QUICK:-0}" = 1 ]; then SIZES="10000 100000"
else SIZES="10000 100000 1000000"
fi

for tool in sqlite3 cc awk sed cmp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: $tool is needed (apt-get install sqlite3 gcc gawk sed diffutils)" >&2
    exit 1
  fi
done
if [ ! -x "$AT" ]; then
  echo "bench: ./auditrack is missing: run 'make auditrack' (or 'make bench')" >&2
  exit 1
fi
mkdir -p "$W"
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$GEN" bench/gen.c

# ---- timing ----
# Seconds since the epoch with a fraction from GNU date when it has %N; otherwise elapsed
# times come from /usr/bin/time -p (to 10 ms).
if [ "$(date +%N 2>/dev/null | tr -d '0-9')" = "" ] && [ -n "$(date +%N 2>/dev/null)" ]; then
  TIMER=date
else
  TIMER=time
fi

# CPU time (user + system) comes from GNU time's -f when it is there: on a machine shared
# with other work it is the steadier figure (elapsed time includes waiting for a CPU).
CPUTIME=
if /usr/bin/time -f '%U' -o /dev/null true 2>/dev/null; then CPUTIME=/usr/bin/time; fi

# timed OUT ERR CMD...: run CMD with stdout to OUT and stderr to ERR; set T to the seconds
# and C to the CPU seconds (empty when they cannot be measured).
timed() {
  _out=$1 _err=$2
  shift 2
  C=
  if [ "$TIMER" = date ]; then
    _t0=$(date +%s.%N)
    if [ -n "$CPUTIME" ]; then
      set -- "$CPUTIME" -f '%U %S' -o "$W/cpu.txt" "$@"
    fi
    if ! "$@" >"$_out" 2>"$_err"; then
      echo "bench: failed: $*" >&2
      cat "$_err" >&2
      exit 1
    fi
    _t1=$(date +%s.%N)
    T=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", b - a }')
    [ -n "$CPUTIME" ] && C=$(awk '{ printf "%.2f", $1 + $2 }' "$W/cpu.txt")
  else
    /usr/bin/time -p "$@" >"$_out" 2>"$_err" || { echo "bench: failed: $*" >&2; exit 1; }
    T=$(awk '$1 == "real" { t = $2 } END { printf "%.3f", t }' "$_err")
  fi
}

# min A B: the smaller; an empty B (not measured) leaves A.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b != "" && b + 0 < a + 0 ? b : a) }'; }

# The reference runs with the settings auditrack gives its own connection for a read of the
# whole register (db.c): a 64 MB page cache and the file read through a memory map.
REF_PRAGMAS="PRAGMA cache_size=-65536"
REF_MMAP=2147418112

# ---- output ----
RESULTS=$W/results.txt
COST=$W/cost.txt
: >"$COST"
{
  echo "auditrack benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
  echo "machine: $(nproc 2>/dev/null || echo '?') CPUs, ${mem:-?} memory; $(uname -sm);" \
    "sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
  echo "times in seconds, best of ${BENCH_REPS:-3} (an import of 1,000,000 or more: once);" \
    "ratio = auditrack / reference"
  echo
  printf '%-8s %-20s %10s %10s %8s  %-29s %-6s %s\n' size operation auditrack reference ratio \
    target check "ms/1000 recs (at/ref)"
} | tee "$RESULTS"

# row SIZE OP AT REF TARGET_TEXT MISSED CHECK
row() {
  _ratio=$(awk -v a="$3" -v b="$4" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  _per=$(awk -v a="$3" -v b="$4" -v n="$1" \
    'BEGIN { printf "%.2f / %.2f", a * 1e6 / n, b * 1e6 / n }')
  _t="$5"
  [ -n "$6" ] && _t="$5 $6"
  printf '%-8s %-20s %10s %10s %7sx  %-29s %-6s %s\n' "$1" "$2" "$3" "$4" "$_ratio" "$_t" "$7" \
    "$_per" | tee -a "$RESULTS"
  printf '%s\t%s\t%s\t%s\n' "$2" "$1" "$3" "$4" >>"$COST"
}

# judge AT REF MAXRATIO [MAXSECONDS]: "MISSED" when over either limit, else "".
judge() {
  awk -v a="$1" -v b="$2" -v r="$3" -v s="${4:-0}" \
    'BEGIN { if ((b > 0 && a / b > r) || (s > 0 && a >= s)) print "MISSED"; else print "" }'
}

for N in $SIZES; do
  CSV=$W/tracker-$N.csv
  DB=$W/at-$N.db
  REF=$W/ref-$N.db
  REPS=${BENCH_REPS:-3}
  IMPORT_REPS=$REPS
  [ "$N" -ge 1000000 ] && IMPORT_REPS=1
  "$GEN" "$N" >"$CSV" 2>"$W/gen-$N.txt"
  echo "# $N: $(sed 's/^bench-gen: //' "$W/gen-$N.txt");" \
    "$(wc -c <"$CSV" | tr -d ' ') bytes of CSV" | tee -a "$RESULTS"

  # a) import
  best_at=999999 best_ref=999999
  i=0
  while [ "$i" -lt "$IMPORT_REPS" ]; do
    rm -f "$DB" "$DB-wal" "$DB-shm" "$REF"
    "$AT" --db "$DB" init >/dev/null
    timed "$W/import.out" "$W/import.err" "$AT" --db "$DB" import --quiet "$CSV"
    best_at=$(min "$best_at" "$T")
    timed "$W/ref-import.out" "$W/ref-import.err" sqlite3 "$REF" ".import --csv $CSV t"
    best_ref=$(min "$best_ref" "$T")
    i=$((i + 1))
  done
  n_at=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM rec) || ' recs, ' ||
    ((SELECT count(*) FROM revision) + (SELECT count(*) FROM progress) +
     (SELECT count(*) FROM opinion)) || ' ledger rows'")
  n_ref=$(sqlite3 "$REF" "SELECT count(*) FROM t")
  check=DIFFER
  if [ "$n_ref" = "$N" ]; then
    case "$n_at" in "$N recs,"*) check=ok ;; esac
  fi
  row "$N" import "$best_at" "$best_ref" "<= 3x .import" "$(judge "$best_at" "$best_ref" 3)" \
    "$check"
  echo "#   auditrack: $n_at, $(wc -c <"$DB" | tr -d ' ') bytes;" \
    ".import: $n_ref rows in one table, $(wc -c <"$REF" | tr -d ' ') bytes" | tee -a "$RESULTS"
  rm -f "$REF"

  # b) summary, as at the tracker's date and earlier ones
  for D in $SUMMARY_DATES; do
    sed "s/2025-03-31/$D/g" bench/summary.sql >"$W/summary-$D.sql"
    best_at=999999 best_ref=999999 cpu_at=999999 cpu_ref=999999
    i=0
    while [ "$i" -lt "$REPS" ]; do
      timed "$W/summary.json" "$W/summary.err" \
        "$AT" --db "$DB" report summary --as-at "$D" --format json
      best_at=$(min "$best_at" "$T")
      cpu_at=$(min "$cpu_at" "$C")
      timed "$W/summary-ref.json" "$W/summary-ref.err" \
        sqlite3 -batch -mmap "$REF_MMAP" -cmd "$REF_PRAGMAS" "$DB" ".read $W/summary-$D.sql"
      best_ref=$(min "$best_ref" "$T")
      cpu_ref=$(min "$cpu_ref" "$C")
      i=$((i + 1))
    done
    same=$(sqlite3 :memory: "SELECT
      json_extract(readfile('$W/summary.json'), '\$.sections[0].rows')
        = json_extract(readfile('$W/summary-ref.json'), '\$.by_risk')
      AND json_extract(readfile('$W/summary.json'), '\$.sections[1].rows')
        = json_extract(readfile('$W/summary-ref.json'), '\$.by_directorate')
      AND json_extract(readfile('$W/summary.json'), '\$.sections[2].rows')
        = json_extract(readfile('$W/summary-ref.json'), '\$.by_theme')")
    [ "$same" = 1 ] && check=ok || check=DIFFER
    # Up to 100,000 recommendations: within 1.2x of the SQL and under a second; above,
    # within 2x.
    limit="" most=2
    [ "$N" -le 100000 ] && limit=1 most=1.2
    target="<= ${most}x SQL"
    [ -n "$limit" ] && target="<= ${most}x SQL, < 1 s"
    row "$N" "summary @$D" "$best_at" "$best_ref" "$target" \
      "$(judge "$best_at" "$best_ref" "$most" "$limit")" "$check"
    if [ "$cpu_at" != 999999 ] && [ "$cpu_ref" != 999999 ]; then
      awk -v a="$cpu_at" -v b="$cpu_ref" -v m="$most" 'BEGIN {
        printf "#   cpu seconds (user + system), best of the same runs: auditrack %.2f," \
          " reference %.2f, ratio %.2fx%s\n", a, b, (b > 0 ? a / b : 0),
          (b > 0 && a / b > m ? " MISSED" : "") }' | tee -a "$RESULTS"
    fi
  done

  # c) rec list
  best_at=999999 best_ref=999999
  i=0
  while [ "$i" -lt "$REPS" ]; do
    timed "$W/list.json" "$W/list.err" \
      "$AT" --db "$DB" rec list --as-at "$AS_AT" --format json --status all
    best_at=$(min "$best_at" "$T")
    timed "$W/list-ref.json" "$W/list-ref.err" \
      sqlite3 -batch -mmap "$REF_MMAP" -cmd "$REF_PRAGMAS" "$DB" ".read bench/list.sql"
    best_ref=$(min "$best_ref" "$T")
    i=$((i + 1))
  done
  tr -d '\n' <"$W/list.json" >"$W/list.a"
  tr -d '\n' <"$W/list-ref.json" >"$W/list.b"
  cmp -s "$W/list.a" "$W/list.b" && check=ok || check=DIFFER
  rm -f "$W/list.a" "$W/list.b"
  row "$N" "list @$AS_AT" "$best_at" "$best_ref" "(ratio reported)" "" "$check"
  # The 1,000,000 size leaves 1 GB of CSV, 2 GB of database and 1 GB of JSON behind.
  rm -f "$CSV" "$W/list.json" "$W/list-ref.json"
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$DB" "$DB-wal" "$DB-shm"
done

# Linearity: cost per 1000 recommendations at each size, and its growth from the smallest
# size to the largest (over 1.5x means the cost grows faster than the size).
{
  echo
  echo "cost per 1000 recommendations (ms), auditrack | reference, by size:"
  awk -F '\t' '
    { op = $1; n = $2; key = op SUBSEP n
      if (!(op in seen)) { seen[op] = 1; ops[++nop] = op }
      if (!((op, "min") in lo) || n < lo[op, "min"]) lo[op, "min"] = n
      if (!((op, "max") in lo) || n > lo[op, "max"]) lo[op, "max"] = n
      at[key] = $3 * 1e6 / n; ref[key] = $4 * 1e6 / n
      line[op] = line[op] sprintf("  %s: %.2f | %.2f", n, at[key], ref[key]) }
    END {
      for (i = 1; i <= nop; i++) {
        op = ops[i]; a = lo[op, "min"]; b = lo[op, "max"]
        g = at[op, a] > 0 ? at[op, b] / at[op, a] : 0
        gr = ref[op, a] > 0 ? ref[op, b] / ref[op, a] : 0
        if (a == b) { printf "%-20s%s\n", op, line[op]; continue }
        verdict = g > 1.5 ? "MISSED (not linear)" : "linear"
        printf "%-20s%s   growth %s->%s: x%.2f (reference x%.2f) %s\n", op, line[op], a, b, g,
          gr, verdict
      }
    }' "$COST"
} | tee -a "$RESULTS"
echo "results: $RESULTS"
exit 0
