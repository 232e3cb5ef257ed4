"""Hostile and broken input (issue 13): a clear one-line message and the right exit, the rest
of the run goes on, nothing is lost and nothing hangs. Each test failed on the code before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from packhelp import invoke, make_project


def _bomb(levels: int = 9, key: str = "x") -> str:
    """YAML 'billion laughs': each level refers nine times to the one before."""
    out = [f'{key}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        out.append(f"{key}{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(out) + "\n"


def _lines(stderr: bytes) -> list[str]:
    return [ln for ln in stderr.decode("utf-8", "replace").splitlines() if "grammar checks skipped" not in ln]


# --- front matter, HTML declarations, YAML bombs ------------------------------------------

def test_front_matter_with_values_yaml_cannot_build_is_reported_and_read(tmp_path):
    make_project(tmp_path)
    (tmp_path / "date.md").write_text("---\ndate: 2024-13-45\ntitle: zorblax\n---\nA zorblax.\n", encoding="utf-8")
    (tmp_path / "int.md").write_text("---\ncount: !!int abc\n---\nA zorblax.\n", encoding="utf-8")
    result = run_cli("date.md", "int.md", "--select", "mypack,copylint", "-f", "json", cwd=tmp_path)
    found = [(f["path"], f["line"], f["column"], f["rule"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("date.md", 2, 7, "copylint.front-matter"), ("date.md", 3, 8, "mypack.word"),
                     ("date.md", 5, 3, "mypack.word"),
                     ("int.md", 2, 8, "copylint.front-matter"), ("int.md", 4, 3, "mypack.word")]
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "copylint.front-matter"]
    assert messages == ["front matter value '2024-13-45' is not a valid date; read as text",
                        "front matter value 'abc' is not a valid integer; read as text"]
    assert result.returncode == 1 and b"internal error" not in result.stderr


@pytest.mark.parametrize("decl", ["<![", "<![ x", "<!DOCTYPE html [", "<![if !IE]>"])
def test_malformed_html_declarations_are_skipped_as_markup(tmp_path, decl):
    make_project(tmp_path)
    (tmp_path / "a.html").write_text(f"<p>A {decl} zorblax</p><p>zorblax</p>", encoding="utf-8")
    result = run_cli("a.html", "--select", "mypack", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert b"internal error" not in result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]][-1] == "mypack.word"


def test_alias_bomb_in_front_matter_is_refused_at_once(tmp_path):
    make_project(tmp_path)
    (tmp_path / "a.md").write_text("---\n" + _bomb() + "title: t\n---\nA zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", "--select", "mypack,copylint", "-f", "json", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["rule"]) for f in findings] == [(5, "copylint.front-matter"), (13, "mypack.word")]
    assert "alias bomb" in findings[0]["message"] and "490,329,036" in findings[0]["message"]


def test_alias_bomb_in_config_is_a_config_error(tmp_path):
    make_project(tmp_path, config="packs: [./mypack]\n" + _bomb())
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert _lines(result.stderr) == [
        f"copylint: config error: {tmp_path / '.copylint.yaml'}:5: YAML aliases expand to 490,329,036 more "
        "values (the limit is 10,000): an alias bomb?"]


def test_deeply_nested_config_is_a_config_error(tmp_path):
    make_project(tmp_path, config="select: " + "[" * 500 + "]" * 500 + "\n")
    (tmp_path / "a.md").write_text("A zorblax.\n", encoding="utf-8")
    result = run_cli("a.md", cwd=tmp_path)
    assert result.returncode == 2 and b"nested more than 100 levels" in result.stderr
    assert b"Traceback" not in result.stderr
