"""Readers and decoding: what becomes prose, with which scope, and what is left out."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from copylint.document import PLACEHOLDER
from copylint.formats import read_document
from copylint.textio import ReadError, decode, encode
from packhelp import lint_json, make_project


@pytest.mark.parametrize("bom,encoding", [
    (b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_decode_and_encode_round_trip(bom, encoding):
    text = "Café 東京 😀\r\nline\r\n"
    source = decode(bom + text.encode(encoding))
    assert (source.text, source.encoding, source.bom, source.newline) == (text, encoding, bom, "\r\n")
    assert encode(source, source.text) == bom + text.encode(encoding)


@pytest.mark.parametrize("text,newline", [("a\nb\r\nc\n", "\n"), ("a\rb\rc\n", "\r"), ("a", "\n"), ("a\r\nb", "\r\n")])
def test_dominant_newline(text, newline):
    assert decode(text.encode()).newline == newline


def test_undecodable_bytes():
    with pytest.raises(ReadError, match="binary file"):
        decode(b"abc\x00def")
    with pytest.raises(ReadError, match=r"not valid UTF-8 at byte 7 \(line 2\)"):
        decode(b"ok\nnot \xff")


def _prose(fmt: str, text: str):
    doc = read_document(f"x.{fmt}", text, fmt)
    return doc, [(doc.block_text(b), b.scope) for b in doc.blocks]


def test_markdown_leaves_out_code_urls_targets_and_definitions():
    doc, blocks = _prose("markdown", "Call `f()` at <https://a.example> or [us](https://b.example \"T\").\n\n"
                                     "[ref]: https://c.example\n\n```\ncode\n```\n")
    assert doc.prose == f"Call {PLACEHOLDER} at {PLACEHOLDER} or us."
    assert blocks == [(doc.prose, "paragraph")]


def test_markdown_front_matter_values_are_prose_and_metadata_is_data():
    doc, blocks = _prose("markdown", "---\ntitle: A title\ndate: 2024-05-06\ntags: [a, b]\nslug: a-title\n"
                                     "seo:\n  description: Nested text\n---\nBody\n")
    assert blocks == [("A title", "front_matter"), ("Nested text", "front_matter"), ("Body", "paragraph")]
    assert [b.key for b in doc.blocks[:2]] == ["title", "description"]
    assert doc.metadata["date"] == dt.date(2024, 5, 6) and doc.metadata["tags"] == ["a", "b"]


def test_front_matter_keys_setting(tmp_path):
    make_project(tmp_path, config="packs: [./mypack]\nselect: [mypack]\nfront-matter-keys: [kicker]\n")
    (tmp_path / "a.md").write_text("---\ntitle: zorblax\nkicker: zorblax\n---\n", encoding="utf-8")
    assert [f["line"] for f in lint_json(tmp_path / "a.md")["findings"]] == [3]


def test_broken_front_matter_is_a_problem_not_a_crash():
    doc = read_document("x.md", "---\ntitle: [x\n---\nBody\n", "markdown")
    assert [p[2].split(":")[0] for p in doc.problems] == ["front matter is not valid YAML"]
    assert doc.metadata == {} and doc.prose == "Body"
    doc = read_document("x.md", "---\n- a\n---\nBody\n", "markdown")
    assert doc.problems[0][2] == "front matter is not a mapping of keys to values"


def test_html_scopes_and_skipped_elements():
    doc, blocks = _prose("html", "<html><head><title>T</title><style>p{}</style></head><body>"
                                 "<h2>H</h2><p>P <code>c</code> q</p><ul><li>L</li></ul><blockquote>Q</blockquote>"
                                 "<figure><img alt='A' src=x><figcaption>C</figcaption></figure>"
                                 "<table><tr><td>D</td></tr></table><script>s</script><pre>pre</pre></body></html>")
    assert blocks == [("T", "heading"), ("H", "heading"), ("P \ue000 q", "paragraph"), ("L", "list_item"),
                      ("Q", "blockquote"), ("C", "caption"), ("A", "caption"), ("D", "table")]


def test_text_paragraphs_and_comment_lines():
    doc, blocks = _prose("text", "One\ntwo\n\n<!-- copylint-disable -->\nThree\n")
    assert blocks == [("One\ntwo", "paragraph"), ("Three", "paragraph")]
    assert [c.text for c in doc.comments] == ["copylint-disable"]


def test_markdown_html_blocks_are_read_as_html():
    doc, blocks = _prose("markdown", "<figure>\n<img alt=\"Alt\" src=x>\n<figcaption>Cap</figcaption>\n</figure>\n\n"
                                     "<pre>\ncode\n</pre>\n\nText\n")
    assert blocks == [("Cap", "caption"), ("Alt", "caption"), ("Text", "paragraph")]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_text_comment_after_words_is_not_prose(newline):
    doc = read_document("x.txt", f"Words <!-- copylint-disable-line a.b --> end{newline}more <!-- x -->", "text")
    assert doc.prose == f"Words {PLACEHOLDER} end\nmore {PLACEHOLDER}"
    assert [c.text for c in doc.comments] == ["copylint-disable-line a.b", "x"]
