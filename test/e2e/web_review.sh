# Internal audit clears the review queue: several updates accepted in one post
# (each its own decision, all or nothing), and an update accepted with an
# opinion recorded or the recommendation closed in one step.
. "$ROOT/test/e2e/web_lib.sh"

# review_setup: recommendations 1 and 2 (Payroll manager's, 2 needs evidence to
# close), then the server; the owner sends updates 1 (on 1) and 2 (on 2) and a
# date request 3 (on 1).
review_setup() {
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --date 2024-01-15 --directorate Resources >/dev/null
  at rec add --audit 1 --ref 1 --target 2024-06-30 --text "Reconcile payroll" \
    --owner "Payroll manager" >/dev/null
  at rec add --audit 1 --ref 2 --target 2024-06-30 --text "Check starters" \
    --owner "Payroll manager" --evidence "the starters report" >/dev/null
  web_start
  for r in owner auditor; do login $r; done
  expect_eq "$(upload owner /recs/1/update -F 'narrative=Reconciled July')" 303
  expect_eq "$(upload owner /recs/2/update -F 'narrative=Starters checked')" 303
  expect_eq "$(post owner /recs/1/date-request --data-urlencode new_target=31/12/2040 \
    --data-urlencode 'date_reason=Staff away')" 303
}

upload() {
  who=$1; path=$2; shift 2
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$who" -c "jar.$who" -H "Origin: $BASE" \
    -F "csrf=$(csrf "$who")" "$@" "$BASE$path"
}

test_review_accepts_several_updates_at_once() {
  review_setup
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html '<form method="post" action="/review/accept" id="bulk-accept"'
  expect_contains out.html 'id="sub" name="sub" type="checkbox" value="1" form="bulk-accept"'
  expect_contains out.html 'id="sub-2" name="sub" type="checkbox" value="2" form="bulk-accept"'
  expect_not_contains out.html 'value="3" form="bulk-accept"'
  before=$(at log | wc -l)
  # A date request among them: refused, nothing decided, the choices kept.
  expect_eq "$(post auditor /review/accept --data-urlencode sub=1 --data-urlencode sub=3)" 422
  expect_contains out.html "There is a problem"
  expect_contains out.html '<a href="#sub">Submission 3: a date request is approved or refused'
  expect_contains out.html 'value="1" form="bulk-accept" checked'
  expect_eq "$(at log | wc -l)" "$before"
  # Not an id: the door refuses it.
  expect_eq "$(post auditor /review/accept --data-urlencode sub=1 --data-urlencode 'sub=1 OR 1')" 422
  expect_eq "$(post auditor /review/accept)" 422
  expect_eq "$(at log | wc -l)" "$before"
  # Both updates (the first given twice): two decisions, each journalled.
  expect_eq "$(post auditor /review/accept --data-urlencode sub=1 --data-urlencode sub=2 \
    --data-urlencode sub=1)" 303
  expect_eq "$(at log | wc -l)" "$((before + 2))"
  expect_eq "$(at log | grep -c '"submission":"1","verdict":"accepted"')" 1
  expect_eq "$(at log | grep -c '"submission":"2","verdict":"accepted"')" 1
  expect_eq "$(curl -s -o out.html -w '%{http_code}' -b jar.auditor -c jar.auditor "$BASE/review")" 200
  expect_contains out.html "2 updates accepted"
  expect_contains out.html "1 submission waiting"
  # Already accepted: refused, nothing written.
  expect_eq "$(post auditor /review/accept --data-urlencode sub=2)" 409
  expect_eq "$(at log | wc -l)" "$((before + 2))"
}

test_review_accept_and_close_or_record_an_opinion() {
  review_setup
  before=$(at log | wc -l)
  # Closing needs the evidence seen: refused, neither written, what was typed kept.
  expect_eq "$(post auditor /submissions/2/accept-and --data-urlencode then=close \
    --data-urlencode 'opinion_text=Good work')" 409
  expect_contains out.html '<a href="#evidence_seen">Recommendation 2 needs evidence to close'
  expect_contains out.html '>Good work</textarea>'
  expect_eq "$(at log | wc -l)" "$before"
  expect_eq "$(post auditor /submissions/2/accept-and --data-urlencode then=close \
    --data-urlencode 'opinion_text=Good work' --data-urlencode 'evidence_seen=Starters report for July')" 303
  expect_eq "$(at log | wc -l)" "$((before + 2))"
  expect_eq "$(at log | tail -n 2 | head -n 1 | grep -c '"submission":"2","verdict":"accepted"')" 1
  expect_eq "$(at log | tail -n 1 | grep -c 'rec.close')" 1
  at rec show 2 >show.txt
  expect_contains show.txt "Good work. Evidence seen: Starters report for July"
  # An opinion must be chosen to record one.
  expect_eq "$(post auditor /submissions/1/accept-and --data-urlencode then=opinion)" 422
  expect_contains out.html '<a href="#opinion">Choose an opinion to record with the acceptance'
  expect_eq "$(at log | wc -l)" "$((before + 2))"
  expect_eq "$(post auditor /submissions/1/accept-and --data-urlencode then=opinion \
    --data-urlencode opinion=in_progress --data-urlencode 'opinion_text=Two months to go')" 303
  expect_eq "$(at log | tail -n 1 | grep -c '"opinion":"in_progress","text":"Two months to go"')" 1
  expect_eq "$(at log | wc -l)" "$((before + 4))"
  # A date request is not an update.
  expect_eq "$(post auditor /submissions/3/accept-and --data-urlencode then=opinion \
    --data-urlencode opinion=in_progress)" 422
  expect_eq "$(at log | wc -l)" "$((before + 4))"
}
