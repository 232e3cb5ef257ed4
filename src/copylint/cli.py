"""The command line: arguments → config → lint → report → exit code; nothing else."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from . import __version__
# re-exported: the helpers moved with the check command's body to checkrun.py
from .checkrun import (EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, _cache_folder, _color, _fail, _isatty,  # noqa: F401
                       _split, default_jobs)
from .findings import SEVERITY_NAMES


class DefaultGroup(click.Group):
    """`copylint PATH...` runs `check`; `copylint rules`, `explain`, ... run those commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copylint")
def main() -> None:
    """A copyedit and content-moderation linter for news copy.

    Run `copylint PATH...` to lint files and folders (the `check` command).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))  # each unreadable file: one line, the rest linted
@click.option("-f", "--format", "formats", multiple=True, metavar="NAME",
              help="Output format: text, concise, json, github, ... (repeatable, pair with -o).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write the matching --format to this file instead of standard output.")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config file for every path instead of discovering one.")
@click.option("--select", multiple=True, metavar="PREFIX", help="Only these rules or packs (comma-separated).")
@click.option("--ignore", multiple=True, metavar="PREFIX", help="Leave out these rules or packs.")
@click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), help="Lowest severity that fails the run.")
@click.option("--min-level", type=click.Choice(SEVERITY_NAMES),
              help="Lowest severity to report (and fix); below it findings are left out.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (2 still means an error).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--diff", is_flag=True, help="Print safe fixes as a unified diff; change nothing.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out matching files and folders.")
@click.option("--stdin-filename", metavar="PATH", help="Name of the text read from `-` (sets format and config).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: CPU count).")
@click.option("--as-of", "as_of", metavar="DATE", help="Reference date for stamp rules (YYYY-MM-DD).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--statistics", is_flag=True, help="Print counts by rule.")
@click.option("--no-source", is_flag=True, help="Text output without the source excerpt.")
@click.option("--languagetool-server", metavar="URL", help="LanguageTool server for the grammar pack.")
@click.option("--require", multiple=True, metavar="PACK",
              help="Fail (exit 2) when this pack cannot run, e.g. --require grammar.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no notes.")
@click.option("--no-cache", is_flag=True, help="Lint every file again; neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR", envvar="COPYLINT_CACHE_DIR",
              help="Folder of the result cache (default: the config's cache-dir, else ~/.cache/copylint; "
                   "env COPYLINT_CACHE_DIR).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Report only findings not recorded in this file (see `copylint baseline`).")
def check(**options: Any) -> None:
    """Lint files and folders (the default command)."""
    from .checkrun import run_check

    run_check(**options)  # the parameters are run_check's, named by the options above


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path(readable=False))  # each unreadable file: one line, the rest linted
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The baseline file to write.")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config file for every path instead of discovering one.")
@click.option("--select", multiple=True, metavar="PREFIX", help="Only these rules or packs (comma-separated).")
@click.option("--ignore", multiple=True, metavar="PREFIX", help="Leave out these rules or packs.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out matching files and folders.")
@click.option("--as-of", "as_of", metavar="DATE", help="Reference date for stamp rules (YYYY-MM-DD).")
@click.pass_context
def baseline_command(ctx: click.Context, paths: tuple[str, ...], output: str, config_path: str | None,
                     select: tuple[str, ...], ignore: tuple[str, ...], exclude: tuple[str, ...],
                     as_of: str | None) -> None:
    """Record today's findings so that `--baseline FILE` reports only new ones."""
    try:
        ctx.invoke(check, paths=paths, formats=("baseline",), outputs=(output,), config_path=config_path,
                   select=select, ignore=ignore, exclude=exclude, as_of=as_of, quiet=True)
    except SystemExit as exc:
        if exc.code not in (EXIT_CLEAN, EXIT_FINDINGS, None):
            raise
    import json

    with open(output, encoding="utf-8") as fh:
        count = len(json.load(fh)["entries"])
    click.echo(f"Wrote {count} baseline entr{'ies' if count != 1 else 'y'} to {output}.", err=True)


@main.command("archive")
@click.argument("source")
@click.option("-o", "--output", required=True, metavar="FOLDER", help="Parquet folder of findings to write.")
@click.option("--text-col", default="text", show_default=True, help="Column of the article text.")
@click.option("--id-col", default="id", show_default=True, help="Column of the article id.")
@click.option("--format-col", metavar="NAME", help="Column of each text's format (markdown, text, html).")
@click.option("--filename-col", metavar="NAME", help="Column of a file name (its extension gives the format).")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False), help="Config file (on every executor).")
@click.option("--master", metavar="URL", help="Spark master (default: spark-submit's, else local[*]).")
@click.option("--partitions", type=click.IntRange(min=1), help="Repartition the articles into this many parts.")
def archive_command(source: str, output: str, text_col: str, id_col: str, format_col: str | None,
                    filename_col: str | None, config_path: str | None, master: str | None,
                    partitions: int | None) -> None:
    """Lint an archive on Spark: Parquet or JSON-lines of articles in, Parquet of findings out."""
    try:
        from .spark import archive, spark_session
        import pyspark  # noqa: F401
    except ImportError:
        _fail("`copylint archive` needs Spark: pip install 'copylint[spark]'")
        return
    if config_path and not os.path.isfile(config_path):
        _fail(f"config file not found: {config_path}")
    if not os.path.exists(source) and "://" not in source:
        _fail(f"no such file or folder: {source}")
    spark = spark_session(master)
    try:
        count = archive(spark, source, output, text_col=text_col, id_col=id_col, format_col=format_col,
                        filename_col=filename_col, config=os.path.abspath(config_path) if config_path else None,
                        partitions=partitions)
    except ValueError as exc:
        _fail(str(exc))
        return
    click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to {output}.", err=True)


@main.group("cache")
def cache_group() -> None:
    """Manage the result cache (see `--no-cache`, `--cache-dir`)."""


@cache_group.command("clean")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR", envvar="COPYLINT_CACHE_DIR",
              help="Folder of the result cache (default: ~/.cache/copylint; env COPYLINT_CACHE_DIR).")
def cache_clean(cache_dir: str | None) -> None:
    """Delete every cached result."""
    from .cache import clean

    folder, freed = clean(_cache_folder(cache_dir, None, os.getcwd()))
    click.echo(f"Removed {freed / 1e6:.1f} MB of cached results from {folder}.", err=True)


@cache_group.command("dir")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR", envvar="COPYLINT_CACHE_DIR")
def cache_dir_command(cache_dir: str | None) -> None:
    """Print the folder of the result cache."""
    click.echo(_cache_folder(cache_dir, None, os.getcwd()))


@main.command("rules")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False), help="Config file to read.")
@click.option("--all", "show_all", is_flag=True, help="Also rules that are off by default.")
def list_rules(config_path: str | None, show_all: bool) -> None:
    """List every rule with its pack, default severity and summary."""
    fc = _config_here(config_path)
    for err in fc.catalog.errors:
        click.echo(f"copylint: {err}", err=True)
    rows = [r.meta for r in fc.catalog.rules.values() if show_all or r.meta.default_enabled]
    width = max((len(m.id) for m in rows), default=10)
    for m in rows:
        flags = ("fix " if m.fixable else "    ") + ("" if m.default_enabled else "(off) ")
        click.echo(f"{m.id:<{width}}  {m.pack:<12} {m.severity.label:<10} {flags}{m.summary}")


def _config_here(config_path: str | None) -> Any:
    """The config and catalog for the current folder; a bad config file is one line and exit 2."""
    from .session import Session
    from .yamlfile import FileError

    if config_path and not os.path.isfile(config_path):
        _fail(f"config file not found: {config_path}")
    session = Session(os.path.abspath(config_path) if config_path else None, cwd=os.getcwd())
    try:
        return session.config_for(os.path.join(os.getcwd(), "_"))
    except FileError as exc:  # ConfigError and YAML syntax errors alike
        _fail(f"config error: {exc}")


@main.command("config")
@click.argument("path", required=False, default=".", type=click.Path())
@click.option("--show", is_flag=True, help="Print the resolved config for PATH, with where each value came from.")
@click.option("--check", is_flag=True, help="Check the config for PATH, its packs and the data files they bring in; "
              "exit 2 with the file:line of the first problem.")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False), help="Config file to read.")
def config_command(path: str, show: bool, check: bool, config_path: str | None) -> None:
    """Show or check the config in force for a file or folder (`copylint config --show article.md`)."""
    from .session import Session
    from .showconfig import show as show_lines
    from .yamlfile import FileError

    if not show and not check:
        _fail("say what to do: `copylint config --show [PATH]` or `copylint config --check [PATH]`")
    if config_path and not os.path.isfile(config_path):
        _fail(f"config file not found: {config_path}")
    session = Session(os.path.abspath(config_path) if config_path else None, cwd=os.getcwd())
    target = os.path.abspath(path)
    try:
        fc = session.config_for(target if not os.path.isdir(target) else os.path.join(target, "_"))
    except FileError as exc:
        _fail(f"config error: {exc}")
        return
    if check:
        # a pack that did not load (a bad rule file) is a problem of the config too
        for err in fc.catalog.errors:
            click.echo(f"copylint: {err}", err=True)
        if fc.catalog.errors:
            sys.exit(EXIT_ERROR)
        where = fc.config.path or "no config file (the defaults)"
        extra = f", {len(fc.data_files)} data file{'s' if len(fc.data_files) != 1 else ''}" if fc.data_files else ""
        click.echo(f"config OK: {where} ({len(fc.catalog.rules)} rules{extra})")
        if not show:
            return
    for line in show_lines(fc, path):
        click.echo(line)


@main.command()
@click.argument("rule_id")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False), help="Config file to read.")
def explain(rule_id: str, config_path: str | None) -> None:
    """Print the documentation of a rule."""
    fc = _config_here(config_path)
    rule = fc.catalog.get(rule_id)
    if rule is None:
        close = [rid for rid in fc.catalog.rules if rule_id in rid]
        hint = f" (did you mean {', '.join(close[:5])}?)" if close else ""
        _fail(f"no rule named '{rule_id}'{hint}; `copylint rules` lists them")
        return
    m = rule.meta
    click.echo(f"# {m.id}\n")
    click.echo(f"{m.summary}\n")
    click.echo(f"Pack: {m.pack}. Default severity: {m.severity.label}."
               f"{'' if m.default_enabled else ' Off by default.'}"
               f"{' Fixable.' if m.fixable else ''}")
    if m.link:
        click.echo(f"More: {m.link}")
    click.echo("")
    click.echo(m.doc)
    if m.options:
        click.echo("\n### Settings")
        for opt in m.options:
            click.echo(f"- `{opt.name}` (default: {opt.default!r}): {opt.help}")


@main.command("learn-furniture")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Furniture pack to write (YAML).")
@click.option("--min-articles", type=click.IntRange(min=2), default=5, show_default=True,
              help="A line must stand in at least this many articles.")
@click.option("--min-share", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="... and in at least this share of them.")
def learn_furniture(paths: tuple[str, ...], output: str, min_articles: int, min_share: float) -> None:
    """Find lines that repeat across many articles of one site and write them as a reviewable pack."""
    from .furniture import learn, to_yaml, write_atomically
    from .session import Session
    from .walk import collect_paths

    files, errors = collect_paths(paths, (), Session(None, cwd=os.getcwd()))
    for e in errors:
        click.echo(f"copylint: {e.path}: {e.error}", err=True)
    if not files:
        _fail("no articles to learn from")
        return
    result = learn(files, min_articles, min_share)
    try:
        write_atomically(output, to_yaml(result, ", ".join(paths)))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}")
        return
    click.echo(f"Learned {len(result.lines)} furniture line{'s' if len(result.lines) != 1 else ''} from "
               f"{result.articles} articles into {output}; review it before use.", err=True)


@main.group("vocab")
def vocab() -> None:
    """The newsroom vocabulary: words the spelling rules accept."""


@vocab.command("add")
@click.argument("words", nargs=-1, required=True)
@click.option("--file", "target", type=click.Path(dir_okay=False), help="Vocabulary file to write "
              "(default: .copylint-vocab.txt beside the config file in force, else here).")
def vocab_add(words: tuple[str, ...], target: str | None) -> None:
    """Accept WORDS in spelling checks (names, places, jargon)."""
    from .config import discover
    from .vocab import add_words, vocab_path

    if target is None:
        found = discover(os.getcwd())
        target = vocab_path(os.path.dirname(found) if found else os.getcwd())
    try:
        added = add_words(target, list(words))
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror}")
        return
    click.echo(f"Added {len(added)} term{'s' if len(added) != 1 else ''} to {target}.", err=True)


def _size(value: str) -> int:
    """'2MB', '512k', '100000' as bytes."""
    text = value.strip().lower().removesuffix("b")
    scale = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}.get(text[-1:], 1)
    try:
        return int(float(text[:-1] if scale > 1 else text) * scale)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 2MB or 500k") from None


def _front_door_session(config_path: str | None, settings: dict[str, dict[str, Any]] | None = None,
                        discover: bool = False) -> Any:
    """A Session for a long-lived front door; a bad config is one line and exit 2."""
    from .config import discover as find_config
    from .session import Session
    from .yamlfile import FileError

    if config_path and not os.path.isfile(config_path):
        _fail(f"config file not found: {config_path}")
    path = os.path.abspath(config_path) if config_path else None
    if path is None and not discover:
        path = find_config(os.getcwd())
    try:
        session = Session(path, settings=settings, discover=discover)
        session.config_for(os.path.join(os.getcwd(), "story.md"))  # a bad config fails here, not per request
    except FileError as exc:
        _fail(f"config error: {exc}")
    return session


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback is reachable from other machines.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port (0: any free port, printed at start).")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="The config for every request (default: the one found from the working folder).")
@click.option("--languagetool", "languagetool", metavar="URL",
              help="A LanguageTool server: /v2/check merges its matches, /v1/lint runs the grammar pack on it.")
@click.option("--max-request-size", "max_size", default="2MB", show_default=True, metavar="SIZE",
              help="Largest request body (500k, 2MB, ...).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds one request may take.")
@click.option("--concurrency", type=click.IntRange(min=1), default=2, show_default=True,
              help="Requests in progress at once (their linting takes turns on one set of loaded rules); "
                   "more wait in a short queue, then get 503.")
@click.option("--token-file", type=click.Path(dir_okay=False, exists=True),
              help="Require 'Authorization: Bearer TOKEN' with the token in this file "
                   "(or in the COPYLINT_SERVE_TOKEN environment variable).")
@click.option("--allow-origin", "allow_origins", multiple=True, metavar="ORIGIN",
              help="A web page origin (https://cms.example.org, or *) whose scripts may call the service "
                   "from a browser (CORS); repeatable. Default: none.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="One JSON line per request on standard error (never the text).")
def serve(host: str, port: int, config_path: str | None, languagetool: str | None, max_size: str,
          timeout: float, concurrency: int, token_file: str | None, allow_origins: tuple[str, ...],
          access_log: bool) -> None:
    """Serve copylint over HTTP: its JSON API and LanguageTool's protocol."""
    from .server import ServeSettings, is_loopback
    from .server import serve as run

    token = os.environ.get("COPYLINT_SERVE_TOKEN") or None
    if token_file:
        with open(token_file, encoding="utf-8") as fh:
            token = fh.read().strip() or None
        if token is None:
            _fail(f"--token-file {token_file} is empty")
    if languagetool and not languagetool.startswith(("http://", "https://")):
        _fail(f"--languagetool takes a URL such as http://localhost:8081, not {languagetool!r}")
    if not is_loopback(host) and token is None:
        click.echo(f"copylint serve: warning: listening on {host} without a token: anyone who can reach "
                   "this machine can use it (see --token-file)", err=True)
    settings = {"grammar": {"server": languagetool}} if languagetool else None
    session = _front_door_session(config_path, settings)
    try:
        run(session, ServeSettings(host=host, port=port, max_request_bytes=_size(max_size), timeout=timeout,
                                   concurrency=concurrency, token=token, upstream=languagetool,
                                   allow_origins=tuple(o.rstrip("/") for o in allow_origins),
                                   access_log=sys.stderr if access_log else None))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


@main.command()
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this config for every document instead of the one found from each file.")
@click.option("--debounce", type=click.FloatRange(min=0), default=0.3, show_default=True,
              help="Seconds to wait after an edit before linting again.")
def lsp(config_path: str | None, debounce: float) -> None:
    """Run the language server over standard input and output (for editors)."""
    from .lsp import serve_stdio

    serve_stdio(config_path=os.path.abspath(config_path) if config_path else None, debounce=debounce)


if __name__ == "__main__":  # pragma: no cover
    main()
