"""Declarative rules: one YAML file a rule, in a pack folder, compiled into one engine.

A rule file `rules/<pack>/<name>.yml` is the rule `<pack>.<name>`. Its `kind` says how
it matches: `existence` reports each token or pattern found; `substitution` reports
each key of `swap` and suggests its value. See `docs/rule-format.md` in the repository.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..document import SCOPES, Document
from ..findings import Severity
from ..rule import DOC_HEADINGS, Hit, RuleContext, RuleMeta, make_doc
from ..yamlfile import FileError, LDict, load_file

from .kinds import RULE_KINDS  # noqa: E402  one module a kind: kinds/<kind>.py

KINDS = tuple(RULE_KINDS)
QUOTE_MODES = ("keep", "lower", "skip")
NAME_MODES = ("keep", "skip")
_COMMON = {
    "id", "kind", "summary", "message", "severity", "link", "ignorecase", "scopes", "quotes", "names",
    "enabled", "nonword", "exceptions", "doc", "fix", "supersedes",
} | {key for kind in RULE_KINDS.values() for key in kind.KEYS}
_DOC_KEYS = {"what": "What it does", "why": "Why it matters", "example": "Example",
             "instead": "Use instead", "options": "Options", "fix": "Fix safety"}


@dataclass(frozen=True)
class Entry:
    """One thing a rule looks for: a literal phrase or a regex, with its replacement(s)."""

    text: str
    is_regex: bool
    replacements: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    kind: str
    message: str
    ignorecase: bool
    nonword: bool
    quotes: str
    entries: tuple[Entry, ...]
    exceptions: frozenset[str]
    fix: str  # "none", "safe" or "unsafe"
    names: str = "keep"  # "skip": a match in Title Case or before a capitalised word is a name


class DeclarativeRule:
    """A rule read from YAML. `check` works alone; the engine runs many rules in one pass."""

    def __init__(self, meta: RuleMeta, spec: Spec, supersedes_line: int | None = None) -> None:
        self.meta = meta
        self.spec = spec
        self.supersedes_line = supersedes_line  # where `supersedes` is, for a catalogue error

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]:
        from .engine import compile_engine

        engine = compile_engine((self,))
        return [hit for _rule, hit in engine.run(doc)]


def _fail(path: str, data: LDict, key: str, message: str) -> FileError:
    return FileError(path, data.line_of(key), message)


def _str(path: str, data: LDict, key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise _fail(path, data, key, f"'{key}' is required")
    if not isinstance(value, str):
        raise _fail(path, data, key, f"'{key}' must be text")
    return value


def _bool(path: str, data: LDict, key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _fail(path, data, key, f"'{key}' must be true or false")
    return value


def _str_list(path: str, data: LDict, key: str) -> list[str]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, data, key, f"'{key}' must be a list of text")
    return value


def _doc(path: str, data: LDict) -> str:
    value = data.get("doc")
    if not isinstance(value, dict):
        raise _fail(path, data, "doc", "'doc' is required: a mapping with what, why, example and instead")
    unknown = set(value) - set(_DOC_KEYS)
    if unknown:
        raise _fail(path, value, sorted(unknown)[0], f"unknown doc heading '{sorted(unknown)[0]}'")
    for key in ("what", "why", "example", "instead"):
        if not isinstance(value.get(key), str) or not value[key].strip():
            raise _fail(path, value, key, f"doc.{key} is required")
    return make_doc(
        value["what"], value["why"], value["example"], value["instead"],
        value.get("options", "None."), value.get("fix", "No automatic fix."),
    )


def _entries(path: str, data: LDict, kind: str, regex_mod: Any) -> tuple[Entry, ...]:
    module = RULE_KINDS[kind]
    helper = _str_list if kind == "existence" else _bool
    found: list[tuple[Entry, int]] = module.parse(path, data, Entry, helper, _fail)
    if not found:
        raise _fail(path, data, "tokens", "the rule has nothing to look for (tokens, patterns or swap)")
    for entry, line in found:
        if entry.is_regex:
            try:
                regex_mod.compile(entry.text)
            except regex_mod.error as exc:
                raise FileError(path, line, f"invalid pattern {entry.text!r}: {exc}") from None
            if "(?P<_cl" in entry.text:
                raise FileError(path, line, "group names starting with _cl are reserved")
    return tuple(entry for entry, _line in found)


_RULE_ID_RE = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")


def parse_rule(path: str, data: Any, pack: str, name: str) -> DeclarativeRule:
    import regex

    if not isinstance(data, LDict):
        raise FileError(path, None, "a rule file holds a mapping of settings")
    unknown = [k for k in data if k not in _COMMON]
    if unknown:
        raise _fail(path, data, unknown[0], f"unknown key '{unknown[0]}'")
    rule_id = _str(path, data, "id", f"{pack}.{name}")
    if not rule_id.startswith(pack + ".") or rule_id.count(".") < 1:
        raise _fail(path, data, "id", f"rule id '{rule_id}' must start with its pack name '{pack}.'")
    kind = _str(path, data, "kind")
    if kind not in KINDS:
        raise _fail(path, data, "kind", f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})")
    try:
        severity = Severity.parse(_str(path, data, "severity", "warning"))
    except ValueError as exc:
        raise _fail(path, data, "severity", str(exc)) from None
    scopes = _str_list(path, data, "scopes")
    bad = [s for s in scopes if s not in SCOPES]
    if bad:
        raise _fail(path, data, "scopes", f"unknown scope '{bad[0]}' (expected: {', '.join(SCOPES)})")
    quotes = _str(path, data, "quotes", "keep")
    if quotes not in QUOTE_MODES:
        raise _fail(path, data, "quotes", f"'quotes' must be one of: {', '.join(QUOTE_MODES)}")
    names = _str(path, data, "names", "keep")
    if names not in NAME_MODES:
        raise _fail(path, data, "names", f"'names' must be one of: {', '.join(NAME_MODES)}")
    fix = _str(path, data, "fix", RULE_KINDS[kind].DEFAULT_FIX)
    if fix not in ("none", "safe", "unsafe"):
        raise _fail(path, data, "fix", "'fix' must be none, safe or unsafe")
    message = _str(path, data, "message", RULE_KINDS[kind].DEFAULT_MESSAGE)
    try:
        message.format(match="x", replacement="y")
    except (KeyError, IndexError, ValueError) as exc:
        raise _fail(path, data, "message", f"message placeholders are {{match}} and {{replacement}}: {exc}") from None
    link = data.get("link")
    if link is not None and not isinstance(link, str):
        raise _fail(path, data, "link", "'link' must be text")
    supersedes = _str_list(path, data, "supersedes")
    for other in supersedes:
        if not _RULE_ID_RE.fullmatch(other):
            raise _fail(path, data, "supersedes", f"supersedes: '{other}' is not a rule id (pack.name)")
        if other == rule_id:
            raise _fail(path, data, "supersedes", "supersedes: a rule cannot supersede itself")
    spec = Spec(
        kind=kind,
        message=message,
        ignorecase=_bool(path, data, "ignorecase", True),
        nonword=_bool(path, data, "nonword", False),
        quotes=quotes,
        entries=_entries(path, data, kind, regex),
        exceptions=frozenset(e.lower() for e in _str_list(path, data, "exceptions")),
        fix=fix,
        names=names,
    )
    meta = RuleMeta(
        id=rule_id,
        summary=_str(path, data, "summary"),
        severity=severity,
        doc=_doc(path, data),
        link=link,
        scopes=frozenset(scopes) if scopes else None,
        default_enabled=_bool(path, data, "enabled", True),
        fixable=fix != "none",
        origin=path,
        supersedes=frozenset(supersedes),
    )
    return DeclarativeRule(meta, spec, data.line_of("supersedes") if supersedes else None)


def load_pack(folder: str) -> tuple[list[DeclarativeRule], list[FileError]]:
    """Every rule file in a pack folder (`<folder>/<pack>/*.yml`, or a single pack folder)."""
    rules: list[DeclarativeRule] = []
    errors: list[FileError] = []
    for pack, path in _rule_files(folder):
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            rules.append(parse_rule(path, load_file(path), pack, name))
        except FileError as exc:
            errors.append(exc)
    return rules, errors


def _rule_files(folder: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    direct = [e for e in entries if e.is_file() and e.name.endswith((".yml", ".yaml"))]
    if direct:
        pack = os.path.basename(os.path.normpath(folder))
        found.extend((pack, e.path) for e in direct)
    for e in entries:
        if e.is_dir() and not e.name.startswith((".", "_")):
            for f in sorted(os.scandir(e.path), key=lambda x: x.name):
                if f.is_file() and f.name.endswith((".yml", ".yaml")):
                    found.append((e.name, f.path))
    return found


__all__ = ["DeclarativeRule", "Spec", "Entry", "parse_rule", "load_pack", "DOC_HEADINGS"]
