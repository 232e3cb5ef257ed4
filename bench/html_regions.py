"""Which regions of an HTML page hold furniture: each kind measured on the TRAINING half.

    python bench/html_regions.py --pages DIR [--tags ...] [--roles ...] [--names ...] [--cap 10]

For development of `rules/boilerplate/data/regions.yml` (docs/spelling.md, "Fifth pass"). The
pages are the training half (the even hash of their id) of the web-content-extraction benchmark
(`tiptopjaw/web-content-extraction-benchmark`, 2025-26, Apache 2.0), read as copylint reads an
HTML file; the held-out half is never read. For each kind of region (a tag, a tag outside
<article>/<main>, an ARIA role, a word part of class and id names), the lines
`boilerplate.leftover-line` would add as warnings were that kind alone furniture (beyond the
lines it reports at warning with the page's <nav> only), the share of them that stand in the
page's gold text (the labelling of scripts/build_line_model.py), that share with each page's
lines counted at most `--cap` times (so that one site's mega menu does not decide), and the
pages they stand on. A kind the regions file ships is marked '*'.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_line_model as model  # noqa: E402

from copylint.checks import boilerplate as bp  # noqa: E402
from copylint.checks.linemodel import LineModel  # noqa: E402
from copylint.findings import Severity  # noqa: E402
from copylint.formats.html import read_html  # noqa: E402

_TAGS = "aside footer header"
_ROLES = "navigation banner contentinfo complementary search dialog menu region"
_NAMES = ("footer masthead cookie consent newsletter signup subscribe login account copyright legal offcanvas "
          "drawer menu nav navigation header sidebar widget search related social share breadcrumbs comments "
          "author modal popup")


def kinds(args) -> dict[str, bp.FurnitureRegions]:
    """Each kind to measure, as a regions set of that kind alone."""
    out = {}
    for tag in args.tags.split():
        out[f"<{tag}>"] = bp.FurnitureRegions(tags=frozenset({tag}))
        out[f"<{tag}> outside article/main"] = bp.FurnitureRegions(outside_body=frozenset({tag}))
    for role in args.roles.split():
        out[f"role={role}"] = bp.FurnitureRegions(roles=frozenset({role}))
    for name in args.names.split():
        out[f"name {name}"] = bp.FurnitureRegions(names=frozenset({name}))
    return out


def shipped(kind: bp.FurnitureRegions, data: bp.FurnitureRegions) -> bool:
    return (kind.tags <= data.tags and kind.outside_body <= (data.outside_body | data.tags)
            and kind.roles <= data.roles and kind.names <= data.names)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--tags", default=_TAGS)
    ap.add_argument("--roles", default=_ROLES)
    ap.add_argument("--names", default=_NAMES)
    ap.add_argument("--cap", type=int, default=10, help="a page's lines counted at most this many times in the capped share")
    args = ap.parse_args(argv)
    html_model = LineModel.load(bp._model_path()).load_html(bp._html_model_path())
    interface = bp.interface_words()
    measured = kinds(args)
    data = bp.furniture_regions()
    # kind -> page id -> [lines added, of them in the gold]
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    pages = 0
    for _src, pid, text, gold in model.benchmark_pages(args.pages, markup=True):
        if not model.train_half(pid):
            continue  # the held-out half is never read here
        pages += 1
        doc = read_html("page.html", text)
        lines = bp.standalone_lines(doc)
        patterned = bp.patterned_lines(doc)
        stamped = bp._stamp_starts(doc)
        before = bp.model_lines(doc, html_model, interface, regions=bp.FurnitureRegions())  # the <nav> only
        warned = {hit[0].start for hit in before if hit[3] >= Severity.WARNING}
        gnorm = " " + model.norm(gold) + " "
        glines = {model.norm(g) for g in gold.splitlines() if g.strip()}
        for name, kind in measured.items():
            for line, _p, _words, level in bp._nav_lines(doc, lines, patterned, stamped, before, kind):
                if level < Severity.WARNING or line.start in warned:
                    continue  # a suggestion it leaves, or a line already at warning
                key = model.norm(line.norm)
                content = key in glines if line.words <= 3 else (" " + key + " ") in gnorm
                cell = tally[name][pid]
                cell[0] += 1
                cell[1] += content
    print(f"{pages} training pages read as HTML; lines added by each kind alone (* shipped in regions.yml)\n")
    print(f"| kind | lines added | in the gold | capped at {args.cap} a page | pages (with gold lines) |")
    print("|---|---|---|---|---|")
    for name, kind in measured.items():
        cells = tally.get(name, {})
        n = sum(a for a, _b in cells.values())
        gold_n = sum(b for _a, b in cells.values())
        capped = sum(min(a, args.cap) for a, _b in cells.values())
        capped_gold = sum(b * min(a, args.cap) / a for a, b in cells.values() if a)
        mark = " *" if shipped(kind, data) else ""
        print(f"| {name}{mark} | {n:,} | {gold_n / max(n, 1):.1%} | {capped_gold / max(capped, 1):.1%} | "
              f"{len(cells)} ({sum(1 for _a, b in cells.values() if b)}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
