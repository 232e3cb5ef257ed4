"""The style pack: spacing, punctuation, balance and consistency within one article.

Each rule reads the prose view (code and URLs are the placeholder U+E000 there, never
spaces or punctuation) with one compiled regex, or walks the document's blocks once.
Consistency rules (hyphenation, headline case) compare forms within one document only.
"""

from __future__ import annotations

from .. import fastre as re  # re, with compiled patterns kept between runs
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..document import WORD_RE, Block, Document
from ..findings import Severity
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc

_SENTENCE_END = frozenset(".!?:;\"“”‘'(\n\u2014\u2013-•*")


def _starts_sentence(prose: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and prose[i] in " \t":
        i -= 1
    return i < 0 or prose[i] in _SENTENCE_END


# ---------------------------------------------------------------------------
# style.space-before-punctuation

# Spaces between a word (or closing bracket/quote) and , ; : ! ? or a lone full stop,
# when the mark is followed by a space or the end of the line: "Photo : Getty", "word ,".
_SPACE_BEFORE_RE = re.compile(
    r"(?<=[\w)\]”\"’%])(?P<space>[ \t]+)(?P<mark>[,;:!?]|\.(?![.\u2026])(?![ \t]+\.))(?=[ \t\n\"”’)]|$)"
)
# a space or tab before one of the marks, found from the mark (written first, so that `re` skips
# from mark to mark at C speed rather than trying the look-ahead at every space): the match is the
# mark, the candidate the character before it
_SPACE_CANDIDATE_RE = re.compile(r"[,;:!?.](?<=[ \t].)")
# French typography spaces before « » ; : ! ?: leave a block with guillemets alone.
_FRENCH_RE = re.compile(r"[«»]")
# or a line in French: its function words and accented letters ("Guide de référence pour l'administration")
_FRENCH_WORDS_RE = re.compile(r"(?<![\w'’])(?:de|des|du|le|la|les|pour|et|une|avec|sur|l['’]|d['’])(?=[\s\w])")
_LABEL_RE = re.compile(r"[ \t]*[$€£¥₩]?\d[\d,.]*[^\S\n]*[$€£¥₩%]?[^\S\n]*(?:\n|$)")
_EMOTICON_RE = re.compile(r"[:;]-?[()DPp/\\|]")


def _french(prose: str, start: int, end: int) -> bool:
    """A block in French typography: guillemets, or French function words beside accented letters."""
    if _FRENCH_RE.search(prose, start, end):
        return True
    text = prose[start:end]
    return not text.isascii() and any(c in text for c in "éèêàçùâîô") and len(_FRENCH_WORDS_RE.findall(text)) >= 2


class SpaceBeforePunctuationRule:
    meta = RuleMeta(
        id="style.space-before-punctuation",
        summary="A space before a comma, colon, semicolon, question or exclamation mark",
        severity=Severity.WARNING,
        fixable=True,
        doc=make_doc(
            what="Reports spaces between a word and the punctuation mark after it: "
            "\"Photo : Getty\", \"the market , followed by\", \"perhaps ?\". A block with "
            "French guillemets (« ») or in French (its function words beside accented letters) is "
            "left alone, since French typography spaces before ; : ! and ?; so is a dot before a "
            "lower-case word, which ends no sentence (\"git add . if you\"), a space and mark with markup between them (\"<c>.\", \"**: PSCmdlet**\"), and so are emoticons (\"see you :)\"), times and scores written with "
            "spaces around the colon (\"2 : 1\"), and ellipses (\"and so ...\").",
            why="In English copy a space before punctuation is a typing slip or a "
            "leftover of a CMS template; it can also break a line before the mark.",
            example="(Photo : Getty Images) Sales rose 11% , the firm said.",
            instead="(Photo: Getty Images) Sales rose 11%, the firm said.",
            fix="Safe for commas, semicolons and full stops (the spaces are deleted). Unsafe for "
            "colons, question and exclamation marks, which French-style copy spaces on purpose.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        for c in _SPACE_CANDIDATE_RE.finditer(prose):
            start = c.start() - 1  # the space before the mark
            while start > 0 and prose[start - 1] in " \t":
                start -= 1
            m = _SPACE_BEFORE_RE.match(prose, start)
            if m is None:
                continue
            mark = m.group("mark")
            if not doc.is_verbatim(m.start("space"), m.end("mark")):
                continue  # markup between them ('<c>.', '**: PSCmdlet**'): the space is not before the mark
            block = doc.block_at(m.start())
            if block is None or _french(prose, block.start, block.end):
                continue
            if mark == "." and prose[m.end() : m.end() + 2].strip()[:1].islower():
                continue  # 'git add . if you': a dot that ends no sentence is a token, not a stop
            if mark in ":;" and _EMOTICON_RE.match(prose, m.start("mark")):
                continue
            if mark == ":" and (prose[m.start() - 1 : m.start()].isdigit() or _LABEL_RE.match(prose, m.end())):
                continue  # a score or time written "2 : 1", a price list "VIP : 60,000"
            yield Hit(
                m.start("space"),
                m.end("mark"),
                f"Space before '{mark}'",
                suggestions=(mark,),
                fix=((m.start("space"), m.end("space"), ""),),
                fix_safe=mark in ",;.",
            )


# ---------------------------------------------------------------------------
# style.doubled-space

# a run of two spaces or more between two characters that are neither space nor placeholder; opened by
# the space (the look-behind after it), so that `re` skips from space to space at C speed rather
# than trying the look-behind at every character
_DOUBLE_SPACE_RE = re.compile(r" (?<=[^\s\ue000] ) +(?=[^\s\ue000])")
_AFTER_SENTENCE_RE = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?][\"'”’)\]]?$")


class DoubledSpaceRule:
    meta = RuleMeta(
        id="style.doubled-space",
        summary="Two or more spaces between words",
        severity=Severity.SUGGESTION,
        fixable=True,
        doc=make_doc(
            what="Reports runs of two or more spaces between words or after punctuation within "
            "a line. Lines that use runs of spaces to align columns (three or more runs on one "
            "line) are left alone; code and URLs never count, since they are out of the prose. "
            "The rule is a suggestion: web pages collapse runs of spaces, so the reader of a web "
            "story never sees them, and `--fix` mends every one safely (on ABC's edited copy "
            "they were 0.13 warnings per 1,000 words, each a real but invisible slip). Two "
            "spaces after the end of a sentence, a typing convention, stay a suggestion even "
            "where a newsroom raises the rule to a warning.",
            why="Doubled spaces show in print and on the web as uneven gaps, and they defeat "
            "search-and-replace on phrases.",
            example="The council  voted on Monday.",
            instead="The council voted on Monday.",
            fix="Safe: the run is replaced by one space.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        if "  " not in prose:
            return
        found = list(_DOUBLE_SPACE_RE.finditer(prose))
        runs_by_line = Counter(prose.rfind("\n", 0, m.start()) for m in found)
        for m in found:
            if runs_by_line[prose.rfind("\n", 0, m.start())] >= 3:
                continue  # a table or aligned columns
            after_sentence = _AFTER_SENTENCE_RE.search(prose, max(0, m.start() - 3), m.start()) is not None
            yield Hit(m.start(), m.end(),
                      "Two spaces after the end of a sentence" if after_sentence else "Doubled space",
                      suggestions=(" ",), fix=((m.start(), m.end(), " "),), fix_safe=True,
                      demote=2 if after_sentence else 0)


# ---------------------------------------------------------------------------
# style.repeated-punctuation

# One mark, then the same mark again (checked by a lookbehind), so that the scan starts
# with a character class and runs at C speed.
_REPEATED_RE = re.compile(
    r"[!?,;:.](?:(?<=[!?])[!?]+|(?<=,),+|(?<=;);+|(?<=:):+"
    r"|(?<=\.)(?<![.\u2026]\.)\.(?![.\u2026])"  # two full stops, not an ellipsis
    r"|(?<=\w\.)[ \t]+\.(?![ \t]*\.))"  # ". ." but not ". . ."
)


class RepeatedPunctuationRule:
    meta = RuleMeta(
        id="style.repeated-punctuation",
        summary="Repeated punctuation such as '!!', '??', ',,' or '. .'",
        severity=Severity.WARNING,
        fixable=True,
        doc=make_doc(
            what="Reports punctuation typed twice or more: doubled commas, semicolons, colons and "
            "two full stops (\"..\" or \". .\") as warnings; \"!!\", \"??\" and \"?!\" as "
            "suggestions, since they are shouting rather than a slip (on the BBC corpus they come "
            "from readers' comments). Ellipses (\"...\", \". . .\", \"…\"), a title's own mark "
            "before a comma (\"Airplane!,\") and marks inside a token that reads as code "
            "(\"$_.Length..0]\") are not reported.",
            why="Doubled marks are slips or shouting; news copy uses one mark, and the "
            "exclamation mark rarely.",
            example="Who wins?? The result is in,, and it is a draw. .",
            instead="Who wins? The result is in, and it is a draw.",
            fix="Safe for doubled commas, semicolons, colons and full stops (one mark is kept). "
            "Unsafe for \"!!\" and \"?!\": which mark to keep is the editor's call.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        token = (0, 0, False)  # the last token looked at, once for a long run without spaces
        for m in _REPEATED_RE.finditer(doc.prose):
            text = m.group()
            if text[0] == ":" and doc.prose[m.end() : m.end() + 1] not in ("", " ", "\n"):
                continue  # "C::D" identifiers, "::1" addresses
            if text[0] == "." and _between_digits(doc.prose, m.start(), m.end()):
                continue  # a range "1..5"
            if _stands_alone(doc.prose, m.start(), m.end()):
                continue  # "the range operator (..)", "type ;; to end": the marks are named, not used
            if not token[0] <= m.start() < token[1]:
                a, b = _token_bounds(doc.prose, m.start(), m.end())
                token = (a, b, _CODE_TOKEN_RE.search(doc.prose, a, b) is not None)
            if token[2]:
                continue  # '$_[$_.Length..0]-eq$_}': code in a paragraph
            keep = text[0] if text[0] in ",;:." else text[-1] if set(text) == {text[-1]} else ""
            fix = ((m.start(), m.end(), keep),) if keep else ()
            shouting = text[0] in "!?"
            yield Hit(m.start(), m.end(), f"Repeated punctuation '{text}'",
                      suggestions=(keep,) if keep else (), fix=fix, fix_safe=not shouting,
                      severity=Severity.SUGGESTION if shouting else None)


def _stands_alone(prose: str, start: int, end: int) -> bool:
    """A run of marks with no word touching it on either side: "(..)", " ;; ", "'!!'"."""
    before = prose[start - 1 : start]
    after = prose[end : end + 1]
    return not (before.isalnum() or after.isalnum()) and before in ("", " ", "(", "[", "'", '"', "‘", "“", "`") and \
        after in ("", " ", ")", "]", "'", '"', "’", "”", "`", "\n")


def _between_digits(prose: str, start: int, end: int) -> bool:
    return prose[start - 1 : start].isdigit() and prose[end : end + 1].isdigit()


# ---------------------------------------------------------------------------
# style.unbalanced

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}
# List enumerators "a)" "2)" "8.)" "4a)" "iv)" at a line start, emoticons, and inch/second
# marks (12", 5'11").
_ENUM = r"(?:[a-zA-Z]|\d{1,3}[a-z]?|[ivxIVX]{1,4})\.?\)"
_ENUM_RE = re.compile(r"(?:^|\n)[ \t]*" + _ENUM)
_INLINE_ENUM_RE = re.compile(r"(?<![^\s(\[])" + _ENUM + r"(?=\s|$)")
# the marks: a bracket, a double quotation mark, or ’’ or '' (a closing mark typed as two).
# Written as one class first (then "a second ’ or ' where the first was one"), so that `re`
# skips at C speed from mark to mark; `[()\[\]{}]|’’|''|[“”„"]` tried every branch at every character.
_MARK_RE = re.compile(r"[()\[\]{}“”„\"’'](?:(?<=’)’|(?<=')'|(?<=[()\[\]{}“”„\"]))")


_CARRY = ("paragraph", "blockquote")  # block scopes a quotation may run on through


@dataclass(frozen=True)
class _Open:
    char: str
    pos: int


class UnbalancedRule:
    meta = RuleMeta(
        id="style.unbalanced",
        summary="An opening quote or bracket without its closing one, or the reverse",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports brackets ( [ { and double quotation marks (\" “ ”) that are not closed "
            "within their paragraph, and closing marks that were never opened. A quotation that "
            "runs over several paragraphs, each opening with a quote mark and only the last "
            "closing it, is the standard style and not reported, nor is one whose paragraphs were "
            "joined (a mark reopening it after a full stop). Curly marks are read by position, "
            "so „German“ marks, ’’ for a closing mark and a mistyped “ at a quotation's end work. "
            "Single quotes are not checked (they are apostrophes too), nor are inch and second "
            "marks after a digit (12\", 5'11\"), list enumerators such as \"a)\", \"1)\", \"8.)\" or "
            "\"section 4a)\" with no bracket open, or emoticons. A mark left unmatched inside a "
            "token that reads as code or an address ('Ensure=”Absent”', 'gG/C-75(m', "
            "'{id}/providers', 'Ctrl+]') or standing alone (\"the closing bracket } of\", a table "
            "cell holding only “) is named, not used, and is not reported.",
            why="A missing closing quote leaves the reader unsure where the speaker stops, which "
            "in news can misattribute words; a lost bracket usually means a cut went wrong.",
            example="\"We will appeal, the chairman said (in a statement.",
            instead="\"We will appeal,\" the chairman said (in a statement).",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        token = (0, 0, False)  # the last token looked at: 20,000 '[' in one run are one token
        for hit in self._marks(doc):
            if not token[0] <= hit.start < token[1]:
                a, b = _token_bounds(prose, hit.start, hit.end)
                token = (a, b, _CODE_TOKEN_RE.search(prose, a, b) is not None)
            if not _code_or_named(prose, hit.start, hit.end, token):
                yield hit

    def _marks(self, doc: Document) -> Iterator[Hit]:
        quote: _Open | None = None  # a quotation still open at the end of the last block
        previous = ""
        for block in doc.blocks:
            if quote is not None and (block.scope not in _CARRY or previous not in _CARRY):
                yield _unclosed(quote)  # only paragraphs (quoted or not) carry a quotation on
                quote = None
            quote = yield from self._block(doc, block, quote)
            previous = block.scope
        if quote is not None:
            yield _unclosed(quote)

    def _block(self, doc: Document, block: Block, quote: _Open | None) -> Iterator[Hit]:
        """Check one block; return the quotation left open at its end, if any.

        A quotation may run on into the next paragraph, which either opens with a quote
        mark again (the standard style) or, in copy pasted from the web, simply goes on
        until the closing mark; where paragraphs were joined, the reopening mark follows
        a full stop mid-block.
        """
        prose = doc.prose
        if not _MARK_RE.search(prose, block.start, block.end):
            return quote
        enumerators: set[int] | None = None  # found when the block's first ")" comes
        skip: set[int] = set()
        if quote is not None and prose[block.start] in '"“„':
            skip.add(block.start)  # the continuation mark of a multi-paragraph quotation
        german = prose.find("„", block.start, block.end) >= 0  # „German“: the mark that opens in English closes here
        stack: list[_Open] = []
        inner: _Open | None = None  # a quotation in the other style of mark, inside `quote`
        for m in _MARK_RE.finditer(prose, block.start, block.end):
            ch, pos = m.group(), m.start()
            if pos in skip or _is_emoticon(prose, pos) or (quote is None and _is_inch(prose, pos)):
                continue
            if ch in _BRACKETS:
                stack.append(_Open(ch, pos))
            elif ch in _CLOSERS:
                if ch == ")" and enumerators is None:
                    text = prose[block.start : block.end]
                    enumerators = {block.start + e.end() - 1 for e in _ENUM_RE.finditer(text)}
                if ch == ")" and pos in enumerators and not any(o.char == "(" for o in stack):
                    continue  # a list enumerator at a line start, "a)" "2)" "8.)", unless it closes a bracket
                if ch == ")" and not stack and _inline_enumerator(prose, pos, block.start):
                    continue  # "the threat: 1) if ... 8.) the ... section 4a)" with no bracket open
                if stack and stack[-1].char == _CLOSERS[ch]:
                    stack.pop()
                elif any(o.char == _CLOSERS[ch] for o in stack):
                    while stack and stack[-1].char != _CLOSERS[ch]:
                        yield _unclosed(stack.pop())
                    stack.pop()
                else:
                    yield Hit(pos, pos + 1, f"Closing '{ch}' without an opening '{_CLOSERS[ch]}'")
            else:
                straight = ch == '"'
                if quote is not None and (quote.char == '"') != straight:
                    # the other style of mark inside a quotation ("... asked "who here?" ...”):
                    # a quotation within it, balanced on its own
                    role = _quote_role(prose, pos, ch, block.start, inner is not None, german)
                    if role == "open" and inner is None:
                        inner = _Open(ch, pos)
                        continue
                    if role == "close" and inner is not None:
                        inner = None
                        continue
                    if role == "close" and _closes_by_position(prose, pos, block.start):
                        quote = None  # a mixed pair, “like this": a slip of the other rule's kind
                        continue
                role = _quote_role(prose, pos, ch, block.start, quote is not None, german)
                if role == "open" and quote is not None and inner is None and _straight(quote.char) == straight and \
                        not _after_sentence(prose, pos, block.start) and prose[pos + 1 : pos + 2].isalnum():
                    inner = _Open(ch, pos)  # "... The "lightbulb" moment ...": scare quotes inside
                    continue
                if role == "close" and inner is not None and _straight(inner.char) == straight:
                    inner = None
                    continue
                if role == "open":
                    if quote is not None and not _after_sentence(prose, pos, block.start):
                        yield _unclosed(quote)
                    quote = _Open(ch, pos)
                elif role == "close" and quote is not None:
                    quote = None
                elif role == "close":
                    yield Hit(pos, pos + len(ch), f"Closing quote '{ch}' without an opening one")
        for o in stack:
            yield _unclosed(o)
        return quote


# A token (a run without spaces) is code, an address or markup when it holds one of these
# characters (a key named 'Ctrl+]' too), a bracket glued to a quote mark and a word ('[char[]]”PowerShell”', '[Uri]”https…')
# or an opening bracket glued to an address (U+E000 stands for it in the prose: '(<http://a.com)>',
# where the address took the closing bracket): 'Ensure=”Absent”', 'gG/C-75(m',
# '{subscription-id}/providers'. A mark left unmatched there is not prose punctuation.
_CODE_TOKEN_RE = re.compile("[=+\\\\/{}<>@|]|[\\])][“”\"][\\w\ue000]|\\(\ue000")


def _code_or_named(prose: str, start: int, end: int, token: tuple[int, int, bool]) -> bool:
    """An unmatched mark that is not prose punctuation: inside a code-like token, or a mark
    standing alone, named rather than used ("the closing bracket } of the class", a table row
    "| “ | &quot; |"). `token`: the run without spaces that holds it, and whether it is code."""
    a, b, code = token
    mark = prose[start:end]
    if a == start and b == end:
        if mark in _BRACKETS or mark in _CLOSERS:
            return True
        # a quote mark between spaces is a slip of spacing ('be " very'), unless it stands alone
        line_start = prose.rfind("\n", 0, start) + 1
        line_end = prose.find("\n", end)
        return not prose[line_start:start].strip(" \t|") and not prose[end : None if line_end < 0 else line_end].strip(" \t|")
    return code


def _token_bounds(prose: str, start: int, end: int) -> tuple[int, int]:
    """The run without spaces that holds start:end."""
    a = start
    while a > 0 and not prose[a - 1].isspace():
        a -= 1
    b = end
    while b < len(prose) and not prose[b].isspace():
        b += 1
    return a, b


def _straight(ch: str) -> bool:
    return ch == '"'


def _closes_by_position(prose: str, pos: int, block_start: int) -> bool:
    """A mark after a word or closing punctuation and before a space or the end: it closes."""
    before = prose[pos - 1] if pos > block_start else " "
    after = prose[pos + 1 : pos + 2]
    return not before.isspace() and (after == "" or after.isspace() or after in ",.;:!?)-")


def _inline_enumerator(prose: str, pos: int, block_start: int) -> bool:
    """Whether the ')' at `pos` closes a list enumerator: "1)", "8.)", "4a)", "iv)"."""
    for width in range(2, 6):
        start = pos + 1 - width
        if start >= block_start and _INLINE_ENUM_RE.match(prose, start, pos + 2) and \
                _INLINE_ENUM_RE.match(prose, start).end() == pos + 1:
            return True
    return False


def _quote_role(prose: str, pos: int, ch: str, block_start: int, is_open: bool, german: bool) -> str:
    """'open', 'close' or '' (not a quotation mark here) for a double quotation mark."""
    after = prose[pos + len(ch) : pos + len(ch) + 1]
    before = prose[pos - 1] if pos > block_start else " "
    if ch in ("’’", "''"):  # two single closing marks standing for a double one
        return "close" if is_open else ""
    if ch == "„":
        return "open"
    if ch == "“":
        if german or (is_open and (after == "" or after.isspace() or after in ",.;:!?")):
            return "close"  # „so“, or a mistyped closing mark: “ I Cavalieri “,
        return "open"
    if ch == "”":
        if not is_open and (before.isspace() or before in "(:") and after.isalnum():
            return "open"  # ”Swedish style”, or a mistyped opening mark
        return "close"
    return "open" if _opens(prose, pos, block_start, not is_open) else "close"


def _after_sentence(prose: str, pos: int, block_start: int) -> bool:
    """A quote mark reopening a quotation after a full sentence: a multi-paragraph quotation
    whose paragraphs were joined into one ("... five days old. "The sad truth is ...")."""
    i = pos - 1
    while i >= block_start and (prose[i].isspace() or prose[i] in "'’)"):
        i -= 1
    return i < block_start or prose[i] in ".?!…"


def _opens(prose: str, pos: int, block_start: int, none_open: bool) -> bool:
    """A straight quote opens when it follows a space, bracket or dash (or starts the block).

    With no quotation open, a mark touching a word on its right ('carpet."It's', 'of"so')
    or standing alone between spaces ('be " very') opens one too: a slip of spacing, not
    of balance.
    """
    before = prose[pos - 1] if pos > block_start else " "
    after = prose[pos + 1 : pos + 2]
    if before.isspace() or before in "([{\u2014\u2013-/" or pos == block_start:
        return after != "" and (not after.isspace() or none_open)
    return none_open and after.isalnum()


def _is_emoticon(prose: str, pos: int) -> bool:
    """':)', ';-(', ':o)', '=)'."""
    return prose[pos] in "()" and prose[max(pos - 2, 0) : pos].rstrip("-o")[-1:] in (":", ";", "=")


def _is_inch(prose: str, pos: int) -> bool:
    return prose[pos] in '"”' and prose[pos - 1 : pos].isdigit()


def _unclosed(o: _Open) -> Hit:
    if o.char in _BRACKETS:
        return Hit(o.pos, o.pos + 1, f"'{o.char}' is not closed in this paragraph")
    return Hit(o.pos, o.pos + 1, f"The quotation opened by '{o.char}' is never closed")


# ---------------------------------------------------------------------------
# style.hyphenation

# Two-part compounds: "counter-terrorism", "counter terrorism", "counterterrorism".
_HYPHENATED_RE = re.compile(r"(?<![\w-])([a-z]{1,15})-([a-z]{3,20})(?![\w-])", re.IGNORECASE)
# Words that are prefixes, never separate words, in standard English: their spaced form is
# wrong in any house style, so it loses to the hyphenated or closed one even when it is
# the majority. Other spaced pairs ("follow up" / "follow-up", "long term" / "long-term")
# are usually a verb or noun beside a modifier, and are not compared.
_PREFIXES = frozenset(
    "anti counter non pre post co multi semi sub inter intra mid mini micro macro ultra "
    "cyber eco bio geo neo pseudo quasi socio e"
    .split()
)
# Pairs whose hyphenated and closed forms mean different things.
_DISTINCT = frozenset(
    "re-sign re-cover re-creation re-form re-press re-sent re-serve re-lease re-count "
    "re-collect re-mark re-treat re-solve re-sort re-act re-fuse re-place re-lay re-dress "
    "re-bound re-present re-signed re-formed re-covered re-leased re-counted re-created "
    "pre-sent pre-position co-op un-ionised un-ionized multi-ply man-date"
    .split()
)


def _indexed_forms(doc: Document, a: str, b: str, spaced: bool) -> list[tuple[int, int]]:
    r"""The spans of a-b, ab and (when `spaced`) "a b" from the word index, in text order: what
    `(?<![\w-])(?:a-b|ab|a[ \t]+b)(?![\w-])`, ignoring case, finds."""
    lower = doc.lower
    n = len(lower)
    closed = a + b
    spans = [(i, i + len(closed)) for i in doc.word_index.get(closed, ())
             if not (i and (lower[i - 1].isalnum() or lower[i - 1] in "_-"))
             and not (i + len(closed) < n and (lower[i + len(closed)].isalnum() or lower[i + len(closed)] in "_-"))]
    hyphened, spaced_out = doc.analysis(f"style.compound-tails:{a}", lambda d: _compound_tails(d, a))
    spans += hyphened.get(b, ())
    if spaced:
        spans += spaced_out.get(b, ())
    return sorted(spans)


_TAIL_RE = re.compile(r"[\w-]*")  # what runs on after a hyphen or a space up to a boundary of the pattern


def _compound_tails(doc: Document, a: str) -> tuple[dict[str, list[tuple[int, int]]], dict[str, list[tuple[int, int]]]]:
    """The words written after `a` and a hyphen, and after `a` and spaces or tabs, with the spans
    of the pairs: once a document for each first part, so that every pair with that first part
    ('well-known', 'well-being', ...) is a look-up, not another walk over each place of `a`.

    The hyphenated pairs come from the places of `a` before a hyphen (`_words_before_hyphens`),
    not from every place of `a` in the text ('a', 'one', 'so' are first parts too), and the
    spaced ones only for a prefix, the only first part whose spaced form is compared: the cost
    follows the document's hyphens, not its number of first parts times their places."""
    lower = doc.lower
    n = len(lower)
    hyphened: dict[str, list[tuple[int, int]]] = {}
    spaced: dict[str, list[tuple[int, int]]] = {}
    places = doc.word_index.get(a, ())
    for j in doc.analysis("style.words-before-hyphens", _words_before_hyphens).get(a, ()):
        i = j - len(a)
        if i and lower[i - 1] == "_":  # a word character the alphanumeric run stopped at
            continue
        k = bisect_left(places, i)  # the hyphen follows a place of the word `a`
        if k == len(places) or places[k] != i:
            continue
        tail = _TAIL_RE.match(lower, j + 1).group()
        hyphened.setdefault(tail, []).append((i, j + 1 + len(tail)))
    if a not in _PREFIXES:
        return hyphened, spaced
    for i in places:
        if i and (lower[i - 1].isalnum() or lower[i - 1] in "_-"):
            continue
        j = i + len(a)
        if j < n and lower[j] in " \t":
            k = j
            while k < n and lower[k] in " \t":
                k += 1
            tail = _TAIL_RE.match(lower, k).group()
            spaced.setdefault(tail, []).append((i, k + len(tail)))
    return hyphened, spaced


def _words_before_hyphens(doc: Document) -> dict[str, list[int]]:
    """Each hyphen of `lower` that follows a run of letters or digits not preceded by a hyphen,
    under that run: where a first part written before a hyphen ends, in text order."""
    lower = doc.lower
    found: dict[str, list[int]] = {}
    j = lower.find("-")
    while j >= 0:
        i = j
        while i and lower[i - 1].isalnum():
            i -= 1
        if i < j and not (i and lower[i - 1] == "-"):
            found.setdefault(lower[i:j], []).append(j)
        j = lower.find("-", j + 1)
    return found


def _hyphenated(prose: str) -> Iterator[re.Match[str]]:
    """Two-part hyphenated compounds, found from each hyphen (a C-speed `find`)."""
    i = prose.find("-")
    while i >= 0:
        start = i
        while start > 0 and i - start < 15 and prose[start - 1].isalpha():
            start -= 1
        if start < i:
            m = _HYPHENATED_RE.match(prose, start)
            if m is not None:
                yield m
        i = prose.find("-", i + 1)


class HyphenationRule:
    meta = RuleMeta(
        id="style.hyphenation",
        summary="One compound written two ways in an article (e-mail, email; co-operate, cooperate)",
        severity=Severity.SUGGESTION,
        doc=make_doc(
            what="Compares the ways one article writes the same two-part compound: hyphenated "
            "(\"counter-terrorism\"), closed (\"counterterrorism\") and, where the first part is "
            "a prefix such as counter, anti, non, co, pre or post, spaced (\"counter terrorism\"). "
            "It reports the less common forms and names the form the article uses most; in a "
            "tie the form used first wins, and a spaced prefix always loses. Spaced pairs of "
            "ordinary words are not compared, since \"follow up\" (verb) beside \"follow-up\" "
            "(noun) or \"in the long term\" beside \"long-term plan\" is correct. Capitalised "
            "forms mid-sentence (names such as Counter Terrorism Command) are not counted, nor "
            "are pairs that mean different things (re-sign, resign; co-op, coop).",
            why="Readers notice a word spelt two ways in one story; the house dictionary picks "
            "one, and the copy desk makes the story follow it.",
            example="The counter-terrorism unit ... the armies' counter terrorism skills.",
            instead="The counter-terrorism unit ... the armies' counter-terrorism skills.",
            options="None. Hyphenated beside closed forms are suggestions: the majority form may "
            "not be the house dictionary's, and on the BBC corpus they are real but minor "
            "inconsistencies (e-mail beside email, best-selling beside bestselling). A spaced "
            "prefix (\"counter terrorism\" beside \"counter-terrorism\") is a warning, since it "
            "is wrong in any style.",
            fix="No automatic fix: which form the house style wants may differ from the majority.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        if "-" not in prose:
            return
        words = doc.word_set
        seen: set[tuple[str, str]] = set()
        for m in _hyphenated(prose):
            a, b = m.group(1).lower(), m.group(2).lower()
            if (a, b) in seen or f"{a}-{b}" in _DISTINCT:
                continue
            seen.add((a, b))
            spaced = a in _PREFIXES
            if not doc.indexed and a + b not in words and not (spaced and f"{a} {b}" in doc.lower):
                continue  # a short text: two C-speed tests rule most pairs out
            # the forms from the shared word index, not a regex scan of the text per pair
            yield from self._compare(doc, a, b, spaced, _indexed_forms(doc, a, b, spaced) if doc.aligned else None)

    def _compare(self, doc: Document, a: str, b: str, spaced: bool,
                 spans: Iterable[tuple[int, int]] | None = None) -> Iterator[Hit]:
        if spans is None:
            pattern = rf"(?<![\w-])(?:{a}-{b}|{a}{b}" + (rf"|{a}[ \t]+{b}" if spaced else "") + r")(?![\w-])"
            spans = (m.span() for m in re.finditer(pattern, doc.prose, re.IGNORECASE))
        forms: dict[str, list[tuple[int, int]]] = {}
        for span in spans:
            text = doc.prose[span[0] : span[1]]
            if any(c.isupper() for c in text[1:]) or (text[0].isupper() and not _starts_sentence(doc.prose, span[0])):
                continue  # a name or title: Counter Terrorism Command
            key = "-" if "-" in text else " " if not text.isalnum() else ""
            forms.setdefault(key, []).append(span)
        if len(forms) < 2:
            return
        shown = {"-": f"{a}-{b}", "": f"{a}{b}", " ": f"{a} {b}"}
        ranked = sorted(forms, key=lambda k: (k == " ", -len(forms[k]), forms[k][0][0]))
        best = ranked[0]
        for key in ranked[1:]:
            for start, end in forms[key]:
                n = len(forms[best])
                times = "once" if n == 1 else "twice" if n == 2 else f"{n} times"
                level = Severity.WARNING if key == " " else None  # a spaced prefix is wrong in any style
                yield Hit(
                    start, end,
                    f"'{doc.prose[start:end]}' is written '{shown[best]}' elsewhere in this article ({times})",
                    suggestions=(shown[best],),
                    severity=level,
                )


# ---------------------------------------------------------------------------
# style.headline-case

_SMALL = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs v from into "
    "onto over with than is be are was"
    .split()
)
_SENTENCE_END_RE = re.compile(r"\w[.!?][\"”’]?(?:\s|$)")
_SENTENCE_MARKS_RE = re.compile(r"[.,;:!?\"“”]")
_HEAD_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


_ATX_RE = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]")


def _heading_level(doc: Document, block: Block) -> int:
    """1-6 for a Markdown (ATX) or HTML heading, 0 for a title or a heading whose level the
    source does not show."""
    if block.scope != "heading":
        return 0
    if block.key[:1] == "h" and block.key[1:].isdigit():
        return int(block.key[1:])
    if doc.format == "markdown":
        at = doc.to_source(block.start, block.start)[0]
        line = doc.source[doc.source.rfind("\n", 0, at) + 1 : at + 1]
        m = _ATX_RE.match(line)
        if m:
            return len(m.group(1))
    return 0


_LOOSE_WORD_RE = re.compile(r"[A-Za-z][a-z]{3,}")


def _loose_case(text: str) -> str:
    """'title' or 'sentence' for a heading too short for `headline_case` ('Easier Incremental
    Adoption'), read from its words of four letters or more after the first; '' if mixed."""
    words = _LOOSE_WORD_RE.findall(text)[1:] if text[:1].isupper() else []
    if not words:
        return ""
    upper = sum(w[0].isupper() for w in words)
    return "title" if upper == len(words) else "sentence" if upper == 0 else ""


def _levels_with_a_scheme(doc: Document, heads: list[tuple[Block, str, str]],
                          others: list[Block]) -> frozenset[int]:
    """Heading levels that keep a style of their own, when the story's levels follow a scheme:
    every level with two headings or more is all in one style, and two such levels differ
    (Title Case sections over sentence-case subsections: '## Practical Design Tokens' /
    '### A common language for designers'). A level's headings are then consistent with it.
    `others` are the headings too short to judge alone; their loose reading counts here."""
    by_level: dict[int, set[str]] = {}
    sizes: Counter = Counter()
    loose = [(b, st, "") for b in others if (st := _loose_case(doc.prose[b.start : b.end]))]
    for block, style, _kind in heads + loose:
        level = _heading_level(doc, block)
        by_level.setdefault(level, set()).add(style)
        sizes[level] += 1
    kept = {lv: styles for lv, styles in by_level.items() if lv and sizes[lv] >= 2}
    if any(len(styles) > 1 for styles in kept.values()) or len({next(iter(s)) for s in kept.values()}) < 2:
        return frozenset()
    return frozenset(kept)


def _heading_kind(doc: Document, index: int) -> str:
    """'marked' (a real heading or title), 'inferred' (a headline-like line of plain text) or ''."""
    block = doc.blocks[index]
    if block.scope == "heading" or (block.scope == "front_matter" and block.key == "title"):
        return "marked"
    if block.scope != "paragraph" or doc.format != "text":
        return ""
    # Plain text has no headline markup: the first line stands as the headline, and a
    # later paragraph of one short line without sentence punctuation, followed by prose,
    # as a subheading.
    text = doc.prose[block.start : block.end]
    if len(text) > 120 or "\n" in text or _SENTENCE_MARKS_RE.search(text):
        return ""
    if index == 0:
        return "marked"
    after = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
    if after is None or not _SENTENCE_END_RE.search(doc.prose, after.start, after.end):
        return ""
    return "inferred"


def headline_case(text: str, common: Callable[[], frozenset[str]] | None = None,
                  names: Callable[[str], frozenset[int]] | None = None) -> str:
    """'title', 'sentence' or '' (too short or too mixed to tell).

    A line counts as Title Case only when at least two of its capitalised words are
    ordinary words, written in lower case elsewhere (`common`), so that a line of names
    ("Roger Federer (Switzerland)") is not taken for a Title Case headline. `names` gives the
    offsets of the line's words that the story itself writes as a name (`StoryNames`): they
    are left out like acronyms, so a heading that is a name or mostly names ("About the Civic
    Digital Fellowship") is too short to tell.
    """
    named = names(text) if names is not None else frozenset()
    words = list(_HEAD_WORD_RE.finditer(text))
    tail = [m.group() for m in words[1:] if m.start() not in named]
    tail = [w for w in tail if w.lower() not in _SMALL and not w.isupper()]
    if len(tail) < 3:
        return ""
    capitals = [w for w in tail if w[0].isupper()]
    lower = len(tail) - len(capitals)
    if lower == 0:
        known = common() if common is not None else None
        ordinary = sum(1 for w in capitals if known is None or w.lower() in known)
        return "title" if ordinary >= 2 else ""
    if lower >= 2 and lower >= len(capitals):
        return "sentence"
    return ""


# Runs of two or more capitalised words in running prose, joined by a space or by the small
# words names keep inside them ("Wage and Hour Division", "Department of the Interior").
_NAME_RUN_RE = re.compile(r"[A-Z][\w'’&.-]*(?:(?: (?:of|and|for|the|on|in|de|du|la|von|van|&))* [A-Z][\w'’&.-]*)+")
_RUN_JOINERS = frozenset("of and for the on in de du la von van &".split())
_MAX_RUN = 8


class StoryNames:
    """The names a story writes in its running prose (not its headings): every run of two or
    more capitalised words, each part of a run that starts and ends with a capital, and
    whether the run stands inside a sentence (so its first word is a name too, not a
    sentence's capital). A run whose initials the story writes as an acronym ("Extractive
    Industries Transparency Initiative" beside "EITI", "Most Recently Used (MRU)") is a name
    too. Built once a heading needs it, in one pass over the prose.

    Called with a heading, it returns the offsets of the heading's words that belong to a run
    the story writes the same way."""

    def __init__(self, doc: Document, headings: set[int], lookups: _StoryLookups | None = None) -> None:
        self._doc, self._headings = doc, headings
        self._seen: set[str] | None = None
        self._inside: set[str] = set()
        self._acronyms: frozenset[str] = frozenset()
        self._lookups = lookups  # a long text's look-ups, in place of the pass over the prose

    def _build(self) -> set[str]:
        seen: set[str] = set()
        prose = self._doc.prose
        for i, block in enumerate(self._doc.blocks):
            if i in self._headings or block.scope in ("heading", "front_matter"):
                continue
            for m in _NAME_RUN_RE.finditer(prose, block.start, block.end):
                words = list(_HEAD_WORD_RE.finditer(prose, m.start(), m.end()))
                for a, first in enumerate(words):
                    if not first.group()[0].isupper():
                        continue
                    inside = not _starts_sentence(prose, first.start()) and first.start() > block.start
                    for last in words[a + 1 : a + _MAX_RUN]:
                        if last.group()[0].isupper():
                            run = prose[first.start() : last.end()]
                            seen.add(run)
                            if inside:
                                self._inside.add(run)
        return seen

    def _prepare(self) -> None:
        if self._seen is None and self._lookups is None:
            self._seen = self._build()
            self._acronyms = _acronyms(self._doc.prose)

    def _written(self, run: str, inside: bool = False) -> bool:
        if self._lookups is not None:
            try:
                return self._lookups.written(run)[inside]
            except _Unsure:  # the whole pass answers this story's runs from now on
                self._lookups = None
                self._prepare()
        return run in (self._inside if inside else self._seen)  # type: ignore[operator]

    def _written_inside(self, run: str) -> bool:
        return self._written(run, inside=True)

    def _acronym(self, initials: str) -> bool:
        return self._lookups.acronym(initials) if self._lookups is not None else initials in self._acronyms

    def __call__(self, text: str) -> frozenset[int]:
        self._prepare()
        words = list(_HEAD_WORD_RE.finditer(text))
        named: set[int] = set()
        a = 0
        while a < len(words):
            found = 0
            if words[a].group()[0].isupper():
                for b in range(min(len(words), a + _MAX_RUN) - 1, a, -1):
                    run = text[words[a].start() : words[b].end()]
                    if words[b].group()[0].isupper() and _joined(text, words[a : b + 1]) and (
                            self._written(run) or self._acronym(_initials(words[a : b + 1]))):
                        found = b
                        break
            if found:
                run = text[words[a].start() : words[found].end()]
                first = 0 if self._written_inside(run) or self._acronym(_initials(words[a : found + 1])) else 1
                named.update(w.start() for w in words[a + first : found + 1])
                a = found + 1
            else:
                a += 1
        return frozenset(named)


class _StoryLookups:
    """What `StoryNames._build`, `_acronyms` and the story's lower-case words would say about one
    run, acronym or word, found from the places the word index gives for it and a match tried
    there, not by a pass over the whole prose: a big file whose many heading-like lines need
    the story's names costs what its headings ask, not another walk over every sentence.

    Each answer is exact (`tests/test_linear.py` compares them with the passes): a run is
    looked for where its rarest word but the first stands (a word after a space or a stop in the
    run starts the same token in the prose, so its places are all in the index), and the name-run match around
    each place is found again from the last character before it that no name run can hold, a
    point the whole block's scan also passes through; an acronym or a lower-case word is looked
    for where a word of the index begins with its letters."""

    @staticmethod
    def usable(doc: Document) -> bool:
        """A long text (one with a word index) whose blocks follow each other without overlapping."""
        blocks = doc.blocks
        return doc.indexed and all(x.end <= y.start for x, y in zip(blocks, blocks[1:]))

    def __init__(self, doc: Document, headings: set[int]) -> None:
        self._doc, self._headings = doc, headings
        self._index = doc.word_index
        self._keys: list[str] | None = None
        self._block_starts = [b.start for b in doc.blocks]
        self._runs: dict[str, tuple[bool, bool]] = {}
        self._acronyms: dict[str, bool] = {}
        self._lower: dict[str, bool] = {}

    def _places_of_prefix(self, prefix: str) -> Iterator[int]:
        """The places of the index's words that begin with `prefix`."""
        if self._keys is None:
            self._keys = sorted(self._index)
        keys, index = self._keys, self._index
        k = bisect_left(keys, prefix)
        while k < len(keys) and keys[k].startswith(prefix):
            yield from index[keys[k]]
            k += 1

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.lower_word(word)

    def lower_word(self, word: str) -> bool:
        """Whether `_LOWER_WORD_RE` finds `word` (lower case) in the prose."""
        found = self._lower.get(word)
        if found is None:
            found = self._lower[word] = self._find_lower(word)
        return found

    def _find_lower(self, word: str) -> bool:
        if not _LOWER_TOKEN_RE.fullmatch(word):
            return False
        pattern = re.compile(r"(?<![\w'’-])" + re.escape(word) + r"(?![a-z'’-])")
        prose = self._doc.prose
        letters = _LETTERS_RE.match(word).group()  # type: ignore[union-attr]
        # the word's token in the index: its letters exactly before a hyphen, else a word they begin
        places = self._index.get(letters, ()) if word[len(letters) : len(letters) + 1] == "-" else self._places_of_prefix(letters)
        return any(pattern.match(prose, i) for i in places)

    def acronym(self, initials: str) -> bool:
        """Whether `_acronyms` of the prose holds `initials`."""
        found = self._acronyms.get(initials)
        if found is None:
            found = self._acronyms[initials] = bool(_CAPITALS_ONLY_RE.fullmatch(initials)) and any(
                (m := _ACRONYM_RE.match(self._doc.prose, i)) is not None and m.group() == initials
                for i in self._places_of_prefix(initials.lower()))
        return found

    def written(self, run: str) -> tuple[bool, bool]:
        """Whether `StoryNames._build` finds `run`, and whether inside a sentence."""
        found = self._runs.get(run)
        if found is None:
            found = self._runs[run] = self._find_run(run)
        return found

    def _find_run(self, run: str) -> tuple[bool, bool]:
        if not run.isascii():  # lower case of the same length, letter for letter
            raise _Unsure
        low = run.lower()
        words = list(_HEAD_WORD_RE.finditer(run))
        best: tuple[int, int, str] | None = None  # (places, offset, key) of the rarest word but the first
        for w in words[1:]:  # each after a space or a stop: where a token of the index starts
            key = WORD_RE.match(low, w.start())
            if key is None or run[w.start() - 1] not in " .":
                raise _Unsure
            n = len(self._index.get(key.group(), ()))
            if best is None or n < best[0]:
                best = (n, w.start(), key.group())
        # (the first word's token may begin before it: 'eBay Inc' holds the run 'Bay Inc')
        if best is None:
            raise _Unsure
        prose, doc = self._doc.prose, self._doc
        seen = inside = False
        for place in self._index.get(best[2], ()):
            p = place - best[1]
            if p < 0 or not prose.startswith(run, p):
                continue
            k = bisect_right(self._block_starts, p) - 1
            if k < 0:
                continue
            block = doc.blocks[k]
            if k in self._headings or block.scope in ("heading", "front_matter") or p + len(run) > block.end:
                continue
            if self._run_at(prose, block, p, len(run)):
                seen = True
                if not _starts_sentence(prose, p) and p > block.start:
                    inside = True
                    break
        return seen, inside

    @staticmethod
    def _run_at(prose: str, block: Block, p: int, size: int) -> bool:
        """Whether the block's scan of name runs holds a run from `p` of `size` characters."""
        r = p
        while r > block.start and _in_name_run(prose[r - 1]):
            r -= 1
        for m in _NAME_RUN_RE.finditer(prose, r, block.end):
            if m.start() > p:
                return False
            if m.end() < p + size:
                continue
            words = list(_HEAD_WORD_RE.finditer(prose, m.start(), m.end()))
            starts = [w.start() for w in words]
            a = bisect_left(starts, p)
            if a == len(words) or starts[a] != p or not words[a].group()[0].isupper():
                return False
            for last in words[a + 1 : a + _MAX_RUN]:
                if last.end() == p + size:
                    return last.group()[0].isupper()
            return False
        return False


class _Unsure(Exception):
    """A run the look-ups cannot answer exactly: the story's whole pass answers it."""


def _in_name_run(ch: str) -> bool:
    """A character a `_NAME_RUN_RE` match can hold (a word character, ' ’ & . - or a space)."""
    return ch == " " or ch.isalnum() or ch in "_'’&.-" or bool(_WORD_CHAR_RE.match(ch))


_WORD_CHAR_RE = re.compile(r"\w")
_LOWER_TOKEN_RE = re.compile(r"[a-z][a-z'’-]*")
_LETTERS_RE = re.compile(r"[a-z]+")
_CAPITALS_ONLY_RE = re.compile(r"[A-Z]{3,8}")


_ACRONYM_RE = re.compile(r"(?<![\w.])[A-Z]{3,8}(?=s?\b)")
_CAPITALS_RE = re.compile(r"[A-Z]{3,}")


def _acronyms(prose: str) -> frozenset[str]:
    """What `_ACRONYM_RE` finds in `prose`, tried only where a run of three capitals or more
    starts (where any of its matches starts): a scan without a look-behind at every character."""
    match = _ACRONYM_RE.match
    return frozenset(m.group() for c in _CAPITALS_RE.finditer(prose) if (m := match(prose, c.start())))


def _initials(words: list[re.Match[str]]) -> str:
    """'Extractive Industries Transparency Initiative' -> 'EITI' (a name's small words left out)."""
    return "".join(w.group()[0] for w in words if w.group()[0].isupper())


def _joined(text: str, words: list[re.Match[str]]) -> bool:
    """Words that follow each other with one space between (or an initial's stop: 'U.S. Army'),
    capitalised or a name's small word."""
    return all(text[x.end() : y.start()] == " " or (len(x.group()) == 1 and text[x.end() : y.start()] in (".", ". "))
               for x, y in zip(words, words[1:])) and \
        all(w.group()[0].isupper() or w.group() in _RUN_JOINERS for w in words)


_LOWER_WORD_RE = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


def _case_option(value: str) -> str:
    if value not in ("consistent", "sentence", "title"):
        raise ValueError("option 'case' takes consistent, sentence or title")
    return value


class HeadlineCaseRule:
    meta = RuleMeta(
        id="style.headline-case",
        summary="Headings in one document mixing Title Case and sentence case",
        severity=Severity.WARNING,
        options=(
            Option("case", "consistent", "'consistent' (headings agree with each other), "
                   "'sentence' or 'title' (every heading in that style).", str, validate=_case_option),
        ),
        doc=make_doc(
            what="Classifies each heading (and a front-matter title; in plain text, the first line "
            "and each later one-line paragraph without sentence punctuation that is followed by "
            "prose) as Title Case or sentence case, and reports the headings in the less common style, naming the other. Headings "
            "too short to tell (fewer than four words that are not articles, prepositions or "
            "acronyms) or too mixed are skipped, so proper nouns in a sentence-case headline "
            "(\"Ad sales boost Time Warner profit\") do not count against it. Names are read from "
            "the story's own capitalisation: words of a heading that its running prose writes as a "
            "run of capitalised words (\"the Civic Digital Fellowship\"), or whose initials it writes "
            "as an acronym (\"Extractive Industries Transparency Initiative\" beside \"EITI\"), are "
            "left out like acronyms, so a heading that is a name or mostly names is not taken for "
            "Title Case. With the option "
            "`case: sentence` or `case: title`, every heading in the other style is reported. Levels "
            "that follow a scheme are consistent: where every heading level with two headings or "
            "more keeps one style and two such levels differ (Title Case sections over sentence-case "
            "subsections), those levels' headings are not reported. Headings too short to judge "
            "alone are not reported, but their capitals count towards the majority.",
            why="A page whose headline and subheadings use different capitalisation looks "
            "unedited; most newsrooms (BBC, Guardian, Reuters) use sentence case, many US "
            "papers Title Case, but never both.",
            example="# Council Approves New Budget For Schools\n\n## Parents welcome the extra funding for teachers",
            instead="# Council approves new budget for schools\n\n## Parents welcome the extra funding for teachers",
            options="`case`: `consistent` (default), `sentence` or `title`. A subheading guessed "
            "from plain-text layout (not the first line) is reported as a suggestion only.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        # the words written in lower case somewhere in the story, found once if a heading asks
        def common() -> frozenset[str]:
            if lookups is not None:  # a long text: each word looked for where it may stand
                return lookups  # type: ignore[return-value]
            return doc.analysis("style.lowercase-words", lambda d: frozenset(_LOWER_WORD_RE.findall(d.prose)))
        kinds = {i: kind for i in range(len(doc.blocks)) if (kind := _heading_kind(doc, i))}
        lookups = _StoryLookups(doc, set(kinds)) if kinds and _StoryLookups.usable(doc) else None
        names = StoryNames(doc, set(kinds), lookups)
        heads: list[tuple[Block, str, str]] = []
        untold: list[Block] = []  # marked headings too short or mixed to tell
        for i, kind in kinds.items():
            block = doc.blocks[i]
            text = doc.prose[block.start : block.end]
            style = headline_case(text, common)
            if style == "title":  # only a Title Case reading rests on its capitals: weigh the story's names
                style = headline_case(text, common, names)
            if style:
                heads.append((block, style, kind))
            elif kind == "marked":
                untold.append(block)
        if not heads:
            return
        house = str(ctx.options.get("case", "consistent"))
        wanted = house
        schemed: frozenset[int] = frozenset()
        if house == "consistent":
            counts = Counter(style for _b, style, _k in heads)
            if len(counts) < 2:
                return
            # headings too short to judge alone still vote ('Unobtrusive Suggestions', 'Batch
            # Fixing'): a lone long heading is not the house style against a dozen short ones
            votes = counts + Counter(st for b in untold if (st := _loose_case(doc.prose[b.start : b.end])))
            wanted = max(votes, key=lambda s: (votes[s], s == heads[0][1]))
            schemed = _levels_with_a_scheme(doc, heads, untold)
        for block, style, kind in heads:
            if style != wanted and _heading_level(doc, block) not in schemed:
                name = "Title Case" if style == "title" else "sentence case"
                other = "Title Case" if wanted == "title" else "sentence case"
                why = f"the other headings use {other}" if house == "consistent" else f"the house style is {other}"
                # a subheading guessed from plain-text layout is only a suggestion
                level = Severity.SUGGESTION if kind == "inferred" else None
                yield Hit(block.start, block.end, f"Heading in {name}; {why}", severity=level)


# ---------------------------------------------------------------------------
# style.missing-space

# a word, sentence or clause punctuation, then a word with no space between: "Monday.It",
# "cost,which". The left word has two letters or more (not an initial, "J.R."), the right one
# starts a word ("It", "which"), not a number ("3.5") or an all-caps code (".NET").
_MISSING_SPACE_RE = re.compile(r"(?<![\w.@/\\$=\[_-])([^\W\d_]{2,})([.!?,;])((?:[A-Z][a-z]+|[a-z]{2,})(?:['’][a-z]+)?)(?![\w@/\\(=-]|\.[A-Za-z])")
_TLDS = frozenset(
    "com org net edu gov mil int info biz io co uk us ca au nz de fr it es nl eu tv me ly fm ai app "
    "dev news online site tech jp cn in ru br za ie ch se no dk fi be at pl pt gr js py rb md html htm "
    "php asp aspx txt pdf doc docx csv json xml yaml yml png jpg jpeg gif svg exe zip sh".split()
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr inc co ltd corp no nos vs etc eg ie al approx dept est fig gen gov jan feb "
    "mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun univ vol pp ed eds rev op".split()
)


_SENTENCE_STARTERS = frozenset("it in at me no us be do is so".split())  # words that are TLDs too


class MissingSpaceRule:
    meta = RuleMeta(
        id="style.missing-space",
        summary="No space after a full stop, comma or other punctuation ('Monday.It', 'cost,which')",
        severity=Severity.WARNING,
        fixable=True,
        doc=make_doc(
            what="Reports a word followed by . ! ? , or ; and then, with no space, another word: "
            "'on Monday.It was', 'the cost,which was'. Both words must be in the dictionary, and "
            "the second must start a word (capitalised after . ! ?, lowercase after , ;). Left "
            "alone: web addresses and domain names (example.com, BBC.co.uk), file names "
            "(report.pdf), decimals and thousands (3.5, 1,000), abbreviations and initials "
            "(e.g.this, U.S.policy, J.R.Smith), code-like tokens (System.Console, obj.method(), "
            "$this.Name; after a capitalised word a full stop must be followed by a function word "
            "such as It or The to count), "
            "and anything in code or URLs, which are out of the prose.",
            why="A lost space is the commonest slip after a cut-and-paste or a deleted word, and "
            "spell-checkers miss it because each word is right.",
            example="They met on Monday.It was cold, and the cost,which was high, rose.",
            instead="They met on Monday. It was cold, and the cost, which was high, rose.",
            fix="Safe: a space is written after the punctuation mark; nothing else changes.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        from .spelling import _FUNCTION_WORDS, speller

        is_known = speller(ctx.services).is_known
        prose = doc.prose
        for m in _missing_space_matches(prose):
            left, mark, right = m.group(1), m.group(2), m.group(3)
            if mark in ".!?" and not right[:1].isupper() or mark in ",;" and not right.islower():
                continue
            if right.lower() in _TLDS and right.lower() not in _SENTENCE_STARTERS or \
                    left.lower() in _ABBREVIATIONS or left.isupper():
                continue
            if _camel(left) or _camel(right):
                continue  # code: CamelCase, an object path
            if mark == "." and left[:1].isupper() and right.lower() not in _FUNCTION_WORDS:
                continue  # "System.Exception", "Shell.Application": a dotted name, unless "Monday.It"
            if not (is_known(left.lower()) and is_known(re.sub(r"['’][a-z]+$", "", right.lower()))):
                continue
            at = m.end(1)
            yield Hit(at, at + 1, f"No space after '{mark}' between '{left}' and '{right}'",
                      (mark + " ",), ((at, at + 1, mark + " "),), fix_safe=True)


# Where a match of _MISSING_SPACE_RE has its mark: a mark between a letter and an ASCII letter.
# The scan skips at C speed from one mark to the next; copy holds few such marks.
_MARK_BETWEEN_LETTERS_RE = re.compile(r"[.!?,;](?<=[^\W\d_].)(?=[A-Za-z])")


def _missing_space_matches(prose: str) -> Iterator[re.Match[str]]:
    """What `_MISSING_SPACE_RE.finditer(prose)` finds, tried only at the marks that stand between
    two letters. A match's left word is the whole run of letters before its mark (a word
    character before the run fails the lookbehind), so the run's start is the only place a
    match with that mark can begin; a mark inside the previous match is skipped, as the scan's
    next try starts after it."""
    end = 0
    for mark in _MARK_BETWEEN_LETTERS_RE.finditer(prose):
        start = mark.start()
        while start > end and _letter(prose[start - 1]):
            start -= 1
        if start < end or (start == end and end and _letter(prose[start - 1])):
            continue  # the run begins inside the previous match
        m = _MISSING_SPACE_RE.match(prose, start)
        if m is not None:
            end = m.end()
            yield m


def _letter(ch: str) -> bool:
    r"""`[^\W\d_]`: a word character that is no digit and no underscore."""
    return ch.isalnum() and not ch.isdecimal()


def _camel(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def rules() -> list[object]:
    return [
        MissingSpaceRule(),
        SpaceBeforePunctuationRule(),
        DoubledSpaceRule(),
        RepeatedPunctuationRule(),
        UnbalancedRule(),
        HyphenationRule(),
        HeadlineCaseRule(),
    ]
