# backup and restore: one consistent copy of the database and exactly the
# evidence files it refers to, taken while the server runs and a writer writes;
# restored to a new path and verified against the manifest's head.
. "$ROOT/test/e2e/web_lib.sh"

backup_setup() {
  web_start
  AUDIT=$(at audit add --title "Payroll" --directorate Resources --date 2024-01-15 | sed 's/audit \([0-9]*\).*/\1/')
  at rec add --audit "$AUDIT" --text "Reconcile payroll monthly" --target 2024-06-30 \
    --owner "Payroll manager" --directorate Resources >/dev/null
  login owner
  i=0
  for body in one two three; do
    i=$((i + 1))
    printf '%%PDF-1.4 evidence %s\n%%%%EOF\n' "$body" >f$i.pdf
    code=$(curl -s -o /dev/null -w '%{http_code}' -b jar.owner -H "Origin: $BASE" \
      -F "csrf=$(csrf owner)" -F "narrative=Update $i" -F claimed=in_progress \
      -F "evidence=@f$i.pdf;type=application/pdf" "$BASE/recs/1/update")
    expect_eq "$code" 303 "upload $i"
  done
  # A file in the evidence directory that no row refers to is not copied.
  mkdir -p "$DB.evidence/ff"
  echo stray >"$DB.evidence/ff/$(printf 'f%.0s' $(seq 62))"
}

# While a writer adds updates as fast as it can, a backup is taken; every update
# acknowledged before the backup started is in it, the manifest's counts and
# checksums hold, the restore verifies the journal against the manifest's head,
# and the evidence files are exactly the three referenced, byte for byte.
test_backup_under_a_writer_restores_and_verifies() {
  backup_setup
  # Two writers: the command line, and the server itself (the API, as a script would).
  tok=$(at token add auditor --name writer)
  ( n=0; while [ ! -f stop ]; do n=$((n + 1))
      at rec update 1 --text "writer $n" >/dev/null 2>&1 && echo "$n" >>acked; done ) &
  WRITER=$!
  ( n=0; while [ ! -f stop ]; do n=$((n + 1))
      code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" \
        -H "Content-Type: application/json" -d "{\"text\":\"web $n\"}" "$BASE/api/v1/recs/1/updates")
      [ "$code" = 201 ] && echo "$n" >>acked.web; done ) &
  WEBWRITER=$!
  while [ "$(wc -l <acked 2>/dev/null || echo 0)" -lt 5 ] || [ "$(wc -l <acked.web 2>/dev/null || echo 0)" -lt 5 ]; do sleep 0.05; done
  before=$(tail -n 1 acked); beforeWeb=$(tail -n 1 acked.web)
  at backup nightly >backup.out
  touch stop; wait $WRITER $WEBWRITER
  expect_contains backup.out "backup nightly: head "
  [ -d nightly ] && [ ! -e nightly.tmp-* ] 2>/dev/null || true
  ls -d nightly.tmp-* 2>/dev/null && { echo "temporary directory left" >&2; return 1; }
  expect_contains nightly/MANIFEST "auditrack-backup 1"
  expect_contains nightly/MANIFEST "evidence 3"
  expect_eq "$(grep -c '^file evidence/' nightly/MANIFEST)" 3
  expect_eq "$(find nightly/evidence -type f | wc -l)" 3
  # Every file's checksum is the manifest's.
  grep '^file ' nightly/MANIFEST | while read -r _ rel size sha; do
    expect_eq "$(sha256sum "nightly/$rel" | cut -c1-64)" "$sha" "$rel"
    expect_eq "$(stat -c %s "nightly/$rel")" "$size" "$rel size"
  done
  # Restore to a new place while the server keeps running.
  at --db "$PWD/restored.db" restore nightly >restore.out
  expect_contains restore.out "restored nightly to $PWD/restored.db"
  head=$(sed -n 's/^head //p' nightly/MANIFEST)
  expect_contains restore.out "head: $head"
  "$AUDITRACK" --db restored.db verify --head "$head" >verify.out
  # Every update acknowledged before the backup began is there.
  "$AUDITRACK" --db restored.db rec show 1 >show.txt
  expect_contains show.txt "writer $before"
  expect_contains show.txt "web $beforeWeb"
  for i in 1 2 3; do
    sha=$(sha256sum f$i.pdf | cut -c1-64)
    cmp f$i.pdf "restored.db.evidence/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)"
  done
  expect_eq "$(find restored.db.evidence -type f | wc -l)" 3
  # The counts in the manifest are the restored database's.
  expect_eq "$(sed -n 's/^recs //p' nightly/MANIFEST)" 1
  expect_eq "$(sed -n 's/^journal //p' nightly/MANIFEST)" "$(echo "$head" | cut -d: -f1)"
}

# restore refuses to replace a database without --force, and a backup whose
# file does not match its checksum is refused before anything is written.
test_restore_refuses_overwrite_and_damage() {
  backup_setup
  at backup b1 >/dev/null
  expect_status 2 at backup b1 2>err.txt
  expect_contains err.txt "b1 exists"
  "$AUDITRACK" --db other.db init --org Other >/dev/null
  expect_status 2 "$AUDITRACK" --db other.db restore b1 2>err.txt
  expect_contains err.txt "other.db exists: give --force"
  "$AUDITRACK" --db other.db audit list >list.txt
  expect_not_contains list.txt "Payroll"
  "$AUDITRACK" --db other.db restore b1 --force >out.txt
  "$AUDITRACK" --db other.db audit list >list.txt
  expect_contains list.txt "Payroll"
  # A damaged evidence file: refused, naming it; nothing written.
  f=$(find b1/evidence -type f | head -n 1)
  chmod u+w "$f"; echo x >>"$f"
  expect_status 1 "$AUDITRACK" --db fresh.db restore b1 2>err.txt
  expect_contains err.txt "its size or checksum is not the manifest's"
  [ ! -e fresh.db ] && [ ! -e fresh.db.evidence ]
  # A damaged database copy likewise.
  at backup b2 >/dev/null
  printf 'garbage' | dd of=b2/auditrack.db bs=1 seek=200 conv=notrunc 2>/dev/null
  expect_status 1 "$AUDITRACK" --db fresh.db restore b2 2>err.txt
  expect_contains err.txt "b2/auditrack.db: its size or checksum"
  [ ! -e fresh.db ]
}

# A backup that cannot finish (an evidence file the database names is missing)
# leaves nothing behind: no DIR, no DIR.tmp-*.
test_backup_failure_leaves_nothing() {
  backup_setup
  f=$(find "$DB.evidence" -type f -path '*/[0-9a-e]*' | head -n 1)
  rm "$f"
  expect_status 1 at backup b1 2>err.txt
  expect_contains err.txt "nothing was written"
  [ ! -e b1 ]
  if ls -d b1.tmp-* 2>/dev/null; then echo "temporary left" >&2; return 1; fi
}

# --link hard-links the evidence files (same file system): the same bytes, the
# same inode; without it each is a copy of its own.
test_backup_link_or_copy() {
  backup_setup
  at backup copied >/dev/null
  at backup linked --link >/dev/null
  f=$(cd copied && find evidence -type f | head -n 1)
  live="$DB.evidence/${f#evidence/}"
  [ "$(stat -c %i "copied/$f")" != "$(stat -c %i "$live")" ]
  expect_eq "$(stat -c %i "linked/$f")" "$(stat -c %i "$live")"
  cmp "copied/$f" "$live"
}

# The nightly script of docs/deploy.md: tonight's backup is made and only the
# newest KEEP dated backups stay; anything else in the directory is left alone.
test_nightly_backup_script_keeps_the_last() {
  at init --org "Test Council" >/dev/null
  mkdir -p bin backups/2020-01-01 backups/2020-01-02 backups/2020-01-03 backups/notes
  ln -s "$AUDITRACK" bin/auditrack
  PATH="$PWD/bin:$PATH" AUDITRACK_DB="$DB" BACKUP_DIR="$PWD/backups" KEEP=2 \
    sh "$ROOT/examples/deploy/auditrack-backup" >out.txt
  today=$(date +%Y-%m-%d)
  expect_contains out.txt "backup $PWD/backups/$today: head "
  expect_eq "$(ls backups | tr '\n' ' ')" "2020-01-03 $today notes "
  expect_contains "backups/$today/MANIFEST" "auditrack-backup 1"
}

# A backup holds password hashes and personal data: its directory is its
# owner's alone, whatever the umask.
test_backup_directory_is_private() {
  at init >/dev/null
  (umask 022 && at backup b1 >/dev/null)
  expect_eq "$(stat -c %a b1)" 700
}
