"""--fix and --diff: safe fixes only, atomic writes, encoding, BOM and line endings kept."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from copylint.fixer import apply_fixes
from copylint.findings import Edit, Finding, Fix, Position, Severity
from copylint.textio import SourceText
from packhelp import invoke, make_project


@pytest.mark.parametrize("bom,encoding", [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"),
                                          (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_fix_keeps_encoding_bom_and_line_endings(tmp_path, bom, encoding, newline):
    make_project(tmp_path)
    text = newline.join(["Colour 東京 😀", "the colour, utilise", "COLOUR"]) + newline
    path = tmp_path / "a.txt"
    path.write_bytes(bom + text.encode(encoding))
    os.chmod(path, 0o640)
    result = invoke("a.txt", "--fix", cwd=tmp_path)
    assert result.exit_code == 1  # the unsafe suggestion is left and still reported
    want = newline.join(["Color 東京 😀", "the color, utilise", "COLOR"]) + newline
    assert path.read_bytes() == bom + want.encode(encoding)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".copylint-")]  # no temp file left


def test_diff_prints_and_changes_nothing(tmp_path):
    make_project(tmp_path)
    path = tmp_path / "a.md"
    path.write_text("The colour.\nutilise\n", encoding="utf-8")
    result = invoke("a.md", "--diff", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == "The colour.\nutilise\n"
    assert "--- a/a.md\n+++ b/a.md\n" in result.stdout and "-The colour.\n+The color.\n" in result.stdout
    assert "Fixed" not in result.stdout


def test_unsafe_fixes_are_never_applied(tmp_path):
    make_project(tmp_path)
    path = tmp_path / "a.md"
    path.write_text("We utilise it.\n", encoding="utf-8")
    invoke("a.md", "--fix", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == "We utilise it.\n"


def test_overlapping_fixes_do_not_corrupt_text(tmp_path):
    make_project(tmp_path)
    path = tmp_path / "a.md"
    path.write_text("A colour scheme and colour.\n", encoding="utf-8")
    invoke("a.md", "--fix", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == "A color scheme and color.\n"


def test_fixer_skips_an_edit_overlapping_an_earlier_one():
    def finding(start, end, rep):
        return Finding("x", "r", Severity.WARNING, "m", Position(1, 1), Position(1, 1), start, end, "",
                       fix=Fix((Edit(start, end, rep),), True))

    text, count = apply_fixes(SourceText("abcdef", "utf-8", b"", "\n"),
                              [finding(0, 3, "X"), finding(2, 5, "Y"), finding(5, 6, "Z")])
    assert (text, count) == ("XdeZ", 2)


def test_fix_in_front_matter_and_html_keeps_markup(tmp_path):
    make_project(tmp_path)
    md = tmp_path / "a.md"
    md.write_text('---\ntitle: "the colour"\n---\n`colour` colour &amp; colour\n', encoding="utf-8")
    html = tmp_path / "a.html"
    html.write_text("<p title='colour'><img alt='colour'>colour &amp; c&#111;lour</p>", encoding="utf-8")
    invoke("a.md", "a.html", "--fix", cwd=tmp_path)
    assert md.read_text(encoding="utf-8") == '---\ntitle: "the color"\n---\n`colour` color &amp; color\n'
    # alt text is fixed, a title (a tooltip, not prose) is not; the word written with an entity
    # is not a verbatim copy: left alone
    assert html.read_text(encoding="utf-8") == "<p title='colour'><img alt='color'>color &amp; c&#111;lour</p>"


def test_fix_refuses_stdin(tmp_path):
    make_project(tmp_path)
    result = invoke("-", "--fix", cwd=tmp_path, input=b"colour")
    assert result.exit_code == 2 and "--fix cannot write to standard input" in result.stderr


def test_fix_through_a_symlink_keeps_the_link(tmp_path):
    make_project(tmp_path)
    real = tmp_path / "real.md"
    real.write_text("colour\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    invoke("link.md", "--fix", cwd=tmp_path)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "color\n"


def test_a_file_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    from copylint import textio

    make_project(tmp_path)
    (tmp_path / "a.md").write_text("colour\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("colour\n", encoding="utf-8")
    real = textio.write_atomic

    def refuse(path, data):
        if path.endswith("a.md"):
            raise PermissionError(13, "Permission denied")
        real(path, data)

    monkeypatch.setattr(textio, "write_atomic", refuse)
    result = invoke("a.md", "b.md", "--fix", "-j", "1", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == "a.md: cannot write the fixes: Permission denied"
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "colour\n"
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "color\n"
