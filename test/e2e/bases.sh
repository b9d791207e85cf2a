# Both bases in one report (docs/reports.md, "Both bases"): --bases both puts the
# other basis's lateness beside the policy's, --band-by chooses the basis the bands
# go by, each on a small register whose figures are worked by hand.

# Four recommendations of one audit, as at 31/12/2024 (months = 12 x years + months):
#   1 H revised once: original 31/10/2023 (12 x 1 + 2 = 14 months, over 12), revised
#     on 01/06/2024 to 31/10/2024 (2 months, under 6)
#   2 H revised into the future: original 31/03/2024 (9 months, 6-12), revised on
#     15/03/2024 to 30/06/2025 (not yet due)
#   3 M never revised: 31/08/2024 (4 months, under 6, on either basis)
#   4 M never revised: 31/03/2025 (not yet due on either basis)
# By the original target: not yet due 1 (4), under 6 1 (3), 6-12 1 (2), over 12 1 (1):
#   overdue 3, open 4.
# By the current target: not yet due 2 (2, 4), under 6 2 (1, 3): overdue 2, open 4.
setup_four() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2023-01-10 >/dev/null
  at rec add --audit 1 --text "Revised once" --risk H --target 2023-10-31 >/dev/null
  at rec add --audit 1 --text "Revised into the future" --risk H --target 2024-03-31 >/dev/null
  at rec add --audit 1 --text "Never revised" --risk M --target 2024-08-31 >/dev/null
  at rec add --audit 1 --text "Not yet due" --risk M --target 2025-03-31 >/dev/null
  at rec revise 1 --target 2024-10-31 --reason "Supplier" --on 2024-06-01 >/dev/null
  at rec revise 2 --target 2025-06-30 --reason "Restructure" --on 2024-03-15 >/dev/null
}
OUT="report outstanding --as-at 2024-12-31"

test_outstanding_both_bases_in_csv_and_json() {
  setup_four
  at $OUT --bases both --format csv >o.csv
  expect_contains o.csv "section,id,audit,ref,risk,recommendation,action,original_target,revisions,current_target,months_overdue,band,overdue_current,months_since_current,latest_update"
  # id, months since the original target, its band, overdue against the current, months since it
  expect_eq "$(grep -v '^meta\|^section\|^$' o.csv | cut -d, -f2,11-14)" "1,14,over 12 months,true,2
2,9,6-12 months,false,
3,4,under 6 months,true,4
4,,Not yet due,false,"
  at $OUT --bases both --format json >o.json
  expect_contains o.json '{"key":"months_overdue","label":"Months since original target"},{"key":"band","label":"Band"},{"key":"overdue_current","label":"Overdue against current target"},{"key":"months_since_current","label":"Months since current target"}'
  expect_contains o.json '"months_overdue":14,"band":"over 12 months","overdue_current":true,"months_since_current":2'
  expect_contains o.json '"months_overdue":9,"band":"6-12 months","overdue_current":false,"months_since_current":null'
  expect_contains o.json '"policy":"Overdue is shown against both the original and the current agreed target date, side by side (a TBC target counts from the last dated one); bands and escalation go by the original target; months overdue'
  # Without the option the report is as it was: one basis, said once.
  at $OUT --format csv >one.csv
  expect_not_contains one.csv "overdue_current"
  expect_not_contains one.csv "both"
  expect_contains one.csv "Overdue is measured from the original target date"
  at $OUT --bases one --format csv >one2.csv
  expect_eq "$(cmp one.csv one2.csv && echo same)" same
}

test_outstanding_both_bases_in_text_md_html() {
  setup_four
  at $OUT --bases both >o.txt
  # Recommendation 1's block: 14 months by the original, overdue 2 by the current.
  expect_eq "$(sed -n '/^ID: 1$/,/^$/p' o.txt | grep -E '^(Months|Band|Overdue against)')" "Months since original target: 14
Band: over 12 months
Overdue against current target: Yes
Months since current target: 2"
  expect_eq "$(sed -n '/^ID: 2$/,/^$/p' o.txt | grep -E '^(Months|Band|Overdue against)')" "Months since original target: 9
Band: 6-12 months
Overdue against current target: No"
  at $OUT --bases both --format md >o.md
  expect_contains o.md "- **Months since original target:** 14"
  expect_contains o.md "- **Overdue against current target:** Yes"
  expect_contains o.md "- **Months since current target:** 2"
  at $OUT --bases both --format html >o.html
  expect_contains o.html "Overdue against current target"
  expect_contains o.html "Months since original target"
  expect_contains o.html "bands and escalation go by the original target"
}

test_outstanding_both_bases_in_xlsx_pdf_docx() {
  setup_four
  at $OUT --bases both --format xlsx --output o.xlsx
  unzip -p o.xlsx xl/sharedStrings.xml >ss.xml
  expect_contains ss.xml "Overdue against current target"
  expect_contains ss.xml "Months since current target"
  expect_contains ss.xml "Months since original target"
  at $OUT --bases both --format pdf --output o.pdf
  pdftotext o.pdf - | tr -s ' \n' '  ' >o.flat
  expect_contains o.flat "Overdue against current target"
  expect_contains o.flat "Months since current target"
  at $OUT --bases both --format docx --output o.docx
  unzip -p o.docx word/document.xml >doc.xml
  expect_contains doc.xml "Overdue against current target"
  expect_contains doc.xml "Months since original target"
  at $OUT --format xlsx --output one.xlsx
  unzip -p one.xlsx xl/sharedStrings.xml >one.xml
  expect_not_contains one.xml "Overdue against current target"
}

# The summary's band table by each basis, each total the 4 open.
test_summary_band_tables_by_each_basis_reconcile() {
  setup_four
  at report summary --as-at 2024-12-31 --bases both --format csv >s.csv
  t="Open recommendations by risk rating and overdue band"
  expect_eq "$(grep "^$t: months since original target," s.csv | cut -d, -f2-)" "High,0,0,1,1,2,2
Medium,1,1,0,0,1,2
Total,1,1,1,1,3,4"
  expect_eq "$(grep "^$t: months since current target," s.csv | cut -d, -f2-)" "High,1,1,0,0,1,2
Medium,1,1,0,0,1,2
Total,2,2,0,0,2,4"
  # Each table's total open is the open count the directorate table gives.
  expect_contains s.csv "Open recommendations by directorate,Total,4,3,1,0"
  # Without the option: one table, under its usual title.
  at report summary --as-at 2024-12-31 --format csv >one.csv
  expect_eq "$(grep "^$t," one.csv | cut -d, -f2-)" "High,0,0,1,1,2,2
Medium,1,1,0,0,1,2
Total,1,1,1,1,3,4"
  expect_not_contains one.csv "months since"
}

# --band-by current: this report bands (and counts overdue) by the current target,
# the policy staying as it is; with both, the original's months sit beside.
test_band_by_current_for_one_report() {
  setup_four
  at $OUT --band-by current --format csv >c.csv
  expect_eq "$(grep -v '^meta\|^section\|^$' c.csv | cut -d, -f1,2,11,12)" "High: overdue under 6 months,1,2,under 6 months
High: not yet due,2,,Not yet due
Medium: overdue under 6 months,3,4,under 6 months
Medium: not yet due,4,,Not yet due"
  expect_contains c.csv "Overdue is measured from the current agreed target date"
  expect_eq "$(at policy show basis)" "original"
  at $OUT --band-by current --bases both --format csv >cb.csv
  expect_contains cb.csv "months_overdue,band,overdue_original,months_since_original,"
  expect_eq "$(grep -v '^meta\|^section\|^$' cb.csv | cut -d, -f2,11-14)" "1,2,under 6 months,true,14
2,,Not yet due,true,9
3,4,under 6 months,true,4
4,,Not yet due,false,"
  expect_contains cb.csv "bands and escalation go by the current agreed target"
  # The summary's first table is then the current target's, the second the original's.
  at report summary --as-at 2024-12-31 --band-by current --bases both --format csv >s.csv
  expect_eq "$(grep -c '^Open recommendations by risk rating and overdue band: months since current target,Total,2,2,0,0,2,4$' s.csv)" 1
  expect_eq "$(sed -n '/^section,risk/{n;p;q}' s.csv | cut -d, -f1)" "Open recommendations by risk rating and overdue band: months since current target"
  # The band filter goes by the report's bands: under 6 months by the current target is 1 and 3.
  at $OUT --band-by current --band "under 6 months" --format csv >f.csv
  expect_eq "$(grep -v '^meta\|^section\|^$' f.csv | cut -d, -f2 | tr '\n' ' ')" "1 3 "
  # A policy of the current basis bands by it without the option; --band-by original undoes it.
  at policy set basis current >/dev/null
  at $OUT --format csv >p.csv
  expect_eq "$(grep -v '^meta\|^section\|^$' p.csv | cut -d, -f2,11 | tr '\n' ' ')" "1,2 2, 3,4 4, "
  at $OUT --band-by original --format csv >o.csv
  expect_eq "$(grep -v '^meta\|^section\|^$' o.csv | cut -d, -f2,11 | tr '\n' ' ')" "1,14 2,9 3,4 4, "
}

test_rec_list_both_bases_and_refusals() {
  setup_four
  at rec list --as-at 2024-12-31 --bases both --format csv >l.csv
  expect_contains l.csv "overdue,months_overdue,band,overdue_current,months_since_current,escalation"
  expect_eq "$(sed 1d l.csv | cut -d, -f1,15-19)" "1,true,14,over 12 months,true,2
2,true,9,6-12 months,false,
3,true,4,under 6 months,true,4
4,false,,Not yet due,false,"
  at rec list --as-at 2024-12-31 --bases both >l.txt
  expect_contains l.txt "Months since original target"
  expect_contains l.txt "Overdue against current target"
  expect_status 2 at report summary --bases two 2>e.txt
  expect_contains e.txt "--bases must be one or both, not 'two'"
  expect_status 2 at report outstanding --band-by revised 2>e.txt
  expect_contains e.txt "--band-by must be original or current, not 'revised'"
  at report --help >h.txt
  expect_contains h.txt "--bases"
  expect_contains h.txt "--band-by"
}

# A pack part shows both bases or bands by the other target, and says so under its
# heading; the pack's reconciliation selects by the part's own bands.
test_pack_part_bases_and_band_by() {
  setup_four
  cat >p.txt <<'EOF'
pack title="Both bases"
summary bases=both title="Summary"
outstanding bases=both band-by=current band="under 6 months" title="Under 6 months by the current target"
EOF
  at report pack --pack-file p.txt --as-at 2024-12-31 >p.out
  expect_contains p.out "Under 6 months by the current target
====================================
Overdue is shown against both the original and the current agreed target date, side by side (a TBC target counts from the last dated one); bands and escalation go by the current agreed target."
  at report pack --pack-file p.txt --as-at 2024-12-31 --format csv >p.csv
  expect_eq "$(grep '^Open recommendations by risk rating and overdue band: months since current target,Total' p.csv | cut -d, -f2-)" "Total,2,2,0,0,2,4"
  # Under 6 months by the current target: 1 (2 months, 14 by the original) and 3 (4, 4).
  # (A pack's blocks drop the id and an empty ref.)
  expect_contains p.csv "section,audit,risk,recommendation,action,original_target,revisions,current_target,months_overdue,band,overdue_original,months_since_original,"
  expect_eq "$(grep ': overdue under 6 months,' p.csv | cut -d, -f1,4,8-12)" "High: overdue under 6 months,Revised once,2024-10-31,2,under 6 months,true,14
Medium: overdue under 6 months,Never revised,2024-08-31,4,under 6 months,true,4"
  # 2 and 4 are not yet due by the current target: in no part, said so.
  expect_contains p.out "2 open recommendations are in none of the parts above, which the pack definition does not select: #2 (6-12 months), #4 (Not yet due)."
  printf 'pack title=x\nsummary bases=two\n' >q.txt
  expect_status 2 at report pack --pack-file q.txt --as-at 2024-12-31 2>e.txt
  expect_contains e.txt "line 2: bases must be one or both, not 'two'"
  printf 'pack title=x\noutstanding band-by=later\n' >q.txt
  expect_status 2 at report pack --pack-file q.txt --as-at 2024-12-31 2>e.txt
  expect_contains e.txt "line 2: band-by must be original or current, not 'later'"
}

# The web's report pages and the API ask for both bases as the command line does,
# and print the same bytes; the form offers the choice and keeps it in the address.
test_web_and_api_reports_show_both_bases() {
  . "$ROOT/test/e2e/web_lib.sh"
  setup_four
  web_start
  login auditor
  get auditor "/reports/outstanding?as_at=2024-12-31&bases=both&band-by=current&format=csv" >/dev/null
  at $OUT --bases both --band-by current --format csv --include-confidential >cli.csv
  cmp out.html cli.csv
  expect_contains out.html "overdue_original,months_since_original"
  expect_eq "$(get auditor "/reports/summary?as_at=2024-12-31&bases=both")" 200
  expect_contains out.html "Open recommendations by risk rating and overdue band: months since current target"
  # The page's downloads keep the choice.
  expect_contains out.html "bases=both&amp;format=csv"
  expect_eq "$(get auditor "/reports")" 200
  expect_contains out.html '<select class="govuk-select" id="bases" name="bases"'
  expect_contains out.html '<option value="both">Both targets, side by side</option>'
  expect_contains out.html '<option value="current">Months since the current agreed target</option>'
  curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b jar.auditor \
    "$BASE/reports?kind=outstanding&as_at=2024-12-31&bases=both&band-by=original&format=csv" >r.txt
  expect_eq "$(cat r.txt)" "303 $BASE/reports/outstanding?as_at=2024-12-31&since=2024-09-30&bases=both&band-by=original&format=csv"
  expect_eq "$(get auditor "/reports/summary?as_at=2024-12-31&bases=all")" 400
  expect_eq "$(get auditor "/reports/summary?as_at=2024-12-31&band-by=revised")" 400
  # The API takes the same two.
  TOKEN=$(at token add auditor --name tests)
  curl -s -o api.json -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/reports/outstanding?as_at=2024-12-31&bases=both&format=json"
  at $OUT --bases both --format json --include-confidential >cli.json
  cmp api.json cli.json
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/v1/reports/summary?bases=three")" 400
}
