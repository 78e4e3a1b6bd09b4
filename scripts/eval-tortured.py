#!/usr/bin/env python3
"""Share of held-out tortured phrases restored exactly.

Holds a random 15% (fixed seed) of the tortured-phrase list out of the tortured table
(Dictionaries/build/tortured.py --holdout), restores the held-out spun phrases, one a line, with
the reduced table plus any other tables given, and counts lines equal to the expected phrase
(case-insensitive, spaces normalised; also with hyphens read as spaces). The phrases are
separated by blank lines, so that no dictionary phrase matches across two of them (the decoder
treats a single line feed as a space).
With `--restore-args "--phrases ..."` each line is restored on its own (`unspin restore --phrases`).

usage: scripts/eval-tortured.py --model MODEL [--unspin BIN] [--table PATH ...] [--split] [--collocations]
                               [--restore-args '...']
"""
import argparse, os, shlex, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcommon import clean_text  # noqa: E402

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--unspin', default='.build-learn/release/unspin')
    ap.add_argument('--model', required=True)
    ap.add_argument('--source', default=os.environ.get('DATA', os.path.normpath(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), '..', 'shared', 'data'))) + '/tortured-phrases.tsv')
    ap.add_argument('--holdout', type=float, default=0.15)
    ap.add_argument('--seed', type=int, default=2021)
    ap.add_argument('--table', action='append', default=[])
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--show', type=int, default=0, help='print this many misses')
    ap.add_argument('--build-args', default='', help='extra arguments for Dictionaries/build/tortured.py')
    ap.add_argument('--split', action='store_true',
                    help='build tortured-phrases and tortured-words as two tables, as the default data has them')
    ap.add_argument('--collocations', action='store_true',
                    help='also build collocation-spins from the reduced list (Dictionaries/build/collocations.py) and use it')
    ap.add_argument('--collocation-args', default='', help='extra arguments for Dictionaries/build/collocations.py')
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(here, '..', 'Dictionaries', 'build')
    tmp = tempfile.mkdtemp(prefix='unspin-tortured-')
    table = os.path.join(tmp, 'tortured-phrases.tsv')
    holdout = ['--holdout', str(a.holdout), '--seed', str(a.seed), '--heldout-dir', tmp] + shlex.split(a.build_args)
    tables = [table]
    if a.split:
        tables.append(os.path.join(tmp, 'tortured-words.tsv'))
        holdout += ['--words-out', tables[-1]]
    subprocess.run([sys.executable, os.path.join(build, 'tortured.py'), a.source, table] + holdout, check=True, capture_output=True)
    if a.collocations:
        whole = os.path.join(tmp, 'whole', 'tortured-all.tsv')
        os.makedirs(os.path.dirname(whole))
        subprocess.run([sys.executable, os.path.join(build, 'tortured.py'), a.source, whole, '--holdout', str(a.holdout),
                        '--seed', str(a.seed), '--heldout-dir', os.path.dirname(whole)], check=True, capture_output=True)
        lexicon = os.path.join(tmp, 'lexicon.txt')
        clean_text(os.path.join(os.path.dirname(a.source), 'corpora', 'wikipedia-leads.en.txt'), 600, lexicon)
        import symspellpy
        bigrams = os.path.join(os.path.dirname(symspellpy.__file__), 'frequency_bigramdictionary_en_243_342.txt')
        tables.append(os.path.join(tmp, 'collocation-spins.tsv'))
        subprocess.run([sys.executable, os.path.join(build, 'collocations.py'), '--terms', whole, '--corpus', lexicon,
                        '--bigrams', bigrams, '-o', tables[-1]] + shlex.split(a.collocation_args), check=True, capture_output=True)
    spun = open(os.path.join(tmp, 'heldout.spun.txt'), encoding='utf-8').read()
    expected = open(os.path.join(tmp, 'heldout.expected.txt'), encoding='utf-8').read().splitlines()
    cmd = [a.unspin, 'restore', '--model', a.model] + sum((['--dictionary', t] for t in tables + a.table), []) \
        + shlex.split(a.restore_args)
    r = subprocess.run(cmd, input=''.join(s + '\n\n' for s in spun.splitlines()).encode(), capture_output=True)
    if r.returncode != 0: sys.exit(r.stderr.decode(errors='replace'))
    got = r.stdout.decode('utf-8', 'replace').split('\n')[0::2][:len(expected)]
    norm = lambda s: ' '.join(s.replace('\u2019', "'").lower().split())
    ok = sum(1 for g, e in zip(got, expected) if norm(g) == norm(e))
    # The list writes one term both ways ('brute force attack', 'Brute-force attack'): also
    # counted with hyphens read as spaces.
    unhyphen = lambda s: norm(s.replace('-', ' '))
    ok_h = sum(1 for g, e in zip(got, expected) if unhyphen(g) == unhyphen(e))
    changed = sum(1 for g, s in zip(got, spun.splitlines()) if norm(g) != norm(s))
    misses = [(s, g, e) for s, g, e in zip(spun.splitlines(), got, expected) if norm(g) != norm(e)]
    for s, g, e in misses[:a.show]: print(f'  {s} -> {g}   (expected {e})')
    print(f'{{"heldout": {len(expected)}, "exact": {ok}, "exact_share": {ok / max(1, len(expected)):.4f}, '
          f'"exact_hyphens_as_spaces": {ok_h}, "changed": {changed}}}')

if __name__ == '__main__':
    main()
