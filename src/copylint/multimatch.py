"""Which of many strings occur in a text: one pass over the text, however many strings.

Rules often ask the same question of a document for many strings at once: which of the
unknown words a story also writes capitalised, which of the texts the pattern rules need
(prefilter.py) it holds. One `in` per string scans the text once each, and in a long text
that makes a rule's cost grow with the text times the number of strings (a 5 MB file spent
23 s on it). `Needles` answers for all of them in one scan, with an Aho-Corasick automaton:

- ahocorasick-rs (Rust's aho-corasick crate, abi3 wheels for Linux, macOS and Windows) where it
  is installed, as a DFA: the engine's 154 lowercased texts over BBC's 5 MB in 9.6 ms, its
  19 exact ones in 8.3 ms, the boilerplate lines' 424 in 14 ms (pyahocorasick: 72, 26 and 45 ms);
  only which strings occur is asked, so its offsets (UTF-8 or not) are never needed;
- else pyahocorasick (C, wheels for Linux, macOS and Windows), on `str` directly, some 14 ns a
  character;
- otherwise one `in` per string (pure Python, the same answers, slower on long texts).

hyperscan (faster still, 2.8 MB, bytes only, so every offset needs mapping back to code
points) and google-re2's `Set` (no lookarounds, which most of copylint's patterns use) were
the other candidates; exact strings are all these callers need.

Nothing is imported or built until a text is long enough to need it.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

# Below this many characters times strings, one `in` per string is cheaper than building
# and running an automaton (about 1 µs a string to add, 4 ms per MB to scan).
_AUTOMATON_FROM = 400_000


def _backend() -> Any:
    """The automaton builder: `strings -> (text -> the strings found)`, or None."""
    try:
        import ahocorasick_rs
    except ImportError:
        pass
    else:
        return _rust_automaton
    try:
        import ahocorasick
    except ImportError:  # no wheel for this platform: the pure-Python path below
        return None
    return _c_automaton


def _rust_automaton(strings: Iterable[str]) -> Any:
    import ahocorasick_rs

    # a DFA (the default picks an NFA for sets this size, 4 times slower to run); overlapping
    # matches of the standard kind are every occurrence of every string, as `in` finds them
    automaton = ahocorasick_rs.AhoCorasick(sorted(strings), implementation=ahocorasick_rs.Implementation.DFA,
                                           store_patterns=True)
    matches = automaton.find_matches_as_strings
    return lambda text: set(matches(text, overlapping=True))


def _c_automaton(strings: Iterable[str]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for s in strings:
        automaton.add_word(s, s)
    automaton.make_automaton()
    return lambda text: {value for _end, value in automaton.iter(text)}


class Needles:
    """A fixed set of strings to look for, compiled once on first use on a long text.

    Keep one for strings that do not change (a rule catalogue's prefilter texts); for a
    document's own strings, `present` builds one and throws it away.
    """

    def __init__(self, strings: Iterable[str], automaton_from: int = _AUTOMATON_FROM) -> None:
        self.strings = frozenset(s for s in strings if s)
        self._automaton: Any = None
        # characters times strings from which the automaton answers (0: always, for a matcher
        # asked about many short texts, whose automaton is built once)
        self._automaton_from = automaton_from

    def found(self, text: str) -> set[str]:
        """The strings that occur in `text` (anywhere, overlaps included)."""
        if not self.strings:
            return set()
        if len(text) * len(self.strings) < self._automaton_from or len(self.strings) < 3:
            return {s for s in self.strings if s in text}
        automaton = self._compiled()
        if automaton is None:
            return {s for s in self.strings if s in text}
        return automaton(text)

    def __getstate__(self) -> dict[str, Any]:
        # the compiled automaton (a Rust object, or a closure over one) does not pickle: a copy
        # in another process compiles its own on first use, as this one did
        return {**self.__dict__, "_automaton": None}

    def _compiled(self) -> Any:
        if self._automaton is None:
            backend = _backend()
            self._automaton = False if backend is None else backend(self.strings)
        return self._automaton or None


def present(text: str, strings: Iterable[str]) -> set[str]:
    """Which of `strings` occur in `text`: one pass over a long text, not one per string."""
    return Needles(strings).found(text)


# Characters outside ASCII that `re.IGNORECASE` matches to an ASCII character ('K', the kelvin
# sign, to 'k'; 'ſ' to 's'; 'İ' and 'ı' to 'i'); tests/test_multimatch.py finds them by trying
# every code point. A text with none of them holds a pattern's ASCII literal, in any case, only
# where its `str.lower()` holds the literal in lower case.
# The `regex` module's IGNORECASE folds the same four (tests/test_engine_prefilter.py checks it).
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def folds_to_ascii(text: str) -> bool:
    """Whether the text holds a character that IGNORECASE matches to an ASCII one."""
    for ch in FOLDS_TO_ASCII:  # four C-speed searches
        if ch in text:
            return True
    return False


class FirstFullmatch:
    """Which of several alternations fullmatches a text first, as a regex of them all,
    `(?P<r0>A)|(?P<r1>B)|...`, tells by `lastgroup`, with far fewer attempts.

    That regex tries every branch of every alternation on every text, and a text that matches
    none (most lines of copy, against the boilerplate pack's 234 line patterns) pays for all of
    them: about 18 µs a line. Here each branch carries the texts one of which any of its matches
    holds (`needed_texts`: 'comment' for 'add (?:a |your )?comment[.!]?'), one Aho-Corasick pass
    (`Needles`) says which of those texts a line holds, and only the branches they name, and the
    few that need no text, are tried, in their alternation's order, branches of one alternation
    needing the same texts as one regex. The answer is the same: an alternation fullmatches a
    text when one of its branches does, whatever the others do.

    A text with a character that case folding maps into ASCII (`FOLDS_TO_ASCII`), or patterns with
    back-references (which count the groups of the whole regex), go to the whole regex.
    """

    def __init__(self, patterns: Iterable[str], flags: int = 0) -> None:
        self.patterns = tuple(patterns)
        self.flags = flags
        self._plan: Any = None
        self._whole_re: Any = None

    def first(self, text: str) -> int | None:
        """The index of the first pattern that fullmatches `text`, or None."""
        plan = self._plan if self._plan is not None else self._planned()
        if plan is False or (not text.isascii() and folds_to_ascii(text)):
            m = self.whole().fullmatch(text)
            return None if m is None else int(m.lastgroup[1:])  # type: ignore[index]
        groups, always, by_text, needles, chars = plan
        tried = set(always)
        low = text.lower()
        for found in needles.found(low):
            tried.update(by_text[found])
        for ch in chars:  # a character is found by `in` at C speed: the automaton would report each
            if ch in low:
                tried.update(by_text[ch])
        length = len(text)
        for g in sorted(tried):
            index, source, shortest, longest, compiled = groups[g]
            if length < shortest or length > longest:  # no match of these branches is this long
                continue
            if compiled is None:
                compiled = _compile(source, self.flags)
                groups[g] = (index, source, shortest, longest, compiled)
            if compiled.fullmatch(text) is not None:
                return index
        return None

    def whole(self) -> Any:
        """The regex of all the patterns, `(?P<r0>A)|(?P<r1>B)|...`, compiled on first use."""
        whole = self._whole_re
        if whole is None:
            whole = self._whole_re = _compile(
                "|".join(f"(?P<r{i}>{p})" for i, p in enumerate(self.patterns) if p), self.flags)
        return whole

    def _planned(self) -> Any:
        plan = _prepared_plan(self.patterns, self.flags)
        if plan is None:
            self._plan = False
            return False
        groups: list[list[Any]] = []
        always: list[int] = []
        by_text: dict[str, list[int]] = {}
        for index, sources, texts, shortest, longest in plan:
            g = len(groups)
            groups.append([index, "|".join(f"(?:{s})" for s in sources), shortest, longest, None])
            if texts is None:
                always.append(g)
            for t in texts or ():
                by_text.setdefault(t, []).append(g)
        chars = tuple(t for t in by_text if len(t) == 1)
        self._plan = ([tuple(g) for g in groups], tuple(always), by_text,
                      Needles((t for t in by_text if len(t) > 1), automaton_from=0), chars)
        return self._plan


def _compile(pattern: str, flags: int) -> Any:
    from . import fastre

    return fastre.compile(pattern, flags)


def _prepared_plan(patterns: tuple[str, ...], flags: int) -> Any:
    """`_plan(patterns, flags)`, kept between runs (prepared.py): parsing 234 patterns to find
    their texts and lengths costs some 15 ms, at every start."""
    from . import prepared

    return prepared.load("first-fullmatch", [], lambda: (_plan(patterns, flags), True), extra=(patterns, flags))


Plan = tuple[tuple[int, tuple[str, ...], "frozenset[str] | None", int, int], ...]


def _plan(patterns: tuple[str, ...], flags: int) -> Plan | None:
    """(pattern index, branch sources, texts one of which each match holds or None, shortest and
    longest match) for each alternation's branches that need the same texts, in order; None where
    back-references make the branches depend on the groups of the whole."""
    import sys
    from re import _parser  # type: ignore[attr-defined]

    out = []
    for index, pattern in enumerate(patterns):
        if not pattern:
            continue
        # texts -> [sources, shortest, longest]
        groups: dict[frozenset[str] | None, list[Any]] = {}
        for branch in top_branches(pattern):
            try:
                tree = _parser.parse(branch, flags)
            except Exception:  # noqa: BLE001 - a piece the splitter got wrong: the pattern whole
                groups = {None: [[pattern], *_parser.parse(pattern, flags).getwidth()]}
                break
            if _has_reference(tree):
                return None
            shortest, longest = tree.getwidth()
            group = groups.setdefault(needed_texts(tree), [[], shortest, longest])
            group[0].append(branch)
            group[1], group[2] = min(group[1], shortest), max(group[2], longest)
        out.extend((index, tuple(sources), texts, shortest, min(longest, sys.maxsize))
                   for texts, (sources, shortest, longest) in groups.items())
    return tuple(out)


def top_branches(pattern: str) -> list[str]:
    """The branches of a pattern's top-level alternation, from its source, groups that wrap the
    whole pattern ('(?:a|b)') opened: ['a', 'b']; [pattern] when it has none."""
    while True:
        pieces = _split_top(pattern)
        if len(pieces) > 1:
            return [b for piece in pieces for b in top_branches(piece)]
        inner = _unwrapped(pattern)
        if inner is None:
            return [pattern]
        pattern = inner


def _skip_class(pattern: str, i: int) -> int:
    """The index just after the character class opening at pattern[i] ('['); past the end
    (over len(pattern)) when the class is never closed."""
    n = len(pattern)
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":
        j += 1
    while j < n and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def structure_marks(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each '(', ')' and '|' of a regular expression outside escapes and character classes:
    (index, mark, group depth after it). A class left open yields (its index, '[', depth) and
    ends the walk."""
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            end = _skip_class(pattern, i)
            if end > n:
                yield i, "[", depth
                return
            i = end
            continue
        if c == "(":
            depth += 1
            yield i, c, depth
        elif c == ")":
            depth -= 1
            yield i, c, depth
        elif c == "|":
            yield i, c, depth
        i += 1


def _split_top(pattern: str) -> list[str]:
    pieces, start = [], 0
    for i, mark, depth in structure_marks(pattern):
        if mark == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
    pieces.append(pattern[start:])
    return pieces


def _unwrapped(pattern: str) -> str | None:
    """X for a pattern '(?:X)' whose group spans it whole, else None."""
    if not (pattern.startswith("(?:") and pattern.endswith(")")):
        return None
    for i, mark, depth in structure_marks(pattern):
        if mark == ")" and depth == 0:
            return pattern[3:-1] if i == len(pattern) - 1 else None
    return None


def _has_reference(tree: Any) -> bool:
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in tree.data if hasattr(tree, "data") else tree:
        if op in (c.GROUPREF, c.GROUPREF_EXISTS, c.GROUPREF_IGNORE, c.GROUPREF_LOC_IGNORE, c.GROUPREF_UNI_IGNORE):
            return True
        for sub in _children(op, av):
            if _has_reference(sub):
                return True
    return False


def _children(op: Any, av: Any) -> list[Any]:
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.SUBPATTERN:
        return [av[3]]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return [av[2]]
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    if op is c.ATOMIC_GROUP:
        return [av]
    if op is c.BRANCH:
        return list(av[1])
    return []


def needed_texts(tree: Any) -> frozenset[str] | None:
    """Lower-case texts one of which every match of a parsed pattern (`re._parser.parse`) holds,
    in any case, or None where none is known; the longest such choice of the pattern's runs of
    ASCII literals ('add (?:a |your )?comment' needs 'add ' and 'comment': {'comment'})."""
    needs = _needs(tree)
    return max(needs, key=_selectivity) if needs else None


# characters most lines hold: a branch that needs one of them is tried on nearly every line
_COMMON_CHARS = frozenset(" .,-'etaoinsrhldcumfwypgb")


def _selectivity(texts: frozenset[str]) -> tuple[int, int, int]:
    """The rarer in copy the better: longer texts, then fewer common characters, then fewer texts."""
    return min(len(t) for t in texts), -sum(1 for t in texts if t in _COMMON_CHARS), -len(texts)


def _needs(tree: Any) -> list[frozenset[str]]:
    """Every set of texts one of which a match of this sequence holds."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in tree.data if hasattr(tree, "data") else tree:
        if op is c.LITERAL and av < 128:
            run.append(chr(av).lower())  # under (?-i:) too: the text holds it then in this case
            continue
        if run:
            out.append(frozenset(("".join(run),)))
            run = []
        if op is c.SUBPATTERN:
            out.extend(_needs(av[3]))
        elif op is c.ATOMIC_GROUP:
            out.extend(_needs(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_needs(av[2]))
        elif op is c.ASSERT and av[0] == 1:  # a look-ahead: within the text that is fullmatched
            out.extend(_needs(av[1]))
        elif op is c.BRANCH:
            each = [needed_texts(alt) for alt in av[1]]
            if all(e is not None for e in each):
                out.append(frozenset().union(*each))  # type: ignore[arg-type]
        elif op is c.IN and av and all(o is c.LITERAL and a < 128 for o, a in av) and len(av) <= 3:
            out.append(frozenset(chr(a).lower() for _o, a in av))  # '[.!]': one of its characters
    if run:
        out.append(frozenset(("".join(run),)))
    return out
