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
  expect_contains s.txt "the 2 recommendations due after 30/09/2024, up to 31/12/2024"
  expect_contains s.csv "Open recommendations by directorate,Total,6,1,5,1,300%,50%,250%,50%"
  # In every format, not only text: HTML, JSON and the XLSX sheets carry the columns.
  at report summary --as-at 2024-12-31 --format json >s.json
  expect_contains s.json '"open_pct":"200%"'
  at report summary --as-at 2024-12-31 --format html >s.html
  expect_contains s.html "Total open %"
}
