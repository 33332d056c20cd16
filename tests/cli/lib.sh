# Shared by the command-line tests (tests/cli/test_*.sh): no engine, no
# root; each test runs hardock on fixtures in its own temporary directory.
set -u
HARDOCK="$1"
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIX="$SRC/tests/fixtures"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	echo "ok: $*"
}

# Run hardock with stdout to $T/out, stderr to $T/err; $RC is its status.
run() {
	"$HARDOCK" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

expect_rc() {
	[ "$RC" = "$1" ] || fail "exit status $RC, expected $1 (stderr: $(head -c 600 "$T/err"))"
}

report_check() {
	"$PY" "$SRC/tests/integration/report_check.py" "$@"
}
