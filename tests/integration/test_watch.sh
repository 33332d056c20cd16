#!/bin/bash
# hardock watch against a real, private dockerd: the exact change lines
# (control, object, old and new status) for a privileged container, one on
# the host's network, a memory limit added with docker update and removed
# containers; a Prometheus file that follows; an engine outage reported,
# the stream resumed and a container created meanwhile found by the
# re-scan; a clean exit on SIGTERM with complete state files.
# Usage: test_watch.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/watch_lib.sh
. "$(dirname "$0")/watch_lib.sh"

hd_setup "${1:-}"
hd_dockerd_start
hd_image_build
OUT="$HD_TMP/watch.out"
PROM="$HD_TMP/state.prom"
JSON="$HD_TMP/state.json"
trap 'rc=$?; stop_watch; (exit "$rc"); hd_teardown' EXIT


# A container check change on object NAME: want_change NAME CONTROL OLD NEW.
want_change() {
	want 30 type=change finding.object.name="$1" control="$2" \
		old_status="$3" new_status="$4"
}

hd_create nolimit >/dev/null
"$HARDOCK" watch -H "unix://$HD_SOCK" -f jsonl --interval 200ms \
	-o "prometheus:$PROM" -o "json:$JSON" >"$OUT" 2>"$HD_TMP/watch.err" &
WATCH_PID=$!
want 60 type=scan reason=start
want 30 type=engine state=up

# A privileged container, created only: a new failure, caused by the event.
hd_create priv --privileged >/dev/null
want_change priv container.privileged null fail
[ "$(hd_python - "$OUT" "$POS" <<-'EOF'
	import json, sys
	line = open(sys.argv[1]).read().split("\n")[int(sys.argv[2]) - 1]
	o = json.loads(line)
	ev = {e["field"]: e["value"] for e in o["finding"]["evidence"]}
	print(o["cause"]["type"], o["cause"]["action"], o["id"], o["change"],
	      ev.get("HostConfig.Privileged"), o["seq"] > 0)
	EOF
)" = "container create 5.5 new_failure True True" ] ||
	hd_fail "the privileged line lacks its cause, benchmark id or evidence"
hd_ok "privileged line: cause, benchmark id 5.5, evidence"

# The Prometheus file follows within the debounce interval.
for ((i = 0; i < 50; i++)); do
	grep -q 'control="container.privileged".*name="priv",status="fail"' \
		"$PROM" 2>/dev/null && break
	sleep 0.1
done
grep -q 'control="container.privileged".*name="priv",status="fail"' "$PROM" ||
	hd_fail "prometheus file does not show priv failing"
hd_ok "prometheus file shows the new failure"

# Host network.
hd_docker create --name hostnet --network host "$HD_IMAGE" sleep 3600 >/dev/null ||
	hd_fail "create hostnet"
want_change hostnet container.host_network null fail

# docker update adds the memory limit: the failure is resolved.
hd_docker update --memory 64m --memory-swap 128m nolimit >/dev/null ||
	hd_fail "docker update"
want_change nolimit container.memory_limit fail pass

# Removing containers: their failures are gone.
hd_docker rm -f priv >/dev/null || hd_fail "rm priv"
want_change priv container.privileged fail null
for ((i = 0; i < 50; i++)); do
	grep -q 'name="priv"' "$PROM" || break
	sleep 0.1
done
! grep -q 'name="priv"' "$PROM" || hd_fail "prometheus file still shows priv"
hd_ok "prometheus file drops the removed container"

# The engine goes away: reported, and the container checks say error.
hd_dockerd_stop
want 60 type=engine state=down
want 30 type=change finding.object.name=hostnet control=container.host_network \
	old_status=fail new_status=error
# A container created while watch cannot see the engine (a second daemon
# on the same data root, on another socket), then the engine comes back.
SIDE="$HD_TMP/docker/side.sock"
/usr/sbin/dockerd "${HD_DOCKER_FLAGS[@]}" --host "unix://$SIDE" \
	--data-root "$HD_TMP/docker/data" --exec-root "$HD_TMP/docker/exec" \
	--pidfile "$HD_TMP/docker/dockerd.pid" --config-file "$HD_TMP/docker/daemon.json" \
	>"$HD_TMP/side.log" 2>&1 </dev/null &
HD_DOCKERD_PID=$!
hd_wait_ping "$SIDE" 60 "$HD_DOCKERD_PID" || hd_fail "side dockerd"
"$(hd_docker_bin)" -H "unix://$SIDE" create --name late --privileged "$HD_IMAGE" \
	sleep 3600 >/dev/null || hd_fail "create late"
hd_dockerd_stop
hd_dockerd_start
want 60 type=engine state=up
want 30 type=change finding.object.name=late control=container.privileged \
	old_status=null new_status=fail cause.type=scan cause.reason=reconnect
hd_ok "outage reported, stream resumed, re-scan found the container made meanwhile"

# SIGTERM: exit 0, the state files complete and current.
kill -TERM "$WATCH_PID"
wait "$WATCH_PID"
rc=$?
WATCH_PID=""
[ "$rc" = 0 ] || hd_fail "watch exited $rc on SIGTERM"
hd_report contract "$JSON" || hd_fail "JSON state file contract"
hd_report expect "$JSON" container.privileged container late fail >&2 ||
	hd_fail "JSON state file lacks late's failure"
grep -q 'name="late",status="fail"' "$PROM" || hd_fail "prometheus lacks late"
[ -z "$(find "$HD_TMP" -maxdepth 1 -name '.hardock.*')" ] ||
	hd_fail "temporary report files left behind"
hd_ok "clean exit on SIGTERM with complete state files"
