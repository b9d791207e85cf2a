# Status words: a tracker's ia_opinion read through the vocabulary (built-in words,
# the map's words, the map's rule for unknown words); an unknown word rejects the
# file, naming row, column and word, and nothing is written.
HDR='audit_title,recommendation,original_due_date,ia_opinion,as_at_date'

count_recs() { at rec list --as-at 2030-01-01 --status all --format csv | tail -n +2 | grep -c . || true; }
# The number of open recommendations as at 2024-12-31.
count_open() { at rec list --as-at 2024-12-31 --format json | grep -o '"open":true' | wc -l; }

# Six rows, due 2024-01-31: Complete, Will Not Implement, Withdrawn and 100% close
# (4); In progress and Accepted risk: the first stays open, the second closes. By
# hand: 6 rows, 5 closed, 1 open.
words_tracker() {
  printf '%s\n' "$HDR" 'Payroll,A,2024-01-31,Complete,2024-12-31' \
    'Payroll,B,2024-01-31,Will Not Implement,2024-12-31' 'Payroll,C,2024-01-31,Withdrawn.,2024-12-31' \
    'Payroll,D,2024-01-31,100%,2024-12-31' 'Payroll,E,2024-01-31,In progress,2024-12-31' \
    'Payroll,F,2024-01-31,Accepted risk,2024-12-31' >"$1"
}

test_builtin_words_close_recommendations() {
  at init >/dev/null
  words_tracker t.csv
  printf '%s\n' 'layout = seed' >t.map
  at import --map t.map t.csv >out
  expect_contains out "6 recommendations"
  expect_eq "$(count_recs)" 6
  expect_eq "$(count_open)" 1
  at rec list --as-at 2024-12-31 --status all --format json >l.json
  expect_eq "$(grep -o '"latest_opinion":"withdrawn"' l.json | wc -l)" 1
  expect_eq "$(grep -o '"latest_opinion":"not_adopted"' l.json | wc -l)" 1
  expect_eq "$(grep -o '"latest_opinion":"risk_accepted"' l.json | wc -l)" 1
  expect_eq "$(grep -o '"latest_opinion":"implemented"' l.json | wc -l)" 2
}

test_unknown_word_rejects_file_naming_row_column_word() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,A,2024-01-31,Complete,2024-12-31' \
    'Payroll,B,2024-01-31,Green,2024-12-31' 'Payroll,C,2024-01-31,has now been dealt with,2024-12-31' >t.csv
  printf '%s\n' 'layout = seed' >t.map
  expect_status 1 at import --map t.map t.csv 2>err
  expect_contains err "row 2 (line 3), column ia_opinion, value 'Green': not a status the vocabulary knows"
  expect_contains err "row 3 (line 4), column ia_opinion, value 'has now been dealt with': not a status"
  expect_not_contains err "row 1 "
  expect_eq "$(count_recs)" 0
  # The dry run says the same and writes nothing either.
  expect_status 1 at import --dry-run --map t.map t.csv 2>err2
  expect_contains err2 "value 'Green'"
  expect_eq "$(count_recs)" 0
}

test_map_words_and_unknown_rule() {
  at init >/dev/null
  printf '%s\n' "$HDR" 'Payroll,A,2024-01-31,Green,2024-12-31' \
    'Payroll,B,2024-01-31,has now been dealt with,2024-12-31' 'Payroll,C,2024-01-31,Amber,2024-12-31' \
    'Payroll,D,2024-01-31,Closed,2024-12-31' >t.csv
  printf '%s\n' 'layout = seed' 'status Green = implemented' 'status Has now been dealt with. = Implemented' \
    'status Closed = not adopted' 'status * = in progress' >t.map
  at import --dry-run --map t.map t.csv >dry
  expect_contains dry "'Green' (1 row): Implemented (the map's word)"
  expect_contains dry "'Amber' (1 row): In progress (unknown word, read by the status * rule)"
  expect_contains dry "'Closed' (1 row): Not adopted (the map's word)"
  at import --map t.map t.csv >/dev/null
  # Green and dealt with: implemented; Closed: not adopted (the map overrides the
  # built-in word); Amber: unknown, so in progress. One open of four.
  expect_eq "$(count_open)" 1
  at rec list --as-at 2024-12-31 --status all --format json >l.json
  expect_eq "$(grep -o '"latest_opinion":"implemented"' l.json | wc -l)" 2
  expect_eq "$(grep -o '"latest_opinion":"not_adopted"' l.json | wc -l)" 1
}

test_bad_status_line_in_map() {
  at init >/dev/null
  words_tracker t.csv
  printf '%s\n' 'layout = seed' 'status Green = finished' >t.map
  expect_status 2 at import --map t.map t.csv 2>err
  expect_contains err "t.map:2: status 'Green': 'finished' is not a status"
  printf '%s\n' 'layout = seed' 'status = implemented' >t2.map
  expect_status 2 at import --map t2.map t.csv 2>err
  expect_contains err "t2.map:2: expected 'status WORD = MEANING'"
  expect_eq "$(count_recs)" 0
}

# The seed layout without a map reads the words it does not know as in progress,
# and the dry run lists every distinct word: Cambridgeshire's Annex B has 12.
test_seed_layout_lists_words() {
  at init >/dev/null
  at import --dry-run "$SEEDS/seed-trackers/000.csv" >out
  expect_eq "$(grep -c "^  '" out)" 12
  expect_contains out "'Awaiting evidence of implementation' (15 rows): In progress (built-in word)"
  expect_contains out "'Partially implemented' (1 row): Partially implemented (built-in word)"
  expect_contains out "(unknown word, read by the status * rule)"
}

# A map that names no original_target: the rows have no target, so none is overdue.
test_map_without_original_target() {
  at init >/dev/null
  printf '%s\n' 'Audit,Finding,Opinion' 'Payroll,Check starters,In progress' 'Stores,Count stock,Done' >t.csv
  printf '%s\n' 'audit_title = Audit' 'recommendation = Finding' 'ia_opinion = Opinion' >t.map
  at import --map t.map --as-at 2024-12-31 t.csv >out
  expect_contains out "2 recommendations"
  at report summary --as-at 2024-12-31 --format csv >s.csv
  # One open (Done closes the other), not overdue: counted under no target date.
  expect_contains s.csv "Open recommendations by risk rating and overdue band,Total,0,1,0,0,0,0,1"
  expect_contains s.csv "Open recommendations by directorate,Total,1,0,0,1,1"
}
