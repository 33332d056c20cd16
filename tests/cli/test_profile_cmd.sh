#!/bin/bash
# hardock profile check/show and scan --profile on the command line: exit
# 2 with FILE:LINE:COLUMN for a bad profile, the effective profile after
# extends, waivers judged --as-of a date, warnings in every format.
. "$(dirname "$0")/lib.sh"

cat >"$T/base.yaml" <<'Y'
name: base
level: 1
params: {max_managers: 3}
Y
cat >"$T/prod.yaml" <<'Y'
# production hosts
name: prod
extends: base.yaml
severity:
  "5.10": critical
waivers:
  - check: "5.10"
    objects: ["name:hostnet"]
    justification: the metrics agent needs the host network
    approved_by: jane.doe@example.com
    expires: 2027-01-10
    ticket: SEC-42
  - check: "5.5"
    objects: ["name:nothing-by-this-name"]
    justification: legacy
    approved_by: jane.doe@example.com
    expires: 2030-01-01
Y
printf 'name: bad\nwaivers:\n  - check: "5.5"\n    justification: j\n    approved_by: a\n    expires: 2027-02-30\n' >"$T/bad.yaml"

run profile check "$T/prod.yaml"
expect_rc 0
grep -q "ok: profile prod extends base" "$T/out" || fail "check output: $(cat "$T/out")"
run profile check "$T/bad.yaml"
expect_rc 2
grep -qF "$T/bad.yaml:6:14: expires must be a date YYYY-MM-DD, not \"2027-02-30\"" "$T/err" ||
	fail "no FILE:LINE:COLUMN: $(cat "$T/err")"
run scan --snapshot "$FIX/snapshots/rich.json" --profile "$T/bad.yaml"
expect_rc 2
grep -qF "bad.yaml:6:14:" "$T/err" || fail "scan does not name the position"
ok "a bad profile: exit 2 naming FILE:LINE:COLUMN, in check and in scan"

run profile show "$T/prod.yaml"
expect_rc 0
grep -q "^level: 1$" "$T/out" && grep -q "^  max_managers: '3'$" "$T/out" &&
	grep -q "^# extends $T/base.yaml (sha256 [0-9a-f]\{64\})$" "$T/out" ||
	fail "show: $(cat "$T/out")"
cp "$T/out" "$T/shown.yaml"
run profile check "$T/shown.yaml"
expect_rc 0
ok "profile show prints the effective profile, which checks again"

# Before its date the waiver holds and expires soon; after it, it does not.
run scan --snapshot "$FIX/snapshots/rich.json" --profile "$T/prod.yaml" \
	--as-of 2027-01-05 -c 5.5,5.10 -f json
report_check finding "$T/out" 5.10 container hostnet >"$T/st" &&
	grep -q "^waived	" "$T/st" || fail "hostnet not waived before expiry: $(cat "$T/st")"
grep -q '"kind": *"expiring_waiver"' "$T/out" || fail "no expiring warning"
grep -q '"kind": *"stale_waiver"' "$T/out" || fail "no stale warning"
grep -q '"severity": *"critical"' "$T/out" || fail "severity override lost"
run scan --snapshot "$FIX/snapshots/rich.json" --profile "$T/prod.yaml" \
	--as-of 2027-01-11 -c 5.5,5.10 -f json
report_check finding "$T/out" 5.10 container hostnet >"$T/st" &&
	grep -q "^fail	" "$T/st" || fail "hostnet still waived after expiry: $(cat "$T/st")"
report_check finding "$T/out" 5.10 container hostnet | grep -q \
	"waiver expired since 2027-01-11" || fail "no 'expired since'"
run scan --snapshot "$FIX/snapshots/rich.json" --profile "$T/prod.yaml" \
	--as-of 2026-12-01 --warn-expiry 60 -c 5.5,5.10 -f json
grep -q '"kind": *"expiring_waiver"' "$T/out" || fail "--warn-expiry 60 ignored"
ok "waivers as of a date: held, expiring, expired since the next day"

# The stale waiver is a warning in every format.
for f in text csv junit prometheus html sarif; do
	run scan --snapshot "$FIX/snapshots/rich.json" --profile "$T/prod.yaml" \
		--as-of 2027-01-05 -c 5.5,5.10 -f "$f"
	grep -q "nothing-by-this-name" "$T/out" && grep -qi "stale" "$T/out" ||
		fail "format $f has no stale-waiver warning"
done
ok "the stale waiver is reported in text, csv, junit, prometheus, html and sarif"

# The complete example of hardock-profile(5) is a valid profile.
awk '/^\.SH EXAMPLE/ { f = 1; next } f && /^\.nf/ { p = 1; next }
	p && /^\.fi/ { exit } p' "$SRC/man/hardock-profile.5" |
	sed 's/\\-/-/g' >"$T/example.yaml"
grep -q "approved_by:" "$T/example.yaml" || fail "no example in hardock-profile(5)"
run profile check "$T/example.yaml"
expect_rc 0
ok "the example of hardock-profile(5) checks"
