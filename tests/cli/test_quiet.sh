#!/bin/bash
# -q for people (failures and the summary) and for cron (-q with -o: not a
# byte on stdout or stderr, the file written, the exit status kept).
. "$(dirname "$0")/lib.sh"

run scan --snapshot "$FIX/snapshots/rich.json" -q -o "json:$T/r.json"
expect_rc 1
[ ! -s "$T/out" ] || fail "-q -o wrote to stdout: $(head -c 300 "$T/out")"
[ ! -s "$T/err" ] || fail "-q -o wrote to stderr: $(head -c 300 "$T/err")"
report_check contract "$T/r.json" >/dev/null || fail "the file is not a report"
ok "-q -o json:FILE: silent, exit 1, file written"

run scan --snapshot "$FIX/snapshots/rich.json" -q
expect_rc 1
grep -q "^Summary:" "$T/out" && grep -q "^Score:" "$T/out" ||
	fail "-q lacks the summary"
! grep -q "^\[PASS" "$T/out" || fail "-q lists passing checks"
! grep -q "^hardock " "$T/out" || fail "-q prints the header"
grep -q "^\[FAIL  \] 5.5 " "$T/out" || fail "-q lacks a failure"
ok "-q: failures and the summary"

run scan --snapshot "$FIX/snapshots/rich.json" -q -o "json:$T/r.json" -f text
grep -q "^Summary:" "$T/out" || fail "-q -o with -f: no report on stdout"
ok "-q -o with an explicit -f still writes that format to stdout"
