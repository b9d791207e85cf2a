# The recommendation page, its forms, the review queue and evidence files.
. "$ROOT/test/e2e/web_lib.sh"

# rec_setup [serve args]: four recommendations, then the server.
#   1  Payroll manager, Resources, needs evidence to close
#   2  Payroll manager, Resources, confidential
#   3  Fleet manager, Places
#   4  Payroll manager, Resources, due 2040, no evidence named
rec_setup() {
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --date 2024-01-15 --assurance limited --directorate Resources >/dev/null
  at audit add --title "Fleet" --date 2024-02-01 --directorate Places >/dev/null
  at rec add --audit 1 --ref 1 --target 2024-06-30 --text "Reconcile payroll to the ledger" \
    --owner "Payroll manager" --directorate Resources --evidence "three signed reconciliations" >/dev/null
  at rec add --audit 1 --ref 2 --target 2024-06-30 --text "Secret remedy" \
    --owner "Payroll manager" --directorate Resources --confidential >/dev/null
  at rec add --audit 2 --ref 3 --target 2024-06-30 --text "Service the vans" \
    --owner "Fleet manager" --directorate Places >/dev/null
  at rec add --audit 1 --ref 4 --target 2040-06-30 --text "Plain one" \
    --owner "Payroll manager" --directorate Resources >/dev/null
  web_start "$@"
}

# upload ROLE PATH [curl -F args...]: a multipart POST with the CSRF token
upload() {
  who=$1; path=$2; shift 2
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$who" -c "jar.$who" -H "Origin: $BASE" \
    -F "csrf=$(csrf "$who")" "$@" "$BASE$path"
}

journal_count() { at log | wc -l; }

test_web_rec_access() {
  rec_setup
  for r in owner committee director auditor; do login $r; done
  expect_eq "$(get owner /recs/1)" 200
  expect_contains out.html "Reconcile payroll to the ledger"
  expect_contains out.html 'action="/recs/1/update"'
  expect_contains out.html 'action="/recs/1/date-request"'
  expect_not_contains out.html 'action="/recs/1/close"'
  expect_eq "$(get owner /recs/3)" 404
  expect_not_contains out.html "Service the vans"
  expect_eq "$(get owner /recs/99)" 404
  expect_eq "$(get director /recs/1)" 200
  expect_eq "$(get director /recs/3)" 404
  expect_eq "$(get committee /recs/2)" 403
  expect_contains out.html "detail is withheld"
  expect_not_contains out.html "Secret remedy"
  expect_eq "$(get committee /recs/1)" 200
  expect_contains out.html "Reconcile payroll to the ledger"
  expect_not_contains out.html 'action="/recs/1/'
  expect_eq "$(get auditor /recs/2)" 200
  expect_contains out.html "Secret remedy"
  expect_contains out.html 'action="/recs/2/close"'
  # The state as at a date, from the as-at engine: due 30 Jun 2024, 6 months at 31 Dec 2024.
  expect_eq "$(get auditor '/recs/1?as_at=2024-12-31')" 200
  expect_contains out.html 'State as at <time datetime="2024-12-31">31 December 2024</time>'
  expect_contains out.html '<dd class="govuk-summary-list__value" id="months-overdue">6 (from <time datetime="2024-06-30">30 June 2024</time>)</dd>'
  expect_contains out.html '<dd class="govuk-summary-list__value at-pre">6-12 months</dd>'
  expect_contains out.html "Executive member notified (executive member, at 6 months)"
  expect_contains out.html '<strong class="govuk-tag govuk-tag--red">Red</strong>'
  expect_eq "$(get auditor '/recs/1?as_at=31/10/2024')" 200
  expect_contains out.html '<dd class="govuk-summary-list__value" id="months-overdue">4 (from <time datetime="2024-06-30">30 June 2024</time>)</dd>'
  expect_contains out.html '<dd class="govuk-summary-list__value at-pre">under 6 months</dd>'
  expect_contains out.html '<strong class="govuk-tag govuk-tag--yellow">Amber</strong>'
  expect_not_contains out.html "Executive member notified"
  expect_eq "$(get auditor '/recs/1?as_at=2024-05-01')" 200
  expect_contains out.html "Not overdue"
  expect_eq "$(get auditor '/recs/1?as_at=nonsense')" 400
  # Committee and owners cannot reach internal audit's pages at all.
  expect_eq "$(get owner /review)" 403
  expect_eq "$(get committee /review)" 403
  expect_eq "$(post committee /recs/1/update --data-urlencode narrative=hello)" 403
  expect_eq "$(post owner /recs/1/close --data-urlencode evidence_seen=x)" 403
}

test_web_rec_update_review_and_evidence() {
  rec_setup
  echo "$PW" | at user add director2 --role director --name "Places director" --directorate Places >/dev/null
  for r in owner committee auditor director2; do login $r; done
  printf '%%PDF-1.4 test evidence\n%%%%EOF\n' >f.pdf
  expect_eq "$(upload owner /recs/1/update -F 'narrative=Two reconciliations done' \
    -F claimed=in_progress -F percent=60 -F 'evidence=@f.pdf;type=application/pdf')" 303
  expect_eq "$(get owner /recs/1)" 200
  expect_contains out.html "Update sent: internal audit will review it"
  expect_contains out.html "Two reconciliations done"
  expect_contains out.html "<strong>Claimed status:</strong> In progress"
  expect_contains out.html "<strong>Complete:</strong> 60%"
  expect_contains out.html '<a class="govuk-link" href="/evidence/1">Download f.pdf</a> (1 KB)'
  expect_contains out.html "Waiting for internal audit"
  # The bytes are kept outside the database, by digest, mode 0600.
  sha=$(sha256sum f.pdf | cut -c1-64)
  ab=$(echo "$sha" | cut -c1-2); rest=$(echo "$sha" | cut -c3-)
  cmp f.pdf "$DB.evidence/$ab/$rest"
  expect_eq "$(stat -c %a "$DB.evidence/$ab/$rest")" 600
  # Internal audit's queue shows it; a rejection needs a note.
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html "1 submission waiting"
  expect_contains out.html "Two reconciliations done"
  expect_contains out.html "Download f.pdf"
  expect_contains out.html 'action="/submissions/1/decide"'
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=reject)" 422
  expect_contains out.html "Say why, so that the owner knows what to do next"
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=approve)" 422
  expect_contains out.html "update is accepted or rejected, not approved or refused"
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=accept)" 303
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=accept)" 409
  expect_contains out.html "already accepted"
  expect_eq "$(post auditor /submissions/99/decide --data-urlencode verdict=accept)" 404
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html "0 submissions waiting"
  expect_eq "$(get owner /recs/1)" 200
  expect_contains out.html "Accepted</strong> by Test auditor"
  # Downloads: an attachment, byte for byte, to those who may read the recommendation.
  expect_eq "$(curl -s -o dl.pdf -D dh.txt -w '%{http_code}' -b jar.owner "$BASE/evidence/1")" 200
  cmp f.pdf dl.pdf
  expect_contains dh.txt "Content-Type: application/pdf"
  expect_contains dh.txt "Content-Disposition: attachment; filename=\"f.pdf\"; filename*=UTF-8''f.pdf"
  expect_contains dh.txt "X-Content-Type-Options: nosniff"
  expect_eq "$(get committee /evidence/1)" 200
  expect_eq "$(get director2 /evidence/1)" 404
  expect_eq "$(get auditor /evidence/2)" 404
  # Evidence on the confidential one: never for the committee.
  expect_eq "$(upload owner /recs/2/update -F 'narrative=Done quietly' -F 'evidence=@f.pdf;filename=quiet.pdf')" 303
  expect_eq "$(get auditor /evidence/2)" 200
  expect_eq "$(get committee /evidence/2)" 404
  expect_eq "$(get owner /evidence/2)" 200
  # The same bytes twice are stored once.
  expect_eq "$(find "$DB.evidence" -type f | wc -l)" 1
  # Internal audit's own updates do not wait for review.
  expect_eq "$(upload auditor /recs/4/update -F 'narrative=Checked on site')" 303
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html "1 submission waiting"
  expect_contains out.html "Done quietly"
  expect_not_contains out.html "Checked on site"
}

# An owner reports how far they have got; Risk accepted, Superseded and Not adopted
# are internal audit's to record: not offered, and refused beside the field when sent.
test_web_rec_owner_claims_only_progress() {
  rec_setup
  login owner; login auditor
  expect_eq "$(get owner /recs/4)" 200
  expect_contains out.html '<option value="implemented">Implemented (for internal audit to review)</option>'
  expect_not_contains out.html '<option value="risk_accepted">'
  expect_not_contains out.html '<option value="superseded">'
  expect_not_contains out.html '<option value="not_adopted">'
  n0=$(journal_count)
  for st in risk_accepted superseded not_adopted; do
    expect_eq "$(upload owner /recs/4/update -F 'narrative=Done' -F "claimed=$st")" 422
    expect_contains out.html 'href="#claimed"'
    expect_contains out.html "only internal audit (or the committee&#39;s decision) records that"
  done
  expect_eq "$(journal_count)" "$n0"
  expect_eq "$(upload owner /recs/4/update -F 'narrative=Done' -F claimed=implemented)" 303
  # Internal audit's own form keeps every status.
  expect_eq "$(get auditor /recs/4)" 200
  expect_contains out.html '<option value="risk_accepted">Risk accepted</option>'
  expect_eq "$(upload auditor /recs/4/update -F 'narrative=Noted' -F claimed=superseded)" 303
}

test_web_rec_date_request() {
  rec_setup
  for r in owner auditor; do login $r; done
  expect_eq "$(post owner /recs/1/date-request --data-urlencode new_target=31/12/2040 \
    --data-urlencode 'date_reason=New system goes live late')" 303
  expect_eq "$(post owner /recs/1/date-request --data-urlencode new_target=2041-06-30 \
    --data-urlencode 'date_reason=Second thoughts')" 303
  expect_eq "$(post owner /recs/1/date-request --data-urlencode new_target=someday \
    --data-urlencode 'date_reason=x')" 422
  expect_contains out.html "The new target date must be a date, like 31/03/2025, or TBC"
  expect_contains out.html 'value="someday"'
  expect_eq "$(post owner /recs/1/date-request --data-urlencode new_target=2020-01-01 \
    --data-urlencode 'date_reason=x')" 422
  expect_contains out.html "The new date must not be in the past"
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html "2 submissions waiting"
  expect_contains out.html "31 December 2040"
  expect_contains out.html "New system goes live late"
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=accept)" 422
  expect_contains out.html "A date request is approved or refused"
  expect_eq "$(post auditor /submissions/2/decide --data-urlencode verdict=refuse)" 422
  expect_eq "$(post auditor /submissions/2/decide --data-urlencode verdict=refuse \
    --data-urlencode 'note=One extension is enough')" 303
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=approve)" 303
  expect_eq "$(get owner /recs/1)" 200
  expect_contains out.html '<dd class="govuk-summary-list__value" id="current-target">31 December 2040</dd>'
  expect_contains out.html "Target date changed from 30 June 2024 to 31 December 2040, agreed by Test auditor"
  expect_contains out.html "Refused</strong> by Test auditor"
  expect_contains out.html "One extension is enough"
}

test_web_rec_close_reopen_and_audit_forms() {
  rec_setup
  login auditor
  n=$(journal_count)
  expect_eq "$(post auditor /recs/1/close --data-urlencode 'close_text=All done')" 409
  expect_contains out.html "Recommendation 1 needs evidence to close: three signed reconciliations"
  expect_contains out.html '>All done</textarea>'
  expect_eq "$(journal_count)" "$n"
  expect_eq "$(post auditor /recs/1/close --data-urlencode 'evidence_seen=Reconciliations for Jul-Sep signed')" 303
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html "Closed</strong> on"
  expect_contains out.html "Evidence seen: Reconciliations for Jul-Sep signed"
  expect_contains out.html 'action="/recs/1/reopen"'
  expect_eq "$(post auditor /recs/1/close --data-urlencode 'evidence_seen=again')" 409
  expect_eq "$(post auditor /recs/1/reopen)" 422
  expect_contains out.html "Enter why it is reopened"
  expect_eq "$(post auditor /recs/1/reopen --data-urlencode 'reopen_reason=Stopped in December')" 303
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html '<strong class="govuk-tag govuk-tag--blue">Open</strong>; reopened 1 time'
  expect_eq "$(post auditor /recs/1/reopen --data-urlencode 'reopen_reason=again')" 409
  expect_contains out.html "is open: nothing to reopen"
  # An opinion of implemented on one that needs evidence must say what was seen.
  expect_eq "$(post auditor /recs/1/opinion --data-urlencode opinion=implemented)" 409
  expect_eq "$(post auditor /recs/1/opinion --data-urlencode opinion=partially_implemented \
    --data-urlencode 'next_action=Follow up in February' --data-urlencode follow_up=28/02/2041)" 303
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html "Internal audit opinion: Partially implemented"
  expect_contains out.html "<strong>Next follow-up:</strong> 28 February 2041"
  expect_eq "$(post auditor /recs/4/opinion --data-urlencode opinion=risk_accepted)" 422
  expect_contains out.html "Say who accepted the risk"
  expect_eq "$(post auditor /recs/4/decision --data-urlencode kind=extension_granted)" 422
  expect_contains out.html "An extension needs its new target date"
  expect_eq "$(post auditor /recs/4/decision --data-urlencode kind=extension_granted \
    --data-urlencode decision_target=2041-03-31 --data-urlencode 'meeting=Audit Committee 20 Jan 2025')" 303
  expect_eq "$(get auditor /recs/4)" 200
  expect_contains out.html '<dd class="govuk-summary-list__value" id="current-target">31 March 2041</dd>'
  expect_contains out.html "Committee decision: Extension granted"
  expect_eq "$(post auditor /recs/4/revise --data-urlencode revise_target=TBC \
    --data-urlencode 'revise_reason=Waiting for the new system' --data-urlencode 'agreed_by=Director of Resources')" 303
  expect_eq "$(get auditor /recs/4)" 200
  expect_contains out.html '<dd class="govuk-summary-list__value" id="current-target">TBC</dd>'
  expect_eq "$(post auditor /recs/4/risk-accept --data-urlencode 'risk_by=Chief executive' \
    --data-urlencode 'risk_why=Too costly')" 303
  expect_eq "$(get auditor /recs/4)" 200
  expect_contains out.html "(Risk accepted)"
  expect_eq "$(post auditor /recs/4/supersede --data-urlencode 'supersede_text=New audit')" 409
  expect_eq "$(post auditor /recs/3/supersede --data-urlencode 'supersede_text=Replaced by rec 9')" 303
  expect_eq "$(post auditor /recs/99/supersede --data-urlencode 'supersede_text=x')" 404
  at verify >/dev/null
}

test_web_rec_hostile_text_is_escaped() {
  rec_setup
  for r in owner auditor director; do login $r; done
  S="<script>alert(1)</script> '; DROP TABLE rec; --"
  E="&lt;script&gt;alert(1)&lt;/script&gt; &#39;; DROP TABLE rec; --"
  expect_eq "$(upload owner /recs/4/update --form-string "narrative=$S")" 303
  expect_eq "$(post owner /recs/4/date-request --data-urlencode new_target=2041-01-31 --data-urlencode "date_reason=$S")" 303
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html "$E"
  expect_not_contains out.html "<script>alert"
  # A refusal by the action layer shows what was typed, escaped, and writes nothing.
  expect_eq "$(post auditor /recs/1/close --data-urlencode "close_text=$S")" 409
  expect_contains out.html ">$E</textarea>"
  # So does a refusal at the door.
  expect_eq "$(upload owner /recs/1/update --form-string "narrative=$S" -F percent=200)" 422
  expect_contains out.html "Percent complete must be a whole number from 0 to 100"
  expect_contains out.html ">$E</textarea>"
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=reject --data-urlencode "note=$S")" 303
  expect_eq "$(post auditor /submissions/2/decide --data-urlencode verdict=refuse --data-urlencode "note=$S")" 303
  expect_eq "$(post auditor /recs/4/opinion --data-urlencode opinion=in_progress --data-urlencode "opinion_text=$S" \
    --data-urlencode "next_action=$S" --data-urlencode "accepted_by=$S")" 303
  expect_eq "$(post auditor /recs/4/revise --data-urlencode revise_target=2041-01-31 \
    --data-urlencode "revise_reason=$S" --data-urlencode "agreed_by=$S")" 303
  expect_eq "$(post auditor /recs/4/decision --data-urlencode kind=noted --data-urlencode "meeting=$S" \
    --data-urlencode "decision_text=$S")" 303
  expect_eq "$(post auditor /recs/4/close --data-urlencode "close_text=$S" --data-urlencode "evidence_seen=$S")" 303
  expect_eq "$(post auditor /recs/4/reopen --data-urlencode "reopen_reason=$S")" 303
  expect_eq "$(post auditor /recs/4/supersede --data-urlencode "supersede_text=$S")" 303
  expect_eq "$(post auditor /recs/1/risk-accept --data-urlencode "risk_by=$S" --data-urlencode "risk_why=$S")" 303
  expect_eq "$(post director /recs/1/delegate --data-urlencode "delegate_login=$S")" 422
  expect_contains out.html "There is no owner account with the login $E"
  expect_contains out.html "value=\"$E\""
  expect_eq "$(get auditor /recs/4)" 200
  expect_not_contains out.html "<script>alert"
  # 15 on the history (narrative, date reason, both notes, opinion text, next action and accepted
  # by, revision reason and agreed by, meeting, decision text, the closing text with its evidence
  # (2), reopen reason, supersede text), both notes again at the top (what internal audit sent
  # back) and the same 15 in the journal's details.
  expect_eq "$(grep -o "$E" out.html | wc -l)" 32
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html "<strong>Risk accepted by:</strong> $E"
  expect_not_contains out.html "<script>alert"
  # The register is whole: every recommendation still there, the journal's chain intact.
  for i in 1 2 3 4; do at rec show $i >/dev/null; done
  expect_contains out.html "Reconcile payroll to the ledger"
  at verify >/dev/null
}

test_web_rec_upload_refusals() {
  rec_setup --upload-mb 1
  login owner
  n=$(journal_count)
  { printf '%%PDF-1.4\n'; head -c 2097152 /dev/zero; } >big.pdf
  expect_eq "$(upload owner /recs/1/update -F narrative=Big -F evidence=@big.pdf)" 422
  expect_contains out.html "The evidence file must be smaller than 1 MB"
  expect_contains out.html ">Big</textarea>"
  printf '%%PDF-1.4 small\n' >f.pdf
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F 'evidence=@f.pdf;filename=../../etc/passwd')" 422
  expect_contains out.html "looks like a path"
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F 'evidence=@f.pdf;filename=a/b.pdf')" 422
  expect_contains out.html "The file name &quot;a/b.pdf&quot; looks like a path"
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F 'evidence=@f.pdf;filename=a\b.pdf')" 422
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F 'evidence=@f.pdf;filename=.hidden.pdf')" 422
  expect_contains out.html "must not start with a dot"
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F 'evidence=@f.pdf;filename=tool.exe')" 422
  expect_contains out.html "must be a PDF, image"
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F 'evidence=@f.pdf;filename=photo.png')" 422
  expect_contains out.html "is not a real .png file"
  : >empty.txt
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F evidence=@empty.txt)" 422
  expect_contains out.html "is empty"
  printf 'a\0b' >nul.txt
  expect_eq "$(upload owner /recs/1/update -F narrative=x -F evidence=@nul.txt)" 422
  expect_eq "$(journal_count)" "$n"
  expect_eq "$(find "$DB.evidence" -type f | wc -l)" 0
  # The accepted kinds, sniffed: CSV text, PNG, a zip named .xlsx.
  printf 'a,b\n1,2\n' >t.csv
  printf '\211PNG\r\n\032\n0000' >p.png
  printf 'PK\003\004rest' >s.xlsx
  expect_eq "$(upload owner /recs/1/update -F narrative=Three -F evidence=@t.csv -F evidence2=@p.png -F evidence3=@s.xlsx)" 303
  expect_eq "$(journal_count)" "$((n + 1))"
  expect_eq "$(find "$DB.evidence" -type f | wc -l)" 3
  expect_eq "$(curl -s -o /dev/null -D h.txt -w '%{http_code}' -b jar.owner "$BASE/evidence/3")" 200
  expect_contains h.txt "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

test_web_rec_download_name_is_safe() {
  rec_setup
  login owner
  # By hand: curl would percent-encode the name itself.
  printf -- "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n--XyZ\r\nContent-Disposition: form-data; name=\"narrative\"\r\n\r\nx\r\n--XyZ\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"it's; c \303\251.txt\"\r\nContent-Type: text/html\r\n\r\nhello\n\r\n--XyZ--\r\n" "$(csrf owner)" >body.bin
  expect_eq "$(curl -s -o out.html -w '%{http_code}' -b jar.owner -H "Origin: $BASE" \
    -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @body.bin "$BASE/recs/1/update")" 303
  expect_eq "$(curl -s -o got.txt -D h.txt -w '%{http_code}' -b jar.owner "$BASE/evidence/1")" 200
  expect_eq "$(cat got.txt)" hello
  expect_contains h.txt "Content-Disposition: attachment; filename=\"it's_ c __.txt\"; filename*=UTF-8''it%27s%3B%20c%20%C3%A9.txt"
  # The type is the one decided on arrival, not the one the browser claimed.
  expect_contains h.txt "Content-Type: text/plain; charset=utf-8"
}

test_web_rec_delegation() {
  rec_setup
  echo "$PW" | at user add owner2 --role owner --name "Deputy" --owner-as "Deputy payroll" >/dev/null
  for r in owner owner2 director auditor; do login $r; done
  expect_eq "$(get owner2 /recs/1)" 404
  expect_eq "$(post owner /recs/1/delegate --data-urlencode delegate_login=owner2)" 403
  expect_eq "$(post director /recs/3/delegate --data-urlencode delegate_login=owner2)" 404
  expect_eq "$(post director /recs/1/delegate --data-urlencode delegate_login=director)" 422
  expect_eq "$(post director /recs/1/delegate --data-urlencode delegate_login=owner2)" 303
  expect_eq "$(get owner2 /recs/1)" 200
  expect_contains out.html 'action="/recs/1/update"'
  expect_eq "$(get owner2 /recs/4)" 404
  expect_eq "$(post auditor /recs/4/delegate --data-urlencode delegate_login=owner2)" 303
  expect_eq "$(get owner2 /recs/4)" 200
  expect_contains out.html "Delegated to the owner account owner2</h3>"
  expect_not_contains out.html "rec.delegate"
  # My actions lists exactly the delegated ones, each once, in the register's order.
  expect_eq "$(get owner2 /my)" 200
  expect_eq "$(grep -o 'href="/recs/[0-9]*"' out.html | tr '\n' ' ')" 'href="/recs/1" href="/recs/4" '
  at verify >/dev/null
}

test_web_rec_posts_need_csrf() {
  rec_setup
  login auditor
  n=$(journal_count)
  for p in update date-request opinion close reopen risk-accept supersede decision revise delegate; do
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" \
      --data 'narrative=x&new_target=2041-01-01&date_reason=x&opinion=in_progress&evidence_seen=x' \
      "$BASE/recs/1/$p")" 403 "$p"
  done
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" \
    -F narrative=x "$BASE/recs/1/update")" 403 "multipart update"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" \
    --data verdict=accept "$BASE/submissions/1/decide")" 403 "decide"
  expect_eq "$(journal_count)" "$n"
}

# The page leads with what the recommendation is and its state in one line; an
# owner's update form comes before the details and the history, which is in
# words, newest first, each action once. The journal's raw entries are internal
# audit's only, and so are the as-at form and the link to the audit.
test_web_rec_page_order_and_history_in_words() {
  rec_setup
  for r in owner director committee auditor; do login $r; done
  at rec set 1 owner "Finance manager" >/dev/null
  at rec set 1 owner "Payroll manager" >/dev/null
  at rec set 1 theme "Financial control" >/dev/null
  at rec revise 1 --target 2024-09-30 --reason "New system" --agreed-by "Head of Audit" --on 2024-07-01 >/dev/null
  expect_eq "$(upload owner /recs/1/update -F 'narrative=First reconciliation signed')" 303
  expect_eq "$(get owner /recs/1)" 200
  # The state in one line, under the heading: overdue from the original target (the default basis).
  expect_contains out.html '<p class="govuk-body-l at-state" id="rec-state"><strong class="govuk-tag govuk-tag--red">Overdue</strong> by '
  expect_contains out.html ': due <time datetime="2024-06-30">30 June 2024</time></p>'
  expect_contains out.html '<p class="govuk-body at-state-basis" id="rec-state-basis">The current target is 30 September 2024; overdue months count from the original target, as the policy sets</p>'
  # Counted from the current target, the one date says it all.
  at policy set basis current >/dev/null
  expect_eq "$(get owner /recs/1)" 200
  expect_contains out.html ': due <time datetime="2024-09-30">30 September 2024</time></p>'
  expect_not_contains out.html 'id="rec-state-basis"'
  at policy set basis original >/dev/null
  # Then the owner's form (open, not behind a summary), then the details, then the history.
  state=$(grep -bo 'id="rec-state"' out.html | cut -d: -f1)
  form=$(grep -bo '<form method="post" action="/recs/1/update" id="update-form"' out.html | cut -d: -f1)
  details=$(grep -bo '>The recommendation</h2>' out.html | cut -d: -f1)
  hist=$(grep -bo 'id="history"' out.html | cut -d: -f1)
  expect_eq "$([ "$state" -lt "$form" ] && [ "$form" -lt "$details" ] && [ "$details" -lt "$hist" ] && echo ordered)" ordered
  expect_not_contains out.html '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">Post an update'
  # Unrecorded fields on one line, not a row each.
  expect_contains out.html '<dt class="govuk-summary-list__key">Not recorded</dt><dd class="govuk-summary-list__value at-pre">Title, Risk rating, Risk, Agreed action, Director, Executive member</dd>'
  # The history in words, newest first (on one day, in rec_timeline's order of kinds, reversed:
  # the field changes, then the update): the theme, the owner twice, the update, the revision, made.
  expect_contains out.html '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Owner changed</h3>'
  expect_contains out.html '<strong>Was:</strong> Finance manager</p><p class="govuk-body at-pre"><strong>Now:</strong> Payroll manager</p>'
  expect_contains out.html '<strong>Was:</strong> Payroll manager</p><p class="govuk-body at-pre"><strong>Now:</strong> Finance manager</p>'
  expect_contains out.html '>Theme recorded</h3>'
  expect_contains out.html '>Target date changed from 30 June 2024 to 30 September 2024, agreed by Head of Audit</h3>'
  grep -o '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">[^<]*</h3>' out.html | sed 's/<[^>]*>//g' >h3.txt
  printf '%s\n' "Theme recorded" "Owner changed" "Owner changed" "Update from the service" \
    "Target date changed from 30 June 2024 to 30 September 2024, agreed by Head of Audit" \
    "Recommendation made" >want.txt
  expect_eq "$(cat h3.txt)" "$(cat want.txt)"
  expect_contains out.html "6 entries, newest first."
  expect_contains out.html "The update sent on"
  # No journal, no JSON, no as-at form and no link to internal audit's audit page.
  for r in owner director committee; do
    expect_eq "$(get $r /recs/1)" 200
    expect_not_contains out.html '{&quot;'
    expect_not_contains out.html 'rec.set'
    expect_not_contains out.html 'id="journal"'
    expect_not_contains out.html 'name="as_at"'
    expect_not_contains out.html 'href="/audits/1"'
    expect_contains out.html '<span class="govuk-caption-l" id="rec-audit">Audit: Payroll (<time datetime="2024-01-15">15 January 2024</time>)</span>'
    expect_contains out.html 'Owner changed'
  done
  expect_not_contains out.html 'action="/recs/1/update"'
  # Internal audit: the link, the as-at form, and every journal entry with its detail, collapsed.
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html '<a class="govuk-link" href="/audits/1">Payroll</a>'
  expect_contains out.html 'name="as_at"'
  expect_contains out.html '<details class="govuk-details" id="journal">'
  expect_contains out.html 'Journal entries (6)'
  expect_eq "$(grep -Eo '<strong>Entry [0-9]+: rec\.set</strong>' out.html | wc -l)" 3
  expect_contains out.html '{&quot;field&quot;:&quot;theme&quot;'
  expect_eq "$(grep -Eo '<strong>Entry [0-9]+: rec\.update</strong>' out.html | wc -l)" 1
  # As at a past date the history is what had happened by then.
  expect_eq "$(get auditor '/recs/1?as_at=2024-07-15')" 200
  expect_contains out.html "2 entries, newest first."
  expect_contains out.html 'Journal entries (0)'
}

# A form sent back with an error cannot keep the files chosen: it says so,
# naming them, beside the file fields.
test_web_rec_files_not_kept_say_so() {
  rec_setup
  login owner
  printf '%%PDF-1.4 small\n' >f.pdf
  expect_eq "$(upload owner /recs/1/update -F narrative= -F 'evidence=@f.pdf;type=application/pdf' \
    -F 'evidence3=@f.pdf;filename=second.pdf;type=application/pdf')" 422
  expect_contains out.html 'Enter what has been done'
  expect_contains out.html '<span class="govuk-visually-hidden">Warning</span>Choose the files again: f.pdf, second.pdf were not kept because the form had an error.</strong>'
  # Without a file there is nothing to say.
  expect_eq "$(upload owner /recs/1/update -F narrative=)" 422
  expect_not_contains out.html 'Choose the file'
  expect_not_contains out.html 'were not kept'
}
