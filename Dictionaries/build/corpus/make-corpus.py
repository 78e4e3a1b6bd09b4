#!/usr/bin/env python3
"""Builds openly licensed English training text for Unspin's language model.

Reads GitHub snapshots (git clones, bare or not) under --sources and the shared
data under --shared, and writes, per source, SOURCE.train.txt and SOURCE.heldout.txt
(one paragraph a line, UTF-8) plus manifest.tsv and report.tsv into --out.

  python3 Dictionaries/build/corpus/make-corpus.py --sources DIR [--only a,b] [--list]

Every source, its license and the evidence for it are listed in README.md beside
this script. Standard library only; git must be on PATH.
"""
import argparse
import hashlib
import html
import io
import json
import lzma
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))


class Missing(Exception):
    pass


# ---------------------------------------------------------------- git access

class Repo:
    """A GitHub snapshot under --sources: SOURCES/OWNER+NAME/repo (bare, as the
    fetch tool lays it out), SOURCES/OWNER+NAME or SOURCES/NAME (a clone)."""

    def __init__(self, sources, slug):
        owner, name = slug.split('/')
        self.slug = slug
        base = os.path.join(sources, owner + '+' + name)
        for cand in (os.path.join(base, 'repo'), base, os.path.join(sources, name)):
            if os.path.isdir(cand) and subprocess.run(
                    ['git', '-C', cand, 'rev-parse', '--git-dir'],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                self.dir = cand
                break
        else:
            raise Missing('git clone https://github.com/%s %s' % (slug, base))
        self.proc = None

    def git(self, *args):
        return subprocess.run(['git', '-C', self.dir] + list(args), check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout

    def ls(self, path='', rev='HEAD'):
        """(path, size) of every blob under path; size None if the blob is absent."""
        out = self.git('ls-tree', '-r', '-l', rev, '--', path) if path else \
            self.git('ls-tree', '-r', '-l', rev)
        res = []
        for line in out.decode('utf-8', 'replace').splitlines():
            meta, p = line.split('\t', 1)
            parts = meta.split()
            if parts[1] != 'blob':
                continue
            res.append((p, int(parts[3]) if parts[3].isdigit() else None))
        return res

    def read(self, path, rev='HEAD'):
        """The blob's bytes, or None if it is not in the snapshot."""
        if self.proc is None:
            self.proc = subprocess.Popen(['git', '-C', self.dir, 'cat-file', '--batch'],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self.proc.stdin.write(('%s:%s\n' % (rev, path)).encode('utf-8'))
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().decode('utf-8', 'replace').split()
        if len(header) != 3 or header[1] == 'missing':
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return data

    def text(self, path, rev='HEAD'):
        b = self.read(path, rev)
        return None if b is None else b.decode('utf-8', 'replace')

    def log(self, path, rev='HEAD'):
        return self.git('log', '--format=%H', rev, '--', path).decode().split()

    def resolve(self, rev):
        return self.git('rev-parse', rev).decode().strip()


# ---------------------------------------------------------------- cleaning

_ZW = dict.fromkeys(map(ord, '\u200b\u200c\u200d\u2060\ufeff\u00ad'), None)
_SP = re.compile(r'\s+')


def norm(s):
    s = unicodedata.normalize('NFC', html.unescape(s)).translate(_ZW)
    s = s.replace('\u00a0', ' ').replace('\u2009', ' ').replace('\u202f', ' ')
    s = _SP.sub(' ', s).strip()
    s = re.sub(r'([a-z]{2})\.([A-Z][a-z])', r'\1. \2', s)   # "on.Our" -> "on. Our"
    s = re.sub(r' ([,;:.!?])(?=\s|$)', r'\1', s)
    return s


_BAD = re.compile(r'https?:|www\.|\.(com|org|gov|net|io)/|[{}<>|\\^~]|==|\[\[|\]\]|@@|'
                  r'\b(function|return|var|const|null|true|false)\b\s*[(;=]|:\s*$')
_END = re.compile(r'[.!?]["”’)]*$|[.!?]\)?["”’]$')
_START = re.compile(r'^["“‘(]?[A-Z0-9]')
_WORD = re.compile(r"^[(\"“‘']*[A-Za-z][A-Za-z'’.-]*[)\"”’',.;:!?]*$")


_REF = re.compile(r"University Press|Retrieved (from|on)|[Aa]ccessed (on )?[A-Z0-9]|\bdoi:|\bet al\.,? \(?(1[5-9]|20)\d\d|"
                  r"^[A-Z][\w'’-]+, [A-Z][^.]{0,60}\. \(?(1[5-9]|20)\d\d[a-z]?\)?\. ")


def prose(s, min_words=6, max_words=600):
    """True for a clean prose paragraph: whole sentences, mostly words, no markup,
    not a bibliography entry."""
    toks = s.split()
    n = len(toks)
    if n < min_words or n > max_words:
        return False
    if not _START.match(s) or not _END.search(s) or _BAD.search(s) or _REF.search(s):
        return False
    words = sum(1 for t in toks if _WORD.match(t))
    if words < 0.75 * n:
        return False
    if max(len(t) for t in toks) > 40:
        return False
    letters = [c for c in s if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.3 * len(letters):
        return False
    if sum(c.isascii() for c in letters) < 0.95 * len(letters):
        return False
    return True


# markdown (Hugo / Jekyll pages)
_MD_SUBS = [
    (re.compile(r'<!--.*?-->', re.S), ' '),
    (re.compile(r'\{\{[<%].*?[%>]\}\}', re.S), ' '),
    (re.compile(r'\{%.*?%\}', re.S), ' '),
    (re.compile(r'\{\{.*?\}\}', re.S), ' '),
    (re.compile(r'<(script|style|table|pre|code|svg|figure)\b.*?</\1>', re.S | re.I), ' '),
    (re.compile(r'!\[[^\]]*\]\([^)]*\)'), ' '),
    (re.compile(r'\[([^\]]+)\]\([^)]*\)'), r'\1'),
    (re.compile(r'\[([^\]]+)\]\[[^\]]*\]'), r'\1'),
    (re.compile(r'\[\^[^\]]*\]'), ''),
    (re.compile(r'\[([^\]]+)\](?!\()'), r'\1'),
    (re.compile(r'<[^>]+>'), ' '),
    (re.compile(r'(\*\*|__)(.+?)\1'), r'\2'),
    (re.compile(r'(?<![\w*])\*(?!\s)([^*]+?)\*(?!\w)'), r'\1'),
    (re.compile(r'(?<![\w_])_(?!\s)([^_]+?)_(?!\w)'), r'\1'),
    (re.compile(r'`([^`]*)`'), r'\1'),
]
_ITEM = re.compile(r'^\s{0,3}([-*+]|\d+[.)])\s+')


def md_paragraphs(text):
    if text.startswith('---'):
        end = text.find('\n---', 3)
        if end > 0:
            text = text[end + 4:]
    text = re.sub(r'^(```|~~~).*?^\1[^\n]*$', '\n', text, flags=re.S | re.M)
    for rx, rep in _MD_SUBS[:5]:
        text = rx.sub(rep, text)
    out = []
    for block in re.split(r'\n\s*\n', text):
        lines = block.split('\n')
        if any(l.lstrip().startswith('|') for l in lines):
            continue
        items, cur = [], []
        for l in lines:
            if re.match(r'^\s*#', l) or re.match(r'^\s*\[[^\]]+\]:\s', l) or \
                    re.match(r'^(\t| {4,})\S', l) and not cur:
                continue
            l = re.sub(r'^\s*>\s?', '', l)
            if _ITEM.match(l):
                if cur:
                    items.append(' '.join(cur))
                cur = [_ITEM.sub('', l)]
            else:
                cur.append(l.strip())
        if cur:
            items.append(' '.join(cur))
        for it in items:
            for rx, rep in _MD_SUBS[5:]:
                it = rx.sub(rep, it)
            it = norm(it)
            if it:
                out.append(it)
    return out


# asciidoc (O'Reilly books)
def adoc_paragraphs(text):
    out, cur, skip = [], [], None
    for l in text.split('\n'):
        s = l.rstrip()
        if skip:
            if s == skip:
                skip = None
            continue
        if re.match(r'^(----+|\.\.\.\.+|\+\+\+\++|\|===+|////+)$', s):
            skip = s
            if cur:
                out.append(' '.join(cur))
                cur = []
            continue
        if not s or re.match(r'^(=+ |\[.*\]$|image::|include::|//|:\w[\w-]*:|====+$|\*\*\*\*+$|\.\w)', s):
            if cur:
                out.append(' '.join(cur))
                cur = []
            continue
        m = re.match(r'^(\*+|\.+|-)\s+(.*)', s)
        if m:
            if cur:
                out.append(' '.join(cur))
            cur = [m.group(2)]
            continue
        if re.match(r'^[A-Z]+: ', s) and not cur:   # NOTE: / TIP:
            s = s.split(': ', 1)[1]
        cur.append(s)
    if cur:
        out.append(' '.join(cur))
    res = []
    for p in out:
        p = re.sub(r'\(\(\(.*?\)\)\)', '', p)
        p = re.sub(r'\(\((.*?)\)\)', r'\1', p)
        p = re.sub(r'<<[^,>]*,\s*([^>]*)>>', r'\1', p)
        p = re.sub(r'<<[^>]*>>', 'that section', p)
        p = re.sub(r'footnote:\[.*?\]', '', p)
        p = re.sub(r'(link:)?\S+\[([^\]]*)\]', lambda m: m.group(2), p)
        p = re.sub(r'(?<![\w*])[*_+`]{1,2}([^*_+`]+?)[*_+`]{1,2}(?!\w)', r'\1', p)
        p = re.sub(r'\{[\w-]+\}', '', p)
        res.append(norm(p))
    return res


# XML with a namespace: paragraphs of the named elements, skipping subtrees
def xml_paragraphs(data, para_tags, skip_tags, math_skips=True):
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return []
    out = []

    def local(t):
        return t.rsplit('}', 1)[-1] if isinstance(t, str) else ''

    def text_of(el):
        parts = []

        def walk(e):
            tag = local(e.tag)
            if tag in skip_tags:
                if e.tail:
                    parts.append(e.tail)
                return False
            if math_skips and tag in ('math', 'equation'):
                raise ValueError
            if e.text:
                parts.append(e.text)
            for c in e:
                walk(c)
            if e is not el and e.tail:
                parts.append(e.tail)
        walk(el)
        return ''.join(parts)

    def visit(el):
        tag = local(el.tag)
        if tag in skip_tags:
            return
        if tag in para_tags and not any(local(c.tag) in para_tags for c in el.iter() if c is not el):
            try:
                out.append(norm(text_of(el)))
            except ValueError:
                pass
            return
        for c in el:
            visit(c)
    visit(root)
    return out


def conllu_docs(text, default_id):
    """(doc id, [paragraph]) from CoNLL-U '# text =' lines and newdoc/newpar marks."""
    docs, doc_id, paras, cur = [], default_id, [], []
    for line in text.split('\n'):
        if line.startswith('# newdoc'):
            if cur:
                paras.append(' '.join(cur))
                cur = []
            if paras:
                docs.append((doc_id, paras))
            paras = []
            doc_id = line.split('=', 1)[1].strip() if '=' in line else default_id
        elif line.startswith('# newpar'):
            if cur:
                paras.append(' '.join(cur))
                cur = []
        elif line.startswith('# text ='):
            cur.append(line.split('=', 1)[1].strip())
    if cur:
        paras.append(' '.join(cur))
    if paras:
        docs.append((doc_id, paras))
    return docs


# ---------------------------------------------------------------- sources

SOURCES = []


def source(name, license, repos=(), what='', attribution=''):
    def deco(fn):
        SOURCES.append(dict(name=name, license=license, repos=list(repos), fn=fn,
                            what=what, attribution=attribution))
        return fn
    return deco


@source('wikipedia-leads', 'CC BY-SA 4.0', what='shared corpora/wikipedia-leads.en.txt')
def src_wikipedia_leads(ctx):
    path = os.path.join(ctx.shared, 'data', 'corpora', 'wikipedia-leads.en.txt')
    if not os.path.exists(path):
        raise Missing('the shared data folder (--shared) with data/corpora/wikipedia-leads.en.txt')
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f):
            yield 'lead%05d' % i, [norm(line)]


def nltk_zip(ctx, name):
    b = ctx.repo('nltk/nltk_data').read('packages/corpora/%s.zip' % name)
    if b is None:
        raise Missing('nltk/nltk_data with packages/corpora/%s.zip' % name)
    return zipfile.ZipFile(io.BytesIO(b))


@source('us-speeches', 'public domain (US federal government works)', ['nltk/nltk_data'],
        what='State of the Union addresses 1945-2006 and inaugural addresses 1789-2009')
def src_us_speeches(ctx):
    for corpus in ('state_union', 'inaugural'):
        z = nltk_zip(ctx, corpus)
        for n in sorted(z.namelist()):
            if not n.endswith('.txt') or 'README' in n:
                continue
            text = z.read(n).decode('latin-1' if corpus == 'state_union' else 'utf-8', 'replace')
            paras = [norm(l) for l in re.split(r'\n', text) if l.strip()]
            yield n, paras


def openstax_cc_by(repo):
    """For each book collection file the repository ever had (older editions too): the newest
    commit at which it states a CC BY license (not NC), and its modules."""
    books = []
    paths = sorted(set(repo.git('log', '--format=', '--name-only', 'HEAD', '--', 'collections/').decode().split()))
    for path in paths:
        if not path.endswith('.collection.xml') or 'template' in path:
            continue
        for commit in repo.log(path):
            xml = repo.text(path, commit) or ''
            m = re.search(r'md:license url="([^"]*)"', xml)
            if m and re.search(r'/licenses/by/\d', m.group(1)):
                mods = re.findall(r'<(?:col:)?module document="(m\d+)"', xml)
                books.append((path, commit, m.group(1), mods))
                break
    return books


OPENSTAX = ['openstax/osbooks-principles-economics-bundle', 'openstax/osbooks-american-government',
            'openstax/osbooks-us-history', 'openstax/osbooks-introduction-sociology',
            'openstax/osbooks-business-ethics', 'openstax/osbooks-entrepreneurship',
            'openstax/osbooks-introduction-business', 'openstax/osbooks-psychology',
            'openstax/osbooks-world-history', 'openstax/osbooks-introduction-anthropology',
            'openstax/osbooks-introduction-philosophy', 'openstax/osbooks-introduction-political-science',
            'openstax/osbooks-principles-marketing', 'openstax/osbooks-business-law',
            'openstax/osbooks-writing-guide', 'openstax/osbooks-astronomy',
            'openstax/osbooks-principles-finance', 'openstax/osbooks-chemistry-bundle',
            'openstax/osbooks-anatomy-physiology', 'openstax/osbooks-microbiology',
            'openstax/osbooks-college-physics-bundle', 'openstax/osbooks-introduction-intellectual-property',
            'openstax/osbooks-college-success-bundle', 'openstax/osbooks-principles-accounting-bundle',
            'openstax/osbooks-university-physics-bundle', 'openstax/osbooks-workplace-software-skills',
            'openstax/osbooks-organic-chemistry', 'openstax/osbooks-introductory-statistics-bundle']
CNXML_SKIP = {'figure', 'table', 'exercise', 'glossary', 'media', 'footnote', 'title',
              'label', 'caption', 'code', 'preformat', 'metadata', 'problem', 'solution'}


@source('openstax', 'CC BY 4.0 (each book at its last commit whose collection file states it)',
        OPENSTAX, what='OpenStax textbooks (economics, business, government, history, social sciences)',
        attribution='OpenStax, Rice University; book title and authors per collection file')
def src_openstax(ctx):
    seen = set()
    for slug in OPENSTAX:
        repo = ctx.repo(slug, optional=True)
        if repo is None:
            continue
        for path, commit, lic, mods in openstax_cc_by(repo):
            ctx.note('openstax', '%s %s at %s: %s, %d modules' % (
                slug, os.path.basename(path), commit[:10], lic, len(mods)))
            for mod in mods:
                if mod in seen:
                    continue
                seen.add(mod)
                data = repo.read('modules/%s/index.cnxml' % mod, commit)
                if data is None:
                    continue
                yield '%s/%s' % (slug, mod), xml_paragraphs(data, {'para', 'item'}, CNXML_SKIP)


def md_files(repo, prefix, exts=('.md', '.markdown')):
    for path, size in repo.ls(prefix):
        if size and path.endswith(exts):
            yield path, md_paragraphs(repo.text(path))


US_GOV_WEB = [  # (repository, folder whose .md/.html pages are read)
    ('GSA/digitalgov.gov', 'content/news'), ('GSA/digitalgov.gov', 'content/resources'),
    ('GSA/digitalgov.gov', 'content/guides'),
    ('18F/18f.gsa.gov', 'content/posts'), ('18F/18f.gsa.gov', 'content/pages'),
    ('18F/handbook', 'pages'), ('18F/guides', 'content'), ('18F/methods', 'pages'),
    ('18F/identity-site', 'content/_en'),
    ('department-of-veterans-affairs/vagov-content', 'pages'),
    ('GSA/plainlanguage.gov', '_pages'), ('GSA/usagov-benefits-eligibility', 'content'),
    ('cloud-gov/cg-site', '_posts'), ('cloud-gov/cg-site', '_docs'), ('cloud-gov/cg-site', '_pages'),
    ('cloud-gov/cg-site', '_kbarticles'),
    ('ONRR/doi-extractives-data', 'src/markdown'), ('ONRR/doi-extractives-data', 'blog-site/src/pages'),
    ('usds/playbook', '_plays'),
    ('18F/accessibility', 'pages'), ('18F/before-you-ship', '_pages'), ('18F/ux-guide', '_pages'),
    ('18F/content-guide', '_pages'),
]


@source('us-gov-web', 'public domain (US federal government works; most repositories add CC0 1.0 worldwide)',
        sorted(set(r for r, _ in US_GOV_WEB)),
        what='US federal web writing: Digital.gov news, 18F blog and guides, TTS handbook, login.gov, VA.gov, '
             'plainlanguage.gov, USAGov benefits, cloud.gov, ONRR natural-resources revenue site, USDS playbook')
def src_us_gov_web(ctx):
    for slug, prefix in US_GOV_WEB:
        repo = ctx.repo(slug)
        for path, paras in md_files(repo, prefix, ('.md', '.markdown', '.mdx', '.html')):
            yield slug + '/' + path, paras


@source('us-gov-events', 'public domain (US federal government work; repository CC0 1.0)',
        ['GSA/digitalgov.gov'],
        what='Digital.gov event announcements (webinars, talks, learning series), 2014-2026')
def src_us_gov_events(ctx):
    repo = ctx.repo('GSA/digitalgov.gov')
    for path, paras in md_files(repo, 'content/events'):
        yield path, paras


TECH_BLOGS = [  # (repository, folder whose .md/.html posts are read)
    ('carpentries/carpentries.org', 'content/posts'),
    ('golang/website', '_content/blog'),
    ('rust-lang/blog.rust-lang.org', 'content'),
    ('ropensci/roweb3', 'content/blog'),
]
_TRANSLATION = re.compile(r'\.(?!en\.)[a-z]{2}\.(md|markdown|html)$')   # index.es.md etc.


@source('tech-blogs', 'CC BY 4.0 (The Carpentries, Go blog, rOpenSci); MIT/Apache-2.0 (Rust blog)',
        [r for r, _ in TECH_BLOGS],
        what='blog posts, 2009-2026 (English): The Carpentries and Software Carpentry, the Go blog, the '
             'Rust blog and Inside Rust, rOpenSci (announcements, community news, tutorials)',
        attribution='The Carpentries (carpentries.org); The Go Authors (go.dev/blog); the Rust project; '
                    'rOpenSci (ropensci.org/blog)')
def src_tech_blogs(ctx):
    for slug, prefix in TECH_BLOGS:
        repo = ctx.repo(slug)
        for path, paras in md_files(repo, prefix, ('.md', '.markdown', '.html')):
            if not _TRANSLATION.search(path):
                yield slug + '/' + path, paras


_HTML_DROP = re.compile(r'<(script|style|pre|table|figure|figcaption|nav|header|footer|sup)\b.*?</\1>',
                        re.S | re.I)
_HTML_P = re.compile(r'<(p|li|blockquote)\b[^>]*>(.*?)</\1>', re.S | re.I)


def html_paragraphs(text):
    """Text of the innermost <p>, <li> and <blockquote> elements of an HTML page; code blocks,
    tables, figures, navigation and footnote marks removed (inline <code> keeps its text, so
    the prose test sees it)."""
    text = _HTML_DROP.sub(' ', re.sub(r'<!--.*?-->', ' ', text, flags=re.S))
    out = []
    for _, inner in _HTML_P.findall(text):
        if re.search(r'<(p|li|blockquote)\b', inner, re.I):
            continue
        t = norm(re.sub(r'<[^>]+>', ' ', inner))
        t = re.sub(r'\s*\[[A-Za-z+0-9 ,.]*\]', '', t)          # citation marks such as [SPS+00]
        if t:
            out.append(t)
    return out


@source('aosa-books', 'CC BY 3.0', ['aosabook/aosabook'],
        what='The Architecture of Open Source Applications, volumes I and II, The Performance of Open Source '
             'Applications, 500 Lines or Less: essays on the design of open-source programs (English site)',
        attribution='Amy Brown, Greg Wilson, Tavish Armstrong, Michael DiBernardo and the chapter authors (aosabook.org)')
def src_aosa_books(ctx):
    repo = ctx.repo('aosabook/aosabook')
    for path, size in repo.ls('docs/en'):
        if size and path.endswith('.html') and path.count('/') == 3 and not re.search(r'/bib\d*\.html$', path):
            paras = html_paragraphs(repo.text(path))
            if paras:
                yield path, paras


@source('open-guides', 'CC BY 4.0', ['github/opensource.guide'],
        what='Open Source Guides (opensource.guide) articles, English',
        attribution='GitHub, Inc. and contributors, opensource.guide')
def src_open_guides(ctx):
    repo = ctx.repo('github/opensource.guide')
    for path, size in repo.ls('_articles'):
        if size and path.count('/') == 1 and path.endswith('.md'):
            yield path, md_paragraphs(repo.text(path))


TEI_SKIP = {'note', 'teiHeader', 'figure', 'table', 'head', 'bibl', 'listBibl', 'fw', 'pb'}


@source('us-state-history', 'public domain (US federal government works)',
        ['HistoryAtState/milestones', 'HistoryAtState/other-publications', 'HistoryAtState/pocom',
         'HistoryAtState/administrative-timeline'],
        what='Office of the Historian (US State Department): Milestones, short histories, biographies')
def src_state_history(ctx):
    for slug in ('HistoryAtState/milestones', 'HistoryAtState/other-publications',
                 'HistoryAtState/pocom', 'HistoryAtState/administrative-timeline'):
        repo = ctx.repo(slug)
        for path, size in repo.ls():
            if not size or not path.endswith('.xml') or path.startswith(('schema', 'test', '.')) \
                    or path in ('repo.xml', 'expath-pkg.xml', 'build.xml'):
                continue
            paras = xml_paragraphs(repo.read(path), {'p', 'item', 'event'}, TEI_SKIP, math_skips=False)
            if paras:
                yield slug + '/' + path, paras


STATE_HISTORY_MORE = ['HistoryAtState/frus-history', 'HistoryAtState/rdcr', 'HistoryAtState/wwdai',
                      'HistoryAtState/conferences', 'HistoryAtState/travels', 'HistoryAtState/visits',
                      'HistoryAtState/hac']


@source('state-history-more', 'public domain (US federal government works); CC0 1.0 worldwide',
        STATE_HISTORY_MORE,
        what='Office of the Historian: History of the Foreign Relations series (book and documents), '
             'recognition and relations by country, world-wide diplomatic archives index, conference '
             'papers, presidents\' and secretaries\' trips and foreign leaders\' visits (remarks), '
             'Historical Advisory Committee reports')
def src_state_history_more(ctx):
    for slug in STATE_HISTORY_MORE:
        repo = ctx.repo(slug)
        for path, size in repo.ls():
            if not size or not path.endswith('.xml') or path.startswith(('schema', 'test', '.')) \
                    or path in ('repo.xml', 'expath-pkg.xml', 'build.xml', 'build.properties.xml'):
                continue
            paras = xml_paragraphs(repo.read(path), {'p', 'item', 'event', 'remarks', 'description'},
                                   TEI_SKIP, math_skips=False)
            if paras:
                yield slug + '/' + path, paras


@source('cia-factbook', 'public domain (US federal government work); repository CC0 1.0',
        ['factbook/factbook.json'], what='CIA World Factbook country profiles (prose fields)')
def src_factbook(ctx):
    repo = ctx.repo('factbook/factbook.json')
    for path, size in repo.ls():
        if not size or not path.endswith('.json') or '/' not in path:
            continue
        try:
            d = json.loads(repo.text(path))
        except ValueError:
            continue
        paras = []

        def walk(v):
            if isinstance(v, dict):
                for k, x in v.items():
                    if k == 'text' and isinstance(x, str):
                        t = norm(re.sub(r'<[^>]+>', ' ', x))
                        if len(t.split()) >= 12:
                            paras.append(t)
                    else:
                        walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        walk(d)
        yield path, paras


@source('crypto', 'CC BY-SA 4.0 (books); MIT (Optech, Bitcoin.org)',
        ['ethereumbook/ethereumbook', 'lnbook/lnbook', 'bitcoinbook/bitcoinbook',
         'bitcoinops/bitcoinops.github.io', 'bitcoin-dot-org/Bitcoin.org'],
        what='Mastering Ethereum, Mastering the Lightning Network, Mastering Bitcoin 2nd ed., Bitcoin Optech newsletters, Bitcoin.org pages',
        attribution='Antonopoulos, Wood (Mastering Ethereum); Antonopoulos, Osuntokun, Pickhardt (Mastering the '
                    'Lightning Network); Antonopoulos (Mastering Bitcoin 2nd ed.); Bitcoin Optech contributors')
def src_crypto(ctx):
    for slug, rev in (('ethereumbook/ethereumbook', 'HEAD'), ('lnbook/lnbook', 'HEAD'),
                      ('bitcoinbook/bitcoinbook', 'second_edition_print3')):
        repo = ctx.repo(slug)
        for path, size in repo.ls(rev=rev):
            if size and path.endswith('.asciidoc') and '/' not in path and 'book.asciidoc' not in path:
                yield slug + '/' + path, adoc_paragraphs(repo.text(path, rev))
    repo = ctx.repo('bitcoinops/bitcoinops.github.io')
    for path, paras in md_files(repo, '_posts/en'):
        yield 'optech/' + path, paras
    for path, paras in md_files(repo, '_topics/en'):
        yield 'optech/' + path, paras
    repo = ctx.repo('bitcoin-dot-org/Bitcoin.org')
    for prefix in ('_posts', '_alerts', '_releases'):
        for path, paras in md_files(repo, prefix, ('.md', '.html')):
            yield 'bitcoin.org/' + path, paras
    en = repo.text('_translations/en.yml') or ''
    paras = []
    for m in re.finditer(r'^\s+[\w-]+: ["\']?(.*?)["\']?\s*$', en, re.M):
        t = norm(re.sub(r'<[^>]+>', ' ', m.group(1)))
        if len(t.split()) >= 8:
            paras.append(t)
    yield 'bitcoin.org/_translations/en.yml', paras


@source('ud-ewt', 'CC BY-SA 4.0', ['UniversalDependencies/UD_English-EWT'],
        what='English Web Treebank source documents: weblogs, newsgroups, email, reviews, answers')
def src_ewt(ctx):
    repo = ctx.repo('UniversalDependencies/UD_English-EWT')
    for path, size in repo.ls('not-to-release/sources'):
        if size and path.endswith('.conllu'):
            for doc_id, paras in conllu_docs(repo.text(path), path):
                yield path + '#' + doc_id, [norm(p) for p in paras]


GUM_OK = {'news': 'CC BY 2.5', 'interview': 'CC BY 2.5', 'voyage': 'CC BY-SA 3.0',
          'bio': 'CC BY-SA 3.0', 'academic': 'CC BY 4.0', 'court': 'CC BY 4.0'}


@source('gum', 'CC BY 2.5 (Wikinews news, interviews); CC BY-SA 3.0 (Wikivoyage, Wikipedia bios); '
               'CC BY 4.0 (academic, court)', ['amir-zeldes/gum'],
        what='GUM corpus documents of the genres whose license allows it (not reddit, fiction, whow, essays, ...)')
def src_gum(ctx):
    repo = ctx.repo('amir-zeldes/gum')
    for path, size in repo.ls('dep'):
        m = re.match(r'dep/GUM_([a-z]+)_.*\.conllu$', path)
        if size and m and m.group(1) in GUM_OK:
            for doc_id, paras in conllu_docs(repo.text(path), path):
                yield doc_id, [norm(p) for p in paras]


def detok(s):
    """Undo PTB-style tokenization (WikiSplit): '' x '' -> "x", ( x ) -> (x), Years ' War -> Years' War."""
    s = re.sub(r"(``|'') ?(.*?) ?''", r'"\2"', s)
    s = re.sub(r"(^|\s)' (.+?) '(?=\s|$)", r"\1'\2'", s)
    s = re.sub(r'\( ', '(', s)
    s = re.sub(r' ([,.;:!?%)\]])', r'\1', s)
    s = re.sub(r" (n't|'s|'re|'ve|'m|'ll|'d)\b", r'\1', s)
    s = re.sub(r"(\w)s ' ", r"\1s' ", s)
    s = re.sub(r'\$ (\d)', r'$\1', s)
    s = re.sub(r'([A-Za-z]) - ([a-z])', r'\1-\2', s)
    return norm(s)


@source('wikipedia-misc', 'CC BY-SA (Wikipedia text)',
        ['google-research-datasets/wiki-split', 'deepmind/xquad', 'UniversalDependencies/UD_English-PUD'],
        what='Wikipedia sentences and paragraphs from WikiSplit (dev/test/tune), XQuAD (en), UD PUD (news and Wikipedia)')
def src_wikipedia_misc(ctx):
    repo = ctx.repo('google-research-datasets/wiki-split')
    for name in ('validation.tsv', 'test.tsv', 'tune.tsv'):
        lines = (repo.text(name) or '').split('\n')
        for i in range(0, len(lines), 50):
            yield 'wikisplit/%s/%d' % (name, i), [detok(l.split('\t')[0]) for l in lines[i:i + 50] if l]
    repo = ctx.repo('deepmind/xquad')
    d = json.loads(repo.text('xquad.en.json'))
    for art in d['data']:
        yield 'xquad/' + art.get('title', ''), [norm(p['context']) for p in art['paragraphs']]
    repo = ctx.repo('UniversalDependencies/UD_English-PUD')
    for doc_id, paras in conllu_docs(repo.text('en_pud-ud-test.conllu'), 'pud'):
        yield 'pud/' + doc_id, [norm(p) for p in paras]


@source('common-voice-sentences', 'CC0 1.0', ['mozilla/voice-web'],
        what='Common Voice English sentence-collector sentences (short, public domain dedicated)')
def src_common_voice(ctx):
    repo = ctx.repo('mozilla/voice-web')
    lines = [norm(l) for l in (repo.text('server/data/en/sentence-collector.txt') or '').split('\n') if l.strip()]
    for i in range(0, len(lines), 200):
        yield 'cv/%d' % i, lines[i:i + 200]


ARXIV_CATEGORIES = re.compile(r'^(cs|eess|stat|econ|q-fin|q-bio)\.')
_SENT = re.compile(r'(?<=[.!?])\s+(?=[A-Z])')


@source('arxiv-abstracts', 'CC0 1.0 (arXiv metadata, including abstracts, per arXiv\'s API terms of use)',
        ['staeiou/arxiv_archive'],
        what='abstracts of arXiv papers in computer science, statistics, EESS, quantitative biology and finance, economics (1993-2018)',
        attribution='arXiv.org; harvest by R. Stuart Geiger, "ArXiV Archive" (Zenodo, doi:10.5281/zenodo.1463242)')
def src_arxiv(ctx):
    """Sentences of each abstract without LaTeX (a sentence with math or markup is dropped);
    papers cross-listed in several categories are read once."""
    repo = ctx.repo('staeiou/arxiv_archive')
    seen = set()
    for path, size in repo.ls('processed_data/20190101/per_category'):
        name = path.rsplit('/', 1)[-1]
        if size is None or not ARXIV_CATEGORIES.match(name) or not name.endswith('.tsv.xz'):
            continue
        rows = lzma.decompress(repo.read(path)).decode('utf-8', 'replace').split('\n')
        head = rows[0].split('\t')
        ia, ii = head.index('abstract'), head.index('arxiv_id')
        for row in rows[1:]:
            f = row.split('\t')
            if len(f) <= max(ia, ii) or f[ii] in seen:
                continue
            seen.add(f[ii])
            sents = [norm(x) for x in _SENT.split(norm(f[ia])) if '$' not in x and '\\' not in x]
            if sents:
                yield 'arxiv/' + f[ii], [' '.join(sents)]


GUTENBERG = os.path.join(HERE, 'gutenberg-books.txt')


def gutenberg_books(path=GUTENBERG):
    """The GITenberg repository names listed in path (--books; default gutenberg-books.txt), one a line."""
    with open(path, encoding='utf-8') as f:
        return [l.split('#')[0].strip() for l in f if l.split('#')[0].strip()]


def gutenberg_text(raw):
    lines = raw.replace('\r\n', '\n').replace('\r', '\n').split('\n')
    start, end = 0, len(lines)
    for i, l in enumerate(lines):
        if re.match(r'^\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG', l, re.I) or \
                re.match(r'^\*END\*THE SMALL PRINT', l):
            start = i + 1
        elif re.match(r'^\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG', l, re.I) or \
                re.match(r'^End of (the )?Project Gutenberg', l, re.I):
            end = i
            break
    paras, cur = [], []
    for l in lines[start:end]:
        if l.strip():
            cur.append(l.strip())
        elif cur:
            paras.append(' '.join(cur))
            cur = []
    if cur:
        paras.append(' '.join(cur))
    out = []
    for p in paras:
        if re.search(r'Gutenberg|E-?text|eBook|[Tt]ranscriber', p):
            continue
        p = re.sub(r'_([^_]+)_', r'\1', p)          # _italics_
        p = re.sub(r'\[(Illustration|Footnote|Sidenote)[^\]]*\]', '', p)
        p = p.replace('--', '\u2014')
        out.append(norm(p))
    return out


@source('gutenberg', 'public domain in the USA (Project Gutenberg; header and license text removed)',
        ['GITenberg/NAME for each NAME in gutenberg-books.txt (optional one by one)'],
        what='Project Gutenberg books (GITenberg repositories) listed in gutenberg-books.txt; old prose, 1776-1928')
def src_gutenberg(ctx):
    for name in gutenberg_books(ctx.books):
        slug = 'GITenberg/' + name
        repo = ctx.repo(slug, optional=True)
        if repo is None:
            continue
        num = name.rsplit('_', 1)[1]
        files = dict(repo.ls())
        rdf = repo.text('pg%s.rdf' % num) or ''
        meta = repo.text('metadata.yaml') or ''
        # the Gutenberg record must say public domain, and GITenberg's own metadata must not
        # claim another license for its edition (35 repositories say CC BY-NC: left out)
        m = re.search(r'^rights: (.*)$', meta, re.M)
        pd = ('Public domain in the USA' in rdf or not rdf) and \
            (m.group(1).startswith('Public domain in the USA') if m else bool(rdf))
        en = re.search(r'RFC4646">en<', rdf) or re.search(r'^language: en\s*$', meta, re.M)
        if not (pd and en):
            ctx.note('gutenberg', '%s: skipped (pg rdf / metadata.yaml do not both say public domain in the USA, English: %s)' % (name, m.group(1) if m else 'no rights line'))
            continue
        for cand in ('%s-0.txt' % num, '%s.txt' % num, '%s-8.txt' % num):
            if files.get(cand):
                raw = repo.read(cand)
                try:
                    text = raw.decode('utf-8')
                except UnicodeDecodeError:
                    text = raw.decode('latin-1')
                yield name, gutenberg_text(text)
                break
        else:
            ctx.note('gutenberg', '%s: no plain-text file in the snapshot' % name)


# ---------------------------------------------------------------- pipeline

_FOLD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")


def fold_words(s):
    return _FOLD.findall(s.lower())


class SpunFilter:
    """Any 8-gram of folded words shared with the spun dev texts marks a paragraph."""
    N = 8

    def __init__(self, shared):
        self.vocab, self.grams = {}, set()
        files = []
        for sub in ('spun-pairs', 'spun-unpaired'):
            d = os.path.join(shared, 'data', sub)
            if not os.path.isdir(d):
                raise Missing('the shared data folder (--shared) with data/%s/' % sub)
            files += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith('.txt')]
        for f in files:
            with open(f, encoding='utf-8', errors='replace') as fh:
                for line in fh:
                    ids = [self.vocab.setdefault(w, len(self.vocab)) for w in fold_words(line)]
                    for i in range(len(ids) - self.N + 1):
                        self.grams.add(tuple(ids[i:i + self.N]))
        self.files = len(files)

    def hit(self, s):
        run = []
        for w in fold_words(s) + [None]:
            i = self.vocab.get(w) if w is not None else None
            if i is None:
                if len(run) >= self.N:
                    for k in range(len(run) - self.N + 1):
                        if tuple(run[k:k + self.N]) in self.grams:
                            return True
                run = []
            else:
                run.append(i)
        return False


def line_key(s):
    return hashlib.blake2b(re.sub(r'[0-9]+', '0', re.sub(r'[^a-z0-9]+', '', s.lower())).encode(),
                           digest_size=8).digest()


class Ctx:
    def __init__(self, args):
        self.sources, self.shared = args.sources, args.shared
        self.books = args.books or GUTENBERG
        self.repos, self.notes, self.absent = {}, [], []

    def repo(self, slug, optional=False):
        if slug not in self.repos:
            try:
                self.repos[slug] = Repo(self.sources, slug)
            except Missing as e:
                if optional:
                    self.repos[slug] = None
                    self.absent.append(str(e))
                else:
                    raise
        return self.repos[slug]

    def note(self, src, msg):
        self.notes.append((src, msg))
        print('  ' + msg, file=sys.stderr)


def heldout_ids(name, docs):
    """Documents in a fixed hash order until ~1.5% of the words (at least 50k words,
    at most a fifth of a small source) are held out."""
    total = sum(w for _, w in docs)
    target = max(0.015 * total, min(50000, 0.2 * total))
    order = sorted(docs, key=lambda d: hashlib.sha1(('%s\0%s' % (name, d[0])).encode()).digest())
    chosen, got = set(), 0
    for doc_id, w in order:
        if got >= target:
            break
        chosen.add(doc_id)
        got += w
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', default=os.path.join(ROOT, '..', 'shared'),
                    help='the shared folder (holds data/spun-pairs, data/corpora); default ../shared')
    ap.add_argument('--sources', default=os.path.join(ROOT, '.work', 'sources'),
                    help='folder of GitHub snapshots, OWNER+NAME/repo or OWNER+NAME (default .work/sources)')
    ap.add_argument('--out', default=os.path.join(ROOT, '.work', 'corpus'))
    ap.add_argument('--only', help='comma-separated source names')
    ap.add_argument('--list', action='store_true', help='list the sources and what they need')
    ap.add_argument('--seen', metavar='DIR', action='append', default=[],
                    help='a folder of an earlier build (repeatable): its *.train.txt and *.heldout.txt lines '
                         'count as already written, so this build repeats none of them (e.g. with --only)')
    ap.add_argument('--books', metavar='FILE',
                    help='the list of GITenberg books the gutenberg source reads (default gutenberg-books.txt '
                         'beside this script; gutenberg-model.txt is the subset the default model uses)')
    args = ap.parse_args()
    if args.books and not os.path.isfile(args.books):
        sys.exit('make-corpus.py: --books %s: no such file' % args.books)

    if args.list:
        for s in SOURCES:
            print('%-18s %s\n%18s needs: %s' % (s['name'], s['license'], '', ', '.join(s['repos']) or 'shared data'))
        return
    wanted = set(args.only.split(',')) if args.only else None
    ctx = Ctx(args)
    missing = []
    spun = SpunFilter(args.shared)
    print('spun filter: %d files, %d distinct 8-grams' % (spun.files, len(spun.grams)), file=sys.stderr)
    os.makedirs(args.out, exist_ok=True)
    seen = set()
    for d in args.seen:
        if not os.path.isdir(d):
            sys.exit('make-corpus.py: --seen %s: not a folder' % d)
        for fname in sorted(os.listdir(d)):
            if fname.endswith(('.train.txt', '.heldout.txt')):
                with open(os.path.join(d, fname), encoding='utf-8') as f:
                    seen.update(line_key(l.rstrip('\n')) for l in f)
        print('seen: %d line keys after %s' % (len(seen), d), file=sys.stderr)
    manifest = [('source', 'file', 'documents', 'lines', 'words', 'license')]
    report = [('source', 'documents', 'paragraphs_in', 'not_prose', 'duplicates', 'spun_paragraphs',
               'spun_documents', 'train_words', 'heldout_words')]
    for s in SOURCES:
        name = s['name']
        if wanted and name not in wanted:
            continue
        print('== %s' % name, file=sys.stderr)
        try:
            docs = [(d, ps) for d, ps in s['fn'](ctx)]
        except Missing as e:
            missing.append((name, str(e)))
            print('  MISSING: %s' % e, file=sys.stderr)
            continue
        stats = dict(pin=0, bad=0, dup=0, spun=0, spundocs=0)
        kept = []
        for doc_id, paras in docs:
            stats['pin'] += len(paras)
            good = [p for p in paras if prose(p)]
            stats['bad'] += len(paras) - len(good)
            hits = [p for p in good if spun.hit(p)]
            if len(hits) >= 2:
                stats['spun'] += len(hits)
                stats['spundocs'] += 1
                continue
            if hits:
                stats['spun'] += 1
                good = [p for p in good if p not in hits]
            if good:
                kept.append((doc_id, good))
        held = heldout_ids(name, [(d, sum(len(p.split()) for p in ps)) for d, ps in kept])
        counts = {}
        for split in ('heldout', 'train'):
            ndocs = nlines = nwords = 0
            path = os.path.join(args.out, '%s.%s.txt' % (name, split))
            with open(path, 'w', encoding='utf-8') as out:
                for doc_id, paras in kept:
                    if (doc_id in held) != (split == 'heldout'):
                        continue
                    wrote = False
                    for p in paras:
                        k = line_key(p)
                        if k in seen:
                            stats['dup'] += 1
                            continue
                        seen.add(k)
                        out.write(p + '\n')
                        nlines += 1
                        nwords += len(p.split())
                        wrote = True
                    ndocs += wrote
            manifest.append((name, os.path.basename(path), ndocs, nlines, nwords, s['license']))
            counts[split] = nwords
            print('  %s: %d documents, %d lines, %d words' % (split, ndocs, nlines, nwords), file=sys.stderr)
        report.append((name, len(docs), stats['pin'], stats['bad'], stats['dup'], stats['spun'],
                       stats['spundocs'], counts['train'], counts['heldout']))
        print('  dropped: %(bad)d not prose, %(dup)d duplicate lines, %(spun)d paragraphs sharing an 8-gram '
              'with spun texts (%(spundocs)d whole documents)' % stats, file=sys.stderr)
    for fname, rows in (('manifest.tsv', manifest), ('report.tsv', report)):
        with open(os.path.join(args.out, fname), 'w', encoding='utf-8') as f:
            for r in rows:
                f.write('\t'.join(map(str, r)) + '\n')
    with open(os.path.join(args.out, 'notes.txt'), 'w', encoding='utf-8') as f:
        for src, msg in ctx.notes:
            f.write('%s\t%s\n' % (src, msg))
    if ctx.absent:
        print('\nOptional snapshots not found (their texts were left out); to add them:', file=sys.stderr)
        for how in ctx.absent:
            print('  ' + how, file=sys.stderr)
    if missing:
        print('\nSome sources were skipped; to get them:', file=sys.stderr)
        for name, how in missing:
            print('  %s: %s' % (name, how), file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
