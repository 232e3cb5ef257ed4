"""An unchanged re-run printed from its record (rerun.py), and the `cache-dir` config key.

Runs go through the real console entry point in a subprocess (the record is written and read
there, before click is imported); each test has its own cache folder (conftest.py)."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from copylint import rerun
from copylint.config import load_config_file

OLD = time.time() - 3600  # files written by a test are dated an hour back: not "just modified"
CONFIG = "select: [spelling.unknown-word, typos, mypack]\npacks: [./mypack]\nspelling: {accept: [words.lst]}\n"
RULE = """kind: existence
summary: Flags a house word.
message: "House word '{match}'"
tokens: [zorblax]
doc: {what: Flags it., why: Style., example: zorblax, instead: thing}
"""


def _age(*paths: Path) -> None:
    for p in paths:
        os.utime(p, (OLD, OLD))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _age(path)


def _project(root: Path) -> Path:
    _write(root / ".copylint.yaml", CONFIG)
    _write(root / "mypack" / "mypack" / "word.yml", RULE)
    _write(root / "words.lst", "Qwertzland\n")
    _write(root / "site" / "a.md", "The zorblax met in Qwertzland. Teh end.\n")
    _write(root / "site" / "b.txt", "Nothing to say here.\n")
    _age(root / "mypack" / "mypack", root / "mypack", root / "site", root)
    return root


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def _run(root: Path, *args: str, importtime: bool = False, env: dict[str, str] | None = None):
    cmd = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m", "copylint", *args]
    return subprocess.run(cmd, cwd=root, env=env or _env(), capture_output=True, text=True, timeout=300)


def _records(folder: Path) -> list[Path]:
    return sorted((folder / "runs").rglob("*.bin"))


def _imported(proc) -> set[str]:
    return {ln.rsplit("|", 1)[-1].strip() for ln in proc.stderr.splitlines() if ln.startswith("import time:")}


def _body(proc) -> list[str]:  # the output without the summary's elapsed time
    return [re.sub(r" in \d+\.\d\d s\.$", "", ln) for ln in proc.stdout.splitlines()]


@pytest.fixture
def project(tmp_path):
    return _project(tmp_path / "p")


def cache_folder() -> Path:
    return Path(os.environ["COPYLINT_CACHE_DIR"])


def test_the_same_command_is_printed_from_its_record_without_loading_copylint(project):
    first = _run(project, "site")
    assert first.returncode == 1 and "zorblax" in first.stdout and "Teh" in first.stdout, first.stderr
    assert len(_records(cache_folder())) == 1
    again = _run(project, "site", importtime=True)
    assert again.returncode == 1 and _body(again) == _body(first)
    assert again.stdout.splitlines()[-1].startswith("Found 2 problems")
    imported = _imported(again)
    heavy = {"click", "copylint.cli", "copylint.linter", "copylint.checkrun", "yaml"}
    assert "copylint.rerun" in imported and not heavy & imported
    plain = _run(project, "site", "-f", "json")  # another command: its own record
    assert plain.returncode == 1 and plain.stdout.startswith("{") and len(_records(cache_folder())) == 2


@pytest.mark.parametrize("change", ["article", "config", "vocabulary", "pack", "new file", "ignore file",
                                    "nearer config"])
def test_a_change_to_anything_the_output_depends_on_runs_again(project, change):
    first = _run(project, "site")
    assert _run(project, "site").stdout.splitlines()[:-2] == first.stdout.splitlines()[:-2]
    if change == "article":
        _write(project / "site" / "a.md", "The zorblax met in Qwertzland. The end, zorblax.\n")
    elif change == "config":
        _write(project / ".copylint.yaml", CONFIG.replace(", mypack]", "]"))
    elif change == "vocabulary":
        _write(project / "words.lst", "Qwertzland\nzorblax\n")
    elif change == "pack":
        _write(project / "mypack" / "mypack" / "word.yml", RULE.replace("zorblax]", "zorblax, nothing]"))
    elif change == "new file":
        _write(project / "site" / "c.md", "A zorblax again.\n")
    elif change == "ignore file":
        _write(project / "site" / ".copylintignore", "a.md\n")
    elif change == "nearer config":
        _write(project / "site" / ".copylint.yaml", "select: [typos]\n")
    after = _run(project, "site")
    assert _body(after) != _body(first), change
    fresh = _run(project, "--no-cache", "site")
    assert _body(after) == _body(fresh) and after.returncode == fresh.returncode


def test_the_record_watches_copylint_itself_and_the_key_has_the_environment(project):
    _run(project, "site")
    (record,) = _records(cache_folder())
    _fmt, _ident, watched, _segments, _err, _code = marshal.loads(record.read_bytes())
    paths = {p for p, _sig in watched}
    import copylint

    assert copylint.__file__ in paths  # an upgrade or an edit of copylint changes its files
    assert str(project / ".copylint.yaml") in paths and str(project / "words.lst") in paths
    assert str(project / "site" / "a.md") in paths
    _run(project, "site", env=_env(COPYLINT_SOMETHING="1"))
    assert len(_records(cache_folder())) == 2  # another environment: another record


def test_no_record_for_a_file_just_modified_nor_for_runs_that_write(project):
    (project / "site" / "a.md").write_text("The zorblax, just now.\n", encoding="utf-8")  # mtime: now
    _run(project, "site")
    assert _records(cache_folder()) == []
    _age(project / "site" / "a.md")
    for args in (["--fix", "site"], ["--diff", "site"], ["--no-cache", "site"], ["site", "-o", "out.txt"]):
        _run(project, *args)
    assert _records(cache_folder()) == []


def test_concurrent_runs_print_the_same_and_leave_a_valid_record(project):
    _run(project, "site")  # the results are cached; the next runs race to write and read the record
    cmd = [sys.executable, "-m", "copylint", "site"]
    procs = [subprocess.Popen(cmd, cwd=project, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1] * 4
    bodies = {tuple(re.sub(r" in \d+\.\d\d s\.$", "", ln) for ln in out.splitlines()) for out, _err in outs}
    assert len(bodies) == 1
    assert len(_records(cache_folder())) == 1 and _body(_run(project, "site")) == list(bodies.pop())


def test_the_fast_path_knows_every_option_of_check():
    """rerun.py parses the command line without click: its option lists must be the CLI's."""
    from copylint.cli import check

    value, flags = set(), set()
    for param in check.params:
        if param.param_type_name != "option":
            continue
        (flags if param.is_flag else value).update(param.opts + param.secondary_opts)
    known = rerun.VALUE_OPTIONS | rerun.FLAG_OPTIONS | rerun.NEVER
    assert value - {"-o", "--output", "--stdin-filename", "--baseline"} == set(rerun.VALUE_OPTIONS)
    assert flags | value | {"-h", "--help", "--version"} == known


@pytest.mark.parametrize("argv, qualifies", [
    (["a.md"], True), (["check", "-q", "--select", "typos", "a.md"], True), (["--color=never", "a.md"], True),
    (["-"], False), (["--fix", "a.md"], False), (["-o", "x", "a.md"], False), (["rules"], False),
    (["cache", "clean"], False), (["-qj2", "a.md"], False), ([], False), (["--select"], False),
])
def test_which_command_lines_qualify(argv, qualifies):
    assert (rerun._parse(argv) is not None) == qualifies


@pytest.mark.parametrize("text, expected", [
    ("cache-dir: .cache-here\n", ".cache-here"),
    ("select: [typos]\ncache-dir: 'quoted dir'\n", "quoted dir"),
    ("extends: strict\nselect: [typos]\n", False),  # a base may set it: the scan cannot tell
    ("cache-dir: {a: 1}\n", False),
    ("select: [typos]\n", None),
])
def test_the_scan_for_cache_dir_agrees_with_the_config_reader(tmp_path, text, expected):
    config = tmp_path / ".copylint.yaml"
    config.write_text(text, encoding="utf-8")
    found = rerun._config_cache_dir(None, "a.md", str(tmp_path))
    if expected is False:
        assert found is False
        return
    try:
        read = load_config_file(str(config)).cache_dir
    except Exception:  # noqa: BLE001
        read = "error"
    assert found == read == (str(tmp_path / expected) if expected else None)


def test_cache_dir_in_the_config_moves_the_cache(tmp_path):
    root = _project(tmp_path / "p")
    _write(root / ".copylint.yaml", CONFIG + "cache-dir: .lint-cache\n")
    env = _env()
    env.pop("COPYLINT_CACHE_DIR")
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    first = _run(root, "site", env=env)
    again = _run(root, "site", env=env)
    assert first.returncode == again.returncode == 1 and _body(first) == _body(again)
    kept = root / ".lint-cache"
    assert any(kept.rglob("manifest.json")) and _records(kept) and any((kept / "prepared").iterdir())
    assert not (tmp_path / "xdg").exists()
    shown = _run(root, "cache", "dir", env=env)
    assert shown.stdout.strip() == str(kept)
    env["COPYLINT_CACHE_DIR"] = str(tmp_path / "env-cache")  # the environment wins over the config
    _run(root, "site", env=env)
    assert any((tmp_path / "env-cache").rglob("manifest.json"))
    cleaned = _run(root, "cache", "clean", env={**env, "COPYLINT_CACHE_DIR": ""})
    assert cleaned.returncode == 0 and not _records(kept) and not any(kept.rglob("manifest.json"))


def test_a_bad_cache_dir_is_a_config_error_with_its_line(tmp_path):
    root = _project(tmp_path / "p")
    _write(root / ".copylint.yaml", CONFIG + "cache-dir: [not, a, folder]\n")
    proc = _run(root, "site")
    assert proc.returncode == 2 and ".copylint.yaml:4" in proc.stderr and "cache-dir" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("argv", [
    ["a.md"], ["check", "a.md", "b.md"], ["-f", "json", "-f", "github", "-q", "a.md"],
    ["--select", "typos,spelling", "--ignore", "grammar", "--exclude", "drafts/**", "site"],
    ["--fail-on=error", "--min-level", "warning", "-j", "2", "--color", "never", "--statistics", "a.md"],
    ["--no-cache", "--no-source", "--exit-zero", "--as-of", "2020-01-02", "-c", "x.yaml", "a.md"],
    ["--fix", "a.md"], ["--diff", "--stdin-filename", "s.md", "-"], ["-o", "out.json", "-f", "json", "a.md"],
    ["--cache-dir", "somewhere", "--require", "grammar", "--languagetool-server", "http://x", "a.md"],
    ["--baseline", "b.json", "a.md"],
])
def test_the_plain_parser_gives_what_click_gives(argv, monkeypatch):
    from copylint.checkrun import plain_args
    from copylint.cli import check

    monkeypatch.delenv("COPYLINT_CACHE_DIR")
    args = argv[1:] if argv[0] == "check" else argv
    assert plain_args(argv) == check.make_context("check", list(args)).params


@pytest.mark.parametrize("argv", [["rules"], ["--help"], ["a.md", "-h"], ["--version"], ["-j", "0", "a.md"],
                                  ["--color", "sometimes", "a.md"], ["-qj2", "a.md"], ["--", "a.md"], [],
                                  ["--format"], ["--unknown", "a.md"]])
def test_anything_else_goes_to_click(argv):
    from copylint.checkrun import plain_args

    assert plain_args(argv) is None


def test_a_plain_run_does_not_import_click_and_others_still_work(project):
    run = _run(project, "--no-cache", "site", importtime=True)
    assert run.returncode == 1 and "click" not in _imported(run)
    bad = _run(project, "--color", "sometimes", "site")  # click's own message for a bad choice
    assert bad.returncode == 2 and "sometimes" in bad.stderr and "Traceback" not in bad.stderr
    assert _run(project, "rules").returncode == 0


def test_a_result_cache_hit_without_a_record_loads_no_rule(project):
    first = _run(project, "site")
    other = _run(project, "site", importtime=True, env=_env(COPYLINT_OTHER_RUN="1"))  # no record for it
    assert _body(other) == _body(first)
    imported = _imported(other)
    assert "copylint.cache" in imported
    heavy = {"click", "copylint.linter", "copylint.declarative", "copylint.checks", "regex", "marisa_trie"}
    assert not heavy & imported, heavy & imported  # (YAML is read: the project has a config file)


def test_an_unrelated_entry_in_a_folder_above_does_not_stop_the_replay(project):
    # /tmp or a home folder gains entries all the time; only a config or ignore file there counts
    # (the project folder itself is on sys.path under `python -m`, so it is watched as a plugin folder)
    first = _run(project, "site")
    _write(project.parent / "notes-unrelated.txt", "scratch\n")
    os.utime(project.parent, None)  # a folder above the walk has just changed
    again = _run(project, "site", importtime=True)
    assert _body(again) == _body(first) and "copylint.checkrun" not in _imported(again)  # the record, not a lint
