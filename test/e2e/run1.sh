#!/bin/sh
# Run one end-to-end test in its own directory: run1.sh TMPDIR FILE TEST.
# Writes TMPDIR/NAME.log and TMPDIR/NAME.rc (NAME = file's base name - test).
tmp=$1 f=$2 t=$3
n="$(basename "$f" .sh)-$t"
d="$tmp/$n"; mkdir -p "$d"
( cd "$d" && . "$ROOT/test/e2e/lib.sh" && . "$ROOT/$f" && set -e && "$t" ) >"$d.log" 2>&1
echo $? >"$d.rc"
