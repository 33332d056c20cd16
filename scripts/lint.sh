#!/bin/sh
# Static analysis, clean or failing: cppcheck (suppressions with reasons in
# .cppcheck-suppressions) and clang-tidy (checks and reasons in .clang-tidy,
# checks/.clang-tidy) over the C files of the build in DIR (default
# build/), from its compile_commands.json: cppcheck all of them, clang-tidy
# those of src/, checks/ and fuzz/ (see .clang-tidy for why not tests/).
set -eu
cd "$(dirname "$0")/.."
dir="${1:-build}"
jobs=$(nproc)
[ -f "$dir/compile_commands.json" ] || cmake -S . -B "$dir" >/dev/null

cppcheck --project="$dir/compile_commands.json" \
	--enable=warning,style,performance,portability --std=c11 \
	--suppressions-list=.cppcheck-suppressions --inline-suppr \
	--error-exitcode=1 -q -j"$jobs"
echo "lint: cppcheck clean"

# run-clang-tidy exits non-zero when any file has a finding (all are
# errors: WarningsAsErrors '*').
if ! run-clang-tidy-14 -p "$dir" -j "$jobs" -quiet \
    "$PWD/(src|checks|fuzz)/.*\.c\$" >"$dir/clang-tidy.log" 2>&1; then
	grep -E 'error:|warning:' "$dir/clang-tidy.log" | sort -u >&2 ||
		tail -30 "$dir/clang-tidy.log" >&2
	echo "lint: clang-tidy found problems (full log: $dir/clang-tidy.log)" >&2
	exit 1
fi
echo "lint: clang-tidy clean"
