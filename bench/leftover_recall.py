"""Recall of web-furniture lines and precision of the line packs on held-out real pages.

    python bench/leftover_recall.py --extraction ../shared/eval/extraction --pages DIR
        [--labels bench/data/leftover-labels.tsv] [--write-sample FILE] [-n 200] [--seed 11]
        [--content-labels FILE] [--write-content-sample FILE] [--context N]

The pages are those `scripts/build_line_model.py` holds out (the odd hash of their id), from
two sources: the extraction benchmark in shared/ (news, 2019, nine extractors' output) and the
web-content-extraction benchmark (1,000 pages of 2025-26, scraped to text by the script); see
rules/boilerplate/data/README.md. Each page's text is linted with the line packs (boilerplate,
stamps) through the real Session.

- Precision: every line flagged at warning or error, a false positive when the line is content
  of the page's gold text (the labelling of the training script).
- Precision as read: the second source's annotators keep navigation, bylines and sign-in links in
  their gold text, so "content" there is partly furniture. A random sample of the flagged
  'content' lines (warning+, with the line model; `--write-content-sample`, seed 909: 150 of the
  pages read as text, 100 read as HTML, every one of the news source, on main f051bf4; and a
  second frame, every content line flagged after leftpat's patterns that the first did not hold,
  on af94dad) was read with a few lines of its page around it and labelled R (real content an
  editor keeps: a wrong finding) or F (furniture the gold kept), in `leftover-content-labels.tsv`
  (source, page id, line hash, label, the frame when not the first; no text; '.' for the other
  lines of the frame the sample was drawn from, FILE.frame of `--write-content-sample`). Precision
  as read = 1 - content x (share R) / flagged, each line weighed by the number of texts that flag
  it (the nine extractors' copies of a news page); its 95% interval is the Wilson score interval
  of the share R, with the finite population correction of a sample drawn without replacement from
  the frame's content lines (no interval when every one was read). After a change to the rules, a
  content line in no frame is counted at the frames' share, and the bench prints how many there
  are and the precision were they all real content. When they grow many, top the sample up:
  `--write-content-sample` with the labels file in place draws only from the content lines in no
  frame yet (its FILE.frame lists them); read it and append its rows, and the frame's other lines
  as '.', with a fifth column naming the new frame. Each frame's share is read from its own lines
  (stratified; the interval over several frames adds their bounds, so it is wider than 95%). The
  labels describe lines only: no rule, threshold or model reads them. For the training half
  (`--half train`), `--content-labels bench/data/leftover-content-train.tsv` is a frame of the
  same kind drawn from training lines, which `scripts/build_line_model.py --as-read` may read the
  levels with (the held-out frames are never read by it).
- Recall of furniture: a random sample of the distinct leftover lines of 15 words or fewer
  (not in the gold text) per source, labelled by hand: F when the line's own words say it is
  page furniture (widgets, prompts, bylines, datelines, credits, copyright, interface and
  navigation labels, template and code leftovers), N when it is a section name alone, another
  story's headline or copy the gold left out. The labels file holds the source, the page id,
  a hash of the line and the label: no page text. `--write-sample` writes the lines to label
  (`--leave-out FILE` leaves a sample's lines out, `--sample-only` stops before linting, so no
  finding is seen, `--context N` writes each line's page around it to FILE.context).
  Three held-out samples are read by default: `leftover-labels.tsv` (the first 250 held-out pages
  a source, seed 11), `leftover-labels-2.tsv` (every held-out page, seed 2026, labelled before
  the rules it measures were changed; its fifth column names the class of each furniture line,
  and recall is printed by class too) and `leftover-labels-3.tsv` (every held-out page, seed
  3303, the lines of the first two left out, labelled with classes before any finding on it was
  seen). `leftover-labels-dev.tsv`, `-dev2.tsv` and `-dev3.tsv` are samples of the training
  half, for development only (`--half train --labels FILE`): never report them.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_line_model as model  # noqa: E402

from copylint.findings import Severity  # noqa: E402
from copylint.session import Session  # noqa: E402

_SERIOUS = (Severity.WARNING, Severity.ERROR)


line_hash = model.line_hash  # a line's key in the labels files


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


def wilson(k: int, n: int, population: int = 0, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a share k/n; `population` (when known) the number of items
    the n were drawn from without replacement: the finite population correction narrows the
    interval, to the point itself when every item was read."""
    if n <= 0:
        return 0.0, 1.0
    if population and population > 1:
        z *= max(0.0, (population - n) / (population - 1)) ** 0.5
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * ((p * (1 - p) + z * z / (4 * n)) / n) ** 0.5
    scale = 1 + z * z / n
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)


@dataclass(frozen=True)
class AsRead:
    """Precision as read of one source: the estimate and its interval, the 'content' lines in a
    frame a sample was drawn from (`framed`), those read (`real` of them R), and those in no
    frame read (`outside`: a changed rule flags them), with `worst` the low end were all of
    those real content."""

    precision: float
    low: float
    high: float
    framed: int
    read: int
    real: int
    outside: int = 0
    worst: float = 0.0


def precision_as_read(flagged: int, content: dict, labels: dict, frames: dict | None = None) -> AsRead | None:
    """Precision of `flagged` lines of which the lines in `content` ((page id, hash) -> how many
    texts flag it; the gold's content) were read in part: `labels` (page id, hash) -> R (real
    content: a wrong finding), F (furniture the gold kept) or '.' (in the frame the sample was
    drawn from, not read); `frames` names each labelled line's frame (default: one frame).
    Each line weighs its count of texts; None when none was read. Precision = 1 - content *
    share R / flagged, the share R of each frame read from its lines still flagged (the 95%
    Wilson interval of the share, finite population corrected; over several frames the sum of
    their bounds, wider than 95%). A content line in no frame read is counted at the frames'
    share, and `worst` says what precision would be were all of them real content."""
    frames = frames or {}
    strata: dict[str, dict] = defaultdict(dict)
    outside = 0
    for key, count in content.items():
        if key in labels:
            strata[frames.get(key, "")][key] = count
        else:
            outside += count
    real = low_real = high_real = 0.0
    n_read = r_read = 0
    for keys in strata.values():
        size = sum(keys.values())
        read = {k: c for k, c in keys.items() if labels[k] in ("R", "F")}
        n = sum(read.values())
        if not n:
            outside += size
            continue
        r = sum(c for k, c in read.items() if labels[k] == "R")
        lo, hi = wilson(r, n, size)
        real, low_real, high_real = real + size * r / n, low_real + size * lo, high_real + size * hi
        n_read, r_read = n_read + n, r_read + r
    if not n_read:
        return None
    framed = sum(content.values()) - outside
    grow = 1 + outside / framed  # the lines in no frame read, at the frames' share
    denom = max(flagged, 1)
    return AsRead(1 - real * grow / denom, 1 - high_real * grow / denom, 1 - low_real * grow / denom,
                  framed, n_read, r_read, outside, 1 - (high_real + outside) / denom)


_Keyed = dict[str, dict[tuple[str, str], str]]  # source -> (page id, line hash) -> a value


def read_content_labels(path: Path) -> tuple[_Keyed, _Keyed]:
    """Of a content-labels file: source -> (page id, line hash) -> R, F or '.' (not read), and
    source -> (page id, line hash) -> the name of its frame (the fifth column; empty for the first)."""
    labels: _Keyed = defaultdict(dict)
    frames: _Keyed = defaultdict(dict)
    if path.exists():
        for row in path.read_text(encoding="utf-8").splitlines():
            if row and not row.startswith("#"):
                src, pid, h, label, *rest = row.split("\t")
                labels[src][(pid, h)] = label.strip()
                if rest and rest[0].strip():
                    frames[src][(pid, h)] = rest[0].strip()
    return labels, frames


def context(lines: list[str], key: str, around: int) -> list[str]:
    """The lines (normalised as keys) around the first line whose key is `key`, that line marked
    '>>'; empty when the line is not found."""
    keys = [model.norm(t) for t in lines]
    if key not in keys:
        return []
    i = keys.index(key)
    return [(">> " if j == i else "   ") + lines[j] for j in range(max(0, i - around), min(len(lines), i + around + 1))]


def _page_lines(text: str, html: bool) -> list[str]:
    """The standalone lines of a page as the boilerplate rules read them (HTML through copylint's reader)."""
    from copylint.checks import boilerplate
    from copylint.formats.html import read_html
    from copylint.formats.text import read_text

    doc = read_html("page.html", text) if html else read_text("page.txt", text)
    return [line.norm for line in boilerplate.standalone_lines(doc)]


def _sizes(specs: list[str]) -> dict[str, int]:
    sizes = {"extraction": 0, "pages": 150, "html": 100}  # 0: every line
    for spec in specs or ():
        src, _, n = spec.partition("=")
        sizes[src] = int(n)
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extraction", type=Path, required=True)
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--labels", type=Path, action="append",
                    help="a labels file (again for more); default: the three held-out samples")
    ap.add_argument("--write-sample", type=Path)
    ap.add_argument("-n", type=int, default=200, help="sample size per source")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--leave-out", type=Path, action="append", default=[],
                    help="with --write-sample: a labels file whose lines the sample leaves out (again for more)")
    ap.add_argument("--sample-only", action="store_true",
                    help="with --write-sample: write the sample (and its context) and stop, nothing linted")
    ap.add_argument("--context", type=int, default=0,
                    help="with --write-sample or --write-content-sample: also write the N lines around each line "
                    "of the page to FILE.context (for labelling)")
    ap.add_argument("--content-labels", type=Path, default=ROOT / "bench" / "data" / "leftover-content-labels.tsv",
                    help="labels (R/F, '.' not read) of flagged lines the gold calls content, for precision as read")
    ap.add_argument("--write-content-sample", type=Path,
                    help="write a sample of the flagged 'content' lines (warning+, with the line model) to label, "
                    "drawn from those in no frame of --content-labels yet; FILE.frame lists what it was drawn from")
    ap.add_argument("--content-n", action="append", metavar="SOURCE=N",
                    help="size of the content sample of a source (default extraction=0 (all), pages=150, html=100)")
    ap.add_argument("--content-seed", type=int, default=909, help="seed of the content sample (909: the first frame)")
    ap.add_argument("--page-limit", type=int, default=0, help="held-out pages per source (0: all)")
    ap.add_argument("--no-html", action="store_true", help="read the second source's pages as scraped text only")
    ap.add_argument("--show-missed", action="store_true",
                    help="print the labelled furniture lines missed (for development: with --half train only)")
    ap.add_argument("--half", choices=("held-out", "train"), default="held-out",
                    help="the pages to read: the held-out half, or (for development, with the development "
                    "labels, never reported) the training half")
    args = ap.parse_args(argv)
    args.labels = args.labels or [ROOT / "bench" / "data" / name for name in
                                  ("leftover-labels.tsv", "leftover-labels-2.tsv", "leftover-labels-3.tsv")]
    session = Session({})
    runs = {"patterns only": ("boilerplate.leftover-line",), "with the line model": ()}
    candidates: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)
    # run -> source -> (page id, line hash) -> level
    found: dict[str, dict[str, dict[tuple[str, str], Severity]]] = {r: defaultdict(dict) for r in runs}
    precision: dict[str, dict[str, list[int]]] = {r: defaultdict(lambda: [0, 0]) for r in runs}
    # run -> source -> (page id, line hash) of a flagged content line -> how many texts flag it
    content_hits: dict[str, dict[str, dict[tuple[str, str], int]]] = {
        r: defaultdict(lambda: defaultdict(int)) for r in runs}
    lines: dict[str, set[tuple[str, str]]] = defaultdict(set)  # the lines each source's reading has
    texts: dict[tuple[str, str], list[list[str]]] = defaultdict(list)  # (source, page id) -> its texts' lines
    keep_text = bool(args.context)
    lint = not (args.sample_only and args.write_sample)
    for src, pid, text, gold in held_out(args.extraction, args.pages, args.page_limit,
                                         not args.no_html and lint, args.half):
        html = src == "html"
        labelled = model.labelled_lines(text, gold, fmt="html" if html else "text")
        content = {model.norm(t) for t, _f, label in labelled if label == 0}
        for t, _f, label in labelled:
            lines[src].add((pid, line_hash(t)))
            if label == 1 and t.count(" ") < 15 and not html:
                candidates[src].setdefault((pid, line_hash(t)), t)
        if keep_text:
            texts[(src, pid)].append(_page_lines(text, html))
        if not lint:
            continue
        for run, ignore in runs.items():
            for key, (sev, _rule) in flagged_lines(session, text, ignore, html).items():
                h = line_hash(key)  # (the key is normalised already: norm leaves it as it is)
                found[run][src][(pid, h)] = sev
                if sev in _SERIOUS:
                    precision[run][src][0] += 1
                    precision[run][src][1] += key in content
                    if key in content:
                        content_hits[run][src][(pid, h)] += 1
                        candidates.setdefault("content:" + src, {}).setdefault((pid, h), key)
    if args.write_sample:
        left_out = set()
        for path in args.leave_out:
            left_out |= set(read_labels(path))
        rng = random.Random(args.seed)
        sample = {}
        for src, c in candidates.items():
            if src.startswith("content:"):
                continue
            pool = sorted(k for k in c if (src,) + k not in left_out)
            sample[src] = rng.sample(pool, min(args.n, len(pool)))
        _write(args.write_sample, sample, candidates, texts, args.context)
        print(f"sample written to {args.write_sample}")
        if not lint:
            return 0
    as_read, frames = read_content_labels(args.content_labels)
    if args.write_content_sample:
        # drawn from the content lines in no frame of the labels file yet (all of them the first time)
        rng = random.Random(args.content_seed)
        sizes = _sizes(args.content_n)
        sample, pools = {}, {}
        for src, hits in content_hits["with the line model"].items():
            pool = pools[src] = sorted(k for k in hits if k not in as_read.get(src, {}))
            n = sizes.get(src, 0) or len(pool)
            sample[src] = rng.sample(pool, min(n, len(pool)))
        _write(args.write_content_sample, sample, {s: candidates.get("content:" + s, {}) for s in sample},
               texts, args.context)
        with args.write_content_sample.with_name(args.write_content_sample.name + ".frame").open("w") as fh:
            for src, pool in sorted(pools.items()):
                fh.writelines(f"{src}\t{pid}\t{h}\n" for pid, h in pool)
        print(f"content sample written to {args.write_content_sample}")
    for run in runs:
        for src, (n, bad) in precision[run].items():
            tail = ""
            est = precision_as_read(n, content_hits[run][src], as_read.get(src, {}), frames.get(src))
            if est is not None:
                span = "every framed line read" if est.read == est.framed else f"95% {est.low:.2%}-{est.high:.2%}"
                tail = (f"; as read: {est.precision:.2%} ({span}; of the {bad} 'content' lines {est.read} read, "
                        f"{est.real} real content)")
                if est.outside:
                    tail += (f"; {est.outside} of them in no frame read, counted at the frames' share "
                             f"(were they all real content: {est.worst:.2%})")
            print(f"{run:20} {src:10} precision: {n} lines flagged at warning+, {bad} of them content: "
                  f"{(n - bad) / max(n, 1):.2%}{tail}")
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


def _write(path: Path, sample, candidates, texts, around: int) -> None:
    """The sampled lines (source, page id, hash, '?', text) to label; with `around`, each line's
    page context to PATH.context."""
    with path.open("w", encoding="utf-8") as fh:
        for src, keys in sample.items():
            for pid, h in keys:
                fh.write(f"{src}\t{pid}\t{h}\t?\t{candidates[src][(pid, h)]}\n")
    if around:
        with path.with_name(path.name + ".context").open("w", encoding="utf-8") as fh:
            for src, keys in sample.items():
                for pid, h in keys:
                    key = model.norm(candidates[src][(pid, h)])
                    fh.write(f"== {src}\t{pid}\t{h}\n")
                    shown = next((c for c in (context(t, key, around) for t in texts.get((src, pid), ())) if c), [])
                    fh.write("\n".join(shown) + "\n\n")


if __name__ == "__main__":
    raise SystemExit(main())
