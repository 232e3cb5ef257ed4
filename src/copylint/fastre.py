"""`re`, with every pattern compiled once and kept: `from copylint import fastre as re`.

Compiling a regular expression is Python work (the pattern is parsed and turned into the
matcher's code by `re._parser` and `re._compiler`, both written in Python): copylint's patterns
cost tens of milliseconds at every start, more than linting one article. The matcher's code is
a list of integers, so it can be kept: the first run stores each pattern's code in the cache
folder (`<cache>/prepared/patterns-<python>.bin`), and later runs hand it straight to the
matcher (`_sre.compile`, what `re.compile` itself ends with), which checks it before use.

This module offers what `re` offers. `compile` and the functions that take a pattern as text
(`search`, `sub`, ...) go through the store; everything else (flags, `escape`, `Pattern`,
`error`) is `re`'s own. A pattern compiled here equals the one `re.compile` gives.

The store is process-wide, like `re`'s own cache: an entry is a pure function of the pattern,
its flags and the Python build (all three are the key; the file name holds the build), so it
never goes stale and needs no owner's invalidation. It is data only (marshal of numbers and
text, never code) and bounded (`LIMIT` bytes). Anything unexpected (another Python, a damaged
file, a private API that moved) falls back to `re.compile`: the store only ever saves time.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs more than this module saves at a start
if TYPE_CHECKING:
    from typing import Any, AnyStr, Iterator

import os
import re as _re
import sys
from re import *  # noqa: F401,F403  flags, escape, error, Pattern, Match: re's own
from re import Match, Pattern, error, escape  # noqa: F401  (named for type checkers)

try:
    import _sre

    try:
        from re import _compiler as _sre_compile, _parser as _sre_parse
    except ImportError:  # Python 3.10
        import sre_compile as _sre_compile  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    _TAG = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}-{_sre.MAGIC}-{_sre.CODESIZE}"
except Exception:  # pragma: no cover - an interpreter without CPython's matcher
    _sre = None  # type: ignore[assignment]
    _TAG = ""

FORMAT = 1
MAX_COMPILED = 4096  # compiled patterns held in memory, as re's own cache holds 512
LIMIT = 4 << 20  # bytes of stored code (one run of every built-in rule needs about 0.4 MB; 12 MB took 17 ms to load); beyond it the store keeps what this run used
_CODE_TYPE = "I" if getattr(_sre, "CODESIZE", 4) == 4 else "H"


class Store:
    """Compiled patterns by (pattern, flags): in memory for the process, and their code in a
    file of the cache folder for the next process."""

    def __init__(self) -> None:
        self.folder: str | None = None  # the cache folder; None: `cache.default_dir()` on first use
        self._compiled: dict[tuple[Any, int], Pattern[Any]] = {}
        self._stored: dict[tuple[str, int], tuple[Any, ...]] | None = None  # the file's entries
        self._new: dict[tuple[str, int], tuple[Any, ...]] = {}
        self._used: set[tuple[str, int]] = set()
        self.enabled = bool(_TAG) and sys.implementation.name == "cpython"

    def use(self, folder: str | None) -> None:
        """Keep the code under `folder` (the cache folder) from now on."""
        if folder != self.folder:
            self.save()
            self.folder = folder
            self._stored = None

    def path(self) -> str:
        from .prepared import folder as cache_folder

        folder = self.folder or cache_folder()
        return os.path.join(folder, "prepared", f"patterns-{_TAG}.bin")

    def compile(self, pattern: Any, flags: int = 0) -> Pattern[Any]:
        if isinstance(pattern, Pattern):
            if flags:
                raise ValueError("cannot process flags argument with a compiled pattern")
            return pattern
        flags = int(flags)
        key = (pattern, flags)
        found = self._compiled.get(key)
        if found is not None:
            return found
        found = self._prepared(pattern, flags) if self.enabled and isinstance(pattern, str) else None
        if found is None:
            found = _re.compile(pattern, flags)
        if len(self._compiled) >= MAX_COMPILED:  # a long-lived process compiling patterns it is sent
            self._compiled.clear()
        self._compiled[key] = found
        return found

    def _prepared(self, pattern: str, flags: int) -> Pattern[str] | None:
        key = (pattern, flags)
        if self._stored is None:
            self._stored = _load(self.path())
        entry = self._stored.get(key) or self._new.get(key)
        if entry is not None:
            try:
                compiled = _from_entry(pattern, entry)
                self._used.add(key)
                return compiled
            except Exception:  # noqa: BLE001 - a damaged entry: compile afresh below
                self._stored.pop(key, None)
        try:
            entry = _to_entry(pattern, flags)
            compiled = _from_entry(pattern, entry)
        except (AttributeError, TypeError, NameError):  # a private API that moved: plain re from now on
            self.enabled = False
            return None
        except Exception:  # noqa: BLE001 - a bad pattern: re.compile says what is wrong
            return None
        if not self._new:  # a process that does not leave through the CLI (an API user) saves at exit
            import atexit

            atexit.register(self.save)
        self._new[key] = entry
        self._used.add(key)
        return compiled

    def save(self) -> None:
        """Write the code of the patterns first compiled in this process (merged with what other
        processes wrote meanwhile). A folder that cannot be written costs the speed-up only."""
        if not self._new:
            return
        path = self.path()
        merged = _load(path)
        merged.update(self._new)
        if _size(merged) > LIMIT:  # keep what this run used
            merged = {k: v for k, v in merged.items() if k in self._used}
        try:
            import marshal

            from .textio import write_new

            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_new(path, marshal.dumps((FORMAT, _TAG, list(merged.items()))))
        except (OSError, ValueError):
            pass
        self._stored = merged
        self._new = {}


def _size(entries: dict[tuple[str, int], tuple[Any, ...]]) -> int:
    return sum(len(v[1]) + len(k[0]) for k, v in entries.items())


def _load(path: str) -> dict[tuple[str, int], tuple[Any, ...]]:
    import marshal

    try:
        with open(path, "rb") as fh:
            fmt, tag, items = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if fmt != FORMAT or tag != _TAG or not isinstance(items, list):
        return {}
    out = {}
    for item in items:
        try:
            (pattern, flags), entry = item
            if isinstance(pattern, str) and isinstance(flags, int) and isinstance(entry, tuple) and len(entry) == 5:
                out[(pattern, flags)] = entry
        except (TypeError, ValueError):
            continue
    return out


def _to_entry(pattern: str, flags: int) -> tuple[Any, ...]:
    """What `re._compiler.compile` computes before it calls the matcher, as plain data."""
    import array

    parsed = _sre_parse.parse(pattern, flags)
    code = _sre_compile._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (int(flags | parsed.state.flags), array.array(_CODE_TYPE, code).tobytes(), parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def _from_entry(pattern: str, entry: tuple[Any, ...]) -> Pattern[str]:
    import array

    final_flags, code, groups, groupindex, indexgroup = entry
    words = array.array(_CODE_TYPE)
    words.frombytes(code)
    # the matcher validates the code it is given: a damaged entry raises, it cannot misbehave
    return _sre.compile(pattern, final_flags, words.tolist(), groups, groupindex, indexgroup)


STORE = Store()


def compile(pattern: Any, flags: int = 0) -> Pattern[Any]:  # noqa: A001 - re's own name
    return STORE.compile(pattern, flags)


def search(pattern: Any, string: AnyStr, flags: int = 0) -> Match[AnyStr] | None:
    return STORE.compile(pattern, flags).search(string)


def match(pattern: Any, string: AnyStr, flags: int = 0) -> Match[AnyStr] | None:
    return STORE.compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: AnyStr, flags: int = 0) -> Match[AnyStr] | None:
    return STORE.compile(pattern, flags).fullmatch(string)


def sub(pattern: Any, repl: Any, string: AnyStr, count: int = 0, flags: int = 0) -> AnyStr:
    return STORE.compile(pattern, flags).sub(repl, string, count)


def subn(pattern: Any, repl: Any, string: AnyStr, count: int = 0, flags: int = 0) -> tuple[AnyStr, int]:
    return STORE.compile(pattern, flags).subn(repl, string, count)


def split(pattern: Any, string: AnyStr, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    return STORE.compile(pattern, flags).split(string, maxsplit)


def findall(pattern: Any, string: AnyStr, flags: int = 0) -> list[Any]:
    return STORE.compile(pattern, flags).findall(string)


def finditer(pattern: Any, string: AnyStr, flags: int = 0) -> Iterator[Match[AnyStr]]:
    return STORE.compile(pattern, flags).finditer(string)
