"""Runs many declarative rules over a document in as few passes as possible.

Literal phrases are indexed by their words: the document's set of distinct words (one
C-speed pass) picks the few phrases that can occur, and only those are searched for.
Regex entries are joined into one alternation scanned once, with a timeout so that a
pattern from a config file cannot hang the run.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from ..document import WORD_RE, Document
from ..rule import Hit
from . import DeclarativeRule, Entry
from .kinds import RULE_KINDS
from .leading import leading_words
from ..multimatch import folds_to_ascii
from .prefilter import requirement

REGEX_TIMEOUT = 5.0  # seconds for all regex entries over one document
TIMEOUT_ENV = "COPYLINT_REGEX_TIMEOUT"  # overrides REGEX_TIMEOUT (seconds), e.g. for tests or slow machines


TIMEOUT_SCALE = 1_000_000  # characters: a longer document gets the time in proportion to its length


def regex_timeout(length: int = 0) -> float:
    """The time allowed for the pattern entries on one document of `length` characters: the
    base allowance (REGEX_TIMEOUT, or COPYLINT_REGEX_TIMEOUT) for a document of up to a
    million characters, and as much again for every further million, so that a 50 MB file,
    whose honest patterns take tens of seconds, completes, while a pattern that backtracks
    without end is still stopped."""
    import os

    raw = os.environ.get(TIMEOUT_ENV)
    value = REGEX_TIMEOUT
    if raw:  # unset (most runs): no float("") raised and caught a document
        try:
            value = float(raw)
        except ValueError:
            value = REGEX_TIMEOUT
    base = value if value > 0 else REGEX_TIMEOUT
    return base * max(1.0, length / TIMEOUT_SCALE)
_APOSTROPHE_RE = re.compile("['’]")
_BEFORE = r"(?<![\w])(?<![\w]['’])"
_AFTER = r"(?!\w)(?!['’]\w)"
# _BEFORE for a literal, checked after its first character (hence the extra `.`): the same
# test, but `re` then tries the lookbehinds only where that character stands, not at every
# position of the text: 3-4 times faster scans.
_BEFORE_AFTER_FIRST = r"(?<!\w.)(?<!\w['’].)"


_MATCH_COST = 300  # a match tried at one word costs about as much as scanning this many characters


class PatternTimeout(Exception):
    """The regex entries took longer than the time allowed on one document."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[bool]:
    """Raise TimeoutError in the block after `seconds` of wall time; yields whether it can.

    The regex module's own `timeout` overshoots several times over (a 5 s limit stopped a
    catastrophic pattern after 17 s), but it checks for signals as it backtracks, so a
    timer signal stops it on time. Signals reach the main thread only: elsewhere (a language
    server's worker thread) the block runs without one and the caller falls back to `timeout`.
    """
    import signal
    import threading
    import time

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield False
        return

    def expired(_signum: int, _frame: Any) -> None:
        raise TimeoutError

    try:
        previous = signal.signal(signal.SIGALRM, expired)
    except ValueError:  # not the main interpreter
        yield False
        return
    started = time.monotonic()
    old_delay, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:  # someone else's timer was running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - started), 0.001))


@dataclass
class _Literal:
    rule: DeclarativeRule
    entry: Entry
    words: frozenset[str]
    first: str = ""  # the lowercased word a match starts with; "" when it may start elsewhere (nonword)
    _pattern: re.Pattern[str] | None = None

    @property
    def ordered(self) -> list[str]:
        """The literal's lowercased words in their order (apostrophes as ')."""
        return WORD_RE.findall(self.entry.text.lower().replace("’", "'"))

    @property
    def pattern(self) -> re.Pattern[str]:
        # compiled on first use: most literals never occur in a given run, and a pack can hold thousands;
        # kept here, so it lives as long as the engine (a Session's selection), not the process
        if self._pattern is None:
            spec = self.rule.spec
            self._pattern = _literal_regex(self.entry.text, spec.ignorecase, spec.nonword)
        return self._pattern


def _folds(doc: Document) -> bool:
    """Whether the prose holds a character IGNORECASE matches to an ASCII letter: once a document
    (the literals, the patterns and the prefilter all ask)."""
    return doc.analysis("engine.folds-to-ascii", lambda d: folds_to_ascii(d.prose))


def _starts_from_a_rarer_word(doc: Document, lit: _Literal, index: dict[str, list[int]],
                              most: int) -> list[int] | None:
    """Where the literal's matches may start, found from its rarest word after the first: the
    start of the word so many words before each place of it (a literal's words are the text's
    words one for one: its gaps hold no word character). None where no word is rarer than `most`
    places or the answer could differ from a scan's: a word with an apostrophe (its token may be
    joined or split otherwise), a text with characters that match ASCII letters only when case
    is ignored. A big file whose common words begin many phrases then costs what the phrases'
    rare words cost, not a scan of the whole text for each phrase."""
    words = lit.ordered
    best: tuple[int, int] | None = None  # (places, position among the words)
    for j in range(1, len(words)):
        w = words[j]
        if "'" in w:
            continue
        n = len(index.get(w, ()))
        if n < most and (best is None or n < best[0]):
            best = (n, j)
    if best is None or best[0] * _MATCH_COST > len(doc.prose) or _folds(doc):
        return None
    j = best[1]
    starts = doc.tokens.starts
    found = []
    for q in index[words[j]]:
        t = bisect_right(starts, q) - 1
        if t >= j and starts[t] == q:  # a token's start (not a part after an apostrophe)
            found.append(starts[t - j])
    return found


def _literal_regex(text: str, ignorecase: bool, nonword: bool) -> re.Pattern[str]:
    parts: list[str] = []
    pos = 0
    for m in WORD_RE.finditer(text):
        gap = text[pos : m.start()]
        parts.append(_gap(gap, first=pos == 0))
        # one pass: replacing ' and then ’ put a class inside a class (wasn['['’]]t never matched)
        parts.append(_APOSTROPHE_RE.sub("['’]", re.escape(m.group())))
        pos = m.end()
    parts.append(_gap(text[pos:], first=False))
    body = "".join(parts)
    if not nonword:
        if text[:1].isalnum():  # then body starts with that character, unescaped
            body = body[0] + _BEFORE_AFTER_FIRST + body[1:]
        if text[-1:].isalnum():
            body = body + _AFTER
    return re.compile(body, re.IGNORECASE if ignorecase else 0)


def _gap(gap: str, first: bool) -> str:
    if not gap:
        return ""
    if gap.isspace():
        return r"\s+"
    out = []
    for ch in gap:
        out.append(r"\s+" if ch.isspace() else re.escape(ch))
    return re.sub(r"(?:\\s\+)+", r"\\s+", "".join(out))


def _lowered(texts: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if texts is None else tuple(dict.fromkeys(t.lower() for t in texts))


# the regex module's flags, named here so that building an engine does not import it (its
# values are re's; tests/test_engine_prefilter.py checks them against the module)
_IGNORECASE = re.IGNORECASE.value
_V0 = 0x2000


class Engine:
    def __init__(self, rules: Sequence[DeclarativeRule]) -> None:
        self.rules = tuple(rules)
        self._by_word: dict[str, list[_Literal]] = {}
        self._patterns: list[tuple[DeclarativeRule, Entry, Any]] = []
        self._compiled: dict[int, Any] = {}  # pattern index -> compiled, on first use
        self._needs: list[tuple[str, ...] | None] = []  # texts one of which each match holds: prefilter.py
        self._needs_plan: Any = None  # (the _needs it was made from, what _need_plan makes of them)
        self._leading: list[tuple[str, ...] | None] = []  # words one of which each match starts with: leading.py
        for rule in self.rules:
            spec = rule.spec
            for entry in spec.entries:
                if entry.is_regex:
                    body = entry.text if spec.nonword else f"{_BEFORE}(?:{entry.text}){_AFTER}"
                    # compiled on first use: where the prefilter rules a pattern out, never (nor
                    # is the regex module imported: ~7 ms of a cold start)
                    self._patterns.append((rule, entry, (body, (_IGNORECASE if spec.ignorecase else 0) | _V0)))
                    needed = requirement(entry.text)
                    self._needs.append(_lowered(needed) if spec.ignorecase else needed)
                    self._leading.append(None if spec.nonword else leading_words(entry.text))
                    continue
                # apostrophes as ' on both sides, so "wasn't" in a rule finds "wasn’t" in a story
                words = frozenset(WORD_RE.findall(entry.text.lower().replace("’", "'")))
                if not words:
                    continue
                head = WORD_RE.match(entry.text)
                first = head.group().lower().replace("’", "'") if head and not spec.nonword else ""
                lit = _Literal(rule, entry, words, first)
                key = max(words, key=len)  # the longest word is the most selective
                self._by_word.setdefault(key, []).append(lit)
        self._keys = frozenset(self._by_word)
        # every text a pattern needs, looked for in one pass a document (multimatch): those of the
        # patterns that ignore case in the lowercased prose, the others in the prose itself. By the
        # automaton even in an article: with the products of neighbouring pieces ('would of',
        # 'could of', ...) there are some 170 texts, and one `in` each cost more than its pass
        from ..multimatch import Needles

        ignoring = [rule.spec.ignorecase for rule, _entry, _key in self._patterns]
        self._needles_lower = Needles((t for n, i in zip(self._needs, ignoring) if n and i for t in n), automaton_from=0)
        self._needles_exact = Needles((t for n, i in zip(self._needs, ignoring) if n and not i for t in n), automaton_from=0)

    def run(self, doc: Document) -> Iterator[tuple[DeclarativeRule, Hit]]:
        words = doc.word_set
        if "’" in doc.prose:
            words = words | {w.replace("’", "'") for w in words if "’" in w}
        index = doc.word_index if doc.indexed else None
        for key in words & self._keys:
            for lit in self._by_word[key]:
                if lit.words <= words:
                    for m in self._literal_matches(doc, lit, index):
                        hit = self._hit(doc, lit.rule, lit.entry, m)
                        if hit is not None:
                            yield lit.rule, hit
        if self._patterns:
            yield from self._run_patterns(doc)

    @staticmethod
    def _literal_matches(doc: Document, lit: _Literal, index: dict[str, list[int]] | None) -> Iterator[Any]:
        """The literal's matches: a scan of the prose, or, in a long text where its first word is
        rare, a match tried only where that word stands (the word index). Both cost time in
        proportion to the text; a scan per literal is what made long texts slow."""
        prose = doc.prose
        first = lit.first
        if index is None or not first:
            yield from lit.pattern.finditer(prose)
            return
        starts = index.get(first, [])
        if "'" in first:  # "wasn't" in a rule finds "wasn’t" in a story
            starts = sorted(starts + index.get(first.replace("'", "’"), []))
        if len(starts) * _MATCH_COST > len(prose):  # a common first word: start from a rarer one
            starts = _starts_from_a_rarer_word(doc, lit, index, len(starts))
            if starts is None:  # none rarer, or not sure: one C-speed scan is cheaper
                yield from lit.pattern.finditer(prose)
                return
        pattern, end = lit.pattern, 0
        for i in starts:
            if i < end:  # inside the previous match: a scan would not report overlaps either
                continue
            m = pattern.match(prose, i)
            if m is not None and m.end() > m.start():
                end = m.end()
                yield m

    def _run_patterns(self, doc: Document) -> Iterator[tuple[DeclarativeRule, Hit]]:
        import time

        prose = doc.prose
        todo = self._may_match(doc)
        if not todo:  # most articles: no pattern can match, and no timer is set
            return
        limit = regex_timeout(len(prose))
        deadline = time.monotonic() + limit
        found: list[tuple[DeclarativeRule, Hit]] = []  # yielded once the clock is stopped
        try:
            with _alarm(limit) as exact:
                # Each pattern scans on its own. One alternation of all patterns was ~40 times
                # slower: with lookbehinds first, the regex module tries every branch at every
                # character. Not overlapped: a rule reports 'aaa' once, not also 'aa' and 'a'
                # inside it (rules may still overlap one another).
                for i in todo:
                    rule, entry, key = self._patterns[i]
                    compiled = self._compiled.get(i)
                    if compiled is None:
                        compiled = self._compiled[i] = self._regex.compile(*key)
                    # one deadline for the document, not a fresh allowance for every pattern
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    for own in self._pattern_matches(doc, i, compiled, exact, deadline, left):
                        if own.end() == own.start():
                            continue
                        hit = self._hit(doc, rule, entry, own)
                        if hit is not None:
                            found.append((rule, hit))
        except TimeoutError:
            raise PatternTimeout(
                f"pattern rules took over {limit:g}s and were stopped; check the patterns of "
                + ", ".join(sorted({r.meta.id for r, _e, _c in self._patterns}))
            ) from None
        yield from found

    def _pattern_matches(self, doc: Document, i: int, compiled: Any, exact: bool, deadline: float,
                         left: float) -> Iterator[Any]:
        """The pattern's matches: a scan, or, in a long text where the words its matches start
        with are rare, a match tried only where they stand (`_pattern_starts`)."""
        import time

        starts = self._pattern_starts(doc, i)
        if starts is None:
            yield from compiled.finditer(doc.prose, timeout=None if exact else left)
            return
        prose, end = doc.prose, 0
        for start in starts:
            if start < end:  # inside the previous match: a scan would not report overlaps either
                continue
            left = deadline - time.monotonic()
            if left <= 0 and not exact:
                raise TimeoutError
            m = compiled.match(prose, start, timeout=None if exact else left)
            if m is not None and m.end() > m.start():
                end = m.end()
                yield m

    def _pattern_starts(self, doc: Document, i: int) -> list[int] | None:
        """Where pattern `i`'s matches may start in a long text: the places of the index's words
        that begin with one of its leading words (each match starts at a word start with one);
        None for a short text, a pattern without sure leading words, a text with characters
        that match ASCII letters only when case is ignored, or where the places would cost more
        than a scan. A big file then costs what the words a pattern starts with cost, not a scan
        of the whole text for each pattern whose needed text stands somewhere in it."""
        leading = self._leading[i]
        if leading is None or not doc.indexed:
            return None
        index = doc.word_index
        keys = doc.analysis("engine.sorted-words", lambda d: sorted(index))
        prose = doc.prose
        places: list[int] = []
        for word in leading:
            k = bisect_left(keys, word)
            while k < len(keys) and keys[k].startswith(word):
                places += index[keys[k]]
                if len(places) * _MATCH_COST > len(prose):
                    return None
                k += 1
        if _folds(doc):
            return None
        return sorted(set(places))

    def _may_match(self, doc: Document) -> list[int]:
        """The patterns that may match in this document: those whose needed texts it holds
        (prefilter.may_match, inlined: the texts of all patterns are looked for in one pass, and
        the texts found name their patterns), in the patterns' order."""
        always, by_exact, by_lower, ignoring = self._need_plan()
        todo = set(always)
        for text in self._needles_exact.found(doc.prose):
            todo.update(by_exact.get(text, ()))
        for text in self._needles_lower.found(doc.lower):
            todo.update(by_lower.get(text, ()))
        if not ignoring.issubset(todo) and _folds(doc):
            todo.update(ignoring)  # IGNORECASE matches such a character to an ASCII letter
        return sorted(todo)

    def _need_plan(self) -> tuple[tuple[int, ...], dict[str, list[int]], dict[str, list[int]], frozenset[int]]:
        """(the patterns that need no text, the patterns each exact text and each lowercased text
        lets through, the patterns that ignore case and need a text), from `_needs`."""
        plan = self._needs_plan
        if plan is not None and plan[0] is self._needs:
            return plan[1]
        always: list[int] = []
        by_exact: dict[str, list[int]] = {}
        by_lower: dict[str, list[int]] = {}
        ignoring = []
        for i, ((rule, _entry, _key), needed) in enumerate(zip(self._patterns, self._needs)):
            if needed is None:
                always.append(i)
                continue
            if rule.spec.ignorecase:
                ignoring.append(i)
            for text in needed:
                (by_lower if rule.spec.ignorecase else by_exact).setdefault(text, []).append(i)
        made = (tuple(always), by_exact, by_lower, frozenset(ignoring))
        self._needs_plan = (self._needs, made)
        return made

    @property
    def _regex(self) -> Any:
        import regex

        return regex

    def _hit(self, doc: Document, rule: DeclarativeRule, entry: Entry, m: Any) -> Hit | None:
        spec = rule.spec
        matched = m.group()
        if matched.lower() in spec.exceptions:
            return None
        start, end = m.start(), m.end()
        demote = 0
        if spec.names == "skip" and _reads_as_name(doc.prose, start, end):
            return None
        if spec.quotes != "keep" and doc.in_quote(start, end):
            if spec.quotes == "skip":
                return None
            demote = 1
        # the regex module for a pattern's match (a literal's is re's: no import for it)
        return RULE_KINDS[spec.kind].hit(spec, entry, m, matched, start, end, demote,
                                         self._regex if entry.is_regex else re)


_NAME_WORD_RE = re.compile(r"[^\W\d_]+")


def _reads_as_name(prose: str, start: int, end: int) -> bool:
    """A phrase in Title Case ("Free Reign"), or one whose capitalised end runs into another
    capitalised word ("Free reign Records"), is a name until shown otherwise."""
    words = _NAME_WORD_RE.findall(prose[start:end])
    if not words or not words[0][:1].isupper() or prose[start:end].isupper():
        return False
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return True
    following = _NAME_WORD_RE.match(prose, end + 1) if prose[end:end + 1] == " " else None
    return following is not None and following.group()[:1].isupper()


def compile_engine(rules: tuple[DeclarativeRule, ...]) -> Engine:
    """One engine for these rules; the caller keeps it (the linter: in the selection's plan)."""
    return Engine(rules)
