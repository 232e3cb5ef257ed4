"""Rule data prepared once (prepared.py) and compiled patterns kept (fastre.py): what a later
start loads is what reading the files afresh gives, and an edited file is read again."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from copylint import fastre, prepared, registry
from copylint.declarative import load_pack
from copylint.declarative.kinds import line
from packhelp import make_project

PATTERNS = [
    (r"(?P<word>\b[A-Z][a-z]+\b)\s+(?P=word)", 0),
    (r"(?:Like|Follow) us on (?:Facebook|Twitter)", re.IGNORECASE),
    (r"^\s*(?:---|\*\*\*)\s*$", re.MULTILINE),
    (r"[\u2018\u2019']s\b|(?<=\d),(?=\d{3})", 0),
]
TEXT = "Paris Paris, like us on FACEBOOK.\n---\nThe mayor’s 1,000 words.\n"


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert a == b and a.groupindex == b.groupindex and a.flags == b.flags and a.groups == b.groups
    assert [(m.span(), m.groups()) for m in a.finditer(TEXT)] == [(m.span(), m.groups()) for m in b.finditer(TEXT)]


def test_patterns_come_back_from_the_store_as_re_compiles_them(tmp_path):
    first = fastre.Store()
    first.use(str(tmp_path))
    for pattern, flags in PATTERNS:
        _same(first.compile(pattern, flags), re.compile(pattern, flags))
    first.save()
    (stored,) = (tmp_path / "prepared").glob("patterns-*.bin")
    later = fastre.Store()
    later.use(str(tmp_path))
    for pattern, flags in PATTERNS:
        _same(later.compile(pattern, flags), re.compile(pattern, flags))
    assert later._new == {}  # every pattern came from the file, none was parsed again
    stored.write_bytes(stored.read_bytes()[:40] + b"\0garbage" + stored.read_bytes()[48:])
    damaged = fastre.Store()
    damaged.use(str(tmp_path))
    for pattern, flags in PATTERNS:  # a damaged file costs the speed-up, never a wrong pattern
        _same(damaged.compile(pattern, flags), re.compile(pattern, flags))


def test_a_bad_pattern_fails_as_re_says():
    with pytest.raises(re.error):
        fastre.Store().compile(r"(unclosed")
    assert fastre.sub(r"\s+", " ", "a  b\tc") == "a b c" and fastre.IGNORECASE is re.IGNORECASE


def test_a_prepared_pack_is_the_pack_and_follows_its_files(tmp_path, monkeypatch):
    monkeypatch.setattr(prepared.PLACE, "folder", str(tmp_path / "cache"))
    packs = make_project(tmp_path / "project", None)
    fresh = load_pack(str(packs))[0]
    first = registry._load_pack(str(packs))[0]
    again = registry._load_pack(str(packs))[0]
    assert [vars(r) for r in fresh] == [vars(r) for r in first] == [vars(r) for r in again]
    assert len(list((tmp_path / "cache" / "prepared").glob("pack-*.bin"))) == 1
    word = packs / "mypack" / "word.yml"
    word.write_text(word.read_text(encoding="utf-8").replace("tokens: [", "tokens: [plain, "), encoding="utf-8")
    edited = {r.meta.id: r for r in registry._load_pack(str(packs))[0]}
    assert any(e.text == "plain" for e in edited["mypack.word"].spec.entries)
    word.write_text("kind: existence\nsummary: [unclosed\n", encoding="utf-8")
    for _ in range(2):  # a file with an error is read (and reported) every time, never kept
        rules, problems = registry._load_pack(str(packs))
        assert "mypack.word" not in {r.meta.id for r in rules} and problems
        assert str(word) in str(problems[0])


def test_a_damaged_entry_is_read_afresh(tmp_path, monkeypatch):
    monkeypatch.setattr(prepared.PLACE, "folder", str(tmp_path / "cache"))
    packs = make_project(tmp_path / "project", None)
    registry._load_pack(str(packs))
    (entry,) = (tmp_path / "cache" / "prepared").glob("pack-*.bin")
    entry.write_bytes(b"\xe3not marshal")
    assert [vars(r) for r in registry._load_pack(str(packs))[0]] == [vars(r) for r in load_pack(str(packs))[0]]


def test_line_data_is_prepared_per_file_and_per_base(tmp_path, monkeypatch):
    monkeypatch.setattr(prepared.PLACE, "folder", str(tmp_path / "cache"))
    data = tmp_path / "lines.yml"
    data.write_text("terms:\n  net: (?:Facebook|Twitter)\nrules:\n  social:\n    lines: ['like us on {net}']\n",
                    encoding="utf-8")
    first = line.load(str(data))
    assert line.load(str(data)) == first and first.rules["social"].lines == ("like us on {net}",)
    data.write_text(data.read_text(encoding="utf-8").replace("like us", "follow us"), encoding="utf-8")
    assert line.load(str(data)).rules["social"].lines == ("follow us on {net}",)
    # a file that extends another is checked against the base's rule names and terms
    with pytest.raises(Exception, match="no boilerplate rule named 'social'"):
        line.load(str(data), known=("other",))


def test_a_second_cold_start_reads_no_yaml_and_finds_the_same(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Updated 3 March 2009\n\nThe the mayor laxed the rules. TK\n\nLike Us on Facebook\n",
                       encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COPYLINT_CACHE_DIR"] = str(tmp_path / "cache")
    cmd = [sys.executable, "-X", "importtime", "-m", "copylint", "--no-cache", "--no-source", str(article)]
    runs = [subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert runs[0].returncode == runs[1].returncode == 1, runs[0].stderr[-2000:]
    def lines(run):  # all but the summary with its elapsed time
        return [ln for ln in run.stdout.splitlines() if not ln.startswith("Found ")]

    assert lines(runs[0]) == lines(runs[1])
    assert "laxed" in runs[1].stdout
    imported = {ln.rsplit("|", 1)[-1].strip() for ln in runs[1].stderr.splitlines() if ln.startswith("import time:")}
    assert "yaml" in {ln.rsplit("|", 1)[-1].strip() for ln in runs[0].stderr.splitlines()
                      if ln.startswith("import time:")}
    assert "yaml" not in imported and "copylint.linter" in imported
    assert list((tmp_path / "cache" / "prepared").glob("patterns-*.bin"))


def test_old_entries_of_a_kind_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(prepared.PLACE, "folder", str(tmp_path / "cache"))
    data = tmp_path / "lines.yml"
    for n in range(prepared.KEEP + 3):  # each edit is a new entry
        data.write_text(f"rules:\n  social:\n    lines: ['like us {n}']\n", encoding="utf-8")
        assert line.load(str(data)).rules["social"].lines == (f"like us {n}",)
    assert len(list((tmp_path / "cache" / "prepared").glob("line-*.bin"))) == prepared.KEEP
