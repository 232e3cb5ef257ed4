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
    assert hrefs and set(hrefs) == {"https://example.org/weasel"}  # the rule link, nothing else
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
    expected = page.findings
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
    assert current == page.findings[-1]["match"]
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
