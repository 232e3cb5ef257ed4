"""Train the leftover-line classifier and write its weights to `rules/boilerplate/data/line-model.json`.

    python scripts/build_line_model.py --extraction ../shared/eval/extraction --pages DIR [--rows FILE]

Two sources of real web pages, neither committed (only the weights are):
- `--extraction`: the article-extraction benchmark in shared/ (181 news pages of 2019, the
  text nine extractors left beside the human-corrected article body; MIT).
- `--pages`: the web-content-extraction benchmark of 1,000 pages of 2025-26 (news, blogs,
  guides, documentation; Apache 2.0), unpacked as `release/html/NNNN.html.gz` beside
  `benchmark/ground-truth/NNNN.json` (the annotated main text). The page is turned into text
  as a plain scraper would (one line for each block of the HTML, scripts and styles dropped).

Labels, by a fixed procedure: a standalone line (boilerplate.standalone_lines, of 25 words or
fewer and with a word) is content when its letters and digits stand in the page's gold text (a line of three
words or fewer only when it is a whole gold line), else a leftover. A leftover is furniture
when a pattern of the pack fits it or the second source's annotators listed it in the page's
`without` list (text an extractor must leave out): the words-only regression learns furniture
against content. Pages are split by a hash of their id: even hashes train, odd ones are held
out; the thresholds are read from the training half only (the precision they give there), and
the held-out figures are printed. Nothing of the held-out half is read for training: not its
lines, its words' page counts, nor its `without` lists.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import pickle
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from copylint.checks import boilerplate  # noqa: E402
from copylint.checks.linemodel import line_features, page_context  # noqa: E402
from copylint.formats.html import link_cover, read_html  # noqa: E402
from copylint.formats.text import read_text  # noqa: E402

OUT = ROOT / "rules" / "boilerplate" / "data" / "line-model.json"
_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_MAX_WORDS = boilerplate._MODEL_MAX_WORDS
_MIN_WORD_PAGES = 20
# the word regression reads short lines only: where a line's words must speak for it, against
# the short content lines (subheads, product names) it must not take for furniture
_SHORT = frozenset({"len:1", "len:2", "len:3", "len:4-5", "len:6-8"})  # a word needs lines on this many training pages to get a weight of its own


def norm(text: str) -> str:
    return _ALNUM_RE.sub(" ", text.lower()).strip()


def line_hash(text: str) -> str:
    """A line's key in the labels files (bench/data/leftover-*.tsv): sha1 of its normalised text, 12 hex."""
    return hashlib.sha1(norm(text).encode("utf-8")).hexdigest()[:12]


def train_half(page_id: str) -> bool:
    return int(hashlib.md5(page_id.encode()).hexdigest(), 16) % 2 == 0


# ------------------------------------------------------------------ sources


def extraction_pages(folder: Path):
    """(source, page id, text, gold) for each extractor's output of each page."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted((folder / "extractor-output").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data.get("output", data)
        for pid, item in data.items():
            body = (item or {}).get("articleBody") or ""
            if pid in gold and body.strip():
                yield "extraction", pid, body, gold[pid]["articleBody"]


_BLOCK = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 "
                   "h6 header hr li main nav ol p pre section table tbody td th thead tr ul button label option "
                   "select summary details caption".split())
_SKIP = frozenset("script style noscript svg template head iframe canvas".split())


class _Scraper(HTMLParser):
    """Text of a page as a plain scraper leaves it: a line break at every block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = (" ".join(line.split()) for line in raw.split("\n"))
        return "\n\n".join(line for line in lines if line)


def scrape(markup: str, reader: type[_Scraper] = _Scraper) -> str:
    """A page's text as `reader` (a _Scraper) leaves it."""
    parser = reader()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # a broken page: keep what was read
        pass
    return html.unescape(parser.text())


def benchmark_pages(folder: Path, markup: bool = False):
    """(source, page id, text, gold) of each page of the second source: its text as a scraper
    leaves it ("pages"), or, with `markup`, its HTML as copylint reads an HTML file ("html")."""
    for path in sorted((folder / "benchmark" / "ground-truth").glob("*.json")):
        page = folder / "release" / "html" / (path.stem + ".html.gz")
        if not page.exists():
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]["main_content"] or ""
        html_text = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
        if markup:
            yield "html", path.stem, html_text, gold
        else:
            yield "pages", path.stem, scrape(html_text), gold


# ------------------------------------------------------------------ lines and labels


def labelled_lines(text: str, gold: str, vocabulary=None, fmt: str = "text"):
    """(line, features, label) for each candidate line of one text (1 = leftover); `fmt`
    "html": the text is a page's markup, read as copylint reads an HTML file (with its links)."""
    doc = read_html("page.html", text) if fmt == "html" else read_text("page.txt", text)
    lines = boilerplate.standalone_lines(doc)
    linked = [link_cover(doc, line.start, line.end) for line in lines] if fmt == "html" else None
    # as the rule sees them: a weak match without a short neighbour is not the patterns' line
    patterned = boilerplate.patterned_lines(doc)
    interface = _interface()
    gnorm = " " + norm(gold) + " "
    glines = {norm(g) for g in gold.splitlines() if g.strip()}
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.norm] = counts.get(line.norm, 0) + 1
    page = page_context(lines, patterned, linked)
    out = []
    for i, line in enumerate(lines):
        if line.words > _MAX_WORDS:
            continue
        key = norm(line.norm)
        if not key or not boilerplate._HAS_LETTER_RE.search(line.norm):
            continue  # the rule scores only lines with words
        content = key in glines if line.words <= 3 else (" " + key + " ") in gnorm
        feats = line_features(lines, i, interface, i in patterned or boilerplate.interface_line(line.norm, interface),
                              counts[line.norm], vocabulary, page)
        out.append((line.norm, feats, 0 if content else 1))
    return out


_INTERFACE = None


def _interface():
    global _INTERFACE
    if _INTERFACE is None:
        _INTERFACE = boilerplate.interface_words()
    return _INTERFACE


# ------------------------------------------------------------------ training


def _without_pattern(row):
    """A row with its features but the one that says a pattern fits the line."""
    return (row[0], {k: v for k, v in row[1].items() if k != "pattern"}, *row[2:])


def _unpatterned(samples, weights: np.ndarray, unpatterned: float):
    """The samples and their weights, with `--unpatterned`'s copies of the lines a pattern fits
    (without the feature that says so) after them, at `unpatterned` of their weight; below zero,
    every sample without that feature and no copy."""
    if unpatterned < 0:
        return [_without_pattern(row) for row in samples], weights
    if not unpatterned:
        return samples, weights
    extra = [j for j, row in enumerate(samples) if "pattern" in row[1]]
    return samples + [_without_pattern(samples[j]) for j in extra], np.concatenate([weights, weights[extra] * unpatterned])


def fit(samples, sample_weight: np.ndarray, names: list[str], l2: float = 1e-4,
        steps: int = 400) -> tuple[np.ndarray, float]:
    """Logistic regression by full-batch Adam over sparse features, each sample weighted."""
    index = {n: j for j, n in enumerate(names)}
    rows, cols, vals, y = [], [], [], []
    for r, (_text, feats, label, *_rest) in enumerate(samples):
        for k, v in feats.items():
            j = index.get(k)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(v)
        y.append(label)
    rows_a, cols_a, vals_a = np.array(rows), np.array(cols), np.array(vals, dtype=np.float64)
    y_a = np.array(y, dtype=np.float64)
    n, d = len(y_a), len(names)
    w, b = np.zeros(d), 0.0
    m, v2, mb, vb = np.zeros(d), np.zeros(d), 0.0, 0.0
    lr, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        z = np.bincount(rows_a, weights=vals_a * w[cols_a], minlength=n) + b
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        err = (p - y_a) * sample_weight / sample_weight.sum()
        g = np.bincount(cols_a, weights=vals_a * err[rows_a], minlength=d) + l2 * w
        gb = err.sum()
        m = beta1 * m + (1 - beta1) * g
        v2 = beta2 * v2 + (1 - beta2) * g * g
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        w -= lr * (m / (1 - beta1**t)) / (np.sqrt(v2 / (1 - beta2**t)) + eps)
        b -= lr * (mb / (1 - beta1**t)) / (np.sqrt(vb / (1 - beta2**t)) + eps)
    return w, float(b)


class AsRead:
    """Labels of a sample of the training half's flagged 'content' lines (R: real content, F:
    furniture the gold kept; `bench/data/leftover-content-train.tsv`), and the frame they were
    drawn from (its other lines marked '.'), so that a level's precision is read as a reader
    would count it: a content line weighs 1 when read R or outside the frame (counted as real),
    0 when read F, and the share of R read in its source's frame when in the frame and not read.
    Without labels every content line weighs 1 (the gold's reading)."""

    def __init__(self, path: Path | None = None) -> None:
        self.labels: dict[tuple[str, str, str], str] = {}
        if path is not None:
            for row in path.read_text(encoding="utf-8").splitlines():
                if row and not row.startswith("#"):
                    src, pid, h, label, *_ = row.split("\t")
                    self.labels[(src, pid, h)] = label
        self.shares: dict[str, float] = {}
        for src in {k[0] for k in self.labels}:
            read = [v for k, v in self.labels.items() if k[0] == src and v in "RF"]
            # the share of real content, smoothed (one line of each kind added)
            self.shares[src] = (read.count("R") + 1) / (len(read) + 2)

    def weight(self, src: str, pid: str, text: str) -> float:
        if not self.labels:
            return 1.0
        label = self.labels.get((src, pid, line_hash(text)))
        if label is None:
            return 1.0
        return 1.0 if label == "R" else 0.0 if label == "F" else self.shares.get(src, 1.0)


def scored(rows, weights: dict[str, float], bias: float, word_weights: dict[str, float], src: str = "",
           reading: AsRead | None = None):
    """(probability, what the words say, label, furniture no pattern fits, a pattern's line, a
    line beside a pattern's on a page of furniture, in a menu, a link of a menu of links, and how
    much a content line counts as real content, `AsRead`) of each row."""
    reading = reading or AsRead()
    p, g, y, fur, pat, ctx, menu, links, real = [], [], [], [], [], [], [], [], []
    for text, feats, label, furniture, pid in rows:
        real.append(0.0 if label else reading.weight(src, pid, text))
        z = bias + sum(weights.get(k, 0.0) * v for k, v in feats.items())
        p.append(1 / (1 + np.exp(-max(min(z, 30), -30))))
        g.append(sum(word_weights.get(k, 0.0) * v for k, v in feats.items() if k.startswith("w:")))
        y.append(label)
        patterned = "pattern" in feats
        fur.append(bool(furniture) and not patterned)
        pat.append(patterned)
        ctx.append(in_furniture(feats))
        menu.append(in_menu(feats))
        links.append(("run:links" in feats and "link:all" in feats) or "link:row" in feats)  # PageContext.link_menu
    return (np.array(p), np.array(g), np.array(y), np.array(fur), np.array(pat), np.array(ctx), np.array(menu),
            np.array(links), np.array(real))


def in_furniture(feats) -> bool:
    """The line stands next to a pattern's line on a page where the patterns report five or more."""
    return "near:pattern" in feats and "page:furniture:5+" in feats


def in_menu(feats) -> bool:
    """The line stands in a run of three or more short lines that holds a pattern's line, not
    next to it, on a page where the patterns report five or more (`PageContext.in_menu`)."""
    return "run:furniture" in feats and "near:pattern" not in feats and "page:furniture:5+" in feats


def tally(s, t: float, g: float, within=None) -> tuple[int, float, float, float]:
    """(flagged, real content among them, precision, recall) at probability t, word score g, over
    the lines no pattern fits (what the model adds to the patterns), or those of them `within` a
    mask; the recall is of the furniture among them, or of every leftover where a source marks
    no furniture. Content is counted as read (`AsRead`)."""
    p, words, y, fur, pat = s[:5]
    own = ~pat if within is None else (~pat & within)
    flagged = own & (p >= t) & (words >= g)
    target = own & (fur if fur.any() else (y == 1))
    n = int(flagged.sum())
    content = float(s[8][flagged].sum())
    found = int((flagged & target).sum())
    return n, content, (n - content) / max(n, 1), found / max(int(target.sum()), 1)


def _balanced(groups: dict[str, list], more: list = (), more_weight: float = 1.0) -> np.ndarray:
    """Sample weights under which each source weighs the same, whatever its number of lines, and
    the rows of `more` (the further pages, after the groups' rows) weigh `more_weight` of one."""
    total = sum(len(rows) for rows in groups.values())
    parts = [np.full(len(rows), total / (len(groups) * len(rows))) for rows in groups.values()]
    if more:
        parts.append(np.full(len(more), more_weight * total / (len(groups) * len(more))))
    return np.concatenate(parts)


def without_keys(folder: Path) -> dict[str, set[str]]:
    """Page id -> the normalised lines its annotators listed as text to leave out (the page's
    furniture: menus, prompts, notices, copyright lines)."""
    out = {}
    for path in sorted((folder / "benchmark" / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        out[path.stem] = {norm(x) for item in truth.get("without") or () for x in str(item).split("\n") if x.strip()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extraction", type=Path, required=True)
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--warning-precision", type=float, default=0.998)
    ap.add_argument("--suggestion-precision", type=float, default=0.98)
    ap.add_argument("--warning-words", type=float, default=0.5,
                    help="the least that a line's own words must add to its score for a warning")
    ap.add_argument("--suggestion-words", type=float, default=0.25,
                    help="... and for a suggestion")
    ap.add_argument("--pages-slack", type=float, default=0.01,
                    help="the precision asked of the other source's pages, below the news pages'")
    ap.add_argument("--suggestion-slack", type=float, default=0.04,
                    help="... and for a suggestion")
    ap.add_argument("--context-precision", type=float, default=0.99,
                    help="the precision of the warnings beside furniture, on the news pages")
    ap.add_argument("--context-slack", type=float, default=0.02, help="... and below it on the other pages")
    ap.add_argument("--context-words", type=float, default=0.25,
                    help="the least word score of a warning beside furniture: its words must lean to furniture")
    ap.add_argument("--link-words", type=float, default=-1.0,
                    help="the least word score of a warning for a link in a menu of links (HTML pages)")
    ap.add_argument("--link-precision", type=float, default=0.98,
                    help="the precision of the warnings for links in a menu of links, less --context-slack on the HTML pages")
    ap.add_argument("--no-between", action="store_true", help="leave out the pair between furniture")
    ap.add_argument("--as-read", type=Path, help="labels of the training half's flagged content lines "
                    "(bench/data/leftover-content-train.tsv): read the levels' precision with them (AsRead)")
    ap.add_argument("--line-weights", type=Path, metavar="MODEL.json",
                    help="keep the weights and bias of this model (and of its -html file for the model of HTML "
                    "pages) instead of fitting them: only the thresholds are read anew")
    ap.add_argument("--more-pages", type=Path, metavar="DIR",
                    help="more pages to train on, laid out as --pages is (scripts/postlight_pages.py lays out "
                    "the Postlight Parser's fixtures so): every page trains, none is held out, and the "
                    "thresholds are still read on the two sources' training halves")
    ap.add_argument("--more-weight", type=float, default=1.0,
                    help="the weight of --more-pages in the loss, against each of the two sources' 1")
    ap.add_argument("--unpatterned", type=float, default=0.0, metavar="W",
                    help="train also on a copy of each line a pattern fits with the pattern's feature taken "
                    "away, weighing W of the line: the model learns the shape and words of the furniture "
                    "the patterns know, not only that a pattern fits it")
    ap.add_argument("-o", type=Path, default=OUT)
    ap.add_argument("--rows", type=Path, help="keep the labelled lines in this file (pickle) and read them "
                    "from it on the next run, while only the training changes")
    args = ap.parse_args(argv)
    if args.rows and args.rows.exists():
        with args.rows.open("rb") as fh:
            train, held, word_pages = pickle.load(fh)
        if any(len(rows[0]) != 5 for rows in train.values() if rows):
            raise SystemExit(f"{args.rows}: lines of an older build (no page ids); delete the file to read them anew")
    else:
        train, held, word_pages = read_rows(args)
        if args.rows:
            with args.rows.open("wb") as fh:
                pickle.dump((train, held, word_pages), fh)
    return train_model(args, train, held, word_pages)


def read_rows(args):
    """The labelled lines of both sources, split into training and held-out halves, and the
    training pages each word stands on."""
    train = {"extraction": [], "pages": [], "html": []}
    held = {"extraction": [], "pages": [], "html": []}
    word_pages: dict[str, set[str]] = {}
    marked = without_keys(args.pages)
    sources = [extraction_pages(args.extraction), benchmark_pages(args.pages), benchmark_pages(args.pages, markup=True)]
    if args.more_pages:
        # every page of the further source trains: its pages are of no held-out sample
        train.update({"more": [], "more-html": []})
        marked.update(without_keys(args.more_pages))
        sources += [((_MORE[s], pid, t, g) for s, pid, t, g in benchmark_pages(args.more_pages, markup))
                    for markup in (False, True)]
    for source in sources:
        for src, pid, text, gold in source:
            keys = marked.get(pid, set()) if src != "extraction" else set()
            # (line, features, label, furniture): furniture when a pattern fits the line or the
            # page's annotators listed it among the text an extractor must leave out
            rows = [(t, f, y, y == 1 and ("pattern" in f or norm(t) in keys), pid)
                    for t, f, y in labelled_lines(text, gold, fmt="html" if src.endswith("html") else "text")]
            trains = src.startswith("more") or train_half(pid)
            (train if trains else held)[src].extend(rows)
            if trains and not src.endswith("html"):  # the words' pages: of the text the main model reads
                for row in rows:
                    for k in row[1]:
                        if k.startswith("w:"):
                            word_pages.setdefault(k, set()).add(pid)
    return train, held, word_pages


_MORE = {"pages": "more", "html": "more-html"}


def _words_only(rows):
    """The rows the word regression learns from, with their words' features only: furniture (a
    pattern's line, an annotated leftover) and content, of the short lines."""
    return [(t, {k: v for k, v in f.items() if k.startswith("w:")}, int(fur), fur)
            for t, f, y, fur, _pid in rows if (y == 0 or fur) and _SHORT.intersection(f)]


def train_model(args, train, held, word_pages) -> int:
    html_train, html_held = train.pop("html", []), held.pop("html", [])
    more_html = train.pop("more-html", [])
    more = train.pop("more", [])
    if not args.more_pages:
        more = more_html = []  # rows kept (--rows) of a run with more pages, read without them
    samples = train["extraction"] + train["pages"] + more
    print(f"training lines: {len(train['extraction'])} extraction, {len(train['pages'])} pages, "
          f"{len(html_train)} HTML pages; held out: {len(held['extraction'])}, {len(held['pages'])}, {len(html_held)}")
    # a word of many pages, not of one site's menu, gets a weight of its own
    vocab = {k for k, pages in word_pages.items() if len(pages) >= _MIN_WORD_PAGES}
    names = sorted({k for row in samples for k in row[1] if not k.startswith("w:")} | vocab)
    # each source weighs the same in the loss, whatever its number of lines
    kept = kept_html = None
    if args.line_weights:
        kept = json.loads(args.line_weights.read_text(encoding="utf-8"))
        html_kept = args.line_weights.with_name(args.line_weights.stem + "-html.json")
        kept_html = json.loads(html_kept.read_text(encoding="utf-8")) if html_kept.exists() else None
        weights, b = kept["weights"], float(kept["bias"])
    else:
        w, b = fit(*_unpatterned(samples, _balanced(train, more, args.more_weight), args.unpatterned), names)
        weights = {n: round(float(x), 4) for n, x in zip(names, w) if abs(x) >= 0.01}
    # what the words say: a second regression over the words alone, furniture (a pattern's line,
    # an annotated leftover) against content; the other leftovers (another story's headline, a
    # section name) are left out, so the words learn what furniture says, not what a page's
    # other stories say
    words_only = {src: _words_only(rows) for src, rows in train.items()}
    more_words = _words_only(more)
    if kept is not None:
        word_weights = kept["word_weights"]
    else:
        ww, _wb = fit(words_only["extraction"] + words_only["pages"] + more_words,
                      _balanced(words_only, more_words, args.more_weight), sorted(vocab), l2=1e-3)
        word_weights = {n: round(float(x), 4) for n, x in zip(sorted(vocab), ww) if abs(x) >= 0.01}
    # the thresholds, read from the training half: a probability and the least the line's own
    # words must say (the word regression's score), the pair whose warnings (and suggestions)
    # find the most furniture no pattern fits while the level's precision on content lines,
    # the patterns' own findings included, holds on each source (for the other source's pages,
    # blogs, shops, documentation, whose short content lines, "Buffet", "Best Queens movers",
    # its annotation often leaves out, within `--pages-slack` of it)
    reading = AsRead(args.as_read)
    train_rows = {src: scored(rows, weights, b, word_weights, src, reading) for src, rows in train.items()}
    held_rows = {src: scored(rows, weights, b, word_weights) for src, rows in held.items()}
    slack = {"extraction": 0.0, "pages": 1.0}
    thresholds = read_thresholds(args, train_rows, slack)
    print_tallies(train_rows, held_rows, thresholds)
    if more:
        print_tallies({"more": scored(more, weights, b, word_weights)}, {}, thresholds)
    model = {
        "about": "copylint boilerplate.leftover-line: logistic regression over line features "
                 "(src/copylint/checks/linemodel.py), trained by scripts/build_line_model.py; "
                 "provenance in rules/boilerplate/data/README.md",
        "training_lines": kept["training_lines"] if kept else len(samples),
        "bias": round(b, 4),
        "thresholds": thresholds,
        "weights": dict(sorted(weights.items())),
        "word_weights": dict(sorted(word_weights.items())),
    }
    html_model = None
    if html_train:
        # the model of HTML pages: the same features and the links of the page (how much of a
        # line is link text, its neighbours', a menu of links), trained on the news pages' text
        # and the second source's pages read as HTML; its thresholds are read on those HTML
        # pages alone (the news pages have no markup), at the other pages' precision, and a
        # link in a menu of links gets a pair of its own, its word score allowed below zero
        # (a neutral 'Help' or 'Traffic' in a row of links)
        groups = {"extraction": train["extraction"], "html": html_train}
        hsamples = groups["extraction"] + groups["html"] + more_html
        if kept_html is not None:
            hweights, hb = kept_html["weights"], float(kept_html["bias"])
        else:
            hnames = sorted({k for row in hsamples for k in row[1] if not k.startswith("w:")} | vocab)
            hw, hb = fit(*_unpatterned(hsamples, _balanced(groups, more_html, args.more_weight), args.unpatterned), hnames)
            hweights = {n: round(float(x), 4) for n, x in zip(hnames, hw) if abs(x) >= 0.01}
        htrain = {"html": scored(html_train, hweights, hb, word_weights, "html", reading)}
        hheld = {"html": scored(html_held, hweights, hb, word_weights)}
        hthresholds = read_thresholds(args, htrain, {"html": 1.0}, link_menu=True)
        print("HTML model:")
        print_tallies(htrain, hheld, hthresholds)
        html_model = {"about": "copylint boilerplate.leftover-line, the model of HTML pages: its word weights are "
                      "those of line-model.json; trained by scripts/build_line_model.py",
                      "training_lines": kept_html["training_lines"] if kept_html else len(hsamples),
                      "bias": round(hb, 4), "thresholds": hthresholds, "weights": dict(sorted(hweights.items()))}
    html_out = args.o.with_name(args.o.stem + "-html.json")

    def write() -> None:
        args.o.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        if html_model is not None:
            html_out.write_text(json.dumps(html_model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")

    write()
    if not args.no_between:
        # the pair between furniture: read on what the rule itself reports of the training pages
        # with the model just written (a short line between two reported lines on a page of
        # furniture), at the precision of the other context pairs
        rows = between_rows(args, args.o, html_out if html_model is not None else None, reading)
        # a line alone between two reported lines, and each of two (a pair of its own)
        for key, srcs, gap in (("thresholds", ("extraction", "pages"), 1), ("html", ("html",), 1),
                               ("thresholds", ("extraction", "pages"), 2), ("html", ("html",), 2)):
            if key == "html" and html_model is None:
                continue
            train_rows = {src: [r for r in rows[(src, True)] if r[3] == gap] for src in srcs}
            wants = [args.context_precision - args.context_slack * (src != "extraction") for src in srcs]
            best = _best(lambda t, g: [_between_tally(train_rows[src], t, g) for src in srcs],
                         np.arange(0.50, 0.995, 0.01), np.arange(-1.0, 3.01, 0.25), wants)
            _r, t, g = best or (0, 1.0, 99.0)
            target = model["thresholds"] if key == "thresholds" else html_model["thresholds"]
            name = "warning_between_furniture" + ("2" if gap == 2 else "")
            target[name], target[name + "_words"] = round(t, 2), round(g, 2)
            for src in srcs:
                for half in (True, False):
                    n, bad, prec, _found = _between_tally([r for r in rows[(src, half)] if r[3] == gap], t, g)
                    print(f"  {'train' if half else 'held out':8} {src:10} between furniture, {gap} line(s) (p >= {t:.2f}, "
                          f"words >= {g:.2f}): {n:6} more warnings, {bad:6.1f} of them content (precision {prec:.2%})")
        write()
    print(f"{len(weights)} weights -> {args.o}" + (f", the HTML model -> {html_out}" if html_model else ""))
    return 0


def between_rows(args, path: Path, html_path: Path | None, reading: AsRead,
                 ) -> dict[tuple[str, bool], list[tuple[float, float, float, int]]]:
    """(source, training half) -> (probability, word score, content, gap) of each line the pairs between
    furniture reads (`boilerplate.model_lines`), of every page of the three readings; content is
    how much the line counts as real content (0 for a leftover; on the training half as read,
    `AsRead`)."""
    from copylint.checks.linemodel import LineModel

    text_model = LineModel.load(str(path))
    html_model = text_model.load_html(str(html_path)) if html_path else None
    out: dict[tuple[str, bool], list] = {(src, half): [] for src in ("extraction", "pages", "html") for half in (True, False)}
    for source in (extraction_pages(args.extraction), benchmark_pages(args.pages), benchmark_pages(args.pages, markup=True)):
        for src, pid, text, gold in source:
            doc = read_html("page.html", text) if src == "html" else read_text("page.txt", text)
            if src == "html" and html_model is None:
                continue
            found: list = []
            boilerplate.model_lines(doc, html_model if src == "html" else text_model, _interface(), between=found)
            if not found:
                continue
            gnorm = " " + norm(gold) + " "
            glines = {norm(g) for g in gold.splitlines() if g.strip()}
            for line, p, g, gap in found:
                key = norm(line.norm)
                content = key in glines if line.words <= 3 else (" " + key + " ") in gnorm
                half = train_half(pid)
                weight = (reading.weight(src, pid, line.norm) if half else 1.0) if content else 0.0
                out[(src, half)].append((p, g, weight, gap))
    return out


def _between_tally(rows, t: float, g: float) -> tuple[int, float, float, float]:
    flagged = [content for p, w, content, _gap in rows if p >= t and w >= g]
    bad = sum(flagged)
    return len(flagged), bad, (len(flagged) - bad) / max(len(flagged), 1), len(flagged) - bad


_CONTEXTS = (("warning_beside_furniture", 5, "beside furniture"), ("warning_in_menu", 6, "in a menu with furniture"),
             ("warning_link_menu", 7, "a link in a menu of links"))


def _best(stats_of, ts, gs, wants):
    """The (probability, word score) pair of the grid whose flagged lines hold each source's
    precision in `wants` and find the most furniture (summed over the sources)."""
    best = None
    for t in ts:
        for g in gs:
            stats = stats_of(t, g)
            if all(st[2] >= want for st, want in zip(stats, wants)):
                recall = sum(st[3] for st in stats)
                if best is None or recall > best[0]:
                    best = (recall, float(t), float(g))
    return best


def _rest(rows, thresholds, which):
    """The lines of context `which` the warning pair leaves."""
    p, words = rows[0], rows[1]
    return rows[which] & ~((p >= thresholds["warning"]) & (words >= thresholds["warning_words"]))


def read_thresholds(args, rows_by_src, slack, link_menu: bool = False) -> dict[str, float]:
    """The levels' pairs, read on the training rows of each source at the asked precision (less
    the source's share of the slack arguments)."""
    srcs = list(rows_by_src)
    thresholds: dict[str, float] = {}
    levels = (("warning", args.warning_precision, args.warning_words, args.pages_slack),
              ("suggestion", args.suggestion_precision, args.suggestion_words, args.suggestion_slack))
    for level, want, least, sl in levels:
        best = _best(lambda t, g: [tally(rows_by_src[s], t, g) for s in srcs],
                     np.arange(0.50, 0.995, 0.01), np.arange(least, 3.01, 0.25), [want - sl * slack[s] for s in srcs])
        _r, t, g = best or (0, 1.0, 99.0)
        thresholds[level], thresholds[level + "_words"] = round(t, 2), round(g, 2)
    # a line beside a pattern's on a page of furniture (five or more lines the patterns report)
    # is sure with less: its own pair, read on those lines alone (the ones the warning pair
    # leaves), at `--context-precision`; and so is a line in a menu (a run of three or more
    # short lines) that holds a pattern's line, and, on an HTML page, a link in a menu of links
    for name, which, _what in _CONTEXTS[: 3 if link_menu else 2]:
        least = args.link_words if which == 7 else args.context_words
        want = args.link_precision if which == 7 else args.context_precision
        best = _best(lambda t, g: [tally(rows_by_src[s], t, g, _rest(rows_by_src[s], thresholds, which)) for s in srcs],
                     np.arange(0.90, 0.9999, 0.005), np.arange(least, 3.01, 0.25),
                     [want - args.context_slack * slack[s] for s in srcs])
        _r, t, g = best or (0, 1.0, 99.0)
        thresholds[name], thresholds[name + "_words"] = round(t, 3), round(g, 2)
    return thresholds


def print_tallies(train_rows, held_rows, thresholds) -> None:
    for name, group in (("train", train_rows), ("held out", held_rows)):
        for src, rows in group.items():
            for level in ("warning", "suggestion"):
                n, fp, prec, rec = tally(rows, thresholds[level], thresholds[level + "_words"])
                print(f"  {name:8} {src:10} {level:10}: {n:6} lines flagged where no pattern fits, {fp:6.1f} of "
                      f"them content (precision {prec:.2%}); {rec:.1%} of the furniture (or leftovers) there")
            for key, which, what in _CONTEXTS:
                if key not in thresholds:
                    continue
                n, fp, prec, rec = tally(rows, thresholds[key], thresholds[key + "_words"], _rest(rows, thresholds, which))
                print(f"  {name:8} {src:10} {what}: {n:6} more warnings, {fp:6.1f} of them content "
                      f"(precision {prec:.2%})")


if __name__ == "__main__":
    raise SystemExit(main())
