"""The command's front door (launch.py): it leaves without the interpreter's shutdown, so what
it must still do is checked here: every byte of output flushed, the exit code kept, and the
collector still on (with a start-up threshold) for the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from copylint import launch


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_SERVER",)}
    env["COPYLINT_CACHE_DIR"] = str(tmp_path / "cache")
    return env


def test_a_large_report_is_flushed_whole_through_a_pipe(tmp_path):
    story = tmp_path / "story.txt"  # one placeholder a paragraph: well over a pipe's 64 KB of report
    story.write_text("".join(f"Paragraph {i}: the mayor, TK, said prices rose XX percent.\n\n" for i in range(1500)),
                     encoding="utf-8")
    cmd = [sys.executable, "-m", "copylint", "--no-cache", "--select", "placeholders", "--format", "json", str(story)]
    run = subprocess.run(cmd, cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert len(run.stdout) > 200_000
    report = json.loads(run.stdout)  # whole: a cut report would not parse
    assert len(report["findings"]) == 3000 and run.returncode == 1, run.stderr[-1000:]


def test_exit_codes_survive_the_quick_exit(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The council met on Tuesday.\n", encoding="utf-8")
    env = _env(tmp_path)
    base = [sys.executable, "-m", "copylint", "--no-cache"]
    assert subprocess.run([*base, str(clean)], cwd=tmp_path, env=env, capture_output=True, timeout=120).returncode == 0
    bad = subprocess.run([*base, "--as-of", "yesterday", str(clean)], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--as-of" in bad.stderr


def test_the_collector_stays_on_with_the_start_up_threshold(tmp_path):
    probe = (
        "import gc, os, sys\n"
        "real = os._exit\n"
        "def leave(code):\n"
        "    print(gc.isenabled(), gc.get_threshold()[0], code, flush=True)\n"
        "    real(code)\n"
        "os._exit = leave\n"
        "sys.argv = ['copylint', '--no-cache', sys.argv[1]]\n"
        "from copylint.launch import main\n"
        "main()\n"
    )
    clean = tmp_path / "clean.txt"
    clean.write_text("The council met on Tuesday.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", probe, str(clean)], cwd=tmp_path, env=_env(tmp_path),
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.split()[-3:] == ["True", str(launch.GC_THRESHOLD), "0"], run.stderr[-1000:]
