#!/usr/bin/env python3
"""Builds Dictionaries/mythes-neighbours.tsv: the thesaurus neighbours of common English words,
for `unspin detect`'s "a neighbour fits better" evidence (docs/detect.md).

usage: Dictionaries/build/neighbours.py [--mythes DAT] [--vocab N] [--keys N2] [--max K] [-o OUT]

Reads the LibreOffice English thesaurus (Debian package mythes-en-us:
`apt-get install -y --no-install-recommends mythes-en-us`; default
/usr/share/mythes/th_en_US_v2.dat) and keeps, for each of the N most frequent words of
symspellpy's unigram list (`pip install symspellpy lemminflect`), and for each of the N2
most frequent words (N2 >= N: a spinner's choice is often a rarer word than the one it
replaced), its first K single-word synonyms that are among the N words, in the thesaurus's order (meanings by rank,
synonyms as listed). Hypernyms ("generic term"), "related", "similar" terms and antonyms are left
out. Plural, third-person, past and -ing forms are added with lemminflect (the synonym in the
same form), kept only when the form is among the N2 words and the synonym's among the N.

Output: a comment header, then `word<TAB>neighbour neighbour ...` lines, sorted by word.
Deterministic: the same inputs give the same bytes.
"""
import argparse, collections, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
MARKERS = ('(generic term)', '(related term)', '(similar term)', '(antonym)')
POS = {'noun': 'NOUN', 'verb': 'VERB', 'adj': 'ADJ', 'adv': 'ADV'}
FORMS = {'NOUN': ['NNS'], 'VERB': ['VBZ', 'VBD', 'VBN', 'VBG'], 'ADJ': [], 'ADV': []}


def vocabulary(n):
    import symspellpy
    path = os.path.join(os.path.dirname(symspellpy.__file__), 'frequency_dictionary_en_82_765.txt')
    words = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            w, c = line.split()
            if w.isalpha() and w.isascii() and (len(w) > 1 or w in ('a', 'i')):
                words.append((int(c), w))
    words.sort(key=lambda x: (-x[0], x[1]))
    return {w for _, w in words[:n]}


def read_mythes(path, keys, vocab):
    """lemma -> [(pos, [synonyms in order])]: lemmas among `keys`, synonyms among `vocab`."""
    out = collections.defaultdict(list)
    with open(path, encoding='utf-8', errors='replace') as f:
        f.readline()                                   # the encoding line
        while True:
            head = f.readline()
            if not head: break
            word, _, count = head.rstrip('\n').rpartition('|')
            for _ in range(int(count)):
                parts = f.readline().rstrip('\n').split('|')
                if word not in keys: continue
                pos = POS.get(parts[0].strip('()'), None)
                syns = [s for s in parts[1:] if not any(s.endswith(m) for m in MARKERS)]
                syns = [s for s in syns if s in vocab and s != word]
                if pos and syns: out[word].append((pos, syns))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--mythes', default='/usr/share/mythes/th_en_US_v2.dat')
    ap.add_argument('--vocab', type=int, default=40000)
    ap.add_argument('--keys', type=int, default=82000)
    ap.add_argument('--max', type=int, default=8)
    ap.add_argument('-o', '--out', default=os.path.join(HERE, '..', 'mythes-neighbours.tsv'))
    a = ap.parse_args()
    from lemminflect import getInflection
    vocab = vocabulary(a.vocab)
    keys = vocabulary(max(a.keys, a.vocab))
    lemmas = read_mythes(a.mythes, keys, vocab)
    table = collections.defaultdict(list)

    def add(word, syns):
        row = table[word]
        for s in syns:
            if s != word and s not in row: row.append(s)

    for word in sorted(lemmas):
        for pos, syns in lemmas[word]:
            add(word, syns)
            for tag in FORMS[pos]:
                form = getInflection(word, tag=tag)
                if not form or form[0] == word or form[0] not in keys: continue
                inflected = [getInflection(s, tag=tag) for s in syns]
                add(form[0], [x[0] for x in inflected if x and x[0] in vocab])
    with open(a.out, 'w', encoding='utf-8') as f:
        f.write('# Thesaurus neighbours of common English words (Dictionaries/build/neighbours.py).\n'
                '# From the LibreOffice English thesaurus th_en_US_v2 (Debian mythes-en-us), Copyright 2000-2018\n'
                '# Kevin Atkinson, 2016 Benjamin Titze: permission to use, copy, modify, distribute and sell\n'
                '# with the copyright and permission notice\n'
                '# (see /usr/share/doc/mythes-en-us/copyright). Vocabulary: symspellpy unigram list (MIT).\n'
                f'# The {max(a.keys, a.vocab)} most frequent words, each with at most {a.max} neighbours among the\n'
                f'# {a.vocab} most frequent, in thesaurus order.\n')
        rows = 0
        for word in sorted(table):
            row = table[word][:a.max]
            if row:
                f.write(word + '\t' + ' '.join(row) + '\n')
                rows += 1
    print(f'{rows} words in {a.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
