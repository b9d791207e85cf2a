# Reporting cycles, the trend over the last cycles, and committee packs.
S="$SEEDS/seed-trackers"

manchester() {
  at init --org "Manchester City Council" >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  at cycle add "May 2021" --as-at 2021-05-15 >/dev/null
  at cycle add "Aug 2021" --as-at 2021-08-15 >/dev/null
  at cycle add "Nov 2021" --as-at 2021-11-15 >/dev/null
  at cycle add "Feb 2022" --as-at 2022-02-15 >/dev/null
}

cambridgeshire() {
  at init --org "Cambridgeshire County Council" >/dev/null
  at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  at import --quiet "$S/000.csv" >/dev/null
}

# The rows of one section of a CSV report, without the section's name.
rows() { grep -F "$2," "$1" | grep -vF "section," | sed "s/^\"\{0,1\}$2\"\{0,1\},//"; }

# Manchester's register at four committee dates. Worked by hand from
# `rec list --as-at` at each date: at 15/05/2021 six are open, all over 12
# months (20, 35, 12, 13, 13, 13 months: mean 17.7); at 15/08/2021 rec 1 (due
# 24/05/2021) is 3 months overdue and 8, 9, 10, 11, 12, 16 are new, not yet due;
# at 15/11/2021 rec 1 is 6 months over (6-12), 8 and 9 are 3 and 2 months over;
# everything closed on 15/02/2022, after its target.
test_trend_manchester_four_cycles() {
  manchester
  at report trend --cycle "Feb 2022" --format csv >t.csv
  expect_contains t.csv "meta,cycles,May 2021; Aug 2021; Nov 2021; Feb 2022"
  expect_eq "$(rows t.csv 'Open recommendations' | tr '\n' '|')" \
    "May 2021,2021-05-15,2021-02-15,6,6|Aug 2021,2021-08-15,2021-05-15,13,13|Nov 2021,2021-11-15,2021-08-15,13,13|Feb 2022,2022-02-15,2021-11-15,8,8|"
  expect_eq "$(rows t.csv 'Overdue recommendations' | cut -d, -f1,5 | tr '\n' '|')" \
    "May 2021,6|Aug 2021,7|Nov 2021,9|Feb 2022,8|"
  expect_eq "$(rows t.csv 'Overdue recommendations by band' | cut -d, -f4- | tr '\n' '|')" \
    "0,0,6,6|1,0,6,7|2,1,6,9|4,1,3,8|"
  expect_eq "$(rows t.csv 'Implemented in the period' | cut -d, -f5 | tr '\n' ' ')" "0 0 0 8 "
  # The first cycle of all compares with three months before it, as a report does: the six
  # open in May 2021 were due in 2018-2020, none between 15 February and 15 May 2021.
  expect_eq "$(rows t.csv 'Due in the period by original target' | cut -d, -f5 | tr '\n' ' ')" \
    "0 1 2 6 "
  expect_eq "$(rows t.csv 'Implemented by their original target' | cut -d, -f5 | tr '\n' ' ')" \
    "0 0 0 0 "
  expect_eq "$(rows t.csv 'Implementation rate by original target (%)' | cut -d, -f5 | tr '\n' ' ')" \
    " 0 0 0 "
  expect_eq "$(rows t.csv 'Average months overdue' | cut -d, -f5 | tr '\n' ' ')" "18 18 17 14 "
  # The header: ratings in use (none here), then not rated and the total.
  expect_contains t.csv "section,cycle,as_at,period_after,not_rated,all"
  # Two cycles only, ending in November.
  at report trend --cycle "Nov 2021" --cycles 2 --format csv >t2.csv
  expect_eq "$(rows t2.csv 'Open recommendations' | tr '\n' '|')" \
    "Aug 2021,2021-08-15,2021-05-15,13,13|Nov 2021,2021-11-15,2021-08-15,13,13|"
  # As at a date between cycles: the cycles up to it.
  at report trend --as-at 2021-12-01 --format csv >t3.csv
  expect_contains t3.csv "meta,cycles,May 2021; Aug 2021; Nov 2021"
}

# A small register where every figure is known. Cycles Q1 31/03, Q2 30/06, Q3 30/09/2024.
#  1 H due 29/02, implemented 15/02 (before its target)
#  2 H due 15/03, never implemented
#  3 M due 31/05, revised on 20/05 to 31/08, implemented 20/08
#  4 M due 15/06, implemented 10/07 (late)
#  5 not rated, due 15/09, revised on 01/04 to TBC
#  6 H due 30/04, removal approved by the committee on 10/04
small_register() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-01 >/dev/null
  at rec add --audit 1 --text R1 --risk H --target 2024-02-29 >/dev/null
  at rec add --audit 1 --text R2 --risk H --target 2024-03-15 >/dev/null
  at rec add --audit 1 --text R3 --risk M --target 2024-05-31 >/dev/null
  at rec add --audit 1 --text R4 --risk M --target 2024-06-15 >/dev/null
  at rec add --audit 1 --text R5 --target 2024-09-15 >/dev/null
  at rec add --audit 1 --text R6 --risk H --target 2024-04-30 >/dev/null
  at rec close 1 --evidence "Seen" --on 2024-02-15 >/dev/null
  at rec revise 3 --target 2024-08-31 --reason "supplier delay" --on 2024-05-20 >/dev/null
  at rec close 3 --evidence "Seen" --on 2024-08-20 >/dev/null
  at rec close 4 --evidence "Seen" --on 2024-07-10 >/dev/null
  at rec revise 5 --target TBC --reason "restructure" --on 2024-04-01 >/dev/null
  at decision add 6 --kind removal_approved --on 2024-04-10 >/dev/null
  at cycle add Q1 --as-at 2024-03-31 >/dev/null
  at cycle add Q2 --as-at 2024-06-30 >/dev/null
  at cycle add Q3 --as-at 2024-09-30 >/dev/null
}

# Columns after the dates: H, M, not rated, total.
figures() { rows "$1" "$2" | cut -d, -f4- | tr '\n' '|'; }

test_trend_small_register_every_figure() {
  small_register
  at report trend --cycle Q3 --format csv >t.csv
  expect_contains t.csv "section,cycle,as_at,period_after,risk_h,risk_m,not_rated,all"
  # Q1: 1, 2, 3, 4, 5, 6 made; 1 closed; 2 overdue 0 months (15/03 to 31/03).
  # Q2: 6 removed; 2 3 months over; 3 (original basis) 1 month; 4 0 months.
  # Q3: 3 and 4 implemented; 2 six months over; 5 0 months over (original 15/09).
  expect_eq "$(figures t.csv 'Open recommendations')" "2,2,1,5|1,2,1,4|1,0,1,2|"
  expect_eq "$(figures t.csv 'Overdue recommendations')" "1,0,0,1|1,2,0,3|1,0,1,2|"
  expect_eq "$(figures t.csv 'Overdue recommendations by band')" "1,0,0,1|3,0,0,3|1,1,0,2|"
  expect_eq "$(figures t.csv 'Overdue under 6 months by risk rating')" "1,0,0,1|1,2,0,3|0,0,1,1|"
  expect_eq "$(figures t.csv 'Overdue 6-12 months by risk rating')" "0,0,0,0|0,0,0,0|1,0,0,1|"
  expect_eq "$(figures t.csv 'Implemented in the period')" "1,0,0,1|0,0,0,0|0,2,0,2|"
  # By original target: Q1 1 and 2 (1 met); Q2 3 and 4 (neither met; 6 removed
  # before its 30/04 target is left out); Q3 5 (not met).
  expect_eq "$(figures t.csv 'Due in the period by original target')" "2,0,0,2|0,2,0,2|0,0,1,1|"
  expect_eq "$(figures t.csv 'Implemented by their original target')" "1,0,0,1|0,0,0,0|0,0,0,0|"
  expect_eq "$(figures t.csv 'Implementation rate by original target (%)')" "50,,,50|,0,,0|,,0,0|"
  # By any target: Q2 only 4 (3's 31/05 was revised away before it came); Q3 only
  # 3 (its 31/08, met on 20/08; 5's 15/09 was TBC by then).
  expect_eq "$(figures t.csv 'Due in the period by any target')" "2,0,0,2|0,1,0,1|0,1,0,1|"
  expect_eq "$(figures t.csv 'Implemented by their target')" "1,0,0,1|0,0,0,0|0,1,0,1|"
  expect_eq "$(figures t.csv 'Implementation rate by any target (%)')" "50,,,50|,0,,0|,100,,100|"
  # Mean months: Q2 M (1+0)/2 = 0.5 rounds to 1, total 4/3 to 1; Q3 total 6/2.
  expect_eq "$(figures t.csv 'Average months overdue')" "0,,,0|3,1,,1|6,,0,3|"
  # Chart hints for the PDF and XLSX renderers: lines for counts, bars for implemented.
  at report trend --cycle Q3 --risk H --format json >t.json
  expect_contains t.json '"cycles":"Q1; Q2; Q3"'
  expect_contains t.json '"risk_h":2'
  expect_not_contains t.json '"risk_m"'
}

test_trend_needs_two_cycles() {
  small_register
  expect_status 1 at cycle remove Q9
  expect_status 2 at report trend --cycle Q1 2>e.txt
  expect_contains e.txt "at least two reporting cycles on or before 31 March 2024 (there is 1"
  expect_status 2 at report trend --cycle Q3 --cycles 1 2>e.txt
  expect_contains e.txt "--cycles must be a number from 2 to 24, not '1'"
  expect_status 2 at report trend --cycle Nope 2>e.txt
  expect_contains e.txt "no cycle named 'Nope'"
}

# The parts' titles of a pack, in order, from its JSON (heading-only sections have no columns).
parts() {
  python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    if not s["columns"]: print(s["title"] + (" [" + s["note"] + "]" if s.get("note") else ""))' "$1"
}
# Rows under each part: "title=N" per part.
part_rows() {
  python3 -c 'import json,sys
t=None; n={}; order=[]
for s in json.load(open(sys.argv[1]))["sections"]:
    if not s["columns"]: t=s["title"]; order.append(t); n[t]=0
    elif t: n[t]+=len(s["rows"])
print("|".join("%s=%d" % (k, n[k]) for k in order))' "$1"
}

test_pack_manchester_structure_and_figures() {
  manchester
  at report pack --cycle "Feb 2022" --format json >p.json
  expect_eq "$(parts p.json | tr '\n' '|')" "Summary|Appendix 1 - Implemented Recommendations|Appendix 2 - Recommendations over 12 months overdue|Recommendations between 6 and 12 months overdue|Appendix 3 - Recommendations between 1 and 6 months overdue|Recommendations not yet due [None.]|"
  # The paper: 3 over 12 months (Mental Health Casework, Transitions, Section
  # 106), 1 at 6-12 and 4 at 1-6 by auditrack's months (the paper, counting
  # one month fewer, puts all five in 1-6), 8 implemented in the period. The
  # summary's 20 rows: risk 2, directorate 4, theme 2, movement 10 (each kind of
  # removal on its own line), flags 2.
  expect_eq "$(part_rows p.json)" "Summary=20|Appendix 1 - Implemented Recommendations=8|Appendix 2 - Recommendations over 12 months overdue=3|Recommendations between 6 and 12 months overdue=1|Appendix 3 - Recommendations between 1 and 6 months overdue=4|Recommendations not yet due=0"
  expect_contains p.json '"report":"pack"'
  expect_contains p.json '"organisation":"Manchester City Council"'
  expect_contains p.json '"cycle":"Feb 2022"'
  expect_contains p.json '"previous_cycle":"Nov 2021"'
  expect_contains p.json '"as_at":"15/02/2022"'
  at report pack --cycle "Feb 2022" >p.txt
  expect_contains p.txt "Recommendations not yet due
===========================
None."
  at report pack --cycle "Feb 2022" --format html >p.html
  expect_contains p.html '<h2 id="sec23">Recommendations not yet due</h2>'
  expect_contains p.html '<h3 id="sec18">Not rated: overdue over 12 months</h3>'
  # The policy names the default pack.
  at report pack --cycle "Feb 2022" --pack manchester --format json >p2.json
  cmp p.json p2.json
}

test_pack_cambridgeshire_annex_b() {
  cambridgeshire
  at report pack --pack cambridgeshire --as-at 2024-12-31 --format json >p.json
  # Annex B's groups, under its headings and in its order: Essential overdue as one group,
  # then High and Medium over 12 months, High over and under 3 months, Medium over and under
  # 3 months; each group one table, a group with nothing in it left out. 81 recommendations
  # (E 2, H 18, M 61, as the paper has them): 67 overdue under the policy's bands and 14
  # due on 31/12/2024 itself, not yet overdue.
  expect_eq "$(jq -r '[.sections[] | .title + "=" + (.rows | length | tostring)] | join("|")' p.json)" "Essential Recommendations overdue=2|High Recommendations overdue - over 12 months=1|Medium Recommendations overdue - over 12 months=11|High Recommendations overdue - over 3 months=13|High Recommendations overdue - under 3 months=3|Medium Recommendations overdue - over 3 months=27|Medium Recommendations overdue - under 3 months=10|Recommendations not yet due=14"
  expect_contains p.json '"title":"Annex B - Summary of Outstanding Recommendations"'
  expect_contains p.json '"organisation":"Cambridgeshire County Council"'
  # Without the bands it names the line that needs them.
  at policy set bands "1-6 months:0; 6-12 months:6; over 12 months:12" >/dev/null
  expect_status 2 at report pack --pack cambridgeshire --as-at 2024-12-31 2>e.txt
  expect_contains e.txt "pack cambridgeshire: line 7: band 'over 3 months' is not one of the policy's bands"
}

test_pack_custom_round_trip() {
  small_register
  cat >brief.pack <<'EOF'
# our committee's own order
pack title="Recommendations: committee brief"
implemented title="Done since last time"
outstanding risk=H title="High risk, still open"
trend cycles=2 title="Trend"
EOF
  at pack set brief brief.pack >o.txt
  expect_contains o.txt "pack brief stored"
  at pack show brief >shown.pack
  cmp brief.pack shown.pack
  at pack list >l.txt
  expect_contains l.txt "brief                stored"
  expect_contains l.txt "manchester           built in, default"
  at policy set pack brief >/dev/null
  at pack list >l.txt
  expect_contains l.txt "brief                stored, default"
  at report pack --cycle Q3 --format json >p.json
  expect_contains p.json '"title":"Recommendations: committee brief"'
  expect_eq "$(parts p.json | tr '\n' '|')" "Done since last time|High risk, still open|Trend|Open recommendations in no part of this pack [1 open recommendation is in none of the parts above, which the pack definition does not select: #5 (under 6 months).]|"
  # Implemented after Q2: 3 and 4; open and H: 2; the trend's Q2 and Q3 rows (each section).
  expect_eq "$(part_rows p.json)" "Done since last time=2|High risk, still open=1|Trend=28|Open recommendations in no part of this pack=0"
  # The file gives the same pack without storing it.
  at report pack --cycle Q3 --pack-file brief.pack --format json >f.json
  expect_eq "$(jq -c .sections f.json)" "$(jq -c .sections p.json)"
  # A stored pack replaces one of the same name, journalled.
  printf 'summary title="Only the summary"\n' >brief2.pack
  at pack set brief brief2.pack >/dev/null
  at report pack --cycle Q3 --format json >p2.json
  expect_eq "$(parts p2.json)" "Only the summary"
  at log >log.txt
  expect_contains log.txt "pack.set"
  at verify >/dev/null
}

test_pack_bad_files_refused_with_line_numbers() {
  small_register
  bad() { # EXPECTED-MESSAGE then the file's lines
    msg=$1; shift
    printf '%s\n' "$@" >bad.pack
    expect_status 2 at pack set bad bad.pack 2>e.txt
    expect_contains e.txt "$msg"
  }
  bad "line 2: unknown report 'sumary'" "summary" "sumary title=x"
  bad "line 3: band 'over 13 months' is not one of the policy's bands" "# c" "summary" \
    'outstanding band="over 13 months"'
  bad "line 1: risk 'Z' is not a rating of any risk scale" "outstanding risk=Z"
  bad "line 1: unknown key 'colour'" "summary colour=red"
  bad "line 2: title: a quoted value has no closing" "summary" 'implemented title="Done'
  bad "line 1: 'band' needs the form key=value" "outstanding band"
  bad "line 1: cycles= is for a trend" "summary cycles=3"
  bad "line 1: status must be open, closed or all" "outstanding status=shut"
  bad "line 1: layout= is for an outstanding part, table or blocks, not 'grid'" \
    "outstanding layout=grid"
  bad "line 1: layout= is for an outstanding part, table or blocks, not 'table'" \
    "summary layout=table"
  bad "the pack has no parts" "# nothing"
  bad "line 2: the pack's title is given twice" 'pack title="x"' 'pack title="y"'
  expect_status 2 at pack set "no good" /dev/null 2>e.txt
  expect_contains e.txt "a pack's name is letters, digits"
  at pack list >l.txt
  expect_not_contains l.txt "bad"
  expect_status 1 at pack show bad
  expect_status 2 at report pack --pack nosuch 2>e.txt
  expect_contains e.txt "there is no pack named 'nosuch'"
  expect_status 2 at policy set pack "a b"
}

test_pack_confidential_redacted() {
  small_register
  at rec set 2 confidential 1 >/dev/null
  at rec set 2 text "Secret matter" >/dev/null
  at report pack --cycle Q3 --pack manchester >p.txt
  expect_not_contains p.txt "Secret matter"
  expect_contains p.txt "detail withheld"
  at report pack --cycle Q3 --pack manchester --include-confidential >p.txt
  expect_contains p.txt "Secret matter"
}
