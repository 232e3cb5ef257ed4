"""A big file's rules run in worker processes (rule groups, linter.lint_document): the findings,
their positions, the notices and the order of the output are those of one process."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from copylint import linter
from packhelp import invoke

ARTICLE = (ROOT / "examples" / "article.md").read_text(encoding="utf-8")
# a link, inline code and a code block (prose the rules never see), an unknown word repeated,
# compounds written two ways, a doubled word and a placeholder: findings of several packs
EXTRA = """
See [the report](https://example.org/report-2020?id=7) and run `frobnicate --all` first.

```
goverment = the the TK
```

Qwertyuiop appeared twice: qwertyuiop. The e-mail arrived; an email came. The goverment spoke.
"""


def _spy(monkeypatch) -> list[int]:
    """How many documents had their rules run in worker processes."""
    calls: list[int] = []
    real = linter._run_in_workers

    def spied(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(linter, "_run_in_workers", spied)
    return calls


def _run(tmp_path, *args: str, codes: tuple[int, ...] = (0, 1)):
    res = invoke("--select", "all", "--ignore", "grammar", "--no-cache", *args, ".", cwd=tmp_path)
    assert res.exit_code in codes, res.output
    return res


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(linter, "PARALLEL_FROM", 8_000)  # a big file at test size
    body = ARTICLE.split("\n---\n", 1)[1]
    (tmp_path / "big.md").write_text(ARTICLE + (EXTRA + body) * 12, encoding="utf-8")  # about 17 KB
    (tmp_path / "big-crlf.txt").write_text((body + EXTRA).replace("\n", "\r\n") * 10, encoding="utf-8", newline="")
    for name in ("a.md", "c.md", "d.md", "e.md"):  # small files beside them, in the pool
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_a_big_file_split_across_workers_gives_the_findings_of_one_process(files, monkeypatch):
    calls = _spy(monkeypatch)
    one = json.loads(_run(files, "-j", "1", "-f", "json").stdout)
    assert calls == []
    many = json.loads(_run(files, "-j", "3", "-f", "json").stdout)
    assert len(calls) == 2  # big.md and big-crlf.txt, each with its rules in workers
    assert many == one
    pooled = json.loads(_run(files, "-j", "2", "-f", "json").stdout)
    assert len(calls) == 2  # two big files, two workers: a file each in the pool, as small files
    assert pooled == one
    found = [f for f in one["findings"] if f["path"].startswith("big")]
    packs = {f["rule"].split(".")[0] for f in found}
    assert {"spelling", "typos", "boilerplate", "stamps", "placeholders", "style"} <= packs, packs
    # positions are exact in the file: line and column point at the text matched
    for f in found:
        text = (files / f["path"]).read_text(encoding="utf-8")
        lines = text.replace("\r\n", "\n").split("\n")
        if f["line"] == f["end_line"] and f["verbatim"]:
            assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == f["match"], f


def test_text_output_streams_in_the_order_of_the_files(files, monkeypatch):
    """Big files are linted first, before the pool: the output still follows the files' order."""
    one = _run(files, "-j", "1", "--no-source").stdout
    many = _run(files, "-j", "3", "--no-source").stdout
    strip = [line for line in many.splitlines() if not line.startswith("Found")]  # the summary has the time
    assert strip == [line for line in one.splitlines() if not line.startswith("Found")]
    paths = [line.split(":", 1)[0] for line in strip if ":" in line]
    assert paths == sorted(paths) and "big.md" in paths and "a.md" in paths


def test_a_rule_failing_in_a_worker_is_reported_as_in_one_process(files, monkeypatch):
    from copylint.checks import placeholders

    def broken(self, doc, ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(placeholders.TodoRule, "check", broken)
    calls = _spy(monkeypatch)
    one = _run(files, "-j", "1", "-q", "-f", "json", codes=(2,))  # a rule that failed: exit 2
    many = _run(files, "-j", "3", "-q", "-f", "json", codes=(2,))
    assert calls
    assert "rule placeholders." in many.stderr and "RuntimeError: boom" in many.stderr
    assert many.stderr == one.stderr and many.stdout == one.stdout


def test_superseded_findings_are_those_every_pair_of_findings_gives():
    """The linter drops a finding that a superseding rule's finding overlaps: looked up by span
    (a big file has thousands of each), the same as comparing every pair."""
    import random
    from types import SimpleNamespace

    from copylint.findings import Finding, Position, Severity

    metas = {"a.wide": frozenset({"b.narrow", "c.other"}), "d.also": frozenset({"b.narrow"}),
             "b.narrow": frozenset(), "c.other": frozenset()}
    rules = {rid: SimpleNamespace(meta=SimpleNamespace(supersedes=sup)) for rid, sup in metas.items()}
    catalog = SimpleNamespace(rules=rules, get=rules.get)
    rng = random.Random(11)
    for _round in range(200):
        findings = []
        for _ in range(rng.randrange(1, 30)):
            start = rng.randrange(0, 200)
            end = start + rng.choice((0, 0, 1, 3, 10, 40))  # empty spans too
            findings.append(Finding("a.md", rng.choice(list(metas)), Severity.WARNING, "m", Position(1, 1),
                                    Position(1, 1), start, end, ""))

        def beaten(f):
            return any(f.rule in metas[w.rule] and f.offset < max(w.end_offset, w.offset + 1)
                       and w.offset < max(f.end_offset, f.offset + 1) for w in findings)

        assert linter._supersede(findings, catalog) == [f for f in findings if not beaten(f)]


def test_an_outside_checker_runs_in_this_process_beside_the_workers(files, monkeypatch):
    """Grammar's LanguageTool (a server or a connection of this process) is asked from here; the
    other packs' rules run in the workers. Without a server it says so once, as in one process."""
    import os

    here: list[set[str]] = []
    real = linter._group_results

    def spied(task, group):
        if os.getpid() == parent:
            here.append({task[2][i - 1].rule.meta.pack for i in group if i})
        return real(task, group)

    parent = os.getpid()
    monkeypatch.setattr(linter, "_group_results", spied)
    args = ("--select", "all", "--no-cache", "-f", "json", ".")
    one = invoke("-j", "1", *args, cwd=files)
    many = invoke("-j", "3", *args, cwd=files)
    assert here == [{"grammar"}, {"grammar"}]  # big.md and big-crlf.txt: grammar alone, here
    assert many.stdout == one.stdout and many.stderr == one.stderr
    assert "grammar checks skipped" in many.stderr


def test_fix_on_a_big_file_with_workers_writes_what_one_process_writes(files, monkeypatch):
    calls = _spy(monkeypatch)
    alone = files / "alone"
    alone.mkdir()
    before = (files / "big.md").read_text(encoding="utf-8")
    (alone / "big.md").write_text(before, encoding="utf-8")
    _run(alone, "-j", "1", "--fix", "-q")
    _run(files, "-j", "4", "--fix", "-q")  # three big files here: four workers, so that each is split
    assert calls  # the fixed text is linted again with the workers too
    fixed = (files / "big.md").read_text(encoding="utf-8")
    assert fixed == (alone / "big.md").read_text(encoding="utf-8")
    assert fixed.count("the the") < before.count("the the")  # the safe fixes went in (not in the code block)
