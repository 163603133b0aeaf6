#!/bin/sh
# make docs: rewrites the generated tables of docs/generations.md from the
# registry (rmapsim list --format markdown PART), between each
# "<!-- generated: PART -->" and "<!-- end generated: PART -->" marker, so
# the document says what the code runs; test_docs fails when it does not.
# Through a temporary file: an interrupted run leaves the document as it was.
set -eu

BUILD=${BUILD:-build}
DOC=${DOC:-docs/generations.md}
RMAPSIM=$BUILD/rmapsim

if [ ! -x "$RMAPSIM" ]; then
	echo "docs: $RMAPSIM is not built: run make build (or BUILD=dir)" >&2
	exit 2
fi
tmp=$(mktemp "$DOC.XXXXXX")
chmod 644 "$tmp"	# mktemp's 600 would become the document's
trap 'rm -f "$tmp" "$tmp.part"' EXIT
: >"$tmp"
part=
while IFS= read -r line; do
	case $line in
	'<!-- generated: '*' -->')
		printf '%s\n' "$line" >>"$tmp"
		part=${line#<!-- generated: }
		part=${part% -->}
		"$RMAPSIM" list --format markdown "$part" >"$tmp.part"
		cat "$tmp.part" >>"$tmp"
		continue ;;
	'<!-- end generated: '*' -->')
		part= ;;
	esac
	[ -n "$part" ] || printf '%s\n' "$line" >>"$tmp"
done <"$DOC"
if [ -n "$part" ]; then
	echo "docs: $DOC: '<!-- generated: $part -->' has no end marker" >&2
	exit 1
fi
mv "$tmp" "$DOC"
rm -f "$tmp.part"
trap - EXIT
echo "docs: $DOC rewritten from the registry"
