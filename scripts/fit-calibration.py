#!/usr/bin/env python3
"""Fits the spun-or-not calibration (Sources/Unspin/Decoding/SpinCalibration.swift) on documents
of known kind, and shows how well it separates them.

usage: scripts/fit-calibration.py FEATURES.tsv [--hold SET,SET ...] [--paragraph X]

FEATURES.tsv is what `scripts/eval-suite.py --features` writes when the restorer ran with
`--calibration none` (so spun_log_odds is the raw evidence): set, doc, label (1 spun, 0 clean),
spun_log_odds, words. The model is log10 odds = intercept + evidence · E + words · N, fitted by
maximum likelihood with every set weighted equally (a set of many short documents does not
outweigh one of few long ones), so 0.5 means even odds over the kinds of text measured.
--hold leaves sets out of the fit and reports them apart (honest figures for those kinds).
Prints the calibration line for Dictionaries/defaults.txt, a table per set (documents, mean
probability, share called spun at 0.5) and a reliability table (predicted vs observed).
"""
import argparse, collections, math, sys
import numpy as np
from scipy.optimize import minimize

LN10 = math.log(10)


def load(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        next(f)
        for line in f:
            s, d, y, e, n = line.rstrip('\n').split('\t')
            rows.append((s, d, int(y), float(e), int(n)))
    return rows


def fit(rows):
    sets = collections.Counter(r[0] for r in rows)
    X = np.array([[1.0, r[3], r[4]] for r in rows])
    y = np.array([r[2] for r in rows], float)
    w = np.array([1.0 / sets[r[0]] for r in rows]); w *= len(rows) / w.sum()
    scale = np.array([1.0, 0.01, 0.001])          # evidence and words in hundreds and thousands

    def f(theta):
        z = (X * scale) @ theta * LN10
        ll = y * -np.logaddexp(0, -z) + (1 - y) * -np.logaddexp(0, z)
        return -(w * ll).sum() + 1e-3 * (theta[1:] ** 2).sum()
    r = minimize(f, np.array([0.0, 1.0, 0.0]), method='BFGS')
    return r.x * scale


def auc(pos, neg):
    if not pos or not neg: return float('nan')
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank, r = 0.0, 0
    for i, (v, lab) in enumerate(allv):
        if lab: rank += i + 1
    n1, n0 = len(pos), len(neg)
    return (rank - n1 * (n1 + 1) / 2) / (n1 * n0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('features')
    ap.add_argument('--hold', default='')
    ap.add_argument('--paragraph', type=float, default=1.0, help='log10 prior odds that a paragraph of a spun input is spun')
    a = ap.parse_args()
    rows = load(a.features)
    held = set(a.hold.split(',')) - {''}
    a0, b, c = fit([r for r in rows if r[0] not in held])
    print(f'calibration intercept={a0:.4g},evidence={b:.4g},words={c:.4g},paragraph={a.paragraph:g}')
    prob = lambda r: 1 / (1 + 10 ** -(a0 + b * r[3] + c * r[4]))
    print(f"\n{'set':28s} {'label':>5s} {'docs':>5s} {'mean P':>7s} {'called spun':>11s}")
    for s in dict.fromkeys(r[0] for r in rows):
        rs = [r for r in rows if r[0] == s]
        ps = [prob(r) for r in rs]
        tag = ' (held out)' if s in held else ''
        print(f'{s + tag:28s} {rs[0][2]:5d} {len(rs):5d} {np.mean(ps):7.3f} {sum(p > 0.5 for p in ps) / len(ps):11.3f}')
    pos = [prob(r) for r in rows if r[2] == 1]; neg = [prob(r) for r in rows if r[2] == 0]
    print(f'\nROC AUC {auc(pos, neg):.4f}; at 0.5: false positives {sum(p > 0.5 for p in neg)}/{len(neg)}, '
          f'recall {sum(p > 0.5 for p in pos)}/{len(pos)}')
    print(f"\n{'predicted':>12s} {'docs':>5s} {'observed spun':>13s}")
    edges = [0, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 1.0001]
    for lo, hi in zip(edges, edges[1:]):
        rs = [r for r in rows if lo <= prob(r) < hi]
        if rs: print(f'{lo:5.2f}–{min(hi, 1):4.2f} {len(rs):5d} {np.mean([r[2] for r in rs]):13.3f}')


if __name__ == '__main__':
    main()
