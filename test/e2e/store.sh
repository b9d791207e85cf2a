# The store as an interface: nothing above store*.c and db.c speaks SQLite, and
# databases made by every earlier schema version open, migrate and verify.

test_no_sqlite_outside_the_store() {
  # Only db.c and store*.c hold SQL or call SQLite; everything else calls store_*.
  grep -n 'sqlite3_\|sqlite3\.h' "$ROOT"/src/*.c "$ROOT"/src/*.h | grep -v '/src/db\.[ch]:\|/src/store[a-z_]*\.c:' >leaks.txt || true
  expect_eq "$(cat leaks.txt)" "" "(SQLite used outside db.c and store*.c)"
}
