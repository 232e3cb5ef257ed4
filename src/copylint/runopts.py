"""What a run decided and what it has to say: `RunOptions` and `Notices`.

Apart from linter.py (which re-exports both) so that a run answered from the result cache
reads them without importing the linter and, through it, the rule machinery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .findings import Severity


@dataclass(frozen=True)
class RunOptions:
    """What the command line decided, the same for every file (picklable for workers)."""

    config_path: str | None = None  # --config: one file for every path
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    as_of: dt.date | None = None
    fix: bool = False
    diff: bool = False
    keep_source: bool = False
    keep_clean_source: bool = True  # with keep_source: also for files without findings (plugin reporters)
    settings: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()  # CLI pack settings, e.g. grammar.server
    cwd: str = "."
    min_level: Severity | None = None  # --min-level: over the config's `min-level`


class Notices:
    """Run-level messages, said once each."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._seen: set[str] = set()
        self.unavailable_rules: dict[str, str] = {}
        self.file_errors: list[tuple[str, str]] = []
        self.skipped_files: list[tuple[str, str, str]] = []  # (rule id, path, message)

    def notice(self, key: str, message: str) -> None:
        if key not in self._seen:
            self._seen.add(key)
            self.messages.append(message)

    def unavailable(self, rule_id: str, reason: str) -> None:
        if rule_id not in self.unavailable_rules:
            self.unavailable_rules[rule_id] = reason

    def error(self, path: str, message: str) -> None:
        self.file_errors.append((path, message))

    def skipped(self, rule_id: str, path: str, message: str) -> None:
        self.skipped_files.append((rule_id, path, message))

    def merge(self, other: Notices) -> None:
        for m in other.messages:
            self.notice(m, m)
        for rid, reason in other.unavailable_rules.items():
            self.unavailable(rid, reason)
        self.file_errors.extend(other.file_errors)
        self.skipped_files.extend(other.skipped_files)
