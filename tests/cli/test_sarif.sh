#!/bin/bash
# The SARIF report (-f sarif) checked by the official validator,
# @microsoft/sarif-multitool (tests/npm, installed by scripts/deps.sh
# --test), with its SARIF rules and its GitHub code scanning rules, on the
# fixture snapshot and on a copy full of hostile names (control
# characters, quotes, <script>, non-ASCII, spaces, an embedded-link
# lookalike) with a waiver and a severity override: any error-level or
# warning-level finding of the validator fails the test, except SARIF2005's
# informationUri (hardock has no home page to name; see the man page).
# Then the mapping itself, asserted in Python: rules, levels, kinds,
# suppressions, locations, notifications, fingerprints stable across runs
# and across a rebuild (a new container id, a new image tag) and distinct
# for distinct objects, and no secret value in the log.
. "$(dirname "$0")/lib.sh"
MT="$SRC/tests/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
[ -x "$MT" ] || fail "the SARIF multitool is missing: run scripts/deps.sh --test"
# The multitool is a .NET single-file program: no telemetry, no first-run
# banner, its scratch files in our directory.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 HOME="$T"

POLICY="$FIX/sarif/github-policy.xml"

# Validate SARIF files "$@" with the SARIF rules and the GitHub ones (which
# only a policy enables); the multitool exits 0 whatever it finds, so its
# log is read: fail on any error or warning but the allowed one.
validate() {
	"$MT" validate "$@" -o "$T/valid.log" --log ForceOverwrite \
		--rule-kind "Sarif;Ghas" -c "$POLICY" >"$T/mt.out" 2>&1 ||
		fail "multitool failed: $(tail -20 "$T/mt.out")"
	"$PY" - "$T/valid.log" "$#" <<'PY' || fail "validator findings: $(cat "$T/mt.out")"
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
run = log["runs"][0]
for inv in run.get("invocations", []):
    assert inv.get("executionSuccessful", False), "the validator did not complete"
    for n in inv.get("toolExecutionNotifications", []) + \
            inv.get("toolConfigurationNotifications", []):
        # The one rule the policy turns off (it would go online).
        if n.get("descriptor", {}).get("id") == "WRN999.RuleExplicitlyDisabled" \
                and "'SARIF2006'" in n["message"]["text"]:
            continue
        if n.get("level", "warning") in ("error", "warning"):
            sys.exit("validator notification: " + json.dumps(n))
bad, allowed = [], 0
for r in run.get("results", []):
    level = r.get("level", "warning")
    if level not in ("error", "warning"):
        continue
    mid = r.get("message", {}).get("id", "")
    if r["ruleId"] == "SARIF2005" and mid == "Warning_ProvideToolnformationUri":
        allowed += 1
        continue
    bad.append((r["ruleId"], level, mid, r.get("message", {}).get("arguments")))
if bad:
    sys.exit("\n".join(map(str, bad)))
# One SARIF2005 per file proves each file was read and analysed.
if allowed != int(sys.argv[2]):
    sys.exit(f"{allowed} SARIF2005 findings for {sys.argv[2]} files: a file was not analysed")
print(f"validator: {sys.argv[2]} files, nothing above note but SARIF2005 informationUri")
PY
}

# A copy of rich.json with hostile names, a second tag of the image, and
# (for the rebuild) new ids under the same names.
"$PY" - "$FIX/snapshots/rich.json" "$T" <<'PY' || fail "making the snapshots"
import copy, json, sys
src, out = sys.argv[1], sys.argv[2]
snap = json.load(open(src, encoding="utf-8"))
HOSTILE = 'web "q" \'s\' <script>alert(1)</script> caf\u00e9 \u65e5\u672c [x](1) \\ %2e#?\x1b[2J\x07 end'
c = snap["objects"]["container"][2]          # "plain"
c["name"] = HOSTILE
c["fact"]["value"]["Name"] = "/" + HOSTILE
for s in snap["facts"]["engine.containers"]["value"]:
    if s.get("Id") == c["id"]:
        s["Names"] = ["/" + HOSTILE]
img = snap["objects"]["image"][0]
two = copy.deepcopy(img)
two["id"] = "sha256:" + "d" * 64
two["name"] = "reg.example:5000/t\u00e9am/my app:1.0 #1"
two["fact"]["value"]["Id"] = two["id"]
two["fact"]["value"]["RepoTags"] = [two["name"]]
snap["objects"]["image"].append(two)
snap["facts"]["engine.images"]["value"].append({"Id": two["id"]})
json.dump(snap, open(out + "/hostile.json", "w", encoding="utf-8"))
# The rebuild: every container and image gets a new id, busybox a new tag.
re = copy.deepcopy(snap)
for o in re["objects"]["container"]:
    o["id"] = "f" + o["id"][1:]
    if o["fact"]["state"] == "value":
        o["fact"]["value"]["Id"] = o["id"]
for s in re["facts"]["engine.containers"]["value"]:
    s["Id"] = "f" + s["Id"][1:]
i0 = re["objects"]["image"][0]
old = i0["id"]
i0["id"] = "sha256:" + "e" * 64
for o in re["objects"]["container"]:
    if o["fact"]["state"] == "value" and o["fact"]["value"].get("Image") == old:
        o["fact"]["value"]["Image"] = i0["id"]
i0["name"] = "busybox:rebuilt"
i0["fact"]["value"]["Id"] = i0["id"]
i0["fact"]["value"]["RepoTags"] = ["busybox:rebuilt"]
re["facts"]["engine.images"]["value"][0]["Id"] = i0["id"]
json.dump(re, open(out + "/rebuilt.json", "w", encoding="utf-8"))
PY
cat >"$T/p.yaml" <<'Y'
name: "sarif <b>test</b>"
severity:
  "5.10": critical
  "4.6": medium
waivers:
  - check: "5.13"
    objects: ["name:hostnet"]
    justification: "read-only root breaks the <legacy> \"agent\"; [see](0) TICKET-1"
    approved_by: sec
    expires: 2030-01-01
Y

run scan --snapshot "$FIX/snapshots/rich.json" -f sarif
expect_rc 1
cp "$T/out" "$T/rich.sarif"
run scan --snapshot "$T/hostile.json" --profile "$T/p.yaml" --as-of 2026-11-23 -f sarif
expect_rc 1
cp "$T/out" "$T/hostile.sarif"
run scan --snapshot "$T/hostile.json" --profile "$T/p.yaml" --as-of 2026-11-23 -o "sarif:$T/hostile2.sarif" -q
expect_rc 1
run scan --snapshot "$T/rebuilt.json" --profile "$T/p.yaml" --as-of 2026-11-23 -f sarif
expect_rc 1
cp "$T/out" "$T/rebuilt.sarif"
run scan --snapshot "$FIX/snapshots/rich.json" -c 5.5 -f sarif
expect_rc 1
cp "$T/out" "$T/one.sarif"
# A host tree (no engine): findings in files, with their lines.
run scan --root "$FIX/hosts/systemd" -H unix:///nonexistent/docker.sock -q -f sarif
expect_rc 1
cp "$T/out" "$T/tree.sarif"

validate "$T/rich.sarif" "$T/hostile.sarif" "$T/one.sarif" "$T/tree.sarif"
ok "the multitool finds no error or warning (SARIF and GitHub rules)"

# The validator is not blind: a copy with a result without region, one
# with an absolute file URI and one off the schema is refused.
"$PY" - "$T/rich.sarif" "$T/broken.sarif" <<'PY' || fail "breaking a copy"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = d["runs"][0]["results"]
del r[0]["locations"][0]["physicalLocation"]["region"]
r[1]["locations"][0]["physicalLocation"]["artifactLocation"] = {"uri": "file:///etc/docker/daemon.json"}
r[2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"))
PY
"$MT" validate "$T/broken.sarif" -o "$T/broken.log" --log ForceOverwrite \
	--rule-kind "Sarif;Ghas" -c "$POLICY" >"$T/mt.out" 2>&1 || fail "multitool failed"
for rule in GH1003 GH1006 SARIF2017 JSON1008; do
	grep -q "\"ruleId\": *\"$rule\"" "$T/broken.log" || fail "the validator missed $rule"
done
ok "the validator refuses a broken copy (GH1003, GH1006, SARIF2017, JSON1008)"

"$HARDOCK" benchmarks -f json >"$T/packs.json" || fail "hardock benchmarks"
"$PY" - "$T" <<'PY' || fail "SARIF mapping"
import hashlib, json, sys
T = sys.argv[1]
def load(name):
    return json.load(open(f"{T}/{name}.sarif", encoding="utf-8"))
def need(cond, what):
    if not cond:
        sys.exit("SARIF: " + what)
rich, hostile, rebuilt, one = load("rich"), load("hostile"), load("rebuilt"), load("one")
# Byte for byte but the run's own times: the two runs may straddle a
# second (a sanitizer build is slow).
import re
def timeless(name):
    return re.sub(rb'"(start|end)TimeUtc": *"[^"]*"', b'"T"',
                  open(f"{T}/{name}.sarif", "rb").read())
need(timeless("hostile") == timeless("hostile2"), "-f sarif and -o sarif:FILE differ")
need(rich["version"] == "2.1.0" and rich["$schema"].endswith("sarif-schema-2.1.0.json"), "version/schema")
run = rich["runs"][0]
rules = run["tool"]["driver"]["rules"]
# Every recommendation of the default pack is evaluated: its CIS ones and
# hardock's own, as `hardock benchmarks` counts them (never a number
# typed here, which drifts when a control is added).
pack = [p for p in json.load(open(f"{T}/packs.json")) if p["default"]][0]
want = pack["recommendations"] + pack["beyond_cis"]
need(want > 100, f"the default pack has {want} recommendations")
need(len(rules) == want, f"{len(rules)} rules, expected {want} ({pack['id']}'s "
     f"{pack['recommendations']} and {pack['beyond_cis']} HD-*)")
need(len(one["runs"][0]["tool"]["driver"]["rules"]) == 1, "-c 5.5 must give one rule")
ids = [r["id"] for r in rules]
need(len(set(ids)) == len(ids), "duplicate rule ids")
byid = {r["id"]: r for r in rules}
sev = {"critical": ("error", "9.5"), "high": ("error", "8.0"), "medium": ("warning", "5.5"),
       "low": ("note", "3.0"), "info": ("note", "0.0")}
for r in rules:
    p = r["properties"]
    lvl, score = sev[p["severity"]]
    need(r["defaultConfiguration"]["level"] == lvl, f"{r['id']}: level {r['defaultConfiguration']['level']}")
    need(p["security-severity"] == score, f"{r['id']}: security-severity")
    need("security" in p["tags"] and p["control"] == r["name"], f"{r['id']}: tags/control")
    need(r["help"]["text"].startswith("How hardock audits: ") and "Remediation: " in r["help"]["text"], f"{r['id']}: help")
    need(p["benchmark"] == "cis-1.8.0" and p["benchmarkVersion"] == "1.8.0", "benchmark")
need(byid["5.5"]["name"] == "container.privileged" and byid["5.5"]["properties"]["severity"] == "critical", "5.5 rule")
need(byid["5.5"]["properties"]["cisLevel"] == 1 and "CIS" in byid["5.5"]["properties"]["tags"], "5.5 level/tags")
need(any(r.get("helpUri", "").startswith("https://") for r in rules), "no helpUri at all")
# Results: one per failing/waived/errored object, ruleIndex consistent.
json_report = None
results = run["results"]
for res in results:
    need(rules[res["ruleIndex"]]["id"] == res["ruleId"], "ruleIndex mismatch")
    need(len(res["locations"]) == 1, "one location per result")
    a = res["locations"][0]["physicalLocation"]["artifactLocation"]
    need(a["uri"] and "://" not in a["uri"] and not a["uri"].startswith("/"), f"uri {a['uri']}")
    need(res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1, "startLine")
    if res["kind"] == "fail":
        need(res["level"] == sev[res["properties"]["severity"]][0], f"{res['ruleId']}: result level")
    else:
        need(res["kind"] == "open" and res["level"] == "none" and res["properties"]["status"] == "error", "error result")
fails = [r for r in results if r["ruleId"] == "5.5"]
need(len(fails) == 2 and sum(r["kind"] == "fail" for r in fails) == 1, "5.5: one fail (priv) and one error (gone)")
inv = run["invocations"][0]
need(inv["startTimeUtc"] and inv["endTimeUtc"] and inv["executionSuccessful"] is True, "invocation")
errors = [r for r in results if r["kind"] == "open"]
notes = inv["toolExecutionNotifications"]
need(len(notes) == len(errors) and all(n["level"] == "error" for n in notes), "one error notification per error result")
need(all(rules[n["associatedRule"]["index"]]["id"] == n["associatedRule"]["id"] for n in notes), "notification rule index")
need(run["properties"]["benchmark"]["id"] == "cis-1.8.0" and "hostname" in run["properties"]["host"], "run properties")
need(run["originalUriBaseIds"]["HOSTROOT"]["uri"] == "file:///", "HOSTROOT")
sock = [r for r in results if r["ruleId"] == "3.16"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
need(sock == {"uri": "run/test/docker.sock", "uriBaseId": "HOSTROOT"}, f"3.16 location {sock}")
# Determinism: the same snapshot twice gives the same log but its times.
r2 = json.load(open(f"{T}/hostile2.sarif", encoding="utf-8"))
def fps(log):
    return [(r["ruleId"], r["partialFingerprints"]["hardockFinding/v1"]) for r in log["runs"][0]["results"]]
need(fps(r2) == fps(hostile), "fingerprints differ between two runs of one snapshot")
hfps = fps(hostile)
need(len(set(hfps)) == len(hfps), "two results share a rule and fingerprint")
# The rebuild: new container ids and a new busybox tag keep every fingerprint.
need(sorted(fps(rebuilt)) == sorted(hfps), "fingerprints changed with ids and tag: "
     + str(set(fps(rebuilt)) ^ set(hfps)))
# Distinct objects: the same rule on two containers differs.
f513 = [r for r in hostile["runs"][0]["results"] if r["ruleId"] == "5.13"]
need(len({r["partialFingerprints"]["hardockFinding/v1"] for r in f513}) == len(f513) >= 3, "5.13 fingerprints")
# The waiver: a suppression with the justification; the others unsuppressed.
hres = hostile["runs"][0]["results"]
waived = [r for r in f513 if r.get("suppressions")]
need(len(waived) == 1 and waived[0]["properties"]["object"]["name"] == "hostnet", "one waived 5.13")
s = waived[0]["suppressions"][0]
need(s["kind"] == "external" and s["status"] == "accepted" and "<legacy>" in s["justification"], f"suppression {s}")
need(waived[0]["kind"] == "fail", "a waived finding is still a failure, suppressed")
# The severity override: 5.10 is critical (error), 4.6 medium (warning).
hrules = hostile["runs"][0]["tool"]["driver"]["rules"]
hby = {r["id"]: r for r in hrules}
need(hby["5.10"]["properties"]["severity"] == "critical" and hby["5.10"]["properties"]["controlSeverity"] == "high", "5.10 override")
need(hby["4.6"]["defaultConfiguration"]["level"] == "warning", "4.6 override")
need(all(r["level"] == "warning" for r in hres if r["ruleId"] == "4.6" and r["kind"] == "fail"), "4.6 result level")
# Hostile names: as text in messages (links escaped), percent-encoded in uris.
HOSTILE = 'web "q" \'s\' <script>alert(1)</script> caf\u00e9 \u65e5\u672c [x](1) \\ %2e#?\x1b[2J\x07 end'
mine = [r for r in hres if r["properties"]["object"].get("name") == HOSTILE]
need(mine, "no result for the hostile container")
esc = HOSTILE.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
need(all(esc in r["message"]["text"] for r in mine), "hostile name not link-escaped in messages")
u = mine[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
need(u.startswith("containers/web%20%22q%22%20%27s%27%20%3Cscript%3E") and "caf%C3%A9" in u and "%5Bx%5D" in u
     and "%25" in u and "%23" in u and "%3F" in u and "%1B" in u and "%07" in u, f"container uri {u}")
need(all(ord(ch) > 0x20 and ord(ch) < 0x7f for ch in u), "uri not ASCII")
img = [r for r in hres if (r["properties"]["object"].get("name") or "").startswith("reg.example")]
need(img and img[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
     == "reg.example%3A5000/t%C3%A9am/my%20app%3A1.0%20%231", "image uri")
need(img[0]["locations"][0]["logicalLocations"][0]["name"] == "reg.example:5000/t\u00e9am/my app:1.0 #1", "image logical name")
raw = open(f"{T}/hostile.sarif", "rb").read()
need(b"\x1b" not in raw and b"\x07" not in raw, "raw control characters in the log")
# No secret: rich.json's container has DB_PASSWORD=hunter2 in its env.
for name in ("rich", "hostile", "rebuilt"):
    need(b"hunter2" not in open(f"{T}/{name}.sarif", "rb").read(), f"secret value in {name}.sarif")
# The documented fingerprint: sha256 of the NUL-joined parts.
priv = [r for r in results if r["ruleId"] == "5.5" and r["kind"] == "fail"][0]
want = hashlib.sha256(b"\0".join(x.encode() for x in
    ["hardock-finding/v1", "container.privileged", "container",
     "fixture-host/priv\x1b]0;pwned\x07", ""]) + b"\0").hexdigest()
need(priv["partialFingerprints"]["hardockFinding/v1"] == want, "fingerprint formula")
# Host files: relative to HOSTROOT (the --root tree), with FILE:LINE lines.
tree = load("tree")["runs"][0]
root = tree["originalUriBaseIds"]["HOSTROOT"]["uri"]
need(root.startswith("file:///") and root.endswith("/tests/fixtures/hosts/systemd/"), f"HOSTROOT {root}")
tcp = [r["locations"][0]["physicalLocation"] for r in tree["results"] if r["ruleId"] == "2.8"]
need({"artifactLocation": {"uri": "etc/systemd/system/docker.socket.d/tcp.conf", "uriBaseId": "HOSTROOT"},
      "region": {"startLine": 2}} in tcp, f"2.8 location {tcp}")
print(f"ok: {len(rules)} rules, {len(results)} results ({len(errors)} errors as open results and notifications)")
PY
ok "mapping: rules, levels, suppressions, locations, fingerprints, escaping"
