# Hostile text in every field of every form: generated from the route table
# (`auditrack routes --fields`), so a new form is covered the day it is added.
# Markup must come back escaped on every page, SQL metacharacters must be
# stored and shown verbatim, and the database must be intact afterwards.
. "$ROOT/test/e2e/web_lib.sh"

HOSTILE="<script>alert(\"x\")</script> '; DROP TABLE rec; -- %00 \\ \`id\`"

test_web_hostile_text_in_every_field() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  REC=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2030-06-30 \
        --owner "Payroll manager" --directorate Resources | sed 's/recommendation \([0-9]*\).*/\1/')
  login admin
  login owner
  "$AUDITRACK" routes --fields >routes.txt
  # An owner's update and date request give the review queue something to decide.
  expect_eq "$(post owner "/recs/$REC/update" --data-urlencode "narrative=$HOSTILE")" 303
  expect_eq "$(post owner "/recs/$REC/date-request" --data-urlencode "new_target=2031-01-31" --data-urlencode "date_reason=$HOSTILE")" 303
  nform=0; nfield=0
  # Each POST route with its fields: fill text with the hostile string, the rest validly.
  awk '/^    field / { if (r != "") r = r " " $2 ":" $3; next }
       { if (r != "") print r; r = ""
         if (substr($0, 6, 4) == "POST") for (i = 1; i <= NF; i++) if (substr($i, 1, 1) == "/") { r = $i; break } }
       END { if (r != "") print r }' routes.txt >forms.txt
  while read -r pattern fields; do
    case "$pattern" in
      /login|/logout|/account/*|/admin/users/#/password|/api/*) continue ;;
    esac
    path=$(echo "$pattern" | sed -e "s|/recs/#|/recs/$REC|" -e "s|/audits/#|/audits/$AUDIT|" \
           -e "s|/submissions/#|/submissions/1|" -e "s|/users/#|/users/2|")
    set --
    for f in $fields; do
      name=${f%%:*}; kind=${f#*:}
      case "$kind" in
        text|line) v=$HOSTILE; nfield=$((nfield + 1)) ;;
        date|target) v=2031-03-31 ;;
        int|ids) v=1 ;;
        bool) v=1 ;;
        enum*) v=$(echo "$kind" | sed 's/enum(\([^|)]*\).*/\1/') ;;
        file) continue ;;
      esac
      [ "$name" = login ] && v="h$nform"
      [ "$name" = password ] && v="$PW"
      set -- "$@" --data-urlencode "$name=$v"
    done
    code=$(post admin "$path" "$@")
    case "$code" in 5*|000) echo "POST $path gave $code" >&2; return 1 ;; esac
    nform=$((nform + 1))
  done <forms.txt
  [ $nform -gt 10 ] && [ $nfield -gt 20 ] || { echo "only $nform forms, $nfield text fields" >&2; return 1; }
  # Every page that shows what was written: no live markup, the text verbatim.
  for p in "/recs/$REC" /review /my /recs "/audits/$AUDIT" /audits /admin/users /admin/people /admin/outbox /dashboard \
           "/reports/outstanding?as_at=2032-01-01" "/reports/progress?as_at=2032-01-01"; do
    expect_eq "$(get admin "$p")" 200
    expect_not_contains out.html '<script>alert('
    cp out.html "page$(echo "$p" | tr '/?=&' '____').html"
  done
  # The names the list's owner filter fetches: a hostile owner is one JSON string.
  at rec add --audit "$AUDIT" --text "Named" --target 2031-03-31 --owner "$HOSTILE" >/dev/null
  expect_eq "$(get admin /recs/owners)" 200
  jq -e --arg h "$HOSTILE" 'index($h) != null' out.html >/dev/null
  cat page*.html >all.html
  expect_contains all.html "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;; DROP TABLE rec; -- %00 \\ \`id\`"
  # Stored verbatim, and the tables are all still there.
  at rec show "$REC" >show.txt
  expect_contains show.txt "$HOSTILE"
  expect_eq "$(at rec list --status all --format json | grep -c '"id"')" "$(at rec list --status all --format csv | tail -n +2 | wc -l | tr -d ' ')"
  at verify >v.txt
  expect_contains v.txt "chain intact"
  echo "$nform forms, $nfield text fields"
}
