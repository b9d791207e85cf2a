# The web pages that read the register as a whole (dashboard, list, reports,
# my actions) and internal audit's audit pages. Figures are checked against
# the command line on Manchester's seed.
. "$ROOT/test/e2e/web_lib.sh"

AS_AT=2022-02-15

# count_rows FILE: the rows of the results table on a /recs page
count_rows() { grep -c '^<tr class="govuk-table__row"><td class="govuk-table__cell">' "$1" || true; }
# list_count FILE: the "N recommendations" figure of a /recs page
list_count() { sed -n 's/.*<span class="at-count">\([0-9]*\)<.*/\1/p' "$1"; }

test_web_report_dashboard_equals_cli() {
  web_start --seed
  login auditor
  expect_eq "$(get auditor "/dashboard?as_at=$AS_AT")" 200
  at report summary --as-at $AS_AT --format json --include-confidential >cli.json
  # Every number of every section, in order, as the CLI's JSON has them.
  python3 - cli.json out.html <<'EOF'
import json, re, sys
rep = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
want = [v for s in rep["sections"] for row in s["rows"] for v in row.values()
        if isinstance(v, int) and not isinstance(v, bool)]
got = []
for cap in [s["title"] for s in rep["sections"]]:
    # A page writes the report's dd/mm/yyyy dates as every page writes dates.
    cap = re.sub(r"\b(\d\d)/(\d\d)/(\d{4})\b", lambda m: '<time datetime="%s-%s-%s">%d %s %s</time>' % (
        m[3], m[2], m[1], int(m[1]), ["January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"][int(m[2]) - 1], m[3]), cap)
    i = page.index('<caption class="govuk-table__caption govuk-table__caption--m">%s</caption>' % cap)
    cells = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>',
                       page[i:page.index("</table>", i)])
    got += [int(re.sub(r"<[^>]*>", "", c)) for c in cells]
if got != want or len(want) < 30:
    sys.exit("dashboard numbers differ:\nwant %s\n got %s" % (want, got))
EOF
  expect_contains out.html '<caption class="govuk-table__caption govuk-table__caption--m">Open recommendations by risk rating and overdue band</caption>'
  expect_contains out.html '<th scope="row" class="govuk-table__header">Carried forward</th><td class="govuk-table__cell govuk-table__cell--numeric"><strong>8</strong>'
  # Counts link down to the list they count.
  expect_contains out.html 'href="/recs?as_at=2022-02-15&amp;band=over%2012%20months">3</a>'
  expect_contains out.html 'href="/recs?as_at=2022-02-15&amp;directorate=Adults">2</a>'
  expect_eq "$(get auditor '/recs?as_at=2022-02-15&band=over%2012%20months')" 200
  expect_eq "$(list_count out.html)" 3
  # The cached page is made again when the register changes (the earlier one is
  # given, said so, until it is).
  at rec add --audit 1 --text "A new finding" --target 2021-12-31 >/dev/null
  i=0
  while get auditor "/dashboard?as_at=$AS_AT" >/dev/null && grep -q 'id="dash-stale"' out.html; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "the new figures never came" >&2; return 1; }
    sleep 0.1
  done
  expect_contains out.html '<th scope="row" class="govuk-table__header">Carried forward</th><td class="govuk-table__cell govuk-table__cell--numeric"><strong>9</strong>'
  # The since date must come first.
  expect_eq "$(get auditor '/dashboard?as_at=2022-02-15&since=2022-03-01')" 400
  expect_contains out.html 'href="#since"'
}

test_web_report_access_by_role() {
  WEB_DIRECTORATE=Adults web_start --seed
  for r in owner committee director; do login $r; done
  expect_eq "$(get owner /dashboard)" 403
  expect_eq "$(get owner /recs)" 403
  expect_eq "$(get owner /reports/summary)" 403
  expect_eq "$(get owner /audits)" 403
  expect_eq "$(get committee /audits)" 403
  expect_eq "$(get director /audits/1)" 403
  expect_eq "$(get committee "/dashboard?as_at=$AS_AT")" 200
  expect_eq "$(get owner /my)" 200
  expect_eq "$(get committee /my)" 403
  # A director sees their directorate only, whatever the filter asks.
  expect_eq "$(get director "/recs?as_at=$AS_AT")" 200
  expect_eq "$(list_count out.html)" 2
  expect_eq "$(count_rows out.html)" 2
  expect_contains out.html 'href="/recs/5"'
  expect_not_contains out.html 'href="/recs/7"'
  get director "/recs?as_at=$AS_AT&directorate=Growth%20and%20Development" >/dev/null
  expect_eq "$(list_count out.html)" 2
  get director "/recs.csv?as_at=$AS_AT" >/dev/null
  expect_eq "$(wc -l <out.html)" 3
  get director "/dashboard?as_at=$AS_AT" >/dev/null
  expect_contains out.html '<th scope="row" class="govuk-table__header">Carried forward</th><td class="govuk-table__cell govuk-table__cell--numeric"><strong>2</strong>'
  get director "/reports/summary?as_at=$AS_AT&format=json" >/dev/null
  at report summary --as-at $AS_AT --format json --directorate Adults --include-confidential >cli.json
  cmp out.html cli.json
  # My actions for a director: the directorate's open recommendations.
  expect_eq "$(get director /my)" 200
  expect_contains out.html 'Overdue (2)'
  expect_contains out.html 'href="/recs/5"'
  expect_contains out.html 'href="/recs/6"'
  expect_not_contains out.html 'href="/recs/7"'
}

test_web_report_confidential_for_committee() {
  web_start --seed
  at rec add --audit 1 --text "Secret finding about the vault" --title "Vault keys" \
    --target 2021-06-30 --confidential >/dev/null
  login committee
  login auditor
  get committee "/recs?as_at=$AS_AT" >/dev/null
  expect_eq "$(list_count out.html)" 9
  expect_contains out.html 'href="/recs/17">detail withheld</a>'
  expect_not_contains out.html "Vault keys"
  # Counted on the dashboard, withheld in lists; not found by its text either.
  get committee "/dashboard?as_at=$AS_AT" >/dev/null
  expect_contains out.html '<th scope="row" class="govuk-table__header">Carried forward</th><td class="govuk-table__cell govuk-table__cell--numeric"><strong>9</strong>'
  get committee "/recs?as_at=$AS_AT&q=vault" >/dev/null
  expect_eq "$(list_count out.html)" 0
  get auditor "/recs?as_at=$AS_AT&q=vault" >/dev/null
  expect_eq "$(list_count out.html)" 1
  expect_contains out.html "Vault keys"
  get committee "/recs.csv?as_at=$AS_AT" >/dev/null
  at rec list --as-at $AS_AT --format csv >cli.csv
  cmp out.html cli.csv
  expect_contains out.html "detail withheld"
  # Reports: the committee's are the CLI's without --include-confidential.
  get committee "/reports/outstanding?as_at=$AS_AT&format=json" >/dev/null
  at report outstanding --as-at $AS_AT --format json >cli.json
  cmp out.html cli.json
  get auditor "/reports/outstanding?as_at=$AS_AT&format=json" >/dev/null
  at report outstanding --as-at $AS_AT --format json --include-confidential >cli.json
  cmp out.html cli.json
}

test_web_report_list_and_csv() {
  web_start --seed
  login auditor
  expect_eq "$(get auditor "/recs?as_at=$AS_AT")" 200
  expect_eq "$(list_count out.html)" 8
  expect_eq "$(count_rows out.html)" 8
  # The three recommendations the README names: 29, 44 and 21 months.
  expect_eq "$(grep 'href="/recs/5"' out.html | grep -c 'at-months">29<')" 1
  expect_eq "$(grep 'href="/recs/6"' out.html | grep -c 'at-months">44<')" 1
  expect_eq "$(grep 'href="/recs/7"' out.html | grep -c 'at-months">21<')" 1
  expect_contains out.html '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
  expect_contains out.html 'href="/recs.csv?as_at=2022-02-15"'
  # The CSV is rec list's, byte for byte, with a file name.
  curl -s -D h.txt -o web.csv -b jar.auditor "$BASE/recs.csv?as_at=$AS_AT"
  at rec list --as-at $AS_AT --format csv >cli.csv
  cmp web.csv cli.csv
  expect_eq "$(wc -l <web.csv)" 9
  expect_contains h.txt 'Content-Disposition: attachment; filename="recommendations-2022-02-15.csv"'
  expect_contains h.txt 'Content-Type: text/csv'
  # Filters: as the CLI counts them.
  get auditor "/recs?as_at=$AS_AT&band=under%206%20months" >/dev/null
  expect_eq "$(list_count out.html)" 4
  get auditor "/recs?as_at=$AS_AT&directorate=adults" >/dev/null
  expect_eq "$(list_count out.html)" 2
  # The filter keeps every choice the role has, not only the one made.
  expect_contains out.html '<option value="Growth and Development">Growth and Development</option>'
  expect_contains out.html '<option value="Adults" selected>Adults</option>'
  get auditor "/recs.csv?as_at=$AS_AT&directorate=Adults&band=over%2012%20months" >/dev/null
  at rec list --as-at $AS_AT --format csv --directorate Adults --band "over 12 months" >cli.csv
  cmp out.html cli.csv
  expect_eq "$(wc -l <out.html)" 3
  get auditor "/recs?as_at=$AS_AT&status=closed" >/dev/null
  expect_eq "$(list_count out.html)" 8
  expect_contains out.html '<strong class="govuk-tag govuk-tag--green">Closed</strong>'
  get auditor "/recs?as_at=$AS_AT&status=all" >/dev/null
  expect_eq "$(list_count out.html)" 16
  # Text search: case does not matter; it searches text and action.
  get auditor "/recs?as_at=$AS_AT&q=COMMISSIONING" >/dev/null
  expect_eq "$(list_count out.html)" 4
  get auditor "/recs.csv?as_at=$AS_AT&q=commissioning" >/dev/null
  expect_eq "$(wc -l <out.html)" 5
  get auditor "/recs?as_at=$AS_AT&q=no-such-words-anywhere" >/dev/null
  expect_eq "$(list_count out.html)" 0
  expect_contains out.html "No recommendations match these filters."
  # A bad filter value is refused at the door.
  expect_eq "$(get auditor "/recs?status=sideways")" 400
  expect_eq "$(get auditor "/recs?as_at=31/02/2022")" 400
}

test_web_report_list_pages() {
  web_start --seed
  i=1
  while [ $i -le 61 ]; do
    at rec add --audit 2 --text "Bulk finding $i" --target 2021-06-30 >/dev/null
    i=$((i + 1))
  done
  login auditor
  get auditor "/recs?as_at=$AS_AT&q=bulk%20finding" >/dev/null
  expect_eq "$(list_count out.html)" 61
  expect_eq "$(count_rows out.html)" 50
  expect_contains out.html "showing 1 to 50"
  expect_contains out.html '<nav class="govuk-pagination" aria-label="Pagination">'
  expect_contains out.html 'href="/recs?as_at=2022-02-15&amp;q=bulk%20finding&amp;sort=months&amp;order=desc&amp;page=2" rel="next"'
  expect_contains out.html 'aria-current="page">1</a>'
  get auditor "/recs?as_at=$AS_AT&q=bulk%20finding&page=2" >/dev/null
  expect_eq "$(count_rows out.html)" 11
  expect_contains out.html "showing 51 to 61"
  expect_contains out.html 'rel="prev"'
  expect_not_contains out.html 'rel="next"'
  # The download holds every page.
  get auditor "/recs.csv?as_at=$AS_AT&q=bulk%20finding" >/dev/null
  expect_eq "$(wc -l <out.html)" 62
  get auditor "/recs?as_at=$AS_AT" >/dev/null
  expect_eq "$(list_count out.html)" 69
  get auditor "/recs.csv?as_at=$AS_AT" >/dev/null
  at rec list --as-at $AS_AT --format csv >cli.csv
  cmp out.html cli.csv
}

test_web_report_reports_equal_cli() {
  web_start --seed
  login auditor
  login committee
  expect_eq "$(get auditor /reports)" 200
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    expect_contains out.html "href=\"/reports/$k?as_at="
  done
  # JSON byte for byte, with its file name.
  curl -s -D h.txt -o web.json -b jar.auditor "$BASE/reports/summary?as_at=$AS_AT&format=json"
  at report summary --as-at $AS_AT --format json --include-confidential >cli.json
  cmp web.json cli.json
  expect_contains h.txt 'Content-Disposition: attachment; filename="summary-2022-02-15.json"'
  expect_contains h.txt 'Content-Type: application/json'
  get committee "/reports/summary?as_at=$AS_AT&format=json" >/dev/null
  at report summary --as-at $AS_AT --format json >cli.json
  cmp out.html cli.json
  # Every format of every kind, as the CLI writes it.
  for k in summary outstanding progress escalations; do
    for f in csv text md; do
      get auditor "/reports/$k?as_at=$AS_AT&since=2021-11-15&format=$f" >/dev/null
      at report $k --as-at $AS_AT --since 2021-11-15 --format $f --include-confidential >cli.out
      cmp out.html cli.out
    done
  done
  curl -s -D h.txt -o web.html -b jar.auditor "$BASE/reports/summary?as_at=$AS_AT&format=standalone"
  at report summary --as-at $AS_AT --format html --include-confidential >cli.html
  cmp web.html cli.html
  expect_contains h.txt 'filename="summary-2022-02-15.html"'
  curl -s -D h.txt -o /dev/null -b jar.auditor "$BASE/reports/summary?as_at=$AS_AT&format=csv"
  expect_contains h.txt 'filename="summary-2022-02-15.csv"'
  expect_contains h.txt 'Content-Type: text/csv'
  # Filters reach the report.
  get auditor "/reports/summary?as_at=$AS_AT&directorate=Adults&format=json" >/dev/null
  at report summary --as-at $AS_AT --directorate Adults --format json --include-confidential >cli.json
  cmp out.html cli.json
  # The page: GOV.UK tables and one summary list per recommendation.
  expect_eq "$(get auditor "/reports/outstanding?as_at=$AS_AT")" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Outstanding report</h1>'
  expect_eq "$(grep -o '<dl class="govuk-summary-list">' out.html | wc -l)" 8
  expect_contains out.html 'href="/reports/outstanding?as_at=2022-02-15&amp;since=2021-11-15&amp;format=csv"'
  expect_contains out.html '<dt class="govuk-summary-list__key">Months overdue</dt><dd class="govuk-summary-list__value">44</dd>'
  expect_eq "$(get auditor "/reports/summary?as_at=$AS_AT")" 200
  # Each table sorts by any column from its headings; the sort is kept in the address.
  expect_contains out.html '<th scope="col" class="govuk-table__header govuk-table__header--numeric" data-label="Total open"><a class="govuk-link at-sort" href="/reports/summary?as_at=2022-02-15&amp;since=2021-11-15&amp;sort=0-'
  # (The report lists the longest overdue first; fewest first is the sort's doing.)
  expect_eq "$(get auditor "/reports/escalations?as_at=$AS_AT&sort=0-5&order=asc")" 200
  expect_contains out.html 'aria-sort="ascending" data-label="Months overdue"><a class="govuk-link at-sort" href="/reports/escalations?as_at=2022-02-15&amp;since=2021-11-15&amp;sort=0-5&amp;order=desc">'
  python3 - out.html <<'EOF'
import re, sys
page = open(sys.argv[1]).read()
t = page[:page.index("</table>")]
months = [int(m) for m in re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>', t)]
assert len(months) >= 2 and months == sorted(months) and months != sorted(months, reverse=True), months
EOF
  # The form's choice becomes the report's address.
  curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b jar.auditor \
    "$BASE/reports?kind=escalations&as_at=2022-02-15&since=2021-11-15&format=csv" >r.txt
  expect_eq "$(cat r.txt)" "303 $BASE/reports/escalations?as_at=2022-02-15&since=2021-11-15&format=csv"
  expect_eq "$(get auditor /reports/no-such-report)" 404
  expect_eq "$(get auditor "/reports/summary?format=odt")" 400
}

test_web_report_statements_in_the_pages_words() {
  web_start --seed
  login auditor
  expect_eq "$(get auditor /reports)" 200
  expect_not_contains out.html "auditrack report"
  expect_eq "$(get auditor "/reports/pack?as_at=$AS_AT&directorate=Adults&band=over%2012%20months")" 200
  expect_contains out.html '<dt class="govuk-summary-list__key">Filtered to</dt><dd class="govuk-summary-list__value">Directorate: Adults; Band: over 12 months</dd>'
  expect_contains out.html '<dt class="govuk-summary-list__key">Pack layout</dt><dd class="govuk-summary-list__value">Manchester</dd>'
  expect_not_contains out.html '>Only</dt>'
  expect_not_contains out.html '>Pack</dt>'
  # The papers keep their statements: only the page says them differently.
  at report pack --as-at $AS_AT --directorate Adults --format md >cli.md
  expect_contains cli.md "directorate = Adults"
}

test_web_report_my_actions() {
  # A fixed today for the CLI and the server alike: no race with midnight.
  export AUDITRACK_TODAY=2026-03-15
  web_start --seed
  soon=2026-03-25
  later=2026-10-01
  at rec add --audit 3 --text "Overdue payroll thing" --target 2021-12-31 --owner "payroll MANAGER" >/dev/null
  at rec add --audit 3 --text "Soon payroll thing" --target "$soon" --owner "Payroll manager" >/dev/null
  at rec add --audit 3 --text "Later payroll thing" --target "$later" --owner "Payroll manager" >/dev/null
  at rec add --audit 3 --text "Someone else's thing" --target 2021-12-31 --owner "Head of IT" >/dev/null
  at rec review 5 --opinion in_progress --follow-up "$soon" >/dev/null
  login owner
  login auditor
  expect_eq "$(get owner /my)" 200
  # Months from December 2021 to March 2026.
  python3 - out.html 51 <<'EOF'
import re, sys
page = open(sys.argv[1]).read()
def section(title):
    m = re.search(r'<caption[^>]*>%s \((\d+)\)(?:<span[^>]*>[^<]*</span>)?</caption>(.*?)</table>' % re.escape(title), page, re.S)
    return (int(m.group(1)), re.findall(r'href="/recs/(\d+)"', m.group(2))) if m else (0, [])
assert section("Overdue") == (1, ["17"]), section("Overdue")
assert section("Due within 30 days") == (1, ["18"]), section("Due within 30 days")
assert section("Due later") == (1, ["19"]), section("Due later")
assert 'govuk-table__cell--numeric">%s</td>' % sys.argv[2] in page
assert 'href="/recs/20"' not in page
EOF
  expect_contains out.html "Nothing you sent is waiting for a decision."
  # Internal audit: the queue, follow-ups due, the ladder.
  expect_eq "$(get auditor /my)" 200
  expect_contains out.html 'href="/review">Review queue: 0 submissions waiting for a decision</a>'
  python3 - out.html <<'EOF'
import re, sys
page = open(sys.argv[1]).read()
m = re.search(r'Follow-ups due within 30 days or past \((\d+)\)(?:<span[^>]*>[^<]*</span>)?</caption>(.*?)</table>', page, re.S)
assert m and m.group(1) == "1" and re.findall(r'href="/recs/(\d+)"', m.group(2)) == ["5"], m
m = re.search(r'Overdue 18 months or more: Risk written back to the director \((\d+)\)', page)
assert m and int(m.group(1)) == 10, m and m.group(1)
EOF
}

test_web_audit_create_and_edit() {
  web_start --seed
  login auditor
  expect_eq "$(get auditor /audits)" 200
  expect_contains out.html '<caption class="govuk-table__caption govuk-table__caption--m">11 audits<span class="govuk-visually-hidden">'
  expect_contains out.html '<a class="govuk-link" href="/audits/5">Mental Health Casework Compliance</a>'
  expect_eq "$(get auditor /audits/new)" 200
  expect_contains out.html '<label class="govuk-label" for="title">Title</label>'
  # No title: the form again, with the error linked to the field and values kept.
  expect_eq "$(post auditor /audits --data-urlencode title= --data-urlencode ref=IA-99)" 422
  expect_contains out.html 'govuk-error-summary'
  expect_contains out.html '<a href="#title">Enter the audit&#39;s title</a>'
  expect_contains out.html 'class="govuk-form-group govuk-form-group--error"'
  expect_contains out.html 'value="IA-99"'
  expect_eq "$(post auditor /audits --data-urlencode title=X --data-urlencode date=31/02/2024)" 422
  expect_contains out.html '<a href="#date">'
  expect_eq "$(post auditor /audits --data-urlencode 'title=<script>alert(1)</script>' \
    --data-urlencode ref=IA-99 --data-urlencode date=31/03/2024 --data-urlencode assurance=limited \
    --data-urlencode provider=In-house)" 303
  expect_contains hdr.txt "Location: /audits/12"
  expect_eq "$(get auditor /audits/12)" 200
  expect_contains out.html '&lt;script&gt;alert(1)&lt;/script&gt;'
  expect_not_contains out.html '<script>alert'
  expect_contains out.html '<dd class="govuk-summary-list__value"><time datetime="2024-03-31">31 March 2024</time></dd>'
  expect_contains out.html '<dd class="govuk-summary-list__value">Limited</dd>'
  # Edit: only the changed fields are written, one journal entry each.
  expect_eq "$(get auditor /audits/12/edit)" 200
  expect_contains out.html 'value="31/03/2024"'
  n0=$(at log | grep -c "audit.set" || true)
  expect_eq "$(post auditor /audits/12 --data-urlencode 'title=Payroll controls' \
    --data-urlencode ref=IA-99 --data-urlencode date=2024-03-31 --data-urlencode assurance=reasonable \
    --data-urlencode provider=In-house)" 303
  expect_contains hdr.txt "Location: /audits/12"
  expect_eq "$(get auditor /audits/12)" 200
  expect_contains out.html '<p class="govuk-notification-banner__heading">Audit changed: title, assurance</p>'
  expect_eq "$(( $(at log | grep -c "audit.set") - n0 ))" 2
  at audit show 12 >show.txt
  expect_contains show.txt "Audit 12: Payroll controls"
  expect_contains show.txt "reasonable"
  expect_eq "$(post auditor /audits/12 --data-urlencode title= )" 422
  expect_contains out.html '<a href="#title">'
  expect_eq "$(get auditor /audits/99)" 404
  expect_eq "$(get auditor /audits/99/edit)" 404
}

test_web_audit_add_recommendation() {
  web_start --seed
  login auditor
  expect_eq "$(post auditor /audits --data-urlencode 'title=Payroll' --data-urlencode directorate=Resources)" 303
  expect_eq "$(get auditor /audits/12/recs/new)" 200
  expect_contains out.html '<option value="H">High (EHMA)</option>'
  expect_contains out.html 'value="Resources"'
  # Required fields, then a rating that does not exist.
  expect_eq "$(post auditor /audits/12/recs --data-urlencode 'text=Reconcile payroll monthly')" 422
  expect_contains out.html '<a href="#target">Enter the target date</a>'
  expect_contains out.html '<a href="#evidence">Enter the evidence required</a>'
  expect_contains out.html 'Reconcile payroll monthly</textarea>'
  expect_eq "$(post auditor /audits/12/recs --data-urlencode 'text=Reconcile payroll monthly' \
    --data-urlencode target=31/12/2021 --data-urlencode evidence=Reconciliations \
    --data-urlencode risk=Zzz)" 422
  expect_contains out.html '<a href="#risk">'
  expect_contains out.html "not a known risk rating"
  expect_eq "$(post auditor /audits/12/recs --data-urlencode 'text=Reconcile payroll monthly' \
    --data-urlencode target=31/12/2021 --data-urlencode evidence=Reconciliations \
    --data-urlencode risk=H --data-urlencode 'owner=Payroll manager' \
    --data-urlencode directorate=Resources --data-urlencode theme=Finance \
    --data-urlencode confidential=1)" 303
  expect_contains hdr.txt "Location: /recs/17"
  expect_eq "$(get auditor /recs/17)" 200
  expect_contains out.html "Recommendation 17 added"
  at rec list --format json --status all >all.json
  python3 - all.json <<'EOF'
import json, sys
r = [x for x in json.load(open(sys.argv[1])) if x["id"] == 17][0]
assert (r["audit_id"], r["risk"], r["owner"], r["directorate"], r["theme"], r["original_target"],
        r["confidential"]) == (12, "H", "Payroll manager", "Resources", "Finance", "2021-12-31",
        True), r
EOF
  # It shows on its audit and in the filters.
  get auditor /audits/12 >/dev/null
  expect_contains out.html '<a class="govuk-link" href="/recs/17">Reconcile payroll monthly</a>'
  get auditor "/recs?as_at=$AS_AT&risk=H" >/dev/null
  expect_eq "$(list_count out.html)" 1
  get auditor "/recs?as_at=$AS_AT&risk=high" >/dev/null
  expect_eq "$(list_count out.html)" 1
  get auditor "/recs?as_at=$AS_AT&theme=finance&band=under%206%20months" >/dev/null
  expect_eq "$(list_count out.html)" 1
  get auditor "/recs?as_at=$AS_AT&risk=H&band=over%2012%20months" >/dev/null
  expect_eq "$(list_count out.html)" 0
  expect_eq "$(get auditor /audits/99/recs/new)" 404
}

# Regression: My actions matched owners on the owner column only, while the
# recommendation page (web_rec_access) also counts a tracker's owner_director:
# an owner could open and update a recommendation that My actions did not list.
test_web_report_my_actions_counts_the_accountable_director() {
  WEB_OWNER_AS="Bernadette Enright, Executive Director of Adult Social Services" web_start --seed
  mine=$(at rec list --status all --format json | python3 -c "import json,sys
print(' '.join(str(r['id']) for r in json.load(sys.stdin) if r['director'] == 'Bernadette Enright, Executive Director of Adult Social Services' and r['open']))")
  [ -n "$mine" ]
  login owner
  expect_eq "$(get owner /my)" 200
  cp out.html my.html
  for id in $mine; do
    expect_contains my.html "href=\"/recs/$id\""
    expect_eq "$(get owner "/recs/$id")" 200
  done
}

# PDF and Excel downloads of the list and of every report: the CLI's bytes.
test_web_report_pdf_and_xlsx_downloads() {
  web_start --seed
  login auditor
  login committee
  get auditor "/recs?as_at=$AS_AT" >/dev/null
  expect_contains out.html 'href="/recs.xlsx?as_at=2022-02-15"'
  expect_contains out.html 'href="/recs.pdf?as_at=2022-02-15"'
  curl -s -D h.txt -o web.xlsx -b jar.auditor "$BASE/recs.xlsx?as_at=$AS_AT"
  at rec list --as-at $AS_AT --format xlsx --include-confidential --output cli.xlsx
  cmp web.xlsx cli.xlsx
  expect_contains h.txt 'filename="recommendations-2022-02-15.xlsx"'
  expect_contains h.txt 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  curl -s -D h.txt -o web.pdf -b jar.auditor "$BASE/recs.pdf?as_at=$AS_AT&band=over%2012%20months"
  expect_contains h.txt 'Content-Type: application/pdf'
  at rec list --as-at $AS_AT --band "over 12 months" --format pdf --include-confidential \
    --output cli.pdf
  cmp web.pdf cli.pdf
  pdftotext web.pdf web.txt
  for t in "Mental Health Casework" "Transitions to Adult" "Section 106"; do
    expect_contains web.txt "$t"
  done
  expect_not_contains web.txt "Supplier Due Diligence"
  # Each report page offers both, and they are the CLI's report, the committee's
  # with confidential detail withheld.
  get committee "/reports/summary?as_at=$AS_AT" >/dev/null
  expect_contains out.html 'format=pdf'
  expect_contains out.html 'format=xlsx'
  expect_contains out.html 'format=docx'
  for k in summary outstanding; do
    curl -s -o web.pdf -b jar.committee "$BASE/reports/$k?as_at=$AS_AT&format=pdf"
    at report $k --as-at $AS_AT --format pdf --output cli.pdf
    cmp web.pdf cli.pdf
    curl -s -o web.xlsx -b jar.committee "$BASE/reports/$k?as_at=$AS_AT&format=xlsx"
    at report $k --as-at $AS_AT --format xlsx --output cli.xlsx
    cmp web.xlsx cli.xlsx
    curl -s -D h.txt -o web.docx -b jar.committee "$BASE/reports/$k?as_at=$AS_AT&format=docx"
    expect_contains h.txt 'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    at report $k --as-at $AS_AT --format docx --output cli.docx
    cmp web.docx cli.docx
  done
  expect_eq "$(get committee "/reports/summary?as_at=$AS_AT&format=odt")" 400
}

# The list's owner filter suggests names from /recs/owners (fetched when the field is
# first used), not from a list sent with every page: the owners and directors of what
# the role's list shows, a director's directorate only.
test_web_recs_owners_suggested_as_the_role_sees_them() {
  web_start
  a=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  b=$(at audit add --title "Care" --directorate Adults --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  at rec add --audit "$a" --text "Reconcile" --target 2024-06-30 --owner "Payroll manager" \
    --director "Director of Resources" >/dev/null
  at rec add --audit "$a" --text "Review" --target 2024-06-30 --owner 'Pay "Q" <lead>' >/dev/null
  at rec add --audit "$b" --text "Visit" --target 2024-06-30 --owner "Care manager" >/dev/null
  login auditor
  login director
  login owner
  # The page sends an empty list that says where its names are.
  expect_eq "$(get auditor '/recs?as_at=2024-12-31')" 200
  expect_contains out.html 'list="people"'
  expect_contains out.html '<datalist id="people" data-src="/recs/owners"></datalist>'
  expect_not_contains out.html '<option value="Payroll manager">'
  expect_eq "$(get auditor /recs/owners)" 200
  expect_eq "$(jq -c . out.html)" '["Care manager","Director of Resources","Pay \"Q\" <lead>","Payroll manager"]'
  # The director of Resources: Resources' names only, as the list shows Resources only.
  expect_eq "$(get director /recs/owners)" 200
  expect_eq "$(jq -c . out.html)" '["Director of Resources","Pay \"Q\" <lead>","Payroll manager"]'
  # A change to the register is seen (the answer is kept per generation).
  at rec add --audit "$a" --text "Count" --target 2024-06-30 --owner "Cashier" >/dev/null
  expect_eq "$(get director /recs/owners)" 200
  expect_eq "$(jq -c . out.html)" '["Cashier","Director of Resources","Pay \"Q\" <lead>","Payroll manager"]'
  # Not for a role without the list.
  expect_eq "$(get owner /recs/owners)" 403
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/recs/owners")" 303
}
