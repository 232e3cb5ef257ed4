"""The Document: the source text, its prose view, scoped blocks and a source map.

Readers in `copylint.formats` build a Document with a `ProseBuilder`. Rules see only
the prose view (markup, code and URLs left out) and report prose offsets; the linter
maps those back to the original file with `Document.to_source` and `Document.position`.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate, compress, repeat
from operator import add
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

from . import fastre as re  # re, with compiled patterns kept between runs

T = TypeVar("T")

# Stands in the prose for something that is not prose (code, a URL, an image):
# not a word character, not whitespace, so word rules and spacing rules ignore it.
PLACEHOLDER = "\ue000"

SCOPES = (
    "heading",
    "paragraph",
    "list_item",
    "blockquote",
    "caption",
    "table",
    "front_matter",
)

_URL_RE = re.compile(
    # an address ends before a space, a square or curly bracket or any quotation mark
    # ("...statement”" keeps its ”, "[https://a.gov/](...)" its "](")
    r"""(?:\b[a-z][a-z0-9+.-]{1,15}://|\bwww\.)[^\s<>"'`“”‘’«»\[\]{}]*[^\s<>"'`“”‘’«».,;:!?)\]}]"""
    r"""|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b""",
    re.IGNORECASE,
)
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")  # split keeps the words: gap, word, gap, ..., gap
_APOSTROPHE_SPLIT_RE = re.compile("['’]")
INDEX_FROM = 50_000  # characters of prose from which rules look words up in Document.word_index


def split_lines(text: str) -> list[str]:
    """Lines as copylint counts them: broken at CRLF, CR or LF only."""
    return _LINE_BREAK_RE.split(text)


@dataclass(frozen=True)
class Block:
    """A run of prose with one scope: a heading, a paragraph, a caption, a front-matter value."""

    start: int
    end: int
    scope: str
    key: str = ""  # the front-matter key or the HTML tag, where there is one


@dataclass(frozen=True)
class Comment:
    """A comment in the source (HTML comment or plain-text directive line)."""

    start: int
    end: int
    text: str


class Words:
    """The prose's words (`WORD_RE` tokens of the lowercased prose), tokenised once for every rule.

    The words of an article come from C-speed string work (`_plain_words`: every character
    that cannot be in a word becomes a space, then `str.split`), several times quicker than the
    regex; `starts[i]`, where `words[i]` starts in `Document.lower` (the prose offset too
    wherever `Document.aligned`), comes from the regex's split and a running sum of the pieces'
    lengths, at C speed and only when a rule first asks (most articles never need it). A long
    text (from `INDEX_FROM` characters, where rules look words up in `Document.word_index`, which
    needs every start) is split by the regex at once.
    """

    __slots__ = ("words", "_lower", "_pieces", "_spaced", "_starts")

    def __init__(self, lower: str) -> None:
        plain = _plain_words(lower) if len(lower) < INDEX_FROM else None
        pieces = None
        if plain is None:
            pieces = _WORD_SPLIT_RE.split(lower)  # gap, word, gap, ..., word, gap
            words = pieces[1::2]
        else:
            words = plain[0]
        if len(lower) >= INDEX_FROM:  # one object per distinct word: a 50 MB text holds 9 million tokens
            words = list(map(sys.intern, words))
        self.words: list[str] = words
        self._lower = lower
        self._pieces: list[str] | None = pieces
        # the text the words were split from (every other character a space), and how far it
        # is shifted from `lower`: where each run of non-spaces starts is where a word starts
        self._spaced: tuple[str, int] | None = plain[1:] if plain is not None else None
        self._starts: Sequence[int] | None = None

    @property
    def starts(self) -> Sequence[int]:
        if self._starts is None and self._spaced is not None:
            spaced, shift = self._spaced
            # where each piece between single spaces starts (a running sum of their lengths plus
            # one), kept where the piece is a word: C-speed iterators, no match object a word
            pieces = spaced.split(" ")
            at = accumulate(map(add, map(len, pieces), repeat(1)), initial=-shift)
            self._starts, self._spaced = list(compress(at, pieces)), None
        if self._starts is None:
            pieces = self._pieces if self._pieces is not None else _WORD_SPLIT_RE.split(self._lower)
            lengths = accumulate(map(len, pieces))  # the 2i-th sum is where words[i] starts
            # a long text's offsets as 8-byte machine integers, not an int object each
            ends = array("q", lengths) if len(pieces) > 20_000 else list(lengths)
            self._starts, self._pieces = ends[0 : 2 * len(self.words) : 2], None
        return self._starts

    @classmethod
    def of(cls, lower: str) -> Words:
        return cls(lower)


# Every ASCII byte that cannot be in a word (all but letters, digits and the apostrophe) as a
# space; the bytes of other characters (>= 0x80, UTF-8's multi-byte sequences) as they are.
_WORD_BYTES = bytes(b if chr(b).isalnum() or b == 0x27 or b >= 0x80 else 0x20 for b in range(256))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_NON_SPACE_RE = re.compile(r"\S+")
# an apostrophe that does not stand between two word characters ("'tis", "dogs'", "''"):
# once every other non-word character is a space, it has a space, an apostrophe or an end of
# the text beside it. Written mark first, so that `re` skips from one apostrophe to the next
_LONE_APOSTROPHE_RE = re.compile("['’](?:(?<![^ '’]['’])|(?![^ '’]))")


def _plain_words(lower: str) -> tuple[list[str], str, int] | None:
    r"""What `WORD_RE.findall(lower)` gives, without the regex: the characters that cannot be in a
    word (`[^\W_]`, which is `str.isalnum`, or an apostrophe between two of them) become spaces,
    and `str.split` cuts the rest. With the words, the spaced text they were cut from, which is
    `lower` character for character (its `shift` from `lower` is 0). None for a text that
    UTF-8 cannot encode (lone surrogates)."""
    try:
        text = lower.encode("utf-8").translate(_WORD_BYTES).decode("utf-8")
    except UnicodeError:
        return None
    if not text.isascii():
        for ch in set(_NON_ASCII_RE.findall(text)):
            if ch != "’" and not ch.isalnum():
                text = text.replace(ch, " ")
    if "'" in text or "’" in text:
        text = _LONE_APOSTROPHE_RE.sub(" ", text)
    return text.split(), text, 0


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def _may_hold_address(text: str) -> bool:
    """Whether the text may hold an address: every match of _URL_RE holds "://", "@" or "www."
    in any case, so "w." or "W."."""
    return "://" in text or "@" in text or "w." in text or "W." in text


class ProseBuilder:
    """Accumulates prose text with a map of each piece back to source offsets.

    Given the source, it holds readers to their word: prose added with `text` as a
    verbatim copy that is not what the source holds at that offset (a reader that lost
    its place, say after a line that a parser folded or stripped) is kept as replaced
    text, so no fix is ever computed on it.
    """

    def __init__(self, source: str | None = None, hidden: tuple[tuple[int, int], ...] = ()) -> None:
        self._source = source
        # source spans that are markup, not prose (markup.hidden_spans): placeholders in the prose
        self._hidden = hidden
        self._hidden_starts = [s for s, _e in hidden]
        self._parts: list[str] = []
        self._length = 0
        # segments: (prose_start, prose_len, source_start, source_len, verbatim)
        self._segments: list[tuple[int, int, int, int, bool]] = []
        self._blocks: list[Block] = []
        self._block_start: int | None = None
        self._block_scope = ""
        self._block_key = ""
        self._last_source = 0

    @property
    def length(self) -> int:
        return self._length

    def _push(self, text: str, src_start: int, src_len: int, verbatim: bool = False) -> None:
        if not text:
            return
        segs = self._segments
        if segs and verbatim:
            p0, plen, s0, slen, was_verbatim = segs[-1]
            if was_verbatim and p0 + plen == self._length and s0 + slen == src_start:
                segs[-1] = (p0, plen + len(text), s0, slen + src_len, True)
                self._append(text, src_start + src_len)
                return
        segs.append((self._length, len(text), src_start, src_len, verbatim))
        self._append(text, src_start + src_len)

    def _append(self, text: str, src_end: int) -> None:
        self._parts.append(text)
        self._length += len(text)
        self._last_source = src_end

    def text(self, text: str, src_start: int) -> None:
        """Add prose that stands verbatim at source[src_start:src_start+len(text)]."""
        if self._hidden and text:
            end = src_start + len(text)
            i = max(0, bisect.bisect_right(self._hidden_starts, src_start) - 1)
            pos = src_start
            while i < len(self._hidden) and self._hidden[i][0] < end:
                h0, h1 = self._hidden[i]
                i += 1
                if h1 <= pos:
                    continue
                h0 = max(h0, pos)
                self._visible(text[pos - src_start : h0 - src_start], pos)
                h1 = min(h1, end)
                self._push(PLACEHOLDER, h0, h1 - h0)
                pos = h1
            self._visible(text[pos - src_start :], pos)
            return
        self._visible(text, src_start)

    def _visible(self, text: str, src_start: int) -> None:
        if self._source is not None and not self._source.startswith(text, src_start):
            src_start = max(0, min(src_start, len(self._source)))  # never map past the file
            self._push(text, src_start, min(len(text), len(self._source) - src_start))
            return
        # text without an address mark (most prose) skips the slow scan
        if not _may_hold_address(text):
            self._push(text, src_start, len(text), True)
            return
        pos = 0
        for m in _URL_RE.finditer(text):
            self._push(text[pos : m.start()], src_start + pos, m.start() - pos, True)
            self._push(PLACEHOLDER, src_start + m.start(), m.end() - m.start())
            pos = m.end()
        self._push(text[pos:], src_start + pos, len(text) - pos, True)

    def verbatim_blocks(self, spans: Iterable[tuple[int, int]], scope: str) -> None:
        """A block of `scope` for each (start, end) span of the source, its text verbatim: what
        `start_block`, `text` and `end_block` give for each, with no call a step where the text
        holds no hidden span and no address (a plain-text reader's paragraphs)."""
        source = self._source
        if source is None or self._hidden:
            for start, end in spans:
                self.start_block(scope)
                self.text(source[start:end] if source is not None else "", start)
                self.end_block()
            return
        self.end_block()
        parts, segs, blocks = self._parts, self._segments, self._blocks
        # a source without any address mark (most copy) needs no test a paragraph
        marked = _may_hold_address(source)
        for start, end in spans:
            text = source[start:end]
            if not text or marked and _may_hold_address(text):
                self.start_block(scope)  # an address may be in it (see _visible)
                self._visible(text, start)
                self.end_block()
                continue
            length = self._length
            if length:  # the separator, as `separator` adds it
                segs.append((length, 2, self._last_source, 0, False))
                parts.append("\n\n")
                length += 2
            segs.append((length, len(text), start, len(text), True))
            parts.append(text)
            blocks.append(Block(length, length + len(text), scope, ""))
            self._length = length + len(text)
            self._last_source = start + len(text)

    def replaced(self, text: str, src_start: int, src_end: int) -> None:
        """Add prose that stands for source[src_start:src_end] but is not a copy of it."""
        self._push(text, src_start, src_end - src_start)

    def placeholder(self, src_start: int, src_end: int) -> None:
        self.replaced(PLACEHOLDER, src_start, src_end)

    def separator(self, text: str = "\n\n") -> None:
        """Add text between blocks that stands for nothing in the source."""
        if self._length:
            self._push(text, self._last_source, 0)

    def start_block(self, scope: str, key: str = "") -> None:
        self.end_block()
        if self._length:
            self.separator()
        self._block_start = self._length
        self._block_scope = scope
        self._block_key = key

    def end_block(self) -> None:
        if self._block_start is None:
            return
        if self._length > self._block_start:
            self._blocks.append(Block(self._block_start, self._length, self._block_scope, self._block_key))
        self._block_start = None

    def build(self) -> tuple[str, SourceMap, tuple[Block, ...]]:
        self.end_block()
        text = "".join(self._parts)
        blocks = []
        for b in self._blocks:
            start, end = b.start, b.end
            while end > start and text[end - 1].isspace():
                end -= 1
            while start < end and text[start].isspace():
                start += 1
            if end > start:  # a block already trimmed (most) is kept: the same value, not a copy
                blocks.append(b if start == b.start and end == b.end else Block(start, end, b.scope, b.key))
        return text, SourceMap(self._segments), tuple(blocks)


class SourceMap:
    """Maps prose offsets back to offsets in the source text."""

    def __init__(self, segments: list[tuple[int, int, int, int, bool]]) -> None:
        self._segments = segments
        self._starts = [s[0] for s in segments]

    @property
    def segments(self) -> list[tuple[int, int, int, int, bool]]:
        """(prose start, prose length, source start, source length, verbatim), in prose order."""
        return self._segments

    def _segment(self, prose_offset: int) -> tuple[int, int, int, int, bool] | None:
        if not self._segments:
            return None
        i = bisect.bisect_right(self._starts, prose_offset) - 1
        return self._segments[max(i, 0)]

    def start(self, prose_offset: int) -> int:
        seg = self._segment(prose_offset)
        if seg is None:
            return 0
        p0, plen, s0, slen, _verbatim = seg
        if prose_offset >= p0 + plen:
            return s0 + slen
        if plen == slen:
            return s0 + (prose_offset - p0)
        return s0

    def end(self, prose_offset: int) -> int:
        """The source offset just after the prose character before `prose_offset`."""
        if prose_offset <= 0:
            return self.start(0)
        seg = self._segment(prose_offset - 1)
        if seg is None:
            return 0
        p0, plen, s0, slen, _verbatim = seg
        if prose_offset > p0 + plen:
            return s0 + slen
        if plen == slen:
            return s0 + (prose_offset - p0)
        return s0 + slen

    def is_verbatim(self, start: int, end: int) -> bool:
        """True when prose[start:end] is a plain copy of one run of the source."""
        seg = self._segment(start)
        if seg is None:
            return False
        p0, plen, _s0, _slen, verbatim = seg
        if start >= end:
            return verbatim
        return verbatim and p0 <= start and end <= p0 + plen


class LineIndex:
    """Turns source offsets into 1-based line and code-point column."""

    def __init__(self, source: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK_RE.finditer(source)]
        self._source = source

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self._source)
        return self._source[start:end].rstrip("\r\n")

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of a 1-based line without its line break."""
        start = self.starts[line - 1]
        return start, start + len(self.line_text(line))

    @property
    def count(self) -> int:
        return len(self.starts)


_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“"}
# an opening quotation mark: at the start of the text, or after a space, a bracket, a dash, a
# colon or a comma. Written mark first (the lookbehinds after it), so that `re` skips at C speed
# from one quotation mark to the next; `(?:^|(?<=[...]))["“«„]` tried both at every character.
_QUOTE_OPEN_RE = re.compile(r'["“«„](?:(?<=[\s(\[\u2014\u2013:,-].)|(?<![\s\S].))')


@dataclass
class Document:
    """A file as the rules see it."""

    path: str
    source: str
    format: str
    prose: str
    source_map: SourceMap
    blocks: tuple[Block, ...]
    metadata: dict[str, Any] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()
    problems: tuple[tuple[int, int, str], ...] = ()  # (source start, end, message) found while reading
    # (source start, end, why) of parts a reader could not lint (past a limit, never closed)
    not_linted: tuple[tuple[int, int, str], ...] = ()
    # a reader's own account of places (formats/docx.py: paragraph and character), with
    # `describe(source_offset) -> str`; None where line:column says it all
    places: Any = None
    _analyses: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def analysis(self, key: str, compute: Callable[[Document], T]) -> T:
        """`compute(self)`, once per document for `key`: the one cache for work rules share.

        Several rules of a pack read the same analysis (the stamps found, the standalone
        lines); the first to ask computes it and the rest get the same value. `key` names
        the analysis, prefixed by its pack ("stamps.found"); the value must not be changed
        by its readers. It lives and dies with the document: nothing outlives one lint.
        """
        try:
            return self._analyses[key]
        except KeyError:
            value = self._analyses[key] = compute(self)
            return value

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.source)

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        s = self.source_map.start(start)
        e = self.source_map.end(end) if end > start else s
        return s, max(e, s)

    def position(self, source_offset: int) -> tuple[int, int]:
        return self.lines.position(source_offset)

    def block_at(self, prose_offset: int) -> Block | None:
        i = bisect.bisect_right(self._block_starts, prose_offset) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block if prose_offset < block.end or block.start == block.end else None

    def scope_at(self, prose_offset: int) -> str:
        block = self.block_at(prose_offset)
        return block.scope if block else ""

    def block_text(self, block: Block) -> str:
        return self.prose[block.start : block.end]

    @cached_property
    def lower(self) -> str:
        return self.prose.lower()

    @cached_property
    def aligned(self) -> bool:
        """Whether offsets in `lower` are offsets in `prose` (lowercasing kept every length)."""
        return len(self.lower) == len(self.prose)

    @cached_property
    def tokens(self) -> Words:
        """The prose's words, once for every rule that walks them (see `Words`)."""
        return Words.of(self.lower)

    @cached_property
    def word_set(self) -> frozenset[str]:
        """Every distinct lowercased word of the prose: a cheap pre-filter for lexicon rules."""
        return frozenset(self.tokens.words)

    @property
    def indexed(self) -> bool:
        """Whether rules should look words up in `word_index` rather than scan the prose for each.

        From `INDEX_FROM` characters on: below it one scan per looked-up word costs less than
        building the index, and above it the scans make a rule's cost grow with the square of
        the text. Never where lowercasing changed the text's length (offsets would not match).
        """
        return len(self.prose) >= INDEX_FROM and self.aligned

    @cached_property
    def word_index(self) -> dict[str, list[int]]:
        """Where each lowercased word (a `WORD_RE` token of `lower`) starts, in text order.

        A word with an apostrophe is also listed under its part before it ("email's" under
        "email" too), and what follows each apostrophe under itself and its part before the
        next ("l'anti-war" has "anti" at the 'a' after the apostrophe): where a regex for the
        word between non-word characters would find it.
        """
        tokens = self.tokens
        index: dict[str, list[int]] = {}
        for word, start in zip(tokens.words, tokens.starts):
            index.setdefault(word, []).append(start)
        added = set()
        for word, start in zip(tokens.words, tokens.starts):
            if "'" not in word and "’" not in word:
                continue
            parts = _APOSTROPHE_SPLIT_RE.split(word)
            at = start
            for k, part in enumerate(parts):
                rest = word[at - start :]
                for key in ((part,) if k == 0 else (rest, part) if len(parts) - k > 1 else (rest,)):
                    index.setdefault(key, []).append(at)
                    added.add(key)
                at += len(part) + 1
        for key in added:  # back in text order
            index[key].sort()
        return index

    def words(self) -> Iterator[Token]:
        for m in WORD_RE.finditer(self.prose):
            yield Token(m.start(), m.end(), m.group())

    @cached_property
    def quote_spans(self) -> tuple[tuple[int, int], ...]:
        """Spans of quoted speech in the prose ("..." and “...” within one block)."""
        spans: list[tuple[int, int]] = []
        for block in self.blocks:
            if block.scope == "blockquote":
                spans.append((block.start, block.end))
                continue
            text = self.prose
            pos = block.start
            while pos < block.end:
                m = _QUOTE_OPEN_RE.search(text, pos, block.end)
                if not m:
                    break
                close = _QUOTE_PAIRS[m.group()]
                end = text.find(close, m.end(), block.end)
                if end < 0:
                    # a quote running to the end of a paragraph (continued quotes)
                    spans.append((m.start(), block.end))
                    break
                spans.append((m.start(), end + 1))
                pos = end + 1
        return tuple(spans)

    def in_quote(self, start: int, end: int) -> bool:
        spans = self.quote_spans
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    def is_verbatim(self, start: int, end: int) -> bool:
        return self.source_map.is_verbatim(start, end)
