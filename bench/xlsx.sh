#!/bin/sh
# bench/xlsx.sh: auditrack's XLSX output against a plain libxlsxwriter program writing the
# same cells, as ratios measured in the same run.
#
# Run by `make bench-xlsx` (after `make auditrack`). BENCH_XLSX_SIZES="N ..." sets the
# sizes (default 100000), BENCH_REPS=K the best-of count (default 3). For each size it
# generates a synthetic tracker (bench/gen.c), imports it (not timed), writes auditrack's
# CSV of the same data (not timed), and times, best of K:
#   export     `auditrack export --format xlsx`        vs  bench/xlsx_ref on `export --format csv`
#   list       `auditrack rec list --format xlsx ...`  vs  bench/xlsx_ref on `rec list --format csv`
# The reference reads the CSV and writes every field as a number or a string, no formats;
# `xlsx_ref -c` (libxlsxwriter's constant_memory mode) is timed too, for information.
# The check column compares the data rows of the two workbooks. Target: <= 2x the
# reference. Writes the table to build/bench/xlsx-results.txt; exits 0 whatever the
# figures (1 only when it cannot run). Not for: correctness testing (test/e2e/xlsx.sh).
set -eu

cd "$(dirname "$0")/.."
AT=./auditrack
GEN=build/bench-gen
REFBIN=build/xlsx-ref
W=build/bench
AS_AT=2025-03-31
SIZES=${BENCH_XLSX_SIZES:-100000}
REPS=${BENCH_REPS:-3}

for tool in cc awk unzip pkg-config; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench: $tool is needed (sh scripts/deps.sh)" >&2
    exit 1
  fi
done
if [ ! -x "$AT" ]; then
  echo "bench: ./auditrack is missing: run 'make auditrack' (or 'make bench-xlsx')" >&2
  exit 1
fi
mkdir -p "$W"
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$GEN" bench/gen.c
# shellcheck disable=SC2046
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$REFBIN" bench/xlsx_ref.c \
  $(pkg-config --cflags --libs xlsxwriter)

# timed CMD...: run CMD (output to /dev/null, stderr kept) and set T to the seconds.
timed() {
  _t0=$(date +%s.%N)
  if ! "$@" >/dev/null 2>"$W/xlsx.err"; then
    echo "bench: failed: $*" >&2
    cat "$W/xlsx.err" >&2
    exit 1
  fi
  _t1=$(date +%s.%N)
  T=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", b - a }')
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; }
# rows XLSX SHEET: the number of <row> elements of a worksheet.
rows() { unzip -p "$1" "xl/worksheets/$2.xml" | grep -o '<row ' | wc -l | tr -d ' '; }

RESULTS=$W/xlsx-results.txt
{
  echo "auditrack XLSX benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
  echo "machine: $(nproc 2>/dev/null || echo '?') CPUs, ${mem:-?} memory; $(uname -sm);" \
    "libxlsxwriter $(sed -n 's/^#define LXW_VERSION "\(.*\)"/\1/p' \
      "$(pkg-config --variable=includedir xlsxwriter)/xlsxwriter.h")"
  echo "times in seconds, best of $REPS; ratio = auditrack / reference (xlsx_ref, default mode)"
  echo
  printf '%-8s %-10s %10s %10s %8s %12s  %-12s %s\n' size operation auditrack reference ratio \
    "ref -c" target check
} | tee "$RESULTS"

# bench_one SIZE OP CSV AT_SHEET AT_HEADER_ROWS AUDITRACK-ARGS...
bench_one() {
  _n=$1 _op=$2 _csv=$3 _sheet=$4 _skip=$5
  shift 5
  best_at=999999 best_ref=999999 best_refc=999999
  i=0
  while [ "$i" -lt "$REPS" ]; do
    timed "$AT" --db "$DB" "$@" --format xlsx --output "$W/at.xlsx"
    best_at=$(min "$best_at" "$T")
    timed "$REFBIN" "$_csv" "$W/ref.xlsx"
    best_ref=$(min "$best_ref" "$T")
    timed "$REFBIN" -c "$_csv" "$W/refc.xlsx"
    best_refc=$(min "$best_refc" "$T")
    i=$((i + 1))
  done
  # Data rows: auditrack's sheet less its title and heading rows, the reference's less its header.
  r_at=$(($(rows "$W/at.xlsx" "$_sheet") - _skip))
  r_ref=$(($(rows "$W/ref.xlsx" sheet1) - 1))
  check=DIFFER
  [ "$r_at" = "$r_ref" ] && [ "$r_at" = "$_n" ] && check=ok
  ratio=$(awk -v a="$best_at" -v b="$best_ref" 'BEGIN { printf "%.2f", a / b }')
  missed=$(awk -v r="$ratio" 'BEGIN { if (r > 2) print "MISSED" }')
  printf '%-8s %-10s %10s %10s %7sx %12s  %-12s %s\n' "$_n" "$_op" "$best_at" "$best_ref" \
    "$ratio" "$best_refc" "<= 2x $missed" "$check ($r_at rows)" | tee -a "$RESULTS"
}

for N in $SIZES; do
  CSV=$W/tracker-$N.csv
  DB=$W/xlsx-$N.db
  "$GEN" "$N" >"$CSV" 2>/dev/null
  rm -f "$DB" "$DB-wal" "$DB-shm"
  "$AT" --db "$DB" init >/dev/null
  "$AT" --db "$DB" import --quiet "$CSV" >/dev/null
  "$AT" --db "$DB" export --as-at "$AS_AT" --output "$W/export-$N.csv"
  "$AT" --db "$DB" rec list --as-at "$AS_AT" --status all --format csv \
    --output "$W/list-$N.csv"
  echo "# $N recommendations: export CSV $(wc -c <"$W/export-$N.csv" | tr -d ' ') bytes," \
    "list CSV $(wc -c <"$W/list-$N.csv" | tr -d ' ') bytes" | tee -a "$RESULTS"
  # The tracker is sheet1 with its headings in row 1; the listing is sheet2 (after the
  # Summary) with a title row and a heading row.
  bench_one "$N" export "$W/export-$N.csv" sheet1 1 export --as-at "$AS_AT"
  bench_one "$N" list "$W/list-$N.csv" sheet2 2 rec list --as-at "$AS_AT" --status all
  rm -f "$CSV" "$DB" "$DB-wal" "$DB-shm" "$W/export-$N.csv" "$W/list-$N.csv" \
    "$W/at.xlsx" "$W/ref.xlsx" "$W/refc.xlsx"
done
echo "results: $RESULTS"
exit 0
