#!/bin/sh
# Install what is missing (with the test dependencies), build, and run the
# whole suite: unit and real-engine integration tests, then the unit tests
# again under AddressSanitizer and UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
sh scripts/build.sh build
(cd build && ctest --output-on-failure --timeout 900)
sh scripts/build.sh build-asan -DHARDOCK_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure --timeout 900)
