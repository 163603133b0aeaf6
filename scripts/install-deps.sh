#!/bin/sh
# Installs the Debian packages rmapbench needs, only those missing.
# Called by `make`, `make test` and `make bench`, so a fresh Debian machine
# (as root) needs nothing beyond the compiler and make.
set -eu

PKGS="cmake build-essential g++ pkg-config libbenchmark-dev libpfm4-dev \
gnuplot-nox jq xz-utils liblzma-dev zlib1g-dev libjansson-dev \
clang libclang-rt-14-dev valgrind"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "install-deps: need root to install:$missing (run as root, or install them by hand)" >&2
		exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
