#!/bin/bash
# The Kubernetes manifests in contrib/kubernetes/ are valid objects of the
# Kubernetes API (schemas bundled in npm's kubernetes-models, installed by
# scripts/deps.sh --test under tests/npm; nothing is fetched here) and keep
# hardock's privileges minimal; a broken copy is refused, so the validator
# is not a rubber stamp.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$HERE/../.."
export NODE_PATH="$ROOT/tests/npm/node_modules"
fail() { echo "test_kubernetes: FAIL: $*" >&2; exit 1; }
[ -d "$NODE_PATH/kubernetes-models" ] ||
	fail "kubernetes-models not installed (sh scripts/deps.sh --test)"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT

node "$HERE/k8s_validate.js" "$ROOT"/contrib/kubernetes/*.yaml ||
	fail "contrib/kubernetes manifests are not valid"
# Wrong types and extra privileges must be refused.
sed 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: "yes"/' \
	"$ROOT/contrib/kubernetes/daemonset.yaml" > "$T/types.yaml"
if node "$HERE/k8s_validate.js" "$T/types.yaml" 2>"$T/err"; then
	fail "a string for readOnlyRootFilesystem was accepted"
fi
grep -q "must be boolean" "$T/err" || fail "schema error not reported: $(cat "$T/err")"
sed 's/add: \["DAC_READ_SEARCH", "SYS_PTRACE"\]/add: ["DAC_READ_SEARCH", "SYS_ADMIN"]/' \
	"$ROOT/contrib/kubernetes/daemonset.yaml" > "$T/caps.yaml"
if node "$HERE/k8s_validate.js" "$T/caps.yaml" 2>"$T/err"; then
	fail "SYS_ADMIN was accepted"
fi
grep -q "SYS_ADMIN is more than reading needs" "$T/err" || fail "policy not checked"
echo "test_kubernetes: ok"
