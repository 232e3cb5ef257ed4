"""An unchanged re-run, answered from one file: what the same command printed last time.

Every file's findings are in the result cache already (cache.py), but reading them back still
means starting the CLI, its config and the reporters. When nothing that decides a run's
output has changed, the output is the same bytes: so a run (its command line, working folder,
environment and today's date) leaves a record, `<cache>/runs/<key>.bin`, holding what it
printed, its exit code, and the size, modification time and inode of everything its output
depends on:

- every file it linted;
- every folder its walks went through, the folders above the given paths and the working
  folder up to the root (a config file, an ignore file or an article added or removed changes
  a folder's modification time), with the config and ignore files they hold;
- what the result cache's key reads: the config files in force with their `extends` bases,
  packs and vocabularies, and copylint's own files and the folders plugins install into.

The next run with the same key stats that list; when all of it matches, it prints the record
(the elapsed time in the summary line is today's) and exits, having imported only the
standard library. Anything else runs as usual. A record is written only for a run whose every
result came from or went into the result cache, and never while a file it depends on was
modified in the last `RACY_SECONDS` (a change within the same timestamp would go unseen; a
folder is watched for entries added or removed, which a busy folder such as /tmp sees all
the time, so folders are exempt).

The record is data only (marshal of text, bytes and numbers). It lives in the cache folder:
`--cache-dir`, `COPYLINT_CACHE_DIR` or the `cache-dir` of the config in force for the first
path (read here with a plain line scan; a config this scan cannot read with certainty goes
the usual way). Only plain runs qualify: output to standard output, not a terminal (a
terminal gets the progress bar), no --fix, --diff, -o, --baseline or standard input.
"""

from __future__ import annotations

import os
import sys
import time

FORMAT = 2
KEEP = 64  # records kept; the least recently written beyond these are deleted
RACY_SECONDS = 2.0
# options of `copylint check` that take a value (tests/test_rerun.py checks this against the CLI)
VALUE_OPTIONS = frozenset({
    "-f", "--format", "-c", "--config", "--select", "--ignore", "--fail-on", "--min-level", "--exclude",
    "-j", "--jobs", "--as-of", "--color", "--languagetool-server", "--require", "--cache-dir",
})
FLAG_OPTIONS = frozenset({"--exit-zero", "--statistics", "--no-source", "-q", "--quiet"})
# options that write files or read standard input: such runs are never recorded
NEVER = frozenset({"-o", "--output", "--fix", "--diff", "--baseline", "--stdin-filename", "--no-cache", "-h",
                   "--help", "--version"})
COMMANDS = frozenset({"check"})
# environment variables that change between otherwise equal runs and never change the output
_VOLATILE_ENV = frozenset({"PWD", "OLDPWD", "SHLVL", "_", "TERM_SESSION_ID", "WINDOWID", "SSH_CLIENT",
                           "SSH_CONNECTION", "SSH_TTY", "XDG_SESSION_ID", "COLUMNS", "LINES"})


class Plan:
    """Where this run's record is and what names it."""

    def __init__(self, key: str, folder: str, ident: str = "") -> None:
        self.key = key
        self.folder = folder
        self.ident = ident  # what the key is a short hash of; a record of another ident is not this run's
        self.path = os.path.join(folder, "runs", key[:2], key + ".bin")


def plan(argv: list[str], environ: dict[str, str] | None = None, cwd: str | None = None) -> Plan | None:
    """The record this command line would use, or None when the run does not qualify."""
    env = dict(os.environ if environ is None else environ)
    try:
        if sys.stdout.isatty() or sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    parsed = _parse(argv)
    if parsed is None:
        return None
    cache_dir, config_path, paths = parsed
    cwd = cwd or os.getcwd()
    folder = cache_dir or env.get("COPYLINT_CACHE_DIR") or _config_cache_dir(config_path, paths[0], cwd)
    if folder is False:  # a config the scan cannot read for sure
        return None
    if not folder:
        base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "copylint")
    folder = os.path.abspath(os.path.join(cwd, os.path.expanduser(str(folder))))
    import zlib  # not hashlib (OpenSSL: 2 ms to load): the record holds the whole ident and is checked

    shown = sorted((k, v) for k, v in env.items() if k not in _VOLATILE_ENV)
    ident = repr((FORMAT, argv, cwd, shown, sys.executable, sys.version, time.strftime("%Y-%m-%d"),
                  getattr(sys.stdout, "encoding", None), getattr(sys.stderr, "encoding", None)))
    raw = ident.encode("utf-8", "surrogatepass")
    key = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw) & 0xFFFF:04x}"
    return Plan(key, folder, ident)


def _parse(argv: list[str]) -> tuple[str | None, str | None, list[str]] | None:
    """(--cache-dir, --config, paths) of a plain `copylint [check] ...`, or None."""
    if argv[:1] and argv[0] in _SUBCOMMANDS:
        return None  # `copylint rules`, `copylint cache clean`, ...
    args = argv[1:] if argv[:1] == ["check"] else argv
    cache_dir = config = None
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if arg == "-" or arg == "--" or name in NEVER:
            return None
        if name in VALUE_OPTIONS:
            if not eq:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            if name == "--cache-dir":
                cache_dir = value
            elif name in ("-c", "--config"):
                config = value
        elif arg in FLAG_OPTIONS:
            pass
        elif arg.startswith("-"):
            return None  # an option this path does not know (or -qj2): the usual way handles it
        else:
            paths.append(arg)
        i += 1
    if not paths:
        return None
    return cache_dir, config, paths


_SUBCOMMANDS = frozenset({"rules", "explain", "config", "cache", "serve", "lsp", "vocab", "baseline", "archive",
                          "learn-furniture"})


def _config_cache_dir(config_path: str | None, first: str, cwd: str) -> str | bool | None:
    """The `cache-dir` of the config in force for `first` (absolute), None when it sets none,
    False when this scan cannot tell for sure (then the run goes the usual way)."""
    path = os.path.join(cwd, config_path) if config_path else None
    if path is None:
        probe = os.path.join(cwd, first)
        from .discovery import discover

        path = discover(probe if os.path.isdir(probe) else os.path.dirname(probe) or cwd)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return False
    value = _scan_toml(text) if path.endswith(".toml") else _scan_yaml(text)
    if value is None or value is False:
        return value
    return os.path.join(os.path.dirname(os.path.abspath(path)), os.path.expanduser(value))


def _plain_value(raw: str) -> str | bool:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        inner = raw[1:-1]
        return inner if "\\" not in inner and raw[0] not in inner and "'" not in inner else False
    if not raw or any(c in raw for c in "#{}[]&*!|>%@`\"'") or raw in ("~", "null"):
        return False
    return raw


def _scan_yaml(text: str) -> str | bool | None:
    found: str | bool | None = None
    for line in text.splitlines():
        if line.startswith(("extends:", "extends :")):
            if found is None:
                found = False  # a base may set it: only the full config reader can tell
        if line.startswith("cache-dir"):
            rest = line[len("cache-dir"):].lstrip(" ")
            if not rest.startswith(":"):
                return False
            found = _plain_value(rest[1:])
        elif line.startswith(("'cache-dir'", '"cache-dir"', "? ")):
            return False
    return found


def _scan_toml(text: str) -> str | bool | None:
    section = None
    found: str | bool | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
            continue
        if section == "[tool.copylint]":
            key, eq, value = stripped.partition("=")
            if key.strip() == "extends" and found is None:
                found = False
            if key.strip() in ("cache-dir", '"cache-dir"') and eq:
                found = _plain_value(value.split(" #")[0])
    return found


# ---------------------------------------------------------------------------- replaying


def _signature(path: str) -> tuple[int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1, -1)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def replay(found: Plan, started: float) -> int | None:
    """Print the record and return the exit code, or None when there is none that holds."""
    import marshal

    try:
        with open(found.path, "rb") as fh:
            record = marshal.loads(fh.read())
        fmt, ident, watched, segments, err, code = record
        if fmt != FORMAT or ident != found.ident or not isinstance(watched, list) or not isinstance(code, int):
            return None
        for path, signature in watched:
            if _signature(path) != signature:
                return None
        took = f" in {time.monotonic() - started:.2f} s".encode()
        out = took.join(segments)
    except Exception:  # noqa: BLE001 - no record, a damaged one, or another version's
        return None
    for stream, data in ((sys.stdout, out), (sys.stderr, err)):
        if data:
            stream.flush()
            stream.buffer.write(data)
            stream.flush()
    return code


# ---------------------------------------------------------------------------- recording


class _Tee:
    """A binary stream that writes through to another and keeps a copy."""

    def __init__(self, raw: object) -> None:
        self.raw = raw
        self.copy = bytearray()

    def write(self, data: bytes) -> int:
        self.copy += data
        return self.raw.write(data)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.raw, name)


class _Active:
    recorder: Recorder | None = None


ACTIVE = _Active()


def active() -> Recorder | None:
    """The recorder of this run, when it may leave a record (see launch.py)."""
    return ACTIVE.recorder


class Recorder:
    """Copies what the run prints; the CLI says what the output depended on (`depends`)."""

    def __init__(self, found: Plan) -> None:
        import io

        self.plan = found
        self.watched: list[str] | None = None  # set by the CLI when the run may be recorded
        self.marks: list[bytes] = []  # the elapsed-time texts the reporters printed, in order
        self.tees = []
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            tee = _Tee(stream.buffer)
            wrapped = io.TextIOWrapper(tee, encoding=stream.encoding, errors=stream.errors,  # type: ignore[arg-type]
                                       line_buffering=stream.line_buffering, write_through=True)
            stream.flush()
            setattr(sys, name, wrapped)
            self.tees.append(tee)

    def depends(self, paths: list[str], elapsed: list[float]) -> None:
        self.watched = paths
        self.marks = [f" in {t:.2f} s".encode() for t in elapsed]

    def finish(self, code: int) -> None:
        """Write the record, if the CLI said the run may be recorded."""
        for name in ("stdout", "stderr"):
            try:
                getattr(sys, name).flush()
            except (OSError, ValueError):
                return
        if self.watched is None:
            return
        now = time.time()
        watched = []
        for path in dict.fromkeys(self.watched):
            signature = _signature(path)
            if signature[0] != -1 and now - signature[0] / 1e9 < RACY_SECONDS and not os.path.isdir(path):
                return  # changed a moment ago: it may change again unseen within its timestamp
            watched.append((path, signature))
        out = bytes(self.tees[0].copy)
        segments, at = [], 0
        for mark in self.marks:
            found = out.find(mark, at)
            if found < 0:
                continue
            segments.append(out[at:found])
            at = found + len(mark)
        segments.append(out[at:])  # a format that prints no elapsed time (json) has one segment
        try:
            import marshal

            data = marshal.dumps((FORMAT, self.plan.ident, watched, segments, bytes(self.tees[1].copy), int(code)))
            from .textio import write_new

            write_new(self.plan.path, data)
            _prune(os.path.join(self.plan.folder, "runs"))
        except (OSError, ValueError):
            pass


def _prune(folder: str, keep: int = KEEP) -> None:
    found = []
    for top, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(top, name)
            try:
                found.append((os.stat(path).st_mtime, path))
            except OSError:
                continue
    if len(found) <= keep:
        return
    found.sort(reverse=True)
    for _mtime, path in found[keep:]:
        try:
            os.unlink(path)
        except OSError:
            pass


def ancestors(path: str) -> list[str]:
    """A path's folder and every folder above it."""
    out = []
    current = os.path.dirname(os.path.abspath(path))
    while True:
        out.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            return out
        current = parent
