#!/bin/bash
# The package's units run by the real systemd (systemd_lib.sh boots it as
# PID 1 of private namespaces on a scratch root where the package is
# installed with dpkg -i), as shipped: no drop-in, the engine at its
# default address. Asserted, with systemd applying every setting itself:
#  - hardock-watch.service starts and stays up; watch's own sandbox
#    engages inside the unit's (collector within the unit's bounding set,
#    evaluator with no capability and one seccomp filter more); its change
#    lines reach the journal, its state files follow an engine event, with
#    the same verdicts as an unconfined root scan; reload re-reads the
#    profile; its cgroup has the unit's MemoryMax= and stays under it;
#    it writes nothing outside /var/lib/hardock; stop is status 0;
#  - hardock-scan.service (the nightly) writes its dated report and ends
#    with the status its HARDOCK_FAIL_ON gives; its timer is scheduled;
#  - under each unit's own settings, what they forbid is refused where
#    root in the same namespaces is allowed it (personality, setuid and
#    setgid bits, writing /usr, /etc and /root, kernel tunables, the host
#    name, a new namespace, a packet socket, the kernel log).
# Usage: test_systemd.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/unit_lib.sh
. "$(dirname "$0")/unit_lib.sh"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"
# shellcheck source=tests/integration/systemd_lib.sh
. "$(dirname "$0")/systemd_lib.sh"

hd_setup "${1:-}"
hd_deb_find
hd_dockerd_start
hd_image_build
hd_create web --user 1000 --memory 64m --pids-limit 50 >/dev/null
OUT="$HD_TMP/journal.out"
JOURNAL_PID=""
on_exit() {
	local rc=$1
	[ "$rc" = 0 ] || [ -z "$SD_PID" ] ||
		sd journalctl --no-pager -n 40 >&2 2>/dev/null
	[ -z "$JOURNAL_PID" ] || kill "$JOURNAL_PID" 2>/dev/null
	sd_stop
	return "$rc"
}
trap 'on_exit $?; hd_teardown' EXIT

hd_root_setup
hd_in_root 'chroot "$HD_ROOT" dpkg -i "$DEB"' DEB="$HD_DEB" >"$HD_TMP/dpkg.log" 2>&1 ||
	{ cat "$HD_TMP/dpkg.log" >&2; hd_fail "dpkg -i failed"; }
UNITS="$(hd_in_root 'chroot "$HD_ROOT" dpkg -L hardock' | sed -n 's|^.*/systemd/system/||p' | xargs)"
for u in hardock-watch.service hardock-scan.service hardock-scan.timer; do
	case " $UNITS " in *" $u "*) ;; *) hd_fail "the package installs no $u (it lists: $UNITS)" ;; esac
done
sd_boot $UNITS
R="/proc/$SD_PID/root"

# The settings as systemd parsed them, not as the file spells them.
for u in hardock-watch.service hardock-scan.service; do
	for kv in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=read-only \
	    PrivateTmp=yes PrivateDevices=yes ProtectKernelTunables=yes \
	    LockPersonality=yes RestrictSUIDSGID=yes RestrictNamespaces=yes \
	    MemoryDenyWriteExecute=yes; do
		v="$(sd_show "$u" "${kv%%=*}")"
		[ "$v" = "${kv#*=}" ] || hd_fail "$u: systemd has ${kv%%=*}=$v"
	done
done
hd_ok "systemd loaded both services with their confinement"

# --- hardock-watch.service ------------------------------------------------
sleep 1 # file times have the resolution of a clock tick
touch "$HD_TMP/stamp"
sd systemctl start hardock-watch.service || hd_fail "systemctl start hardock-watch.service failed"
# (Only watch's own lines: -u also shows systemd's about the unit.)
sd journalctl -f -n all -o cat _SYSTEMD_UNIT=hardock-watch.service >"$OUT" 2>&1 &
JOURNAL_PID=$!
want 60 type=scan reason=start
want 30 type=engine state=up
[ "$(sd systemctl is-active hardock-watch.service)" = active ] || hd_fail "hardock-watch.service is not active"
MAIN="$(sd_show hardock-watch.service MainPID)"
[ "$MAIN" -gt 0 ] 2>/dev/null || hd_fail "hardock-watch.service has no MainPID ($MAIN)"

# Both processes as the kernel inside sees them.
field() {
	sd awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"
}
# (The path as the unit's own mount namespace has it: beyond this root's
# chroot, the kernel spells it from the namespace's root.)
is_hardock() {
	case "$(sd readlink "/proc/$1/exe")" in
	/usr/bin/hardock | "$HD_ROOT/usr/bin/hardock") return 0 ;;
	esac
	return 1
}
is_hardock "$MAIN" || hd_fail "MainPID $MAIN is $(sd readlink "/proc/$MAIN/exe")"
EVAL=""
for c in $(sd cat "/proc/$MAIN/task/$MAIN/children"); do
	is_hardock "$c" && EVAL="$c"
done
[ -n "$EVAL" ] || hd_fail "no evaluator process under hardock-watch.service"
unit_caps="$(sd_show hardock-watch.service CapabilityBoundingSet | xargs -n 1 | sort)"
[ -n "$unit_caps" ] || hd_fail "hardock-watch.service: no CapabilityBoundingSet as systemd has it"
unit_assert_watch_split "$MAIN" "$EVAL" "$unit_caps" field
cf=$UNIT_CF ef=$UNIT_EF
[ -n "$cf" ] && [ "$cf" -ge 1 ] || hd_fail "collector: no seccomp filter counted (systemd's)"
hd_ok "collector within {$(xargs <<<"$unit_caps")} under systemd's $cf filters; evaluator: no capability, $ef filters"

# The state files, in the StateDirectory= systemd made.
JSON="$R/var/lib/hardock/watch.json"
PROM="$R/var/lib/hardock/watch.prom"
for ((i = 0; i < 100; i++)); do
	[ -s "$JSON" ] && [ -s "$PROM" ] && break
	sleep 0.1
done
[ -s "$JSON" ] && [ -s "$PROM" ] || hd_fail "no /var/lib/hardock/watch.json or watch.prom"
[ "$(stat -c %a "$R/var/lib/hardock")" = 750 ] || hd_fail "StateDirectoryMode: $(stat -c %a "$R/var/lib/hardock")"
unit_assert_watch_state "$JSON" "$PROM" "StateDirectory="

# An engine event: a change line in the journal, the state file follows.
unit_assert_watch_event "$JSON"
hd_ok "the event is a change line in the journal, watch.json follows it"

# The same verdicts as a root scan in the same namespaces, unconfined,
# with the unit's profile.
sd /usr/bin/hardock scan -q --profile cis-level1 --fail-on none -o json:/run/reference.json ||
	hd_fail "the reference scan failed"
unit_verdicts "$R/run/reference.json" | sort >"$HD_TMP/verdicts.ref"
cp "$JSON" "$HD_TMP/watch.json"
unit_verdicts "$HD_TMP/watch.json" | sort >"$HD_TMP/verdicts.watch"
[ "$(wc -l <"$HD_TMP/verdicts.ref")" -gt 100 ] || hd_fail "too few verdicts in the reference"
diff "$HD_TMP/verdicts.ref" "$HD_TMP/verdicts.watch" >&2 ||
	hd_fail "the unit's verdicts (>) differ from an unconfined root scan's (<)"
hd_ok "watch.json: the same $(wc -l <"$HD_TMP/verdicts.ref") verdicts as an unconfined root scan"

# ExecReload=.
sd systemctl reload hardock-watch.service || hd_fail "systemctl reload failed"
want 30 type=scan reason="profile reloaded"
[ "$(sd_show hardock-watch.service MainPID)" = "$MAIN" ] || hd_fail "reload restarted watch"
hd_ok "systemctl reload: profile reloaded by the same process"

# MemoryMax=: the limit is on the service's cgroup, and holds.
mem_max="$(sd_show hardock-watch.service MemoryMax)"
[ "$mem_max" -gt 0 ] 2>/dev/null || hd_fail "hardock-watch.service: MemoryMax=$mem_max"
cg="$(sd awk -F: '$2 == "memory" { print $3 }' "/proc/$MAIN/cgroup")"
case "$cg" in
*/hardock-watch.service) ;;
*) hd_fail "watch's memory cgroup is '$cg'" ;;
esac
limit="$(cat "/sys/fs/cgroup/memory$cg/memory.limit_in_bytes")" ||
	hd_fail "no memory.limit_in_bytes for $cg"
[ "$limit" = "$mem_max" ] || hd_fail "$cg: limit $limit, MemoryMax= $mem_max"
peak="$(cat "/sys/fs/cgroup/memory$cg/memory.max_usage_in_bytes")"
[ "$peak" -lt "$mem_max" ] || hd_fail "peak $peak of MemoryMax= $mem_max"
hd_ok "the service's cgroup: limit $((limit / 1048576)) MiB (MemoryMax=), peak $((peak / 1048576)) MiB"

# Nothing written outside /var/lib/hardock: every file written in the
# root since the start is in the overlay's upper layer. (Directories are
# systemd's: StateDirectory= and PrivateTmp='s under /var/tmp.)
changed="$(find "$HD_ROOT_UPPER" -newer "$HD_TMP/stamp" ! -type d |
	grep -v -e "^$HD_ROOT_UPPER/var/lib/hardock/" || true)"
[ -z "$changed" ] || hd_fail "written outside /var/lib/hardock: $changed"
extra="$(find "$R/var/lib/hardock" -mindepth 1 ! -name watch.json ! -name watch.prom || true)"
[ -z "$extra" ] || hd_fail "/var/lib/hardock holds more than the state files: $extra"
hd_ok "nothing written outside /var/lib/hardock"

# systemctl stop: SIGTERM, status 0, the evaluator gone with it.
sd systemctl stop hardock-watch.service || hd_fail "systemctl stop failed"
# (An inactive unit is unloaded at once, its properties then the defaults:
# systemd's own words in the journal say how it ended.)
sd journalctl -o cat UNIT=hardock-watch.service >"$HD_TMP/unit.log"
grep -q 'Deactivated successfully' "$HD_TMP/unit.log" ||
	{ cat "$HD_TMP/unit.log" >&2; hd_fail "hardock-watch.service did not end successfully"; }
! grep -E 'code=(exited|killed|dumped)|Failed with result' "$HD_TMP/unit.log" >&2 ||
	hd_fail "hardock-watch.service failed on stop"
! sd kill -0 "$EVAL" 2>/dev/null || hd_fail "the evaluator outlived watch"
hd_ok "systemctl stop: exited with status 0"

# --- hardock-scan.service and its timer --------------------------------
# priv fails at high, HARDOCK_FAIL_ON's default: status 1, unit failed,
# the report written first.
fail_on="$(sed -n 's/^HARDOCK_FAIL_ON=//p' "$R/etc/default/hardock")"
[ "$fail_on" = high ] || hd_fail "HARDOCK_FAIL_ON=$fail_on in /etc/default/hardock"
rc=0
sd systemctl start hardock-scan.service || rc=$?
[ "$rc" -ne 0 ] || hd_fail "hardock-scan.service succeeded with a privileged container"
for kv in Result=exit-code ExecMainStatus=1; do
	v="$(sd_show hardock-scan.service "${kv%%=*}")"
	[ "$v" = "${kv#*=}" ] || hd_fail "hardock-scan.service: ${kv%%=*}=$v"
done
today="$(sd date +%F)"
REPORT="$R/var/lib/hardock/reports/$today.json"
[ -s "$REPORT" ] || hd_fail "no /var/lib/hardock/reports/$today.json ($(ls "$R/var/lib/hardock/reports" 2>&1))"
hd_report contract "$REPORT" || hd_fail "the nightly report breaks the report contract"
hd_report expect "$REPORT" container.privileged container priv fail >&2 ||
	hd_fail "the nightly report lacks priv's failure"
[ "$(stat -c %a "$REPORT")" = 600 ] || hd_fail "UMask=0077: the report is $(stat -c %a "$REPORT")"
sd journalctl -o cat -u hardock-scan.service | grep -q "wrote /var/lib/hardock/reports/$today.json" ||
	hd_fail "the nightly said nothing of its report in the journal"
hd_ok "hardock-scan.service: reports/$today.json written, status 1 (priv fails at high)"
sd systemctl start hardock-scan.timer || hd_fail "systemctl start hardock-scan.timer failed"
next="$(sd_show hardock-scan.timer NextElapseUSecRealtime)"
[ -n "$next" ] || hd_fail "hardock-scan.timer has no next elapse"
[ "$(sd_show hardock-scan.timer Persistent)" = yes ] || hd_fail "hardock-scan.timer is not Persistent="
hd_ok "hardock-scan.timer: next run $next"

# --- what each unit forbids, refused under it --------------------------
# The probe runs once as root in the namespaces, then as each unit with
# its ExecStart= replaced (the rest of the file as installed). Each probe
# must be allowed plain, so that neither a missing tool nor the test's
# own rights pass for a refusal; the plain run changes only what these
# namespaces own (the overlay, their host name, their network).
cat >"$R/run/hardock-test/probe.sh" <<'PROBE'
#!/bin/sh
try() {
	n=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "$n=allowed"; else echo "$n=refused"; fi
}
d=/var/lib/hardock/probe.$$
mkdir -p "$d"
: >"$d/f"
try personality /usr/bin/setarch linux32 /bin/true
try suid /bin/chmod u+s "$d/f"
try sgid-dir /bin/mkdir -m 2755 "$d/g"
try write-usr /usr/bin/touch /usr/hardock-probe
try write-etc /usr/bin/touch /etc/hardock-probe
try write-root /usr/bin/touch /root/hardock-probe
try tunables /bin/sh -c 'cat /proc/sys/net/ipv4/ip_forward >/proc/sys/net/ipv4/ip_forward'
try hostname /bin/hostname hardock-probe
try namespace /usr/bin/unshare -n /bin/true
try packet /usr/bin/python3 -c 'import socket; socket.socket(socket.AF_PACKET, socket.SOCK_RAW)'
try kernel-log /bin/dmesg --syslog
rm -rf "$d"
PROBE
probes="personality suid sgid-dir write-usr write-etc write-root tunables hostname namespace packet kernel-log"
check_probe() {
	local mode="$1" out="$2" p expect
	for p in $probes; do
		expect=refused
		[ "$mode" = plain ] && expect=allowed
		case " $out " in
		*" $p=$expect "*) ;;
		*) hd_fail "probe as $mode: want $p=$expect, got: $out" ;;
		esac
	done
}
check_probe plain "$(sd /bin/sh /run/hardock-test/probe.sh | xargs)"
for u in hardock-watch.service hardock-scan.service; do
	sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ta' -e '}' \
	    -e 's|^ExecStart=.*|ExecStart=/bin/sh /run/hardock-test/probe.sh|' \
	    -e '/^ExecReload=/d' -e '/^Restart/d' -e 's/^Type=.*/Type=oneshot/' \
	    "$R/lib/systemd/system/$u" >"$R/run/hardock-test/units/probe-$u"
	grep -q '^ExecStart=/bin/sh /run/hardock-test/probe.sh$' "$R/run/hardock-test/units/probe-$u" ||
		hd_fail "cannot make the probe unit of $u"
	sd systemctl daemon-reload
	sd systemctl start "probe-$u" || hd_fail "probe-$u failed"
	check_probe "$u" "$(sd journalctl -o cat -u "probe-$u" | grep '=' | xargs)"
	hd_ok "$u refuses, as systemd applies it: $probes"
done
echo "test_systemd: all assertions passed" >&2
