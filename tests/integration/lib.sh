# shellcheck shell=bash
#
# hardock integration harness: sourced by every tests/integration/test_*.sh.
#
# It runs a private Docker engine (Debian's docker.io) on its own socket,
# data root, exec root and pidfile under one temporary directory, never on
# the host's network (no bridge, no iptables), builds a test image from
# busybox-static without a registry, and tears everything down by pid on
# exit, also when a test fails. Podman's service can run the same way.
#
# Exit status 77 means "skipped" (ctest's SKIP_RETURN_CODE); it is used
# only when not running as root, with a message on stderr. Under CI ($CI
# set) a skip is a failure: CI runs as root, so a skip there means the
# test did not run and must not look like a pass.

set -u
set -o pipefail

HD_TMP=""               # the temporary directory holding everything
HD_SOCK=""              # the private engine's unix socket
HD_DOCKERD_PID=""       # dockerd's pid, as started
HD_PODMAN_SOCK=""       # podman service socket
HD_PODMAN_PID=""        # podman service pid, as started
HD_SSHD_PID=""          # sshd's pid, as started (hd_sshd_start)
HD_SSHD_PORT=""         # its loopback port
HD_SSHD_RUNDIR=""       # /run/sshd when we had to create it
HD_IMAGE="hardock-test:busybox"
HD_DOCKER_FLAGS=(--bridge=none --iptables=false --ip-forward=false
	--ip-masq=false --ip6tables=false)
HD_NAME="$(basename "${0%.sh}")"

# Print a progress line on stderr, prefixed with the test's name.
hd_log() {
	printf '%s: %s\n' "$HD_NAME" "$*" >&2
}

# Fail the test with a message; the EXIT trap cleans up.
hd_fail() {
	printf '%s: FAIL: %s\n' "$HD_NAME" "$*" >&2
	exit 1
}

# Skip the test (ctest counts 77 as skipped) with the reason.
hd_skip() {
	if [ -n "${CI:-}" ]; then
		hd_fail "would skip under CI (which runs as root): $*"
	fi
	printf '%s: SKIP: %s\n' "$HD_NAME" "$*" >&2
	exit 77
}

# Record a passed assertion.
hd_ok() {
	printf '%s: ok: %s\n' "$HD_NAME" "$*" >&2
}

# Python for assertions: Debian's own first, so pyenv shims do not matter.
hd_python() {
	if [ -x /usr/bin/python3 ]; then
		/usr/bin/python3 "$@"
	else
		python3 "$@"
	fi
}

# The report assertion helper next to this file.
HD_REPORT_PY="$(dirname "${BASH_SOURCE[0]}")/report_check.py"
# The source tree (schemas, profiles).
HD_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Run the report helper (see report_check.py for the subcommands).
hd_report() {
	hd_python "$HD_REPORT_PY" "$@"
}

# The docker client: Debian's (matches dockerd), else whatever is on PATH.
hd_docker_bin() {
	if [ -x /usr/bin/docker ]; then
		echo /usr/bin/docker
	else
		command -v docker
	fi
}

# Check the prerequisites: root (else skip), the tools (else fail), the
# hardock binary given as $1; then create the temporary directory and
# install the teardown trap.
hd_setup() {
	HARDOCK="${1:-}"
	[ "$(id -u)" = 0 ] || hd_skip "needs root to run a private dockerd"
	[ -n "$HARDOCK" ] || hd_fail "usage: $0 PATH-TO-HARDOCK"
	[ -x "$HARDOCK" ] || hd_fail "hardock binary '$HARDOCK' is not executable"
	HARDOCK="$(cd "$(dirname "$HARDOCK")" && pwd)/$(basename "$HARDOCK")"
	# A short path: unix socket paths are limited to 108 bytes.
	HD_TMP="$(mktemp -d /tmp/hdit.XXXXXX)" || hd_fail "mktemp failed"
	chmod 0711 "$HD_TMP"
	trap hd_teardown EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	unset DOCKER_HOST DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_CONTEXT
	export NO_COLOR=1
}

# Wait until the engine at unix socket $1 answers /_ping, at most $2 s.
hd_wait_ping() {
	local sock="$1" limit="${2:-60}" pid="${3:-}" i
	for ((i = 0; i < limit * 5; i++)); do
		if [ -S "$sock" ] &&
		    curl -fsS --max-time 2 --unix-socket "$sock" \
		    http://localhost/_ping >/dev/null 2>&1; then
			return 0
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			return 1
		fi
		sleep 0.2
	done
	return 1
}

# Start the private dockerd with the mandatory network flags plus "$@".
# Sets HD_SOCK and HD_DOCKERD_PID; its log is $HD_TMP/dockerd.log. With
# HD_DOCKERD_SHARED_ROOT=1 it runs in a mount namespace of its own whose /
# is shared, as / is on a systemd host (a bind of / with slave
# propagation needs it; this machine's / is private, and is left so).
# shellcheck disable=SC2120 # extra flags are optional
hd_dockerd_start() {
	local d="$HD_TMP/docker" wrap=()
	if [ "${HD_DOCKERD_SHARED_ROOT:-0}" = 1 ]; then
		wrap=(unshare -m --propagation unchanged sh -c 'mount --make-rshared / && exec "$@"' sh)
	fi
	[ -x /usr/sbin/dockerd ] || hd_fail "/usr/sbin/dockerd missing (apt-get install docker.io)"
	mkdir -p "$d/data" "$d/exec"
	HD_SOCK="$d/docker.sock"
	# A config file of our own, so the host's /etc/docker/daemon.json
	# (hosts, data-root, ...) cannot leak into the private daemon.
	echo '{}' >"$d/daemon.json"
	"${wrap[@]}" /usr/sbin/dockerd "${HD_DOCKER_FLAGS[@]}" \
		--host "unix://$HD_SOCK" \
		--data-root "$d/data" --exec-root "$d/exec" \
		--pidfile "$d/dockerd.pid" --config-file "$d/daemon.json" \
		${HD_STORAGE_DRIVER:+--storage-driver "$HD_STORAGE_DRIVER"} \
		"$@" >"$HD_TMP/dockerd.log" 2>&1 </dev/null &
	HD_DOCKERD_PID=$!
	hd_wait_ping "$HD_SOCK" 60 "$HD_DOCKERD_PID" ||
		hd_fail "private dockerd did not answer /_ping on $HD_SOCK"
	hd_log "dockerd pid $HD_DOCKERD_PID on unix://$HD_SOCK"
}

# Stop process $1 (one we started) by pid: TERM, wait up to $2 tenths of
# a second, then KILL (saying so) and reap it.
hd_stop_pid() {
	local pid="$1" tenths="$2" i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < tenths; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		hd_log "pid $pid did not stop in $((tenths / 10)) s, killing it"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null || true
}

# Stop the private dockerd by pid and wait for it (30 s), then KILL.
hd_dockerd_stop() {
	local pid="$HD_DOCKERD_PID"
	[ -n "$pid" ] || return 0
	HD_DOCKERD_PID=""
	hd_stop_pid "$pid" 300
}

# The docker client against the private engine.
hd_docker() {
	"$(hd_docker_bin)" -H "unix://$HD_SOCK" "$@"
}

# Write a busybox-static rootfs to $1 (a directory): /bin/busybox and a
# symlink per applet the tests use.
hd_rootfs() {
	local dir="$1" a
	[ -x /bin/busybox ] || hd_fail "/bin/busybox missing (apt-get install busybox-static)"
	file_is_static /bin/busybox || hd_fail "/bin/busybox is not static (install busybox-static)"
	mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/proc" "$dir/sys" "$dir/dev"
	cp /bin/busybox "$dir/bin/busybox"
	for a in sh sleep true false cat ls echo id ps env; do
		ln -sf busybox "$dir/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
	echo 'root:x:0:' >"$dir/etc/group"
}

# Whether ELF file $1 has no PT_INTERP program header (is static).
file_is_static() {
	hd_python - "$1" <<-'EOF'
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	if d[:4] != b"\x7fELF" or d[4] != 2:
	    sys.exit(1)
	phoff, = struct.unpack_from("<Q", d, 0x20)
	phentsize, phnum = struct.unpack_from("<HH", d, 0x36)
	types = [struct.unpack_from("<I", d, phoff + i * phentsize)[0]
	         for i in range(phnum)]
	sys.exit(1 if 3 in types else 0)
	EOF
}

# Build the test image $HD_IMAGE in the private dockerd with docker import.
hd_image_build() {
	hd_rootfs "$HD_TMP/rootfs"
	tar -C "$HD_TMP/rootfs" -cf "$HD_TMP/rootfs.tar" . ||
		hd_fail "cannot tar the rootfs"
	hd_docker import -c 'CMD ["/bin/sh"]' "$HD_TMP/rootfs.tar" "$HD_IMAGE" \
		>/dev/null || hd_fail "docker import failed"
}

# Create (never start) container $1 with docker create args "${@:2}";
# prints the full id.
hd_create() {
	local name="$1"
	shift
	hd_docker create --name "$name" "$@" "$HD_IMAGE" sleep 3600 \
		2>"$HD_TMP/docker.err" || {
		cat "$HD_TMP/docker.err" >&2
		hd_fail "docker create $name failed"
	}
}

# Create and start container $1 running sleep, without any network.
hd_run_sleep() {
	local name="$1"
	shift
	# sleep as pid 1 ignores SIGTERM: do not let a stop wait 10 s for it.
	hd_docker run -d --network none --stop-timeout 1 --name "$name" "$@" \
		"$HD_IMAGE" sleep 3600 2>"$HD_TMP/docker.err" || {
		cat "$HD_TMP/docker.err" >&2
		hd_fail "docker run $name failed"
	}
}

# Pids of every process whose command line or cwd names $HD_TMP: the
# managed containerd, its shims and podman's conmon, all started by us.
hd_stragglers() {
	local p
	[ -n "$HD_TMP" ] || return 0
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$$" ] && continue
		if tr '\0' ' ' <"$p/cmdline" | grep -qF "$HD_TMP"; then
			echo "${p#/proc/}"
		fi
	done 2>/dev/null
}

# Kill the pids our tests left behind (TERM, then KILL), by pid.
hd_kill_stragglers() {
	local pids p i
	pids="$(hd_stragglers)"
	[ -n "$pids" ] || return 0
	for p in $pids; do kill -TERM "$p" 2>/dev/null; done
	for ((i = 0; i < 25; i++)); do
		pids="$(hd_stragglers)"
		[ -n "$pids" ] || return 0
		sleep 0.2
	done
	for p in $pids; do
		hd_log "killing leftover pid $p: $( (tr '\0' ' ' <"/proc/$p/cmdline") 2>/dev/null | cut -c1-120)"
		kill -KILL "$p" 2>/dev/null
	done
	sleep 0.2
}

# Unmount everything mounted below $HD_TMP, deepest first.
hd_unmount_all() {
	local m
	[ -n "$HD_TMP" ] || return 0
	awk -v t="$HD_TMP" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo |
	    sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
		    hd_log "cannot unmount $m"
	done
}

# Stop podman's service by pid, bounded, then KILL.
hd_podman_stop() {
	local pid="$HD_PODMAN_PID"
	[ -n "$pid" ] || return 0
	HD_PODMAN_PID=""
	hd_stop_pid "$pid" 100
}

# The EXIT trap: remove containers, stop the engines by pid, kill what
# they left, unmount, remove the directory. Keeps the test's exit status.
hd_teardown() {
	local rc=$? ids
	trap - EXIT
	# Finish the cleanup even when interrupted again.
	trap '' INT TERM
	if [ -n "$HD_DOCKERD_PID" ] && kill -0 "$HD_DOCKERD_PID" 2>/dev/null; then
		ids="$(timeout -k 5 30 "$(hd_docker_bin)" -H "unix://$HD_SOCK" ps -aq 2>/dev/null)"
		# shellcheck disable=SC2086
		[ -z "$ids" ] || timeout -k 5 60 "$(hd_docker_bin)" -H "unix://$HD_SOCK" \
		    rm -f $ids >/dev/null 2>&1
	fi
	hd_sshd_stop
	hd_dockerd_stop
	if [ -n "$HD_PODMAN_PID" ]; then
		timeout -k 5 60 podman "${HD_PODMAN_ARGS[@]}" rm -af -t 0 >/dev/null 2>&1
		hd_podman_stop
	fi
	hd_kill_stragglers
	hd_unmount_all
	if [ -n "$HD_TMP" ] && [ -d "$HD_TMP" ]; then
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && [ -f "$HD_TMP/dockerd.log" ]; then
			hd_log "last lines of dockerd.log:"
			grep -v 'level=info' "$HD_TMP/dockerd.log" | tail -n 15 >&2
		fi
		rm -rf --one-file-system "$HD_TMP" 2>/dev/null ||
		    hd_log "could not remove all of $HD_TMP"
	fi
	exit "$rc"
}

# A free TCP port on 127.0.0.1 (bound once by the kernel, then released).
hd_free_port() {
	hd_python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Run hardock with "$@"; stdout to $HD_TMP/out, stderr to $HD_TMP/err;
# sets HD_RC. Never fails by itself.
hd_hardock() {
	HD_RC=0
	timeout 120 "$HARDOCK" "$@" >"$HD_TMP/out" 2>"$HD_TMP/err" || HD_RC=$?
	[ "$HD_RC" -ne 124 ] || hd_fail "hardock $* timed out after 120 s"
}

# Assert hardock's last exit status was one of the given values.
hd_expect_rc() {
	local want
	for want in "$@"; do
		[ "$HD_RC" = "$want" ] && return 0
	done
	cat "$HD_TMP/err" >&2
	hd_fail "hardock exited $HD_RC, expected one of: $*"
}

# Podman's global options for the private service (set by hd_podman_start).
HD_PODMAN_ARGS=()

# Start 'podman system service' on a private socket and storage, with a
# containers.conf of its own (explicit ulimits: root here lacks
# CAP_SYS_RESOURCE). Sets HD_PODMAN_SOCK, HD_PODMAN_PID, HD_PODMAN_ARGS.
hd_podman_start() {
	local d="$HD_TMP/podman"
	command -v podman >/dev/null || hd_fail "podman missing (apt-get install podman)"
	mkdir -p "$d/root" "$d/runroot" "$d/tmp"
	cat >"$d/containers.conf" <<-'EOF'
	[containers]
	default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
	netns = "none"

	[engine]
	events_logger = "file"
	cgroup_manager = "cgroupfs"
	EOF
	export CONTAINERS_CONF="$d/containers.conf"
	HD_PODMAN_ARGS=(--root "$d/root" --runroot "$d/runroot" --tmpdir "$d/tmp"
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend file)
	HD_PODMAN_SOCK="$d/podman.sock"
	podman "${HD_PODMAN_ARGS[@]}" system service --time=0 \
		"unix://$HD_PODMAN_SOCK" >"$HD_TMP/podman.log" 2>&1 </dev/null &
	HD_PODMAN_PID=$!
	hd_wait_ping "$HD_PODMAN_SOCK" 60 "$HD_PODMAN_PID" || {
		tail -n 30 "$HD_TMP/podman.log" >&2
		hd_fail "podman service did not answer /_ping on $HD_PODMAN_SOCK"
	}
	hd_log "podman service pid $HD_PODMAN_PID on unix://$HD_PODMAN_SOCK"
}

# The podman client against the private storage.
hd_podman() {
	podman "${HD_PODMAN_ARGS[@]}" "$@"
}

# The Debian package the package_build fixture made next to $HARDOCK
# (build/deb/hardock_*.deb); sets HD_DEB.
hd_deb_find() {
	local d
	d="$(dirname "$HARDOCK")/deb"
	HD_DEB="$(ls "$d"/hardock_*.deb 2>/dev/null | head -n 1)"
	[ -n "$HD_DEB" ] ||
		hd_fail "no package in $d: the package_build test makes it (ctest runs it first)"
}

# A scratch root: this host's / as the lower layer of an overlay whose
# upper layer is a tmpfs under $HD_TMP, so that a package can really be
# installed with dpkg and run, and everything it writes lands in
# $HD_ROOT_UPPER, never on the host. The overlay is mounted afresh, in a
# private mount namespace, by every hd_in_root call; the tmpfs is removed
# by the teardown (hd_unmount_all).
hd_root_setup() {
	local t="$HD_TMP/root"
	mkdir -p "$t"
	mount -t tmpfs -o mode=0755 hardock-test-root "$t" || hd_fail "cannot mount a tmpfs on $t"
	mkdir -p "$t/upper" "$t/work" "$t/merged"
	HD_ROOT_UPPER="$t/upper"
	HD_ROOT="$t/merged"
}

# Run the bash script $1 in a private mount namespace where the scratch
# root is mounted at $HD_ROOT with /proc, /sys and /dev; the script runs
# on the host side (chroot "$HD_ROOT" ... to enter it) with the caller's
# variables given as the remaining NAME=VALUE arguments in its environment.
hd_in_root() {
	local script="$1"
	shift
	env "$@" HD_ROOT="$HD_ROOT" HD_TMP="$HD_TMP" \
	    unshare -m --propagation private bash -euo pipefail -c '
		mount -t overlay hardock-test-root -o "lowerdir=/,upperdir=$HD_TMP/root/upper,workdir=$HD_TMP/root/work" "$HD_ROOT"
		mount -t proc proc "$HD_ROOT/proc"
		mount --rbind /sys "$HD_ROOT/sys"
		mount --rbind /dev "$HD_ROOT/dev"
		mount -t tmpfs tmpfs "$HD_ROOT/run"
		'"$script"
}

# Start Debian's sshd on 127.0.0.1 (a free port) as root, all of it under
# $HD_TMP/ssh: its own host key, root's authorized key, the private
# known_hosts and the client config (nothing of /root/.ssh or /etc/ssh is
# read or written). Extra sshd_config lines come as "$@" (SetEnv ...).
# Sets HD_SSHD_PID and HD_SSHD_PORT; makes $HD_TMP/ssh/{host_key,client,
# known_hosts,config} and $HD_TMP/bin/ssh, a wrapper that runs /usr/bin/ssh
# with that config (-F) and logs its arguments to $HD_TMP/ssh/argv.log:
# put $HD_TMP/bin first in PATH for a client to use it as "ssh".
hd_sshd_start() {
	local d="$HD_TMP/ssh" line i
	[ -x /usr/sbin/sshd ] || hd_fail "/usr/sbin/sshd missing (apt-get install openssh-server)"
	[ -x /usr/bin/ssh ] || hd_fail "/usr/bin/ssh missing (apt-get install openssh-client)"
	mkdir -p "$d" "$HD_TMP/bin"
	chmod 0700 "$d"
	ssh-keygen -q -t ed25519 -N '' -C hardock-test-host -f "$d/host_key" ||
		hd_fail "ssh-keygen: host key"
	ssh-keygen -q -t ed25519 -N '' -C hardock-test-client -f "$d/client" ||
		hd_fail "ssh-keygen: client key"
	cp "$d/client.pub" "$d/authorized_keys"
	HD_SSHD_PORT="$(hd_free_port)" || hd_fail "no free port for sshd"
	{
		echo "Port $HD_SSHD_PORT"
		echo "ListenAddress 127.0.0.1"
		echo "HostKey $d/host_key"
		echo "PidFile none"
		echo "AuthorizedKeysFile $d/authorized_keys"
		echo "AllowUsers root"
		echo "PermitRootLogin prohibit-password"
		echo "PubkeyAuthentication yes"
		echo "PasswordAuthentication no"
		echo "KbdInteractiveAuthentication no"
		echo "UsePAM no"
		# The key files live under /tmp (world-writable): sshd's ownership
		# walk up the path would refuse them.
		echo "StrictModes no"
		echo "AllowTcpForwarding no"
		echo "X11Forwarding no"
		echo "PermitTTY no"
		for line in "$@"; do echo "$line"; done
	} >"$d/sshd_config"
	echo "[127.0.0.1]:$HD_SSHD_PORT $(cut -d' ' -f1,2 "$d/host_key.pub")" \
		>"$d/known_hosts"
	{
		echo "Host *"
		echo "  IdentityFile $d/client"
		echo "  IdentitiesOnly yes"
		echo "  IdentityAgent none"
		echo "  UserKnownHostsFile $d/known_hosts"
		echo "  GlobalKnownHostsFile /dev/null"
		echo "  UpdateHostKeys no"
	} >"$d/config"
	cat >"$HD_TMP/bin/ssh" <<-EOF
	#!/bin/sh
	printf '%s\\n' "\$*" >>"$d/argv.log"
	exec /usr/bin/ssh -F "$d/config" "\$@"
	EOF
	chmod 0755 "$HD_TMP/bin/ssh"
	/usr/sbin/sshd -t -f "$d/sshd_config" 2>"$HD_TMP/sshd.log" || {
		# sshd needs its privilege separation directory (systemd or the
		# package's init script make it); make it and remove it after.
		if grep -q "privilege separation directory" "$HD_TMP/sshd.log" &&
		    [ ! -e /run/sshd ]; then
			mkdir -m 0755 /run/sshd && HD_SSHD_RUNDIR=/run/sshd
		fi
		/usr/sbin/sshd -t -f "$d/sshd_config" 2>"$HD_TMP/sshd.log" || {
			cat "$HD_TMP/sshd.log" >&2
			hd_fail "sshd refuses its configuration"
		}
	}
	/usr/sbin/sshd -D -e -f "$d/sshd_config" >"$HD_TMP/sshd.log" 2>&1 </dev/null &
	HD_SSHD_PID=$!
	for ((i = 0; i < 100; i++)); do
		grep -q "Server listening on 127.0.0.1 port $HD_SSHD_PORT" \
			"$HD_TMP/sshd.log" 2>/dev/null && break
		kill -0 "$HD_SSHD_PID" 2>/dev/null || break
		sleep 0.1
	done
	grep -q "Server listening" "$HD_TMP/sshd.log" || {
		cat "$HD_TMP/sshd.log" >&2
		hd_fail "sshd did not start"
	}
	hd_log "sshd pid $HD_SSHD_PID on 127.0.0.1:$HD_SSHD_PORT"
}

# Stop sshd by pid (bounded, then KILL); remove /run/sshd if we made it.
hd_sshd_stop() {
	local pid="$HD_SSHD_PID"
	if [ -n "$pid" ]; then
		HD_SSHD_PID=""
		hd_stop_pid "$pid" 50
	fi
	if [ -n "$HD_SSHD_RUNDIR" ]; then
		rmdir "$HD_SSHD_RUNDIR" 2>/dev/null
		HD_SSHD_RUNDIR=""
	fi
	return 0
}
