"""What a Session lends its rules for longer than one document: clients and loaded files.

A rule reaches these through `ctx.services` (see `rule.RuleContext`), never through a
module-level cache: the session that owns them decides how long they live.

- `get(key, make)`: one object per key for the session's life, e.g. the LanguageTool
  connection for a server URL and language.
- `file(path, parse)`: a data file (a vocabulary, a word list) parsed once and parsed
  again when its modification time or size changes; `files(paths, parse)` the same for
  data built from several files (a lexicon and its allow-list), parsed again when any
  of them changes. Data shipped inside the package goes through these too: a server
  that lives for weeks sees a pack upgraded under it.
- `begin_call()`: the owner (a Session) starts a lint call; within one call a data file
  is looked at once, not once a document; `per_call(key, make)` is any such look at the
  disk (where a pack's data files are), made once a call.
- `memo(name, size)`: a bounded memory of computed values (compiled patterns by the
  words they match), the oldest forgotten first, so that a long-lived process cannot
  grow without end.
- `Backoff`: for a client, the failures in a row and when to try again, so that a dead
  server costs little while it is down and is used again once it answers, instead of a
  failure that sticks until the process ends (the grammar pack's connections use it).
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Sequence, TypeVar

T = TypeVar("T")


class Services:
    """A session's long-lived objects, by key; safe to share between threads."""

    def __init__(self) -> None:
        self._objects: dict[Hashable, Any] = {}
        self._files: dict[Hashable, tuple[Any, Any, int | None]] = {}  # slot -> (signature, value, call)
        self._per_call: dict[Hashable, tuple[int, Any]] = {}  # key -> (call, value)
        self._lock = threading.Lock()
        # None: every `file` call looks at the file; a number: the owner's lint call (see
        # `begin_call`), in which a file is looked at once however many documents ask
        self._call: int | None = None

    def begin_call(self) -> None:
        """A new lint call (a Session's `lint_text`, `lint_paths` ...): files may have changed
        since the last one. Within one call each data file is looked at once, not once a
        document: a folder of 100,000 articles costs one `stat` a file, and a server or an
        editor sees an edit at its next request."""
        with self._lock:
            self._call = 1 if self._call is None else self._call + 1

    def per_call(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, once in a lint call (see `begin_call`) for `key`; every time outside one.
        For what reads the disk but parses nothing (which data files exist, their stat)."""
        with self._lock:
            call, cached = self._call, self._per_call.get(key)
        if call is not None and cached is not None and cached[0] == call:
            return cached[1]
        value = make()
        if call is not None:
            with self._lock:
                if len(self._per_call) >= 4096:  # keys are few (pack, file name): never grow without end
                    self._per_call.clear()
                self._per_call[key] = (call, value)
        return value

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The object for `key`, made by `make()` the first time it is asked for."""
        with self._lock:
            if key in self._objects:
                return self._objects[key]
        made = make()
        with self._lock:
            return self._objects.setdefault(key, made)

    def file(self, path: str, parse: Callable[[str], T], key: Hashable = None) -> T:
        """`parse(path)`, again only when the file's modification time or size changed.

        `key` tells apart two parsers of the same file. An OSError from `os.stat` (the
        file went away) propagates, as the parser's own would.
        """
        slot = (path if os.path.isabs(path) else os.path.abspath(path), key)
        fresh = self._fresh(slot)
        if fresh is not None:
            return fresh[0]
        st = os.stat(path)
        return self._parsed(slot, (st.st_mtime_ns, st.st_size), lambda: parse(path))

    def files(self, paths: Sequence[str], parse: Callable[[tuple[str, ...]], T], key: Hashable = None) -> T:
        """`parse(paths)`, again only when one of the files changed (modification time or
        size), or went away (then the OSError from `os.stat` propagates)."""
        paths = tuple(paths)
        slot = (tuple(p if os.path.isabs(p) else os.path.abspath(p) for p in paths), key)
        fresh = self._fresh(slot)
        if fresh is not None:
            return fresh[0]
        signature = []
        for path in paths:
            st = os.stat(path)
            signature.append((st.st_mtime_ns, st.st_size))
        return self._parsed(slot, tuple(signature), lambda: parse(paths))

    def _fresh(self, slot: Hashable) -> tuple[Any] | None:
        """(value,) when the slot's files were already looked at in this call."""
        cached = self._files.get(slot)
        if cached is not None and self._call is not None and cached[2] == self._call:
            return (cached[1],)
        return None

    def _parsed(self, slot: Hashable, signature: Any, parse: Callable[[], T]) -> T:
        with self._lock:
            cached = self._files.get(slot)
            call = self._call
        if cached is not None and cached[0] == signature:
            if cached[2] != call:
                with self._lock:
                    self._files[slot] = (signature, cached[1], call)
            return cached[1]
        value = parse()
        with self._lock:
            self._files[slot] = (signature, value, call)
        return value

    def memo(self, name: Hashable, size: int = 256) -> Memo:
        """The session's bounded memory named `name` (made on first use, `size` entries)."""
        return self.get(("memo", name), lambda: Memo(size))

    def drop(self, key: Hashable) -> None:
        """Forget the object for `key` (a client to make afresh next time)."""
        with self._lock:
            self._objects.pop(key, None)


class Memo:
    """Values by key, at most `size` of them: the least recently used is forgotten first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for `key`, made by `make()` when it is not remembered."""
        with self._lock:
            try:
                self._values.move_to_end(key)
                return self._values[key]
            except KeyError:
                pass
        value = make()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


@dataclass
class Backoff:
    """Failures in a row and the time before the next try: 1 s, 2 s, 4 s ... up to `ceiling`.

    `ready()` says whether to try now; `failed()` and `succeeded()` record the outcome.
    Unlike a failure count that stops a client for good, a server that comes back is
    used again after the wait.
    """

    first: float = 1.0
    ceiling: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    reason: str = ""
    _next: float = field(default=0.0, repr=False)

    def ready(self) -> bool:
        return self.failures == 0 or self.clock() >= self._next

    def wait(self) -> float:
        """Seconds until the next try is allowed (0 when ready)."""
        return max(0.0, self._next - self.clock()) if self.failures else 0.0

    def failed(self, reason: str = "") -> None:
        self.failures += 1
        self.reason = reason
        self._next = self.clock() + min(self.ceiling, self.first * 2 ** (self.failures - 1))

    def succeeded(self) -> None:
        self.failures = 0
        self.reason = ""
        self._next = 0.0
