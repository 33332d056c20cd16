#!/bin/bash
# hardock sandboxes itself, as the kernel sees it from outside: during
# collection it holds exactly the capabilities the table names, during
# evaluation none, with its seccomp filter loaded and no_new_privs set; the
# sandbox changes no verdict of a live scan; a scan of a fake root tree
# changes nothing in it (tree and metadata compared) and runs the same on a
# read-only bind of it; --snapshot is sandboxed too; --no-sandbox is said
# in the reports. Usage: test_sandbox.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
PROBE="$(dirname "$0")/sandbox_probe.py"
FIXTURES="$(cd "$(dirname "$0")/../fixtures" && pwd)"
hd_dockerd_start
hd_image_build
hd_create plain >/dev/null
hd_create priv --privileged >/dev/null
hd_run_sleep running >/dev/null

# Capabilities as hex masks, from the kernel's numbering (capability.h).
CAP_DAC_OVERRIDE=1 CAP_DAC_READ_SEARCH=2 CAP_SETPCAP=8 CAP_SYS_PTRACE=19
CAP_AUDIT_CONTROL=30
hex() { printf '%016x' "$1"; }
have=$((16#$(awk '/^CapPrm:/ { print $2 }' /proc/self/status)))
collect=$(((1 << CAP_DAC_OVERRIDE | 1 << CAP_DAC_READ_SEARCH |
	1 << CAP_SYS_PTRACE | 1 << CAP_AUDIT_CONTROL) & have))
# The probe prints "PHASE CapEff=... CapPrm=... ..."; $1 phase, $2 key.
probe_val() {
	awk -v p="$1" -v k="$2" '$1 == p { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$HD_TMP/probe"
}
expect_probe() {
	local got
	got="$(probe_val "$1" "$2")"
	[ "$got" = "$3" ] || { cat "$HD_TMP/probe" >&2; hd_fail "$1: $2 is '$got', want '$3'"; }
}

# ---- collection and evaluation, watched from outside -------------------
hd_python "$PROBE" --hang "$HD_TMP/hang.sock" "$HD_TMP/probe.json" -- \
	"$HARDOCK" scan -H "unix://$HD_TMP/hang.sock" --timeout 30 -f json \
	>"$HD_TMP/probe" 2>"$HD_TMP/probe.err" ||
	{ cat "$HD_TMP/probe.err" >&2; hd_fail "sandbox probe failed"; }
expect_probe collect CapEff "$(hex "$collect")"
expect_probe collect CapPrm "$(hex $((collect | (1 << CAP_SETPCAP))))"
expect_probe collect CapBnd "$(hex $((collect | (1 << CAP_SETPCAP))))"
expect_probe collect CapAmb "$(hex 0)"
expect_probe collect NoNewPrivs 1
expect_probe collect Seccomp 0
hd_ok "collection holds $(probe_val collect CapEff) (dac_override, dac_read_search, sys_ptrace, audit_control) and no_new_privs"
for k in CapEff CapPrm CapBnd CapInh CapAmb; do
	expect_probe evaluate "$k" "$(hex 0)"
done
expect_probe evaluate NoNewPrivs 1
expect_probe evaluate Seccomp 2
grep -qx 'rc=1' "$HD_TMP/probe" || hd_fail "probed scan: $(tail -1 "$HD_TMP/probe")"
hd_report contract "$HD_TMP/probe.json" || hd_fail "the probed report's contract"
hd_ok "evaluation runs with no capability, bounding set empty, seccomp filter loaded"

# The same for a saved snapshot: read, then parsed and evaluated inside.
hd_hardock scan -H "unix://$HD_SOCK" -q --save-snapshot "$HD_TMP/snap.json"
hd_expect_rc 1
hd_python "$PROBE" "$HD_TMP/probe.json" -- "$HARDOCK" scan \
	--snapshot "$HD_TMP/snap.json" -f json >"$HD_TMP/probe" 2>"$HD_TMP/probe.err" ||
	{ cat "$HD_TMP/probe.err" >&2; hd_fail "sandbox probe of --snapshot failed"; }
expect_probe evaluate CapEff "$(hex 0)"
expect_probe evaluate CapBnd "$(hex 0)"
expect_probe evaluate Seccomp 2
[ "$(hd_python -c 'import json, sys; print(json.load(open(sys.argv[1]))["tool"]["sandbox"]["collection_capabilities"])' \
	"$HD_TMP/probe.json")" = "['cap_dac_read_search']" ] ||
	hd_fail "--snapshot held more than cap_dac_read_search"
hd_ok "--snapshot: only cap_dac_read_search to read the file, then the sandbox"

# ---- the sandbox changes no fact and no verdict of a live scan ---------
# (a privilege collection lacks shows as a fact it could not read: the
# exe link of another root process without cap_sys_ptrace, for one)
hd_hardock scan -H "unix://$HD_SOCK" -f json -o "text:$HD_TMP/on.txt" \
	--save-snapshot "$HD_TMP/on.snap"
hd_expect_rc 1
cp "$HD_TMP/out" "$HD_TMP/on.json"
hd_hardock scan --no-sandbox -H "unix://$HD_SOCK" -f json -o "text:$HD_TMP/off.txt" \
	--save-snapshot "$HD_TMP/off.snap"
hd_expect_rc 1
cp "$HD_TMP/out" "$HD_TMP/off.json"
hd_report contract "$HD_TMP/on.json" || hd_fail "contract (sandbox)"
hd_report contract "$HD_TMP/off.json" || hd_fail "contract (--no-sandbox)"
hd_report same-facts "$HD_TMP/on.snap" "$HD_TMP/off.snap" "$HD_TMP" >&2 ||
	hd_fail "the sandbox changed a fact: collection lacks a privilege"
hd_report same "$HD_TMP/on.json" "$HD_TMP/off.json" >&2 ||
	hd_fail "the sandbox changed a verdict"
hd_ok "live scan: identical facts and results with and without the sandbox"

# cap_dac_override is what lets root connect to a socket another user owns
# (a rootless engine's): the engine is read through one.
{ chown 65534:65534 "$HD_SOCK" && chmod 0600 "$HD_SOCK"; } || hd_fail "chown socket"
hd_hardock scan -H "unix://$HD_SOCK" -f json
{ chown 0:0 "$HD_SOCK" && chmod 0660 "$HD_SOCK"; } || hd_fail "chown socket back"
hd_expect_rc 1
[ "$(hd_report host "$HD_TMP/out" engine_error)" = null ] ||
	hd_fail "root could not read an engine whose socket nobody owns: $(hd_report host "$HD_TMP/out" engine_error)"
hd_ok "an engine socket owned by another user (0600) is read during collection"

# ---- --no-sandbox is said in every report ------------------------------
hd_python - "$HD_TMP/on.json" "$HD_TMP/off.json" <<-'EOF' || hd_fail "tool.sandbox"
	import json, sys
	on = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	off = json.load(open(sys.argv[2]))["tool"]["sandbox"]
	assert on["enabled"] is True and "after collection" in on["applied"], on
	assert "cap_dac_read_search" in on["collection_capabilities"], on
	assert on["evaluation_capabilities"] == [], on
	assert off == {"enabled": False, "reason": "--no-sandbox"}, off
	EOF
# The text report wraps at 80 columns (continuation lines indented by 3
# or more): look with the wrapping undone.
hd_python -c 'import re, sys; sys.stdout.buffer.write(re.sub(rb"\n {3,}", b" ",
    open(sys.argv[1], "rb").read()))' "$HD_TMP/on.txt" >"$HD_TMP/on.flat" ||
	hd_fail "cannot unwrap the text"
grep -q '^  sandbox  *seccomp, no capabilities since collection ended (collection held: cap_dac_override, cap_dac_read_search' \
	"$HD_TMP/on.flat" || hd_fail "text header does not describe the sandbox"
grep -q '^  sandbox  *off (--no-sandbox)' "$HD_TMP/off.txt" ||
	hd_fail "text header does not say --no-sandbox"
"$HARDOCK" version --verbose >"$HD_TMP/version" || hd_fail "version --verbose"
for want in 'cap_dac_read_search  *until collection ends' \
	'cap_sys_ptrace  *until the collector process' 'execve  *KILL' \
	'socket  *KILL' 'write  *the reports, stdout and stderr only'; do
	grep -q "$want" "$HD_TMP/version" || hd_fail "version --verbose lacks '$want'"
done
hd_ok "--no-sandbox in the JSON tool block and the text header; policy in version --verbose"

# ---- a scan of a fake root changes nothing in it -----------------------
ROOT="$HD_TMP/root"
cp -a "$FIXTURES/hosts/hostfacts-basic" "$ROOT"
cp -a "$FIXTURES/hosts/daemons/etc/docker" "$ROOT/etc/" 2>/dev/null || true
# Every entry's type, mode, owner, size, times but atime, inode, links,
# content hash or link target.
manifest() {
	hd_python - "$1" <<-'EOF'
	import hashlib, os, stat, sys
	top = sys.argv[1]
	for d, dirs, files in os.walk(top):
	    dirs.sort()
	    for n in [""] + sorted(dirs + files):
	        p = os.path.join(d, n) if n else d
	        if n in dirs:
	            continue
	        st = os.lstat(p)
	        extra = ""
	        if stat.S_ISREG(st.st_mode):
	            extra = hashlib.sha256(open(p, "rb").read()).hexdigest()
	        elif stat.S_ISLNK(st.st_mode):
	            extra = os.readlink(p)
	        print(os.path.relpath(p, top), oct(st.st_mode), st.st_uid,
	              st.st_gid, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
	              st.st_ino, st.st_nlink, extra)
	EOF
}
manifest "$ROOT" >"$HD_TMP/before" || hd_fail "manifest"
[ "$(wc -l <"$HD_TMP/before")" -gt 20 ] || hd_fail "the fake root is nearly empty"
hd_hardock scan --root "$ROOT" -H "unix://$HD_SOCK" -f json -o "text:$HD_TMP/root.txt" \
	-o "csv:$HD_TMP/root.csv" --save-snapshot "$HD_TMP/root-snap.json"
hd_expect_rc 0 1
cp "$HD_TMP/out" "$HD_TMP/rw.json"
manifest "$ROOT" >"$HD_TMP/after" || hd_fail "manifest"
diff "$HD_TMP/before" "$HD_TMP/after" >&2 || hd_fail "the scan changed the fake root"
hd_ok "fake root: $(wc -l <"$HD_TMP/before") entries, contents and metadata unchanged"

# The same scan on a read-only bind of the tree, in a mount namespace of
# its own (gone with the process): same results.
# shellcheck disable=SC2016 # $1 and $@ are the inner shell's
unshare --mount --propagation private bash -c '
	mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" || exit 99
	shift
	exec timeout 120 "$@"' _ "$ROOT" "$HARDOCK" scan --root "$ROOT" \
	-H "unix://$HD_SOCK" -f json >"$HD_TMP/ro.json" 2>"$HD_TMP/ro.err"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 1 ] || { cat "$HD_TMP/ro.err" >&2; hd_fail "read-only scan exited $rc"; }
hd_report same "$HD_TMP/rw.json" "$HD_TMP/ro.json" >&2 ||
	hd_fail "a read-only root gives other results"
hd_ok "read-only bind of the fake root: same results"

# ---- an existing report survives a scan that cannot run ----------------
echo "last night's report" >"$HD_TMP/keep.json"
hd_hardock scan --root "$HD_TMP/no-such-root" -o "json:$HD_TMP/keep.json" -q
hd_expect_rc 3
[ "$(cat "$HD_TMP/keep.json")" = "last night's report" ] ||
	hd_fail "a failed scan clobbered the previous report"
hd_hardock scan --root "$HD_TMP/no-such-root" -o "json:$HD_TMP/fresh.json" -q
hd_expect_rc 3
[ ! -e "$HD_TMP/fresh.json" ] || hd_fail "a failed scan left an empty new report"
# A longer old report is cut to the new one's length.
head -c 50000000 /dev/zero | tr '\0' x >"$HD_TMP/long.json"
hd_hardock scan --snapshot "$HD_TMP/snap.json" -q -o "json:$HD_TMP/long.json"
hd_expect_rc 1
hd_report contract "$HD_TMP/long.json" || hd_fail "a longer old report was not cut"
hd_ok "outputs opened before the sandbox: old report kept on failure, cut on success"

hd_log "PASS"
