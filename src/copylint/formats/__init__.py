"""One reader per input format; each turns source text into a Document."""

from __future__ import annotations

import os
import re
from typing import Any

from ..document import Comment, Document, LineIndex, ProseBuilder

FORMATS = ("markdown", "text", "html")
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
DEFAULT_PROSE_KEYS = (
    "title",
    "subtitle",
    "headline",
    "description",
    "summary",
    "excerpt",
    "dek",
    "standfirst",
    "lede",
    "caption",
    "alt",
)

# An inline directive or any comment: <!-- ... -->
COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
_PIECE_RE = re.compile(r"\S+|\s+")


def format_for(path: str, default: str = "text") -> str:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), default)


def read_document(
    path: str,
    text: str,
    fmt: str | None = None,
    prose_keys: tuple[str, ...] = DEFAULT_PROSE_KEYS,
) -> Document:
    fmt = fmt or format_for(path)
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown(path, text, prose_keys)
    if fmt == "html":
        from .html import read_html

        return read_html(path, text)
    from .text import read_text

    return read_text(path, text)


def align(builder: ProseBuilder, value: str, raw: str, raw_offset: int) -> None:
    """Add `value` to the prose, mapping each word to where it stands in `raw`.

    For text whose source differs in whitespace or escapes (folded YAML, entities):
    words found verbatim map exactly, the rest map to the nearest known place.
    """
    cursor = 0
    for m in _PIECE_RE.finditer(value):
        piece = m.group()
        if piece.isspace():
            nxt = len(raw)
            following = value[m.end() :].split(None, 1)
            if following:
                found = raw.find(following[0], cursor)
                nxt = found if found >= 0 else cursor
            builder.replaced(piece, raw_offset + cursor, raw_offset + max(nxt, cursor))
            cursor = max(nxt, cursor)
            continue
        found = raw.find(piece, cursor)
        if found < 0:
            builder.replaced(piece, raw_offset + cursor, raw_offset + cursor)
            continue
        builder.text(piece, raw_offset + found)
        cursor = found + len(piece)


def comments_in(text: str, skip: list[tuple[int, int]] | None = None) -> tuple[Comment, ...]:
    """Every HTML comment in the source, except those inside the `skip` spans (code)."""
    found = []
    for m in COMMENT_RE.finditer(text):
        if skip and any(a <= m.start() < b for a, b in skip):
            continue
        found.append(Comment(m.start(), m.end(), m.group(1).strip()))
    return tuple(found)


def front_matter(
    text: str, builder: ProseBuilder, prose_keys: tuple[str, ...]
) -> tuple[int, dict[str, Any], list[tuple[int, int, str]]]:
    """Read YAML front matter at the top of `text` into the builder.

    Returns the offset where the body starts (0 without front matter), the metadata
    and any problems (source start, end, message) found while reading it.
    """
    from .frontmatter import read_front_matter

    return read_front_matter(text, builder, prose_keys)


__all__ = [
    "FORMATS",
    "EXTENSIONS",
    "DEFAULT_PROSE_KEYS",
    "format_for",
    "read_document",
    "align",
    "comments_in",
    "front_matter",
    "LineIndex",
]
