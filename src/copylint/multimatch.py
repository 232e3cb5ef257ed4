"""Which of many strings occur in a text: one pass over the text, however many strings.

Rules often ask the same question of a document for many strings at once: which of the
unknown words a story also writes capitalised, which of the texts the pattern rules need
(prefilter.py) it holds. One `in` per string scans the text once each, and in a long text
that makes a rule's cost grow with the text times the number of strings (a 5 MB file spent
23 s on it). `Needles` answers for all of them in one scan, with an Aho-Corasick automaton:

- pyahocorasick (C, wheels for Linux, macOS and Windows) where it is installed: some
  250 MB/s here, on `str` directly, so offsets need no UTF-8 mapping;
- otherwise one `in` per string (pure Python, the same answers, slower on long texts).

hyperscan (faster still, 2.8 MB, bytes only, so every offset needs mapping back to code
points) and google-re2's `Set` (no lookarounds, which most of copylint's patterns use) were
the other candidates; exact strings are all these callers need.

Nothing is imported or built until a text is long enough to need it.
"""

from __future__ import annotations

from typing import Any, Iterable

# Below this many characters times strings, one `in` per string is cheaper than building
# and running an automaton (about 1 µs a string to add, 4 ms per MB to scan).
_AUTOMATON_FROM = 400_000


def _backend() -> Any:
    try:
        import ahocorasick
    except ImportError:  # no wheel for this platform: the pure-Python path below
        return None
    return ahocorasick


class Needles:
    """A fixed set of strings to look for, compiled once on first use on a long text.

    Keep one for strings that do not change (a rule catalogue's prefilter texts); for a
    document's own strings, `present` builds one and throws it away.
    """

    def __init__(self, strings: Iterable[str]) -> None:
        self.strings = frozenset(s for s in strings if s)
        self._automaton: Any = None

    def found(self, text: str) -> set[str]:
        """The strings that occur in `text` (anywhere, overlaps included)."""
        if not self.strings:
            return set()
        if len(text) * len(self.strings) < _AUTOMATON_FROM or len(self.strings) < 3:
            return {s for s in self.strings if s in text}
        automaton = self._compiled()
        if automaton is None:
            return {s for s in self.strings if s in text}
        return {value for _end, value in automaton.iter(text)}

    def _compiled(self) -> Any:
        if self._automaton is None:
            backend = _backend()
            if backend is None:
                self._automaton = False
                return None
            automaton = backend.Automaton()
            for s in self.strings:
                automaton.add_word(s, s)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton or None


def present(text: str, strings: Iterable[str]) -> set[str]:
    """Which of `strings` occur in `text`: one pass over a long text, not one per string."""
    return Needles(strings).found(text)
