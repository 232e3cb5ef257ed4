"""Recall of web-furniture lines and precision of the line packs on held-out real pages.

    python bench/leftover_recall.py --extraction ../shared/eval/extraction --pages DIR
        [--labels bench/data/leftover-labels.tsv] [--write-sample FILE] [-n 200] [--seed 11]

The pages are those `scripts/build_line_model.py` holds out (the odd hash of their id), from
two sources: the extraction benchmark in shared/ (news, 2019, nine extractors' output) and the
web-content-extraction benchmark (1,000 pages of 2025-26, scraped to text by the script); see
rules/boilerplate/data/README.md. Each page's text is linted with the line packs (boilerplate,
stamps) through the real Session.

- Precision: every line flagged at warning or error, a false positive when the line is content
  of the page's gold text (the labelling of the training script).
- Recall of furniture: a random sample of the distinct leftover lines of 15 words or fewer
  (not in the gold text) per source, labelled by hand: F when the line's own words say it is
  page furniture (widgets, prompts, bylines, datelines, credits, copyright, interface and
  navigation labels, template and code leftovers), N when it is a section name alone, another
  story's headline or copy the gold left out. The labels file holds the source, the page id,
  a hash of the line and the label: no page text. `--write-sample` writes the lines to label.
  Two held-out samples are read by default: `leftover-labels.tsv` (the first 250 held-out pages
  a source, seed 11) and `leftover-labels-2.tsv` (every held-out page, seed 2026, labelled before
  the rules it measures were changed; its fifth column names the class of each furniture line,
  and recall is printed by class too). `leftover-labels-dev.tsv` is a sample of the training
  half, for development only: never report it.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_line_model as model  # noqa: E402

from copylint.findings import Severity  # noqa: E402
from copylint.session import Session  # noqa: E402

_SERIOUS = (Severity.WARNING, Severity.ERROR)


def line_hash(text: str) -> str:
    return hashlib.sha1(model.norm(text).encode("utf-8")).hexdigest()[:12]


def held_out(extraction: Path, pages: Path, limit: int, html: bool = True, half: str = "held-out"):
    n = 0
    sources = [model.extraction_pages(extraction), model.benchmark_pages(pages)]
    if html:  # the second source's pages again, their HTML read as copylint reads an HTML file
        sources.append(model.benchmark_pages(pages, markup=True))
    for source in sources:
        taken = 0
        for src, pid, text, gold in source:
            if model.train_half(pid) != (half == "train") or (limit and taken >= limit):
                continue
            taken += 1
            n += 1
            yield src, pid, text, gold


def flagged_lines(session: Session, text: str, ignore: tuple[str, ...], html: bool = False,
                  ) -> dict[str, tuple[Severity, str]]:
    """Normalised text of each flagged line -> (its most severe level, the rule): the source line
    of a text, the line the rules read of an HTML page (the finding's span)."""
    lines = text.split("\n")
    out: dict[str, tuple[Severity, str]] = {}
    config = {"select": ["boilerplate", "stamps"], "ignore": list(ignore)}
    for f in session.lint_text(text, filename="page.html" if html else "page.txt", config=config):
        if html:
            key = model.norm(_line_at(session, text, f))
        else:
            key = model.norm(lines[f.start.line - 1])
        old = out.get(key)
        if old is None or f.severity > old[0]:
            out[key] = (f.severity, f.rule)
    return out


_HTML_LINES: dict[int, tuple] = {}


def _line_at(session: Session, text: str, finding) -> str:
    """The standalone line of an HTML page (as the boilerplate rules read it) a finding stands in."""
    from copylint.checks import boilerplate
    from copylint.formats.html import read_html

    key = id(text)
    if _HTML_LINES.get(key, (None,))[0] is not text:
        doc = read_html("page.html", text)
        spans = [(doc.to_source(line.start, line.end), line.norm) for line in boilerplate.standalone_lines(doc)]
        _HTML_LINES.clear()
        _HTML_LINES[key] = (text, doc, spans)
    _t, doc, spans = _HTML_LINES[key]
    for (a, b), norm in spans:
        if a <= finding.offset < max(b, a + 1):
            return norm
    return ""


def read_labels(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(source, page id, line hash) -> (label, class) of a labels file."""
    labels = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            cols = row.split("\t") + [""]
            labels[(cols[0], cols[1], cols[2])] = (cols[3], cols[4].strip())
    return labels


def print_recall(labels, runs, found, lines) -> None:
    """Recall of the furniture lines of a labelled sample at warning and above, by source and
    class. The second source's labels are read against its scraped text ("pages") and against
    its HTML ("html": a labelled line the HTML reader joins to its neighbours, or does not read,
    counts as missed; how many it reads as lines is printed)."""
    for run in runs:
        groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for (src, pid, h), (label, kind) in labels.items():
            if label == "F":
                groups[(src, "")].append((pid, h))
                if kind:
                    groups[(src, kind)].append((pid, h))
        sampled = defaultdict(int)
        for (src, _pid, _h), (label, _kind) in labels.items():
            sampled[src] += label != "X"
        for (src, kind), keys in sorted(groups.items()):
            for read in ((src, "html") if src == "pages" and found[run].get("html") else (src,)):
                got = found[run].get(read, {})
                warn = sum(1 for k in keys if got.get(k) in _SERIOUS)
                anyl = sum(1 for k in keys if k in got)
                what = f"{read} {kind}" if kind else read
                tail = f"; {sampled[src]} lines sampled" if not kind else ""
                if read == "html" and not kind:
                    tail += f", {sum(1 for k in keys if k in lines.get(read, ()))} of the furniture read as lines"
                print(f"{run:20} {what:22} furniture recall: {warn}/{len(keys)} at warning+ "
                      f"({warn / max(len(keys), 1):.1%}), {anyl} at any level ({anyl / max(len(keys), 1):.1%}){tail}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extraction", type=Path, required=True)
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--labels", type=Path, action="append",
                    help="a labels file (again for more); default: the two held-out samples")
    ap.add_argument("--write-sample", type=Path)
    ap.add_argument("-n", type=int, default=200, help="sample size per source")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--page-limit", type=int, default=0, help="held-out pages per source (0: all)")
    ap.add_argument("--no-html", action="store_true", help="read the second source's pages as scraped text only")
    ap.add_argument("--show-missed", action="store_true",
                    help="print the labelled furniture lines missed (for development: with --half train only)")
    ap.add_argument("--half", choices=("held-out", "train"), default="held-out",
                    help="the pages to read: the held-out half, or (for development, with the development "
                    "labels, never reported) the training half")
    args = ap.parse_args(argv)
    args.labels = args.labels or [ROOT / "bench" / "data" / "leftover-labels.tsv",
                                  ROOT / "bench" / "data" / "leftover-labels-2.tsv"]
    session = Session({})
    runs = {"patterns only": ("boilerplate.leftover-line",), "with the line model": ()}
    candidates: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    # run -> source -> (page id, line hash) -> level
    found: dict[str, dict[str, dict[tuple[str, str], Severity]]] = {r: defaultdict(dict) for r in runs}
    precision: dict[str, dict[str, list[int]]] = {r: defaultdict(lambda: [0, 0]) for r in runs}
    lines: dict[str, set[tuple[str, str]]] = defaultdict(set)  # the lines each source's reading has
    for src, pid, text, gold in held_out(args.extraction, args.pages, args.page_limit, not args.no_html, args.half):
        html = src == "html"
        labelled = model.labelled_lines(text, gold, fmt="html" if html else "text")
        content = {model.norm(t) for t, _f, label in labelled if label == 0}
        for t, _f, label in labelled:
            lines[src].add((pid, line_hash(t)))
            if label == 1 and t.count(" ") < 15 and not html:
                candidates[src].setdefault((pid, line_hash(t)), t)
        for run, ignore in runs.items():
            for key, (sev, _rule) in flagged_lines(session, text, ignore, html).items():
                found[run][src][(pid, hashlib.sha1(key.encode()).hexdigest()[:12])] = sev
                if sev in _SERIOUS:
                    precision[run][src][0] += 1
                    precision[run][src][1] += key in content
    rng = random.Random(args.seed)
    sample = {src: rng.sample(sorted(c), min(args.n, len(c))) for src, c in candidates.items()}
    if args.write_sample:
        with args.write_sample.open("w", encoding="utf-8") as fh:
            for src, keys in sample.items():
                for pid, h in keys:
                    fh.write(f"{src}\t{pid}\t{h}\t?\t{candidates[src][(pid, h)]}\n")
        print(f"sample written to {args.write_sample}")
    for run in runs:
        for src, (n, bad) in precision[run].items():
            print(f"{run:20} {src:10} precision: {n} lines flagged at warning+, {bad} of them content: "
                  f"{(n - bad) / max(n, 1):.2%}")
    if args.show_missed:
        for path in args.labels:
            for (src, pid, h), (label, kind) in sorted(read_labels(path).items()):
                text = candidates[src].get((pid, h))
                if label == "F" and text is not None and found["with the line model"][src].get((pid, h)) not in _SERIOUS:
                    print(f"missed\t{src}\t{pid[:8]}\t{kind}\t{found['with the line model'][src].get((pid, h))}\t{text}")
    for path in args.labels:
        if path.exists():
            print(f"-- {path.name}")
            print_recall(read_labels(path), runs, found, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
