"""Text that every match of a pattern entry must contain: skip the scan where it is absent.

Scanning one pattern over an article costs the regex module microseconds per hundred
characters, several times more with IGNORECASE, and most patterns match in few articles. Most
entries hold, outside any optional part, a plain run of characters (" lead to", "TK"), a group
of plain alternatives ("(slammed|blasted)") or a class of plain characters ("[\\[<{]"); an
article without any of them cannot match, and `in` says so far faster than a scan.

The analysis is deliberately conservative: whatever it does not fully understand (a top-level
`|`, inline flags, escapes with arguments, POSIX classes) gives no requirement, and then the
pattern always runs.
"""

from __future__ import annotations

import string

# FOLDS_TO_ASCII: the non-ASCII characters that the regex module's IGNORECASE matches to an ASCII
# one (İ~i, ı~I, ſ~s, K~k; tests/test_engine_prefilter.py checks them against every code point),
# the same four `re` folds. Where one is in the text, lowercasing cannot stand in for
# case-insensitive matching.
from ..multimatch import FOLDS_TO_ASCII, folds_to_ascii  # noqa: F401 - FOLDS_TO_ASCII: the tests read it here

# Characters taken literally: ASCII letters, digits and marks that have no case.
_LITERAL = frozenset(string.ascii_letters + string.digits + " '\"-:,;!%&/#@=<>~`")
# Marks that stand for themselves when escaped (\[, \(, \.).
_ESCAPABLE = frozenset(string.punctuation) - set("_<>")
_QUANTIFIERS = frozenset("*+?{")
# Escapes followed by an argument (\x41, \u00e9, \N{...}, \p{L}, \pL, \g<1>, \L<list>, \12):
# the characters after them are not literals.
_ESCAPES_WITH_ARGUMENT = frozenset("xuUNpPgLk0123456789")
# After "(?": groups whose content is a sub-pattern; anything else (flags, comments,
# conditionals) ends the analysis.
_GROUP_KINDS = frozenset(":=!<>|P")


class _Unsure(Exception):
    pass


def requirement(pattern: str) -> tuple[str, ...] | None:
    """Texts one of which every match of `pattern` contains, or None when unsure or unhelpful."""
    try:
        scanner = _Scanner(pattern)
        options = scanner.options() + scanner.joined
    except _Unsure:
        return None
    return _best([alts for alts in options if alts and _selective(alts)])


def _best(useful: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most selective: the longest shortest alternative (a mark such as "[" is rare in
    prose: counted as long), then the fewest alternatives."""
    if not useful:
        return None
    return max(useful, key=lambda alts: (min(map(_weight, alts)), -len(alts)))


def _weight(text: str) -> int:
    if len(text) == 1 and text in _RARE_MARKS:
        return 5
    return len(text)


_RARE_MARKS = frozenset("[]{}<>#@&%*/~=`|^$+\\")


def _selective(alts: tuple[str, ...]) -> bool:
    # two characters or more, or marks that are rare in prose ("[", "{"), not letters or commas
    return all(len(a) >= 2 or a in _RARE_MARKS for a in alts)


_PRODUCT_LIMIT = 64  # alternatives of a product of neighbours ('(would|could) of': 'would of', 'could of')


class _Scanner:
    """Walks a regex once, collecting what stands at depth 0 outside any optional part.

    Each piece found (a run of plain characters, a group of plain alternatives, a class of plain
    characters, the body of a group repeated at least once) is a requirement; pieces that stand
    next to each other also make their product one ('(poured|pours) over' needs 'poured over' or
    'pours over'), which is far rarer in copy than either piece.
    """

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.found: list[tuple[str, ...]] = []
        self.joined: list[tuple[str, ...]] = []  # products of neighbouring pieces
        self.run: list[str] = []
        self.chain: tuple[str, ...] | None = None  # the product of the pieces just before this point
        self.inner = False  # the group just read gave what its body needs, not its alternatives

    def options(self) -> list[tuple[str, ...]]:
        p, n = self.p, len(self.p)
        while self.i < n:
            c = p[self.i]
            if c == "\\":
                ch = self._escape()
                if ch is None:
                    self._end_run()
                    self._break()
                else:
                    self.run.append(ch)
            elif c == "[":
                self._end_run()
                chars = self._class()
                self._piece(chars)
            elif c == "(":
                self._end_run()
                alts = self._group()
                self._piece(alts)
            elif c == ")" or c == "|":
                raise _Unsure  # an unmatched ")" or a top-level alternation
            elif c in _QUANTIFIERS:
                last = self.run.pop() if self.run else None  # the quantifier applies to the last character
                self._end_run()
                least = self._skip_quantifier()
                if last is not None and least >= 1:  # 'X{2,}' needs 'XX', 'a+' needs 'a'
                    self._add((last * min(least, 8),))
                if last is not None and c == "?" and not self._quantified():
                    self._optional(last)  # 'EDS?:' needs 'ED:' or 'EDS:' (not just 'ED', as in 'EDT')
                else:
                    self._break()
            elif c in _LITERAL:
                self.run.append(c)
                self.i += 1
            else:
                self._end_run()
                self._break()
                self.i += 1
        self._end_run()
        return self.found

    def _piece(self, alts: tuple[str, ...] | None) -> None:
        """A class or group just read: a requirement where it is plain; repeated at least once
        ('(?:TK){2,}') it still is, but what follows no longer stands next to it."""
        inner, self.inner = self.inner, False
        if inner:
            self._break()
        if self._quantified():
            least = self._skip_quantifier()
            if alts is not None and least >= 1:
                self._add(alts)
            self._break()
        elif alts is None:
            self._break()
        else:
            self._add(alts)
            if inner:
                self._break()

    def _add(self, alts: tuple[str, ...]) -> None:
        self.found.append(alts)
        if self.chain is not None and len(self.chain) * len(alts) <= _PRODUCT_LIMIT:
            self.chain = tuple(dict.fromkeys(a + b for a in self.chain for b in alts))
            self.joined.append(self.chain)
        else:
            self.chain = alts

    def _optional(self, char: str) -> None:
        """An optional character: what stands before it, with and without it, stands next to
        what follows (no requirement of its own)."""
        if self.chain is not None and len(self.chain) * 2 <= _PRODUCT_LIMIT:
            self.chain = tuple(dict.fromkeys(a + b for a in self.chain for b in ("", char)))
        else:
            self._break()

    def _break(self) -> None:
        self.chain = None

    def _end_run(self) -> None:
        if self.run:
            run = ("".join(self.run),)
            self.run = []
            self._add(run)

    def _quantified(self) -> bool:
        return self.i < len(self.p) and self.p[self.i] in _QUANTIFIERS

    def _skip_quantifier(self) -> int:
        """Move past a quantifier (and its lazy or possessive mark); the fewest repeats it allows."""
        p = self.p
        least = 0
        if p[self.i] == "{":  # {2,5} or a fuzzy constraint {e<=1}
            close = p.find("}", self.i)
            if close < 0:
                raise _Unsure
            body = p[self.i + 1 : close]
            low = body.split(",", 1)[0]
            least = int(low) if low.isdigit() and (body == low or body[len(low):len(low) + 1] == ",") else 0
            self.i = close + 1
        else:
            least = 1 if p[self.i] == "+" else 0
            self.i += 1
        return least

    def _escape(self) -> str | None:
        """At a backslash: the literal it stands for, or None (\\s, \\b, \\d ...); moves past it."""
        p, n = self.p, len(self.p)
        if self.i + 1 >= n:
            raise _Unsure
        ch = p[self.i + 1]
        self.i += 2
        if ch in _ESCAPES_WITH_ARGUMENT:
            while self.i < n and (p[self.i].isalnum() or p[self.i] in "{}<>_,=-"):
                self.i += 1
            return None
        return ch if ch in _ESCAPABLE else None

    def _class(self) -> tuple[str, ...] | None:
        """At "[": the characters of a plain class ([\\[<{]), or None for ranges, negation..."""
        p, n = self.p, len(self.p)
        j = self.i + 1
        chars: list[str] | None = []
        if p.startswith("^", j):
            chars = None
            j += 1
        if p.startswith("]", j):
            if chars is not None:
                chars.append("]")
            j += 1
        while j < n:
            c = p[j]
            if c == "\\":
                if j + 1 >= n:
                    raise _Unsure
                ch = p[j + 1]
                if ch in _ESCAPES_WITH_ARGUMENT:
                    raise _Unsure
                if chars is not None:
                    if ch in _ESCAPABLE:
                        chars.append(ch)
                    else:
                        chars = None  # \w, \s, \d ...
                j += 2
                continue
            if c == "[":
                raise _Unsure  # POSIX classes or nested sets
            if c == "]":
                self.i = j + 1
                if not chars or any(ch.isalpha() for ch in chars):
                    return None  # letters in a class would need case folding; keep it simple
                return tuple(dict.fromkeys(chars))
            if chars is not None:
                if c == "-" and len(chars) and j + 1 < n and p[j + 1] != "]":
                    chars = None  # a range
                elif c in _LITERAL or c in "{}().*+?|$^":  # plain characters inside a class
                    chars.append(c)
                else:
                    chars = None
            j += 1
        raise _Unsure

    def _group(self) -> tuple[str, ...] | None:
        """At "(": the alternatives of a group of plain texts ((a|b), (?:a|b)), or None."""
        p, n = self.p, len(self.p)
        j = self.i + 1
        if p.startswith("?", j):
            if j + 1 >= n or p[j + 1] not in _GROUP_KINDS:
                raise _Unsure  # inline flags such as (?i) change what the rest means
            kind = p[j + 1]
            if kind == ":":
                j += 2
            else:
                self._skip_group()  # lookarounds, named and atomic groups: not analysed
                return None
        start = j
        end = self._closing(start)
        self.i = end + 1
        alts = tuple(p[start:end].split("|"))
        if all(a and all(ch in _LITERAL for ch in a) for a in alts):
            return alts
        if len(alts) == 1 and "|" not in alts[0]:  # one sequence, not plain ('(?:,X{3})'): what it needs
            body = _Scanner(alts[0])
            inner = _best([o for o in body.options() + body.joined if o and _selective(o)])
            if inner is not None:
                self.inner = True  # needed inside the group, not at its edges: no product with neighbours
            return inner
        return None

    def _skip_group(self) -> None:
        """At "(": move past the group, whatever it holds."""
        self.i = self._closing(self.i + 1) + 1

    def _closing(self, j: int) -> int:
        """The offset of the ")" that closes the group whose body starts at `j`."""
        p, n = self.p, len(self.p)
        depth = 0
        while j < n:
            c = p[j]
            if c == "\\":
                j += 2
                continue
            if c == "[":
                self.i = j
                self._class()
                j = self.i
                continue
            if c == "(":
                if p.startswith("(?", j) and (j + 2 >= n or p[j + 2] not in _GROUP_KINDS):
                    raise _Unsure
                depth += 1
            elif c == ")":
                if depth == 0:
                    return j
                depth -= 1
            j += 1
        raise _Unsure


def has_any(needed: tuple[str, ...], text: str) -> bool:
    for piece in needed:  # a plain loop: any() over a generator costs more than the searches
        if piece in text:
            return True
    return False


def may_match(needed: tuple[str, ...], ignorecase: bool, prose: str, lower: str) -> bool:
    """False only when no match can exist: none of `needed` (lowercase if ignorecase) is there."""
    if not ignorecase:
        return has_any(needed, prose)
    return has_any(needed, lower) or folds_to_ascii(prose)
