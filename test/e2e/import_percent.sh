# Percent complete as a tracker column: each way a tracker writes it, a value that
# is none of them refusing the file, a refresh recording a changed percent, the
# mean an audit shows, and the export read back (docs/import.md, docs/export.md).

count_recs() { at rec list --as-at 2030-01-01 --status all --format csv | tail -n +2 | grep -c . || true; }

# "id=percent" per recommendation as at $1, from the wide list's CSV.
percents() {
  at rec list --as-at "$1" --status all --format csv >pl.csv
  /usr/bin/python3 -c 'import csv, sys
print(" ".join("%s=%s" % (r["id"], r["percent_complete"]) for r in csv.DictReader(open(sys.argv[1]))))' pl.csv
}

# Nine open rows (due 2024-01-31, as at 2024-12-31) and one implemented, under a
# heading the importer recognises without a map ("% Complete").
forms_tracker() {
  printf '%s\n' 'audit_title,recommendation,original_due_date,latest_update,% Complete,ia_opinion,as_at_date' \
    'Payroll,A,2024-01-31,Going,75%,,2024-12-31' 'Payroll,B,2024-01-31,,0.75,,2024-12-31' \
    'Payroll,C,2024-01-31,x,50,,2024-12-31' 'Payroll,D,2024-01-31,y,,,2024-12-31' \
    'Payroll,E,2024-01-31,z,100 %,,2024-12-31' 'Payroll,F,2024-01-31,z,62.5%,,2024-12-31' \
    'Payroll,G,2024-01-31,z,1.0,,2024-12-31' 'Payroll,H,2024-01-31,z,0.5,,2024-12-31' \
    'Payroll,I,2024-01-31,z,1,,2024-12-31' 'Payroll,J,2024-01-31,z,100%,Implemented,2024-12-31' >"$1"
}

test_each_form_of_percent_imports() {
  at init >/dev/null
  forms_tracker t.csv
  at import t.csv >out
  expect_contains out "10 recommendations"
  # 75% and 75 are per cent; 0.75, 1.0 and 0.5 (a decimal point, from 0 to 1) are
  # fractions; 62.5% rounds half up; 1 without a point is 1%; empty is not given.
  expect_eq "$(percents 2024-12-31)" "1=75 2=75 3=50 4= 5=100 6=63 7=100 8=50 9=1 10=100"
  # B gave a percent and no update: the update records the percent alone.
  at rec show 2 --as-at 2024-12-31 >show
  expect_contains show "Percent complete as stated in the tracker"
  expect_contains show "75% complete"
  at rec list --as-at 2024-12-31 >list.txt
  expect_contains list.txt "Complete"
  expect_contains list.txt "63%"
}

test_audit_shows_mean_of_open_recommendations() {
  at init >/dev/null
  forms_tracker t.csv
  at import t.csv >/dev/null
  # Open: A-I (J is implemented); D gives none. (75+75+50+100+63+100+50+1)/8 =
  # 514/8 = 64.25, so 64%, from 8 of 9.
  at audit show 1 --as-at 2024-12-31 >a.txt
  expect_contains a.txt "Percent complete     64% on average, from 8 of 9 open recommendations"
  expect_contains a.txt "; 63% complete"
  # Before the tracker's date nothing was reported: no update gives a percent yet.
  at audit show 1 --as-at 2024-06-30 >b.txt
  expect_contains b.txt "not reported for any of its 10 open recommendations"
}

test_bad_percent_refuses_file_naming_row_column_value() {
  at init >/dev/null
  printf '%s\n' 'audit_title,recommendation,original_due_date,percent_complete,as_at_date' \
    'Payroll,A,2024-01-31,75%,2024-12-31' 'Payroll,B,2024-01-31,half,2024-12-31' \
    'Payroll,C,2024-01-31,120,2024-12-31' 'Payroll,D,2024-01-31,-5%,2024-12-31' \
    'Payroll,E,2024-01-31,1.5.2,2024-12-31' >t.csv
  expect_status 1 at import t.csv 2>err
  expect_contains err "row 2 (line 3), column percent_complete, value 'half': not a percent complete"
  expect_contains err "row 3 (line 4), column percent_complete, value '120': not a percent complete"
  expect_contains err "row 4 (line 5), column percent_complete, value '-5%'"
  expect_contains err "row 5 (line 6), column percent_complete, value '1.5.2'"
  expect_not_contains err "row 1 "
  expect_eq "$(count_recs)" 0
}

test_map_names_the_percent_column() {
  at init >/dev/null
  printf '%s\n' 'Audit,Finding,Due,Done,Progress %' 'Payroll,A,2024-01-31,40%,90%' >t.csv
  printf '%s\n' 'audit_title = Audit' 'recommendation = Finding' 'original_target = Due' \
    'percent_complete = Done' >t.map
  at import --map t.map --as-at 2024-12-31 t.csv >/dev/null
  # The map's column, not the heading the seed layout would guess.
  expect_eq "$(percents 2024-12-31)" "1=40"
}

HDR='as_at_date,audit_title,audit_date,rec_ref,recommendation,original_due_date,latest_update,percent_complete'

test_refresh_records_a_changed_percent() {
  at init >/dev/null
  printf '%s\n' "$HDR" '2024-09-30,Payroll,2024-03-01,1,Reconcile payroll,2025-06-30,Started,40%' \
    '2024-09-30,Payroll,2024-03-01,2,Remove leavers,2025-06-30,Planned,' \
    '2024-09-30,Payroll,2024-03-01,3,Approve overtime,2025-06-30,Drafting,10%' >q1.csv
  printf '%s\n' "$HDR" '2024-12-31,Payroll,2024-03-01,1,Reconcile payroll,2025-06-30,Started,60%' \
    '2024-12-31,Payroll,2024-03-01,2,Remove leavers,2025-06-30,Planned,25%' \
    '2024-12-31,Payroll,2024-03-01,3,Approve overtime,2025-06-30,Drafting,10%' >q2.csv
  at import q1.csv >/dev/null
  at import q2.csv >out
  expect_contains out "0 new; 2 changed, 1 unchanged"
  expect_contains out "row 1: recommendation 1 (by reference '1' in audit 'Payroll'): percent complete 60%"
  expect_contains out "row 2: recommendation 2 (by reference '2' in audit 'Payroll'): percent complete 25%"
  expect_contains out "row 3: recommendation 3 (by reference '3' in audit 'Payroll'): no change"
  # Recorded on the tracker's date: as at the first tracker's date nothing moved.
  expect_eq "$(percents 2024-09-30)" "1=40 2= 3=10"
  expect_eq "$(percents 2024-12-31)" "1=60 2=25 3=10"
  # (60 + 25 + 10) / 3 = 31.67: 32%.
  at audit show 1 --as-at 2024-12-31 >a.txt
  expect_contains a.txt "32% on average, from 3 of 3 open recommendations"
}

test_export_writes_percent_and_reads_it_back() {
  at init --org "Test Council" >/dev/null
  forms_tracker t.csv
  at import t.csv >/dev/null
  percents 2024-12-31 >want
  at export --as-at 2024-12-31 --include-confidential --output out.csv
  head -1 out.csv | grep -q 'percent_complete'
  expect_not_contains out.csv '62.5'
  expect_contains out.csv '63%'
  at export --as-at 2024-12-31 --include-confidential --format xlsx --output out.xlsx
  # The same register, unchanged: nothing to record.
  at import --as-at 2024-12-31 out.csv >same.txt
  expect_contains same.txt "0 changed, 10 unchanged"
  # Into a new register, from either format: the same percents.
  for f in out.csv out.xlsx; do
    DB="$PWD/$f.db"
    at init --org "Test Council" >/dev/null
    at import "$f" >/dev/null
    expect_eq "$(percents 2024-12-31)" "$(cat want)" "$f"
  done
}

test_workbook_percent_cells_read_as_shown() {
  at init >/dev/null
  /usr/bin/python3 "$ROOT/test/tools/xlsx_craft.py" percents p.xlsx
  at import p.xlsx >/dev/null
  # 0.75 and 1 in a 0% format are 75% and 100%; 0.145 in 0.0% shows 14.5%, rounded
  # half up to 15; general cells: 0.5 is a fraction, 40 is per cent.
  expect_eq "$(percents 2024-12-31)" "1=75 2=100 3=15 4=50 5=40"
}

test_refresh_records_a_percent_beside_withheld_text() {
  at init --org "Test Council" >/dev/null
  printf '%s\n' "$HDR,confidential" \
    '2024-09-30,Payroll,2024-03-01,1,Reconcile payroll,2025-06-30,Started,40%,yes' >q1.csv
  at import q1.csv >/dev/null
  # The export withholds the confidential update's text, not its percent.
  at export --as-at 2024-09-30 --output out.csv
  expect_contains out.csv 'detail withheld'
  expect_contains out.csv '40%'
  sed 's/,40%,/,70%,/; s/2024-09-30/2024-12-31/g' out.csv >back.csv
  at import back.csv >back.txt
  expect_contains back.txt "row 1: recommendation 1 (by auditrack_id): percent complete 70%"
  expect_eq "$(percents 2024-12-31)" "1=70"
  at rec show 1 --as-at 2024-12-31 --include-confidential >show
  expect_not_contains show "detail withheld"
}
