#!/usr/bin/env python3
"""Builds Dictionaries/tortured-phrases.tsv from the tortured-phrase list, optionally holding a
random share of it out for measurement.

usage: tortured.py SOURCE.tsv OUT.tsv [--holdout 0.15 --seed 2021 --heldout-dir DIR]

SOURCE is spun<TAB>expected (../shared/data/tortured-phrases.tsv). Lines whose spun side holds
anything but words (letters, digits, inner hyphens and apostrophes) are skipped, as are notes
and lines whose two sides fold to the same text. Each kept phrase pair gets weight 0.5. Word
pairs that the phrase pairs of equal length show (profound -> deep in "profound learning" ->
"deep learning"), seen in at least --word-min-count phrase pairs, are added with weight
--word-scale * count / (times the spun word was substituted + 1) (the share of the spun word's
substitutions that give this word: the list shows no frequencies of the expected terms, and a
general language model knows few of them), so unseen combinations of known tortured words can
be restored.
With --words-out, the one-word entries (listed one-word pairs and the word pairs derived from
phrase pairs) go to that file instead, as a table of their own: they fire on ordinary words of
any text, while a multiword tortured phrase almost never occurs in clean prose, so the two
need different weights.
With --holdout, a random share (fixed seed) is left out of the table and written to
DIR/heldout.spun.txt and DIR/heldout.expected.txt, one phrase a line, for measuring.
"""
import argparse, collections, random, re

WORD = re.compile(r"^[^\W_]+(?:['’-][^\W_]+)*$")

def fold(s):
    return s.replace('\u2019', "'").lower()

# Word pairs a phrase pair shows but that say nothing about the spinner: articles and other
# function words that change with their neighbours ("an irregular ..." -> "a random ..."), and
# pairs that only change number or tense ("market" -> "markets").
FUNCTION = set('a an the of in on at to for by with from and or as is are was were be been it its this '
               'that these those which who not no'.split())

def stem(w):
    for suf, rep in (('ies', 'y'), ('ied', 'y'), ('ing', ''), ('es', ''), ('ed', ''), ('s', ''), ('e', ''), ('d', '')):
        if len(w) > len(suf) + 2 and w.endswith(suf): return w[:-len(suf)] + rep
    return w

def says_nothing(x, y):
    return x in FUNCTION or y in FUNCTION or stem(x) == stem(y) or stem(stem(x)) == stem(stem(y))

def words_ok(phrase):
    ws = phrase.split()
    return bool(ws) and all(WORD.match(w) for w in ws)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('source'); ap.add_argument('out')
    ap.add_argument('--holdout', type=float, default=0.0)
    ap.add_argument('--seed', type=int, default=2021)
    ap.add_argument('--heldout-dir')
    ap.add_argument('--words-out', help='write the one-word entries to this table instead')
    ap.add_argument('--phrase-weight', type=float, default=0.5)
    ap.add_argument('--word-scale', type=float, default=1.0)
    ap.add_argument('--word-min-count', type=int, default=1)
    a = ap.parse_args()

    pairs, seen = [], set()
    for line in open(a.source, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) != 2: continue
        spun, exp = (' '.join(x.split()) for x in f)
        if '->' in exp or 'search and replace' in exp.lower(): continue
        if not words_ok(spun) or not words_ok(exp): continue
        ks, ke = fold(spun), fold(exp)
        if ks == ke or (ks, ke) in seen: continue
        seen.add((ks, ke))
        pairs.append((ks, ke))
    pairs.sort()

    heldout = []
    if a.holdout > 0:
        rng = random.Random(a.seed)
        idx = list(range(len(pairs)))
        rng.shuffle(idx)
        cut = set(idx[:round(len(pairs) * a.holdout)])
        heldout = [p for i, p in enumerate(pairs) if i in cut]
        pairs = [p for i, p in enumerate(pairs) if i not in cut]
        # a held-out spun phrase must not be in the table under another expectation either
        hs = {s for s, _ in heldout}
        pairs = [p for p in pairs if p[0] not in hs]
        with open(f'{a.heldout_dir}/heldout.spun.txt', 'w', encoding='utf-8') as fs, \
             open(f'{a.heldout_dir}/heldout.expected.txt', 'w', encoding='utf-8') as fe:
            for s, e in heldout:
                fs.write(s + '\n'); fe.write(e + '\n')

    # word pairs from equal-length phrase pairs
    wc = collections.Counter()
    for s, e in pairs:
        sw, ew = s.split(), e.split()
        if len(sw) != len(ew): continue
        for x, y in zip(sw, ew):
            if x != y: wc[(x, y)] += 1
    phrase_keys = set(pairs)
    spun_total = collections.Counter()
    for (x, y), c in wc.items(): spun_total[x] += c
    lines = []
    for s, e in pairs:
        lines.append(f'{s}\t{e}\t{a.phrase_weight:g}')
    for (x, y), c in sorted(wc.items()):
        if c < a.word_min_count or (x, y) in phrase_keys or says_nothing(x, y): continue
        lines.append(f'{x}\t{y}\t{c / (spun_total[x] + 1) * a.word_scale:.4g} # {c}/{spun_total[x]} phrase pairs')
    lines.sort()
    words = []
    if a.words_out:
        words = [l for l in lines if len(l.split('\t')[0].split()) == 1]
        lines = [l for l in lines if len(l.split('\t')[0].split()) > 1]
    hdr = [
        '# tortured-phrases: the spun wording of scientific prose ("tortured phrases") and the expected term.',
        '# Source: the Problematic Paper Screener tortured-phrase list (Cabanac, Labbe, Magazinov, "Tortured',
        '# phrases: A dubious writing style emerging in science", 2021), as published in giladfeldman/torturedcheck',
        '# (CC BY 4.0) and hahuyhoang411/tortured-phrase; cleaned and weighted by Dictionaries/build/tortured.py.',
        '# License: CC BY 4.0. spun<TAB>expected<TAB>P(spun|expected).',
    ]
    if heldout: hdr.append(f'# {len(heldout)} pairs held out (share {a.holdout}, seed {a.seed}).')
    import os
    def write(path, header, body):
        with open(path + '.tmp', 'w', encoding='utf-8') as f:
            f.write('\n'.join(header) + '\n' + '\n'.join(body) + '\n')
        os.replace(path + '.tmp', path)
    if a.words_out:
        hdr[0] = '# tortured-phrases: the multiword spun wording of scientific prose ("tortured phrases") and the expected term.'
        whdr = ['# tortured-words: one-word spins of scientific prose: the list\'s one-word pairs and the word pairs its',
                '# equally long phrase pairs show (profound -> deep in "profound learning" -> "deep learning").'] + hdr[1:]
        write(a.words_out, whdr, words)
    write(a.out, hdr, lines)
    print(f'{len(pairs)} phrase pairs, {sum(1 for k, c in wc.items() if c >= 2)} word pairs, {len(heldout)} held out')

if __name__ == '__main__':
    main()
