#!/bin/bash
# The DaemonSet of contrib/kubernetes/daemonset.yaml as a node's runtime
# runs it (cri-dockerd turns a pod's container into a Docker container):
# its container's securityContext, volumes, env, memory limit, command and
# args are translated field by field into `docker run` options against a
# private dockerd, on an image holding the package's files (the package
# from the package_build fixture, unpacked, with the libraries it links and
# busybox for the shell; the Dockerfile's debian:12-slim base needs a
# registry). What the translation cannot express fails the test rather
# than being left out. Two substitutions, said in the output: the engine's
# socket is this test's (-H), and the reports hostPath is a test
# directory. Asserted: the pod's first scan writes NODE-DATE.json and
# NODE.prom; hardock's own sandbox engages inside the runtime's default
# seccomp profile, without privilege escalation and with only the
# manifest's two capabilities (collection with at most those, evaluation
# with none, its filter loaded); nothing the confinement hid (every
# result and finding has the verdict of an unconfined root scan of the
# same engine: the mount table, /proc and /proc/1/net are the node's,
# read through /host); the node's files are untouched.
# Usage: test_kubernetes_pod.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/integration/unit_lib.sh
. "$(dirname "$0")/unit_lib.sh"

hd_setup "${1:-}"
hd_deb_find
MANIFEST="$(dirname "$0")/../../contrib/kubernetes/daemonset.yaml"
# The node's / is a shared mount, as on a systemd host (HostToContainer).
HD_DOCKERD_SHARED_ROOT=1 hd_dockerd_start
hd_image_build
hd_create web --user 1000 --memory 64m --pids-limit 50 >/dev/null
hd_create priv --privileged >/dev/null

# The image: the package's files, the libraries they link, busybox.
IMG="$HD_TMP/podroot"
mkdir -p "$IMG"
dpkg-deb -x "$HD_DEB" "$IMG" || hd_fail "dpkg-deb -x $HD_DEB"
hd_rootfs "$IMG"
for a in date mkdir; do
	ln -sf busybox "$IMG/bin/$a"
done
for f in $(ldd "$IMG/usr/bin/hardock" | grep -o '/[^ ]*'); do
	mkdir -p "$IMG$(dirname "$f")"
	cp -L "$f" "$IMG$f"
done
ref="$(hd_python -c 'import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d.get("kind") == "DaemonSet":
        print(d["spec"]["template"]["spec"]["containers"][0]["image"])' "$MANIFEST")" ||
	hd_fail "no DaemonSet container image in $MANIFEST"
tar -C "$IMG" -cf "$HD_TMP/podroot.tar" . || hd_fail "cannot tar the image"
hd_docker import "$HD_TMP/podroot.tar" "$ref" >/dev/null || hd_fail "docker import $ref"
hd_ok "image $ref: the package's files, $(ldd "$IMG/usr/bin/hardock" | grep -c '/') libraries, busybox"

# The pod's container as docker run options, NUL-separated.
NODE=node-a
REPORTS="$HD_TMP/reports"
mkdir -p "$REPORTS"
hd_python - "$MANIFEST" "$NODE" "$REPORTS" "$HD_SOCK" >"$HD_TMP/run.args" 2>"$HD_TMP/run.err" <<-'PY' ||
	import sys, yaml
	manifest, node, reports, sock = sys.argv[1:5]
	ds = [d for d in yaml.safe_load_all(open(manifest)) if d and d.get("kind") == "DaemonSet"][0]
	pod = ds["spec"]["template"]["spec"]
	out = ["--name", "pod", "--network", "none"]
	def fail(why):
	    sys.exit("not translated: " + why)
	for k in ("hostNetwork", "hostPID", "hostIPC"):
	    if pod.get(k):
	        fail(k)
	if len(pod["containers"]) != 1 or pod.get("initContainers"):
	    fail("more than one container")
	c = pod["containers"][0]
	sc = c.get("securityContext", {})
	seen = {"runAsUser", "runAsGroup", "allowPrivilegeEscalation", "readOnlyRootFilesystem",
	        "privileged", "capabilities", "seccompProfile"}
	if set(sc) - seen:
	    fail("securityContext " + ",".join(sorted(set(sc) - seen)))
	if sc.get("privileged"):
	    fail("privileged")
	out += ["--user", "%d:%d" % (sc["runAsUser"], sc.get("runAsGroup", 0))]
	if sc.get("allowPrivilegeEscalation") is False:
	    out += ["--security-opt", "no-new-privileges"]
	if sc.get("readOnlyRootFilesystem"):
	    out += ["--read-only"]
	for cap in sc.get("capabilities", {}).get("drop", []):
	    out += ["--cap-drop", cap]
	for cap in sc.get("capabilities", {}).get("add", []):
	    out += ["--cap-add", cap]
	if sc.get("seccompProfile", {}).get("type") != "RuntimeDefault":
	    fail("seccompProfile other than RuntimeDefault")  # docker's default profile
	vols = {v["name"]: v for v in pod["volumes"]}
	for m in c.get("volumeMounts", []):
	    v = vols[m["name"]]
	    if "hostPath" in v:
	        src = v["hostPath"]["path"]
	        if src == "/var/lib/hardock/reports":
	            src = reports
	            print("substituted: hostPath /var/lib/hardock/reports -> " + reports, file=sys.stderr)
	        opts = ["ro"] if m.get("readOnly") else ["rw"]
	        prop = {"HostToContainer": "rslave", "None": "rprivate", None: "rprivate"}
	        if m.get("mountPropagation") not in prop:
	            fail("mountPropagation " + m["mountPropagation"])
	        opts.append(prop[m.get("mountPropagation")])
	        out += ["-v", "%s:%s:%s" % (src, m["mountPath"], ",".join(opts))]
	    elif "emptyDir" in v and v["emptyDir"].get("medium") == "Memory":
	        size = v["emptyDir"].get("sizeLimit", "")
	        size = size.replace("Mi", "m").replace("Gi", "g")
	        out += ["--tmpfs", m["mountPath"] + (":size=" + size if size else "")]
	    else:
	        fail("volume " + m["name"])
	for e in c.get("env", []):
	    if "value" in e:
	        out += ["-e", "%s=%s" % (e["name"], e["value"])]
	    elif e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "spec.nodeName":
	        out += ["-e", "%s=%s" % (e["name"], node)]
	    else:
	        fail("env " + e["name"])
	mem = c.get("resources", {}).get("limits", {}).get("memory")
	if mem:
	    out += ["--memory", mem.replace("Mi", "m").replace("Gi", "g")]
	cmd = c["command"] + c.get("args", [])
	engine = "unix:///host/run/docker.sock"
	if not any(engine in a for a in cmd):
	    fail("no " + engine + " in the command")
	cmd = [a.replace(engine, "unix:///host" + sock) for a in cmd]
	print("substituted: " + engine + " -> unix:///host" + sock, file=sys.stderr)
	out += ["--entrypoint", cmd[0], c["image"]] + cmd[1:]
	sys.stdout.write("\0".join(out) + "\0")
	PY
	{ cat "$HD_TMP/run.err" >&2; hd_fail "the DaemonSet does not translate"; }
sed 's/^/  /' "$HD_TMP/run.err" >&2
mapfile -d '' RUN <"$HD_TMP/run.args"
hd_ok "docker run ${RUN[*]:0:30} ..."

# The node's files before: nothing under / may change (but this test's
# directories and the engine's).
snapshot_tree() {
	find /etc /usr /var/lib -xdev -path /var/lib/docker -prune -o -printf '%p %s %T@ %m\n' 2>/dev/null | sort | md5sum
}
before="$(snapshot_tree)"

hd_docker run -d "${RUN[@]}" >"$HD_TMP/pod.id" 2>"$HD_TMP/pod.err" ||
	{ cat "$HD_TMP/pod.err" >&2; hd_fail "docker run of the pod's container failed"; }
today="$(date -u +%Y-%m-%d)"
JSON="$REPORTS/$NODE-$today.json"
PROM="$REPORTS/$NODE.prom"
for ((i = 0; i < 120; i++)); do
	[ -s "$JSON" ] && [ -s "$PROM" ] && break
	sleep 0.5
done
hd_docker logs pod >"$HD_TMP/pod.log" 2>&1
if ! [ -s "$JSON" ] || ! [ -s "$PROM" ]; then
	cat "$HD_TMP/pod.log" >&2
	hd_fail "the pod wrote no $NODE-$today.json or $NODE.prom"
fi
sleep 1 # the .prom is renamed into place after the JSON
[ "$(hd_docker inspect -f '{{.State.Running}}' pod)" = true ] ||
	{ cat "$HD_TMP/pod.log" >&2; hd_fail "the pod's loop is not running"; }
hd_ok "the pod's first scan wrote $(basename "$JSON") and $(basename "$PROM")"
# The reference (below) while the pod still runs, as it ran during its own.
"$HARDOCK" scan -H "unix://$HD_SOCK" -q --fail-on none -o "json:$HD_TMP/ref.json" \
	>/dev/null 2>"$HD_TMP/ref.err" || { cat "$HD_TMP/ref.err" >&2; hd_fail "the reference scan failed"; }
hd_docker kill pod >/dev/null 2>&1
grep -q '^hardock_' "$PROM" || hd_fail "$NODE.prom holds no hardock metric"
hd_report contract "$JSON" || hd_fail "the pod's report breaks the contract"

# hardock's own sandbox, inside the runtime's.
hd_python - "$JSON" <<-'PY' >&2 || hd_fail "hardock's sandbox did not engage in the pod"
	import json, sys
	sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	assert sb["enabled"] is True and sb["no_new_privs"] is True, sb
	assert sb["evaluation_capabilities"] == [], sb
	assert sb["seccomp"], sb
	extra = set(sb["collection_capabilities"]) - {"cap_dac_read_search", "cap_sys_ptrace"}
	assert not extra, "collection held %s, beyond the manifest's" % extra
	print("sandbox in the pod: collection with", sb["collection_capabilities"],
	      "; evaluation with none; its filter loaded")
	PY

# The same verdicts as an unconfined root scan of the node (the reference
# above): what the confinement hid would be an error or another verdict.
# The pod's own container is left out: its scan starts as the container
# does, when the engine may still list it as created while its inspect,
# a moment later, says running; hardock reports that disagreement as an
# error for that one container (no verdict on its processes), which is
# right, and not what is compared here. Results holding one of its
# findings are compared by their other findings.
POD_ID="$(cat "$HD_TMP/pod.id")"
pod_free_verdicts() {
	hd_python - "$1" "$POD_ID" <<-'PY' | sort || hd_fail "cannot read $1"
	import json, sys
	for r in json.load(open(sys.argv[1]))["results"]:
	    fs = r.get("findings") or []
	    if not any((f.get("object") or {}).get("id") == sys.argv[2] for f in fs):
	        print(r["id"], r["status"], r["message"] if r["status"] == "error" else "")
	    for f in fs:
	        o = f.get("object") or {}
	        if o.get("id") != sys.argv[2]:
	            print(" ", r["id"], o.get("kind"), o.get("id"), f["status"],
	                  f.get("message") if f["status"] == "error" else "")
	PY
}
pod_free_verdicts "$HD_TMP/ref.json" >"$HD_TMP/v.ref"
pod_free_verdicts "$JSON" >"$HD_TMP/v.pod"
[ "$(wc -l <"$HD_TMP/v.ref")" -gt 100 ] || hd_fail "too few verdicts in the reference"
diff "$HD_TMP/v.ref" "$HD_TMP/v.pod" >&2 ||
	hd_fail "the pod's verdicts (>) differ from an unconfined root scan's (<)"
hd_ok "the same $(wc -l <"$HD_TMP/v.ref") verdicts as an unconfined root scan of the node"

[ "$(snapshot_tree)" = "$before" ] || hd_fail "the node's files changed during the pod's scan"
hd_ok "the node's /etc, /usr, /var/lib unchanged"
echo "test_kubernetes_pod: all assertions passed" >&2
