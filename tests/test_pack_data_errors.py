"""A pack's data files are checked when the config is loaded, not in the middle of the lint:
bad YAML, a bad pattern or a missing file is one `file:line` line and exit 2, before any
article is read (through the real CLI, and in a long-lived Session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from copylint import Session
from copylint.config import ConfigError

STORY = "Police said the road was closed.\n\nLike us on Facebook\n\nResidents were told to stay home.\n"
GOOD_LINES = "rules:\n  page-furniture:\n    lines: ['more stories from the desk']\n"


def _project(tmp_path: Path, config: str = "packs: [house/]\n", lines: str | None = None) -> Path:
    (tmp_path / ".copylint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    if lines is not None:
        data = tmp_path / "house" / "boilerplate" / "data"
        data.mkdir(parents=True)
        (data / "lines.yml").write_text(lines, encoding="utf-8")
    else:
        (tmp_path / "house").mkdir()
    return tmp_path


def _one_error(done) -> str:
    """The run's one line on standard error (besides run-level notes), and nothing linted."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = [ln for ln in done.stderr.decode().splitlines() if "grammar checks skipped" not in ln]
    assert len(lines) == 1, lines
    assert "failed" not in lines[0] and "Traceback" not in done.stderr.decode()
    assert b"findings" not in done.stdout  # no report: the run stopped before linting
    return lines[0]


@pytest.mark.parametrize("lines, where, message", [
    ("rules:\n  page-furniture:\n    lines: ['foo(' \n", "lines.yml:4", "invalid YAML"),
    ("rules:\n  page-furniture:\n    lines:\n      - 'ok line'\n      - 'foo('\n", "lines.yml:5",
     "invalid pattern 'foo(': missing ), unterminated subpattern"),
    ("rules:\n  widget-box:\n    lines: ['x']\n", "lines.yml:2", "no boilerplate rule named 'widget-box'"),
])
def test_a_bad_data_file_in_a_pack_folder_stops_the_run_at_config_load(tmp_path, lines, where, message):
    _project(tmp_path, lines=lines)
    for args in (("check", "--no-cache", "--format", "json", "story.txt"), ("config", "--check")):
        line = _one_error(run_cli(*args, cwd=tmp_path))
        assert f"{where}: " in line and message in line, line
        assert line.startswith("copylint: config error: ")


def test_a_good_data_file_extends_the_pack_and_config_check_says_ok(tmp_path):
    _project(tmp_path, lines=GOOD_LINES)
    (tmp_path / "story.txt").write_text(STORY + "\nMore stories from the desk\n", encoding="utf-8")
    ok = run_cli("config", "--check", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.decode().startswith(f"config OK: {tmp_path / '.copylint.yaml'} (")
    assert "1 data file" in ok.stdout.decode()
    done = run_cli("check", "--no-cache", "--format", "json", "story.txt", cwd=tmp_path)
    found = {(f["rule"], f["line"]) for f in json.loads(done.stdout)["findings"]}
    assert ("boilerplate.page-furniture", 7) in found and ("boilerplate.social-widget", 3) in found


def test_a_missing_file_an_option_names_is_an_error_at_the_config_line(tmp_path):
    _project(tmp_path, "packs: [house/]\nspelling:\n  accept: [vocab/ours.txt]\nboilerplate:\n"
                       "  furniture:\n    - site-furniture.yml\n")
    (tmp_path / "vocab").mkdir()
    line = _one_error(run_cli("check", "--no-cache", "story.txt", cwd=tmp_path))
    assert line == (f"copylint: config error: {tmp_path / '.copylint.yaml'}:3: spelling.accept: "
                    "the file vocab/ours.txt does not exist")
    (tmp_path / "vocab" / "ours.txt").write_text("Zorblax\n", encoding="utf-8")
    line = _one_error(run_cli("config", "--check", cwd=tmp_path))
    assert line.endswith(".copylint.yaml:5: boilerplate.furniture: the file site-furniture.yml does not exist")


def test_a_broken_furniture_pack_is_an_error_at_its_own_line(tmp_path):
    _project(tmp_path, "boilerplate:\n  furniture: [site.yml]\n")
    (tmp_path / "site.yml").write_text("furniture:\n  - line: Most read\n  - line: [oops\n", encoding="utf-8")
    line = _one_error(run_cli("check", "--no-cache", "story.txt", cwd=tmp_path))
    assert f"{tmp_path / 'site.yml'}:4: invalid YAML" in line
    (tmp_path / "site.yml").write_text("lines: [Most read]\n", encoding="utf-8")
    line = _one_error(run_cli("check", "--no-cache", "story.txt", cwd=tmp_path))
    assert line.endswith("site.yml: not a furniture pack (no 'furniture:' list)")


def test_a_bad_grammar_profile_is_an_error_at_config_load(tmp_path):
    _project(tmp_path, "grammar:\n  profile: house-profile.yml\n")
    (tmp_path / "house-profile.yml").write_text("rules:\n  EN_A_VS_AN: warning\nlevels: {}\n", encoding="utf-8")
    line = _one_error(run_cli("config", "--check", cwd=tmp_path))
    assert line.endswith("house-profile.yml:3: unknown key 'levels'")


def test_a_long_lived_session_checks_a_data_file_again_when_it_changes(tmp_path):
    _project(tmp_path, lines=GOOD_LINES)
    session = Session(tmp_path / ".copylint.yaml")
    text = STORY + "\nMore stories from the desk\n"
    assert any(f.rule == "boilerplate.page-furniture" for f in session.lint_text(text, filename="story.txt"))
    lines = tmp_path / "house" / "boilerplate" / "data" / "lines.yml"
    lines.write_text("rules:\n  page-furniture:\n    lines: ['more stories from (the desk']\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        session.lint_text(text, filename="story.txt")
    assert str(caught.value).startswith(f"{lines}:3: invalid pattern")
    lines.write_text(GOOD_LINES.replace("the desk", "our desk"), encoding="utf-8")
    found = session.lint_text(text.replace("the desk", "our desk"), filename="story.txt")
    assert any(f.rule == "boilerplate.page-furniture" for f in found)
