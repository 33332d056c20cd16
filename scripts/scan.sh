#!/bin/sh
# Quick start: install what is missing, build, and scan this host.
# Arguments are passed to `hardock scan` (e.g. -f json).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
sh scripts/build.sh build -DHARDOCK_TESTS=OFF
exec ./build/hardock scan "$@"
