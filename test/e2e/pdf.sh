# PDF reports: each seed tracker's summary, outstanding and implemented reports as
# PDF, read back with poppler's tools (pdftotext, pdfinfo, pdffonts): the figures,
# headings and recommendations are there, fonts embedded, header rows repeated,
# metadata and language set, the document tagged. Pages 1 and a table page go to build/pdf-pages/ as
# PNG artefacts (looked at, not compared).
S="$SEEDS/seed-trackers"

# load SEED ORG [import options]: a fresh database as scripts/demo.sh loads the seed.
load() {
  seed=$1 org=$2; shift 2
  at init --org "$org" >/dev/null
  [ "$org" = "Cambridgeshire County Council" ] &&
    at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  at import --quiet "$@" "$S/$seed.csv" >/dev/null
}

# The text of a PDF on one line, runs of white space as one space.
flat() { pdftotext "$1" - | tr -s ' \n\t\f' '    ' | tr -s ' '; }
norm() { printf '%s' "$1" | tr -s ' \n\t' '   ' | tr -s ' '; }
# expect_flat FLATFILE TEXT: TEXT (white space normalised) is in FLATFILE.
expect_flat() {
  t=$(norm "$2")
  if ! grep -qF -- "$t" "$1"; then echo "[$t] not found in $1" >&2; return 1; fi
}

# check_pdf FILE KIND PAGES: a well-formed A4 PDF of PAGES pages, titled, authored,
# in English, DejaVu Sans embedded.
check_pdf() {
  pdfinfo "$1" >info.txt
  expect_eq "$(sed -n 's/^Pages: *//p' info.txt)" "$3" "pages of $1"
  expect_contains info.txt "Page size:       595.276 x 841.89 pts (A4)"
  expect_eq "$(sed -n 's/^Author: *//p' info.txt)" "$ORG" "author of $1"
  expect_eq "$(sed -n 's/^Creator: *//p' info.txt)" "auditrack"
  title=$(at report "$2" --as-at "$ASAT" --format json | jq -r .title)
  expect_eq "$(sed -n 's/^Title: *//p' info.txt)" "$title" "title of $1"
  grep -aq '/Lang (en-GB)' "$1"
  # Tagged (a structure tree for screen readers), the title shown in the window.
  expect_contains info.txt "Tagged:          yes"
  grep -aq '/DisplayDocTitle true' "$1"
  if command -v qpdf >/dev/null; then qpdf --check "$1" >/dev/null; fi
  pdffonts "$1" | tail -n +3 >fonts.txt
  [ -s fonts.txt ]
  # Every font embedded, every one DejaVu Sans.
  expect_eq "$(awk '$(NF-4) != "yes"' fonts.txt | wc -l)" 0 "fonts not embedded"
  expect_eq "$(grep -vc 'DejaVuSans' fonts.txt || true)" 0 "fonts other than DejaVu Sans"
}

# check_seed SEED ORG AS_AT SUMMARY_PAGES OUTSTANDING_PAGES IMPLEMENTED_PAGES [import options]
check_seed() {
  seed=$1 ORG=$2 ASAT=$3 np_s=$4 np_o=$5 np_i=$6; shift 6
  load "$seed" "$ORG" "$@"
  for k in summary outstanding implemented; do
    at report $k --as-at "$ASAT" --format pdf --output $k.pdf
    flat $k.pdf >$k.flat
    # Every section heading, and the title on the cover.
    at report $k --as-at "$ASAT" --format json >$k.json
    expect_flat $k.flat "$(jq -r .title $k.json)"
    expect_flat $k.flat "$ORG"
    jq -r '.sections[].title' $k.json | while IFS= read -r t; do expect_flat $k.flat "$t"; done
    # The statements under the cover title: the policy sentence's opening.
    expect_flat $k.flat "$(jq -r '.meta.policy' $k.json | cut -c1-60)"
  done
  check_pdf summary.pdf summary "$np_s"
  check_pdf outstanding.pdf outstanding "$np_o"
  check_pdf implemented.pdf implemented "$np_i"
  # The summary's figures, as `report summary --format text` prints them: each row of
  # the count tables (label, then its numbers) on one line of the PDF's text.
  pdftotext -layout summary.pdf - | tr -s ' ' | sed 's/^ //' >summary.lines
  jq -r '.sections[] | select(.title | test("^Open recommendations by")) | .rows[]
         | del(.total) | [.[]] | map(tostring) | join(" ")' summary.json >rows.txt
  [ -s rows.txt ]
  at report summary --as-at "$ASAT" | tr -s ' ' >summary.txt
  while IFS= read -r row; do
    grep -qxF -- "$row" summary.txt || { echo "[$row] not in the text summary" >&2; return 1; }
    case "$row" in *"("*|*" and "*|*","*) continue ;; esac # labels that may wrap in a cell
    grep -qF -- "$row" summary.lines || { echo "[$row] not in summary.pdf" >&2; return 1; }
  done <rows.txt
  # Every open recommendation in the outstanding report, every one implemented in the
  # period in the implemented report: its title (or audit title) as far as 30 characters.
  at rec list --as-at "$ASAT" --format json --status all >l.json
  since=$(jq -r '.meta.since' implemented.json | awk -F/ '{print $3"-"$2"-"$1}')
  # (Titles only where the text report prints them: the builders decide what is shown.)
  jq -r '.[] | select(.open) | "A\t" + .audit_title, ("T\t" + (.title // empty))' l.json >open.txt
  jq -r --arg s "$since" --arg a "$ASAT" '.[] | select(.open | not)
    | select(.latest_opinion == "implemented" and .closed_on > $s and .closed_on <= $a)
    | "A\t" + .audit_title, ("T\t" + (.title // empty))' l.json >impl.txt
  [ -s open.txt ] || [ -s impl.txt ]
  at report outstanding --as-at "$ASAT" | tr -s ' \n' '  ' >outstanding.tflat
  at report implemented --as-at "$ASAT" | tr -s ' \n' '  ' >implemented.tflat
  expect_eq "$(jq '[.[] | select(.open)] | length' l.json)" \
    "$(jq '[.sections[].rows | length] | add' outstanding.json)" "open recommendations"
  for k in outstanding:open implemented:impl; do
    while IFS="$(printf '\t')" read -r what t; do
      [ -n "$t" ] || continue
      t=$(norm "$(printf '%s' "$t" | cut -c1-30)")
      # Audit titles are always printed; recommendation titles where the text has them.
      [ "$what" = T ] && ! grep -qF -- "$t" ${k%:*}.tflat && continue
      expect_flat ${k%:*}.flat "$t"
    done <${k#*:}.txt
  done
  # Page numbers: "Page N of M" on each page.
  np=$(sed -n 's/^Pages: *//p' info.txt)
  expect_eq "$(pdftotext -layout implemented.pdf - | grep -c "Page [0-9]* of $np_i")" "$np_i"
  # Artefacts: the cover and the first table page.
  mkdir -p "$ROOT/build/pdf-pages"
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile summary.pdf "$ROOT/build/pdf-pages/$seed-summary-cover"
  pdftoppm -r 60 -png -f 3 -l 3 -singlefile summary.pdf "$ROOT/build/pdf-pages/$seed-summary-table"
  pdftoppm -r 60 -png -f 3 -l 3 -singlefile outstanding.pdf "$ROOT/build/pdf-pages/$seed-outstanding"
}

test_pdf_cambridgeshire_annex_b() {
  # The summary takes 4 pages: its movement table gives each kind of removal a line.
  check_seed 000 "Cambridgeshire County Council" 2024-12-31 4 56 3
  # The paper's figures: 81 open, 2 Essential, 18 High, 61 Medium.
  grep -q '^Essential 0 0 2 0 2 2$' summary.lines
  grep -q '^High 1 3 13 1 17 18$' summary.lines
  grep -q '^Medium 13 10 27 11 48 61$' summary.lines
  grep -q '^Total 14 13 42 12 67 81$' summary.lines
  expect_eq "$(grep -o '^ID [0-9]*' outstanding.flat | wc -l)" 0
  expect_eq "$(pdftotext outstanding.pdf - | grep -c '^Recommendation$')" 81
}

test_pdf_cambridgeshire_cef() {
  check_seed 001 "Cambridgeshire County Council" 2025-05-19 4 14 3
  # 18 recommendations in 4 themes: DSG 10, MASH 5, Schools Deficit 2, Transport backlog 1.
  grep -q '^Dedicated Schools Grant (DSG) 10 ' summary.lines
  grep -q '^Multi-agency Safeguarding Hub (MASH) 5 ' summary.lines
  grep -q '^Schools Deficit 2 ' summary.lines
  grep -q '^Case 128 Transport backlog 1 ' summary.lines
  grep -q '^Total 18 18 0 ' summary.lines
}

test_pdf_nottinghamshire() {
  check_seed 002 "Nottinghamshire County Council" 2022-12-31 4 7 3 --as-at 2022-12-31
  expect_eq "$(pdftotext outstanding.pdf - | grep -c '^Recommendation$')" 14
}

test_pdf_manchester_implemented() {
  check_seed 003 "Manchester City Council" 2023-06-30 4 3 10 --as-at 2023-06-30
  expect_flat implemented.flat "19 recommendations."
}

test_pdf_manchester_feb_2022() {
  check_seed 004 "Manchester City Council" 2022-02-15 4 9 6 --map "$SEEDS/manchester.map"
  # The paper's table: 29, 44 and 21 months overdue; Adults 2, Growth and Development 1.
  pdftotext -layout outstanding.pdf - | tr -s ' ' >o.lines
  grep -q 'Months overdue 29$' o.lines
  grep -q 'Months overdue 44$' o.lines
  grep -q 'Months overdue 21$' o.lines
  grep -q '^Adults 2 2 0 0$' summary.lines
  expect_flat implemented.flat "8 recommendations."
  # The chart: a legend of the bands and the bar's total, drawn as vectors and text.
  expect_flat summary.flat "Overdue over 12 months"
}

# A table longer than a page repeats its header row, under "(continued)".
test_pdf_header_row_repeated() {
  load 000 "Cambridgeshire County Council"
  at report escalations --as-at 2024-12-31 --format pdf --output e.pdf
  expect_eq "$(pdfinfo e.pdf | sed -n 's/^Pages: *//p')" 4
  for p in 3 4; do
    pdftotext -f $p -l $p -layout e.pdf - | tr -s ' ' | sed 's/^ //' >p$p.txt
    grep -q '^ID Audit Ref Risk Due Months Who must Name Newly$' p$p.txt
  done
  head -n 1 p4.txt | grep -qx '6 months or more overdue: Executive member notified (continued)'
  # The last of the 26 rows of that rung is on page 4.
  grep -q '^55 Asset Valuations for the - Medium 30/06/2024 6 executive - Yes$' p4.txt
}

test_pdf_confidential_redacted_as_in_text() {
  at init >/dev/null
  at audit add --title "Fraud review" --date 2024-01-15 >/dev/null
  at rec add --audit 1 --text "SECRET recommendation" --target 2024-06-30 --confidential >/dev/null
  at rec add --audit 1 --text "Open one" --target 2024-03-31 --confidential >/dev/null
  at rec review 2 --opinion in_progress --text "SECRET comment two" --next "SECRET next step" --on 2024-05-01 >/dev/null
  at rec close 1 --text "SECRET comment" --evidence "SECRET evidence" --on 2024-07-01 >/dev/null
  for k in implemented outstanding progress escalations summary; do
    at report "$k" --as-at 2024-08-01 --since 2024-01-01 --format pdf --output "$k.pdf"
    pdftotext "$k.pdf" "$k.txt"
    expect_not_contains "$k.txt" "SECRET"
    grep -aq SECRET "$k.pdf" && { echo "SECRET in the bytes of $k.pdf" >&2; return 1; }
  done
  flat implemented.pdf >i.flat
  flat outstanding.pdf >o.flat
  expect_flat i.flat "Implemented. detail withheld"
  expect_flat o.flat "In progress. detail withheld"
  at report outstanding --as-at 2024-08-01 --include-confidential --format pdf --output full.pdf
  flat full.pdf >full.flat
  expect_flat full.flat "SECRET next step"
}

test_pdf_refused_on_a_terminal_and_written_whole() {
  at init --org "Test Council" >/dev/null
  # A terminal: script gives the command one.
  script -qec "$AUDITRACK --db $DB report summary --format pdf" /dev/null >tty.out || true
  expect_contains tty.out "standard output is a terminal"
  expect_not_contains tty.out "%PDF"
  # A redirect is fine, and byte for byte what --output writes.
  at report summary --as-at 2024-01-31 --format pdf >a.pdf
  at report summary --as-at 2024-01-31 --format pdf --output b.pdf
  cmp a.pdf b.pdf
  [ ! -e b.pdf.tmp ]
  head -c 5 a.pdf | grep -q '%PDF-'
  # The same report twice is the same bytes (a fixed creation date).
  at report summary --as-at 2024-01-31 --format pdf --output c.pdf
  cmp b.pdf c.pdf
  # A failure leaves what was there before, and no temporary file.
  expect_status 2 at report summary --as-at 2024-13-45 --format pdf --output b.pdf
  cmp a.pdf b.pdf
  expect_status 1 at report summary --format pdf --output nodir/x.pdf
  [ ! -e nodir ]
  # --output serves the text formats too.
  at report summary --as-at 2024-01-31 --output s.txt
  at report summary --as-at 2024-01-31 >s2.txt
  cmp s.txt s2.txt
}

# Every report kind renders; a section with no rows says so.
test_pdf_every_kind() {
  load 004 "Manchester City Council" --map "$SEEDS/manchester.map"
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    at report $k --as-at 2022-02-15 --format pdf --output $k.pdf
    pdfinfo $k.pdf >/dev/null
  done
  flat follow-up-audits.pdf >f.flat
  expect_flat f.flat "None."
}
