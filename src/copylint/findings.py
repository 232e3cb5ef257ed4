"""Small frozen values that flow from rules to reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that comparisons read naturally."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = tuple(s.label for s in Severity)


@dataclass(frozen=True)
class Position:
    """A 1-based line and a 1-based column counted in code points."""

    line: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] (offsets into the decoded file text) with `replacement`.

    `original` is the text the rule saw there; the fixer applies the edit only where the
    span still holds exactly that (None: not checked, for edits made outside the linter).
    """

    start: int
    end: int
    replacement: str
    original: str | None = None


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    safe: bool
    title: str = ""


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one file, as the linter stamped it."""

    path: str
    rule: str
    severity: Severity
    message: str
    start: Position
    end: Position
    offset: int
    end_offset: int
    match: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    link: str | None = None
    scope: str = ""
    data: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # whether `match` is exactly the file's text at the span; False where the span crosses
    # markup, an entity or an escape, or folded whitespace: `match` is then the text the rule read
    verbatim: bool = True

    def sort_key(self) -> tuple:
        return (self.path, self.offset, self.end_offset, self.rule)

    def to_dict(self, path: str | None = None) -> dict[str, Any]:
        """The finding as an object of the JSON contract (README, docs/api.md); `path`
        replaces the finding's own (the JSON reporter gives it relative to the run's root)."""
        fix = None
        if self.fix is not None:
            fix = {
                "safe": self.fix.safe,
                "title": self.fix.title,
                "edits": [
                    {"start_offset": e.start, "end_offset": e.end, "replacement": e.replacement}
                    for e in self.fix.edits
                ],
            }
        out = {
            "path": self.path if path is None else path,
            "line": self.start.line,
            "column": self.start.column,
            "end_line": self.end.line,
            "end_column": self.end.column,
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "match": self.match,
            "verbatim": self.verbatim,
            "suggestions": list(self.suggestions),
            "fix": fix,
            "link": self.link,
        }
        place = dict(self.data).get("place")
        if place:  # formats with places of their own (DOCX: "paragraph 3, character 5")
            out["place"] = place
        return out


@dataclass(frozen=True)
class FileResult:
    """What linting one file produced."""

    path: str
    findings: tuple[Finding, ...] = ()
    source: str | None = None  # the decoded text, kept for reporters that show it
    error: str | None = None  # set when the file could not be linted at all
    fixed: int = 0  # safe fixes applied (with --fix)
    diff: str = ""  # with --diff: the unified diff of the safe fixes


@dataclass
class Report:
    """Everything the reporters get: results by file, run-level notices, the rules in force."""

    results: list[FileResult]
    rules: dict[str, object] = field(default_factory=dict)  # rule id -> RuleMeta
    notices: list[str] = field(default_factory=list)
    root: str = "."

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for f in self.findings:
            out[f.severity] += 1
        return out
