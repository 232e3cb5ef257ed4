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
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            if i >= n:
                return False
        elif c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!"), i):
                return False  # flags, names, comments, conditionals: not analysed
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return False
        elif c == "|" and depth == 0:
            return False
        i += 1
    return depth == 0
