"""Entry points of one group, read straight from the installed metadata.

`importlib.metadata` costs 15-30 ms to import (email, zipfile, csv and more), a tenth of a
one-article run. In the common case, plain folders on `sys.path`, finding entry points is
only: list each folder's `*.dist-info` / `*.egg-info`, read `entry_points.txt`. This module
does that with the same order, de-duplication and parsing as `importlib.metadata`, and hands
over to it whenever the case is not that simple (a zip on the path, a custom finder).
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from . import fastre as re  # re, with compiled patterns kept between runs

# importlib.metadata.EntryPoint.pattern
_VALUE_RE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


@dataclass(frozen=True)
class EntryPoint:
    name: str
    value: str
    group: str

    def load(self) -> Any:
        """The object the entry point names, imported as importlib.metadata would."""
        match = _VALUE_RE.match(self.value)
        if match is None:
            raise ValueError(f"malformed entry point value {self.value!r}")
        module = import_module(match.group("module"))
        attrs = filter(None, (match.group("attr") or "").split("."))
        return functools.reduce(getattr, attrs, module)


def entry_points(group: str) -> list[Any]:
    """Every installed entry point in `group`, in importlib.metadata's order."""
    found = _scan(group)
    if found is None:
        from importlib.metadata import entry_points as slow

        return list(slow(group=group))
    return found


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _simple_path() -> bool:
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            return False
    return True


def _scan(group: str) -> list[EntryPoint] | None:
    if not _simple_path():
        return None
    seen: set[str] = set()
    out: list[EntryPoint] = []
    for entry in sys.path:
        root = entry or "."
        if root.lower().endswith(".egg"):
            return None  # an egg folder keeps its metadata in EGG-INFO: leave eggs to importlib.metadata
        try:
            names = os.listdir(root)
        except NotADirectoryError:
            return None  # a zip or egg file on the path: importlib.metadata knows how to read it
        except OSError:
            continue
        by_name: dict[str, list[str]] = {}
        for child in names:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                by_name.setdefault(_normalize(low.rpartition(".")[0].partition("-")[0]), []).append(child)
        for normalized, children in by_name.items():
            for child in children:
                if normalized in seen:  # the first distribution of a name on the path wins
                    continue
                seen.add(normalized)
                out.extend(_read(os.path.join(entry, child), group))
    return out


def _read(dist_path: str, group: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(dist_path, "entry_points.txt"), encoding="utf-8") as fh:
            text = fh.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return []
    out = []
    section = None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section != group or section is None:
            continue
        name, _, value = line.partition("=")
        out.append(EntryPoint(name.strip(), value.strip(), section))
    return out
