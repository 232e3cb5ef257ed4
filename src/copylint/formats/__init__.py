"""Readers: one per input format, each turning a file into a Document; plugins add more.

A reader is a `Reader`: its name, the file extensions it reads, and how it reads. A
text format (Markdown, plain text, HTML) gives `parse(path, text, prose_keys, hidden)`: the
linter decodes the bytes (BOM, encoding, line endings), and a fix is an edit of that
text written back in the same encoding. A binary format (DOCX) gives `read_bytes(path,
data)`; its Document's `source` is a text view, and fixes are refused, since the edits
could not be written back into the file.

Readers come from the `copylint.formats` entry-point group (each entry point names a
`Reader`); the built-in ones below are registered there too. Every list of extensions
(the folders walked, the pre-commit hook, the GitHub action) derives from them.
"""

from __future__ import annotations

import bisect
import itertools
import os
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Iterator

from ..document import Comment, Document, LineIndex, ProseBuilder

ENTRY_POINT_GROUP = "copylint.formats"
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


@dataclass(frozen=True)
class Reader:
    """One input format: its name, its extensions and how to read it (see the module doc)."""

    name: str
    extensions: tuple[str, ...]
    # text formats: parse(path, text, prose_keys, hidden), `hidden` the source spans that are
    # markup, not prose (template tags, a config's ignore patterns: markup.py), to be placeholders
    parse: Callable[[str, str, tuple[str, ...], tuple[tuple[int, int], ...]], Document] | None = None
    read_bytes: Callable[[str, bytes], Document] | None = None  # binary formats
    requires: str = ""  # a module of an optional extra the reader imports when it reads
    extra: str = ""  # that extra: `pip install copylint[<extra>]`

    @property
    def writable(self) -> bool:
        """Whether fixes can be written back: text formats only."""
        return self.parse is not None

    def missing(self) -> str:
        """Why this reader cannot read here ("" when it can): its optional module is absent."""
        if not self.requires:
            return ""
        import importlib.util

        if importlib.util.find_spec(self.requires) is None:
            return (f"reading {self.name.upper()} files needs {self.requires}: "
                    f"pip install 'copylint[{self.extra or self.name}]'")
        return ""

    def read(self, path: str, data: bytes, prose_keys: tuple[str, ...] = DEFAULT_PROSE_KEYS) -> Document:
        """The Document for a file's bytes; raises textio.ReadError for bytes it cannot read."""
        if self.parse is not None:
            from ..markup import hidden_spans
            from ..textio import decode

            text = decode(data).text
            return self.parse(path, text, prose_keys, hidden_spans(text, self.name))
        assert self.read_bytes is not None
        why = self.missing()
        if why:
            from ..textio import ReadError

            raise ReadError(why)
        return self.read_bytes(path, data)


Spans = tuple[tuple[int, int], ...]


def _markdown(path: str, text: str, prose_keys: tuple[str, ...], hidden: Spans = ()) -> Document:
    from .markdown import read_markdown

    return read_markdown(path, text, prose_keys, hidden)


class _MarkdownParse:
    """The Markdown reader's `parse` in one `Readers` (a session's): it keeps its parser."""

    def __init__(self) -> None:
        self._parser: Any = None

    def __call__(self, path: str, text: str, prose_keys: tuple[str, ...], hidden: Spans = ()) -> Document:
        from .markdown import new_parser, read_markdown

        if self._parser is None:
            self._parser = new_parser()
        return read_markdown(path, text, prose_keys, hidden, self._parser)


def _html(path: str, text: str, prose_keys: tuple[str, ...], hidden: Spans = ()) -> Document:
    from .html import read_html

    return read_html(path, text, hidden)


def _text(path: str, text: str, prose_keys: tuple[str, ...], hidden: Spans = ()) -> Document:
    from .text import read_text

    return read_text(path, text, hidden)


def _docx(path: str, data: bytes) -> Document:
    from .docx import read_docx

    return read_docx(path, data)


MARKDOWN = Reader("markdown", (".md", ".markdown", ".mdown"), parse=_markdown)
TEXT = Reader("text", (".txt", ".text"), parse=_text)
HTML = Reader("html", (".html", ".htm", ".xhtml"), parse=_html)
DOCX = Reader("docx", (".docx",), read_bytes=_docx, requires="docx", extra="docx")
BUILTIN = (MARKDOWN, TEXT, HTML, DOCX)


class Readers:
    """The readers in force: the built-in ones and those of installed plugins, by name.

    A Session loads them once (`Readers.load()`); a plugin that fails to load is
    reported in `errors` and the others stay.
    """

    def __init__(self, readers: Iterable[Reader] = BUILTIN, errors: tuple[str, ...] = ()) -> None:
        self.by_name: dict[str, Reader] = {}
        for reader in readers:
            if reader.parse is _markdown:  # the built-in Markdown reader: with a parser of its own
                reader = replace(reader, parse=_MarkdownParse())
            self.by_name[reader.name] = reader
        self.errors = errors
        self.by_extension: dict[str, Reader] = {}
        for reader in self.by_name.values():
            for ext in reader.extensions:
                self.by_extension.setdefault(ext.lower(), reader)

    @classmethod
    def load(cls) -> Readers:
        from ..entrypoints import entry_points

        found: list[Reader] = list(BUILTIN)
        errors: list[str] = []
        for ep in sorted(entry_points(ENTRY_POINT_GROUP), key=lambda e: e.name):
            try:
                obj = ep.load()
                reader = obj() if callable(obj) and not isinstance(obj, Reader) else obj
                if not isinstance(reader, Reader):
                    raise TypeError(f"not a copylint.formats.Reader: {reader!r}")
            except Exception as exc:  # a broken plugin must not sink the run
                errors.append(f"format plugin '{ep.name}' ({ep.value}) failed to load: {type(exc).__name__}: {exc}")
                continue
            found.append(reader)
        return cls(found, tuple(errors))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.by_name)

    def extensions(self) -> tuple[str, ...]:
        """Every extension a reader here can read now (a reader whose extra is missing left out)."""
        return tuple(ext for reader in self.by_name.values() if not reader.missing() for ext in reader.extensions)

    def for_path(self, path: str, fmt: str | None = None) -> Reader:
        """The reader named `fmt`, else the one for the path's extension, else plain text."""
        if fmt is not None:
            try:
                return self.by_name[fmt]
            except KeyError:
                raise ValueError(f"unknown format '{fmt}' (formats: {', '.join(self.by_name)})") from None
        return self.by_extension.get(os.path.splitext(path)[1].lower(), self.by_name.get("text", TEXT))


FORMATS = tuple(r.name for r in BUILTIN)
EXTENSIONS = {ext: r.name for r in BUILTIN for ext in r.extensions}  # the built-in readers' (no plugins)
TEXT_EXTENSIONS = tuple(ext for r in BUILTIN if r.writable for ext in r.extensions)


def format_for(path: str, default: str = "text") -> str:
    """The built-in format for a path's extension (plugins: `Readers.for_path`)."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), default)


def read_document(
    path: str,
    text: str,
    fmt: str | None = None,
    prose_keys: tuple[str, ...] = DEFAULT_PROSE_KEYS,
    ignore: Any = None,
    timeout: float = 5.0,
    readers: Readers | None = None,
) -> Document:
    """The Document of `text` in a text format (by name, or from the path); template tags,
    shortcodes and other markup (markup.py), and the spans a config's `ignore` patterns
    match, are placeholders in its prose."""
    from ..markup import hidden_spans

    reader = (readers or Readers(BUILTIN)).for_path(path, fmt)
    if reader.parse is None:
        raise ValueError(f"{reader.name} is a binary format: read it from its bytes (Reader.read)")
    return reader.parse(path, text, prose_keys, hidden_spans(text, reader.name, ignore, timeout))


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


def iter_comments(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, inner text) of each `<!-- ... -->` in text[start:end], in linear time.

    A regex would look for the end of every unclosed `<!--` again from each one (50,000 of
    them took minutes); once no `-->` follows, no later comment can close either.
    """
    end = len(text) if end is None else end
    pos = start
    while True:
        open_at = text.find("<!--", pos, end)
        if open_at < 0:
            return
        close_at = text.find("-->", open_at + 4, end)
        if close_at < 0:
            return
        yield open_at, close_at + 3, text[open_at + 4 : close_at]
        pos = close_at + 3


def comments_in(text: str, skip: list[tuple[int, int]] | None = None) -> tuple[Comment, ...]:
    """Every HTML comment in the source, except those inside the `skip` spans (code)."""
    found = []
    spans = sorted(skip or ())
    starts = [a for a, _b in spans]
    reach = list(itertools.accumulate((b for _a, b in spans), max))  # furthest end of the spans so far
    for start, end, inner in iter_comments(text):
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < reach[i]:
            continue
        found.append(Comment(start, end, inner.strip()))
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
    "Reader",
    "Readers",
    "BUILTIN",
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
