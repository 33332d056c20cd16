#!/bin/bash
# hardock image reader speed and memory on docker save archives of SIZE_MB
# megabytes (default 1024 and 2048), made by bench/mkimage.py. Usage:
#   bench/image.sh BUILD-DIR [SIZE_MB...]
# BUILD-DIR holds image_read (tests/helpers/image_read.c: the reader alone,
# hd_image_read_path(), no CLI). For each size it times, warm (the archive
# read once before), the reader against tar listing the same archive:
#   plain:  image_read -q X.tar     vs  tar -tf X.tar
#   gzip:   image_read -q X.tar.gz  vs  tar -tzf X.tar.gz   (gzip -1)
# and against listing every layer's entries, which is the reader's work
# without the hashing and the classifiers:
#   tar -xOf X '*/layer.tar' | tar -itf -      (-xzOf for the gzip one)
# The reader decompresses, hashes (blob and diff_id) and walks every
# layer's entries; `tar -tf` lists only the outer entries (GNU tar seeks
# over their data on a plain file), `tar -tzf` has to inflate everything.
# Prints a markdown table: median wall seconds of HD_BENCH_RUNS runs
# (default 3), the ratios, and the reader's peak RSS (/usr/bin/time).
set -eu
B="$(realpath "${1:?usage: bench/image.sh BUILD-DIR [SIZE_MB...]}")"
shift
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1024 2048)
RUNS="${HD_BENCH_RUNS:-3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing" >&2; exit 1; }
[ -x "$B/image_read" ] || { echo "bench: $B/image_read missing (build it)" >&2; exit 1; }
T="$(mktemp -d "${TMPDIR:-/var/tmp}/hdimg.XXXXXX")"
trap 'rm -rf "$T"' EXIT

# Median wall seconds and largest peak RSS (KiB) of RUNS runs of "$@".
measure() {
	local i wall rss out=() peak=0
	for ((i = 0; i < RUNS; i++)); do
		/usr/bin/time -f '%e %M' -o "$T/time" "$@" >/dev/null 2>"$T/err" ||
			{ cat "$T/err" >&2; echo "bench: $* failed" >&2; exit 1; }
		read -r wall rss <"$T/time"
		out+=("$wall")
		[ "$rss" -gt "$peak" ] && peak=$rss
	done
	printf '%s %s\n' "$(printf '%s\n' "${out[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")" "$peak"
}

echo "| archive | size | image_read s | tar -t s | ratio | layers listed s | ratio | image_read peak RSS |"
echo "|---|---|---|---|---|---|---|---|"
for mb in "${SIZES[@]}"; do
	python3 "$HERE/mkimage.py" "$T/img.tar" "$mb"
	gzip -1 -c "$T/img.tar" >"$T/img.tar.gz"
	for kind in plain gzip; do
		if [ "$kind" = plain ]; then
			f="$T/img.tar"; tarflags=-tf; xflags=-xOf
		else
			f="$T/img.tar.gz"; tarflags=-tzf; xflags=-xzOf
		fi
		cat "$f" >/dev/null
		# The reader must have read the image whole, or the time means nothing.
		"$B/image_read" -q "$f" | grep -q ' read ' ||
			{ echo "bench: image_read did not read $f" >&2; exit 1; }
		read -r hs hrss < <(measure "$B/image_read" -q "$f")
		read -r ts _ < <(measure tar $tarflags "$f")
		read -r ls _ < <(measure sh -c "tar $xflags '$f' --wildcards '*/layer.tar' | tar -itf -")
		printf '| %s | %s MiB (%s) | %s | %s | %s | %s | %s | %s MiB |\n' "$kind" \
		    "$mb" "$(du -m "$f" | cut -f1) MiB on disk" "$hs" "$ts" \
		    "$(python3 -c "print(f'{$hs / max($ts, 0.01):.2f}')")" "$ls" \
		    "$(python3 -c "print(f'{$hs / max($ls, 0.01):.2f}')")" "$((hrss / 1024))"
	done
	rm -f "$T/img.tar" "$T/img.tar.gz"
done
