#!/bin/bash
# The HTML report of a real scan of N containers (default 1000) opened in
# headless Chromium: its size, the page's own load time (navigation start
# to the load event, which the report's script records in the DOM), and
# the wall time of Chromium on it next to Chromium on an empty page
# (farm-bench, median of 5). Needs root, docker.io, busybox-static and
# chromium. Usage: bench/html.sh PATH-TO-HARDOCK [N]
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/integration/lib.sh
. "$HERE/../tests/integration/lib.sh"
# shellcheck source=bench/fill.sh
. "$HERE/fill.sh"

RUNNING="${HD_BENCH_RUNNING:-10}"
JOBS="${HD_BENCH_JOBS:-8}"
hd_setup "${1:-}"
N="${2:-1000}"
command -v chromium >/dev/null || hd_fail "chromium missing"
hd_dockerd_start
hd_image_build
mkdir -p "$HD_TMP/bodies" "$HD_TMP/vol"
create_range 0 "$N"
start_some "$N"

"$HARDOCK" scan -H "unix://$HD_SOCK" -q -o "html:$HD_TMP/report.html" \
	-o "json:$HD_TMP/report.json"
[ "$(hd_report count "$HD_TMP/report.json" 5.5 container)" = "$N" ] ||
	hd_fail "the scan did not report on all $N containers"
echo '<!DOCTYPE html><html><body>empty</body></html>' >"$HD_TMP/empty.html"

FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
--disable-background-networking --disable-component-update --disable-sync"
# One Chromium run on $1 with a fresh profile, its DOM to $2.
cat >"$HD_TMP/open.sh" <<SH
#!/bin/sh
p=\$(mktemp -d)
# shellcheck disable=SC2086
chromium $(echo $FLAGS) --user-data-dir="\$p" --dump-dom "file://\$1" >"\$2" 2>/dev/null
rc=\$?
rm -rf "\$p"
exit \$rc
SH
chmod +x "$HD_TMP/open.sh"
for i in 1 2 3 4 5; do
	"$HD_TMP/open.sh" "$HD_TMP/report.html" "$HD_TMP/dom.html" ||
		hd_fail "chromium failed"
	grep -o 'data-load-ms="[0-9]*"' "$HD_TMP/dom.html" | tr -dc 0-9
	echo
done >"$HD_TMP/load"
grep -q 'data-js="1"' "$HD_TMP/dom.html" || hd_fail "the report's script did not run"
echo "N=$N containers; $("$HARDOCK" version | head -1)"
echo "report.html: $(stat -c %s "$HD_TMP/report.html") bytes"
echo "page load (navigation to load event), 5 runs, ms: $(sort -n "$HD_TMP/load" | tr '\n' ' ')"
farm-bench -n 5 --timeout 300 --vs "$HD_TMP/open.sh $HD_TMP/empty.html $HD_TMP/edom.html" \
	-- "$HD_TMP/open.sh" "$HD_TMP/report.html" "$HD_TMP/dom.html"
