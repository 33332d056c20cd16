# shellcheck shell=bash
# What the watch tests share, sourced after lib.sh: waiting for a line of
# `hardock watch -f jsonl` output in $OUT, after line $POS, or for a state
# file to say something, and stopping the watch started in the background
# as $WATCH_PID.

WATCH_LINES_PY="$(dirname "${BASH_SOURCE[0]}")/watch_lines.py"
POS=0

# want DEADLINE KEY=VALUE...: the next matching line after POS.
want() {
	local deadline="$1" n
	shift
	n="$(hd_python "$WATCH_LINES_PY" "$OUT" "$POS" "$deadline" "$@")" ||
		hd_fail "watch printed no line with $*"
	POS="$n"
	hd_ok "line: $*"
}

# wait_for SECONDS PATTERN FILE: until FILE holds a line matching the
# extended regular expression PATTERN (a file rewritten atomically, or
# appended to); fails when it does not in time.
wait_for() {
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		grep -qE -- "$2" "$3" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

WATCH_PID=""
# Stop watch by pid (the EXIT trap of lib.sh then stops dockerd).
stop_watch() {
	if [ -n "$WATCH_PID" ]; then
		kill -TERM "$WATCH_PID" 2>/dev/null
		wait "$WATCH_PID" 2>/dev/null
		WATCH_PID=""
	fi
}
