#!/usr/bin/env python3
"""What the grammar pack costs: a corpus linted without and with a real LanguageTool.

    python bench/grammar_cost.py [CORPUS_DIR] [-j 2] [--server URL]

Prints, side by side: the wall time of `copylint CORPUS -j N` with the default (offline)
rules; with a real LanguageTool and an empty grammar cache; and again with the cache the
first run filled (its hit rate: requests the server saw on the second run against the
first). Also the server's resident memory (RSS now and at its peak, VmHWM) after the runs.
Without `--server` it starts its own with scripts/languagetool.py (the same jars the tests
use) and stops it at the end. Default corpus: ../shared/corpus/bbc-news.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "languagetool.py"


def _run(corpus: str, jobs: int, env: dict, *extra: str) -> float:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "copylint", corpus, "-j", str(jobs), "-q", "--format", "json",
                           *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1, 2):  # 2: a file that is not UTF-8 (the BBC set has one)
        sys.exit(f"copylint exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return time.monotonic() - started


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, peak RSS) in MB of a process and its children's Java."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    get = lambda key: int(re.search(rf"^{key}:\s+(\d+)", status, re.M).group(1)) // 1024  # noqa: E731
    return get("VmRSS"), get("VmHWM")


def _java_pid(script_pid: int) -> int:
    try:
        children = Path(f"/proc/{script_pid}/task/{script_pid}/children").read_text().split()
    except OSError:
        return 0
    return int(children[0]) if children else 0


def _checks(log: Path) -> int:
    try:
        return log.read_text(encoding="utf-8", errors="replace").count("Handling POST /v2/check")
    except OSError:
        return -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "bbc-news"))
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--server", help="a running LanguageTool (default: start one)")
    args = parser.parse_args()
    files = sum(1 for p in Path(args.corpus).rglob("*") if p.is_file())
    work = Path(tempfile.mkdtemp(prefix="copylint-grammar-cost."))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg"), "PYTHONPATH": str(ROOT / "src")}
    proc, log = None, work / "server.log"
    try:
        if args.server:
            url = args.server
        else:
            proc = subprocess.Popen([sys.executable, str(SCRIPT), "serve", "--log", str(log)],
                                    stdout=subprocess.PIPE, text=True)
            url = (proc.stdout.readline() or "").strip()
            if not url:
                sys.exit("scripts/languagetool.py serve did not start a server")
        offline = _run(args.corpus, args.jobs, env)
        before = _checks(log)  # the script's warm-up checks
        cold = _run(args.corpus, args.jobs, env, "--languagetool-server", url)
        asked_cold = _checks(log) - before
        warm = _run(args.corpus, args.jobs, env, "--languagetool-server", url)
        asked_warm = _checks(log) - before - asked_cold
        rss, peak = _memory(_java_pid(proc.pid)) if proc else (0, 0)
        print(f"corpus: {args.corpus} ({files} files), -j {args.jobs}, LanguageTool at {url}")
        print(f"{'run':34} {'wall s':>8} {'files/s':>8}")
        for name, secs in (("offline rules (default)", offline), ("+ LanguageTool, empty cache", cold),
                           ("+ LanguageTool, cache from run 2", warm)):
            print(f"{name:34} {secs:8.1f} {files / secs:8.1f}")
        if asked_cold >= 0 and proc:
            hit = 1 - asked_warm / asked_cold if asked_cold else 0.0
            print(f"requests: {asked_cold} on the first run, {asked_warm} on the second: cache hit rate {hit:.1%}")
        if proc:
            print(f"LanguageTool memory: RSS {rss} MB now, peak {peak} MB (java -Xmx1g)")
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
