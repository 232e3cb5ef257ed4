"""Plain text: paragraphs are separated by blank lines; every character is prose."""

from __future__ import annotations

from .. import fastre as re
from ..document import Document, LineIndex, ProseBuilder
from . import COMMENT_RE, comments_in, iter_comments


# a paragraph: lines with something besides whitespace on them, one after another (tried at
# line starts only; a blank run fails at once, so the scan is linear, however long the lines)
_PARAGRAPH_RE = re.compile(r"^[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*", re.MULTILINE)


def read_text(path: str, text: str, hidden: tuple[tuple[int, int], ...] = ()) -> Document:
    builder = ProseBuilder(text, hidden)
    if "\r" not in text and "<!--" not in text:
        # line breaks are LF only and no line is a comment (most copy): one C-speed scan finds
        # the paragraphs that the loop finds line by line
        builder.verbatim_blocks((m.span() for m in _PARAGRAPH_RE.finditer(text)), "paragraph")
    else:
        starts = LineIndex(text).starts
        for start, end in paragraph_spans(text, starts):
            _paragraph(builder, text, starts, start, end)
    prose, source_map, blocks = builder.build()
    return Document(path, text, "text", prose, source_map, blocks, comments=comments_in(text))


def paragraph_spans(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: from its first line's start to its last line's end
    (before the line break); a blank line or a line that is a comment ends one."""
    spans = []
    count = len(starts)
    para_start = -1  # source offset where the current paragraph's first line starts
    para_end = 0  # source offset where its last line ends (before the line break)
    for number in range(count):
        start = starts[number]
        end = starts[number + 1] if number + 1 < count else len(text)
        line = text[start:end].rstrip("\r\n")
        stripped = line.strip()
        if not stripped or (stripped.startswith("<!--") and COMMENT_RE.fullmatch(stripped)):
            if para_start >= 0:
                spans.append((para_start, para_end))
                para_start = -1
            continue
        if para_start < 0:
            para_start = start
        para_end = start + len(line)
    if para_start >= 0:
        spans.append((para_start, para_end))
    return spans


def _paragraph(builder: ProseBuilder, text: str, starts: list[int], start: int, end: int) -> None:
    """One block of consecutive lines; each line break becomes "\n" in the prose."""
    builder.start_block("paragraph")
    body = text[start:end]
    if "\r" not in body:  # LF breaks are their own prose: the paragraph is one verbatim run
        _emit(builder, body, start)
    else:
        import bisect

        first = bisect.bisect_left(starts, start)
        for i in range(first, len(starts)):
            line_start = starts[i]
            if line_start >= end:
                break
            line_end = min(starts[i + 1] if i + 1 < len(starts) else len(text), end)
            line = text[line_start:line_end].rstrip("\r\n")
            if i > first:
                builder.replaced("\n", prev_end, line_start)
            _emit(builder, line, line_start)
            prev_end = line_start + len(line)
    builder.end_block()


def _emit(builder: ProseBuilder, run: str, at: int) -> None:
    """Add a run of prose; a comment in it (a directive after the text) is not prose."""
    if "<!--" not in run:
        builder.text(run, at)
        return
    pos = 0
    for start, end, _inner in iter_comments(run):
        builder.text(run[pos:start], at + pos)
        builder.placeholder(at + start, at + end)
        pos = end
    builder.text(run[pos:], at + pos)
