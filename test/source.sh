#!/bin/sh
# Rules of the source that a compiler does not check (DESIGN.md, house style):
#   - every C file is as clang-format (.clang-format) would write it;
#   - no function body longer than 120 lines;
#   - no SQLite call outside the store (src/db*.c, src/store*.c).
# Prints each breach as FILE:LINE and exits 1 when there is one.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
bad=0
for f in src/*.c src/*.h test/unit/*.c test/unit/*.h test/fuzz/*.c; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "$f: not formatted (clang-format -i $f)"; bad=1
  fi
done
# A function starts at a line ending in ") {" at column 0 and ends at "}" at column 0.
long=$(awk '
  FNR == 1 { start = 0 }
  /^[A-Za-z_].*\) \{$/ && !start { start = FNR; name = $0 }
  /^\}/ && start { if (FNR - start - 1 > 120) printf "%s:%d: function of %d lines: %s\n", FILENAME, start, FNR - start - 1, name; start = 0 }
' src/*.c)
[ -z "$long" ] || { echo "$long"; bad=1; }
sql=$(grep -n 'sqlite3_' src/*.c src/*.h | grep -v '^src/db[a-z_]*\.[ch]:\|^src/store[a-z_]*\.[ch]:')
[ -z "$sql" ] || { echo "$sql" | sed 's/$/  (SQLite outside the store)/'; bad=1; }
exit $bad
