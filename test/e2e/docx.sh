# Word documents (report --format docx): every part well-formed XML, the report's
# title, statements, section headings and cells all there as text, header rows
# repeated, charts native with alternative text, hostile text kept as text, and the
# document opened and turned into a PDF by LibreOffice (headless) with the same
# recommendations in it. Page PNGs of the converted pack go to build/docx-pages/.
S="$SEEDS/seed-trackers"

manchester() {
  at init --org "Manchester City Council" >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
}
docx_text() { python3 "$ROOT/test/e2e/docx_read.py" "$@"; }
# soffice_pdf DOCX: convert it with LibreOffice into lo/, with a profile of its own
# (tests run side by side).
soffice_pdf() {
  mkdir -p lo
  soffice -env:UserInstallation="file://$PWD/lo/profile" --headless --convert-to pdf \
    --outdir lo "$1" >lo/convert.log 2>&1
  [ -s "lo/$(basename "$1" .docx).pdf" ] || { cat lo/convert.log >&2; return 1; }
}

test_docx_summary_has_every_figure() {
  manchester
  at report summary --as-at 2022-02-15 --format docx --output s.docx
  docx_text s.docx --check >s.txt
  at report summary --as-at 2022-02-15 --format json >s.json
  expect_eq "$(head -n 1 s.txt)" "TITLE $(jq -r .title s.json)"
  # Every statement, section title and cell of the report is in the document; the
  # statements' dates as running text writes them, 15 February 2022.
  jq -r '.meta | to_entries[] | select(.key != "as_at" and .key != "since") | .value' s.json |
    while IFS= read -r v; do
      grep -qxF "| $v" s.txt || { echo "meta [$v] missing" >&2; exit 1; }
    done
  expect_eq "$(jq -r .meta.as_at s.json)" "15/02/2022"
  grep -qxF "| 15 February 2022" s.txt
  jq -r '.sections[].title' s.json | while IFS= read -r t; do
    grep -qxF "H2 $t" s.txt || { echo "heading [$t] missing" >&2; exit 1; }
  done
  at report summary --as-at 2022-02-15 --format csv >s.csv
  python3 - <<'PY'
import csv
lines = set(open("s.txt").read().splitlines())
n = 0
for row in csv.reader(open("s.csv")):
    if not row or row[0] in ("meta", "section"):
        continue
    for v in row[1:]:  # the first field is the section's title
        if v and v not in ("true", "false") and "-" not in v:  # ISO dates print as dd/mm/yyyy
            assert "| " + v in lines, v
            n += 1
assert n > 20, n
PY
  # The header row of every table repeats on each page; the chart is Word's own.
  unzip -p s.docx word/document.xml >doc.xml
  expect_eq "$(grep -o '<w:tblHeader/>' doc.xml | wc -l)" "$(jq '[.sections[] | select(.columns | length > 0)] | length' s.json)"
  unzip -p s.docx word/charts/chart1.xml >chart.xml
  expect_contains chart.xml "<c:barChart>"
  expect_contains doc.xml 'descr="Chart: Open recommendations by risk rating and overdue band'
  unzip -p s.docx docProps/core.xml >core.xml
  expect_contains core.xml "<dc:creator>Manchester City Council</dc:creator>"
  # The same report is the same bytes.
  at report summary --as-at 2022-02-15 --format docx --output again.docx
  cmp s.docx again.docx
}

# Text that would be markup in Word, HTML, a PDF or a spreadsheet comes out as the
# same characters, and the document still opens.
test_docx_hostile_text_stays_text() {
  at init --org 'Council <w:p> & "Co"' >/dev/null
  at audit add --title '</w:t></w:r><w:r><w:t>forged' --date 2024-01-10 >/dev/null
  at rec add --audit 1 --text '=cmd|'"'"' /C calc'"'"'!A0 <script>x</script> ]]> &amp; %PDF BT ET' \
    --target 2024-02-29 --owner 'O'"'"'Brien <b>' >/dev/null
  at report outstanding --as-at 2024-06-30 --format docx --output h.docx
  docx_text h.docx --check >h.txt
  grep -qF '=cmd|'"'"' /C calc'"'"'!A0 <script>x</script> ]]> &amp; %PDF BT ET' h.txt
  grep -qF '</w:t></w:r><w:r><w:t>forged' h.txt
  unzip -p h.docx docProps/core.xml | grep -qF '<dc:creator>Council &lt;w:p&gt; &amp; &quot;Co&quot;</dc:creator>'
  soffice_pdf h.docx
  pdftotext lo/h.pdf - | tr -s ' \n' '  ' >h.flat
  expect_contains h.flat "<script>x</script>"
}

# A committee pack as Word opens in LibreOffice and prints the recommendations the
# PDF pack prints.
test_docx_pack_converts_with_libreoffice() {
  manchester
  at report pack --as-at 2022-02-15 --format docx --output pack.docx
  docx_text pack.docx --check >pack.txt
  grep -q '^H1 ' pack.txt
  soffice_pdf pack.docx
  at report pack --as-at 2022-02-15 --format json >pack.json
  pdftotext lo/pack.pdf - | tr -s ' \n\t\f' '    ' | tr -s ' ' >pack.flat
  jq -r '.sections[].rows[] | .recommendation? // empty' pack.json | head -n 40 >texts.txt
  [ -s texts.txt ]
  while IFS= read -r t; do
    t=$(printf '%s' "$t" | tr -s ' \n\t' '   ' | tr -s ' ' | cut -c1-60)
    grep -qF -- "$t" pack.flat || { echo "[$t] not in LibreOffice's PDF" >&2; exit 1; }
  done <texts.txt
  pdfinfo lo/pack.pdf | grep -q "^Pages: "
  mkdir -p "$ROOT/build/docx-pages"
  pdftoppm -r 60 -png -f 1 -l 3 lo/pack.pdf "$ROOT/build/docx-pages/manchester-pack"
}

test_docx_refused_on_a_terminal() {
  manchester
  # script gives the command a terminal for standard output.
  if command -v script >/dev/null; then
    script -qec "$AUDITRACK --db $DB report summary --format docx" /dev/null >tty.txt || true
    expect_contains tty.txt "standard output is a terminal"
  fi
  at report summary --format docx >piped.docx
  unzip -tq piped.docx >/dev/null
}
