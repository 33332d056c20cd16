#!/bin/bash
# hardock against a live rootless dockerd: Debian's rootlesskit and uidmap
# run docker.io's dockerd-rootless.sh as a throwaway user (RootlessKit's
# host network: this machine has no /dev/net/tun for slirp4netns, and the
# daemon stays off the network anyway with the mandatory flags). hardock,
# as root, must find it (rootlesskit -> dockerd, the user's places), pass
# 2.1 with that evidence, find 2.10 (user namespaces) inherent, judge
# HD-HOST-7's capabilities inside the daemon's own user namespace, expect
# the user as owner of its files, and say notapplicable to what a
# rootless daemon never reads. The user and everything it ran are
# removed by pid and name at the end.
# Usage: test_rootless.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

RL_USER=hdrootless
RL_PID=""
RL_MADE_USER=""

hd_setup "${1:-}"
command -v rootlesskit >/dev/null || hd_fail "rootlesskit missing (apt-get install rootlesskit)"
command -v newuidmap >/dev/null || hd_fail "newuidmap missing (apt-get install uidmap)"
SCRIPT=/usr/share/docker.io/contrib/dockerd-rootless.sh
[ -x "$SCRIPT" ] || hd_fail "$SCRIPT missing (docker.io)"

# Stop the rootless daemon by its rootlesskit pid, then remove the user.
rl_teardown() {
	local i
	if [ -n "$RL_PID" ] && kill -0 "$RL_PID" 2>/dev/null; then
		kill -TERM "$RL_PID" 2>/dev/null
		for ((i = 0; i < 100; i++)); do
			kill -0 "$RL_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$RL_PID" 2>/dev/null
	fi
	if [ -n "$RL_MADE_USER" ]; then
		userdel -r "$RL_USER" >/dev/null 2>&1 || hd_log "could not remove user $RL_USER"
	fi
	hd_teardown
}
trap rl_teardown EXIT

if ! id "$RL_USER" >/dev/null 2>&1; then
	useradd -m -s /bin/sh "$RL_USER" || hd_fail "useradd $RL_USER failed"
	RL_MADE_USER=1
fi
RL_UID="$(id -u "$RL_USER")"
RL_HOME="$(getent passwd "$RL_USER" | cut -d: -f6)"
grep -q "^$RL_USER:" /etc/subuid || hd_fail "$RL_USER has no /etc/subuid range"
RUNDIR="$HD_TMP/run-$RL_UID"
mkdir -p "$RUNDIR" && chown "$RL_USER" "$RUNDIR" && chmod 0700 "$RUNDIR"
cat >"$HD_TMP/start.sh" <<EOS
#!/bin/sh
export HOME=$RL_HOME XDG_RUNTIME_DIR=$RUNDIR
export PATH=/usr/share/docker.io/contrib:/usr/sbin:/usr/bin:/sbin:/bin
export DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none
cd "\$HOME" && exec $SCRIPT ${HD_DOCKER_FLAGS[*]}
EOS
chmod 0755 "$HD_TMP/start.sh"
# setsid: the daemon's session is its own; $! is the shell that execs
# dockerd-rootless.sh, which execs rootlesskit: one pid to stop.
setsid su "$RL_USER" -s /bin/sh -c "exec $HD_TMP/start.sh" \
	>"$HD_TMP/dockerd.log" 2>&1 </dev/null &
RL_PID=$!
hd_wait_ping "$RUNDIR/docker.sock" 60 "$RL_PID" || {
	tail -n 15 "$HD_TMP/dockerd.log" >&2
	hd_fail "the rootless dockerd did not answer on $RUNDIR/docker.sock"
}
hd_ok "rootless dockerd of $RL_USER (uid $RL_UID) answers"

R="$HD_TMP/report.json"
hd_hardock scan -H "unix://$RUNDIR/docker.sock" -f json -o "json:$R" \
	--save-snapshot "$HD_TMP/snap.json"
hd_expect_rc 0 1
hd_report contract "$R" >&2 || hd_fail "JSON report contract"

# The snapshot's rootless fact: the user, rootlesskit, the user's places.
hd_python - "$HD_TMP/snap.json" "$RL_USER" "$RL_UID" "$RL_HOME" "$RUNDIR" <<'PY' ||
import json, sys
snap, user, uid, home, rundir = sys.argv[1:]
f = json.load(open(snap))["facts"]["daemon.rootless"]
assert f["state"] == "value", f
v = f["value"]
assert v["user"] == user and v["uid"] == int(uid), v
assert isinstance(v["rootlesskit_pid"], int), v
assert v["socket"] == rundir + "/docker.sock", v
assert v["config_dir"] == home + "/.config/docker", v
assert v["data_root"] == home + "/.local/share/docker", v
assert any("rootlesskit" in e for e in v["evidence"]), v
p = json.load(open(snap))["facts"]["process:dockerd"]["value"]
assert p["uid"] == int(uid) and p["userns"]["initial"] is False, p
PY
	hd_fail "daemon.rootless fact"
hd_ok "daemon.rootless: $RL_USER, rootlesskit, the user's places"

expect_status() {
	local id="$1" want="$2" got
	got="$(hd_report status "$R" "$id")" || hd_fail "no result $id"
	[ "$got" = "$want" ] || hd_fail "$id: $got, expected $want ($(hd_report message "$R" "$id"))"
	hd_ok "$id $want"
}
expect_status 2.1 pass
expect_status 2.10 pass
hd_report message "$R" 2.10 | grep -q inherent || hd_fail "2.10 is not said inherent"
expect_status HD-HOST-7 pass
hd_report finding "$R" HD-HOST-7 daemon dockerd | grep -q "inside its own user namespace" ||
	hd_fail "HD-HOST-7 does not judge dockerd's capabilities in its namespace"
# The user's files, owned by the user: pass as theirs (not root's).
expect_status 3.5 pass
hd_report finding "$R" 3.5 file "$RL_HOME/.config/docker" | grep -q "rootless daemon's user" ||
	hd_fail "3.5 does not judge $RL_HOME/.config/docker as the user's"
expect_status 3.15 pass
hd_report expect "$R" 3.15 file "$RUNDIR/docker.sock" pass || hd_fail "3.15 on the rootless socket"
expect_status 3.19 notapplicable
hd_report message "$R" 3.19 | grep -q "rootless dockerd" || hd_fail "3.19 reason"
