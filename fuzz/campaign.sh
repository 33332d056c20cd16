#!/bin/sh
# A fuzzing campaign: every libFuzzer target (or those named) for SECONDS
# each, one after another, starting from its corpus in fuzz/corpus/NAME/.
# New inputs go to a scratch corpus first; afterwards the ones that add
# coverage are merged into fuzz/corpus/NAME/ (libFuzzer -merge=1), so the
# committed corpora grow with every campaign. Crashes are kept in
# fuzz/artifacts/ (each must become a regression fixture under
# tests/fixtures/fuzz/fuzz_NAME/ with its fix). Each target's figures are
# printed and appended to fuzz/campaigns.tsv, whose totals say how many
# executions each target has had over all campaigns.
#
#   sh fuzz/campaign.sh SECONDS [TARGET...]     e.g. 300 engine snapshot
#
# FUZZ_JOBS=N runs N targets at once (default 1; the machine has 2 cores).
set -eu
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || ! [ "$1" -gt 0 ] 2>/dev/null; then
	echo "usage: sh fuzz/campaign.sh SECONDS [TARGET...]" >&2
	exit 2
fi
secs=$1
shift
jobs=${FUZZ_JOBS:-1}

# Two campaigns started at once must not configure build-fuzz/ together
# (cmake's files collide): one builds, the other waits for it.
mkdir -p build-fuzz
flock build-fuzz/.campaign.lock sh scripts/build.sh build-fuzz \
	-DHARDOCK_FUZZ=ON -DHARDOCK_TESTS=OFF -DCMAKE_C_COMPILER=clang >/dev/null

if [ $# -eq 0 ]; then
	set -- $(for f in build-fuzz/fuzz/fuzz_*; do basename "$f" | sed 's/^fuzz_//'; done)
fi
for t in "$@"; do
	if [ ! -x "build-fuzz/fuzz/fuzz_$t" ] || [ ! -d "fuzz/corpus/$t" ]; then
		echo "campaign: no target fuzz_$t with a corpus fuzz/corpus/$t" >&2
		exit 2
	fi
done

# No allocation stacks recorded (ASan's bookkeeping for every malloc): 13%
# of fuzz_snapshot's CPU. A crash is still caught; its artifact replayed
# by the ASan unit build (ctest -R _replay) or the target gives the stacks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}"
# UBSan reports stop the run (the libFuzzer build recovers from them and
# would only print them in the log).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

mkdir -p fuzz/artifacts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
tsv=fuzz/campaigns.tsv
[ -f "$tsv" ] || printf 'date\ttarget\tseconds\texecutions\tcorpus_files\tcorpus_bytes\tcrashes\n' >"$tsv"

# One target: fuzz into a scratch corpus, merge, record the figures.
run_one() {
	t=$1
	bin=build-fuzz/fuzz/fuzz_$t
	scratch=$work/$t
	mkdir -p "$scratch"
	rc=0
	"$bin" -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="fuzz/artifacts/$t-" "$scratch" "fuzz/corpus/$t" \
	    >"$work/$t.log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	[ -n "$execs" ] || execs=$(grep -o 'Done [0-9]* runs' "$work/$t.log" |
	    grep -o '[0-9]*' || echo 0)
	"$bin" -merge=1 -rss_limit_mb=2048 "fuzz/corpus/$t" "$scratch" \
	    >"$work/$t.merge.log" 2>&1 || true
	files=$(find "fuzz/corpus/$t" -type f | wc -l)
	bytes=$(cat "fuzz/corpus/$t"/* | wc -c)
	crashes=0
	if [ "$rc" -ne 0 ]; then
		crashes=1
		tail -40 "$work/$t.log" >&2
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	    "$t" "$secs" "$execs" "$files" "$bytes" "$crashes" >"$work/$t.row"
}

running=0
for t in "$@"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

status=0
printf '%-12s %8s %12s %10s %8s %10s %14s\n' target seconds executions exec/s \
    files bytes "total execs"
for t in "$@"; do
	cat "$work/$t.row" >>"$tsv"
	IFS="$(printf '\t')" read -r _ _ s e f b c <"$work/$t.row"
	total=$(awk -F'\t' -v t="$t" '$2 == t { n += $4 } END { print n + 0 }' "$tsv")
	printf '%-12s %8s %12s %10s %8s %10s %14s%s\n' "$t" "$s" "$e" \
	    "$((e / s))" "$f" "$b" "$total" "$([ "$c" -ne 0 ] && echo '  CRASH')"
	[ "$c" -eq 0 ] || status=1
done
if [ "$status" -ne 0 ]; then
	echo "campaign: crashes in fuzz/artifacts/ (make each a regression" \
	    "fixture in tests/fixtures/fuzz/fuzz_TARGET/)" >&2
fi
exit "$status"
