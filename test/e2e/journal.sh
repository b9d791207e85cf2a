# Every write is journalled; verify detects tampering.

test_each_command_one_journal_entry() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2023-01-15 --assurance limited >/dev/null
  at rec add --audit 1 --text "Reconcile" --target 2024-01-31 --risk H --evidence "signed reconciliation" >/dev/null
  at rec update 1 --text "Started" --on 2024-02-01 --claimed in_progress --percent 40 >/dev/null
  at rec revise 1 --target 2024-06-30 --reason "staff shortage" --agreed-by "Director" --on 2024-02-02 >/dev/null
  at rec review 1 --opinion partially_implemented --text "half done" --next "follow up in June" --follow-up 2024-06-30 --on 2024-03-01 >/dev/null
  expect_status 1 at rec close 1 --on 2024-07-01
  at rec close 1 --on 2024-07-01 --evidence "reconciliation for June seen" >/dev/null
  at rec reopen 1 --reason "reconciliations stopped in August" --on 2024-09-01 >/dev/null
  at decision add 1 --kind extension_granted --target 2024-12-31 --meeting "Audit Committee 20 Sep 2024" --on 2024-09-20 >/dev/null
  at rec set 1 owner "Head of Payroll" >/dev/null
  at policy set months whole >/dev/null
  at log >log.txt
  expect_eq "$(wc -l <log.txt)" 11
  for a in init audit.add rec.add rec.update rec.revise rec.review rec.close rec.reopen decision.add rec.set policy.set; do
    expect_contains log.txt " $a "
  done
  at verify >v.txt
  expect_contains v.txt "chain intact"
  at rec show 1 --as-at 2024-12-31 >show.txt
  for t in "Target date changed from 31/01/2024 to 30/06/2024" "Reason: staff shortage" "Update from the service" "40% complete" \
           "Internal audit opinion: Partially implemented" "Next follow-up: 30/06/2024" \
           "Internal audit opinion: Implemented" "Internal audit opinion: Not implemented" \
           "Committee decision: Extension granted" "Target date changed from 30/06/2024 to 31/12/2024" "Head of Payroll"; do
    expect_contains show.txt "$t"
  done
  expect_not_contains show.txt "1970"
}

test_verify_detects_tampering() {
  at init >/dev/null
  at audit add --title "Payroll" >/dev/null
  at audit add --title "Stores" >/dev/null
  at verify >/dev/null
  sqlite3 "$DB" "UPDATE journal SET detail='{\"title\":\"Forged\"}' WHERE id=2"
  expect_status 1 at verify >v.txt
  expect_contains v.txt "journal entry 2"
}

test_verify_detects_deleted_entry() {
  at init >/dev/null
  at audit add --title "Payroll" >/dev/null
  at audit add --title "Stores" >/dev/null
  sqlite3 "$DB" "DELETE FROM journal WHERE id=2"
  expect_status 1 at verify >v.txt
  expect_contains v.txt "missing"
}

test_failed_write_leaves_no_journal_entry() {
  at init >/dev/null
  expect_status 1 at rec update 99 --text "x"
  expect_eq "$(at log | wc -l)" 1
}

test_verify_head_detects_removed_newest_entries() {
  at init >/dev/null
  at audit add --title "Payroll" >/dev/null
  head=$(at verify | sed -n 's/^head: //p')
  at audit add --title "Stores" >/dev/null
  at verify --head "$head" >v.txt
  expect_contains v.txt "chain intact"
  # Removing the newest entries leaves a valid chain: only the recorded head shows it.
  sqlite3 "$DB" "DELETE FROM journal WHERE id >= 2"
  at verify >/dev/null
  expect_status 1 at verify --head "$head" >v2.txt
  expect_contains v2.txt "journal entry 2, recorded earlier as the head, is missing"
  expect_status 2 at verify --head "2:nothex"
}

test_review_after_committee_removal_names_the_removal() {
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-01 >/dev/null
  at rec add --audit 1 --text "Reconcile" --target 2024-03-31 >/dev/null
  at decision add 1 --kind removal_approved --on 2024-06-01 >/dev/null
  expect_status 1 at rec review 1 --opinion implemented --text "seen" --on 2024-07-01 2>e.txt
  expect_contains e.txt "already closed (removal approved by the committee)"
}
