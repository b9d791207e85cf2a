# The reporting cycles page, and the report pages' choice of cycle, trend and pack.
. "$ROOT/test/e2e/web_lib.sh"

test_web_cycles_add_list_remove() {
  web_start --seed
  for r in auditor committee owner director; do login $r; done
  expect_eq "$(get committee /cycles)" 200
  expect_contains out.html "There are no reporting cycles yet."
  expect_not_contains out.html 'action="/cycles"'
  expect_eq "$(get owner /cycles)" 403
  expect_eq "$(post committee /cycles --data-urlencode name=X --data as_at=2022-02-15)" 403
  expect_eq "$(get auditor /cycles)" 200
  expect_contains out.html '<form method="post" action="/cycles" novalidate>'
  # Added through the form; the journal records who.
  expect_eq "$(post auditor /cycles --data-urlencode 'name=Nov 2021' --data as_at=15/11/2021)" 303
  expect_eq "$(post auditor /cycles --data-urlencode 'name=Feb 2022' --data as_at=2022-02-15 \
    --data deadline=2022-01-31)" 303
  at cycle list --format csv >c.csv
  expect_contains c.csv "Nov 2021,2021-11-15,,"
  expect_contains c.csv "Feb 2022,2022-02-15,2022-01-31,Nov 2021"
  at log >log.txt
  expect_contains log.txt "Test auditor"
  expect_contains log.txt "cycle.add"
  expect_eq "$(get committee /cycles)" 200
  expect_contains out.html '<a class="govuk-link" href="/reports/pack?cycle=Feb%202022">Feb 2022'
  expect_contains out.html '<td class="govuk-table__cell"><time datetime="2022-01-31">31 January 2022</time></td><td class="govuk-table__cell">Nov 2021</td>'
  # Errors in GOV.UK style: a summary linking to the field, the form kept.
  expect_eq "$(post auditor /cycles --data-urlencode 'name=Feb 2022' --data as_at=2022-05-15)" 422
  expect_contains out.html 'govuk-error-summary'
  expect_contains out.html 'href="#name"'
  expect_contains out.html "There is already a cycle named &#39;Feb 2022&#39;"
  expect_eq "$(post auditor /cycles --data-urlencode 'name=May 2022' --data as_at=2022-05-15 \
    --data deadline=2022-06-01)" 422
  expect_contains out.html 'href="#deadline"'
  expect_eq "$(post auditor /cycles --data-urlencode 'name=May 2022' --data as_at=30/02/2022)" 422
  expect_contains out.html 'href="#as_at"'
  expect_contains out.html 'value="May 2022"'
  expect_eq "$(post auditor /cycles --data as_at=2022-05-15)" 422
  expect_contains out.html 'href="#name"'
  # Removed in two steps: the Remove button asks first and removes nothing.
  n=$(sqlite3 "$DB" 'SELECT count(*) FROM journal')
  expect_eq "$(post auditor /cycles/remove --data-urlencode 'name=Nov 2021')" 200
  expect_contains out.html "Remove the cycle Nov 2021?"
  expect_contains out.html 'name="confirm" value="yes"'
  expect_contains out.html 'href="/cycles">No, keep it</a>'
  at cycle list >l.txt
  expect_contains l.txt "Nov 2021"
  expect_eq "$(sqlite3 "$DB" 'SELECT count(*) FROM journal')" "$n" "nothing journalled by asking"
  expect_eq "$(post auditor /cycles/remove --data-urlencode 'name=nov 2021')" 200
  expect_contains out.html "Remove the cycle Nov 2021?" # any case, as the removal finds it
  expect_eq "$(post auditor /cycles/remove --data-urlencode 'name=No such cycle')" 404
  expect_eq "$(post auditor /cycles/remove --data-urlencode 'name=Nov 2021' --data confirm=yes)" 303
  expect_eq "$(post auditor /cycles/remove --data-urlencode 'name=Nov 2021' --data confirm=yes)" 404
  at cycle list >l.txt
  expect_not_contains l.txt "Nov 2021"
}

test_web_report_by_cycle_trend_and_pack() {
  web_start --seed
  login committee
  for x in "May 2021:2021-05-15" "Aug 2021:2021-08-15" "Nov 2021:2021-11-15" "Feb 2022:2022-02-15"; do
    at cycle add "${x%%:*}" --as-at "${x#*:}" >/dev/null
  done
  expect_eq "$(get committee /reports)" 200
  expect_contains out.html '<option value="Feb 2022">Feb 2022 (15 February 2022)</option>'
  expect_contains out.html 'href="/reports/trend?'
  expect_contains out.html 'href="/reports/pack?'
  # Choosing a cycle in the form goes to the report for that cycle.
  expect_eq "$(get committee '/reports?kind=summary&cycle=Feb%202022&format=json')" 303
  # A cycle sets the date and compares with the cycle before: as the CLI.
  expect_eq "$(get committee '/reports/summary?cycle=Feb%202022&format=json')" 200
  mv out.html web.json
  at report summary --cycle "Feb 2022" --format json >cli.json
  cmp web.json cli.json
  expect_contains web.json '"previous_cycle":"Nov 2021"'
  expect_eq "$(get committee '/reports/trend?cycle=Feb%202022&format=csv')" 200
  mv out.html web.csv
  at report trend --cycle "Feb 2022" --format csv >cli.csv
  cmp web.csv cli.csv
  expect_contains web.csv "Average months overdue,Feb 2022,2022-02-15,2021-11-15,14,14"
  expect_eq "$(get committee '/reports/trend?cycle=Feb%202022&cycles=2&format=csv')" 200
  expect_eq "$(grep -c '^Open recommendations,' out.html)" 2
  expect_eq "$(get committee '/reports/pack?cycle=Feb%202022&format=json')" 200
  mv out.html web.json
  at report pack --cycle "Feb 2022" --format json >cli.json
  cmp web.json cli.json
  expect_eq "$(get committee '/reports/pack?cycle=Feb%202022')" 200
  expect_contains out.html '<h2 class="govuk-heading-m">Appendix 2 - Recommendations over 12 months overdue</h2>'
  expect_contains out.html '<h2 class="govuk-heading-m">Recommendations not yet due</h2>
<p class="govuk-body">None.</p>'
  expect_eq "$(get committee '/reports/pack?cycle=Feb%202022&pack=cambridgeshire')" 400
  expect_contains out.html "pack cambridgeshire: line 7: band &#39;over 3 months&#39;"
  expect_eq "$(get committee '/reports/summary?cycle=Nope')" 400
  expect_contains out.html "There is no reporting cycle named Nope"
  # One cycle only before May: the trend says why.
  expect_eq "$(get committee '/reports/trend?cycle=May%202021')" 400
  expect_contains out.html "at least two reporting cycles"
}

test_web_dashboard_previous_report_is_the_cycle_before() {
  # The dashboard filled its own request and took three months before the date
  # (15/11/2021) where the report and the CLI take the cycle before (9/11/2021).
  web_start --seed
  login committee
  for x in "May 2021:2021-05-15" "9 Nov 2021:2021-11-09" "Feb 2022:2022-02-15"; do
    at cycle add "${x%%:*}" --as-at "${x#*:}" >/dev/null
  done
  at report summary --as-at 2022-02-15 >cli.txt
  expect_contains cli.txt "Previous report: 9 November 2021"
  expect_eq "$(get committee '/dashboard?as_at=2022-02-15')" 200
  expect_contains out.html 'changes since <time datetime="2021-11-09">9 November 2021</time>.'
  expect_contains out.html '<dd class="govuk-summary-list__value"><time datetime="2021-11-09">9 November 2021</time></dd>'
  expect_not_contains out.html '15/11/2021'
  # An explicit date still wins.
  expect_eq "$(get committee '/dashboard?as_at=2022-02-15&since=2021-12-01')" 200
  expect_contains out.html '<dd class="govuk-summary-list__value"><time datetime="2021-12-01">1 December 2021</time></dd>'
}

# The figures a cycle's paper stated, recorded and removed by internal audit on the
# cycles page; the summary for the cycle (the page of the report) sets them beside the
# register: Manchester's 9 "not yet overdue" of 15 February 2022 against the register's 0.
test_web_cycle_stated_figures() {
  web_start --seed
  for r in auditor committee; do login $r; done
  at cycle add "Feb 2022" --as-at 2022-02-15 >/dev/null
  expect_eq "$(get committee /cycles)" 200
  expect_contains out.html "No paper's figures are recorded."
  expect_not_contains out.html 'action="/cycles/state"'
  expect_eq "$(post committee /cycles/state --data-urlencode 'cycle=Feb 2022' --data figure=open \
    --data value=3)" 403
  expect_eq "$(get auditor /cycles)" 200
  expect_contains out.html '<form method="post" action="/cycles/state" novalidate>'
  expect_eq "$(post auditor /cycles/state --data-urlencode 'cycle=Feb 2022' \
    --data figure=not_yet_due --data value=9)" 303
  expect_eq "$(post auditor /cycles/state --data-urlencode 'cycle=Feb 2022' --data figure=overdue \
    --data-urlencode 'band=over 12 months' --data value=3)" 303
  at log | grep -q 'Test auditor.*cycle.state'
  expect_eq "$(get committee /cycles)" 200
  expect_contains out.html '<td class="govuk-table__cell">Feb 2022</td><td class="govuk-table__cell">9 not yet due</td>'
  expect_contains out.html "3 overdue over 12 months"
  expect_eq "$(get committee '/reports/summary?cycle=Feb%202022')" 200
  expect_contains out.html "The paper of 15 February 2022 stated 9 not yet due; the register gives 0 as at that date."
  # Refusals name their field and keep the form; nothing is written.
  n=$(at log | wc -l)
  expect_eq "$(post auditor /cycles/state --data-urlencode 'cycle=Feb 2022' --data figure=open \
    --data-urlencode 'band=over 12 months' --data value=3)" 422
  expect_contains out.html 'href="#band"'
  expect_contains out.html 'value="over 12 months"'
  expect_eq "$(post auditor /cycles/state --data-urlencode 'cycle=Feb 2022' --data figure=open \
    --data value=-1)" 422
  expect_contains out.html 'href="#value"'
  expect_eq "$(post auditor /cycles/state --data-urlencode 'cycle=Feb 2022' --data figure=closed \
    --data value=1)" 422
  expect_contains out.html 'href="#figure"'
  expect_eq "$(post auditor /cycles/state --data-urlencode 'cycle=May 2022' --data figure=open \
    --data value=1)" 422
  expect_contains out.html 'href="#cycle"'
  expect_eq "$(at log | wc -l)" "$n" "refusals write nothing"
  # Removed with its button.
  expect_eq "$(post auditor /cycles/unstate --data-urlencode 'cycle=Feb 2022' \
    --data figure=not_yet_due)" 303
  expect_eq "$(post auditor /cycles/unstate --data-urlencode 'cycle=Feb 2022' \
    --data figure=not_yet_due)" 404
  expect_eq "$(at cycle list --format json | jq -r '.[0].stated')" "3 overdue over 12 months"
}
