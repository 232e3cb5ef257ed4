"""Issue 8's classes through the real CLI: each false alarm stays quiet, each missed form is
found at its exact position, and markup, ignore settings and the new options behave."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli


def _col(text: str, line: int, word: str, nth: int = 1) -> int:
    """The 1-based column of the nth `word` on 1-based `line` of `text`."""
    row, at = text.split("\n")[line - 1], -1
    for _ in range(nth):
        at = row.index(word, at + 1)
    return at + 1


def _findings(tmp_path: Path, name: str, text: str, *args: str) -> list[tuple[str, str, int, int, str]]:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--as-of", "2026-12-01", *args, str(article), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return [(f["rule"], f["severity"], f["line"], f["column"], f["match"])
            for f in json.loads(result.stdout)["findings"]]


def test_profanity_reads_the_sense_in_context(tmp_path):
    text = (
        "The booby-trapped car exploded. Homo sapiens evolved in Africa. Investors saw chunky gains.\n\n"
        "He is a sucker for a good story. They chug beer and shoot craps. The patient began to vomit.\n\n"
        "The rigger, a glamour puss and whiz kid, met Carleton S. Coon. Flame retardants retard the fire.\n\n"
        "The minister said the plan was fucking awful. He called the referee a prick.\n"
    )
    found = _findings(tmp_path, "story.txt", text, "--select", "moderation.profanity")
    assert found == [
        ("moderation.profanity", "error", 7, _col(text, 7, "fucking"), "fucking"),
        ("moderation.profanity", "warning", 7, _col(text, 7, "prick"), "prick"),
    ]


def test_placeholders_in_copy_not_ordinary_words(tmp_path):
    text = (
        "My TODO list is long. He said: \"[insert language here] is the best.\"\n\n"
        "The mayor, TK, said the pool was built in 19XX and cost $XX million.\n"
    )
    found = _findings(tmp_path, "story.txt", text, "--select", "placeholders")
    assert found == [
        ("placeholders.insert-mark", "warning", 1, _col(text, 1, "[insert"), "[insert language here]"),
        ("placeholders.tk", "error", 3, 12, "TK"),
        ("placeholders.xx", "error", 3, _col(text, 3, "19XX"), "19XX"),
        ("placeholders.xx", "error", 3, _col(text, 3, "$XX") + 1, "XX"),
    ]


def test_a_fixme_in_code_is_not_copy(tmp_path):
    text = "The fix:\n\n```python\nx = 1  # FIXME\n```\n\nCall `TODO: later` in the shell.\n"
    assert _findings(tmp_path, "story.md", text, "--select", "placeholders") == []


def test_news_conventions_of_quotes_lists_and_names(tmp_path):
    text = (
        "\"This is the first paragraph of a quote that runs on.\n\n"
        "\"And this is the second,\" he said.\n\n"
        "The steps are: 1) open the door, 8.) close it, and section 4a) applies.\n\n"
        "Free Reign Entertainment released it. Will will chair the meeting.\n\n"
        "They met on Monday.It was cold and the cost,which was high, rose. See example.com, 3.5 and U.S.policy.\n"
    )
    found = _findings(tmp_path, "story.md", text, "--select", "style.unbalanced,typos,style.missing-space")
    assert found == [
        ("style.missing-space", "warning", 9, _col(text, 9, ".It") , "."),
        ("style.missing-space", "warning", 9, _col(text, 9, ",which"), ","),
    ]


def test_the_placeholder_character_never_shows(tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "go-to.yml").write_text(
        "kind: existence\nsummary: s\nmessage: \"'{match}' found\"\nseverity: warning\n"
        "patterns: ['Go to \\S+']\ndoc: {what: w, why: y, example: e, instead: i}\n", encoding="utf-8")
    (tmp_path / ".copylint.yaml").write_text("packs: [house]\nselect: [house]\n", encoding="utf-8")
    found = _findings(tmp_path, "story.md", "Go to https://example.com/a now.\n")
    assert found == [("house.go-to", "warning", 1, 1, "Go to https://example.com/a")]
    article = tmp_path / "story.md"
    out = run_cli("check", str(article), cwd=tmp_path).stdout.decode()
    assert "\ue000" not in out


def test_stamps_name_the_key_and_skip_a_diary_heading(tmp_path):
    text = ("---\npublished: 2020-06-16\n---\n\n## Monday 12 March 2018\n\nWe walked.\n\n"
            "Published Nov. 20, 2019 at 1:39 a.m.\n\nThe story.\n")
    article = tmp_path / "diary.md"
    article.write_text(text, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "stamps.front-matter", "--as-of", "2020-07-01",
                     str(article), cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["column"]) for f in findings] == [(9, 1)]
    assert "'published' is 2020-06-16" in findings[0]["message"]


def test_markup_is_never_prose_and_fixes_leave_it_alone(tmp_path):
    text = (
        "---\ntitle: \"{{ site.name }} news\"\nexcerpt: See <a href=\"/x\">the page</a>.\n---\n\n"
        "Read [the intro]({{ \"/2016/03/01/intro/\" | url }}) here.\n\n"
        "{% image \"a.jpg\" \"the the alt\" %}\n\n"
        "{% highlight python %}\nx = 1 # the the\n{% endhighlight %}\n\n"
        "{{< figure src=\"a.jpg\" caption=\"The the cat\" >}}\n\n"
        "A lead paragraph.\n{: .lead}\n\n"
        "<img src=\"{{ \"/a.gif\" | url }}\" alt=\"Screen\" />\n\n"
        "<Callout type=\"tip\">Keep it.</Callout>\n\n"
        "$ npm install the the package\n\n"
        "Department        : Computers\nEnabled           : True\nName              : Shay\n\n"
        "<!-- the the note -->\n\nThe the end.\n"
    )
    found = _findings(tmp_path, "post.md", text)
    last = text.split("\n").index("The the end.") + 1
    assert [(r, line, col) for r, _s, line, col, _m in found] == [("typos.doubled-word", last, 1)]
    diff = run_cli("check", "--diff", str(tmp_path / "post.md"), cwd=tmp_path).stdout.decode()
    changed = [l for l in diff.splitlines() if l.startswith(("+", "-")) and not l.startswith(("+++", "---"))]
    assert changed == ["-The the end.", "+The end."]


def test_ignore_settings_blocks_and_tokens(tmp_path):
    (tmp_path / ".copylint.yaml").write_text(
        "ignore:\n  blocks: ['=CODE_START=.*?=CODE_END=']\n  tokens: ['\\bXYZZY\\w*']\n", encoding="utf-8")
    text = "Text.\n\n=CODE_START=\nthe the\n=CODE_END=\n\nXYZZYthe the end and the the rest.\n"
    found = _findings(tmp_path, "post.md", text, "--select", "typos.doubled-word")
    assert found == [("typos.doubled-word", "warning", 7, _col(text, 7, "the the", 2), "the the")]


def test_a_bad_ignore_regex_is_a_config_error_with_its_line(tmp_path):
    (tmp_path / ".copylint.yaml").write_text("ignore:\n  tokens:\n    - 'a('\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    result = run_cli("check", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert ".copylint.yaml:3" in result.stderr.decode() and "ignore.tokens" in result.stderr.decode()


def test_gitignore_and_copylintignore_and_files_named_twice(tmp_path):
    (tmp_path / ".git").mkdir()
    site = tmp_path / "site"
    for sub in ("posts", "drafts", "vendor"):
        (site / sub).mkdir(parents=True)
        (site / sub / "a.md").write_text("The the end.\n", encoding="utf-8")
    (site / "posts" / "x.tmp.md").write_text("The the end.\n", encoding="utf-8")
    (site / ".gitignore").write_text("drafts/\n*.tmp.md\n", encoding="utf-8")
    (tmp_path / ".copylintignore").write_text("vendor\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "site", "site/posts/a.md", "site/drafts/a.md", cwd=tmp_path)
    paths = [f["path"] for f in json.loads(result.stdout)["findings"]]
    assert sorted(paths) == ["site/drafts/a.md", "site/posts/a.md"]  # drafts named, posts once


def test_min_level_exit_zero_and_statistics_to_a_file(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("The the end. The mayor, TK, said.\n", encoding="utf-8")
    both = run_cli("check", "--format", "json", str(article), cwd=tmp_path)
    assert {f["severity"] for f in json.loads(both.stdout)["findings"]} == {"warning", "error"}
    errors = run_cli("check", "--format", "json", "--min-level", "error", str(article), cwd=tmp_path)
    assert [f["rule"] for f in json.loads(errors.stdout)["findings"]] == ["placeholders.tk"]
    (tmp_path / ".copylint.yaml").write_text("min-level: error\n", encoding="utf-8")
    from_config = run_cli("check", "--format", "json", str(article), cwd=tmp_path)
    assert [f["rule"] for f in json.loads(from_config.stdout)["findings"]] == ["placeholders.tk"]
    zero = run_cli("check", "--exit-zero", str(article), cwd=tmp_path)
    assert zero.returncode == 0 and b"placeholders.tk" in zero.stdout
    assert run_cli("check", str(article), cwd=tmp_path).returncode == 1
    stats = run_cli("check", "-f", "json", "-o", str(tmp_path / "out.json"), "--statistics", str(article), cwd=tmp_path)
    assert b"placeholders.tk" in stats.stdout and json.loads((tmp_path / "out.json").read_text())["findings"]


def test_config_show_says_where_each_value_came_from(tmp_path):
    (tmp_path / ".copylint.yaml").write_text(
        "extends: default\nfail-on: error\nrules:\n  style.doubled-space: warning\n"
        "overrides:\n  - files: ['posts/*.md']\n    rules:\n      typos: suggestion\n", encoding="utf-8")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("Text.\n", encoding="utf-8")
    out = run_cli("config", "--show", "posts/a.md", cwd=tmp_path).stdout.decode()
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "config file: .copylint.yaml" in out and "extends: preset default" in out
    assert lines["fail-on:"].endswith("# .copylint.yaml:2")
    assert lines["min-level:"].endswith("# default")
    assert "warning" in lines["style.doubled-space"] and lines["style.doubled-space"].endswith("# .copylint.yaml:4")
    assert "suggestion" in lines["typos.doubled-word"] and "(overrides[1])" in lines["typos.doubled-word"]
    assert lines["moderation.profanity"].endswith("# rule default")


def test_archive_classes_stay_quiet_and_real_slips_are_found(tmp_path):
    """The wrong classes read in the 18F and PowerShell Magazine samples (docs/precision.md):
    a table an author wrote, code-like tokens, named marks, a heading that is a name, a
    surname after a given name, a sentence hard-wrapped in the Markdown source, a credit under
    its picture; the slips and
    the leftover beside them are still found."""
    text = (
        "# How we measure coaching\n\n"
        "| Task | Coach | Team |\n|---|---|---|\n| Set goals | X | |\n| Video | [Link](https://a.gov/v) | |\n"
        "| YouTube | No | Updated |\n\n"
        "## Our Civic Digital Fellowship\n\n"
        "The Civic Digital Fellowship places students, and our team writes what we learn.\n\n"
        "## What the fellows learned from the work\n\n"
        "Setting Ensure=”Absent” removes the entry; put it after the closing bracket } of the class.\n\n"
        "But Peter Beaven says the plan (which is new will work. The team will will meet.\n\n"
        "We have improved them. **Please leave a comment on** [this\n"
        "GitHub issue](https://github.com/a/b/issues/1) to share\nyour thoughts, via our [GitHub\n"
        "repo](https://github.com/a/b), or to [our Twitter\naccount](https://twitter.com/a).\n\n"
        "![The crowd at the hackathon](a.jpg)\n*Photo: Jameson Dempesy*\n\n"
        "Share this\n"
    )
    found = _findings(tmp_path, "post.md", text)
    assert [(rule, line, match) for rule, _sev, line, _col, match in found if _sev != "suggestion"] == [
        ("style.unbalanced", 17, "("),
        ("typos.doubled-word", 17, "will will"),
        ("boilerplate.social-widget", 28, "Share this"),
    ]


def test_authored_markdown_lines_are_copy_and_pasted_furniture_is_not(tmp_path):
    """Boilerplate on lines an author marked up in Markdown (issue 8, fifth and sixth archive
    samples): a list item among a component's features or a table of contents, a lead-in
    ending in a colon above its address, a link the author built, an emphasised caption, a
    bold label. Each is a suggestion at most; a plain pasted widget line stays a warning."""
    text = (
        "---\ntitle: Launch\n---\n"
        "Below, everyone shares what they learned.\n\n"
        "* [Accessibility](#accessibility)\n* [Blog](#blog)\n\n"
        "-   Similar to Bootstrap 4 and Foundation\n-   Built with Flexbox\n-   Predictable and nestable\n\n"
        "*Image: Natalie Kurz presents at 18F.*\n\n"
        "**Topic**: Achieve Agile Nirvana Through DevOps!\n\n"
        "[Register now](https://www.eventbrite.com/e/intro-to-apis-12028636977)\n\n"
        "Read more, and download this module here:\n\n"
        "<http://gallery.technet.microsoft.com/scriptcenter/Storage-Spaces-Performance-9366b756>\n\n"
        "* Open the ISE profile\n* Restart ISE\n\n"
        "Like Us on Facebook\n"
    )
    found = _findings(tmp_path, "post.md", text, "--select", "boilerplate")
    serious = [(rule, line, col, match) for rule, sev, line, col, match in found if sev != "suggestion"]
    assert serious == [("boilerplate.social-widget", 26, 1, "Like Us on Facebook")]
    # the rules still read those lines, a level lower: what an author wrote is theirs to judge
    lowered = {(line, match) for rule, sev, line, col, match in found if sev == "suggestion"}
    assert {(10, "Built with Flexbox"), (15, "Topic: Achieve Agile Nirvana Through DevOps!"),
            (17, "Register now"), (23, "Open the ISE profile")} <= lowered
    # a list written one item a paragraph under its lead-in is the author's; widgets after copy are not
    listing = ("A listing of the Modules folder shows the following items:\n\nASEP\n\nConfig\n\nLog\n\nNet\n\n"
               "The last items are folders, and everything else is a file in the module.\n\nShare this\n\nFacebook\n")
    found = _findings(tmp_path, "listing.md", listing, "--select", "boilerplate")
    assert [(rule, sev, line, col, match) for rule, sev, line, col, match in found if match in ("Log", "Share this")] == [
        ("boilerplate.page-furniture", "suggestion", 7, 1, "Log"),
        ("boilerplate.social-widget", "warning", 13, 1, "Share this"),
    ]


def test_title_attributes_hashtags_handles_and_file_types_are_not_words(tmp_path):
    """A tooltip is markup ('<a title="fsutil">', 'Follow Aleksandar on Twitter'); '#msteched',
    '@nytimes' and '.docx' are names. The misspellings beside them are still found."""
    text = (
        'There are utilities for that (e.g. <a title="fsutil" href="http://technet.example/x">fsutil</a>).\n\n'
        'Our own <a title="Follow Aleksandar on Twitter" href="http://twitter.com/a">Aleksandar</a> spoke.\n\n'
        "If you followed #msteched or the @nytimes account, the recieve step was news.\n\n"
        "The files encrypted were Office documents (typically .docx and .xlsx), and the .NET ones survived.\n"
    )
    found = _findings(tmp_path, "post.md", text, "--select", "spelling,boilerplate")
    serious = [(rule, line, col, match) for rule, sev, line, col, match in found if sev != "suggestion"]
    assert serious == [("spelling.unknown-word", 5, _col(text, 5, "recieve"), "recieve")]
    # the link's own text is still prose: a slip in it is found
    slip = text.replace(">fsutil</a>", ">fsutill utility</a>")
    found = _findings(tmp_path, "post.md", slip, "--select", "spelling")
    assert ("spelling.unknown-word", 1, _col(slip, 1, "fsutill utility"), "fsutill") in [
        (rule, line, col, match) for rule, _sev, line, col, match in found]


def test_terms_output_lines_and_verb_after_a_name(tmp_path):
    """'“done done”' is the agile term, set off in quotation marks; a lone 'Description : ...'
    line between code blocks is the command's output; 'what USDS and 18F advise to' is the verb.
    The slips beside them are still found."""
    text = (
        "It is considered “done done.” To be “done done,” a story is done done when tested.\n\n"
        "<pre>(Get-GPO 'wmi filter test').WmiFilter | Format-List</pre>\n\n"
        "Description : This returns a True if the timezone is Pacific\n\n"
        "<pre>Name: Timezone</pre>\n\n"
        "Teams will take what USDS and 18F advise to make their plot flourish. Take my advise and go.\n\n"
        "We can select the current line using :\n"
    )
    found = _findings(tmp_path, "post.md", text, "--select", "typos,style")
    serious = [(rule, line, col, match) for rule, sev, line, col, match in found if sev != "suggestion"]
    assert serious == [
        ("typos.doubled-word", 1, _col(text, 1, "done done", 3), "done done"),
        ("typos.real-word", 9, _col(text, 9, "advise", 2), "advise"),
        ("style.space-before-punctuation", 11, _col(text, 11, " :"), " :"),
    ]


def test_heading_levels_that_keep_a_scheme_are_consistent(tmp_path):
    """Title Case sections over sentence-case subsections (18F's USWDS 2.0 post) follow a
    scheme; a subsection that breaks its level's style is still reported."""
    body = "The common language of designers and developers gives the grid its simple, flexible layout.\n\n"
    text = (
        "## Easier Incremental Adoption\n\n### Add a component, not a headache for your team\n\n" + body +
        "## Practical Design Tokens\n\n### A common language for designers and developers\n\n" + body +
        "## Simplified 12-Column Layout Grid\n\n### A simple, powerful, flexible grid for pages\n\n" + body
    )
    assert _findings(tmp_path, "post.md", text, "--select", "style.headline-case") == []
    broken = text.replace("### A common language for designers and developers",
                          "### A Common Language for Designers and Developers")
    found = _findings(tmp_path, "post.md", broken, "--select", "style.headline-case")
    # no scheme now: every heading votes, the short Title Case sections too, and the
    # sentence-case subsections are the minority
    assert [(rule, line, col) for rule, _sev, line, col, _m in found] == [("style.headline-case", 3, 5),
                                                                         ("style.headline-case", 15, 5)]


def test_short_headings_vote_for_the_house_style(tmp_path):
    """A dozen short Title Case headings ('Batch Fixing') make Title Case the post's style: the
    sentence-case title is the odd one out, not the one long Title Case heading."""
    body = "You can go for it and test drive the new version: it fixes rules in batches and reports them.\n\n"
    heads = ["Unobtrusive Suggestions", "Ignoring Rules", "Batch Fixing", "Runtime Error Detection",
             "Next Steps", "Go For It: Test Drive ISESteroids and PSSharper"]
    text = "---\ntitle: ISESteroids 2.6 with new version of PSSharper released\n---\n" + body + "".join(
        f"### {h}\n\n{body}" for h in heads)
    found = _findings(tmp_path, "post.md", text, "--select", "style.headline-case")
    assert [(rule, line, col, match[:11]) for rule, _sev, line, col, match in found] == [
        ("style.headline-case", 2, 8, "ISESteroids")]
