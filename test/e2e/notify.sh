# E-mail notifications against a real SMTP server on loopback (test/e2e/smtp_sink.py):
# digests with the right recipients, subjects, items and links; nothing sent twice, even
# after kill -9 between two messages; refused and timed-out messages stay queued and are
# retried; a moved target cancels a pending reminder; each rung of the ladder fires once.

. "$ROOT/test/e2e/web_lib.sh"

# Start the sink in ./sink and point auditrack at it.
sink_start() {
  mkdir -p sink
  /usr/bin/python3 "$ROOT/test/e2e/smtp_sink.py" "$PWD/sink" 2>sink.log &
  SINK_PID=$!
  trap 'kill $SINK_PID 2>/dev/null || true' EXIT
  i=0
  while [ ! -s sink/port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  at notify set smtp-url "smtp://127.0.0.1:$(cat sink/port)" >/dev/null
  at notify set smtp-tls none >/dev/null
  at notify set smtp-timeout 3 >/dev/null
  at notify set from audit@council.example >/dev/null
  at notify set reply-to ia-team@council.example >/dev/null
  at notify set base-url https://audit.council.example/ >/dev/null
}
# part FILE plain|html: that part of a message, decoded from quoted-printable.
part() {
  /usr/bin/python3 -c 'import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
    if p.get_content_type() == "text/" + sys.argv[2]:
        sys.stdout.write(p.get_payload(decode=True).decode())' "$1" "$2"
}
mails() { ls sink/mail | grep -c '\.eml$' || true; }
# wait_for_line FILE TEXT: until FILE has a line with TEXT (at most 30 s, then fail).
wait_for_line() {
  i=0
  while ! grep -qF -- "$2" "$1" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 600 ] || { echo "[$2] never appeared in $1:" >&2; cat "$1" >&2; return 1; }
    sleep 0.05
  done
}

# Two owners, one director and an executive member; targets around mid 2024.
register() {
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --ref PAY --date 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 1 --title "Payroll reconciliation" --text "Reconcile payroll" \
    --target 2024-06-30 --owner "Jane Smith" --director "Director of Finance" \
    --exec-member "Cllr Brown" --on 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 2 --title "Leavers <process> & access" --text "Fix leavers" \
    --target 2024-05-31 --owner "Jane Smith" --director "Director of Finance" \
    --exec-member "Cllr Brown" --on 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 3 --title "Overtime approval" --text "Approve overtime" \
    --target 2024-06-10 --owner "Raj Patel" --director "Director of Finance" --on 2024-01-10 >/dev/null
  at person set "Jane Smith" --email jane@council.example >/dev/null
  at person set "raj patel" --email raj@council.example >/dev/null
  at person set "Director of Finance" --email dof@council.example >/dev/null
  at person set "Cllr Brown" --email brown@council.example >/dev/null
}

test_notify_digest_arrives_once() {
  register
  sink_start
  at notify --as-at 2024-06-23 >out
  expect_contains out "as at 2024-06-23: 3 notices due (reminder 1, overdue 2, monthly 0, update 0, escalation 0, returned 0, review 0)"
  expect_contains out "2 messages queued"
  expect_eq "$(mails)" 2
  # One digest for Jane with both her items, one for Raj.
  f=$(grep -l '^X-Envelope-To: <jane@council.example>' sink/mail/*.eml)
  expect_eq "$(grep -l '^X-Envelope-To: <jane@council.example>' sink/mail/*.eml | wc -l)" 1
  expect_contains "$f" "X-Envelope-From: <audit@council.example>"
  expect_contains "$f" 'To: "Jane Smith" <jane@council.example>'
  expect_contains "$f" "Subject: Audit recommendations: 2 items for your attention"
  expect_contains "$f" "Reply-To: <ia-team@council.example>"
  expect_contains "$f" "List-Unsubscribe: <mailto:ia-team@council.example?subject=unsubscribe>"
  expect_contains "$f" "Content-Type: multipart/alternative"
  part "$f" plain >text
  expect_contains text "* PAY 1 Payroll reconciliation (Payroll)"
  expect_contains text "  Target date 30 June 2024: 7 days from now."
  expect_contains text "  https://audit.council.example/recs/1"
  expect_contains text "  Now overdue: the target date was 31 May 2024."
  expect_eq "$(grep -c '^\* ' text)" 2
  # The HTML part escapes the title.
  part "$f" html >html
  expect_contains html '<a href="https://audit.council.example/recs/2">PAY 2 Leavers &lt;process&gt; &amp; access</a>'
  # Quoted-printable keeps every line within 76 characters.
  expect_eq "$(awk 'length > 77' "$f" | wc -l)" 0
  grep -q '^Date: [A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] 20[0-9][0-9] ' "$f"
  grep -q '^Message-ID: <[0-9a-f]\{32\}\.auditrack@council\.example>.$' "$f"
  r=$(grep -l '^X-Envelope-To: <raj@council.example>' sink/mail/*.eml)
  expect_contains "$r" "Subject: Audit recommendations: 1 item for your attention"
  part "$r" plain >text
  expect_contains text "Now overdue: the target date was 10 June 2024."
  # The same date again, and the next day: nothing new.
  at notify --as-at 2024-06-23 >out
  expect_contains out "0 new, 3 already queued or sent"
  at notify --as-at 2024-06-24 >out
  expect_contains out "0 messages queued"
  expect_eq "$(mails)" 2
  at notify notices --rec 2 >out
  expect_eq "$(cat out)" "overdue    sent      Jane Smith  due 2024-06-01  planned as at 2024-06-23  sent $(sed -n 's/.*sent \(20[0-9T:Z-]*\).*/\1/p' out)  overdue:2:2024-05-31:0"
}

test_notify_crash_between_sends_sends_each_once() {
  register
  at rec add --audit 1 --ref 4 --text "Fourth" --target 2024-06-01 --owner "Director of Finance" \
    --on 2024-01-10 >/dev/null
  sink_start
  # The sink takes the first message, then never answers the second's final dot.
  printf 'hang-data-after 1' >sink/mode
  at notify set smtp-timeout 60 >/dev/null
  # The binary itself in the background, not the function `at`: $! must be the
  # run's own process, or kill -9 would only kill a subshell and leave the run alive.
  "$AUDITRACK" --db "$DB" notify --as-at 2024-06-23 >out 2>&1 &
  pid=$!
  i=0
  while [ ! -e sink/hung ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  [ -e sink/hung ]
  kill -9 $pid
  wait $pid || true
  expect_eq "$(mails)" 1
  # The one in flight was marked sending before its final dot; the third never began.
  at notify outbox >out
  expect_eq "$(grep -c ' queued ' out)" 1
  expect_eq "$(grep -c ' sending ' out)" 1
  held=$(awk '/ sending /{print $1}' out)
  printf ok >sink/mode
  at notify --as-at 2024-06-23 >out
  expect_contains out "0 new, 4 already queued or sent"
  expect_contains out "; 1 held as may have been sent (auditrack notify outbox)"
  expect_eq "$(grep -c '^sent ' out)" 1
  expect_eq "$(mails)" 2
  at notify outbox >out
  expect_contains out "$held  unknown"
  expect_contains out "may have been sent: held (auditrack notify release $held)"
  # This message never arrived (the sink did not keep it): released, it goes once.
  at notify release "$held" >out
  expect_contains out "message $held released: the next run sends it"
  at log >out
  expect_contains out "outbox.release"
  at notify --as-at 2024-06-23 >out
  expect_eq "$(grep -c '^sent ' out)" 1
  expect_eq "$(mails)" 3
  # Each person exactly once.
  expect_eq "$(grep -h '^X-Envelope-To:' sink/mail/*.eml | sort | uniq -d)" ""
  at notify --as-at 2024-06-23 >out
  expect_eq "$(mails)" 3
  expect_status 1 at notify release "$held" 2>err
  expect_contains err "message $held is not held as may have been sent"
}

# A run killed before its message's final dot (the server has not answered DATA):
# the server cannot have kept it, so it is still queued and the next run sends it,
# with nothing held for an administrator.
test_notify_crash_before_the_final_dot_just_sends_it() {
  register
  sink_start
  printf 'hang-at-data-after 0' >sink/mode
  at notify set smtp-timeout 60 >/dev/null
  "$AUDITRACK" --db "$DB" notify --as-at 2024-06-23 >out 2>&1 &
  pid=$!
  i=0
  while [ ! -e sink/hung ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  [ -e sink/hung ]
  kill -9 $pid
  wait $pid || true
  expect_eq "$(mails)" 0
  at notify outbox >out
  expect_eq "$(grep -c ' queued ' out)" 2
  printf ok >sink/mode
  at notify --as-at 2024-06-23 >out
  expect_not_contains out "held"
  expect_eq "$(grep -c '^sent ' out)" 2
  expect_eq "$(mails)" 2
  expect_eq "$(grep -h '^X-Envelope-To:' sink/mail/*.eml | sort | uniq -d)" ""
}

# The server has the message but the run is killed before it hears the "250": the
# next run must not send it again, and says so.
test_notify_crash_before_the_reply_sends_nothing_twice() {
  register
  sink_start
  printf 'hold-reply-after 0' >sink/mode
  at notify set smtp-timeout 60 >/dev/null
  # The binary itself in the background, not the function `at`: $! must be the
  # run's own process, or kill -9 would only kill a subshell and leave the run alive.
  "$AUDITRACK" --db "$DB" notify --as-at 2024-06-23 >out 2>&1 &
  pid=$!
  i=0
  while [ ! -e sink/hung ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
  [ -e sink/hung ]
  kill -9 $pid
  wait $pid || true
  expect_eq "$(mails)" 1
  printf ok >sink/mode
  at notify --as-at 2024-06-23 >out
  expect_contains out "; 1 held as may have been sent (auditrack notify outbox)"
  expect_eq "$(grep -c '^sent ' out)" 1
  expect_eq "$(mails)" 2
  expect_eq "$(grep -h '^X-Envelope-To:' sink/mail/*.eml | sort | uniq -d)" ""
  at notify --as-at 2024-06-23 >out
  expect_contains out "; 1 held as may have been sent"
  expect_eq "$(grep -c '^sent ' out)" 0
  expect_eq "$(mails)" 2
  expect_eq "$(at notify outbox | grep -c ' unknown ')" 1
}

test_notify_refused_and_timed_out_stay_queued() {
  register
  sink_start
  printf refuse >sink/mode
  expect_status 1 at notify --as-at 2024-06-23 >out
  expect_eq "$(grep -c '^not sent ' out)" 2
  expect_contains out "(server said 550); trying again in 5 minutes"
  expect_eq "$(mails)" 0
  at notify outbox >out
  expect_eq "$(grep -c ' queued .*1 attempt, next in 5 min' out)" 2
  # Within the back-off nothing is tried, even when the server is back.
  printf ok >sink/mode
  at notify --as-at 2024-06-23 >out
  expect_contains out "0 messages queued"
  expect_eq "$(mails)" 0
  # A server that never answers: the attempt times out and the message waits again.
  printf hang >sink/mode
  at notify set smtp-timeout 2 >/dev/null
  at notify outbox --retry 1 >out
  expect_eq "$(cat out)" "1 message will be tried at the next run"
  expect_status 1 at notify --as-at 2024-06-23 >out
  expect_contains out "not sent 1 to "
  expect_contains out "trying again in 10 minutes"
  printf ok >sink/mode
  at notify outbox --retry all --send >out
  expect_eq "$(grep -c '^sent ' out)" 2
  expect_eq "$(mails)" 2
  at notify --as-at 2024-06-24 >/dev/null
  expect_eq "$(mails)" 2
}

test_notify_moved_target_cancels_pending_reminder() {
  register
  sink_start
  printf refuse >sink/mode
  # 30 days before rec 1's target: the reminder is queued but the server refuses it.
  expect_status 1 at notify --as-at 2024-05-31 >out
  expect_contains out "reminder 2,"
  at rec revise 1 --target 2024-12-31 --reason "waiting for the new system" --on 2024-06-01 >/dev/null
  printf ok >sink/mode
  at notify outbox --retry all >/dev/null
  at notify --as-at 2024-06-01 --verbose >out
  expect_contains out "cancelled reminder:1:2024-06-30:30 for Jane Smith"
  expect_contains out "1 cancelled"
  # Jane's digest now holds only what still applies: rec 2 is overdue.
  f=$(grep -l '^X-Envelope-To: <jane@council.example>' sink/mail/*.eml)
  part "$f" plain >text
  expect_not_contains text "Payroll reconciliation"
  expect_contains text "Leavers"
  at notify notices --rec 1 >out
  expect_contains out "reminder   cancelled Jane Smith"
  # The new target's reminder comes 30 days before it.
  at notify --as-at 2024-12-01 --dry-run --verbose >out
  expect_contains out "reminder:1:2024-12-31:30"
}

test_notify_escalation_rungs_fire_once_each() {
  register
  at person set "Raj Patel" --email "" >/dev/null
  mkdir eml
  at notify set from audit@council.example >/dev/null
  # Two runs a month for 20 months, through every rung of the default ladder (6, 9, 18).
  for m in 2024-06 2024-07 2024-08 2024-09 2024-10 2024-11 2024-12 2025-01 2025-02 2025-03 \
           2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01; do
    for d in 05 20; do at notify --as-at "$m-$d" --outbox-dir eml >/dev/null; done
  done
  at notify notices --rec 2 >out
  grep '^escalation' out | sed 's/  planned.*//' >esc
  expect_eq "$(cat esc)" "escalation sent      Director of Finance  due 2025-11-01
escalation sent      Director of Finance  due 2025-02-01
escalation sent      Cllr Brown  due 2024-11-01"
  expect_eq "$(grep -c '^monthly *sent' out)" 19
  expect_eq "$(grep -c '^overdue *sent' out)" 1
  # The executive member: one message for each recommendation's rung (due in May and June).
  expect_eq "$(grep -l '^To: "Cllr Brown"' eml/*.eml | wc -l)" 2
  f=$(grep -l '^To: "Cllr Brown"' eml/*.eml | head -1)
  part "$f" plain >text
  expect_contains text "Escalation at 6 months overdue (target 31 May 2024): Executive member notified."
}

test_notify_update_requests_for_a_cycle() {
  register
  at cycle add "Audit Committee July 2024" --as-at 2024-07-15 --deadline 2024-06-28 >/dev/null
  at notify set from audit@council.example >/dev/null
  # A directory that is not there: refused before anything is queued.
  expect_status 1 at notify --as-at 2024-06-14 --outbox-dir eml 2>err
  expect_contains err "--outbox-dir: eml is not a directory"
  expect_eq "$(at notify outbox)" "nothing queued"
  mkdir eml
  at notify --as-at 2024-06-13 --outbox-dir eml >out
  expect_contains out "update 0,"
  at notify --as-at 2024-06-14 --outbox-dir eml >out
  expect_contains out "update 3,"
  f=$(grep -l '^To: "Raj Patel"' eml/*.eml | tail -1)
  part "$f" plain >text
  expect_contains text "Update requested for Audit Committee July 2024: please send it by 28 June 2024."
  at notify --as-at 2024-06-20 --outbox-dir eml >out
  expect_contains out "0 messages queued"
}

test_notify_people_problems_and_stop() {
  register
  at person set "Cllr Brown" --email "" >/dev/null
  expect_status 2 at person set "Someone" --email "not an address"
  at person list --problems --as-at 2024-06-01 >out
  expect_eq "$(cat out)" "Cllr Brown (executive member, 2 open recommendations): no e-mail address"
  at person stop "Raj Patel" >out
  expect_eq "$(cat out)" "Raj Patel: e-mails stopped; 0 queued messages cancelled"
  at person list --problems --as-at 2024-06-01 --names >out
  expect_eq "$(cat out)" "Cllr Brown
Raj Patel"
  at notify --as-at 2024-06-23 --dry-run >out
  expect_contains out "Raj Patel <e-mails stopped>: 1 notice, 0 new"
  expect_contains out "1 stopped"
  at person stop "Raj Patel" --resume >/dev/null
  at person list >out
  expect_contains out "$(printf 'raj patel\traj@council.example\tcli')"
}

test_notify_settings_and_secrets() {
  at init >/dev/null
  expect_status 2 at notify set smtp-url http://example.org
  expect_status 2 at notify set from "no-at-sign"
  expect_status 2 at notify set reminder-days 30,0
  expect_status 2 at notify set colour blue
  at notify set reminder-days "60, 14,1" >/dev/null
  at notify show >out
  expect_contains out "reminder-days      = 60, 14,1"
  AUDITRACK_SMTP_PASSWORD=s3cret-value at notify show >out
  expect_not_contains out "s3cret-value"
  expect_contains out "from \$AUDITRACK_SMTP_PASSWORD (not shown)"
  # Without a sender nothing is planned for sending.
  expect_status 1 at notify --as-at 2024-06-01 2>err
  expect_contains err "no sender: auditrack notify set from ADDRESS"
  at log >out
  expect_contains out "notify.set"
}

test_notify_templates_escape_and_encode() {
  register
  printf 'Rappel : {{count}} élément{{plural}} – {{org}}\n' >subject.txt
  at notify template subject subject.txt >/dev/null
  printf '<p>{{name}}</p>{{#items}}<b>{{title}}</b> {{{title}}}{{/items}}\n' >html.txt
  at notify template html html.txt >/dev/null
  printf '{{#items}}{{nope}}{{/items}}' >bad.txt
  expect_status 2 at notify template text bad.txt 2>err
  expect_contains err "unknown placeholder {{nope}}"
  printf '{{title}}' >bad.txt
  expect_status 2 at notify template text bad.txt 2>err
  expect_contains err "names an item: use it inside {{#items}}"
  mkdir eml
  at notify set from audit@council.example >/dev/null
  at notify --as-at 2024-06-23 --outbox-dir eml >/dev/null
  f=$(grep -l '^To: "Jane Smith"' eml/*.eml)
  # RFC 2047: "Rappel : 2 éléments – Test Council" in base64 encoded words.
  expect_contains "$f" "Subject: =?UTF-8?B?UmFwcGVsIDogMiDDqWzDqW1lbnRzIOKAkyBUZXN0IENvdW5jaWw=?="
  part "$f" html >html
  expect_contains html "<b>Leavers &lt;process&gt; &amp; access</b> Leavers <process> & access"
  at notify template html --reset >/dev/null
  at notify template html >out
  expect_contains out "{{#items}}"
}

test_notify_import_emails_with_warnings() {
  at init >/dev/null
  # Manchester's tracker with two e-mail columns added: one address is invalid.
  /usr/bin/python3 -c 'import csv, sys
r = csv.DictReader(open(sys.argv[1], newline=""))
w = csv.DictWriter(sys.stdout, r.fieldnames + ["director_email", "executive_member_email"],
                   quoting=csv.QUOTE_ALL, lineterminator="\n")
w.writeheader()
for i, row in enumerate(r):
    if row["owner_director"]:
        row["director_email"] = "director%d@manchester.example" % i if i != 5 else "d5 at example"
    if row["executive_member"]:
        row["executive_member_email"] = "cllr%d@manchester.example" % i
    w.writerow(row)' "$SEEDS/seed-trackers/004.csv" >t.csv
  at import t.csv >out
  expect_contains out "row 6: column director_email, value 'd5 at example': not an e-mail address (needs exactly one @); not stored"
  expect_eq "$(grep -c 'e-mail' out)" 1
  at person list >out
  expect_eq "$(wc -l <out)" 8
  # A later row's address replaces an earlier one's; the invalid one replaced nothing.
  expect_contains out "$(printf 'Councillor Craig\tcllr11@manchester.example\timport')"
  expect_contains out "$(printf 'Adult Social Services\tdirector4@manchester.example\timport')"
  at person list --problems --as-at 2022-02-15 >out
  expect_eq "$(cat out)" "no problems: everyone named has a valid address"
}

test_notify_serve_runs_once_a_day() {
  register
  sink_start
  at notify set hour 0 >/dev/null
  # A fixed today: the run's date cannot change under the test at midnight.
  AUDITRACK_TODAY=2026-06-30 "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 1 \
    2>server.log &
  SRV=$!
  trap 'kill $SINK_PID $SRV 2>/dev/null || true' EXIT
  # The run's summary is printed once every message of the run has been sent.
  wait_for_line server.log "auditrack: notify: as at 2026-06-30: "
  kill -TERM $SRV
  wait $SRV || true
  # Long after every target: Jane's and Raj's monthly notices, and the director's
  # escalations at 18 months.
  expect_eq "$(mails)" 3
  expect_contains server.log "auditrack: notify: as at 2026-06-30: "
  expect_contains server.log "3 messages queued"
  # A restart the same day does not run again: it says so on its first tick, and only
  # then is the absence of a second run worth checking.
  AUDITRACK_TODAY=2026-06-30 "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 1 \
    2>server2.log &
  SRV=$!
  wait_for_line server2.log "auditrack: notify: as at 2026-06-30: the day's run was done already"
  kill -TERM $SRV
  wait $SRV || true
  expect_eq "$(mails)" 3
  expect_not_contains server2.log "notices due"
  expect_not_contains server2.log "Sanitizer"
  # The next day is a new day: the same server, told it is 1 July, runs again.
  AUDITRACK_TODAY=2026-07-01 "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 1 \
    2>server3.log &
  SRV=$!
  wait_for_line server3.log "auditrack: notify: as at 2026-07-01: "
  kill -TERM $SRV
  wait $SRV || true
  expect_contains server3.log "; 1 message queued"
  expect_eq "$(mails)" 4
  expect_not_contains server3.log "Sanitizer"
}

# Events, not only dates: Jane sends an update through the web application on 5 June;
# the head of internal audit is told it waits; internal audit rejects it with a note;
# the next e-mail to Jane says so, with the note, and running again sends nothing.
# Once Jane posts a newer update the return is answered and no longer due.
test_notify_owner_hears_of_a_rejection() {
  register
  export AUDITRACK_TODAY=2024-06-05
  at notify set head "Chief Auditor" >/dev/null
  at person set "Chief Auditor" --email chief@council.example >/dev/null
  WEB_OWNER_AS="Jane Smith" web_start
  login owner; login auditor
  code=$(curl -s -o out.html -w '%{http_code}' -b jar.owner -H "Origin: $BASE" \
    -F "csrf=$(csrf owner)" -F 'narrative=All reconciliations done' -F claimed=implemented \
    "$BASE/recs/1/update")
  expect_eq "$code" 303
  # The server stops before the sink starts, so its daily timer sends nothing here.
  web_stop
  sink_start
  at notify >out
  expect_contains out "review 1"
  f=$(grep -l '^X-Envelope-To: <chief@council.example>' sink/mail/*.eml)
  part "$f" plain >chief.txt
  expect_contains chief.txt "Waiting for internal audit's review: the update sent on 5 June 2024 by Test owner."
  at notify set smtp-url '' >/dev/null # the server's timer stays idle while the web is used
  : >server.log # web_wait_serving reads the new server's line, not the first one's
  "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 2>server.log &
  SERVER_PID=$!
  trap 'web_stop; kill $SINK_PID 2>/dev/null || true' EXIT
  web_wait_serving
  login auditor; login owner
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=reject \
    --data-urlencode 'note=No evidence: attach the signed reconciliations for April & May')" 303
  # My actions shows it first, with what, when, by whom and the note.
  expect_eq "$(get owner /my)" 200
  expect_contains out.html '<h2 class="govuk-heading-m" id="returned">Returned to you</h2>'
  expect_contains out.html 'Update rejected'
  expect_contains out.html 'Your update of 5 June 2024: All reconciliations done'
  expect_contains out.html 'No evidence: attach the signed reconciliations for April &amp; May'
  expect_contains out.html 'Test auditor'
  expect_eq "$(grep -o 'id="returned"\|Overdue</h2>\|caption--m">Overdue' out.html | head -n 1)" 'id="returned"'
  at notify set smtp-url "smtp://127.0.0.1:$(cat sink/port)" >/dev/null
  n0=$(mails)
  at notify --as-at 2024-06-06 >out
  expect_contains out "returned 1"
  expect_contains out "1 message queued"
  expect_eq "$(mails)" $((n0 + 1))
  f=$(ls -t sink/mail/*.eml | head -n 1)
  expect_contains "$f" "X-Envelope-To: <jane@council.example>"
  part "$f" plain >jane.txt
  expect_contains jane.txt "Returned to you on 5 June 2024: Test auditor rejected the update sent on 5 June 2024. No evidence: attach the signed reconciliations for April & May"
  part "$f" html >jane.html
  expect_contains jane.html "April &amp; May"
  at notify notices --rec 1 >notices.txt
  expect_contains notices.txt "returned:1:1"
  # Nothing twice: the same day again, and the next day.
  at notify --as-at 2024-06-06 >out
  expect_contains out "0 new"
  at notify --as-at 2024-06-07 >out
  expect_contains out "0 messages queued"
  expect_eq "$(mails)" $((n0 + 1))
  # A newer update answers it: off My actions, and no longer due.
  code=$(curl -s -o out.html -w '%{http_code}' -b jar.owner -H "Origin: $BASE" \
    -F "csrf=$(csrf owner)" -F 'narrative=Signed reconciliations attached' "$BASE/recs/1/update")
  expect_eq "$code" 303
  expect_eq "$(get owner /my)" 200
  expect_not_contains out.html 'id="returned"'
  at notify --as-at 2024-06-08 --dry-run --verbose >out
  expect_not_contains out "returned:1:1"
}

# The event sentences are templates like the others: shown, replaced (checked first),
# and reset.
test_notify_event_templates_are_editable() {
  register
  at notify template returned >t.txt
  expect_eq "$(cat t.txt)" "Returned to you on {{decided}}: {{by}} {{verdict}} {{sent}}. {{note}}"
  printf 'Sent back by {{by}}: {{note}} ({{nope}})\n' >bad.txt
  expect_status 2 at notify template returned bad.txt 2>err.txt
  expect_contains err.txt "unknown placeholder {{nope}}"
  printf 'Sent back by {{by}} on {{decided}}: {{note}}\n' >good.txt
  at notify template review good.txt >/dev/null
  expect_eq "$(at notify template review)" "Sent back by {{by}} on {{decided}}: {{note}}"
  at notify template review --reset >/dev/null
  expect_eq "$(at notify template review)" "Waiting for internal audit's review: {{sent}} by {{by}}."
  expect_status 2 at notify template nosuch 2>err.txt
  expect_contains err.txt "(one of subject, text, html, reminder, overdue, monthly, update, escalation, returned, review)"
}
