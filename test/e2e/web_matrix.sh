# Every route x every role (and signed out) against a real server, expecting
# the status docs/roles.md implies. Generated from `auditrack routes`, so a
# new route is covered the day it is added, and checked against the role
# matrix as documented, so the documentation cannot drift from the code.
. "$ROOT/test/e2e/web_lib.sh"

ROLES="admin auditor director owner committee"

# The roles docs/roles.md gives a capability: "admin auditor ..."
doc_roles() {
  awk -F'|' -v cap="$1" '
    $2 ~ "^ *" cap " *$" { split("admin auditor director owner committee", r, " ")
      out = ""; for (i = 1; i <= 5; i++) { v = $(i + 2); gsub(/ /, "", v); if (v == "yes") out = out " " r[i] }
      print substr(out, 2); exit }' "$ROOT/docs/roles.md"
}

# Fill a route pattern with ids that exist and that every role's account may
# reach row-wise (the recommendation belongs to the owner and the director).
fill() {
  case "$1" in
    /api/v1/reports/*|/reports/*) echo "$1" | sed 's|\*$|summary|' ;;
    /assets/*) echo /assets/auditrack.css ;;
    *) echo "$1" | sed -e "s|/recs/#|/recs/$REC|" -e "s|/audits/#|/audits/$AUDIT|" \
         -e "s|/submissions/#|/submissions/$SUB|" -e "s|/evidence/#|/evidence/999999|" \
         -e "s|/users/#|/users/1|" -e "s|/tokens/#|/tokens/999999|" -e 's|#|1|g' -e 's|\*|x|g' ;;
  esac
}

test_web_route_matrix() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  REC=$(at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2024-06-30 \
        --owner "Payroll manager" --directorate Resources | sed 's/recommendation \([0-9]*\).*/\1/')
  SUB=999999
  for r in $ROLES; do login "$r"; done
  "$AUDITRACK" routes >routes.txt
  [ -s routes.txt ] || { echo "no routes" >&2; return 1; }
  n=0; bad=0
  while read -r line; do
    methods=$(echo "$line" | awk '{ m = ""; if ($1 == "GET") m = "GET"; if ($1 == "POST" || $2 == "POST") m = m " POST"; print m }')
    pattern=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if (substr($i, 1, 1) == "/") { print $i; exit } }')
    cap=$(echo "$line" | awk -v p="$pattern" '{ for (i = 1; i <= NF; i++) if ($i == p) { print $(i + 1); exit } }')
    code_roles=$(echo "$line" | sed 's/  # .*//' | awk -v p="$pattern" '{ s = ""; f = 0
      for (i = 1; i <= NF; i++) { if (f >= 2) s = s " " $i; if ($i == p || f == 1) f++ } print substr(s, 2) }')
    want_roles=$(doc_roles "$cap")
    [ -n "$want_roles" ] || { echo "capability '$cap' of $pattern is not in docs/roles.md" >&2; return 1; }
    expect_eq "$code_roles" "$want_roles" "roles of $cap ($pattern): code vs docs/roles.md"
    path=$(fill "$pattern")
    api=0; case "$pattern" in /api/*) api=1 ;; esac
    for m in $methods; do
      for r in anon $ROLES; do
        if [ "$m" = GET ]; then
          if [ $r = anon ]; then got=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
          else got=$(get "$r" "$path"); fi
        else
          if [ $r = anon ]; then
            # Signed out, with the sign-in form's own CSRF cookie and token.
            curl -s -c jar.anon "$BASE/login" >l.html
            c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' l.html | head -n 1)
            got=$(curl -s -o /dev/null -w '%{http_code}' -b jar.anon -H "Origin: $BASE" \
                  --data-urlencode "csrf=$c" --data x=1 "$BASE$path")
          else got=$(post "$r" "$path" --data x=1); fi
        fi
        # what the matrix implies
        if [ $r = anon ]; then
          if [ "$cap" = public ]; then want="not 401/403"
          elif [ $api = 1 ]; then want=401
          elif [ "$m" = GET ]; then want=303
          else want=403; fi
        elif echo " $want_roles " | grep -q " $r "; then want="not 401/403"
        else want=403; fi
        ok=0
        case "$want" in
          "not 401/403") case "$got" in 401|403|5*|000) ;; *) ok=1 ;; esac ;;
          *) [ "$got" = "$want" ] && ok=1 ;;
        esac
        n=$((n + 1))
        [ $ok = 1 ] || { echo "$m $path as $r: got $got, want $want" >&2; bad=$((bad + 1)); }
        # Logging out ends the session the rest of the loop needs.
        [ "$pattern" = /logout ] && [ $r != anon ] && login "$r"
        case "$pattern" in /account/logout-everywhere|/account/password) [ $r != anon ] && login "$r" ;; esac
        # Ending a session, or an account's two-factor (account 1's sessions), likewise.
        case "$pattern" in /account/sessions/*|/admin/users/#/2fa-reset)
          [ $r != anon ] && for x in $ROLES; do login "$x"; done ;; esac
      done
    done
  done <routes.txt
  echo "$n route x role checks, $bad wrong"
  [ $n -gt 50 ] && [ $bad = 0 ]
  # The monitoring routes are in the matrix: public, the same answer to every
  # role and to no one signed in (metrics: from loopback, the default allowed).
  for p in /healthz /metrics; do
    grep -q "^GET  *$p  *public" routes.txt || { echo "$p is not a public route" >&2; return 1; }
    for r in anon $ROLES; do
      if [ $r = anon ]; then got=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$p")
      else got=$(get "$r" "$p"); fi
      expect_eq "$got" 200 "$p as $r"
    done
  done
}
