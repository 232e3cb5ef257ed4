"""The Session: one owner for everything that outlives a document.

A front door (the CLI, the language server, the HTTP service, the Spark adapter, the
rule-case runner) makes one `Session` and asks it to lint text or paths. The session
holds the rule catalogue, the loaded config files, the services the rules call and
the per-run caches, each with its own invalidation:

- a config file is keyed by its path and the modification time and size of every file
  it reads (`extends` bases included): edit `.copylint.yaml` and the next lint sees it;
- the rule catalogue is keyed by the pack folders a config names and the modification
  times of their rule files: edit a pack and the next lint recompiles it;
- which config file is in force for a folder is looked up afresh on each lint call
  (remembered only for the length of one call, so that a million files cost one
  look-up per folder, not one per file).

Nothing here is module-level: two sessions share no state, and a long-lived process
(a language server, a Spark executor) sees every change without a restart.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Mapping, Sequence

from .findings import FileResult, Finding
from .services import Services

@dataclass(frozen=True)
class FixedText:
    """What `Session.fix_text` gives back."""

    text: str  # the text with the fixes applied
    applied: int  # how many edits went in
    findings: tuple[Finding, ...]  # what is still reported in the fixed text


@dataclass
class Outcome:
    """What `Session.lint_paths` gives back: a result per file and the run's notices."""

    results: list[FileResult]
    notices: Any  # linter.Notices

    def __iter__(self):  # `results, notices = session.lint_paths(...)`
        return iter((self.results, self.notices))

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]


class Session:
    """Lints text and files; owns the catalogue, config, caches and service clients.

    `config` is the config for every document this session lints: a path to a
    `.copylint.yaml` (or `pyproject.toml`), a mapping with the same keys, or None. With
    None, `lint_paths` uses the config file found upward from each file (as the CLI
    does) and `lint_text` the defaults, unless `discover=True` asks it to look upward
    from `filename` too (what an editor wants).

    `select`/`ignore` narrow the rules like `--select`/`--ignore`; `as_of` is the date
    stamp rules compare against (default: today); `settings` adds pack settings, e.g.
    `{"grammar": {"server": "http://localhost:8081"}}`; `cwd` is the folder relative
    paths resolve from (default: the working directory when the session is made).
    """

    def __init__(
        self,
        config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        as_of: dt.date | None = None,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        cwd: str | None = None,
        discover: bool = False,
        services: Services | None = None,
        min_level: Any = None,
    ) -> None:
        from .runopts import RunOptions

        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.config = _config_arg(config, self.cwd)
        self.discover = discover
        self.services = services if services is not None else Services()
        self.options = RunOptions(
            config_path=self.config if isinstance(self.config, str) else None,
            select=tuple(select) if select is not None else None,
            ignore=tuple(ignore),
            as_of=as_of,
            settings=tuple((pack, tuple(dict(values).items())) for pack, values in (settings or {}).items()),
            cwd=self.cwd,
            min_level=min_level,  # a Severity over the config's `min-level`, or None
        )
        self._configs: dict[str | None, tuple[Any, Any]] = {}  # config path -> (signature, FileConfig)
        self._mappings: OrderedDict[str, Any] = OrderedDict()  # canonical JSON of a mapping -> FileConfig
        self._catalogs: dict[tuple[str, ...], tuple[Any, Any]] = {}  # packs -> (signature, Catalog)
        # for the length of one call (see `_new_call`): which config a folder uses, which
        # config files and pack folders were checked for changes
        self._discovered: dict[str, str | None] = {}
        self._checked: set[Any] = set()
        self._readers: Any = None

    @property
    def readers(self) -> Any:
        """The input formats (formats.Readers): built-in and plugins, loaded once."""
        if self._readers is None:
            from .formats import Readers

            self._readers = Readers.load()
        return self._readers

    @classmethod
    def from_options(cls, options: Any) -> Session:
        """A session for the CLI's `RunOptions` (config path, select, ignore, as-of, settings)."""
        return cls(
            options.config_path,
            select=options.select,
            ignore=options.ignore,
            as_of=options.as_of,
            settings={pack: dict(values) for pack, values in options.settings},
            cwd=options.cwd,
            min_level=options.min_level,
        )

    # ------------------------------------------------------------------ public API

    def lint_text(
        self,
        text: str,
        *,
        filename: str = "story.md",
        config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
        format: str | None = None,
        notices: Any = None,
    ) -> list[Finding]:
        """The findings for `text`, as if it were a file named `filename`; reads and writes no file.

        `config` overrides the session's config for this call; `format` (markdown, text,
        html, ...) overrides the one the extension of `filename` gives. Run-level notes
        (a rule that could not run) go to `notices` when given (a `linter.Notices`).
        """
        from .linter import Notices, lint_source

        self._new_call()
        self._text_reader(filename, format)
        fc = self._file_config(filename, config)
        found = notices if notices is not None else Notices()
        result = lint_source(filename, _source(text), self._options_for(fc), found, fc, format=format,
                             services=self.services, readers=self.readers)
        if result.error:
            raise ValueError(result.error)
        return list(result.findings)

    def fix_text(
        self,
        text: str,
        *,
        filename: str = "story.md",
        config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
        format: str | None = None,
    ) -> FixedText:
        """`text` with every safe fix applied (in a few rounds, as `--fix` does); writes no file."""
        from .linter import Notices, lint_source

        self._new_call()
        self._text_reader(filename, format)
        fc = self._file_config(filename, config)
        options = replace(self._options_for(fc), fix=True)
        result = lint_source(filename, _source(text), options, Notices(), fc, format=format,
                             services=self.services, write=False, readers=self.readers)
        if result.error:
            raise ValueError(result.error)
        return FixedText(result.source if result.source is not None else text, result.fixed, result.findings)

    def lint_paths(
        self,
        paths: Iterable[str],
        *,
        jobs: int = 1,
        fix: bool = False,
        diff: bool = False,
        keep_source: bool = False,
        keep_clean_source: bool = True,
        exclude: Sequence[str] = (),
        on_result: Callable[[FileResult], None] | None = None,
    ) -> Outcome:
        """Lint files and folders (folders are walked for the config's extensions).

        With `fix`, safe fixes are written back in place (atomically); with `diff`, each
        result carries the unified diff of its safe fixes instead. A path that does not
        exist, or a folder with nothing to lint, becomes a result with `error` set (first
        in the list). `jobs` > 1 lints in that many worker processes; `on_result` is
        called with each linted file's result as it comes, in the order of the files.
        """
        from .walk import collect_paths

        self._new_call()
        files, errors = collect_paths(tuple(paths), tuple(exclude), self)
        outcome = self.lint_files(files, jobs=jobs, fix=fix, diff=diff, keep_source=keep_source,
                                  keep_clean_source=keep_clean_source, on_result=on_result)
        outcome.results[:0] = errors
        return outcome

    def lint_files(
        self,
        files: Iterable[str],
        *,
        jobs: int = 1,
        fix: bool = False,
        diff: bool = False,
        keep_source: bool = False,
        keep_clean_source: bool = True,
        on_result: Callable[[FileResult], None] | None = None,
    ) -> Outcome:
        """Like `lint_paths` for files only (no folder walking, no exclude globs)."""
        from .linter import lint_files

        self._new_call()
        options = replace(self.options, fix=fix, diff=diff, keep_source=keep_source,
                          keep_clean_source=keep_clean_source)
        results, notices = lint_files(self, files, options, jobs, on_result)
        return Outcome(results, notices)

    # ------------------------------------------------------------------ for front doors

    def lint_bytes(self, path: str, data: bytes, *, fix: bool = False, diff: bool = False,
                   keep_source: bool = False, format: str | None = None) -> tuple[FileResult, Any]:
        """Lint a file's bytes (standard input, an upload) named `path`; writes nothing.

        The format comes from `path` or `format`; a binary format (DOCX) is read from the
        bytes. With `fix`, the result's `source` is the fixed text.
        """
        from .linter import Notices, _prose_keys, lint_source
        from .textio import ReadError, SourceText, decode

        self._new_call()
        notices = Notices()
        reader = self.readers.for_path(path, format)
        document = None
        try:
            fc = self.config_for(path)
            if reader.writable:
                source = decode(data)
            else:
                document = reader.read(path, data, _prose_keys(fc.config))
                source = SourceText(document.source, "utf-8", b"", "\n")
        except ReadError as exc:
            return FileResult(path, error=str(exc)), notices
        options = replace(self.options, fix=fix, diff=diff, keep_source=keep_source)
        result = lint_source(path, source, options, notices, fc, format=format, services=self.services,
                             write=False, readers=self.readers, document=document)
        return result, notices

    def config_for(self, path: str) -> Any:
        """The `FileConfig` (config and catalogue) in force for a file path (discovering it)."""
        return self._file_config(path, None, discover=True)

    def catalog(self, packs: tuple[str, ...] = ()) -> Any:
        """The rule catalogue with the built-in rules, plugins and these extra pack folders."""
        from .registry import load_catalog, packs_signature

        cached = self._catalogs.get(packs)
        if cached is not None and ("packs", packs) in self._checked:
            return cached[1]
        signature = packs_signature(packs)
        self._checked.add(("packs", packs))
        if cached is not None and cached[0] == signature:
            return cached[1]
        catalog = load_catalog(packs)
        self._catalogs[packs] = (signature, catalog)
        return catalog

    def prepare(self, paths: Iterable[str]) -> Any:
        """Load every config the paths will use, raising ConfigError early; returns the first."""
        first = None
        seen: set[str] = set()
        for p in paths:
            probe = os.path.join(p, "_") if os.path.isdir(p) else p  # a folder's own config is in force in it
            d = os.path.dirname(os.path.abspath(probe))
            if d in seen:
                continue
            seen.add(d)
            fc = self.config_for(probe)
            first = first or fc
        return first

    # ------------------------------------------------------------------ config

    def _text_reader(self, filename: str, format: str | None) -> Any:
        reader = self.readers.for_path(filename, format)  # ValueError for an unknown format
        if not reader.writable:
            raise ValueError(f"{reader.name} is a binary format: lint its bytes with Session.lint_bytes")
        return reader

    def _new_call(self) -> None:
        """A new lint call: files on disk may have changed since the last one."""
        self._discovered.clear()
        self._checked.clear()
        self.services.begin_call()

    def _options_for(self, fc: Any) -> Any:
        return self.options

    def _file_config(self, filename: str, config: Any, discover: bool | None = None) -> Any:
        if config is None:
            config = self.config
        else:
            config = _config_arg(config, self.cwd)
        if isinstance(config, Mapping):
            return self._mapping_config(config)
        if config is None and (discover if discover is not None else self.discover):
            folder = os.path.dirname(os.path.abspath(os.path.join(self.cwd, filename))) or "."
            config = self._discover(folder)
        return self._path_config(config)

    def _discover(self, folder: str) -> str | None:
        from .config import discover

        if folder not in self._discovered:
            self._discovered[folder] = discover(folder)
        return self._discovered[folder]

    def _path_config(self, path: str | None) -> Any:
        from .config import Config, config_signature, load_config_file

        cached = self._configs.get(path)
        if cached is not None:
            signature, fc = cached
            if path in self._checked:  # already checked during this call
                return fc
            if signature == config_signature(fc.config) and fc.catalog is self.catalog(fc.config.packs) \
                    and _data_unchanged(fc):
                self._checked.add(path)
                return fc
        config = load_config_file(path) if path else Config(root=self.cwd)
        fc = self._finish(config)
        self._configs[path] = (config_signature(config), fc)
        self._checked.add(path)
        return fc

    def _mapping_config(self, data: Mapping[str, Any]) -> Any:
        from .config import parse

        key = json.dumps(data, sort_keys=True, default=str)
        fc = self._mappings.get(key)
        if fc is not None:
            # a mapping's packs are folders whose rule files may change
            if fc.catalog is self.catalog(fc.config.packs) and _data_unchanged(fc):
                self._mappings.move_to_end(key)
                return fc
        fc = self._finish(parse(_plain(data), "<config>", self.cwd))
        self._mappings[key] = fc
        while len(self._mappings) > 32:
            self._mappings.popitem(last=False)
        return fc

    def _finish(self, config: Any) -> Any:
        from .config import FileConfig, file_signatures, validate, validate_data

        if self.options.settings:
            sections = {k: dict(v) for k, v in config.sections.items()}
            for pack, values in self.options.settings:
                sections.setdefault(pack, {}).update(dict(values))
            config = replace(config, sections=sections)
        catalog = self.catalog(config.packs)
        validate(config, catalog)
        # the pack folders' data files and the files options name: a bad one is a config error
        # now (file:line, exit 2), not a failure in the middle of the run
        data = validate_data(config, catalog, self.services)
        return FileConfig(config, catalog, data_files=file_signatures(data))


def _data_unchanged(fc: Any) -> bool:
    """Whether the data files a config brought in are as they were when it was checked."""
    if not fc.data_files:
        return True
    from .config import file_signatures

    return file_signatures([p for p, _sig in fc.data_files]) == fc.data_files


def _config_arg(config: Any, cwd: str) -> str | Mapping[str, Any] | None:
    if config is None or isinstance(config, Mapping):
        return config
    if isinstance(config, (str, os.PathLike)):
        return os.path.abspath(os.path.join(cwd, os.fspath(config)))
    raise TypeError(f"config must be a path, a mapping or None, not {type(config).__name__}")


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """A mapping given in Python (perhaps a frozen or custom Mapping) as plain dicts and lists."""
    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return plain(data)


def _source(text: str) -> Any:
    from .textio import SourceText, _dominant_newline

    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}; decode bytes first or use lint_bytes")
    return SourceText(text, "utf-8", b"", _dominant_newline(text))


def lint_text(
    text: str,
    *,
    filename: str = "story.md",
    config: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    format: str | None = None,
) -> list[Finding]:
    """The findings for `text` (see `Session.lint_text`), with a fresh session.

    For many calls, make one `Session` and call its `lint_text`: it keeps the rules
    compiled between calls.
    """
    return Session(config).lint_text(text, filename=filename, format=format)
