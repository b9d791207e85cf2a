# /healthz and /metrics: what a load balancer and a monitoring system ask.
. "$ROOT/test/e2e/web_lib.sh"

# metric NAME{LABELS}: its value in metrics.txt (parsed), or 0 when absent.
metric() {
  v=$(grep -F "$1 " metrics.txt | head -n 1 | awk '{ print $NF }')
  echo "${v:-0}"
}
scrape() {
  curl -s -o m.raw -w '%{http_code}' "$@" "$BASE/metrics"
  python3 "$ROOT/test/e2e/prom_parse.py" <m.raw >metrics.txt
}

# Up: 200 "ok", to anyone, with nothing else said; no sign-in needed.
test_healthz_ok_without_sign_in() {
  web_start
  expect_eq "$(curl -s -o out.txt -w '%{http_code}' "$BASE/healthz")" 200
  expect_eq "$(cat out.txt)" "ok"
  curl -s -D hdr.txt -o /dev/null "$BASE/healthz"
  expect_contains hdr.txt "Content-Type: text/plain"
  expect_contains hdr.txt "Cache-Control: no-store"
  # A notification run that has not finished is said, and the node still serves.
  sqlite3 "$DB" "INSERT INTO notify_run(as_at, started_at) VALUES('2024-03-31', '2024-03-31T06:00:00Z')"
  expect_eq "$(curl -s -o out.txt -w '%{http_code}' "$BASE/healthz")" 200
  expect_eq "$(cat out.txt)" "ok
notification run as at 2024-03-31 has not finished"
  sqlite3 "$DB" "UPDATE notify_run SET finished_at='2024-03-31T06:01:00Z'"
  expect_eq "$(curl -s "$BASE/healthz")" "ok"
}

# The database cannot be reached (its file gone: storage unmounted, a restore
# half-done): 503, and nothing that names a file or a library.
test_healthz_503_when_database_unreachable() {
  web_start
  mkdir away && mv "$DB" "$DB-wal" "$DB-shm" away/ 2>/dev/null || mv "$DB" away/
  code=$(curl -s -o out.txt -w '%{http_code}' "$BASE/healthz")
  expect_eq "$code" 503
  expect_eq "$(cat out.txt)" "The database cannot be opened."
  expect_not_contains out.txt "t.db"
  # Back in place, the same server is healthy again.
  mv away/* .
  expect_eq "$(curl -s "$BASE/healthz")" "ok"
}

# /metrics parses as the text format, and its request counter moves by exactly
# the requests made between two scrapes.
test_metrics_parse_and_count_exactly() {
  export AUDITRACK_RENDER_ASIDE_MS=0 # the dashboard after the write is made aside
  web_start --seed
  expect_eq "$(scrape)" 200
  grep -q '^auditrack_register_recommendations' metrics.txt
  before=$(metric 'auditrack_http_requests_total{route="/login",status="200"}')
  beforeNone=$(metric 'auditrack_http_requests_total{route="none",status="404"}')
  beforeAll=$(metric 'auditrack_http_request_duration_seconds_count{}')
  for i in 1 2 3; do curl -s -o /dev/null "$BASE/login"; done
  curl -s -o /dev/null "$BASE/no-such-page"
  curl -s -o /dev/null "$BASE/no-such-page"
  expect_eq "$(scrape)" 200
  expect_eq "$(metric 'auditrack_http_requests_total{route="/login",status="200"}')" $((before + 3))
  expect_eq "$(metric 'auditrack_http_requests_total{route="none",status="404"}')" $((beforeNone + 2))
  # Five requests and the first scrape.
  expect_eq "$(metric 'auditrack_http_request_duration_seconds_count{}')" $((beforeAll + 6))
  n=$(at rec list --status all --format csv | tail -n +2 | wc -l)
  expect_eq "$(metric 'auditrack_register_recommendations{}')" "$n"
  gen=$(at verify | sed -n 's/^head: \([0-9]*\):.*/\1/p')
  expect_eq "$(metric 'auditrack_register_generation{}')" "$gen"
  expect_eq "$(metric 'auditrack_outbox_messages{state="queued"}')" 0
  expect_eq "$(metric 'auditrack_notify_last_run_finished{}')" 0
  expect_eq "$(metric 'auditrack_notify_last_run_timestamp_seconds{}')" 0
  # The register was read whole once; an update is applied as a delta. The dashboard
  # is rendered once for a generation, then found.
  expect_eq "$(metric 'auditrack_register_builds_total{kind="full"}')" 1
  expect_eq "$(metric 'auditrack_register_builds_total{kind="delta"}')" 0
  login auditor
  hits=$(metric 'auditrack_render_cache_lookups_total{result="hit"}')
  misses=$(metric 'auditrack_render_cache_lookups_total{result="miss"}')
  for i in 1 2 3; do expect_eq "$(get auditor /dashboard)" 200; done
  at rec update 1 --text "Started" >/dev/null
  expect_eq "$(get auditor /dashboard)" 200
  expect_eq "$(scrape)" 200
  expect_eq "$(metric 'auditrack_register_builds_total{kind="full"}')" 1
  expect_eq "$(metric 'auditrack_register_builds_total{kind="delta"}')" 1
  expect_eq "$(metric 'auditrack_render_cache_lookups_total{result="miss"}')" $((misses + 2))
  expect_eq "$(metric 'auditrack_render_cache_lookups_total{result="hit"}')" $((hits + 2))
  # The dashboard after the write was answered with the earlier copy, and made
  # again on the renderer's thread: once.
  i=0
  while scrape >/dev/null && [ "$(metric "auditrack_render_background_total{}")" != 1 ]; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "no rendering in the background" >&2; return 1; }
    sleep 0.1
  done
  awk -v v="$(metric 'auditrack_register_last_build_seconds{}')" 'BEGIN { exit !(v > 0 && v < 60) }'
}

# Only from the addresses metrics-allow names, or with the token: to anyone else
# /metrics does not exist.
test_metrics_only_from_allowed_or_token() {
  tok=0123456789abcdef0123456789abcdef
  web_start --metrics-allow 10.9.8.7 --metrics-token "$tok"
  expect_eq "$(curl -s -o out.html -w '%{http_code}' "$BASE/metrics")" 404
  expect_not_contains out.html "auditrack_"
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer wrong$tok" "$BASE/metrics")" 404
  expect_eq "$(scrape -H "Authorization: Bearer $tok")" 200
  grep -q '^auditrack_http_requests_total' metrics.txt
  # /healthz stays open to all.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" 200
}

# The parser itself refuses what is not the text format (a test that cannot
# fail is a defect).
test_prom_parser_refuses_bad_text() {
  printf '# TYPE a counter\na 1\n' | python3 "$ROOT/test/e2e/prom_parse.py" >/dev/null
  expect_status 1 sh -c "printf 'a 1\n' | python3 '$ROOT/test/e2e/prom_parse.py'" 2>/dev/null
  expect_status 1 sh -c "printf '# TYPE a counter\na{x=y} 1\n' | python3 '$ROOT/test/e2e/prom_parse.py'" 2>/dev/null
  expect_status 1 sh -c "printf '# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n' | python3 '$ROOT/test/e2e/prom_parse.py'" 2>/dev/null
}

# The server's own daily notification run is seen: its date, and that it finished.
test_metrics_last_notify_run() {
  at init --org "Test Council" >/dev/null
  at notify set from audit@example.org >/dev/null
  at notify set smtp-url smtp://127.0.0.1:9 >/dev/null
  at notify set hour 0 >/dev/null
  web_start --today 2024-03-31
  # The run's line is written before its finish is recorded: wait for both.
  i=0
  until scrape >/dev/null && [ "$(metric 'auditrack_notify_last_run_finished{}')" = 1 ]; do
    i=$((i + 1)); [ $i -lt 200 ] || { cat server.log >&2; return 1; }
    sleep 0.05
  done
  expect_contains server.log "auditrack: notify: as at 2024-03-31"
  expect_eq "$(metric 'auditrack_notify_last_run_timestamp_seconds{}')" "$(date -u -d 2024-03-31 +%s)"
  expect_eq "$(metric 'auditrack_notify_last_run_finished{}')" 1
}

# The access log as JSON lines, for a log collector: one object per request, every
# field escaped (a path with quotes, a backslash and a control character cannot
# break its line or forge a field), and the stop line counts the same requests.
test_access_log_as_json_lines() {
  web_start --log access.json --log-json
  curl -s -o /dev/null "$BASE/healthz"
  curl -s -o /dev/null "$BASE/nothing%22,%22status%22:200,%5C%01here"
  login auditor
  web_stop
  python3 - <<'PY'
import json
lines = open("access.json").read().splitlines()
rows = [json.loads(l) for l in lines]
assert len(rows) >= 4, rows
for r in rows:
    assert set(r) >= {"time", "addr", "method", "path", "status", "bytes", "us", "completed"}, r
    assert isinstance(r["status"], int) and isinstance(r["us"], int)
h = [r for r in rows if r["path"] == "/healthz"]
assert h and h[0]["status"] == 200 and h[0]["method"] == "GET" and "user" not in h[0], h
bad = [r for r in rows if r["path"].startswith("/nothing")]
# A control character in the path is refused (400); it is logged as it came.
assert len(bad) == 1 and bad[0]["status"] == 400, bad
assert bad[0]["path"] == '/nothing","status":200,\\\x01here', bad
signin = [r for r in rows if r["method"] == "POST" and r["path"] == "/login"]
assert signin and signin[0].get("login") == "auditor", signin
open("count.txt", "w").write(str(len(rows)))
PY
  expect_contains server.log " threads (schema version "
  expect_contains server.log "auditrack: stopped (SIGTERM) after "
  expect_contains server.log " s and $(cat count.txt) requests"
  # A switch takes no value.
  expect_status 2 at serve --log-json=yes
}

# A large register is read in the background at start: the server answers at once,
# /healthz says 503 "register loading" until it is read (a load balancer sends no
# one yet), a page that needs it waits for it, and the log says what was loaded.
test_healthz_503_while_the_register_loads() {
  "$ROOT/build/bench-gen" 20000 >t.csv 2>/dev/null
  "$ROOT/auditrack" --db "$DB" init --org "Test Council" >/dev/null
  "$ROOT/auditrack" --db "$DB" import --quiet --map "$SEEDS/manchester.map" t.csv >/dev/null
  web_start
  expect_eq "$(curl -s -o out.txt -w '%{http_code}' "$BASE/healthz")" 503
  expect_eq "$(cat out.txt)" "register loading"
  # The sign-in page does not wait for the register.
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/login")" 200
  # A page that needs it waits, then answers in full.
  login auditor
  expect_eq "$(curl -s -b jar.auditor -o dash.html -w '%{http_code}' "$BASE/dashboard")" 200
  expect_contains dash.html "Overdue"
  expect_eq "$(curl -s "$BASE/healthz")" "ok"
  expect_contains server.log "auditrack: register loaded: 20000 recommendations at generation "
}
