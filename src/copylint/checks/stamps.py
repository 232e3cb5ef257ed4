"""The stamps pack: dateline and update stamps left in copy, and stamps that cannot be right.

A focused parser for the shapes newsroom and CMS stamps take ("Updated 11:29 AM EDT, Tue,
Jun 16, 2020", "Published Nov. 20, 2019 at 1:39 a.m.", "Last modified on Tue 4 Feb 2020
12.33 GMT", "2020-06-16T11:29:00Z", "Updated 0203 GMT (1003 HKT)") finds every stamp once per
document; each rule then asks one question of the stamps found. A date library would parse
more shapes, but costs import time on every one-article run and guesses where a stamp's
shape is exactly what tells it apart from prose.
"""

from __future__ import annotations

import datetime as dt
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from ..document import Document
from ..findings import Severity
from ..formats.frontmatter import metadata_date
from ..rule import Hit, Option, RuleContext, RuleMeta, make_doc

if TYPE_CHECKING:
    from .boilerplate import LineTerms

# ------------------------------------------------------------------ the parser

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}


def _not_negative(value: int) -> int:
    if value < 0:
        raise ValueError("must be 0 or more (days)")
    return value


_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_WD = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b\.?"
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORD = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d\d\b"
_DATE = (
    rf"(?:{_MON}\s*{_ORD}(?:,?\s*{_YEAR})?"
    rf"|{_ORD}\s*(?:of\s+)?{_MON},?\s*{_YEAR}"
    rf"|(?<!\d)\d{{1,2}}/\d{{1,2}}/{_YEAR})"
)
_ZONE = (
    r"(?:[ECMPA]K?[SD]T|GMT|BST|UTC|ET|PT|CT|MT|HKT|IST|CET|CEST|EET|EEST|WET|WEST|AEST|AEDT"
    r"|ACST|AWST|JST|KST|SGT|HST|MSK|SAST|NZST|NZDT|PHT|WIB|AMT|BRT)(?:[+-]\d{1,2})?\b"
)
_TIME = r"(?:[01]?\d|2[0-3])(?:[:.][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?\s?m\b\.?)?|\s*[ap]\.?m\b\.?)"
_MIL = rf"(?:[01]\d|2[0-3])[0-5]\d(?=\s*{_ZONE})"  # "0203 GMT": a 24-hour clock only with a zone
_ZONEP = rf"(?:\s*\(\s*(?:(?:{_TIME}|\d{{3,4}})\s*)?{_ZONE}\s*\))"
_TIMEZ = rf"(?:{_TIME}|{_MIL})(?:\s*{_ZONE})?{_ZONEP}?"
_SEP = r"(?:\s*[,|/–—-]\s*(?:(?:at|on)\s+)?|\s+(?:at|on)\s+|\s+)"  # "April 21, 2015, at 11:29 a.m."
_WDS = rf"{_WD}(?:\s*,\s*|\s+)"
_ISO = r"(?:19|20)\d\d-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?\b"
_AGO = r"\d{1,3}\s*(?:m|h|d|mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago\b"
_LABEL = (
    r"(?:(?:last\s+)?(?:updated|modified|edited|revised)|(?:first\s+|originally\s+)?(?:published|posted)"
    r"|original)"
)


def _one_line(pattern: str) -> str:
    """A stamp never runs across a line break: "Tuesday, 1 March" and "2000m" are two lines."""
    return pattern.replace(r"\s", r"[^\S\n]")


_CORE = (
    rf"(?:{_WDS})?{_TIMEZ}{_SEP}(?:{_WDS})?{_DATE}"  # 11:29 AM EDT, Tue, Jun 16, 2020
    rf"|(?:{_WDS})?{_DATE}(?:{_SEP}{_TIMEZ})?"  # Tue 4 Feb 2020 12.33 GMT
    rf"|{_ISO}"
    rf"|(?P<bare>{_TIMEZ}|{_AGO})"  # a time alone: a stamp only after a label
)
_STAMP_RE = re.compile(
    _one_line(
        rf"(?<![\w/.-])(?:(?P<label>{_LABEL})\b(?:\s+(?:on|at)\b)?\s*:?\s*(?:(?:on|at)\s+)?)?(?P<core>{_CORE})(?![\w/])"
    ),
    re.IGNORECASE,
)
# How every match of _STAMP_RE begins (the same case folding): a digit (a time, a date, an ISO
# date, "3 hours ago"), or the first three letters of a label, a weekday or a month
_STAMP_START_RE = re.compile(
    r"\d|las|upd|mod|edi|rev|fir|ori|pub|pos|mon|tue|wed|thu|fri|sat|sun"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
    re.IGNORECASE,
)
_ISO_RE = re.compile(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?:[T ]([0-2]\d):([0-5]\d))?")
_TIME_RE = re.compile(rf"(?<![\d/])(?:{_TIME}|{_MIL})", re.IGNORECASE)
_CLOCK_RE = re.compile(r"(\d{1,2})(?:[:.]?(\d\d))?(?:\s*([ap])\.?\s?m)?", re.IGNORECASE)
_ZONE_RE = re.compile(rf"\b({_ZONE})")
_WD_RE = re.compile(rf"\b({_WD})", re.IGNORECASE)
_MDY_RE = re.compile(rf"\b({_MON})\s*({_ORD})(?:,?\s*({_YEAR}))?", re.IGNORECASE)
_DMY_RE = re.compile(rf"\b({_ORD})\s*(?:of\s+)?({_MON}),?\s*({_YEAR})", re.IGNORECASE)
_NUM_RE = re.compile(rf"(?<!\d)(\d{{1,2}})/(\d{{1,2}})/({_YEAR})")
# a no-break space is an HTML page's separator as often as a space ("\xa0/\xa0Updated\xa0Dec. 16, 2025")
_EDGE = " \t\u00a0\u2009|•·,;:-–—"


@dataclass(frozen=True)
class Stamp:
    """One date or time stamp found in the prose, with what could be read from it."""

    start: int
    end: int
    text: str
    label: str  # "published", "updated" or "" (no label)
    date: dt.date | None
    time: tuple[int, int] | None
    zone: str
    weekday: str  # as written, "" when absent
    line_start: bool  # begins a line of the prose (a byline before it aside)
    whole_line: bool  # is the whole line (leftover separators and a byline aside)
    among_short_lines: bool = False  # a neighbouring line is short too (a page header, not a subhead)

    @property
    def standalone(self) -> bool:
        """A stamp by its shape and place: labelled at a line start, a date and time alone on a
        line, or a bare date alone on a line among other short lines."""
        if self.label:
            return self.line_start
        if not self.whole_line or self.date is None:
            return False
        return self.time is not None or bool(self.weekday) or self.among_short_lines


def _int_ord(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_date(core: str) -> dt.date | None:
    m = _ISO_RE.search(core)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY_RE.search(core)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], _int_ord(m.group(1)))
    m = _MDY_RE.search(core)
    if m and m.group(3):
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], _int_ord(m.group(2)))
    m = _NUM_RE.search(core)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return _safe_date(y, a, b) or _safe_date(y, b, a)  # US order first
    return None


def _parse_time(core: str) -> tuple[int, int] | None:
    m = _ISO_RE.search(core)
    if m and m.group(4):
        return int(m.group(4)), int(m.group(5))
    for date_re in (_DMY_RE, _MDY_RE, _NUM_RE):  # a year is not a 24-hour clock
        core = date_re.sub(lambda d: " " * len(d.group()), core)
    m = _TIME_RE.search(core)
    if not m:
        return None
    c = _CLOCK_RE.match(m.group())
    if not c:
        return None
    raw = c.group(1)
    hour, minute = (int(raw[:2]), int(raw[2:])) if len(raw) == 4 else (int(raw), int(c.group(2) or 0))
    if c.group(3):
        if hour > 12:
            return None
        hour = hour % 12 + (12 if c.group(3).lower() == "p" else 0)
    return (hour, minute) if hour < 24 else None


def _label_kind(label: str | None) -> str:
    if not label:
        return ""
    low = label.lower()
    return "published" if ("publish" in low or "post" in low or "original" in low) else "updated"


def _zone(core: str) -> str:
    outside = re.sub(r"\([^)]*\)", " ", core)
    m = _ZONE_RE.search(outside)
    return m.group(1).upper() if m else ""


def _line_bounds(prose: str, start: int, end: int) -> tuple[int, int]:
    ls = prose.rfind("\n", 0, start) + 1
    le = prose.find("\n", end)
    return ls, len(prose) if le < 0 else le


_NEWLINE_RE = re.compile(r"\n")
_LEAD_RE = re.compile(r"[^\S\n]*[|•·*›»–—-]*[^\S\n]*")
_WD_ANCHOR_RE = re.compile(r"[MTWFS](?<![\w][MTWFS])(?:on|ue|ed|hu|ri|at|un)")
_BYLINE_START_RE = re.compile(
    r"(?:by|written by|posted by|published by|(?:the )?associated press|reuters|afp|bloomberg|upi)\b", re.IGNORECASE
)
# a word start where a stamp may begin (_STAMP_START_RE): an anchor anywhere else is tried for nothing
_STAMP_WORD_RE = re.compile(r"\b(?:" + _STAMP_START_RE.pattern + ")", re.IGNORECASE)
_CHAIN_RE = re.compile(r"[^\S\n]*[|/•·–—-]?[^\S\n]*")


def _anchors(prose: str) -> list[int]:
    """Where a stamp may begin: line starts (and after a byline), and capitalised weekday names.

    Trying the stamp pattern only there, rather than at every word, keeps the pack cheap on
    long archives; the rules only want stamps that open a line or carry a weekday.
    """
    found = {_LEAD_RE.match(prose, s).end() for s in [0] + [m.end() for m in _NEWLINE_RE.finditer(prose)]}
    # a blank line (its anchor at its line break, or at the end) has no word to try
    for start in [a for a in found if prose[a : a + 1] not in ("\n", "")]:
        end = prose.find("\n", start, start + 121)
        # a short line ("Chris Davies - Nov 19, 2019, 10:31 pm") or a byline: try every word
        if 0 <= end or _BYLINE_START_RE.match(prose, start) or len(prose) - start <= 120:
            stop = end if end >= 0 else min(len(prose), start + 120)
            found.update(m.start() for m in _STAMP_WORD_RE.finditer(prose, start, stop))
    found.update(m.start() for m in _WD_ANCHOR_RE.finditer(prose))
    return sorted(found)


def find_stamps(doc: Document, terms: LineTerms | None = None) -> list[Stamp]:
    """The stamps that open a line (several on one stamp line) and the dates written with a weekday.

    Found once a document and shared (the list must not be changed): the stamps pack reads them,
    and so does the boilerplate pack, which leaves the stamps it finds to this one. `terms`: the
    boilerplate pack's terms in force, whose `date_label` is a stamp's label alone on its line
    (None: the pack's own data)."""
    if terms is None:
        from .boilerplate import line_terms

        terms = line_terms()
    labels = terms.date_label
    return doc.analysis(f"stamps.line-stamps:{terms.key}", lambda d: _line_stamps(d, labels))


def _line_stamps(doc: Document, labels: re.Pattern[str]) -> list[Stamp]:
    prose = doc.prose
    out: list[Stamp] = []
    done = 0
    for anchor in _anchors(prose):
        pos = anchor
        while pos >= done:
            # most anchors are words that no stamp begins with: a three-letter test rules them out
            if _STAMP_START_RE.match(prose, pos) is None:
                break
            m = _STAMP_RE.match(prose, pos)
            if m is None:
                break
            done = m.end()
            stamp = _stamp(prose, m, out[-1] if out else None)
            if stamp is not None:
                out.append(stamp)
            pos = _CHAIN_RE.match(prose, m.end()).end()
            if pos == m.end() and pos < len(prose) and not prose[pos].isspace():
                break
    return _labelled_above(prose, _stamp_lines(prose, out), labels)


def _labelled_above(prose: str, stamps: list[Stamp], labels: re.Pattern[str]) -> list[Stamp]:
    """A bare date alone on its line, under a line that is only a stamp label ('Published' over
    'July 8, 2025'), is a labelled stamp: the label's line and the date's are one stamp the page
    set in two elements (an HTML page often sets the label in an element of its own above the
    date: '<p class="dateTitle">Published</p><p class="dateContent">Dec 19, 2025</p>'). `labels`
    fullmatches such a label, its whitespace collapsed (the boilerplate pack's term `date_label`,
    whose line pattern reports the label's line)."""
    out = list(stamps)
    for i, s in enumerate(out):
        if s.label or not s.whole_line or s.date is None:
            continue
        above = _line_before(prose, prose.rfind("\n", 0, s.start) + 1)
        m = labels.fullmatch(" ".join(above.split())) if above else None
        if m is not None:
            out[i] = replace(s, label=_label_kind(m.group().rstrip(":")), line_start=True)
    return out


_SEPARATORS_RE = re.compile(r"[\s|/•·–—-]*")


def _stamp_lines(prose: str, stamps: list[Stamp]) -> list[Stamp]:
    """Stamps that together fill a line ("Mon 18 Nov 2019 18.54 GMT Last modified on Mon 18 Nov
    2019 18.56 GMT") stand alone, when one has a label or a time: a range of two bare dates
    ("29 November 2018 | 20 January 2019") is copy."""
    out = list(stamps)
    i = 0
    while i < len(out):
        ls, le = _line_bounds(prose, out[i].start, out[i].end)
        j = i
        while j + 1 < len(out) and out[j + 1].start < le:
            j += 1
        group = out[i : j + 1]
        if len(group) > 1 and any(s.label or s.time for s in group):
            gaps = [prose[a.end : b.start] for a, b in zip(group, group[1:])]
            head = prose[ls : group[0].start].strip(_EDGE + "/")
            tail = prose[group[-1].end : le].strip(_EDGE + ".")
            if (not head or _BYLINE_BEFORE_RE.fullmatch(head)) and not tail \
                    and all(_SEPARATORS_RE.fullmatch(g) for g in gaps):
                out[i : j + 1] = [replace(s, line_start=True, whole_line=True) for s in group]
        i = j + 1
    return out


# "By Jane Doe |", "Associated Press", "Written by Jane Doe on": a byline before a stamp
_NAME = r"(?-i:[A-Z])[\w.'’-]*(?:(?:\s*,\s*|\s+(?:and\s+)?)(?-i:[A-Z])[\w.'’-]*){0,5}"
_BYLINE_BEFORE_RE = re.compile(
    rf"(?:(?:by|written by|posted by|published by)\s+{_NAME}"
    r"|(?:the\s+)?associated press|reuters|afp|bloomberg|upi)(?:\s+(?:on|at))?",
    re.IGNORECASE,
)
_BYLINE_AFTER_RE = re.compile(rf"by\s+{_NAME}|\d+\s+min(?:ute)?s?\s+read", re.IGNORECASE)
# "Chris Davies - Nov 19, 2019, 10:31 pm CST", "Jose Altoveros 2019-11-20 14:35": a name beside a date and time
_NAME_RE = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*")


def _line_before(prose: str, ls: int) -> str:
    """The line before the one starting at `ls`, blank lines skipped, without its trailing
    whitespace ("" for none). Found from `ls` backwards: a copy of the prose before each stamp
    made a page of many stamps quadratic."""
    end = ls
    while end > 0 and prose[end - 1].isspace():
        end -= 1
    return prose[prose.rfind("\n", 0, end) + 1 : end] if end else ""


def _line_after(prose: str, le: int) -> str:
    """The line after the one ending at `le`, blank lines skipped, without its leading
    whitespace ("" for none)."""
    start, size = le, len(prose)
    while start < size and prose[start].isspace():
        start += 1
    nl = prose.find("\n", start)
    return prose[start : size if nl < 0 else nl]


def _short_neighbour(prose: str, ls: int, le: int) -> bool:
    """Whether the line before or after (blank lines skipped) is short, or there is none."""
    return any(not line or line.count(" ") < 5 for line in (_line_before(prose, ls), _line_after(prose, le)))


def _stamp(prose: str, m: re.Match[str], previous: Stamp | None) -> Stamp | None:
    label = m.group("label")
    core = m.group("core")
    if m.group("bare") and not label:
        return None
    ls, le = _line_bounds(prose, m.start(), m.end())
    if previous is not None and previous.label and previous.line_start and ls <= previous.start:
        ls = previous.end  # "Updated ... / Original ...": a second stamp on a stamp line
    date, time = _parse_date(core), _parse_time(core)
    timed = date is not None and time is not None
    before = prose[ls : m.start()].strip(_EDGE + "/")
    if before and (_BYLINE_BEFORE_RE.fullmatch(before) or (timed and _NAME_RE.fullmatch(before))):
        before = ""
    rest = prose[m.end() : le].lstrip()
    after = rest.strip(_EDGE + ".")
    if after and (_BYLINE_AFTER_RE.fullmatch(after) or (timed and not before and _NAME_RE.fullmatch(after))):
        rest = after = ""
    # "Updated at 1:23 p.m. The council ...", not "Published on June 5, 2019, the report ..."
    new_sentence = not after or rest[0] in "|•·–—-/" or after[0].isupper() or after[0] in "\"“‘'(["
    wd = _WD_RE.match(core)
    wd_text = ""
    if wd and wd.group()[0].isupper():
        wd_text = wd.group(1).rstrip(".")
    else:
        inner = _WD_RE.search(core)
        if inner and inner.group()[0].isupper() and inner.start() > 0:
            wd_text = inner.group(1).rstrip(".")
    return Stamp(
        start=m.start(),
        end=m.end(),
        text=m.group(),
        label=_label_kind(label),
        date=date,
        time=time,
        zone=_zone(core),
        weekday=wd_text,
        line_start=not before and new_sentence,
        whole_line=not before and not after,
        among_short_lines=not before and not after and _short_neighbour(prose, ls, le),
    )


def _stamps(doc: Document, ctx: RuleContext) -> list[Stamp]:
    """find_stamps, once per document (every rule of the pack asks)."""
    return doc.analysis("stamps.found", lambda d: _find_stamps(d, ctx))


def _find_stamps(doc: Document, ctx: RuleContext) -> list[Stamp]:
    from .boilerplate import line_terms

    found = find_stamps(doc, line_terms(ctx)) if _may_hold_stamp(doc) else []
    # a heading that is a bare date ("## Monday 3 June") is a diary's or a live blog's
    # section, not a stamp; "Updated 3 June" as a heading still is one
    return [s for s in found if s.label or doc.scope_at(s.start) != "heading"]


_HINT_WORDS = frozenset(
    ["updated", "published", "posted", "modified", "edited", "revised", "original", "ago"]
    + [m for m in _MONTHS] + ["january", "february", "march", "april", "june", "july", "august",
                              "sept", "september", "october", "november", "december"]
)
_HINT_RE = re.compile(r"\d(?:/\d|-\d\d-\d)")  # opened by the digit: `re` skips to the digits at C speed


def _may_hold_stamp(doc: Document) -> bool:
    return bool(doc.word_set & _HINT_WORDS) or bool(_HINT_RE.search(doc.prose))


def _fmt(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _in_body(doc: Document, s: Stamp) -> bool:
    return s.standalone and doc.scope_at(s.start) not in ("front_matter", "")


# ------------------------------------------------------------------ the rules


class InBodyRule:
    meta = RuleMeta(
        id="stamps.in-body",
        summary="A dateline or update stamp left in the body copy",
        severity=Severity.WARNING,
        fixable=True,
        doc=make_doc(
            what="Reports a publication or update stamp that stands in the copy: a line that is just "
            "a stamp (\"Updated 11:29 AM EDT, Tue, Jun 16, 2020\", \"Nov. 20, 2019 5:52 AM EST\", "
            "\"2020-06-16T11:29:00Z\"), a date alone under a line that is only its label (\"Published\" "
            "over \"July 8, 2025\", as an HTML page sets them in two elements; the labels are the term "
            "`date_label` of the boilerplate pack's `lines.yml`), or a labelled stamp at "
            "the start of a paragraph. A date "
            "inside a sentence is not a stamp and is never reported.",
            why="Stamps belong to the page template or the CMS fields. Copied into the body they go "
            "stale, contradict the real publication time and tell readers the story was scraped.",
            example="Updated 11:29 AM EDT, Tue, Jun 16, 2020\n\nThe council voted on Tuesday.",
            instead="The council voted on Tuesday.",
            fix="Deletes the stamp. Unsafe: the stamp may be the only record of when the story "
            "ran, so move it to the front matter first if it is needed.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        published, _updated = _front_matter_dates(doc)
        for s in _stamps(doc, ctx):
            if not _in_body(doc, s):
                continue
            if not s.label and published is not None and s.date is not None and s.date > published:
                continue  # a date after the story's own is an event it announces, not a stamp
            what = "update stamp" if s.label == "updated" else "publication stamp" if s.label else "date stamp"
            where = "left in the body copy" if s.whole_line else "at the start of a paragraph"
            yield Hit(
                s.start,
                s.end,
                f"{what.capitalize()} '{s.text}' {where}; delete it or move it to the page metadata",
                fix=((s.start, s.end, ""),),
                fix_title=f"Delete the {what}",
            )


class WeekdayRule:
    meta = RuleMeta(
        id="stamps.weekday",
        summary="A weekday that does not match its date",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports a date written with its weekday and year (in a stamp or in a sentence) where "
            "the weekday is not the day that date fell on: \"Wed, Jun 16, 2020\" (June 16, 2020 was "
            "a Tuesday). Dates without a year are not checked.",
            why="One of the two is wrong, and a reader cannot tell which. A wrong day or date in a "
            "story is a correction waiting to happen.",
            example="The vote is on Wednesday, June 16, 2020.",
            instead="The vote is on Tuesday, June 16, 2020.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        for s in _stamps(doc, ctx):
            if not s.weekday or s.date is None:
                continue
            written = _WEEKDAYS[s.weekday[:3].lower()]
            actual = s.date.weekday()
            if written != actual:
                yield Hit(
                    s.start,
                    s.end,
                    f"{_fmt(s.date)} was a {_WEEKDAY_NAMES[actual]}, not a {_WEEKDAY_NAMES[written]}; "
                    "check the day and the date",
                )


def _nth_sunday(year: int, month: int, n: int) -> dt.date:
    """The n-th Sunday of a month (n = -1: the last)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


def _summer(zone_family: str, d: dt.date) -> bool | None:
    """Whether daylight-saving time was in force on `d`; None on a changeover day or unknown years."""
    y = d.year
    if zone_family == "us":
        if y >= 2007:
            begin, end = _nth_sunday(y, 3, 2), _nth_sunday(y, 11, 1)
        elif y >= 1987:
            begin, end = _nth_sunday(y, 4, 1), _nth_sunday(y, 10, -1)
        else:
            return None
    else:  # uk, since the EU dates of 1996
        if y < 1996:
            return None
        begin, end = _nth_sunday(y, 3, -1), _nth_sunday(y, 10, -1)
    if d in (begin, end):
        return None
    return begin < d < end


_US_ZONES = {"E": "Eastern", "C": "Central", "M": "Mountain", "P": "Pacific"}


class DaylightZoneRule:
    meta = RuleMeta(
        id="stamps.daylight-zone",
        summary="A daylight-saving time zone that does not match the season",
        severity=Severity.WARNING,
        fixable=True,
        doc=make_doc(
            what="Reports a stamp whose US zone (EST/EDT, CST/CDT, MST/MDT, PST/PDT) or UK zone "
            "(BST) does not match its date: EDT in January, EST in July, BST in December. The "
            "changeover days are not checked, nor are GMT (wire services use it all year as UTC) "
            "and the season-free ET, CT, MT and PT.",
            why="A stamp in the wrong zone is an hour off, and shows the stamp was typed by hand "
            "or generated by a misconfigured template.",
            example="Updated 8:49 am EDT January 23, 2008",
            instead="Updated 8:49 am EST January 23, 2008 (or ET, which is right all year)",
            fix="Replaces the zone with the one in force on that date. Unsafe: the clock time "
            "may be the wrong part.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        for s in _stamps(doc, ctx):
            if s.date is None or not s.zone:
                continue
            z = s.zone
            if len(z) == 3 and z[0] in _US_ZONES and z[1:] in ("ST", "DT"):
                summer = _summer("us", s.date)
                if summer is None or summer == (z[1] == "D"):
                    continue
                right = z[0] + ("DT" if summer else "ST")
                season = "daylight" if summer else "standard"
                msg = (f"{z} on {_fmt(s.date)}: {_US_ZONES[z[0]]} {season} time was in force; "
                       f"use {right} (or {z[0]}T)")
            elif z == "BST":
                summer = _summer("uk", s.date)
                if summer is None or summer:
                    continue
                right = "GMT"
                msg = f"BST on {_fmt(s.date)}: British Summer Time was not in force; use GMT"
            else:
                continue
            offset = s.text.upper().rfind(z) if "(" not in s.text else s.text.upper().find(z)
            zs = s.start + offset
            yield Hit(s.start, s.end, msg, suggestions=(right,), fix=((zs, zs + len(z), right),),
                      fix_title=f"Change the zone '{s.text[offset:offset + len(z)]}' to '{right}'")


def _datetime(s: Stamp) -> dt.datetime | None:
    if s.date is None:
        return None
    h, m = s.time or (0, 0)
    return dt.datetime(s.date.year, s.date.month, s.date.day, h, m)


class UpdatedBeforePublishedRule:
    meta = RuleMeta(
        id="stamps.updated-before-published",
        summary="An update stamp earlier than the publication stamp",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports an \"Updated\" or \"Modified\" stamp that is earlier than a \"Published\", "
            "\"Posted\" or \"Original\" stamp in the same document. Times are compared when both "
            "stamps have one in the same zone, else dates.",
            why="A story cannot be updated before it ran: one of the stamps is wrong, or they come "
            "from two different stories pasted together.",
            example="Published Nov. 20, 2019 at 1:39 a.m.\nUpdated Nov. 19, 2019 at 8:21 a.m.",
            instead="Published Nov. 19, 2019 at 1:39 a.m.\nUpdated Nov. 19, 2019 at 8:21 a.m.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        stamps = [s for s in _stamps(doc, ctx) if s.label and s.standalone and s.date is not None]
        published = [s for s in stamps if s.label == "published"]
        if not published:
            return
        first = min(published, key=lambda s: s.date)
        for s in stamps:
            if s.label != "updated":
                continue
            both_times = s.time is not None and first.time is not None and s.zone == first.zone
            earlier = _datetime(s) < _datetime(first) if both_times else s.date < first.date
            if earlier:
                yield Hit(
                    s.start,
                    s.end,
                    f"Updated {_fmt(s.date)}{_clock(s) if both_times else ''}, before the story was "
                    f"published ({_fmt(first.date)}{_clock(first) if both_times else ''}); one stamp is wrong",
                )


def _clock(s: Stamp) -> str:
    return f" {s.time[0]:02d}:{s.time[1]:02d}" if s.time else ""


_PUBLISHED_KEYS = ("date", "published", "pubdate", "publishdate", "published_at", "created")
_UPDATED_KEYS = ("updated", "modified", "lastmod", "last_modified", "updated_at")


def _front_matter_dates(doc: Document) -> tuple[dt.date | None, dt.date | None]:
    meta = doc.metadata or {}
    return metadata_date(meta, *_PUBLISHED_KEYS), metadata_date(meta, *_UPDATED_KEYS)


def _key_of(doc: Document, keys: tuple[str, ...]) -> str:
    """The front-matter key a date was read from ('published' where the article has no 'date')."""
    meta = doc.metadata or {}
    return next((k for k in keys if metadata_date(meta, k) is not None), keys[0])


def _contradiction(doc: Document, s: Stamp) -> str | None:
    """Why a stamp disagrees with the front matter, or None."""
    if s.date is None:
        return None
    published, updated = _front_matter_dates(doc)
    if published is None and updated is None:
        return None
    one_day = dt.timedelta(days=1)  # a stamp in another zone may fall on the next or previous day

    def near(d: dt.date | None) -> bool:
        return d is not None and abs(s.date - d) <= one_day

    pkey, ukey = _key_of(doc, _PUBLISHED_KEYS), _key_of(doc, _UPDATED_KEYS)
    if s.label == "published":
        if published is not None and not near(published):
            return f"the front matter '{pkey}' is {published.isoformat()}"
    elif s.label == "updated":
        if updated is not None and not near(updated):
            return f"the front matter '{ukey}' is {updated.isoformat()}"
        if updated is None and published is not None and s.date < published - one_day:
            return f"it is earlier than the front matter '{pkey}', {published.isoformat()}"
    elif s.standalone:
        low = min(d for d in (published, updated) if d is not None) - one_day
        high = max(d for d in (published, updated) if d is not None) + one_day
        if not (low <= s.date <= high):
            dates = " and ".join(f"'{k}' {d.isoformat()}" for k, d in ((pkey, published), (ukey, updated)) if d)
            return f"the front matter has {dates}"
    return None


class FrontMatterRule:
    meta = RuleMeta(
        id="stamps.front-matter",
        summary="A stamp that contradicts the front matter date",
        severity=Severity.WARNING,
        supersedes=frozenset({"stamps.stale"}),  # the contradiction says more than the age
        doc=make_doc(
            what="Reports a stamp whose date disagrees with the front matter: a \"Published\" stamp "
            "more than a day from `date`, an \"Updated\" stamp more than a day from `updated` (or "
            "before `date`), or an unlabelled stamp outside both. A day either way is allowed for "
            "time zones. An unlabelled date after every front-matter date may be an event the story "
            "announces, so it is a suggestion.",
            why="The front matter is what the CMS publishes and sorts by; a stamp in the copy that "
            "says otherwise misleads readers and usually means the copy came from another version.",
            example="---\ndate: 2020-06-16\n---\n\nPublished Nov. 20, 2019 at 1:39 a.m.",
            instead="---\ndate: 2019-11-20\n---\n\nThe story, without a stamp in its body.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        if not doc.metadata:
            return
        for s in _stamps(doc, ctx):
            if doc.scope_at(s.start) == "front_matter" or not s.standalone:
                continue
            why = _contradiction(doc, s)
            if why:
                later = not s.label and s.date is not None and all(
                    d is None or s.date > d for d in _front_matter_dates(doc))
                # an unlabelled date after every front-matter date is as often an event the story
                # announces ('Friday, June 27, 2014' under 'Details') as a stamp: only a suggestion
                yield Hit(s.start, s.end, f"Stamp dated {_fmt(s.date)} contradicts the front matter: {why}"
                          + (" (or it dates an event the story announces)" if later else ""),
                          severity=Severity.SUGGESTION if later else None)


class StaleRule:
    meta = RuleMeta(
        id="stamps.stale",
        summary="A stamp much older than the story's reference date",
        severity=Severity.SUGGESTION,
        options=(Option("max-age-days", 30, "how many days older than the reference date a stamp may be", int,
                        _not_negative),),
        doc=make_doc(
            what="Reports a stamp dated more than `max-age-days` before the reference date: the front "
            "matter `updated` or `date`, else the run's `--as-of` date (default today).",
            why="An old stamp on copy being published now tells readers the story is old news, or "
            "that it was lifted from an archive page. It is a suggestion because linting an archive "
            "on a later day makes every stamp old; set `--as-of` to the publication day.",
            example="Updated 1:39 am EST, Wednesday, November 20, 2019  (linted with --as-of 2020-06-16)",
            instead="Delete the stamp, or update it to the real time of the last update.",
            options="`max-age-days` (default 30): how many days older than the reference date a stamp may be.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        stamps = _stamps(doc, ctx)
        if not stamps:
            return
        published, updated = _front_matter_dates(doc)
        reference = updated or published or ctx.as_of
        source = "the front matter date" if (updated or published) else "the reference date"
        limit = dt.timedelta(days=int(ctx.options.get("max-age-days", 30)))
        for s in stamps:
            if s.date is None or not s.standalone or doc.scope_at(s.start) == "front_matter":
                continue
            age = reference - s.date
            if age > limit:
                yield Hit(s.start, s.end,
                          f"Stamp dated {_fmt(s.date)} is {age.days:,} days older than {source} "
                          f"({reference.isoformat()})")


# "in 2017", "2017's", "2016-17"; not "$2017", "2017%", "2,017", "2017.5" or part of a longer number
_YEAR_MENTION_RE = re.compile(r"(?<![\w$£€.,/:-])((?:19|20)\d\d)(?![\w%/:]|[.,]\d)")


def _latest_mention(doc: Document, stamps: list[Stamp]) -> int | None:
    """The latest year the story itself mentions, stamps left out."""
    prose = doc.prose
    spans = [(s.start, s.end) for s in stamps if s.label or s.standalone]
    latest = None
    for m in _YEAR_MENTION_RE.finditer(prose):
        if any(a <= m.start() < b for a, b in spans):
            continue
        year = int(m.group(1))
        latest = year if latest is None else max(latest, year)
    return latest


def _far_newer(doc: Document, s: Stamp, stamps: list[Stamp], gap_days: int = 730) -> int | None:
    """The latest year the story mentions (`stamps`, the document's, left out), when the stamp is
    more than `gap_days` after its end."""
    if s.date is None:
        return None
    cached = doc.analysis("stamps.latest-year", lambda d: _latest_mention(d, stamps))
    if cached is None or (s.date - dt.date(cached, 12, 31)).days <= gap_days:
        return None
    return cached


class NewerThanStoryRule:
    meta = RuleMeta(
        id="stamps.newer-than-story",
        summary="A stamp far newer than any date the story mentions",
        severity=Severity.SUGGESTION,
        supersedes=frozenset({"stamps.stale"}),  # the gap to the story says more than the age
        options=(Option("max-gap-days", 730, "days a stamp may fall after the end of the latest year mentioned",
                        int, _not_negative),),
        doc=make_doc(
            what="Reports a stamp dated more than `max-gap-days` (default two years) after the end of "
            "the latest year the story itself mentions (\"in 2017\", \"Dec. 28, 2016\"). Stamps are "
            "left out of the count; a story that mentions no year is not checked.",
            why="A 2020 stamp on a story about events of 2017 usually means a re-rendered or "
            "re-scraped page: the stamp is the template's date, not the story's, and it misleads "
            "readers about how fresh the story is. It is a suggestion because an anniversary or "
            "history piece may only mention old years.",
            example="Updated 11:29 AM EDT, Tue, Jun 16, 2020\n\nThe border will be sealed in 2017.",
            instead="The border will be sealed in 2017.",
            options="`max-gap-days` (default 730): how many days after the end of the latest year "
            "mentioned a stamp may fall.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        gap = int(ctx.options.get("max-gap-days", 730))
        stamps = _stamps(doc, ctx)
        for s in stamps:
            if s.date is None or not s.standalone or doc.scope_at(s.start) == "front_matter":
                continue
            latest = _far_newer(doc, s, stamps, gap)
            if latest:
                yield Hit(s.start, s.end,
                          f"Stamp dated {_fmt(s.date)}, but the latest year the story mentions is "
                          f"{latest}; the stamp may belong to the page, not the story")


# ------------------------------------------------------------------ dates that cannot be

_FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
# capitalised month names only: 'may' is a verb, and 'March 35 miles' is rarer than a date
_CAP_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY_NUM = r"(\d{1,2})(?:st|nd|rd|th)?"
_IMPOSSIBLE_MDY_RE = re.compile(rf"\b({_CAP_MON})\s+{_DAY_NUM}\b(?:,?\s+(\d{{4,5}})\b)?")
_IMPOSSIBLE_DMY_RE = re.compile(rf"(?<![\d.,/:-]){_DAY_NUM}\s+(?:of\s+)?({_CAP_MON})(?:,?\s+(\d{{4,5}})\b)?")
_FIVE_DIGIT_YEAR_RE = re.compile(rf"\b({_CAP_MON})\s+([12]\d{{4}})\b(?![,]|\.\d)")


def _days_in(month: int, year: int | None) -> int:
    if month == 2:
        return 29 if year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _impossible(month_text: str, day: int | None, year_text: str | None) -> str | None:
    """Why a date cannot be, or None: 'November has 30 days', '20014 is not a year'."""
    month = _MONTHS[month_text[:3].lower()]
    name = _FULL_MONTHS[month - 1]
    year = int(year_text) if year_text else None
    if year_text and len(year_text) == 5:
        return f"{year_text} is not a year"
    if day is not None and not 1 <= day <= _days_in(month, year):
        if month == 2 and day == 29:
            return f"{year} is not a leap year"
        if day > 39:
            return None  # 'May 40 people': a count, not a day
        return f"{name} has {_days_in(month, year)} days"
    return None


class ImpossibleDateRule:
    meta = RuleMeta(
        id="stamps.impossible-date",
        summary="A date that cannot exist ('November 31', 'February 30', 'May 20014')",
        severity=Severity.WARNING,
        doc=make_doc(
            what="Reports a date in the copy whose day is past the end of its month ('November 31', "
            "'31 April', 'February 30', 'February 29, 2019' outside a leap year) or whose year has "
            "five digits ('May 20014'). Month names count only when capitalised, so 'may' the verb "
            "is never read as a month, and a number past 39 after a month ('May 40 people') is a "
            "count, not a day.",
            why="An impossible date is a typo of a day or a year, and the reader cannot tell which "
            "date was meant. On the BBC corpus the rule gives no finding.",
            example="The vote is on November 31, and the results in May 20014.",
            instead="The vote is on November 30, and the results in May 2014.",
        ),
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        prose = doc.prose
        # one scan for month names; the dates are read around each (most copy names few months)
        for month in _MONTH_WORD_RE.finditer(prose):
            hit = _impossible_at(prose, month.start(), month.end())
            if hit is not None:
                yield hit


# what `\b{_CAP_MON}` finds (a month name after a non-word character), written so that `re`
# skips at C speed to the next J, F, M, A, S, O, N or D: each branch opens with its capital,
# and the word boundary is tested only there, as "no word character before that capital"
_MONTH_WORD_RE = re.compile(
    r"J(?<!\wJ)(?:anuary|une|uly|an\.?|un\.?|ul\.?)|F(?<!\wF)(?:ebruary|eb\.?)|M(?<!\wM)(?:arch|ay|ar\.?)"
    r"|A(?<!\wA)(?:pril|ugust|pr\.?|ug\.?)|S(?<!\wS)(?:eptember|ept?\.?)|O(?<!\wO)(?:ctober|ct\.?)"
    r"|N(?<!\wN)(?:ovember|ov\.?)|D(?<!\wD)(?:ecember|ec\.?)"
)
_DAY_BEFORE_RE = re.compile(rf"(?<![\d.,/:-]){_DAY_NUM}\s+(?:of\s+)?\Z")


def _impossible_at(prose: str, start: int, end: int) -> Hit | None:
    """The impossible date around the month name at prose[start:end], if any."""
    m = _IMPOSSIBLE_MDY_RE.match(prose, start)
    if m:
        why = _impossible(m.group(1), int(m.group(2)), m.group(3))
        return Hit(m.start(), m.end(), f"'{m.group()}' cannot be a date: {why}") if why else None
    m = _FIVE_DIGIT_YEAR_RE.match(prose, start)
    if m:
        return Hit(m.start(), m.end(), f"'{m.group()}' cannot be a date: {m.group(2)} is not a year")
    before = _DAY_BEFORE_RE.search(prose, max(0, start - 12), start)
    if before:
        m = _IMPOSSIBLE_DMY_RE.match(prose, before.start())
        if m:
            why = _impossible(m.group(2), int(m.group(1)), m.group(3))
            if why:
                return Hit(m.start(), m.end(), f"'{m.group()}' cannot be a date: {why}")
    return None


def rules() -> list[object]:
    return [
        ImpossibleDateRule(),
        InBodyRule(),
        WeekdayRule(),
        DaylightZoneRule(),
        UpdatedBeforePublishedRule(),
        FrontMatterRule(),
        StaleRule(),
        NewerThanStoryRule(),
    ]
