#!/bin/bash
# The Ansible role for real: Debian's ansible drives two managed hosts that
# are not the controller. Each host is sshd on its own loopback address
# (127.0.0.2, 127.0.0.3) in a mount and UTS namespace of its own, chrooted
# into an overlay of / so that installing the package, its report
# directory and a planted misconfiguration stay inside it. The role
# installs the .deb built by scripts/package.sh, scans with the private
# test engine, fetches each report; the controller merges them. Asserted:
# the merged report names which host fails which check (host-b has a
# world-writable /etc/default/docker, host-a does not); a second run
# changes nothing; check mode works; ansible-lint is clean.
# Usage: test_ansible.sh PATH-TO-HARDOCK
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=tests/integration/lib.sh
. "$HERE/lib.sh"

hd_setup "${1:-}"
for c in ansible-playbook ansible-lint sshd ssh-keygen unshare; do
	command -v "$c" >/dev/null || hd_fail "$c missing (sh scripts/deps.sh --test)"
done
hd_dockerd_start
hd_image_build
hd_docker create --name priv --privileged "$HD_IMAGE" sleep 3600 >/dev/null ||
	hd_fail "cannot create the privileged container"

# The package the role installs: built here (HD_DEB names one already
# built, to save the build when iterating).
if [ -n "${HD_DEB:-}" ]; then
	DEB="$HD_DEB"
else
	sh "$ROOT/scripts/package.sh" "$HD_TMP/deb" >"$HD_TMP/package.log" 2>&1 ||
		{ tail -20 "$HD_TMP/package.log" >&2; hd_fail "scripts/package.sh failed"; }
	DEB="$(ls "$HD_TMP"/deb/hardock_*.deb)"
fi

# Keys made here; nothing of /root/.ssh or /etc/ssh is used.
ssh-keygen -q -t ed25519 -N '' -f "$HD_TMP/id" -C hardock-test
ssh-keygen -q -t ed25519 -N '' -f "$HD_TMP/hostkey" -C hardock-host
cp "$HD_TMP/id.pub" "$HD_TMP/authorized_keys"
chmod 600 "$HD_TMP/authorized_keys"
: >"$HD_TMP/known_hosts"

# Start managed host $1 on address $2: sshd chrooted into an overlay of /.
# $3 is a command run in the host's root before sshd starts (the planted
# state). Sets PORT_<name>.
start_host() {
	local name="$1" addr="$2" plant="$3" h="$HD_TMP/h-$1" port
	port="$(hd_free_port)"
	mkdir -p "$h/up" "$h/work" "$h/root"
	cat >"$h/sshd_config" <<EOF
ListenAddress $addr:$port
HostKey $HD_TMP/hostkey
PidFile $h/sshd.pid
AuthorizedKeysFile $HD_TMP/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
EOF
	unshare -m -u --fork --propagation private sh -c '
		set -e
		h="$1"; tmp="$2"; name="$3"; plant="$4"
		mount -t overlay overlay -o "lowerdir=/,upperdir=$h/up,workdir=$h/work" "$h/root"
		mount -t proc proc "$h/root/proc"
		mount --rbind /dev "$h/root/dev"
		mount --rbind /sys "$h/root/sys"
		mount -t tmpfs tmpfs "$h/root/run"
		mkdir -p "$h/root/run/sshd"
		mount -t tmpfs tmpfs "$h/root/tmp"
		mkdir -p "$h/root$tmp"
		mount --rbind "$tmp" "$h/root$tmp"
		hostname "$name"
		echo "$name" >"$h/root/etc/hostname"
		# A managed host as a fresh machine: no shell start-up files of
		# the controller'"'"'s root (a pyenv hook there waits 60 s on a lock).
		for f in .bashrc .profile .bash_profile; do
			[ ! -e "$h/root/root/$f" ] || : >"$h/root/root/$f"
		done
		chroot "$h/root" sh -c "$plant"
		exec chroot "$h/root" /usr/sbin/sshd -D -e -f "$h/sshd_config"
	' hardock-host "$h" "$HD_TMP" "$name" "$plant" >"$h/sshd.log" 2>&1 &
	for _ in $(seq 50); do
		if (echo >"/dev/tcp/$addr/$port") 2>/dev/null; then
			break
		fi
		sleep 0.2
	done
	(echo >"/dev/tcp/$addr/$port") 2>/dev/null ||
		{ cat "$h/sshd.log" >&2; hd_fail "sshd of $name did not listen on $addr:$port"; }
	echo "[$addr]:$port $(cut -d' ' -f1,2 "$HD_TMP/hostkey.pub")" >>"$HD_TMP/known_hosts"
	printf '%s ansible_host=%s ansible_port=%s\n' "$name" "$addr" "$port" >>"$HD_TMP/hosts.ini"
}

echo "[docker_hosts]" >"$HD_TMP/hosts.ini"
start_host host-a 127.0.0.2 "true"
start_host host-b 127.0.0.3 "echo 'DOCKER_OPTS=' >/etc/default/docker; chmod 0666 /etc/default/docker"
cat >>"$HD_TMP/hosts.ini" <<EOF

[docker_hosts:vars]
ansible_user=root
ansible_ssh_private_key_file=$HD_TMP/id
ansible_ssh_common_args='-F /dev/null -o UserKnownHostsFile=$HD_TMP/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes'
ansible_python_interpreter=/usr/bin/python3
hardock_engine=unix://$HD_SOCK
hardock_profile=cis-level2
hardock_formats=["html"]
EOF

# The controller: its own HOME and temp dirs, hardock on PATH for merge.
mkdir -p "$HD_TMP/home" "$HD_TMP/bin" "$HD_TMP/play"
ln -s "$HARDOCK" "$HD_TMP/bin/hardock"
cp -r "$ROOT/contrib/ansible/." "$HD_TMP/play/"
export HOME="$HD_TMP/home" PATH="$HD_TMP/bin:$PATH"
export ANSIBLE_LOCAL_TEMP="$HD_TMP/home/.ansible-tmp" ANSIBLE_NOCOLOR=1
export ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_RETRY_FILES_ENABLED=False
export ANSIBLE_ROLES_PATH="$HD_TMP/play/roles"

play() { # log name, extra ansible-playbook arguments
	local log="$HD_TMP/$1.log" t0=$SECONDS; shift
	hd_log "ansible-playbook $*"
	timeout 600 ansible-playbook -i "$HD_TMP/hosts.ini" "$HD_TMP/play/playbook.yml" \
	    -e "hardock_deb=$DEB" "$@" >"$log" 2>&1 ||
	    { tail -40 "$log" >&2; hd_fail "ansible-playbook $* failed"; }
	hd_log "ansible-playbook $* took $((SECONDS - t0)) s"
}

play check --check
[ ! -e "$HD_TMP/play/reports/fleet.json" ] || hd_fail "check mode wrote a fleet report"
hd_ok "check mode runs and writes nothing"

play run1
F="$HD_TMP/play/reports/fleet.json"
[ -s "$F" ] || hd_fail "no fleet report at $F"
for h in host-a host-b; do
	[ -s "$HD_TMP/play/reports/hosts/$h.json" ] || hd_fail "no report fetched from $h"
done
hd_python - "$F" "$HD_TMP/play/reports/hosts" <<'EOF' || hd_fail "the fleet report does not name who fails what"
import json, sys
d = json.load(open(sys.argv[1]))
for h in ("host-a", "host-b"):
    r = json.load(open(f"{sys.argv[2]}/{h}.json"))
    for x in r["results"]:
        if x.get("control") == "files.etc_default_docker.mode" or x["id"] == "3.20":
            print(h, x["id"], x["status"], x["message"], file=sys.stderr)
hosts = {h["host"]: h for h in d["hosts"]}
assert set(hosts) == {"host-a", "host-b"}, hosts.keys()
assert all(h["error"] is None and not h["stale"] for h in hosts.values()), hosts
checks = {c["control"]: c for c in d["checks"]}
mode = checks.get("files.etc_default_docker.mode")
assert mode is not None and mode["hosts"] == ["host-b"], mode
priv = checks.get("container.privileged")
assert priv is not None and priv["hosts"] == ["host-a", "host-b"], priv
assert d["summary"]["hosts_failing"] == 2, d["summary"]
print("fleet ok:", mode["ids"], priv["hosts"])
EOF
grep -q 'host-b' "$HD_TMP/play/reports/fleet.txt" || hd_fail "no text fleet report"
[ -s "$HD_TMP/h-host-a/up/var/lib/hardock/reports/latest.html" ] ||
	hd_fail "hardock_formats: no HTML report on host-a"
# The package went into the hosts' overlays, not onto this machine.
[ -x "$HD_TMP/h-host-a/up/usr/bin/hardock" ] || hd_fail "the package is not installed on host-a"
[ ! -e /usr/bin/hardock ] || dpkg -s hardock >/dev/null 2>&1 ||
	hd_log "note: /usr/bin/hardock exists outside the test"
hd_ok "merged report: host-b alone fails files.etc_default_docker.mode, both container.privileged"

play run2
grep -Eq 'host-a +: ok=[0-9]+ +changed=0 ' "$HD_TMP/run2.log" &&
	grep -Eq 'host-b +: ok=[0-9]+ +changed=0 ' "$HD_TMP/run2.log" ||
	{ grep -A4 'PLAY RECAP' "$HD_TMP/run2.log" >&2; hd_fail "the second run changed something"; }
hd_ok "idempotent: the second run changes nothing"

(cd "$HD_TMP/play" && timeout 300 ansible-lint --offline playbook.yml roles/hardock \
    >"$HD_TMP/lint.log" 2>&1) || { cat "$HD_TMP/lint.log" >&2; hd_fail "ansible-lint is not clean"; }
hd_ok "ansible-lint clean"
