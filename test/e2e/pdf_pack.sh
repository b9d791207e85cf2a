# Committee packs as PDF and XLSX: each seed tracker's pack for a reporting cycle at the
# paper's date (Cambridgeshire's Annex B pack with its bands, the Manchester pack for the
# others), read back with poppler's tools. The cover names the organisation and the
# cycle; the contents list names every part in order with the page it starts on, and
# the part's heading opens that page; every part holds exactly the recommendations the
# report holds (IDs in order, audit titles and recommendation openings); the figures
# are the text report's and the seed papers'; the page count is exact; only embedded
# DejaVu Sans fonts; the charts' legends are there. Page 1 and the first appendix page of
# each pack go to build/pdf-pages/ as PNG (artefacts, not compared). The same packs as
# workbooks: one sheet per table, the parts on the Summary sheet, the charts.
S="$SEEDS/seed-trackers"

# load_seed SEED ORG PREV_CYCLE PREV_DATE CYCLE DATE [import options]: a fresh database
# as scripts/demo.sh loads the seed, with the paper's committee as a reporting cycle and
# one before it.
load_seed() {
  seed=$1 ORG=$2; shift 2
  at init --org "$ORG" >/dev/null
  if [ "$ORG" = "Cambridgeshire County Council" ]; then
    at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
    at policy set ladder "" >/dev/null
  fi
  at cycle add "$1" --as-at "$2" >/dev/null
  at cycle add "$3" --as-at "$4" >/dev/null
  CYCLE=$3 PREV=$1 ASAT=$4
  shift 4
  at import --quiet "$@" "$S/$seed.csv" >/dev/null
}

# The text of a PDF (or of pages FIRST to LAST) on one line, white space runs as one space.
flat() { pdftotext ${2:+-f $2 -l $3} "$1" - | tr -s ' \n\t\f' '    ' | tr -s ' '; }
norm() { printf '%s' "$1" | tr -s ' \n\t' '   ' | tr -s ' '; }
expect_flat() {
  t=$(norm "$2")
  if ! grep -qF -- "$t" "$1"; then echo "[$t] not found in $1" >&2; return 1; fi
}
# A date as running text writes it: 2022-02-15 is 15 February 2022.
long_day() { date -u -d "$1" '+%-d %B %Y'; }

# pack_facts JSON: what the report holds, from its JSON, into files:
#   parts.txt     each part's title, in order;   part_rows.txt  TITLE<tab>rows under it
#   sections.txt  every table's title, in order; notes.txt      every note
#   xsheets.txt   the workbook's sheets after the Summary: every table, and every part
#                 with no table (empty) in its place
#   recs.txt      PART-INDEX<tab>ID<tab>AUDIT<tab>first 30 characters of the recommendation
#   figures.txt   each row of a count table (no recommendation column), cells joined by a
#                 space as the PDF prints them (dates dd/mm/yyyy)
pack_facts() {
  python3 - "$1" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
part = -1
parts, rows, secs, notes, recs, figs, xsheets = [], {}, [], [], [], [], []
heads = [not s["columns"] for s in r["sections"]]
def cell(v):
    if v is None: return "-"
    v = str(v)
    return re.sub(r"^(\d{4})-(\d\d)-(\d\d)$", r"\3/\2/\1", v)
for i, s in enumerate(r["sections"]):
    if s.get("note"): notes.append(s["note"])
    if not s["columns"]:
        part += 1; parts.append(s["title"]); rows[s["title"]] = 0
        if i + 1 == len(heads) or heads[i + 1]: xsheets.append(s["title"])
        continue
    secs.append(s["title"]); xsheets.append(s["title"])
    if part >= 0: rows[parts[part]] += len(s["rows"])
    keys = [c["key"] for c in s["columns"]]
    if keys in (["kind", "text"], ["field", "value"]): continue  # words: narrative.sh
    for row in s["rows"]:
        if "recommendation" in keys:
            text = " ".join((row.get("recommendation") or "").split())[:30].strip()
            recs.append("%d\t%s\t%s\t%s" % (part, row.get("ref") or "-", row.get("audit") or "", text))
        else:
            figs.append(" ".join(" ".join(cell(row.get(k)) for k in keys).split()))
w = lambda f, l: open(f, "w").write("".join(x + "\n" for x in l))
w("parts.txt", parts); w("sections.txt", secs); w("notes.txt", notes); w("xsheets.txt", xsheets)
w("part_rows.txt", ["%s\t%d" % (p, rows[p]) for p in parts])
w("recs.txt", recs); w("figures.txt", figs)
PY
}

# contents LAYOUT-TEXT: the contents pages' part lines (no indent) as TITLE<tab>PAGE, in
# order: the pages after the cover up to the first part's first page.
contents() {
  python3 - "$1" "$(head -n 1 parts.txt)" <<'PY'
import re, sys
pages = open(sys.argv[1]).read().split("\f")
first = sys.argv[2]
for p in pages[1:]:
    lines = [l for l in p.split("\n") if l.strip()]
    if lines and " ".join(" ".join(lines[:2]).split()).startswith(first): break
    for l in lines:
        m = re.match(r"^(\S.*?)\s{2,}(\d+)$", l)
        if m: print("%s\t%s" % (m.group(1), m.group(2)))
PY
}

# check_pack SEED PAGES [report pack options]: render the cycle's pack as PDF, JSON and
# text and check the PDF against them. Leaves pack.pdf, pack.json, pack.txt, the facts
# files and part_pages.txt (FIRST<tab>LAST page of each part).
check_pack() {
  seed=$1 np=$2; shift 2
  at report pack --cycle "$CYCLE" "$@" --format pdf --output pack.pdf
  at report pack --cycle "$CYCLE" "$@" --format json >pack.json
  at report pack --cycle "$CYCLE" "$@" >pack.txt
  pack_facts pack.json
  title=$(jq -r .title pack.json)
  # A4, exact page count, the document's metadata.
  pdfinfo pack.pdf >info.txt
  expect_eq "$(sed -n 's/^Pages: *//p' info.txt)" "$np" "pages of the $seed pack"
  expect_contains info.txt "Page size:       595.276 x 841.89 pts (A4)"
  expect_eq "$(sed -n 's/^Title: *//p' info.txt)" "$title"
  expect_eq "$(sed -n 's/^Author: *//p' info.txt)" "$ORG"
  if command -v qpdf >/dev/null; then qpdf --check pack.pdf >/dev/null; fi
  # Fonts: DejaVu Sans and DejaVu Sans Bold only, every one embedded (as a subset).
  pdffonts pack.pdf | tail -n +3 >fonts.txt
  [ -s fonts.txt ]
  expect_eq "$(awk '$(NF-4) != "yes"' fonts.txt | wc -l)" 0 "fonts not embedded"
  expect_eq "$(awk '{ print $1 }' fonts.txt | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' ')" \
    "DejaVuSans DejaVuSans-Bold " "font families"
  # The cover: the pack's title, the organisation, the committee (cycle), its date, the
  # cycle before, the pack's name.
  flat pack.pdf 1 1 >cover.flat
  expect_flat cover.flat "$title"
  expect_flat cover.flat "$ORG $CYCLE As at $(long_day "$ASAT")"
  # The meeting is named under the organisation, not among the statements.
  expect_flat cover.flat "Previous cycle: $PREV"
  expect_flat cover.flat "Pack: $(jq -r .meta.pack pack.json)"
  expect_eq "$(pdftotext -f 1 -l 1 -layout pack.pdf - | grep -c "Page 1 of $np\$")" 1
  # The contents: every part, in the definition's order, with its first page; the part's
  # heading opens that page, and parts start in page order.
  pdftotext -layout pack.pdf pack.layout
  contents pack.layout >contents.txt
  cut -f1 contents.txt >contents_parts.txt
  if ! cmp -s contents_parts.txt parts.txt; then
    echo "contents of the $seed pack:" >&2; diff contents_parts.txt parts.txt >&2; return 1
  fi
  cut -f2 contents.txt >starts.txt
  expect_eq "$(sort -n starts.txt | tr '\n' ' ')" "$(tr '\n' ' ' <starts.txt)" "part order"
  # Each part's pages: from its first page to the page before the next part's (or the end).
  # An empty part (its heading and "None.") follows on the page it falls on, so the part
  # before it ends on that page.
  tail -n +2 starts.txt >next_starts.txt
  cut -f2 part_rows.txt | tail -n +2 | paste - next_starts.txt >next.txt
  { awk '{ print $1 == 0 ? $2 : $2 - 1 }' next.txt; echo "$np"; } | paste starts.txt - \
    >part_pages.txt
  i=0
  while IFS="$(printf '\t')" read -r first last; do
    i=$((i + 1))
    t=$(sed -n "${i}p" parts.txt)
    flat pack.pdf "$first" "$first" >head.txt
    expect_flat head.txt "$t"
    flat pack.pdf "$first" "$last" >part$i.flat
    # Exactly the part's recommendations: a block each, led by its reference, never by
    # the register's id.
    pdftotext -f "$first" -l "$last" pack.pdf - | grep '^Recommendation$' >ids$i.txt || true
    awk -F '\t' -v p=$((i - 1)) '$1 == p { print $2 }' recs.txt >want_ids$i.txt
    if [ "$(cut -f2 part_rows.txt | sed -n "${i}p")" = 0 ]; then
      : >ids$i.txt # an empty part shares its page with the part before; its note is checked below
    else
      expect_eq "$(wc -l <ids$i.txt)" "$(wc -l <want_ids$i.txt)" "recommendation blocks in part $i"
    fi
    if pdftotext -layout -f "$first" -l "$last" pack.pdf - | grep -q '^ID  *[0-9]'; then
      echo "part $i prints the register's id" >&2; return 1
    fi
  done <part_pages.txt
  [ "$i" -eq "$(wc -l <parts.txt)" ]
  # Every recommendation under its part: audit title and the recommendation's opening.
  while IFS="$(printf '\t')" read -r p id audit text; do
    expect_flat "part$((p + 1)).flat" "$audit"
    [ -z "$text" ] || expect_flat "part$((p + 1)).flat" "$text"
  done <recs.txt
  # Every table's heading, every note.
  flat pack.pdf >pack.flat
  while IFS= read -r t; do expect_flat pack.flat "$t"; done <sections.txt
  while IFS= read -r t; do expect_flat pack.flat "$t"; done <notes.txt
  # The figures: each row of the count tables as the text report prints it, and on one line
  # of the PDF (labels that may wrap in a narrow cell aside).
  tr -s ' ' <pack.txt >pack.tlines
  tr -s ' ' <pack.layout | sed 's/^ //' >pack.lines
  while IFS= read -r row; do
    grep -qxF -- "$row" pack.tlines || { echo "[$row] not in the text pack" >&2; return 1; }
    case "$row" in *"("*|*" and "*|*","*) continue ;; esac
    grep -qF -- "$row" pack.lines || { echo "[$row] not in the $seed pack PDF" >&2; return 1; }
  done <figures.txt
  # "Page N of M" on every page.
  expect_eq "$(grep -c "Page [0-9]* of $np\$" pack.layout)" "$np" "page footers"
  # Artefacts: the cover and the first appendix page (the first part with recommendations).
  app=$(awk -F '\t' '{ print $1 }' recs.txt | head -n 1)
  mkdir -p "$ROOT/build/pdf-pages"
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile pack.pdf "$ROOT/build/pdf-pages/$seed-pack-cover"
  if [ -n "$app" ]; then
    pg=$(sed -n "$((app + 1))p" starts.txt)
    pdftoppm -r 60 -png -f "$pg" -l "$pg" -singlefile pack.pdf \
      "$ROOT/build/pdf-pages/$seed-pack-appendix"
  fi
}

# alt_texts PDF: each Figure's alternative text (/Alt, UTF-16 hex as auditrack writes it),
# one a line, in the order of the file's incremental update: the document's order.
alt_texts() {
  python3 - "$1" <<'PY'
import re, sys
s = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"/S /Figure\s[^>]*?/Alt <FEFF([0-9A-F]*)>", s):
    print(bytes.fromhex(m.group(1).decode()).decode("utf-16-be"))
PY
}

# part_ids: "TITLE=N" for each part, N the number of recommendations (IDs) the PDF prints
# in it (count tables have none).
part_ids() {
  i=1
  while IFS= read -r t; do echo "$t=$(wc -l <ids$i.txt)"; i=$((i + 1)); done <parts.txt
}

# expect_risk_band_chart LEGEND RATINGS: the summary part's stacked bar chart, between the
# table's title and its header row: the legend (the columns of the table, in order) and
# the ratings along the axis.
expect_risk_band_chart() {
  sed -n '/^Open recommendations by risk rating and overdue band$/,/^Risk rating /p' pack.layout |
    sed '1d;$d' | tr -s ' \n' '  ' >chart.flat
  expect_flat chart.flat "$1"
  expect_flat chart.flat "$2"
}

# check_xlsx [report pack options]: the pack as a workbook: a sheet per table titled with
# the section's full title, in order, and a sheet for each empty part (its title, then
# the line saying it is empty); the Summary sheet lists the parts in order; CHARTS
# charts.
check_xlsx() {
  charts=$1; shift
  at report pack --cycle "$CYCLE" "$@" --format xlsx --output pack.xlsx
  python3 - pack.xlsx <<'PY' >sheets.txt
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = [re.sub(r"<[^>]+>", "", si) for si in
      re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
unesc = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
                   .replace("&apos;", "'").replace("&amp;", "&")
names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
for i, n in enumerate(names, 1):
    x = z.read("xl/worksheets/sheet%d.xml" % i).decode()
    cells = re.findall(r'<c r="([A-Z]+)(\d+)"([^>]*)>(?:<v>([^<]*)</v>)?', x)
    strs = [unesc(ss[int(v)]) for col, row, attrs, v in cells if 't="s"' in attrs and v]
    if i == 1:
        for s in strs: print("S\t" + s)
    else:
        print("T\t" + (strs[0] if strs else ""))
PY
  sed -n 's/^T\t//p' sheets.txt >sheet_titles.txt
  if ! cmp -s sheet_titles.txt xsheets.txt; then
    echo "sheets of the pack workbook:" >&2; diff sheet_titles.txt xsheets.txt >&2; return 1
  fi
  # The parts, in order, among the Summary sheet's contents.
  if [ -s parts.txt ]; then
    # An empty part's sheet is linked by its name, which may be its title: once is enough.
    sed -n 's/^S\t//p' sheets.txt | grep -xF -f parts.txt | uniq >summary_parts.txt
    cmp summary_parts.txt parts.txt
  fi
  expect_eq "$(unzip -l pack.xlsx | grep -c 'xl/charts/chart[0-9]*\.xml$')" "$charts" "charts"
}

# Annex B (31/12/2024) as the paper prints it: 81 open, E 2, H 18, M 61, each group under
# the paper's own heading, in the paper's order, over one five-column table (Audit | Risk
# level | Summary of Recommendation | Target Date | Status), a row per recommendation; a
# group with nothing in it is left out. No cover page and no contents: the title block
# opens page 1 (an annex). The council has no escalation ladder, so no rung is printed.
# 31 pages (85 as a box per recommendation, 41 before the widths followed the text).
# Each recommendation's group is worked out here from the tracker itself: its risk and
# the months between its original target and 31/12/2024 (due that day: overdue, under
# 3 months, as Cambridgeshire counts).
test_pack_pdf_cambridgeshire_annex_b() {
  load_seed 000 "Cambridgeshire County Council" \
    "Audit and Accounts Committee October 2024" 2024-10-31 \
    "Audit and Accounts Committee December 2024" 2024-12-31
  at policy set overdue-on-due-date yes >/dev/null
  at report pack --cycle "$CYCLE" --pack cambridgeshire --format pdf --output pack.pdf
  at report pack --cycle "$CYCLE" --pack cambridgeshire --format json >pack.json
  expect_eq "$(pdfinfo pack.pdf | sed -n 's/^Pages: *//p')" 31 "pages of Annex B"
  expect_eq "$(jq -r '[.sections[] | .title + "=" + (.rows | length | tostring)] | .[]' pack.json)" \
    "Essential Recommendations overdue=2
High Recommendations overdue - over 12 months=1
Medium Recommendations overdue - over 12 months=11
High Recommendations overdue - over 3 months=13
High Recommendations overdue - under 3 months=4
Medium Recommendations overdue - over 3 months=27
Medium Recommendations overdue - under 3 months=23"
  expect_eq "$(jq -r '[.sections[].columns | map(.label) | join("|")] | unique | .[]' pack.json)" \
    "Audit|Risk level|Summary of Recommendation|Target Date|Status"
  expect_eq "$(jq '[.sections[].rows[] | select(.risk == "High")] | length' pack.json)" 18
  # The status: the latest update, then the target now agreed where it moved.
  expect_eq "$(jq -r '.sections[0].rows[0].target' pack.json)" 2024-05-31
  jq -r '.sections[0].rows[0].status' pack.json | grep -q '^31/12/2024: The service has reported'
  jq -r '.sections[0].rows[0].status' pack.json | grep -q '^Revised target date: '
  # Every recommendation of the tracker in its group, worked out from the tracker.
  python3 - "$S/000.csv" <<'PY' >want_groups.txt
import csv, sys
risk = {"E": "Essential", "H": "High", "M": "Medium"}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    y, m, d = (int(x) for x in r["original_due_date"].split("-"))
    months = 12 * (2024 - y) + (12 - m)
    band = "over 12 months" if months >= 12 else "over 3 months" if months >= 3 else "under 3 months"
    g = "Essential Recommendations overdue" if r["risk_label"] == "E" else \
        "%s Recommendations overdue - %s" % (risk[r["risk_label"]], band)
    print("%s\t%s" % (g, " ".join(r["recommendation"].split())[:40]))
PY
  jq -r '.sections[] | .title as $t | .rows[] | $t + "\t" + ((.recommendation | split(" ") | map(select(. != "")) | join(" ") | gsub("\\s+"; " "))[:40])' \
    pack.json >got_groups.txt
  expect_eq "$(wc -l <want_groups.txt)" 81
  expect_eq "$(sort want_groups.txt)" "$(sort got_groups.txt)" "the recommendations' groups"
  # In the PDF: no cover, the title block on page 1 above the first group; each group's
  # heading in order, the table's header under it, every row's audit, no block labels, no
  # rung of a ladder the council does not have.
  flat pack.pdf 1 1 >p1.flat
  expect_flat p1.flat "Annex B - Summary of Outstanding Recommendations Cambridgeshire County Council"
  expect_flat p1.flat "Pack: cambridgeshire Essential Recommendations overdue Audit Risk level"
  ! grep -q Contents p1.flat
  pdftotext pack.pdf pack.txt
  jq -r '.sections[].title' pack.json >want.txt
  tr -d '\f' <pack.txt | grep -xF -f want.txt | awk '!seen[$0]++' >got.txt
  cmp got.txt want.txt
  # The PDF's groups hold the same recommendations: each group's pages, read in turn,
  # have its recommendations' openings in order.
  flat pack.pdf >pack.flat
  tr -d ' -' <pack.flat >pack.squeezed # text may wrap anywhere, at a hyphen too
  prev=0
  while IFS="$(printf '\t')" read -r t text; do
    k=$(printf '%s' "$t" | tr -d ' -')
    at_=$(printf '%s' "$(printf '%s' "$text" | tr -d ' -' | cut -c1-20)")
    pos=$(python3 -c 'import sys; s=open(sys.argv[1]).read(); h=s.find(sys.argv[2]); print(s.find(sys.argv[3], h) if h >= 0 else -1)' \
      pack.squeezed "$k" "$at_")
    [ "$pos" -ge 0 ] || { echo "[$text] not under [$t]" >&2; return 1; }
  done <got_groups.txt
  # Nothing set below the body's bottom (771 pt down the page, the footer's rule at 787):
  # a row split across pages ends at its border, every line of it on one side or the
  # other (a line set closer than its height once fell below the border).
  pdftotext -bbox pack.pdf bbox.html
  expect_eq "$(python3 - bbox.html <<'PY'
import re, sys
s = open(sys.argv[1]).read()
w = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
print(" ".join(t for y0, y1, t in re.findall(w, s) if float(y1) > 772.5 and float(y0) < 786))
PY
)" "" "words below the body"
  # The table's header row on every page.
  for p in $(seq 1 31); do
    pdftotext -f "$p" -l "$p" pack.pdf - | grep -q '^Status$' ||
      { echo "no header row on page $p" >&2; return 1; }
  done
  # (a narrow Audit column wraps its names: their first words)
  jq -r '.sections[].rows[].audit' pack.json | awk '{ print $1 }' | sort -u | while IFS= read -r a; do
    grep -qF -- "$a" pack.flat || { echo "[$a] not in the PDF" >&2; return 1; }
  done
  ! grep -q 'Executive member notified\|^Escalation$\|^Agreed action$\|^None\.$' pack.txt
  pdffonts pack.pdf | tail -n +3 | awk '$(NF-4) != "yes" { exit 1 }'
  pdfinfo pack.pdf | grep -q '^Tagged: *yes$'
  mkdir -p "$ROOT/build/pdf-pages"
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile pack.pdf "$ROOT/build/pdf-pages/000-pack-appendix"
  cp want.txt sections.txt
  cp want.txt xsheets.txt
  : >parts.txt
  check_xlsx 0 --pack cambridgeshire
}

# Without overdue-on-due-date the fourteen recommendations due on 31/12/2024 are not yet
# due: the last group, under its own heading; the groups left out are still left out.
test_pack_cambridgeshire_not_yet_due_group() {
  load_seed 000 "Cambridgeshire County Council" \
    "Audit and Accounts Committee October 2024" 2024-10-31 \
    "Audit and Accounts Committee December 2024" 2024-12-31
  at report pack --cycle "$CYCLE" --pack cambridgeshire --format json >pack.json
  expect_eq "$(jq -r '[.sections[] | .title + "=" + (.rows | length | tostring)] | .[]' pack.json)" \
    "Essential Recommendations overdue=2
High Recommendations overdue - over 12 months=1
Medium Recommendations overdue - over 12 months=11
High Recommendations overdue - over 3 months=13
High Recommendations overdue - under 3 months=3
Medium Recommendations overdue - over 3 months=27
Medium Recommendations overdue - under 3 months=10
Recommendations not yet due=14"
  # empty=none (the default) states the group's emptiness in one line instead.
  sed 's/ empty=omit//' "$ROOT/examples/packs/cambridgeshire.pack" >say.pack
  at policy set overdue-on-due-date yes >/dev/null
  at report pack --cycle "$CYCLE" --pack-file say.pack >say.txt
  expect_eq "$(grep -c '^None\.$' say.txt)" 1
  grep -A3 '^Recommendations not yet due$' say.txt | grep -q '^None\.$'
  at report pack --cycle "$CYCLE" --pack-file say.pack --format pdf --output say.pdf
  expect_eq "$(pdfinfo say.pdf | sed -n 's/^Pages: *//p')" 31 "pages with the empty group's line"
  printf 'pack title="x"\noutstanding empty=maybe\n' >bad.pack
  expect_status 2 at report pack --cycle "$CYCLE" --pack-file bad.pack 2>err.txt
  expect_contains err.txt "line 2: empty= is none"
  printf 'pack title="x" cover=sometimes\noutstanding\n' >bad.pack
  expect_status 2 at report pack --cycle "$CYCLE" --pack-file bad.pack 2>err.txt
  expect_contains err.txt "line 1: a pack line takes only title= and cover=yes|no, not 'cover=sometimes'"
}

# Blocks for a council with no escalation ladder (Cambridgeshire's) have no escalation row
# at all; under a ladder of its own, its rung and none of the default's.
test_pack_blocks_print_no_rung_the_policy_lacks() {
  load_seed 000 "Cambridgeshire County Council" \
    "Audit and Accounts Committee October 2024" 2024-10-31 \
    "Audit and Accounts Committee December 2024" 2024-12-31
  sed 's/ layout=table//' "$ROOT/examples/packs/cambridgeshire.pack" >blocks.pack
  at report pack --cycle "$CYCLE" --pack-file blocks.pack >p.txt
  expect_eq "$(grep -c '^Recommendation: ' p.txt)" 81
  ! grep -q 'Escalation\|Executive member notified' p.txt
  at report pack --cycle "$CYCLE" --pack-file blocks.pack --format pdf --output p.pdf
  pdftotext p.pdf p.pdf.txt
  ! grep -q 'Escalation\|Executive member notified' p.pdf.txt
  # 42 of the 81 are 6 months or more overdue: the rung a ladder of its own sets there.
  at policy set ladder "6:director:Director reminded" >/dev/null
  at report pack --cycle "$CYCLE" --pack-file blocks.pack >p.txt
  expect_eq "$(grep -c '^Escalation: Director reminded$' p.txt)" 42
  ! grep -q 'Executive member notified' p.txt
}

# Children, Education & Families (19/05/2025): 18 recommendations in 4 themes, DSG 10,
# MASH 5, Schools Deficit 2, Transport backlog 1; E 1, H 4, M 13. The council's Annex B
# pack with the summary (its themes) put first.
test_pack_pdf_cambridgeshire_cef() {
  load_seed 001 "Cambridgeshire County Council" \
    "Audit and Accounts Committee December 2024" 2024-12-31 \
    "Audit and Accounts Committee May 2025" 2025-05-19
  sed '/^pack title=/a summary title="Summary"' "$ROOT/examples/packs/cambridgeshire.pack" |
    sed 's/ layout=table//; s/ cover=no//' >cef.pack
  check_pack 001 14 --pack-file cef.pack
  expect_eq "$(grep -c '^Risk  *Essential$' pack.layout)" 1
  expect_eq "$(grep -c '^Risk  *High$' pack.layout)" 4
  expect_eq "$(grep -c '^Risk  *Medium$' pack.layout)" 13
  grep -q '^Dedicated Schools Grant (DSG) 10 10 0 0$' pack.lines
  grep -q '^Multi-agency Safeguarding Hub (MASH) 5 5 0 0$' pack.lines
  grep -q '^Schools Deficit 2 2 0 0$' pack.lines
  grep -q '^Case 128 Transport backlog 1 1 0 0$' pack.lines
  grep -q '^Total 18 18 0 0$' pack.lines
  expect_eq "$(cat ids*.txt | wc -l)" 18
  # Cambridgeshire's recommendations have references: each block opens with one, then
  # the audit.
  expect_eq "$(grep -A1 '^Ref ' pack.layout | grep -c '^Audit ')" 18
  expect_risk_band_chart \
    "Not yet due Overdue under 3 months Overdue over 3 months Overdue over 12 months" \
    "Essential High Medium"
  check_xlsx 1 --pack-file cef.pack
}

# Nottinghamshire's follow-up (December 2022, after the June 2022 follow-up): 14 actions
# open, 12 over 12 months overdue, 1 at 6-12 months, and one (Ethnicity Data's: the audit
# report gave none) with no target date: the summary counts it, and as the Manchester pack
# has no part for it, the pack's closing part names it.
test_pack_pdf_nottinghamshire() {
  load_seed 002 "Nottinghamshire County Council" \
    "Governance and Ethics Committee June 2022" 2022-06-30 \
    "Governance and Ethics Committee December 2022" 2022-12-31 --as-at 2022-12-31
  check_pack 002 11
  expect_eq "$(jq -r '.sections[-1].note' pack.json)" "1 open recommendation is in none of the parts above, which the pack definition does not select: #14 (No target date)."
  grep -q '^Not rated 0 1 0 1 12 13 14$' pack.lines
  expect_eq "$(part_ids)" "Summary=0
Appendix 1 - Implemented Recommendations=0
Appendix 2 - Recommendations over 12 months overdue=12
Recommendations between 6 and 12 months overdue=1
Appendix 3 - Recommendations between 1 and 6 months overdue=0
Recommendations not yet due=0
Open recommendations in no part of this pack=0"
  expect_risk_band_chart \
    "Not yet due No target date Overdue under 6 months Overdue 6-12 months Overdue over 12 months" \
    "Not rated"
  check_xlsx 1
}

# Manchester's Appendix 1 (summer 2023): 19 recommendations implemented since the spring.
test_pack_pdf_manchester_implemented() {
  load_seed 003 "Manchester City Council" "Audit Committee March 2023" 2023-03-31 \
    "Audit Committee June 2023" 2023-06-30 --as-at 2023-06-30
  check_pack 003 14
  expect_eq "$(part_ids)" "Summary=0
Appendix 1 - Implemented Recommendations=19
Appendix 2 - Recommendations over 12 months overdue=0
Recommendations between 6 and 12 months overdue=0
Appendix 3 - Recommendations between 1 and 6 months overdue=0
Recommendations not yet due=0"
  expect_flat pack.flat "19 recommendations."
  grep -q "^Implemented  *19$" pack.layout
  check_xlsx 1
}

# Manchester's paper to the Audit Committee of 15 February 2022: 3 over 12 months
# (Mental Health Casework 29 months, Transitions 44, Section 106 21), 1 at 6-12 and 4 at
# 1-6 by auditrack's months, 8 implemented since November; Adults 2, Growth 1. Section 3
# lists the six audits with overdue actions under their bands (a page of its own).
test_pack_pdf_manchester_feb_2022() {
  load_seed 004 "Manchester City Council" "Audit Committee 15 November 2021" 2021-11-15 \
    "Audit Committee 15 February 2022" 2022-02-15 --map "$SEEDS/manchester.map"
  check_pack 004 17
  expect_eq "$(part_ids)" "Summary=0
Appendix 1 - Implemented Recommendations=8
Appendix 2 - Recommendations over 12 months overdue=3
Recommendations between 6 and 12 months overdue=1
Appendix 3 - Recommendations between 1 and 6 months overdue=4
Recommendations not yet due=0"
  grep -q '^Not rated 0 4 1 3 8 8$' pack.lines
  grep -q '^Adults 2 2 0 0$' pack.lines
  grep -q '^Growth and Development 1 1 0 0$' pack.lines
  grep -q '^Carried forward 8$' pack.lines
  for m in 29 44 21; do grep -q "^Months overdue $m\$" pack.lines; done
  expect_flat part5.flat "Recommendations not yet due None."
  # The paper's wording in both kinds of block: each led by the audit's own reference,
  # then the audit, under the same labels ("Management response / Due date / Update");
  # no page is only a heading and "None.".
  pdftotext pack.pdf pack.txt
  pdftotext -layout pack.pdf pack.layout
  for l in "Management response" "Due date" "Update"; do
    expect_eq "$(grep -c "^$l " pack.layout)" 16 "blocks labelled $l"
  done
  ! grep -q '^\(Agreed action\|Original target\|Latest update\|ID\) ' pack.layout
  # The paper's recommendations have no reference of their own: no "Ref -" rows.
  ! grep -q '^Ref ' pack.layout
  expect_eq "$(grep -c '^Audit   ' pack.layout)" 16
  for p in $(seq 3 16); do
    n=$(pdftotext -f "$p" -l "$p" pack.pdf - | grep -v '^Page \|^Outstanding Audit' | wc -w)
    [ "$n" -gt 12 ] || { echo "page $p has only $n words" >&2; return 1; }
  done
  expect_flat part2.flat "8 recommendations."
  expect_risk_band_chart \
    "Not yet due Overdue under 6 months Overdue 6-12 months Overdue over 12 months" \
    "Not rated"
  check_xlsx 1
}

# A pack of one's own with a trend over three cycles: the trend's charts (one per count
# table, the implementation rates drawn too), each with a legend of the ratings in use and
# the total, and the cycles along the axis.
test_pack_pdf_trend_part() {
  load_seed 000 "Cambridgeshire County Council" "Q2 2024" 2024-06-30 "Q3 2024" 2024-09-30
  at cycle add "Q4 2024" --as-at 2024-12-31 >/dev/null
  CYCLE="Q4 2024" PREV="Q3 2024" ASAT=2024-12-31
  cat >brief.pack <<'EOF'
pack title="Audit recommendations: committee brief"
summary title="Position at this meeting"
outstanding risk=E title="Essential recommendations"
trend cycles=3 title="Trend over the last three meetings"
EOF
  check_pack trend 13 --pack-file brief.pack
  expect_eq "$(part_ids)" "Position at this meeting=0
Essential recommendations=2
Trend over the last three meetings=0
Open recommendations in no part of this pack=0"
  expect_risk_band_chart \
    "Not yet due Overdue under 3 months Overdue over 3 months Overdue over 12 months" \
    "Essential High Medium"
  # The trend's charts: under each count table's heading (and note), on the same page, the
  # legend (ratings, not rated, total; the bands for the table by band; no total for the
  # bars of the implemented), then the three cycles along the axis.
  python3 - pack.layout sections.txt <<'PY' >charts.txt
import re, sys
lines = open(sys.argv[1]).read().replace("\f", "\n\f\n").split("\n")
titles = set(t for t in open(sys.argv[2]).read().split("\n") if t)
for i, l in enumerate(lines):
    if l not in titles: continue
    j = i + 1
    while j < len(lines) and lines[j] and lines[j][0] not in " \f": j += 1  # the note
    while j < len(lines) and not lines[j].strip(): j += 1
    if j < len(lines) and lines[j].startswith(" ") and not re.match(r"^ *\d+ *$", lines[j]):
        print("%s: %s" % (l, " ".join(re.split(r"\s{2,}", lines[j].strip()))))
PY
  r="Essential High Medium Not rated Total"
  b="Overdue under 3 months Overdue over 3 months Overdue over 12 months Overdue"
  sed -n '/^Open recommendations: /,$p' charts.txt | grep -v '^Essential recommendations' >c.txt
  expect_eq "$(cat c.txt)" "Open recommendations: $r
Overdue recommendations: $r
Overdue recommendations by band: $b
Overdue under 3 months by risk rating: $r
Overdue over 3 months by risk rating: $r
Overdue over 12 months by risk rating: $r
Implemented in the period: Essential High Medium Not rated
Implementation rate by original target (%): $r
Implementation rate by any target (%): $r
Average months overdue: $r"
  expect_eq "$(grep -Ec '^ *Q2 2024 +Q3 2024 +Q4 2024 *$' pack.layout)" 10 "trend chart axes"
  # Every chart a Figure with its alternative text, in the document's order: the summary's,
  # then the trend's ten; the trend's lines name each cycle's figure.
  pdfinfo pack.pdf | grep -q '^Tagged: *yes$'
  expect_eq "$(pdfinfo -struct pack.pdf | grep -c '^  Figure')" 11 "Figures"
  alt_texts pack.pdf | sed 's/^Chart: \([^.]*\)\. .*/\1/' >alt_titles.txt
  expect_eq "$(sed -n 1p alt_titles.txt)" "Open recommendations by risk rating and overdue band"
  sed -n '/^Open recommendations: /,$p' charts.txt | grep -v '^Essential recommendations' |
    sed 's/: .*//' >chart_titles.txt
  expect_eq "$(tail -n +2 alt_titles.txt)" "$(cat chart_titles.txt)"
  # (at Q4 2024, the paper's date: E 2, H 18, M 61, 81 in all)
  alt_texts pack.pdf | sed -n 2p >open_alt.txt
  for x in "Chart: Open recommendations. Lines across the rows of the table: Essential: Q2 2024 " \
    ", Q4 2024 2; High: " ", Q4 2024 18; Medium: " ", Q4 2024 61; Not rated: " \
    ", Q4 2024 81. The table gives the same figures."; do
    expect_contains open_alt.txt "$x"
  done

  check_xlsx 11 --pack-file brief.pack
}

# The pack as a tagged PDF (the public sector accessibility regulations): a structure
# tree under Document, in reading order: the cover's title and each part's heading as
# H1, each table's title as H2, its note and the statements as P; each table a Table of
# TR rows whose header cells are TH (once: a header row repeated on a later page is not
# read again), the blocks tables of TH label / TD value rows; each chart a Figure.
test_pack_pdf_tagged() {
  load_seed 004 "Manchester City Council" "Audit Committee 15 November 2021" 2021-11-15 \
    "Audit Committee 15 February 2022" 2022-02-15 --map "$SEEDS/manchester.map"
  at report pack --cycle "$CYCLE" --format pdf --output pack.pdf
  at report pack --cycle "$CYCLE" --format json >pack.json
  pdfinfo pack.pdf >info.txt
  expect_contains info.txt "Tagged:          yes"
  expect_eq "$(sed -n 's/^Title: *//p' info.txt)" "Outstanding Audit Recommendations"
  grep -aq '/Lang (en-GB)' pack.pdf
  grep -aq '/DisplayDocTitle true' pack.pdf
  pdfinfo -struct pack.pdf >struct.txt
  pdfinfo -struct-text pack.pdf | sed 's/ﬁ/fi/g; s/ﬂ/fl/g' >struct_text.txt # ligatures
  expect_eq "$(head -n 1 struct.txt)" "Document"
  # H1: the cover's title, "Contents", the six parts. H2: every table's title, in order.
  # (pdfinfo -struct-text shows a heading's first line: a wrapped one is its prefix.)
  prefixes() { # WANT-FILE GOT-FILE: the same count, each GOT line a prefix of WANT's
    expect_eq "$(wc -l <"$2")" "$(wc -l <"$1")" "headings in $2"
    paste -d '\t' "$1" "$2" | while IFS="$(printf '\t')" read -r w g; do
      case "$w" in "$g"*) ;; *) echo "[$g] does not open [$w]" >&2; return 1 ;; esac
    done
  }
  grep -A1 '^  H1' struct_text.txt | sed -n 's/^    "\(.*\)"$/\1/p' >h1.txt
  { echo "Outstanding Audit Recommendations"; echo Contents
    jq -r '.sections[] | select(.columns == []) | .title' pack.json; } >want_h1.txt
  prefixes want_h1.txt h1.txt
  grep -A1 '^  H2' struct_text.txt | sed -n 's/^    "\(.*\)"$/\1/p' >h2.txt
  jq -r '.sections[] | select(.columns != []) | .title' pack.json >want_h2.txt
  prefixes want_h2.txt h2.txt
  # A table per section (the blocks a table each: 16 recommendations), header cells TH.
  expect_eq "$(grep -c '^  Table ' struct.txt)" \
    "$(jq '[.sections[] | select((.rows | length) > 0 and .columns[0].key != "kind") | if (.rows[0] | has("recommendation")) then (.rows | length) else 1 end] | add' pack.json)" \
    "tables"
  expect_eq "$(grep -c '^  Table ' struct.txt)" 22 "tables: the front sheet, 5 of figures, 16 blocks"
  expect_eq "$(grep -A3 '^  Table ' struct_text.txt | grep -c '^      TH:$')" \
    "$(grep -c '^  Table ' struct.txt)" "tables opening with a header cell"
  grep -A4 '^  Table ' struct_text.txt | grep -q '"Risk rating"'
  # poppler reads the header cells' scope: every TH has one.
  expect_eq "$(grep -A1 '^ *TH:$' struct_text.txt | grep -c '^ */Scope /\(Column\|Row\)$')" \
    "$(grep -c '^ *TH:$' struct_text.txt)" "header cells with a scope"
  # One Figure: the summary's chart of open recommendations by risk rating and band, with
  # its alternative text: the chart's title and every bar's figures.
  expect_eq "$(grep -c '^  Figure' struct.txt)" \
    "$(jq '[.sections[] | select(.title == "Open recommendations by risk rating and overdue band")] | length' pack.json)"
  # Each header cell's scope: a grid's header a column's, a block's label its row's.
  expect_eq "$(grep -ac '/A << /O /Table /Scope /Column >>' pack.pdf)" \
    "$(jq '[.sections[] | select(.columns != [] and .columns[0].key != "kind" and (.rows | length) > 0 and (.rows[0] | has("recommendation") | not)) | .columns | length] | add' pack.json)" \
    "column header cells"
  expect_eq "$(grep -ac '/A << /O /Table /Scope /Row >>' pack.pdf)" \
    "$(jq '[.sections[] | select((.rows | length) > 0 and (.rows[0] | has("recommendation"))) | .rows[] | [.[] | select(. != null and (tostring | test("\\S")))] | length] | add' pack.json)" \
    "row header cells"
  alt_texts pack.pdf >alt.txt
  expect_eq "$(wc -l <alt.txt)" 1 "Figures with alternative text"
  expect_contains alt.txt "Chart: Open recommendations by risk rating and overdue band. Stacked bars, one for each row of the table: Not rated, 8 in all (Not yet due 0, Overdue under 6 months 4, Overdue 6-12 months 1, Overdue over 12 months 3). The table gives the same figures."
  # No header row read twice: a TH row per grid table, one TH per field a block prints
  # (a field without a value is not printed).
  expect_eq "$(grep -c '^      TH:$' struct_text.txt)" \
    "$(jq '[.sections[] | select(.columns != [] and .columns[0].key != "kind" and (.rows | length) > 0) | if (.rows[0] | has("recommendation")) then ([.rows[] | [.[] | select(. != null and (tostring | test("\\S")))] | length] | add) else (.columns | length) end] | add' pack.json)" \
    "header cells"
}
