"""The words one of which every match of a pattern entry starts with, where that is sure.

A pattern entry ('(would|could|should) of', 'so-called(?=...)') is wrapped to match at a word
start (engine._BEFORE), so in a long text its matches can only start where the word index
lists a word beginning with one of these letters: a match tried at each such place finds what
a scan of the whole text finds, at the cost of the places, not of the text. The analysis is
deliberately narrow: a run of ASCII letters, or a group of plain alternatives of ASCII letters,
at the very start, not quantified, and no alternation at the top level or inline flag anywhere;
anything else gives None, and the pattern is scanned as before.
"""

from __future__ import annotations

import re

from ..multimatch import structure_marks

_LETTERS = re.compile(r"[A-Za-z]+")
# a group of plain alternatives at the start: '(a|b)' or '(?:a|b)'
_GROUP = re.compile(r"\((?:\?:)?([A-Za-z]+(?:\|[A-Za-z]+)*)\)")
_QUANTIFIERS = frozenset("?*+{")


def leading_words(pattern: str) -> tuple[str, ...] | None:
    """The lowercased texts one of which each match of `pattern` begins with, or None."""
    if not _plain_top_level(pattern):
        return None
    m = _GROUP.match(pattern)
    if m is not None:
        if pattern[m.end() : m.end() + 1] in _QUANTIFIERS:
            return None
        return tuple(sorted({alt.lower() for alt in m.group(1).split("|")}))
    m = _LETTERS.match(pattern)
    if m is None:
        return None
    letters = m.group()
    if pattern[m.end() : m.end() + 1] in _QUANTIFIERS:  # the quantifier applies to the last letter
        letters = letters[:-1]
    return (letters.lower(),) if letters else None


def _plain_top_level(pattern: str) -> bool:
    """No '|' outside every group, no inline flag, balanced groups and classes."""
    depth = 0
    for i, mark, depth in structure_marks(pattern):
        if mark == "[":  # a class never closed
            return False
        if mark == "(" and pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!"), i):
            return False  # flags, names, comments, conditionals: not analysed
        if (mark == ")" and depth < 0) or (mark == "|" and depth == 0):
            return False
    return depth == 0
