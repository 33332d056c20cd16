#!/bin/bash
# hardock against a private dockerd on a loopback TCP port with mutual TLS
# (--tlsverify): certificates made here with openssl; scanned through the
# flags and through DOCKER_HOST/DOCKER_TLS_VERIFY/DOCKER_CERT_PATH; then a
# wrong CA and a missing client certificate must be refused, with the
# reason in the report and no container check passing.
# Usage: test_tls.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
command -v openssl >/dev/null || hd_fail "openssl missing (apt-get install openssl)"

# Make a CA in $1 (a directory) named $2: ca.pem and ca-key.pem.
make_ca() {
	mkdir -p "$1"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
		-keyout "$1/ca-key.pem" -out "$1/ca.pem" 2>/dev/null ||
		hd_fail "openssl: cannot make CA $2"
}

# Sign a certificate for $2 (CN) with CA dir $1 into $3-cert.pem and
# $3-key.pem, with the X.509v3 extensions in $4.
make_cert() {
	local ca="$1" cn="$2" out="$3" ext="$4"
	printf '%s\n' "$ext" >"$out.ext"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" \
		-keyout "$out-key.pem" -out "$out.csr" 2>/dev/null ||
		hd_fail "openssl: cannot make a request for $cn"
	openssl x509 -req -in "$out.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" \
		-CAcreateserial -days 2 -extfile "$out.ext" -out "$out-cert.pem" \
		2>/dev/null || hd_fail "openssl: cannot sign $cn"
}

PKI="$HD_TMP/pki"
make_ca "$PKI" "hardock test CA"
make_ca "$PKI/wrong" "some other CA"
make_cert "$PKI" 127.0.0.1 "$PKI/server" \
	"$(printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth')"
make_cert "$PKI" hardock-client "$PKI/client" "extendedKeyUsage=clientAuth"
# DOCKER_CERT_PATH layout: ca.pem, cert.pem, key.pem.
mkdir -p "$HD_TMP/certs"
cp "$PKI/ca.pem" "$HD_TMP/certs/ca.pem"
cp "$PKI/client-cert.pem" "$HD_TMP/certs/cert.pem"
cp "$PKI/client-key.pem" "$HD_TMP/certs/key.pem"
chmod 0600 "$PKI"/*-key.pem "$HD_TMP/certs/key.pem"

PORT="$(hd_free_port)" || hd_fail "no free port"
TCP="tcp://127.0.0.1:$PORT"
hd_dockerd_start -H "$TCP" --tlsverify --tlscacert "$PKI/ca.pem" \
	--tlscert "$PKI/server-cert.pem" --tlskey "$PKI/server-key.pem"
# The daemon really demands a client certificate.
curl -fsS --max-time 5 --cacert "$PKI/ca.pem" "https://127.0.0.1:$PORT/_ping" \
	>/dev/null 2>&1 && hd_fail "dockerd answered TLS without a client certificate"
curl -fsS --max-time 5 --cacert "$PKI/ca.pem" --cert "$PKI/client-cert.pem" \
	--key "$PKI/client-key.pem" "https://127.0.0.1:$PORT/_ping" >/dev/null ||
	hd_fail "dockerd does not answer mutual TLS on $TCP"
hd_ok "dockerd on $TCP with --tlsverify"

hd_image_build
hd_create plain >/dev/null
hd_create priv --privileged >/dev/null
"$HARDOCK" list -f json >"$HD_TMP/catalog.json" || hd_fail "hardock list -f json failed"

# The scan in $HD_TMP/out reached the engine and inspected both containers.
expect_inspected() {
	local how="$1"
	hd_expect_rc 1
	hd_report contract "$HD_TMP/out" >/dev/null || hd_fail "$how: JSON contract"
	[ "$(hd_report host "$HD_TMP/out" docker_version)" = "$(hd_docker version -f '{{.Server.Version}}')" ] ||
		hd_fail "$how: host.docker_version is not the engine's ($(hd_report host "$HD_TMP/out" engine_error))"
	hd_report expect "$HD_TMP/out" 5.5 container priv fail >&2 || hd_fail "$how: 5.5 priv"
	hd_report expect "$HD_TMP/out" 5.5 container plain pass >&2 || hd_fail "$how: 5.5 plain"
	[ "$(hd_report count "$HD_TMP/out" 5.5 container)" = 2 ] ||
		hd_fail "$how: expected 2 container findings"
	hd_ok "$how: engine reached over TLS, containers inspected"
}

# The scan in $HD_TMP/out was refused; the report says why ($2: a regex
# the reason must match) and no container check passes.
expect_refused() {
	local how="$1" why="$2" reason
	hd_expect_rc 0 1
	hd_report contract "$HD_TMP/out" >/dev/null || hd_fail "$how: JSON contract"
	hd_report engine-down "$HD_TMP/out" "$HD_TMP/catalog.json" "$TCP" >&2 ||
		hd_fail "$how: engine facts are not errors naming $TCP"
	hd_report no-pass "$HD_TMP/out" "$HD_TMP/catalog.json" >&2 ||
		hd_fail "$how: a container check passes"
	reason="$(hd_report host "$HD_TMP/out" engine_error)"
	[ "$reason" != null ] || hd_fail "$how: host.engine_error does not say why"
	grep -qiE "$why" <<<"$reason" ||
		hd_fail "$how: reason '$reason' does not match /$why/"
	hd_ok "$how: refused: $reason"
}

# ---- flags -----------------------------------------------------------
hd_hardock scan -H "$TCP" --tlsverify --tlscacert "$PKI/ca.pem" \
	--tlscert "$PKI/client-cert.pem" --tlskey "$PKI/client-key.pem" -f json
expect_inspected "--tlsverify flags"

# ---- the docker CLI's environment --------------------------------------
DOCKER_HOST="$TCP" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$HD_TMP/certs" \
	hd_hardock scan -f json
expect_inspected "DOCKER_HOST/DOCKER_TLS_VERIFY/DOCKER_CERT_PATH"

# ---- a CA that did not sign the server's certificate -------------------
hd_hardock scan -H "$TCP" --tlsverify --tlscacert "$PKI/wrong/ca.pem" \
	--tlscert "$PKI/client-cert.pem" --tlskey "$PKI/client-key.pem" -f json
expect_refused "wrong CA" "certificate|ssl|tls|verif|issuer"

# ---- no client certificate ---------------------------------------------
hd_hardock scan -H "$TCP" --tlsverify --tlscacert "$PKI/ca.pem" -f json
expect_refused "no client certificate" "certificate|ssl|tls|handshake|alert|reset|recv|send|closed"

hd_log "PASS"
