#!/bin/bash
# hardock watch as hardock-watch.service runs it, against a private
# dockerd. The package (package_build fixture) is installed with dpkg -i
# into a scratch root; its unit file's ExecStart= runs there, word for
# word, with the engine given as a drop-in would give it
# (Environment=DOCKER_HOST=...), under the confinement the same unit file
# declares, applied without systemd (unit_lib.sh says which settings and
# how; test_systemd.sh runs the unit under the real systemd). Asserted: watch starts and stays up; its own sandbox engages
# inside the unit's (the collector holds no more than the unit's
# capabilities, the evaluator none, both no_new_privs, the evaluator one
# seccomp filter more than the unit's); an engine event is a change line
# and the state files (JSON, Prometheus) in /var/lib/hardock follow it,
# with the same verdicts as an unconfined root scan of the same engine;
# SIGHUP (ExecReload=) reloads; both processes together stay under the
# unit's MemoryMax=; nothing is written outside ReadWritePaths=; SIGTERM
# ends it with status 0.
# Usage: test_watch_unit.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/unit_lib.sh
. "$(dirname "$0")/unit_lib.sh"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"

hd_setup "${1:-}"
hd_deb_find
hd_dockerd_start
hd_image_build
hd_create web --user 1000 --memory 64m --pids-limit 50 >/dev/null
ENGINE_DIR="$HD_TMP/docker"
OUT="$HD_TMP/watch.out"
STATE="$HD_TMP/state"
mkdir -p "$STATE"
JOB=""
# Stop the confined watch by its pid (the job is the namespace's shell,
# which exec'd into it), then the EXIT trap of lib.sh stops dockerd.
stop_unit_watch() {
	if [ -n "$WATCH_PID" ]; then
		kill -TERM "$WATCH_PID" 2>/dev/null
		WATCH_PID=""
	fi
	if [ -n "$JOB" ]; then
		wait "$JOB" 2>/dev/null
		JOB=""
	fi
}
# On failure, what watch said.
on_exit() {
	local rc=$1
	stop_unit_watch
	[ "$rc" = 0 ] || sed 's/^/watch: /' "$HD_TMP/watch.err" >&2 2>/dev/null
	return "$rc"
}
trap 'on_exit $?; hd_teardown' EXIT

hd_root_setup
hd_in_root 'chroot "$HD_ROOT" dpkg -i "$DEB"' DEB="$HD_DEB" >"$HD_TMP/dpkg.log" 2>&1 ||
	{ cat "$HD_TMP/dpkg.log" >&2; hd_fail "dpkg -i failed"; }
unit_load hardock-watch.service
unit_want Type=simple ProtectSystem=strict ProtectHome=read-only PrivateTmp=yes \
    NoNewPrivileges=yes PrivateDevices=yes ProtectKernelTunables=yes \
    MemoryDenyWriteExecute=yes RestrictNamespaces=yes LockPersonality=yes \
    RestrictSUIDSGID=yes
unit_probe
unit_all ReadWritePaths | grep -qw /var/lib/hardock || hd_fail "unit: no ReadWritePaths=/var/lib/hardock"
[ "${EXEC[0]} ${EXEC[1]}" = "/usr/bin/hardock watch" ] || hd_fail "unit: ExecStart=${EXEC[*]}"
# The state files the unit names, and MemoryMax= in bytes.
JSON_AT="" PROM_AT=""
for w in "${EXEC[@]}"; do
	case "$w" in
	json:*) JSON_AT="${w#json:}" ;;
	prometheus:*) PROM_AT="${w#prometheus:}" ;;
	esac
done
case "$JSON_AT $PROM_AT" in
"/var/lib/hardock/"*" /var/lib/hardock/"*) ;;
*) hd_fail "unit: state files '$JSON_AT' '$PROM_AT' not both in /var/lib/hardock" ;;
esac
JSON="$STATE/${JSON_AT#/var/lib/hardock/}"
PROM="$STATE/${PROM_AT#/var/lib/hardock/}"
mem_max="$(unit_get MemoryMax)"
case "$mem_max" in
*M) mem_max=$((${mem_max%M} * 1024 * 1024)) ;;
*) hd_fail "unit: MemoryMax=$mem_max is not in M" ;;
esac

# Started as systemd would, with the engine given as a drop-in would.
UNIT_BINDS="$STATE:/var/lib/hardock $ENGINE_DIR:$ENGINE_DIR"
UNIT_ENV="DOCKER_HOST=unix://$HD_SOCK"
UNIT_PIDFILE="$HD_TMP/watch.pid"
# StateDirectory=hardock: systemd makes /var/lib/hardock before the start.
hd_in_root 'mkdir -p "$HD_ROOT/var/lib/hardock"'
touch "$HD_TMP/stamp"
sleep 1 # file times below have a resolution of the clock tick
unit_run unit "${EXEC[*]}" >"$OUT" 2>"$HD_TMP/watch.err" &
JOB=$!
for ((i = 0; i < 100; i++)); do
	[ -s "$UNIT_PIDFILE" ] && break
	sleep 0.1
done
WATCH_PID="$(cat "$UNIT_PIDFILE" 2>/dev/null)"
[ -n "$WATCH_PID" ] || hd_fail "the confined watch did not start"
want 60 type=scan reason=start
want 30 type=engine state=up
kill -0 "$WATCH_PID" 2>/dev/null || { cat "$HD_TMP/watch.err" >&2; hd_fail "watch is not running"; }
[ "$(readlink "/proc/$WATCH_PID/exe")" = "$HD_ROOT/usr/bin/hardock" ] ||
	[ "$(basename "$(readlink "/proc/$WATCH_PID/exe")")" = hardock ] ||
	hd_fail "pid $WATCH_PID is $(readlink "/proc/$WATCH_PID/exe"), not hardock"

# Both processes as the kernel sees them.
field() {
	awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"
}
EVAL=""
for c in $(cat "/proc/$WATCH_PID/task/$WATCH_PID/children"); do
	[ "$(readlink "/proc/$c/exe")" = "$(readlink "/proc/$WATCH_PID/exe")" ] && EVAL="$c"
done
[ -n "$EVAL" ] || hd_fail "no evaluator process under the confined watch"
unit_names="$(unit_all CapabilityBoundingSet | tr 'A-Z' 'a-z' | xargs -n 1 | sort)"
unit_assert_watch_split "$WATCH_PID" "$EVAL" "$unit_names" field
cf=$UNIT_CF ef=$UNIT_EF
hd_ok "collector: CapEff $(field "$WATCH_PID" CapEff) within the unit's, ${cf:-?} filters; evaluator: no capability, ${ef:-?} filters"

# The state files, written by the collector into ReadWritePaths=.
for ((i = 0; i < 100; i++)); do
	[ -s "$JSON" ] && [ -s "$PROM" ] && break
	sleep 0.1
done
[ -s "$JSON" ] && [ -s "$PROM" ] || hd_fail "no $JSON_AT or $PROM_AT"
unit_assert_watch_state "$JSON" "$PROM" "ReadWritePaths="

# An event: a change line, then the state files follow.
unit_assert_watch_event "$JSON"
hd_ok "the event is a change line, $JSON_AT follows it"

# The same verdicts as an unconfined root scan of this engine, with the
# unit's profile.
profile=""
for ((i = 0; i < ${#EXEC[@]}; i++)); do
	[ "${EXEC[i]}" = --profile ] && profile="${EXEC[i + 1]}"
done
[ -n "$profile" ] || hd_fail "unit: no --profile in ExecStart="
UNIT_PIDFILE="" UNIT_ENV="" unit_run plain "/usr/bin/hardock scan -H unix://$HD_SOCK -q --profile $profile --fail-on none -o json:/var/lib/hardock/reference.json" \
	>"$HD_TMP/ref.out" 2>"$HD_TMP/ref.err" || { cat "$HD_TMP/ref.err" >&2; hd_fail "the reference scan failed"; }
mv "$STATE/reference.json" "$HD_TMP/reference.json"
# (Sorted: watch keeps a re-inspected container where its event put it,
# a scan lists them as the engine does; diff and merge match by id.)
unit_verdicts "$HD_TMP/reference.json" | sort >"$HD_TMP/verdicts.ref"
cp "$JSON" "$HD_TMP/watch.json"
unit_verdicts "$HD_TMP/watch.json" | sort >"$HD_TMP/verdicts.watch"
[ "$(wc -l <"$HD_TMP/verdicts.ref")" -gt 100 ] || hd_fail "too few verdicts in the reference"
diff "$HD_TMP/verdicts.ref" "$HD_TMP/verdicts.watch" >&2 ||
	hd_fail "the confined watch's verdicts (>) differ from an unconfined root scan's (<)"
hd_ok "$JSON_AT: the same $(wc -l <"$HD_TMP/verdicts.ref") verdicts as an unconfined root scan"

# ExecReload=: SIGHUP re-reads the profile inside the confinement.
kill -HUP "$WATCH_PID"
want 30 type=scan reason="profile reloaded"
kill -0 "$WATCH_PID" 2>/dev/null || hd_fail "watch died on SIGHUP"
hd_ok "SIGHUP: profile reloaded"

# MemoryMax= bounds the service's cgroup: both processes' peaks.
hwm=0
for p in "$WATCH_PID" "$EVAL"; do
	kb="$(field "$p" VmHWM)"
	hwm=$((hwm + kb * 1024))
done
[ "$hwm" -lt "$mem_max" ] || hd_fail "peak resident memory $hwm bytes, MemoryMax= $mem_max"
hd_ok "peak resident memory of both processes $((hwm / 1024)) KiB, MemoryMax= $((mem_max / 1024)) KiB"

# Nothing written outside ReadWritePaths=: the scratch root's upper layer
# holds no file newer than the start.
changed="$(find "$HD_ROOT_UPPER" -newer "$HD_TMP/stamp" 2>/dev/null)"
[ -z "$changed" ] || hd_fail "the service wrote outside its directories: $changed"
extra="$(find "$STATE" -mindepth 1 ! -name "$(basename "$JSON")" ! -name "$(basename "$PROM")" || true)"
[ -z "$extra" ] || hd_fail "/var/lib/hardock holds more than the state files: $extra"
grep -q "cannot make" "$HD_TMP/watch.err" && hd_fail "the read-only emulation is incomplete"
hd_ok "nothing written outside /var/lib/hardock"

# SIGTERM (systemctl stop): status 0, the evaluator gone with it.
kill -TERM "$WATCH_PID"
WATCH_PID=""
rc=0
wait "$JOB" || rc=$?
JOB=""
[ "$rc" = 0 ] || { cat "$HD_TMP/watch.err" >&2; hd_fail "watch exited $rc on SIGTERM"; }
! kill -0 "$EVAL" 2>/dev/null || hd_fail "the evaluator outlived watch"
hd_ok "SIGTERM: exit status 0"
echo "test_watch_unit: all assertions passed" >&2
