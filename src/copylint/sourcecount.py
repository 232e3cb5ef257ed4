"""How many more times a string stands in a document's source than in its prose, without counting
it over the whole of either.

The prose is mostly verbatim copies of the source (`SourceMap` segments); the two texts differ
only where the reader left markup, code or an address out, or put a placeholder or a block's
separator in. A string without a space cannot run across one, so an occurrence that touches a
copy between its first and its last space lies inside that copy, in both texts, and cancels out.
Only the rest needs counting: each copy is cut down to its text up to its first space and from
its last space on (the middle replaced by a character no word holds), in the source as in the
prose, with everything between copies kept whole. What is left is a word or two a paragraph,
where `str.count` over both whole texts for every word asked about made a rule's cost grow with
the square of the text.

`Counts.excess(s)` is exactly `source.count(s) - prose.count(s)`: counts add up over the runs
between spaces, which the cut keeps whole or leaves out of both texts alike. Where that cannot be
shown (a string with a space, a capital sigma, two copies of the same source text) it counts the
whole texts.
"""

from __future__ import annotations

from typing import Sequence

_GAP = "\x00"  # stands for the middle of a copy: in no word


class Counts:
    """Counts in `source` and `prose`: the document's texts from `source_from` and `prose_from`
    on, lowercased, where the `segments` (the document's `SourceMap`) give offsets in the whole
    texts. Lowercasing must have kept every length, or no segment would line up: otherwise
    `lined_up` is False and the whole texts are counted."""

    def __init__(self, source: str, prose: str, segments: Sequence[tuple[int, int, int, int, bool]],
                 source_from: int = 0, prose_from: int = 0, lined_up: bool = True) -> None:
        self.source, self.prose = source, prose
        self._around = _around(source, prose, segments, source_from, prose_from) if lined_up else None

    def excess(self, s: str) -> int:
        """`source.count(s) - prose.count(s)`."""
        if self._around is None or not s or " " in s or _GAP in s:
            return self.source.count(s) - self.prose.count(s)
        source, prose = self._around
        return source.count(s) - prose.count(s)


def _around(source: str, prose: str, segments: Sequence[tuple[int, int, int, int, bool]],
            source_from: int, prose_from: int) -> tuple[str, str] | None:
    """The two texts with the middle of each verbatim copy left out, as the module says; None
    where two copies take the same source text (the counts then come from the whole texts).

    Copies need not stand in the same order in both texts (a reader may take a link's definition
    or a table's cells out of order): the middle of a copy is the same text wherever it stands."""
    if "σ" in source or "ς" in source:
        return None  # lowercasing a capital sigma depends on what follows it: copies may differ
    middles: list[tuple[int, int, int]] = []  # (source start, prose start, length) of each middle
    for p0, plen, s0, slen, verbatim in segments:
        if not verbatim or not plen:
            continue
        p0, s0 = p0 - prose_from, s0 - source_from
        if p0 < 0 or s0 < 0:
            if p0 + plen <= 0 and s0 + slen <= 0:
                continue  # a copy in the front matter, which neither text counts
            return None
        copy = prose[p0 : p0 + plen]
        if plen != slen or source[s0 : s0 + slen] != copy:
            return None  # lowercasing changed a copy (or a reader's copy that is not one)
        first, last = copy.find(" "), copy.rfind(" ")
        if last - first > 1:
            middles.append((s0 + first + 1, p0 + first + 1, last - first - 1))
    kept_p = _cut(prose, [(p0, n) for _s0, p0, n in middles])
    by_source = sorted((s0, n) for s0, _p0, n in middles)
    if any(s0 < b0 + bn for (b0, bn), (s0, _n) in zip(by_source, by_source[1:])):
        return None
    return _cut(source, by_source), kept_p


def _cut(text: str, middles: list[tuple[int, int]]) -> str:
    """`text` with each middle (start, length: in order, apart) as one `_GAP`."""
    kept: list[str] = []
    at = 0
    for start, n in middles:
        kept.append(text[at:start])
        kept.append(_GAP)
        at = start + n
    kept.append(text[at:])
    return "".join(kept)
