# Internal audit's settings pages: the policy, each setting from the policy's
# table with its value and a form, changed through the same check and journal
# as `policy set`.
. "$ROOT/test/e2e/web_lib.sh"

test_policy_page_lists_every_setting() {
  web_start
  for r in auditor admin owner director committee; do login $r; done
  expect_eq "$(get auditor /admin/policy)" 200
  # Every key `policy show` prints has its form, showing its value.
  at policy show | sed -n 's/^\([a-z-]*\) = \(.*\)$/\1|\2/p' >keys.txt
  expect_eq "$(wc -l <keys.txt | tr -d ' ')" "$(grep -c 'name="key" value=' out.html)"
  while IFS='|' read -r key value; do
    expect_contains out.html "<input type=\"hidden\" name=\"key\" value=\"$key\">"
    expect_contains out.html "id=\"value-$key\" name=\"value\""
  done <keys.txt
  expect_contains out.html 'value="6" aria-describedby="value-rag-red-months-hint"'
  expect_contains out.html "Red after this many months overdue"
  expect_eq "$(get admin /admin/policy)" 200
  for r in owner director committee; do
    expect_eq "$(get $r /admin/policy)" 403
    expect_eq "$(post $r /admin/policy --data-urlencode key=rag-red-months --data-urlencode value=1)" 403
  done
  expect_eq "$(at policy show rag-red-months)" 6
}

test_policy_change_checked_and_journalled() {
  web_start
  login auditor
  before=$(at log | wc -l)
  # Refused as `policy set` refuses it: the error summary names the field, what
  # was typed is kept, nothing is written.
  expect_eq "$(post auditor /admin/policy --data-urlencode key=rag-red-months --data-urlencode value=many)" 422
  expect_contains out.html "There is a problem"
  expect_contains out.html '<a href="#value">Red after this many months overdue: rag-red-months must be a whole number from 0 to 1000'
  expect_contains out.html 'id="value" name="value" type="text" spellcheck="false" value="many"'
  expect_eq "$(at policy show rag-red-months)" 6
  expect_eq "$(at log | wc -l)" "$before"
  expect_eq "$(post auditor /admin/policy --data-urlencode key=bands \
    --data-urlencode 'value=under 3 months:1')" 422
  expect_contains out.html "Overdue bands: "
  expect_eq "$(at log | wc -l)" "$before"
  expect_eq "$(post auditor /admin/policy --data-urlencode key=no-such --data-urlencode value=1)" 404
  # Saved, normalised as `policy set` stores it, journalled once.
  expect_eq "$(post auditor /admin/policy --data-urlencode key=bands \
    --data-urlencode 'value=under 3 months:0;  over 3 months:3')" 303
  expect_eq "$(at policy show bands)" "under 3 months:0; over 3 months:3"
  expect_eq "$(at log | wc -l)" "$((before + 1))"
  expect_eq "$(at log | tail -n 1 | grep -c '"key":"bands","value":"under 3 months:0; over 3 months:3"')" 1
  expect_eq "$(curl -s -o out.html -w '%{http_code}' -b jar.auditor -c jar.auditor "$BASE/admin/policy")" 200
  expect_contains out.html "Overdue bands: now under 3 months:0; over 3 months:3"
  expect_eq "$(post auditor /admin/policy --data-urlencode key=overdue-on-due-date --data-urlencode value=yes)" 303
  expect_eq "$(at policy show overdue-on-due-date)" yes
}
