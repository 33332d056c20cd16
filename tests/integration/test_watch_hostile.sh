#!/bin/bash
# hardock watch against a hostile fake engine (python3 on a unix socket):
# malformed event lines, a 10 MB line and an endless one are reported as
# errors, memory stays bounded, nothing crashes, and the end of the stream
# is an outage, not an exit.
# Usage: test_watch_hostile.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"

hd_setup "${1:-}"
SOCK="$HD_TMP/fake.sock"
OUT="$HD_TMP/watch.out"
FAKE_PID=""
WATCH_PID=""
# Stop what this test started, by pid, keeping the test's exit status.
cleanup() {
	local rc=$?
	[ -z "$WATCH_PID" ] || { kill -TERM "$WATCH_PID"; wait "$WATCH_PID"; }
	[ -z "$FAKE_PID" ] || { kill -TERM "$FAKE_PID"; wait "$FAKE_PID"; }
	(exit "$rc")
	hd_teardown
}
trap cleanup EXIT


# 300 MB without a newline: far more than watch may hold.
hd_python "$(dirname "$0")/fake_engine.py" "$SOCK" 300 2>"$HD_TMP/fake.err" &
FAKE_PID=$!
for ((i = 0; i < 50; i++)); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || hd_fail "fake engine did not start"

"$HARDOCK" watch -H "unix://$SOCK" -f jsonl --root "$HD_TMP" \
	>"$OUT" 2>"$HD_TMP/watch.err" &
WATCH_PID=$!
want 30 type=engine state=up
want 30 type=error
grep -q '"reason":"event is not JSON' "$OUT" || hd_fail "non-JSON line not reported"
want 30 type=error reason="malformed event: Type missing, not a string or too long"
want 30 type=error reason="event for a malformed container id"
want 60 type=error "reason=event line longer than 65536 bytes skipped"
want 30 type=error "reason=container fleeting (0123456789ab) was removed before it could be inspected: its configuration was not audited"
! grep -q '"name":"ghost"' "$OUT" || hd_fail "the destroy of an unknown container printed a line"
# The endless line is reported once, then the stream's end is an outage.
want 120 type=engine state=down
kill -0 "$WATCH_PID" 2>/dev/null || hd_fail "watch died"
hwm_kb="$(awk '/^VmHWM/ { print $2 }' "/proc/$WATCH_PID/status")"
hd_log "peak RSS after 310 MB of hostile events: $hwm_kb kB"
[ "$hwm_kb" -lt 65536 ] || hd_fail "watch held $hwm_kb kB: memory not bounded"
hd_ok "memory bounded ($hwm_kb kB peak), no crash"
n="$(grep -c 'longer than' "$OUT")"
[ "$n" -ge 2 ] || hd_fail "the endless line was not reported ($n reports)"
# Reconnects to the same engine and keeps going.
want 60 type=engine state=up
kill -TERM "$WATCH_PID"
wait "$WATCH_PID"
rc=$?
WATCH_PID=""
[ "$rc" = 0 ] || hd_fail "watch exited $rc on SIGTERM"
hd_ok "clean exit"
