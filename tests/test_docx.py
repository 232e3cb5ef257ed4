"""The DOCX reader: real .docx files made with python-docx, linted through the CLI and the API."""

from __future__ import annotations

import json

import pytest

docx = pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")

import copylint  # noqa: E402
from packhelp import invoke  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _story(path, *, comment=False, footnote=False):
    d = docx.Document()
    d.add_heading("Fire at the the mill", level=1)
    p = d.add_paragraph("Crews arrived at 9 a.m. ")
    run = p.add_run("The fire spread to to the roof.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(1, 1).text = "He said it it was over."
    if comment:
        d.add_comment(run, text="TK check the time", author="Desk")
    d.save(str(path))
    if footnote:
        _add_footnote(path, "See the the report.")
    return path


def _add_footnote(path, text):
    """python-docx writes no footnotes: add a footnotes part to the package as Word does."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document(str(path))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        '</w:footnotes>'
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", xml, d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    d.save(str(path))


def _findings(path, *args):
    result = invoke(str(path), "-f", "json", "--select", "typos.doubled-word,placeholders", *args, cwd=path.parent)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def test_paragraphs_headings_and_tables_are_prose_with_paragraph_positions(tmp_path):
    found = _findings(_story(tmp_path / "story.docx"))
    got = [(f["line"], f["column"], f["match"], f["place"]) for f in found]
    assert got == [
        (1, 9, "the the", "paragraph 1, character 9"),
        (2, 41, "to to", "paragraph 2, character 41"),
        (6, 9, "it it", "table 1, row 2, cell 2, character 9"),  # one line a cell: 3 Name, 4-5 empty
    ]


def test_footnotes_are_read_and_comments_are_not_linted_but_their_anchors_are(tmp_path):
    found = _findings(_story(tmp_path / "story.docx", comment=True, footnote=True))
    # the comment's own text ("TK check the time") is an editor's note: not linted
    assert [(f["line"], f["match"], f["place"]) for f in found] == [
        (1, "the the", "paragraph 1, character 9"),  # not under the comment
        (2, "to to", "paragraph 2, character 41 (the text comment 1 is on)"),
        (6, "it it", "table 1, row 2, cell 2, character 9"),
        (7, "the the", "footnote 1, character 5"),
    ]


def test_a_folder_walk_takes_docx_files(tmp_path):
    _story(tmp_path / "story.docx")
    result = invoke(".", "-f", "json", "--select", "typos.doubled-word", cwd=tmp_path)
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"story.docx"}


def test_fix_on_docx_is_refused_and_the_file_is_left_as_it_was(tmp_path):
    path = _story(tmp_path / "story.docx")
    before = path.read_bytes()
    result = invoke(str(path), "--fix", "--select", "typos.doubled-word", cwd=tmp_path)
    assert result.exit_code == 2
    assert ("--fix cannot change DOCX files (the document could not be kept intact); the findings are "
            "listed and the file is left as it was") in result.stderr
    assert path.read_bytes() == before


def test_a_broken_docx_is_one_line(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = invoke("bad.docx", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("bad.docx: not a readable Word document (")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_api_reads_docx_bytes(tmp_path):
    data = _story(tmp_path / "story.docx").read_bytes()
    result, _notices = copylint.Session(select=["typos.doubled-word"]).lint_bytes("upload.docx", data)
    assert [f.match for f in result.findings] == ["the the", "to to", "it it"]
    with pytest.raises(ValueError, match="binary format"):
        copylint.lint_text("x", filename="a.docx")
