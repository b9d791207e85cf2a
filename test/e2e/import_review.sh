# A workbook exported to the services comes back with their updates written in;
# import --review sends a new update and a later target date to internal audit's
# review queue, as if the owners had sent them, and applies nothing only
# internal audit may record (an opinion, an earlier date, a new recommendation):
# those are listed as left for internal audit. Reading it again queues nothing.
. "$ROOT/test/e2e/web_lib.sh"

HDR=$TRACKER_HDR

# Five recommendations as at 30/09/2024, all open (q1.csv, write_q1 in
# test/e2e/lib.sh); exported as out.csv, then returned as back.csv, dated
# 31/12/2024: recommendation 1 has a new update, 2 a later target (31/03/2025 for
# 31/12/2024), 3 an earlier one (31/07/2024 for 31/08/2024), 4 the opinion
# "Implemented", and a sixth row is a new one.
returned_setup() {
  at init --org "Test Council" >/dev/null
  write_q1
  at import q1.csv >/dev/null
  at export --as-at 2024-09-30 --include-confidential --output out.csv
  /usr/bin/python3 - out.csv back.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows:
    r["as_at_date"] = "2024-12-31"
    if r["auditrack_id"] == "1":
        r["latest_update"] = "Reconciliations done every month since October"
    if r["auditrack_id"] == "2":
        r["current_target_date"] = "2025-03-31"
    if r["auditrack_id"] == "3":
        r["current_target_date"] = "2024-07-31"
    if r["auditrack_id"] == "4":
        r["ia_opinion"] = "Implemented"
new = dict(rows[4])
new.update(auditrack_id="", rec_ref="3", recommendation="Train buyers to spot invoice fraud")
rows.append(new)
w = csv.DictWriter(open(sys.argv[2], "w", newline="", encoding="utf-8"), fieldnames=list(rows[0].keys()))
w.writeheader()
w.writerows(rows)
PY
}

# The figures that depend on what internal audit recorded (open, overdue, by
# band, implemented): the summary without its count of recommendations with no
# update since the previous report, which a service's update moves as soon as
# it is sent (an owner's submitted update is part of the history at once).
figures() { at report summary --as-at "$1" | grep -v 'no update since'; }

test_returned_workbook_waits_for_review() {
  returned_setup
  for d in 2024-12-31 2025-06-30; do figures $d >"before.$d"; done
  n0=$(at log | grep -c .)
  at import --review --dry-run back.csv >dry.txt
  expect_eq "$(at log | grep -c .)" "$n0" "a dry run writes nothing"
  at import --review back.csv >out.txt
  expect_contains out.txt "imported back.csv: 6 rows, 5 recommendations in 2 audits (0 new), 0 revisions, 0 updates, 0 opinions; as at 31/12/2024"
  expect_contains out.txt "review: 1 update and 1 date request waiting for internal audit's review (/review); 3 changes left for internal audit"
  expect_contains out.txt "row 1: recommendation 1 (by auditrack_id): new update queued for review"
  expect_contains out.txt "row 2: recommendation 2 (by auditrack_id): target 31/03/2025: date request queued for review"
  expect_contains out.txt "row 3: recommendation 3 (by auditrack_id): left for internal audit: target 31/07/2024 (not a date after the current 31/08/2024: internal audit revises targets)"
  expect_contains out.txt "row 4: recommendation 4 (by auditrack_id): left for internal audit: opinion: Implemented (closes it)"
  expect_contains out.txt "row 6: left for internal audit: a new recommendation"
  # The dry run said the same.
  sed -e 's/^checked (dry run, nothing written) /imported /' -e '/^Status words in ia_opinion/d' \
    -e "/^  '.*' ([0-9]* rows*): /d" -e 's/would wait/waiting/' dry.txt | cmp - out.txt
  # Two submissions, each journalled as the owner's would be, then the import.
  expect_eq "$(at log | grep -c .)" "$((n0 + 3))"
  expect_eq "$(at log | grep -c 'rec.update .*"submission":1,"file":"back.csv"')" 1
  expect_eq "$(at log | grep -c 'rec.request-date .*"target":"2025-03-31"')" 1
  expect_contains out.txt "row 6"
  at rec list --as-at 2030-01-01 --status all --format csv | tail -n +2 | grep -c . >n
  expect_eq "$(cat n)" 5 "the new row is not imported"
  # Waiting, in rec show.
  at rec show 1 >r1.txt
  expect_contains r1.txt "Waiting for internal audit's review"
  expect_contains r1.txt "submission 1: update: Reconciliations done every month since October"
  expect_contains r1.txt "From the returned tracker back.csv, row 1"
  at rec show 2 >r2.txt
  expect_contains r2.txt "submission 2: date request for 31/03/2025"
  expect_contains r2.txt "current target 31/12/2024; 0 revisions"
  at rec show 4 --as-at 2025-01-31 >r4.txt
  expect_contains r4.txt "  open; current target 31/07/2024"
  # Nothing internal audit records has moved.
  for d in 2024-12-31 2025-06-30; do figures $d | cmp - "before.$d"; done
  # The same workbook again: already imported. Its bytes resaved (CRLF): read
  # again, nothing new is queued.
  at import --review back.csv >again.txt
  expect_contains again.txt "already imported"
  sed 's/$/\r/' back.csv >back2.csv
  at import --review back2.csv >again2.txt
  expect_contains again2.txt "review: 0 updates and 0 date requests waiting"
  expect_contains again2.txt "row 2: recommendation 2 (by auditrack_id): target 31/03/2025 already asked for"
  expect_not_contains again2.txt "row 1: recommendation"
  expect_eq "$(at rec show 1 | grep -c 'submission [0-9]*: update')" 1

  # Internal audit decides on the review queue.
  web_start
  login auditor
  expect_eq "$(get auditor /review)" 200
  expect_contains out.html "Came from"
  expect_contains out.html "From the returned tracker back.csv, row 1"
  expect_contains out.html "Reconciliations done every month since October"
  expect_eq "$(post auditor /submissions/1/decide --data-urlencode verdict=accept)" 303
  expect_eq "$(post auditor /submissions/2/decide --data-urlencode verdict=approve)" 303
  expect_eq "$(at log | grep -c '"submission":"1","verdict":"accepted"')" 1
  at rec show 2 >r2b.txt
  expect_not_contains r2b.txt "Waiting for internal audit's review"
  expect_contains r2b.txt "1 revision"
  expect_contains r2b.txt "31/03/2025"
  # Approved today: the register as at the returned tracker's date is as it was.
  figures 2024-12-31 | cmp - before.2024-12-31
}

test_review_needs_a_tracker_in_the_register() {
  at init --org "Test Council" >/dev/null
  printf '%s\n%s\n' "$HDR" "2024-09-30,Payroll,2024-03-01,1,Reconcile payroll,H,2024-06-30,,2024-06-30,Started,Not implemented" >new.csv
  expect_status 2 at import --review new.csv
  at audit list --format csv | tail -n +2 | grep -c . >n || true
  expect_eq "$(cat n)" 0 "nothing written"
}
