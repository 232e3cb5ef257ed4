"""The progress bar (on a terminal only) and text output streamed as files finish."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

from test_reporters import ARTICLE_MD, make_project

ELAPSED = re.compile(r" in \d+\.\d\d s\.$", re.MULTILINE)


def _project(tmp_path):
    articles = {f"site/{n:02d}.md": ARTICLE_MD for n in range(12)}
    articles["site/clean.txt"] = "Nothing here.\n"
    return make_project(tmp_path, articles)


def _run(project, *args, tty_stderr: bool):
    """copylint with standard output to a pipe and standard error to a terminal (a pty) or a pipe."""
    env = dict(os.environ, COPYLINT_PROGRESS_DELAY="0", COLUMNS="100")
    env.pop("NO_COLOR", None)
    if not tty_stderr:
        proc = subprocess.run([sys.executable, "-m", "copylint", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=300)
        return proc.returncode, proc.stdout, proc.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "copylint", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty closes when the process exits
            break
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read()
    proc.wait(timeout=300)
    os.close(leader)
    return proc.returncode, out, err.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_says_files_findings_rate_and_time_left(tmp_path):
    project = _project(tmp_path)
    code, out, err = _run(project, "--jobs", "2", "site", tty_stderr=True)
    assert code == 1
    frames = [f for f in re.split(r"\r", err) if "files/s" in f]
    assert frames, err
    last = frames[-1]
    assert re.search(r"\[#+\] 13/13 files, \d+ findings, \d+ files/s, 0:00 left", last), last
    assert err.rstrip("\r\n").endswith("\x1b[K")  # the bar is wiped before the summary
    assert "files/s" not in out  # the findings on standard output carry no bar


def test_no_progress_bar_when_not_a_terminal_or_quiet(tmp_path):
    project = _project(tmp_path)
    _code, _out, err = _run(project, "site", tty_stderr=False)
    assert "files/s" not in err
    _code, _out, err = _run(project, "-q", "site", tty_stderr=True)
    assert "files/s" not in err


def test_streamed_text_is_the_text_report_and_the_summary_says_how_long(tmp_path):
    project = _project(tmp_path)
    code, streamed, _err = _run(project, "--jobs", "2", "site", tty_stderr=True)
    assert code == 1
    _code, _out, _err = _run(project, "--format", "text", "-o", "whole.txt", "site", tty_stderr=False)
    written = (project / "whole.txt").read_text(encoding="utf-8")
    assert ELAPSED.search(streamed) and ELAPSED.search(written)
    assert ELAPSED.sub(".", streamed) == ELAPSED.sub(".", written)
    assert streamed.index("site/00.md") < streamed.index("site/11.md")  # files in path order
    assert "Found 84 problems (24 errors, 60 warnings) in 13 files in " in streamed
