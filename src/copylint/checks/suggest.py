"""Suggestions for a misspelt word, and how sure they are.

A candidate is a dictionary word one edit away, or two edits where one of them is a deletion
or a transposition (which covers the commonest double slips: 'tommorow', 'reccomend'). Each
candidate's evidence is its count times the weight of the slip that would have produced the
misspelling: the slips fingers make (a neighbouring key, two letters swapped, a doubled or
undoubled letter) weigh more than arbitrary ones, and a second edit weighs less. The verdict
is confident when the best candidate is a common word and clearly ahead of the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

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


def _edits1(word: str) -> set[str]:
    """The strings one deletion, transposition, substitution or insertion away (the keys of
    `edits`, unweighed, and `word` itself)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    out.update(a + c + b for a, b in splits for c in _LETTERS)
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


@dataclass(frozen=True)
class Verdict:
    suggestions: tuple[str, ...]  # best first
    confident: bool  # one clear, common suggestion
    best_count: int  # the dictionary count of the first suggestion (0 if none)
    slip: float = 0.0  # the weight of the slip from the first suggestion (TYPO_WEIGHT ... PLAIN_WEIGHT)
    edits: int = 0  # 1 or 2


@lru_cache(maxsize=8192)
def verdict(word: str, common: int = 100_000, lead: float = 4.0, second: bool = True) -> Verdict:
    """Ranked suggestions for a lowercase non-word, and whether the first is a clear winner.

    `second`: also look two edits away when nothing is one edit away (some 20 ms a word: the
    name test, which only trusts one-edit slips, does without)."""
    from .spelling import lexicon

    if second:
        # the name test asked first for most capitalised words: its one-edit verdict is this
        # one whenever something is one edit away (the second search runs only when nothing is)
        first = verdict(word, common, lead, False)
        if first.suggestions or len(word) < 6:
            return first
    lex = lexicon()
    # the words one edit away, then the weight of the slip for those few: weighing all
    # 50-odd strings a letter first would cost more than the lookups
    one = {w: slip_weight(w, word) for w in lex.known(_edits1(word)) if w != word}
    scored: dict[str, float] = {w: lex.get(w) * x for w, x in one.items()}
    slips = one
    if not scored and second and len(word) >= 6:
        one = edits(word)
        # every string a deletion or a swap from those, looked up; then, for the few words
        # among them, the best slip that leads there (not the weight of each string first)
        reach = {s[:i] + s[i + 1 :] for s in one for i in range(len(s))}
        reach.update(s[:i] + s[i + 1] + s[i] + s[i + 2 :] for s in one for i in range(len(s) - 1))
        reach.discard(word)
        alphabet = set(_LETTERS) | set(word)
        second: dict[str, float] = {}
        for w in lex.known(reach):
            second[w] = max(one[s] for s in _grows(w, alphabet) if s in one) * SECOND_EDIT
            scored[w] = lex.get(w) * second[w]
        slips = {w: x / SECOND_EDIT for w, x in second.items()}
    ranked = sorted(scored, key=lambda w: (-scored[w], w))
    if not ranked:
        return Verdict((), False, 0)
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
