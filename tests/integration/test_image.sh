#!/bin/bash
# hardock image against a private dockerd, then on its saved archives
# with that engine stopped. The images are made here without a registry:
# a busybox-static root filesystem imported as the base (with a setuid
# file and AWS credentials of its own), an application built FROM it
# (--network none) that adds a setuid file, a private key COPYed in one
# layer and deleted in the next, an .npmrc with an _authToken, an apt
# setting disabling signature checks, an ADD and USER root, and a clean
# image that adds nothing wrong. For each check the exact finding is
# asserted (object, file path, layer digest and history line, inherited
# or not, with and without --base), the exit status with --fail-on and
# --ignore-inherited, the same findings through the engine and from the
# archive, errors for a layer that lies about its digest and for bad
# operands, the sandbox in the report, and that no secret value reaches
# any report format or the saved snapshot.
# Usage: test_image.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
CHECK="$(dirname "$0")/image_check.py"
KEY_BODY="b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQHDKEYBODYSECRETxyz0123"
NPM_TOKEN="npm_HDTOKENSECRETVALUE0123456789abcdefXYZ"
AWS_SECRET="wJalrXUtnFEMIK7MDENGbPxRfiCYHDAWSSECRET42"

# Run the report assertion helper; fail the test with its message.
check() {
	hd_python "$CHECK" "$@" || hd_fail "image_check $1 $2"
}

# ---- Images ---------------------------------------------------------------
hd_dockerd_start
ROOTFS="$HD_TMP/base-rootfs"
hd_rootfs "$ROOTFS"
for a in mkdir cp chmod rm; do
	ln -sf busybox "$ROOTFS/bin/$a"
done
cp /bin/busybox "$ROOTFS/bin/base-suid"
chmod 4755 "$ROOTFS/bin/base-suid"
mkdir -p "$ROOTFS/root/.aws"
printf '[default]\naws_access_key_id = AKIAHDTESTBASE000001\naws_secret_access_key = %s\n' \
	"$AWS_SECRET" >"$ROOTFS/root/.aws/credentials"
tar -C "$ROOTFS" -cf "$HD_TMP/base.rootfs.tar" . || hd_fail "tar of the base rootfs"
hd_docker import -c 'CMD ["/bin/sh"]' "$HD_TMP/base.rootfs.tar" hdtest-base:1 \
	>/dev/null || hd_fail "docker import of the base failed"

CTX="$HD_TMP/ctx"
mkdir -p "$CTX"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n-----END OPENSSH PRIVATE KEY-----\n' \
	"$KEY_BODY" >"$CTX/id_ed25519"
printf '//registry.npmjs.org/:_authToken=%s\n' "$NPM_TOKEN" >"$CTX/npmrc"
echo 'an added file' >"$CTX/added.txt"
tar -C "$CTX" -cf "$CTX/added.tar" added.txt
cat >"$CTX/Dockerfile" <<'DOCKERFILE'
FROM hdtest-base:1
RUN mkdir -p /usr/local/bin && cp /bin/busybox /usr/local/bin/app-suid && chmod 4755 /usr/local/bin/app-suid
COPY id_ed25519 /root/.ssh/id_ed25519
RUN rm /root/.ssh/id_ed25519
COPY npmrc /root/.npmrc
RUN mkdir -p /etc/apt/apt.conf.d && echo 'APT::Get::AllowUnauthenticated "true";' > /etc/apt/apt.conf.d/99unauth
ADD added.tar /opt/
USER root
DOCKERFILE
hd_docker build --network none -q -t hdtest-app:1 "$CTX" >/dev/null 2>"$HD_TMP/build.err" || {
	cat "$HD_TMP/build.err" >&2
	hd_fail "docker build of the application image failed"
}
mkdir -p "$HD_TMP/clean"
printf 'FROM hdtest-base:1\nHEALTHCHECK CMD ["/bin/true"]\nUSER 1000\n' >"$HD_TMP/clean/Dockerfile"
hd_docker build --network none -q -t hdtest-clean:1 "$HD_TMP/clean" >/dev/null 2>&1 ||
	hd_fail "docker build of the clean image failed"
# An unrelated image: not a base of the others.
mkdir -p "$HD_TMP/other/bin"
cp /bin/busybox "$HD_TMP/other/bin/busybox"
tar -C "$HD_TMP/other" -cf "$HD_TMP/other.tar" .
hd_docker import "$HD_TMP/other.tar" hdtest-other:1 >/dev/null || hd_fail "import other"

# What the engine says of the application image: its layers' diff ids
# and its history lines, oldest first (the findings must name them).
facts() {
	hd_docker image inspect "$1" --format '{{json .RootFS.Layers}}' >"$HD_TMP/layers.json" &&
		hd_docker history --no-trunc --format '{{json .CreatedBy}}' "$1" >"$HD_TMP/history.txt" ||
		hd_fail "docker inspect/history $1"
	hd_python - "$HD_TMP/layers.json" "$HD_TMP/history.txt" "$2" <<-'PY'
	import json, sys
	layers = json.load(open(sys.argv[1]))
	hist = [json.loads(l) for l in open(sys.argv[2]) if l.strip()][::-1]
	json.dump({"layers": layers, "history": hist}, open(sys.argv[3], "w"))
	PY
}
facts hdtest-app:1 "$HD_TMP/app.facts.json"
facts hdtest-clean:1 "$HD_TMP/clean.facts.json"
hd_log "images built: $(hd_docker images --format '{{.Repository}}:{{.Tag}}' | tr '\n' ' ')"

A="$HD_TMP/a"
mkdir -p "$A"
hd_docker save -o "$A/app.tar" hdtest-app:1 || hd_fail "docker save app"
hd_docker save -o "$A/base.tar" hdtest-base:1 || hd_fail "docker save base"
hd_docker save -o "$A/clean.tar" hdtest-clean:1 || hd_fail "docker save clean"
hd_docker save -o "$A/two.tar" hdtest-app:1 hdtest-clean:1 || hd_fail "docker save two"
mkdir -p "$A/appdir"
tar -C "$A/appdir" -xf "$A/app.tar" || hd_fail "unpack app.tar"

# ---- Through the engine ---------------------------------------------------
E=(-H "unix://$HD_SOCK")
R="$HD_TMP/r"
mkdir -p "$R"
hd_hardock image "${E[@]}" hdtest-app:1 -f json
hd_expect_rc 1  # default --fail-on info: any failure
cp "$HD_TMP/out" "$R/engine-app.json"
check app "$R/engine-app.json" "$HD_TMP/app.facts.json" 0
hd_ok "engine: every finding of the application image, with its file and layer"

hd_hardock image --fail-on none "${E[@]}" hdtest-app:1 --base hdtest-base:1 -f json
hd_expect_rc 0
cp "$HD_TMP/out" "$R/engine-app-base.json"
check app "$R/engine-app-base.json" "$HD_TMP/app.facts.json" 1
hd_ok "engine --base: the base's setuid file and credentials inherited, the image's own not"

hd_hardock image --fail-on none "${E[@]}" hdtest-app:1 --base "$A/base.tar" -f json
hd_expect_rc 0
check app "$HD_TMP/out" "$HD_TMP/app.facts.json" 1
check same "$R/engine-app-base.json" "$HD_TMP/out"
hd_ok "engine image, --base an archive: the same findings"

hd_hardock image "${E[@]}" hdtest-clean:1 --base hdtest-base:1 -f json
cp "$HD_TMP/out" "$R/engine-clean-base.json"
check clean "$R/engine-clean-base.json" "$HD_TMP/clean.facts.json"
hd_ok "engine --base: what the clean image fails is all inherited"

# Exit status: --fail-on, and --ignore-inherited.
hd_hardock image "${E[@]}" hdtest-clean:1 --base hdtest-base:1 -q --fail-on high
hd_expect_rc 1
hd_hardock image "${E[@]}" hdtest-clean:1 --base hdtest-base:1 -q --fail-on high --ignore-inherited
hd_expect_rc 0
hd_hardock image "${E[@]}" hdtest-clean:1 -q --fail-on high --ignore-inherited
hd_expect_rc 1
hd_hardock image "${E[@]}" hdtest-app:1 --base hdtest-base:1 -q --fail-on high --ignore-inherited
hd_expect_rc 1
hd_hardock image "${E[@]}" hdtest-app:1 -q --fail-on critical
hd_expect_rc 0
hd_ok "exit status: 1 for high failures, 0 when only inherited ones and --ignore-inherited"

# The sandbox: entered before the export's bytes are parsed.
hd_python - "$R/engine-app.json" <<-'PY' || hd_fail "sandbox block of the engine run"
	import json, sys
	sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	assert sb["enabled"] and sb["seccomp"], sb
	assert sb["evaluation_capabilities"] == [], sb
	assert "export" in sb["applied"], sb
	PY
hd_hardock version --verbose
grep -q "hardock image" "$HD_TMP/out" || hd_fail "version --verbose says nothing of image"
hd_ok "engine: parsed inside the seccomp filter, without capabilities"

# Bad operands.
hd_hardock image "${E[@]}" hdtest-nosuch:1
hd_expect_rc 2
grep -q "hdtest-nosuch:1" "$HD_TMP/err" || hd_fail "unknown image not named"
hd_hardock image "${E[@]}" 'bad ref$(id)'
hd_expect_rc 2
hd_hardock image "${E[@]}" hdtest-app:1 --base hdtest-other:1
hd_expect_rc 2
grep -q "not a base of" "$HD_TMP/err" || hd_fail "a wrong --base is not said clearly: $(cat "$HD_TMP/err")"
hd_hardock image -H "unix://$HD_TMP/nosuch.sock" hdtest-app:1
hd_expect_rc 3
hd_ok "unknown image, bad reference, wrong base: 2; no engine: 3"

# Secrets: in no format, not in the saved snapshot.
formats="$("$HARDOCK" image --help | awk '/^Formats:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')"
for f in text json csv junit html sarif; do
	echo "$formats" | grep -qx "$f" || {
		[ "$f" = sarif ] && { hd_log "no sarif reporter in this build"; continue; }
		hd_fail "format $f missing"
	}
done
outs=()
for f in $formats; do
	outs+=(-o "$f:$R/all.$f")
done
hd_hardock image --fail-on none "${E[@]}" hdtest-app:1 --base hdtest-base:1 -v "${outs[@]}" \
	--save-snapshot "$R/snap.json"
hd_expect_rc 0
for f in $formats "$R/snap.json" "$HD_TMP/out" "$HD_TMP/err"; do
	file="$f"
	[ -f "$file" ] || file="$R/all.$f"
	case "$file" in "$HD_TMP"/out | "$HD_TMP"/err) ;;
	*) [ -s "$file" ] || hd_fail "$file is empty" ;; esac
	for s in "$KEY_BODY" "$NPM_TOKEN" "$AWS_SECRET"; do
		! grep -qF "$s" "$file" || hd_fail "a secret value is in $file"
	done
done
[ "$(stat -c %a "$R/snap.json")" = 600 ] ||
	hd_fail "the saved snapshot is mode $(stat -c %a "$R/snap.json"), not 600"
hd_ok "no secret value in $(echo $formats | wc -w) formats, -v text and the snapshot (mode 600)"

# The saved snapshot evaluates to the same findings.
hd_hardock image --fail-on none --snapshot "$R/snap.json" -f json
hd_expect_rc 0
check same "$R/engine-app-base.json" "$HD_TMP/out"
hd_ok "image --snapshot of the saved facts: the same findings"

# ---- From the archives, with the engine stopped ---------------------------
hd_dockerd_stop
hd_hardock image --fail-on none --archive "$A/app.tar" -f json
hd_expect_rc 0
cp "$HD_TMP/out" "$R/archive-app.json"
check app "$R/archive-app.json" "$HD_TMP/app.facts.json" 0
check same "$R/engine-app.json" "$R/archive-app.json"
hd_ok "archive (no engine): the same findings as through the engine"

hd_hardock image --fail-on none --archive "$A/app.tar" --base "$A/base.tar" -f json
hd_expect_rc 0
cp "$HD_TMP/out" "$R/archive-app-base.json"
check app "$R/archive-app-base.json" "$HD_TMP/app.facts.json" 1
hd_hardock image --archive "$A/clean.tar" --base "$A/base.tar" -f json --fail-on high
hd_expect_rc 1
check clean "$HD_TMP/out" "$HD_TMP/clean.facts.json"
hd_hardock image --archive "$A/clean.tar" --base "$A/base.tar" -q --fail-on high --ignore-inherited
hd_expect_rc 0
hd_ok "archive --base archive: inherited findings and --ignore-inherited"

hd_hardock image --fail-on none --archive "$A/appdir" -f json
hd_expect_rc 0
check app "$HD_TMP/out" "$HD_TMP/app.facts.json" 0
hd_hardock image --fail-on none --archive - -f json <"$A/app.tar"
hd_expect_rc 0
check app "$HD_TMP/out" "$HD_TMP/app.facts.json" 0
hd_ok "an unpacked directory and stdin give the same findings"

# An OCI image layout (the reader's fixture): as a directory, streamed
# from descriptors opened before the sandbox, and as its tar.gz.
OCI="$HD_SRC/fuzz/corpus/image_archive/oci.tar.gz"
[ -f "$OCI" ] || hd_fail "$OCI missing"
mkdir -p "$A/oci"
tar -C "$A/oci" -xzf "$OCI" || hd_fail "unpack $OCI"
hd_hardock image --fail-on none --archive "$OCI" -f json
hd_expect_rc 0
cp "$HD_TMP/out" "$R/oci-tar.json"
hd_hardock image --fail-on none --archive "$A/oci" -f json
hd_expect_rc 0
check same "$R/oci-tar.json" "$HD_TMP/out"
grep -q '"oci-layout"' "$A/oci/oci-layout" 2>/dev/null || grep -q imageLayoutVersion "$A/oci/oci-layout" ||
	hd_fail "the fixture is not an OCI layout"
hd_ok "an OCI layout directory and its tar.gz give the same findings"

hd_hardock image --fail-on none --archive "$A/two.tar" -f json
hd_expect_rc 0
n="$(hd_python -c 'import json, sys
r = [r for r in json.load(open(sys.argv[1]))["results"] if r["id"] == "4.6"][0]
print(len(r["findings"]))' "$HD_TMP/out")"
[ "$n" = 2 ] || hd_fail "two images in one archive: 4.6 has $n findings"
hd_hardock image --fail-on none --archive "$A/app.tar" "$A/clean.tar" -q -f json
hd_expect_rc 0
hd_ok "two images in one archive, and two archives, are each audited"

hd_python - "$R/archive-app.json" <<-'PY' || hd_fail "sandbox block of the archive run"
	import json, sys
	sb = json.load(open(sys.argv[1]))["tool"]["sandbox"]
	assert sb["enabled"] and sb["seccomp"], sb
	assert "archives were opened" in sb["applied"], sb
	assert sb["collection_capabilities"] in ([], ["cap_dac_read_search"]), sb
	PY
hd_ok "archive: opened, then parsed inside the seccomp filter"

# A layer that lies about its digest: the image's checks are error.
hd_python - "$A/app.tar" "$A/liar.tar" <<-'PY' || hd_fail "cannot make the lying archive"
	import io, json, sys, tarfile
	src = tarfile.open(sys.argv[1])
	dst = tarfile.open(sys.argv[2], "w")
	manifest = json.load(src.extractfile("manifest.json"))
	victim = manifest[0]["Layers"][1]
	for m in src.getmembers():
	    data = src.extractfile(m).read() if m.isfile() else None
	    if m.name == victim:
	        # Same tar, one byte of a file changed: the digest no longer matches.
	        inner = tarfile.open(fileobj=io.BytesIO(data))
	        out = io.BytesIO()
	        t = tarfile.open(fileobj=out, mode="w")
	        for im in inner.getmembers():
	            d = inner.extractfile(im).read() if im.isfile() else None
	            if d:
	                d = bytes([d[0] ^ 1]) + d[1:]
	            t.addfile(im, io.BytesIO(d) if d is not None else None)
	        t.close()
	        data = out.getvalue()
	        m.size = len(data)
	    dst.addfile(m, io.BytesIO(data) if data is not None else None)
	dst.close()
	PY
hd_hardock image --archive "$A/liar.tar" -f json
hd_expect_rc 3
check errors "$HD_TMP/out"
grep -q "not read whole" "$HD_TMP/err" || hd_fail "no word of the unread layers: $(cat "$HD_TMP/err")"
hd_ok "a layer whose digest does not match: error results, exit 3"

# Not an archive, missing, a cap hit.
head -c 4096 /dev/urandom >"$A/noise.tar"
hd_hardock image --archive "$A/noise.tar"
hd_expect_rc 2
hd_hardock image --archive "$A/missing.tar"
hd_expect_rc 2
grep -q "missing.tar" "$HD_TMP/err" || hd_fail "a missing archive is not named"
hd_hardock image --archive "$A/app.tar" --limit file-size=64K -f json
hd_expect_rc 3
check errors "$HD_TMP/out"
hd_hardock image --archive "$A/app.tar" --limit nosuch=1
hd_expect_rc 2
hd_ok "noise, a missing file: 2; a cap hit: error results, 3; a bad --limit: 2"

echo "test_image: all assertions passed" >&2
