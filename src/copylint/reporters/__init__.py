"""Reporters turn a Report into output for one kind of reader; one module a format.

A reporter is `render(report, out, options) -> None`. Built-in ones are named below and
imported only when used; plugins add more through the `copylint.reporters` entry point.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, TextIO

from ..findings import Report

BUILTIN = {
    "text": "copylint.reporters.text:render",
    "concise": "copylint.reporters.text:render_concise",
    "json": "copylint.reporters.json:render",
    "github": "copylint.reporters.github:render",
    "html": "copylint.reporters.html:render",
    "sarif": "copylint.reporters.sarif:render",
    "rdjson": "copylint.reporters.rdjson:render",
    "junit": "copylint.reporters.junit:render",
    "checkstyle": "copylint.reporters.checkstyle:render",
    "json-lines": "copylint.reporters.jsonl:render",
    "markdown": "copylint.reporters.markdown:render",
    "gitlab": "copylint.reporters.gitlab:render",
    "codeclimate": "copylint.reporters.gitlab:render",
    "baseline": "copylint.baseline:render",
}
ENTRY_POINT_GROUP = "copylint.reporters"


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    show_source: bool = True
    statistics: bool = False
    fixing: bool = False  # --fix ran: counts say what was fixed
    elapsed: float | None = None  # seconds the run took, for the summary line


Renderer = Callable[[Report, TextIO, ReportOptions], None]


def write_json(out: TextIO, data: Any, items: list[Any], *, indent: int = 1) -> None:
    """`data` as indented JSON, with each element of `items` (a list inside `data`) on one line.

    `json.dump` with an indent encodes in pure Python, several times slower than the C
    encoder, which a 100,000-result run notices. The frame stays indented for a reader; each
    item is encoded by the C encoder on a line of its own.
    """
    import json
    import secrets

    marker = json.dumps(f"\ue000copylint-items-{secrets.token_hex(8)}\ue000", ensure_ascii=False)
    frame = json.dumps(_swap(data, items, [json.loads(marker)]), ensure_ascii=False, indent=indent)
    at = frame.index(marker)
    line_start = frame.rindex("\n", 0, at) + 1
    pad = frame[line_start:at]
    head, tail = frame[:line_start], frame[at + len(marker):]
    if items:
        out.write(head)
        out.write(",\n".join(pad + json.dumps(item, ensure_ascii=False) for item in items))
        out.write(tail)
    else:
        out.write(head.rstrip("\n") + tail.lstrip("\n "))
    out.write("\n")


def _swap(data: Any, items: list[Any], holder: list[Any]) -> Any:
    """A shallow copy of `data` where the list object `items` is replaced by `holder`."""
    if data is items:
        return holder
    if isinstance(data, dict):
        return {k: _swap(v, items, holder) for k, v in data.items()}
    if isinstance(data, list):
        return [_swap(v, items, holder) for v in data]
    return data


def available() -> dict[str, str]:
    names = dict(BUILTIN)
    try:
        from importlib.metadata import entry_points

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            names.setdefault(ep.name, ep.value)
    except Exception:  # a broken distribution must not stop the built-in formats
        pass
    return names


def get(name: str) -> Renderer:
    target = BUILTIN.get(name) or available().get(name)  # built-ins win anyway; skip the scan for them
    if target is None:
        raise KeyError(name)
    module, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def display_path(path: str, root: str) -> str:
    import os

    path = printable_path(path)
    if path == "-" or not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path, printable_path(root))
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def printable_path(path: str) -> str:
    """A file name that is not UTF-8 holds lone surrogates (Python's surrogateescape), which no
    UTF-8 output can carry: each undecodable byte is shown as `\\xE9` instead."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte stands for (not from a file name)
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
