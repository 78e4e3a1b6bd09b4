#!/usr/bin/env python3
"""Fits the spun-or-not calibration (Sources/Unspin/Decoding/SpinCalibration.swift) on documents
of known kind, and shows how well it separates them.

usage: scripts/fit-calibration.py FEATURES.tsv [--hold SET,SET ...] [--paragraph X]
       scripts/fit-calibration.py --detect FEATURES.jsonl [--hold SET,...] [--features F,...]
                                  [--fit-half A] [--pool PREFIX,...] [--out FILE]

FEATURES.tsv is what `scripts/eval-suite.py --features` writes when the restorer ran with
`--calibration none` (so spun_log_odds is the raw evidence): set, doc, label (1 spun, 0 clean),
spun_log_odds, words. The model is log10 odds = intercept + evidence · E + words · N, fitted by
maximum likelihood with every set weighted equally (a set of many short documents does not
outweigh one of few long ones), so 0.5 means even odds over the kinds of text measured.
--hold leaves sets out of the fit and reports them apart (honest figures for those kinds).
Prints the calibration line for Dictionaries/defaults.txt, a table per set (documents, mean
probability, share called spun at 0.5) and a reliability table (predicted vs observed).

--detect: the calibration of `unspin detect` (scripts/refit-detect.sh). FEATURES.jsonl is
`unspin detect --jsonl --calibration none` over scripts/detect-material.py's documents: each
record has set, half, label, spun_log_odds (the raw evidence E), words (N) and neighbours
(checked C, fits K, misfits M, advantage A). The model is log10 odds = intercept + evidence·E +
words·N + the --features named (fits, misfits, checked, advantage; fitsZ = K/√C, misfitsZ =
M/√C, advantageZ = A/√C, checkedRoot = √C, meanAdvantage = A/C; evidenceTanh = tanh(E/20);
unknownZ = U/√C with U the words unknown to the model; meanLogProb = the written text's log10
probability per token),
fitted on the documents of --fit-half (default A) with every set weighted equally within its
label (--pool PREFIX: the sets named PREFIX... together weigh as one set) and the two labels weighted equally (so 0.5 means even odds between spun and clean text
of the kinds measured); every figure printed is measured on the other half. --out
writes the calibration line to FILE (Dictionaries/detect-calibration.txt).
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


def _root(r):
    return math.sqrt(max(1, r['neighbours']['checked']))


DETECT_FEATURES = {'evidence': (lambda r: r['spun_log_odds'], 0.01), 'words': (lambda r: r['words'], 0.001),
                   'fits': (lambda r: r['neighbours']['fits'], 0.1), 'misfits': (lambda r: r['neighbours']['misfits'], 0.1),
                   'checked': (lambda r: r['neighbours']['checked'], 0.01), 'advantage': (lambda r: r['neighbours']['advantage'], 0.01),
                   'fitsZ': (lambda r: r['neighbours']['fits'] / _root(r), 1.0),
                   'misfitsZ': (lambda r: r['neighbours']['misfits'] / _root(r), 1.0),
                   'advantageZ': (lambda r: r['neighbours']['advantage'] / _root(r), 1.0),
                   'checkedRoot': (lambda r: _root(r) if r['neighbours']['checked'] else 0.0, 0.1),
                   'meanAdvantage': (lambda r: r['neighbours']['advantage'] / max(1, r['neighbours']['checked']), 1.0),
                   'strongIslands': (lambda r: r['neighbours'].get('strong_islands', 0), 1.0),
                   'anyStrong': (lambda r: 1.0 if r['neighbours'].get('strong_islands', 0) else 0.0, 1.0),
                   'evidenceTanh': (lambda r: math.tanh(r['spun_log_odds'] / 20), 1.0),
                   'unknownZ': (lambda r: r['neighbours'].get('unknown', 0) / _root(r) if r['neighbours']['checked'] else 0.0, 1.0),
                   'meanLogProb': (lambda r: r['neighbours'].get('log_prob', 0) / r['neighbours']['tokens'] if r['neighbours'].get('tokens') else 0.0, 1.0)}


def weight_group(s, pools):
    """The set a document weighs in: its own, or the pool its name starts with."""
    return next((p for p in pools if s.startswith(p)), s)


def fit_detect(rows, names, pools=()):
    sets = collections.Counter(weight_group(r['set'], pools) for r in rows)
    X = np.array([[1.0] + [DETECT_FEATURES[n][0](r) for n in names] for r in rows])
    y = np.array([r['label'] for r in rows], float)
    w = np.array([1.0 / sets[weight_group(r['set'], pools)] for r in rows])
    for label in (0, 1):
        w[y == label] /= max(1e-9, w[y == label].sum())
    w *= len(rows) / w.sum()
    scale = np.array([1.0] + [DETECT_FEATURES[n][1] for n in names])

    def f(theta):
        z = (X * scale) @ theta * LN10
        ll = y * -np.logaddexp(0, -z) + (1 - y) * -np.logaddexp(0, z)
        return -(w * ll).sum() + 1e-3 * (theta[1:] ** 2).sum()
    r = minimize(f, np.zeros(len(scale)), method='BFGS')
    return dict(zip(['intercept'] + names, r.x * scale))


def detect_main(a):
    import json
    rows = [json.loads(l) for l in open(a.detect, encoding='utf-8') if l.strip()]
    rows = [r for r in rows if 'spun_log_odds' in r]
    for r in rows:
        r.setdefault('neighbours', {'checked': 0, 'fits': 0, 'misfits': 0, 'advantage': 0.0})
    held = set(a.hold.split(',')) - {''}
    names = ['evidence', 'words'] + [n for n in a.features.split(',') if n]
    fitted = [r for r in rows if r['half'] == a.fit_half and r['set'] not in held]
    pools = [p for p in a.pool.split(',') if p]
    theta = fit_detect(fitted, names, pools)
    line = ','.join(f'{k}={v:.5g}' for k, v in theta.items()) + ',paragraph=inf'
    print(f'detect-calibration {line}   (fitted on half {a.fit_half}: {len(fitted)} documents)')
    if a.out:
        with open(a.out, 'w', encoding='utf-8') as f:
            f.write(f'# unspin detect calibration (scripts/refit-detect.sh): fitted on half {a.fit_half} of '
                    f'scripts/detect-material.py\'s documents, {len(fitted)} documents; features {",".join(names)}\n{line}\n')
    def prob(r):
        z = theta['intercept'] + sum(theta[n] * DETECT_FEATURES[n][0](r) for n in names)
        return 1 / (1 + 10 ** -max(-30, min(30, z)))
    test = [r for r in rows if r['half'] != a.fit_half]
    print(f"\nmeasured on the other half ({len(test)} documents)\n")
    print(f"| {'set':24s} | label | docs | mean P | called spun at 0.5 |")
    print('|---|---|---|---|---|')
    for s in dict.fromkeys(r['set'] for r in rows):
        rs = [r for r in test if r['set'] == s]
        if not rs: continue
        ps = [prob(r) for r in rs]
        tag = ' (not fitted)' if s in held else ''
        print(f"| {s + tag:24s} | {rs[0]['label']} | {len(rs)} | {np.mean(ps):.3f} | {sum(p >= 0.5 for p in ps) / len(ps):.3f} |")
    pos = [prob(r) for r in test if r['label'] == 1]; neg = [prob(r) for r in test if r['label'] == 0]
    print(f"\nROC AUC {auc(pos, neg):.4f}; at 0.5: false positives {sum(p >= 0.5 for p in neg)}/{len(neg)} "
          f"({sum(p >= 0.5 for p in neg) / max(1, len(neg)):.3%}), recall {sum(p >= 0.5 for p in pos)}/{len(pos)} "
          f"({sum(p >= 0.5 for p in pos) / max(1, len(pos)):.3%})")
    # The same, without the spun sets left out of the fit (the sparse tortured leads: found by
    # their phrases, not by the document's probability).
    fpos = [prob(r) for r in test if r['label'] == 1 and r['set'] not in held]
    if len(fpos) < len(pos):
        print(f"without the spun sets not fitted: ROC AUC {auc(fpos, neg):.4f}; at 0.5: false positives "
              f"{sum(p >= 0.5 for p in neg)}/{len(neg)} ({sum(p >= 0.5 for p in neg) / max(1, len(neg)):.3%}), recall "
              f"{sum(p >= 0.5 for p in fpos)}/{len(fpos)} ({sum(p >= 0.5 for p in fpos) / max(1, len(fpos)):.3%})")
    # Each set weighted equally, as in the fit.
    sets = collections.Counter(r['set'] for r in test)
    pw = sum(1 / sets[r['set']] for r in test if r['label'] == 1 and prob(r) >= 0.5) / max(1e-9, sum(1 / sets[r['set']] for r in test if r['label'] == 1))
    nw = sum(1 / sets[r['set']] for r in test if r['label'] == 0 and prob(r) >= 0.5) / max(1e-9, sum(1 / sets[r['set']] for r in test if r['label'] == 0))
    print(f'sets weighted equally: false positive rate {nw:.3%}, recall {pw:.3%}')
    print(f"\n| threshold | false positives | recall | recall, spun sets not fitted left out |\n|---|---|---|---|")
    for t in (0.3, 0.5, 0.7, 0.9, 0.97):
        print(f'| {t:.2f} | {sum(p >= t for p in neg) / max(1, len(neg)):.2%} | {sum(p >= t for p in pos) / max(1, len(pos)):.2%} '
              f'| {sum(p >= t for p in fpos) / max(1, len(fpos)):.2%} |')
    print(f"\n| predicted | docs | observed spun |\n|---|---|---|")
    edges = [0, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 1.0001]
    for lo, hi in zip(edges, edges[1:]):
        rs = [r for r in test if lo <= prob(r) < hi]
        if rs: print(f'| {lo:.2f}–{min(hi, 1):.2f} | {len(rs)} | {np.mean([r["label"] for r in rs]):.3f} |')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('features', nargs='?')
    ap.add_argument('--hold', default='')
    ap.add_argument('--detect', default='')
    ap.add_argument('--features', dest='extra', default='evidenceTanh,advantageZ,checkedRoot,meanAdvantage,fitsZ,misfitsZ,unknownZ')
    ap.add_argument('--fit-half', default='A')
    ap.add_argument('--pool', default='', help='PREFIX,...: with --detect, the sets whose names start with PREFIX weigh as one set in the fit')
    ap.add_argument('--out', default='')
    ap.add_argument('--paragraph', type=float, default=1.0, help='log10 prior odds that a paragraph of a spun input is spun')
    a = ap.parse_args()
    if a.detect:
        a.features = a.extra
        return detect_main(a)
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
