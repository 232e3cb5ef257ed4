"""Real-word errors: a dictionary word where the context wants another member of its confusion set.

Each confusion set (`rules/typos/data/confusion-sets.yml`) holds words that are each other's
slips ('their', 'there', 'they're'). Where a member stands, every member is scored in its
context by a bigram model, the naive-Bayes way: the count of (word before, member) times the
count of (member, word after), over the member's own count. A pair below the source list's
floor (6.4 million in Google Books) is estimated from the two words' counts as if they were
independent, capped under the floor. The written word is reported when another member is
`margin` (natural log) likelier. A contraction is scored as its expansion ('it's' as 'it is').
"""

from __future__ import annotations

import math
import os
from bisect import bisect_left
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass

from ..services import Services
from .spelling import _COMMON as _COMMON_COUNT
from .spelling import speller

_FLOOR = 6_400_000  # the smallest count in the bigram source: an absent pair is rarer than this
_UNSEEN = 0.3  # an absent pair's share of the floor, at most
_TOTAL = 5.4e11  # the unigram counts' total (symspellpy's frequency list)


@dataclass(frozen=True)
class ConfusionSet:
    name: str
    words: tuple[str, ...]
    default_on: bool
    margin: float
    # the members a slip may be reported as (default: all). A member that is an obscenity is
    # only ever reported away from ('anal report' -> 'annual'), never suggested
    to: tuple[str, ...] = ()
    # member -> the words before it that its grammar needs ('has led', 'could lead'): with this,
    # a slip to that member is reported only after one of them (both forms follow a pronoun or
    # an adverb: 'they led', 'they lead'; the counts cannot tell tense)
    after: tuple[tuple[str, frozenset[str]], ...] = ()

    def may_become(self, other: str, left: str | None) -> bool:
        if self.to and other not in self.to:
            return False
        for member, words in self.after:
            if member == other:
                return left is not None and left in words
        return True


def _data(name: str) -> str:
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "typos", "data", name)


@dataclass(frozen=True)
class Confusions:
    """`confusion-sets.yml`: the sets, the contractions' expansions, and each word's sets."""

    sets: tuple[ConfusionSet, ...]
    expansions: dict[str, tuple[str, ...]]
    members: dict[str, tuple[ConfusionSet, ...]]  # word -> the sets it belongs to

    @classmethod
    def load(cls, path: str) -> Confusions:
        """The file, read once for its bytes and then loaded prepared (prepared.py)."""
        from .. import prepared

        return prepared.load("confusion-sets", [path], lambda: (cls._read(path), True), (Confusions, ConfusionSet))

    @classmethod
    def _read(cls, path: str) -> Confusions:
        from ..declarative.kinds._data import load_checked

        # the C loader (a few ms, not a hundred); a YAML error names its file:line (yamlfile)
        raw = load_checked(path, lambda d: d)
        sets = tuple(
            ConfusionSet(s["name"], tuple(str(w) for w in s["words"]), bool(s.get("default", False)),
                         float(s.get("margin", 3.0)), tuple(str(w) for w in s.get("to") or ()),
                         tuple((str(k), frozenset(str(w) for w in v)) for k, v in (s.get("after") or {}).items()))
            for s in raw["sets"]
        )
        expansions = {k: tuple(v.split()) for k, v in (raw.get("expansions") or {}).items()}
        members: dict[str, list[ConfusionSet]] = {}
        for cs in sets:
            for w in cs.words:
                members.setdefault(w, []).append(cs)
        return cls(sets, expansions, {w: tuple(v) for w, v in members.items()})


class Bigrams:
    """Sorted 'w1 w2<TAB>count' lines, searched by bisection in the file's bytes as read: no
    decoding or splitting at load (1 MB of pairs cost a start 4 ms as a list of lines), a few
    microseconds a look-up. UTF-8 sorts bytewise as its text sorts by code point, so the
    order the build wrote (Python's sort of the lines) is the bytes' order too.

    The pairs asked about are remembered (up to `limit`): an archive asks about the same
    neighbours of 'their' and 'its' again and again, and the session owns this object.
    Once `SPLIT_AFTER` pairs have been looked up, the bytes are split into their lines once
    (3 ms) and searched with `bisect` in C: a bisection in Python costs some 14 µs a pair,
    in the list under 1 µs, and an archive asks about thousands of pairs."""

    SPLIT_AFTER = 256

    def __init__(self, data: bytes, limit: int = 1 << 17) -> None:
        self._data = data
        self._start = data.find(b"\n") + 1  # after the comment line the build writes first
        self._counts: dict[tuple[str, str], int] = {}
        self._limit = limit
        self._looked_up = 0
        self._lines: list[bytes] | None = None  # the lines after the comment, once split

    @classmethod
    def load(cls, path: str | None = None) -> "Bigrams":
        # written sorted by scripts/build_bigrams.py, after one comment line
        with open(path or _data("bigrams.tsv"), "rb") as fh:
            return cls(fh.read())

    @property
    def header(self) -> str:
        """The file's first line (the build's comment)."""
        return self._data[: max(self._start - 1, 0)].decode("utf-8", "replace")

    def count(self, w1: str, w2: str) -> int:
        n = self._counts.get((w1, w2))
        if n is None:
            n = self._look_up(f"{w1} {w2}\t".encode("utf-8"))
            if len(self._counts) >= self._limit:
                self._counts.clear()
            self._counts[(w1, w2)] = n
        return n

    def _look_up(self, key: bytes) -> int:
        lines = self._lines
        if lines is None:
            self._looked_up += 1
            if self._looked_up <= self.SPLIT_AFTER:
                return self._bisect_bytes(key)
            lines = self._lines = self._data[self._start :].split(b"\n")
            if lines and not lines[-1]:
                lines.pop()  # the empty string after the last newline would sort first
        i = bisect_left(lines, key)  # the first line not below key, as in `_bisect_bytes`
        if i == len(lines) or not lines[i].startswith(key):
            return 0
        return int(lines[i][len(key) :])

    def _bisect_bytes(self, key: bytes) -> int:
        """`_look_up` by bisection in the file's bytes, without splitting them."""
        data = self._data
        lo, hi = self._start, len(data)  # lines starting before lo sort below key; from hi on, not
        while lo < hi:
            mid = (lo + hi) // 2
            start = max(data.rfind(b"\n", lo, mid) + 1, lo)  # the line holding mid
            end = data.find(b"\n", start)
            if end < 0:
                end = len(data)
            if data[start:end] < key:
                lo = end + 1
            else:
                hi = start
        if not data.startswith(key, lo):
            return 0
        end = data.find(b"\n", lo)
        return int(data[lo + len(key) : end if end >= 0 else len(data)])


class Model:
    """The confusion sets and the bigram counts a session holds (`ctx.services`): each file
    is read on first need and again when it changes. Make one for a document's checks
    (`Model(ctx.services)`), not one per word: making it looks at the files."""

    def __init__(self, services: Services) -> None:
        self._services = services
        # where the files are, found once a session; whether they changed, once a lint call
        self._paths = services.get("typos.confusion-files", lambda: (_data("confusion-sets.yml"), _data("bigrams.tsv")))
        self.confusions: Confusions = services.file(self._paths[0], Confusions.load, key="typos.confusion-sets")
        self._bigrams: Bigrams | None = None
        self._local: LocalBigrams | None = None
        self._more: Bigrams | None = None
        self._lexicon = speller(services).lexicon

    @property
    def sets(self) -> tuple[ConfusionSet, ...]:
        return self.confusions.sets

    @property
    def members(self) -> dict[str, tuple[ConfusionSet, ...]]:
        return self.confusions.members

    @property
    def bigrams(self) -> Bigrams:
        if self._bigrams is None:  # most short texts hold no member: read the counts only when one does
            self._bigrams = self._services.file(self._paths[1], Bigrams.load, key="typos.bigrams")
        return self._bigrams

    def _unigram(self, word: str) -> int:
        return self._lexicon.get(word, 0)

    def _pair(self, w1: str, w2: str) -> float:
        n = self.bigrams.count(w1, w2)
        if n:
            return float(n)
        return _unseen(self._unigram(w1), self._unigram(w2))

    def score(self, word: str, left: str | None, right: str | None) -> float:
        """log P(word | left, right) up to a constant shared by the set's members."""
        return self._judge(word, left, right)[0]

    def _seen(self, word: str, left: str | None, right: str | None) -> tuple[bool, bool]:
        """Whether the pairs (left, word) and (word, right) are in the bigram counts."""
        return self._judge(word, left, right)[1]

    def _judge(self, word: str, left: str | None, right: str | None) -> tuple[float, tuple[bool, bool]]:
        """`score` and `_seen` at once: each pair with a neighbour is counted once."""
        parts = self.confusions.expansions.get(word, (word,))
        first, last = parts[0], parts[-1]
        b = self.bigrams
        n_left = b.count(left, first) if left is not None else 0
        n_right = b.count(last, right) if right is not None else 0
        seen = (n_left > 0, n_right > 0)
        u_first, u_last = self._unigram(first), self._unigram(last)
        if not u_first or not u_last:
            return -math.inf, seen
        s = math.log(u_first)
        for a, b2 in zip(parts, parts[1:]):  # inside an expansion: P(is | it)
            s += math.log(self._pair(a, b2)) - math.log(self._unigram(a) or 1)
        if left is not None:
            u_left = self._unigram(left)
            if u_left:
                s += math.log(float(n_left) if n_left else _unseen(u_left, u_first)) - math.log(u_first)
        if right is not None:
            u_right = self._unigram(right)
            if u_right:
                s += math.log(float(n_right) if n_right else _unseen(u_last, u_right)) - math.log(u_last)
        return s, seen

    def best_alternative(self, word: str, left: str | None, right: str | None,
                         cs: ConfusionSet) -> tuple[str, float] | None:
        """The likeliest other member and its evidence over `word`: how much likelier (log) it is,
        less ONE_SIDED for each neighbour whose pairs are counted for neither word (then only the
        other neighbour speaks, and one neighbour is weaker evidence)."""
        best = self._best_alternative(word, left, right, cs)
        if best is not None and left in _MODALS and not any(
                self.bigrams.count(left, self.confusions.expansions.get(w, (w,))[0]) for w in cs.words):
            # the counts hold no member after this modal ('would steal', 'would steel'): the
            # slot is a bare infinitive's, which the counts hold after 'to' ('to steal'); the
            # other member must win that reading too ('to' is also a preposition: 'to fair
            # trade', so the reading may clear a word, never report one)
            other = self._best_alternative(word, "to", right, cs)
            if other is None or other[1] < best[1]:
                best = other
        return best

    def _best_alternative(self, word: str, left: str | None, right: str | None,
                          cs: ConfusionSet) -> tuple[str, float] | None:
        mine, mine_seen = self._judge(word, left, right)
        best = None
        for other in cs.words:
            if other == word or not cs.may_become(other, left):
                continue
            other_score, other_seen = self._judge(other, left, right)
            silent = sum(1 for a, b in zip(mine_seen, other_seen) if not (a or b))
            gain = other_score - mine - ONE_SIDED * silent
            if best is None or gain > best[1]:
                best = (other, gain)
        return best


    # ---- the offensive typos (typos.offensive-typo): any two words, with the local counts

    @property
    def local(self) -> "Bigrams":
        """Pairs counted in text the project may use (`bigrams-local.tsv`), scaled to the
        source list's counts: evidence below the source list's floor ('drought prone')."""
        if self._local is None:
            self._local = self._services.file(_data("bigrams-local.tsv"), LocalBigrams.load, key="typos.bigrams-local")
        return self._local

    @property
    def more(self) -> "Bigrams":
        """The source list's pairs with the offensive words and their neighbours that
        `bigrams.tsv` lacks (`bigrams-offensive.tsv`: typos.real-word never reads them)."""
        if self._more is None:
            self._more = self._services.file(_data("bigrams-offensive.tsv"), Bigrams.load, key="typos.bigrams-more")
        return self._more

    def pair_evidence(self, w1: str, w2: str) -> tuple[float, bool]:
        """The count of the pair (w1, w2), and whether it was counted (in the source list or
        locally); an uncounted pair is estimated as if its words were independent."""
        n = self.bigrams.count(w1, w2) or self.more.count(w1, w2)
        if n:
            return float(n), True
        local = self.local.estimate(w1, w2)
        if local:
            return local, True
        return _unseen(self._unigram(w1), self._unigram(w2)), False

    def reading(self, word: str, left: str | None, right: str | None,
                compound: bool = False) -> tuple[float, tuple[bool, bool]]:
        """log P(word | left, right) up to a constant shared by every word, with whether each
        neighbour's pair was counted: the naive-Bayes score of `_judge`, for any word.

        `compound`: `word` forms compounds with any word before it ('drought-prone',
        'terrorism-prone'), so an uncounted pair with the word before is as likely as one
        seen once in the local text."""
        u = self._unigram(word)
        if not u:
            return -math.inf, (False, False)
        # the prior: how common the word is, half from the source list (web and books) and half
        # from the local text (edited copy: 'porn' is 40 times 'prone' in the one, rarer in the other)
        s = math.log(u) + LOCAL_PRIOR * (math.log(self.local.share(word) * _TOTAL) - math.log(u))
        seen = [False, False]
        for i, (a, b) in enumerate(((left, word), (word, right))):
            if a is None or b is None or not self._unigram(a if i == 0 else b):
                continue
            n, seen[i] = self.pair_evidence(a, b)
            if i == 0 and compound and not seen[i]:
                n, seen[i] = max(n, self.local.estimate_once()), True
            s += math.log(n) - math.log(u)
        return s, (seen[0], seen[1])


class LocalBigrams:
    """`bigrams-local.tsv`: word pairs counted in text the project may use, which the source
    list lacks (each under its floor). A count is scaled to the source list's by the factor the
    build measured on the pairs both have (the file's first line), less a discount: one
    sighting in three million words is weaker evidence than the source list's counts."""

    DISCOUNT = 0.5

    def __init__(self, counts: Bigrams, scale: float, words: int) -> None:
        self._counts = counts
        self.scale = scale
        self.words = words

    @classmethod
    def load(cls, path: str) -> "LocalBigrams":
        counts = Bigrams.load(path)
        scale = re.search(r"scale=([0-9.e+]+)", counts.header)
        words = re.search(r"words=([0-9]+)", counts.header)
        return cls(counts, float(scale.group(1)) if scale else 0.0, int(words.group(1)) if words else 0)

    def share(self, word: str) -> float:
        """The word's share of the local text, smoothed (half a sighting for a word never seen)."""
        return (self._counts.count(word, "*") or 0.5) / max(self.words, 1)

    def estimate_once(self) -> float:
        """What a pair seen once is estimated at."""
        return min((1 - self.DISCOUNT) * self.scale, _FLOOR * 0.9)

    def estimate(self, w1: str, w2: str) -> float:
        n = self._counts.count(w1, w2)
        if not n:
            return 0.0
        return min((n - self.DISCOUNT) * self.scale, _FLOOR * 0.9)


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = frozenset("aeiouy")


def _near_keys() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {c: set() for c in _LETTERS}
    for r, row in enumerate(_KEY_ROWS):
        for i, c in enumerate(row):
            for rr in (r - 1, r, r + 1):
                if 0 <= rr < len(_KEY_ROWS):
                    # a row sits half a key to the right of the one above it
                    lo = i - 1 if rr != r + 1 else i - 1
                    for j in range(lo, i + 2):
                        if 0 <= j < len(_KEY_ROWS[rr]) and _KEY_ROWS[rr][j] != c:
                            out[c].add(_KEY_ROWS[rr][j])
    return {c: frozenset(v) for c, v in out.items()}


_NEAR = _near_keys()


def _change_cost(meant: str, typed: str) -> float:
    """A changed letter: a neighbouring key, or one vowel for another ('election' -> 'erection'
    is neither: 1.5), costs one slip."""
    if typed in _NEAR.get(meant, ()) or (meant in _VOWELS and typed in _VOWELS):
        return 1.0
    return 1.5


def slips_to(word: str, lexicon: object | None = None) -> dict[str, float]:
    """The strings that a typist aiming at them could have written as `word`, with the slip's
    cost: 1 for one slip (a letter dropped or added, two letters swapped, a letter changed for a
    neighbouring key's or a vowel for a vowel; 1.5 for another changed letter), 2 for the two
    slips typists make together (two adjacent letters dropped: annual -> anal; two swapped and
    one dropped: prone -> porn).

    Given the dictionary (its `prefix` and `suffix` tests), two dropped letters c1 c2 at a place
    are tried only where some word goes on with c1 there and some word ends with c2 and what
    follows: the strings left out are no words, so the words among the strings are the same."""
    out: dict[str, float] = {}
    n = len(word)
    for i in range(n + 1):
        a, b = word[:i], word[i:]
        for c in _LETTERS:
            out.setdefault(a + c + b, 1)  # the typist dropped c
        if b:
            for c in _LETTERS:
                if c != b[0]:
                    cand = a + c + b[1:]  # the typist changed c to b[0]
                    cost = _change_cost(c, b[0])
                    if cost < out.get(cand, 9.0):
                        out[cand] = cost
        if b:
            out.setdefault(a + b[1:], 1)  # added a letter
        if len(b) > 1:
            out.setdefault(a + b[1] + b[0] + b[2:], 1)  # swapped two
    begins = getattr(lexicon, "prefix", None)
    ends = getattr(lexicon, "suffix", None)
    for i in range(n + 1):  # two adjacent letters dropped
        a, b = word[:i], word[i:]
        firsts = [c for c in _LETTERS if begins(a + c)] if begins is not None else _LETTERS
        seconds = [c for c in _LETTERS if ends(c + b)] if ends is not None else _LETTERS
        for c1 in firsts:
            for c2 in seconds:
                out.setdefault(a + c1 + c2 + b, 2)
    for i in range(n - 1):  # two letters swapped and one dropped
        t = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for j in range(n + 1):
            for c in _LETTERS:
                out.setdefault(t[:j] + c + t[j:], 2)
    out.pop(word, None)
    return out


def innocent_neighbours(word: str, lexicon: object, offensive: frozenset[str], min_count: int,
                        never: frozenset[str] = frozenset(),
                        common: frozenset[str] | None = None) -> tuple[tuple[str, float], ...]:
    """The dictionary words `word` is a slip for, with the slip's cost: common words (count at
    least `min_count`), none of them offensive; a two-slip source is a word of 4 letters or more."""
    get = lexicon.get  # type: ignore[attr-defined]
    slips = slips_to(word, lexicon)
    out = []
    # the words counted `min_count` times or more are among the common words when that is at
    # least their count (`spelling.Speller.common`): one set intersection, not a look-up a string
    found = common.intersection(slips) if common is not None and min_count >= _COMMON_COUNT \
        else lexicon.known(slips)  # type: ignore[attr-defined]
    for cand in found:  # a few of thousands
        cost = slips[cand]
        if cand in offensive or cand in never or len(cand) < (3 if cost < 2 else 4):
            continue
        if get(cand, 0) >= min_count:
            out.append((cand, cost))
    return tuple(sorted(out))


def _unseen(u1: int, u2: int) -> float:
    """A pair the counts lack: as if its words were independent, capped under the floor."""
    expected = u1 * u2 / _TOTAL
    return max(min(expected, _FLOOR * _UNSEEN), 1.0)


_SCORED_LIMIT = 1 << 17  # contexts remembered per session before the memory starts afresh
_MODALS = frozenset("would could should will can may might must shall".split())
ONE_SIDED = 3.0  # the extra margin when only one neighbour tells the members apart
LOCAL_PRIOR = 0.5  # the local text's weight in `Model.reading`'s prior (log-linear)


_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|[0-9]+|[^\sA-Za-z0-9]")


_RIGHT_RE = re.compile(r"[ \t]+([A-Za-z]+(?:['’][a-z]+)?)")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def context(prose: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The words just before and after, lowercased; None across punctuation or a line."""
    before = prose[max(0, start - 40) : start]
    after = prose[end : end + 40]
    left = right = None
    word = _word_before(before)
    if word is not None:
        left = word.lower().replace("’", "'")
    m = _RIGHT_RE.match(after)
    if m:
        right = m.group(1).lower().replace("’", "'")
    return left, right


def _word_before(before: str) -> str | None:
    """What `re.search(r"([A-Za-z]+(?:['’][a-z]+)?)[ \\t]+$", before)` finds, read from the end
    (the search tries every start of the window: this looks at the last word only)."""
    e = len(before)
    if e and before[e - 1] == "\n":
        e -= 1  # `$` also stands before a final line break
    w = e
    while w > 0 and before[w - 1] in " \t":
        w -= 1
    if w == e:
        return None  # no space or tab before the end
    c = w
    while c > 0 and before[c - 1] in _ASCII_LOWER:
        c -= 1
    if w > c > 1 and before[c - 1] in "'’" and before[c - 2] in _ASCII_LETTERS:
        p = c - 2  # letters, an apostrophe, lowercase letters: "don't", "it's"
        while p > 0 and before[p - 1] in _ASCII_LETTERS:
            p -= 1
        return before[p:w]
    p = c
    while p > 0 and before[p - 1] in _ASCII_LETTERS:
        p -= 1
    return before[p:w] if p < w else None


# ---------------------------------------------------------------- the rule

from ..document import Document  # noqa: E402
from ..findings import Severity  # noqa: E402
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc  # noqa: E402

_SETS = Option("sets", [], "Confusion sets to check besides those on by default (names, or 'all')", list)
_OFF = Option("off", [], "Confusion sets to leave unchecked (names)", list)


def selected_sets(ctx: RuleContext, model: Model) -> frozenset[str]:
    extra = set(ctx.options.get("sets") or ())
    off = set(ctx.options.get("off") or ())
    names = {s.name for s in model.sets if s.default_on or s.name in extra or "all" in extra}
    return frozenset(names - off)


class _Scored:
    """A session's scored contexts, valid for one version of the model's files; and, for one
    version of the confusion sets, the words of any set and the sets each config selects."""

    def __init__(self) -> None:
        self.of: tuple[object, object] | None = None
        self.values: dict[tuple[str, str | None, str | None, str], tuple[str, float] | None] = {}
        self._sets_of: object = None
        self.member_words: frozenset[str] = frozenset()
        self._selections: dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[str]] = {}
        self._members_on: dict[frozenset[str], dict[str, list[ConfusionSet]]] = {}

    def for_model(self, model: Model) -> dict[tuple[str, str | None, str | None, str], tuple[str, float] | None]:
        of = self.of
        if of is None or of[0] is not model.confusions or of[1] is not model.bigrams:
            self.of, self.values = (model.confusions, model.bigrams), {}
        return self.values

    def sets(self, model: Model) -> None:
        """Start afresh when the confusion sets were read again."""
        if self._sets_of is not model.confusions:
            self._sets_of, self.member_words, self._selections = model.confusions, frozenset(model.members), {}
            self._members_on = {}

    def selected_members(self, model: Model, on: frozenset[str]) -> dict[str, list[ConfusionSet]]:
        """Each member word's sets among the sets `on`, for the words with any (once a selection)."""
        found = self._members_on.get(on)
        if found is None:
            if len(self._members_on) >= 64:
                self._members_on.clear()
            found = {w: v for w, sets in model.members.items() if (v := [s for s in sets if s.name in on])}
            self._members_on[on] = found
        return found

    def selected(self, ctx: RuleContext, model: Model) -> frozenset[str]:
        key = (tuple(ctx.options.get("sets") or ()), tuple(ctx.options.get("off") or ()))
        on = self._selections.get(key)
        if on is None:
            if len(self._selections) >= 64:
                self._selections.clear()
            on = self._selections[key] = selected_sets(ctx, model)
        return on


class RealWordRule:
    meta = RuleMeta(
        id="typos.real-word",
        summary="A real word that the context says is a slip for a similar one ('their is')",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Checks each word of a confusion set (`rules/typos/data/confusion-sets.yml`: "
            "sound-alikes such as their/there/they're, its/it's, affect/effect, one-edit neighbours "
            "such as form/from, and the embarrassing ones such as public/pubic) against the words "
            "beside it. A bigram model (pairs of words counted in Google Books, "
            "`rules/typos/data/bigrams.tsv`) scores each member of the set between the word before "
            "and the word after; the written word is reported when another member is much likelier "
            "there (each set's `margin`). After a modal whose pairs with the members the counts "
            "lack ('would steal', 'would steel'), the word is also read after 'to', the bare "
            "infinitive's other slot ('to steal'), and reported only if the other member wins "
            "there too. Capitalised words inside a sentence are names and left alone. A set may "
            "name the members a slip is reported as (`to`: 'anal' is reported as a "
            "slip for 'annual', never the other way round) and the words before a member that its "
            "grammar needs (`after`: lead-led suggests 'led' only after 'has', 'was', 'being' and "
            "the like, and 'lead' only after 'to', a modal or 'did', since both tenses follow a "
            "pronoun or an adverb).",
            why="A spell checker passes 'there are plans for there house' because every word is "
            "spelt right; editors catch such slips by reading the words around them, which is what "
            "the model does. Sets are on by default only when measured at 95 % precision or more on "
            "held-out test sentences (docs/spelling.md gives each set's precision and recall).",
            example="The council said there plans would not effect the budget.",
            instead="The council said their plans would not affect the budget.",
            options="`sets`: extra confusion sets to check (set names, or `all`); `off`: sets to "
            "leave unchecked.",
            fix="Unsafe: the suggestion is the likelier word, and an editor should confirm it.",
        ),
        options=(_SETS, _OFF),
        fixable=True,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        from .spelling import case_role, occurrences

        # one model a lint call (its files are looked at once a call either way), not one a document
        model = ctx.services.per_call("typos.real-word.model", lambda: Model(ctx.services))
        memory: _Scored = ctx.services.get("typos.real-word.scored", _Scored)
        memory.sets(model)
        present = doc.word_set & memory.member_words
        if not present:
            return
        on = memory.selected(ctx, model)
        by_word = memory.selected_members(model, on)
        wanted = {w: sets for w in present if (sets := by_word.get(w))}
        # the same word between the same neighbours recurs across an archive ('in their', 'there
        # is'): each is scored once per session, not once per occurrence
        # (the memory starts afresh when the confusion sets or the counts are read again)
        scored = memory.for_model(model)
        for m in occurrences(doc, wanted):
            if case_role(doc, m) == "name":
                continue
            word = m.group().lower().replace("’", "'")
            left, right = context(doc.prose, m.start(), m.end())
            for cs in wanted.get(word, ()):
                key = (word, left, right, cs.name)
                try:
                    alt = scored[key]
                except KeyError:
                    if len(scored) >= _SCORED_LIMIT:
                        scored.clear()
                    alt = scored[key] = model.best_alternative(word, left, right, cs)
                if alt is None or alt[1] < cs.margin:
                    continue
                other = alt[0]
                text = m.group()
                replacement = other[:1].upper() + other[1:] if text[:1].isupper() else other
                yield Hit(
                    m.start(), m.end(),
                    f"'{text}' looks like a slip for '{replacement}' here (confusion set {cs.name})",
                    (replacement,), ((m.start(), m.end(), replacement),),
                )
                break
