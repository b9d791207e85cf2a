# The JSON API (/api/v1): tokens, roles, validation, the documented examples,
# and the promise that it gives the command line's figures byte for byte.
. "$ROOT/test/e2e/web_lib.sh"

J="Content-Type: application/json"

# api TOKEN METHOD PATH [curl args...]: prints the status; the body is in api.json
api() {
  t=$1 m=$2 p=$3
  shift 3
  curl -s -o api.json -w '%{http_code}' -X "$m" -H "Authorization: Bearer $t" "$@" "$BASE$p"
}

# A seeded server where "Payroll manager" owns recommendation 5, with tokens.
api_start() {
  web_start --seed
  at rec set 5 owner "Payroll manager" >/dev/null
  TOKEN=$(at token add auditor --name tests)
  OWNER=$(at token add owner)
  COMMITTEE=$(at token add committee)
  DIRECTOR=$(at token add director)
}

test_web_api_doc_examples() {
  WEB_DIRECTORATE=Adults api_start
  # Something in the review queue for the decide example.
  expect_eq "$(api "$OWNER" POST /api/v1/recs/5/updates -H "$J" -d '{"text":"Reconciled monthly"}')" 201
  awk '/^```sh$/ { n++; f = 1; next } /^```$/ { f = 0; next } f { print > ("block" n ".sh") }' \
    "$ROOT/docs/api.md"
  n=$(ls block*.sh | wc -l)
  [ "$n" -ge 15 ] || { echo "only $n sh examples in docs/api.md" >&2; return 1; }
  i=1
  while [ $i -le "$n" ]; do
    if ! BASE=$BASE TOKEN=$TOKEN sh -e "block$i.sh" >"block$i.out" 2>&1; then
      echo "docs/api.md example $i failed:" >&2; cat "block$i.sh" "block$i.out" >&2; return 1
    fi
    i=$((i + 1))
  done
  # The examples did what they say.
  expect_eq "$(jq -r .login block1.out)" auditor
  expect_eq "$(cat block2.out)" 401
  expect_eq "$(jq -c .recommendations block4.out)" "[9,10,11,16]"
  expect_eq "$(jq -c '[.[].id]' block5.out)" "[5,6]"
  expect_eq "$(jq -c '[.[].months_overdue]' block6.out)" "[29,44,21]"
  expect_contains block7.out "X-Total-Count: 16"
  expect_contains block7.out 'rel="next"'
  expect_eq "$(jq -c '[.state.months_overdue, .state.band, .owner]' block8.out)" '[29,"over 12 months","Payroll manager"]'
  expect_contains block10.out "Section 106"
  expect_eq "$(jq -c '[.submitted, .submission_id]' block11.out)" "[false,null]"
  expect_eq "$(jq -r .state.latest_opinion block12.out)" partially_implemented
  expect_eq "$(jq -c '[.state.open, .state.closed_by]' block13.out)" '[false,"implemented"]'
  expect_eq "$(jq -r '.[0].kind + " " + .[0].state + " " + .[0].text' block14.out)" "update pending Reconciled monthly"
  expect_eq "$(jq -r '.state + " " + .decided_by' block15.out)" "accepted Test auditor"
}

test_web_api_tokens() {
  api_start
  expect_eq "$(api "$TOKEN" GET /api/v1/me)" 200
  expect_eq "$(jq -r '.login + " " + .role + " " + .via' api.json)" "auditor auditor token"
  # No token, an unknown one, a malformed header: 401 as JSON.
  expect_eq "$(curl -s -o api.json -w '%{http_code}' "$BASE/api/v1/recs")" 401
  expect_eq "$(jq -r .error.code api.json)" unauthorized
  expect_eq "$(api at_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA GET /api/v1/recs)" 401
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Basic $TOKEN" "$BASE/api/v1/recs")" 401
  # A token does not open the HTML pages: they need a session.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/account")" 303
  # Revoked on the account page: 401 from then on.
  login auditor
  expect_eq "$(get auditor /account)" 200
  id=$(sed -n 's/.*<th scope="row" class="govuk-table__header">tests<\/th>.*action="\/account\/tokens\/\([0-9]*\)\/revoke".*/\1/p' out.html)
  [ -n "$id" ]
  expect_eq "$(post auditor "/account/tokens/$id/revoke")" 303
  expect_eq "$(api "$TOKEN" GET /api/v1/me)" 401
  expect_eq "$(jq -r .error.code api.json)" unauthorized
  # A disabled account's token stops too.
  expect_eq "$(api "$COMMITTEE" GET /api/v1/recs)" 200
  at user disable committee >/dev/null
  expect_eq "$(api "$COMMITTEE" GET /api/v1/recs)" 401
}

test_web_api_roles() {
  WEB_DIRECTORATE=Adults api_start
  at rec set 7 confidential 1 >/dev/null
  # The committee reads but does not write.
  expect_eq "$(api "$COMMITTEE" POST /api/v1/recs/5/reviews -H "$J" -d '{"opinion":"implemented"}')" 403
  expect_eq "$(jq -r .error.code api.json)" forbidden
  expect_eq "$(api "$COMMITTEE" POST /api/v1/recs/5/updates -H "$J" -d '{"text":"x"}')" 403
  expect_eq "$(api "$COMMITTEE" GET /api/v1/review)" 403
  # Confidential: listed with the detail withheld, refused in full.
  expect_eq "$(api "$COMMITTEE" GET '/api/v1/recs?as_at=2022-02-15')" 200
  expect_eq "$(jq -r '.[] | select(.id == 7) | .title' api.json)" "detail withheld"
  expect_eq "$(api "$COMMITTEE" GET /api/v1/recs/7)" 403
  expect_eq "$(api "$COMMITTEE" GET '/api/v1/recs?confidential=full')" 403
  expect_eq "$(api "$COMMITTEE" GET /api/v1/recs/6)" 200
  expect_eq "$(jq -r .access api.json)" read
  # An owner sees their own recommendation only, and may update it.
  expect_eq "$(api "$OWNER" GET '/api/v1/recs?as_at=2022-02-15&status=all')" 200
  expect_eq "$(jq -c '[.[].id]' api.json)" "[5]"
  expect_eq "$(api "$OWNER" GET /api/v1/recs/6)" 404
  expect_eq "$(jq -r .error.code api.json)" not_found
  expect_eq "$(api "$OWNER" POST /api/v1/recs/6/updates -H "$J" -d '{"text":"not mine"}')" 404
  expect_eq "$(api "$OWNER" GET /api/v1/reports/summary)" 403
  expect_eq "$(api "$OWNER" GET /api/v1/audits)" 403
  expect_eq "$(api "$OWNER" POST /api/v1/recs/5/updates -H "$J" -d '{"text":"Reconciled monthly","claimed":"implemented","percent":100}')" 201
  expect_eq "$(jq -c '[.rec_id, .submitted, .submission_id]' api.json)" "[5,true,1]"
  expect_eq "$(api "$OWNER" GET /api/v1/recs/5)" 200
  expect_eq "$(jq -c '[.access, .updates[-1].claimed, .updates[-1].percent, .submissions[0].state]' api.json)" \
    '["update","implemented",100,"pending"]'
  # A director: their directorate only, in lists, audits and single items.
  expect_eq "$(api "$DIRECTOR" GET '/api/v1/recs?as_at=2022-02-15&status=all')" 200
  expect_eq "$(jq -c '[.[].id]' api.json)" "[5,6]"
  expect_eq "$(api "$DIRECTOR" GET '/api/v1/recs?as_at=2022-02-15&directorate=Growth%20and%20Development')" 200
  expect_eq "$(jq -c '[.[].id]' api.json)" "[5,6]"
  expect_eq "$(api "$DIRECTOR" GET /api/v1/audits)" 200
  expect_eq "$(jq -c '[.[].id]' api.json)" "[5,6]"
  expect_eq "$(api "$DIRECTOR" GET /api/v1/audits/7)" 404
  expect_eq "$(api "$DIRECTOR" GET /api/v1/recs/7)" 404
  # The queue and a decision.
  expect_eq "$(api "$TOKEN" GET /api/v1/review)" 200
  expect_eq "$(jq -c '[.[] | [.id, .rec_id, .author]]' api.json)" '[[1,5,"Test owner"]]'
  expect_eq "$(api "$TOKEN" POST /api/v1/submissions/1/decide -H "$J" -d '{"verdict":"reject"}')" 422
  expect_contains api.json "say why"
  expect_eq "$(api "$TOKEN" POST /api/v1/submissions/1/decide -H "$J" -d '{"verdict":"approve"}')" 422
  expect_eq "$(api "$TOKEN" POST /api/v1/submissions/1/decide -H "$J" -d '{"verdict":"accept","note":"Seen"}')" 200
  expect_eq "$(jq -c '[.state, .decided_by, .note]' api.json)" '["accepted","Test auditor","Seen"]'
  expect_eq "$(api "$TOKEN" POST /api/v1/submissions/1/decide -H "$J" -d '{"verdict":"accept"}')" 409
  expect_eq "$(jq -r .error.code api.json)" conflict
  expect_eq "$(api "$TOKEN" POST /api/v1/submissions/99/decide -H "$J" -d '{"verdict":"accept"}')" 404
  expect_eq "$(api "$TOKEN" GET /api/v1/review)" 200
  expect_eq "$(cat api.json)" "[]"
}

test_web_api_validation() {
  api_start
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/5/updates -H "$J" -d '{"percent":150,"claimed":"done"}')" 422
  expect_eq "$(jq -r .error.code api.json)" invalid
  expect_eq "$(jq -c '.error.fields' api.json)" \
    '{"text":"Enter text","claimed":"Select claimed from the list","percent":"Percent must be a whole number from 0 to 100"}'
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/5/updates -H "$J" -d '["text"]')" 400
  expect_eq "$(jq -r .error.code api.json)" bad_request
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/5/updates -H "$J" -d '{"text":{"a":1}}')" 400
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/5/updates -H "Content-Type: text/plain" -d 'hello')" 415
  expect_eq "$(api "$TOKEN" GET '/api/v1/recs?as_at=31/02/2022')" 400
  expect_eq "$(jq -r '.error.fields | keys[0]' api.json)" as_at
  expect_eq "$(api "$TOKEN" GET '/api/v1/recs?status=bogus')" 400
  expect_eq "$(api "$TOKEN" GET '/api/v1/reports/summary?as_at=2022-02-15&since=2022-03-01')" 400
  expect_eq "$(jq -r .error.fields.since api.json)" "since must be before as_at"
  expect_eq "$(api "$TOKEN" GET /api/v1/reports/nonsense)" 404
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/6/reviews -H "$J" -d '{"opinion":"risk_accepted"}')" 422
  expect_eq "$(jq -c .error.fields api.json)" '{"accepted_by":"Enter accepted_by: who accepted the risk"}'
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/999/reviews -H "$J" -d '{"opinion":"implemented"}')" 404
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/6/close -H "$J" -d '{"evidence":"Reports seen"}')" 201
  expect_eq "$(jq -c '[.state.open, .state.closed_by, .state.band]' api.json)" '[false,"implemented","Closed"]'
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/6/close -H "$J" -d '{}')" 409
  expect_eq "$(jq -r .error.message api.json)" "recommendation 6 is already closed"
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/6/updates -H "$J" -d '{"text":"late"}')" 201
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/6/reviews -H "$J" -d '{"opinion":"in_progress"}')" 409
  expect_eq "$(api "$TOKEN" GET /api/v1/recs/6/updates)" 405
  # Form bodies work as well as JSON.
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/7/updates --data-urlencode "text=Form body" --data-urlencode percent=5)" 201
}

test_web_api_matches_cli() {
  api_start
  at rec set 7 confidential 1 >/dev/null
  check() { # check TOKEN QUERY CLI-ARGS...: the API's recs equal the CLI's, byte for byte
    t=$1 q=$2
    shift 2
    expect_eq "$(api "$t" GET "/api/v1/recs?$q")" 200
    at rec list --format json "$@" >cli.json
    cmp api.json cli.json
  }
  check "$TOKEN" "as_at=2022-02-15" --as-at 2022-02-15 --include-confidential
  check "$TOKEN" "as_at=2022-02-15&confidential=withheld" --as-at 2022-02-15
  check "$COMMITTEE" "as_at=2022-02-15" --as-at 2022-02-15
  check "$TOKEN" "as_at=2022-02-15&status=all&directorate=adults" --as-at 2022-02-15 --status all --directorate adults --include-confidential
  check "$TOKEN" "as_at=2022-02-15&band=over%2012%20months&owner=strategic" --as-at 2022-02-15 --band "over 12 months" --owner strategic --include-confidential
  check "$TOKEN" "as_at=2021-06-30&status=closed" --as-at 2021-06-30 --status closed --include-confidential
  # A second, cached answer is the same bytes.
  check "$TOKEN" "as_at=2022-02-15" --as-at 2022-02-15 --include-confidential
  expect_eq "$(jq length cli.json)" 8 "open on 15 Feb 2022"
  # The audits as `audit list` prints them.
  expect_eq "$(api "$TOKEN" GET /api/v1/audits)" 200
  at audit list --format json >cli.json
  cmp api.json cli.json
  # Every report kind, for internal audit and for the committee.
  for k in summary outstanding implemented progress escalations follow-up-audits; do
    expect_eq "$(api "$TOKEN" GET "/api/v1/reports/$k?as_at=2022-02-15")" 200
    at report "$k" --as-at 2022-02-15 --format json --include-confidential >cli.json
    cmp api.json cli.json
    expect_eq "$(api "$COMMITTEE" GET "/api/v1/reports/$k?as_at=2022-02-15&since=2021-10-01")" 200
    at report "$k" --as-at 2022-02-15 --since 2021-10-01 --format json >cli.json
    cmp api.json cli.json
  done
  expect_eq "$(jq -r .meta.confidential api.json)" "detail withheld"
  # Reporting cycles: by name, the trend across them and the committee pack.
  at cycle add "Audit Committee 15 August 2021" --as-at 2021-08-15 >/dev/null
  at cycle add "Audit Committee 15 November 2021" --as-at 2021-11-15 >/dev/null
  at cycle add "Audit Committee 15 February 2022" --as-at 2022-02-15 >/dev/null
  C="cycle=Audit%20Committee%2015%20February%202022"
  expect_eq "$(api "$TOKEN" GET "/api/v1/reports/summary?$C")" 200
  at report summary --cycle "Audit Committee 15 February 2022" --format json --include-confidential >cli.json
  cmp api.json cli.json
  expect_eq "$(jq -r .meta.previous_cycle api.json)" "Audit Committee 15 November 2021"
  expect_eq "$(api "$COMMITTEE" GET "/api/v1/reports/trend?$C&cycles=3")" 200
  at report trend --cycle "Audit Committee 15 February 2022" --cycles 3 --format json >cli.json
  cmp api.json cli.json
  expect_eq "$(api "$COMMITTEE" GET "/api/v1/reports/pack?$C&pack=manchester")" 200
  at report pack --cycle "Audit Committee 15 February 2022" --pack manchester --format json >cli.json
  cmp api.json cli.json
  expect_eq "$(api "$TOKEN" GET "/api/v1/reports/summary?cycle=No%20such%20meeting")" 400
  expect_eq "$(api "$TOKEN" GET "/api/v1/reports/pack?pack=no-such-pack")" 400
  expect_eq "$(api "$TOKEN" GET "/api/v1/reports/summary?as_at=2022-02-15&format=csv")" 200
  at report summary --as-at 2022-02-15 --format csv --include-confidential >cli.csv
  cmp api.json cli.csv
  # After a write the API follows the register; the CLI agrees again.
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/5/close -H "$J" -d '{"evidence":"Reconciliations seen"}')" 201
  check "$TOKEN" "status=all" --status all --include-confidential
  expect_eq "$(jq -r '.[] | select(.id == 5) | .band' api.json)" Closed
}

test_web_api_csrf() {
  api_start
  login auditor
  # The session cookie opens the API, but a POST with it needs the CSRF token...
  expect_eq "$(curl -s -o api.json -w '%{http_code}' -b jar.auditor "$BASE/api/v1/me")" 200
  expect_eq "$(jq -r .via api.json)" session
  expect_eq "$(curl -s -o api.json -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" -H "$J" \
    -d '{"text":"no token"}' "$BASE/api/v1/recs/5/updates")" 403
  expect_eq "$(jq -r .error.code api.json)" forbidden
  c=$(csrf auditor)
  expect_eq "$(curl -s -o api.json -w '%{http_code}' -b jar.auditor -H "Origin: http://evil.example" \
    -H "$J" -d "{\"text\":\"other site\",\"csrf\":\"$c\"}" "$BASE/api/v1/recs/5/updates")" 403
  expect_eq "$(curl -s -o api.json -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" -H "$J" \
    -d "{\"text\":\"with the token\",\"csrf\":\"$c\"}" "$BASE/api/v1/recs/5/updates")" 201
  # ...while a Bearer token needs none.
  expect_eq "$(api "$TOKEN" POST /api/v1/recs/5/updates -H "$J" -d '{"text":"scripted"}')" 201
  expect_eq "$(api "$TOKEN" GET /api/v1/recs/5)" 200
  expect_eq "$(jq -c '[.updates[] | .text] | .[-2:]' api.json)" '["with the token","scripted"]'
  expect_eq "$(jq -r '.updates[-1].author' api.json)" "Test auditor"
}

test_api_recs_pages_follow_links_to_the_whole_list() {
  web_start --seed
  TOKEN=$(at token add auditor)
  at rec list --as-at 2022-02-15 --status all --format json --include-confidential >cli.json
  url="$BASE/api/v1/recs?as_at=2022-02-15&status=all&limit=5"
  : >ids.txt; pages=0
  while [ -n "$url" ]; do
    curl -sS -D h.txt -o page.json -H "Authorization: Bearer $TOKEN" "$url"
    expect_contains h.txt "X-Total-Count: 16"
    python3 -c "import json; [print(r['id']) for r in json.load(open('page.json'))]" >>ids.txt
    url=$(sed -n 's/^Link: <\([^>]*\)>; rel="next".*/\1/p' h.txt | tr -d '\r')
    [ -z "$url" ] || url="$BASE$url"
    pages=$((pages + 1))
  done
  expect_eq "$pages" 4
  expect_eq "$(tr '\n' ' ' <ids.txt)" "$(python3 -c "import json; print(' '.join(str(r['id']) for r in json.load(open('cli.json'))) + ' ')")"
  # limit 0 is refused; a page past the end is an empty list without a next link.
  expect_eq "$(curl -s -o e.json -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/recs?limit=0")" 400
  curl -sS -D h2.txt -o last.json -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/recs?status=all&after=999"
  expect_eq "$(tr -d '\n' <last.json)" "[]"
  expect_not_contains h2.txt "Link:"
}
