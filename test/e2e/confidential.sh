# Confidential recommendations: no report prints what internal audit wrote
# about them (its comment, the evidence seen, the next action) unless asked.

test_confidential_opinion_and_next_action_are_withheld() {
  at init >/dev/null
  at audit add --title "Fraud review" --date 2024-01-15 >/dev/null
  at rec add --audit 1 --text "SECRET recommendation" --target 2024-06-30 --confidential >/dev/null
  at rec add --audit 1 --text "Open one" --target 2024-03-31 --confidential >/dev/null
  at rec review 2 --opinion in_progress --text "SECRET comment two" --next "SECRET next step" --on 2024-05-01 >/dev/null
  at rec close 1 --text "SECRET comment" --evidence "SECRET evidence" --on 2024-07-01 >/dev/null
  for k in implemented outstanding progress escalations summary; do
    for f in text csv json html md; do
      at report "$k" --as-at 2024-08-01 --since 2024-01-01 --format "$f" >"$k.$f"
      expect_not_contains "$k.$f" "SECRET"
    done
  done
  expect_contains implemented.text "Implemented. detail withheld"
  expect_contains outstanding.text "In progress. detail withheld"
  # Asked for in full, they are there.
  at report implemented --as-at 2024-08-01 --since 2024-01-01 --include-confidential >full.txt
  expect_contains full.txt "SECRET comment. Evidence seen: SECRET evidence"
  at report outstanding --as-at 2024-08-01 --include-confidential >full2.txt
  expect_contains full2.txt "SECRET next step"
}

# Regression: the summary of a register with nothing open and nothing
# implemented in the period passed NULL to qsort (undefined behaviour).
test_summary_of_an_empty_register() {
  at init >/dev/null
  at report summary --as-at 2024-01-01 --format json >s.json
  expect_contains s.json '"report":"summary"'
  at audit add --title "Done" >/dev/null
  at rec add --audit 1 --text "Closed long ago" --target 2020-01-31 --on 2019-06-01 >/dev/null
  at rec close 1 --evidence "Policy seen" --on 2020-01-15 >/dev/null
  at report summary --as-at 2024-01-01 >s.txt 2>err.txt
  expect_not_contains err.txt "runtime error"
}
