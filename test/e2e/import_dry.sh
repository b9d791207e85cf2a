# A dry run (import --dry-run, and the web's check before "Import now") says
# exactly what the import then does: the same counts, problems, warnings and
# exit status, the wording and the dry run's list of status words aside. Every import in import_errors.sh and
# xlsx_import.sh (the seed trackers as CSV and as workbooks, and the malformed
# trackers) is run twice by a wrapper: first as a dry run on a copy of the
# database, then for real, and the two outputs are compared.

# dry_wrapper PATH: a stand-in for auditrack that checks each import that way,
# appending "compared" or the difference to $PWD/dry.log.
dry_wrapper() {
  cat >"$1" <<'WRAP'
#!/bin/sh
real=$REAL_AUDITRACK
# auditrack --db PATH ... import ...: both helpers (at, load) call it so.
isImport=0
for a in "$@"; do
  [ "$a" = import ] && isImport=1
  [ "$a" = --dry-run ] && isImport=0
done
if [ $isImport = 0 ] || [ "$1" != --db ]; then exec "$real" "$@"; fi
db=$2; shift 2
w=$(mktemp -d)
[ -f "$db" ] && cp "$db" "$w/copy.db"
[ -f "$db-wal" ] && cp "$db-wal" "$w/copy.db-wal"
set +e
"$real" --db "$w/copy.db" "$@" --dry-run >"$w/dry.out" 2>"$w/dry.err"; dryRc=$?
"$real" --db "$db" "$@" >"$w/real.out" 2>"$w/real.err"; rc=$?
# The dry run also lists the status words it found; the import does not.
sed -e 's/^checked (dry run, nothing written) /imported /' -e '/^Status words in ia_opinion/d' \
  -e "/^  '.*' ([0-9]* rows*): /d" -e '/^  \.\.\. and [0-9]* more rows* with other words$/d' \
  "$w/dry.out" >"$w/dry.norm"
if cmp -s "$w/dry.norm" "$w/real.out" && cmp -s "$w/dry.err" "$w/real.err" && [ $dryRc = $rc ]; then
  echo compared >>"$DRY_LOG"
else
  { echo "DIFFERENT: $* (exit $dryRc dry, $rc real)"; diff "$w/dry.norm" "$w/real.out"
    diff "$w/dry.err" "$w/real.err"; } >>"$DRY_LOG"
fi
cat "$w/real.out"; cat "$w/real.err" >&2
rm -rf "$w"
exit $rc
WRAP
  chmod +x "$1"
}

# dry_compare FILE: run FILE's tests through the wrapper; each must pass and
# every import in it must compare equal.
dry_compare() {
  dry_wrapper "$PWD/wrap.sh"
  mkdir -p runs
  : >dry.log
  for t in $(grep -o '^test_[a-z0-9_]*' "$ROOT/$1"); do
    (cd "$ROOT" && REAL_AUDITRACK="$AUDITRACK" AUDITRACK="$OLDPWD/wrap.sh" \
      DRY_LOG="$OLDPWD/dry.log" sh test/e2e/run1.sh "$OLDPWD/runs" "$1" "$t")
    n="$(basename "$1" .sh)-$t"
    expect_eq "$(cat "runs/$n.rc")" 0 "$t: $(tail -n 5 "runs/$n.log")"
  done
  if grep -q DIFFERENT dry.log; then cat dry.log >&2; return 1; fi
  # and not trivially
  n=$(grep -c compared dry.log)
  [ "$n" -ge "$2" ] || { echo "only $n imports compared" >&2; return 1; }
}

test_dry_run_reports_as_import_errors_imports() {
  dry_compare test/e2e/import_errors.sh 10
}

test_dry_run_reports_as_xlsx_imports() {
  dry_compare test/e2e/xlsx_import.sh 20
}
