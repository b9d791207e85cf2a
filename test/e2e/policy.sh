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

# population-from: recommendations made before the day are outside the follow-up
# population. Audit 1 is dated the day before the cut-off, audit 2 the day itself; all
# three recommendations are Jane's, two due 31/01/2022 and one 30/06/2023. As at
# 01/01/2023 with no cut-off: 3 open, 2 overdue (recs 1 and 2, 12 months: 12 x 1 + 0,
# over 12 months), 1 not yet due. From 01/04/2021: rec 1 (made 31/03/2021) is out, so
# 2 open, 1 overdue, 1 not yet due; rec 2 (made 01/04/2021) stays in.
population_register() {
  at init >/dev/null
  at audit add --title "Old payroll" --date 2021-03-31 >/dev/null
  at audit add --title "New payroll" --date 2021-04-01 >/dev/null
  at rec add --audit 1 --text "Reconcile payroll" --target 2022-01-31 --risk H --owner "Jane Smith" >/dev/null
  at rec add --audit 2 --text "Check leavers" --target 2022-01-31 --risk H --owner "Jane Smith" >/dev/null
  at rec add --audit 2 --text "Approve overtime" --target 2023-06-30 --risk M --owner "Jane Smith" >/dev/null
  at person set "Jane Smith" --email jane@council.example >/dev/null
}
# The summary's totals as at $1: "open overdue not_yet_due over_12"
totals() {
  at report summary --as-at "$1" --format json >s.json
  python3 -c '
import json, sys
t = [r for r in json.load(open("s.json"))["sections"][0]["rows"] if r.get("total")][0]
print(t["open"], t["overdue"], t["not_yet_due"], t["overdue_over_12_months"])'
}

test_population_from_cut_off() {
  population_register
  at policy show population-from >p.txt
  expect_eq "$(cat p.txt)" "none"
  expect_eq "$(totals 2023-01-01)" "3 2 1 2"
  expect_not_contains s.json "followed up"
  at notify --as-at 2023-01-05 --dry-run --verbose >n0.txt
  expect_contains n0.txt "rec 1 overdue:1:"
  expect_contains n0.txt "2 notices due"
  expect_status 2 at policy set population-from 2021-04
  expect_status 2 at policy set population-from "not a date"
  at policy set population-from 01/04/2021 >/dev/null
  expect_eq "$(at policy show population-from)" "2021-04-01"
  expect_eq "$(totals 2023-01-01)" "2 1 1 1"
  for f in text csv md html; do
    at report outstanding --as-at 2023-01-01 --format $f >o.$f
    expect_contains o.$f "recommendations made before 1 April 2021 are not followed up."
  done
  expect_contains s.json "recommendations made before 1 April 2021 are not followed up."
  # The lists: rec 2 (made on the day) in, rec 1 (the day before) out.
  at rec list --as-at 2023-01-01 --status all --format csv >l.csv
  expect_eq "$(cut -d, -f1 l.csv | tail -n +2 | tr '\n' ' ')" "2 3 "
  at export --as-at 2023-01-01 >e.csv
  expect_eq "$(tail -n +2 e.csv | wc -l)" 2
  at rec show 1 --as-at 2023-01-01 >r1.txt
  expect_contains r1.txt "outside the follow-up population: made 31/03/2021, before population-from 01/04/2021"
  at audit show 1 --as-at 2023-01-01 >a1.txt
  expect_contains a1.txt "(1 made before 01/04/2021: outside the follow-up population)"
  # Notify plans no notice for rec 1.
  at notify --as-at 2023-01-05 --dry-run --verbose >n1.txt
  expect_not_contains n1.txt "rec 1 "
  expect_contains n1.txt "rec 2 overdue:2:"
  expect_contains n1.txt "1 notice due"
  # Internal audit can still act on it: the writes count it as made.
  at rec close 1 --evidence "the reconciliations for 2022" --on 2023-01-02 >/dev/null
  at policy set population-from none >/dev/null
  expect_eq "$(totals 2023-01-01)" "3 2 1 2"
  expect_eq "$(totals 2023-01-03)" "2 1 1 1"
}

# The web: the list, the dashboard and My actions leave rec 1 out; its own page opens
# and says why.
test_population_from_web() {
  . "$ROOT/test/e2e/web_lib.sh"
  population_register
  at policy set population-from 2021-04-01 >/dev/null
  export AUDITRACK_TODAY=2023-01-01
  WEB_OWNER_AS="Jane Smith" web_start
  login auditor
  login owner
  expect_eq "$(get auditor "/recs?status=all&sort=id")" 200
  expect_contains out.html 'href="/recs/2"'
  expect_contains out.html 'href="/recs/3"'
  expect_not_contains out.html 'href="/recs/1"'
  expect_eq "$(get auditor /dashboard)" 200
  expect_contains out.html "recommendations made before 1 April 2021 are not followed up"
  grep -o '<h3 class="govuk-summary-card__title">Open</h3></div><div class="govuk-summary-card__content"><p class="at-card__figure"><a class="govuk-link" href="[^"]*">[0-9]*' out.html | sed 's/.*>//' >open.txt
  expect_eq "$(cat open.txt)" 2
  expect_eq "$(get owner /my)" 200
  expect_contains out.html 'href="/recs/2"'
  expect_not_contains out.html 'href="/recs/1"'
  # The audit's page still lists it, and says so.
  expect_eq "$(get auditor /audits/1)" 200
  expect_contains out.html "govuk-tag--grey\">Outside the follow-up population</strong>"
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html "Not followed up</strong> made on"
  expect_contains out.html "before the follow-up population starts on <time datetime=\"2021-04-01\">1 April 2021</time>"
  expect_contains out.html "the policy follows up only recommendations made from"
}
