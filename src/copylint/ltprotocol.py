"""LanguageTool's HTTP protocol (`/v2/check`, `/v2/languages`), spoken by `copylint serve`.

Every LanguageTool client (language-tool-python, browser add-ons, LibreOffice, Obsidian,
ltex) sends form fields and reads one JSON shape; this module turns those fields into
what copylint lints and copylint's findings into that shape. It knows nothing of sockets.

- `text` is linted as plain text; `data` is LanguageTool's annotated text
  (`{"annotation": [{"text": ...}, {"markup": ..., "interpretAs": ...}]}`): markup is left
  out of what is linted (or stands as its `interpretAs`), and every offset in the answer is
  one of the whole text, markup included, as LanguageTool counts it.
- Offsets and lengths are UTF-16 code units (Java's string indices), in the context too.
- `level=picky` also switches on copylint's rules that are off by default.
- `enabledRules`, `disabledRules`, `enabledCategories`, `disabledCategories` and
  `enabledOnly` take copylint ids (`typos.phrases`, a pack such as `stamps`) and category ids
  (a pack's name in capitals, `STAMPS`) beside LanguageTool's own; each side reads its own.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .findings import Finding, Severity
from .codeunits import CodeUnits

CONTEXT_CHARS = 40  # LanguageTool's default context on each side of a match
MAX_REPLACEMENTS = 8

# (code, long code, name): what copylint's English rules apply to
LANGUAGES = (
    ("en", "en", "English"),
    ("en", "en-US", "English (US)"),
    ("en", "en-GB", "English (GB)"),
    ("en", "en-AU", "English (Australian)"),
    ("en", "en-CA", "English (Canadian)"),
    ("en", "en-NZ", "English (New Zealand)"),
    ("en", "en-ZA", "English (South African)"),
)
_NAMES = {long: name for _code, long, name in LANGUAGES}

# LanguageTool's issue types (from the Localization Quality Issue types) by copylint pack;
# clients colour or filter by them. A pack not named here is "uncategorized".
ISSUE_TYPES = {
    "typos": "misspelling",
    "spelling": "misspelling",
    "grammar": "grammar",
    "style": "typographical",
    "stamps": "inconsistency",
    "boilerplate": "non-conformance",
    "placeholders": "non-conformance",
    "moderation": "register",
    "copylint": "uncategorized",
}
CATEGORY_NAMES = {
    "typos": "Typos a dictionary cannot see",
    "spelling": "Spelling and house vocabulary",
    "grammar": "Grammar",
    "style": "Typography and house style",
    "stamps": "Stamps and dates",
    "boilerplate": "Web page leftovers",
    "placeholders": "Placeholders",
    "moderation": "Profanity and sensitive wording",
    "copylint": "copylint",
}


class RequestError(Exception):
    """A request copylint cannot answer; `status` is the HTTP status to send."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Segment:
    """A run of the linted text and where it sits in the whole text."""

    prose: int  # start in the linted text
    whole: int  # start in the whole text
    prose_len: int
    whole_len: int
    markup: bool = False  # read as its `interpretAs`, which maps to the whole markup


@dataclass(frozen=True)
class Annotated:
    """The whole text a client counts offsets in, and the prose copylint lints."""

    whole: str
    prose: str
    segments: tuple[Segment, ...] = ()  # empty: prose is the whole text
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.prose for s in self.segments))

    def to_whole(self, offset: int, end: bool = False) -> int:
        """A linted-text offset as a whole-text offset (an end offset with `end`)."""
        if not self.segments:
            return min(max(offset, 0), len(self.whole))
        i = bisect.bisect_right(self._starts, offset - 1 if end and offset else offset) - 1
        seg = self.segments[max(i, 0)]
        inside = offset - seg.prose
        if not seg.markup:  # text: one for one
            return seg.whole + min(max(inside, 0), seg.whole_len)
        return seg.whole + (seg.whole_len if end and inside > 0 else 0)


def read_annotation(data: str) -> Annotated:
    """LanguageTool's annotated text (the `data` field) as whole text and prose."""
    try:
        parsed = json.loads(data)
    except ValueError as exc:
        raise RequestError(f"'data' is not JSON: {exc}") from None
    items = parsed.get("annotation") if isinstance(parsed, dict) else None
    if not isinstance(items, list):
        raise RequestError("'data' must be an object with an 'annotation' list")
    whole: list[str] = []
    prose: list[str] = []
    segments: list[Segment] = []
    w = p = 0
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise RequestError(f"'data' annotation {n} is not an object")
        text, markup = item.get("text"), item.get("markup")
        if (text is None) == (markup is None):
            raise RequestError(f"'data' annotation {n} needs either 'text' or 'markup'")
        if text is not None:
            if not isinstance(text, str):
                raise RequestError(f"'data' annotation {n}: 'text' must be a string")
            segments.append(Segment(p, w, len(text), len(text)))
            whole.append(text)
            prose.append(text)
            w, p = w + len(text), p + len(text)
            continue
        interpret = item.get("interpretAs", "")
        if not isinstance(markup, str) or not isinstance(interpret, str):
            raise RequestError(f"'data' annotation {n}: 'markup' and 'interpretAs' must be strings")
        segments.append(Segment(p, w, len(interpret), len(markup), markup=True))
        whole.append(markup)
        prose.append(interpret)
        w, p = w + len(markup), p + len(interpret)
    # a segment that adds nothing to the prose holds no linted character: leave it out of the map
    return Annotated("".join(whole), "".join(prose), tuple(s for s in segments if s.prose_len))


def _ids(fields: Mapping[str, list[str]], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in fields.get(name, ()):
        out.extend(p.strip() for p in value.split(",") if p.strip())
    return tuple(out)


def _one(fields: Mapping[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[-1] if values else None


@dataclass(frozen=True)
class CheckRequest:
    """A `/v2/check` request, read."""

    text: Annotated
    language: str
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False
    picky: bool = False  # `level=picky`: LanguageTool's extra style rules; copylint's off-by-default ones
    fields: Mapping[str, list[str]] = field(default_factory=dict)  # as received, for an upstream server

    @property
    def english(self) -> bool:
        return self.language == "auto" or self.language.lower().split("-")[0] == "en"


def parse_check(fields: Mapping[str, list[str]]) -> CheckRequest:
    """The form fields of `/v2/check` (parsed by `urllib.parse.parse_qs`) as a request."""
    text, data = _one(fields, "text"), _one(fields, "data")
    if text is None and data is None:
        raise RequestError("missing 'text' or 'data' parameter")
    if text is not None and data is not None:
        raise RequestError("send 'text' or 'data', not both")
    language = (_one(fields, "language") or "").strip()
    if not language:
        raise RequestError("missing 'language' parameter (for example en-US, or auto)")
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|auto", language):
        raise RequestError(f"'language' is not a language code: {language[:40]!r}")
    enabled_only = (_one(fields, "enabledOnly") or "false").strip().lower()
    if enabled_only not in ("true", "false"):
        raise RequestError("'enabledOnly' is true or false")
    annotated = Annotated(text, text) if text is not None else read_annotation(data or "")
    return CheckRequest(
        text=annotated,
        language=language,
        enabled_rules=_ids(fields, "enabledRules"),
        disabled_rules=_ids(fields, "disabledRules"),
        enabled_categories=_ids(fields, "enabledCategories"),
        disabled_categories=_ids(fields, "disabledCategories"),
        enabled_only=enabled_only == "true",
        picky=(_one(fields, "level") or "").strip().lower() == "picky",
        fields=fields,
    )


@dataclass(frozen=True)
class RuleChoice:
    """What a check request asks of copylint's rules, in copylint's terms."""

    enable: tuple[str, ...] = ()  # off-by-default rules to switch on
    select: tuple[str, ...] | None = None  # with enabledOnly: only these
    ignore: tuple[str, ...] = ()

    def keeps(self, rule_id: str) -> bool:
        from .registry import matches

        if any(matches(p, rule_id) for p in self.ignore):
            return False
        return self.select is None or any(matches(p, rule_id) for p in self.select)


def rule_choice(request: CheckRequest, is_ours: Callable[[str], bool], packs: Iterable[str]) -> RuleChoice:
    """copylint's part of the request's rule and category fields.

    `is_ours(id)` says whether an id names a copylint rule or pack; categories are the
    packs' names in capitals.
    """
    by_category = {p.upper(): p for p in packs}
    rules_on = tuple(r for r in request.enabled_rules if is_ours(r))
    cats_on = tuple(by_category[c.upper()] for c in request.enabled_categories if c.upper() in by_category)
    ignore = tuple(r for r in request.disabled_rules if is_ours(r))
    ignore += tuple(by_category[c.upper()] for c in request.disabled_categories if c.upper() in by_category)
    if request.enabled_only:
        return RuleChoice(enable=rules_on + cats_on, select=rules_on + cats_on, ignore=ignore)
    return RuleChoice(enable=rules_on + cats_on + (("all",) if request.picky else ()), ignore=ignore)


def upstream_fields(request: CheckRequest, is_ours: Callable[[str], bool],
                    packs: Iterable[str]) -> dict[str, str] | None:
    """The form to forward to an upstream LanguageTool: the client's, less copylint's ids.

    None when the client asked only for copylint's rules (`enabledOnly` with copylint ids).
    """
    ours = {p.upper() for p in packs}
    out: dict[str, str] = {}
    for name, values in request.fields.items():
        if not values:
            continue
        value = values[-1]
        if name in ("enabledRules", "disabledRules"):
            value = ",".join(r for r in _ids(request.fields, name) if not is_ours(r))
        elif name in ("enabledCategories", "disabledCategories"):
            value = ",".join(c for c in _ids(request.fields, name) if c.upper() not in ours)
        if value or name in ("text",):
            out[name] = value
    if request.enabled_only and not out.get("enabledRules") and not out.get("enabledCategories"):
        return None
    return out


# A sentence ends at . ! ? or … (a run of them: "?!", "..."), with the closing quotes and
# brackets after it, before white space; or at a blank line. A single line break does not end
# one (hard-wrapped copy, a stamp above its paragraph), as in LanguageTool.
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|(?:\r?\n[ \t]*){2,}")
_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w.'’-]*)\.$")
_NEXT_RE = re.compile(r"\s*([\"'“‘(\[]*)(\S?)")
# a full stop after these is not a sentence end, whatever follows ("Dr. Who", "Apple Inc. The",
# "Jan. 20", "ex-Gov. Knight"); nor after a dotted abbreviation ("U.S. Steel", "D.C. The")
_NEVER_END = frozenset(
    "mr mrs ms mx dr drs prof st sr jr gen gov sen rep lt col capt cmdr sgt maj adm rev hon mt ft fr "
    "atty messrs mmes mme mlle supt insp det pres inc bros assn blvd ave rd vs cf al "
    "approx dept viz lb lbs oz yd yds km cm mm kg jan feb mar apr jun jul aug sep sept oct nov dec "
    "mon tue tues wed thu thur thurs fri sat sun".split())
# before a number these are abbreviations ("No. 10", "p. 5"); before a word, words ('"No." he said')
_BEFORE_NUMBER = frozenset("no nos nr vol vols fig figs pp p art sec ch".split())
# after these, a sentence ends only before a capital ("5 a.m. Then", but "3.5 p.m. on Monday")
_MAYBE_END = frozenset("etc a.m p.m am pm ltd co corp".split())
_DOTTED_RE = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}")  # u.s, d.c, m.p.h; not example.com


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` as (start, end) offsets, without the white space around them:
    LanguageTool's `sentenceRanges` (and the `sentence` of a match) in code points."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if not m.group().startswith(("\n", "\r")) and not _ends_here(text, m.start(), m.end()):
            continue
        _add_span(spans, text, start, m.end())
        start = m.end()
    _add_span(spans, text, start, len(text))
    return spans


def _ends_here(text: str, mark: int, end: int) -> bool:
    """Whether the run of . ! ? … at `mark` (with its closing quotes, to `end`) ends a sentence.

    It does, before any word, but not after a closing quote before a lowercase word ('"No." and
    left'), an ellipsis before anything but a capital ("Yes... and no"), a title, an initial or
    an abbreviation ("Dr. Who", "J. R. Smith", "Jan. 20", "U.S. Steel", "et al. in"); after
    "etc." or "a.m." only before a capital ("5 a.m. Then", "3.5 p.m. on Monday").
    """
    nxt = _NEXT_RE.match(text, end)
    opening, first = (nxt.group(1), nxt.group(2)) if nxt else ("", "")
    if first and first in ",;:)]}":  # "(galvanizing? ) days": the sentence goes on
        return False
    capital = bool(first) and first.isupper()
    run = text[mark:end]
    if run.startswith(("..", "…")):
        return capital and not opening
    if first.islower() and run[-1] in "\"'”’)]":
        return False
    if run[0] != ".":
        return True
    word = _WORD_BEFORE_RE.search(text, max(0, mark - 24), mark + 1)
    if word is None or word.end() != mark + 1:
        return True
    written = word.group(1).rsplit("-", 1)[-1]
    token = written.lower()
    if token in _MAYBE_END:
        return capital
    if token in _NEVER_END or _DOTTED_RE.fullmatch(token) or (len(token) == 1 and written.isupper()):
        return False
    if token in _BEFORE_NUMBER:
        return not first.isdigit()
    return True


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class Sentences:
    """The sentences of a request's text: found once in the linted text (markup left out, as
    LanguageTool reads annotated text), placed in the whole text the client counts in."""

    def __init__(self, text: Annotated) -> None:
        self.prose = text.prose
        self.spans = sentence_spans(text.prose)
        self.whole = [(text.to_whole(s), max(text.to_whole(e, end=True), text.to_whole(s))) for s, e in self.spans]
        self._starts = [w[0] for w in self.whole]
        self._ends = [w[1] for w in self.whole]

    def around(self, start: int, end: int) -> str:
        """The sentence (or sentences) holding whole-text offsets start..end, as linted."""
        if not self.spans:
            return ""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        j = min(max(bisect.bisect_left(self._ends, max(end, start + 1)), i), len(self.spans) - 1)
        return self.prose[self.spans[i][0]:self.spans[j][1]]

    def ranges(self, index: CodeUnits) -> list[list[int]]:
        """`sentenceRanges`: [start, end] of each sentence in the whole text's UTF-16 code units,
        as LanguageTool 6.8 answers them (its pairs are start and end, not start and length)."""
        return [[index.units(s), index.units(e)] for s, e in self.whole]


def _context(index: CodeUnits, start: int, end: int) -> dict[str, Any]:
    text = index.text
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    head = "..." if lo > 0 else ""
    body = text[lo:hi].replace("\r", " ").replace("\n", " ").replace("\t", " ")
    tail = "..." if hi < len(text) else ""
    return {
        "text": head + body + tail,
        "offset": len(head) + index.length(lo, start),
        "length": index.length(start, end),
    }


def replacements(finding: Finding, prose: str) -> list[str]:
    """What a client may put in place of the match: the fix, if it edits inside the match only."""
    out: list[str] = []
    fix = finding.fix
    inside = fix is not None and all(finding.offset <= e.start <= e.end <= finding.end_offset for e in fix.edits)
    if fix is not None and fix.edits and inside:
        text, pos = [], finding.offset
        for e in sorted(fix.edits, key=lambda e: e.start):
            text.append(prose[pos:e.start] + e.replacement)
            pos = e.end
        text.append(prose[pos:finding.end_offset])
        out.append("".join(text))
    for s in finding.suggestions:
        if s not in out:
            out.append(s)
    return out[:MAX_REPLACEMENTS]


def match(finding: Finding, text: Annotated, index: CodeUnits, sentences: Sentences,
          meta: Any = None) -> dict[str, Any]:
    """One finding (in offsets of `text.prose`) in LanguageTool's match shape, in offsets of
    the whole text that `index` and `sentences` index; `meta` is the rule's RuleMeta where known."""
    start, end = text.to_whole(finding.offset), text.to_whole(finding.end_offset, end=True)
    end = max(end, start)
    pack = finding.rule.split(".", 1)[0]
    summary = getattr(meta, "summary", "") or finding.rule
    rule: dict[str, Any] = {
        "id": finding.rule,
        "description": summary,
        "issueType": ISSUE_TYPES.get(pack, "uncategorized"),
        "category": {"id": pack.upper(), "name": CATEGORY_NAMES.get(pack, pack.capitalize())},
    }
    if finding.link:
        rule["urls"] = [{"value": finding.link}]
    return {
        "message": finding.message,
        "shortMessage": summary if len(summary) <= 60 else "",
        "replacements": [{"value": v} for v in replacements(finding, text.prose)],
        "offset": index.units(start),
        "length": index.length(start, end),
        "context": _context(index, start, end),
        "sentence": sentences.around(start, end),
        "type": {"typeName": "Hint" if finding.severity <= Severity.SUGGESTION else "Other"},
        "rule": rule,
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "severity": finding.severity.label,  # copylint's own; LanguageTool clients ignore it
    }


def language_block(code: str) -> dict[str, Any]:
    long = "en-US" if code in ("auto", "en") else code
    name = _NAMES.get(long, long)
    return {
        "name": name,
        "code": long,
        "detectedLanguage": {"name": name, "code": long, "confidence": 1.0 if code != "auto" else 0.9},
    }


def answer(matches: list[dict[str, Any]], language: dict[str, Any], version: str,
           incomplete: bool = False, sentence_ranges: list[list[int]] | None = None) -> dict[str, Any]:
    """The whole `/v2/check` answer."""
    return {
        "software": {"name": "copylint", "version": version, "buildDate": None, "apiVersion": 1,
                     "premium": False, "status": ""},
        "warnings": {"incompleteResults": incomplete},
        "language": language,
        "matches": sorted(matches, key=lambda m: (m["offset"], m["length"])),
        "sentenceRanges": sentence_ranges or [],
    }


def languages() -> list[dict[str, str]]:
    return [{"name": name, "code": code, "longCode": long} for code, long, name in LANGUAGES]
