"""Word documents (.docx), read with python-docx (the optional extra `copylint[docx]`).

Freelancers file copy as Word documents. The reader turns one into a text view, one line
per paragraph in reading order: the body's paragraphs and headings, each table cell's
paragraphs (row by row, a merged cell once), then the footnotes. That text view is the Document's `source`, so line:column in any report is paragraph and
character; each finding also carries its `place` in Word's terms ("paragraph 12,
character 5", "table 1, row 2, cell 3, character 1", "footnote 2, character 14",
"paragraph 4, character 3 (the text comment 1 is on)": Word's comments are not
linted, since editors write notes and TKs there, but the text they are anchored to is).

A soft line break or a tab inside a paragraph stands as one space or tab in the view, so
characters keep their count. Fixes are never written back: `--fix` on a .docx is refused
(the linter says so), since python-docx cannot rewrite runs without losing formatting.
"""

from __future__ import annotations

import io
from typing import Any, Iterator

from ..document import Document, ProseBuilder

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


class Places:
    """Where a text-view offset is in Word's terms: the paragraph (or cell, footnote) and the
    character in it, and the comment whose anchor holds it, if any."""

    def __init__(self, starts: list[tuple[int, str]], anchors: list[tuple[int, int, str]]) -> None:
        self._offsets = [o for o, _label in starts]
        self._labels = [label for _o, label in starts]
        self._anchors = anchors

    def describe(self, offset: int) -> str:
        import bisect

        i = bisect.bisect_right(self._offsets, offset) - 1
        if i < 0:
            return ""
        where = f"{self._labels[i]}, character {offset - self._offsets[i] + 1}"
        notes = [label for a, b, label in self._anchors if a <= offset < max(b, a + 1)]
        return where + (f" (the text {notes[0]} is on)" if notes else "")


def read_docx(path: str, data: bytes) -> Document:
    from ..textio import ReadError

    try:
        import docx
    except ImportError:  # Reader.read says so before we get here; a direct caller hears it too
        raise ReadError("reading DOCX files needs python-docx: pip install 'copylint[docx]'") from None
    try:
        document = docx.Document(io.BytesIO(data))
        parts = list(_parts(document))
    except Exception as exc:  # not a zip, no word/document.xml, broken XML: one line, not a traceback
        raise ReadError(f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    lines = [_line(text) for _scope, _place, text, _anchors in parts]
    source = "\n".join(lines) + ("\n" if lines else "")
    builder = ProseBuilder(source)
    starts: list[tuple[int, str]] = []
    anchors: list[tuple[int, int, str]] = []
    numbers = _comment_numbers(document)
    offset = 0
    for (scope, place, _text, spans), line in zip(parts, lines):
        starts.append((offset, place))
        for cid, a, b in spans:
            anchors.append((offset + a, offset + b, f"comment {numbers.get(cid, cid)}"))
        if line.strip():
            builder.start_block(scope)
            builder.text(line, offset)
        offset += len(line) + 1
    prose, source_map, blocks = builder.build()
    return Document(path=path, source=source, format="docx", prose=prose, source_map=source_map, blocks=blocks,
                    places=Places(starts, anchors))


def _line(text: str) -> str:
    # one paragraph, one line: a soft break (w:br, w:cr) is already a space of the same length
    return text.replace("\n", " ").replace("\r", " ")


def _comment_numbers(document: Any) -> dict[str, int]:
    """Comment id -> its number in the comments pane (1, 2, ...), where python-docx can read them."""
    try:
        return {str(c.comment_id): n for n, c in enumerate(document.comments, 1)}
    except Exception:  # python-docx before 1.2, or a comments part it cannot read
        return {}


Part = tuple[str, str, str, list[tuple[str, int, int]]]  # scope, place, text, comment anchors in the text


def _parts(document: Any) -> Iterator[Part]:
    """Every paragraph of the document in reading order: body and tables, then footnotes."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraph_no = table_no = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraph_no += 1
            text, spans = paragraph_text(item._p)
            yield _scope(item), f"paragraph {paragraph_no}", text, spans
        elif isinstance(item, Table):
            table_no += 1
            yield from _table(item, f"table {table_no}")
    yield from _footnotes(document)


def paragraph_text(p: Any) -> tuple[str, list[tuple[str, int, int]]]:
    """A w:p element's text as Word shows it (inserted text in, deleted text and field codes
    out) and the spans comments are anchored to, as (comment id, start, end) in that text."""
    out: list[str] = []
    length = 0
    opened: dict[str, int] = {}
    spans: list[tuple[str, int, int]] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen",
                     f"{_W}commentRangeStart", f"{_W}commentRangeEnd"):
        tag = el.tag
        if tag == f"{_W}t":
            piece = el.text or ""
        elif tag == f"{_W}tab":
            piece = "\t"
        elif tag == f"{_W}noBreakHyphen":
            piece = "-"
        elif tag in (f"{_W}br", f"{_W}cr"):
            piece = " "
        elif tag == f"{_W}commentRangeStart":
            opened[el.get(f"{_W}id", "")] = length
            continue
        else:
            cid = el.get(f"{_W}id", "")
            if cid in opened:
                spans.append((cid, opened.pop(cid), length))
            continue
        out.append(piece)
        length += len(piece)
    spans.extend((cid, a, length) for cid, a in opened.items())  # an anchor running on past this paragraph
    return "".join(out), spans


def _scope(paragraph: Any) -> str:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.startswith(("Heading", "Title", "Subtitle")):
        return "heading"
    if name.startswith(("Quote", "Intense Quote")):
        return "blockquote"
    if name.startswith("Caption"):
        return "caption"
    if name.startswith("List"):
        return "list_item"
    return "paragraph"


def _table(table: Any, label: str) -> Iterator[Part]:
    seen: dict[int, Any] = {}  # id -> the element, kept alive so that its id is not reused
    for r, row in enumerate(table.rows, 1):
        for c, cell in enumerate(row.cells, 1):
            if seen.get(id(cell._tc)) is cell._tc:  # a merged cell shows in each row/column it spans
                continue
            seen[id(cell._tc)] = cell._tc
            for p, paragraph in enumerate(cell.paragraphs, 1):
                extra = f", paragraph {p}" if len(cell.paragraphs) > 1 else ""
                text, spans = paragraph_text(paragraph._p)
                yield "table", f"{label}, row {r}, cell {c}{extra}", text, spans
            for n, inner in enumerate(cell.tables, 1):
                yield from _table(inner, f"{label}, row {r}, cell {c}, table {n}")


def _footnotes(document: Any) -> Iterator[Part]:
    """python-docx does not read footnotes: their part's XML is read here."""
    from lxml import etree

    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == _FOOTNOTES_REL and not rel.is_external), None)
    if part is None:
        return
    root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    number = 0
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        number += 1
        paragraphs = list(note.iter(f"{_W}p"))
        for i, p in enumerate(paragraphs, 1):
            extra = f", paragraph {i}" if len(paragraphs) > 1 else ""
            text, spans = paragraph_text(p)
            yield "paragraph", f"footnote {number}{extra}", text, spans
