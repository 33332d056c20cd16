#!/bin/bash
# hardock watch sandboxes itself, as the kernel sees it: the collector
# holds only the collection capabilities with no_new_privs and no filter;
# its evaluator holds none, bounding set empty, seccomp filter loaded, and
# still prints every line and renders the reports the collector writes;
# --exec runs from the collector; SIGHUP reloads a profile (extends
# followed) under the command line's -e, a broken profile keeps the old
# options; the evaluator's death (SIGSYS, as the filter kills) ends watch
# with exit 3 and the reason; --no-sandbox is said in the report.
# Usage: test_watch_sandbox.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"

hd_setup "${1:-}"
hd_dockerd_start
hd_image_build
OUT="$HD_TMP/watch.out"
JSON="$HD_TMP/state.json"
EXECLOG="$HD_TMP/exec.log"
trap 'rc=$?; stop_watch; (exit "$rc"); hd_teardown' EXIT

# Capabilities as hex masks (capability.h's numbering).
CAP_DAC_OVERRIDE=1 CAP_DAC_READ_SEARCH=2 CAP_SETPCAP=8 CAP_SYS_PTRACE=19
CAP_AUDIT_CONTROL=30
have=$((16#$(awk '/^CapPrm:/ { print $2 }' /proc/self/status)))
collect=$(((1 << CAP_DAC_OVERRIDE | 1 << CAP_DAC_READ_SEARCH |
	1 << CAP_SYS_PTRACE | 1 << CAP_AUDIT_CONTROL) & have))
hex() { printf '%016x' "$1"; }
# status_is PID KEY VALUE: a line of /proc/PID/status.
status_is() {
	local got
	got="$(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status")"
	[ "$got" = "$3" ] || hd_fail "pid $1 ($4): $2 is '$got', want '$3'"
}
# The evaluator: watch's child that is hardock itself.
evaluator_of() {
	local c
	for c in $(cat "/proc/$1/task/$1/children"); do
		[ "$(readlink "/proc/$c/exe")" = "$(readlink "/proc/$1/exe")" ] &&
			{ echo "$c"; return; }
	done
}

# A profile extending another: the child excludes container.privileged,
# so a privileged container fails only container.* checks it does not name.
PROF="$HD_TMP/profiles"
mkdir -p "$PROF"
cat >"$PROF/base.yaml" <<'EOF'
name: base
exclude: [container.host_network]
EOF
cat >"$PROF/site.yaml" <<'EOF'
name: site
extends: base.yaml
EOF

hd_create plain >/dev/null
"$HARDOCK" watch -H "unix://$HD_SOCK" -f jsonl --interval 200ms \
	--profile "$PROF/site.yaml" -e container.memory_limit \
	--exec tee --exec-arg -a --exec-arg "$EXECLOG" \
	-o "json:$JSON" >"$OUT" 2>"$HD_TMP/watch.err" &
WATCH_PID=$!
want 60 type=scan reason=start
want 30 type=engine state=up

EVAL="$(evaluator_of "$WATCH_PID")"
[ -n "$EVAL" ] || hd_fail "no evaluator process under watch"
status_is "$WATCH_PID" CapEff "$(hex "$collect")" collector
status_is "$WATCH_PID" CapBnd "$(hex $((collect | (1 << CAP_SETPCAP))))" collector
status_is "$WATCH_PID" NoNewPrivs 1 collector
status_is "$WATCH_PID" Seccomp 0 collector
for k in CapEff CapPrm CapBnd CapInh CapAmb; do
	status_is "$EVAL" "$k" "$(hex 0)" evaluator
done
status_is "$EVAL" NoNewPrivs 1 evaluator
status_is "$EVAL" Seccomp 2 evaluator
hd_ok "collector holds $(hex "$collect") and no filter; evaluator: no capability, seccomp filter"

# An event: the evaluator prints the line, the collector runs --exec.
hd_create priv --privileged >/dev/null
want 30 type=change finding.object.name=priv control=container.privileged \
	old_status=null new_status=fail
wait_for 5 '"control":"container.privileged"' "$EXECLOG" ||
	hd_fail "--exec did not get the new failure"
hd_ok "--exec ran from the collector with the change on its stdin"

# The report the evaluator rendered and the collector wrote.
wait_for 5 '"priv"' "$JSON" || hd_fail "the state file does not name priv"
hd_report contract "$JSON" || hd_fail "state file contract"
hd_python - "$JSON" <<-'PY' || hd_fail "the state file's sandbox block"
	import json, sys
	r = json.load(open(sys.argv[1]))
	sb = r["tool"]["sandbox"]
	assert sb["enabled"] is True, sb
	assert sb["seccomp"], sb
	assert sb["evaluation_capabilities"] == [], sb
	assert "evaluator" in sb["applied"], sb
	PY
hd_report expect "$JSON" container.privileged container priv fail >&2 ||
	hd_fail "state file lacks priv's failure"
hd_ok "state file written by the collector, sandbox block says the evaluator"

# Neither the profile's exclude nor the command line's is evaluated.
! grep -q '"control":"container.host_network"\|"control":"container.memory_limit"' "$OUT" ||
	hd_fail "an excluded check printed a line"

# SIGHUP: base no longer excludes host_network; -e memory_limit stays.
cat >"$PROF/base.yaml" <<'EOF'
name: base
exclude: [container.privileged]
EOF
kill -HUP "$WATCH_PID"
want 30 type=change finding.object.name=priv control=container.privileged \
	old_status=fail new_status=null cause.reason="profile reloaded"
want 30 type=scan reason="profile reloaded"
! grep -q '"control":"container.memory_limit"' "$OUT" ||
	hd_fail "the reload dropped the command line's -e"
hd_ok "SIGHUP: the extended profile reloaded, the command line's -e kept"

# A broken profile: one error line, the options stay.
printf 'name: base\nexclude: [no.such.check]\n' >"$PROF/base.yaml"
kill -HUP "$WATCH_PID"
want 30 type=error
sed -n "${POS}p" "$OUT" | grep -q 'no.such.check' ||
	hd_fail "the error line does not name the unknown check: $(sed -n "${POS}p" "$OUT")"
hd_create priv2 --privileged >/dev/null
hd_create hostnet2 --network host >/dev/null
want 30 type=change finding.object.name=hostnet2 control=container.host_network \
	old_status=null new_status=fail
! grep '"name":"priv2"' "$OUT" | grep -q '"control":"container.privileged"' ||
	hd_fail "the broken profile replaced the options"
hd_ok "a broken profile is an error line, the options stay"

# The evaluator killed as the filter kills: watch stops with exit 3.
kill -SYS "$EVAL"
for ((i = 0; i < 100; i++)); do kill -0 "$WATCH_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$WATCH_PID" 2>/dev/null && hd_fail "watch outlived its evaluator by 10 s"
wait "$WATCH_PID"
rc=$?
WATCH_PID=""
[ "$rc" = 3 ] || hd_fail "watch exited $rc when its evaluator died, want 3"
grep -q 'evaluator was killed by signal 31' "$HD_TMP/watch.err" ||
	{ cat "$HD_TMP/watch.err" >&2; hd_fail "the evaluator's death not said"; }
hd_ok "the evaluator's death ends watch: exit 3, the signal said"

# A compromised parser (tests/helpers/escape_hook.c, preloaded: it acts
# when json-c parses text holding HD-ESCAPE). The marker is in an
# environment variable, which only inspect documents hold, and in the
# labels of an event: the collector parses neither, the evaluator does.
HOOK="$(dirname "$HARDOCK")/tests/libescape_hook.so"
[ -f "$HOOK" ] || hd_fail "no escape hook at $HOOK (built with the tests)"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
hd_create hostile -e X=HD-ESCAPE >/dev/null
ESC="$HD_TMP/escaped"
# hooked WHAT [OPTION...]: watch with the hook doing WHAT, in the background.
hooked() {
	local what=$1
	shift
	rm -f "$ESC"
	HD_ESCAPE="$what" LD_PRELOAD="$HOOK" "$HARDOCK" watch -H "unix://$HD_SOCK" \
		-f jsonl "$@" >"$OUT" 2>"$HD_TMP/watch.err" &
	WATCH_PID=$!
	POS=0
}
hooked "write:$ESC"
want 60 type=engine state=up
grep -q '^hook: write: refused: Operation not permitted' "$HD_TMP/watch.err" ||
	hd_fail "the evaluator's write was not refused: $(cat "$HD_TMP/watch.err")"
[ ! -e "$ESC" ] || hd_fail "the sandboxed evaluator wrote a file: $(cat "$HD_TMP/watch.err")"
hd_ok "a write by a compromised evaluator is refused (EPERM), watch goes on"
# The event stream is the evaluator's to parse too: an event whose labels
# hold the marker (a container created after the start, so that no list
# the collector read names it) reaches json-c only in the evaluator; in
# the collector the hook's write would succeed.
hd_create evlabel --label "note=HD-ESCAPE" >/dev/null
want 30 type=change finding.object.name=evlabel
[ ! -e "$ESC" ] || hd_fail "the collector parsed the event: the hook wrote $ESC"
stop_watch
# (Removed again: a full scan's container list, which the collector does
# parse, would now name it with its labels.)
hd_docker rm evlabel >/dev/null || hd_fail "docker rm evlabel"
hd_ok "an event holding the marker is parsed in the evaluator only"
hooked "exec:$ESC"
for ((i = 0; i < 300; i++)); do kill -0 "$WATCH_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$WATCH_PID" 2>/dev/null && hd_fail "watch outlived its killed evaluator by 30 s"
wait "$WATCH_PID"
rc=$?
WATCH_PID=""
[ ! -e "$ESC" ] || hd_fail "the sandboxed evaluator ran a program"
[ "$rc" = 3 ] || hd_fail "watch exited $rc after its evaluator's exec, want 3"
grep -q 'evaluator was killed by signal 31' "$HD_TMP/watch.err" ||
	hd_fail "no word of the killed evaluator: $(cat "$HD_TMP/watch.err")"
hd_ok "an exec by a compromised evaluator kills it (SIGSYS): watch exits 3 and says so"
# The same hook unsandboxed does write (so it is shown to work).
hooked "write:$ESC" --no-sandbox
for ((i = 0; i < 300; i++)); do [ -s "$ESC" ] && break; sleep 0.1; done
stop_watch
[ "$(cat "$ESC" 2>/dev/null)" = escaped ] ||
	hd_fail "--no-sandbox: the hook could not write (is it working?): $(cat "$HD_TMP/watch.err")"
hd_ok "the same write succeeds with --no-sandbox: the hook works"

# --no-sandbox: one process tree still, said in the report.
"$HARDOCK" watch -H "unix://$HD_SOCK" -f jsonl --no-sandbox \
	-o "json:$JSON.nosb" >"$OUT" 2>"$HD_TMP/watch.err" &
WATCH_PID=$!
POS=0
want 60 type=engine state=up
stop_watch
hd_python - "$JSON.nosb" <<-'PY' || hd_fail "--no-sandbox not said"
	import json, sys
	sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	assert sb == {"enabled": False, "reason": "--no-sandbox"}, sb
	PY
hd_ok "--no-sandbox said in the report"
