# Full and read-only storage, found by the reliability suite (docs/reliability.md):
# each write says why it cannot be made, leaves nothing half-written, and works
# again once space is back or the storage is read-write, a running server's too.
# Each test runs its body in a private mount namespace (unshare -m) on a small
# tmpfs or a read-only bind mount, as root (as test_hardening_read_only_storage).
. "$ROOT/test/e2e/web_lib.sh"

# in_ns SCRIPT: run SCRIPT (sh, with lib.sh and web_lib.sh loaded, set -e, and
# fill DIR: files taking every free byte of DIR's file system) in a private
# mount namespace; its exit status is the test's.
in_ns() {
  {
    echo ". \"$ROOT/test/e2e/lib.sh\"; . \"$ROOT/test/e2e/web_lib.sh\"; set -e"
    echo 'fill() { dd if=/dev/zero of="$1/fill" bs=64k 2>/dev/null || true'
    echo '  dd if=/dev/zero of="$1/fill2" bs=512 2>/dev/null || true; }'
    cat "$1"
  } >ns.sh
  unshare -m sh ns.sh
}

# A full disk at open said "is not an auditrack database" (SQLite could not make
# the WAL's index, and a failed read was taken for a stranger's file), and a
# failed init left an empty database file behind that every later command
# refused. Now both say the disk is full, init leaves nothing, and the same
# commands work once space is freed.
test_storage_full_disk_says_so_and_leaves_nothing() {
  cat >body.sh <<'EOS'
mkdir -p m
mount -t tmpfs -o size=2m tmpfs m
DB=$PWD/m/t.db
at init --org "Test Council" >/dev/null
fill m
expect_status 1 at audit add --title Payroll --date 2024-01-15 2>err.txt
cat err.txt
expect_contains err.txt "the disk is full: free some space and try again"
expect_not_contains err.txt "not an auditrack database"
DB=$PWD/m/new.db
expect_status 1 at init --org "Test Council" 2>err2.txt
cat err2.txt
expect_contains err2.txt "the disk is full"
[ ! -e m/new.db ]
rm m/fill m/fill2
at init --org "Test Council" >/dev/null
DB=$PWD/m/t.db
at audit add --title Payroll --date 2024-01-15 >/dev/null
at verify >/dev/null
EOS
  in_ns body.sh
}

# init on read-only storage said only "unable to open database file".
test_storage_init_read_only_says_so() {
  cat >body.sh <<'EOS'
mkdir ro
mount --bind "$PWD/ro" "$PWD/ro"
mount -o remount,bind,ro "$PWD/ro"
DB=$PWD/ro/t.db
expect_status 1 at init --org "Test Council" 2>err.txt
cat err.txt
expect_contains err.txt "(the storage is read-only)"
[ ! -e ro/t.db ]
EOS
  in_ns body.sh
}

# A server started while its storage was read-only stayed read-only after the
# storage was remounted read-write, until it was restarted. Now the next write
# notices and reopens the database for writing.
test_storage_server_writes_once_storage_is_read_write() {
  at init --org "Test Council" >/dev/null
  at audit add --title Payroll --date 2024-01-15 >/dev/null
  at rec add --audit 1 --text "Reconcile payroll" --target 2030-06-30 --owner "Payroll manager" >/dev/null
  echo "$PW" | at user add auditor --role auditor >/dev/null
  at token add auditor >token.txt
  cat >body.sh <<'EOS'
mount --bind "$PWD" "$PWD"
mount -o remount,bind,ro "$PWD"
"$AUDITRACK" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 2>/tmp/storage-$$.log &
SERVER_PID=$!
i=0
while ! grep -q "serving .* at http:.* threads" /tmp/storage-$$.log 2>/dev/null; do
  i=$((i + 1)); [ $i -lt 200 ] || { cat /tmp/storage-$$.log >&2; exit 1; }
  sleep 0.05
done
BASE=$(sed -n 's/.* at \(http:[^ ]*\)\/ with.*/\1/p' /tmp/storage-$$.log)
send() {
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat token.txt)" \
    -H "Content-Type: application/json" -d "{\"text\":\"$1\"}" "$BASE/api/v1/recs/1/updates"
}
code=$(send "while read-only")
mount -o remount,bind,rw "$PWD"
code2=$(send "read-write again")
kill -TERM $SERVER_PID; wait $SERVER_PID || true
cat /tmp/storage-$$.log; rm -f /tmp/storage-$$.log
expect_eq "$code" 500
expect_eq "$code2" 201
EOS
  in_ns body.sh
  at rec show 1 >show.txt
  expect_contains show.txt "read-write again"
  expect_not_contains show.txt "while read-only"
  at verify >/dev/null
}

# An evidence file that could not be written said only "The file could not be
# kept. Try again in a moment." Now a full disk says so, with a 503, and
# nothing is recorded; with space back the same server takes the file.
test_storage_evidence_full_disk_says_so() {
  cat >body.sh <<'EOS'
mkdir -p m
mount -t tmpfs -o size=3m tmpfs m
DB=$PWD/m/t.db
at init --org "Test Council" >/dev/null
at audit add --title Payroll --date 2024-01-15 >/dev/null
at rec add --audit 1 --text "Reconcile payroll" --target 2030-06-30 --owner "Payroll manager" >/dev/null
web_start
login auditor
{ printf '%%PDF-1.4 evidence\n'; head -c 300000 /dev/urandom; } >f.pdf
fill m
code=$(curl -s -o out.html -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" -F "csrf=$(csrf auditor)" \
  -F "narrative=Reconciled" -F "evidence=@f.pdf;type=application/pdf" "$BASE/recs/1/update")
expect_eq "$code" 503
expect_contains out.html "disk is full. Nothing was recorded."
expect_eq "$(find m/t.db.evidence -type f 2>/dev/null | wc -l)" 0
rm m/fill m/fill2
code=$(curl -s -o out.html -w '%{http_code}' -b jar.auditor -H "Origin: $BASE" -F "csrf=$(csrf auditor)" \
  -F "narrative=Reconciled" -F "evidence=@f.pdf;type=application/pdf" "$BASE/recs/1/update")
expect_eq "$code" 303
expect_eq "$(find m/t.db.evidence -type f | wc -l)" 1
web_stop
EOS
  in_ns body.sh
}
