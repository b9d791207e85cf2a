# Every policy setting, through the CLI and the as-at engine.

# One audit and one recommendation due $1 (target), optionally revised to $2 on 2024-02-01.
setup_one() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2021-01-15 >/dev/null
  at rec add --audit 1 --text "Reconcile payroll monthly" --target "$1" --risk H >/dev/null
  if [ -n "${2:-}" ]; then at rec revise 1 --target "$2" --reason "system delay" --on 2024-02-01 >/dev/null; fi
}
# months_overdue and band of recommendation 1 as at $1: "months|band"
state() {
  at rec list --as-at "$1" --status all --format json >st.json
  m=$(grep -o '"months_overdue":[0-9a-z]*' st.json | cut -d: -f2)
  b=$(grep -o '"band":"[^"]*"' st.json | cut -d'"' -f4)
  echo "$m|$b"
}

test_policy_defaults_shown() {
  at init >/dev/null
  at policy show >p.txt
  expect_contains p.txt "basis = original"
  expect_contains p.txt "months = calendar"
  expect_contains p.txt "bands = under 6 months:0; 6-12 months:6; over 12 months:12"
  expect_contains p.txt "ladder = 6:executive member:Executive member notified; 9:director:Director attends Audit Committee; 18:director:Risk written back to the director"
}

test_overdue_day_after_target_only() {
  setup_one 2024-03-31
  expect_eq "$(state 2024-03-31)" "null|Not yet due"
  expect_eq "$(state 2024-04-01)" "1|under 6 months"
  expect_eq "$(state 2024-03-01)" "null|Not yet due"
}

# With overdue-on-due-date yes, the due date itself is overdue by 0 months, in the
# first band; the sentence on every report says so. Default: not overdue that day.
test_overdue_on_due_date() {
  setup_one 2024-03-31
  at policy show overdue-on-due-date >p.txt
  expect_contains p.txt "no"
  at report summary --as-at 2024-03-31 >r0.txt
  expect_not_contains r0.txt "due on the report's date"
  at policy set overdue-on-due-date yes >/dev/null
  expect_eq "$(state 2024-03-31)" "0|under 6 months"
  expect_eq "$(state 2024-03-30)" "null|Not yet due"
  expect_eq "$(state 2024-04-01)" "1|under 6 months"
  at report summary --as-at 2024-03-31 >r.txt
  expect_contains r.txt "a recommendation due on the report's date is overdue."
  expect_status 2 at policy set overdue-on-due-date maybe
  at policy set overdue-on-due-date no >/dev/null
  expect_eq "$(state 2024-03-31)" "null|Not yet due"
}

test_month_rules_calendar_and_whole() {
  setup_one 2024-01-31
  expect_eq "$(state 2024-02-01)" "1|under 6 months"
  at policy set months whole >/dev/null
  expect_eq "$(state 2024-02-01)" "0|under 6 months"
  expect_eq "$(state 2024-02-29)" "1|under 6 months"
  expect_eq "$(state 2024-07-30)" "5|under 6 months"
  expect_eq "$(state 2024-07-31)" "6|6-12 months"
}

test_bands_at_their_edges_manchester() {
  setup_one 2023-06-30
  expect_eq "$(state 2023-12-31)" "6|6-12 months"
  expect_eq "$(state 2023-11-30)" "5|under 6 months"
  expect_eq "$(state 2024-05-31)" "11|6-12 months"
  expect_eq "$(state 2024-06-01)" "12|over 12 months"
}

test_bands_cambridgeshire() {
  setup_one 2024-06-30
  at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  expect_eq "$(state 2024-08-31)" "2|under 3 months"
  expect_eq "$(state 2024-09-01)" "3|over 3 months"
  expect_eq "$(state 2025-06-30)" "12|over 12 months"
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_contains s.csv "overdue_under_3_months,overdue_over_3_months,overdue_over_12_months"
}

test_basis_original_vs_current() {
  setup_one 2024-01-31 2024-09-30
  expect_eq "$(state 2024-06-15)" "5|under 6 months"
  at policy set basis current >/dev/null
  expect_eq "$(state 2024-06-15)" "null|Not yet due"
  expect_eq "$(state 2024-10-01)" "1|under 6 months"
  # Before the revision was agreed, the original target applied.
  expect_eq "$(state 2024-01-31)" "null|Not yet due"
  expect_eq "$(state 2024-02-01)" "null|Not yet due"
}

test_tbc_counts_from_last_dated_target() {
  setup_one 2024-01-31 2024-06-30
  at rec revise 1 --target TBC --reason "awaiting restructure" --on 2024-07-15 >/dev/null
  at policy set basis current >/dev/null
  expect_eq "$(state 2024-12-31)" "6|6-12 months"
  at rec list --as-at 2024-12-31 --format json >l.json
  expect_contains l.json '"current_target":null'
  expect_contains l.json '"target_tbc":true'
  expect_contains l.json '"revisions":2'
}

test_ladder_rungs_fire_at_their_months() {
  setup_one 2022-01-31
  at rec list --as-at 2022-06-30 --format json >a.json; expect_contains a.json '"escalation":null'
  at rec list --as-at 2022-07-01 --format json >b.json; expect_contains b.json '"escalation":"Executive member notified"'
  at rec list --as-at 2022-10-01 --format json >c.json; expect_contains c.json '"escalation":"Director attends Audit Committee"'
  at rec list --as-at 2023-07-01 --format json >d.json; expect_contains d.json '"escalation":"Risk written back to the director"'
  at policy set ladder "3:owner:Owner reminded" >/dev/null
  at rec list --as-at 2023-08-01 --format json >e.json; expect_contains e.json '"escalation":"Owner reminded"'
}

test_rag_rule() {
  setup_one 2024-06-30
  at rec list --as-at 2024-05-01 --format json >g.json; expect_contains g.json '"rag":"green"'
  at rec list --as-at 2024-06-10 --format json >a.json; expect_contains a.json '"rag":"amber"'
  at rec list --as-at 2024-08-10 --format json >a2.json; expect_contains a2.json '"rag":"amber"'
  at rec list --as-at 2025-01-10 --format json >r.json; expect_contains r.json '"rag":"red"'
  at policy set rag-red-months 1 >/dev/null
  at rec list --as-at 2024-08-10 --format json >r2.json; expect_contains r2.json '"rag":"red"'
}

test_bad_policy_values_refused() {
  at init >/dev/null
  expect_status 2 at policy set basis sideways
  expect_status 2 at policy set bands "a:3; b:6"
  expect_status 2 at policy set bands "a:0; b:6; c:5"
  expect_status 2 at policy set ladder "x:y"
  expect_status 2 at policy set colour red
  at policy show bands >b.txt
  expect_contains b.txt "under 6 months:0"
}

test_every_report_states_policy() {
  setup_one 2024-01-31
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    at report $k --as-at 2024-12-31 >r.txt
    expect_contains r.txt "Overdue is measured from the original target date"
  done
}
