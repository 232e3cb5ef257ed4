"""copylint.entrypoints finds what importlib.metadata finds, faster; checked against it."""

from __future__ import annotations

import importlib.metadata as metadata
import sys
import zipfile

import pytest

from copylint import entrypoints
from copylint.entrypoints import entry_points


def _triples(eps) -> list[tuple[str, str, str]]:
    return [(ep.name, ep.value, ep.group) for ep in eps]


@pytest.mark.parametrize("group", ["console_scripts", "copylint.rules", "copylint.reporters", "pytest11"])
def test_same_entry_points_as_importlib_metadata_in_this_environment(group):
    assert entrypoints._scan(group) is not None  # the fast path ran, not the hand-over
    assert _triples(entry_points(group)) == _triples(metadata.entry_points(group=group))


def test_the_installed_rule_packs_load(monkeypatch):
    eps = {ep.name: ep for ep in entry_points("copylint.rules")}
    assert "core" in eps
    rules = eps["core"].load()()
    assert {r.meta.id for r in rules} >= {"copylint.front-matter", "copylint.directive"}


def _dist(folder, dirname: str, text: str | None) -> None:
    d = folder / dirname
    d.mkdir(parents=True)
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dirname.split('-')[0]}\nVersion: 1\n")
    if text is not None:
        (d / "entry_points.txt").write_text(text, encoding="utf-8")


def test_order_duplicates_comments_and_sections_match_importlib(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    _dist(first, "Zeta_Pack-1.0.dist-info", "# a comment\n[copylint.rules]\n zeta = zeta.rules:rules \n\n[other]\nx = y\n")
    _dist(first, "alpha.pack-2.0.dist-info", "[copylint.rules]\nalpha=alpha:make\nbeta = beta.mod:obj.attr [extra]\n")
    _dist(first, "no_entry_points-1.0.dist-info", None)
    # the same distribution again further down the path: importlib.metadata keeps the first only
    _dist(second, "zeta_pack-9.0.dist-info", "[copylint.rules]\nzeta = shadowed:rules\n")
    _dist(second, "legacy-0.1.egg-info", "[copylint.rules]\nlegacy = legacy:rules\n")
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "missing")])
    fast = entrypoints._scan("copylint.rules")
    assert fast is not None
    assert _triples(fast) == _triples(metadata.entry_points(group="copylint.rules"))
    assert ("zeta", "zeta.rules:rules", "copylint.rules") in _triples(fast)
    assert not any(value == "shadowed:rules" for _n, value, _g in _triples(fast))


def test_a_zip_on_the_path_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped\nVersion: 1.0\n")
        zf.writestr("zipped-1.0.dist-info/entry_points.txt", "[copylint.rules]\nzipped = zipped:rules\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert entrypoints._scan("copylint.rules") is None
    assert [ep.name for ep in entry_points("copylint.rules")] == ["zipped"]


def test_load_follows_attributes_and_reports_a_bad_value():
    ep = entrypoints.EntryPoint("x", "os.path:join", "g")
    import os.path

    assert ep.load() is os.path.join
    with pytest.raises(ValueError):
        entrypoints.EntryPoint("x", "not a value!", "g").load()
