"""A tiny YAML rule pack and config in a temporary folder, so engine tests never depend on
which built-in packs exist: `mypack.word` reports the test words, `mypack.swap` has fixes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

WORD_RULE = """\
kind: existence
summary: Reports the test words
message: "Found '{match}'"
severity: warning
tokens: [zorblax, café, 東京]
doc: {what: Test words., why: Tests., example: zorblax, instead: other}
"""
SWAP_RULE = """\
kind: substitution
summary: Swaps test words
severity: warning
fix: safe
swap:
  colour: color
  colour scheme: color scheme
doc: {what: Test swaps., why: Tests., example: colour, instead: color}
"""
UNSAFE_RULE = """\
kind: substitution
summary: An unsafe swap
severity: suggestion
swap:
  utilise: use
doc: {what: Test swaps., why: Tests., example: utilise, instead: use}
"""


def make_project(root: Path, config: str = "packs: [./mypack]\nselect: [mypack]\n", **extra_rules: str) -> Path:
    """`root/mypack/*.yml` and `root/.copylint.yaml`; returns root."""
    pack = root / "mypack"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "word.yml").write_text(WORD_RULE, encoding="utf-8")
    (pack / "swap.yml").write_text(SWAP_RULE, encoding="utf-8")
    (pack / "unsafe.yml").write_text(UNSAFE_RULE, encoding="utf-8")
    for name, text in extra_rules.items():
        (pack / f"{name}.yml").write_text(text, encoding="utf-8")
    if config is not None:
        (root / ".copylint.yaml").write_text(config, encoding="utf-8")
    return root


def invoke(*args: str, cwd: Path, input: bytes | None = None, env: dict | None = None):
    """The real CLI in-process (click's runner), run from `cwd`."""
    import os

    from copylint.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def lint_json(path: Path, *args: str, cwd: Path | None = None) -> dict:
    result = invoke(str(path), "-f", "json", *args, cwd=cwd or path.parent)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


_BREAK = re.compile(r"\r\n|\r|\n")


def expected_positions(text: str, word: str = "zorblax") -> list[tuple[int, int, int, int]]:
    """Where each lowercase `word` stands in `text` (1-based line, code-point column, end exclusive),
    counted independently of the engine."""
    out = []
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    for m in re.finditer(re.escape(word), text):
        line = max(i for i, s in enumerate(starts) if s <= m.start())
        out.append((line + 1, m.start() - starts[line] + 1, line + 1, m.end() - starts[line] + 1))
    return out
