# Accounts from the command line: passwords from standard input with their
# rules, roles, disabling, tokens, delegation, and the journal of each.

test_user_commands() {
  at init --org "Test Council" >/dev/null
  echo "staple-battery-horse-9" | at user add ann --role auditor --name "Ann Example" >o.txt
  expect_eq "$(cat o.txt)" "account ann added (auditor)"
  expect_status 2 sh -c 'echo "short" | "$0" --db "$1" user add bob --role owner 2>e.txt' "$AUDITRACK" "$DB"
  expect_status 2 sh -c 'echo "bob-is-my-name-ok" | "$0" --db "$1" user add bob --role owner 2>e2.txt' "$AUDITRACK" "$DB"
  expect_status 2 sh -c 'echo "staple-battery-horse-9" | "$0" --db "$1" user add dee --role director 2>e3.txt' "$AUDITRACK" "$DB"
  expect_contains e3.txt "a director needs the directorate they answer for"
  expect_status 2 at user add zed --role emperor
  expect_status 1 sh -c 'echo "staple-battery-horse-9" | "$0" --db "$1" user add ANN --role owner 2>e4.txt' "$AUDITRACK" "$DB"
  expect_contains e4.txt "that login is taken"
  echo "staple-battery-horse-9" | at user add bob --role owner --owner-as "Payroll manager" >/dev/null
  at user list >l.txt
  expect_eq "$(wc -l <l.txt | tr -d ' ')" 2
  expect_contains l.txt "owner as: Payroll manager"
  at user role bob committee >/dev/null
  at user disable bob >/dev/null
  at user list >l2.txt
  expect_contains l2.txt "(disabled)"
  expect_status 1 at user role nobody auditor
  tok=$(at token add ann --name "nightly export")
  expect_eq "$(printf %s "$tok" | cut -c1-3)" "at_"
  expect_eq "${#tok}" 46
  # Nothing secret reaches the journal: no password, no token, no hash.
  at log >log.txt
  expect_contains log.txt "user.add"
  expect_contains log.txt "token.add"
  expect_not_contains log.txt "staple-battery"
  expect_not_contains log.txt "$tok"
  expect_not_contains log.txt "argon2"
  at verify >v.txt
  expect_contains v.txt "chain intact"
}

test_rec_delegate() {
  at init >/dev/null
  at audit add --title Payroll >/dev/null
  at rec add --audit 1 --text "Reconcile monthly" --target 2024-06-30 >/dev/null
  echo "staple-battery-horse-9" | at user add dep --role owner --owner-as "Deputy" >/dev/null
  expect_eq "$(at rec delegate 1 dep)" "recommendation 1: delegated to dep"
  expect_eq "$(at rec delegate 1 dep --remove)" "recommendation 1: no longer delegated to dep"
  expect_status 1 at rec delegate 2 dep
  expect_status 1 at rec delegate 1 nobody
  at log >log.txt
  expect_contains log.txt "rec.delegate"
}

test_user_director_directorate_cannot_be_emptied() {
  # A director whose directorate is "" read as internal audit's view to the web's
  # caches; the web form refused it, the command line did not.
  at init --org "Test Council" >/dev/null
  echo "staple-battery-horse-9" | at user add dee --role director --directorate Resources >/dev/null
  expect_status 2 sh -c '"$0" --db "$1" user set dee directorate "" 2>e.txt' "$AUDITRACK" "$DB"
  expect_contains e.txt "a director needs the directorate they answer for"
  at user list >l.txt
  expect_contains l.txt "directorate: Resources"
  at user role dee auditor >/dev/null
  at user set dee directorate "" >/dev/null
  at user list >l2.txt
  expect_not_contains l2.txt "directorate:"
}
