#!/bin/sh
# Load each seed tracker into its own database under demo/, print its
# committee summary as at the paper's date, then serve the web application on
# Manchester's register with one demo account per role.
#
# DEMO_DIR (default demo) is where the databases and packs go; AUDITRACK (default
# ./auditrack) the program; DEMO_SERVE=no stops before serving (test/e2e/demo.sh runs
# it so, to check that these settings give the papers' figures).
set -eu
cd "$(dirname "$0")/.."
AT=${AUDITRACK:-./auditrack}
D=${DEMO_DIR:-demo}
S=examples/seed-trackers
rm -rf "$D" && mkdir "$D"

load() { # NAME ORG AS_AT IMPORT-ARGS...
  db=$D/$1.db; org=$2; asat=$3; shift 3
  $AT --db "$db" init --org "$org" >/dev/null
  # Cambridgeshire's settings (docs/reports.md): its bands, a recommendation due on the
  # paper's date is already overdue, as Annex B lists them, and no escalation ladder
  # (the default ladder is Manchester's).
  if [ "$org" = "Cambridgeshire County Council" ]; then
    $AT --db "$db" policy set bands "under 3 months:0; over 3 months:3; over 12 months:12" >/dev/null
    $AT --db "$db" policy set overdue-on-due-date yes >/dev/null
    $AT --db "$db" policy set ladder "" >/dev/null
  fi
  $AT --db "$db" import --quiet "$@"
  echo
  $AT --db "$db" report summary --as-at "$asat"
  echo
}

load cambridgeshire-2024-12 "Cambridgeshire County Council" 2024-12-31 "$S/000.csv"
load cambridgeshire-cef-2025-05 "Cambridgeshire County Council" 2025-05-19 "$S/001.csv"
load nottinghamshire-2022-12 "Nottinghamshire County Council" 2022-12-31 --as-at 2022-12-31 "$S/002.csv"
load manchester-2023-06 "Manchester City Council" 2023-06-30 --as-at 2023-06-30 "$S/003.csv"
load manchester-2022-02 "Manchester City Council" 2022-02-15 --map examples/manchester.map "$S/004.csv"

# Reporting cycles: the committee meetings, so that the trend and the committee
# pack compare each paper with the one before. Cambridgeshire's pack is its Annex B.
for c in "15 May 2021:2021-05-15" "15 August 2021:2021-08-15" "15 November 2021:2021-11-15" \
  "15 February 2022:2022-02-15"; do
  $AT --db $D/manchester-2022-02.db cycle add "Audit Committee ${c%%:*}" --as-at "${c##*:}" \
    >/dev/null
done
# What Manchester's paper of 15 February 2022 stated (3.3 to 3.9): the summary for the
# cycle sets each beside the register and says where they differ.
feb="Audit Committee 15 February 2022"
$AT --db $D/manchester-2022-02.db cycle state "$feb" overdue 3 --band "over 12 months" >/dev/null
$AT --db $D/manchester-2022-02.db cycle state "$feb" overdue 5 --band "under 6 months" >/dev/null
$AT --db $D/manchester-2022-02.db cycle state "$feb" not_yet_due 9 >/dev/null
# The head of audit's words for the February 2022 committee (examples/commentary/): the
# front sheet's summary and contacts, and the commentary on each audit over 12 months
# overdue, printed in the appendix that shows it.
M="$AT --db $D/manchester-2022-02.db"
W=examples/commentary/manchester-2022-02
C="Audit Committee 15 February 2022"
$M cycle text "$C" summary --file $W/summary.txt >/dev/null
$M cycle text "$C" contacts --file $W/contacts.txt >/dev/null
$M cycle text "$C" commentary --audit "Mental Health Casework Compliance" \
  --file $W/mental-health-casework.txt >/dev/null
$M cycle text "$C" commentary --audit "Transitions to Adult Services" \
  --file $W/transitions.txt >/dev/null
$M cycle text "$C" commentary --audit "Section 106" --file $W/section-106.txt >/dev/null
$AT --db $D/cambridgeshire-2024-12.db cycle add "Audit and Accounts Committee 31 December 2024" \
  --as-at 2024-12-31 >/dev/null
$AT --db $D/cambridgeshire-2024-12.db policy set pack cambridgeshire >/dev/null
$AT --db $D/manchester-2022-02.db report pack --cycle "Audit Committee 15 February 2022" \
  --format pdf --output $D/manchester-pack-2022-02-15.pdf
$AT --db $D/manchester-2022-02.db report pack --cycle "Audit Committee 15 February 2022" \
  --format xlsx --output $D/manchester-pack-2022-02-15.xlsx
$AT --db $D/manchester-2022-02.db report pack --cycle "Audit Committee 15 February 2022" \
  --format docx --output $D/manchester-pack-2022-02-15.docx
$AT --db $D/cambridgeshire-2024-12.db report pack --as-at 2024-12-31 \
  --format pdf --output $D/cambridgeshire-annex-b-2024-12-31.pdf
$AT --db $D/cambridgeshire-2024-12.db report pack --as-at 2024-12-31 \
  --format xlsx --output $D/cambridgeshire-annex-b-2024-12-31.xlsx

cat <<'TXT'
The five demo databases are in demo/. Try:

  ./auditrack --db demo/manchester-2022-02.db report outstanding --as-at 2022-02-15
  ./auditrack --db demo/manchester-2022-02.db report escalations --as-at 2022-02-15
  ./auditrack --db demo/manchester-2022-02.db rec list --as-at 2021-10-31
  ./auditrack --db demo/cambridgeshire-2024-12.db report outstanding --as-at 2024-12-31 --risk E
  ./auditrack --db demo/nottinghamshire-2022-12.db report progress --as-at 2022-12-31 --since 2022-06-30
  ./auditrack --db demo/manchester-2022-02.db report trend --cycle "Audit Committee 15 February 2022"
  ./auditrack --db demo/manchester-2022-02.db cycle list
  ./auditrack --db demo/manchester-2022-02.db report summary --cycle "Audit Committee 15 February 2022"
  ./auditrack --help

The committee packs as the committee receives them:
  demo/manchester-pack-2022-02-15.pdf, .xlsx and .docx (Word), demo/cambridgeshire-annex-b-2024-12-31.pdf
  and .xlsx (Annex B in the paper's own table, under Cambridgeshire's policy)
TXT

[ "${DEMO_SERVE:-yes}" != no ] || exit 0

# The web application on Manchester's register, with one account per role.
db=$D/manchester-2022-02.db
listen=${DEMO_LISTEN:-127.0.0.1:8080}
pw() { head -c 12 /dev/urandom | base64 | tr '+/' '-_'; }
echo
echo "Web application: http://$listen/  (Ctrl-C stops it). Demo accounts:"
printf '  %-10s %-18s %s\n' LOGIN PASSWORD ROLE
add() { # LOGIN ROLE NAME [user add options]
  login=$1 role=$2 name=$3; shift 3; p=$(pw)
  echo "$p" | $AT --db "$db" user add "$login" --role "$role" --name "$name" "$@" >/dev/null
  printf '  %-10s %-18s %s\n' "$login" "$p" "$role${1:+ ($2)}"
}
add admin admin "Demo administrator"
add auditor auditor "Demo auditor"
add director director "Demo director" --directorate "Adults"
add owner owner "Bernadette Enright" \
  --owner-as "Bernadette Enright, Executive Director of Adult Social Services"
add committee committee "Demo committee member"
echo "  (the owner answers for the recommendations whose accountable person is"
echo "  Bernadette Enright; the director for the Adults directorate)"
echo
exec $AT --db "$db" serve --listen "$listen"
