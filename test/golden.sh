#!/bin/sh
# The outputs that must not change by accident: every report kind in every
# format for the five seed registers (with Manchester's four committee cycles
# and Cambridgeshire's Annex B pack), the recommendation list, the tracker
# export, and the same reports over a generated register of 1,000
# recommendations; and a few with both bases side by side. Each output's SHA-256 is compared with test/golden.sha256.
#
#   test/golden.sh check  BINARY    # exit 1 and name every output that differs
#   test/golden.sh update BINARY    # rewrite test/golden.sha256 (a change meant)
#
# A change that is meant to alter an output updates the file in the same
# commit, so the diff of golden.sha256 names exactly which outputs it altered.
set -eu
mode=${1:-check}
bin=$(cd "$(dirname "${2:-./auditrack}")" && pwd)/$(basename "${2:-./auditrack}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S="$ROOT/examples/seed-trackers"
work=${GOLDEN_DIR:-$(mktemp -d)}
[ -n "${GOLDEN_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/out"
cd "$work"
# Imports date the journal by the clock; reports never read it, but the
# "today" defaults would. Every command below names its dates.
at() { db=$1; shift; "$bin" --db "$db" "$@"; }

load() { # NAME ORG IMPORT-ARGS...
  db=$1.db; org=$2; shift 2
  at "$db" init --org "$org" >/dev/null
  at "$db" import --quiet "$@" >/dev/null
}
load camb "Cambridgeshire County Council" "$S/000.csv"
at camb.db policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
at camb.db cycle add "Audit and Accounts Committee 31 December 2024" --as-at 2024-12-31 >/dev/null
at camb.db policy set pack cambridgeshire >/dev/null
load cef "Cambridgeshire County Council" "$S/001.csv"
load notts "Nottinghamshire County Council" --as-at 2022-12-31 "$S/002.csv"
load man23 "Manchester City Council" --as-at 2023-06-30 "$S/003.csv"
load man22 "Manchester City Council" --map "$ROOT/examples/manchester.map" "$S/004.csv"
for c in "15 May 2021:2021-05-15" "15 August 2021:2021-08-15" \
  "15 November 2021:2021-11-15" "15 February 2022:2022-02-15"; do
  at man22.db cycle add "Audit Committee ${c%%:*}" --as-at "${c##*:}" >/dev/null
done
"$ROOT/build/bench-gen" 1000 7 >gen.csv 2>/dev/null
load gen "Generated Borough Council" gen.csv
for c in "2024-06-30" "2024-09-30" "2024-12-31" "2025-03-31"; do
  at gen.db cycle add "Committee $c" --as-at "$c" >/dev/null
done

kinds="summary outstanding implemented progress escalations follow-up-audits trend pack"
# NAME AS-AT [EXTRA-ARGS...]: every kind in every format.
reports() {
  name=$1 asat=$2; shift 2
  for k in $kinds; do
    for f in text md csv json html pdf xlsx; do
      o="out/$name-$k.$f"
      # trend needs two cycles on or before the date; other registers refuse it,
      # and the refusal is an output too.
      if at "$name.db" report "$k" --as-at "$asat" --format "$f" --output "$o" "$@" \
        2>"$o.err"; then rm -f "$o.err"; else echo "exit $?" >>"$o.err"; fi
    done
  done
  for f in text csv json pdf xlsx; do
    at "$name.db" rec list --as-at "$asat" --status all --format "$f" --output "out/$name-list.$f"
  done
  at "$name.db" export --as-at "$asat" --output "out/$name-export.csv"
  at "$name.db" export --as-at "$asat" --format xlsx --output "out/$name-export.xlsx"
}
reports camb 2024-12-31
reports cef 2025-05-19
reports notts 2022-12-31 --since 2022-06-30
reports man23 2023-06-30
reports man22 2022-02-15
reports gen 2025-03-31
# Filters and confidentiality, on the registers that have them.
at man22.db report outstanding --as-at 2021-10-31 --format csv --output out/man22-oct.csv
at camb.db report outstanding --as-at 2024-12-31 --risk E --format json --output out/camb-E.json
at gen.db report summary --as-at 2025-03-31 --include-confidential --format json \
  --output out/gen-summary-conf.json
at gen.db report outstanding --as-at 2025-03-31 --band "over 12 months" --format csv \
  --output out/gen-band.csv 2>out/gen-band.err || echo "exit $?" >>out/gen-band.err
at man22.db report trend --cycle "Audit Committee 15 February 2022" --cycles 3 --format json \
  --output out/man22-trend3.json
# Both bases side by side, and banded by the current target (docs/reports.md).
at man22.db report outstanding --as-at 2022-02-15 --bases both --format csv --output out/man22-bases.csv
at man22.db report summary --as-at 2022-02-15 --bases both --band-by current --format json \
  --output out/man22-bases-current.json
at gen.db report outstanding --as-at 2025-03-31 --bases both --format xlsx --output out/gen-bases.xlsx
at gen.db rec list --as-at 2025-03-31 --status all --bases both --format csv \
  --output out/gen-list-bases.csv

(cd out && sha256sum -- *) | sort -k2 >sums
case $mode in
update)
  cp sums "$ROOT/test/golden.sha256"
  echo "golden: $(wc -l <sums) outputs recorded in test/golden.sha256"
  ;;
check)
  if diff "$ROOT/test/golden.sha256" sums >diff.txt; then
    echo "golden: $(wc -l <sums) outputs identical"
  else
    echo "golden: outputs differ from test/golden.sha256 (< recorded, > now):" >&2
    cat diff.txt >&2
    exit 1
  fi
  ;;
*) echo "usage: test/golden.sh check|update BINARY" >&2; exit 2 ;;
esac
