"""bench/leftover_gates.py: the gate it names for a line, and its refusal to show held-out lines."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gates():
    pytest.importorskip("numpy", reason="the bench reads the line model's training script, which needs numpy")
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("leftover_gates", ROOT / "bench" / "leftover_gates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_gate_of_each_line(gates):
    from copylint.checks import boilerplate
    from copylint.checks.linemodel import LineModel, page_context
    from copylint.formats import read_document

    long_line = "The council voted on Tuesday to close the pool for the summer while the roof is repaired " \
                "and the changing rooms are rebuilt, officials said on Monday"
    text = (f"Pool to close for the summer\n\n{long_line}\n\n«Privacy Policy»\n\n"
            "Follow us on Twitter\n\nWork begins in June, the council said.\n")
    doc = read_document("page.txt", text)
    lines = boilerplate.standalone_lines(doc)
    classified = {i: weak for i, _name, weak in boilerplate.classified_lines(doc)}
    patterned = boilerplate.patterned_lines(doc)
    model = LineModel.load(boilerplate._model_path())
    page = page_context(lines, patterned, None)
    counts = Counter(line.norm for line in lines)
    why = {line.norm[:12]: gates.gate(lines, i, classified, patterned, model, boilerplate.interface_words(), page,
                                      counts)
           for i, line in enumerate(lines)}
    assert why["The council "] == "a heading, too long, or quoting"  # 27 words: past the model's length
    assert why["«Privacy Pol"] == "a heading, too long, or quoting"  # guillemets that pair up quote
    assert why["Follow us on"] == "a pattern's line, below a warning"


def test_held_out_lines_are_never_shown(gates, capsys):
    assert gates.main(["--extraction", "x", "--pages", "y", "--show"]) == 2
    assert "training half only" in capsys.readouterr().err
