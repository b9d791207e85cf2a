# Single sign-on (OpenID Connect): a real provider (npm oidc-provider) and a
# hostile issuer on loopback, both from test/oidc/provider.mjs; curl plays the
# browser, a cookie jar each. docs/sso.md says what is checked and why.
. "$ROOT/test/e2e/web_lib.sh"

# sso_setup: a server with one account per role, the providers started, and
# both added: "test" (the real one) and "bad" (the hostile one).
sso_setup() {
  web_start "$@"
  node "$ROOT/test/oidc/provider.mjs" "$BASE/sso/callback" >provider.out 2>provider.err &
  PROVIDER_PID=$!
  trap 'web_stop; kill $PROVIDER_PID 2>/dev/null' EXIT
  i=0
  while ! grep -q '^ready ' provider.out; do
    i=$((i + 1)); [ $i -lt 600 ] || { cat provider.err >&2; return 1; }
    sleep 0.1
  done
  ISS=$(awk '/^ready/ {print $2}' provider.out)
  HOSTILE=$(awk '/^ready/ {print $3}' provider.out)
  echo "test-secret" >secret.txt
  at sso add test --issuer "$ISS" --client-id auditrack --secret-file "$PWD/secret.txt" \
    --label "Test provider" --insecure-http >/dev/null
  at sso add bad --issuer "$HOSTILE" --client-id auditrack \
    --secret-file "$PWD/secret.txt" --label "Hostile" --insecure-http --hidden >/dev/null
}

# sso_begin JAR PROVIDER [NEXT]: start a sign-in; prints where the server sends the browser
sso_begin() {
  curl -s -o /dev/null -c "$1" -b "$1" -w '%{redirect_url}' "$BASE/sso/start/$2?next=${3:-/my}"
}

# sso_real JAR LOGIN [NEXT]: through the real provider's own sign-in page as LOGIN;
# prints the callback address it sends the browser back to (not yet followed)
sso_real() {
  u=$(sso_begin "$1" test "${3:-/my}")
  u=$(curl -s -o /dev/null -c "$1" -b "$1" -w '%{redirect_url}' "$u")
  curl -s -c "$1" -b "$1" "$u" >idp.html
  grep -q 'name="login"' idp.html || { echo "no provider sign-in page at $u" >&2; cat idp.html >&2; return 1; }
  u=$(curl -s -o /dev/null -c "$1" -b "$1" -w '%{redirect_url}' --data-urlencode "login=$2" \
    --data-urlencode "password=anything" "$u")
  curl -s -o /dev/null -c "$1" -b "$1" -w '%{redirect_url}' "$u"
}

# sso_bad JAR MODE [USER] [TID]: through the hostile issuer misbehaving as MODE;
# prints the callback address
sso_bad() {
  curl -s -o /dev/null "$HOSTILE/mode?m=$2&user=${3:-aud}&tid=${4:-}"
  u=$(sso_begin "$1" bad)
  curl -s -o /dev/null -w '%{redirect_url}' "$u"
}

# sso_finish JAR URL: the browser arrives at the callback; prints the status (body: out.html)
sso_finish() { curl -s -o out.html -c "$1" -b "$1" -w '%{http_code}' "$2"; }

# signed_in_as JAR: the login the jar's session is, from the API
signed_in_as() { curl -s -b "$1" "$BASE/api/v1/me" | jq -r '.login // "none"'; }

test_sso_cli() {
  at init --org "Test Council" >/dev/null
  at sso --help >help.txt 2>&1 || true
  at sso add --help >add.txt
  expect_contains add.txt "--secret-file FILE"
  expect_contains add.txt "--insecure-http"
  # The secret is named, never given; one source of it.
  expect_status 2 at sso add x --issuer https://id.example.org --client-id c 2>err.txt
  expect_contains err.txt "give the client secret's file (--secret-file) or its environment variable"
  expect_status 2 at sso add x --issuer http://id.example.org --client-id c --secret-env S 2>err.txt
  expect_contains err.txt "must start https://"
  expect_status 2 at sso add x --issuer http://id.example.org --client-id c --secret-env S \
    --insecure-http 2>err.txt
  expect_contains err.txt "must start https://"
  expect_status 2 at sso add Bad_Name --issuer https://id.example.org --client-id c --secret-env S 2>err.txt
  expect_contains err.txt "a provider's name is 1 to 63 of a-z, 0-9 and -"
  expect_status 2 at sso add x --issuer https://id.example.org --client-id c --secret-env S \
    --role-map "staff=director" 2>err.txt
  expect_contains err.txt "a director needs a directorate"
  # Unreachable discovery: nothing added.
  expect_status 1 at sso add x --issuer http://127.0.0.1:9 --client-id c --secret-env S \
    --insecure-http 2>err.txt
  expect_contains err.txt "127.0.0.1:9/.well-known/openid-configuration"
  at sso list >list.txt
  expect_contains list.txt "no single sign-on providers"
  expect_contains list.txt "local passwords refused for: none"
  at sso passwords admin,auditor >/dev/null
  at sso list >list.txt
  expect_contains list.txt "local passwords refused for: admin auditor"
  expect_status 2 at sso passwords admin,boss 2>err.txt
  expect_contains err.txt "'boss' is not a role"
  at log >log.txt
  expect_contains log.txt "sso.passwords"
}

test_sso_provider_settings() {
  sso_setup
  at sso list >list.txt
  expect_contains list.txt "test"
  expect_contains list.txt "secret-file   $PWD/secret.txt"
  expect_not_contains list.txt "test-secret"
  expect_contains list.txt "(http to loopback allowed: tests only)"
  at sso set test domains example.org >/dev/null
  at sso set test secret-env AUDITRACK_SSO_SECRET >/dev/null
  at sso list >list.txt
  expect_contains list.txt "secret-env    AUDITRACK_SSO_SECRET"
  expect_eq "$(grep -c "secret-file" list.txt)" 1 "one source of the secret each"
  expect_status 2 at sso set test secret-env "" 2>err.txt
  expect_contains err.txt "needs a file or an environment variable"
  expect_status 2 at sso set test colour blue 2>err.txt
  expect_contains err.txt "a provider's fields are client-id"
  expect_status 1 at sso add test --issuer "$ISS" --client-id c --secret-env S --insecure-http 2>err.txt
  expect_contains err.txt "there is a provider 'test' already"
  # The discovery document must name the issuer as given.
  expect_status 1 at sso add other --issuer "$ISS/" --client-id c --secret-env S --insecure-http 2>err.txt
  expect_contains err.txt "the discovery document names the issuer '$ISS', not '$ISS/'"
  # The secret is not in the database nor the journal.
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sso_provider WHERE discovery LIKE '%test-secret%'")" 0
  at log >log.txt
  expect_not_contains log.txt "test-secret"
  expect_contains log.txt "sso.add"
  at sso remove bad >/dev/null
  at sso list >list.txt
  expect_not_contains list.txt "Hostile"
}

test_sso_login_page_offers_providers() {
  sso_setup
  expect_eq "$(curl -s -o login.html -w '%{http_code}' "$BASE/login?next=/recs/1")" 200
  expect_contains login.html '<span class="govuk-caption-l">Test Council</span>'
  expect_contains login.html 'href="/sso/start/test?next=/recs/1"'
  expect_contains login.html ">Sign in with Test provider</a>"
  expect_not_contains login.html "Hostile"
  expect_contains login.html "Or sign in with a password"
  # The button comes before the password form.
  a=$(grep -bo 'Sign in with Test provider' login.html | head -n 1 | cut -d: -f1)
  b=$(grep -bo 'name="password"' login.html | head -n 1 | cut -d: -f1)
  [ "$a" -lt "$b" ]
  # The privacy notice says what single sign-on keeps.
  curl -s "$BASE/privacy" >privacy.html
  expect_contains privacy.html "the identifier it gives you, kept with your account"
  at sso set test offered 0 >/dev/null
  curl -s "$BASE/login" >login.html
  expect_not_contains login.html "Sign in with"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/sso/start/nobody")" 404
}

test_sso_links_by_verified_email() {
  sso_setup
  at user set auditor email auditor@example.org
  cb=$(sso_real jar.a aud /review)
  case "$cb" in "$BASE/sso/callback?code="*) ;; *) echo "callback: $cb" >&2; return 1 ;; esac
  expect_eq "$(sso_finish jar.a "$cb")" 200
  expect_contains out.html '<meta http-equiv="refresh" content="0;url=/review">'
  expect_eq "$(signed_in_as jar.a)" auditor
  expect_eq "$(sqlite3 "$DB" "SELECT subject FROM sso_link")" aud
  at log >log.txt
  expect_contains log.txt "sso.link"
  # Linked by subject: the address no longer matters.
  at user set auditor email someone.else@example.org
  cb=$(sso_real jar.b aud)
  expect_eq "$(sso_finish jar.b "$cb")" 200
  expect_eq "$(signed_in_as jar.b)" auditor
  # A disabled account is refused even when linked.
  at user disable auditor >/dev/null
  cb=$(sso_real jar.c aud)
  expect_eq "$(sso_finish jar.c "$cb")" 403
  expect_contains out.html "the account is disabled"
}

test_sso_refuses_unknown_and_unverified() {
  sso_setup
  at user set auditor email auditor@example.org
  # An address the provider has not verified matches nobody.
  cb=$(sso_real jar.u unverified)
  expect_eq "$(sso_finish jar.u "$cb")" 403
  expect_contains out.html "You cannot sign in"
  expect_contains out.html "gave no verified e-mail address"
  expect_eq "$(signed_in_as jar.u)" none
  # Someone with no account whom the register does not name.
  cb=$(sso_real jar.e eve)
  expect_eq "$(sso_finish jar.e "$cb")" 403
  expect_contains out.html "no account matches this person"
  at log >log.txt
  expect_contains log.txt "sso.refused"
  expect_contains log.txt "eve@elsewhere.example"
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM user WHERE email LIKE 'eve%'")" 0
  # Outside the allowed domains: refused before any account is looked at.
  at sso set test domains example.com >/dev/null
  cb=$(sso_real jar.d aud)
  expect_eq "$(sso_finish jar.d "$cb")" 403
  expect_contains out.html "outside the allowed domains"
}

test_sso_just_in_time_owner_gets_own_recs() {
  sso_setup
  at audit add --title "Payroll" >/dev/null
  at rec add --audit 1 --text "Reconcile payroll" --target 2030-01-31 --owner "Ann Owner" >/dev/null
  at rec add --audit 1 --text "Check leavers" --target 2030-02-28 --owner "Ann Owner" >/dev/null
  at rec add --audit 1 --text "Someone else's" --target 2030-03-31 --owner "Bob Other" >/dev/null
  at rec add --audit 1 --text "Ann as director" --target 2030-03-31 --director "Ann Owner" >/dev/null
  at person set "Ann Owner" --email ann.owner@example.org >/dev/null
  cb=$(sso_real jar.ann ann /my)
  expect_eq "$(sso_finish jar.ann "$cb")" 200
  expect_eq "$(signed_in_as jar.ann)" ann.owner@example.org
  expect_eq "$(sqlite3 "$DB" "SELECT role, owner_as, name, pw_hash IS NULL FROM user WHERE login='ann.owner@example.org'")" \
    "owner|Ann Owner|Ann Owner|1"
  ids=$(curl -s -b jar.ann "$BASE/api/v1/recs" | jq -r '[.[].id] | sort | map(tostring) | join(",")')
  expect_eq "$ids" "1,2,4"
  expect_eq "$(curl -s -o my.html -w '%{http_code}' -b jar.ann "$BASE/my")" 200
  expect_contains my.html "Reconcile payroll"
  expect_not_contains my.html "Someone else"
  # No password opens that account.
  expect_eq "$(login_as_pw ann.owner@example.org "$PW")" 422
  at log >log.txt
  expect_contains log.txt "user.add"
}

# login_as_pw LOGIN PASSWORD: a password sign-in; prints the status
login_as_pw() {
  rm -f jar.pw
  curl -s -c jar.pw -b jar.pw "$BASE/login" >login.html
  c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -n 1)
  curl -s -o pw.html -w '%{http_code}' -c jar.pw -b jar.pw -H "Origin: $BASE" \
    --data-urlencode "csrf=$c" --data-urlencode "login=$1" --data-urlencode "password=$2" \
    "$BASE/login"
}

test_sso_roles_follow_groups() {
  sso_setup
  at sso set test role-map "audit-team=auditor,finance=committee" >/dev/null
  cb=$(sso_real jar.g grp)
  expect_eq "$(sso_finish jar.g "$cb")" 200
  expect_eq "$(sqlite3 "$DB" "SELECT role FROM user WHERE login='gina@example.org'")" auditor
  # A group the map does not name: refused, with a journal entry.
  cb=$(sso_real jar.c canteen)
  expect_eq "$(sso_finish jar.c "$cb")" 403
  expect_contains out.html "none of the person&#39;s groups is given a role here"
  expect_eq "$(signed_in_as jar.c)" none
  at log >log.txt
  expect_contains log.txt "none of the person's groups"
  # The map changed: the linked account's role follows at its next sign-in.
  at sso set test role-map "audit-team=committee" >/dev/null
  cb=$(sso_real jar.g2 grp)
  expect_eq "$(sso_finish jar.g2 "$cb")" 200
  expect_eq "$(sqlite3 "$DB" "SELECT role FROM user WHERE login='gina@example.org'")" committee
}

test_sso_hostile_tokens_refused() {
  sso_setup
  at user set auditor email auditor@example.org
  for m in "wrong-aud:another client (aud)" "wrong-iss:another issuer (iss)" \
    "expired:has expired (exp)" "future-iat:not issued now (iat)" \
    "wrong-nonce:another sign-in (nonce)" "alg-none:algorithm none is not accepted" \
    "hs256:algorithm HS256 is not accepted" "bad-sig:signature is not the provider" \
    "unknown-kid:a key the provider does not publish" \
    "multi-aud-no-azp:another party (azp)"; do
    mode=${m%%:*} why=${m#*:}
    rm -f "jar.$mode"
    cb=$(sso_bad "jar.$mode" "$mode")
    expect_eq "$(sso_finish "jar.$mode" "$cb")" 403 "$mode"
    expect_contains out.html "$why"
    expect_eq "$(signed_in_as "jar.$mode")" none "$mode"
  done
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM session")" 0
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM journal WHERE action='sso.refused'")" 10
  # The honest ones get in: RS256, ES256, several audiences with azp, and a key
  # published after the set was cached (fetched again once).
  for mode in good es256 multi-aud-azp rotated; do
    cb=$(sso_bad "jar.ok.$mode" "$mode")
    expect_eq "$(sso_finish "jar.ok.$mode" "$cb")" 200 "$mode"
    expect_eq "$(signed_in_as "jar.ok.$mode")" auditor "$mode"
  done
}

test_sso_tenant_restricted() {
  sso_setup
  at user set auditor email auditor@example.org
  at sso set bad tenant 11111111-aaaa >/dev/null
  cb=$(sso_bad jar.x good aud 22222222-bbbb)
  expect_eq "$(sso_finish jar.x "$cb")" 403
  expect_contains out.html "another tenant (tid)"
  cb=$(sso_bad jar.y good aud)
  expect_eq "$(sso_finish jar.y "$cb")" 403
  cb=$(sso_bad jar.z good entra 11111111-aaaa)
  expect_eq "$(sso_finish jar.z "$cb")" 200
  expect_eq "$(signed_in_as jar.z)" auditor "Entra's xms_edov vouches for the address"
}

test_sso_code_and_state_single_use_and_bound() {
  sso_setup
  at user set auditor email auditor@example.org
  cb=$(sso_real jar.a aud)
  # Another browser with the code and state: refused, and the sign-in left for its owner.
  expect_eq "$(sso_finish jar.thief "$cb")" 400
  expect_contains out.html "started in another browser"
  expect_eq "$(signed_in_as jar.thief)" none
  expect_eq "$(sso_finish jar.a "$cb")" 200
  expect_eq "$(signed_in_as jar.a)" auditor
  # The same callback again: the state is spent.
  expect_eq "$(sso_finish jar.a "$cb")" 400
  expect_contains out.html "unknown or was used already"
  # A spent code with a fresh state: the provider refuses it.
  code=$(printf '%s' "$cb" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
  u=$(sso_begin jar.r test)
  state=$(printf '%s' "$u" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
  expect_eq "$(sso_finish jar.r "$BASE/sso/callback?code=$code&state=$state")" 403
  expect_contains out.html "invalid_grant"
  expect_eq "$(signed_in_as jar.r)" none
  # No state, an unknown state, no pre-login cookie.
  expect_eq "$(sso_finish jar.n "$BASE/sso/callback?code=$code")" 400
  expect_contains out.html "has no state"
  expect_eq "$(sso_finish jar.n "$BASE/sso/callback?code=$code&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")" 400
  expect_contains out.html "unknown or was used already"
  u=$(sso_begin jar.k test)
  state=$(printf '%s' "$u" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
  expect_eq "$(curl -s -o out.html -w '%{http_code}' "$BASE/sso/callback?code=$code&state=$state")" 400
  expect_contains out.html "started in another browser"
  # Two tabs of one browser, each signing in: both flows stand.
  curl -s -o /dev/null "$HOSTILE/mode?m=good&user=aud"
  cb1=$(curl -s -o /dev/null -w '%{redirect_url}' "$(sso_begin jar.tabs bad /my)")
  cb2=$(curl -s -o /dev/null -w '%{redirect_url}' "$(sso_begin jar.tabs bad /review)")
  expect_eq "$(sso_finish jar.tabs "$cb2")" 200
  expect_eq "$(sso_finish jar.tabs "$cb1")" 200
  expect_contains out.html 'content="0;url=/my"'
  # A sign-in left for more than 10 minutes.
  u=$(sso_begin jar.slow test)
  state=$(printf '%s' "$u" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
  sqlite3 "$DB" "UPDATE sso_flow SET created_at=created_at-601"
  expect_eq "$(sso_finish jar.slow "$BASE/sso/callback?code=$code&state=$state")" 400
  expect_contains out.html "this sign-in took too long"
  # The provider said no: the flow is spent all the same.
  u=$(sso_begin jar.e test)
  state=$(printf '%s' "$u" | sed -n 's/.*[?&]state=\([^&]*\).*/\1/p')
  expect_eq "$(sso_finish jar.e "$BASE/sso/callback?error=access_denied&state=$state")" 403
  expect_contains out.html "the provider answered &#39;access_denied&#39;"
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sso_flow WHERE created_at < strftime('%s','now') - 600")" 0
}

test_sso_request_carries_pkce_state_nonce() {
  sso_setup
  u=$(sso_begin jar.a test /recs/1)
  for p in "response_type=code" "client_id=auditrack" "code_challenge_method=S256" \
    "scope=openid%20email%20profile" "redirect_uri=http%3A%2F%2F127.0.0.1%3A"; do
    case "$u" in *"$p"*) ;; *) echo "$p not in $u" >&2; return 1 ;; esac
  done
  for p in state nonce code_challenge; do
    v=$(printf '%s' "$u" | sed -n "s/.*[?&]$p=\([^&]*\).*/\1/p")
    expect_eq "${#v}" 43 "$p"
  done
  # Kept server-side, hashed: neither the state nor the verifier is in the address twice.
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sso_flow WHERE next='/recs/1'")" 1
  grep -q 'at_sso' jar.a
  # The flow cookie is Lax (it must come back from the provider), HttpOnly, scoped.
  curl -s -D hdr.txt -o /dev/null "$BASE/sso/start/test"
  expect_contains hdr.txt "Path=/sso; HttpOnly; SameSite=Lax"
}

test_sso_next_stays_local() {
  sso_setup
  at user set auditor email auditor@example.org
  cb=$(sso_real jar.a aud "//evil.example/x")
  expect_eq "$(sso_finish jar.a "$cb")" 200
  expect_contains out.html 'content="0;url=/"'
  expect_not_contains out.html "evil.example"
  cb=$(sso_real jar.b aud "https://evil.example/")
  expect_eq "$(sso_finish jar.b "$cb")" 200
  expect_contains out.html 'content="0;url=/"'
  cb=$(sso_real jar.c aud "/recs/1?x=1")
  expect_eq "$(sso_finish jar.c "$cb")" 200
  expect_contains out.html 'content="0;url=/recs/1?x=1"'
  # A forged Host makes a callback address the provider does not know: it refuses.
  u=$(curl -s -o /dev/null -H "Host: evil.example" -w '%{redirect_url}' "$BASE/sso/start/test")
  case "$u" in *"redirect_uri=http%3A%2F%2Fevil.example%2Fsso%2Fcallback"*) ;; *) echo "$u" >&2; return 1 ;; esac
  expect_eq "$(curl -s -o idp.html -w '%{http_code}' "$u")" 400
  expect_not_contains idp.html "evil.example/sso/callback?code"
}

test_sso_local_passwords_off_per_role() {
  sso_setup
  at sso passwords admin,auditor >/dev/null
  expect_eq "$(login_as_pw auditor "$PW")" 403
  expect_contains pw.html "signs in through your organisation&#39;s single sign-on"
  expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM session s JOIN user u ON u.id=s.user_id WHERE u.login='auditor'")" 0
  expect_eq "$(login_as_pw owner "$PW")" 303
  # A wrong password still reads as any wrong password.
  expect_eq "$(login_as_pw auditor "not-the-password-1")" 422
  # Through the provider the auditor gets in.
  at user set auditor email auditor@example.org
  cb=$(sso_real jar.a aud)
  expect_eq "$(sso_finish jar.a "$cb")" 200
  expect_eq "$(signed_in_as jar.a)" auditor
  at sso passwords none >/dev/null
  expect_eq "$(login_as_pw auditor "$PW")" 303
}
