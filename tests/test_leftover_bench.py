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
    labels = {("p", f"h{i}"): ("R" if i < 2 else "F" if i < 10 else ".") for i in range(40)}
    est = bench.precision_as_read(1000, content, labels)
    assert (est.real, est.read, est.framed, est.outside) == (2, 10, 40, 0)
    assert est.precision == pytest.approx(1 - 40 * 0.2 / 1000)
    assert est.low < est.precision < est.high <= 1.0
    # every content line read: exact, no interval; a line flagged in three texts weighs three
    content = {("p", "a"): 3, ("p", "b"): 1}
    est = bench.precision_as_read(100, content, {("p", "a"): "R", ("p", "b"): "F"})
    assert (est.real, est.read) == (3, 4) and est.precision == est.low == est.high == pytest.approx(0.97)
    assert bench.precision_as_read(100, content, {("x", "a"): "R"}) is None


def test_precision_as_read_beyond_its_frame(bench):
    # the sample was drawn from a frame of 20 lines (10 read: 1 R); a changed model flags 15 of
    # them and 5 lines no longer in the frame
    labels = {("p", f"h{i}"): ("." if i >= 10 else "R" if i == 0 else "F") for i in range(20)}
    content = {("p", f"h{i}"): 1 for i in range(5, 20)} | {("p", f"new{i}"): 1 for i in range(5)}
    est = bench.precision_as_read(200, content, labels)
    assert (est.read, est.real, est.outside) == (5, 0, 5)  # h5-h9 read, none R: h0 no longer flagged
    assert est.precision == pytest.approx(1.0)
    high = bench.wilson(0, 5, population=15)[1]  # the share R among the 15 framed lines, at most
    assert est.low == pytest.approx(1 - 20 * high / 200)
    assert est.worst == pytest.approx(1 - (15 * high + 5) / 200) and est.worst < est.low


def test_precision_as_read_over_two_frames(bench):
    # a first frame of 10 (4 read, 1 R), a top-up frame of the 10 lines it did not hold (5 read, none R)
    labels = {("p", f"a{i}"): ("R" if i == 0 else "F" if i < 4 else ".") for i in range(10)}
    labels |= {("p", f"b{i}"): ("F" if i < 5 else ".") for i in range(10)}
    frames = {("p", f"b{i}"): "second" for i in range(10)}
    content = {k: 1 for k in labels}
    est = bench.precision_as_read(100, content, labels, frames)
    assert (est.framed, est.read, est.real, est.outside) == (20, 9, 1, 0)
    assert est.precision == pytest.approx(1 - 10 * 0.25 / 100)  # 2.5 R in the first, none in the second
    lo1, hi1 = bench.wilson(1, 4, 10)
    lo2, hi2 = bench.wilson(0, 5, 10)
    assert est.low == pytest.approx(1 - (10 * hi1 + 10 * hi2) / 100)
    assert est.high == pytest.approx(1 - (10 * lo1 + 10 * lo2) / 100)


def test_context_marks_the_line(bench):
    lines = ["Top", "Share on Facebook", "Body text here.", "More", "End"]
    shown = bench.context(lines, "share on facebook", 1)
    assert shown == ["   Top", ">> Share on Facebook", "   Body text here."]
    assert bench.context(lines, "absent", 2) == []


def test_read_content_labels(bench, tmp_path):
    path = tmp_path / "labels.tsv"
    path.write_text("# header\npages\t0001\tabcdefabcdef\tR\nhtml\t0001\tabcdefabcdef\tF\tsecond\n", encoding="utf-8")
    got, frames = bench.read_content_labels(path)
    assert got["pages"] == {("0001", "abcdefabcdef"): "R"} and got["html"] == {("0001", "abcdefabcdef"): "F"}
    assert frames == {"html": {("0001", "abcdefabcdef"): "second"}}
    assert bench.read_content_labels(tmp_path / "absent.tsv") == ({}, {})


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
    for row in rows:
        src, pid, h, label = row[:4]
        assert src in ("extraction", "pages", "html") and re.fullmatch(r"[0-9a-f]{12}", h) and label in ("R", "F", ".")
        assert len(row) == 4 or (len(row) == 5 and re.fullmatch(r"[0-9a-z]+", row[4]))
    read = [r for r in rows if r[3] != "."]
    assert len({tuple(r[:3]) for r in rows}) == len(rows) and len(read) >= 250


def _held_out_ids(bench, n: int) -> list[str]:
    ids, i = [], 0
    while len(ids) < n:
        i += 1
        if not bench.model.train_half(f"page{i}"):
            ids.append(f"page{i}")
    return ids


def _pages(bench, tmp_path: Path):
    """A tiny extraction benchmark and web-content benchmark of held-out pages, in their layouts."""
    import gzip
    import json

    body = "Share on Facebook\nFollow us on Twitter\nThe council met on Tuesday to discuss the budget for next year.\n" \
           "Contact Us\nSports\nPrivacy Policy\n"
    gold = "The council met on Tuesday to discuss the budget for next year."
    a, b = _held_out_ids(bench, 2)
    ext = tmp_path / "extraction"
    (ext / "extractor-output").mkdir(parents=True)
    (ext / "ground-truth.json").write_text(json.dumps({a: {"articleBody": gold}}), encoding="utf-8")
    (ext / "extractor-output" / "x.json").write_text(json.dumps({a: {"articleBody": body}}), encoding="utf-8")
    web = tmp_path / "web"
    (web / "benchmark" / "ground-truth").mkdir(parents=True)
    (web / "release" / "html").mkdir(parents=True)
    markup = "<html><body>" + "".join(f"<p>{line}</p>" for line in body.splitlines()) + "</body></html>"
    (web / "release" / "html" / f"{b}.html.gz").write_bytes(gzip.compress(markup.encode()))
    (web / "benchmark" / "ground-truth" / f"{b}.json").write_text(
        json.dumps({"ground_truth": {"main_content": gold + "\nContact Us"}}), encoding="utf-8")
    return ext, web, a, b


def test_sample_leaves_out_labelled_lines_and_lints_nothing(bench, tmp_path, capsys):
    ext, web, a, _b = _pages(bench, tmp_path)
    first = tmp_path / "first.tsv"
    bench.main(["--extraction", str(ext), "--pages", str(web), "--write-sample", str(first), "--sample-only",
                "--context", "1", "-n", "2"])
    rows = _rows(first)
    assert {r[0] for r in rows} == {"extraction", "pages"} and all(r[3] == "?" for r in rows)
    assert "precision" not in capsys.readouterr().out  # nothing linted
    context = (tmp_path / "first.tsv.context").read_text(encoding="utf-8")
    assert context.count("== ") == len(rows) and context.count(">> ") == len(rows)
    labelled = tmp_path / "labelled.tsv"
    labelled.write_text("".join(f"{r[0]}\t{r[1]}\t{r[2]}\tF\tnav\n" for r in rows), encoding="utf-8")
    second = tmp_path / "second.tsv"
    bench.main(["--extraction", str(ext), "--pages", str(web), "--write-sample", str(second), "--sample-only",
                "--leave-out", str(labelled), "-n", "50"])
    assert not {tuple(r[:3]) for r in _rows(second)} & {tuple(r[:3]) for r in rows}


def test_precision_as_read_printed_beside_the_gold(bench, tmp_path, capsys):
    ext, web, _a, b = _pages(bench, tmp_path)
    sample = tmp_path / "content.tsv"
    empty = tmp_path / "none.tsv"
    bench.main(["--extraction", str(ext), "--pages", str(web), "--labels", str(empty), "--content-labels", str(empty),
                "--write-content-sample", str(sample)])
    out = capsys.readouterr().out
    assert "precision:" in out and "as read" not in out
    rows = _rows(sample)
    assert rows, out  # 'Contact Us' is flagged and stands in the second source's gold
    labels = tmp_path / "labels.tsv"
    labels.write_text("".join(f"{r[0]}\t{r[1]}\t{r[2]}\tF\n" for r in rows), encoding="utf-8")
    bench.main(["--extraction", str(ext), "--pages", str(web), "--labels", str(empty), "--content-labels", str(labels)])
    out = capsys.readouterr().out
    line = next(row for row in out.splitlines() if row.startswith("with the line model") and " pages " in row)
    assert "as read: 100.00% (every framed line read" in line, out


def test_html_regions_bench_reads_the_training_half_only(bench, tmp_path, capsys):
    """bench/html_regions.py: the lines each kind of region adds on the training pages, their
    share in the gold; a held-out page is never read."""
    import gzip
    import json

    spec = importlib.util.spec_from_file_location("html_regions", ROOT / "bench" / "html_regions.py")
    regions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regions)
    train = next(f"page{i}" for i in range(1, 100) if bench.model.train_half(f"page{i}"))
    held = _held_out_ids(bench, 1)[0]
    web = tmp_path / "web"
    (web / "benchmark" / "ground-truth").mkdir(parents=True)
    (web / "release" / "html").mkdir(parents=True)
    story = "<article><h1>Pool to close</h1><p>The council met on Tuesday to discuss the budget for next year.</p></article>"
    for pid, foot in ((train, "<li>Careers</li><li>Press room</li>"), (held, "<li>Jobs</li><li>Store</li><li>Help</li>")):
        markup = f"<html><body>{story}<footer><ul>{foot}</ul></footer></body></html>"
        (web / "release" / "html" / f"{pid}.html.gz").write_bytes(gzip.compress(markup.encode()))
        (web / "benchmark" / "ground-truth" / f"{pid}.json").write_text(json.dumps({"ground_truth": {
            "main_content": "The council met on Tuesday to discuss the budget for next year.\nCareers"}}), encoding="utf-8")
    regions.main(["--pages", str(web), "--tags", "footer", "--roles", "", "--names", "footer"])
    out = capsys.readouterr().out
    assert out.startswith("1 training pages read as HTML"), out
    assert "| <footer> outside article/main * | 2 | 50.0% | 50.0% | 1 (1) |" in out, out
    assert "| name footer * | 0 | 0.0% | 0.0% | 0 (0) |" in out, out
