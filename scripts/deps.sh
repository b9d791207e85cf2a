#!/bin/sh
# Install the Debian packages auditrack needs to build and test, if any are missing.
set -eu
need="gcc make pkg-config libsqlite3-dev libsodium-dev libmicrohttpd-dev libjansson-dev sqlite3 clang libclang-rt-14-dev curl"
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
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
