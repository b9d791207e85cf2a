#!/bin/sh
# Install the Debian packages auditrack needs to build and test, if any are missing:
# compilers and libraries, curl (the web tests), chromium (the browser tests), nginx,
# openssl and systemd-analyze (the example deployment's tests), wrk (the reliability
# suite's soak), and Node.js with npm where the machine has none (GOV.UK Frontend and
# the browser test tools come from npm, pinned in package-lock.json; the Makefile
# runs npm ci).
set -eu
need="gcc make pkg-config libsqlite3-dev libsodium-dev libmicrohttpd-dev libjansson-dev libcurl4-openssl-dev libssl-dev libqrencode-dev sqlite3
      clang libclang-rt-14-dev curl jq chromium fonts-liberation python3
      libzip-dev libexpat1-dev libxlsxwriter-dev unzip libcairo2-dev libpango1.0-dev
      fonts-dejavu-core poppler-utils clang-format nginx-light openssl systemd wrk
      libreoffice-writer-nogui"
command -v npm >/dev/null 2>&1 || need="$need nodejs npm"
# `deps.sh deb` (make deb): the Debian packaging tools too.
[ "${1:-}" = deb ] && need="$need debhelper lintian dpkg-dev"
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else
  echo "auditrack: please install:$missing (apt-get install$missing)" >&2; exit 1
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
