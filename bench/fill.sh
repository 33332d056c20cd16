# Filling a private engine with N containers, shared by bench.sh, html.sh
# and scale.sh (sourced after tests/integration/lib.sh; uses $HD_TMP,
# $HD_SOCK, $HD_IMAGE, $JOBS, $RUNNING and $MIX).
#
# MIX=varied (the default): configurations vary with the index, so that
# every check meets passing and failing containers. MIX=uniform: every
# container is the same `sleep 3600` of the busybox image with network
# none and nothing else set (the many-identical-containers host, where
# every finding of a check is alike).

# Write create bodies for containers $1..$2-1 into $HD_TMP/bodies/bNNNNN,
# with configurations varied by index (env, labels, privileged, binds,
# tmpfs, capabilities, users, limits, network mode, read-only rootfs), or
# all alike when $MIX is uniform.
make_bodies() {
	hd_python - "$1" "$2" "$HD_TMP/bodies" "$HD_IMAGE" "$HD_TMP/vol" \
		"${MIX:-varied}" <<'EOF'
import json, sys
lo, hi, out, image, vol, mix = int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:]
for i in range(lo, hi):
    if mix == "uniform":
        with open(f"{out}/b{i:05d}", "w") as f:
            json.dump({"Image": image, "Cmd": ["sleep", "3600"],
                       "HostConfig": {"NetworkMode": "none"}}, f)
        continue
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
		if [ "${MIX:-varied}" = uniform ] ||
		    { [ $((i % 3)) = 0 ] && [ $((i % 10)) != 3 ]; }; then
			curl -fsS --unix-socket "$HD_SOCK" -X POST \
				"http://localhost/containers/b$(printf %05d $i)/start" ||
				hd_fail "cannot start b$(printf %05d $i)"
			n=$((n + 1))
		fi
		i=$((i + 1))
	done
}

