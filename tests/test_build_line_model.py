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


def test_unpatterned_copies_teach_the_shape_not_the_pattern(build):
    rows = [("Share this", {"pattern": 1.0, "len:2": 1.0}, 1, True, "0002"),
            ("The mayor said", {"len:3": 1.0}, 0, False, "0002")]
    weights = np.array([2.0, 1.0])
    samples, w = build._unpatterned(rows, weights, 0.5)
    # the pattern's line once as it is and once without the feature, at half its weight
    assert [s[1] for s in samples] == [rows[0][1], rows[1][1], {"len:2": 1.0}]
    assert w.tolist() == [2.0, 1.0, 1.0]
    # below zero: every such line without the feature, none with it
    samples, w = build._unpatterned(rows, weights, -1.0)
    assert [s[1] for s in samples] == [{"len:2": 1.0}, {"len:3": 1.0}] and w.tolist() == [2.0, 1.0]
    assert build._unpatterned(rows, weights, 0.0) == (rows, weights)


def test_more_pages_weigh_as_asked_against_each_source(build):
    groups = {"extraction": [1, 2], "pages": [1, 2, 3, 4, 5, 6]}
    w = build._balanced(groups)
    # each source sums to the same weight, whatever its number of lines
    assert w[:2].sum() == pytest.approx(w[2:].sum())
    more = build._balanced(groups, more=[1, 2, 3, 4], more_weight=0.5)
    assert more[:8].tolist() == w.tolist()
    assert more[8:].sum() == pytest.approx(0.5 * w[:2].sum())


@pytest.fixture(scope="module")
def postlight(build):
    spec = importlib.util.spec_from_file_location("postlight_pages", ROOT / "scripts" / "postlight_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_postlight_fixtures_take_the_url_their_test_gives(tmp_path, postlight):
    test = tmp_path / "src" / "extractors" / "custom" / "www.example.com" / "index.test.js"
    test.parent.mkdir(parents=True)
    test.write_text("""
      url =
        'https://www.example.com/2016/story';
      const html = fs.readFileSync('./fixtures/www.example.com.html');
      url = 'https://www.example.com/2017/other';
      const again = fs.readFileSync('./fixtures/www.example.com--other.html');
      const html3 = fs.readFileSync('./fixtures/www.example.com.html');
    """, encoding="utf-8")
    assert postlight.fixture_urls(tmp_path) == {
        "www.example.com.html": "https://www.example.com/2016/story",  # the first test that reads it
        "www.example.com--other.html": "https://www.example.com/2017/other",
    }
    assert postlight.kept("www.example.com--other")
    assert not postlight.kept("www.reddit.com--embedded") and not postlight.kept("www.asahi.co.jp")


def test_postlight_copy_reads_the_markups_line_breaks_as_spaces(postlight):
    markup = "<h1>Title</h1><p>A tax of 10 percent (from\n  the 35 percent rate).</p><p>Next &amp; last</p>"
    assert postlight.prose(markup) == "Title\n\nA tax of 10 percent (from the 35 percent rate).\n\nNext & last"
