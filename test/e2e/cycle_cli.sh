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

# The figures Manchester's paper of 15 February 2022 stated (the seed's README), beside
# the register as at that date, worked by hand from 004.csv under the default bands
# (under 6 / 6-12 / over 12 months, calendar months):
#   Appendix 2, "over 12 months": Mental Health Casework 29, Transitions 44, Section 106
#     21 months: 3, as the paper says;
#   3.8, "five ... overdue for between one and six months": Our Town Hall (due 31/08/2021)
#     is 6 months overdue, so in 6-12; the other four (5, 3, 3 and 3 months) are under 6:
#     the register gives 4;
#   3.9, "A total of 9 recommendations are not yet overdue": none of the 9 is in the
#     tracker, and its one row due after the date (Technology Enabled Care, 01/04/2022)
#     is implemented: 0;
#   overdue in all, 3 + 5 = 8 in the paper: 3 + 1 + 4 = 8 in the register.
state_manchester() {
  setup_cycles
  C="Audit Committee 15 February 2022"
  at cycle state "$C" overdue 3 --band "over 12 months" >o1.txt
  expect_eq "$(cat o1.txt)" "cycle $C: its paper stated 3 overdue over 12 months"
  at cycle state "$C" overdue 5 --band "under 6 months" >/dev/null
  at cycle state "$C" not_yet_due 9 >/dev/null
  at cycle state "$C" overdue 8 >/dev/null
}

test_cycle_stated_totals_beside_the_register() {
  state_manchester
  at report summary --cycle "$C" --format csv >s.csv
  T="Figures the paper of 15 February 2022 stated, beside the register"
  grep "^\"$T\"," s.csv | sed 's/^"[^"]*",//' >rows.txt
  expect_eq "$(cat rows.txt)" "Overdue over 12 months,3,3,0,Agrees.
Overdue under 6 months,5,4,-1,The paper of 15 February 2022 stated 5 overdue under 6 months; the register gives 4 as at that date.
Not yet due,9,0,-9,The paper of 15 February 2022 stated 9 not yet due; the register gives 0 as at that date.
Overdue,8,8,0,Agrees."
  # The register's figures are the risk table's: 4 under 6 months, 8 overdue in all.
  expect_contains s.csv "Open recommendations by risk rating and overdue band,Total,0,4,1,3,8,8"
  # Every format says it in the same words.
  for f in text md html json; do
    at report summary --cycle "$C" --format $f >s.$f
    expect_contains s.$f "The paper of 15 February 2022 stated 9 not yet due; the register gives 0 as at that date."
    expect_contains s.$f "2 of the 4 figures the paper of 15 February 2022 stated differ"
  done
  at report summary --cycle "$C" --format xlsx --output s.xlsx
  unzip -p s.xlsx xl/sharedStrings.xml | grep -q "the register gives 4 as at that date"
  at report summary --cycle "$C" --format docx --output s.docx
  unzip -p s.docx word/document.xml | grep -q "the register gives 4 as at that date"
  at report summary --cycle "$C" --format pdf --output s.pdf
  pdftotext -layout s.pdf - | tr -s ' \n' '  ' | grep -q "the register gives 0 as at that date"
  # As at the cycle's date without naming it, the same; any other date, and any
  # filtered summary, has no such section: the paper's figures are the whole register's.
  at report summary --as-at 2022-02-15 --format csv | grep -q "^\"$T\","
  at report summary --as-at 2022-02-16 --format csv >o.csv
  expect_not_contains o.csv "stated, beside the register"
  at report summary --cycle "$C" --directorate Adults --format csv >f.csv
  expect_not_contains f.csv "stated, beside the register"
  # The cycle list shows what each paper stated.
  at cycle list --format csv >c.csv
  expect_contains c.csv 'Audit Committee 9 November 2021,3 overdue over 12 months; 5 overdue under 6 months; 9 not yet due; 8 overdue'
}

test_cycle_state_replaces_removes_and_journals() {
  state_manchester
  n=$(at log | grep -c "cycle.state")
  expect_eq "$n" 4
  # The same figure again (any case) replaces it, with its old value journalled.
  at cycle state "$C" overdue 7 --band "UNDER 6 MONTHS" >/dev/null
  at log | tail -1 >l.txt
  expect_contains l.txt '"band":"UNDER 6 MONTHS","old":"5","value":"7"'
  at cycle list --format json | jq -r '.[1].stated' >st.txt
  expect_eq "$(cat st.txt)" "3 overdue over 12 months; 7 overdue under 6 months; 9 not yet due; 8 overdue"
  at cycle state "$C" not_yet_due none >r.txt
  expect_eq "$(cat r.txt)" "cycle $C: the paper's figure 'not yet due' removed"
  at log | tail -1 | grep -q 'cycle.unstate .*"old":"9"'
  expect_status 1 at cycle state "$C" not_yet_due none 2>e0
  expect_contains e0 "has no stated figure 'not yet due'"
  # A rating no recommendation has, and a band the policy does not define, are said so.
  at cycle state "$C" open 2 --risk Critical >/dev/null
  at cycle state "$C" overdue 1 --band "over 2 years" >/dev/null
  at report summary --cycle "$C" >s.txt
  expect_contains s.txt "stated 2 Critical open; no recommendation on the register has that rating."
  expect_contains s.txt "stated 1 overdue over 2 years; the policy has no overdue band of that name."
  # Removing the cycle removes its figures.
  at cycle remove "$C" >/dev/null
  at cycle add "$C" --as-at 2022-02-15 >/dev/null
  expect_eq "$(at cycle list --format json | jq -r '.[1].stated // "none"')" "none"
}

test_cycle_state_refusals_name_the_argument() {
  state_manchester
  n=$(sqlite3 "$DB" 'SELECT count(*) FROM journal')
  expect_status 2 at cycle state "$C" open 3 --band "over 12 months" 2>e1
  expect_contains e1 "band: only an overdue figure is stated by band"
  expect_status 2 at cycle state "$C" closed 3 2>e2
  expect_contains e2 "figure: 'closed' is not open, overdue, not_yet_due or implemented"
  expect_status 2 at cycle state "$C" open -3 2>e3
  expect_contains e3 "VALUE: '-3' is not a count"
  expect_status 2 at cycle state "$C" open 3x 2>e4
  expect_contains e4 "VALUE: '3x'"
  expect_status 2 at cycle state "$C" open 10000001 2>e5
  expect_contains e5 "value: 10000001 is more than 10000000"
  expect_status 1 at cycle state "No such meeting" open 3 2>e6
  expect_contains e6 "there is no cycle named 'No such meeting'"
  expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM journal')" "$n" "refusals write nothing"
  at cycle state --help >h.txt
  expect_contains h.txt "FIGURE is open, overdue, not_yet_due or implemented"
  expect_contains h.txt "--band BAND"
}
