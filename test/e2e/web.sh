# The web application's door: sign-in, sessions, CSRF, headers, limits.
. "$ROOT/test/e2e/web_lib.sh"

test_web_login_logout() {
  web_start
  expect_eq "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/")" "303 $BASE/login?next=/"
  login auditor
  expect_eq "$(get auditor /accessibility)" 200
  # The privacy notice, signed out, and linked from every page's footer.
  expect_eq "$(curl -s -o p.html -w '%{http_code}' "$BASE/privacy")" 200
  expect_contains p.html "<h1 class=\"govuk-heading-l\">Privacy notice</h1>"
  expect_contains p.html "UK GDPR article 6(1)(e)"
  curl -s "$BASE/login" >l.html
  expect_contains l.html 'href="/privacy">Privacy</a>'
  expect_contains out.html 'href="/privacy">Privacy</a>'
  expect_contains out.html "Test auditor (Auditor)"
  cp jar.auditor old.jar
  expect_eq "$(post auditor /logout)" 303
  # The old cookie is dead: the session was deleted, not just forgotten by the browser.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b old.jar "$BASE/")" 303
}

test_web_login_refusals_are_alike() {
  # Throttling on a clock that never moves: the 429 below cannot depend on the
  # first wait not having passed on a slow machine.
  web_start --throttle-clock 1767225600
  curl -s -c j -b j "$BASE/login" >l.html
  c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' l.html | head -n 1)
  try() { curl -s -o "$3" -w '%{http_code}' -c j -b j -H "Origin: $BASE" --data-urlencode "csrf=$c" \
            --data-urlencode "login=$1" --data-urlencode "password=$2" "$BASE/login"; }
  expect_eq "$(try auditor wrong-password-here a.html)" 422
  expect_eq "$(try nobody-at-all wrong-password-here b.html)" 422
  expect_contains a.html "Enter a correct login and password"
  expect_contains b.html "Enter a correct login and password"
  # Five failures for one account, then it must wait, even with the right password.
  for i in 1 2 3 4; do try auditor "wrong-$i-password" x.html >/dev/null; done
  expect_eq "$(try auditor "$PW" c.html)" 429
  expect_contains c.html "Too many failed attempts. Wait 1 minute, then try again."
  expect_status 2 at serve --throttle-clock soon 2>/dev/null
}

test_web_csrf_and_origin() {
  web_start
  login auditor
  # No token, a wrong token, a foreign origin: all refused.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" -X POST "$BASE/logout")" 403
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" --data csrf=forged "$BASE/logout")" 403
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: http://evil.example" --data-urlencode "csrf=$(csrf auditor)" "$BASE/logout")" 403
  # The same POST done properly works.
  expect_eq "$(post auditor /logout)" 303
}

test_web_security_headers() {
  web_start
  curl -s -D h.txt -o /dev/null "$BASE/login"
  expect_contains h.txt "Content-Security-Policy: default-src 'none'"
  expect_contains h.txt "frame-ancestors 'none'"
  expect_contains h.txt "X-Content-Type-Options: nosniff"
  expect_contains h.txt "Referrer-Policy: same-origin"
  expect_contains h.txt "Cache-Control: no-store"
  expect_contains h.txt "SameSite=Strict"
  expect_contains h.txt "HttpOnly"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/no/such/page")" 404
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$BASE/login")" 405
  curl -s -o css -D ch.txt "$BASE/assets/govuk-frontend.min.css"
  expect_contains ch.txt "text/css"
  expect_not_contains css "GDS Transport"
}

test_web_sigterm_stops_cleanly() {
  web_start
  web_stop
  expect_contains server.log "stopped (SIGTERM)"
}

test_web_behind_a_proxy_cookies_are_secure() {
  web_start --trust-proxy
  curl -s -D h.txt -o /dev/null -H "X-Forwarded-Proto: https" "$BASE/login"
  expect_contains h.txt "SameSite=Strict; Secure"
  expect_contains h.txt "Strict-Transport-Security: max-age=31536000"
  curl -s -D h2.txt -o /dev/null "$BASE/login"
  expect_not_contains h2.txt "Secure"
  # Without --trust-proxy a client cannot claim TLS.
  web_stop
  rm -f "$DB"
  web_start
  curl -s -D h3.txt -o /dev/null -H "X-Forwarded-Proto: https" "$BASE/login"
  expect_not_contains h3.txt "Secure"
}

test_web_body_limits_and_utf8() {
  web_start
  login auditor
  # A form body over 1 MB without files: refused before anything is parsed.
  head -c 1200000 /dev/zero | tr '\0' 'a' >big.txt
  expect_eq "$(post auditor /logout --data-urlencode "x@big.txt")" 413
  # Text that is not UTF-8, in a form or in the address.
  expect_eq "$(post auditor /logout --data 'x=%ff%fe')" 400
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor "$BASE/recs?q=%c0%af")" 400
  # Multipart is only for routes that take files.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" -F "csrf=$(csrf auditor)" "$BASE/logout")" 415
}
