"""scripts/build_line_model.py: a level's precision read as a reader counts it (`AsRead`)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

np = pytest.importorskip("numpy", reason="the training script needs numpy (it comes with the test extra's pandas)")


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_line_model", ROOT / "scripts" / "build_line_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_line_model"] = module
    spec.loader.exec_module(module)
    return module


def _labels(tmp_path, build, rows) -> object:
    path = tmp_path / "labels.tsv"
    body = "".join(f"{src}\t{pid}\t{build.line_hash(text)}\t{label}\n" for src, pid, text, label in rows)
    path.write_text("# a comment line\n" + body, encoding="utf-8")
    return build.AsRead(path)


def test_a_content_line_weighs_by_its_label_the_frames_share_or_one(tmp_path, build):
    reading = _labels(tmp_path, build, [
        ("pages", "0002", "Sign in", "F"),
        ("pages", "0002", "Install the package", "R"),
        ("pages", "0004", "Shop by brand", "F"),
        ("pages", "0004", "Filters", "."),
    ])
    # the frame's share of real content, one line of each kind added: (1 + 1) / (3 + 2)
    assert reading.shares == {"pages": pytest.approx(0.4)}
    assert reading.weight("pages", "0002", "Sign in") == 0.0
    assert reading.weight("pages", "0002", "Install the package!") == 1.0  # the line as normalised
    assert reading.weight("pages", "0004", "Filters") == pytest.approx(0.4)
    assert reading.weight("pages", "0006", "Sign in") == 1.0  # another page's line: outside the frame
    assert reading.weight("html", "0002", "Sign in") == 1.0  # another reading of the page
    assert build.AsRead().weight("pages", "0002", "Sign in") == 1.0  # no labels: the gold's reading


def test_tally_counts_content_as_read(tmp_path, build):
    reading = _labels(tmp_path, build, [("pages", "0002", "Sign in", "F"), ("pages", "0002", "Sign up", "R")])
    feats = {"w:sign": 1.0}
    rows = [("Sign in", feats, 0, False, "0002"), ("Sign up", feats, 0, False, "0002"),
            ("Share", feats, 1, True, "0002"), ("Share this", feats, 1, True, "0002")]
    weights = {"w:sign": 5.0}
    as_read = build.scored(rows, weights, 0.0, {"w:sign": 1.0}, "pages", reading)
    gold = build.scored(rows, weights, 0.0, {"w:sign": 1.0})
    n, content, precision, _recall = build.tally(as_read, 0.5, 0.0)
    assert (n, content, precision) == (4, 1.0, 0.75)
    n, content, precision, _recall = build.tally(gold, 0.5, 0.0)
    assert (n, content, precision) == (4, 2.0, 0.5)
