# Importing a tracker from the browser: a dry run first (the problems, or the
# counts), then "Import now" on the same bytes, by their digest.
. "$ROOT/test/e2e/web_lib.sh"
S="$SEEDS/seed-trackers"
C2X="$ROOT/build/tools/csv2xlsx"

# send ROLE PATH [curl -F args...]: a multipart POST with the CSRF token
send() {
  who=$1; path=$2; shift 2
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$who" -c "jar.$who" -H "Origin: $BASE" \
    -F "csrf=$(csrf "$who")" "$@" "$BASE$path"
}
recs() { at rec list --status all --format csv | tail -n +2 | grep -c . || true; }
hidden() { sed -n "s/.*name=\"$1\" value=\"\\([^\"]*\\)\".*/\\1/p" out.html | head -n 1; }

test_web_import_xlsx_check_then_import() {
  web_start
  login auditor
  "$C2X" --serial-dates "$S/001.csv" cef.xlsx
  expect_eq "$(get auditor /audits)" 200
  expect_contains out.html 'href="/import"'
  expect_eq "$(get auditor /import)" 200
  expect_contains out.html 'enctype="multipart/form-data"'
  # The check writes nothing and shows what would be added.
  expect_eq "$(send auditor /import -F 'tracker=@cef.xlsx')" 200
  expect_contains out.html "cef.xlsx has no problems. Nothing has been written yet."
  # What it adds and Import now come first, the details after, then Import now again.
  expect_contains out.html '<p class="govuk-body" id="import-summary">Importing it adds <span data-count="recs">18</span> recommendations in <span data-count="audits">5</span> audits, with <span data-count="dates">3</span> revised targets, <span data-count="updates">18</span> updates and <span data-count="opinions">6</span> opinions, as at <time datetime="2025-05-19">19 May 2025</time>.</p>'
  expect_not_contains out.html 'id="look-first"'
  python3 - out.html <<'EOF'
import sys
page = open(sys.argv[1]).read()
marks = ['id="import-summary"', '<form method="post" action="/import/confirm" id="import-now"',
         '>Import now</button>', 'What the check found</h2>', 'data-status-word',
         '<button type="submit" form="import-now" class="govuk-button"']
at = [page.find(m) for m in marks]
if -1 in at or at != sorted(at) or page.count(">Import now</button>") != 2:
    sys.exit("the check page's order: %s" % list(zip(marks, at)))
EOF
  expect_contains out.html '<dd class="govuk-summary-list__value">Tracker</dd>'
  expect_contains out.html 'data-count="Recommendations">18</dd>'
  expect_contains out.html 'data-count="New audits">'
  expect_contains out.html '19 May 2025'
  # The status words found, and what each is read as: 001 has three.
  expect_eq "$(grep -o '<tr class="govuk-table__row" data-status-word>' out.html | wc -l)" 3
  expect_contains out.html 'Evidence required by Audit</td><td class="govuk-table__cell govuk-table__cell--numeric">4</td><td class="govuk-table__cell">In progress</td><td class="govuk-table__cell">built-in word</td>'
  expect_eq "$(recs)" 0
  sha=$(hidden sha)
  expect_eq "$(sha256sum cef.xlsx | cut -c1-64)" "$sha" "the digest posted back is the upload's"
  expect_eq "$(hidden name)" cef.xlsx
  # Import now: the same bytes, from the server's copy.
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$sha" --data-urlencode name=cef.xlsx)" 303
  expect_contains hdr.txt "Location: /audits"
  expect_eq "$(recs)" 18
  at log >log.txt
  expect_contains log.txt "Test auditor import"
  # The audits page says what happened.
  expect_eq "$(get auditor /audits)" 200
  expect_contains out.html "Imported 18 recommendations in 5 audits"
  # Again: the upload is no longer kept, and checked anew it was imported already.
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$sha" --data-urlencode name=cef.xlsx)" 404
  expect_eq "$(send auditor /import -F 'tracker=@cef.xlsx')" 200
  expect_contains out.html "Already imported"
  expect_eq "$(recs)" 18
}

test_web_import_problems_listed_nothing_written() {
  web_start
  login admin
  printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
    'Payroll,Reconcile monthly,2024-01-31,2024-12-31' 'Payroll,Remove leavers,31/02/2024,2024-12-31' \
    'Payroll,Check overtime,2024-03-31,2024-12-31' 'Payroll,,2024-03-31,2024-12-31' >bad.csv
  "$C2X" --blank 1 bad.csv bad.xlsx
  expect_eq "$(send admin /import -F 'tracker=@bad.xlsx')" 422
  expect_contains out.html '<h2 class="govuk-error-summary__title">There is a problem</h2>'
  expect_contains out.html "bad.xlsx has 2 problems. Nothing was imported"
  # Excel's rows: a blank row 1, the header on row 2, entries on 3, 5, 7 and 9.
  expect_contains out.html '<td class="govuk-table__cell">row 5, column C (original_target)</td><td class="govuk-table__cell">31/02/2024</td><td class="govuk-table__cell">not a date: '
  expect_contains out.html '<td class="govuk-table__cell">row 9, column B (recommendation)</td><td class="govuk-table__cell"></td><td class="govuk-table__cell">the recommendation is empty</td>'
  expect_not_contains out.html 'Import now'
  expect_eq "$(recs)" 0
  # The CSV of the same: the CSV's row and line numbers.
  expect_eq "$(send admin /import -F 'tracker=@bad.csv')" 422
  expect_contains out.html "row 2 (line 3), column original_target</td><td class=\"govuk-table__cell\">31/02/2024</td>"
  expect_eq "$(recs)" 0
  # A damaged workbook names the part.
  head -c 300 bad.xlsx >cut.xlsx
  expect_eq "$(send admin /import -F 'tracker=@cut.xlsx')" 422
  expect_contains out.html "cut.xlsx cannot be imported. Nothing was imported."
  expect_contains out.html "not a readable .xlsx workbook"
  expect_eq "$(recs)" 0
}

test_web_import_csv_with_map_and_as_at() {
  web_start
  login auditor
  expect_eq "$(send auditor /import -F "tracker=@$S/004.csv" -F "map=@$SEEDS/manchester.map")" 200
  expect_contains out.html 'data-count="Recommendations">16</dd>'
  expect_contains out.html "<li>row 5: the tracker states &#39;25 months overdue&#39;; as at 15/02/2022 the policy gives 29 months (due 30/09/2019)</li>"
  # Said before Import now, with a link down to them.
  expect_contains out.html 'id="look-first"><li><a class="govuk-link" href="#titles">'
  expect_contains out.html "<li><a class=\"govuk-link\" href=\"#differ\">the figures the tracker states that differ</a> from auditrack's</li></ul>"
  expect_contains out.html '<h2 class="govuk-heading-m" id="differ">Figures the tracker states that differ</h2>'
  map=$(hidden map_sha)
  expect_eq "$(sha256sum "$SEEDS/manchester.map" | cut -c1-64)" "$map"
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$(hidden sha)" \
    --data-urlencode name=004.csv --data-urlencode "map_sha=$map")" 303
  expect_eq "$(recs)" 16
  # Another layout without a map: the page asks which column holds each field
  # (web_import_map.sh), in its own words.
  printf '%s\n' 'Audit,Finding,Due date' 'Payroll,Reconcile monthly,2024-06-30' >other.csv
  expect_eq "$(send auditor /import -F "tracker=@other.csv")" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Check the columns</h1>'
  expect_not_contains out.html "--map"
  expect_not_contains out.html "docs/"
  expect_eq "$(get auditor /import)" 200
  expect_contains out.html "How to describe the columns"
  expect_contains out.html "recommendation = Finding"
  expect_not_contains out.html "docs/import.md"
  # A tracker without its date needs one.
  expect_eq "$(send auditor /import -F "tracker=@$S/002.csv")" 422
  expect_contains out.html "give the tracker&#39;s date on the import page"
  expect_not_contains out.html "--as-at"
  expect_eq "$(send auditor /import -F "tracker=@$S/002.csv" -F as_at=31/12/2022)" 200
  expect_contains out.html '<input type="hidden" name="as_at" value="31/12/2022">'
}

test_web_import_refuses_forged_digests_and_roles() {
  web_start
  for r in auditor owner committee director; do login $r; done
  expect_eq "$(get owner /import)" 403
  expect_eq "$(get committee /import)" 403
  expect_eq "$(send director /import -F "tracker=@$S/001.csv")" 403
  expect_eq "$(post auditor /import/confirm --data-urlencode 'sha=../../../../etc/passwd' --data-urlencode name=x.csv)" 400
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$(printf '%064d' 0)" --data-urlencode name=x.csv)" 404
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$(printf 'a%.0s' $(seq 64))" --data-urlencode name=../x.csv)" 400
  # No file chosen: the form again, with the error.
  expect_eq "$(send auditor /import -F sheet=1)" 422
  expect_contains out.html 'Choose a file for the tracker'
  expect_eq "$(recs)" 0
}

# Regression: the check ran the import in a write transaction and rolled back,
# so while a large tracker was checked every other writer (sign-ins, the CLI)
# waited 5 s and failed with "database is locked"; and a large import left a
# WAL the size of the import until the server stopped.
test_web_import_check_of_a_large_tracker_locks_no_writer() {
  web_start
  login auditor
  "$ROOT/build/bench-gen" 8000 >big.csv 2>/dev/null # 9 MB: under the 10 MB upload limit
  sha=$(sha256sum big.csv | cut -c1-64)
  send auditor /import -F 'tracker=@big.csv' >check.code &
  check=$!
  # The upload is stored just before the check starts: then write from the CLI.
  i=0
  while [ ! -f "$DB.evidence/trackers/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)" ]; do
    i=$((i + 1)); [ $i -lt 600 ] && kill -0 $check 2>/dev/null || {
      echo "the upload was never stored ($(cat check.code))" >&2; return 1; }
    sleep 0.05
  done
  at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >policy.out 2>&1
  expect_contains policy.out "bands"
  # Finished while the check still runs (the check of 8,000 rows takes seconds,
  # the write a fraction of one): under a write lock it could only have waited.
  running=no
  kill -0 $check 2>/dev/null && running=yes
  expect_eq "$running" yes "the CLI write finished while the check was running"
  wait $check
  expect_eq "$(cat check.code)" 200
  expect_contains out.html "big.csv has no problems. Nothing has been written yet."
  expect_contains out.html 'data-count="Recommendations">8000</dd>'
  expect_eq "$(recs)" 0
  # The real import, then the WAL is checkpointed and truncated.
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$sha" --data-urlencode name=big.csv)" 303
  expect_eq "$(recs)" 8000
  wal=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
  [ "$wal" -lt 1048576 ] || { echo "the WAL is $wal bytes after the import" >&2; return 1; }
}

# Uploaded trackers were kept for ever, in the evidence directory beside the
# evidence itself. Now a tracker (and its column map) is kept only from its
# check to its import: removed once imported, found already imported or
# refused.
test_web_import_trackers_are_not_kept() {
  web_start
  login auditor
  kept() { find "$DB.evidence" -type f | wc -l; }
  expect_eq "$(send auditor /import -F "tracker=@$S/004.csv" -F "map=@$SEEDS/manchester.map")" 200
  expect_eq "$(kept)" 2 "the tracker and its map, for Import now"
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$(hidden sha)" \
    --data-urlencode name=004.csv --data-urlencode "map_sha=$(hidden map_sha)")" 303
  expect_eq "$(recs)" 16
  expect_eq "$(kept)" 0 "imported"
  expect_eq "$(send auditor /import -F "tracker=@$S/004.csv" -F "map=@$SEEDS/manchester.map")" 200
  expect_contains out.html "Already imported"
  expect_eq "$(kept)" 0 "already imported"
  printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
    'Payroll,Remove leavers,31/02/2024,2024-12-31' >bad.csv
  expect_eq "$(send auditor /import -F 'tracker=@bad.csv')" 422
  expect_eq "$(kept)" 0 "refused"
  # Refused at "Import now" (its tracker imported meanwhile): nothing kept either.
  expect_eq "$(send auditor /import -F "tracker=@$S/001.csv")" 200
  sha=$(hidden sha)
  at import --quiet "$S/001.csv" >/dev/null
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$sha" --data-urlencode name=001.csv)" 303
  expect_eq "$(kept)" 0 "already imported at Import now"
}

# However many are checked and left, at most 16 files are kept: the newest.
test_web_import_trackers_kept_are_bounded() {
  web_start
  login auditor
  for i in $(seq 1 17); do
    printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
      "Payroll $i,Reconcile monthly,2024-01-31,2024-12-31" >t$i.csv
    expect_eq "$(send auditor /import -F "tracker=@t$i.csv")" 200
    [ $i != 1 ] || first=$(hidden sha)
  done
  expect_eq "$(find "$DB.evidence" -type f | wc -l)" 16
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$first" --data-urlencode name=t1.csv)" 404
  expect_eq "$(send auditor /import -F "tracker=@t17.csv")" 200
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$(hidden sha)" --data-urlencode name=t17.csv)" 303
  expect_eq "$(recs)" 1
}

# A tracker checked and never imported is removed once older than
# --tracker-hours: when the next tracker is uploaded, and when the server starts.
test_web_import_abandoned_trackers_are_swept() {
  web_start --tracker-hours 24
  login auditor
  kept() { find "$DB.evidence" -type f | wc -l; }
  expect_eq "$(send auditor /import -F "tracker=@$S/001.csv")" 200
  old=$(hidden sha)
  find "$DB.evidence" -type f -exec touch -d '25 hours ago' {} +
  expect_eq "$(send auditor /import -F "tracker=@$S/000.csv")" 200
  expect_eq "$(kept)" 1 "the abandoned one removed, the new one kept"
  expect_eq "$(post auditor /import/confirm --data-urlencode "sha=$old" --data-urlencode name=001.csv)" 404
  expect_contains out.html "The uploaded tracker is no longer kept. Upload it again."
  # At the start: a day old less an hour stays, a day and an hour old goes.
  find "$DB.evidence" -type f -exec touch -d '23 hours ago' {} +
  web_stop
  : >server.log # the redirection below happens in the child: no stale line for web_wait_serving
  "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --tracker-hours 24 2>server.log &
  SERVER_PID=$!
  web_wait_serving
  expect_eq "$(kept)" 1 "not yet abandoned"
  find "$DB.evidence" -type f -exec touch -d '25 hours ago' {} +
  web_stop
  : >server.log # the redirection below happens in the child: no stale line for web_wait_serving
  "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --tracker-hours 24 2>server.log &
  SERVER_PID=$!
  web_wait_serving
  expect_eq "$(kept)" 0 "abandoned, removed at the start"
}
