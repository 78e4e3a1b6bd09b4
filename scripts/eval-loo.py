#!/usr/bin/env python3
"""Leave-one-group-out evaluation of learned dictionaries, plus the clean-text change rate.

For every original_group of the pairs' index.tsv: learn a table from the pairs of all other
groups (`unspin learn --pairs`), restore the group's spun texts with it (plus any fixed tables),
and score them against their originals with spin_eval.py's measure. Then restore held-out clean
text (by default the last 600 lines of wikipedia-leads.en.txt, which the language model must not
have been trained on) with the table learned from all pairs, and report the share of words changed.

usage: scripts/eval-loo.py --model MODEL [--unspin BIN] [--table PATH ...] [--restore-args '...']
                          [--learn-args '...'] [--groups G1,G2] [--clean-lines N] [--no-clean] [--json OUT]
"""
import argparse, importlib.util, json, os, shlex, subprocess, sys, tempfile


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evalcommon import DATA, add_clean_args, clean_text, load_eval, read_groups, run  # noqa: E402

def thesaurus(a, pairs, learned, lexicon, tmp):
    """Builds the thesaurus table from `pairs` and their learned table; returns its path."""
    here = os.path.dirname(os.path.abspath(__file__))
    lemmas = os.path.join(tmp, 'thesaurus-lemmas.tsv'); out = os.path.join(tmp, 'thesaurus.tsv')
    run([sys.executable, os.path.join(here, '..', 'Dictionaries', 'build', 'thesaurus.py'), '--pairs', pairs,
         '--learned', learned, '--lexicon', lexicon, '-o', lemmas] + shlex.split(a.thesaurus_args))
    run([a.unspin, 'learn', '--table', lemmas, '--inflect', '--lexicon', lexicon, '-o', out])
    if not a.thesaurus_keep_covered:
        run([sys.executable, os.path.join(here, '..', 'Dictionaries', 'build', 'thesaurus.py'), '--drop-covered', out, learned, out])
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--unspin', default='.build-learn/release/unspin')
    ap.add_argument('--model', required=True)
    ap.add_argument('--pairs', default=f'{DATA}/spun-pairs')
    ap.add_argument('--table', action='append', default=[], help='fixed table used in every fold')
    ap.add_argument('--restore-args', default='')
    ap.add_argument('--learn-args', default=f'--inflect')
    ap.add_argument('--no-learn', action='store_true', help='use only the fixed tables')
    ap.add_argument('--thesaurus', action='store_true', help='build the thesaurus table per fold from the fold\'s learned table')
    ap.add_argument('--thesaurus-args', default='')
    ap.add_argument('--thesaurus-keep-covered', action='store_true', help='keep thesaurus lines for spun words the learned table has')
    ap.add_argument('--groups', default='')
    add_clean_args(ap)
    ap.add_argument('--clean-as-one', action='store_true', help='restore the clean lines as one input (default: one input a line)')
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('--json')
    a = ap.parse_args()
    ev = load_eval()

    groups = read_groups(a.pairs)
    chosen = a.groups.split(',') if a.groups else sorted(groups)
    tmp = tempfile.mkdtemp(prefix='unspin-loo-')
    lexicon = os.path.join(tmp, 'lexicon.txt')
    lines = clean_text(a.clean, a.clean_lines, lexicon)
    learn_args = shlex.split(a.learn_args)
    if '--inflect' in learn_args and '--lexicon' not in learn_args: learn_args += ['--lexicon', lexicon]
    restore = [a.unspin, 'restore', '--model', a.model] + shlex.split(a.restore_args)

    tot = dict(orig_words=0, spun_missing=0, fixed=0, broken=0, changed_words=0, e_s=0.0, e_r=0.0)
    per = {}
    for g in chosen:
        train = os.path.join(tmp, 'train'); os.makedirs(train, exist_ok=True)
        for n in os.listdir(train): os.unlink(os.path.join(train, n))
        for gg, ids in groups.items():
            if gg == g: continue
            for i in ids:
                for side in ('orig', 'spun'):
                    os.symlink(os.path.join(a.pairs, f'{i}.{side}.txt'), os.path.join(train, f'{i}.{side}.txt'))
        tables = []
        if not a.no_learn:
            learned = os.path.join(tmp, 'news-spins.tsv')
            run([a.unspin, 'learn', '--pairs', train, '-o', learned] + learn_args)
            tables.append(learned)
            if a.thesaurus: tables.append(thesaurus(a, train, learned, lexicon, tmp))
        tables += a.table
        cmd = restore + sum((['--dictionary', t] for t in tables), [])
        for i in groups[g]:
            orig = open(os.path.join(a.pairs, f'{i}.orig.txt'), encoding='utf-8').read()
            spun = open(os.path.join(a.pairs, f'{i}.spun.txt'), encoding='utf-8').read()
            rest = run(cmd, spun.encode()).decode('utf-8', 'replace')
            sc = ev.score(orig, spun, rest)
            per[i] = sc
            if a.verbose: print(i, g, json.dumps(sc), flush=True)
            for k in ('orig_words', 'spun_missing', 'fixed', 'broken', 'changed_words'): tot[k] += sc[k]
            tot['e_s'] += sc['wer_spun'] * sc['orig_words']; tot['e_r'] += sc['wer_restored'] * sc['orig_words']
    res = {
        'groups': len(chosen), 'pairs': len(per), 'orig_words': tot['orig_words'],
        'wer_spun': round(tot['e_s'] / max(1, tot['orig_words']), 4),
        'wer_restored': round(tot['e_r'] / max(1, tot['orig_words']), 4),
        'error_reduction': round(1 - tot['e_r'] / tot['e_s'], 4) if tot['e_s'] else None,
        'recall': round(tot['fixed'] / max(1, tot['spun_missing']), 4),
        'precision': round(min(tot['fixed'], tot['changed_words']) / tot['changed_words'], 4) if tot['changed_words'] else None,
        'fixed': tot['fixed'], 'broken': tot['broken'], 'changed_words': tot['changed_words'],
    }
    if not a.no_clean:
        tables = []
        if not a.no_learn:
            learned = os.path.join(tmp, 'news-spins-all.tsv')
            run([a.unspin, 'learn', '--pairs', a.pairs, '-o', learned] + learn_args)
            tables.append(learned)
            if a.thesaurus: tables.append(thesaurus(a, a.pairs, learned, lexicon, tmp))
        tables += a.table
        cmd = restore + sum((['--dictionary', t] for t in tables), [])
        clean = ''.join(lines[-a.clean_lines:])
        if a.clean_as_one:
            rest = run(cmd, clean.encode()).decode('utf-8', 'replace')
        else:
            # each line (one article's lead) is its own input, as the restorer decides per input
            recs = ''.join(json.dumps({'text': l.rstrip('\n')}) + '\n' for l in lines[-a.clean_lines:])
            out = run(cmd + ['--jsonl', '-j', '1'], recs.encode()).decode('utf-8', 'replace')
            rest = ''.join(json.loads(l)['text'] + '\n' for l in out.splitlines() if l.strip())
        w = ev.words(clean)
        changed = sum(j2 - j1 for i1, i2, j1, j2 in ev.changed_positions(w, ev.words(rest)))
        res['clean_words'] = len(w); res['clean_changed'] = changed
        res['clean_change_rate'] = round(changed / max(1, len(w)), 5)
    print(json.dumps(res))
    if a.json:
        with open(a.json, 'w') as f: json.dump({'total': res, 'pairs': per}, f, indent=1)

if __name__ == '__main__':
    main()
