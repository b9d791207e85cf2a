# Helpers for end-to-end tests of the web application: a real server on a free
# loopback port, one account per role, and curl sessions with cookie jars.
# Source after lib.sh. Every test that calls web_start gets the server stopped
# (and its log checked for sanitizer reports) when the test's shell exits.

PW="staple-battery-horse-9"    # every test account's password

# web_start [--seed] [extra serve args]: create $DB with one account per role,
# start the server, set $BASE.
web_start() {
  if [ "${1:-}" = "--seed" ]; then
    shift
    at init --org "Manchester City Council" >/dev/null
    at import --quiet --map "$SEEDS/manchester.map" "$SEEDS/seed-trackers/004.csv" >/dev/null
  elif [ ! -f "$DB" ]; then
    at init --org "Test Council" >/dev/null
  fi
  for r in admin auditor committee; do
    echo "$PW" | at user add "$r" --role "$r" --name "Test $r" >/dev/null
  done
  echo "$PW" | at user add director --role director --name "Test director" \
    --directorate "${WEB_DIRECTORATE:-Resources}" >/dev/null
  echo "$PW" | at user add owner --role owner --name "Test owner" \
    --owner-as "${WEB_OWNER_AS:-Payroll manager}" >/dev/null
  "$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 "$@" 2>server.log &
  SERVER_PID=$!
  trap web_stop EXIT
  web_wait_serving
}

# Wait for the server's "serving ... at URL/ with N threads" line, whole (stderr is
# unbuffered, so the line may arrive in pieces), and set BASE from it. A test that
# starts another server empties server.log first (`: >server.log`): its `2>server.log`
# truncates the file only once the child runs, and the last server's line may be read.
web_wait_serving() {
  i=0
  while ! grep -q "serving .* at http:.* threads" server.log 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 200 ] || { cat server.log >&2; return 1; }
    sleep 0.05
  done
  BASE=$(sed -n 's/.* at \(http:[^ ]*\)\/ with.*/\1/p' server.log)
}

web_stop() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
  if grep -q "Sanitizer\|runtime error" server.log; then
    echo "server log has sanitizer reports:" >&2; cat server.log >&2; exit 1
  fi
}

# login ROLE: sign in as that role's account; the cookie jar is jar.ROLE
login() {
  rm -f "jar.$1"
  curl -s -c "jar.$1" -b "jar.$1" "$BASE/login" >login.html
  c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' login.html | head -n 1)
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "jar.$1" -b "jar.$1" -H "Origin: $BASE" \
    --data-urlencode "csrf=$c" --data-urlencode "login=$1" \
    --data-urlencode "password=$PW" "$BASE/login")
  [ "$code" = 303 ] || { echo "login as $1 gave $code" >&2; return 1; }
}

# csrf ROLE: the session's CSRF token, read from a page
csrf() {
  curl -s -b "jar.$1" "$BASE/accessibility" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1
}

# get ROLE PATH: prints the status; the body is in out.html
get() {
  curl -s -o out.html -w '%{http_code}' -b "jar.$1" "$BASE$2"
}

# post ROLE PATH [curl args...]: a same-origin form POST with the CSRF token;
# prints the status; the body is in out.html, headers in hdr.txt
post() {
  who=$1; path=$2; shift 2
  curl -s -o out.html -D hdr.txt -w '%{http_code}' -b "jar.$who" -c "jar.$who" -H "Origin: $BASE" \
    --data-urlencode "csrf=$(csrf "$who")" "$@" "$BASE$path"
}
