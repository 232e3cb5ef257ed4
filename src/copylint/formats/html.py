"""HTML: text content of the page, by block, with tags, scripts and code left out."""

from __future__ import annotations

from .. import fastre as re  # re, with compiled patterns kept between runs
from html import unescape
from html.parser import HTMLParser
from typing import NamedTuple

from ..document import Comment, Document, ProseBuilder

_SKIP = {"script", "style", "code", "pre", "kbd", "samp", "var", "noscript", "template", "svg", "math",
         "textarea", "iframe", "object", "select"}
_BLOCKS = {
    "p": "paragraph", "div": "paragraph", "section": "paragraph", "article": "paragraph",
    "header": "paragraph", "footer": "paragraph", "aside": "paragraph", "main": "paragraph",
    "body": "paragraph", "dd": "paragraph", "dt": "paragraph", "address": "paragraph",
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "title": "heading", "li": "list_item", "blockquote": "blockquote", "figcaption": "caption",
    "caption": "caption", "td": "table", "th": "table", "tr": "table", "figure": "paragraph",
    "ul": "paragraph", "ol": "paragraph", "table": "paragraph", "nav": "paragraph", "form": "paragraph",
}
_INLINE_CODE = {"code", "kbd", "samp", "var", "math", "svg", "textarea", "select", "iframe", "object"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_ALT_TAGS = {"img", "area", "input"}
_REF_RE = re.compile(r"&(?:#[xX]?[0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


_NL_RE = re.compile("\n")


class Region(NamedTuple):
    """A block element of an HTML page that says what it holds: a landmark tag (<nav>, <footer>,
    <aside>, <header>, <article>, <main>), an ARIA role, or class and id names. Its prose span,
    the tag, the first token of its role, the word parts of its class and id names ('site-footer
    navBar' -> site, footer, nav, bar), and whether it opened inside an <article> or <main>."""

    start: int
    end: int
    tag: str
    role: str
    names: frozenset[str]
    in_body: bool
    # a NamedTuple, not a frozen dataclass: a page holds thousands, made as its blocks close


_LANDMARK_TAGS = frozenset({"nav", "footer", "aside", "header", "article", "main"})
_NAME_PART_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def name_parts(value: str) -> frozenset[str]:
    """The word parts of a class or id value, lowercased: split at anything not a letter or digit
    and at a change of case ('c-social-share navBar' -> c, social, share, nav, bar)."""
    return frozenset(part.lower() for part in _NAME_PART_RE.findall(value))


class _Spans:
    """The prose spans of one element kind (outermost elements only: a link inside a link is
    one span), as the reader opens and closes them."""

    def __init__(self) -> None:
        self.found: list[tuple[int, int]] = []
        self.depth = 0
        self.start = 0

    def open(self, at: int) -> None:
        if not self.depth:
            self.start = at
        self.depth += 1

    def close(self, at: int) -> None:
        if self.depth:
            self.depth -= 1
            if not self.depth and at > self.start:
                self.found.append((self.start, at))

    def finish(self, at: int) -> None:
        """An element still open at the end of what was read runs to its end."""
        self.depth = 1
        self.close(at)


class _Reader(HTMLParser):
    """Reads `text[start:]` as fed (all of it, or one HTML block of a Markdown file)."""

    def __init__(self, text: str, builder: ProseBuilder | None = None, start: int = 0, end: int | None = None,
                 structure: bool = False) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        # where each line of the fed text starts, as HTMLParser counts lines: at "\n" only (a
        # lone CR is no break for it); only the fed part is scanned (one block of a Markdown file)
        self._nl = [start] + [m.end() for m in _NL_RE.finditer(text, start, len(text) if end is None else end)]
        self.builder = builder if builder is not None else ProseBuilder(text)
        self.stack: list[str] = []  # open block scopes (tag names)
        # the scope in force inside each open block, and how many of each tag are open: kept as
        # blocks open and close, so 50,000 nested <div> cost linear time, not quadratic
        self.scopes: list[str] = []
        self.open_count: dict[str, int] = {}
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.skip_count: dict[str, int] = {}
        self.skip_from = 0  # where the outermost skipped element began
        self.skipped: list[tuple[int, int]] = []  # spans of code, scripts and the like
        self.comments: list[Comment] = []
        self.captions: list[tuple[str, int]] = []  # (attribute value, source offset)
        # the prose spans of the page's links (<a>): how much of a line is link text is what
        # tells a page's navigation from its copy (boilerplate.leftover-line reads it); and of its
        # <nav> elements: what the page itself declares navigation
        self.spans = {"a": _Spans(), "nav": _Spans()}
        # the blocks that say what they hold (Region), open beside `stack` (None for a plain
        # block) and found as they close; only for a page (`structure`), not an HTML block of a
        # Markdown file, whose layout is not a page's
        self.structure = structure
        self.name_parts: dict[str, frozenset[str]] = {}  # a page repeats its class names
        self.marks: list[tuple[int, str, str, frozenset[str], bool] | None] = []
        self.regions: list[Region] = []

    def parse_html_declaration(self, i: int) -> int:
        # html.parser asserts on malformed declarations (`<![ x`, `<!DOCTYPE [`): read such
        # markup to its `>` as an unknown declaration, as browsers do, and go on
        where = self.getpos()
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            self.lineno, self.offset = where  # _markupbase moved the position before raising
            end = self.rawdata.find(">", i + 2)
            return -1 if end < 0 else end + 1

    def _at(self) -> int:
        line, col = self.getpos()
        return self._nl[line - 1] + col

    def _scope(self) -> str:
        return self.scopes[-1] if self.scopes else "paragraph"

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        scope = _BLOCKS[tag]
        self.scopes.append(scope if scope != "paragraph" or tag == "p" else self._scope())
        self.stack.append(tag)
        self.marks.append(self._mark(tag, attrs))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def _mark(self, tag: str, attrs: list[tuple[str, str | None]]) -> tuple[int, str, str, frozenset[str], bool] | None:
        if not self.structure:
            return None
        role, names = "", ""
        for name, value in attrs:
            if not value:
                continue
            if name == "role":
                role = value.split(None, 1)[0].lower() if value.strip() else ""
            elif name in ("class", "id"):
                names += " " + value
        if not role and not names and tag not in _LANDMARK_TAGS:
            return None
        in_body = bool(self.open_count.get("article") or self.open_count.get("main"))
        parts = self.name_parts.get(names)
        if parts is None:
            parts = self.name_parts[names] = name_parts(names) if names else frozenset()
        return self.builder.length, tag, role, parts, in_body

    def _close(self, tag: str) -> None:
        """Close the innermost open `tag` and every block opened inside it."""
        while self.stack:
            top = self.stack.pop()
            self.scopes.pop()
            self._end_mark(self.marks.pop())
            self.open_count[top] -= 1
            if top == tag:
                break

    def _end_mark(self, mark: tuple[int, str, str, frozenset[str], bool] | None) -> None:
        if mark is not None and self.builder.length > mark[0]:
            self.regions.append(Region(mark[0], self.builder.length, *mark[1:]))

    def _restart_block(self) -> None:
        self.builder.start_block(self._scope(), self.stack[-1] if self.stack else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._at()
        if self.skip_depth or tag in _SKIP:
            if tag in _SKIP:
                if not self.skip_depth:
                    self.skip_from = at
                self.skip_depth += 1
                self.skip_stack.append(tag)
                self.skip_count[tag] = self.skip_count.get(tag, 0) + 1
            return
        self._attr_prose(tag, attrs, at)
        if tag in self.spans:
            self.spans[tag].open(self.builder.length)
        if tag == "br":
            self.builder.replaced("\n", at, at)
        if tag in _BLOCKS and tag not in _VOID:
            self._open(tag, attrs)
            self._restart_block()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._at()
        if self.skip_depth:
            return
        self._attr_prose(tag, attrs, at)
        if tag == "br":
            self.builder.replaced("\n", at, at)

    def _attr_prose(self, tag: str, attrs: list[tuple[str, str | None]], at: int) -> None:
        # alt text of images and image-like inputs is the page's copy for those who cannot see
        # the picture. A title (tooltip) is not: publishing tools fill it with the link target's
        # name ('fsutil', 'Follow Aleksandar on Twitter', 'about_Updatable_Help'), as a Markdown
        # link's title, which is not prose either
        if tag not in _ALT_TAGS or not any(v and n == "alt" for n, v in attrs):
            return
        end = self.text.find(">", at)
        raw_tag = self.text[at : end + 1 if end >= 0 else len(self.text)]
        for name, value in attrs:
            if name == "alt" and value and value.strip():
                m = re.search(r"\b" + name + r"\s*=\s*(['\"]?)", raw_tag)
                start = at + (m.end() if m else 0)
                self.captions.append((value, start))

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if self.skip_count.get(tag, 0):
                while self.skip_stack:
                    self.skip_depth -= 1
                    top = self.skip_stack.pop()
                    self.skip_count[top] -= 1
                    if top == tag:
                        break
                if not self.skip_depth:
                    end = self.text.find(">", self._at())
                    end = end + 1 if end >= 0 else len(self.text)
                    self.skipped.append((self.skip_from, end))
                    if tag in _INLINE_CODE:
                        # inline code stands in the prose as a placeholder, as in Markdown, so the
                        # words either side are not read as neighbours ("the <code>x</code> the")
                        self.builder.placeholder(self.skip_from, end)
            return
        if tag in self.spans:
            self.spans[tag].close(self.builder.length)
        if tag in _BLOCKS and self.open_count.get(tag, 0):
            self._close(tag)
            self._flush_captions()
            self._restart_block()

    def _flush_captions(self) -> None:
        from . import align

        for value, start in self.captions:
            raw = self.text[start : start + len(value) * 2 + 16]
            self.builder.start_block("caption", "alt")
            align(self.builder, value, raw, start, "html")
            self.builder.end_block()
        self.captions.clear()

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        at = self._at()
        if self.text.startswith(data, at):
            self._text(data, at)
        else:  # CDATA and the like: find it nearby
            found = self.text.find(data, at)
            self._text(data, found if found >= 0 else at)

    def _text(self, data: str, at: int) -> None:
        b = self.builder
        pos = 0
        for m in re.finditer(r"\s*\n\s*", data):
            b.text(data[pos : m.start()], at + pos)
            b.replaced(" ", at + m.start(), at + m.end())
            pos = m.end()
        b.text(data[pos:], at + pos)

    def _ref(self) -> None:
        if self.skip_depth:
            return
        at = self._at()
        m = _REF_RE.match(self.text, at)
        if not m:
            return
        self.builder.replaced(unescape(m.group()), at, m.end())

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    def handle_comment(self, data: str) -> None:
        if self.skip_depth:  # inside <pre>, <code> and the like: shown as code, not a directive
            return
        at = self._at()
        end = self.text.find("-->", at)
        self.comments.append(Comment(at, end + 3 if end >= 0 else len(self.text), data.strip()))


# html.parser looks for the end of an unclosed `<!--` again at every `<` after it, so a file
# of 50,000 of them took minutes. An unclosed comment runs to the end of the file (as in a
# browser); where many tags follow it, it is cut there and the reader says so.
_UNCLOSED_TAIL_TAGS = 100


def _unclosed_comment(text: str, start: int, end: int) -> int | None:
    """Where a `<!--` with no `-->` after it opens, when many tags follow it; else None."""
    last_close = text.rfind("-->", start, end)
    cut = text.find("<!--", max(start, last_close + 3) if last_close >= 0 else start, end)
    if cut < 0 or text.count("<", cut + 4, end) <= _UNCLOSED_TAIL_TAGS:
        return None
    return cut


def _read(reader: _Reader, text: str, start: int, end: int) -> int | None:
    cut = _unclosed_comment(text, start, end)
    reader.feed(text[start : end if cut is None else cut])
    reader.close()
    for spans in reader.spans.values():  # a link or <nav> never closed runs to the end of what was read
        if spans.depth:
            spans.finish(reader.builder.length)
    while reader.marks:  # so does a region
        reader._end_mark(reader.marks.pop())
    reader._flush_captions()
    if cut is not None:
        reader.skipped.append((cut, end))
    return cut


def read_html_into(builder: ProseBuilder, text: str, start: int, end: int,
                   comments: list[Comment] | None = None) -> list[tuple[int, int]]:
    """Add the prose of the HTML at text[start:end] (an HTML block in Markdown) to `builder`;
    returns the spans of its code (<pre>, <code>, ...), where comments are not directives.
    `comments`, where given, gets the block's comments as the parser found them (not a
    `<!--` inside an attribute value)."""
    reader = _Reader(text, builder, start, end)
    builder.start_block("paragraph")
    _read(reader, text, start, end)
    builder.end_block()
    if comments is not None:
        comments.extend(reader.comments)
    return reader.skipped


def read_html(path: str, text: str, hidden: tuple[tuple[int, int], ...] = ()) -> Document:
    reader = _Reader(text, ProseBuilder(text, hidden) if hidden else None, structure=True)
    reader.builder.start_block("paragraph")
    cut = _read(reader, text, 0, len(text))
    skipped = () if cut is None else (
        (cut, cut + 4, "this '<!--' is never closed: the rest of the file is a comment and is not linted"),)
    prose, source_map, blocks = reader.builder.build()
    doc = Document(path, text, "html", prose, source_map, blocks, comments=tuple(reader.comments),
                   not_linted=skipped)
    links = tuple(reader.spans["a"].found)
    doc.analysis(LINKS, lambda _doc: links)
    navs = tuple(reader.spans["nav"].found)
    doc.analysis(NAVS, lambda _doc: navs)
    regions = tuple(sorted(reader.regions, key=lambda r: (r.start, -r.end)))
    doc.analysis(REGIONS, lambda _doc: regions)
    return doc


NAVS = "html.navs"  # Document.analysis key: the prose spans (start, end) of the page's <nav> elements, in order
REGIONS = "html.regions"  # Document.analysis key: the page's Regions, by start (the outer first where two start together)
LINKS = "html.links"  # Document.analysis key: the prose spans (start, end) of the page's <a> text, in order


def link_share(doc: Document, start: int, end: int) -> float:
    """The share of prose[start:end] that is link text (0.0 outside an HTML page)."""
    return link_cover(doc, start, end)[0]


def link_cover(doc: Document, start: int, end: int) -> tuple[float, int]:
    """(the share of prose[start:end] that is link text, how many links it holds): (0.0, 0)
    outside an HTML page."""
    links = doc.analysis(LINKS, _no_spans)
    if not links or end <= start:
        return 0.0, 0
    from bisect import bisect_right

    i = max(bisect_right(links, (start, start)) - 1, 0)
    inside = count = 0
    while i < len(links) and links[i][0] < end:
        a, b = links[i]
        part = min(b, end) - max(a, start)
        if part > 0:
            inside += part
            count += 1
        i += 1
    return inside / (end - start), count


def _no_spans(_doc: Document) -> tuple[tuple[int, int], ...]:
    return ()


def regions(doc: Document) -> tuple[Region, ...]:
    """The page's Regions, by start (() outside an HTML page, and for an HTML block of a
    Markdown file, whose page structure is not the author's)."""
    return doc.analysis(REGIONS, _no_spans)


def in_nav(doc: Document, start: int, end: int) -> bool:
    """Whether prose[start:end] stands wholly inside one of the page's <nav> elements (False
    outside an HTML page)."""
    navs = doc.analysis(NAVS, _no_spans)
    if not navs:
        return False
    from bisect import bisect_right

    i = bisect_right(navs, (start, float("inf"))) - 1
    return i >= 0 and navs[i][0] <= start and end <= navs[i][1]
