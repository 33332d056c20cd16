#!/bin/bash
# The bash completion script (contrib/bash-completion/hardock, what the
# package installs) driven the way bash drives it: COMP_WORDS split at
# blanks and at COMP_WORDBREAKS' ':' and '=', COMP_CWORD, COMP_LINE and
# COMP_POINT set, _hardock called, COMPREPLY read. Its words are checked
# against the binary: subcommands against `hardock --help`, options
# against `hardock CMD --help`, check ids and parameters against
# `hardock list -f json`, and every value it offers for an option with a
# fixed set must be accepted by hardock. Profiles and contexts come from a
# profile directory and a docker configuration made here.
# Usage: test_completion.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
SCRIPT="$SRC/contrib/bash-completion/hardock"
SNAP="$SRC/tests/fixtures/snapshots/rich.json"
BC=/usr/share/bash-completion/bash_completion
[ -f "$BC" ] || hd_fail "$BC missing (apt-get install bash-completion)"
[ -f "$SCRIPT" ] || hd_fail "$SCRIPT missing"

# A profile directory and a docker configuration with three contexts, one
# of them with a name no completion word can hold.
PROFILES="$HD_TMP/profiles"
mkdir -p "$PROFILES"
echo '{"name": "web"}' >"$PROFILES/web.json"
echo '{"name": "db", "checks": ["5"]}' >"$PROFILES/db.json"
echo 'not a profile' >"$PROFILES/README"
export HARDOCK_PROFILE_DIR="$PROFILES"
export DOCKER_CONFIG="$HD_TMP/docker-config"
for c in prod:aa01 staging:bb02 "two words:cc03"; do
	mkdir -p "$DOCKER_CONFIG/contexts/meta/${c#*:}"
	printf '{"Name":"%s","Endpoints":{"docker":{"Host":"unix:///nonexistent/%s.sock"}}}\n' \
		"${c%:*}" "${c#*:}" >"$DOCKER_CONFIG/contexts/meta/${c#*:}/meta.json"
done
mkdir -p "$HD_TMP/files/reports"
touch "$HD_TMP/files/reports/a.json" "$HD_TMP/files/rules.txt"

# The driver, run by a bash that loaded bash-completion (unless $1 is
# "bare") and the script: prints COMPREPLY for the line $2, sorted.
DRIVER="$HD_TMP/drive.bash"
cat >"$DRIVER" <<'EOF'
[ "$1" = bare ] || . /usr/share/bash-completion/bash_completion
. "$2"
line=$3
w=()
for tok in $line; do
	while [[ $tok =~ ^([^:=]*)([:=]+)(.*)$ ]]; do
		[[ -n ${BASH_REMATCH[1]} ]] && w+=("${BASH_REMATCH[1]}")
		w+=("${BASH_REMATCH[2]}")
		tok=${BASH_REMATCH[3]}
	done
	[[ -n $tok ]] && w+=("$tok")
done
[[ $line == *" " || $line =~ [:=]$ ]] && w+=("")
COMP_LINE=$line COMP_POINT=${#line}
COMP_WORDS=("${w[@]}") COMP_CWORD=$((${#w[@]} - 1))
COMPREPLY=()
if [ "$4" = spec ]; then
	complete -p hardock
	exit
fi
_hardock
printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
EOF

# COMPREPLY for the command line "hardock $1" (bash-completion loaded).
comp() {
	bash "$DRIVER" full "$SCRIPT" "$HARDOCK $1"
}

# The same without bash-completion.
comp_bare() {
	bash "$DRIVER" bare "$SCRIPT" "$HARDOCK $1"
}

# Assert that the words of $2 (one a line) are exactly those of $3.
same_words() {
	local what="$1" got want
	got="$(printf '%s\n' "$2" | grep -v '^$' | LC_ALL=C sort -u)"
	want="$(printf '%s\n' "$3" | grep -v '^$' | LC_ALL=C sort -u)"
	[ "$got" = "$want" ] || {
		diff <(echo "$want") <(echo "$got") >&2
		hd_fail "$what: completion offers (>) other words than expected (<)"
	}
	hd_ok "$what: $(echo "$got" | grep -c .) words"
}

# The spec bash registers.
spec="$(bash "$DRIVER" full "$SCRIPT" "hardock " spec)"
[ "$spec" = "complete -F _hardock hardock" ] ||
	hd_fail "complete -p hardock says '$spec'"
hd_ok "complete -p hardock: $spec"

# Subcommands: those `hardock --help` lists.
cmds="$("$HARDOCK" --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')"
[ -n "$cmds" ] || hd_fail "no commands in hardock --help"
same_words "subcommands" "$(comp "")" "$cmds
--help
--version"
same_words "subcommands starting with 'ex'" "$(comp "ex")" "explain"

# Every subcommand's options: those its --help lists.
for c in $cmds; do
	opts="$("$HARDOCK" "$c" --help | grep -oE '^ +(-[A-Za-z], )?--[a-z-]+' |
		tr -s " ," "\n\n")"
	[ -n "$opts" ] || opts="--help"
	same_words "options of $c" "$(comp "$c -")" "$opts"
done
same_words "scan options starting with --f" "$(comp "scan --f")" "--fail-on
--format"

# The values hardock accepts, offered for every option with a fixed set:
# each one must pass hardock's own validation (exit status other than 2).
accepts() {
	local what="$1"
	shift
	hd_hardock "$@"
	[ "$HD_RC" != 2 ] || { cat "$HD_TMP/err" >&2; hd_fail "$what: hardock refuses it"; }
}
formats="$("$HARDOCK" scan --help | awk '/^Formats:/ { on = 1; next } on { print $1 }')"
same_words "scan -f" "$(comp "scan -f ")" "$formats"
same_words "scan --format=" "$(comp "scan --format=")" "$formats"
for f in $(comp "scan -f "); do
	accepts "scan -f $f" scan --snapshot "$SNAP" -q -f "$f"
done
for s in $(comp "scan --fail-on "); do
	accepts "scan --fail-on $s" scan --snapshot "$SNAP" -q --fail-on "$s"
done
same_words "scan --fail-on=c" "$(comp "scan --fail-on=c")" "critical"
[ "$(comp "scan --fail-on " | wc -l)" = 6 ] || hd_fail "--fail-on: want 5 severities and none"
for w in $(comp "scan --color "); do
	accepts "scan --color $w" scan --snapshot "$SNAP" -q --color "$w"
done
# hardock image: its formats, severities, colours and --limit names.
same_words "image -f" "$(comp "image -f ")" "$formats"
for f in $(comp "image -f "); do
	accepts "image -f $f" image --snapshot "$SNAP" -q -f "$f"
done
for s in $(comp "image --fail-on "); do
	accepts "image --fail-on $s" image --snapshot "$SNAP" -q --fail-on "$s"
done
for w in $(comp "image --color "); do
	accepts "image --color $w" image --snapshot "$SNAP" -q --color "$w"
done
limits="$("$HARDOCK" image --help | awk '/^Limits/ { on = 1; next } /^$/ { on = 0 } on { print $1 "=" }')"
[ -n "$limits" ] || hd_fail "no limits in hardock image --help"
same_words "image --limit" "$(comp "image --limit ")" "$limits"
for w in $(comp "image --limit "); do
	accepts "image --limit ${w}1024" image --snapshot "$SNAP" -q --limit "${w}1024"
done
hd_hardock image --snapshot "$SNAP" -q --limit nosuch=1
hd_expect_rc 2
for c in list diff merge benchmarks map; do
	[ -n "$(comp "$c -f ")" ] || hd_fail "$c -f offers nothing"
done
for f in $(comp "list -f "); do
	accepts "list -f $f" list -f "$f"
done
for f in $(comp "benchmarks -f "); do
	accepts "benchmarks -f $f" benchmarks -f "$f"
done
for b in $(comp "map --from "); do
	accepts "map --from $b" map --from "$b"
done
hd_hardock scan --snapshot "$SNAP" -q -o "json:$HD_TMP/r.json" --fail-on none
hd_expect_rc 0
for f in $(comp "diff --format "); do
	accepts "diff -f $f" diff -f "$f" "$HD_TMP/r.json" "$HD_TMP/r.json"
done
for f in $(comp "merge -f "); do
	accepts "merge -f $f" merge -f "$f" "$HD_TMP/r.json"
done
for s in $(comp "merge --fail-on "); do
	accepts "merge --fail-on $s" merge --fail-on "$s" "$HD_TMP/r.json"
done
hd_ok "every offered format, severity and colour is accepted"

# Check ids and parameters: those of `hardock list -f json`, of the
# default benchmark pack or the one -b/--benchmark names.
"$HARDOCK" list -f json >"$HD_TMP/list.json" || hd_fail "hardock list -f json failed"
ids() {
	hd_python -c 'import json, sys
prefix = sys.argv[2]
for c in json.load(open(sys.argv[1])):
    if c["id"].startswith(prefix):
        print(c["id"])' "${2:-$HD_TMP/list.json}" "$1"
}
benchmarks="$("$HARDOCK" benchmarks -f json | hd_python -c 'import json, sys
d = json.load(sys.stdin)
for b in (d["benchmarks"] if isinstance(d, dict) else d):
    print(b["id"])')" || hd_fail "hardock benchmarks -f json failed"
[ "$(echo "$benchmarks" | wc -l)" -ge 2 ] || hd_fail "fewer than two benchmark packs"
for c in scan list explain; do
	same_words "$c -b" "$(comp "$c -b ")" "$benchmarks"
done
same_words "map --from" "$(comp "map --from ")" "$benchmarks"
oldest="$(echo "$benchmarks" | head -n 1)"
"$HARDOCK" list -f json -b "$oldest" >"$HD_TMP/list-old.json" || hd_fail "hardock list -b $oldest"
cmp -s "$HD_TMP/list.json" "$HD_TMP/list-old.json" && hd_fail "the oldest pack lists the same as the default"
same_words "scan -b $oldest -c 2.1" "$(comp "scan -b $oldest -c 2.1")" "$(ids 2.1 "$HD_TMP/list-old.json")"
same_words "scan --benchmark=$oldest -c 2.1" "$(comp "scan --benchmark=$oldest -c 2.1")" \
	"$(ids 2.1 "$HD_TMP/list-old.json")"
same_words "explain --benchmark $oldest 2.1" "$(comp "explain --benchmark $oldest 2.1")" \
	"$(ids 2.1 "$HD_TMP/list-old.json")"
same_words "scan -c 2.1 (default pack)" "$(comp "scan -c 2.1")" "$(ids 2.1)"
same_words "scan -c 5.1" "$(comp "scan -c 5.1")" "$(ids 5.1)"
same_words "scan --exclude HD-" "$(comp "scan --exclude HD-")" "$(ids HD-)"
same_words "scan -c 5.1,HD-C (the last item of a list)" \
	"$(comp "scan -c 5.1,HD-C")" "$(ids HD-C | sed 's/^/5.1,/')"
same_words "explain 2.1" "$(comp "explain 2.1")" "$(ids 2.1)"
same_words "list 4" "$(comp "list 4")" "$(ids 4)"
params="$(hd_python -c 'import json, sys
for path in sys.argv[1:]:
    for c in json.load(open(path)):
        for p in c.get("params") or []:
            print(p["name"] + "=")' "$HD_TMP/list.json" "$HD_TMP/list-old.json")"
[ -n "$params" ] || hd_fail "the catalog declares no parameters"
same_words "scan --param" "$(comp "scan --param ")" "$params"

# Profiles: the names in the profile directory (and, as this hardock runs
# from its build directory, the source tree's), and *.json files.
shipped="$(cd "$SRC/profiles" && ls -- *.json *.yaml *.yml 2>/dev/null |
	sed 's/\.\(json\|yaml\|yml\)$//')"
cd "$HD_TMP/files" || hd_fail "cd"
same_words "scan --profile" "$(comp "scan --profile ")" "db
web
$shipped
reports"
for p in db web; do
	accepts "scan --profile $p" scan --snapshot "$SNAP" -q --profile "$p"
done
same_words "scan --profile re" "$(comp "scan --profile re")" "reports"

# Contexts: default and those of $DOCKER_CONFIG, not the unquotable one;
# hardock finds each offered one: it tries the context's endpoint.
same_words "scan --context" "$(comp "scan --context ")" "default
prod
staging"
for c in prod:aa01 staging:bb02; do
	hd_hardock scan --context "${c%:*}" -c 5.5 --timeout 2 -f json
	grep -q "unix:///nonexistent/${c#*:}.sock" "$HD_TMP/out" ||
		hd_fail "scan --context ${c%:*} did not use the context's endpoint"
done
hd_ok "hardock finds every offered context"

# FMT:FILE: the format with a ':', then files after it (readline replaces
# only what follows the ':').
same_words "scan -o js" "$(comp "scan -o js")" "json:"
same_words "scan -o json:rep" "$(comp "scan -o json:rep")" "reports"
same_words "scan -o html:reports/" "$(comp "scan -o html:reports/")" "reports/a.json"
same_words "scan --root" "$(comp "scan --root ")" "reports"
same_words "image --base" "$(comp "image --base re")" "reports"
same_words "image operands" "$(comp "image --archive re")" "reports"
same_words "diff" "$(comp "diff ")" "reports
rules.txt"
same_words "merge" "$(comp "merge -q ")" "reports
rules.txt"
same_words "merge -o html:rep" "$(comp "merge -o html:rep")" "reports"
same_words "scan -H" "$(comp "scan -H ")" "unix://
tcp://"
same_words "completion" "$(comp "completion ")" "bash
checks
contexts
params
profiles"
# Words after a flag are the subcommand's operands, not the flag's value.
same_words "scan after a flag" "$(comp "scan -q ")" ""

# Without bash-completion loaded, the basics still work.
same_words "bare: subcommands" "$(comp_bare "sc")" "scan"
same_words "bare: scan -f" "$(comp_bare "scan -f ")" "$formats"
same_words "bare: --fail-on=hi" "$(comp_bare "scan --fail-on=hi")" "high"
same_words "bare: -c 5.1,HD-C" "$(comp_bare "scan -c 5.1,HD-C")" "$(ids HD-C | sed 's/^/5.1,/')"
same_words "bare: --profile" "$(comp_bare "scan --profile ")" "db
web
$shipped
reports"
echo "test_completion: all assertions passed" >&2
