"""The result cache: an unchanged file under unchanged rules is not linted again.

What decides a file's findings is its bytes and the rule set in force for it. The rule set's
key (`ruleset_key`) is a digest of copylint's version; the modification times and sizes of
copylint's own files (code, built-in packs, their data) and of the folders on `sys.path`
(installing or upgrading a plugin changes them); the config files in force with every setting
they resolve to; the pack folders they name and every file of them; the files that settings
name (vocabularies such as `spelling: {accept: [vocab/accept.txt]}`); `--select`, `--ignore`,
the CLI's pack settings and the reference date (`--as-of`, else today: stamp rules compare
against it). All of it is read without importing a rule, so a run whose files all hit the
cache never loads the rules.

Layout, under the cache folder (`--cache-dir`, `COPYLINT_CACHE_DIR`, else the user's cache
folder): `v1/<rule-set key>/manifest.json` maps each file's absolute path to its size,
modification time and inode (the stat fast path: an untouched file is not even read) and to
the digest of its bytes; `v1/<rule-set key>/results/` holds the findings of the files that have
any, one JSON file each, named by the digest of the path and the bytes. A file whose stat
changed is read and hashed: the same bytes (a `touch`, a checkout) still hit.

Safe when several copylint processes share the folder: every file is written to a temporary
name and renamed into place (readers see the old file or the new, never half of one), and the
manifest is merged under an exclusive lock (`fcntl.flock`, where the platform has it) so that
two runs keep each other's entries. Entries are data (JSON), never code. Bounded: the
`KEEP_RULESETS` most recently used rule sets are kept, older ones are deleted.

Results with a file error (a rule failed, a service did not answer) are never stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import sys
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Iterator

from .prepared import CACHE_ENV, default_dir  # noqa: F401  (the cache folder: re-exported)
from .vocab import VOCAB_NAME

FORMAT = "v1"
KEEP_RULESETS = 8  # rule-set folders kept; the least recently used beyond these are deleted
RACY_SECONDS = 2.0  # a file modified this recently may change again within its mtime's granularity

# run options that do not change a file's findings (or, for fix/diff, keep the cache out of the run)
_NOT_KEYS = frozenset({"fix", "diff", "keep_source", "keep_clean_source", "cwd", "as_of"})
_NOT_STORED = ("internal error", "config error", "cannot write")  # file errors a re-run may not repeat




def _stat_entry(path: str) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, st.st_mtime_ns, st.st_size)


def _tree(folder: str) -> list[tuple[str, int, int]]:
    """Every file under a folder (caches and hidden folders left out), with its stat."""
    out = [_stat_entry(folder)]
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        out.extend(_stat_entry(os.path.join(top, n)) for n in sorted(names) if not n.endswith((".pyc", ".pyo")))
    return out


def _install_signature() -> list[Any]:
    """copylint's version and files, and the folders plugins are installed into."""
    from . import __version__
    from .registry import builtin_rules_dir

    here = os.path.dirname(os.path.abspath(__file__))
    parts: list[Any] = [__version__, sys.version_info[:2]]
    parts += _tree(here)
    rules = builtin_rules_dir()
    if not rules.startswith(here + os.sep):
        parts += _tree(rules)
    parts += [_stat_entry(p) for p in sys.path if p and os.path.isdir(p)]
    return parts


def _named_files(value: Any, root: str) -> Iterator[str]:
    """Strings in a config's settings that name existing files (vocabularies, word lists)."""
    if isinstance(value, str):
        if value and len(value) < 4096 and "\n" not in value:
            path = value if os.path.isabs(value) else os.path.join(root, value)
            if os.path.isfile(path):
                yield path
    elif isinstance(value, dict):
        for v in value.values():
            yield from _named_files(v, root)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _named_files(v, root)


def _config_signature(config: Any) -> list[Any]:
    from .config import config_signature

    c = config
    parts: list[Any] = [repr((c.select, c.enable, c.disable, c.rules, c.overrides, c.packs, c.front_matter_keys,
                              sorted((k, sorted(v.items(), key=repr)) for k, v in c.sections.items())))]
    parts += config_signature(config)
    for folder in c.packs:
        parts += _tree(folder)
    root = c.root or "."
    parts += [_stat_entry(p) for p in sorted(set(_named_files([c.sections, c.rules], root)))]
    # the vocabulary `copylint vocab add` writes: the spelling rules read it beside the config
    # without any setting naming it
    parts.append(_stat_entry(os.path.join(root, VOCAB_NAME)))
    return parts


def ruleset_key(config: Any, options: Any, install: list[Any]) -> str:
    """The digest of everything besides a file's bytes that decides its findings."""
    import dataclasses

    as_of = options.as_of or dt.date.today()
    # every run option that can change a finding (--select, --ignore, --min-level, pack settings, ...)
    chosen = sorted((f.name, repr(getattr(options, f.name))) for f in dataclasses.fields(options)
                    if f.name not in _NOT_KEYS)
    parts = [FORMAT, install, _config_signature(config), chosen, as_of.isoformat()]
    import hashlib  # imported where used: a --no-cache run needs no OpenSSL (~1.5 ms to load)

    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


# ---------------------------------------------------------------------------- findings as JSON


def _encode(result: Any) -> dict[str, Any]:
    findings = []
    for f in result.findings:
        fix = None
        if f.fix is not None:
            fix = [[[e.start, e.end, e.replacement] for e in f.fix.edits], f.fix.safe, f.fix.title]
        findings.append([f.rule, int(f.severity), f.message, f.start.line, f.start.column, f.end.line,
                         f.end.column, f.offset, f.end_offset, f.match, list(f.suggestions), fix, f.link,
                         f.scope, [list(d) for d in f.data]])
    out: dict[str, Any] = {"findings": findings}
    if result.error:
        out["error"] = result.error
    return out


def _decode(path: str, data: dict[str, Any]) -> tuple[Any, Any]:
    from .findings import Edit, FileResult, Finding, Fix, Position, Severity
    from .runopts import Notices

    findings = []
    for (rule, severity, message, line, col, end_line, end_col, offset, end_offset, match, suggestions, fix,
         link, scope, extra) in data["findings"]:
        fixed = None
        if fix is not None:
            edits, safe, title = fix
            fixed = Fix(tuple(Edit(s, e, r) for s, e, r in edits), safe, title)
        findings.append(Finding(
            path=path, rule=rule, severity=Severity(severity), message=message, start=Position(line, col),
            end=Position(end_line, end_col), offset=offset, end_offset=end_offset, match=match,
            suggestions=tuple(suggestions), fix=fixed, link=link, scope=scope,
            data=tuple(tuple(d) for d in extra),
        ))
    notices = Notices()
    for message in data.get("messages", ()):
        notices.notice(message, message)
    for rule_id, reason in data.get("unavailable", ()):
        notices.unavailable(rule_id, reason)
    return FileResult(path, tuple(findings), error=data.get("error")), notices


# ---------------------------------------------------------------------------- the store


def _write_atomic(path: str, text: str) -> None:
    from .textio import write_new

    # surrogateescape: a file name that is not UTF-8 is kept as its own bytes, and read back so
    write_new(path, text.encode("utf-8", errors="surrogateescape"))


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


class _Lock:
    """An exclusive lock on a file (a no-op where fcntl is missing: atomic renames still hold)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fh: Any = None

    def __enter__(self) -> _Lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        self.fh = open(self.path, "a")
        fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.fh is not None:
            import fcntl

            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
            self.fh.close()


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=20).hexdigest()


@dataclass
class _Pending:
    key: str
    path: str  # absolute
    entry: list[Any]
    result: dict[str, Any] | None


class Generation:
    """The cached results under one rule-set key."""

    def __init__(self, root: str, key: str) -> None:
        self.folder = os.path.join(root, FORMAT, key)
        self.manifest_path = os.path.join(self.folder, "manifest.json")
        self.manifest: dict[str, list[Any]] = _read_json(self.manifest_path) or {}
        self.pending: list[_Pending] = []

    def _result_path(self, abspath: str, digest: str) -> str:
        import hashlib

        name = hashlib.blake2b(f"{abspath}\0{digest}".encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
        return os.path.join(self.folder, "results", name[:2], name + ".json")

    def lookup(self, path: str) -> tuple[Any, Any] | None:
        """The cached (FileResult, Notices) of a file, or None."""
        abspath = os.path.abspath(path)
        entry = self.manifest.get(abspath)
        if entry is None:
            return None
        size, mtime, inode, digest, has_findings, notes = entry
        try:
            st = os.stat(abspath)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        if not (mtime is not None and st.st_size == size and st.st_mtime_ns == mtime and st.st_ino == inode):
            try:
                with open(abspath, "rb") as fh:
                    data = fh.read()
            except OSError:
                return None
            if len(data) != size or _digest(data) != digest:
                return None
            # the same bytes (a touch, a checkout): remember the new stat for the fast path
            self.pending.append(_Pending(digest, abspath, _entry(st, digest, has_findings, notes), None))
        stored: dict[str, Any] = {"findings": []}
        if has_findings:
            stored = _read_json(self._result_path(abspath, digest))
            if stored is None:
                return None
        stored.update(notes or {})
        return _decode(path, stored)

    def store(self, path: str, result: Any, notes: dict[str, Any] | None) -> bool:
        """Remember a fresh result with the run-level notes to replay (`messages`, `unavailable`).
        Not for a fix written or a diff, nor a file error other than the file's bytes (not text,
        not UTF-8), which the same bytes give again. Returns whether it is kept."""
        if result.fixed or result.diff or (result.error and result.error.startswith(_NOT_STORED)):
            return False
        abspath = os.path.abspath(path)
        try:
            st = os.stat(abspath)
            if not stat.S_ISREG(st.st_mode):  # a pipe or a device: never opened here (it could block)
                return False
            with open(abspath, "rb") as fh:
                data = fh.read()
        except OSError:
            return False
        if len(data) != st.st_size:  # changed while it was linted
            return False
        encoded = _encode(result)
        digest = _digest(data)
        keep = bool(encoded["findings"] or result.error)
        self.pending.append(_Pending(digest, abspath, _entry(st, digest, keep, notes or None), encoded if keep else None))
        return True

    def flush(self) -> None:
        """Write the new results and merge the manifest with what other processes wrote meanwhile."""
        if not self.pending:
            return
        for p in self.pending:
            if p.result is not None:
                _write_atomic(self._result_path(p.path, p.key), json.dumps(p.result, ensure_ascii=False))
        with _Lock(os.path.join(self.folder, "manifest.lock")):
            merged = _read_json(self.manifest_path) or {}
            for p in self.pending:
                merged[p.path] = p.entry
            _write_atomic(self.manifest_path, json.dumps(merged, ensure_ascii=False, separators=(",", ":")))
        self.manifest = merged
        self.pending.clear()


def _entry(st: os.stat_result, digest: str, has_findings: bool, notes: dict[str, Any] | None) -> list[Any]:
    # a file modified in the last moments may change again within the same mtime: no fast path for it
    racy = time.time() - st.st_mtime < RACY_SECONDS
    return [st.st_size, None if racy else st.st_mtime_ns, st.st_ino, digest, has_findings, notes]


def notes_of(notices: Any) -> dict[str, Any]:
    """The run-level notices a cached result replays (a pack that could not run, and why)."""
    out: dict[str, Any] = {}
    if notices.messages:
        out["messages"] = list(notices.messages)
    if notices.unavailable_rules:
        out["unavailable"] = sorted(notices.unavailable_rules.items())
    return out


class LightConfigs:
    """Configs read without the rule catalogue (no rule is imported): for walking folders and
    the cache keys. `config_for(path).config` as `Session.config_for` gives it."""

    def __init__(self, options: Any, session: Any = None) -> None:
        self.options = options
        self.session = session
        self._by_dir: dict[str, Any] = {}
        self._by_file: dict[str | None, Any] = {}
        self._readers: Any = None

    @property
    def readers(self) -> Any:
        """The input formats, as `Session.readers` gives them (a folder's walk needs their
        extensions where the config names none); the session's when there is one, else loaded
        on first use. They import no rule."""
        if self.session is not None:
            return self.session.readers
        if self._readers is None:
            from .formats import Readers

            self._readers = Readers.load()
        return self._readers

    def config_of(self, path: str) -> Any:
        from .config import Config, discover, load_config_file

        folder = os.path.dirname(os.path.abspath(path))
        found = self._by_dir.get(folder)
        if found is None:
            cfg_path = self.options.config_path or discover(folder or ".")
            found = self._by_file.get(cfg_path)
            if found is None:
                found = self._by_file[cfg_path] = (load_config_file(cfg_path) if cfg_path
                                                   else Config(root=self.options.cwd))
            self._by_dir[folder] = found
        return found

    def config_for(self, path: str) -> Any:
        return _Held(self.config_of(path))


@dataclass(frozen=True)
class _Held:
    config: Any


class ResultCache:
    """The cache folder: one `Generation` per rule-set key, the old ones pruned."""

    def __init__(self, root: str | None = None) -> None:
        self.root = os.path.abspath(root) if root else default_dir()
        self._install: list[Any] | None = None
        self._generations: dict[str, Generation] = {}
        self._keys: dict[int, str] = {}
        self.complete = True  # every result of the run came from the cache or went into it

    def generation(self, config: Any, options: Any) -> Generation:
        cached = self._keys.get(id(config))
        if cached is None:
            if self._install is None:
                self._install = _install_signature()
            cached = self._keys[id(config)] = ruleset_key(config, options, self._install)
        gen = self._generations.get(cached)
        if gen is None:
            gen = self._generations[cached] = Generation(self.root, cached)
        return gen

    def flush(self) -> None:
        """Write what the run learnt; keep only the most recently used rule sets. A cache that
        cannot be written (a read-only folder) costs the speed-up, never the run."""
        try:
            for gen in self._generations.values():
                gen.flush()
                try:
                    os.utime(gen.folder)  # most recently used
                except OSError:
                    pass
            self.prune()
        except OSError:
            pass

    def prune(self, keep: int = KEEP_RULESETS) -> None:
        top = os.path.join(self.root, FORMAT)
        try:
            folders = [e for e in os.scandir(top) if e.is_dir()]
        except OSError:
            return
        folders.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for old in folders[keep:]:
            import shutil

            shutil.rmtree(old.path, ignore_errors=True)


def depends_on(cache: ResultCache, configs: LightConfigs) -> list[str]:
    """Every file and folder whose modification time the rule-set keys of this run read:
    copylint's files, the plugin folders, and the configs in force with what they name."""
    paths: list[str] = []

    def add(parts: Any) -> None:
        for part in parts:
            if isinstance(part, tuple) and len(part) == 3 and isinstance(part[0], str):
                paths.append(part[0])

    add(cache._install if cache._install is not None else _install_signature())
    for config in configs._by_file.values():
        add(_config_signature(config))
    return paths


def clean(root: str | None = None) -> tuple[str, int]:
    """Delete the cache folder's copylint entries; returns the folder and the bytes freed."""
    folder = os.path.abspath(root) if root else default_dir()
    freed = 0
    # the results, the records of whole runs (rerun.py) and the prepared rule data and patterns
    for target in (os.path.join(folder, FORMAT), os.path.join(folder, "runs"), os.path.join(folder, "prepared")):
        for top, _dirs, names in os.walk(target):
            for n in names:
                try:
                    freed += os.path.getsize(os.path.join(top, n))
                except OSError:
                    pass
        import shutil

        shutil.rmtree(target, ignore_errors=True)
    return folder, freed


def lookup_all(cache: ResultCache, files: Iterable[str], config_of: Any, options: Any) -> dict[str, tuple[Any, Any]]:
    """The cached results of the files that hit, by path."""
    hits: dict[str, tuple[Any, Any]] = {}
    for path in files:
        gen = cache.generation(config_of(path), options)
        found = gen.lookup(path)
        if found is not None:
            hits[path] = found
    return hits


def _decided_by_config(unavailable: dict[str, str], config: Any) -> bool:
    """Whether the rules that could not run were kept from running by the config alone (a pack
    with no settings at all, such as grammar without a server): the config is in the key, so
    such results may be stored. A pack that has settings but could not run (its server down,
    no Java) may run next time: those results are not stored."""
    return all(not config.sections.get(rule_id.split(".", 1)[0]) for rule_id in unavailable)


def lint_cached(
    session: Any,
    cache: ResultCache | None,
    configs: LightConfigs | None,
    files: list[str],
    *,
    jobs: int,
    fix: bool = False,
    diff: bool = False,
    keep_source: bool,
    keep_clean_source: bool,
    on_result: Callable[[Any], None],
    before_linting: Callable[[], None],
    options: Any = None,
) -> tuple[list[Any], Any, bool]:
    """Lint files through the cache: hits come from it, the rest through `session.lint_files`
    (after `before_linting`, which loads and checks the rules), and are stored. `on_result` sees
    every result in the order of `files`. Returns the results, the notices and whether any file
    was linted."""
    from .runopts import Notices
    from .textio import ReadError, read_path

    notices = Notices()
    done: dict[str, Any] = {}
    emitted = 0

    def emit(result: Any) -> None:
        nonlocal emitted
        done[result.path] = result
        while emitted < len(files) and files[emitted] in done:
            on_result(done[files[emitted]])
            emitted += 1

    options = options if options is not None else session.options  # the run's options: part of the key
    hits = lookup_all(cache, files, configs.config_of, options) if cache and configs else {}
    for path in files:
        if path in hits:
            result, found = hits[path]
            if keep_source and (result.findings or keep_clean_source):  # the reporters show the text
                try:
                    result = replace(result, source=read_path(path).text)
                except (ReadError, OSError):
                    pass
            notices.merge(found)
            emit(result)
    misses = [p for p in files if p not in hits]
    if misses:
        before_linting()
        linted, fresh = session.lint_files(misses, jobs=jobs, fix=fix, diff=diff, keep_source=keep_source,
                                           keep_clean_source=keep_clean_source, on_result=emit)
        notices.merge(fresh)
        if cache and configs:
            failed = {p for p, _m in fresh.file_errors} | {p for _r, p, _m in fresh.skipped_files}
            notes = notes_of(fresh)
            for result in linted:
                config = configs.config_of(result.path)
                stored = result.path not in failed and _decided_by_config(fresh.unavailable_rules, config)
                if not (stored and cache.generation(config, options).store(result.path, result, notes)):
                    cache.complete = False
    if cache:
        cache.flush()
    return [done[p] for p in files], notices, bool(misses)
