"""Lay out the Postlight Parser's test pages as a further source of training pages for
`scripts/build_line_model.py --more-pages`.

    python scripts/postlight_pages.py --repo PARSER_CHECKOUT --node-modules DIR -o OUT

The Postlight Parser (github.com/postlight/parser, MIT or Apache 2.0) keeps, for each of the
sites it has an extractor of its own for, a whole page of that site as its test fixture
(`fixtures/*.html`, about 170 pages of news and magazine sites of 2016-19) and the page's URL in
the extractor's test (`src/extractors/custom/DOMAIN/index.test.js`). Its extractors were written
by hand for each site: the content selectors of the article body and the selectors of what to
clean out of it (share rows, related links, ads). So the parser's output for a page's own URL
is a gold text of that page of a kind our two other sources do not give: a site's own reading
of its page. Where a site's extractor finds nothing the parser falls back to its generic
extractor (which also cleans widgets out).

`--node-modules`: a folder where `npm install @postlight/parser` was run (its GitHub-only
dependencies pinned to the registry's: `"overrides": {"difflib": "0.2.4", "browser-request":
"0.3.3"}` in that folder's package.json). Node reads each page (never the network: the page
is given), and OUT gets `release/html/pp-NAME.html.gz` beside `benchmark/ground-truth/pp-NAME.json`
(the title and the content as text, `main_content`; `without` empty), the layout `--pages` reads.
Left out: pages with 200 characters of content or fewer, pages of Japanese sites (the line
model reads Latin script), and the pages of a forum, a paste site, a code host and a video site
(reddit, pastebin, github, youtube), whose comments and listings are not copy.

Nothing of this is committed: only the weights the training writes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_line_model import _Scraper, scrape  # noqa: E402

_NODE = r"""
const fs = require('fs');
const Parser = require('@postlight/parser');
const pairs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const out = [];
  for (const [path, url] of pairs) {
    const html = fs.readFileSync(path, 'utf8');
    try {
      const r = await Parser.parse(url, { html });
      out.push({ path, url, title: r.title || '', content: r.content || '' });
    } catch (e) { console.error(path + ': ' + String(e).slice(0, 100)); }
  }
  fs.writeFileSync(process.argv[3], JSON.stringify(out));
})();
"""
_URL_RE = re.compile(r"url\s*=\s*'([^']+)'")
_FIXTURE_RE = re.compile(r"readFileSync\(\s*'\./fixtures/([^']+)'")
_LEFT_OUT = ("reddit.com", "pastebin.com", "github.com", "youtube.com")


def fixture_urls(repo: Path) -> dict[str, str]:
    """Fixture file name -> the URL its test gives the parser (the first, where several tests read one)."""
    out: dict[str, str] = {}
    for test in sorted((repo / "src" / "extractors" / "custom").glob("*/index.test.js")):
        text = test.read_text(encoding="utf-8")
        marks = sorted([(m.start(), "url", m.group(1)) for m in _URL_RE.finditer(text)]
                       + [(m.start(), "fixture", m.group(1)) for m in _FIXTURE_RE.finditer(text)])
        url = None
        for _at, kind, value in marks:
            if kind == "url":
                url = value
            elif url is not None:
                out.setdefault(value, url)
    return out


class _Prose(_Scraper):
    """The article's text as copy: a paragraph at each block, the markup's own line breaks
    inside a block read as the spaces they are."""

    def handle_data(self, data: str) -> None:
        super().handle_data(data.replace("\r", " ").replace("\n", " "))


def prose(markup: str) -> str:
    return scrape(markup, _Prose)


def kept(name: str) -> bool:
    host = name.split("--")[0]
    return not host.endswith(".jp") and not host.endswith(_LEFT_OUT)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, required=True, help="a checkout of github.com/postlight/parser")
    ap.add_argument("--node-modules", type=Path, required=True,
                    help="the folder where `npm install @postlight/parser` was run")
    ap.add_argument("-o", type=Path, required=True)
    ap.add_argument("--copy", type=Path, metavar="DIR",
                    help="also write each page's article (its title and content) as DIR/pp-NAME.txt, for "
                    "bench/precision.py --source postlight=DIR: copy of many publishers as the parser reads it")
    args = ap.parse_args(argv)
    urls = fixture_urls(args.repo)
    pairs = [(str((args.repo / "fixtures" / name).resolve()), url) for name, url in sorted(urls.items())
             if kept(name[: -len(".html")]) and (args.repo / "fixtures" / name).exists()]
    if not pairs:
        raise SystemExit(f"{args.repo}: no fixture with a test's URL (is it a checkout of postlight/parser?)")
    with tempfile.TemporaryDirectory() as tmp:
        script, given, parsed = Path(tmp, "parse.js"), Path(tmp, "pairs.json"), Path(tmp, "parsed.json")
        script.write_text(_NODE, encoding="utf-8")
        given.write_text(json.dumps(pairs), encoding="utf-8")
        subprocess.run(["node", str(script), str(given), str(parsed)], cwd=args.node_modules, check=True,
                       env={**os.environ, "NODE_PATH": str(args.node_modules.resolve() / "node_modules")})
        results = json.loads(parsed.read_text(encoding="utf-8"))
    pages, truth = args.o / "release" / "html", args.o / "benchmark" / "ground-truth"
    for folder in (pages, truth, *([args.copy] if args.copy else [])):
        folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for item in results:
        if len(item["content"]) <= 200:
            continue
        pid = "pp-" + Path(item["path"]).name[: -len(".html")]
        (pages / (pid + ".html.gz")).write_bytes(gzip.compress(Path(item["path"]).read_bytes(), mtime=0))
        gold = (item["title"] + "\n" + scrape(item["content"])).strip()
        (truth / (pid + ".json")).write_text(json.dumps({"url": item["url"], "ground_truth": {
            "main_content": gold, "without": []}}, ensure_ascii=False), encoding="utf-8")
        if args.copy:
            (args.copy / (pid + ".txt")).write_text((item["title"] + "\n\n" + prose(item["content"])).strip() + "\n",
                                                   encoding="utf-8")
        n += 1
    print(f"{n} pages -> {args.o} (of {len(pairs)} with a test's URL)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
