#!/usr/bin/env python3
"""Precision, recall and error reduction of `unspin restore --min-confidence P` on the spun pairs.

Runs the binary once per threshold over every NNN.spun.txt of the pairs folder (`--json`, one
object per file) and scores each restored text against NNN.orig.txt with the shared
spin_eval.py measure, summed over the pairs as `spin_eval.py --pairs` sums them. The first row
is the binary without --min-confidence.

usage: scripts/eval-confidence.py [--unspin BIN] [--pairs DIR] [--thresholds 0.5,0.7,0.9]
                                  [--restore-args '...'] [--json OUT]
"""
import argparse, json, os, shlex, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcommon import DATA, load_eval, run  # noqa: E402

def restore_all(a, spun_paths, threshold):
    """file → (restored text, edits), from one `restore --json` run."""
    cmd = [a.unspin, 'restore', '--json'] + shlex.split(a.restore_args)
    if threshold is not None: cmd += ['--min-confidence', str(threshold)]
    out = run(cmd + spun_paths).decode('utf-8')
    res = {}
    for line in out.splitlines():
        if line.strip():
            o = json.loads(line)
            res[o['file']] = (o['text'], o['edits'])
    return res

def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument('--unspin', default=os.path.join(here, '.build', 'release', 'unspin'))
    ap.add_argument('--pairs', default=os.path.join(DATA, 'spun-pairs'))
    ap.add_argument('--thresholds', default='0.5,0.7,0.9')
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--json', help='write the rows as JSON here')
    a = ap.parse_args()
    ev = load_eval()
    bases = sorted(f[:-len('.orig.txt')] for f in os.listdir(a.pairs) if f.endswith('.orig.txt'))
    spun_paths = [os.path.join(a.pairs, b + '.spun.txt') for b in bases]
    origs = {b: open(os.path.join(a.pairs, b + '.orig.txt'), encoding='utf-8').read() for b in bases}
    spuns = {b: open(p, encoding='utf-8').read() for b, p in zip(bases, spun_paths)}
    rows = []
    for t in [None] + [float(x) for x in a.thresholds.split(',') if x]:
        res = restore_all(a, spun_paths, t)
        tot = dict(orig=0, missing=0, fixed=0, broken=0, changed=0, e_s=0.0, e_r=0.0, edits=0)
        for b, p in zip(bases, spun_paths):
            text, edits = res[p]
            sc = ev.score(origs[b], spuns[b], text)
            tot['orig'] += sc['orig_words']; tot['missing'] += sc['spun_missing']; tot['fixed'] += sc['fixed']
            tot['broken'] += sc['broken']; tot['changed'] += sc['changed_words']; tot['edits'] += len(edits)
            tot['e_s'] += sc['wer_spun'] * sc['orig_words']; tot['e_r'] += sc['wer_restored'] * sc['orig_words']
        rows.append({
            'min_confidence': t, 'edits': tot['edits'], 'changed_words': tot['changed'],
            'fixed': tot['fixed'], 'broken': tot['broken'],
            'precision': round(min(tot['fixed'], tot['changed']) / tot['changed'], 4) if tot['changed'] else None,
            'recall': round(tot['fixed'] / max(1, tot['missing']), 4),
            'error_reduction': round(1 - tot['e_r'] / tot['e_s'], 4) if tot['e_s'] else None,
        })
    print(f'{len(bases)} pairs in {a.pairs}')
    print('| --min-confidence | edits | changed words | fixed | broken | precision | recall | error reduction |')
    print('|---|---|---|---|---|---|---|---|')
    for r in rows:
        t = 'none' if r['min_confidence'] is None else r['min_confidence']
        print(f"| {t} | {r['edits']} | {r['changed_words']} | {r['fixed']} | {r['broken']} | "
              f"{r['precision']} | {r['recall']} | {r['error_reduction']} |")
    if a.json:
        with open(a.json, 'w') as f: json.dump(rows, f, indent=1)

if __name__ == '__main__':
    main()
