#!/bin/sh
# The Debian package, as council IT would use it (make deb; root; changes the
# machine for the length of the test): built with dpkg-buildpackage from this
# tree, checked by lintian (no errors), installed with dpkg -i, used from
# /usr/bin, purged, and nothing of it left behind. The .deb stays in build/deb.
# The last line is "deb: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
no() { fail=$((fail + 1)); echo "FAIL $1" >&2; }
check() { name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }
[ "$(id -u)" = 0 ] || { echo "test/deb.sh installs a package: run it as root" >&2; exit 1; }
export AUDITRACK_CONFIG=""   # the machine's own configuration is not this test's
export DEB_BUILD_OPTIONS="parallel=2"   # a shared machine: two jobs at most

V=$(dpkg-parsechangelog -S Version)
check "the package's version is --version's" \
  grep -q "^#define AT_VERSION \"$V\"$" src/cli.h

# Anything of it already installed (an earlier run stopped half-way) goes first.
dpkg --purge auditrack >/dev/null 2>&1
leftovers() {
  { find /etc /usr /var/lib /var/log /lib/systemd -xdev -name '*auditrack*' 2>/dev/null
    getent passwd auditrack; getent group auditrack
    dpkg-statoverride --list | grep auditrack; } | sort
}
before=$(leftovers)

mkdir -p build/deb
rm -f build/deb/*
t0=$(date +%s)
if dpkg-buildpackage -us -uc -b >build/deb/build.log 2>&1; then ok "dpkg-buildpackage -us -uc -b"
else no "dpkg-buildpackage -us -uc -b"; tail -n 40 build/deb/build.log >&2; echo "deb: $pass passed, $((fail + 1)) failed"; exit 1; fi
echo "built in $(($(date +%s) - t0)) s"
mv ../auditrack_"$V"_* ../auditrack-dbgsym_"$V"_* build/deb/ 2>/dev/null
DEB=build/deb/auditrack_"$V"_amd64.deb
check "auditrack_${V}_amd64.deb built" test -f "$DEB"
check "Depends from the shared libraries" sh -c \
  "dpkg-deb -f '$DEB' Depends | grep -q 'libsqlite3-0' && dpkg-deb -f '$DEB' Depends | grep -q 'libmicrohttpd12'"
lintian --fail-on error --tag-display-limit 0 "$DEB" >build/deb/lintian.txt 2>&1
check "lintian: no errors" sh -c "! grep -q '^E:' build/deb/lintian.txt"
sed 's/^/    /' build/deb/lintian.txt

if dpkg -i "$DEB" >build/deb/install.log 2>&1; then ok "dpkg -i"; else no "dpkg -i"; cat build/deb/install.log >&2; fi
check "auditrack --version from /usr/bin" sh -c "/usr/bin/auditrack --version | grep -q '^auditrack $V (schema '"
check "serve --help from /usr/bin" sh -c "/usr/bin/auditrack serve --help | grep -q -- '--metrics-allow'"
check "man pages installed" sh -c "man -w auditrack | grep -q man1/auditrack.1 && man -w 8 auditrack-serve | grep -q man8"
check "bash completion installed" test -f /usr/share/bash-completion/completions/auditrack
check "the service's user" sh -c 'getent passwd auditrack >/dev/null'
check "the configuration is a conffile" sh -c \
  "dpkg-query -W -f='\${Conffiles}' auditrack | grep -q ' /etc/auditrack/auditrack.conf '"
check "the configuration: root:auditrack 0640" sh -c \
  "[ \"\$(stat -c '%U:%G %a' /etc/auditrack/auditrack.conf)\" = 'root:auditrack 640' ]"
check "the configuration names the service's database" sh -c \
  "AUDITRACK_CONFIG=/etc/auditrack/auditrack.conf auditrack config check | grep -q '^db = /var/lib/auditrack/auditrack.db  # line'"
unit=/lib/systemd/system/auditrack.service
check "the unit is installed" test -f "$unit"
check "the unit verifies" sh -c "systemd-analyze verify '$unit' 2>&1 | grep -v 'Failed to\\|System has not been booted\\|proc' | grep -q . && exit 1 || exit 0"
score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for auditrack.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security: ${score:-?}"
check "systemd-analyze security: exposure below 2.0" sh -c "[ -n '$score' ] && awk 'BEGIN { exit !($score < 2.0) }'"

# Used as README.Debian says: the database made as the service's user, served.
mkdir -p /var/lib/auditrack && chown auditrack:auditrack /var/lib/auditrack
runuser -u auditrack -- env AUDITRACK_CONFIG=/etc/auditrack/auditrack.conf \
  auditrack init --org "Package Council" >/dev/null
check "init as the service's user" test -f /var/lib/auditrack/auditrack.db
log=$(mktemp)
runuser -u auditrack -- env AUDITRACK_CONFIG=/etc/auditrack/auditrack.conf \
  auditrack serve --listen 127.0.0.1:0 --threads 1 2>"$log" &
pid=$!
i=0; while ! grep -q "serving .* threads" "$log" && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
url=$(sed -n 's/.* at \(http:[^ ]*\)\/ with.*/\1/p' "$log")
check "the installed server answers /healthz" sh -c "[ \"\$(curl -s '$url/healthz')\" = ok ]"
kill "$pid"; wait "$pid" 2>/dev/null; rm -f "$log"

if dpkg --purge auditrack >build/deb/purge.log 2>&1; then ok "dpkg --purge"; else no "dpkg --purge"; cat build/deb/purge.log >&2; fi
after=$(leftovers)
check "nothing left after purge" test "$before" = "$after"
[ "$before" = "$after" ] || { echo "left:"; echo "$after"; } >&2
echo "deb: $pass passed, $fail failed"
[ "$fail" = 0 ]
