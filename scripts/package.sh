#!/bin/sh
# Build the Debian package: hardock_VERSION_ARCH.deb in OUTDIR (default
# build-deb/), from a build directory of its own (OUTDIR/build) configured
# for /usr with Debian's compiler flags (dpkg-buildflags: hardening, and
# no -DNDEBUG), then `cpack -G DEB`. Install it with
#   apt-get install ./build-deb/hardock_*.deb
set -eu
cd "$(dirname "$0")/.."
src=$(pwd)
out="${1:-build-deb}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
sh scripts/deps.sh
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CFLAGS="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
export CFLAGS LDFLAGS
cmake -S "$src" -B "$out/build" -DCMAKE_BUILD_TYPE=None \
	-DCMAKE_INSTALL_PREFIX=/usr -DHARDOCK_TESTS=OFF >/dev/null
cmake --build "$out/build" -j"$(nproc)" >/dev/null
rm -f "$out"/hardock_*.deb
(cd "$out/build" && cpack -G DEB -B "$out" >/dev/null)
rm -rf "$out/_CPack_Packages"
ls "$out"/hardock_*.deb
