#!/bin/sh
# bench/pdf.sh: PDF reports against a reference measured in the same run.
#
# Run by `make bench-pdf` (after `make auditrack`). For each size (BENCH_PDF_SIZES, default
# "10000 700": the synthetic organisation of bench/gen.c, and one of about 500 open
# recommendations) it imports the tracker, then times, best of BENCH_REPS (default 3):
#   auditrack report KIND --format pdf --output F.pdf  (KIND: outstanding, summary, pack:
#   the committee pack, default pack manchester, for the cycle at the as-at date, with a
#   cycle before it so the previous-cycle comparison applies, and annexb: the built-in
#   cambridgeshire pack, Annex B's one five-column table under group headings)
#   the reference: `auditrack report KIND` (text: the same loading, as-at engine and
#   report building) then build/pdf-ref K.txt R.pdf (bench/pdf_ref.c), which typesets that
#   text with pango, line after line, page after page, with no layout logic; the two times
#   added. The typesetting alone is shown too (column "typeset").
# Targets: at most 2x the reference; at 700 recommendations (about 500 open) the outstanding
# PDF under 2 s and the packs (the typical council's paper) under 1 s.
# BENCH_PDF_KINDS narrows the reports (default "outstanding summary pack annexb").
# Prints one table (also build/bench/pdf-results.txt), MISSED beside a missed target, and
# exits 0 whatever the figures (1 only when it cannot run). Not for: correctness (test/).
set -eu

cd "$(dirname "$0")/.."
AT=./auditrack
W=build/bench
AS_AT=2025-03-31
REPS=${BENCH_REPS:-3}
SIZES=${BENCH_PDF_SIZES:-10000 700}
if [ ! -x "$AT" ]; then
  echo "bench: ./auditrack is missing: run 'make auditrack' (or 'make bench-pdf')" >&2
  exit 1
fi
for tool in cc pdfinfo pkg-config awk sqlite3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
mkdir -p "$W"
cc -std=c11 -O2 -Wall -Wextra -Werror -o build/bench-gen bench/gen.c
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -Wall -Wextra -Werror -o build/pdf-ref bench/pdf_ref.c \
  $(pkg-config --cflags --libs pangocairo cairo)

# timed CMD...: run CMD (output discarded); T = elapsed seconds.
timed() {
  _t0=$(date +%s.%N)
  "$@" >"$W/pdf-timed.out" 2>"$W/pdf-timed.err" || {
    echo "bench: failed: $*" >&2
    cat "$W/pdf-timed.err" >&2
    exit 1
  }
  _t1=$(date +%s.%N)
  T=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", b - a }')
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'; }
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }

RESULTS=$W/pdf-results.txt
{
  echo "auditrack PDF benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(nproc) CPUs; $(uname -sm); cairo $(pkg-config --modversion cairo)," \
    "pango $(pkg-config --modversion pango)"
  echo "times in seconds, best of $REPS; ratio = auditrack / reference"
  echo
  printf '%-7s %-12s %6s %10s %10s %8s %8s %11s  %s\n' size report open auditrack reference \
    ratio typeset pages target
} | tee "$RESULTS"

for N in $SIZES; do
  CSV=$W/pdf-tracker-$N.csv DB=$W/pdf-$N.db
  build/bench-gen "$N" >"$CSV" 2>/dev/null
  rm -f "$DB" "$DB-wal" "$DB-shm"
  "$AT" --db "$DB" init >/dev/null
  "$AT" --db "$DB" import --quiet "$CSV" >/dev/null
  "$AT" --db "$DB" cycle add "Audit Committee December 2024" --as-at 2024-12-31 >/dev/null
  "$AT" --db "$DB" cycle add "Audit Committee March 2025" --as-at "$AS_AT" >/dev/null
  # Annex B's pack counts by Cambridgeshire's bands: a copy of the register with them.
  DBC=$W/pdf-$N-camb.db
  rm -f "$DBC" "$DBC-wal" "$DBC-shm"
  sqlite3 "$DB" ".backup $DBC"
  "$AT" --db "$DBC" policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  open=$("$AT" --db "$DB" rec list --as-at "$AS_AT" --format csv | tail -n +2 | grep -c '^[0-9]')
  for K in ${BENCH_PDF_KINDS:-outstanding summary pack annexb}; do
    R=$K D=$DB
    set -- --as-at "$AS_AT"
    [ "$K" = pack ] && set -- --cycle "Audit Committee March 2025"
    [ "$K" = annexb ] && R=pack D=$DBC && set -- --cycle "Audit Committee March 2025" --pack cambridgeshire
    best_at=999999 best_ref=999999 best_set=999999 i=0
    while [ "$i" -lt "$REPS" ]; do
      timed "$AT" --db "$D" report "$R" "$@" --format pdf --output "$W/pdf-$K-$N.pdf"
      best_at=$(min "$best_at" "$T")
      timed "$AT" --db "$D" report "$R" "$@" --output "$W/pdf-$K-$N.txt"
      t_text=$T
      timed build/pdf-ref "$W/pdf-$K-$N.txt" "$W/pdf-ref-$K-$N.pdf"
      best_set=$(min "$best_set" "$T")
      best_ref=$(min "$best_ref" "$(awk -v a="$t_text" -v b="$T" 'BEGIN { printf "%.3f", a + b }')")
      i=$((i + 1))
    done
    ratio=$(awk -v a="$best_at" -v b="$best_ref" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    target="<= 2x"
    verdict=$(awk -v r="$ratio" 'BEGIN { if (r > 2) print "MISSED" }')
    if [ "$N" -le 1000 ] && [ "$K" != summary ]; then
      lim=2
      [ "$K" = outstanding ] || lim=1
      target="<= 2x, < $lim s"
      verdict=$(awk -v r="$ratio" -v a="$best_at" -v l="$lim" 'BEGIN { if (r > 2 || a >= l) print "MISSED" }')
    fi
    printf '%-7s %-12s %6s %10s %10s %7sx %8s %5s/%-5s  %s %s\n' "$N" "$K" "$open" "$best_at" \
      "$best_ref" "$ratio" "$best_set" "$(pages "$W/pdf-$K-$N.pdf")" \
      "$(pages "$W/pdf-ref-$K-$N.pdf")" "$target" "$verdict" | tee -a "$RESULTS"
  done
  [ "${BENCH_KEEP:-0}" = 1 ] ||
    rm -f "$CSV" "$DB" "$DB-wal" "$DB-shm" "$DBC" "$DBC-wal" "$DBC-shm" "$W"/pdf-*-"$N".pdf "$W"/pdf-*-"$N".txt
done
echo "(pages: auditrack/reference; the reference has no cover, contents, boxes or wrapping" \
  "cells, so its page count differs)" | tee -a "$RESULTS"
echo "results: $RESULTS"
