# XLSX output (reports, rec list, the tracker export) and the export's round trip:
# export (as CSV and as a workbook), import into a fresh database with the same
# organisation and policy, and the listing, summary and outstanding report as at the
# tracker's date are the same.
S="$SEEDS/seed-trackers"

# atd DB ARGS...: auditrack on another database.
atd() { _d=$1; shift; "$AUDITRACK" --db "$_d" "$@"; }

# seed_db DB N: a database holding seed tracker N loaded as scripts/demo.sh loads it.
seed_db() {
  case $2 in
  0 | 1) org="Cambridgeshire County Council" ;;
  2) org="Nottinghamshire County Council" ;;
  *) org="Manchester City Council" ;;
  esac
  atd "$1" init --org "$org" >/dev/null
  fresh_policy "$1" "$2"
  case $2 in
  0) atd "$1" import --quiet "$S/000.csv" ;;
  1) atd "$1" import --quiet "$S/001.csv" ;;
  2) atd "$1" import --quiet --as-at 2022-12-31 "$S/002.csv" ;;
  3) atd "$1" import --quiet --as-at 2023-06-30 "$S/003.csv" ;;
  4) atd "$1" import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" ;;
  esac >/dev/null
}

# fresh_policy DB N: Cambridgeshire's bands for seeds 0 and 1; the default otherwise.
fresh_policy() {
  case $2 in
  0 | 1) atd "$1" policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" \
    >/dev/null ;;
  esac
}

# compare_at A B DATE [KINDS]: the same recommendations (ids aside), summary and outstanding
# report (or only KINDS of list, summary, outstanding).
compare_at() {
  for d in "$1" "$2"; do
    atd "$d" rec list --format json --status all --as-at "$3" --include-confidential |
      jq -S 'map(del(.id, .audit_id)) | sort_by(tostring)' >"$d.list"
    atd "$d" report summary --format json --as-at "$3" >"$d.summary"
    atd "$d" report outstanding --format json --as-at "$3" --include-confidential |
      jq -S 'del(.sections[].rows[].id)' >"$d.outstanding"
  done
  for k in ${4:-list summary outstanding}; do
    if ! cmp -s "$1.$k" "$2.$k"; then
      echo "$k differs after the round trip:" >&2
      diff "$1.$k" "$2.$k" | head -20 >&2
      return 1
    fi
  done
}

# round_trip N DATE ROWS: export seed N as at DATE, import it into a fresh database.
round_trip() {
  seed_db a.db "$1"
  atd a.db export --as-at "$2" --include-confidential --output t.csv
  expect_eq "$(atd a.db rec list --status all --as-at "$2" --format csv | sed 1d | wc -l)" "$3"
  atd b.db init --org "$org" >/dev/null
  fresh_policy b.db "$1"
  atd b.db import t.csv >imp.txt 2>&1
  expect_contains imp.txt "imported t.csv: $3 rows, $3 recommendations"
  # The months overdue are written as the engine computes them: nothing to warn about.
  expect_not_contains imp.txt "the tracker states"
  compare_at a.db b.db "$2"
  # Exported again, the register writes the same bytes.
  atd b.db export --as-at "$2" --include-confidential --output t2.csv
  cmp t.csv t2.csv
  # The same through a workbook: exported as .xlsx, imported as .xlsx, the same
  # register, and its CSV export the same bytes.
  atd a.db export --as-at "$2" --include-confidential --format xlsx --output t.xlsx
  atd c.db init --org "$org" >/dev/null
  fresh_policy c.db "$1"
  atd c.db import t.xlsx >impx.txt 2>&1
  expect_contains impx.txt "read sheet 'Tracker' of t.xlsx"
  expect_contains impx.txt "imported t.xlsx: $3 rows, $3 recommendations"
  expect_not_contains impx.txt "the tracker states"
  compare_at a.db c.db "$2"
  atd c.db export --as-at "$2" --include-confidential --output t3.csv
  cmp t.csv t3.csv
}

test_round_trip_cambridgeshire_2024() { round_trip 0 2024-12-31 81; }
test_round_trip_cambridgeshire_cef() { round_trip 1 2025-05-19 18; }
test_round_trip_nottinghamshire() { round_trip 2 2022-12-31 14; }
test_round_trip_manchester_implemented() { round_trip 3 2023-06-30 19; }
test_round_trip_manchester_outstanding() { round_trip 4 2022-02-15 16; }

# The history the export keeps: revisions with their cycles, the update before the latest
# dated by its prefix, the opinion's status, and the fields the seed files lack.
test_round_trip_keeps_cli_history() {
  at init --org "Testshire" >/dev/null
  at audit add --title "Payroll" --ref "A-7" --date 2024-01-15 --directorate "Finance" \
    --provider "In-house" --assurance limited >/dev/null
  at rec add --audit 1 --text "=SUM(A1) is not a formula" --target 2024-06-30 --ref 3a \
    --owner "Pat Owner" --director "Dee Director" --evidence "The signed policy" \
    --theme "Controls" --risk H --on 2024-02-01 >/dev/null
  at rec revise 1 --target 2024-09-30 --reason "New system" --cycle "June 2024 cycle" \
    --on 2024-06-30 >/dev/null
  at rec revise 1 --target TBC --reason "Waiting" --on 2024-10-15 >/dev/null
  at rec update 1 --text "- started the work" --on 2024-05-01 >/dev/null
  at rec update 1 --text "Nearly there, 80%" --on 2024-12-31 >/dev/null
  at rec review 1 --opinion partially_implemented --text "Evidence seen for part" \
    --next "Follow up in March" --on 2024-12-31 >/dev/null
  at rec add --audit 1 --text "Closed one" --target 2024-03-31 --on 2024-02-01 >/dev/null
  at rec close 2 --evidence "Seen" --on 2024-04-01 >/dev/null
  at export --as-at 2024-12-31 --output t.csv
  # The TBC revision has no cycle: it goes in current_target_date, where import finds it.
  expect_contains t.csv ",2024-06-30,2024-09-30,TBC,"
  expect_contains t.csv ",June 2024 cycle: 2024-09-30,"
  expect_contains t.csv "2024-05-01: - started the work"
  expect_contains t.csv "Partially implemented: Evidence seen for part"
  expect_contains t.csv "'=SUM(A1) is not a formula"
  "$AUDITRACK" --db b.db init --org "Testshire" >/dev/null
  "$AUDITRACK" --db b.db import t.csv >/dev/null
  # What moves to the export's date: the closing opinion, so the closing date (and in the
  # outstanding report, not compared, the date of the unlabelled TBC revision).
  at rec list --as-at 2024-12-31 --status all --format json >a.json
  "$AUDITRACK" --db b.db rec list --as-at 2024-12-31 --status all --format json >b.json
  expect_eq "$(jq -r '.[1].closed_on' a.json) $(jq -r '.[1].closed_on' b.json)" \
    "2024-04-01 2024-12-31"
  expect_eq "$(jq -c 'map(del(.closed_on))' b.json)" "$(jq -c 'map(del(.closed_on))' a.json)"
  # So the open figures agree; the movement since the previous report does not.
  at report summary --as-at 2024-12-31 --format json | jq -c '.sections[0]' >a.sum
  "$AUDITRACK" --db b.db report summary --as-at 2024-12-31 --format json |
    jq -c '.sections[0]' >b.sum
  cmp a.sum b.sum
  "$AUDITRACK" --db b.db rec show 1 --as-at 2024-12-31 >show.txt
  expect_contains show.txt "$(printf '%-20s %s' Recommendation '=SUM(A1) is not a formula')"
  expect_contains show.txt "$(printf '%-20s %s' Owner 'Pat Owner')"
  expect_contains show.txt "$(printf '%-20s %s' 'Evidence to close' 'The signed policy')"
  expect_contains show.txt "01/05/2024  Update from the service"
  expect_contains show.txt "30/06/2024  Target date changed from 30/06/2024 to 30/09/2024 (June 2024 cycle)"
  "$AUDITRACK" --db b.db audit show 1 >audit.txt
  expect_contains audit.txt "A-7"
  expect_contains audit.txt "limited"
}

# ---- the workbooks ----

# xf FILE.xlsx SHEET CELL: the <xf> style element of a cell.
xf() {
  s=$(unzip -p "$1" "xl/worksheets/$2.xml" | grep -o "<c r=\"$3\"[^>]*>" |
    sed -n 's/.* s="\([0-9]*\)".*/\1/p')
  unzip -p "$1" xl/styles.xml | grep -o '<cellXfs.*</cellXfs>' | grep -o '<xf [^>]*>' |
    sed -n "$((${s:-0} + 1))p"
}
# cell FILE.xlsx SHEET CELL: the cell's XML.
cell() { unzip -p "$1" "xl/worksheets/$2.xml" | grep -o "<c r=\"$3\"[^>]*>[^/]*</v></c>"; }
# serial DATE: the Excel serial of an ISO date.
serial() { echo $(($(date -ud "$1" +%s) / 86400 + 25569)); }

test_xlsx_summary_workbook() {
  seed_db "$DB" 0
  at report summary --as-at 2024-12-31 --since 2024-09-30 --format xlsx --output s.xlsx
  unzip -p s.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 >names
  # Cut between words, never mid-word, the long words shortened first, and no name
  # ending on "by" or "and": "Open recommendations by risk rating and overdue band" (52
  # characters) is "Open recs by risk rating and overdue band" (41), cut at 31 to "Open recs
  # by risk rating and" and then "Open recs by risk rating". "Open recommendations by
  # theme" is 29 and stays whole.
  printf '%s\n' "Summary" "Open recs by risk rating" "Open recs by directorate" \
    "Open recommendations by theme" "Movement since the previous" "Flags" >want
  cmp names want
  # The risk x band table: title, blank, headings in row 3, three ratings and the total.
  unzip -p s.xlsx xl/worksheets/sheet2.xml >risk.xml
  expect_contains risk.xml '<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>'
  expect_contains risk.xml '<autoFilter ref="A3:G7"/>'
  expect_eq "$(cell s.xlsx sheet2 G7 | sed 's/ s="[0-9]*"//')" '<c r="G7"><v>81</v></c>' \
    "total open, a number"
  # The total row is bold, the rating rows are not.
  bold=$(xf s.xlsx sheet2 G7 | sed -n 's/.*fontId="\([0-9]*\)".*/\1/p')
  unzip -p s.xlsx xl/styles.xml | grep -o '<font>.*</fonts>' | sed 's/<\/font>/\n/g' |
    sed -n "$((bold + 1))p" | grep -q '<b/>'
  xf s.xlsx sheet2 G4 | grep -q 'fontId="0"'
  # Every section sheet has a frozen heading row and a filter.
  for n in 2 3 4 6; do
    unzip -p s.xlsx "xl/worksheets/sheet$n.xml" | grep -q 'state="frozen"'
    unzip -p s.xlsx "xl/worksheets/sheet$n.xml" | grep -q '<autoFilter ref="A3:'
  done
  # The movement table has a note, in row 2 above its headings.
  unzip -p s.xlsx xl/worksheets/sheet5.xml >move.xml
  expect_contains move.xml '<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'
  expect_contains move.xml '<autoFilter ref="A4:B14"/>' # four in, five kinds removed, out
  expect_contains move.xml '<c r="A2" '
  grep -q "Brought forward + new + reopened - implemented - removed = carried forward." \
    "$(unzip -p s.xlsx xl/sharedStrings.xml >ss.xml; echo ss.xml)"
  # The chart: stacked columns of the ratings, one series per band column.
  unzip -p s.xlsx xl/charts/chart1.xml >chart.xml
  expect_contains chart.xml '<c:grouping val="stacked"/>'
  expect_contains chart.xml "<c:f>'Open recs by risk rating'!\$A\$4:\$A\$6</c:f>"
  expect_eq "$(grep -o '<c:ser>' chart.xml | wc -l)" 4 "not yet due and three bands"
  unzip -p s.xlsx xl/drawings/drawing1.xml | grep -q 'descr="Open recommendations by risk'
  # The summary sheet states the as-at date (a date cell), the previous report and the policy.
  expect_eq "$(cell s.xlsx sheet1 B4 | sed 's/ s="[0-9]*"//')" \
    "<c r=\"B4\"><v>$(serial 2024-12-31)</v></c>"
  expect_eq "$(cell s.xlsx sheet1 B5 | sed 's/ s="[0-9]*"//')" \
    "<c r=\"B5\"><v>$(serial 2024-09-30)</v></c>"
  xf s.xlsx sheet1 B4 | grep -q 'numFmtId="164"'
  xf s.xlsx sheet1 B5 | grep -q 'numFmtId="164"'
  unzip -p s.xlsx xl/styles.xml | grep -q '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
  unzip -p s.xlsx xl/sharedStrings.xml >strings.xml
  expect_contains strings.xml "Cambridgeshire County Council"
  expect_contains strings.xml "Overdue is measured from the original target date"
  expect_contains strings.xml "bands: under 3 months (0+), over 3 months (3+), over 12 months (12+)"
  expect_contains strings.xml "Outstanding audit recommendations: summary"
  unzip -p s.xlsx docProps/core.xml >core.xml
  expect_contains core.xml "<dc:title>Outstanding audit recommendations: summary</dc:title>"
  expect_contains core.xml "<dc:creator>Cambridgeshire County Council</dc:creator>"
  expect_contains core.xml ">2024-12-31T00:00:00Z</dcterms:created>"
  # The same report as at the same date is the same file.
  at report summary --as-at 2024-12-31 --since 2024-09-30 --format xlsx >s2.xlsx
  cmp s.xlsx s2.xlsx
}

test_xlsx_rec_list_dates_and_numbers() {
  seed_db "$DB" 4
  at rec list --as-at 2022-02-15 --status all --format xlsx --output l.xlsx
  at rec list --as-at 2022-02-15 --status all --format json >l.json
  unzip -p l.xlsx xl/worksheets/sheet2.xml >l.xml
  # 25 columns (A..Y), headings in row 3, 16 recommendations in rows 4..19.
  expect_contains l.xml '<autoFilter ref="A3:Y19"/>'
  expect_contains l.xml 'state="frozen"'
  expect_eq "$(cell l.xlsx sheet2 A4 | sed 's/ s="[0-9]*"//')" \
    "<c r=\"A4\"><v>$(jq '.[0].id' l.json)</v></c>"
  # original_target (column K) is a date cell: a serial with the dd/mm/yyyy format.
  due=$(jq -r '.[0].original_target' l.json)
  expect_eq "$(cell l.xlsx sheet2 K4 | sed 's/ s="[0-9]*"//')" \
    "<c r=\"K4\"><v>$(serial "$due")</v></c>"
  xf l.xlsx sheet2 K4 | grep -q 'numFmtId="164"'
  # months_overdue (P) a number: 29 months for the recommendation due 30/09/2019.
  row=$(($(jq 'map(.original_target) | index("2019-09-30")' l.json) + 4))
  expect_eq "$(cell l.xlsx sheet2 "P$row" | sed 's/ s="[0-9]*"//')" "<c r=\"P$row\"><v>29</v></c>"
}

test_xlsx_export_carries_the_csv_values() {
  seed_db "$DB" 1
  at export --as-at 2025-05-19 --output t.csv
  at export --as-at 2025-05-19 --format xlsx --output t.xlsx
  unzip -p t.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 >names
  printf '%s\n' Tracker Summary >want
  cmp names want
  unzip -p t.xlsx xl/worksheets/sheet1.xml >t.xml
  # 36 columns (A..AJ), headings in row 1, 18 recommendations.
  expect_contains t.xml '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
  expect_contains t.xml '<autoFilter ref="A1:AJ19"/>'
  expect_eq "$(cell t.xlsx sheet1 D2 | sed 's/ s="[0-9]*"//')" \
    "<c r=\"D2\"><v>$(serial 2025-05-19)</v></c>" "as_at_date is a date"
  xf t.xlsx sheet1 D2 | grep -q 'numFmtId="164"'
  # Every cell of the workbook's table reads as the CSV's (dates as ISO, numbers as digits).
  /usr/bin/python3 - t.xlsx t.csv <<'PY'
import csv, datetime, re, sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
strings = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
styles = ET.fromstring(z.read("xl/styles.xml"))
xfs = styles.find("m:cellXfs", ns).findall("m:xf", ns)
dates = {i for i, x in enumerate(xfs) if x.get("numFmtId") == "164"}
def col(ref):
    n = 0
    for ch in re.match("[A-Z]+", ref).group(0): n = n * 26 + ord(ch) - 64
    return n - 1
rows = []
for r in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter("{%s}row" % ns["m"]):
    row = [""] * 36
    for c in r.findall("m:c", ns):
        v = c.find("m:v", ns).text
        if c.get("t") == "s": v = strings[int(v)]
        elif int(c.get("s", "0")) in dates:
            v = (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(float(v)))).isoformat()
        else: v = str(int(float(v)))
        row[col(c.get("r"))] = v
    rows.append(row)
want = [[f[1:] if f[:1] == "'" and f[1:2] in "=+-@" and f[1:] else f for f in r]
        for r in csv.reader(open(sys.argv[2], newline="", encoding="utf-8"))]
if rows != want:
    for i, (a, b) in enumerate(zip(rows, want)):
        if a != b: print("row", i + 1, [(k, x, y) for k, (x, y) in enumerate(zip(a, b)) if x != y])
    print(len(rows), "rows in the workbook,", len(want), "in the CSV")
    sys.exit(1)
print("same:", len(rows), "rows")
PY
}

# Nothing confidential in any workbook unless asked for.
test_xlsx_confidential_withheld() {
  at init >/dev/null
  at audit add --title "Fraud review" --date 2024-01-15 >/dev/null
  at rec add --audit 1 --text "SECRET recommendation" --target 2024-06-30 --title "SECRET title" \
    --action "SECRET action" --risk-text "SECRET risk" --evidence "SECRET evidence" \
    --confidential >/dev/null
  at rec add --audit 1 --text "Open one" --target 2024-03-31 --confidential >/dev/null
  at rec update 2 --text "SECRET update" --on 2024-04-01 >/dev/null
  at rec review 2 --opinion in_progress --text "SECRET comment two" --next "SECRET next step" \
    --on 2024-05-01 >/dev/null
  at rec close 1 --text "SECRET comment" --evidence "SECRET evidence" --on 2024-07-01 >/dev/null
  for k in implemented outstanding progress escalations summary follow-up-audits; do
    at report "$k" --as-at 2024-08-01 --since 2024-01-01 --format xlsx --output "$k.xlsx"
  done
  at rec list --as-at 2024-08-01 --status all --format xlsx --output list.xlsx
  at export --as-at 2024-08-01 --format xlsx --output export.xlsx
  at export --as-at 2024-08-01 --output export.csv
  for f in *.xlsx; do
    unzip -p "$f" >"$f.all"
    expect_not_contains "$f.all" "SECRET"
  done
  expect_not_contains export.csv "SECRET"
  expect_contains export.xlsx.all "In progress. detail withheld"
  expect_contains outstanding.xlsx.all "In progress. detail withheld"
  # Asked for in full, they are there.
  at export --as-at 2024-08-01 --format xlsx --include-confidential --output full.xlsx
  unzip -p full.xlsx xl/sharedStrings.xml >full.xml
  expect_contains full.xml "SECRET next step"
  expect_contains full.xml "SECRET recommendation"
}

# Part headings (sections without columns) are listed on the summary with no sheet of
# their own, unless nothing is under them: then the part is a sheet saying so, as the
# PDF says it.
test_xlsx_part_heading_has_no_sheet() {
  seed_db "$DB" 4
  at report escalations --as-at 2022-02-15 --format xlsx --output e.xlsx
  unzip -p e.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 >names
  expect_not_contains names "18 months"
  at policy set ladder "" >/dev/null
  at report escalations --as-at 2022-02-15 --format xlsx --output e.xlsx
  expect_eq "$(unzip -p e.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2)" \
    "Summary
$(at report escalations --as-at 2022-02-15 --format json | jq -r '.sections[0].title' |
      cut -c1-31 | sed 's/ [^ ]*$//')"
  unzip -p e.xlsx xl/sharedStrings.xml | grep -q "The policy has no escalation ladder"
}

test_xlsx_sheet_names_are_valid_and_unique() {
  at init >/dev/null
  at scale add Long --ratings "VS:Very significant organisational risk; MI:Minor" >/dev/null
  at audit add --title "Audit" --date 2023-01-01 >/dev/null
  at rec add --audit 1 --text "One" --target 2023-03-31 --risk VS --on 2023-01-01 >/dev/null
  at rec add --audit 1 --text "Two" --target 2023-12-31 --risk VS --on 2023-01-01 >/dev/null
  at rec add --audit 1 --text "Three" --target 2024-12-31 --risk VS --on 2023-01-01 >/dev/null
  at report outstanding --as-at 2024-06-30 --format xlsx --output o.xlsx
  unzip -p o.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 >names
  # "Very significant organisational risk - overdue 6-12 months" cut at 31 ends between
  # words; the two that shorten alike are numbered, their words cut again to leave room
  # for the number ("Very significant organisati" would end mid-word).
  printf '%s\n' "Summary" "Very significant organisational" "Very significant (2)" \
    "Very significant (3)" >want
  cmp names want
  # The summary lists each section's full title beside its sheet.
  unzip -p o.xlsx xl/sharedStrings.xml >s.xml
  expect_contains s.xml "Very significant organisational risk: overdue 6-12 months"
  expect_contains s.xml "Very significant organisational risk: not yet due"
  # A title's slashes become hyphens: a rating named with one heads its sections.
  at scale add Slashed --ratings "HC:High/critical" >/dev/null
  at rec add --audit 1 --text "Four" --target 2023-03-31 --risk HC --on 2023-01-01 >/dev/null
  at report outstanding --as-at 2024-06-30 --format xlsx --output p.xlsx
  unzip -p p.xlsx xl/workbook.xml | grep -q '<sheet name="High-critical - overdue'
}

test_xlsx_output_refused_on_a_terminal_and_never_half_written() {
  at init >/dev/null
  # On a terminal: refused with a usage error, nothing written.
  /usr/bin/python3 -c 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))' \
    "$AUDITRACK" --db "$DB" report summary --format xlsx </dev/null >tty.txt || echo "rc=$?" >>tty.txt
  expect_contains tty.txt "xlsx is a binary format: give --output FILE.xlsx or redirect the output"
  expect_contains tty.txt "rc=2"
  # Down a pipe it is a zip file.
  expect_eq "$(at report summary --format xlsx | head -c 2)" "PK"
  # A file that cannot be made: exit 1, no file, no FILE.tmp.
  expect_status 1 at report summary --format xlsx --output nodir/s.xlsx
  expect_status 1 at export --output nodir/t.csv
  # A directory where the file should go: the rename fails and FILE.tmp is removed.
  mkdir taken
  expect_status 1 at rec list --format xlsx --output taken 2>err.txt
  expect_contains err.txt "cannot write taken"
  expect_eq "$(ls -d nodir taken.tmp s.xlsx 2>/dev/null)" ""
  # Text formats go to --output too.
  at report summary --format md --output s.md
  expect_contains s.md "# Outstanding audit recommendations: summary"
  expect_status 2 at export --format json
}

# A register small enough to count by hand. As at 30/06/2024, previous report 31/03/2024:
#   1 due 30/04/2024, implemented 10/05/2024       2 due 30/04/2024, risk accepted 11/05/2024
#   3 due 31/05/2024, open: overdue under 3 months
# Movement: 3 brought forward, 1 implemented, 1 removed (risk accepted), 1 carried forward.
small_register() {
  at init --org "Testshire" >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  for d in 2024-04-30 2024-04-30 2024-05-31; do
    at rec add --audit 1 --text "Due $d" --target "$d" --risk H --on 2024-01-10 >/dev/null
  done
  at rec close 1 --evidence "Seen" --on 2024-05-10 >/dev/null
  at rec review 2 --opinion risk_accepted --accepted-by "S151 officer" --on 2024-05-11 >/dev/null
}

# sheet_xml BOOK NAME: the XML of the sheet named NAME.
sheet_xml() {
  python3 - "$1" "$2" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
sys.stdout.write(z.read("xl/worksheets/sheet%d.xml" % (names.index(sys.argv[2]) + 1)).decode())
PY
}

# The movement in counts (never "Implemented -1"): each row's count is what left or came.
test_xlsx_movement_counts_are_positive() {
  small_register
  at report summary --as-at 2024-06-30 --since 2024-03-31 --format xlsx --output s.xlsx
  sheet_xml s.xlsx "Movement since the previous" >m.xml
  # Row 5 is the first after the title, the note, a blank row and the headings (row 4).
  expect_eq "$(grep -o '<c r="B[0-9]*"[^>]*><v>[^<]*</v>' m.xml | grep -v 't="s"' |
    sed 's/ s="[0-9]*"//')" \
    '<c r="B5"><v>3</v>
<c r="B6"><v>0</v>
<c r="B7"><v>0</v>
<c r="B8"><v>1</v>
<c r="B9"><v>1</v>
<c r="B10"><v>0</v>
<c r="B11"><v>0</v>
<c r="B12"><v>0</v>
<c r="B13"><v>0</v>
<c r="B14"><v>1</v>'
  at report summary --as-at 2024-06-30 --since 2024-03-31 --format csv >s.csv
  expect_contains s.csv "Movement since the previous report (31 March 2024 to 30 June 2024),Implemented,1"
  expect_contains s.csv "Removed: risk accepted,1"
  expect_not_contains s.csv ",-1"
}

# Every sheet prints on A4, one page wide; the wide ones landscape; the title and heading
# rows repeat on every printed page (Excel's Print_Titles).
test_xlsx_print_setup_on_every_sheet() {
  small_register
  at report summary --as-at 2024-06-30 --since 2024-03-31 --format xlsx --output s.xlsx
  at rec list --as-at 2024-06-30 --status all --format xlsx --output l.xlsx
  for b in s.xlsx l.xlsx; do
    n=$(unzip -p $b xl/workbook.xml | grep -o '<sheet name=' | wc -l)
    for i in $(seq 1 "$n"); do
      unzip -p $b "xl/worksheets/sheet$i.xml" >p.xml
      expect_contains p.xml '<pageSetUpPr fitToPage="1"/>'
      expect_contains p.xml 'paperSize="9"'
      expect_contains p.xml 'fitToHeight="0"'
    done
  done
  # Flags: two columns (41 + 17 characters wide) fit a portrait page; the summary
  # sheet (124) and the listing's 19 columns are landscape.
  sheet_xml s.xlsx Flags | grep -q 'orientation="landscape"' && fail "Flags is landscape"
  sheet_xml s.xlsx Summary | grep -q 'orientation="landscape"'
  unzip -p l.xlsx xl/worksheets/sheet2.xml | grep -q 'orientation="landscape"'
  # Title, blank row and headings repeat: rows 1-3; the movement has a note: 1-4. The
  # summary sheet has no heading row to repeat.
  unzip -p s.xlsx xl/workbook.xml | grep -o '<definedName name="_xlnm.Print_Titles"[^<]*' |
    sed 's/.*>//' | LC_ALL=C sort >titles.txt
  expect_eq "$(cat titles.txt)" "'Movement since the previous'!\$1:\$4
'Open recommendations by theme'!\$1:\$3
'Open recs by directorate'!\$1:\$3
'Open recs by risk rating'!\$1:\$3
Flags!\$1:\$3"
}

# Every part of a pack is a sheet: an empty part says so on its own sheet; an empty
# table says "None." under its headings.
test_xlsx_every_pack_part_is_a_sheet() {
  small_register
  printf '%s\n' 'pack title="Brief"' 'summary title="Summary of the position"' \
    'outstanding risk=H band="over 12 months" title="Over a year overdue"' \
    'implemented title="Implemented since the last committee"' >b.pack
  at report pack --as-at 2024-06-30 --since 2024-03-31 --pack-file b.pack --format xlsx \
    --output b.xlsx
  unzip -p b.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 >names
  grep -qx "Over a year overdue" names
  sheet_xml b.xlsx "Over a year overdue" >e.xml
  unzip -p b.xlsx xl/sharedStrings.xml >ss.xml
  python3 - e.xml ss.xml <<'PY' >e.txt
import re, sys
ss = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<si>(.*?)</si>", open(sys.argv[2]).read(), re.S)]
for ref, v in re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="s"[^>]*><v>(\d+)</v>', open(sys.argv[1]).read()):
    print(ref, ss[int(v)])
PY
  expect_eq "$(cat e.txt)" "A1 Over a year overdue
A2 None."
  # The summary sheet's contents link to it.
  unzip -p b.xlsx xl/worksheets/_rels/sheet1.xml.rels >/dev/null 2>&1 || true
  unzip -p b.xlsx xl/worksheets/sheet1.xml | grep -q "location=\"'Over a year overdue'!A1\""
}
