#!/bin/sh
# mksubset.sh regenerates NotoSansCJKsc-Regular-subset.otf, the CJK font that
# package chart embeds so that Chinese labels render on a machine with no
# fonts installed (Go's default fonts have no CJK glyphs).
#
# Requirements (Debian 12 "bookworm"):
#
#	apt-get update
#	apt-get install fonts-noto-cjk fonttools python3
#
# Usage, from any directory:
#
#	sh internal/chart/font/mksubset.sh
#
# Source: Noto Sans CJK SC Regular (font 2 of Debian's NotoSansCJK-Regular.ttc;
# override the path with NOTO_CJK=...), licensed under the SIL Open Font
# License 1.1 (see OFL.txt beside this script). The subset keeps
#
#  1. every non-ASCII character in the Go source of package chart (the
#     Chinese chart vocabulary; chart_test.go checks that each is present),
#  2. the 3755 GB2312 level-1 hanzi (common characters model names may use),
#  3. printable ASCII, Latin-1 punctuation and CJK/full-width punctuation.
#
# Hinting, OpenType layout and vertical-metrics tables are dropped: gonum/plot
# draws unhinted horizontal text only. Run the package tests afterwards.
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
src=${NOTO_CJK:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
out="$dir/NotoSansCJKsc-Regular-subset.otf"
index=2 # Noto Sans CJK SC in the collection

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ttx -q -y "$index" -t name -o "$tmp/name.ttx" "$src"
if ! grep -q 'Noto Sans CJK SC' "$tmp/name.ttx"; then
	echo "mksubset.sh: font $index of $src is not Noto Sans CJK SC" >&2
	exit 1
fi

python3 - "$dir/.." >"$tmp/text.txt" <<'PY'
import glob, os, sys

chars = set()
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.go"))):
    with open(path, encoding="utf-8") as f:
        chars.update(c for c in f.read() if ord(c) > 0x7F)
for hi in range(0xB0, 0xD8):  # GB2312 level 1: rows 16-55
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
sys.stdout.write("".join(sorted(chars)))
PY

pyftsubset "$src" \
	--font-number="$index" \
	--text-file="$tmp/text.txt" \
	--unicodes='U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+2212,U+3000-303F,U+FF01-FF5E' \
	--layout-features='' \
	--no-hinting \
	--desubroutinize \
	--drop-tables+=VORG,vhea,vmtx,GPOS,GSUB \
	--output-file="$out"

echo "wrote $out ($(wc -c <"$out") bytes)"
