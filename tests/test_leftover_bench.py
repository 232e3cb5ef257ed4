"""bench/leftover_recall.py: its pure helpers (precision as read, the interval, labelling context)
and the committed label files (hashes and labels only, samples apart)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"


@pytest.fixture(scope="module")
def bench():
    pytest.importorskip("numpy", reason="the bench reads the line model's training script, which needs numpy")
    spec = importlib.util.spec_from_file_location("leftover_recall", ROOT / "bench" / "leftover_recall.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("leftover_recall", mod)
    spec.loader.exec_module(mod)
    return mod


def test_wilson_interval(bench):
    lo, hi = bench.wilson(2, 10)
    assert 0.05 < lo < 0.2 < hi < 0.52
    assert bench.wilson(0, 10)[0] == 0.0 and bench.wilson(10, 10)[1] == pytest.approx(1.0)
    # drawn without replacement from 20: narrower; every item read: the share itself
    flo, fhi = bench.wilson(2, 10, population=20)
    assert lo < flo < 0.2 < fhi < hi
    assert bench.wilson(3, 10, population=10) == pytest.approx((0.3, 0.3))
    assert bench.wilson(0, 0) == (0.0, 1.0)


def test_precision_as_read(bench):
    # 1,000 flagged, 40 of them the gold's content; 10 of the 40 read, 2 of those real content
    content = {("p", f"h{i}"): 1 for i in range(40)}
    labels = {("p", f"h{i}"): ("R" if i < 2 else "F") for i in range(10)}
    p, lo, hi, r, n = bench.precision_as_read(1000, content, labels)
    assert (r, n) == (2, 10)
    assert p == pytest.approx(1 - 40 * 0.2 / 1000)
    assert lo < p < hi <= 1.0
    # every content line read: exact, no interval; a line flagged in three texts weighs three
    content = {("p", "a"): 3, ("p", "b"): 1}
    p, lo, hi, r, n = bench.precision_as_read(100, content, {("p", "a"): "R", ("p", "b"): "F"})
    assert (r, n) == (3, 4) and p == lo == hi == pytest.approx(0.97)
    assert bench.precision_as_read(100, content, {("x", "a"): "R"}) is None


def test_context_marks_the_line(bench):
    lines = ["Top", "Share on Facebook", "Body text here.", "More", "End"]
    shown = bench.context(lines, "share on facebook", 1)
    assert shown == ["   Top", ">> Share on Facebook", "   Body text here."]
    assert bench.context(lines, "absent", 2) == []


def test_read_content_labels(bench, tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text("# header\npages\t0001\tabcdefabcdef\tR\nhtml\t0001\tabcdefabcdef\tF\n", encoding="utf-8")
    got = bench.read_content_labels(path)
    assert got["pages"] == {("0001", "abcdefabcdef"): "R"} and got["html"] == {("0001", "abcdefabcdef"): "F"}
    assert bench.read_content_labels(tmp_path / "absent.tsv") == {}


_KINDS = {"widget", "prompt", "ad", "credit", "byline", "stamp", "comment", "legal", "nav", "related", "code"}


def _rows(path: Path) -> list[list[str]]:
    return [row.split("\t") for row in path.read_text(encoding="utf-8").splitlines() if row and not row.startswith("#")]


def test_third_sample_is_hashes_and_labels_apart_from_the_others():
    rows = _rows(DATA / "leftover-labels-3.tsv")
    assert len(rows) == 400
    for src, pid, h, label, kind in rows:
        assert src in ("extraction", "pages") and re.fullmatch(r"[0-9a-f]{12}", h)
        assert label in "FNX" and (kind in _KINDS if label == "F" else kind == "")
    keys = {tuple(r[:3]) for r in rows}
    assert len(keys) == 400
    for other in ("leftover-labels.tsv", "leftover-labels-2.tsv"):
        assert not keys & {tuple(r[:3]) for r in _rows(DATA / other)}


def test_content_labels_are_hashes_and_labels():
    path = DATA / "leftover-content-labels.tsv"
    if not path.exists():
        pytest.skip("no content labels yet")
    rows = _rows(path)
    assert rows
    for src, pid, h, label in rows:
        assert src in ("extraction", "pages", "html") and re.fullmatch(r"[0-9a-f]{12}", h) and label in ("R", "F")
