"""Regenerate docs/report.png: the HTML report of examples/article.md in headless Chromium.

    .venv/bin/python scripts/screenshot_report.py

Needs Debian's chromium and the playwright package (the `test` extra); never downloads a browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run(
            [sys.executable, "-m", "copylint", "examples/article.md", "--as-of", "2018-02-20",
             "--format", "html", "-o", str(report)],
            cwd=ROOT, check=False, capture_output=True,
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 1150})
            page.goto(report.as_uri())
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
            browser.close()
    print("wrote docs/report.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
