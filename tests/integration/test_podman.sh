#!/bin/bash
# hardock against Podman's Docker-compatible API: a private
# 'podman system service' (own storage, own containers.conf with explicit
# ulimits), containers with --network none, scanned through -H unix://.
# Podman must be recognised and named in the host block, every container
# found and inspected, and Docker-only checks never pass by default.
# Usage: test_podman.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
hd_podman_start
hd_rootfs "$HD_TMP/rootfs"
tar -C "$HD_TMP/rootfs" -cf "$HD_TMP/rootfs.tar" . || hd_fail "cannot tar the rootfs"
hd_podman import --change 'CMD ["/bin/sh"]' "$HD_TMP/rootfs.tar" "$HD_IMAGE" \
	>/dev/null 2>"$HD_TMP/podman.err" || {
	cat "$HD_TMP/podman.err" >&2
	hd_fail "podman import failed"
}

# Run podman "$@" and fail the test with its stderr when it fails.
pm() {
	hd_podman "$@" 2>"$HD_TMP/podman.err" || {
		cat "$HD_TMP/podman.err" >&2
		hd_fail "podman $* failed"
	}
}
pm create --network none --name pplain "$HD_IMAGE" sleep 3600 >/dev/null
pm create --network none --privileged --name ppriv "$HD_IMAGE" sleep 3600 >/dev/null
pm run -d --network none --stop-timeout 1 --name prun "$HD_IMAGE" sleep 3600 >/dev/null
[ "$(pm inspect -f '{{.State.Running}}' prun)" = true ] ||
	hd_fail "podman container prun is not running"
CONTAINERS="pplain ppriv prun"
"$HARDOCK" list -f json >"$HD_TMP/catalog.json" || hd_fail "hardock list -f json failed"
R="$HD_TMP/report.json"

hd_hardock scan -H "unix://$HD_PODMAN_SOCK" -f json -o "json:$R"
hd_expect_rc 1 # 5.5 fails on ppriv
hd_report contract "$R" >&2 || hd_fail "JSON report contract"

# ---- the host block names Podman ----------------------------------------
engine="$(hd_report host "$R" engine)"
[ "$engine" = podman ] ||
	hd_fail "host.engine is '$engine', expected podman (engine.connection kind)"
version="$(curl -fsS --unix-socket "$HD_PODMAN_SOCK" http://d/version |
	hd_python -c 'import json, sys; print(json.load(sys.stdin)["Version"])')"
[ "$(hd_report host "$R" docker_version)" = "$version" ] ||
	hd_fail "host.docker_version is not podman's /version Version ($version)"
[ "$(hd_report host "$R" api_version)" != null ] || hd_fail "host.api_version is null"
hd_ok "host block: engine podman $version"

# ---- every container found and inspected --------------------------------
for id in 5.5 5.10; do
	[ "$(hd_report count "$R" "$id" container)" = 3 ] ||
		hd_fail "$id: expected exactly 3 container findings"
done
for c in $CONTAINERS; do
	want=pass
	[ "$c" = ppriv ] && want=fail
	hd_report expect "$R" 5.5 container "$c" "$want" >&2 || hd_fail "5.5 on $c"
	hd_report expect "$R" 5.10 container "$c" pass >&2 || hd_fail "5.10 on $c"
	[ "$(hd_report evidence "$R" 5.10 container "$c" HostConfig.NetworkMode)" = '"none"' ] ||
		hd_fail "5.10 on $c: NetworkMode evidence is not \"none\""
done
hd_ok "5.5 and 5.10: every podman container inspected, exact statuses"

# ---- Docker-only concepts never pass on Podman ---------------------------
# Section 2 is dockerd's configuration: with Podman audited, every check of
# it is notapplicable and says why (this host's docker.io unit files must
# not be judged in Podman's name).
for id in 2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.10 2.11 2.12 2.13 2.14 2.15 \
	2.16 2.17 2.18 HD-ENGINE-2 HD-HOST-9; do
	[ "$(hd_report status "$R" "$id")" = notapplicable ] ||
		hd_fail "$id on podman: $(hd_report status "$R" "$id")"
	hd_report message "$R" "$id" | grep -q "engine is Podman" ||
		hd_fail "$id on podman does not say why it does not apply"
done
hd_ok "dockerd's configuration checks are notapplicable on podman"

hd_log "PASS"
