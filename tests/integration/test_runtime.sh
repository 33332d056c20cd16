#!/bin/bash
# Sections 4 and 5 and hardock's container checks against a real, private
# dockerd: one container per misconfiguration, created (never started,
# unless the check needs a live process), and the exact finding asserted
# per container, next to a hardened container that must pass.
# Usage: test_runtime.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
command -v gcc >/dev/null || hd_fail "gcc missing (needed to build the fake sshd)"
hd_dockerd_start

# The image, plus a static program installed as /usr/sbin/sshd: 5.7 must
# find an sshd process of a running container by its cgroup.
hd_rootfs "$HD_TMP/rootfs"
mkdir -p "$HD_TMP/rootfs/usr/sbin"
printf '#include <unistd.h>\nint main(void){for(;;)pause();}\n' >"$HD_TMP/sshd.c"
gcc -static -O2 -o "$HD_TMP/rootfs/usr/sbin/sshd" "$HD_TMP/sshd.c" ||
	hd_fail "cannot build the fake sshd"
tar -C "$HD_TMP/rootfs" -cf "$HD_TMP/rootfs.tar" . || hd_fail "tar"
hd_docker import -c 'CMD ["/bin/sh"]' "$HD_TMP/rootfs.tar" "$HD_IMAGE" >/dev/null ||
	hd_fail "docker import"
IMAGE_ID="$(hd_docker image inspect -f '{{.Id}}' "$HD_IMAGE")"

# A hardened container: every limit set, non-root, image by id.
hd_docker create --name good --user 1000:1000 --read-only --memory 64m \
	--cpu-shares 512 --pids-limit 50 --restart on-failure:3 \
	--security-opt no-new-privileges --network none \
	"$IMAGE_ID" sleep 3600 >/dev/null || hd_fail "create good"
hd_create rootuser --user 0:0 >/dev/null
hd_create caps --cap-add SYS_ADMIN --cap-add net_admin >/dev/null
hd_create etcmount -v /etc:/host/etc:ro >/dev/null
hd_create pidhost --pid host >/dev/null
hd_create ipchost --ipc host >/dev/null
hd_create utshost --uts host >/dev/null
hd_create devmem --device /dev/mem >/dev/null
hd_create seccompoff --security-opt seccomp=unconfined >/dev/null
hd_create sock -v "$HD_SOCK:/var/run/docker.sock" >/dev/null
hd_create always --restart always >/dev/null
hd_create secret --env DB_PASSWORD=hunter2hunter2 >/dev/null
hd_docker run -d --network none --stop-timeout 1 --name sshd "$HD_IMAGE" \
	/usr/sbin/sshd >/dev/null || hd_fail "run sshd"
# --pid host sees every process of the host, sshd above included: the
# check must look at the container's own cgroup, not its pid namespace.
hd_run_sleep pidhostrun --pid host >/dev/null
hd_run_sleep capsrun --cap-add SYS_ADMIN >/dev/null

R="$HD_TMP/report.json"
# The image was imported just now: within any age limit (5.28).
hd_hardock scan -H "unix://$HD_SOCK" --param max_image_age_days=30 \
	-f json -o "json:$R" >/dev/null
[ $? -le 1 ] || hd_fail "scan failed"
hd_report contract "$R" || hd_fail "JSON report contract"

# expect ID CONTAINER STATUS
expect() {
	hd_report expect "$R" "$1" container "$2" "$3" >&2 ||
		hd_fail "$1 on $2: want $3"
}
for id in 4.1 5.4 5.6 5.11 5.12 5.13 5.15 5.16 5.17 5.18 5.21 5.22 5.26 5.28 \
	5.29 5.32 HD-SECRET-1; do
	expect "$id" good pass
done
expect 4.1 rootuser fail
expect 5.4 caps fail
expect 5.6 etcmount fail
expect 5.16 pidhost fail
expect 5.17 ipchost fail
expect 5.21 utshost fail
expect 5.18 devmem fail
expect 5.22 seccompoff fail
expect 5.32 sock fail
expect 5.15 always fail
expect HD-SECRET-1 secret fail
expect 5.7 sshd fail
expect 5.7 pidhostrun pass
expect 5.7 capsrun pass
expect 5.7 rootuser notapplicable
expect HD-CTR-1 capsrun fail
expect HD-CTR-1 pidhostrun pass
# Created containers count too: the peer only inspects running ones.
expect 5.4 caps fail
# The secret's value never reaches the report.
! grep -q hunter2hunter2 "$R" || hd_fail "the secret value is in the report"
hd_report finding "$R" 5.32 container sock | grep -qF "$HD_SOCK" ||
	hd_fail "5.32 does not name the engine's real socket"
hd_log "PASS: sections 4-5 and HD container checks per container"
