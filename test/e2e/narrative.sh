# The head of audit's words in committee packs: the front sheet and text parts of the
# built-in Manchester pack and of Cambridgeshire's Annex B with words added, as PDF and
# DOCX (read back with pdftotext and the DOCX reader), their placeholders filled with the
# summary's own figures; commentary stored for a cycle and an audit, checked, journalled
# and printed beside the audit; hostile text kept as text in every format; errors that
# name the line and column.
S="$SEEDS/seed-trackers"
FEB="Audit Committee 15 February 2022"

docx_text() { python3 "$ROOT/test/e2e/docx_read.py" "$@"; }
flat() { tr -s ' \n\t\f' '    ' <"$1" | tr -s ' '; }
has() { # FLAT-FILE TEXT: the text, white space runs as one space, is in the file
  t=$(printf '%s' "$2" | tr -s ' \n\t' '   ' | tr -s ' ')
  grep -qF -- "$t" "$1" || { echo "[$t] not in $1" >&2; return 1; }
}

manchester() {
  at init --org "Manchester City Council" >/dev/null
  at import --quiet --map "$SEEDS/manchester.map" "$S/004.csv" >/dev/null
  at cycle add "Audit Committee 15 November 2021" --as-at 2021-11-15 >/dev/null
  at cycle add "$FEB" --as-at 2022-02-15 >/dev/null
}

# pdf_and_docx PACK-OPTIONS...: the pack as PDF and DOCX, each read back flat (p.flat,
# d.flat), and the summary's figures as JSON (s.json).
pdf_and_docx() {
  at report pack "$@" --format pdf --output p.pdf
  at report pack "$@" --format docx --output p.docx
  pdftotext p.pdf p.txt
  flat p.txt >p.flat
  docx_text p.docx --check >d.txt
  sed 's/^\(H[0-9]\|TITLE\|[|]\) //' d.txt | flat /dev/stdin >d.flat
}

# The built-in Manchester pack: the paper's front sheet fields, sections 1-4 and the
# appendices, the figures the summary prints (8 open, all overdue, none not yet due, 8
# implemented since 15/11/2021: worked from the seed, 16 rows of which 8 implemented).
test_narrative_manchester_front_sheet_and_figures() {
  manchester
  at report summary --cycle "$FEB" --format json >s.json
  tot() { jq -r --arg k "$1" '[.sections[].rows[] | select(.total == true) | .[$k] // empty][0]' s.json; }
  expect_eq "$(tot open)" 8
  expect_eq "$(tot overdue)" 8
  expect_eq "$(tot not_yet_due)" 0
  expect_eq "$(tot implemented_in_period)" 8
  at cycle text "$FEB" summary --text 'As at {as_at}: **{open}** open, {overdue} overdue.' \
    >/dev/null
  pdf_and_docx --cycle "$FEB"
  for f in p.flat d.flat; do
    for l in "Report to" "Subject" "Report of" "Summary" "Recommendations" "Wards affected" \
      "Contact officers" "Background documents"; do has $f "$l"; done
    has $f "Audit Committee - 15 February 2022"
    has $f "As at 15 February 2022: $(tot open) open, $(tot overdue) overdue."
    has $f "Outstanding Audit Recommendations Report to Audit Committee 15 November 2021"
    has $f "1 Introduction"
    has $f "2 Standard Process"
    has $f "3.1 As at 15 February 2022 there are $(tot open) open recommendations, of which \
$(tot overdue) are overdue and $(tot not_yet_due) not yet due; $(tot implemented_in_period) \
have been implemented since 15 November 2021."
    has $f "4.1 Audit Committee is requested to note"
    has $f "Appendix 1 - Implemented Recommendations"
    has $f "Appendix 2 - Recommendations over 12 months overdue"
    ! grep -q '{open}\|{overdue}\|{as_at}' $f
  done
  # The front sheet is a table in both: the DOCX cells, the PDF's label beside its value.
  grep -qxF '| Wards affected' d.txt
  grep -qxF '| All' d.txt
  pdftotext -layout p.pdf p.layout
  grep -q '^ *Wards affected  *All$' p.layout
  # Sections 1-4 come before the summary and the appendices, in the paper's order.
  for x in "Front sheet" "1 Introduction" "2 Standard Process" \
    "3 Current Implementation Position" "4 Recommendations"; do
    grep -n -m1 -xF "$x" p.txt | cut -d: -f1
  done >order.txt
  expect_eq "$(sort -n order.txt | tr '\n' ' ')" "$(tr '\n' ' ' <order.txt)" "sections in order"
  pdfinfo p.pdf | grep -q '^Tagged: *yes$'
  mkdir -p "$ROOT/build/pdf-pages"
  pdftoppm -r 60 -png -f 3 -l 3 -singlefile p.pdf "$ROOT/build/pdf-pages/manchester-front-sheet"
}

# Cambridgeshire's Annex B as it is (no words), and with a front sheet and a text part of
# one's own: the words' figures are the summary's under its bands (81 open, worked from
# the seed's 81 rows; 80 overdue with overdue-on-due-date, as Annex B counts them).
test_narrative_cambridgeshire_with_words() {
  at init --org "Cambridgeshire County Council" >/dev/null
  at policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
  at policy set ladder "" >/dev/null
  at cycle add "Audit and Accounts Committee October 2024" --as-at 2024-10-31 >/dev/null
  at cycle add "Audit and Accounts Committee December 2024" --as-at 2024-12-31 >/dev/null
  at import --quiet "$S/000.csv" >/dev/null
  C="Audit and Accounts Committee December 2024"
  at report pack --cycle "$C" --pack cambridgeshire --format json >plain.json
  expect_eq "$(jq '[.sections[] | select(.columns[0].key == "kind")] | length' plain.json)" 0
  at report summary --cycle "$C" --format json >s.json
  open=$(jq -r '.sections[0].rows[] | select(.total == true) | .open' s.json)
  overdue=$(jq -r '.sections[0].rows[] | select(.total == true) | .overdue' s.json)
  expect_eq "$open" 81
  { echo 'front field=report_to text="Audit and Accounts Committee"'
    echo 'front field=summary'
    echo '> {open} recommendations open at {as_at}; {overdue} overdue.'
    echo 'text title="Commentary"'
    echo '> # Position at {cycle}'
    echo '> There are **{open}** open, {not_yet_due} not yet due.'
    cat "$ROOT/examples/packs/cambridgeshire.pack"; } >words.pack
  pdf_and_docx --cycle "$C" --pack-file words.pack
  nyd=$(jq -r '.sections[0].rows[] | select(.total == true) | .not_yet_due' s.json)
  for f in p.flat d.flat; do
    has $f "Report to Audit and Accounts Committee"
    has $f "$open recommendations open at 31 December 2024; $overdue overdue."
    has $f "Position at Audit and Accounts Committee December 2024"
    has $f "There are $open open, $nyd not yet due."
    has $f "Essential Recommendations overdue"
  done
  # The parts of Annex B are the same tables as without the words.
  at report pack --cycle "$C" --pack-file words.pack --format json >words.json
  expect_eq "$(jq -c '[.sections[] | select(.columns[0].key == "audit") | .rows]' words.json)" \
    "$(jq -c '[.sections[] | select(.columns[0].key == "audit") | .rows]' plain.json)"
}

# Commentary stored on an audit for the cycle is printed in section 3 under the audit (the
# built-in pack's commentary parts), not again in the appendix that shows the audit; each
# change is journalled; refusals store nothing.
test_narrative_commentary_stored_and_journalled() {
  manchester
  at cycle text "$FEB" commentary --audit "section 106" \
    --text 'The database is in place; {overdue} remain overdue across the register.' \
    >out.txt
  expect_contains out.txt "text commentary for audit section 106 stored"
  at cycle text "$FEB" introduction --text '1.1 Our own introduction.' >/dev/null
  at cycle text "$FEB" introduction --text '1.1 Our introduction, rewritten.' >/dev/null
  at cycle text-show "$FEB" >show.txt
  expect_contains show.txt "== commentary: audit Section 106"
  expect_contains show.txt "1.1 Our introduction, rewritten."
  at report pack --cycle "$FEB" >p.txt
  sed -n '/^3 Current Implementation Position$/,/^4 Recommendations$/p' p.txt >s3.txt
  expect_contains s3.txt "The database is in place; 8 remain overdue across the register."
  sed -n '/^Appendix 2 - Recommendations over 12 months overdue$/,/^Appendix 3/p' p.txt >a2.txt
  expect_not_contains a2.txt "Commentary on these audits"
  expect_eq "$(grep -c 'The database is in place' p.txt)" 1
  expect_contains p.txt "1.1 Our introduction, rewritten."
  ! grep -q "1.1 Audit Committee are provided" p.txt
  # Refused: an unknown placeholder, an unclosed link, an unknown audit or cycle.
  expect_status 2 at cycle text "$FEB" closing --text 'ok

see {opne}' 2>e1
  expect_contains e1 "line 3, column 5: unknown placeholder {opne} (known: {open} {overdue}"
  expect_status 2 at cycle text "$FEB" closing --text 'see [the plan](https://x.uk/a' 2>e2
  expect_contains e2 "line 1, column 5: a link's URL has no closing ')'"
  expect_status 1 at cycle text "$FEB" commentary --audit "No such audit" --text x 2>e3
  expect_contains e3 "--audit 'No such audit': no audit has that id, reference or title"
  expect_status 1 at cycle text "No such cycle" closing --text x 2>e4
  expect_contains e4 "there is no cycle named 'No such cycle'"
  expect_status 2 at cycle text "$FEB" "bad part" --text x 2>e5
  expect_contains e5 "PART is letters, digits"
  expect_status 1 at cycle text-show "$FEB" closing 2>/dev/null
  expect_eq "$(at log | grep -c ' cycle\.text ')" 3
  at cycle text-remove "$FEB" introduction >/dev/null
  expect_status 1 at cycle text-remove "$FEB" introduction 2>e6
  expect_contains e6 "has no text 'introduction'"
  expect_eq "$(at log | grep -c ' cycle\.text-remove ')" 1
  at report pack --cycle "$FEB" >p2.txt
  expect_contains p2.txt "1.1 Audit Committee are provided"
  at verify >/dev/null
}

# Section 3 of the built-in Manchester pack: each audit with overdue actions under its
# band's heading, most overdue first, its count line and the commentary stored on it; in
# every format, once. The counts add up to the summary's per band (3 over 12 months, 1 at
# 6-12, 4 under 6); by hand from the seed: Transitions due 30/6/18 is 44 months overdue at
# 15/2/22, Mental Health Casework 30/9/19 29, Section 106 31/5/20 21; Placement Finding has
# 3 open (due 30/9/21 and 30/11/21: 5 and 3 months) and 1 implemented.
test_narrative_commentary_in_the_body() {
  manchester
  at cycle text "$FEB" commentary --audit "Section 106" \
    --text 'The S106 database is **in place**; {overdue} overdue in all.' >/dev/null
  at cycle text "$FEB" commentary --audit "Supplier Due Diligence" \
    --text '- awaiting the service <b>response</b>' >/dev/null
  at report pack --cycle "$FEB" --format json >p.json
  sec() { jq -c --arg t "$1" '[.sections[] | select(.title == $t) | .rows[] | [.kind, .text]]' p.json; }
  for b in "over 12 months:Outstanding recommendations - over 12 months" \
    "6-12 months:Overdue recommendations - 6 to 12 months" \
    "under 6 months:Overdue recommendations - less than 6 months"; do
    band=${b%%:*} title=${b#*:}
    want=$(at report summary --cycle "$FEB" --band "$band" --format json |
      jq '.sections[0].rows[] | select(.total == true) | .overdue')
    got=$(sec "$title" | jq '[.[] | select(.[0] == "p") | .[1] |
      capture("^(?<n>[0-9]+) recommendations? overdue") | .n | tonumber] | add')
    expect_eq "$got" "$want" "$band"
  done
  expect_eq "$(sec "Outstanding recommendations - over 12 months")" \
'[["h2","Transitions to Adult Services"],'\
'["p","1 recommendation overdue (over 12 months: 1), the longest by 44 months; 1 open and 0 implemented in all."],'\
'["h2","Mental Health Casework Compliance"],'\
'["p","1 recommendation overdue (over 12 months: 1), the longest by 29 months; 1 open and 0 implemented in all."],'\
'["h2","Section 106"],'\
'["p","1 recommendation overdue (over 12 months: 1), the longest by 21 months; 1 open and 0 implemented in all."],'\
'["p","The S106 database is in place; 8 overdue in all."]]'
  sec "Overdue recommendations - less than 6 months" >u6.json
  expect_contains u6.json '["h2","Placement Finding: Review of Core Processes"],["p","3 recommendations overdue (under 6 months: 3), the longest by 5 months; 3 open and 1 implemented in all."]'
  expect_contains u6.json '["li","awaiting the service <b>response</b>"]'
  # In the body, between section 3's words and section 4, and not in the appendices.
  jq -r '.sections[].title' p.json >titles.txt
  n3=$(grep -n -m1 -xF "3 Current Implementation Position" titles.txt | cut -d: -f1)
  nc=$(grep -n -m1 -xF "Outstanding recommendations - over 12 months" titles.txt | cut -d: -f1)
  n4=$(grep -n -m1 -xF "4 Recommendations" titles.txt | cut -d: -f1)
  [ "$n3" -lt "$nc" ] && [ "$nc" -lt "$n4" ]
  ! grep -q "Commentary on these audits" titles.txt
  for f in text md html; do at report pack --cycle "$FEB" --format $f >p.$f; done
  expect_eq "$(grep -c 'The S106 database is' p.text)" 1
  expect_contains p.md '##### Section 106'
  expect_contains p.md '1 recommendation overdue \(over 12 months: 1\), the longest by 21 months'
  expect_contains p.md 'The S106 database is **in place**; 8 overdue in all.'
  expect_contains p.md '- awaiting the service &lt;b\>response&lt;/b\>'
  expect_contains p.html 'The S106 database is <strong>in place</strong>; 8 overdue in all.'
  expect_contains p.html 'awaiting the service &lt;b&gt;response&lt;/b&gt;'
  expect_eq "$(grep -c 'The S106 database is' p.html)" 1
  pdf_and_docx --cycle "$FEB"
  for f in p.flat d.flat; do
    has $f "Section 106 1 recommendation overdue (over 12 months: 1), the longest by 21 months; \
1 open and 0 implemented in all. The S106 database is in place; 8 overdue in all."
    expect_eq "$(grep -oF 'The S106 database is' $f | wc -l)" 1 "$f"
    has $f "awaiting the service <b>response</b>"
  done
  # A pack of its own: one commentary part for any band, empty=none where none is selected.
  printf 'pack title="x"\ncommentary title="All overdue"\ncommentary risk=Zed title="Zed" empty=none\n' >c.pack
  printf 'commentary band="not yet due" title="Never"\noutstanding band="over 12 months" title=Over\n' >>c.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file c.pack 2>e.txt
  expect_contains e.txt "line 3: risk 'Zed' is not a rating of any risk scale"
  sed -i 's/ risk=Zed/ directorate=Nowhere/' c.pack
  at report pack --cycle "$FEB" --pack-file c.pack --format json >c.json
  expect_eq "$(jq -r '[.sections[].title] | join("|")' c.json | cut -d'|' -f1-3)" "All overdue|Zed|Over"
  # Six audits hold the 8 overdue recommendations (3 + 1 + 3 + 1 in the other four).
  expect_eq "$(jq '[.sections[0].rows[] | select(.kind == "h2")] | length' c.json)" 6
  expect_eq "$(jq '[.sections[0].rows[] | select(.kind == "p") | .text |
    capture("^(?<n>[0-9]+) recommendations? overdue") | .n | tonumber] | add' c.json)" \
    "$(at report summary --cycle "$FEB" --format json |
      jq '[.sections[0].rows[] | select(.total == true) | .overdue][0]')"
  expect_eq "$(jq -r '.sections[1].note' c.json)" "None."
  printf 'pack title="x"\ncommentary text="x"\n' >bad.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file bad.pack 2>e2.txt
  expect_contains e2.txt "line 2: unknown key 'text' for commentary (title, risk, band"
}

# Front sheet fields take the words' markup and placeholders: bold, links and lists in
# HTML, Markdown, PDF and DOCX, the plain text in text, CSV, JSON and XLSX; hostile text
# stays text in each, and a '|' does not break the Markdown table.
test_narrative_front_sheet_markup() {
  manchester
  c='- **Tom Powell**, Head of Internal Audit: [e-mail](mailto:tom@x.uk)
- R. Thomas, {open} open <script>alert(1)</script> </w:t><w:t>x | =1+1'
  at cycle text "$FEB" contacts --text "$c" >/dev/null
  for f in text md html csv json; do at report pack --cycle "$FEB" --format $f >p.$f; done
  expect_contains p.html '<td>Contact officers</td><td><ul>
<li><strong>Tom Powell</strong>, Head of Internal Audit: <a href="mailto:tom@x.uk" rel="noopener noreferrer">e-mail</a></li>
<li>R. Thomas, 8 open &lt;script&gt;alert(1)&lt;/script&gt; &lt;/w:t&gt;&lt;w:t&gt;x | =1+1</li>
</ul>'
  ! grep -q '<script>' p.html
  expect_contains p.md '| Contact officers | • **Tom Powell**, Head of Internal Audit: [e\-mail](mailto:tom@x.uk)<br>• R. Thomas, 8 open &lt;script\>alert\(1\)&lt;/script\> &lt;/w:t\>&lt;w:t\>x \| \=1\+1 |'
  expect_contains p.text 'Contact officers      - Tom Powell, Head of Internal Audit: e-mail (mailto:tom@x.uk)'
  expect_contains p.text '                      - R. Thomas, 8 open <script>alert(1)</script> </w:t><w:t>x | =1+1'
  expect_eq "$(jq -r '.sections[0].rows[] | select(.field == "Contact officers") | .value' p.json)" \
    "- Tom Powell, Head of Internal Audit: e-mail (mailto:tom@x.uk)
- R. Thomas, 8 open <script>alert(1)</script> </w:t><w:t>x | =1+1"
  grep -qF "Front sheet,Contact officers,\"'- Tom Powell" p.csv
  pdf_and_docx --cycle "$FEB"
  for f in p.flat d.flat; do
    has $f "Contact officers • Tom Powell, Head of Internal Audit: e-mail (mailto:tom@x.uk) • R. Thomas, 8 open <script>alert(1)</script> </w:t><w:t>x | =1+1"
  done
  # Bold where the words say so: a bold run in the DOCX, the bold face in the PDF.
  unzip -p p.docx word/document.xml >doc.xml
  expect_contains doc.xml '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Tom Powell</w:t></w:r>'
  pdftohtml -xml -i -stdout p.pdf >p.xml
  grep -qF '<b>Tom Powell</b></text>' p.xml
  ! grep -q '<b>[^<]*R. Thomas' p.xml
  at report pack --cycle "$FEB" --format xlsx --output p.xlsx
  ! unzip -p p.xlsx 'xl/worksheets/*.xml' | grep -q '<f>'
  # A front field's markup is checked as any words are: the definition's line and column.
  printf 'pack title="x"\nfront field=contacts text="[a](https://x.uk"\nsummary\n' >bad.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file bad.pack 2>e.txt
  expect_contains e.txt "line 2: text=: line 2, column 1: a link's URL has no closing ')'"
}

# A pack definition's words are checked when it is loaded or stored: the error names the
# definition's line and the column in it.
test_narrative_definition_errors_name_line_and_column() {
  manchester
  printf 'pack title="x"\ntext title="Intro"\n> fine\n> see {opne} here\nsummary\n' >bad.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file bad.pack 2>e1
  expect_contains e1 "line 4, column 5: unknown placeholder {opne} (known: {open}"
  expect_status 2 at pack set mine bad.pack 2>e2
  expect_contains e2 "line 4, column 5: unknown placeholder {opne}"
  printf 'pack title="x"\nfront field=wards text="a **b"\n' >bad2.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file bad2.pack 2>e3
  expect_contains e3 "line 2: text=: line 2, column 3: '**' (bold) is not closed"
  printf 'pack title="x"\nfront field=ward text=All\n' >bad3.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file bad3.pack 2>e4
  expect_contains e4 "line 2: field= is one of report_to, meeting, subject"
  printf 'pack title="x"\n> stray words\nsummary\n' >bad4.pack
  expect_status 2 at report pack --cycle "$FEB" --pack-file bad4.pack 2>e5
  expect_contains e5 "line 2: a '>' line continues the words of a text or front line"
}

# Hostile text in the words comes out as the same characters in every format: HTML and
# Markdown escape it, the PDF shows it (Pango markup escaped), the DOCX stays well-formed
# XML, CSV guards the formula starter, XLSX keeps it a string.
test_narrative_hostile_text_stays_text() {
  manchester
  h='<script>alert(1)</script> </w:t><w:t>x <b>bold?</b> (a) Tj & &amp; %PDF'
  { echo 'pack title="x"'
    echo 'text title="Words"'
    echo "> $h"
    echo '>'
    echo '> =1+1 starts this paragraph'
    echo 'summary'; } >h.pack
  at cycle text "$FEB" commentary --audit "Section 106" --text "$h" >/dev/null
  printf 'outstanding band="over 12 months" title="Over 12"\n' >>h.pack
  for f in text md html csv json; do at report pack --cycle "$FEB" --pack-file h.pack --format $f >h.$f; done
  grep -qF "$h" h.text
  ! grep -q '<script>\|<b>bold' h.html
  expect_contains h.html '&lt;script&gt;alert(1)&lt;/script&gt; &lt;/w:t&gt;&lt;w:t&gt;x &lt;b&gt;bold?&lt;/b&gt;'
  ! grep -q '<script>\|<b>bold' h.md
  expect_eq "$(jq -r '[.sections[] | select(.title == "Words") | .rows[0].text][0]' h.json)" "$h"
  expect_eq "$(jq -r '[.sections[] | select(.title == "Words") | .rows[1].text][0]' h.json)" \
    "=1+1 starts this paragraph"
  grep -qF "Words,p,'=1+1 starts this paragraph" h.csv
  pdf_and_docx --cycle "$FEB" --pack-file h.pack
  for f in p.flat d.flat; do
    has $f "$h"
    has $f "=1+1 starts this paragraph"
    expect_eq "$(grep -oF '<script>alert(1)</script>' $f | wc -l)" 2 "the words and the commentary in $f"
  done
  at report pack --cycle "$FEB" --pack-file h.pack --format xlsx --output h.xlsx
  unzip -p h.xlsx xl/sharedStrings.xml >ss.xml
  expect_contains ss.xml '&lt;script&gt;alert(1)&lt;/script&gt;'
  expect_contains ss.xml '=1+1 starts this paragraph'
  ! unzip -p h.xlsx 'xl/worksheets/*.xml' | grep -q '<f>'
}

# The words on the web: everyone who reads reports sees them rendered; internal audit
# previews (nothing stored) and saves them (journalled, as the auditor); owners may not
# see the page, the committee may not write.
test_narrative_web_words() {
  . "$ROOT/test/e2e/web_lib.sh"
  web_start --seed
  at cycle add "Audit Committee 15 November 2021" --as-at 2021-11-15 >/dev/null
  at cycle add "$FEB" --as-at 2022-02-15 >/dev/null
  for r in auditor committee owner; do login $r; done
  u="/cycles/words?cycle=Audit%20Committee%2015%20February%202022"
  expect_eq "$(get committee /cycles)" 200
  expect_contains out.html "href=\"$u\">Words"
  expect_eq "$(get committee "$u")" 200
  expect_contains out.html "No words are stored for this cycle."
  expect_not_contains out.html 'action="/cycles/words"'
  expect_eq "$(get owner "$u")" 403
  expect_eq "$(post committee /cycles/words --data-urlencode "cycle=$FEB" --data part=x \
    --data-urlencode 'text=x' --data do=save)" 403
  expect_eq "$(get auditor /cycles/words)" 200
  expect_contains out.html 'action="/cycles/words"'
  # A preview renders the markup, escapes the rest, and stores nothing.
  expect_eq "$(post auditor /cycles/words --data-urlencode "cycle=$FEB" --data part=introduction \
    --data-urlencode 'text=# Our view
**{open}** open <script>alert(1)</script>

- [plan](https://example.org/p)' --data do=preview)" 200
  expect_contains out.html '<h3>Our view</h3>'
  expect_contains out.html '<strong>{open}</strong> open &lt;script&gt;alert(1)&lt;/script&gt;'
  expect_contains out.html '<a href="https://example.org/p" rel="noopener noreferrer">plan</a>'
  expect_not_contains out.html '<script>alert'
  at cycle text-show "$FEB" >none.txt
  expect_eq "$(wc -c <none.txt)" 0
  expect_eq "$(post auditor /cycles/words --data-urlencode "cycle=$FEB" --data part=closing \
    --data-urlencode 'text=see {opne}' --data do=preview)" 422
  expect_contains out.html 'href="#text"'
  expect_contains out.html 'line 1, column 5: unknown placeholder {opne}'
  expect_contains out.html 'see {opne}</textarea>'
  # Saved: the commentary on an audit, journalled as the auditor, shown on the page and in
  # the pack the committee reads next (not a copy made before it was saved).
  pk="/reports/pack?cycle=Audit%20Committee%2015%20February%202022"
  at cycle text "$FEB" contacts --text '- **Tom Powell** <i>HIA</i>' >/dev/null
  expect_eq "$(get committee "$pk")" 200
  expect_not_contains out.html "now in service"
  # The front sheet's words on the web: bold and the list kept, the rest escaped.
  expect_contains out.html '<ul>
<li><strong>Tom Powell</strong> &lt;i&gt;HIA&lt;/i&gt;</li>
</ul>'
  id=$(at audit list --format csv | awk -F, '$3 == "Section 106" { print $1 }')
  # From the audit's page: the latest cycle's words, the audit chosen, the part named.
  expect_eq "$(get auditor "/audits/$id")" 200
  expect_contains out.html "href=\"/cycles/words?audit=$id\">Commentary on this audit"
  expect_eq "$(get auditor "/cycles/words?audit=$id")" 200
  expect_contains out.html "$FEB</span>"
  grep -q "<option value=\"$id\" selected>Section 106</option>" out.html
  grep -q 'name="part" type="text" value="commentary"' out.html
  expect_eq "$(post auditor /cycles/words --data-urlencode "cycle=$FEB" --data part=commentary \
    --data audit="$id" --data-urlencode 'text=The S106 database is **now in service**.' --data do=save)" 303
  grep -qi "^location: $u" hdr.txt
  at cycle text-show "$FEB" >show.txt
  expect_contains show.txt "== commentary: audit Section 106"
  at log | grep ' cycle\.text ' >log.txt
  expect_contains log.txt "Test auditor"
  expect_eq "$(get committee "$u")" 200
  expect_contains out.html 'commentary: Section 106</h2>'
  expect_contains out.html 'The S106 database is <strong>now in service</strong>.'
  expect_eq "$(get committee "$pk")" 200
  expect_not_contains out.html 'Commentary on these audits'
  expect_eq "$(grep -c 'The S106 database is <strong>now in service</strong>.' out.html)" 1
  sed -n '/>3 Current Implementation Position</,/>4 Recommendations</p' out.html >s3.html
  expect_contains s3.html 'The S106 database is <strong>now in service</strong>.'
  expect_eq "$(post auditor /cycles/words --data-urlencode "cycle=$FEB" --data 'part=bad part' \
    --data-urlencode 'text=x' --data do=save)" 422
  expect_contains out.html 'href="#part"'
  # Removed: a Remove button under each stored text for internal audit (none for the
  # committee), a page that shows the words and asks, then removed and journalled as
  # `cycle text-remove` is; owners and the committee are refused; nothing is removed
  # without the answer.
  expect_eq "$(get auditor "$u")" 200
  expect_contains out.html 'action="/cycles/words/remove"'
  expect_contains out.html "<input type=\"hidden\" name=\"audit\" value=\"$id\">"
  expect_eq "$(get committee "$u")" 200
  expect_not_contains out.html '/cycles/words/remove'
  for r in committee owner; do
    expect_eq "$(post $r /cycles/words/remove --data-urlencode "cycle=$FEB" --data part=commentary \
      --data audit="$id" --data confirm=yes)" 403
  done
  expect_eq "$(post auditor /cycles/words/remove --data-urlencode "cycle=$FEB" \
    --data part=COMMENTARY --data audit="$id")" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Remove the commentary on Section 106?</h1>'
  expect_not_contains out.html 'Remove the words'
  expect_contains out.html 'The S106 database is <strong>now in service</strong>.'
  expect_contains out.html 'name="confirm" value="yes"'
  expect_contains out.html "No, keep them</a>"
  at cycle text-show "$FEB" >show.txt
  expect_contains show.txt "== commentary: audit Section 106"
  # A part of the pack is named by its part alone, on the page and on its Remove button.
  expect_eq "$(post auditor /cycles/words/remove --data-urlencode "cycle=$FEB" --data part=contacts)" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Remove the contacts?</h1>'
  expect_eq "$(get auditor "$u")" 200
  expect_contains out.html '<span class="govuk-visually-hidden"> the contacts</span>'
  expect_contains out.html '<span class="govuk-visually-hidden"> the commentary on Section 106</span>'
  expect_eq "$(post auditor /cycles/words/remove --data-urlencode "cycle=$FEB" --data part=nothing)" 404
  expect_contains out.html "The cycle has no words of that part"
  expect_eq "$(post auditor /cycles/words/remove --data-urlencode "cycle=$FEB" --data part=commentary \
    --data audit="$id" --data confirm=yes)" 303
  grep -qi "^location: $u" hdr.txt
  at cycle text-show "$FEB" >gone.txt
  expect_not_contains gone.txt "commentary"
  expect_contains gone.txt "== contacts"
  at log | grep ' cycle\.text-remove ' >rm.txt
  expect_eq "$(wc -l <rm.txt)" 1
  expect_contains rm.txt "Test auditor"
  expect_eq "$(post auditor /cycles/words/remove --data-urlencode "cycle=$FEB" --data part=commentary \
    --data audit="$id" --data confirm=yes)" 404
  expect_eq "$(post auditor /cycles/words/remove --data part=commentary)" 422
  expect_eq "$(get committee "$pk")" 200
  expect_not_contains out.html 'now in service'
  at verify >/dev/null
}

# A text part with nothing to print (stored= with nothing stored, no words of its own) is
# left out, or says "None." with empty=none; once the cycle has words under its name,
# they are printed, and another cycle's pack does not see them.
test_narrative_empty_text_parts() {
  manchester
  printf 'pack title="x"\ntext title="Closing" stored=closing\ntext title="Note" stored=note empty=none\nsummary\n' >e.pack
  at report pack --cycle "$FEB" --pack-file e.pack --format json >e.json
  expect_eq "$(jq -r '[.sections[].title] | join("|")' e.json | cut -d'|' -f1)" "Note"
  expect_eq "$(jq -r '.sections[0].note' e.json)" "None."
  at cycle text "$FEB" closing --text 'We close with {organisation}.' >/dev/null
  at report pack --cycle "$FEB" --pack-file e.pack >e.txt
  expect_contains e.txt "We close with Manchester City Council."
  at report pack --cycle "Audit Committee 15 November 2021" --pack-file e.pack >nov.txt
  ! grep -q "We close with" nov.txt
}
