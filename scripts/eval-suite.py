#!/usr/bin/env python3
"""One table of how well a restorer build does, on every kind of text it must handle.

  loo        the development pairs, leaving each original group out: the pair table and its keep
             lines (`unspin learn --pairs`, `--unpaired --overuse` over the other groups' spun
             sides and spun-unpaired) are learned without the group, as scripts/eval-overuse.py
             does (`--spun train+unpaired --no-originals`); the fixed default tables as shipped.
             Also the group's originals, restored as they stand: clean news.
  SETS       folders of NNN.orig.txt beside NNN.spun.txt (synthetic spins of held-out text made
             with ../shared/tools/spin_wordnet.py, see scripts/make-spins.py), restored with the
             tables learned from all pairs.
  CLEAN      files of clean held-out text, cut into documents of LINES (--doc-lines) lines, restored with
             the same tables: the share of words changed.

Each document is one input (the restorer's spun-or-not decision sees it whole). Every restore
runs once per fold over all of its documents (`restore --json FILE...`), so the text tables are
compiled once per fold (cached in --cache by content).

usage: scripts/eval-suite.py --unspin BIN --model MODEL [--extra TABLE[=W] ...] [--no-default-extra]
                             [--set NAME=DIR ...] [--clean NAME=FILE ...] [--restore-args '...'] [--open TABLE ...]
                             [--features OUT.tsv] [--json OUT] [--skip-loo]
"""
import argparse, hashlib, json, os, shlex, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from evalcommon import DATA, link_all, load_eval, read_groups, run  # noqa: E402

# The fixed default tables and their factors (Dictionaries/defaults.txt, without the pair tables).
FIXED = [('function-phrases.tsv', 1), ('tortured-phrases.tsv', 0.1), ('tortured-words.tsv', 0.02),
         ('collocation-spins.tsv', 30)]


def digest(paths, extra=''):
    h = hashlib.sha1(extra.encode())
    for p in paths:
        h.update(p.encode())
        with open(p.split('=')[0], 'rb') as f: h.update(hashlib.sha1(f.read()).digest())
    return h.hexdigest()[:16]


def compile_dict(a, tables, cache):
    """A compiled dictionary of `tables` (PATH or PATH=FACTOR), cached by content."""
    out = os.path.join(cache, 'dicts', digest(tables) + '.dict')
    if not os.path.exists(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
        run([a.unspin, 'dict', 'compile', '-o', out + '.tmp.dict'] + tables)
        os.replace(out + '.tmp.dict', out)
    return out


def learned_tables(a, train, d, lexicon, spun_dir):
    """Pair table and keep lines learned from the pairs in `train` (cached in `d`)."""
    os.makedirs(d, exist_ok=True)
    news, keep = os.path.join(d, 'news.tsv'), os.path.join(d, 'keep.tsv')
    if not os.path.exists(news): run([a.unspin, 'learn', '--pairs', train, '-o', news])
    if not os.path.exists(keep):
        spun = os.path.join(d, 'spun')
        link_all(train, [n for n in os.listdir(train) if n.endswith('.spun.txt')], spun)
        link_all(spun_dir, [n for n in os.listdir(spun_dir) if n.endswith('.txt')], spun)
        run([a.unspin, 'learn', '--unpaired', spun, '--overuse', '--candidates', news, '-o', keep, '--reference', lexicon])
    return [news, keep]


def dicts(a, tables):
    """The fold's compiled dictionary, and with --open the open restorer's (the tables and the
    open tables in one compiled dictionary, as `--open-candidates` takes it) after a tab."""
    main = compile_dict(a, tables, a.cache)
    return main + ('\t' + compile_dict(a, tables + a.open, a.cache) if a.open else '')


def restore_all(a, dict_path, texts):
    """Restores each text as its own input; returns the --json objects in order."""
    dict_path, _, open_path = dict_path.partition('\t')
    extra = ['--any-spinner', '--open-candidates', open_path] if open_path else []
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, t in enumerate(texts):
            p = os.path.join(tmp, f'{i:05d}.txt')
            with open(p, 'w', encoding='utf-8') as f: f.write(t)
            files.append(p)
        out = run([a.unspin, 'restore', '--json', '-d', dict_path, '--model', a.model] + extra + shlex.split(a.restore_args) + files)
    objs = [json.loads(l) for l in out.decode('utf-8').splitlines() if l.strip()]
    assert len(objs) == len(texts), (len(objs), len(texts))
    return objs


class Tally:
    def __init__(self): self.t = dict(e_s=0.0, e_r=0.0, orig_words=0, spun_missing=0, fixed=0, broken=0, changed_words=0, docs=0, opened=0)

    def add(self, ev, orig, spun, obj):
        sc = ev.score(orig, spun, obj['text'])
        for k in ('orig_words', 'spun_missing', 'fixed', 'broken', 'changed_words'): self.t[k] += sc[k]
        self.t['e_s'] += sc['wer_spun'] * sc['orig_words']; self.t['e_r'] += sc['wer_restored'] * sc['orig_words']
        self.t['docs'] += 1; self.t['opened'] += obj['spun_log_odds'] > 0

    def row(self):
        t = self.t
        return {'docs': t['docs'], 'opened': t['opened'],
                'error_reduction': round(1 - t['e_r'] / t['e_s'], 4) if t['e_s'] else None,
                'precision': round(min(t['fixed'], t['changed_words']) / t['changed_words'], 4) if t['changed_words'] else None,
                'recall': round(t['fixed'] / max(1, t['spun_missing']), 4), 'changed_words': t['changed_words']}


def changed(ev, before, after):
    w = ev.words(before)
    return len(w), sum(max(i2 - i1, j2 - j1) for i1, i2, j1, j2 in ev.changed_positions(w, ev.words(after)))


def docs_of(path, n):
    lines = [l for l in open(path, encoding='utf-8').read().split('\n') if l.strip()]
    return ['\n'.join(lines[i:i + n]) + '\n' for i in range(0, len(lines), n)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--unspin', required=True)
    ap.add_argument('--model', required=True)
    ap.add_argument('--extra', action='append', default=[], help='another table (PATH or PATH=FACTOR) in every fold')
    ap.add_argument('--fixed-weights', default='', help='NAME=FACTOR,... overriding the fixed tables\' factors (0 drops one)')
    ap.add_argument('--set', action='append', default=[], help='NAME=DIR of NNN.orig.txt / NNN.spun.txt pairs')
    ap.add_argument('--clean', action='append', default=[], help='NAME=FILE[:LINES] of clean held-out text (LINES a document)')
    ap.add_argument('--doc-lines', type=int, default=8, help='lines per clean document')
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--open', action='append', default=[], help='with --any-spinner: an open candidate table (PATH or PATH=FACTOR), compiled with the fold\'s tables for --open-candidates')
    ap.add_argument('--pairs', default=f'{DATA}/spun-pairs')
    ap.add_argument('--unpaired', default=f'{DATA}/spun-unpaired')
    ap.add_argument('--lexicon-source', default=f'{DATA}/corpora/wikipedia-leads.en.txt')
    ap.add_argument('--cache', default=os.path.join(tempfile.gettempdir(), 'unspin-eval-suite'))
    ap.add_argument('--skip-loo', action='store_true')
    ap.add_argument('--features', help='write set, document, label, spun_log_odds, words per document')
    ap.add_argument('--json', help='write the table as JSON')
    a = ap.parse_args()
    ev = load_eval()
    os.makedirs(a.cache, exist_ok=True)
    lexicon = os.path.join(a.cache, 'lexicon.txt')
    if not os.path.exists(lexicon):
        lines = open(a.lexicon_source, encoding='utf-8').readlines()
        with open(lexicon, 'w', encoding='utf-8') as f: f.writelines(lines[:-600])
    overrides = dict((kv.split('=')[0], float(kv.split('=')[1])) for kv in a.fixed_weights.split(',') if kv)
    fixed = [f'{ROOT}/Dictionaries/{n}={overrides.get(n[:-4], w)}' for n, w in FIXED if overrides.get(n[:-4], w) > 0]
    groups = read_groups(a.pairs)
    rows, feats = {}, []

    def note(set_name, doc, label, obj):
        feats.append((set_name, doc, label, obj['spun_log_odds'], obj['words']))

    if not a.skip_loo:
        spun_t, orig_words, orig_changed, orig_open = Tally(), 0, 0, 0
        for g in sorted(groups):
            d = os.path.join(a.cache, 'folds', g)
            train = os.path.join(d, 'train')
            link_all(a.pairs, [f'{i}.{s}.txt' for gg, ids in groups.items() if gg != g for i in ids for s in ('orig', 'spun')], train)
            dict_path = dicts(a, learned_tables(a, train, d, lexicon, a.unpaired) + fixed + a.extra)
            ids = groups[g]
            origs = [open(os.path.join(a.pairs, f'{i}.orig.txt'), encoding='utf-8').read() for i in ids]
            spuns = [open(os.path.join(a.pairs, f'{i}.spun.txt'), encoding='utf-8').read() for i in ids]
            objs = restore_all(a, dict_path, spuns + origs)
            for i, o, s, obj in zip(ids, origs, spuns, objs[:len(ids)]):
                spun_t.add(ev, o, s, obj); note('loo', i + '.spun', 1, obj)
            for i, o, obj in zip(ids, origs, objs[len(ids):]):
                n, c = changed(ev, o, obj['text']); orig_words += n; orig_changed += c; orig_open += obj['spun_log_odds'] > 0
                note('loo-orig', i + '.orig', 0, obj)
        rows['loo (family A)'] = spun_t.row()
        rows['dev originals (clean news)'] = {'docs': sum(len(v) for v in groups.values()), 'opened': orig_open,
                                              'changed_share': round(orig_changed / max(1, orig_words), 5), 'changed_words': orig_changed}
    if a.set or a.clean:
        d = os.path.join(a.cache, 'all')
        train = os.path.join(d, 'train')
        link_all(a.pairs, [n for n in os.listdir(a.pairs) if n.endswith('.txt')], train)
        dict_path = dicts(a, learned_tables(a, train, d, lexicon, a.unpaired) + fixed + a.extra)
        for spec in a.set:
            name, path = spec.split('=', 1)
            ids = sorted(f[:-len('.orig.txt')] for f in os.listdir(path) if f.endswith('.orig.txt'))
            origs = [open(os.path.join(path, f'{i}.orig.txt'), encoding='utf-8').read() for i in ids]
            spuns = [open(os.path.join(path, f'{i}.spun.txt'), encoding='utf-8').read() for i in ids]
            t = Tally()
            for i, o, s, obj in zip(ids, origs, spuns, restore_all(a, dict_path, spuns)):
                t.add(ev, o, s, obj); note(name, i, 1, obj)
            rows[name] = t.row()
        for spec in a.clean:
            name, path = spec.split('=', 1)
            path, _, n = path.partition(':')
            texts = docs_of(path, int(n) if n else a.doc_lines)
            words = ch = opened = 0
            for k, (t, obj) in enumerate(zip(texts, restore_all(a, dict_path, texts))):
                n, c = changed(ev, t, obj['text']); words += n; ch += c; opened += obj['spun_log_odds'] > 0
                note(name, str(k), 0, obj)
            rows[name] = {'docs': len(texts), 'opened': opened, 'changed_share': round(ch / max(1, words), 5), 'changed_words': ch, 'words': words}
    w = max(len(k) for k in rows) + 2
    print(f"{'set':{w}s} {'docs':>5s} {'open':>5s} {'ER':>7s} {'P':>7s} {'R':>7s} {'changed':>9s}")
    for k, r in rows.items():
        f = lambda x: '' if x is None else f'{x:.4f}'
        ch = f"{100 * r['changed_share']:.3f}%" if 'changed_share' in r else str(r.get('changed_words', ''))
        print(f"{k:{w}s} {r['docs']:5d} {r['opened']:5d} {f(r.get('error_reduction')):>7s} {f(r.get('precision')):>7s} {f(r.get('recall')):>7s} {ch:>9s}")
    if a.json:
        with open(a.json, 'w') as fh: json.dump(rows, fh, indent=1)
    if a.features:
        with open(a.features, 'w') as fh:
            fh.write('set\tdoc\tlabel\tspun_log_odds\twords\n')
            for r in feats: fh.write('\t'.join(map(str, r)) + '\n')


if __name__ == '__main__':
    main()
