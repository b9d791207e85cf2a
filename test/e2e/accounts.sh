# Local accounts through a real server, the loopback SMTP sink (test/e2e/smtp_sink.py) and a
# fixed clock (serve --throttle-clock): invitations and reset links single-use and expiring;
# reset answers identical for known and unknown addresses, in bytes and in time; throttling;
# two-factor enrolment, the second step keeping `next`, each code and recovery code once;
# two-factor required of a role; sessions listed and ended; e-mail links landing on the page.

. "$ROOT/test/e2e/web_lib.sh"

T0=1800000000 # 15 January 2027 08:00 UTC: the server's clock for links, codes and throttling
MAILBASE=https://audit.council.example

sink_start() {
  mkdir -p sink
  /usr/bin/python3 "$ROOT/test/e2e/smtp_sink.py" "$PWD/sink" 2>sink.log &
  SINK_PID=$!
  trap 'web_stop; kill $SINK_PID 2>/dev/null || true' EXIT
  i=0
  while [ ! -s sink/port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
  at notify set smtp-url "smtp://127.0.0.1:$(cat sink/port)" >/dev/null
  at notify set smtp-tls none >/dev/null
  at notify set from audit@council.example >/dev/null
  at notify set base-url "$MAILBASE/" >/dev/null
}
# part FILE plain: the text part of a message, decoded.
part() {
  /usr/bin/python3 -c 'import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
    if p.get_content_type() == "text/" + sys.argv[2]:
        sys.stdout.write(p.get_payload(decode=True).decode())' "$1" "$2"
}
# send_mail: send what the outbox holds now.
send_mail() { at notify outbox --retry all --send >/dev/null; }
# last_mail ADDRESS: the newest message to ADDRESS
last_mail() { grep -l "^X-Envelope-To: <$1>" sink/mail/*.eml | tail -n 1; }
# mail_link ADDRESS: the path of the /password/ link in the newest message to ADDRESS
mail_link() {
  part "$(last_mail "$1")" plain >mail.txt
  grep -o "$MAILBASE/password/[A-Za-z0-9_-]*" mail.txt | head -n 1 | sed "s|^$MAILBASE||"
}
# serve_at TIME [args]: (re)start the server with its clock fixed at TIME.
serve_at() {
  web_stop
  : >server.log
  "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --throttle-clock "$@" 2>server.log &
  SERVER_PID=$!
  web_wait_serving
}
location() { sed -n 's/^[Ll]ocation: \([^[:space:]]*\).*/\1/p' hdr.txt; }
# anon PATH [curl args]: a request with the anonymous jar jar.anon; status printed, body out.html
anon() {
  p=$1; shift
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -c jar.anon -b jar.anon "$@" "$BASE$p"
}
# anon_post PATH [curl args]: a public form's POST, with the pre-session CSRF token of PATH's
# page (or of $FORM's)
anon_post() {
  p=$1; shift
  curl -s -o form.html -c jar.anon -b jar.anon "$BASE${FORM:-$p}" >/dev/null
  c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' form.html | head -n 1)
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -c jar.anon -b jar.anon -H "Origin: $BASE" \
    --data-urlencode "csrf=$c" "$@" "$BASE$p"
}
# signin JAR LOGIN PASSWORD [NEXT]: the sign-in form; status printed, Location in hdr.txt
signin() {
  rm -f "jar.$1"
  curl -s -c "jar.$1" -b "jar.$1" "$BASE/login" >login.html
  c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -n 1)
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -c "jar.$1" -b "jar.$1" -H "Origin: $BASE" \
    -A "${UA:-curl/8}" --data-urlencode "csrf=$c" --data-urlencode "login=$2" \
    --data-urlencode "password=$3" --data-urlencode "next=${4:-}" "$BASE/login"
}
# totp SECRET TIME: the 6-digit code an authenticator app shows at TIME
totp() {
  /usr/bin/python3 -c 'import sys, hmac, hashlib, base64, struct
s = sys.argv[1]; k = base64.b32decode(s + "=" * (-len(s) % 8))
h = hmac.new(k, struct.pack(">Q", int(sys.argv[2]) // 30), hashlib.sha1).digest()
o = h[19] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))' "$1" "$2"
}
# csrf_of JAR: the session's CSRF token (read from the code or account page)
csrf_of() {
  curl -s -b "jar.$1" "$BASE/accessibility" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1
}
# jpost JAR PATH [curl args]: a same-origin POST with that jar's CSRF token
jpost() {
  j=$1; p=$2; shift 2
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$j" -c "jar.$j" -H "Origin: $BASE" \
    --data-urlencode "csrf=$(csrf_of "$j")" "$@" "$BASE$p"
}
jget() { curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$1" -c "jar.$1" "$BASE$2"; }

test_accounts_invitation_single_use_and_expiring() {
  web_start --throttle-clock $T0
  sink_start
  login admin
  expect_eq "$(get admin /admin/invite)" 200
  expect_contains out.html "for 7 days"
  # Mail must be set up: refused with the reason, before any account is added.
  at notify set from '' >/dev/null
  expect_eq "$(post admin /admin/invite --data-urlencode login=newbie --data-urlencode \
    email=new@council.example --data-urlencode role=owner --data-urlencode 'owner_as=Payroll manager')" 422
  expect_contains out.html "E-mail is not set up"
  expect_eq "$(at user list | grep -c newbie || true)" 0
  at notify set from audit@council.example >/dev/null
  expect_eq "$(post admin /admin/invite --data-urlencode login=newbie --data-urlencode \
    'name=New Person' --data-urlencode email=new@council.example --data-urlencode role=owner \
    --data-urlencode 'owner_as=Payroll manager')" 303
  # The account exists but cannot sign in: it has no password yet.
  at user list >users.txt
  expect_contains users.txt "newbie"
  expect_eq "$(signin newbie newbie "$PW")" 422
  send_mail
  link=$(mail_link new@council.example)
  expect_contains mail.txt "Your login is newbie (Action owner)."
  expect_contains mail.txt "open this link before 22 January 2027, 08:00 UTC"
  expect_contains "$(last_mail new@council.example)" "Subject: Your account on Test Council's audit recommendation tracker"
  expect_eq "$(anon "$link")" 200
  expect_contains out.html "Choose your password"
  expect_contains out.html "<strong>newbie</strong>"
  # The password rules, with the reason shown.
  expect_eq "$(anon_post "$link" --data-urlencode new_password=short --data-urlencode confirm_password=short)" 422
  expect_contains out.html "Your new password needs at least 12 characters (this one has 5)"
  expect_eq "$(anon_post "$link" --data-urlencode new_password=Password2026! --data-urlencode confirm_password=Password2026!)" 422
  expect_contains out.html "That password is one of the most commonly used: choose another"
  expect_eq "$(anon_post "$link" --data-urlencode new_password=newbie-newbie-1 --data-urlencode confirm_password=newbie-newbie-1)" 422
  expect_contains out.html "must not contain the account&#39;s login or name"
  expect_eq "$(anon_post "$link" --data-urlencode "new_password=$PW" --data-urlencode "confirm_password=$PW")" 303
  expect_eq "$(location)" /login
  # Single use: the link is spent.
  expect_eq "$(anon "$link")" 404
  expect_contains out.html "This link does not work"
  FORM=/login
  expect_eq "$(anon_post "$link" --data-urlencode "new_password=$PW-2" --data-urlencode "confirm_password=$PW-2")" 404
  FORM=
  expect_eq "$(signin newbie newbie "$PW")" 303
  # Inviting an account with a password is refused.
  expect_status 1 at user invite newbie --email new@council.example 2>err.txt
  expect_contains err.txt "newbie already has a password"
  # Re-inviting spends the older link; only the newest works.
  at user invite second --role committee --email second@council.example >out.txt
  expect_contains out.txt "account second invited: a link is queued for second@council.example"
  send_mail
  old=$(mail_link second@council.example)
  n0=$(ls sink/mail | grep -c eml)
  id=$(sqlite3 "$DB" "select id from user where login='second'")
  expect_eq "$(post admin /admin/users/$id/invite)" 303
  send_mail
  expect_eq "$(ls sink/mail | grep -c eml)" $((n0 + 1))
  new=$(mail_link second@council.example)
  [ "$old" != "$new" ]
  expect_eq "$(anon "$old")" 404
  expect_eq "$(anon "$new")" 200
  # Expiry: 7 days by default; a day short still works, a day after does not.
  serve_at $((T0 + 6 * 86400))
  expect_eq "$(anon "$new")" 200
  serve_at $((T0 + 7 * 86400))
  expect_eq "$(anon "$new")" 404
  # The setting changes the life of the next invitation.
  at user settings invite-days 1 >out.txt
  expect_contains out.txt "invite-days    1"
  expect_status 2 at user settings invite-days 0 2>err.txt
  expect_contains err.txt "invite-days is a whole number from 1 to 90"
  # The journal has each step.
  at log >log.txt
  expect_contains log.txt "user.invite"
  expect_contains log.txt "user.password-set"
}

test_accounts_reset_same_answer_throttled_single_use() {
  web_start --throttle-clock $T0
  sink_start
  at user set owner email owner@council.example >/dev/null
  login owner
  cp jar.owner owner.jar
  expect_eq "$(anon /login)" 200
  expect_contains out.html '<a class="govuk-link" href="/password/forgot">Forgot your password?</a>'
  # Known login, known address, unknown login: the same page, byte for byte.
  expect_eq "$(anon_post /password/forgot --data-urlencode who=owner)" 200
  cp out.html known.html
  expect_eq "$(anon_post /password/forgot --data-urlencode who=nobody-at-all)" 200
  cp out.html unknown.html
  cmp known.html unknown.html
  expect_contains known.html "Check your e-mail"
  expect_eq "$(anon_post /password/forgot --data-urlencode who=OWNER@council.example)" 200
  cmp known.html out.html
  send_mail
  expect_eq "$(grep -l '^X-Envelope-To: <owner@council.example>' sink/mail/*.eml | wc -l)" 2
  link=$(mail_link owner@council.example)
  expect_contains mail.txt "If you did not ask for this, you need do nothing: your password has not changed"
  expect_contains mail.txt "within 60 minutes"
  # A fourth request for the same login, or the same unknown one: throttled alike.
  expect_eq "$(anon_post /password/forgot --data-urlencode who=owner)" 200
  expect_eq "$(anon_post /password/forgot --data-urlencode who=owner)" 429
  expect_contains out.html "Too many requests for a reset"
  sed 's/owner/X/g' out.html >t1.html
  for i in 1 2; do anon_post /password/forgot --data-urlencode who=nobody-at-all >/dev/null; done
  expect_eq "$(anon_post /password/forgot --data-urlencode who=nobody-at-all)" 429
  sed 's/nobody-at-all/X/g' out.html >t2.html
  cmp t1.html t2.html
  # The newest link sets the password once and ends every session.
  send_mail
  link=$(mail_link owner@council.example)
  expect_eq "$(anon_post "$link" --data-urlencode "new_password=lantern-pasture-copper-71" \
    --data-urlencode "confirm_password=lantern-pasture-copper-71")" 303
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b owner.jar "$BASE/account")" 303
  expect_eq "$(anon "$link")" 404
  expect_eq "$(signin owner owner lantern-pasture-copper-71)" 303
  # The owner is told, in case it was not them.
  send_mail
  part "$(last_mail owner@council.example)" plain >notice.txt
  expect_contains notice.txt "Your password was reset on your auditrack account owner, on 15 January 2027, 08:00 UTC."
  expect_contains notice.txt "If it was not, tell your administrator at once"
  # A reset link expires after an hour.
  serve_at $((T0 + 7200))
  expect_eq "$(anon_post /password/forgot --data-urlencode who=owner@council.example)" 200
  send_mail
  link=$(mail_link owner@council.example)
  serve_at $((T0 + 7200 + 3599))
  expect_eq "$(anon "$link")" 200
  serve_at $((T0 + 7200 + 3600))
  expect_eq "$(anon "$link")" 404
  at log >log.txt
  expect_contains log.txt "user.reset-request"
  expect_contains log.txt '"through":"reset"'
}

# The same work whether or not the account exists, and a floor of 150 ms over what is
# left of the difference (the e-mail and the journal entry took 8 ms more without it, on
# the sanitizer build): the medians of 15 timed requests each, alternated, from a
# different address each time (a proxy is trusted), are both at least 150 ms and differ
# by less than 5 ms.
test_accounts_reset_timing_within_noise() {
  at init --org "Test Council" >/dev/null
  for i in $(seq 1 15); do
    echo "$PW" | at user add "person$i" --role committee --email "p$i@council.example" >/dev/null
  done
  web_start --throttle-clock $T0 --trust-proxy
  sink_start
  for i in $(seq 1 15); do
    for who in "person$i" "ghost$i"; do
      curl -s -o form.html -c jar.anon -b jar.anon "$BASE/password/forgot"
      c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' form.html | head -n 1)
      curl -s -o /dev/null -w "%{time_total}\n" -b jar.anon -H "Origin: $BASE" \
        -H "X-Forwarded-For: 10.0.$i.$([ "${who#ghost}" = "$who" ] && echo 1 || echo 2)" \
        --data-urlencode "csrf=$c" --data-urlencode "who=$who" "$BASE/password/forgot" \
        >>"$(echo "$who" | tr -d 0-9).times"
    done
  done
  median() { sort -n "$1" | sed -n 8p; }
  k=$(median person.times); u=$(median ghost.times)
  echo "reset timing medians: known ${k}s unknown ${u}s" >&2
  /usr/bin/python3 -c 'import sys
k, u = float(sys.argv[1]), float(sys.argv[2])
d = abs(k - u)
sys.exit(0 if d < 0.005 and min(k, u) >= 0.150 else 1)' "$k" "$u"
  send_mail
  expect_eq "$(ls sink/mail | grep -c eml)" 15
}

test_accounts_two_factor_enrol_sign_in_recovery() {
  web_start --throttle-clock $T0
  at notify set from audit@council.example >/dev/null
  at notify set base-url https://audit.council.example/ >/dev/null
  at user set owner email owner@council.example >/dev/null
  login owner
  expect_eq "$(get owner /account)" 200
  expect_contains out.html "Off: signing in asks for your password only."
  expect_eq "$(jpost owner /account/2fa/start)" 303
  expect_eq "$(jget owner /account/2fa)" 200
  secret=$(sed -n 's/.*id="totp-secret">\([A-Z2-7 ]*\)<.*/\1/p' out.html | tr -d ' ')
  expect_eq "${#secret}" 32
  expect_contains out.html "otpauth://totp/Test%20Council:owner?secret=$secret&amp;issuer=Test%20Council&amp;algorithm=SHA1&amp;digits=6&amp;period=30"
  expect_eq "$(jpost owner /account/2fa/confirm --data-urlencode code=000000)" 422
  expect_eq "$(jpost owner /account/2fa/confirm --data-urlencode "code=$(totp "$secret" $T0)")" 200
  expect_eq "$(grep -o '<li><code>[a-z2-7]\{4\}-[a-z2-7]\{4\}-[a-z2-7]\{4\}-[a-z2-7]\{4\}</code></li>' out.html | wc -l)" 10
  rec1=$(grep -o '<li><code>[^<]*' out.html | sed -n 1p | sed 's/.*<code>//')
  # The owner is told by e-mail (queued in the outbox).
  at notify outbox >outbox.txt
  expect_contains outbox.txt "Two-factor authentication was turned on"
  # The password alone now opens only the second step, which keeps next.
  expect_eq "$(signin owner owner "$PW" "/recs?status=open#list")" 303
  expect_eq "$(location)" "/login/code?next=/recs%3Fstatus%3Dopen%23list"
  expect_eq "$(jget owner /my)" 303
  expect_eq "$(location)" "/login/code?next=/my"
  expect_eq "$(jget owner /account)" 303
  expect_eq "$(jpost owner /account/password --data-urlencode current_password=x --data-urlencode new_password=y --data-urlencode confirm_password=y)" 403
  expect_eq "$(jget owner "/login/code?next=%2Frecs%3Fstatus%3Dopen%23list")" 200
  expect_contains out.html 'name="next" value="/recs?status=open#list"'
  # The code used to enrol is spent; the next one works once and lands on next.
  expect_eq "$(jpost owner /login/code --data-urlencode "code=$(totp "$secret" $T0)" --data-urlencode "next=/recs?status=open#list")" 422
  expect_contains out.html "The code is not correct, or has been used already"
  # A right code used again: an alert line for the alerting tool, and the holder told.
  expect_contains server.log "auditrack: alert: a two-factor code was used a second time for login=owner"
  at notify outbox >outbox.txt
  expect_eq "$(grep -c 'A code from your authenticator app was used a second time' outbox.txt)" 1
  expect_eq "$(jpost owner /login/code --data-urlencode "code=$(totp "$secret" $((T0 + 30)))" --data-urlencode "next=/recs?status=open#list")" 303
  expect_eq "$(location)" "/recs?status=open#list"
  expect_eq "$(jget owner /my)" 200
  # A recovery code works once.
  expect_eq "$(signin owner owner "$PW")" 303
  expect_eq "$(jpost owner /login/code --data-urlencode "code=$rec1")" 303
  expect_eq "$(jget owner /account/2fa)" 200
  expect_contains out.html "You have 9 unused recovery codes"
  expect_eq "$(signin owner owner "$PW")" 303
  expect_eq "$(jpost owner /login/code --data-urlencode "code=$rec1")" 422
  # Wrong codes are throttled.
  for i in 1 2 3; do jpost owner /login/code --data-urlencode code=999999 >/dev/null; done
  expect_eq "$(jpost owner /login/code --data-urlencode code=999999)" 422
  expect_eq "$(jpost owner /login/code --data-urlencode "code=$(totp "$secret" $((T0 + 60)))")" 429
  expect_contains out.html "Too many wrong codes"
  # The administrator resets it (journalled): the password alone gets in again.
  login admin
  id=$(sqlite3 "$DB" "select id from user where login='owner'")
  expect_eq "$(get admin /admin/users/$id)" 200
  expect_contains out.html "Reset two-factor authentication"
  expect_eq "$(post admin /admin/users/$id/2fa-reset)" 303
  at notify outbox >outbox.txt
  expect_contains outbox.txt "Two-factor authentication was turned off by an administrator"
  expect_eq "$(signin owner owner "$PW")" 303
  expect_eq "$(location)" /
  at log >log.txt
  expect_contains log.txt "user.2fa-on"
  expect_contains log.txt "user.2fa-reset"
}

test_accounts_two_factor_required_for_a_role() {
  web_start --throttle-clock $T0
  # The administrator's page sets it (from each person's next sign-in), as the command does.
  login admin
  expect_eq "$(get admin /admin/two-factor)" 200
  expect_not_contains out.html 'checked'
  expect_eq "$(post admin /admin/two-factor --data role=admin --data role=auditor)" 303
  at user settings >out.txt
  expect_contains out.txt "require-2fa    admin,auditor"
  expect_eq "$(get admin /admin/two-factor)" 200
  expect_contains out.html 'value="auditor" checked'
  expect_not_contains out.html 'value="owner" checked'
  at user settings require-2fa admin,auditor >out.txt
  expect_contains out.txt "require-2fa    admin,auditor"
  expect_status 2 at user settings require-2fa admin,boss 2>err.txt
  expect_contains err.txt "'boss' is not a role"

  # An owner is not asked.
  expect_eq "$(signin owner owner "$PW")" 303
  expect_eq "$(location)" /
  # An auditor is sent to enrol, keeps next, and can do nothing else until done.
  expect_eq "$(signin auditor auditor "$PW" /dashboard)" 303
  expect_eq "$(location)" "/account/2fa?next=/dashboard"
  expect_eq "$(jget auditor /recs)" 303
  expect_eq "$(location)" "/account/2fa?next=/recs"
  expect_eq "$(jget auditor /account/2fa?next=/dashboard)" 200
  expect_contains out.html "Your role must sign in with a code from an authenticator app"
  expect_eq "$(jpost auditor /account/2fa/start --data-urlencode next=/dashboard)" 303
  expect_eq "$(location)" "/account/2fa?next=/dashboard"
  expect_eq "$(jget auditor /account/2fa?next=/dashboard)" 200
  secret=$(sed -n 's/.*id="totp-secret">\([A-Z2-7 ]*\)<.*/\1/p' out.html | tr -d ' ')
  cp jar.auditor before.jar
  expect_eq "$(jpost auditor /account/2fa/confirm --data-urlencode "code=$(totp "$secret" $T0)" --data-urlencode next=/dashboard)" 200
  expect_contains out.html 'href="/dashboard">Continue</a>'
  # A new session token, fully signed in; the half-signed-in one is gone.
  expect_eq "$(jget auditor /dashboard)" 200
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b before.jar "$BASE/account/2fa")" 303
}

test_accounts_sessions_listed_and_ended() {
  web_start
  UA="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0" \
    signin other owner "$PW" >/dev/null
  UA="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile/15E148 Safari/604.1" \
    signin phone owner "$PW" >/dev/null
  signin owner owner "$PW" >/dev/null
  expect_eq "$(jget owner /account)" 200
  expect_contains out.html "Where you are signed in"
  expect_contains out.html "Firefox on Windows"
  expect_contains out.html "Safari on iPhone"
  expect_contains out.html "This browser"
  expect_eq "$(grep -o 'action="/account/sessions/[0-9]*/end"' out.html | wc -l)" 2
  phone=$(sqlite3 "$DB" "select id from session where agent like '%iPhone%'")
  expect_eq "$(jpost owner /account/sessions/$phone/end)" 303
  expect_eq "$(jget phone /account)" 303
  expect_eq "$(jget other /account)" 200
  # Another account's session cannot be ended from here.
  signin admin admin "$PW" >/dev/null
  adm=$(sqlite3 "$DB" "select s.id from session s join user u on u.id=s.user_id where u.login='admin'")
  expect_eq "$(jpost owner /account/sessions/$adm/end)" 404
  expect_eq "$(jget admin /admin/users)" 200
  expect_eq "$(jpost owner /account/sessions/end-others)" 303
  expect_eq "$(jget other /account)" 303
  expect_eq "$(jget owner /account)" 200
}

# Every e-mail link opens its page after signing in: the digest's link, followed
# from the message the sink received, goes through the sign-in form (and the second
# step) to the recommendation; a query survives too.
test_accounts_email_links_land_on_the_action() {
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --ref PAY --date 2024-01-10 >/dev/null
  at rec add --audit 1 --ref 1 --title "Payroll reconciliation" --text "Reconcile payroll" \
    --target 2024-06-30 --owner "Payroll manager" --on 2024-01-10 >/dev/null
  at person set "Payroll manager" --email pm@council.example >/dev/null
  web_start --throttle-clock $T0
  sink_start
  at notify --as-at 2024-06-23 >/dev/null
  part "$(last_mail pm@council.example)" plain >digest.txt
  link=$(grep -o "$MAILBASE/recs/[0-9]*" digest.txt | head -n 1)
  expect_eq "$link" "$MAILBASE/recs/1"
  path=${link#"$MAILBASE"}
  expect_eq "$(anon "$path")" 303
  expect_eq "$(location)" "/login?next=/recs/1"
  expect_eq "$(anon "$(location)")" 200
  expect_contains out.html 'name="next" value="/recs/1"'
  expect_eq "$(signin owner owner "$PW" /recs/1)" 303
  expect_eq "$(location)" /recs/1
  expect_eq "$(jget owner /recs/1)" 200
  expect_contains out.html "Payroll reconciliation"
  # With two-factor on, the second step keeps it.
  expect_eq "$(jpost owner /account/2fa/start)" 303
  jget owner /account/2fa >/dev/null
  secret=$(sed -n 's/.*id="totp-secret">\([A-Z2-7 ]*\)<.*/\1/p' out.html | tr -d ' ')
  expect_eq "$(jpost owner /account/2fa/confirm --data-urlencode "code=$(totp "$secret" $T0)")" 200
  expect_eq "$(signin owner owner "$PW" /recs/1)" 303
  expect_eq "$(location)" "/login/code?next=/recs/1"
  expect_eq "$(jpost owner /login/code --data-urlencode "code=$(totp "$secret" $((T0 + 30)))" --data-urlencode next=/recs/1)" 303
  expect_eq "$(location)" /recs/1
  # A query survives the redirect to the sign-in form; another site never is a next.
  expect_eq "$(anon "/recs?status=open&owner=a%26b")" 303
  expect_eq "$(location)" "/login?next=/recs%3Fstatus%3Dopen%26owner%3Da%2526b"
  expect_eq "$(signin x owner "$PW" "//evil.example/")" 303
  expect_eq "$(location)" "/login/code?next=/"
}

# A person waiting for a reset link is not kept waiting for the outbox's next sweep
# (five minutes): the request that queued it wakes the server's sender, and the
# message is at the SMTP server within seconds, without `notify` being run.
test_accounts_reset_mail_sent_at_once() {
  web_start --throttle-clock $T0
  # Set after the server's first tick, which found nothing to send with: its next
  # look is a minute away, and a retry sweep five.
  sink_start
  at user set owner email owner@council.example >/dev/null
  expect_eq "$(anon_post /password/forgot --data-urlencode who=owner)" 200
  i=0
  until ls sink/mail/*.eml >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "no message after 10 s" >&2; cat server.log >&2; return 1; }
    sleep 0.1
  done
  expect_eq "$(grep -l '^X-Envelope-To: <owner@council.example>' sink/mail/*.eml | wc -l)" 1
  at notify outbox >outbox.txt
  expect_eq "$(cat outbox.txt)" "nothing queued"
}
