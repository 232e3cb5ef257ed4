"""Config discovery, extends, selection, severities, options and file:line errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from copylint.config import Config, ConfigError, load_config_file, select_rules, validate
from copylint.findings import Severity
from copylint.registry import Catalog
from copylint.rule import Option, RuleMeta
from packhelp import invoke, lint_json, make_project

PACK = "packs: [./mypack]\n"


def _rules(tmp_path, config: str, target: str = "a.md", text: str = "zorblax colour utilise\n", *args: str):
    make_project(tmp_path, config=config)
    path = tmp_path / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return {(f["rule"], f["severity"]) for f in lint_json(path, *args, cwd=tmp_path)["findings"]}


def _error(tmp_path, config: str, name: str = ".copylint.yaml") -> str:
    make_project(tmp_path, config=None)
    (tmp_path / name).write_text(config, encoding="utf-8")
    (tmp_path / "a.md").write_text("zorblax\n", encoding="utf-8")
    result = invoke("a.md", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr.strip()


def test_found_upward_from_the_file(tmp_path):
    got = _rules(tmp_path, PACK + "select: [mypack.word]\n", "deep/er/a.md")
    assert got == {("mypack.word", "warning")}


def test_pyproject_section(tmp_path):
    make_project(tmp_path, config=None)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.copylint]\npacks = ["./mypack"]\nselect = ["mypack"]\n\n'
        '[tool.copylint.rules]\n"mypack.word" = "error"\n"mypack.swap" = "off"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("zorblax colour\n", encoding="utf-8")
    got = {(f["rule"], f["severity"]) for f in lint_json(tmp_path / "a.md")["findings"]}
    assert got == {("mypack.word", "error")}


def test_pyproject_unknown_key_names_file_and_line(tmp_path):
    msg = _error(tmp_path, '[tool.copylint]\npacks = ["./mypack"]\nbogus = 1\n', "pyproject.toml")
    assert "pyproject.toml:3" in msg and "bogus" in msg


def test_config_option_overrides_discovery(tmp_path):
    make_project(tmp_path, config=PACK + "select: [mypack.word]\n")
    (tmp_path / "other.yaml").write_text(PACK + "select: [mypack.swap]\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("zorblax colour\n", encoding="utf-8")
    got = {f["rule"] for f in lint_json(tmp_path / "a.md", "--config", "other.yaml")["findings"]}
    assert got == {"mypack.swap"}


@pytest.mark.parametrize("preset,expected", [
    ("minimal", set()),
    ("default", {("mypack.word", "warning"), ("mypack.swap", "warning"), ("mypack.unsafe", "suggestion")}),
])
def test_extends_a_named_base(tmp_path, preset, expected):
    got = _rules(tmp_path, f"extends: {preset}\n" + PACK)
    assert {g for g in got if g[0].startswith("mypack.")} == expected


def test_extends_strict_fails_on_suggestions(tmp_path):
    make_project(tmp_path, config="extends: strict\n" + PACK + "select: [mypack.unsafe]\n")
    (tmp_path / "a.md").write_text("utilise\n", encoding="utf-8")
    assert invoke("a.md", cwd=tmp_path).exit_code == 1
    (tmp_path / ".copylint.yaml").write_text(PACK + "select: [mypack.unsafe]\n", encoding="utf-8")
    assert invoke("a.md", cwd=tmp_path).exit_code == 0


def test_extends_a_file_and_overrides_it(tmp_path):
    (tmp_path / "base.yaml").write_text(PACK + "select: [mypack]\nrules:\n  mypack.word: error\n", encoding="utf-8")
    got = _rules(tmp_path, "extends: base.yaml\ndisable: [mypack.unsafe]\nrules:\n  mypack.swap: suggestion\n")
    assert got == {("mypack.word", "error"), ("mypack.swap", "suggestion")}


def test_enable_disable_by_prefix_and_overrides_by_glob(tmp_path):
    config = (PACK + "select: [mypack]\ndisable: [mypack]\nenable: [mypack.word]\n"
              "overrides:\n  - files: ['news/**']\n    enable: [mypack.swap]\n    rules:\n      mypack.word: off\n")
    assert _rules(tmp_path, config, "a.md") == {("mypack.word", "warning")}
    assert _rules(tmp_path, config, "news/b/a.md") == {("mypack.swap", "warning")}


def test_cli_select_ignore_and_fail_on(tmp_path):
    make_project(tmp_path, config=PACK)
    (tmp_path / "a.md").write_text("zorblax colour utilise\n", encoding="utf-8")
    got = {f["rule"] for f in lint_json(tmp_path / "a.md", "--select", "mypack", "--ignore", "mypack.word")["findings"]}
    assert got == {"mypack.swap", "mypack.unsafe"}
    assert invoke("a.md", "--select", "mypack.unsafe", cwd=tmp_path).exit_code == 0
    assert invoke("a.md", "--select", "mypack.unsafe", "--fail-on", "suggestion", cwd=tmp_path).exit_code == 1
    assert invoke("a.md", "--select", "mypack.word", "--fail-on", "error", cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize("config,where,words", [
    (PACK + "select: [mypack\n", ":3", "invalid YAML"),
    (PACK + "bogus: 1\n", ":2", "unknown setting 'bogus'"),
    (PACK + "fail-on: loud\n", ":2", "fail-on"),
    (PACK + "select: mypack\nexclude: 5\n", ":3", "'exclude' must be a list of globs"),
    (PACK + "extensions: {a: 1}\n", ":2", "'extensions' must be a list of file extensions"),
    (PACK + "rules:\n  mypack.nope: error\n", ":3", "no rule or pack named 'mypack.nope'"),
    (PACK + "rules:\n  mypack.word:\n    severity: loud\n", ":4", "unknown severity 'loud'"),
    (PACK + "rules:\n  mypack.word:\n    enabled: maybe\n", ":4", "enabled must be true or false"),
    (PACK + "rules:\n  mypack.word:\n    colour: 3\n", ":4", "unknown option 'colour'"),
    (PACK + "rules:\n  - mypack.word\n", ":2", "'rules' must map"),
    (PACK + "rules: 5\n", ":2", "'rules' must map"),
    (PACK + "select:\n  - mypack\n  - nopack\n", ":4", "select: no rule or pack named 'nopack'"),
    (PACK + "disable: [mypack, zz]\n", ":2", "disable: no rule or pack named 'zz'"),
    (PACK + "overrides:\n  - files: '*.md'\n    enable: [nope]\n", ":4", "overrides[1].enable: no rule or pack"),
    (PACK + "overrides:\n  - files: '*.md'\n    colour: 1\n", ":4", "unknown key 'colour' in override"),
    (PACK + "require: [nope]\n", ":2", "require: no rule or pack named 'nope'"),
    (PACK + "extends: nothing\n", ":2", "neither a preset"),
    ("packs: [./missing]\n", ":1", "rule pack folder './missing' not found"),
    ("- a list\n", "", "must be a mapping"),
    (PACK + "select:\n", ":2", "'select' is empty"),
    (PACK + "rules: []\n", ":2", "'rules' must map"),
    (PACK + "overrides: 0\n", ":2", "'overrides' must be a list"),
])
def test_bad_setting_stops_with_file_line_and_key(tmp_path, config, where, words):
    msg = _error(tmp_path, config)
    assert f".copylint.yaml{where}:" in msg, msg
    assert words in msg, msg
    assert len(msg.splitlines()) == 1


def test_error_in_a_base_names_the_base(tmp_path):
    (tmp_path / "base.yaml").write_text("disable: [zz]\n", encoding="utf-8")
    msg = _error(tmp_path, PACK + "extends: base.yaml\n")
    assert "base.yaml:1: disable: no rule or pack named 'zz'" in msg


@pytest.mark.parametrize("value", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:os.system\n  - touch {marker}",
    "!!python/name:os.system",
])
def test_loading_config_never_runs_code(tmp_path, value):
    marker = tmp_path / "ran"
    msg = _error(tmp_path, PACK + "rules: " + value.format(marker=marker) + "\n")
    assert not marker.exists()
    assert ".copylint.yaml:2:" in msg and "is not allowed" in msg and "python/" in msg


def test_rule_options_are_validated_and_applied(tmp_path):
    class OptRule:
        meta = RuleMeta("opt.rule", "x", Severity.WARNING, "doc",
                        options=(Option("limit", 3, "how many", int), Option("words", [], "extra", list)))

        def check(self, doc, ctx):
            return []

    catalog = Catalog({"opt.rule": OptRule()}, packs=frozenset({"opt"}))
    path = tmp_path / ".copylint.yaml"
    path.write_text("rules:\n  opt.rule:\n    limit: 7\n    words: extra\n    severity: error\n", encoding="utf-8")
    config = load_config_file(str(path))
    validate(config, catalog)
    (sel,) = select_rules(config, catalog, "a.md")
    assert sel.options == {"limit": 7, "words": ["extra"]} and sel.severity is Severity.ERROR
    path.write_text("opt:\n  limit: many\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        validate(load_config_file(str(path)), catalog)
    assert str(info.value) == f"{path}:2: opt.limit: option 'limit' takes a whole number, not text"


def test_circular_extends(tmp_path):
    (tmp_path / "b.yaml").write_text("extends: .copylint.yaml\n", encoding="utf-8")
    msg = _error(tmp_path, PACK + "extends: b.yaml\n")
    assert "b.yaml:1: 'extends' goes round in a circle" in msg


def test_a_pyproject_without_the_section_does_not_stop_discovery(tmp_path):
    make_project(tmp_path, config=PACK + "select: [mypack.word]\n")
    sub = tmp_path / "site"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "site"\n', encoding="utf-8")
    (sub / "a.md").write_text("zorblax colour\n", encoding="utf-8")
    assert {f["rule"] for f in lint_json(sub / "a.md", cwd=tmp_path)["findings"]} == {"mypack.word"}


def test_nearest_config_wins_and_settings_do_not_leak_between_folders(tmp_path):
    make_project(tmp_path, config=PACK + "select: [mypack.word]\n")
    (tmp_path / "a.md").write_text("zorblax colour\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".copylint.yaml").write_text("packs: [../mypack]\nselect: [mypack.swap]\n", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("zorblax colour\n", encoding="utf-8")
    data = json.loads(invoke(".", "-f", "json", cwd=tmp_path).stdout)
    assert sorted((f["path"], f["rule"]) for f in data["findings"]) == [("a.md", "mypack.word"),
                                                                        ("sub/b.md", "mypack.swap")]


def test_keys_left_empty_mean_none(tmp_path):
    config = PACK + "select: [mypack.word]\nrules:\nexclude:\noverrides:\n"
    assert _rules(tmp_path, config) == {("mypack.word", "warning")}


def test_select_names_a_pack_of_the_config_in_the_folder_given(tmp_path):
    """`copylint --select mypack .` from the folder whose config names the pack: that config
    is in force for the folder (it was looked for from the folder's parent)."""
    make_project(tmp_path, config="packs: [./mypack]\n")
    (tmp_path / "a.md").write_text("A zorblax here.\n", encoding="utf-8")
    result = invoke("--select", "mypack", "-f", "concise", ".", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert "a.md:1:3: warning mypack.word Found 'zorblax'" in result.stdout
