"""Offsets in code units, as the Language Server Protocol and LanguageTool count them.

copylint counts offsets in code points (Python string indices). LanguageTool and, by
default, every LSP editor count UTF-16 code units: a character outside the Basic
Multilingual Plane (most emoji, some CJK) is one code point but two units. An editor may
also agree on UTF-8 or UTF-32 with the language server. `CodeUnits` converts both ways
for one text, paying only for the characters that take more than one unit.
"""

from __future__ import annotations

import bisect
from . import fastre as re  # re, with compiled patterns kept between runs

_LINE_BREAK_RE = re.compile("\r\n|\r|\n")  # the protocol's line breaks; nothing else ends a line
_WIDE = {
    "utf-16": re.compile("[\U00010000-\U0010ffff]"),
    "utf-8": re.compile("[^\x00-\x7f]"),
    "utf-32": None,
}


class CodeUnits:
    """One text with its line starts and its wide characters indexed once."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        if encoding not in _WIDE:
            raise ValueError(f"unknown position encoding {encoding!r} (utf-8, utf-16 or utf-32)")
        self.text = text
        self.encoding = encoding
        wide = _WIDE[encoding]
        self._wide: list[int] = []  # code-point offsets of characters wider than one unit
        self._extra: list[int] = [0]  # extra units of the wide characters before each one, then all
        if wide is not None:
            codec = "utf-16-le" if encoding == "utf-16" else "utf-8"
            step = 2 if encoding == "utf-16" else 1
            for m in wide.finditer(text):
                self._wide.append(m.start())
                self._extra.append(self._extra[-1] + len(m.group().encode(codec)) // step - 1)
        self._lines = [0] + [m.end() for m in _LINE_BREAK_RE.finditer(text)]

    def units(self, offset: int) -> int:
        """The offset in code units of code-point `offset` (clamped to the text)."""
        offset = min(max(offset, 0), len(self.text))
        return offset + self._extra[bisect.bisect_left(self._wide, offset)]

    def length(self, start: int, end: int) -> int:
        """How many code units text[start:end] takes."""
        return self.units(end) - self.units(start)

    def from_units(self, units: int) -> int:
        """The code-point offset at `units` (inside a character's units: that character's start)."""
        lo, hi = 0, len(self._wide)
        while lo < hi:  # how many wide characters start before `units`
            mid = (lo + hi) // 2
            if self._wide[mid] + self._extra[mid] < units:
                lo = mid + 1
            else:
                hi = mid
        if lo and units < self._wide[lo - 1] + self._extra[lo]:  # inside the last one's units
            return self._wide[lo - 1]
        return min(max(units - self._extra[lo], 0), len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character): a 0-based line and the code units before `offset` on it."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self._lines, offset) - 1
        return line, self.units(offset) - self.units(self._lines[line])

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position; past a line's end means its end."""
        if line < 0:
            return 0
        if line >= len(self._lines):
            return len(self.text)
        start = self._lines[line]
        at = self.from_units(self.units(start) + max(character, 0))
        return min(at, self.line_end(line))

    def line_end(self, line: int) -> int:
        """The code-point offset where `line`'s text ends (before its line break)."""
        line = min(max(line, 0), len(self._lines) - 1)
        end = self._lines[line + 1] if line + 1 < len(self._lines) else len(self.text)
        return self._lines[line] + len(self.text[self._lines[line]:end].rstrip("\r\n"))
