#!/bin/bash
# hardock merge speed: one fleet report from N host reports (default 1000),
# generated from real reports of varied hosts. Usage:
#   bench/merge.sh PATH-TO-HARDOCK [N]
# The seed reports are real scans (hardock scan --snapshot of the fixture
# snapshot) under each shipped benchmark and with different profiles; each
# generated host gets its own name, collection time and a share of its
# results flipped between pass and fail, so hosts differ. The floor is
# python3's json module loading the same files (no aggregation). Prints a
# markdown table; see bench/README.md.
set -eu
HD="$(realpath "${1:?usage: bench/merge.sh PATH-TO-HARDOCK [N]}")"
N="${2:-1000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
SNAP="$HERE/../tests/fixtures/snapshots/rich.json"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing" >&2; exit 1; }

"$HD" scan --snapshot "$SNAP" -q -o "json:$T/seed1.json" || [ $? -eq 1 ]
"$HD" scan --snapshot "$SNAP" -q -b cis-1.6.0 -o "json:$T/seed2.json" || [ $? -eq 1 ]
"$HD" scan --snapshot "$SNAP" -q --profile cis-level1 -o "json:$T/seed3.json" || [ $? -eq 1 ]
mkdir "$T/fleet"
python3 - "$T" "$N" <<'PY'
import json, random, sys
t, n = sys.argv[1], int(sys.argv[2])
seeds = [json.load(open(f"{t}/seed{k}.json")) for k in (1, 2, 3)]
rnd = random.Random(42)
for i in range(n):
    d = json.loads(json.dumps(seeds[i % 3]))
    d["host"]["hostname"] = f"node-{i:05d}"
    d["collected_at"] = f"2026-11-23T{i % 24:02d}:{i % 60:02d}:00Z"
    for r in d["results"]:
        if r["status"] in ("pass", "fail") and rnd.random() < 0.2:
            r["status"] = "fail" if r["status"] == "pass" else "pass"
    json.dump(d, open(f"{t}/fleet/node-{i:05d}.json", "w"))
PY
bytes=$(du -sb "$T/fleet" | cut -f1)
measure() { # label, command...: wall seconds and peak RSS (KiB), median of 3
	local label=$1; shift
	for k in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$T/time.$k" "$@" >/dev/null 2>&1 || true
	done
	for k in 1 2 3; do tail -n 1 "$T/time.$k"; done | sort -n | sed -n 2p | { read -r s kb; echo "| $label | $N | $s | $((kb / 1024)) |"; }
}
echo "reports: $N files, $((bytes / 1048576)) MiB"
echo
echo "| command | hosts | wall s (median of 3) | peak RSS MiB |"
echo "|---|---|---|---|"
measure "hardock merge -f json" "$HD" merge --now 2026-11-24T00:00:00Z -f json "$T/fleet"
measure "hardock merge (text)" "$HD" merge --now 2026-11-24T00:00:00Z "$T/fleet"
measure "floor: python3 json.load of every file" python3 -c '
import json, os, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    json.load(open(os.path.join(d, f)))' "$T/fleet"
