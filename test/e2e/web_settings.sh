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

# Risk scales: listed with their ratings, added through the same check and
# journal as `scale add`.
test_risk_scales_listed_and_added() {
  web_start
  for r in auditor owner committee; do login $r; done
  expect_eq "$(get auditor /admin/scales)" 200
  expect_contains out.html '<h2 class="govuk-heading-m">EHMA</h2><p class="govuk-body">Essential / High / Medium / Advisory (Cambridgeshire)</p>'
  expect_contains out.html '<td class="govuk-table__cell">E</td><td class="govuk-table__cell">Essential</td><td class="govuk-table__cell">Action is imperative to avoid exposure to a significant organisational risk.</td>'
  for r in owner committee; do
    expect_eq "$(get $r /admin/scales)" 403
    expect_eq "$(post $r /admin/scales --data-urlencode name=X --data-urlencode 'ratings=A:B')" 403
  done
  before=$(at log | wc -l)
  # A code twice: refused, what was typed kept, nothing written.
  expect_eq "$(post auditor /admin/scales --data-urlencode name=Provider \
    --data-urlencode "ratings=$(printf 'P1: Priority 1\nP1: Again')")" 422
  expect_contains out.html '<a href="#ratings">Code &#39;P1&#39; appears twice'
  expect_contains out.html '>P1: Priority 1'
  expect_contains out.html 'value="Provider"'
  # A name taken (any case): refused at the name.
  expect_eq "$(post auditor /admin/scales --data-urlencode name=ehma --data-urlencode 'ratings=A:B')" 409
  expect_contains out.html '<a href="#name">A scale named &#39;ehma&#39; already exists'
  expect_eq "$(at log | wc -l)" "$before"
  # Added: one rating a line, trimmed; journalled once; a recommendation may use it.
  expect_eq "$(post auditor /admin/scales --data-urlencode name=Provider \
    --data-urlencode 'description=Internal audit provider' \
    --data-urlencode "ratings=$(printf 'P1: Priority 1: Fundamental weakness\r\n\r\nP2 :Priority 2\nP3:Priority 3')")" 303
  expect_eq "$(at log | wc -l)" "$((before + 1))"
  at scale list >scales.txt
  expect_contains scales.txt "Provider: Internal audit provider"
  expect_contains scales.txt "  P1           Priority 1   Fundamental weakness"
  expect_contains scales.txt "  P2           Priority 2"
  expect_eq "$(curl -s -o out.html -w '%{http_code}' -b jar.auditor -c jar.auditor "$BASE/admin/scales")" 200
  expect_contains out.html "Risk scale Provider added with 3 ratings"
  at audit add --title A >/dev/null
  at rec add --audit 1 --text T --target 2025-01-01 --risk P2 >/dev/null
  expect_eq "$(at rec list --format csv | sed -n 2p | cut -d, -f6)" "P2"
  # The command line says the same, naming its option.
  expect_status 2 at scale add Q --ratings "P1:A; P1:B" 2>e.txt
  expect_contains e.txt "--ratings: code 'P1' appears twice"
  expect_status 1 at scale add provider --ratings "X:Y" 2>e.txt
  expect_contains e.txt "a scale named 'provider' already exists (auditrack scale list)"
}

# Committee packs: a definition checked as `pack set` checks it (the line and what
# is wrong there), stored and journalled; a stored pack removed after asking, its
# definition kept in the journal; the policy's pack kept until another is chosen.
test_packs_checked_stored_and_removed() {
  web_start
  for r in auditor committee; do login $r; done
  expect_eq "$(get auditor /admin/packs)" 200
  expect_contains out.html '<a class="govuk-link" href="/admin/packs/manchester">manchester</a></th><td class="govuk-table__cell">Built in</td><td class="govuk-table__cell">Default</td>'
  expect_eq "$(get auditor /admin/packs/cambridgeshire)" 200
  expect_contains out.html 'Built in. Saving a changed definition stores your own under this name'
  expect_eq "$(get auditor /admin/packs/nosuch)" 404
  before=$(at log | wc -l)
  printf 'pack title="Ours"\nsummary title="Summary"\noutstanding band="sometime" title="Bad"\n' >bad.pack
  expect_eq "$(post auditor /admin/packs --data-urlencode name=ours --data-urlencode definition@bad.pack)" 422
  expect_contains out.html "<a href=\"#definition\">Definition: line 3: band &#39;sometime&#39; is not one of the policy&#39;s bands"
  expect_eq "$(post auditor /admin/packs --data-urlencode 'name=our pack' --data-urlencode definition@bad.pack)" 422
  expect_contains out.html '<a href="#name">Name: a pack&#39;s name is letters, digits'
  expect_eq "$(at log | wc -l)" "$before"
  printf 'pack title="Ours"\nsummary title="Where we are"\n' >good.pack
  expect_eq "$(post auditor /admin/packs --data-urlencode name=ours --data-urlencode definition@good.pack)" 303
  expect_eq "$(at pack show ours)" "$(cat good.pack)"
  expect_eq "$(at log | wc -l)" "$((before + 1))"
  expect_eq "$(get committee /admin/packs/ours)" 403
  expect_eq "$(post committee /admin/packs/remove --data-urlencode name=ours --data-urlencode confirm=yes)" 403
  # Removing asks first; then it is gone, journalled with what it said.
  expect_eq "$(post auditor /admin/packs/remove --data-urlencode name=ours)" 200
  expect_contains out.html 'Remove the pack ours?'
  expect_eq "$(at pack list | grep -c '^ours')" 1
  expect_eq "$(post auditor /admin/packs/remove --data-urlencode name=ours --data-urlencode confirm=yes)" 303
  expect_eq "$(at pack list | grep -c '^ours')" 0
  expect_eq "$(at log | tail -n 1 | grep -c 'pack.remove.*"definition":"pack title=\\"Ours\\"')" 1
  expect_eq "$(post auditor /admin/packs/remove --data-urlencode name=ours --data-urlencode confirm=yes)" 404
  # The policy's pack stays until another is chosen; the command line says the same.
  at pack set ours good.pack >/dev/null
  at policy set pack ours >/dev/null
  expect_eq "$(post auditor /admin/packs/remove --data-urlencode name=ours --data-urlencode confirm=yes)" 409
  expect_contains out.html "the policy&#39;s pack"
  if at pack remove ours 2>err.txt; then echo "pack remove took the policy's pack" >&2; return 1; fi
  expect_contains err.txt "auditrack: pack 'ours' is the policy's pack: choose another pack (policy setting 'pack') before removing it"
  at policy set pack manchester >/dev/null
  expect_eq "$(at pack remove ours)" "pack ours removed"
}

# E-mail settings: each shown (the SMTP connection without a form), changed through
# the same check and journal as `notify set`; the SMTP connection refused.
test_email_settings_and_templates() {
  web_start
  for r in auditor owner; do login $r; done
  at notify set smtp-url smtp://mail.example:587 >/dev/null
  expect_eq "$(get auditor /admin/email)" 200
  expect_contains out.html 'Now: smtp://mail.example:587'
  expect_not_contains out.html 'name="key" value="smtp-url"'
  expect_contains out.html '<input type="hidden" name="key" value="from">'
  before=$(at log | wc -l)
  expect_eq "$(post auditor /admin/email --data-urlencode key=smtp-url --data-urlencode value=smtp://evil.example)" 403
  expect_eq "$(post auditor /admin/email --data-urlencode key=smtp-password-file --data-urlencode value=/etc/shadow)" 403
  expect_eq "$(post auditor /admin/email --data-urlencode key=from --data-urlencode 'value=not an address')" 422
  expect_contains out.html '<a href="#value">Sender&#39;s address: '
  expect_eq "$(at log | wc -l)" "$before"
  expect_eq "$(post auditor /admin/email --data-urlencode key=from --data-urlencode value=audit@council.example)" 303
  expect_eq "$(at notify show | grep -c '^from  *= audit@council.example')" 1
  expect_eq "$(at log | wc -l)" "$((before + 1))"
  expect_eq "$(get auditor /admin/email)" 200
  expect_contains out.html '__heading">Sender&#39;s address: now audit@council.example</p>'
  # Cleared: the banner says so rather than "now" and nothing.
  expect_eq "$(post auditor /admin/email --data-urlencode key=from --data-urlencode value=)" 303
  expect_eq "$(get auditor /admin/email)" 200
  expect_contains out.html '__heading">Sender&#39;s address: cleared</p>'
  expect_eq "$(get owner /admin/email)" 403
  # Templates: a preview writes nothing; a wrong one is refused; saved and put back, journalled.
  expect_eq "$(post auditor /admin/templates --data-urlencode name=subject --data-urlencode action=preview --data-urlencode 'body={{count}}')" 200
  expect_contains out.html 'The preview needs a recommendation in the register.'
  at audit add --title Payroll --date 2024-01-15 >/dev/null
  at rec add --audit 1 --target 2024-06-30 --text 'Reconcile the payroll' --owner 'Payroll manager' >/dev/null
  before=$(at log | wc -l)
  expect_eq "$(get auditor /admin/templates/subject)" 200
  expect_eq "$(post auditor /admin/templates --data-urlencode name=subject --data-urlencode action=preview --data-urlencode 'body={{count}} for {{name}}')" 200
  expect_contains out.html '<p class="govuk-body" id="preview-subject">1 for Example person</p>'
  expect_eq "$(post auditor /admin/templates --data-urlencode name=subject --data-urlencode action=save --data-urlencode 'body={{nosuch}}')" 422
  expect_contains out.html '<a href="#body">Text: '
  expect_eq "$(at log | wc -l)" "$before"
  expect_eq "$(post auditor /admin/templates --data-urlencode name=subject --data-urlencode action=save --data-urlencode 'body={{count}} for {{name}}')" 303
  expect_eq "$(at notify template subject)" "{{count}} for {{name}}"
  expect_eq "$(post auditor /admin/templates --data-urlencode name=subject --data-urlencode action=reset)" 303
  expect_eq "$(at notify template subject | grep -c '^Audit recommendations:')" 1
  expect_eq "$(at log | wc -l)" "$((before + 2))"
  expect_eq "$(get auditor /admin/templates/nosuch)" 404
}
