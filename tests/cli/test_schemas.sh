#!/bin/bash
# Reports and snapshots of real scans (a fixture host tree with systemd
# units and daemon.json, a saved snapshot with hostile strings, a profile
# with waivers) validate against the JSON Schemas in schemas/, and a
# report that breaks the schema is refused, so the validation is not empty.
. "$(dirname "$0")/lib.sh"
REPORT="$SRC/schemas/report-1.3.json"
SNAP="$SRC/schemas/snapshot-1.json"

run scan --root "$FIX/hosts/systemd" -H unix:///nonexistent/docker.sock \
	--timeout 1 --save-snapshot "$T/snap.json" -f json
[ "$RC" = 0 ] || [ "$RC" = 1 ] || fail "scan of the systemd tree: $RC"
cp "$T/out" "$T/tree.json"
report_check schema "$T/tree.json" "$REPORT" || fail "tree report"
report_check schema "$T/snap.json" "$SNAP" || fail "tree snapshot"
grep -q '"sha256": *"[0-9a-f]\{64\}"' "$T/tree.json" ||
	fail "no evidence carries the sha256 of a configuration file"
ok "scan of a host tree: report and snapshot validate"

run scan --snapshot "$FIX/snapshots/rich.json" --as-of 2026-12-25 \
	--profile "$SRC/fuzz/corpus/profile_yaml/waivers.yaml" -f json
[ "$RC" = 1 ] || fail "scan of the rich snapshot: $RC"
cp "$T/out" "$T/rich.json"
report_check schema "$T/rich.json" "$REPORT" || fail "rich report"
report_check schema "$FIX/snapshots/rich.json" "$SNAP" || fail "rich snapshot"
grep -q '"profile_sha256": *"[0-9a-f]\{64\}"' "$T/rich.json" ||
	fail "no profile_sha256"
grep -q '"kind": *"stale_waiver"' "$T/rich.json" || fail "no stale waiver warning"
ok "scan of a saved snapshot with a profile: report validates"

# A broken report is refused: the schema says something.
"$PY" - "$T/rich.json" "$T/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["results"][0]["status"] = "passed"
del d["summary"]["sections"]
json.dump(d, open(sys.argv[2], "w"))
PY
if report_check schema "$T/broken.json" "$REPORT" 2>"$T/why"; then
	fail "a report with a bad status and no sections validated"
fi
grep -q "sections" "$T/why" && grep -q "passed" "$T/why" ||
	fail "the refusal does not name both violations: $(cat "$T/why")"
ok "a report breaking the schema is refused, naming each violation"

# An image audit's findings marked inherited (schema 1.3) validate too.
run scan --snapshot "$FIX/snapshots/image-content.json" -f json
[ "$RC" = 1 ] || fail "scan of the image-content snapshot: $RC"
cp "$T/out" "$T/image.json"
grep -q '"inherited": *true' "$T/image.json" || fail "no inherited finding"
report_check schema "$T/image.json" "$REPORT" || fail "image report"
report_check schema "$FIX/snapshots/image-content.json" "$SNAP" ||
	fail "image-content snapshot"
ok "an image audit with inherited findings: report and snapshot validate"
