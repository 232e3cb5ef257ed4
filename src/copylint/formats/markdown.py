"""Markdown (CommonMark with tables and strikethrough) with YAML front matter.

markdown-it-py gives source lines for blocks but not for inline tokens, so each inline
token is aligned against its raw content with a cursor, and each content line against
its source line. Text, entities and escapes map exactly; code, URLs, HTML and link
targets are left out of the prose.
"""

from __future__ import annotations

import bisect
from .. import fastre as re  # re, with compiled patterns kept between runs
from typing import Any

from ..document import PLACEHOLDER, Comment, Document, LineIndex, ProseBuilder
from . import comments_in, front_matter
from .html import read_html_into

_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PROSE_ATTR_RE = re.compile(r"\salt\s*=", re.IGNORECASE)  # alt text is prose; a title (tooltip) is not
_CONTAINER_SCOPES = {"blockquote_open": "blockquote", "list_item_open": "list_item"}


MAX_NESTING = 100  # docs/limits.md


def new_parser() -> Any:
    """A markdown-it parser set up as this reader needs it (cheap: a tenth of a millisecond).

    A session's readers keep one (formats.Readers); nothing keeps one at module level.
    """
    from markdown_it import MarkdownIt

    # markdown-it stops reading at this depth and drops the rest of the file (CommonMark's
    # preset says 20: ten nested lists); deeper than this the reader says what it skipped
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.disable("text_join")  # keep entities and escapes as their own tokens, with markup
    return md


class _LineMap:
    """Maps offsets in an inline token's content to offsets in the source."""

    def __init__(self, content: str, first_line: int, lines: LineIndex, source: str, hint: int = 0,
                 last_line: int | None = None) -> None:
        self.content_starts: list[int] = []
        self.source_starts: list[int] = []
        self.ends: list[int] = []
        pieces = content.split("\n")
        first_line += _stripped_lines(pieces, first_line, last_line, lines, source)
        pos = 0
        for i, piece in enumerate(pieces):
            number = first_line + i + 1
            if number > lines.count:
                number = lines.count
            s, e = lines.line_span(number)
            src_line = source[s:e]
            # markdown-it keeps a continuation line's indentation, but a tab may come out as
            # spaces: align the text after it, and map the indentation to the line's own
            lead = len(piece) - len(piece.lstrip(" \t"))
            core = piece[lead:]
            offset = -1
            trimmed = core.rstrip()
            if trimmed and src_line.rstrip().endswith(trimmed):
                offset = len(src_line.rstrip()) - len(trimmed)
            if offset < 0 or (i == 0 and hint > s and s + offset < hint):
                found = src_line.find(core, max(hint - s, 0) if i == 0 else 0) if core else -1
                offset = found if found >= 0 else (offset if offset >= 0 else len(src_line) - len(src_line.lstrip()))
            if lead:
                self.content_starts.append(pos)
                self.source_starts.append(s + max(offset - lead, 0))
                self.ends.append(e)
            self.content_starts.append(pos + lead)
            self.source_starts.append(s + offset)
            self.ends.append(e)
            pos += len(piece) + 1

    @classmethod
    def cell(cls, content: str, first_line: int, lines: LineIndex, source: str, hint: int) -> _LineMap | None:
        """A table cell whose `\\|` escapes markdown-it has already turned into `|`."""
        s, e = lines.line_span(min(first_line + 1, lines.count))
        m = re.compile(re.escape(content).replace(r"\|", r"\\\|")).search(source, max(hint, s), e)
        if m is None:
            return None
        self = cls.__new__(cls)
        self.content_starts, self.source_starts = [0], [m.start()]
        pos = m.start()
        for k, ch in enumerate(content):
            if ch == "|":
                pos += 1  # the backslash, left out of the content
                self.content_starts.append(k)
                self.source_starts.append(pos)
            pos += 1
        self.ends = [e] * len(self.content_starts)
        return self

    def __call__(self, offset: int) -> int:
        i = bisect.bisect_right(self.content_starts, offset) - 1
        return self.source_starts[i] + offset - self.content_starts[i]

    def runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """Content [start, end) cut where the map jumps, so each run is contiguous in the source."""
        out = []
        first = bisect.bisect_right(self.content_starts, start)  # cuts are sorted: look at those inside only
        last = bisect.bisect_left(self.content_starts, end, first)
        for cut in self.content_starts[first:last]:
            out.append((start, cut))
            start = cut
        out.append((start, end))
        return out

    def newline_span(self, offset: int) -> tuple[int, int]:
        """Source span of the line break at content `offset` (end of one line to start of the next)."""
        i = bisect.bisect_right(self.content_starts, offset) - 1
        start = min(self(offset), self.ends[i])
        nxt = self.source_starts[i + 1] if i + 1 < len(self.source_starts) else start
        return start, max(nxt, start)


def _stripped_lines(pieces: list[str], first_line: int, last_line: int | None, lines: LineIndex, source: str) -> int:
    """How many source lines markdown-it dropped before a block's content.

    It strips a paragraph's content with `str.strip()`, which also takes Unicode whitespace
    (NBSP, thin or ideographic space): a leading line holding only such characters is not
    blank to CommonMark, so it is inside the block's line range but not in its content.
    The content's first line is then the first source line that holds its text.
    """
    if last_line is None:
        return 0
    extra = (last_line - first_line) - len(pieces)
    core = pieces[0].strip()
    if extra <= 0 or not core:
        return 0
    for k in range(extra + 1):
        number = min(first_line + k + 1, lines.count)
        s, e = lines.line_span(number)
        if core in source[s:e]:
            return k
    return 0


def _skip_code_span(content: str, at: int, markup: str) -> int:
    """Offset just after the code span whose opening backticks start at `at`."""
    n = len(markup)
    pos = at + n
    while True:
        q = content.find(markup, pos)
        if q < 0:
            return len(content)
        before = content[q - 1] if q > 0 else ""
        after = content[q + n] if q + n < len(content) else ""
        if before != "`" and after != "`":
            return q + n
        pos = q + 1


def _skip_link_target(content: str, pos: int) -> int:
    """Skip `](target "title")`, `][ref]` or `]` starting at the closing bracket."""
    close = content.find("]", pos)
    if close < 0:
        return pos
    pos = close + 1
    if pos < len(content) and content[pos] == "(":
        depth, quote = 0, ""
        while pos < len(content):
            ch = content[pos]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch == "\\":
                pos += 1
            elif ch in "\"'" and depth == 1 and content[pos - 1].isspace():
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return pos + 1
            pos += 1
        return pos
    if pos < len(content) and content[pos] == "[":
        end = content.find("]", pos)
        return end + 1 if end >= 0 else pos
    return pos


class _MappedBuilder:
    """A ProseBuilder seen through a _LineMap: offsets given are in a block's content."""

    def __init__(self, builder: ProseBuilder, mapper: _LineMap) -> None:
        self._b = builder
        self._map = mapper

    def text(self, text: str, at: int) -> None:
        for rs, re_ in self._map.runs(at, at + len(text)):
            self._b.text(text[rs - at : re_ - at], self._map(rs))

    def replaced(self, text: str, start: int, end: int) -> None:
        s = self._map(start)
        self._b.replaced(text, s, max(self._map(end - 1) + 1, s) if end > start else s)

    def placeholder(self, start: int, end: int) -> None:
        self.replaced(PLACEHOLDER, start, end)

    def start_block(self, scope: str, key: str = "") -> None:
        self._b.start_block(scope, key)

    def end_block(self) -> None:
        self._b.end_block()


class _Walker:
    """Aligns inline children with the raw content and emits prose pieces."""

    def __init__(self, content: str, mapper: _LineMap, builder: ProseBuilder) -> None:
        self.content = content
        self.map = mapper
        self.builder = builder
        self.images: list[tuple[list[Any], int]] = []
        self.code: list[tuple[int, int]] = []  # source spans of code spans (directives there are text)
        self.tags: list[tuple[int, int]] = []  # source spans of inline HTML tags with alt text
        # source spans where a `<!--` is no comment: link targets and titles, inline tags' attributes
        self.not_comments: list[tuple[int, int]] = []

    def find(self, needle: str, cur: int) -> int:
        return self.content.find(needle, cur) if needle else -1

    def walk(self, children: list[Any], cur: int) -> int:
        b = self.builder
        in_autolink = False
        for tok in children:
            kind = tok.type
            if kind == "text":
                if in_autolink or not tok.content:
                    continue
                at = self.find(tok.content, cur)
                if at < 0:
                    b.replaced(tok.content, self.map(cur), self.map(cur))
                    continue
                for rs, re_ in self.map.runs(at, at + len(tok.content)):
                    b.text(self.content[rs:re_], self.map(rs))
                cur = at + len(tok.content)
            elif kind == "text_special":
                at = self.find(tok.markup, cur)
                if at < 0:
                    b.replaced(tok.content, self.map(cur), self.map(cur))
                    continue
                b.replaced(tok.content, self.map(at), self.map(at + len(tok.markup)))
                cur = at + len(tok.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self.find("\n", cur)
                if at < 0:
                    continue
                s, e = self.map.newline_span(at)
                b.replaced("\n", s, e)
                cur = at + 1
            elif kind == "code_inline":
                at = self.find(tok.markup, cur)
                if at < 0:
                    continue
                end = _skip_code_span(self.content, at, tok.markup)
                b.placeholder(self.map(at), self.map(end - 1) + 1)
                self.code.append((self.map(at), self.map(end - 1) + 1))
                cur = end
            elif kind == "link_open":
                if tok.markup in ("autolink", "linkify") or tok.info == "auto":
                    in_autolink = True
                    at = self.find("<", cur)
                    end = self.content.find(">", max(at, cur))
                    if at >= 0 and end >= 0:
                        b.placeholder(self.map(at), self.map(end) + 1)
                        cur = end + 1
                else:
                    at = self.find("[", cur)
                    cur = at + 1 if at >= 0 else cur
            elif kind == "link_close":
                if in_autolink:
                    in_autolink = False
                else:
                    stop = _skip_link_target(self.content, cur)
                    if stop > cur:
                        self.not_comments.append((self.map(cur), self.map(stop - 1) + 1))
                    cur = stop
            elif kind == "image":
                at = self.find("![", cur)
                if at < 0:
                    continue
                self.images.append((tok.children or [], at + 2))
                sub = _Walker(self.content, self.map, ProseBuilder())
                end = sub.walk(tok.children or [], at + 2)
                stop = _skip_link_target(self.content, end)
                b.placeholder(self.map(at), self.map(max(stop - 1, at)) + 1)
                self.not_comments.append((self.map(at), self.map(max(stop - 1, at)) + 1))
                cur = stop
            elif kind == "html_inline":
                at = self.find(tok.content, cur)
                if at >= 0:
                    if _BR_RE.match(tok.content):  # a line break: the words either side stay apart
                        b.replaced("\n", self.map(at), self.map(at) + len(tok.content))
                    elif _PROSE_ATTR_RE.search(tok.content):
                        self.tags.append((self.map(at), self.map(at + len(tok.content) - 1) + 1))
                    if not tok.content.startswith("<!--"):
                        self.not_comments.append((self.map(at), self.map(at + len(tok.content) - 1) + 1))
                    cur = at + len(tok.content)
            elif tok.markup and kind.endswith(("_open", "_close")):
                at = self.find(tok.markup, cur)
                if at >= 0:
                    cur = at + len(tok.markup)
        return cur


def read_markdown(path: str, text: str, prose_keys: tuple[str, ...], hidden: tuple[tuple[int, int], ...] = (),
                  parser: Any = None) -> Document:
    builder = ProseBuilder(text, hidden)
    body_start, metadata, problems = front_matter(text, builder, prose_keys)
    lines = LineIndex(text)
    # blank the front matter so the parser's line numbers stay those of the file
    fm_lines = text.count("\n", 0, body_start) + (text.count("\r", 0, body_start) - text.count("\r\n", 0, body_start))
    parse_text = "\n" * fm_lines + text[body_start:] if body_start else text
    tokens = (parser if parser is not None else new_parser()).parse(parse_text)
    not_linted = _too_deep(tokens, lines, len(text))

    containers: list[str] = []
    code_spans: list[tuple[int, int]] = []
    # where a `<!--` is no directive: the front matter (a value may quote one), link titles,
    # attribute values; top-level HTML blocks give the comments their parser found instead
    not_comments: list[tuple[int, int]] = [(0, body_start)] if body_start else []
    block_comments: list[Comment] = []
    heading = False
    cell = False
    row_hint: dict[int, int] = {}
    for tok in tokens:
        kind = tok.type
        if kind in _CONTAINER_SCOPES:
            containers.append(_CONTAINER_SCOPES[kind])
        elif kind in ("blockquote_close", "list_item_close"):
            if containers:
                containers.pop()
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind in ("th_open", "td_open"):
            cell = True
        elif kind in ("th_close", "td_close"):
            cell = False
        elif kind in ("fence", "code_block", "html_block") and tok.map:
            start = lines.starts[min(tok.map[0], lines.count - 1)]
            end = lines.starts[tok.map[1]] if tok.map[1] < lines.count else len(text)
            if kind != "html_block":
                code_spans.append((start, end))
            elif not containers:  # text and alt of top-level HTML are prose, as in an HTML file
                code_spans.extend(read_html_into(builder, text, start, end, block_comments))
                not_comments.append((start, end))
            else:  # inside a quote or list: read the block without its `>` and indents, mapped back
                content = tok.content
                read_html_into(_MappedBuilder(builder, _LineMap(content, tok.map[0], lines, text)),  # type: ignore[arg-type]
                               content, 0, len(content))
        elif kind == "inline" and tok.map:
            scope = "heading" if heading else "table" if cell else (containers[-1] if containers else "paragraph")
            first = tok.map[0]
            hint = row_hint.get(first, 0) if cell else 0
            mapper = (cell and "|" in tok.content and _LineMap.cell(tok.content, first, lines, text, hint)) or _LineMap(
                tok.content, first, lines, text, hint, tok.map[1]
            )
            builder.start_block(scope)
            walker = _Walker(tok.content, mapper, builder)
            end = walker.walk(tok.children or [], 0)
            code_spans.extend(walker.code)
            not_comments.extend(walker.not_comments)
            if cell:
                row_hint[first] = mapper(end) if tok.content else hint
            builder.end_block()
            for children, at in walker.images:
                builder.start_block("caption", "alt")
                _Walker(tok.content, mapper, builder).walk(children, at)
                builder.end_block()
            for start, end in walker.tags:
                read_html_into(builder, text, start, end)
    prose, source_map, blocks = builder.build()
    return Document(
        path,
        text,
        "markdown",
        prose,
        source_map,
        blocks,
        metadata=metadata,
        comments=tuple(sorted(comments_in(text, code_spans + not_comments) + tuple(block_comments),
                              key=lambda c: c.start)),
        problems=tuple(problems),
        not_linted=not_linted,
    )


def _too_deep(tokens: list[Any], lines: LineIndex, end: int) -> tuple[tuple[int, int, str], ...]:
    """The blocks opened at markdown-it's nesting limit: it read nothing inside them."""
    out = []
    for tok in tokens:
        if tok.level >= MAX_NESTING - 1 and tok.type.endswith("_open") and tok.map:
            start = lines.starts[min(tok.map[0], lines.count - 1)]
            stop = lines.starts[tok.map[1]] if tok.map[1] < lines.count else end
            first, last = tok.map[0] + 1, min(tok.map[1], lines.count)
            where = f"line {first}" if first >= last else f"lines {first}-{last}"
            out.append((start, stop, f"nested more than {MAX_NESTING // 2} lists or quotes deep: {where} not linted"))
    return tuple(out)
