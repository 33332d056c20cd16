#!/bin/bash
# `hardock image` as a user runs it, on an archive of SIZE_MB megabytes
# (default 1024) made by bench/mkimage.py: from the archive (--archive,
# the whole CLI: sandbox, checks, a JSON report) and through a private
# dockerd (`docker load`ed: inspect, history and the export streamed by the
# copier child into the sandboxed parser), against the engine's export
# alone (curl GET /images/{name}/get to /dev/null) and tar -tf.
# Usage: bench/image_cli.sh PATH-TO-HARDOCK [SIZE_MB...]   (as root)
# Prints a markdown table: median wall seconds of HD_BENCH_RUNS runs
# (default 3) and peak RSS (/usr/bin/time; the parent only: the copier is
# a child that holds one curl transfer and a 16 KiB buffer).
set -eu
H="$(realpath "${1:?usage: bench/image_cli.sh PATH-TO-HARDOCK [SIZE_MB...]}")"
shift
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1024)
RUNS="${HD_BENCH_RUNS:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing" >&2; exit 1; }
T="$(mktemp -d "${TMPDIR:-/var/tmp}/hdimgcli.XXXXXX")"
PID=""
cleanup() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# The private engine: its own socket, data and exec roots, no network.
mkdir -p "$T/d/data" "$T/d/exec"
echo '{}' >"$T/d/daemon.json"
SOCK="$T/d/docker.sock"
/usr/sbin/dockerd --bridge=none --iptables=false --ip-forward=false \
	--ip-masq=false --ip6tables=false --host "unix://$SOCK" \
	--data-root "$T/d/data" --exec-root "$T/d/exec" --pidfile "$T/d/pid" \
	--config-file "$T/d/daemon.json" >"$T/dockerd.log" 2>&1 </dev/null &
PID=$!
for _ in $(seq 150); do
	curl -fsS --unix-socket "$SOCK" http://localhost/_ping >/dev/null 2>&1 && break
	sleep 0.2
done
curl -fsS --unix-socket "$SOCK" http://localhost/_ping >/dev/null ||
	{ echo "bench: dockerd did not start" >&2; exit 1; }

# Median wall seconds and largest peak RSS (KiB) of RUNS runs of "$@".
measure() {
	local i wall rss out=() peak=0 rc
	for ((i = 0; i < RUNS; i++)); do
		rc=0
		/usr/bin/time -f '%e %M' -o "$T/time" "$@" >/dev/null 2>"$T/err" || rc=$?
		[ "$rc" -le 1 ] || { cat "$T/err" >&2; echo "bench: $* exited $rc" >&2; exit 1; }
		read -r wall rss <"$T/time"
		out+=("$wall")
		[ "$rss" -gt "$peak" ] && peak=$rss
	done
	printf '%s %s\n' "$(printf '%s\n' "${out[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")" "$peak"
}

echo "| size | --archive s | peak RSS | engine s | peak RSS | curl export s | engine / curl | tar -tf s |"
echo "|---|---|---|---|---|---|---|---|"
for mb in "${SIZES[@]}"; do
	python3 "$HERE/mkimage.py" "$T/img.tar" "$mb"
	ref="$(docker -H "unix://$SOCK" load -i "$T/img.tar" | sed -n 's/^Loaded image: //p; s/^Loaded image ID: //p' | head -n 1)"
	[ -n "$ref" ] || { echo "bench: docker load gave no image" >&2; exit 1; }
	cat "$T/img.tar" >/dev/null
	read -r as arss < <(measure "$H" image --archive "$T/img.tar" -q --fail-on none -o "json:$T/a.json")
	read -r es erss < <(measure "$H" image -H "unix://$SOCK" "$ref" -q --fail-on none -o "json:$T/e.json")
	read -r cs _ < <(measure curl -fsS --unix-socket "$SOCK" -o /dev/null \
	    "http://localhost/images/$ref/get")
	read -r ts _ < <(measure tar -tf "$T/img.tar")
	# Both runs must have read the layers, or the times mean nothing.
	for j in "$T/a.json" "$T/e.json"; do
		python3 -c 'import json, sys
r = [r for r in json.load(open(sys.argv[1]))["results"] if r["id"] == "4.8"][0]
sys.exit(r["status"] == "error")' "$j" || { echo "bench: $j: layers not read" >&2; exit 1; }
	done
	printf '| %s MiB | %s | %s MiB | %s | %s MiB | %s | %s | %s |\n' "$mb" "$as" \
	    "$((arss / 1024))" "$es" "$((erss / 1024))" "$cs" \
	    "$(python3 -c "print(f'{$es / max($cs, 0.01):.2f}')")" "$ts"
	docker -H "unix://$SOCK" rmi -f "$ref" >/dev/null
	rm -f "$T/img.tar"
done
