#!/bin/bash
# Live host collectors against a private dockerd: the running container's
# process fact (capabilities, seccomp, its processes found by cgroup) and
# the engine socket's file fact. Usage: test_hostfacts_live.sh HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
hd_dockerd_start
hd_image_build
T=$HD_TMP
SOCK=$HD_SOCK
PID=$HD_DOCKERD_PID
fail() { hd_fail "$*"; }
# Two processes in the container, so that "processes" must list both.
CID=$(hd_docker run -d --network none --stop-timeout 1 --name hf-live \
	"$HD_IMAGE" /bin/sh -c 'sleep 300 & exec sleep 301') || fail "docker run"
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
