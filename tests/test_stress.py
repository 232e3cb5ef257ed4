"""Pathological shapes finish in bounded time (docs/limits.md), each through the real CLI in
a subprocess.

Sizes: each shape is built at a size that took minutes, or all the memory, before the limits
(measured on this 2-core machine: a 20,000-letter word grew past 12 GB; 50,000 unclosed
`<!--` and 50,000 nested `<div>` did not finish in 120 s; a 50,000-line paragraph took 50 s)
and that takes 0.5-4 s now (with six other test sessions sharing the two cores). The bound,
90 s, is over 20 times the slowest shape's time today, so a loaded CI machine passes, while a
quadratic path at these sizes still blows through it.
The test checks the outcome too (the message the user sees), not only that it ended.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

BOUND = 90.0  # seconds; see the module docstring


def _words(n: int) -> str:
    pool = "the council said on monday that it would review the plan for a new road".split()
    return " ".join(pool[i % len(pool)] for i in range(n))


SHAPES = {
    "token.md": lambda: "A pasted " + "a" * 20_000 + " blob.\n",
    "comments.md": lambda: "<!--" * 50_000 + "\n",
    "comments.txt": lambda: "<!--" * 50_000 + "\n",
    "comments.html": lambda: "<!--" * 50_000 + "\n",
    "paragraph.md": lambda: "\n".join(_words(8) for _ in range(50_000)) + "\n",
    "divs.html": lambda: "<div>" * 50_000 + "Deep  text." + "</div>" * 50_000,
    "codes.html": lambda: "<code>" * 50_000 + "x" + "</code>" * 50_000 + "<p>a  b</p>",
    "lists.md": lambda: "".join("  " * i + "- item\n" for i in range(2_000)) + "\nAfter  it.\n",
    "quotes.md": lambda: ">" * 5_000 + " deep\n\nAfter  it.\n",
    "brackets.md": lambda: "[" * 20_000 + "x  y\n",
    "emphasis.md": lambda: "*" * 50_000 + "x  y" + "*" * 50_000 + "\n",
    "findings.md": lambda: "\n\n".join("We recieve it , and teh end." for _ in range(6_000)) + "\n",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, tuple[float, subprocess.CompletedProcess]]:
    root = tmp_path_factory.mktemp("stress")
    (root / ".copylint.yaml").write_text("ignore: [grammar]\n", encoding="utf-8")
    out = {}
    for name, make in SHAPES.items():
        (root / name).write_text(make(), encoding="utf-8")
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "copylint", name, "-f", "json", "-j", "1"],
                              cwd=root, capture_output=True, timeout=BOUND * 2)
        out[name] = (time.monotonic() - started, proc)
    return out


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_finishes_within_the_bound(results, name):
    took, proc = results[name]
    assert took < BOUND, f"{name} took {took:.1f}s"
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
    json.loads(proc.stdout)


def _findings(results, name: str) -> list[dict]:
    return json.loads(results[name][1].stdout)["findings"]


def test_what_the_user_sees_at_each_limit(results):
    assert "token.md:1: a word of 20,000 letters was not spell-checked" in results["token.md"][1].stderr.decode()
    assert [f["rule"] for f in _findings(results, "comments.html")] == ["copylint.not-linted"]
    deep = [f["message"] for f in _findings(results, "lists.md") if f["rule"] == "copylint.not-linted"]
    assert deep and deep[0].startswith("nested more than 50 lists or quotes deep")
    assert deep[0].endswith("lines 50-2002 not linted")  # to the end: markdown-it reads no more
    assert any(f["rule"] == "copylint.not-linted" for f in _findings(results, "quotes.md"))
    assert len(_findings(results, "findings.md")) == 10_000
    assert "findings.md: 18,000 findings; only the first 10,000" in results["findings.md"][1].stderr.decode()


def test_a_catastrophic_pattern_stops_at_the_time_limit(tmp_path):
    """The limit is wall time kept by a timer signal: 1 s means about 1 s (the regex module's own
    timeout let it run 3.5 times as long). Timed in-process around the lint alone."""
    from copylint.linter import Notices, RunOptions, lint_source
    from copylint.textio import decode
    from packhelp import make_project

    bad = ('kind: existence\nsummary: x\nmessage: "m"\nseverity: warning\npatterns: ["(a|aa)+$"]\n'
           "doc: {what: a, why: b, example: c, instead: d}\n")
    make_project(tmp_path, bad=bad)
    path = Path(tmp_path / "a.md")
    path.write_text(" ".join(["a" * 40 + "c"] * 3) + "\n", encoding="utf-8")
    import os

    os.environ["COPYLINT_REGEX_TIMEOUT"] = "1"
    try:
        notices = Notices()
        started = time.monotonic()
        lint_source(str(path), decode(path.read_bytes()), RunOptions(select=("mypack",)), notices)
        took = time.monotonic() - started
    finally:
        del os.environ["COPYLINT_REGEX_TIMEOUT"]
    assert len(notices.file_errors) == 1 and "pattern rules took over 1s" in notices.file_errors[0][1]
    assert took < 2.0, f"a 1 s limit ran {took:.1f}s"
