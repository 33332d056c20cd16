#!/bin/bash
# hardock reaching an engine through ssh the docker CLI's way: Debian's
# sshd on a loopback port (host key, client key, known_hosts and client
# config made here; /root/.ssh and /etc/ssh untouched) in front of the
# private dockerd, which the remote `docker system dial-stdio` finds
# through sshd's SetEnv DOCKER_HOST (server side, as a remote host's own
# configuration would). Scanned through -H ssh:// and through a docker
# context made by the docker CLI itself:
#   - the container verdicts are those of the scan through the unix socket,
#     but for findings that read this host's facts: notapplicable with the
#     remote reason, as is every host check that reads them;
#   - ssh runs as the docker CLI runs it, BatchMode=yes, two at most, and
#     none is left when hardock exits;
#   - a changed host key and an unknown host are errors (exit 3, ssh's own
#     words), never a prompt, even with a terminal;
#   - with the engine's socket also inside --root DIR, the engine ID proves
#     the engine local and host checks are judged;
#   - sshd gone: exit 3 with ssh's reason.
# Usage: test_ssh.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
command -v ssh-keygen >/dev/null || hd_fail "ssh-keygen missing (apt-get install openssh-client)"
command -v script >/dev/null || hd_fail "script missing (util-linux)"

ROOT="$HD_TMP/fakeroot"
mkdir -p "$ROOT/var/run"
# A second socket inside a fake root: the engine-ID proof's local engine.
hd_dockerd_start -H "unix://$ROOT/var/run/docker.sock"
hd_sshd_start "SetEnv DOCKER_HOST=unix://$HD_SOCK"
SSH_URL="ssh://root@127.0.0.1:$HD_SSHD_PORT"
export PATH="$HD_TMP/bin:$PATH"
ARGV_LOG="$HD_TMP/ssh/argv.log"

# The harness itself works: the docker CLI reaches the engine through ssh.
[ "$("$(hd_docker_bin)" -H "$SSH_URL" version -f '{{.Server.Version}}' 2>&1)" = \
	"$(hd_docker version -f '{{.Server.Version}}')" ] ||
	hd_fail "the docker CLI cannot reach the engine through $SSH_URL"
: >"$ARGV_LOG"

hd_image_build
hd_create plain >/dev/null
hd_create priv --privileged >/dev/null
hd_create sock -v /var/run/docker.sock:/var/run/docker.sock >/dev/null
hd_create app --user 1000 >/dev/null
hd_run_sleep live >/dev/null
"$HARDOCK" list -f json >"$HD_TMP/catalog.json" || hd_fail "hardock list -f json failed"

# No ssh of ours is running (the wrapper's -F names $HD_TMP).
no_ssh_left() {
	local p c
	for p in /proc/[0-9]*; do
		c="$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" || continue
		case "$c" in
		"/usr/bin/ssh -F $HD_TMP/"*) hd_fail "$1: ssh left running: pid ${p#/proc/}: $c" ;;
		esac
	done
	return 0
}

# ---- through the unix socket: the reference ------------------------------
hd_hardock scan -H "unix://$HD_SOCK" -f json
hd_expect_rc 1
cp "$HD_TMP/out" "$HD_TMP/local.json"
[ "$(hd_report host "$HD_TMP/local.json" engine_location)" = local ] ||
	hd_fail "the unix socket scan is not local"
[ -z "$(hd_report gated "$HD_TMP/local.json")" ] ||
	hd_fail "the unix socket scan has remote-gated results"

# ---- -H ssh:// -----------------------------------------------------------
hd_hardock scan -H "$SSH_URL" -f json
hd_expect_rc 1
cp "$HD_TMP/out" "$HD_TMP/ssh.json"
hd_report contract "$HD_TMP/ssh.json" >/dev/null || hd_fail "ssh: JSON contract"
read -r same gated hostgated < <(hd_report remote "$HD_TMP/local.json" \
	"$HD_TMP/ssh.json" "$HD_TMP/catalog.json") || hd_fail "ssh: verdicts differ"
[ "$same" -ge 100 ] && [ "$gated" -ge 5 ] && [ "$hostgated" -ge 40 ] ||
	hd_fail "ssh: $same identical, $gated gated container findings, $hostgated gated host checks"
hd_ok "ssh: $same container verdicts as through the socket, $gated (this host's facts) and $hostgated host checks notapplicable"
hd_report expect "$HD_TMP/ssh.json" 5.5 container priv fail >&2 || hd_fail "ssh: 5.5 priv"
hd_report expect "$HD_TMP/ssh.json" 5.5 container plain pass >&2 || hd_fail "ssh: 5.5 plain"
hd_report expect "$HD_TMP/ssh.json" 5.32 container sock fail >&2 || hd_fail "ssh: 5.32 sock"
hd_report expect "$HD_TMP/ssh.json" 4.1 container plain fail >&2 || hd_fail "ssh: 4.1 plain"
hd_report expect "$HD_TMP/ssh.json" 4.1 container app pass >&2 || hd_fail "ssh: 4.1 app"
for id in 1.1.1 2.3 3.1 3.15; do
	[ "$(hd_report status "$HD_TMP/ssh.json" "$id")" = notapplicable ] &&
	[ "$(hd_report message "$HD_TMP/ssh.json" "$id")" = "remote engine: host files are not reachable; run hardock on the host or through the Ansible role" ] ||
		hd_fail "ssh: $id is $(hd_report status "$HD_TMP/ssh.json" "$id"): $(hd_report message "$HD_TMP/ssh.json" "$id"); gated: $(hd_report gated "$HD_TMP/ssh.json" | tr "\n" " ")"
done
# 2.1 is decided from /info (rootless in SecurityOptions): judged remotely.
[ "$(hd_report status "$HD_TMP/ssh.json" 2.1)" = fail ] ||
	hd_fail "ssh: 2.1 $(hd_report message "$HD_TMP/ssh.json" 2.1)"
[ "$(hd_report status "$HD_TMP/ssh.json" HD-ENGINE-1)" = pass ] ||
	hd_fail "ssh: HD-ENGINE-1 $(hd_report message "$HD_TMP/ssh.json" HD-ENGINE-1)"
[ "$(hd_report host "$HD_TMP/ssh.json" engine_url)" = "$SSH_URL" ] ||
	hd_fail "ssh: host.engine_url"
[ "$(hd_report host "$HD_TMP/ssh.json" docker_version)" = "$(hd_docker version -f '{{.Server.Version}}')" ] ||
	hd_fail "ssh: host.docker_version"
# ssh as the docker CLI runs it, plus BatchMode; two at most (the pool).
want="-o BatchMode=yes -o ConnectTimeout=10 -T -l root -p $HD_SSHD_PORT -- 127.0.0.1 docker system dial-stdio"
[ "$(sort -u "$ARGV_LOG")" = "$want" ] ||
	hd_fail "ssh ran as: $(sort -u "$ARGV_LOG")"
runs="$(wc -l <"$ARGV_LOG")"
[ "$runs" -ge 1 ] && [ "$runs" -le 2 ] || hd_fail "ssh: $runs ssh runs, expected 1-2"
no_ssh_left "ssh"
ls -d "${TMPDIR:-/tmp}"/hardock-ssh-* >/dev/null 2>&1 &&
	hd_fail "ssh: the transport's directory was left in ${TMPDIR:-/tmp}"
hd_ok "ssh: $runs ssh run(s), each: ssh $want; none left"

# The text report says it plainly.
hd_hardock scan -H "$SSH_URL"
hd_expect_rc 1
grep -q "^  remote engine   $SSH_URL is reached through ssh" "$HD_TMP/out" ||
	hd_fail "text: no remote engine line in the header: $(head -12 "$HD_TMP/out")"
hd_ok "text header: $(grep -A1 '^  remote engine' "$HD_TMP/out" | tr -s ' ' | tr '\n' ' ')"

# ---- a docker context, made by the docker CLI ----------------------------
export DOCKER_CONFIG="$HD_TMP/dockercfg"
"$(hd_docker_bin)" context create far --docker "host=$SSH_URL" >"$HD_TMP/ctx.log" 2>&1 ||
	hd_fail "docker context create failed: $(cat "$HD_TMP/ctx.log")"
"$(hd_docker_bin)" context use far >"$HD_TMP/ctx.log" 2>&1 ||
	hd_fail "docker context use failed: $(cat "$HD_TMP/ctx.log")"
: >"$ARGV_LOG"
hd_hardock scan -f json
unset DOCKER_CONFIG
hd_expect_rc 1
hd_report same-verdicts "$HD_TMP/ssh.json" "$HD_TMP/out" >/dev/null ||
	hd_fail "the context's scan differs from -H $SSH_URL"
[ "$(hd_report host "$HD_TMP/out" engine_location)" = remote ] ||
	hd_fail "context: not a remote engine"
grep -q '"source":"currentContext (context far)"' "$HD_TMP/out" ||
	grep -q '"source": "currentContext (context far)"' "$HD_TMP/out" ||
	hd_fail "context: the evidence does not name the context"
[ "$(sort -u "$ARGV_LOG")" = "$want" ] || hd_fail "context: ssh ran as: $(sort -u "$ARGV_LOG")"
no_ssh_left "context"
hd_ok "context far (currentContext, endpoint $SSH_URL): the same report as -H"

# ---- host keys: errors, never prompts ------------------------------------
cp "$HD_TMP/ssh/known_hosts" "$HD_TMP/ssh/known_hosts.good"
ssh-keygen -q -t ed25519 -N '' -f "$HD_TMP/ssh/other_key" || hd_fail "ssh-keygen"
echo "[127.0.0.1]:$HD_SSHD_PORT $(cut -d' ' -f1,2 "$HD_TMP/ssh/other_key.pub")" \
	>"$HD_TMP/ssh/known_hosts"
hd_hardock scan -H "$SSH_URL" -f json
hd_expect_rc 3
grep -q "cannot connect to the Docker engine at $SSH_URL: ssh exited with status 255: .*has changed and you have requested strict checking. Host key verification failed." "$HD_TMP/err" ||
	hd_fail "changed host key: $(cat "$HD_TMP/err")"
[ ! -s "$HD_TMP/out" ] || hd_fail "changed host key: a report was written"
no_ssh_left "changed host key"
hd_ok "changed host key: exit 3: $(head -1 "$HD_TMP/err")"

# An unknown host with a terminal: ssh would ask; BatchMode makes it fail.
: >"$HD_TMP/ssh/known_hosts"
t0=$SECONDS
timeout 60 script -qec "$(printf '%q ' "$HARDOCK" scan -H "$SSH_URL" --timeout 20 -f json -o "json:$HD_TMP/unknown.json"); echo rc=\$?" /dev/null \
	</dev/null >"$HD_TMP/tty.out" 2>&1
took=$((SECONDS - t0))
grep -q "rc=3" "$HD_TMP/tty.out" || hd_fail "unknown host: $(cat "$HD_TMP/tty.out")"
grep -q "Host key verification failed." "$HD_TMP/tty.out" ||
	hd_fail "unknown host: not ssh's refusal: $(cat "$HD_TMP/tty.out")"
grep -qi "continue connecting" "$HD_TMP/tty.out" && hd_fail "unknown host: ssh prompted"
[ "$took" -lt 15 ] || hd_fail "unknown host: took $took s (a prompt waiting?)"
no_ssh_left "unknown host"
hd_ok "unknown host on a terminal: exit 3 in ${took}s, no prompt"
cp "$HD_TMP/ssh/known_hosts.good" "$HD_TMP/ssh/known_hosts"

# ---- the engine proven local by its ID -----------------------------------
hd_hardock scan --root "$ROOT" -H "$SSH_URL" -f json
hd_expect_rc 0 1
reason="$(hd_report host "$HD_TMP/out" engine_location_reason)"
[ "$(hd_report host "$HD_TMP/out" engine_location)" = local ] &&
	grep -q "is the ID of this host's engine at unix:///var/run/docker.sock" <<<"$reason" ||
	hd_fail "ID proof: $(hd_report host "$HD_TMP/out" engine_location): $reason"
[ -z "$(hd_report gated "$HD_TMP/out")" ] || hd_fail "ID proof: results still gated"
hd_ok "engine ID proof under --root: local ($reason)"

# ---- sshd gone -----------------------------------------------------------
hd_sshd_stop
hd_hardock scan -H "$SSH_URL" -f json
hd_expect_rc 3
grep -q "ssh exited with status 255: .*Connection refused" "$HD_TMP/err" ||
	hd_fail "sshd gone: $(cat "$HD_TMP/err")"
no_ssh_left "sshd gone"
hd_ok "sshd gone: exit 3: $(head -1 "$HD_TMP/err")"

hd_log "PASS"
