# Importing a tracker of another layout from the browser: its columns chosen on
# the page (the import's own guesses selected, a sample beside each), its status
# words given a meaning there, and the map kept for the next tracker with the
# same headings.
. "$ROOT/test/e2e/web_lib.sh"
S="$SEEDS/seed-trackers"

# send ROLE PATH [curl -F args...]: a multipart POST with the CSRF token
send() {
  who=$1; path=$2; shift 2
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$who" -c "jar.$who" -H "Origin: $BASE" \
    -F "csrf=$(csrf "$who")" "$@" "$BASE$path"
}
hidden() { sed -n "s/.*name=\"$1\" value=\"\\([^\"]*\\)\".*/\\1/p" out.html | head -n 1; }
# col FIELD: the name of the select that asks for FIELD (its hint names it as a map does)
col() {
  grep -o "for=\"col_[0-9]*\">[^<]*</label><div id=\"col_[0-9]*-hint\" class=\"govuk-hint\">In a column map: $1[.<]" out.html |
    sed 's/for="\(col_[0-9]*\)".*/\1/' | head -n 1
}
# chosen SELECT: the value selected in it
chosen() {
  sed -n "s/.*id=\"$1\" name=\"$1\"//p" out.html | sed 's/<\/select>.*//' |
    grep -o '<option value="[^"]*" selected' | sed 's/.*value="\([^"]*\)".*/\1/'
}
# carry: the upload's hidden fields, as curl arguments
carry() {
  echo "--data-urlencode sha=$(hidden sha) --data-urlencode name=$(hidden name)" \
    "--data-urlencode map_sha=$(hidden map_sha) --data-urlencode match_sha=$(hidden match_sha)" \
    "--data-urlencode as_at=$(hidden as_at)"
}
# status REF: the latest opinion of the recommendation with that reference
status() { at rec list --status all --format csv | awk -F, -v r="$1" '$4 == r { print $20 }'; }

# A tracker in none of the seed layouts: its own headings, colours for status.
rag_tracker() {
  printf '%s\n' 'Audit,No.,Finding,Due by,Responsible officer,RAG,Comments' \
    'Placement Finding - Review of Core Processes,1,Reconcile placement payments monthly,31/03/2024,Head of Placements,Green,Reconciliations now monthly' \
    'Placement Finding - Review of Core Processes,2,Review contracts annually,30/06/2024,Head of Placements,Amber,Half reviewed' \
    'Payroll,3,Remove leavers promptly,31/01/2024,Payroll manager,Complete,Done in January' \
    'Payroll,4,Check overtime claims,30/09/2024,Payroll manager,Red,Not started' \
    'Payroll,5,Publish the pay policy,31/12/2024,HR director,Will Not Implement,Policy replaced' >"$1"
}

# Choose rag.csv's columns on the page (out.html is its columns page).
choose_columns() {
  # shellcheck disable=SC2046
  post auditor /import/map $(carry) -d "$(col audit_title)=1" -d "$(col rec_ref)=2" \
    -d "$(col recommendation)=3" -d "$(col original_target)=4" -d "$(col owner)=5" \
    -d "$(col ia_opinion)=6" -d "$(col latest_update)=7"
}

test_web_import_map_columns_page_for_unknown_headings() {
  web_start
  login auditor
  rag_tracker rag.csv
  expect_eq "$(send auditor /import -F 'tracker=@rag.csv' -F as_at=31/12/2024)" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Check the columns</h1>'
  expect_contains out.html "the choices below are guesses from the headings, so check each one"
  # Each column: its heading, its first value and the field it is guessed to hold,
  # from headings other councils' trackers use, whatever their capitals.
  expect_contains out.html '<td class="govuk-table__cell">6</td><td class="govuk-table__cell">RAG</td><td class="govuk-table__cell">Green</td>'
  expect_eq "$(grep -c 'data-read-as>Not read' out.html)" 0
  expect_eq "$(grep -c '<select class="govuk-select" id="col_' out.html)" 35
  expect_eq "$(chosen "$(col audit_title)")" 1
  expect_eq "$(chosen "$(col rec_ref)")" 2
  expect_eq "$(chosen "$(col recommendation)")" 3
  expect_eq "$(chosen "$(col original_target)")" 4
  expect_eq "$(chosen "$(col owner)")" 5
  expect_eq "$(chosen "$(col ia_opinion)")" 6
  expect_eq "$(chosen "$(col latest_update)")" 7
  # A heading no tracker uses is not guessed; nothing is taken twice.
  sed 's/^Audit,No\.,Finding/Engagement,No.,Finding/' rag.csv >odd.csv
  expect_eq "$(send auditor /import -F 'tracker=@odd.csv' -F as_at=31/12/2024)" 200
  expect_eq "$(chosen "$(col audit_title)")" 0
  expect_eq "$(chosen "$(col recommendation)")" 3
  expect_eq "$(send auditor /import -F 'tracker=@rag.csv' -F as_at=31/12/2024)" 200
  expect_contains out.html '<option value="6">6: RAG</option>'
  # The upload is kept by its digest: no path anywhere in the form.
  expect_eq "$(hidden sha)" "$(sha256sum rag.csv | cut -c1-64)"
  expect_not_contains out.html "trackers/"
  expect_eq "$(at rec list --status all --format csv | tail -n +2 | grep -c . || true)" 0
}

test_web_import_map_guesses_are_the_seed_layouts() {
  web_start
  login auditor
  # A seed tracker goes straight to the check, as before ...
  expect_eq "$(send auditor /import -F "tracker=@$S/001.csv")" 200
  expect_contains out.html "001.csv has no problems"
  expect_contains out.html '>Check the columns</button>'
  # ... and asked for its columns shows the import's own reading of them, selected.
  expect_eq "$(send auditor /import -F "tracker=@$S/001.csv" -F columns=1)" 200
  expect_contains out.html "The headings are the seed trackers' layout"
  # Columns counted from 1, and the first row's value, as Python's csv module reads them.
  pos() { python3 -c 'import csv,sys; print(next(csv.reader(open(sys.argv[1]))).index(sys.argv[2]) + 1)' "$S/001.csv" "$1"; }
  expect_eq "$(chosen "$(col audit_title)")" "$(pos audit_title)"
  expect_eq "$(chosen "$(col recommendation)")" "$(pos recommendation)"
  expect_eq "$(chosen "$(col original_target)")" "$(pos original_due_date)"
  expect_eq "$(chosen "$(col ia_opinion)")" "$(pos ia_opinion)"
  first=$(python3 -c 'import csv,sys; r=csv.reader(open(sys.argv[1])); h=next(r); print(next(r)[h.index("audit_title")])' "$S/001.csv")
  expect_contains out.html "In a column map: audit_title. First value: ‘$first’"
  # The Check the columns button on the check page posts the digest back.
  expect_eq "$(send auditor /import -F "tracker=@$S/001.csv")" 200
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/columns $(carry))" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Check the columns</h1>'
}

test_web_import_map_errors_name_the_field() {
  web_start
  login auditor
  rag_tracker rag.csv
  expect_eq "$(send auditor /import -F 'tracker=@rag.csv' -F as_at=31/12/2024)" 200
  cp out.html columns.html
  a=$(col audit_title); r=$(col recommendation); o=$(col owner)
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/map $(carry) -d "$r=3")" 422
  expect_contains out.html "<a href=\"#$a\">Audit title: choose the column that holds it</a>"
  expect_contains out.html 'govuk-form-group--error'
  cp columns.html out.html
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/map $(carry) -d "$a=1" -d "$r=3" -d "$o=9")" 422
  expect_contains out.html "<a href=\"#$o\">Owner: the tracker has 7 columns; choose one of them</a>"
  cp columns.html out.html
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/map $(carry) -d "$a=1" -d "$r=3" -d "$o=abc")" 422
  expect_contains out.html "must be a whole number"
  expect_eq "$(at rec list --status all --format csv | tail -n +2 | grep -c . || true)" 0
  # Two columns with one heading: a map could not tell them apart.
  printf '%s\n' 'Audit,Finding,Finding' 'Payroll,Reconcile monthly,Old text' >dup.csv
  expect_eq "$(send auditor /import -F 'tracker=@dup.csv' -F as_at=31/12/2024)" 200
  a=$(col audit_title); r=$(col recommendation)
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/map $(carry) -d "$a=1" -d "$r=3")" 422
  expect_contains out.html "Recommendation: column 3 (&#39;Finding&#39;) has the same heading as an earlier column"
}

test_web_import_map_status_words_given_a_meaning() {
  web_start
  login auditor
  rag_tracker rag.csv
  expect_eq "$(send auditor /import -F 'tracker=@rag.csv' -F as_at=31/12/2024)" 200
  expect_eq "$(choose_columns)" 200
  # Every distinct word of the status column, with the meaning it gets; three have none.
  expect_contains out.html '<h1 class="govuk-heading-l">What the status words mean</h1>'
  expect_contains out.html "3 words have no meaning yet"
  expect_eq "$(grep -c 'data-status-word' out.html)" 5
  expect_contains out.html '<td class="govuk-table__cell">Green</td><td class="govuk-table__cell">1</td><td class="govuk-table__cell">No meaning: choose one</td>'
  expect_contains out.html '<td class="govuk-table__cell">Will Not Implement</td><td class="govuk-table__cell">1</td><td class="govuk-table__cell">Not adopted (built-in word)</td>'
  expect_eq "$(chosen status_2)" implemented "Complete is implemented"
  expect_eq "$(chosen status_0)" "" "Green has no meaning yet"
  cp out.html words.html
  # A word left without a meaning is named, and nothing is imported.
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/status $(carry) -d status_0=implemented -d status_1=in_progress)" 422
  expect_contains out.html '<a href="#status_3">Choose what ‘Red’ means</a>'
  expect_eq "$(at rec list --status all --format csv | tail -n +2 | grep -c . || true)" 0
  cp words.html out.html
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/status $(carry) -d status_0=implemented -d status_1=in_progress \
    -d status_3=not_started)" 200
  expect_contains out.html "rag.csv has no problems"
  expect_contains out.html 'data-count="Recommendations">5</dd>'
  expect_contains out.html 'data-count="Audits">2</dd>'
  expect_contains out.html 'read with the columns and status words chosen on this page'
  # The map the page made is the text a map file holds, kept by its digest.
  map=$(hidden map_sha)
  f="$DB.evidence/trackers/$(echo "$map" | cut -c1-2)/$(echo "$map" | cut -c3-)"
  expect_contains "$f" "ia_opinion = RAG"
  expect_contains "$f" "status green = implemented"
  expect_contains "$f" "status red = not_started"
  expect_not_contains "$f" "status complete"
  # The same map from the command line gives the same check.
  cp "$f" rag.map
  at import --dry-run --map rag.map --as-at 2024-12-31 rag.csv >cli.txt
  expect_contains cli.txt "5 rows, 5 recommendations in 2 audits"
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/confirm $(carry))" 303
  expect_eq "$(status 1)" implemented
  expect_eq "$(status 2)" in_progress
  expect_eq "$(status 3)" implemented
  expect_eq "$(status 4)" not_started
  expect_eq "$(status 5)" not_adopted
  at log >log.txt
  expect_not_contains log.txt "import.map" # not asked to keep it
}

# rag_checked: the auditor has uploaded rag.csv, chosen its columns and given its
# words a meaning; out.html is the check with Import
rag_checked() {
  web_start
  login auditor
  rag_tracker rag.csv
  expect_eq "$(send auditor /import -F 'tracker=@rag.csv' -F as_at=31/12/2024)" 200
  expect_eq "$(choose_columns)" 200
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/status $(carry) -d status_0=implemented -d status_1=in_progress \
    -d status_3=not_started)" 200
}

test_web_import_map_kept_for_next_quarter() {
  rag_checked
  expect_contains out.html 'name="save" type="checkbox" value="1" checked'
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/confirm $(carry) -d save=1)" 303
  expect_eq "$(get auditor /audits)" 200
  expect_contains out.html "its column map is saved for the next tracker with these headings"
  at log >log.txt
  expect_contains log.txt "import.map"
  expect_contains log.txt 'ia_opinion = RAG'
  # Next quarter: the same headings, in another case, new words. Checked at once with the map.
  rag_tracker q2.csv
  sed -i '1s/.*/AUDIT,No.,Finding,Due By,Responsible Officer,RAG,Comments/; s/,Amber,Half reviewed/,Green,All reviewed/' q2.csv
  expect_eq "$(send auditor /import -F 'tracker=@q2.csv' -F as_at=31/03/2025)" 200
  expect_contains out.html "q2.csv has no problems"
  expect_contains out.html 'The columns are read with the column map saved for trackers with these headings.'
  # Asked for the columns, they are the saved map's.
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/columns $(carry))" 200
  expect_contains out.html "The choices below come from the column map saved for trackers with these headings."
  expect_eq "$(chosen "$(col ia_opinion)")" 6
  expect_eq "$(chosen "$(col owner)")" 5
  # A tracker with other headings is not read with it.
  sed '1s/RAG/Status/' rag.csv >other.csv
  expect_eq "$(send auditor /import -F 'tracker=@other.csv' -F as_at=31/03/2025)" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Check the columns</h1>'
}

test_web_import_map_routes_are_internal_audits() {
  web_start
  for r in auditor owner committee director; do login $r; done
  rag_tracker rag.csv
  expect_eq "$(send auditor /import -F 'tracker=@rag.csv')" 200
  sha=$(hidden sha)
  for p in /import/columns /import/map /import/words /import/status /import/matches /import/merge; do
    for r in owner committee director; do
      expect_eq "$(post $r $p --data-urlencode "sha=$sha" --data-urlencode name=rag.csv)" 403 "$r $p"
    done
    expect_eq "$(post auditor $p --data-urlencode 'sha=../../etc/passwd' --data-urlencode name=rag.csv)" 400 "$p"
    expect_eq "$(post auditor $p --data-urlencode "sha=$sha" --data-urlencode 'map_sha=../x' --data-urlencode name=rag.csv)" 400 "$p"
    expect_eq "$(post auditor $p --data-urlencode "sha=$sha" --data-urlencode 'match_sha=/etc/passwd' --data-urlencode name=rag.csv)" 400 "$p"
    expect_eq "$(post auditor $p --data-urlencode "sha=$(printf '%064d' 0)" --data-urlencode name=rag.csv)" 404 "$p"
  done
  # Without the CSRF token: refused.
  code=$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" \
    --data-urlencode "sha=$sha" --data-urlencode name=rag.csv "$BASE/import/map")
  expect_eq "$code" 403
}

test_web_import_map_refresh_matches_accepted_or_rejected() {
  web_start
  login auditor
  rag_tracker rag.csv
  printf '%s\n' 'audit_title = Audit' 'rec_ref = No.' 'recommendation = Finding' \
    'original_target = Due by' 'owner = Responsible officer' 'ia_opinion = RAG' \
    'latest_update = Comments' 'status green = implemented' 'status amber = in_progress' \
    'status red = not_started' >rag.map
  at import --quiet --map rag.map --as-at 2024-12-31 rag.csv
  # Next quarter: Amber is now Green; row 4 is renumbered and reworded a little.
  rag_tracker q2.csv
  sed -i 's/,Amber,Half reviewed/,Green,All reviewed/; s/^Payroll,4,Check overtime claims,/Payroll,9,Check the overtime claims,/' q2.csv
  expect_eq "$(send auditor /import -F 'tracker=@q2.csv' -F 'map=@rag.map' -F as_at=31/03/2025)" 200
  expect_contains out.html '<h2 class="govuk-heading-m" id="matches">Matches to the register</h2>'
  expect_eq "$(grep -o 'data-match="[0-9]*"' out.html | tr '\n' ' ')" 'data-match="1" data-match="2" data-match="3" data-match="4" data-match="5" '
  # Before the rows, what the tracker brings: row 2's Green closes recommendation 2 and
  # its "All reviewed" is a new update; no target moves.
  sed -n '/id="returned-summary"/,/<\/p>/p' out.html | sed 's/<[^>]*>//g' >summary.txt
  expect_contains summary.txt '5 rows, 5 of them matching recommendations in the register. They bring 1 update, 0 target dates and 1 closure, as at 31 March 2025.'
  expect_contains out.html '<form method="post" action="/import/confirm" id="import-now" novalidate>'
  expect_contains out.html '<button type="submit" form="import-now" class="govuk-button"'
  expect_contains out.html "<td class=\"govuk-table__cell\">by reference &#39;2&#39; in audit &#39;Placement Finding - Review of Core Processes&#39;</td>"
  # Row 4: 4 of its 5 distinct words are recommendation 4's (check, overtime, claims of
  # check, the, overtime, claims): 3 shared over 4 in either is 75%.
  expect_contains out.html "by text 75% alike in audit &#39;Payroll&#39;"
  expect_contains out.html 'id="new-4" name="new" type="checkbox" value="4"'
  # Reject row 4's match: it becomes a new recommendation, and 4 is left out (missing).
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/matches $(carry) -d new=4)" 200
  expect_contains out.html "q2.csv has no problems"
  expect_eq "$(grep -o 'data-match="[0-9]*"' out.html | tr '\n' ' ')" 'data-match="1" data-match="2" data-match="3" data-match="5" '
  expect_contains out.html '<li>row 4: new ('
  expect_contains out.html "<li>recommendation 4 (audit &#39;Payroll&#39;, reference &#39;4&#39;) is open as at 31/03/2025 and not in the tracker; not changed</li>"
  expect_contains out.html "the matches were chosen on this page"
  m=$(hidden match_sha)
  f="$DB.evidence/trackers/$(echo "$m" | cut -c1-2)/$(echo "$m" | cut -c3-)"
  expect_eq "$(grep -v '^#' "$f" | tr '\n' ' ')" '1 = 1 2 = 2 3 = 3 4 = new 5 = 5 '
  # The same match file on the command line proposes the same.
  cp "$f" q2.matches
  at import --dry-run --map rag.map --matches q2.matches --as-at 2025-03-31 q2.csv >cli.txt
  expect_contains cli.txt "row 4: new"
  expect_contains cli.txt "1 new"
  # A row the check did not propose is refused.
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/matches $(carry) -d new=77)" 400
  # Import now, with the matches chosen.
  expect_eq "$(send auditor /import -F 'tracker=@q2.csv' -F 'map=@rag.map' -F as_at=31/03/2025)" 200
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/matches $(carry) -d new=4)" 200
  # shellcheck disable=SC2046
  # "Record the changes in the register now", the choice the page starts with.
  expect_eq "$(post auditor /import/confirm $(carry) -d review=0)" 303
  expect_contains hdr.txt "Location: /audits"
  expect_eq "$(at rec list --status all --format csv | tail -n +2 | grep -c .)" 6
  expect_eq "$(status 2)" implemented "row 2's Green recorded on recommendation 2"
  expect_eq "$(status 4)" not_started "recommendation 4 not changed"
  expect_eq "$(status 9)" not_started "row 4 is a new recommendation, reference 9"
}

test_web_import_map_alike_audit_titles_merged() {
  web_start
  login auditor
  printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
    'Placement Finding - Review of Core Processes,Reconcile payments,2024-03-31,2024-12-31' \
    'Placement Finding: Review of Core Processes,Review contracts,2024-06-30,2024-12-31' \
    'PLACEMENT FINDING - REVIEW OF CORE PROCESSES,Train staff,2024-09-30,2024-12-31' \
    'Payroll,Remove leavers,2024-01-31,2024-12-31' >alike.csv
  expect_eq "$(send auditor /import -F 'tracker=@alike.csv')" 200
  expect_contains out.html 'data-count="Audits">4</dd>'
  expect_contains out.html '<h2 class="govuk-heading-m" id="titles">Audit titles that look alike</h2>'
  expect_contains out.html 'id="look-first"><li><a class="govuk-link" href="#titles">the audit titles that look alike</a>: imported as they are, each spelling is an audit of its own</li></ul>'
  expect_contains out.html "1 audit title differs from another in this tracker or in the register only in capitals"
  expect_eq "$(grep -o 'name="title" type="radio"' out.html | wc -l)" 3
  expect_contains out.html 'value="2"><label class="govuk-label govuk-radios__label" for="title-2">Placement Finding: Review of Core Processes (1 row)</label>'
  # Merge under the colon's spelling: one audit of three recommendations.
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/merge $(carry) -d title=2)" 200
  expect_contains out.html "alike.csv has no problems"
  expect_contains out.html 'data-count="Audits">2</dd>'
  expect_not_contains out.html 'id="titles"'
  expect_not_contains out.html 'id="look-first"'
  # No history in the tracker: the summary names none.
  expect_contains out.html 'Importing it adds <span data-count="recs">4</span> recommendations in <span data-count="audits">2</span> audits, as at <time datetime="2024-12-31">31 December 2024</time>.</p>'
  m=$(hidden map_sha)
  f="$DB.evidence/trackers/$(echo "$m" | cut -c1-2)/$(echo "$m" | cut -c3-)"
  expect_contains "$f" "audit Placement Finding - Review of Core Processes = Placement Finding: Review of Core Processes"
  expect_contains "$f" "audit PLACEMENT FINDING - REVIEW OF CORE PROCESSES = Placement Finding: Review of Core Processes"
  # The seed layout's reading is kept: opinions it does not know stay in progress.
  expect_contains "$f" "status * = in_progress"
  cp "$f" alike.map
  at import --dry-run --map alike.map alike.csv >cli.txt
  expect_contains cli.txt "4 rows, 4 recommendations in 2 audits (2 new)"
  cp out.html check.html
  # A title that is in no group: refused.
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/merge $(carry) -d title=4)" 400
  cp check.html out.html
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/confirm $(carry))" 303
  expect_eq "$(at rec list --status all --format csv | awk -F, 'NR > 1 { print $3 }' | sort | uniq -c | sed 's/^ *//' | tr '\n' ';')" \
    "1 Payroll;3 Placement Finding: Review of Core Processes;"
}

test_web_import_map_title_spelled_otherwise_in_the_register() {
  web_start
  login auditor
  printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
    'Placement Finding: Review of Core Processes,Reconcile payments,2024-03-31,2024-09-30' >q1.csv
  at import --quiet q1.csv
  # Next quarter's tracker spells the audit with a dash, and adds one to it.
  printf '%s\n' 'audit_title,recommendation,original_due_date,as_at_date' \
    'Placement Finding - Review of Core Processes,Review contracts,2024-06-30,2024-12-31' \
    'Payroll,Remove leavers,2024-01-31,2024-12-31' >q2.csv
  expect_eq "$(send auditor /import -F 'tracker=@q2.csv')" 200
  expect_contains out.html 'data-count="Audits">2</dd>'
  expect_contains out.html "1 audit title differs from another in this tracker or in the register"
  expect_eq "$(grep -o 'name="title" type="radio"' out.html | wc -l)" 2
  expect_contains out.html 'value="r:Placement Finding: Review of Core Processes"><label class="govuk-label govuk-radios__label" for="title-r1">Placement Finding: Review of Core Processes (in the register)</label>'
  expect_contains out.html 'for="title-1">Placement Finding - Review of Core Processes (1 row)</label>'
  cp out.html check.html
  # A spelling the register does not hold: refused.
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/merge $(carry) --data-urlencode 'title=r:Placement Finding Review')" 400
  cp check.html out.html
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/merge $(carry) --data-urlencode 'title=r:Placement Finding: Review of Core Processes')" 200
  expect_contains out.html "q2.csv has no problems"
  expect_not_contains out.html 'id="titles"'
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/confirm $(carry))" 303
  expect_eq "$(at rec list --status all --format csv | awk -F, 'NR > 1 { print $3 }' | sort | uniq -c | sed 's/^ *//' | tr '\n' ';')" \
    "1 Payroll;2 Placement Finding: Review of Core Processes;"
  expect_eq "$(at audit list --format csv | grep -c 'Placement Finding')" 1
}

test_web_import_map_save_failure_is_said() {
  rag_checked
  # The map cannot be kept: the register refuses new settings.
  sqlite3 "$DB" "CREATE TRIGGER no_map BEFORE INSERT ON meta BEGIN SELECT RAISE(ABORT, 'no room'); END;"
  # shellcheck disable=SC2046
  expect_eq "$(post auditor /import/confirm $(carry) -d save=1)" 303
  expect_eq "$(get auditor /audits)" 200
  expect_contains out.html "Imported 5 recommendations in 2 audits; its column map could not be saved"
  expect_contains server.log "import map not saved"
  expect_not_contains out.html "its column map is saved"
  expect_eq "$(at rec list --status all --format csv | awk 'END { print NR - 1 }')" 5
}
