#!/bin/sh
# Install what is missing (with the test dependencies), build, and run the
# whole suite: cppcheck and clang-tidy (scripts/lint.sh); unit and
# real-engine integration tests, valgrind memcheck of full scans; a short
# run of every libFuzzer target on its seeds (clang); then every test again
# under AddressSanitizer and UndefinedBehaviorSanitizer.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
sh scripts/build.sh build
# Static analysis first: it is quick next to the suite and fails early.
sh scripts/lint.sh build
(cd build && ctest --output-on-failure --timeout 900)

sh scripts/build.sh build-fuzz -DHARDOCK_FUZZ=ON -DHARDOCK_TESTS=OFF \
	-DCMAKE_C_COMPILER=clang
# A UBSan report fails the smoke (the libFuzzer build would go on).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
for f in build-fuzz/fuzz/fuzz_*; do
	name=$(basename "$f")
	seeds=fuzz/corpus/${name#fuzz_}
	if [ ! -d "$seeds" ]; then
		echo "fuzz smoke: $name has no seed corpus $seeds" >&2
		exit 1
	fi
	scratch=$(mktemp -d)
	# New inputs go to the scratch corpus, never into the seeds.
	if ! "$f" -max_total_time=5 -rss_limit_mb=2048 "$scratch" "$seeds" \
	    >"$scratch.log" 2>&1; then
		tail -30 "$scratch.log"
		echo "fuzz smoke: $name crashed" >&2
		exit 1
	fi
	echo "fuzz smoke: $name $(grep -o 'Done [0-9]* runs' "$scratch.log")"
	rm -rf "$scratch" "$scratch.log"
done

sh scripts/build.sh build-asan -DHARDOCK_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --output-on-failure --timeout 900)
