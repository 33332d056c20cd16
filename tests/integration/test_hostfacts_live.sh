#!/bin/bash
# Live host collectors against a private dockerd: the running container's
# process fact (capabilities, seccomp, its processes found by cgroup) and
# the engine socket's file fact. Usage: test_hostfacts_live.sh HARDOCK
set -u
HARDOCK=${1:?usage: $0 path/to/hardock}
if [ "$(id -u)" != 0 ] || ! command -v dockerd >/dev/null; then
	echo "SKIP: needs root and dockerd"; exit 0
fi
T=$(mktemp -d /tmp/hf-live-XXXXXX)
SOCK=$T/docker.sock
PID=
cleanup() {
	if [ -n "$PID" ]; then
		docker -H unix://$SOCK rm -f hf-live >/dev/null 2>&1
		kill "$PID" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$PID" 2>/dev/null
	fi
	umount "$T"/data/* 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

dockerd -H unix://$SOCK --data-root "$T/data" --exec-root "$T/exec" \
	--pidfile "$T/docker.pid" --bridge=none --iptables=false \
	--ip-forward=false --ip-masq=false --ip6tables=false \
	>"$T/dockerd.log" 2>&1 &
PID=$!
for _ in $(seq 100); do
	docker -H unix://$SOCK version >/dev/null 2>&1 && break
	sleep 0.2
done
docker -H unix://$SOCK version >/dev/null 2>&1 || { tail -20 "$T/dockerd.log"; fail "dockerd did not start"; }

mkdir -p "$T/rootfs/bin"
cp /bin/busybox "$T/rootfs/bin/busybox"
for t in sh sleep; do ln -s busybox "$T/rootfs/bin/$t"; done
tar -C "$T/rootfs" -c . | docker -H unix://$SOCK import - hf-busybox:1 >/dev/null \
	|| fail "docker import"
CID=$(docker -H unix://$SOCK run -d --name hf-live --network none hf-busybox:1 \
	/bin/sh -c 'sleep 300 & exec sleep 301') || fail "docker run"
[ ${#CID} = 64 ] || fail "container id: $CID"

"$HARDOCK" scan -q -H unix://$SOCK --save-snapshot "$T/snap.json"
rc=$?
[ $rc -le 1 ] || fail "hardock scan exited $rc"

python3 - "$T/snap.json" "$CID" "$SOCK" "$PID" <<'PY' || exit 1
import json, sys
snap, cid, sock, dpid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
facts = json.load(open(snap))["facts"]
def val(k):
    f = facts.get(k)
    assert f and f["state"] == "value", "%s: %s" % (k, f)
    return f["value"]
c = val("process.container:" + cid)
assert c["seccomp"] == 2, c["seccomp"]
assert "cap_sys_admin" not in c["cap_eff"], c["cap_eff"]
assert "cap_chown" in c["cap_eff"], c["cap_eff"]
comms = sorted(p["comm"] for p in c["processes"])
assert comms == ["sleep", "sleep"], comms
assert all(p["exe"] == "busybox" for p in c["processes"]), c["processes"]
s = val("file:" + sock)
assert s["type"] == "socket", s
d = val("process:dockerd")
assert d["uid"] == 0 and "cap_sys_admin" in d["cap_eff"], d
print("ok: container %s, processes %s, dockerd pid %d" % (cid[:12], comms, d["pid"]))
PY
echo PASS
