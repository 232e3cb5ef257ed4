"""The Rule protocol: what a rule declares about itself and what it returns.

A rule reads a `Document` and yields `Hit`s in prose offsets. It never knows about
files, config discovery, colours or exit codes: the linter stamps the rule id, the
configured severity and the source position onto each hit.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Protocol, runtime_checkable

from .document import Document
from .findings import Severity
from .services import Services

DOC_HEADINGS = ("What it does", "Why it matters", "Example", "Use instead", "Options", "Fix safety")


@dataclass(frozen=True)
class Option:
    """One setting a rule accepts in config: `rules: {id: {name: value}}` or its pack section."""

    name: str
    default: Any
    help: str
    kind: type | tuple[type, ...] = str
    validate: Callable[[Any], Any] | None = None  # returns the cleaned value or raises ValueError
    # what outside the config this setting makes copylint use: "file", "folder", "server" or
    # "program"; a request to `copylint serve` may not set such a setting (only its own config)
    outside: str = ""
    # values that name something shipped with copylint, not outside it (grammar's `profile:
    # news`): a request may set those, and the config check looks for no such file
    builtin_values: tuple[str, ...] = ()

    def names_outside(self, value: Any) -> bool:
        """Whether `value` of this setting names something outside the config."""
        if not self.outside:
            return False
        values = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else [value]
        return any(v not in self.builtin_values for v in values)

    def clean(self, value: Any) -> Any:
        if self.kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.kind is list and isinstance(value, str):
            value = [value]
        bool_ok = self.kind is bool or (isinstance(self.kind, tuple) and bool in self.kind)
        if not isinstance(value, self.kind) or (isinstance(value, bool) and not bool_ok):
            names = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true or false",
                     "list": "a list", "dict": "a mapping", "NoneType": "an empty value"}
            want = " or ".join(names.get(k.__name__, k.__name__) for k in
                               (self.kind if isinstance(self.kind, tuple) else (self.kind,)))
            got = names.get(type(value).__name__, type(value).__name__)
            raise ValueError(f"option '{self.name}' takes {want}, not {got}")
        return self.validate(value) if self.validate else value


@dataclass(frozen=True)
class RuleMeta:
    """Everything a rule says about itself."""

    id: str
    summary: str
    severity: Severity
    doc: str
    link: str | None = None
    scopes: frozenset[str] | None = None  # None: every scope but code
    options: tuple[Option, ...] = ()
    default_enabled: bool = True
    fixable: bool = False
    origin: str = "builtin"  # builtin, a YAML file path, or an entry point name
    sub_ids: bool = False  # hits may name their own id under the pack (`Hit.rule`), e.g. grammar.EN_A_VS_AN
    # rule ids this rule's findings replace where both report overlapping text (and both are
    # selected): the linter keeps the more specific finding. A rule never asks whether another
    # would report; it says which it is more specific than, and the linter decides.
    supersedes: frozenset[str] = frozenset()

    @property
    def pack(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Hit:
    """What a rule found: prose offsets, a message and optional suggestions and fix.

    `fix` is a tuple of (prose start, prose end, replacement); the linter turns it into
    source edits when the prose at those offsets is a verbatim copy of the source.
    `fix_title` says what the fix does ("Delete the repeated 'the'"); without one, the
    linter describes the edits themselves ("Replace 'EDT' with 'EST'").
    """

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    fix: tuple[tuple[int, int, str], ...] = ()
    fix_safe: bool = False
    severity: Severity | None = None  # this hit's own level, where a rule has more than one
    demote: int = 0  # levels below the configured one (e.g. 1 inside quoted speech)
    in_source: bool = False  # start/end are offsets into the source, not the prose
    rule: str | None = None  # with `meta.sub_ids`: the id to report, under the rule's pack
    fix_title: str = ""


class Notices(Protocol):
    def notice(self, key: str, message: str) -> None: ...
    def unavailable(self, rule_id: str, reason: str) -> None: ...
    def error(self, path: str, message: str) -> None: ...
    def skipped(self, rule_id: str, path: str, message: str) -> None: ...


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know about the run, besides the document."""

    options: Mapping[str, Any]
    as_of: _dt.date
    config_dir: str  # the folder of the config file in force; relative option paths resolve from it
    notices: Notices | None = None
    known_rules: frozenset[str] = frozenset()  # every rule id in the catalog
    path: str = ""  # the display path of the document
    open_packs: frozenset[str] = frozenset()  # packs with a rule whose hits carry their own ids
    # the session's clients and loaded data files (services.py): what outlives one document
    services: Services = field(default_factory=Services)
    packs: tuple[str, ...] = ()  # the config's pack folders (`packs:`), which may extend a pack's data

    def with_options(self, options: Mapping[str, Any]) -> RuleContext:
        """This context with another rule's options: what `dataclasses.replace(self, options=...)`
        gives, at a tenth of the cost of building a frozen dataclass (a document runs some forty
        rules, each with a context of its own)."""
        new = object.__new__(RuleContext)
        new.__dict__.update(self.__dict__)
        new.__dict__["options"] = options
        return new

    def data_files(self, pack: str, name: str) -> tuple[str, ...]:
        """A pack's data file and its extensions, in order: `rules/<pack>/data/<name>` shipped
        with copylint, then `<folder>/<pack>/data/<name>` (or `<folder>/data/<name>` when the
        folder is the pack itself) in each pack folder of the config that has one. Looked up
        once a lint call (`Services.per_call`), not once a document."""
        return self.services.per_call(("data-files", pack, name, self.packs), lambda: self._data_files(pack, name))

    def _data_files(self, pack: str, name: str) -> tuple[str, ...]:
        import os

        from .registry import builtin_rules_dir

        out = [os.path.join(builtin_rules_dir(), pack, "data", name)]
        for folder in self.packs:
            for candidate in (os.path.join(folder, pack, "data", name),
                              os.path.join(folder, "data", name) if os.path.basename(folder) == pack else ""):
                if candidate and os.path.isfile(candidate):
                    out.append(candidate)
        return tuple(out)

    def notice(self, key: str, message: str) -> None:
        """A run-level note printed once however many files report it."""
        if self.notices is not None:
            self.notices.notice(key, message)

    def unavailable(self, rule_id: str, reason: str) -> None:
        """Say that a rule could not run at all (e.g. no LanguageTool server)."""
        if self.notices is not None:
            self.notices.unavailable(rule_id, reason)

    def error(self, path: str, message: str) -> None:
        """A per-file error that does not stop the run (the file was not fully checked: exit 2)."""
        if self.notices is not None:
            self.notices.error(path, message)

    def skipped(self, rule_id: str, path: str, message: str) -> None:
        """This file could not be checked by `rule_id` because a service it needs failed.

        Said per file; like `unavailable`, it keeps the run's exit code unless the rule's
        pack is required (`--require grammar`).
        """
        if self.notices is not None:
            self.notices.skipped(rule_id, path, message)


@runtime_checkable
class Rule(Protocol):
    """A rule: its `meta` and `check`.

    A rule that reads data from outside copylint (a pack folder's extension of its pack's
    data, a file its options name) may also have `load_data(ctx) -> Iterable[str]`: it
    loads that data through `ctx.services`, raises `yamlfile.FileError` (file:line) for a
    bad file, and returns the paths it read. The Session calls it when it loads a config,
    so that a bad data file stops the run before any article (`copylint config --check`
    says the same), and again when one of those files changes.
    """

    meta: RuleMeta

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Hit]: ...


def make_doc(
    what: str,
    why: str,
    example: str,
    instead: str,
    options: str = "None.",
    fix: str = "No automatic fix.",
) -> str:
    """Lay out a rule's documentation under the house headings."""
    parts = {
        "What it does": what,
        "Why it matters": why,
        "Example": example,
        "Use instead": instead,
        "Options": options,
        "Fix safety": fix,
    }
    return "\n\n".join(f"## {head}\n{body.strip()}" for head, body in parts.items())
