"""Validation against the rules that exist, and which rules, levels and options apply to ONE file.

`FileConfig` is the resolved config a Session hands the linter: the parsed `Config`,
the rule catalogue it names, and the per-file selections computed from them.
"""

from __future__ import annotations

import os
from .. import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from ..findings import Severity
from ..registry import Catalog, matches
from ..declarative import DeclarativeRule
from ..rule import Rule
from .load import Config, ConfigError, RuleSetting, _line, _preset_path


@dataclass
class FileConfig:
    """The resolved config for the files under one config file: what the linter gets.

    `config` is the parsed config (CLI settings merged in) and `catalog` the rules it
    names; `selection` gives the rules in force for one file. A Session makes one per
    config file and makes a new one when that file, a base it extends or a pack folder
    it names changes. `fingerprint` is a digest of everything that decides the findings
    (for a result cache).
    """

    config: Config
    catalog: Catalog
    # select_rules results by (overrides the path matches, --select, --ignore): see `selection`
    selections: dict[Any, list[Selected]] = field(default_factory=dict, repr=False)
    # the data files the config brings in (validate_data) and their (mtime, size) when checked
    data_files: tuple[tuple[str, tuple[int, int]], ...] = ()
    _fingerprint: str | None = field(default=None, repr=False, compare=False)

    def selection(self, rel_path: str, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> list[Selected]:
        """The rules in force for a file; computed once per set of matching overrides, not per file."""
        matched = tuple(i for i, ov in enumerate(self.config.overrides) if glob_match(ov.files, rel_path))
        key = (matched, select, ignore)
        found = self.selections.get(key)
        if found is None:
            rule_select = _with_sub_id_rules(self.catalog, select)
            found = _Selection(select_rules(self.config, self.catalog, rel_path, rule_select, ignore), self.catalog)
            self.selections[key] = found
        return found

    @property
    def fingerprint(self) -> str:
        """A digest of the config's settings and the rules of the catalogue with their origins."""
        found = self._fingerprint
        if found is None:
            c = self.config
            parts = [repr((c.select, c.enable, c.disable, c.rules, c.overrides, c.packs, c.front_matter_keys,
                           sorted((k, sorted(v.items(), key=repr)) for k, v in c.sections.items())))]
            parts += [f"{rid}@{rule.meta.origin}" for rid, rule in self.catalog.rules.items()]
            import hashlib  # here: a --no-cache run needs no fingerprint, nor OpenSSL

            found = self._fingerprint = hashlib.sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()
        return found


def file_signatures(paths: Sequence[str]) -> tuple[tuple[str, tuple[int, int]], ...]:
    """(path, (modification time, size)) of each file; (-1, -1) for one that went away."""
    out = []
    for path in paths:
        try:
            st = os.stat(path)
            out.append((path, (st.st_mtime_ns, st.st_size)))
        except OSError:
            out.append((path, (-1, -1)))
    return tuple(out)


def relative_to_config(path: str, config: Config) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), config.root)
    except ValueError:
        return path



@dataclass(frozen=True)
class Selected:
    """A rule in force for one file: the rule, its level and its options."""

    rule: Rule
    severity: Severity
    severity_set: bool
    options: Mapping[str, Any]


def validate(config: Config, catalog: Catalog) -> None:
    """Check rule names, option names and option values against the rules that exist."""
    path = config.path or "<config>"
    known_prefixes = set(catalog.rules) | set(catalog.packs) | {"all", "ALL"}
    open_packs = {r.meta.pack for r in catalog.rules.values() if r.meta.sub_ids}

    def known(prefix: str) -> bool:
        """A rule, a pack, or an id under a pack whose rule reports its own ids (grammar.X)."""
        return (prefix in known_prefixes or bool(catalog.matching(prefix))
                or ("." in prefix and prefix.split(".", 1)[0] in open_packs))

    for settings in [config.rules] + [o.rules for o in config.overrides]:
        for s in settings:
            if not known(s.prefix):
                raise ConfigError(s.path or path, s.line, f"rules: no rule or pack named '{s.prefix}'")
            _check_options(s.path or path, s.line, s.prefix, s.options, catalog)
    for name, options in config.sections.items():
        line = config.section_lines.get(name)
        if name not in catalog.packs:
            raise ConfigError(path, line, f"unknown setting '{name}'")
        _check_options(path, line, name, options, catalog)
    presets = os.path.dirname(_preset_path("default"))
    for key, prefix, ref_path, line in config.refs:
        if os.path.dirname(ref_path) == presets:
            continue  # a named base may select packs that are not installed here
        if not known(prefix):
            raise ConfigError(ref_path, line, f"{key}: no rule or pack named '{prefix}'")



def validate_data(config: Config, catalog: Catalog, services: Any) -> tuple[str, ...]:
    """Read the data a config brings in from outside copylint, so that a bad file is a config
    error at its `file:line` before any article is linted, not a failure in each one.

    Two kinds: a file a rule's option names (an option declared `outside="file"`, such as
    `spelling.accept` or `boilerplate.site-furniture.furniture`) must exist; and each rule
    with a `load_data(ctx)` method loads what it would read (a pack folder's extension of
    the pack's data, a furniture pack, a grammar profile) through the session's services,
    so the lint reuses the parse. Returns the paths read: when one changes, the Session
    checks again. Data shipped with copylint is not read here (the test suite checks it; a
    one-article run stays quick).
    """
    import datetime as dt

    from ..rule import RuleContext
    from ..yamlfile import FileError

    read = list(_named_files(config, catalog))
    known = frozenset(catalog.rules)
    done: set[Any] = set()
    for path, line, rule, options in _option_places(config, catalog):
        load = getattr(rule, "load_data", None)
        key = (type(rule), repr(sorted(options.items(), key=repr)))  # rules sharing data load it once
        if load is None or key in done:
            continue
        done.add(key)
        ctx = RuleContext(options=options, as_of=dt.date.today(), config_dir=config.root, known_rules=known,
                          services=services, packs=config.packs)
        try:
            read.extend(load(ctx) or ())
        except ConfigError:
            raise
        except FileError as exc:  # the data file's own file:line, as a config error
            raise ConfigError(exc.path, exc.line, exc.message) from None
        except OSError as exc:
            raise ConfigError(path, line, f"{rule.meta.id}: cannot read {exc.filename or ''}: "
                                          f"{exc.strerror or exc}") from None
        except ValueError as exc:  # a data file a rule could not use
            raise ConfigError(path, line, f"{rule.meta.id}: {exc}") from None
    return tuple(dict.fromkeys(read))


def _named_files(config: Config, catalog: Catalog):
    """Each file an option declared `outside="file"` names, where the config sets it; a
    ConfigError at that line for one that is not there."""
    top = config.path or "<config>"
    places = [(top, config.section_lines.get(pack), pack, options, [r for r in catalog.rules.values()
                                                                   if r.meta.pack == pack])
              for pack, options in config.sections.items()]
    for s in list(config.rules) + [s for ov in config.overrides for s in ov.rules]:
        if s.options:
            places.append((s.path or top, s.line, s.prefix, s.options,
                           [catalog.rules[rid] for rid in catalog.matching(s.prefix)]))
    for path, line, prefix, options, rules in places:
        files = {opt.name for rule in rules for opt in rule.meta.options if opt.outside == "file"}
        for name in files & set(options):
            values = options[name]
            builtin = {v for rule in rules for opt in rule.meta.options if opt.name == name for v in opt.builtin_values}
            for raw in [values] if isinstance(values, str) else list(values or ()):
                if not isinstance(raw, str) or not raw or raw in builtin or raw.startswith("~"):
                    continue  # a home-relative path: the rule's own load_data looks it up
                target = raw if os.path.isabs(raw) else os.path.join(config.root, raw)
                if not os.path.isfile(target):
                    why = "is a folder, not a file" if os.path.isdir(target) else "does not exist"
                    raise ConfigError(path, _line(options, name) or line, f"{prefix}.{name}: the file {raw} {why}")
                yield target


def _option_places(config: Config, catalog: Catalog):
    """(config file, line, rule, options) for every rule, with its options at the top level of
    the config and under each override that sets options for it."""
    top = config.path or "<config>"
    for rid, rule in catalog.rules.items():
        declared = {opt.name: opt for opt in rule.meta.options}
        base: dict[str, Any] = {opt.name: opt.default for opt in rule.meta.options}
        section = config.sections.get(rule.meta.pack, {})
        _apply_options(base, declared, section)
        line = config.section_lines.get(rule.meta.pack) if section else None
        path = top
        for s in sorted((s for s in config.rules if matches(s.prefix, rid)), key=lambda s: _depth(s.prefix)):
            _apply_options(base, declared, s.options)
            if s.options:
                path, line = s.path or top, s.line
        yield path, line, rule, base
        for ov in config.overrides:
            settings = [s for s in ov.rules if matches(s.prefix, rid) and s.options]
            if not settings:
                continue
            options = dict(base)
            for s in sorted(settings, key=lambda s: _depth(s.prefix)):
                _apply_options(options, declared, s.options)
            yield settings[-1].path or top, settings[-1].line, rule, options


def sub_id_setting(config: Config, rel_path: str, rule_id: str, parent: str) -> tuple[bool, Severity | None]:
    """Whether a sub-id finding (grammar.EN_A_VS_AN) stays on, and its configured level.

    Only settings that name the sub-id itself (not its parent rule or pack, which selection
    already applied) count; the most specific wins, and disabling wins a tie.
    """
    def specific(prefix: str) -> bool:
        return matches(prefix, rule_id) and not matches(prefix, parent)

    votes, settings = _votes_and_settings(config, rel_path)
    on, depth = True, -1
    for prefix, vote in votes:
        if specific(prefix) and (_depth(prefix) > depth or (_depth(prefix) == depth and not vote)):
            on, depth = vote, _depth(prefix)
    severity = None
    for s in sorted((s for s in settings if s.severity is not None and specific(s.prefix)),
                    key=lambda s: _depth(s.prefix)):
        severity = s.severity
    return on, severity


def _check_options(path: str, line: int | None, prefix: str, options: Mapping[str, Any], catalog: Catalog) -> None:
    if not options:
        return
    declared: dict[str, Any] = {}
    for rid in catalog.matching(prefix):
        for opt in catalog.rules[rid].meta.options:
            declared.setdefault(opt.name, opt)
    for name, value in options.items():
        opt = declared.get(name)
        opt_line = _line(options, name) or line
        if opt is None:
            known = ", ".join(sorted(declared)) or "none"
            raise ConfigError(path, opt_line, f"{prefix}: unknown option '{name}' (options: {known})")
        try:
            opt.clean(value)
        except ValueError as exc:
            raise ConfigError(path, opt_line, f"{prefix}.{name}: {exc}") from None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?$")  # re keeps recent patterns compiled


def glob_match(patterns: tuple[str, ...], rel_path: str) -> bool:
    rel = rel_path.replace(os.sep, "/")
    base = rel.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = rel if "/" in pattern.rstrip("/") else base
        compiled = _glob_regex(pattern.rstrip("/"))
        if compiled.match(target) or ("/" not in pattern.rstrip("/") and compiled.match(rel)):
            return True
    return False


def _votes_and_settings(config: Config, rel_path: str) -> tuple[list[tuple[str, bool]], list[RuleSetting]]:
    """The on/off votes (prefix, on) and rule settings in force for a file, overrides included."""
    votes = [(p, True) for p in config.enable] + [(p, False) for p in config.disable]
    settings = list(config.rules)
    for ov in config.overrides:
        if glob_match(ov.files, rel_path):
            votes += [(p, True) for p in ov.enable] + [(p, False) for p in ov.disable]
            settings += list(ov.rules)
    votes += [(s.prefix, s.enabled) for s in settings if s.enabled is not None]
    return votes, settings


def select_rules(
    config: Config,
    catalog: Catalog,
    rel_path: str,
    cli_select: tuple[str, ...] | None = None,
    cli_ignore: tuple[str, ...] = (),
) -> list[Selected]:
    """The rules in force for one file, with their levels and options."""
    select = cli_select if cli_select is not None else config.select
    restricted = select is not None
    votes, settings = _votes_and_settings(config, rel_path)
    votes = [(p, True) for p in (select or ())] + votes
    ignore_votes = [(p, False) for p in cli_ignore]

    chosen: list[Selected] = []
    for rid, rule in catalog.rules.items():
        if not _enabled(rid, rule.meta.default_enabled and not restricted, votes, ignore_votes, cli_select):
            continue
        severity, severity_set = rule.meta.severity, False
        options: dict[str, Any] = {opt.name: opt.default for opt in rule.meta.options}
        declared = {opt.name: opt for opt in rule.meta.options}
        section = config.sections.get(rule.meta.pack, {})
        _apply_options(options, declared, section)
        for s in sorted((s for s in settings if matches(s.prefix, rid)), key=lambda s: _depth(s.prefix)):
            if s.severity is not None:
                severity, severity_set = s.severity, True
            _apply_options(options, declared, s.options)
        chosen.append(Selected(rule, severity, severity_set, options))
    return chosen


def _apply_options(options: dict[str, Any], declared: Mapping[str, Any], given: Mapping[str, Any]) -> None:
    for name, value in given.items():
        if name in declared:
            options[name] = declared[name].clean(value)


def _depth(prefix: str) -> int:
    return -1 if prefix in ("all", "ALL") else prefix.count(".") + 1


def _enabled(
    rid: str,
    default: bool,
    votes: list[tuple[str, bool]],
    ignore_votes: list[tuple[str, bool]],
    cli_select: tuple[str, ...] | None,
) -> bool:
    if any(matches(p, rid) for p, _ in ignore_votes):
        return False
    if cli_select is not None and not any(matches(p, rid) for p in cli_select):
        return False
    best_depth, state = -2, default
    for prefix, on in votes:
        if matches(prefix, rid):
            depth = _depth(prefix)
            if depth > best_depth or (depth == best_depth and not on):
                best_depth, state = depth, on
    return state


class _Selection(list):
    """A cached selection (see FileConfig.selection) with what lint_document derives from it."""

    def __init__(self, selected: list[Selected], catalog: Catalog) -> None:
        super().__init__(selected)
        self.catalog = catalog
        self.plan = _plan(self, catalog)


def _plan(selected: Sequence[Selected], catalog: Catalog) -> tuple[Any, ...]:
    from ..declarative.engine import compile_engine

    declarative = tuple(s.rule for s in selected if isinstance(s.rule, DeclarativeRule))
    return (
        {s.rule.meta.id: s for s in selected},
        compile_engine(declarative) if declarative else None,  # compiled once a selection
        frozenset(catalog.rules),
        frozenset(r.meta.pack for r in catalog.rules.values() if r.meta.sub_ids),
    )


def _with_sub_id_rules(catalog: Catalog, select: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """`--select grammar.EN_A_VS_AN` names no rule: it selects the pack's rule that reports such ids."""
    if select is None:
        return None
    extra = tuple(
        rid for p in select if not catalog.matching(p)
        for rid, rule in catalog.rules.items() if rule.meta.sub_ids and p.startswith(rule.meta.pack + ".")
    )
    return select + extra
