"""How many more times a string stands in a document's source than in its prose, without counting
it over the whole of either.

The prose is mostly verbatim copies of the source (`SourceMap` segments); the two texts differ
only where the reader left markup, code or an address out, or put a placeholder or a block's
separator in. An occurrence that lies inside one verbatim copy is in both texts and cancels out,
so only the text around the differences needs counting: each verbatim copy is cut down to its
first and last `EDGE` characters (the middle replaced by a character no word holds), in the
source as in the prose, with everything between copies kept whole. For a 10 MB text with a few
addresses that is a few kilobytes, where `str.count` over both texts for every word asked about
made a rule's cost grow with the square of the text.

`Counts.excess(s)` is exactly `source.count(s) - prose.count(s)`; where that cannot be shown
(a string longer than `EDGE`, one that can overlap itself, copies out of order) it counts the
whole texts.
"""

from __future__ import annotations

from typing import Sequence

EDGE = 64  # characters kept at each end of a verbatim copy: strings up to this long are counted
_GAP = "\x00"  # stands for the middle of a copy: in no word, so no occurrence runs across it


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
        if self._around is None or not s or len(s) > EDGE or _GAP in s or _overlaps(s):
            return self.source.count(s) - self.prose.count(s)
        source, prose = self._around
        return source.count(s) - prose.count(s)


def _overlaps(s: str) -> bool:
    """Whether two occurrences of `s` can overlap ('aba' in 'ababa'): `str.count` then skips one,
    and counts of parts do not add up to the count of the whole."""
    return any(s[:k] == s[-k:] for k in range(1, len(s)))


def _around(source: str, prose: str, segments: Sequence[tuple[int, int, int, int, bool]],
            source_from: int, prose_from: int) -> tuple[str, str] | None:
    """The two texts cut down as the module says; None where the copies are not in the same order
    in both texts (the counts then come from the whole texts)."""
    if "σ" in source or "Σ" in source or "ς" in source:
        return None  # lowercasing a capital sigma depends on what follows it: copies may differ
    kept_s: list[str] = []
    kept_p: list[str] = []
    at_s = at_p = 0  # where the text not yet taken starts, in `source` and `prose`
    for p0, plen, s0, slen, verbatim in segments:
        if not verbatim or not plen:
            continue
        p0, s0 = p0 - prose_from, s0 - source_from
        if p0 < 0 or s0 < 0:
            if p0 + plen <= 0 and s0 + slen <= 0:
                continue  # a copy in the front matter, which neither text counts
            return None
        if s0 < at_s or p0 < at_p or plen != slen or source[s0 : s0 + slen] != prose[p0 : p0 + plen]:
            return None
        kept_s.append(source[at_s:s0])
        kept_p.append(prose[at_p:p0])
        copy = prose[p0 : p0 + plen]
        if plen > 2 * EDGE:
            copy = copy[:EDGE] + _GAP + copy[-EDGE:]
        kept_s.append(copy)
        kept_p.append(copy)
        at_s, at_p = s0 + slen, p0 + plen
    kept_s.append(source[at_s:])
    kept_p.append(prose[at_p:])
    return "".join(kept_s), "".join(kept_p)
