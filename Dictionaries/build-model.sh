#!/bin/sh
# Rebuilds Dictionaries/model.bin, the default language model (see README.md, "Language model").
#
#   Dictionaries/build-model.sh [path/to/unspin]
#
# DATA (default: ../shared/data beside the repository) must hold corpora/wikipedia-leads.en.txt and
# corpora/wordnet-examples.en.txt. The last 600 lines of wikipedia-leads.en.txt are held out
# (they measure how much clean text the restorer changes) and never used for training.
# The bigram list comes from the PyPI package symspellpy (`pip install symspellpy`); set
# SYMSPELL to the folder holding frequency_bigramdictionary_en_243_342.txt to use another copy.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
unspin=${1:-}
if [ -z "$unspin" ]; then
    (cd "$here/.." && swift build -c release --product unspin >&2)
    unspin="$here/../.build/release/unspin"
fi
DATA=${DATA:-$(cd "$here/../.." && pwd)/shared/data}
ORDER=${ORDER:-4}
PRUNE=${PRUNE:-0,0,1,1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SYMSPELL=${SYMSPELL:-$(python3 -c 'import os, symspellpy; print(os.path.dirname(symspellpy.__file__))')}
bigrams="$SYMSPELL/frequency_bigramdictionary_en_243_342.txt"
[ -f "$bigrams" ] || { echo "build-model.sh: $bigrams not found (pip install symspellpy)" >&2; exit 1; }
# "word1 word2 count" -> "word1 word2": each bigram once, as a fragment (no sentence context).
awk '{ print $1 " " $2 }' "$bigrams" > "$tmp/symspell-bigrams.txt"
# The tortured list's multiword expected terms ("deep learning", "random forest"), each once as a
# fragment, so the model knows the technical terms tortured phrases stand for (build
# tortured-phrases.tsv first: Dictionaries/build/build.sh).
grep -v '^#' "$here/tortured-phrases.tsv" | cut -f2 | sed 's/ *#.*//' | awk 'NF >= 2' | sort -u > "$tmp/tortured-terms.txt"
wiki="$DATA/corpora/wikipedia-leads.en.txt"
lines=$(wc -l < "$wiki")
head -n $((lines - 600)) "$wiki" > "$tmp/wikipedia-train.txt"
"$unspin" lm train --order "$ORDER" --prune "$PRUNE" \
    "$tmp/wikipedia-train.txt" "$DATA/corpora/wordnet-examples.en.txt" \
    --fragments "$tmp/symspell-bigrams.txt" --fragments "$tmp/tortured-terms.txt" -o "$here/model.bin"
"$unspin" lm info --verify "$here/model.bin"
