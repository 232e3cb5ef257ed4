"""Where the labelled furniture lines the line packs miss stop: counts by the first gate that holds each.

    python bench/leftover_gates.py --extraction ../shared/eval/extraction --pages DIR
        [--half held-out|train] [--labels FILE ...] [--show]

For each furniture line (F) of the labels files (`bench/leftover_recall.py` describes them) on the
pages of one half, read as text: found at warning or above by the real Session (boilerplate and
stamps packs), else the first of `boilerplate.model_lines`' gates it stops at, in that function's
order (a pattern's weak match alone; a line past the model's length or one that quotes; words that
lean to copy; an interface line, page-furniture's to report; words too weak away from the page's
furniture; a probability below a suggestion's; scored, but a suggestion at most), with the
probability band and the page context of the lines the model scores below a suggestion. A labelled
line is found when one of its page's texts flags it (the nine extractors' copies of a news page).

Held-out labels are measured, never read: the bench prints counts only, unless `--show` (the
training half's development samples, `--half train`), which prints each line missed with its gate.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import build_line_model as model  # noqa: E402
import leftover_recall  # noqa: E402

from copylint.checks import boilerplate  # noqa: E402
from copylint.checks.linemodel import LineModel, line_features, page_context, word_score  # noqa: E402
from copylint.formats import read_document  # noqa: E402
from copylint.session import Session  # noqa: E402

HELD_OUT = ("leftover-labels.tsv", "leftover-labels-2.tsv", "leftover-labels-3.tsv")


def _band(p: float) -> str:
    return "p < 0.5" if p < 0.5 else "p 0.5-0.8" if p < 0.8 else "p 0.8-0.9" if p < 0.9 else "p >= 0.9"


def gate(lines, i: int, classified: dict[int, bool], patterned: set[int], lm: LineModel,
         interface, page, counts: Counter) -> str:
    """The first gate of `boilerplate.model_lines` that holds line i (not found at warning+);
    `counts`: how often each line's text stands on the page."""
    line = lines[i]
    if i in patterned:
        return "a pattern's line, below a warning"
    if i in classified:
        return "a pattern's weak match alone"
    if line.heading or line.words > boilerplate._MODEL_MAX_WORDS or line.quoted:
        return "a heading, too long, or quoting"
    evidence = word_score(lm, line.norm)
    if evidence < lm.least_words:
        return "words lean to copy"
    if boilerplate.interface_line(line.norm, interface):
        return "an interface line (page-furniture's), below a warning"
    if not lm.may_report(evidence, page, i):
        return "words weak, away from furniture"
    p = lm.probability(line_features(lines, i, interface, False, counts[line.norm], lm.vocabulary, page))
    where = "beside furniture" if page.beside(i) else "in a menu with furniture" if page.in_menu(i) \
        else f"a page of {page.furniture} pattern lines"
    if p < lm.suggestion:
        return f"probability below a suggestion ({_band(p)}; {where})"
    return f"scored, a suggestion at most ({where})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--extraction", type=Path, required=True)
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--half", choices=("held-out", "train"), default="held-out")
    ap.add_argument("--labels", type=Path, action="append",
                    help="labels files (default: the three held-out samples)")
    ap.add_argument("--show", action="store_true", help="print each missed line (the training half only)")
    args = ap.parse_args(argv)
    if args.show and args.half != "train":
        print("leftover_gates: --show reads lines of the training half only (--half train)", file=sys.stderr)
        return 2
    wanted: dict[tuple[str, str], set[str]] = {}
    for path in args.labels or [ROOT / "bench" / "data" / name for name in HELD_OUT]:
        for (src, pid, h), (label, _kind) in leftover_recall.read_labels(path).items():
            if label == "F":
                wanted.setdefault((src, pid), set()).add(h)
    lm = LineModel.load(boilerplate._model_path())
    interface = boilerplate.interface_words()
    session = Session()
    outcome: dict[tuple[str, str, str], tuple[str, str]] = {}
    for src, pid, text, _gold in leftover_recall.held_out(args.extraction, args.pages, 0, False, args.half):
        keys = wanted.get((src, pid))
        if not keys:
            continue
        flagged = {leftover_recall.line_hash(k): sev for k, (sev, _rule) in
                   leftover_recall.flagged_lines(session, text, ()).items()}
        doc = read_document("page.txt", text)
        lines = boilerplate.standalone_lines(doc)
        classified = {i: weak for i, _name, weak in boilerplate.classified_lines(doc)}
        patterned = boilerplate.patterned_lines(doc)
        page = page_context(lines, patterned, None)
        counts = Counter(line.norm for line in lines)
        at = {}
        for i, line in enumerate(lines):
            at.setdefault(leftover_recall.line_hash(model.norm(line.norm)), i)
        for h in keys:
            i = at.get(h)
            if flagged.get(h) in leftover_recall._SERIOUS:
                why, shown = "found at warning+", ""
            elif i is None:
                why, shown = "not a standalone line of this text", ""
            else:
                why, shown = gate(lines, i, classified, patterned, lm, interface, page, counts), lines[i].norm
            old = outcome.get((src, pid, h))
            if old is None or why.startswith("found") or old[0].startswith("not a standalone"):
                outcome[(src, pid, h)] = (why, shown)
    counts = Counter((src, why) for (src, _pid, _h), (why, _shown) in outcome.items())
    if args.show:
        for (src, pid, _h), (why, shown) in sorted(outcome.items()):
            if not why.startswith("found"):
                print(f"{src}\t{pid[:8]}\t{why}\t{shown}")
    for src in sorted({s for s, _w in counts}):
        total = sum(n for (s, _w), n in counts.items() if s == src)
        print(f"{src}: {total} furniture lines")
        for (s, why), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1])):
            if s == src:
                print(f"  {n:4}  {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
