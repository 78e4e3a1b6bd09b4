#!/bin/sh
# Rebuilds Dictionaries/model.bin, the default language model (see README.md, "Language model").
#
#   Dictionaries/build-model.sh [path/to/unspin]
#
# Needs: python3 and git (the training text is read from GitHub snapshots), and
# `pip install symspellpy` (its bigram list). Settings, all optional:
#   SOURCES  folder of GitHub snapshots, OWNER+NAME/repo or OWNER+NAME (a plain `git clone`) per
#            repository; default .work/sources. Run with a missing repository and make-corpus.py
#            prints the exact `git clone` command for it (list: make-corpus.py --list).
#   SHARED   the shared folder (data/corpora, data/spun-pairs); default ../shared beside the repository.
#   WORK     where the training text is written; default .work/model (ignored by git).
#   OUT      the model to write; default Dictionaries/model.bin.
#   ORDER, PRUNE, MAXSIZE  trainer settings (default 4, 0,0,1,1, none).
#   SYMSPELL folder holding frequency_bigramdictionary_en_243_342.txt (default: the installed symspellpy).
# With the snapshots in place it takes about 2.5 minutes and 1.8 GB of memory on 2 cores. Every held-out slice of every source
# (make-corpus.py writes SOURCE.heldout.txt beside SOURCE.train.txt) and the last 600 lines of the
# shared wikipedia-leads.en.txt are kept out of training: they measure how much clean text the
# restorer changes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
unspin=${1:-}
if [ -z "$unspin" ]; then
    (cd "$root" && swift build -c release --product unspin >&2)
    unspin="$root/.build/release/unspin"
fi
SOURCES=${SOURCES:-$root/.work/sources}
SHARED=${SHARED:-$(cd "$root/.." && pwd)/shared}
WORK=${WORK:-$root/.work/model}
OUT=${OUT:-$here/model.bin}
ORDER=${ORDER:-4}
PRUNE=${PRUNE:-0,0,1,1}
MAXSIZE=${MAXSIZE:-}
corpus="$here/build/corpus"
mkdir -p "$WORK"

# 1. Training text: sixteen modern sources in one build, then 80 Project Gutenberg books built
#    against it (--seen), so no line of the books repeats a line of the first build.
main_sources=wikipedia-leads,us-speeches,openstax,us-gov-web,open-guides,us-state-history,cia-factbook,crypto,ud-ewt,gum,wikipedia-misc,common-voice-sentences,state-history-more,tech-blogs,us-gov-events,aosa-books
python3 "$corpus/make-corpus.py" --sources "$SOURCES" --shared "$SHARED" --out "$WORK/corpus" --only "$main_sources"
python3 "$corpus/make-corpus.py" --sources "$SOURCES" --shared "$SHARED" --out "$WORK/corpus-gutenberg" \
    --only gutenberg --books "$corpus/gutenberg-model.txt" --seen "$WORK/corpus"

# 2. Fragments: symspellpy's bigrams ("word1 word2 count" -> "word1 word2", each once, no sentence
#    context) and the tortured list's multiword expected terms ("deep learning", "random forest").
SYMSPELL=${SYMSPELL:-$(python3 -c 'import os, symspellpy; print(os.path.dirname(symspellpy.__file__))')}
bigrams="$SYMSPELL/frequency_bigramdictionary_en_243_342.txt"
[ -f "$bigrams" ] || { echo "build-model.sh: $bigrams not found (pip install symspellpy)" >&2; exit 1; }
awk '{ print $1 " " $2 }' "$bigrams" > "$WORK/symspell-bigrams.txt"
grep -v '^#' "$here/tortured-phrases.tsv" | cut -f2 | sed 's/ *#.*//' | awk 'NF >= 2' | sort -u > "$WORK/tortured-terms.txt"

# 3. The last 600 lines of the shared Wikipedia leads stay out (the clean-damage slice used since
#    the first model), wherever make-corpus.py put them.
wiki="$SHARED/data/corpora/wikipedia-leads.en.txt"
tail -n 600 "$wiki" > "$WORK/wiki-last600.txt"
grep -vxF -f "$WORK/wiki-last600.txt" "$WORK/corpus/wikipedia-leads.train.txt" > "$WORK/wikipedia-leads.train.txt" || [ $? -eq 1 ]

# 4. Train. File order matters only for word ids, so keep it fixed (sorted names).
set --
for f in "$WORK/corpus"/*.train.txt; do
    case "$f" in */wikipedia-leads.train.txt) f="$WORK/wikipedia-leads.train.txt" ;; esac
    set -- "$@" "$f"
done
set -- "$@" "$WORK/corpus-gutenberg/gutenberg.train.txt" "$SHARED/data/corpora/wordnet-examples.en.txt"
"$unspin" lm train --order "$ORDER" --prune "$PRUNE" ${MAXSIZE:+--max-size "$MAXSIZE"} "$@" \
    --fragments "$WORK/symspell-bigrams.txt" --fragments "$WORK/tortured-terms.txt" -o "$OUT"
"$unspin" lm info --verify "$OUT"
