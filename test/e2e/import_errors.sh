# A bad row rejects the whole file, every problem is listed, nothing is written.
HDR='audit_title,recommendation,original_due_date,risk_label,as_at_date'

count_recs() { at rec list --as-at 2030-01-01 --status all --format csv | tail -n +2 | grep -c . || true; }

test_bad_date_rejects_file() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,Do it,2024-01-31,H,2024-12-31' 'Payroll,Do that,31/13/2024,H,2024-12-31' >t.csv
  expect_status 1 at import t.csv 2>err
  expect_contains err "row 2 (line 3), column original_target, value '31/13/2024'"
  expect_eq "$(count_recs)" 0
}

test_unknown_risk_code_rejects_file() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,Do it,2024-01-31,Z,2024-12-31' 'Payroll,Do that,2024-01-31,Q,2024-12-31' >t.csv
  expect_status 1 at import t.csv 2>err
  expect_contains err "row 1 (line 2), column risk, value 'Z': unknown risk rating"
  expect_contains err "row 2 (line 3), column risk, value 'Q': unknown risk rating"
  expect_eq "$(count_recs)" 0
}

test_ragged_row_rejects_file() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,Do it,2024-01-31,H' >t.csv
  expect_status 1 at import t.csv 2>err
  expect_contains err "row 1 (line 2): has 4 fields, the header has 5"
  expect_eq "$(count_recs)" 0
}

test_broken_quoting_rejects_file() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,Do it,2024-01-31,H,2024-12-31' 'Payroll,"Do "that",2024-01-31,H,2024-12-31' >t.csv
  expect_status 1 at import t.csv 2>err
  expect_contains err "line 3"
  expect_eq "$(count_recs)" 0
}

test_dry_run_writes_nothing() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,Do it,2024-01-31,H,2024-12-31' >t.csv
  at import --dry-run t.csv >out
  expect_contains out "dry run"
  expect_eq "$(count_recs)" 0
  at import t.csv >/dev/null
  expect_eq "$(count_recs)" 1
}

test_bom_crlf_quoted_newlines() {
  at init >/dev/null
  printf '\357\273\277%s\r\n"Payroll","Line one\nline two, with ""quotes""",31/01/2024,H,2024-12-31\r\n' "$HDR" >t.csv
  at import t.csv >/dev/null
  at rec show 1 --as-at 2024-12-31 >s.txt
  expect_contains s.txt 'line two, with "quotes"'
  expect_contains s.txt "31/01/2024"
}

test_repeated_audit_ref_pairs_kept_separate() {
  at init >/dev/null
  printf '%s\n' 'audit_title,rec_ref,recommendation,original_due_date,as_at_date' \
    'Payroll,3,Do it,2024-01-31,2024-12-31' 'Payroll,3,Do it,2024-01-31,2024-12-31' >t.csv
  at import t.csv >/dev/null
  expect_eq "$(count_recs)" 2
}

test_no_as_at_needs_option() {
  at init >/dev/null
  printf '%s\n' 'audit_title,recommendation,original_due_date' 'Payroll,Do it,2024-01-31' >t.csv
  expect_status 1 at import t.csv 2>err
  expect_contains err "give --as-at"
  at import --as-at 2024-12-31 t.csv >/dev/null
  expect_eq "$(count_recs)" 1
}

test_map_other_layout() {
  at init >/dev/null
  printf '%s\n' 'Audit,Finding,Due,Priority,Latest' 'Payroll,"Check starters",31 Mar 2024,Medium,Started' \
    'Stores,Count stock,2024-06,High,TBC' >t.csv
  printf '%s\n' '# our sheet' 'audit_title = Audit' 'recommendation = Finding' 'original_target = Due' \
    'risk = Priority' 'latest_update = Latest' 'dates = iso, text' >t.map
  at import --map t.map --as-at 2024-12-31 t.csv >out
  expect_contains out "2 recommendations"
  at rec list --as-at 2024-12-31 --format json >l.json
  expect_contains l.json '"original_target":"2024-03-31"'
  expect_contains l.json '"original_target":"2024-06-30"'
  printf '%s\n' 'audit_title = Audit' 'recommendation = Finding' 'original_target = Due' 'dates = iso' >t2.map
  printf '%s\n' 'Audit,Finding,Due' 'Payroll,Check,31 Mar 2024' >t2.csv
  expect_status 1 at import --map t2.map --as-at 2024-12-31 t2.csv 2>err
  expect_contains err "31 Mar 2024"
}

test_unknown_layout_needs_map() {
  at init >/dev/null
  printf '%s\n' 'a,b,c' '1,2,3' >t.csv
  expect_status 2 at import t.csv 2>err
  expect_contains err "--map"
}
