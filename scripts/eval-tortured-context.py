#!/usr/bin/env python3
"""Tortured phrases in running text: restore held-out clean lines into which tortured phrases
were put, and score them like the spun pairs.

Takes the last 600 lines of wikipedia-leads.en.txt (held out of the language model), keeps those
that hold at least two expected terms of the tortured-phrase list, and replaces every expected
term by its tortured form (the first pair the list gives for it), so each line becomes a spun/
original pair. The tortured table is built by Dictionaries/build/tortured.py with 15% of the list
held out (seed 2021, as scripts/eval-tortured.py); the restorer runs with the news and function
tables and the tortured tables at the factors given. Reports error reduction, precision and
recall (spin_eval.py's measure) over the pairs, and how many spun phrases of held-out pairs
were restored exactly.

usage: scripts/eval-tortured-context.py --unspin BIN [--model MODEL] [--split] [--weights 'T=W,...']
                                        [--restore-args '...']
"""
import argparse, os, re, shlex, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcommon import DATA, load_eval, run  # noqa: E402

WORDS = re.compile(r"[A-Za-z0-9' -]+")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--unspin', default='.build/release/unspin')
    ap.add_argument('--model', default='Dictionaries/model.bin')
    ap.add_argument('--split', action='store_true', help='tortured phrases and tortured words as two tables (as the defaults)')
    ap.add_argument('--weights', default='', help='table factors, e.g. tortured-phrases=1,tortured-words=0.02')
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--clean-lines', type=int, default=600)
    a = ap.parse_args()
    ev = load_eval()
    here = os.path.dirname(os.path.abspath(__file__))
    tmp = tempfile.mkdtemp(prefix='unspin-tortured-context-')
    source = os.path.join(DATA, 'tortured-phrases.tsv')
    table = os.path.join(tmp, 'tortured-phrases.tsv')
    build = [sys.executable, os.path.join(here, '..', 'Dictionaries', 'build', 'tortured.py'), source, table,
             '--holdout', '0.15', '--seed', '2021', '--heldout-dir', tmp]
    tables = [table]
    if a.split:
        build += ['--words-out', os.path.join(tmp, 'tortured-words.tsv')]
        tables.append(os.path.join(tmp, 'tortured-words.tsv'))
    run(build)
    heldout = set(open(os.path.join(tmp, 'heldout.spun.txt'), encoding='utf-8').read().splitlines())

    # expected term -> its first tortured form in the list
    forms = {}
    for line in open(source, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) != 2: continue
        spun, exp = (' '.join(x.split()) for x in f)
        if '->' in exp or not WORDS.fullmatch(spun) or not WORDS.fullmatch(exp) or spun.lower() == exp.lower(): continue
        forms.setdefault(exp.lower(), spun.lower())
    terms = sorted((e for e in forms if len(e.split()) >= 2 or len(e) >= 6), key=len, reverse=True)
    rx = re.compile(r'\b(' + '|'.join(re.escape(t) for t in terms) + r')\b', re.I)
    lines = open(os.path.join(DATA, 'corpora', 'wikipedia-leads.en.txt'), encoding='utf-8').read().splitlines()[-a.clean_lines:]

    D = os.path.join(here, '..', 'Dictionaries')
    cmd = [a.unspin, 'restore', '--model', a.model, '-d', os.path.join(D, 'news-spins.tsv'),
           '-d', os.path.join(D, 'function-phrases.tsv')] + sum((['-d', t] for t in tables), [])
    cmd += sum((['--table-weight', w] for w in a.weights.split(',') if w), []) + shlex.split(a.restore_args)
    tot = dict(pairs=0, fixed=0, changed=0, missing=0, es=0.0, er=0.0, held=0, held_ok=0)
    for orig in lines:
        hits = [m.group(1).lower() for m in rx.finditer(orig)]
        if len(hits) < 2: continue
        spun = rx.sub(lambda m: forms[m.group(1).lower()], orig)
        rest = run(cmd, (spun + '\n').encode()).decode('utf-8', 'replace')
        sc = ev.score(orig, spun, rest)
        tot['pairs'] += 1
        tot['fixed'] += sc['fixed']; tot['changed'] += sc['changed_words']; tot['missing'] += sc['spun_missing']
        tot['es'] += sc['wer_spun'] * sc['orig_words']; tot['er'] += sc['wer_restored'] * sc['orig_words']
        for h in hits:
            if forms[h] in heldout:
                tot['held'] += 1
                tot['held_ok'] += bool(re.search(r'\b' + re.escape(h) + r'\b', rest, re.I))
    print('{"pairs": %d, "error_reduction": %.4f, "precision": %.4f, "recall": %.4f, "heldout_substitutions": %d, "heldout_restored": %d}' % (
        tot['pairs'], 1 - tot['er'] / tot['es'], min(tot['fixed'], tot['changed']) / max(1, tot['changed']),
        tot['fixed'] / max(1, tot['missing']), tot['held'], tot['held_ok']))

if __name__ == '__main__':
    main()
