# The store as an interface: nothing above store*.c and db.c speaks SQLite, and
# databases made by every earlier schema version open, migrate and verify.

test_no_sqlite_outside_the_store() {
  # Only db.c and store*.c hold SQL or call SQLite; everything else calls store_*.
  grep -n 'sqlite3_\|sqlite3\.h' "$ROOT"/src/*.c "$ROOT"/src/*.h | grep -v '/src/db\.[ch]:\|/src/store[a-z_]*\.c:' >leaks.txt || true
  expect_eq "$(cat leaks.txt)" "" "(SQLite used outside db.c and store*.c)"
}

test_a_lookup_that_fails_is_an_error_not_absence() {
  # Regression: an existence check that could not read its table answered "there
  # is none": with the audits' page corrupt, `audit set 1` said "no audit 1".
  at init >/dev/null
  at audit add --title "Payroll" --date 2024-01-10 >/dev/null
  root=$(sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE); SELECT rootpage FROM sqlite_schema WHERE name='audit'" | tail -n 1)
  size=$(sqlite3 "$DB" "PRAGMA page_size")
  dd if=/dev/zero of="$DB" bs="$size" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
  expect_status 1 at audit set 1 title "Pay" 2>err.txt
  expect_contains err.txt "malformed"
  expect_not_contains err.txt "no audit"
  expect_status 1 at rec add --audit 1 --text "Reconcile" --target 2024-06-30 2>err.txt
  expect_contains err.txt "malformed"
  expect_not_contains err.txt "no audit"
}

# serve --no-migrate (or no-migrate in the configuration file) refuses a database
# of an older schema, saying what to do, and leaves it as it was. (The database is
# made to look one version older; test/unit/test_migrate.c migrates real ones.)
test_no_migrate_refuses_an_older_database() {
  at init >/dev/null
  sqlite3 "$DB" "PRAGMA user_version=$(($(sqlite3 "$DB" 'PRAGMA user_version') - 1))"
  v=$(sqlite3 "$DB" 'PRAGMA user_version')
  expect_status 1 at serve --no-migrate --listen 127.0.0.1:0 2>err.txt
  expect_contains err.txt "has schema version $v and this auditrack uses $((v + 1)); it was not migrated (--no-migrate)"
  printf 'db = %s\nno-migrate = yes\n' "$DB" >a.conf
  expect_status 1 "$AUDITRACK" --config a.conf serve --listen 127.0.0.1:0 2>err.txt
  expect_contains err.txt "it was not migrated (--no-migrate)"
  expect_eq "$(sqlite3 "$DB" 'PRAGMA user_version')" "$v"
  [ ! -e "$DB.schema-$v.bak" ]
}
