#!/bin/bash
# Soak benchmark of hardock watch: N containers created and destroyed
# through a private dockerd (tests/integration/lib.sh, its network flags),
# watch following with -f jsonl. Reports events per second handled, the
# delay from an event (its timeNano) to watch's line about it (median and
# max), and watch's RSS after the first scan and at the end, with its peak:
# the collector's and, when watch runs two processes (its sandboxed
# evaluator), their sum; CPU is both processes' too.
# With HD_BENCH_PREFILL=M, M varied containers (bench/fill.sh) exist before
# watch starts, and the time from its start to its first scan's line is
# reported too (collection, and for the two-process watch the snapshot's
# hand-over to the evaluator, its parse and the evaluation).
# Usage: bench/watch.sh PATH-TO-HARDOCK [N]   (N default 10000)
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../tests/integration/lib.sh"

hd_setup "${1:-}"
N="${2:-10000}"
PREFILL="${HD_BENCH_PREFILL:-0}"
JOBS=8
hd_dockerd_start
hd_image_build
if [ "$PREFILL" -gt 0 ]; then
	# shellcheck source=bench/fill.sh
	. "$(dirname "$0")/fill.sh"
	mkdir -p "$HD_TMP/bodies" "$HD_TMP/vol"
	create_range 0 "$PREFILL"
fi
OUT="$HD_TMP/watch.out"
STAMP="$HD_TMP/stamp.py"
cat >"$STAMP" <<'PY'
import sys, time
out = open(sys.argv[1], "w")
for line in sys.stdin:
    out.write("%.6f %s" % (time.time(), line))
    out.flush()
PY
t_launch="$(date +%s.%N)"
"$HARDOCK" watch -H "unix://$HD_SOCK" -f jsonl --interval 2s \
	-o "prometheus:$HD_TMP/state.prom" 2>"$HD_TMP/watch.err" |
	hd_python "$STAMP" "$OUT" &
sleep 0.5
WATCH_PID="$(pgrep -f "hardock watch -H unix://$HD_SOCK" | head -1)"
# Only watch is stopped here: the stamper ends with its input.
trap 'kill -TERM "$WATCH_PID" 2>/dev/null; sleep 1; hd_teardown' EXIT
until grep -q '"state":"up"' "$OUT" 2>/dev/null; do sleep 0.1; done
# The evaluator: watch's child running the same binary (none before the
# sandboxed watch).
EVAL_PID=""
for c in $(cat "/proc/$WATCH_PID/task/$WATCH_PID/children"); do
	[ "$(readlink "/proc/$c/exe")" = "$(readlink "/proc/$WATCH_PID/exe")" ] && EVAL_PID=$c
done
PIDS="$WATCH_PID $EVAL_PID"
cpu_ticks() {
	local p t=0
	for p in $PIDS; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done
	echo "$t"
}
# status_sum KEY: VmRSS or VmHWM of every process, summed (kB).
status_sum() {
	local p t=0
	for p in $PIDS; do t=$((t + $(awk -v k="$1:" '$1 == k { print $2 }' "/proc/$p/status"))); done
	echo "$t"
}
rss0="$(status_sum VmRSS)"
# Proportional set size: pages the processes share (the binary, libc,
# libcurl, json-c) counted once, not once per process.
pss_sum() {
	local p t=0
	for p in $PIDS; do t=$((t + $(awk '$1 == "Pss:" { print $2 }' "/proc/$p/smaps_rollup"))); done
	echo "$t"
}
pss0="$(pss_sum)"
cpu0="$(cpu_ticks)"
hd_log "watch pids $PIDS, RSS after the first scan: $rss0 kB (PSS $pss0 kB); $N create/destroy"
# The client is python on the socket (one connection): docker's CLI would
# cost a process per container.
hd_python - "$HD_SOCK" "$N" "$HD_IMAGE" <<'PY'
import http.client, json, socket, sys
class UC(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(self.path)
c = UC(sys.argv[1])
body = json.dumps({"Image": sys.argv[3], "Cmd": ["sleep", "1"],
                   "HostConfig": {"NetworkMode": "none"}})
for i in range(int(sys.argv[2])):
    c.request("POST", "/containers/create?name=soak%d" % i, body,
              {"Content-Type": "application/json"})
    r = c.getresponse(); cid = json.loads(r.read())["Id"]
    c.request("DELETE", "/containers/" + cid)
    c.getresponse().read()
PY
# Wait for the last destroy's line.
last="soak$((N - 1))"
for ((i = 0; i < 600; i++)); do
	grep -q "\"action\":\"destroy\".*\"name\":\"$last\"" "$OUT" && break
	sleep 0.5
done
rss1="$(status_sum VmRSS)"
pss1="$(pss_sum)"
hwm="$(status_sum VmHWM)"
cpu="$(( $(cpu_ticks) - cpu0 ))"
hd_python - "$OUT" "$N" "$rss0" "$rss1" "$hwm" "$cpu" "$(getconf CLK_TCK)" \
	"$t_launch" "$PREFILL" "$pss0" "$pss1" <<'PY'
import json, statistics, sys
delays, first, last, events = [], None, None, set()
for line in open(sys.argv[1]):
    t, _, text = line.partition(" ")
    o = json.loads(text)
    if o.get("type") == "scan" and o.get("reason") == "start":
        print("first scan of %s containers: %.2f s from watch's start to its "
              "line" % (sys.argv[9], float(t) - float(sys.argv[8])))
    c = o.get("cause") or {}
    if o.get("type") != "change" or c.get("type") != "container":
        continue
    ev = c["timeNano"] / 1e9
    key = (c["id"], c["action"])
    if key in events:
        continue
    events.add(key)
    delays.append(float(t) - ev)
    first = ev if first is None else min(first, ev)
    last = float(t) if last is None else max(last, float(t))
n = len(events)
acts = [a for _, a in events]
print("events with lines: %d (of %d create + %d destroy): %d create, %d destroy"
      % (n, int(sys.argv[2]), int(sys.argv[2]), acts.count("create"),
         acts.count("destroy")))
print("events/s handled: %.0f (the rate dockerd created and removed them)"
      % (n / (last - first)))
cpu = int(sys.argv[6]) / int(sys.argv[7])
print("watch CPU: %.2f ms per event, i.e. capacity ~%.0f events/s" %
      (1000 * cpu / n, n / cpu if cpu else float("inf")))
print("event -> line delay: median %.1f ms, max %.1f ms" %
      (1000 * statistics.median(delays), 1000 * max(delays)))
print("RSS after first scan %s kB, at the end %s kB, peak %s kB (all of "
      "watch's processes)" % tuple(sys.argv[3:6]))
print("PSS (shared pages counted once) after first scan %s kB, at the end "
      "%s kB" % tuple(sys.argv[10:12]))
PY
