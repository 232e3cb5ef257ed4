"""Fast paths that keep a big file's cost linear find exactly what the code they replace finds."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from copylint.checks import style
from copylint.formats import format_for, read_document

SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-news"

# hyphens after words, numbers, apostrophes, underscores, other hyphens and at the ends; spaced
# prefixes with tabs; a word that runs on past a hyphen; capitals
TRICKY = """e-mail email E-Mail co-operate cooperate co operate co\toperate anti-war l'anti-war
rock'n-roll 3-d a-level A-list a-b-c x--y _e-mail snake_e-mail well-known well-known's -e-
non-stop non stop nonstop pre-war pre  war prewar e- e-mail- counter-terrorism-unit 12-e-mail
the so-called so called state-of-the-art ab-cd-ef one-off one-offs one off café-bar bar-café
"""


def _doc(text: str, name: str = "a.txt"):
    return read_document(name, text, format_for(name), ())


def _first_parts(doc) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"([a-z]{1,15})-", doc.prose, re.IGNORECASE)} | set(style._PREFIXES)


def _texts() -> list[str]:
    texts = [TRICKY, TRICKY * 3, "-" + TRICKY + "-"]
    if SHARED_CORPUS.is_dir():
        files = sorted(SHARED_CORPUS.rglob("*.txt"))[:300]
        texts.append("\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files))
    return texts


@pytest.mark.parametrize("k", range(4))
def test_compound_tails_from_the_hyphens_match_the_walk_over_every_place(k):
    texts = _texts()
    if k >= len(texts):
        pytest.skip("../shared/corpus/bbc-news is absent")
    doc = _doc(texts[k])
    parts = _first_parts(doc)
    assert len(parts) > 20
    for a in sorted(parts):
        hyphened, spaced = style._compound_tails(doc, a)
        old_hyphened, old_spaced = style._compound_tails_by_places(doc, a)
        assert hyphened == old_hyphened, a
        if a in style._PREFIXES:  # the only first parts whose spaced form is compared
            assert spaced == old_spaced, a
    # the forms exercised: hyphenated and spaced pairs were found at all
    assert style._compound_tails(doc, "e")[0] and style._compound_tails(doc, "co")[1] if k < 3 else True
