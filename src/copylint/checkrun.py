"""`copylint check`, the default command: arguments in, exit code out, without click.

The command line (cli.py) parses with click; a plain invocation (`copylint [options] PATHS`
with the options listed in `plain_args`) is parsed here instead, which spares importing click
(about 20 ms of a 100 ms start). Both call `run_check` with the same arguments;
tests/test_rerun.py checks that this parser gives what click gives.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from typing import Any, Iterable, TextIO

from .findings import Report, Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def say(message: str) -> None:
    """One line on standard error (what click.echo(err=True) does with our plain text)."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _fail(message: str) -> None:
    say(f"copylint: {message}")
    sys.exit(EXIT_ERROR)


def _split(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return tuple(out)


def _check_names(first: Any, options: Any) -> None:
    """A mistyped --select or --ignore would otherwise silently check nothing."""
    if first is None:
        return
    for flag, names in (("--select", options.select or ()), ("--ignore", options.ignore)):
        for name in names:
            open_pack = any(r.meta.sub_ids and name.startswith(r.meta.pack + ".")  # grammar.EN_A_VS_AN
                            for r in first.catalog.rules.values())
            if name not in ("all", "ALL") and not first.catalog.matching(name) and not open_pack:
                _fail(f"{flag}: no rule or pack named '{name}'; `copylint rules` lists them")


def _isatty(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


def default_jobs() -> int:
    """Worker processes: the CPUs this process may run on (cgroup and taskset limits included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _streamed(formats: tuple[str, ...], outputs: tuple[str, ...], baseline_path: str | None, color: str,
              no_source: bool, statistics: bool, fix: bool) -> tuple[Any, Any] | None:
    """For text output to standard output with no baseline to apply: how to write one file's
    results as soon as they come (a function and its options); None when the output waits for the end."""
    if len(formats) != 1 or outputs or baseline_path or formats[0] not in ("text", "concise"):
        return None
    from .reporters import ReportOptions
    from .reporters.text import file_concise, file_text

    opts = ReportOptions(color=_color(color, sys.stdout), show_source=not no_source, statistics=statistics,
                         fixing=fix)
    return (file_text if formats[0] == "text" else file_concise), opts


def _color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return _isatty(stream)


def run_check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    fix: bool,
    diff: bool,
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    jobs: int | None,
    as_of: str | None,
    color: str,
    statistics: bool,
    no_source: bool,
    languagetool_server: str | None,
    require: tuple[str, ...],
    quiet: bool,
    baseline_path: str | None = None,
    min_level: str | None = None,
    exit_zero: bool = False,
    no_cache: bool = False,
    cache_dir: str | None = None,
) -> None:
    """Lint files and folders (the default command); exits with its code."""
    started = time.monotonic()
    from . import reporters
    from .config import ConfigError
    from .runopts import Notices, RunOptions
    from .progress import Progress
    from .cache import LightConfigs, ResultCache, lint_cached
    from .session import Session
    from .walk import collect_paths
    from .yamlfile import FileError

    if not paths:
        _fail("no paths given; try `copylint ARTICLE.md` or `copylint --help`")
    formats = formats or ("text",)
    if len(outputs) > len(formats):
        _fail("more --output files than --format names")
    # built-in names need no entry-point scan (importlib.metadata is slow to import)
    unknown = [f for f in formats if f not in reporters.BUILTIN and f not in reporters.available()]
    if unknown:
        _fail(f"unknown format '{unknown[0]}' (available: {', '.join(sorted(reporters.available()))})")
    if fix and diff:
        _fail("--fix and --diff do not go together: --diff shows what --fix would do")
    reference = None
    if as_of:
        try:
            reference = dt.date.fromisoformat(as_of)
        except ValueError:
            _fail(f"--as-of takes a date as YYYY-MM-DD, not {as_of!r}")
    settings: list[tuple[str, tuple[tuple[str, Any], ...]]] = []
    if languagetool_server:
        settings.append(("grammar", (("server", languagetool_server),)))
    if config_path and not os.path.isfile(config_path):
        _fail(f"config file not found: {config_path}")
    keep_source = any(f in ("text", "html") or not f.startswith(("json", "github")) for f in formats) and not no_source
    keep_source = keep_source or bool(baseline_path)  # baseline fingerprints read the text around a finding
    options = RunOptions(
        config_path=os.path.abspath(config_path) if config_path else None,
        select=_split(select) or None,
        ignore=_split(ignore),
        as_of=reference,
        fix=fix,
        diff=diff,
        keep_source=keep_source,
        # built-in reporters show the text of files with findings only; plugin formats get it all
        keep_clean_source=any(f not in reporters.BUILTIN for f in formats),
        settings=tuple(settings),
        cwd=os.getcwd(),
        min_level=Severity.parse(min_level) if min_level else None,
    )
    session = Session.from_options(options)
    stdin_path = stdin_filename or "-"
    given = [stdin_path if p == "-" else p for p in paths] or ["."]
    folder = _cache_folder(cache_dir, config_path, given[0])
    cache = None if (no_cache or fix or diff) else ResultCache(folder)
    configs = LightConfigs(options, session) if cache else None
    first = None

    def prepare() -> None:  # load the rules and check --select/--ignore against them
        nonlocal first
        if first is None:
            first = session.prepare(given)
            _check_names(first, options)

    try:
        if cache is None or "-" in paths:
            prepare()
        if "-" in paths and fix:
            _fail("--fix cannot write to standard input; use --diff")
        # `-` is standard input; any other paths given beside it are linted too
        files, errors = collect_paths(tuple(p for p in paths if p != "-"), _split(exclude), configs or session)
        files.sort()  # the order of the report, so that text output can stream as files finish
        streamed = _streamed(formats, outputs, baseline_path, color, no_source, statistics, fix)
        progress = Progress(len(files), sys.stderr, enabled=not quiet and _isatty(sys.stderr))
        results: list[FileResult] = []
        notices = Notices()
        if "-" in paths:  # first: "-" sorts before every path
            result, stdin_notices = session.lint_bytes(stdin_path, sys.stdin.buffer.read(), diff=diff,
                                                      keep_source=keep_source)
            results.append(result)
            notices.merge(stdin_notices)
            if streamed:
                progress.write(sys.stdout, streamed[0](result, os.getcwd(), streamed[1]))

        def on_result(result: FileResult) -> None:
            progress.advance(len(result.findings))
            if streamed:
                progress.write(sys.stdout, streamed[0](result, os.getcwd(), streamed[1]))

        try:
            linted, file_notices, _any = lint_cached(
                session, cache, configs, files, jobs=jobs or default_jobs(), fix=fix, diff=diff, keep_source=keep_source,
                keep_clean_source=options.keep_clean_source, on_result=on_result, before_linting=prepare,
                options=options)
        finally:
            progress.close()
        results.extend(linted)
        notices.merge(file_notices)
        if first is None and any(f in ("html", "sarif") or f not in reporters.BUILTIN for f in formats):
            prepare()  # these formats describe the rules
    except (ConfigError, FileError) as exc:
        _fail(f"config error: {exc}")
        return
    results = errors + results
    results.sort(key=lambda r: r.path)
    baseline_note = ""
    if baseline_path:
        from .baseline import BaselineError, apply, load

        try:
            applied = apply(results, load(baseline_path), os.getcwd())
        except BaselineError as exc:
            _fail(str(exc))
            return
        results = applied.results
        if applied.stale:
            many = applied.stale != 1
            baseline_note = (f"{applied.stale} baseline entr{'ies' if many else 'y'} no longer "
                             f"match{'' if many else 'es'} (fixed or rewritten); "
                             f"`copylint baseline -o {baseline_path}` refreshes the file")
    config = first.config if first else (configs.config_of(given[0]) if configs else None)
    catalog = first.catalog if first else None
    report = Report(
        results=results,
        rules={rid: r.meta for rid, r in (catalog.rules.items() if catalog else [])},
        notices=list(notices.messages),  # reports say what was cut (findings over the per-file limit)
        root=os.getcwd(),
    )
    color_on = _color(color, sys.stdout)
    to_stdout = [name for i, name in enumerate(formats) if i >= len(outputs)]
    if statistics and not any(name in ("text", "concise") for name in to_stdout):
        # every format goes to a file (or none shows counts): the counts still go to the terminal
        from .reporters.text import statistics as print_statistics

        print_statistics(report, sys.stdout)
    shown_elapsed: list[float] = []  # the elapsed times printed, for a record of the run (rerun.py)
    for i, name in enumerate(formats):
        target = outputs[i] if i < len(outputs) else None
        opts = reporters.ReportOptions(
            color=color_on and target is None,
            show_source=not no_source,
            statistics=statistics and name in ("text", "concise"),
            fixing=fix,
            elapsed=time.monotonic() - started,
        )
        if target is None:
            shown_elapsed.append(opts.elapsed)
        render = reporters.get(name)
        if streamed:  # the files were written as they finished: only the summary is left
            from .reporters.text import render_tail as render
        if target:
            try:
                # a file name that is not UTF-8 (held as lone surrogates) is written as its escape,
                # "\udce9": in JSON that is the string's own escape, elsewhere readable text
                with open(target, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as fh:
                    render(report, fh, opts)
            except OSError as exc:
                _fail(f"cannot write {target}: {exc.strerror or exc}")
        else:
            if hasattr(sys.stdout, "reconfigure"):  # the same for standard output
                sys.stdout.reconfigure(errors="backslashreplace")
            render(report, sys.stdout, opts)
    sys.stdout.flush()

    exit_code = EXIT_CLEAN
    for r in results:
        if r.error:
            say(f"{r.path}: {r.error}")
            exit_code = EXIT_ERROR
    for path, message in notices.file_errors:  # a rule failed or timed out: the file was not fully checked
        say(f"{path}: {message}")
        exit_code = EXIT_ERROR
    # a pack, rule plugin or format plugin that did not load: it did not run, even with -q
    for err in (catalog.errors if catalog else ()) + session.readers.errors:
        say(f"copylint: {err}")
        exit_code = EXIT_ERROR
    if not quiet:
        for message in notices.messages:
            say(f"copylint: {message}")
        if baseline_note:
            say(f"copylint: {baseline_note}")
    required = _split(require) + (config.require if config else ())
    for rule_id, path, message in notices.skipped_files:  # a service failed for this file
        say(f"{path}: {message}")
        if rule_id.split(".", 1)[0] in required or rule_id in required:
            exit_code = EXIT_ERROR
    for rule_id, reason in sorted(notices.unavailable_rules.items()):
        pack = rule_id.split(".", 1)[0]
        needed = pack in required or rule_id in required
        if not quiet or needed:
            say(f"copylint: {pack} checks skipped: {reason}")
        if needed:
            exit_code = EXIT_ERROR
    if exit_code == EXIT_CLEAN and not exit_zero:
        threshold = Severity.parse(fail_on) if fail_on else (config.fail_on if config else Severity.WARNING)
        if any(f.severity >= threshold for f in report.findings):
            exit_code = EXIT_FINDINGS
    _may_replay(cache, configs, given, files, shown_elapsed)
    sys.exit(exit_code)

def _cache_folder(cache_dir: str | None, config_path: str | None, probe: str) -> str:
    """The cache folder of this run: --cache-dir (or COPYLINT_CACHE_DIR), else the `cache-dir` of
    the config in force for `probe` (the first path), else the user's cache folder. Rule data
    prepared once (prepared.py, fastre.py) is kept there too, for the rest of the command."""
    from . import prepared

    folder = os.path.abspath(cache_dir) if cache_dir else None
    if folder is None:
        from .config import ConfigError, discover, load_config_file
        from .yamlfile import FileError

        where = os.path.join(probe, "_") if os.path.isdir(probe) else probe
        found = config_path or discover(os.path.dirname(os.path.abspath(where)) or ".")
        try:
            folder = load_config_file(found).cache_dir if found and os.path.isfile(found) else None
        except (ConfigError, FileError):
            folder = None  # the run says what is wrong with the config when it reads it
    folder = folder or prepared.default_dir()
    prepared.use_folder(folder)
    click = sys.modules.get("click")
    ctx = click.get_current_context(silent=True) if click is not None else None
    if ctx is not None:  # an in-process caller (tests, `baseline`) gets the default back afterwards
        ctx.call_on_close(lambda: prepared.use_folder(None))
    return folder


def _may_replay(cache: Any, configs: Any, given: list[str], files: list[str], elapsed: list[float]) -> None:
    """Tell the run's recorder (rerun.py), if it has one, what its output depended on: then the
    same command over unchanged files prints it again without linting or loading anything."""
    from . import rerun

    recorder = rerun.active()
    if recorder is None or cache is None or configs is None or not cache.complete:
        return
    from .cache import depends_on
    from .config import CONFIG_NAMES
    from .walk import IGNORE_FILES, SKIP_DIRS

    watched = [os.path.abspath(f) for f in files]
    above: list[str] = []  # folders up to the root: only the config and ignore files they may hold
    walked: list[str] = []  # folders of a walk: their entries too (an article added or removed)
    for path in given:
        above += rerun.ancestors(path)
        if os.path.isdir(path):
            for top, dirs, _names in os.walk(path):
                dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                           and os.path.abspath(os.path.join(top, d)) != cache.root]  # it changes every run
                walked.append(os.path.abspath(top))
    # a folder above is not watched as a whole: /tmp or a home folder gains entries all the time,
    # which said nothing about this run and kept it from ever being replayed there
    for folder in dict.fromkeys(above + walked):
        watched += [os.path.join(folder, name) for name in (*CONFIG_NAMES, "pyproject.toml", *IGNORE_FILES)]
    watched += list(dict.fromkeys(walked))
    watched += depends_on(cache, configs)
    recorder.depends(watched, elapsed)



# ---------------------------------------------------------------------------- without click

_MANY = {"-f": "formats", "--format": "formats", "-o": "outputs", "--output": "outputs", "--select": "select",
         "--ignore": "ignore", "--exclude": "exclude", "--require": "require"}
_ONE = {"-c": "config_path", "--config": "config_path", "--fail-on": "fail_on", "--min-level": "min_level",
        "--stdin-filename": "stdin_filename", "-j": "jobs", "--jobs": "jobs", "--as-of": "as_of", "--color": "color",
        "--languagetool-server": "languagetool_server", "--cache-dir": "cache_dir", "--baseline": "baseline_path"}
_FLAGS = {"--exit-zero": "exit_zero", "--fix": "fix", "--diff": "diff", "--statistics": "statistics",
          "--no-source": "no_source", "-q": "quiet", "--quiet": "quiet", "--no-cache": "no_cache"}
_CHOICES = {"fail_on": ("error", "warning", "suggestion"), "min_level": ("error", "warning", "suggestion"),
            "color": ("auto", "always", "never")}
_NOT_DIRS = ("outputs", "config_path", "baseline_path")  # click.Path(dir_okay=False)
_SUBCOMMANDS = ("rules", "explain", "config", "cache", "serve", "lsp", "vocab", "baseline", "archive",
                "learn-furniture", "-h", "--help", "--version")


def plain_args(argv: list[str], environ: Any = None) -> dict[str, Any] | None:
    """`run_check`'s arguments for a plain `copylint [check] [options] PATHS`, as click would
    give them, or None for anything else (click then parses it, and says what is wrong)."""
    env = os.environ if environ is None else environ
    if not argv or argv[0] in _SUBCOMMANDS:
        return None
    args = argv[1:] if argv[0] == "check" else argv
    out: dict[str, Any] = {name: () for name in set(_MANY.values())}
    out.update({name: None for name in set(_ONE.values())})
    out.update({name: False for name in set(_FLAGS.values())})
    out["color"] = "auto"
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in _MANY or name in _ONE:
            if not eq:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            key = _MANY.get(name) or _ONE[name]
            if key in _MANY.values():
                out[key] = (*out[key], value)
            else:
                out[key] = value
        elif arg in _FLAGS:
            out[_FLAGS[arg]] = True
        elif arg.startswith("-") and arg != "-":
            return None  # `--`, `-qj2`, `-fjson`, --help anywhere, an unknown option
        else:
            paths.append(arg)
        i += 1
    for key, allowed in _CHOICES.items():
        if out[key] is not None and out[key] not in allowed:
            return None
    if out["jobs"] is not None:
        if not out["jobs"].isdigit() or int(out["jobs"]) < 1:
            return None
        out["jobs"] = int(out["jobs"])
    if out["cache_dir"] is None and env.get("COPYLINT_CACHE_DIR"):
        out["cache_dir"] = env["COPYLINT_CACHE_DIR"]
    for key in _NOT_DIRS:
        values = out[key] if isinstance(out[key], tuple) else (out[key],)
        if any(v is not None and os.path.isdir(v) for v in values):
            return None
    if out["cache_dir"] is not None and os.path.isfile(out["cache_dir"]):
        return None
    out["paths"] = tuple(paths)
    return out
