"""The README's two set-up commands stay true, and .ci/run runs the second one."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    """The shell blocks before the first section: exactly the two set-up commands."""
    head = README.split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", head, re.S)]


def test_readme_opens_with_exactly_two_commands():
    commands = setup_commands()
    assert len(commands) == 2, commands
    install_and_run, test = commands
    assert "pip install ." in install_and_run and install_and_run.endswith("copylint examples/article.md")
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_the_readmes_test_command():
    """.ci/run takes the command from the README itself; check what it would run."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extractor = re.search(r"<<'PY'\n(.*?)\nPY", script, re.S).group(1)
    out = subprocess.run([sys.executable, "-c", extractor], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == setup_commands()[1]


def test_the_example_article_shows_each_kind_of_defect():
    proc = run_cli("examples/article.md", "--format", "json", cwd=ROOT)
    assert proc.returncode == 1, proc.stderr.decode()
    packs = {f["rule"].split(".")[0] for f in json.loads(proc.stdout)["findings"]}
    assert {"typos", "stamps", "boilerplate", "placeholders"} <= packs


def test_the_readmes_sample_output_is_real():
    """Every line the README shows of `copylint examples/article.md` is in the real output,
    and its summary line (all but the elapsed time) is the real one."""
    block = re.search(r"```console\n\$ copylint examples/article.md\n(.*?)```", README, re.S).group(1)
    proc = run_cli("examples/article.md", cwd=ROOT, env={"NO_COLOR": "1", "COLUMNS": "100"})
    real = proc.stdout.decode("utf-8").splitlines()
    untimed = lambda line: re.sub(r" in [0-9.]+ s\.$", "", line)  # noqa: E731
    for line in block.splitlines():
        if line.strip() and line != "…":
            assert untimed(line) in [untimed(r) for r in real], line


def test_the_readme_config_example_is_valid(tmp_path):
    block = re.search(r"```yaml\n(extends: default.*?)```", README, re.S).group(1)
    config = yaml.safe_load(block)
    for folder in config.get("packs", []):
        (tmp_path / folder).mkdir(parents=True)
    for name in config.get("spelling", {}).get("accept", []):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Trelawny\n", encoding="utf-8")
    (tmp_path / ".copylint.yaml").write_text(block, encoding="utf-8")
    (tmp_path / "a.md").write_text("A clean sentence.\n", encoding="utf-8")
    proc = run_cli("a.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()


def test_the_readmes_ci_recipes_are_the_tested_ones():
    """The recipes shown in the README are those tests/test_ci_recipes.py runs from docs/ci.md."""
    section = README.split("\n## In CI\n", 1)[1].split("\n## ", 1)[0]
    shown = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(shown) == 2
    tested = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for block in shown:
        assert f"```yaml\n{block}```" in tested
