#!/bin/bash
# hardock diff and merge parse reports, files a tenant may have shaped, in
# the sandbox scan uses. A compromised parser (tests/helpers/escape_hook.c,
# preloaded: it wraps json-c's parser and acts when the text holds
# HD-ESCAPE) tries to write a file, exec a shell or open a socket while a
# hostile report is parsed: refused (write) or killed (exec, socket) with
# the sandbox, done with --no-sandbox (so the hook is shown to work). The
# JSON and text outputs say how they were confined; merge's outputs are
# renamed into place only when the sandboxed parser finished.
# Usage: test_sandbox_reports.sh PATH-TO-HARDOCK
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

HOOK="$(dirname "$HARDOCK")/tests/libescape_hook.so"
[ -f "$HOOK" ] || fail "no escape hook at $HOOK (built with the tests)"
# An ASan build wants its runtime first; the hook comes before it here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

run scan --snapshot "$FIX/snapshots/rich.json" -f json
expect_rc 1
cp "$T/out" "$T/good.json"
# The same report with the marker in a string: still a valid report.
"$PY" - "$T/good.json" "$T/bad.json" <<-'EOF' || fail "cannot make the hostile report"
	import json, sys
	r = json.load(open(sys.argv[1]))
	r["results"][0]["title"] = "HD-ESCAPE"
	json.dump(r, open(sys.argv[2], "w"))
	EOF
mkdir "$T/fleet"
cp "$T/bad.json" "$T/fleet/bad.json"

# Run hardock with the hook doing $1; the rest is hardock's command line.
hooked() {
	local what=$1
	shift
	HD_ESCAPE="$what" LD_PRELOAD="$HOOK" "$HARDOCK" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# The hook did fire (it says so on stderr) and the kernel refused the write.
for cmd in "diff $T/good.json $T/bad.json" "merge $T/fleet"; do
	name=${cmd%% *}
	rm -f "$T/escaped"
	# shellcheck disable=SC2086 # the command's words
	hooked "write:$T/escaped" $cmd
	grep -q '^hook: write: refused: Operation not permitted' "$T/err" ||
		fail "$name: the hook's write was not refused: $(cat "$T/err")"
	[ ! -e "$T/escaped" ] || fail "$name: the sandboxed parser wrote a file"
	[ "$RC" = 0 ] || [ "$RC" = 1 ] || fail "$name: exit $RC after a refused write: $(cat "$T/err")"
	# shellcheck disable=SC2086
	hooked "write:$T/escaped" $name --no-sandbox ${cmd#* }
	[ "$(cat "$T/escaped" 2>/dev/null)" = escaped ] ||
		fail "$name --no-sandbox: the hook could not write (is it working?): $(cat "$T/err")"
	ok "$name: a write while parsing a report is refused (EPERM); done with --no-sandbox"

	for what in "exec:$T/escaped" socket; do
		rm -f "$T/escaped"
		# shellcheck disable=SC2086
		hooked "$what" $cmd
		[ ! -e "$T/escaped" ] || fail "$name: the sandboxed parser ran a program"
		if [ "$name" = diff ]; then
			# The process itself is killed by the filter: SIGSYS.
			[ "$RC" = $((128 + 31)) ] || fail "$name ${what%%:*}: exit $RC, want SIGSYS (159): $(cat "$T/err")"
		else
			# The sandboxed child is; the parent says so and exits 3.
			[ "$RC" = 3 ] || fail "$name ${what%%:*}: exit $RC, want 3: $(cat "$T/err")"
			grep -q 'sandboxed parser was killed by signal 31' "$T/err" ||
				fail "$name ${what%%:*}: no word of the killed parser: $(cat "$T/err")"
		fi
	done
	rm -f "$T/escaped"
	# shellcheck disable=SC2086
	hooked "exec:$T/escaped" $name --no-sandbox ${cmd#* }
	[ "$(cat "$T/escaped" 2>/dev/null)" = escaped ] ||
		fail "$name --no-sandbox: the hook could not exec (is it working?): $(cat "$T/err")"
	ok "$name: exec and socket while parsing a report kill the parser; exec works with --no-sandbox"
done

# A merge whose parser is killed leaves the previous output alone and no
# temporary file; one that finishes replaces it.
echo "last night's fleet" >"$T/fleet.json"
hooked "exec:$T/escaped" merge -q -o "json:$T/fleet.json" "$T/fleet"
[ "$RC" = 3 ] || fail "merge with a killed parser: exit $RC"
[ "$(cat "$T/fleet.json")" = "last night's fleet" ] ||
	fail "a killed merge replaced the previous fleet report"
# Any leftover temporary file beside the output.
leftover() {
	local f
	for f in "$T"/fleet.json.tmp.* "$T"/fleet.html.tmp.*; do
		[ -e "$f" ] && return 0
	done
	return 1
}
leftover && fail "a killed merge left its temporary file"
run merge -q -o "json:$T/fleet.json" -o "html:$T/fleet.html" "$T/fleet"
expect_rc 1
leftover && fail "a merge left its temporary file"
ok "merge: outputs renamed into place only when the sandboxed parser finished"

# ---- how they were confined, in every output --------------------------
"$PY" - "$T/fleet.json" <<-'EOF' || fail "merge's tool.sandbox"
	import json, sys
	sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	assert sb["enabled"] is True and "before the reports were read" in sb["applied"], sb
	assert sb["evaluation_capabilities"] == [], sb
	assert sb["seccomp"] and sb["no_new_privs"] is True, sb
	EOF
grep -q '<p>sandbox: seccomp, no capabilities, after the outputs and the reports were opened' \
	"$T/fleet.html" || fail "the HTML fleet report does not describe the sandbox"
run merge "$T/fleet"
grep -q '^sandbox: seccomp, no capabilities, after the outputs and the reports were opened' \
	"$T/out" || fail "the text fleet report does not describe the sandbox: $(head -3 "$T/out")"
run merge --no-sandbox -f json "$T/fleet"
"$PY" -c 'import json, sys; sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
assert sb == {"enabled": False, "reason": "--no-sandbox"}, sb' "$T/out" ||
	fail "merge --no-sandbox is not said in the fleet report"
run merge --no-sandbox "$T/fleet"
grep -q '^sandbox: off (--no-sandbox)' "$T/out" || fail "merge --no-sandbox not said in text"

run diff -f json "$T/good.json" "$T/bad.json"
"$PY" -c 'import json, sys; sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
assert sb["enabled"] is True and "after both reports were read" in sb["applied"], sb
assert sb["evaluation_capabilities"] == [] and sb["seccomp"], sb' "$T/out" ||
	fail "diff's tool.sandbox: $(head -c 600 "$T/out")"
run diff "$T/good.json" "$T/bad.json"
grep -q '^sandbox: seccomp, no capabilities since the reports were read' "$T/out" ||
	fail "diff's text does not describe the sandbox: $(head -5 "$T/out")"
run diff --no-sandbox -f json "$T/good.json" "$T/bad.json"
"$PY" -c 'import json, sys; sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
assert sb == {"enabled": False, "reason": "--no-sandbox"}, sb' "$T/out" ||
	fail "diff --no-sandbox is not said"
run diff --no-sandbox "$T/good.json" "$T/bad.json"
grep -q '^sandbox: off (--no-sandbox)' "$T/out" || fail "diff --no-sandbox not said in text"
ok "diff and merge say how they were confined (JSON tool.sandbox, text, HTML), and --no-sandbox"
run version --verbose
if ! grep -q '^sandbox (hardock scan, image, watch, diff and merge' "$T/out" ||
	! grep -q 'diff and merge:' "$T/out"; then
	fail "version --verbose does not name diff and merge's sandbox"
fi
ok "version --verbose names the sandbox of diff and merge"

# ---- as the kernel sees them, from outside ------------------------------
# (tests/integration/sandbox_probe.py: stdout into a one-page pipe nobody
# reads, so the process blocks writing its output inside the filter)
PROBE="$SRC/tests/integration/sandbox_probe.py"
"$PY" - "$T/good.json" "$T/allpass.json" <<-'EOF2' || fail "cannot make an all-pass report"
	import json, sys
	r = json.load(open(sys.argv[1]))
	for x in r["results"]:
	    x["status"], x["findings"] = "pass", []
	json.dump(r, open(sys.argv[2], "w"))
	EOF2
# The probe prints "PHASE CapEff=... Seccomp=..."; $1 phase, $2 key.
probe_val() {
	awk -v p="$1" -v k="$2" '$1 == p { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$T/probe"
}
expect_probe() {
	[ "$(probe_val "$1" "$2")" = "$3" ] || { cat "$T/probe" >&2; fail "$1: $2 is '$(probe_val "$1" "$2")', want '$3'"; }
}
"$PY" "$PROBE" "$T/probe.out" -- "$HARDOCK" diff -f json "$T/allpass.json" \
	"$T/good.json" >"$T/probe" 2>"$T/probe.err" || fail "diff probe: $(cat "$T/probe.err")"
for k in CapEff CapPrm CapInh CapAmb; do
	expect_probe evaluate "$k" 0000000000000000
done
expect_probe evaluate Seccomp 2
expect_probe evaluate NoNewPrivs 1
grep -qx 'rc=1' "$T/probe" || fail "probed diff: $(tail -1 "$T/probe")"
"$PY" "$PROBE" --child "$T/probe.out" -- "$HARDOCK" merge -f json "$T/fleet" \
	>"$T/probe" 2>"$T/probe.err" || fail "merge probe: $(cat "$T/probe.err")"
for k in CapEff CapPrm CapInh CapAmb; do
	expect_probe evaluate "$k" 0000000000000000
done
expect_probe evaluate Seccomp 2
expect_probe evaluate NoNewPrivs 1
expect_probe parent Seccomp 0
grep -qx 'rc=1' "$T/probe" || fail "probed merge: $(tail -1 "$T/probe")"
ok "while writing its output: diff, and merge's child (not its parent), hold no capability, seccomp filter mode, no_new_privs"
