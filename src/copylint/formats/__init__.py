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


def format_for(path: str, default: str = "text") -> str:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), default)


def read_document(
    path: str,
    text: str,
    fmt: str | None = None,
    prose_keys: tuple[str, ...] = DEFAULT_PROSE_KEYS,
    ignore: Any = None,
    timeout: float = 5.0,
) -> Document:
    """The Document of `text`; template tags, shortcodes and other markup (markup.py), and the
    spans a config's `ignore` patterns match, are placeholders in its prose."""
    from ..markup import hidden_spans

    fmt = fmt or format_for(path)
    hidden = hidden_spans(text, fmt, ignore, timeout)
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown(path, text, prose_keys, hidden)
    if fmt == "html":
        from .html import read_html

        return read_html(path, text, hidden)
    from .text import read_text

    return read_text(path, text, hidden)


_YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}
_YAML_HEX = {"x": 2, "u": 4, "U": 8}
_ENTITY_RE = re.compile(r"&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def _escape_at(raw: str, j: int, escapes: str) -> tuple[str, int] | None:
    """The text an escape at raw[j] stands for and the raw offset after it, if one is there."""
    ch = raw[j]
    if escapes == "yaml-double" and ch == "\\" and j + 1 < len(raw):
        nxt = raw[j + 1]
        if nxt in _YAML_HEX:
            digits = raw[j + 2 : j + 2 + _YAML_HEX[nxt]]
            try:
                return chr(int(digits, 16)), j + 2 + len(digits)
            except ValueError:
                return None
        if nxt in "\r\n":  # an escaped line break joins the lines
            k = j + 1
            while k < len(raw) and raw[k] in " \t\r\n":
                k += 1
            return "", k
        if nxt in _YAML_ESCAPES:
            return _YAML_ESCAPES[nxt], j + 2
    elif escapes == "yaml-single" and raw.startswith("\'\'", j):
        return "\'", j + 2
    elif escapes == "html" and ch == "&":
        m = _ENTITY_RE.match(raw, j)
        if m:
            from html import unescape

            return unescape(m.group()), m.end()
    return None


def align(builder: ProseBuilder, value: str, raw: str, raw_offset: int, escapes: str = "") -> None:
    """Add `value` to the prose, mapping each character to where it stands in `raw`.

    For text whose source differs from its value by quoting, escapes (`escapes`:
    "yaml-double", "yaml-single" or "html"), indentation or line folding (YAML
    scalars, HTML attributes): characters that stand verbatim in `raw` map exactly,
    an escape maps to the whole escape, and a run of whitespace to the run it folds.
    """
    i = j = 0
    run_start = -1  # start (in value) of the pending verbatim run
    n, m = len(value), len(raw)

    def flush(upto: int) -> None:
        nonlocal run_start
        if run_start >= 0:
            builder.text(value[run_start:upto], raw_offset + j - (upto - run_start))
            run_start = -1

    while i < n:
        c = value[i]
        esc = _escape_at(raw, j, escapes) if escapes and j < m and raw[j] in "\\&'" else None
        if esc is not None and (not esc[0] or value.startswith(esc[0], i)):
            flush(i)
            text, after = esc
            if text:
                builder.replaced(text, raw_offset + j, raw_offset + after)
                i += len(text)
            j = after
            continue
        if j < m and raw[j] == c:
            if run_start < 0:
                run_start = i
            i += 1
            j += 1
            continue
        flush(i)
        if c.isspace() and j < m and raw[j].isspace():
            i2 = i
            while i2 < n and value[i2].isspace():
                i2 += 1
            j2 = j
            while j2 < m and raw[j2].isspace():
                j2 += 1
            builder.replaced(value[i:i2], raw_offset + j, raw_offset + j2)
            i, j = i2, j2
            continue
        if j < m:  # quoting, a block header, indentation or a tag: not part of the value
            j += 1
            continue
        builder.replaced(value[i:], raw_offset + m, raw_offset + m)
        return
    flush(n)


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
