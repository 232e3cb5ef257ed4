"""The spelling pack: vocabulary files through the real CLI, config validation, lazy loading,
the derived British/American variant mapping, and names on real copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import run_cli

from copylint.checks.spelling import Speller

SPELLER = Speller()  # one for these tests, as a session holds one
is_known, variant = SPELLER.is_known, SPELLER.variant


def _findings(result) -> list[dict]:
    return json.loads(result.stdout.decode("utf-8"))["findings"]


def _article(folder, text: str):
    path = folder / "story.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_vocabulary_files_resolve_from_the_config_folder(tmp_path):
    desk = tmp_path / "desk"
    (desk / "vocab").mkdir(parents=True)
    (desk / "vocab" / "accept.txt").write_text("# house words\nfrobnicate\n\nzorbing\n", encoding="utf-8")
    (desk / "vocab" / "reject.txt").write_text("Burma\nhopefully\n", encoding="utf-8")
    (desk / ".copylint.yaml").write_text(
        "spelling:\n  accept: [vocab/accept.txt]\n  reject: [vocab/reject.txt]\n", encoding="utf-8"
    )
    story = _article(desk, "They will frobnicate the zorbing rules in Burma, hopefully, and blorf.\n")
    # run from another folder: paths are relative to the config file, not the working directory
    result = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    found = {(f["rule"], f["match"]) for f in _findings(result)}
    assert found == {
        ("spelling.rejected-term", "Burma"),
        ("spelling.rejected-term", "hopefully"),
        ("spelling.unknown-word", "blorf"),
    }


def test_a_missing_vocabulary_file_is_a_config_error_at_its_line(tmp_path):
    # found when the config is loaded (config/select.validate_data), before any article: one line, exit 2
    (tmp_path / ".copylint.yaml").write_text("spelling: {accept: [nowhere.txt]}\n", encoding="utf-8")
    story = _article(tmp_path, "The goverment met.\n")
    result = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().strip() == (f"copylint: config error: {tmp_path / '.copylint.yaml'}:1: "
                                              "spelling.accept: the file nowhere.txt does not exist")


@pytest.mark.parametrize(
    "config, message",
    [
        ("spelling: {variant: en-AU}\n", "option 'variant' is one of"),
        ("spelling: {acept: [a.txt]}\n", "unknown option 'acept'"),
        ("rules: {spelling.variant: {variant: 3}}\n", "takes text, not a whole number"),
    ],
)
def test_config_validation_knows_the_options(tmp_path, config, message):
    (tmp_path / ".copylint.yaml").write_text(config, encoding="utf-8")
    story = _article(tmp_path, "Text.\n")
    result = run_cli("check", str(story), cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr.decode()


def test_house_variant_through_the_cli(tmp_path):
    (tmp_path / ".copylint.yaml").write_text("spelling: {variant: en-GB}\n", encoding="utf-8")
    story = _article(tmp_path, "They analyzed the color of the theater and traveled home.\n")
    result = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    found = [(f["rule"], f["match"], f["suggestions"][0]) for f in _findings(result)]
    assert found == [
        ("spelling.variant", "analyzed", "analysed"),
        ("spelling.variant", "color", "colour"),
        ("spelling.variant", "theater", "theatre"),
        ("spelling.variant", "traveled", "travelled"),
    ]


def test_the_dictionary_loads_on_first_use_not_on_import():
    # the trie module is imported only by the dictionary's loader: a session's Speller, made when
    # a spelling rule first runs, not when the catalogue is loaded
    code = (
        "import sys, copylint.checks.spelling as s, copylint.checks.typos\n"
        "from copylint.registry import load_catalog\n"
        "load_catalog()\n"
        "print('marisa_trie' in sys.modules)\n"
        "s.Speller()\n"
        "print('marisa_trie' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.parametrize(
    "word, expected",
    [
        ("realise", ("ize", "en-GB", "realize")),
        ("organizations", ("ize", "en-US", "organisations")),
        ("pressurising", ("ize", "en-GB", "pressurizing")),
        ("colours", ("our", "en-GB", "colors")),
        ("neighborhood", ("our", "en-US", "neighbourhood")),
        ("theater", ("re", "en-US", "theatre")),
        ("centred", ("re", "en-GB", "centered")),
        ("analyze", ("yse", "en-US", "analyse")),
        ("traveled", ("ll", "en-US", "travelled")),
        ("defence", ("ence", "en-GB", "defense")),
        ("aluminum", ("irregular", "en-US", "aluminium")),
        # look like pairs, are not
        ("meter", None), ("timber", None), ("advertise", None), ("exercise", None), ("flour", None),
        ("compelled", None), ("installed", None), ("detour", None), ("absence", None), ("glamour", None),
        ("massacre", None), ("floral", None), ("inbred", None),
    ],
)
def test_variant_mapping(word, expected):
    assert variant(word) == expected


def test_variant_mapping_is_derived_from_the_dictionary_not_a_handful_of_words():
    pairs = [w for w in SPELLER.lexicon if variant(w) is not None]
    assert len(pairs) > 1000
    families = {variant(w)[0] for w in pairs}
    assert families == {"ize", "yse", "our", "re", "ll", "ence", "irregular"}


@pytest.mark.parametrize(
    "word",
    ["carmakers", "reoffending", "backbenchers", "buoying", "telecom", "olds", "agonise",
     "delisted", "unpatched", "renationalising", "anesthesia", "catalog", "molded", "sautéed", "cliché"],
)
def test_regular_forms_of_dictionary_words_are_known(word):
    assert is_known(word)


@pytest.mark.parametrize(
    "word", ["goverment", "accomodate", "laxed", "inwhich", "definately", "exercize", "advertize", "surprize",
             "promize", "progam", "everthing"]
)
def test_misspellings_are_not_known(word):
    assert not is_known(word)


def test_plain_and_trie_dictionaries_agree(tmp_path):
    """The plain fallback (no marisa-trie) reads the same words, counts, sizes and sides."""
    import shutil

    from copylint.checks.lexicon import Lexicon
    from copylint.checks.spelling import data_dir

    for name in ("lexicon.txt", "lexicon.bin"):
        shutil.copy(os.path.join(data_dir(), name), tmp_path / name)
    plain, trie = Lexicon.load(str(tmp_path)), SPELLER.lexicon
    for word in ("government", "colour", "color", "helmed", "café", "cafe", "zzzq", "realise"):
        assert (word in plain, plain.get(word), plain.size(word), plain.sides(word)) == (
            word in trie, trie.get(word), trie.size(word), trie.sides(word))
        assert (word in plain.words) == (word in trie.words)
    for start in ("gover", "govx", "", "zzzq", "caf", "café"):
        assert plain.prefix(start) == trie.prefix(start) == any(w.startswith(start) for w in trie)
    assert plain.known(["the", "goverment", "colour"]) == {"the", "colour"}
    from copylint.checks.lexicon import WordList

    shutil.copy(os.path.join(data_dir(), "names.txt"), tmp_path / "names.txt")
    plain_names = WordList.load(str(tmp_path), "names")
    for name in ("Zurich", "Zürich", "Aachen", "Goverment"):
        assert (name in plain_names) == (name in SPELLER.names), name


def test_vocab_add_accepts_words_without_editing_yaml(tmp_path):
    (tmp_path / ".copylint.yaml").write_text("{}\n", encoding="utf-8")
    story = _article(tmp_path, "The Frobnitz team will frobnicate the budget.\n")
    before = _findings(run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path))
    assert [f["match"] for f in before] == ["frobnicate"]
    added = run_cli("vocab", "add", "frobnicate", "Frobnicate", cwd=tmp_path)
    assert added.returncode == 0 and "Added 1 term" in added.stderr.decode()
    assert (tmp_path / ".copylint-vocab.txt").read_text(encoding="utf-8").splitlines()[-1] == "frobnicate"
    after = _findings(run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path))
    assert after == []


def test_standard_words_are_not_false_forms_or_variants(tmp_path):
    """Issue 8's false alarms: standard US forms and words spelt alike on both sides stay quiet,
    in an article whose majority is British (so an American form would be reported)."""
    story = _article(tmp_path, (
        "The colour of the organisation's centre was grey. She helmed the team that worshiped "
        "the saint; they corralled the horses and ate a doughnut. The backend codecs are in the "
        "manpage, and the aurora australis lit a papier-mâché model. The color was odd.\n"))
    result = run_cli("check", "--format", "json", "--select", "spelling,typos", str(story), cwd=tmp_path)
    found = [(f["rule"], f["match"]) for f in _findings(result)]
    assert found == [("spelling.variant", "color")]


def test_a_recurring_capitalised_slip_vouches_only_for_itself_in_name_position(tmp_path):
    """'Goverment House' twice is a name by recurrence, but that says nothing about the
    lowercase 'goverment' in the same article: it is reported, at its exact place."""
    (tmp_path / ".copylint.yaml").write_text("{}\n", encoding="utf-8")
    text = ("Protesters gathered outside Goverment House on Monday.\n"
            "The goverment said the march outside Goverment House was peaceful.\n")
    story = _article(tmp_path, text)
    result = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    found = [(f["rule"], f["match"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in _findings(result)]
    assert found == [("spelling.unknown-word", "goverment", 2, 5, 2, 14)]
    assert text.splitlines()[1][4:13] == "goverment"
    # with no lowercase use, the recurring capitalised form stays a name: nothing to report
    _article(tmp_path, text.replace("The goverment said", "Officials said"))
    quiet = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    assert _findings(quiet) == []


def test_closed_compounds_of_everyday_words_are_not_warnings(tmp_path):
    """'skillset' and 'hardcode' are two everyday words written as one, each commoner than the
    word one edit away ('skillet', 'hardcore'): suggestions, not warnings. A slip of a commoner
    word that happens to split ('investmet': invest + met, beside 'investment') stays a warning.
    (Without the vocabulary packs, whose technology pack lists 'hardcode'.)"""
    (tmp_path / ".copylint.yaml").write_text("spelling: {vocabularies: []}\n", encoding="utf-8")
    story = _article(tmp_path, "She has the skillset to hardcode the values, and the investmet grew.\n")
    result = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    found = [(f["match"], f["severity"], f["column"]) for f in _findings(result)]
    assert found == [("skillset", "suggestion", 13), ("hardcode", "suggestion", 25), ("investmet", "warning", 54)]


def test_a_split_into_a_rare_half_is_no_compound_beside_a_far_commoner_word(tmp_path):
    """'personell' splits into person + ell (an old measure, no everyday word) and is two slips
    from 'personal' and 'personnel': reported, at its exact place. Compounds of two everyday
    words ('carmaker', 'hotspots') stay quiet."""
    (tmp_path / ".copylint.yaml").write_text("spelling: {vocabularies: []}\n", encoding="utf-8")
    story = _article(tmp_path, "The carmaker hired new personell for its hotspots.\n")
    result = run_cli("check", "--format", "json", "--select", "spelling", str(story), cwd=tmp_path)
    found = [(f["match"], f["line"], f["column"], f["end_column"]) for f in _findings(result)]
    assert found == [("personell", 1, 24, 33)]


def test_names_and_slips_are_judged_the_same_by_one_pass_and_by_one_search_a_word(monkeypatch):
    """In an article the rule asks `in` of each capitalised form it gets to; in a long text it
    asks an automaton of all of them at once (multimatch): the same findings either way."""
    from copylint import Session, multimatch

    text = ("Natal was quiet, the Goverment said. Ronaldo met Riise and riise twice. Seven peopl were "
            "hurt when the stil water rose, said Blair's aide. The zurich office and the Natioanl Bank "
            "of Blorfington sent a telegram to Blorfington.\n")
    found = {}
    for name, threshold in (("one in a string", 10 ** 15), ("automaton", 0)):
        monkeypatch.setattr(multimatch, "_AUTOMATON_FROM", threshold)
        findings = Session({"select": ["spelling"]}).lint_text(text, filename="story.txt")
        found[name] = [(f.rule, f.offset, f.match, f.severity, f.message) for f in findings]
    assert found["one in a string"] == found["automaton"]
    # 'zurich': SCOWL's name, but never written capitalised here; 'Blorfington': a name
    assert [f[2] for f in found["automaton"]] == ["Goverment", "Riise", "riise", "peopl", "stil", "zurich", "Natioanl"]


def test_the_notice_of_a_word_too_long_names_the_first_in_the_copy_in_every_run(tmp_path):
    # the document's word set has no order of its own (str hashes change from run to run): the
    # notice must name the first such word of the copy, whatever the hash seed
    path = tmp_path / "blobs.txt"
    path.write_text("The council met.\n\n" + "q" * 70 + " was pasted.\n\n" + "z" * 90 + " was too.\n"
                    + "".join(f"{chr(97 + k) * (55 + k)} here.\n" for k in range(8)), encoding="utf-8")
    seen = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        result = run_cli("--no-cache", str(path), env={"PYTHONHASHSEED": seed})
        seen.update(line for line in result.stderr.decode().splitlines() if "spell-checked" in line)
    assert seen == {f"copylint: {path}:3: a word of 70 letters was not spell-checked (the limit is 50 letters)"}
