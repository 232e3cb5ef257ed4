"""Orchestration only: one document through the selected rules; stamp findings, filter, fix.

The linter looks nothing up on disk: the Session (session.py) gives it the config and
rule catalogue in force for each file.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
from . import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import directives
from .config import Config, ConfigError, FileConfig, Selected, relative_to_config, sub_id_setting
from .config.select import _plan, _Selection
from .declarative import DeclarativeRule
from .document import PLACEHOLDER, Document
from .findings import Edit, FileResult, Finding, Fix, Position, Severity
from .formats import DEFAULT_PROSE_KEYS, Reader, Readers, format_for, read_document
from .registry import Catalog, matches
from .rule import Hit, RuleContext
from .runopts import Notices, RunOptions  # noqa: F401  (defined apart: the cached path reads them without the linter)
from .textio import ReadError, SourceText, decode, read_bytes, read_path


def _lower(severity: Severity, steps: int) -> Severity:
    return Severity(max(int(Severity.SUGGESTION), int(severity) - steps))


def _quoted(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text)  # a line break shows as a space in a one-line title
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


def fix_title(edits: Sequence[Edit]) -> str:
    """What the edits do, said from the text they change (not the whole finding's match)."""
    first = edits[0]
    before = first.original if first.original is not None else ""
    if first.replacement and before:
        title = f"Replace {_quoted(before)} with {_quoted(first.replacement)}"
    elif first.replacement:
        title = f"Insert {_quoted(first.replacement)}"
    else:
        title = f"Delete {_quoted(before)}" if before else "Delete the text"
    if len(edits) > 1:
        title += f" (and {len(edits) - 1} more edit{'s' if len(edits) > 2 else ''})"
    return title


def _supersede(findings: list[Finding], catalog: Catalog) -> list[Finding]:
    """Drop a finding where a rule that supersedes its rule reports overlapping text."""
    winners = [f for f in findings if (r := catalog.get(f.rule)) is not None and r.meta.supersedes]
    if not winners:
        return findings
    # for each rule superseded: the spans of its winners by start, and the furthest end so far, so
    # that a finding looks up its overlap in a few steps (a big file has thousands of each)
    spans: dict[str, list[tuple[int, int]]] = {}
    for w in winners:
        for rule in catalog.rules[w.rule].meta.supersedes:
            spans.setdefault(rule, []).append((w.offset, max(w.end_offset, w.offset + 1)))
    index = {}
    for rule, found in spans.items():
        found.sort()
        index[rule] = ([s for s, _e in found], list(accumulate((e for _s, e in found), max)))
    out = []
    for f in findings:
        looked = index.get(f.rule)
        if looked is not None:
            starts, furthest = looked
            n = bisect.bisect_left(starts, max(f.end_offset, f.offset + 1))  # the winners starting before f ends
            if n and furthest[n - 1] > f.offset:  # one of them ends after f starts
                continue
        out.append(f)
    return out


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
    message = hit.message
    if PLACEHOLDER in match or PLACEHOLDER in message:
        # the prose's stand-in for code, a URL or markup: show what the source holds there
        match = doc.source[start:end]
        message = message.replace(PLACEHOLDER, "…")
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
            fix = Fix(tuple(edits), hit.fix_safe, hit.fix_title or fix_title(edits))
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return Finding(
        path=doc.path,
        rule=rule_id,
        severity=severity,
        message=message,
        start=Position(line, col),
        end=Position(end_line, end_col),
        offset=start,
        end_offset=end,
        match=match,
        suggestions=tuple(hit.suggestions),
        fix=fix,
        link=meta.link,
        scope=scope,
        verbatim=doc.source[start:end] == match,
        data=(("place", doc.places.describe(start)),) if doc.places is not None else (),
    )


# A document of this many characters of prose or more has its rules run in parallel (rule groups
# in worker processes, `lint_document`) when the run has more than one job: its rules alone would
# keep one CPU busy for a second or more. Files this big on disk are taken out of the run's
# pool of files for that (`lint_files`).
PARALLEL_FROM = 1_000_000

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
    services: Any = None,
    jobs: int = 1,
) -> list[Finding]:
    """The findings of the selected rules in `doc`. With `jobs` > 1 the rules run in that many
    worker processes, a group of rules each (see `_rule_groups`): for a big file, whose rules
    would otherwise keep one CPU busy while the others wait. The findings are the same."""
    if services is None:
        from .services import Services

        services = Services()
    if isinstance(selected, _Selection) and selected.catalog is catalog:
        by_id, engine, known, open_packs = selected.plan
    else:
        by_id, engine, known, open_packs = _plan(selected, catalog)
    base = RuleContext(  # one for the document; each rule's is a copy with its options
        options={},
        as_of=as_of,
        config_dir=config.root,
        notices=notices,
        known_rules=known,
        path=doc.path,
        open_packs=open_packs,
        services=services,
        packs=config.packs,
    )
    rules = [sel for sel in selected if not isinstance(sel.rule, DeclarativeRule)]
    groups = _rule_groups(engine, rules) if jobs > 1 else []
    hits: list[tuple[Selected, Hit]] = []
    if len(groups) > 1:
        # the slots in the order one process runs them: the findings and notices come out alike
        for slot, (found, calls) in sorted(_run_in_workers(doc, engine, rules, base, groups, jobs).items()):
            hits += [(by_id[rid], hit) for rid, hit in found]
            for name, args in calls:
                getattr(notices, name)(*args)
    else:
        found: list[tuple[str, Hit]] = []
        _run_slots(doc, engine, rules, base, range(len(rules) + 1), found)
        hits = [(by_id[rid], hit) for rid, hit in found]
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
    kept = _yield_to_own_rules(_supersede(list(findings.values()), catalog), open_packs)
    result = sorted(directives.apply(directives.parse(doc), kept), key=Finding.sort_key)
    if len(result) > MAX_FINDINGS_PER_FILE:  # machine output, not copy: reporters and --fix stay quick
        cut = result[MAX_FINDINGS_PER_FILE]
        notices.notice(f"too-many:{doc.path}", f"{doc.path}: {len(result):,} findings; only the first "
                       f"{MAX_FINDINGS_PER_FILE:,} (to line {cut.start.line}) are reported (the limit per file)")
        result = result[:MAX_FINDINGS_PER_FILE]
    return result


def _run_slots(doc: Document, engine: Any, rules: Sequence[Selected], base: RuleContext,
               slots: Iterable[int], found: list[tuple[str, Hit]]) -> None:
    """Run the rules in these slots over `doc`: slot 0 is the declarative engine (every YAML rule
    in one pass), slot i the i-th other rule. Their hits go to `found` as (rule id, hit), in
    order; a rule that fails or a pattern that times out is a notice on `base.notices`, and the
    rest run on."""
    from .declarative.engine import PatternTimeout

    notices = base.notices
    for slot in slots:
        if slot == 0:
            if engine is not None:
                try:
                    for rule, hit in engine.run(doc):
                        found.append((rule.meta.id, hit))
                except PatternTimeout as exc:
                    notices.error(doc.path, str(exc))
            continue
        sel = rules[slot - 1]
        rid = sel.rule.meta.id
        try:
            for hit in sel.rule.check(doc, base.with_options(sel.options)):
                found.append((rid, hit))
        except Exception as exc:  # one failing rule must not lose the others' findings
            notices.error(doc.path, f"rule {rid} failed: {type(exc).__name__}: {exc}")


# The CPU a pack's rules spend on a big document, in seconds per MB of prose (every offline
# rule over a 10 MB file of BBC articles, bench/speed.py; "" is the declarative engine, every
# YAML rule in one pass). Only the order in which the workers take the groups comes from it,
# heaviest first, so that the last to finish is a light one; never a finding. A pack not listed
# counts 0.01 a rule.
_PACK_COST = {"spelling": 0.21, "": 0.22, "style": 0.20, "boilerplate": 0.12, "typos": 0.02, "stamps": 0.02}


# Packs whose rules lean on one another's work: typos' rules read the spelling pack's word classes
# of the document and ask the session's Speller about the same words, whose answers it remembers.
# In one worker that work is done once, as in one process.
_TOGETHER = {"typos": "spelling"}


def _rule_groups(engine: Any, rules: Sequence[Selected]) -> list[list[int]]:
    """The slots of `_run_slots` in groups that can run in separate processes: the engine alone,
    and each pack's rules together (a pack's rules share its analyses of the document, such as
    the boilerplate line classes, computed once in a process; `_TOGETHER` joins packs that share
    more). Heaviest first (`_PACK_COST`): each worker takes the next group when it has finished one."""
    groups: dict[str, list[int]] = {"": [0]} if engine is not None else {}
    packs: dict[str, set[str]] = {"": {""}}
    for i, sel in enumerate(rules, start=1):
        pack = sel.rule.meta.pack
        group = _TOGETHER.get(pack, pack)
        groups.setdefault(group, []).append(i)
        packs.setdefault(group, set()).add(pack)

    def cost(group: str) -> float:  # the packs' measured costs, and 0.01 a rule of a pack not measured
        unlisted = sum(1 for i in groups[group] if i and rules[i - 1].rule.meta.pack not in _PACK_COST)
        return sum(_PACK_COST.get(p, 0.0) for p in packs[group]) + 0.01 * unlisted

    return [groups[g] for g in sorted(groups, key=cost, reverse=True)]


class _Recorded:
    """The notices a worker's rules give, as calls to make on the run's notices in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def notice(self, key: str, message: str) -> None:
        self.calls.append(("notice", (key, message)))

    def unavailable(self, rule_id: str, reason: str) -> None:
        self.calls.append(("unavailable", (rule_id, reason)))

    def error(self, path: str, message: str) -> None:
        self.calls.append(("error", (path, message)))

    def skipped(self, rule_id: str, path: str, message: str) -> None:
        self.calls.append(("skipped", (rule_id, path, message)))


class _RuleWorker:
    """What the rule workers of one big document share: set by `_adopt_document` in each worker
    (the pool forks, so the document and the rules are inherited, not pickled)."""

    task: Any = None


def _adopt_document(task: Any, parent: int) -> None:
    from .interrupts import worker_init

    worker_init(parent)
    _RuleWorker.task = task


def _run_group(group: list[int]) -> dict[int, tuple[list[tuple[str, Hit]], list[tuple[str, tuple[Any, ...]]]]]:
    return _group_results(_RuleWorker.task, group)


def _group_results(task: Any, group: list[int]) -> dict[int, tuple[list[tuple[str, Hit]], list[tuple[str, tuple[Any, ...]]]]]:
    """Each slot's hits and the calls its rules made on the notices."""
    doc, engine, rules, base = task
    out = {}
    for slot in group:
        recorded = _Recorded()
        ctx = replace(base, notices=recorded)  # the run's notices are the parent's, in the order of the slots
        found: list[tuple[str, Hit]] = []
        _run_slots(doc, engine, rules, ctx, (slot,), found)
        out[slot] = (found, recorded.calls)
    return out


def _run_in_workers(doc: Document, engine: Any, rules: Sequence[Selected], base: RuleContext,
                    groups: list[list[int]], jobs: int) -> dict[int, Any]:
    """Each group of slots in one of `jobs` forked worker processes; every slot's hits and notices.

    A pack whose rules call an outside checker (`sub_ids`: grammar's LanguageTool, whose server or
    connection belongs to this process) runs here, while the workers run the rest."""
    import multiprocessing as mp

    # what most rules read, worked out once here rather than once in each worker
    doc.word_set, doc.lines, doc.quote_spans  # noqa: B018
    if doc.indexed:
        doc.word_index  # noqa: B018
    task = (doc, engine, rules, base)
    here = [g for g in groups if any(i and rules[i - 1].rule.meta.sub_ids for i in g)]
    away = [g for g in groups if g not in here]
    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork: one process
        here, away = groups, []
    out: dict[int, Any] = {}
    if not away:
        for group in here:
            out.update(_group_results(task, group))
        return out
    with _forked_pool(ctx, min(jobs, len(away)), _adopt_document, task) as mapped:
        answers = mapped(_run_group, away, 1)
        for group in here:
            out.update(_group_results(task, group))
        for answer in answers:
            out.update(answer)
    return out


@contextlib.contextmanager
def _forked_pool(ctx: Any, workers: int, adopt: Callable[[Any, int], None], state: Any) -> Iterator[Callable[..., Any]]:
    """A pool of `workers` processes from `ctx`, each started by `adopt(state, parent pid)`. It gives
    `mapped(fn, items, chunksize)`, `pool.map` with the stop signals held back while the workers
    fork. On Ctrl-C, SIGTERM or a closed pipe the workers are stopped, not waited on."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .interrupts import deferred_signals, stop_workers

    # the parent's pid from before the fork: a worker reading it itself may be too late (worker_init)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=adopt, initargs=(state, os.getpid()))

    def mapped(fn: Callable[[Any], Any], items: Sequence[Any], chunksize: int) -> Iterator[Any]:
        with deferred_signals():  # the workers fork at the first submit: no signal may land in fork()
            return pool.map(fn, items, chunksize=chunksize)

    try:
        yield mapped
    except BaseException:  # Ctrl-C, SIGTERM, a closed pipe: stop the workers, do not wait on them
        stop_workers(pool)
        raise
    pool.shutdown()


def _prose_keys(config: Config) -> tuple[str, ...]:
    return tuple(config.front_matter_keys if config.front_matter_keys is not None else DEFAULT_PROSE_KEYS)


def _yield_to_own_rules(findings: list[Finding], open_packs: frozenset[str]) -> list[Finding]:
    """One finding per slip: a finding under an outside checker's id (a pack whose hits name
    their own ids, e.g. grammar.MODAL_OF from LanguageTool) is dropped where a copylint rule
    reports words covering at least half of its span. Copylint's rule wins: its precision on
    news copy is measured, its message and id are the newsroom's, and it often has a safe fix.
    """
    if not open_packs:
        return findings
    outside = [f for f in findings if f.rule.split(".", 1)[0] in open_packs]
    if not outside:
        return findings
    own = [(f.offset, f.end_offset) for f in findings if f.rule.split(".", 1)[0] not in open_packs]
    if not own:
        return findings
    dropped = set()
    for f in outside:
        length = max(f.end_offset - f.offset, 1)
        for s, e in own:
            if min(e, f.end_offset) - max(s, f.offset) >= length / 2:
                dropped.add(id(f))
                break
    return [f for f in findings if id(f) not in dropped]


def _document(path: str, source: SourceText, config: Config, fmt: str | Reader | None = None) -> Document:
    from .declarative.engine import regex_timeout

    readers = Readers((fmt,)) if isinstance(fmt, Reader) else None
    name = fmt.name if isinstance(fmt, Reader) else fmt or format_for(path)
    return read_document(path, source.text, name, _prose_keys(config), config.ignore_patterns, regex_timeout(len(source.text)),
                         readers)


def _at_least(floor: Severity, findings: list[Finding]) -> list[Finding]:
    """The findings at `min-level` or above (Vale's MinAlertLevel): the others are not reported,
    and their fixes are not applied."""
    return findings if floor <= Severity.SUGGESTION else [f for f in findings if f.severity >= floor]


def lint_source(
    path: str,
    source: SourceText,
    options: RunOptions,
    notices: Notices,
    fc: FileConfig | None = None,
    *,
    format: str | None = None,
    services: Any = None,
    write: bool = True,
    readers: Readers | None = None,
    document: Document | None = None,
    jobs: int = 1,
) -> FileResult:
    """Lint (and with --fix or --diff, fix) text already read; `path` names it.

    `fc` is the config in force (the Session looks it up; without one, a throwaway
    Session does). With `write=False` a fix changes no file: the fixed text comes back
    as the result's `source`. `document` is the file already read by a binary reader
    (DOCX), whose `source` is its text view; such a file is never fixed.
    """
    if fc is None:
        from .session import Session

        session = Session.from_options(options)
        fc, services = session.config_for(path), session.services
    select = options.select
    selected = fc.selection(relative_to_config(path, fc.config), select, options.ignore)
    as_of = options.as_of or dt.date.today()
    from .markup import IgnoreTimeout

    reader = (readers or Readers()).for_path(path, format)
    try:
        doc = document if document is not None else _document(path, source, fc.config, reader)
    except IgnoreTimeout as exc:
        return FileResult(path, (), None, str(exc))
    floor = options.min_level or fc.config.min_level
    jobs = jobs if len(doc.prose) >= PARALLEL_FROM else 1
    findings = _at_least(floor, lint_document(doc, selected, fc.catalog, notices, as_of, fc.config, select,
                                              options.ignore, services=services, jobs=jobs))
    fixed, diff = 0, ""
    if (options.fix or options.diff) and not reader.writable:
        keep = doc.source if options.keep_source and (findings or options.keep_clean_source) else None
        flag = "--fix" if options.fix else "--diff"
        return FileResult(path, tuple(findings), keep,
                          f"{flag} cannot change {reader.name.upper()} files (the document could not be kept "
                          "intact); the findings are listed and the file is left as it was")
    if options.fix or options.diff:
        from .fixer import fix_rounds, unified_diff, write_fixed

        def relint(text: str) -> tuple[Document, list[Finding]]:
            d = _document(path, replace(source, text=text), fc.config, reader)
            return d, _at_least(floor, lint_document(d, selected, fc.catalog, Notices(), as_of, fc.config, select,
                                                     options.ignore, services=services, jobs=jobs))

        # a fix whose span lost its match is a bug: said as a file error, never applied
        new_text, fixed = fix_rounds(source, findings, lambda text: relint(text)[1],
                                     on_dropped=lambda message: notices.error(path, message))
        if fixed and options.diff:
            diff = unified_diff(path, source.text, new_text)
        elif fixed:
            if write and path != "-":
                problem = write_fixed(path, source, new_text)
                if problem:  # a read-only file or folder: say so, lint the next file
                    return FileResult(path, tuple(findings), None, problem)
            doc, findings = relint(new_text)
        if not write and options.fix:  # Session.fix_text: the fixed text is the result
            return FileResult(path, tuple(findings), new_text if fixed else source.text, None, fixed, diff)
    keep = doc.source if options.keep_source and (findings or options.keep_clean_source) else None
    return FileResult(path, tuple(findings), keep, None, fixed, diff)


def lint_file(session: Any, path: str, options: RunOptions, jobs: int = 1) -> tuple[FileResult, Notices]:
    """Read and lint one file with the session's config; a bad file costs one result. `jobs`:
    worker processes for the rules of a big file (see `lint_source`)."""
    notices = Notices()
    reader = session.readers.for_path(path)
    document = None
    try:
        if reader.writable:
            source = read_path(path)
        else:
            fc = session.config_for(path)
            document = reader.read(path, read_bytes(path), _prose_keys(fc.config))
            source = SourceText(document.source, "utf-8", b"", "\n")
    except ReadError as exc:
        return FileResult(path, error=str(exc)), notices
    except ConfigError as exc:
        return FileResult(path, error=f"config error: {exc}"), notices
    try:
        fc = session.config_for(path)
        return lint_source(path, source, options, notices, fc, services=session.services,
                           readers=session.readers, document=document, jobs=jobs), notices
    except ConfigError as exc:
        return FileResult(path, error=f"config error: {exc}"), notices
    except Exception as exc:  # a bug in a reader must cost one file, not the run
        return FileResult(path, error=f"internal error, file skipped: {type(exc).__name__}: {exc}"), Notices()


class _PoolWorker:
    """The session a pool's worker processes lint with.

    The pool forks after the session has loaded its rules, so each worker inherits the
    session (nothing is pickled); `_adopt` runs in each worker as the pool's initializer
    and keeps it in this process-local slot. The parent process never sets or reads it.
    """

    session: Any = None


def _adopt(session: Any, parent: int) -> None:
    from .interrupts import worker_init

    worker_init(parent)
    _PoolWorker.session = session


def _worker(args: tuple[str, RunOptions]) -> tuple[FileResult, Notices]:
    path, options = args
    return lint_file(_PoolWorker.session, path, options)


def lint_files(
    session: Any,
    paths: Iterable[str],
    options: RunOptions,
    jobs: int,
    on_result: Callable[[FileResult], None] | None = None,
) -> tuple[list[FileResult], Notices]:
    """Lint many files, in worker processes when there are enough of them to pay off.

    A big file (`PARALLEL_FROM` bytes or more) is linted first, in this process, with its rules
    spread over `jobs` workers (`lint_document`), unless there are `jobs` big files or more; the
    other files go to a pool of `jobs` worker processes. `on_result` is called with each file's result as it comes, in the order of
    `paths` (the progress bar and streamed text output); the notices merge in that order too.
    """
    paths = list(paths)
    notices = Notices()
    answered: list[tuple[FileResult, Notices] | None] = [None] * len(paths)
    results: list[FileResult] = []

    def take(i: int, res: FileResult, n: Notices) -> None:
        answered[i] = (res, n)
        while len(results) < len(paths) and answered[len(results)] is not None:
            res, n = answered[len(results)]  # type: ignore[misc]
            answered[len(results)] = None
            results.append(res)
            notices.merge(n)
            if on_result is not None:
                on_result(res)

    big = _big_files(paths) if jobs > 1 else set()
    if len(big) >= jobs:  # enough big files to keep every worker busy a file each: the pool takes them
        big = set()
    for i, p in enumerate(paths):
        if p in big:
            take(i, *lint_file(session, p, options, jobs))
    small = [i for i, p in enumerate(paths) if p not in big]
    if jobs <= 1 or len(small) < 4:
        for i in small:
            take(i, *lint_file(session, paths[i], options))
        return results, notices
    import multiprocessing as mp

    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        ctx = mp.get_context()
    # The first file is linted here, before the workers fork: the rules' first calls load
    # their data (the spelling lexicon, compiled patterns) once in this process, and the
    # forked workers inherit it instead of each loading it again.
    take(small[0], *lint_file(session, paths[small[0]], options))
    rest = small[1:]
    chunk = max(1, min(64, len(rest) // (jobs * 8) or 1))
    with _forked_pool(ctx, jobs, _adopt, session) as mapped:
        answers = mapped(_worker, [(paths[i], options) for i in rest], chunk)
        for i, (res, n) in zip(rest, answers):
            take(i, res, n)
    return results, notices


def _big_files(paths: Sequence[str]) -> set[str]:
    """The paths of files of `PARALLEL_FROM` bytes or more (a path that cannot be read is not)."""
    import os

    big = set()
    for p in paths:
        try:
            if os.stat(p).st_size >= PARALLEL_FROM:
                big.add(p)
        except OSError:
            pass
    return big


# ---------------------------------------------------------------- compatibility
# The entry points before the Session; they make a Session from the options. New code
# uses copylint.Session (docs/api.md).


def lint_path(path: str, options: RunOptions) -> tuple[FileResult, Notices]:
    from .session import Session

    return lint_file(Session.from_options(options), path, options)


def lint_bytes(path: str, data: bytes, options: RunOptions) -> tuple[FileResult, Notices]:
    """Lint a file's bytes named `path` (format and config from the name)."""
    from .session import Session

    session = Session.from_options(options)
    notices = Notices()
    try:
        source = decode(data)
    except ReadError as exc:
        return FileResult(path, error=str(exc)), notices
    return lint_source(path, source, options, notices, session.config_for(path), services=session.services), notices


def lint_paths(
    paths: Iterable[str], options: RunOptions, jobs: int, on_result: Callable[[FileResult], None] | None = None
) -> tuple[list[FileResult], Notices]:
    """Lint these files (not folders) with a Session made from `options`."""
    from .session import Session

    return lint_files(Session.from_options(options), paths, options, jobs, on_result)


def config_for(path: str, options: RunOptions) -> FileConfig:
    """The config in force for a file, through a throwaway Session (use Session.config_for)."""
    from .session import Session

    return Session.from_options(options).config_for(path)


def prepare(paths: Iterable[str], options: RunOptions) -> FileConfig | None:
    """Load every config the paths will use, raising ConfigError early (use Session.prepare)."""
    from .session import Session

    return Session.from_options(options).prepare(paths)
