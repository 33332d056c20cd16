# shellcheck shell=bash
# What the tests of the packaged systemd units share, sourced after lib.sh
# once the package is installed in the scratch root (hd_root_setup, then
# dpkg -i there): a unit's settings read as systemd reads them, and a
# command run in the scratch root under the confinement that unit
# declares, applied without systemd (this machine's PID 1 is not systemd):
# CapabilityBoundingSet= (setpriv), NoNewPrivileges=, SystemCallFilter=
# with SystemCallErrorNumber=, RestrictAddressFamilies=,
# MemoryDenyWriteExecute= and RestrictNamespaces= (tests/helpers/
# unit_seccomp), ProtectSystem=strict with ReadWritePaths=, ProtectHome=,
# PrivateTmp=, PrivateDevices=, ProtectKernelTunables= and
# ProtectControlGroups= (mounts), UMask=.

# unit_load NAME: read the scratch root's /lib/systemd/system/NAME, with
# its continued lines joined and its comments dropped, and derive what
# unit_run applies. Sets UNIT, EXEC (ExecStart=, as words), UNIT_CAPS
# (setpriv's form), UNIT_FAMS, UNIT_ERRNO_NAME, UNIT_ERRNO, UNIT_UMASK,
# UNIT_RW and UNIT_SECCOMP_FLAGS; writes the expanded system call list to
# $HD_TMP/sandbox/syscalls beside a copy of the helper.
unit_load() {
	local src c f p t helper="$(dirname "$HARDOCK")/tests/unit_seccomp"
	for t in setpriv unshare systemd-analyze; do
		command -v "$t" >/dev/null || hd_fail "$t missing (scripts/deps.sh --test)"
	done
	[ -x "$helper" ] || hd_fail "$helper missing (built with the tests)"
	# (/lib is /usr/lib on a merged-/usr system: dpkg wrote through the link.)
	src="$HD_ROOT_UPPER$(readlink -f /lib)/systemd/system/$1"
	[ -f "$src" ] || hd_fail "the package installed no $1"
	UNIT="$HD_TMP/unit.$1"
	sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ta' -e '}' "$src" |
		grep -v '^[#;]' >"$UNIT"
	read -ra EXEC <<<"$(unit_get ExecStart)"
	[ "${#EXEC[@]}" -ge 1 ] || hd_fail "$1: no ExecStart="
	UNIT_CAPS="-all"
	for c in $(unit_all CapabilityBoundingSet); do
		c="${c#CAP_}"
		UNIT_CAPS="$UNIT_CAPS,+${c,,}"
	done
	UNIT_FAMS="$(unit_all RestrictAddressFamilies | xargs | tr ' ' ',')"
	UNIT_ERRNO_NAME="$(unit_get SystemCallErrorNumber)"
	UNIT_ERRNO="$(hd_python -c "import errno, sys; print(getattr(errno, sys.argv[1]))" "$UNIT_ERRNO_NAME")" ||
		hd_fail "$1: SystemCallErrorNumber=$UNIT_ERRNO_NAME"
	UNIT_UMASK="$(unit_get UMask)"
	[ -n "$UNIT_UMASK" ] || UNIT_UMASK=0022
	UNIT_RW=""
	for p in $(unit_all ReadWritePaths); do
		UNIT_RW="$UNIT_RW ${p#-}"
	done
	UNIT_SECCOMP_FLAGS=""
	[ "$(unit_get MemoryDenyWriteExecute)" = yes ] && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -x"
	[ "$(unit_get RestrictNamespaces)" = yes ] && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -n"
	mkdir -p "$HD_TMP/sandbox"
	for f in $(unit_all SystemCallFilter); do
		case "$f" in
		~*) hd_fail "$1: deny-list SystemCallFilter=$f is not emulated" ;;
		@*) unit_expand "$f" ;;
		*) echo "$f" ;;
		esac
	done | sort -u >"$HD_TMP/sandbox/syscalls"
	[ "$(wc -l <"$HD_TMP/sandbox/syscalls")" -gt 100 ] || hd_fail "$1: the filter expanded to too few calls"
	cp "$helper" "$HD_TMP/sandbox/unit_seccomp"
	hd_ok "$1: ExecStart=${EXEC[*]}; caps $UNIT_CAPS; families $UNIT_FAMS; errno $UNIT_ERRNO_NAME; rw$UNIT_RW;${UNIT_SECCOMP_FLAGS:- no} W^X/namespace flags"
}

# A setting of the loaded unit as systemd reads it: the last assignment.
unit_get() {
	sed -n "s/^$1=//p" "$UNIT" | tail -n 1
}

# A list setting: every assignment, joined (they accumulate).
unit_all() {
	sed -n "s/^$1=//p" "$UNIT" | tr '\n' ' '
}

# unit_want KEY=VALUE...: the unit sets each so.
unit_want() {
	local kv
	for kv in "$@"; do
		[ "$(unit_get "${kv%%=*}")" = "${kv#*=}" ] ||
			hd_fail "unit: want $kv, has '$(unit_get "${kv%%=*}")'"
	done
}

# Every call of a filter set, expanded as this systemd defines it.
unit_expand() {
	local s
	systemd-analyze syscall-filter "$1" | sed 1d | sed 's/^ *//; /^#/d; /^$/d' |
	while read -r s; do
		case "$s" in @*) unit_expand "$s" ;; *) echo "$s" ;; esac
	done
}

# unit_run MODE COMMAND: run COMMAND (words) in the scratch root. MODE
# plain: an unconfined root; MODE unit: confined as the loaded unit says.
# UNIT_BINDS ("HOST-DIR:ROOT-DIR ...") are bind-mounted into the root (a
# test's state directories, its engine's directory), UNIT_ENV
# ("NAME=VALUE ...", as a drop-in's Environment= would) is added to the
# environment; with UNIT_PIDFILE set, the command's pid is written there
# (the command is exec'd, so the pid is its own).
unit_run() {
	hd_in_root '
	# PrivateTmp=: new /tmp and /var/tmp (before the binds: a test keeps
	# its directories under /tmp, a real engine does not).
	mount -t tmpfs tmpfs "$HD_ROOT/tmp"
	mount -t tmpfs tmpfs "$HD_ROOT/var/tmp"
	for b in $BINDS; do
		mkdir -p "$HD_ROOT${b#*:}"
		mount --bind "${b%%:*}" "$HD_ROOT${b#*:}"
	done
	mkdir -p "$HD_ROOT/run/hdtest"
	cp "$SANDBOX"/* "$HD_ROOT/run/hdtest/"
	[ -z "$PIDFILE" ] || echo "$$" >"$PIDFILE"
	if [ "$MODE" = plain ]; then
		exec env $XENV chroot "$HD_ROOT" $CMD
	fi
	# PrivateDevices=: only the pseudo devices.
	umount -l "$HD_ROOT/dev"
	mount -t tmpfs -o mode=0755 tmpfs "$HD_ROOT/dev"
	for d in null zero full random urandom; do
		touch "$HD_ROOT/dev/$d"
		mount --bind "/dev/$d" "$HD_ROOT/dev/$d"
	done
	# ProtectKernelTunables=: /proc/sys and /sys read-only.
	mount --bind "$HD_ROOT/proc/sys" "$HD_ROOT/proc/sys"
	# ProtectSystem=strict, ProtectHome=read-only, ProtectControlGroups=:
	# every mount read-only but /proc, /dev and ReadWritePaths=.
	keep=" $HD_ROOT/proc $HD_ROOT/dev "
	for p in $RW; do
		keep="$keep$HD_ROOT$p "
	done
	for d in null zero full random urandom; do
		keep="$keep$HD_ROOT/dev/$d "
	done
	awk -v r="$HD_ROOT" "index(\$5, r) == 1 { print \$5 }" /proc/self/mountinfo |
	while read -r m; do
		case "$keep" in *" $m "*) continue ;; esac
		mount -o remount,bind,ro "$m" 2>/dev/null || echo "cannot make $m read-only" >&2
	done
	umask "$UMASK"
	exec env $XENV chroot "$HD_ROOT" setpriv --bounding-set="$CAPS" --inh-caps=-all \
		/run/hdtest/unit_seccomp -e "$ERRNO" -a "$FAMS" $SFLAGS /run/hdtest/syscalls -- $CMD
	' BINDS="${UNIT_BINDS:-}" XENV="${UNIT_ENV:-}" PIDFILE="${UNIT_PIDFILE:-}" \
	SANDBOX="$HD_TMP/sandbox" MODE="$1" CMD="$2" RW="$UNIT_RW" UMASK="$UNIT_UMASK" \
	CAPS="${RUN_CAPS:-$UNIT_CAPS}" ERRNO="$UNIT_ERRNO" FAMS="$UNIT_FAMS" \
	SFLAGS="$UNIT_SECCOMP_FLAGS"
}

# The verdicts of a JSON report, one a line (results, then findings by
# object), not the live evidence (listening sockets, processes) that may
# move between two runs: a fact a confinement hid would turn a result or
# a finding into an error with its reason.
unit_verdicts() {
	hd_python -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["id"], r["status"], r["message"] if r["status"] == "error" else "")
    for f in r.get("findings") or []:
        o = f.get("object") or {}
        print(" ", r["id"], o.get("kind"), o.get("id"), f["status"],
              f.get("message") if f["status"] == "error" else "")' "$1" ||
		hd_fail "cannot read $1"
}
