# The web pages for e-mail notifications: a recommendation's notifications on its page
# (all of them for internal audit, only their own for an owner), the admin's outbox
# with Retry, and the people page (the data-quality list, setting an address, stopping
# and resuming a person's e-mails). Every change is journalled as the CLI's is.
. "$ROOT/test/e2e/web_lib.sh"

# Three recommendations (Jane owns 1 and 2, Raj 3), a fourth owned by Sam who has no
# address. The run of 23 June 2024 goes to a directory: Jane's digest (the 7-day
# reminder of rec 1, rec 2 overdue) and Raj's (rec 3 overdue), both sent. The run of
# 11 July meets a mail server that is not there: Jane's digest (rec 1 overdue, rec 2's
# first monthly) and Raj's (rec 3's first monthly) fail and stay queued. Then the SMTP
# server is unset, so the web application's timer leaves the outbox alone.
notify_setup() {
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --ref PAY --directorate Resources --date 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 1 --title "Payroll reconciliation" --text "Reconcile payroll" \
    --target 2024-06-30 --owner "Jane Smith" --director "Director of Finance" --on 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 2 --title "Leavers" --text "Fix leavers" \
    --target 2024-05-31 --owner "Jane Smith" --director "Director of Finance" --on 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 3 --title "Overtime approval" --text "Approve overtime" \
    --target 2024-06-10 --owner "Raj Patel" --director "Director of Finance" --on 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 4 --title "Expenses" --text "Check expenses" \
    --target 2030-06-30 --owner "Sam Jones" --director "Director of Finance" --on 2024-01-10 >/dev/null
  at person set "Jane Smith" --email jane@council.example >/dev/null
  at person set "Raj Patel" --email raj@council.example >/dev/null
  at person set "Director of Finance" --email dof@council.example >/dev/null
  at notify set from audit@council.example >/dev/null
  mkdir -p mail
  at notify --as-at 2024-06-23 --outbox-dir mail >run1.txt
  expect_contains run1.txt "2 messages queued"
  expect_eq "$(ls mail | grep -c '\.eml$')" 2
  at notify set smtp-url smtp://127.0.0.1:1 >/dev/null
  at notify set smtp-tls none >/dev/null
  expect_status 1 at notify --as-at 2024-07-11 >run2.txt
  expect_contains run2.txt "2 messages queued"
  at notify set smtp-url '' >/dev/null
  at notify outbox >outbox.txt
  expect_eq "$(grep -c ' queued .*1 attempt, next in 5 min' outbox.txt)" 2
  JANE=$(sed -n 's/^\([0-9]*\)  queued    Jane Smith .*/\1/p' outbox.txt)
  RAJ=$(sed -n 's/^\([0-9]*\)  queued    Raj Patel .*/\1/p' outbox.txt)
  [ -n "$JANE" ] && [ -n "$RAJ" ]
  WEB_OWNER_AS="Raj Patel" web_start
}

# The rows of the notifications table in out.html, one a line: cells joined by "|".
notice_rows() {
  awk '/id="notices"/ { on = 1 } on && /<\/table>/ { print; exit } on { print }' out.html |
    sed -e 's/<tr class="govuk-table__row">/\n/g' | grep '^<td' |
    sed -e 's/<\/td><td class="govuk-table__cell">/|/g' -e 's/<[^>]*>//g'
}

# The row of the outbox table for message $1.
outbox_row() {
  sed -e 's/<tr class="govuk-table__row"/\n&/g' out.html | grep "id=\"message-$1\"" |
    sed -e 's/<\/t[dh]><td class="govuk-table__cell">/|/g' -e 's/<[^>]*>//g'
}

test_web_notify_rec_page_lists_notices() {
  notify_setup
  login auditor; login owner; login committee; login director
  expect_eq "$(get auditor /recs/1)" 200
  expect_contains out.html '<h2 class="govuk-heading-m" id="notifications">Notifications</h2>'
  expect_contains out.html '<caption class="govuk-table__caption govuk-table__caption--s">E-mail notifications about this recommendation, newest first</caption>'
  notice_rows >rows.txt
  sent=$(at notify notices --rec 1 | sed -n 's/.*  sent \(2[0-9-]*\)T\([0-9][0-9]:[0-9][0-9]\).*/\1 \2/p')
  [ -n "$sent" ]
  expect_eq "$(cat rows.txt)" "Overdue|Jane Smith|1 July 2024|Queued|
Reminder before the target date|Jane Smith|23 June 2024|Sent|$(date -d "${sent% *}" '+%-d %B %Y'), ${sent#* } UTC"
  expect_contains out.html '<strong class="govuk-tag govuk-tag--blue">Queued</strong>'
  expect_eq "$(get auditor /recs/2)" 200
  notice_rows >rows.txt
  expect_eq "$(cut -d'|' -f1-4 rows.txt)" "Still overdue (monthly)|Jane Smith|1 July 2024|Queued
Overdue|Jane Smith|1 June 2024|Sent"
  # Nobody told about rec 4 yet (Sam has no address).
  expect_eq "$(get auditor /recs/4)" 200
  expect_contains out.html '<p class="govuk-body">No notifications yet.</p>'
  expect_eq "$(notice_rows | wc -l)" 0
  # The owner sees their own recommendation's notices...
  expect_eq "$(get owner /recs/3)" 200
  notice_rows >rows.txt
  expect_eq "$(cut -d'|' -f1-4 rows.txt)" "Still overdue (monthly)|Raj Patel|11 July 2024|Queued
Overdue|Raj Patel|11 June 2024|Sent"
  # ... and on one delegated to them, none of the notices addressed to Jane.
  expect_eq "$(get owner /recs/1)" 404
  expect_eq "$(post auditor /recs/1/delegate --data-urlencode delegate_login=owner)" 303
  expect_eq "$(get owner /recs/1)" 200
  expect_contains out.html 'id="notifications"'
  expect_contains out.html '<p class="govuk-body">No notifications yet.</p>'
  expect_not_contains out.html 'Jane Smith|'
  expect_eq "$(notice_rows | wc -l)" 0
  # A director sees every notice of their directorate's recommendation.
  expect_eq "$(get director /recs/2)" 200
  expect_eq "$(notice_rows | wc -l)" 2
  # The committee reads the recommendation but not its notifications.
  expect_eq "$(get committee /recs/1)" 200
  expect_not_contains out.html 'id="notifications"'
  expect_not_contains out.html 'Jane Smith</td>'
  # A cancelled notice shows as cancelled.
  at person stop "Raj Patel" >/dev/null
  expect_eq "$(get auditor /recs/3)" 200
  notice_rows >rows.txt
  expect_eq "$(head -n 1 rows.txt)" "Still overdue (monthly)|Raj Patel|11 July 2024|Cancelled|"
}

test_web_notify_outbox_and_retry() {
  notify_setup
  login admin
  expect_eq "$(get admin /admin/users)" 200
  expect_contains out.html '<a class="govuk-link" href="/admin/outbox">outbox</a>'
  expect_contains out.html '<a class="govuk-link" href="/admin/people">people and their e-mail addresses</a>'
  expect_eq "$(get admin /admin/outbox)" 200
  expect_contains out.html '<h1 class="govuk-heading-l">Outbox</h1>'
  expect_contains out.html '2 messages waiting, failed first</caption>'
  err=$(sed -n "s/^$JANE  queued .*next in 5 min: \(.*\)$/\1/p" outbox.txt)
  [ -n "$err" ]
  expect_eq "$(outbox_row "$JANE")" "$JANE|Jane Smith|jane@council.example|Audit recommendations: 2 items for your attention|Failed|1|In 5 minutes|$(printf '%s' "$err" | sed -e 's/&/\&amp;/g' -e "s/'/\&#39;/g")|Retry message $JANE"
  expect_eq "$(outbox_row "$RAJ" | cut -d'|' -f2,5,6)" "Raj Patel|Failed|1"
  # Sent messages only with all=1, after the waiting ones.
  expect_not_contains out.html '>Sent</strong>'
  expect_eq "$(get admin '/admin/outbox?all=1')" 200
  expect_contains out.html '4 messages, failed and queued first</caption>'
  expect_eq "$(grep -o 'id="message-[0-9]*"' out.html | tr '\n' ' ')" "id=\"message-$(($JANE > $RAJ ? $JANE : $RAJ))\" id=\"message-$(($JANE > $RAJ ? $RAJ : $JANE))\" id=\"message-2\" id=\"message-1\" "
  expect_eq "$(outbox_row 1 | cut -d'|' -f5,6)" "Sent|1"
  # Retry one: it is due at once; the other still waits out its back-off.
  expect_eq "$(post admin /admin/outbox/retry --data-urlencode "id=$JANE")" 303
  expect_contains hdr.txt "Location: /admin/outbox"
  at notify outbox >after.txt
  expect_eq "$(grep -c "^$JANE  queued .*1 attempt, next in 0 min" after.txt)" 1
  expect_eq "$(grep -c "^$RAJ  queued .*1 attempt, next in 5 min" after.txt)" 1
  expect_eq "$(get admin /admin/outbox)" 200
  expect_contains out.html "Message $JANE will be tried at the next send"
  expect_eq "$(outbox_row "$JANE" | cut -d'|' -f7)" "Now"
  # Retry every queued message.
  expect_eq "$(post admin /admin/outbox/retry)" 303
  at notify outbox >after.txt
  expect_eq "$(grep -c 'next in 0 min' after.txt)" 2
  expect_eq "$(get admin /admin/outbox)" 200
  expect_contains out.html "2 messages will be tried at the next send"
  # A sent message is not waiting: nothing to retry, nothing journalled.
  expect_eq "$(post admin /admin/outbox/retry --data-urlencode id=1)" 404
  at log >log.txt
  expect_eq "$(grep -c 'outbox.retry' log.txt)" 2
  expect_contains log.txt "Test admin outbox.retry     outbox $JANE  {\"message\":\"$JANE\",\"retried\":\"1\"}"
  expect_contains log.txt "Test admin outbox.retry     outbox  {\"message\":\"all\",\"retried\":\"2\"}"
}

# A message a dead run left 'sending' (as a kill -9 mid-send leaves it: see
# notify.sh) is held by the next send as may have been sent, shown first with a
# Release button, and released once: journalled as the CLI's `notify release` is.
test_web_notify_outbox_release() {
  notify_setup
  sqlite3 "$DB" "UPDATE outbox SET flight='sending', flight_run='elsewhere 2147483646 x',
    flight_at=0 WHERE id=$JANE"
  at notify outbox --retry "$RAJ" --send --outbox-dir mail >send.txt
  expect_contains send.txt "may have been sent $JANE to Jane Smith <jane@council.example>"
  expect_eq "$(grep -c '^sent ' send.txt)" 1
  login admin
  expect_eq "$(get admin /admin/outbox)" 200
  expect_contains out.html '<strong class="govuk-tag govuk-tag--orange">May have been sent</strong>'
  expect_eq "$(outbox_row "$JANE" | cut -d'|' -f2,5,7,9)" "Jane Smith|May have been sent|Held until released|Release message $JANE to be sent again"
  expect_eq "$(post admin /admin/outbox/release --data-urlencode "id=$JANE")" 303
  expect_contains hdr.txt "Location: /admin/outbox"
  expect_eq "$(get admin /admin/outbox)" 200
  expect_contains out.html "Message $JANE will be sent at the next send"
  expect_eq "$(outbox_row "$JANE" | cut -d'|' -f5,7)" "Failed|Now"
  # Released already: nothing to release, nothing journalled.
  expect_eq "$(post admin /admin/outbox/release --data-urlencode "id=$JANE")" 404
  at log >log.txt
  expect_eq "$(grep -c 'outbox.release' log.txt)" 1
  expect_contains log.txt "Test admin outbox.release   outbox $JANE  {\"message\":\"$JANE\"}"
  at notify outbox --send --retry "$JANE" --outbox-dir mail >send.txt
  expect_contains send.txt "sent $JANE to Jane Smith"
}

test_web_notify_people_set_stop_resume() {
  notify_setup
  login admin
  expect_eq "$(get admin /admin/people)" 200
  expect_contains out.html '<h1 class="govuk-heading-l">People and their e-mails</h1>'
  # The data-quality list comes first: Sam has no address.
  expect_contains out.html '1 person with no address, an invalid one, or e-mails stopped</caption>'
  expect_contains out.html '<th scope="row" class="govuk-table__header">Sam Jones</th><td class="govuk-table__cell">owner</td><td class="govuk-table__cell">1</td><td class="govuk-table__cell">no e-mail address</td>'
  p=$(grep -bo 'id="problem-list"' out.html | cut -d: -f1); e=$(grep -bo 'id="everyone"' out.html | cut -d: -f1)
  [ "$p" -lt "$e" ]
  at person list --problems >cli.txt
  expect_eq "$(cat cli.txt)" "Sam Jones (owner, 1 open recommendation): no e-mail address"
  # An invalid address is refused with the GOV.UK error pattern, and not stored.
  expect_eq "$(post admin /admin/people --data-urlencode "name=Sam Jones" --data-urlencode "email=sam at council")" 422
  expect_contains out.html 'govuk-error-summary'
  expect_contains out.html '<a href="#email">Enter an email address in the correct format, like name@example.com (needs exactly one @)</a>'
  expect_contains out.html '<p id="email-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter an email address in the correct format, like name@example.com (needs exactly one @)</p>'
  expect_contains out.html 'value="sam at council"'
  at person list >pl.txt
  expect_not_contains pl.txt "Sam Jones"
  # A valid one is stored, and the list is clear.
  expect_eq "$(post admin /admin/people --data-urlencode "name=Sam Jones" --data-urlencode "email=sam@council.example")" 303
  expect_eq "$(at person list | grep '^Sam Jones')" "Sam Jones	sam@council.example	web"
  expect_eq "$(get admin /admin/people)" 200
  expect_contains out.html "Address saved for Sam Jones"
  expect_contains out.html '<p class="govuk-body">No problems: everyone named has a valid address.</p>'
  # Stopping Raj cancels his queued message and shows in the lists.
  expect_eq "$(post admin /admin/people/stop --data-urlencode "name=Raj Patel" --data-urlencode action=stop)" 303
  at notify outbox >after.txt
  expect_eq "$(grep -c 'Raj Patel' after.txt)" 0
  expect_eq "$(grep -c 'Jane Smith' after.txt)" 1
  at notify outbox --all >all.txt
  expect_eq "$(grep -c "^$RAJ  cancelled Raj Patel" all.txt)" 1
  expect_eq "$(at person list | grep '^Raj Patel')" "Raj Patel	raj@council.example	cli	stopped"
  expect_eq "$(at person list --problems)" "Raj Patel (owner, 1 open recommendation): e-mails stopped: raj@council.example"
  expect_eq "$(get admin /admin/people)" 200
  expect_contains out.html "E-mails to Raj Patel stopped; 1 queued message cancelled"
  expect_contains out.html '<th scope="row" class="govuk-table__header">Raj Patel</th><td class="govuk-table__cell">owner</td><td class="govuk-table__cell">1</td><td class="govuk-table__cell">e-mails stopped</td><td class="govuk-table__cell">raj@council.example</td>'
  expect_contains out.html '<strong class="govuk-tag govuk-tag--grey">Stopped</strong>'
  expect_contains out.html 'Resume<span class="govuk-visually-hidden"> e-mails to Raj Patel</span>'
  # Resumed: nothing stopped, no problems.
  expect_eq "$(post admin /admin/people/stop --data-urlencode "name=Raj Patel" --data-urlencode action=resume)" 303
  expect_eq "$(at person list | grep '^Raj Patel')" "Raj Patel	raj@council.example	cli"
  expect_eq "$(at person list --problems)" "no problems: everyone named has a valid address"
  # Each change is one journal entry by the admin.
  at log >log.txt
  expect_contains log.txt 'Test admin person.set       person  {"name":"Sam Jones","email":"sam@council.example"}'
  expect_contains log.txt 'Test admin person.stop      person  {"name":"Raj Patel","emails":"stopped"}'
  expect_contains log.txt 'Test admin person.resume    person  {"name":"Raj Patel","emails":"resumed"}'
  expect_eq "$(grep -c 'Test admin person\.' log.txt)" 3
  at verify >v.txt
  expect_contains v.txt "chain intact"
}

test_web_notify_admin_only() {
  notify_setup
  for r in auditor director owner committee; do
    login "$r"
    expect_eq "$(get "$r" /admin/outbox)" 403
    expect_eq "$(get "$r" /admin/people)" 403
    expect_eq "$(post "$r" /admin/outbox/retry --data-urlencode "id=$RAJ")" 403
    expect_eq "$(post "$r" /admin/people --data-urlencode "name=Raj Patel" --data-urlencode "email=x@y.example")" 403
    expect_eq "$(post "$r" /admin/people/stop --data-urlencode "name=Raj Patel" --data-urlencode action=stop)" 403
  done
  # Nothing changed.
  at notify outbox >after.txt
  expect_eq "$(grep -c ' queued .*1 attempt, next in 5 min' after.txt)" 2
  expect_eq "$(at person list | grep '^Raj Patel')" "Raj Patel	raj@council.example	cli"
  expect_eq "$(at log | grep -c 'outbox\.\|person\.[a-z]*  *person  {"name":"Raj')" 1
}
