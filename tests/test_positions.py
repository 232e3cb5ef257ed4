"""Exact positions: a rule matching a word reports the right line:column and end, in text,
json and github output, for every construct the readers handle.

In each case the lowercase word `zorblax` must be reported; `ZORBLAX` (the rule ignores case)
stands where nothing may be linted: code, URLs, link targets, HTML, comments, front-matter keys.
"""

from __future__ import annotations

import codecs
import json
import re

import pytest

from packhelp import expected_positions, invoke, make_project

MARKDOWN = {
    "heading": "# A zorblax heading\n\ntext\n",
    "setext": "A zorblax\nheading zorblax\n=====\n\nSub zorblax\n---\n",
    "paragraph": "One zorblax here.\nAnd zorblax there.\n",
    "crlf": "One zorblax\r\ntwo zorblax\r\n\r\n> three zorblax\r\n",
    "lone cr": "One zorblax\rtwo zorblax\r\rthree zorblax\r",
    "tabs": "\tZORBLAX indented code\n\nA\tzorblax\tafter tabs\n",
    "non-ascii": "Café zorblax 東京 zorblax 😀 zorblax é\u0301 zorblax\n",
    "astral emoji": "😀😀😀 zorblax 𝒳 zorblax\n",
    "code span": "`ZORBLAX` zorblax ``ZORBLAX ` x`` zorblax\n",
    "multi-line code span": "a `ZORBLAX\nZORBLAX` zorblax\n",
    "fenced": "```\nZORBLAX\n```\n\n~~~ ZORBLAX\nZORBLAX\n~~~\nzorblax\n",
    "indented code": "Para zorblax\n\n    ZORBLAX\n\nzorblax\n",
    "bare url": "See https://ZORBLAX.example/x?ZORBLAX and www.ZORBLAX.com, zorblax.\n",
    "autolink": "<https://ZORBLAX.example> <ZORBLAX@example.com> zorblax\n",
    "link": "[the zorblax](https://ZORBLAX.example \"ZORBLAX title\") [zorblax][ZORBLAX] zorblax\n\n"
            "[ZORBLAX]: https://ZORBLAX.example\n",
    "html inline": "a <span class=\"ZORBLAX\">zorblax</span> <!-- ZORBLAX --> zorblax<br>zorblax\n",
    "html comment block": "<!--\nZORBLAX\n-->\n\nzorblax\n",
    "blockquote": "> quoted zorblax\n> more zorblax\nlazy zorblax\n",
    "list": "- item zorblax\n  continued zorblax\n1. numbered zorblax\n",
    "list in blockquote": "> - zorblax one\n>   zorblax two\n",
    "blockquote in list": "- > zorblax one\n  > zorblax two\n",
    "tab-indented continuation": "- a zorblax\n\t*em* zorblax\n\n* x\r\n\t[l](u) zorblax\r\n\n>\tzorblax\n>\t*b* zorblax\n",
    "nested deep": "> 1. > - zorblax\n",
    "table": "| a | zorblax |\n|---|---|\n| zorblax `ZORBLAX` | b \\| zorblax |\n",
    "emphasis": "*zorblax* **zorblax** ~~zorblax~~ _zorblax_ ***zorblax***\n",
    "entities": "a &amp; zorblax &#8217;zorblax&#x2019; zorblax &copy;\n",
    "escapes": "\\*zorblax\\* \\[zorblax\\] \\`zorblax\n",
    "hard breaks": "one zorblax  \ntwo zorblax\\\nthree zorblax\n",
    # link and image titles are not linted in Markdown (HTML title attributes are)
    "image alt": "![a zorblax photo](ZORBLAX.png \"ZORBLAX\") and zorblax\n",
    "linked image": "[![zorblax](ZORBLAX.png)](https://ZORBLAX.example) zorblax\n",
    "front matter": "---\ntitle: The zorblax\nZORBLAX: 1\ndescription: 'it''s a zorblax, zorblax'\n"
                    "summary: \"q \\\"zorblax\\\" zorblax\"\ndek: >\n  folded\n  zorblax here\n\n  and zorblax\n"
                    "lede: |\n  literal\n  zorblax\nslug: ZORBLAX\n---\n\nBody zorblax\n",
    "front matter crlf": "---\r\ntitle: zorblax\r\nsummary: >-\r\n  one\r\n  zorblax\r\n---\r\nzorblax\r\n",
    "html block": "<div class=\"ZORBLAX\">\n\n</div>\n\nzorblax\n",
    "html block text": "<div>\nzorblax &amp; zorblax\n</div>\n\n<figure>\n<img alt='a zorblax' src='ZORBLAX.png'>\n"
                       "<figcaption>The zorblax</figcaption>\n</figure>\n\n<pre>\nZORBLAX\n</pre>\n",
    "html block in quote and list": "> <div class='ZORBLAX'>zorblax &amp; zorblax</div>\n\n- <figure>\n"
                                    "  <img alt='a zorblax' src='ZORBLAX.png'>\n  <figcaption>The\n\tzorblax</figcaption>\n"
                                    "  </figure>\n",
    "inline html attributes": "a <img alt=\"zorblax\" src=\"ZORBLAX.png\"> <span title='ZORBLAX' class='ZORBLAX'>"
                              "zorblax</span>\n",
}
TEXT = {
    "paragraphs": "zorblax one\nzorblax two\n\nthird zorblax\n",
    "crlf and cr": "a zorblax\r\nb zorblax\rc zorblax\n",
    "tabs and wide": "\tzorblax\t東京\tzorblax 😀zorblax\n",
    "urls": "see https://ZORBLAX.example and ZORBLAX@example.com or zorblax\n",
    "comment line": "<!-- ZORBLAX -->\nzorblax\n",
}
HTML = {
    "paragraph": "<p>one zorblax</p>\n<p>two\n  zorblax</p>",
    "tags and attributes": "<p class=\"ZORBLAX\" data-x='ZORBLAX'>zorblax <b>zorblax</b></p>",
    "alt and title": "<img src=\"ZORBLAX.png\" alt=\"a zorblax\"> <a href=\"/ZORBLAX\" title='ZORBLAX'>zorblax</a>",
    "code and script": "<pre>ZORBLAX</pre><code>ZORBLAX</code><script>ZORBLAX</script><style>ZORBLAX</style>"
                       "<p>zorblax</p>",
    "comments": "<!-- ZORBLAX --><p>zorblax <!-- ZORBLAX --> zorblax</p>",
    "entities": "<p>&amp; zorblax&#8217; zorblax &eacute; zorblax&nbsp;</p>",
    "lists and tables": "<ul><li>zorblax</li></ul><table><tr><td>zorblax</td></tr></table>",
    "crlf": "<p>a\r\nzorblax</p>\r\n<p>\rzorblax</p>",
    "wide": "<h1>東京 😀 zorblax</h1>",
    "br": "<p>zorblax<br>zorblax</p>",
    "mixed line endings": "<p>a\rb</p>\n<p title='ZORBLAX'>zorblax &amp; zorblax</p>\r\n<img alt='zorblax'>",
    "a title is no prose": "<p title='ZORBLAX'>zorblax</p><span title=\"it&#8217;s ZORBLAX\">y</span>",
}
EXT = {"markdown": "md", "text": "txt", "html": "html"}
CASES = (
    [("markdown", k, v) for k, v in MARKDOWN.items()]
    + [("text", k, v) for k, v in TEXT.items()]
    + [("html", k, v) for k, v in HTML.items()]
)


def _run_all_formats(tmp_path, name: str, data: bytes):
    make_project(tmp_path)
    (tmp_path / name).write_bytes(data)
    result = invoke(name, "-f", "json", "-o", "out.json", "-f", "github", "-o", "out.gh", "-f", "text",
                    "-o", "out.txt", "--select", "mypack.word", cwd=tmp_path)
    assert result.exit_code in (0, 1), result.output
    findings = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["findings"]
    return findings, (tmp_path / "out.gh").read_text(encoding="utf-8"), (tmp_path / "out.txt").read_text(encoding="utf-8")


def _check_outputs(findings, github: str, text: str, expected, source: str, name: str):
    got = [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in findings if f["match"] == "zorblax"]
    assert sorted(got) == sorted(expected)
    assert not [f for f in findings if "ZORBLAX" in f["match"]], "nothing is reported where no prose is"
    gh = [tuple(int(x) for x in m) for m in
          re.findall(r"line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=mypack\.word::Found 'zorblax'", github)]
    assert sorted(gh) == sorted(expected)
    heads = [(int(a), int(b)) for a, b in re.findall(re.escape(name) + r":(\d+):(\d+): warning mypack\.word Found 'zorblax'", text)]
    assert sorted(heads) == sorted((e[0], e[1]) for e in expected)
    # the caret line marks the match under the source line (ASCII lines: columns are cells)
    lines = re.split(r"\r\n|\r|\n", source)
    for block in re.findall(r"^(\d+) \| (.*)\n *\| ( *)(\^+)", text, re.MULTILINE):
        number, shown, pad, carets = block
        if shown.isascii() and "zorblax" in shown[len(pad):len(pad) + 7]:
            start = len(pad) + 1
            assert shown[start - 1 : start - 1 + len(carets)].lower() == "zorblax", (shown, pad, carets)
            assert (int(number), start) in [(e[0], e[1]) for e in expected]
            assert shown == lines[int(number) - 1].replace("\t", " ")


@pytest.mark.parametrize("fmt,name,source", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_word_position_in_every_output(tmp_path, fmt, name, source):
    expected = expected_positions(source)
    assert expected, "every case has at least one word to report"
    fname = f"case.{EXT[fmt]}"
    findings, github, text = _run_all_formats(tmp_path, fname, source.encode("utf-8"))
    _check_outputs(findings, github, text, expected, source, fname)


@pytest.mark.parametrize("bom,encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                          (codecs.BOM_UTF16_BE, "utf-16-be")])
@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_positions_with_bom(tmp_path, bom, encoding, fmt):
    source = "😀 zorblax\r\n東京 zorblax\rlast\tzorblax\n"
    if fmt == "html":
        source = "<p>" + source + "</p>"
    fname = f"bom.{EXT[fmt]}"
    findings, github, text = _run_all_formats(tmp_path, fname, bom + source.encode(encoding))
    _check_outputs(findings, github, text, expected_positions(source), source, fname)


def test_front_matter_with_bom_and_escapes(tmp_path):
    # an escape stands for a character of the value: the finding covers the escape
    source = '---\ntitle: "caf\\u00e9 zorblax"\n---\n'
    findings, _gh, _text = _run_all_formats(tmp_path, "fm.md", codecs.BOM_UTF8 + source.encode())
    got = {(f["match"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in findings}
    assert got == {("café", 2, 9, 2, 18), ("zorblax", 2, 19, 2, 26)}


def test_html_entity_inside_match(tmp_path):
    source = "<p>zorbl&#97;x and zorbl&#x61;x</p>"
    findings, _gh, _text = _run_all_formats(tmp_path, "e.html", source.encode())
    assert [(f["line"], f["column"], f["end_column"]) for f in findings] == [(1, 4, 15), (1, 20, 32)]


def test_scope_of_each_construct(tmp_path):
    from copylint.formats import read_document

    doc = read_document("x.md", "---\ntitle: T\n---\n# H\n\nP\n\n> Q\n\n- L\n\n| A |\n|---|\n| B |\n\n![Cap](x.png)\n")
    scopes = [(doc.block_text(b), b.scope) for b in doc.blocks]
    assert scopes == [("T", "front_matter"), ("H", "heading"), ("P", "paragraph"), ("Q", "blockquote"),
                      ("L", "list_item"), ("A", "table"), ("B", "table"), ("\ue000", "paragraph"),
                      ("Cap", "caption")]
    assert doc.blocks[0].key == "title"
