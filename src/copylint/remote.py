"""Linting through a running `copylint serve` (COPYLINT_SERVER), for an instant pre-commit hook.

A cold `copylint FILE` spends most of its time loading rules; a warm server has them
loaded. With `COPYLINT_SERVER=http://127.0.0.1:8765` set, the command line sends the
files' text to that server's `/v1/lint` and prints what it answers, exactly as a cold
run would print it. Only when that is sure to give a cold run's result:

- the invocation is plain: files (no folders, no standard input) and the output options
  `-f/--format` (text, concise, json, json-lines, github), `-q`, `--no-source`,
  `--color`, `--fail-on`, `--jobs`; anything else (--fix, --select, --config, ...) runs cold;
- the server's config is the one a cold run would use for every file (the config file
  found upward from each file is the file the server was started with, or neither has one);
- every file is UTF-8 text without a byte-order mark, and together they fit in one request.

When no server answers (not running, busy, a wrong token), it says nothing and the
caller runs cold. It imports only the standard library until there are findings to
print: the point is to start in a few milliseconds.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time

# no `typing` here: annotations stay strings (`from __future__`), and importing typing
# alone would cost a tenth of this path's budget

FORMATS = ("text", "concise", "json", "json-lines", "github")
CONNECT_TIMEOUT = 0.5  # a server on this machine answers at once, or is not there
ANSWER_TIMEOUT = 60.0


class Fallback(Exception):
    """This run goes cold; the message says why (shown only when something is wrong)."""

    def __init__(self, why: str = "", say: bool = False) -> None:
        super().__init__(why)
        self.say = say


def _parse(args: list[str]) -> dict[str, object] | None:
    """The invocation's options and files, or None when it is not a plain one."""
    if args and args[0] == "check":
        args = args[1:]
    out: dict[str, object] = {"formats": [], "quiet": False, "no_source": False, "color": "auto",
                           "fail_on": None, "files": []}
    takes = {"-f": "formats", "--format": "formats", "--color": "color", "--fail-on": "fail_on",
             "-j": None, "--jobs": None}
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if arg == "--":
            out["files"] += args[i + 1:]
            break
        if name in takes:
            if not eq:
                if i + 1 >= len(args):
                    return None
                value = args[i + 1]
                i += 1
            key = takes[name]
            if key == "formats":
                out["formats"].append(value)
            elif key:
                out[key] = value
        elif arg in ("-q", "--quiet"):
            out["quiet"] = True
        elif arg == "--no-source":
            out["no_source"] = True
        elif arg.startswith("-"):
            return None  # an option the remote path does not know: a cold run handles it
        else:
            out["files"].append(arg)
        i += 1
    if not out["files"] or any(f not in FORMATS for f in out["formats"]) or len(out["formats"]) > 1:
        return None
    if out["color"] not in ("auto", "always", "never") or out["fail_on"] not in (None, "error", "warning",
                                                                                 "suggestion"):
        return None
    return out


def _split_url(url: str) -> tuple[str, int, str]:
    """(host, port, path) of an http:// URL; urllib.parse is a few milliseconds to import."""
    if not url.lower().startswith("http://"):
        raise Fallback(f"COPYLINT_SERVER must be an http:// URL, not {url!r}", say=True)
    netloc, _, path = url[7:].partition("/")
    netloc = netloc.rpartition("@")[2]
    if netloc.startswith("["):  # [::1]:8765
        host, _, rest = netloc[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = netloc.partition(":")
    if not host or (port and not port.isdigit()):
        raise Fallback(f"COPYLINT_SERVER must be an http:// URL, not {url!r}", say=True)
    return host, int(port or 80), ("/" + path).rstrip("/")


class Connection:
    """HTTP/1.1 over one kept-alive socket: `http.client` alone costs more to import
    (its e-mail parser) than the whole request takes."""

    def __init__(self, url: str, token: str | None) -> None:
        self.host, self.port, self.base = _split_url(url)
        self.token = token
        try:
            # a bytes host skips the IDNA codec's import for a name that needs none
            host = self.host.encode("ascii") if self.host.isascii() else self.host
            self.sock = socket.create_connection((host, self.port), timeout=CONNECT_TIMEOUT)
        except OSError:
            raise Fallback() from None  # nothing listening: run cold, quietly
        self.sock.settimeout(ANSWER_TIMEOUT)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def request(self, method: str, path: str, body: object = None) -> tuple[int, dict]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass") if body is not None else b""
        shown = f"[{self.host}]" if ":" in self.host else self.host
        head = [f"{method} {self.base}{path} HTTP/1.1", f"Host: {shown}:{self.port}",
                f"Content-Length: {len(data)}", "Accept: application/json"]
        if body is not None:
            head.append("Content-Type: application/json")
        if self.token:
            head.append(f"Authorization: Bearer {self.token}")
        try:
            self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)
            status, headers = self._head()
            length = int(headers.get("content-length", "0"))
            payload = self._read(length)
        except (OSError, ValueError):
            raise Fallback("the server stopped answering", say=True) from None
        try:
            return status, json.loads(payload.decode("utf-8"))
        except ValueError:
            raise Fallback(f"the server answered {status} with something other than JSON", say=True) from None

    def _head(self) -> tuple[int, dict[str, str]]:
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ValueError("closed")
            self.buffer += chunk
            if len(self.buffer) > 65536:
                raise ValueError("headers too long")
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers

    def _read(self, length: int) -> bytes:
        while len(self.buffer) < length:
            chunk = self.sock.recv(max(65536, length - len(self.buffer)))
            if not chunk:
                raise ValueError("closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return data


def _discover(folder: str, cache: dict[str, str | None]) -> str | None:
    """The config file a cold run would use for files in `folder` (discovery.py: the config
    package would load the YAML and TOML readers, which is most of a cold start)."""
    if folder not in cache:
        from .discovery import discover

        cache[folder] = discover(folder)
    return cache[folder]


def _read(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        raise Fallback() from None  # a cold run words the error
    if data[:3] == b"\xef\xbb\xbf" or data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:8192]:
        raise Fallback()  # a byte-order mark or another encoding: the cold run's reader decides
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Fallback() from None


def lint_remotely(args: list[str], url: str, token: str | None, started: float | None = None) -> int:
    """Lint through the server and print as a cold run would; the exit code, or Fallback."""
    options = _parse(args)
    if options is None:
        raise Fallback()
    files = options["files"]
    if any(f == "-" or not os.path.isfile(f) for f in files):
        raise Fallback()
    texts = [_read(f) for f in files]
    conn = Connection(url, token)
    try:
        status, health = conn.request("GET", "/health")
        if status != 200:
            raise Fallback(f"{url} answered {status} to /health", say=True)
        if "root" not in health:  # a server with a token tells only its version to others
            raise Fallback(f"{url} did not take the token; set COPYLINT_SERVE_TOKEN to its token", say=True)
        if health.get("version") != _version():
            raise Fallback()  # another copylint: its rules may differ
        served = health.get("config")
        found: dict[str, str | None] = {}
        if any(_discover(os.path.dirname(os.path.abspath(f)) or ".", found) != served for f in files):
            raise Fallback()  # a file whose config is not the server's
        root = health["root"] if served else None
        files_sent = [{"text": text, "path": path,
                       "filename": os.path.relpath(os.path.abspath(path), root) if root else os.path.basename(path)}
                      for path, text in zip(files, texts)]
        size = sum(len(f["text"].encode("utf-8", "surrogatepass")) + 2 * len(f["path"]) + 64 for f in files_sent)
        if size * 1.1 > health.get("max_request_bytes", float("inf")):  # JSON escapes add a little
            raise Fallback()  # more copy than the server takes in one request: lint here
        color = options["color"] == "always" or (options["color"] == "auto" and not os.environ.get("NO_COLOR")
                                                 and sys.stdout.isatty())
        status, answer = conn.request("POST", "/v1/report", {
            "files": files_sent, "format": (options["formats"] or ["text"])[0], "color": color,
            "show_source": not options["no_source"], "root": os.getcwd(),
            "elapsed": time.monotonic() - started if started is not None else None})
        if status != 200:
            message = (answer.get("error") or {}).get("message", "") if isinstance(answer, dict) else ""
            raise Fallback(f"{url} answered {status}: {message}", say=status != 503)
    finally:
        conn.close()
    return _print(options, answer, health)


def _version() -> str:
    from . import __version__

    return __version__


LEVELS = ("suggestion", "warning", "error")  # in order: a threshold fails itself and those after it


def _print(options: dict, answer: dict, health: dict) -> int:
    """Print the server's report as a cold run would, and say the cold run's exit code."""
    sys.stdout.write(answer["output"])
    sys.stdout.flush()
    code = 0
    for item in answer["files"]:
        for message in item["errors"]:  # a rule failed for the file: it was not fully checked
            print(f"{item['path']}: {message}", file=sys.stderr)
            code = 2
    if not options["quiet"]:
        for note in answer["notices"]:
            print(f"copylint: {note}", file=sys.stderr)
    if code == 0:
        threshold = LEVELS.index(options["fail_on"] or health.get("fail_on") or "warning")
        if any(item["counts"].get(level) for item in answer["files"] for level in LEVELS[threshold:]):
            code = 1
    return code


def run(args: list[str], started: float | None = None) -> int | None:
    """The exit code of a run through COPYLINT_SERVER, or None to run cold; `started` is
    the run's `time.monotonic()` at its start, for the summary line's time."""
    url = os.environ.get("COPYLINT_SERVER", "").strip()
    if not url:
        return None
    try:
        return lint_remotely(args, url, os.environ.get("COPYLINT_SERVE_TOKEN") or None, started)
    except Fallback as exc:
        if exc.say and "-q" not in args and "--quiet" not in args:
            print(f"copylint: not using COPYLINT_SERVER ({exc}); linting here", file=sys.stderr)
        return None
