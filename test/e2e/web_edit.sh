# Internal audit changes a recommendation in the browser: every field `rec set`
# changes, through the same action, journalled with its old value.
. "$ROOT/test/e2e/web_lib.sh"

# edit_setup: three recommendations, then the server.
#   1  Payroll manager, Resources (the audit's directorate), rated Medium (M)
#   2  Fleet manager, Places, theme Vehicles, executive member Cllr Ahmed
#   3  Payroll manager, Resources, confidential
edit_setup() {
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --date 2024-01-15 --directorate Resources >/dev/null
  at audit add --title "Fleet" --date 2024-02-01 >/dev/null
  at rec add --audit 1 --ref 1 --target 2024-06-30 --text "Reconcile payroll to the ledger" \
    --owner "Payroll manager" --risk M >/dev/null
  at rec add --audit 2 --ref 2 --target 2024-06-30 --text "Service the vans" \
    --owner "Fleet manager" --directorate Places --theme Vehicles --exec-member "Cllr Ahmed" >/dev/null
  at rec add --audit 1 --ref 3 --target 2024-06-30 --text "Secret remedy" \
    --owner "Payroll manager" --confidential >/dev/null
  at person set "Head of Finance" --email hof@example.org >/dev/null
  web_start
  for r in owner director committee auditor admin; do login $r; done
}

# edit_post ROLE [NAME=VALUE...]: the form's fields as the browser sends them
# for recommendation 1 as set up, each NAME given replacing its field's value.
edit_post() {
  who=$1; shift
  set -- "ref=1" "title=" "body=Reconcile payroll to the ledger" "risk_text=" "action=" \
    "owner=Payroll manager" "director=" "exec_member=" "theme=" "directorate=Resources" \
    "evidence_required=" "risk=" "$@"
  : > form.args
  for kv in "$@"; do
    grep -v "^${kv%%=*}=" form.args > form.tmp || true
    printf '%s\n' "$kv" >> form.tmp
    mv form.tmp form.args
  done
  set --
  while IFS= read -r kv; do set -- "$@" --data-urlencode "$kv"; done < form.args
  post "$who" /recs/1/edit "$@"
}

test_web_rec_edit_who_may() {
  edit_setup
  expect_eq "$(get auditor /recs/1/edit)" 200
  expect_eq "$(get admin /recs/1/edit)" 200
  for r in owner director committee; do
    expect_eq "$(get $r /recs/1/edit)" 403
    expect_eq "$(post $r /recs/1/edit --data-urlencode owner=Mallory)" 403
  done
  expect_eq "$(get auditor /recs/99/edit)" 404
  # Only internal audit is offered the link.
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html 'href="/recs/1/edit"'
  expect_eq "$(get owner /recs/1)" 200
  expect_not_contains out.html '/recs/1/edit'
  expect_eq "$(get director /recs/1)" 200
  expect_not_contains out.html '/recs/1/edit'
  expect_eq "$(get committee /recs/1)" 200
  expect_not_contains out.html '/recs/1/edit'
  expect_eq "$(at log | grep -c rec.set)" 0
}

test_web_rec_edit_form_suggests_names() {
  edit_setup
  expect_eq "$(get auditor /recs/1/edit)" 200
  # Each field shows what is recorded; the directorate is the audit's.
  expect_contains out.html 'name="owner" type="text" list="people" value="Payroll manager"'
  expect_contains out.html 'name="directorate" type="text" list="directorates" value="Resources"'
  expect_contains out.html '>Reconcile payroll to the ledger</textarea>'
  expect_contains out.html '<option value="M" selected>Medium (EHMA)</option>'
  # People from the register and the store, each once, sorted; directorates; themes.
  expect_contains out.html '<datalist id="people"><option value="Cllr Ahmed"></option><option value="Fleet manager"></option><option value="Head of Finance"></option><option value="Payroll manager"></option></datalist>'
  expect_contains out.html '<datalist id="directorates"><option value="Places"></option><option value="Resources"></option></datalist>'
  expect_contains out.html '<datalist id="themes"><option value="Vehicles"></option></datalist>'
  expect_contains out.html 'name="confidential" type="checkbox" value="1">'
  expect_eq "$(get auditor /recs/3/edit)" 200
  expect_contains out.html 'name="confidential" type="checkbox" value="1" checked'
}

test_web_rec_edit_saves_and_history_tells() {
  edit_setup
  before=$(at log | wc -l)
  expect_eq "$(edit_post auditor 'owner=Fleet manager' \
    'theme=Pay' 'risk=H')" 303
  expect_contains hdr.txt "Location: /recs/1"
  # One journal entry per field changed, as `rec set` writes them.
  expect_eq "$(at log | wc -l)" "$((before + 3))"
  at log > log.txt
  expect_contains log.txt '"field":"owner","old":"Payroll manager","new":"Fleet manager"'
  expect_contains log.txt '"field":"theme","new":"Pay"'
  expect_contains log.txt '"field":"risk","old":"Medium (M)","new":"High (H)"'
  at rec show 1 > show.txt
  expect_contains show.txt "Fleet manager"
  # The banner, and the history in words with the old and new values.
  expect_eq "$(curl -s -o out.html -w '%{http_code}' -b jar.auditor -c jar.auditor "$BASE/recs/1")" 200
  expect_contains out.html "Recommendation changed: Owner, Theme, Risk rating"
  expect_contains out.html "Owner changed"
  expect_contains out.html "Theme recorded"
  expect_contains out.html "Risk rating changed to High (H)"
  expect_contains out.html "Medium (M)"
  # The directorate shown was the audit's: sending it back unchanged wrote nothing.
  expect_not_contains log.txt '"field":"directorate"'
  # Nothing changed: nothing written.
  before=$(at log | wc -l)
  expect_eq "$(edit_post auditor 'owner=Fleet manager' \
    'theme=Pay')" 303
  expect_eq "$(at log | wc -l)" "$before"
  # Confidential, by the checkbox.
  expect_eq "$(edit_post auditor 'owner=Fleet manager' \
    'theme=Pay' confidential=1)" 303
  expect_eq "$(at log | tail -n 1 | grep -c '"field":"confidential","old":"0","new":"1"')" 1
}

test_web_rec_edit_refused_writes_nothing() {
  edit_setup
  before=$(at log | wc -l)
  # An empty recommendation text is refused with the GOV.UK error summary, the
  # other changes typed kept on the form and none of them written.
  expect_eq "$(edit_post auditor 'owner=Fleet manager' 'body= ')" 422
  expect_contains out.html "There is a problem"
  expect_contains out.html 'href="#body"'
  expect_contains out.html "The recommendation&#39;s text cannot be empty"
  expect_contains out.html 'value="Fleet manager"'
  expect_eq "$(at log | wc -l)" "$before"
  at rec show 1 > show.txt
  expect_contains show.txt "Payroll manager"
  # An unknown rating, likewise.
  expect_eq "$(edit_post auditor 'owner=Fleet manager' 'risk=Q9')" 422
  expect_contains out.html 'href="#risk"'
  expect_eq "$(at log | wc -l)" "$before"
  # Too long a name is the door's refusal, before any write.
  long=$(printf '%0300d' 0)
  expect_eq "$(edit_post auditor "owner=$long")" 422
  expect_contains out.html 'href="#owner"'
  expect_eq "$(at log | wc -l)" "$before"
}

test_rec_set_risk_journals_old_rating() {
  edit_setup
  at rec set 1 risk E >/dev/null
  expect_eq "$(at log | tail -n 1 | grep -c '"field":"risk","old":"Medium (M)","new":"Essential (E)"')" 1
  # The same value again writes nothing.
  before=$(at log | wc -l)
  at rec set 1 owner "Payroll manager" >/dev/null
  expect_eq "$(at log | wc -l)" "$before"
}

# Closing as implemented needs the evidence seen, on every door, and a refusal
# writes nothing: the web's form comes back with the GOV.UK error summary naming
# the field and the comment typed kept; the API says which field; the command
# line names the option.
test_close_needs_the_evidence_seen_everywhere() {
  edit_setup
  TOKEN=$(at token add auditor --name tests)
  before=$(at log | wc -l)
  expect_eq "$(post auditor /recs/2/close --data-urlencode 'close_text=Seen at the depot' \
    --data-urlencode 'evidence_seen=   ')" 422
  expect_contains out.html "There is a problem"
  expect_contains out.html '<a href="#evidence_seen">Evidence seen is required to close recommendation 2 as implemented'
  expect_contains out.html 'id="evidence_seen-error"'
  expect_contains out.html '>Seen at the depot</textarea>'
  code=$(curl -s -o api.json -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d '{"text":"Seen"}' "$BASE/api/v1/recs/2/close")
  expect_eq "$code" 422
  expect_contains api.json "evidence seen is required to close recommendation 2"
  expect_status 2 at rec close 2 --text "Looks done" 2>err.txt
  expect_contains err.txt "--evidence: evidence seen is required to close recommendation 2"
  expect_status 2 at rec close 2 --evidence " "
  expect_eq "$(at log | wc -l)" "$before"
  at rec close 2 --evidence "Service log for September seen" >/dev/null
  expect_eq "$(at log | wc -l)" "$((before + 1))"
}

# Back from a recommendation goes to the list as it was opened: its filters,
# sort and page; a page elsewhere, or another site, sends Back to the list.
test_back_keeps_the_list_filters() {
  edit_setup
  back() { curl -s -b "jar.$1" -H "Referer: $2" "$BASE/recs/1" | grep -o '<a href="[^"]*" class="govuk-back-link">'; }
  expect_eq "$(back auditor "$BASE/recs?owner=Payroll+manager&sort=ref&order=asc&page=2")" \
    '<a href="/recs?owner=Payroll+manager&amp;sort=ref&amp;order=asc&amp;page=2" class="govuk-back-link">'
  expect_eq "$(back auditor "http://evil.example/recs?x=1")" '<a href="/recs" class="govuk-back-link">'
  expect_eq "$(back auditor "$BASE/recsx")" '<a href="/recs" class="govuk-back-link">'
  expect_eq "$(back auditor "$BASE/audits/1")" '<a href="/recs" class="govuk-back-link">'
  expect_eq "$(back owner "$BASE/recs?owner=x")" '<a href="/my" class="govuk-back-link">'
}
