"""Warm speed: a second lint of an article through `copylint serve` and `copylint lsp`,
beside the command line's cold start.

    .venv/bin/python bench/warm.py                  # the seed article, 50 warm lints each
    .venv/bin/python bench/warm.py --article FILE --runs 100

It prints, for one article (../shared/examples/seed-article.txt unless --article):

- cold: process wall time of `copylint ARTICLE`, start to exit (median of --cold-runs), and
  its CPU time (steadier than wall time on a shared machine);
- through a warm server: the same command with COPYLINT_SERVER set (the pre-commit path),
  and the client process's CPU time;
- serve: the round trip of `POST /v1/lint` and of `POST /v2/check` from a kept-alive
  client, and the server's own time for the request (its access log's `ms`);
- lsp: from sending `textDocument/didChange` (the whole text, one word changed, so no
  result can be reused) to receiving its `publishDiagnostics`, with --debounce 0.

Every server is started here and stopped before it exits. Nothing asserts anything.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SHARED = Path(os.environ.get("COPYLINT_SHARED", ROOT.parent / "shared"))


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"(best {ordered[0] * 1000:.1f}, p90 {p90 * 1000:.1f}, n={len(values)})"


def process_times(cmd: list[str], runs: int, env: dict[str, str], cwd: str) -> tuple[list[float], list[float], int]:
    """Wall times and CPU times (user + system of the process) of `runs` runs, and the exit code."""
    import resource

    subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)  # one warm-up: the page cache, .pyc files
    times, cpu, code = [], [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        code = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True).returncode
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu, code


def http_times(url: str, path: str, body: bytes, ctype: str, runs: int) -> list[float]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    times = []
    try:
        for i in range(runs + 1):
            start = time.perf_counter()
            conn.request("POST", path, body=body, headers={"Content-Type": ctype})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise SystemExit(f"{path} answered {resp.status}")
            if i:  # the first is the "first lint"; the figure is for the ones after it
                times.append(time.perf_counter() - start)
    finally:
        conn.close()
    return times


async def lsp_times(text: str, runs: int, cwd: str) -> list[float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench", "1")
    arrived: asyncio.Queue = asyncio.Queue()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params: types.LogMessageParams) -> None:
        pass  # the server's notes (grammar skipped); not timed

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params.version))

    await client.start_io(sys.executable, "-m", "copylint", "lsp", "--debounce", "0", cwd=cwd)
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=Path(cwd).as_uri()))
    client.initialized(types.InitializedParams())
    uri = (Path(cwd) / "article.md").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    await asyncio.wait_for(arrived.get(), 120)  # the first lint loads the rules
    times = []
    try:
        for version in range(2, runs + 2):
            changed = text + f"\nEdit number {version}.\n"
            start = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=changed)]))
            while True:
                when, got = await asyncio.wait_for(arrived.get(), 60)
                if got == version:
                    times.append(when - start)
                    break
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--article", type=Path, default=SHARED / "examples" / "seed-article.txt")
    parser.add_argument("--runs", type=int, default=50, help="warm lints per front door")
    parser.add_argument("--cold-runs", type=int, default=9)
    args = parser.parse_args()
    if not args.article.is_file():
        raise SystemExit(f"no article at {args.article} (the shared folder is absent; pass --article)")
    text = args.article.read_text(encoding="utf-8")
    script = shutil.which("copylint", path=str(Path(sys.executable).parent))
    if script is None:
        raise SystemExit("install the project into this venv first (pip install -e '.[test]')")
    from serveproc import ServeProcess

    import copylint

    with tempfile.TemporaryDirectory() as home:
        work = Path(home)
        article = work / args.article.name
        article.write_text(text, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_SERVER", "PYTHONDONTWRITEBYTECODE")}
        env["HOME"] = home
        print(f"copylint {copylint.__version__}; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
              f"{args.article.name} ({len(text.encode()) / 1024:.1f} KB), default rules, no config")
        print()
        cold, cold_cpu, cold_code = process_times([script, article.name], args.cold_runs, env, home)
        print(f"  copylint ARTICLE, cold (process wall)            {median_ms(cold)}  {spread(cold)} "
              f"CPU {median_ms(cold_cpu).strip()}, exit {cold_code}")
        with ServeProcess(cwd=home, env=env) as served:
            warm_env = dict(env, COPYLINT_SERVER=served.url)
            warm, warm_cpu, warm_code = process_times([script, article.name], args.cold_runs * 3, warm_env, home)
            print(f"  copylint ARTICLE, COPYLINT_SERVER (process wall) {median_ms(warm)}  {spread(warm)} "
                  f"CPU {median_ms(warm_cpu).strip()} (client), exit {warm_code}")
            body = json.dumps({"text": text, "filename": article.name}).encode()
            v1 = http_times(served.url, "/v1/lint", body, "application/json", args.runs)
            form = urllib.parse.urlencode({"text": text, "language": "en-US"}).encode()
            v2 = http_times(served.url, "/v2/check", form, "application/x-www-form-urlencoded", args.runs)
            logged = [e["ms"] / 1000 for e in served.log() if e.get("path") == "/v1/lint"][-args.runs:]
        print(f"  serve: POST /v1/lint round trip (warm)            {median_ms(v1)}  {spread(v1)}")
        print(f"  serve: POST /v2/check round trip (warm)           {median_ms(v2)}  {spread(v2)}")
        print(f"  serve: /v1/lint time in the server (access log)   {median_ms(logged)}  {spread(logged)}")
        try:
            lsp = asyncio.run(lsp_times(text, args.runs, home))
        except ImportError:
            print("  lsp: skipped (pip install 'copylint[lsp]')")
        else:
            print(f"  lsp: didChange -> publishDiagnostics (warm)       {median_ms(lsp)}  {spread(lsp)}")


if __name__ == "__main__":
    main()
