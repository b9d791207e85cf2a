# What an exposed server gives away and takes in: only the embedded assets are
# files, sensitive answers are never stored by a browser or a cache, the logs
# and the database hold no secrets, the API reads only the fields a route
# declares and only the methods it allows, evidence a browser could run is
# refused, an internal failure says nothing of the inside, and markup stays
# text in workbooks. Each test stays on loopback.
. "$ROOT/test/e2e/web_lib.sh"

# Nothing is served from the filesystem: the only files are the four assets
# embedded in the binary, by exact name. No directory listing, no database,
# evidence store, log, editor backup or version-control file is reachable,
# however the path is spelled (--path-as-is keeps curl from folding "..").
test_exposure_only_embedded_assets_served() {
  web_start
  login auditor
  for p in /assets/govuk-frontend.min.css /assets/govuk-frontend.min.js /assets/auditrack.css \
           /assets/auditrack.js; do
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE$p")" 200 "$p"
  done
  : >codes.txt
  for p in / /assets /assets/ /assets/auditrack.css.bak /assets/auditrack.css~ /assets/.auditrack.css.swp \
           /assets/AUDITRACK.CSS "/assets/auditrack.css;.txt" /assets/../t.db /assets/%2e%2e/t.db \
           /assets/..%2ft.db /t.db /t.db-wal /t.db.evidence/ /server.log /.git/config /.git/ /.DS_Store \
           /Thumbs.db /assets/.DS_Store /recs/ /evidence/ /evidence/..%2f..%2ft.db; do
    echo "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' -b jar.auditor "$BASE$p") $p" >>codes.txt
  done
  # The start page redirects to the user's first page; every other path is unknown.
  expect_eq "$(grep -c '^404 ' codes.txt)" "$(($(wc -l <codes.txt) - 1))" "$(grep -v '^404 ' codes.txt | tr '\n' ' ')"
  expect_contains codes.txt "303 /"
}

# Pages, downloads, API answers and evidence files are never kept by a browser or
# a cache in between (Cache-Control: no-store); only the embedded assets may be.
test_exposure_sensitive_responses_not_stored() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  REC=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2030-06-30 \
        --owner "Payroll manager" --directorate Resources | sed 's/recommendation \([0-9]*\).*/\1/')
  login owner
  login auditor
  printf '%%PDF-1.4 evidence\n%%%%EOF\n' >e.pdf
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.owner -H "Origin: $BASE" -F "csrf=$(csrf owner)" \
    -F "narrative=Done" -F "evidence=@e.pdf" "$BASE/recs/$REC/update")" 303
  TOKEN=$(at token add auditor)
  for p in /my "/recs/$REC" /recs /recs.csv /recs.xlsx /dashboard /review /account /evidence/1 \
           /reports/summary /no/such/page; do
    code=$(curl -s -o /dev/null -D h.txt -w '%{http_code}' -b jar.auditor "$BASE$p")
    [ "$p" = /no/such/page ] && expect_eq "$code" 404 || expect_eq "$code" 200 "$p"
    expect_contains h.txt "Cache-Control: no-store"
  done
  curl -s -o /dev/null -D h.txt -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/recs/$REC"
  expect_contains h.txt "HTTP/1.1 200"
  expect_contains h.txt "Cache-Control: no-store"
  curl -s -o /dev/null -D h.txt "$BASE/login"
  expect_contains h.txt "Cache-Control: no-store"
  curl -s -o /dev/null -D h.txt "$BASE/assets/auditrack.css"
  expect_contains h.txt "Cache-Control: public"
}

# Passwords, session cookies, API tokens and what is typed into a search reach
# neither the access log, nor the journal, nor the database file (which keeps
# hashes). The CSRF token is kept with its session (it is no credential on its
# own) but logged nowhere. The access log does say who read what, and who was
# refused.
test_exposure_logs_hold_no_secrets() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  REC=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2030-06-30 \
        --owner "Payroll manager" --directorate Resources --confidential | sed 's/recommendation \([0-9]*\).*/\1/')
  login owner
  login committee
  printf '%%PDF-1.4 evidence\n%%%%EOF\n' >e.pdf
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b jar.owner -H "Origin: $BASE" -F "csrf=$(csrf owner)" \
    -F "narrative=Done" -F "evidence=@e.pdf" "$BASE/recs/$REC/update")" 303
  NEWPW="lantern-pasture-copper-71"
  expect_eq "$(post owner /account/password --data-urlencode "current_password=$PW" \
    --data-urlencode "new_password=$NEWPW" --data-urlencode "confirm_password=$NEWPW")" 303
  login auditor
  TOKEN=$(at token add auditor)
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/me")" 200
  expect_eq "$(get auditor '/recs?q=zebra-crossing-budget')" 200
  expect_eq "$(get auditor /evidence/1)" 200
  expect_eq "$(get committee "/recs/$REC")" 403
  expect_eq "$(get committee /evidence/1)" 404
  expect_eq "$(get committee /admin/users)" 403
  SESSION=$(awk '$6 == "at_session" { print $7 }' jar.auditor)
  CSRF=$(csrf auditor)
  [ ${#SESSION} = 43 ] && [ ${#CSRF} = 43 ] && [ ${#TOKEN} = 46 ]
  web_stop
  at log >journal.txt
  cat "$DB" "$DB-wal" 2>/dev/null >db.bin || true
  for s in "$PW" "$NEWPW" "$SESSION" "$CSRF" "$TOKEN" "${TOKEN#at_}" zebra-crossing-budget; do
    for f in server.log journal.txt db.bin; do
      [ "$s" = "$CSRF" ] && [ $f = db.bin ] && continue
      if grep -aqF -- "$s" "$f"; then echo "$s found in $f" >&2; return 1; fi
    done
  done
  # Who read the evidence, and who was refused what: user, method, path, status.
  expect_contains server.log " auditor GET /evidence/1 200 "
  expect_contains server.log " committee GET /recs/$REC 403 "
  expect_contains server.log " committee GET /evidence/1 404 "
  expect_contains server.log " committee GET /admin/users 403 "
  expect_contains server.log " auditor GET /recs 200 "
}

# The API reads only the fields a route declares: an update naming another
# author, recommendation or state is still the caller's update of this one, for
# internal audit to review. A token counts only in the Authorization header,
# never in the address or a cookie; a body of another type is refused (415).
test_exposure_api_takes_only_declared_fields() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  MINE=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2030-06-30 \
        --owner "Payroll manager" --directorate Resources | sed 's/recommendation \([0-9]*\).*/\1/')
  OTHER=$(at rec add --audit "$AUDIT" --text "Service the vans" --target 2030-06-30 \
        --owner "Fleet manager" --directorate Places | sed 's/recommendation \([0-9]*\).*/\1/')
  OWNER=$(at token add owner)
  J="Content-Type: application/json"
  expect_eq "$(curl -s -o a.json -w '%{http_code}' -H "Authorization: Bearer $OWNER" -H "$J" \
    -d "{\"text\":\"mine\",\"author\":\"Chief executive\",\"rec_id\":$OTHER,\"id\":$OTHER,\"state\":\"accepted\",\"submitted\":false,\"role\":\"admin\",\"user_id\":1}" \
    "$BASE/api/v1/recs/$MINE/updates")" 201
  expect_eq "$(jq -c '[.rec_id, .submitted]' a.json)" "[$MINE,true]"
  curl -s -o a.json -H "Authorization: Bearer $OWNER" "$BASE/api/v1/recs/$MINE"
  expect_eq "$(jq -c '[.updates[-1].author, .updates[-1].text, .submissions[-1].state]' a.json)" \
    '["Test owner","mine","pending"]'
  expect_eq "$(at rec show "$OTHER" | grep -c mine || true)" 0
  for how in "?token=$OWNER" "?access_token=$OWNER" "?authorization=Bearer%20$OWNER"; do
    expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/me$how")" 401 "$how"
  done
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -b "at_session=$OWNER" "$BASE/api/v1/me")" 401
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OWNER" -H 'Content-Type:' \
    --data-binary 'text=no type' "$BASE/api/v1/recs/$MINE/updates")" 415
  expect_eq "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $OWNER" \
    -H 'Content-Type: application/xml' --data-binary '<text>xml</text>' "$BASE/api/v1/recs/$MINE/updates")" 415
  # GET, HEAD and POST only, as each route allows; nothing answers CORS.
  for m in PUT PATCH DELETE OPTIONS TRACE; do
    expect_eq "$(curl -s -o /dev/null -D h.txt -w '%{http_code}' -X $m -H "Authorization: Bearer $OWNER" \
      "$BASE/api/v1/recs/$MINE")" 405 "$m"
    expect_contains h.txt "Allow: GET, HEAD"
    expect_not_contains h.txt "Access-Control-"
  done
}

# Evidence that a browser could run is refused on upload whatever it claims to
# be: SVG (scriptable), HTML, JavaScript; only the allow-listed kinds are kept.
test_exposure_scriptable_uploads_refused() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  REC=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2030-06-30 \
        --owner "Payroll manager" --directorate Resources | sed 's/recommendation \([0-9]*\).*/\1/')
  login owner
  printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n' >x.svg
  printf '<html><script>alert(1)</script></html>\n' >x.html
  for f in x.svg "x.svg;type=image/svg+xml" "x.html;filename=x.html" "x.html;filename=x.htm" \
           "x.html;filename=x.js" "x.html;filename=x.xhtml" "x.svg;filename=x.png"; do
    code=$(curl -s -o out.html -w '%{http_code}' -b jar.owner -H "Origin: $BASE" -F "csrf=$(csrf owner)" \
      -F "narrative=Done" -F "evidence=@$f" "$BASE/recs/$REC/update")
    expect_eq "$code" 422 "$f"
  done
  expect_eq "$(find "$DB.evidence" -type f 2>/dev/null | wc -l)" 0
}

# A failure inside answers with a fixed sentence: no path, no system error, no
# SQL. The detail goes to the server's standard error for whoever runs it. Here
# the evidence store cannot take the file (its directory is a file).
test_exposure_internal_errors_say_nothing_inside() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  REC=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2030-06-30 \
        --owner "Payroll manager" --directorate Resources | sed 's/recommendation \([0-9]*\).*/\1/')
  login owner
  printf '%%PDF-1.4 blocked\n%%%%EOF\n' >b.pdf
  : >"$DB.evidence/$(sha256sum b.pdf | cut -c1-2)"
  code=$(curl -s -o out.html -w '%{http_code}' -b jar.owner -H "Origin: $BASE" -F "csrf=$(csrf owner)" \
    -F "narrative=Done" -F "evidence=@b.pdf" "$BASE/recs/$REC/update")
  expect_eq "$code" 500
  expect_contains out.html "Sorry, there is a problem with the service"
  expect_contains out.html "The file could not be kept. Try again in a moment."
  expect_not_contains out.html "$PWD"
  expect_not_contains out.html ".evidence"
  expect_not_contains out.html "Not a directory"
  web_stop
  expect_contains server.log "auditrack: evidence: cannot create a file in $DB.evidence/"
}

# Text with markup goes into workbooks as text: every XML part of an export is
# well formed, the cells read back exactly as typed, and importing the
# workbook gives the same text again.
test_exposure_markup_in_workbooks_stays_text() {
  T='Payroll </t><x a="1">&amp; ]]> <!DOCTYPE x>'
  X='<script>alert("x")</script> & </si></sst> ]]>'
  at init --org "Test Council" >/dev/null
  at audit add --title "$T" --directorate Resources --date 2024-01-15 >/dev/null
  at rec add --audit 1 --text "$X" --target 2030-06-30 --owner "Payroll manager" >/dev/null
  at export --as-at 2024-06-30 --format xlsx --output e.xlsx
  /usr/bin/python3 - e.xlsx "$T" "$X" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".xml") or n.endswith(".rels"):
        ET.fromstring(z.read(n))
m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
texts = {"".join(t.text or "" for t in si.iter(m + "t"))
         for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(m + "si")}
missing = [w for w in sys.argv[2:] if w not in texts]
if missing:
    sys.exit("not read back as typed: %r" % missing)
PY
  DB="$PWD/back.db"
  at init --org "Test Council" >/dev/null
  at import --quiet e.xlsx >/dev/null
  at rec show 1 >show.txt
  expect_contains show.txt "$X"
  expect_contains show.txt "$T"
}
