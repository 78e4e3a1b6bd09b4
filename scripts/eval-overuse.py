#!/usr/bin/env python3
"""Leave-one-group-out evaluation of keep lines learned from spun text (`unspin learn --unpaired
--overuse`), with the restorer's default tables and settings.

For every original_group of the pairs' index.tsv: learn the pair table from the pairs of all
OTHER groups (`unspin learn --pairs`, as scripts/eval-loo.py does with --learn-args=), then
write keep lines for its spun words that have none with `unspin learn --unpaired SPUN --overuse
--candidates PAIR-TABLE --reference CLEAN --reference TRAIN-ORIGINALS`, and restore the held-out
group's spun texts with the pair table, the keep lines and the fixed default tables (--table,
--restore-args as in Dictionaries/README.md). --spun says which spun text the keep lines read:
  none   no keep lines (the baseline: the same as scripts/eval-loo.py)
  train  the spun sides of the other groups' pairs only (a control: no unpaired text)
  train+unpaired  those and spun-unpaired/*.txt (nothing of the held-out group)
  all    spun-unpaired/*.txt and the spun side of every pair, the held-out group's included
         (never an original of the held-out group)
--no-originals leaves TRAIN-ORIGINALS out of the reference (clean text only).
CLEAN is the clean text without its last 600 lines; those lines measure changes to clean text
(one input a line), with tables learned from all pairs and the same kind of keep lines.

usage: scripts/eval-overuse.py --unspin BIN --model MODEL --spun none|train|train+unpaired|all [--table T ...]
                               [--restore-args '...'] [--overuse-args '--min-count 3'] [--no-originals] [--cache DIR]
"""
import argparse, tempfile, json, os, shlex, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcommon import DATA, add_clean_args, link_all, run, setup_folds  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--unspin', default='.build-em/release/unspin')
    ap.add_argument('--model', required=True)
    ap.add_argument('--spun', required=True, choices=['none', 'train', 'train+unpaired', 'all'])
    ap.add_argument('--no-originals', action='store_true', help='reference: the clean text only')
    ap.add_argument('--pairs', default=f'{DATA}/spun-pairs')
    ap.add_argument('--unpaired', default=f'{DATA}/spun-unpaired')
    ap.add_argument('--cache', default=os.path.join(tempfile.gettempdir(), 'unspin-eval-overuse'))
    ap.add_argument('--table', action='append', default=[], help='fixed table used in every fold')
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--overuse-args', default='')
    add_clean_args(ap)
    a = ap.parse_args()
    ev, groups, lexicon, lines, all_spun = setup_folds(a)
    restore = [a.unspin, 'restore', '--model', a.model] + shlex.split(a.restore_args)

    def tables(train, d):
        """The pair table learned from `train` and, unless --spun none, its keep lines."""
        os.makedirs(d, exist_ok=True)
        news = os.path.join(d, 'news.tsv')
        run([a.unspin, 'learn', '--pairs', train, '-o', news])
        if a.spun == 'none': return [news]
        originals = os.path.join(d, 'originals.txt')
        with open(originals, 'w', encoding='utf-8') as f:
            for n in sorted(os.listdir(train)):
                if n.endswith('.orig.txt'): f.write(open(os.path.join(train, n), encoding='utf-8').read())
        keep = os.path.join(d, 'keep.tsv')
        spun = {'train': train, 'all': all_spun}.get(a.spun)
        if spun is None:   # train+unpaired
            spun = os.path.join(d, 'spun-train-unpaired')
            link_all(train, [n for n in os.listdir(train) if n.endswith('.spun.txt')], spun)
            link_all(a.unpaired, [n for n in os.listdir(a.unpaired) if n.endswith('.txt')], spun)
        refs = ['--reference', lexicon] + ([] if a.no_originals else ['--reference', originals])
        run([a.unspin, 'learn', '--unpaired', spun, '--overuse', '--candidates', news, '-o', keep] + refs + shlex.split(a.overuse_args))
        return [news, keep]

    keys = ('orig_words', 'spun_missing', 'fixed', 'broken', 'changed_words')
    t = dict(e_s=0.0, e_r=0.0, **{k: 0 for k in keys})
    for g in sorted(groups):
        d = os.path.join(a.cache, 'folds', g)
        train = os.path.join(d, 'train')
        link_all(a.pairs, [f'{i}.{s}.txt' for gg, ids in groups.items() if gg != g for i in ids for s in ('orig', 'spun')], train)
        cmd = restore + sum((['--dictionary', p] for p in tables(train, d) + a.table), [])
        for i in groups[g]:
            orig = open(os.path.join(a.pairs, f'{i}.orig.txt'), encoding='utf-8').read()
            spun = open(os.path.join(a.pairs, f'{i}.spun.txt'), encoding='utf-8').read()
            sc = ev.score(orig, spun, run(cmd, spun.encode()).decode('utf-8', 'replace'))
            for k in keys: t[k] += sc[k]
            t['e_s'] += sc['wer_spun'] * sc['orig_words']; t['e_r'] += sc['wer_restored'] * sc['orig_words']
    res = {'spun': a.spun, 'originals_in_reference': not a.no_originals,
           'error_reduction': round(1 - t['e_r'] / t['e_s'], 4),
           'precision': round(min(t['fixed'], t['changed_words']) / t['changed_words'], 4) if t['changed_words'] else None,
           'recall': round(t['fixed'] / max(1, t['spun_missing']), 4),
           'fixed': t['fixed'], 'broken': t['broken'], 'changed_words': t['changed_words']}
    if not a.no_clean:
        d = os.path.join(a.cache, 'all')
        link_all(a.pairs, [n for n in os.listdir(a.pairs) if n.endswith('.txt')], os.path.join(d, 'train'))
        cmd = restore + sum((['--dictionary', p] for p in tables(os.path.join(d, 'train'), d) + a.table), []) + ['--jsonl', '-j', '1']
        recs = ''.join(json.dumps({'text': l.rstrip('\n')}) + '\n' for l in lines[-a.clean_lines:])
        out = run(cmd, recs.encode()).decode('utf-8', 'replace')
        rest = ''.join(json.loads(l)['text'] + '\n' for l in out.splitlines() if l.strip())
        w = ev.words(''.join(lines[-a.clean_lines:]))
        res['clean_changed'] = sum(j2 - j1 for i1, i2, j1, j2 in ev.changed_positions(w, ev.words(rest)))
        res['clean_words'] = len(w)
    print(json.dumps(res))

if __name__ == '__main__':
    main()
