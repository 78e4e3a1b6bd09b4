#!/usr/bin/env python3
"""Leave-one-group-out evaluation of `unspin learn --unpaired` (decipherment from spun text alone).

For every original_group of the pairs' index.tsv, from the pairs of all OTHER groups: learn the
pair table (`unspin learn --pairs --inflect`) and build the thesaurus table
(Dictionaries/build/thesaurus.py, then `unspin learn --table --inflect`). Then restore the held-out
group's spun texts twice:
  base:     pair table + thesaurus table (+ --table fixed tables)
  unpaired: pair table + the thesaurus table reweighted by `unspin learn --unpaired SPUN-DIR`
            (+ the same fixed tables)
SPUN-DIR holds spun text only: spun-unpaired/*.txt and the spun side of every pair (the held-out
article's spun side included, never an original). Scores use spin_eval.py's measure. Clean text:
the last 600 lines of wikipedia-leads.en.txt, restored with the tables learned from all pairs,
share of words changed. Per-fold tables are cached in --cache (rebuilt when missing).

usage: scripts/eval-unpaired.py --unspin BIN --model MODEL [--cache DIR] [--table T ...]
                                [--em-args '--iterations 5 --prior-strength 5'] [--restore-args '...']
"""
import argparse, tempfile, importlib.util, json, os, shlex, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcommon import DATA, add_clean_args, link_all, run, setup_folds  # noqa: E402


def tables_for(a, train, d, lexicon):
    """Pair table and inflected thesaurus table learned from the pairs in `train`, cached in `d`."""
    os.makedirs(d, exist_ok=True)
    news, lemmas, thes = (os.path.join(d, n) for n in ('news.tsv', 'thes-lemmas.tsv', 'thes.tsv'))
    if not os.path.exists(thes):
        run([a.unspin, 'learn', '--pairs', train, '--inflect', '--lexicon', lexicon, '-o', news])
        run([sys.executable, os.path.join(HERE, '..', 'Dictionaries', 'build', 'thesaurus.py'), '--pairs', train,
             '--learned', news, '--lexicon', lexicon, '-o', lemmas])
        run([a.unspin, 'learn', '--table', lemmas, '--inflect', '--lexicon', lexicon, '-o', thes])
    return news, thes

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--unspin', default='.build-em/release/unspin')
    ap.add_argument('--model', required=True)
    ap.add_argument('--pairs', default=f'{DATA}/spun-pairs')
    ap.add_argument('--unpaired', default=f'{DATA}/spun-unpaired')
    ap.add_argument('--cache', default=os.path.join(tempfile.gettempdir(), 'unspin-eval-unpaired'))
    ap.add_argument('--table', action='append', default=[], help='fixed table used in every fold')
    ap.add_argument('--em-args', default='')
    ap.add_argument('--reweight', default='thes', choices=['thes', 'news', 'both'],
                    help='which learned table(s) --unpaired reweights (each its own candidate table)')
    ap.add_argument('--restore-args', default='')
    add_clean_args(ap)
    ap.add_argument('--groups', default='', help='comma-separated groups to hold out (default: all)')
    ap.add_argument('--verbose', action='store_true')
    a = ap.parse_args()
    # spun_dir: spun text only, the unpaired texts and every pair's spun side
    ev, groups, lexicon, lines, spun_dir = setup_folds(a)
    em_args = shlex.split(a.em_args)
    restore = [a.unspin, 'restore', '--model', a.model] + shlex.split(a.restore_args)

    def reweight(thes, out):
        run([a.unspin, 'learn', '--unpaired', spun_dir, '--candidates', thes, '--model', a.model, '-o', out] + em_args)
        return out

    def reweighted(news, thes, d):
        # the reweighted table keeps its table name (file name), so table weights still apply
        os.makedirs(os.path.join(d, 'em'), exist_ok=True)
        n = reweight(news, os.path.join(d, 'em', 'news.tsv')) if a.reweight in ('news', 'both') else news
        t = reweight(thes, os.path.join(d, 'em', 'thes.tsv')) if a.reweight in ('thes', 'both') else thes
        return [n, t]

    keys = ('orig_words', 'spun_missing', 'fixed', 'broken', 'changed_words')
    tot = {m: dict(e_s=0.0, e_r=0.0, **{k: 0 for k in keys}) for m in ('base', 'unpaired')}
    for g in (a.groups.split(',') if a.groups else sorted(groups)):
        d = os.path.join(a.cache, 'folds', g)
        train = os.path.join(d, 'train')
        link_all(a.pairs, [f'{i}.{s}.txt' for gg, ids in groups.items() if gg != g for i in ids for s in ('orig', 'spun')], train)
        news, thes = tables_for(a, train, d, lexicon)
        for mode, tables in (('base', [news, thes]), ('unpaired', reweighted(news, thes, d))):
            cmd = restore + sum((['--dictionary', t] for t in tables + a.table), [])
            for i in groups[g]:
                orig = open(os.path.join(a.pairs, f'{i}.orig.txt'), encoding='utf-8').read()
                spun = open(os.path.join(a.pairs, f'{i}.spun.txt'), encoding='utf-8').read()
                sc = ev.score(orig, spun, run(cmd, spun.encode()).decode('utf-8', 'replace'))
                if a.verbose: print(mode, i, g, json.dumps(sc), flush=True)
                t = tot[mode]
                for k in keys: t[k] += sc[k]
                t['e_s'] += sc['wer_spun'] * sc['orig_words']; t['e_r'] += sc['wer_restored'] * sc['orig_words']
    res = {}
    for mode, t in tot.items():
        res[mode] = {
            'error_reduction': round(1 - t['e_r'] / t['e_s'], 4) if t['e_s'] else None,
            'precision': round(min(t['fixed'], t['changed_words']) / t['changed_words'], 4) if t['changed_words'] else None,
            'recall': round(t['fixed'] / max(1, t['spun_missing']), 4),
            'fixed': t['fixed'], 'broken': t['broken'], 'changed_words': t['changed_words'],
        }
    if not a.no_clean:
        d = os.path.join(a.cache, 'all')
        news, thes = tables_for(a, a.pairs, d, lexicon)
        recs = ''.join(json.dumps({'text': l.rstrip('\n')}) + '\n' for l in lines[-a.clean_lines:])
        clean = ''.join(lines[-a.clean_lines:])
        w = ev.words(clean)
        for mode, tables in (('base', [news, thes]), ('unpaired', reweighted(news, thes, d))):
            cmd = restore + sum((['--dictionary', t] for t in tables + a.table), []) + ['--jsonl', '-j', '1']
            out = run(cmd, recs.encode()).decode('utf-8', 'replace')
            rest = ''.join(json.loads(l)['text'] + '\n' for l in out.splitlines() if l.strip())
            changed = sum(j2 - j1 for i1, i2, j1, j2 in ev.changed_positions(w, ev.words(rest)))
            res[mode]['clean_change_rate'] = round(changed / max(1, len(w)), 5)
    print(json.dumps(res))

if __name__ == '__main__':
    main()
