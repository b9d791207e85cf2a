# `make demo` (scripts/demo.sh) loads each seed tracker under the settings docs/reports.md
# documents for its paper ("Settings that reproduce each seed paper"): run as the demo
# runs it (without serving), its databases give exactly the figures the papers state
# where the papers agree with themselves (the seed README lists where they do not).

# demo_run: the demo's databases in ./d.
demo_run() {
  DEMO_DIR="$PWD/d" DEMO_SERVE=no sh "$ROOT/scripts/demo.sh" >demo.txt 2>&1 ||
    { tail -20 demo.txt >&2; return 1; }
}
# risk_row DB DATE RATING: "not-yet-due overdue open" of the summary's risk x band row.
risk_row() {
  "$AUDITRACK" --db "d/$1.db" report summary --as-at "$2" --format csv |
    grep "^Open recommendations by risk rating and overdue band,$3," | cut -d, -f3- |
    awk -F, '{print $1, $(NF-1), $NF}'
}

# Cambridgeshire's Annex B as at 31.12.2024 lists all 81 as overdue (the fourteen due on
# that day included), 2 Essential, 18 High and 61 Medium; and no escalation ladder.
test_demo_cambridgeshire_annex_b() {
  demo_run
  expect_eq "$(risk_row cambridgeshire-2024-12 2024-12-31 Total)" "0 81 81"
  expect_eq "$(risk_row cambridgeshire-2024-12 2024-12-31 Essential)" "0 2 2"
  expect_eq "$(risk_row cambridgeshire-2024-12 2024-12-31 High)" "0 18 18"
  expect_eq "$(risk_row cambridgeshire-2024-12 2024-12-31 Medium)" "0 61 61"
  "$AUDITRACK" --db d/cambridgeshire-2024-12.db policy show >p.txt
  expect_contains p.txt "overdue-on-due-date = yes"
  expect_contains p.txt "bands = under 3 months:0; over 3 months:3; over 12 months:12"
  expect_contains p.txt "pack = cambridgeshire"
  "$AUDITRACK" --db d/cambridgeshire-2024-12.db report escalations --as-at 2024-12-31 >e.txt
  expect_contains e.txt "The policy has no escalation ladder"
  # The pack is Annex B's table: 81 rows, each under one of the paper's group headings.
  "$AUDITRACK" --db d/cambridgeshire-2024-12.db report pack --as-at 2024-12-31 --format json |
    jq '[.sections[] | select(.columns[0].key == "audit") | .rows | length] | add' >n.txt
  expect_eq "$(cat n.txt)" 81
  [ -s d/cambridgeshire-annex-b-2024-12-31.pdf ] && [ -s d/cambridgeshire-annex-b-2024-12-31.xlsx ]
}

# The same council's Children, Education & Families paper of 19 May 2025: 18 open, E 1,
# H 4, M 13, in four themes.
test_demo_cambridgeshire_cef() {
  demo_run
  expect_eq "$(risk_row cambridgeshire-cef-2025-05 2025-05-19 Total | cut -d' ' -f3)" 18
  expect_eq "$(risk_row cambridgeshire-cef-2025-05 2025-05-19 Essential | cut -d' ' -f3)" 1
  expect_eq "$(risk_row cambridgeshire-cef-2025-05 2025-05-19 High | cut -d' ' -f3)" 4
  expect_eq "$(risk_row cambridgeshire-cef-2025-05 2025-05-19 Medium | cut -d' ' -f3)" 13
  "$AUDITRACK" --db d/cambridgeshire-cef-2025-05.db report summary --as-at 2025-05-19 \
    --format csv | grep -c '^Open recommendations by theme,' >t.txt
  expect_eq "$(cat t.txt)" 5 "four themes and the total"
}

# Manchester's paper of 15 February 2022: the three over 12 months at 29, 44 and 21 months
# (3.3's table, which matches the date; Appendix 2's 25, 40 and 17 are four months old),
# the escalation ladder's 18-month rung on all three, 8 implemented (Appendices 1 and 4);
# and the figures the paper stated, recorded on the cycle, beside the register.
test_demo_manchester_feb_2022() {
  demo_run
  db=d/manchester-2022-02.db
  "$AUDITRACK" --db $db rec list --as-at 2022-02-15 --format json >l.json
  expect_eq "$(jq -c '[.[] | select(.months_overdue >= 12) | .months_overdue] | sort' l.json)" \
    "[21,29,44]"
  expect_eq "$(risk_row manchester-2022-02 2022-02-15 Total)" "0 8 8"
  "$AUDITRACK" --db $db report escalations --as-at 2022-02-15 --format json |
    jq -r '.sections[] | select(.title | startswith("18 months")) | .rows | length' >r.txt
  expect_eq "$(cat r.txt)" 3
  "$AUDITRACK" --db $db rec list --as-at 2022-02-15 --status closed --format json |
    jq length >i.txt
  expect_eq "$(cat i.txt)" 8
  "$AUDITRACK" --db $db report summary --cycle "Audit Committee 15 February 2022" >s.txt
  expect_contains s.txt "Overdue over 12 months       3         3           0  Agrees."
  expect_contains s.txt "The paper of 15 February 2022 stated 9 not yet due; the register gives 0 as at that date."
}

# Nottinghamshire's follow-up (14 rows) and Manchester's Appendix 1 of 2023 (19 implemented).
test_demo_nottinghamshire_and_manchester_2023() {
  demo_run
  "$AUDITRACK" --db d/nottinghamshire-2022-12.db rec list --as-at 2022-12-31 --status all \
    --format json | jq length >n.txt
  expect_eq "$(cat n.txt)" 14
  "$AUDITRACK" --db d/manchester-2023-06.db rec list --as-at 2023-06-30 --status closed \
    --format json | jq length >m.txt
  expect_eq "$(cat m.txt)" 19
}
