# The figures the seed papers state, reproduced from the seed trackers.
S="$SEEDS/seed-trackers"

# JSON object of the recommendation whose original target is $1, from rec list json in file $2.
obj_due() { grep -o "{[^{}]*\"original_target\":\"$1\"[^{}]*}" "$2"; }
# JSON object of recommendation $1 (the row number in the seed file, imported alone).
obj_id() { grep -o "{\"id\":$1,[^{}]*}" "$2"; }

test_cambridgeshire_cef_18_recs_4_themes() {
  at init >/dev/null
  at import "$S/001.csv" >out
  expect_contains out "18 recommendations"
  at report summary --as-at 2025-05-19 --format csv >s.csv
  expect_contains s.csv "Open recommendations by theme,Dedicated Schools Grant (DSG),10,"
  expect_contains s.csv "Open recommendations by theme,Multi-agency Safeguarding Hub (MASH),5,"
  expect_contains s.csv "Open recommendations by theme,Schools Deficit,2,"
  expect_contains s.csv "Open recommendations by theme,Case 128 Transport backlog,1,"
  expect_contains s.csv "Open recommendations by theme,Total,18,"
  expect_eq "$(grep -c '^Open recommendations by theme,' s.csv)" 5 "4 themes + total"
  # E 1, H 4, M 13 in the risk x band table: the last column is the total open.
  expect_eq "$(grep '^Open recommendations by risk rating and overdue band,Essential,' s.csv | awk -F, '{print $NF}')" 1
  expect_eq "$(grep '^Open recommendations by risk rating and overdue band,High,' s.csv | awk -F, '{print $NF}')" 4
  expect_eq "$(grep '^Open recommendations by risk rating and overdue band,Medium,' s.csv | awk -F, '{print $NF}')" 13
  expect_eq "$(grep '^Open recommendations by risk rating and overdue band,Total,' s.csv | awk -F, '{print $NF}')" 18
}

test_manchester_months_overdue_feb_2022() {
  at init >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  at rec list --as-at 2022-02-15 --format json >l.json
  expect_contains l.json '"months_overdue":29'
  obj_due 2019-09-30 l.json | grep -q '"months_overdue":29'
  obj_due 2018-06-30 l.json | grep -q '"months_overdue":44'
  obj_due 2020-05-31 l.json | grep -q '"months_overdue":21'
}

test_manchester_months_overdue_oct_2021() {
  at init >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  for d in 2021-10-01 2021-10-15 2021-10-31; do
    at rec list --as-at $d --format json >l.json
    obj_due 2019-09-30 l.json | grep -q '"months_overdue":25'
    obj_due 2018-06-30 l.json | grep -q '"months_overdue":40'
    obj_due 2020-05-31 l.json | grep -q '"months_overdue":17'
  done
}

test_manchester_appendix3_jan_2022() {
  at init >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  at rec list --as-at 2022-01-20 --format json >l.json
  obj_id 8 l.json | grep -q '"months_overdue":5'
  obj_id 9 l.json | grep -q '"months_overdue":4'
  obj_id 10 l.json | grep -q '"months_overdue":2'
  obj_id 11 l.json | grep -q '"months_overdue":2'
  obj_id 12 l.json | grep -q '"months_overdue":2'
}

test_manchester_escalation_rungs_feb_2022() {
  at init >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  at report escalations --as-at 2022-02-15 --format csv >e.csv
  # 29, 44 and 21 months: all past the 18-month rung. Of Appendix 3, Our Town Hall
  # (due 31/8/21) has reached 6 months by 15 February; the others are at 2-5.
  expect_eq "$(grep -c '^18 months or more overdue' e.csv)" 3
  expect_eq "$(grep -c '^9 months or more overdue' e.csv)" 0
  expect_eq "$(grep -c '^6 months or more overdue' e.csv)" 1
  expect_contains e.csv "6 months or more overdue: Executive member notified,8,Our Town Hall"
}

test_manchester_implemented_and_directorate() {
  at init >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  at report implemented --as-at 2022-02-15 --since 2021-11-30 --format json >i.json
  # Appendix 1 (4) and Appendix 4 (4) are confirmed implemented in the paper.
  expect_contains i.json '"note":"8 recommendations."'
  expect_eq "$(grep -o '"implemented_on":"2022-02-15"' i.json | wc -l)" 8
  at report summary --as-at 2022-02-15 --format csv >s.csv
  expect_contains s.csv "Open recommendations by directorate,Adults,2,2,0,"
  expect_contains s.csv "Open recommendations by directorate,Growth and Development,1,1,0,"
}

test_all_seeds_import_and_report() {
  at init >/dev/null
  for f in 000 001 004; do at import --quiet "$S/$f.csv" >/dev/null; done
  at import --quiet --as-at 2022-12-31 "$S/002.csv" >/dev/null
  at import --quiet --as-at 2023-06-30 "$S/003.csv" >/dev/null
  # 001's 18 rows are later positions of 000's recommendations: they refresh them.
  expect_eq "$(at rec list --as-at 2030-01-01 --status all --format csv | tail -n +2 | grep -c '^[0-9]')" 130
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    for f in text md csv json html; do at report $k --as-at 2024-12-31 --format $f >/dev/null; done
  done
}

test_cambridgeshire_annex_b_reproduced() {
  at init >/dev/null
  at import --quiet "$S/000.csv" >/dev/null
  at rec list --as-at 2024-12-31 --format json >l.json
  # 81 open rows, of which 2 E, 18 H, 61 M, and 49 with a current target of TBC.
  expect_eq "$(grep -o '"open":true' l.json | wc -l)" 81
  expect_eq "$(grep -o '"risk":"E"' l.json | wc -l)" 2
  expect_eq "$(grep -o '"risk":"H"' l.json | wc -l)" 18
  expect_eq "$(grep -o '"risk":"M"' l.json | wc -l)" 61
  expect_eq "$(grep -o '"current_target":null' l.json | wc -l)" 49
  # A report before the tracker's date shows what was known then: fewer revisions.
  at rec list --as-at 2024-06-30 --status all --format json >early.json
  expect_eq "$(grep -o '"revisions":7' l.json | wc -l)" "$(grep -o '"revisions":7' l.json | wc -l)"
  n_now=$(grep -o '"revisions":[0-9]*' l.json | awk -F: '{s+=$2} END {print s}')
  n_then=$(grep -o '"revisions":[0-9]*' early.json | awk -F: '{s+=$2} END {print s}')
  [ "$n_then" -lt "$n_now" ]
}

# Annex B as the paper counts it: every one of the 81 rows is listed as overdue,
# including the fourteen due on 31/12/2024 itself (README, inconsistency 6), so
# under Cambridgeshire's settings (docs/reports.md) 81 overdue, 0 not yet due;
# by rating E 2, H 18, M 61. Without overdue-on-due-date: 67 overdue, 14 not yet due.
test_cambridgeshire_annex_b_as_the_paper_counts() {
  at init >/dev/null
  at import --quiet "$S/000.csv" >/dev/null
  at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  at report summary --as-at 2024-12-31 --format csv >before.csv
  row() { grep "^Open recommendations by risk rating and overdue band,$1," "$2" | cut -d, -f3-; }
  # not yet due, under 3, over 3, over 12, overdue, total open
  expect_eq "$(row Total before.csv | awk -F, '{print $1, $(NF-1), $NF}')" "14 67 81"
  at policy set overdue-on-due-date yes >/dev/null
  at report summary --as-at 2024-12-31 --format csv >s.csv
  expect_eq "$(row Total s.csv | awk -F, '{print $1, $(NF-1), $NF}')" "0 81 81"
  expect_eq "$(row Essential s.csv | awk -F, '{print $1, $(NF-1), $NF}')" "0 2 2"
  expect_eq "$(row High s.csv | awk -F, '{print $1, $(NF-1), $NF}')" "0 18 18"
  expect_eq "$(row Medium s.csv | awk -F, '{print $1, $(NF-1), $NF}')" "0 61 61"
  at report summary --as-at 2024-12-31 >s.txt
  expect_contains s.txt "a recommendation due on the report's date is overdue."
}

test_reimport_changes_nothing() {
  at init >/dev/null
  at import --quiet "$S/001.csv" >/dev/null
  at import "$S/001.csv" >out
  expect_contains out "already imported"
  expect_eq "$(at rec list --as-at 2025-05-19 --format csv | tail -n +2 | grep -c '^[0-9]')" 18
}

test_confidential_redacted() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  at rec add --audit 1 --text "Secret control weakness XYZZY" --target 2024-06-30 --risk H --confidential >/dev/null
  at report outstanding --as-at 2024-12-31 >o.txt
  expect_not_contains o.txt XYZZY
  expect_contains o.txt "detail withheld"
  at report outstanding --as-at 2024-12-31 --include-confidential >o2.txt
  expect_contains o2.txt XYZZY
  at report outstanding --as-at 2024-12-31 --format html >o.html
  expect_not_contains o.html XYZZY
}

test_stated_months_checked_against_engine() {
  at init >/dev/null
  at import --map "$SEEDS/manchester.map" "$S/004.csv" >out
  # Appendix 2 still printed November's figures; the paper's own table (3.3) has 29, 44, 21.
  expect_contains out "row 5: the tracker states '25 months overdue'; as at 15/02/2022 the policy gives 29 months (due 30/09/2019)"
  expect_contains out "row 6: the tracker states '40 months overdue'; as at 15/02/2022 the policy gives 44 months"
  expect_contains out "row 7: the tracker states '17 months overdue'; as at 15/02/2022 the policy gives 21 months"
  expect_eq "$(grep -c '^row ' out)" 8
}
