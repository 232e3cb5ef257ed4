"""The pre-commit hook, run by the real `pre-commit` tool from this checkout.

`pre-commit try-repo` builds the hook the way a user's pre-commit would: a snapshot of the
repository (uncommitted changes to tracked files included), installed with pip into a fresh
virtualenv, not in editable mode. So these tests also prove the wheel carries the YAML rule
packs: the bad article is caught by `placeholders.lorem-ipsum`, a rule that lives only in
`rules/placeholders/lorem-ipsum.yml`.

try-repo installs into a store of its own that it deletes afterwards, so every call pays for a
pip install: the module makes exactly one call (a session-scoped fixture) and the tests read it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from copylint.config import DEFAULT_EXTENSIONS

ROOT = Path(__file__).resolve().parent.parent
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"

BAD = """---
title: Council approves the harbour budget
---

# Council approves the harbour budget

Lorem ipsum dolor sit amet, the council said on Tuesday.

The vote passed by nine votes to four.
"""
CLEAN = """The council approved the town budget on Tuesday by nine votes to four.

The money will pay for new sea walls and two pumping stations.
"""
# Lorem ipsum in a file the hook must never be given (not an extension copylint lints).
IGNORED = '"""Lorem ipsum dolor sit amet."""\n'


def _manifest() -> list[dict]:
    from pre_commit.clientlib import load_manifest

    return load_manifest(str(HOOKS_FILE))


def test_manifest_is_valid_and_names_the_copylint_hook():
    hooks = {h["id"]: h for h in _manifest()}
    hook = hooks["copylint"]
    assert hook["language"] == "python"
    assert hook["entry"].split()[0] == "copylint"
    assert hook["require_serial"] is False
    assert hook["pass_filenames"] is True
    # pre-commit runs one batch per CPU at once; a copylint worker pool in each would oversubscribe
    words = hook["entry"].split()
    assert words[words.index("--jobs") + 1] == "1"


@pytest.mark.parametrize("ext", DEFAULT_EXTENSIONS + tuple(e.upper() for e in DEFAULT_EXTENSIONS))
def test_hook_files_pattern_takes_every_default_extension(ext):
    pattern = re.compile(_manifest()[0]["files"])
    assert pattern.search(f"news/2024/story{ext}")


@pytest.mark.parametrize("name", ["script.py", "data.json", "notes.md.bak", "README.rst", "page.txt~", "mdfile"])
def test_hook_files_pattern_leaves_out_other_files(name):
    pattern = re.compile(_manifest()[0]["files"])
    assert not pattern.search(name)


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def try_repo_run(tmp_path_factory: pytest.TempPathFactory):
    """One `pre-commit try-repo <this checkout> copylint` over a bad, a clean and an ignored file."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout; try-repo needs one")
    tracked = _git("ls-files", "--", ".pre-commit-hooks.yaml", cwd=ROOT).strip()
    assert tracked, ".pre-commit-hooks.yaml must be committed (or staged): try-repo sees only tracked files"

    work = tmp_path_factory.mktemp("precommit-project")
    home = tmp_path_factory.mktemp("precommit-home")
    _git("init", "-q", cwd=work)
    (work / "bad.md").write_text(BAD, encoding="utf-8")
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (work / "notes.py").write_text(IGNORED, encoding="utf-8")
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(home)  # keep the user's pre-commit cache out of it
    env["TMPDIR"] = str(home)  # try-repo's own store (the hook's virtualenv) goes here too
    env["NO_COLOR"] = "1"
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "copylint", "--verbose",
         "--color", "never", "--files", "bad.md", "clean.txt", "notes.py"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return proc


def _finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"^\S+:\d+:\d+: (error|warning|suggestion) ", line)]


def test_hook_fails_on_a_bad_article(try_repo_run):
    out = try_repo_run.stdout + try_repo_run.stderr
    assert try_repo_run.returncode == 1, out
    assert re.search(r"^copylint\.+Failed$", try_repo_run.stdout, re.MULTILINE), out
    found = [line for line in _finding_lines(try_repo_run.stdout) if line.startswith("bad.md:")]
    # the YAML rule fired from the installed wheel, at the place of the filler text
    assert any(re.match(r"bad\.md:7:1: (error|warning) placeholders\.lorem-ipsum ", line) for line in found), out


def test_hook_passes_a_clean_article_and_skips_other_files(try_repo_run):
    out = try_repo_run.stdout + try_repo_run.stderr
    lines = _finding_lines(try_repo_run.stdout)
    assert lines, out  # the run did lint (see the test above); now: nothing outside bad.md
    assert [line for line in lines if not line.startswith("bad.md:")] == [], out
    # copylint's summaries (one per process pre-commit started) count the files it was given:
    # bad.md and clean.txt, never notes.py
    counts = re.findall(r"(?:No problems found|Found \d+ problems?.*) in (\d+) files? in [\d.]+ s\.$", try_repo_run.stdout, re.MULTILINE)
    assert counts and sum(map(int, counts)) == 2, out
    assert "notes.py" not in try_repo_run.stdout.split("Using config:")[-1], out

