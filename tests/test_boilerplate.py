"""The boilerplate pack end to end: the seed's leftovers, fixes, and precision on real extractor output."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys

from conftest import ROOT, run_cli, shared_path
from copylint.checks.boilerplate import line_patterns
from copylint.registry import load_catalog


def _findings(*args: str) -> list[dict]:
    proc = run_cli(*args, "--format", "json")
    return json.loads(proc.stdout)["findings"]


def test_seed_leftovers_found_at_their_places():
    seed = shared_path("examples", "seed-article.txt")
    found = {(f["line"], f["column"], f["end_column"], f["rule"]) for f in _findings(str(seed), "--select", "boilerplate")}
    assert found == {
        (3, 1, 22, "boilerplate.signup-prompt"),
        (9, 1, 23, "boilerplate.media-credit"),
        (13, 1, 20, "boilerplate.social-widget"),
        (31, 1, 20, "boilerplate.page-furniture"),
    }


def test_safe_fix_deletes_ad_lines_and_leaves_unsafe_ones(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(
        "The council voted.\nADVERTISEMENT\nThe pool will close.\n\nLike Us on Facebook\n", encoding="utf-8"
    )
    proc = run_cli(str(article), "--select", "boilerplate", "--fix")
    assert proc.returncode == 1  # the widget line is still there
    assert article.read_text(encoding="utf-8") == "The council voted.\nThe pool will close.\n\nLike Us on Facebook\n"
    (left,) = _findings(str(article), "--select", "boilerplate")
    assert left["rule"] == "boilerplate.social-widget" and left["fix"]["safe"] is False


def test_markdown_widget_paragraph(tmp_path):
    article = tmp_path / "story.md"
    article.write_text("# Budget\n\nThe council voted.\n\n**Follow us on Twitter**\n\nThe pool will close.\n",
                       encoding="utf-8")
    (f,) = _findings(str(article), "--select", "boilerplate")
    assert (f["line"], f["column"], f["match"]) == (5, 3, "Follow us on Twitter")


def test_data_file_is_not_read_as_a_rule():
    catalog = load_catalog()
    ids = {rid for rid in catalog.rules if rid.startswith("boilerplate.")}
    # every pattern rule has its patterns; site-furniture reads the learned packs, leftover-line the line model
    assert set(line_patterns()) == {rid.split(".", 1)[1] for rid in ids} - {"site-furniture", "leftover-line"}
    assert not any("lines" in rid or "data" in rid for rid in ids)


def test_extraction_leftovers_flagged_without_touching_gold_copy(tmp_path):
    """On real extractor output (the bench script's own measure), flagged lines are leftovers, not copy."""
    shared = shared_path("eval", "extraction").parent.parent
    spec = importlib.util.spec_from_file_location("precision", ROOT / "bench" / "precision.py")
    precision = importlib.util.module_from_spec(spec)
    sys.modules["precision"] = precision  # dataclasses look their module up while the class is built
    spec.loader.exec_module(precision)
    opts = precision.Options(shared=shared, select=("boilerplate", "stamps"), jobs=2, as_of=dt.date(2019, 11, 20))
    result = precision.run_extraction(opts, precision._write_config(str(tmp_path)), str(tmp_path))
    flagged = sum(t["serious"].flagged for t in result.extractors.values())
    in_gold = sum(t["serious"].in_gold for t in result.extractors.values())
    assert flagged >= 1000  # the set is full of furniture
    assert in_gold * 100 <= flagged, result.gold_examples[:20]  # at most 1 in 100
    assert not result.problems


def test_precision_script_writes_its_figures(tmp_path):
    """The bench script as developers run it: real processes, Markdown out."""
    shared = shared_path("corpus", "bbc-news").parent.parent
    out = tmp_path / "precision.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "precision.py"), "--shared", str(shared), "--select", "boilerplate",
         "--write", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text == proc.stdout
    assert re.search(r"\| bbc \| 2225 \| [\d,]+ \|", text)
    no_finding = re.search(r"Rules in force with no finding on any source: (.*)", text)
    assert no_finding and "`boilerplate.social-widget`" in no_finding.group(1)  # clean copy: no widget
    total = re.search(r"\| \*\*total\*\* \| (\d+) \| (\d+) \|", text)
    assert int(total.group(1)) >= 1000 and int(total.group(2)) * 100 <= int(total.group(1))


def test_the_line_model_ships_its_weights_with_their_provenance():
    """The classifier of boilerplate.leftover-line: weights and thresholds only, no page text,
    documented beside the data; a warning asks more than a suggestion."""
    from copylint.checks.boilerplate import _model_path
    from copylint.checks.linemodel import LineModel

    model = LineModel.load(_model_path())
    assert model.warning >= model.suggestion and model.warning_words >= model.suggestion_words
    assert len(model.weights) > 100 and model.vocabulary
    assert all(len(k) < 40 for k in model.weights)  # feature names, not lines of pages
    readme = (ROOT / "rules" / "boilerplate" / "data" / "README.md").read_text(encoding="utf-8")
    assert "line-model.json" in readme and "build_line_model.py" in readme
    # the model of HTML pages: the same words, and the links as features
    from copylint.checks.boilerplate import _html_model_path

    html = model.load_html(_html_model_path())
    assert html.word_weights is model.word_weights and html.vocabulary == model.vocabulary
    assert {"link:all", "link:none", "link:row"} <= set(html.weights) and html.link_menu < 1.0
    assert "line-model-html.json" in readme


def test_the_line_models_word_score_is_the_features_word_evidence():
    """The rule reads a line's word score from its text before it builds the features (most
    lines of copy stop there); both must say the same, or the pruning would change findings."""
    from copylint.checks.boilerplate import _model_path, interface_words, standalone_lines
    from copylint.checks.linemodel import LineModel, line_features, page_context, word_evidence, word_score
    from copylint.formats.text import read_text

    model = LineModel.load(_model_path())
    text = ("The council voted on Tuesday to close the pool for the summer months.\n\nFacebook\nAbout\n"
            "Privacy Policy\nMost read in world news\nUpdated 2 days ago at 07:50 am\nNovember\n"
            "Sign in with Google\nThe mayor said the pool would reopen in June after repairs.\n")
    lines = standalone_lines(read_text("page.txt", text))
    page = page_context(lines, {2, 4})
    for i, line in enumerate(lines):
        features = line_features(lines, i, interface_words(), False, 1, model.vocabulary, page)
        assert word_score(model, line.norm) == word_evidence(model, features), line.norm
    assert word_score(model, "About") > model.suggestion_words > word_score(model, "The pool will close.")


def test_a_menu_that_holds_a_patterns_line_is_read_apart_from_its_neighbours():
    """PageContext.in_menu: a line of a run of three or more short lines that holds a pattern's
    line, not next to it, on a page of five or more pattern lines; a short run, a run without
    a pattern's line or a page with fewer pattern lines is not a menu with furniture."""
    from copylint.checks.boilerplate import standalone_lines
    from copylint.checks.linemodel import page_context
    from copylint.formats.text import read_text

    text = ("The council voted on Tuesday to close the pool for the summer months.\n\nA\n\nB\n\nC\n\n"
            "The pool will reopen in June after repairs, the mayor said on Monday.\n\n"
            "Facebook\nTwitter\nWeather\nTraffic\nOur Stories\n\nThe mayor said so on Monday.\n\nArchive\nOur Team\n")
    lines = standalone_lines(read_text("page.txt", text))
    words = [line.norm for line in lines]
    widgets = {words.index(w) for w in ("A", "B", "C", "Facebook", "Twitter")}
    page = page_context(lines, widgets)
    menu = [line.norm for i, line in enumerate(lines) if page.in_menu(i)]
    assert menu == ["Traffic", "Our Stories"]  # 'Weather' stands next to 'Twitter': beside, not in_menu
    assert page.beside(words.index("Weather")) and not page.in_menu(words.index("Weather"))
    assert not any(page_context(lines, widgets - {words.index("A")}).in_menu(i) for i in range(len(lines)))


def test_an_html_pages_links_are_kept_as_prose_spans():
    """formats.html records the prose span of each <a>'s text; link_share is the share of a
    span that is link text, 0.0 outside a link and for a document of another format; a link
    never closed runs to the end of the page."""
    from copylint.checks.boilerplate import standalone_lines
    from copylint.formats.html import LINKS, link_share, read_html
    from copylint.formats.text import read_text

    doc = read_html("page.html", "<ul><li><a href='/'>Home</a></li><li><a href='/h'>Help</a> desk</li></ul>"
                                 "<p>The pool will close, <a href='/x'>the mayor</a> said.</p><p><a href=y>Archive")
    shares = {line.norm: round(link_share(doc, line.start, line.end), 2) for line in standalone_lines(doc)}
    assert shares == {"Home": 1.0, "Help desk": 0.44, "The pool will close, the mayor said.": 0.25, "Archive": 1.0}
    assert [doc.prose[a:b] for a, b in doc.analysis(LINKS, tuple)] == ["Home", "Help", "the mayor", "Archive"]
    text = read_text("page.txt", "Home\n\nHelp desk\n")
    assert all(link_share(text, line.start, line.end) == 0.0 for line in standalone_lines(text))


def test_an_html_pages_regions_are_kept_with_their_tag_role_and_name_parts():
    """formats.html records each block that says what it holds (a landmark tag, a role, class or
    id names) as a Region: its prose span, the first token of its role, the word parts of its
    names split at separators and changes of case, and whether it opened inside <article> or
    <main>; a block closed by its parent's end tag ends there, one never closed runs to the end;
    an HTML block of a Markdown file records none."""
    from copylint.formats.html import name_parts, read_html, regions
    from copylint.formats.markdown import read_markdown

    assert name_parts("c-social_share navBar HTMLParser x2") == {"c", "social", "share", "nav", "bar", "html",
                                                                 "parser", "x", "2"}
    doc = read_html("page.html", "<div id=siteFooter role='contentinfo banner'><p>Jobs</p></div>"
                                 "<main><footer><p>Notes</p></footer><section class=share><p>Body</p></main>"
                                 "<aside><p>Weather</p>")
    found = [(r.tag, r.role, sorted(r.names), r.in_body, " ".join(doc.prose[r.start:r.end].split())) for r in regions(doc)]
    assert found == [("div", "contentinfo", ["footer", "site"], False, "Jobs"),
                     ("main", "", [], False, "Notes Body"),
                     ("footer", "", [], True, "Notes"),
                     ("section", "", ["share"], True, "Body"),
                     ("aside", "", [], False, "Weather")]
    md = read_markdown("page.md", "Text.\n\n<footer><p>Jobs</p></footer>\n", ())
    assert regions(md) == ()


def test_a_menu_of_links_is_a_run_of_short_lines_most_of_them_links():
    """PageContext.link_menu: a link of a run of three or more short lines of which three in
    four or more are links; not a line of copy among them, nor a run on a page without links."""
    from copylint.checks.boilerplate import standalone_lines
    from copylint.checks.linemodel import link_features, page_context
    from copylint.formats.html import link_cover, read_html

    page_html = ("<p>The council voted on Tuesday to close the pool for the summer months.</p>"
                 "<ul><li><a href=a>Weather</a></li><li><a href=b>Traffic</a></li><li>Help</li>"
                 "<li><a href=c>Our Stories</a></li></ul><p>The mayor said so on Monday, and left.</p>"
                 "<ul><li><a href=d>Archive</a></li><li>Team</li><li>Jobs</li></ul>"
                 "<p>The pool will reopen in June after repairs, <a href=e>the mayor</a> said.</p>"
                 "<div><a href=f>Home</a> <a href=g>News</a> <a href=h>Sport</a></div>")
    doc = read_html("page.html", page_html)
    lines = standalone_lines(doc)
    page = page_context(lines, set(), [link_cover(doc, line.start, line.end) for line in lines])
    assert [line.norm for i, line in enumerate(lines) if page.link_menu(i)] == ["Weather", "Traffic", "Our Stories",
                                                                               "Home News Sport"]
    help_line = [line.norm for line in lines].index("Help")
    assert link_features(page, help_line) == {"link:none": 1.0, "prev:link": 1.0, "next:link": 1.0,
                                              "run:links:not-one": 1.0}
    assert not any(page_context(lines, set()).link_menu(i) for i in range(len(lines)))
    row = [line.norm for line in lines].index("Home News Sport")
    assert link_features(page, row) == {"link:some": 1.0, "link:row": 1.0}  # the spaces between are no link
