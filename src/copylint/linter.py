"""Orchestration only: read, run the selected rules, stamp findings, filter, fix."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from . import directives
from .config import (
    Config, ConfigError, Selected, discover, glob_match, load_config_file, select_rules, sub_id_setting, validate,
)
from .declarative import DeclarativeRule
from .document import Document
from .findings import Edit, FileResult, Finding, Fix, Position, Severity
from .formats import DEFAULT_PROSE_KEYS, format_for, read_document
from .registry import Catalog, load_catalog, matches
from .rule import Hit, RuleContext
from .textio import ReadError, SourceText, decode, read_path


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


@dataclass
class FileConfig:
    config: Config
    catalog: Catalog
    # select_rules results by (overrides the path matches, --select, --ignore): see `selection`
    selections: dict[Any, list[Selected]] = field(default_factory=dict, repr=False)

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


_CONFIG_CACHE: dict[str | None, FileConfig] = {}


def config_for(path: str, options: RunOptions) -> FileConfig:
    """The config and rule catalog in force for a file (cached by config file)."""
    if options.config_path:
        cfg_path: str | None = options.config_path
    else:
        cfg_path = discover(os.path.dirname(os.path.abspath(path)) or ".")
    cached = _CONFIG_CACHE.get(cfg_path)
    if cached is not None:
        return cached
    config = load_config_file(cfg_path) if cfg_path else Config(root=options.cwd)
    if options.settings:
        sections = {k: dict(v) for k, v in config.sections.items()}
        for pack, values in options.settings:
            sections.setdefault(pack, {}).update(dict(values))
        config = replace(config, sections=sections)
    catalog = load_catalog(config.packs)
    validate(config, catalog)
    result = FileConfig(config, catalog)
    _CONFIG_CACHE[cfg_path] = result
    return result


def relative_to_config(path: str, config: Config) -> str:
    try:
        return os.path.relpath(os.path.abspath(path), config.root)
    except ValueError:
        return path


def _lower(severity: Severity, steps: int) -> Severity:
    return Severity(max(int(Severity.SUGGESTION), int(severity) - steps))


def _to_finding(doc: Document, sel: Selected, hit: Hit) -> Finding | None:
    meta = sel.rule.meta
    rule_id = hit.rule if hit.rule and meta.sub_ids and hit.rule.startswith(meta.pack + ".") else meta.id
    if hit.in_source:
        start, end = hit.start, max(hit.end, hit.start)
        match = doc.source[start:end]
        scope = ""
    else:
        scope = doc.scope_at(hit.start)
        if meta.scopes is not None and scope not in meta.scopes:
            return None
        start, end = doc.to_source(hit.start, hit.end)
        match = doc.prose[hit.start : hit.end]
    base = sel.severity if sel.severity_set else (hit.severity or sel.severity)
    severity = _lower(base, hit.demote)
    fix = None
    if hit.fix:
        edits = []
        for fs, fe, rep in hit.fix:
            if hit.in_source:
                edits.append(Edit(fs, fe, rep, doc.source[fs:fe]))
            elif doc.is_verbatim(fs, fe):
                s, e = doc.to_source(fs, fe)
                edits.append(Edit(s, e, rep, doc.prose[fs:fe]))
            else:
                edits = []
                break
        if edits:
            title = f"Replace '{match}' with '{edits[0].replacement}'" if edits[0].replacement else f"Delete '{match}'"
            fix = Fix(tuple(edits), hit.fix_safe, title)
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return Finding(
        path=doc.path,
        rule=rule_id,
        severity=severity,
        message=hit.message,
        start=Position(line, col),
        end=Position(end_line, end_col),
        offset=start,
        end_offset=end,
        match=match,
        suggestions=tuple(hit.suggestions),
        fix=fix,
        link=meta.link,
        scope=scope,
    )


class _Selection(list):
    """A cached selection (see FileConfig.selection) with what lint_document derives from it."""

    def __init__(self, selected: list[Selected], catalog: Catalog) -> None:
        super().__init__(selected)
        self.catalog = catalog
        self.plan = _plan(self, catalog)


def _plan(selected: Sequence[Selected], catalog: Catalog) -> tuple[Any, ...]:
    return (
        {s.rule.meta.id: s for s in selected},
        tuple(s.rule for s in selected if isinstance(s.rule, DeclarativeRule)),
        frozenset(catalog.rules),
        frozenset(r.meta.pack for r in catalog.rules.values() if r.meta.sub_ids),
    )


# Findings reported for one file at most (docs/limits.md): past it the copy is not copy.
MAX_FINDINGS_PER_FILE = 10_000


def lint_document(
    doc: Document,
    selected: Sequence[Selected],
    catalog: Catalog,
    notices: Notices,
    as_of: dt.date,
    config: Config,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] = (),
) -> list[Finding]:
    from .declarative.engine import PatternTimeout, compile_engine

    hits: list[tuple[Selected, Hit]] = []
    if isinstance(selected, _Selection) and selected.catalog is catalog:
        by_id, declarative, known, open_packs = selected.plan
    else:
        by_id, declarative, known, open_packs = _plan(selected, catalog)
    if declarative:
        try:
            for rule, hit in compile_engine(declarative).run(doc):
                hits.append((by_id[rule.meta.id], hit))
        except PatternTimeout as exc:
            notices.error(doc.path, str(exc))
    for sel in selected:
        if isinstance(sel.rule, DeclarativeRule):
            continue
        ctx = RuleContext(
            options=sel.options,
            as_of=as_of,
            config_dir=config.root,
            notices=notices,
            known_rules=known,
            path=doc.path,
            open_packs=open_packs,
        )
        try:
            for hit in sel.rule.check(doc, ctx):
                hits.append((sel, hit))
        except Exception as exc:  # one failing rule must not lose the others' findings
            notices.error(doc.path, f"rule {sel.rule.meta.id} failed: {type(exc).__name__}: {exc}")
    findings: dict[tuple[str, int, int], Finding] = {}
    for sel, hit in hits:
        finding = _to_finding(doc, sel, hit)
        if finding is not None and finding.rule != sel.rule.meta.id:
            # a sub-id (grammar.EN_A_VS_AN): --select/--ignore also apply to the id reported
            if any(matches(p, finding.rule) for p in ignore) or not (
                select is None or any(matches(p, finding.rule) or matches(p, sel.rule.meta.id) for p in select)
            ):
                continue
            on, level = sub_id_setting(config, relative_to_config(doc.path, config), finding.rule, sel.rule.meta.id)
            if not on:
                continue
            if level is not None:
                finding = replace(finding, severity=_lower(level, hit.demote))
        if finding is not None:
            key = (finding.rule, finding.offset, finding.end_offset)
            if key not in findings or findings[key].severity < finding.severity:
                findings[key] = finding
    result = sorted(directives.apply(directives.parse(doc), findings.values()), key=Finding.sort_key)
    if len(result) > MAX_FINDINGS_PER_FILE:  # machine output, not copy: reporters and --fix stay quick
        cut = result[MAX_FINDINGS_PER_FILE]
        notices.notice(f"too-many:{doc.path}", f"{doc.path}: {len(result):,} findings; only the first "
                       f"{MAX_FINDINGS_PER_FILE:,} (to line {cut.start.line}) are reported (the limit per file)")
        result = result[:MAX_FINDINGS_PER_FILE]
    return result


def _document(path: str, source: SourceText, config: Config) -> Document:
    keys = config.front_matter_keys if config.front_matter_keys is not None else DEFAULT_PROSE_KEYS
    return read_document(path, source.text, format_for(path), tuple(keys))


def _with_sub_id_rules(catalog: Catalog, select: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """`--select grammar.EN_A_VS_AN` names no rule: it selects the pack's rule that reports such ids."""
    if select is None:
        return None
    extra = tuple(
        rid for p in select if not catalog.matching(p)
        for rid, rule in catalog.rules.items() if rule.meta.sub_ids and p.startswith(rule.meta.pack + ".")
    )
    return select + extra


def lint_source(path: str, source: SourceText, options: RunOptions, notices: Notices) -> FileResult:
    """Lint (and with --fix or --diff, fix) text already read; `path` names it."""
    fc = config_for(path, options)
    select = options.select
    selected = fc.selection(relative_to_config(path, fc.config), select, options.ignore)
    as_of = options.as_of or dt.date.today()
    doc = _document(path, source, fc.config)
    findings = lint_document(doc, selected, fc.catalog, notices, as_of, fc.config, select, options.ignore)
    fixed, diff = 0, ""
    if options.fix or options.diff:
        from .fixer import apply_edits, plan_fixes, unified_diff

        def relint(text: str) -> tuple[Document, list[Finding]]:
            d = _document(path, replace(source, text=text), fc.config)
            return d, lint_document(d, selected, fc.catalog, Notices(), as_of, fc.config, select, options.ignore)

        def fix_round(before: SourceText, found: list[Finding]) -> tuple[str, int]:
            plan = plan_fixes(before, found)
            for message in plan.dropped:  # a fix whose span lost its match: a bug, said, never applied
                notices.error(path, message)
            return (apply_edits(before, plan.edits) if plan.edits else before.text), len(plan.edits)

        new_text, fixed = fix_round(source, findings)
        for _ in range(2):  # a fix can reveal another; settle in a few rounds
            if not fixed:
                break
            _d, again = relint(new_text)
            more_text, more = fix_round(replace(source, text=new_text), again)
            if not more:
                break
            new_text, fixed = more_text, fixed + more
        if fixed and options.diff:
            diff = unified_diff(path, source.text, new_text)
        elif fixed:
            if path != "-":
                from .textio import encode, write_atomic

                try:
                    write_atomic(path, encode(source, new_text))
                except OSError as exc:  # a read-only file or folder: say so, lint the next file
                    return FileResult(path, tuple(findings), None, f"cannot write the fixes: {exc.strerror or exc}")
            doc, findings = relint(new_text)
    keep = doc.source if options.keep_source and (findings or options.keep_clean_source) else None
    return FileResult(path, tuple(findings), keep, None, fixed, diff)


def lint_path(path: str, options: RunOptions) -> tuple[FileResult, Notices]:
    notices = Notices()
    try:
        source = read_path(path)
    except ReadError as exc:
        return FileResult(path, error=str(exc)), notices
    return lint_source(path, source, options, notices), notices


def lint_bytes(path: str, data: bytes, options: RunOptions) -> tuple[FileResult, Notices]:
    notices = Notices()
    try:
        source = decode(data)
    except ReadError as exc:
        return FileResult(path, error=str(exc)), notices
    return lint_source(path, source, options, notices), notices


def _worker(args: tuple[str, RunOptions]) -> tuple[FileResult, Notices]:
    path, options = args
    try:
        return lint_path(path, options)
    except ConfigError as exc:
        notices = Notices()
        return FileResult(path, error=f"config error: {exc}"), notices
    except Exception as exc:  # a bug in a reader must cost one file, not the run
        return FileResult(path, error=f"internal error, file skipped: {type(exc).__name__}: {exc}"), Notices()


def lint_paths(paths: Iterable[str], options: RunOptions, jobs: int) -> tuple[list[FileResult], Notices]:
    """Lint many files, in worker processes when there are enough of them to pay off."""
    paths = list(paths)
    notices = Notices()
    results: list[FileResult] = []
    if jobs <= 1 or len(paths) < 4:
        for p in paths:
            res, n = _worker((p, options))
            results.append(res)
            notices.merge(n)
        return results, notices
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        ctx = mp.get_context()
    # The first file is linted here, before the workers fork: the rules' first calls load
    # their data (the spelling lexicon, compiled patterns) once in this process, and the
    # forked workers inherit it instead of each loading it again.
    res, n = _worker((paths[0], options))
    results.append(res)
    notices.merge(n)
    rest = paths[1:]
    chunk = max(1, min(64, len(rest) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        for res, n in pool.map(_worker, [(p, options) for p in rest], chunksize=chunk):
            results.append(res)
            notices.merge(n)
    return results, notices


def prepare(paths: Iterable[str], options: RunOptions) -> FileConfig | None:
    """Load every config the paths will use, raising ConfigError early; returns the first."""
    first = None
    seen: set[str] = set()
    for p in paths:
        d = os.path.dirname(os.path.abspath(p))
        if d in seen:
            continue
        seen.add(d)
        fc = config_for(p, options)
        first = first or fc
    return first
