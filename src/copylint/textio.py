"""Reading files into text and writing them back byte-for-byte faithful."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from typing import Callable

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class ReadError(Exception):
    """A file that cannot be linted; the message is one line for the user."""


@dataclass(frozen=True)
class SourceText:
    text: str  # decoded, without the BOM
    encoding: str
    bom: bytes
    newline: str  # the file's dominant line ending, used for text that fixes insert


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf >= lf and crlf >= cr and crlf:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def decode(data: bytes) -> SourceText:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"not valid {encoding.upper()} at byte {exc.start + len(bom)}") from None
            return SourceText(text, encoding, bom, _dominant_newline(text))
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadError(
            f"not valid UTF-8 at byte {exc.start} (line {line}); re-save the file as UTF-8"
        ) from None
    return SourceText(text, "utf-8", b"", _dominant_newline(text))


def read_path(path: str) -> SourceText:
    return decode(read_bytes(path))


def read_bytes(path: str) -> bytes:
    """A regular file's bytes; ReadError (one line) for anything else or any failure."""
    try:
        # non-blocking open, then fstat: a named pipe or a device (found in a folder, or
        # given by name) would block the run or never end; only regular files are read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ReadError("not a regular file (a pipe, socket or device), skipped")
            data = fh.read()
    except FileNotFoundError:
        raise ReadError("no such file (it may have been moved or deleted during the run)") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    return data


def encode(source: SourceText, text: str) -> bytes:
    return source.bom + text.encode(source.encoding)


class WriteRefused(OSError):
    """A file --fix will not write; the message is one line for the user."""


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file's content, keeping its mode and owner (and a symlink a link).

    Atomically where the file has one name: a temporary file beside it is renamed over it.
    A file with hard links is written in place instead, so every name sees the fixed text
    (a rename would leave the other names on the old text); if that write fails, the old
    bytes are put back. A read-only file is refused (WriteRefused): its mode says "do not
    change", and as root a rename would override it.
    """
    path = os.path.realpath(path)  # os.replace on a symlink would swap the link for a plain file
    st = os.stat(path)
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteRefused(f"the file is read-only (mode {stat.S_IMODE(st.st_mode):04o}): fixes not written")
    if st.st_nlink > 1:
        _write_in_place(path, data)
        return

    def keep_mode_and_owner(tmp: str) -> None:
        try:
            os.chmod(tmp, st.st_mode & 0o7777)
            if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                os.chown(tmp, st.st_uid, st.st_gid)  # keep the owner where we may (root)
        except OSError:
            pass

    _replace(path, data, keep_mode_and_owner, durable=True)


def write_new(path: str, data: bytes) -> None:
    """Write a file of copylint's own (a cache entry, a learned pack) atomically: a temporary
    file beside it renamed over it, its folder made if missing, nothing left behind on failure.
    For an article's own file, with its mode, owner and links to keep, use `write_atomic`."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    _replace(path, data)


def _replace(path: str, data: bytes, prepare: Callable[[str], None] | None = None, durable: bool = False) -> None:
    """Write `data` to a temporary file beside `path` (`prepare(tmp)` may set its mode), then
    rename it over `path`; the temporary file is removed if anything fails."""
    import tempfile  # here: a lint that writes nothing need not import it (with random, ~1.5 ms)

    fd, tmp = tempfile.mkstemp(prefix=".copylint-", suffix=".tmp", dir=os.path.dirname(path) or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if prepare is not None:
            prepare(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_in_place(path: str, data: bytes) -> None:
    with open(path, "r+b") as fh:
        old = fh.read()
        try:
            fh.seek(0)
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        except BaseException:
            fh.seek(0)
            fh.write(old)
            fh.truncate()
            raise
