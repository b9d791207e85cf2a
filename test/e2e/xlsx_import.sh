# Excel workbooks import exactly as the same tracker saved as CSV does; damaged,
# oversized and hostile workbooks are refused with the part named and nothing
# written. Workbooks come from test/tools/csv2xlsx (libxlsxwriter) and
# test/tools/xlsx_craft.py (hand-made XML, damaged zips).
S="$SEEDS/seed-trackers"
C2X="$ROOT/build/tools/csv2xlsx"
CRAFT="/usr/bin/python3 $ROOT/test/tools/xlsx_craft.py"
# part BOOK NAME: one part of a workbook, as text
part() { /usr/bin/python3 -c 'import sys, zipfile
sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"; }

# load DB ORG IMPORT-ARGS...: a database loaded as scripts/demo.sh loads the seeds.
load() {
  db=$1 org=$2; shift 2
  "$AUDITRACK" --db "$db" init --org "$org" >/dev/null
  if [ "$org" = "Cambridgeshire County Council" ]; then
    "$AUDITRACK" --db "$db" policy set bands \
      "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  fi
  "$AUDITRACK" --db "$db" import --quiet "$@"
}

# same_data ASAT: csv.db and xlsx.db hold the same register.
same_data() {
  for db in csv xlsx; do
    "$AUDITRACK" --db $db.db rec list --format json --status all --as-at "$1" >$db.list.json
    "$AUDITRACK" --db $db.db report summary --format json --as-at "$1" >$db.summary.json
  done
  cmp csv.list.json xlsx.list.json
  cmp csv.summary.json xlsx.summary.json
  # and not trivially: both hold recommendations
  grep -q '"id":1,' xlsx.list.json
}

# seed_round_trip N ORG ASAT IMPORT-OPTIONS: N.xlsx (made by the caller from
# seed N) imports to the same register as seed N's CSV.
seed_round_trip() {
  n=$1 org=$2 asat=$3; shift 3
  load csv.db "$org" "$@" "$S/$n.csv" >csv.out
  load xlsx.db "$org" "$@" $n.xlsx >xlsx.out
  expect_contains xlsx.out "read sheet 'Tracker' of $n.xlsx"
  # The same counts line, the file name aside.
  expect_eq "$(sed -n 's/^imported [^:]*: //p' xlsx.out)" "$(sed -n 's/^imported [^:]*: //p' csv.out)"
  same_data "$asat"
}

test_seed_000_xlsx_same_as_csv() {
  "$C2X" --numbers "$S/000.csv" 000.xlsx
  seed_round_trip 000 "Cambridgeshire County Council" 2024-12-31
  expect_contains xlsx.out "81 rows, 81 recommendations in 30 audits"
}

test_seed_001_xlsx_serial_dates_rich_text_same_as_csv() {
  "$C2X" --serial-dates --rich recommendation --numbers "$S/001.csv" 001.xlsx
  seed_round_trip 001 "Cambridgeshire County Council" 2025-05-19
  expect_contains xlsx.out "18 rows, 18 recommendations"
  # The dates really were serials: the sheet holds numbers with a date style.
  part 001.xlsx xl/worksheets/sheet1.xml | grep -q '<c r="D2" s="[0-9]*"><v>45796</v>'
}

test_seed_002_xlsx_inline_strings_notes_sheet_first_same_as_csv() {
  "$C2X" --inline --before "Read me" --after Lists "$S/002.csv" 002.xlsx
  seed_round_trip 002 "Nottinghamshire County Council" 2022-12-31 --as-at 2022-12-31
}

test_seed_003_xlsx_group_header_blank_rows_same_as_csv() {
  "$C2X" --group "Target dates=original_due_date,current_target_date" --blank 4 \
    --serial-dates "$S/003.csv" 003.xlsx
  seed_round_trip 003 "Manchester City Council" 2023-06-30 --as-at 2023-06-30
  # the header really is two rows, merged
  part 003.xlsx xl/worksheets/sheet1.xml | grep -q '<mergeCell ref="N2:P2"/>'

}

test_seed_004_xlsx_with_map_same_as_csv() {
  "$C2X" --serial-dates --numbers "$S/004.csv" 004.xlsx
  seed_round_trip 004 "Manchester City Council" 2022-02-15 --map "$SEEDS/manchester.map"
}

# The workbook people actually keep: a title row left blank, a two-row header
# with "Target date" merged over "Original" and "Revised", blank rows between
# entries, original dates as date serials, revised dates typed as text.
special_book() {
  cat >t.csv <<'CSV'
Audit,Ref,Recommendation,Original,Revised,As at
Payroll 2024/25,1,Reconcile payroll to the ledger monthly,2024-06-30,31/03/2025,2024-12-31
Payroll 2024/25,2,Remove leavers within one pay period,2024-09-30,,2024-12-31
Cyber security,3,Test the backups quarterly,2025-01-31,TBC,2024-12-31
CSV
  cat >t.map <<'MAP'
audit_title = Audit
rec_ref = Ref
recommendation = Recommendation
original_target = Target date Original   # the whole heading
revised_targets = Revised                # or the sub-heading alone
as_at_date = As at
MAP
  "$C2X" --serial-dates --group "Target date=Original,Revised" --blank 1 --numbers t.csv t.xlsx
}

test_special_workbook_merged_header_dates_blank_rows() {
  special_book
  # The header's cells: row 2 holds the group heading merged over D2:E2, and the
  # other headings merged over two rows; Original is a date serial.
  part t.xlsx xl/worksheets/sheet1.xml >sheet.xml
  expect_contains sheet.xml '<mergeCell ref="D2:E2"/>'
  expect_contains sheet.xml '<mergeCell ref="A2:A3"/>'
  expect_contains sheet.xml '<v>45473</v>'
  at init >/dev/null
  at import --map t.map t.xlsx >out
  expect_contains out "read sheet 'Tracker' of t.xlsx"
  expect_contains out "imported t.xlsx: 3 rows, 3 recommendations in 2 audits (2 new), 2 revisions"
  at rec list --format json --status all --as-at 2024-12-31 >l.json
  grep -o '{"id":1,[^{}]*}' l.json >r1
  expect_contains r1 '"ref":"1"'
  expect_contains r1 '"audit_title":"Payroll 2024/25"'
  expect_contains r1 '"original_target":"2024-06-30"'
  expect_contains r1 '"current_target":"2025-03-31"'
  grep -o '{"id":2,[^{}]*}' l.json >r2
  expect_contains r2 '"original_target":"2024-09-30"'
  expect_contains r2 '"current_target":"2024-09-30"'
  expect_contains r2 '"months_overdue":3'
  grep -o '{"id":3,[^{}]*}' l.json >r3
  expect_contains r3 '"audit_title":"Cyber security"'
  expect_contains r3 '"original_target":"2025-01-31"'
  expect_contains r3 '"current_target":null,"target_tbc":true'
  expect_contains r3 '"revisions":1'
  expect_contains r1 '"revisions":1'
  expect_contains r2 '"revisions":0'
}

test_special_workbook_problems_name_excel_rows_and_columns() {
  special_book
  # The second entry's revised date made impossible: the sheet's row 6, column E.
  sed -i 's#^Payroll 2024/25,2,Remove leavers within one pay period,2024-09-30,,#Payroll 2024/25,2,Remove leavers within one pay period,2024-09-30,31/02/2025,#' t.csv
  "$C2X" --serial-dates --group "Target date=Original,Revised" --blank 1 t.csv t.xlsx
  at init >/dev/null
  expect_status 1 at import --map t.map t.xlsx 2>err
  expect_contains err "auditrack: t.xlsx: rejected, nothing written:"
  expect_contains err "row 6, column E (revised_targets), value '31/02/2025': not a date"
  expect_eq "$(grep -c '^row ' err)" 1
  expect_eq "$(at rec list --status all --format csv | tail -n +2 | grep -c . || true)" 0
}

test_date_serials_1900_system() {
  $CRAFT dates d.xlsx
  at init >/dev/null
  at import d.xlsx >out
  expect_contains out "4 rows, 4 recommendations"
  at rec list --format csv --status all --as-at 2024-12-31 >l.csv
  # serial 1, 59, 61 (custom format "dd mmm yyyy") and 45657.75 (the time ignored);
  # the ref column's 1.5 has a duration format ([h]:mm): a number, not a date.
  expect_eq "$(grep -c '1900-01-01' l.csv)" 1
  expect_eq "$(grep -c '1900-02-28' l.csv)" 1
  expect_eq "$(grep -c '1900-03-01' l.csv)" 1
  expect_eq "$(grep -c ',2024-12-31,' l.csv)" 1
  at rec list --format json --status all --as-at 2024-12-31 >l.json
  expect_eq "$(grep -o '"ref":"1.5"' l.json | wc -l)" 4
}

test_date_serial_60_is_excels_29_february_1900() {
  $CRAFT dates d.xlsx leap
  at init >/dev/null
  expect_status 1 at import d.xlsx 2>err
  expect_contains err "row 6, column C (original_target), value '1900-02-29': not a date"
}

test_date_serials_1904_system() {
  $CRAFT dates d.xlsx 1904
  at init >/dev/null
  at import d.xlsx >out
  expect_contains out "2 rows, 2 recommendations"
  expect_contains out "as at 31/12/2024"
  at rec list --format json --status all --as-at 2024-12-31 >l.json
  expect_contains l.json '"original_target":"1904-01-01"'
  expect_contains l.json '"original_target":"2024-12-31"'
}

test_sheet_option_by_name_and_number() {
  "$C2X" --before Notes --sheet "Q3 tracker" "$S/000.csv" b.xlsx
  at init >/dev/null
  # Notes first: the default finds the sheet with the tracker's header.
  at import --dry-run b.xlsx >out
  expect_contains out "read sheet 'Q3 tracker' of b.xlsx"
  expect_contains out "checked (dry run, nothing written) b.xlsx: 81 rows"
  expect_status 2 at import --sheet 1 b.xlsx 2>err
  expect_contains err "b.xlsx, sheet 'Notes': the columns are not the seed trackers' layout"
  expect_status 2 at import --sheet Summary b.xlsx 2>err
  expect_contains err "b.xlsx: no sheet 'Summary'; the sheets are: 'Notes', 'Q3 tracker'"
  at import --sheet 2 --quiet b.xlsx >out
  expect_contains out "imported b.xlsx: 81 rows"
  at import --sheet "q3 TRACKER" b.xlsx >out
  expect_contains out "b.xlsx was already imported"
}

# refused FILE MESSAGE: importing FILE fails with status 1 and MESSAGE, and the
# database is exactly as it was (journal and recommendations).
refused() {
  at log >log.before
  at rec list --status all --format csv >recs.before
  expect_status 1 at import "$1" 2>err
  expect_contains err "$2"
  at log >log.after
  at rec list --status all --format csv >recs.after
  cmp log.before log.after
  cmp recs.before recs.after
}

seeded_db() {
  at init >/dev/null
  printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
    'Payroll,Do it,2024-01-31,2024-12-31' >one.csv
  at import one.csv >/dev/null
  expect_eq "$(at rec list --status all --format csv | tail -n +2 | grep -c .)" 1
}

test_truncated_workbook_refused() {
  seeded_db
  "$C2X" "$S/001.csv" ok.xlsx
  $CRAFT truncate ok.xlsx cut.xlsx
  refused cut.xlsx "cut.xlsx: not a readable .xlsx workbook"
}

test_not_a_zip_named_xlsx_refused() {
  seeded_db
  printf 'audit_title,recommendation\n' >fake.xlsx
  refused fake.xlsx "fake.xlsx: not a readable .xlsx workbook (Not a zip archive)"
}

test_shared_strings_missing_refused() {
  seeded_db
  "$C2X" "$S/001.csv" ok.xlsx
  $CRAFT drop ok.xlsx nosst.xlsx xl/sharedStrings.xml
  refused nosst.xlsx "nosst.xlsx: xl/worksheets/sheet1.xml: sheet 'Tracker', cell A1: uses shared strings, but xl/sharedStrings.xml is missing"
}

test_shared_string_out_of_range_refused() {
  seeded_db
  $CRAFT badsst bad.xlsx
  refused bad.xlsx "cell B2: shared string 99 is out of range (xl/sharedStrings.xml has 1)"
}

test_sheet_part_missing_refused() {
  seeded_db
  "$C2X" "$S/001.csv" ok.xlsx
  $CRAFT drop ok.xlsx nosheet.xlsx xl/worksheets/sheet1.xml
  refused nosheet.xlsx "xl/worksheets/sheet1.xml, the part of sheet 'Tracker', is missing"
}

test_workbook_part_missing_refused() {
  seeded_db
  "$C2X" "$S/001.csv" ok.xlsx
  $CRAFT drop ok.xlsx nowb.xlsx xl/workbook.xml
  refused nowb.xlsx "nowb.xlsx: xl/workbook.xml is missing: not an Excel workbook"
}

test_cell_over_32767_characters_refused() {
  seeded_db
  $CRAFT bigcell big.xlsx
  refused big.xlsx "sheet 'Tracker', cell B2 holds 40000 characters, more than Excel's 32767"
}

# Regression: a small workbook whose cells all name one long shared string was
# imported as a full copy per cell (a 127 KB workbook made a 5.9 GB WAL).
test_shared_string_flood_refused_by_the_text_budget() {
  seeded_db
  $CRAFT sstflood flood.xlsx
  [ "$(stat -c %s flood.xlsx)" -lt 1048576 ]
  refused flood.xlsx "the cells hold more than 256 MB of text; an import takes at most 256 MB"
  expect_status 1 at import --dry-run flood.xlsx 2>err
  expect_contains err "more than 256 MB of text"
}

test_malformed_xml_refused() {
  seeded_db
  $CRAFT badxml bad.xlsx
  refused bad.xlsx "bad.xlsx: xl/worksheets/sheet1.xml: malformed XML at line 1"
}

test_zip_bomb_refused() {
  seeded_db
  $CRAFT bomb bomb.xlsx
  refused bomb.xlsx "xl/worksheets/sheet1.xml inflates to 1024 MB, more than auditrack reads"
}

test_zip_bomb_with_lying_sizes_refused_while_inflating() {
  seeded_db
  $CRAFT bomb lie.xlsx lie
  refused lie.xlsx "xl/worksheets/sheet1.xml inflates to more than the 4096 bytes it declares: refused as a zip bomb"
}

# A workbook never has a DTD: one is refused before any entity is read, so an
# external entity cannot pull in a local file (XXE) and nested entities cannot
# expand a few hundred bytes into gigabytes (billion laughs). Without the check
# the first reads as an empty cell (expat skips the entity) and the second is
# stopped only by the limit on a cell's length.
test_workbook_with_a_dtd_refused() {
  seeded_db
  $CRAFT dtd xxe.xlsx xxe
  refused xxe.xlsx "xxe.xlsx: xl/sharedStrings.xml: has a DTD, which a workbook never has: refused"
  $CRAFT dtd laughs.xlsx laughs
  refused laughs.xlsx "laughs.xlsx: xl/sharedStrings.xml: has a DTD, which a workbook never has: refused"
}

test_csv_import_unchanged_by_content_sniffing() {
  # A CSV is never taken for a workbook, whatever its name.
  at init >/dev/null
  cp "$S/001.csv" tracker.txt
  at import tracker.txt >out
  expect_contains out "imported tracker.txt: 18 rows, 18 recommendations"
  expect_not_contains out "read sheet"
}
