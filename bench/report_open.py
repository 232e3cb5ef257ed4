"""How long the HTML review report takes to open in Chromium, and how big it is.

    .venv/bin/python bench/report_open.py REPORT.html [REPORT.html ...]

For each report: its size, and the time from navigation until the page is ready to use (the
script has run and set `data-ready` on <body>), then the time a search and a filter take.
Needs Playwright and Chromium (/usr/bin/chromium or COPYLINT_CHROMIUM). Prints figures only.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

CHROMIUM = os.environ.get("COPYLINT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def main(paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    exe = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        for path in paths:
            report = Path(path).resolve()
            runs = []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                t0 = time.perf_counter()
                page.goto(report.as_uri())
                page.wait_for_load_state("load")
                if page.query_selector("#q"):  # a report written before the review queue has no search
                    page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
                ready = time.perf_counter() - t0
                t1 = time.perf_counter()
                if page.query_selector("#q"):
                    page.fill("#q", "said")
                    page.evaluate("document.getElementById('shown').textContent")
                search = time.perf_counter() - t1
                t2 = time.perf_counter()
                box = page.query_selector("input[data-filter='severity'][value='suggestion']")
                if box:
                    box.uncheck()
                filt = time.perf_counter() - t2
                shown = page.text_content("#shown")
                runs.append((ready, search, filt, shown))
                page.close()
            best = min(runs)
            size = report.stat().st_size / 1e6
            print(f"{report.name}: {size:.2f} MB, ready in {best[0]:.2f} s (best of 3), "
                  f"search {best[1]:.2f} s, filter {best[2]:.2f} s, {best[3]} findings left shown")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
