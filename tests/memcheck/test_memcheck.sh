#!/bin/bash
# valgrind memcheck over hardock's real paths: a full scan of this host
# and of a fixture tree (--root) against a private dockerd holding varied
# containers and an image, --save-snapshot, --snapshot of a fixture
# snapshot and of the one just saved, every report format, diff and merge.
# Any invalid read or write, use of uninitialised memory, or a definite or
# indirect leak fails the test (valgrind --error-exitcode). Not run in the
# sanitizer build: ASan and valgrind do not stack, and ASan covers it there.
# Usage: test_memcheck.sh PATH-TO-HARDOCK SOURCE-DIR
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

hd_setup "${1:-}"
SRC="${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
command -v valgrind >/dev/null || hd_fail "valgrind missing (scripts/deps.sh --test)"
hd_dockerd_start
hd_image_build
hd_docker create --name good --user 1000:1000 --read-only --memory 64m \
	--pids-limit 50 --security-opt no-new-privileges --network none \
	"$HD_IMAGE" sleep 3600 >/dev/null || hd_fail "create good"
hd_create caps --cap-add SYS_ADMIN -v /etc:/host/etc:ro --pid host >/dev/null
hd_create secret --env DB_PASSWORD=hunter2hunter2 \
	--label "evil=$(printf '\033[2J<b>')" >/dev/null
hd_run_sleep running --memory 32m >/dev/null

# Run hardock under memcheck; fail on any error it reports. Scans, diff
# and merge run with --no-sandbox: libseccomp cannot build its filter
# under valgrind (the sandbox's own code is covered by test_sandbox,
# cli/test_sandbox_reports and ASan).
memcheck() {
	local what="$1" rc=0
	shift
	timeout 600 valgrind --quiet --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    --show-leak-kinds=definite,indirect --num-callers=30 \
	    --log-file="$HD_TMP/vg.$what.log" \
	    "$HARDOCK" "$@" >"$HD_TMP/out" 2>"$HD_TMP/err" || rc=$?
	# Errors are "==PID==" lines; "--PID--" lines are valgrind's own notes
	# (valgrind 3.19 does not know openat2: hardock falls back, see rootfs.c).
	if [ "$rc" -eq 99 ] || grep -q '^==[0-9]*==' "$HD_TMP/vg.$what.log"; then
		cat "$HD_TMP/vg.$what.log" >&2
		hd_fail "memcheck: $what: valgrind found errors (hardock $*)"
	fi
	[ "$rc" -ne 124 ] || hd_fail "memcheck: $what timed out"
	# 0 or 1 (something failed): a report was written.
	[ "$rc" -le 1 ] || { cat "$HD_TMP/err" >&2; hd_fail "memcheck: $what: exit $rc"; }
	hd_ok "memcheck clean: $what"
}

# The harness can fail: a program that leaks and reads past a block is
# caught with these very options.
command -v gcc >/dev/null || hd_fail "gcc missing"
printf '%s\n' '#include <stdlib.h>' '#include <string.h>' \
	'int main(void){char *p=malloc(8),*q=malloc(4);' \
	'memcpy(q,"abc",4);p[0]=q[5];q=0;return p[0]==1;}' >"$HD_TMP/bad.c"
gcc -O0 -g -o "$HD_TMP/bad" "$HD_TMP/bad.c" || hd_fail "cannot build bad.c"
rc=0
valgrind --quiet --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect "$HD_TMP/bad" \
	>/dev/null 2>"$HD_TMP/vg.bad.log" || rc=$?
[ "$rc" -eq 99 ] && grep -q 'Invalid read' "$HD_TMP/vg.bad.log" &&
	grep -q 'definitely lost' "$HD_TMP/vg.bad.log" ||
	hd_fail "valgrind did not catch a known leak and invalid read (rc $rc)"
hd_ok "memcheck catches a leak and an invalid read"

S="unix://$HD_SOCK"
memcheck live scan --no-sandbox -H "$S" -f json -o "text:$HD_TMP/live.txt" \
	--save-snapshot "$HD_TMP/live.snap"
cp "$HD_TMP/out" "$HD_TMP/live.json"
memcheck fixture-root scan --no-sandbox -H "$S" --root "$SRC/tests/fixtures/hosts/hostfacts-basic" \
	-f json -o "html:$HD_TMP/r.html" -o "junit:$HD_TMP/r.xml" \
	-o "csv:$HD_TMP/r.csv" -o "prometheus:$HD_TMP/r.prom" -v
cp "$HD_TMP/out" "$HD_TMP/root.json"
memcheck fixture-snapshot scan --no-sandbox --snapshot "$SRC/tests/fixtures/snapshots/rich.json" \
	-f json -o "text:$HD_TMP/rich.txt" -v --profile cis-level2
memcheck saved-snapshot scan --no-sandbox --snapshot "$HD_TMP/live.snap" -f text -v
memcheck diff diff --no-sandbox "$HD_TMP/live.json" "$HD_TMP/root.json"
memcheck diff-json diff --no-sandbox -f json "$HD_TMP/root.json" "$HD_TMP/live.json"
memcheck merge merge --no-sandbox "$HD_TMP/live.json" "$HD_TMP/root.json"
# hardock image: through the engine (inspect, history, the export streamed
# by the copier child) and from the saved archive with no engine.
hd_docker save -o "$HD_TMP/image.tar" "$HD_IMAGE" || hd_fail "docker save"
memcheck image-engine image --no-sandbox -H "$S" "$HD_IMAGE" -f json \
	-o "sarif:$HD_TMP/img.sarif" --fail-on none
grep -q '"image.setuid"' "$HD_TMP/out" || hd_fail "image under memcheck: no 4.8 result"
memcheck image-archive image --no-sandbox --archive "$HD_TMP/image.tar" -f json \
	-o "text:$HD_TMP/img.txt" --fail-on none -v
grep -q '"image.file_secrets"' "$HD_TMP/out" || hd_fail "image --archive under memcheck: no HD-SECRET-3 result"

# What was checked is what a user runs: the engine's four containers were
# inspected and evaluated, and the fixture tree's files were read.
hd_python - "$HD_TMP/live.json" "$HD_TMP/root.json" <<'PY' || hd_fail "reports lack what was scanned"
import json, sys
live, root = (json.load(open(p)) for p in sys.argv[1:3])
names = {f["object"].get("name") for r in live["results"] for f in r["findings"]
         if f["object"]["kind"] == "container"}
assert {"good", "caps", "secret", "running"} <= names, names
st = {r["id"]: r["status"] for r in root["results"]}
assert st["1.1.1"] != "error" and st["1.1.3"] == "pass", st
PY
hd_ok "the scans under memcheck covered the containers and the fixture files"
