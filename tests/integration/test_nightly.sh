#!/bin/bash
# The nightly scan as hardock-scan.service runs it, against a private
# dockerd. The package (package_build fixture) is installed with dpkg -i
# into a scratch root (see test_package.sh); its unit file's ExecStart=
# runs there, word for word, with its /etc/default/hardock, under the
# confinement the same unit file declares, applied without systemd
# (unit_lib.sh says which settings and how; test_systemd.sh runs the unit
# under the real systemd). Asserted: the same report as an
# unconfined root scan of the same engine; the dated JSON, HTML and CSV;
# the diff against the previous report naming what was resolved; pruning
# to HARDOCK_RETENTION dates; hardock.prom renamed into the textfile
# directory from a temporary file beside it (inotify), mode 0644; nothing
# written anywhere else; a bad setting is exit status 2 and writes nothing.
# Usage: test_nightly.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/unit_lib.sh
. "$(dirname "$0")/unit_lib.sh"

hd_setup "${1:-}"
command -v inotifywait >/dev/null || hd_fail "inotifywait missing (scripts/deps.sh --test)"
hd_deb_find

# The engine: yesterday it also held a privileged container.
hd_dockerd_start
hd_image_build
hd_create web --user 1000 --memory 64m --pids-limit 50 >/dev/null
hd_create priv --privileged >/dev/null
ENGINE_DIR="$HD_TMP/docker"

hd_root_setup
hd_in_root 'chroot "$HD_ROOT" dpkg -i "$DEB"' DEB="$HD_DEB" >"$HD_TMP/dpkg.log" 2>&1 ||
	{ cat "$HD_TMP/dpkg.log" >&2; hd_fail "dpkg -i failed"; }
CONF="$HD_ROOT_UPPER/etc/default/hardock"
[ -f "$CONF" ] || hd_fail "the package installed no /etc/default/hardock"
unit_load hardock-scan.service
unit_want Type=oneshot ProtectSystem=strict ProtectHome=read-only PrivateTmp=yes \
    NoNewPrivileges=yes PrivateDevices=yes ProtectKernelTunables=yes \
    LockPersonality=yes RestrictSUIDSGID=yes
unit_probe
unit_all ReadWritePaths | grep -qw /var/lib/hardock || hd_fail "unit: no ReadWritePaths=/var/lib/hardock"
unit_all SystemCallFilter | grep -qw @system-service || hd_fail "unit: no SystemCallFilter=@system-service"
for af in AF_UNIX AF_INET AF_INET6; do
	unit_all RestrictAddressFamilies | grep -qw "$af" || hd_fail "unit: $af not allowed"
done
caps="$UNIT_CAPS"

# The settings under test, in the installed conffile.
# The engine by its own socket path (visible in the scratch root, see
# run_root), so that hardock matches it to its dockerd by --host even when
# other engines run on this machine.
sed -i 's/^HARDOCK_RETENTION=.*/HARDOCK_RETENTION=3/; s/^HARDOCK_FORMATS=.*/HARDOCK_FORMATS="html csv"/' "$CONF"
sed -i "s|^HARDOCK_SCAN_ARGS=.*|HARDOCK_SCAN_ARGS=\"-H unix://$HD_SOCK\"|" "$CONF"
grep -qx "HARDOCK_SCAN_ARGS=\"-H unix://$HD_SOCK\"" "$CONF" || hd_fail "cannot set HARDOCK_SCAN_ARGS"
grep -q '^HARDOCK_PROFILE=cis-level1$' "$CONF" || hd_fail "default profile is not cis-level1"
fail_on="$(sed -n 's/^HARDOCK_FAIL_ON=//p' "$CONF")"

# /var/lib/hardock and the textfile directory are directories of this
# test, bind-mounted into the scratch root.
STATE="$HD_TMP/state"
TEXTFILE="$HD_TMP/textfile"
mkdir -p "$STATE" "$TEXTFILE"
chmod 0755 "$TEXTFILE"

# Run in the scratch root (unit_run) with the state and textfile
# directories and the engine's.
UNIT_BINDS="$STATE:/var/lib/hardock $TEXTFILE:/var/lib/prometheus/node-exporter $ENGINE_DIR:$ENGINE_DIR"
run_root() {
	unit_run "$@"
}

# The confinement is real: a probe run the same way holds exactly the
# unit's capabilities, no_new_privs and a seccomp filter, cannot write
# outside ReadWritePaths=, cannot open a packet socket, and can read
# dockerd's environment, which it cannot without CAP_SYS_PTRACE.
cat >"$HD_TMP/sandbox/probe.sh" <<'PROBE'
sed -n 's/^\(CapEff\|NoNewPrivs\|Seccomp\):[[:space:]]*/\1 /p' /proc/self/status
touch /etc/hardock-probe 2>/dev/null && echo "wrote /etc"
touch /usr/hardock-probe 2>/dev/null && echo "wrote /usr"
touch /root/hardock-probe 2>/dev/null && echo "wrote /root"
touch /var/lib/hardock/probe && rm /var/lib/hardock/probe && echo "wrote state"
head -c 1 "/proc/$1/environ" >/dev/null 2>&1 && echo "read environ"
/usr/bin/python3 -c 'import socket; socket.socket(socket.AF_PACKET, socket.SOCK_RAW)' 2>/dev/null &&
	echo "packet socket"
exit 0
PROBE
DPID="$(cat "$ENGINE_DIR/dockerd.pid")"
run_root unit "/bin/sh /run/hdtest/probe.sh $DPID" >"$HD_TMP/probe" 2>&1 ||
	{ cat "$HD_TMP/probe" >&2; hd_fail "the probe failed"; }
eff="$(capsh --decode="$(sed -n 's/^CapEff //p' "$HD_TMP/probe")" | sed 's/.*=//')"
want_eff="$(unit_all CapabilityBoundingSet | tr 'A-Z' 'a-z' | xargs -n 1 | sort | tr '\n' ' ')"
[ "$(echo "$eff" | tr ',' '\n' | sort | tr '\n' ' ')" = "$want_eff" ] ||
	hd_fail "confined capabilities: $eff, unit: $want_eff"
grep -qx "NoNewPrivs 1" "$HD_TMP/probe" || hd_fail "no no_new_privs"
grep -qx "Seccomp 2" "$HD_TMP/probe" || hd_fail "no seccomp filter"
grep -q "^wrote /" "$HD_TMP/probe" && hd_fail "the confined probe wrote outside ReadWritePaths="
grep -qx "wrote state" "$HD_TMP/probe" || hd_fail "the confined probe cannot write /var/lib/hardock"
grep -qx "packet socket" "$HD_TMP/probe" && hd_fail "the confined probe opened an AF_PACKET socket"
grep -qx "read environ" "$HD_TMP/probe" || hd_fail "the confined probe cannot read dockerd's environment"
RUN_CAPS="${caps/,+sys_ptrace/}" run_root unit "/bin/sh /run/hdtest/probe.sh $DPID" >"$HD_TMP/probe" 2>&1
grep -qx "read environ" "$HD_TMP/probe" && hd_fail "dockerd's environment is readable without CAP_SYS_PTRACE"
hd_ok "confined: capabilities $eff, no_new_privs, seccomp, read-only but ReadWritePaths=; CAP_SYS_PTRACE needed for dockerd's environ"

# Yesterday's report, with the privileged container, and two older dates.
REPORTS="$STATE/reports"
mkdir -p "$REPORTS"
run_root plain "/usr/bin/hardock scan -H unix://$HD_SOCK -q --profile cis-level1 -o json:/var/lib/hardock/reports/2000-01-03.json" \
	>"$HD_TMP/out" 2>"$HD_TMP/err" || [ $? = 1 ] || { cat "$HD_TMP/err" >&2; hd_fail "yesterday's scan failed"; }
hd_report expect "$REPORTS/2000-01-03.json" 5.5 container priv fail >/dev/null ||
	hd_fail "yesterday's report does not fail 5.5 on priv"
for d in 2000-01-01 2000-01-02; do
	cp "$REPORTS/2000-01-03.json" "$REPORTS/$d.json"
	echo "<html></html>" >"$REPORTS/$d.html"
done
echo "old diff" >"$REPORTS/2000-01-02.diff.txt"
hd_docker rm -f priv >/dev/null || hd_fail "docker rm priv"

# Tonight: an unconfined root scan of the same engine, for reference...
rc_ref=0
run_root plain "/usr/bin/hardock scan -H unix://$HD_SOCK -q --profile cis-level1 --fail-on $fail_on -o json:/var/lib/hardock/reference.json" \
	>"$HD_TMP/out" 2>"$HD_TMP/err" || rc_ref=$?
[ "$rc_ref" -le 1 ] || { cat "$HD_TMP/err" >&2; hd_fail "reference scan exited $rc_ref"; }
mv "$STATE/reference.json" "$HD_TMP/reference.json"

# ... and the service's command line, confined, watched by inotify.
inotifywait -m -e create,modify,close_write,moved_from,moved_to,delete,attrib \
	--format '%e %f' "$TEXTFILE" >"$HD_TMP/inotify.log" 2>"$HD_TMP/inotify.err" &
INOTIFY_PID=$!
for ((i = 0; i < 50; i++)); do
	grep -q "Watches established" "$HD_TMP/inotify.err" 2>/dev/null && break
	sleep 0.1
done
touch "$HD_TMP/stamp"
sleep 1 # file times below have a resolution of the clock tick
today="$(date +%Y-%m-%d)"
rc=0
run_root unit "${EXEC[*]}" >"$HD_TMP/nightly.out" 2>"$HD_TMP/nightly.err" || rc=$?
sleep 0.5
kill "$INOTIFY_PID" 2>/dev/null
wait "$INOTIFY_PID" 2>/dev/null
cat "$HD_TMP/nightly.err" >&2
[ "$rc" = "$rc_ref" ] || hd_fail "the service exited $rc, an unconfined scan $rc_ref"
grep -q "cannot make" "$HD_TMP/nightly.err" && hd_fail "the read-only emulation is incomplete"
hd_ok "the service's command line ran confined, exit status $rc (HARDOCK_FAIL_ON=$fail_on)"

# The dated reports, with the same verdicts as the unconfined scan.
for f in json html csv diff.txt; do
	[ -s "$REPORTS/$today.$f" ] || hd_fail "no $today.$f"
done
hd_report contract "$REPORTS/$today.json" || hd_fail "$today.json breaks the report contract"
# The verdicts, not the live evidence (listening sockets, processes) that
# may move between two scans: a fact the confinement hid would turn a
# result or a finding into an error with its reason.
unit_verdicts "$HD_TMP/reference.json" >"$HD_TMP/verdicts.ref"
unit_verdicts "$REPORTS/$today.json" >"$HD_TMP/verdicts.svc"
[ "$(wc -l <"$HD_TMP/verdicts.ref")" -gt 100 ] || hd_fail "too few verdicts in the reference"
diff "$HD_TMP/verdicts.ref" "$HD_TMP/verdicts.svc" >&2 ||
	hd_fail "the confined service's verdicts (>) differ from an unconfined root scan's (<)"
grep -q '<html' "$REPORTS/$today.html" || hd_fail "$today.html is not HTML"
# hardock's own sandbox still engages inside the unit's confinement.
hd_python -c 'import json, sys
s = json.load(open(sys.argv[1]))["tool"]["sandbox"]
assert s["enabled"] is True and s["no_new_privs"] is True, s
assert s["evaluation_capabilities"] == [], s
print("hardock sandbox in the unit: collection with", s["collection_capabilities"],
      "; evaluation with none; seccomp:", s["seccomp"][:40])' "$REPORTS/$today.json" >&2 ||
	hd_fail "hardock's own sandbox did not engage under the unit"
hd_ok "$today.json (the same results as an unconfined root scan), .html, .csv"
[ "$(stat -c %a "$REPORTS/$today.json")" = 600 ] || hd_fail "$today.json is not mode 0600"

# The diff against yesterday: the privileged container is gone.
grep -qE '^  - 5\.5 fail container priv: ' "$REPORTS/$today.diff.txt" || {
	cat "$REPORTS/$today.diff.txt" >&2
	hd_fail "the diff does not name 5.5 on priv as resolved"
}
grep -q "2000-01-03.json" "$HD_TMP/nightly.err" || hd_fail "the log does not name the report diffed against"
hd_ok "$today.diff.txt: 5.5 on priv resolved since 2000-01-03"

# Retention: three dates kept, every file of the oldest removed.
ls "$REPORTS" | grep -q '^2000-01-01\.' && hd_fail "2000-01-01 was not pruned"
for f in 2000-01-02.json 2000-01-02.html 2000-01-02.diff.txt 2000-01-03.json; do
	[ -f "$REPORTS/$f" ] || hd_fail "$f was removed (HARDOCK_RETENTION=3)"
done
ls "$REPORTS" | grep -q '^\.' && hd_fail "temporary files left in reports/"
hd_ok "retention: 2000-01-01 removed, 2000-01-02, 2000-01-03 and $today kept"

# The Prometheus file: renamed into place from a temporary file beside it.
PROM="$TEXTFILE/hardock.prom"
[ -f "$PROM" ] || hd_fail "no hardock.prom in the textfile directory"
grep -q '^hardock_' "$PROM" || hd_fail "hardock.prom holds no hardock metric"
[ "$(stat -c %a "$PROM")" = 644 ] || hd_fail "hardock.prom is not mode 0644"
[ "$(ls -A "$TEXTFILE")" = hardock.prom ] || hd_fail "textfile directory: $(ls -A "$TEXTFILE")"
cat "$HD_TMP/inotify.log" >&2
grep ' hardock\.prom$' "$HD_TMP/inotify.log" | grep -v '^MOVED_TO hardock\.prom$' &&
	hd_fail "hardock.prom was written in place"
tmpname="$(sed -n 's/^MOVED_FROM \(\.hardock\.prom\.[A-Za-z0-9]*\)$/\1/p' "$HD_TMP/inotify.log")"
[ -n "$tmpname" ] || hd_fail "no temporary file was renamed in the textfile directory"
grep -qx "CREATE $tmpname" "$HD_TMP/inotify.log" || hd_fail "$tmpname was not created there"
grep -qx "CLOSE_WRITE,CLOSE $tmpname" "$HD_TMP/inotify.log" || hd_fail "$tmpname was not written there"
[ "$(grep -n . "$HD_TMP/inotify.log" | grep "MOVED_TO hardock.prom" | cut -d: -f1)" -gt \
	"$(grep -n . "$HD_TMP/inotify.log" | grep "CLOSE_WRITE,CLOSE $tmpname" | cut -d: -f1 | tail -n 1)" ] ||
	hd_fail "hardock.prom appeared before its content was complete"
hd_ok "hardock.prom: written as $tmpname, then renamed"

# Nothing else was written: the scratch root's upper layer is unchanged.
changed="$(find "$HD_ROOT_UPPER" -newer "$HD_TMP/stamp" 2>/dev/null)"
[ -z "$changed" ] || hd_fail "the service wrote outside its directories: $changed"
hd_ok "nothing written outside /var/lib/hardock and the textfile directory"

# Again the same day: today's files replaced, hardock.prom a new inode.
ino="$(stat -c %i "$PROM")"
rc=0
run_root unit "${EXEC[*]}" >"$HD_TMP/out" 2>"$HD_TMP/err" || rc=$?
[ "$rc" = "$rc_ref" ] || { cat "$HD_TMP/err" >&2; hd_fail "second run exited $rc"; }
[ "$(stat -c %i "$PROM")" != "$ino" ] || hd_fail "hardock.prom was rewritten in place"
[ "$(ls "$REPORTS" | sed 's/\..*//' | sort -u | tr '\n' ' ')" = "2000-01-02 2000-01-03 $today " ] ||
	hd_fail "after a second run: $(ls "$REPORTS")"
grep -q "2000-01-03.json" "$HD_TMP/err" || hd_fail "the second run did not diff against 2000-01-03"
hd_ok "second run: today's reports replaced, hardock.prom renamed again"

# Each capability kept is needed: without it hardock reads less. Compared
# are the facts of confined snapshots (hardock scan --save-snapshot, run
# as the service runs), less those that differ between two snapshots with
# every capability (the engine's live counters, times). Root reads its own
# files as their owner; CAP_DAC_READ_SEARCH is for those of other users,
# so the engine's daemon.json is made such a file (as on a host where 3.17
# fails), with a setting a check judges (hardock reads the file).
echo '{"no-new-privileges": true}' >"$ENGINE_DIR/daemon.json"
chown 1000:1000 "$ENGINE_DIR/daemon.json"
chmod 0600 "$ENGINE_DIR/daemon.json"
snap() {
	rm -f "$STATE/snap.json"
	RUN_CAPS="$1" run_root unit "/usr/bin/hardock scan -H unix://$HD_SOCK -q --fail-on none --save-snapshot /var/lib/hardock/snap.json" \
		>"$HD_TMP/out" 2>"$HD_TMP/err"
	[ -f "$STATE/snap.json" ] || { cat "$HD_TMP/err" >&2; hd_fail "no snapshot with capabilities $1"; }
	mv "$STATE/snap.json" "$2"
}
# Print the paths whose values differ between snapshots $1 and $2, but
# those listed in file $3 (if given).
snap_diff() {
	hd_python -c 'import json, sys
def flat(x, p, out):
    if isinstance(x, dict):
        for k, v in x.items():
            flat(v, p + "." + k, out)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            flat(v, "%s[%d]" % (p, i), out)
    else:
        out[p] = x
    return out
a, b = (flat(json.load(open(f)), "", {}) for f in sys.argv[1:3])
skip = set(open(sys.argv[3]).read().split()) if len(sys.argv) > 3 else set()
for k in sorted(set(a) | set(b)):
    if a.get(k) != b.get(k) and k not in skip:
        print(k, "|", str(a.get(k))[:80], "|", str(b.get(k))[:80])' "$@"
}
snap "$caps" "$HD_TMP/snap.all1"
snap "$caps" "$HD_TMP/snap.all2"
snap_diff "$HD_TMP/snap.all1" "$HD_TMP/snap.all2" | cut -d' ' -f1 >"$HD_TMP/volatile"
for cap in $(unit_all CapabilityBoundingSet); do
	cap="${cap#CAP_}"
	cap="${cap,,}"
	# auditctl -l needs auditd's auditctl and loaded rules: not here.
	[ "$cap" = audit_control ] && continue
	snap "${caps/,+$cap/}" "$HD_TMP/snap.less"
	snap_diff "$HD_TMP/snap.all1" "$HD_TMP/snap.less" "$HD_TMP/volatile" >"$HD_TMP/lost"
	# What each one is kept for: daemon.json of another owner; dockerd's
	# /proc/PID/exe (and environ), which need ptrace access.
	case "$cap" in
	dac_read_search) want='^\.facts\.daemon\.(json|config)\.' ;;
	sys_ptrace) want='^\.facts\.daemon\.processes\.value\[[0-9]+\]\.exe ' ;;
	*) hd_fail "no expectation for CAP_${cap^^}: say here what it is kept for" ;;
	esac
	grep -qE "$want" "$HD_TMP/lost" || {
		cat "$HD_TMP/lost" >&2
		hd_fail "without CAP_${cap^^} hardock still reads what it is kept for"
	}
	hd_ok "without CAP_${cap^^} hardock loses $(grep -cE "$want" "$HD_TMP/lost") facts it is kept for, e.g."
	grep -E "$want" "$HD_TMP/lost" | head -n 2 | cut -c1-200 >&2
done

# A bad setting: exit status 2, nothing written.
sed -i 's/^HARDOCK_RETENTION=.*/HARDOCK_RETENTION=many/' "$CONF"
before="$(ls -l --time-style=+%s.%N "$REPORTS" "$TEXTFILE" | md5sum)"
rc=0
run_root unit "${EXEC[*]}" >"$HD_TMP/out" 2>"$HD_TMP/err" || rc=$?
[ "$rc" = 2 ] || { cat "$HD_TMP/err" >&2; hd_fail "a bad HARDOCK_RETENTION exited $rc, not 2"; }
grep -q "HARDOCK_RETENTION" "$HD_TMP/err" || hd_fail "the error does not name HARDOCK_RETENTION"
[ "$(ls -l --time-style=+%s.%N "$REPORTS" "$TEXTFILE" | md5sum)" = "$before" ] ||
	hd_fail "a bad setting still wrote files"
hd_ok "HARDOCK_RETENTION=many: exit status 2, nothing written"
echo "test_nightly: all assertions passed" >&2
