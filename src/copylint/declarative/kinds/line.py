"""The `line` kind: whole standalone lines a pattern fits (the boilerplate pack's data).

A file of this kind (`rules/boilerplate/data/lines.yml`, or the same path in a newsroom's
pack folder, which extends it) holds `terms` (named alternations, used as `{name}` in patterns
and in other terms) and `rules`, a mapping of rule name to:

- `lines`: regexes that must match a whole standalone line;
- `contains`: regexes found anywhere in such a line, tried only on lines holding one of
  the words of `contains-if`;
- `weak`: regexes matching a whole line that has a short line next to it;
- `max-words` (default 30) and `fix` (safe or unsafe, default unsafe).

`load` parses and checks one file; `compile` merges files in order (a later file adds
patterns and terms, and may set `max-words`/`fix`) into one `LinePatterns` a rule; the
boilerplate rules run them (checks/boilerplate.py). A term a later file defines again
replaces the earlier one everywhere it stands, in the earlier files' patterns too, and in the
patterns Python code builds from the terms (`merged_terms`; checks/boilerplate.py `LineTerms`:
a byline's label, job titles, a stamp's label alone on its line), so that each is written once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ._data import load_checked, problem

RULE_KEYS = frozenset({"lines", "contains", "contains-if", "weak", "max-words", "fix"})
TOP_KEYS = frozenset({"terms", "rules"})
_TERM_RE = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class LineRuleData:
    lines: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    contains_if: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    max_words: int | None = None
    fix: str | None = None


@dataclass(frozen=True)
class LineData:
    """One file's terms and rules, checked."""

    path: str
    terms: dict[str, str] = field(default_factory=dict)
    rules: dict[str, LineRuleData] = field(default_factory=dict)


@dataclass(frozen=True)
class LinePatterns:
    """One rule's patterns after merging, each list as one alternation ("" for none)."""

    strong: str
    contains: str
    contains_if: tuple[str, ...]
    weak: str
    max_words: int
    fix_safe: bool


def load(path: str, known: Iterable[str] | None = None, terms: dict[str, str] | None = None) -> LineData:
    """One data file, checked: keys, types and every pattern with its `{term}`s filled in
    from this file's terms and `terms` (those of the files it extends). `known`: the rule
    names a file may name (None: any)."""
    from ... import prepared

    names = frozenset(known) if known is not None else None
    base = dict(terms or {})
    # checked once for these bytes (each pattern compiled to check it), then loaded prepared
    return prepared.load("line", [path], lambda: (load_checked(path, lambda data: _build(path, data, names, base)), True),
                         (LineData, LineRuleData), extra=(sorted(names) if names is not None else None, sorted(base.items())))


def _strings(value: Any, *where: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise problem(f"'{where[-1]}' must be a list of text", *where)
    return tuple(value)


def _build(path: str, data: Any, known: frozenset[str] | None, base_terms: dict[str, str]) -> LineData:
    if data is None:
        return LineData(path)
    if not isinstance(data, dict):
        raise problem("a line data file is a mapping with 'terms' and 'rules'")
    for key in data:
        if key not in TOP_KEYS:
            raise problem(f"unknown key '{key}' (keys: {', '.join(sorted(TOP_KEYS))})", key)
    terms_raw = data.get("terms") or {}
    if not isinstance(terms_raw, dict):
        raise problem("'terms' maps a name to an alternation", "terms")
    terms = {}
    for name, value in terms_raw.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_]+", name) or not isinstance(value, (str, int)):
            raise problem("each term is a lowercase name (a-z, _) and a text", "terms", name)
        terms[name] = " ".join(str(value).split())
    try:
        filled = resolve({**base_terms, **terms})
    except ValueError as exc:
        raise problem(str(exc), "terms", exc.args[1]) from None
    for name in filled:  # this file's terms, and those that name them
        try:  # a term stands in patterns as `(?:{name})`, and Python rules read it alone too
            re.compile(f"(?:{filled[name]})")
        except re.error as exc:
            raise problem(f"term '{name}' is not a valid pattern: {exc}", "terms", name) from None
    rules_raw = data.get("rules") or {}
    if not isinstance(rules_raw, dict):
        raise problem("'rules' maps a rule name to its patterns", "rules")
    rules = {}
    for name, spec in rules_raw.items():
        if known is not None and name not in known:
            raise problem(f"no boilerplate rule named '{name}' (rules: {', '.join(sorted(known))})", "rules", name)
        if not isinstance(spec, dict):
            raise problem(f"rules.{name} is a mapping of {', '.join(sorted(RULE_KEYS))}", "rules", name)
        for key in spec:
            if key not in RULE_KEYS:
                raise problem(f"rules.{name}: unknown key '{key}' (keys: {', '.join(sorted(RULE_KEYS))})",
                              "rules", name, key)
        max_words = spec.get("max-words")
        if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
            raise problem(f"rules.{name}.max-words must be a whole number above 0", "rules", name, "max-words")
        fix = spec.get("fix")
        if fix is not None and fix not in ("safe", "unsafe"):
            raise problem(f"rules.{name}.fix must be safe or unsafe", "rules", name, "fix")
        rule = LineRuleData(
            lines=_strings(spec.get("lines"), "rules", name, "lines"),
            contains=_strings(spec.get("contains"), "rules", name, "contains"),
            contains_if=tuple(w.lower() for w in _strings(spec.get("contains-if"), "rules", name, "contains-if")),
            weak=_strings(spec.get("weak"), "rules", name, "weak"),
            max_words=max_words,
            fix=fix,
        )
        for key in ("lines", "contains", "weak"):
            for i, pattern in enumerate(getattr(rule, key)):
                _check_pattern(pattern, filled, "rules", name, key, i)
        rules[name] = rule
    return LineData(path, terms, rules)


def _check_pattern(pattern: str, terms: dict[str, str], *where: Any) -> None:
    missing = [t for t in _TERM_RE.findall(pattern) if t not in terms]
    if missing:
        raise problem(f"pattern {pattern!r} names the term '{{{missing[0]}}}', which 'terms' does not define", *where)
    try:
        re.compile(_fill(pattern, terms))
    except re.error as exc:
        raise problem(f"invalid pattern {pattern!r}: {exc}", *where) from None


def resolve(terms: dict[str, str]) -> dict[str, str]:
    """Each term with the `{name}`s in it filled in, to any depth ('date' names 'month' and
    'weekday'), so that an alternation is written once even inside another; a term that names
    itself, through others or directly, or names a term not defined is a ValueError(message,
    name)."""
    out: dict[str, str] = {}

    def fill(name: str, path: tuple[str, ...]) -> str:
        if name in out:
            return out[name]
        if name in path:
            raise ValueError(f"term '{path[0]}' names itself through {' -> '.join(path + (name,))}", path[0])

        def inner(m: re.Match[str]) -> str:
            if m.group(1) not in terms:
                raise ValueError(f"term '{name}' names the term '{{{m.group(1)}}}', which 'terms' does not define", name)
            return fill(m.group(1), path + (name,))

        out[name] = _TERM_RE.sub(inner, terms[name])
        return out[name]

    for name in terms:
        fill(name, ())
    return out


def _fill(pattern: str, terms: dict[str, str]) -> str:
    return _TERM_RE.sub(lambda m: terms.get(m.group(1), m.group()), pattern)


def _alternation(patterns: Iterable[str], terms: dict[str, str]) -> str:
    filled = [_fill(p, terms) for p in patterns]
    if not filled:
        return ""
    return "(?:" + "|".join(f"(?:{p})" for p in filled) + ")"


def merged_terms(files: Iterable[LineData]) -> dict[str, str]:
    """The terms of every file merged in order (a later file's term replaces an earlier one's),
    each filled in (`resolve`: a term redefined changes the terms that name it too): the
    alternations `{name}` stands for, which Python rules read too (checks/boilerplate.py)."""
    terms: dict[str, str] = {}
    for data in files:
        terms.update(data.terms)
    return resolve(terms)


def compile(files: Iterable[LineData]) -> dict[str, LinePatterns]:
    """The rules of every file merged in order: patterns and terms added, settings overridden."""
    files = tuple(files)
    terms = merged_terms(files)
    merged: dict[str, dict[str, Any]] = {}
    for data in files:
        for name, rule in data.rules.items():
            slot = merged.setdefault(name, {"lines": [], "contains": [], "contains_if": [], "weak": [],
                                            "max_words": 30, "fix": "unsafe"})
            for key in ("lines", "contains", "contains_if", "weak"):
                slot[key].extend(getattr(rule, key))
            if rule.max_words is not None:
                slot["max_words"] = rule.max_words
            if rule.fix is not None:
                slot["fix"] = rule.fix
    return {
        name: LinePatterns(
            strong=_alternation(slot["lines"], terms),
            contains=_alternation(slot["contains"], terms),
            contains_if=tuple(slot["contains_if"]),
            weak=_alternation(slot["weak"], terms),
            max_words=int(slot["max_words"]),
            fix_safe=slot["fix"] == "safe",
        )
        for name, slot in merged.items()
    }
