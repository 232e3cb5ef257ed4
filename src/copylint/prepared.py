"""Rule data prepared once: parsed and checked at the first run, loaded in a millisecond after.

Reading a pack means parsing its YAML and compiling every pattern only to check it; none of
that changes until the files do. So the checked result (the rules of a pack folder, a data
file of the `line` kind) is kept under the cache folder, `<cache>/prepared/<kind>-<key>.bin`,
keyed by a digest of copylint's version and code, the Python version and the bytes of every
file it was read from: edit a pack and the key changes, the pack is read and checked again
(with its errors, file:line, as before). Nothing is kept while a file has an error.

Entries are data only: marshal of text, numbers, tuples and sets (never code), turned back
into copylint's own dataclasses by field name; an entry that does not fit is ignored and the
files read afresh. A cache folder that cannot be written costs the speed-up, never the run.

The folder is the result cache's (`--cache-dir`, `COPYLINT_CACHE_DIR`, `cache-dir` in the
config, else the user's cache folder); `--no-cache` leaves results out, not this: a prepared
entry is a pure function of its files, it cannot change a finding.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Iterable, TypeVar

try:  # hashlib's own blake2b, without hashlib's loading OpenSSL (~1.5 ms at every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

T = TypeVar("T")
FORMAT = 2  # 2: plain sequences kept as they are
KEEP = 16  # entries kept of each kind; a new one beyond these deletes the oldest


class _Place:
    """Where prepared data goes, for this process (set by the front door; see `use_folder`)."""

    folder: str | None = None
    enabled: bool = True


PLACE = _Place()


def use_folder(folder: str | None) -> None:
    """Keep prepared data (and compiled patterns, see fastre.py) under this cache folder."""
    PLACE.folder = os.path.abspath(folder) if folder else None
    fastre = sys.modules.get(__package__ + ".fastre")
    if fastre is not None:
        fastre.STORE.use(PLACE.folder)


CACHE_ENV = "COPYLINT_CACHE_DIR"


def default_dir() -> str:
    """`COPYLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/copylint`, else `~/.cache/copylint`."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return os.path.abspath(os.path.expanduser(given))
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "copylint")


def folder() -> str:
    """The cache folder in force: the one the front door chose (`use_folder`), else the default."""
    return PLACE.folder or default_dir()


class _Code:
    signature: str | None = None


def code_signature() -> str:
    """copylint's version and the modification times and sizes of its modules: an editable
    install changes it when the code that parses the data does."""
    if _Code.signature is None:
        from . import __version__

        here = os.path.dirname(os.path.abspath(__file__))
        parts: list[Any] = [__version__, sys.version]
        for top, dirs, names in os.walk(here):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    try:
                        st = os.stat(os.path.join(top, name))
                    except OSError:
                        continue
                    parts.append((top[len(here):], name, st.st_mtime_ns, st.st_size))
        _Code.signature = blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return _Code.signature


def key_of(kind: str, paths: Iterable[str], extra: Any = None) -> str | None:
    """The digest of `kind`, copylint's code, `extra` and the bytes of `paths`; None when a
    file cannot be read (the builder says why)."""
    h = blake2b(digest_size=20)
    h.update(repr((FORMAT, kind, code_signature(), extra)).encode("utf-8", "surrogatepass"))
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        h.update(os.path.abspath(path).encode("utf-8", "surrogatepass") + b"\0" + str(len(data)).encode() + b"\0")
        h.update(data)
    return h.hexdigest()


def load(kind: str, paths: Iterable[str], build: Callable[[], tuple[T, bool]],
         classes: Iterable[type] = (), extra: Any = None) -> T:
    """The value `build()` gives for these files, from the prepared entry when there is one.

    `build` returns (value, keep): keep is False when the value holds an error, which is not
    kept. `classes` are the dataclasses (and enums) the value is made of.
    """
    paths = list(paths)
    key = key_of(kind, paths, extra) if PLACE.enabled else None
    if key is None:
        return build()[0]
    target = os.path.join(folder(), "prepared", f"{kind}-{key}.bin")
    known = {c.__name__: c for c in classes}
    try:
        import marshal

        with open(target, "rb") as fh:
            fmt, data = marshal.loads(fh.read())
        if fmt == FORMAT:
            return _decode(data, known)
    except Exception:  # noqa: BLE001 - missing, damaged or from other code: build afresh
        pass
    value, keep = build()
    if keep:
        try:
            import marshal

            from .textio import write_new

            write_new(target, marshal.dumps((FORMAT, _encode(value))))
            _prune(os.path.dirname(target), kind)
        except (OSError, ValueError):  # unwritable, or a value marshal cannot hold
            pass
    return value


def _prune(folder: str, kind: str, keep: int = KEEP) -> None:
    """Keep the `keep` newest entries of a kind (older ones are of files or code since changed)."""
    found = []
    for entry in os.scandir(folder):
        if entry.name.startswith(kind + "-") and entry.name.endswith(".bin"):
            try:
                found.append((entry.stat().st_mtime, entry.path))
            except OSError:
                continue
    found.sort(reverse=True)
    for _mtime, path in found[keep:]:
        try:
            os.unlink(path)
        except OSError:
            pass


_PLAIN = (str, int, float, bytes, type(None))  # bool is an int


def _plain(items: Any) -> bool:
    return all(isinstance(v, _PLAIN) for v in items)


# a dataclass is ("D", class name, ((field, value), ...)); an enum ("E", class name, value); a
# tuple ("T", items); a list ("L", items); a dict ("M", ((key, value), ...)); a tuple, list or
# dict of plain values only ("t", "l", "m") is kept as it is, read back without a call per item
# (most of an entry: word lists, pattern texts); anything else as is
def _encode(value: Any) -> Any:
    import dataclasses
    import enum

    if isinstance(value, enum.Enum):
        return ("E", type(value).__name__, value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("D", type(value).__name__,
                tuple((f.name, _encode(getattr(value, f.name))) for f in dataclasses.fields(value) if f.init))
    if isinstance(value, tuple):
        return ("t", value) if _plain(value) else ("T", tuple(_encode(v) for v in value))
    if isinstance(value, list):
        return ("l", tuple(value)) if _plain(value) else ("L", tuple(_encode(v) for v in value))
    if isinstance(value, dict):
        if _plain(value) and _plain(value.values()):
            return ("m", value)
        return ("M", tuple((_encode(k), _encode(v)) for k, v in value.items()))
    if value is None or isinstance(value, (str, int, float, bool, bytes, frozenset)):
        if isinstance(value, frozenset) and not all(isinstance(v, (str, int)) for v in value):
            raise ValueError("a set of other than text or numbers")
        return value
    raise ValueError(f"cannot prepare a {type(value).__name__}")


def _decode(value: Any, known: dict[str, type]) -> Any:
    if isinstance(value, tuple):
        tag = value[0]
        if tag == "t":
            return value[1]
        if tag == "l":
            return list(value[1])
        if tag == "m":
            return dict(value[1])
        if tag == "D":
            cls = known[value[1]]
            return cls(**{name: _decode(v, known) for name, v in value[2]})
        if tag == "E":
            return known[value[1]](value[2])
        if tag == "T":
            return tuple(_decode(v, known) for v in value[1])
        if tag == "L":
            return [_decode(v, known) for v in value[1]]
        if tag == "M":
            return {_decode(k, known): _decode(v, known) for k, v in value[1]}
        raise ValueError(f"unknown tag {tag!r}")
    if value is None or isinstance(value, (str, int, float, bool, bytes, frozenset)):
        return value
    raise ValueError(f"unexpected {type(value).__name__}")
