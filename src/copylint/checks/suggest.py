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


def _put(out: dict[str, float], s: str, w: float) -> None:
    if out.get(s, 0.0) < w:
        out[s] = w


def _inflections(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es", short + "d", short + "ed")


def _shrinks(word: str) -> set[str]:
    """Deletions and transpositions: the cheap second edit."""
    out = {word[:i] + word[i + 1 :] for i in range(len(word))}
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

    lex = lexicon()
    one = edits(word)
    scored: dict[str, float] = {}
    slips = one
    for w in lex.known(one):
        scored[w] = lex.get(w) * one[w]
    if not scored and second and len(word) >= 6:
        second: dict[str, float] = {}
        for s, weight in one.items():
            for t in _shrinks(s):
                second[t] = max(second.get(t, 0.0), weight * SECOND_EDIT)
        second.pop(word, None)
        for w in lex.known(second):
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
