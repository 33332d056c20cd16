#!/bin/sh
# Install the Debian packages hardock needs, only those missing; idempotent.
#   scripts/deps.sh          build and run: compiler, cmake, libraries, and
#                            what `cpack -G DEB` needs (dpkg-shlibdeps, file)
#   scripts/deps.sh --test   also what the test suite needs: Check, a real
#                            Docker engine, busybox-static, Podman, openssl,
#                            bash-completion, lintian, inotify-tools, man-db
#                            and libcap2-bin (the package and nightly tests),
#                            systemd and dbus (test_systemd boots systemd as
#                            PID 1 of private namespaces to run the units)
#                            OpenSSH (the ssh:// test runs its own sshd on a
#                            loopback port), libicu72 (the SARIF validator
#                            from npm is a .NET program: ICU for its
#                            globalization)
set -eu

BUILD_PKGS="gcc libc6-dev make cmake pkg-config libcurl4-openssl-dev libjson-c-dev libcap-dev libseccomp-dev zlib1g-dev libssl-dev libyaml-dev libarchive-dev check dpkg-dev file"
TEST_PKGS="clang clang-tidy cppcheck valgrind docker.io busybox-static podman openssl python3 time curl iproute2 bash-completion lintian inotify-tools man-db libcap2-bin ansible ansible-lint openssh-server openssh-client python3-apt rootlesskit uidmap chromium python3-jsonschema libicu72 systemd dbus"

pkgs="$BUILD_PKGS"
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs $TEST_PKGS"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "hardock: missing packages:$missing; run this script as root" >&2
		exit 1
	fi
	echo "hardock: installing:$missing" >&2
	# With their recommended packages: Podman's service and docker.io's
	# daemon are tested in that configuration (uidmap, slirp4netns, ...).
	export DEBIAN_FRONTEND=noninteractive
	# A fresh machine has no package lists yet: update once, then install.
	if ! apt-get install -y $missing >/dev/null 2>&1; then
		apt-get update -qq
		apt-get install -y $missing
	fi
fi

# The test suite's validators from npm (tests/npm/package.json, exact
# versions in its package-lock.json): installed here, never at test time.
if [ "${1:-}" = "--test" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		[ "$(id -u)" -eq 0 ] || { echo "hardock: npm missing; run as root" >&2; exit 1; }
		apt-get install -y nodejs npm >/dev/null
	fi
	npmdir="$(cd "$(dirname "$0")/.." && pwd)/tests/npm"
	if [ ! -f "$npmdir/node_modules/.package-lock.json" ] ||
	    ! cmp -s "$npmdir/package-lock.json" "$npmdir/node_modules/.hardock-lock"; then
		echo "hardock: installing the test validators from npm" >&2
		(cd "$npmdir" && npm ci --no-audit --no-fund >/dev/null) &&
			cp "$npmdir/package-lock.json" "$npmdir/node_modules/.hardock-lock"
	fi
fi
