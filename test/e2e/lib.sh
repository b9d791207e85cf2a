# Helpers for end-to-end tests. Each test_* function runs in its own empty
# directory under `set -e`; it passes when it returns 0.
DB="$PWD/t.db"
at() { "$AUDITRACK" --db "$DB" "$@"; }
# expect_eq ACTUAL EXPECTED [WHAT]
expect_eq() {
  if [ "$1" != "$2" ]; then printf 'expected [%s]\n     got [%s] %s\n' "$2" "$1" "${3:-}" >&2; return 1; fi
}
# expect_fail STATUS CMD...: CMD must exit with STATUS
expect_status() {
  want=$1; shift
  set +e; "$@"; got=$?; set -e
  if [ "$got" != "$want" ]; then echo "expected exit $want, got $got from: $*" >&2; return 1; fi
}
# expect_contains FILE TEXT
expect_contains() {
  if ! grep -qF -- "$2" "$1"; then echo "[$2] not found in $1:" >&2; head -c 2000 "$1" >&2; return 1; fi
}
expect_not_contains() {
  if grep -qF -- "$2" "$1"; then echo "[$2] unexpectedly found in $1" >&2; return 1; fi
}
# No configuration file but the one a test names: a machine's own
# /etc/auditrack/auditrack.conf must not change what the tests run.
export AUDITRACK_CONFIG=""

# The quarterly tracker's columns, and write_q1: its first quarter as q1.csv in the
# test's directory, five recommendations as at 30/09/2024, all open (Payroll 1-3,
# Procurement 1-2; targets 30/06/2024, 31/12/2024, 31/08/2024, 31/07/2024,
# 31/03/2025). The import tests refresh, return and review this one register.
TRACKER_HDR='as_at_date,audit_title,audit_date,rec_ref,recommendation,risk_label,original_due_date,revised_due_dates,current_target_date,latest_update,ia_opinion'
write_q1() {
  cat >q1.csv <<EOF
$TRACKER_HDR
2024-09-30,Payroll,2024-03-01,1,Reconcile payroll to the ledger monthly,H,2024-06-30,,2024-06-30,Started,Not implemented
2024-09-30,Payroll,2024-03-01,2,Remove leavers from the payroll promptly,M,2024-12-31,,2024-12-31,Planned,Not implemented
2024-09-30,Payroll,2024-03-01,3,Approve overtime before payment,M,2024-08-31,,2024-08-31,,Partially implemented
2024-09-30,Procurement,2024-04-15,1,Keep a register of contracts,H,2024-07-31,,2024-07-31,Drafting,Not implemented
2024-09-30,Procurement,2024-04-15,2,Check suppliers' bank details before changing them,M,2025-03-31,,2025-03-31,,Not implemented
EOF
}
