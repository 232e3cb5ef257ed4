"""The spelling dictionary: SCOWL words with their counts, loaded in about a millisecond.

`scripts/build_lexicon.py` compiles it into `rules/spelling/data/` (see the README there).
With marisa-trie installed (the `fast` extra) the words are a memory-mapped trie that opens
in a fraction of a millisecond; without it the sorted word list is split once (about 10 ms)
and searched by bisection. Either way a session classifies each word once
(`spelling.WordClasses`).
"""

from __future__ import annotations

import os
from bisect import bisect_left
from typing import Any, Callable, Container, Iterable, Iterator

_BASE = 1.001  # counts are stored as round(log(count) / log(_BASE)) + 1 in 16 bits
_RECORD = 4  # bytes a word: count bucket (2, big-endian), SCOWL size // 5, side bits
# side bits: which SCOWL spellings list the word
ENGLISH, AMERICAN, BRITISH, BRITISH_Z, CANADIAN, AUSTRALIAN, US_VARIANT, GB_VARIANT = 1, 2, 4, 8, 16, 32, 64, 128


def _decode(bucket: int) -> int:
    return 0 if bucket == 0 else int(round(_BASE ** (bucket - 1)))


class Lexicon:
    """Lowercase word -> count (0 for a dictionary word with no count) and SCOWL size.

    `words` answers `in` in C where the trie is installed; `prefix` and `suffix` say whether
    some word begins or ends with a string (the suggestion search uses them to skip edits
    that cannot lead to a word; without a reversed trie every ending may). A Lexicon is
    owned by a session (`spelling.Speller`): the counts it decodes are remembered, up to
    `limit` words.
    """

    def __init__(self, find: Callable[[str], int | None], records: bytes, keys: Callable[[], Iterator[str]],
                 words: Container[str], prefix: Callable[[str], bool],
                 suffix: Callable[[str], bool] | None = None, limit: int = 1 << 16) -> None:
        self._find = find  # word -> position in `records`, or None
        self._records = records
        self._keys = keys
        self.words = words
        self.prefix = prefix
        self.suffix: Callable[[str], bool] = suffix or (lambda s: True)
        self._counts: dict[str, int] = {}
        self._limit = limit

    @classmethod
    def load(cls, folder: str) -> "Lexicon":
        try:
            import marisa_trie
        except ImportError:
            marisa_trie = None
        trie_path = os.path.join(folder, "lexicon.marisa")
        if marisa_trie is not None and os.path.isfile(trie_path):
            trie = marisa_trie.Trie()
            trie.mmap(trie_path)
            with open(os.path.join(folder, "lexicon-marisa.bin"), "rb") as fh:
                records = fh.read()
            starting = trie.iterkeys
            return cls(trie.get, records, trie.iterkeys, trie, lambda s: next(starting(s), None) is not None,
                       _ending(marisa_trie, os.path.join(folder, "lexicon-reversed.marisa")))
        with open(os.path.join(folder, "lexicon.txt"), encoding="utf-8") as fh:
            words = fh.read().split("\n")
        if words and not words[-1]:
            words.pop()
        with open(os.path.join(folder, "lexicon.bin"), "rb") as fh:
            records = fh.read()
        n = len(words)

        def find(w: str) -> int | None:
            i = bisect_left(words, w)
            return i if i < n and words[i] == w else None

        def prefix(s: str) -> bool:
            i = bisect_left(words, s)
            return i < n and words[i].startswith(s)

        return cls(find, records, lambda: iter(words), _Contains(find), prefix)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self.words

    def _count(self, i: int) -> int:
        r = self._records
        return _decode(r[_RECORD * i] << 8 | r[_RECORD * i + 1])

    def get(self, word: str, default: int = 0) -> int:
        count = self._counts.get(word)
        if count is None:
            i = self._find(word)
            if i is None:
                return default
            if len(self._counts) >= self._limit:
                self._counts.clear()
            count = self._counts[word] = self._count(i)
        return count

    def __getitem__(self, word: str) -> int:
        count = self.get(word, -1)
        if count < 0:
            raise KeyError(word)
        return count

    def size(self, word: str) -> int:
        """The SCOWL size (10 commonest ... 80 large) at which the word enters, 0 if absent."""
        i = self._find(word)
        return 0 if i is None else self._records[_RECORD * i + 2] * 5

    def sides(self, word: str) -> int:
        """The spellings that list the word, as bits (ENGLISH, AMERICAN, ...); 0 if absent."""
        i = self._find(word)
        return 0 if i is None else self._records[_RECORD * i + 3]

    def __iter__(self) -> Iterator[str]:
        return self._keys()

    def known(self, words: Iterable[str]) -> set[str]:
        """The words of `words` that the dictionary holds (a lookup each, for small sets)."""
        held = self.words
        return {w for w in words if w in held}


def _ending(marisa_trie: Any, path: str) -> Callable[[str], bool] | None:
    """Whether some word ends with a string, from the trie of the words written backwards
    (`lexicon-reversed.marisa`); None without that file."""
    if not os.path.isfile(path):
        return None
    backwards = marisa_trie.Trie()
    backwards.mmap(path)
    starting = backwards.iterkeys
    return lambda s: next(starting(s[::-1]), None) is not None


class _Contains:
    """`in` for the sorted word list's bisection (the path without marisa-trie)."""

    def __init__(self, find: Callable[[str], int | None]) -> None:
        self._find = find

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) is not None


class WordList:
    """A sorted list of words (one a line) for membership tests: a memory-mapped trie where
    marisa-trie is installed and `<name>.marisa` exists, else the list split once and bisected."""

    def __init__(self, contains: Callable[[str], bool]) -> None:
        self._contains = contains

    @classmethod
    def load(cls, folder: str, name: str) -> "WordList":
        try:
            import marisa_trie
        except ImportError:
            marisa_trie = None
        trie_path = os.path.join(folder, f"{name}.marisa")
        if marisa_trie is not None and os.path.isfile(trie_path):
            trie = marisa_trie.Trie()
            trie.mmap(trie_path)
            return cls(trie.__contains__)
        with open(os.path.join(folder, f"{name}.txt"), encoding="utf-8") as fh:
            words = [w for w in fh.read().split("\n") if w]
        n = len(words)

        def contains(w: str) -> bool:
            i = bisect_left(words, w)
            return i < n and words[i] == w

        return cls(contains)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._contains(word)
