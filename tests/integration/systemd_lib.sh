# shellcheck shell=bash
# The real systemd, booted as PID 1 of private namespaces on the scratch
# root of hd_root_setup (the package installed there with dpkg), so that
# the package's units run as systemd runs them: its own sandboxing, its
# own cgroup limits, its own journal. Sourced after lib.sh.
#
# What keeps the host as it was:
#  - PID, mount, UTS, IPC and network namespaces of its own (hostname,
#    loopback, sysctls under net/ stay private);
#  - the root is the overlay of hd_root_setup: every file it writes lands
#    in $HD_ROOT_UPPER; /run and /tmp are tmpfs of its own;
#  - /sys/fs/cgroup is a tmpfs of its own (systemd remounts that tmpfs
#    read-only), with each cgroup hierarchy bound in: systemd runs inside
#    a cgroup made for it, removed by sd_stop;
#  - its unit path holds only the basic targets, dbus, journald and the
#    units named: no generator, no sysinit.target.wants (tmpfiles would
#    empty /tmp, udev would trigger the host's devices).
# The engine's socket is bound at /run/docker.sock, the default address:
# the units run as shipped, with no drop-in.

SD_PID=""     # systemd, as the host numbers it
SD_UNSHARE="" # the unshare(1) above it
SD_CG=""      # the name of its cgroup, in every hierarchy
SD_CGDIRS=()  # those cgroups, as host paths
SD_CGMADE=()  # the topmost directory made for each, removed by sd_stop

# sd CMD...: run CMD inside, in all of systemd's namespaces and root.
sd() {
	nsenter -t "$SD_PID" -m -u -i -n -p -r -w "$@"
}

# sd_boot UNIT...: boot systemd with the package's unit files named (as
# installed in the scratch root) and wait until it is up (30 s).
sd_boot() {
	local h own i state d top path="" hier=()
	[ -x /lib/systemd/systemd ] || hd_fail "/lib/systemd/systemd missing (apt-get install systemd)"
	command -v nsenter >/dev/null || hd_fail "nsenter missing (util-linux)"
	SD_CG="hardock-test-$$"
	SD_CGDIRS=()
	SD_CGMADE=()
	# systemd takes its cgroup in the name=systemd hierarchy for its path
	# in every other: one path, the deepest this shell is in (its memory
	# cgroup's, on a host that limits the session's memory), is made in
	# every hierarchy (cpuset is left out: a new cpuset cgroup takes no
	# process before its cpus are set).
	while read -r h; do
		own="$(awk -F: -v h="$h" '{ n = $2; sub(/^name=/, "", n)
			if (n == h || ($2 == "" && h == "unified")) print $3 }' /proc/self/cgroup)"
		[ "${#own}" -gt "${#path}" ] && path="$own"
		hier+=("$h")
	done < <(awk '$2 ~ "^/sys/fs/cgroup/" && ($3 == "cgroup" || $3 == "cgroup2") {
		sub("^/sys/fs/cgroup/", "", $2); print $2 }' /proc/self/mounts | grep -vx cpuset)
	[ "${#hier[@]}" -gt 0 ] || hd_fail "no cgroup hierarchy under /sys/fs/cgroup"
	[ "$path" = / ] && path=""
	for h in "${hier[@]}"; do
		# The topmost directory made here, for sd_stop to remove.
		d="/sys/fs/cgroup/$h$path/$SD_CG"
		top="$d"
		while [ ! -d "$(dirname "$top")" ]; do top="$(dirname "$top")"; done
		mkdir -p "$d" || hd_fail "cannot make the cgroup $d"
		SD_CGDIRS+=("$d")
		SD_CGMADE+=("$top")
	done
	env HD_ROOT="$HD_ROOT" HD_TMP="$HD_TMP" HD_SOCK="$HD_SOCK" \
	    SD_UNITS="$*" SD_CGDIRS="${SD_CGDIRS[*]}" \
	    unshare --pid --fork --kill-child --mount --uts --ipc --net \
	    --propagation private bash -euo pipefail -c '
		M=$HD_ROOT
		for h in $SD_CGDIRS; do echo $$ >"$h/cgroup.procs"; done
		mount -t overlay hardock-test-root -o "lowerdir=/,upperdir=$HD_TMP/root/upper,workdir=$HD_TMP/root/work" "$M"
		mount -t proc proc "$M/proc"
		mount --rbind /sys "$M/sys"
		mount -t tmpfs -o mode=0755 cgroup "$M/sys/fs/cgroup"
		awk '\''$2 ~ "^/sys/fs/cgroup/" { print $2 }'\'' /proc/self/mounts |
		while read -r h; do
			mkdir -p "$M$h"
			mount --bind "$h" "$M$h"
		done
		mount --rbind /dev "$M/dev"
		mount -t tmpfs -o mode=0755 run "$M/run"
		mount -t tmpfs -o mode=1777 tmp "$M/tmp"
		touch "$M/run/docker.sock"
		mount --bind "$HD_SOCK" "$M/run/docker.sock"
		u=$M/run/hardock-test/units
		mkdir -p "$u/sockets.target.wants" "$M/run/hardock-test/none" \
		    "$M/run/systemd/journald.conf.d"
		for t in sysinit basic sockets timers paths slices local-fs \
		    local-fs-pre swap shutdown umount final exit multi-user; do
			cp "/lib/systemd/system/$t.target" "$u/"
		done
		for f in systemd-exit.service dbus.service dbus.socket \
		    systemd-journald.service systemd-journald.socket \
		    systemd-journald-dev-log.socket; do
			cp "/lib/systemd/system/$f" "$u/"
		done
		ln -s ../dbus.socket ../systemd-journald.socket "$u/sockets.target.wants/"
		printf "[Unit]\nDescription=hardock test\nRequires=basic.target\nAfter=basic.target\n" >"$u/hardock-test.target"
		ln -s hardock-test.target "$u/default.target"
		printf "[Journal]\nStorage=volatile\n" >"$M/run/systemd/journald.conf.d/volatile.conf"
		for n in $SD_UNITS; do
			cp "$M/lib/systemd/system/$n" "$u/"
		done
		exec chroot "$M" /usr/bin/env -i container=hardock-test \
		    SYSTEMD_UNIT_PATH=/run/hardock-test/units \
		    SYSTEMD_GENERATOR_PATH=/run/hardock-test/none \
		    SYSTEMD_ENVIRONMENT_GENERATOR_PATH=/run/hardock-test/none \
		    /lib/systemd/systemd --system
		' >"$HD_TMP/systemd.console" 2>&1 </dev/null &
	SD_UNSHARE=$!
	for ((i = 0; i < 100; i++)); do
		SD_PID="$(xargs <"/proc/$SD_UNSHARE/task/$SD_UNSHARE/children" 2>/dev/null)"
		[ -n "$SD_PID" ] && [ "$(cat "/proc/$SD_PID/comm" 2>/dev/null)" = systemd ] && break
		sleep 0.1
	done
	[ "$(cat "/proc/$SD_PID/comm" 2>/dev/null)" = systemd ] ||
		{ cat "$HD_TMP/systemd.console" >&2; hd_fail "systemd did not start"; }
	for ((i = 0; i < 300; i++)); do
		state="$(sd systemctl is-system-running 2>/dev/null)" || true
		case "$state" in
		running | degraded) break ;;
		esac
		sleep 0.1
	done
	case "$state" in
	running) ;;
	*)
		sd systemctl --failed --no-pager >&2 || true
		cat "$HD_TMP/systemd.console" >&2
		hd_fail "systemd is '$state', not running"
		;;
	esac
	# The journal up before any unit starts: journalctl -f follows only a
	# journal directory that exists when it starts.
	sd systemctl start systemd-journald.service || hd_fail "journald did not start"
	for ((i = 0; i < 100; i++)); do
		[ -n "$(sd find /run/log/journal -name '*.journal' 2>/dev/null)" ] && break
		sleep 0.1
	done
	[ -n "$(sd find /run/log/journal -name '*.journal' 2>/dev/null)" ] ||
		hd_fail "journald made no journal in /run/log/journal"
	hd_ok "systemd $(sd systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p') is PID 1 of the test's namespaces (host pid $SD_PID)"
}

# sd_stop: kill systemd by its pid (the kernel then kills everything in
# its PID namespace), wait for it, and remove its cgroups.
sd_stop() {
	local h i d
	[ -n "$SD_UNSHARE" ] || return 0
	[ -n "$SD_PID" ] && kill -KILL "$SD_PID" 2>/dev/null
	wait "$SD_UNSHARE" 2>/dev/null
	SD_UNSHARE="" SD_PID=""
	for h in "${SD_CGMADE[@]}"; do
		for ((i = 0; i < 50; i++)); do
			[ -d "$h" ] || break
			find "$h" -depth -type d -exec rmdir {} + 2>/dev/null && break
			sleep 0.1
		done
		[ ! -d "$h" ] || hd_log "could not remove the cgroup $h"
	done
	SD_CGDIRS=() SD_CGMADE=()
}

# sd_show UNIT PROPERTY: one property of a unit, as systemd has it.
sd_show() {
	sd systemctl show -p "$2" --value "$1"
}
