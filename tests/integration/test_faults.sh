#!/bin/bash
# The fault matrix against a real dockerd: the engine killed (SIGKILL) in
# the middle of the inspects; permission denied on the socket for an
# unprivileged user (nobody), with files it cannot read; a daemon.json that
# is a FIFO or 100 MB; dockerd-named processes that come and go while
# /proc is read. Usage: test_faults.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
PROXY="$(dirname "$0")/engine_proxy.py"
FIXTURES="$(cd "$(dirname "$0")/../fixtures" && pwd)"
hd_dockerd_start
hd_image_build
N=24
for i in $(seq -w 1 $N); do
	if [ $((10#$i % 3)) = 0 ]; then
		hd_create "c$i" --privileged >/dev/null
	else
		hd_create "c$i" >/dev/null
	fi
done

"$HARDOCK" list -f json >"$HD_TMP/catalog.json" || hd_fail "hardock list -f json"

# ---- permission denied on the socket, as nobody ------------------------
# A fake root whose daemon files only root may read; the socket is
# root's (0660).
ROOT="$HD_TMP/root"
cp -a "$FIXTURES/hosts/hostfacts-basic" "$ROOT"
chmod 0600 "$ROOT/etc/docker/daemon.json" "$ROOT"/etc/audit/rules.d/*.rules
[ ! -e "$ROOT/etc/audit/audit.rules" ] || chmod 0600 "$ROOT/etc/audit/audit.rules"
mkdir -m 0777 "$HD_TMP/nobody"
as_nobody() {
	HD_RC=0
	timeout 120 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$HARDOCK" "$@" >"$HD_TMP/out" 2>"$HD_TMP/err" || HD_RC=$?
	[ "$HD_RC" -ne 124 ] || hd_fail "hardock as nobody timed out"
}
hd_hardock scan --root "$ROOT" -H "unix://$HD_SOCK" -f json
hd_expect_rc 0 1
cp "$HD_TMP/out" "$HD_TMP/root.json"
as_nobody scan --root "$ROOT" -H "unix://$HD_SOCK" -f json \
	--save-snapshot "$HD_TMP/nobody/snap.json"
hd_expect_rc 0 1
cp "$HD_TMP/out" "$HD_TMP/nobody.json"
hd_report contract "$HD_TMP/nobody.json" || hd_fail "contract as nobody"
why="$(hd_report host "$HD_TMP/nobody.json" engine_error)"
[ "$why" = "cannot connect to the Docker engine at unix://$HD_SOCK: Permission denied" ] ||
	hd_fail "engine error as nobody is not clear: '$why'"
hd_report engine-down "$HD_TMP/nobody.json" "$HD_TMP/catalog.json" "unix://$HD_SOCK" >&2 ||
	hd_fail "engine-down contract as nobody (host checks must still run)"
hd_python - "$HD_TMP/nobody/snap.json" "$HD_TMP/nobody.json" "$HD_TMP/root.json" <<-'EOF' ||
	import json, sys
	snap = json.load(open(sys.argv[1]))["facts"]
	rep = {r["id"]: r for r in json.load(open(sys.argv[2]))["results"]}
	root = {r["id"]: r for r in json.load(open(sys.argv[3]))["results"]}
	for key, path in (("daemon.json", "/etc/docker/daemon.json"),
	                  ("audit.rules", "/etc/audit/")):
	    f = snap[key]
	    assert f["state"] == "error", (key, f)
	    assert path in f["reason"] and "permission denied" in f["reason"].lower(), (key, f)
	# The audit checks that pass as root on this tree judge its rules;
	# unread, each is an error and none passes.
	audit = [i for i in root if i.startswith("1.1.") and root[i]["status"] == "pass"
	         and i != "1.1.1"]
	assert len(audit) >= 4, f"only {audit} pass as root: the test proves nothing"
	bad = [(i, rep[i]["status"]) for i in audit if rep[i]["status"] != "error"]
	assert not bad, bad
	ran = [r for r in rep.values() if r["status"] in ("pass", "fail")]
	assert ran, "no host check decided anything"
	print(f"{len(audit)} audit checks pass as root and are errors as nobody; "
	      f"{len(ran)} checks decided")
	EOF
	hd_fail "unreadable files as nobody"
hd_ok "as nobody: 'Permission denied' on the socket, host checks run, unreadable files error"

# ---- a daemon.json that is a FIFO or 100 MB: an error, never a hang ----
for kind in fifo huge; do
	rm -f "$ROOT/etc/docker/daemon.json"
	if [ "$kind" = fifo ]; then
		mkfifo "$ROOT/etc/docker/daemon.json"
	else
		head -c 100000000 /dev/zero | tr '\0' ' ' >"$ROOT/etc/docker/daemon.json"
	fi
	start=$SECONDS
	hd_hardock scan --root "$ROOT" -H "unix://$HD_SOCK" -q \
		--save-snapshot "$HD_TMP/odd.json"
	hd_expect_rc 0 1
	[ $((SECONDS - start)) -lt 30 ] || hd_fail "daemon.json $kind: $((SECONDS - start)) s"
	hd_python - "$HD_TMP/odd.json" "$kind" <<-'EOF' || hd_fail "daemon.json $kind"
	import json, sys
	f = json.load(open(sys.argv[1]))["facts"]["daemon.json"]
	want = {"fifo": "not a regular file (a FIFO)",
	        "huge": "larger than its limit"}[sys.argv[2]]
	assert f["state"] == "error" and want in f["reason"], f
	EOF
done
rm -f "$ROOT/etc/docker/daemon.json"
hd_ok "daemon.json as a FIFO or 100 MB: an error fact, the scan ends"

# ---- dockerd-named processes that come and go while /proc is read ------
# Zombies named dockerd (exited, not reaped: their /proc entries are half
# gone, exe and cmdline first) for the whole run, and short-lived
# processes whose exe is named dockerd, started and ended all along.
hd_python - <<-'EOF' &
	import ctypes, os, time
	libc = ctypes.CDLL(None)
	kids = []
	for _ in range(8):
	    pid = os.fork()
	    if pid == 0:
	        libc.prctl(15, b"dockerd", 0, 0, 0)  # PR_SET_NAME
	        os._exit(0)
	    kids.append(pid)
	time.sleep(25)
	for pid in kids:
	    os.waitpid(pid, 0)
	EOF
zombies=$!
mkdir -p "$HD_TMP/bin"
cp /bin/sleep "$HD_TMP/bin/dockerd"
(
	end=$((SECONDS + 20))
	while [ "$SECONDS" -lt "$end" ] && [ -e "$HD_TMP/bin/dockerd" ]; do
		for _ in 1 2 3 4 5 6 7 8; do "$HD_TMP/bin/dockerd" 0.0$RANDOM & done
		wait
	done
) &
churn=$!
for i in 1 2 3 4 5; do
	hd_hardock scan -H "unix://$HD_SOCK" -q --save-snapshot "$HD_TMP/churn$i.json"
	hd_expect_rc 0 1
	hd_python - "$HD_TMP/churn$i.json" "$HD_DOCKERD_PID" <<-'EOF' ||
	import json, sys
	f = json.load(open(sys.argv[1]))["facts"]["daemon.processes"]
	assert f["state"] == "value", f
	for p in f["value"]:
	    assert p["argv"] and p["uid"] >= 0, p
	audited = [p["pid"] for p in f["value"] if p.get("audited")]
	assert audited == [int(sys.argv[2])], audited
	EOF
		{ kill "$churn" "$zombies"; hd_fail "scan $i took a vanished process for a daemon"; }
done
rm -f "$HD_TMP/bin/dockerd"
wait "$churn" 2>/dev/null
kill "$zombies" 2>/dev/null
wait "$zombies" 2>/dev/null
hd_ok "5 scans among dockerd zombies and short-lived dockerds: none audited half-read"

# ---- the engine killed in the middle of the inspects -------------------
# hardock keeps 16 inspects on the wire: the 20th is sent once 4 answers
# came back, and dockerd dies when it passes the proxy.
hd_python "$PROXY" "$HD_TMP/proxy.sock" "$HD_SOCK" "$HD_DOCKERD_PID" 20 \
	>"$HD_TMP/proxy.log" 2>&1 &
proxy=$!
for _ in $(seq 50); do [ -S "$HD_TMP/proxy.sock" ] && break; sleep 0.1; done
hd_hardock scan -H "unix://$HD_TMP/proxy.sock" -f json --save-snapshot "$HD_TMP/killed.snap"
hd_expect_rc 1
wait "$proxy" || hd_fail "proxy: $(cat "$HD_TMP/proxy.log")"
grep -q '^killed after 20 inspects' "$HD_TMP/proxy.log" || hd_fail "proxy: $(cat "$HD_TMP/proxy.log")"
wait "$HD_DOCKERD_PID" 2>/dev/null
HD_DOCKERD_PID=""
hd_report contract "$HD_TMP/out" || hd_fail "contract after the engine was killed"
hd_python - "$HD_TMP/out" "$HD_TMP/killed.snap" "$N" <<-'EOF' || hd_fail "engine killed mid-inspects"
	import json, sys
	rep, snap, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
	objs = snap["objects"]["container"]
	names = sorted(o["name"] for o in objs)
	assert names == [f"c{i:02d}" for i in range(1, n + 1)], names
	read = {o["id"] for o in objs if o["fact"]["state"] == "value"}
	unread = {o["id"]: o["fact"] for o in objs if o["id"] not in read}
	assert 0 < len(read) < n and len(read) + len(unread) == n, (len(read), len(unread))
	for i, f in unread.items():
	    assert f["state"] == "error", f
	    assert ("not inspected: the engine went away during the scan" in f["reason"]
	            or "/json failed: " in f["reason"]), f["reason"]
	seen = 0
	for r in rep["results"]:
	    for fd in r["findings"]:
	        if fd["object"]["kind"] != "container":
	            continue
	        seen += 1
	        if fd["object"]["id"] in unread:
	            assert fd["status"] == "error", (r["id"], fd)
	p55 = [fd for r in rep["results"] if r["id"] == "5.5" for fd in r["findings"]]
	assert len(p55) == n, len(p55)
	print(f"{len(read)} inspected, {len(unread)} not, {seen} container findings checked")
	EOF
hd_ok "dockerd killed at the 20th of $N inspects: every container inspected or an error saying why; none passes unread"

hd_log "PASS"
