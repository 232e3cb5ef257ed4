"""Which files a list of files and folders names: folders walked for the config's extensions.

A folder's walk leaves out what `.gitignore` and `.copylintignore` files say, as git reads
them (the `pathspec` package): each file's patterns apply below its own folder, a deeper file
and a later line win, and the files of the folders above the walked one count up to the
repository's root (the folder holding `.git`). A file named on the command line is linted
even where an ignore file lists it; a file named twice (`copylint posts posts/a.md`) is
linted once.
"""

from __future__ import annotations

import os
from typing import Any

from .findings import FileResult

IGNORE_FILES = (".gitignore", ".copylintignore")
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}


def _excluded(path: str, patterns: tuple[str, ...], root: str) -> bool:
    if not patterns:
        return False
    from .config import glob_match  # config/select.py imports the rule registry: only when needed
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        rel = path
    return glob_match(patterns, rel) or glob_match(patterns, path)


class _IgnoreFiles:
    """The ignore files met on one walk, each with the folder its patterns are relative to."""

    def __init__(self, top: str) -> None:
        self.specs: list[tuple[str, Any]] = []  # (folder, GitIgnoreSpec), outermost first
        top = os.path.abspath(top)
        folder, above = top, []
        while not os.path.isdir(os.path.join(folder, ".git")):
            parent = os.path.dirname(folder)
            if parent == folder:  # not in a repository: only the walked folder's own files count
                above = []
                break
            folder = parent
            above.append(folder)
        for folder in reversed(above):  # the walk reads `top` and the folders below it
            self.read(folder)

    def read(self, folder: str) -> None:
        import pathspec

        for name in IGNORE_FILES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                try:
                    with open(path, encoding="utf-8", errors="replace") as fh:
                        spec = pathspec.GitIgnoreSpec.from_lines(fh)
                except (OSError, ValueError):
                    continue  # an unreadable ignore file hides nothing
                self.specs.append((os.path.abspath(folder), spec))

    def ignored(self, path: str, is_dir: bool) -> bool:
        verdict = False
        path = os.path.abspath(path)
        for folder, spec in self.specs:
            if not path.startswith(folder + os.sep):
                continue
            rel = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def _readers(session: Any) -> Any:
    """The session's readers; a stand-in without them (cache.LightConfigs) walks the installed ones."""
    readers = getattr(session, "readers", None)
    if readers is None:
        from .formats import Readers

        readers = Readers.load()
    return readers


def collect_paths(
    paths: tuple[str, ...], exclude: tuple[str, ...], session: Any
) -> tuple[list[str], list[FileResult]]:
    """Files to lint from files and folders; missing paths become error results.

    The config in force for each given path (`session.config_for`) says which extensions
    a folder's files need and which globs leave files out.
    """

    files: list[str] = []
    errors: list[FileResult] = []
    for given in paths:
        if given == "-":
            files.append(given)
            continue
        try:
            os.stat(given)
        except FileNotFoundError:
            errors.append(FileResult(given, error="no such file or folder"))
            continue
        except OSError as exc:  # a folder on the way we may not enter, a name too long
            errors.append(FileResult(given, error=f"cannot read: {exc.strerror or exc}"))
            continue
        fc = session.config_for(given if os.path.isfile(given) else os.path.join(given, "_"))
        extensions = fc.config.extensions or _readers(session).extensions()
        patterns = exclude + fc.config.exclude
        root = fc.config.root
        if os.path.isfile(given):
            if not _excluded(given, patterns, root):
                files.append(given)
            continue
        if not os.path.isdir(given):
            errors.append(FileResult(given, error="not a regular file (a pipe, socket or device), skipped"))
            continue
        found = []
        unreadable: list[OSError] = []
        ignores = _IgnoreFiles(given)
        for folder, dirs, names in os.walk(given, onerror=unreadable.append):
            ignores.read(folder)
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                             and not _excluded(os.path.join(folder, d), patterns, root)
                             and not ignores.ignored(os.path.join(folder, d), True))
            for name in sorted(names):
                if name.lower().endswith(extensions):
                    full = os.path.normpath(os.path.join(folder, name))  # `.` gives a.md, not ./a.md
                    if not _excluded(full, patterns, root) and not ignores.ignored(full, False):
                        found.append(full)
        for exc in unreadable:  # a folder we may not list: said, not skipped in silence
            errors.append(FileResult(exc.filename or given, error=f"cannot read the folder: {exc.strerror or exc}"))
        if not found and not unreadable:
            errors.append(FileResult(given, error=f"no files to lint ({', '.join(extensions)})"))
        files.extend(found)
    return _once(files), errors


def _once(files: list[str]) -> list[str]:
    """Each file once, at its first mention, however many given paths lead to it."""
    seen: set[str] = set()
    out = []
    for path in files:
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out
