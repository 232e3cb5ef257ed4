"""Plain text: paragraphs are separated by blank lines; every character is prose."""

from __future__ import annotations

from ..document import Document, LineIndex, ProseBuilder
from . import COMMENT_RE, comments_in


def read_text(path: str, text: str) -> Document:
    builder = ProseBuilder()
    lines = LineIndex(text)
    in_block = False
    for number in range(1, lines.count + 1):
        start, end = lines.line_span(number)
        line = text[start:end]
        stripped = line.strip()
        if not stripped or COMMENT_RE.fullmatch(stripped):
            if in_block:
                builder.end_block()
                in_block = False
            continue
        if in_block:
            prev_end = lines.line_span(number - 1)[1]
            builder.replaced("\n", prev_end, start)
        else:
            builder.start_block("paragraph")
            in_block = True
        builder.text(line, start)
    prose, source_map, blocks = builder.build()
    return Document(path, text, "text", prose, source_map, blocks, comments=comments_in(text))
