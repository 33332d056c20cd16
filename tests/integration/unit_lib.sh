# shellcheck shell=bash
# What the tests of the packaged systemd units share, sourced after lib.sh
# once the package is installed in the scratch root (hd_root_setup, then
# dpkg -i there): a unit's settings read as systemd reads them, and a
# command run in the scratch root under the confinement that unit
# declares, applied without systemd (this machine's PID 1 is not systemd;
# test_systemd.sh runs the same units under a real systemd booted in
# private namespaces, and these emulations keep each setting's effect
# asserted on its own, with the exact probe that shows it):
# CapabilityBoundingSet= (setpriv), NoNewPrivileges=, SystemCallFilter=
# with SystemCallErrorNumber= and SystemCallArchitectures=native (the
# filter holds the native architecture only), RestrictAddressFamilies=,
# MemoryDenyWriteExecute=, RestrictNamespaces=, LockPersonality=,
# RestrictRealtime=, RestrictSUIDSGID=, and the calls ProtectClock=,
# ProtectKernelModules=, ProtectKernelLogs=, ProtectHostname= and
# PrivateDevices= refuse (tests/helpers/unit_seccomp), ProtectSystem=strict
# with ReadWritePaths=, ProtectHome=, PrivateTmp=, PrivateMounts=,
# PrivateDevices=, ProtectKernelTunables=, ProtectControlGroups=,
# ProtectKernelModules= and ProtectKernelLogs= (mounts), ProtectHostname=
# (a UTS namespace), UMask=, Nice= and IOSchedulingClass=. A [Service]
# setting not in UNIT_KNOWN fails unit_load: a setting added to a unit
# must be emulated here, or said why it need not be.

# Every [Service] setting unit_load accepts: those unit_run applies, and
# those that confine nothing a test could see (what to run, when to
# restart, RemoveIPC= after the stop, StateDirectory= made by the test,
# MemoryMax= which the tests measure against instead).
UNIT_KNOWN="Type ExecStart ExecReload Restart RestartSec Nice IOSchedulingClass
UMask ProtectSystem ProtectHome PrivateTmp PrivateMounts ReadWritePaths
StateDirectory StateDirectoryMode NoNewPrivileges CapabilityBoundingSet
RestrictAddressFamilies SystemCallFilter SystemCallErrorNumber
SystemCallArchitectures PrivateDevices ProtectKernelTunables
ProtectKernelModules ProtectKernelLogs ProtectControlGroups ProtectClock
ProtectHostname RestrictNamespaces RestrictRealtime RestrictSUIDSGID
LockPersonality MemoryDenyWriteExecute RemoveIPC MemoryMax TimeoutStartSec"

# unit_load NAME: read the scratch root's /lib/systemd/system/NAME, with
# its continued lines joined and its comments dropped, and derive what
# unit_run applies. Sets UNIT, EXEC (ExecStart=, as words), UNIT_CAPS
# (setpriv's form), UNIT_FAMS, UNIT_ERRNO_NAME, UNIT_ERRNO, UNIT_UMASK,
# UNIT_RW, UNIT_NICE, UNIT_IOCLASS, UNIT_MOUNTS (the Protect*= settings
# that mount), UNIT_UTS and UNIT_SECCOMP_FLAGS; writes the expanded
# system call list to $HD_TMP/sandbox/syscalls, and the calls refused
# with EPERM to $HD_TMP/sandbox/denied, beside a copy of the helper.
unit_load() {
	local src c f p t k known helper
	helper="$(dirname "$HARDOCK")/tests/unit_seccomp"
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
	known=" $(tr '\n' ' ' <<<"$UNIT_KNOWN") "
	while read -r k; do
		case "$known" in
		*" $k "*) ;;
		*) hd_fail "$1: $k= is not emulated by unit_lib.sh (add it, or say in UNIT_KNOWN why it need not be)" ;;
		esac
	done < <(sed -n '/^\[Service\]/,/^\[/{s/^\([A-Za-z]*\)=.*/\1/p}' "$UNIT" | sort -u)
	case "$(unit_get SystemCallArchitectures)" in
	"" | native) ;;
	*) hd_fail "$1: SystemCallArchitectures=$(unit_get SystemCallArchitectures) is not emulated" ;;
	esac
	UNIT_NICE="$(unit_get Nice)"
	UNIT_IOCLASS="$(unit_get IOSchedulingClass)"
	UNIT_SECCOMP_FLAGS="-d /run/hdtest/denied"
	UNIT_MOUNTS=""
	UNIT_UTS=""
	mkdir -p "$HD_TMP/sandbox"
	: >"$HD_TMP/sandbox/denied"
	# Each boolean setting: what the helper applies, what systemd refuses
	# with EPERM besides (src/core/execute.c), what unit_run mounts.
	unit_yes MemoryDenyWriteExecute && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -x"
	unit_yes RestrictNamespaces && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -n"
	unit_yes LockPersonality && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -p"
	unit_yes RestrictRealtime && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -r"
	unit_yes RestrictSUIDSGID && UNIT_SECCOMP_FLAGS="$UNIT_SECCOMP_FLAGS -s"
	unit_yes ProtectClock && unit_expand @clock >>"$HD_TMP/sandbox/denied"
	unit_yes PrivateDevices && unit_expand @raw-io >>"$HD_TMP/sandbox/denied"
	if unit_yes ProtectKernelModules; then
		unit_expand @module >>"$HD_TMP/sandbox/denied"
		UNIT_MOUNTS="$UNIT_MOUNTS modules"
	fi
	if unit_yes ProtectKernelLogs; then
		echo syslog >>"$HD_TMP/sandbox/denied"
		UNIT_MOUNTS="$UNIT_MOUNTS kmsg"
	fi
	if unit_yes ProtectHostname; then
		printf '%s\n' sethostname setdomainname >>"$HD_TMP/sandbox/denied"
		UNIT_UTS=1
	fi
	for f in $(unit_all SystemCallFilter); do
		case "$f" in
		~*) hd_fail "$1: deny-list SystemCallFilter=$f is not emulated" ;;
		@*) unit_expand "$f" ;;
		*) echo "$f" ;;
		esac
	done | sort -u >"$HD_TMP/sandbox/syscalls"
	[ "$(wc -l <"$HD_TMP/sandbox/syscalls")" -gt 100 ] || hd_fail "$1: the filter expanded to too few calls"
	cp "$helper" "$HD_TMP/sandbox/unit_seccomp"
	hd_ok "$1: ExecStart=${EXEC[*]}; caps $UNIT_CAPS; families $UNIT_FAMS; errno $UNIT_ERRNO_NAME; rw$UNIT_RW; helper $UNIT_SECCOMP_FLAGS ($(wc -l <"$HD_TMP/sandbox/denied") calls refused); mounts${UNIT_MOUNTS:- none}; ${UNIT_UTS:+own UTS namespace; }nice ${UNIT_NICE:-0} io ${UNIT_IOCLASS:-default}"
}

# Whether the loaded unit sets the boolean KEY to yes (or true, on, 1).
unit_yes() {
	case "$(unit_get "$1")" in
	yes | true | on | 1) return 0 ;;
	*) return 1 ;;
	esac
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
	# ProtectKernelModules=, ProtectKernelLogs=: what systemd makes
	# inaccessible (an empty directory or file of mode 0).
	mkdir -m 0 "$HD_TMP/inaccessible.dir" 2>/dev/null || true
	touch "$HD_TMP/inaccessible.reg" && chmod 0 "$HD_TMP/inaccessible.reg"
	for m in $MOUNTS; do
		case "$m" in
		modules) paths="/usr/lib/modules /lib/modules" ;;
		kmsg) paths="/proc/kmsg" ;;
		esac
		for p in $paths; do
			p="$(readlink -f "$HD_ROOT$p" 2>/dev/null)" || continue
			if [ -d "$p" ]; then
				mount --bind "$HD_TMP/inaccessible.dir" "$p"
			elif [ -e "$p" ]; then
				mount --bind "$HD_TMP/inaccessible.reg" "$p"
			fi
		done
	done
	# ProtectSystem=strict, ProtectHome=read-only, ProtectControlGroups=:
	# every mount read-only but /proc, /dev, ReadWritePaths= and the
	# PrivateTmp= directories (systemd leaves those writable).
	keep=" $HD_ROOT/proc $HD_ROOT/dev $HD_ROOT/tmp $HD_ROOT/var/tmp "
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
	# Nice=, IOSchedulingClass=, ProtectHostname= (its own UTS namespace,
	# the host name kept): applied on the way in, as systemd does before
	# the exec.
	pre=""
	[ -z "$NICE" ] || pre="$pre nice -n $NICE"
	[ -z "$IOCLASS" ] || pre="$pre ionice -c $IOCLASS"
	[ -z "$UTS" ] || pre="$pre unshare --uts"
	exec $pre env $XENV chroot "$HD_ROOT" setpriv --bounding-set="$CAPS" --inh-caps=-all \
		/run/hdtest/unit_seccomp -e "$ERRNO" -a "$FAMS" $SFLAGS /run/hdtest/syscalls -- $CMD
	' BINDS="${UNIT_BINDS:-}" XENV="${UNIT_ENV:-}" PIDFILE="${UNIT_PIDFILE:-}" \
	SANDBOX="$HD_TMP/sandbox" MODE="$1" CMD="$2" RW="$UNIT_RW" UMASK="$UNIT_UMASK" \
	CAPS="${RUN_CAPS:-$UNIT_CAPS}" ERRNO="$UNIT_ERRNO" FAMS="$UNIT_FAMS" \
	SFLAGS="$UNIT_SECCOMP_FLAGS" MOUNTS="$UNIT_MOUNTS" UTS="$UNIT_UTS" \
	NICE="$UNIT_NICE" IOCLASS="$UNIT_IOCLASS"
}

# unit_probe: that the confinement unit_run applies refuses what the
# loaded unit says it refuses, where an unconfined root is allowed it (so
# neither a missing tool nor the test's own rights pass for a refusal):
# each probe is allowed plain and refused confined. Only probes that
# change nothing outside the run's private /tmp: a clock or host name
# probe that the filter failed to stop would change the host.
unit_probe() {
	local mode out w expect want=""
	unit_yes LockPersonality && want="$want personality=refused"
	unit_yes RestrictSUIDSGID && want="$want suid=refused sgid-dir=refused"
	[ -n "$want" ] || return 0
	cat >"$HD_TMP/sandbox/probe.sh" <<'PROBE'
#!/bin/sh
# One line a probe: its name and whether the call was allowed.
try() {
	n=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "$n=allowed"; else echo "$n=refused"; fi
}
f=/tmp/probe.$$
: >"$f"
try personality /usr/bin/setarch linux32 /bin/true
try suid /bin/chmod u+s "$f"
try sgid-dir /bin/mkdir -m 2755 "$f.d"
PROBE
	for mode in plain unit; do
		out="$(unit_run "$mode" "/bin/sh /run/hdtest/probe.sh" | xargs)"
		for w in $want; do
			expect="${w#*=}"
			[ "$mode" = unit ] || expect=allowed
			case " $out " in
			*" ${w%=*}=$expect "*) ;;
			*) hd_fail "unit_probe: $mode: want ${w%=*}=$expect, got: $out" ;;
			esac
		done
	done
	hd_ok "the confinement refuses$want where plain root is allowed"
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

# The capability names of a hex set (capsh --decode), one a line, sorted.
unit_cap_names() {
	capsh --decode="$1" | sed 's/^[^=]*=//' | tr ',' '\n' | sed '/^$/d' | sort
}

# watch's two processes as a unit runs them: collector $1 and evaluator
# $2 hold no capability beyond the names in $3 (one a line, sorted), the
# evaluator none at all (its bounding set stays the unit's: emptying it
# needs CAP_SETPCAP, which the units do not grant, and it could matter
# only across an execve, which no_new_privs and the filter rule out);
# both no_new_privs and a seccomp filter; the evaluator one filter more
# than the collector where the kernel counts them. $4 is the command
# that reads /proc/PID/status: "$4 PID KEY" prints KEY's value. Sets
# UNIT_CF and UNIT_EF to the two filter counts (empty if not counted).
unit_assert_watch_split() {
	local col=$1 ev=$2 caps=$3 field=$4 k p extra
	for k in CapEff CapPrm CapBnd; do
		for p in "$col" "$ev"; do
			extra="$(unit_cap_names "$("$field" "$p" "$k")" | comm -23 - <(echo "$caps"))"
			[ -z "$extra" ] || hd_fail "pid $p $k holds $extra, beyond the unit's CapabilityBoundingSet="
		done
	done
	for k in CapEff CapPrm CapInh CapAmb; do
		[ "$("$field" "$ev" "$k")" = 0000000000000000 ] || hd_fail "evaluator $k is $("$field" "$ev" "$k")"
	done
	for p in "$col" "$ev"; do
		[ "$("$field" "$p" NoNewPrivs)" = 1 ] || hd_fail "pid $p: no no_new_privs"
		[ "$("$field" "$p" Seccomp)" = 2 ] || hd_fail "pid $p: no seccomp filter"
	done
	UNIT_CF="$("$field" "$col" Seccomp_filters)"
	UNIT_EF="$("$field" "$ev" Seccomp_filters)"
	if [ -n "$UNIT_CF" ]; then
		[ "$UNIT_EF" -gt "$UNIT_CF" ] ||
			hd_fail "evaluator has $UNIT_EF seccomp filters, the collector $UNIT_CF: want one more"
	fi
}

# A watch unit's state files json and prom once written: the report
# contract, the sandbox block of a watch split into collector and
# evaluator, a metric; label names the unit's setting in failures.
unit_assert_watch_state() {
	local json=$1 prom=$2 label=$3
	hd_report contract "$json" || hd_fail "$label: watch.json breaks the report contract"
	hd_python - "$json" <<-'PY' >&2 || hd_fail "$label: the state file's sandbox block"
	import json, sys
	sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	assert sb["enabled"] is True and sb["no_new_privs"] is True, sb
	assert sb["evaluation_capabilities"] == [], sb
	assert "evaluator" in sb["applied"], sb
	print("sandbox in the unit: collection with", sb["collection_capabilities"])
	PY
	grep -q '^hardock_' "$prom" || hd_fail "$label: watch.prom holds no hardock metric"
}

# An engine event under a running watch unit: a privileged container
# created gives its change line (want, watch_lib.sh) and the state file
# json follows with its failure.
unit_assert_watch_event() {
	local json=$1
	hd_create priv --privileged >/dev/null
	want 30 type=change finding.object.name=priv control=container.privileged \
		old_status=null new_status=fail
	wait_for 10 '"priv"' "$json" || hd_fail "$json does not name priv"
	hd_report expect "$json" container.privileged container priv fail >&2 ||
		hd_fail "$json lacks priv's failure"
}
