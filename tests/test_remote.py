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


def same(run: subprocess.CompletedProcess) -> tuple[int, str, str]:
    return run.returncode, run.stdout, run.stderr


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
    return sum(1 for e in server.log() if e.get("path") == "/v1/report")


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
    assert same(warm) == same(cold)
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
    assert same(warm) == same(cold)


def test_no_server_or_a_wrong_token_runs_cold(newsroom, served):
    cold = copylint(newsroom, "news/bad.md")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    silent = copylint(newsroom, "news/bad.md", server=closed)
    assert same(silent) == same(cold)
    refused = copylint(newsroom, "news/bad.md", server=served.url, token="wrong")
    assert same(refused)[:2] == same(cold)[:2]
    assert "not using COPYLINT_SERVER" in refused.stderr and "COPYLINT_SERVE_TOKEN" in refused.stderr


def test_the_pre_commit_hook_goes_through_a_running_server(tmp_path):
    """The real `pre-commit try-repo` with COPYLINT_SERVER set: the hook's copylint (installed
    from this checkout into pre-commit's own virtualenv) lints through the server."""
    root = Path(__file__).resolve().parent.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("needs git and a git checkout (try-repo clones it)")
    work, home = tmp_path / "project", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    (work / ".copylint.yaml").write_text("disable: [spelling.unknown-word]\n", encoding="utf-8")
    (work / "bad.md").write_text(BAD, encoding="utf-8")
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COPYLINT_SERVE_TOKEN")}
    env.update(PRE_COMMIT_HOME=str(home), TMPDIR=str(home), NO_COLOR="1")
    with ServeProcess(cwd=work) as server:
        env["COPYLINT_SERVER"] = server.url
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(root), "copylint", "--verbose", "--color", "never",
             "--files", "bad.md", "clean.txt"],
            cwd=work, env=env, capture_output=True, text=True, timeout=900)
        served = [e for e in server.log() if e.get("path") == "/v1/report"]
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "bad.md:1:24: warning typos.false-verb-form" in proc.stdout, out
    assert served and sum(e["findings"] for e in served) >= 2, out  # the hook's files went to the server


def test_more_copy_than_the_server_takes_runs_cold_quietly(tmp_path):
    (tmp_path / "long.md").write_text(BAD * 40, encoding="utf-8")
    (tmp_path / "short.md").write_text(BAD, encoding="utf-8")
    with ServeProcess(cwd=tmp_path, args=["--max-request-size", "1k"]) as server:
        cold = copylint(tmp_path, "long.md", token=None)
        warm = copylint(tmp_path, "long.md", server=server.url, token=None)
        short = copylint(tmp_path, "short.md", server=server.url, token=None)
        served = [e for e in server.log() if e.get("path") == "/v1/report"]
    assert same(warm) == same(cold) and "COPYLINT_SERVER" not in warm.stderr
    assert len(served) == 1 and served[0]["status"] == 200 and "laxed" in short.stdout  # only the short one
