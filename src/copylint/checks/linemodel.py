"""A trained line classifier for web leftovers: is this standalone line page furniture?

The boilerplate patterns know the common widgets by their words; the long tail (a site's
navigation, a byline with a job title, a "Hide caption" under a photo) is recognised by its
shape. Each standalone line of the copy is described by a few dozen features (its length,
capitalisation, punctuation, share of interface words, digits and dates, separators, where
it stands, what its neighbours look like, the words it is made of) and scored by a logistic
regression trained offline (`scripts/build_line_model.py`) on real pages: extractor output
beside human-corrected article bodies, and scraped pages beside their annotated main text.
Only the weights ship (`rules/boilerplate/data/line-model.json`, with their provenance in the
data README); this module computes the same features and the probability, in pure Python.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Sequence

from .. import fastre as re  # re, with compiled patterns kept between runs
from .boilerplate import Line

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DIGIT_RE = re.compile(r"\d")
_MONTH_RE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2} ?[ap]\.?m\b|\b(?:gmt|utc|e[sd]t|[cmp][sd]t|bst)\b", re.IGNORECASE)
_AGO_RE = re.compile(r"\b(?:ago|updated|published|posted)\b", re.IGNORECASE)
_URL_RE = re.compile(r"https?://|www\.|\.com\b|\.org\b|\.co\.uk\b|@\w", re.IGNORECASE)
_SEPARATORS = "|•·›»«‹→←/"
_FUNCTION = frozenset(
    "a an the of to in on at by for from with and or but is are was were be been has have had it its "
    "that this which who as not he she they we i said says will would could can".split()
)
_CALENDAR = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday mon tue tues "
    "wed thu thur thurs fri sat sun".split()
)
_VERB_HINTS = frozenset("is are was were has have had said says will would could can did does do".split())


# a page of furniture (a scraped page): the patterns report this many lines or more on it, the bucket
# its feature names ('page:furniture:5+', in the shipped weights)
FURNISHED_FROM = 5
FURNISHED = f"{FURNISHED_FROM}+"


@dataclass(frozen=True)
class PageContext:
    """What the page around a line says, computed once a document: the lines a pattern of the
    pack reports (a page with widgets is a scraped page, and a line beside a widget is often
    one too) and, for each line, the length of the run of short lines it stands in (a menu)."""

    patterned: frozenset[int]
    runs: tuple[int, ...]
    furniture: str  # how many lines the patterns report, as a bucket
    run_furniture: frozenset[int] = frozenset()  # lines of a run of short lines that holds a pattern's line
    # of an HTML page: the share of each line that is link text (formats.html.link_share), and
    # the lines of a run of three or more short lines most of which are links (a menu); None
    # for other formats, which have no links the reader keeps
    linked: tuple[float, ...] | None = None
    link_runs: frozenset[int] = frozenset()
    link_rows: frozenset[int] = frozenset()  # lines that are a row of three or more links ('Home News Sport')

    def beside(self, i: int) -> bool:
        """Line i stands next to a pattern's line on a page where the patterns report five or more."""
        return self.furniture == FURNISHED and ((i - 1) in self.patterned or (i + 1) in self.patterned)

    def in_menu(self, i: int) -> bool:
        """Line i stands in a run of three or more short lines that holds a pattern's line (a menu
        or a footer with a widget in it), not next to it, on a page where the patterns report five
        or more."""
        return self.furniture == FURNISHED and i in self.run_furniture and not self.beside(i)

    def link_menu(self, i: int) -> bool:
        """Line i of an HTML page is a link in a run of three or more short lines most of which
        are links (a menu of links), or a row of three or more links."""
        return self.linked is not None and (i in self.link_rows or (i in self.link_runs and self.linked[i] >= _LINKED))


def _menu_item(line: Line) -> bool:
    """A short line that is not a sentence: the stuff of menus and button rows."""
    return line.words <= 4 and line.norm[-1:] not in ".!?"


_LINKED = 0.9  # a line this much link text is a link


def page_context(lines: Sequence[Line], patterned: frozenset[int] | set[int],
                 linked: Sequence[tuple[float, int]] | None = None) -> PageContext:
    """The page around each line; `linked`, of an HTML page: (the share of the line that is
    link text, how many links it holds) of each line (formats.html.link_cover)."""
    rows = frozenset(i for i, (share, n) in enumerate(linked) if n >= 3 and share >= 0.75) if linked else frozenset()
    shares = None if linked is None else tuple(share for share, _n in linked)
    return _page_context(lines, patterned, shares, rows)


def _page_context(lines: Sequence[Line], patterned: frozenset[int] | set[int],
                  linked: Sequence[float] | None, link_rows: frozenset[int]) -> PageContext:
    runs = [0] * len(lines)
    in_run: set[int] = set()
    link_runs: set[int] = set()
    i = 0
    while i < len(lines):
        if not _menu_item(lines[i]):
            runs[i] = 0
            i += 1
            continue
        j = i
        while j < len(lines) and _menu_item(lines[j]):
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        if j - i >= 3 and any(k in patterned for k in range(i, j)):
            in_run.update(k for k in range(i, j) if k not in patterned)
        if linked is not None and j - i >= 3 and sum(linked[k] >= _LINKED for k in range(i, j)) * 4 >= (j - i) * 3:
            link_runs.update(range(i, j))
        i = j
    n = len(patterned)
    bucket = "0" if n == 0 else "1" if n == 1 else f"2-{FURNISHED_FROM - 1}" if n < FURNISHED_FROM else FURNISHED
    return PageContext(frozenset(patterned), tuple(runs), bucket, frozenset(in_run),
                       None if linked is None else tuple(linked), frozenset(link_runs), link_rows)


@dataclass(frozen=True)
class LineModel:
    """The shipped weights: one weight a feature name, and the thresholds read from training."""

    weights: dict[str, float]
    bias: float
    warning: float  # probability at which a line is reported as a warning
    suggestion: float  # ... and as a suggestion
    warning_words: float  # the share of the score its own words must give for a warning
    suggestion_words: float  # ... and for a suggestion
    vocabulary: frozenset[str]  # the words that have a weight of their own ("w:share")
    word_weights: dict[str, float]  # what the words alone say of furniture (the word regression)
    beside_furniture: float = 1.0  # the probability that is a warning beside furniture (PageContext.beside)
    beside_furniture_words: float = 99.0  # ... and the word score it needs there
    menu_furniture: float = 1.0  # the probability that is a warning in a menu with furniture (PageContext.in_menu)
    menu_furniture_words: float = 99.0  # ... and the word score it needs there
    link_menu: float = 1.0  # the probability that is a warning for a link in a menu of links (HTML)
    link_menu_words: float = 99.0  # ... and the word score it needs there
    between_furniture: float = 1.0  # the probability that is a warning between two reported lines
    between_furniture_words: float = 99.0  # ... and the word score it needs there
    between_furniture2: float = 1.0  # ... and for each of two short lines between two reported lines
    between_furniture2_words: float = 99.0

    @classmethod
    def load(cls, path: str) -> LineModel:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        words = {str(k): float(v) for k, v in data.get("word_weights", {}).items()}
        return cls._read(data, words)

    def load_html(self, path: str) -> LineModel:
        """The model of HTML pages (a file of its own, read only for an HTML page), whose
        features also say which lines are links (`link_features`); it reads a line's words with
        this model's word regression."""
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return self._read(data, self.word_weights, self.vocabulary)

    @classmethod
    def _read(cls, data: dict, words: dict[str, float], vocab: frozenset[str] | None = None) -> LineModel:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        if vocab is None:
            vocab = frozenset(k[2:] for k in (*weights, *words) if k.startswith("w:"))
        t = data["thresholds"]
        return cls(weights, float(data["bias"]), float(t["warning"]), float(t["suggestion"]),
                   float(t["warning_words"]), float(t["suggestion_words"]), vocab, words,
                   float(t.get("warning_beside_furniture", 1.0)), float(t.get("warning_beside_furniture_words", 99.0)),
                   float(t.get("warning_in_menu", 1.0)), float(t.get("warning_in_menu_words", 99.0)),
                   float(t.get("warning_link_menu", 1.0)), float(t.get("warning_link_menu_words", 99.0)),
                   float(t.get("warning_between_furniture", 1.0)), float(t.get("warning_between_furniture_words", 99.0)),
                   float(t.get("warning_between_furniture2", 1.0)), float(t.get("warning_between_furniture2_words", 99.0)))

    def __post_init__(self) -> None:
        # the least word score at which a line can be reported at all, and at which it can be
        # reported outside a page's furniture (beside a pattern's line, in a menu that holds one)
        # (read once, not a line)
        plain = min(self.suggestion_words, self.link_menu_words)
        object.__setattr__(self, "plain_words", plain)
        object.__setattr__(self, "least_words", min(plain, self.beside_furniture_words, self.menu_furniture_words))

    def may_report(self, evidence: float, page: PageContext, i: int) -> bool:
        """Whether line i, whose words score `evidence` (at least `least_words`), can be reported at
        all: above `plain_words` anywhere, below it only where a context's pair asks less of the words
        (beside a pattern's line on a page of furniture, in a menu that holds one), so that the
        other lines of the page are not scored for nothing."""
        if evidence >= self.plain_words:
            return True
        return ((evidence >= self.beside_furniture_words and page.beside(i))
                or (evidence >= self.menu_furniture_words and page.in_menu(i)))

    def sure(self, p: float, evidence: float, beside_furniture: bool, in_menu: bool = False,
             link_menu: bool = False) -> bool:
        """Whether a line's score is a warning: the warning pair, or, for a line next to a
        pattern's line on a page of furniture (or in a menu that holds one, or, on an HTML page,
        a link in a menu of links), the pair read for those lines."""
        if p >= self.warning and evidence >= self.warning_words:
            return True
        if link_menu and p >= self.link_menu and evidence >= self.link_menu_words:
            return True
        if beside_furniture:
            return p >= self.beside_furniture and evidence >= self.beside_furniture_words
        return in_menu and p >= self.menu_furniture and evidence >= self.menu_furniture_words

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


def word_evidence(model: LineModel, features: dict[str, float]) -> float:
    """What the line's own words say: a short capitalised line ('Finance', 'Best Queens movers')
    has the shape of furniture, but only its words can say it is. The score of the word
    regression (furniture against content, trained apart from the line model), or, in a model
    without one, what the words add to the line model's score."""
    weights = model.word_weights or model.weights
    return sum(weights.get(k, 0.0) * v for k, v in features.items() if k.startswith("w:"))


def word_score(model: LineModel, text: str) -> float:
    """`word_evidence` of the line's features, from its text alone: the rule reads it first, and
    scores the whole line only where the words could carry it (most lines of copy stop here)."""
    words = _WORD_RE.findall(text)
    low = [w.lower() for w in words]
    share = 1.0 / math.sqrt(max(len(words), 1))
    weights = model.word_weights or model.weights
    return sum(weights.get("w:" + w, 0.0) * share for w in set(low) if w not in _CALENDAR)


def _bucket(n: int) -> str:
    for top, name in ((1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (12, "9-12"), (20, "13-20")):
        if n <= top:
            return name
    return "21+"


def _shape(line: Line | None) -> str:
    """A neighbour's shape: none, short (five words or fewer) or a sentence."""
    if line is None:
        return "none"
    if line.words <= 5:
        return "short"
    return "sentence" if line.norm[-1:] in ".!?\"”’" else "long"


def link_features(page: PageContext, i: int) -> dict[str, float]:
    """What the links of an HTML page say of line i: how much of it is link text, whether its
    neighbours are links, whether it stands in a menu of links."""
    linked = page.linked or ()
    share = linked[i]
    f = {"link:" + ("all" if share >= _LINKED else "some" if share > 0 else "none"): 1.0}
    if i > 0 and linked[i - 1] >= _LINKED:
        f["prev:link"] = 1.0
    if i + 1 < len(linked) and linked[i + 1] >= _LINKED:
        f["next:link"] = 1.0
    if i in page.link_runs:
        f["run:links" if share >= _LINKED else "run:links:not-one"] = 1.0
    if i in page.link_rows:
        f["link:row"] = 1.0
    return f


def line_features(lines: Sequence[Line], i: int, interface: tuple[frozenset[str], frozenset[str]],
                  patterned: bool, repeats: int, vocabulary: frozenset[str] | None = None,
                  page: PageContext | None = None) -> dict[str, float]:
    """The features of `lines[i]`, by name. `patterned`: a boilerplate pattern fits the line;
    `repeats`: how many times its text stands in the document; `vocabulary`: the words that
    have their own feature (None: every word, as in training); `page`: the page around it."""
    line = lines[i]
    text = line.norm
    words = _WORD_RE.findall(text)
    low = [w.lower() for w in words]
    n = max(len(words), 1)
    strong, weak = interface
    f: dict[str, float] = {f"len:{_bucket(line.words)}": 1.0}
    end = text[-1:]
    f["end:" + ({".": "stop", "!": "bang", "?": "question", ":": "colon"}.get(end) or
                ("digit" if end.isdigit() else "quote" if end in "\"”’" else "close" if end in ")]" else
                 "letter" if end.isalpha() else "other"))] = 1.0
    if words:
        caps = sum(1 for w in words if w[0].isupper())
        f["caps_share"] = caps / n
        if caps == len(words) and len(words) >= 2:
            f["title_case"] = 1.0
        if text.isupper() and len(text) >= 3:
            f["all_caps"] = 1.0
        f["first_lower"] = 1.0 if words[0][0].islower() else 0.0
        f["function_share"] = sum(1 for w in low if w in _FUNCTION) / n
        f["strong_share"] = sum(1 for w in low if w in strong) / n
        f["weak_share"] = sum(1 for w in low if w in weak) / n
        if any(w in _VERB_HINTS for w in low):
            f["verb_hint"] = 1.0
        f["long_word_share"] = sum(1 for w in words if len(w) >= 7) / n
    else:
        f["no_words"] = 1.0
    digits = len(_DIGIT_RE.findall(text))
    if digits:
        f["digit_share"] = min(digits / max(len(text), 1) * 4, 1.0)
    if _MONTH_RE.search(text) and digits:
        f["date"] = 1.0
    if _TIME_RE.search(text):
        f["time"] = 1.0
    if _AGO_RE.search(text):
        f["stamp_word"] = 1.0
    if _URL_RE.search(text):
        f["url_like"] = 1.0
    if any(c in text for c in _SEPARATORS):
        f["separator"] = 1.0
    if "©" in text or "(c)" in text.lower():
        f["copyright_sign"] = 1.0
    if line.quoted:
        f["quote_mark"] = 1.0
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        f["bracketed"] = 1.0
    if "," in text:
        f["comma"] = 1.0
    if text.endswith(("…", "...")):
        f["ellipsis"] = 1.0
    if line.heading:
        f["heading"] = 1.0
    if patterned:
        f["pattern"] = 1.0
    if repeats > 1:
        f["repeats"] = 1.0
    prev = lines[i - 1] if i > 0 else None
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    f["prev:" + _shape(prev)] = 1.0
    f["next:" + _shape(nxt)] = 1.0
    pos = i / max(len(lines) - 1, 1)
    if pos <= 0.1:
        f["pos:start"] = 1.0
    elif pos >= 0.9:
        f["pos:end"] = 1.0
    if page is not None:
        f["page:furniture:" + page.furniture] = 1.0
        near = page.patterned
        if (i - 1) in near or (i + 1) in near:
            f["near:pattern"] = 1.0
        elif (i - 2) in near or (i + 2) in near:
            f["near2:pattern"] = 1.0
        if i in page.run_furniture:
            f["run:furniture"] = 1.0
        run = page.runs[i]
        if run:
            f["run:" + ("1" if run == 1 else "2-3" if run <= 3 else "4-7" if run <= 7 else "8+")] = 1.0
        if page.linked is not None:
            f.update(link_features(page, i))
    for w in set(low):
        if w in _CALENDAR:
            continue  # every training page is of some months: the date features speak for them
        if vocabulary is None or w in vocabulary:
            f["w:" + w] = 1.0 / math.sqrt(n)
    return f
