"""Which files a list of files and folders names: folders walked for the config's extensions."""

from __future__ import annotations

import os
from typing import Any

from .findings import FileResult

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}


def _excluded(path: str, patterns: tuple[str, ...], root: str) -> bool:
    from .config import glob_match

    if not patterns:
        return False
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        rel = path
    return glob_match(patterns, rel) or glob_match(patterns, path)


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
        extensions = fc.config.extensions or session.readers.extensions()
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
        for folder, dirs, names in os.walk(given, onerror=unreadable.append):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                             and not _excluded(os.path.join(folder, d), patterns, root))
            for name in sorted(names):
                if name.lower().endswith(extensions):
                    full = os.path.normpath(os.path.join(folder, name))  # `.` gives a.md, not ./a.md
                    if not _excluded(full, patterns, root):
                        found.append(full)
        for exc in unreadable:  # a folder we may not list: said, not skipped in silence
            errors.append(FileResult(exc.filename or given, error=f"cannot read the folder: {exc.strerror or exc}"))
        if not found and not unreadable:
            errors.append(FileResult(given, error=f"no files to lint ({', '.join(extensions)})"))
        files.extend(found)
    return files, errors
