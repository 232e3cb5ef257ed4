"""The HTML review report, opened in a real headless Chromium through Playwright."""

from __future__ import annotations

import json
import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli
from test_reporters import ARTICLE_MD, make_project

CHROMIUM = os.environ.get("COPYLINT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

HOSTILE_TXT = (
    "Breaking: <script>window.__pwned=1;alert(1)</script> was very odd.\n\n"
    '<img src=x onerror="window.__pwned=2;alert(2)"> really.\n\n'
    "</pre></mark><script>window.__pwned=3</script> q|p\n"
)
HOSTILE_HTML = (
    "<html><body><article><p>A very calm day.</p>"
    "<script>window.__pwned=4</script><img src=x onerror=\"window.__pwned=5\">"
    "<p>Really.</p></article></body></html>\n"
)


def make_report(tmp_path: Path) -> tuple[Path, list[dict]]:
    project = make_project(tmp_path, {"story.md": ARTICLE_MD, "zz/hostile.txt": HOSTILE_TXT,
                                      "zz/hostile.html": HOSTILE_HTML, "clean.txt": "Nothing here.\n"})
    res = run_cli("--format", "html", "-o", "report.html", "--format", "json", ".", cwd=project)
    assert res.returncode == 1, res.stderr.decode()
    return project / "report.html", json.loads(res.stdout)["findings"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_report_is_self_contained_and_escaped(tmp_path):
    report, _ = make_report(tmp_path)
    parser = _Tags()
    parser.feed(report.read_text(encoding="utf-8"))
    names = [t for t, _ in parser.tags]
    assert names.count("script") == 1 and names.count("style") == 1
    assert "img" not in names and "link" not in names and "iframe" not in names
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert not any("src" in attrs for _, attrs in parser.tags)
    hrefs = [a["href"] for t, a in parser.tags if t == "a"]
    # the rule link and the index's links to the files' sections, nothing else
    assert hrefs and set(hrefs) - {"#file-1", "#file-2", "#file-3"} == {"https://example.org/weasel"}
    csp = [a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "unsafe-inline" not in csp[0]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                              args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path):
    report, findings = make_report(tmp_path)
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    events = {"dialogs": [], "console": [], "requests": []}
    pg.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    pg.on("console", lambda m: events["console"].append(m.text))
    pg.on("request", lambda r: events["requests"].append(r.url))
    pg.goto(report.as_uri())
    pg.wait_for_load_state("load")
    pg.events = events
    pg.findings = findings
    yield pg
    pg.close()


def _rendered(pg):
    """Each finding in the page: its id, file, severity, pack and the text of its highlights."""
    return pg.evaluate("""() => Array.from(document.querySelectorAll('section.file')).flatMap(sec =>
        Array.from(sec.querySelectorAll('li.finding')).map(li => ({
          id: li.dataset.id,
          path: sec.querySelector('h2').textContent,
          severity: li.dataset.severity,
          pack: li.dataset.pack,
          hidden: li.hidden || sec.hidden,
          marks: Array.from(sec.querySelectorAll('mark.hl')).filter(m => m.dataset.f.split(' ').includes(li.dataset.id)),
        })).map(o => Object.assign(o, {
          text: o.marks.map(m => m.textContent).join(''),
          off: o.marks.every(m => m.classList.contains('off')),
          marks: o.marks.length,
        })))""")


def test_highlights_sit_on_the_findings_words(page):
    shown = _rendered(page)
    # files come worst first; within a file, findings in text order
    order = list(dict.fromkeys(i["path"] for i in shown))
    expected = sorted(page.findings, key=lambda f: order.index(f["path"]))
    assert len(shown) == len(expected) and len(expected) >= 10
    for item, f in zip(shown, expected):
        assert item["path"] == f["path"]
        assert item["severity"] == f["severity"]
        assert item["pack"] == f["rule"].split(".")[0]
        assert item["text"] == f["match"], (item, f)
    # "really very" overlaps the weasel words "really" and "very": pieces carry both findings
    multi = page.evaluate("Array.from(document.querySelectorAll('mark.hl.multi')).map(m => m.textContent)")
    assert "really" in multi and "very" in multi


def test_hostile_article_runs_nothing(page):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.events["dialogs"] == []
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    text = page.evaluate("Array.from(document.querySelectorAll('pre.text')).map(p => p.textContent).join('\\n')")
    assert "<script>window.__pwned=1;alert(1)</script>" in text
    assert '<img src=x onerror="window.__pwned=2;alert(2)">' in text
    assert "</pre></mark><script>window.__pwned=3</script>" in text
    assert all(url.startswith("file://") for url in page.events["requests"])
    assert not [m for m in page.events["console"] if "Content Security Policy" in m]  # our own code is allowed
    colour = page.evaluate("getComputedStyle(document.querySelector('mark.hl.sev-error')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # the inline style applied under the CSP


def test_filters_hide_and_show_findings(page):
    total = len(page.findings)
    assert page.text_content("#shown") == str(total)
    page.uncheck("input[data-filter='severity'][value='warning']")
    after = _rendered(page)
    assert all(i["hidden"] == (i["severity"] == "warning") for i in after)
    assert all(i["off"] for i in after if i["severity"] == "warning" and i["text"] in ("very", "really")
               and i["path"] == "zz/hostile.txt")
    n_warn = sum(1 for f in page.findings if f["severity"] == "warning")
    assert page.text_content("#shown") == str(total - n_warn)
    # a piece covered by a hidden warning and a shown error keeps the error's colour
    assert page.evaluate("""Array.from(document.querySelectorAll('mark.hl.sev-error'))
        .map(m => m.textContent).join('|')""").count("really") >= 1
    page.uncheck("input[data-filter='pack'][value='mypack']")
    after = _rendered(page)
    assert [i["pack"] for i in after if not i["hidden"]] == ["otherpack"] * sum(
        1 for f in page.findings if f["rule"].startswith("otherpack.") and f["severity"] != "warning")
    # a file with nothing left to show is hidden
    assert page.evaluate("document.querySelector('section.file h2').closest('section').hidden") is True
    page.check("input[data-filter='severity'][value='warning']")
    page.check("input[data-filter='pack'][value='mypack']")
    assert not any(i["hidden"] for i in _rendered(page))
    assert page.text_content("#shown") == str(total)


def test_keyboard_moves_from_finding_to_finding(page):
    order = [i["id"] for i in _rendered(page)]
    active = lambda: page.evaluate("document.activeElement.dataset.id || null")  # noqa: E731
    page.keyboard.press("j")
    assert active() == order[0]
    page.keyboard.press("j")
    assert active() == order[1]
    page.keyboard.press("n")
    assert active() == order[2]
    page.keyboard.press("k")
    assert active() == order[1]
    page.keyboard.press("p")
    page.keyboard.press("p")
    assert active() == order[-1]  # wraps round
    # the focused finding's highlights are marked current
    current = page.evaluate("Array.from(document.querySelectorAll('mark.current')).map(m => m.textContent).join('')")
    assert current == _rendered(page)[-1]["text"]
    # hidden findings are skipped
    page.uncheck("input[data-filter='severity'][value='error']")
    visible = [i["id"] for i in _rendered(page) if not i["hidden"]]
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert active() in visible
    # Tab reaches findings too: they are focusable
    assert page.evaluate("document.querySelector('li.finding').tabIndex") == 0
    # clicking a highlight focuses its finding
    page.check("input[data-filter='severity'][value='error']")
    page.click("mark.hl >> nth=0")
    first_mark_ids = page.evaluate("document.querySelector('mark.hl').dataset.f.split(' ')")
    assert active() in first_mark_ids


def _index_rows(pg):
    return pg.evaluate("""() => Array.from(document.querySelectorAll('tr[data-file]')).map(tr => ({
        path: tr.querySelector('a').textContent, hidden: tr.hidden,
        counts: Array.from(tr.querySelectorAll('td.n')).map(td => Number(td.textContent))}))""")


def _counts_by_path(findings):
    out = {}
    for f in findings:
        c = out.setdefault(f["path"], [0, 0, 0])
        c[["error", "warning", "suggestion"].index(f["severity"])] += 1
    return out


def test_index_lists_files_worst_first_and_counts_follow_the_filters(page):
    rows = _index_rows(page)
    expected = _counts_by_path(page.findings)
    assert {r["path"]: r["counts"] for r in rows} == expected
    assert [r["counts"] for r in rows] == sorted(expected.values(), reverse=True)  # errors, then warnings, ...
    sections = page.evaluate("Array.from(document.querySelectorAll('section.file h2')).map(h => h.textContent)")
    assert sections == [r["path"] for r in rows]  # the queue below follows the index
    page.uncheck("input[data-filter='severity'][value='warning']")
    rows = _index_rows(page)
    assert all(r["counts"][1] == 0 for r in rows)
    assert {r["path"]: r["counts"][0] + r["counts"][2] for r in rows if not r["hidden"]} == {
        p: c[0] + c[2] for p, c in expected.items() if c[0] + c[2]}
    # a facet counts what would show if it were ticked: warnings still say how many there are
    n_warn = sum(1 for f in page.findings if f["severity"] == "warning")
    assert page.text_content("[data-count-severity='warning']") == str(n_warn)
    by_pack = sum(1 for f in page.findings if f["rule"].startswith("mypack.") and f["severity"] != "warning")
    assert page.text_content("[data-count-pack='mypack']") == str(by_pack)


def test_search_box_narrows_findings_index_and_counters(page):
    page.fill("#q", "utilise")
    wanted = [f for f in page.findings if "utilise" in (f["match"] + f["message"]).lower()]
    assert wanted
    shown = [i for i in _rendered(page) if not i["hidden"]]
    assert len(shown) == len(wanted) and page.text_content("#shown") == str(len(wanted))
    assert {r["path"] for r in _index_rows(page) if not r["hidden"]} == {f["path"] for f in wanted}
    assert page.text_content("#shown-files") == str(len({f["path"] for f in wanted}))
    page.fill("#q", "hostile.txt very")  # every word must match, in the finding or its file's path
    assert {i["path"] for i in _rendered(page) if not i["hidden"]} == {"zz/hostile.txt"}
    page.fill("#q", "")
    assert page.text_content("#shown") == str(len(page.findings))


def test_large_run_shows_passages_and_the_whole_text_on_request(browser, tmp_path):
    filler = "The council met on Tuesday and talked about the roads for a long time. " * 60  # ~4.3 kB
    articles = {f"site/{n:03d}.txt": f"{filler}\n\nIt was very late.\n\n{filler}\n" for n in range(50)}
    project = make_project(tmp_path, articles)
    res = run_cli("--format", "html", "-o", "report.html", "--format", "json", "site", cwd=project)
    assert res.returncode == 1, res.stderr.decode()
    findings = json.loads(res.stdout)["findings"]
    report = project / "report.html"
    text_size = sum(len(t) for t in articles.values())
    assert report.stat().st_size < text_size / 4  # passages only, the whole texts compressed
    pg = browser.new_page()
    pg.goto(report.as_uri())
    pg.wait_for_selector("body[data-ready]", state="attached")
    assert len(_rendered(pg)) == len(findings) == 50
    first = pg.query_selector("section.file")
    passage = first.query_selector("pre.passage").text_content()
    assert "very" in passage and len(passage) < 400
    assert [i["text"] for i in _rendered(pg)] == ["very"] * 50
    first.query_selector("button.whole").click()
    pg.wait_for_selector("section.file pre.text:not(.passage)", state="attached")
    whole = first.query_selector("pre.text").text_content()
    path = first.query_selector("h2").text_content()
    assert whole == articles[path]
    assert first.query_selector("mark.hl").text_content() == "very"
    pg.uncheck("input[data-filter='severity'][value='warning']")  # the inserted text follows the filters
    assert first.query_selector("mark.hl").get_attribute("class").split()[-1] == "off"
    pg.close()
