# A year of notifications simulated day by day over the seed trackers: `notify --as-at D`
# for each day from 1 April 2024 to 31 March 2025, every message written to a directory.
# The counts per kind are exact; docs/notify.md explains how they arise.

year_setup() {
  at init >/dev/null
  # The Cambridgeshire trackers name no one: give each row a director (its owner, as the
  # seed layout's owner_director column says) and an executive member, round robin, as
  # an organisation would before turning notifications on.
  for f in 000 001; do
    /usr/bin/python3 -c 'import csv, sys
r = csv.DictReader(open(sys.argv[1], newline=""))
w = csv.DictWriter(sys.stdout, r.fieldnames, quoting=csv.QUOTE_ALL, lineterminator="\n")
w.writeheader()
for i, row in enumerate(r):
    row["owner_director"] = "Director %d" % (i % 4 + 1)
    row["executive_member"] = "Cllr %d" % (i % 3 + 1)
    w.writerow(row)' "$SEEDS/seed-trackers/$f.csv" >"$f.csv"
    at import --quiet "$f.csv" >/dev/null
  done
  at import --quiet "$SEEDS/seed-trackers/004.csv" >/dev/null
  at cycle add "Audit Committee July 2024" --as-at 2024-07-23 --deadline 2024-07-05 >/dev/null
  at cycle add "Audit Committee January 2025" --as-at 2025-01-21 --deadline 2025-01-03 >/dev/null
  at notify set from audit@council.example >/dev/null
  at notify set base-url https://audit.council.example >/dev/null
  { at person list --problems --names --as-at 2024-04-01
    at person list --problems --names --as-at 2025-03-31; } | sort -u >names
  n=0
  while IFS= read -r name; do
    n=$((n + 1))
    at person set "$name" --email "person$n@council.example" >/dev/null
  done <names
}

test_notify_year_of_seed_data() {
  year_setup
  expect_eq "$(wc -l <names)" 15
  at person list --problems --as-at 2024-04-01 >out
  expect_eq "$(cat out)" "no problems: everyone named has a valid address"
  mkdir eml
  d=2024-04-01
  : >due
  while [ "$d" != 2025-04-01 ]; do
    at notify --as-at "$d" --outbox-dir eml >out
    sed -n 's/^as at \([0-9-]*\): \([0-9]*\) notices\{0,1\} due.*/\1 \2/p' out >>due
    d=$(date -d "$d + 1 day" +%F)
  done
  expect_eq "$(wc -l <due)" 365
  at notify notices >counts
  expect_eq "$(cat counts)" "escalation sent 106
monthly sent 687
overdue sent 69
reminder sent 91
update sent 141"
  # 260 digests; the first day catches up on everything current.
  expect_eq "$(ls eml | wc -l)" 260
  expect_eq "$(head -1 due)" "2024-04-01 42"
  expect_eq "$(grep -c '^To: "Director 1"' eml/*.eml | awk -F: '{ s += $2 } END { print s }')" 48
  # Running any day again sends nothing.
  at notify --as-at 2024-10-15 --outbox-dir eml >out
  expect_contains out "0 new"
  expect_contains out "0 messages queued"
}
