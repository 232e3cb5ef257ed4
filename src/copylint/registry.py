"""Finds every rule: built-in YAML packs, entry-point plugins and extra pack folders.

Each plugin loads inside its own try/except: one that fails is reported once and the
rest still run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:  # rule.py imports the document model: loaded when rules are, not to find the rules folder
    from .rule import Rule

ENTRY_POINT_GROUP = "copylint.rules"


@dataclass(frozen=True)
class Catalog:
    rules: dict[str, Rule]
    errors: tuple[str, ...] = ()
    packs: frozenset[str] = field(default_factory=frozenset)

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def matching(self, prefix: str) -> list[str]:
        return [rid for rid in self.rules if matches(prefix, rid)]


def matches(prefix: str, rule_id: str) -> bool:
    """`moderation` matches `moderation.slurs`; `all` matches everything."""
    if prefix in ("all", "ALL"):
        return True
    return rule_id == prefix or rule_id.startswith(prefix + ".")


def builtin_rules_dir() -> str:
    """The `rules/` folder: inside the installed package, else the source checkout's."""
    here = os.path.dirname(os.path.abspath(__file__))
    inside = os.path.join(here, "rules")
    if os.path.isdir(inside):
        return inside
    return os.path.normpath(os.path.join(here, "..", "..", "rules"))


def _entry_points() -> list[Any]:
    from .entrypoints import entry_points  # not importlib.metadata: see that module

    return sorted(entry_points(ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _plugin_rules(obj: Any) -> Iterable[Rule]:
    from .rule import Rule

    if callable(obj) and not isinstance(obj, type) and not isinstance(obj, Rule):
        obj = obj()
    elif isinstance(obj, type):
        obj = obj()
    if isinstance(obj, Rule):
        return [obj]
    return list(obj)


def packs_signature(folders: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """The modification times and sizes of the rule files in these pack folders (and the
    folders themselves, which change when a file is added or removed): a catalogue's key."""
    out: list[tuple[str, int, int]] = []

    def add(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            out.append((path, -1, -1))
            return
        out.append((path, st.st_mtime_ns, st.st_size))

    for folder in folders:
        add(folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir() and not entry.name.startswith("."):
                add(entry.path)
                try:
                    inner = sorted(os.scandir(entry.path), key=lambda e: e.name)
                except OSError:
                    continue
                for sub in inner:
                    if sub.is_file() or sub.is_dir():
                        add(sub.path)
            elif entry.is_file():
                add(entry.path)
    return tuple(out)


def _load_pack(folder: str) -> tuple[list[Any], list[Any]]:
    """A pack folder's YAML rules, parsed and checked once (see prepared.py): a later start loads
    the checked rules of the same files without reading YAML or compiling a pattern."""
    from . import prepared
    from .declarative import DeclarativeRule, Entry, Spec, _rule_files, load_pack
    from .findings import Severity
    from .rule import RuleMeta

    def build() -> tuple[tuple[dict[str, Any], ...], bool]:
        found, problems = load_pack(folder)
        # each rule as its attributes (meta, spec, where its settings are), whatever they are;
        # with a problem the files are read again next time, to say what is wrong
        return (tuple(dict(vars(r)) for r in found), tuple(problems)), not problems

    def rule(attrs: dict[str, Any]) -> Any:
        made = DeclarativeRule.__new__(DeclarativeRule)
        made.__dict__.update(attrs)
        return made

    files = [path for _pack, path in _rule_files(folder)]
    rules, problems = prepared.load("pack", files, build, (RuleMeta, Spec, Entry, Severity), extra=folder)
    return [rule(attrs) for attrs in rules], list(problems)


def load_catalog(extra_packs: tuple[str, ...] = ()) -> Catalog:
    """Every rule: built-in packs, entry-point plugins and `extra_packs` (loaded afresh;
    a Session keeps the result, see session.py)."""
    from .rule import Rule

    rules: dict[str, Rule] = {}
    errors: list[str] = []

    def add(rule: Any, origin: str) -> None:
        if not isinstance(rule, Rule) or not isinstance(getattr(rule, "meta", None), object):
            errors.append(f"{origin}: not a rule (needs `meta` and `check`): {rule!r}")
            return
        rid = rule.meta.id
        if rid in rules:
            errors.append(f"{origin}: rule id '{rid}' is already defined by {rules[rid].meta.origin}; ignored")
            return
        rules[rid] = rule

    for folder in (builtin_rules_dir(), *extra_packs):
        if not os.path.isdir(folder):
            errors.append(f"{folder}: rule pack folder not found")
            continue
        found, problems = _load_pack(folder)
        errors.extend(str(p) for p in problems)
        for rule in found:
            add(rule, rule.meta.origin)
    for ep in _entry_points():
        origin = f"plugin '{ep.name}' ({ep.value})"
        try:
            loaded = list(_plugin_rules(ep.load()))
        except Exception as exc:  # a broken plugin must not sink the run
            errors.append(f"{origin} failed to load: {type(exc).__name__}: {exc}")
            continue
        for rule in loaded:
            add(rule, origin)
    open_packs = {r.meta.pack for r in rules.values() if r.meta.sub_ids}
    for rule in rules.values():
        # a rule that supersedes one that does not exist would silently do nothing (a misspelt id)
        for other in sorted(rule.meta.supersedes):
            if other not in rules and other.split(".", 1)[0] not in open_packs:
                line = getattr(rule, "supersedes_line", None)
                where = f"{rule.meta.origin}:{line}" if line else rule.meta.origin
                errors.append(f"{where}: {rule.meta.id} supersedes '{other}', which is no rule")
    packs = frozenset(r.meta.pack for r in rules.values())
    return Catalog(dict(sorted(rules.items())), tuple(errors), packs)
