# Importing a tracker the register already holds refreshes it: each row is matched
# to its recommendation (auditrack_id, else audit and reference, else audit and
# similar text, else a match file's word), only what changed is recorded, on the
# tracker's date, and no report as at an earlier date changes.
S="$SEEDS/seed-trackers"

# q1.csv is write_q1's (test/e2e/lib.sh): five recommendations as at 30/09/2024, all open.
HDR=$TRACKER_HDR

# The same five as at 31/12/2024: two implemented, two revised dates, new statuses.
write_q2() {
  cat >q2.csv <<EOF
$HDR
2024-12-31,Payroll,2024-03-01,1,Reconcile payroll to the ledger monthly,H,2024-06-30,,2024-06-30,Done for October to December,Implemented
2024-12-31,Payroll,2024-03-01,2,Remove leavers from the payroll promptly,M,2024-12-31,2025-03-31,2025-03-31,Leavers process being rewritten,Not implemented
2024-12-31,Payroll,2024-03-01,3,Approve overtime before payment,M,2024-08-31,,2024-08-31,,Implemented
2024-12-31,Procurement,2024-04-15,1,Keep a register of contracts,H,2024-07-31,2025-06-30,2025-06-30,Register drafted,Partially implemented
2024-12-31,Procurement,2024-04-15,2,Check suppliers' bank details before changing them,M,2025-03-31,,2025-03-31,,Not implemented
EOF
}

count_recs() { at rec list --as-at 2030-01-01 --status all --format csv | tail -n +2 | grep -c . || true; }
journal_n() { at log | grep -c . || true; }

test_next_quarter_refreshes_instead_of_duplicating() {
  at init --org "Test Council" >/dev/null
  write_q1
  write_q2
  at import q1.csv >/dev/null
  at report summary --as-at 2024-09-30 >before.txt
  at report summary --as-at 2024-09-30 --format json >before.json
  expect_eq "$(count_recs)" 5
  at import q2.csv >out
  expect_contains out "refresh: 5 rows matched recommendations in the register (0 by auditrack_id, 5 by reference, 0 by text, 0 by the match file), 0 new; 4 changed, 1 unchanged; 0 missing"
  expect_contains out "row 1: recommendation 1 (by reference '1' in audit 'Payroll'): new update; opinion: Implemented (closes it)"
  expect_contains out "row 2: recommendation 2 (by reference '2' in audit 'Payroll'): revised target 31/03/2025; new update"
  expect_contains out "row 4: recommendation 4 (by reference '1' in audit 'Procurement'): revised target 30/06/2025; new update; opinion: Partially implemented"
  expect_contains out "row 5: recommendation 5 (by reference '2' in audit 'Procurement'): no change"
  expect_contains out "2 revisions, 3 updates, 3 opinions"
  expect_eq "$(count_recs)" 5
  at rec list --as-at 2024-12-31 --format csv | tail -n +2 | grep -c . >n
  expect_eq "$(cat n)" 3 "open at 31/12/2024"
  # The past is as it was.
  at report summary --as-at 2024-09-30 | cmp - before.txt
  at report summary --as-at 2024-09-30 --format json | cmp - before.json
  # The second quarter's revisions are dated at its date.
  at rec show 2 >r2.txt
  expect_contains r2.txt "31/03/2025"
}

test_dry_run_lists_matches_and_writes_nothing() {
  at init --org "Test Council" >/dev/null
  write_q1
  write_q2
  at import q1.csv >/dev/null
  n0=$(journal_n)
  at import --dry-run q2.csv >dry.txt
  expect_contains dry.txt "checked (dry run, nothing written) q2.csv"
  expect_contains dry.txt "row 2: recommendation 2 (by reference '2' in audit 'Payroll'): revised target 31/03/2025; new update"
  expect_eq "$(journal_n)" "$n0"
  at rec list --as-at 2024-12-31 --format csv | tail -n +2 | grep -c . >n
  expect_eq "$(cat n)" 5 "nothing written"
  # The real import says the same, the first word aside.
  at import q2.csv >real.txt
  # The dry run also lists the status words it found; the import does not.
  sed -e 's/^checked (dry run, nothing written) /imported /' -e '/^Status words in ia_opinion/d' \
    -e "/^  '.*' ([0-9]* rows*): /d" dry.txt | cmp - real.txt
}

test_cambridgeshire_next_tracker_refreshes_annex_b() {
  at init --org "Cambridgeshire County Council" >/dev/null
  at import --quiet "$S/000.csv" >/dev/null
  at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    at report $k --as-at 2024-12-31 --format json >"$k.before"
  done
  at import --quiet "$S/001.csv" >out
  # All 18 of 001's rows are 000's recommendations, re-worded here and there and
  # numbered afresh ("No. 1"), so they match by text; two of 000's DSG Safety
  # Valve Review recommendations are not in 001 and are listed, not closed.
  expect_contains out "refresh: 18 rows matched recommendations in the register (0 by auditrack_id, 0 by reference, 18 by text, 0 by the match file), 0 new;"
  expect_contains out "row 1: recommendation 1 (by text 94% alike in audit 'DSG Safety Valve Review')"
  expect_contains out "missing: recommendation 30 (audit 'DSG Safety Valve Review') is open as at 19/05/2025 and not in the tracker; not changed"
  expect_eq "$(grep -c '^missing:' out)" 2
  expect_eq "$(count_recs)" 81
  at audit list --format csv | grep -c 'DSG Safety Valve Review' >n
  expect_eq "$(cat n)" 1 "one audit"
  # 001 is dated 19/05/2025: nothing as at 31/12/2024 moves.
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    at report $k --as-at 2024-12-31 --format json | cmp - "$k.before"
  done
}

# An export sent to the services comes back with a new update, a revised date and
# a closure: exactly those are recorded, on the date the returned sheet gives.
test_export_edited_and_read_back() {
  at init --org "Test Council" >/dev/null
  write_q1
  at import q1.csv >/dev/null
  at export --as-at 2024-09-30 --include-confidential --output out.csv
  head -1 out.csv | grep -q ',auditrack_id$'
  at report summary --as-at 2024-09-30 >before.txt
  # Unchanged, the export matches by id and changes nothing.
  at import --as-at 2024-10-31 out.csv >same.txt
  expect_contains same.txt "refresh: 5 rows matched recommendations in the register (5 by auditrack_id, 0 by reference, 0 by text, 0 by the match file), 0 new; 0 changed, 5 unchanged; 0 missing"
  /usr/bin/python3 - out.csv back.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows:
    r["as_at_date"] = "2024-12-31"
    if r["auditrack_id"] == "1":
        r["previous_update"] = r["latest_update"]
        r["latest_update"] = "Reconciliations done every month since October"
    if r["auditrack_id"] == "2":
        r["current_target_date"] = "2025-03-31"
    if r["auditrack_id"] == "4":
        r["ia_opinion"] = "Implemented"
w = csv.DictWriter(open(sys.argv[2], "w", newline="", encoding="utf-8"), fieldnames=list(rows[0].keys()))
w.writeheader()
w.writerows(rows)
PY
  at import back.csv >back.txt
  expect_contains back.txt "(5 by auditrack_id, 0 by reference, 0 by text, 0 by the match file), 0 new; 3 changed, 2 unchanged; 0 missing"
  expect_contains back.txt "row 1: recommendation 1 (by auditrack_id): new update"
  expect_contains back.txt "row 2: recommendation 2 (by auditrack_id): revised target 31/03/2025"
  expect_contains back.txt "row 4: recommendation 4 (by auditrack_id): opinion: Implemented (closes it)"
  expect_contains back.txt "1 revisions, 1 updates, 1 opinions"
  expect_eq "$(grep -c '^row [0-9]*: recommendation' back.txt)" 3
  at report summary --as-at 2024-09-30 | cmp - before.txt
  at export --as-at 2024-12-31 --include-confidential --output after.csv
  grep -q "Reconciliations done every month since October" after.csv
}

test_match_file_overrides_a_proposal() {
  at init --org "Test Council" >/dev/null
  write_q1
  at import q1.csv >/dev/null
  # Row 1 is re-worded and re-numbered: nothing proposes recommendation 1. Row 2
  # keeps its reference but is a different recommendation.
  cat >q2.csv <<EOF
$HDR
2024-12-31,Payroll,2024-03-01,P1,Agree each pay run to the finance system,H,2024-06-30,,2024-06-30,Done,Implemented
2024-12-31,Payroll,2024-03-01,2,Review starters' contracts before the first payment,M,2025-06-30,,2025-06-30,,Not implemented
EOF
  at import --dry-run q2.csv >dry.txt
  expect_contains dry.txt "row 1: new (no recommendation of audit 'Payroll' has its reference or text (best"
  expect_contains dry.txt "row 2: recommendation 2 (by reference '2' in audit 'Payroll'): "
  printf '# proposals overridden\n1 = 1\n2 = new\n' >m.txt
  at import --matches m.txt q2.csv >out
  expect_contains out "(0 by auditrack_id, 0 by reference, 0 by text, 1 by the match file), 1 new;"
  expect_contains out "row 1: recommendation 1 (as the match file says): new update; opinion: Implemented (closes it)"
  expect_contains out "row 2: new (the match file says new)"
  expect_eq "$(count_recs)" 6
  # A new recommendation in a refresh exists from the tracker's date.
  at rec list --as-at 2024-09-30 --status all --format csv | tail -n +2 | grep -c . >n
  expect_eq "$(cat n)" 5
  # A match file naming a recommendation or a row that is not there is refused.
  printf '1 = 99\n' >bad.txt
  expect_status 2 at import --matches bad.txt q2.csv 2>err
  expect_contains err "bad.txt:1: there is no recommendation 99"
  printf '7 = 1\n' >bad2.txt
  expect_status 2 at import --matches bad2.txt q2.csv 2>err2
  expect_contains err2 "names row 7, which the file does not have"
}

test_repeated_import_changes_nothing() {
  at init --org "Test Council" >/dev/null
  write_q1
  write_q2
  at import q1.csv >/dev/null
  at import q2.csv >/dev/null
  n0=$(journal_n)
  at report summary --as-at 2025-06-30 >s0.txt
  at import q2.csv >again.txt
  expect_contains again.txt "q2.csv was already imported"
  expect_eq "$(journal_n)" "$n0"
  # The same bytes with another date or map are another import: matched, and
  # nothing in them differs from the register.
  cut -d, -f2- q2.csv >nodate.csv
  at import --as-at 2024-12-31 nodate.csv >/dev/null
  at import --as-at 2025-01-31 nodate.csv >d2.txt
  expect_contains d2.txt "0 new; 0 changed, 5 unchanged; 0 missing"
  at import --as-at 2025-01-31 nodate.csv >d3.txt
  expect_contains d3.txt "already imported"
  printf 'layout = seed\n' >m.map
  at import --as-at 2025-01-31 --map m.map nodate.csv >d4.txt
  expect_contains d4.txt "0 new; 0 changed, 5 unchanged; 0 missing"
  at report summary --as-at 2025-06-30 | cmp - s0.txt
  expect_eq "$(count_recs)" 5
  # A bad map is refused, even for a file imported before.
  printf 'no_such_field = X\n' >bad.map
  expect_status 2 at import --as-at 2025-01-31 --map bad.map nodate.csv 2>err
}

# A tracker may repeat a row word for word: the repeats take the register's
# repeated recommendations in order rather than becoming new ones.
test_repeated_rows_match_in_order() {
  at init --org "Test Council" >/dev/null
  printf '%s\n' 'as_at_date,audit_title,recommendation,original_due_date,latest_update' \
    '2024-09-30,Payroll,Check the payroll,2024-12-31,' \
    '2024-09-30,Payroll,Check the payroll,2024-12-31,' >a.csv
  at import a.csv >/dev/null
  sed 's/2024-09-30/2024-12-31/; 3s/,$/,Second one checked/' a.csv >b.csv
  at import b.csv >out
  expect_contains out "(0 by auditrack_id, 0 by reference, 2 by text, 0 by the match file), 0 new; 1 changed, 1 unchanged; 0 missing"
  expect_contains out "row 2: recommendation 2 (by the same text in audit 'Payroll'): new update"
  expect_eq "$(count_recs)" 2
}

# The same two quarters as workbooks (dates as Excel serials): the refresh
# matches, records and reports exactly as it does from CSV; only the rows are
# named as Excel numbers them (the header is row 1).
test_workbooks_refresh_as_csv_does() {
  C2X="$ROOT/build/tools/csv2xlsx"
  write_q1
  write_q2
  "$C2X" --serial-dates q1.csv q1.xlsx
  "$C2X" --serial-dates q2.csv q2.xlsx
  for kind in csv xlsx; do
    DB=$kind.db
    at init --org "Test Council" >/dev/null
    at import q1.$kind >/dev/null
    at import q2.$kind >$kind.out
    # Rows as each file names them: a workbook's by Excel's row numbers.
    sed -n '/^refresh:/p; s/^row [0-9]*: //p' $kind.out >$kind.rows
    at rec list --as-at 2030-01-01 --status all --format csv >$kind.list
    at report summary --as-at 2024-12-31 --format json >$kind.sum
  done
  expect_contains xlsx.out "refresh: 5 rows matched recommendations in the register"
  expect_contains xlsx.out "0 new; 4 changed, 1 unchanged; 0 missing"
  expect_contains xlsx.out "row 2: recommendation 1 (by reference '1' in audit 'Payroll')"
  cmp csv.rows xlsx.rows
  cmp csv.list xlsx.list
  cmp csv.sum xlsx.sum
  expect_eq "$(tail -n +2 xlsx.list | grep -c .)" 5
}
