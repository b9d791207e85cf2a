#!/bin/sh
# Rules of the source that a compiler does not check (DESIGN.md, house style):
#   - every C file is as clang-format (.clang-format) would write it;
#   - no function body longer than 120 lines (dispatch tables are data, not functions);
#   - no source file longer than 900 lines;
#   - the pure core includes nothing above it (docs/architecture.md, "The layers").
# (No SQLite above the store is test/e2e/store.sh.)
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
big=$(wc -l src/*.c src/*.h | awk '$2 != "total" && $1 > 900 { printf "%s: %d lines (split it along its sections)\n", $2, $1 }')
[ -z "$big" ] || { echo "$big"; bad=1; }
# The pure core: none of these files, nor any header it reaches, includes a header of
# the store, the writes, the reads, the reports or the doors. Prints the way in.
core_above() {
  case "$1" in
    store.h | store_*.h | db.h | action.h | auth.h | access.h | evidence.h | import*.h | \
      notify_run.h | notify_timer.h | report*.h | cli.h | http.h | web.h | page_*.h) return 0 ;;
  esac
  return 1
}
for f in model.c model_fields.c model_state.c model_timeline.c model_recset.c model_stated.c date.c buf.c csv.c html.c form.c notify.c file.c mail.c share.c markup.c; do
  seen=" " todo="$f"
  while [ -n "$todo" ]; do
    x=${todo%% *}
    [ "$x" = "$todo" ] && todo="" || todo=${todo#* }
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "src/$x"); do
      case "$seen" in *" $h "*) continue ;; esac
      seen="$seen$h "
      if core_above "$h"; then
        echo "src/$f: includes $h (in src/$x), a header above the pure core"; bad=1
      fi
      [ -f "src/$h" ] && todo="${todo:+$todo }$h"
    done
  done
done
exit $bad
