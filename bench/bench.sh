#!/bin/bash
# hardock scan speed against a private dockerd holding N containers, next
# to the floor: the same GET requests sent by one curl process over one
# reused connection. Usage: bench/bench.sh PATH-TO-HARDOCK [N ...]
# (default N: 100 500 1000). Needs root, docker.io, busybox-static, time.
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

# Write create bodies for containers $1..$2-1 into $HD_TMP/bodies/bNNNNN,
# with configurations varied by index (env, labels, privileged, binds,
# tmpfs, capabilities, users, limits, network mode, read-only rootfs).
make_bodies() {
	hd_python - "$1" "$2" "$HD_TMP/bodies" "$HD_IMAGE" "$HD_TMP/vol" <<'EOF'
import json, sys
lo, hi, out, image, vol = int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:]
for i in range(lo, hi):
    hc = {"NetworkMode": ["none", "host", "default"][i % 3]}
    body = {"Image": image, "Cmd": ["sleep", "3600"],
            "Env": [f"VAR{k}=value-{i}-{k}" for k in range(i % 7)],
            "Labels": {f"bench.label{k}": f"v{i}" for k in range(i % 5)},
            "HostConfig": hc}
    if i % 10 == 3:
        hc["Privileged"] = True
    if i % 4 == 1:
        hc["Binds"] = [f"{vol}:/data:ro"]
    if i % 6 == 2:
        hc["Tmpfs"] = {"/run": "size=1m"}
    if i % 5 == 4:
        hc["CapAdd"] = ["NET_ADMIN"]
        hc["CapDrop"] = ["MKNOD"]
    if i % 8 == 5:
        body["User"] = "1000:1000"
        hc["ReadonlyRootfs"] = True
    if i % 9 == 7:
        hc["Memory"] = 64 << 20
        hc["PidsLimit"] = 100
        hc["SecurityOpt"] = ["no-new-privileges"]
    with open(f"{out}/b{i:05d}", "w") as f:
        json.dump(body, f)
EOF
}

# Create containers $1..$2-1 through the API, $JOBS requests at a time.
create_range() {
	rm -f "$HD_TMP/bodies"/*
	make_bodies "$1" "$2" || hd_fail "cannot write create bodies"
	(cd "$HD_TMP/bodies" && ls) | xargs -P "$JOBS" -I{} \
		curl -fsS --unix-socket "$HD_SOCK" -o /dev/null \
		-H 'Content-Type: application/json' -d "@$HD_TMP/bodies/{}" \
		"http://localhost/containers/create?name={}" ||
		hd_fail "creating containers $1..$2 failed"
}

# Start $RUNNING containers whose network mode is none (created ones stay).
start_some() {
	local i=0 n=0
	while [ "$n" -lt "$RUNNING" ] && [ "$i" -lt "$1" ]; do
		if [ $((i % 3)) = 0 ] && [ $((i % 10)) != 3 ]; then
			curl -fsS --unix-socket "$HD_SOCK" -X POST \
				"http://localhost/containers/b$(printf %05d $i)/start" ||
				hd_fail "cannot start b$(printf %05d $i)"
			n=$((n + 1))
		fi
		i=$((i + 1))
	done
}

# Run "$@" under /usr/bin/time -v; print "WALL_SECONDS MAXRSS_KIB". The
# wall time is taken around it in ns: time(1) rounds to 10 ms.
timed() {
	local t0 t1 rc
	t0=$(date +%s%N)
	/usr/bin/time -v -o "$HD_TMP/time" "$@" >/dev/null 2>"$HD_TMP/time.err"
	rc=$?
	t1=$(date +%s%N)
	[ "$rc" -le 1 ] || { cat "$HD_TMP/time.err" >&2; hd_fail "$1 exited $rc"; }
	awk -F': ' -v ns=$((t1 - t0)) '/Maximum resident set size/ { rss = $2 }
	END { printf "%.3f %d\n", ns / 1e9, rss }' "$HD_TMP/time"
}

# Median of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 }
	END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Time $RUNS runs of "$@" (after one warm-up); print "MEDIAN_WALL MAX_RSS_KIB".
measure() {
	local i
	timed "$@" >/dev/null
	for ((i = 0; i < RUNS; i++)); do timed "$@"; done >"$HD_TMP/runs"
	printf '%s %s\n' "$(cut -d' ' -f1 "$HD_TMP/runs" | median)" \
		"$(cut -d' ' -f2 "$HD_TMP/runs" | sort -n | tail -1)"
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
    src = f.get("source") or ""
    if src.startswith("GET /") and src not in seen:
        seen.add(src)
        print("http://localhost" + src[4:])
EOF
}

declare -a ROWS SSH_ROWS
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
	[ "$(hd_report status "$HD_TMP/report.json" 5.5)" = fail ] ||
		hd_fail "5.5 should fail (privileged containers exist)"

	read -r hw hr < <(measure "$HARDOCK" scan -H "unix://$HD_SOCK" -f json)
	floor_urls "$HD_TMP/snap.json" >"$HD_TMP/urls"
	[ "$(grep -c '/containers/.*/json$' "$HD_TMP/urls")" = "$n" ] ||
		hd_fail "the snapshot does not record $n container inspects"
	# shellcheck disable=SC2046
	read -r fw fr < <(measure curl -fsS --unix-socket "$HD_SOCK" $(cat "$HD_TMP/urls"))
	nreq=$(wc -l <"$HD_TMP/urls")
	ROWS+=("$(awk -v n="$n" -v r="$RUNNING" -v hw="$hw" -v hr="$hr" -v fw="$fw" -v fr="$fr" \
		'BEGIN { printf "| %5d | %3d | %7.3f | %6.1f | %7.3f | %6.1f | %5.2fx | %6.3f |",
		n, r, hw, hr / 1024, fw, fr / 1024, (fw > 0 ? hw / fw : 0), hw * 1000 / n }')")
	hd_log "N=$n: hardock ${hw}s ${hr}KiB, curl floor ($nreq requests) ${fw}s ${fr}KiB"
	if [ "$SSH" = 1 ]; then
		for bin in "$HARDOCK" $SSH_ALSO; do
			"$bin" scan -H "$SSH_URL" -f json >"$HD_TMP/report.json"
			[ "$(hd_report count "$HD_TMP/report.json" 5.5 container)" = "$n" ] ||
				hd_fail "$bin through ssh did not report on all $n containers"
			: >"$HD_TMP/ssh/argv.log"
			read -r sw sr < <(measure "$bin" scan -H "$SSH_URL" -f json)
			nssh=$(($(wc -l <"$HD_TMP/ssh/argv.log") / (RUNS + 1)))
			SSH_ROWS+=("$(awk -v n="$n" -v b="$bin" -v sw="$sw" -v sr="$sr" \
				-v hw="$hw" -v k="$nssh" 'BEGIN { printf "| %5d | %s | %7.3f | %6.1f | %5.2fx | %d |",
				n, b, sw, sr / 1024, (hw > 0 ? sw / hw : 0), k }')")
			hd_log "N=$n: $bin through ssh ${sw}s ${sr}KiB, $nssh ssh per scan"
		done
	fi
done

echo
echo "$("$HARDOCK" version | head -1); $(nproc) cores; median of $RUNS runs after a warm-up"
echo
echo "|     N | running | hardock wall s | hardock RSS MiB | floor wall s | floor RSS MiB | ratio | hardock ms/container |"
echo "|------:|----:|--------:|-------:|--------:|-------:|------:|-------:|"
printf '%s\n' "${ROWS[@]}"
if [ "$SSH" = 1 ]; then
	echo
	echo "Through $SSH_URL, the same engine (ssh / unix: against the unix socket row above):"
	echo
	echo "|     N | binary | ssh wall s | ssh RSS MiB | ssh / unix | ssh processes per scan |"
	echo "|------:|---|--------:|-------:|------:|----:|"
	printf '%s\n' "${SSH_ROWS[@]}"
fi
