"""Helpers shared by the evaluation scripts in this folder."""
import importlib.util, os, subprocess, sys

DATA = os.environ.get('DATA', os.path.normpath(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), '..', 'shared', 'data')))
SPIN_EVAL = os.environ.get('SPIN_EVAL', os.path.join(os.path.dirname(DATA.rstrip('/')), 'tools', 'spin_eval.py'))

def add_clean_args(ap):
    """--clean, --clean-lines, --no-clean: the clean text whose last lines measure changes to clean text."""
    ap.add_argument('--clean', default=f'{DATA}/corpora/wikipedia-leads.en.txt')
    ap.add_argument('--clean-lines', type=int, default=600)
    ap.add_argument('--no-clean', action='store_true')


def load_eval():
    """The shared spin_eval.py module (word error rate, precision, recall of a restoration)."""
    spec = importlib.util.spec_from_file_location('spin_eval', SPIN_EVAL)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m

def run(cmd, stdin=None):
    """Runs a command, returning its standard output; exits with its error when it fails."""
    r = subprocess.run(cmd, input=stdin, capture_output=True)
    if r.returncode != 0:
        sys.exit(f'failed ({r.returncode}): {" ".join(cmd)}\n{r.stderr.decode(errors="replace")}')
    return r.stdout

def clean_text(path, held_out, lexicon):
    """The lines of a clean-text file; all but the last `held_out` (which measure changes to clean
    text) are written to `lexicon` unless it exists, as the words learning may treat as real."""
    with open(path, encoding='utf-8') as f: lines = f.readlines()
    if not os.path.exists(lexicon):
        with open(lexicon, 'w', encoding='utf-8') as f: f.writelines(lines[:-held_out])
    return lines

def read_groups(pairs):
    """original_group → pair ids, from the pairs folder's index.tsv."""
    groups = {}
    for line in open(os.path.join(pairs, 'index.tsv'), encoding='utf-8').read().splitlines()[1:]:
        f = line.split('\t')
        if len(f) >= 2: groups.setdefault(f[1], []).append(f[0])
    return groups

def link_all(src_dir, names, dst):
    """Symlinks each of `names` in `src_dir` into `dst` (made if missing; existing links stay)."""
    os.makedirs(dst, exist_ok=True)
    for n in names:
        t = os.path.join(dst, n)
        if not os.path.lexists(t): os.symlink(os.path.join(src_dir, n), t)

def link_spun_texts(unpaired, pairs, dst):
    """Spun text only, in `dst`: every unpaired text and every pair's spun side (never an original)."""
    link_all(unpaired, [n for n in os.listdir(unpaired) if n.endswith('.txt')], dst)
    link_all(pairs, [n for n in os.listdir(pairs) if n.endswith('.spun.txt')], dst)
    return dst

def setup_folds(a):
    """The common start of a leave-one-group-out script with --pairs, --unpaired, --cache,
    --clean and --clean-lines: the scorer, the groups, the lexicon file (clean text without its
    held-out lines), the held-out lines and the folder of spun texts (see link_spun_texts)."""
    ev = load_eval()
    groups = read_groups(a.pairs)
    os.makedirs(a.cache, exist_ok=True)
    lexicon = os.path.join(a.cache, 'lexicon.txt')
    lines = clean_text(a.clean, a.clean_lines, lexicon)
    spun = link_spun_texts(a.unpaired, a.pairs, os.path.join(a.cache, 'spun'))
    return ev, groups, lexicon, lines, spun
