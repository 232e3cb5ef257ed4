"""`copylint serve`: copylint over HTTP, for a CMS and for every LanguageTool client.

    GET  /health          is it up (and which version)
    POST /v1/lint         copylint's own JSON API: {"text", "filename" or "format", "config"}
                          in, the JSON contract of `--format json` out
    GET  /v2/languages    LanguageTool's protocol (see `ltprotocol`), so that browser
    POST /v2/check        add-ons, LibreOffice, Obsidian, ltex and language-tool-python work
                          unchanged; with an upstream LanguageTool its grammar matches are
                          merged in

Safe by default: it binds loopback unless told otherwise; a request has a size limit, a
time limit and a place in a bounded queue; no request can make it read a file (a config
mapping that names pack folders, vocabulary files, a LanguageTool server or a cache
folder is refused); an optional bearer token; one JSON access-log line per request
without the copy. Only the standard library's HTTP server: the work per request is
milliseconds of linting, not I/O, so an event loop or a framework would add nothing.
"""

from __future__ import annotations

import hmac
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, Callable, Mapping, TextIO

from . import __version__
from . import ltprotocol as lt
from .ltprotocol import RequestError
from .yamlfile import FileError
from .codeunits import CodeUnits

DEFAULT_PORT = 8765
MB = 1024 * 1024
# Top-level config keys a request may set; anything else (packs, cache folders, keys a
# later version adds) is refused rather than trusted by default.
REPORT_FORMATS = ("text", "concise", "json", "json-lines", "github")  # what /v1/report prints
REQUEST_CONFIG_KEYS = frozenset({
    "extends", "select", "enable", "disable", "ignore", "rules", "overrides", "fail-on",
    "front-matter-keys", "require",
})


@dataclass(frozen=True)
class ServeSettings:
    """How the service runs; every limit has a safe default."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    max_request_bytes: int = 2 * MB
    timeout: float = 10.0  # seconds for one request's linting (and its upstream call)
    concurrency: int = 2  # requests in progress at once (their linting takes turns on one Session)
    max_connections: int = 32  # connections served or waiting; more get 503
    idle_timeout: float = 10.0  # seconds a client may take to send a request
    token: str | None = None  # with a token, every endpoint but /health wants `Authorization: Bearer`
    upstream: str | None = None  # a LanguageTool server to merge grammar matches from
    allow_origins: tuple[str, ...] = ()  # web pages (origins) whose scripts may call the service; "*": any
    access_log: TextIO | None = field(default=None, compare=False)


class _Unavailable(Exception):
    """The work did not finish in time, or no slot was free."""


class Service:
    """The endpoints, without sockets: one Session, a lint pool and an upstream client."""

    def __init__(self, session: Any, settings: ServeSettings) -> None:
        self.session = session
        self.settings = settings
        self.started = time.time()
        self._lock = threading.RLock()  # one Session, used by one thread at a time
        self._pool = ThreadPoolExecutor(max_workers=max(1, settings.concurrency), thread_name_prefix="lint")
        self._waiting = threading.BoundedSemaphore(max(1, settings.concurrency) * 4)
        self._languages: tuple[float, list[Any]] | None = None
        self._upstream_pool = ThreadPoolExecutor(max_workers=max(2, settings.concurrency),
                                                 thread_name_prefix="upstream") if settings.upstream else None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._upstream_pool is not None:
            self._upstream_pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ running work

    def _run(self, fn: Callable[[], Any], deadline: float) -> Any:
        """fn() in the lint pool, under the session lock, given up at the deadline."""
        if not self._waiting.acquire(blocking=False):
            raise _Unavailable("busy: too many requests waiting; try again shortly")

        def work() -> Any:
            with self._lock:
                if time.monotonic() > deadline:  # it waited its whole time for the lock
                    raise _Unavailable("timed out waiting for a free linter")
                return fn()

        future: Future = self._pool.submit(work)
        future.add_done_callback(lambda _f: self._waiting.release())
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            future.cancel()
            raise _Unavailable(f"the request took longer than {self.settings.timeout:g} s") from None

    def warm(self) -> None:
        """Lint a short text once so that the first request finds the rules loaded."""
        self.session.lint_text("Warm up: the the rules load once.\n", filename="warm.md")

    # ------------------------------------------------------------------ /v1

    def health(self, detailed: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"status": "ok", "version": __version__}
        if detailed:
            config = self.session.config
            out.update({
                "uptime_s": round(time.time() - self.started, 1),
                "config": config if isinstance(config, str) else None,
                "root": self.session.cwd,
                "fail_on": self._file_config().config.fail_on.label,
                "max_request_bytes": self.settings.max_request_bytes,
                "languagetool": self.settings.upstream,
            })
        return out

    def lint(self, body: Mapping[str, Any], deadline: float) -> dict[str, Any]:
        text = body.get("text")
        if not isinstance(text, str):
            raise RequestError("'text' is required and must be a string")
        unknown = sorted(set(body) - {"text", "filename", "format", "config", "fix"})
        if unknown:
            raise RequestError(f"unknown field '{unknown[0]}' (fields: text, filename, format, config, fix)")
        filename = body.get("filename", None)
        fmt = body.get("format", None)
        if filename is not None and (not isinstance(filename, str) or not filename or len(filename) > 1024
                                     or "\0" in filename):
            raise RequestError("'filename' must be a non-empty string of at most 1024 characters")
        if fmt is not None and fmt not in self.text_formats():
            raise RequestError(f"'format' must be one of {', '.join(self.text_formats())}")
        if fmt is None and filename is not None:
            from .formats import format_for

            if format_for(filename) not in self.text_formats():  # a DOCX is bytes: this API takes text
                raise RequestError(f"'filename' {filename[:80]!r} names a format that is not text; "
                                   f"send 'format' ({', '.join(self.text_formats())}) with the text")
        fix = body.get("fix", False)
        if not isinstance(fix, bool):
            raise RequestError("'fix' is true or false")
        config = self._request_config(body.get("config"))
        name = filename or f"story{self._extension(fmt)}"

        def work() -> dict[str, Any]:
            from .linter import Notices

            notices = Notices()
            findings = self.session.lint_text(text, filename=name, config=config, format=fmt, notices=notices)
            out: dict[str, Any] = {
                "version": 1, "files": 1, "findings": [_finding(f) for f in findings],
                # a rule that failed or ran out of time: the text was not fully checked
                "errors": [{"path": name, "message": m} for _p, m in notices.file_errors],
                "notices": notice_lines(notices),
            }
            if fix:
                fixed = self.session.fix_text(text, filename=name, config=config, format=fmt)
                out["fixed"] = {"text": fixed.text, "applied": fixed.applied,
                                "findings": [_finding(f) for f in fixed.findings]}
            return out

        return self._run(work, deadline)

    def report(self, body: Mapping[str, Any], deadline: float) -> dict[str, Any]:
        """Several texts linted and printed by a built-in reporter, as `copylint FILE...` prints
        them: the command line's COPYLINT_SERVER path, which then needs no reporter of its own."""
        unknown = sorted(set(body) - {"files", "format", "color", "show_source", "root", "elapsed"})
        if unknown:
            raise RequestError(f"unknown field '{unknown[0]}' (fields: files, format, color, show_source, root, "
                               "elapsed)")
        elapsed = body.get("elapsed")  # the client's seconds so far, for the summary line's time
        if elapsed is not None and (not isinstance(elapsed, (int, float)) or isinstance(elapsed, bool)):
            raise RequestError("'elapsed' is a number of seconds")
        files = body.get("files")
        if not isinstance(files, list) or not files or len(files) > 10000:
            raise RequestError("'files' must be a list of 1 to 10000 objects with text, filename and path")
        for n, item in enumerate(files):
            if not isinstance(item, dict) or not all(isinstance(item.get(k), str)
                                                     for k in ("text", "filename", "path")):
                raise RequestError(f"'files' item {n} needs 'text', 'filename' and 'path' strings")
            if not item["filename"] or len(item["filename"]) > 1024 or "\0" in item["filename"]:
                raise RequestError(f"'files' item {n}: 'filename' must be 1 to 1024 characters")
        name = body.get("format", "text")
        if name not in REPORT_FORMATS:
            raise RequestError(f"'format' must be one of {', '.join(REPORT_FORMATS)}")
        color, show_source, root = body.get("color", False), body.get("show_source", True), body.get("root", ".")
        if not isinstance(color, bool) or not isinstance(show_source, bool) or not isinstance(root, str):
            raise RequestError("'color' and 'show_source' are true or false, 'root' a folder name")

        def work() -> dict[str, Any]:
            import io
            from dataclasses import replace

            began = time.monotonic()
            from . import reporters
            from .findings import FileResult, Report
            from .linter import Notices

            results, out_files, notes = [], [], []
            for item in files:
                notices = Notices()
                found = self.session.lint_text(item["text"], filename=item["filename"], notices=notices)
                found = [replace(f, path=item["path"]) for f in found]  # shown as the command line names it
                results.append(FileResult(item["path"], tuple(found), item["text"] if found else None))
                counts = {level: sum(1 for f in found if f.severity.label == level)
                          for level in ("error", "warning", "suggestion")}
                out_files.append({"path": item["path"], "counts": counts,
                                  "errors": [m for _p, m in notices.file_errors]})
                notes += [n for n in notice_lines(notices) if n not in notes]
            results.sort(key=lambda r: r.path)
            stream = io.StringIO()
            took = None if elapsed is None else elapsed + time.monotonic() - began
            reporters.get(name)(Report(results=results, root=root), stream,
                                reporters.ReportOptions(color=color, show_source=show_source, elapsed=took))
            return {"output": stream.getvalue(), "files": out_files, "notices": notes}

        return self._run(work, deadline)

    def text_formats(self) -> tuple[str, ...]:
        from .formats import FORMATS

        return tuple(f for f in FORMATS if f != "docx")  # DOCX is bytes, not text

    @staticmethod
    def _extension(fmt: str | None) -> str:
        return {"markdown": ".md", "html": ".html", "text": ".txt"}.get(fmt or "markdown", ".md")

    def _request_config(self, data: Any) -> Mapping[str, Any] | None:
        """A request's config mapping, checked: it may tune rules, never name a file to read."""
        if data is None:
            return None
        if not isinstance(data, dict):
            raise RequestError("'config' must be an object with the keys of .copylint.yaml")
        catalog = self._catalog()
        packs = {r.meta.pack for r in catalog.rules.values()}
        for key, value in data.items():
            if key in packs:
                self._check_options(f"{key}", value, catalog, pack=key)
            elif key not in REQUEST_CONFIG_KEYS:
                what = "names files the server would read" if key in ("packs", "exclude", "extensions") else \
                    "is not allowed in a request"
                raise RequestError(f"config key '{key}' {what}; a request's config may only tune rules "
                                   f"({', '.join(sorted(REQUEST_CONFIG_KEYS))}, or a pack's section)")
        extends = data.get("extends")
        if extends is not None:
            from .config import PRESETS

            if extends not in PRESETS:
                raise RequestError(f"config 'extends' may only name a preset ({', '.join(PRESETS)}) in a request, "
                                   "not a file")
        for where, rules in [("rules", data.get("rules"))] + [
                (f"overrides[{i}].rules", o.get("rules")) for i, o in enumerate(data.get("overrides") or [])
                if isinstance(o, dict)]:
            if isinstance(rules, dict):
                for rule_id, settings in rules.items():
                    self._check_options(f"{where}.{rule_id}", settings, catalog, rule=str(rule_id))
        if extends is None and isinstance(self.session.config, str):
            data = {**data, "extends": self.session.config}  # a request tunes the server's config
        return data

    @staticmethod
    def _check_options(where: str, settings: Any, catalog: Any, pack: str = "", rule: str = "") -> None:
        if not isinstance(settings, dict):
            return  # the config loader says what is wrong with it
        from .registry import matches

        metas = [r.meta for r in catalog.rules.values()
                 if (pack and r.meta.pack == pack) or (rule and (matches(rule, r.meta.id) or r.meta.id == rule))]
        for name, value in settings.items():
            for meta in metas:
                for opt in meta.options:
                    reads = opt.outside
                    if opt.name == name and opt.names_outside(value):
                        raise RequestError(f"config '{where}.{name}' names a {reads} the server would use; "
                                           "set it in the server's own config instead")

    def _file_config(self) -> Any:
        """The server's config and rule catalogue (checked for changes on disk, as each lint is)."""
        if not self._lock.acquire(timeout=self.settings.timeout):  # a long lint holds the Session
            raise _Unavailable("timed out waiting for a free linter")
        try:
            return self.session.config_for(os.path.join(self.session.cwd, "story.md"))
        finally:
            self._lock.release()

    def _catalog(self) -> Any:
        return self._file_config().catalog

    # ------------------------------------------------------------------ /v2 (LanguageTool)

    def languages(self) -> list[dict[str, Any]]:
        if not self.settings.upstream:
            return lt.languages()
        cached = self._languages
        if cached and time.monotonic() - cached[0] < 300:
            return cached[1]
        try:
            found = json.loads(self._upstream("languages", None, time.monotonic() + self.settings.timeout))
            if isinstance(found, list):
                self._languages = (time.monotonic(), found)
                return found
        except (OSError, ValueError):
            pass
        return lt.languages()

    def check(self, fields: Mapping[str, list[str]], deadline: float) -> tuple[dict[str, Any], int]:
        request = lt.parse_check(fields)
        catalog = self._catalog()
        packs = sorted({r.meta.pack for r in catalog.rules.values()})
        open_packs = {r.meta.pack for r in catalog.rules.values() if r.meta.sub_ids}

        def ours(rule_id: str) -> bool:
            return bool(catalog.matching(rule_id)) or rule_id.split(".", 1)[0] in open_packs

        choice = lt.rule_choice(request, ours, packs)
        upstream: dict[str, Any] | None = None
        incomplete = False
        form = lt.upstream_fields(request, ours, packs) if self.settings.upstream else None
        pending: Future | None = None
        if form is not None and self._upstream_pool is not None:  # asked while copylint lints
            pending = self._upstream_pool.submit(self._upstream, "check", form, deadline)
        matches: list[dict[str, Any]] = []
        index, sentences = CodeUnits(request.text.whole), lt.Sentences(request.text)
        ranges = sentences.ranges(index)
        if request.english:
            findings = self._run(lambda: self._lint_for_check(request, choice), deadline)
            for f in findings:
                rule = catalog.get(f.rule)
                matches.append(lt.match(f, request.text, index, sentences, rule.meta if rule else None))
        if pending is not None:
            try:
                upstream = json.loads(pending.result(timeout=max(0.1, deadline - time.monotonic())))
                if not isinstance(upstream, dict) or not isinstance(upstream.get("matches"), list):
                    raise ValueError("no 'matches' in the answer")
            except (OSError, ValueError, FutureTimeout) as exc:
                self._log_note(f"upstream LanguageTool failed: {_reason(exc)}")
                upstream, incomplete = None, True
        language = lt.language_block(request.language)
        if upstream is not None:
            spans = {(m["offset"], m["length"]) for m in matches}
            # the same span twice: copylint's match says more about news copy
            matches += [m for m in upstream["matches"]
                        if isinstance(m, dict) and (m.get("offset"), m.get("length")) not in spans]
            if isinstance(upstream.get("language"), dict):
                language = upstream["language"]
            if _ranges_shape(upstream.get("sentenceRanges")):  # LanguageTool's own sentences, when it gives them
                ranges = upstream["sentenceRanges"]
            incomplete = incomplete or bool((upstream.get("warnings") or {}).get("incompleteResults"))
        return lt.answer(matches, language, __version__, incomplete, ranges), len(matches)

    def _lint_for_check(self, request: lt.CheckRequest, choice: lt.RuleChoice) -> list[Any]:
        config: dict[str, Any] | None = None
        # with an upstream LanguageTool its own answer is the grammar; the grammar pack would ask it again
        disable = ["grammar"] if self.settings.upstream else []
        if choice.enable or disable:
            base = self.session.config if isinstance(self.session.config, str) else "default"
            config = {"extends": base, "enable": list(choice.enable), "disable": disable}
        findings = self.session.lint_text(request.text.prose, filename="check.txt", format="text", config=config)
        return [f for f in findings if choice.keeps(f.rule)]

    def _upstream(self, endpoint: str, form: Mapping[str, str] | None, deadline: float) -> bytes:
        assert self.settings.upstream
        url = urllib.parse.urljoin(self.settings.upstream.rstrip("/") + "/", f"v2/{endpoint}")
        data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        req = urllib.request.Request(url, data=data, headers={"User-Agent": f"copylint/{__version__}"})
        timeout = max(0.1, deadline - time.monotonic())
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 - the operator's URL
            return response.read(self.settings.max_request_bytes * 8)

    def _log_note(self, message: str) -> None:
        if self.settings.access_log is not None:
            _write_log(self.settings.access_log, {"ts": _now(), "note": message})


def _finding(f: Any) -> dict[str, Any]:
    """The JSON contract's finding, with its code-point offsets in the text sent (for a
    CMS that highlights, and for the command line's COPYLINT_SERVER path)."""
    return {**f.to_dict(), "offset": f.offset, "end_offset": f.end_offset}


def notice_lines(notices: Any) -> list[str]:
    """A run's notes as lines: rules that could not run, services that failed for the text."""
    out = list(notices.messages)
    for rule_id, reason in sorted(notices.unavailable_rules.items()):
        out.append(f"{rule_id.split('.', 1)[0]} checks skipped: {reason}")
    out += [message for _rule, _path, message in notices.skipped_files]
    return list(dict.fromkeys(out))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, FutureTimeout) or "timed out" in str(exc):
        return "no answer in time"
    return " ".join(str(getattr(exc, "reason", exc)).split())[:160] or type(exc).__name__


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


_LOG_LOCK = threading.Lock()


def _write_log(stream: TextIO, entry: Mapping[str, Any]) -> None:
    line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    with _LOG_LOCK:
        try:
            stream.write(line + "\n")
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed log must not fail a request


class Handler(BaseHTTPRequestHandler):
    """One connection: reads a request, checks it, hands it to the Service, logs it."""

    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; without TCP_NODELAY a kept-alive client's
    # delayed ACK holds the second for ~40 ms
    disable_nagle_algorithm = True
    server_version = f"copylint/{__version__}"
    sys_version = ""
    server: "Server"

    def setup(self) -> None:
        self.timeout = self.server.settings.idle_timeout  # a client that stops sending is dropped
        super().setup()

    # the standard library logs every request with its query string: ours log without the copy
    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        pass

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_OPTIONS(self) -> None:
        self._dispatch("OPTIONS")

    ROUTES = {
        "/health": ("GET", "HEAD"),
        "/v1/lint": ("POST",),
        "/v1/report": ("POST",),
        "/v2/languages": ("GET", "POST"),
        "/v2/check": ("GET", "POST"),
    }

    def _dispatch(self, method: str) -> None:
        started = time.monotonic()
        settings = self.server.settings
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        self._log: dict[str, Any] = {"ts": _now(), "remote": self.client_address[0], "method": method,
                                     "path": path[:200]}
        self._bytes_in = 0
        lt_style = path.startswith("/v2/")
        try:
            allowed = self.ROUTES.get(path)
            if allowed is None:
                raise RequestError(f"no such endpoint: {path[:100]} (try /v1/lint, /v2/check, /v2/languages, "
                                   "/health)", 404)
            if method == "OPTIONS":  # a browser's preflight before a cross-origin request
                self._send(204, b"", "text/plain", {"Allow": ", ".join(allowed + ("OPTIONS",)),
                                                    **self._cors(preflight=True)})
                return
            if method not in allowed:
                raise _MethodNotAllowed(allowed)
            authorized = self._authorized()
            if path != "/health" and not authorized:
                raise RequestError("missing or wrong bearer token (send 'Authorization: Bearer TOKEN')", 401)
            deadline = started + settings.timeout
            if path == "/health":
                self._send_json(200, self.server.service.health(authorized and settings.token is not None
                                                                  or settings.token is None))
            elif path == "/v2/languages":
                self._send_json(200, self.server.service.languages())
            elif path == "/v2/check":
                fields = self._form(url.query if method == "GET" else None)
                payload, count = self.server.service.check(fields, deadline)
                self._log["matches"] = count
                self._send_json(200, payload)
            elif path == "/v1/lint":
                body = self._json_body()
                payload = self.server.service.lint(body, deadline)
                self._log["findings"] = len(payload["findings"])
                self._send_json(200, payload)
            elif path == "/v1/report":
                payload = self.server.service.report(self._json_body(), deadline)
                self._log["findings"] = sum(sum(f["counts"].values()) for f in payload["files"])
                self._send_json(200, payload)
        except _MethodNotAllowed as exc:
            self._error(405, f"{method} is not allowed here (use {' or '.join(exc.allowed)})", lt_style,
                        {"Allow": ", ".join(exc.allowed)})
        except RequestError as exc:
            extra = {"WWW-Authenticate": 'Bearer realm="copylint"'} if exc.status == 401 else None
            self._error(exc.status, str(exc), lt_style, extra)
        except _Unavailable as exc:
            self._error(503, str(exc), lt_style, {"Retry-After": "1"})
        except (FileError, ValueError, TypeError) as exc:  # the config loader's words for a bad config mapping
            self._error(400, " ".join(str(exc).split())[:500], lt_style)
        except Exception as exc:  # a bug must cost one request, not the server
            self._error(500, f"internal error: {type(exc).__name__}", lt_style)
            self._log["error"] = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            self._log.update({"in": self._bytes_in, "ms": round((time.monotonic() - started) * 1000, 1)})
            if settings.access_log is not None:
                _write_log(settings.access_log, self._log)

    def _cors(self, preflight: bool = False) -> dict[str, str]:
        """The CORS headers for a request from an allowed web page (none for any other)."""
        origin = self.headers.get("Origin")
        allowed = self.server.settings.allow_origins
        if not origin or not allowed or ("*" not in allowed and origin not in allowed):
            return {}
        out = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if preflight:
            out.update({"Access-Control-Allow-Methods": "GET, POST",
                        "Access-Control-Allow-Headers": "Content-Type, Authorization, Accept",
                        "Access-Control-Max-Age": "600"})
        return out

    def _authorized(self) -> bool:
        token = self.server.settings.token
        if token is None:
            return True
        given = self.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() not in ("", "identity"):
            raise RequestError("send the body with a Content-Length, not chunked", 411)
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise RequestError("a Content-Length header is required", 411)
        try:
            length = int(length_header)
        except ValueError:
            raise RequestError("Content-Length is not a number") from None
        limit = self.server.settings.max_request_bytes
        if length > limit or length < 0:
            self.close_connection = True  # the body is not read: the connection cannot be reused
            raise RequestError(f"request too large: {length} bytes (the limit is {limit})", 413)
        data = self.rfile.read(length)
        self._bytes_in = len(data)
        if len(data) < length:
            self.close_connection = True
            raise RequestError("the request body ended early")
        return data

    def _form(self, query: str | None) -> dict[str, list[str]]:
        if query is None:
            ctype = self.headers.get("Content-Type", "application/x-www-form-urlencoded").split(";")[0].strip()
            if ctype.lower() != "application/x-www-form-urlencoded":
                raise RequestError(f"send form fields (application/x-www-form-urlencoded), not {ctype[:60]}", 415)
            raw = self._body()
        else:
            raw = query.encode("latin-1", "replace")
            self._bytes_in = len(raw)
            if len(raw) > self.server.settings.max_request_bytes:
                raise RequestError("request too large", 413)
        try:
            return urllib.parse.parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=200,
                                         errors="strict")
        except UnicodeDecodeError:
            raise RequestError("the form is not UTF-8") from None
        except ValueError as exc:  # too many fields
            raise RequestError(str(exc)) from None

    def _json_body(self) -> dict[str, Any]:
        ctype = self.headers.get("Content-Type", "application/json").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise RequestError(f"send JSON (Content-Type: application/json), not {ctype[:60]}", 415)
        raw = self._body()
        try:
            body = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise RequestError("the body is not UTF-8") from None
        except ValueError as exc:
            raise RequestError(f"the body is not JSON: {exc}") from None
        if not isinstance(body, dict):
            raise RequestError("the body must be a JSON object")
        return body

    def _send(self, status: int, data: bytes, ctype: str, extra: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in {**self._cors(), **(extra or {})}.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self._log.update({"status": status, "out": len(data)})

    def _send_json(self, status: int, payload: Any, extra: Mapping[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        self._send(status, data, "application/json; charset=utf-8", extra)

    def _error(self, status: int, message: str, lt_style: bool, extra: Mapping[str, str] | None = None) -> None:
        """A JSON error; LanguageTool's endpoints answer as LanguageTool does (plain text,
        which its clients show) unless the client asks for JSON."""
        self._log["status"] = status
        wants_json = "application/json" in self.headers.get("Accept", "")
        if lt_style and not wants_json:
            self._send(status, f"Error: {message}\n".encode(), "text/plain; charset=utf-8", extra)
        else:
            self._send_json(status, {"error": {"status": status, "message": message}}, extra)


class _MethodNotAllowed(Exception):
    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.allowed = allowed


class Server(HTTPServer):
    """An HTTP server whose connections are served by a bounded pool of threads."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, service: Service, settings: ServeSettings) -> None:
        self.service = service
        self.settings = settings
        self._slots = threading.BoundedSemaphore(max(1, settings.max_connections))
        self._connections = ThreadPoolExecutor(max_workers=max(1, settings.max_connections),
                                               thread_name_prefix="http")
        super().__init__((settings.host, settings.port), Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            return
        self._connections.submit(self._serve, request, client_address)

    def _serve(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # a broken connection: nothing to answer
            pass
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def _refuse(self, request: Any) -> None:
        body = b'{"error":{"status":503,"message":"busy: too many connections; try again shortly"}}'
        try:
            request.settimeout(1.0)
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                            b"Retry-After: 1\r\nConnection: close\r\nContent-Length: "
                            + str(len(body)).encode() + b"\r\n\r\n" + body)
        except OSError:
            pass
        self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        self._connections.shutdown(wait=False, cancel_futures=True)
        self.service.close()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}"


def is_loopback(host: str) -> bool:
    import ipaddress
    import socket

    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(a[4][0]).is_loopback for a in socket.getaddrinfo(host, None))
        except OSError:
            return False


def make_server(session: Any, settings: ServeSettings) -> Server:
    """A ready Server (bound, not yet serving); `settings.port` 0 takes a free port."""
    import socket

    service = Service(session, settings)
    service.warm()
    if ":" in settings.host:
        class Server6(Server):
            address_family = socket.AF_INET6
        return Server6(service, settings)
    return Server(service, settings)


def serve(session: Any, settings: ServeSettings, announce: TextIO = sys.stderr) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    import signal

    server = make_server(session, settings)
    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        if not stop.is_set():
            stop.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    config = session.config if isinstance(session.config, str) else "defaults"
    print(f"copylint serve: listening on {server.url} (config: {config}"
          f"{', LanguageTool: ' + settings.upstream if settings.upstream else ''})", file=announce, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def _ranges_shape(value: Any) -> bool:
    """A list of [start, end] pairs of whole numbers (an upstream answer is checked, not trusted)."""
    return isinstance(value, list) and all(
        isinstance(r, list) and len(r) == 2 and all(isinstance(n, int) and not isinstance(n, bool) for n in r)
        for r in value)
