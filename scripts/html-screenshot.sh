#!/bin/sh
# Open an HTML report in headless Chromium (Debian's chromium), offline:
# write a screenshot and the DOM as it is after the page's script ran.
#   scripts/html-screenshot.sh REPORT.html OUTDIR [WIDTH,HEIGHT [FRAGMENT]]
# writes OUTDIR/screenshot.png and OUTDIR/dom.html; FRAGMENT (e.g.
# "q=web-1&st=fail") is appended as #FRAGMENT, which the report's filters
# read. Each run gets a fresh profile directory, removed afterwards, and
# Chromium is kept off the network (no component updates, sync or QUIC).
set -eu
report=$(realpath "$1")
out=$2
size=${3:-1280,2400}
frag=${4:-}
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url="file://$report${frag:+#$frag}"
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--user-data-dir=$profile --hide-scrollbars"
# shellcheck disable=SC2086
chromium $flags --window-size="$size" --screenshot="$out/screenshot.png" \
	"$url" >"$out/chromium.log" 2>&1
# shellcheck disable=SC2086
chromium $flags --dump-dom "$url" >"$out/dom.html" 2>>"$out/chromium.log"
