# The command line's contract: help everywhere, exit codes, errors naming the argument.

test_help_on_every_command() {
  "$AUDITRACK" --help >h.txt
  expect_contains h.txt "rec list"
  grep -E '^  [a-z]' h.txt | awk '{print $1, ($2 ~ /^[a-z0-9-]+$/ && $2 != "" ? $2 : "")}' | while read -r a b; do
    "$AUDITRACK" $a $b --help >one.txt
    grep -q "^usage: auditrack $a" one.txt
  done
}

test_exit_codes() {
  expect_status 2 "$AUDITRACK"
  expect_status 2 "$AUDITRACK" frobnicate
  expect_status 1 at rec list
  at init >/dev/null
  expect_status 1 at init
  expect_status 2 at rec list --as-at 2024-02-30
  expect_status 2 at rec list --bogus
  expect_status 2 at report nonsense
  expect_status 1 at rec show 42
  expect_status 0 at rec list
}

test_db_from_env() {
  AUDITRACK_DB="$PWD/env.db" "$AUDITRACK" init >/dev/null
  [ -f env.db ]
  AUDITRACK_DB="$PWD/env.db" "$AUDITRACK" audit list >/dev/null
}

test_today_from_option_or_env() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  # --today is a global option, before or after the command; it wins over the environment.
  at rec add --audit 1 --text "A" --target 2024-02-29 >/dev/null
  AUDITRACK_TODAY=2020-01-01 at --today 2024-03-05 rec update 1 --text "Started" >/dev/null
  at rec show 1 >out
  expect_contains out "  05/03/2024  "
  AUDITRACK_TODAY=2024-03-31 at rec list >out
  expect_contains out "As at: 31 March 2024"
  expect_contains out "29/02/2024       1  under 6 months"
  at rec list --today 2024-02-01 >out
  expect_contains out "Not yet due"
  AUDITRACK_TODAY=tomorrow expect_status 2 at rec list 2>err
  expect_contains err "AUDITRACK_TODAY: 'tomorrow' is not a day as YYYY-MM-DD"
  expect_status 2 at --today 2024-02-30 rec list 2>err
  expect_contains err "--today: '2024-02-30' is not a day"
  expect_status 2 at rec list --today 2>err
  expect_contains err "--today needs a DATE"
}

test_error_names_argument() {
  at init >/dev/null
  expect_status 2 at rec list --as-at yesterday 2>e.txt
  expect_contains e.txt "--as-at: 'yesterday'"
  expect_status 2 at audit add --title X --assurance great 2>e2.txt
  expect_contains e2.txt "--assurance: 'great'"
}

test_sql_and_markup_stored_verbatim() {
  at init >/dev/null
  at audit add --title "x'); DROP TABLE rec;--" >/dev/null
  at rec add --audit 1 --text '<script>alert(1)</script> & "q"' --target 2024-01-31 >/dev/null
  at rec show 1 --as-at 2024-12-31 >s.txt
  expect_contains s.txt "x'); DROP TABLE rec;--"
  expect_contains s.txt '<script>alert(1)</script> & "q"'
  at report outstanding --as-at 2024-12-31 --format html >o.html
  expect_not_contains o.html '<script>'
  expect_contains o.html '&lt;script&gt;'
}

test_follow_up_audits_due_and_overdue() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2023-01-15 --assurance limited >/dev/null
  at audit add --title "Stores" --date 2024-03-01 --assurance none >/dev/null
  at audit add --title "Fleet" --date 2023-01-15 --assurance reasonable >/dev/null
  at report follow-up-audits --as-at 2024-10-01 --format csv >f.csv
  expect_contains f.csv ",Payroll,limited,2023-01-15,2023-07-15,2024-01-15,Overdue"
  expect_contains f.csv ",Stores,none,2024-03-01,2024-09-01,2025-03-01,Due"
  expect_not_contains f.csv "Fleet"
  at audit follow-up-done 1 --on 2024-09-30 >/dev/null
  at report follow-up-audits --as-at 2024-10-01 --format csv >g.csv
  expect_contains g.csv ",Payroll,limited,2023-01-15,2023-07-15,2024-01-15,Done"
}

test_movement_reconciles() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-01 >/dev/null
  for i in 1 2 3 4; do at rec add --audit 1 --text "R$i" --target 2024-03-31 >/dev/null; done
  at audit add --title "Stores" --date 2024-05-01 >/dev/null
  at rec add --audit 2 --text "R5" --target 2024-09-30 >/dev/null
  at rec close 1 --evidence "Signed schedule" --on 2024-05-10 >/dev/null
  at rec review 2 --opinion risk_accepted --accepted-by "S151 officer" --on 2024-05-11 >/dev/null
  at rec close 3 --evidence "Signed schedule" --on 2024-02-01 >/dev/null
  at rec reopen 3 --reason "not sustained" --on 2024-05-20 >/dev/null
  at report summary --as-at 2024-06-30 --since 2024-03-31 --format csv >s.csv
  expect_contains s.csv "Brought forward,3"
  expect_contains s.csv "New,1"
  expect_contains s.csv "Reopened,1"
  expect_contains s.csv "Implemented,1"
  expect_contains s.csv "Removed: risk accepted,1"
  expect_contains s.csv "Removed: superseded,0"
  expect_contains s.csv "Carried forward,3"
}

test_own_scale_and_audit_fields() {
  at init >/dev/null
  at scale add Priority3 --ratings "P1:Priority 1:Fundamental weakness; P2:Priority 2; P3:Priority 3" >/dev/null
  expect_status 1 at scale add priority3 --ratings "X:Y" 2>e.txt
  expect_contains e.txt "already exists"
  expect_status 2 at scale add Q --ratings "P1:A; P1:B"
  at scale list >s.txt
  expect_contains s.txt "P1           Priority 1   Fundamental weakness"
  at audit add --title "Stores" >/dev/null
  at audit set 1 date 31/01/2024 >/dev/null
  at audit set 1 assurance "Limited assurance" >/dev/null
  expect_status 2 at audit set 1 assurance "great"
  expect_status 1 at audit set 1 colour red
  at rec add --audit 1 --text "Count stock" --target 2024-06-30 --risk P2 >/dev/null
  at audit show 1 >a.txt
  expect_contains a.txt "Final report         31/01/2024"
  expect_contains a.txt "Assurance            limited"
  at report summary --as-at 2024-12-31 --format csv >r.csv
  expect_contains r.csv "Open recommendations by risk rating and overdue band,Priority 2,0,0,1,0,1,1"
}

test_list_filters() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-01 --directorate Resources >/dev/null
  at audit add --title "Schools" --date 2024-01-01 --directorate Children >/dev/null
  at rec add --audit 1 --text "A" --target 2024-02-28 --risk H --owner "Jo Bloggs" --theme Pay >/dev/null
  at rec add --audit 1 --text "B" --target 2025-06-30 --risk M --owner "Sam Smith" --theme Pay >/dev/null
  at rec add --audit 2 --text "C" --target 2024-03-31 --risk H --director "Director of Children" >/dev/null
  at rec close 2 --evidence "Signed schedule" --on 2024-06-01 >/dev/null
  n() { at rec list --as-at 2024-12-31 --format csv "$@" | tail -n +2 | grep -c . || true; }
  expect_eq "$(n)" 2 "open by default"
  expect_eq "$(n --status all)" 3
  expect_eq "$(n --status closed)" 1
  expect_eq "$(n --risk H)" 2
  expect_eq "$(n --risk High)" 2
  expect_eq "$(n --directorate resources --status all)" 2
  expect_eq "$(n --theme Pay)" 1
  expect_eq "$(n --owner bloggs)" 1
  expect_eq "$(n --owner children)" 1
  expect_eq "$(n --band "6-12 months")" 2
  expect_eq "$(n --band "over 12 months")" 0
  at report summary --as-at 2024-12-31 --directorate Children --format csv >s.csv
  expect_contains s.csv "meta,filter,directorate = Children"
  expect_contains s.csv "Open recommendations by directorate,Children,1,1,0,0"
  expect_not_contains s.csv "Resources"
}

test_html_report_is_self_contained_and_accessible() {
  at init --org "Example Council" >/dev/null
  at audit add --title "Payroll" --date 2024-01-01 >/dev/null
  at rec add --audit 1 --text "A" --target 2024-02-28 --risk H >/dev/null
  for k in summary outstanding escalations; do
    at report $k --as-at 2024-12-31 --format html >r.html
    expect_contains r.html '<html lang="en">'
    expect_contains r.html "<caption"
    if [ $k = outstanding ]; then
      expect_contains r.html '<table class="record">'
      expect_contains r.html '<tr><th scope="row">Months overdue</th><td>10</td></tr>'
    else
      expect_contains r.html 'scope="col"'
    fi
    expect_contains r.html "@media print"
    expect_not_contains r.html "http:"
    expect_not_contains r.html "https:"
    expect_not_contains r.html "<script"
    expect_not_contains r.html "<link"
  done
}

# report outstanding --status: Manchester's 16 rows are 8 open (Appendices 2 and 3:
# 3 + 5) and 8 implemented (Appendices 1 and 4: 4 + 4), counted by hand from the paper.
test_outstanding_status_closed_and_all() {
  at init >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$SEEDS/seed-trackers/004.csv" >/dev/null
  n() { at report outstanding --as-at 2022-02-15 --status "$1" --format json | grep -o '"id":[0-9]*' | wc -l; }
  expect_eq "$(n open)" 8
  expect_eq "$(n closed)" 8
  expect_eq "$(n all)" 16
  at report outstanding --as-at 2022-02-15 --status closed --format json >c.json
  expect_contains c.json '"title":"Not rated: closed"'
  expect_not_contains c.json 'overdue over 12 months'
  at report outstanding --as-at 2021-01-01 --status closed >none.txt
  expect_contains none.txt "No closed recommendations"
}

# audit list and audit show as at a date: Stores' report (1 June 2024) and its one
# recommendation do not exist on 1 March 2024; on 1 October its target (30
# September) has passed by 1 day, so it is overdue, 0 months.
test_audit_list_and_show_as_at() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  at audit add --title "Stores" --date 2024-06-01 >/dev/null
  at rec add --audit 1 --text "Reconcile" --target 2024-03-31 >/dev/null
  at rec add --audit 2 --text "Count stock" --target 2024-09-30 >/dev/null
  at audit list --as-at 2024-03-01 --format csv >l1.csv
  expect_eq "$(tail -n +2 l1.csv | tr '\n' '|')" "1,,Payroll,2024-01-10,,,1|"
  at audit list --as-at 2024-07-01 --format csv >l2.csv
  expect_eq "$(tail -n +2 l2.csv | tr '\n' '|')" "1,,Payroll,2024-01-10,,,1|2,,Stores,2024-06-01,,,1|"
  at audit show 2 --as-at 2024-04-01 >s1.txt
  expect_contains s1.txt "Recommendations (as at 01/04/2024)"
  expect_not_contains s1.txt "Count stock"
  expect_eq "$(grep -c '^  2 ' s1.txt || true)" 0
  at audit show 2 --as-at 2024-10-01 >s2.txt
  expect_contains s2.txt "  2      -          -          under 6 months"
  at audit show 2 --as-at 2024-09-30 >s3.txt
  expect_contains s3.txt "  2      -          -          Not yet due"
}
