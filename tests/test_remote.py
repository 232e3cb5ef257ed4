"""COPYLINT_SERVER: the `copylint` command (as a pre-commit hook runs it) lints through a
running `copylint serve` when that gives a cold run's result, and runs cold otherwise."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from packhelp import make_project
from serveproc import ServeProcess

SCRIPT = shutil.which("copylint", path=str(Path(sys.executable).parent))
BAD = "Inspections had become laxed, said the the mayor. zorblax\n"
ELAPSED = re.compile(r" in [\d.]+ m?s\.$", re.M)
CLEAN = "The council approved the budget on Tuesday.\n"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    root = tmp_path_factory.mktemp("hooked")
    make_project(root, config="packs: [./mypack]\nfail-on: error\n")
    (root / "news").mkdir()
    (root / "news" / "bad.md").write_text(BAD, encoding="utf-8")
    (root / "news" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (root / "desk").mkdir()  # a folder with a config of its own: the server's is not in force there
    (root / "desk" / ".copylint.yaml").write_text("disable: [typos]\n", encoding="utf-8")
    (root / "desk" / "story.md").write_text(BAD, encoding="utf-8")
    (root / "token").write_text("hook-token\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def served(newsroom):
    with ServeProcess(cwd=newsroom, args=["--token-file", "token"]) as server:
        yield server


def copylint(cwd: Path, *args: str, server: str | None = None, token: str | None = "hook-token"):
    if SCRIPT is None:
        pytest.skip("the copylint console script is not installed beside this Python")
    env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_SERVER", "COPYLINT_SERVE_TOKEN", "NO_COLOR")}
    if server:
        env["COPYLINT_SERVER"] = server
    if token:
        env["COPYLINT_SERVE_TOKEN"] = token
    proc = subprocess.run([SCRIPT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    # the summary's elapsed time (a cold run's) differs from run to run; the rest must be the same
    proc.stdout = ELAPSED.sub(".", proc.stdout)
    return proc


def lints_served(server: ServeProcess) -> int:
    return sum(1 for e in server.log() if e.get("path") == "/v1/lint")


@pytest.mark.parametrize("args", [
    ("news/bad.md", "news/clean.txt"),
    ("-f", "json", "news/bad.md"),
    ("--format=concise", "-q", "--fail-on", "warning", "news/clean.txt", "news/bad.md"),
    ("check", "--no-source", "--color", "always", "news/bad.md"),
])
def test_a_warm_run_prints_what_a_cold_run_prints(newsroom, served, args):
    cold = copylint(newsroom, *args)
    before = lints_served(served)
    warm = copylint(newsroom, *args, server=served.url)
    assert lints_served(served) > before  # it did go through the server
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert "laxed" in warm.stdout or "No problems" in warm.stdout


@pytest.mark.parametrize(("args", "why"), [
    (("desk/story.md",), "a config of its own"),
    (("news/bad.md", "desk/story.md"), "one file with a config of its own"),
    (("--select", "typos", "news/bad.md"), "an option the server cannot apply"),
    (("--diff", "news/bad.md"), "--diff shows fixes"),
    (("news",), "a folder"),
])
def test_runs_the_server_cannot_answer_run_cold(newsroom, served, args, why):
    cold = copylint(newsroom, *args)
    before = lints_served(served)
    warm = copylint(newsroom, *args, server=served.url)
    assert lints_served(served) == before, why
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)


def test_no_server_or_a_wrong_token_runs_cold(newsroom, served):
    cold = copylint(newsroom, "news/bad.md")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    silent = copylint(newsroom, "news/bad.md", server=closed)
    assert (silent.returncode, silent.stdout, silent.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    refused = copylint(newsroom, "news/bad.md", server=served.url, token="wrong")
    assert (refused.returncode, refused.stdout) == (cold.returncode, cold.stdout)
    assert "not using COPYLINT_SERVER" in refused.stderr and "COPYLINT_SERVE_TOKEN" in refused.stderr
