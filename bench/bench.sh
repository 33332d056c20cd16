#!/bin/bash
# hardock scan speed against a private dockerd holding N containers, next
# to the floor: the same GET requests sent by one curl process over one
# reused connection. Usage: bench/bench.sh PATH-TO-HARDOCK [N ...]
# (default N: 100 500 1000). Needs root, docker.io, busybox-static, time.
# HD_BENCH_MIX=uniform fills the engine with identical containers instead
# of varied ones (bench/fill.sh). Each size also times the offline
# re-evaluation of the snapshot the scan saved; HD_BENCH_SAVE=DIR keeps
# those snapshots as DIR/snap-N-MIX.json (for profiling offline).
# With HD_BENCH_SSH=1 the same scan is also timed through ssh:// (a
# loopback sshd, tests/integration/lib.sh hd_sshd_start) and the number of
# ssh processes it started is counted, for hardock and for each binary in
# HD_BENCH_SSH_ALSO (builds with another -DHD_ENGINE_SSH_POOL=N). Prints a markdown table; see
# bench/README.md.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/integration/lib.sh
. "$HERE/../tests/integration/lib.sh"

RUNS="${HD_BENCH_RUNS:-5}"   # timed runs per row; the median is shown
RUNNING="${HD_BENCH_RUNNING:-10}" # containers started (network none)
JOBS="${HD_BENCH_JOBS:-8}"   # concurrent create requests
SSH="${HD_BENCH_SSH:-0}"     # 1: also time the scan through ssh://
SSH_ALSO="${HD_BENCH_SSH_ALSO:-}" # more binaries timed through ssh://
MIX="${HD_BENCH_MIX:-varied}" # varied or uniform (bench/fill.sh)
SAVE="${HD_BENCH_SAVE:-}"    # a directory: keep each size's snapshot there
case "$MIX" in varied | uniform) ;; *) echo "HD_BENCH_MIX: varied or uniform" >&2; exit 2 ;; esac

# shellcheck source=bench/fill.sh
. "$HERE/fill.sh"

hd_setup "${1:-}"
shift
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 500 1000)
[ -x /usr/bin/time ] || hd_fail "/usr/bin/time missing (apt-get install time)"
hd_dockerd_start
if [ "$SSH" = 1 ]; then
	hd_sshd_start "SetEnv DOCKER_HOST=unix://$HD_SOCK"
	SSH_URL="ssh://root@127.0.0.1:$HD_SSHD_PORT"
	export PATH="$HD_TMP/bin:$PATH"
fi
hd_image_build
mkdir -p "$HD_TMP/bodies" "$HD_TMP/vol"

# Run "$@" under /usr/bin/time -v; print "WALL_SECONDS MAXRSS_KIB
# CPU_SECONDS". The wall time is taken around it in ns: time(1) rounds to
# 10 ms. CPU is user + system time.
timed() {
	local t0 t1 rc
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$HD_TMP/time" "$@" >/dev/null 2>"$HD_TMP/time.err"
	rc=$?
	t1=$(date +%s%N)
	[ "$rc" -le 1 ] || { cat "$HD_TMP/time.err" >&2; hd_fail "$1 exited $rc"; }
	awk -F': ' -v ns=$((t1 - t0)) '/Maximum resident set size/ { rss = $2 }
	/User time/ { cpu += $2 } /System time/ { cpu += $2 }
	END { printf "%.3f %d %.2f\n", ns / 1e9, rss, cpu }' "$HD_TMP/time"
}

# Median of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 }
	END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Column $1 of file $2: "MIN MEDIAN MAX".
stats() {
	printf '%s %s %s\n' "$(cut -d' ' -f"$1" "$2" | sort -n | head -1)" \
		"$(cut -d' ' -f"$1" "$2" | median)" "$(cut -d' ' -f"$1" "$2" | sort -n | tail -1)"
}

# Time $RUNS runs of "$@" (after one warm-up) into $HD_TMP/runs.
measure() {
	local i
	timed "$@" >/dev/null
	for ((i = 0; i < RUNS; i++)); do timed "$@"; done >"$HD_TMP/runs"
}

# Time hardock (the command in array A) and the floor (array B) side by
# side: one warm-up each, then $RUNS pairs A B A B ..., so that both see
# the same machine (a shared one drifts). $HD_TMP/a and $HD_TMP/b get a
# line per run; $HD_TMP/ratio the wall ratio A/B of each pair.
paired() {
	local i
	timed "${A[@]}" >/dev/null
	timed "${B[@]}" >/dev/null
	: >"$HD_TMP/a"
	: >"$HD_TMP/b"
	for ((i = 0; i < RUNS; i++)); do
		timed "${A[@]}" >>"$HD_TMP/a"
		timed "${B[@]}" >>"$HD_TMP/b"
	done
	paste -d' ' "$HD_TMP/a" "$HD_TMP/b" | awk '{ printf "%.4f\n", $1 / $4 }' \
		>"$HD_TMP/ratio"
}

# The floor's URL list: every engine request hardock made, read from the
# sources ("GET /path") recorded in the snapshot of a scan ($1), so the
# floor follows whatever the engine client asks for.
floor_urls() {
	hd_python - "$1" <<'EOF'
import json, sys
snap = json.load(open(sys.argv[1], encoding="utf-8"))
facts = list(snap["facts"].values())
for objs in (snap.get("objects") or {}).values():
    facts += [o["fact"] for o in objs]
seen = set()
for f in facts:
    # A source may name several requests: "GET /_ping, GET /version".
    for src in (f.get("source") or "").split(", "):
        if src.startswith("GET /") and src not in seen:
            seen.add(src)
            print("http://localhost" + src[4:])
EOF
}

declare -a ROWS SSH_ROWS OFF_ROWS
have=0
for n in "${SIZES[@]}"; do
	if [ "$n" -gt "$have" ]; then
		t0=$(date +%s%N)
		create_range "$have" "$n"
		[ "$have" -gt 0 ] || start_some "$n"
		have="$n"
		hd_log "$n containers in the engine ($(awk -v ns=$(($(date +%s%N) - t0)) \
			'BEGIN { printf "%.1f", ns / 1e9 }') s to create)"
	fi
	count="$(curl -fsS --unix-socket "$HD_SOCK" 'http://localhost/containers/json?all=1' |
		hd_python -c 'import json, sys; print(len(json.load(sys.stdin)))')"
	[ "$count" = "$n" ] || hd_fail "engine holds $count containers, expected $n"

	# The scan must really inspect every container.
	"$HARDOCK" scan -H "unix://$HD_SOCK" -f json \
		--save-snapshot "$HD_TMP/snap.json" >"$HD_TMP/report.json"
	[ "$(hd_report count "$HD_TMP/report.json" 5.5 container)" = "$n" ] ||
		hd_fail "hardock did not report on all $n containers"
	if [ "$MIX" = varied ]; then
		[ "$(hd_report status "$HD_TMP/report.json" 5.5)" = fail ] ||
			hd_fail "5.5 should fail (privileged containers exist)"
	else
		[ "$(hd_report status "$HD_TMP/report.json" 5.5)" = pass ] ||
			hd_fail "5.5 should pass (no container is privileged)"
	fi

	[ -z "$SAVE" ] || cp "$HD_TMP/snap.json" "$SAVE/snap-$n-$MIX.json"
	floor_urls "$HD_TMP/snap.json" >"$HD_TMP/urls"
	[ "$(grep -c '/containers/.*/json$' "$HD_TMP/urls")" = "$n" ] ||
		hd_fail "the snapshot does not record $n container inspects"
	A=("$HARDOCK" scan -H "unix://$HD_SOCK" -f json)
	# shellcheck disable=SC2207
	B=(curl -fsS --unix-socket "$HD_SOCK" $(cat "$HD_TMP/urls"))
	paired
	read -r hw0 hw hw1 < <(stats 1 "$HD_TMP/a")
	read -r _ hc _ < <(stats 3 "$HD_TMP/a")
	read -r _ _ hr < <(stats 2 "$HD_TMP/a")
	read -r fw0 fw fw1 < <(stats 1 "$HD_TMP/b")
	read -r _ _ fr < <(stats 2 "$HD_TMP/b")
	read -r q0 q q1 < <(stats 1 "$HD_TMP/ratio")
	nreq=$(wc -l <"$HD_TMP/urls")
	ROWS+=("$(awk -v n="$n" -v m="$MIX" -v r="$RUNNING" -v hw0="$hw0" -v hw="$hw" \
		-v hc="$hc" -v hr="$hr" -v fw0="$fw0" -v fw="$fw" -v q0="$q0" -v q="$q" -v q1="$q1" \
		'BEGIN { printf "| %5d | %s | %3d | %6.3f / %6.3f | %5.2f | %6.1f | %6.3f / %6.3f | %5.2fx (%4.2f-%4.2f) | %6.3f |",
		n, m, r, hw0, hw, hc, hr / 1024, fw0, fw, q, q0, q1, hw * 1000 / n }')")
	hd_log "N=$n: hardock ${hw}s ${hr}KiB, curl floor ($nreq requests) ${fw}s ${fr}KiB, ratio $q"
	# Offline: the saved snapshot evaluated again, no engine.
	measure "$HARDOCK" scan --snapshot "$HD_TMP/snap.json" -f json
	read -r ow0 ow ow1 < <(stats 1 "$HD_TMP/runs")
	read -r _ oc _ < <(stats 3 "$HD_TMP/runs")
	read -r _ _ orss < <(stats 2 "$HD_TMP/runs")
	OFF_ROWS+=("$(awk -v n="$n" -v m="$MIX" -v ow0="$ow0" -v ow="$ow" -v ow1="$ow1" \
		-v oc="$oc" -v orss="$orss" -v sz="$(stat -c %s "$HD_TMP/snap.json")" \
		-v rz="$(stat -c %s "$HD_TMP/report.json")" \
		'BEGIN { printf "| %5d | %s | %5.1f | %5.1f | %6.3f / %6.3f / %6.3f | %5.2f | %6.1f |",
		n, m, sz / 1048576, rz / 1048576, ow0, ow, ow1, oc, orss / 1024 }')")
	hd_log "N=$n: offline ${ow}s wall, ${oc}s cpu, ${orss}KiB"
	if [ "$SSH" = 1 ]; then
		for bin in "$HARDOCK" $SSH_ALSO; do
			"$bin" scan -H "$SSH_URL" -f json >"$HD_TMP/report.json"
			[ "$(hd_report count "$HD_TMP/report.json" 5.5 container)" = "$n" ] ||
				hd_fail "$bin through ssh did not report on all $n containers"
			: >"$HD_TMP/ssh/argv.log"
			measure "$bin" scan -H "$SSH_URL" -f json
			read -r _ sw _ < <(stats 1 "$HD_TMP/runs")
			read -r _ _ sr < <(stats 2 "$HD_TMP/runs")
			nssh=$(($(wc -l <"$HD_TMP/ssh/argv.log") / (RUNS + 1)))
			SSH_ROWS+=("$(awk -v n="$n" -v b="$bin" -v sw="$sw" -v sr="$sr" \
				-v hw="$hw" -v k="$nssh" 'BEGIN { printf "| %5d | %s | %7.3f | %6.1f | %5.2fx | %d |",
				n, b, sw, sr / 1024, (hw > 0 ? sw / hw : 0), k }')")
			hd_log "N=$n: $bin through ssh ${sw}s ${sr}KiB, $nssh ssh per scan"
		done
	fi
done

echo
echo "$("$HARDOCK" version | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs after a warm-up, hardock and the floor in turn"
echo
echo "|     N | mix | running | hardock wall s min / median | hardock cpu s | hardock peak RSS MiB | floor wall s min / median | ratio median (min-max) | hardock ms/container |"
echo "|------:|---|----:|--------:|------:|-------:|--------:|------:|-------:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "Offline: hardock scan --snapshot SNAPSHOT -f json (the snapshot the first scan saved), $RUNS runs after a warm-up:"
echo
echo "|     N | mix | snapshot MiB | report MiB | wall s min / median / max | cpu s | peak RSS MiB |"
echo "|------:|---|------:|------:|--------:|------:|-------:|"
printf '%s\n' "${OFF_ROWS[@]}"
if [ "$SSH" = 1 ]; then
	echo
	echo "Through $SSH_URL, the same engine (ssh / unix: against the unix socket row above):"
	echo
	echo "|     N | binary | ssh wall s | ssh RSS MiB | ssh / unix | ssh processes per scan |"
	echo "|------:|---|--------:|-------:|------:|----:|"
	printf '%s\n' "${SSH_ROWS[@]}"
fi
