# Accounts on the web: your own account (password, API tokens, signing out
# everywhere) and the administrator's account pages.
. "$ROOT/test/e2e/web_lib.sh"

NEWPW="lantern-pasture-copper-71"

# login_pw LOGIN PASSWORD: sign in with a given password into jar.LOGIN; prints the status
login_pw() {
  rm -f "jar.$1"
  curl -s -c "jar.$1" -b "jar.$1" "$BASE/login" >login.html
  c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -n 1)
  curl -s -o /dev/null -w '%{http_code}' -c "jar.$1" -b "jar.$1" -H "Origin: $BASE" \
    --data-urlencode "csrf=$c" --data-urlencode "login=$1" --data-urlencode "password=$2" \
    "$BASE/login"
}

location() { sed -n 's/^[Ll]ocation: \([^[:space:]]*\).*/\1/p' hdr.txt; }

test_web_account_password_change() {
  web_start
  login owner
  expect_eq "$(get owner /account)" 200
  expect_contains out.html "<h1 class=\"govuk-heading-l\">Your account</h1>"
  expect_contains out.html "Payroll manager"
  expect_contains out.html "Action owner"
  # A wrong current password: refused, and no password is written back into the page.
  expect_eq "$(post owner /account/password --data-urlencode "current_password=not-my-password-1" \
    --data-urlencode "new_password=$NEWPW" --data-urlencode "confirm_password=$NEWPW")" 422
  expect_contains out.html "Your current password is not correct"
  expect_contains out.html 'href="#current_password"'
  expect_not_contains out.html "$NEWPW"
  # A weak new password: refused with the reason.
  expect_eq "$(post owner /account/password --data-urlencode "current_password=$PW" \
    --data-urlencode "new_password=short" --data-urlencode "confirm_password=short")" 422
  expect_contains out.html "Your new password needs at least 12 characters (this one has 5)"
  expect_not_contains out.html "$PW"
  expect_eq "$(post owner /account/password --data-urlencode "current_password=$PW" \
    --data-urlencode "new_password=password1234" --data-urlencode "confirm_password=password1234")" 422
  expect_contains out.html "That password is one of the most commonly used"
  expect_eq "$(post owner /account/password --data-urlencode "current_password=$PW" \
    --data-urlencode "new_password=$NEWPW" --data-urlencode "confirm_password=$NEWPW-x")" 422
  expect_contains out.html "Enter the same new password twice"
  # Still the old password until a change succeeds.
  expect_eq "$(get owner /account)" 200
  cp jar.owner old.jar
  expect_eq "$(post owner /account/password --data-urlencode "current_password=$PW" \
    --data-urlencode "new_password=$NEWPW" --data-urlencode "confirm_password=$NEWPW")" 303
  expect_eq "$(location)" /login
  # The session that made the change is over, and so is every other.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b old.jar "$BASE/account")" 303
  expect_eq "$(login_pw owner "$PW")" 422
  expect_eq "$(login_pw owner "$NEWPW")" 303
  expect_eq "$(get owner /account)" 200
}

test_web_account_tokens() {
  web_start
  login auditor
  expect_eq "$(post auditor /account/tokens --data-urlencode "token_name=")" 422
  expect_contains out.html "Enter a name for the token"
  expect_eq "$(post auditor /account/tokens --data-urlencode "token_name=nightly extract")" 201
  tok=$(sed -n 's/.*id="token-value" readonly spellcheck="false" value="\(at_[A-Za-z0-9_-]*\)".*/\1/p' out.html)
  expect_eq "${#tok}" 46 "token length"
  expect_eq "$(curl -s -H "Authorization: Bearer $tok" "$BASE/api/v1/me" | jq -r '.login + " " + .via')" "auditor token"
  # Listed, but never shown again.
  expect_eq "$(get auditor /account)" 200
  expect_contains out.html "nightly extract"
  expect_contains out.html ">Active</strong>"
  expect_not_contains out.html "$tok"
  id=$(sed -n 's/.*action="\/account\/tokens\/\([0-9]*\)\/revoke".*/\1/p' out.html | head -n 1)
  # Someone else's token cannot be revoked from this account.
  other=$(at token add admin --name "admin script")
  expect_eq "$(post auditor "/account/tokens/$((id + 1))/revoke")" 404
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $other" "$BASE/api/v1/me")" 200
  expect_eq "$(post auditor "/account/tokens/$id/revoke")" 303
  expect_eq "$(location)" /account
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$BASE/api/v1/me")" 401
  expect_eq "$(get auditor /account)" 200
  expect_contains out.html ">Revoked</strong>"
  expect_contains out.html "The API token has been revoked"
  # Revoking twice: there is no live token of that number any more.
  expect_eq "$(post auditor "/account/tokens/$id/revoke")" 404
}

test_web_account_logout_everywhere() {
  web_start
  login auditor
  mv jar.auditor jar.laptop
  login auditor
  tok=$(at token add auditor)
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.laptop "$BASE/account")" 200
  expect_eq "$(post auditor /account/logout-everywhere)" 303
  expect_eq "$(location)" /login
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.laptop "$BASE/account")" 303
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor "$BASE/account")" 303
  # API tokens are not sessions: they stay until revoked.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$BASE/api/v1/me")" 200
}

# The server reads a GET's session in the same read transaction as its page: a
# session ended by the command line, in another process, stops working at the
# very next request, on whichever of the server's threads (and their kept
# database connections) answers it.
test_web_session_ends_from_the_command_line() {
  web_start
  login auditor
  tok=$(at token add auditor)
  for i in 1 2 3 4; do
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor "$BASE/account")" 200
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$BASE/api/v1/me")" 200
  done
  at user disable auditor >/dev/null
  for i in 1 2 3 4; do
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.auditor "$BASE/account")" 303
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$BASE/api/v1/me")" 401
  done
}

test_web_admin_users_add() {
  web_start
  login auditor
  expect_eq "$(get auditor /admin/users)" 403
  expect_eq "$(post auditor /admin/users --data-urlencode login=sneaky --data-urlencode role=admin \
    --data-urlencode "password=$NEWPW")" 403
  expect_status 1 sh -c "\"$AUDITRACK\" --db \"$DB\" user list | grep -q sneaky"
  login admin
  expect_eq "$(get admin /admin/users)" 200
  expect_contains out.html "<h1 class=\"govuk-heading-l\">Accounts</h1>"
  expect_contains out.html "Test director"
  expect_contains out.html "Resources"
  add() {
    post admin /admin/users --data-urlencode login=newbie --data-urlencode "name=New Person" \
      --data-urlencode "email=new@example.org" --data-urlencode "role=$1" \
      --data-urlencode "owner_as=Payroll manager" --data-urlencode "password=$2"
  }
  expect_eq "$(add owner short)" 422
  expect_contains out.html "The password is not acceptable: a password needs at least 12 characters"
  expect_contains out.html 'value="newbie"'
  expect_contains out.html 'value="new@example.org"'
  expect_eq "$(add director "$NEWPW")" 422
  expect_contains out.html "A director needs the directorate they answer for"
  expect_contains out.html 'href="#directorate"'
  expect_not_contains out.html "$NEWPW"
  expect_eq "$(add owner "$NEWPW")" 303
  expect_eq "$(location)" /admin/users
  expect_eq "$(get admin /admin/users)" 200
  expect_contains out.html "Account newbie added"
  expect_eq "$(add owner "$NEWPW")" 422
  expect_contains out.html "That login is taken"
  # The new account signs in with the password it was given, as an owner.
  expect_eq "$(login_pw newbie "$NEWPW")" 303
  expect_eq "$(get newbie /account)" 200
  expect_contains out.html "New Person (Action owner)"
  expect_eq "$(get newbie /admin/users)" 403
}

test_web_admin_users_change() {
  web_start
  login admin
  login owner
  expect_eq "$(get admin /admin/users)" 200
  id=$(sed -n 's/.*href="\/admin\/users\/\([0-9]*\)">owner<.*/\1/p' out.html)
  expect_eq "$(get admin "/admin/users/$id")" 200
  expect_contains out.html 'value="Payroll manager"'
  change() {
    role=$1 dir=$2
    shift 2
    post admin "/admin/users/$id" --data-urlencode "name=Test owner" --data-urlencode "role=$role" \
      --data-urlencode "owner_as=Payroll manager" --data-urlencode "directorate=$dir" "$@"
  }
  expect_eq "$(change director "")" 422
  expect_contains out.html "Enter the directorate a director answers for"
  expect_contains out.html '<option value="director" selected>'
  # Nothing was half-changed by the refused form.
  expect_eq "$(get owner /account)" 200
  expect_contains out.html "Action owner"
  # Disabling ends the live session at once.
  expect_eq "$(change owner "" --data-urlencode disabled=1)" 303
  expect_eq "$(get owner /account)" 303
  expect_eq "$(login_pw owner "$PW")" 422
  expect_eq "$(get admin /admin/users)" 200
  expect_contains out.html ">Disabled</strong>"
  expect_eq "$(change owner "")" 303
  expect_eq "$(login_pw owner "$PW")" 303
  # A new role; the old session does not keep the old one.
  expect_eq "$(change director "Resources")" 303
  expect_eq "$(get owner /account)" 303
  expect_eq "$(login_pw owner "$PW")" 303
  expect_eq "$(get owner /account)" 200
  expect_contains out.html "Test owner (Director)"
  # Setting a password: checked, then every session ends.
  expect_eq "$(post admin "/admin/users/$id/password" --data-urlencode password=short \
    --data-urlencode confirm_password=short)" 422
  expect_contains out.html "The password is not acceptable"
  expect_eq "$(post admin "/admin/users/$id/password" --data-urlencode "password=$NEWPW" \
    --data-urlencode "confirm_password=$NEWPW")" 303
  expect_eq "$(get owner /account)" 303
  expect_eq "$(login_pw owner "$NEWPW")" 303
  # An administrator cannot lock themselves out.
  expect_eq "$(get admin /admin/users)" 200
  aid=$(sed -n 's/.*href="\/admin\/users\/\([0-9]*\)">admin<.*/\1/p' out.html)
  expect_eq "$(post admin "/admin/users/$aid" --data-urlencode "name=Test admin" \
    --data-urlencode role=auditor)" 422
  expect_contains out.html "You cannot remove your own administrator role"
  expect_eq "$(get admin /admin/users/9999)" 404
}

# Guessing the password from a session left open counts as failed sign-ins:
# after five wrong ones the account waits (2 s, then doubling), so within a few
# more tries the answer must be 429. Without the count it would stay 422.
test_web_account_password_guessing_throttled() {
  web_start
  login owner
  for i in 1 2 3 4 5; do
    expect_eq "$(post owner /account/password --data-urlencode "current_password=guess-number-$i" \
      --data-urlencode "new_password=$NEWPW" --data-urlencode "confirm_password=$NEWPW")" 422
  done
  got=""
  for i in 6 7 8 9; do
    got=$(post owner /account/password --data-urlencode "current_password=guess-number-$i" \
      --data-urlencode "new_password=$NEWPW" --data-urlencode "confirm_password=$NEWPW")
    [ "$got" = 429 ] && break
  done
  expect_eq "$got" 429
  expect_contains out.html "Too many wrong passwords. Wait"
}
