"""The `existence` kind: report each token (a literal phrase) or pattern (a regex) found.

    kind: existence
    tokens: [lorem ipsum]
    patterns: ['\bTK\b']
    message: "'{match}' is a placeholder"
"""

from __future__ import annotations

from typing import Any

from ...rule import Hit

KEYS = frozenset({"tokens", "patterns"})
DEFAULT_MESSAGE = "'{match}' found"
DEFAULT_FIX = "none"


def parse(path: str, data: Any, entry: type, str_list: Any, fail: Any) -> list[tuple[Any, int]]:
    """The rule's entries, each with its line: each token a literal, each pattern a regex."""
    from ...yamlfile import LList

    if "swap" in data:
        raise fail(path, data, "swap", "'swap' belongs to kind 'substitution'")
    entries = [(entry(token, False), data.line_of("tokens")) for token in str_list(path, data, "tokens")]
    held = data.get("patterns")
    for i, pattern in enumerate(str_list(path, data, "patterns")):
        entries.append((entry(pattern, True), held.line_of(i) if isinstance(held, LList) else data.line_of("patterns")))
    return entries


def hit(spec: Any, entry: Any, m: Any, matched: str, start: int, end: int, demote: int, regex_mod: Any) -> Hit:
    return Hit(start, end, spec.message.format(match=matched, replacement=""), demote=demote)
