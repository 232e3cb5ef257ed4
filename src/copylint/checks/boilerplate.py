"""The boilerplate pack: social widgets, prompts, credits and page furniture left in the copy.

A web page's furniture survives extraction as short lines of their own: "Like Us on Facebook",
"Make CT Your Homepage", "ADVERTISEMENT", "Photo: Damian Dovarganes, AP", "Real Time Analytics".
The same words inside a sentence are copy ("The president likes us on Facebook, he said"), so
the rules match whole standalone lines only: a paragraph of its own, or a line that does not
continue a hard-wrapped sentence. The line patterns are data of the `line` kind
(`rules/boilerplate/data/lines.yml`, declarative/kinds/line.py) an editor can extend, and a
newsroom's pack folder extends with `boilerplate/data/lines.yml` of its own; this module decides which lines are standalone and reports them. Two
shapes are found inside paragraphs too: a photo credit that opens or closes a paragraph
("(Photo : Getty Images) As a counter-terrorism measure, ..."), and an all-capitals
ADVERTISEMENT between two sentences.
"""

from __future__ import annotations

import os
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass
from typing import Iterable, Pattern

from ..document import PLACEHOLDER, Document
from ..markup import HANDLE_RE
from ..findings import Severity
from ..declarative.kinds.line import LinePatterns
from ..multimatch import FirstFullmatch, Needles
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc
from ..services import Services

_EDGE = " \t\u00a0|•·*›»–—-"
_SPACE_RE = re.compile(r"\s+")
_SPEECH_RE = re.compile(
    r"\b(?:said|says|say|told|tells|according to|asked|explained|added|alleged|claimed|urged|urges|warned|wrote|"
    r"argued|insisted|admitted)\b",
    re.IGNORECASE,
)
# a stamp whose label is a verb of speech: "asked May 2, 2009 at 0:01", "added on 12/03/2021" (a
# forum's or a questions-and-answers site's post stamp reports no speech)
_STAMP_VERB_RE = re.compile(
    r"(?:asked|added|wrote)(?: on)? (?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d)",
    re.IGNORECASE,
)
# a comment's header, its writer's handle and "says:" ("lonespeed says:", "jdoe42 says:",
# "BigDave says:"): the site's label of a comment below it, not speech the copy reports. A handle
# is one word in lower case, with a digit, or with a capital inside it; "Smith says:", "He says:"
# and "The mayor says:" above a quotation are the copy's own
_SAYS_HEADER_RE = re.compile(r"(?:[a-z0-9][\w.'’-]{1,29}|[\w.'’-]*[0-9][\w.'’-]*|[A-Z][a-z]+[A-Z][\w.'’-]*) says:")
_QUOTE_MARK_RE = re.compile('["“”„]')  # a line that holds one quotes someone (and «...», `quotes`)


def quotes(text: str) -> bool:
    """Whether a line quotes someone: it holds a quotation mark, or guillemets that pair up
    ('«Bonjour»', '»Hallo«'). A guillemet alone is a page's arrow ('« Older posts', 'Next »')."""
    return _QUOTE_MARK_RE.search(text) is not None or ("«" in text and "»" in text)


_SKIP_SCOPES = frozenset({"front_matter", "blockquote", ""})
_CONTINUES_RE = re.compile(r"[\w,–—-]\Z")  # a line ending like this may run on into the next
_LONGEST = 600  # characters: longer lines are copy, whatever they contain


@dataclass(frozen=True)
class Line:
    """A line of the prose with its edges trimmed."""

    start: int
    end: int
    norm: str  # whitespace collapsed
    words: int
    heading: bool
    quoted: bool = False  # the line quotes someone (`quotes`, read before its edges were trimmed)


@dataclass(frozen=True)
class LineTerms:
    """The patterns Python code builds from the pack's terms (`terms` of `lines.yml`, with a
    newsroom's pack folders' terms over them), so that each is written once, in the data an
    editor changes, and the line patterns and this code cannot drift apart:

    - `byline_label` fullmatches a byline's label alone on its line ('By', 'Written by:'), its
      name in the next (`_byline_name`): the term `byline_label`;
    - `byline` matches the start of a byline, a job title or an author's blurb ('By Jane Doe',
      'Jane Doe | Staff Writer'), which an author's own file keeps a level lower (`_authored`):
      the terms `byline_label`, `credit_label` and `job_title`;
    - `date_label` fullmatches a stamp's label alone on its line, its inner whitespace collapsed
      to one space and its edges stripped ('Published' over 'July 8, 2025': checks/stamps.py
      reads the date under it as a labelled stamp): the term `date_label`."""

    byline_label: Pattern[str]
    byline: Pattern[str]
    date_label: Pattern[str]
    key: str  # names what they find in a document's analysis cache


# the terms these patterns are built from: the pack's own file must define them
_CODE_TERMS = ("byline_label", "credit_label", "job_title", "date_label")


@dataclass(frozen=True)
class LineSet:
    """The merged line patterns in force (the pack's data file, then the config's pack folders')
    and the classifier compiled from them."""

    patterns: dict[str, LinePatterns]
    classifier: tuple[FirstFullmatch, Pattern[str], Pattern[str], tuple[str, ...], Needles]
    key: str  # names this set in the per-document cache
    terms: LineTerms


def _data_path() -> str:
    from ..registry import builtin_rules_dir

    return os.path.join(builtin_rules_dir(), "boilerplate", "data", "lines.yml")


def _signature(paths: tuple[str, ...], services: Services) -> tuple[tuple[str, int], ...]:
    # stat-ed once a lint call, not once a document
    return services.per_call(("boilerplate.line-files", paths),
                             lambda: tuple((p, os.stat(p).st_mtime_ns) for p in paths))


def _line_files(paths: tuple[str, ...], services: Services) -> list:
    """The data files (the `line` kind), each parsed once a session and again when it changes."""
    from ..declarative.kinds import line

    loaded, terms = [], {}
    for i, path in enumerate(paths):
        # the first file is the pack's own and names the rules; the others extend them
        known = None if i == 0 else tuple(loaded[0].rules)
        data = services.file(path, lambda p: line.load(p, known, terms), key=("boilerplate.lines", i > 0))
        terms = {**terms, **data.terms}
        loaded.append(data)
    return loaded


def _line_terms(paths: tuple[str, ...], services: Services) -> LineTerms:
    """The patterns built from the terms of these data files (see `LineTerms`), once a session
    for the files as they are."""
    signature = _signature(paths, services)

    def make() -> LineTerms:
        from ..declarative.kinds import line
        from ..yamlfile import FileError

        loaded = _line_files(paths, services)
        missing = [t for t in _CODE_TERMS if t not in loaded[0].terms]
        if missing:
            raise FileError(paths[0], None, f"the term '{missing[0]}' is not defined; checks/boilerplate.py reads it")
        t = line.merged_terms(loaded)
        return LineTerms(
            byline_label=re.compile(rf"(?:{t['byline_label']}) ?:?", re.IGNORECASE),
            byline=re.compile(
                # a byline ('By Jane Doe', 'Reporting by ...') or its label alone ('Written by:')
                rf"(?:(?:{t['byline_label']})|(?:{t['credit_label']}) by)(?: [A-Z]| ?:?\Z)"
                # a name, then its job title ('Jane Doe | Staff Writer', 'Senior Correspondent')
                rf"|[^|,]{{0,60}}(?:[|,–—-] ?|\b)(?:{t['job_title']})\Z"
                # an author's blurb ('Jane Doe is a freelance writer based in Denver.')
                r"|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3} is (?:a|an|the) ",
                re.IGNORECASE,
            ),
            date_label=re.compile(rf"(?:{t['date_label']}) ?:?", re.IGNORECASE),
            key=f"boilerplate.line-terms:{hash(signature)}",
        )

    return services.get(("boilerplate.line-terms", signature), make)


def _line_set(paths: tuple[str, ...], services: Services) -> LineSet:
    """The line patterns of these data files (the `line` kind), each parsed once a session and
    again when it changes, merged in order, with their classifier."""
    from ..declarative.kinds import line

    signature = _signature(paths, services)

    def make() -> LineSet:
        patterns = line.compile(_line_files(paths, services))
        return LineSet(patterns, _classifier(patterns), f"boilerplate.line-kinds:{hash(signature)}",
                       _line_terms(paths, services))

    return services.get(("boilerplate.line-set", signature), make)


def line_set(ctx: RuleContext | None = None) -> LineSet:
    """The line patterns in force for a run (without a context: the pack's own data only)."""
    if ctx is None:
        return _line_set((_data_path(),), Services())
    return _line_set(ctx.data_files("boilerplate", "lines.yml"), ctx.services)


def line_terms(ctx: RuleContext | None = None) -> LineTerms:
    """The patterns built from the pack's terms for a run (without a context: the pack's own
    data only), without the line patterns' classifier (the stamps pack reads them)."""
    if ctx is None:
        return _line_terms((_data_path(),), Services())
    return _line_terms(ctx.data_files("boilerplate", "lines.yml"), ctx.services)


def line_patterns(ctx: RuleContext | None = None) -> dict[str, LinePatterns]:
    """The line patterns of every rule (see `line_set`)."""
    return line_set(ctx).patterns


def _classifier(pats: dict[str, LinePatterns]) -> tuple[FirstFullmatch, Pattern[str], Pattern[str], tuple[str, ...],
                                                        Needles]:
    """Every rule's patterns as three alternations: one match per line, not eight.

    A line that two rules' patterns fit goes to the rule listed first in the data file. The
    whole-line patterns are tried through `FirstFullmatch`: only those whose words the line holds.
    """
    names = tuple(pats)
    strong = FirstFullmatch((p.strong for p in pats.values()), re.IGNORECASE)
    contains = "|".join(f"(?P<r{i}>{p.contains})" for i, p in enumerate(pats.values()) if p.contains)
    weak = "|".join(f"(?P<r{i}>{p.weak})" for i, p in enumerate(pats.values()) if p.weak)
    flags = re.IGNORECASE
    gates = tuple(w for p in pats.values() for w in p.contains_if)
    # one automaton pass of the lower-cased line for any of the words (multimatch), not one `in`
    # each; an alternation of the words, tried at every character, cost 2.5 times more
    gate = Needles(gates, automaton_from=0)
    return strong, re.compile(contains, flags), re.compile(weak, flags), names, gate


def _in_force(found: LineSet | None) -> LineSet:
    """A run's line set, or the pack's own data where there is none (training, the benches)."""
    return found or line_set()


def classified_lines(doc: Document, lines: LineSet | None = None) -> list[tuple[int, str, bool]]:
    """(index in standalone_lines, rule name, weak match) for every line a pattern fits."""
    found = _in_force(lines)
    return doc.analysis(found.key, lambda d: _classify_lines(d, found))


def _classify_lines(doc: Document, found: LineSet) -> list[tuple[int, str, bool]]:
    strong, contains, weak, names, gates = found.classifier
    longest = max(p.max_words for p in found.patterns.values())
    out = []
    lines = standalone_lines(doc)
    for i, line in enumerate(lines):
        if line.words > longest or _label_value(lines, i, bool(out) and out[-1][0] == i - 1):
            continue
        rule = strong.first(line.norm)
        if rule is None:
            low = line.norm.lower()
            if gates.found(low) and not line.quoted:
                rule = _rule_of(contains.search(line.norm))
        is_weak = False
        if rule is None and not line.heading:
            rule = _rule_of(weak.fullmatch(line.norm))
            is_weak = True
        if rule is None and not line.heading and _link_separated(line.norm):
            rule = _link_row(line.norm, strong)
            is_weak = False
        if rule is None and out and out[-1][0] == i - 1 and "page-furniture" in names \
                and _byline_name(lines, i, found.terms):
            rule, is_weak = names.index("page-furniture"), False
        if rule is not None:
            out.append((i, names[rule], is_weak))
    return out


# the name under a byline's label alone on its line ('By' over 'Jane Doe': a page sets them in two
# elements, '<span>By</span><a class="author">Jane Doe</a>'; the label is the pack's term, `LineTerms`)
_BYLINE_NAME_RE = re.compile(
    r"[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|del|der|van|von|da|al|bin|le|la))"
    r"{0,4}(?:,? (?:Ph\.? ?D\.?|M\.? ?D\.?|Jr\.?|Sr\.?))?(?: ?[|,–—-] ?[\w .,&'’-]{1,60})?"
)


def _byline_name(lines: list[Line], i: int, terms: LineTerms) -> bool:
    """Whether line i is a name under a line that is only a byline's label ('By' over 'Jane Doe')."""
    return i > 0 and lines[i].words <= 12 and terms.byline_label.fullmatch(lines[i - 1].norm) is not None \
        and _BYLINE_NAME_RE.fullmatch(lines[i].norm) is not None


def _rule_of(m: re.Match[str] | None) -> int | None:
    """The index of the rule whose group (r0, r1, ...) of an alternation matched."""
    return None if m is None else int(m.lastgroup[1:])  # type: ignore[index]


# a slash between two word characters or two spaces (the other separators need no context):
# opened by the slash, so that `re` skips to the slashes at C speed
_LINK_SLASH_RE = re.compile(r"/(?:(?<=\w/)(?=\w)|(?<= /)(?= ))")
_LINK_ROW_SPLIT_RE = re.compile(r"\s*(?:[|•·]|(?<=\w)/(?=\w)| / )\s*")


def _link_separated(text: str) -> bool:
    """Whether a line holds a separator of links: '|', '•', '·', or 'a/b' or 'a / b'."""
    return "|" in text or "•" in text or "·" in text or ("/" in text and _LINK_SLASH_RE.search(text) is not None)


def _link_row(text: str, strong: FirstFullmatch) -> int | None:
    """A row of links joined by separators, two or more of them furniture by the patterns
    ('Contact Us/FAQ | Terms of Use | Privacy Policy', 'Editorial Standards / Ethics Statement /
    Privacy Policy'): the rule of the first such link, or None. Every link must be short, so
    that a sentence with a slash in it ('and/or') is not one."""
    parts = [p for p in _LINK_ROW_SPLIT_RE.split(text) if p]
    if len(parts) < 2 or any(p.count(" ") > 4 for p in parts):
        return None
    first, found = None, 0
    for part in parts:
        rule = strong.first(part)
        if rule is not None:
            found += 1
            first = rule if first is None else first
    return first if found >= 2 else None


def _label_value(lines: list[Line], i: int, label_is_furniture: bool) -> bool:
    """A figure under a label of a fact box ('Average daily trading volume:' / '83,206 shares'):
    the story's data, not a share counter. The label must be copy itself (no pattern fitted it:
    'Share this:' above '12 shares' is a share bar)."""
    if i == 0 or label_is_furniture or not lines[i].norm[:1].isdigit():
        return False
    label = lines[i - 1].norm
    return label.endswith(":") and len(label.split()) >= 2


def standalone_lines(doc: Document) -> list[Line]:
    """Lines that stand on their own: a whole block, or a line that does not continue the one before."""
    return doc.analysis("boilerplate.lines", _standalone_lines)


def _standalone_lines(doc: Document) -> list[Line]:
    prose = doc.prose
    out: list[Line] = []
    # a cell of a table an author wrote (Markdown, Word) is a value: "X" in a grid of marks,
    # "Link" in a column of links, "Updated" in a status column; an HTML page's layout table
    # may still hold its furniture
    authored_table = doc.format != "html"
    wrapped = doc.format == "markdown"  # a soft line break inside a paragraph is a space
    icons = doc.format == "html"
    for block in doc.blocks:
        if block.scope in _SKIP_SCOPES or (authored_table and block.scope == "table"):
            continue
        pos = block.start
        prev, prev_words = "", 0
        while pos < block.end:
            nl = prose.find("\n", pos, block.end)
            stop = block.end if nl < 0 else nl
            last = pos  # where the last line read begins
            while wrapped and nl >= 0 and stop - pos <= _LONGEST and \
                    _hard_wrapped(prose[last:stop], prose[stop + 1 : stop + 3].lstrip()):
                # 'Please leave a comment on [this' + 'GitHub issue to share': one sentence,
                # hard-wrapped in the source; read it whole, as the page shows it (no further
                # than a line of copy can be: past that it is copy whatever it holds)
                last = stop + 1
                nl = prose.find("\n", last, block.end)
                stop = block.end if nl < 0 else nl
            raw = prose[pos:stop]
            stripped = raw.strip(_EDGE)
            if icons and PLACEHOLDER in stripped:
                # an icon of an HTML page (an inline <svg>) at the edge of a line is not its text:
                # 'Login <svg>' is the label 'Login'; a line of icons alone stays as it is (in
                # text and Markdown a placeholder is an address or code the line quotes)
                stripped = stripped.strip(_EDGE + PLACEHOLDER) or stripped
            if stripped:
                start = pos + raw.index(stripped)
                if len(stripped) > _LONGEST:
                    norm, words = "", _LONGEST  # a paragraph of copy: no pattern is that long
                else:
                    seen = _with_handles(doc, stripped, start) if PLACEHOLDER in stripped else stripped
                    norm = _SPACE_RE.sub(" ", seen) if ("  " in seen or "\t" in seen or "\n" in seen
                                                        or "\u00a0" in seen) else seen
                    words = norm.count(" ") + 1  # near enough for "short" and the limits
                # a hard-wrapped sentence: a long line without an end, then a lower-case start
                runs_on = prev_words > 5 and stripped[0].islower() and bool(_CONTINUES_RE.search(prev))
                if not runs_on:
                    # (a paragraph of copy, past _LONGEST, is never read as a line: no need to ask)
                    out.append(Line(start, start + len(stripped), norm, words, heading=block.scope == "heading",
                                    quoted=bool(norm) and quotes(raw)))
                prev, prev_words = stripped, words
            pos = stop + 1
    return out


def _with_handles(doc: Document, text: str, start: int) -> str:
    """`text` (the prose from `start`) with each placeholder that stands for a handle in the
    source given back as the handle: what the line patterns read. markup.hidden_spans hides a
    handle ('@nytimes') as a name, not a word of the copy, but a line of furniture is known by it
    ('Follow @jdoe'). The line's offsets are the prose's still; only what it says is the source's."""
    parts = []
    last = 0
    k = text.find(PLACEHOLDER)
    while k >= 0:
        at = start + k
        s, e = doc.to_source(at, at + 1)
        written = doc.source[s:e]
        if HANDLE_RE.fullmatch(written):
            parts.append(text[last:k])
            parts.append(written)
            last = k + 1
        k = text.find(PLACEHOLDER, k + 1)
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


_WRAPPED_RE = re.compile(r"[^\n]{25,}(?<![.!?:;\"”’)])[ \t]*$")
_MID_SENTENCE_RE = re.compile(r"[\w,]$")


def _hard_wrapped(text: str, following: str) -> bool:
    """A line that stops mid-sentence where the source wraps its paragraph: a long line without
    an end, or one ending in a word or comma before a lower-case start ('or to our Twitter' +
    'account.')."""
    if _WRAPPED_RE.search(text) is not None:
        return True
    return following[:1].islower() and _MID_SENTENCE_RE.search(text.rstrip()) is not None


def _short(line: Line | None) -> bool:
    return line is not None and line.words <= 5


def _beside_short(lines: list[Line], i: int) -> bool:
    """Whether line i has a short neighbour: where a weak match counts (a share bar, not a subhead)."""
    return _short(lines[i - 1] if i > 0 else None) or _short(lines[i + 1] if i + 1 < len(lines) else None)


def patterned_lines(doc: Document, line_set: LineSet | None = None) -> set[int]:
    """The standalone lines a pattern reports, as the line rules do: a weak match alone (a lone
    "Email", "Tweet") is not one, since its rule leaves it for want of short neighbours."""
    lines = standalone_lines(doc)
    return {i for i, _name, weak in classified_lines(doc, line_set) if not weak or _beside_short(lines, i)}


def _delete(doc: Document, start: int, end: int) -> tuple[tuple[int, int, str], ...]:
    """Delete a line and, inside a block, its line break."""
    if doc.prose[end : end + 1] == "\n" and doc.is_verbatim(start, end + 1):
        end += 1
    return ((start, end, ""),)


# An image in the source: Markdown, HTML, or a template's image or figure tag or shortcode
_IMAGE_RE = re.compile(r"!\[|<img\b|<figure\b|<picture\b|\{[{%]<?[-\s]*(?:image|figure|img|picture)\w*\b", re.IGNORECASE)


def _under_image(doc: Document, start: int) -> bool:
    """Whether the source line just before (blank lines and closing tags skipped) shows an image."""
    at = doc.to_source(start, start)[0]
    before = doc.source[max(0, at - 2000) : at]
    head = before[before.rfind("\n") + 1 :]
    lines = [ln for ln in before[: len(before) - len(head)].splitlines() if ln.strip() and not ln.strip().startswith("</")]
    candidates = [head] + lines[-1:]
    return any(_IMAGE_RE.search(c) for c in candidates)


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _run_line_set(doc: Document, ctx: RuleContext) -> LineSet:
    """The line set in force, looked up (its files stat-ed) once a document, not once for each
    of the eight rules that read it."""
    return doc.analysis("boilerplate.line-set", lambda _doc: line_set(ctx))


_AUTHORED_FORMATS = frozenset({"markdown", "docx"})
# markup an author types around or inside a line: emphasis, links, images, inline HTML, entities
_MARKUP_AROUND_RE = re.compile(r"[*_\[\]<>`&]")
_LINE_LEAD_RE = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")


def _introduced(lines: list[Line], i: int) -> bool:
    """Whether line i is in a run of short lines that a lead-in ending in a colon introduces
    ('A directory listing of the Modules folder shows the following items:' over 'ASEP',
    'Config', 'Log'...): the author's list, written one item a paragraph."""
    j = i - 1
    while j >= 0 and i - j <= 30 and lines[j].words <= 3 and not lines[j].norm.endswith(":"):
        j -= 1
    return j >= 0 and i - j <= 30 and lines[j].norm.endswith(":")


def _authored(doc: Document, line: Line, terms: LineTerms, lines: list[Line] | None = None, i: int = 0) -> bool:
    """Whether a line of a Markdown or Word file carries the author's own structure: a heading
    ('### Search' over a section on search), an item of a list ('- Built with Flexbox' among a
    component's features, '* [Accessibility](#accessibility)' in a table of contents), a lead-in
    to what follows ('Or your profile:' above code, 'Read more and download the module here:'
    above its address, and the short lines it introduces: 'shows the following items:' over
    'Config', 'Log'), or markup typed in the line (a link '[Register now](…)', emphasis
    '*Image: … presents at 18F.*', '**Topic**: …', an entity). Furniture pasted from a page
    comes as plain lines; what the author marked up is the story's own. A byline, a job title or
    an author's blurb ('By Jane Doe', 'Jane Doe | Staff Writer', 'Jane Doe is a reporter for ...',
    `LineTerms.byline`) is furniture on a scraped page, but in a Markdown or Word file it is as
    likely the author's own."""
    if line.heading or line.norm.endswith(":") or (lines is not None and _introduced(lines, i)):
        return True
    if terms.byline.match(line.norm) or (lines is not None and _byline_name(lines, i, terms)):
        return True  # the author's own byline or blurb at the top or foot of an article they wrote
    block = doc.block_at(line.start)
    if block is not None and block.scope == "list_item":
        return True
    if doc.format != "markdown":
        return False
    if not doc.is_verbatim(line.start, line.end):
        return True  # an entity, an escape, a link's or an image's markup inside the line
    s, e = doc.to_source(line.start, line.end)
    first = doc.source.rfind("\n", 0, s) + 1
    last = doc.source.find("\n", e)
    before = doc.source[first:s]
    before = before[_LINE_LEAD_RE.match(before).end():]
    after = doc.source[e : len(doc.source) if last < 0 else last]
    return _MARKUP_AROUND_RE.search(before + after) is not None


class LineRule:
    """A boilerplate rule that reports whole standalone lines matching its patterns."""

    def __init__(self, meta: RuleMeta, what: str) -> None:
        self.meta = meta
        self._name = meta.id.split(".", 1)[1]
        self._what = what

    def load_data(self, ctx: RuleContext) -> tuple[str, ...]:
        """At config load: the config's pack folders' extensions of `lines.yml`, parsed and
        checked (a bad one is a config error at its line), kept for the run."""
        paths = ctx.data_files("boilerplate", "lines.yml")
        if len(paths) > 1:
            line_set(ctx)
        return paths[1:]

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        # looked up (its files stat-ed) once a document, not once for each of the eight rules
        found = _run_line_set(doc, ctx)
        pats = found.patterns[self._name]
        lines = standalone_lines(doc)
        for i, name, weak in classified_lines(doc, found):
            line = lines[i]
            if name != self._name or line.words > pats.max_words:
                continue
            if (_SPEECH_RE.search(line.norm) and not _STAMP_VERB_RE.match(line.norm)
                    and not _SAYS_HEADER_RE.fullmatch(line.norm)):
                continue
            if weak and not _beside_short(lines, i):
                continue
            if doc.in_quote(line.start, line.end):
                continue
            if self._name == "media-credit" and _under_image(doc, line.start):
                continue  # the picture is there: the credit is its caption's, not a leftover
            if self._name == "page-furniture" and line.start in _stamp_starts(doc, found.terms):
                continue  # a stamp the stamps pack reads (stale, impossible, in the body) is its to report
            yield Hit(
                line.start,
                line.end,
                f"{self._what} '{_shown(line.norm)}' left in the copy; delete the line",
                fix=_delete(doc, line.start, line.end),
                fix_safe=pats.fix_safe,
                fix_title="Delete the line",
                # a line an author marked up in Markdown or Word is copy until shown otherwise: one
                # level lower there (`_authored`). A scraped page keeps the level: widgets come
                # as <h3>Share this</h3>, and pasted furniture as plain lines
                demote=1 if doc.format in _AUTHORED_FORMATS and _authored(doc, line, found.terms, lines, i) else 0,
            )
        yield from self.extra(doc, ctx)

    def extra(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        return ()


_PUNCTUATION_RULES = frozenset({"style.space-before-punctuation", "style.missing-space", "style.repeated-punctuation",
                                "style.doubled-space", "style.unbalanced"})


def _meta(name: str, summary: str, what: str, why: str, example: str, instead: str, fix: str,
          severity: Severity = Severity.WARNING) -> RuleMeta:
    return RuleMeta(
        id=f"boilerplate.{name}",
        summary=summary,
        severity=severity,
        fixable=True,
        doc=make_doc(what=what, why=why, example=example, instead=instead, fix=fix),
        # furniture is to be deleted, not punctuated: "(Photo : Reuters)" is one finding
        supersedes=_PUNCTUATION_RULES,
    )


_STANDALONE = (
    " Only a line that stands on its own is reported (a paragraph of its own, or a line that "
    "does not continue a wrapped sentence); the same words inside a sentence, or in quoted "
    "speech (a quotation mark, or guillemets that pair up: one alone is a page's arrow, \"Next »\"), "
    "are copy. A line of a Markdown or Word file that carries the author's own structure "
    "(a heading, a list item, a lead-in ending in a colon and the short lines it introduces, or "
    "markup typed in the line: a link, "
    "emphasis, an entity) is reported a level lower: pasted furniture comes as plain lines, and "
    "a scraped HTML page keeps the level. "
    "Patterns: `rules/boilerplate/data/lines.yml`."
)
_UNSAFE = "Deletes the line. Unsafe: read the line before deleting it, since a short line can be real copy."

# A photo credit in parentheses: "(Photo : Getty Images)", "(AP Photo/David Zalubowski)"
_CREDIT = (
    r"\(\s*(?:(?:AP|Reuters|AFP|EPA|PA|Getty)\s+)?(?:photo|photograph|image|picture|pic|video|credit|"
    r"image credit|photo credit)s?\s*(?::|/|by)\s*[^()\n]{2,60}\)"
)
_CREDIT_START_RE = re.compile(rf"(?:(?<=\n)|\A){_CREDIT}[^\S\n]*(?=[\"“‘'A-Z0-9])", re.IGNORECASE)
_CREDIT_END_RE = re.compile(rf"{_CREDIT}(?=[^\S\n]*[.]?[^\S\n]*(?:\n|\Z))", re.IGNORECASE)
_AD_INLINE_RE = re.compile(r"(?<=[.!?\"”’)][^\S\n])ADVERTISEMENT[^\S\n]+(?=[\"“A-Z])")


class MediaCreditRule(LineRule):
    def extra(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        if not ("photo" in doc.lower or "image" in doc.lower or "credit" in doc.lower):
            return
        prose = doc.prose
        for block in doc.blocks:
            if block.scope in _SKIP_SCOPES:
                continue
            for m in _CREDIT_START_RE.finditer(prose, block.start, block.end):
                credit = m.group().rstrip()
                yield Hit(m.start(), m.start() + len(credit),
                          f"Photo credit '{_shown(credit)}' left at the start of a paragraph; delete it",
                          fix=((m.start(), m.end(), ""),))
            for m in _CREDIT_END_RE.finditer(prose, block.start, block.end):
                begin = m.start()
                line_start = max(prose.rfind("\n", 0, begin) + 1, block.start)
                if not prose[line_start:begin].strip():
                    continue  # a credit alone on its line: the line patterns report it
                space = len(prose[line_start:begin]) - len(prose[line_start:begin].rstrip())
                yield Hit(begin, m.end(),
                          f"Photo credit '{_shown(m.group())}' left at the end of a caption line; delete it",
                          fix=((begin - space, m.end(), ""),))


def interface_words(services: Services | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(strong, weak) interface words, from rules/boilerplate/data/interface-words.yml (read
    once a session, again when the file changes: services.py; prepared once for the file's
    bytes, see prepared.py)."""
    services = services or Services()
    path = services.get("boilerplate.interface-words-file",
                        lambda: os.path.join(os.path.dirname(_data_path()), "interface-words.yml"))
    return services.file(path, _prepared_interface_words, key="boilerplate.interface-words")


def _prepared_interface_words(path: str) -> tuple[frozenset[str], frozenset[str]]:
    from .. import prepared

    return prepared.load("interface-words", [path], lambda: (_read_interface_words(path), True))


def _read_interface_words(path: str) -> tuple[frozenset[str], frozenset[str]]:
    import yaml

    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    strong = frozenset(str(w).lower() for w in data.get("strong", ()))
    return strong, frozenset(str(w).lower() for w in data.get("weak", ())) | strong


_WORDS_RE = re.compile(r"[^\W\d_]+")
_INTERFACE_MAX_WORDS = 8
_INTERFACE_SHARE = 0.75


def interface_line(text: str, vocabulary: tuple[frozenset[str], frozenset[str]]) -> bool:
    """A short line made of interface words: 'My account Log out', 'Font Size', 'Keep Me Logged In'.

    At least one word only interfaces use bare ('account', 'login', 'newsletter'), and three
    in four of its words interface words (function words and 'more', 'latest' count too).
    """
    words = [w.lower() for w in _WORDS_RE.findall(text)]
    if not words or len(words) > _INTERFACE_MAX_WORDS or text.endswith("?"):  # a question is copy
        return False
    if len(words) >= 4 and text.endswith((".", "!")):  # a sentence: 'The account was closed after the login failed.'
        return False
    strong, weak = vocabulary
    stems = [w[:-1] if w.endswith("s") and w[:-1] in weak else w[:-2] if w.endswith("ed") and w[:-2] in weak else w
             for w in words]
    if not any(w in strong for w in stems):
        return False
    return sum(1 for w in stems if w in weak) >= _INTERFACE_SHARE * len(stems)


class PageFurnitureRule(LineRule):
    def extra(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        vocabulary = interface_words(ctx.services)
        # the run's line set (with a newsroom's pack folders), as check() classified the lines with:
        # without it, the pack's own data was parsed and compiled again for every document
        found = _run_line_set(doc, ctx)
        patterned = {i for i, _name, _weak in classified_lines(doc, found)}
        lines = standalone_lines(doc)
        for i, line in enumerate(lines):
            if i in patterned or line.heading or line.words > _INTERFACE_MAX_WORDS or line.quoted:
                continue
            if _label_value(lines, i, i - 1 in patterned):
                continue
            if interface_line(line.norm, vocabulary) and not _SPEECH_RE.search(line.norm) and not doc.in_quote(line.start, line.end):
                yield Hit(line.start, line.end,
                          f"Page furniture '{_shown(line.norm)}' (interface words) left in the copy; delete the line",
                          fix=_delete(doc, line.start, line.end),
                          demote=1 if doc.format in _AUTHORED_FORMATS and _authored(doc, line, found.terms, lines, i) else 0)


class AdMarkerRule(LineRule):
    def extra(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        if "advertisement" not in doc.word_set:
            return
        for m in _AD_INLINE_RE.finditer(doc.prose):
            word = m.group().rstrip()
            yield Hit(m.start(), m.start() + len(word), "Advertisement marker 'ADVERTISEMENT' left between "
                      "two sentences; delete it", fix=((m.start(), m.end(), ""),), fix_safe=True)


def _furniture_pack(path: str) -> frozenset[str]:
    from ..furniture import read_pack

    return read_pack(path)


class SiteFurnitureRule:
    """Lines of the newsroom's own furniture packs (written by `copylint learn-furniture`)."""

    meta = RuleMeta(
        id="boilerplate.site-furniture",
        summary="A line of the site's own furniture, learned from its archive",
        severity=Severity.WARNING,
        fixable=True,
        supersedes=_PUNCTUATION_RULES,
        doc=make_doc(
            what="Reports a standalone line that one of the newsroom's furniture packs lists: the "
            "site's own widgets, navigation and sign-offs, which `copylint learn-furniture "
            "ARCHIVE -o site-furniture.yml` finds as lines repeating word for word across many "
            "articles. Lines are compared without case and spacing. With no pack configured the "
            "rule does nothing." + _STANDALONE,
            why="Every site has furniture no shipped pattern knows (\"Make CT Your Homepage\", "
            "\"Contact the Post newsroom\"); learned from the archive, it is caught as surely as "
            "the common widgets. No pack ships, so the BBC corpus count is 0.",
            example="With 'Contact the newsroom' in the pack:\n\nThe pool will close.\n\nContact the newsroom",
            instead="The pool will close.",
            options="`furniture`: furniture packs (YAML, from `copylint learn-furniture`), relative to "
            "the config file: `boilerplate: {furniture: [site-furniture.yml]}`; `furniture-lines`: "
            "lines written in the config itself.",
            fix=_UNSAFE,
        ),
        options=(Option("furniture", [], "Furniture packs written by copylint learn-furniture "
                        "(relative to the config file)", list, outside="file"),
                 Option("furniture-lines", [], "Furniture lines written in the config itself", list)),
    )

    def load_data(self, ctx: RuleContext) -> tuple[str, ...]:
        """At config load: each furniture pack the options name, read and checked."""
        from ..declarative.kinds._data import load_checked
        from ..yamlfile import FileError

        paths = []
        for raw in ctx.options.get("furniture") or ():
            path = raw if os.path.isabs(raw) else os.path.join(ctx.config_dir, raw)
            try:
                ctx.services.file(path, _furniture_pack, key="boilerplate.furniture")
            except ValueError:
                load_checked(path, lambda d: d)  # bad YAML: the FileError names the line
                raise FileError(path, None, "not a furniture pack (no 'furniture:' list)") from None
            paths.append(path)
        return tuple(paths)

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        from ..furniture import line_key

        keys: set[str] = {line_key(str(t)) for t in ctx.options.get("furniture-lines") or () if line_key(str(t))}
        for raw in ctx.options.get("furniture") or ():
            path = raw if os.path.isabs(raw) else os.path.join(ctx.config_dir, raw)
            try:
                # parsed once a session, again when the file changes (services.py)
                keys |= ctx.services.file(path, _furniture_pack, key="boilerplate.furniture")
            except (OSError, ValueError) as exc:
                ctx.notice(f"boilerplate:furniture:{path}", f"boilerplate: cannot read the furniture pack {path}: {exc}")
        if not keys:
            return
        for line in standalone_lines(doc):
            if line.words <= 20 and line_key(line.norm) in keys and not doc.in_quote(line.start, line.end):
                yield Hit(line.start, line.end, f"Site furniture '{_shown(line.norm)}' left in the copy; delete the line",
                          fix=_delete(doc, line.start, line.end))


def _model_path() -> str:
    return os.path.join(os.path.dirname(_data_path()), "line-model.json")


def _html_model_path() -> str:
    return os.path.join(os.path.dirname(_data_path()), "line-model-html.json")


class LeftoverLineRule:
    """Lines the trained line classifier (checks/linemodel.py) takes for page furniture, where
    no pattern of the pack fits them."""

    meta = RuleMeta(
        id="boilerplate.leftover-line",
        summary="A line that reads as web-page furniture, by the trained line classifier",
        severity=Severity.WARNING,
        fixable=True,
        supersedes=_PUNCTUATION_RULES,
        doc=make_doc(
            what="Reports a standalone line of 25 words or fewer, with a word in it, that the trained line classifier "
            "scores as a leftover of the web page (navigation, bylines with job titles, share and "
            "sign-up text, interface labels) when no pattern of the pack fits it. The classifier "
            "is a logistic regression over the line's length, capitalisation, punctuation, digits "
            "and dates, separators, share of interface words, position, neighbouring lines, the "
            "page around it (how many lines the patterns report on the page, whether one stands "
            "next to this line, the run of short lines it stands in) and its own words, trained "
            "by `scripts/build_line_model.py` on two sources of real pages (weights, thresholds "
            "and provenance in `rules/boilerplate/data/`). What the words say is a second, "
            "words-only regression trained on furniture (lines a pattern fits, lines annotators "
            "marked as text to leave out) against content. A warning needs the probability the "
            "training read for 99% precision on news pages (98% on the other pages) and words "
            "that read as furniture by themselves; a line next to a pattern's line on a page "
            "where the patterns report five or more has a lower pair of its own, read the same "
            "way on those lines, and so has a line further down a menu (a run of three or more "
            "short lines) that holds a pattern's line; there its words need only not lean to copy "
            "more than a little ('Help', 'Careers' or 'Job Title' among share buttons and policy "
            "links, not 'Before and after'; "
            "not a list item or a link an author marked up in Markdown or Word), "
            "and so has a short line between two reported lines "
            "(a pattern's or the model's warnings) on such a page, whatever its words say; a weaker "
            "score is a suggestion. An HTML page is "
            "read by a model of its own, trained on pages read as copylint reads HTML, that also "
            "knows how much of a line is link text, whether its neighbours are links and whether it "
            "stands in a menu of links or is a row of links; a link of such a menu has a warning pair "
            "of its own, read the same way, and a short line (eight words or fewer) wholly inside the page's "
            "own `<nav>` element, or another region the page declares furniture (an `<aside>`, a `<footer>` "
            "outside `<article>` and `<main>`, a landmark role such as navigation or contentinfo, a class or "
            "id name such as site-footer or newsletter-signup: `rules/boilerplate/data/regions.yml`, which a "
            "newsroom's pack folder extends with its own site's names in `boilerplate/data/regions.yml`) that "
            "holds neither the page's `<h1>` nor a fifth of its prose, is a warning whatever its words say, "
            "unless it repeats a heading of the page (a table of contents). So 'About' in "
            "a footer of share buttons and policy links is a warning, the same line among short "
            "lines with one widget on the page a suggestion, and a page with no widget at all "
            "stays quiet. The model never reports an error. Headings, quoted lines and lines that "
            "report speech are copy." + _STANDALONE,
            why="The patterns know the common widgets; a site's own navigation, labels and "
            "stamps are a long tail no list holds. Measured on held-out pages and on clean copy "
            "in docs/spelling.md (`bench/leftover_recall.py`, `bench/precision.py`): no warning "
            "and no suggestion on the BBC corpus.",
            example="The pool will close.\n\nMore from our newsletters and alerts",
            instead="The pool will close.",
            fix=_UNSAFE,
        ),
    )

    def load_data(self, ctx: RuleContext) -> tuple[str, ...]:
        """At config load: the config's pack folders' extensions of `regions.yml`, checked."""
        paths = ctx.data_files("boilerplate", "regions.yml")
        if len(paths) > 1:
            furniture_regions(ctx)
        return paths[1:]

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        from .linemodel import LineModel

        if not standalone_lines(doc):
            return
        model = ctx.services.file(_model_path(), LineModel.load, key="boilerplate.line-model")
        if doc.format == "html" and os.path.exists(_html_model_path()):
            # an HTML page: the model that reads its links (how much of each line is link text)
            model = ctx.services.file(_html_model_path(), model.load_html, key=("boilerplate.line-model-html", id(model)))
        interface = ctx.services.get("boilerplate.interface-words", interface_words)
        regions = furniture_regions(ctx) if doc.format == "html" else None
        for line, _p, _evidence, severity in model_lines(doc, model, interface, _run_line_set(doc, ctx), regions=regions):
            yield Hit(line.start, line.end,
                      f"'{_shown(line.norm)}' reads as web-page furniture left in the copy; delete the line",
                      fix=_delete(doc, line.start, line.end), severity=severity)


def model_lines(doc: Document, model, interface: tuple[frozenset[str], frozenset[str]], line_set: LineSet | None = None,
                between: list | None = None, regions: FurnitureRegions | None = None,
                ) -> list[tuple[Line, float, float, Severity]]:
    """(line, probability, word score, level) of each line boilerplate.leftover-line reports, in
    order, by `model` (for an HTML page, the model of HTML pages, which reads its links). `between`,
    where given (training), gets (line, probability, word score, gap) of each line the pairs
    between furniture read: a short line alone (gap 1) or one of two (gap 2) between two reported
    lines (a pattern's, or the model's warnings) on a page of furniture."""
    from .linemodel import FURNISHED_FROM, line_features, page_context, word_score

    lines = standalone_lines(doc)
    # a line a pattern reports is theirs; a weak match alone is the model's to judge
    patterned = patterned_lines(doc, line_set)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.norm] = counts.get(line.norm, 0) + 1
    stamped = _stamp_starts(doc, line_set.terms if line_set is not None else None)
    linked = None
    if doc.format == "html" and "link:none" in model.weights:
        # the model of HTML pages: how much of each line is link text
        from ..formats.html import link_cover

        linked = [link_cover(doc, line.start, line.end) for line in lines]
    least = model.least_words
    furnished = len(patterned) >= FURNISHED_FROM  # a page of furniture (a scraped page)
    # a short line between furniture is read again once the rest is known (below), on a page of
    # furniture only
    second = (between is not None or model.between_furniture < 1.0) and furnished
    page = None  # computed for the first line scored
    headline = True
    head = -1  # the headline's line
    found: list[tuple[Line, float, float, Severity]] = []
    warned: set[int] = set()  # the lines of `found` at warning
    for i, line in enumerate(lines):
        if line.start in stamped:
            continue  # a date stamp is the stamps pack's to read (stale, impossible), not to delete
        if i in patterned:
            continue
        if headline:
            headline = False
            if not furnished:
                head = i
                continue  # the first line of the copy no pattern takes is its headline
            # on a page of furniture the first such line is most often its menu's first item
            # ('About' above 'Trademark', 'Learn'), and is read as any other
        if line.heading or line.words > _MODEL_MAX_WORDS or line.quoted:
            continue
        if not _HAS_LETTER_RE.search(line.norm):
            continue  # a figure alone ('78,000', an attendance) has no words to read as furniture
        evidence = word_score(model, line.norm)  # the words first: most lines of copy stop here
        if evidence < least:
            continue
        if interface_line(line.norm, interface) or _label_value(lines, i, i - 1 in patterned):
            continue  # page-furniture reports an interface line; a fact box's figure is data
        if page is None:
            page = page_context(lines, patterned, linked)
        if not model.may_report(evidence, page, i):
            continue  # words that say little, away from the page's furniture
        if evidence < model.plain_words and doc.format in _AUTHORED_FORMATS and \
                _authored(doc, line, _in_force(line_set).terms, lines, i):
            continue  # what the author marked up ('* Restart ISE') needs words that say furniture
        features = line_features(lines, i, interface, False, counts[line.norm], model.vocabulary, page)
        p = model.probability(features)
        if p < model.suggestion:
            continue
        if _SPEECH_RE.search(line.norm) or doc.in_quote(line.start, line.end):
            continue
        sure = model.sure(p, evidence, page.beside(i), page.in_menu(i), page.link_menu(i))
        if not sure and evidence < model.suggestion_words:
            continue  # a link of a menu of links whose words say little: a warning or nothing
        found.append((line, p, evidence, Severity.WARNING if sure else Severity.SUGGESTION))
        if sure and second:
            warned.add(i)
    if second:
        # what stands between two reported lines on a page of furniture is read with a pair of its
        # own: 'Watchlist' between 'Sign in' and 'Subscribe'
        reported = patterned | warned
        more: dict[int, tuple[Line, float, float, Severity]] = {}
        gaps = [(r + 1, 1) for r in reported if r + 2 in reported and r + 1 not in reported]
        gaps += [(r + k, 2) for r in reported if r + 3 in reported and r + 1 not in reported
                 and r + 2 not in reported for k in (1, 2)]
        for i, gap in sorted(gaps):
            line = lines[i]
            if line.start in stamped or i == head or line.heading or line.words > 5:
                continue
            if line.quoted or not _HAS_LETTER_RE.search(line.norm):
                continue
            if doc.scope_at(line.start) == "table":
                continue  # a cell between two cells is a grid's value ('Set goals' between two marks), not a menu
            if interface_line(line.norm, interface) or _label_value(lines, i, i - 1 in patterned):
                continue
            if _SPEECH_RE.search(line.norm) or doc.in_quote(line.start, line.end):
                continue
            evidence = word_score(model, line.norm)
            if page is None:
                page = page_context(lines, patterned, linked)
            features = line_features(lines, i, interface, False, counts[line.norm], model.vocabulary, page)
            p = model.probability(features)
            if between is not None:
                between.append((line, p, evidence, gap))
            elif gap == 2:
                if p >= model.between_furniture2 and evidence >= model.between_furniture2_words:
                    more[line.start] = (line, p, evidence, Severity.WARNING)
            elif p >= model.between_furniture and evidence >= model.between_furniture_words:
                more[line.start] = (line, p, evidence, Severity.WARNING)
        if more:  # a suggestion the second reading makes a warning is one finding, in order
            found = sorted([hit for hit in found if hit[0].start not in more] + list(more.values()),
                           key=lambda hit: hit[0].start)
    if doc.format == "html" and between is None:
        found = _nav_lines(doc, lines, patterned, stamped, found, regions if regions is not None else furniture_regions())
    return found


_NAV_MAX_WORDS = 8


@dataclass(frozen=True)
class FurnitureRegions:
    """The regions an HTML page declares as furniture (rules/boilerplate/data/regions.yml):
    elements by tag, wherever they stand or only outside <article> and <main>, ARIA roles, and
    word parts of class and id names."""

    tags: frozenset[str] = frozenset()
    outside_body: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def declares(self, region) -> bool:
        """Whether a formats.html.Region is of a furniture kind, by its tag, role or names."""
        return (region.tag in self.tags or (region.tag in self.outside_body and not region.in_body)
                or region.role in self.roles or not self.names.isdisjoint(region.names))


_REGION_KEYS = ("tags", "outside_body", "roles", "names")


def furniture_regions(ctx: RuleContext | None = None) -> FurnitureRegions:
    """The furniture regions of rules/boilerplate/data/regions.yml and of the config's pack
    folders' `boilerplate/data/regions.yml` (each kind the union of the files'; read once a
    session, again when a file changes)."""
    if ctx is None:
        paths: tuple[str, ...] = (_regions_path(),)
        services = Services()
    else:
        paths, services = ctx.data_files("boilerplate", "regions.yml"), ctx.services
    return services.files(paths, _read_furniture_regions, key="boilerplate.furniture-regions")


def _regions_path() -> str:
    return os.path.join(os.path.dirname(_data_path()), "regions.yml")


def _read_furniture_regions(paths: tuple[str, ...]) -> FurnitureRegions:
    """The union of the regions files' kinds; a bad file is a FileError at its line."""
    from ..formats.html import name_parts
    from ..yamlfile import FileError, load_file

    found: dict[str, set[str]] = {key: set() for key in _REGION_KEYS}
    for path in paths:
        data = load_file(path)
        if data is None:
            continue
        if not isinstance(data, dict):
            raise FileError(path, 1, "expected a mapping of " + ", ".join(_REGION_KEYS))
        for key, value in data.items():
            line = data.line_of(key)
            if key not in found:
                raise FileError(path, line, f"unknown key '{key}' (expected one of: {', '.join(_REGION_KEYS)})")
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise FileError(path, line, f"'{key}' must be a list of words")
            for word in value:
                word = word.strip().lower()
                if key == "names" and name_parts(word) != {word}:  # as the HTML reader splits a name
                    raise FileError(path, line, f"a name is one word part of a class or id ('footer', not "
                                                f"'site-footer'): '{word}'")
                found[key].add(word)
    return FurnitureRegions(*(frozenset(found[key]) for key in _REGION_KEYS))


_KEY_WORD_RE = re.compile(r"[^\W_]+")
_REGION_PROSE_WORDS = 20  # a line this long is the page's prose, not furniture
_REGION_PROSE_SHARE = 0.2  # a region holding this share of the page's prose is its copy


def _heading_key(text: str) -> str:
    """A heading as a table of contents repeats it: its words only ('Keep-Alive¶' -> 'keep alive')."""
    return " ".join(_KEY_WORD_RE.findall(text.lower()))


def _furniture_spans(doc: Document, lines: list[Line], kinds: FurnitureRegions) -> list[tuple[int, int]]:
    """The prose spans, merged and in order, of the page's regions of a furniture kind that are
    not the page's copy: none holds the page's <h1> or a fifth or more of the words of its long
    lines ('content-with-sidebar' around the story is no sidebar)."""
    from bisect import bisect_left

    from ..formats.html import regions

    declared = [r for r in regions(doc) if kinds.declares(r)]
    if not declared:
        return []
    starts: list[int] = []
    upto = [0]  # the words of the long lines before each one: a region's share is two look-ups
    for line in lines:
        if line.words >= _REGION_PROSE_WORDS and not line.heading:
            starts.append(line.start)
            upto.append(upto[-1] + line.words)
    titles = sorted(b.start for b in doc.blocks if b.key == "h1")
    spans: list[tuple[int, int]] = []
    for r in declared:
        t = bisect_left(titles, r.start)
        if t < len(titles) and titles[t] < r.end:
            continue
        if upto[-1] and upto[bisect_left(starts, r.end)] - upto[bisect_left(starts, r.start)] >= _REGION_PROSE_SHARE * upto[-1]:
            continue
        if spans and r.start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], r.end))
        else:
            spans.append((r.start, r.end))
    return spans


def _nav_lines(doc: Document, lines: list[Line], patterned: set[int], stamped: frozenset[int],
               found: list[tuple[Line, float, float, Severity]],
               kinds: FurnitureRegions) -> list[tuple[Line, float, float, Severity]]:
    """An HTML page's own navigation and the other regions it declares furniture (`kinds`: a
    footer, an aside, a landmark role, a class name): a short line wholly inside one is a
    warning, whatever its words ('Watchlist', 'Contents'). A table of contents is left alone: a
    line that repeats a heading of the page is the story's own subhead. A headline never stands
    in such a region, so its first line is read too."""
    from bisect import bisect_right

    from ..formats.html import in_nav

    headings = {_heading_key(line.norm) for line in lines if line.heading}
    spans = _furniture_spans(doc, lines, kinds)
    have = {hit[0].start: k for k, hit in enumerate(found)}
    out = list(found)
    added = False
    for i, line in enumerate(lines):
        if i in patterned or line.start in stamped or line.heading or line.words > _NAV_MAX_WORDS:
            continue
        if not _HAS_LETTER_RE.search(line.norm) or line.quoted:
            continue
        if not in_nav(doc, line.start, line.end):
            k = bisect_right(spans, (line.start, float("inf"))) - 1
            if k < 0 or line.end > spans[k][1]:
                continue
        if _heading_key(line.norm) in headings:
            continue
        k = have.get(line.start)
        if k is not None:
            if out[k][3] is Severity.SUGGESTION:
                out[k] = (*out[k][:3], Severity.WARNING)
            continue
        out.append((line, 1.0, 0.0, Severity.WARNING))
        added = True
    if added:
        out.sort(key=lambda hit: hit[0].start)
    return out


_HAS_LETTER_RE = re.compile(r"[^\W\d_]{2}")
_MODEL_MAX_WORDS = 25  # furniture is short; longer lines (most paragraphs) are not scored at all


def _stamp_starts(doc: Document, terms: LineTerms | None = None) -> frozenset[int]:
    """Where the stamps that open a line start ('Updated 11:29 AM EDT, Tue, Jun 16, 2020'); `terms`:
    the pack's terms in force (None: the pack's own data)."""
    from .stamps import find_stamps

    def find(d: Document) -> frozenset[int]:
        return frozenset(s.start for s in find_stamps(d, terms) if s.standalone and s.line_start)

    return doc.analysis("boilerplate.stamp-starts", find)


def rules() -> list[object]:
    return [
        SiteFurnitureRule(),
        LeftoverLineRule(),
        LineRule(_meta(
            "social-widget", "A social-media follow, like or share widget left in the copy",
            what="Reports share bars and social calls to action that survived as lines of the copy: "
            "\"Like Us on Facebook\", \"Follow us on Twitter\", \"Share this with Messenger\", \"Share "
            "Tweet Submit\", a follow button with its account (\"Follow @jdoe\"). A lone platform name "
            "(\"Facebook\") is reported only beside other short lines, as in a share bar, so a subhead "
            "naming the company is not; a handle alone is not reported (it is as often a documentation "
            "page's decorator, \"@property\")." + _STANDALONE,
            why="Widget text in a story reads as a glitch, breaks the flow of the copy and, in print "
            "or syndication, points readers to buttons that are not there.",
            example="The decision comes weeks after the attack.\n\nLike Us on Facebook\n\nThe state media reported ...",
            instead="The decision comes weeks after the attack.\n\nThe state media reported ...",
            fix=_UNSAFE), "Social-media widget text"),
        LineRule(_meta(
            "signup-prompt", "A homepage, newsletter, subscribe or app prompt left in the copy",
            what="Reports the site's own prompts left as lines of the copy: \"Make CT Your Homepage\", "
            "\"Subscribe to our newsletter\", \"Sign In\", \"Get the app\", \"delivered to your inbox\", and "
            "the calls to action of the page's buttons: an imperative with the button's object and "
            "nothing more (\"Learn more\", \"Get started\", \"Book a demo\", \"Try it free\", \"Shop now\", "
            "\"Click to expand...\", \"Read the full story\"), also as the last words of a line after a "
            "promotion's sentence (\"Free delivery on orders over $50. See details.\", \"New here? Join "
            "now\")." + _STANDALONE,
            why="Prompts belong to the page template; copied into the story they advertise a "
            "site that may not be the one publishing it.",
            example="Make CT Your Homepage\n\nChina to beef up security at the border",
            instead="China to beef up security at the border",
            fix=_UNSAFE), "Site prompt"),
        AdMarkerRule(_meta(
            "ad-marker", "An advertisement marker left in the copy",
            what="Reports ad-slot labels left in the copy: a line that is only \"ADVERTISEMENT\", "
            "\"Advertisement\", \"Sponsored content\", \"Story continues below advertisement\", "
            "and an all-capitals ADVERTISEMENT between two sentences of a paragraph." + _STANDALONE,
            why="The label of an empty ad slot is noise in the story and, in syndicated copy, shows "
            "that the text was scraped from a page.",
            example="The council voted on Tuesday.\n\nADVERTISEMENT\n\nThe pool will close.",
            instead="The council voted on Tuesday.\n\nThe pool will close.",
            fix="Deletes the marker. Safe: a line that is only an ad label carries no copy."), "Ad marker"),
        MediaCreditRule(_meta(
            "media-credit", "A photo or video credit that escaped its caption",
            what="Reports photo and video credits standing in the copy: lines such as \"Photo: Damian "
            "Dovarganes, AP\", \"Image copyright Getty Images\", \"(Image credit: Blue Origin)\", "
            "\"Jane Doe/Getty Images\", a photographer and an outlet in capitals (\"Amy K. Dragoo/AIMMEDIA\"), a lone agency name beside other short lines, and a credit in "
            "parentheses at the start of a paragraph (\"(Photo : Getty Images) As a counter-terrorism "
            "measure, ...\") or at the end of a caption line. A credit line just under its picture "
            "(a Markdown or HTML image, a template's image tag) is the picture's caption, not a "
            "leftover." + _STANDALONE,
            why="A credit belongs with its picture. Left in the copy it interrupts the story, and "
            "at the start of a paragraph it becomes part of the first sentence.",
            example="(Photo : Getty Images) As a counter-terrorism measure, China has decided ...",
            instead="As a counter-terrorism measure, China has decided ...",
            fix="Deletes the credit (with the line, for a credit alone on its line). Unsafe: move "
            "the credit to the picture's caption if the picture stays."), "Photo credit"),
        LineRule(_meta(
            "related-link", "A \"Related\" or \"Read more\" link left in the copy",
            what="Reports links to other stories left as lines of the copy: \"Related:\", \"Read "
            "more: ...\", \"READ MORE: ...\", \"[Related: ...]\", \"You may also like\", \"Most popular\"." + _STANDALONE,
            why="Links to other stories are page furniture. In the copy they interrupt the story "
            "and, once the links are gone, point to nothing.",
            example="Shares rose 3%.\n\nRead more: Alibaba poised to launch record listing\n\nThe firm said ...",
            instead="Shares rose 3%.\n\nThe firm said ...",
            fix=_UNSAFE), "Related-story link"),
        LineRule(_meta(
            "comments", "Comment-section furniture left in the copy",
            what="Reports the comment section's labels and notices left in the copy: \"Comments "
            "(12)\", \"View Comments\", \"Join the conversation\", \"Leave a comment\", \"Comments are "
            "closed.\", \"Your email address will not be published.\", and the furniture of forum threads "
            "(\"Thread starter\", \"Reply With Quote\", \"Reaction score\", \"Posts: 1,077\", \"Well-known "
            "member\", \"You must log in or register to reply here.\", a comment's header such as \"jdoe "
            "commented Dec 19, 2025\"); a lone \"Reply\", \"Quote\" or \"Like\" only beside other short "
            "lines." + _STANDALONE,
            why="Comment furniture belongs to the page, not the story; left in, it invites readers "
            "to a conversation that is not there.",
            example="The pool will close.\n\nComments (12)",
            instead="The pool will close.",
            fix=_UNSAFE), "Comment-section text"),
        LineRule(_meta(
            "site-notice", "A cookie, consent or paywall notice left in the copy",
            what="Reports cookie banners (\"This website uses cookies to improve your experience ... "
            "Accept\"), cookie-policy links and paywall notices (\"Subscribe to continue reading\", "
            "\"You have reached your free article limit\") left as lines of the copy, and the consent line "
            "under a form (\"By signing up, you agree to our Terms of Use and Privacy Policy.\")." + _STANDALONE,
            why="Notices are the site's legal and sales furniture; copied into the story they are "
            "noise and can name terms that do not apply to the publisher.",
            example="The pool will close.\n\nThis site uses cookies to improve your experience. Accept",
            instead="The pool will close.",
            fix=_UNSAFE), "Site notice"),
        PageFurnitureRule(_meta(
            "page-furniture", "Analytics, player or navigation leftovers in the copy",
            what="Reports web-page leftovers that are not copy: \"Real Time Analytics\", "
            "\"Loading...\", \"Video Player is loading\", \"Skip to content\", \"Back to top\", "
            "\"Image 1 of 5\", \"Continue reading the main story\", footer links such as \"Privacy "
            "Policy\" and \"Terms of Use\", copyright lines, bylines and their parts standing alone (\"By "
            "Jane Doe\", \"Jane Doe | Staff Writer\", \"National Biotech Reporter\", \"Text by Hunter "
            "Dukes\", an author's blurb such as \"Phil Helsel is a reporter for NBC News.\"; in a Markdown "
            "or Word file a byline is reported a level lower, as the author's own), a stamp's label "
            "alone above its date (\"Published\"), archive labels, post and "
            "update stamps standing alone in any common form (\"5:50 PM\", \"Nov 17\", \"2 days ago "
            "at 07:47 am\", \"by jdoe » Sat Feb 24, 2024 5:30 pm\"; a stamp the stamps pack reads, "
            "such as \"Updated: 18 Nov 2019 9:38 pm\", is left to `stamps.in-body`), ratings "
            "(\"Rating: 9 Votes\"), a post's field labels standing bare (\"Filed under:\"), form "
            "fields and consent buttons (\"Your name (required)\", \"Confirm My Choices\"), player, "
            "slider and icon-font leftovers (\"This is a modal window.\", \"Previous slide\", "
            "\"Docs navigate_next\"), app-store and job links, a row of links joined by separators "
            "two or more of which are furniture (\"Contact Us/FAQ | Terms of Use | Privacy "
            "Policy\"; the same holds for every line rule), and any "
            "short line made of interface words (\"My account Log out\", \"Font Size\": a word only "
            "interfaces use bare, and three in four of its words interface words, "
            "`rules/boilerplate/data/interface-words.yml`)." + _STANDALONE,
            why="These are the labels of scripts, players and menus that an extractor turned into "
            "text. A reader sees gibberish at the end of the story.",
            example="The aim was to enhance both armies' skills.\n\nReal Time Analytics",
            instead="The aim was to enhance both armies' skills.",
            fix=_UNSAFE), "Page furniture"),
    ]
