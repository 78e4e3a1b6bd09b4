#!/bin/sh
# Rebuilds Dictionaries/model.bin, the default language model (see README.md, "Language model").
#
#   Dictionaries/build-model.sh [path/to/unspin]
#
# DATA (default /work/shared/data) must hold corpora/wikipedia-leads.en.txt and
# corpora/wordnet-examples.en.txt. The last 600 lines of wikipedia-leads.en.txt are held out
# (they measure how much clean text the restorer changes) and never used for training.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
unspin=${1:-}
if [ -z "$unspin" ]; then
    (cd "$here/.." && swift build -c release --product unspin >&2)
    unspin="$here/../.build/release/unspin"
fi
DATA=${DATA:-/work/shared/data}
ORDER=${ORDER:-4}
PRUNE=${PRUNE:-0,0,0,1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wiki="$DATA/corpora/wikipedia-leads.en.txt"
lines=$(wc -l < "$wiki")
head -n $((lines - 600)) "$wiki" > "$tmp/wikipedia-train.txt"
"$unspin" lm train --order "$ORDER" --prune "$PRUNE" \
    "$tmp/wikipedia-train.txt" "$DATA/corpora/wordnet-examples.en.txt" -o "$here/model.bin"
"$unspin" lm info --verify "$here/model.bin"
