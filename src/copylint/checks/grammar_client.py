"""Talking to LanguageTool through language-tool-python: one Connection per server and settings.

language-tool-python finds or starts LanguageTool, negotiates the language and builds the
form fields of `POST /v2/check`; this module decides where LanguageTool comes from, never
lets the client download anything, and carries every request itself (`Transport`): a total
deadline per request (a server trickling one byte a second still ends at `timeout`), a cap
on the answer's size, an HTTP error reported as its status, no retry that doubles the wait.
It reads the raw matches itself: LanguageTool counts offsets in UTF-16 code units, and the
client's `Match` converts only the start (not the length) through state shared by the whole
process. No module-level mutable state: each Connection (its client, socket and backoff) is
one of the session's services (`ctx.services`, services.py), made per server and settings.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from ..services import Backoff

PUBLIC_API = "https://api.languagetool.org/"
PUBLIC_NAMES = ("public", "languagetool.org", "api.languagetool.org")
MAX_FAILURES = 3  # requests failing in a row before a connection backs off (see _closed)


class LTError(Exception):
    """A request or connection that failed; the message says why in one line."""


@dataclass(frozen=True)
class Source:
    """Where LanguageTool comes from: a server URL, the public API, or a local install."""

    kind: str  # "server", "public" or "local"
    url: str = ""  # for a server or the public API

    @property
    def label(self) -> str:
        return "local LanguageTool" if self.kind == "local" else f"LanguageTool at {redact(self.url)}"


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


class _Deadline:
    """One request's whole time budget: connect, send, wait and read, however the server trickles."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.hit = False

    def left(self) -> float:
        return self.at - time.monotonic()

    @contextlib.contextmanager
    def guarding(self, conn: http.client.HTTPConnection) -> Iterator[None]:
        """Shut the connection's socket down when time is up: a blocked read wakes at once.

        A socket timeout alone is per read, so a server answering a byte a second never trips it.
        """
        def expire() -> None:
            self.hit = True
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(max(self.left(), 0.0), expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()


def _printable(text: str, limit: int = 160) -> str:
    """A server's words made safe for one terminal line: no control characters, bounded."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return (text[:limit] + "…") if len(text) > limit else text


def redact(url: str) -> str:
    """A URL fit to print: user and password (a token in the URL) left out."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="…@" + parts.netloc.rsplit("@", 1)[1]))


class Transport:
    """HTTP/1.1 to one LanguageTool with a total deadline and a cap on the answer's size.

    Each request (connect, send, wait, read) must finish within `timeout` seconds in all, and
    an answer over `max_bytes` is refused, not read. With `keep_alive` one connection is
    reused for the requests that follow; a reused connection the server closed meanwhile is
    opened anew once. Proxies come from the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)
    but never for loopback.
    """

    def __init__(self, timeout: float, max_bytes: int, keep_alive: bool) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.keep_alive = keep_alive
        self._conn: http.client.HTTPConnection | None = None
        self._conn_key: tuple[str, str, int, int] | None = None  # scheme, host, port, pid

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn, self._conn_key = None, None

    def _connection(self, scheme: str, host: str, port: int, deadline: _Deadline) -> tuple[http.client.HTTPConnection, bool]:
        key = (scheme, host, port, os.getpid())
        if self._conn is not None and self._conn_key is not None and self._conn_key[3] != key[3]:
            # a worker process forked with its parent's kept-alive socket: that one is the parent's
            self._conn, self._conn_key = None, None
        if self._conn is not None and self._conn_key == key:
            self._conn.timeout = max(deadline.left(), 0.001)
            if self._conn.sock is not None:
                self._conn.sock.settimeout(self._conn.timeout)
            return self._conn, True
        self.close()
        proxy = _proxy_for(scheme, host)
        timeout = max(deadline.left(), 0.001)
        target = proxy or (host, port)
        if scheme == "https":
            import ssl

            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                target[0], target[1], timeout=timeout, context=ssl.create_default_context(cafile=_ca_file()))
        else:
            conn = http.client.HTTPConnection(target[0], target[1], timeout=timeout)
        if proxy and scheme == "https":
            conn.set_tunnel(host, port)
        self._conn, self._conn_key = conn, key
        return conn, False

    def request(self, method: str, url: str, fields: Mapping[str, str] | None = None) -> tuple[int, str, bytes]:
        """(status, reason, body); raises LTError with a one-line reason."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise LTError(f"not an http(s) URL: {redact(url)}")
        host, port = parts.hostname, parts.port or (443 if scheme == "https" else 80)
        path = parts.path or "/"
        body = None
        if fields is not None and method == "POST":
            body = urlencode(fields).encode("utf-8")
        elif fields:
            path += "?" + urlencode(fields)
        if parts.query:
            path += ("&" if "?" in path else "?") + parts.query
        deadline = _Deadline(self.timeout)
        for attempt in (0, 1):
            conn, reused = self._connection(scheme, host, port, deadline)
            target = url if (_proxy_for(scheme, host) and scheme == "http") else path
            try:
                with deadline.guarding(conn):
                    return self._exchange(conn, method, target, body, deadline)
            except LTError:
                self.close()
                raise
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if deadline.hit or isinstance(exc, socket.timeout):
                    raise LTError(f"no answer within {self.timeout:g}s") from None
                stale = isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError))
                if reused and stale and attempt == 0 and deadline.left() > 0:
                    continue  # a kept-alive connection the server had closed: once more on a new one
                raise LTError(_socket_reason(exc)) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _exchange(self, conn: http.client.HTTPConnection, method: str, target: str, body: bytes | None,
                  deadline: _Deadline) -> tuple[int, str, bytes]:
        headers = {"Accept": "application/json", "User-Agent": "copylint"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        if not self.keep_alive:
            headers["Connection"] = "close"
        conn.request(method, target, body=body, headers=headers)
        if conn.sock is not None:
            with contextlib.suppress(OSError):
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        response = conn.getresponse()
        length = response.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > self.max_bytes:
            raise LTError(f"answer of {_size(int(length))} refused: over the {_size(self.max_bytes)} limit "
                          "(grammar.max_answer_mb)")
        chunks, got = [], 0
        while True:
            chunk = response.read(65536)
            if not chunk:
                break
            got += len(chunk)
            if got > self.max_bytes:
                raise LTError(f"answer refused: over the {_size(self.max_bytes)} limit (grammar.max_answer_mb)")
            chunks.append(chunk)
        if deadline.hit:
            raise LTError(f"no answer within {self.timeout:g}s")
        if response.will_close or not self.keep_alive:
            self.close()
        return response.status, response.reason, b"".join(chunks)

    def get_json(self, method: str, url: str, fields: Mapping[str, str] | None = None) -> Any:
        status, reason, body = self.request(method, url, fields)
        if status != 200:
            raise LTError(http_error(status, reason, body))
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise LTError(f"answer is not JSON: {_printable(body[:200].decode('utf-8', 'replace'), 80)}") from None


def http_error(status: int, reason: str, body: bytes) -> str:
    """What an error status says, as what it is: the status first, then the server's own words."""
    words = _printable(body[:400].decode("utf-8", "replace"))
    kind = "server error" if status >= 500 else "refused the request"
    head = f"LanguageTool {kind}: HTTP {status}" + (f" {_printable(reason, 40)}" if reason else "")
    if status == 426 or status == 429:
        head += " (rate limit)"
    return f"{head}: {words}" if words else head


def _size(n: int) -> str:
    return f"{n / 1e6:.3g} MB" if n >= 100_000 else f"{n / 1e3:.3g} KB"


def _ca_file() -> str | None:
    try:
        import certifi  # requests' bundle, as language-tool-python's own requests used

        return certifi.where()
    except ImportError:  # pragma: no cover
        return None


def _proxy_for(scheme: str, host: str) -> tuple[str, int] | None:
    import urllib.request

    if host in ("localhost", "127.0.0.1", "::1") or host.startswith("127."):
        return None
    proxy = urllib.request.getproxies().get(scheme)
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    p = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    return (p.hostname, p.port or 8080) if p.hostname else None


def _socket_reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "cannot connect (connection refused)"
    if isinstance(exc, socket.gaierror):
        return "cannot connect (name or service not known)"
    if isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)):
        return "the connection closed before an answer"
    if isinstance(exc, http.client.IncompleteRead):
        return "the answer was cut short"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot connect ({exc.strerror.lower()})"
    return _printable(str(exc)) or type(exc).__name__


def _reason(exc: BaseException, timeout: float) -> str:
    """One readable line for a failure of our transport or of language-tool-python."""
    chain = [exc]
    while chain[-1].__cause__ is not None or chain[-1].__context__ is not None:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
        if len(chain) > 6:
            break
    for e in chain:
        if isinstance(e, LTError):
            return str(e)
    if any(isinstance(e, socket.timeout) for e in chain):
        return f"no answer within {timeout:g}s"
    for e in chain:
        if isinstance(e, (OSError, http.client.HTTPException)):
            return _socket_reason(e)
    return _printable(str(exc)) or type(exc).__name__


def _client_class() -> type:
    """language-tool-python's client, talking through our Transport (its languages query too).

    Made once per connection (cheap), so that no class is cached at module level.
    """
    from language_tool_python import LanguageTool

    class Client(LanguageTool):  # type: ignore[misc, valid-type]
        def __init__(self, transport: Transport, **kwargs: Any) -> None:
            self._transport = transport
            self._TIMEOUT = transport.timeout
            super().__init__(**kwargs)

        def _query_server(self, url: str, params: Any = None, num_tries: int = 2, method: str = "get") -> Any:
            return self._transport.get_json(method.upper(), url, params)

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


@dataclass(frozen=True)
class Settings:
    """What a connection is made for: one Connection per distinct value in a session."""

    source: Source
    language: str = "en-US"
    timeout: float = 10.0
    keep_alive: bool = False
    max_bytes: int = 10_000_000


def _closed(backoff: Backoff) -> bool:
    """Not sent while a server that failed `MAX_FAILURES` times in a row waits out its backoff
    (30 s after the third failure, then 60 s, ... up to 10 minutes); then tried again, since an
    editor's session outlives an outage. One or two failures only cost their own timeouts."""
    return backoff.failures >= MAX_FAILURES and not backoff.ready()


def _why_closed(backoff: Backoff) -> str:
    return (f"not sent: {backoff.failures} requests in a row failed ({backoff.reason}); "
            f"trying again in {backoff.wait():.0f}s")


def new_backoff(clock: Callable[[], float] = time.monotonic) -> Backoff:
    # services.Backoff waits first * 2 ** (failures - 1): 30 s after the third failure
    return Backoff(first=7.5, ceiling=600.0, clock=clock)


class Connection:
    """One language-tool-python client for one server and settings, made on first use; the
    session keeps it (`ctx.services`) for as long as it lives."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.source = settings.source
        self.transport = Transport(settings.timeout, settings.max_bytes, settings.keep_alive)
        self.backoff = new_backoff(clock)
        self._tool: Any = None
        self.error = ""  # why the client could not be made (for the backoff's wait, then tried again)

    def connect(self) -> bool:
        if self._tool is not None:
            return True
        if self.error and _closed(self.backoff):
            return False
        kwargs: dict[str, Any] = {"language": self.settings.language}
        try:
            if self.source.kind == "local":
                version, why = _local_install()
                if not version:
                    self.error = why
                    self.backoff.failed(why)
                    return False
                kwargs["language_tool_download_version"] = version
            else:
                kwargs["remote_server"] = self.source.url
            self._tool = _client_class()(self.transport, **kwargs)
        except ValueError as exc:  # the language tag
            self.error = f"{self.source.label}: {_printable(str(exc), 200)}"
        except (Exception, SystemExit) as exc:  # the client raises SystemExit on an odd `java -version`
            self.error = f"{self.source.label}: {_reason(exc, self.settings.timeout)}"
        if self._tool is None:
            for _ in range(MAX_FAILURES):  # a server not there at all is not worth three timeouts
                self.backoff.failed(self.error)
            return False
        self.error = ""
        self.backoff.succeeded()
        return True

    def check(self, text: str, request: Request) -> list[LTMatch]:
        """One request for the whole text; raises LTError with a one-line reason."""
        if _closed(self.backoff):
            raise LTError(_why_closed(self.backoff))
        tool = self._tool
        tool.picky = request.picky
        tool.enabled_rules = set(request.enabled_rules)
        tool.disabled_rules = set(request.disabled_rules)
        tool.enabled_categories = set(request.enabled_categories)
        tool.disabled_categories = set(request.disabled_categories)
        tool.enabled_rules_only = request.enabled_only
        try:
            params = tool._create_params(text)  # the client's own form fields
            base = getattr(tool, "url", None) or tool._url  # `url` is public from language-tool-python 3
            matches = read_matches(text, self.transport.get_json("POST", urljoin(base, "check"), params))
        except (Exception, SystemExit) as exc:
            reason = _reason(exc, self.settings.timeout)
            self.backoff.failed(reason)
            raise LTError(reason) from None
        self.backoff.succeeded()
        return matches

    def close(self) -> None:
        self.transport.close()
        if self._tool is not None:
            with contextlib.suppress(Exception):
                self._tool.close()  # stops a local server that the client started
        self._tool = None


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
