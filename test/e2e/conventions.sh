# The conventions committees count by (docs/reports.md, "Conventions"): each a
# policy setting, each on a small register whose figures are worked by hand.

# Eight recommendations of one audit, as at 31/12/2024 (previous report 30/09/2024):
#   1 E, 2 H, 4-6 M: due 30/06/2025, open, not yet due
#   3 M: due 30/11/2024, open, overdue 1 month (due in the period)
#   7 M: due 31/10/2024, implemented 15/11/2024 (due and closed in the period)
#   8 H: due 31/03/2024, implemented 01/04/2024 (before the period)
# Open: 6 (E 1, H 1, M 4); on the register: 8; due in the period: 2 (3 and 7).
setup_eight() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  for r in E:2025-06-30 H:2025-06-30 M:2024-11-30 M:2025-06-30 M:2025-06-30 M:2025-06-30 \
    M:2024-10-31 H:2024-03-31; do
    at rec add --audit 1 --text "Recommendation ${r%%:*}" --risk "${r%%:*}" --target "${r##*:}" >/dev/null
  done
  at rec close 7 --evidence "Seen" --on 2024-11-15 >/dev/null
  at rec close 8 --evidence "Seen" --on 2024-04-01 >/dev/null
}
# The summary's risk table as CSV rows "risk,...": only the rows of section 1.
risk_rows() {
  at report summary --as-at 2024-12-31 --format csv >s.csv
  grep '^Open recommendations by risk rating and overdue band,' s.csv | cut -d, -f2-
}

test_percentages_off_by_default() {
  setup_eight
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_not_contains s.csv "_pct"
  expect_not_contains s.csv "percentages"
  at policy show percentages >p.txt
  expect_contains p.txt "off"
  expect_status 2 at policy set percentages most
  expect_status 2 at policy set percent-places 2
}

# Shares of the 6 open: E 1/6 = 16.67 -> 17%, H 17%, M 4/6 = 66.67 -> 67%: the
# Total open % column reads 17 + 17 + 67 = 101, and is left so. M's 1 overdue
# under 6 months is 17% too; the total row 6/6 = 100%.
test_percentages_of_open_add_to_101() {
  setup_eight
  at policy set percentages open >/dev/null
  risk_rows >rows.txt
  expect_contains s.csv "section,risk,not_yet_due,overdue_under_6_months,overdue_6_12_months,overdue_over_12_months,overdue,open,not_yet_due_pct,overdue_under_6_months_pct,overdue_6_12_months_pct,overdue_over_12_months_pct,overdue_pct,open_pct"
  expect_contains rows.txt "Essential,1,0,0,0,0,1,17%,0%,0%,0%,0%,17%"
  expect_contains rows.txt "High,1,0,0,0,0,1,17%,0%,0%,0%,0%,17%"
  expect_contains rows.txt "Medium,3,1,0,0,1,4,50%,17%,0%,0%,17%,67%"
  expect_contains rows.txt "Total,5,1,0,0,1,6,83%,17%,0%,0%,17%,100%"
  sum=0
  for v in $(grep -E '^(Essential|High|Medium),' rows.txt | awk -F, '{print $NF}' | tr -d '%'); do
    sum=$((sum + v))
  done
  expect_eq "$sum" 101
  at report summary --as-at 2024-12-31 >s.txt
  expect_contains s.txt "share of the 6 open recommendations, to a whole per cent, rounded half up; shares are not adjusted to add to 100."
  expect_contains s.txt "percentages are of the open recommendations; percentages and rates to a whole per cent"
  # One decimal place: 16.67 -> 16.7, 66.67 -> 66.7, 5/6 = 83.33 -> 83.3.
  at policy set percent-places 1 >/dev/null
  risk_rows >rows.txt
  expect_contains rows.txt "Medium,3,1,0,0,1,4,50.0%,16.7%,0.0%,0.0%,16.7%,66.7%"
  expect_contains rows.txt "Total,5,1,0,0,1,6,83.3%,16.7%,0.0%,0.0%,16.7%,100.0%"
}

# Shares of all 8 on the register, closed included: E 1/8 = 12.5 rounds half up
# to 13%; M 4/8 = 50%; total open 6/8 = 75%, not yet due 5/8 = 62.5 -> 63%.
test_percentages_of_all_round_half_up() {
  setup_eight
  at policy set percentages all >/dev/null
  risk_rows >rows.txt
  expect_contains rows.txt "Essential,1,0,0,0,0,1,13%,0%,0%,0%,0%,13%"
  expect_contains rows.txt "Medium,3,1,0,0,1,4,38%,13%,0%,0%,13%,50%"
  expect_contains rows.txt "Total,5,1,0,0,1,6,63%,13%,0%,0%,13%,75%"
  at report summary --as-at 2024-12-31 >s.txt
  expect_contains s.txt "all 8 recommendations on the register, open or closed"
  at policy set percent-places 1 >/dev/null
  risk_rows >rows.txt
  expect_contains rows.txt "Essential,1,0,0,0,0,1,12.5%,0.0%,0.0%,0.0%,0.0%,12.5%"
  expect_contains rows.txt "Medium,3,1,0,0,1,4,37.5%,12.5%,0.0%,0.0%,12.5%,50.0%"
}

# Shares of the 2 due in the period (3 and 7): M's 1 overdue is 50%, its 4 open
# 200%: a share of those due, as the policy states, not capped. The directorate
# table's implemented in period (7) is 1 of 2 = 50%.
test_percentages_of_due_in_period() {
  setup_eight
  at policy set percentages due >/dev/null
  risk_rows >rows.txt
  expect_contains rows.txt "Medium,3,1,0,0,1,4,150%,50%,0%,0%,50%,200%"
  at report summary --as-at 2024-12-31 >s.txt
  expect_contains s.txt "the 2 recommendations due after 30 September 2024, up to 31 December 2024"
  expect_contains s.csv "Open recommendations by directorate,Total,6,1,5,1,300%,50%,250%,50%"
  # In every format, not only text: HTML, JSON and the XLSX sheets carry the columns.
  at report summary --as-at 2024-12-31 --format json >s.json
  expect_contains s.json '"open_pct":"200%"'
  at report summary --as-at 2024-12-31 --format html >s.html
  expect_contains s.html "Total open %"
}

# Six recommendations, as at 31/12/2024 (previous report 30/09/2024):
#   1 H due 31/10/2024, implemented 20/10/2024: on time by original and by any target
#   2 H due 30/11/2024, revised on 01/11/2024 to 20/12/2024, implemented 10/12/2024:
#     late by its original target, on time by its target (30/11 was revised away first)
#   3 M due 31/12/2024, open: due in the period, not met; not overdue on the day
#   4 M due 31/08/2024, open: overdue 4 months (due before the period)
#   5 M due 31/03/2025, open: not yet due
#   6 M due 15/10/2024, risk accepted 01/10/2024: removed before it fell due, left out
# By original target: 1 of 3 (1, 2, 3) = 33.33 -> 33%, 33.3%.
# By any target: 2 of 3 (1 on 31/10, 2 on 20/12, 3 on 31/12) = 66.67 -> 67%, 66.7%.
# Completion: 6 made, 1 overdue (4): 5 of 6 = 83.33 -> 83%; with overdue-on-due-date
# yes, 3 is overdue too: 4 of 6 = 66.67 -> 67%.
setup_rates() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  for r in H:2024-10-31 H:2024-11-30 M:2024-12-31 M:2024-08-31 M:2025-03-31 M:2024-10-15; do
    at rec add --audit 1 --text "Recommendation ${r%%:*}" --risk "${r%%:*}" --target "${r##*:}" >/dev/null
  done
  at rec close 1 --evidence "Seen" --on 2024-10-20 >/dev/null
  at rec revise 2 --target 2024-12-20 --reason "Supplier delay" --on 2024-11-01 >/dev/null
  at rec close 2 --evidence "Seen" --on 2024-12-10 >/dev/null
  at rec review 6 --opinion risk_accepted --accepted-by "Director" --text "Accepted" --on 2024-10-01 >/dev/null
}
rates_rows() {
  at report summary --as-at 2024-12-31 --format csv >s.csv
  sed -n 's/^"Implementation and completion rates[^"]*",//p' s.csv
}

test_rates_by_original_any_target_and_completion() {
  setup_rates
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_not_contains s.csv "Implementation and completion rates"
  expect_status 2 at policy set summary-adds "rates, speed"
  at policy set summary-adds rates >/dev/null
  at policy show summary-adds >p.txt
  expect_contains p.txt "rates"
  rates_rows >rows.txt
  expect_contains rows.txt '"Implemented by their original target, of those due by it in the period",1,3,33%'
  expect_contains rows.txt '"Implemented by their target, of those due by any target in the period",2,3,67%'
  expect_contains rows.txt '"Completion: made by the date less those overdue, of those made",5,6,83%'
  expect_contains s.csv "the summary adds implementation and completion rates; percentages and rates to a whole per cent"
  at policy set percent-places 1 >/dev/null
  rates_rows >rows.txt
  expect_contains rows.txt 'period",1,3,33.3%'
  expect_contains rows.txt 'period",2,3,66.7%'
  expect_contains rows.txt 'of those made",5,6,83.3%'
  at policy set overdue-on-due-date yes >/dev/null
  rates_rows >rows.txt
  expect_contains rows.txt 'of those made",4,6,66.7%'
  # The trend counts the same period the same way: its rates for the cycle of
  # 31/12/2024 (after 30/09/2024) are the summary's in total (H 1 of 2 = 50 and
  # M 0 of 1 by original target; H 2 of 2 = 100 and M 0 of 1 by any target).
  at cycle add "Committee September" --as-at 2024-09-30 >/dev/null
  at cycle add "Committee December" --as-at 2024-12-31 >/dev/null
  at report trend --as-at 2024-12-31 --format csv >t.csv
  expect_contains t.csv "Implementation rate by original target (%),Committee December,2024-12-31,2024-09-30,50,0,,33"
  expect_contains t.csv "Implementation rate by any target (%),Committee December,2024-12-31,2024-09-30,100,0,,67"
  # Nothing due in a period: the rates are blank, the completion rate is not.
  at report summary --as-at 2024-09-30 --since 2024-09-15 --format csv >e.csv
  expect_contains e.csv '"Implemented by their original target, of those due by it in the period",0,0,'
  expect_contains e.csv 'of those made",5,6,83.3%'
}

# Nine recommendations under two risk scales and two providers, as at 31/12/2024
# (previous report 15/06/2024):
#   Payroll (In-house), EHMA: 1 E due 30/06/2025 open (not yet due); 2 H due 30/06/2024
#     open (overdue); 3 H implemented; 4 M not adopted; 5 M risk accepted
#   Payroll (In-house), priority: 6 Critical superseded
#   IT (Mazars), priority: 7 Critical withdrawn; 8 Moderate removed by the committee
#   IT (Mazars): 9 not rated, target TBC (no target date)
setup_scales() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 --provider "In-house" >/dev/null
  at audit add --title "IT" --date 2024-01-10 --provider "Mazars" >/dev/null
  for r in 1:E:2025-06-30 1:H:2024-06-30 1:H:2024-06-30 1:M:2024-06-30 1:M:2024-06-30 \
    1:Critical:2024-09-30 2:Critical:2024-09-30 2:Moderate:2024-09-30; do
    a=${r%%:*} rest=${r#*:}
    at rec add --audit "$a" --text "Recommendation ${rest%%:*}" --risk "${rest%%:*}" --target "${rest#*:}" >/dev/null
  done
  at rec add --audit 2 --text "Not rated" --target TBC >/dev/null
  at rec close 3 --evidence "Seen" --on 2024-07-01 >/dev/null
  at rec review 4 --opinion not_adopted --text "Not adopted" --on 2024-08-01 >/dev/null
  at rec review 5 --opinion risk_accepted --accepted-by "Director" --text "Accepted" --on 2024-08-01 >/dev/null
  at rec review 6 --opinion superseded --text "New system" --on 2024-09-01 >/dev/null
  at rec review 7 --opinion withdrawn --text "Out of scope" --on 2024-09-01 >/dev/null
  at decision add 8 --kind removal_approved --text "Removed" --on 2024-10-01 >/dev/null
}
# Rows of the section whose title begins with $1, without the title.
section_rows() {
  grep "^$1" s.csv | sed -E 's/^("[^"]*"|[^,]*),//'
}

# The movement names each kind of closure on its own line: 1 of each, and the
# table still reconciles: 9 brought forward - 1 implemented - 5 removed = 3.
test_movement_closures_by_kind() {
  setup_scales
  at report summary --as-at 2024-12-31 --since 2024-06-15 --format csv >s.csv
  section_rows "Movement since" >m.txt
  expect_eq "$(cat m.txt)" "Brought forward,9
New,0
Reopened,0
Implemented,1
Removed: risk accepted,1
Removed: superseded,1
Removed: not adopted,1
Removed: withdrawn,1
Removed by the committee,1
Carried forward,3"
}

test_risk_by_status_per_scale_and_provider() {
  setup_scales
  at policy set summary-adds "status, rates" >/dev/null
  at policy show summary-adds >p.txt
  expect_contains p.txt "rates, status"
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_contains s.csv "section,rating,not_yet_due,overdue,implemented,not_adopted,risk_accepted,superseded,withdrawn,removed_by_committee,recommendations"
  expect_eq "$(section_rows 'Recommendations by risk rating and status: EHMA (In-house)')" "Essential,1,0,0,0,0,0,0,0,1
High,0,1,1,0,0,0,0,0,2
Medium,0,0,0,1,1,0,0,0,2
Total,1,1,1,1,1,0,0,0,5"
  expect_eq "$(section_rows 'Recommendations by risk rating and status: priority (In-house)')" "Critical,0,0,0,0,0,1,0,0,1
Total,0,0,0,0,0,1,0,0,1"
  expect_eq "$(section_rows 'Recommendations by risk rating and status: priority (Mazars)')" "Critical,0,0,0,0,0,0,1,0,1
Moderate,0,0,0,0,0,0,0,1,1
Total,0,0,0,0,0,0,1,1,2"
  expect_contains s.csv "section,rating,not_yet_due,no_target_date,overdue,"
  expect_eq "$(section_rows 'Recommendations by risk rating and status: not rated (Mazars)')" "Not rated,0,1,0,0,0,0,0,0,0,1
Total,0,1,0,0,0,0,0,0,0,1"
  # Never one total across two scales: no table mixes EHMA and priority ratings.
  expect_not_contains s.csv "Recommendations by risk rating and status: EHMA (In-house),Critical"
  # With no provider recorded, one table per scale.
  at audit set 1 provider "" >/dev/null
  at audit set 2 provider "" >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Recommendations by risk rating and status: priority,')" "Critical,0,0,0,0,0,1,1,0,2
Moderate,0,0,0,0,0,0,0,1,1
Total,0,0,0,0,0,1,1,1,3"
}

# As at 31/12/2024, previous report 30/09/2024:
#   1 due 31/07/2024, overdue then, implemented 15/11/2024: cleared, implemented
#   2 due 31/07/2024, overdue then, withdrawn 01/11/2024: cleared, removed
#   3 due 31/07/2024, overdue then, revised on 01/10/2024 to 31/03/2025: still overdue
#     by its original target; by the current one (basis current) cleared, later target
#   4 due 31/08/2024: overdue then and now
#   5 due 30/11/2024: newly overdue
#   6 due 31/03/2025: neither
#   7 of an audit of 01/10/2024, due 15/12/2024: new, and newly overdue
# basis original: 4 - (1 + 1 + 0) + 2 = 4 (3, 4, 5, 7)
# basis current:  4 - (1 + 1 + 1) + 2 = 3 (4, 5, 7)
test_roll_forward_reconciles() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  at audit add --title "Stores" --date 2024-10-01 >/dev/null
  for d in 2024-07-31 2024-07-31 2024-07-31 2024-08-31 2024-11-30 2025-03-31; do
    at rec add --audit 1 --text "Due $d" --target "$d" >/dev/null
  done
  at rec add --audit 2 --text "New" --target 2024-12-15 >/dev/null
  at rec close 1 --evidence "Seen" --on 2024-11-15 >/dev/null
  at rec review 2 --opinion withdrawn --text "Out of scope" --on 2024-11-01 >/dev/null
  at rec revise 3 --target 2025-03-31 --reason "Supplier delay" --on 2024-10-01 >/dev/null
  at policy set summary-adds roll-forward >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Overdue recommendations rolled forward')" "Overdue at the previous report (30/09/2024),4
Cleared: implemented,1
\"Cleared: removed (risk accepted, superseded, not adopted, withdrawn or by the committee)\",1
Cleared: no longer overdue (a later target agreed),0
Newly overdue,2
Overdue now,4"
  at policy set basis current >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  section_rows 'Overdue recommendations rolled forward' >rf.txt
  expect_contains rf.txt "Cleared: no longer overdue (a later target agreed),1"
  expect_contains rf.txt "Overdue now,3"
  # It adds up, every count printed as a count (never "-1"): the first row, less the
  # three cleared, plus the newly overdue, is the last.
  expect_not_contains rf.txt ",-"
  sum=$(sed '$d' rf.txt | awk -F, '{s += (NR == 1 || NR == 5) ? $NF : -$NF} END {print s}')
  expect_eq "$sum" "$(tail -1 rf.txt | cut -d, -f2)"
  # The summary's own figures agree: overdue now is the risk table's overdue total
  # (open 3-7, overdue 4, 5 and 7, all under 6 months; 3 and 6 not yet due), newly
  # overdue the flag.
  expect_contains s.csv "Open recommendations by risk rating and overdue band,Total,2,3,0,0,3,5"
  expect_contains s.csv "Flags,Newly overdue since the previous report,2"
  at report summary --as-at 2024-12-31 >s.txt
  expect_contains s.txt "Overdue at the previous report - cleared + newly overdue = overdue now."
  expect_contains s.txt "the summary adds the overdue roll-forward"
}

# Seven open recommendations as at 31/12/2024 (an eighth closed):
#   1 due 31/03/2025, 50% reported     dates: green   percent 75:50: amber
#   2 due 31/03/2025, 80% reported     green          green
#   3 due 31/03/2025, 20% reported     green          red
#   4 due 31/10/2024 (2 months), 90%   amber          green; under 95% and past due: red
#   5 due 31/10/2024, none reported    amber          amber (by dates); past due, 0%: red
#   6 due 31/03/2024 (9 months), none  red            red
#   7 due 15/01/2025 (in 30 days)      amber          amber
# dates: red 1, amber 3, green 3 of 7: 14% (14.29), 43% (42.86), 43%
# percent: red 2, amber 3, green 2: 29% (28.57), 43%, 29%: 101 in all, left so
# with rag-red-under 95: red 4, amber 2, green 1: 57%, 29%, 14%
test_rag_by_percent_complete_and_the_red_override() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  for d in 2025-03-31 2025-03-31 2025-03-31 2024-10-31 2024-10-31 2024-03-31 2025-01-15 2024-06-30; do
    at rec add --audit 1 --text "Due $d" --target "$d" >/dev/null
  done
  n=1
  for p in 50 80 20 90; do
    at rec update $n --text "Progress" --percent $p --on 2024-12-01 >/dev/null
    n=$((n + 1))
  done
  at rec close 8 --evidence "Seen" --on 2024-07-01 >/dev/null
  at policy set summary-adds rag >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations by RAG rating')" "Red,1,14%
Amber,3,43%
Green,3,43%
Total,7,100%"
  at policy set rag-by percent >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations by RAG rating')" "Red,2,29%
Amber,3,43%
Green,2,29%
Total,7,100%"
  expect_contains s.csv "RAG by the percent complete last reported: green from 75%, amber from 50%"
  at policy set rag-red-under 95 >/dev/null
  at policy set percent-places 1 >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations by RAG rating')" "Red,4,57.1%
Amber,2,28.6%
Green,1,14.3%
Total,7,100.0%"
  expect_contains s.csv "overdue and under 95% complete (none reported: 0%) is red"
  # The one rule: the listing's RAG is the summary's.
  at rec list --as-at 2024-12-31 --format json >l.json
  expect_eq "$(grep -o '"rag":"[a-z]*"' l.json | tr '\n' ' ')" '"rag":"amber" "rag":"green" "rag":"red" "rag":"red" "rag":"red" "rag":"red" "rag":"amber" '
  # Thresholds move the bands: green from 90%, amber from 20% (1 amber, 2 amber, 3 amber).
  at policy set rag-red-under 0 >/dev/null
  at policy set rag-percent 90:20 >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations by RAG rating')" "Red,1,14.3%
Amber,5,71.4%
Green,1,14.3%
Total,7,100.0%"
  expect_status 2 at policy set rag-percent 50:75
  expect_status 2 at policy set rag-red-under 101
  expect_status 2 at policy set rag-by mood
}

# As at 31/12/2024, previous report 30/09/2024:
#   Payroll, final report 15/06/2023 (2023, 2023/24):
#     1 due 31/12/2023, implemented 15/01/2024
#     2 due 31/03/2024, open, overdue 9 months
#     3 due 31/03/2024, revised 01/05 to 30/06, 01/07 to 30/09, 01/10/2024 to 31/03/2025
#       (Committee: Capacity): open, overdue 9 months by its original target, 3 revisions
#   Stores, final report 10/05/2024 (2024, 2024/25):
#     4 due 31/08/2024, withdrawn 01/09/2024
#     5 due 15/11/2024, revised 10/11/2024 to TBC: open, overdue 1 month
#     6 due 30/06/2025, open, not yet due
setup_cohorts() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2023-06-15 >/dev/null
  at audit add --title "Stores" --date 2024-05-10 >/dev/null
  for r in 1:2023-12-31 1:2024-03-31 1:2024-03-31 2:2024-08-31 2:2024-11-15 2:2025-06-30; do
    at rec add --audit "${r%%:*}" --text "Due ${r#*:}" --target "${r#*:}" >/dev/null
  done
  at rec close 1 --evidence "Seen" --on 2024-01-15 >/dev/null
  at rec revise 3 --target 2024-06-30 --reason "Staff" --on 2024-05-01 >/dev/null
  at rec revise 3 --target 2024-09-30 --reason "Staff" --on 2024-07-01 >/dev/null
  at rec revise 3 --target 2025-03-31 --reason "Capacity" --agreed-by "Committee" --on 2024-10-01 >/dev/null
  at rec review 4 --opinion withdrawn --text "Out of scope" --on 2024-09-01 >/dev/null
  at rec revise 5 --target TBC --reason "Awaiting system" --on 2024-11-10 >/dev/null
}

test_cohorts_by_target_and_audit_year() {
  setup_cohorts
  at policy set summary-adds cohorts >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_contains s.csv "section,cohort,made,not_yet_due,overdue,implemented,removed,open,implemented_share"
  # 2023: 1 implemented of 1; 2024: 2, 3 and 5 overdue, 4 removed; 2025: 6 not yet due.
  # In all 1 implemented of 6 made: 16.67 -> 17%.
  expect_eq "$(section_rows '"Recommendations by year of original target')" "2023,1,0,0,1,0,0,100%
2024,4,0,3,0,1,3,0%
2025,1,1,0,0,0,1,0%
Total,6,1,3,1,1,4,17%"
  expect_contains s.csv "cohorts by year of the original target; the summary adds cohorts"
  at policy set cohort-by target-quarter >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows '"Recommendations by quarter of original target')" "2023 Q4,1,0,0,1,0,0,100%
2024 Q1,2,0,2,0,0,2,0%
2024 Q3,1,0,0,0,1,0,0%
2024 Q4,1,0,1,0,0,1,0%
2025 Q2,1,1,0,0,0,1,0%
Total,6,1,3,1,1,4,17%"
  # Financial years: 15/06/2023 is 2023/24 (1 implemented of 3: 33%), 10/05/2024 is 2024/25.
  at policy set cohort-by audit-fy >/dev/null
  at policy set percent-places 1 >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows '"Recommendations by financial year of audit')" "2023/24,3,0,2,1,0,2,33.3%
2024/25,3,1,1,0,1,2,0.0%
Total,6,1,3,1,1,4,16.7%"
  # As at an earlier date the cohorts hold what stood then: at 30/06/2024 recommendation
  # 4 was not yet due and 5 not yet due, 6 not yet due; 2 and 3 overdue.
  at report summary --as-at 2024-06-30 --format csv >s.csv
  expect_eq "$(section_rows '"Recommendations by financial year of audit')" "2023/24,3,0,2,1,0,2,33.3%
2024/25,3,3,0,0,0,3,0.0%
Total,6,3,2,1,0,5,16.7%"
  expect_status 2 at policy set cohort-by decade
}

test_targets_revised_in_the_period_and_the_revision_limit() {
  setup_cohorts
  at policy set summary-adds "extensions, revisions" >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows '"Targets revised in the period')" "3,Payroll,,Not rated,2024-09-30,2025-03-31,2024-10-01,Committee
5,Stores,,Not rated,2024-11-15,TBC,2024-11-10,"
  at report summary --as-at 2024-12-31 >s.txt
  expect_contains s.txt "No revision limit is set (policy revision-limit)"
  # The command line reads the date requests for the section: none were made.
  expect_contains s.txt "Requests for a new target date waiting for a decision at 31 December 2024"
  expect_contains s.txt "0 requests made by the date and not decided by it."
  at policy set revision-limit 2 >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations whose target has been revised more than 2 times')" "3,Payroll,,Not rated,2024-03-31,2025-03-31,3,9"
  expect_contains s.csv "a target revised more than 2 times is flagged"
  at report outstanding --as-at 2024-12-31 --format csv >o.csv
  expect_contains o.csv "Target revised 3 times (limit 2)"
  expect_eq "$(grep -c 'Target revised' o.csv)" 1
  # As at 30/09/2024 it had been revised twice: not past the limit; the period's
  # revisions (after 30/06/2024) are the second one only.
  at report summary --as-at 2024-09-30 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations whose target has been revised more than 2 times')" ""
  expect_eq "$(section_rows '"Targets revised in the period')" "3,Payroll,,Not rated,2024-06-30,2024-09-30,2024-07-01,"
  at policy set revision-limit 3 >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations whose target has been revised more than 3 times')" ""
}

# Every added section in every format, not only text: the PDF prints each title,
# the workbook has a sheet for each, and the JSON lists them.
test_added_sections_in_pdf_and_xlsx() {
  setup_scales
  at policy set summary-adds "rates, status, roll-forward, rag, cohorts, extensions, revisions" >/dev/null
  at policy set revision-limit 1 >/dev/null
  at policy set percentages open >/dev/null
  at report summary --as-at 2024-12-31 --since 2024-06-15 --format json >s.json
  n=$(jq '.sections | length' s.json)
  # risk, directorate, theme, movement, flags; rates; 4 status tables; roll-forward;
  # RAG; cohorts; revised, requests; revision limit: 16.
  expect_eq "$n" 16
  at report summary --as-at 2024-12-31 --since 2024-06-15 --format pdf --output s.pdf
  pdftotext s.pdf - | tr -s ' \n' '  ' >s.flat
  jq -r '.sections[].title' s.json | while IFS= read -r t; do
    grep -qF -- "$t" s.flat || { echo "[$t] not in the PDF" >&2; return 1; }
  done
  at report summary --as-at 2024-12-31 --since 2024-06-15 --format xlsx --output s.xlsx
  # A Summary sheet, then one sheet per section with columns.
  expect_eq "$(unzip -p s.xlsx xl/workbook.xml | grep -o "<sheet " | wc -l)" 17
  expect_contains s.json '"title":"Open recommendations by RAG rating"'
}

# The first table never totals across two risk scales: a register whose open
# recommendations are rated on EHMA and on the priority scale has one risk x band table
# per scale and one of the unrated, each with its own total. As at 31/12/2024 (calendar
# months, bands under 6 / 6-12 / over 12):
#   E due 30/06/2025: not yet due       H due 30/06/2024: 6 months, 6-12
#   Critical and Moderate due 30/09/2024: 3 months, under 6
#   unrated, TBC: no target date
test_risk_band_table_per_scale() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  for r in E:2025-06-30 H:2024-06-30 Critical:2024-09-30 Moderate:2024-09-30; do
    at rec add --audit 1 --text "Recommendation ${r%%:*}" --risk "${r%%:*}" --target "${r#*:}" >/dev/null
  done
  at rec add --audit 1 --text "Not rated" --target TBC >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_contains s.csv "section,risk,not_yet_due,no_target_date,overdue_under_6_months,overdue_6_12_months,overdue_over_12_months,overdue,open"
  expect_eq "$(section_rows 'Open recommendations by risk rating and overdue band: EHMA,')" "Essential,1,0,0,0,0,0,1
High,0,0,0,1,0,1,1
Total,1,0,0,1,0,1,2"
  expect_eq "$(section_rows 'Open recommendations by risk rating and overdue band: priority,')" "Critical,0,0,1,0,0,1,1
Moderate,0,0,1,0,0,1,1
Total,0,0,2,0,0,2,2"
  expect_eq "$(section_rows 'Open recommendations by risk rating and overdue band: not rated,')" "Not rated,0,1,0,0,0,0,1
Total,0,1,0,0,0,0,1"
  # No table of all of them.
  expect_not_contains s.csv "Open recommendations by risk rating and overdue band,"
  # The dashboard's headline figures count the recommendations of every table: 5 open,
  # 3 overdue.
  at report summary --as-at 2024-12-31 --format json |
    jq '[.sections[] | select(.columns[0].key == "risk") | .rows[-1].open] | add' >o.txt
  expect_eq "$(cat o.txt)" 5
  # One scale (and the unrated): one table, as before.
  at rec review 3 --opinion withdrawn --text "Out of scope" --on 2024-10-01 >/dev/null
  at rec review 4 --opinion withdrawn --text "Out of scope" --on 2024-10-01 >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(section_rows 'Open recommendations by risk rating and overdue band,')" "Essential,1,0,0,0,0,0,1
High,0,0,0,1,0,1,1
Not rated,0,1,0,0,0,0,1
Total,1,1,0,1,0,1,3"
}
