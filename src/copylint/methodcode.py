"""The methods `@dataclass` writes, compiled once and kept beside copylint's bytecode.

`dataclasses` makes each class's `__init__`, `__repr__`, `__eq__`, `__hash__` (and, frozen,
`__setattr__`/`__delattr__`) by writing their source and compiling it with `exec`, at every
import. copylint's ~55 dataclasses on the lint path cost ~28 ms of CPU that way at each start,
about a quarter of linting one article cold; the compiling is most of it, and its result
depends only on the source text.

`install()` (the command line's front door calls it first) lets `dataclasses` run the same
`exec` on a code object kept from an earlier run, keyed by that source text: the functions,
their names, defaults and globals are exactly those the text gives. The code objects are kept
where Python keeps copylint's own bytecode (the package's `__pycache__`, or under
`sys.pycache_prefix`), in a file named for the interpreter and checked against its bytecode
magic: code from there is trusted as much as the `.pyc` files beside it, and no more (never
from the cache folder, which a CI job may restore from elsewhere). Like bytecode it is written
only when Python writes bytecode (not under PYTHONDONTWRITEBYTECODE), atomically, bounded,
and a folder that cannot be written, a damaged file or another Python cost the speed-up only.
"""

from __future__ import annotations

import os
import sys

FORMAT = 1
LIMIT = 2048  # entries kept; copylint's lint path needs ~330


class MethodCode:
    """Code compiled from source texts: from the file at start, new ones saved at the end."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.installed = False  # dataclasses compiles through it (install)
        self._code: dict[str, object] | None = None
        self._new: dict[str, object] = {}
        self._used: set[str] = set()

    def exec(self, source: object, globals: dict | None = None, locals: dict | None = None) -> None:  # noqa: A002,A003
        """`exec` as `dataclasses` calls it; a text is compiled as `exec` itself would (no
        `__future__` flags inherited), once."""
        if isinstance(source, str):
            code = self.code(source)
            if globals is None:  # exec's default: the caller's globals, i.e. dataclasses' own
                import dataclasses

                globals = vars(dataclasses)  # noqa: A001
        else:
            code = source
        if locals is None:
            exec(code, globals)  # noqa: S102 - the text dataclasses wrote, as it would run it
        else:
            exec(code, globals, locals)  # noqa: S102

    def code(self, source: str) -> object:
        if self._code is None:
            self._code = _load(self.path) if self.path else {}
        found = self._code.get(source)
        if found is None:
            found = self._new.get(source)
            if found is None:
                found = self._new[source] = compile(source, "<string>", "exec", dont_inherit=True)
        self._used.add(source)
        return found

    def save(self) -> None:
        """Write the code first compiled in this process, merged with the file as it now is."""
        if not self._new or not self.path or sys.dont_write_bytecode:
            return
        import marshal

        merged = _load(self.path)
        merged.update(self._new)
        if len(merged) > LIMIT:  # many copylint versions in one place: keep what this run used
            merged = {k: v for k, v in merged.items() if k in self._used}
        try:
            from .textio import write_new

            write_new(self.path, marshal.dumps((FORMAT, _magic(), sys.hexversion, list(merged.items()))))
        except (OSError, ValueError):
            pass
        self._new = {}


def _magic() -> bytes:
    from importlib.util import MAGIC_NUMBER

    return MAGIC_NUMBER


def _load(path: str) -> dict[str, object]:
    import marshal

    try:
        with open(path, "rb") as fh:
            data = marshal.loads(fh.read())
        fmt, magic, version, items = data
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if fmt != FORMAT or magic != _magic() or version != sys.hexversion or not isinstance(items, list):
        return {}
    code_type = type(_load.__code__)
    out = {}
    for item in items:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and type(item[1]) is code_type:
            out[item[0]] = item[1]
    return out


def store_path() -> str | None:
    """Where the code is kept: beside copylint's own bytecode, as Python would place it."""
    if sys.implementation.cache_tag is None:  # an interpreter that keeps no bytecode
        return None
    from importlib.util import cache_from_source

    pyc = cache_from_source(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dataclass_methods.py"))
    return pyc[: -len(".pyc")] + ".bin" if pyc.endswith(".pyc") else None


# Process-wide, like fastre's pattern store: a pure function of the source text (and the
# interpreter, in the file's name), so it never goes stale and needs no owner's invalidation.
STORE = MethodCode(None)


def install() -> MethodCode | None:
    """Let `dataclasses` compile through the kept code from now on (once per process); the
    caller saves it (`STORE.save()`) when the process ends. `dataclasses` (3.10 to 3.13) calls
    `exec` by its global name; a version that does not just never calls this."""
    if STORE.installed:
        return STORE
    if sys.implementation.name != "cpython":
        return None
    import dataclasses

    if "exec" in vars(dataclasses):  # someone else's hook: leave it
        return None
    STORE.path = store_path()
    STORE.installed = True
    dataclasses.exec = STORE.exec  # type: ignore[attr-defined]
    import atexit

    atexit.register(STORE.save)  # a run that leaves the usual way (serve, lsp); see launch._exit_now
    return STORE
