#!/bin/bash
# The Debian package (made by the package_build fixture with
# scripts/package.sh): its name and fields, its files, that its Depends are
# exactly the packages of the libraries the binary links, and that lintian
# finds no error or warning. Then it is really installed with dpkg -i, and
# apt-get install ./hardock_*.deb, into a scratch root (an overlay over
# this host's / with its upper layer on a tmpfs, in a private mount
# namespace: the host's own dpkg database and files are never written),
# where the installed hardock runs, its profiles, man pages and bash
# completion are found, systemd-analyze verifies the units and rates the
# service's exposure, and dpkg -r / dpkg -P remove it cleanly.
# Usage: test_package.sh PATH-TO-HARDOCK
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

hd_setup "${1:-}"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
for t in dpkg-deb lintian systemd-analyze unshare readelf; do
	command -v "$t" >/dev/null || hd_fail "$t missing (scripts/deps.sh --test)"
done
hd_deb_find
hd_log "package: $HD_DEB"

# Name and fields.
ver="$("$HARDOCK" version | awk 'NR == 1 { print $2 }')"
arch="$(dpkg --print-architecture)"
[ "$(basename "$HD_DEB")" = "hardock_${ver}_${arch}.deb" ] ||
	hd_fail "package named $(basename "$HD_DEB"), want hardock_${ver}_${arch}.deb"
[ "$(dpkg-deb -f "$HD_DEB" Package)" = hardock ] || hd_fail "Package field"
[ "$(dpkg-deb -f "$HD_DEB" Version)" = "$ver" ] || hd_fail "Version field"
[ "$(dpkg-parsechangelog -l "$SRC/contrib/debian/changelog" -S Version)" = "$ver" ] ||
	hd_fail "contrib/debian/changelog's newest entry is not version $ver"
hd_ok "hardock_${ver}_${arch}.deb, changelog at $ver"

# Files: every kind the package promises, owned by root.
dpkg-deb -c "$HD_DEB" >"$HD_TMP/contents" || hd_fail "dpkg-deb -c failed"
want="./usr/bin/hardock ./usr/libexec/hardock/nightly
./usr/share/man/man1/hardock.1.gz ./usr/share/man/man5/hardock-json.5.gz
./usr/share/man/man5/hardock-profile.5.gz
./lib/systemd/system/hardock-scan.service ./lib/systemd/system/hardock-scan.timer
./lib/systemd/system/hardock-watch.service
./etc/default/hardock ./usr/share/bash-completion/completions/hardock
./usr/share/doc/hardock/README.md ./usr/share/doc/hardock/copyright
./usr/share/doc/hardock/changelog.gz"
for p in "$SRC"/profiles/*.json "$SRC"/profiles/*.yaml; do
	want="$want ./usr/share/hardock/profiles/$(basename "$p")"
done
for p in $want; do
	awk '{ print $6 }' "$HD_TMP/contents" | grep -qxF "$p" || hd_fail "package lacks $p"
done
awk '$2 != "root/root"' "$HD_TMP/contents" | grep . &&
	hd_fail "files not owned by root/root"
dpkg-deb --ctrl-tarfile "$HD_DEB" | tar -xOf - ./conffiles >"$HD_TMP/conffiles" ||
	hd_fail "no conffiles"
[ "$(cat "$HD_TMP/conffiles")" = /etc/default/hardock ] ||
	hd_fail "conffiles: $(cat "$HD_TMP/conffiles")"
head -n 1 "$SRC/contrib/debian/copyright" |
	grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
	hd_fail "copyright is not in the machine-readable format"
hd_ok "$(wc -l <"$HD_TMP/contents") entries, root-owned, /etc/default/hardock a conffile"

# Depends: exactly the packages holding the libraries the binary needs
# (found here from its NEEDED entries, apart from dpkg-shlibdeps).
dpkg-deb -x "$HD_DEB" "$HD_TMP/x" || hd_fail "dpkg-deb -x failed"
needed="$(readelf -d "$HD_TMP/x/usr/bin/hardock" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
[ -n "$needed" ] || hd_fail "no NEEDED entries in usr/bin/hardock"
owners=""
for lib in $needed; do
	path="$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|AArch64|64bit/ { print $NF; exit }')"
	[ -n "$path" ] || path="$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')"
	[ -n "$path" ] || hd_fail "cannot find $lib"
	pkg="$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n 1 | cut -d: -f1)"
	[ -n "$pkg" ] || pkg="$(dpkg -S "$path" | head -n 1 | cut -d: -f1)"
	owners="$owners $pkg"
done
owners="$(echo "$owners" | tr ' ' '\n' | grep . | sort -u)"
depends="$(dpkg-deb -f "$HD_DEB" Depends | tr ',' '\n' | sed 's/(.*)//; s/ //g' | grep . | sort -u)"
[ "$owners" = "$depends" ] || {
	diff <(echo "$owners") <(echo "$depends") >&2
	hd_fail "Depends (>) differ from the packages of the NEEDED libraries (<)"
}
dpkg-deb -f "$HD_DEB" Depends | grep -q '(>= ' || hd_fail "Depends carry no versions"
hd_ok "Depends: $(echo $depends)"

# lintian: no error and no warning; the informational tags are printed.
lintian --fail-on error,warning -I --pedantic "$HD_DEB" >"$HD_TMP/lintian" 2>&1 || {
	cat "$HD_TMP/lintian" >&2
	hd_fail "lintian reports errors or warnings"
}
hd_ok "lintian: no error or warning; other tags: $(grep -cE '^[IP]:' "$HD_TMP/lintian")"
sed 's/^/    /' "$HD_TMP/lintian" >&2

# Install it for real into the scratch root; the host's dpkg database
# stays as it was.
host_hardock() {
	dpkg-query -W -f '${db:Status-Abbrev} ${Version}' hardock 2>/dev/null || echo none
}
status_before="$(host_hardock)"
hd_root_setup
hd_in_root 'chroot "$HD_ROOT" dpkg -i "$DEB"' DEB="$HD_DEB" \
	>"$HD_TMP/dpkg.log" 2>&1 || { cat "$HD_TMP/dpkg.log" >&2; hd_fail "dpkg -i failed"; }
[ -x "$HD_ROOT_UPPER/usr/bin/hardock" ] || hd_fail "dpkg -i left no /usr/bin/hardock"
[ "$(host_hardock)" = "$status_before" ] ||
	hd_fail "the host's dpkg database changed"
hd_ok "dpkg -i in the scratch root"

# The installed hardock, as a user runs it.
SNAP="$SRC/tests/fixtures/snapshots/rich.json"
hd_in_root '
	chroot "$HD_ROOT" dpkg-query -W -f "\${Status}\n" hardock
	chroot "$HD_ROOT" /usr/bin/hardock version
	chroot "$HD_ROOT" hardock completion profiles | tr "\n" " "; echo
	chroot "$HD_ROOT" hardock scan --snapshot "$SNAP" --profile cis-level1 -q \
		-o json:/tmp/r.json --fail-on none && echo "scan: ok"
	chroot "$HD_ROOT" hardock list >"$HD_ROOT/tmp/list" && head -n 1 "$HD_ROOT/tmp/list"
	chroot "$HD_ROOT" man -w hardock hardock-json hardock-profile | tr "\n" " "; echo
	chroot "$HD_ROOT" bash -c ". /usr/share/bash-completion/bash_completion &&
		__load_completion hardock && complete -p hardock"
' SNAP="$SNAP" >"$HD_TMP/run.log" 2>&1 || { cat "$HD_TMP/run.log" >&2; hd_fail "running the installed package failed"; }
cat "$HD_TMP/run.log" >&2
grep -qx "install ok installed" "$HD_TMP/run.log" || hd_fail "dpkg does not list hardock installed"
grep -qx "hardock $ver" "$HD_TMP/run.log" || hd_fail "installed hardock version is not $ver"
# (An edit between the package build and now may add or drop "-dirty".)
commit="$(git -C "$SRC" describe --always --abbrev=12 2>/dev/null || echo unknown)"
grep -qE "^commit: $commit(-dirty)?$" "$HD_TMP/run.log" ||
	hd_fail "installed hardock does not name the commit it was built from ($commit)"
# The library versions it prints are those of the installed packages.
for lp in libcurl:libcurl4 json-c:libjson-c5 libseccomp:libseccomp2 libcap:libcap2; do
	v="$(dpkg-query -W -f '${Version}' "${lp#*:}" | sed 's/^[0-9]*://; s/-[^-]*$//')"
	grep -qE "^${lp%%:*}: ${v//./\\.}( |$)" "$HD_TMP/run.log" ||
		hd_fail "hardock version does not print ${lp%%:*} $v (package ${lp#*:})"
done
shipped="$(cd "$SRC/profiles" && ls -- *.json *.yaml | sed 's/\.\(json\|yaml\)$//' |
	LC_ALL=C sort | tr '\n' ' ')"
grep -qxF "$shipped" "$HD_TMP/run.log" ||
	hd_fail "installed hardock finds other profiles than the shipped ones ($shipped)"
grep -qx "scan: ok" "$HD_TMP/run.log" || hd_fail "scan with --profile cis-level1 failed"
grep -qx "/usr/share/man/man1/hardock.1.gz /usr/share/man/man5/hardock-json.5.gz /usr/share/man/man5/hardock-profile.5.gz " \
	"$HD_TMP/run.log" || hd_fail "man does not find the installed pages"
grep -qx "complete -F _hardock hardock" "$HD_TMP/run.log" ||
	hd_fail "bash-completion does not load the installed completion"
hd_ok "installed hardock runs, finds its profiles, man pages and completion"

# The units, as systemd reads them.
hd_in_root '
	rc=0
	chroot "$HD_ROOT" systemd-analyze verify /lib/systemd/system/hardock-scan.service \
		/lib/systemd/system/hardock-scan.timer \
		/lib/systemd/system/hardock-watch.service || rc=$?
	echo "verify: rc=$rc"
	chroot "$HD_ROOT" systemd-analyze security --offline=yes --no-pager \
		/lib/systemd/system/hardock-scan.service
	chroot "$HD_ROOT" systemd-analyze security --offline=yes --no-pager \
		/lib/systemd/system/hardock-watch.service
' >"$HD_TMP/units.log" 2>&1 || { cat "$HD_TMP/units.log" >&2; hd_fail "systemd-analyze failed"; }
grep -qx "verify: rc=0" "$HD_TMP/units.log" || { cat "$HD_TMP/units.log" >&2; hd_fail "systemd-analyze verify"; }
[ "$(sed '/^verify: rc=0$/q' "$HD_TMP/units.log" | grep -vc '^verify: rc=0$')" = 0 ] || {
	cat "$HD_TMP/units.log" >&2
	hd_fail "systemd-analyze verify complained"
}
score="$(sed -n 's/.*Overall exposure level for hardock-scan.service: \([0-9.]*\).*/\1/p' "$HD_TMP/units.log")"
[ -n "$score" ] || { cat "$HD_TMP/units.log" >&2; hd_fail "no exposure score"; }
awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }' ||
	hd_fail "exposure $score is above 3.0"
grep -E '^✗' "$HD_TMP/units.log" | sed 's/^/    /' >&2
wscore="$(sed -n 's/.*Overall exposure level for hardock-watch.service: \([0-9.]*\).*/\1/p' "$HD_TMP/units.log")"
[ -n "$wscore" ] || { cat "$HD_TMP/units.log" >&2; hd_fail "no exposure score for hardock-watch.service"; }
awk -v s="$wscore" 'BEGIN { exit !(s <= 3.0) }' ||
	hd_fail "hardock-watch.service exposure $wscore is above 3.0"
hd_in_root 'grep -q "^ExecStart=/usr/bin/hardock watch " "$HD_ROOT/lib/systemd/system/hardock-watch.service"' ||
	hd_fail "hardock-watch.service does not run the installed /usr/bin/hardock"
hd_ok "systemd-analyze verify clean; security --offline: exposure $score (scan), $wscore (watch)"

# Remove keeps the conffile, purge removes it and the reports.
hd_in_root '
	mkdir -p "$HD_ROOT/var/lib/hardock/reports"
	touch "$HD_ROOT/var/lib/hardock/reports/2000-01-01.json"
	chroot "$HD_ROOT" dpkg -r hardock
	for f in /usr/bin/hardock /etc/default/hardock /var/lib/hardock; do
		[ -e "$HD_ROOT$f" ] && echo "after remove: $f"
	done
	chroot "$HD_ROOT" dpkg -P hardock
	for f in /usr/bin/hardock /etc/default/hardock /var/lib/hardock \
	    /lib/systemd/system/hardock-scan.service \
	    /lib/systemd/system/hardock-watch.service; do
		[ -e "$HD_ROOT$f" ] && echo "after purge: $f"
	done
	chroot "$HD_ROOT" dpkg-query -W -f "\${db:Status-Abbrev}\n" hardock 2>/dev/null || echo "not known"
	true
' >"$HD_TMP/remove.log" 2>&1 || { cat "$HD_TMP/remove.log" >&2; hd_fail "dpkg -r/-P failed"; }
grep -q "^after remove: /etc/default/hardock$" "$HD_TMP/remove.log" ||
	hd_fail "dpkg -r removed the conffile"
grep -q "^after remove: /usr/bin/hardock$" "$HD_TMP/remove.log" &&
	hd_fail "dpkg -r left /usr/bin/hardock"
grep -q "^after purge:" "$HD_TMP/remove.log" && {
	cat "$HD_TMP/remove.log" >&2
	hd_fail "dpkg -P left files"
}
hd_ok "dpkg -r keeps /etc/default/hardock; dpkg -P removes it and /var/lib/hardock"

# apt-get install ./hardock_*.deb resolves the dependencies from what is
# installed (here, all of them: only hardock itself is new).
hd_in_root 'cp "$DEB" "$HD_ROOT/tmp/" &&
	chroot "$HD_ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y \
		"/tmp/$(basename "$DEB")"' DEB="$HD_DEB" \
	>"$HD_TMP/apt.log" 2>&1 || { cat "$HD_TMP/apt.log" >&2; hd_fail "apt-get install ./hardock_*.deb failed"; }
grep -q "^0 upgraded, 1 newly installed" "$HD_TMP/apt.log" || {
	cat "$HD_TMP/apt.log" >&2
	hd_fail "apt-get installed more than hardock"
}
[ -x "$HD_ROOT_UPPER/usr/bin/hardock" ] || hd_fail "apt-get left no /usr/bin/hardock"
[ "$(host_hardock)" = "$status_before" ] ||
	hd_fail "the host's dpkg database changed"
hd_ok "apt-get install ./$(basename "$HD_DEB")"
echo "test_package: all assertions passed" >&2
