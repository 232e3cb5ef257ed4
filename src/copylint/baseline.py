"""Fingerprints that survive unrelated edits, and the baseline file built from them.

A fingerprint hashes the repo-relative path, the rule, the matched text and up to two words on
either side of the match on its own line (lowercased, punctuation and markup dropped), plus an
occurrence number for repeats of the same thing in the same file. Lines added or removed elsewhere in
the file leave it unchanged; rewriting the sentence around a finding changes it.

`copylint baseline -o FILE` records today's findings; `copylint --baseline FILE` then reports
only new ones. SARIF and GitLab code-quality fingerprints come from here too.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from typing import Iterable, TextIO

from .findings import FileResult, Finding, Report

VERSION = 1
CONTEXT_WORDS = 2
_REACH = 120  # characters searched on each side for the context words
_WORD = re.compile(r"\w+")


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names the file."""


def repo_path(path: str, root: str) -> str:
    """The path relative to `root` with forward slashes (absolute when outside it)."""
    if path == "-":
        return path
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        return path.replace(os.sep, "/")
    if rel.startswith(".."):
        return os.path.abspath(path).replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def source_of(result: FileResult) -> str | None:
    """The decoded text the findings' offsets point into: kept by the CLI, or read again."""
    if result.source is not None:
        return result.source
    if result.path == "-" or not os.path.isfile(result.path):
        return None
    from .textio import ReadError, read_path

    try:
        return read_path(result.path).text
    except (ReadError, OSError):
        return None


def _key(path: str, f: Finding, source: str | None) -> str:
    match = " ".join(_words(f.match)) or f.match.strip()
    before: list[str] = []
    after: list[str] = []
    if source is not None:  # context stays on the finding's own lines: edits elsewhere leave it alone
        lo = max(f.offset - _REACH, source.rfind("\n", 0, f.offset) + 1, source.rfind("\r", 0, f.offset) + 1)
        hi = min(len(source), f.end_offset + _REACH)
        for brk in ("\n", "\r"):
            at = source.find(brk, f.end_offset, hi)
            if at >= 0:
                hi = at
        before = _words(source[lo : f.offset])[-CONTEXT_WORDS:]
        after = _words(source[f.end_offset : hi])[:CONTEXT_WORDS]
    return "\x1f".join((path, f.rule, match, " ".join(before), " ".join(after)))


def fingerprints(result: FileResult, root: str) -> list[str]:
    """One fingerprint per finding of `result`, in the same order."""
    path = repo_path(result.path, root)
    source = source_of(result) if result.findings else None
    seen: collections.Counter[str] = collections.Counter()
    out = []
    for f in result.findings:
        key = _key(path, f, source)
        n = seen[key]
        seen[key] += 1
        # surrogateescape: a file name that is not UTF-8 hashes as its own bytes
        out.append(hashlib.sha256(f"{key}\x1f{n}".encode("utf-8", "surrogateescape")).hexdigest()[:32])
    return out


@dataclass(frozen=True)
class Entry:
    path: str
    rule: str
    match: str
    fingerprint: str


@dataclass(frozen=True)
class Baseline:
    entries: tuple[Entry, ...]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.entries)


def entries(report: Report) -> list[Entry]:
    out = []
    for result in report.results:
        path = repo_path(result.path, report.root)
        for f, fp in zip(result.findings, fingerprints(result, report.root)):
            out.append(Entry(path, f.rule, f.match, fp))
    return sorted(set(out), key=lambda e: (e.path, e.rule, e.match, e.fingerprint))


def dump(items: Iterable[Entry], out: TextIO) -> None:
    data = {
        "version": VERSION,
        "tool": "copylint",
        "entries": [
            {"path": e.path, "rule": e.rule, "match": e.match, "fingerprint": e.fingerprint} for e in items
        ],
    }
    json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=False)
    out.write("\n")


def render(report: Report, out: TextIO, options: object) -> None:
    """The `baseline` format: today's findings as a baseline file."""
    dump(entries(report), out)


MAX_DEPTH = 100  # a baseline is three levels deep; docs/limits.md
_JSON_TOKEN_RE = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


def _too_deep(text: str) -> bool:
    """Whether JSON text nests arrays and objects more than MAX_DEPTH deep (strings skipped)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for m in _JSON_TOKEN_RE.finditer(text):
        ch = m.group()
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def load(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if _too_deep(text):  # json.load would recurse into it and raise RecursionError
            raise BaselineError(f"{path}: not a readable baseline file (nested more than {MAX_DEPTH} levels deep)")
        data = json.loads(text)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (make one with `copylint baseline -o {path} PATH...`)") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not a readable baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("tool") != "copylint" or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{path}: not a copylint baseline file")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not supported (expected {VERSION})")
    items = []
    for i, item in enumerate(data["entries"]):
        fields = [item.get(k) if isinstance(item, dict) else None for k in ("path", "rule", "match", "fingerprint")]
        if fields[2] is None:
            fields[2] = ""
        if not all(isinstance(v, str) for v in fields):
            raise BaselineError(f"{path}: entry {i + 1} needs path, rule and fingerprint, each a string")
        items.append(Entry(*fields))
    return Baseline(tuple(items))


@dataclass(frozen=True)
class Applied:
    results: list[FileResult]
    hidden: int  # findings the baseline accounted for
    stale: int  # entries for the files linted that matched nothing


def apply(results: list[FileResult], baseline: Baseline, root: str) -> Applied:
    """Drop the findings recorded in the baseline; count the entries that no longer match."""
    known = baseline.fingerprints
    matched: set[str] = set()
    linted: set[str] = set()
    kept: list[FileResult] = []
    hidden = 0
    for result in results:
        if not result.error:
            linted.add(repo_path(result.path, root))
        if not result.findings:
            kept.append(result)
            continue
        new = []
        for f, fp in zip(result.findings, fingerprints(result, root)):
            if fp in known:
                matched.add(fp)
                hidden += 1
            else:
                new.append(f)
        kept.append(replace(result, findings=tuple(new)))
    stale = sum(1 for e in baseline.entries if e.path in linted and e.fingerprint not in matched)
    return Applied(kept, hidden, stale)
