"""Long texts: rules look words up in the document's word index instead of scanning per word,
and find exactly what the scans find."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from copylint import document
from packhelp import invoke

ROOT_EXAMPLE = ROOT / "examples" / "article.md"

# forms the index-driven paths must handle like the scans: hyphenated, closed and spaced compounds,
# apostrophes (straight and curly), capitalised names at a sentence start and mid-sentence,
# a case-sensitive placeholder, phrase literals, repeated unknown words
EXTRA = """
The e-mail arrived. Later an email came, and the counter-terrorism unit met its counter terrorism
advisers. Co-operation grew; cooperation was praised; the email's subject line was blank.
Cumming said the plan was dead. Dick Cumming denied it. Hooker stood by. Jo Hooker's team won.
The minister wasn’t sure and he wasn't happy. The flood porn areas were laxed. TK TK XX.
Qwertyuiop appeared twice: qwertyuiop. Frobnicated data, frobnicated again. In order to win, try.
The goverment spoke; the goverment's aide agreed.
"""


def _findings(path, tmp_path, index_from: int, monkeypatch) -> list[dict]:
    monkeypatch.setattr(document, "INDEX_FROM", index_from)
    res = invoke(str(path), "--select", "all", "-f", "json", "-j", "1", "--no-cache", cwd=tmp_path)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)["findings"]


@pytest.mark.parametrize("name", ["long.md", "long.txt"])
def test_indexed_lookups_find_what_the_scans_find(tmp_path, monkeypatch, name):
    with open(ROOT_EXAMPLE, encoding="utf-8") as fh:
        article = fh.read()
    body = article.split("\n---\n", 1)[-1] if name.endswith(".md") else article
    path = tmp_path / name
    path.write_text(body + (EXTRA + body) * 12, encoding="utf-8")
    scans = _findings(path, tmp_path, 10**12, monkeypatch)
    indexed = _findings(path, tmp_path, 0, monkeypatch)
    assert indexed == scans
    rules = {f["rule"] for f in scans}
    # the paths changed are exercised: occurrences (spelling), compounds (style), names (moderation)
    assert {"style.hyphenation", "spelling.unknown-word", "typos.false-verb-form"} <= rules, rules
    assert len(scans) > 100


def test_word_index_lists_words_and_their_part_before_an_apostrophe():
    from copylint.formats import format_for, read_document

    doc = read_document("a.txt", "The email's line. Email me. Wasn’t it?\n", format_for("a.txt"), ())
    index = doc.word_index
    assert index["email"] == [4, 18] and index["email's"] == [4]
    assert index["wasn’t"] == index["wasn"] == [28]


def test_the_pattern_time_limit_grows_with_the_document(monkeypatch):
    from copylint.declarative.engine import REGEX_TIMEOUT, TIMEOUT_ENV, regex_timeout

    monkeypatch.delenv(TIMEOUT_ENV, raising=False)
    assert regex_timeout() == regex_timeout(2_500) == regex_timeout(1_000_000) == REGEX_TIMEOUT
    assert regex_timeout(50_000_000) == 50 * REGEX_TIMEOUT  # a 50 MB file is not cut short
    monkeypatch.setenv(TIMEOUT_ENV, "0.5")
    assert regex_timeout(100) == 0.5 and regex_timeout(3_000_000) == 1.5
