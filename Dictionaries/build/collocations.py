#!/usr/bin/env python3
"""Builds the collocation-spins table: thesaurus spins of multiword terms, written as whole
phrases ("huge information" -> "big data", "counterfeit consciousness" -> "artificial
intelligence"), so that a candidate needs the entire spun term to match.

usage: collocations.py --terms TORTURED.tsv --corpus CLEAN.txt --bigrams SYMSPELL-BIGRAMS -o OUT.tsv [options]

Terms (the originals):
  --terms         a tortured-phrase table (Dictionaries/tortured-phrases.tsv, or a held-out-reduced
                  one when measuring): the expected terms of its phrase lines of 2 to --term-words
                  words, and (unless --no-subterms) their contiguous parts of 2 words or more that
                  begin and end with a content word ("neural network" from "convolutional neural
                  network"). Their spun sides are not used.
  --bigram-terms N  also symspell's bigrams of two content words with count >= N (off by default:
                  they gained 0.2 points on tortured phrases for a 20 MB table, see README).
  --corpus-terms N  also the clean text's content-word bigrams seen >= N times (off: no gain).
Spins of a word: its synonyms in WordNet 3.0 and the LibreOffice thesaurus (mythes th_en_US_v2),
optionally the first --moby synonyms in the Moby thesaurus, read at lemma level and inflected back
to the word's form (plural, -ed, -ing; only forms the lexicon of --corpus and --bigrams knows);
parts of hyphenated words are spun one at a time; plus the word pairs of the --terms table with
their weights. Function words are never spun.

Weights: P(variant | term) = product over the term's words of P(keep) for a kept word and
(1 - P(keep)) * P(choice) for a spun one. P(keep) and the share of the spinner's choices that the
thesauri explain come from the equal-length phrase pairs of --stats (default: --terms):
P(choice) = share(WordNet/mythes) / |WordNet/mythes synonyms| for such a synonym (share(Moby only)
/ |Moby-only synonyms| for the others), or the --terms table's word-pair weight if that is larger.
The best --per-term variants above --min-p are kept; variants that are themselves frequent bigrams
(in the symspell list, or seen >= --skip-corpus-count times in the clean text) are skipped, since
such wording is probably written on purpose. The output is deterministic.
"""
import argparse, collections, math, os, re, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# thesaurus.py run as a script caches its resources pickled under __main__; keep ours apart
os.environ.setdefault('THESAURUS_CACHE', os.path.join(tempfile.gettempdir(), 'unspin-collocations-cache.pickle'))
from thesaurus import FUNCTION, WORD, fold, load_resources, readings, tokens  # noqa: E402

ALPHA = re.compile(r"^[a-z][a-z'-]*[a-z]$")
# Words that are function-like or too general to spin in a term, beside thesaurus.py's list.
EXTRA_STOP = set("""s t d ll re ve m o e g i.e e.g etc mr mrs ms dr st vs de la le el al et
new first second third last next well made make makes get got one two three four five six seven eight nine ten
year years time times way ways part parts lot lots thing things""".split())

def content(w):
    return ALPHA.match(w) is not None and w not in FUNCTION and w not in EXTRA_STOP

# ---------------------------------------------------------------- inflection back to a form
def inflect(lemma, form, lexicon, exc_rev):
    """`lemma` in `form` (base, s, ed, ing): WordNet's exceptions, else regular rules; only forms
    the lexicon knows."""
    if form == 'base': return lemma
    if ' ' in lemma or '-' in lemma: return None
    outs = [f for f in exc_rev.get((lemma, form), ())]
    l = lemma
    if form == 's':
        if re.search(r'(s|x|z|ch|sh)$', l): outs.append(l + 'es')
        elif re.search(r'[^aeiou]y$', l): outs.append(l[:-1] + 'ies')
        else: outs.append(l + 's')
    elif form == 'ed':
        if l.endswith('e'): outs.append(l + 'd')
        elif re.search(r'[^aeiou]y$', l): outs.append(l[:-1] + 'ied')
        else: outs += [l + 'ed', l + l[-1] + 'ed']
    elif form == 'ing':
        if l.endswith('ie'): outs.append(l[:-2] + 'ying')
        elif l.endswith('e') and not l.endswith('ee'): outs.append(l[:-1] + 'ing')
        else: outs += [l + 'ing', l + l[-1] + 'ing']
    for o in outs:
        if o in lexicon: return o
    return None

class Spinner:
    """The thesaurus spins of a word, by source."""
    def __init__(self, moby, lexicon):
        self.wn, self.my, self.mb = load_resources()
        self.moby = moby
        self.lexicon = lexicon
        self.exc_rev = collections.defaultdict(list)
        for word, bases in self.wn.exc.items():
            for b, p in bases:
                form = 's' if p == 'n' else 'ing' if word.endswith('ing') else 's' if word.endswith('s') else 'ed'
                self.exc_rev[(b, form)].append(word)
        self.cache = {}

    def lemma_syns(self, lemma):
        wm = {w for w in self.wn.candidates(lemma)} | {s for s, _, _ in self.my.get(lemma, [])}
        wm = {w for w in wm if ' ' not in w and w != lemma}
        mb = []
        if self.moby:
            for w in self.mb.get(lemma, []):
                if ' ' in w or w == lemma or w in wm: continue
                mb.append(w)
                if len(mb) >= self.moby: break
        return wm, set(mb)

    def spins(self, word):
        """(WordNet/mythes spins, Moby-only spins) of a word, in the word's form."""
        if word in self.cache: return self.cache[word]
        rs = readings(word, self.wn) or [(word, 'base')]
        wm, mb = set(), set()
        for lemma, form in rs:
            a, b = self.lemma_syns(lemma)
            for src, dst in ((a, wm), (b, mb)):
                for s in src:
                    f = inflect(s, form, self.lexicon, self.exc_rev)
                    if f and f != word and content(f): dst.add(f)
        if '-' in word:
            # a hyphenated word is spun part by part (real-time -> actual-time)
            parts = word.split('-')
            for i, p in enumerate(parts):
                if not content(p) or len(p) < 3: continue
                a, b = self.spins(p)
                for src, dst in ((a, wm), (b, mb)):
                    for s in src: dst.add('-'.join(parts[:i] + [s] + parts[i + 1:]))
        mb -= wm
        self.cache[word] = (wm, mb)
        return wm, mb

# ---------------------------------------------------------------- inputs
def read_table_pairs(path):
    """(spun, original, weight) lines of a dictionary table."""
    out = []
    for line in open(path, encoding='utf-8'):
        if line.startswith('#') or not line.strip(): continue
        f = line.rstrip('\n').split('\t')
        if len(f) < 2: continue
        w = float(f[2].split('#')[0]) if len(f) > 2 and f[2].split('#')[0].strip() else 1.0
        out.append((fold(f[0]), fold(f[1]), w))
    return out

def statistics(pairs, spinner):
    """P(keep) and the shares of the spinner's choices WordNet/mythes and Moby explain, from the
    equal-length phrase pairs of a tortured table (lines whose spun side has a space)."""
    kept = spun = by_wm = by_mb = 0
    for s, o, _ in pairs:
        sw, ow = s.split(), o.split()
        if len(sw) < 2 or len(sw) != len(ow): continue
        for x, y in zip(sw, ow):
            if not content(y): continue
            if x == y: kept += 1; continue
            spun += 1
            wm, mb = spinner.spins(y)
            if x in wm: by_wm += 1
            elif x in mb: by_mb += 1
    n = max(1, kept + spun)
    return dict(keep=kept / n, share_wm=by_wm / max(1, spun), share_mb=by_mb / max(1, spun), words=n)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-o', '--output', required=True)
    ap.add_argument('--bigrams', help='symspell bigram list: a lexicon, frequent bigrams are not spins')
    ap.add_argument('--bigram-terms', type=int, default=0, help='also its content-word bigrams with this count or more (0: none)')
    ap.add_argument('--corpus', help='clean text: its words are the lexicon for inflected forms')
    ap.add_argument('--corpus-terms', type=int, default=0, help='also the corpus\'s content-word bigrams seen this often (0: none)')
    ap.add_argument('--terms', help='tortured table whose multiword expected terms are terms too')
    ap.add_argument('--stats', help='tortured table for P(keep) and thesaurus shares (default: --terms)')
    ap.add_argument('--moby', type=int, default=0, help='use the first N Moby synonyms of a lemma (0: none)')
    ap.add_argument('--term-words', type=int, default=4, help='longest term (words) from --terms')
    ap.add_argument('--no-subterms', dest='subterms', action='store_false', help='not the parts of --terms terms')
    ap.add_argument('--per-term', type=int, default=20)
    ap.add_argument('--min-p', type=float, default=1e-4)
    ap.add_argument('--skip-corpus-count', type=int, default=3)
    ap.add_argument('--no-table-pairs', action='store_true', help='do not use the --terms table\'s word pairs as spins')
    a = ap.parse_args()

    # lexicon: words of the clean text and of symspell's bigrams (to accept inflected forms)
    lexicon = collections.Counter()
    corpus_bigrams = collections.Counter()
    if a.corpus:
        for line in open(a.corpus, encoding='utf-8'):
            t = tokens(line)
            lexicon.update(t)
            corpus_bigrams.update(zip(t, t[1:]))
    sym = {}
    if a.bigrams:
        for line in open(a.bigrams, encoding='utf-8'):
            f = line.split()
            if len(f) != 3: continue
            sym[(fold(f[0]), fold(f[1]))] = int(f[2])
            lexicon[fold(f[0])] += 1; lexicon[fold(f[1])] += 1
    spinner = Spinner(a.moby, lexicon)

    terms = {}   # term tuple -> source
    for (x, y), c in sym.items():
        if a.bigram_terms and c >= a.bigram_terms and content(x) and content(y): terms.setdefault((x, y), 'symspell')
    if a.corpus_terms:
        for (x, y), c in corpus_bigrams.items():
            if c >= a.corpus_terms and content(x) and content(y): terms.setdefault((x, y), 'corpus')
    table_pairs = collections.defaultdict(dict)   # original word -> spun word -> weight
    tpairs = []
    if a.terms:
        tpairs = read_table_pairs(a.terms)
        for s, o, w in tpairs:
            ow = o.split()
            if ' ' in s or len(ow) > 1:
                if not all(WORD.fullmatch(x) for x in ow): continue
                if 2 <= len(ow) <= a.term_words: terms[tuple(ow)] = 'terms'
                if a.subterms:
                    for i in range(len(ow)):
                        for j in range(i + 2, min(len(ow), i + a.term_words) + 1):
                            part = tuple(ow[i:j])
                            if part != tuple(ow) and content(part[0]) and content(part[-1]):
                                terms.setdefault(part, 'subterm')
            elif s != o and not a.no_table_pairs:
                table_pairs[o][s] = max(w, table_pairs[o].get(s, 0))
    st = statistics(read_table_pairs(a.stats) if a.stats else tpairs, spinner)
    keep, share_wm, share_mb = st['keep'], st['share_wm'], st['share_mb']
    print(f'statistics from {st["words"]} term words: P(keep) {keep:.3f}, share WordNet/mythes {share_wm:.3f}, '
          f'Moby only {share_mb:.3f}; {len(terms)} terms', file=sys.stderr)

    def inflection(s, w):
        """Whether s is w in another number or tense (market/markets): not a spin."""
        for x, y in ((s, w), (w, s)):
            if any(x == y + suf for suf in ('s', 'es', 'd', 'ed', 'ing')): return True
            if y.endswith('y') and x == y[:-1] + 'ies': return True
        return False

    def choices(w):
        """spin -> P(spin | w spun) for a word of a term."""
        if not content(w): return {}
        wm, mb = spinner.spins(w)
        out = {}
        for s in wm: out[s] = share_wm / len(wm)
        for s in mb: out[s] = share_mb / len(mb)
        for s, p in table_pairs.get(w, {}).items(): out[s] = max(out.get(s, 0), p)
        return out

    def frequent(ws):
        if len(ws) == 2 and ws in sym: return True
        if a.corpus and len(ws) == 2 and corpus_bigrams.get(ws, 0) >= a.skip_corpus_count: return True
        return False

    out = {}
    for term in sorted(terms):
        opts = []
        for w in term:
            ch = choices(w)
            opts.append([(w, keep)] + [(s, (1 - keep) * p) for s, p in ch.items()])
        # best variants by product weight: expand position by position, keeping a beam
        beam = [((), 1.0)]
        for o in opts:
            beam = sorted(((ws + (s,), p * q) for ws, p in beam for s, q in o), key=lambda x: (-x[1], x[0]))[:a.per_term * 4]
        n = 0
        for ws, p in beam:
            if ws == term or p < a.min_p: continue
            if frequent(ws): continue
            n += 1
            # a variant that only changes number or tense (futures market) is no spin: it
            # keeps its place among the best but is not written
            if all(x == y or inflection(x, y) for x, y in zip(ws, term)):
                if n >= a.per_term: break
                continue
            key = (' '.join(ws), ' '.join(term))
            out[key] = max(out.get(key, 0), p)
            if n >= a.per_term: break
    lines = [f'{s}\t{o}\t{p:.3g}' for (s, o), p in sorted(out.items())]
    kinds = collections.Counter(terms.values())
    hdr = [
        '# collocation-spins: thesaurus spins of multiword terms, whole spun phrase for whole term',
        '# (spun<TAB>term<TAB>P(spun|term)), generated by Dictionaries/build/collocations.py.',
        f'# Terms: {kinds["terms"]} expected terms of the tortured-phrase list and {kinds["subterm"]} of their parts',
        '# (Problematic Paper Screener list, Cabanac, Labbe, Magazinov 2021, via giladfeldman/torturedcheck:',
        '# CC BY 4.0); its word pairs are spins too.' + (f' {kinds["symspell"]} bigrams of symspellpy (MIT).' if kinds['symspell'] else '')
        + (f' {kinds["corpus"]} bigrams of wikipedia-leads (CC BY-SA 4.0).' if kinds['corpus'] else ''),
        '# Synonyms: WordNet 3.0 ("WordNet 3.0 Copyright 2006 by Princeton University. All rights',
        '# reserved."; WordNet license) and the LibreOffice English thesaurus th_en_US_v2 (Debian',
        '# mythes-en-us; Copyright 2000-2018 Kevin Atkinson; permission to use, copy, modify, distribute',
        '# and sell granted provided the notice appears; /usr/share/doc/mythes-en-us/copyright)'
        + (', the Moby thesaurus (Grady Ward, public domain).' if a.moby else '.'),
        '# symspellpy\'s frequency_bigramdictionary_en_243_342.txt (MIT; Google Books Ngram counts, CC BY 3.0)',
        '# and wikipedia-leads.en.txt minus its last 600 lines (CC BY-SA 4.0): lexicon and frequent bigrams.',
        f'# Weights: P(keep) {keep:.3f}, share of spins WordNet/mythes explain {share_wm:.3f}'
        + (f', Moby {share_mb:.3f}' if a.moby else '') + ' (from the tortured list\'s equal-length pairs);',
        f'# per term the best {a.per_term} variants with P >= {a.min_p:g}, at most {a.term_words} words.',
    ]
    tmp = a.output + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f: f.write('\n'.join(hdr) + '\n' + '\n'.join(lines) + '\n')
    os.replace(tmp, a.output)
    print(f'{len(lines)} lines for {len(terms)} terms', file=sys.stderr)

if __name__ == '__main__':
    main()
