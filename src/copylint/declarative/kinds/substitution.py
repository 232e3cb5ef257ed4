"""The `substitution` kind: report each key of `swap` and suggest its value.

    kind: substitution
    swap: {wreck havoc: wreak havoc, free reign: free rein}
    regex: false          # keys are literal phrases (true: regexes; values may use \1)
    fix: unsafe           # none, safe or unsafe; a fix only where there is one suggestion

A value may list alternatives with `|` ("affect|effect"): each is a suggestion.
"""

from __future__ import annotations

from typing import Any

from ...rule import Hit

KEYS = frozenset({"swap", "regex"})
DEFAULT_MESSAGE = "Use '{replacement}' instead of '{match}'"
DEFAULT_FIX = "unsafe"


def parse(path: str, data: Any, entry: type, bool_value: Any, fail: Any) -> list[tuple[Any, int]]:
    """The rule's entries, each with its line: each key of `swap` with its replacements."""
    from ...yamlfile import LDict

    swap = data.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise fail(path, data, "swap", "'swap' is required: a mapping of wrong → right")
    is_regex = bool_value(path, data, "regex", False)
    entries = []
    for key, value in swap.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise fail(path, swap, key, "each 'swap' entry maps text to text")
        replacements = tuple(v.strip() for v in value.split("|") if v.strip())
        entries.append((entry(key, is_regex, replacements),
                        swap.line_of(key) if isinstance(swap, LDict) else data.line_of("swap")))
    for key in ("tokens", "patterns"):
        if key in data:
            raise fail(path, data, key, f"'{key}' belongs to kind 'existence'; use 'swap'")
    return entries


def adapt_case(replacement: str, matched: str) -> str:
    if len(matched) > 1 and matched.isupper() and not replacement.isupper():
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def hit(spec: Any, entry: Any, m: Any, matched: str, start: int, end: int, demote: int, regex_mod: Any) -> Hit | None:
    replacements = []
    for rep in entry.replacements:
        if entry.is_regex and "\\" in rep:
            try:
                rep = m.expand(rep)
            except (IndexError, regex_mod.error):
                pass
        replacements.append(adapt_case(rep, matched) if spec.ignorecase else rep)
    if not replacements or matched in replacements:
        return None
    shown = " or ".join(f"{r}" for r in replacements)
    message = spec.message.format(match=matched, replacement=shown)
    fix: tuple[tuple[int, int, str], ...] = ()
    if spec.fix != "none" and len(replacements) == 1:
        fix = ((start, end, replacements[0]),)
    return Hit(start, end, message, tuple(replacements), fix, spec.fix == "safe", demote=demote)
