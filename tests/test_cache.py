"""The result cache: hits for unchanged files under unchanged rules, a fresh lint when any part
of the key changes (the file, the config, a vocabulary, a pack, copylint's version, the date),
and several processes sharing one cache folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import copylint
from copylint.session import Session
from packhelp import invoke, make_project

ARTICLE = "The zorblax met. We like the colour.\n"
CONFIG = "packs: [./mypack]\nselect: [mypack, spelling.unknown-word]\nspelling: {accept: [words.lst]}\n"


@pytest.fixture
def linted(monkeypatch):
    """The files each run hands to the linter (the rest came from the cache)."""
    seen: list[list[str]] = []
    real = Session.lint_files

    def spy(self, files, **kw):
        seen.append(sorted(os.path.basename(f) for f in files))
        return real(self, files, **kw)

    monkeypatch.setattr(Session, "lint_files", spy)
    return seen


def _project(tmp_path):
    make_project(tmp_path, CONFIG)
    (tmp_path / "words.lst").write_text("Qwertzland\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("Nothing in Qwertzland, and a frobnicatory zorblax.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Plain copy with nothing to say.\n", encoding="utf-8")
    return tmp_path


def _run(project, *args):
    res = invoke("a.md", "b.md", "c.txt", "-f", "json", "-j", "1", *args, cwd=project)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)["findings"]


def _rules(findings):
    return sorted((f["path"], f["rule"], f["match"]) for f in findings)


def test_unchanged_rerun_lints_nothing_and_reports_the_same(tmp_path, linted):
    project = _project(tmp_path)
    first = _run(project)
    again = _run(project)
    assert linted == [["a.md", "b.md", "c.txt"]]  # the second run came from the cache
    assert again == first and len(first) >= 3
    os.utime(project / "a.md")  # a new stat, the same bytes: still a hit, after hashing
    assert _run(project) == first and len(linted) == 1
    assert _run(project, "--no-cache") == first and linted[-1] == ["a.md", "b.md", "c.txt"]


def test_text_output_from_the_cache_keeps_its_excerpts(tmp_path):
    project = _project(tmp_path)
    fresh = invoke(".", "-j", "1", cwd=project).stdout
    cached = invoke(".", "-j", "1", cwd=project).stdout
    strip = lambda s: s.rsplit(" in ", 1)[0]  # noqa: E731 - the elapsed time differs
    assert strip(cached) == strip(fresh) and "^^^^^^^" in cached


def test_editing_the_file_relints_that_file_only(tmp_path, linted):
    project = _project(tmp_path)
    _run(project)
    (project / "a.md").write_text(ARTICLE.replace("zorblax", "council"), encoding="utf-8")
    after = _run(project)
    assert linted[-1] == ["a.md"]
    assert ("a.md", "mypack.word", "zorblax") not in _rules(after)
    assert ("b.md", "mypack.word", "zorblax") in _rules(after)


def test_editing_the_config_relints(tmp_path, linted):
    project = _project(tmp_path)
    assert any(f["rule"] == "mypack.swap" for f in _run(project))
    (project / ".copylint.yaml").write_text(CONFIG + "disable: [mypack.swap]\n", encoding="utf-8")
    after = _run(project)
    assert len(linted) == 2 and not any(f["rule"] == "mypack.swap" for f in after)


def test_editing_a_vocabulary_relints(tmp_path, linted):
    project = _project(tmp_path)
    assert ("b.md", "spelling.unknown-word", "frobnicatory") in _rules(_run(project))
    (project / "words.lst").write_text("Qwertzland\nfrobnicatory\n", encoding="utf-8")
    after = _run(project)
    assert len(linted) == 2 and ("b.md", "spelling.unknown-word", "frobnicatory") not in _rules(after)


def test_vocab_add_relints(tmp_path, linted):
    # `copylint vocab add` writes .copylint-vocab.txt beside the config, which no setting names
    project = _project(tmp_path)
    assert ("b.md", "spelling.unknown-word", "frobnicatory") in _rules(_run(project))
    res = invoke("vocab", "add", "frobnicatory", cwd=project)
    assert res.exit_code == 0, res.output
    after = _run(project)
    assert len(linted) == 2 and ("b.md", "spelling.unknown-word", "frobnicatory") not in _rules(after)


def test_editing_a_pack_relints(tmp_path, linted):
    project = _project(tmp_path)
    before = _rules(_run(project))
    rule = (project / "mypack" / "word.yml").read_text(encoding="utf-8")
    (project / "mypack" / "word.yml").write_text(rule.replace("tokens: [", "tokens: [plain, "), encoding="utf-8")
    after = _rules(_run(project))
    assert len(linted) == 2 and ("c.txt", "mypack.word", "Plain") in after and ("c.txt", "mypack.word", "Plain") not in before


def test_a_new_version_or_another_date_relints(tmp_path, linted, monkeypatch):
    project = _project(tmp_path)
    _run(project)
    _run(project)
    assert len(linted) == 1
    monkeypatch.setattr(copylint, "__version__", copylint.__version__ + ".post1")
    _run(project)
    assert len(linted) == 2
    _run(project, "--as-of", "2020-01-01")  # stamp rules compare against the date
    assert len(linted) == 3
    _run(project, "--select", "mypack")  # another selection
    assert len(linted) == 4


def test_no_cache_writes_nothing_and_cache_clean_empties_it(tmp_path):
    project = _project(tmp_path)
    folder = tmp_path / "own-cache"
    _run(project, "--no-cache", "--cache-dir", str(folder))
    # no result is kept; only the rule data prepared once (it cannot change a finding)
    assert not folder.exists() or {p.name for p in folder.iterdir()} == {"prepared"}
    assert not any(folder.rglob("manifest.json")) and not (folder / "runs").exists()
    _run(project, "--cache-dir", str(folder))
    assert any(folder.rglob("manifest.json"))
    res = invoke("cache", "clean", "--cache-dir", str(folder), cwd=project)
    assert res.exit_code == 0 and "Removed" in res.output
    assert not any(folder.rglob("manifest.json"))


def test_concurrent_runs_share_one_cache(tmp_path):
    """Two processes lint different halves at once into one cache; a third finds every file."""
    make_project(tmp_path, CONFIG)
    (tmp_path / "words.lst").write_text("Qwertzland\n", encoding="utf-8")
    for half in ("left", "right"):
        for n in range(30):
            (tmp_path / half / f"{n:02d}.md").parent.mkdir(exist_ok=True)
            (tmp_path / half / f"{n:02d}.md").write_text(f"Story {n}: the zorblax and the colour.\n", encoding="utf-8")
    env = dict(os.environ)
    cmd = [sys.executable, "-m", "copylint", "-f", "json", "-j", "2"]
    procs = [subprocess.Popen([*cmd, half], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for half in ("left", "right", "left")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1, 1], [o[1] for o in outs]
    (manifest,) = Path(os.environ["COPYLINT_CACHE_DIR"]).rglob("manifest.json")
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    assert len(entries) == 60  # both halves' entries survived the concurrent merges
    whole = subprocess.run([*cmd, "left", "right"], cwd=tmp_path, env=env, capture_output=True, timeout=300)
    fresh = subprocess.run([*cmd, "--no-cache", "left", "right"], cwd=tmp_path, env=env, capture_output=True,
                           timeout=300)
    assert json.loads(whole.stdout) == json.loads(fresh.stdout)
    assert len(json.loads(whole.stdout)["findings"]) >= 120  # the word and the swap in each of 60 files


def test_folders_walk_through_the_cache(tmp_path, linted):
    """A folder argument is walked with the configs read for the cache (no rule loaded)."""
    project = _project(tmp_path)
    res = invoke(".", "-f", "json", "-j", "1", cwd=project)
    again = invoke(".", "-f", "json", "-j", "1", cwd=project)
    assert res.exit_code == again.exit_code == 1, res.output
    assert json.loads(again.stdout) == json.loads(res.stdout)
    assert linted == [["a.md", "b.md", "c.txt"]]
