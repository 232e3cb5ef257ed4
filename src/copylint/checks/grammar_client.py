"""Talking to LanguageTool through language-tool-python: one client per process and server.

language-tool-python finds or starts LanguageTool, negotiates the language and builds the
form fields of `POST /v2/check`; this module decides where LanguageTool comes from, never
lets the client download anything or wait longer than the configured timeout, posts
itself (through one kept-alive session where that pays; the client retries once, doubling
every timeout), and reads the raw matches itself: LanguageTool counts
offsets in UTF-16 code units, and the client's `Match` converts only the start (not the
length) through state shared by the whole process.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator
from urllib.parse import urljoin

PUBLIC_API = "https://api.languagetool.org/"
PUBLIC_NAMES = ("public", "languagetool.org", "api.languagetool.org")
MAX_FAILURES = 3  # requests failing in a row before a process stops asking


class LTError(Exception):
    """A request or connection that failed; the message says why in one line."""


@dataclass(frozen=True)
class Source:
    """Where LanguageTool comes from: a server URL, the public API, or a local install."""

    kind: str  # "server", "public" or "local"
    url: str = ""  # for a server or the public API

    @property
    def label(self) -> str:
        return "local LanguageTool" if self.kind == "local" else f"LanguageTool at {self.url}"


@dataclass(frozen=True)
class Request:
    """The check settings sent with every request (and part of the cache key)."""

    language: str = "en-US"
    picky: bool = False
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match, offsets in code points of the text sent."""

    start: int
    end: int
    rule: str
    message: str
    replacements: tuple[str, ...]
    issue: str
    category: str

    def to_json(self) -> list[Any]:
        return [self.start, self.end, self.rule, self.message, list(self.replacements), self.issue, self.category]

    @classmethod
    def from_json(cls, row: list[Any]) -> LTMatch:
        s, e, rule, message, reps, issue, category = row
        return cls(int(s), int(e), str(rule), str(message), tuple(reps), str(issue), str(category))


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_SUGGESTION_TAG_RE = re.compile(r"<(/?)suggestion>")  # rule markup, in case a server leaves it in


def utf16_converter(text: str) -> Callable[[int], int]:
    """A function from a UTF-16 offset in `text` (as LanguageTool counts) to a code-point offset."""
    starts = [m.start() + i for i, m in enumerate(_ASTRAL_RE.finditer(text))]  # UTF-16 start of each
    if not starts:
        return lambda u: min(max(u, 0), len(text))
    # each astral character before the offset counts twice in UTF-16
    return lambda u: min(max(u - bisect.bisect_left(starts, u), 0), len(text))


def read_matches(text: str, answer: Any, max_replacements: int = 5) -> list[LTMatch]:
    """LanguageTool's JSON answer to LTMatch values, converting UTF-16 offsets."""
    if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
        raise LTError(f"unexpected answer (no 'matches'): {str(answer)[:120]}")
    to_index = utf16_converter(text)
    out = []
    for m in answer["matches"]:
        try:
            u0, ulen = int(m["offset"]), int(m["length"])
            rule = m.get("rule") or {}
            category = rule.get("category") or {}
            reps = tuple(r["value"] for r in m.get("replacements", ())[:max_replacements] if r.get("value"))
            message = _SUGGESTION_TAG_RE.sub(lambda t: "”" if t.group(1) else "“", str(m.get("message", "")))
            out.append(LTMatch(to_index(u0), to_index(u0 + ulen), str(rule.get("id", "UNKNOWN")),
                               " ".join(message.split()), reps,
                               str(rule.get("issueType", "")), str(category.get("id", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # one malformed match must not lose the others
    return out


def _reason(exc: BaseException, timeout: float) -> str:
    """One readable line for a failure of requests or language-tool-python."""
    import requests

    chain = [exc]
    while chain[-1].__cause__ is not None or chain[-1].__context__ is not None:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
        if len(chain) > 6:
            break
    if any(isinstance(e, requests.Timeout) for e in chain):
        return f"no answer within {timeout:g}s"
    if any(isinstance(e, requests.ConnectionError) for e in chain):
        text = str(exc)
        for hint in ("Connection refused", "Name or service not known", "No route to host", "timed out"):
            if hint in text:
                return f"cannot connect ({hint.lower()})"
        return "cannot connect"
    text = " ".join(str(exc).split())
    return (text[:160] + "…") if len(text) > 160 else (text or type(exc).__name__)


@lru_cache(maxsize=1)
def _client_class() -> type:
    from language_tool_python import LanguageTool

    class Client(LanguageTool):  # type: ignore[misc, valid-type]
        """The client with our timeout in place of its fixed 300 s, set before it first connects."""

        def __init__(self, timeout: float, **kwargs: Any) -> None:
            self._TIMEOUT = timeout
            super().__init__(**kwargs)

    return Client


def _local_install() -> tuple[str, str]:
    """(version, "") of a LanguageTool already on disk for language-tool-python, or ("", why not)."""
    if shutil.which("java") is None:
        return "", "no Java on PATH (a local LanguageTool needs Java 17 or later)"
    folder = os.environ.get("LTP_PATH") or os.path.join(os.path.expanduser("~"), ".cache", "language_tool_python")
    if not os.path.isdir(folder) or not any(n.startswith("LanguageTool") for n in os.listdir(folder)):
        return "", (f"no LanguageTool in {folder} (copylint never downloads it; install it once with "
                    "language-tool-python, or set LTP_PATH, or set grammar.server)")
    from language_tool_python.download_lt import LocalLanguageTool

    installed = LocalLanguageTool.get_latest_installed_version()
    if installed is None:
        return "", f"no LanguageTool version found in {folder}"
    try:
        installed.get_jar_path()
    except FileNotFoundError as exc:
        return "", str(exc)
    return installed.version_name, ""


class Connection:
    """One language-tool-python client for a run (per worker process), made on first use.

    It keeps the failures in a row so that a server that stopped answering costs one
    timeout per file at most `MAX_FAILURES` times, not once for every file of an archive.
    """

    def __init__(self, source: Source, language: str, timeout: float, keep_alive: bool = True) -> None:
        self.source = source
        self.language = language
        self.timeout = timeout
        self.keep_alive = keep_alive
        self._tool: Any = None
        self.error = ""  # set when the client could not be made
        self.failures = 0
        self.last_failure = ""
        self._session: Any = None  # with keep_alive: one pooled connection for the run's requests

    def connect(self) -> bool:
        if self._tool is not None or self.error:
            return self._tool is not None
        client = _client_class()
        kwargs: dict[str, Any] = {"language": self.language}
        try:
            if self.source.kind == "local":
                version, why = _local_install()
                if not version:
                    self.error = why
                    return False
                kwargs["language_tool_download_version"] = version
            else:
                kwargs["remote_server"] = self.source.url
            self._tool = client(self.timeout, **kwargs)
        except ValueError as exc:  # the language tag
            self.error = f"{self.source.label}: {exc}"
        except (Exception, SystemExit) as exc:  # the client raises SystemExit on an odd `java -version`
            self.error = f"{self.source.label}: {_reason(exc, self.timeout)}"
        if self._tool is not None and self.keep_alive:
            import requests

            self._session = requests.Session()
        return self._tool is not None

    def _post(self, url: str, params: dict[str, str]) -> Any:
        """POST once; one more try only when the connection broke (e.g. a kept-alive one the server
        closed meanwhile), never after a timeout (that would double the wait)."""
        import requests

        for attempt in (0, 1):
            try:
                if self._session is not None:
                    return self._session.post(url, data=params, timeout=self.timeout)
                return requests.post(url, data=params, timeout=self.timeout)  # a connection of its own
            except requests.ConnectionError as exc:
                if attempt or isinstance(exc, requests.Timeout):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def check(self, text: str, request: Request) -> list[LTMatch]:
        """One request for the whole text; raises LTError with a one-line reason."""
        if self.failures >= MAX_FAILURES:
            raise LTError(f"not sent: {self.failures} requests in a row failed ({self.last_failure})")
        tool = self._tool
        tool.picky = request.picky
        tool.enabled_rules = set(request.enabled_rules)
        tool.disabled_rules = set(request.disabled_rules)
        tool.enabled_categories = set(request.enabled_categories)
        tool.disabled_categories = set(request.disabled_categories)
        tool.enabled_rules_only = request.enabled_only
        try:
            # the client's own form fields, posted by us (its retry would double every timeout)
            params = tool._create_params(text)
            base = getattr(tool, "url", None) or tool._url  # `url` is public from language-tool-python 3
            response = self._post(urljoin(base, "check"), params)
            if response.status_code != 200:
                body = " ".join(response.text.split())[:160]
                raise LTError(f"HTTP {response.status_code}: {body}")
            matches = read_matches(text, response.json())
        except (Exception, SystemExit) as exc:
            self.failures += 1
            self.last_failure = _reason(exc, self.timeout)
            raise LTError(self.last_failure) from None
        self.failures = 0
        return matches


@lru_cache(maxsize=16)
def connection(source: Source, language: str, timeout: float, keep_alive: bool = True) -> Connection:
    """The process's connection for these settings (connect once per run and worker)."""
    return Connection(source, language, timeout, keep_alive)


@contextlib.contextmanager
def request_slot(url: str, concurrency: int) -> Iterator[None]:
    """At most `concurrency` requests in flight to one server from this machine's copylint runs.

    Worker processes take a slot by pid (an exclusive file lock); POSIX only, elsewhere no cap.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    if concurrency <= 0:
        yield
        return
    folder = os.path.join(tempfile.gettempdir(), "copylint-languagetool")
    name = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    try:
        os.makedirs(folder, exist_ok=True)
        fh = open(os.path.join(folder, f"{name}.{os.getpid() % concurrency}.lock"), "a")
    except OSError:
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
