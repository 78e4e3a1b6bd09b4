#!/usr/bin/env python3
"""Share of held-out tortured phrases restored exactly.

Holds a random 15% (fixed seed) of the tortured-phrase list out of the tortured table
(Dictionaries/build/tortured.py --holdout), restores the held-out spun phrases, one a line, with
the reduced table plus any other tables given, and counts lines equal to the expected phrase
(case-insensitive, spaces normalised). The phrases are separated by blank lines, so that no
dictionary phrase matches across two of them (the decoder treats a single line feed as a space).

usage: scripts/eval-tortured.py --model MODEL [--unspin BIN] [--table PATH ...] [--restore-args '...']
"""
import argparse, os, shlex, subprocess, sys, tempfile

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--unspin', default='.build-learn/release/unspin')
    ap.add_argument('--model', required=True)
    ap.add_argument('--source', default=os.environ.get('DATA', '/work/shared/data') + '/tortured-phrases.tsv')
    ap.add_argument('--holdout', type=float, default=0.15)
    ap.add_argument('--seed', type=int, default=2021)
    ap.add_argument('--table', action='append', default=[])
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--show', type=int, default=0, help='print this many misses')
    ap.add_argument('--build-args', default='', help='extra arguments for Dictionaries/build/tortured.py')
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    tmp = tempfile.mkdtemp(prefix='unspin-tortured-')
    table = os.path.join(tmp, 'tortured-phrases.tsv')
    subprocess.run([sys.executable, os.path.join(here, '..', 'Dictionaries', 'build', 'tortured.py'), a.source, table,
                    '--holdout', str(a.holdout), '--seed', str(a.seed), '--heldout-dir', tmp] + shlex.split(a.build_args), check=True, capture_output=True)
    spun = open(os.path.join(tmp, 'heldout.spun.txt'), encoding='utf-8').read()
    expected = open(os.path.join(tmp, 'heldout.expected.txt'), encoding='utf-8').read().splitlines()
    cmd = [a.unspin, 'restore', '--model', a.model, '--dictionary', table] + sum((['--dictionary', t] for t in a.table), []) \
        + shlex.split(a.restore_args)
    r = subprocess.run(cmd, input=''.join(s + '\n\n' for s in spun.splitlines()).encode(), capture_output=True)
    if r.returncode != 0: sys.exit(r.stderr.decode(errors='replace'))
    got = r.stdout.decode('utf-8', 'replace').split('\n')[0::2][:len(expected)]
    norm = lambda s: ' '.join(s.replace('\u2019', "'").lower().split())
    ok = sum(1 for g, e in zip(got, expected) if norm(g) == norm(e))
    changed = sum(1 for g, s in zip(got, spun.splitlines()) if norm(g) != norm(s))
    misses = [(s, g, e) for s, g, e in zip(spun.splitlines(), got, expected) if norm(g) != norm(e)]
    for s, g, e in misses[:a.show]: print(f'  {s} -> {g}   (expected {e})')
    print(f'{{"heldout": {len(expected)}, "exact": {ok}, "exact_share": {ok / max(1, len(expected)):.4f}, "changed": {changed}}}')

if __name__ == '__main__':
    main()
