"""The suggestion search skips edits that cannot lead to a word: it must find exactly the words
that looking up every edit finds, with the trie, without the reversed trie, and without
marisa-trie at all. And what a Speller remembers is bounded and changes no answer."""

from __future__ import annotations

import os
import random
import shutil

import pytest

from copylint.checks import suggest
from copylint.checks.lexicon import Lexicon
from copylint.checks.spelling import NearCommon, Speller, WordClasses, data_dir, speller

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
SPELLER = Speller()


def _every_edit(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    out.update(a + c + b for a, b in splits for c in _LETTERS)
    out.discard(word)
    return out


def _brute_one(word: str, lex: Lexicon) -> set[str]:
    return {s for s in _every_edit(word) if s in lex}


def _brute_two(word: str, lex: Lexicon) -> set[str]:
    """A deletion or a transposition of any string one edit away, every one looked up."""
    one = _every_edit(word)
    reach = {s[:i] + s[i + 1 :] for s in one for i in range(len(s))}
    reach.update(s[:i] + s[i + 1] + s[i] + s[i + 2 :] for s in one for i in range(len(s) - 1))
    reach.discard(word)
    return {s for s in reach if s in lex}


def _slips(n: int, seed: int) -> list[str]:
    """Misspellings of dictionary words, one and two slips each, and some fixed hard cases."""
    rng = random.Random(seed)
    words = [w for w in SPELLER.lexicon if 4 <= len(w) <= 12 and w.isalpha()]

    def slip(w: str) -> str:
        i, kind = rng.randrange(len(w)), rng.randrange(4)
        if kind == 0:
            return w[:i] + w[i + 1 :]
        if kind == 1:
            return w[:i] + rng.choice(_LETTERS) + w[i + 1 :]
        if kind == 2:
            return w[:i] + rng.choice(_LETTERS) + w[i:]
        return w[:i] + w[i + 1 : i + 2] + w[i : i + 1] + w[i + 2 :]

    out = ["goverment", "reccomend", "succesfull", "accomodate", "tommorow", "oxycodone", "aboutroughly", "zzzzzz",
           "café", "naïve", "o'clock", "qwertyuiop"]
    for w in rng.sample(words, n):
        out += [slip(w), slip(slip(w))]
    return out


def _plain(tmp_path) -> Lexicon:
    for name in ("lexicon.txt", "lexicon.bin"):
        shutil.copy(os.path.join(data_dir(), name), tmp_path / name)
    return Lexicon.load(str(tmp_path))


def _without_reversed_trie() -> Lexicon:
    lex = Lexicon.load(data_dir())
    lex.suffix = lambda s: True  # as where lexicon-reversed.marisa is missing
    return lex


@pytest.mark.parametrize("which", ["trie", "no reversed trie", "plain"])
def test_the_pruned_search_finds_what_every_lookup_finds(which, tmp_path):
    lex = {"trie": lambda: SPELLER.lexicon, "no reversed trie": _without_reversed_trie,
           "plain": lambda: _plain(tmp_path)}[which]()
    words = _slips(60 if which == "trie" else 25, seed=11)
    for word in words:
        assert suggest.neighbours(word, lex) == _brute_one(word, lex), word
    for word in [w for w in words if len(w) >= 6][:30]:
        assert suggest.two_edits(word, lex) == _brute_two(word, lex), word


def test_the_reversed_trie_holds_every_word_backwards():
    lex = SPELLER.lexicon
    words = list(lex)
    for w in random.Random(5).sample(words, 2000):
        for k in (1, 2, len(w)):
            assert lex.suffix(w[-k:]), w
    assert not lex.suffix("qxzj") and not lex.prefix("qxzj")


def test_near_is_the_same_with_and_without_the_index():
    common = SPELLER.common
    index = NearCommon(common)
    few, many = Speller(), Speller()
    few.NEAR_INDEX_AFTER = 10 ** 9  # never builds the index: the dictionary's one-edit words
    many.NEAR_INDEX_AFTER = 0
    for word in _slips(80, seed=3) + ["goverment", "natioanl", "ronaldo", "zurich"]:
        assert few.near(word) == many.near(word) == index(word), word
    assert few._near_index is None and many._near_index is not None


def test_the_common_words_are_the_words_the_dictionary_counts_a_million_times():
    # Speller.near tests its first words by their counts, and the index by common.txt
    from copylint.checks.spelling import _COMMON

    lex = SPELLER.lexicon
    assert SPELLER.common == frozenset(w for w in lex if lex[w] >= _COMMON)


def test_the_prepared_near_index_is_the_built_one_and_follows_its_file(tmp_path, monkeypatch):
    from copylint import prepared

    monkeypatch.setattr(prepared.PLACE, "folder", str(tmp_path / "cache"))
    words = tmp_path / "common.txt"
    words.write_text("government\nnational\n", encoding="utf-8")
    common = frozenset(["government", "national"])
    first = NearCommon.prepared(str(words), common)
    (entry,) = (tmp_path / "cache" / "prepared").glob("near-common-*.bin")
    again = NearCommon.prepared(str(words), common)  # read from the entry
    assert first._wild == again._wild == NearCommon(common)._wild
    assert again("goverment") and again("natioanl") and not again("ronaldo")
    words.write_text("council\n", encoding="utf-8")  # another file, another entry
    assert NearCommon.prepared(str(words), frozenset(["council"]))("coucil")
    assert len(list((tmp_path / "cache" / "prepared").glob("near-common-*.bin"))) == 2 and entry.exists()


def test_a_speller_remembers_at_most_its_limit_and_answers_the_same():
    small, large = Speller(limit=16), Speller()
    words = _slips(40, seed=8)
    for word in words:
        assert small.is_known(word) == large.is_known(word)
        assert small.verdict(word) == large.verdict(word)
        assert small.near_misses(word) == large.near_misses(word)
    assert all(len(memo) <= 16 for memo in small._memos.values())
    assert max(len(memo) for memo in large._memos.values()) > 16


def test_word_classes_match_the_dictionary_and_the_variant_test():
    sp = Speller()
    words = frozenset(["colour", "color", "the", "goverment", "organise", "aluminum", "analyze", "zorblax", "meter",
                       "government's", "goverment's", "zx", "laxed", "it's"])
    first = sp.classes(words)
    # not in the dictionary, less the forms neither reader looks at (a word's possessive, two letters)
    assert first.unknown == {"goverment", "zorblax", "goverment's", "laxed"}
    assert first.unknown == {w for w in words if w not in sp.lexicon
                             and (sp.unknown_form(w) is not None or (w.endswith("ed") and w.isalpha()))}
    assert first.variants == {w for w in words if sp.variant(w) is not None}
    assert {w for w in first.shaped if sp.variant(w, True) is not None} == {w for w in words if sp.variant(w, True)}
    assert sp.classes(words) == first  # the second time from memory
    tiny = WordClasses(sp, limit=4)
    assert tiny(words) == first and tiny(words) == first  # a full memory starts afresh, same answer


def test_a_form_found_to_be_a_word_leaves_the_unknown_words_of_later_documents():
    sp = Speller()
    assert sp.classes(frozenset(["rebrandings", "laxed", "the"])).unknown == {"rebrandings", "laxed"}
    sp.never_unknown("rebrandings")  # spelling.unknown-word found it a regular form of a word
    sp.never_unknown("laxed")  # a false verb form: typos.false-verb-form still reads it
    assert sp.classes(frozenset(["rebrandings", "laxed", "a"])).unknown == {"laxed"}
    # a variant the dictionary lacks ('decolorisers', for 'decolorizers') stays a variant
    first = sp.classes(frozenset(["decolorisers", "the"]))
    assert first.unknown == first.variants == {"decolorisers"}
    sp.never_unknown("decolorisers")
    later = sp.classes(frozenset(["decolorisers", "a"]))
    assert later.unknown == frozenset() and later.variants == {"decolorisers"}


def test_each_session_has_its_own_speller():
    from copylint import Session

    one, two = Session(), Session()
    assert speller(one.services) is speller(one.services)
    assert speller(one.services) is not speller(two.services)


def test_the_word_before_is_what_the_anchored_pattern_finds():
    """typos.real-word reads the word before from the end of a 40-character window; it must be
    what searching the window with the pattern it replaced finds, in every case."""
    import re

    from copylint.checks.realword import context

    left_re = re.compile(r"([A-Za-z]+(?:['’][a-z]+)?)[ \t]+$")
    rng = random.Random(1)
    alphabet = "aAbZz'’ \t\n.9é-"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        start = rng.randrange(0, len(text) + 1)
        m = left_re.search(text[max(0, start - 40) : start])
        expected = m.group(1).lower().replace("’", "'") if m else None
        assert context(text, start, start)[0] == expected, (text, start)
