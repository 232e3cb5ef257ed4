"""The bigram counts are searched by bisection in the file's bytes, then (after enough look-ups)
in its lines split once: every shipped pair is found with its count either way, pairs that are
not there count 0, and the files are in the order the search needs."""

from __future__ import annotations

import random

import pytest

from copylint.checks import realword
from copylint.checks.realword import Bigrams, LocalBigrams

FILES = ("bigrams.tsv", "bigrams-local.tsv", "bigrams-offensive.tsv")


def _pairs(path: str) -> list[tuple[str, str, int]]:
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")[1:]
    out = []
    for line in lines:
        if not line:
            continue
        pair, count = line.split("\t")
        w1, w2 = pair.split(" ")
        out.append((w1, w2, int(count)))
    return out


@pytest.mark.parametrize("name", FILES)
def test_shipped_file_sorts_as_its_bytes(name: str) -> None:
    with open(realword._data(name), "rb") as fh:
        lines = [ln for ln in fh.read().split(b"\n")[1:] if ln]
    assert lines == sorted(lines), f"{name} must be sorted bytewise for the bisection"
    assert len(lines) > 1000


@pytest.mark.parametrize("name", FILES)
def test_every_shipped_pair_is_found_with_its_count(name: str) -> None:
    path = realword._data(name)
    counts = Bigrams.load(path)
    pairs = _pairs(path)
    for w1, w2, n in pairs:
        assert counts.count(w1, w2) == n, (w1, w2)
    # pairs that are not in the file: a prefix of a listed pair, a word run on, neighbours in order
    listed = {(w1, w2) for w1, w2, _ in pairs}
    rng = random.Random(7)
    for w1, w2, _ in rng.sample(pairs, 500):
        for probe in ((w1, w2[:-1]), (w1, w2 + "s"), (w1 + "a", w2), (w2, w1), ("", w2), (w1, "")):
            if probe not in listed:
                assert counts.count(*probe) == 0, probe


@pytest.mark.parametrize("split_after", [0, 10_000], ids=["lines", "bytes"])
@pytest.mark.parametrize("end", ["", "\n"], ids=["no-final-newline", "final-newline"])
def test_edges_of_a_small_file(tmp_path, split_after: int, end: str) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("# comment\na b\t3\na bc\t4\nzz top\t5\nzz top\u00e9\t6\nzz \u00e9t\u00e9\t7" + end, encoding="utf-8")
    counts = Bigrams.load(str(path))
    counts.SPLIT_AFTER = split_after
    assert [counts.count("a", "b"), counts.count("a", "bc"), counts.count("zz", "top")] == [3, 4, 5]
    assert counts.count("zz", "top\u00e9") == 6
    assert counts.count("zz", "\u00e9t\u00e9") == 7  # the last line, with no newline after it
    assert counts.count("a", "a") == 0 and counts.count("zzz", "a") == 0 and counts.count("0", "0") == 0
    assert counts.count("#", "comment") == 0  # the comment line is not a pair
    assert counts.header == "# comment"
    empty = tmp_path / "empty.tsv"
    empty.write_text("# nothing\n", encoding="utf-8")
    nothing = Bigrams.load(str(empty))
    nothing.SPLIT_AFTER = split_after
    assert nothing.count("a", "b") == 0


@pytest.mark.parametrize("name", FILES)
def test_both_searches_agree(name: str) -> None:
    """The search in the split lines answers what the bisection in the bytes answers, for
    listed pairs and for strings beside them in the order."""
    counts = Bigrams.load(realword._data(name))
    rng = random.Random(11)
    pairs = rng.sample(_pairs(realword._data(name)), 2000)
    keys = [f"{w1} {w2}\t".encode() for w1, w2, _ in pairs]
    keys += [k[:-1] + b"x\t" for k in keys] + [k[: len(k) // 2] + b"\t" for k in keys] + [b"\t", b"~~ ~~\t", b"a\t"]
    in_bytes = [counts._bisect_bytes(k) for k in keys]
    counts.SPLIT_AFTER = 0
    assert [counts._look_up(k) for k in keys] == in_bytes
    assert any(in_bytes) and not all(in_bytes)


def test_local_counts_read_their_header() -> None:
    local = LocalBigrams.load(realword._data("bigrams-local.tsv"))
    assert local.words > 1_000_000 and local.scale > 0
    word, n = next((w1, n) for w1, w2, n in _pairs(realword._data("bigrams-local.tsv")) if w2 == "*" and n > 10)
    assert local.share(word) == n / local.words  # a model word's own count ('w *')
    assert local.share("zzzzq") == 0.5 / local.words  # a word never seen: half a sighting
