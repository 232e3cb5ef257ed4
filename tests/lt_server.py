"""A small LanguageTool-compatible HTTP server for the tests (and for timing runs).

It speaks LanguageTool's wire protocol as language-tool-python uses it: `GET /v2/languages`
and `POST /v2/check` with form fields (text, language, level, enabledRules, disabledRules,
enabledCategories, disabledCategories, enabledOnly). Answers carry `matches[]` in
LanguageTool's JSON shape with offsets and lengths counted in UTF-16 code units, as the
real server counts them. The matches come from a few real grammar patterns found in the
text received; it is a stand-in at the protocol, not a grammar checker.

    python tests/lt_server.py --port 8010      # serve until interrupted

In tests: `with LTServer() as server: ... server.url ... server.checks` (requests counted).
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (Australian)", "code": "en", "longCode": "en-AU"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]


@dataclass(frozen=True)
class Pattern:
    rule: str
    description: str
    issue: str
    category: str
    category_name: str
    regex: re.Pattern[str]
    message: str
    picky: bool = False
    languages: tuple[str, ...] = ()  # empty: every English variant


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


PATTERNS = (
    Pattern(
        "IT_THEIR_PLURAL_ANTECEDENT", "Singular possessive after a plural subject", "grammar", "GRAMMAR", "Grammar",
        re.compile(r"\b(?:officials|authorities|ministers|residents|governments|they)\b(?:\s+\w+){1,4}?\s+"
                   r"(?P<m>its (?P<noun>efforts|plans|work|own))\b", re.I),
        "The plural subject does not agree with the possessive ‘its’. Did you mean “their {noun}”?",
    ),
    Pattern(
        "EN_A_VS_AN", "Use of 'a' vs. 'an'", "misspelling", "MISC", "Miscellaneous",
        re.compile(r"\b(?P<m>[Aa]) (?=[aeiouAEIOU]\w|[FHLMNRSX]\b)"),
        "Use “an” instead of ‘a’ if the following word starts with a vowel sound, e.g. ‘an article’.",
    ),
    Pattern(
        "ENGLISH_WORD_REPEAT_RULE", "Word repetition (e.g. 'will will')", "duplication", "MISC", "Miscellaneous",
        re.compile(r"\b(?P<m>(?P<w>the|a|an|to|of|and|in) (?P=w))\b", re.I),
        "Possible typo: you repeated a word.",
    ),
    Pattern(
        "MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "misspelling", "TYPOS", "Possible Typo",
        re.compile(r"\b(?P<m>recieve|goverment|colour)\b", re.I),
        "Possible spelling mistake found.", languages=("en-US",),
    ),
    Pattern(
        "MORFOLOGIK_RULE_EN_GB", "Possible spelling mistake", "misspelling", "TYPOS", "Possible Typo",
        re.compile(r"\b(?P<m>recieve|goverment|color)\b", re.I),
        "Possible spelling mistake found.", languages=("en-GB", "en-AU", "en"),
    ),
    Pattern(
        "IN_ORDER_TO_PREMIUM", "in order to (to)", "style", "STYLE", "Style",
        re.compile(r"\b(?P<m>in order to)\b", re.I),
        "Consider shortening this phrase to just ‘to’.", picky=True,
    ),
)
SPELLING = {"recieve": "receive", "goverment": "government", "colour": "color", "color": "colour"}


def _replacement(pattern: Pattern, m: re.Match[str]) -> list[str]:
    text = m.group("m")
    if pattern.rule == "IT_THEIR_PLURAL_ANTECEDENT":
        return ["their " + m.group("noun")]
    if pattern.rule == "EN_A_VS_AN":
        return ["An" if text == "A" else "an"]
    if pattern.rule == "ENGLISH_WORD_REPEAT_RULE":
        return [m.group("w")]
    if pattern.rule.startswith("MORFOLOGIK"):
        fixed = SPELLING[text.lower()]
        return [fixed[0].upper() + fixed[1:] if text[0].isupper() else fixed]
    return ["to"]


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    right = min([i for i in (text.find(c, end) for c in ".!?\n") if i >= 0] or [len(text)])
    return text[left : right + 1].strip()


def find_matches(text: str, params: dict[str, str]) -> list[dict[str, Any]]:
    """LanguageTool-shaped matches for `text` under the request's settings."""
    language = params.get("language", "en-US")
    picky = params.get("level") == "picky"
    split = lambda key: {v for v in params.get(key, "").split(",") if v}  # noqa: E731
    disabled, enabled = split("disabledRules"), split("enabledRules")
    disabled_cats, enabled_cats = split("disabledCategories"), split("enabledCategories")
    only = params.get("enabledOnly") == "true"
    out = []
    for p in PATTERNS:
        if p.languages and language not in p.languages:
            continue
        on = (p.rule in enabled or p.category in enabled_cats) if only else (
            (not p.picky or picky or p.rule in enabled) and p.rule not in disabled and p.category not in disabled_cats
        )
        if not on:
            continue
        for m in p.regex.finditer(text):
            start, end = m.span("m")
            fields = {k: v for k, v in m.groupdict().items() if v is not None}
            ctx_start = max(0, start - 40)
            context = text[ctx_start : end + 40].replace("\n", " ")
            out.append({
                "message": p.message.format(**fields),
                "shortMessage": p.description,
                "replacements": [{"value": v} for v in _replacement(p, m)],
                "offset": _utf16(text[:start]),
                "length": _utf16(text[start:end]),
                "context": {"text": context, "offset": _utf16(text[ctx_start:start]), "length": _utf16(text[start:end])},
                "sentence": _sentence(text, start, end),
                "type": {"typeName": "Other"},
                "rule": {
                    "id": p.rule,
                    "description": p.description,
                    "issueType": p.issue,
                    "category": {"id": p.category, "name": p.category_name},
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            })
    out.sort(key=lambda m: m["offset"])
    return out


class _CountingServer(ThreadingHTTPServer):
    owner: LTServer

    def get_request(self) -> Any:
        request = super().get_request()
        with self.owner._lock:
            self.owner.connections += 1
        return request


class LTServer:
    """The server in a thread on 127.0.0.1 and an ephemeral port (or the port given).

    `mode` is "ok", "error" (every check answers HTTP 500, as LanguageTool does on an
    internal error), "slow" (checks answer after `delay` seconds), "drop" (answers, then
    closes the connection without saying so, as a server's idle timeout does), "trickle"
    (a check's answer goes out one byte every `delay` seconds), "huge" (a 100 MB answer,
    its length announced) or "huge-unsized" (100 MB with no length, until the connection
    closes). `finished` counts answers written to the end.
    """

    def __init__(self, port: int = 0, mode: str = "ok", delay: float = 2.0) -> None:
        self.mode = mode
        self.delay = delay
        self.checks = 0  # POST /v2/check requests received
        self.finished = 0  # answers written to the end
        self.connections = 0  # TCP connections accepted
        self.texts: list[str] = []
        self.params: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd = _CountingServer(("127.0.0.1", port), self._handler())
        self._httpd.owner = self
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LTServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="lt-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LTServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _record(self, text: str, params: dict[str, str]) -> None:
        with self._lock:
            self.checks += 1
            self.texts.append(text)
            self.params.append(params)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as LanguageTool's server
            disable_nagle_algorithm = True  # headers and body go out in two writes

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    if self.close_connection:  # the client asked to close: say so, as servers should
                        self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path in ("/v2/languages", "/v2/languages/"):
                    self._send(200, json.dumps(LANGUAGES).encode())
                elif path == "/v2/healthcheck":
                    self._send(200, b"OK", "text/plain")
                else:
                    self._send(404, b"Not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                if self.path.split("?", 1)[0] != "/v2/check":
                    self._send(404, b"Not found", "text/plain")
                    return
                params = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                text = params.get("text", "")
                server._record(text, params)
                if server.mode == "slow":
                    time.sleep(server.delay)
                if server.mode == "error":
                    self._send(500, b"Error: Internal Error: java.lang.RuntimeException: test failure", "text/plain")
                    return
                if server.mode in ("trickle", "huge", "huge-unsized"):
                    self._hostile(server.mode)
                    return
                answer = {
                    "software": {"name": "LanguageTool", "version": "6.8-test", "apiVersion": 1},
                    "language": {"name": "English", "code": params.get("language", "en-US")},
                    "matches": find_matches(text, params),
                }
                self._send(200, json.dumps(answer).encode())
                if server.mode == "drop":  # close the kept-alive connection unannounced (an idle timeout)
                    self.close_connection = True

            def _hostile(self, mode: str) -> None:
                """Answers no client should wait for or read whole; written until the client gives up."""
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    if mode == "trickle":
                        body = json.dumps({"matches": [], "padding": "x" * 40}).encode()
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        for i in range(len(body)):
                            self.wfile.write(body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(server.delay)
                    else:
                        size = 100_000_000
                        if mode == "huge":
                            self.send_header("Content-Length", str(size))
                        else:
                            self.send_header("Connection", "close")
                            self.close_connection = True
                        self.end_headers()
                        block = b'{"matches": [' + b" " * (1 << 20)
                        for _ in range(size // len(block)):
                            self.wfile.write(block)
                    with server._lock:
                        server.finished += 1
                except (BrokenPipeError, ConnectionResetError):  # the client gave up: as it should
                    self.close_connection = True

        return Handler


def main() -> None:  # pragma: no cover - command line use
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8010)
    args = parser.parse_args()
    server = LTServer(args.port).start()
    print(f"LanguageTool test server on {server.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
