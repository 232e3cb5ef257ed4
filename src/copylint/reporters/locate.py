"""Positions the CI formats need beyond the finding's own: edit ranges and byte columns."""

from __future__ import annotations

from ..document import LineIndex
from ..findings import FileResult, Finding, Position


class Locator:
    """Line and column of a source offset; `None` source falls back to the finding's range."""

    def __init__(self, source: str | None) -> None:
        self.source = source
        self._index = LineIndex(source) if source is not None else None

    def position(self, offset: int, finding: Finding) -> Position:
        if self._index is None:
            if offset == finding.end_offset:
                return finding.end
            return finding.start
        line, column = self._index.position(offset)
        return Position(line, column)

    def utf8_column(self, pos: Position) -> int:
        """1-based column counted in UTF-8 bytes (reviewdog's unit)."""
        if self._index is None or pos.line > self._index.count:
            return pos.column
        text = self._index.line_text(pos.line)
        return len(text[: pos.column - 1].encode("utf-8")) + 1 + max(0, pos.column - 1 - len(text))


def locator(result: FileResult) -> Locator:
    from ..baseline import source_of

    return Locator(source_of(result) if result.findings else None)
