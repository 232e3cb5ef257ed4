"""Suggestions for a misspelt word, and how sure they are.

A candidate is a dictionary word one edit away, or two edits where one of them is a deletion
or a transposition (which covers the commonest double slips: 'tommorow', 'reccomend'). Each
candidate's evidence is its count times the weight of the slip that would have produced the
misspelling: the slips fingers make (a neighbouring key, two letters swapped, a doubled or
undoubled letter) weigh more than arbitrary ones, and a second edit weighs less. The verdict
is confident when the best candidate is a common word and clearly ahead of the next.

The search looks up only the strings that can be words: an edit right of the longest
beginning any dictionary word has ('accomod' of 'accomodate'), or left of the longest ending
any word has, leaves a string no word matches. Nothing here remembers anything: the
session's `spelling.Speller` keeps the verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from typing import Callable, Iterable

    from .lexicon import Lexicon

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for c, ch in enumerate(row):
            near = out.setdefault(ch, set())
            for rr in (r - 1, r, r + 1):
                if 0 <= rr < len(_ROWS):
                    near.update(_ROWS[rr][i] for i in (c - 1, c, c + 1) if 0 <= i < len(_ROWS[rr]))
            near.discard(ch)
    return {k: frozenset(v) for k, v in out.items()}


KEYBOARD = _neighbours()
TYPO_WEIGHT = 4.0  # a slip of the fingers: neighbouring key, swap, doubled or undoubled letter
DROPPED_WEIGHT = 2.0  # a letter left out
PLAIN_WEIGHT = 1.0
SECOND_EDIT = 0.1  # a candidate two edits away


def edits(word: str) -> dict[str, float]:
    """Every string one edit away, with the weight of the slip that produced `word` from it."""
    out: dict[str, float] = {}
    n = len(word)
    for i in range(n + 1):
        a, b = word[:i], word[i:]
        if b:
            # word has an extra letter at i: the intended word lacks it
            doubled = (i > 0 and word[i - 1] == b[0]) or (len(b) > 1 and b[1] == b[0])
            near = (i > 0 and b[0] in KEYBOARD.get(word[i - 1], ())) or (len(b) > 1 and b[0] in KEYBOARD.get(b[1], ()))
            _put(out, a + b[1:], TYPO_WEIGHT if doubled or near else PLAIN_WEIGHT)
            for c in _LETTERS:
                if c != b[0]:
                    _put(out, a + c + b[1:], TYPO_WEIGHT if b[0] in KEYBOARD.get(c, ()) else PLAIN_WEIGHT)
        if len(b) > 1 and b[0] != b[1]:
            _put(out, a + b[1] + b[0] + b[2:], TYPO_WEIGHT)
        for c in _LETTERS:
            # word lacks a letter at i: a dropped doubled letter is the commonest
            dropped_double = (i > 0 and word[i - 1] == c) or (b[:1] == c)
            _put(out, a + c + b, TYPO_WEIGHT if dropped_double else DROPPED_WEIGHT)
    out.pop(word, None)
    return out


def slip_weight(intended: str, word: str) -> float:
    """`edits(word)[intended]` for one string one edit from `word`, without weighing the rest."""
    n, m = len(word), len(intended)
    best = 0.0
    if m == n - 1:  # word has an extra letter at i
        for i in range(n):
            if word[:i] + word[i + 1 :] == intended:
                x, prev, nxt = word[i], word[i - 1] if i else "", word[i + 1] if i + 1 < n else ""
                doubled = x in (prev, nxt) and x != ""
                near = (prev != "" and x in KEYBOARD.get(prev, ())) or (nxt != "" and x in KEYBOARD.get(nxt, ()))
                best = max(best, TYPO_WEIGHT if doubled or near else PLAIN_WEIGHT)
    elif m == n:
        diffs = [i for i in range(n) if word[i] != intended[i]]
        if len(diffs) == 1:  # a substituted letter: a neighbouring key weighs more
            i = diffs[0]
            best = TYPO_WEIGHT if word[i] in KEYBOARD.get(intended[i], ()) else PLAIN_WEIGHT
        elif len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i, j = diffs
            if intended[i] == word[j] and intended[j] == word[i]:
                best = TYPO_WEIGHT  # two letters swapped
    elif m == n + 1:  # word lacks the letter at i
        for i in range(m):
            if intended[:i] + intended[i + 1 :] == word:
                c = intended[i]
                dropped_double = (i > 0 and word[i - 1] == c) or word[i : i + 1] == c
                best = max(best, TYPO_WEIGHT if dropped_double else DROPPED_WEIGHT)
    return best


def _put(out: dict[str, float], s: str, w: float) -> None:
    if out.get(s, 0.0) < w:
        out[s] = w


def _inflections(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es", short + "d", short + "ed")


def _grows(word: str, alphabet: set[str]) -> set[str]:
    """The strings of which `word` is a deletion or a swap (a word two edits away is one of those from a one-edit string)."""
    out = {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in alphabet}
    out.update(word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
    return out


def one_edit(word: str) -> Iterator[tuple[str, int, int]]:
    """Every string one deletion, transposition, substitution or insertion from `word` (not
    `word` itself), with the length of `word`'s beginning and ending that it keeps unchanged."""
    n = len(word)
    for i in range(n + 1):
        a, b = word[:i], word[i:]
        if b:
            rest = b[1:]
            yield a + rest, i, n - i - 1
            for c in _LETTERS:
                if c != b[0]:
                    yield a + c + rest, i, n - i - 1
            if len(b) > 1 and b[0] != b[1]:
                yield a + b[1] + b[0] + b[2:], i, n - i - 2
        for c in _LETTERS:
            yield a + c + b, i, n - i


def _longest(valid, text: str, known: int) -> int:
    """The largest L >= `known` with `valid(text, L)`, given `valid(text, known)` (it holds up to some length)."""
    lo, hi = known, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if valid(text, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _window(word: str, lex: Lexicon) -> tuple[int, int]:
    """(p, q): the longest beginning of `word` that some dictionary word has, and the longest ending."""
    return (_longest(lambda t, k: lex.prefix(t[:k]), word, 0),
            _longest(lambda t, k: lex.suffix(t[len(t) - k :]), word, 0))


def neighbours(word: str, lex: Lexicon) -> set[str]:
    """The dictionary words one edit from `word` (not `word` itself).

    An edit keeps the beginning and the ending around it: a kept beginning longer than any
    word's (`p`), or a kept ending longer than any word's (`q`), cannot lead to a word, so
    only the edits between are looked up (the same words as looking up every edit)."""
    p, q = _window(word, lex)
    n, held = len(word), lex.words
    found = set()
    # an edit at i keeps word[:i]; a deletion or substitution keeps the n-i-1 letters after it,
    # a transposition n-i-2, an insertion n-i
    for i in range(max(0, n - 1 - q), min(p, n - 1) + 1):
        a, rest = word[:i], word[i + 1 :]
        s = a + rest
        if s in held:
            found.add(s)
        old = word[i]
        for c in _LETTERS:
            if c != old:
                s = a + c + rest
                if s in held:
                    found.add(s)
    for i in range(max(0, n - 2 - q), min(p, n - 2) + 1):
        if word[i] != word[i + 1]:
            s = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if s in held:
                found.add(s)
    for i in range(max(0, n - q), min(p, n) + 1):
        a, b = word[:i], word[i:]
        for c in _LETTERS:
            s = a + c + b
            if s in held:
                found.add(s)
    return found


def two_edits(word: str, lex: Lexicon) -> set[str]:
    """The dictionary words a deletion or a transposition away from a string one edit from
    `word` (not `word` itself): the candidates two edits away.

    For each one-edit string `s` the second edit at `k` keeps `s[:k]` and the end of `s`
    after it; both must begin and end some dictionary word. Those lengths are known from
    `word`'s own (p, q) where the first edit lies outside them, and are found with a look-up
    or two where it lies inside (the edited letter usually ends them at once): for BBC's
    two-edit words about 900 strings and 950 such look-ups a word instead of 9,000 strings,
    the same words found."""
    p, q = _window(word, lex)
    starts: dict[str, bool] = {}  # whether some word begins (ends) with a string, asked once each
    ends: dict[str, bool] = {}
    prefix, suffix = lex.prefix, lex.suffix
    reach: set[str] = set()
    for s, kept_start, kept_end in one_edit(word):
        m = len(s)
        if kept_start > p:
            ps = p
        else:
            ps = kept_start
            while ps < m:
                head = s[: ps + 1]
                ok = starts.get(head)
                if ok is None:
                    ok = starts[head] = prefix(head)
                if not ok:
                    break
                ps += 1
        if kept_end > q:
            qs = q
        else:
            qs = kept_end
            while qs < m:
                tail = s[m - qs - 1 :]
                ok = ends.get(tail)
                if ok is None:
                    ok = ends[tail] = suffix(tail)
                if not ok:
                    break
                qs += 1
        for k in range(max(0, m - 1 - qs), min(ps, m - 1) + 1):
            reach.add(s[:k] + s[k + 1 :])
        for k in range(max(0, m - 2 - qs), min(ps, m - 2) + 1):
            reach.add(s[:k] + s[k + 1] + s[k] + s[k + 2 :])
    reach.discard(word)
    return lex.known(reach)


@dataclass(frozen=True)
class Verdict:
    suggestions: tuple[str, ...]  # best first
    confident: bool  # one clear, common suggestion
    best_count: int  # the dictionary count of the first suggestion (0 if none)
    slip: float = 0.0  # the weight of the slip from the first suggestion (TYPO_WEIGHT ... PLAIN_WEIGHT)
    edits: int = 0  # 1 or 2


NOTHING = Verdict((), False, 0)


def verdict(word: str, lex: Lexicon, near: frozenset[str] | set[str], common: int = 100_000, lead: float = 4.0,
            second: bool = False, far: Callable[[], Iterable[str]] | None = None) -> Verdict:
    """Ranked suggestions for a lowercase non-word, and whether the first is a clear winner.

    `near`: the dictionary words one edit away (`neighbours`). `second`: when none is,
    look two edits away too (for words of six letters or more; the name test, which only
    trusts one-edit slips, does without). `far`: gives the words two edits away where the
    caller keeps them (`Speller.two_edits`); by default they are searched here."""
    one = {w: slip_weight(w, word) for w in near if w != word}
    scored: dict[str, float] = {w: lex.get(w) * x for w, x in one.items()}
    slips = one
    if not scored and second and len(word) >= 6:
        found = far() if far is not None else two_edits(word, lex)
        if not found:
            return NOTHING
        one = edits(word)
        # for the few words found, the best slip that leads there (not the weight of each string first)
        alphabet = set(_LETTERS) | set(word)
        twice: dict[str, float] = {}
        for w in found:
            twice[w] = max(one[s] for s in _grows(w, alphabet) if s in one) * SECOND_EDIT
            scored[w] = lex.get(w) * twice[w]
        slips = {w: x / SECOND_EDIT for w, x in twice.items()}
    ranked = sorted(scored, key=lambda w: (-scored[w], w))
    if not ranked:
        return NOTHING
    best = ranked[0]
    # the same word inflected is no rival: 'statse' is 'state' or 'states', a slip either way
    rivals = [w for w in ranked[1:] if not _inflections(best, w)]
    runner = scored[rivals[0]] if rivals else 0.0
    count = lex.get(best)
    # common enough, and `lead` times the evidence of the next candidate
    slip = slips[best]
    # a plain (non-keyboard) edit is confident only towards a very common word: 'annum' is not 'annul'
    confident = count >= (common if slip >= DROPPED_WEIGHT else 100 * common) and scored[best] >= lead * runner
    return Verdict(tuple(ranked[:3]), confident, count, slip, 1 if slips is one else 2)
