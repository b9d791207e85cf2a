# The list page and the API list answered from the register's index
# (src/web_index.c): the same rows, in the same order, as the command line's
# `rec list` for the same filter, on every page, cached or not; and a write
# moves a recommendation between pages and filters at once.
. "$ROOT/test/e2e/web_lib.sh"

# A 700-recommendation synthetic register (bench/gen.c), a few in named
# directorates, one confidential, and the accounts web_start adds.
index_start() {
  at init --org "Index Council" >/dev/null
  "$ROOT/build/bench-gen" 700 >gen.csv 2>/dev/null
  at import --quiet gen.csv >/dev/null
  for id in 3 40 41 300 650; do at rec set "$id" directorate Resources >/dev/null; done
  at rec set 120 directorate RESOURCES >/dev/null
  at rec set 41 confidential 1 >/dev/null
  WEB_DIRECTORATE=resources web_start
  TOKEN=$(at token add auditor --name tests)
  login auditor
}

# ids FILE: the recommendation ids a list page links to, in order, one line.
ids() { grep -o 'href="/recs/[0-9]*"' "$1" | sed 's/[^0-9]//g' | tr '\n' ' '; }
# cli_ids FROM TO ARGS...: rows FROM..TO (1-based) of `rec list` as ids, one line.
cli_ids() {
  from=$1 to=$2
  shift 2
  at rec list --format csv "$@" | sed 1d | cut -d, -f1 | sed -n "${from},${to}p" | tr '\n' ' '
}

test_list_pages_match_rec_list() {
  index_start
  n=$(at rec list --format csv --as-at 2025-03-31 | sed 1d | wc -l)
  [ "$n" -gt 150 ] || { echo "only $n open recommendations" >&2; return 1; }
  for round in first cached; do
    expect_eq "$(get auditor "/recs?as_at=2025-03-31&sort=id")" 200
    expect_contains out.html "<span class=\"at-count\">$n</span> recommendations as at"
    expect_eq "$(ids out.html)" "$(cli_ids 1 50 --as-at 2025-03-31)" "first page, $round"
    expect_eq "$(get auditor "/recs?as_at=2025-03-31&sort=id&page=3")" 200
    expect_eq "$(ids out.html)" "$(cli_ids 101 150 --as-at 2025-03-31)" "page 3, $round"
  done
  # Past the end: the last page.
  last=$(((n + 49) / 50))
  expect_eq "$(get auditor "/recs?as_at=2025-03-31&sort=id&page=9999")" 200
  expect_eq "$(ids out.html)" "$(cli_ids $(((last - 1) * 50 + 1)) "$n" --as-at 2025-03-31)"
  # Other dates and filters, computed on demand.
  expect_eq "$(get auditor "/recs?as_at=2023-06-30&status=all&band=Closed&sort=id")" 200
  expect_eq "$(ids out.html)" "$(cli_ids 1 50 --as-at 2023-06-30 --status all --band Closed)"
  expect_eq "$(get auditor "/recs?as_at=2025-03-31&directorate=resources&status=all&sort=id")" 200
  expect_eq "$(ids out.html)" "$(cli_ids 1 50 --as-at 2025-03-31 --directorate resources --status all)"
  expect_contains out.html "<span class=\"at-count\">6</span>"
  # A director sees their directorate only, whatever the query says.
  login director
  expect_eq "$(get director "/recs?as_at=2025-03-31&status=all&directorate=&sort=id")" 200
  expect_eq "$(ids out.html)" "3 40 41 120 300 650 "
}

test_api_pages_match_rec_list() {
  index_start
  check() { # check QUERY CLI-ARGS...: every page of 100 equals rec list's rows, in order
    q=$1
    shift
    at rec list --format json --include-confidential "$@" >cli.json
    curl -sS -o all.json -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/recs?$q&limit=100000"
    cmp all.json cli.json
    n=$(jq length cli.json)
    url="$BASE/api/v1/recs?$q&limit=100"
    : >api.ids
    while [ -n "$url" ]; do
      curl -sS -D h.txt -o page.json -H "Authorization: Bearer $TOKEN" "$url"
      expect_contains h.txt "X-Total-Count: $n"
      jq -c '.[]' page.json >>api.ids
      url=$(sed -n 's/^Link: <\([^>]*\)>; rel="next".*/\1/p' h.txt | tr -d '\r')
      [ -z "$url" ] || url="$BASE$url"
    done
    jq -c '.[]' cli.json >cli.ids
    cmp api.ids cli.ids
  }
  check "as_at=2025-03-31" --as-at 2025-03-31
  check "as_at=2025-03-31" --as-at 2025-03-31 # cached
  check "as_at=2024-01-31&status=all" --as-at 2024-01-31 --status all
  check "as_at=2025-03-31&status=closed&risk=H" --as-at 2025-03-31 --status closed --risk H
  check "as_at=2025-03-31&directorate=RESOURCES&status=all" --as-at 2025-03-31 \
    --directorate RESOURCES --status all
}

test_a_write_moves_a_recommendation_at_once() {
  index_start
  expect_eq "$(get auditor "/recs?sort=id")" 200
  n=$(sed -n 's/.*<span class="at-count">\([0-9]*\)<.*/\1/p' out.html)
  first=$(ids out.html | cut -d' ' -f1)
  second=$(ids out.html | cut -d' ' -f2)
  curl -sS -o /dev/null -D h.txt -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/recs?limit=1"
  expect_contains h.txt "X-Total-Count: $n"
  code=$(curl -s -o close.json -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: application/json" -d '{"text":"Done","evidence":"Seen the reconciliations"}' "$BASE/api/v1/recs/$first/close")
  expect_eq "$code" 201 "$(cat close.json)"
  expect_eq "$(get auditor "/recs?sort=id")" 200
  expect_contains out.html "<span class=\"at-count\">$((n - 1))</span>"
  expect_eq "$(ids out.html | cut -d' ' -f1)" "$second" "the closed one left the open list"
  expect_eq "$(get auditor "/recs?status=closed&sort=id")" 200
  case " $(ids out.html)" in *" $first "*) ;; *) echo "$first is not among the closed" >&2; return 1 ;; esac
  curl -sS -o p.json -D h.txt -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/recs?limit=1"
  expect_contains h.txt "X-Total-Count: $((n - 1))"
  expect_eq "$(jq '.[0].id' p.json)" "$second"
}

# my_ids: the recommendation ids the tables of My actions link to, sorted, one line.
my_ids() { grep -o 'href="/recs/[0-9]*"' out.html | sed 's/[^0-9]//g' | sort -n | tr '\n' ' '; }

test_my_actions_cached_per_owner_and_delegations() {
  at init --org "Index Council" >/dev/null
  "$ROOT/build/bench-gen" 300 >gen.csv 2>/dev/null
  at import --quiet gen.csv >/dev/null
  set -- $(at rec list --format csv | sed 1d | cut -d, -f1 | head -n 5) # open today
  r1=$1 r2=$2 r3=$3 r4=$4 r5=$5
  for id in $r1 $r2 $r3; do at rec set "$id" owner "Payroll manager" >/dev/null; done
  for id in $r4 $r5; do at rec set "$id" owner "Pensions manager" >/dev/null; done
  web_start
  echo "$PW" | at user add owner2 --role owner --name "Second owner" \
    --owner-as "Pensions manager" >/dev/null
  login owner
  login owner2
  for round in first cached; do
    expect_eq "$(get owner /my)" 200
    expect_eq "$(my_ids)" "$r1 $r2 $r3 " "owner, $round"
    expect_eq "$(get owner2 /my)" 200
    expect_eq "$(my_ids)" "$r4 $r5 " "owner2, $round"
  done
  # A delegation shows at once, to the one it is delegated to only.
  at rec delegate "$r1" owner2 >/dev/null
  expect_eq "$(get owner2 /my)" 200
  expect_eq "$(my_ids)" "$r1 $r4 $r5 "
  expect_eq "$(get owner /my)" 200
  expect_eq "$(my_ids)" "$r1 $r2 $r3 "
}

# The list sorts by any column: by default months overdue, worst first (then the
# register's order), as `rec list` gives the rows, sorted by hand with jq; a
# heading's link keeps the filters, the pages keep the sort.
test_list_sorts_by_months_overdue_then_any_column() {
  index_start
  at rec list --format json --as-at 2025-03-31 >all.json
  want() { jq -r "$1 | .[$2:$3] | map(.id | tostring) | join(\" \")" all.json | sed 's/$/ /'; }
  worst='sort_by(-(if .overdue then .months_overdue else -1 end), .id)'
  expect_eq "$(get auditor "/recs?as_at=2025-03-31")" 200
  expect_eq "$(ids out.html)" "$(want "$worst" 0 50)" "default order"
  expect_contains out.html 'aria-sort="descending"><a class="govuk-link at-sort" href="/recs?as_at=2025-03-31&amp;sort=months&amp;order=asc">Months overdue'
  # Page 2 keeps the sort.
  expect_contains out.html 'href="/recs?as_at=2025-03-31&amp;sort=months&amp;order=desc&amp;page=2"'
  expect_eq "$(get auditor "/recs?as_at=2025-03-31&sort=months&order=desc&page=2")" 200
  expect_eq "$(ids out.html)" "$(want "$worst" 50 100)" "page 2"
  # Least overdue first: the not overdue, then the fewest months.
  expect_eq "$(get auditor "/recs?as_at=2025-03-31&sort=months&order=asc")" 200
  expect_eq "$(ids out.html)" "$(want 'sort_by((if .overdue then .months_overdue else -1 end), .id)' 0 50)"
  # The current target, latest first (no TBC in this register), with a filter kept.
  expect_eq "$(get auditor "/recs?as_at=2025-03-31&directorate=resources&status=all&sort=target&order=desc")" 200
  jq '[.[] | select(.directorate != null and (.directorate | ascii_downcase) == "resources")]' \
    "$(at rec list --format json --as-at 2025-03-31 --status all >res.json; echo res.json)" >all.json
  expect_eq "$(ids out.html)" "$(want 'sort_by(.current_target, -.id) | reverse' 0 50)"
  expect_contains out.html 'href="/recs?as_at=2025-03-31&amp;directorate=resources&amp;status=all&amp;sort=owner&amp;order=asc">Owner'
  expect_contains out.html '<option value="target" selected>Current target</option>'
  # Not a column: the door refuses it.
  expect_eq "$(get auditor "/recs?sort=secret")" 400
}
