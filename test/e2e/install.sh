# make install and uninstall into a DESTDIR; the manual pages and the bash
# completion written from the command table agree with --help.

# Into a DESTDIR, as a packager does: the installed binary runs, its manual
# pages render without a warning, and uninstall leaves nothing but directories.
test_install_destdir_then_uninstall() {
  make -C "$ROOT" -s install DESTDIR="$PWD/dest" PREFIX=/usr >make.out 2>&1 || { cat make.out >&2; return 1; }
  for f in usr/bin/auditrack usr/share/man/man1/auditrack.1 usr/share/man/man8/auditrack-serve.8 \
           usr/share/bash-completion/completions/auditrack etc/auditrack/auditrack.conf; do
    [ -f "dest/$f" ] || { echo "dest/$f not installed" >&2; return 1; }
  done
  expect_eq "$(stat -c %a dest/etc/auditrack/auditrack.conf)" 640
  dest/usr/bin/auditrack --version >v.txt
  expect_contains v.txt "auditrack 0.1 (schema "
  AUDITRACK_CONFIG=dest/etc/auditrack/auditrack.conf dest/usr/bin/auditrack config check >c.txt
  expect_contains c.txt "# dest/etc/auditrack/auditrack.conf"
  for p in man1/auditrack.1 man8/auditrack-serve.8; do
    MANWIDTH=80 man -l "dest/usr/share/man/$p" 2>man.err | col -b >"$(basename "$p").txt"
    [ ! -s man.err ] || { cat man.err >&2; return 1; }
    groff -man -Tutf8 -ww -z "dest/usr/share/man/$p" 2>groff.err
    [ ! -s groff.err ] || { echo "groff warns on $p:" >&2; cat groff.err >&2; return 1; }
  done
  expect_contains auditrack.1.txt "auditrack rec add"
  expect_contains auditrack.1.txt "--evidence-dir DIR"
  expect_contains auditrack-serve.8.txt "GET /healthz"
  # A configuration file already there is kept by a second install...
  echo "threads = 2" >dest/etc/auditrack/auditrack.conf
  make -C "$ROOT" -s install DESTDIR="$PWD/dest" PREFIX=/usr >make.out 2>&1
  expect_eq "$(cat dest/etc/auditrack/auditrack.conf)" "threads = 2"
  # ...and by uninstall, which removes everything else.
  make -C "$ROOT" -s uninstall DESTDIR="$PWD/dest" PREFIX=/usr >make.out 2>&1
  expect_eq "$(find dest -type f)" "dest/etc/auditrack/auditrack.conf"
  rm dest/etc/auditrack/auditrack.conf
  make -C "$ROOT" -s install DESTDIR="$PWD/dest" PREFIX=/usr >make.out 2>&1
  make -C "$ROOT" -s uninstall DESTDIR="$PWD/dest" PREFIX=/usr >make.out 2>&1
  expect_eq "$(find dest -type f | wc -l)" 0
}

# Every command and option --help prints is in auditrack(1), and nothing else.
test_manual_agrees_with_help() {
  "$AUDITRACK" manual >auditrack.1
  python3 "$ROOT/test/e2e/man_check.py" "$AUDITRACK" auditrack.1
  # The check can fail: a page with an option taken out does not pass.
  sed '/^\\fB\\-\\-evidence\\-dir\\fR/,+1d' auditrack.1 >short.1
  expect_status 1 python3 "$ROOT/test/e2e/man_check.py" "$AUDITRACK" short.1 >out.txt
  expect_contains out.txt "--evidence-dir is in --help, not in the page"
  "$AUDITRACK" manual auditrack-serve.8 >serve.8
  "$AUDITRACK" serve --help | sed -n 's/^  \(--[a-z-]*\).*/\1/p' | while read -r o; do
    case $o in --db|--config|--today|--help) continue ;; esac
    grep -qF -- "\\fB$(echo "$o" | sed 's/-/\\-/g')\\fR" serve.8 || { echo "$o not in auditrack-serve(8)" >&2; exit 1; }
  done
  expect_status 2 "$AUDITRACK" manual auditrack.5 2>err.txt
}

# bash completion completes commands, their second words and their options.
test_bash_completion() {
  "$AUDITRACK" completion bash >c.bash
  comp() {
    bash -c '. ./c.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _auditrack; echo "${COMPREPLY[*]}"' _ "$@"
  }
  expect_eq "$(comp auditrack rec a)" "add"
  expect_eq "$(comp auditrack ba)" "backup"
  expect_eq "$(comp auditrack serve --li)" "--listen"
  expect_eq "$(comp auditrack --db x.db backup --li)" "--link"
  expect_eq "$(comp auditrack notify --dr)" "--dry-run"
  expect_eq "$(comp auditrack notify out)" "outbox"
  expect_eq "$(comp auditrack restore b1 --fo)" "--force"
  expect_eq "$(comp auditrack config check --con)" "--config"
  # Every command --help lists is completed.
  "$AUDITRACK" --help | sed -n '/^commands:/,$p' | sed -n 's/^  \([a-z-]*\).*/\1/p' | sort -u >cmds.txt
  for c in $(cat cmds.txt); do
    comp auditrack "$c" | tr ' ' '\n' | grep -qx "$c" || { echo "$c not completed" >&2; return 1; }
  done
}

# The Debian package's unit verifies, names its user, state directory and the
# configuration file, and keeps its exposure score where it is (1.1 of 10): a
# line dropped from its hardening raises the score past the threshold.
test_debian_unit_hardened() {
  command -v systemd-analyze >/dev/null || { echo "systemd-analyze is needed" >&2; return 1; }
  sed -e "s|/usr/bin/auditrack|$AUDITRACK|" -e '/^Documentation=/d' \
    "$ROOT/debian/auditrack.service" >auditrack.service
  systemd-analyze verify ./auditrack.service >v.txt 2>&1 || { cat v.txt >&2; return 1; }
  for l in "User=auditrack" "StateDirectory=auditrack" "ProtectSystem=strict" "NoNewPrivileges=yes" \
           "SystemCallFilter=@system-service" "--config /etc/auditrack/auditrack.conf serve"; do
    expect_contains auditrack.service "$l"
  done
  systemd-analyze security --offline=true --threshold=11 ./auditrack.service >s.txt 2>&1 ||
    { tail -n 3 s.txt >&2; return 1; }
  for d in PrivateMounts ProtectProc SystemCallFilter CapabilityBoundingSet; do
    grep -v "^$d=" auditrack.service >weak.service
    expect_status 1 systemd-analyze security --offline=true --threshold=11 ./weak.service
  done
}
