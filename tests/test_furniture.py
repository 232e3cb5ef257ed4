"""copylint learn-furniture on a generated archive, and boilerplate.site-furniture reading the pack."""

from __future__ import annotations

import json
import random

import yaml

from conftest import run_cli

_TOPICS = ["council", "school", "bridge", "market", "library", "harbour", "station", "park", "museum", "clinic"]
_VERBS = ["approved", "delayed", "rejected", "funded", "reviewed", "opened", "closed", "expanded"]
_FURNITURE = ["Make the Gazette Your Homepage", "Contact the Gazette newsroom", "Gazette Weekly Digest"]


def _archive(folder, n=30, seed=3):
    rng = random.Random(seed)
    folder.mkdir()
    for i in range(n):
        topic, verb = rng.choice(_TOPICS), rng.choice(_VERBS)
        body = [
            f"The {topic} plan was {verb} on day {i} after a long debate.",
            f"Residents said the {topic} had waited {rng.randint(2, 40)} years for a decision.",
            f"Officials will report back in {rng.randint(2, 11)} weeks, on item {i}.",
        ]
        if i < 2:
            body.append("The Gazette asked the mayor for comment.")  # real copy, in two articles only
        lines = [_FURNITURE[0], *body, _FURNITURE[1]]
        if i % 2 == 0:
            lines.append(_FURNITURE[2])
        (folder / f"story-{i:02d}.md").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def test_learn_furniture_writes_a_reviewable_pack(tmp_path):
    _archive(tmp_path / "archive")
    out = tmp_path / "site-furniture.yml"
    result = run_cli("learn-furniture", str(tmp_path / "archive"), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert "Learned 3 furniture lines from 30 articles" in result.stderr.decode()
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Site furniture learned by `copylint learn-furniture` from 30 articles")
    pack = yaml.safe_load(text)
    assert pack["furniture"] == [
        {"line": "Contact the Gazette newsroom", "articles": 30},
        {"line": "Make the Gazette Your Homepage", "articles": 30},
        {"line": "Gazette Weekly Digest", "articles": 15},
    ]


def test_site_furniture_rule_reads_the_pack(tmp_path):
    _archive(tmp_path / "archive")
    run_cli("learn-furniture", str(tmp_path / "archive"), "-o", str(tmp_path / "site-furniture.yml"), cwd=tmp_path)
    (tmp_path / ".copylint.yaml").write_text("boilerplate: {furniture: [site-furniture.yml]}\n", encoding="utf-8")
    story = tmp_path / "new.md"
    story.write_text("The bridge reopened on Monday.\n\ncontact the  Gazette newsroom\n\n"
                     "She said: \"Contact the Gazette newsroom\" is on every page.\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "boilerplate.site-furniture", str(story), cwd=tmp_path)
    found = [(f["line"], f["column"], f["match"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [(3, 1, "contact the  Gazette newsroom")]


def test_learn_furniture_reports_a_bad_path(tmp_path):
    result = run_cli("learn-furniture", str(tmp_path / "missing"), "-o", str(tmp_path / "x.yml"), cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr.decode()
    assert not (tmp_path / "x.yml").exists()
