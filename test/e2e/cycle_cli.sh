# Reporting cycles on the command line: add, list, remove, and reports made for a cycle.

# Manchester's February 2022 tracker and two cycles before its committee.
setup_cycles() {
  at init --org "Manchester City Council" >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$SEEDS/seed-trackers/004.csv" >/dev/null 2>&1
  at cycle add "Audit Committee 9 November 2021" --as-at 2021-11-09 >/dev/null
  at cycle add "Audit Committee 15 February 2022" --as-at 2022-02-15 --deadline 2022-01-31 >/dev/null
}

test_cycle_list_oldest_first_with_previous() {
  setup_cycles
  at cycle list --format csv >c.csv
  expect_eq "$(cat c.csv)" "name,as_at,deadline,previous
Audit Committee 9 November 2021,2021-11-09,,
Audit Committee 15 February 2022,2022-02-15,2022-01-31,Audit Committee 9 November 2021"
}

test_cycle_add_refuses_clashes_and_bad_deadline() {
  setup_cycles
  expect_status 1 at cycle add "AUDIT COMMITTEE 9 NOVEMBER 2021" --as-at 2021-12-01 2>e1
  expect_contains e1 "there is already a cycle named"
  expect_status 1 at cycle add "Another" --as-at 2021-11-09 2>e2
  expect_contains e2 "there is already a cycle as at 09/11/2021"
  expect_status 2 at cycle add "Late" --as-at 2022-06-01 --deadline 2022-06-02 2>e3
  expect_contains e3 "on or before the committee date"
  expect_status 2 at cycle add "No date" 2>e4
  expect_contains e4 "--as-at"
  expect_eq "$(at cycle list --format json | jq length)" 2
  # Refusals write nothing: two cycles, two journal entries for them.
  expect_eq "$(at log | grep -c cycle.add)" 2
}

test_report_for_a_cycle_compares_with_the_previous() {
  setup_cycles
  at report summary --cycle "audit committee 15 february 2022" --format json >s.json
  expect_eq "$(jq -r .meta.as_at s.json)" "15/02/2022"
  expect_eq "$(jq -r .meta.since s.json)" "09/11/2021"
  expect_eq "$(jq -r .meta.cycle s.json)" "Audit Committee 15 February 2022"
  expect_eq "$(jq -r .meta.previous_cycle s.json)" "Audit Committee 9 November 2021"
  # The same figures as the dates given by hand.
  at report summary --as-at 2022-02-15 --since 2021-11-09 --format json >d.json
  expect_eq "$(jq -c .sections s.json)" "$(jq -c .sections d.json)"
  # --as-at alone also compares with the cycle before it, not three months back.
  at report summary --as-at 2022-03-01 --format json >m.json
  expect_eq "$(jq -r .meta.since m.json)" "15/02/2022"
  expect_eq "$(jq -r '.meta.cycle // "none"' m.json)" "none"
  # Before any cycle: three months before the report date.
  at report summary --as-at 2021-10-31 --format json >e.json
  expect_eq "$(jq -r .meta.since e.json)" "31/07/2021"
}

test_report_cycle_errors() {
  setup_cycles
  expect_status 2 at report summary --cycle "No such meeting" 2>e1
  expect_contains e1 "no cycle named 'No such meeting'"
  expect_status 2 at report summary --cycle "Audit Committee 9 November 2021" --as-at 2022-01-01 2>e2
  expect_contains e2 "not both"
  expect_status 2 at report summary --as-at 2021-11-09 --since 2021-11-09 2>e3
  expect_contains e3 "--since must be before"
}

test_cycle_remove() {
  setup_cycles
  at cycle remove "audit committee 9 november 2021" >/dev/null
  expect_eq "$(at cycle list --format json | jq -r '.[].name')" "Audit Committee 15 February 2022"
  expect_status 1 at cycle remove "Audit Committee 9 November 2021" 2>e
  expect_contains e "no cycle named"
  expect_eq "$(at log | grep -c cycle.remove)" 1
}
