"""The spelling dictionary: SCOWL words with their counts, loaded in about a millisecond.

`scripts/build_lexicon.py` compiles it into `rules/spelling/data/` (see the README there).
With marisa-trie installed (the `fast` extra) the words are a memory-mapped trie that opens
in a fraction of a millisecond; without it the sorted word list is split once (about 10 ms)
and searched by bisection. Either way a set of words is classified once per process: an
archive's articles share most of their words, so after the first few hundred documents a
set difference in C leaves a handful of new words to look up.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from typing import Callable, Iterable, Iterator

_BASE = 1.001  # counts are stored as round(log(count) / log(_BASE)) + 1 in 16 bits
_RECORD = 4  # bytes a word: count bucket (2, big-endian), SCOWL size // 5, side bits
# side bits: which SCOWL spellings list the word
ENGLISH, AMERICAN, BRITISH, BRITISH_Z, CANADIAN, AUSTRALIAN, US_VARIANT, GB_VARIANT = 1, 2, 4, 8, 16, 32, 64, 128


def _decode(bucket: int) -> int:
    return 0 if bucket == 0 else int(round(_BASE ** (bucket - 1)))


class Lexicon:
    """Lowercase word -> count (0 for a dictionary word with no count) and SCOWL size."""

    def __init__(self, index: Callable[[str], int], records: bytes, keys: Callable[[], Iterator[str]]) -> None:
        self._index = index  # word -> position in `records`, or -1
        self._records = records
        self._keys = keys
        self._seen: set[str] = set()
        self._unknown: set[str] = set()

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
            get = trie.get
            return cls(lambda w: get(w, -1), records, trie.iterkeys)
        with open(os.path.join(folder, "lexicon.txt"), encoding="utf-8") as fh:
            words = fh.read().split("\n")
        if words and not words[-1]:
            words.pop()
        with open(os.path.join(folder, "lexicon.bin"), "rb") as fh:
            records = fh.read()
        n = len(words)

        def index(w: str) -> int:
            i = bisect_left(words, w)
            return i if i < n and words[i] == w else -1

        return cls(index, records, lambda: iter(words))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._index(word) >= 0

    def _count(self, i: int) -> int:
        r = self._records
        return _decode(r[_RECORD * i] << 8 | r[_RECORD * i + 1])

    def get(self, word: str, default: int = 0) -> int:
        i = self._index(word)
        return default if i < 0 else self._count(i)

    def __getitem__(self, word: str) -> int:
        i = self._index(word)
        if i < 0:
            raise KeyError(word)
        return self._count(i)

    def size(self, word: str) -> int:
        """The SCOWL size (10 commonest ... 80 large) at which the word enters, 0 if absent."""
        i = self._index(word)
        return 0 if i < 0 else self._records[_RECORD * i + 2] * 5

    def sides(self, word: str) -> int:
        """The spellings that list the word, as bits (ENGLISH, AMERICAN, ...); 0 if absent."""
        i = self._index(word)
        return 0 if i < 0 else self._records[_RECORD * i + 3]

    def __iter__(self) -> Iterator[str]:
        return self._keys()

    def known(self, words: Iterable[str]) -> set[str]:
        """The words of `words` that the dictionary holds (a lookup each, for small sets)."""
        index = self._index
        return {w for w in words if index(w) >= 0}

    def unknown(self, words: frozenset[str], limit: int = 1 << 18) -> frozenset[str]:
        """The words of a document's word set not in the dictionary, each looked up once per process."""
        new = words - self._seen
        if new:
            if len(self._seen) + len(new) > limit:
                self._seen.clear()
                self._unknown.clear()
            self._seen |= new
            index = self._index
            self._unknown.update(w for w in new if index(w) < 0)
        return words & self._unknown


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
